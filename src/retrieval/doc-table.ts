// The vector store's documents by label: those opened from a documents file (doc-file.ts)
// stay in it, as columns and bytes outside the JS heap, their text and metadata read and
// decoded only when asked for (a hit, a walk); those added since are encoded at once as
// that file stores them, in pieces outside the heap, until the next save copies their
// bytes. Issue 13: 1.1 M chunks held as strings and objects cost ~475 MB of heap and ~13 s
// to open at 100,000 reports; the collector marked them all at every full collection, and
// an ingest's added ones were copied and promoted by young collections until its save.
//
// Labels only grow (the store numbers each new document past every saved one), so the
// opened documents' labels all lie below the added ones', and walks in label order are
// the opened documents' order, then the added ones'.
//
// Added documents are encoded into one reused piece of memory, written out to a pending
// file of the table's own as it fills (where a documents file holds them: from DOCS_AT, one
// after another), and read back from there when asked for. A table that opened nothing
// and removed none of them makes that file the saved one (the tail and head written
// around them), as vector-rows.ts does with the vectors: an ingest's documents (42 MB at
// 10,000 reports) were new memory, touched once and kept until the save, then written
// out whole (issue 13).
import fs from 'node:fs';
import {
  type DocColumns,
  DocFileWriter,
  DOCS_AT,
  hashBytes,
  ID_JSON,
  numberField,
  readDocColumns,
  SHORT_DOC_FILE,
  slotsFor,
  storedForm,
  TEXT_JSON,
} from './doc-file.js';
import { DocGroups } from './doc-groups.js';
import { openPendingFile } from '../io/pending-file.js';
import { readFully, writeFully } from '../io/positional.js';

/** A document's id, text and metadata. */
export interface StoredDoc {
  id: string;
  text: string;
  metadata: Record<string, unknown>;
}

/** Bytes read at a time when walking the opened documents in order. */
const WALK_BYTES = 1 << 20;
/** Bytes of added documents gathered in memory before they are written out (a longer document takes a longer piece). */
const ADDED_PIECE = 4 << 20;
/** Which metadata fields of an added document are numbers (its columns hold NaN for the others). */
const HAS_OFFICE = 1;
const HAS_YEAR = 2;
const HAS_REPORT = 4;

/**
 * The descriptors of an opened documents file and of the added documents' pending file (and
 * its name while it has one), closed, and the pending file removed, when the table is
 * collected without close().
 */
interface Handle {
  fd: number | null;
  pending: number | null;
  pendingPath: string | null;
}
const closeHandle = (h: Handle) => {
  for (const fd of [h.fd, h.pending]) if (fd !== null) fs.closeSync(fd);
  if (h.pendingPath !== null) fs.rmSync(h.pendingPath, { force: true });
  h.fd = h.pending = h.pendingPath = null;
};

/** Where added documents wait, and in pieces of how many bytes (tests make them small). */
export interface AddedOptions {
  /** The pending file's folder (default: the system's temporary folder). */
  scratchDir?: string;
  pieceBytes?: number;
}
const collected = new FinalizationRegistry<Handle>(closeHandle);

export class DocTable {
  private readonly handle: Handle = { fd: null, pending: null, pendingPath: null };
  private readonly file: string | null;
  /** The opened documents (an empty file's columns when none). */
  private readonly cols: DocColumns;
  /** 1 for an opened document not deleted since. */
  private readonly alive: Uint8Array;
  /** Index among the opened documents of each label below `first` (-1: none). */
  private readonly indexOfLabel: Int32Array;
  /** Open addressing by the id's bytes: index + 1 of the opened document, 0 for an empty slot. */
  private readonly idSlots: Int32Array;
  /** An office's opened documents (indices, ascending), made at the first office filter. */
  private officeIndex: DocGroups | null = null;
  /** A report's opened documents (indices, ascending), made at the first question about reports. */
  private reportIndex: DocGroups | null = null;
  /** Labels from here on are added ones. */
  private readonly first: number;
  /** Added documents, by label − first: the id (undefined once removed), and the rest encoded in `added`. */
  private ids: (string | undefined)[] = [];
  private readonly added: AddedDocs;
  private addedLabelOf = new Map<string, number>();
  private addedByOffice = new Map<number, Set<number>>();
  private addedByReport = new Map<number, Set<number>>();
  private yearCounts = new Map<number, number>();
  private live = 0;
  /** The bytes last read while walking (in `walkBuffer`, reused), and the file position they start at. */
  private walkBuffer: Buffer = Buffer.alloc(0);
  private walkBytes: Buffer = Buffer.alloc(0);
  private walkAt = 0;
  private scratch = Buffer.allocUnsafe(256);

