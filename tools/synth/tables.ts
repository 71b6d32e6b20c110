// Tables A/B/C as grids of cells with row/column spans, shaped like the national
// templates (2019: corpus/2020/*.txt; 2021: the blank template's docx cells).
// Layouts (layouts.ts) turn one grid into tab rows, cell lines, pipes or HTML.
import {
  ACTIVE_BLOCKS,
  ACTIVE_ROWS,
  APPLY_COLS,
  APPLY_COL_ORDER,
  APPLY_GROUPS,
  REVIEW_COLS,
  REVIEW_COL_ORDER,
  REVIEW_GROUPS,
  applyRows,
  type ActiveCol,
  type FactId,
  type ReportFormat,
} from '../../src/catalogue/facts.js';
import type { Rng } from './rng.js';

export interface Cell {
  /** Cell text; `\n` marks where the printed cell wraps (kept by some layouts). */
  text: string;
  colspan?: number;
  rowspan?: number;
  /** What the cell holds; layouts treat value cells differently from labels. */
  role: 'head' | 'label' | 'value' | 'blank';
}

/** An HTML-style grid: each row lists only the cells that start in it. */
export interface Grid {
  cols: number;
  rows: Cell[][];
  /** How many leading rows are column headers (repeated after a page break). */
  headRows: number;
}

/** Per-report wording and typography choices, each one seen in real reports. */
export interface Style {
  /** （一） as in the template, or "(一) " as in several Word→text exports. */
  halfWidthParens: boolean;
  /** "1. 属于国家秘密" (space after the dot) instead of "1.属于国家秘密". */
  spaceAfterEnum: boolean;
  /** 社会组织 (洛北, 胜利街) instead of 社会公益组织. */
  socialOrgShort: boolean;
  /** 本年新收到政府信息公开申请数量 (城郊) instead of 本年新收…. */
  receivedDao: boolean;
  /** 其他法律法规禁止公开 (城关镇) instead of 其他法律行政法规禁止公开. */
  prohibitedShort: boolean;
  /** Table C heads wrapped by a PDF converter into "结果 维持" (胜利街). */
  spacedReviewHeads: boolean;
  /** Header cells carry wrap points (本年新⏎制作数量). */
  wrapHeads: boolean;
  /** 2019 (八)/(九) blocks: a real blank fourth cell instead of a 2-column span. */
  blankTail: boolean;
  /** 采购总金额 header names its unit ("（单位：万元，保留4位小数）") and amounts print 4 decimals. */
  amountUnitHead: boolean;
  /** Positive 本年增/减 values print with a "+" sign. */
  plusSign: boolean;
}

export function randomStyle(rng: Rng): Style {
  return {
    halfWidthParens: rng.chance(0.3),
    spaceAfterEnum: rng.chance(0.15),
    socialOrgShort: rng.chance(0.3),
    receivedDao: rng.chance(0.15),
    prohibitedShort: rng.chance(0.15),
    spacedReviewHeads: rng.chance(0.15),
    wrapHeads: rng.chance(0.5),
    blankTail: rng.chance(0.4),
    amountUnitHead: rng.chance(0.5),
    plusSign: rng.chance(0.3),
  };
}

const CN_NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function paren(style: Style, i: number): string {
  return style.halfWidthParens ? `(${CN_NUM[i]}) ` : `（${CN_NUM[i]}）`;
}

function enumLabel(style: Style, i: number, label: string): string {
  return `${i + 1}.${style.spaceAfterEnum ? ' ' : ''}${label}`;
}

const head = (text: string, colspan?: number, rowspan?: number): Cell => ({ text, colspan, rowspan, role: 'head' });
const label = (text: string, colspan?: number, rowspan?: number): Cell => ({ text, colspan, rowspan, role: 'label' });
const value = (text: string, colspan?: number): Cell => ({ text, colspan, role: 'value' });
const blank = (): Cell => ({ text: '', role: 'blank' });

/** Header wording of table A columns, with the wrap points Word prints. */
const ACTIVE_HEADS: Record<ActiveCol, string> = {
  made: '本年新\n制作数量',
  published: '本年新\n公开数量',
  total: '对外公开\n总数量',
  prev_items: '上一年\n项目数量',
  change: '本年增/减',
  decisions: '处理决定\n数量',
  count: '采购项目\n数量',
  amount: '采购总金额',
  issued: '本年制发\n件数',
  repealed: '本年废止\n件数',
  in_force: '现行有效\n件数',
};

function formatValue(col: string, n: number, style: Style): string {
  if (col === 'change' && n > 0 && style.plusSign) return `+${n}`;
  if (col === 'amount' && style.amountUnitHead) return n.toFixed(4);
  return String(n);
}

