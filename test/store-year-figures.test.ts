// A year's figures (Store.yearFigures: the reports, cells and findings a sum or ranking
// reads, from year_packs, its tail in report_cells and findings.year, schemas 8 to 11) hold exactly
// the current reports' cells as written here by hand: blanks as null, no cell where a report
// has none, a replaced version never, another year never — whether the cells were merged
// into year_packs (a tail of 0), some of them (2) or none yet (the default). A data folder of
// schema 7 gets the same figures once migrated, and new reports saved after it join them.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openStore,
  type Store,
  type YearColumn,
  type YearFigures,
  type YearReport,
  YEAR_PACK_FOLD_BELOW,
} from '../src/store/index.js';
import { connectionOf } from '../src/store/testing.js';
import { unpackYear } from '../src/store/year-packs.js';
import { parsed, REFUSED_PROSE_FACT, town } from './support/store-reports.js';
import { toSchema10 } from './support/store-schema10.js';

const IDS = ['apply.received.total', 'apply.partial.total', 'review.total', 'active.items'];

/** The save inputs, in order: 城关镇 of two regions, one replaced; 只楚 in 2020 and 2021. */
function fill(s: Store): void {
  s.saveReport({ parsed: town(7, { region: '河南省洛阳市嵩县' }), text: '城关镇 嵩县 2020 v1', sourceFile: 'a1.txt' });
  s.saveReport({ parsed: town(9, { region: '河南省洛阳市栾川县' }), text: '城关镇 栾川 2020', sourceFile: 'b.txt' });
  // The 嵩县 report re-issued: 12, not 7, and 复议 left blank.
  s.saveReport({
    parsed: town(12, {
      region: '河南省洛阳市嵩县',
      facts: { 'apply.received.total': 12, 'apply.received.natural': 12, 'review.total': null },
    }),
    text: '城关镇 嵩县 2020 v2',
    sourceFile: 'a2.txt',
  });
  s.saveReport({ parsed: parsed(), text: '只楚 2020', sourceFile: 'z2020.txt' });
  s.saveReport({
    parsed: parsed({ year: 2021, facts: { 'apply.received.total': 30 }, approximate: [], findings: [] }),
    text: '只楚 2021',
    sourceFile: 'z2021.txt',
  });
}

/** A column's cell at a place: '-' where the report has none, else [value (null when blank), approximate]. */
function cellAt(c: YearColumn, at: number): unknown {
  if (c.state[at] === 0) return '-';
  return [c.state[at] === 2 ? c.values[at] : null, c.approximate[at] === 1];
}

/** The figures as name → each fact's cell, in IDS order ('-' where the report has no cell). */
function byName(f: YearFigures): Record<string, unknown[]> {
  return Object.fromEntries(
    Array.from(f.reports.ids, (id, at) => [`${f.reports.names[at]}#${id}`, f.cells.map((c) => cellAt(c, at))]),
  );
}

/** The figures' reports as yearReports lists them. */
function reportsOf(f: YearFigures, year: number): YearReport[] {
  const r = f.reports;
  return Array.from(r.ids, (id, at) => ({
    id,
    officeId: r.officeIds[at],
    officeName: r.names[at],
    year,
    format: r.formats[at],
  }));
}

/** The reports whose cells are in year_packs (the rest are read from their own packs, report_cells). */
function merged(s: Store): number[] {
  const ids = new Set<number>();
  for (const blob of connectionOf(s).prepare('SELECT cells FROM year_packs').pluck().all() as Buffer[])
    for (const key of unpackYear(blob).keys) ids.add(Math.floor(key / 2));
  return [...ids].sort((a, b) => a - b);
}

