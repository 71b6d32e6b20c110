// Reading tables A, B and C from the cell stream. A row is found by its label (see
// labels.ts); its values are the cells that follow it (rows.ts), placed under the
// header's columns where a uniform grid gives positions, else fitted by count and by
// the row's own sums. Glued runs and implausible values are settled per table
// (settle.ts). Pure: no I/O.
import { readCell, squash } from './cells.js';
import type { Cell } from './lines.js';
import { matchActiveRow, matchApplyLabel, labelBody } from './labels.js';
import { activeKey, applyKey, REVIEW_KEY, gluedRowFor, splitGluedCell } from './glued.js';
import {
  align,
  blankSlots,
  isValueCell,
  misfitFinding,
  sumOk,
  toFact,
  values,
  windowAfter,
  type Filled,
  type RowWindow,
  type Slot,
} from './rows.js';
import { dropImplausible, gluedRun, labelWithDigits, settleGlued, type PendingGlued } from './settle.js';
import {
  ACTIVE_BLOCKS,
  ACTIVE_ROWS,
  APPLY_COL_ORDER,
  APPLY_PARTS,
  REVIEW_IDS,
  applyIdsOf,
  applyRows,
  type ActiveCol,
  type ActiveRow,
  type FactId,
  type ReportFormat,
} from '../catalogue/facts.js';
import type { AmountUnit, ExtraRow, Finding } from './types.js';
import { TableFacts, slotsOf } from './table-facts.js';

export type { CellFact } from './settle.js';

export interface TableRead {
  facts: TableFacts;
  extraRows: ExtraRow[];
  findings: Finding[];
  /** Row ids found, in order (table B), or table A rows. */
  rowsFound: string[];
}

// ---------- table A ----------

// The format test lives in format.ts (it reads cells without joining them); its face stays here.
export { detectFormat } from './format.js';

/** The unit a table A header names for its amount column. */
function headerAmountUnit(cells: Cell[], row: ActiveRow): AmountUnit {
  const headerWord = row === 'fees' ? /收费金额|金额/ : /采购总金额|金额/;
  for (const c of cells) {
    // Numbers and blank markers never hold 金额: only text cells can be this header.
    if (c.value.kind !== 'text') continue;
    const s = squash(c.text);
    if (!headerWord.test(s)) continue;
    if (s.includes('万元')) return '万元';
    if (/单位[:：]?元|\(元\)/.test(s)) return '元';
  }
  return 'unknown';
}

// Any of the header words below: most cells name no column, and one test rules them out.
const ANY_HEADER_WORD =
  /总数量|公开总数|制作数量|新制作|公开数量|上一年|增\/?减|增减|处理决定|采购项目|金额|制发|废止|现行有效/;

/** Which table A column a header cell names, if any. */
function headerColumn(text: string): ActiveCol | null {
  const s = squash(text);
  if (s.length > 24 || !ANY_HEADER_WORD.test(s)) return null;
  if (/总数量|公开总数/.test(s)) return 'total';
  if (/制作数量|新制作/.test(s)) return 'made';
  if (/公开数量/.test(s)) return 'published';
  if (/上一年/.test(s)) return 'prev_items';
  if (/增\/?减|增减/.test(s)) return 'change';
  if (/处理决定/.test(s)) return 'decisions';
  if (/采购项目/.test(s)) return 'count';
  if (/金额/.test(s)) return 'amount';
  if (/制发/.test(s)) return 'issued';
  if (/废止/.test(s)) return 'repealed';
  if (/现行有效/.test(s)) return 'in_force';
  return null;
}

/** Header columns of a grid line, by position (left to right), or null when it names none. */
function headerOf(line: Cell[]): { col: ActiveCol; pos: number }[] | null {
  const out: { col: ActiveCol; pos: number }[] = [];
  for (const c of line) {
    if (c.value.kind !== 'text') continue;
    const col = headerColumn(c.text);
    if (col) out.push({ col, pos: c.col });
  }
  return out.length ? out : null;
}

/**
 * Values of a grid row placed by their grid column under the header's columns:
 * a value belongs to the header cell that starts at or before it (merged cells
 * in a header and in its rows need not line up). Null when the header lacks a column.
 */