function activeHead(col: ActiveCol, format: ReportFormat, style: Style, isFees: boolean): string {
  let text = ACTIVE_HEADS[col];
  if (col === 'decisions' && format === '2021') text = '本年处理决定数量';
  if (col === 'amount') {
    if (format === '2021' || isFees) text = '本年收费金额（单位：万元）';
    else if (style.amountUnitHead) text = '采购总金额（单位：万元，保留4位小数）';
  }
  return style.wrapHeads ? text : text.replace(/\n/g, '');
}

export function tableA(format: ReportFormat, facts: Record<FactId, number>, style: Style): Grid {
  const rows: Cell[][] = [];
  for (const block of ACTIVE_BLOCKS[format]) {
    rows.push([head(block.item, 4)]);
    const n = block.cols.length;
    // The template spreads short blocks over the 3 value columns: one column
    // spans 3 (2021 decisions, fees), or the last of two spans 2 (2019 fees, procurement).
    const spans = n === 3 ? [1, 1, 1] : n === 1 ? [3] : style.blankTail ? [1, 1] : [1, 2];
    const tail = n === 2 && style.blankTail;
    const headRow = [
      head('信息内容'),
      ...block.cols.map((c, i) =>
        head(activeHead(c, format, style, block.rows.includes('fees')), spans[i] > 1 ? spans[i] : undefined),
      ),
    ];
    if (tail) headRow.push(blank());
    rows.push(headRow);
    for (const row of block.rows) {
      const name = row === 'normative' && format === '2021' ? '行政规范性文件' : ACTIVE_ROWS[row];
      const cells = [
        label(name),
        ...block.cols.map((c, i) =>
          value(formatValue(c, facts[`active.${row}.${c}`], style), spans[i] > 1 ? spans[i] : undefined),
        ),
      ];
      if (tail) cells.push(blank());
      rows.push(cells);
    }
  }
  return { cols: 4, rows, headRows: 0 };
}

/** Row label of table B as the template prints it, numbered. */
function applyLabel(row: string, label: string, style: Style): string {
  if (row === 'received') return `一、${style.receivedDao ? '本年新收到政府信息公开申请数量' : label}`;
  if (row === 'carried_over') return `二、${label}`;
  if (row === 'carried_forward') return `四、${label}`;
  if (row === 'partial')
    return `${paren(style, 1)}${label}${style.halfWidthParens ? '(区分处理的,只计这一情形,不计其他情形)' : '（区分处理的，只计这一情形，不计其他情形）'}`;
  if (row === 'denied.prohibited' && style.prohibitedShort) return '其他法律法规禁止公开';
  return label;
}

export function tableB(format: ReportFormat, facts: Record<FactId, number>, style: Style): Grid {
  const note = style.halfWidthParens
    ? '(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)'
    : '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
  const wrap = (s: string) => (style.wrapHeads ? s : s.replace(/\n/g, ''));
  const colHead = (c: string) =>
    c === 'nonprofit' && style.socialOrgShort ? '社会组织' : APPLY_COLS[c as keyof typeof APPLY_COLS];
  const rows: Cell[][] = [
    [head(note, 3, 3), head('申请人情况', 7)],
    [head('自然人', undefined, 2), head('法人或其他组织', 5), head('总计', undefined, 2)],
    ['business', 'research', 'nonprofit', 'legal', 'other_org'].map((c) =>
      head(c === 'business' ? wrap('商业\n企业') : c === 'research' ? wrap('科研\n机构') : colHead(c)),
    ),
  ];
  const values = (row: string) => APPLY_COL_ORDER.map((c) => value(String(facts[`apply.${row}.${c}`])));
  const defs = applyRows(format);
  const resultCount = defs.filter((d) => d.result).length + 1; // + （七）总计
  // Group labels and their sizes, for the rowspans of （三）…（六）.
  const groupSize = new Map<string, number>();
  for (const d of defs) if (d.group) groupSize.set(d.group, (groupSize.get(d.group) ?? 0) + 1);
  const groupIndex: Record<string, number> = {};
  Object.values(APPLY_GROUPS).forEach((g, i) => (groupIndex[g] = i + 2)); // 不予公开 is （三）
  let firstResult = true;
  let inGroup = '';
  let enumIdx = 0;
  for (const d of defs) {
    const lead: Cell[] = [];
    if ((d.result || d.row === 'handled') && firstResult) {
      lead.push(label('三、本年度办理结果', undefined, resultCount));
      firstResult = false;
    }
    if (d.row === 'received' || d.row === 'carried_over' || d.row === 'carried_forward') {
      rows.push([label(applyLabel(d.row, d.label, style), 3), ...values(d.row)]);
      continue;
    }
    if (d.row === 'granted') {
      rows.push([...lead, label(`${paren(style, 0)}${d.label}`, 2), ...values(d.row)]);
      continue;
    }
    if (d.row === 'partial') {
      rows.push([...lead, label(applyLabel(d.row, d.label, style), 2), ...values(d.row)]);
      continue;
    }
    if (d.row === 'handled') {
      rows.push([label(`${paren(style, 6)}${d.label}`, 2), ...values(d.row)]);
      continue;
    }
    if (d.row === 'other') {
      // 2019: （六）其他处理 is one row spanning both label columns.
      rows.push([label(`${paren(style, 5)}${d.label}`, 2), ...values(d.row)]);
      continue;
    }
    const group = d.group!;
    if (group !== inGroup) {
      inGroup = group;
      enumIdx = 0;
      lead.push(label(`${paren(style, groupIndex[group])}${group}`, undefined, groupSize.get(group)));
    }
    rows.push([...lead, label(enumLabel(style, enumIdx++, applyLabel(d.row, d.label, style))), ...values(d.row)]);
  }
  return { cols: 10, rows, headRows: 3 };
}

