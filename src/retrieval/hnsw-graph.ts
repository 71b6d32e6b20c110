// Documents and their vectors, saved and loaded with the documents beside it. The
// offline hashed embeddings' vectors are searched exactly (flat-vectors.ts: their
// queries are sparse, so a scan of every vector costs about what HNSW's wide beam did,
// and finds the true nearest; issue 13); any other embeddings' in an hnswlib-node graph
// (cosine space). Small filtered searches (one office's chunks) are answered exactly
// from the stored vectors: HNSW with a very selective filter would walk most of the
// graph anyway. The documents themselves are kept by doc-table.ts: a saved folder's stay
// in their file (doc-file.ts), read at a hit or a walk. No LangChain here: loading @langchain/core's
// vector stores costs ~0.15 s, too much for a cold passage question (issue 13);
// src/retrieval/hnsw-store.ts makes this a LangChain VectorStore for whoever wants one.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DocumentInterface } from '@langchain/core/documents';
import hnswlib from 'hnswlib-node';
import type { NamedEmbeddings } from './embeddings/named.js';
import { DocTable } from './doc-table.js';
import { FlatVectors, type GroupRange } from './flat-vectors.js';
import { forEachHnswVector } from './hnsw-file.js';
import { removeOldFiles, writeFileAtomicSync } from '../io/index.js';

/** Narrow a search to documents whose metadata has one of these officeIds and/or this year. */
export interface HnswFilter {
  officeIds?: number[];
  year?: number;
}
export type HnswFilterType = HnswFilter | ((doc: DocumentInterface) => boolean);

export interface HnswStoreOptions {
  /** Graph degree (default 16). */
  m?: number;
  /**
   * Build-time beam (default 100). Kept, measured (issue 13): at 108,853 chunks, recall@10
   * against exact search at the query beam below, bench questions / the project's Chinese
   * questions: m 16 × 100 gives 0.967 / 0.921; the cheaper m 16 × 64 (−30 % insertion CPU)
   * 0.907 / 0.919, m 16 × 48 0.947 / 0.870, and m 8 or 12 with 32–100 less still; m 16 × 150
   * reaches 0.967 / 0.953 for +38 %. A saved index keeps the m and efConstruction it was built with.
   */
  efConstruction?: number;
  /**
   * Query-time beam; by default it grows with the index, from 256 to 2048 (size/50):
   * short questions sit far from every passage, and HNSW needs a wide beam to find
   * their true neighbours (measured recall@10 at 109k vectors: ef 256 → 0.79, 2048 → 0.99).
   */
  efSearch?: number;
  /** Filtered searches over at most this many documents are exact (default 2000). */
  exactBelow?: number;
  /** Capacity of a new index (default 1024); it doubles as needed. */
  initialCapacity?: number;
  /**
   * 'flat': every vector scanned, exactly (for embeddings whose queries are sparse);
   * 'graph': HNSW. Default: flat for the offline hashed embeddings, graph for any other.
   * A saved store opens as it was saved, but a graph of hashed vectors opens flat.
   */
  vectors?: 'flat' | 'graph';
  /**
   * Where flat vectors added before the next save wait, on disk (an unlinked file of this
   * process's own): by default the folder the store was loaded from or saved to, else the
   * system's temporary folder. The index's own folder is best (a RAM disk would hold them in memory).
   */
  scratchDir?: string;
}

/** Whether embeddings are searched flat by default: the offline hashed ones, whose queries set few dimensions. */
export function searchesFlat(embeddings: NamedEmbeddings): boolean {
  return embeddings.embeddingId.startsWith('hashed-ngram-');
}

type SavedDoc = { label: number; id: string; pageContent: string; metadata: Record<string, unknown> };

/**
 * What `save` writes beside the index file; `docstore.json` is written last, so it is the
 * commit point. Format 1 held the documents in it; format 2 names a file of them, one JSON
 * line each (`docs-….ndjson`): every chunk's text in one JSON string must stay under the longest
 * string V8 can make (~512 M characters; 100,000 reports hold ~200 M, issue 13). Format 3 is
 * format 2 with the vectors flat (`vectors-….bin`, flat-vectors.ts) instead of a graph: code
 * before it refuses the folder by its format rather than opening it empty. Format 4 names a
 * binary documents file (`docs-….dat`, doc-file.ts) whose texts stay on disk until read (the
 * vectors flat or a graph, as `vectors` says); folders of formats 1–3 open as before and are
 * written as format 4 at their next save.
 */
