// 图表: offices ranked by a metric and one office's years, with the numbers of the
// reports (the generator's truth), drawn to a real PNG with the bundled CJK font and
// no browser; unknown offices and metrics are refused, never drawn from other data.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartFontFile, chartSvg, MAX_BARS, planChart, renderChartPng, type ChartSpec } from '../src/export/index.js';
import { supervisorCommands } from '../src/bot/export-commands.js';
import { parseReport } from '../src/parse/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { generateCorpus, type CorpusTruth } from '../tools/synth/index.js';

let store: Store;
const truthOfFile = new Map<string, CorpusTruth>();
// Written for a person to look at: `npx vitest run test/chart-png.test.ts` leaves them here.
const outDir = path.join(os.tmpdir(), 'nianbao-chart-test');

beforeAll(() => {
  store = openStore(':memory:');
  for (const item of generateCorpus(90, 5, { years: [2021, 2022, 2023], layouts: ['pipe', 'tab'] })) {
    store.saveReport({ parsed: parseReport(item.text, { file: item.name }), text: item.text, sourceFile: item.name });
    truthOfFile.set(item.name, item.truth);
  }
  mkdirSync(outDir, { recursive: true });
});
afterAll(() => store.close());

const spec = async (words: string): Promise<ChartSpec> => {
  const s = await planChart(store, words);
  if ('error' in s) throw new Error(s.error);
  return s;
};

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('chart plan', () => {
  it('ranks the offices of a year by the metric, with the values of their reports', async () => {
    const s = await spec('收到申请 2022');
    expect(s.kind).toBe('rank');
    expect(s.title).toBe('2022年度各单位新收政府信息公开申请排名');
    expect(s.unit).toBe('件');
    const truth = [...truthOfFile.values()]
      .filter((t) => t.year === 2022)
      .map((t) => t.facts['apply.received.total'])
      .sort((a, b) => b - a);
    expect(s.bars.map((b) => b.value)).toEqual(truth.slice(0, MAX_BARS));
    expect(new Set(s.bars.map((b) => b.label)).size).toBe(s.bars.length); // namesakes told apart
    if (truth.length > MAX_BARS) expect(s.notes.join()).toContain(`图中列出前 ${MAX_BARS} 个`);
    expect(s.source).toContain('2022年度政府信息公开工作年度报告');
  });

  it("draws one office's years in order, from each year's report", async () => {
    // An office the store holds under a name no other office has, in at least two years.
    const offices = store.listOffices();
    const office = offices.find(
      (o) =>
        offices.filter((x) => x.name === o.name).length === 1 && store.currentReports({ officeId: o.id }).length >= 2,
    )!;
    expect(office).toBeDefined();
    const reports = store.currentReports({ officeId: office.id }).sort((a, b) => a.year - b.year);
    const s = await spec(`${office.name} 行政复议`);
    expect(s.kind).toBe('series');
    expect(s.bars.map((b) => b.label)).toEqual(reports.map((r) => `${r.year}年`));
    expect(s.bars.map((b) => b.value)).toEqual(
      reports.map((r) => truthOfFile.get(r.sourceFile)!.facts['review.total']),
    );
  });

  it('two named offices: those two side by side, and pinyin metric words', async () => {
    const offices = store.listOffices();
    const unique = offices.filter(
      (o) =>
        offices.filter((x) => x.name === o.name).length === 1 &&
        store.currentReports({ officeId: o.id, year: 2022 }).length === 1,
    );
    const [a, b] = unique;
    const s = await spec(`${a.name}和${b.name} xingzheng fuyi 2022`);
    expect(s.bars.map((x) => x.label).sort()).toEqual([a.name, b.name].sort());
    for (const bar of s.bars) {
      const o = bar.label === a.name ? a : b;
      const [r] = store.currentReports({ officeId: o.id, year: 2022 });
      expect(bar.value).toBe(truthOfFile.get(r.sourceFile)!.facts['review.total']);
    }
  });

  it('refuses an office the store does not hold, naming the nearest, and words that name no metric', async () => {
    const unknown = await planChart(store, '桃花源街道 收到申请');
    expect(unknown).toMatchObject({ error: expect.stringContaining('没有找到“桃花源街道') });
    expect(await planChart(store, '今天天气')).toMatchObject({
      error: expect.stringContaining('没有看懂要画哪个指标'),
    });
    expect(await planChart(store, '收到申请 1999')).toMatchObject({ error: expect.stringContaining('没有') });
  });
});

describe('chart PNG', () => {
  it('the CJK font comes from the installed npm package', () => {
    expect(existsSync(chartFontFile())).toBe(true);
  });

  it('renders a ranking and a series to PNG on the server, with the title and source in the picture', async () => {
    const rank = await spec('收到申请 2022');
    const svg = chartSvg(rank);
    expect(svg).toContain(rank.title);
    expect(svg).toContain('数据来源');
    const png = renderChartPng(rank);
    const size = pngSize(png);
    expect(size.width).toBe(960);
    expect(size.height).toBe(Math.max(320, 150 + rank.bars.length * 30));
    expect(png.length).toBeGreaterThan(20_000);
    writeFileSync(path.join(outDir, 'rank.png'), png);

    const office = store.listOffices().find((o) => store.currentReports({ officeId: o.id }).length >= 3)!;
    const series = renderChartPng(await spec(`${office.name} 收到申请`));
    expect(pngSize(series).width).toBe(960);
    writeFileSync(path.join(outDir, 'series.png'), series);
  });

  it('图表 in the chat answers with the PNG and the lines under it', async () => {
    const cmds = supervisorCommands({ store });
    const r = await cmds.chart('收到申请 2022', { name: '督办', isAdmin: false });
    expect(r.kind).toBe('chart');
    expect(r.file!.name).toMatch(/\.png$/);
    expect(pngSize(r.file!.data).width).toBe(960);
    expect(r.text.split('\n')[0]).toBe('2022年度各单位新收政府信息公开申请排名（单位：件）');
    expect((await cmds.chart('桃花源街道 收到申请', { name: '督办', isAdmin: false })).file).toBeUndefined();
  });
});
