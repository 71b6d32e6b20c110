// The documents of a saved vector store in one binary file (docstore format 4, issue 13):
// opening 1.1 M chunks from one JSON line each took ~13 s and ~475 MB of heap objects at
// 100,000 reports. Here a document's text and metadata stay in the file, read only when
// asked for (a hit, a walk); what filters and lookups need is read at open, as columns.
//
// Layout (little-endian): a 32-byte head ('NBDS', version, count, 0, where the tail
// starts and the ids' byte count, as float64s), then each document's text (UTF-8) followed by its
// metadata (JSON, UTF-8), in label order; then the tail, each part 8-byte aligned:
// labels u32, officeId, year and reportId f64 (NaN where the metadata holds no number),
// flags u8, the ids' starts u32 (count + 1), the documents' starts f64 (count + 1, from
// byte 32), the texts' lengths u32, the ids' bytes, then (version 2) the ids' hash table
// (idSlots below), so that opening does not hash 1.1 M ids again (~0.3 s). A text or id
// that UTF-8 cannot hold as it is (a lone surrogate) is stored as JSON instead, and flagged.
import fs from 'node:fs';
import { readFully, writeFully } from '../io/positional.js';

/** Said when the file ends before what its head promises. */
export const SHORT_DOC_FILE = '文本文件不完整';

const MAGIC = 'NBDS';
const VERSION = 2;
const HEAD = 32;
/** Where the first document's bytes lie: right after the head. */
export const DOCS_AT = HEAD;
/** Bytes gathered before each write. */
const PIECE = 4 << 20;

/** Flag: the text is stored as a JSON string. */
export const TEXT_JSON = 1;
/** Flag: the id is stored as a JSON string. */
export const ID_JSON = 2;

/** The numbers a document's filters read, NaN where its metadata has none. */
export interface DocNumbers {
  officeId: number;
  year: number;
  reportId: number;
}

/** What a documents file holds apart from the texts and metadata themselves. */
export interface DocColumns {
  count: number;
  labels: Uint32Array;
  officeIds: Float64Array;
  years: Float64Array;
  reportIds: Float64Array;
  flags: Uint8Array;
  /** Document i's id is ids[idStart[i], idStart[i + 1]). */
  idStart: Uint32Array;
  ids: Buffer;
  /** Document i's text and metadata lie at [docStart[i], docStart[i + 1]) in the file; its text is the first textLength[i] bytes. */
  docStart: Float64Array;
  textLength: Uint32Array;
  /** Open addressing by the id's bytes (hashBytes): index + 1 of the document, 0 for an empty slot; slotsFor(count) long. */
  idSlots: Int32Array;
}

/** A metadata field as a filter column reads it. */
export function numberField(v: unknown): number {
  return typeof v === 'number' ? v : Number.NaN;
}

/** A string as stored: UTF-8 of itself, or of its JSON when UTF-8 would change it. */
export function storedForm(s: string): { text: string; json: boolean } {
  return (s as string & { isWellFormed(): boolean }).isWellFormed()
    ? { text: s, json: false }
    : { text: JSON.stringify(s), json: true };
}

/** Writes a documents file (flushed when finished; the caller renames it into place), one document at a time, in label order. */
export class DocFileWriter {
  private readonly file: string;
  private readonly fd: number;
  private piece = Buffer.allocUnsafe(PIECE);
  private used = 0;
  private at = HEAD;
  private count = 0;
  private cap = 1024;
  private labels = new Uint32Array(this.cap);
  private officeIds = new Float64Array(this.cap);
  private years = new Float64Array(this.cap);
  private reportIds = new Float64Array(this.cap);
  private flags = new Uint8Array(this.cap);
  private idStart = new Uint32Array(this.cap + 1);
  private docStart = new Float64Array(this.cap + 1);
  private textLength = new Uint32Array(this.cap);
  private ids = Buffer.allocUnsafe(1 << 16);
  /** False when the descriptor is the caller's (adopting): left open when finished or abandoned. */
  private readonly ownsFd: boolean;

  constructor(file: string, adopted?: { fd: number; docBytes: number }) {
    this.file = file;
    this.ownsFd = !adopted;
    this.fd = adopted ? adopted.fd : fs.openSync(file, 'w');
    this.docStart[0] = HEAD;
    if (adopted) this.at = HEAD + adopted.docBytes;
  }

  /**
   * A writer finishing `file`, open as `fd`, whose documents' bytes are written already,
   * `docBytes` of them from DOCS_AT, as add would have written them: each is then listed by
   * addKept, in that order, and finish writes the tail and head after them. The descriptor
   * stays the caller's (never closed here); abort removes the file.
   */
  static adopting(file: string, fd: number, docBytes: number): DocFileWriter {
    return new DocFileWriter(file, { fd, docBytes });
  }

