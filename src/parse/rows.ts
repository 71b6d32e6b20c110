// A row's cells: the values that follow its label (on its own line, or on the
// value-only lines after it when cells were written one per line or broken at their
// bars), and fitting them to the row's columns without ever guessing a column.
// Pure: no I/O.
import { squash } from './cells.js';
import type { Cell } from './lines.js';
import type { CellFact } from './settle.js';
import type { FactId } from '../catalogue/facts.js';
import type { Finding } from './types.js';

// A value cell is its own slot: its value is read once, in the cell (no object a value a row).
export type Slot = Cell | null;
export type Filled = Cell;

export const isValueCell = (c: Cell) => c.value.kind !== 'text';

/** The value cells a row label is followed by. */
export interface RowWindow {
  slots: Filled[];
  /** All values sit on the label's own grid line, so their positions are columns. */
  grid: boolean;
  /** The text ends inside this row: cells after the last slot were never reached. */
  cut: boolean;
  /** Index of the first cell after the window. */
  end: number;
}

/**
 * The value cells after cells[i]: those on the label's own line, and when that
 * line holds fewer than the row's `width` (cell per line, rows broken at their
 * bars) the value-only lines that follow, up to the next label or text.
 * `textEnd`: the cells given end where the whole text ends.
 */
export function windowAfter(cells: Cell[], i: number, width: number, textEnd = false): RowWindow {
  const label = cells[i];
  const slots: Filled[] = [];
  let j = i + 1;
  for (; j < cells.length && cells[j].line === label.line; j++) {
    const value = cells[j].value;
    // A merged label that a converter wrote into every column it covers (a few at most).
    if (value.kind === 'text' && slots.length === 0 && j - i <= 4 && cells[j].text === label.text) continue;
    if (value.kind === 'text') return { slots, grid: label.shape === 'grid', cut: false, end: j };
    slots.push(cells[j]);
  }
  const grid = label.shape === 'grid' && slots.length > 0;
  if (!grid && slots.length < width) {
    for (; j < cells.length; j++) {
      const value = cells[j].value;
      if (value.kind === 'text') break;
      slots.push(cells[j]);
    }
  }
  return { slots, grid, cut: textEnd && j >= cells.length, end: j };
}

const dropWhile = (slots: Filled[], n: number, fromEnd: boolean): Filled[] => {
  let from = 0;
  let to = slots.length;
  if (fromEnd) while (to - from > n && slots[to - 1].value.kind === 'blank') to--;
  else while (to - from > n && slots[from].value.kind === 'blank') from++;
  return from === 0 && to === slots.length ? slots : slots.slice(from, to);
};

/** Why a row's values could not all be placed: more cells than columns, or fewer. */
export type Misfit = 'extra' | 'missing' | null;

/**
 * Fit a row's value cells to `n` columns. A row cut by the end of the text keeps
 * only the cells it reached (`reached`). More cells than columns: blanks at the
 * row's edges go first, trailing ones (row padding, the next row's filler) before
 * leading ones (merged label filler) — then each window is tried and one whose
 * arithmetic holds against a printed total is kept, preferring the right-most;
 * `misfit` is 'extra' when more than one way remains. Fewer cells than columns
 * (blank cells that left nothing behind): the columns of the values are unknown,
 * so only a last value that is the sum of the others is placed, as the total;
 * any other value is left blank with `misfit` 'missing'. Never a guess.
 */
