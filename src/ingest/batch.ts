// Ingest's write batches: reports are stored in transactions of up to BATCH_REPORTS
// reports or BATCH_MS of work, whichever comes first, instead of one commit each
// (issue 13: the store, not the parser, held ingest to ~130 reports/s). The time bound
// keeps another process (a running bot) from waiting long for the write lock, and a
// crash loses at most one batch of work, never half a report.
import type { Store } from '../store/index.js';

export const BATCH_REPORTS = 500;
export const BATCH_MS = 250;

export class WriteBatcher {
  private count = 0;
  private started = 0;
  private open = false;

  constructor(
    private readonly store: Store,
    private readonly limits: { reports: number; ms: number } = { reports: BATCH_REPORTS, ms: BATCH_MS },
  ) {}

  /** Before a write: opens a batch when none is open. */
  write(): void {
    if (this.open) return;
    this.store.beginBatch();
    this.open = true;
    this.count = 0;
    this.started = performance.now();
  }

  /** After a write: commits when the batch is full or old enough. */
  written(): void {
    if (!this.open) return;
    this.count++;
    if (this.count >= this.limits.reports || performance.now() - this.started >= this.limits.ms) this.end();
  }

  /** Commits what is open (at the end, and before anything that must see it committed). */
  end(): void {
    if (!this.open) return;
    this.open = false;
    this.store.commitBatch();
  }
}
