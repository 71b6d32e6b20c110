// Glued table cells (行政规范性文件5120433): split a row's digit run into its cells using
// the template's own arithmetic as constraints, and accept a split only when it is the
// only one. Pure: no I/O; the work is bounded, so any input returns promptly.
//
// A run is enumerated per row (each row's own rules: 总计 = sum of the parts, table C's
// blocks), then rows linked by cross-row rules (新收 + 结转 = 总计 + 结转下年; 总计 = the
// result rows) are solved jointly by a search with interval pruning. A row is `unique`
// when every joint solution gives it the same cells; otherwise it is `ambiguous`, and the
// caller leaves its cells blank. Never a guess.
import { fold } from './cells.js';
import {
  ACTIVE_BLOCKS,
  APPLY_COL_ORDER,
  APPLY_PARTS,
  REVIEW_GROUPS,
  REVIEW_IDS,
  applyIdsOf,
  applyRows,
  describeFact,
  type ActiveRow,
  type FactId,
  type ReportFormat,
} from '../catalogue/facts.js';
import type { Finding } from './types.js';
import { isWhiteSpaceUnit } from './white-space.js';

/** A count above this is not a count (the spec's limit); amounts in 万元 share it. */
export const MAX_COUNT = 100_000_000;
/** Search steps one `solveGlued` call may take before it gives up as ambiguous. */
export const DEFAULT_BUDGET = 200_000;

export interface GluedRow {
  /** The row's key as the rules name it: `apply.received`, `review`, `active.rules` (see `rowIds`); one run per row. */
  key: string;
  /**
   * The digit run as written (ASCII digits; '.' only inside a decimal column's cell). A
   * space marks a separator the text did keep, where a cell must end: "51 20433" is
   * 51 (one cell or more) then 20433.
   */
  digits: string;
  /** How many cells the run covers. */
  width: number;
  /** First column the run covers (default 0); the row's other cells come from `known`. */
  start?: number;
  /** Columns (0-based within the run) whose cell may be a decimal amount (采购总金额). */
  decimalCols?: number[];
}

/** One cell of a rule: a cell of a glued row (unknown) or a cell read normally (known). */
export type Term = { row: string; col: number; coef: number };
/** sum(coef × cell) + constant = 0. */
export interface LinearRule {
  terms: Term[];
  constant?: number;
}

export type Split =
  | { kind: 'unique'; values: number[] }
  /**
   * `candidates`: how many different splits of this row fit every rule (0: none fits —
   * the report's own sums do not hold, or a cell would exceed MAX_COUNT). `exhausted`:
   * the search hit its budget first, so `candidates` is only what was seen.
   */
  | { kind: 'ambiguous'; candidates: number; exhausted?: boolean };

/** A cell read normally: its value, null when blank ("/", "—"), undefined when the text lacks it. */
export type Known = (row: string, col: number) => number | null | undefined;

export interface SolveOptions {
  /** Search steps before giving up as ambiguous (default DEFAULT_BUDGET). */
  budget?: number;
}

const EPS = 1e-6;
const INT_CELL = /^(?:0|[1-9]\d{0,8})$/;
const DEC_CELL = /^(?:0|[1-9]\d{0,8})(?:\.\d{1,6})?$/;

interface Budget {
  left: number;
}

/** A rule with one glued row's unknowns: coefficients over the run's cells. */
interface LocalRule {
  coef: number[];
  constant: number;
}

/** A rule over several glued rows: per row, its coefficients over that row's run. */
interface CrossRule {
  rows: Map<string, number[]>;
  constant: number;
}

// ---------- classifying the rules ----------

function classify(
  rows: GluedRow[],
  rules: LinearRule[],
  known: Known,
): { local: Map<string, LocalRule[]>; cross: CrossRule[] } {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const local = new Map<string, LocalRule[]>(rows.map((r) => [r.key, []]));
  const cross: CrossRule[] = [];
  for (const rule of rules) {
    let constant = rule.constant ?? 0;
    const unknowns = new Map<string, number[]>();
    let usable = true;
    for (const t of rule.terms) {
      const g = byKey.get(t.row);
      const at = g ? t.col - (g.start ?? 0) : -1;
      if (g && at >= 0 && at < g.width) {
        let coef = unknowns.get(t.row);
        if (!coef) unknowns.set(t.row, (coef = new Array<number>(g.width).fill(0)));
        coef[at] += t.coef;
        continue;
      }
      const v = known(t.row, t.col);
      // A blank or absent cell: the rule says nothing we can use (the checks skip it too).
      if (typeof v !== 'number') {
        usable = false;
        break;
      }
      constant += t.coef * v;
    }
    if (!usable || unknowns.size === 0) continue;
    if (unknowns.size === 1) {
      const [key, coef] = [...unknowns][0];
      local.get(key)!.push({ coef, constant });
    } else cross.push({ rows: unknowns, constant });
  }
  return { local, cross };
}

