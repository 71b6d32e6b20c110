// The reminder ledger over PostgreSQL (PgLedger): the protocol of the SQLite ledger
// (reserve → attempt → send → sent; a crash's 'pending' rows requeued, 'sending' rows
// 'uncertain', never resent), and exactly once across processes: three bots on one
// database, each with its own connection, waking at the same instant every day of a
// season, send every reminder exactly once — and one killed mid-send, then restarted,
// loses only the message cut inside its send call, marked 'uncertain'. The truth of the
// season is a crash-free run of the real scheduler over the in-memory ledger.
import { describe, expect, it } from 'vitest';
import { MemoryLedger } from '../src/remind/ledger.js';
import { calendarFor, planReminders, type Outbound } from '../src/remind/plan.js';
import { runReminders } from '../src/remind/scheduler.js';
import type { PgLedger, PgStore } from '../src/store/pg/index.js';
import { at9, CHENGJIAO, COUNTY_ROOM, days, filingsAt, LUOBEI, seasonConfig } from './remind-fixtures.js';
import {
  describeOnPostgres,
  postgresForTests,
  queryDb,
  type SuiteDatabase,
  useTestDatabase,
} from './support/postgres.js';

const server = await postgresForTests();
const config = seasonConfig();

let db: SuiteDatabase;

/** One bot process: its own store (its own pool of connections) and its ledger, recovered at start. */
async function startBot(): Promise<{ store: PgStore; ledger: PgLedger }> {
  const store = await db.open({ max: 3 });
  const ledger = store.ledger();
  await ledger.recover();
  return { store, ledger };
}

/** Until the server has dropped a killed process's session (its liveness lock with it). */
async function untilGone(owner: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const [r] = await queryDb<{ ok: boolean }>(
      db.url,
      `SELECT pg_try_advisory_lock(hashtextextended('nianbao.ledger:' || $1, 0)) AS ok`,
      [owner],
    );
    if (r.ok) return;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`session of ${owner} still alive`);
}

/**
 * One wake of one bot, as src/remind/scheduler.ts runReminders does it, over the async
 * ledger: plan on what the ledger holds, reserve everything planned in one statement,
 * then attempt → send → sent for the keys this bot won. `dieInSend` cuts its nth send.
 */
async function wake(ledger: PgLedger, now: Date, outbox: string[], dieInSend?: number): Promise<'done' | 'died'> {
  const seen = await ledger.snapshot();
  const planned = planReminders({
    now,
    registry: config.offices,
    rules: config.reminders,
    filings: filingsAt(now),
    sent: seen,
    paused: seen,
    calendar: calendarFor(config.reminders),
  });
  const fresh = new Set(await ledger.reserve(planned));
  let n = 0;
  for (const message of planned) {
    if (!fresh.has(message.key)) continue;
    await ledger.markAttempt(message.key);
    if (n++ === dieInSend) return 'died'; // inside the send call, before delivery: the process is gone
    outbox.push(message.key);
    await ledger.markSent(message.key);
  }
  return 'done';
}

/** The keys a crash-free single bot sends over the days (the real scheduler, in-memory ledger). */
async function cleanRun(from: string, to: string): Promise<string[]> {
  const outbox: string[] = [];
  const ledger = new MemoryLedger();
  for (const d of days(from, to)) {
    const now = at9(d);
    await runReminders({
      config,
      filings: () => filingsAt(now),
      ledger,
      send: async (o: Outbound) => void outbox.push(o.key),
      now: () => now,
    });
  }
  return outbox;
}

const item = (key: string, year = 2026) => ({
  key,
  office: key.split('|')[0],
  year,
  step: key.split('|')[2] ?? 'due',
  room: '群',
  text: '提醒',
});

