// The retrieval index of a data directory: report chunks in an HNSW vector store
// (saved beside the database, updated on ingest) plus a BM25 index of the same chunks,
// saved beside it too (bm25.dat) and opened at the first search, not rebuilt: tokenizing
// every chunk took ~4 s at 10,000 reports (issue 13). The saved BM25 is checked against
// the chunks it opens with, and only what differs is tokenized again.
// Searches fuse both rankings by reciprocal rank.
import fs from 'node:fs';
import path from 'node:path';
import type { DocumentInterface } from '@langchain/core/documents';
import { Bm25Index } from './bm25.js';
import { chunkIndexParts, chunkIndexText } from './chunker.js';
import { HashedNgramEmbeddings } from './embeddings/hashed.js';
import type { NamedEmbeddings } from './embeddings/named.js';
import { reciprocalRankFusion } from './fusion.js';
import { EmbeddingMismatchError, HnswGraphStore, type HnswFilter, type HnswStoreOptions } from './hnsw-graph.js';
import type { HnswVectorStore } from './hnsw-store.js';
import { type TermLists, tokensOf } from './terms.js';
import { addUserWords, cutTerms, tokenize, useLexicon } from './tokenizer.js';
import { LEXICON_FILE } from './lexicon.js';
import { saveLexicon } from './lexicon-cache.js';
import { writeFileAtomicSync } from '../io/index.js';
import type { Chunk, Hit, PartNumber, SearchOptions } from './types.js';

export interface RetrievalIndexOptions extends HnswStoreOptions {
  /** Words for the tokenizer: office names and short names (只楚街道, 城关镇 …). */
  userWords?: Iterable<string>;
  /** How many candidates each ranking contributes to the fusion (default max(50, 5k)). */
  candidates?: number;
  /** The RRF constant (default 60). */
  rrfK?: number;
  /**
   * Called when the dense ranking fails (e.g. the embedding service is down); the
   * search then answers from BM25 alone. Without it, the error is thrown.
   */
  onDenseError?: (err: Error) => void;
  /**
   * What to do when the saved index was built with other embeddings: 'refuse' (default)
   * throws EmbeddingMismatchError; 'reembed' embeds the saved chunks again with the
   * given embeddings (slow with a remote model; saved at the next save()).
   */
  onEmbeddingMismatch?: 'refuse' | 'reembed';
}

/** Sub-directory of the data directory that holds the index. */
export const RETRIEVAL_DIR = 'retrieval';
/** The saved BM25 index, beside the vector store's files. */
export const BM25_FILE = 'bm25.dat';
/** The vector store's sidecar (hnsw-graph.ts): each save names new files in it, so its text tells saves apart. */
const STORE_SIDECAR = 'docstore.json';

export class RetrievalIndex {
  readonly dir: string;
  private readonly store: HnswGraphStore;
  /** The embeddings it searches with (vectors stored by another instance are reused only when made by the same). */
  readonly embeddings: NamedEmbeddings;
  private readonly opts: RetrievalIndexOptions;
  private bm25: Bm25Index | null = null;
  /** The offline embeddings' vectors of the batch being added (embedHashed). */
  private vectorBuffer = new Float64Array(0);
  private dirty = false;
  /**
   * The text of the sidecar the chunks were loaded from or last saved as, while they are
   * (null: unknown). BM25 is saved with it: opened with the same, it holds these very chunks.
   */
  private storeTag: string | null = null;

  private constructor(dir: string, store: HnswGraphStore, embeddings: NamedEmbeddings, opts: RetrievalIndexOptions) {
    this.dir = dir;
    this.store = store;
    this.embeddings = embeddings;
    this.opts = opts;
  }

  /**
   * Opens the index of `dataDir` (creating an empty one if none is saved yet).
   * Refuses an index built with other embeddings.
   */
  static async open(
    dataDir: string,
    embeddings: NamedEmbeddings,
    opts: RetrievalIndexOptions = {},
  ): Promise<RetrievalIndex> {
    const dir = path.join(dataDir, RETRIEVAL_DIR);
    // A cold question cuts its few texts from the saved lookup, not jieba's whole dictionary.
    useLexicon(path.join(dir, LEXICON_FILE));
    if (opts.userWords) addUserWords(opts.userWords);
    if (!HnswGraphStore.exists(dir))
      return new RetrievalIndex(dir, new HnswGraphStore(embeddings, { scratchDir: dir, ...opts }), embeddings, opts);
    try {
      // The sidecar the same before and after: the store loaded that one (each save's differs).
      const before = readStoreTag(dir);
      const index = new RetrievalIndex(dir, await HnswGraphStore.load(dir, embeddings, opts), embeddings, opts);
      index.storeTag = before !== null && before === readStoreTag(dir) ? before : null;
      return index;
    } catch (err) {
      if (!(err instanceof EmbeddingMismatchError) || opts.onEmbeddingMismatch !== 'reembed') throw err;
    }
    // The chunks are in the sidecar: embed them again rather than asking for a new ingest.
    const index = new RetrievalIndex(
      dir,
      new HnswGraphStore(embeddings, { scratchDir: dir, ...opts }),
      embeddings,
      opts,
    );
    const byReport = new Map<number, Chunk[]>();
    for (const doc of HnswGraphStore.readDocuments(dir)) {
      const c = chunkOf(doc);
      byReport.set(c.reportId, [...(byReport.get(c.reportId) ?? []), c]);
    }
    for (const [reportId, chunks] of byReport)
      await index.addReport(
        reportId,
        chunks.sort((a, b) => a.seq - b.seq),
      );
    return index;
  }

