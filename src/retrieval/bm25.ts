// Okapi BM25 over token lists, kept compact (typed arrays, no per-posting objects)
// so that 100,000+ chunks fit in tens of MB. Documents are removed by tombstone;
// `compact()` (or building afresh) reclaims their postings. An index opened from its file
// (bm25-file.ts) searches over views of the file's columns, each term's postings read when a
// search first needs them; what only adding and removing need (keys by name, per-document
// term lists, every posting) is built at the first change.
import fs from 'node:fs';
import { placeFileAtomicSync, writeFileAtomicSync } from '../io/index.js';
import { writeFully } from '../io/positional.js';
import {
  type Bm25Draft,
  type Bm25FileView,
  draftBm25File,
  isBm25File,
  openBm25File,
  readBm25File,
  viewOf,
  writeBm25File,
} from './bm25-file.js';
import { BlockWalk } from './bm25-walk.js';
import { DocGroups } from './doc-groups.js';
import { KeySlots } from './key-slots.js';
import { TermTable } from './term-table.js';
import type { Terms } from './terms.js';
import { TopSlots } from './top-slots.js';

export interface Bm25Options {
  k1?: number;
  b?: number;
}

export interface Bm25Doc {
  /** The caller's key for the document (e.g. a chunk id). */
  key: string;
  officeId: number;
  year: number;
  tokens: string[];
}

export interface Bm25Filter {
  officeIds?: number[];
  year?: number;
}

export interface Bm25Result {
  key: string;
  score: number;
}

/** A growable posting list: document slots and term frequencies side by side. */
class Postings {
  slots: Int32Array;
  tfs: Uint16Array;
  n = 0;
  constructor(capacity = 4) {
    this.slots = new Int32Array(Math.max(4, capacity));
    this.tfs = new Uint16Array(Math.max(4, capacity));
  }
  /** A full list over views of shared arrays (an opened index's; a push copies it out first). */
  static over(slots: Int32Array, tfs: Uint16Array): Postings {
    const p = new Postings(0);
    p.slots = slots;
    p.tfs = tfs;
    p.n = slots.length;
    return p;
  }
  push(slot: number, tf: number): void {
    if (this.n === this.slots.length) {
      const slots = new Int32Array(Math.max(4, this.n * 2));
      slots.set(this.slots);
      this.slots = slots;
      const tfs = new Uint16Array(Math.max(4, this.n * 2));
      tfs.set(this.tfs);
      this.tfs = tfs;
    }
    this.slots[this.n] = slot;
    this.tfs[this.n] = Math.min(tf, 65535);
    this.n++;
  }
  /** Room for `n` postings in all (grown as push grows, at least doubling). */
  reserve(n: number): void {
    if (n <= this.slots.length) return;
    const size = Math.max(4, 2 * this.slots.length, n);
    const slots = new Int32Array(size);
    slots.set(this.slots.subarray(0, this.n));
    this.slots = slots;
    const tfs = new Uint16Array(size);
    tfs.set(this.tfs.subarray(0, this.n));
    this.tfs = tfs;
  }
}

/** Postings written at a time by writeFile (slots, tfs and ranks: 7 MB with ranks of a byte). */
const POSTINGS_PIECE = 1 << 20;

/** A file drafted by toBytes' work, and what its postings are written from. */
interface Drafted {
  file: Bm25Draft;
  /** The live slots, in file order. */
  live: number[];
  /** Per term id, its number in the file (-1: in no live document). */
  remap: Int32Array;
  termStarts: Uint32Array;
  rankBytes: 1 | 2 | 4;
}

/** Term pool entries below which the pools grow fourfold, not by half (4 M: 24 MB of both pools; c10k's fresh index holds 3.7 M). */
const POOL_QUADRUPLES = 1 << 22;

