// The engine with a language model configured, against an OpenAI-compatible
// test double on 127.0.0.1 (real HTTP): the model may pick what to look up and
// word a passage answer; a number it makes up is refused.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAsker, type OpenedAsker } from '../src/app/open-asker.js';
import { importSamplesIfEmpty } from '../src/app/prepare-store.js';
import { openStore } from '../src/store/index.js';
import { startOpenAIDouble, type OpenAIDouble } from './helpers/openai-double.js';

let dir: string;
let double: OpenAIDouble;
let opened: OpenedAsker;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-llm-'));
  double = await startOpenAIDouble();
  // Chat from the double; embeddings stay the offline ones (no embedding model named).
  // Opening an asker writes nothing (src/app/prepare-store.ts): the samples are imported first.
  const store = openStore(path.join(dir, 'data'));
  await importSamplesIfEmpty(store);
  opened = await openAsker({
    store,
    data: path.join(dir, 'data'),
    say: () => {},
    env: {
      OPENAI_BASE_URL: double.baseURL,
      OPENAI_API_KEY: 'test-key',
      NIANBAO_CHAT_MODEL: 'test-chat',
      NIANBAO_LLM_TIMEOUT_MS: '3000',
    },
  });
}, 60_000);

afterAll(async () => {
  opened?.close();
  await double?.close();
  rmSync(dir, { recursive: true, force: true });
});

const chatRequests = () => double.requests.filter((r) => r.path.endsWith('/chat/completions'));

describe('with a language model', () => {
  it('numbers the rules can read never go to the model', async () => {
    const before = chatRequests().length;
    const a = await opened.asker.ask('只楚收到多少申请');
    expect(a.value).toBe(4);
    expect(chatRequests().length).toBe(before);
  });

  it('a question the rules cannot read becomes a validated query; the number still comes from the store', async () => {
    double.enqueueChat(
      JSON.stringify({
        shape: 'fact',
        offices: ['芝罘区只楚街道办事处'],
        metric: 'apply.received.total',
        year: null,
        relativeYear: null,
        lang: 'zh',
      }),
    );
    const a = await opened.asker.ask('芝罘那个街道办的公开请求有几件');
    expect(chatRequests().length).toBeGreaterThan(0);
    expect(a.kind).toBe('fact');
    expect(a.value).toBe(4);
    expect(a.sources[0].line).toBe(69);
  });

  it('a reading that names an office that does not exist is not used', async () => {
    double.enqueueChat(
      JSON.stringify({
        shape: 'fact',
        offices: ['东风镇人民政府'],
        metric: 'apply.received.total',
        year: null,
        relativeYear: null,
      }),
    );
    const a = await opened.asker.ask('那个东边的镇公开请求有几件');
    expect(a.value).toBeNull();
    expect(a.kind).not.toBe('fact');
  });

  // No number is asked, so prose facts do not answer it: the passage path and the model's wording are what is tested.
  const PASSAGE_QUESTION = '介绍一下只楚街道微信公众号的情况';

  it('a passage answer with a made-up number is refused and the quote is given instead', async () => {
    double.enqueueChat('只楚街道微信公众号关注量为6000人[1]。');
    const a = await opened.asker.ask(PASSAGE_QUESTION);
    expect(a.kind).toBe('passage');
    expect(a.answer).not.toContain('6000');
    expect(a.answer).toContain('5948');
  });

  it('a passage answer whose numbers are all in the passages is used, with its citation', async () => {
    double.enqueueChat('只楚街道微信公众号关注量为5948人[1]。');
    const a = await opened.asker.ask(PASSAGE_QUESTION);
    expect(a.answer).toMatch(/^只楚街道微信公众号关注量为5948人/);
    expect(a.answer).toContain('出处');
  });

  it('a model that fails does not break the answer', async () => {
    double.failNext(500, 'overloaded');
    double.failNext(500, 'overloaded');
    const a = await opened.asker.ask(PASSAGE_QUESTION);
    expect(a.kind).toBe('passage');
    expect(a.answer).toContain('5948');
  });
});

describe('a name the store does not hold', () => {
  it('is refused by the rules, and the model is not asked to read it as another office', async () => {
    const before = chatRequests().length;
    double.enqueueChat(
      JSON.stringify({
        shape: 'fact',
        offices: ['城郊街道'],
        metric: 'apply.received.total',
        year: null,
        relativeYear: null,
        lang: 'zh',
      }),
    );
    const a = await opened.asker.ask('城东街道收到多少申请');
    expect(a.kind).toBe('unknown');
    expect(a.value).toBeNull();
    expect(a.answer).toContain('「城东街道」');
    expect(chatRequests().length).toBe(before);
  });
});
