// The reminder ledger over PostgreSQL, shared by several bot processes: the protocol of
// src/remind/ledger.ts (reserve → attempt → send → sent; recovery of what a crash left),
// exactly once across processes. reserve is one INSERT … ON CONFLICT DO NOTHING RETURNING
// key: of two processes reserving one key at once, exactly one gets it, the other skips.
// Every state change is one committed statement, so the ledger survives a crash.
//
// What SQLite never needed: several live processes. Each process (each PgStore) has an owner
// id, written on the rows it reserves, and holds a session advisory lock on it while it
// lives (taken before its first reservation, released by the server when the process or
// its connection dies). recover() resolves only rows whose owner no longer holds its lock:
// a bot starting up never requeues or marks 'uncertain' the message another live bot is
// sending. And a process moves only its own rows (attempt, sent, release): should its lock
// be lost while it lives and another process recover its rows, its next step fails
// instead of sending what the other may send too.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Pool, PoolClient } from 'pg';
import type { LedgerItem, LedgerRow, LedgerStatus, PauseRow, Recovery } from '../ledger-types.js';
import type { AsyncSentLedger, LedgerSnapshot } from './types.js';
import { type LedgerSqlRow, type PauseSqlRow, toLedgerRow, toPauseRow } from '../rows.js';

type Clock = () => Date;

const COLS = 'key, office, year, step, room, text, status, created_at, sent_at';
const ORDER = 'ORDER BY created_at, key COLLATE "C"';

/** In the order the SQLite ledger lists rows: by creation, then key (code points). */
function byCreation(a: LedgerRow, b: LedgerRow): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

const LIVENESS = `hashtextextended('nianbao.ledger:' || $1, 0)`;

/**
 * A process's identity in the ledger: its id, and the session advisory lock that says it
 * is alive, held on a connection of its own from the first reservation on.
 */
export class LedgerOwner {
  readonly id: string;
  private held: Promise<PoolClient> | null = null;

  constructor(
    private readonly pool: Pool,
    id?: string,
  ) {
    this.id = id ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  /** Takes the lock once; taken again after its connection was lost. */
  hold(): Promise<PoolClient> {
    this.held ??= (async () => {
      const c = await this.pool.connect();
      // A lost connection must not crash the process: the lock is gone with it, so say so.
      c.on('error', () => {
        this.held = null;
        try {
          c.release(true);
        } catch {
          // already given back
        }
      });
      try {
        await c.query(`SELECT pg_advisory_lock(${LIVENESS})`, [this.id]);
      } catch (err) {
        c.release(true);
        this.held = null;
        throw err;
      }
      return c;
    })();
    return this.held;
  }

  /** Gives the lock up; `crash` drops the connection as a dying process would (tests). */
  async release(options: { crash?: boolean } = {}): Promise<void> {
    const held = this.held;
    this.held = null;
    if (!held) return;
    const c = await held.catch(() => null);
    if (!c) return;
    if (options.crash) {
      c.release(true);
      return;
    }
    await c.query(`SELECT pg_advisory_unlock(${LIVENESS})`, [this.id]).catch(() => {});
    c.release();
  }
}

export interface PgLedgerOptions {
  /** Stamps the rows (tests). */
  now?: Clock;
  /** This process in the ledger (a PgStore shares one among its ledgers); default a new one. */
  owner?: LedgerOwner;
}

export class PgLedger implements AsyncSentLedger {
  private readonly now: Clock;
  private readonly self: LedgerOwner;

  constructor(
    private readonly pool: Pool,
    options: PgLedgerOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.self = options.owner ?? new LedgerOwner(pool);
  }

  /** The id this process's rows carry. */
  get owner(): string {
    return this.self.id;
  }

  async has(key: string): Promise<boolean> {
    return (await this.pool.query('SELECT 1 FROM reminder_sent WHERE key = $1', [key])).rowCount! > 0;
  }

  /** Inserts 'pending' rows in one statement; returns the keys this call inserted, in the items' order. */
  async reserve(items: readonly LedgerItem[]): Promise<string[]> {
    if (items.length === 0) return [];
    await this.self.hold();
    const at = this.now().toISOString();
    const col = <T>(get: (o: LedgerItem) => T) => items.map(get);
    const res = await this.pool.query<{ key: string }>(
      `INSERT INTO reminder_sent (key, office, year, step, room, text, status, created_at, owner)
       SELECT k, o, y, s, r, t, 'pending', $7, $8 FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[]) AS u(k, o, y, s, r, t)
       ON CONFLICT (key) DO NOTHING RETURNING key`,
      [
        col((o) => o.key),
        col((o) => o.office),
        col((o) => o.year),
        col((o) => o.step),
        col((o) => o.room),
        col((o) => o.text),
        at,
        this.owner,
      ],
    );
    const got = new Set(res.rows.map((r) => r.key));
    const out: string[] = [];
    for (const o of items) {
      if (got.delete(o.key)) out.push(o.key);
    }
    return out;
  }

  private async move(key: string, from: LedgerStatus, to: LedgerStatus): Promise<void> {
    const sentAt = to === 'sent' ? this.now().toISOString() : null;
    const res = await this.pool.query(
      'UPDATE reminder_sent SET status = $1, sent_at = coalesce($2, sent_at) WHERE key = $3 AND status = $4 AND owner = $5',
      [to, sentAt, key, from, this.owner],
    );
    if (res.rowCount === 1) return;
    const other = await this.pool.query(
      'SELECT 1 FROM reminder_sent WHERE key = $1 AND status = $2 AND owner IS DISTINCT FROM $3',
      [key, from, this.owner],
    );
    if (other.rowCount) throw new Error(`提醒记录 ${key} 已由另一个进程接管，本进程不再处理`);
    throw new Error(`提醒记录 ${key} 的状态不是 ${from}，不能改为 ${to}`);
  }

