// Which embeddings to use: a configured OpenAI-compatible model, else the offline
// hashed n-grams (no download, no key).
import { HashedNgramEmbeddings } from './hashed.js';
import type { NamedEmbeddings } from './named.js';
import { OpenAICompatibleEmbeddings } from './openai-compatible.js';

export interface EmbeddingConfig {
  /** Embedding model name (NIANBAO_EMBEDDING_MODEL wins over it). */
  model?: string;
  baseURL?: string;
  apiKey?: string;
  dimensions?: number;
  batchSize?: number;
  /** Dimension of the offline hashed embeddings (default 256). */
  hashedDimension?: number;
}

/**
 * OpenAI-compatible embeddings when a model is named (NIANBAO_EMBEDDING_MODEL or
 * config.model) and an endpoint or key is given (OPENAI_BASE_URL / OPENAI_API_KEY or
 * config); otherwise the offline HashedNgramEmbeddings. Environment wins over config.
 */
export function embeddingsFromEnv(env: NodeJS.ProcessEnv = process.env, config: EmbeddingConfig = {}): NamedEmbeddings {
  const model = nonEmpty(env.NIANBAO_EMBEDDING_MODEL) ?? nonEmpty(config.model);
  const baseURL = nonEmpty(env.OPENAI_BASE_URL) ?? nonEmpty(config.baseURL);
  const apiKey = nonEmpty(env.OPENAI_API_KEY) ?? nonEmpty(config.apiKey);
  if (model && (baseURL || apiKey)) {
    return new OpenAICompatibleEmbeddings({
      model,
      baseURL,
      apiKey,
      dimensions: config.dimensions,
      batchSize: config.batchSize,
    });
  }
  return new HashedNgramEmbeddings({ dimension: config.hashedDimension });
}

function nonEmpty(s: string | undefined): string | undefined {
  return s?.trim() ? s.trim() : undefined;
}