describe.each([
  [0, [1, 2, 3, 4, 5]],
  [2, [1, 2, 3, 4]],
  [1000, []],
])('a year’s figures, merging the cells %i reports behind', (tail, inYearCells) => {
  let store: Store;
  beforeAll(() => {
    store = openStore(':memory:', { yearCellsTail: tail });
    fill(store);
  });
  afterAll(() => store.close());

  it('merge the reports the tail allows, no more', () => {
    expect(merged(store)).toEqual(inYearCells);
  });

  it('hold the current reports’ cells: blanks null, none where a report has no cell, the replaced version never', () => {
    const f = store.yearFigures(2020, IDS);
    // Reports 1 (城关镇 嵩县 v1, replaced by 3), 2 (栾川), 3 (嵩县 v2), 4 (只楚 2020).
    expect(byName(f)).toEqual({
      '城关镇人民政府#3': [[12, false], '-', [null, false], '-'],
      '城关镇人民政府#2': [[9, false], '-', [0, false], '-'],
      '芝罘区只楚街道办事处#4': [
        [4, false],
        [null, false],
        [0, false],
        [180, true],
      ],
    });
    // By office, as yearReports lists them.
    expect(reportsOf(f, 2020)).toEqual(store.yearReports(2020));
    expect(f.reports.length).toBe(3);
  });

  it('keep another year’s reports out, and give no cells for a fact no report has', () => {
    const f = store.yearFigures(2021, ['apply.received.total', 'no.such.fact']);
    expect(f.reports.names).toEqual(['芝罘区只楚街道办事处']);
    expect(f.cells.map((c) => cellAt(c, 0))).toEqual([[30, false], '-']);
    const none = store.yearFigures(2019, IDS);
    expect([none.reports.length, none.cells.map((c) => c.state.length), none.findings]).toEqual([
      0,
      [0, 0, 0, 0],
      new Map(),
    ]);
  });

  it('give each current report’s value of a fact, by year and office, blanks null, wherever its cells are read from', () => {
    const cell = (v: {
      reportId: number;
      year: number;
      value: number | null;
      approximate: boolean;
      unit: string | null;
    }) => [v.reportId, v.year, v.value, v.approximate, v.unit];
    expect(store.factValues('apply.received.total', 2020).map(cell)).toEqual([
      [3, 2020, 12, false, '件'],
      [2, 2020, 9, false, '件'],
      [4, 2020, 4, false, '件'],
    ]);
    expect(store.factValues('review.total', 2020).map(cell)).toEqual([
      [3, 2020, null, false, '件'],
      [2, 2020, 0, false, '件'],
      [4, 2020, 0, false, '件'],
    ]);
    expect(store.factValues('active.items').map(cell)).toEqual([[4, 2020, 180, true, '条']]);
    expect(store.factValues('apply.received.total').map((v) => v.reportId)).toEqual([3, 2, 4, 5]);
    expect(store.factValues('no.such.fact')).toEqual([]);
    expect(store.counts().facts).toBe(
      [1, 2, 3, 4, 5].reduce((n, id) => n + Object.keys(store.getReport(id)!.facts).length, 0),
    );
  });

  it('carry each current report’s findings, as findingsByReport does', () => {
    const f = store.yearFigures(2020, IDS);
    expect([...f.findings.keys()]).toEqual([4]);
    expect(f.findings.get(4)!.map((x) => x.code)).toEqual(['missing_cell', 'date']);
    expect(f.findings).toEqual(store.findingsByReport(2020));
    expect(store.yearFigures(2021, IDS).findings).toEqual(new Map());
  });
});

/** A store with every report's cells in year_cells (tail 0): the truth the others must equal. */
function reference(): Store {
  const s = openStore(':memory:', { yearCellsTail: 0 });
  fill(s);
  return s;
}

