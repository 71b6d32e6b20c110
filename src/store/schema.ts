// The database schema as an ordered list of migrations. Version N of the schema
// is MIGRATIONS[0..N-1] applied in order; `PRAGMA user_version` records N.
// To change the schema, append one SQL string here — never edit a shipped one.
import type Database from 'better-sqlite3';
import { StoreError } from './errors.js';
import { registerPackFunctions } from './pack-functions.js';

const V1 = `
CREATE TABLE offices (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  -- identity: normalized name + normalized region ('' when the region is unknown)
  norm_name   TEXT NOT NULL CHECK (norm_name <> ''),
  region      TEXT,
  region_key  TEXT NOT NULL DEFAULT '',
  kind        TEXT NOT NULL
);
CREATE UNIQUE INDEX offices_identity ON offices (norm_name, region_key);

CREATE TABLE office_aliases (
  office_id INTEGER NOT NULL REFERENCES offices (id),
  alias     TEXT NOT NULL CHECK (alias <> ''),
  PRIMARY KEY (office_id, alias)
) WITHOUT ROWID;
CREATE INDEX office_aliases_alias ON office_aliases (alias);

CREATE TABLE reports (
  id            INTEGER PRIMARY KEY,
  office_id     INTEGER NOT NULL REFERENCES offices (id),
  -- the office's name as this report's title gives it
  office_name   TEXT NOT NULL,
  year          INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2200),
  format        TEXT NOT NULL CHECK (format IN ('2019', '2021')),
  source_file   TEXT NOT NULL,
  content_hash  TEXT NOT NULL,
  text          TEXT NOT NULL,
  ingested_at   TEXT NOT NULL,
  report_date   TEXT,
  incomplete    INTEGER NOT NULL DEFAULT 0 CHECK (incomplete IN (0, 1)),
  parts         TEXT NOT NULL DEFAULT '[]',
  extra_rows    TEXT NOT NULL DEFAULT '[]',
  -- deferred: a replacement points the old row at the new id before inserting it
  superseded_by INTEGER REFERENCES reports (id) DEFERRABLE INITIALLY DEFERRED
);
-- one current report per office and year
CREATE UNIQUE INDEX reports_current ON reports (office_id, year) WHERE superseded_by IS NULL;
CREATE INDEX reports_hash ON reports (content_hash);
CREATE INDEX reports_year ON reports (year);

CREATE TABLE facts (
  report_id   INTEGER NOT NULL REFERENCES reports (id),
  fact_id     TEXT NOT NULL CHECK (fact_id <> ''),
  value       REAL,
  approximate INTEGER NOT NULL DEFAULT 0 CHECK (approximate IN (0, 1)),
  unit        TEXT,
  line        INTEGER CHECK (line IS NULL OR line >= 1),
  cell        TEXT,
  PRIMARY KEY (report_id, fact_id)
) WITHOUT ROWID;
CREATE INDEX facts_fact ON facts (fact_id);

CREATE TABLE findings (
  report_id INTEGER NOT NULL REFERENCES reports (id),
  seq       INTEGER NOT NULL,
  code      TEXT NOT NULL,
  severity  TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
  ids       TEXT NOT NULL DEFAULT '[]',
  message   TEXT NOT NULL,
  PRIMARY KEY (report_id, seq)
) WITHOUT ROWID;
`;

// Current reports by year: without it, every "which reports are current" query
// reads each report row, text included (26 ms at 10,000 reports, per question).
const V2 = `
CREATE INDEX reports_current_year ON reports (year, office_id, id) WHERE superseded_by IS NULL;
`;

// Numbers the prose states (src/parse/prose-facts.ts), one row each, kept with their
// report: a replaced report's prose facts stay with the old version, and reads take
// current reports only. prose_scanned records which reports were read for them, so
// reports stored before this table existed can be read once, later, and told apart
// from reports whose prose states no number.
const V3 = `
CREATE TABLE prose_facts (
  report_id INTEGER NOT NULL REFERENCES reports (id),
  seq       INTEGER NOT NULL,
  phrase    TEXT NOT NULL CHECK (phrase <> ''),
  verb      TEXT,
  lead      TEXT NOT NULL DEFAULT '',
  value     REAL NOT NULL,
  unit      TEXT NOT NULL,
  hedge     TEXT,
  bound     TEXT NOT NULL CHECK (bound IN ('exact', 'approx', 'lower', 'upper')),
  kind      TEXT NOT NULL CHECK (kind IN ('count', 'rate', 'change')),
  sub       INTEGER NOT NULL DEFAULT 0 CHECK (sub IN (0, 1)),
  written   TEXT NOT NULL,
  sentence  TEXT NOT NULL,
  line      INTEGER NOT NULL CHECK (line >= 1),
  part      INTEGER,
  PRIMARY KEY (report_id, seq)
) WITHOUT ROWID;
CREATE TABLE prose_scanned (
  report_id INTEGER PRIMARY KEY REFERENCES reports (id)
);
`;

