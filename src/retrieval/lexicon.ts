// jieba's dictionary as a sorted binary lookup that opens without parsing: a cold
// passage question cuts a few short texts, and loading jieba's whole 5 MB dictionary
// for them cost ~0.2–0.3 s (issue 13). jieba cuts a text using only the dictionary
// words that occur in it (its DAG, search-mode sub-words and HMM test all look up
// substrings) plus the dictionary's total frequency, so those words, with the same
// frequencies and the same total, cut it exactly as the whole dictionary does.
// This module builds the lookup (saved beside the search index from a cache made once
// per installed jieba: lexicon-cache.ts) and finds the words of a text in it;
// src/retrieval/tokenizer.ts feeds them to a small jieba.
//
// File layout (little-endian): magic u32, word count u32, total frequency f64, longest
// word in code points u32, the dictionary's byte length u32 (to notice another jieba
// version), word end offsets u32[count + 1], frequencies u32[count], then the words'
// UTF-8 bytes back to back, sorted in byte order (= code point order).
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { createRequire } from 'node:module';

/** The lookup's file name, beside the index's other files. */
export const LEXICON_FILE = 'jieba-words.lex';
const MAGIC = 0x4e424c31; // "NBL1"
const HEADER = 24;

/** Where jieba's own dictionary is, and its size (what a saved lookup must have been built from). */
export function jiebaDictPath(): string {
  return createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt');
}

/**
 * Whether `file` holds a whole lookup of the installed dictionary: its header and its
 * length are read, not its words (a lookup cut short is not one).
 */
export function lexiconCurrent(file: string): boolean {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(HEADER);
    if (fs.readSync(fd, head, 0, HEADER, 0) !== HEADER) return false;
    if (head.readUInt32LE(0) !== MAGIC || head.readUInt32LE(20) !== fs.statSync(jiebaDictPath()).size) return false;
    // The last word's end offset, as Lexicon.fromBytes checks the length against it.
    const count = head.readUInt32LE(4);
    const last = Buffer.alloc(4);
    if (fs.readSync(fd, last, 0, 4, HEADER + 4 * count) !== 4) return false;
    return fs.fstatSync(fd).size === HEADER + 8 * count + 4 + last.readUInt32LE(0);
  } catch {
    return false;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** The lookup's bytes, built from jieba's dictionary text (later lines win, as in jieba). */
export function buildLexicon(dictText: Buffer): Buffer {
  return buildSorted(dictText) ?? buildAnyOrder(dictText);
}

/**
 * Whether valid UTF-8 holds a character String.prototype.trim and /\s/ take for space,
 * besides ' ' and '\n' (\t \v \f \r U+00A0 U+1680 U+2000–U+200A U+2028 U+2029 U+202F
 * U+205F U+3000 U+FEFF), read from the bytes: decoding jieba's 5 MB dictionary into a
 * string to test it cost ~50 ms, a third of the build. A lead byte never occurs inside
 * another character in valid UTF-8, so each is tested where it stands.
 */
function hasOtherSpace(b: Buffer): boolean {
  const n = b.length;
  for (let i = 0; i < n; i++) {
    const x = b[i];
    if (x < 0x80) {
      if (x >= 0x09 && x <= 0x0d && x !== 0x0a) return true;
      continue;
    }
    if (x === 0xc2) {
      if (b[i + 1] === 0xa0) return true;
    } else if (x === 0xe1) {
      if (b[i + 1] === 0x9a && b[i + 2] === 0x80) return true;
    } else if (x === 0xe2) {
      const y = b[i + 1];
      const z = b[i + 2];
      if (y === 0x80 && ((z >= 0x80 && z <= 0x8a) || z === 0xa8 || z === 0xa9 || z === 0xaf)) return true;
      if (y === 0x81 && z === 0x9f) return true;
    } else if (x === 0xe3) {
      if (b[i + 1] === 0x80 && b[i + 2] === 0x80) return true;
    } else if (x === 0xef) {
      if (b[i + 1] === 0xbb && b[i + 2] === 0xbf) return true;
    }
  }
  return false;
}

/**
 * The lookup straight from the bytes of a dictionary laid out as jieba ships it (valid
 * UTF-8, `word freq tag` lines split by single spaces, decimal frequencies, words in
 * strictly increasing byte order: so none repeats and none needs sorting), without making
 * a string of each of its ~350,000 words (~0.6 s → ~0.05 s). Null for any other layout,
 * which buildAnyOrder reads as it always has; the bytes are the same either way.
 */
function buildSorted(dict: Buffer): Buffer | null {
  if (!isUtf8(dict) || hasOtherSpace(dict)) return null;
  // Each word's bytes [start, end) and frequency, in typed arrays grown as needed.
  let starts = new Uint32Array(1 << 16);
  let ends = new Uint32Array(1 << 16);
  let freqs = new Uint32Array(1 << 16);
  let count = 0;
  let total = 0;
  let longest = 0;
  let textBytes = 0;
  const SPACE = 0x20;
  const NL = 0x0a;
  const size = dict.length;
  // One pass over the bytes, lines found as they are read (an indexOf a line cost ~0.1 µs each).
  for (let at = 0; at < size; ) {
    let i = at;
    while (i < size && dict[i] === SPACE) i++;
    if (i === size || dict[i] === NL) {
      at = i + 1; // a blank line
      continue;
    }
    const ws = i;
    while (i < size && dict[i] !== SPACE && dict[i] !== NL) i++;
    const we = i;
    while (i < size && dict[i] === SPACE) i++;
    let f = 0;
    let digits = 0;
    for (; i < size && dict[i] !== SPACE && dict[i] !== NL; i++, digits++) {
      const d = dict[i] - 0x30;
      if (d < 0 || d > 9) return null;
      f = f * 10 + d;
    }
    if (digits === 0 || digits > 9) return null;
    while (i < size && dict[i] !== NL) i++; // the tag
    at = i + 1;
    if (count && compareBytes(dict, starts[count - 1], ends[count - 1], ws, we) >= 0) return null;
    if (count === starts.length) {
      starts = grown(starts);
      ends = grown(ends);
      freqs = grown(freqs);
    }
    starts[count] = ws;
    ends[count] = we;
    freqs[count++] = f;
    total += f;
    let points = 0;
    for (let b = ws; b < we; b++) if ((dict[b] & 0xc0) !== 0x80) points++;
    longest = Math.max(longest, points);
    textBytes += we - ws;
  }
  const out = Buffer.alloc(HEADER + 4 * (count + 1) + 4 * count + textBytes);
  // Little-endian whatever the machine, without a checked Buffer write per number (~700,000).
  const view = new DataView(out.buffer, out.byteOffset, out.length);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, count, true);
  view.setFloat64(8, total, true);
  view.setUint32(16, longest, true);
  view.setUint32(20, size, true);
  let end = 0;
  let text = HEADER + 8 * count + 4;
  const freqsAt = HEADER + 4 * (count + 1);
  for (let w = 0; w < count; w++) {
    end += ends[w] - starts[w];
    view.setUint32(HEADER + 4 * (w + 1), end, true);
    view.setUint32(freqsAt + 4 * w, freqs[w], true);
    // Byte by byte: a word is a few bytes, and a copy() a word (~350,000) cost half the build.
    for (let b = starts[w]; b < ends[w]; b++) out[text++] = dict[b];
  }
  return out;
}

