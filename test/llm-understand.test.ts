// Question → structured query through a language model, over real HTTP (the
// OpenAI double), with offices and aliases as the parser reads them from the seeds.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLlmClient,
  llmUnderstand,
  understandWithLlm,
  yearSpecOf,
  type LlmClient,
  type UnderstandContext,
} from '../src/llm/index.js';
import { parseReport } from '../src/parse/index.js';
import { FACTS } from '../src/catalogue/facts.js';
import { startOpenAIDouble, type OpenAIDouble } from './helpers/openai-double.js';

const repoRoot = path.resolve(import.meta.dirname, '..');

function seedContext(): UnderstandContext {
  const index = JSON.parse(readFileSync(path.join(repoRoot, 'corpus/index.json'), 'utf8')) as { file: string }[];
  const offices = index.map((e, i) => {
    const r = parseReport(readFileSync(path.join(repoRoot, 'corpus', e.file), 'utf8'));
    return { id: i + 1, name: r.office as string, region: r.region, aliases: r.aliases };
  });
  // 城关镇 is a name many counties share: a second one makes the short name ambiguous.
  offices.push({
    id: 6,
    name: '伊川县城关镇人民政府',
    region: '洛阳市伊川县',
    aliases: ['伊川县城关镇人民政府', '城关镇', '城关'],
  });
  const metrics = FACTS.filter((f) => f.id.startsWith('apply.received.') || f.id.startsWith('active.')).map((f) => ({
    key: f.id,
    zh: `${f.rowLabel}（${f.colLabel}）`,
    en: f.id,
  }));
  return { offices, metrics, years: [2020], now: new Date('2021-03-01T02:00:00Z') };
}

const ctx = seedContext();
const idOf = (name: string) => ctx.offices.find((o) => o.name === name)!.id;
const reply = (o: object) =>
  JSON.stringify({ offices: [], metric: null, year: null, relativeYear: null, lang: 'zh', ...o });

let api: OpenAIDouble;
let client: LlmClient;
const warnings: string[] = [];
const logger = { debug() {}, warn: (obj: object) => void warnings.push(JSON.stringify(obj)) };

beforeAll(async () => {
  api = await startOpenAIDouble();
  client = createLlmClient({ baseURL: api.baseURL, model: 'test-chat', apiKey: 'sk-test', timeoutMs: 3000, logger });
});
afterAll(() => api.close());