// Offices that share a name and a region are kept apart when their reports of one
// year conflict (no region tells two 城关镇人民政府 apart): `namesake` numbers them,
// 0 for the office itself. Each report records where its office, year and region
// came from (text, option, registry, folder, manifest, assign) as JSON in `origin`,
// and reports are found by their file (`nianbao assign FILE`).
const V4 = `
ALTER TABLE offices ADD COLUMN namesake INTEGER NOT NULL DEFAULT 0 CHECK (namesake >= 0);
DROP INDEX offices_identity;
CREATE UNIQUE INDEX offices_identity ON offices (norm_name, region_key, namesake);
ALTER TABLE reports ADD COLUMN origin TEXT NOT NULL DEFAULT '{}';
CREATE INDEX reports_source ON reports (source_file);
`;

// facts_fact served no query (sums and rankings walk reports_current_year, then the
// facts primary key), and each report's ~170 fact rows landed in ~170 places of it:
// two thirds of the cost of storing a report (issue 13, ingest).
const V5 = `
DROP INDEX IF EXISTS facts_fact;
`;

// The reminders' sent ledger and pause list (src/store/sqlite-ledger.ts), joined to the
// store's migrations (issue 12). Until now the reminders created them on first use, so a
// database of version 5 may already hold them with rows: IF NOT EXISTS keeps those rows.
const V6 = `
CREATE TABLE IF NOT EXISTS reminder_sent (
  key        TEXT PRIMARY KEY,
  office     TEXT NOT NULL,
  year       INTEGER NOT NULL,
  step       TEXT NOT NULL,
  room       TEXT NOT NULL,
  text       TEXT NOT NULL,
  status     TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'uncertain')),
  created_at TEXT NOT NULL,
  sent_at    TEXT
);
CREATE INDEX IF NOT EXISTS reminder_sent_year ON reminder_sent (year, office);
CREATE TABLE IF NOT EXISTS reminder_paused (
  office_key TEXT NOT NULL,
  year       INTEGER NOT NULL,
  by         TEXT NOT NULL,
  at         TEXT NOT NULL,
  PRIMARY KEY (office_key, year)
);
`;

// Issue 13, at 100,000 reports. A sum or ranking over a year reads every current report
// of it: office, name and format now come from reports_current_year alone (superseded_by
// too, or SQLite reads each row to test it, and a report's row holds its text: 0.5 s a
// year). An office's history of a year walked reports_year, every report of that year:
// (office_id, year) finds it at once, and reports_year serves nothing else. Storing a
// replacement (the old row points at the new id before the new row exists: a deferred
// key) made SQLite look for rows pointing at each new report by reading every report:
// reports_superseded finds them (SQLite only; PostgreSQL checks such keys otherwise).
const V7 = `
DROP INDEX reports_current_year;
CREATE INDEX reports_current_year ON reports (year, office_id, id, format, office_name, superseded_by)
  WHERE superseded_by IS NULL;
DROP INDEX reports_year;
CREATE INDEX reports_office_year ON reports (office_id, year);
CREATE INDEX reports_superseded ON reports (superseded_by) WHERE superseded_by IS NOT NULL;
`;

// Issue 13, sums and rankings over a year at 100,000 reports: each report's cell was one
// key lookup into facts (17 M rows; ~17,000 scattered pages a year, ~56 ms). year_cells
// holds every report's cells again, keyed by year and fact, so a year's cells of one fact
// are one range of ~80 pages (~6 ms). Fact ids are numbered in fact_codes (a code is never
// changed or reused): ~300 MB at 100,000 reports, where the ids as text took 1.07 GB.
// Superseded reports keep their rows (readers keep the current reports: a report's year,
// cells and findings never change, so nothing here is ever updated). findings.year finds a
// year's findings by one index range instead of a lookup per report (~11 ms).
const V8 = `
CREATE TABLE fact_codes (
  code    INTEGER PRIMARY KEY,
  fact_id TEXT NOT NULL UNIQUE CHECK (fact_id <> '')
);
INSERT INTO fact_codes (fact_id) SELECT DISTINCT fact_id FROM facts ORDER BY fact_id;
CREATE TABLE year_cells (
  year        INTEGER NOT NULL,
  code        INTEGER NOT NULL,
  report_id   INTEGER NOT NULL,
  value       REAL,
  approximate INTEGER NOT NULL DEFAULT 0 CHECK (approximate IN (0, 1)),
  PRIMARY KEY (year, code, report_id)
) WITHOUT ROWID;
INSERT INTO year_cells (year, code, report_id, value, approximate)
  SELECT r.year, c.code, f.report_id, f.value, f.approximate
  FROM facts f JOIN reports r ON r.id = f.report_id JOIN fact_codes c ON c.fact_id = f.fact_id ORDER BY 1, 2, 3;
ALTER TABLE findings ADD COLUMN year INTEGER;
UPDATE findings SET year = (SELECT r.year FROM reports r WHERE r.id = findings.report_id);
CREATE INDEX findings_year ON findings (year);
`;

