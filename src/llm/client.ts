// A chat client over any OpenAI-compatible endpoint (DeepSeek, DashScope/Qwen,
// SiliconFlow, Ollama, vLLM …) through the official `openai` SDK. It never throws:
// an answer must survive a model that is slow, down or odd, so every failure comes
// back as a Chinese reason and is logged.
import type OpenAI from 'openai';
import { createLogger } from '../log/index.js';
import { type LlmFileConfig, llmSettings } from './settings.js';
import type { ChatMessage, ChatOptions, ChatResult, LlmClient, LlmClientConfig, LlmLogger } from './types.js';

export const DEFAULT_TIMEOUT_MS = 15_000;

export function createLlmClient(config: LlmClientConfig): LlmClient {
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const log: LlmLogger = config.logger ?? createLogger();
  let sdk: OpenAI | null = null;
  let errors: Pick<typeof import('openai'), 'APIConnectionError' | 'APIConnectionTimeoutError'> | null = null;
  // Learned on the first refusal: some servers reject `response_format` outright.
  let jsonFormatAccepted = true;

  const getSdk = async (): Promise<OpenAI> => {
    if (!sdk) {
      // Loaded on first use: most commands never talk to a model.
      const mod = await import('openai');
      const OpenAIClient = mod.default;
      errors = mod;
      sdk = new OpenAIClient({
        baseURL: config.baseURL,
        apiKey: config.apiKey || 'not-needed',
        // One retry for a dropped connection or a 5xx; more would only pile up on a sick server.
        maxRetries: 1,
        timeout: timeoutMs,
      });
    }
    return sdk;
  };

  const chat = async (messages: ChatMessage[], opts: ChatOptions = {}): Promise<ChatResult> => {
    // One deadline for the whole call, the SDK's retry included.
    const signal = AbortSignal.timeout(timeoutMs);
    const started = Date.now();
    const attempt = async (withJsonFormat: boolean) =>
      (await getSdk()).chat.completions.create(
        {
          model: config.model,
          messages,
          temperature: 0,
          ...(opts.maxTokens ? { max_tokens: opts.maxTokens } : {}),
          ...(withJsonFormat ? { response_format: { type: 'json_object' as const } } : {}),
        },
        { signal },
      );
    try {
      const useFormat = !!opts.json && jsonFormatAccepted;
      let res;
      try {
        res = await attempt(useFormat);
      } catch (err) {
        if (!useFormat || !isBadRequest(err)) throw err;
        log.warn(
          { model: config.model, detail: errorDetail(err) },
          'llm: 服务拒绝了带 response_format 的请求，改为不带该参数重试',
        );
        res = await attempt(false);
        // Only now is it known that the parameter was the problem (a 400 may have other causes).
        jsonFormatAccepted = false;
      }
      const content = res.choices?.[0]?.message?.content;
      if (typeof content !== 'string' || !content.trim()) return fail(log, config, '模型返回了空内容');
      log.debug({ model: config.model, ms: Date.now() - started, chars: content.length }, 'llm: chat ok');
      return { ok: true, content };
    } catch (err) {
      const kind: FailureKind | undefined = signal.aborted
        ? 'timeout'
        : errors && err instanceof errors.APIConnectionTimeoutError
          ? 'timeout'
          : errors && err instanceof errors.APIConnectionError
            ? 'connection'
            : undefined;
      return fail(log, config, describeChatError(err, config, kind, signal.aborted ? timeoutMs : undefined));
    }
  };

  return { model: config.model, baseURL: config.baseURL, log, chat };
}

function fail(log: LlmLogger, config: LlmClientConfig, reason: string): ChatResult {
  log.warn({ model: config.model, baseURL: config.baseURL, reason }, 'llm: 调用失败');
  return { ok: false, reason };
}

function isBadRequest(err: unknown): boolean {
  const status = (err as { status?: number })?.status;
  return status === 400 || status === 422;
}

function errorDetail(err: unknown): string {
  const e = err as { message?: string; error?: { message?: string } };
  return e?.error?.message ?? e?.message ?? String(err);
}

export type FailureKind = 'timeout' | 'connection';

/** A Chinese reason for a failed chat request, saying what to check. */
export function describeChatError(
  err: unknown,
  config: Pick<LlmClientConfig, 'baseURL' | 'model'>,
  kind?: FailureKind,
  timedOutAfterMs?: number,
): string {
  const e = err as { status?: number; cause?: { code?: string; message?: string } };
  const detail = errorDetail(err);
  if (kind === 'timeout')
    return `语言模型 ${config.baseURL} 超时${timedOutAfterMs ? `（${timedOutAfterMs} 毫秒内没有回复）` : ''}`;
  if (kind === 'connection') {
    const cause = e?.cause?.code ?? e?.cause?.message;
    return `无法连接语言模型 ${config.baseURL}：请检查 OPENAI_BASE_URL 和网络${cause ? `（${cause}）` : ''}`;
  }
  switch (e?.status) {
    case 401:
    case 403:
      return `语言模型服务拒绝了密钥（${e.status}）：请检查 OPENAI_API_KEY`;
    case 404:
      return `语言模型服务找不到模型或接口（404）：请检查 NIANBAO_CHAT_MODEL（现为 ${config.model}）和 OPENAI_BASE_URL`;
    case 429:
      return `语言模型服务请求过于频繁或额度不足（429）：${detail}`;
    default:
      if (e?.status && e.status >= 500) return `语言模型服务内部错误（${e.status}）：${detail}`;
      if (e?.status) return `语言模型服务拒绝了请求（${e.status}）：${detail}`;
      return `语言模型调用失败：${detail}`;
  }
}

/**
 * The configured client (src/llm/settings.ts says which), or null when no model is
 * configured (everything works without one).
 */
export function llmFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  fileConfig: LlmFileConfig = {},
  opts: { logger?: LlmLogger; timeoutMs?: number } = {},
): LlmClient | null {
  const settings = llmSettings(env, fileConfig);
  if (!settings) return null;
  return createLlmClient({ ...settings, timeoutMs: opts.timeoutMs ?? settings.timeoutMs, logger: opts.logger });
}
