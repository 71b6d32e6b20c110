// Reminders exactly once across instances (issue 14): three bots, each with its own
// PostgreSQL store (its own pool of connections) on one database, run the real scheduler
// (startReminderScheduler: the ledger recovered before every wake, who has filed read from
// the store, reserve → attempt → send → sent) at the same instants, 09:00 and 14:00 of
// every day from 2026-12-01 to 2027-03-31 (the deadlines 01-15, 01-31 and 03-31 among
// them), while the offices' reports reach the store on the days they file. The truth is
// the season read by hand from the rules (remind-fixtures.ts EXPECTED_2026_SEASON): every
// message on its day, exactly once, none lost. Then a fourth process, a child, takes a
// bot's place on two mornings and is killed with SIGKILL inside a send — once before the
// message reached WeChat, once after — and the bots carry on (restarted the first time,
// not the second): nothing is sent twice, nothing reserved is dropped, and only the two
// cut messages are missing from the record, marked uncertain, said once in the log and
// shown in 提醒状态. Skips, saying why, when no PostgreSQL server answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { reminderCommands } from '../src/bot/reminders.js';
import { parseReport } from '../src/parse/index.js';
import { localDate } from '../src/remind/calendar.js';
import { filingsForWakes } from '../src/remind/filings.js';
import { startReminderScheduler, type ReminderScheduler } from '../src/remind/scheduler.js';
import { openPgStore, type PgStore } from '../src/store/pg/index.js';
import { mulberry32, randomFacts, renderReport } from '../tools/synth/index.js';
import {
  at9,
  CHENGGUAN,
  CHENGJIAO,
  days,
  EXPECTED_2026_SEASON,
  FILED_ON,
  LUOBEI,
  seasonConfig,
  SHENGLIJIE,
  ZHICHU,
} from './remind-fixtures.js';
import {
  describeOnPostgres,
  postgresForTests,
  queryDb,
  type SuiteDatabase,
  useTestDatabase,
} from './support/postgres.js';

const server = await postgresForTests();
const config = seasonConfig();
const repoRoot = path.resolve(import.meta.dirname, '..');
const FIRST = '2026-12-01';
const LAST = '2027-03-31';
const ZONE = 'Asia/Shanghai';

/** The hand-read season inside the walk, `day office step`. */
const EXPECTED = EXPECTED_2026_SEASON.filter((l) => l.slice(0, 10) <= LAST);

// ── the reports the offices file (generated; their facts are the truth of the last-year line) ──

const FORMAT = '2021';
const REGION: Record<string, string> = {
  [CHENGGUAN]: '河南省洛阳市',
  [ZHICHU]: '山东省烟台市芝罘区',
  [SHENGLIJIE]: '宁夏回族自治区银川市兴庆区',
  [CHENGJIAO]: '河南省洛阳市西工区',
};
const KIND: Record<string, '乡镇' | '街道'> = {
  [CHENGGUAN]: '乡镇',
  [ZHICHU]: '街道',
  [SHENGLIJIE]: '街道',
  [CHENGJIAO]: '街道',
};
/** 城郊街道's 2025 report, in the store from the start: its 2026 reminders quote it. */
const CHENGJIAO_2025 = randomFacts(mulberry32(2025), { format: FORMAT, profile: 'busy' });

function report(
  office: string,
  year: number,
  facts = randomFacts(mulberry32(year + office.length), { format: FORMAT, profile: 'busy' }),
) {
  const text = renderReport(
    { office, region: REGION[office], kind: KIND[office], year, format: FORMAT, facts },
    'tab',
    mulberry32(year),
  );
  return { parsed: parseReport(text), text, sourceFile: `filed/${office}-${year}.txt` };
}

/** Stores the reports filed on `day` (from 00:00: before the day's wakes), through an instance of its own. */
async function fileReportsOf(day: string, ingest: PgStore): Promise<void> {
  for (const [office, on] of Object.entries(FILED_ON)) {
    if (on !== day || !REGION[office]) continue; // the county files on 04-06, after the walk
    expect((await ingest.saveReport(report(office, 2026))).outcome).toBe('added');
  }
}

