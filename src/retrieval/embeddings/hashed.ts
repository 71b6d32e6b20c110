// Offline embeddings with no model: character 1-, 2- and 3-grams and jieba words,
// hashed into a fixed number of dimensions (signed, so collisions cancel rather
// than pile up), sublinear tf, L2-normalised. Deterministic across runs and machines.
//
// Each feature is the string kind + text ('1' 'a', '2' 'ab', '3' 'abc', 'w' word) hashed
// by 32-bit FNV-1a over its UTF-16 code units. The hashes are folded in as the text is
// read, never building the strings, and features are counted in a typed table keyed by
// the feature itself (kind and code points, or the word), so two features whose hashes
// collide still count apart. Contributions are summed in the order features first occur,
// as a Map of the strings did: the vectors are the same bit for bit (issue 13).
import type { Terms } from '../terms.js';
import { tokenize } from '../tokenizer.js';
import type { NamedEmbeddings } from './named.js';

export interface HashedNgramOptions {
  /** Vector length (default 256). */
  dimension?: number;
}

/** Feature weights, by kind (1-, 2-, 3-grams, words): single characters say little on their own; words say the most. */
const WEIGHTS = [0, 0.3, 1, 1, 1.5] as const;
const WORD = 4;

// LangChain's Embeddings interface, not its base class: that loads LangChain and an
// AsyncCaller (p-queue …, ~20 files) for requests this class never makes (issue 13, cold start).
export class HashedNgramEmbeddings implements NamedEmbeddings {
  readonly dimension: number;
  readonly embeddingId: string;
  private readonly features = new FeatureCounts();
  private run = new Int32Array(256);
  /** A text's units as NFKC and lowercasing leave them (countMapped). */
  private units = new Uint16Array(256);
  /** The numbering embedTermsInto was last given, and the FNV state of 'w' + term for its first `hashed` numbers. */
  private numbering: Terms | null = null;
  private wordHashes = new Int32Array(0);
  private hashed = 0;
  /** Whether lowercasing left the text last counted as NFKC folded it (its search tokens are then its words). */
  private lowercaseSame = false;

