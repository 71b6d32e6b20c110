// Passages → a cited answer by a language model, and the guard that holds every
// number in it to the passages. Passages are real paragraphs of the 只楚 seed report.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAnswer, createLlmClient, llmWriteAnswer, type LlmClient, type Passage } from '../src/llm/index.js';
import { startOpenAIDouble, type OpenAIDouble } from './helpers/openai-double.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const seed = readFileSync(path.join(repoRoot, 'corpus/2020/只楚街道-2020.txt'), 'utf8');
const paragraph = (marker: string) => seed.split('\n').find((l) => l.includes(marker))!;

const office = '芝罘区只楚街道办事处';
const part = '一、总体情况';
const passages: Passage[] = [
  // 180 余条 … “1+10” … 2020年度涉及121件已全部完成办结
  { id: '4#2', office, year: 2020, part, text: paragraph('121件') },
  // 2020年，我办收到4例信息公开申请，与往年相比数量增加了3例
  { id: '4#3', office, year: 2020, part, text: paragraph('收到4例') },
  // 微信公众号关注量5948人，2020年度累计发稿191篇，浏览量达356415次，朋友圈分享8951人次
  { id: '4#7', office, year: 2020, part, text: paragraph('5948') },
];

let api: OpenAIDouble;
let client: LlmClient;
const warnings: string[] = [];
const logger = { debug() {}, warn: (obj: object) => void warnings.push(JSON.stringify(obj)) };

beforeAll(async () => {
  expect(passages.every((p) => p.text && p.text.length > 50)).toBe(true);
  api = await startOpenAIDouble();
  client = createLlmClient({ baseURL: api.baseURL, model: 'test-chat', timeoutMs: 3000, logger });
});
afterAll(() => api.close());

describe('llmWriteAnswer over HTTP', () => {
  it('an answer whose numbers are all in the passages → accepted, citations mapped back to passage ids', async () => {
    api.enqueueChat('只楚街道办事处微信公众号关注量5948人，2020年度累计发稿191篇[3]；全年收到4例信息公开申请[2]。');
    const out = await llmWriteAnswer(client, '只楚街道的公众号有多少人关注？', passages, 'zh');
    expect(out).toEqual({
      text: '只楚街道办事处微信公众号关注量5948人，2020年度累计发稿191篇[3]；全年收到4例信息公开申请[2]。',
      citations: ['4#7', '4#3'],
    });
    const body = api.requests.at(-1)!.body;
    expect(body.response_format).toBeUndefined();
    const user: string = body.messages[1].content;
    expect(user).toContain('问题：只楚街道的公众号有多少人关注？');
    expect(user).toContain(`[1] 芝罘区只楚街道办事处 · 2020年度 · 一、总体情况\n${passages[0].text.trim()}`);
    expect(user).toContain('[3] 芝罘区只楚街道办事处 · 2020年度');
    expect(body.messages[0].content).toContain('无法回答');
  });

  it('a made-up Arabic number → refused, naming it', async () => {
    api.enqueueChat('只楚街道微信公众号关注量约6000人[3]。');
    const out = await llmWriteAnswer(client, '只楚街道的公众号有多少人关注？', passages, 'zh');
    expect(out).toEqual({ refused: '回答中的数字（6000）在材料中找不到' });
    expect(warnings.at(-1)).toContain('6000');
  });

  it('a made-up Chinese numeral → refused', async () => {
    api.enqueueChat('2020年，只楚街道共收到五例信息公开申请[2]。');
    expect(await llmWriteAnswer(client, '只楚收到几例申请？', passages, 'zh')).toEqual({
      refused: '回答中的数字（五）在材料中找不到',
    });
  });

  it('a made-up compound Chinese numeral → refused', async () => {
    api.enqueueChat('公众号2020年度累计发稿一百九十篇[3]。');
    expect(await llmWriteAnswer(client, '发了多少篇稿？', passages, 'zh')).toEqual({
      refused: '回答中的数字（一百九十）在材料中找不到',
    });
  });

  it('a model that declines → refused', async () => {
    api.enqueueChat('无法回答');
    expect(await llmWriteAnswer(client, '只楚街道有多少名工作人员？', passages, 'zh')).toEqual({
      refused: '模型认为材料不足以回答这个问题',
    });
  });

  it('no passages → refused without calling the model', async () => {
    const before = api.requests.length;
    expect(await llmWriteAnswer(client, '只楚街道有多少名工作人员？', [], 'zh')).toEqual({
      refused: '没有可供回答的材料',
    });
    expect(api.requests.length).toBe(before);
  });
});

