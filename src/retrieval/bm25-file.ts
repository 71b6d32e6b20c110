// BM25's saved file, format 2: binary columns that open as views of the file's bytes —
// no JSON of a million keys, no sort of the postings (opening format 1 at 100,000 reports
// took ~2.8 s of CPU; issue 13). Pure: bytes in, columns out, and back.
//
// Layout: 'BM25', a uint32 length, a small JSON head (counts, k1, b, the caller's tag),
// then each column padded to 8 bytes: terms and keys as UTF-16 text with offsets (UTF-16
// keeps any JavaScript string exact, a lone surrogate too), per document its office, year,
// length and count of distinct terms, then the postings in term order (slots ascending
// within a term, as adding gives them) with each posting's count and its rank: where the
// term stands among its document's distinct terms, first met first (a filtered search sums
// a document's terms in that order, and the per-document lists are rebuilt from it).
// A file opened by openBm25File reads its columns but the postings (~85 % of its bytes:
// 283 of 331 MB at 100,000 reports), whose ranges a search reads term by term.
import fs from 'node:fs';
import { readFully } from '../io/positional.js';

/** An index's columns, as saved and as opened (views of the file's bytes when opened). */
export interface Bm25Columns {
  k1: number;
  b: number;
  /** The caller's word for what the index was saved with (e.g. the chunks' file), or null. */
  tag: string | null;
  /** Every term, one after another; term t is termText.slice(termOffsets[t], termOffsets[t + 1]). */
  termText: string;
  termOffsets: Uint32Array;
  /** Every document's key, likewise. */
  keyText: string;
  keyOffsets: Uint32Array;
  offices: Float64Array;
  years: Float64Array;
  lengths: Uint32Array;
  /** Per document, its distinct terms. */
  counts: Uint32Array;
  /** Term t's postings are [termStarts[t], termStarts[t + 1]). */
  termStarts: Uint32Array;
  slots: Int32Array;
  tfs: Uint16Array;
  /** As narrow as the widest document needs (68 distinct terms at most at 100,000 reports: a byte). */
  ranks: Uint8Array | Uint16Array | Uint32Array;
}

/** A run of postings: slots, counts and ranks side by side (see Bm25Columns). */
export interface Bm25Postings {
  slots: Int32Array;
  tfs: Uint16Array;
  ranks: Uint8Array | Uint16Array | Uint32Array;
}

/** The columns without the postings, which `postings(from, to)` gives (read from the file, or views). */
export type Bm25FileView = Omit<Bm25Columns, 'slots' | 'tfs' | 'ranks'> & {
  postings(from: number, to: number): Bm25Postings;
  /** Document `slot`'s key (an opened file reads it alone until the keys' columns are read whole). */
  key(slot: number): string;
  /** How many postings in all. */
  total: number;
  /** Closes the file (a view of bytes in memory has none); the postings cannot be read after. */
  close(): void;
};

const MAGIC = 'BM25';
const SHORT = 'BM25 索引文件不完整';
const FORMAT = 2;

/** A file's head: its shape (Bm25Shape, below) and its format. */
interface Head extends Bm25Shape {
  format: number;
}

/** True when `buf` starts as a format-2 file does (format 1 starts with its header's length). */
export function isBm25File(buf: Buffer): boolean {
  return buf.length >= 8 && buf.toString('latin1', 0, 4) === MAGIC;
}

const pad8 = (n: number) => Math.ceil(n / 8) * 8;
/** The slots column's place among the columns (tfs and ranks follow it, the file's last). */
const POSTINGS = 9;

/** The byte size of each column, in file order, for a head. */
function sizes(h: Head): number[] {
  return [
    (h.terms + 1) * 4,
    h.termChars * 2,
    (h.docs + 1) * 4,
    h.keyChars * 2,
    h.docs * 8,
    h.docs * 8,
    h.docs * 4,
    h.docs * 4,
    (h.terms + 1) * 4,
    h.postings * 4,
    h.postings * 2,
    h.postings * h.rankBytes,
  ];
}

