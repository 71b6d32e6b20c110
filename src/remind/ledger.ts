// The sent ledger and the pause list: the protocol, and the in-memory ledger (tests, and
// commands with no database yet). The SQLite ledger lives with its tables in the store
// (src/store/sqlite-ledger.ts; callers get it from `store.ledger()`). One row per message
// under its key `${officeKey}|${year}|${step}`; the row exists before the message goes out.
//
// Exactly-once protocol (scheduler.ts follows it):
//   reserve  insert the row as 'pending'  — every message planned at this wake, in one
//            transaction, before anything is sent
//   attempt  'pending' → 'sending'        — written right before the send call
//   send
//   sent     'sending' → 'sent'
//   a send that throws: the row is released (deleted) and the next wake plans again.
// Before every wake (and so at start-up), recover() resolves what a crash left:
//   'pending'  the send was never attempted (the attempt mark comes first), so the row is
//              deleted and the planner plans the office again: nothing is lost;
//   'sending'  the process died inside the send call: the message may or may not have
//              gone out, and a WeChat room cannot be asked. We never resend it (a second
//              legal-deadline notice in a group is the failure we promise away) and mark it
//              'uncertain', which 提醒状态 shows and the log reports, so a person can check.
//              The office's next step still comes on schedule.
// So: never twice; never lost except when the process dies inside the send call itself,
// and then it is visible.
//
// Either backend: the SQLite ledger answers at once, PostgreSQL's (PgLedger, exactly once
// across processes: the loser of a race for a key skips it) later. Callers await every
// call (AnyLedger), and the pure planner reads a LedgerView taken once per wake. On
// PostgreSQL several live bots share the rows: recover() there resolves only those of
// processes gone (and its own), so the next wake of any live bot covers one that died.
import type { AnyLedger, LedgerItem, LedgerRow, LedgerStatus, PauseRow, Recovery, SentLedger } from '../store/index.js';
import type { PauseList, SentSet } from './plan.js';

export type { AnyLedger, LedgerItem, LedgerRow, LedgerStatus, PauseRow, Recovery, SentLedger } from '../store/index.js';

/** What the planner and the status read of a ledger, synchronously: read once, then asked. */
export type LedgerView = SentSet & PauseList;

/** The pauses of some years as the pure status and planner ask them (one office and year at a time). */
export function pauseListOf(rows: readonly PauseRow[]): PauseList {
  const paused = new Set(rows.map((p) => `${p.officeKey}|${p.year}`));
  return { isPaused: (officeKey, year) => paused.has(`${officeKey}|${year}`) };
}

/** A ledger that reads its keys and pauses in one go (PgLedger). */
interface Snapshotting {
  snapshot(): Promise<LedgerView>;
}

/**
 * The ledger's keys and pauses for the report years a wake plans (the planner asks nothing
 * else), read once. A ledger that can snapshot itself in one go (PgLedger.snapshot(): every
 * key, two queries) does; any other is read through its rows of those years. Stale by
 * design: between this read and the reservation another process may reserve a key, and
 * reserve() is what decides (the loser skips).
 */
export async function ledgerView(ledger: AnyLedger, years: readonly number[]): Promise<LedgerView> {
  const snapshot = (ledger as Partial<Snapshotting>).snapshot;
  if (typeof snapshot === 'function') return snapshot.call(ledger);
  const [rows, pauses] = await Promise.all([
    Promise.all(years.map((year) => ledger.rows({ year }))),
    Promise.all(years.map((year) => ledger.pausedRows(year))),
  ]);
  const keys = new Set(rows.flat().map((r) => r.key));
  return { has: (key) => keys.has(key), ...pauseListOf(pauses.flat()) };
}

type Clock = () => Date;

function rowOf(o: LedgerItem, createdAt: string): LedgerRow {
  return {
    key: o.key,
    office: o.office,
    year: o.year,
    step: o.step,
    room: o.room,
    text: o.text,
    status: 'pending',
    createdAt,
    sentAt: null,
  };
}

export class MemoryLedger implements SentLedger {
  private readonly data = new Map<string, LedgerRow>();
  private readonly pauses = new Map<string, PauseRow>();
  constructor(private readonly now: Clock = () => new Date()) {}

  has(key: string): boolean {
    return this.data.has(key);
  }
  reserve(items: readonly LedgerItem[]): string[] {
    const fresh: string[] = [];
    for (const o of items) {
      if (this.data.has(o.key)) continue;
      this.data.set(o.key, rowOf(o, this.now().toISOString()));
      fresh.push(o.key);
    }
    return fresh;
  }
  private move(key: string, from: LedgerStatus[], to: LedgerStatus): void {
    const row = this.data.get(key);
    if (!row || !from.includes(row.status)) throw new Error(`提醒记录 ${key} 的状态不允许变为 ${to}`);
    row.status = to;
    if (to === 'sent') row.sentAt = this.now().toISOString();
  }
  markAttempt(key: string): void {
    this.move(key, ['pending'], 'sending');
  }
  markSent(key: string): void {
    this.move(key, ['sending'], 'sent');
  }
  release(key: string): void {
    this.data.delete(key);
  }
  pending(): LedgerRow[] {
    return [...this.data.values()].filter((r) => r.status !== 'sent').map((r) => ({ ...r }));
  }
  recover(): Recovery {
    const requeued: LedgerRow[] = [];
    const uncertain: LedgerRow[] = [];
    for (const row of [...this.data.values()]) {
      if (row.status === 'pending') {
        this.data.delete(row.key);
        requeued.push({ ...row });
      } else if (row.status === 'sending') {
        row.status = 'uncertain';
        uncertain.push({ ...row });
      }
    }
    return { requeued, uncertain };
  }
  rows(filter: { year?: number; office?: string } = {}): LedgerRow[] {
    return [...this.data.values()]
      .filter(
        (r) =>
          (filter.year === undefined || r.year === filter.year) &&
          (filter.office === undefined || r.office === filter.office),
      )
      .map((r) => ({ ...r }));
  }
  isPaused(officeKey: string, year: number): boolean {
    return this.pauses.has(`${officeKey}|${year}`);
  }
  pause(officeKey: string, year: number, by: string): void {
    this.pauses.set(`${officeKey}|${year}`, { officeKey, year, by, at: this.now().toISOString() });
  }
  resume(officeKey: string, year: number): boolean {
    return this.pauses.delete(`${officeKey}|${year}`);
  }
  pausedRows(year?: number): PauseRow[] {
    return [...this.pauses.values()].filter((p) => year === undefined || p.year === year).map((p) => ({ ...p }));
  }
}