// ---------- one row ----------

function readPart(s: string, decimal: boolean): number | null {
  if (!(decimal ? DEC_CELL : INT_CELL).test(s)) return null;
  const v = Number(s);
  return v <= MAX_COUNT ? v : null;
}

/**
 * Every split of one row's run that satisfies its own rules. The last cell (the row's
 * 总计) is placed first, so the parts are pruned against it as they are placed.
 * Returns 'exhausted' when the budget runs out.
 */
function enumerateRow(row: GluedRow, rules: LocalRule[], budget: Budget): number[][] | 'exhausted' {
  const { width } = row;
  const written = row.digits.trim();
  if (!/^[\d. ]+$/.test(written)) return [];
  const digits = written.replace(/ +/g, '');
  // reach[a]: a cell starting at a may end at most here (the next kept separator).
  const reach = new Array<number>(digits.length + 1).fill(digits.length);
  {
    const cuts: number[] = [];
    let p = 0;
    for (const ch of written)
      if (ch === ' ') cuts.push(p);
      else p++;
    for (let a = digits.length - 1, c = cuts.length - 1; a >= 0; a--) {
      while (c >= 0 && cuts[c] > a) c--;
      reach[a] = c + 1 < cuts.length ? cuts[c + 1] : digits.length;
    }
  }
  if (digits.length < width) return [];
  const exact = (vals: number[]) =>
    rules.every((r) => Math.abs(r.coef.reduce((s, a, i) => s + a * vals[i], r.constant)) < EPS);
  // As many digits as cells: one digit each is the only cut (most rows of quiet offices).
  if (digits.length === width && /^\d+$/.test(digits)) {
    budget.left -= width;
    const vals = [...digits].map(Number);
    return exact(vals) ? [vals] : [];
  }
  const decimal = new Array<boolean>(width).fill(false);
  for (const c of row.decimalCols ?? []) if (c >= 0 && c < width) decimal[c] = true;
  const maxLen = decimal.map((d) => (d ? 16 : 9));
  const order = width > 1 ? [width - 1, ...Array.from({ length: width - 1 }, (_, i) => i)] : [0];
  const values = new Array<number>(width).fill(0);
  const assigned = new Array<boolean>(width).fill(false);
  const out: number[][] = [];
  let exhausted = false;
  // restMax[k]: the most digits the cells placed after order[k - 1] can hold.
  const restMax = new Array<number>(order.length + 1).fill(0);
  for (let k = order.length - 1; k >= 0; k--) restMax[k] = restMax[k + 1] + maxLen[order[k]];

  // Whether every rule can still reach 0, given the digits left for the cells not yet placed.
  const feasible = (leftDigits: number, leftCells: number): boolean => {
    const hiLen = Math.min(9, leftDigits - leftCells + 1);
    const hi = Math.min(MAX_COUNT, 10 ** hiLen);
    for (const r of rules) {
      let lo = r.constant;
      let up = r.constant;
      for (let i = 0; i < width; i++) {
        const a = r.coef[i];
        if (a === 0) continue;
        if (assigned[i]) {
          lo += a * values[i];
          up += a * values[i];
        } else if (a > 0) up += a * hi;
        else lo += a * hi;
      }
      if (lo > EPS || up < -EPS) return false;
    }
    return true;
  };

  // Place order[k] onward; the prefix digits[from, to) is what the unplaced cells share.
  const place = (k: number, from: number, to: number): void => {
    if (exhausted) return;
    if (--budget.left < 0) {
      exhausted = true;
      return;
    }
    if (k === order.length) {
      if (from === to) out.push(values.slice());
      return;
    }
    const cell = order[k];
    const leftCells = order.length - k;
    const left = to - from;
    const last = cell === width - 1 && width > 1 && k === 0;
    for (let len = 1; len <= Math.min(maxLen[cell], left - (leftCells - 1)); len++) {
      // The cells after this one must still fit in what remains.
      if (left - len > restMax[k + 1]) continue;
      const start = last ? to - len : from;
      if (reach[start] < start + len) continue; // the cell would run across a kept separator
      const s = digits.slice(start, start + len);
      const v = readPart(s, decimal[cell]);
      if (v === null) continue;
      values[cell] = v;
      assigned[cell] = true;
      const nFrom = last ? from : from + len;
      const nTo = last ? to - len : to;
      if (feasible(nTo - nFrom, leftCells - 1)) place(k + 1, nFrom, nTo);
      assigned[cell] = false;
      if (exhausted) return;
    }
  };
  place(0, 0, digits.length);
  if (exhausted) return 'exhausted';
  // Exact check of every rule on each complete split.
  return out.filter(exact);
}

