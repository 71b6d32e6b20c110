// The PostgreSQL store keeps a year's list of reports (ids, offices, names, formats,
// findings) between sums and rankings while the change counter stands still, and must never
// answer from a list the database has moved past: after a save, a replacement, a move to
// another office (assignRegion), a save inside an open batch (no counter moves until its
// commit), or a write by another store instance on the same database, the next yearFigures
// holds exactly the reports stored now — and the same figures as the SQLite store given the
// same saves. The truth is the reports as saved here (town(): its received count is its
// only figure of note).
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openStore, type Store, type YearFigures } from '../src/store/index.js';
import type { PgStore } from '../src/store/pg/index.js';
import type { SaveInput } from '../src/store/types.js';
import { describeOnPostgres, postgresForTests, useTestDatabase } from './support/postgres.js';
import { parsed, town } from './support/store-reports.js';
import { received } from './support/year-figures.js';

const server = await postgresForTests();
const RECEIVED = 'apply.received.total';
const clock = () => new Date('2021-02-01T08:00:00Z');

const 嵩县 = '河南省洛阳市嵩县';
const 栾川 = '河南省洛阳市栾川县';
const first: SaveInput = { parsed: town(7, { region: 嵩县 }), text: '城关镇 嵩县 2020 v1', sourceFile: 'a1.txt' };

