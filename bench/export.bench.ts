// The supervisor's outputs at scale: 导出 of 1,000 offices (collect from the store +
// build the .xlsx), beside a reference — the same cells joined as CSV text — and a
// ranking chart of those offices rendered to PNG. The workbook is read back and its
// received-applications column checked against the generator's truth.
import ExcelJS from 'exceljs';
import {
  buildWorkbook,
  collectExport,
  factHeader,
  planChart,
  renderChartPng,
  SHEET_NAMES,
} from '../src/export/index.js';
import { parseReport } from '../src/parse/index.js';
import { openStore } from '../src/store/index.js';
import { generateCorpus } from '../tools/synth/index.js';
import { measure, target, type BenchResult } from './lib.js';

export const name = 'export';

const OFFICES = 1000;
const YEAR = 2022;
const SEED = 20230331;

export async function run(): Promise<BenchResult[]> {
  const store = openStore(':memory:');
  const truth = new Map<string, number>();
  // One year only: every report is another office's.
  for (const item of generateCorpus(OFFICES, SEED, { years: [YEAR], layouts: ['tab', 'pipe', 'cell-per-line'] })) {
    store.saveReport({ parsed: parseReport(item.text, { file: item.name }), text: item.text, sourceFile: item.name });
    truth.set(item.name, item.truth.facts['apply.received.total']);
  }
  try {
    let buffer: Buffer = Buffer.alloc(0);
    const exportTime = await measure(
      async () => {
        buffer = await buildWorkbook(await collectExport(store, { year: YEAR }), null);
      },
      { warmup: 1, repeats: 3 },
    );
    // Reference: the same cells as CSV, no workbook library.
    const reference = await measure(
      async () => {
        const data = await collectExport(store, { year: YEAR });
        const lines = data.reports.map((r) =>
          [r.office.name, r.office.region ?? '', ...data.factIds.map((id) => r.facts[id] ?? '')].join(','),
        );
        return lines.join('\n').length;
      },
      { warmup: 1, repeats: 3 },
    );

    // Read back: every office's row, its received total equal to the truth of its file.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet(SHEET_NAMES.facts)!;
    const head = (sheet.getRow(1).values as unknown[]).map(String);
    const fileCol = head.indexOf('报告文件');
    const col = head.indexOf(factHeader('apply.received.total'));
    let rows = 0;
    let wrong = 0;
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      rows++;
      if (row.getCell(col).value !== truth.get(String(row.getCell(fileCol).value))) wrong++;
    });

    const spec = await planChart(store, `收到申请 ${YEAR}`);
    if ('error' in spec) throw new Error(spec.error);
    const chart = await measure(() => renderChartPng(spec), { warmup: 1, repeats: 3 });

    const ms = exportTime.p50;
    return [
      {
        bench: name,
        metric: `export ${OFFICES} offices (collect + .xlsx)`,
        value: ms,
        unit: 'ms',
        target: target(ms, '<=', 10_000),
        note: `${(buffer.length / 1e6).toFixed(1)} MB; reference CSV of the same cells ${reference.p50.toFixed(0)} ms (${(ms / reference.p50).toFixed(1)}×)`,
      },
      {
        bench: name,
        metric: 'workbook rows read back',
        value: rows,
        unit: 'rows',
        target: target(rows, '>=', OFFICES),
      },
      {
        bench: name,
        metric: 'received totals differing from the truth',
        value: wrong,
        unit: 'count',
        target: target(wrong, '<=', 0),
      },
      {
        bench: name,
        metric: `ranking chart of ${OFFICES} offices → PNG`,
        value: chart.p50,
        unit: 'ms',
        target: target(chart.p50, '<=', 2_000),
        note: 'ECharts SSR SVG → resvg, Noto Sans CJK',
      },
    ];
  } finally {
    store.close();
  }
}