/** A file's size: its counts, and how wide a rank is. */
export interface Bm25Shape {
  k1: number;
  b: number;
  tag: string | null;
  terms: number;
  termChars: number;
  docs: number;
  keyChars: number;
  postings: number;
  rankBytes: 1 | 2 | 4;
}

/** A file's bytes, its head written and its number columns views of them to fill in place (the texts: `writeTexts`). */
export type Bm25Draft = Omit<Bm25Columns, 'k1' | 'b' | 'tag' | 'termText' | 'keyText'> & {
  /** The file's bytes; drafted with the postings apart, those before the postings only (their columns empty). */
  bytes: Buffer;
  /** The whole file's size. */
  size: number;
  /** Where the slots, tfs and ranks columns start in the file (each padded to 8 bytes with zeros). */
  postingsAt: [number, number, number];
  /** Writes the term and key texts (termChars and keyChars UTF-16 units long). */
  writeTexts(termText: string, keyText: string): void;
};

/**
 * The bytes of a file of this shape, zeroed, with its head: toBytes fills the columns
 * where the file holds them rather than in arrays of their own copied in (~28 MB at a
 * fresh ingest of 8,571 reports).
 */
export function draftBm25File(shape: Bm25Shape, postingsApart = false): Bm25Draft {
  // Field by field: the head's JSON is the same whatever order the caller's fields are in.
  const head: Head = {
    format: FORMAT,
    k1: shape.k1,
    b: shape.b,
    tag: shape.tag,
    terms: shape.terms,
    termChars: shape.termChars,
    docs: shape.docs,
    keyChars: shape.keyChars,
    postings: shape.postings,
    rankBytes: shape.rankBytes,
  };
  const json = Buffer.from(JSON.stringify(head));
  const start = pad8(8 + json.length);
  const lens = sizes(head);
  const size = start + lens.reduce((s, n) => s + pad8(n), 0);
  const at: number[] = [];
  lens.reduce((pos, n) => {
    at.push(pos);
    return pos + pad8(n);
  }, start);
  // Not from the shared pool (Buffer.alloc never is): at offset 0, so every column is aligned.
  // Apart: the bytes end where the postings begin (their columns left to the caller).
  const out = Buffer.alloc(postingsApart ? at[POSTINGS] : size);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, 4);
  json.copy(out, 8);
  const ab = out.buffer;
  const n = postingsApart ? 0 : shape.postings;
  return {
    bytes: out,
    size,
    postingsAt: [at[POSTINGS], at[POSTINGS + 1], at[POSTINGS + 2]],
    termOffsets: new Uint32Array(ab, at[0], shape.terms + 1),
    keyOffsets: new Uint32Array(ab, at[2], shape.docs + 1),
    offices: new Float64Array(ab, at[4], shape.docs),
    years: new Float64Array(ab, at[5], shape.docs),
    lengths: new Uint32Array(ab, at[6], shape.docs),
    counts: new Uint32Array(ab, at[7], shape.docs),
    termStarts: new Uint32Array(ab, at[8], shape.terms + 1),
    // Apart, empty views of the bytes' start (their place lies past the bytes' end).
    slots: new Int32Array(ab, postingsApart ? 0 : at[9], n),
    tfs: new Uint16Array(ab, postingsApart ? 0 : at[10], n),
    ranks:
      shape.rankBytes === 1
        ? new Uint8Array(ab, postingsApart ? 0 : at[11], n)
        : shape.rankBytes === 2
          ? new Uint16Array(ab, postingsApart ? 0 : at[11], n)
          : new Uint32Array(ab, postingsApart ? 0 : at[11], n),
    writeTexts(termText, keyText) {
      if (termText.length !== shape.termChars || keyText.length !== shape.keyChars)
        throw new Error('BM25 索引的词表或键长度与文件头不符');
      out.write(termText, at[1], 'utf16le');
      out.write(keyText, at[3], 'utf16le');
    },
  };
}

