// Ingest stores reports in batches (many saves, one commit): another connection sees
// them once the batch commits, a report that fails inside a batch rolls back alone,
// and nothing saved in a batch is lost when the store closes with it open.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { WriteBatcher } from '../src/ingest/batch.js';
import type { ParsedReport } from '../src/parse/types.js';
import { openStore } from '../src/store/index.js';
import { connectionOf } from '../src/store/testing.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-batch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small hand-built 2021-format parse result of one office and year. */
function report(office: string, year: number, received: number): ParsedReport {
  return {
    office,
    year,
    format: '2021',
    facts: { 'apply.received.total': received, 'apply.received.natural': received },
    approximate: [],
    findings: [],
    region: '河南省洛阳市西工区',
    kind: '街道',
    aliases: [office],
    date: null,
    incomplete: false,
    units: {},
    provenance: { 'apply.received.total': { line: 3, cell: String(received) } },
  } as unknown as ParsedReport;
}

it('saves in a batch are seen by another connection only after the commit', () => {
  const data = path.join(dir, 'a');
  const store = openStore(data);
  const other = openStore(data);
  store.beginBatch();
  store.saveReport({ parsed: report('洛北街道办事处', 2020, 4), text: '洛北 2020', sourceFile: 'a.txt' });
  store.saveReport({ parsed: report('城郊街道办事处', 2020, 7), text: '城郊 2020', sourceFile: 'b.txt' });
  expect(store.counts().reports).toBe(2);
  expect(other.counts().reports).toBe(0);
  store.commitBatch();
  expect(other.counts().reports).toBe(2);
  other.close();
  store.close();
});

it('a report that fails inside a batch rolls back alone', () => {
  const store = openStore(path.join(dir, 'b'));
  store.beginBatch();
  store.saveReport({ parsed: report('洛北街道办事处', 2020, 4), text: '洛北 2020', sourceFile: 'a.txt' });
  const bad = { ...report('城郊街道办事处', 2020, 7), facts: { 'no.such.fact': 1 } } as unknown as ParsedReport;
  expect(() => store.saveReport({ parsed: bad, text: '城郊 2020', sourceFile: 'b.txt' })).toThrow();
  store.saveReport({ parsed: report('胜利街街道办事处', 2020, 2), text: '胜利街 2020', sourceFile: 'c.txt' });
  store.commitBatch();
  expect(
    store
      .currentReports()
      .map((r) => r.officeName)
      .sort(),
  ).toEqual(['洛北街道办事处', '胜利街街道办事处'].sort());
  store.close();
});

it('nested batches commit once, at the outermost; closing keeps an open batch', () => {
  const data = path.join(dir, 'c');
  const store = openStore(data);
  store.beginBatch();
  store.beginBatch();
  store.saveReport({ parsed: report('洛北街道办事处', 2021, 5), text: '洛北 2021', sourceFile: 'a.txt' });
  store.commitBatch();
  expect(connectionOf(store).inTransaction).toBe(true);
  store.close();
  const again = openStore(data);
  expect(again.counts().reports).toBe(1);
  again.close();
});

it('the batcher commits when a batch is full', async () => {
  const data = path.join(dir, 'd');
  const store = openStore(data);
  const other = openStore(data);
  const batch = new WriteBatcher(store, { reports: 2, ms: 60_000 });
  for (const [i, office] of ['洛北街道办事处', '城郊街道办事处', '胜利街街道办事处'].entries()) {
    await batch.write();
    store.saveReport({ parsed: report(office, 2020, i + 1), text: `${office} 2020`, sourceFile: `${i}.txt` });
    await batch.written();
  }
  // Two committed by the full batch; the third waits for end().
  expect(other.counts().reports).toBe(2);
  await batch.end();
  expect(other.counts().reports).toBe(3);
  other.close();
  store.close();
});

it('keeps the savepoints of a batch in memory, not in temporary files, and still rolls a failed report back alone', () => {
  const data = path.join(dir, 'e');
  const store = openStore(data);
  // 2 = MEMORY: each report's savepoint journal is not written to a temporary file page by page.
  expect(connectionOf(store).pragma('temp_store', { simple: true })).toBe(2);
  store.beginBatch();
  store.saveReport({ parsed: report('洛北街道办事处', 2020, 1), text: '洛北 2020', sourceFile: 'a.txt' });
  connectionOf(store).exec(`CREATE TEMP TRIGGER fail_cells BEFORE INSERT ON report_cells
    WHEN NEW.n = 2 AND (SELECT count(*) FROM report_cells) = 1 BEGIN SELECT RAISE(ABORT, 'forced'); END`);
  expect(() =>
    store.saveReport({ parsed: report('城郊街道办事处', 2020, 2), text: '城郊 2020', sourceFile: 'b.txt' }),
  ).toThrow(/forced/);
  connectionOf(store).exec('DROP TRIGGER fail_cells');
  store.saveReport({ parsed: report('胜利街街道办事处', 2020, 3), text: '胜利街 2020', sourceFile: 'c.txt' });
  store.commitBatch();
  expect(store.currentReports().map((r) => r.sourceFile)).toEqual(['a.txt', 'c.txt']);
  expect(store.counts().reports).toBe(2);
  store.close();
});

it('a text asked for in a batch and then saved is stored once: saved again under another name, it is unchanged', () => {
  const store = openStore(path.join(dir, 'f'));
  const text = '洛北 2021';
  const hash = createHash('sha256').update(text, 'utf8').digest('hex');
  store.beginBatch();
  // As ingest asks before each save; the save may then skip asking again.
  expect(store.currentByHash(hash)).toBeNull();
  const first = store.saveReport({ parsed: report('洛北街道办事处', 2021, 1), text, sourceFile: 'a.txt' });
  expect(first.outcome).toBe('added');
  expect(store.saveReport({ parsed: report('洛北街道办事处', 2021, 1), text, sourceFile: 'b.txt' })).toMatchObject({
    outcome: 'unchanged',
    reportId: first.reportId,
  });
  store.commitBatch();
  expect(store.counts().reports).toBe(1);
  store.close();
});