  /** Number of chunks indexed. */
  get size(): number {
    return this.store.size;
  }

  /** True when there are changes not yet saved. */
  get unsaved(): boolean {
    return this.dirty;
  }

  /** The vectors underneath (the graph: searches by vector, exact search, size; no LangChain). */
  get vectorStore(): HnswGraphStore {
    return this.store;
  }

  /**
   * The same vectors as a LangChain VectorStore (e.g. for `asRetriever()`), over the same
   * graph. LangChain loads here, not with the index: a cold search never needs it.
   */
  async langchainStore(): Promise<HnswVectorStore> {
    const { HnswVectorStore } = await import('./hnsw-store.js');
    return HnswVectorStore.over(this.store);
  }

  // A report's chunks are found by the store's reportId column (no list of 1.1 M ids kept here at 100,000 reports).
  reportIds(): number[] {
    return this.store.reportIds();
  }

  hasReport(reportId: number): boolean {
    return this.store.hasReport(reportId);
  }

  /** The office a report's chunks are indexed under (they move when the report is assigned elsewhere), or undefined. */
  officeOf(reportId: number): number | undefined {
    return this.store.reportOfficeId(reportId);
  }

  /** Teach the tokenizer office names; texts indexed later are cut with them. */
  addUserWords(words: Iterable<string>): void {
    addUserWords(words);
  }

  /** Indexes a report's chunks, replacing any chunks indexed before under the same report id. */
  async addReport(reportId: number, chunks: Chunk[]): Promise<void> {
    for (const c of chunks) {
      if (c.reportId !== reportId) throw new Error(`文本块 ${c.id} 属于年报 ${c.reportId}，不属于年报 ${reportId}`);
    }
    // Embed first: if the embedding service fails, the old chunks stay searchable.
    const vectors = chunks.length ? await this.embeddings.embedDocuments(chunks.map(chunkIndexText)) : [];
    this.removeReport(reportId);
    if (!chunks.length) return;
    this.store.addRecords(vectors, chunkRecords(chunks), 'text', chunks.map(chunkId));
    for (const c of chunks) this.bm25?.add(bm25Doc(c));
    this.dirty = true;
  }

  /**
   * Indexes many reports at once: their chunks embedded in one call (one request to an
   * embedding service for the lot, not one per report), then each report as addReport.
   */
  async addReports(reports: readonly { reportId: number; chunks: Chunk[] }[]): Promise<void> {
    for (const r of reports) {
      for (const c of r.chunks) {
        if (c.reportId !== r.reportId)
          throw new Error(`文本块 ${c.id} 属于年报 ${c.reportId}，不属于年报 ${r.reportId}`);
      }
    }
    const all = reports.flatMap((r) => r.chunks);
    // Each chunk's lines made once: joined, they are the text embedded (chunkIndexText).
    const parts = all.map(chunkIndexParts);
    const texts = parts.map((p) => p.join('\n'));
    // The offline embeddings take BM25's tokens: each chunk is cut by jieba once, not twice
    // (the vectors are the same bit for bit; issue 13), and both take them as the
    // tokenizer's numbers. Any other embeddings, a subclass that embeds its own way
    // included, are asked through embedDocuments.
    const hashed =
      this.embeddings.constructor === HashedNgramEmbeddings ? (this.embeddings as HashedNgramEmbeddings) : null;
    const lists = hashed ? cutTerms(parts) : null;
    const vectors = hashed
      ? this.embedHashed(hashed, texts, lists!)
      : all.length
        ? await this.embeddings.embedDocuments(texts)
        : [];
    let at = 0;
    this.addIndexed(
      reports.map((r) => {
        const from = at;
        at += r.chunks.length;
        return { ...r, vectors: vectors.slice(from, at) };
      }),
      lists,
    );
  }