describeOnPostgres(server, 'the PostgreSQL reminder ledger', () => {
  db = useTestDatabase('ledger', { emptyEachTest: true });

  describe('the protocol, as the SQLite ledger keeps it', () => {
    it('reserve, attempt, sent, release; a wrong step is refused in Chinese', async () => {
      const { store } = await startBot();
      const ledger = store.ledger(() => new Date('2027-01-15T01:00:00Z'));
      expect(await ledger.reserve([item('甲|2026|due'), item('乙|2026|due'), item('甲|2026|due')])).toEqual([
        '甲|2026|due',
        '乙|2026|due',
      ]);
      expect(await ledger.reserve([item('甲|2026|due'), item('丙|2026|due')])).toEqual(['丙|2026|due']);
      expect(await ledger.has('甲|2026|due')).toBe(true);
      expect(await ledger.has('丁|2026|due')).toBe(false);
      await ledger.markAttempt('甲|2026|due');
      await ledger.markSent('甲|2026|due');
      await expect(ledger.markSent('乙|2026|due')).rejects.toThrow(
        '提醒记录 乙|2026|due 的状态不是 sending，不能改为 sent',
      );
      await ledger.release('丙|2026|due');
      expect(await ledger.has('丙|2026|due')).toBe(false);
      expect((await ledger.pending()).map((r) => [r.key, r.status])).toEqual([['乙|2026|due', 'pending']]);
      expect(await ledger.rows({ office: '甲' })).toEqual([
        {
          key: '甲|2026|due',
          office: '甲',
          year: 2026,
          step: 'due',
          room: '群',
          text: '提醒',
          status: 'sent',
          createdAt: '2027-01-15T01:00:00.000Z',
          sentAt: '2027-01-15T01:00:00.000Z',
        },
      ]);
      expect(await ledger.rows({ year: 2025 })).toEqual([]);
    });

    it('pause and resume', async () => {
      const { ledger } = await startBot();
      await ledger.pause('城郊街道', 2026, '管理员');
      await ledger.pause('城郊街道', 2026, '督办');
      expect(await ledger.isPaused('城郊街道', 2026)).toBe(true);
      expect(await ledger.isPaused('城郊街道', 2025)).toBe(false);
      expect((await ledger.pausedRows(2026)).map((p) => [p.officeKey, p.by])).toEqual([['城郊街道', '督办']]);
      expect((await ledger.snapshot()).isPaused('城郊街道', 2026)).toBe(true);
      expect(await ledger.resume('城郊街道', 2026)).toBe(true);
      expect(await ledger.resume('城郊街道', 2026)).toBe(false);
      expect(await ledger.pausedRows()).toEqual([]);
    });

    it('after a crash: reserved rows are requeued, a row cut inside its send is uncertain, a sent one stays', async () => {
      const first = await startBot();
      await first.ledger.reserve([item('甲|2026|due'), item('乙|2026|due'), item('丙|2026|due')]);
      await first.ledger.markAttempt('甲|2026|due');
      await first.ledger.markSent('甲|2026|due');
      await first.ledger.markAttempt('乙|2026|due');
      await first.ledger.close({ crash: true });
      await untilGone(first.ledger.owner);
      const second = await startBot(); // recovers at start
      const rows = await second.ledger.rows();
      // one reservation, one instant: by key in code-point order (乙 U+4E59 before 甲 U+7532), as SQLite orders them
      expect(rows.map((r) => [r.key, r.status])).toEqual([
        ['乙|2026|due', 'uncertain'],
        ['甲|2026|due', 'sent'],
      ]);
      expect(await second.ledger.recover()).toEqual({ requeued: [], uncertain: [] });
      // the requeued one can be planned and reserved again; the uncertain one never
      expect(await second.ledger.reserve([item('乙|2026|due'), item('丙|2026|due')])).toEqual(['丙|2026|due']);
    });

    it('a bot starting up leaves alone what another live bot is sending', async () => {
      const live = await startBot();
      await live.ledger.reserve([item('甲|2026|due'), item('乙|2026|due')]);
      await live.ledger.markAttempt('甲|2026|due');
      const starting = await startBot();
      expect(await starting.ledger.recover()).toEqual({ requeued: [], uncertain: [] });
      await live.ledger.markSent('甲|2026|due');
      await live.ledger.markAttempt('乙|2026|due');
      await live.ledger.markSent('乙|2026|due');
      expect((await starting.ledger.rows()).map((r) => r.status)).toEqual(['sent', 'sent']);
    });
    it('a bot that lost its lock while alive, its rows recovered by another, stops instead of sending twice', async () => {
      const a = await startBot();
      await a.ledger.reserve([item('甲|2026|due'), item('乙|2026|due')]);
      await a.ledger.markAttempt('甲|2026|due');
      await a.ledger.close({ crash: true }); // its lock's connection dropped; the bot itself runs on
      await untilGone(a.ledger.owner);
      const b = await startBot();
      expect(await b.ledger.reserve([item('乙|2026|due')])).toEqual(['乙|2026|due']); // requeued by b's recovery
      await expect(a.ledger.markSent('甲|2026|due')).rejects.toThrow(
        '提醒记录 甲|2026|due 的状态不是 sending，不能改为 sent',
      );
      await expect(a.ledger.markAttempt('乙|2026|due')).rejects.toThrow(
        '提醒记录 乙|2026|due 已由另一个进程接管，本进程不再处理',
      );
      await a.ledger.release('乙|2026|due'); // not a's row any more: stays
      await b.ledger.markAttempt('乙|2026|due');
      await b.ledger.markSent('乙|2026|due');
      expect((await b.ledger.rows()).map((r) => [r.key, r.status])).toEqual([
        ['甲|2026|due', 'uncertain'],
        ['乙|2026|due', 'sent'],
      ]);
    });

    it('every ledger of one store is one process: reserved through one, moved through another', async () => {
      const { store } = await startBot();
      await store.ledger().reserve([item('甲|2026|due')]);
      await store.ledger().markAttempt('甲|2026|due');
      await store.ledger().markSent('甲|2026|due');
      expect((await store.ledger().rows()).map((r) => r.status)).toEqual(['sent']);
    });
  });

  describe('three bots on one database', () => {
    it('reserving the same keys at the same instant: each key won by exactly one, none lost', async () => {
      const bots = await Promise.all([startBot(), startBot(), startBot()]);
      const keys = Array.from({ length: 200 }, (_, i) => `单位${i}|2026|due`);
      const won = await Promise.all(bots.map((b) => b.ledger.reserve(keys.map((k) => item(k)))));
      expect(won.flat().sort()).toEqual([...keys].sort());
      expect(new Set(won.flat()).size).toBe(keys.length);
    });

    it('waking at the same instant every day of a season: every reminder sent exactly once', async () => {
      const expected = await cleanRun('2027-01-04', '2027-02-20');
      expect(expected.length).toBeGreaterThan(20);
      const bots = await Promise.all([startBot(), startBot(), startBot()]);
      const outbox: string[] = [];
      for (const d of days('2027-01-04', '2027-02-20')) {
        await Promise.all(bots.map((b) => wake(b.ledger, at9(d), outbox)));
      }
      expect(new Set(outbox).size).toBe(outbox.length);
      expect([...outbox].sort()).toEqual([...expected].sort());
      const rows = await bots[0].ledger.rows();
      expect(rows.every((r) => r.status === 'sent')).toBe(true);
      expect(rows).toHaveLength(expected.length);
    }, 30_000);

    it('one killed inside a send and restarted: never twice, and only the cut message missing, marked uncertain', async () => {
      const expected = await cleanRun('2027-01-04', '2027-02-20');
      const bots = await Promise.all([startBot(), startBot(), startBot()]);
      const outbox: string[] = [];
      const cut: string[] = [];
      for (const d of days('2027-01-04', '2027-02-20')) {
        if (d !== '2027-02-01') {
          await Promise.all(bots.map((b) => wake(b.ledger, at9(d), outbox)));
          continue;
        }
        // 2027-02-01 plans three messages. Bot 1 wakes first, wins all three, and dies inside
        // its first send; the other two wake beside the dead one and find them reserved. Bot 1
        // is restarted at 09:05 (its recovery requeues the two never attempted) and all three
        // wake again at the same instant.
        const planned = [
          `${LUOBEI}|2026|overdue-1`,
          `${CHENGJIAO}|2026|overdue-1`,
          `supervisor:${COUNTY_ROOM}|2026|escalate-2027-02-01`,
        ];
        expect(await wake(bots[1].ledger, at9(d), outbox, 0)).toBe('died');
        cut.push(...(await bots[1].ledger.rows()).filter((r) => r.status === 'sending').map((r) => r.key));
        expect(await Promise.all([wake(bots[0].ledger, at9(d), outbox), wake(bots[2].ledger, at9(d), outbox)])).toEqual(
          ['done', 'done'],
        );
        expect(outbox.filter((k) => planned.includes(k))).toEqual([]);
        await bots[1].ledger.close({ crash: true });
        await untilGone(bots[1].ledger.owner);
        bots[1] = await startBot();
        await Promise.all(bots.map((b) => wake(b.ledger, at9(d, '09:05'), outbox)));
        expect(cut).toHaveLength(1);
        expect(cut.every((k) => planned.includes(k))).toBe(true);
      }
      expect(cut.length).toBeGreaterThan(0);
      expect(new Set(outbox).size).toBe(outbox.length);
      const rows = await bots[0].ledger.rows();
      const uncertain = rows.filter((r) => r.status === 'uncertain').map((r) => r.key);
      expect(uncertain.sort()).toEqual([...cut].sort());
      expect([...outbox].sort()).toEqual(expected.filter((k) => !cut.includes(k)).sort());
      expect(rows.filter((r) => r.status !== 'sent' && r.status !== 'uncertain')).toEqual([]);
    }, 30_000);
  });
});
