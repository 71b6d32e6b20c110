// The PostgreSQL store's contract: the Store and SentLedger interfaces of src/store with
// every method returning a Promise (same names, same meaning), plus what a store shared
// by several instances adds: search chunks with embeddings, and change notices. Types only.
import type { SentLedger } from '../ledger-types.js';
import type { Store } from '../types.js';

/** `T` with every method returning a Promise of what it returned. */
export type Async<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : T[K];
};

/** The reminder ledger over a database shared by several processes. */
export type AsyncSentLedger = Async<SentLedger>;

/** What the planner reads synchronously (SentSet and PauseList of src/remind/plan.ts), read once. */
export interface LedgerSnapshot {
  has(key: string): boolean;
  isPaused(officeKey: string, year: number): boolean;
}

/** A passage of a report as stored for search (the fields of src/retrieval's Chunk it owns). */
export interface ChunkRecord {
  /** 0-based position among the report's chunks. */
  seq: number;
  /** The template part (1–6); 0 for the title and preamble. */
  part: number;
  partHeading: string;
  section: string | null;
  /** 1-based lines of the text where the passage starts and ends. */
  line: number;
  endLine: number;
  text: string;
}

/** A stored chunk with the report it belongs to and its embedding, if one was saved. */
export interface StoredChunk extends ChunkRecord {
  reportId: number;
  officeId: number;
  /** The office's name as the report gives it. */
  office: string;
  year: number;
  /** The embeddings' name that made `vector`; null with no vector. */
  model: string | null;
  vector: number[] | null;
}

/** The Store interface, async, with the shared deployment's additions. */
export interface AsyncStore extends Omit<Async<Store>, 'ledger'> {
  /** The reminders' ledger in this database; `now` stamps the rows (tests). */
  ledger(now?: () => Date): AsyncSentLedger;
  /**
   * Replaces a report's chunks (and their vectors, one per chunk or none) in one
   * transaction; `model` names the embeddings that made the vectors.
   */
  saveChunks(
    reportId: number,
    chunks: readonly ChunkRecord[],
    vectors?: readonly (readonly number[])[] | null,
    model?: string | null,
  ): Promise<void>;
  /**
   * Chunks of current reports (or of the given reports, current or not), by report and seq.
   * `afterReportId`: only reports stored after that one (ids only grow: a new version gets a
   * new id), for an instance catching up on what others ingested.
   */
  chunks(filter?: { reportIds?: readonly number[]; year?: number; afterReportId?: number }): Promise<StoredChunk[]>;
  /**
   * Calls `listener` with the change counter whenever another connection commits a write
   * (LISTEN nianbao_changes); resolves to a function that stops listening.
   */
  onChange(listener: (counter: number) => void): Promise<() => Promise<void>>;
}