  constructor(opts: HashedNgramOptions = {}) {
    this.dimension = opts.dimension ?? 256;
    if (!Number.isInteger(this.dimension) || this.dimension < 8)
      throw new Error(`向量维数必须是不小于 8 的整数（收到 ${opts.dimension}）`);
    this.embeddingId = `hashed-ngram-v1/${this.dimension}`;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embedSync(t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embedSync(text);
  }

  /**
   * The same as embedQuery, without the promise (for benchmarks and bulk builds).
   * `searchTokens`, when given, must be tokenize(text) (e.g. the tokens BM25 indexes):
   * they are the words embedded whenever lowercasing leaves the text as it is, which saves
   * cutting it a second time.
   */
  embedSync(text: string, searchTokens?: readonly string[]): number[] {
    const v = this.count(text, searchTokens).vector(this.dimension);
    // Copied by index into an array of its size: Array.from over a typed array took ~15 µs.
    const out = new Array<number>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = v[i];
    return out;
  }

  /** embedSync's vector as a Float64Array (the same numbers, without building an array). */
  embedTyped(text: string, searchTokens?: readonly string[]): Float64Array {
    return this.count(text, searchTokens).vector(this.dimension).slice();
  }

  /**
   * embedSync's vector written into `out` from `at` (a batch's vectors in one buffer: no
   * array of 256 numbers a chunk, built and dropped; issue 13).
   */
  embedInto(text: string, searchTokens: readonly string[] | undefined, out: Float64Array, at: number): void {
    out.set(this.count(text, searchTokens).vector(this.dimension), at);
  }

  /**
   * embedInto(text, tokens, out, at) where `tokens` are `ids[from, to)` in the tokenizer's
   * numbering `terms` (cutTerms): each word feature's hash worked out once per term, not
   * once a token. The same vector, bit for bit.
   */
  embedTermsInto(
    text: string,
    terms: Terms,
    ids: Int32Array,
    from: number,
    to: number,
    out: Float64Array,
    at: number,
  ): void {
    // Text whose every unit NFKC and lowercasing leave as one known unit (every c10k chunk)
    // is counted from those units, with no folded string made; any other the general way.
    const normal = this.countMapped(text) ? '' : this.countGrams(text);
    const counts = this.features;
    if (this.lowercaseSame) {
      const hashes = this.hashesOf(terms);
      for (let i = from; i < to; i++) counts.addWordNumber(ids[i], hashes[ids[i]]);
    } else for (const word of tokenize(normal)) counts.addWord(word);
    out.set(counts.vector(this.dimension), at);
  }

  /** Per number of `terms`, the FNV state of 'w' + its term (kept across calls while the numbering is the same). */
  private hashesOf(terms: Terms): Int32Array {
    if (terms !== this.numbering) {
      this.numbering = terms;
      this.hashed = 0;
    }
    if (this.hashed < terms.size) {
      if (this.wordHashes.length < terms.size) {
        const wider = new Int32Array(Math.max(1024, 2 * terms.size));
        wider.set(this.wordHashes.subarray(0, this.hashed));
        this.wordHashes = wider;
      }
      for (let id = this.hashed; id < terms.size; id++) this.wordHashes[id] = wordHash(terms.names[id]);
      this.hashed = terms.size;
    }
    return this.wordHashes;
  }

  /** The features of `text`, counted (in a table reused by the next call). */
  private count(text: string, searchTokens: readonly string[] | undefined): FeatureCounts {
    const normal = this.countGrams(text);
    const counts = this.features;
    // tokenize(normal) cuts normal.normalize('NFKC') = the folded text when lowercasing changed nothing.
    const words = searchTokens && this.lowercaseSame ? searchTokens : tokenize(normal);
    for (const word of words) counts.addWord(word);
    return counts;
  }

  /**
   * Clears the table and counts the n-grams of `text`; returns its folded, lowercased form
   * (its words are tokenize of that) and sets lowercaseSame.
   */
  private countGrams(text: string): string {
    const folded = text.normalize('NFKC');
    const normal = folded.toLowerCase();
    this.lowercaseSame = normal === folded;
    this.features.clear();
    this.countCharacters(normal);
    return normal;
  }

  /**
   * countGrams(text) without the folded string, when each of text's units is one whose NFKC
   * form is a single unit that lowercasing keeps (FOLDED): then NFKC(text) is those units one
   * after another (none of them composes, decomposes into more or is reordered) and
   * lowercasing changes nothing, so lowercaseSame holds. False, having counted nothing, else.
   */
  private countMapped(text: string): boolean {
    const n = text.length;
    if (this.units.length < n) this.units = new Uint16Array(Math.max(n, 2 * this.units.length));
    const units = this.units;
    for (let i = 0; i < n; i++) {
      const u = text.charCodeAt(i);
      let f = foldedUnit[u];
      if (f === 0) f = foldUnit(u);
      if (f === NOT_FOLDED) return false;
      units[i] = f;
    }
    this.lowercaseSame = true;
    this.features.clear();
    // Runs as countCharacters finds them (every unit here is a code point of its own).
    const run = this.run.length >= n ? this.run : (this.run = new Int32Array(Math.max(n, 2 * this.run.length)));
    let r = 0;
    for (let i = 0; i < n; i++) {
      const cp = units[i];
      if (inRun(cp)) run[r++] = cp;
      else if (r) {
        this.countRun(r);
        r = 0;
      }
    }
    if (r) this.countRun(r);
    return true;
  }

  /** Counts the 1-, 2- and 3-grams of every run of letters, digits and Han characters. */
  private countCharacters(s: string): void {
    let n = 0;
    for (let i = 0; i < s.length; ) {
      let cp = s.charCodeAt(i);
      let units = 1;
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < s.length) {
        const lo = s.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
          units = 2;
        }
      }
      i += units;
      if (inRun(cp)) {
        if (n === this.run.length) {
          const grown = new Int32Array(n * 2);
          grown.set(this.run);
          this.run = grown;
        }
        this.run[n++] = cp;
      } else if (n) {
        this.countRun(n);
        n = 0;
      }
    }
    if (n) this.countRun(n);
  }

  /** The n-grams of run[0, n), in the order the strings were built: at each character its 1-, 2-, then 3-gram. */
  private countRun(n: number): void {
    const run = this.run;
    const counts = this.features;
    for (let i = 0; i < n; i++) {
      const a = run[i];
      counts.addGram(1, fnvCodePoint(a, FNV_1), a, -1, -1);
      if (i + 1 < n) {
        const b = run[i + 1];
        counts.addGram(2, fnvCodePoint(b, fnvCodePoint(a, FNV_2)), a, b, -1);
        if (i + 2 < n) {
          const c = run[i + 2];
          counts.addGram(3, fnvCodePoint(c, fnvCodePoint(b, fnvCodePoint(a, FNV_3))), a, b, c);
        }
      }
    }
  }
}

