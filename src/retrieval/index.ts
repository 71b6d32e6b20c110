// Retrieval: find the passages of report prose that answer what the tables don't hold.
export type { Chunk, ChunkMeta, Hit, PartNumber, SearchFilter, SearchOptions } from './types.js';
export { chunkReport, chunkIndexText, findParts, CHUNK_MAX, CHUNK_MIN, SIGNATURE_SECTION } from './chunker.js';
export { tokenize, addUserWords, TEMPLATE_TERMS, STOP_WORDS } from './tokenizer.js';
export { Bm25Index } from './bm25.js';
export { reciprocalRankFusion } from './fusion.js';
export { splitSentences } from './sentences.js';
export { bestSentences } from './quote.js';
export type { NamedEmbeddings } from './embeddings/named.js';
export { HashedNgramEmbeddings } from './embeddings/hashed.js';
export { OpenAICompatibleEmbeddings } from './embeddings/openai-compatible.js';
export { embeddingsFromEnv, type EmbeddingConfig } from './embeddings/from-env.js';
export { HnswVectorStore, type HnswFilter, type HnswStoreOptions } from './hnsw-store.js';
export { RetrievalIndex, RETRIEVAL_DIR, type RetrievalIndexOptions } from './retrieval-index.js';
