// Row labels of tables A and B, recognised by their words. Reports number rows
// "（一）", "(一)", "1.", "1、" or not at all, add notes in brackets, glue values
// on ("规章000") and make small typos ("危机", "行政法案卷"); the key words below are
// the ones every variant seen keeps.
import { plainText, squash } from './cells.js';
import { ACTIVE_ROWS, APPLY_ROWS, type ActiveRow, type ReportFormat } from '../catalogue/facts.js';
import { memoize } from './memo.js';

const ENUM = /^(?:[一二三四五六七八九十]+[、.,，]|\([一二三四五六七八九十\d]+\)|\d+[.、,，]?(?=\D))/;

const BRACKETED_NOTE = /\([^)]*\)?/g;
const QUOTE_MARKS = /[“”"'‘’]/g;

/** A label's words: squashed, numbering and bracketed notes removed. */
export function labelBody(raw: string): string {
  let s = squash(raw);
  for (let k = 0; k < 3 && ENUM.test(s); k++) s = s.replace(ENUM, '');
  return s.replace(BRACKETED_NOTE, '').replace(QUOTE_MARKS, '');
}

/** Whether the label carries its own numbering ("（七）总计"), which makes it unambiguous. */
export function hasNumbering(raw: string): boolean {
  return ENUM.test(squash(raw));
}

// ---------- table A ----------

const ACTIVE_LABELS: [ActiveRow, RegExp][] = [
  ['rules', /^规章$/],
  ['normative', /^(?:行政)?规范性文件$/],
  ['license', /^行政许可$/],
  ['other_services', /^其他对外管理服务事项$/],
  ['penalty', /^行政处罚$/],
  ['coercion', /^行政强制$/],
  ['fees', /^行政事业性收费$/],
  ['procurement', /^政府集中采购$/],
];

// Reports repeat the template's labels word for word, so a bounded memo of
// label → match saves most of the work across a folder of reports.
const matchActiveRowMemo = memoize(matchActiveRowUncached);

// Every table A row label, whole or cut short (5 characters at least), holds its
// label's first character: 规 行 其 政.
const ACTIVE_LABEL_CHARS = new RegExp(`[${[...new Set(Object.values(ACTIVE_ROWS).map((l) => l[0]))].join('')}]`);

export function matchActiveRow(raw: string): ActiveRow | null {
  // Most cells hold none of those characters. Plain text is its own squashed form, so
  // its label body's characters are its own: then it names no row, without a lookup.
  if (plainText(raw) && !ACTIVE_LABEL_CHARS.test(raw)) return null;
  return matchActiveRowMemo(raw);
}

function matchActiveRowUncached(raw: string): ActiveRow | null {
  const body = labelBody(raw);
  if (body.length > 20) return null;
  for (const [row, re] of ACTIVE_LABELS) if (re.test(body)) return row;
  // A label cut short at a page break ("其他对外管理服务事").
  if (body.length >= 5)
    for (const [row, label] of Object.entries(ACTIVE_ROWS)) if (label.startsWith(body)) return row as ActiveRow;
  return null;
}

// ---------- table B ----------

export type ApplyMatch =
  | { kind: 'row'; row: string; numbered: boolean; bare?: 'total' | 'other' }
  | { kind: 'group'; group: 'results' | 'denied' | 'unavailable' | 'not_processed' | 'other' };

/**
 * Match a table B label. `format` decides what （六）其他处理 is: a row of its own
 * (2019) or the head of three sub-rows (2021). Bare "总计" and "其他" are also
 * column headers; they are returned with `bare` set so the caller accepts them
 * as rows only where values follow.
 */
const applyMemo = {
  '2019': memoize((raw) => matchApplyLabelUncached(raw, '2019')),
  '2021': memoize((raw) => matchApplyLabelUncached(raw, '2021')),
  none: memoize((raw) => matchApplyLabelUncached(raw, null)),
};

export function matchApplyLabel(raw: string, format: ReportFormat | null): ApplyMatch | null {
  return applyMemo[format ?? 'none'](raw);
}

function matchApplyLabelUncached(raw: string, format: ReportFormat | null): ApplyMatch | null {
  const body = labelBody(raw);
  if (body.length === 0 || body.length > 60) return null;
  const numbered = hasNumbering(raw);
  const row = (r: string, bare?: 'total' | 'other'): ApplyMatch => ({ kind: 'row', row: r, numbered, bare });
  // Stems rather than whole words, so that a label cut short at a page break
  // ("2.其他法律法规禁止公" / "开") is still known.
  if (body.includes('新收')) return row('received');
  if (body.includes('上年结转')) return row('carried_over');
  if (body.includes('予以公开')) return row('granted');
  if (body.includes('部分公开')) return row('partial');
  if (body.includes('国家秘')) return row('denied.secret');
  if (body.includes('禁止公')) return row('denied.prohibited');
  if (body.includes('三安全') || body.includes('一稳定')) return row('denied.security');
  if (body.includes('第三方')) return row('denied.third_party');
  if (body.includes('内部事')) return row('denied.internal');
  if (body.includes('过程性')) return row('denied.process');
  if (body.includes('案卷') || body.includes('执法案')) return row('denied.case_file');
  if (body.includes('查询事') || body.includes('行政查询')) return row('denied.query');
  if (body.includes('不掌握')) return row('unavailable.not_held');
  if (body.includes('另行制')) return row('unavailable.needs_making');
  if (body.includes('不明确')) return row('unavailable.unclear');
  if (body.includes('信访') || body.includes('举报投诉')) return row('not_processed.petition');
  if (body.includes('重复申')) return row('not_processed.duplicate');
  if (body.includes('出版')) return row('not_processed.publication');
  if (body.includes('反复申请') || body.includes('大量反复')) return row('not_processed.excessive');
  if (body.includes('重新出') || /^要求行政机关确认/.test(body)) return row('not_processed.confirm');
  if (body.includes('不补正')) return row('other.no_correction');
  if (body.includes('缴纳费') || body.includes('收费通知')) return row('other.no_fee');
  if (body.includes('结转下年')) return row('carried_forward');
  if (/^(?:三、?)?本年度?办理结果/.test(body) && body.length <= 10) return { kind: 'group', group: 'results' };
  if (/^不予公开$/.test(body)) return { kind: 'group', group: 'denied' };
  if (/^无法提供$/.test(body)) return { kind: 'group', group: 'unavailable' };
  if (/^不予处理$/.test(body)) return { kind: 'group', group: 'not_processed' };
  if (/^其他处理$/.test(body)) return format === '2021' ? { kind: 'group', group: 'other' } : row('other');
  if (body === '总计' || body === '合计') return row('handled', numbered ? undefined : 'total');
  if (body === '其他') return row('other.misc', numbered ? undefined : 'other');
  // A label cut short where a row breaks across pages ("没有现成信息需要另行制" / "作").
  if (body.length >= 4) {
    const cut = APPLY_ROWS.find(
      (r) => r.label.replace(/[“”]/g, '').startsWith(body) && (!format || r.formats.includes(format)),
    );
    if (cut) return row(cut.row);
  }
  // A label printed with characters dropped from its middle ("其他法律行政止公开").
  if (body.length >= 6) {
    const typo = APPLY_ROWS.find(
      (r) => (!format || r.formats.includes(format)) && droppedFromMiddle(body, r.label.replace(/[“”]/g, '')),
    );
    if (typo) return row(typo.row);
  }
  return null;
}

/**
 * Whether `body` is `label` with a few characters (at most a third) dropped from
 * its middle: same first two and last two characters, the rest in order.
 */
function droppedFromMiddle(body: string, label: string): boolean {
  if (body.length >= label.length || body.length * 3 < label.length * 2) return false;
  if (body.slice(0, 2) !== label.slice(0, 2) || body.slice(-2) !== label.slice(-2)) return false;
  let k = 0;
  for (const ch of label) if (ch === body[k]) k++;
  return k === body.length;
}
