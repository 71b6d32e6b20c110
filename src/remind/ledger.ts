// The sent ledger and the pause list. One row per message under its key
// `${officeKey}|${year}|${step}`; the row exists before the message goes out.
//
// Exactly-once protocol (scheduler.ts follows it):
//   reserve  insert the row as 'pending'  — every message planned at this wake, in one
//            transaction, before anything is sent
//   attempt  'pending' → 'sending'        — written right before the send call
//   send
//   sent     'sending' → 'sent'
//   a send that throws: the row is released (deleted) and the next wake plans again.
// At start-up, recover() resolves what a crash left:
//   'pending'  the send was never attempted (the attempt mark comes first), so the row is
//              deleted and the planner plans the office again: nothing is lost;
//   'sending'  the process died inside the send call: the message may or may not have
//              gone out, and a WeChat room cannot be asked. We never resend it (a second
//              legal-deadline notice in a group is the failure we promise away) and mark it
//              'uncertain', which 提醒状态 shows and the log reports, so a person can check.
//              The office's next step still comes on schedule.
// So: never twice; never lost except when the process dies inside the send call itself,
// and then it is visible.
import type Database from 'better-sqlite3';
import type { Outbound, PauseList, SentSet } from './plan.js';

export type LedgerStatus = 'pending' | 'sending' | 'sent' | 'uncertain';

export interface LedgerRow {
  key: string;
  office: string;
  year: number;
  step: string;
  room: string;
  text: string;
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

export interface SentLedger extends SentSet, PauseList {
  /** True when a row exists in any status: the planner must not plan the key again. */
  has(key: string): boolean;
  /** Inserts 'pending' rows; returns the keys that were new (a key already present is skipped). */
  reserve(items: readonly Outbound[]): string[];
  markAttempt(key: string): void;
  markSent(key: string): void;
  /** The send failed without going out: forget the row so a later wake plans again. */
  release(key: string): void;
  /** Rows not yet 'sent' (pending, sending, uncertain). */
  pending(): LedgerRow[];
  recover(): Recovery;
  rows(filter?: { year?: number; office?: string }): LedgerRow[];
  pause(officeKey: string, year: number, by: string): void;
  /** False when the office was not paused for that year. */
  resume(officeKey: string, year: number): boolean;
  pausedRows(year?: number): PauseRow[];
}

type Clock = () => Date;

function rowOf(o: Outbound, createdAt: string): LedgerRow {
  return { key: o.key, office: o.office, year: o.year, step: o.step, room: o.room, text: o.text, status: 'pending', createdAt, sentAt: null };
}

export class MemoryLedger implements SentLedger {
  private readonly data = new Map<string, LedgerRow>();
  private readonly pauses = new Map<string, PauseRow>();
  constructor(private readonly now: Clock = () => new Date()) {}

  has(key: string): boolean {
    return this.data.has(key);
  }
  reserve(items: readonly Outbound[]): string[] {
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
      .filter((r) => (filter.year === undefined || r.year === filter.year) && (filter.office === undefined || r.office === filter.office))
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

/** Creates the two tables the reminders own, in the store's database. Idempotent. */
export function ensureRemindTables(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS reminder_sent (
      key        TEXT PRIMARY KEY,
      office     TEXT NOT NULL,
      year       INTEGER NOT NULL,
      step       TEXT NOT NULL,
      room       TEXT NOT NULL,
      text       TEXT NOT NULL,
      status     TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'uncertain')),
      created_at TEXT NOT NULL,
      sent_at    TEXT
    );
    CREATE INDEX IF NOT EXISTS reminder_sent_year ON reminder_sent (year, office);
    CREATE TABLE IF NOT EXISTS reminder_paused (
      office_key TEXT NOT NULL,
      year       INTEGER NOT NULL,
      by         TEXT NOT NULL,
      at         TEXT NOT NULL,
      PRIMARY KEY (office_key, year)
    );
  `);
}

/** True when the database already has the reminder tables (read-only callers check first). */
export function hasRemindTables(db: Database.Database): boolean {
  const n = db
    .prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('reminder_sent', 'reminder_paused')`)
    .pluck()
    .get() as number;
  return n === 2;
}

interface SqlRow {
  key: string;
  office: string;
  year: number;
  step: string;
  room: string;
  text: string;
  status: LedgerStatus;
  created_at: string;
  sent_at: string | null;
}

const fromSql = (r: SqlRow): LedgerRow => ({
  key: r.key,
  office: r.office,
  year: r.year,
  step: r.step,
  room: r.room,
  text: r.text,
  status: r.status,
  createdAt: r.created_at,
  sentAt: r.sent_at,
});