interface Sidecar {
  format: 1 | 2 | 3 | 4;
  embedding: { id: string; dimension: number | null };
  space: 'cosine';
  m: number;
  efConstruction: number;
  indexFile: string | null;
  nextLabel: number;
  /** Format 1. */
  docs?: SavedDoc[];
  /** Formats 2 and 3. */
  docsFile?: string;
  /** Formats 3 and 4: the flat vectors. */
  vectorsFile?: string;
  /** Format 4: how the vectors are searched. */
  vectors?: 'flat' | 'graph';
}

const SIDECAR = 'docstore.json';
/** The flat vectors' group for years past the 254th, and for documents without one. */
const OTHER_YEARS = 255;

/** Thrown by `load` when the saved vectors come from other embeddings than the ones given. */
export class EmbeddingMismatchError extends Error {
  constructor(
    message: string,
    readonly saved: string,
    readonly current: string,
  ) {
    super(message);
    this.name = 'EmbeddingMismatchError';
  }
}

/**
 * Writes a file of a name no other save uses (`prefix`, the time, a random part, `ext`)
 * through a temporary file renamed into place, so a reader never opens half of it; the name.
 */
function writeNew(directory: string, prefix: string, ext: string, write: (tmp: string) => void): string {
  const name = `${prefix}${Date.now().toString(36)}-${randomUUID().slice(0, 8)}${ext}`;
  const tmp = path.join(directory, `${name}.tmp`);
  write(tmp);
  fs.renameSync(tmp, path.join(directory, name));
  return name;
}

/**
 * The metadata less the field `skip` (the text, when the metadata is a whole record): a copy
 * then, read once (the documents encode it at once), else the metadata itself.
 */
function withoutField(metadata: Record<string, unknown>, skip: string | null): Record<string, unknown> {
  if (skip === null || !Object.hasOwn(metadata, skip)) return metadata;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(metadata)) if (key !== skip) out[key] = metadata[key];
  return out;
}

/** A document as LangChain's Document holds it, without loading LangChain. */
function docOf(pageContent: string, metadata: Record<string, unknown>, id: string): DocumentInterface {
  return { pageContent, metadata, id };
}

export class HnswGraphStore {
  readonly embeddings: NamedEmbeddings;

  private index: hnswlib.HierarchicalNSW | null = null;
  /** The vectors when searched flat (then there is no graph). */
  private flat: FlatVectors | null = null;
  private readonly flatMode: boolean;
  /** Each year's group in the flat vectors (1–254; 255 holds every other), so a year filter scans only its rows. */
  private yearGroups = new Map<number, number>();
  private dim: number | null = null;
  private readonly m: number;
  private readonly efConstruction: number;
  private readonly efSearch: number | undefined;
  private readonly exactBelow: number;
  private readonly initialCapacity: number;
  private readonly scratchDir: string | undefined;
  /**
   * By label, each live document's id, text and metadata: those opened from a format 4
   * folder stay in its file (columns for the filters in memory, outside the heap), those
   * added since are encoded as it holds them, outside the heap too, until the next save
   * (issue 13: 1.1 M chunks as objects cost ~475 MB of heap and ~13 s to open at 100,000
   * reports). Nothing added keeps a string a caller gave (a slice of a report's text).
   */
  private docs: DocTable;
  private nextLabel = 0;
  /** The index file last saved or loaded, its directory, and the sidecar's mtime then. */
  private indexFile: string | null = null;
  private docsFile: string | null = null;
  private vectorsFile: string | null = null;
  private indexDir: string | null = null;
  private savedAt: number | null = null;

  constructor(embeddings: NamedEmbeddings, opts: HnswStoreOptions = {}) {
    this.embeddings = embeddings;
    this.m = opts.m ?? 16;
    this.efConstruction = opts.efConstruction ?? 100;
    this.efSearch = opts.efSearch;
    this.exactBelow = opts.exactBelow ?? 2000;
    this.initialCapacity = opts.initialCapacity ?? 1024;
    this.scratchDir = opts.scratchDir;
    // Added documents wait beside the index, as its vectors do.
    this.docs = DocTable.empty(0, { scratchDir: this.scratchDir });
    this.dim = embeddings.dimension ?? null;
    this.flatMode = (opts.vectors ?? (searchesFlat(embeddings) ? 'flat' : 'graph')) === 'flat';
  }