/** The same numbers in an array twice as long. */
function grown(a: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const wider = new Uint32Array(a.length * 2);
  wider.set(a);
  return wider;
}

/** Byte order of a[as, ae) against a[bs, be). */
function compareBytes(a: Buffer, as: number, ae: number, bs: number, be: number): number {
  for (; as < ae && bs < be; as++, bs++) if (a[as] !== a[bs]) return a[as] - a[bs];
  return ae - as - (be - bs);
}

/** Any dictionary text: words read as strings, later lines winning, sorted by code point. */
function buildAnyOrder(dictText: Buffer): Buffer {
  const freq = new Map<string, number>();
  for (const line of dictText.toString('utf8').split('\n')) {
    const [word, f] = line.trim().split(/\s+/);
    if (!word || !f) continue;
    freq.set(word, Number.parseInt(f, 10));
  }
  const words = [...freq.keys()];
  // JavaScript's own sort is code-unit order, the same as code point order while no word
  // holds a surrogate or a unit from U+E000 on (jieba's dictionary holds none): much faster.
  if (words.some((w) => /[\ud800-\udfff\ue000-\uffff]/.test(w))) words.sort(codePointOrder);
  else words.sort();
  let total = 0;
  let longest = 0;
  const encoded = words.map((w) => {
    total += freq.get(w)!;
    longest = Math.max(longest, [...w].length);
    return Buffer.from(w, 'utf8');
  });
  const textBytes = encoded.reduce((n, b) => n + b.length, 0);
  const out = Buffer.alloc(HEADER + 4 * (words.length + 1) + 4 * words.length + textBytes);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(words.length, 4);
  out.writeDoubleLE(total, 8);
  out.writeUInt32LE(longest, 16);
  out.writeUInt32LE(dictText.length, 20);
  let at = HEADER;
  let end = 0;
  out.writeUInt32LE(0, at);
  for (const b of encoded) {
    end += b.length;
    at += 4;
    out.writeUInt32LE(end, at);
  }
  at += 4;
  for (const w of words) {
    out.writeUInt32LE(freq.get(w)!, at);
    at += 4;
  }
  for (const b of encoded) {
    b.copy(out, at);
    at += b.length;
  }
  return out;
}

