// Glued tables with known truth: the digit runs a fully glued report prints (every cell
// glued to its label), facts chosen so that those runs split uniquely or not, and the
// truth of "uniquely" by brute force — every split written straight from the spec's
// sums, with no pruning beyond what arithmetic makes certain — so that tests of the
// solver (src/parse/glued.ts) never take its word for what the answer is.
import {
  ACTIVE_BLOCKS,
  APPLY_COL_ORDER,
  REVIEW_GROUPS,
  REVIEW_COL_ORDER,
  applyRows,
  type FactId,
  type ReportFormat,
} from '../../src/catalogue/facts.js';
import { randomFacts, type Profile } from './facts.js';
import type { Rng } from './rng.js';

/** One glued row: its key (`active.rules`, `apply.received`, `review`), ids and run. */
export interface GluedRun {
  key: string;
  ids: FactId[];
  digits: string;
  /** Positions (within the row) of amount columns, whose cells may hold a decimal point. */
  decimalCols: number[];
}

export interface RunOptions {
  /** Amounts printed with this many decimals (the 采购总金额 header that asks for 4); default as is. */
  amountDecimals?: number;
}

const LIMIT = 100_000_000;

/** The rows of each table as a glued rendering prints them, in print order. */
export function gluedRuns(facts: Record<FactId, number>, format: ReportFormat, opts: RunOptions = {}): GluedRun[] {
  const show = (id: FactId) =>
    id.endsWith('.amount') && opts.amountDecimals !== undefined
      ? facts[id].toFixed(opts.amountDecimals)
      : String(facts[id]);
  const run = (key: string, ids: FactId[]): GluedRun => ({
    key,
    ids,
    digits: ids.map(show).join(''),
    decimalCols: ids.flatMap((id, i) => (id.endsWith('.amount') ? [i] : [])),
  });
  const out: GluedRun[] = [];
  for (const block of ACTIVE_BLOCKS[format])
    for (const row of block.rows)
      out.push(
        run(
          `active.${row}`,
          block.cols.map((c) => `active.${row}.${c}`),
        ),
      );
  for (const d of applyRows(format))
    out.push(
      run(
        `apply.${d.row}`,
        APPLY_COL_ORDER.map((c) => `apply.${d.row}.${c}`),
      ),
    );
  out.push(
    run(
      'review',
      REVIEW_GROUPS.flatMap((g) => REVIEW_COL_ORDER.map((c) => `${g.prefix}.${c}`)),
    ),
  );
  return out;
}

// ---------- brute force ----------

const INT = /^(?:0|[1-9]\d*)$/;
const DEC = /^(?:0|[1-9]\d*)(?:\.\d+)?$/;

function cell(s: string, decimal: boolean): number | null {
  if (!(decimal ? DEC : INT).test(s)) return null;
  const v = Number(s);
  return v <= LIMIT ? v : null;
}

/** Every way to cut `s` into `n` cells (no leading zeros, none above 100,000,000). */
export function allCuts(s: string, n: number, decimalCols: readonly number[] = []): number[][] {
  const out: number[][] = [];
  const vals: number[] = [];
  const go = (from: number, k: number) => {
    if (k === n - 1) {
      const v = cell(s.slice(from), decimalCols.includes(k));
      if (v !== null) out.push([...vals, v]);
      return;
    }
    for (let to = from + 1; to <= s.length - (n - 1 - k); to++) {
      const v = cell(s.slice(from, to), decimalCols.includes(k));
      if (v === null) continue;
      vals.push(v);
      go(to, k + 1);
      vals.pop();
    }
  };
  if (s.length >= n) go(0, 0);
  return out;
}

/**
 * Cuts of `s` into `n` cells whose last is the sum of the others. Every part is at most
 * the total, so no part has more digits than the total: a certainty, used to keep the
 * enumeration small, not a heuristic.
 */
function sumCuts(s: string, n: number): number[][] {
  const out: number[][] = [];
  for (let t = 1; t < s.length && t <= 9; t++) {
    const total = cell(s.slice(s.length - t), false);
    if (total === null) continue;
    const prefix = s.slice(0, s.length - t);
    if (prefix.length < n - 1 || prefix.length > (n - 1) * t) continue;
    const vals: number[] = [];
    const go = (from: number, k: number, sum: number) => {
      if (k === n - 1) {
        if (from === prefix.length && sum === total) out.push([...vals, total]);
        return;
      }
      for (let len = 1; len <= t && from + len <= prefix.length; len++) {
        const v = cell(prefix.slice(from, from + len), false);
        if (v === null) continue;
        vals.push(v);
        go(from + len, k + 1, sum + v);
        vals.pop();
      }
    };
    go(0, 0, 0);
  }
  return out;
}

/** Table C's run: three blocks of five, each block's fifth the sum of its first four. */
function reviewCuts(s: string): number[][] {
  const out: number[][] = [];
  const go = (from: number, block: number, vals: number[]) => {
    if (block === 3) {
      if (from === s.length) out.push(vals);
      return;
    }
    for (let to = from + 5; to <= s.length - 5 * (2 - block); to++)
      for (const b of sumCuts(s.slice(from, to), 5)) go(to, block + 1, [...vals, ...b]);
  };
  go(0, 0, []);
  return out;
}

export interface BruteTruth {
  /** Per row key, every distinct split that belongs to some solution of the whole table. */
  splits: Map<string, number[][]>;
  /** False when table B had too many combinations to try (the case is unknown, not unique). */
  complete: boolean;
}