  /** How the vectors are searched: 'flat' (exactly, every one) or 'graph' (HNSW). */
  get searchedBy(): 'flat' | 'graph' {
    return this.flatMode ? 'flat' : 'graph';
  }

  /** Live documents. */
  get size(): number {
    return this.docs.size;
  }

  /** Slots the index has room for before it must grow. */
  get capacity(): number {
    return this.flatMode ? (this.flat?.capacity ?? 0) : (this.index?.getMaxElements() ?? 0);
  }

  get dimension(): number | null {
    return this.dim;
  }

  /** Every live document (for rebuilding other indexes over the same documents). */
  *documents(): IterableIterator<DocumentInterface> {
    for (const label of this.liveLabels()) yield this.docAt(label, true);
  }

  /** Every live document's id, in the order they were added (no document made). */
  *documentIds(): IterableIterator<string> {
    for (const label of this.liveLabels()) yield this.docs.idOf(label);
  }

  getDocument(id: string): DocumentInterface | undefined {
    const label = this.docs.labelOf(id);
    return label === undefined ? undefined : this.docAt(label);
  }

  /**
   * A document's metadata (read-only), without making a document of it: decoded at each call
   * (an opened document's read from disk first); for a filter's fields, officeIdOf / yearOf /
   * reportIdOf cost nothing.
   */
  metadataOf(id: string): Readonly<Record<string, unknown>> | undefined {
    const label = this.docs.labelOf(id);
    return label === undefined ? undefined : this.docs.metadataOf(label);
  }

  /** Where a document is filed: its metadata's `officeId` and `year` (each when a number), without reading the rest; undefined for no such document. */
  placeOf(id: string): { officeId: number | undefined; year: number | undefined } | undefined {
    const label = this.docs.labelOf(id);
    return label === undefined ? undefined : { officeId: this.docs.officeIdOf(label), year: this.docs.yearOf(label) };
  }

  /** Every metadata `reportId` (a number) that a live document has, ascending. */
  reportIds(): number[] {
    return this.docs.reportIds();
  }

  /** True when a live document's metadata `reportId` is this one. */
  hasReport(reportId: number): boolean {
    return this.docs.firstReportLabel(reportId) !== undefined;
  }

  /** The ids of the live documents whose metadata `reportId` is this one, in the order they were added. */
  reportDocumentIds(reportId: number): string[] {
    return [...this.docs.reportLabels(reportId)].map((label) => this.docs.idOf(label));
  }

  /** The metadata `officeId` of a report's first live document (as added), when a number. */
  reportOfficeId(reportId: number): number | undefined {
    const first = this.docs.firstReportLabel(reportId);
    return first === undefined ? undefined : this.docs.officeIdOf(first);
  }

  /** A document's metadata `officeId`, when a number (undefined too for no such document). */
  officeIdOf(id: string): number | undefined {
    const label = this.docs.labelOf(id);
    return label === undefined ? undefined : this.docs.officeIdOf(label);
  }

  /** A document's metadata `year`, when a number (undefined too for no such document). */
  yearOf(id: string): number | undefined {
    const label = this.docs.labelOf(id);
    return label === undefined ? undefined : this.docs.yearOf(label);
  }

  /** A document's metadata `reportId`, when a number (undefined too for no such document). */
  reportIdOf(id: string): number | undefined {
    const label = this.docs.labelOf(id);
    return label === undefined ? undefined : this.docs.reportIdOf(label);
  }

  /** Live labels in the order their documents were added. */
  private liveLabels(): IterableIterator<number> {
    return this.docs.labels();
  }

  /** The document under a live label, made on demand (only hits and whole-store walks need one); `walking`: reads ahead. */
  private docAt(label: number, walking = false): DocumentInterface {
    const d = this.docs.docOf(label, walking);
    return docOf(d.text, d.metadata, d.id);
  }

  async addDocuments(documents: DocumentInterface[], options?: { ids?: string[] }): Promise<string[]> {
    const vectors = await this.embeddings.embedDocuments(documents.map((d) => d.pageContent));
    return this.addVectors(vectors, documents, options);
  }

