// The PostgreSQL schema as an ordered list of migrations, and the function that applies
// them on open. The same tables as the SQLite schema (src/store/schema.ts) in
// PostgreSQL's dialect, plus what a store shared by several instances needs: the search
// chunks with their embeddings, and a change counter. Version N is PG_MIGRATIONS[0..N-1];
// the table schema_version records N. Append only — never edit a shipped step.
import type { PoolClient } from 'pg';
import { StoreError } from '../errors.js';

// Version 1 is SQLite's version 6 (its migrations 1–6 applied), written once:
// - ids are int4 (`serial`), which node-postgres reads as numbers (int8 arrives as a string);
// - values are double precision (SQLite's REAL is 8 bytes; PostgreSQL's `real` is 4);
// - flags are boolean; timestamps stay ISO text, JSON stays text, as SQLite keeps them;
// - text compared or ordered the way SQLite does is ordered COLLATE "C" in the queries.
// Beyond SQLite:
// - reminder_sent.owner: which process reserved a row (see src/store/pg/ledger.ts);
// - chunks: each report's search passages and their embeddings (real[]: no pgvector, it is
//   not in every distribution), so every instance builds its own BM25 and HNSW index;
// - store_changes: one row counting committed writes, which other instances poll cheaply
//   (a NOTIFY nianbao_changes goes out with it, on commit).
const V1 = `
CREATE TABLE offices (
  id          serial PRIMARY KEY,
  name        text NOT NULL,
  -- identity: normalized name + normalized region ('' when the region is unknown)
  norm_name   text NOT NULL CHECK (norm_name <> ''),
  region      text,
  region_key  text NOT NULL DEFAULT '',
  kind        text NOT NULL,
  namesake    integer NOT NULL DEFAULT 0 CHECK (namesake >= 0)
);
CREATE UNIQUE INDEX offices_identity ON offices (norm_name, region_key, namesake);

CREATE TABLE office_aliases (
  office_id integer NOT NULL REFERENCES offices (id),
  alias     text NOT NULL CHECK (alias <> ''),
  PRIMARY KEY (office_id, alias)
);
CREATE INDEX office_aliases_alias ON office_aliases (alias);

CREATE TABLE reports (
  id            serial PRIMARY KEY,
  office_id     integer NOT NULL REFERENCES offices (id),
  -- the office's name as this report's title gives it
  office_name   text NOT NULL,
  year          integer NOT NULL CHECK (year BETWEEN 1990 AND 2200),
  format        text NOT NULL CHECK (format IN ('2019', '2021')),
  source_file   text NOT NULL,
  content_hash  text NOT NULL,
  text          text NOT NULL,
  ingested_at   text NOT NULL,
  report_date   text,
  incomplete    boolean NOT NULL DEFAULT false,
  parts         text NOT NULL DEFAULT '[]',
  extra_rows    text NOT NULL DEFAULT '[]',
  origin        text NOT NULL DEFAULT '{}',
  -- deferred: a replacement points the old row at the new id before inserting it
  superseded_by integer REFERENCES reports (id) DEFERRABLE INITIALLY DEFERRED
);
-- one current report per office and year
CREATE UNIQUE INDEX reports_current ON reports (office_id, year) WHERE superseded_by IS NULL;
CREATE INDEX reports_hash ON reports (content_hash);
CREATE INDEX reports_year ON reports (year);
CREATE INDEX reports_current_year ON reports (year, office_id, id) WHERE superseded_by IS NULL;
CREATE INDEX reports_source ON reports (source_file);

CREATE TABLE facts (
  report_id   integer NOT NULL REFERENCES reports (id),
  fact_id     text NOT NULL CHECK (fact_id <> ''),
  value       double precision,
  approximate boolean NOT NULL DEFAULT false,
  unit        text,
  line        integer CHECK (line IS NULL OR line >= 1),
  cell        text,
  PRIMARY KEY (report_id, fact_id)
);

CREATE TABLE findings (
  report_id integer NOT NULL REFERENCES reports (id),
  seq       integer NOT NULL,
  code      text NOT NULL,
  severity  text NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
  ids       text NOT NULL DEFAULT '[]',
  message   text NOT NULL,
  PRIMARY KEY (report_id, seq)
);

CREATE TABLE prose_facts (
  report_id integer NOT NULL REFERENCES reports (id),
  seq       integer NOT NULL,
  phrase    text NOT NULL CHECK (phrase <> ''),
  verb      text,
  lead      text NOT NULL DEFAULT '',
  value     double precision NOT NULL,
  unit      text NOT NULL,
  hedge     text,
  bound     text NOT NULL CHECK (bound IN ('exact', 'approx', 'lower', 'upper')),
  kind      text NOT NULL CHECK (kind IN ('count', 'rate', 'change')),
  sub       boolean NOT NULL DEFAULT false,
  written   text NOT NULL,
  sentence  text NOT NULL,
  line      integer NOT NULL CHECK (line >= 1),
  part      integer,
  PRIMARY KEY (report_id, seq)
);
CREATE TABLE prose_scanned (
  report_id integer PRIMARY KEY REFERENCES reports (id)
);

CREATE TABLE reminder_sent (
  key        text PRIMARY KEY,
  office     text NOT NULL,
  year       integer NOT NULL,
  step       text NOT NULL,
  room       text NOT NULL,
  text       text NOT NULL,
  status     text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'uncertain')),
  created_at text NOT NULL,
  sent_at    text,
  -- the ledger instance (process) that reserved the row: recovery at start-up resolves
  -- only rows of instances that are gone, never those another live bot is sending
  owner      text
);
CREATE INDEX reminder_sent_year ON reminder_sent (year, office);
CREATE TABLE reminder_paused (
  office_key text NOT NULL,
  year       integer NOT NULL,
  "by"       text NOT NULL,
  at         text NOT NULL,
  PRIMARY KEY (office_key, year)
);

CREATE TABLE chunks (
  report_id    integer NOT NULL REFERENCES reports (id),
  seq          integer NOT NULL CHECK (seq >= 0),
  part         integer NOT NULL CHECK (part BETWEEN 0 AND 6),
  part_heading text NOT NULL DEFAULT '',
  section      text,
  line         integer NOT NULL CHECK (line >= 1),
  end_line     integer NOT NULL CHECK (end_line >= line),
  text         text NOT NULL,
  -- the name of the embeddings that made the vector (an index refuses vectors of another)
  model        text,
  embedding    real[],
  PRIMARY KEY (report_id, seq)
);

CREATE TABLE store_changes (
  id      integer PRIMARY KEY CHECK (id = 1),
  counter bigint NOT NULL
);
INSERT INTO store_changes (id, counter) VALUES (1, 0);
`;

