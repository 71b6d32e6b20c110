// The workbook on real reports: 洪泽区's 2023 and 2024 PDFs (../shared/realworld),
// extracted, parsed and stored as ingest does, then exported for 2024. Year over year:
// 本年新收申请 21 (2023, table 三) → 95 (2024, table 三). The 2023 table 四 prints 总计 0
// beside 结果维持 10 and 结果纠正 1: the number stays as printed and the sheet says the
// check contradicts it.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorkbook, collectExport, factHeader, SHEET_NAMES } from '../src/export/index.js';
import { ingestPaths } from '../src/ingest/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { sharedFile } from './support/shared.js';

const REAL = ['201_huaian_hongzequ_2023.pdf', '202_huaian_hongzequ_2024.pdf'].map((f) => sharedFile(`realworld/${f}`));
const FILES = REAL.map((r) => r.file);
const present = REAL.every((r) => r.present);
const title = `洪泽区 2023 → 2024 (real PDFs)${REAL.find((r) => !r.present)?.skipped ?? ''}`;

describe.skipIf(!present)(title, () => {
  let dir: string;
  let store: Store;
  let wb: ExcelJS.Workbook;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-export-real-'));
    store = openStore(path.join(dir, 'data'));
    const results = await ingestPaths(FILES, { store });
    expect(results.map((r) => r.status)).toEqual(['added', 'added']);
    wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      (await buildWorkbook(await collectExport(store, { year: 2024 }), null)) as unknown as ArrayBuffer,
    );
  }, 120_000);
  afterAll(() => {
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const yoyRow = (header: string) => {
    const sheet = wb.getWorksheet(SHEET_NAMES.yoy)!;
    // Column n holds head[n - 1].
    const head = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    let found: Record<string, unknown> | null = null;
    sheet.eachRow((row, n) => {
      if (n > 1 && row.getCell(head.indexOf('指标') + 1).value === header)
        found = Object.fromEntries(head.map((h, i) => [h, row.getCell(i + 1).value]));
    });
    return found as Record<string, unknown> | null;
  };

  it('applications received: 21 in 2023, 95 in 2024, +74', () => {
    expect(yoyRow(factHeader('apply.received.total'))).toMatchObject({ '2023年': 21, '2024年': 95, 增减: 74 });
  });

  it('行政复议 总计: 0 as the 2023 report prints it, flagged by its check; 2 in 2024', () => {
    const row = yoyRow(factHeader('review.total'))!;
    expect(row).toMatchObject({ '2023年': 0, '2024年': 2 });
    expect(String(row['说明'])).toMatch(/^2023年：核查错误：/);
  });

  it('the 2024 sheet holds the 2024 table: 95 received, 2 reviews', () => {
    const sheet = wb.getWorksheet(SHEET_NAMES.facts)!;
    const head = (sheet.getRow(1).values as unknown[]).map(String);
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(head.indexOf(factHeader('apply.received.total'))).value).toBe(95);
    expect(sheet.getRow(2).getCell(head.indexOf(factHeader('review.total'))).value).toBe(2);
  });
});
