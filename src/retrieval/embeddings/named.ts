import type { Embeddings } from '@langchain/core/embeddings';

/**
 * Embeddings that can say what they are, so that a saved index refuses to be
 * searched with vectors from another model.
 */
export interface NamedEmbeddings extends Embeddings {
  /** Stable name of the model and its settings, e.g. `hashed-ngram-v1/256`, `openai-compatible:text-embedding-v3`. */
  readonly embeddingId: string;
  /** Vector length, when known before the first call. */
  readonly dimension?: number;
}