describe('checkAnswer: the number and citation guard', () => {
  const accepted = (text: string, allowed?: number[]) => checkAnswer(text, passages, allowed);

  it('a Chinese numeral for a number the passages write in digits is the same number', () => {
    expect(accepted('网上民声交办事项一百二十一件已全部办结[1]，比往年多三例申请[2]。')).toEqual({
      text: '网上民声交办事项一百二十一件已全部办结[1]，比往年多三例申请[2]。',
      citations: ['4#2', '4#3'],
    });
  });

  it('years and dates are numbers too', () => {
    expect(accepted('2021年，只楚街道收到4例申请[2]。')).toEqual({ refused: '回答中的数字（2021）在材料中找不到' });
    expect(accepted('二〇二一年收到4例申请[2]。')).toEqual({ refused: '回答中的数字（二〇二一）在材料中找不到' });
    expect(accepted('截至2020年12月31日收到4例申请[2]。')).toEqual({ refused: '回答中的数字（12、31）在材料中找不到' });
    expect('citations' in accepted('2020年收到4例申请[2]。')).toBe(true);
  });

  it('decimals, thousands separators and percentages are compared by value', () => {
    expect(accepted('浏览量达356,415次[3]。')).toMatchObject({ citations: ['4#7'] });
    expect(accepted('浏览量达356415.0次[3]。')).toMatchObject({ citations: ['4#7'] });
    expect(accepted('申请增加了75%[2]。')).toEqual({ refused: '回答中的数字（75%）在材料中找不到' });
  });

  it('a number from the engine’s own facts may be stated when passed in', () => {
    expect(accepted('只楚街道本年新收申请总计4件，办结率100%[2]。')).toEqual({
      refused: '回答中的数字（100%）在材料中找不到',
    });
    expect(accepted('只楚街道本年新收申请总计4件，办结率100%[2]。', [100])).toMatchObject({ citations: ['4#3'] });
  });

  it('an amount in 万 matches a fact kept in 万元, but not a bare passage number', () => {
    // The passages hold a bare 4 (4例), never 4万.
    expect(accepted('收费金额为4万元[2]。')).toEqual({ refused: '回答中的数字（4万）在材料中找不到' });
    expect(accepted('收费金额为12.5万元[2]。', [12.5])).toMatchObject({ citations: ['4#3'] });
    expect(accepted('收费金额为125000元[2]。', [12.5])).toEqual({ refused: '回答中的数字（125000）在材料中找不到' });
  });

  it('list numbering is not a claim, and ordinary words with numeral characters are not numbers', () => {
    expect(
      accepted('1. 关注量5948人[3]\n2. 发稿191篇[3]\n（三）统一处理、一般情况下十分重视百姓诉求[2]'),
    ).toMatchObject({ citations: ['4#7', '4#3'] });
  });

  it('no citation, or a citation of a passage that was not given → refused', () => {
    expect(accepted('关注量5948人。')).toEqual({ refused: '回答没有引用任何材料' });
    expect(accepted('关注量5948人[4]。')).toEqual({ refused: '回答引用了不存在的材料 [4]（只有 3 段材料）' });
    expect(accepted('关注量5948人【0】。')).toEqual({ refused: '回答引用了不存在的材料 [0]（只有 3 段材料）' });
  });

  it('full-width brackets and grouped citations are read as citations, not numbers', () => {
    expect(accepted('关注量5948人【3】，收到4例申请[1, 2]。')).toEqual({
      text: '关注量5948人[3]，收到4例申请[1, 2]。',
      citations: ['4#7', '4#2', '4#3'],
    });
  });

  it('reasoning blocks are dropped before checking and from the text', () => {
    expect(accepted('<think>材料说大约6000人？不对，是5948。</think>关注量5948人[3]。')).toEqual({
      text: '关注量5948人[3]。',
      citations: ['4#7'],
    });
  });

  it('English answers: digits and number words are both checked', () => {
    expect(accepted('The WeChat account has 5,948 followers [3].')).toMatchObject({ citations: ['4#7'] });
    expect(accepted('It received four requests [2].')).toMatchObject({ citations: ['4#3'] });
    expect(accepted('It received about six thousand followers [3].')).toEqual({
      refused: '回答中的数字（six thousand）在材料中找不到',
    });
  });
});
