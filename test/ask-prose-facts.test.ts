// Questions about numbers the prose states: read off the bundled reports by hand
// (line numbers are the files' own) and off invented reports whose prose we write
// here. The one thing that must never happen: a number for the wrong phrase, or a
// prose number given as a table cell.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAsker, type OpenedAsker } from '../src/app/open-asker.js';
import { ensureProseFacts } from '../src/ask/prose-facts.js';
import { canon, cover, matchProse, readProseQuestion } from '../src/ask/prose-match.js';
import { createAsker } from '../src/render/asker.js';
import { ingestPaths } from '../src/ingest/index.js';
import { parseReport } from '../src/parse/index.js';
import type { ProseFact } from '../src/parse/prose-facts.js';
import { openStore, type Store } from '../src/store/index.js';
import { PART1, TITLE, report2021 } from './helpers/report-2021.js';

const CORPUS = path.resolve(__dirname, '../corpus/2020');

describe('the words of a question', () => {
  it.each([
    ['粉丝', '关注'],
    ['关注量', '关注'],
    ['关注人数', '关注'],
    ['推文', '推送'],
    ['发稿', '推送'],
    ['政务微信', '公众号'],
    ['微信公众号', '公众号'],
    ['阅读量', '浏览'],
    ['官方微博', '微博'],
    ['业务培训', '培训'],
    ['组织', '开展'],
  ])('%s is read as %s', (word, as) => {
    expect(canon(word)).toBe(as);
  });

  it('leaves the office, the year, question words and the unit out of what is asked', () => {
    expect(readProseQuestion('胜利街2020年接到微博投诉多少条', 'zh', ['胜利街'])).toEqual({
      content: '接到微博投诉',
      unit: '条',
      rate: false,
      change: false,
    });
    expect(readProseQuestion('只楚公众号有多少粉丝', 'zh', ['只楚'])?.content).toBe('公众号有关注');
    expect(readProseQuestion('回复率是多少', 'zh', [])?.rate).toBe(true);
    expect(readProseQuestion('只楚收到多少', 'zh', ['只楚'])?.content).toBe('收到');
    expect(readProseQuestion('多少', 'zh', [])).toBeNull();
  });

  it('reads English prose questions through a small glossary', () => {
    expect(readProseQuestion("How many followers does 只楚's WeChat official account have?", 'en', [])?.content).toBe(
      '关注公众号',
    );
    expect(readProseQuestion('How many Weibo complaints did 胜利街 get?', 'en', [])?.content).toBe('微博投诉');
    expect(readProseQuestion('What is the reply rate?', 'en', [])?.rate).toBe(true);
    expect(readProseQuestion('How many applications did 只楚 receive?', 'en', [])).toBeNull();
  });

  it('covers a question by the longest shared stretches, in any order', () => {
    expect(cover('公众号推送', '推送公众号').every(Boolean)).toBe(true);
    expect(cover('公众号推送', '公众号关注').map(Number)).toEqual([1, 1, 1, 0, 0]);
  });
});

const fact = (over: Partial<ProseFact>): ProseFact => ({
  phrase: '',
  verb: null,
  lead: '',
  value: 1,
  unit: '条',
  hedge: null,
  bound: 'exact',
  kind: 'count',
  sub: false,
  written: '1条',
  sentence: '',
  line: 1,
  part: 1,
  ...over,
});