  private constructor(file: string | null, fd: number | null, cols: DocColumns, first: number, opts: AddedOptions) {
    this.file = file;
    this.handle.fd = fd;
    this.cols = cols;
    this.first = first;
    this.added = new AddedDocs(this.handle, opts.scratchDir, opts.pieceBytes ?? ADDED_PIECE);
    const n = cols.count;
    this.alive = new Uint8Array(n).fill(1);
    this.indexOfLabel = new Int32Array(n ? cols.labels[n - 1] + 1 : 0).fill(-1);
    for (let i = 0; i < n; i++) this.indexOfLabel[cols.labels[i]] = i;
    this.idSlots = cols.idSlots;
    // Counted by runs of one year (a report's chunks lie together): a map look-up a run, not a document.
    for (let i = 0; i < n; ) {
      const year = cols.years[i];
      let j = i + 1;
      while (j < n && cols.years[j] === year) j++;
      if (!Number.isNaN(year)) this.yearCounts.set(year, (this.yearCounts.get(year) ?? 0) + j - i);
      i = j;
    }
    this.live = n;
    // Registered always: added documents may open a pending file.
    collected.register(this, this.handle, this);
  }

  /** A table with nothing opened; added labels start at `first`. */
  static empty(first = 0, opts: AddedOptions = {}): DocTable {
    return new DocTable(null, null, readEmpty(), first, opts);
  }

