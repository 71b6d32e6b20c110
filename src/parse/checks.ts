// The template's own checks (勾稽关系) and the other findings of the spec.
// Each finding names the ids and the numbers on both sides, in Chinese a
// supervisor can act on.
import {
  APPLY_COLS,
  APPLY_COL_ORDER,
  APPLY_PARTS,
  APPLY_ROWS,
  REVIEW_GROUPS,
  applyIdsOf,
  applyRows,
  describeFact,
  tableIds,
  type FactId,
  type ReportFormat,
} from '../catalogue/facts.js';
import { slotOf, slotOfId, type FoundSlots } from './fact-records.js';
import type { Finding, OfficeKind, ReportPart } from './types.js';

// The checks read a report's facts from its catalogue-ordered slots by slot numbers built
// once: an object of ~170 facts looked up by name cost more than the checks themselves.
/** A fact's value as `facts[id]` reads it: undefined when the report gives none. */
const valueAt = (found: FoundSlots, slot: number) => found[slot]?.value;

/** A report's facts record as slots, for the checks taken by record (a check of hand-made facts). */
function slotsOf(facts: Record<FactId, number | null>): FoundSlots {
  const found: { value: number | null; approximate: boolean; line: number; cell: string }[] = [];
  for (const [id, value] of Object.entries(facts)) {
    const slot = slotOfId(id);
    if (slot !== undefined) found[slot] = { value, approximate: false, line: 0, cell: '' };
  }
  return found;
}

const PART_NAMES = [
  '',
  '一、总体情况',
  '二、主动公开政府信息情况',
  '三、收到和处理政府信息公开申请情况',
  '四、政府信息公开行政复议、行政诉讼情况',
  '五、存在的主要问题及改进情况',
  '六、其他需要报告的事项',
];

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : String(Number(v.toFixed(4))));
const rowLabel = (row: string) => {
  const def = APPLY_ROWS.find((r) => r.row === row);
  return def ? (def.group ? `${def.group}·${def.label}` : def.label) : row;
};
const near = (a: number, b: number) => Math.abs(a - b) < 1e-6;

// Ids built once: the checks run on every parse, and building id strings per
// lookup was most of their cost.
const RESULT_ROWS: Record<ReportFormat, string[]> = {
  '2019': applyRows('2019')
    .filter((r) => r.result)
    .map((r) => r.row),
  '2021': applyRows('2021')
    .filter((r) => r.result)
    .map((r) => r.row),
};

const TOTAL = APPLY_COL_ORDER.indexOf('total');
const PART_INDEXES = APPLY_PARTS.map((c) => APPLY_COL_ORDER.indexOf(c));

// The four ids of the balance in each column: received + carried_over = handled + carried_forward.
const BALANCE_ROWS = ['received', 'carried_over', 'handled', 'carried_forward'];
const HANDLED = 2;
const BALANCE_IDS = APPLY_COL_ORDER.map((_, c) => BALANCE_ROWS.map((row) => applyIdsOf(row)[c]));
const BALANCE_SLOTS = BALANCE_IDS.map((ids) => ids.map(slotOf));
// Per format: the result rows and, per column, their ids and slots.
const RESULT_IDS: Record<ReportFormat, string[][]> = {
  '2019': APPLY_COL_ORDER.map((_, c) => RESULT_ROWS['2019'].map((row) => applyIdsOf(row)[c])),
  '2021': APPLY_COL_ORDER.map((_, c) => RESULT_ROWS['2021'].map((row) => applyIdsOf(row)[c])),
};
const RESULT_SLOTS: Record<ReportFormat, number[][]> = {
  '2019': RESULT_IDS['2019'].map((ids) => ids.map(slotOf)),
  '2021': RESULT_IDS['2021'].map((ids) => ids.map(slotOf)),
};

/** The balance and handled-sum checks over a facts record (see checkBalanceSlots). */
export const checkBalance = (facts: Record<FactId, number | null>, format: ReportFormat): Finding[] =>
  checkBalanceSlots(slotsOf(facts), format);

