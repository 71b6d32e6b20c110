// Whether a language model is configured, and which: read from the environment and the
// file's `llm:` section. Pure and import-free, so that a command asks it without loading
// the model's modules (zod for its readings, pino for its log: ~0.2 s of a cold `ask`).

export interface LlmFileConfig {
  llm?: { baseURL?: string; chatModel?: string };
}

export interface LlmSettings {
  baseURL: string;
  model: string;
  apiKey?: string;
  /** NIANBAO_LLM_TIMEOUT_MS when a positive number. */
  timeoutMs?: number;
}

/**
 * The configured model, or null when none is (everything works without one). Needs an
 * endpoint (OPENAI_BASE_URL or llm.baseURL) and a chat model (NIANBAO_CHAT_MODEL or
 * llm.chatModel); the environment wins over the file. The key comes from OPENAI_API_KEY
 * only, never from the file.
 */
export function llmSettings(env: NodeJS.ProcessEnv = process.env, fileConfig: LlmFileConfig = {}): LlmSettings | null {
  const baseURL = nonEmpty(env.OPENAI_BASE_URL) ?? nonEmpty(fileConfig.llm?.baseURL);
  const model = nonEmpty(env.NIANBAO_CHAT_MODEL) ?? nonEmpty(fileConfig.llm?.chatModel);
  if (!baseURL || !model) return null;
  const envTimeout = Number(nonEmpty(env.NIANBAO_LLM_TIMEOUT_MS));
  const timeoutMs = Number.isFinite(envTimeout) && envTimeout > 0 ? envTimeout : undefined;
  return { baseURL, model, apiKey: nonEmpty(env.OPENAI_API_KEY), timeoutMs };
}

function nonEmpty(s: string | undefined): string | undefined {
  return s?.trim() ? s.trim() : undefined;
}