  /** The documents of a file written by `write`; the file stays open (texts are read from it) until close(). Labels added later start at `nextLabel`. */
  static open(file: string, nextLabel: number, opts: AddedOptions = {}): DocTable {
    const fd = fs.openSync(file, 'r');
    try {
      const cols = readDocColumns(fd, file);
      const last = cols.count ? cols.labels[cols.count - 1] + 1 : 0;
      return new DocTable(file, fd, cols, Math.max(nextLabel, last), opts);
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
  }

  get size(): number {
    return this.live;
  }

  /** The documents file the table reads, or null. */
  get openedFrom(): string | null {
    return this.file;
  }

  has(label: number): boolean {
    if (label >= this.first) return this.ids[label - this.first] !== undefined;
    const i = this.indexOfLabel[label] ?? -1;
    return i >= 0 && this.alive[i] === 1;
  }

  labelOf(id: string): number | undefined {
    const added = this.addedLabelOf.get(id);
    if (added !== undefined) return added;
    const i = this.openedIndexOf(id);
    return i < 0 ? undefined : this.cols.labels[i];
  }

  /** Live labels in label order. */
  *labels(): IterableIterator<number> {
    const { cols, alive } = this;
    for (let i = 0; i < cols.count; i++) if (alive[i] === 1) yield cols.labels[i];
    for (let j = 0; j < this.ids.length; j++) if (this.ids[j] !== undefined) yield this.first + j;
  }

  /**
   * Each live document's label and year (as yearOf gives it), in labels()' order: one walk
   * of the columns, no generator and no look-up by label (a load's year groups, 1.1 M
   * documents at 100,000 reports).
   */
  forEachYear(fn: (label: number, year: number | undefined) => void): void {
    const { cols, alive } = this;
    for (let i = 0; i < cols.count; i++) if (alive[i] === 1) fn(cols.labels[i], numberOrUndefined(cols.years[i]));
    for (let j = 0; j < this.ids.length; j++) {
      if (this.ids[j] !== undefined) fn(this.first + j, this.added.number(j, HAS_YEAR));
    }
  }

  /** The live labels of an office, in label order. */
  *officeLabels(officeId: number): IterableIterator<number> {
    const opened = this.offices().indicesOf(officeId);
    if (opened) for (const i of opened) if (this.alive[i] === 1) yield this.cols.labels[i];
    const added = this.addedByOffice.get(officeId);
    if (added) yield* added;
  }

  /** The live labels whose metadata `reportId` is this number, in label order. */
  *reportLabels(reportId: number): IterableIterator<number> {
    const opened = this.reports().indicesOf(reportId);
    if (opened) for (const i of opened) if (this.alive[i] === 1) yield this.cols.labels[i];
    const added = this.addedByReport.get(reportId);
    if (added) yield* added;
  }

  /** The first live label (in label order) whose metadata `reportId` is this number, or undefined. */
  firstReportLabel(reportId: number): number | undefined {
    const i = this.reports().firstOf(reportId, this.isAlive);
    if (i >= 0) return this.cols.labels[i];
    const added = this.addedByReport.get(reportId);
    if (added) for (const label of added) return label;
    return undefined;
  }

  /** Every `reportId` (a number) some live document has, ascending. */
  reportIds(): number[] {
    const reports = this.reports();
    const out = reports.valuesWhere(this.isAlive);
    for (const [reportId, added] of this.addedByReport)
      if (added.size && (!reports.has(reportId) || reports.firstOf(reportId, this.isAlive) < 0)) out.push(reportId);
    return out.sort((a, b) => a - b);
  }

  /** Live documents of a year. */
  yearCount(year: number): number {
    return this.yearCounts.get(year) ?? 0;
  }

  idOf(label: number): string {
    if (label >= this.first) return this.ids[label - this.first]!;
    const i = this.indexOfLabel[label];
    const { cols } = this;
    const id = cols.ids.toString('utf8', cols.idStart[i], cols.idStart[i + 1]);
    return cols.flags[i] & ID_JSON ? (JSON.parse(id) as string) : id;
  }

  /** The metadata field `officeId` of a live document, when a number. */
  officeIdOf(label: number): number | undefined {
    return this.numberOf(label, 'officeId', this.cols.officeIds);
  }

  /** The metadata field `year` of a live document, when a number. */
  yearOf(label: number): number | undefined {
    return this.numberOf(label, 'year', this.cols.years);
  }

  /** The metadata field `reportId` of a live document, when a number. */
  reportIdOf(label: number): number | undefined {
    return this.numberOf(label, 'reportId', this.cols.reportIds);
  }

  /** The metadata of a live document (an opened one's decoded afresh at each call). */
  metadataOf(label: number): Record<string, unknown> {
    if (label >= this.first) return this.added.read(label - this.first, false).metadata;
    return this.readOpened(this.indexOfLabel[label], false).metadata;
  }

  /** A live document: `walking` reads ahead, for calls in label order. */
  docOf(label: number, walking = false): StoredDoc {
    if (label >= this.first) {
      const j = label - this.first;
      return { id: this.ids[j]!, ...this.added.read(j, walking) };
    }
    const i = this.indexOfLabel[label];
    const { text, metadata } = this.readOpened(i, walking);
    return { id: this.idOf(label), text, metadata };
  }

  /**
   * Adds a document under a new label (at or past every label the table holds): its text and
   * metadata encoded now, as they are then (read back, they are decoded as a saved one's).
   */
  add(label: number, id: string, text: string, metadata: Record<string, unknown>): void {
    if (label < this.first) throw new Error(`文本块编号 ${label} 已被占用`);
    const j = label - this.first;
    this.ids[j] = id;
    this.added.put(j, text, metadata);
    this.addedLabelOf.set(id, label);
    file(this.addedByOffice, metadata.officeId, label);
    file(this.addedByReport, metadata.reportId, label);
    this.countYear(metadata.year, 1);
    this.live++;
  }

  /** Removes a live document; false when there is none under the label. */
  remove(label: number): boolean {
    if (!this.has(label)) return false;
    if (label >= this.first) {
      const j = label - this.first;
      const { added } = this;
      this.addedLabelOf.delete(this.ids[j]!);
      if (added.has(j, HAS_OFFICE)) this.addedByOffice.get(added.officeIds[j])?.delete(label);
      if (added.has(j, HAS_REPORT)) this.addedByReport.get(added.reportIds[j])?.delete(label);
      this.countYear(added.number(j, HAS_YEAR), -1);
      this.ids[j] = undefined;
      added.removed = true;
    } else {
      const i = this.indexOfLabel[label];
      this.alive[i] = 0;
      this.countYear(numberOrUndefined(this.cols.years[i]), -1);
    }
    this.live--;
    return true;
  }

  /**
   * Writes every live document to the documents file `file` (flushed; the caller renames it
   * into place): the added documents' pending file made that file when it holds every one
   * of them in order and nothing else (nothing opened, none removed), else written whole.
   */
  save(file: string): void {
    if (this.cols.count === 0 && this.added.adopt(file, (writer) => this.listAdded(writer))) return;
    const writer = new DocFileWriter(file);
    try {
      this.write(writer);
      writer.finish();
    } catch (err) {
      writer.abort();
      throw err;
    }
  }

  /** Lists the added documents to a writer adopting their bytes, in label order. */
  private listAdded(writer: DocFileWriter): void {
    const { added } = this;
    for (let j = 0; j < this.ids.length; j++) {
      const id = this.ids[j];
      if (id === undefined) continue;
      writer.addKept(this.first + j, id, added.flags[j], added.textBytes[j], added.bytes[j], {
        officeId: added.officeIds[j],
        year: added.years[j],
        reportId: added.reportIds[j],
      });
    }
  }

  /** Writes every live document to `writer`, in label order, each copied as stored (opened or added). */
  write(writer: DocFileWriter): void {
    const { cols, alive } = this;
    for (let i = 0; i < cols.count; i++) {
      if (alive[i] !== 1) continue;
      const bytes = this.bytesOf(i, true);
      writer.addStored(cols.labels[i], this.idOf(cols.labels[i]), cols.flags[i], cols.textLength[i], bytes, {
        officeId: cols.officeIds[i],
        year: cols.years[i],
        reportId: cols.reportIds[i],
      });
    }
    const { added } = this;
    for (let j = 0; j < this.ids.length; j++) {
      const id = this.ids[j];
      if (id === undefined) continue;
      writer.addStored(this.first + j, id, added.flags[j], added.textBytes[j], added.bytesOf(j, true), {
        officeId: added.officeIds[j],
        year: added.years[j],
        reportId: added.reportIds[j],
      });
    }
  }

  /** Closes the documents file. */
  close(): void {
    collected.unregister(this);
    closeHandle(this.handle);
  }

  private numberOf(label: number, field: string, column: Float64Array): number | undefined {
    if (label >= this.first) return this.added.number(label - this.first, ADDED_FIELD[field]);
    return numberOrUndefined(column[this.indexOfLabel[label]]);
  }

  private countYear(year: unknown, by: number): void {
    if (typeof year === 'number') this.yearCounts.set(year, (this.yearCounts.get(year) ?? 0) + by);
  }

  /** The live opened document of an id, or -1. */
  private openedIndexOf(id: string): number {
    const { cols } = this;
    if (!cols.count) return -1;
    const form = storedForm(id);
    const length = Buffer.byteLength(form.text);
    if (length > this.scratch.length) this.scratch = Buffer.allocUnsafe(length * 2);
    const key = this.scratch;
    key.write(form.text, 0, 'utf8');
    const mask = this.idSlots.length - 1;
    for (let slot = hashBytes(key, 0, length) & mask; this.idSlots[slot] !== 0; slot = (slot + 1) & mask) {
      const i = this.idSlots[slot] - 1;
      const from = cols.idStart[i];
      if (cols.idStart[i + 1] - from !== length || ((cols.flags[i] & ID_JSON) !== 0) !== form.json) continue;
      let same = true;
      for (let b = 0; b < length && same; b++) same = cols.ids[from + b] === key[b];
      if (same) return this.alive[i] === 1 ? i : -1;
    }
    return -1;
  }

  /** An opened document's text and metadata, decoded. */
  private readOpened(i: number, walking: boolean): { text: string; metadata: Record<string, unknown> } {
    const bytes = this.bytesOf(i, walking);
    const textBytes = this.cols.textLength[i];
    const raw = bytes.toString('utf8', 0, textBytes);
    const text = this.cols.flags[i] & TEXT_JSON ? (JSON.parse(raw) as string) : raw;
    return { text, metadata: JSON.parse(bytes.toString('utf8', textBytes)) as Record<string, unknown> };
  }

  /** An opened document's stored bytes (a view the next read may reuse). */
  private bytesOf(i: number, walking: boolean): Buffer {
    const { docStart } = this.cols;
    const from = docStart[i];
    const to = docStart[i + 1];
    if (from >= this.walkAt && to <= this.walkAt + this.walkBytes.length)
      return this.walkBytes.subarray(from - this.walkAt, to - this.walkAt);
    const fd = this.handle.fd;
    if (fd === null) throw new Error('文本文件已关闭');
    if (!walking) {
      const one = Buffer.allocUnsafe(to - from);
      readFully(fd, one, from, SHORT_DOC_FILE);
      return one;
    }
    // Walking: this document and those after it, up to WALK_BYTES (or this one alone, when longer).
    const end = Math.max(to, Math.min(docStart[this.cols.count], from + WALK_BYTES));
    if (this.walkBuffer.length < end - from) this.walkBuffer = Buffer.allocUnsafe(Math.max(end - from, WALK_BYTES));
    const view = this.walkBuffer.subarray(0, end - from);
    readFully(fd, view, from, SHORT_DOC_FILE);
    this.walkBytes = view;
    this.walkAt = from;
    return view.subarray(0, to - from);
  }

  private readonly isAlive = (i: number): boolean => this.alive[i] === 1;

  private offices(): DocGroups {
    this.officeIndex ??= DocGroups.of(this.cols.officeIds, this.cols.count);
    return this.officeIndex;
  }

  private reports(): DocGroups {
    this.reportIndex ??= DocGroups.of(this.cols.reportIds, this.cols.count);
    return this.reportIndex;
  }
}

/** An added document's flag for a filter's field. */
const ADDED_FIELD: Record<string, number> = { officeId: HAS_OFFICE, year: HAS_YEAR, reportId: HAS_REPORT };

/**
 * Added documents as a documents file holds them (doc-file.ts: the text's UTF-8, or its JSON
 * when UTF-8 cannot hold it, then the metadata's JSON), one after another in the order added,
 * with the numbers their filters read; by index (label − the table's first added label).
 * Encoded into one piece of memory, reused: a full piece is written to the pending file, at
 * DOCS_AT + its place, as a documents file would hold it. A removed one's bytes stay until
 * the table is saved and opened anew.
 */
class AddedDocs {
  /** The bytes from `pieceAt` on (`used` of them); those before lie in the pending file. */
  private piece: Buffer | null = null;
  private pieceAt = 0;
  private used = 0;
  /** Bytes read back from the pending file (reused), and where they start among the added bytes. */
  private window: Buffer = Buffer.alloc(0);
  private windowAt = 0;
  private windowBytes = 0;
  /** Each one's bytes begin at at[j] and follow the one before: added in index order. */
  private inOrder = true;
  private lastIndex = -1;
  private cap = 0;
  /** Set when one is removed: its bytes lie among the others', which a saved file cannot hold. */
  removed = false;
  at = new Float64Array(0);
  textBytes = new Uint32Array(0);
  bytes = new Uint32Array(0);
  /** TEXT_JSON, as the documents file flags it. */
  flags = new Uint8Array(0);
  /** HAS_OFFICE, HAS_YEAR, HAS_REPORT: which of the three are numbers in the metadata. */
  numbers = new Uint8Array(0);
  /** numberField of each (NaN where not a number). */
  officeIds = new Float64Array(0);
  years = new Float64Array(0);
  reportIds = new Float64Array(0);