export class Bm25Index {
  readonly k1: number;
  readonly b: number;
  private termIds = new Map<string, number>();
  /**
   * Per term, the slots below `filed` that hold it. Documents are filed here only when a
   * search or a save needs them (fileSlots): added, they go to the pools alone, and the
   * postings of many are filed at once by a counting sort (issue 13: pushing each
   * document's terms onto ~4 M small growing lists was a third of BM25's adding).
   */
  private postings: Postings[] = [];
  /** While opened: each term's posting ranks, read with its postings (termPostings). */
  private termRanks: (Uint8Array | Uint16Array | Uint32Array | undefined)[] = [];
  private filed = 0;
  /** Live documents containing each term. */
  private df: number[] = [];
  /** Per slot its key (null: removed); null while the index is as opened (keyAt reads the file's). */
  private keys: (string | null)[] | null = [];
  /** Slots filed, removed ones included. */
  private slotCount = 0;
  /** Per slot; the file's typed columns while opened, arrays once changed (pushed only then). */
  private lengths: number[] | Uint32Array = [];
  private officeColumn: number[] | Float64Array | null = [];
  private yearColumn: number[] | Float64Array | null = [];
  /** Per slot; null while opened and not yet read: the file's column, read at its first use. */
  private get officeOf(): number[] | Float64Array {
    this.officeColumn ??= this.opened!.offices;
    return this.officeColumn;
  }
  private set officeOf(column: number[] | Float64Array) {
    this.officeColumn = column;
  }
  private get yearOf(): number[] | Float64Array {
    this.yearColumn ??= this.opened!.years;
    return this.yearColumn;
  }
  private set yearOf(column: number[] | Float64Array) {
    this.yearColumn = column;
  }
  private termNames: string[] = [];
  /** While opened: the file's terms by their text (termIds and termNames are made at the first change). */
  private termTable: TermTable | null = null;
  /** The file's columns while the index is as opened (no document added or removed since), else null. */
  private opened: Bm25FileView | null = null;
  /** The tag the index was saved with (see toBytes), or null. */
  private savedTag: string | null = null;
  /**
   * Per slot: its distinct term ids and their counts (df on removal, compaction, saving),
   * at docStart[slot] for docCount[slot] entries of two shared pools: one array each for
   * all documents, not two small ones per document (~250 bytes of bookkeeping each:
   * ~0.5 GB at 1.1 M chunks, issue 13).
   */
  private termPool = new Int32Array(1024);
  private tfPool = new Uint16Array(1024);
  private poolUsed = 0;
  private docStart: number[] = [];
  private docCount: number[] = [];
  private slotOf = new KeySlots();
  /** Each office's slots, ascending; made at the first search narrowed by office. */
  private byOffice: Map<number, number[]> | null = null;
  /** While opened: each office's slots, made at the first search narrowed by office (slotsOfOffice). */
  private openedByOffice: DocGroups | null = null;
  /** Score accumulator reused across queries (zeroed after each). */
  private scratch = new Float64Array(0);
  private touched = new Int32Array(0);
  /**
   * Per slot, the length part of the score's denominator, k1 × (1 − b + b × length / avgdl),
   * for the avgdl it was worked out at: an unfiltered search walks ~1 M postings at 100,000
   * reports, and this saves each a division and a lookup (the same numbers: the same
   * expression, evaluated once a slot). A removed document's is −1, so the walk reads
   * one array a posting, not the keys too. Redone when avgdl, the slots or the removed change.
   */
  private lengthNorms = new Float64Array(0);
  private normsAvgdl = Number.NaN;
  private normsSlots = 0;
  /** Counts the times lengthNorms was worked out (the block walk copies them only then). */
  private normsVersion = 0;
  /** The block walk of dense queries, made at the first. */
  private walker: BlockWalk | null = null;
  /** Per term id, its count in the document being added (zeroed after each). */
  private tally = new Int32Array(0);
  /** The tokenizer's numbering addNumbered was last given, and per number there its term id here (-1: not looked up yet). */
  private numbering: Terms | null = null;
  private idOfNumber = new Int32Array(0);
  private live = 0;
  private totalLength = 0;
  private dead = 0;

  constructor(opts: Bm25Options = {}) {
    this.k1 = opts.k1 ?? 1.2;
    this.b = opts.b ?? 0.75;
  }

  get size(): number {
    return this.live;
  }

  has(key: string): boolean {
    this.editable();
    return this.slotOf.has(key);
  }

  /** The tag the opened file was written with (toBytes), while no document was added or removed since; else null. */
  get tag(): string | null {
    return this.savedTag;
  }

  add(doc: Bm25Doc): void {
    this.editable();
    this.claim(doc.key);
    // Counted by term id in a reused array rather than a Map of the strings per document;
    // terms are numbered and listed in the order they first occur, as addCounts does.
    const tokens = doc.tokens;
    const start = this.reserve(tokens.length);
    let n = 0;
    for (const t of tokens) n = this.tallyTerm(this.termId(t), start, n);
    this.fileTallied(doc.key, doc.officeId, doc.year, tokens.length, start, n);
  }

  /**
   * add() of a document whose tokens are `ids[from, to)` in the tokenizer's numbering
   * `terms` (cutTerms): the same index as add() of their names, each term's string looked
   * up once per numbering, not once a token.
   */
  addNumbered(
    key: string,
    officeId: number,
    year: number,
    terms: Terms,
    ids: Int32Array,
    from: number,
    to: number,
  ): void {
    this.editable();
    this.claim(key);
    if (terms !== this.numbering) {
      this.numbering = terms;
      this.idOfNumber = new Int32Array(0);
    }
    if (this.idOfNumber.length < terms.size) {
      const wider = new Int32Array(Math.max(1024, 2 * terms.size)).fill(-1);
      wider.set(this.idOfNumber);
      this.idOfNumber = wider;
    }
    const idOf = this.idOfNumber;
    const start = this.reserve(to - from);
    let n = 0;
    for (let i = from; i < to; i++) {
      let id = idOf[ids[i]];
      if (id < 0) id = idOf[ids[i]] = this.termId(terms.names[ids[i]]);
      n = this.tallyTerm(id, start, n);
    }
    this.fileTallied(key, officeId, year, to - from, start, n);
  }

  /**
   * Counts one occurrence of term `id` in the document being added, whose distinct terms so
   * far (n) are listed in the term pool from `start` (reserved for one a token: a document
   * is tallied in place, not in arrays of its own copied in after); returns the new n.
   */
  private tallyTerm(id: number, start: number, n: number): number {
    if (id >= this.tally.length) {
      const wider = new Int32Array(Math.max(1024, 2 * id + 2));
      wider.set(this.tally);
      this.tally = wider;
    }
    if (this.tally[id]++ === 0) this.termPool[start + n++] = id;
    return n;
  }

  /** Files the document tallied at `start` (n distinct terms), its counts beside them, and zeroes the tally for the next. */
  private fileTallied(key: string, officeId: number, year: number, length: number, start: number, n: number): void {
    const { termPool, tfPool, tally, df } = this;
    for (let j = start; j < start + n; j++) {
      const id = termPool[j];
      tfPool[j] = Math.min(tally[id], 65535);
      tally[id] = 0;
      df[id]++;
    }
    // The reservation was for one term a token: what was not used goes back.
    this.poolUsed = start + n;
    this.fileDoc(key, officeId, year, length, start, n);
  }