describe('which prose fact a question asks for', () => {
  const sentence = '目前，我办微信公众号关注量5948人，2020年度累计发稿191篇，浏览量达356415次';
  const facts = [
    fact({ phrase: '微信公众号关注量', value: 5948, unit: '人', sentence }),
    fact({ phrase: '发稿', value: 191, unit: '篇', sentence }),
    fact({ phrase: '浏览量', value: 356415, unit: '次', sentence }),
  ];
  const ask = (q: string) => matchProse(readProseQuestion(q, 'zh', [])!, facts).map((m) => m.fact.value);

  it('a question about posts never gets the followers, however close the words', () => {
    expect(ask('公众号推送了多少篇')[0]).toBe(191);
    expect(ask('公众号有多少粉丝')[0]).toBe(5948);
    expect(ask('公众号浏览量')[0]).toBe(356415);
  });

  it('a unit that disagrees, or a word the sentence never says, matches nothing', () => {
    expect(ask('公众号推送了多少人')).toEqual([]);
    expect(ask('微博推送了多少篇')).toEqual([]);
    expect(ask('网站访问了多少次')).toEqual([]);
  });

  it('rates answer rate questions only; stated changes answer change questions only', () => {
    const s = '接到微博投诉事件68条，较上年增长5%，微博回应事件68条，回复率100%';
    const list = [
      fact({ phrase: '微博投诉', verb: '接到', value: 68, sentence: s }),
      fact({ phrase: '微博回应', value: 68, sentence: s }),
      fact({ phrase: '回复率', value: 100, unit: '%', kind: 'rate', sentence: s }),
      fact({ phrase: '微博投诉', verb: '较上年增长', value: 5, unit: '%', kind: 'change', sentence: s }),
    ];
    const m = (q: string) =>
      matchProse(readProseQuestion(q, 'zh', [])!, list).map((x) => `${x.fact.phrase}${x.fact.value}`);
    expect(m('微博投诉回复率是多少')).toEqual(['回复率100']);
    expect(m('接到微博投诉多少条')).toEqual(['微博投诉68']);
    expect(m('微博投诉比上年增长多少')).toEqual(['微博投诉5']);
    expect(m('微博回应了多少条')).toEqual(['微博回应68']);
  });
});

describe('prose facts in the store', () => {
  let store: Store;
  beforeAll(() => {
    store = openStore(':memory:');
  });
  afterAll(() => store.close());

  it('are stored with their report, read back, and a replaced report’s facts go with it', () => {
    const v1 = report2021({ part1: `${PART1}\n全年开展业务培训3次，政务微信公众号推送信息120篇。` });
    const p1 = parseReport(v1);
    const first = store.saveReport({ parsed: p1, text: v1, sourceFile: 'v1.txt' });
    const read = store.proseFacts({ officeId: first.officeId });
    expect(read.map((f) => `${f.phrase}=${f.value}${f.unit}`)).toEqual(
      p1.proseFacts!.map((f) => `${f.phrase}=${f.value}${f.unit}`),
    );
    expect(read.find((f) => f.phrase.includes('培训'))).toMatchObject({
      value: 3,
      unit: '次',
      year: 2022,
      reportId: first.reportId,
      officeName: '某某县某某镇人民政府',
    });

    const v2 = v1.replace('培训3次', '培训5次');
    const second = store.saveReport({ parsed: parseReport(v2), text: v2, sourceFile: 'v2.txt' });
    expect(second.outcome).toBe('replaced');
    const current = store.proseFacts({ officeId: first.officeId }).filter((f) => f.phrase.includes('培训'));
    expect(current.map((f) => [f.value, f.reportId])).toEqual([[5, second.reportId]]);
    // The old version keeps its own, for history.
    expect(store.proseFacts({ reportId: first.reportId }).find((f) => f.phrase.includes('培训'))?.value).toBe(3);
    expect(store.reportsWithoutProseFacts()).toEqual([]);
  });

  it('reports stored before prose facts existed are read for them once, when a question needs them', async () => {
    const text = report2021({ part1: `${PART1}\n全年召开新闻发布会4场。` }).replace(
      TITLE,
      '某某县另一镇人民政府2022年政府信息公开工作年度报告',
    );
    const parsed = parseReport(text);
    delete parsed.proseFacts; // as an older version of the parser saved it
    const saved = store.saveReport({ parsed, text, sourceFile: 'old.txt' });
    expect(store.reportsWithoutProseFacts()).toEqual([saved.reportId]);
    await ensureProseFacts(store);
    expect(store.reportsWithoutProseFacts()).toEqual([]);
    expect(store.proseFacts({ reportId: saved.reportId }).find((f) => f.phrase.includes('发布会'))?.value).toBe(4);
  });
});

