// The shapes people ask, over the bundled corpus plus generated reports: two more
// years of 只楚 (trends, year over year) and a 2021-format office (fee amounts).
// Expected numbers come from the parsed seed reports or the generator's truth,
// never from the engine.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAsker, type OpenedAsker } from '../src/app/open-asker.js';
import { allMetrics, findMetric } from '../src/ask/metrics.js';
import { provinceOf } from '../src/offices/gazetteer.js';
import { ingestPaths } from '../src/ingest/index.js';
import { parseReport } from '../src/parse/index.js';
import { openStore } from '../src/store/index.js';
import { FACTS } from '../src/catalogue/facts.js';
import { mulberry32, randomFacts, renderReport } from '../tools/synth/index.js';
import type { Answer } from '../src/ask/types.js';
import type { OfficeKind } from '../src/parse/types.js';

const CORPUS = path.resolve(__dirname, '../corpus/2020');
const seed = (name: string) => parseReport(readFileSync(path.join(CORPUS, name), 'utf8'));
const zhichu = seed('只楚街道-2020.txt').facts as Record<string, number>;
const chengguan = seed('城关镇-2020.txt').facts as Record<string, number>;
const received2020 = () => readdirSync(CORPUS).map((f) => seed(f).facts['apply.received.total'] as number);

let dir: string;
let opened: OpenedAsker;
let zc2019: Record<string, number>;
let zc2018: Record<string, number>;
let dongsong: Record<string, number>;
const ask = (q: string): Promise<Answer> => opened.asker.ask(q);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-shapes-'));
  const extra = path.join(dir, 'extra');
  mkdirSync(extra);
  const make = (
    file: string,
    office: string,
    region: string,
    kind: OfficeKind,
    year: number,
    format: '2019' | '2021',
    seedN: number,
  ) => {
    const facts = randomFacts(mulberry32(seedN), { format, profile: 'busy' });
    writeFileSync(
      path.join(extra, file),
      renderReport({ office, region, kind, year, format, facts }, 'tab', mulberry32(seedN)),
    );
    return facts;
  };
  zc2019 = make('只楚-2019.txt', '芝罘区只楚街道办事处', '山东省烟台市芝罘区', '街道', 2019, '2019', 21);
  zc2018 = make('只楚-2018.txt', '芝罘区只楚街道办事处', '山东省烟台市芝罘区', '街道', 2018, '2019', 22);
  dongsong = make('东宋镇-2020.txt', '洛宁县东宋镇人民政府', '河南省洛阳市洛宁县', '乡镇', 2020, '2021', 23);
  const store = openStore(path.join(dir, 'data'));
  const results = await ingestPaths([CORPUS, extra], { store });
  expect(results.filter((r) => r.status === 'failed')).toEqual([]);
  opened = await openAsker({ data: path.join(dir, 'data'), store, say: () => {}, env: {} });
  opened.asker.refresh();
}, 60_000);