function placeByHeader(slots: Filled[], header: { col: ActiveCol; pos: number }[], cols: ActiveCol[]): Slot[] | null {
  if (!cols.every((col) => header.some((h) => h.col === col))) return null;
  const out: Slot[] = blankSlots(cols.length);
  for (const slot of slots) {
    let owner: ActiveCol | null = null;
    for (const h of header) if (h.pos <= slot.col) owner = h.col;
    const k = owner ? cols.indexOf(owner) : -1;
    if (k < 0) continue;
    const cur = out[k];
    if (!cur || (cur.value.kind === 'blank' && slot.value.kind === 'number')) out[k] = slot;
  }
  return out;
}

// Each table A row's columns, per format (built once).
const ACTIVE_COLS_OF: Record<ReportFormat, ReadonlyMap<ActiveRow, ActiveCol[]>> = {
  '2019': new Map(ACTIVE_BLOCKS['2019'].flatMap((block) => block.rows.map((r) => [r, block.cols] as const))),
  '2021': new Map(ACTIVE_BLOCKS['2021'].flatMap((block) => block.rows.map((r) => [r, block.cols] as const))),
};

// Each table A row's fact ids, column by column as ACTIVE_COLS_OF lists them, built once: an id
// made per cell is a new string, hashed anew by every Map it keys (the reader's, parseReport's slots).
const ACTIVE_IDS_OF: Record<ReportFormat, ReadonlyMap<ActiveRow, FactId[]>> = {
  '2019': new Map([...ACTIVE_COLS_OF['2019']].map(([row, cols]) => [row, cols.map((col) => `active.${row}.${col}`)])),
  '2021': new Map([...ACTIVE_COLS_OF['2021']].map(([row, cols]) => [row, cols.map((col) => `active.${row}.${col}`)])),
};

// Header words: a text cell holding one is a header, not a row of its own.
const NOT_AN_EXTRA_ROW = /第二十条|信息内容|数量|件数|金额/;

/** The cells of table A's region. `textEnd`: the region ends where the text ends. */
export function readActiveTable(
  cells: Cell[],
  format: ReportFormat,
  textEnd = false,
  facts = new TableFacts(),
): TableRead {
  const extraRows: ExtraRow[] = [];
  const findings: Finding[] = [];
  const rowsFound: string[] = [];
  const colsOf = ACTIVE_COLS_OF[format];
  let header: { col: ActiveCol; pos: number }[] | null = null;
  let headerLine = -1;
  const pending: PendingGlued[] = [];

  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (isValueCell(c)) continue;
    if (c.shape === 'grid' && c.line !== headerLine && headerColumn(c.text)) {
      header = headerOf(cells.filter((x) => x.line === c.line));
      headerLine = c.line;
    }
    let row = matchActiveRow(c.text);
    let window: RowWindow = { slots: [], grid: false, cut: false, end: i + 1 };
    if (row) {
      window = windowAfter(cells, i, colsOf.get(row)?.length ?? 1, textEnd);
    } else {
      const withDigits = labelWithDigits(c.text);
      const gluedRow = withDigits ? matchActiveRow(withDigits.labelText) : null;
      const glued = withDigits && gluedRow ? { row: gluedRow, digits: withDigits.digits } : null;
      if (glued && colsOf.has(glued.row)) {
        row = glued.row;
        if (colsOf.get(row)!.length === 1) window.slots = [{ ...c, value: readCell(glued.digits) }];
        else if (!rowsFound.includes(row)) {
          rowsFound.push(row);
          pending.push({
            row: gluedRowFor(activeKey(row), glued.digits, format),
            line: c.line,
            cell: c.text.trim(),
            label: ACTIVE_ROWS[row],
          });
          continue;
        }
      } else {
        // A row the template does not have (e.g. 其他主动公开文件) but the report fills in.
        // Its label's words are read only when numbers follow it (most such cells are headers).
        const w = windowAfter(cells, i, 1, textEnd);
        const body = w.slots.some((s) => s.value.kind === 'number') ? labelBody(c.text) : '';
        if (body.length >= 2 && body.length <= 20 && !NOT_AN_EXTRA_ROW.test(body)) {
          extraRows.push({
            table: 'A',
            label: c.text.trim(),
            values: w.slots.map((s) => (s.value.kind === 'number' ? s.value.value : null)),
            line: c.line,
          });
        }
        continue;
      }
    }
    const cols = colsOf.get(row);
    if (!cols || rowsFound.includes(row)) continue;
    if (window.cut && window.slots.length === 0) continue; // the text ends on the label itself
    rowsFound.push(row);
    const run = gluedRun(window.slots, cols.length, cols.length + 2);
    if (run) {
      pending.push({
        row: gluedRowFor(activeKey(row), run, format),
        line: c.line,
        cell: run,
        label: labelBody(c.text),
      });
      continue;
    }
    const byHeader = window.grid && header ? placeByHeader(window.slots, header, cols) : null;
    const fitted = byHeader
      ? { slots: byHeader, reached: cols.length, misfit: null }
      : cols.length === 1
        ? {
            slots: [window.slots.find((s) => s.value.kind === 'number') ?? window.slots[0] ?? null],
            reached: 1,
            misfit: null,
          }
        : align(window, cols.length);
    if (fitted.misfit) {
      const ids = cols.map((col) => `active.${row}.${col}`);
      findings.push(
        misfitFinding(fitted.misfit, '表二', labelBody(c.text), c.line, window.slots.length, cols.length, ids),
      );
    }
    const headerUnit = cols.includes('amount') ? headerAmountUnit(cells, row) : undefined;
    const idSlots = slotsOf(ACTIVE_IDS_OF[format].get(row)!);
    cols.forEach((col, k) => {
      if (k >= fitted.reached) return;
      const f = toFact(fitted.slots[k], c.line);
      if (col === 'amount') {
        const s = fitted.slots[k];
        const cellUnit = s && s.value.kind === 'number' ? s.value.unit : null;
        const unit: AmountUnit =
          cellUnit === 'yuan' ? '元' : cellUnit === 'wanyuan' ? '万元' : (headerUnit ?? 'unknown');
        if (unit === '元' && f.value !== null) f.value = Number((f.value / 10000).toFixed(8));
        f.unit = unit === 'unknown' ? 'unknown' : '万元';
      }
      facts.setSlot(idSlots[k], f);
    });
  }
  // Cells read as written are checked; split cells come from the solver, within its bounds.
  dropImplausible(facts, findings);
  settleGlued(pending, facts, findings, format);
  return { facts, extraRows, findings, rowsFound };
}

