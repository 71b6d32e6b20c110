// What the bot says about a filed report: the office and year it understood, the
// key figures as stored, every failed check in the checks' own words, and what a
// replacement changed. Also the hold, refusal and confirmation texts. Pure: the
// numbers are the stored facts, never computed here except a change's two sides.
import { describeFact, type FactId } from '../catalogue/facts.js';
import type { StoredReport } from '../store/types.js';
import type { HoldReason } from './filing.js';
import type { OfficeEntry } from '../remind/config.js';

/** Short names people use for the key figures, in the order they are shown. */
const KEY_FIGURES: { id: FactId; label: string; unit: string }[] = [
  { id: 'apply.received.total', label: '收到申请（本年新收）', unit: '件' },
  { id: 'apply.granted.total', label: '予以公开', unit: '件' },
  { id: 'review.total', label: '行政复议', unit: '件' },
  { id: 'litigation.direct.total', label: '行政诉讼（未经复议直接起诉）', unit: '件' },
  { id: 'litigation.after_review.total', label: '行政诉讼（复议后起诉）', unit: '件' },
  { id: 'active.items', label: '主动公开信息', unit: '条' },
];

const SHORT: Record<FactId, string> = {
  'apply.received.total': '申请数',
  'apply.granted.total': '予以公开数',
  'review.total': '行政复议数',
  'active.items': '主动公开条数',
};

/** The number as the report states it; a blank cell is said as such, never 0. */
function shown(report: Pick<StoredReport, 'facts' | 'approximate'>, id: FactId, unit: string): string {
  const v = report.facts[id];
  if (v === undefined || v === null) return '未填写';
  return `${v}${report.approximate.includes(id) ? '余' : ''}${unit}`;
}

export function keyFiguresLines(report: Pick<StoredReport, 'facts' | 'approximate'>): string[] {
  return KEY_FIGURES.map((k) => `· ${k.label}：${shown(report, k.id, k.unit)}`);
}

/** Checks not passed: every finding above information, in its own words. */
export function failedCheckLines(report: Pick<StoredReport, 'findings'>): string[] {
  return report.findings.filter((f) => f.severity !== 'info').map((f, i) => `${i + 1}. ${f.message}`);
}

const MAX_CHANGES = 12;

/** `申请数 3 → 4`, one line per fact whose value differs between two versions. */
export function changeLines(before: Pick<StoredReport, 'facts'>, after: Pick<StoredReport, 'facts'>): string[] {
  const ids = [...new Set([...Object.keys(before.facts), ...Object.keys(after.facts)])];
  const side = (v: number | null | undefined) => (v === undefined || v === null ? '空' : String(v));
  const changed = ids.filter((id) => (before.facts[id] ?? null) !== (after.facts[id] ?? null));
  // Key figures first, then the template's order as stored.
  const rank = (id: FactId) => {
    const k = KEY_FIGURES.findIndex((f) => f.id === id);
    return k < 0 ? KEY_FIGURES.length : k;
  };
  changed.sort((a, b) => rank(a) - rank(b));
  const lines = changed
    .slice(0, MAX_CHANGES)
    .map((id) => `· ${SHORT[id] ?? describeFact(id)} ${side(before.facts[id])} → ${side(after.facts[id])}`);
  if (changed.length > MAX_CHANGES) lines.push(`· ……另有 ${changed.length - MAX_CHANGES} 项变化`);
  return lines;
}

export interface ReceiptInput {
  report: StoredReport;
  status: 'added' | 'replaced' | 'unchanged' | 'conflict';
  /** The version this one replaced. */
  previous?: StoredReport | null;
  /** The registry entry it was filed for (reminders stop for it). */
  entry?: OfficeEntry | null;
  /** On a conflict: the file already held for that name and year. */
  conflictFile?: string;
  /** What 确认 supplied (`按确认：单位…`). */
  confirmedBy?: string;
}

