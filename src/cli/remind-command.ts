// `nianbao remind status [year]` and `nianbao remind preview --at TIME`: thin I/O around
// the pure planner and status, over the store the configuration names (SQLite in --data,
// or PostgreSQL). Nothing here sends anything.
import { ConfigError, loadConfig } from '../config/load.js';
import { remindConfigOf } from '../config/remind.js';
import type { Config } from '../config/schema.js';
import { StoreOpenError } from '../app/open-store.js';
import { openReminderSources } from '../app/reminder-sources.js';
import { localDate, zonedInstant } from '../remind/calendar.js';
import type { RemindConfig, RemindSection } from '../remind/config.js';
import { ledgerView, pauseListOf } from '../remind/ledger.js';
import { withMentions } from '../remind/messages.js';
import { calendarFor, candidateYears, planReminders, planWarnings } from '../remind/plan.js';
import { defaultReportYear, remindStatus } from '../remind/status.js';
import { renderRemindStatus } from '../render/remind-status.js';

export interface RemindCliOptions {
  data: string;
  config?: string;
  json?: boolean;
}

/** The reminders' part of the configuration file, through src/config's loader. */
export async function loadRemindConfig(configPath?: string): Promise<RemindConfig> {
  return (await loadConfigs(configPath)).config;
}

/** The reminders' part, and the store the file (or DATABASE_URL) names. */
async function loadConfigs(configPath?: string): Promise<{ config: RemindConfig; store: Config['store'] }> {
  const full = await loadConfig({ configPath });
  return { config: remindConfigOf(full), store: full.store };
}

/** Fails with a Chinese message for the user; exit code 1 (2 for a bad argument). */
class UsageError extends Error {
  constructor(
    message: string,
    readonly code = 2,
  ) {
    super(message);
  }
}

async function withErrors(run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ConfigError || err instanceof StoreOpenError) {
      console.error(err.message);
      return 1;
    }
    if (err instanceof UsageError) {
      console.error(err.message);
      return err.code;
    }
    throw err;
  }
}

function requireOffices(config: RemindConfig): void {
  if (config.offices.length === 0) {
    throw new UsageError('配置文件中没有登记需要提醒的单位（offices:），请参考 examples/nianbao.yaml。', 1);
  }
}

function printWarnings(warnings: readonly string[]): void {
  for (const w of warnings) console.error(`注意：${w}`);
}

export async function runRemindStatus(year: string | undefined, opts: RemindCliOptions): Promise<number> {
  return withErrors(async () => {
    const { config, store } = await loadConfigs(opts.config);
    requireOffices(config);
    const now = new Date();
    let y: number;
    if (year === undefined) y = defaultReportYear(now, config.reminders, config.offices);
    else if (/^\d{4}$/.test(year.trim())) y = Number(year.trim());
    else throw new UsageError(`年份应为四位数字，如 2026（收到“${year}”）`);
    const src = await openReminderSources(opts.data, config, { years: [y], store });
    try {
      const [sent, pauses] = await Promise.all([src.ledger.rows({ year: y }), src.ledger.pausedRows(y)]);
      const status = remindStatus({
        year: y,
        now,
        registry: config.offices,
        rules: config.reminders,
        filings: src.filings,
        paused: pauseListOf(pauses),
        sent,
      });
      printWarnings(src.warnings);
      console.log(opts.json ? JSON.stringify(status, null, 2) : renderRemindStatus(status));
      return 0;
    } finally {
      await src.close();
    }
  });
}

/**
 * `--at`: an ISO instant ("2027-01-24T09:00:00+08:00"); without an offset it is read in
 * the configured time zone; a bare date means that day at the configured time.
 */
export function parseAt(text: string, rules: Pick<RemindSection, 'timezone' | 'time'>): Date {
  const t = text.trim();
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?)?$/.exec(t);
  if (m) {
    const day = m[1];
    const probe = new Date(`${day}T00:00:00Z`);
    if (Number.isNaN(probe.getTime()) || probe.toISOString().slice(0, 10) !== day) {
      throw new UsageError(`--at 的日期不存在：${text}（应为 年-月-日，如 2027-01-24）`);
    }
    const [hh, mm] = (m[2] ?? '00:00').split(':').map(Number);
    if (hh > 23 || mm > 59) throw new UsageError(`--at 的时刻不存在：${text}（应为 00:00 到 23:59）`);
    return zonedInstant(day, m[2] ?? rules.time, rules.timezone);
  }
  const d = new Date(t);
  const day = t.slice(0, 10);
  const probe = new Date(`${day}T00:00:00Z`);
  if (/^\d{4}-\d{2}-\d{2}T/.test(t) && (Number.isNaN(probe.getTime()) || probe.toISOString().slice(0, 10) !== day)) {
    throw new UsageError(`--at 的日期不存在：${text}（应为 年-月-日，如 2027-01-24）`);
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(t) || Number.isNaN(d.getTime())) {
    throw new UsageError(`--at 应为 ISO 时间，如 2027-01-24T09:00:00+08:00（收到“${text}”）`);
  }
  return d;
}

export async function runRemindPreview(opts: RemindCliOptions & { at: string }): Promise<number> {
  return withErrors(async () => {
    const { config, store } = await loadConfigs(opts.config);
    requireOffices(config);
    const rules = config.reminders;
    const now = parseAt(opts.at, rules);
    // What a wake at that instant reads: the report years in season, and the ledger's view of them.
    const years = candidateYears(localDate(now, rules.timezone));
    const src = await openReminderSources(opts.data, config, { years, store });
    try {
      const calendar = calendarFor(rules);
      const seen = await ledgerView(src.ledger, years);
      const registry = config.offices;
      const out = planReminders({ now, registry, rules, filings: src.filings, sent: seen, paused: seen, calendar });
      printWarnings([...src.warnings, ...planWarnings(now, rules, calendar)]);
      if (opts.json) {
        const rows = out.map((o) => ({
          kind: o.kind,
          // An escalation is for a supervisor's room, not one office: `offices` lists the overdue ones.
          office: o.kind === 'office' ? o.office : null,
          offices: o.offices,
          room: o.room,
          mentions: o.mentions,
          step: o.step,
          year: o.year,
          key: o.key,
          text: o.text,
        }));
        console.log(JSON.stringify(rows, null, 2));
        return 0;
      }
      const when = `${localDate(now, rules.timezone)} ${now.toLocaleTimeString('zh-CN', { timeZone: rules.timezone, hour12: false })}（${rules.timezone}）`;
      if (out.length === 0) {
        const dayOff = calendar.isWorkday(localDate(now, rules.timezone))
          ? ''
          : '（非工作日不发送提醒，错过的提醒在下一个工作日补发）';
        console.log(`${when} 没有要发送的提醒${dayOff}。`);
        return 0;
      }
      console.log(`${when} 将发送 ${out.length} 条提醒（预览，不发送）：`);
      for (const o of out) {
        console.log(`\n── 群：${o.room} · ${o.kind === 'office' ? o.office : '督办汇总'} · ${o.step} ──`);
        console.log(withMentions(o.text, o.mentions));
      }
      return 0;
    } finally {
      await src.close();
    }
  });
}