// ---------- rows together ----------

/** Rows linked by cross rules, as groups of keys. */
function components(keys: string[], cross: CrossRule[]): string[][] {
  const parent = new Map(keys.map((k) => [k, k]));
  const find = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(k, r);
    return r;
  };
  for (const rule of cross) {
    const [first, ...rest] = [...rule.rows.keys()];
    for (const k of rest) parent.set(find(k), find(first));
  }
  const groups = new Map<string, string[]>();
  for (const k of keys) {
    const root = find(k);
    groups.set(root, [...(groups.get(root) ?? []), k]);
  }
  return [...groups.values()];
}

interface JointResult {
  /** Per row, the candidate indexes seen in some joint solution. */
  seen: Map<string, Set<number>>;
  complete: boolean;
}

/**
 * All joint solutions of a group of rows: interval filtering first (a candidate that no
 * choice of the other rows can balance is dropped), then a depth-first search.
 */
function solveJoint(keys: string[], cands: Map<string, number[][]>, rules: CrossRule[], budget: Budget): JointResult {
  const alive = new Map(keys.map((k) => [k, cands.get(k)!.map(() => true)]));
  // contrib[q].get(row)[i]: what candidate i of the row adds to rule q.
  const contrib = rules.map((rule) => {
    const m = new Map<string, number[]>();
    for (const [key, coef] of rule.rows)
      m.set(
        key,
        cands.get(key)!.map((vals) => coef.reduce((s, a, i) => s + a * vals[i], 0)),
      );
    return m;
  });
  const bounds = (q: number, key: string): [number, number] => {
    const c = contrib[q].get(key)!;
    const a = alive.get(key)!;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < c.length; i++) {
      if (!a[i]) continue;
      lo = Math.min(lo, c[i]);
      hi = Math.max(hi, c[i]);
    }
    return [lo, hi];
  };
  const seenEmpty = (): JointResult => ({ seen: new Map(keys.map((k) => [k, new Set<number>()])), complete: true });

  // Interval filtering to a fixed point (bounded: each pass removes a candidate or stops).
  for (let changed = true; changed; ) {
    changed = false;
    for (let q = 0; q < rules.length; q++) {
      const rowKeys = [...rules[q].rows.keys()];
      const b = rowKeys.map((k) => bounds(q, k));
      if (b.some(([lo]) => lo === Infinity)) return seenEmpty();
      const loSum = b.reduce((s, [lo]) => s + lo, rules[q].constant);
      const hiSum = b.reduce((s, [, hi]) => s + hi, rules[q].constant);
      rowKeys.forEach((k, j) => {
        const otherLo = loSum - b[j][0];
        const otherHi = hiSum - b[j][1];
        const c = contrib[q].get(k)!;
        const a = alive.get(k)!;
        for (let i = 0; i < c.length; i++) {
          if (!a[i]) continue;
          budget.left--;
          if (c[i] + otherLo > EPS || c[i] + otherHi < -EPS) {
            a[i] = false;
            changed = true;
          }
        }
      });
      if (budget.left < 0) return { seen: seenEmpty().seen, complete: false };
    }
  }

  const order = keys
    .slice()
    .sort((x, y) => alive.get(x)!.filter(Boolean).length - alive.get(y)!.filter(Boolean).length);
  const rulesOf = new Map(keys.map((k) => [k, [] as number[]]));
  rules.forEach((rule, q) => rule.rows.forEach((_, k) => rulesOf.get(k)!.push(q)));
  const fixed = rules.map((r) => r.constant);
  const restLo = rules.map((_, q) => [...rules[q].rows.keys()].reduce((s, k) => s + bounds(q, k)[0], 0));
  const restHi = rules.map((_, q) => [...rules[q].rows.keys()].reduce((s, k) => s + bounds(q, k)[1], 0));
  const rowBounds = new Map(keys.map((k) => [k, rulesOf.get(k)!.map((q) => bounds(q, k))]));
  const choice = new Map<string, number>();
  const seen = new Map(keys.map((k) => [k, new Set<number>()]));
  let complete = true;

  const search = (d: number): void => {
    if (!complete) return;
    if (--budget.left < 0) {
      complete = false;
      return;
    }
    if (d === order.length) {
      for (const [k, i] of choice) seen.get(k)!.add(i);
      return;
    }
    const key = order[d];
    const qs = rulesOf.get(key)!;
    const rb = rowBounds.get(key)!;
    const a = alive.get(key)!;
    qs.forEach((q, j) => {
      restLo[q] -= rb[j][0];
      restHi[q] -= rb[j][1];
    });
    for (let i = 0; i < a.length && complete; i++) {
      if (!a[i]) continue;
      let ok = true;
      for (const q of qs) {
        const f = fixed[q] + contrib[q].get(key)![i];
        if (f + restLo[q] > EPS || f + restHi[q] < -EPS) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      for (const q of qs) fixed[q] += contrib[q].get(key)![i];
      choice.set(key, i);
      search(d + 1);
      choice.delete(key);
      for (const q of qs) fixed[q] -= contrib[q].get(key)![i];
    }
    qs.forEach((q, j) => {
      restLo[q] += rb[j][0];
      restHi[q] += rb[j][1];
    });
  };
  search(0);
  return { seen, complete };
}

