// The reminder ledger in SQLite: the SQL of the reminder_sent and reminder_paused tables
// (created by the store's migrations, src/store/schema.ts V6), one place for this backend.
// Every state change is one committed statement, so the ledger survives a crash; the
// protocol it keeps is described in src/remind/ledger.ts.
import type Database from 'better-sqlite3';
import type { LedgerItem, LedgerRow, LedgerStatus, PauseRow, Recovery, SentLedger } from './ledger-types.js';
import { type LedgerSqlRow, type PauseSqlRow, toLedgerRow, toPauseRow } from './rows.js';

type Clock = () => Date;

/** The ledger in SQLite: every state change is one committed statement, so it survives a crash. */
export class SqliteLedger implements SentLedger {
  private readonly stmt;
  private readonly reserveTx: (items: readonly LedgerItem[]) => string[];

  constructor(
    private readonly db: Database.Database,
    private readonly now: Clock = () => new Date(),
  ) {
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
      rows: p(
        `SELECT * FROM reminder_sent WHERE (@year IS NULL OR year = @year) AND (@office IS NULL OR office = @office) ORDER BY created_at, key`,
      ),
      isPaused: p(`SELECT 1 FROM reminder_paused WHERE office_key = ? AND year = ?`).pluck(),
      pause: p(`INSERT OR REPLACE INTO reminder_paused (office_key, year, by, at) VALUES (?, ?, ?, ?)`),
      resume: p(`DELETE FROM reminder_paused WHERE office_key = ? AND year = ?`),
      paused: p(
        `SELECT office_key, year, by, at FROM reminder_paused WHERE (@year IS NULL OR year = @year) ORDER BY year, office_key`,
      ),
    };
    this.reserveTx = db.transaction((items: readonly LedgerItem[]) => {
      const at = this.now().toISOString();
      return items
        .filter((o) => this.stmt.insert.run(o.key, o.office, o.year, o.step, o.room, o.text, at).changes === 1)
        .map((o) => o.key);
    });
  }

  has(key: string): boolean {
    return this.stmt.has.get(key) !== undefined;
  }
  reserve(items: readonly LedgerItem[]): string[] {
    return this.reserveTx(items);
  }
  private move(key: string, from: LedgerStatus, to: LedgerStatus): void {
    const sentAt = to === 'sent' ? this.now().toISOString() : null;
    if (this.stmt.move.run(to, sentAt, key, from).changes !== 1)
      throw new Error(`提醒记录 ${key} 的状态不是 ${from}，不能改为 ${to}`);
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
    return (this.stmt.pending.all() as LedgerSqlRow[]).map(toLedgerRow);
  }
  recover(): Recovery {
    return this.db.transaction(() => {
      const requeued = (this.stmt.byStatus.all('pending') as LedgerSqlRow[]).map(toLedgerRow);
      const uncertain = (this.stmt.byStatus.all('sending') as LedgerSqlRow[]).map((r) => ({
        ...toLedgerRow(r),
        status: 'uncertain' as const,
      }));
      this.stmt.deletePending.run();
      this.stmt.sendingToUncertain.run();
      return { requeued, uncertain };
    })();
  }
  rows(filter: { year?: number; office?: string } = {}): LedgerRow[] {
    return (this.stmt.rows.all({ year: filter.year ?? null, office: filter.office ?? null }) as LedgerSqlRow[]).map(
      toLedgerRow,
    );
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
    return (this.stmt.paused.all({ year: year ?? null }) as PauseSqlRow[]).map(toPauseRow);
  }
}