describe('llmUnderstand: a valid reading becomes a query', () => {
  it('maps an office alias, a metric key and 去年 to ids, and asks for JSON with the context in the prompt', async () => {
    api.enqueueChat(reply({ shape: 'fact', offices: ['只楚街道'], metric: 'apply.received.total', relativeYear: -1 }));
    const q = await llmUnderstand(client, '只楚那边去年一共来了多少信息公开申请？', ctx);
    expect(q).toEqual({
      shape: 'fact',
      officeIds: [idOf('芝罘区只楚街道办事处')],
      metricKey: 'apply.received.total',
      year: null,
      relativeYear: -1,
      lang: 'zh',
    });
    expect(yearSpecOf(q!)).toEqual({ kind: 'relative', offset: -1 });

    const body = api.requests.at(-1)!.body;
    expect(body.model).toBe('test-chat');
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(api.requests.at(-1)!.headers.authorization).toBe('Bearer sk-test');
    const system: string = body.messages[0].content;
    for (const o of ctx.offices) expect(system).toContain(o.name);
    expect(system).toContain('只楚街道办');
    expect(system).toContain('apply.received.total：本年新收政府信息公开申请数量（总计）');
    expect(system).toContain('今天是 2021年3月1日');
    expect(system).toContain('已有报告的年度：2020');
    expect(body.messages[1]).toEqual({ role: 'user', content: '只楚那边去年一共来了多少信息公开申请？' });
  });

  it('reads a ranking with an explicit year the question names', async () => {
    api.enqueueChat(
      reply({ shape: 'rank', metric: 'apply.received.total', year: 2020, rank: { order: 'desc', n: 3 } }),
    );
    const q = await llmUnderstand(client, '2020年度哪三个单位收到的申请最多？', ctx);
    expect(q).toEqual({
      shape: 'rank',
      officeIds: [],
      metricKey: 'apply.received.total',
      year: 2020,
      relativeYear: null,
      rank: { order: 'desc', n: 3 },
      lang: 'zh',
    });
    expect(yearSpecOf(q!)).toEqual({ kind: 'explicit', year: 2020 });
  });

  it('resolves two offices by their short names for a comparison, in English', async () => {
    api.enqueueChat(
      reply({ shape: 'compare', offices: ['洛北', '胜利街道'], metric: 'apply.received.natural', lang: 'en' }),
    );
    const q = await llmUnderstand(
      client,
      'Did Luobei or Shenglijie get more requests from individuals (洛北 vs 胜利街道)?',
      ctx,
    );
    expect(q?.officeIds).toEqual([idOf('西工区洛北街道办事处'), idOf('银川市兴庆区胜利街街道办事处')]);
    expect(q?.lang).toBe('en');
    expect(q?.metricKey).toBe('apply.received.natural');
  });

  it('reads a model that thinks aloud first and writes the year as a string', async () => {
    api.enqueueChat(
      `<think>用户问的是城郊街道，年份写的是二〇二〇年。</think>\n${reply({ shape: 'which', offices: [], metric: 'apply.received.legal', year: '2020' })}`,
    );
    const q = await llmUnderstand(client, '二〇二〇年哪些单位收到过法律服务机构的申请？', ctx);
    expect(q).toMatchObject({ shape: 'which', metricKey: 'apply.received.legal', year: 2020 });
  });
});

describe('llmUnderstand: a reading that names what the engine does not know is refused', () => {
  it('an office that does not exist → null, with the name in the logged reason', async () => {
    api.enqueueChat(reply({ shape: 'fact', offices: ['海淀区政府'], metric: 'apply.received.total' }));
    expect(await llmUnderstand(client, '海淀区政府收到多少申请', ctx)).toBeNull();
    expect(warnings.at(-1)).toContain('海淀区政府');
  });

  it('a name that is only close to an alias → null (exact names only)', async () => {
    api.enqueueChat(reply({ shape: 'fact', offices: ['只楚街道办事处办公室'], metric: 'apply.received.total' }));
    const r = await understandWithLlm(client, '只楚街道办事处办公室收到多少申请', ctx);
    expect(r).toEqual({ ok: false, reason: '模型给出的单位「只楚街道办事处办公室」不在单位列表中' });
  });

  it('a short name two offices share → null, naming both', async () => {
    api.enqueueChat(reply({ shape: 'fact', offices: ['城关'], metric: 'apply.received.total' }));
    const r = await understandWithLlm(client, '城关收到多少申请', ctx);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain('城关镇人民政府、伊川县城关镇人民政府');
  });

  it('a metric key that is not in the list → null', async () => {
    api.enqueueChat(reply({ shape: 'fact', offices: ['只楚'], metric: 'apply.received.grand_total' }));
    const r = await understandWithLlm(client, '只楚收到多少申请', ctx);
    expect(r).toEqual({ ok: false, reason: '模型给出的指标「apply.received.grand_total」不是已知指标' });
  });

  it('a number shape without a metric → null', async () => {
    api.enqueueChat(reply({ shape: 'sum', offices: [] }));
    expect(await llmUnderstand(client, '全部加起来多少', ctx)).toBeNull();
  });

  it('a year the store has no report for → null', async () => {
    api.enqueueChat(reply({ shape: 'fact', offices: ['只楚'], metric: 'apply.received.total', year: 2019 }));
    const r = await understandWithLlm(client, '只楚2019年收到多少申请', ctx);
    expect(r).toEqual({ ok: false, reason: '没有 2019 年度的报告（已有：2020）' });
  });

  it('a year the question never names (the model made it up) → null', async () => {
    api.enqueueChat(reply({ shape: 'fact', offices: ['只楚'], metric: 'apply.received.total', year: 2020 }));
    const r = await understandWithLlm(client, '只楚收到多少申请', ctx);
    expect(r).toEqual({ ok: false, reason: '模型给出的年份 2020 在问题中没有出现' });
  });

  it('the model saying unknown → null', async () => {
    api.enqueueChat(reply({ shape: 'unknown' }));
    expect(await llmUnderstand(client, '今天天气怎么样', ctx)).toBeNull();
  });
});

