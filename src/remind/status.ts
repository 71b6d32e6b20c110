// 提醒状态: filed and missing offices for a report year, with deadlines and the last
// reminder each got, as data. Pure; its wording is src/render/remind-status.ts.
import { daysBetween, localDate, type IsoDate } from './calendar.js';
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
    registry.length && rules.deadlines
      ? registry.map((o) => deadlineFor(o, rules as RemindSection, last).date)
      : [`${last + 1}-03-31`];
  // biome-ignore lint/complexity/useMathMinMax: ISO date strings, compared as text
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
