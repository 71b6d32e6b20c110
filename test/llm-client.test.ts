// The chat client against servers that fail: an LLM failure must never break an
// answer, so every path ends in null / refused with a logged reason, never a throw.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asLanguageModel,
  createLlmClient,
  llmFromEnv,
  llmUnderstand,
  llmWriteAnswer,
  type UnderstandContext,
} from '../src/llm/index.js';
import { startOpenAIDouble, type OpenAIDouble } from './helpers/openai-double.js';

const ctx: UnderstandContext = {
  offices: [{ id: 1, name: '芝罘区只楚街道办事处', region: '烟台市芝罘区', aliases: ['只楚', '只楚街道'] }],
  metrics: [{ key: 'apply.received.total', zh: '本年新收政府信息公开申请数量（总计）', en: 'applications received' }],
  years: [2020],
  now: new Date('2021-03-01T02:00:00Z'),
};
const passages = [
  {
    id: 'p1',
    office: '芝罘区只楚街道办事处',
    year: 2020,
    part: '一、总体情况',
    text: '2020年，我办收到4例信息公开申请。',
  },
];

function recorder() {
  const warnings: string[] = [];
  return { warnings, logger: { debug() {}, warn: (obj: object) => void warnings.push(JSON.stringify(obj)) } };
}

/** Accepts connections and never answers. */
async function startHangingServer(): Promise<{ baseURL: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => void sockets.add(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

let api: OpenAIDouble;
beforeAll(async () => {
  api = await startOpenAIDouble();
});
afterAll(() => api.close());

describe('failures end in null / refused, never a throw', () => {
  it('a server answering 500: one retry, no more, then null and refused', async () => {
    const { warnings, logger } = recorder();
    const client = createLlmClient({ baseURL: api.baseURL, model: 'm', timeoutMs: 5000, logger });
    let before = api.requests.length;
    expect(await llmUnderstand(client, '只楚收到多少申请', ctx)).toBeNull();
    expect(api.requests.length - before).toBe(2);
    expect(warnings.join('\n')).toContain('语言模型服务内部错误（500）');

    before = api.requests.length;
    const out = await llmWriteAnswer(client, '只楚收到多少申请', passages, 'zh');
    expect('refused' in out && out.refused).toContain('500');
    expect(api.requests.length - before).toBe(2);
  });

  it('a server that never answers: null and refused once the deadline passes', async () => {
    const hang = await startHangingServer();
    try {
      const { warnings, logger } = recorder();
      const client = createLlmClient({ baseURL: hang.baseURL, model: 'm', timeoutMs: 300, logger });
      expect(await llmUnderstand(client, '只楚收到多少申请', ctx)).toBeNull();
      expect(warnings.join('\n')).toContain('超时（300 毫秒内没有回复）');
      expect(await llmWriteAnswer(client, '只楚收到多少申请', passages, 'zh')).toEqual({
        refused: `语言模型 ${hang.baseURL} 超时（300 毫秒内没有回复）`,
      });
    } finally {
      await hang.close();
    }
  }, 5000);

  it('nothing listening at the address: null, saying it cannot connect', async () => {
    const closed = await startHangingServer();
    await closed.close();
    const { warnings, logger } = recorder();
    const client = createLlmClient({ baseURL: closed.baseURL, model: 'm', timeoutMs: 2000, logger });
    expect(await llmUnderstand(client, '只楚收到多少申请', ctx)).toBeNull();
    expect(warnings.join('\n')).toContain('无法连接语言模型');
  }, 5000);

  it('a wrong key (401): refused naming OPENAI_API_KEY, not retried', async () => {
    const { logger } = recorder();
    const client = createLlmClient({ baseURL: api.baseURL, model: 'm', apiKey: 'wrong', logger });
    const before = api.requests.length;
    api.failNext(401, 'Incorrect API key provided');
    expect(await llmWriteAnswer(client, '只楚收到多少申请', passages, 'zh')).toEqual({
      refused: '语言模型服务拒绝了密钥（401）：请检查 OPENAI_API_KEY',
    });
    expect(api.requests.length - before).toBe(1);
  });

  it('an empty reply: null', async () => {
    const { warnings, logger } = recorder();
    const client = createLlmClient({ baseURL: api.baseURL, model: 'm', logger });
    api.enqueueChat('   ');
    expect(await llmUnderstand(client, '只楚收到多少申请', ctx)).toBeNull();
    expect(warnings.join('\n')).toContain('模型返回了空内容');
  });
});

describe('llmFromEnv', () => {
  it('is null without an endpoint and a chat model (everything works without one)', () => {
    expect(llmFromEnv({})).toBeNull();
    expect(llmFromEnv({ OPENAI_BASE_URL: api.baseURL })).toBeNull();
    expect(llmFromEnv({ NIANBAO_CHAT_MODEL: 'deepseek-chat', OPENAI_API_KEY: 'sk-x' })).toBeNull();
    expect(llmFromEnv({ OPENAI_BASE_URL: '  ', NIANBAO_CHAT_MODEL: 'deepseek-chat' })).toBeNull();
  });

  it('takes endpoint and model from the file, the environment winning', () => {
    const file = { llm: { baseURL: 'https://api.deepseek.com/v1', chatModel: 'deepseek-chat' } };
    expect(llmFromEnv({}, file)).toMatchObject({ baseURL: 'https://api.deepseek.com/v1', model: 'deepseek-chat' });
    expect(
      llmFromEnv({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', NIANBAO_CHAT_MODEL: 'qwen2.5:7b' }, file),
    ).toMatchObject({
      baseURL: 'http://127.0.0.1:11434/v1',
      model: 'qwen2.5:7b',
    });
  });

  it('sends the key from OPENAI_API_KEY to the configured model', async () => {
    const { logger } = recorder();
    const client = llmFromEnv(
      { OPENAI_BASE_URL: api.baseURL, NIANBAO_CHAT_MODEL: 'env-model', OPENAI_API_KEY: 'sk-env' },
      {},
      { logger },
    )!;
    api.enqueueChat('{"shape":"offices","offices":[],"metric":null,"year":null,"relativeYear":null,"lang":"zh"}');
    expect(await llmUnderstand(client, '有哪些单位', ctx)).toMatchObject({ shape: 'offices' });
    const last = api.requests.at(-1)!;
    expect(last.headers.authorization).toBe('Bearer sk-env');
    expect(last.body.model).toBe('env-model');
  });
});

describe('asLanguageModel', () => {
  it('serves the engine both jobs through the one client', async () => {
    const { logger } = recorder();
    const lm = asLanguageModel(createLlmClient({ baseURL: api.baseURL, model: 'm', logger }));
    api.enqueueChat(
      '{"shape":"fact","offices":["只楚"],"metric":"apply.received.total","year":2020,"relativeYear":null,"lang":"zh"}',
    );
    // The engine hands its OfficeRefs, which also carry a kind.
    const engineCtx = { ...ctx, offices: ctx.offices.map((o) => ({ ...o, kind: '街道' })) };
    expect(await lm.understand('只楚2020年收到多少申请', engineCtx)).toMatchObject({
      shape: 'fact',
      officeIds: [1],
      year: 2020,
    });
    api.enqueueChat('2020年，只楚街道收到4例信息公开申请[1]。');
    expect(await lm.writeAnswer!('只楚收到多少申请', passages, 'zh')).toEqual({
      text: '2020年，只楚街道收到4例信息公开申请[1]。',
      citations: ['p1'],
    });
  });
});