// year_cells written at every commit rewrote ~1,300 of its pages a commit (one range a year
// and fact): it now holds the reports up to year_cells_upto (one row), and the newer ones,
// at most YEAR_CELLS_TAIL (src/store/index.ts), are read from facts until they are merged
// in one sorted statement. A folder of schema 8 had every report's cells in it.
const V9 = `
CREATE TABLE year_cells_upto (upto INTEGER NOT NULL);
INSERT INTO year_cells_upto (upto) SELECT coalesce(max(id), 0) FROM reports;
`;

// A report's summary columns ingested_at … superseded_by sit after its text in the row, so
// reading them walks the text's overflow pages: every current report's summary
// (currentReports(), which a start, the search index's sync and the reminders ask) read
// ~500 MB at 100,000 reports, 13 s from a cold disk. The index carries every summary
// column (~10 MB more there): 0.7 s cold. Per office, a handful of rows by reports_office_year.
const V10 = `
DROP INDEX reports_current_year;
CREATE INDEX reports_current_year ON reports (year, office_id, id, format, office_name, superseded_by,
  source_file, content_hash, ingested_at, report_date, incomplete) WHERE superseded_by IS NULL;
`;

// Issue 13, the store's write cost: a report's ~170 cells were ~170 rows of facts (and, once
// merged, ~170 more of year_cells, each in its own place of the B-tree): most of a save's
// SQLite time. A report's cells are now one row of report_cells, packed (packed-cells.ts:
// fact ids as their fact_codes code), and a merge writes one row of year_packs a year and
// fact (year-packs.ts: its reports' keys, values and units); year_cells_upto still marks
// the reports merged, the newer ones are read from report_cells. A folder of schema 10 is
// packed here from its facts (the aggregates are src/store/pack-functions.ts): every report
// up to year_cells_upto into one pack a year and fact.
const V11 = `
INSERT OR IGNORE INTO fact_codes (fact_id) SELECT DISTINCT f.fact_id FROM facts f
  WHERE NOT EXISTS (SELECT 1 FROM fact_codes c WHERE c.fact_id = f.fact_id) ORDER BY 1;
CREATE TABLE report_cells (
  report_id INTEGER PRIMARY KEY REFERENCES reports (id),
  n         INTEGER NOT NULL CHECK (n >= 0),
  cells     BLOB NOT NULL
);
INSERT INTO report_cells (report_id, n, cells)
  SELECT f.report_id, count(*), nianbao_pack_cells(f.fact_id, c.code, f.value, f.approximate, f.unit, f.line, f.cell)
  FROM facts f JOIN fact_codes c ON c.fact_id = f.fact_id GROUP BY f.report_id ORDER BY f.report_id;
CREATE TABLE year_packs (
  id    INTEGER PRIMARY KEY,
  year  INTEGER NOT NULL,
  code  INTEGER NOT NULL,
  upto  INTEGER NOT NULL,
  cells BLOB NOT NULL
);
CREATE UNIQUE INDEX year_packs_key ON year_packs (year, code, upto);
INSERT INTO year_packs (year, code, upto, cells)
  SELECT r.year, c.code, u.upto, nianbao_pack_year(f.report_id * 2 + f.approximate, f.value, f.unit)
  FROM year_cells_upto u CROSS JOIN facts f JOIN reports r ON r.id = f.report_id JOIN fact_codes c ON c.fact_id = f.fact_id
  WHERE f.report_id <= u.upto GROUP BY r.year, c.code ORDER BY r.year, c.code;
DROP TABLE year_cells;
DROP TABLE facts;
`;

/** The version whose step packs facts and year_cells (V11), leaving their pages free. */
const PACKED_VERSION = 11;

/**
 * Packing a folder frees over half its file (2.2 GB → ~1 GB at 100,000 reports), but SQLite
 * keeps freed pages for reuse: VACUUM gives them back to the disk, once, after the step. A
 * failure (a full disk: it writes the database again) leaves the folder packed and usable.
 */
function giveBackPages(db: Database.Database): void {
  if (db.memory) return;
  try {
    db.exec('VACUUM');
  } catch {
    // Nothing lost: the pages stay free inside the file, reused by the next reports.
  }
}

/** Append-only. Index i holds the SQL that takes the schema from version i to i+1. */
export const MIGRATIONS: readonly string[] = [V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the database up to SCHEMA_VERSION; each step is its own transaction. */
export function migrate(db: Database.Database, migrations: readonly string[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new StoreError(
      'version',
      `数据库结构版本为 ${current}，比本程序支持的版本 ${migrations.length} 新；请升级年报助手后再打开。`,
    );
  }
  if (current < migrations.length) registerPackFunctions(db);
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  if (current > 0 && current < PACKED_VERSION && migrations.length >= PACKED_VERSION) giveBackPages(db);
  return migrations.length;
}
