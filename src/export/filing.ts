// 报送情况: the supervisor's wording of the reminders' status (src/remind/status.ts):
// the same RemindStatus, grouped the way a 政务公开办 reads it — overdue first, most
// overdue at the top, then not yet due, then filed. Nothing is recomputed here. The
// store and the ledger are either backend's: what the year needs is read once, awaited,
// and the pure status (src/remind/status.ts) computed from it.
import { formatDateZh } from '../remind/calendar.js';
import type { RemindConfig } from '../remind/config.js';
import { storeFilings, type FilingsStore } from '../remind/filings.js';
import { pauseListOf } from '../remind/ledger.js';
import type { AnyLedger } from '../store/report-store.js';
import { defaultReportYear, remindStatus, type OfficeStatus, type RemindStatus } from '../remind/status.js';

/** The ledger as 报送情况 reads it: the year's rows and pauses. */
export type StatusLedger = Pick<AnyLedger, 'pausedRows' | 'rows'>;

/** RemindStatus for a year (default: the season now open), from the registry, the store and the ledger. */
export async function filingStatus(input: {
  config: RemindConfig;
  store: FilingsStore;
  ledger?: StatusLedger;
  year?: number | null;
  now: Date;
}): Promise<RemindStatus> {
  const { reminders: rules, offices: registry } = input.config;
  const year = input.year ?? defaultReportYear(input.now, rules, registry);
  const [filings, sent, pauses] = await Promise.all([
    storeFilings(input.store, registry, { years: [year] }),
    input.ledger?.rows({ year }),
    input.ledger?.pausedRows(year),
  ]);
  return remindStatus({
    year,
    now: input.now,
    registry,
    rules,
    filings,
    paused: pauses && pauseListOf(pauses),
    sent,
  });
}

const deadlineZh = (o: OfficeStatus) => `截止${formatDateZh(o.deadline, false).replace(/^\d+年/, '')}`;

/** The text of 报送情况. */
export function filingReportText(s: RemindStatus): string {
  const filed = s.offices.filter((o) => o.filed);
  const open = s.offices.filter((o) => !o.filed);
  const overdue = open.filter((o) => (o.daysLeft ?? 0) < 0).sort((a, b) => a.daysLeft! - b.daysLeft!);
  const pending = open.filter((o) => (o.daysLeft ?? 0) >= 0).sort((a, b) => a.daysLeft! - b.daysLeft!);
  const total = s.offices.length;
  const share = total ? `（${Math.round((filed.length / total) * 100)}%）` : '';
  const lines = [
    `${s.year}年度政府信息公开工作年度报告报送情况（截至${formatDateZh(s.today, false)}）`,
    `应报送 ${total} 家，已报送 ${filed.length} 家${share}，未报送 ${open.length} 家${overdue.length ? `，其中已逾期 ${overdue.length} 家` : ''}。`,
  ];
  const paused = (o: OfficeStatus) => (o.paused ? '（已暂停提醒）' : '');
  if (overdue.length) {
    lines.push(`【已逾期未报送 ${overdue.length} 家】`);
    overdue.forEach((o) => lines.push(`· ${o.office}：${deadlineZh(o)}，已逾期 ${-o.daysLeft!} 天${paused(o)}`));
  }
  if (pending.length) {
    lines.push(`【未到期未报送 ${pending.length} 家】`);
    pending.forEach((o) =>
      lines.push(
        `· ${o.office}：${deadlineZh(o)}，${o.daysLeft === 0 ? '今天截止' : `还剩 ${o.daysLeft} 天`}${paused(o)}`,
      ),
    );
  }
  if (filed.length) {
    lines.push(`【已报送 ${filed.length} 家】`);
    lines.push(filed.map((o) => o.office).join('、'));
  }
  if (total === 0) lines.push('配置文件中还没有登记需要报送的单位（offices:）。');
  return lines.join('\n');
}
