import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddingsFromEnv } from '../src/retrieval/embeddings/from-env.js';
import { HashedNgramEmbeddings } from '../src/retrieval/embeddings/hashed.js';
import { OpenAICompatibleEmbeddings } from '../src/retrieval/embeddings/openai-compatible.js';
import { chunkReport } from '../src/retrieval/chunker.js';
import { RetrievalIndex } from '../src/retrieval/retrieval-index.js';
import { fakeEmbedding, startOpenAIDouble, type OpenAIDouble } from './helpers/openai-double.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const zhichu = () => fs.readFileSync(path.join(repoRoot, 'corpus/2020/只楚街道-2020.txt'), 'utf8');
const norm = (v: number[]) => Math.sqrt(v.reduce((a, x) => a + x * x, 0));
const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0) / (norm(a) * norm(b));

describe('HashedNgramEmbeddings', () => {
  const e = new HashedNgramEmbeddings();

  it('is deterministic and L2-normalised', async () => {
    const text = '目前，我办微信公众号关注量5948人，2020年度累计发稿191篇。';
    const a = await e.embedQuery(text);
    const [b] = await new HashedNgramEmbeddings().embedDocuments([text]);
    expect(a).toHaveLength(256);
    expect(a).toEqual(b);
    expect(norm(a)).toBeCloseTo(1, 10);
    expect(a.filter((x) => x !== 0).length).toBeGreaterThan(30);
  });

  it('puts related texts closer than unrelated ones', async () => {
    const [q, near, far] = await e.embedDocuments([
      '微信公众号关注量',
      '我办微信公众号关注量5948人',
      '本年度未发生行政复议和行政诉讼案件',
    ]);
    expect(cos(q, near)).toBeGreaterThan(0.4);
    expect(cos(q, near)).toBeGreaterThan(cos(q, far) + 0.3);
  });

  it('names itself by dimension, and refuses a silly dimension', () => {
    expect(new HashedNgramEmbeddings({ dimension: 384 }).embeddingId).toBe('hashed-ngram-v1/384');
    expect(() => new HashedNgramEmbeddings({ dimension: 3 })).toThrow(/向量维数/);
  });

  it('embeds an empty text to the zero vector', async () => {
    expect(norm(await e.embedQuery(' ，。'))).toBe(0);
  });
});

