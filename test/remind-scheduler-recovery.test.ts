// A wake cut short by a ledger error (the database unreachable for a moment) in a bot that
// keeps running: the next wake recovers what it left, as a restart would — messages it
// reserved but never attempted are sent then, once; one whose send went out but could not
// be recorded is marked uncertain and said, never sent again. 2027-02-01 plans three
// messages (remind-exactly-once.test.ts): 洛北 and 城郊 overdue-1, the county room's escalation.
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryLedger, type SentLedger } from '../src/remind/ledger.js';
import { startReminderScheduler, type ReminderScheduler } from '../src/remind/scheduler.js';
import { at9, CHENGJIAO, COUNTY_ROOM, filingsAt, LUOBEI, seasonConfig } from './remind-fixtures.js';

const config = seasonConfig();
const DAY = '2027-02-01';
const PLANNED = [
  `${LUOBEI}|2026|overdue-1`,
  `${CHENGJIAO}|2026|overdue-1`,
  `supervisor:${COUNTY_ROOM}|2026|escalate-2027-02-01`,
];

let scheduler: ReminderScheduler | null = null;
afterEach(async () => {
  await scheduler?.stop().catch(() => {});
  scheduler = null;
});

/** The in-memory ledger, whose `step` fails once, on its `nth` call, as a database gone for a moment would. */
function flaky(ledger: SentLedger, step: 'markAttempt' | 'markSent', nth: number): SentLedger {
  const wrapped = Object.create(ledger) as SentLedger;
  let calls = 0;
  wrapped[step] = (key: string) => {
    if (calls++ === nth) throw new Error('数据库连接中断');
    ledger[step](key);
  };
  return wrapped;
}

function start(ledger: SentLedger, clock: { now: Date }, outbox: string[], logs: string[]) {
  scheduler = startReminderScheduler({
    config,
    filings: () => filingsAt(clock.now),
    ledger,
    now: () => clock.now,
    send: async (m) => void outbox.push(m.key),
    log: { info: (m) => void logs.push(m), warn: (m) => void logs.push(m), error: (m) => void logs.push(m) },
  });
  return scheduler;
}

describe('a wake cut short by the ledger, in a bot that keeps running', () => {
  it('before its second send: the two never attempted go out at the next wake, once', async () => {
    const memory = new MemoryLedger();
    const clock = { now: at9(DAY) };
    const outbox: string[] = [];
    const logs: string[] = [];
    const s = start(flaky(memory, 'markAttempt', 1), clock, outbox, logs);
    await expect(s.ready).rejects.toThrow('数据库连接中断');
    expect(outbox).toEqual([PLANNED[0]]);
    expect(logs).toContain('提醒任务出错：数据库连接中断');

    clock.now = at9(DAY, '09:05');
    expect((await s.wake()).sent).toEqual(PLANNED.slice(1));
    expect(outbox).toEqual(PLANNED);
    expect(logs.filter((l) => l.includes('将重新安排'))).toEqual(
      PLANNED.slice(1).map((k) => `程序中断前已登记但未发送的提醒 ${k} 将重新安排`),
    );
    expect(memory.rows().map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('after a send that could not be recorded: that one uncertain and said, never resent; the rest sent', async () => {
    const memory = new MemoryLedger();
    const clock = { now: at9(DAY) };
    const outbox: string[] = [];
    const logs: string[] = [];
    const s = start(flaky(memory, 'markSent', 0), clock, outbox, logs);
    await expect(s.ready).rejects.toThrow('数据库连接中断');
    expect(outbox).toEqual([PLANNED[0]]);

    clock.now = at9(DAY, '09:05');
    expect((await s.wake()).sent).toEqual(PLANNED.slice(1));
    expect(outbox).toEqual(PLANNED);
    expect(logs.filter((l) => l.includes('人工核对'))).toEqual([
      `提醒 ${PLANNED[0]}（洛北群）在发送过程中程序中断，无法确认是否已发出；为避免重复不再补发，请人工核对`,
    ]);
    expect(memory.rows().map((r) => [r.key, r.status])).toEqual([
      [PLANNED[0], 'uncertain'],
      [PLANNED[1], 'sent'],
      [PLANNED[2], 'sent'],
    ]);
    // A third wake the same day finds nothing to do.
    clock.now = at9(DAY, '14:00');
    expect((await s.wake()).sent).toEqual([]);
    expect(outbox).toEqual(PLANNED);
  });

  it('a start-up wake that fails, which nobody awaits, does not bring the bot down: the next wake sends', async () => {
    const memory = new MemoryLedger();
    const clock = { now: at9(DAY) };
    const outbox: string[] = [];
    const logs: string[] = [];
    // The app never awaits `ready`: a rejection nobody handles would end the process (vitest fails the run on one).
    const s = start(flaky(memory, 'markAttempt', 0), clock, outbox, logs);
    await new Promise((r) => setTimeout(r, 20));
    expect(logs).toContain('提醒任务出错：数据库连接中断');
    clock.now = at9(DAY, '09:05');
    expect((await s.wake()).sent).toEqual(PLANNED);
    expect(outbox).toEqual(PLANNED);
  });
});
