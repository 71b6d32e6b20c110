// Ingest's write batches: reports are stored in transactions of up to a number of
// reports or a time of work, whichever comes first, instead of one commit each
// (issue 13: the store, not the parser, held ingest to ~130 reports/s). The time bound
// keeps another process (a running bot) from waiting long for the write lock, and a
// crash loses at most one batch of work, never half a report. On PostgreSQL a batch
// stays under ~60 reports: past 64 savepoints a transaction overflows the server's
// subtransaction cache and every save slows (src/store/pg/store.ts).
import type { ReportStore } from '../store/index.js';

/** Reports per commit on the embedded SQLite store. */
export const BATCH_REPORTS = 500;
/** Reports per commit on PostgreSQL (each report is a savepoint; see above). */
export const PG_BATCH_REPORTS = 50;
/**
 * Longest batch on SQLite, ms. Each commit writes again the index pages every batch touches
 * (offices, hashes, a year's current reports): at 250 ms a busy machine committed ~90 times
 * over 8,571 reports, where full batches of 500 commit 18 times (the WAL 172 → 120 MB). A
 * writer waiting meanwhile (a bot filing a report) waits at most this, well inside the
 * store's busy_timeout of 5 s; readers never wait (WAL).
 */
export const BATCH_MS = 1000;
/** Longest batch on PostgreSQL, ms: its rows stay locked for other instances meanwhile. */
export const PG_BATCH_MS = 250;

export interface BatchLimits {
  reports: number;
  ms: number;
}

/** On PostgreSQL when each report's chunks are saved in the batch too: two savepoints a report. */
export const PG_BATCH_REPORTS_WITH_CHUNKS = 30;

/**
 * The batch size that suits the store: small where it is shared (PostgreSQL: it keeps
 * search chunks), smaller still when the chunks are saved in the batch as well.
 */
export function batchLimitsFor(store: Pick<ReportStore, 'chunks'>, opts: { withChunks?: boolean } = {}): BatchLimits {
  if (!store.chunks) return { reports: BATCH_REPORTS, ms: BATCH_MS };
  return { reports: opts.withChunks ? PG_BATCH_REPORTS_WITH_CHUNKS : PG_BATCH_REPORTS, ms: PG_BATCH_MS };
}

export class WriteBatcher {
  private count = 0;
  private started = 0;
  private open = false;

  /**
   * `beforeCommit`: work that must land in the same transaction as the batch's reports
   * (their search chunks on PostgreSQL, so another instance never sees a report without them).
   */
  constructor(
    private readonly store: Pick<ReportStore, 'beginBatch' | 'commitBatch'>,
    private readonly limits: BatchLimits = { reports: BATCH_REPORTS, ms: BATCH_MS },
    private readonly beforeCommit?: () => Promise<void>,
  ) {}

  /** Before a write: opens a batch when none is open. */
  async write(): Promise<void> {
    if (this.open) return;
    await this.store.beginBatch();
    this.open = true;
    this.count = 0;
    this.started = performance.now();
  }

  /** After a write: commits when the batch is full or old enough. */
  async written(): Promise<void> {
    if (!this.open) return;
    this.count++;
    if (this.count >= this.limits.reports || performance.now() - this.started >= this.limits.ms) await this.end();
  }

  /** Commits what is open (at the end, and before anything that must see it committed). */
  async end(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    try {
      await this.beforeCommit?.();
    } finally {
      await this.store.commitBatch();
    }
  }
}
