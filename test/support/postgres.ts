// A real PostgreSQL for the PostgreSQL suites: the server named by NIANBAO_TEST_PG (or
// DATABASE_URL), and a throwaway database per test file, dropped after it. With no server
// reachable the suites skip, and say why in their titles (a bare clone's `npm test` passes).
// .ci/run starts a server on loopback and sets NIANBAO_TEST_PG. A suite reads:
//   const server = await postgresForTests();
//   describeOnPostgres(server, 'the PostgreSQL store', () => {
//     const db = useTestDatabase('store', { emptyEachTest: true });
//     it('…', async () => { const store = await db.open(); … });
//   });
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { type OpenPgOptions, openPgStore, type PgStore } from '../../src/store/pg/index.js';

/** The server's connection string, as configured; null when none is. */
export const PG_SERVER_URL: string | null = process.env.NIANBAO_TEST_PG || process.env.DATABASE_URL || null;

export interface PostgresForTests {
  /** The server's connection string when it answered; null when the suites must skip. */
  url: string | null;
  /** Why the suites skip ('' when they run). */
  reason: string;
}

let probed: Promise<PostgresForTests> | null = null;

/** Asks the configured server once (3 s at most) whether it answers. */
export function postgresForTests(): Promise<PostgresForTests> {
  probed ??= (async () => {
    if (!PG_SERVER_URL)
      return { url: null, reason: 'no PostgreSQL server: set NIANBAO_TEST_PG=postgres://… (.ci/run starts one)' };
    const client = new pg.Client({ connectionString: PG_SERVER_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return { url: PG_SERVER_URL, reason: '' };
    } catch (err) {
      return { url: null, reason: `PostgreSQL at NIANBAO_TEST_PG does not answer (${(err as Error).message})` };
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return probed;
}

/** A suite's title, with the reason it skips when it does. */
export function suiteTitle(title: string, server: PostgresForTests): string {
  return server.url ? title : `${title} — skipped: ${server.reason}`;
}

/** A describe() that runs when the server answers, and otherwise skips saying why in its title. */
export function describeOnPostgres(server: PostgresForTests, title: string, fn: () => void): void {
  describe.skipIf(!server.url)(suiteTitle(title, server), fn);
}

export interface TestDatabase {
  /** Connection string of the new, empty database. */
  url: string;
  name: string;
  /** Drops the database (closing what is still connected to it). */
  drop(): Promise<void>;
}

async function onServer<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates an empty database on the server with a unique name (`nianbao_test_<tag>_<random>`). */
export async function createTestDatabase(serverUrl: string, tag = 'store'): Promise<TestDatabase> {
  const name = `nianbao_test_${tag.replace(/\W/g, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await onServer(serverUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () =>
      onServer(serverUrl, async (c) => {
        // FORCE (PostgreSQL 13+) closes a connection a failed test left open.
        await c
          .query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
          .catch(() => c.query(`DROP DATABASE IF EXISTS ${name}`));
      }),
  };
}

/** Empties every table of the store's schema (ids restart), leaving the schema as migrated. */
export async function emptyTables(url: string): Promise<void> {
  await onServer(url, async (c) => {
    const tables = (
      await c.query<{ t: string }>(
        `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('schema_version', 'store_changes')`,
      )
    ).rows.map((r) => r.t);
    if (tables.length) await c.query(`TRUNCATE ${tables.join(', ')} RESTART IDENTITY CASCADE`);
    await c.query(`UPDATE store_changes SET counter = 0`).catch(() => {});
  });
}

/** Runs one query on the database (tests that look under the store). */
export function queryDb<T extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return onServer(url, async (c) => (await c.query<T>(sql, params)).rows);
}

/** The throwaway database of one suite, as useTestDatabase gives it. */
export interface SuiteDatabase {
  /** Connection string of the database (from the suite's beforeAll on). */
  readonly url: string;
  readonly name: string;
  /**
   * Opens a store on it, closed for the suite: after the test that opened it, or after the
   * suite when opened in a beforeAll.
   */
  open(options?: OpenPgOptions): Promise<PgStore>;
}

/**
 * Registers, in the describe it is called in, the hooks of a suite on its own database:
 * created (on the server NIANBAO_TEST_PG names) before the suite and dropped after it, the
 * stores `open` gave closed when their test or suite ends, and with `emptyEachTest` every
 * test starting from an empty, migrated store. Call it first in the describe, so its
 * closing runs after the suite's own after-hooks.
 */
export function useTestDatabase(tag: string, options: { emptyEachTest?: boolean } = {}): SuiteDatabase {
  let db: TestDatabase | undefined;
  const forSuite: PgStore[] = [];
  const forTest: PgStore[] = [];
  let inTest = false;
  const created = (): TestDatabase => {
    if (!db) throw new Error("useTestDatabase: the database is made in the suite's beforeAll; use it from there on");
    return db;
  };
  beforeAll(async () => {
    db = await createTestDatabase(PG_SERVER_URL!, tag);
  });
  afterAll(async () => {
    for (const s of forSuite.splice(0)) await s.close();
    await db?.drop();
  });
  beforeEach(async () => {
    inTest = true;
    if (!options.emptyEachTest) return;
    // Migrated by a first open, then emptied: the test starts from an empty store.
    await (await openPgStore(created().url)).close();
    await emptyTables(created().url);
  });
  afterEach(async () => {
    for (const s of forTest.splice(0)) await s.close();
    inTest = false;
  });
  return {
    get url() {
      return created().url;
    },
    get name() {
      return created().name;
    },
    async open(openOptions?: OpenPgOptions) {
      const store = await openPgStore(created().url, openOptions);
      (inTest ? forTest : forSuite).push(store);
      return store;
    },
  };
}