  /**
   * The offline embeddings of `texts` (cut into `lists`), bit for bit embedSync's: views of
   * one buffer where the vectors are scanned flat (read once, into float32, before the next
   * batch writes the buffer again), arrays for HNSW (hnswlib takes arrays).
   */
  private embedHashed(hashed: HashedNgramEmbeddings, texts: string[], lists: TermLists): ArrayLike<number>[] {
    if (this.store.searchedBy !== 'flat') return texts.map((t, i) => hashed.embedSync(t, tokensOf(lists, i)));
    const dim = hashed.dimension;
    // Reused: a new buffer a batch (0.7 MB for 32 reports) was memory outside the heap, whose
    // growth made V8 collect the young generation early (issue 13).
    if (this.vectorBuffer.length < texts.length * dim)
      this.vectorBuffer = new Float64Array(Math.max(texts.length * dim, 2 * this.vectorBuffer.length));
    const buffer = this.vectorBuffer;
    const out: Float64Array[] = [];
    const { terms, ids, starts } = lists;
    for (let i = 0; i < texts.length; i++) {
      hashed.embedTermsInto(texts[i], terms, ids, starts[i], starts[i + 1], buffer, i * dim);
      out.push(buffer.subarray(i * dim, (i + 1) * dim));
    }
    return out;
  }

  /**
   * Indexes reports whose chunks were embedded already, by these same embeddings (chunks
   * kept in a shared store with their vectors: another instance made them). Nothing is
   * embedded here; each report replaces what was indexed under its id.
   */
  async addEmbedded(
    reports: readonly { reportId: number; chunks: Chunk[]; vectors: readonly ArrayLike<number>[] }[],
  ): Promise<void> {
    this.addIndexed(reports, null);
  }

  /**
   * addEmbedded, with every chunk's tokens already cut when `lists` is given (the reports'
   * chunks one after another, as numbers: cutTerms of their chunkIndexParts): BM25 takes
   * them as they are.
   */
  private addIndexed(
    reports: readonly { reportId: number; chunks: Chunk[]; vectors: readonly ArrayLike<number>[] }[],
    lists: TermLists | null,
  ): void {
    for (const r of reports) {
      if (r.vectors.length !== r.chunks.length)
        throw new Error(`年报 ${r.reportId} 的向量数（${r.vectors.length}）与文本块数（${r.chunks.length}）不一致`);
      for (const c of r.chunks) {
        if (c.reportId !== r.reportId)
          throw new Error(`文本块 ${c.id} 属于年报 ${c.reportId}，不属于年报 ${r.reportId}`);
      }
    }
    let chunkAt = 0;
    for (const r of reports) {
      const first = chunkAt;
      chunkAt += r.chunks.length;
      this.removeReport(r.reportId);
      if (!r.chunks.length) continue;
      // Tokens already cut are indexed now (BM25 opened first, before these chunks are in the
      // graph it reads) rather than cut again at save.
      const bm25 = lists ? this.lexical() : this.bm25;
      // Read only by the vector store (into float32 rows, or copied into the HNSW graph); each
      // chunk is kept as the document { pageContent: text, metadata: its other fields } would be.
      this.store.addRecords(r.vectors, chunkRecords(r.chunks), 'text', r.chunks.map(chunkId));
      if (bm25 && lists) {
        const { terms, ids, starts } = lists;
        r.chunks.forEach((c, i) => {
          bm25.addNumbered(c.id, c.officeId, c.year, terms, ids, starts[first + i], starts[first + i + 1]);
        });
      } else if (bm25) for (const c of r.chunks) bm25.add(bm25Doc(c));
      this.dirty = true;
    }
  }

  /** Drops a report's chunks (a replaced or deleted report). Returns how many were removed. */
  removeReport(reportId: number): number {
    const ids = this.store.reportDocumentIds(reportId);
    if (!ids.length) return 0;
    for (const id of ids) {
      this.store.deleteOne(id);
      this.bm25?.remove(id);
    }
    if (this.bm25 && this.bm25.garbage > 0.3) this.bm25.compact();
    this.dirty = true;
    return ids.length;
  }

  /** The best chunks for a question: BM25 and dense rankings fused, narrowed to offices/year when given. */
  async search(query: string, opts: SearchOptions = {}): Promise<Hit[]> {
    const k = opts.k ?? 5;
    if (k <= 0 || !this.store.size || (opts.officeIds && !opts.officeIds.length)) return [];
    const n = this.opts.candidates ?? Math.max(50, 5 * k);
    const filter: HnswFilter | undefined =
      opts.officeIds || opts.year !== undefined ? { officeIds: opts.officeIds, year: opts.year } : undefined;

    const lexical = this.lexical()
      .search(tokenize(query), n, filter ?? {})
      .map((r) => r.key);
    let dense: string[] = [];
    try {
      const qv = await this.embeddings.embedQuery(query);
      dense = (await this.store.similaritySearchVectorWithScore(qv, n, filter)).map(([doc]) => doc.id!);
    } catch (err) {
      if (!this.opts.onDenseError) throw err;
      this.opts.onDenseError(err as Error);
    }
    return reciprocalRankFusion([lexical, dense], this.opts.rrfK ?? 60)
      .slice(0, k)
      .map((f) => ({
        chunk: chunkOf(this.store.getDocument(f.key)!),
        score: f.score,
        bm25Rank: f.ranks[0],
        denseRank: f.ranks[1],
      }));
  }