export function checkBalanceSlots(found: FoundSlots, format: ReportFormat): Finding[] {
  const out: Finding[] = [];
  const results = RESULT_ROWS[format];
  for (let c = 0; c < APPLY_COL_ORDER.length; c++) {
    const colName = APPLY_COLS[APPLY_COL_ORDER[c]];
    const ids = BALANCE_IDS[c];
    // Four reads, not a destructured map of them: the mapped array's elements kind follows the
    // values (small integers, doubles, nulls), and code optimized for one was thrown away at the next.
    const slots = BALANCE_SLOTS[c];
    const rec = valueAt(found, slots[0]);
    const over = valueAt(found, slots[1]);
    const handled = valueAt(found, slots[2]);
    const fwd = valueAt(found, slots[3]);
    if (typeof rec === 'number' && typeof over === 'number' && typeof handled === 'number' && typeof fwd === 'number') {
      if (!near(rec + over, handled + fwd)) {
        out.push({
          code: 'balance',
          severity: 'error',
          ids: [...ids],
          message: `表三「${colName}」列不平衡：本年新收(${fmt(rec)}) + 上年结转(${fmt(over)}) = ${fmt(rec + over)}，而办理结果总计(${fmt(handled)}) + 结转下年度(${fmt(fwd)}) = ${fmt(handled + fwd)}。`,
        });
      }
    }
    // handled_sum: handled = sum of the result rows that are filled in (summed in row order)
    if (typeof handled !== 'number') continue;
    const resultSlots = RESULT_SLOTS[format][c];
    let s = 0;
    let filledCount = 0;
    for (const slot of resultSlots) {
      const v = valueAt(found, slot);
      if (typeof v !== 'number') continue;
      s += v;
      filledCount++;
    }
    if (filledCount > 0 && !near(s, handled)) {
      const filled = results.filter((_, k) => typeof valueAt(found, resultSlots[k]) === 'number');
      const get = (row: string) => valueAt(found, slotOf(applyIdsOf(row)[c]));
      const nonzero = filled.filter((r) => get(r) !== 0).map((r) => `${rowLabel(r)}(${fmt(get(r) as number)})`);
      out.push({
        code: 'handled_sum',
        severity: 'error',
        ids: [ids[HANDLED], ...filled.map((r) => applyIdsOf(r)[c])],
        message: `表三「${colName}」列：办理结果总计为 ${fmt(handled)}，但各项办理结果之和为 ${fmt(s)}${nonzero.length ? `（${nonzero.join('、')}）` : ''}。`,
      });
    }
  }
  return out;
}

// Each table B row's slots, column by column (built once per row).
const APPLY_SLOTS = new Map<string, number[]>();
const applySlotsOf = (row: string) => {
  let slots = APPLY_SLOTS.get(row);
  if (!slots) APPLY_SLOTS.set(row, (slots = applyIdsOf(row).map(slotOf)));
  return slots;
};

export function checkColumnSums(found: FoundSlots, format: ReportFormat): Finding[] {
  const out: Finding[] = [];
  for (const r of applyRows(format)) {
    const slots = applySlotsOf(r.row);
    const total = valueAt(found, slots[TOTAL]);
    if (typeof total !== 'number') continue;
    // Summed in column order, blanks as 0, as the template adds them.
    let s = 0;
    let anyPart = false;
    for (const k of PART_INDEXES) {
      const p = valueAt(found, slots[k]);
      if (typeof p !== 'number') continue;
      s += p;
      anyPart = true;
    }
    if (!anyPart || near(s, total)) continue;
    const parts = PART_INDEXES.map((k) => valueAt(found, slots[k]));
    out.push({
      code: 'column_sum',
      severity: 'error',
      ids: [`apply.${r.row}.total`, ...APPLY_PARTS.map((c) => `apply.${r.row}.${c}`)],
      message: `表三「${rowLabel(r.row)}」一行：总计为 ${fmt(total)}，但自然人与各类法人或其他组织之和为 ${fmt(s)}（${APPLY_PARTS.map((c, k) => `${APPLY_COLS[c]}${typeof parts[k] === 'number' ? fmt(parts[k] as number) : '空'}`).join('、')}）。`,
    });
  }
  return out;
}

// Each group of table C: its total's id and its four parts' ids (and slots), built once.
const REVIEW_SUM_IDS = REVIEW_GROUPS.map((g) => {
  const total = `${g.prefix}.total`;
  const parts = ['upheld', 'corrected', 'other', 'pending'].map((c) => `${g.prefix}.${c}`);
  return { group: g, total, parts, totalSlot: slotOf(total), partSlots: parts.map(slotOf) };
});

/** Table C's sums over a facts record (see checkReviewSumsSlots). */
export const checkReviewSums = (facts: Record<FactId, number | null>): Finding[] =>
  checkReviewSumsSlots(slotsOf(facts));