/** The ledger in SQLite: every state change is one committed statement, so it survives a crash. */
export class SqliteLedger implements SentLedger {
  private readonly stmt;
  private readonly reserveTx: (items: readonly Outbound[]) => string[];

  constructor(
    private readonly db: Database.Database,
    private readonly now: Clock = () => new Date(),
  ) {
    ensureRemindTables(db);
    const p = (sql: string) => db.prepare(sql);
    this.stmt = {
      has: p(`SELECT 1 FROM reminder_sent WHERE key = ?`).pluck(),
      insert: p(`INSERT OR IGNORE INTO reminder_sent (key, office, year, step, room, text, status, created_at)
        VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)`),
      move: p(`UPDATE reminder_sent SET status = ?, sent_at = coalesce(?, sent_at) WHERE key = ? AND status = ?`),
      release: p(`DELETE FROM reminder_sent WHERE key = ?`),
      pending: p(`SELECT * FROM reminder_sent WHERE status <> 'sent' ORDER BY created_at, key`),
      byStatus: p(`SELECT * FROM reminder_sent WHERE status = ? ORDER BY created_at, key`),
      deletePending: p(`DELETE FROM reminder_sent WHERE status = 'pending'`),
      sendingToUncertain: p(`UPDATE reminder_sent SET status = 'uncertain' WHERE status = 'sending'`),
      rows: p(`SELECT * FROM reminder_sent WHERE (@year IS NULL OR year = @year) AND (@office IS NULL OR office = @office) ORDER BY created_at, key`),
      isPaused: p(`SELECT 1 FROM reminder_paused WHERE office_key = ? AND year = ?`).pluck(),
      pause: p(`INSERT OR REPLACE INTO reminder_paused (office_key, year, by, at) VALUES (?, ?, ?, ?)`),
      resume: p(`DELETE FROM reminder_paused WHERE office_key = ? AND year = ?`),
      paused: p(`SELECT office_key, year, by, at FROM reminder_paused WHERE (@year IS NULL OR year = @year) ORDER BY year, office_key`),
    };
    this.reserveTx = db.transaction((items: readonly Outbound[]) => {
      const at = this.now().toISOString();
      return items.filter((o) => this.stmt.insert.run(o.key, o.office, o.year, o.step, o.room, o.text, at).changes === 1).map((o) => o.key);
    });
  }

  has(key: string): boolean {
    return this.stmt.has.get(key) !== undefined;
  }
  reserve(items: readonly Outbound[]): string[] {
    return this.reserveTx(items);
  }
  private move(key: string, from: LedgerStatus, to: LedgerStatus): void {
    const sentAt = to === 'sent' ? this.now().toISOString() : null;
    if (this.stmt.move.run(to, sentAt, key, from).changes !== 1) throw new Error(`提醒记录 ${key} 的状态不是 ${from}，不能改为 ${to}`);
  }
  markAttempt(key: string): void {
    this.move(key, 'pending', 'sending');
  }
  markSent(key: string): void {
    this.move(key, 'sending', 'sent');
  }
  release(key: string): void {
    this.stmt.release.run(key);
  }
  pending(): LedgerRow[] {
    return (this.stmt.pending.all() as SqlRow[]).map(fromSql);
  }
  recover(): Recovery {
    return this.db.transaction(() => {
      const requeued = (this.stmt.byStatus.all('pending') as SqlRow[]).map(fromSql);
      const uncertain = (this.stmt.byStatus.all('sending') as SqlRow[]).map((r) => ({ ...fromSql(r), status: 'uncertain' as const }));
      this.stmt.deletePending.run();
      this.stmt.sendingToUncertain.run();
      return { requeued, uncertain };
    })();
  }
  rows(filter: { year?: number; office?: string } = {}): LedgerRow[] {
    return (this.stmt.rows.all({ year: filter.year ?? null, office: filter.office ?? null }) as SqlRow[]).map(fromSql);
  }
  isPaused(officeKey: string, year: number): boolean {
    return this.stmt.isPaused.get(officeKey, year) !== undefined;
  }
  pause(officeKey: string, year: number, by: string): void {
    this.stmt.pause.run(officeKey, year, by, this.now().toISOString());
  }
  resume(officeKey: string, year: number): boolean {
    return this.stmt.resume.run(officeKey, year).changes > 0;
  }
  pausedRows(year?: number): PauseRow[] {
    return (this.stmt.paused.all({ year: year ?? null }) as { office_key: string; year: number; by: string; at: string }[]).map((r) => ({
      officeKey: r.office_key,
      year: r.year,
      by: r.by,
      at: r.at,
    }));
  }
}