/** The reply to a stored report. */
export function receiptText(r: ReceiptInput): string {
  const { report } = r;
  const lines: string[] = [];
  const head = `${report.officeName} ${report.year} 年度政府信息公开工作年度报告`;
  if (r.status === 'unchanged') lines.push(`已收到过这份${head}（内容相同），无需重复报送。`);
  else lines.push(`已收到并登记：${head}（${report.format} 版格式）。`);
  if (r.confirmedBy) lines.push(r.confirmedBy);
  lines.push('主要数据：', ...keyFiguresLines(report));
  const failed = failedCheckLines(report);
  if (failed.length) lines.push(`核查发现 ${failed.length} 项未通过，建议公开前改正：`, ...failed);
  else lines.push('按模板勾稽关系逐项核查，未发现问题。');
  if (report.incomplete) lines.push('注意：这份年报的文本不完整（在表格或第六部分之前中断），请确认发送的是全文。');
  if (r.status === 'replaced') {
    const changes = r.previous ? changeLines(r.previous, report) : [];
    lines.push(
      changes.length ? '已替换此前报送的版本，变化如下：' : '已替换此前报送的版本（表格数据没有变化）。',
      ...changes,
    );
  }
  if (r.status === 'conflict') {
    lines.push(
      `注意：已有一份同名单位同一年度的年报（${r.conflictFile ?? '另一文件'}），无法判断是否同一单位，两份都已保留；请管理员用「指定地区 文件名 地区」指明各自地区。`,
    );
  }
  if (r.entry && r.status !== 'conflict')
    lines.push(`${r.entry.name} ${report.year} 年度已记为已报送，不再发送该年度的报送提醒。`);
  return lines.join('\n');
}

/** The reply to a file held for 确认. */
export function holdText(h: {
  name: string;
  office: string | null;
  year: number | null;
  reason: HoldReason;
  needsAdmin: boolean;
  roomOffices: readonly OfficeEntry[];
  hours: number;
  fromFileName?: boolean;
}): string {
  const understood =
    h.office && h.year !== null
      ? `${h.fromFileName ? '正文没有写明单位或年度，按文件名推测' : '读到的'}是「${h.office}」${h.year} 年度的年报`
      : h.office
        ? `读到单位「${h.office}」，但没有找到报告年度`
        : h.year !== null
          ? `读到 ${h.year} 年度，但没有找到单位名称`
          : '没有找到单位名称和报告年度';
  const why: Record<HoldReason, string> = {
    unclear: '无法确定是哪个单位哪一年的年报',
    unregistered: '这个单位不在登记的报送名单中',
    'other-office': `本群登记的是${h.roomOffices.map((o) => `「${o.name}」`).join('、')}，这份是别的单位的年报`,
  };
  const example = `确认 ${h.office ?? '单位全称'} ${h.year ?? '年份'}`;
  const who = h.needsAdmin ? '请管理员' : '请发送人或管理员';
  const how =
    h.office && h.year !== null
      ? `${who}回复「确认」登记（或「${example}」更正单位和年度），回复「取消」放弃`
      : `${who}回复「${example}」登记，回复「取消」放弃`;
  return [
    `收到文件「${h.name}」：${understood}。${why[h.reason]}，暂未登记。`,
    `${how}。${h.hours} 小时内未确认将自动作废，在此之前不会保存任何数据。`,
  ].join('\n');
}

/** Not a report: what to send instead. */
export function notReportText(name: string): string {
  return `文件「${name}」不像政府信息公开工作年度报告：没有找到年报模板规定的统计表格（主动公开、依申请公开、行政复议和行政诉讼），未保存。请发送年报全文（PDF、Word .docx、网页或文本）。`;
}

export const NOTHING_HELD =
  '没有等待确认的年报文件（待确认的文件 24 小时后自动作废）。如需报送，请直接把年报文件发到群里。';
export const CONFIRM_ADMIN_ONLY = '这份年报不是本群登记单位的，需要管理员确认。';
export const CONFIRM_USAGE = '请写明单位和年度，如「确认 城郊街道 2024」；或回复「取消」放弃。';
export const cancelledText = (name: string) => `已取消，文件「${name}」没有保存。`;