export function tableC(facts: Record<FactId, number>, style: Style): Grid {
  const h = (c: string) => {
    const text = REVIEW_COLS[c as keyof typeof REVIEW_COLS];
    return style.spacedReviewHeads && text.length === 4 ? `${text.slice(0, 2)} ${text.slice(2)}` : text;
  };
  const rows: Cell[][] = [
    [head('行政复议', 5), head('行政诉讼', 10)],
    [...REVIEW_COL_ORDER.map((c) => head(h(c), undefined, 2)), head('未经复议直接起诉', 5), head('复议后起诉', 5)],
    [...REVIEW_COL_ORDER.map((c) => head(h(c))), ...REVIEW_COL_ORDER.map((c) => head(h(c)))],
    REVIEW_GROUPS.flatMap((g) => REVIEW_COL_ORDER.map((c) => value(String(facts[`${g.prefix}.${c}`])))),
  ];
  return { cols: 15, rows, headRows: 3 };
}

/** One slot of the laid-out grid: the cell that covers it and whether it is where the cell starts. */
export interface Slot {
  cell: Cell;
  origin: boolean;
  /** True when the slot is covered by a cell starting in an earlier row. */
  fromAbove: boolean;
}

/** Lay the grid out on its full matrix (the usual HTML table algorithm). */
export function layoutGrid(grid: Grid): Slot[][] {
  const matrix: (Slot | undefined)[][] = grid.rows.map(() => new Array<Slot | undefined>(grid.cols).fill(undefined));
  grid.rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row) {
      while (c < grid.cols && matrix[r][c]) c++;
      if (c >= grid.cols) throw new Error(`row ${r} overflows ${grid.cols} columns`);
      const cs = cell.colspan ?? 1;
      const rs = cell.rowspan ?? 1;
      for (let dr = 0; dr < rs; dr++) {
        for (let dc = 0; dc < cs; dc++) {
          if (r + dr >= matrix.length || c + dc >= grid.cols) throw new Error(`span of "${cell.text}" leaves the grid`);
          matrix[r + dr][c + dc] = { cell, origin: dr === 0 && dc === 0, fromAbove: dr > 0 };
        }
      }
      c += cs;
    }
  });
  return matrix.map((row, r) =>
    row.map((slot, c) => {
      if (!slot) throw new Error(`grid hole at row ${r}, column ${c}`);
      return slot;
    }),
  );
}

/** Rows as full matrices of strings: spans leave empty strings (Word → text export). */
export function expandedRows(grid: Grid): string[][] {
  return layoutGrid(grid).map((row) => row.map((s) => (s.origin ? s.cell.text.replace(/\n/g, '') : '')));
}

/**
 * Rows as Word's own cells: a horizontal span is one cell, a vertical span leaves one
 * empty continuation cell in each later row (docx `vMerge=continue`).
 */
export function wordCells(grid: Grid): Cell[][] {
  return layoutGrid(grid).map((row) => {
    const out: Cell[] = [];
    let prev: Cell | undefined;
    for (const slot of row) {
      if (slot.cell === prev) continue; // rest of a horizontal span
      prev = slot.cell;
      out.push(slot.origin ? slot.cell : { text: '', role: 'blank', colspan: slot.cell.colspan });
    }
    return out;
  });
}
