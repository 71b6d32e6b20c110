// The question engine over the bundled corpus plus two synthetic reports that
// make the hard cases real: a second 只楚 year (for change questions) and a
// second 城关镇 in another county (for "which one do you mean?").
// Expected numbers are read from the parsed reports or the generator's truth,
// never from the engine.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAsker, type OpenedAsker } from '../src/app/open-asker.js';
import { ingestPaths } from '../src/ingest/index.js';
import { parseReport } from '../src/parse/index.js';
import { openStore } from '../src/store/index.js';
import { mulberry32, randomFacts, renderReport } from '../tools/synth/index.js';
import { APPLY_ROWS } from '../src/catalogue/facts.js';
import type { Answer } from '../src/ask/types.js';

const CORPUS = path.resolve(__dirname, '../corpus/2020');
const seed = (name: string) => parseReport(readFileSync(path.join(CORPUS, name), 'utf8'));
const zhichu = seed('只楚街道-2020.txt');
const chengguan = seed('城关镇-2020.txt');

let dir: string;
let opened: OpenedAsker;
let zhichu2019: Record<string, number>;
let yiyang: Record<string, number>;
const ask = (q: string): Promise<Answer> => opened.asker.ask(q);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-ask-'));
  const extra = path.join(dir, 'extra');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  mkdirSync(extra);
  zhichu2019 = randomFacts(mulberry32(11), { format: '2019', profile: 'busy' });
  writeFileSync(
    path.join(extra, '只楚-2019.txt'),
    renderReport(
      {
        office: '芝罘区只楚街道办事处',
        region: '山东省烟台市芝罘区',
        kind: '街道',
        year: 2019,
        format: '2019',
        facts: zhichu2019,
      },
      'tab',
      mulberry32(11),
    ),
  );
  yiyang = randomFacts(mulberry32(12), { format: '2021', profile: 'busy' });
  writeFileSync(
    path.join(extra, '宜阳城关镇-2022.txt'),
    renderReport(
      {
        office: '宜阳县城关镇人民政府',
        region: '河南省洛阳市宜阳县',
        kind: '乡镇',
        year: 2020,
        format: '2021',
        facts: yiyang,
      },
      'tab',
      mulberry32(12),
    ),
  );
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

describe('one fact', () => {
  it.each([
    ['只楚收到多少申请', 'apply.received.total'],
    ['只楚那边收了几个申请', 'apply.received.total'],
    ['只楚街道2020年度新收申请数量', 'apply.received.total'],
    ['只楚予以公开了多少件', 'apply.granted.total'],
    ['只楚部分公开多少', 'apply.partial.total'],
    ['只楚自然人申请多少', 'apply.received.natural'],
    ['只楚办结了多少件申请', 'apply.handled.total'],
    ['只楚行政复议多少件', 'review.total'],
  ])('%s', async (q, id) => {
    const a = await ask(q);
    expect(a.kind).toBe('fact');
    expect(a.value).toBe(zhichu.facts[id]);
    expect(a.facts.map((f) => f.id)).toEqual([id]);
    expect(a.answer).toContain('芝罘区只楚街道办事处');
    expect(a.answer).toContain('2020');
    expect(a.sources[0].line).toBe(zhichu.provenance[id].line);
  });

  it('城关镇 is ambiguous: two offices with that short name, listed with their regions', async () => {
    const a = await ask('城关镇行政许可多少件');
    expect(a.kind).toBe('clarify');
    expect(a.answer).toContain('城关镇人民政府（洛阳市）');
    expect(a.answer).toContain('宜阳县城关镇人民政府');
  });

  it('a region word picks one 城关镇', async () => {
    const a = await ask('宜阳的城关镇收到多少申请');
    expect(a.kind).toBe('fact');
    expect(a.value).toBe(yiyang['apply.received.total']);
    const b = await ask('城关镇人民政府行政许可多少件');
    expect(b.value).toBe(chengguan.facts['active.license.decisions']);
    expect(b.answer).toContain('处理决定数量');
  });

  it('a group sum is derived and says so', async () => {
    const a = await ask('宜阳县城关镇不予公开多少件');
    const ids = APPLY_ROWS.filter((r) => r.row.startsWith('denied.')).map((r) => `apply.${r.row}.total`);
    expect(a.value).toBe(ids.reduce((s, id) => s + yiyang[id], 0));
    expect(a.facts.map((f) => f.id).sort()).toEqual(ids.sort());
    expect(a.answer).toContain('相加得出');
  });

  it('an approximate value is flagged', async () => {
    const a = await ask('只楚主动公开了多少条信息');
    expect(a.value).toBe(180);
    expect(a.answer).toContain('约数');
    expect(a.answer).toContain('180 余条');
  });

  it('a blank cell is said to be blank, with the failed check that touches it', async () => {
    const a = await ask('洛北予以公开多少');
    expect(a.value).toBeNull();
    expect(a.answer).toContain('为空');
    expect(a.answer).toContain('核查');
  });

  it('years: explicit, relative to the clock, and missing', async () => {
    const y2019 = await ask('只楚2019年收到多少申请');
    expect(y2019.value).toBe(zhichu2019['apply.received.total']);
    expect(y2019.answer).toContain('2019');
    const latest = await ask('只楚收到多少申请');
    expect(latest.answer).toContain('2020 年度');
    const missing = await ask('只楚2023年收到多少申请');
    expect(missing.answer).toContain('没有芝罘区只楚街道办事处 2023 年度的报告');
    // A year named and missing: the years there are, no other year's number in its place.
    expect(missing.answer).toContain('已收录：2019、2020 年度');
    expect(missing.value).toBeNull();
    const lastYear = await ask('只楚去年收到多少申请');
    expect(lastYear.answer).toMatch(/没有.*年度的报告，以下是最新的 2020 年度/);
  });

  it('a typo in the office name is forgiven when one office is clearly meant', async () => {
    const a = await ask('只初街道收到多少申请');
    expect(a.value).toBe(zhichu.facts['apply.received.total']);
  });

  it('an office it does not know is said so', async () => {
    const a = await ask('东风镇收到多少申请');
    expect(['unknown', 'clarify']).toContain(a.kind);
    expect(a.answer).toContain('东风镇');
    expect(a.value).toBeNull();
  });
});

