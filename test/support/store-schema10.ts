// Turns a data folder written by this program (schema 11: cells packed) back into the layout
// schema 10 wrote — every cell a row of facts, the merged ones again in year_cells — so the
// tests of older migrations, and of schema 11's own, start from a folder as older code left it.
// The packed tables' rows are read here with the codec (its round trips are tested apart).
import path from 'node:path';
import Database from 'better-sqlite3';
import { unpackCells } from '../../src/store/packed-cells.js';

/** Rewrites `<dataDir>/nianbao.db` (closed) as schema 10 held the same reports. */
export function toSchema10(dataDir: string): void {
  const db = new Database(path.join(dataDir, 'nianbao.db'));
  try {
    db.transaction(() => {
      db.exec(`CREATE TABLE facts (
  report_id   INTEGER NOT NULL REFERENCES reports (id),
  fact_id     TEXT NOT NULL CHECK (fact_id <> ''),
  value       REAL,
  approximate INTEGER NOT NULL DEFAULT 0 CHECK (approximate IN (0, 1)),
  unit        TEXT,
  line        INTEGER CHECK (line IS NULL OR line >= 1),
  cell        TEXT,
  PRIMARY KEY (report_id, fact_id)
) WITHOUT ROWID;
CREATE TABLE year_cells (
  year        INTEGER NOT NULL,
  code        INTEGER NOT NULL,
  report_id   INTEGER NOT NULL,
  value       REAL,
  approximate INTEGER NOT NULL DEFAULT 0 CHECK (approximate IN (0, 1)),
  PRIMARY KEY (year, code, report_id)
) WITHOUT ROWID;`);
      const factId = new Map(db.prepare('SELECT code, fact_id FROM fact_codes').raw().all() as [number, string][]);
      const insert = db.prepare('INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?)');
      for (const [reportId, blob] of db.prepare('SELECT report_id, cells FROM report_cells').raw().all() as [
        number,
        Buffer,
      ][])
        for (const c of unpackCells(blob))
          insert.run(reportId, factId.get(c.code), c.value, c.approximate ? 1 : 0, c.unit, c.line, c.cell);
      db.exec(`INSERT INTO year_cells (year, code, report_id, value, approximate)
  SELECT r.year, c.code, f.report_id, f.value, f.approximate
  FROM facts f JOIN reports r ON r.id = f.report_id JOIN fact_codes c ON c.fact_id = f.fact_id
  WHERE f.report_id <= (SELECT upto FROM year_cells_upto) ORDER BY 1, 2, 3;
DROP TABLE year_packs;
DROP TABLE report_cells;`);
      db.pragma('user_version = 10');
    })();
  } finally {
    db.close();
  }
}
