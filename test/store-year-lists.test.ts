// The SQLite store keeps a year's list of reports (their ids, offices, names, formats and
// findings) between sums and rankings, and must never answer from a list the store has moved
// past: after a save, a replacement, a move to another office (assignRegion), a save inside an
// open batch, or a commit by another connection or another process on the same folder, the
// next yearFigures holds exactly the reports the store holds now. The truth is the reports as
// saved here (town(): its received count is its only figure of note).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store, type YearFigures } from '../src/store/index.js';
import { parsed, town } from './support/store-reports.js';
import { received } from './support/year-figures.js';

const RECEIVED = 'apply.received.total';

const 嵩县 = '河南省洛阳市嵩县';
const 栾川 = '河南省洛阳市栾川县';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-year-lists-'));
  store = openStore(dir);
  store.saveReport({ parsed: town(7, { region: 嵩县 }), text: '城关镇 嵩县 2020 v1', sourceFile: 'a1.txt' });
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a year’s list kept between sums and rankings', () => {
  it('is kept while nothing is written (the same list read again, its cells read each time)', () => {
    const first = store.yearFigures(2020, [RECEIVED]);
    const again = store.yearFigures(2020, [RECEIVED]);
    expect(again.reports).toBe(first.reports);
    expect(again.cells[0]).not.toBe(first.cells[0]);
    expect(received(again)).toEqual({ '城关镇人民政府#1': 7 });
  });

  it('is dropped by a save: the new report is listed with its cells', () => {
    expect(received(store.yearFigures(2020, [RECEIVED]))).toEqual({ '城关镇人民政府#1': 7 });
    store.saveReport({ parsed: town(9, { region: 栾川 }), text: '城关镇 栾川 2020', sourceFile: 'b.txt' });
    expect(received(store.yearFigures(2020, [RECEIVED]))).toEqual({ '城关镇人民政府#1': 7, '城关镇人民政府#2': 9 });
  });

  it('is dropped by a replacement: the new version alone, never the one it supersedes', () => {
    expect(received(store.yearFigures(2020, [RECEIVED]))).toEqual({ '城关镇人民政府#1': 7 });
    const saved = store.saveReport({
      parsed: town(12, { region: 嵩县 }),
      text: '城关镇 嵩县 2020 v2',
      sourceFile: 'a2.txt',
    });
    expect(saved.outcome).toBe('replaced');
    expect(received(store.yearFigures(2020, [RECEIVED]))).toEqual({ '城关镇人民政府#2': 12 });
  });

  it('is dropped when a report moves office, and when the move supersedes the report held there', () => {
    store.saveReport({ parsed: town(9, { region: 栾川 }), text: '城关镇 栾川 2020', sourceFile: 'b.txt' });
    // A report that names no region: kept apart until someone says where it is.
    const loose = store.saveReport({ parsed: town(5), text: '城关镇 2020 无地区', sourceFile: 'c.txt' });
    const before = store.yearFigures(2020, [RECEIVED]);
    expect(before.reports.length).toBe(3);
    const officeOf = (f: YearFigures, id: number) => f.reports.officeIds[f.reports.ids.indexOf(id)];
    // Moved to 栾川, whose 2020 report (#2) it now replaces.
    const moved = store.assignRegion(loose.reportId, 栾川);
    expect(moved.replaced?.id).toBe(2);
    const after = store.yearFigures(2020, [RECEIVED]);
    expect(received(after)).toEqual({ '城关镇人民政府#1': 7, '城关镇人民政府#3': 5 });
    expect(officeOf(after, loose.reportId)).toBe(moved.to.id);
    expect(officeOf(after, loose.reportId)).not.toBe(officeOf(before, loose.reportId));
  });

  it('carries the findings of a report saved after it was read', () => {
    expect(store.yearFigures(2020, [RECEIVED]).findings).toEqual(new Map());
    const saved = store.saveReport({ parsed: parsed(), text: '只楚 2020', sourceFile: 'z.txt' });
    const f = store.yearFigures(2020, [RECEIVED]);
    expect(f.findings.get(saved.reportId)?.map((x) => x.code)).toEqual(['missing_cell', 'date']);
    expect(received(f)).toEqual({ '城关镇人民政府#1': 7, '芝罘区只楚街道办事处#2': 4 });
  });

  it('is dropped by each save inside an open batch, before it commits', () => {
    store.beginBatch();
    store.saveReport({ parsed: town(9, { region: 栾川 }), text: '城关镇 栾川 2020', sourceFile: 'b.txt' });
    expect(Object.keys(received(store.yearFigures(2020, [RECEIVED])))).toEqual([
      '城关镇人民政府#1',
      '城关镇人民政府#2',
    ]);
    store.saveReport({ parsed: town(12, { region: 嵩县 }), text: '城关镇 嵩县 2020 v2', sourceFile: 'a2.txt' });
    expect(received(store.yearFigures(2020, [RECEIVED]))).toEqual({ '城关镇人民政府#3': 12, '城关镇人民政府#2': 9 });
    store.commitBatch();
    expect(received(store.yearFigures(2020, [RECEIVED]))).toEqual({ '城关镇人民政府#3': 12, '城关镇人民政府#2': 9 });
  });

  it('is dropped when another connection on the same folder commits a save or a replacement', () => {
    expect(received(store.yearFigures(2020, [RECEIVED]))).toEqual({ '城关镇人民政府#1': 7 });
    const other = openStore(dir);
    try {
      other.saveReport({ parsed: town(9, { region: 栾川 }), text: '城关镇 栾川 2020', sourceFile: 'b.txt' });
      expect(received(store.yearFigures(2020, [RECEIVED]))).toEqual({ '城关镇人民政府#1': 7, '城关镇人民政府#2': 9 });
      other.saveReport({ parsed: town(12, { region: 嵩县 }), text: '城关镇 嵩县 2020 v2', sourceFile: 'a2.txt' });
      expect(received(store.yearFigures(2020, [RECEIVED]))).toEqual({ '城关镇人民政府#3': 12, '城关镇人民政府#2': 9 });
    } finally {
      other.close();
    }
  });

  it('is dropped when another process saves into the same folder', async () => {
    expect(received(store.yearFigures(2020, [RECEIVED]))).toEqual({ '城关镇人民政府#1': 7 });
    // `nianbao ingest` beside a running bot: a process of its own replaces 嵩县's report.
    const script = `
      import { openStore } from ${JSON.stringify(path.resolve('src/store/index.ts'))};
      import { town } from ${JSON.stringify(path.resolve('test/support/store-reports.ts'))};
      const s = openStore(process.argv[1]);
      s.saveReport({ parsed: town(12, { region: '${嵩县}' }), text: '城关镇 嵩县 2020 v2', sourceFile: 'a2.txt' });
      s.close();`;
    await new Promise<void>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script, dir],
        { cwd: path.resolve('.') },
        (err) => (err ? reject(err) : resolve()),
      ),
    );
    expect(received(store.yearFigures(2020, [RECEIVED]))).toEqual({ '城关镇人民政府#2': 12 });
  });
});
