import type { EmbeddingsInterface } from '@langchain/core/embeddings';

/**
 * Embeddings that can say what they are, so that a saved index refuses to be
 * searched with vectors from another model. LangChain's interface, not its class: the
 * offline embeddings need none of the class's request machinery (see hashed.ts).
 */
export interface NamedEmbeddings extends EmbeddingsInterface {
  /** Stable name of the model and its settings, e.g. `hashed-ngram-v1/256`, `openai-compatible:text-embedding-v3`. */
  readonly embeddingId: string;
  /** Vector length, when known before the first call. */
  readonly dimension?: number;
}