  /** A term's id, numbering it when it is new. */
  private termId(token: string): number {
    let id = this.termIds.get(token);
    if (id === undefined) {
      id = this.termNames.length;
      this.termIds.set(token, id);
      this.termNames.push(token);
      this.df.push(0);
    }
    return id;
  }

  private addCounts(key: string, officeId: number, year: number, length: number, counts: Map<string, number>): void {
    this.claim(key);
    const ids: number[] = [];
    const tfs: number[] = [];
    for (const [token, n] of counts) {
      ids.push(this.termId(token));
      tfs.push(Math.min(n, 65535));
    }
    this.addTerms(key, officeId, year, length, ids, tfs);
  }

  /** Files a new document under the next slot: its distinct term ids and their counts. */
  private addTerms(
    key: string,
    officeId: number,
    year: number,
    length: number,
    ids: ArrayLike<number>,
    tfs: ArrayLike<number>,
  ): void {
    const count = ids.length;
    const start = this.reserve(count);
    for (let j = 0; j < count; j++) {
      this.df[ids[j]]++;
      this.termPool[start + j] = ids[j];
      this.tfPool[start + j] = tfs[j];
    }
    this.fileDoc(key, officeId, year, length, start, count);
  }

  /**
   * Files `key` under the next slot, removing the document filed under it before: one probe
   * of the key table for a new key, where a lookup and then a filing took two.
   */
  private claim(key: string): void {
    const before = this.slotOf.put(key, this.slotCount);
    if (before >= 0) this.drop(before);
  }

  /** The next slot's bookkeeping (claimed for `key`), for a document whose `count` terms are in the pools from `start`. */
  private fileDoc(key: string, officeId: number, year: number, length: number, start: number, count: number): void {
    const slot = this.slotCount++;
    this.savedTag = null;
    // Arrays here: editable() made them so before any document is added.
    this.keys!.push(key);
    (this.lengths as number[]).push(length);
    (this.officeOf as number[]).push(officeId);
    (this.yearOf as number[]).push(year);
    this.docStart.push(start);
    this.docCount.push(count);
    if (this.byOffice) {
      const list = this.byOffice.get(officeId);
      if (list) list.push(slot);
      else this.byOffice.set(officeId, [slot]);
    }
    this.live++;
    this.totalLength += length;
  }

  /** Room for n more entries in the pools; returns where they start. */
  private reserve(n: number): number {
    const start = this.poolUsed;
    if (start + n > this.termPool.length) {
      // Large pools by half again, not double: a pool opened from a saved index is exactly
      // full, and at 100,000 reports doubling it for one new report would claim ~0.8 GB more.
      // Below POOL_QUADRUPLES four times over: each growth allocates, zeroes and copies in a
      // process that holds much else, and c10k's fresh ingest grew ~20 times by half to its
      // 3.7 M entries, ~250 ms of CPU (the last growths 35–80 ms each), where six growths
      // fourfold cost 30–55 ms; the room past the end stays untouched memory until used.
      const grown = this.termPool.length < POOL_QUADRUPLES ? 4 * this.termPool.length : 1.5 * this.termPool.length;
      const size = Math.max(Math.ceil(grown), start + n + 1024);
      const terms = new Int32Array(size);
      terms.set(this.termPool.subarray(0, start));
      this.termPool = terms;
      const tfs = new Uint16Array(size);
      tfs.set(this.tfPool.subarray(0, start));
      this.tfPool = tfs;
    }
    this.poolUsed = start + n;
    return start;
  }

  /**
   * Files the postings of the slots added since the last filing (removed ones too, as
   * adding them one by one did: a search skips them by their norm), in slot order, so each
   * list is what pushing document after document made. Many at once: counted first, then
   * terms without a list get views of one shared block, exactly sized (a push copies
   * one out), and the others grow once. A few: pushed.
   */
  private fileSlots(): void {
    const from = this.filed;
    const to = this.slotCount;
    if (from === to) return;
    const terms = this.termNames.length;
    const { termPool, tfPool, docStart, docCount, postings } = this;
    const begin = docStart[from];
    const end = docStart[to - 1] + docCount[to - 1];
    if ((end - begin) * 8 < terms) {
      for (let slot = from; slot < to; slot++)
        for (let j = docStart[slot], stop = j + docCount[slot]; j < stop; j++)
          (postings[termPool[j]] ??= new Postings()).push(slot, tfPool[j]);
      this.filed = to;
      return;
    }
    const counts = new Int32Array(terms);
    for (let j = begin; j < end; j++) counts[termPool[j]]++;
    let fresh = 0;
    for (let t = 0; t < terms; t++) if (!postings[t]?.n) fresh += counts[t];
    const slots = new Int32Array(fresh);
    const tfs = new Uint16Array(fresh);
    for (let t = 0, at = 0; t < terms; t++) {
      const p = postings[t];
      if (p?.n) p.reserve(p.n + counts[t]);
      else {
        const list = Postings.over(slots.subarray(at, at + counts[t]), tfs.subarray(at, at + counts[t]));
        list.n = 0;
        postings[t] = list;
        at += counts[t];
      }
    }
    for (let slot = from; slot < to; slot++) {
      for (let j = docStart[slot], stop = j + docCount[slot]; j < stop; j++) {
        const p = postings[termPool[j]];
        p.slots[p.n] = slot;
        p.tfs[p.n++] = tfPool[j];
      }
    }
    this.filed = to;
  }

