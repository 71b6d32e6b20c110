// Shapes of the language-model module: the client the engine hands in, and what
// the two jobs (question → query, passages → answer) take and give back.
import type { Lang, Shape } from '../ask/types.js';

/** The subset of pino the module logs with (pino's Logger satisfies it). */
export interface LlmLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatOptions {
  /** Ask for a JSON object (`response_format: json_object`, dropped when the server refuses it). */
  json?: boolean;
  maxTokens?: number;
}

/** A chat call never throws: a failure comes back with a Chinese reason. */
export type ChatResult = { ok: true; content: string } | { ok: false; reason: string };

export interface LlmClient {
  readonly model: string;
  readonly baseURL: string;
  readonly log: LlmLogger;
  chat(messages: ChatMessage[], opts?: ChatOptions): Promise<ChatResult>;
}

export interface LlmClientConfig {
  /** Any OpenAI-compatible endpoint, e.g. https://api.deepseek.com/v1, http://127.0.0.1:11434/v1 */
  baseURL: string;
  /** Local servers take any key; the SDK insists on one. */
  apiKey?: string;
  model: string;
  /** Deadline for one call, its single retry included (default 15 s). */
  timeoutMs?: number;
  /** Where failures are reported (default: pino on stderr). */
  logger?: LlmLogger;
}

/** What the engine knows, given to the model to choose from. */
export interface UnderstandContext {
  offices: { id: number; name: string; region: string | null; aliases: string[] }[];
  metrics: { key: string; zh: string; en: string }[];
  /** Years the store holds reports for. */
  years: number[];
  now: Date;
}

/** The model's reading of a question, validated: only things to look up, never an answer. */
export interface LlmQuery {
  shape: Shape;
  officeIds: number[];
  /** One of the context's metric keys. */
  metricKey: string | null;
  /** An explicit report year, one the store holds and the question names. */
  year: number | null;
  /** 今年 = 0, 去年 = -1, 前年 = -2. */
  relativeYear: -2 | -1 | 0 | null;
  rank?: { order: 'desc' | 'asc'; n: number };
  lang: Lang;
}

export type UnderstandResult = { ok: true; query: LlmQuery } | { ok: false; reason: string };

export interface Passage {
  id: string;
  office: string;
  year: number;
  /** The report part the passage sits in, e.g. 三、收到和处理政府信息公开申请情况. */
  part: string;
  text: string;
}

/** A checked answer (citations are passage ids, in order of first citation), or why there is none. */
export type WrittenAnswer = { text: string; citations: string[] } | { refused: string };