/** 1 + Math.log(tf) for tf below 256, worked out once (a feature repeated in a chunk, ~a third of them, took a log each). */
const DAMPED = Float64Array.from({ length: 256 }, (_, tf) => 1 + Math.log(tf));

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** FNV-1a states after the kind characters '1', '2', '3' and 'w'. */
const FNV_1 = fnvUnit(FNV_OFFSET, 0x31);
const FNV_2 = fnvUnit(FNV_OFFSET, 0x32);
const FNV_3 = fnvUnit(FNV_OFFSET, 0x33);
const FNV_W = fnvUnit(FNV_OFFSET, 0x77);

/** The FNV-1a state of the feature 'w' + word. */
function wordHash(word: string): number {
  let h = FNV_W;
  for (let i = 0; i < word.length; i++) h = fnvUnit(h, word.charCodeAt(i));
  return h;
}

/** One step of 32-bit FNV-1a over a UTF-16 code unit (state kept as a signed 32-bit int). */
function fnvUnit(h: number, unit: number): number {
  return Math.imul(h ^ unit, FNV_PRIME);
}

/** FNV-1a over a code point's UTF-16 units (two for an astral one), as over the string's. */
function fnvCodePoint(cp: number, h: number): number {
  if (cp < 0x10000) return Math.imul(h ^ cp, FNV_PRIME);
  const hi = 0xd800 + ((cp - 0x10000) >> 10);
  const lo = 0xdc00 + ((cp - 0x10000) & 0x3ff);
  return Math.imul(Math.imul(h ^ hi, FNV_PRIME) ^ lo, FNV_PRIME);
}

/**
 * Per UTF-16 unit, the one unit NFKC makes of it when lowercasing keeps that, or NOT_FOLDED
 * (0: not asked yet). Asked once per unit and remembered, as inRun's classes are: building the
 * whole table at once normalized ~24,000 units (~40 ms) at a start's first passage question.
 * Only units of ranges where no unit composes with another, takes a combining mark or is one
 * half of a pair may fold: ASCII (tab and line breaks too), Latin-1, general punctuation, CJK
 * symbols, the unified Han block and the full-width ASCII forms; a unit NFKC makes more than
 * one unit of, or makes a combining mark of (ccc ≠ 0: it would be reordered or composed), does not.
 */
const foldedUnit = new Uint16Array(0x10000);
/** No unit folds onto U+FFFF (a noncharacter, outside every range below). */
const NOT_FOLDED = 0xffff;
const FOLDED_RANGES: readonly [number, number][] = [
  [0x09, 0x0d],
  [0x20, 0x7e],
  [0xa0, 0xff],
  [0x2010, 0x205e],
  [0x3000, 0x3029],
  [0x3030, 0x303f],
  [0x4e00, 0x9fff],
  [0xff01, 0xff5e],
];
/** A mark that may follow and combine: NFKC of it after a letter is not the two NFKC'd apart. */
const COMBINING = /[\p{M}]/u;