export function checkReviewSumsSlots(found: FoundSlots): Finding[] {
  const out: Finding[] = [];
  for (const { group: g, total: totalId, parts: ids, totalSlot, partSlots } of REVIEW_SUM_IDS) {
    const total = valueAt(found, totalSlot);
    if (typeof total !== 'number') continue;
    let s = 0;
    let anyPart = false;
    for (const slot of partSlots) {
      const p = valueAt(found, slot);
      if (typeof p !== 'number') continue;
      s += p;
      anyPart = true;
    }
    if (!anyPart || near(s, total)) continue;
    const parts = partSlots.map((slot) => valueAt(found, slot));
    out.push({
      code: g.prefix === 'review' ? 'review_sum' : 'litigation_sum',
      severity: 'error',
      ids: [totalId, ...ids],
      message: `表四「${g.label}」：总计为 ${fmt(total)}，但结果维持、结果纠正、其他结果、尚未审结之和为 ${fmt(s)}（${parts.map((p) => (typeof p === 'number' ? fmt(p) : '空')).join(' + ')}）。`,
    });
  }
  return out;
}

/**
 * Blank or absent cells, grouped so that a table left blank in one pattern is
 * one finding, not thirty. Cells past the end of a truncated text are not
 * reported here (the `incomplete` finding covers them).
 */
const TABLE_SLOTS: Record<ReportFormat, number[]> = {
  '2019': tableIds('2019').map(slotOf),
  '2021': tableIds('2021').map(slotOf),
};

/**
 * `incomplete`: the text was cut short, so a cell it never reached (absent) is not reported;
 * a cell read blank was reached. A flag, not a closure a report: a call through a new closure
 * each time deoptimized this function's optimized code (V8: wrong call target).
 */
export function checkMissingCells(found: FoundSlots, format: ReportFormat, incomplete: boolean): Finding[] {
  const out: Finding[] = [];
  // One pass over the template's ids: blank (read as null) and absent (never read).
  const blank: FactId[] = [];
  const absent: FactId[] = [];
  const ids = tableIds(format);
  const slots = TABLE_SLOTS[format];
  for (let k = 0; k < ids.length; k++) {
    const f = found[slots[k]];
    if (f === undefined) {
      if (!incomplete) absent.push(ids[k]);
    } else if (f.value === null) blank.push(ids[k]);
  }
  if (blank.length === 0 && absent.length === 0) return out;
  const byTable = (ids: FactId[], table: string) => ids.filter((i) => i.startsWith(table));

  // Table B: group rows by the set of blank columns.
  const applyBlank = byTable(blank, 'apply.');
  const rows = new Map<string, string[]>();
  for (const id of applyBlank) {
    const row = id.slice('apply.'.length, id.lastIndexOf('.'));
    const col = id.slice(id.lastIndexOf('.') + 1);
    rows.set(row, [...(rows.get(row) ?? []), col]);
  }
  const patterns = new Map<string, string[]>();
  for (const [row, cols] of rows) patterns.set(cols.join(','), [...(patterns.get(cols.join(',')) ?? []), row]);
  for (const [colKey, rowList] of patterns) {
    const cols = colKey.split(',');
    const whole = cols.length === APPLY_COL_ORDER.length;
    const what = whole
      ? '整行空白'
      : `「${cols.map((c) => APPLY_COLS[c as keyof typeof APPLY_COLS]).join('、')}」列空白`;
    out.push({
      code: 'missing_cell',
      severity: 'warning',
      ids: rowList.flatMap((r) => cols.map((c) => `apply.${r}.${c}`)),
      message: `表三有 ${rowList.length} 行${what}：${rowList.length > 6 ? `${rowList.slice(0, 3).map(rowLabel).join('、')} 等` : rowList.map(rowLabel).join('、')}。`,
    });
  }
  for (const [table, name] of [
    ['active.', '表二'],
    ['review', '表四'],
    ['litigation', '表四'],
  ] as const) {
    const ids = byTable(blank, table);
    if (ids.length)
      out.push({
        code: 'missing_cell',
        severity: 'warning',
        ids,
        message: `${name}有 ${ids.length} 个单元格空白：${ids.map(describeFact).join('、')}。`,
      });
  }
  if (absent.length) {
    out.push({
      code: 'missing_cell',
      severity: 'warning',
      ids: absent,
      message: `有 ${absent.length} 个模板单元格在原文中找不到：${absent.slice(0, 8).map(describeFact).join('、')}${absent.length > 8 ? ' 等' : ''}。`,
    });
  }
  return out;
}

