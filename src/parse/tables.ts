// Reading tables A, B and C from the cell stream. A row is found by its label;
// its values are the number/blank cells that follow it: on the same line when
// the label's line goes on (TAB and pipe rows), else on the following lines
// (one cell per line or per paragraph). Values are aligned to the row's columns
// from the right when there are enough cells (the 总计 column is last and
// leading blanks are merged-cell filler), from the left when there are fewer.
import { readCell, squash, type CellValue } from './cells.js';
import type { Cell } from './lines.js';
import { matchActiveRow, matchApplyLabel, splitGluedActive, labelBody } from './labels.js';
import {
  ACTIVE_BLOCKS,
  APPLY_COL_ORDER,
  APPLY_PARTS,
  REVIEW_IDS,
  applyIdsOf,
  applyRows,
  type ActiveCol,
  type ActiveRow,
  type FactId,
  type ReportFormat,
} from '../spec/facts.js';
import type { AmountUnit, ExtraRow, Finding } from './types.js';

export interface CellFact {
  value: number | null;
  approximate: boolean;
  line: number;
  cell: string;
  unit?: AmountUnit;
}

export interface TableRead {
  facts: Map<FactId, CellFact>;
  extraRows: ExtraRow[];
  findings: Finding[];
  /** Row ids found, in order (table B), or table A rows. */
  rowsFound: string[];
}

type Slot = { cell: Cell; value: CellValue } | null;

const isValueCell = (c: Cell) => c.value.kind !== 'text';

/** The value cells after cells[i]: same line when the line goes on, else following lines. */
function windowAfter(cells: Cell[], i: number): { slots: { cell: Cell; value: CellValue }[]; end: number } {
  const label = cells[i];
  const sameLine = i + 1 < cells.length && cells[i + 1].line === label.line;
  const slots: { cell: Cell; value: CellValue }[] = [];
  let j = i + 1;
  for (; j < cells.length; j++) {
    const c = cells[j];
    if (sameLine && c.line !== label.line) break;
    const value = c.value;
    if (value.kind === 'text') break;
    slots.push({ cell: c, value });
  }
  // Trailing blanks are row padding or the next row's merged-cell filler.
  while (slots.length && slots[slots.length - 1].value.kind === 'blank') slots.pop();
  return { slots, end: j };
}

/**
 * Fit a row's value cells to `n` columns. More cells than columns: try each
 * window and keep one that `consistent` accepts (the row's own arithmetic),
 * preferring the right-most; `ambiguous` is set when the choice changed values.
 */
function align(slots: { cell: Cell; value: CellValue }[], n: number, consistent?: (vals: (number | null)[]) => boolean, preferLeft = false): { slots: Slot[]; ambiguous: boolean } {
  if (slots.length <= n) {
    const out: Slot[] = slots.slice();
    while (out.length < n) out.push(null);
    return { slots: out, ambiguous: false };
  }
  // Leading blanks beyond the row's width are merged-cell filler (seed 004).
  while (slots.length > n && slots[0].value.kind === 'blank') slots = slots.slice(1);
  if (slots.length === n) return { slots: slots.slice(), ambiguous: false };
  const windows: Slot[][] = [];
  for (let o = 0; o + n <= slots.length; o++) windows.push(slots.slice(o, o + n));
  const values = (w: Slot[]) => w.map((s) => (s && s.value.kind === 'number' ? s.value.value : null));
  const key = (w: Slot[]) => JSON.stringify(values(w));
  const ordered = preferLeft ? windows : windows.slice().reverse();
  const good = consistent ? ordered.filter((w) => consistent(values(w))) : [];
  const chosen = good[0] ?? ordered[0];
  const ambiguous = new Set((good.length ? good : windows).map(key)).size > 1;
  return { slots: chosen, ambiguous };
}

function toFact(slot: Slot, fallbackLine: number): CellFact {
  if (!slot) return { value: null, approximate: false, line: fallbackLine, cell: '' };
  const v = slot.value;
  return {
    value: v.kind === 'number' ? v.value : null,
    approximate: v.kind === 'number' && v.approximate,
    line: slot.cell.line,
    cell: slot.cell.text,
  };
}

function sumOk(vals: (number | null)[]): boolean {
  const parts = vals.slice(0, -1);
  const total = vals[vals.length - 1];
  if (total === null || parts.every((p) => p === null)) return true;
  return Math.abs(parts.reduce<number>((a, b) => a + (b ?? 0), 0) - total) < 1e-9;
}