/**
 * Split every glued row. `rules` are the template's (see `templateRules`); `known` gives
 * the cells read normally. A row is `unique` only when every split of all the rows that
 * satisfies every usable rule gives it the same cells. A rule through a blank or absent
 * cell, or through a row with no split at all, is not used. When rows linked by rules
 * have no joint split (the report's own sums do not hold), all of them are ambiguous
 * with 0 candidates: the sums that should decide are the ones that are wrong.
 */
export function solveGlued(
  rows: GluedRow[],
  rules: LinearRule[],
  known: Known,
  opts: SolveOptions = {},
): Map<string, Split> {
  const budget: Budget = { left: opts.budget ?? DEFAULT_BUDGET };
  const out = new Map<string, Split>();
  const { local, cross } = classify(rows, rules, known);
  const cands = new Map<string, number[][]>();
  const solvable: string[] = [];
  // One row of garbage may take an eighth of the budget, never all of it: the rows
  // after it still get theirs.
  const perRow = Math.max(1000, Math.floor(budget.left / 8));
  for (const row of rows) {
    const own: Budget = { left: Math.min(perRow, budget.left) };
    const found = enumerateRow(row, local.get(row.key)!, own);
    budget.left -= Math.min(perRow, budget.left) - Math.max(0, own.left);
    if (found === 'exhausted') out.set(row.key, { kind: 'ambiguous', candidates: 0, exhausted: true });
    else if (found.length === 0) out.set(row.key, { kind: 'ambiguous', candidates: 0 });
    else {
      cands.set(row.key, found);
      solvable.push(row.key);
    }
  }
  // A row with no split tells nothing about the others: rules through it are unusable.
  const usable = cross.filter((r) => [...r.rows.keys()].every((k) => cands.has(k)));
  for (const group of components(solvable, usable)) {
    const groupRules = usable.filter((r) => group.some((k) => r.rows.has(k)));
    const joint: JointResult =
      groupRules.length === 0
        ? { seen: new Map([[group[0], new Set(cands.get(group[0])!.map((_, i) => i))]]), complete: true }
        : solveJoint(group, cands, groupRules, budget);
    for (const key of group) {
      const s = joint.seen.get(key)!;
      if (joint.complete && s.size === 1) out.set(key, { kind: 'unique', values: cands.get(key)![[...s][0]] });
      else
        out.set(
          key,
          joint.complete
            ? { kind: 'ambiguous', candidates: s.size }
            : { kind: 'ambiguous', candidates: s.size, exhausted: true },
        );
    }
  }
  return out;
}

// ---------- the template's rows and rules ----------

/** Row keys of table B: `apply.<row>`. */
export const applyKey = (row: string) => `apply.${row}`;
/** The one row of table C (15 cells: review, litigation.direct, litigation.after_review). */
export const REVIEW_KEY = 'review';
/** Row keys of table A: `active.<row>`. */
export const activeKey = (row: ActiveRow) => `active.${row}`;

const ROW_IDS: Record<ReportFormat, Map<string, readonly FactId[]>> = { '2019': new Map(), '2021': new Map() };

