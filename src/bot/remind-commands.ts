// The reminder commands the bot understands in a chat:
//   提醒状态 [年份]            anyone: filed and missing offices for a year
//   暂停提醒 <单位> [年份]      admins: no more reminders to that office for the year
//   恢复提醒 <单位> [年份]      admins
// The bot passes the message text (without the @bot) and gets the reply text back.
import { findOffices, OfficeIndex, type OfficeRef } from '../offices/index.js';
import { officeAliases } from '../parse/office.js';
import type { OfficeEntry, RemindConfig } from '../remind/config.js';
import { pauseListOf, type AnyLedger } from '../remind/ledger.js';
import { officeKey, type Filings } from '../remind/plan.js';
import type { RemindSection } from '../remind/config.js';
import { defaultReportYear, remindStatus } from '../remind/status.js';
import { renderRemindStatus } from '../render/remind-status.js';

export type RemindCommand =
  | { kind: 'status'; year: number | null }
  | { kind: 'pause' | 'resume'; office: string; year: number | null };

const YEAR = String.raw`(?:\s*(\d{4})\s*(?:年度?)?)`;
const STATUS_RE = new RegExp(String.raw`^提醒状态${YEAR}?$`);
const PAUSE_RE = new RegExp(String.raw`^(暂停|恢复)提醒\s*(.+?)${YEAR}?$`);

/** Null when the text is not a reminder command. */
export function parseRemindCommand(text: string): RemindCommand | null {
  const t = text.normalize('NFKC').trim();
  let m = STATUS_RE.exec(t);
  if (m) return { kind: 'status', year: m[1] ? Number(m[1]) : null };
  m = PAUSE_RE.exec(t);
  if (m) return { kind: m[1] === '暂停' ? 'pause' : 'resume', office: m[2].trim(), year: m[3] ? Number(m[3]) : null };
  return null;
}

/**
 * The registry entry a person means, by the one office resolver (src/offices: the
 * rules questions and 核查 use): a name, a short name (城关), region words before a name
 * (芝罘区的只楚), a sound-alike correction (只初 → 只楚, said in `understoodAs`), a pinyin
 * name. A name the registry does not hold is never taken for another office:
 * `nearest` lists the closest instead.
 */
export function findOffice(
  registry: readonly OfficeEntry[],
  text: string,
): { entry: OfficeEntry; understoodAs?: string } | { candidates: OfficeEntry[]; nearest?: OfficeEntry[] } {
  const index = new OfficeIndex(
    registry.map((o, id) => ({
      id,
      name: o.name,
      region: o.region ?? null,
      kind: o.kind,
      aliases: [...officeAliases(o.name), ...o.aliases],
    })),
  );
  const found = findOffices(index, text);
  const entries = (refs: readonly OfficeRef[]) => refs.map((o) => registry[o.id]);
  if (found.offices.length === 1) {
    return {
      entry: registry[found.offices[0].id],
      ...(found.understoodAs ? { understoodAs: found.understoodAs } : {}),
    };
  }
  if (found.offices.length > 1) return { candidates: entries(found.offices) };
  return { candidates: [], nearest: entries(found.nearest) };
}

/** The report year a command is about: the one it names, or the season now open. */
export function remindCommandYear(cmd: RemindCommand, now: Date, rules: RemindSection): number {
  return cmd.year ?? defaultReportYear(now, rules);
}

export interface RemindCommandContext {
  now: Date;
  config: RemindConfig;
  /** Who has filed: for 提醒状态, read for its year (remindCommandYear). */
  filings: Filings;
  /** Either backend's ledger: every call awaited. */
  ledger: AnyLedger;
  /** Whether the sender may pause and resume reminders. */
  isAdmin: boolean;
  /** Who asked (recorded with a pause). */
  by: string;
}

export async function runRemindCommand(cmd: RemindCommand, ctx: RemindCommandContext): Promise<string> {
  const { reminders: rules, offices: registry } = ctx.config;
  const year = remindCommandYear(cmd, ctx.now, rules);
  if (cmd.kind === 'status') {
    if (registry.length === 0) return '配置文件中还没有登记需要提醒的单位（offices）。';
    const [sent, pauses] = await Promise.all([ctx.ledger.rows({ year }), ctx.ledger.pausedRows(year)]);
    const paused = pauseListOf(pauses);
    return renderRemindStatus(
      remindStatus({ year, now: ctx.now, registry, rules, filings: ctx.filings, paused, sent }),
    );
  }
  if (!ctx.isAdmin) return '只有管理员可以暂停或恢复提醒。';
  const found = findOffice(registry, cmd.office);
  if (!('entry' in found)) {
    const near = found.nearest?.length ? `最接近的单位：${found.nearest.map((o) => o.name).join('、')}。` : '';
    return found.candidates.length
      ? `“${cmd.office}”对应多个单位：${found.candidates.map((o) => o.name).join('、')}，请写出完整名称。`
      : `没有找到单位“${cmd.office}”，请使用配置中登记的名称。${near}`;
  }
  const understood = found.understoodAs ? `（按「${found.understoodAs}」理解「${cmd.office}」）` : '';
  const key = officeKey(found.entry);
  if (cmd.kind === 'pause') {
    await ctx.ledger.pause(key, year, ctx.by);
    return `${understood}已暂停 ${found.entry.name} 的${year}年度年报提醒（督办汇总中仍会列出）。发送“恢复提醒 ${found.entry.name}”可恢复。`;
  }
  const resumed = await ctx.ledger.resume(key, year);
  const note = found.entry.paused ? '（注意：配置文件中该单位设置了 paused: true，需在配置中改为 false 才会提醒）' : '';
  return resumed
    ? `${understood}已恢复 ${found.entry.name} 的${year}年度年报提醒。${note}`
    : `${found.entry.name} 的${year}年度年报提醒没有被暂停。${note}`;
}