// ---------- table B ----------

const APPLY_HEADER: [RegExp, number][] = [
  [/^自然人$/, 0],
  [/商业企业/, 1],
  [/科研机构/, 2],
  [/公益组织|^社会组织$/, 3],
  [/法律服务/, 4],
  [/^其他$/, 5],
  [/^(?:总计|合计)$/, 6],
];

/**
 * Grid positions of table B's seven columns, read from its header lines (the
 * grid lines before the first row label), when all seven are there in order.
 */
function applyColumnPositions(cells: Cell[], firstRow: number): number[] | null {
  if (!uniformGrid(cells)) return null;
  const pos: number[] = Array(7).fill(-1);
  for (let i = 0; i < firstRow; i++) {
    const c = cells[i];
    if (c.shape !== 'grid' || c.value.kind !== 'text') continue;
    const s = squash(c.text);
    if (s.length > 8) continue;
    for (const [re, k] of APPLY_HEADER) if (pos[k] < 0 && re.test(s)) pos[k] = c.col;
  }
  for (let k = 0; k < 7; k++) if (pos[k] < 0 || (k > 0 && pos[k] <= pos[k - 1])) return null;
  return pos;
}

/**
 * Whether the table's grid lines all have one width. Grids rebuilt from HTML,
 * Word and PDF tables do; TAB text typed or converted by hand is often ragged
 * (a row shifted by one), and there positions do not name columns.
 */
function uniformGrid(cells: Cell[]): boolean {
  let width = -1;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (c.shape !== 'grid' || (i + 1 < cells.length && cells[i + 1].line === c.line)) continue;
    // c is the last cell of its grid line
    if (c.col === 0) continue;
    if (width < 0) width = c.col;
    else if (c.col !== width) return false;
  }
  return width > 0;
}

/** A grid row's values by their columns' positions; null when a number sits under no column. */
function placeByPositions(slots: Filled[], positions: number[]): Slot[] | null {
  const out: Slot[] = blankSlots(positions.length);
  let placed = 0;
  for (const slot of slots) {
    const k = positions.indexOf(slot.col);
    if (k < 0) {
      if (slot.value.kind === 'number') return null;
      continue;
    }
    out[k] = slot;
    if (slot.value.kind === 'number') placed++;
  }
  return placed ? out : null;
}

// Table B's rows in order, per format (built once: an array mapped a call was of another
// elements kind once this reader was optimized, and its lookups were thrown away).
const APPLY_ORDER: Record<ReportFormat, readonly string[]> = {
  '2019': applyRows('2019').map((r) => r.row),
  '2021': applyRows('2021').map((r) => r.row),
};

