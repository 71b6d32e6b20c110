// A stand-in for an OpenAI-compatible server, for tests: real HTTP on 127.0.0.1
// (port chosen by the OS), so the `openai` SDK and LangChain talk to it unchanged.
//
//   const api = await startOpenAIDouble();
//   const client = new OpenAI({ baseURL: api.baseURL, apiKey: 'test', maxRetries: 0 });
//   api.enqueueChat('只楚街道微信公众号关注量为5948人。');   // next chat reply
//   … call the code under test …
//   expect(api.requests.at(-1)?.body.messages).toEqual(…);  // what was sent
//   await api.close();
//
// POST /v1/embeddings        deterministic vectors (see fakeEmbedding), float or base64
//                            as `encoding_format` asks (the SDK's default is base64).
// POST /v1/chat/completions  the next scripted reply (enqueueChat), plain or streamed
//                            (`stream: true`, server-sent events); 500 when none is queued.
// failNext(status)           makes the next request of any kind fail with that status.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. /v1/embeddings. */
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body (undefined when there was none or it was not JSON). */
  // biome-ignore lint/suspicious/noExplicitAny: a request body as JSON.parse gives it; each handler narrows it
  body: any;
}

export interface OpenAIDouble {
  /** e.g. http://127.0.0.1:41234/v1 — pass as the SDK's baseURL. */
  baseURL: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Queue the content of the next chat completion. */
  enqueueChat(content: string): void;
  /** Answer the next request (any endpoint) with this HTTP status and an OpenAI-style error body. */
  failNext(status: number, message?: string): void;
  close(): Promise<void>;
}

export interface OpenAIDoubleOptions {
  /** Length of the embedding vectors (default 64). */
  dimension?: number;
}

export async function startOpenAIDouble(opts: OpenAIDoubleOptions = {}): Promise<OpenAIDouble> {
  const dimension = opts.dimension ?? 64;
  const requests: RecordedRequest[] = [];
  const chatQueue: string[] = [];
  const failures: { status: number; message: string }[] = [];
  let seq = 0;

  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(parts).toString('utf8');
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = undefined;
      }
      const path = (req.url ?? '/').split('?')[0];
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });

      const failure = failures.shift();
      if (failure) return sendError(res, failure.status, failure.message);
      if (req.method === 'POST' && path === '/v1/embeddings') return embeddings(res, body, dimension);
      if (req.method === 'POST' && path === '/v1/chat/completions') {
        const content = chatQueue.shift();
        if (content === undefined)
          return sendError(res, 500, 'openai-double: no scripted chat reply (call enqueueChat first)');
        return chat(res, body, content, `chatcmpl-double-${++seq}`);
      }
      sendError(res, 404, `openai-double: no route for ${req.method} ${path}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueueChat: (content) => void chatQueue.push(content),
    failNext: (status, message = `openai-double: scripted failure ${status}`) =>
      void failures.push({ status, message }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** The vector the double returns for `text`: hashed character uni- and bigrams, L2-normalised. */
export function fakeEmbedding(text: string, dimension = 64): number[] {
  const v = new Array<number>(dimension).fill(0);
  const chars = [...text];
  const bump = (s: string, w: number) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    v[(h >>> 0) % dimension] += w;
  };
  chars.forEach((c, i) => {
    bump(c, 0.5);
    if (i + 1 < chars.length) bump(c + chars[i + 1], 1);
  });
  const norm = Math.sqrt(v.reduce((a, x) => a + x * x, 0));
  // An empty text still gets a valid unit vector.
  return norm ? v.map((x) => x / norm) : v.map((_, i) => (i === 0 ? 1 : 0));
}

function embeddings(res: http.ServerResponse, body: unknown, dimension: number): void {
  const b = (body ?? {}) as { input?: unknown; model?: string; encoding_format?: string };
  const inputs = typeof b.input === 'string' ? [b.input] : Array.isArray(b.input) ? b.input.map(String) : null;
  if (!inputs || !b.model) {
    sendError(res, 400, "openai-double: 'model' and 'input' are required");
    return;
  }
  const base64 = b.encoding_format === 'base64';
  const data = inputs.map((text, index) => {
    const vector = fakeEmbedding(text, dimension);
    const embedding = base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
    return { object: 'embedding', index, embedding };
  });
  const tokens = inputs.reduce((a, t) => a + t.length, 0);
  sendJson(res, 200, { object: 'list', data, model: b.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

function chat(res: http.ServerResponse, body: unknown, content: string, id: string): void {
  const b = (body ?? {}) as { model?: string; stream?: boolean };
  const model = b.model ?? 'double';
  const created = Math.floor(Date.now() / 1000);
  if (!b.stream) {
    sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [
        { index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null },
      ],
      usage: { prompt_tokens: 1, completion_tokens: content.length, total_tokens: 1 + content.length },
    });
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const chunk = (delta: object, finish: string | null) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  res.write(chunk({ role: 'assistant', content: '' }, null));
  // Two pieces, so that stream consumers are exercised on a real split.
  const cut = Math.ceil(content.length / 2);
  for (const piece of [content.slice(0, cut), content.slice(cut)])
    if (piece) res.write(chunk({ content: piece }, null));
  res.write(chunk({}, 'stop'));
  res.end('data: [DONE]\n\n');
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: http.ServerResponse, status: number, message: string): void {
  sendJson(res, status, {
    error: { message, type: status === 401 ? 'invalid_request_error' : 'api_error', code: null, param: null },
  });
}