// ── the bots ──

/** What reached WeChat: the day, the key, the text, and which bot sent it. */
interface Delivered {
  day: string;
  key: string;
  text: string;
  by: string;
}

let db: SuiteDatabase;
let instant = at9(FIRST);
let outbox: Delivered[] = [];
/** Every line each bot's scheduler logged, by level. */
let logs: { by: string; level: 'info' | 'warn' | 'error'; msg: string }[] = [];

interface Bot {
  name: string;
  store: PgStore;
  scheduler: ReminderScheduler;
}
const running = new Set<Bot>();

/** A bot process: its own store and pool, the real scheduler on the shared clock; resolves after its start-up wake. */
async function startBot(name: string): Promise<Bot> {
  const store = await openPgStore(db.url, { max: 3 });
  const logTo = (level: 'info' | 'warn' | 'error') => (msg: string) => void logs.push({ by: name, level, msg });
  const scheduler = startReminderScheduler({
    config,
    filings: filingsForWakes(store, config),
    ledger: store.ledger(() => instant),
    now: () => instant,
    send: async (m) => {
      outbox.push({ day: localDate(instant, ZONE), key: m.key, text: m.text, by: name });
      return true;
    },
    log: { info: logTo('info'), warn: logTo('warn'), error: logTo('error') },
  });
  await scheduler.ready;
  const bot = { name, store, scheduler };
  running.add(bot);
  return bot;
}

async function stopBot(bot: Bot): Promise<void> {
  running.delete(bot);
  await bot.scheduler.stop();
  await bot.store.close();
}

/** All the bots wake at the same instant. */
async function wakeAll(bots: readonly Bot[]): Promise<void> {
  const reports = await Promise.all(bots.map((b) => b.scheduler.wake()));
  for (const r of reports) expect(r.failed).toEqual([]);
}

/** `day office step`, as the hand-read season writes a message. */
const lineOf = (d: { day: string; key: string }) => `${d.day} ${d.key.split('|')[0]} ${d.key.split('|')[2]}`;

// ── the child process killed inside a send ──

const CHILD = `
import { openPgStore } from ${JSON.stringify(path.join(repoRoot, 'src/store/pg/index.ts'))};
import { filingsForWakes } from ${JSON.stringify(path.join(repoRoot, 'src/remind/filings.ts'))};
import { startReminderScheduler } from ${JSON.stringify(path.join(repoRoot, 'src/remind/scheduler.ts'))};
import { seasonConfig } from ${JSON.stringify(path.join(repoRoot, 'test/remind-fixtures.ts'))};
const [url, at, nth, phase] = process.argv.slice(2);
const say = (event) => process.stdout.write(JSON.stringify(event) + '\\n');
const now = () => new Date(at);
const store = await openPgStore(url, { max: 3 });
const ledger = store.ledger(now);
say({ owner: ledger.owner });
const config = seasonConfig();
let n = 0;
startReminderScheduler({
  config,
  filings: filingsForWakes(store, config),
  ledger,
  now,
  send: (m) => {
    const cut = n++ === Number(nth);
    // The process dies inside the send call: the promise never settles, the parent kills it.
    if (cut && phase === 'before-delivery') return say({ cut: m.key }), new Promise(() => {});
    say({ delivered: m.key, text: m.text });
    if (cut) return say({ cut: m.key }), new Promise(() => {});
    return Promise.resolve(true);
  },
  log: { info() {}, warn() {}, error: (msg) => say({ error: msg }) },
});
`;

let tmp: string;
/** Child bots not yet killed (a failing test must not leave one running). */
const children = new Set<ChildProcess>();

interface Child {
  process: ChildProcess;
  owner: string;
  /** The key whose send it is stuck in. */
  cut: string;
}

/**
 * A bot process that wakes at `at`, sends its messages, and is stuck inside its `nth`
 * send (`before-delivery`: the message never reached WeChat; `after-delivery`: it did, but
 * the bot died before recording it). Resolves once it is stuck; what it delivered is in the outbox.
 */