describe('answers from the prose of the bundled reports', () => {
  let dir: string;
  let opened: OpenedAsker;
  const ask = (q: string) => opened.asker.ask(q);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-prose-'));
    const store = openStore(path.join(dir, 'data'));
    await ingestPaths([CORPUS], { store });
    opened = await openAsker({ data: path.join(dir, 'data'), store, say: () => {}, env: {} });
  }, 60_000);
  afterAll(() => {
    opened?.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('胜利街接到微博投诉多少条 → 68条 from line 13, not the table’s 信访举报投诉类申请 (0)', async () => {
    const a = await ask('胜利街接到微博投诉多少条');
    expect(a.value).toBe(68);
    expect(a.kind).toBe('fact');
    expect(a.answer).toContain('据报告正文');
    expect(a.answer).toContain('接到微博投诉事件68条');
    expect(a.answer).not.toContain('信访举报投诉类申请');
    expect(a.sources[0]).toMatchObject({ line: 13 });
    expect(a.sources[0].part).toContain('非表格');
    const text = readFileSync(path.join(CORPUS, '胜利街街道-2020.txt'), 'utf8').split('\n');
    expect(text[12]).toContain('微博投诉事件68条');
  });

  it.each([
    ['城关镇有多少个村（社区）建立了便民服务中心', 20, 17],
    ['洛北街道微信公众号推送了多少篇', 180, 15],
    ['只楚公众号有多少粉丝', 5948, 29],
    ['只楚街道微信公众号关注量是多少', 5948, 29],
    ['只楚公众号发了多少篇推文', 191, 29],
    ['只楚开展了几次培训', 2, 41],
    ['城关镇组织了几次业务培训', 2, 17],
    ['胜利街微博投诉的回复率是多少', 100, 13],
    ['胜利街原创微博多少条', 226, 13],
    ['洛北接到网民诉求多少件', 700, 15],
    ["How many followers does 只楚's WeChat official account have?", 5948, 29],
  ])('%s → %d (line %d)', async (q, value, line) => {
    const a = await ask(q);
    expect(a.value).toBe(value);
    expect(a.sources[0].line).toBe(line);
  });

  it('a stated change is quoted from its sentence (line 15: 较上年增长8%)', async () => {
    const a = await ask('城关镇主动公开的政务信息比上年增长多少');
    expect(a.answer).toContain('较上年增长8%');
    expect(a.answer).toContain('15');
  });

  it('a hedged number says so: 180余篇 is at least 180', async () => {
    const a = await ask('洛北街道微信公众号推送了多少篇');
    expect(a.answer).toContain('180余篇');
    expect(a.answer).toContain('以上');
  });

  it('questions that name a table row still get the table', async () => {
    const a = await ask('只楚收到多少申请');
    expect(a.value).toBe(4);
    expect(a.answer).not.toContain('据报告正文');
    expect(a.sources[0].part).toContain('三、收到和处理政府信息公开申请情况');
  });

  it('a part of a total the table holds: the total from its row, the part from the prose', async () => {
    const total = await ask('胜利街主动公开了多少条信息');
    expect(total.value).toBe(228); // line 13: 主动公开信息228条 (active.items)
    expect(total.answer).not.toContain('据报告正文');
    const part = await ask('胜利街通过政府网站管理平台主动公开了多少条信息');
    expect(part.value).toBe(2); // line 13: 其中：通过政府网站管理平台主动公开信息2条
    expect(part.answer).toContain('据报告正文');
  });

  it('a question naming only part of two phrases gets both, and no single number', async () => {
    // line 15: 接到网民诉求700余件、电话诉求3000余件
    const a = await ask('洛北接到多少件诉求');
    expect(a.value).toBeNull();
    expect(a.answer).toContain('网民诉求');
    expect(a.answer).toContain('电话诉求');
  });

  it('a phrase no report states gives no prose number', async () => {
    for (const q of ['只楚接到微博投诉多少条', '城郊街道公众号有多少粉丝', '只楚公众号推送了多少人']) {
      const a = await ask(q);
      expect(a.answer).not.toContain('据报告正文');
    }
  });

  it('across offices: listed with each office’s own words; summed and ranked only over one phrase', async () => {
    const list = await ask('各单位开展了几次培训');
    expect(list.answer).toContain('芝罘区只楚街道办事处：2次');
    expect(list.answer).toContain('组织本级学习和业务培训');
    const sum = await ask('各单位开展培训一共多少次');
    // 只楚's 培训 and 城关镇's 本级学习和业务培训 are different phrases: not added.
    expect(sum.value).toBe(2);
    expect(sum.answer).toContain('未合并计算');
    const rank = await ask('哪个单位公众号粉丝最多');
    expect(rank.value).toBe(5948);
    expect(rank.answer).toContain('据各报告正文');
  });
});