  constructor(
    private readonly handle: Handle,
    private readonly scratchDir: string | undefined,
    private readonly pieceBytes: number,
  ) {}

  /** Encodes document j (its metadata's JSON as it is now). */
  put(j: number, text: string, metadata: Record<string, unknown>): void {
    if (j >= this.cap) this.grow(j + 1);
    if (j <= this.lastIndex) this.inOrder = false;
    this.lastIndex = j;
    const t = storedForm(text);
    const meta = JSON.stringify(metadata);
    // Room for the most UTF-8 they can take (3 bytes a UTF-16 unit); write() says how much they took.
    const piece = this.room(3 * (t.text.length + meta.length));
    const at = this.used;
    const textBytes = piece.write(t.text, at, 'utf8');
    const bytes = textBytes + piece.write(meta, at + textBytes, 'utf8');
    this.used += bytes;
    this.at[j] = this.pieceAt + at;
    this.textBytes[j] = textBytes;
    this.bytes[j] = bytes;
    this.flags[j] = t.json ? TEXT_JSON : 0;
    const { officeId, year, reportId } = metadata;
    this.numbers[j] =
      (typeof officeId === 'number' ? HAS_OFFICE : 0) |
      (typeof year === 'number' ? HAS_YEAR : 0) |
      (typeof reportId === 'number' ? HAS_REPORT : 0);
    this.officeIds[j] = numberField(officeId);
    this.years[j] = numberField(year);
    this.reportIds[j] = numberField(reportId);
  }