afterAll(() => {
  opened?.store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('unknown offices and places never give another office’s number or a sum', () => {
  it.each([
    '城东街道收到多少申请',
    '城南街道收到多少申请',
    '胜利乡收到多少申请',
    '海淀区收到多少申请',
    '海淀区一共收到多少申请',
    'how many applications did haidian receive',
    '洛阳市人民政府办公厅收到多少申请',
  ])('%s', async (q) => {
    const a = await ask(q);
    expect(a.kind).toBe('unknown');
    expect(a.value).toBeNull();
    expect(a.facts).toEqual([]);
  });
  it.each(['只楚和小明一共收到多少申请', 'how many applications did zhichu and haidian receive altogether'])(
    'an unknown office joined to a known one: %s',
    async (q) => {
      const a = await ask(q);
      expect(a.kind).toBe('unknown');
      expect(a.value).toBeNull();
    },
  );
  it('says which name it did not find and the nearest it has', async () => {
    const a = await ask('城东街道收到多少申请');
    expect(a.answer).toContain('「城东街道」');
    expect(a.answer).toContain('城郊街道');
  });
  it('a sound-alike correction answers and says what it understood', async () => {
    const a = await ask('只初2020年收到多少申请');
    expect(a.value).toBe(zhichu['apply.received.total']);
    expect(a.answer).toMatch(/按「只楚」理解/);
    const en = await ask('how many applications did zhichu receive in 2020');
    expect(en.value).toBe(zhichu['apply.received.total']);
  });
});

describe('metrics only when named', () => {
  it('微博投诉 is not 信访举报投诉类申请', async () => {
    expect(findMetric('胜利街接到微博投诉多少条', 'zh')).toBeNull();
    const a = await ask('胜利街接到微博投诉多少条');
    // Whatever answers it (prose facts, a passage), never a cell of table 三.
    expect(a.facts.filter((f) => f.id.startsWith('apply.'))).toEqual([]);
    expect(a.sources.map((s) => s.part).join()).not.toContain('信访举报投诉类');
    expect(findMetric('胜利街信访举报投诉类申请多少件', 'zh')?.key).toBe('apply.not_processed.petition.total');
  });
  it('公众号, 便民服务中心: no table row', () => {
    for (const q of [
      '洛北街道微信公众号推送了多少篇',
      '城关镇有多少个村（社区）建立了便民服务中心',
      "How many followers does 只楚's WeChat official account have?",
    ]) {
      expect(findMetric(q, /[a-z]{3}/i.test(q) ? 'en' : 'zh')).toBeNull();
    }
  });
});

describe('every row of both formats is reachable', () => {
  it('each table cell of the catalogue is some metric on its own', () => {
    const single = new Set(
      allMetrics().flatMap((m) =>
        [m.ids['2019'], m.ids['2021']].filter((ids) => ids.length === 1).map((ids) => ids[0]),
      ),
    );
    const table = FACTS.filter((f) => f.table !== 'prose').map((f) => f.id);
    expect(table.filter((id) => !single.has(id))).toEqual([]);
  });
  it.each([
    ['城关镇行政事业性收费上一年项目数量', 'zh', 'active.fees.prev_items'],
    ['城关镇行政事业性收费本年增减', 'zh', 'active.fees.change'],
    ['城关镇行政事业性收费金额', 'zh', 'active.fees.amount'],
    ['城关镇政府集中采购项目数量', 'zh', 'active.procurement.count'],
    ['城关镇政府集中采购金额', 'zh', 'active.procurement.amount'],
    ['东宋镇其他处理中的其他有几件', 'zh', 'apply.other.misc.total'],
    ['how much did 城关镇 collect in administrative fees', 'en', 'active.fees.amount'],
    ['how many procurement projects did 城关镇 have', 'en', 'active.procurement.count'],
    ['what was the procurement amount of 城关镇', 'en', 'active.procurement.amount'],
  ] as const)('%s', (q, lang, key) => {
    expect(findMetric(q, lang)?.key).toBe(key);
  });
  it.each([
    ['how many normative documents did 城关镇 repeal', 'active.normative.repealed'],
    ['how many normative documents are in force at 城关镇', 'active.normative.in_force'],
    ['how many regulations did 城关镇 issue', 'active.rules.issued'],
    ['how many normative documents were newly published by 城关镇', 'active.normative.published'],
    ['how many licensing items did 城关镇 have the previous year', 'active.license.prev_items'],
    ['what was the change in licensing items at 城关镇', 'active.license.change'],
    ['how many other external management service decisions did 城关镇 make', 'active.other_services.decisions'],
    ['how many coercion decisions did 城关镇 make', 'active.coercion.decisions'],
    ['how many fee items did 城关镇 have the year before', 'active.fees.prev_items'],
    ['how many requests were dropped because the applicant did not supplement', 'apply.other.no_correction.total'],
    ['how many requests lapsed because the applicant did not pay the fee', 'apply.other.no_fee.total'],
    ['how many requests were handled otherwise (other)', 'apply.other.misc.total'],
    ['how many requests did 只楚 grant in full', 'apply.granted.total'],
    ['how many applications were partly disclosed by 只楚', 'apply.partial.total'],
    ['how many requests were denied as state secrets', 'apply.denied.secret.total'],
    ['how many applications from research institutions did 只楚 receive', 'apply.received.research'],
    ['how many applications were carried forward', 'apply.carried_forward.total'],
    ['how many lawsuits filed after review were upheld', 'litigation.after_review.upheld'],
    ['how many administrative reviews are pending', 'review.pending'],
  ] as const)('in English: %s', (q, key) => {
    expect(findMetric(q, 'en')?.key).toBe(key);
  });
  it('各单位行政事业性收费情况: each format’s own fee rows, never “0 reports”', async () => {
    const a = await ask('各单位行政事业性收费情况');
    expect(a.answer).not.toMatch(/0 份报告/);
    expect(
      a.facts.some(
        (f) =>
          f.id === 'active.fees.amount' &&
          f.office === '洛宁县东宋镇人民政府' &&
          f.value === dongsong['active.fees.amount'],
      ),
    ).toBe(true);
    expect(
      a.facts.some(
        (f) =>
          f.id === 'active.fees.prev_items' &&
          f.office === '城关镇人民政府' &&
          f.value === chengguan['active.fees.prev_items'],
      ),
    ).toBe(true);
  });
  it('城关镇政府集中采购情况: both procurement cells', async () => {
    const a = await ask('城关镇政府集中采购情况');
    expect(a.facts.map((f) => [f.id, f.value])).toEqual([
      ['active.procurement.count', chengguan['active.procurement.count']],
      ['active.procurement.amount', chengguan['active.procurement.amount']],
    ]);
  });
});

describe('shapes', () => {
  const all2020 = () => [...received2020(), dongsong['apply.received.total']];
  it('按收到申请数排个名 ranks (not a sum)', async () => {
    const a = await ask('按收到申请数排个名');
    expect(a.kind).toBe('list');
    expect(a.answer).toMatch(/^.*最多的单位/m);
    const first = a.answer.split('\n').find((l) => l.startsWith('1. '))!;
    expect(first).toContain(String(Math.max(...all2020())));
  });
  it('最多的三个 / 前三 show three (or ties)', async () => {
    for (const q of ['收到申请最多的三个单位', '收到申请前三的单位']) {
      const a = await ask(q);
      expect(a.answer.split('\n').filter((l) => /^\d+\. /.test(l)).length).toBeGreaterThanOrEqual(3);
    }
  });
  it('只楚和城关镇一共收到多少申请 adds the two', async () => {
    const a = await ask('只楚和城关镇2020年一共收到多少申请');
    expect(a.kind).toBe('aggregate');
    expect(a.value).toBe(zhichu['apply.received.total'] + chengguan['apply.received.total']);
    expect(a.answer).toContain('推算值');
  });
  it('行政复议和行政诉讼情况 answers both', async () => {
    const a = await ask('只楚2020年行政复议和行政诉讼情况');
    expect(a.facts.some((f) => f.id === 'review.total')).toBe(true);
    expect(a.facts.some((f) => f.id.startsWith('litigation.'))).toBe(true);
  });
  it('予以公开率 = 予以公开 ÷ 办理总计, derived, with its formula', async () => {
    const a = await ask('只楚2020年的予以公开率');
    const expected = zhichu['apply.granted.total'] / zhichu['apply.handled.total'];
    expect(a.value).toBeCloseTo(expected, 4);
    expect(a.answer).toContain(`${zhichu['apply.granted.total']} ÷`);
    expect(a.answer).toContain('推算值');
  });
  it('yes/no: 不是 with the number, 是的 when right', async () => {
    const real = zhichu['apply.received.total'];
    const no = await ask(`只楚2020年收到${real + 5}件申请吗`);
    expect(no.answer).toMatch(new RegExp(`^不是，.*${real}件`));
    const yes = await ask(`只楚2020年收到${real}件申请吗`);
    expect(yes.answer).toMatch(/^是的/);
  });
  it('year over year from two stored years', async () => {
    const a = await ask('只楚2020年收到申请比上年增加了多少');
    expect(a.value).toBe(zhichu['apply.received.total'] - zc2019['apply.received.total']);
  });
  it('with one stored year, the report’s own stated change, quoted with its line', async () => {
    const text = readFileSync(path.join(CORPUS, '城关镇-2020.txt'), 'utf8').split('\n');
    const line = text.findIndex((l) => l.includes('较上年增长8%')) + 1;
    const a = await ask('城关镇主动公开信息比上年增长多少');
    expect(a.answer).toContain('较上年增长8%');
    expect(a.answer).toContain(`第 ${line} 行`);
    // No number computed from one year; at most the 8 that the sentence states.
    expect([null, 8]).toContain(a.value);
  });
  it('近三年: the series and the year with the most', async () => {
    const a = await ask('只楚近三年收到申请数');
    const series = {
      2018: zc2018['apply.received.total'],
      2019: zc2019['apply.received.total'],
      2020: zhichu['apply.received.total'],
    };
    for (const [y, v] of Object.entries(series)) expect(a.answer).toContain(`${y} 年度：${v}件`);
    const max = Math.max(...Object.values(series));
    expect(a.value).toBe(max);
  });
  it('regions: 洛阳市一共有几个单位, 烟台市的单位有哪些', async () => {
    const a = await ask('洛阳市一共有几个单位');
    expect(a.value).toBe(3); // 城关镇人民政府, 西工区洛北街道办事处, 洛宁县东宋镇人民政府
    const b = await ask('烟台市的单位有哪些');
    expect(b.answer).toContain('芝罘区只楚街道办事处');
    expect(b.value).toBe(1);
  });
});

describe('more shapes people ask', () => {
  it('provinces from the city a region starts with', () => {
    expect(provinceOf('烟台市芝罘区')).toBe('山东省');
    expect(provinceOf('银川市兴庆区')).toBe('宁夏回族自治区');
    expect(provinceOf('淮安市洪泽区')).toBe('江苏省');
    expect(provinceOf('山东省烟台市')).toBeNull();
  });
  it('山东省的单位有哪些, Which offices are in Shandong?, 宁夏的单位收到多少申请', async () => {
    for (const q of ['山东省的单位有哪些', 'Which offices are in Shandong?']) {
      const a = await ask(q);
      expect(a.answer).toContain('芝罘区只楚街道办事处');
      expect(a.answer).not.toContain('城关镇人民政府');
    }
    const nx = await ask('宁夏的单位收到多少申请');
    expect(nx.facts.map((f) => f.office)).toEqual(['银川市兴庆区胜利街街道办事处']);
    expect(nx.value).toBe(seed('胜利街街道-2020.txt').facts['apply.received.total']);
  });
  it('a place with no office, before 的单位, is refused', async () => {
    const a = await ask('海南的单位收到多少申请');
    expect(a.kind).toBe('unknown');
    expect(a.value).toBeNull();
  });
  it('words in the subject’s place that name no office are refused; no subject is every office', async () => {
    const a = await ask('朝阳收到多少申请');
    expect(a.kind).toBe('unknown');
    expect(a.answer).toContain('「朝阳」');
    const all = await ask('收到多少申请');
    expect(all.kind).toBe('aggregate');
  });
  it('the table’s words typed in pinyin', async () => {
    const a = await ask('zhichu 2020 xingzheng fuyi');
    expect(a.facts.map((f) => f.id)).toEqual(['review.total']);
    expect(a.value).toBe(zhichu['review.total']);
  });
  it('rows of one report asked together are added, each cited', async () => {
    const a = await ask('城关镇2020年行政许可和行政处罚一共多少件');
    expect(a.value).toBe(chengguan['active.license.decisions'] + chengguan['active.penalty.decisions']);
    expect(a.answer.match(/来源：/g)?.length).toBe(2);
  });
  it('与2019年相比 compares with that year', async () => {
    const a = await ask('与2019年相比，只楚收到的申请有什么变化');
    expect(a.value).toBe(zhichu['apply.received.total'] - zc2019['apply.received.total']);
  });
  it('有没有 / 收到过…吗: yes or no with the figure', async () => {
    const sl = seed('胜利街街道-2020.txt').facts['apply.received.total'] as number;
    const a = await ask('胜利街2020年有没有收到申请');
    expect(a.answer).toMatch(sl > 0 ? /^有，/ : /^没有，/);
    const b = await ask('只楚2020年收到过申请吗');
    expect(b.answer).toMatch(zhichu['apply.received.total'] > 0 ? /^有，/ : /^没有，/);
  });
  it('占办理总数的比例 after a figure: that figure’s share, derived', async () => {
    const first = await opened.asker.ask('只楚2020年部分公开多少件');
    const a = await opened.asker.ask('占办理总数的比例是多少', first.context);
    expect(a.value).toBeCloseTo(zhichu['apply.partial.total'] / zhichu['apply.handled.total'], 4);
  });
  it('and 洛北? asks the last question again of 洛北, and says so', async () => {
    const first = await opened.asker.ask('洛北2020年收到多少申请');
    const a = await opened.asker.ask('城郊呢', first.context);
    expect(a.facts.map((f) => f.office)).toEqual(['城郊街道']);
    const p = await opened.asker.ask('What problems did 城郊 report?');
    const q = await opened.asker.ask('and 洛北?', p.context);
    expect(q.answer).toMatch(/What problems did 洛北 report\?/);
  });
});

describe('a kind of office said as a group', () => {
  it('各街道一共收到多少申请 adds the 街道 only', async () => {
    const streets = ['只楚街道-2020.txt', '城郊街道-2020.txt', '洛北街道-2020.txt', '胜利街街道-2020.txt'];
    const a = await ask('2020年各街道一共收到多少申请');
    expect(a.value).toBe(streets.reduce((s, f) => s + (seed(f).facts['apply.received.total'] as number), 0));
    expect(a.facts.map((f) => f.office)).not.toContain('城关镇人民政府');
  });
  it('洛阳市的街道有哪些 lists the 街道 of 洛阳 only', async () => {
    const a = await ask('洛阳市的街道有哪些');
    expect(a.answer).toContain('西工区洛北街道办事处');
    expect(a.answer).not.toContain('城关镇人民政府');
    expect(a.value).toBe(1);
  });
});

describe('one office over several years', () => {
  it('只楚2019年和2020年一共收到多少申请 adds the two years, each cited', async () => {
    const a = await ask('只楚2019年和2020年一共收到多少申请');
    expect(a.value).toBe(zc2019['apply.received.total'] + zhichu['apply.received.total']);
    expect(a.answer).toContain('推算值');
    expect(a.sources.length).toBe(2);
  });
  it('a year that is not stored: no sum at all', async () => {
    const a = await ask('只楚2016年和2020年一共收到多少申请');
    expect(a.value).toBeNull();
    expect(a.answer).toContain('2016');
  });
});