describe('embeddingsFromEnv', () => {
  it('picks OpenAI-compatible only when a model and an endpoint or key are set', () => {
    const remote = embeddingsFromEnv({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', NIANBAO_EMBEDDING_MODEL: 'bge-m3' });
    expect(remote).toBeInstanceOf(OpenAICompatibleEmbeddings);
    expect(remote.embeddingId).toBe('openai-compatible:bge-m3');
    expect(embeddingsFromEnv({ OPENAI_API_KEY: 'k' }, { model: 'text-embedding-v3' }).embeddingId).toBe(
      'openai-compatible:text-embedding-v3',
    );
    // A key alone (for the chat model) is not enough.
    expect(embeddingsFromEnv({ OPENAI_API_KEY: 'k' })).toBeInstanceOf(HashedNgramEmbeddings);
    expect(embeddingsFromEnv({ NIANBAO_EMBEDDING_MODEL: 'bge-m3' })).toBeInstanceOf(HashedNgramEmbeddings);
    expect(embeddingsFromEnv({}, { hashedDimension: 128 }).embeddingId).toBe('hashed-ngram-v1/128');
    // The environment wins over the config file.
    expect(embeddingsFromEnv({ OPENAI_API_KEY: 'k', NIANBAO_EMBEDDING_MODEL: 'a' }, { model: 'b' }).embeddingId).toBe(
      'openai-compatible:a',
    );
  });
});

describe('OpenAICompatibleEmbeddings against the test double (real HTTP)', () => {
  let api: OpenAIDouble;
  beforeAll(async () => {
    api = await startOpenAIDouble({ dimension: 32 });
  });
  afterAll(async () => {
    await api.close();
  });

  const make = (opts: Partial<ConstructorParameters<typeof OpenAICompatibleEmbeddings>[0]> = {}) =>
    new OpenAICompatibleEmbeddings({
      model: 'test-embed',
      baseURL: api.baseURL,
      apiKey: 'sk-test',
      maxRetries: 0,
      ...opts,
    });

  it('asks for float vectors, in batches, and returns them in input order', async () => {
    const before = api.requests.length;
    const texts = ['一', '二二', '三三三', '四', '五'];
    const vectors = await make({ batchSize: 2 }).embedDocuments(texts);
    expect(vectors).toEqual(texts.map((t) => fakeEmbedding(t, 32)));
    const sent = api.requests.slice(before);
    expect(sent.map((r) => r.body.input)).toEqual([['一', '二二'], ['三三三', '四'], ['五']]);
    for (const r of sent) {
      expect(r).toMatchObject({
        method: 'POST',
        path: '/v1/embeddings',
        body: { model: 'test-embed', encoding_format: 'float' },
      });
      expect(r.headers.authorization).toBe('Bearer sk-test');
      expect(r.body).not.toHaveProperty('dimensions');
    }
  });

  it('learns its dimension from the first answer and sends dimensions only when set', async () => {
    const e = make();
    expect(e.dimension).toBeUndefined();
    await e.embedQuery('关注量');
    expect(e.dimension).toBe(32);
    const before = api.requests.length;
    await make({ dimensions: 32 }).embedQuery('x');
    expect(api.requests[before].body.dimensions).toBe(32);
  });

  it('surfaces errors in Chinese', async () => {
    api.failNext(401, 'Incorrect API key provided');
    await expect(make().embedQuery('x')).rejects.toThrow(/嵌入服务拒绝了密钥（401）.*OPENAI_API_KEY/);
    api.failNext(404, 'model not found');
    await expect(make().embedQuery('x')).rejects.toThrow(/找不到模型.*test-embed/);
    api.failNext(429, 'rate limited');
    await expect(make().embedQuery('x')).rejects.toThrow(/过于频繁/);
    api.failNext(500, 'boom');
    await expect(make().embedQuery('x')).rejects.toThrow(/内部错误（500）/);
  });

  it('says so when the server cannot be reached', async () => {
    const gone = await startOpenAIDouble();
    const url = gone.baseURL;
    await gone.close();
    const e = new OpenAICompatibleEmbeddings({ model: 'm', baseURL: url, maxRetries: 0 });
    await expect(e.embedQuery('x')).rejects.toThrow(/无法连接嵌入服务 http:\/\/127\.0\.0\.1/);
  });

  it('drives a RetrievalIndex end to end, and its index refuses the hashed embeddings', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-retrieval-remote-'));
    try {
      const text = zhichu();
      const idx = await RetrievalIndex.open(dir, make({ batchSize: 8 }));
      await idx.addReport(
        4,
        chunkReport(text, { reportId: 4, officeId: 4, office: '芝罘区只楚街道办事处', year: 2020 }),
      );
      const [top] = await idx.search('微信公众号关注量', { k: 3, officeIds: [4] });
      expect(top.chunk.text).toContain('关注量5948人');
      await idx.save();
      await expect(RetrievalIndex.open(dir, new HashedNgramEmbeddings())).rejects.toThrow(
        /openai-compatible:test-embed.*不能混用/,
      );
      expect((await RetrievalIndex.open(dir, make())).size).toBe(idx.size);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('falls back to BM25 when the embedding service fails and onDenseError is given', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-retrieval-down-'));
    try {
      const text = zhichu();
      const errors: Error[] = [];
      const idx = await RetrievalIndex.open(dir, make(), { onDenseError: (e) => errors.push(e) });
      await idx.addReport(
        4,
        chunkReport(text, { reportId: 4, officeId: 4, office: '芝罘区只楚街道办事处', year: 2020 }),
      );
      api.failNext(503, 'unavailable');
      const [top] = await idx.search('微信公众号关注量', { k: 3 });
      expect(top.chunk.text).toContain('关注量5948人');
      expect(top.denseRank).toBeUndefined();
      expect(errors[0].message).toMatch(/503/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the OpenAI double itself (for other tests that reuse it)', () => {
  let api: OpenAIDouble;
  let client: OpenAI;
  beforeAll(async () => {
    api = await startOpenAIDouble();
    client = new OpenAI({ baseURL: api.baseURL, apiKey: 'sk-test', maxRetries: 0 });
  });
  afterAll(async () => {
    await api.close();
  });

  it("answers the SDK's default base64 embeddings", async () => {
    const res = await client.embeddings.create({ model: 'm', input: '关注量' });
    expect(api.requests.at(-1)?.body.encoding_format).toBe('base64');
    const expected = fakeEmbedding('关注量');
    res.data[0].embedding.forEach((x, i) => expect(x).toBeCloseTo(expected[i], 6));
  });

  it('replies to chat completions from the queue, in order, and records the requests', async () => {
    api.enqueueChat('第一条');
    api.enqueueChat('第二条');
    const ask = (content: string) =>
      client.chat.completions.create({ model: 'qwen-plus', messages: [{ role: 'user', content }] });
    expect((await ask('问一')).choices[0].message.content).toBe('第一条');
    expect((await ask('问二')).choices[0].message.content).toBe('第二条');
    expect(api.requests.at(-1)).toMatchObject({
      path: '/v1/chat/completions',
      body: { model: 'qwen-plus', messages: [{ role: 'user', content: '问二' }] },
    });
    await expect(ask('问三')).rejects.toThrow(/no scripted chat reply/);
  });

  it('streams a reply when asked to', async () => {
    api.enqueueChat('只楚街道微信公众号关注量为5948人。');
    const stream = await client.chat.completions.create({
      model: 'm',
      stream: true,
      messages: [{ role: 'user', content: '?' }],
    });
    const pieces: string[] = [];
    for await (const chunk of stream) pieces.push(chunk.choices[0]?.delta?.content ?? '');
    expect(pieces.filter(Boolean).length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe('只楚街道微信公众号关注量为5948人。');
  });
});
