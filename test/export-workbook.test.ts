// The supervisor's workbook, read back with exceljs: every office's numbers are the
// numbers its report says (the generator's truth for synthetic reports, and the bundled
// 只楚 report's own table), blanks are blank, the header is frozen and filtered, and
// filing status and year-over-year changes are right for dates worked out by hand.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectExport,
  buildWorkbook,
  factHeader,
  filingStatus,
  LEAD_HEADERS,
  SHEET_NAMES,
} from '../src/export/index.js';
import { supervisorCommands } from '../src/bot/export-commands.js';
import { ensureCorpus } from '../src/ingest/index.js';
import { parseReport } from '../src/parse/index.js';
import { remindSectionSchema, type RemindConfig } from '../src/remind/config.js';
import { FACTS } from '../src/catalogue/facts.js';
import { openStore, type Store } from '../src/store/index.js';
import { normalizeOfficeName } from '../src/store/identity.js';
import { generateCorpus, type CorpusTruth } from '../tools/synth/index.js';

let store: Store;
const truths: CorpusTruth[] = [];
/** The generator's truth of each file, by its name. */
const truthOfFile = new Map<string, CorpusTruth>();

beforeAll(() => {
  store = openStore(':memory:');
  // Two report years, so that year-over-year changes exist for the offices that filed both.
  for (const item of generateCorpus(60, 11, { years: [2021, 2022], layouts: ['pipe', 'tab', 'cell-per-line'] })) {
    const parsed = parseReport(item.text, { file: item.name });
    store.saveReport({ parsed, text: item.text, sourceFile: item.name });
    truths.push(item.truth);
    truthOfFile.set(item.name, item.truth);
  }
});
afterAll(() => store.close());

async function readBack(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

/** A sheet's rows as objects keyed by the header row. */
function rowsOf(sheet: ExcelJS.Worksheet): Record<string, ExcelJS.CellValue>[] {
  const head = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
  const out: Record<string, ExcelJS.CellValue>[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = row.values as ExcelJS.CellValue[];
    out.push(Object.fromEntries(head.map((h, i) => [h, values[i + 1] ?? null])));
  });
  return out;
}