// ---------- table A ----------

export function detectFormat(regionText: string): ReportFormat | null {
  const s = squash(regionText).replace(/[|\t]/g, '');
  const count = (words: string[]) => words.reduce((n, w) => n + (s.includes(w) ? 1 : 0), 0);
  const f2021 = count(['本年制发件数', '本年废止件数', '现行有效件数', '本年处理决定数量', '本年收费金额', '制发件数', '废止件数', '逾期不补正', '收费通知']);
  const f2019 = count(['本年新制作数量', '本年新公开数量', '对外公开总数量', '上一年项目数量', '本年增/减', '采购项目数量', '采购总金额', '制作数量', '上一年项目', '政府集中采购']);
  if (f2021 === 0 && f2019 === 0) return null;
  return f2021 > f2019 ? '2021' : '2019';
}

/** The unit a table A header names for its amount column. */
function headerAmountUnit(cells: Cell[], row: ActiveRow): AmountUnit {
  const headerWord = row === 'fees' ? /收费金额|金额/ : /采购总金额|金额/;
  for (const c of cells) {
    const s = squash(c.text);
    if (!headerWord.test(s)) continue;
    if (s.includes('万元')) return '万元';
    if (/单位[:：]?元|\(元\)/.test(s)) return '元';
  }
  return 'unknown';
}

export function readActiveTable(cells: Cell[], format: ReportFormat): TableRead {
  const facts = new Map<FactId, CellFact>();
  const extraRows: ExtraRow[] = [];
  const findings: Finding[] = [];
  const rowsFound: string[] = [];
  const colsOf = new Map<ActiveRow, ActiveCol[]>();
  for (const block of ACTIVE_BLOCKS[format]) for (const r of block.rows) colsOf.set(r, block.cols);

  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (isValueCell(c)) continue;
    let row = matchActiveRow(c.text);
    let slots: { cell: Cell; value: CellValue }[] = [];
    if (row) {
      slots = windowAfter(cells, i).slots;
    } else {
      const glued = splitGluedActive(c.text);
      if (glued && colsOf.has(glued.row)) {
        row = glued.row;
        const n = colsOf.get(row)!.length;
        const digits = glued.digits;
        if (n === 1) slots = [{ cell: c, value: readCell(digits) }];
        else if (/^\d+$/.test(digits) && digits.length === n) slots = [...digits].map((d) => ({ cell: c, value: readCell(d) }));
        else {
          findings.push({
            code: 'missing_cell',
            severity: 'warning',
            ids: colsOf.get(row)!.map((col) => `active.${row}.${col}`),
            message: `表二「${labelBody(c.text).replace(digits, '')}」一行的数字与标签粘连（“${c.text.trim()}”），无法确定各列数值，按空白处理。`,
          });
          slots = [];
        }
      } else {
        // A row the template does not have (e.g. 其他主动公开文件) but the report fills in.
        const w = windowAfter(cells, i);
        const body = labelBody(c.text);
        if (w.slots.some((s) => s.value.kind === 'number') && body.length >= 2 && body.length <= 20 && !/第二十条|信息内容|数量|件数|金额/.test(body)) {
          extraRows.push({ table: 'A', label: c.text.trim(), values: w.slots.map((s) => (s.value.kind === 'number' ? s.value.value : null)), line: c.line });
        }
        continue;
      }
    }
    const cols = colsOf.get(row);
    if (!cols || rowsFound.includes(row)) continue;
    rowsFound.push(row);
    const fitted = cols.length === 1
      ? { slots: [slots.find((s) => s.value.kind === 'number') ?? slots[0] ?? null] }
      : align(slots, cols.length);
    const headerUnit = cols.includes('amount') ? headerAmountUnit(cells, row) : undefined;
    cols.forEach((col, k) => {
      const id = `active.${row}.${col}`;
      const f = toFact(fitted.slots[k], c.line);
      if (col === 'amount') {
        const s = fitted.slots[k];
        const cellUnit = s && s.value.kind === 'number' ? s.value.unit : null;
        const unit: AmountUnit = cellUnit === 'yuan' ? '元' : cellUnit === 'wanyuan' ? '万元' : headerUnit ?? 'unknown';
        if (unit === '元' && f.value !== null) f.value = Number((f.value / 10000).toFixed(8));
        f.unit = unit === 'unknown' ? 'unknown' : '万元';
      }
      facts.set(id, f);
    });
  }
  return { facts, extraRows, findings, rowsFound };
}