export function readApplyTable(
  cells: Cell[],
  format: ReportFormat,
  textEnd = false,
  facts = new TableFacts(),
): TableRead {
  const findings: Finding[] = [];
  const extraRows: ExtraRow[] = [];
  const order = APPLY_ORDER[format];
  const rowsFound: string[] = [];
  let pos = 0; // index in `order` of the next row we expect
  let group: string | null = null;
  let positions: number[] | null | undefined; // read once, at the first row
  const pending: PendingGlued[] = [];

  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (isValueCell(c)) continue;
    let m = matchApplyLabel(c.text, format);
    let glued = m?.kind === 'row' ? null : labelWithDigits(c.text);
    if (glued) {
      // "（七）总计1581246170197": the label is known only without its digits.
      const bare = matchApplyLabel(glued.labelText, format);
      if (bare?.kind === 'row') m = bare;
      else glued = null;
    }
    if (!m) continue;
    if (m.kind === 'group') {
      group = m.group;
      // A 2021 report that prints （六）其他处理 as one row, the 2019 way: the template has
      // no id for it, so its numbers are kept as an extra row, not dropped.
      if (m.group === 'other') {
        const w = windowAfter(cells, i, APPLY_COL_ORDER.length, textEnd);
        if (w.slots.some((x) => x.value.kind === 'number')) {
          extraRows.push({
            table: 'B',
            label: c.text.trim(),
            values: values(align(w, APPLY_COL_ORDER.length, sumOk).slots),
            line: c.line,
          });
        }
      }
      continue;
    }
    const idx = order.indexOf(m.row);
    if (idx < 0 || idx < pos) continue; // a repeated header word, or a row of the other format
    if (m.bare === 'other' && group !== 'other') continue; // the 其他 column header
    const width = APPLY_COL_ORDER.length;
    let w = windowAfter(cells, i, width, textEnd);
    // A label broken over two lines ("…已获" / "取信息\t0\t0…"): take the values after the tail.
    if (w.slots.length === 0 && w.end < cells.length && w.end === i + 1) {
      const next = cells[w.end];
      if (!matchApplyLabel(next.text, format) && labelBody(next.text).length <= 8 && next.line !== c.line) {
        const w2 = windowAfter(cells, w.end, width, textEnd);
        if (w2.slots.some((s) => s.value.kind === 'number')) w = w2;
      }
    }
    const hasNumber = w.slots.some((s) => s.value.kind === 'number');
    // Digits glued to the label ("一、本年新收政府信息公开申请数量632000065"), or one run
    // standing for the whole row: split once the whole table is read.
    const gluedToLabel = hasNumber ? null : (glued ?? labelWithDigits(c.text));
    if (!hasNumber && !gluedToLabel && /\d/.test(squash(c.text).replace(/\d[.、](?=\D)/g, ''))) continue; // several rows run together
    const run = gluedToLabel?.digits ?? gluedRun(w.slots, width, width);
    if (run !== null && /^\d+$/.test(run)) {
      pending.push({
        row: gluedRowFor(applyKey(m.row), run, format),
        line: c.line,
        cell: gluedToLabel ? c.text.trim() : run,
        label: labelBody(gluedToLabel?.labelText ?? c.text),
      });
      rowsFound.push(m.row);
      pos = idx + 1;
      if (m.row === 'carried_forward') break;
      continue;
    }
    if (m.bare && !hasNumber) continue; // bare 总计/其他 with nothing after it is a header
    if (w.cut && w.slots.length === 0) break; // the text ends on the label itself
    if (positions === undefined) positions = applyColumnPositions(cells, i);
    let byHeader = w.grid && positions ? placeByPositions(w.slots, positions) : null;
    // Header and rows of a converted table can disagree by a column: a placement whose
    // sum fails where the row read in order adds up is the header's fault, not the row's.
    if (byHeader && !sumOk(values(byHeader))) {
      const inOrder = align(w, width, sumOk);
      if (!inOrder.misfit && sumOk(values(inOrder.slots))) byHeader = null;
    }
    const fitted = byHeader ? { slots: byHeader, misfit: null, reached: width } : align(w, width, sumOk);
    if (fitted.misfit)
      findings.push(
        misfitFinding(fitted.misfit, '表三', labelBody(c.text), c.line, w.slots.length, width, [...applyIdsOf(m.row)]),
      );
    const idSlots = slotsOf(applyIdsOf(m.row));
    for (let k = 0; k < idSlots.length && k < fitted.reached; k++)
      facts.setSlot(idSlots[k], toFact(fitted.slots[k], c.line));
    rowsFound.push(m.row);
    pos = idx + 1;
    if (m.row === 'carried_forward') break;
  }
  // Cells read as written are checked; split cells come from the solver, within its bounds.
  dropImplausible(facts, findings);
  settleGlued(pending, facts, findings, format);
  return { facts, extraRows, findings, rowsFound };
}