  /** A document given as strings and its metadata (encoded here). */
  add(label: number, id: string, text: string, metadata: Record<string, unknown>): void {
    const t = storedForm(text);
    const meta = JSON.stringify(metadata);
    // Room for the most UTF-8 they can take (3 bytes a UTF-16 unit): then what write() returns
    // is their length, and neither is measured apart (issue 13: ~1.1 M chunks at 100,000 reports).
    const room = this.room(3 * (t.text.length + meta.length));
    const textBytes = room.write(t.text, this.used, 'utf8');
    const bytes = textBytes + room.write(meta, this.used + textBytes, 'utf8');
    this.used += bytes;
    this.push(label, id, t.json ? TEXT_JSON : 0, textBytes, bytes, {
      officeId: numberField(metadata.officeId),
      year: numberField(metadata.year),
      reportId: numberField(metadata.reportId),
    });
  }

  /** A document copied as stored in another documents file: its text and metadata bytes, its flags and numbers. */
  addStored(label: number, id: string, flags: number, textBytes: number, bytes: Uint8Array, numbers: DocNumbers): void {
    this.room(bytes.length).set(bytes, this.used);
    this.used += bytes.length;
    this.push(label, id, flags & TEXT_JSON, textBytes, bytes.length, numbers);
  }

  /** A document whose bytes the adopted file holds already, next after the last one listed (adopting). */
  addKept(label: number, id: string, flags: number, textBytes: number, bytes: number, numbers: DocNumbers): void {
    this.push(label, id, flags & TEXT_JSON, textBytes, bytes, numbers);
  }

  /** Writes the tail and the head, flushed to disk. */
  finish(): void {
    try {
      this.flush();
      const n = this.count;
      // Every byte before the tail is some document's (an adopted file's listed to its end).
      if (this.docStart[n] !== this.at) throw new Error(`文本文件 ${this.file} 的文本与目录不符`);
      const idBytes = this.idStart[n];
      const tailAt = align(this.at);
      const parts: Uint8Array[] = [
        bytesOf(this.labels, n),
        bytesOf(this.officeIds, n),
        bytesOf(this.years, n),
        bytesOf(this.reportIds, n),
        bytesOf(this.flags, n),
        bytesOf(this.idStart, n + 1),
        bytesOf(this.docStart, n + 1),
        bytesOf(this.textLength, n),
        this.ids.subarray(0, idBytes),
        bytesOf(idSlotsOf(this.ids, this.idStart, n), slotsFor(n)),
      ];
      let pos = tailAt;
      for (const part of parts) {
        writeFully(this.fd, part, pos);
        pos = align(pos + part.length);
      }
      const head = Buffer.alloc(HEAD);
      head.write(MAGIC, 0, 'latin1');
      head.writeUInt32LE(VERSION, 4);
      head.writeUInt32LE(n, 8);
      head.writeDoubleLE(tailAt, 16);
      head.writeDoubleLE(idBytes, 24);
      writeFully(this.fd, head, 0);
      fs.fsyncSync(this.fd);
    } finally {
      if (this.ownsFd) fs.closeSync(this.fd);
    }
  }

  /** Abandons the file (an error midway). */
  abort(): void {
    try {
      if (this.ownsFd) fs.closeSync(this.fd);
    } catch {
      // closed already
    }
    fs.rmSync(this.file, { force: true });
  }

  /** The piece buffer with room for `bytes` more (flushed first, or grown for one large document). */
  private room(bytes: number): Buffer {
    if (this.used + bytes > this.piece.length) {
      this.flush();
      if (bytes > this.piece.length) this.piece = Buffer.allocUnsafe(bytes);
    }
    return this.piece;
  }

  private flush(): void {
    if (!this.used) return;
    writeFully(this.fd, this.piece.subarray(0, this.used), this.at);
    this.at += this.used;
    this.used = 0;
  }

  private push(label: number, id: string, flags: number, textBytes: number, bytes: number, nums: DocNumbers): void {
    if (this.count === this.cap) this.grow();
    const i = this.count++;
    const idForm = storedForm(id);
    const idAt = this.idStart[i];
    // As for the text: room for the most it can take, its length what write() returns.
    const most = 3 * idForm.text.length;
    if (idAt + most > this.ids.length) {
      const ids = Buffer.allocUnsafe(Math.max(this.ids.length * 2, idAt + most));
      this.ids.copy(ids, 0, 0, idAt);
      this.ids = ids;
    }
    this.idStart[i + 1] = idAt + this.ids.write(idForm.text, idAt, 'utf8');
    this.labels[i] = label;
    this.officeIds[i] = nums.officeId;
    this.years[i] = nums.year;
    this.reportIds[i] = nums.reportId;
    this.flags[i] = flags | (idForm.json ? ID_JSON : 0);
    this.textLength[i] = textBytes;
    this.docStart[i + 1] = this.docStart[i] + bytes;
  }