describe('answers from invented prose', () => {
  let store: Store;
  const office = (name: string, extra: string) => {
    const text = report2021({ part1: `${PART1}\n${extra}` }).replace(TITLE, `${name}2022年政府信息公开工作年度报告`);
    store.saveReport({ parsed: parseReport(text), text, sourceFile: `${name}.txt` });
  };
  beforeAll(() => {
    store = openStore(':memory:');
    office('某某县甲镇人民政府', '全年召开新闻发布会12场，发布政策解读117篇。');
    office('某某县乙镇人民政府', '全年召开新闻发布会3场，政务微博粉丝约1.2万人。');
    office('某某县丙镇人民政府', '全年举办新闻发布会5场。');
    office('某某县丁镇人民政府', '政务微信公众号全年推送信息88篇，通过政府网站发布信息30条。');
  });
  afterAll(() => store.close());

  const asker = () => createAsker({ store, now: () => new Date('2023-03-01T00:00:00+08:00') });

  it('one office, one phrase', async () => {
    const a = await asker().ask('某某县甲镇发布政策解读多少篇');
    expect(a.value).toBe(117);
    const b = await asker().ask('某某县乙镇政务微博有多少粉丝');
    expect(b.value).toBe(1.2);
    expect(b.answer).toContain('万人');
    expect(b.answer).toContain('约数');
  });

  it('where the noun only says "items" (推送信息88篇), the verb names what is counted', async () => {
    expect((await asker().ask('某某县丁镇公众号推送了多少篇')).value).toBe(88);
    expect((await asker().ask('某某县丁镇在网站发布了多少条信息')).value).toBe(30);
    expect((await asker().ask('某某县丁镇收到多少条投诉')).answer).not.toContain('据报告正文');
  });

  it('a sum and a ranking over the same phrase', async () => {
    const sum = await asker().ask('各镇一共召开了多少场新闻发布会');
    expect(sum.value).toBe(20);
    expect(sum.kind).toBe('aggregate');
    const rank = await asker().ask('新闻发布会召开最多的是哪个单位');
    expect(rank.value).toBe(12);
    expect(rank.answer).toContain('某某县甲镇人民政府');
  });

  it('a tie at the top is shown whole, with no single number', async () => {
    const tied = openStore(':memory:');
    for (const name of ['某某县戊镇人民政府', '某某县己镇人民政府']) {
      const text = report2021({ part1: `${PART1}\n全年开展业务培训4次。` }).replace(
        TITLE,
        `${name}2022年政府信息公开工作年度报告`,
      );
      tied.saveReport({ parsed: parseReport(text), text, sourceFile: `${name}.txt` });
    }
    const a = await createAsker({ store: tied }).ask('哪个镇开展培训最多');
    expect(a.value).toBeNull();
    expect(a.answer).toContain('某某县戊镇人民政府');
    expect(a.answer).toContain('某某县己镇人民政府');
    tied.close();
  });
});
