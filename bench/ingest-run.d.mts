// Types of bench/ingest-run.mjs's result: the one line of JSON it prints.

/** One ingest + index of a folder, as `nianbao ingest` runs it, timed in its own process. */
export interface IngestRunResult {
  /** The code that ran: compiled dist/ (plain node, as the command) or the source through tsx. */
  code: 'dist' | 'src';
  /** ingestPaths: every file read, extracted, parsed and stored (batched commits). */
  ingestMs: number;
  /** The prose facts' backfill, the search index opened and brought up to date (chunk, embed, vectors, BM25, save). */
  indexMs: number;
  /**
   * The store closed, as the command does before it returns: its tail merged and the log
   * checkpointed. Part of the end-to-end time: ingestMs + indexMs + closeMs.
   */
  closeMs: number;
  /** This process's CPU time (every thread, user + system) over ingest, index and close, ms. */
  cpuMs: number;
  /** Reports the index step added. */
  indexed: number;
  /** Peak resident set of this process, KB (getrusage's ru_maxrss), through ingest, index and close. */
  peakRssKB: number;
  /** Results by status: added, replaced, conflict, unchanged, failed. */
  statuses: Record<string, number>;
  /** The first few failures, file name and reason. */
  failures: { file: string; reason: string }[];
}