  markAttempt(key: string): Promise<void> {
    return this.move(key, 'pending', 'sending');
  }

  markSent(key: string): Promise<void> {
    return this.move(key, 'sending', 'sent');
  }

  /** Forgets a row of this process whose send failed (another's row of that key stays). */
  async release(key: string): Promise<void> {
    await this.pool.query('DELETE FROM reminder_sent WHERE key = $1 AND owner = $2', [key, this.owner]);
  }

  async pending(): Promise<LedgerRow[]> {
    return (
      await this.pool.query<LedgerSqlRow>(`SELECT ${COLS} FROM reminder_sent WHERE status <> 'sent' ${ORDER}`)
    ).rows.map(toLedgerRow);
  }

  /**
   * What crashed processes left: their 'pending' rows deleted (planned again), their
   * 'sending' rows marked 'uncertain' (never resent). Rows of live processes are theirs.
   * Two processes recovering at once each report a row at most once (one statement each).
   */
  async recover(): Promise<Recovery> {
    const gone = await this.goneOwners();
    const mine = `(owner IS NULL OR owner = ANY($1::text[]))`;
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const requeued = (
        await c.query<LedgerSqlRow>(
          `DELETE FROM reminder_sent WHERE status = 'pending' AND ${mine} RETURNING ${COLS}`,
          [gone],
        )
      ).rows.map(toLedgerRow);
      const uncertain = (
        await c.query<LedgerSqlRow>(
          `UPDATE reminder_sent SET status = 'uncertain' WHERE status = 'sending' AND ${mine} RETURNING ${COLS}`,
          [gone],
        )
      ).rows.map(toLedgerRow);
      await c.query('COMMIT');
      return { requeued: requeued.sort(byCreation), uncertain: uncertain.sort(byCreation) };
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      c.release();
    }
  }

  /** Owners of unfinished rows that no longer hold their liveness lock, and this ledger itself. */
  private async goneOwners(): Promise<string[]> {
    const owners = (
      await this.pool.query<{ owner: string }>(
        `SELECT DISTINCT owner FROM reminder_sent WHERE status IN ('pending', 'sending') AND owner IS NOT NULL`,
      )
    ).rows.map((r) => r.owner);
    const gone = [this.owner];
    const c = await this.pool.connect();
    try {
      for (const owner of owners) {
        if (owner === this.owner) continue;
        // Free lock: the owner is gone (or lost its connection and will take the lock again;
        // then its own next step on these rows fails, since a process moves only its rows,
        // and what it reserved is planned again: nothing twice, nothing lost).
        const got = (await c.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${LIVENESS}) AS ok`, [owner])).rows[0]
          .ok;
        if (got) {
          await c.query(`SELECT pg_advisory_unlock(${LIVENESS})`, [owner]);
          gone.push(owner);
        }
      }
    } finally {
      c.release();
    }
    return gone;
  }

  async rows(filter: { year?: number; office?: string } = {}): Promise<LedgerRow[]> {
    const res = await this.pool.query<LedgerSqlRow>(
      `SELECT ${COLS} FROM reminder_sent WHERE ($1::int IS NULL OR year = $1) AND ($2::text IS NULL OR office = $2) ${ORDER}`,
      [filter.year ?? null, filter.office ?? null],
    );
    return res.rows.map(toLedgerRow);
  }

  async isPaused(officeKey: string, year: number): Promise<boolean> {
    return (
      (await this.pool.query('SELECT 1 FROM reminder_paused WHERE office_key = $1 AND year = $2', [officeKey, year]))
        .rowCount! > 0
    );
  }

  async pause(officeKey: string, year: number, by: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO reminder_paused (office_key, year, "by", at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (office_key, year) DO UPDATE SET "by" = excluded."by", at = excluded.at`,
      [officeKey, year, by, this.now().toISOString()],
    );
  }

  async resume(officeKey: string, year: number): Promise<boolean> {
    return (
      (await this.pool.query('DELETE FROM reminder_paused WHERE office_key = $1 AND year = $2', [officeKey, year]))
        .rowCount! > 0
    );
  }

  async pausedRows(year?: number): Promise<PauseRow[]> {
    const res = await this.pool.query<PauseSqlRow>(
      `SELECT office_key, year, "by", at FROM reminder_paused WHERE ($1::int IS NULL OR year = $1) ORDER BY year, office_key COLLATE "C"`,
      [year ?? null],
    );
    return res.rows.map(toPauseRow);
  }

  /**
   * The sent keys and pauses as they stand, for the planner's synchronous SentSet and
   * PauseList (read once per wake). Stale by design: reserve() is what decides.
   */
  async snapshot(): Promise<LedgerSnapshot> {
    const keys = new Set(
      (await this.pool.query<{ key: string }>('SELECT key FROM reminder_sent')).rows.map((r) => r.key),
    );
    const paused = new Set(
      (await this.pool.query<{ k: string }>(`SELECT office_key || '|' || year AS k FROM reminder_paused`)).rows.map(
        (r) => r.k,
      ),
    );
    return { has: (key) => keys.has(key), isPaused: (officeKey, year) => paused.has(`${officeKey}|${year}`) };
  }

  /**
   * Gives up this process's liveness lock: its unfinished rows become another process's to
   * recover. `crash: true` drops the connection as a dying process would (tests).
   */
  close(options: { crash?: boolean } = {}): Promise<void> {
    return this.self.release(options);
  }
}
