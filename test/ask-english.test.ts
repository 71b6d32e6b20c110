// English all the way: English questions get English answers with no internal
// codes and correct plurals, `help` in English, and English prose questions find
// the Chinese text through the bilingual glossary (offline, before BM25).
// Expected values come from the seed reports' text.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAsker, type OpenedAsker } from '../src/app/open-asker.js';
import { createBotCore } from '../src/bot/core.js';
import { silentLogger } from '../src/bot/types.js';
import { ingestPaths } from '../src/ingest/index.js';
import { openStore } from '../src/store/index.js';
import { expandQuery } from '../src/retrieval/glossary.js';

const CORPUS = path.resolve(__dirname, '../corpus/2020');
let dir: string;
let opened: OpenedAsker;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-en-'));
  const store = openStore(path.join(dir, 'data'));
  await ingestPaths([CORPUS], { store });
  opened = await openAsker({ data: path.join(dir, 'data'), store, say: () => {}, env: {} });
  opened.asker.refresh();
}, 60_000);
afterAll(() => {
  opened?.store.close();
  rmSync(dir, { recursive: true, force: true });
});

const CJK_ONLY_LINE = /^[^A-Za-z]*[\u4e00-\u9fa5][^A-Za-z]*$/;

describe('English answers', () => {
  it('no internal codes, and plurals that agree', async () => {
    for (const q of [
      'what is wrong with the 洛北 report',
      'which offices fail their checks',
      'how many applications were received in total',
    ]) {
      const a = await opened.asker.ask(q);
      expect(a.answer).not.toMatch(/\[[a-z_]+\]|missing_cell|handled_sum|\(s\)/);
      expect(a.answer).not.toMatch(
        /\b1 (?:findings|reports|offices)\b|\b(?:[02-9]|\d{2,}) (?:finding|report|office)\b(?!s)/,
      );
    }
  });
  it('the first line of a number answer is English', async () => {
    const a = await opened.asker.ask('how many applications did zhichu receive');
    expect(a.answer.split('\n')[0]).toMatch(/applications received/);
    expect(a.answer.split('\n')[0]).not.toMatch(CJK_ONLY_LINE);
  });
  it('an office it does not know, in English', async () => {
    const a = await opened.asker.ask('how many applications did haidian receive');
    expect(a.kind).toBe('unknown');
    expect(a.answer).toMatch(/^I have no report from an office called "haidian"/);
  });
  it('help in English from the bot', async () => {
    const core = createBotCore({
      name: '年报助手',
      prefix: '年报',
      rooms: [],
      contacts: [],
      maxMessageLength: 1800,
      asker: opened.asker,
      logger: silentLogger,
    });
    const reply = await core.handle({
      text: 'help',
      senderId: 'u',
      senderName: 'u',
      mentionedSelf: false,
      isAdmin: false,
    });
    expect(reply!.text).toMatch(/^I am 年报助手/);
    const zh = await core.handle({
      text: '帮助',
      senderId: 'u',
      senderName: 'u',
      mentionedSelf: false,
      isAdmin: false,
    });
    expect(zh!.text).toMatch(/^我是年报助手/);
  });
});

describe('English commands in the bot', () => {
  const core = () =>
    createBotCore({
      name: '年报助手',
      prefix: '年报',
      rooms: [],
      contacts: [],
      maxMessageLength: 1800,
      asker: opened.asker,
      logger: silentLogger,
    });
  const say = (text: string) =>
    core().handle({ text, senderId: 'u', senderName: 'u', mentionedSelf: false, isAdmin: false });
  it('check <office> answers in English, through the same resolver (a pinyin name, an unknown one)', async () => {
    const a = await say('check zhichu');
    expect(a!.text).toMatch(/^芝罘区只楚街道办事处 2020 annual report/);
    const b = await say('check haidian');
    expect(b!.text).toMatch(/^I have no report from an office called "haidian"/);
  });
  it('offices in English', async () => {
    const a = await say('offices');
    expect(a!.text).toMatch(/^I have reports from 5 offices/);
  });
});

describe('English prose questions through the glossary', () => {
  it('expands the reports’ vocabulary to Chinese, keeping the question', () => {
    const q = "How many followers does 只楚's WeChat official account have?";
    const x = expandQuery(q);
    expect(x.startsWith(q)).toBe(true);
    for (const w of ['公众号', '关注']) expect(x).toContain(w);
    expect(expandQuery('training sessions')).toContain('培训');
    expect(expandQuery('Weibo complaints')).toContain('微博');
    expect(expandQuery('What problems did they report')).toContain('存在的问题');
    expect(expandQuery('no glossary words here')).toBe('no glossary words here');
  });
  it('finds the sentence that holds the followers of 只楚’s WeChat account', async () => {
    const text = readFileSync(path.join(CORPUS, '只楚街道-2020.txt'), 'utf8');
    expect(text).toContain('微信公众号关注量5948人');
    const a = await opened.asker.ask("How many followers does 只楚's WeChat official account have?");
    expect(a.answer).toContain('5948');
  });
});

describe('the language of a question', () => {
  it('is English when it opens in English around a short Chinese name, Chinese otherwise', async () => {
    const { detectLang } = await import('../src/ask/understand.js');
    expect(detectLang('and 洛北?')).toBe('en');
    expect(detectLang('what about 城郊')).toBe('en');
    expect(detectLang('and 2019?')).toBe('en');
    expect(detectLang('只楚收到多少申请')).toBe('zh');
    expect(detectLang('PDF里的只楚收到多少申请')).toBe('zh');
  });
});