  /** Adds (or, for an id already present, replaces) documents with their vectors. */
  async addVectors(
    vectors: number[][],
    documents: DocumentInterface[],
    options?: { ids?: string[] },
  ): Promise<string[]> {
    if (vectors.length !== documents.length)
      throw new Error(`向量数（${vectors.length}）与文档数（${documents.length}）不一致`);
    if (!vectors.length) return [];
    const ids: string[] = [];
    for (let i = 0; i < vectors.length; i++) ids.push(options?.ids?.[i] ?? documents[i].id ?? randomUUID());
    this.addEach(
      vectors,
      ids,
      (i) => documents[i].pageContent,
      (i) => documents[i].metadata ?? {},
      null,
    );
    return ids;
  }

  /**
   * addVectors for records that hold their text under `textKey` beside their metadata (a
   * chunk): what is kept is what addVectors keeps of `{ pageContent: r[textKey], metadata:
   * every other field }`, without making that document and its metadata object first — the
   * metadata is copied once, straight from the record (issue 13: ~1.1 M chunks at 100,000 reports).
   */
  addRecords(
    vectors: readonly ArrayLike<number>[],
    records: readonly Record<string, unknown>[],
    textKey: string,
    ids: readonly string[],
  ): void {
    if (vectors.length !== records.length || ids.length !== records.length)
      throw new Error(`向量数（${vectors.length}）与文档数（${records.length}）不一致`);
    if (!vectors.length) return;
    this.addEach(
      vectors,
      ids,
      (i) => records[i][textKey] as string,
      (i) => records[i],
      textKey,
    );
  }

  /** Adds vectors[i] under ids[i] with its text and metadata (less the field `skip`, when given). */
  private addEach(
    vectors: readonly ArrayLike<number>[],
    ids: readonly string[],
    textOf: (i: number) => string,
    metaOf: (i: number) => Record<string, unknown>,
    skip: string | null,
  ): void {
    const index = this.flatMode
      ? this.ensureFlat(vectors[0].length)
      : this.ensureIndex(vectors[0].length, vectors.length);
    for (let i = 0; i < vectors.length; i++) {
      const v = vectors[i];
      if (v.length !== this.dim) throw new Error(`向量维数不对：索引是 ${this.dim} 维，收到 ${v.length} 维`);
      const id = ids[i];
      if (this.docs.labelOf(id) !== undefined) this.deleteOne(id);
      const label = this.nextLabel++;
      const meta = withoutField(metaOf(i), skip);
      if (index instanceof FlatVectors) index.add(label, v, this.groupOf(meta.year));
      else index.addPoint(v as number[], label, true);
      this.docs.add(label, id, textOf(i), meta);
    }
  }

  async delete(params?: { ids?: string[] }): Promise<void> {
    for (const id of params?.ids ?? []) this.deleteOne(id);
  }

  /** Removes one document; its slot in the index is reused by the next add. */
  deleteOne(id: string): boolean {
    const label = this.docs.labelOf(id);
    if (label === undefined) return false;
    this.index?.markDelete(label);
    this.flat?.remove(label);
    this.docs.remove(label);
    return true;
  }

  async similaritySearchVectorWithScore(
    query: number[],
    k: number,
    filter?: HnswFilterType,
  ): Promise<[DocumentInterface, number][]> {
    return this.searchVector(query, k, filter).map(([label, score]) => [this.docAt(label), score]);
  }

  /** [label, cosine similarity] pairs, best first. */
  private searchVector(query: number[], k: number, filter?: HnswFilterType): [number, number][] {
    if ((!this.index && !this.flat) || !this.docs.size || k <= 0) return [];
    if (query.length !== this.dim) throw new Error(`查询向量维数不对：索引是 ${this.dim} 维，收到 ${query.length} 维`);
    if (!query.some((x) => x !== 0)) return [];
    if (this.flat) return this.searchFlat(this.flat, query, k, filter);
    if (typeof filter === 'function') {
      return this.knn(query, k, (label) => this.docs.has(label) && filter(this.docAt(label)));
    }
    const candidates = filter ? this.candidates(filter) : null;
    if (candidates === 'many') return this.knn(query, k, (label) => this.matches(label, filter!));
    if (candidates) return this.exact(query, k, candidates);
    return this.knn(query, k);
  }