/** The fact ids of a row's cells, in column order; empty when the format has no such row. */
export function rowIds(key: string, format: ReportFormat): readonly FactId[] {
  // Looked up per cell by the solver's callers: built once per key and format.
  const memo = ROW_IDS[format];
  const hit = memo.get(key);
  if (hit) return hit;
  const ids = Object.freeze(buildRowIds(key, format));
  memo.set(key, ids);
  return ids;
}

function buildRowIds(key: string, format: ReportFormat): FactId[] {
  if (key === REVIEW_KEY) return [...REVIEW_IDS];
  if (key.startsWith('apply.')) {
    const row = key.slice(6);
    return applyRows(format).some((r) => r.row === row) ? [...applyIdsOf(row)] : [];
  }
  if (key.startsWith('active.')) {
    const row = key.slice(7);
    const block = ACTIVE_BLOCKS[format].find((b) => (b.rows as string[]).includes(row));
    return block ? block.cols.map((c) => `${key}.${c}`) : [];
  }
  return [];
}

/** A whole row glued: its width and decimal columns from the template. */
export function gluedRowFor(key: string, digits: string, format: ReportFormat): GluedRow {
  const ids = rowIds(key, format);
  const decimalCols = ids.flatMap((id, i) => (id.endsWith('.amount') ? [i] : []));
  return { key, digits, width: ids.length, ...(decimalCols.length ? { decimalCols } : {}) };
}

const TEMPLATE_RULES = new Map<ReportFormat, LinearRule[]>();

/**
 * The template's arithmetic as rules: table B's column sums (总计 = the six applicant
 * columns), balance (新收 + 结转 = 总计 + 结转下年) and handled sums (总计 = every result
 * row), per column; table C's three totals. Table A has none.
 */
export function templateRules(format: ReportFormat): LinearRule[] {
  const cached = TEMPLATE_RULES.get(format);
  if (cached) return cached;
  const rules: LinearRule[] = [];
  const total = APPLY_COL_ORDER.indexOf('total');
  const parts = APPLY_PARTS.map((c) => APPLY_COL_ORDER.indexOf(c));
  const defs = applyRows(format);
  for (const d of defs) {
    const row = applyKey(d.row);
    rules.push({ terms: [...parts.map((col) => ({ row, col, coef: 1 })), { row, col: total, coef: -1 }] });
  }
  const results = defs.filter((d) => d.result).map((d) => applyKey(d.row));
  for (let col = 0; col < APPLY_COL_ORDER.length; col++) {
    const t = (row: string, coef: number): Term => ({ row: applyKey(row), col, coef });
    rules.push({ terms: [t('received', 1), t('carried_over', 1), t('handled', -1), t('carried_forward', -1)] });
    rules.push({ terms: [...results.map((row) => ({ row, col, coef: 1 })), t('handled', -1)] });
  }
  REVIEW_GROUPS.forEach((_, g) => {
    const o = g * 5;
    rules.push({
      terms: [0, 1, 2, 3]
        .map((i) => ({ row: REVIEW_KEY, col: o + i, coef: 1 }))
        .concat({ row: REVIEW_KEY, col: o + 4, coef: -1 }),
    });
  });
  TEMPLATE_RULES.set(format, rules);
  return rules;
}

// ---------- recognising a glued cell ----------

export interface GluedCell {
  /** The label as written, full-width forms folded (（一）→ (一)). */
  labelText: string;
  /** The digit run glued to it (ASCII digits, '.' in a decimal). */
  digits: string;
}

// A label ends in a character that is neither part of a number nor a separator.
const GLUED = /^(.*[^\d.,，+\-\s])(\d+(?:\.\d+)?)$/s;
// A row number inside a label: "1.属于国家秘密", "2、重复申请".
const NUMBERING = /\d[.、](?=\D)/g;
// Bracketed notes in a label, where digits are words ("保留4位小数"), never cells.
const BRACKETED = /\([^()]*\)/g;

/** Whether text ends inside an open bracket (full-width brackets are folded to ASCII). */
function insideBrackets(text: string): boolean {
  let depth = 0;
  for (const ch of text) depth = ch === '(' ? depth + 1 : ch === ')' ? Math.max(0, depth - 1) : depth;
  return depth > 0;
}

/**
 * /[0-9０-９]\s*$/.test(s), read back from the end by char code: this runs on every text
 * cell of tables A and B, and an end-anchored regex tries every start of a long cell.
 */