function foldUnit(u: number): number {
  let f = NOT_FOLDED;
  if (FOLDED_RANGES.some(([lo, hi]) => u >= lo && u <= hi)) {
    const s = String.fromCharCode(u).normalize('NFKC');
    const c = s.charCodeAt(0);
    if (s.length === 1 && s.toLowerCase() === s && !COMBINING.test(s) && !(c >= 0xd800 && c <= 0xdfff)) f = c;
  }
  foldedUnit[u] = f;
  return f;
}

// Whether a code point belongs to a run (/[\p{Script=Han}\p{L}\p{N}]/u), asked of the
// regex once per code point and remembered: 0 not yet asked, 1 yes, 2 no.
const RUN = /[\p{Script=Han}\p{L}\p{N}]/u;
const bmpClass = new Uint8Array(0x10000);
const astralClass = new Map<number, boolean>();

function inRun(cp: number): boolean {
  if (cp < 0x10000) {
    let c = bmpClass[cp];
    if (c === 0) {
      c = RUN.test(String.fromCharCode(cp)) ? 1 : 2;
      bmpClass[cp] = c;
    }
    return c === 1;
  }
  let yes = astralClass.get(cp);
  if (yes === undefined) {
    yes = RUN.test(String.fromCodePoint(cp));
    astralClass.set(cp, yes);
  }
  return yes;
}

/**
 * Feature counts of one text: an open-addressing table over entries kept in the order
 * they first occurred. An entry is its FNV state and a key of three numbers: an n-gram's
 * code points (-1 past its end), a numbered word's number and -2, -2, or -1, -3, -3 and the
 * word for a word counted by its text; so equal entries are equal feature strings and no
 * two different ones ever merge. Its hash and key lie side by side (one cache line a probe).
 */
class FeatureCounts {
  private size = 0;
  /** Entry index + 1 per slot; 0 is empty. */
  private slots = new Int32Array(1024);
  /** Per entry: h, a, b, c. */
  private keys = new Int32Array(4 * 512);
  /** Per entry: its slot (cleared by entry, not by filling the whole table). */
  private slotOf = new Int32Array(512);
  private kinds = new Uint8Array(512);
  private tfs = new Int32Array(512);
  private words: (string | undefined)[] = [];
  private v = new Float64Array(0);

  clear(): void {
    const { slots, slotOf, size } = this;
    for (let e = 0; e < size; e++) slots[slotOf[e]] = 0;
    this.size = 0;
  }

  /** Counts an n-gram of `kind` characters a, b, c (-1 past its end) whose FNV-1a state is h. */
  addGram(kind: number, h: number, a: number, b: number, c: number): void {
    this.addKey(kind, h, a, b, c);
  }

  /** Counts the entry (h, a, b, c) of `kind`; returns it. */
  private addKey(kind: number, h: number, a: number, b: number, c: number): number {
    const slots = this.slots;
    const keys = this.keys;
    const mask = slots.length - 1;
    for (let s = mixSlot(h) & mask; ; s = (s + 1) & mask) {
      const e = slots[s] - 1;
      if (e < 0) return this.newEntry(s, kind, h, a, b, c);
      const k = e << 2;
      if (keys[k] === h && keys[k + 1] === a && keys[k + 2] === b && keys[k + 3] === c) {
        this.tfs[e]++;
        return e;
      }
    }
  }

