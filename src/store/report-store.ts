// The store as the rest of the app uses it, whichever backend holds it: the embedded
// SQLite store answers at once (its methods return values), the PostgreSQL store later
// (its methods return Promises). Code above the store awaits every call, so one function
// serves both, and the SQLite store (and every test that opens one) needs no wrapper.
// Types only.
import type { ChunkRecord, StoredChunk } from './pg/types.js';
import type { SentLedger } from './ledger-types.js';
import type { Store } from './types.js';

/** A value now (SQLite) or later (PostgreSQL): always awaited. */
export type Awaitable<T> = T | Promise<T>;

/** `T` with every method's result Awaitable. */
export type EitherSync<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Awaitable<Awaited<R>> : T[K];
};

/** The reminder ledger of either backend: await every call. */
export type AnyLedger = EitherSync<SentLedger>;

/**
 * The store of either backend: every method of `Store`, awaited. What only a store shared
 * by several instances has (search chunks kept in the database, change notices) is
 * optional: present on PostgreSQL, absent on SQLite, where the search index reads the
 * report texts itself and another process's writes show in `externalChanges()`.
 */
export type ReportStore = Omit<EitherSync<Store>, 'ledger'> & {
  ledger(now?: () => Date): AnyLedger;
  saveChunks?(
    reportId: number,
    chunks: readonly ChunkRecord[],
    vectors?: readonly (readonly number[])[] | null,
    model?: string | null,
  ): Promise<void>;
  chunks?(filter?: { reportIds?: readonly number[]; year?: number; afterReportId?: number }): Promise<StoredChunk[]>;
  onChange?(listener: (counter: number) => void): Promise<() => Promise<void>>;
};
