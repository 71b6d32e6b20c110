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
// File layout (little-endian), "NBL2": magic u32, word count u32, total frequency f64,
// longest word in code points u32, the dictionary's byte length u32 (to notice another
// jieba version); then a directory of the blocks of BLOCK_WORDS words each: the blocks'
// file offsets u32[blocks + 1] (the last one the file's length), the end offsets of
// their first words u32[blocks + 1] and those first words' UTF-8 bytes back to back;
// then the blocks, each: word end offsets u32[n + 1], frequencies u32[n], the words'
// UTF-8 bytes. Words are sorted in byte order (= code point order). A lookup opened from
// its file reads the header and the directory (~25 KB), then only the blocks a text's
// substrings fall in (a few KB each): a cold question no longer reads the whole 5.8 MB
// (78 ms of read syscalls here, issue 13). "NBL1" (one flat table) is not read: an index
// holding one gets this layout written over it as for another jieba version.
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { readFully } from '../io/positional.js';

/** The lookup's file name, beside the index's other files. */
export const LEXICON_FILE = 'jieba-words.lex';
const MAGIC = 0x4e424c32; // "NBL2"
/** The layout's name, in the shared cache's file name. */
export const LEXICON_LAYOUT = 'nbl2';
const HEADER = 24;
/** Words a block (the last one may hold fewer). */
const BLOCK_WORDS = 256;
/** Blocks of `count` words. */
const blocksOf = (count: number) => Math.ceil(count / BLOCK_WORDS);

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
    // The directory's last block offset (the file's length), as Lexicon.fromBytes checks it.
    const last = Buffer.alloc(4);
    if (fs.readSync(fd, last, 0, 4, HEADER + 4 * blocksOf(head.readUInt32LE(4))) !== 4) return false;
    return fs.fstatSync(fd).size === last.readUInt32LE(0);
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
  }
  return layOut(dict, starts, ends, freqs, count, total, longest, size);
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
  const starts: number[] = [];
  const ends: number[] = [];
  let end = 0;
  for (const b of encoded) {
    starts.push(end);
    end += b.length;
    ends.push(end);
  }
  const freqs = words.map((w) => freq.get(w)!);
  return layOut(Buffer.concat(encoded), starts, ends, freqs, words.length, total, longest, dictText.length);
}

/**
 * The lookup file's bytes (the layout above) for `count` words in byte order, word w
 * being src[starts[w], ends[w]) with frequency freqs[w].
 */
function layOut(
  src: Buffer,
  starts: ArrayLike<number>,
  ends: ArrayLike<number>,
  freqs: ArrayLike<number>,
  count: number,
  total: number,
  longest: number,
  dictBytes: number,
): Buffer {
  const blocks = blocksOf(count);
  let keyBytes = 0;
  let textBytes = 0;
  for (let b = 0; b < blocks; b++) keyBytes += ends[b * BLOCK_WORDS] - starts[b * BLOCK_WORDS];
  for (let w = 0; w < count; w++) textBytes += ends[w] - starts[w];
  const keyEndsAt = HEADER + 4 * (blocks + 1);
  const dirEnd = keyEndsAt + 4 * (blocks + 1) + keyBytes;
  // Each block: 4 (n + 1) bytes of ends and 4 n of frequencies before its words.
  const out = Buffer.alloc(dirEnd + 4 * blocks + 8 * count + textBytes);
  // Little-endian whatever the machine, without a checked Buffer write per number (~700,000).
  const view = new DataView(out.buffer, out.byteOffset, out.length);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, count, true);
  view.setFloat64(8, total, true);
  view.setUint32(16, longest, true);
  view.setUint32(20, dictBytes, true);
  let key = keyEndsAt + 4 * (blocks + 1);
  let keyEnd = 0;
  let at = dirEnd;
  for (let b = 0; b < blocks; b++) {
    const first = b * BLOCK_WORDS;
    const n = Math.min(BLOCK_WORDS, count - first);
    view.setUint32(HEADER + 4 * b, at, true);
    for (let x = starts[first]; x < ends[first]; x++) out[key++] = src[x];
    keyEnd += ends[first] - starts[first];
    view.setUint32(keyEndsAt + 4 * (b + 1), keyEnd, true);
    const freqsAt = at + 4 * (n + 1);
    let text = freqsAt + 4 * n;
    let end = 0;
    for (let i = 0; i < n; i++) {
      const w = first + i;
      end += ends[w] - starts[w];
      view.setUint32(at + 4 * (i + 1), end, true);
      view.setUint32(freqsAt + 4 * i, freqs[w], true);
      // Byte by byte: a word is a few bytes, and a copy() a word (~350,000) cost half the build.
      for (let x = starts[w]; x < ends[w]; x++) out[text++] = src[x];
    }
    at = text;
  }
  view.setUint32(HEADER + 4 * blocks, at, true);
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

