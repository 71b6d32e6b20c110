// The PostgreSQL schema: applied on open, versioned, once even when several instances
// open one new database at the same moment, refusing a newer database; and the same
// tables and columns as the SQLite schema of the version it mirrors, so a migration
// added to one dialect and not the other fails here. Needs a server (NIANBAO_TEST_PG)
// except for the dialect check's SQLite half.
import Database from 'better-sqlite3';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, SCHEMA_VERSION } from '../src/store/index.js';
import { migratePg, openPgStore, PG_MIGRATIONS, PG_SCHEMA_VERSION, SQLITE_VERSION_OF } from '../src/store/pg/index.js';
import {
  describeOnPostgres,
  postgresForTests,
  queryDb,
  type SuiteDatabase,
  useTestDatabase,
} from './support/postgres.js';

const server = await postgresForTests();

/** What PostgreSQL has beyond SQLite, on purpose (see src/store/pg/schema.ts). */
const PG_ONLY_TABLES = ['chunks', 'schema_version', 'store_changes'];
const PG_ONLY_COLUMNS = ['reminder_sent.owner'];
/**
 * SQLite's packed tables (schema 11: a report's cells, a year's cells of a fact per merge) and
 * the rows PostgreSQL keeps for them, as SQLite held them at schema 10.
 */
const SQLITE_PACKED = { tables: ['report_cells', 'year_packs'], rowsAt: 10, rows: ['facts', 'year_cells'] };

/** table.column → NOT NULL, of a SQLite database at schema version `version`. */
function sqliteColumns(version: number): Map<string, boolean> {
  const db = new Database(':memory:');
  migrate(db, MIGRATIONS.slice(0, version));
  const out = new Map<string, boolean>();
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
    .pluck()
    .all() as string[];
  for (const t of tables) {
    for (const c of db.prepare(`SELECT name, "notnull" AS nn, pk FROM pragma_table_info(?)`).all(t) as {
      name: string;
      nn: number;
      pk: number;
    }[]) {
      // SQLite lets a lone INTEGER PRIMARY KEY (rowid) or a WITHOUT ROWID key be null-free implicitly.
      out.set(`${t}.${c.name}`, c.nn === 1 || c.pk > 0);
    }
  }
  db.close();
  return out;
}

describe('the two dialects', () => {
  it('PostgreSQL has a step for the SQLite schema version this program writes', () => {
    expect(SQLITE_VERSION_OF).toHaveLength(PG_MIGRATIONS.length + 1);
    // SQLite at version N needs a PostgreSQL step mirroring it: add one to src/store/pg/schema.ts.
    expect(SQLITE_VERSION_OF[PG_SCHEMA_VERSION]).toBe(SCHEMA_VERSION);
  });
});

let db: SuiteDatabase;

describeOnPostgres(server, 'the PostgreSQL schema', () => {
  db = useTestDatabase('schema');

  beforeAll(async () => {});

  it('five instances opening a new database at once apply it once, at the current version', async () => {
    const stores = await Promise.all(Array.from({ length: 5 }, () => openPgStore(db.url, { max: 2 })));
    expect(await queryDb(db.url, 'SELECT version FROM schema_version')).toEqual([{ version: PG_SCHEMA_VERSION }]);
    expect(await queryDb(db.url, 'SELECT id, counter FROM store_changes')).toEqual([{ id: 1, counter: '0' }]);
    // The password never shows in the store's path (a user named like the password would fool a substring check).
    const shown = new URL(stores[0].path);
    expect(shown.password === '' || shown.password === '***').toBe(true);
    if (new URL(db.url).password) expect(shown.password).toBe('***');
    for (const s of stores) await s.close();
  });

  it('has the same tables and columns (and NOT NULLs) as SQLite at the version it mirrors', async () => {
    const version = SQLITE_VERSION_OF[PG_SCHEMA_VERSION];
    const want = sqliteColumns(version);
    if (version > SQLITE_PACKED.rowsAt) {
      for (const col of [...want.keys()]) if (SQLITE_PACKED.tables.includes(col.split('.')[0])) want.delete(col);
      for (const [col, notNull] of sqliteColumns(SQLITE_PACKED.rowsAt))
        if (SQLITE_PACKED.rows.includes(col.split('.')[0])) want.set(col, notNull);
    }
    const rows = await queryDb<{ t: string; c: string; nullable: string }>(
      db.url,
      `SELECT table_name AS t, column_name AS c, is_nullable AS nullable FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const have = new Map(
      rows
        .filter((r) => !PG_ONLY_TABLES.includes(r.t) && !PG_ONLY_COLUMNS.includes(`${r.t}.${r.c}`))
        .map((r) => [`${r.t}.${r.c}`, r.nullable === 'NO']),
    );
    expect([...have.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [col, notNull] of want) expect([col, have.get(col)]).toEqual([col, notNull]);
  });

  it('applies only the steps not yet applied, and refuses a newer database in Chinese', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const later = [...PG_MIGRATIONS, 'CREATE TABLE later_step (id serial PRIMARY KEY, body text)'];
      expect(await migratePg(client as unknown as pg.PoolClient, later)).toBe(later.length);
      await client.query(`INSERT INTO later_step (body) VALUES ('x')`);
      await migratePg(client as unknown as pg.PoolClient, later); // nothing left: the table and its row stay
      expect((await client.query('SELECT count(*)::int AS n FROM later_step')).rows).toEqual([{ n: 1 }]);
      await expect(migratePg(client as unknown as pg.PoolClient)).rejects.toThrow(/比本程序支持的版本/);
      await expect(openPgStore(db.url)).rejects.toThrow(/请升级年报助手/);
    } finally {
      await client.end();
    }
  });
});
