// `nianbao export` and `nianbao chart` over a data folder holding the bundled reports:
// the file is written and read back (a region keeps only its offices, an approximate
// value keeps its number and says so), and bad input is refused with a reason.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChart } from '../src/cli/chart-command.js';
import { runExport, type CliIO } from '../src/cli/export-command.js';
import { factHeader, SHEET_NAMES } from '../src/export/index.js';
import { ensureCorpus } from '../src/ingest/index.js';
import { openStore } from '../src/store/index.js';

let dir: string;
const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l) };
  return { out, err, cli };
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-export-cli-'));
  const store = openStore(path.join(dir, 'data'));
  await ensureCorpus(store);
  store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sheetRows(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet(SHEET_NAMES.facts)!;
  const head = (sheet.getRow(1).values as unknown[]).map(String);
  const rows: ExcelJS.Row[] = [];
  sheet.eachRow((r, n) => void (n > 1 && rows.push(r)));
  return { head, rows };
}

describe('nianbao export', () => {
  it('writes the workbook of a region: only its offices, 只楚 with its 4 applications', async () => {
    const out = path.join(dir, '芝罘.xlsx');
    const { out: said, cli } = io();
    expect(await runExport({ data: path.join(dir, 'data'), year: '2020', region: '芝罘', out }, cli)).toBe(0);
    expect(said.join()).toContain('1 个单位');
    const { head, rows } = await sheetRows(out);
    expect(rows.map((r) => r.getCell(1).value)).toEqual(['芝罘区只楚街道办事处']);
    expect(rows[0].getCell(head.indexOf(factHeader('apply.received.total'))).value).toBe(4);
    // "主动公开政府信息 180 余条" (line 13 of the report): 180, noted as approximate.
    const items = rows[0].getCell(head.indexOf(factHeader('active.items')));
    expect(items.value).toBe(180);
    expect(String(items.note)).toContain('约数');
  });

  it('refuses a malformed year and a year with no reports, writing nothing', async () => {
    const bad = io();
    expect(await runExport({ data: path.join(dir, 'data'), year: '20', out: path.join(dir, 'x.xlsx') }, bad.cli)).toBe(
      2,
    );
    expect(bad.err.join()).toContain('--year 应为四位年份');
    const none = io();
    expect(
      await runExport({ data: path.join(dir, 'data'), year: '2015', out: path.join(dir, 'y.xlsx') }, none.cli),
    ).toBe(1);
    expect(none.err.join()).toContain('2015 年度年报可导出');
    expect(existsSync(path.join(dir, 'x.xlsx')) || existsSync(path.join(dir, 'y.xlsx'))).toBe(false);
  });
});

describe('nianbao chart', () => {
  it('writes the PNG, named in Chinese when no --out is given', async () => {
    const { out, cli } = io();
    expect(await runChart('行政复议 2020 洛阳', { data: path.join(dir, 'data'), cwd: dir }, cli)).toBe(0);
    expect(out[0]).toBe('2020年度洛阳各单位行政复议排名（单位：件）');
    const file = path.join(dir, '2020年度洛阳行政复议排名.png');
    expect(readFileSync(file).subarray(1, 4).toString('ascii')).toBe('PNG');
  });

  it('refuses an office the store does not hold', async () => {
    const { err, cli } = io();
    expect(await runChart('城东街道 收到申请', { data: path.join(dir, 'data'), cwd: dir }, cli)).toBe(1);
    expect(err[0]).toContain('没有找到“城东街道”的年报。最接近的：城郊街道');
  });
});