/** A block of the lookup, read: its bytes, its word count and where its words' bytes begin. */
interface Block {
  readonly buf: Buffer;
  readonly n: number;
  readonly text: number;
}

/** Room read at an open for the header and the directory at once (jieba's is ~25 KB). */
const FIRST_READ = 64 * 1024;

/**
 * A saved lookup, opened: finds the dictionary words inside a text. Holds the header and
 * the block directory; a block is read at its first use and kept while the lookup is.
 */
export class Lexicon {
  /** Sum of every word's frequency (jieba's total, the denominator of its probabilities). */
  readonly total: number;
  /** Words in the dictionary. */
  readonly size: number;
  private readonly longest: number;
  private readonly blocks: number;
  /** The header and the directory. */
  private readonly dir: Buffer;
  private readonly keyEnds: number;
  private readonly keys: number;
  private readonly cache: (Block | undefined)[];
  /** `length` bytes of the lookup from `at`. */
  private readonly read: (at: number, length: number) => Buffer;

  private constructor(dir: Buffer, read: (at: number, length: number) => Buffer) {
    this.dir = dir;
    this.read = read;
    this.size = dir.readUInt32LE(4);
    this.total = dir.readDoubleLE(8);
    this.longest = dir.readUInt32LE(16);
    this.blocks = blocksOf(this.size);
    this.keyEnds = HEADER + 4 * (this.blocks + 1);
    this.keys = this.keyEnds + 4 * (this.blocks + 1);
    this.cache = new Array(this.blocks);
  }

  /** Bytes of the header and directory of a lookup whose first bytes are `head` (enough for the header); 0 when not one. */
  private static dirLength(head: Buffer, dictBytes: number | undefined): number {
    if (head.length < HEADER || head.readUInt32LE(0) !== MAGIC) return 0;
    if (dictBytes !== undefined && head.readUInt32LE(20) !== dictBytes) return 0;
    return HEADER + 8 * (blocksOf(head.readUInt32LE(4)) + 1);
  }

  /** The lookup with this directory, when it says the lookup is `length` bytes long; else null. */
  private static checked(dir: Buffer, length: number, read: (at: number, n: number) => Buffer): Lexicon | null {
    const lex = new Lexicon(dir, read);
    const keysEnd = lex.keys + dir.readUInt32LE(lex.keyEnds + 4 * lex.blocks);
    const first = dir.readUInt32LE(HEADER);
    return first === keysEnd && dir.readUInt32LE(HEADER + 4 * lex.blocks) === length ? lex : null;
  }

  /** Opens a lookup's bytes; null when they are not one, or were built from another dictionary (`dictBytes`). */
  static fromBytes(buf: Buffer, dictBytes?: number): Lexicon | null {
    const fixed = Lexicon.dirLength(buf, dictBytes);
    if (fixed === 0 || buf.length < fixed) return null;
    const keysLength = buf.readUInt32LE(fixed - 4);
    if (buf.length < fixed + keysLength) return null;
    return Lexicon.checked(buf.subarray(0, fixed + keysLength), buf.length, (at, n) => buf.subarray(at, at + n));
  }