// ---------- table B ----------

export function readApplyTable(cells: Cell[], format: ReportFormat): TableRead {
  const facts = new Map<FactId, CellFact>();
  const findings: Finding[] = [];
  const extraRows: ExtraRow[] = [];
  const order = applyRows(format).map((r) => r.row);
  const rowsFound: string[] = [];
  let pos = 0; // index in `order` of the next row we expect
  let group: string | null = null;

  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (isValueCell(c)) continue;
    const m = matchApplyLabel(c.text, format);
    if (!m) continue;
    if (m.kind === 'group') {
      group = m.group;
      continue;
    }
    const idx = order.indexOf(m.row);
    if (idx < 0 || idx < pos) continue; // a repeated header word, or a row of the other format
    if (m.bare === 'other' && group !== 'other') continue; // the 其他 column header
    let w = windowAfter(cells, i);
    // A label broken over two lines ("…已获" / "取信息\t0\t0…"): take the values after the tail.
    if (w.slots.length === 0 && w.end < cells.length && w.end === i + 1) {
      const next = cells[w.end];
      if (!matchApplyLabel(next.text, format) && labelBody(next.text).length <= 8 && next.line !== c.line) {
        const w2 = windowAfter(cells, w.end);
        if (w2.slots.some((s) => s.value.kind === 'number')) w = w2;
      }
    }
    const hasNumber = w.slots.some((s) => s.value.kind === 'number');
    if (m.bare && !hasNumber) continue; // bare 总计/其他 with nothing after it is a header
    const fitted = align(w.slots, APPLY_COL_ORDER.length, sumOk);
    if (fitted.ambiguous) {
      findings.push({
        code: 'missing_cell',
        severity: 'warning',
        ids: APPLY_COL_ORDER.map((col) => `apply.${m.row}.${col}`),
        message: `表三第 ${c.line} 行「${labelBody(c.text)}」有 ${w.slots.length} 个数值，多于 7 列，无法确定对齐方式；已按总计列对齐读取，请核对原文。`,
      });
    }
    applyIdsOf(m.row).forEach((id, k) => facts.set(id, toFact(fitted.slots[k], c.line)));
    rowsFound.push(m.row);
    pos = idx + 1;
    if (m.row === 'carried_forward') break;
  }
  return { facts, extraRows, findings, rowsFound };
}

// ---------- table C ----------

const C_HEADER = /复议|诉讼|起诉|维持|纠正|结果|审结|总计|合计/;

export function readReviewTable(cells: Cell[]): TableRead {
  const facts = new Map<FactId, CellFact>();
  const findings: Finding[] = [];
  // The row of 15 numbers comes after the last header cell.
  let start = 0;
  for (let i = 0; i < cells.length; i++) {
    const s = squash(cells[i].text);
    if (!isValueCell(cells[i]) && s.length <= 12 && C_HEADER.test(s)) start = i + 1;
  }
  let slots: { cell: Cell; value: CellValue }[] = [];
  for (let i = start; i < cells.length; i++) {
    const value = cells[i].value;
    if (value.kind === 'text') {
      if (slots.some((s) => s.value.kind === 'number')) break;
      continue;
    }
    slots.push({ cell: cells[i], value });
  }
  while (slots.length && slots[0].value.kind === 'blank') slots.shift();
  while (slots.length && slots[slots.length - 1].value.kind === 'blank') slots.pop();
  if (!slots.some((s) => s.value.kind === 'number')) return { facts, extraRows: [], findings, rowsFound: [] };
  const consistent = (vals: (number | null)[]) => [0, 5, 10].every((o) => sumOk(vals.slice(o, o + 5)));
  const fitted = align(slots, REVIEW_IDS.length, consistent, true);
  if (fitted.ambiguous) {
    findings.push({
      code: 'missing_cell',
      severity: 'warning',
      ids: REVIEW_IDS,
      message: `表四有 ${slots.length} 个数值，多于 15 列，无法确定对齐方式；已按左对齐读取，请核对原文。`,
    });
  }
  const line = slots[0].cell.line;
  REVIEW_IDS.forEach((id, k) => facts.set(id, toFact(fitted.slots[k], line)));
  return { facts, extraRows: [], findings, rowsFound: ['review'] };
}

export { APPLY_PARTS };