/**
 * Every split of a fully glued report's tables that satisfies the spec's rules: table A
 * rows have none; each table B row's 总计 is the sum of its six columns and, per column,
 * 新收 + 结转 = 总计 + 结转下年 and 总计 = the result rows; table C's blocks add up.
 * Table B's rows are tried in every combination (at most `limit` of them).
 */
export function bruteForceSplits(runs: readonly GluedRun[], format: ReportFormat, limit = 200_000): BruteTruth {
  const splits = new Map<string, number[][]>();
  const b: { key: string; cuts: number[][] }[] = [];
  for (const r of runs) {
    if (r.key.startsWith('active.')) splits.set(r.key, allCuts(r.digits, r.ids.length, r.decimalCols));
    else if (r.key === 'review') splits.set(r.key, reviewCuts(r.digits));
    else b.push({ key: r.key, cuts: sumCuts(r.digits, 7) });
  }
  const combos = b.reduce((p, r) => p * r.cuts.length, 1);
  if (combos > limit) {
    for (const r of b) splits.set(r.key, r.cuts);
    return { splits, complete: false };
  }
  const results = applyRows(format)
    .filter((d) => d.result)
    .map((d) => `apply.${d.row}`);
  const idx = new Map(b.map((r, i) => [r.key, i]));
  const at = (choice: number[], key: string) => b[idx.get(key)!].cuts[choice[idx.get(key)!]];
  const seen = b.map(() => new Set<number>());
  const choice = new Array<number>(b.length).fill(0);
  const holds = () => {
    for (let c = 0; c < 7; c++) {
      const v = (key: string) => at(choice, key)[c];
      if (v('apply.received') + v('apply.carried_over') !== v('apply.handled') + v('apply.carried_forward'))
        return false;
      if (results.reduce((s, k) => s + v(k), 0) !== v('apply.handled')) return false;
    }
    return true;
  };
  if (combos > 0) {
    for (;;) {
      if (holds()) choice.forEach((k, i) => seen[i].add(k));
      let i = 0;
      while (i < b.length && ++choice[i] === b[i].cuts.length) choice[i++] = 0;
      if (i === b.length) break;
    }
  }
  b.forEach((r, i) =>
    splits.set(
      r.key,
      [...seen[i]].map((k) => r.cuts[k]),
    ),
  );
  return { splits, complete: true };
}

// ---------- facts for the glued layouts ----------

export type GluedSplit = 'unique' | 'ambiguous';

export interface GluedFacts {
  facts: Record<FactId, number>;
  /** Ids whose row the spec's sums do not split uniquely: a parse must leave them null. */
  ambiguous: FactId[];
}

/** The ids of rows that brute force does not split into exactly one way. */
function ambiguousIds(facts: Record<FactId, number>, format: ReportFormat, opts: RunOptions): FactId[] | null {
  const runs = gluedRuns(facts, format, opts);
  const truth = bruteForceSplits(runs, format);
  if (!truth.complete) return null;
  return runs.filter((r) => truth.splits.get(r.key)!.length !== 1).flatMap((r) => r.ids);
}

const isTableA = (id: FactId) => id.startsWith('active.') && id !== 'active.items';

/**
 * Facts for a fully glued report. 'unique': every row splits one way only (table A rows
 * with several columns hold single digits — the only way a row without sums is forced —
 * and tables B and C are redrawn until brute force finds one split). 'ambiguous': at
 * least one row splits several ways (a table A row with a number of two or more digits;
 * busy tables B may add more). Changes are 0: a sign inside a run is not a digit.
 */
export function gluedFacts(rng: Rng, opts: { format: ReportFormat; profile?: Profile; split: GluedSplit }): GluedFacts {
  const { format, split } = opts;
  const facts = randomFacts(rng, { format, profile: opts.profile });
  for (const id of Object.keys(facts)) if (id.endsWith('.change')) facts[id] = 0;
  // Rows of several columns hold single digits (amounts whole), so they split one way
  // however the amount is printed ("3", "3.0000").
  const multi = ACTIVE_BLOCKS[format].filter((b) => b.cols.length > 1);
  for (const block of multi)
    for (const row of block.rows)
      for (const c of block.cols) facts[`active.${row}.${c}`] = Math.min(9, Math.round(facts[`active.${row}.${c}`]));
  const redrawBC = (profile: Profile | undefined) => {
    const again = randomFacts(rng, { format, profile });
    for (const id of Object.keys(again)) if (!isTableA(id) && id !== 'active.items') facts[id] = again[id];
  };
  // 'ambiguous': one row without sums and without amounts gets a number of two digits.
  const plain = multi
    .filter((b) => !b.cols.includes('amount'))
    .flatMap((b) => b.rows.map((row) => ({ row, cols: b.cols })));
  const blur = () => {
    const { row, cols } = rng.pick(plain);
    const counts = cols.filter((c) => c !== 'change');
    for (const c of counts) facts[`active.${row}.${c}`] = rng.int(0, 99);
    facts[`active.${row}.${rng.pick(counts)}`] = rng.int(10, 99);
  };
  if (split === 'ambiguous') blur();
  for (let tries = 0; ; tries++) {
    const amb = ambiguousIds(facts, format, {});
    if (amb && (split === 'unique' ? amb.length === 0 : amb.length > 0)) return { facts, ambiguous: amb };
    // Some two-digit rows still split one way ("10"+"0"+"0"): blur another.
    if (split === 'ambiguous' && amb) blur();
    redrawBC(tries < 3 ? opts.profile : 'quiet');
  }
}
