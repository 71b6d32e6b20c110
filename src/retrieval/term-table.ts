// A saved BM25 index's terms found by their text without a Map of every term: an
// open-addressing table of term numbers, keyed by a hash of each term's UTF-16 units, over
// the file's own text and offsets (bm25-file.ts). Built in one pass at open (at 100,000
// reports 91,069 terms: a Map of them and their strings took 32–72 ms of a start). Answers
// as a Map filled in term order would: a term written twice gives its last number.

export class TermTable {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(
    private readonly text: string,
    private readonly offsets: Uint32Array,
  ) {
    const terms = offsets.length - 1;
    let size = 16;
    while (size < terms * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let t = 0; t < terms; t++) {
      const from = offsets[t];
      const to = offsets[t + 1];
      let h = 0x811c9dc5;
      for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
      let at = h & this.mask;
      for (;;) {
        const held = this.slots[at];
        if (held < 0 || this.sameText(held, text, from, to)) {
          this.slots[at] = t;
          break;
        }
        at = (at + 1) & this.mask;
      }
    }
  }

  /** The number of the term written as `word`, or undefined. */
  get(word: string): number | undefined {
    let h = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
    let at = h & this.mask;
    for (;;) {
      const held = this.slots[at];
      if (held < 0) return undefined;
      if (this.sameText(held, word, 0, word.length)) return held;
      at = (at + 1) & this.mask;
    }
  }

  /** Whether term t's text is s[from, to). */
  private sameText(t: number, s: string, from: number, to: number): boolean {
    const start = this.offsets[t];
    if (this.offsets[t + 1] - start !== to - from) return false;
    for (let i = 0; i < to - from; i++) if (this.text.charCodeAt(start + i) !== s.charCodeAt(from + i)) return false;
    return true;
  }
}