async function childStuckInSend(at: Date, nth: number, phase: 'before-delivery' | 'after-delivery'): Promise<Child> {
  const script = path.join(tmp, 'bot.mts');
  writeFileSync(script, CHILD);
  const child = spawn(process.execPath, ['--import', 'tsx', script, db.url, at.toISOString(), String(nth), phase], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  let owner = '';
  return new Promise<Child>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the child bot did not reach its send within 60 s')), 60_000);
    child.once('exit', (code) => reject(new Error(`the child bot exited (${code}) before its send`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const e = JSON.parse(line) as { owner?: string; delivered?: string; text?: string; cut?: string; error?: string };
      if (e.owner) owner = e.owner;
      if (e.delivered) outbox.push({ day: localDate(at, ZONE), key: e.delivered, text: e.text!, by: 'child' });
      if (e.error) reject(new Error(e.error));
      if (e.cut) {
        clearTimeout(timer);
        resolve({ process: child, owner, cut: e.cut });
      }
    });
  });
}

/** SIGKILL, then wait until the server has ended its session (its liveness lock with it). */
async function kill(child: Child): Promise<void> {
  child.process.removeAllListeners('exit');
  const exited = new Promise((r) => child.process.once('exit', r));
  child.process.kill('SIGKILL');
  await exited;
  children.delete(child.process);
  for (let i = 0; i < 250; i++) {
    const [r] = await queryDb<{ ok: boolean }>(
      db.url,
      `SELECT pg_try_advisory_lock(hashtextextended('nianbao.ledger:' || $1, 0)) AS ok`,
      [child.owner],
    );
    if (r.ok) return;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`the killed bot's session (${child.owner}) is still alive`);
}