function endsInDigit(s: string): boolean {
  let i = s.length - 1;
  while (i >= 0 && isWhiteSpaceUnit(s.charCodeAt(i))) i--;
  if (i < 0) return false;
  const c = s.charCodeAt(i);
  return (c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19);
}

/**
 * "行政许可38", "(一)予以公开20100003", "规章０００" → the label and its digits; null when
 * the cell is not one label then digits: a plain number, a label alone, "1,234", or a
 * cell holding several rows ("…信息0000000(六)其他处理0000000(七)总计3000003"), whose
 * rows `gluedSegments` gives one by one. White space inside the cell is dropped first.
 */
export function splitGluedCell(raw: string): GluedCell | null {
  // Most cells (labels, prose) do not end in a digit: no need to look further.
  if (!endsInDigit(raw)) return null;
  const s = fold(raw).replace(/[\s\u00a0\u3000]+/g, '');
  const m = GLUED.exec(s);
  if (!m || !/[\u4e00-\u9fff]/.test(m[1])) return null;
  // Digits inside the label other than a row number ("1.") mean another row's cells.
  if (/\d/.test(m[1].replace(BRACKETED, '').replace(NUMBERING, ''))) return null;
  return { labelText: m[1], digits: m[2] };
}

/**
 * A line that holds a whole glued table ("规章000规范性文件121…一、本年新收…632000065") →
 * its label/digits pairs, in order. A row number glued after the previous row's digits
 * ("…00000001.属于国家秘密") belongs to the next label: a single digit followed by '.' or
 * '、' and a non-digit is a row number, not a cell. A header's text stays at the front of
 * the next row's label (digits in its brackets included: "(单位:万元,保留4位小数)").
 */
export function gluedSegments(raw: string): GluedCell[] {
  const s = fold(raw).replace(/[\s\u00a0\u3000]+/g, '');
  const out: GluedCell[] = [];
  const re = /\d+(?:\.\d+)?/g;
  let labelStart = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    let digits = m[0];
    let end = m.index + digits.length;
    // "…0001.属于": the trailing single digit and its dot/、 number the next row.
    const after = s.slice(end, end + 2);
    const numbering = /^[.、][^\d]/.test(after);
    if (numbering) {
      digits = digits.slice(0, -1);
      end -= 1;
    }
    const label = s.slice(labelStart, m.index);
    // Digits after no label (a line that starts with numbers), or inside brackets
    // ("（单位：万元，保留4位小数）"), are not cells; they stay in the next label's text.
    if (digits !== '' && /[\u4e00-\u9fff]/.test(label) && /[^\d.,，+-]$/.test(label) && !insideBrackets(label)) {
      out.push({ labelText: label, digits });
      labelStart = end;
    }
    if (numbering) re.lastIndex = end + 1;
  }
  return out;
}

// ---------- the finding ----------

const TABLE_OF_KEY = (key: string) => (key.startsWith('active.') ? '表二' : key.startsWith('apply.') ? '表三' : '表四');

/**
 * The `ambiguous_cells` finding for a row the solver could not split: names the table,
 * the row (as the report labels it, else the template's words) and the run's ids, and
 * quotes the digits.
 */
export function ambiguousCellsFinding(
  row: GluedRow,
  split: Extract<Split, { kind: 'ambiguous' }>,
  format: ReportFormat,
  rowLabel?: string,
): Finding {
  const start = row.start ?? 0;
  const ids = rowIds(row.key, format).slice(start, start + row.width);
  const label =
    rowLabel ??
    (row.key === REVIEW_KEY ? '行政复议、行政诉讼' : describeFact(ids[0] ?? row.key).replace(/（[^（）]*）$/, ''));
  const hasSums = !row.key.startsWith('active.');
  const why = split.exhausted
    ? `可能的拆分太多，在搜索上限内无法确定唯一的一种`
    : split.candidates === 0
      ? hasSums
        ? '按模板的合计关系找不到任何一种拆分（原表的合计可能有误，或某格超过 1 亿）'
        : '找不到任何一种拆分（某格会超过 1 亿，或出现以 0 开头的数）'
      : hasSums
        ? `按模板的合计关系有 ${split.candidates} 种拆分，无法唯一确定`
        : `该行没有合计关系可核对，有 ${split.candidates} 种拆分，无法唯一确定`;
  return {
    code: 'ambiguous_cells',
    severity: 'warning',
    ids,
    message: `${TABLE_OF_KEY(row.key)}「${label}」一行数字粘连（“${row.digits}”），${why}，按空白处理。`,
  };
}