// ---------- table C ----------

const C_HEADER = /复议|诉讼|起诉|维持|纠正|结果|审结|总计|合计/;

export function readReviewTable(cells: Cell[], textEnd = false, facts = new TableFacts()): TableRead {
  const findings: Finding[] = [];
  // The row of 15 numbers comes after the last header cell.
  let start = 0;
  for (let i = 0; i < cells.length; i++) {
    const s = squash(cells[i].text);
    if (!isValueCell(cells[i]) && s.length <= 12 && C_HEADER.test(s)) start = i + 1;
  }
  const slots: Filled[] = [];
  let cutAtEnd = true;
  for (let i = start; i < cells.length; i++) {
    const value = cells[i].value;
    if (value.kind === 'text') {
      if (slots.some((s) => s.value.kind === 'number')) {
        cutAtEnd = false;
        break;
      }
      continue;
    }
    slots.push(cells[i]);
  }
  while (slots.length && slots[0].value.kind === 'blank') slots.shift();
  while (slots.length && slots[slots.length - 1].value.kind === 'blank') slots.pop();
  const width = REVIEW_IDS.length;
  // Glued: the fifteen numbers as one run, in a few runs, or after the last header word.
  const run = gluedReviewRun(slots, width) ?? (slots.length ? null : gluedAfterHeader(cells, width));
  if (run) {
    const format: ReportFormat = '2021'; // table C is the same in both formats
    settleGlued(
      [
        {
          row: gluedRowFor(REVIEW_KEY, run.digits, format),
          line: run.line,
          cell: run.cell,
          label: '行政复议、行政诉讼',
        },
      ],
      facts,
      findings,
      format,
    );
    return { facts, extraRows: [], findings, rowsFound: ['review'] };
  }
  if (!slots.some((s) => s.value.kind === 'number')) return { facts, extraRows: [], findings, rowsFound: [] };
  const consistent = (vals: (number | null)[]) => [0, 5, 10].every((o) => sumOk(vals.slice(o, o + 5)));
  const fitted = align({ slots, cut: textEnd && cutAtEnd }, width, consistent, true);
  const line = slots[0].line;
  if (fitted.misfit)
    findings.push(misfitFinding(fitted.misfit, '表四', '行政复议、行政诉讼', line, slots.length, width, REVIEW_IDS));
  const idSlots = slotsOf(REVIEW_IDS);
  for (let k = 0; k < idSlots.length && k < fitted.reached; k++)
    facts.setSlot(idSlots[k], toFact(fitted.slots[k], line));
  dropImplausible(facts, findings);
  return { facts, extraRows: [], findings, rowsFound: ['review'] };
}

/** Table C's numbers glued into fewer cells than fifteen ("000000000000000", "10100 00000 50000"). */
function gluedReviewRun(slots: Filled[], width: number): { digits: string; line: number; cell: string } | null {
  // One run, or one per block of five; more cells than that are cells, some of them blank.
  if (slots.length === 0 || slots.length > 3) return null;
  if (!slots.every((s) => s.value.kind === 'number' && /^\d+$/.test(squash(s.text)))) return null;
  const digits = slots.map((s) => squash(s.text)).join('');
  if (digits.length < width) return null;
  return { digits, line: slots[0].line, cell: slots.map((s) => s.text).join(' ') };
}

/** "…尚未审结总计000000000000000": the numbers glued to the header's last word. */
function gluedAfterHeader(cells: Cell[], width: number): { digits: string; line: number; cell: string } | null {
  for (let i = cells.length - 1; i >= 0; i--) {
    const glued = cells[i].value.kind === 'text' ? splitGluedCell(cells[i].text) : null;
    if (
      glued &&
      glued.digits.length >= width &&
      /^\d+$/.test(glued.digits) &&
      C_HEADER.test(glued.labelText.slice(-6))
    ) {
      return { digits: glued.digits, line: cells[i].line, cell: cells[i].text.trim() };
    }
  }
  return null;
}

export { APPLY_PARTS };
