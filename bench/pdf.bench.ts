// PDF reading throughput: pages per second through extract → parse on one thread,
// beside the reference of pdf.js's text layer alone over the same pages (the least
// any reader of a PDF's text must do). The PDFs are synthetic reports printed by
// pdfkit (test/support/report-pdf.ts: ruled tables, merged cells, page breaks), whose
// facts are checked against the generator's truth, and the real reports in ../shared
// when it is there (left out, with the reason printed, when it is not).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { extractBuffer } from '../src/extract/index.js';
import { parseReport } from '../src/parse/index.js';
import { randomReport, type ReportSpec } from '../tools/synth/index.js';
import { reportBlocks } from '../tools/synth/render.js';
import { reportPdf } from '../test/support/report-pdf.js';
import { sharedFile } from '../test/support/shared.js';
import { target, type BenchResult } from './lib.js';

export const name = 'pdf';

const SYNTHETIC = 8;
const ROUNDS = 3;
const PAGES_PER_S = 20;
const REAL = [
  'samples/huaian-2024.pdf',
  'realworld/201_huaian_hongzequ_2023.pdf',
  'realworld/202_huaian_hongzequ_2024.pdf',
];

const spec = (seed: number): ReportSpec =>
  randomReport(seed, seed % 3 === 0 ? '2019' : '2021', seed % 2 === 0 ? 'busy' : 'quiet');

/** pdf.js's text items of every page, nothing more: the reference. */
async function textLayerOnly(buf: Buffer): Promise<number> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({
    data: new Uint8Array(buf),
    verbosity: 0,
    disableFontFace: true,
    useSystemFonts: false,
  }).promise;
  let items = 0;
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    items += (await page.getTextContent()).items.length;
    page.cleanup();
  }
  await doc.destroy();
  return items;
}

/** Median of ROUNDS runs of fn, in ms (after one run to warm up). */
async function medianMs(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const runs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    await fn();
    runs.push(performance.now() - t0);
  }
  return runs.sort((a, b) => a - b)[ROUNDS >> 1];
}

interface Measured {
  pages: number;
  readMs: number;
  referenceMs: number;
}

async function measurePdf(buf: Buffer, file: string): Promise<Measured & { parsed: ReturnType<typeof parseReport> }> {
  const { text, pages = 0 } = await extractBuffer(buf, file);
  const parsed = parseReport(text, { file });
  const readMs = await medianMs(async () => parseReport((await extractBuffer(buf, file)).text, { file }));
  const referenceMs = await medianMs(() => textLayerOnly(buf));
  return { pages, readMs, referenceMs, parsed };
}

function rows(label: string, all: Measured[], note: string): BenchResult[] {
  const pages = all.reduce((s, m) => s + m.pages, 0);
  const readS = all.reduce((s, m) => s + m.readMs, 0) / 1000;
  const refS = all.reduce((s, m) => s + m.referenceMs, 0) / 1000;
  const rate = pages / readS;
  return [
    {
      bench: name,
      metric: `PDF extract + parse, ${label}`,
      value: Math.round(rate * 10) / 10,
      unit: 'pages/s',
      target: target(rate, '>=', PAGES_PER_S),
      note: `${all.length} PDFs, ${pages} pages, one thread; ${note}`,
    },
    {
      bench: name,
      metric: `pdf.js text layer alone, ${label} (reference)`,
      value: Math.round((pages / refS) * 10) / 10,
      unit: 'pages/s',
      note: `extract + parse takes ${(readS / refS).toFixed(1)}× the reference (layout, rulings, table cells, parse)`,
    },
  ];
}

export async function run(): Promise<BenchResult[]> {
  const synthetic: Measured[] = [];
  let wrong = 0;
  for (let i = 0; i < SYNTHETIC; i++) {
    const s = spec(4100 + i);
    const buf = await reportPdf(reportBlocks(s));
    const m = await measurePdf(buf, `synthetic-${i}.pdf`);
    synthetic.push(m);
    for (const [id, value] of Object.entries(s.facts))
      if (m.parsed.facts[id as keyof typeof m.parsed.facts] !== value) wrong++;
    if (m.parsed.office !== s.office || m.parsed.year !== s.year) wrong++;
  }
  const out = rows('synthetic reports', synthetic, `${wrong} facts, offices or years not the generator's truth`);
  out.push({
    bench: name,
    metric: 'synthetic PDFs: facts not the truth',
    value: wrong,
    unit: 'count',
    target: target(wrong, '<=', 0),
  });

  const real: Measured[] = [];
  const absent: string[] = [];
  for (const relative of REAL) {
    const shared = sharedFile(relative, 'the real report PDFs');
    if (!shared.present) {
      absent.push(relative);
      continue;
    }
    real.push(await measurePdf(readFileSync(shared.file), path.basename(shared.file)));
  }
  if (real.length)
    out.push(...rows('real reports (../shared)', real, REAL.filter((r) => !absent.includes(r)).join(', ')));
  else
    console.error(
      `  pdf: the real reports are left out: ${absent.join(', ')} absent (../shared is not beside the clone)`,
    );
  return out;
}