  /**
   * Flat vectors, exact whatever the filter: an office's chunks scored one by one, a year's
   * or all of them by the scan, a filter function over the documents it accepts.
   */
  private searchFlat(flat: FlatVectors, query: number[], k: number, filter?: HnswFilterType): [number, number][] {
    // A filter function sees whole documents: a saved folder's are each read from disk for it
    // (~1 s at 10,000 reports); officeIds / year are answered from columns.
    if (typeof filter === 'function')
      return flat.searchLabels(
        query,
        k,
        [...this.liveLabels()].filter((label) => filter(this.docAt(label, true))),
      );
    if (filter?.officeIds) return flat.searchLabels(query, k, this.officeLabels(filter));
    if (filter?.year !== undefined) {
      const group = this.yearGroups.get(filter.year);
      if (group === undefined) return [];
      if (group === OTHER_YEARS)
        return flat.searchLabels(
          query,
          k,
          [...this.liveLabels()].filter((l) => this.docs.yearOf(l) === filter.year),
        );
      return flat.search(query, k, { lo: group, hi: group } satisfies GroupRange);
    }
    return flat.search(query, k);
  }

  /** The live labels of a filter's offices (and year, when it has one). */
  private officeLabels(filter: HnswFilter): number[] {
    const out: number[] = [];
    for (const office of filter.officeIds ?? []) {
      for (const label of this.docs.officeLabels(office)) {
        if (filter.year === undefined || this.docs.yearOf(label) === filter.year) out.push(label);
      }
    }
    return out;
  }

  /** A year's group in the flat vectors, numbered as years are first seen; 255 once 254 are taken or for no year. */
  private groupOf(year: unknown): number {
    if (typeof year !== 'number') return OTHER_YEARS;
    const held = this.yearGroups.get(year);
    if (held !== undefined) return held;
    const group = this.yearGroups.size < OTHER_YEARS - 1 ? this.yearGroups.size + 1 : OTHER_YEARS;
    this.yearGroups.set(year, group);
    return group;
  }

  /** Exact top-k by cosine over every live document (the reference for recall). */
  exactSearch(query: number[], k: number, filter?: HnswFilter): [DocumentInterface, number][] {
    if (this.flat) {
      const labels =
        filter && (filter.officeIds || filter.year !== undefined)
          ? [...this.liveLabels()].filter((l) => this.matches(l, filter))
          : this.liveLabels();
      return this.flat.searchLabels(query, k, labels).map(([label, score]) => [this.docAt(label), score]);
    }
    if (!this.index) return [];
    const labels =
      filter && (filter.officeIds || filter.year !== undefined)
        ? [...this.liveLabels()].filter((l) => this.matches(l, filter))
        : [...this.liveLabels()];
    return this.exact(query, k, labels).map(([label, score]) => [this.docAt(label), score]);
  }

  private knn(query: number[], k: number, filter?: (label: number) => boolean): [number, number][] {
    const index = this.index!;
    const live = this.docs.size;
    const n = Math.min(k, live);
    const ef = this.efSearch ?? Math.min(2048, Math.max(256, Math.ceil(live / 50)));
    index.setEf(Math.max(ef, n));
    const { neighbors, distances } = filter ? index.searchKnn(query, n, filter) : index.searchKnn(query, n);
    return neighbors.map((label, i) => [label, 1 - distances[i]]);
  }

  /** Labels matching a filter when they are few enough to score exactly; 'many' otherwise; null for no filter. */
  private candidates(filter: HnswFilter): number[] | 'many' | null {
    if (filter.officeIds) {
      const out: number[] = [];
      for (const office of filter.officeIds) {
        for (const label of this.docs.officeLabels(office)) {
          if (filter.year === undefined || this.docs.yearOf(label) === filter.year) out.push(label);
        }
      }
      return out.length <= this.exactBelow ? out : 'many';
    }
    if (filter.year !== undefined) {
      if (this.docs.yearCount(filter.year) > this.exactBelow) return 'many';
      return [...this.liveLabels()].filter((l) => this.docs.yearOf(l) === filter.year);
    }
    return null;
  }