  /** Whether document j's metadata field (HAS_…) is a number. */
  has(j: number, field: number): boolean {
    return (this.numbers[j] & field) !== 0;
  }

  /** Document j's metadata field (HAS_…) when a number. */
  number(j: number, field: number): number | undefined {
    if (!this.has(j, field)) return undefined;
    return field === HAS_OFFICE ? this.officeIds[j] : field === HAS_YEAR ? this.years[j] : this.reportIds[j];
  }

  /**
   * Document j's stored bytes (a view the next call may reuse); `walking` reads ahead from the
   * pending file, for calls in index order.
   */
  bytesOf(j: number, walking: boolean): Buffer {
    const at = this.at[j];
    const n = this.bytes[j];
    if (at >= this.pieceAt) return this.piece!.subarray(at - this.pieceAt, at - this.pieceAt + n);
    if (at >= this.windowAt && at + n <= this.windowAt + this.windowBytes)
      return this.window.subarray(at - this.windowAt, at - this.windowAt + n);
    const fd = this.handle.pending;
    if (fd === null) throw new Error('文本文件已关闭');
    if (!walking) {
      const one = Buffer.allocUnsafe(n);
      readFully(fd, one, DOCS_AT + at, SHORT_DOC_FILE);
      return one;
    }
    // This document and those after it in the file, up to WALK_BYTES (or this one alone, when longer).
    const end = Math.max(at + n, Math.min(this.pieceAt, at + WALK_BYTES));
    if (this.window.length < end - at) this.window = Buffer.allocUnsafe(Math.max(end - at, WALK_BYTES));
    readFully(fd, this.window.subarray(0, end - at), DOCS_AT + at, SHORT_DOC_FILE);
    this.windowAt = at;
    this.windowBytes = end - at;
    return this.window.subarray(0, n);
  }

