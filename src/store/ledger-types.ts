// The reminder ledger's contract: what every backend (SQLite today, PostgreSQL later,
// an in-memory one for tests) must keep. Types only. The exactly-once protocol it
// serves is described in src/remind/ledger.ts; the store owns the tables, so the
// contract lives here, below the reminders that use it.

export type LedgerStatus = 'pending' | 'sending' | 'sent' | 'uncertain';

/** One planned message, as the ledger records it (src/remind/plan.ts's Outbound has these fields). */
export interface LedgerItem {
  /** `${officeKey}|${year}|${step}` */
  key: string;
  office: string;
  year: number;
  step: string;
  room: string;
  text: string;
}

export interface LedgerRow extends LedgerItem {
  status: LedgerStatus;
  /** ISO instant the row was reserved. */
  createdAt: string;
  /** ISO instant the send completed; null until then. */
  sentAt: string | null;
}

export interface PauseRow {
  officeKey: string;
  year: number;
  by: string;
  at: string;
}

export interface Recovery {
  /** Reserved but never attempted: deleted, will be planned again. */
  requeued: LedgerRow[];
  /** Attempted when the process died: never resent, now 'uncertain'. */
  uncertain: LedgerRow[];
}

export interface SentLedger {
  /** True when a row exists in any status: the planner must not plan the key again. */
  has(key: string): boolean;
  /** Inserts 'pending' rows; returns the keys that were new (a key already present is skipped). */
  reserve(items: readonly LedgerItem[]): string[];
  markAttempt(key: string): void;
  markSent(key: string): void;
  /** The send failed without going out: forget the row so a later wake plans again. */
  release(key: string): void;
  /** Rows not yet 'sent' (pending, sending, uncertain). */
  pending(): LedgerRow[];
  recover(): Recovery;
  rows(filter?: { year?: number; office?: string }): LedgerRow[];
  isPaused(officeKey: string, year: number): boolean;
  pause(officeKey: string, year: number, by: string): void;
  /** False when the office was not paused for that year. */
  resume(officeKey: string, year: number): boolean;
  pausedRows(year?: number): PauseRow[];
}
