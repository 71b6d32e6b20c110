// Retrieval: find the passages of report prose that answer what the tables don't hold
// (公众号关注量, 存在的问题, 落款日期 …). Numbers in tables come from facts, not from here.
//
// Ingest:   const index = await RetrievalIndex.open(dataDir, embeddingsFromEnv(process.env, cfg), { userWords: aliases });
//           await index.addReport(reportId, chunkReport(text, { reportId, officeId, office, year }));
//           index.removeReport(supersededReportId);  await index.save();
//           (vectors another instance made with the same embeddings: index.addEmbedded([{ reportId, chunks, vectors }]))
// Question: const hits = await index.search('只楚街道微信公众号关注量是多少', { officeIds: [officeId], year, k: 3 });
//           bestSentences(hits[0], question, 2)  → the sentences to quote; hits[0].chunk has office, year, part, line.
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
// The LangChain VectorStore (HnswVectorStore) is in './hnsw-store.js', or `await index.langchainStore()`:
// not exported here, so that importing retrieval never loads @langchain/core's vector stores.
export { EmbeddingMismatchError, HnswGraphStore, type HnswFilter, type HnswStoreOptions } from './hnsw-graph.js';
export { BM25_FILE, RetrievalIndex, RETRIEVAL_DIR, type RetrievalIndexOptions } from './retrieval-index.js';
