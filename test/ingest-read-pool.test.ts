// Ingest on reading threads (src/ingest/read-pool.ts: extract and parse off the main
// thread) gives exactly what ingest in the main thread gives: the same result for every
// file, in the same order, and the same stored reports, for every kind of file and every
// way one can fail. Truth: the same ingest with no threads, and the files' own kinds.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractError, extractBuffer } from '../src/extract/index.js';
import { ingestPaths, type IngestResult } from '../src/ingest/index.js';
import { ReadPool, readThreadsFor } from '../src/ingest/read-pool.js';
import { parseReport } from '../src/parse/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { generateCorpus, randomReport } from '../tools/synth/index.js';
import { reportBlocks } from '../tools/synth/render.js';
import { reportDocx } from './support/report-docx.js';
import { reportPdf } from './support/report-pdf.js';

const CORPUS = path.resolve(__dirname, '../corpus/2020');

let tmp: string;
let folder: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-pool-'));
  folder = path.join(tmp, 'in');
  mkdirSync(path.join(folder, 'synthetic'), { recursive: true });
  // Every text layout (plain, tabbed, piped, HTML …) of the generator.
  const items = [...generateCorpus(90, 515)];
  for (const item of items) writeFileSync(path.join(folder, 'synthetic', item.name), item.text);
  // A manifest supplies each file's region, and the first files' year (what the parse is told).
  const rows = items.map((it, i) => `${it.name},${it.truth.region},${i < 3 ? 2018 : ''}`);
  writeFileSync(path.join(folder, 'synthetic', 'nianbao.csv'), ['file,region,year', ...rows].join('\n'));
  // The bundled reports, twice (the second copy is unchanged), a PDF and a Word report.
  for (const f of readdirSync(CORPUS)) {
    copyFileSync(path.join(CORPUS, f), path.join(folder, `a-${f}`));
    copyFileSync(path.join(CORPUS, f), path.join(folder, `b-${f}`));
  }
  writeFileSync(path.join(folder, 'c-report.pdf'), await reportPdf(reportBlocks(randomReport(71, '2021'))));
  writeFileSync(path.join(folder, 'c-report.docx'), await reportDocx(reportBlocks(randomReport(72, '2019'))));
  // And ways to fail: empty, not a report, a broken PDF.
  writeFileSync(path.join(folder, 'd-empty.txt'), '');
  writeFileSync(path.join(folder, 'd-note.txt'), '会议通知：请各单位于下周一上午九点参加政务公开工作会议。');
  writeFileSync(path.join(folder, 'd-broken.pdf'), Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer'));
}, 120_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function ingestWith(readThreads: number): Promise<{ results: IngestResult[]; store: Store }> {
  const store = openStore(path.join(tmp, `data-${readThreads}`));
  const results = await ingestPaths([folder], { store, readThreads });
  return { results, store };
}

const stored = (store: Store) =>
  store.currentReports().map((r) => {
    const full = store.getReport(r.id)!;
    return { office: r.officeName, year: r.year, file: r.sourceFile, facts: full.facts, findings: full.findings };
  });

describe('ingest on two reading threads, beside ingest in the main thread', () => {
  it('gives every file the same result, in the same order, and stores the same reports', async () => {
    const here = await ingestWith(0);
    const threaded = await ingestWith(2);
    try {
      expect(threaded.results).toEqual(here.results);
      expect(stored(threaded.store)).toEqual(stored(here.store));
      // The run covered what it claims to: new reports, unchanged copies and each kind of failure.
      const statuses = new Set(here.results.map((r) => r.status));
      expect([...statuses]).toEqual(expect.arrayContaining(['added', 'failed', 'unchanged']));
      const failed = here.results.filter((r) => r.status === 'failed').map((r) => path.basename(r.file));
      expect(failed.sort()).toEqual(['d-broken.pdf', 'd-empty.txt', 'd-note.txt']);
      expect(here.results.find((r) => r.file.endsWith('c-report.pdf'))!.status).toBe('added');
      expect(here.results.filter((r) => r.year === 2018)).toHaveLength(3);
      expect(here.results.find((r) => r.file.endsWith('c-report.docx'))!.status).toBe('added');
    } finally {
      here.store.close();
      threaded.store.close();
    }
  }, 180_000);
});

describe('ReadPool', () => {
  it('gives back an extract error as the same ExtractError the main thread throws', async () => {
    const pool = ReadPool.start(1);
    try {
      const broken = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer');
      const here = await extractBuffer(broken, 'x.pdf').catch((e: unknown) => e);
      const there = await pool.extract(broken, 'x.pdf').catch((e: unknown) => e);
      expect(here).toBeInstanceOf(ExtractError);
      expect(there).toBeInstanceOf(ExtractError);
      expect({ ...(there as ExtractError), message: (there as Error).message }).toEqual({
        ...(here as ExtractError),
        message: (here as Error).message,
      });
    } finally {
      await pool.close();
    }
  });

  it('reads in the main thread, the same way, when its threads cannot start', async () => {
    const bad = path.join(tmp, 'bad-worker.mjs');
    writeFileSync(bad, "throw new Error('cannot load');\n");
    const pool = ReadPool.start(2, pathToFileURL(bad));
    try {
      const text = readFileSync(path.join(CORPUS, readdirSync(CORPUS)[0]), 'utf8');
      const extracted = await pool.extract(Buffer.from(text), 'r.txt');
      expect(extracted).toEqual(await extractBuffer(Buffer.from(text), 'r.txt'));
      expect(await pool.parse(extracted.text, { file: 'r.txt' })).toEqual(
        parseReport(extracted.text, { file: 'r.txt' }),
      );
      expect(pool.failedToStart).toContain('cannot load');
    } finally {
      await pool.close();
    }
  });

  it('starts threads only for ingests big enough to repay them', () => {
    expect(readThreadsFor(5)).toBe(0);
    expect(readThreadsFor(5, 2)).toBe(2);
    expect(readThreadsFor(10_000, 0)).toBe(0);
    expect(readThreadsFor(10_000)).toBe(Math.min(4, os.availableParallelism() - 1));
  });
});