export function checkParts(parts: ReportPart[], upTo: number): Finding[] {
  const have = new Set(parts.map((p) => p.part));
  const out: Finding[] = [];
  for (let p = 1; p <= upTo; p++) {
    if (!have.has(p as ReportPart['part'])) {
      out.push({
        code: 'missing_part',
        severity: 'warning',
        ids: [],
        message: `报告缺少第${'一二三四五六'[p - 1]}部分「${PART_NAMES[p]}」（或其标题无法识别）。`,
      });
    }
  }
  return out;
}

const RECEIVED_TOTAL = slotOf('apply.received.total');
const REVIEW_TOTAL = slotOf('review.total');
const DIRECT_TOTAL = slotOf('litigation.direct.total');
const AFTER_REVIEW_TOTAL = slotOf('litigation.after_review.total');

export function checkProseReceived(
  found: FoundSlots,
  prose: { value: number; line: number; cell: string } | null,
): Finding[] {
  const table = valueAt(found, RECEIVED_TOTAL);
  if (!prose || typeof table !== 'number' || near(prose.value, table)) return [];
  return [
    {
      code: 'prose_mismatch',
      severity: 'warning',
      ids: ['apply.received.total'],
      message: `正文第 ${prose.line} 行写“${prose.cell}”（${fmt(prose.value)} 件），而表三本年新收申请总计为 ${fmt(table)} 件。`,
    },
  ];
}

/** Review and litigation counts stated in the prose against table C. */
export function checkProseCases(
  found: FoundSlots,
  prose: { review: ProseStated | null; litigation: ProseStated | null },
): Finding[] {
  const out: Finding[] = [];
  const review = valueAt(found, REVIEW_TOTAL);
  if (prose.review && typeof review === 'number' && !near(prose.review.value, review)) {
    out.push({
      code: 'prose_mismatch',
      severity: 'warning',
      ids: ['review.total'],
      message: `正文第 ${prose.review.line} 行写“${prose.review.cell}”（${fmt(prose.review.value)} 件），而表四行政复议总计为 ${fmt(review)} 件。`,
    });
  }
  const direct = valueAt(found, DIRECT_TOTAL);
  const after = valueAt(found, AFTER_REVIEW_TOTAL);
  if (
    prose.litigation &&
    typeof direct === 'number' &&
    typeof after === 'number' &&
    !near(prose.litigation.value, direct + after)
  ) {
    out.push({
      code: 'prose_mismatch',
      severity: 'warning',
      ids: ['litigation.direct.total', 'litigation.after_review.total'],
      message: `正文第 ${prose.litigation.line} 行写“${prose.litigation.cell}”（${fmt(prose.litigation.value)} 件），而表四行政诉讼总计为 ${fmt(direct + after)} 件（未经复议直接起诉 ${fmt(direct)} + 复议后起诉 ${fmt(after)}）。`,
    });
  }
  return out;
}

type ProseStated = { value: number; line: number; cell: string };

/** The filing deadline of 条例 第四十九条 for a report on `year`. */
export function filingDeadline(year: number, kind: OfficeKind | null): string {
  return kind === '县级以上人民政府' ? `${year + 1}-03-31` : `${year + 1}-01-31`;
}

export function checkDate(date: string | null, year: number | null, kind: OfficeKind | null): Finding[] {
  if (!date || !year) return [];
  const cn = (d: string) => {
    const [y, m, dd] = d.split('-').map(Number);
    return `${y}年${m}月${dd}日`;
  };
  if (date <= `${year}-12-31`) {
    return [
      {
        code: 'date',
        severity: 'warning',
        ids: [],
        message: `报告落款日期为 ${cn(date)}，早于所报告年度（${year}年）结束，可能是笔误（如应为 ${year + 1} 年）。`,
      },
    ];
  }
  const deadline = filingDeadline(year, kind);
  if (date > deadline) {
    return [
      {
        code: 'date',
        severity: 'warning',
        ids: [],
        message: `报告落款日期为 ${cn(date)}，晚于报送期限 ${cn(deadline)}（《政府信息公开条例》第四十九条）。`,
      },
    ];
  }
  return [];
}
