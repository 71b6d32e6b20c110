// The PostgreSQL backend of the store, for several bot instances sharing one database:
// PgStore (the Store interface, async), PgLedger (the reminder ledger, exactly once across
// processes), the migrations applied on open, and the copy of an embedded SQLite folder.
// This file is the folder's face. Wiring, in short:
//   const store = await openPgStore(url);            // migrates; store.close() ends the pool
//   const ledger = store.ledger();                   // one owner (process) per store
//   await ledger.recover();                          // at start, as recoverLedger does
//   const seen = await ledger.snapshot();            // the planner's sync SentSet/PauseList
//   await ledger.reserve(planned) → attempt → send → sent (runReminders' protocol, awaited)
//   const stop = await store.onChange(refresh);      // or poll store.externalChanges()
import pg from 'pg';
import { migratePg } from './schema.js';
import { PgStore } from './store.js';

export { PgStore, CHANGES_CHANNEL, type PgStoreOptions } from './store.js';
export { LedgerOwner, PgLedger, type PgLedgerOptions } from './ledger.js';
export { copySqliteToPg, type TableCount } from './copy.js';
export { PG_MIGRATIONS, PG_SCHEMA_VERSION, SQLITE_VERSION_OF, MIGRATION_LOCK, migratePg } from './schema.js';
export type * from './types.js';

export interface OpenPgOptions {
  /** Clock for `ingested_at` (tests). */
  now?: () => Date;
  /** Connections the store's pool may open (default 10). */
  max?: number;
}

/** The connection string without its password, for logs and `store.path`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/**
 * Connects to `url` (postgres://user:password@host:port/database), brings the schema up to
 * date (one transaction, under an advisory lock: safe when several instances start at
 * once) and returns the store, which owns its pool: close() ends it.
 */
export async function openPgStore(url: string, options: OpenPgOptions = {}): Promise<PgStore> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle connection the server dropped must not crash the process: the next query reconnects.
  pool.on('error', () => {});
  try {
    const c = await pool.connect();
    try {
      await migratePg(c);
    } finally {
      c.release();
    }
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  return new PgStore(pool, redactUrl(url), { now: options.now, ownsPool: true });
}