  private matches(label: number, filter: HnswFilter): boolean {
    if (!this.docs.has(label)) return false;
    if (filter.year !== undefined && this.docs.yearOf(label) !== filter.year) return false;
    const officeId = this.docs.officeIdOf(label);
    return !filter.officeIds || (officeId !== undefined && filter.officeIds.includes(officeId));
  }

  private exact(query: number[], k: number, labels: Iterable<number>): [number, number][] {
    const index = this.index!;
    let qn = 0;
    for (const x of query) qn += x * x;
    qn = Math.sqrt(qn) || 1;
    const scored: [number, number][] = [];
    for (const label of labels) {
      // The index keeps vectors normalised (cosine space), so a dot product is the cosine.
      const p = index.getPoint(label);
      let dot = 0;
      for (let i = 0; i < p.length; i++) dot += p[i] * query[i];
      scored.push([label, dot / qn]);
    }
    scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return scored.slice(0, k);
  }

  private ensureFlat(dim: number): FlatVectors {
    if (this.dim !== null && dim !== this.dim) throw new Error(`向量维数不对：索引是 ${this.dim} 维，收到 ${dim} 维`);
    this.dim = dim;
    this.flat ??= new FlatVectors(dim, this.indexDir ?? this.scratchDir);
    return this.flat;
  }

  private ensureIndex(dim: number, adding: number): hnswlib.HierarchicalNSW {
    if (this.dim !== null && dim !== this.dim) throw new Error(`向量维数不对：索引是 ${this.dim} 维，收到 ${dim} 维`);
    this.dim = dim;
    if (!this.index) {
      this.index = new hnswlib.HierarchicalNSW('cosine', dim);
      this.index.initIndex({
        maxElements: Math.max(this.initialCapacity, adding),
        m: this.m,
        efConstruction: this.efConstruction,
        randomSeed: 100,
        allowReplaceDeleted: true,
      });
    }
    // Slots of deleted documents are reused by addPoint(…, replaceDeleted), so only live ones count.
    const needed = this.docs.size + adding;
    const max = this.index.getMaxElements();
    if (needed > max) this.index.resizeIndex(Math.max(needed, max * 2));
    return this.index;
  }

  /** Writes the index and its sidecar to `directory`; the sidecar is renamed into place last. */
  async save(directory: string): Promise<void> {
    fs.mkdirSync(directory, { recursive: true });
    const { index, flat } = this;
    const indexFile = index ? writeNew(directory, 'hnsw-', '.bin', (tmp) => index.writeIndexSync(tmp)) : null;
    const vectorsFile = flat ? writeNew(directory, 'vectors-', '.bin', (tmp) => flat.save(tmp)) : null;
    const docsFile = writeNew(directory, 'docs-', '.dat', (tmp) => this.docs.save(tmp));
    const sidecar: Sidecar = {
      format: 4,
      embedding: { id: this.embeddings.embeddingId, dimension: this.dim },
      space: 'cosine',
      m: this.m,
      efConstruction: this.efConstruction,
      indexFile,
      nextLabel: this.nextLabel,
      docsFile,
      ...(this.flatMode ? { vectorsFile: vectorsFile ?? undefined } : {}),
      vectors: this.flatMode ? 'flat' : 'graph',
    };
    // A temporary file of its own, flushed, then renamed: two processes saving at once
    // never write into one temporary file, and a crash never leaves a torn sidecar.
    writeFileAtomicSync(path.join(directory, SIDECAR), JSON.stringify(sidecar));
    // Remove only the file this store wrote or loaded before: another process saving into the
    // same directory at the same time must not lose the file its sidecar names.
    if (this.indexFile && this.indexFile !== indexFile && this.indexDir === directory) {
      fs.rmSync(path.join(directory, this.indexFile), { force: true });
    }
    if (this.docsFile && this.docsFile !== docsFile && this.indexDir === directory) {
      fs.rmSync(path.join(directory, this.docsFile), { force: true });
    }
    if (this.vectorsFile && this.vectorsFile !== vectorsFile && this.indexDir === directory) {
      fs.rmSync(path.join(directory, this.vectorsFile), { force: true });
    }
    // The documents are read from the file just written from now on: those added since the
    // last open leave the heap (a running bot's ingests too).
    const reopened = DocTable.open(path.join(directory, docsFile), this.nextLabel, {
      scratchDir: this.scratchDir ?? directory,
    });
    this.docs.close();
    this.docs = reopened;
    this.indexFile = indexFile;
    this.vectorsFile = vectorsFile;
    this.docsFile = docsFile;
    this.indexDir = directory;
    this.savedAt = fs.statSync(path.join(directory, SIDECAR)).mtimeMs;
  }