describe('export workbook: every office × every fact', () => {
  it('holds, for every office of the year, exactly the numbers of its report; blanks blank; numbers as numbers', async () => {
    const year = 2022;
    const data = await collectExport(store, { year });
    const wb = await readBack(await buildWorkbook(data, null));
    const sheet = wb.getWorksheet(SHEET_NAMES.facts)!;
    const rows = rowsOf(sheet);
    const want = truths.filter((t) => t.year === year);
    expect(rows.length).toBe(want.length);
    expect(want.length).toBeGreaterThan(10);
    // Every report of the year, once.
    expect(new Set(rows.map((r) => r['报告文件'])).size).toBe(want.length);

    const headers = (sheet.getRow(1).values as string[]).slice(1);
    expect(headers.slice(0, LEAD_HEADERS.length)).toEqual([...LEAD_HEADERS]);
    expect(new Set(headers).size).toBe(headers.length); // every fact under its own header
    // Template order: the catalogue's order of the spec's ids.
    const order = FACTS.map((f) => factHeader(f.id));
    const factHeaders = headers.slice(LEAD_HEADERS.length);
    expect([...factHeaders].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(factHeaders);

    let checked = 0;
    for (const row of rows) {
      // The row names its file: what the generator wrote into that file is the truth.
      const t = truthOfFile.get(String(row['报告文件']))!;
      expect(t, String(row['报告文件'])).toBeDefined();
      expect(t.year).toBe(year);
      expect(normalizeOfficeName(t.office, t.region)).toBe(normalizeOfficeName(String(row['单位']), t.region));
      expect(row['年度']).toBe(year);
      expect(row['格式']).toBe(t.format);
      for (const f of FACTS) {
        const h = factHeader(f.id);
        if (!factHeaders.includes(h)) continue;
        const cell = row[h];
        if (f.id in t.facts && t.facts[f.id] !== null) {
          expect(cell, `${t.office} ${f.id}`).toBe(t.facts[f.id]);
          expect(typeof cell).toBe('number');
          checked++;
        } else {
          // Another format's cell, or a blank: blank, never 0.
          expect(cell, `${t.office} ${f.id}`).toBeNull();
        }
      }
    }
    expect(checked).toBeGreaterThan(want.length * 50);
  });

  it('has a frozen header and filters on every sheet', async () => {
    const wb = await readBack(await buildWorkbook(await collectExport(store, { year: 2022 }), null));
    for (const name of Object.values(SHEET_NAMES)) {
      const sheet = wb.getWorksheet(name)!;
      expect(sheet, name).toBeDefined();
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.autoFilter, name).toBeTruthy();
    }
  });

  it('year over year: each office that filed both years, with both values and the change', async () => {
    const wb = await readBack(await buildWorkbook(await collectExport(store, { year: 2022 }), null));
    const rows = rowsOf(wb.getWorksheet(SHEET_NAMES.yoy)!).filter(
      (r) => r['指标'] === factHeader('apply.received.total'),
    );
    // Offices the store holds both years for: every one has its row (received is never blank here).
    const both = store
      .listOffices()
      .filter((o) => [2021, 2022].every((year) => store.currentReports({ officeId: o.id, year }).length === 1));
    expect(both.length).toBeGreaterThan(0);
    expect(rows.length).toBe(both.length);
    for (const r of rows) {
      // This year's file names the office; the store's report of that office a year earlier, its truth.
      const now = truthOfFile.get(String(r['报告文件']))!;
      const officeId = store.currentReports({ year: 2022 }).find((x) => x.sourceFile === r['报告文件'])!.officeId;
      const before = truthOfFile.get(store.currentReports({ officeId, year: 2021 })[0].sourceFile)!;
      expect(normalizeOfficeName(before.office, before.region)).toBe(normalizeOfficeName(now.office, now.region));
      expect(r['2021年']).toBe(before.facts['apply.received.total']);
      expect(r['2022年']).toBe(now.facts['apply.received.total']);
      expect(r['增减']).toBe(now.facts['apply.received.total'] - before.facts['apply.received.total']);
    }
  });

  it('a region keeps only its offices', async () => {
    const region = truths[0].region;
    const words = region.match(/[\u4e00-\u9fa5]+?(?:省|自治区)/)?.[0] ?? region;
    const year = truths[0].year;
    const data = await collectExport(store, { year, region: words });
    const want = truths.filter((t) => t.year === year && t.region.includes(words));
    expect(data.reports.length).toBe(want.length);
    for (const r of data.reports) expect(truthOfFile.get(r.sourceFile)!.region).toContain(words);
  });
});

