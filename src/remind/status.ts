// 提醒状态: filed and missing offices for a report year, with deadlines and the last
// reminder each got. Pure; the CLI and the bot print its text.
import { daysBetween, formatDateZh, localDate, type IsoDate } from './calendar.js';
import type { Registry, RemindSection } from './config.js';
import { deadlineFor } from './deadline.js';
import type { LedgerRow, LedgerStatus } from './ledger.js';
import { officeKey, type Filings, type PauseList } from './plan.js';

export interface OfficeStatus {
  office: string;
  kind: string;
  region: string | null;
  room: string;
  deadline: IsoDate;
  filed: boolean;
  paused: boolean;
  /** Days until the deadline (negative once overdue); null once filed. */
  daysLeft: number | null;
  lastReminder: { step: string; status: LedgerStatus; at: string } | null;
}

export interface RemindStatus {
  year: number;
  today: IsoDate;
  offices: OfficeStatus[];
  /** Messages whose send was interrupted by a crash (see ledger.ts). */
  uncertain: LedgerRow[];
}

/**
 * The report year people mean by default: the season now open. Reports for year Y are
 * due early in Y+1; until the last of those deadlines has passed, Y is the season
 * (with a registry: the latest deadline of its offices; without: 3月31日, the latest
 * statutory one). After that, the next season — this year's reports — is the open one.
 */
export function defaultReportYear(
  now: Date,
  rules: Pick<RemindSection, 'timezone'> & Partial<RemindSection>,
  registry: Registry = [],
): number {
  const today = localDate(now, rules.timezone);
  const last = Number(today.slice(0, 4)) - 1;
  const deadlines =
    registry.length && rules.deadlines ? registry.map((o) => deadlineFor(o, rules as RemindSection, last).date) : [`${last + 1}-03-31`];
  const latest = deadlines.reduce((a, b) => (a > b ? a : b));
  return today <= latest ? last : last + 1;
}

export function remindStatus(input: {
  year: number;
  now: Date;
  registry: Registry;
  rules: RemindSection;
  filings: Filings;
  paused?: PauseList;
  /** Ledger rows of the year, if a ledger exists. */
  sent?: readonly LedgerRow[];
}): RemindStatus {
  const today = localDate(input.now, input.rules.timezone);
  const sent = input.sent ?? [];
  const offices = input.registry.map((o): OfficeStatus => {
    const key = officeKey(o);
    const deadline = deadlineFor(o, input.rules, input.year).date;
    const filed = input.filings.isFiled(key, input.year);
    const mine = sent.filter((r) => r.office === key && r.year === input.year);
    const last = mine.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).at(-1);
    return {
      office: o.name,
      kind: o.kind,
      region: o.region ?? null,
      room: o.room,
      deadline,
      filed,
      paused: o.paused || (input.paused?.isPaused(key, input.year) ?? false),
      daysLeft: filed ? null : daysBetween(today, deadline),
      lastReminder: last ? { step: last.step, status: last.status, at: last.sentAt ?? last.createdAt } : null,
    };
  });
  return {
    year: input.year,
    today,
    offices,
    uncertain: sent.filter((r) => r.year === input.year && r.status === 'uncertain'),
  };
}

const STEP_ZH: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^lead-(\d+)$/, (m) => `提前${m[1]}天提醒`],
  [/^due$/, () => '截止日提醒'],
  [/^overdue-(\d+)$/, (m) => `第${m[1]}次逾期提醒`],
  [/^escalate-(.+)$/, (m) => `${m[1]}督办`],
];

export function stepZh(step: string): string {
  for (const [re, say] of STEP_ZH) {
    const m = re.exec(step);
    if (m) return say(m);
  }
  return step;
}

function leftZh(days: number): string {
  if (days > 0) return `还剩 ${days} 天`;
  if (days === 0) return '今天截止';
  return `已逾期 ${-days} 天`;
}

export function statusText(s: RemindStatus): string {
  const filed = s.offices.filter((o) => o.filed);
  const missing = s.offices.filter((o) => !o.filed);
  const lines = [
    `${s.year}年度政府信息公开工作年度报告报送情况（截至${formatDateZh(s.today, false)}）：` +
      `共 ${s.offices.length} 家，已报送 ${filed.length} 家，未报送 ${missing.length} 家。`,
  ];
  if (missing.length) {
    lines.push('未报送：');
    missing.forEach((o, i) => {
      const extra = [
        o.paused ? '已暂停提醒' : null,
        o.lastReminder ? `最近：${stepZh(o.lastReminder.step)}（${o.lastReminder.at.slice(0, 10)}${o.lastReminder.status === 'sent' ? '' : `，${STATUS_ZH[o.lastReminder.status]}`}）` : null,
      ].filter(Boolean);
      lines.push(`${i + 1}. ${o.office}：截止${formatDateZh(o.deadline, false)}，${leftZh(o.daysLeft ?? 0)}${extra.length ? `；${extra.join('；')}` : ''}`);
    });
  }
  if (filed.length) {
    lines.push('已报送：');
    filed.forEach((o, i) => lines.push(`${i + 1}. ${o.office}（截止${formatDateZh(o.deadline, false)}）`));
  }
  if (s.uncertain.length) {
    lines.push('发送中断、无法确认是否已发出的提醒（请人工核对，系统不会补发）：');
    s.uncertain.forEach((r) => lines.push(`- ${r.office} ${stepZh(r.step)}（${r.room}，${r.createdAt.slice(0, 16).replace('T', ' ')} UTC）`));
  }
  return lines.join('\n');
}

const STATUS_ZH: Record<LedgerStatus, string> = {
  pending: '待发送',
  sending: '发送中',
  sent: '已发送',
  uncertain: '发送中断，未能确认',
};
