// A real PostgreSQL for the PostgreSQL suites: the server named by NIANBAO_TEST_PG (or
// DATABASE_URL), and a throwaway database per test file, dropped after it. With no server
// reachable the suites skip, and say why in their titles (a bare clone's `npm test` passes).
// .ci/run starts a server on loopback and sets NIANBAO_TEST_PG.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

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