  /**
   * Opens the lookup file at `file` if it matches jieba's installed dictionary; else null.
   * Reads its header and directory; the file stays open for the blocks, read as needed
   * (a lookup replaced by a rename meanwhile is still read whole from the file opened).
   */
  static open(file: string): Lexicon | null {
    let fd: number | null = null;
    try {
      const opened = fs.openSync(file, 'r');
      fd = opened;
      const size = fs.fstatSync(opened).size;
      const readAt = (at: number, n: number): Buffer => {
        const out = Buffer.allocUnsafe(n);
        readFully(opened, out, at, 'lookup cut short');
        return out;
      };
      // The header and the directory in one read, most often.
      const first = readAt(0, Math.min(FIRST_READ, size));
      const fixed = Lexicon.dirLength(first, fs.statSync(jiebaDictPath()).size);
      if (fixed === 0 || fixed > size) throw new Error('not a lookup of the installed dictionary');
      const head = first.length >= fixed ? first : readAt(0, fixed);
      const whole = fixed + head.readUInt32LE(fixed - 4);
      const dir = first.length >= whole ? first.subarray(0, whole) : readAt(0, whole);
      const lex = Lexicon.checked(dir, size, readAt);
      if (lex === null) throw new Error('not a whole lookup');
      return lex;
    } catch {
      if (fd !== null) fs.closeSync(fd);
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

  /** Block b, read at its first use. */
  private block(b: number): Block {
    let block = this.cache[b];
    if (block === undefined) {
      const at = this.dir.readUInt32LE(HEADER + 4 * b);
      const buf = this.read(at, this.dir.readUInt32LE(HEADER + 4 * (b + 1)) - at);
      const n = Math.min(BLOCK_WORDS, this.size - b * BLOCK_WORDS);
      block = { buf, n, text: 8 * n + 4 };
      this.cache[b] = block;
    }
    return block;
  }

  private freqAt(i: number): number {
    const block = this.block(Math.floor(i / BLOCK_WORDS));
    return block.buf.readUInt32LE(4 * (block.n + 1) + 4 * (i % BLOCK_WORDS));
  }

  /** Word i's bytes as [buffer, start, end): a block's first word from the directory. */
  private wordAt(i: number): [Buffer, number, number] {
    const k = i % BLOCK_WORDS;
    if (k === 0) {
      const b = i / BLOCK_WORDS;
      return [
        this.dir,
        this.keys + this.dir.readUInt32LE(this.keyEnds + 4 * b),
        this.keys + this.dir.readUInt32LE(this.keyEnds + 4 * (b + 1)),
      ];
    }
    const block = this.block(Math.floor(i / BLOCK_WORDS));
    return [block.buf, block.text + block.buf.readUInt32LE(4 * k), block.text + block.buf.readUInt32LE(4 * (k + 1))];
  }

  /** Sign of word i against bytes[s, e). */
  private compareAt(i: number, bytes: Buffer, s: number, e: number): number {
    const [buf, ws, we] = this.wordAt(i);
    return buf.compare(bytes, s, e, ws, we);
  }

  private startsWith(i: number, bytes: Buffer, s: number, e: number): boolean {
    const [buf, ws, we] = this.wordAt(i);
    return we - ws >= e - s && buf.compare(bytes, s, e, ws, ws + (e - s)) === 0;
  }

  /**
   * The first word not below bytes[s, e), at or after word `from` (every word before it
   * sorts below; a longer prefix's bound is never before a shorter one's): the directory
   * gives the last block whose first word sorts below it, searched from `from`'s block
   * by doubling steps (the words sharing a question's prefix lie close together), and
   * the word is in that block or begins the next.
   */
  private lowerBound(bytes: Buffer, s: number, e: number, from = 0): number {
    // Blocks whose first word sorts below bytes[s, e): every one beginning before `from`, and more.
    let lo = Math.ceil(from / BLOCK_WORDS);
    let hi = this.blocks;
    if (from > 0) {
      let step = 1;
      for (let at = lo; at < this.blocks; at = lo + step - 1, step *= 2) {
        if (this.compareAt(at * BLOCK_WORDS, bytes, s, e) >= 0) {
          hi = at;
          break;
        }
        lo = at + 1;
      }
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareAt(mid * BLOCK_WORDS, bytes, s, e) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return 0;
    const first = (lo - 1) * BLOCK_WORDS;
    let l = Math.max(1, from - first);
    let h = this.block(lo - 1).n;
    while (l < h) {
      const mid = (l + h) >>> 1;
      if (this.compareAt(first + mid, bytes, s, e) < 0) l = mid + 1;
      else h = mid;
    }
    return first + l;
  }
}