/** UTF-16 strings compared by code point, i.e. as their UTF-8 bytes compare. */
function codePointOrder(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codeUnitRank(x) - codeUnitRank(y);
  }
  return a.length - b.length;
}

// Surrogates (astral code points) sort after every BMP unit from U+E000 on.
function codeUnitRank(c: number): number {
  if (c >= 0xd800 && c <= 0xdfff) return c + 0x2000;
  if (c >= 0xe000) return c - 0x800;
  return c;
}

/** A saved lookup, opened: finds the dictionary words inside a text. */
export class Lexicon {
  /** Sum of every word's frequency (jieba's total, the denominator of its probabilities). */
  readonly total: number;
  /** Words in the dictionary. */
  readonly size: number;
  private readonly buf: Buffer;
  private readonly longest: number;
  private readonly ends: number;
  private readonly freqs: number;
  private readonly text: number;

  private constructor(buf: Buffer) {
    this.buf = buf;
    this.size = buf.readUInt32LE(4);
    this.total = buf.readDoubleLE(8);
    this.longest = buf.readUInt32LE(16);
    this.ends = HEADER;
    this.freqs = HEADER + 4 * (this.size + 1);
    this.text = this.freqs + 4 * this.size;
  }

  /** Opens a lookup's bytes; null when they are not one, or were built from another dictionary (`dictBytes`). */
  static fromBytes(buf: Buffer, dictBytes?: number): Lexicon | null {
    if (buf.length < HEADER || buf.readUInt32LE(0) !== MAGIC) return null;
    if (dictBytes !== undefined && buf.readUInt32LE(20) !== dictBytes) return null;
    const lex = new Lexicon(buf);
    return lex.text + lex.endOf(lex.size - 1) === buf.length ? lex : null;
  }

  /** Opens the lookup file at `file` if it matches jieba's installed dictionary; else null. */
  static open(file: string): Lexicon | null {
    try {
      return Lexicon.fromBytes(fs.readFileSync(file), fs.statSync(jiebaDictPath()).size);
    } catch {
      return null;
    }
  }

  /** The frequency of `word`, or undefined when the dictionary lacks it. */
  freq(word: string): number | undefined {
    const b = Buffer.from(word, 'utf8');
    const i = this.lowerBound(b, 0, b.length);
    return i < this.size && this.compareAt(i, b, 0, b.length) === 0 ? this.freqAt(i) : undefined;
  }

  /** Every dictionary word that occurs in `text`, with its frequency. */
  wordsIn(text: string, into = new Map<string, number>()): Map<string, number> {
    const bytes = Buffer.from(text, 'utf8');
    // Byte offset of each code point, and one past the last.
    const starts: number[] = [];
    for (let at = 0; at < bytes.length; at++) if ((bytes[at]! & 0xc0) !== 0x80) starts.push(at);
    starts.push(bytes.length);
    for (let i = 0; i + 1 < starts.length; i++) {
      let lo = 0;
      for (let j = i + 1; j < starts.length && j - i <= this.longest; j++) {
        const s = starts[i]!;
        const e = starts[j]!;
        // Words sorted in byte order: those starting with this prefix follow its lower bound.
        lo = this.lowerBound(bytes, s, e, lo);
        if (lo >= this.size) break;
        const cmp = this.compareAt(lo, bytes, s, e);
        if (cmp === 0) into.set(bytes.toString('utf8', s, e), this.freqAt(lo));
        else if (!this.startsWith(lo, bytes, s, e)) break; // no longer word begins so
      }
    }
    return into;
  }

  private endOf(i: number): number {
    return this.buf.readUInt32LE(this.ends + 4 * (i + 1));
  }

  private startOf(i: number): number {
    return this.buf.readUInt32LE(this.ends + 4 * i);
  }

  private freqAt(i: number): number {
    return this.buf.readUInt32LE(this.freqs + 4 * i);
  }

  /** Sign of word i against bytes[s, e). */
  private compareAt(i: number, bytes: Buffer, s: number, e: number): number {
    return this.buf.compare(bytes, s, e, this.text + this.startOf(i), this.text + this.endOf(i));
  }

  private startsWith(i: number, bytes: Buffer, s: number, e: number): boolean {
    const ws = this.text + this.startOf(i);
    const we = this.text + this.endOf(i);
    return we - ws >= e - s && this.buf.compare(bytes, s, e, ws, ws + (e - s)) === 0;
  }

  /** The first word not below bytes[s, e), searching from `from` (a longer prefix never sorts earlier). */
  private lowerBound(bytes: Buffer, s: number, e: number, from = 0): number {
    let lo = from;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareAt(mid, bytes, s, e) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
