// The store's own connection, for tests of the store and of what writes through it
// (pragmas, open transactions, a trigger that forces a failure). Production code never
// imports this file: it gets what it needs from the Store's methods and store.ledger().
import type Database from 'better-sqlite3';
import type { Store } from './types.js';

const connections = new WeakMap<Store, Database.Database>();

/** Called by openStore only. */
export function rememberConnection(store: Store, db: Database.Database): void {
  connections.set(store, db);
}

/** The connection a store opened with openStore (tests only). */
export function connectionOf(store: Store): Database.Database {
  const db = connections.get(store);
  if (!db) throw new Error('this store was not opened by openStore');
  return db;
}

const statements = new WeakMap<Store, readonly string[]>();

/** Called by openStore only: the SQL of every statement the store prepared up front. */
export function rememberStatements(store: Store, sql: readonly string[]): void {
  statements.set(store, sql);
}

/** The SQL of the statements a store opened with openStore prepared (tests of its query plans). */
export function statementsOf(store: Store): readonly string[] {
  const sql = statements.get(store);
  if (!sql) throw new Error('this store was not opened by openStore');
  return sql;
}