  /** Document j's text and metadata, decoded. */
  read(j: number, walking: boolean): { text: string; metadata: Record<string, unknown> } {
    const bytes = this.bytesOf(j, walking);
    const raw = bytes.toString('utf8', 0, this.textBytes[j]);
    const text = this.flags[j] & TEXT_JSON ? (JSON.parse(raw) as string) : raw;
    return { text, metadata: JSON.parse(bytes.toString('utf8', this.textBytes[j])) as Record<string, unknown> };
  }

  /**
   * Makes the pending file the documents file `file` when it holds every added document, in
   * order, and nothing else: `list` names them to a writer adopting it, which writes the
   * tail and head after them. False, having changed nothing, when it cannot be (none
   * written out yet, one removed or out of order, the file gone or on another file system):
   * the caller then writes the file whole. The file, renamed, is the caller's from then on;
   * its descriptor stays the table's (what was added is read through it until closed).
   */
  adopt(file: string, list: (writer: DocFileWriter) => void): boolean {
    const { pending: fd, pendingPath } = this.handle;
    if (fd === null || pendingPath === null || this.removed || !this.inOrder) return false;
    this.spill();
    try {
      fs.renameSync(pendingPath, file);
    } catch {
      // Removed as stale by another process, or another file system: written whole instead.
      return false;
    }
    this.handle.pendingPath = null;
    const writer = DocFileWriter.adopting(file, fd, this.pieceAt);
    try {
      list(writer);
      writer.finish();
    } catch (err) {
      writer.abort();
      throw err;
    }
    return true;
  }