  /**
   * The index as bytes, live documents only, in format 2 (bm25-file.ts): fromBytes() opens it
   * without tokenizing a single text, and without sorting. `tag` is kept with it (see `tag`).
   */
  toBytes(tag: string | null = null): Buffer {
    // As opened, nothing changed: the same columns under the new tag.
    if (this.opened) {
      const { postings, total, close, ...columns } = this.opened;
      return writeBm25File({ ...columns, ...postings(0, total), tag });
    }
    return this.drafted(tag, false).file.bytes;
  }

  /**
   * Writes toBytes(tag) to `file` (at a temporary name, flushed, renamed into place). An index
   * built by adding and never searched (ingest's) has its postings, most of the file (24 of
   * 28 MB at 8,571 reports), written a range of terms at a time through pieces of ~7 MB,
   * not laid out whole in new memory first (issue 13: each fresh page costs on this VM).
   * `piece`: postings a piece holds at most (tests make it small).
   */
  writeFile(file: string, tag: string | null = null, piece = POSTINGS_PIECE): void {
    if (this.opened || this.filed !== 0) {
      writeFileAtomicSync(file, this.toBytes(tag));
      return;
    }
    const drafted = this.drafted(tag, true);
    placeFileAtomicSync(file, (tmp) => {
      const fd = fs.openSync(tmp, 'w', 0o600);
      try {
        writeFully(fd, drafted.file.bytes, 0);
        this.writePostings(fd, drafted, piece);
        // Past the last column's end, its padding (the gaps between columns are never written: zeros too).
        fs.ftruncateSync(fd, drafted.file.size);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    });
  }

  /**
   * The postings columns of a drafted file, as toBytes lays them out, written to `fd`: a pass
   * over the live documents' term lists for each range of terms whose postings fill a piece
   * (a term's postings lie together, the ranges' one after another).
   */
  private writePostings(fd: number, { file, live, remap, termStarts, rankBytes }: Drafted, most: number): void {
    const terms = termStarts.length - 1;
    const [slotsAt, tfsAt, ranksAt] = file.postingsAt;
    // A term's postings are written in one piece: the piece as large as the largest's.
    let piece = most;
    for (let t = 0; t < terms; t++) piece = Math.max(piece, termStarts[t + 1] - termStarts[t]);
    const slots = new Int32Array(Math.min(piece, termStarts[terms]));
    const tfs = new Uint16Array(slots.length);
    const ranks =
      rankBytes === 1
        ? new Uint8Array(slots.length)
        : rankBytes === 2
          ? new Uint16Array(slots.length)
          : new Uint32Array(slots.length);
    const cursor = termStarts.slice(0, terms);
    for (let first = 0; first < terms; ) {
      let end = first + 1;
      while (end < terms && termStarts[end + 1] - termStarts[first] <= slots.length) end++;
      const base = termStarts[first];
      this.fillPostings(live, remap, cursor, first, end, base, { slots, tfs, ranks });
      const count = termStarts[end] - base;
      writeFully(fd, new Uint8Array(slots.buffer, 0, count * 4), slotsAt + base * 4);
      writeFully(fd, new Uint8Array(tfs.buffer, 0, count * 2), tfsAt + base * 2);
      writeFully(fd, new Uint8Array(ranks.buffer, 0, count * rankBytes), ranksAt + base * rankBytes);
      first = end;
    }
  }

  /**
   * The postings of terms [first, end) (in the file's numbering) from the live documents' own
   * term lists, at `cursor[t] - base` in `into`: a walk of the documents in slot order meets
   * each term's documents in the order its posting list holds them, and gives each its rank.
   */
  private fillPostings(
    live: readonly number[],
    remap: Int32Array,
    cursor: Uint32Array,
    first: number,
    end: number,
    base: number,
    into: { slots: Int32Array; tfs: Uint16Array; ranks: Uint8Array | Uint16Array | Uint32Array },
  ): void {
    const { slots, tfs, ranks } = into;
    const { termPool, tfPool, docStart, docCount } = this;
    for (let d = 0; d < live.length; d++) {
      const slot = live[d];
      const start = docStart[slot];
      const n = docCount[slot];
      for (let j = 0; j < n; j++) {
        const t = remap[termPool[start + j]];
        if (t < first || t >= end) continue;
        const at = cursor[t]++ - base;
        slots[at] = d;
        tfs[at] = tfPool[start + j];
        ranks[at] = j;
      }
    }
  }

  /**
   * The file toBytes gives, every column filled; `postingsApart`: all but the postings (the
   * documents' own lists, not yet filed, give them: writePostings).
   */
  private drafted(tag: string | null, postingsApart: boolean): Drafted {
    // No posting filed yet (built by adding, never searched, as ingest's index is): every
    // posting is written from the documents' own lists below, the postings never built.
    const fromPools = this.filed === 0;
    if (!fromPools) this.fileSlots();
    const keys = this.keys!;
    const live: number[] = [];
    for (let slot = 0; slot < this.slotCount; slot++) if (keys[slot] !== null) live.push(slot);
    // Only terms still in a live document (df > 0), renumbered densely in id order.
    const remap = new Int32Array(this.termNames.length).fill(-1);
    const termOffsets: number[] = [0];
    const names: string[] = [];
    let chars = 0;
    for (let id = 0; id < this.termNames.length; id++) {
      if (this.df[id] <= 0) continue;
      remap[id] = names.length;
      names.push(this.termNames[id]);
      termOffsets.push((chars += this.termNames[id].length));
    }
    const terms = names.length;
    // Postings in term order straight from the posting lists (slots ascend within each; a
    // term's live postings are its df), renumbered past removed slots. Each one's rank is
    // found by walking the live documents in slot order, which meets a term's postings in
    // their order.
    const termStarts = new Uint32Array(terms + 1);
    for (let id = 0; id < this.termNames.length; id++)
      if (remap[id] >= 0) termStarts[remap[id] + 1] = termStarts[remap[id]] + this.df[id];
    const total = termStarts[terms];
    let widest = 0;
    let keyChars = 0;
    for (const slot of live) {
      if (this.docCount[slot] > widest) widest = this.docCount[slot];
      keyChars += keys[slot]!.length;
    }
    // The file's bytes first, its columns filled where it holds them (not copied in after).
    // A rank is below its document's count of terms: as narrow as the widest document allows.
    const rankBytes = widest > 0x10000 ? 4 : widest > 0x100 ? 2 : 1;
    const file = draftBm25File(
      {
        k1: this.k1,
        b: this.b,
        tag,
        terms,
        termChars: chars,
        docs: live.length,
        keyChars,
        postings: total,
        rankBytes,
      },
      postingsApart,
    );
    const { slots, tfs, ranks } = file;
    const renumbered = new Int32Array(this.slotCount).fill(-1);
    live.forEach((slot, d) => {
      renumbered[slot] = d;
    });
    const dense = live.length === this.slotCount;
    for (let id = 0; id < this.termNames.length && !fromPools; id++) {
      const t = remap[id];
      if (t < 0) continue;
      const p = this.postings[id];
      if (dense) {
        slots.set(p.slots.subarray(0, p.n), termStarts[t]);
        tfs.set(p.tfs.subarray(0, p.n), termStarts[t]);
        continue;
      }
      for (let i = 0, at = termStarts[t]; i < p.n; i++) {
        const d = renumbered[p.slots[i]];
        if (d < 0) continue;
        slots[at] = d;
        tfs[at++] = p.tfs[i];
      }
    }
    const cursor = termStarts.slice(0, terms);
    const docs = live.length;
    const { keyOffsets, offices, years, lengths, counts } = file;
    const { officeOf, yearOf } = this;
    keyChars = 0;
    for (let d = 0; d < docs; d++) {
      const slot = live[d];
      const start = this.docStart[slot];
      const n = this.docCount[slot];
      // Built postings: their ranks (from the pools, fillPostings below or writePostings).
      if (!fromPools) for (let j = 0; j < n; j++) ranks[cursor[remap[this.termPool[start + j]]]++] = j;
      keyOffsets[d + 1] = keyChars += keys[slot]!.length;
      offices[d] = officeOf[slot];
      years[d] = yearOf[slot];
      lengths[d] = this.lengths[slot];
      counts[d] = n;
    }
    if (fromPools && !postingsApart) this.fillPostings(live, remap, cursor, 0, terms, 0, file);
    file.termOffsets.set(termOffsets);
    file.termStarts.set(termStarts);
    file.writeTexts(names.join(''), live.map((s) => keys[s]).join(''));
    return { file, live, remap, termStarts, rankBytes };
  }

  /** An index written by toBytes() (format 2, or format 1 of before); throws on bytes that are not one. */
  static fromBytes(buf: Buffer): Bm25Index {
    return isBm25File(buf) ? Bm25Index.fromView(viewOf(readBm25File(buf))) : Bm25Index.fromFormat1(buf);
  }

  /**
   * The index saved in `file`: a format-2 file keeps its descriptor and reads each term's
   * postings at the first search that needs them (at 100,000 reports a start read 331 MB, the
   * postings 283 MB of it, for a question's few terms); an older format is read whole.
   */
  static open(file: string): Bm25Index {
    const fd = fs.openSync(file, 'r');
    const magic = Buffer.alloc(8);
    const n = fs.readSync(fd, magic, 0, 8, 0);
    if (!isBm25File(magic.subarray(0, n))) {
      fs.closeSync(fd);
      return Bm25Index.fromBytes(fs.readFileSync(file));
    }
    const view = openBm25File(fd);
    let index: Bm25Index;
    try {
      index = Bm25Index.fromView(view);
    } catch (err) {
      view.close();
      throw err;
    }
    // The descriptor is closed when every posting has been read (editable), or with the index.
    unreferenced.register(index, view.close);
    return index;
  }

  /** An index over a file's columns, searched as they are: each term's postings read at need. */
  private static fromView(c: Bm25FileView): Bm25Index {
    const index = new Bm25Index({ k1: c.k1, b: c.b });
    const terms = c.termOffsets.length - 1;
    const docs = c.lengths.length;
    const total = c.total;
    let sum = 0;
    for (let d = 0; d < docs; d++) sum += c.counts[d];
    if (c.termStarts[terms] !== total || sum !== total) throw new Error('BM25 索引文件不完整');
    for (let t = 0; t < terms; t++) index.df.push(c.termStarts[t + 1] - c.termStarts[t]);
    index.termTable = new TermTable(c.termText, c.termOffsets);
    index.postings = new Array(terms);
    index.termRanks = new Array(terms);
    index.opened = c;
    index.savedTag = c.tag;
    index.keys = null;
    index.slotCount = docs;
    index.filed = docs;
    index.lengths = c.lengths;
    index.officeColumn = null;
    index.yearColumn = null;
    index.live = docs;
    let length = 0;
    for (let d = 0; d < docs; d++) length += c.lengths[d];
    index.totalLength = length;
    return index;
  }

  /**
   * Makes an opened index changeable, once, at its first change or lookup by key: its keys,
   * per-slot arrays and the per-document term lists, put back by each posting's rank.
   */
  private editable(): void {
    const c = this.opened;
    if (!c) return;
    const docs = this.slotCount;
    const keys: string[] = new Array(docs);
    for (let d = 0; d < docs; d++) {
      keys[d] = c.keyText.slice(c.keyOffsets[d], c.keyOffsets[d + 1]);
      this.slotOf.set(keys[d], d);
    }
    this.keys = keys;
    for (let t = 0; t < c.termOffsets.length - 1; t++) {
      const name = c.termText.slice(c.termOffsets[t], c.termOffsets[t + 1]);
      this.termIds.set(name, t);
      this.termNames.push(name);
    }
    this.termTable = null;
    this.lengths = Array.from(c.lengths);
    this.officeOf = Array.from(c.offices);
    this.yearOf = Array.from(c.years);
    this.docCount = Array.from(c.counts);
    this.docStart = new Array(docs);
    let at = 0;
    for (let d = 0; d < docs; d++) {
      this.docStart[d] = at;
      at += c.counts[d];
    }
    const terms = new Int32Array(at);
    const tfs = new Uint16Array(at);
    const all = c.postings(0, c.total);
    for (let t = 0; t < c.termStarts.length - 1; t++) {
      const from = c.termStarts[t];
      const to = c.termStarts[t + 1];
      for (let i = from; i < to; i++) {
        const place = this.docStart[all.slots[i]] + all.ranks[i];
        terms[place] = t;
        tfs[place] = all.tfs[i];
      }
      this.postings[t] = Postings.over(all.slots.subarray(from, to), all.tfs.subarray(from, to));
    }
    this.termRanks = [];
    this.termPool = terms;
    this.tfPool = tfs;
    this.poolUsed = at;
    this.opened = null;
    this.openedByOffice = null;
    c.close();
  }

  /** A format-1 file: a JSON header, then every document's term ids (Int32) and counts (Uint16). */
  private static fromFormat1(buf: Buffer): Bm25Index {
    const headerLen = buf.readUInt32LE(0);
    const h = JSON.parse(buf.toString('utf8', 4, 4 + headerLen)) as {
      format: number;
      k1: number;
      b: number;
      terms: string[];
      keys: string[];
      offices: number[];
      years: number[];
      lengths: number[];
      counts: number[];
    };
    if (h.format !== 1) throw new Error(`BM25 索引格式 ${h.format} 不受支持`);
    const total = h.counts.reduce((s, n) => s + n, 0);
    const headLen = 4 + Math.ceil(headerLen / 4) * 4;
    if (buf.length !== headLen + total * 6) throw new Error('BM25 索引文件不完整');
    // Copied out of the file's buffer: typed-array views need aligned offsets.
    const ids = new Int32Array(total);
    const tfs = new Uint16Array(total);
    Buffer.from(ids.buffer).set(buf.subarray(headLen, headLen + total * 4));
    Buffer.from(tfs.buffer).set(buf.subarray(headLen + total * 4, headLen + total * 6));
    const index = new Bm25Index({ k1: h.k1, b: h.b });
    // Every posting list in two shared arrays, term after term, filled by a counting sort of the
    // file's document-ordered pools (slots ascending within a term, as adding them one by one
    // gives): ~45 M postings at 100,000 reports, where a push each and two arrays a term took seconds.
    const terms = h.terms.length;
    const starts = new Int32Array(terms + 1);
    for (let i = 0; i < total; i++) starts[ids[i] + 1]++;
    for (let t = 0; t < terms; t++) starts[t + 1] += starts[t];
    const cursor = starts.slice(0, terms);
    const allSlots = new Int32Array(total);
    const allTfs = new Uint16Array(total);
    for (let d = 0, j = 0; d < h.keys.length; d++) {
      for (const end = j + h.counts[d]; j < end; j++) {
        const at = cursor[ids[j]]++;
        allSlots[at] = d;
        allTfs[at] = tfs[j];
      }
    }
    for (let t = 0; t < terms; t++) {
      index.termIds.set(h.terms[t], t);
      index.termNames.push(h.terms[t]);
      index.postings.push(
        Postings.over(allSlots.subarray(starts[t], starts[t + 1]), allTfs.subarray(starts[t], starts[t + 1])),
      );
      index.df.push(starts[t + 1] - starts[t]);
    }
    // The file's two arrays are the pools, documents one after another as saved.
    index.termPool = ids;
    index.tfPool = tfs;
    index.poolUsed = total;
    index.keys = h.keys;
    index.lengths = h.lengths;
    index.officeOf = h.offices;
    index.yearOf = h.years;
    index.docCount = h.counts;
    let at = 0;
    for (let d = 0; d < h.keys.length; d++) {
      index.docStart.push(at);
      at += h.counts[d];
      index.slotOf.set(h.keys[d], d);
      index.totalLength += h.lengths[d];
    }
    index.slotCount = h.keys.length;
    index.filed = h.keys.length;
    index.live = h.keys.length;
    return index;
  }

  /** Where a live document is filed (its office and year), or null when it is not held. */
  placeOf(key: string): { officeId: number; year: number } | null {
    this.editable();
    const slot = this.slotOf.get(key);
    return slot < 0 ? null : { officeId: this.officeOf[slot], year: this.yearOf[slot] };
  }

  /** The keys of every live document. */
  liveKeys(): string[] {
    this.editable();
    return this.keys!.filter((k): k is string => k !== null);
  }

  remove(key: string): boolean {
    this.editable();
    const slot = this.slotOf.get(key);
    if (slot < 0) return false;
    this.slotOf.delete(key);
    this.drop(slot);
    return true;
  }

  /** Removes the document at `slot` (no longer in slotOf). */
  private drop(slot: number): void {
    this.keys![slot] = null;
    this.savedTag = null;
    const start = this.docStart[slot];
    for (let i = start; i < start + this.docCount[slot]; i++) this.df[this.termPool[i]]--;
    this.live--;
    this.dead++;
    this.normsAvgdl = Number.NaN;
    this.totalLength -= this.lengths[slot];
  }

  /** Fraction of slots held by removed documents. */
  get garbage(): number {
    return this.slotCount ? this.dead / this.slotCount : 0;
  }

  /** Rebuild the postings without the removed documents' slots. */
  compact(): void {
    this.editable();
    const fresh = new Bm25Index({ k1: this.k1, b: this.b });
    for (let slot = 0; slot < this.slotCount; slot++) {
      const key = this.keys![slot];
      if (key === null) continue;
      const counts = new Map<string, number>();
      const start = this.docStart[slot];
      for (let i = start; i < start + this.docCount[slot]; i++)
        counts.set(this.termNames[this.termPool[i]], this.tfPool[i]);
      fresh.addCounts(key, this.officeOf[slot], this.yearOf[slot], this.lengths[slot], counts);
    }
    Object.assign(this, fresh);
  }

  /** lengthNorms for this avgdl, worked out again only when it or the slots changed. */
  private normsAt(avgdl: number): Float64Array {
    const slots = this.slotCount;
    if (avgdl !== this.normsAvgdl || slots !== this.normsSlots) {
      if (this.lengthNorms.length < slots) this.lengthNorms = new Float64Array(Math.max(1024, Math.ceil(slots * 1.25)));
      const { k1, b, lengths, keys } = this;
      for (let slot = 0; slot < slots; slot++)
        this.lengthNorms[slot] = keys?.[slot] === null ? -1 : k1 * (1 - b + (b * lengths[slot]) / avgdl);
      this.normsAvgdl = avgdl;
      this.normsSlots = slots;
      this.normsVersion++;
    }
    return this.lengthNorms;
  }

  /** The k best documents for the query tokens, narrowed by office and year. */
  search(queryTokens: string[], k: number, filter: Bm25Filter = {}): Bm25Result[] {
    if (!this.live || k <= 0) return [];
    this.fileSlots();
    const terms = [...new Set(queryTokens)]
      .map((t) => (this.termTable ? this.termTable.get(t) : this.termIds.get(t)))
      .filter((id): id is number => id !== undefined && this.df[id] > 0);
    if (!terms.length) return [];
    const avgdl = this.totalLength / this.live;
    const { k1, b } = this;
    const idf = (id: number) => Math.log(1 + (this.live - this.df[id] + 0.5) / (this.df[id] + 0.5));
    const year = filter.year;
    let allowed: Set<number> | null = null;
    if (filter.officeIds) {
      allowed = new Set<number>();
      for (const office of filter.officeIds) {
        for (const slot of this.slotsOfOffice(office)) {
          if (this.keys?.[slot] !== null && (year === undefined || this.yearOf[slot] === year)) allowed.add(slot);
        }
      }
      if (!allowed.size) return [];
    }
    const scores = new Map<number, number>();
    const score = (w: number, tf: number, slot: number) =>
      (w * (tf * (k1 + 1))) / (tf + k1 * (1 - b + (b * this.lengths[slot]) / avgdl));
    if (allowed && this.opened) {
      this.scoreByRank(allowed, terms, terms.map(idf), score, scores);
      return topK(scores, k).map(([slot, s]) => ({ key: this.keyAt(slot), score: s }));
    }
    if (allowed) {
      // An office has few chunks: walk their own term lists rather than the postings.
      const weights = new Map(terms.map((id) => [id, idf(id)]));
      for (const slot of allowed) {
        const start = this.docStart[slot];
        const end = start + this.docCount[slot];
        let total = 0;
        for (let j = start; j < end; j++) {
          const w = weights.get(this.termPool[j]);
          if (w !== undefined) total += score(w, this.tfPool[j], slot);
        }
        if (total > 0) scores.set(slot, total);
      }
      return topK(scores, k).map(([slot, s]) => ({ key: this.keyAt(slot), score: s }));
    }
    const norms = this.normsAt(avgdl);
    const weights = terms.map(idf);
    let postings = 0;
    for (const id of terms) postings += this.termPostings(id).n;
    if (year === undefined && postings * DENSE_SHARE >= this.slotCount) {
      // Walked block by block of slots (bm25-walk.ts): the same sums in the same order.
      const best = new TopSlots(k);
      this.walker ??= new BlockWalk();
      const walk = terms.map((id, t) => {
        const p = this.termPostings(id);
        return { slots: p.slots, tfs: p.tfs, n: p.n, weight: weights[t] };
      });
      try {
        this.walker.run(walk, k1, norms, this.normsVersion, this.slotCount, best);
        return best.sorted().map(([slot, s]) => ({ key: this.keyAt(slot), score: s }));
      } catch (err) {
        // Its memory could not grow (WebAssembly's stops at 4 GB): the walk below is exact too.
        if (!(err instanceof RangeError)) throw err;
      }
    }
    if (this.scratch.length < this.slotCount) {
      this.scratch = new Float64Array(Math.max(1024, this.slotCount * 2));
      this.touched = new Int32Array(this.scratch.length);
    }
    const acc = this.scratch;
    const touched = this.touched;
    // Read only for a year's search (an opened file's years are read at their first use).
    const years = year === undefined ? null : this.yearOf;
    let nTouched = 0;
    for (let t = 0; t < terms.length; t++) {
      const w = weights[t];
      const p = this.termPostings(terms[t]);
      const slots = p.slots;
      const tfs = p.tfs;
      for (let i = 0; i < p.n; i++) {
        const slot = slots[i];
        const norm = norms[slot];
        if (norm < 0 || (years !== null && years[slot] !== year)) continue;
        if (acc[slot] === 0) touched[nTouched++] = slot;
        const tf = tfs[i];
        acc[slot] += (w * tf * (k1 + 1)) / (tf + norm);
      }
    }
    const best = new TopSlots(k);
    for (let i = 0; i < nTouched; i++) best.offer(touched[i], acc[touched[i]]);
    for (let i = 0; i < nTouched; i++) acc[touched[i]] = 0;
    return best.sorted().map(([slot, s]) => ({ key: this.keyAt(slot), score: s }));
  }

  /**
   * A filtered search's scores over an index as opened (no per-document term lists): each
   * allowed slot's query terms found in their postings (slots ascend: a binary search), then
   * summed in the order of their ranks, the order the document's own list holds them, so
   * every sum is the one the list walk makes, to the bit.
   */
  private scoreByRank(
    allowed: Set<number>,
    terms: number[],
    weights: number[],
    score: (w: number, tf: number, slot: number) => number,
    scores: Map<number, number>,
  ): void {
    const runs = terms.map((id) => ({ p: this.termPostings(id), ranks: this.termRanks[id]! }));
    const found: { rank: number; tf: number; w: number }[] = [];
    for (const slot of allowed) {
      found.length = 0;
      for (let t = 0; t < terms.length; t++) {
        const { slots, tfs, n } = runs[t].p;
        let lo = 0;
        let hi = n;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (slots[mid] < slot) lo = mid + 1;
          else hi = mid;
        }
        if (lo < n && slots[lo] === slot) found.push({ rank: runs[t].ranks[lo], tf: tfs[lo], w: weights[t] });
      }
      if (!found.length) continue;
      found.sort((x, y) => x.rank - y.rank);
      let total = 0;
      for (const f of found) total += score(f.w, f.tf, slot);
      if (total > 0) scores.set(slot, total);
    }
  }