describe('across offices', () => {
  const received2020 = () => readdirSync(CORPUS).map((f) => seed(f).facts['apply.received.total'] as number);

  it('a sum over the offices of the latest year, said per office', async () => {
    const a = await ask('全区一共收到多少申请');
    expect(a.kind).toBe('aggregate');
    // 2020 has the five seeds and the synthetic 宜阳 report.
    expect(a.value).toBe(received2020().reduce((x, y) => x + y, 0) + yiyang['apply.received.total']);
    expect(a.answer).toContain('合计');
  });

  it('a ranking', async () => {
    const a = await ask('2020年收到申请最多的是哪个单位');
    expect(a.kind).toBe('list');
    const best = Math.max(...received2020(), yiyang['apply.received.total']);
    expect(a.value).toBe(best);
  });

  it('which offices, and how many', async () => {
    const which = await ask('2020年哪些单位收到过申请');
    const positive = [...received2020(), yiyang['apply.received.total']].filter((v) => v > 0).length;
    expect(which.kind).toBe('list');
    expect(which.value).toBe(positive);
    expect(which.answer).toContain('芝罘区只楚街道办事处');
    const count = await ask('2020年有几个单位收到过申请');
    expect(count.kind).toBe('aggregate');
    expect(count.value).toBe(positive);
  });

  it('a comparison of two offices', async () => {
    const a = await ask('只楚和城关镇人民政府谁收到的申请多');
    expect(a.kind).toBe('compare');
    expect(a.value).toBe(
      Math.abs((zhichu.facts['apply.received.total'] as number) - (chengguan.facts['apply.received.total'] as number)),
    );
  });

  it('change between two years of one office', async () => {
    const a = await ask('只楚收到的申请比去年增加了多少');
    expect(a.kind).toBe('compare');
    expect(a.value).toBe((zhichu.facts['apply.received.total'] as number) - zhichu2019['apply.received.total']);
  });

  it('what is wrong with a report, and which reports fail their checks', async () => {
    const a = await ask('只楚的报告有什么问题');
    expect(a.value).toBe(zhichu.findings.length);
    expect(a.answer).toContain('落款日期');
    const all = await ask('2020年哪些报告核查有问题');
    expect(all.answer).toContain('西工区洛北街道办事处');
  });

  it('the offices it knows, by region', async () => {
    const a = await ask('单位列表');
    expect(a.kind).toBe('list');
    expect(a.answer).toContain('烟台市芝罘区');
  });
});

