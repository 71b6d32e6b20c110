// Every statement the SQLite store prepares finds its rows by an index: none reads every
// report's row (each holds its text: at 100,000 reports a walk of them takes seconds), and
// the year-wide reads of sums and rankings come from reports_current_year alone (issue 13).
// The few full reads are named, with why they must read everything.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, openStore, type Store } from '../src/store/index.js';
import { connectionOf, statementsOf } from '../src/store/testing.js';
import { CORPUS_2020_FILES, corpusInput } from './support/store-reports.js';
import { toSchema10 } from './support/store-schema10.js';

/** Statements that read a whole table by design, each by the start of its SQL. */
const WHOLE_TABLE = [
  // reportsByFile's fallback: a typed path matched against every stored file name.
  /^SELECT id, office_id, office_name, year, format, source_file, content_hash,\s+ingested_at, report_date, incomplete, superseded_by FROM reports ORDER BY/,
  // listOffices: every office, every alias, a column at a time.
  /^SELECT (id|name|region|kind) FROM offices ORDER BY id$/,
  /^SELECT (office_id|alias) FROM office_aliases ORDER BY office_id, alias$/,
  // counts(): its facts figure sums every report's cell count, when read.
  /^SELECT coalesce\(sum\(n\), 0\) FROM report_cells$/,
  // fact_codes: every fact id's code (a few hundred rows), read once.
  /^SELECT code, fact_id FROM fact_codes$/,
  // Prose facts of every year at once (a question across offices naming no year, past the
  // latest year): one pass over prose_facts, which holds no report's text, not a seek a report.
  /^SELECT DISTINCT phrase, verb, kind, unit FROM prose_facts$/,
  /^WITH f AS MATERIALIZED \(SELECT \* FROM prose_facts WHERE phrase IN/,
  // year_cells_upto: one row, the id up to which year_cells is complete.
  /^SELECT upto FROM year_cells_upto$/,
  /^UPDATE year_cells_upto SET upto = \?$/,
];

/**
 * Statements that scan reports_current, a partial index of (office, year) whose WHERE stands
 * for their superseded_by IS NULL: SQLite calls the scan USING INDEX (the column is not in it),
 * but reads no column of a report, so its seek into the row is never made (a test below holds
 * their bytecode to that). At 100,000 reports ~300 pages instead of reports_current_year's ~5,700.
 */
const ROW_FREE = [
  // reportsWithoutProseFacts, at every start.
  /^SELECT id FROM reports INDEXED BY reports_current WHERE superseded_by IS NULL AND id NOT IN/,
  // counts(), at every start.
  /^SELECT \(SELECT count\(\*\) FROM offices\) AS offices, .* FROM reports INDEXED BY reports_current WHERE/,
  // currentReportOffices, the search index's sync at every start: ids and offices.
  /^SELECT count\(\*\), group_concat\(id\), group_concat\(office_id\) FROM \(SELECT id, office_id FROM reports INDEXED BY reports_current WHERE/,
];

/** Opcodes that read a b-tree through the cursor in their p1 (a seek, a step, a column). */
const ROW_READS = new Set(
  'Column Rowid RowData SeekRowid NotExists NotFound Found Rewind Last Next Prev SeekGE SeekGT SeekLE SeekLT'.split(
    ' ',
  ),
);

let dir: string;
let store: Store;
let plans: { sql: string; steps: string[] }[];

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-plans-'));
  store = openStore(dir);
  for (const file of CORPUS_2020_FILES) store.saveReport(corpusInput(file));
  const db = connectionOf(store);
  // The planner's statistics, as a store that has run a while would have them.
  db.exec('ANALYZE');
  plans = statementsOf(store).map((sql) => {
    const params = Array((sql.match(/\?/g) ?? []).length).fill(null);
    const steps = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
    return { sql: sql.replace(/\s+/g, ' ').trim(), steps };
  });
});

afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the SQLite store’s query plans', () => {
  it('sees the statements (more than thirty)', () => {
    expect(plans.length).toBeGreaterThan(30);
  });

  it('never walks a table, except the reads of everything named above', () => {
    const walks = plans.filter(
      (p) =>
        !WHOLE_TABLE.some((re) => re.test(p.sql)) &&
        !ROW_FREE.some((re) => re.test(p.sql)) &&
        // A table's rows read one by one (a scan of a covering index reads the index alone; y is a CTE).
        p.steps.some((s) => /^SCAN (?!y\b|CONSTANT ROW)\w+( USING INDEX .*)?$/.test(s)),
    );
    expect(walks.map((p) => `${p.sql.slice(0, 80)} → ${p.steps.join(' | ')}`)).toEqual([]);
  });

  it('counts the current reports, lists those not read for prose facts and their offices without a report’s row', () => {
    const db = connectionOf(store);
    const root = db
      .prepare(`SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'reports'`)
      .pluck()
      .get();
    const rowFree = plans.filter((p) => ROW_FREE.some((re) => re.test(p.sql)));
    expect(rowFree).toHaveLength(ROW_FREE.length);
    for (const p of rowFree) {
      expect(p.steps, p.sql).toContain('SCAN reports USING INDEX reports_current');
      const params = Array((p.sql.match(/\?/g) ?? []).length).fill(null);
      const ops = db.prepare(`EXPLAIN ${p.sql}`).all(...params) as { opcode: string; p1: number; p2: number }[];
      const table = ops.filter((o) => o.opcode === 'OpenRead' && o.p2 === root).map((o) => o.p1);
      // The row's cursor is opened (and its seek deferred) but nothing reads through it.
      const reads = ops.filter((o) => table.includes(o.p1) && ROW_READS.has(o.opcode));
      expect(
        reads.map((o) => o.opcode),
        p.sql,
      ).toEqual([]);
    }
    expect(store.counts().current).toBe(CORPUS_2020_FILES.length);
  });

  it('lists a year’s reports, its years and its cells from reports_current_year alone (never a report’s row)', () => {
    const yearWide = plans.filter((p) => /reports_current_year/.test(p.sql));
    expect(yearWide.length).toBeGreaterThanOrEqual(6);
    for (const p of yearWide) {
      const onReports = p.steps.filter((s) => /^(SCAN|SEARCH) (reports|r)\b/.test(s));
      expect(
        onReports.some((s) => /COVERING INDEX reports_current_year/.test(s)),
        p.sql,
      ).toBe(true);
      for (const s of onReports) expect(s, p.sql).toMatch(/COVERING INDEX/);
    }
  });

  it('lists every current report’s summary, and a year’s, without reading a report’s row (its text before the later columns)', () => {
    const summaries = plans.filter((p) => /^SELECT id, office_id, office_name, year, format, source_file/.test(p.sql));
    const wide = summaries.filter((p) =>
      /WHERE (year = \? AND )?superseded_by IS NULL ORDER BY year, office_id$/.test(p.sql),
    );
    expect(wide).toHaveLength(2);
    for (const p of wide) expect(p.steps.join(' | '), p.sql).toMatch(/^(SCAN|SEARCH) reports USING COVERING INDEX/);
  });

  it('finds the rows pointing at a newly stored report by an index (a replacement’s deferred key)', () => {
    const insert = plans.find((p) => p.sql.startsWith('INSERT INTO reports'))!;
    expect(insert.steps.every((s) => !/^SCAN/.test(s))).toBe(true);
  });
});

describe('schema 7 on a data folder of schema 6', () => {
  it('migrates on open, keeping every report, and then lists a year from the index', () => {
    const old = mkdtempSync(path.join(os.tmpdir(), 'nianbao-v6-'));
    try {
      // A version-6 store with the bundled 2020 reports, written as version 6 wrote them.
      const v6 = openStore(old);
      for (const file of CORPUS_2020_FILES) v6.saveReport(corpusInput(file));
      v6.close();
      toSchema10(old);
      const raw = new Database(path.join(old, 'nianbao.db'));
      raw.exec(`DROP TABLE year_cells_upto; DROP TABLE year_cells; DROP TABLE fact_codes; DROP INDEX findings_year; ALTER TABLE findings DROP COLUMN year;
        DROP INDEX reports_current_year; DROP INDEX reports_office_year; DROP INDEX reports_superseded;
        CREATE INDEX reports_year ON reports (year);
        CREATE INDEX reports_current_year ON reports (year, office_id, id) WHERE superseded_by IS NULL;`);
      raw.pragma('user_version = 6');
      raw.close();

      const store = openStore(old);
      expect(connectionOf(store).pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      const indexes = connectionOf(store)
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reports' ORDER BY name`)
        .pluck()
        .all();
      expect(indexes).toContain('reports_office_year');
      expect(indexes).not.toContain('reports_year');
      // The bundled reports are five offices' 2020 reports (corpus/2020): each listed once, by office.
      const listed = store.yearReports(2020);
      expect(listed).toHaveLength(CORPUS_2020_FILES.length);
      expect(new Set(listed.map((r) => r.year))).toEqual(new Set([2020]));
      expect(listed.map((r) => r.officeId)).toEqual(listed.map((r) => r.officeId).sort((a, b) => a - b));
      expect(store.yearReports(2019)).toEqual([]);
      expect(store.years()).toEqual([2020]);
      store.close();
    } finally {
      rmSync(old, { recursive: true, force: true });
    }
  });
});