describe('a year’s figures while a batch is open', () => {
  it('hold the batch’s reports (read from facts, merged at commit), never a save that failed', () => {
    const s = openStore(':memory:', { yearCellsTail: 0 });
    try {
      s.beginBatch();
      s.saveReport({ parsed: town(7, { region: '河南省洛阳市嵩县' }), text: '嵩县 2020', sourceFile: 'a.txt' });
      // Read inside the batch: the saved report's cells are there.
      expect(byName(s.yearFigures(2020, ['apply.received.total']))).toEqual({ '城关镇人民政府#1': [[7, false]] });
      // A save that fails rolls back alone: no cells of it, none lost of the next.
      expect(() =>
        s.saveReport({
          parsed: town(8, { region: '河南省洛阳市栾川县', format: undefined }),
          text: 'x',
          sourceFile: 'x.txt',
        }),
      ).toThrow();
      s.saveReport({ parsed: town(9, { region: '河南省洛阳市栾川县' }), text: '栾川 2020', sourceFile: 'b.txt' });
      expect(merged(s)).toEqual([]);
      s.commitBatch();
      expect(merged(s)).toEqual([1, 2]);
      expect(byName(s.yearFigures(2020, ['apply.received.total']))).toEqual({
        '城关镇人民政府#1': [[7, false]],
        '城关镇人民政府#2': [[9, false]],
      });
      // Out of a batch, a save's cells are written with it.
      s.saveReport({
        parsed: town(3, { region: '河南省洛阳市栾川县', year: 2021 }),
        text: '栾川 2021',
        sourceFile: 'c.txt',
      });
      expect(byName(s.yearFigures(2021, ['apply.received.total']))).toEqual({ '城关镇人民政府#3': [[3, false]] });
    } finally {
      s.close();
    }
  });

  it('are merged when a store closes with a batch open', () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'nianbao-year-close-'));
    try {
      const s = openStore(d, { yearCellsTail: 0 });
      s.beginBatch();
      s.saveReport({ parsed: town(4, { region: '河南省洛阳市嵩县' }), text: '嵩县 2020', sourceFile: 'a.txt' });
      s.close();
      const again = openStore(d);
      expect(merged(again)).toEqual([1]);
      expect(byName(again.yearFigures(2020, ['apply.received.total']))).toEqual({ '城关镇人民政府#1': [[4, false]] });
      again.close();
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('a year’s packs when reports arrive one at a time', () => {
  // 300 towns of one year saved one by one, each merged at once (a bot filing, or an ingest of
  // one file at a time): the packs of a year and fact stay few, and hold what one batch holds.
  const towns = Array.from({ length: 300 }, (_, i) => ({
    parsed: town(i + 1, { office: `第${i + 1}镇人民政府`, aliases: [], region: '河南省洛阳市嵩县' }),
    text: `第${i + 1}镇 2020`,
    sourceFile: `t${i + 1}.txt`,
  }));

  it('fold the small ones into the next, so a sum reads a handful of packs, not one a report', () => {
    const one = openStore(':memory:', { yearCellsTail: 0 });
    const batch = openStore(':memory:', { yearCellsTail: 0 });
    try {
      for (const t of towns) one.saveReport(t);
      batch.beginBatch();
      for (const t of towns) batch.saveReport(t);
      batch.commitBatch();
      const packs = connectionOf(one)
        .prepare('SELECT count(*) FROM year_packs WHERE year = 2020 GROUP BY code')
        .pluck()
        .all() as number[];
      expect(packs.length).toBe(3);
      // 300 cells a fact: folded while a pack holds fewer than 128 (1 + 127, then 128 + …).
      expect(YEAR_PACK_FOLD_BELOW).toBe(128);
      expect(packs).toEqual([3, 3, 3]);
      expect(merged(one)).toEqual(towns.map((_, i) => i + 1));
      expect(one.yearFigures(2020, IDS)).toEqual(batch.yearFigures(2020, IDS));
      expect(one.factValues('apply.received.total', 2020)).toEqual(batch.factValues('apply.received.total', 2020));
      expect(one.factValues('apply.received.total', 2020).map((v) => v.value)).toEqual(
        towns.map((_, i) => i + 1).sort((a, b) => a - b),
      );
    } finally {
      one.close();
      batch.close();
    }
  });

  /** Each fact's packs of 2020 as their cell counts, in key order. */
  const packCounts = (s: Store) =>
    (
      connectionOf(s)
        .prepare('SELECT cells FROM year_packs WHERE year = 2020 ORDER BY code, upto')
        .pluck()
        .all() as Buffer[]
    ).map((blob) => unpackYear(blob).keys.length);

  it('fold a small pack another connection merged since, and one a rolled-back save had folded', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-fold-'));
    const a = openStore(dir, { yearCellsTail: 0 });
    const b = openStore(dir, { yearCellsTail: 1e9 });
    try {
      // a: 130 towns merged as one pack a fact (no fold: nothing before it).
      a.beginBatch();
      for (const t of towns.slice(0, 130)) a.saveReport(t);
      a.commitBatch();
      expect(packCounts(a)).toEqual([130, 130, 130]);
      // b merges one town's cells on its own: a pack of 1 a fact, after a's 130.
      const bMerging = openStore(dir, { yearCellsTail: 0 });
      bMerging.saveReport(towns[130]);
      bMerging.close();
      expect(packCounts(a)).toEqual([130, 1, 130, 1, 130, 1]);
      // a's next merge folds that small pack (1 + 1), whoever wrote it.
      a.saveReport(towns[131]);
      expect(packCounts(a)).toEqual([130, 2, 130, 2, 130, 2]);

      // b stores 130 towns unmerged; a's save then merges them, folding the pack of 2 (2 + 131),
      // but its prose fact is refused and the save rolled back, merge and all.
      b.beginBatch();
      for (const t of towns.slice(132, 262)) b.saveReport(t);
      b.commitBatch();
      expect(() =>
        a.saveReport({ ...towns[262], parsed: { ...towns[262].parsed, proseFacts: [REFUSED_PROSE_FACT] } }),
      ).toThrow();
      expect(packCounts(a)).toEqual([130, 2, 130, 2, 130, 2]);
      // The next save merges b's 130 and itself into the pack of 2 as if nothing had happened.
      a.saveReport(towns[263]);
      expect(packCounts(a)).toEqual([130, 133, 130, 133, 130, 133]);
      expect(a.factValues('apply.received.total', 2020).map((v) => v.value)).toEqual(
        [...Array.from({ length: 262 }, (_, i) => i + 1), 264].sort((x, y) => x - y),
      );
    } finally {
      a.close();
      b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('schema 8 on a data folder of schema 7', () => {
  it('fills year_cells and findings.year from the stored reports, and later saves join them', () => {
    const old = mkdtempSync(path.join(os.tmpdir(), 'nianbao-v7-'));
    try {
      const v7 = openStore(old);
      fill(v7);
      v7.close();
      toSchema10(old);
      // The same folder as schema 7 left it: no year_cells, fact_codes or findings.year.
      const raw = new Database(path.join(old, 'nianbao.db'));
      raw.exec(`DROP TABLE year_cells_upto; DROP TABLE year_cells; DROP TABLE fact_codes; DROP INDEX findings_year;
        ALTER TABLE findings DROP COLUMN year;`);
      raw.pragma('user_version = 7');
      raw.close();

      const migrated = openStore(old);
      const truth = reference();
      try {
        // Every stored report's cells merged by the migration.
        expect(merged(migrated)).toEqual([1, 2, 3, 4, 5]);
        for (const year of [2019, 2020, 2021]) {
          expect(migrated.yearFigures(year, IDS)).toEqual(truth.yearFigures(year, IDS));
        }
        // A report saved after the migration: 栾川's 2021, a fact code the folder already has.
        migrated.saveReport({
          parsed: town(5, { region: '河南省洛阳市栾川县', year: 2021 }),
          text: '城关镇 栾川 2021',
          sourceFile: 'b2021.txt',
        });
        expect(byName(migrated.yearFigures(2021, ['apply.received.total', 'review.total']))).toEqual({
          '芝罘区只楚街道办事处#5': [[30, false], '-'],
          '城关镇人民政府#6': [
            [5, false],
            [0, false],
          ],
        });
      } finally {
        migrated.close();
        truth.close();
      }
    } finally {
      rmSync(old, { recursive: true, force: true });
    }
  });
});

describe('schema 11 on a data folder of schema 10', () => {
  it('packs every report’s cells and the merged ones by year, giving the same reports, figures and values; later saves join them', () => {
    const old = mkdtempSync(path.join(os.tmpdir(), 'nianbao-v10-'));
    const now = () => new Date('2024-03-01T00:00:00Z');
    try {
      // Three reports merged, two in the tail, as schema 10 left them (facts and year_cells rows).
      const v10 = openStore(old, { now });
      fill(v10);
      const before = v10.getReports([1, 2, 3, 4, 5, 6]);
      v10.close();
      const setUpto = new Database(path.join(old, 'nianbao.db'));
      setUpto.exec('UPDATE year_cells_upto SET upto = 3');
      setUpto.close();
      toSchema10(old);
      const raw = new Database(path.join(old, 'nianbao.db'));
      expect(raw.prepare('SELECT DISTINCT report_id FROM year_cells ORDER BY 1').pluck().all()).toEqual([1, 2, 3]);
      expect(raw.prepare('SELECT count(*) FROM facts').pluck().get()).toBeGreaterThan(5);
      raw.close();

      const migrated = openStore(old, { now });
      const truth = openStore(':memory:', { yearCellsTail: 0, now });
      fill(truth);
      try {
        expect(connectionOf(migrated).pragma('user_version', { simple: true })).toBe(11);
        // The dropped tables' pages given back to the disk (VACUUM after packing), none kept free.
        expect(connectionOf(migrated).pragma('freelist_count', { simple: true })).toBe(0);
        expect(merged(migrated)).toEqual([1, 2, 3]);
        expect(migrated.getReports([1, 2, 3, 4, 5, 6])).toEqual(before);
        // Facts in the order schema 10 read them (fact id order), as before.
        expect(Object.keys(migrated.getReport(4)!.facts)).toEqual(Object.keys(before[3]!.facts));
        expect(migrated.counts().facts).toBe(truth.counts().facts);
        for (const year of [2019, 2020, 2021]) {
          expect(migrated.yearFigures(year, [...IDS, 'no.such'])).toEqual(truth.yearFigures(year, [...IDS, 'no.such']));
          for (const id of IDS) expect(migrated.factValues(id, year)).toEqual(truth.factValues(id, year));
        }
        for (const id of IDS) expect(migrated.factValues(id)).toEqual(truth.factValues(id));
        const later = {
          parsed: town(5, { region: '河南省洛阳市栾川县', year: 2021 }),
          text: '城关镇 栾川 2021',
          sourceFile: 'b2021.txt',
        };
        migrated.saveReport(later);
        truth.saveReport(later);
        expect(migrated.getReport(6)).toEqual(truth.getReport(6));
        expect(migrated.yearFigures(2021, IDS)).toEqual(truth.yearFigures(2021, IDS));
        expect(migrated.factValues('apply.received.total')).toEqual(truth.factValues('apply.received.total'));
      } finally {
        migrated.close();
        truth.close();
      }
      // Closed after storing a report: nothing left in the tail.
      const again = openStore(old);
      expect(merged(again)).toEqual([1, 2, 3, 4, 5, 6]);
      again.close();
    } finally {
      rmSync(old, { recursive: true, force: true });
    }
  });
});