describe('English', () => {
  it('one fact', async () => {
    const a = await ask('how many applications did 只楚 receive');
    expect(a.value).toBe(zhichu.facts['apply.received.total']);
    expect(a.answer).toMatch(/applications/);
    expect(a.answer).not.toMatch(/来源/);
  });
  it('which offices, and what is wrong', async () => {
    const a = await ask('which offices received applications in 2020');
    expect(a.kind).toBe('list');
    expect(a.answer).toContain('offices');
    const b = await ask('what is wrong with the 只楚 report');
    expect(b.value).toBe(zhichu.findings.length);
  });
  it('a total', async () => {
    const a = await ask('how many applications were received in total in 2020');
    expect(a.kind).toBe('aggregate');
  });
});

describe('passages', () => {
  it('answers what the tables do not hold from the prose, quoting its sentence (issue 9: numbers in the prose are facts)', async () => {
    const a = await ask('只楚街道微信公众号关注量是多少');
    expect(a.kind).toBe('fact');
    expect(a.value).toBe(5948); // 只楚街道-2020.txt line 29: 微信公众号关注量5948人
    expect(a.answer).toContain('据报告正文');
    expect(a.sources[0].report).toContain('只楚');
    expect(a.sources[0].line).toBe(29);
  });
  it('finds part 5 for 存在的问题, item by item (issue 9: the report’s own problems)', async () => {
    const a = await ask('城郊街道存在的主要问题是什么');
    expect(a.kind).toBe('list');
    expect(a.sources[0].part).toContain('五');
  });
  it('"what does part 六 say" quotes the part from its start, never the 落款 that closes it', async () => {
    const lines = readFileSync(path.join(CORPUS, '只楚街道-2020.txt'), 'utf8').split('\n');
    const first = lines.findIndex((l) => l.startsWith('本年度我办为规范政务公开')) + 1;
    const a = await ask('只楚2020年的其他需要报告的事项写了什么');
    expect(a.kind).toBe('passage');
    expect(a.sources[0].line).toBe(first);
    expect(a.answer).toContain('政务公开体验区');
    expect(a.answer).not.toContain('2020年1月26日');
  });
  it("the report's own date comes from its 落款, with the check that flags it", async () => {
    const a = await ask('只楚街道的报告是什么时候发布的');
    expect(a.answer).toContain('2020年1月26日');
    expect(a.answer).toContain('早于所报告年度');
    expect(a.sources[0].line).toBe(
      readFileSync(path.join(CORPUS, '只楚街道-2020.txt'), 'utf8')
        .split('\n')
        .findIndex((l) => l.trim() === '2020年1月26日') + 1,
    );
    const none = await ask('城郊街道报告的落款日期');
    expect(none.answer).toContain('没有写明落款日期');
  });

  it('a passage of a year the store lacks is refused, never quoted from another year', async () => {
    // 城郊街道 has only its 2020 report; 只楚's 2019 one is in the store.
    const ofOffice = await ask('城郊街道2019年的保密审查情况');
    expect(ofOffice.kind).toBe('unknown');
    expect(ofOffice.sources).toEqual([]);
    expect(ofOffice.answer).toContain('没有城郊街道 2019 年度的报告');
    // No office has 2015.
    const ofAll = await ask('2015年保密审查机制');
    expect(ofAll.sources).toEqual([]);
    expect(ofAll.answer).toContain('2015 年度');
    // A year that is held still finds its passages.
    const held = await ask('城郊街道2020年的保密审查情况');
    expect(held.kind).toBe('passage');
    expect(held.sources.every((src) => src.report.includes('城郊街道2020年'))).toBe(true);
  });

  it('a pasted document is not a question: a short, polite refusal', async () => {
    const a = await ask(readFileSync(path.join(CORPUS, '城郊街道-2020.txt'), 'utf8'));
    expect(a.kind).toBe('unknown');
    expect(a.answer).toContain('问题太长了');
  });

  it('says what it can answer when nothing fits', async () => {
    const a = await ask('今天天气怎么样');
    expect(a.kind).toBe('unknown');
    expect(a.answer).toContain('例如');
  });
});