// SQLite's version 7 (src/store/schema.ts): a year's current reports with their office,
// name and format from the index alone, and an office's history of a year by (office_id, year).
const V2 = `
DROP INDEX reports_current_year;
CREATE INDEX reports_current_year ON reports (year, office_id, id) INCLUDE (format, office_name)
  WHERE superseded_by IS NULL;
DROP INDEX reports_year;
CREATE INDEX reports_office_year ON reports (office_id, year);
`;

// SQLite's version 8: a year's cells of one fact as one index range (year_cells, fact ids
// numbered in fact_codes), a year's findings by findings.year. Rows of reports stored
// before it are filled in here.
const V3 = `
CREATE TABLE fact_codes (
  code    serial PRIMARY KEY,
  fact_id text NOT NULL UNIQUE CHECK (fact_id <> '')
);
INSERT INTO fact_codes (fact_id) SELECT fact_id FROM facts GROUP BY fact_id ORDER BY fact_id COLLATE "C";
CREATE TABLE year_cells (
  year        integer NOT NULL,
  code        integer NOT NULL,
  report_id   integer NOT NULL,
  value       double precision,
  approximate boolean NOT NULL DEFAULT false,
  PRIMARY KEY (year, code, report_id)
);
INSERT INTO year_cells (year, code, report_id, value, approximate)
  SELECT r.year, c.code, f.report_id, f.value, f.approximate
  FROM facts f JOIN reports r ON r.id = f.report_id JOIN fact_codes c ON c.fact_id = f.fact_id;
ALTER TABLE findings ADD COLUMN year integer;
UPDATE findings f SET year = r.year FROM reports r WHERE r.id = f.report_id;
CREATE INDEX findings_year ON findings (year);
`;

// SQLite's version 9: year_cells_upto, the report id up to which SQLite's year_cells is
// complete. PostgreSQL writes each batch's cells at its commit (ids come from a sequence and
// commit out of order: no one number could say which are in), so its row is not read here.
const V4 = `
CREATE TABLE year_cells_upto (upto integer NOT NULL);
`;

/** Append-only. Index i holds the SQL that takes the schema from version i to i+1. */
export const PG_MIGRATIONS: readonly string[] = [V1, V2, V3, V4];

export const PG_SCHEMA_VERSION = PG_MIGRATIONS.length;

/**
 * Which SQLite schema version (src/store/schema.ts SCHEMA_VERSION) each PostgreSQL
 * version holds the tables of: a test compares their columns, so a step added to one
 * dialect and not the other fails there.
 */
export const SQLITE_VERSION_OF: readonly number[] = [0, 6, 7, 8, 11];
// (SQLite's 10 only widened an index, for rows that keep their text inline; PostgreSQL keeps
// long text out of the row, so its version 4 holds SQLite 10's tables as it held 9's. SQLite's
// 11 packs facts and year_cells into report_cells and year_packs, a layout of its own for its
// write cost: PostgreSQL's version 4 keeps them as rows and holds the same data.)

/** The key of the advisory lock migrations take: one migrating process at a time. */
export const MIGRATION_LOCK = 0x6e69616e; // 'nian'

/**
 * Brings the database up to the latest version, in one transaction under an advisory
 * lock: two processes opening one database at once apply each step exactly once (the
 * second waits, then finds nothing left). Returns the version reached.
 */
export async function migratePg(client: PoolClient, migrations: readonly string[] = PG_MIGRATIONS): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)');
    const found = await client.query<{ version: number }>('SELECT version FROM schema_version');
    const current = found.rows[0]?.version ?? 0;
    if (current > migrations.length) {
      throw new StoreError(
        'version',
        `数据库结构版本为 ${current}，比本程序支持的版本 ${migrations.length} 新；请升级年报助手后再打开。`,
      );
    }
    for (let v = current; v < migrations.length; v++) await client.query(migrations[v]);
    if (found.rows.length === 0)
      await client.query('INSERT INTO schema_version (version) VALUES ($1)', [migrations.length]);
    else if (current < migrations.length)
      await client.query('UPDATE schema_version SET version = $1', [migrations.length]);
    await client.query('COMMIT');
    return migrations.length;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}