describeOnPostgres(server, 'reminders exactly once across three bots on one PostgreSQL database', () => {
  let ingest: PgStore;
  // Every test from an empty store; the ingesting store is closed after the bots are stopped.
  db = useTestDatabase('remind_race', { emptyEachTest: true });

  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-race-'));
  });
  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
  });
  beforeEach(async () => {
    ingest = await db.open({ max: 2 });
    instant = at9(FIRST);
    outbox = [];
    logs = [];
    expect((await ingest.saveReport(report(CHENGJIAO, 2025, CHENGJIAO_2025))).outcome).toBe('added');
  });
  afterEach(async () => {
    for (const child of children) child.kill('SIGKILL');
    children.clear();
    for (const bot of [...running]) await stopBot(bot);
  });

  it('three bots waking at the same instants over the season send every reminder once, on its day', async () => {
    const bots = await Promise.all(['bot1', 'bot2', 'bot3'].map(startBot));
    for (const day of days(FIRST, LAST)) {
      await fileReportsOf(day, ingest);
      for (const time of ['09:00', '14:00']) {
        instant = at9(day, time);
        await wakeAll(bots);
      }
    }
    expect(new Set(outbox.map((d) => d.key)).size).toBe(outbox.length);
    expect(outbox.map(lineOf).sort()).toEqual([...EXPECTED].sort());
    const rows = await ingest.ledger().rows({ year: 2026 });
    expect(rows.map((r) => [r.key, r.status]).sort()).toEqual(outbox.map((d) => [d.key, 'sent']).sort());
    // No error, nothing recovered: no bot ever saw another's row as a crash's.
    expect(logs.filter((l) => l.level === 'error' || l.msg.includes('人工核对') || l.msg.includes('重新安排'))).toEqual(
      [],
    );

    // Who has filed came from the store: 城郊街道's reminders quote its 2025 report as generated.
    const line = `上一年度（2025年度）年报显示：全年新收政府信息公开申请 ${CHENGJIAO_2025['apply.received.total']} 件，主动公开政府信息 ${CHENGJIAO_2025['active.items']} 条。`;
    const chengjiao = outbox.filter((d) => d.key.startsWith(`${CHENGJIAO}|`));
    expect(chengjiao.length).toBeGreaterThan(5);
    expect(chengjiao.every((d) => d.text.includes(line))).toBe(true);
    expect(outbox.filter((d) => d.key.startsWith(`${LUOBEI}|`)).some((d) => d.text.includes('上一年度'))).toBe(false);
  }, 240_000);

  it('a bot killed inside a send, before and after delivery: never twice, none dropped, the cut ones uncertain and told', async () => {
    const bots = await Promise.all(['bot1', 'bot2', 'bot3'].map(startBot));
    const cuts: { day: string; key: string; delivered: boolean }[] = [];
    // 01-15: five messages; the child wins them all and dies inside its second send, before
    // delivery; bot3 is restarted. 02-01: three; it dies after delivering its first, and the
    // two live bots cover it at their next wake; bot3 comes back the next morning.
    const KILLS: Record<string, { nth: number; phase: 'before-delivery' | 'after-delivery'; restart: boolean }> = {
      '2027-01-15': { nth: 1, phase: 'before-delivery', restart: true },
      '2027-02-01': { nth: 0, phase: 'after-delivery', restart: false },
    };
    for (const day of days(FIRST, LAST)) {
      await fileReportsOf(day, ingest);
      instant = at9(day);
      const cut = KILLS[day];
      if (!cut) {
        if (bots.length < 3) bots.push(await startBot('bot3')); // back the next morning
        await wakeAll(bots);
        continue;
      }
      // The child takes bot3's place and wakes first; it is stuck inside a send when the
      // other two wake at the same instant: they find every message reserved, and send nothing.
      await stopBot(bots.pop()!);
      const before = outbox.length;
      const child = await childStuckInSend(instant, cut.nth, cut.phase);
      const childSent = outbox.slice(before).map((d) => d.key);
      await wakeAll(bots);
      expect(outbox.slice(before).map((d) => d.key)).toEqual(childSent);
      await kill(child);
      cuts.push({ day, key: child.cut, delivered: cut.phase === 'after-delivery' });
      // 09:05: the live bots (and bot3 restarted, on 01-15) recover the dead one's rows and carry on.
      instant = at9(day, '09:05');
      if (cut.restart) {
        const [restarted] = await Promise.all([startBot('bot3'), wakeAll(bots)]);
        bots.push(restarted);
      } else {
        await wakeAll(bots);
      }
    }

    // Never twice.
    expect(new Set(outbox.map((d) => d.key)).size).toBe(outbox.length);
    // Every message of the season reached WeChat on its day but the one cut before delivery.
    expect(cuts.map(lineOf).every((l) => EXPECTED.includes(l))).toBe(true);
    const lost = cuts.filter((c) => !c.delivered).map(lineOf);
    expect(lost).toHaveLength(1);
    expect(outbox.map(lineOf).sort()).toEqual(EXPECTED.filter((l) => !lost.includes(l)).sort());
    expect(outbox.filter((d) => d.by === 'child').length).toBeGreaterThan(1);

    // The two cut ones are recorded 'uncertain' (never resent); everything else 'sent'.
    const rows = await ingest.ledger().rows({ year: 2026 });
    expect(
      rows
        .filter((r) => r.status === 'uncertain')
        .map((r) => r.key)
        .sort(),
    ).toEqual(cuts.map((c) => c.key).sort());
    expect(rows.filter((r) => r.status !== 'uncertain').every((r) => r.status === 'sent')).toBe(true);
    expect(rows).toHaveLength(EXPECTED.length);
    // Said once in the log, by whichever bot recovered it…
    for (const c of cuts) {
      expect(
        logs.filter((l) => l.level === 'warn' && l.msg.startsWith(`提醒 ${c.key}（`) && l.msg.includes('请人工核对')),
      ).toHaveLength(1);
    }
    // …and shown to admins in 提醒状态, read from the shared database.
    const status = await reminderCommands({
      config,
      store: ingest,
      ledger: ingest.ledger(),
      now: () => instant,
    }).status('2026', {
      name: '管理员',
      isAdmin: true,
    });
    expect(status).toContain('发送中断、无法确认是否已发出的提醒（请人工核对，系统不会补发）：');
    for (const c of cuts) expect(status).toContain(`- ${c.key.split('|')[0]} `);
  }, 240_000);
});
