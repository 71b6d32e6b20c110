// "各单位…情况", "每个街道…", "applications received by each office": every office's own
// figure, one line each, never their sum; a sum only when the question asks for one
// (一共, 合计, 全区, in total). Over the bundled reports plus generated 2020 reports
// (enough offices to cap the list, and a 2021-format office whose fee row differs).
// Expected numbers come from the parsed seed reports or the generator's truth.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAsker, type OpenedAsker } from '../src/app/open-asker.js';
import type { Answer } from '../src/ask/types.js';
import { ingestPaths } from '../src/ingest/index.js';
import { parseReport } from '../src/parse/index.js';
import { openStore } from '../src/store/index.js';
import { mulberry32, randomFacts, renderReport } from '../tools/synth/index.js';

const CORPUS = path.resolve(__dirname, '../corpus/2020');
/** The bundled reports' own figures, read by the parser from their text. */
const seeds = readdirSync(CORPUS).map((f) => parseReport(readFileSync(path.join(CORPUS, f), 'utf8')));
const seedValue = (office: string, id: string) => seeds.find((r) => r.office!.includes(office))!.facts[id] as number;

let dir: string;
let bundled: OpenedAsker;
let big: OpenedAsker;
/** Generated offices of the big store: name → truth. */
const generated = new Map<string, Record<string, number>>();
const GENERATED = 24;

async function openOver(folders: string[], name: string): Promise<OpenedAsker> {
  const store = openStore(path.join(dir, name));
  const results = await ingestPaths(folders, { store });
  expect(results.filter((r) => r.status === 'failed')).toEqual([]);
  return openAsker({ data: path.join(dir, name), store, say: () => {}, env: {} });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-each-'));
  const extra = path.join(dir, 'extra');
  mkdirSync(extra);
  for (let i = 0; i < GENERATED; i++) {
    const office = `测试区${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'东南西'[Math.floor(i / 10)]}街道办事处`;
    const format = i === 0 ? '2021' : '2019';
    const facts = randomFacts(mulberry32(700 + i), { format, profile: 'busy' });
    writeFileSync(
      path.join(extra, `g${i}.txt`),
      renderReport(
        { office, region: '河南省洛阳市测试区', kind: '街道', year: 2020, format, facts },
        'tab',
        mulberry32(700 + i),
      ),
    );
    generated.set(office, facts);
  }
  bundled = await openOver([CORPUS], 'bundled');
  big = await openOver([CORPUS, extra], 'big');
}, 120_000);

afterAll(() => {
  bundled?.store.close();
  big?.store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** "· name：4件" / "- name: 4": the office's own line of an each-list. */
function lineOf(a: Answer, office: string): string | undefined {
  return a.answer.split('\n').find((l) => /^[·-] /.test(l) && l.includes(office));
}

describe('each office, listed: no sum unless one is asked for', () => {
  it('各单位收到多少申请 lists every office with its own figure', async () => {
    const a = await bundled.asker.ask('各单位收到多少申请');
    expect(a.kind).toBe('list');
    expect(a.value).toBeNull();
    expect(a.answer).not.toMatch(/合计|一共/);
    for (const office of ['只楚', '城关镇', '城郊', '洛北', '胜利街']) {
      const line = lineOf(a, office);
      expect(line, office).toBeDefined();
      expect(line).toMatch(new RegExp(`：${seedValue(office, 'apply.received.total')}件$`));
    }
  });

  it.each(['各单位一共收到多少申请', '全区一共收到多少申请', '各单位收到的申请合计多少'])(
    '%s is a sum, as asked',
    async (q) => {
      const a = await bundled.asker.ask(q);
      expect(a.kind).toBe('aggregate');
      expect(a.value).toBe(seeds.reduce((s, r) => s + (r.facts['apply.received.total'] as number), 0));
    },
  );

  it('每个街道的行政复议情况 lists the sub-districts only, each with its own figure', async () => {
    const a = await bundled.asker.ask('每个街道的行政复议情况');
    expect(a.kind).toBe('list');
    expect(a.answer).not.toContain('城关镇');
    for (const office of ['只楚', '城郊', '洛北', '胜利街'])
      expect(lineOf(a, office)).toMatch(new RegExp(`：${seedValue(office, 'review.total')}件$`));
  });

  it('applications received by each office: an English list, no total', async () => {
    const a = await bundled.asker.ask('applications received by each office');
    expect(a.kind).toBe('list');
    expect(a.answer).not.toMatch(/in total|合计/);
    for (const office of ['只楚', '城关镇', '城郊', '洛北', '胜利街'])
      expect(lineOf(a, office)).toMatch(new RegExp(`: ${seedValue(office, 'apply.received.total')}$`));
  });

  it('各单位行政事业性收费情况 lists each 2019-format row per office', async () => {
    const a = await bundled.asker.ask('各单位行政事业性收费情况');
    expect(a.answer).toContain('上一年项目数量');
    expect(a.answer).not.toMatch(/合计|0 份报告/);
    for (const office of ['只楚', '城关镇', '城郊', '洛北', '胜利街'])
      expect(lineOf(a, office)).toMatch(new RegExp(`：${seedValue(office, 'active.fees.prev_items')}项$`));
  });

  it('a report whose template lacks the row is set apart, never shown as blank', async () => {
    const a = await big.asker.ask('各单位行政事业性收费上一年项目数量');
    const the2021 = [...generated.keys()][0];
    expect(lineOf(a, the2021)).toBeUndefined();
    expect(a.answer).toMatch(/使用 2021 版表格，没有这一项/);
  });

  it('many offices: the list is capped and says how many are left out, most first, each figure the truth', async () => {
    const a = await big.asker.ask('各单位收到多少申请');
    const lines = a.answer.split('\n').filter((l) => l.startsWith('· '));
    expect(lines.length).toBe(20);
    expect(a.answer).toMatch(new RegExp(`另有 ${GENERATED + 5 - 20} 个单位未列出`));
    const values = lines.map((l) => Number(/：(\d+)件$/.exec(l)![1]));
    expect(values).toEqual(values.slice().sort((x, y) => y - x));
    for (const l of lines) {
      const name = /^· (.+)：/.exec(l)![1];
      const truth =
        generated.get(name)?.['apply.received.total'] ??
        seeds.find((r) => r.office === name)!.facts['apply.received.total'];
      expect(l).toBe(`· ${name}：${truth}件`);
    }
  });

  it('a follow-up "各单位呢" does not carry the previous office into the list', async () => {
    const first = await bundled.asker.ask('只楚收到多少申请');
    const a = await bundled.asker.ask('各单位呢', first.context);
    expect(a.answer).toContain('城关镇');
    expect(a.answer).not.toMatch(/合计/);
  });
});

describe('a follow-up to an each-list', () => {
  it('去年呢 after 各单位收到多少申请 lists again (no sum), for the year before', async () => {
    const first = await bundled.asker.ask('2020年各单位收到多少申请');
    expect(first.context?.shape).toBe('each');
    const a = await bundled.asker.ask('2019年呢', first.context);
    // The bundled store holds 2020 only: the answer says so, and adds nothing up.
    expect(a.answer).not.toMatch(/合计/);
    const again = await bundled.asker.ask('行政许可呢', first.context);
    expect(again.kind).toBe('list');
    expect(again.answer).not.toMatch(/合计/);
    expect(lineOf(again, '城关镇')).toMatch(new RegExp(`：${seedValue('城关镇', 'active.license.decisions')}件$`));
  });
});