export function writeBm25File(c: Bm25Columns): Buffer {
  const draft = draftBm25File({
    k1: c.k1,
    b: c.b,
    tag: c.tag,
    terms: c.termOffsets.length - 1,
    termChars: c.termText.length,
    docs: c.keyOffsets.length - 1,
    keyChars: c.keyText.length,
    postings: c.slots.length,
    rankBytes: c.ranks.BYTES_PER_ELEMENT as 1 | 2 | 4,
  });
  draft.writeTexts(c.termText, c.keyText);
  const columns = [
    'termOffsets',
    'keyOffsets',
    'offices',
    'years',
    'lengths',
    'counts',
    'termStarts',
    'slots',
    'tfs',
    'ranks',
  ] as const;
  for (const name of columns) (draft[name] as Uint8Array).set(c[name] as Uint8Array);
  return draft.bytes;
}

/** The head of a format-2 file and where each column starts; throws when `size` is not the whole. */
function layout(bytes: Buffer, size: number): { h: Head; at: number[]; lens: number[] } {
  if (!isBm25File(bytes)) throw new Error('不是 BM25 索引文件');
  const len = bytes.readUInt32LE(4);
  if (bytes.length < 8 + len) throw new Error(SHORT);
  const h = JSON.parse(bytes.toString('utf8', 8, 8 + len)) as Head;
  if (h.format !== FORMAT) throw new Error(`BM25 索引格式 ${h.format} 不受支持`);
  const start = pad8(8 + len);
  const lens = sizes(h);
  if (size !== start + lens.reduce((s, n) => s + pad8(n), 0)) throw new Error(SHORT);
  const at: number[] = [];
  lens.reduce((pos, n) => {
    at.push(pos);
    return pos + pad8(n);
  }, start);
  return { h, at, lens };
}

/** The columns of a format-2 file, as views of its bytes; throws on bytes that are not one whole. */
export function readBm25File(bytes: Buffer): Bm25Columns {
  const { h, at, lens } = layout(bytes, bytes.length);
  // Typed views need aligned offsets: a buffer read from a file starts at 0, another is
  // copied into one of its own (Buffer.alloc, never a slice of the shared pool).
  const buf = bytes.byteOffset % 8 === 0 ? bytes : copyOf(bytes);
  const base = buf.byteOffset;
  const ab = buf.buffer;
  return {
    k1: h.k1,
    b: h.b,
    tag: h.tag,
    termOffsets: new Uint32Array(ab, base + at[0], h.terms + 1),
    termText: buf.toString('utf16le', at[1], at[1] + lens[1]),
    keyOffsets: new Uint32Array(ab, base + at[2], h.docs + 1),
    keyText: buf.toString('utf16le', at[3], at[3] + lens[3]),
    offices: new Float64Array(ab, base + at[4], h.docs),
    years: new Float64Array(ab, base + at[5], h.docs),
    lengths: new Uint32Array(ab, base + at[6], h.docs),
    counts: new Uint32Array(ab, base + at[7], h.docs),
    termStarts: new Uint32Array(ab, base + at[8], h.terms + 1),
    slots: new Int32Array(ab, base + at[9], h.postings),
    tfs: new Uint16Array(ab, base + at[10], h.postings),
    ranks:
      h.rankBytes === 1
        ? new Uint8Array(ab, base + at[11], h.postings)
        : h.rankBytes === 2
          ? new Uint16Array(ab, base + at[11], h.postings)
          : new Uint32Array(ab, base + at[11], h.postings),
  };
}

/** The columns of bytes in memory as a view whose postings are subarrays. */
export function viewOf(c: Bm25Columns): Bm25FileView {
  const { slots, tfs, ranks, ...rest } = c;
  return {
    ...rest,
    key: (slot) => rest.keyText.slice(rest.keyOffsets[slot], rest.keyOffsets[slot + 1]),
    total: slots.length,
    postings: (from, to) => ({
      slots: slots.subarray(from, to),
      tfs: tfs.subarray(from, to),
      ranks: ranks.subarray(from, to),
    }),
    close() {},
  };
}

/**
 * A format-2 file opened from its descriptor, which it keeps (closed by `close`): the terms,
 * the documents' lengths and counts and the terms' starts read at once; the keys, offices and
 * years each read whole at their first use (a search without a filter needs none of them, an
 * office's only the offices: 17–24 MB of 48 not read at 100,000 reports, each MB ~4 ms of a
 * start here), a key alone before that; the postings' runs when asked. Throws on a file that
 * is not one whole; closes the descriptor then.
 */