describeOnPostgres(server, 'a year’s list kept between sums and rankings on PostgreSQL', () => {
  const db = useTestDatabase('pgyearlists', { emptyEachTest: true });
  let store: PgStore;
  let sqlite: Store;

  /** Saves into both stores (the SQLite one is the check that both give the same figures). */
  async function save(input: SaveInput) {
    sqlite.saveReport(input);
    return store.saveReport(input);
  }

  beforeEach(async () => {
    store = await db.open({ now: clock });
    sqlite = openStore(':memory:', { now: clock });
    await save(first);
  });
  afterEach(() => sqlite.close());

  it('is kept while nothing is written (the same list read again, its cells read each time)', async () => {
    const one = await store.yearFigures(2020, [RECEIVED]);
    const again = await store.yearFigures(2020, [RECEIVED]);
    expect(again.reports).toBe(one.reports);
    expect(again.cells[0]).not.toBe(one.cells[0]);
    expect(received(again)).toEqual({ '城关镇人民政府#1': 7 });
  });

  it('is dropped by a save: the new report is listed with its cells', async () => {
    expect(received(await store.yearFigures(2020, [RECEIVED]))).toEqual({ '城关镇人民政府#1': 7 });
    await save({ parsed: town(9, { region: 栾川 }), text: '城关镇 栾川 2020', sourceFile: 'b.txt' });
    const after = await store.yearFigures(2020, [RECEIVED]);
    expect(received(after)).toEqual({ '城关镇人民政府#1': 7, '城关镇人民政府#2': 9 });
    expect(after).toEqual(sqlite.yearFigures(2020, [RECEIVED]));
  });

  it('is dropped by a replacement: the new version alone, never the one it supersedes', async () => {
    expect(received(await store.yearFigures(2020, [RECEIVED]))).toEqual({ '城关镇人民政府#1': 7 });
    const saved = await save({ parsed: town(12, { region: 嵩县 }), text: '城关镇 嵩县 2020 v2', sourceFile: 'a2.txt' });
    expect(saved.outcome).toBe('replaced');
    const after = await store.yearFigures(2020, [RECEIVED]);
    expect(received(after)).toEqual({ '城关镇人民政府#2': 12 });
    expect(after).toEqual(sqlite.yearFigures(2020, [RECEIVED]));
  });

  it('is dropped when a report moves office, and when the move supersedes the report held there', async () => {
    await save({ parsed: town(9, { region: 栾川 }), text: '城关镇 栾川 2020', sourceFile: 'b.txt' });
    // A report that names no region: kept apart until someone says where it is.
    const loose = await save({ parsed: town(5), text: '城关镇 2020 无地区', sourceFile: 'c.txt' });
    const before = await store.yearFigures(2020, [RECEIVED]);
    expect(before.reports.length).toBe(3);
    const officeOf = (f: YearFigures, id: number) => f.reports.officeIds[f.reports.ids.indexOf(id)];
    // Moved to 栾川, whose 2020 report (#2) it now replaces.
    const moved = await store.assignRegion(loose.reportId, 栾川);
    sqlite.assignRegion(loose.reportId, 栾川);
    expect(moved.replaced?.id).toBe(2);
    const after = await store.yearFigures(2020, [RECEIVED]);
    expect(received(after)).toEqual({ '城关镇人民政府#1': 7, '城关镇人民政府#3': 5 });
    expect(officeOf(after, loose.reportId)).toBe(moved.to.id);
    expect(officeOf(after, loose.reportId)).not.toBe(officeOf(before, loose.reportId));
    expect(after).toEqual(sqlite.yearFigures(2020, [RECEIVED]));
  });

  it('carries the findings of a report saved after it was read', async () => {
    expect((await store.yearFigures(2020, [RECEIVED])).findings).toEqual(new Map());
    const saved = await save({ parsed: parsed(), text: '只楚 2020', sourceFile: 'z.txt' });
    const f = await store.yearFigures(2020, [RECEIVED]);
    expect(f.findings.get(saved.reportId)?.map((x) => x.code)).toEqual(['missing_cell', 'date']);
    expect(received(f)).toEqual({ '城关镇人民政府#1': 7, '芝罘区只楚街道办事处#2': 4 });
    expect(f).toEqual(sqlite.yearFigures(2020, [RECEIVED]));
  });

  it('is not used inside an open batch: each save is seen before the commit, and after it', async () => {
    expect(received(await store.yearFigures(2020, [RECEIVED]))).toEqual({ '城关镇人民政府#1': 7 });
    await store.beginBatch();
    await store.saveReport({ parsed: town(9, { region: 栾川 }), text: '城关镇 栾川 2020', sourceFile: 'b.txt' });
    expect(received(await store.yearFigures(2020, [RECEIVED]))).toEqual({
      '城关镇人民政府#1': 7,
      '城关镇人民政府#2': 9,
    });
    await store.saveReport({ parsed: town(12, { region: 嵩县 }), text: '城关镇 嵩县 2020 v2', sourceFile: 'a2.txt' });
    expect(received(await store.yearFigures(2020, [RECEIVED]))).toEqual({
      '城关镇人民政府#3': 12,
      '城关镇人民政府#2': 9,
    });
    await store.commitBatch();
    expect(received(await store.yearFigures(2020, [RECEIVED]))).toEqual({
      '城关镇人民政府#3': 12,
      '城关镇人民政府#2': 9,
    });
  });

  it('is dropped when another store instance on the same database commits a save or a replacement', async () => {
    expect(received(await store.yearFigures(2020, [RECEIVED]))).toEqual({ '城关镇人民政府#1': 7 });
    const other = await db.open({ now: clock });
    await other.saveReport({ parsed: town(9, { region: 栾川 }), text: '城关镇 栾川 2020', sourceFile: 'b.txt' });
    expect(received(await store.yearFigures(2020, [RECEIVED]))).toEqual({
      '城关镇人民政府#1': 7,
      '城关镇人民政府#2': 9,
    });
    await other.saveReport({ parsed: town(12, { region: 嵩县 }), text: '城关镇 嵩县 2020 v2', sourceFile: 'a2.txt' });
    expect(received(await store.yearFigures(2020, [RECEIVED]))).toEqual({
      '城关镇人民政府#3': 12,
      '城关镇人民政府#2': 9,
    });
  });

  it('keeps lists of several years apart, each right after a write to one of them', async () => {
    await save({ parsed: town(4, { region: 栾川, year: 2019 }), text: '城关镇 栾川 2019', sourceFile: 'd.txt' });
    expect(received(await store.yearFigures(2019, [RECEIVED]))).toEqual({ '城关镇人民政府#2': 4 });
    expect(received(await store.yearFigures(2020, [RECEIVED]))).toEqual({ '城关镇人民政府#1': 7 });
    await save({ parsed: town(6, { region: 嵩县, year: 2019 }), text: '城关镇 嵩县 2019', sourceFile: 'e.txt' });
    expect(received(await store.yearFigures(2020, [RECEIVED]))).toEqual({ '城关镇人民政府#1': 7 });
    const y2019 = await store.yearFigures(2019, [RECEIVED]);
    expect(Object.values(received(y2019)).sort()).toEqual([4, 6]);
    expect(y2019).toEqual(sqlite.yearFigures(2019, [RECEIVED]));
  });
});