  /** The piece with room for `most` more bytes: the full one written out first, a larger one for a long document. */
  private room(most: number): Buffer {
    if (this.piece && this.used + most <= this.piece.length) return this.piece;
    this.spill();
    if (!this.piece || most > this.piece.length) this.piece = Buffer.allocUnsafe(Math.max(this.pieceBytes, most));
    return this.piece;
  }

  /** Writes the piece's bytes to the pending file, where a documents file holds them; the piece is empty after. */
  private spill(): void {
    if (!this.used) return;
    writeFully(this.pendingFd(), this.piece!.subarray(0, this.used), DOCS_AT + this.pieceAt);
    this.pieceAt += this.used;
    this.used = 0;
  }

  /** The pending file, opened at its first use: in the scratch folder, else the system's temporary folder. */
  private pendingFd(): number {
    if (this.handle.pending !== null) return this.handle.pending;
    const { fd, path } = openPendingFile('docs', this.scratchDir, '无法创建文本的临时文件');
    this.handle.pending = fd;
    this.handle.pendingPath = path;
    return fd;
  }

  private grow(n: number): void {
    const cap = Math.max(n, 2 * this.cap, 1024);
    const wider = <T extends Uint32Array | Uint8Array | Float64Array>(old: T, next: T): T => {
      next.set(old);
      return next;
    };
    this.at = wider(this.at, new Float64Array(cap));
    this.textBytes = wider(this.textBytes, new Uint32Array(cap));
    this.bytes = wider(this.bytes, new Uint32Array(cap));
    this.flags = wider(this.flags, new Uint8Array(cap));
    this.numbers = wider(this.numbers, new Uint8Array(cap));
    this.officeIds = wider(this.officeIds, new Float64Array(cap));
    this.years = wider(this.years, new Float64Array(cap));
    this.reportIds = wider(this.reportIds, new Float64Array(cap));
    this.cap = cap;
  }
}

/** Adds a label to the set of a metadata value, when it is a number. */
function file(sets: Map<number, Set<number>>, key: unknown, label: number): void {
  if (typeof key !== 'number') return;
  const set = sets.get(key);
  if (set) set.add(label);
  else sets.set(key, new Set([label]));
}

function numberOrUndefined(v: number): number | undefined {
  return Number.isNaN(v) ? undefined : v;
}

function readEmpty(): DocColumns {
  return {
    count: 0,
    labels: new Uint32Array(0),
    officeIds: new Float64Array(0),
    years: new Float64Array(0),
    reportIds: new Float64Array(0),
    flags: new Uint8Array(0),
    idStart: new Uint32Array(1),
    ids: Buffer.alloc(0),
    docStart: new Float64Array(1),
    textLength: new Uint32Array(0),
    idSlots: new Int32Array(slotsFor(0)),
  };
}