  private grow(): void {
    const cap = this.cap * 2;
    this.labels = widen(this.labels, new Uint32Array(cap));
    this.officeIds = widen(this.officeIds, new Float64Array(cap));
    this.years = widen(this.years, new Float64Array(cap));
    this.reportIds = widen(this.reportIds, new Float64Array(cap));
    this.flags = widen(this.flags, new Uint8Array(cap));
    this.idStart = widen(this.idStart, new Uint32Array(cap + 1));
    this.docStart = widen(this.docStart, new Float64Array(cap + 1));
    this.textLength = widen(this.textLength, new Uint32Array(cap));
    this.cap = cap;
  }
}

/** True when `head` (the file's first bytes) is a documents file's. */
export function isDocFile(head: Buffer): boolean {
  return head.length >= 4 && head.toString('latin1', 0, 4) === MAGIC;
}

/** Reads a documents file's columns (the texts and metadata stay in the file); `fd` stays open. */
export function readDocColumns(fd: number, file: string): DocColumns {
  const size = fs.fstatSync(fd).size;
  const head = Buffer.alloc(HEAD);
  if (size < HEAD) throw new Error(`文本文件 ${file} 不完整`);
  readFully(fd, head, 0, SHORT_DOC_FILE);
  const version = head.readUInt32LE(4);
  if (!isDocFile(head) || (version !== 1 && version !== VERSION)) throw new Error(`文本文件 ${file} 的格式不对`);
  const n = head.readUInt32LE(8);
  const tailAt = head.readDoubleLE(16);
  const idBytes = head.readDoubleLE(24);
  // Version 1 (written for an hour on the day it came) has no hash table: it is made here.
  const slotBytes = version === 1 ? 0 : 4 * slotsFor(n);
  const sizes = [4 * n, 8 * n, 8 * n, 8 * n, n, 4 * (n + 1), 8 * (n + 1), 4 * n, idBytes, slotBytes];
  // Each part 8-aligned but the last (the ids in version 1, the hash table after them in 2).
  const parts = version === 1 ? sizes.slice(0, -1) : sizes;
  let tailBytes = 0;
  for (const s of parts.slice(0, -1)) tailBytes += align(s);
  tailBytes += parts[parts.length - 1];
  if (tailAt + tailBytes !== size) throw new Error(`文本文件 ${file} 不完整`);
  // One read for the whole tail; each column is a view of it (8-aligned, as written).
  const tail = new ArrayBuffer(tailBytes);
  readFully(fd, new Uint8Array(tail), tailAt, SHORT_DOC_FILE);
  let at = 0;
  const take = (bytes: number) => {
    const from = at;
    at += align(bytes);
    return from;
  };
  const labels = new Uint32Array(tail, take(4 * n), n);
  const officeIds = new Float64Array(tail, take(8 * n), n);
  const years = new Float64Array(tail, take(8 * n), n);
  const reportIds = new Float64Array(tail, take(8 * n), n);
  const flags = new Uint8Array(tail, take(n), n);
  const idStart = new Uint32Array(tail, take(4 * (n + 1)), n + 1);
  const docStart = new Float64Array(tail, take(8 * (n + 1)), n + 1);
  const textLength = new Uint32Array(tail, take(4 * n), n);
  const ids = Buffer.from(tail, take(idBytes), idBytes);
  const idSlots = slotBytes ? new Int32Array(tail, take(slotBytes), slotBytes / 4) : idSlotsOf(ids, idStart, n);
  return { count: n, labels, officeIds, years, reportIds, flags, idStart, docStart, textLength, ids, idSlots };
}

/** FNV-1a over bytes [from, to). */
export function hashBytes(bytes: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let b = from; b < to; b++) h = Math.imul(h ^ bytes[b], 0x01000193);
  return h >>> 0;
}

/** A power of two at least twice `n` (a table at most half full). */
export function slotsFor(n: number): number {
  let size = 16;
  while (size < n * 2) size *= 2;
  return size;
}

/** The hash table of n ids (id i is ids[idStart[i], idStart[i + 1])), linear probing. */
function idSlotsOf(ids: Uint8Array, idStart: Uint32Array, n: number): Int32Array {
  const slots = new Int32Array(slotsFor(n));
  const mask = slots.length - 1;
  for (let i = 0; i < n; i++) {
    let slot = hashBytes(ids, idStart[i], idStart[i + 1]) & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = i + 1;
  }
  return slots;
}

function align(n: number): number {
  return Math.ceil(n / 8) * 8;
}

function bytesOf(a: Uint32Array | Float64Array | Uint8Array | Int32Array, n: number): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, n * a.BYTES_PER_ELEMENT);
}

function widen<T extends Uint32Array | Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