export function align(
  w: Pick<RowWindow, 'slots' | 'cut'>,
  n: number,
  consistent?: (vals: (number | null)[]) => boolean,
  preferLeft = false,
): { slots: Slot[]; misfit: Misfit; reached: number } {
  let slots = w.slots;
  if (w.cut && slots.length < n) return { slots: slots.slice(), misfit: null, reached: slots.length };
  if (slots.length > n) {
    slots = dropWhile(dropWhile(slots, n, true), n, false);
  }
  if (slots.length < n) {
    const blanks: Slot[] = Array<Slot>(n).fill(null);
    const numbers = slots.filter((s) => s.value.kind === 'number');
    if (numbers.length === 0) return { slots: blanks, misfit: null, reached: n };
    const last = slots.at(-1);
    // Only a row with one sum has a place for a lone total, and a run with a leading
    // zero ("000011000") is glued cells, not a total.
    if (consistent && !preferLeft && last?.value.kind === 'number' && !/^0\d/.test(squash(last.text))) {
      const totalOnly: Slot[] = [...blanks.slice(0, -1), last];
      const withParts = [...slots.slice(0, -1), ...blanks.slice(slots.length), last];
      if (numbers.length === 1) return { slots: totalOnly, misfit: null, reached: n };
      if (consistent(values(withParts))) return { slots: totalOnly, misfit: 'missing', reached: n };
    }
    return { slots: blanks, misfit: 'missing', reached: n };
  }
  if (slots.length === n) return { slots: slots.slice(), misfit: null, reached: n };
  const windows: Slot[][] = [];
  for (let o = 0; o + n <= slots.length; o++) windows.push(slots.slice(o, o + n));
  const key = (x: Slot[]) => JSON.stringify(values(x));
  const ordered = preferLeft ? windows : windows.slice().reverse();
  // A window counts as fitting only when its arithmetic holds with a total to check
  // against: a blank total fits anything, so it decides nothing.
  const good = consistent ? ordered.filter((x) => x.at(-1)?.value.kind === 'number' && consistent(values(x))) : [];
  const ambiguous = new Set((good.length ? good : windows).map(key)).size > 1;
  return ambiguous
    ? { slots: Array<Slot>(n).fill(null), misfit: 'extra', reached: n }
    : { slots: good[0] ?? ordered[0], misfit: null, reached: n };
}

/** The finding for a row whose values could not be placed in its columns. */
export function misfitFinding(
  misfit: Exclude<Misfit, null>,
  table: string,
  label: string,
  line: number,
  found: number,
  n: number,
  ids: FactId[],
): Finding {
  const why =
    misfit === 'extra'
      ? `有 ${found} 个数值，多于 ${n} 列，且不止一种对齐方式符合合计关系`
      : `只有 ${found} 个数值，少于 ${n} 列（空白单元格没有留下位置），无法确定各数值所在的列`;
  return {
    code: 'ambiguous_cells',
    severity: 'warning',
    ids,
    message: `${table}第 ${line} 行「${label}」${why}，这些单元格按空白处理，请核对原文。`,
  };
}

/**
 * A row's values, blanks as null. Always one elements kind (any value): a map of them was an
 * array of small integers, of doubles or of values as the row had it, and the sums' code
 * optimized for the kinds seen so far was thrown away at the next (V8: wrong map).
 */
export function values(w: Slot[]): (number | null)[] {
  const out = blankSlots<number>(w.length);
  for (let k = 0; k < w.length; k++) {
    const s = w[k];
    if (s && s.value.kind === 'number') out[k] = s.value.value;
  }
  return out;
}

/** `n` nulls, in an array of one elements kind whatever is written in later (see values). */
export const blankSlots = <T>(n: number): (T | null)[] => new Array<T | null>(n).fill(null);

export function toFact(slot: Slot, fallbackLine: number): CellFact {
  if (!slot) return { value: null, approximate: false, line: fallbackLine, cell: '' };
  const v = slot.value;
  return {
    value: v.kind === 'number' ? v.value : null,
    approximate: v.kind === 'number' && v.approximate,
    line: slot.line,
    cell: slot.text,
  };
}

export function sumOk(vals: (number | null)[]): boolean {
  const total = vals[vals.length - 1];
  if (total === null) return true;
  // The parts summed left to right, blanks as nothing; no part filled in checks nothing.
  let sum = 0;
  let anyPart = false;
  for (let k = 0; k < vals.length - 1; k++) {
    const p = vals[k];
    if (p === null) continue;
    sum += p;
    anyPart = true;
  }
  return !anyPart || Math.abs(sum - total) < 1e-9;
}
