// A LangChain VectorStore on hnswlib-node (cosine space): the graph store of
// src/retrieval/hnsw-graph.ts behind LangChain's SaveableVectorStore, so it plugs
// into retrievers and chains. Written here rather than taken from @langchain/community,
// whose peer dependencies clash with openai 6 and zod 4 (see dependencies.md). Kept
// apart from the graph because @langchain/core's vector stores take ~0.15 s to load:
// the search index itself never needs them (issue 13, cold passage question).
import type { DocumentInterface } from '@langchain/core/documents';
import { SaveableVectorStore } from '@langchain/core/vectorstores';
import type { NamedEmbeddings } from './embeddings/named.js';
import { HnswGraphStore, type HnswFilter, type HnswFilterType, type HnswStoreOptions } from './hnsw-graph.js';

export {
  EmbeddingMismatchError,
  HnswGraphStore,
  ORPHAN_MIN_AGE_MS,
  removeOrphans,
  type HnswFilter,
  type HnswFilterType,
  type HnswStoreOptions,
} from './hnsw-graph.js';

export class HnswVectorStore extends SaveableVectorStore {
  declare FilterType: HnswFilterType;
  declare embeddings: NamedEmbeddings;
  /** The graph underneath (what the search index holds; one graph, however many views). */
  readonly graph: HnswGraphStore;

  constructor(embeddings: NamedEmbeddings, opts: HnswStoreOptions = {}, graph?: HnswGraphStore) {
    super(embeddings, opts);
    this.graph = graph ?? new HnswGraphStore(embeddings, opts);
  }

  /** A VectorStore over a graph already open (the search index's own): no copy, changes show both ways. */
  static over(graph: HnswGraphStore): HnswVectorStore {
    return new HnswVectorStore(graph.embeddings, {}, graph);
  }

  _vectorstoreType(): string {
    return 'hnswlib-node';
  }

  /** Live documents. */
  get size(): number {
    return this.graph.size;
  }

  /** Slots the index has room for before it must grow. */
  get capacity(): number {
    return this.graph.capacity;
  }

  get dimension(): number | null {
    return this.graph.dimension;
  }

  /** Every live document (for rebuilding other indexes over the same documents). */
  documents(): IterableIterator<DocumentInterface> {
    return this.graph.documents();
  }

  getDocument(id: string): DocumentInterface | undefined {
    return this.graph.getDocument(id);
  }

  async addDocuments(documents: DocumentInterface[], options?: { ids?: string[] }): Promise<string[]> {
    return this.graph.addDocuments(documents, options);
  }

  /** Adds (or, for an id already present, replaces) documents with their vectors. */
  async addVectors(
    vectors: number[][],
    documents: DocumentInterface[],
    options?: { ids?: string[] },
  ): Promise<string[]> {
    return this.graph.addVectors(vectors, documents, options);
  }

  override async delete(params?: { ids?: string[] }): Promise<void> {
    return this.graph.delete(params);
  }

  /** Removes one document; its slot in the index is reused by the next add. */
  deleteOne(id: string): boolean {
    return this.graph.deleteOne(id);
  }

  async similaritySearchVectorWithScore(
    query: number[],
    k: number,
    filter?: HnswFilterType,
  ): Promise<[DocumentInterface, number][]> {
    return this.graph.similaritySearchVectorWithScore(query, k, filter);
  }

  /** Exact top-k by cosine over every live document (the reference for recall). */
  exactSearch(query: number[], k: number, filter?: HnswFilter): [DocumentInterface, number][] {
    return this.graph.exactSearch(query, k, filter);
  }

  /** Writes the index and its sidecar to `directory`; the sidecar is renamed into place last. */
  async save(directory: string): Promise<void> {
    return this.graph.save(directory);
  }

  /** True when the saved store in `directory` was rewritten (by another process) since this one loaded or saved it. */
  changedOnDisk(directory: string): boolean {
    return this.graph.changedOnDisk(directory);
  }

  /** The documents of a saved store, without its vectors (e.g. to embed them again with other embeddings). */
  static readDocuments(directory: string): DocumentInterface[] {
    return HnswGraphStore.readDocuments(directory);
  }

  /** True when `directory` holds a saved store. */
  static exists(directory: string): boolean {
    return HnswGraphStore.exists(directory);
  }

  /** Loads a saved store; refuses one built with other embeddings. */
  static override async load(
    directory: string,
    embeddings: NamedEmbeddings,
    opts: HnswStoreOptions = {},
  ): Promise<HnswVectorStore> {
    return HnswVectorStore.over(await HnswGraphStore.load(directory, embeddings, opts));
  }
}
