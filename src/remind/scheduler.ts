// Wakes the planner: once at start-up (to catch up after downtime) and every day at the
// configured time; sends what it plans through the bot's channel, following the
// ledger's exactly-once protocol (see ledger.ts). The clock is injectable.
import { schedule, type ScheduledTask } from 'node-cron';
import type { RemindConfig } from './config.js';
import type { Recovery, SentLedger } from './ledger.js';
import { calendarFor, planReminders, planWarnings, type Filings, type Outbound } from './plan.js';

export interface RemindLogger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export interface ReminderDeps {
  config: RemindConfig;
  /** Asked at every wake: the store changes as reports are imported. */
  filings: () => Filings;
  ledger: SentLedger;
  /**
   * The bot's channel: posts `text` in `room`, @-ing `mentions`. Rejecting or resolving
   * `false` means it did not send (the bot's `deliver()` fits as is).
   */
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

/** One wake: plan at `now`, reserve everything planned, then attempt → send → mark sent, one by one. */
export async function runReminders(deps: ReminderDeps): Promise<WakeReport> {
  const now = (deps.now ?? (() => new Date()))();
  const log = deps.log ?? silent;
  const { reminders: rules, offices: registry } = deps.config;
  const calendar = calendarFor(rules);
  const planned = planReminders({ now, registry, rules, filings: deps.filings(), sent: deps.ledger, paused: deps.ledger, calendar });
  const warnings = rules.enabled ? planWarnings(now, rules, calendar) : [];
  const fresh = new Set(deps.ledger.reserve(planned));
  const report: WakeReport = { at: now, planned, sent: [], failed: [], warnings };
  for (const message of planned) {
    if (!fresh.has(message.key)) continue;
    deps.ledger.markAttempt(message.key);
    try {
      if ((await deps.send(message)) === false) throw new Error('渠道未能送达');
    } catch (err) {
      deps.ledger.release(message.key);
      const error = err instanceof Error ? err.message : String(err);
      report.failed.push({ key: message.key, error });
      log.error(`提醒发送失败（${message.room}，${message.key}）：${error}；下次唤醒时重试`);
      continue;
    }
    deps.ledger.markSent(message.key);
    report.sent.push(message.key);
    log.info(`已发送提醒 ${message.key} → ${message.room}`);
  }
  return report;
}

/** Start-up: resolve what a crash left in the ledger, and say so. */
export function recoverLedger(ledger: SentLedger, log: RemindLogger = silent): Recovery {
  const r = ledger.recover();
  for (const row of r.requeued) log.info(`上次退出前已登记但未发送的提醒 ${row.key} 将重新安排`);
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

export function startReminderScheduler(deps: ReminderDeps): ReminderScheduler {
  const log = deps.log ?? silent;
  const { reminders: rules } = deps.config;
  recoverLedger(deps.ledger, log);
  // A registry entry that matches no stored office, or several, is said once at start-up.
  for (const w of deps.filings().warnings ?? []) log.warn(w);

  // Wakes run one after another: the start-up wake and a cron wake must not interleave.
  let chain: Promise<unknown> = Promise.resolve();
  const wake = (): Promise<WakeReport> => {
    const run = chain.then(() => runReminders(deps));
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
        log.error(`提醒任务出错：${err instanceof Error ? err.message : String(err)}`);
        throw err;
      },
    );

  let task: ScheduledTask | null = null;
  if (rules.enabled) {
    task = schedule(dailyCron(rules.time), () => wakeAndLog().then(() => undefined), {
      timezone: rules.timezone,
      name: 'nianbao-reminders',
      noOverlap: true,
    });
  }
  const ready = wakeAndLog();
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
