// The vector store's documents by label: those opened from a documents file (doc-file.ts)
// stay in it, as columns and bytes outside the JS heap, their text and metadata read and
// decoded only when asked for (a hit, a walk); those added since are held as objects
// until the next save. Issue 13: 1.1 M chunks held as strings and objects cost ~475 MB of
// heap and ~13 s to open at 100,000 reports; the collector marked them all at every
// full collection.
//
// Labels only grow (the store numbers each new document past every saved one), so the
// opened documents' labels all lie below the added ones', and walks in label order are
// the opened documents' order, then the added ones'.
import fs from 'node:fs';
import {
  type DocColumns,
  type DocFileWriter,
  hashBytes,
  ID_JSON,
  readDocColumns,
  SHORT_DOC_FILE,
  slotsFor,
  storedForm,
  TEXT_JSON,
} from './doc-file.js';
import { DocGroups } from './doc-groups.js';
import { readFully } from '../io/positional.js';

/** A document's id, text and metadata. */
export interface StoredDoc {
  id: string;
  text: string;
  metadata: Record<string, unknown>;
}

/** Bytes read at a time when walking the opened documents in order. */
const WALK_BYTES = 1 << 20;

/** The descriptor of an opened documents file, closed when the table is collected without close(). */
interface Handle {
  fd: number | null;
}
const closeHandle = (h: Handle) => {
  if (h.fd !== null) fs.closeSync(h.fd);
  h.fd = null;
};
const collected = new FinalizationRegistry<Handle>(closeHandle);

export class DocTable {
  private readonly handle: Handle = { fd: null };
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
  private ids: (string | undefined)[] = [];
  private texts: (string | undefined)[] = [];
  private metas: (Record<string, unknown> | undefined)[] = [];
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

  private constructor(file: string | null, fd: number | null, cols: DocColumns, first: number) {
    this.file = file;
    this.handle.fd = fd;
    this.cols = cols;
    this.first = first;
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
    if (fd !== null) collected.register(this, this.handle, this);
  }

  /** A table with nothing opened; added labels start at `first`. */
  static empty(first = 0): DocTable {
    return new DocTable(null, null, readEmpty(), first);
  }

  /** The documents of a file written by `write`; the file stays open (texts are read from it) until close(). Labels added later start at `nextLabel`. */
  static open(file: string, nextLabel: number): DocTable {
    const fd = fs.openSync(file, 'r');
    try {
      const cols = readDocColumns(fd, file);
      const last = cols.count ? cols.labels[cols.count - 1] + 1 : 0;
      return new DocTable(file, fd, cols, Math.max(nextLabel, last));
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
      if (this.ids[j] === undefined) continue;
      const year = this.metas[j]?.year;
      fn(this.first + j, typeof year === 'number' ? year : undefined);
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
    if (label >= this.first) return this.metas[label - this.first]!;
    return this.readOpened(this.indexOfLabel[label], false).metadata;
  }

  /** A live document: `walking` reads ahead, for calls in label order. */
  docOf(label: number, walking = false): StoredDoc {
    if (label >= this.first) {
      const j = label - this.first;
      return { id: this.ids[j]!, text: this.texts[j]!, metadata: this.metas[j]! };
    }
    const i = this.indexOfLabel[label];
    const { text, metadata } = this.readOpened(i, walking);
    return { id: this.idOf(label), text, metadata };
  }

  /** Adds a document under a new label (at or past every label the table holds), its text and metadata kept as given. */
  add(label: number, id: string, text: string, metadata: Record<string, unknown>): void {
    if (label < this.first) throw new Error(`文本块编号 ${label} 已被占用`);
    const j = label - this.first;
    this.ids[j] = id;
    this.texts[j] = text;
    this.metas[j] = metadata;
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
      const meta = this.metas[j]!;
      this.addedLabelOf.delete(this.ids[j]!);
      if (typeof meta.officeId === 'number') this.addedByOffice.get(meta.officeId)?.delete(label);
      if (typeof meta.reportId === 'number') this.addedByReport.get(meta.reportId)?.delete(label);
      this.countYear(meta.year, -1);
      this.ids[j] = undefined;
      this.texts[j] = undefined;
      this.metas[j] = undefined;
    } else {
      const i = this.indexOfLabel[label];
      this.alive[i] = 0;
      this.countYear(numberOrUndefined(this.cols.years[i]), -1);
    }
    this.live--;
    return true;
  }

  /** Writes every live document to `writer`, in label order: the opened ones copied as stored, the added ones encoded. */
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
    for (let j = 0; j < this.ids.length; j++) {
      const id = this.ids[j];
      if (id !== undefined) writer.add(this.first + j, id, this.texts[j]!, this.metas[j]!);
    }
  }

  /** Closes the documents file. */
  close(): void {
    collected.unregister(this);
    closeHandle(this.handle);
  }

  private numberOf(label: number, field: string, column: Float64Array): number | undefined {
    if (label >= this.first) {
      const v = this.metas[label - this.first]?.[field];
      return typeof v === 'number' ? v : undefined;
    }
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