  /** Writes the index beside the database; a no-op when nothing changed. */
  async save(): Promise<void> {
    // The dictionary lookup is kept beside the index, also in a folder saved before it existed.
    if (!this.dirty && HnswGraphStore.exists(this.dir)) return void this.keepLexicon();
    await this.store.save(this.dir);
    // The sidecar just written, unless another process has saved over it since.
    const tag = readStoreTag(this.dir);
    this.storeTag = tag !== null && !this.store.changedOnDisk(this.dir) ? tag : null;
    // After the vectors: a BM25 file older than the chunks is corrected when opened.
    this.lexical().writeFile(path.join(this.dir, BM25_FILE), this.storeTag);
    this.keepLexicon();
    this.dirty = false;
  }

  /**
   * Writes the dictionary lookup beside an index saved before it existed (a cold question
   * then cuts its words from it instead of loading jieba's whole dictionary). Once per
   * folder, linked from a cache built once per installed jieba (~0.2 s the first time);
   * never throws: a read-only data folder keeps working without it.
   */
  keepLexicon(): boolean {
    if (!HnswGraphStore.exists(this.dir)) return false;
    try {
      saveLexicon(path.join(this.dir, LEXICON_FILE), writeFileAtomicSync);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * True when another process (e.g. `nianbao ingest` while the bot runs) has saved the
   * index since this one was opened or saved: reopen to see its reports.
   */
  changedOnDisk(): boolean {
    return this.store.changedOnDisk(this.dir);
  }

  /** Builds BM25 now rather than on the first search (e.g. at bot start). */
  warm(): void {
    this.lexical();
  }

  private lexical(): Bm25Index {
    if (!this.bm25) {
      const saved = this.savedBm25();
      // Saved with these very chunks (the same save, none changed since): opened as it is,
      // not checked chunk by chunk (~0.9 s of CPU at 100,000 reports, issue 13).
      if (saved && !this.dirty && this.storeTag !== null && saved.tag === this.storeTag) return (this.bm25 = saved);
      const bm25 = saved ?? new Bm25Index();
      // The saved index holds what was saved; the chunks are the truth: drop what is gone
      // or was filed elsewhere (a report moved by assign), tokenize only what is missing.
      for (const key of bm25.liveKeys()) {
        const c = this.store.placeOf(key);
        const at = bm25.placeOf(key);
        if (!c || !at || at.officeId !== c.officeId || at.year !== c.year) bm25.remove(key);
      }
      for (const id of this.store.documentIds())
        if (!bm25.has(id)) bm25.add(bm25Doc(chunkOf(this.store.getDocument(id)!)));
      this.bm25 = bm25;
    }
    return this.bm25;
  }

  /** The BM25 index saved beside the vectors, or null (none yet, unreadable: then built afresh). */
  private savedBm25(): Bm25Index | null {
    try {
      return Bm25Index.open(path.join(this.dir, BM25_FILE));
    } catch {
      return null;
    }
  }
}

/** The vector store's sidecar as text, or null when there is none. */
function readStoreTag(dir: string): string | null {
  try {
    return fs.readFileSync(path.join(dir, STORE_SIDECAR), 'utf8');
  } catch {
    return null;
  }
}

function bm25Doc(c: Chunk) {
  return { key: c.id, officeId: c.officeId, year: c.year, tokens: tokenize(chunkIndexText(c)) };
}

/** Chunks as the records the vector store keeps (their text under 'text', the rest metadata). */
function chunkRecords(chunks: readonly Chunk[]): readonly Record<string, unknown>[] {
  return chunks as readonly object[] as readonly Record<string, unknown>[];
}

function chunkId(c: Chunk): string {
  return c.id;
}

function chunkOf(doc: DocumentInterface): Chunk {
  const m = doc.metadata as Omit<Chunk, 'text'>;
  return {
    id: doc.id ?? m.id,
    seq: m.seq,
    reportId: m.reportId,
    officeId: m.officeId,
    office: m.office,
    year: m.year,
    part: m.part as PartNumber,
    partHeading: m.partHeading,
    section: m.section ?? null,
    line: m.line,
    endLine: m.endLine,
    text: doc.pageContent,
  };
}