  /** True when the saved store in `directory` was rewritten (by another process) since this one loaded or saved it. */
  changedOnDisk(directory: string): boolean {
    try {
      return fs.statSync(path.join(directory, SIDECAR)).mtimeMs !== this.savedAt;
    } catch {
      return this.savedAt !== null;
    }
  }

  /** The documents of a saved store, without its vectors (e.g. to embed them again with other embeddings). */
  static readDocuments(directory: string): DocumentInterface[] {
    const sidecar = readSidecar(directory);
    if (sidecar.format !== 4) return savedDocs(directory, sidecar).map((d) => docOf(d.pageContent, d.metadata, d.id));
    const table = openDocTable(directory, sidecar);
    try {
      return [...table.labels()].map((label) => {
        const d = table.docOf(label, true);
        return docOf(d.text, d.metadata, d.id);
      });
    } finally {
      table.close();
    }
  }

  /** True when `directory` holds a saved store. */
  static exists(directory: string): boolean {
    return fs.existsSync(path.join(directory, SIDECAR));
  }

  /** Loads a saved store; refuses one built with other embeddings. */
  static async load(
    directory: string,
    embeddings: NamedEmbeddings,
    opts: HnswStoreOptions = {},
  ): Promise<HnswGraphStore> {
    const file = path.join(directory, SIDECAR);
    if (!fs.existsSync(file)) throw new Error(`没有找到向量索引：${directory} 中没有 ${SIDECAR}`);
    const sidecar = readSidecar(directory);
    const saved = sidecar.embedding;
    const dimMismatch =
      saved.dimension !== null && embeddings.dimension !== undefined && saved.dimension !== embeddings.dimension;
    if (saved.id !== embeddings.embeddingId || dimMismatch) {
      throw new EmbeddingMismatchError(
        `向量索引是用嵌入模型「${saved.id}」（${saved.dimension ?? '?'} 维）建立的，` +
          `当前配置的是「${embeddings.embeddingId}」（${embeddings.dimension ?? '?'} 维），两者的向量不能混用。` +
          `请改回原来的嵌入设置，或删除 ${directory} 后重新导入年报（nianbao ingest）。`,
        saved.id,
        embeddings.embeddingId,
      );
    }
    // Saved flat, it opens flat; a graph opens as a graph unless these embeddings search flat
    // (a graph of hashed vectors saved before: its vectors are taken out of the graph's file).
    const flat =
      sidecar.format === 3 ||
      sidecar.vectors === 'flat' ||
      (opts.vectors ?? (searchesFlat(embeddings) ? 'flat' : 'graph')) === 'flat';
    const store = new HnswGraphStore(embeddings, {
      m: sidecar.m,
      efConstruction: sidecar.efConstruction,
      ...opts,
      vectors: flat ? 'flat' : 'graph',
    });
    store.dim = saved.dimension;
    store.nextLabel = sidecar.nextLabel;
    const docs =
      sidecar.format === 4
        ? openDocTable(directory, sidecar, opts.scratchDir ?? directory)
        : store.openedOld(directory, sidecar);
    store.docs = docs;
    if (sidecar.vectorsFile) {
      store.flat = FlatVectors.load(path.join(directory, sidecar.vectorsFile), opts.scratchDir ?? directory);
    } else if (sidecar.indexFile && saved.dimension && flat) {
      const flatVectors = new FlatVectors(saved.dimension, opts.scratchDir ?? directory);
      forEachHnswVector(path.join(directory, sidecar.indexFile), saved.dimension, (label, v) => {
        if (docs.has(label)) flatVectors.addStored(label, v);
      });
      store.flat = flatVectors;
      // Written flat at the next save; the graph's file goes then (its name is kept until).
    } else if (sidecar.indexFile && saved.dimension) {
      const index = new hnswlib.HierarchicalNSW('cosine', saved.dimension);
      index.readIndexSync(path.join(directory, sidecar.indexFile), true);
      store.index = index;
    }
    store.indexFile = sidecar.indexFile;
    store.vectorsFile = sidecar.vectorsFile ?? null;
    store.docsFile = sidecar.docsFile ?? null;
    store.indexDir = directory;
    store.savedAt = fs.statSync(file).mtimeMs;
    removeOrphans(directory, [sidecar.indexFile, sidecar.docsFile ?? null, sidecar.vectorsFile ?? null]);
    const opened = store.flat;
    if (opened) docs.forEachYear((label, year) => opened.setGroup(label, store.groupOf(year)));
    return store;
  }