describe('export workbook: the bundled reports', () => {
  let corpus: Store;
  beforeAll(async () => {
    corpus = openStore(':memory:');
    await ensureCorpus(corpus);
  });
  afterAll(() => corpus.close());

  // Registry and dates as in examples/nianbao.yaml: 街道 are due 1月31日 (条例 第四十九条),
  // 城关镇 (乡镇 in 河南省洛阳市) 1月15日 by the region rule; 前进街道 is registered and never filed.
  const config = (): RemindConfig => ({
    reminders: remindSectionSchema.parse({
      deadlines: { byRegion: [{ region: '河南省洛阳市', kind: '乡镇', deadline: '01-15' }] },
    }),
    offices: [
      {
        name: '芝罘区只楚街道办事处',
        region: '山东省烟台市芝罘区',
        kind: '街道',
        room: 'r1',
        mention: [],
        aliases: [],
        paused: false,
      },
      {
        name: '城关镇人民政府',
        region: '河南省洛阳市',
        kind: '乡镇',
        room: 'r2',
        mention: [],
        aliases: [],
        paused: false,
      },
      {
        name: '前进街道办事处',
        region: '山东省烟台市芝罘区',
        kind: '街道',
        room: 'r3',
        mention: [],
        aliases: [],
        paused: false,
      },
    ] as RemindConfig['offices'],
  });

  it('只楚 2020: 4 applications received, 3 granted (table 三 of its report), and its checks', async () => {
    const data = await collectExport(corpus, { year: 2020 });
    const wb = await readBack(await buildWorkbook(data, null));
    const row = rowsOf(wb.getWorksheet(SHEET_NAMES.facts)!).find((r) => r['单位'] === '芝罘区只楚街道办事处')!;
    expect(row[factHeader('apply.received.total')]).toBe(4);
    expect(row[factHeader('apply.granted.total')]).toBe(3);
    const findings = rowsOf(wb.getWorksheet(SHEET_NAMES.findings)!);
    const want = data.reports.reduce((n, r) => n + r.findings.length, 0);
    expect(findings.length).toBe(want);
    for (const f of findings) expect(String(f['问题'])).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('filing status: filed, days past and to the deadline, from the registry', async () => {
    // 2021-01-20 (Asia/Shanghai): 城关镇 was due 01-15, 5 days ago, but filed; 前进街道 has 11 days left.
    const now = new Date('2021-01-20T09:00:00+08:00');
    const status = await filingStatus({ config: config(), store: corpus, year: 2020, now });
    const wb = await readBack(await buildWorkbook(await collectExport(corpus, { year: 2020 }), status));
    const rows = rowsOf(wb.getWorksheet(SHEET_NAMES.filing)!).filter((r) => r['是否报送']);
    const by = (n: string) => rows.find((r) => r['单位'] === n)!;
    expect(by('芝罘区只楚街道办事处')).toMatchObject({
      是否报送: '已报送',
      截止日期: '2021年1月31日',
      距截止天数: null,
    });
    expect(by('城关镇人民政府')).toMatchObject({ 是否报送: '已报送', 截止日期: '2021年1月15日' });
    expect(by('前进街道办事处')).toMatchObject({ 是否报送: '未报送', 距截止天数: 11 });

    // 2021-02-03: 前进街道 is 3 days past its deadline.
    const late = await filingStatus({
      config: config(),
      store: corpus,
      year: 2020,
      now: new Date('2021-02-03T09:00:00+08:00'),
    });
    expect(late.offices.find((o) => o.office === '前进街道办事处')!.daysLeft).toBe(-3);
  });

  it('the 导出 command answers with the workbook and 报送情况 with the overdue office first', async () => {
    const cmds = supervisorCommands({
      store: corpus,
      remind: { config: config() },
      now: () => new Date('2021-02-03T09:00:00+08:00'),
    });
    const who = { name: '督办', isAdmin: true };
    const exported = await cmds.export('2020', who);
    expect(exported.file?.name).toMatch(/\.xlsx$/);
    const wb = await readBack(exported.file!.data);
    expect(rowsOf(wb.getWorksheet(SHEET_NAMES.facts)!).length).toBe(5);
    expect(exported.text).toContain('5 个单位');

    const text = (await cmds.filing('2020', who)).text;
    expect(text).toContain('应报送 3 家，已报送 2 家');
    expect(text).toMatch(/已逾期未报送 1 家】\n· 前进街道办事处：截止1月31日，已逾期 3 天/);
    expect((await cmds.export('1999', who)).file).toBeUndefined();

    // One place: 芝罘区's two registered offices (只楚 filed, 前进 3 days overdue).
    const zhifu = (await cmds.filing('2020 芝罘区', who)).text;
    expect(zhifu).toContain('应报送 2 家，已报送 1 家（50%），未报送 1 家，其中已逾期 1 家。');
    expect((await cmds.filing('2020 怎么样', who)).text).toContain('没有“怎么样”的单位');
  });
});