  /** A term's postings; while opened, read from the file at the first need (with their ranks). */
  private termPostings(id: number): Postings {
    const c = this.opened;
    if (c && !this.postings[id]) {
      const run = c.postings(c.termStarts[id], c.termStarts[id + 1]);
      this.postings[id] = Postings.over(run.slots, run.tfs);
      this.termRanks[id] = run.ranks;
    }
    return this.postings[id];
  }

  /** A slot's key (a live one's: a removed slot has none). */
  private keyAt(slot: number): string {
    const c = this.opened;
    return c ? c.key(slot) : this.keys![slot]!;
  }

  /**
   * An office's slots, ascending. While opened, from the file's offices grouped once into
   * two typed arrays (DocGroups), not a list per office (~1.1 M numbers on the heap at
   * 100,000 reports); once changed, from officeSlots.
   */
  private slotsOfOffice(office: number): Iterable<number> {
    if (this.opened) {
      const offices = this.officeOf;
      this.openedByOffice ??= DocGroups.of(
        offices instanceof Float64Array ? offices : Float64Array.from(offices),
        this.slotCount,
      );
      return this.openedByOffice.indicesOf(office) ?? [];
    }
    return this.officeSlots().get(office) ?? [];
  }

  /** Each office's slots in ascending order, made at the first search narrowed by office. */
  private officeSlots(): Map<number, number[]> {
    if (!this.byOffice) {
      const byOffice = new Map<number, number[]>();
      const offices = this.officeOf;
      for (let slot = 0; slot < this.slotCount; slot++) {
        const office = offices[slot];
        const list = byOffice.get(office);
        if (list) list.push(slot);
        else byOffice.set(office, [slot]);
      }
      this.byOffice = byOffice;
    }
    return this.byOffice;
  }
}

