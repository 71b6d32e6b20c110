// The k best (slot, score) pairs of a search, kept in a min-heap of typed arrays (a
// query may offer every one of 1.1 M slots). Ties go to the lower slot; the set kept does
// not depend on the order of the offers, since (score, slot) is a total order.

export class TopSlots {
  private readonly hs: Int32Array;
  private readonly hv: Float64Array;
  private size = 0;
  constructor(private readonly k: number) {
    this.hs = new Int32Array(k);
    this.hv = new Float64Array(k);
  }

  /** True once k pairs are kept: an offer must then beat `min` to get in. */
  get full(): boolean {
    return this.size === this.k;
  }

  /** The worst score kept. */
  get min(): number {
    return this.hv[0];
  }

  offer(slot: number, v: number): void {
    const { hs, hv, k } = this;
    if (this.size < k) {
      let c = this.size++;
      hs[c] = slot;
      hv[c] = v;
      // Min-heap on (score, -slot): the root is the worst kept entry.
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!this.worse(c, p)) break;
        this.swap(c, p);
        c = p;
      }
    } else if (v > hv[0] || (v === hv[0] && slot < hs[0])) {
      hs[0] = slot;
      hv[0] = v;
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        const r = l + 1;
        let m = c;
        if (l < this.size && this.worse(l, m)) m = l;
        if (r < this.size && this.worse(r, m)) m = r;
        if (m === c) break;
        this.swap(c, m);
        c = m;
      }
    }
  }

  /** The pairs kept, best first. */
  sorted(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < this.size; i++) out.push([this.hs[i], this.hv[i]]);
    return out.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  }

  private worse(a: number, b: number): boolean {
    const { hs, hv } = this;
    return hv[a] < hv[b] || (hv[a] === hv[b] && hs[a] > hs[b]);
  }

  private swap(a: number, b: number): void {
    const { hs, hv } = this;
    const s = hs[a];
    hs[a] = hs[b];
    hs[b] = s;
    const v = hv[a];
    hv[a] = hv[b];
    hv[b] = v;
  }
}
