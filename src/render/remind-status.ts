// The one reminder-status text (提醒状态): filed and missing offices for a report year,
// overdue first, with deadlines and the last reminder each got. The bot's 提醒状态 and
// `nianbao remind status` print it. Pure. What to pass: `renderRemindStatus(status)`,
// `status` as src/remind/status.ts's remindStatus() decides it.
import { formatDateZh } from '../remind/calendar.js';
import type { LedgerStatus } from '../remind/ledger.js';
import type { RemindStatus } from '../remind/status.js';

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

export function renderRemindStatus(s: RemindStatus): string {
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
        o.lastReminder
          ? `最近：${stepZh(o.lastReminder.step)}（${o.lastReminder.at.slice(0, 10)}${o.lastReminder.status === 'sent' ? '' : `，${STATUS_ZH[o.lastReminder.status]}`}）`
          : null,
      ].filter(Boolean);
      lines.push(
        `${i + 1}. ${o.office}：截止${formatDateZh(o.deadline, false)}，${leftZh(o.daysLeft ?? 0)}${extra.length ? `；${extra.join('；')}` : ''}`,
      );
    });
  }
  if (filed.length) {
    lines.push('已报送：');
    filed.forEach((o, i) => lines.push(`${i + 1}. ${o.office}（截止${formatDateZh(o.deadline, false)}）`));
  }
  if (s.uncertain.length) {
    lines.push('发送中断、无法确认是否已发出的提醒（请人工核对，系统不会补发）：');
    s.uncertain.forEach((r) =>
      lines.push(`- ${r.office} ${stepZh(r.step)}（${r.room}，${r.createdAt.slice(0, 16).replace('T', ' ')} UTC）`),
    );
  }
  return lines.join('\n');
}

const STATUS_ZH: Record<LedgerStatus, string> = {
  pending: '待发送',
  sending: '发送中',
  sent: '已发送',
  uncertain: '发送中断，未能确认',
};

/** The older name of renderRemindStatus. */
export const statusText = renderRemindStatus;