/** Closes an opened file's descriptor once its index is gone. */
const unreferenced = new FinalizationRegistry<() => void>((close) => close());

/** Postings × this ≥ slots: the query is walked block by block (bm25-walk.ts) without a touched list. */
const DENSE_SHARE = 32;

/** The k largest entries by value, best first (ties: lower slot first, for determinism). */
export function topK(scores: Map<number, number>, k: number): [number, number][] {
  const heap: [number, number][] = [];
  const worse = (a: [number, number], c: [number, number]) => a[1] < c[1] || (a[1] === c[1] && a[0] > c[0]);
  for (const entry of scores) {
    if (heap.length < k) {
      heap.push(entry);
      siftUp(heap, heap.length - 1, worse);
    } else if (worse(heap[0], entry)) {
      heap[0] = entry;
      siftDown(heap, 0, worse);
    }
  }
  return heap.sort((a, c) => (worse(a, c) ? 1 : worse(c, a) ? -1 : 0));
}

function siftUp<T>(h: T[], i: number, worse: (a: T, b: T) => boolean): void {
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!worse(h[i], h[p])) break;
    [h[i], h[p]] = [h[p], h[i]];
    i = p;
  }
}

function siftDown<T>(h: T[], i: number, worse: (a: T, b: T) => boolean): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < h.length && worse(h[l], h[m])) m = l;
    if (r < h.length && worse(h[r], h[m])) m = r;
    if (m === i) return;
    [h[i], h[m]] = [h[m], h[i]];
    i = m;
  }
}
