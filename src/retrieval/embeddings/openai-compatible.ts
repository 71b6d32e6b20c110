// Embeddings from any OpenAI-compatible endpoint (DashScope/Qwen, SiliconFlow,
// Ollama, vLLM, OpenAI …) through the official `openai` SDK. Asks for float
// vectors: several of these servers do not implement the SDK's base64 default.
import type OpenAI from 'openai';
import type { NamedEmbeddings } from './named.js';

export interface OpenAICompatibleOptions {
  model: string;
  /** e.g. https://dashscope.aliyuncs.com/compatible-mode/v1, http://127.0.0.1:11434/v1 */
  baseURL?: string;
  /** Local servers (Ollama, vLLM) take any key; the SDK insists on one. */
  apiKey?: string;
  /** Ask the server for shorter vectors (only models that support it; sent only when set). */
  dimensions?: number;
  /** Texts per request (default 10: DashScope's limit; OpenAI takes far more). */
  batchSize?: number;
  /** Retries of the SDK on 429/5xx/connection errors (default 2). */
  maxRetries?: number;
  /** Per-request timeout in ms (default 60 s). */
  timeoutMs?: number;
}

// LangChain's Embeddings interface, not its base class, whose AsyncCaller this class never
// uses (the SDK retries): choosing the embeddings (from-env.ts) loads none of LangChain.
export class OpenAICompatibleEmbeddings implements NamedEmbeddings {
  readonly embeddingId: string;
  readonly model: string;
  readonly baseURL: string | undefined;
  private readonly opts: OpenAICompatibleOptions;
  private client: OpenAI | null = null;
  private dim: number | undefined;

  constructor(opts: OpenAICompatibleOptions) {
    if (!opts.model) throw new Error('没有指定嵌入模型：请设置 NIANBAO_EMBEDDING_MODEL 或配置文件中的嵌入模型名称');
    this.opts = opts;
    this.model = opts.model;
    this.baseURL = opts.baseURL;
    this.dim = opts.dimensions;
    this.embeddingId = `openai-compatible:${opts.model}${opts.dimensions ? `/${opts.dimensions}` : ''}`;
  }

  /** Known once the server has answered (or from `dimensions`). */
  get dimension(): number | undefined {
    return this.dim;
  }

  private async getClient(): Promise<OpenAI> {
    if (!this.client) {
      // Loaded on first use: most commands never embed remotely.
      const { default: OpenAIClient } = await import('openai');
      this.client = new OpenAIClient({
        baseURL: this.opts.baseURL,
        apiKey: this.opts.apiKey || 'not-needed',
        maxRetries: this.opts.maxRetries ?? 2,
        timeout: this.opts.timeoutMs ?? 60_000,
      });
    }
    return this.client;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const size = Math.max(1, this.opts.batchSize ?? 10);
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += size) out.push(...(await this.embedBatch(texts.slice(i, i + size))));
    return out;
  }

  async embedQuery(text: string): Promise<number[]> {
    const [v] = await this.embedBatch([text]);
    return v;
  }

  private async embedBatch(batch: string[]): Promise<number[][]> {
    if (!batch.length) return [];
    const client = await this.getClient();
    // Empty strings are rejected by some servers; a space embeds to "nothing" just as well.
    const input = batch.map((t) => (t.trim() ? t : ' '));
    let res: Awaited<ReturnType<OpenAI['embeddings']['create']>>;
    try {
      res = await client.embeddings.create({
        model: this.model,
        input,
        encoding_format: 'float',
        ...(this.opts.dimensions ? { dimensions: this.opts.dimensions } : {}),
      });
    } catch (err) {
      throw new Error(describeError(err, this.model, this.opts.baseURL), { cause: err });
    }
    const data = [...(res.data ?? [])].sort((a, b) => a.index - b.index);
    if (data.length !== batch.length) {
      throw new Error(`嵌入服务返回了 ${data.length} 个向量，但请求了 ${batch.length} 个（模型 ${this.model}）`);
    }
    const vectors = data.map((d) => toNumbers(d.embedding as unknown));
    for (const v of vectors) {
      if (!v.length || v.some((x) => !Number.isFinite(x)))
        throw new Error(`嵌入服务返回的向量无效（模型 ${this.model}）`);
      this.dim ??= v.length;
      if (v.length !== this.dim)
        throw new Error(
          `嵌入服务返回的向量维数不一致：先是 ${this.dim} 维，现在是 ${v.length} 维（模型 ${this.model}）`,
        );
    }
    return vectors;
  }
}

/** A float array, or a base64 string of little-endian float32 (servers that ignore encoding_format). */
function toNumbers(embedding: unknown): number[] {
  if (Array.isArray(embedding)) return embedding.map(Number);
  if (typeof embedding === 'string') {
    const buf = Buffer.from(embedding, 'base64');
    return Array.from(new Float32Array(buf.buffer, buf.byteOffset, Math.floor(buf.byteLength / 4)));
  }
  return [];
}

/** A Chinese message for a failed embedding request, with what to check. */
export function describeError(err: unknown, model: string, baseURL: string | undefined): string {
  const where = baseURL ?? 'https://api.openai.com/v1';
  const e = err as { status?: number; message?: string; name?: string; error?: { message?: string } };
  const detail = e?.error?.message ?? e?.message ?? String(err);
  if (e?.name === 'APIConnectionTimeoutError') return `嵌入服务 ${where} 响应超时：请检查网络或稍后再试`;
  if (e?.name === 'APIConnectionError' || (e?.status === undefined && /connect|fetch|ECONN|ENOTFOUND/i.test(detail))) {
    return `无法连接嵌入服务 ${where}：请检查 OPENAI_BASE_URL 和网络（${detail}）`;
  }
  switch (e?.status) {
    case 400:
      return `嵌入服务拒绝了请求（400）：${detail}。请检查模型 ${model} 是否为嵌入模型、批量大小是否超出服务限制`;
    case 401:
    case 403:
      return `嵌入服务拒绝了密钥（${e.status}）：请检查 OPENAI_API_KEY（${detail}）`;
    case 404:
      return `嵌入服务找不到模型或接口（404）：请检查 NIANBAO_EMBEDDING_MODEL（现为 ${model}）和 OPENAI_BASE_URL（现为 ${where}）`;
    case 429:
      return `嵌入服务请求过于频繁或额度不足（429）：请稍后再试或检查账户额度（${detail}）`;
    default:
      if (e?.status && e.status >= 500) return `嵌入服务内部错误（${e.status}）：请稍后再试（${detail}）`;
      return `嵌入请求失败：${detail}`;
  }
}