describe('llmUnderstand: JSON as models really send it', () => {
  it('malformed JSON, then fenced JSON on the one retry → a query; the retry shows the model its reply', async () => {
    const before = api.requests.length;
    api.enqueueChat('好的，查询条件如下：{"shape": "fact", "offices": ["只楚"], "metric": ');
    api.enqueueChat(
      `\`\`\`json\n${reply({ shape: 'fact', offices: ['只楚'], metric: 'apply.received.total', year: 2020 })}\n\`\`\``,
    );
    const q = await llmUnderstand(client, '只楚2020年收到多少申请', ctx);
    expect(q).toMatchObject({ shape: 'fact', officeIds: [idOf('芝罘区只楚街道办事处')], year: 2020 });
    expect(api.requests.length - before).toBe(2);
    const retry = api.requests.at(-1)!.body.messages;
    expect(retry).toHaveLength(4);
    expect(retry[2]).toEqual({
      role: 'assistant',
      content: '好的，查询条件如下：{"shape": "fact", "offices": ["只楚"], "metric": ',
    });
    expect(retry[3].role).toBe('user');
    expect(retry[3].content).toContain('JSON');
  });

  it('a wrong field type, then still not JSON → null after exactly one retry', async () => {
    const before = api.requests.length;
    api.enqueueChat(reply({ shape: 'fact', offices: ['只楚'], metric: 'apply.received.total', relativeYear: -5 }));
    api.enqueueChat('抱歉，我无法确定。');
    const r = await understandWithLlm(client, '只楚大前年收到多少申请', ctx);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain('模型两次都没有给出可用的 JSON');
    expect(api.requests.length - before).toBe(2);
  });

  it('a server that refuses response_format: retried without it, and not sent again', async () => {
    const own = createLlmClient({ baseURL: api.baseURL, model: 'plain-model', timeoutMs: 3000, logger });
    const before = api.requests.length;
    api.failNext(400, 'Unrecognized request argument supplied: response_format');
    api.enqueueChat(reply({ shape: 'offices' }));
    api.enqueueChat(reply({ shape: 'offices' }));
    expect(await llmUnderstand(own, '有哪些单位？', ctx)).toMatchObject({ shape: 'offices', officeIds: [] });
    expect(await llmUnderstand(own, '都有哪些单位报了？', ctx)).toMatchObject({ shape: 'offices' });
    const sent = api.requests.slice(before).map((r) => r.body.response_format);
    expect(sent).toEqual([{ type: 'json_object' }, undefined, undefined]);
  });

  it('a 400 for another reason (failing without response_format too) does not turn JSON mode off', async () => {
    const own = createLlmClient({ baseURL: api.baseURL, model: 'long-context', timeoutMs: 3000, logger });
    const before = api.requests.length;
    api.failNext(400, 'This model maximum context length is 8192 tokens');
    api.failNext(400, 'This model maximum context length is 8192 tokens');
    expect(await llmUnderstand(own, '有哪些单位？', ctx)).toBeNull();
    api.enqueueChat(reply({ shape: 'offices' }));
    expect(await llmUnderstand(own, '有哪些单位？', ctx)).toMatchObject({ shape: 'offices' });
    const sent = api.requests.slice(before).map((r) => r.body.response_format);
    expect(sent).toEqual([{ type: 'json_object' }, undefined, { type: 'json_object' }]);
  });
});
