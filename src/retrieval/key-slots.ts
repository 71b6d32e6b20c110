// BM25's documents by key (a chunk id → its slot) without a Map: an open-addressing table
// of slot numbers, keyed by a hash of each key's UTF-16 units, each slot's key kept beside. Every added chunk is looked up and filed here once; a Map of ~93,000 fresh
// key strings cost ~75 ms of c10k's ~210 ms of BM25 adding (growing and rehashing its
// entries, issue 13). Answers as a Map<string, number> would.

const EMPTY = -1;

/** Keys to slots (numbers ≥ 0), as a Map<string, number> of them. */
export class KeySlots {
  /** Per table place: a slot, or EMPTY. */
  private table = new Int32Array(16).fill(EMPTY);
  /** Per table place: its key's hash (probes compare hashes before strings). */
  private hashes = new Int32Array(16);
  private mask = 15;
  private count = 0;
  /** Per slot, the key it was filed under last (read only through the table). */
  private readonly keys: string[] = [];

  get size(): number {
    return this.count;
  }

  /** The slot filed under `key`, or -1. */
  get(key: string): number {
    const h = hashOf(key);
    for (let at = h & this.mask; ; at = (at + 1) & this.mask) {
      const slot = this.table[at];
      if (slot === EMPTY) return -1;
      if (this.hashes[at] === h && this.keys[slot] === key) return slot;
    }
  }

  has(key: string): boolean {
    return this.get(key) >= 0;
  }

  /** Files `slot` under `key`, replacing any slot filed under it. */
  set(key: string, slot: number): void {
    this.put(key, slot);
  }

  /** set(), returning the slot filed under `key` before (-1: none): a new key is found and filed in one probe. */
  put(key: string, slot: number): number {
    if (2 * (this.count + 1) > this.table.length) this.grow();
    this.keys[slot] = key;
    const h = hashOf(key);
    for (let at = h & this.mask; ; at = (at + 1) & this.mask) {
      const held = this.table[at];
      if (held === EMPTY) {
        this.table[at] = slot;
        this.hashes[at] = h;
        this.count++;
        return -1;
      }
      if (this.hashes[at] === h && this.keys[held] === key) {
        this.table[at] = slot;
        return held;
      }
    }
  }

  /** Unfiles `key`; false when it was not filed. */
  delete(key: string): boolean {
    const h = hashOf(key);
    let at = h & this.mask;
    for (; ; at = (at + 1) & this.mask) {
      const slot = this.table[at];
      if (slot === EMPTY) return false;
      if (this.hashes[at] === h && this.keys[slot] === key) break;
    }
    // Backward-shift deletion (linear probing): later entries of the run move into the gap
    // when their home is not between the gap and them, so no probe stops short.
    for (let next = (at + 1) & this.mask; this.table[next] !== EMPTY; next = (next + 1) & this.mask) {
      const home = this.hashes[next] & this.mask;
      const between = at <= next ? home > at && home <= next : home > at || home <= next;
      if (between) continue;
      this.table[at] = this.table[next];
      this.hashes[at] = this.hashes[next];
      at = next;
    }
    this.table[at] = EMPTY;
    this.count--;
    return true;
  }

  /** Twice the places, every entry placed again by its stored hash. */
  private grow(): void {
    const { table, hashes } = this;
    const size = table.length * 2;
    this.table = new Int32Array(size).fill(EMPTY);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
    for (let i = 0; i < table.length; i++) {
      if (table[i] === EMPTY) continue;
      let at = hashes[i] & this.mask;
      while (this.table[at] !== EMPTY) at = (at + 1) & this.mask;
      this.table[at] = table[i];
      this.hashes[at] = hashes[i];
    }
  }
}

/**
 * FNV-1a over the key's UTF-16 units, then murmur3's finalizer: FNV's low bits (the table's
 * place) depend only on the units' low bits, and keys such as 1234#5 differ in few of them.
 */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