  /** A new entry in empty slot s (apart from the probes, which are then small enough to be inlined). */
  private newEntry(s: number, kind: number, h: number, a: number, b: number, c: number): number {
    if (this.size === this.tfs.length) this.widen();
    const at = this.size++;
    const k = at << 2;
    const keys = this.keys;
    keys[k] = h;
    keys[k + 1] = a;
    keys[k + 2] = b;
    keys[k + 3] = c;
    this.kinds[at] = kind;
    this.tfs[at] = 1;
    this.slots[s] = at + 1;
    this.slotOf[at] = s;
    this.grow();
    return at;
  }

  /** Counts the feature 'w' + word. */
  addWord(word: string): void {
    const h = wordHash(word);
    const mask = this.slots.length - 1;
    for (let s = mixSlot(h) & mask; ; s = (s + 1) & mask) {
      const e = this.slots[s] - 1;
      if (e < 0) {
        this.words[this.newEntry(s, WORD, h, -1, -3, -3)] = word;
        return;
      }
      const k = e << 2;
      if (this.keys[k] === h && this.keys[k + 2] === -3 && this.words[e] === word) {
        this.tfs[e]++;
        return;
      }
    }
  }

  /**
   * Counts the feature 'w' + the word numbered `id` (whose FNV state is h) in one numbering
   * (terms.ts): equal numbers are equal words. A text's words are counted all by number or
   * all by addWord, never both.
   */
  addWordNumber(id: number, h: number): void {
    this.addKey(WORD, h, id, -2, -2);
  }

  /**
   * The signed, weighted, sublinear-tf sum per bucket, L2-normalised; entries summed in
   * first-occurrence order. Written into a buffer the next call reuses.
   */
  vector(dimension: number): Float64Array {
    if (this.v.length !== dimension) this.v = new Float64Array(dimension);
    const v = this.v;
    v.fill(0);
    // h % dimension is h's low bits when dimension is a power of two (as the default 256).
    const mask = (dimension & (dimension - 1)) === 0 ? dimension - 1 : -1;
    const { keys, tfs, kinds, size } = this;
    for (let e = 0; e < size; e++) {
      // Kept as a signed 32-bit int (a small integer to V8): the same low bits as the unsigned hash.
      const h = keys[e << 2];
      // ±1 by arithmetic, not a branch: the bit is a hash's, so a branch on it missed half the time.
      const sign = ((mix(h) & 1) << 1) - 1;
      const tf = tfs[e];
      // Small counts' from a table of the same numbers (DAMPED[1] is 1 + Math.log(1), exactly 1).
      const damped = tf < DAMPED.length ? DAMPED[tf] : 1 + Math.log(tf);
      v[mask < 0 ? (h >>> 0) % dimension : h & mask] += sign * WEIGHTS[kinds[e]] * damped;
    }
    let norm = 0;
    for (let i = 0; i < dimension; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    for (let i = 0; i < dimension; i++) v[i] = norm > 0 ? v[i] / norm : 0;
    return v;
  }

  /** Keeps the table at most half full (rehashing by the stored hashes). */
  private grow(): void {
    if (this.size * 2 <= this.slots.length) return;
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let e = 0; e < this.size; e++) {
      let s = mixSlot(this.keys[e << 2]) & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = e + 1;
      this.slotOf[e] = s;
    }
    this.slots = slots;
  }

  private widen(): void {
    const n = this.tfs.length * 2;
    const wider = <T extends Int32Array | Uint8Array>(old: T, next: T): T => {
      next.set(old);
      return next;
    };
    this.keys = wider(this.keys, new Int32Array(4 * n));
    this.slotOf = wider(this.slotOf, new Int32Array(n));
    this.kinds = wider(this.kinds, new Uint8Array(n));
    this.tfs = wider(this.tfs, new Int32Array(n));
  }
}

/** A table slot from a feature's FNV state (mixed: FNV's low bits alone cluster). */
function mixSlot(h: number): number {
  const x = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return x ^ (x >>> 16);
}

/** murmur3's finaliser, as a signed 32-bit int (its bits as the unsigned one's): decorrelates the sign bit from the bucket. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
