// Cells that are not read as written: digit runs glued together, split once the whole
// table is read (solveGlued, the template's sums as constraints), and values no count
// can be, blanked with a finding. Pure: no I/O.
import { squash } from './cells.js';
import {
  ambiguousCellsFinding,
  rowIds,
  solveGlued,
  splitGluedCell,
  templateRules,
  type GluedRow,
  type Split,
} from './glued.js';
import { implausibility, implausibleFinding, valueKindOf } from './plausible.js';
import type { Filled } from './rows.js';
import type { ReportFormat } from '../catalogue/facts.js';
import type { AmountUnit, Finding } from './types.js';
import type { TableFacts } from './table-facts.js';

/** One table cell as read: its value (null for a blank), and where it was written. */
export interface CellFact {
  value: number | null;
  approximate: boolean;
  line: number;
  cell: string;
  unit?: AmountUnit;
}

/** A row whose cells came glued into one digit run, to be split once the whole table is read. */
export interface PendingGlued {
  row: GluedRow;
  line: number;
  cell: string;
  label: string;
}

/**
 * A row's only value is one digit run too long to be one cell ("632000065" under a
 * row of seven columns, "000" under three): its cells were glued together.
 * `minDigits`: how long a run must be before it cannot be one cell of this table.
 */
export function gluedRun(slots: Filled[], width: number, minDigits: number): string | null {
  if (width < 2) return null;
  // The one slot that is not blank, if there is exactly one.
  let only: Filled | null = null;
  for (const s of slots) {
    if (s.value.kind === 'blank') continue;
    if (only) return null;
    only = s;
  }
  if (!only) return null;
  const digits = squash(only.text);
  if (!/^\d+$/.test(digits)) return null;
  return digits.length >= minDigits || (digits.length >= 2 && digits.startsWith('0')) ? digits : null;
}

/**
 * Split the glued rows of one table with the template's arithmetic over every cell
 * read (solveGlued); a row that has no unique split is blank with an
 * `ambiguous_cells` finding. Never a guess.
 */
export function settleGlued(
  pending: PendingGlued[],
  facts: TableFacts,
  findings: Finding[],
  format: ReportFormat,
): void {
  if (pending.length === 0) return;
  const known = (row: string, col: number) => {
    const id = rowIds(row, format)[col];
    return id === undefined ? undefined : facts.get(id)?.value;
  };
  // Pushed, not mapped: Array.prototype.map gives an array of one elements kind unoptimized and
  // another once this function is optimized (it is, after ~2,600 reports), and the solver's code,
  // optimized for the first, was thrown away at the second (V8: wrong map).
  const rows: GluedRow[] = [];
  for (const p of pending) rows.push(p.row);
  const splits = solveGlued(rows, templateRules(format), known);
  // A run no split fits has lost cells: blank cells vanish when a page's cells are run
  // together. Then any run of this table may have lost some, and a split that fits
  // is no longer the only reading: none is given.
  const lostCells = [...splits.values()].some((x) => x.kind === 'ambiguous' && x.candidates === 0 && !x.exhausted);
  for (const p of pending) {
    const solved = splits.get(p.row.key);
    const split: Split | undefined =
      lostCells && solved?.kind === 'unique' ? { kind: 'ambiguous', candidates: 0 } : solved;
    const ids = rowIds(p.row.key, format);
    ids.forEach((id, k) => {
      const value = split?.kind === 'unique' ? split.values[k] : null;
      facts.set(id, { value, approximate: false, line: p.line, cell: p.cell });
    });
    if (split && split.kind === 'ambiguous') findings.push(ambiguousCellsFinding(p.row, split, format, p.label));
  }
}

/**
 * A row label with its cells' digits glued on ("2.重复申请5002108"), or null. A
 * label that holds digits of its own past its numbering is several rows run
 * together, and its last digits are not this row's.
 */
export function labelWithDigits(text: string): { labelText: string; digits: string } | null {
  const glued = splitGluedCell(text);
  return glued && !/\d/.test(glued.labelText.replace(/\d[.、](?=\D)/g, '')) ? glued : null;
}

/** Cells that cannot hold what they say (negative counts, 1e20, fractions) become blank, with a finding. */
export function dropImplausible(facts: TableFacts, findings: Finding[]): void {
  facts.forEach((f, id) => {
    const v = f.value;
    // Most cells are small whole numbers written in a few characters: nothing to check.
    if (v === null || (v >= 0 && v <= 1e7 && Number.isInteger(v) && f.cell.length <= 12)) return;
    const why = implausibility(f.cell, v, valueKindOf(id));
    if (!why) return;
    findings.push(implausibleFinding(id, f.cell, why));
    f.value = null;
    f.approximate = false;
  });
}
