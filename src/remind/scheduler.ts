// Wakes the planner: once at start-up (to catch up after downtime) and every day at the
// configured time; sends what it plans through the bot's channel, following the
// ledger's exactly-once protocol (see ledger.ts). The clock is injectable. The ledger is
// either backend's (AnyLedger) and every step of the protocol is awaited: on PostgreSQL
// several bots run this beside one another, and reserve() decides which of them sends.
import { schedule, type ScheduledTask } from 'node-cron';
import type { Awaitable } from '../store/index.js';
import { localDate } from './calendar.js';
import type { RemindConfig } from './config.js';
import { ledgerView, type AnyLedger, type Recovery } from './ledger.js';
import { calendarFor, candidateYears, planReminders, planWarnings, type Filings, type Outbound } from './plan.js';

export interface RemindLogger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export interface ReminderDeps {
  config: RemindConfig;
  /**
   * Asked at every wake, with its instant: the store changes as reports are imported
   * (filings.ts filingsForWakes reads a store of either backend).
   */
  filings: (now: Date) => Awaitable<Filings>;
  ledger: AnyLedger;
  /**
   * The bot's channel: posts `text` in `room`, @-ing `mentions`. Rejecting or resolving
   * `false` means it did not send (the bot's `deliver()` fits as is).
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a channel's send may resolve to nothing (sent) or to false (not sent)
  send: (message: Outbound) => Promise<void | boolean>;
  now?: () => Date;
  log?: RemindLogger;
}

export interface WakeReport {
  at: Date;
  planned: Outbound[];
  sent: string[];
  failed: { key: string; error: string }[];
  warnings: string[];
}

const silent: RemindLogger = { info() {}, warn() {}, error() {} };
const noop = () => undefined;
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * One wake: plan at `now` from the filings and a view of the ledger, reserve everything
 * planned, then attempt → send → mark sent, one by one, for the keys this process won.
 * A ledger step that fails ends the wake (the rows stay as the protocol left them, for
 * the next wake's recovery: see startReminderScheduler).
 */
export async function runReminders(deps: ReminderDeps): Promise<WakeReport> {
  const now = (deps.now ?? (() => new Date()))();
  const log = deps.log ?? silent;
  const { reminders: rules, offices: registry } = deps.config;
  const calendar = calendarFor(rules);
  const years = candidateYears(localDate(now, rules.timezone));
  const [filings, seen] = await Promise.all([deps.filings(now), ledgerView(deps.ledger, years)]);
  const planned = planReminders({ now, registry, rules, filings, sent: seen, paused: seen, calendar });
  const warnings = rules.enabled ? planWarnings(now, rules, calendar) : [];
  // Another process may have reserved a key since the view was read: only the keys won here are sent.
  const fresh = new Set(await deps.ledger.reserve(planned));
  const report: WakeReport = { at: now, planned, sent: [], failed: [], warnings };
  for (const message of planned) {
    if (!fresh.has(message.key)) continue;
    await deps.ledger.markAttempt(message.key);
    try {
      if ((await deps.send(message)) === false) throw new Error('渠道未能送达');
    } catch (err) {
      await deps.ledger.release(message.key);
      const error = messageOf(err);
      report.failed.push({ key: message.key, error });
      log.error(`提醒发送失败（${message.room}，${message.key}）：${error}；下次唤醒时重试`);
      continue;
    }
    await deps.ledger.markSent(message.key);
    report.sent.push(message.key);
    log.info(`已发送提醒 ${message.key} → ${message.room}`);
  }
  return report;
}

/** Resolves what a crash left in the ledger (at start-up, and before every wake), and says so. */
export async function recoverLedger(ledger: AnyLedger, log: RemindLogger = silent): Promise<Recovery> {
  const r = await ledger.recover();
  for (const row of r.requeued) log.info(`程序中断前已登记但未发送的提醒 ${row.key} 将重新安排`);
  for (const row of r.uncertain) {
    log.warn(`提醒 ${row.key}（${row.room}）在发送过程中程序中断，无法确认是否已发出；为避免重复不再补发，请人工核对`);
  }
  return r;
}

export interface ReminderScheduler {
  /** The start-up wake (after recovery). */
  ready: Promise<WakeReport>;
  /** Wakes now (serialized with the cron wakes). */
  wake(): Promise<WakeReport>;
  nextRun(): Date | null;
  stop(): Promise<void>;
}

/** Cron expression for a daily "HH:MM". */
export function dailyCron(time: string): string {
  const [hh, mm] = time.split(':').map(Number);
  return `${mm} ${hh} * * *`;
}

/**
 * Says which registry entries match no stored office, wakes at once and then daily. Every
 * wake first recovers the ledger, then plans and sends. Wakes of one process never overlap,
 * so at a wake's start nothing of its own is in flight: what the ledger holds unfinished is
 * a crash's (or a wake cut short by a ledger error, the database unreachable) — reserved
 * rows are planned again, a row cut inside its send is marked uncertain and said. On
 * PostgreSQL this is how a bot that died is covered by the others at their next wake, not
 * at its own restart: recovery there touches only this process's rows and those of
 * processes gone (PgLedger), never what a live bot is sending. Hence one scheduler per
 * store (a store is one process in the ledger): two over one store would take each other's
 * rows in flight for a crash's.
 */
export function startReminderScheduler(deps: ReminderDeps): ReminderScheduler {
  const log = deps.log ?? silent;
  const { reminders: rules } = deps.config;
  const clock = deps.now ?? (() => new Date());
  // A registry entry that matches no stored office, or several, is said once at start-up.
  const started = Promise.resolve()
    .then(() => deps.filings(clock()))
    .then((filings) => {
      for (const w of filings.warnings ?? []) log.warn(w);
    })
    .catch((err: unknown) => log.error(`提醒任务启动时出错：${messageOf(err)}`));

  // Wakes run one after another, after start-up: the start-up wake and a cron wake must not interleave.
  let chain: Promise<unknown> = started;
  const wake = (): Promise<WakeReport> => {
    const run = chain.then(async () => {
      await recoverLedger(deps.ledger, log);
      return runReminders(deps);
    });
    chain = run.catch(() => undefined);
    return run;
  };

  let lastWarnings = '';
  const wakeAndLog = () =>
    wake().then(
      (r) => {
        const w = r.warnings.join('\n');
        if (w && w !== lastWarnings) log.warn(w);
        lastWarnings = w;
        return r;
      },
      (err: unknown) => {
        log.error(`提醒任务出错：${messageOf(err)}`);
        throw err;
      },
    );

  let task: ScheduledTask | null = null;
  if (rules.enabled) {
    // A failed wake is logged (wakeAndLog) and retried by the next one: never an unhandled rejection.
    task = schedule(dailyCron(rules.time), () => wakeAndLog().then(noop, noop), {
      timezone: rules.timezone,
      name: 'nianbao-reminders',
      noOverlap: true,
    });
  }
  const ready = wakeAndLog();
  // Whoever awaits `ready` sees its failure; nobody awaiting it must not bring the bot down.
  ready.catch(noop);
  return {
    ready,
    wake: wakeAndLog,
    nextRun: () => task?.getNextRun() ?? null,
    stop: async () => {
      if (task) await task.destroy();
      await chain;
    },
  };
}