export function openBm25File(fd: number): Bm25FileView {
  try {
    const size = fs.fstatSync(fd).size;
    const first = Buffer.alloc(Math.min(size, 64 * 1024));
    readFully(fd, first, 0, SHORT);
    let len = first.length >= 8 && isBm25File(first) ? first.readUInt32LE(4) : 0;
    const head = 8 + len <= first.length ? first : Buffer.alloc((len = 8 + len));
    if (head !== first) readFully(fd, head, 0, SHORT);
    const { h, at, lens } = layout(head, size);
    let open = true;
    /** Columns [from, to) in one read, into a buffer of their own (aligned at 0; every byte read). */
    const columns = (from: number, to: number) => {
      if (!open) throw new Error('BM25 索引文件已关闭');
      const bytes = Buffer.allocUnsafeSlow(at[to] - at[from]);
      readFully(fd, bytes, at[from], SHORT);
      return { ab: bytes.buffer, o: (i: number) => at[i] - at[from], bytes };
    };
    const terms = columns(0, 2);
    const sized = columns(6, 9);
    let keys: { keyOffsets: Uint32Array; keyText: string } | null = null;
    const readKeys = () => {
      if (!keys) {
        const c = columns(2, 4);
        keys = {
          keyOffsets: new Uint32Array(c.ab, c.o(2), h.docs + 1),
          keyText: c.bytes.toString('utf16le', c.o(3), c.o(3) + lens[3]),
        };
      }
      return keys;
    };
    let offices: Float64Array | null = null;
    let years: Float64Array | null = null;
    const readNumbers = (i: 4 | 5) => {
      const c = columns(i, i + 1);
      return new Float64Array(c.ab, c.o(i), h.docs);
    };
    const rankBytes = h.rankBytes;
    const read = <T extends Uint8Array | Uint16Array | Uint32Array | Int32Array>(
      into: T,
      column: number,
      skip: number,
    ) => {
      if (!open) throw new Error('BM25 索引文件已关闭');
      readFully(fd, new Uint8Array(into.buffer), at[column] + skip * into.BYTES_PER_ELEMENT, SHORT);
      return into;
    };
    return {
      k1: h.k1,
      b: h.b,
      tag: h.tag,
      termOffsets: new Uint32Array(terms.ab, terms.o(0), h.terms + 1),
      termText: terms.bytes.toString('utf16le', terms.o(1), terms.o(1) + lens[1]),
      get keyOffsets() {
        return readKeys().keyOffsets;
      },
      get keyText() {
        return readKeys().keyText;
      },
      get offices() {
        offices ??= readNumbers(4);
        return offices;
      },
      get years() {
        years ??= readNumbers(5);
        return years;
      },
      lengths: new Uint32Array(sized.ab, sized.o(6), h.docs),
      counts: new Uint32Array(sized.ab, sized.o(7), h.docs),
      termStarts: new Uint32Array(sized.ab, sized.o(8), h.terms + 1),
      total: h.postings,
      key: (slot) => {
        if (keys) return keys.keyText.slice(keys.keyOffsets[slot], keys.keyOffsets[slot + 1]);
        const [from, to] = read(new Uint32Array(2), 2, slot);
        if (to < from || to > h.keyChars) throw new Error(SHORT);
        const chars = read(new Uint16Array(to - from), 3, from);
        return Buffer.from(chars.buffer, chars.byteOffset, chars.byteLength).toString('utf16le');
      },
      postings: (start, to) => {
        const n = to - start;
        return {
          slots: read(new Int32Array(n), 9, start),
          tfs: read(new Uint16Array(n), 10, start),
          ranks: read(
            rankBytes === 1 ? new Uint8Array(n) : rankBytes === 2 ? new Uint16Array(n) : new Uint32Array(n),
            11,
            start,
          ),
        };
      },
      close() {
        if (open) fs.closeSync(fd);
        open = false;
      },
    };
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
}

function copyOf(bytes: Buffer): Buffer {
  const copy = Buffer.alloc(bytes.length);
  bytes.copy(copy);
  return copy;
}
