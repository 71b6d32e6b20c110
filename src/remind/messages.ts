// The Chinese texts the reminders send. Pure: everything they say comes in as data.
import { FACT_BY_ID, type FactId } from '../catalogue/facts.js';
import { daysBetween, formatDateZh, type IsoDate, type WorkCalendar } from './calendar.js';
import { LAW_NAME, type Deadline } from './deadline.js';
import type { OfficeKindName } from './config.js';

const REPORT = '政府信息公开工作年度报告';

/** What the office has to do, by kind. */
export function whatToDo(kind: OfficeKindName, year: number, overdue = false): string {
  const when = overdue ? '尽快' : '在截止日期前';
  switch (kind) {
    case '县级以上人民政府':
      return `请政府信息公开工作主管部门${when}编制完成本级政府${year}年度${REPORT}，并向社会公布。`;
    case '乡镇':
    case '街道':
      return `请${when}向县（区）政府信息公开工作主管部门报送本单位${year}年度${REPORT}，并在政府网站向社会公布。`;
    default:
      return `请${when}向本级政府信息公开工作主管部门提交本单位${year}年度${REPORT}，并在政府网站向社会公布。`;
  }
}

function dayOffNote(d: IsoDate, calendar: WorkCalendar | undefined): string | null {
  if (!calendar || calendar.isWorkday(d)) return null;
  const holiday = calendar.holidayName(d);
  return holiday ? `${holiday}假期` : '休息日';
}

function deadlinePhrase(deadline: Deadline, today: IsoDate, calendar?: WorkCalendar): string {
  const left = daysBetween(today, deadline.date);
  const when = `截止日期为${formatDateZh(deadline.date)}`;
  if (left > 0) {
    const off = dayOffNote(deadline.date, calendar);
    return `${when}，距截止还有 ${left} 天${off ? `（截止日适逢${off}，请提前报送）` : ''}。`;
  }
  if (left === 0) return `${when}，今天是截止日。`;
  return `${when}，已逾期 ${-left} 天。`;
}

export interface OfficeMessageInput {
  officeName: string;
  kind: OfficeKindName;
  deadline: Deadline;
  /** The local date the message goes out (days left are counted from it). */
  today: IsoDate;
  /** One line about last year's report, when the store has it. */
  lastYearLine?: string | null;
  /** Lets the text say when the deadline falls on a day off. */
  calendar?: WorkCalendar;
}

/** The reminder (or, after the deadline, the overdue notice) for one office. */
export function officeMessage(m: OfficeMessageInput): string {
  const overdue = daysBetween(m.today, m.deadline.date) < 0;
  const lines = [
    `【${overdue ? '年报逾期提醒' : '年报报送提醒'}】${m.officeName}`,
    `${m.deadline.year}年度${REPORT}${deadlinePhrase(m.deadline, m.today, m.calendar)}`,
    whatToDo(m.kind, m.deadline.year, overdue),
    m.deadline.basis,
  ];
  if (m.lastYearLine) lines.push(m.lastYearLine);
  lines.push('报告导入年报助手后，本提醒自动停止。');
  return lines.join('\n');
}

export interface EscalationOffice {
  name: string;
  deadline: IsoDate;
}

export interface EscalationInput {
  year: number;
  today: IsoDate;
  overdue: EscalationOffice[];
  /** Registered for this room, deadline not yet reached, not filed. */
  upcoming: EscalationOffice[];
  filed: string[];
  paused: string[];
}

/** The supervisor's summary: every office still missing, and how many have filed. */
export function escalationMessage(e: EscalationInput): string {
  const total = e.overdue.length + e.upcoming.length + e.filed.length + e.paused.length;
  const counts = [`已报送 ${e.filed.length} 家`, `逾期未报 ${e.overdue.length} 家`];
  if (e.upcoming.length) counts.push(`未到截止日期 ${e.upcoming.length} 家`);
  if (e.paused.length) counts.push(`暂停提醒 ${e.paused.length} 家`);
  const lines = [
    `【年报报送督办】${e.year}年度${REPORT}报送情况（截至${formatDateZh(e.today, false)}）`,
    `本群督办的 ${total} 家单位中：${counts.join('，')}。`,
    '逾期未报：',
    ...e.overdue.map(
      (o, i) =>
        `${i + 1}. ${o.name}（截止${formatDateZh(o.deadline, false)}，已逾期 ${daysBetween(o.deadline, e.today)} 天）`,
    ),
  ];
  if (e.upcoming.length) {
    lines.push(
      '未到截止日期：',
      ...e.upcoming.map((o, i) => `${i + 1}. ${o.name}（截止${formatDateZh(o.deadline, false)}）`),
    );
  }
  if (e.filed.length) lines.push(`已报送：${e.filed.join('、')}`);
  if (e.paused.length) lines.push(`暂停提醒：${e.paused.join('、')}`);
  lines.push(`依据${LAW_NAME}第四十九条。请督促逾期单位尽快报送并向社会公布。`);
  return lines.join('\n');
}

/** Facts the last-year line quotes, in order; only those the report shows are used. */
export const LAST_YEAR_FACTS: readonly { id: FactId; say: string }[] = [
  { id: 'apply.received.total', say: '全年新收政府信息公开申请' },
  { id: 'active.items', say: '主动公开政府信息' },
];

/**
 * One line from last year's report so the reminder is not noise, e.g.
 * "上一年度（2025年度）年报显示：全年新收政府信息公开申请 4 件，主动公开政府信息 523 条。"
 * Null when the report shows none of the facts.
 */
export function lastYearLine(
  year: number,
  facts: Record<FactId, number | null>,
  approximate: readonly FactId[] = [],
): string | null {
  const parts: string[] = [];
  for (const f of LAST_YEAR_FACTS) {
    const value = facts[f.id];
    if (value === null || value === undefined) continue;
    const unit = FACT_BY_ID.get(f.id)?.unit ?? '';
    parts.push(`${f.say} ${value}${approximate.includes(f.id) ? ' 余' : ' '}${unit}`);
  }
  return parts.length ? `上一年度（${year}年度）年报显示：${parts.join('，')}。` : null;
}

/** The text with its @s in front, for channels that cannot mention people natively. */
export function withMentions(text: string, mentions: readonly string[]): string {
  return mentions.length ? `${mentions.map((m) => `@${m}`).join(' ')}\n${text}` : text;
}