  /** The documents of a folder of format 1–3, read whole into the heap (written as format 4 at the next save). */
  private openedOld(directory: string, sidecar: Sidecar): DocTable {
    const table = DocTable.empty(0, { scratchDir: this.scratchDir ?? directory });
    for (const d of savedDocs(directory, sidecar)) table.add(d.label, d.id, d.pageContent, d.metadata);
    return table;
  }
}

/** Files a save leaves behind that no sidecar names can be removed once they are this old. */
export const ORPHAN_MIN_AGE_MS = 60_000;

/**
 * Removes index files the sidecar does not name (two processes saving at once: the
 * sidecar names one, the other's file is orphaned) and temporary files of an
 * interrupted save. Only files older than a minute: a file that young may belong to
 * a save still in progress, which renames its sidecar last. Never throws (a
 * read-only data folder is fine).
 */
export function removeOrphans(
  directory: string,
  keep: string | null | readonly (string | null)[],
  now = Date.now(),
  minAgeMs = ORPHAN_MIN_AGE_MS,
): string[] {
  const kept = new Set(Array.isArray(keep) ? keep : [keep]);
  const orphan = (name: string) =>
    ((/^hnsw-.+\.bin$/.test(name) ||
      /^vectors-.+\.bin$/.test(name) ||
      /^docs-.+\.ndjson$/.test(name) ||
      /^docs-.+\.dat$/.test(name)) &&
      !kept.has(name)) ||
    name.endsWith('.tmp');
  return removeOldFiles(directory, orphan, minAgeMs, now);
}

function readSidecar(directory: string): Sidecar {
  const file = path.join(directory, SIDECAR);
  if (!fs.existsSync(file)) throw new Error(`没有找到向量索引：${directory} 中没有 ${SIDECAR}`);
  let sidecar: Sidecar;
  try {
    sidecar = JSON.parse(fs.readFileSync(file, 'utf8')) as Sidecar;
  } catch (err) {
    throw new Error(`向量索引的说明文件 ${file} 已损坏，无法读取：请删除 ${directory} 后重新导入年报`, { cause: err });
  }
  if (sidecar.format !== 1 && sidecar.format !== 2 && sidecar.format !== 3 && sidecar.format !== 4)
    throw new Error(`向量索引的格式版本（${sidecar.format}）不受支持：请删除 ${directory} 后重新导入年报`);
  return sidecar;
}

/** The documents a sidecar holds (format 1) or names (format 2: read line by line from a buffer, never one string). */
function savedDocs(directory: string, sidecar: Sidecar): SavedDoc[] {
  if (sidecar.format === 1) return sidecar.docs ?? [];
  const file = path.join(directory, sidecar.docsFile ?? '');
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (err) {
    throw new Error(`向量索引的文本文件 ${file} 无法读取：请删除 ${directory} 后重新导入年报`, { cause: err });
  }
  const docs: SavedDoc[] = [];
  let start = 0;
  while (start < buf.length) {
    let end = buf.indexOf(10, start);
    if (end === -1) end = buf.length;
    if (end > start) docs.push(JSON.parse(buf.toString('utf8', start, end)) as SavedDoc);
    start = end + 1;
  }
  return docs;
}

/** A format 4 folder's documents file, opened (labels added later start at the sidecar's nextLabel). */
function openDocTable(directory: string, sidecar: Sidecar, scratchDir?: string): DocTable {
  const file = path.join(directory, sidecar.docsFile ?? '');
  try {
    return DocTable.open(file, sidecar.nextLabel, { scratchDir });
  } catch (err) {
    throw new Error(`向量索引的文本文件 ${file} 无法读取：请删除 ${directory} 后重新导入年报`, { cause: err });
  }
}
