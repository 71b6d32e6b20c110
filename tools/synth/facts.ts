// Random but consistent facts for one synthetic report. Every id comes from the
// catalogue (src/catalogue/facts.ts); the numbers satisfy every check of the spec, so a
// parser that reads them back exactly produces no findings.
import {
  APPLY_PARTS,
  FACT_BY_ID,
  REVIEW_GROUPS,
  applyRows,
  tableIds,
  type FactId,
  type ReportFormat,
} from '../../src/catalogue/facts.js';
import type { Rng } from './rng.js';

export type Profile = 'quiet' | 'busy';

export interface RandomFactsOptions {
  format: ReportFormat;
  /** 'quiet' (most townships: mostly zeros) or 'busy' (tens to hundreds of applications). Default 'quiet'. */
  profile?: Profile;
}

/** How often each result row takes an application, roughly as real offices report. */
const RESULT_WEIGHTS: Record<string, number> = {
  granted: 40,
  partial: 8,
  'denied.secret': 0.3,
  'denied.prohibited': 0.5,
  'denied.security': 0.5,
  'denied.third_party': 2,
  'denied.internal': 1,
  'denied.process': 1.5,
  'denied.case_file': 0.5,
  'denied.query': 1,
  'unavailable.not_held': 25,
  'unavailable.needs_making': 4,
  'unavailable.unclear': 3,
  'not_processed.petition': 3,
  'not_processed.duplicate': 3,
  'not_processed.publication': 0.5,
  'not_processed.excessive': 0.5,
  'not_processed.confirm': 1,
  other: 5,
  'other.no_correction': 2,
  'other.no_fee': 0.5,
  'other.misc': 2.5,
};

/** A small count that is usually zero in a quiet office. */
function small(rng: Rng, profile: Profile, pZero: number, quietMax: number, busyMax: number): number {
  if (rng.chance(profile === 'quiet' ? pZero : pZero / 3)) return 0;
  return rng.int(profile === 'quiet' ? 1 : 0, profile === 'quiet' ? quietMax : busyMax);
}

/** An amount in 万元 with up to 4 decimals, exactly representable as its printed form. */
function amount(rng: Rng, max: number): number {
  const decimals = rng.int(0, 4);
  const scale = 10 ** decimals;
  return Math.round(rng.next() * max * scale) / scale;
}

function activeValues(rng: Rng, format: ReportFormat, profile: Profile): Map<string, number> {
  const v = new Map<string, number>();
  const set = (row: string, col: string, n: number) => v.set(`${row}.${col}`, n);
  if (format === '2019') {
    for (const row of ['rules', 'normative']) {
      // Townships and most departments make no 规章.
      const made = row === 'rules' ? (rng.chance(0.9) ? 0 : rng.int(1, 3)) : small(rng, profile, 0.8, 3, 30);
      const published = Math.min(made, rng.int(0, made));
      set(row, 'made', made);
      set(row, 'published', published);
      set(row, 'total', published + small(rng, profile, 0.6, 10, 200));
    }
    for (const row of ['license', 'other_services', 'penalty', 'coercion']) {
      const prev = small(rng, profile, 0.5, 30, 400);
      set(row, 'prev_items', prev);
      // 本年增/减 is signed: some years an office drops items (never more than it had).
      set(row, 'change', rng.chance(0.7) ? 0 : rng.int(-Math.min(5, prev), 8));
      set(row, 'decisions', small(rng, profile, 0.5, 40, 3000));
    }
    const prevFees = small(rng, profile, 0.7, 5, 60);
    set('fees', 'prev_items', prevFees);
    set('fees', 'change', rng.chance(0.8) ? 0 : rng.int(-Math.min(3, prevFees), 3));
    const count = small(rng, profile, 0.6, 5, 80);
    set('procurement', 'count', count);
    set('procurement', 'amount', count === 0 ? 0 : amount(rng, profile === 'quiet' ? 50 : 5000));
  } else {
    for (const row of ['rules', 'normative']) {
      const issued = row === 'rules' ? (rng.chance(0.9) ? 0 : rng.int(1, 3)) : small(rng, profile, 0.7, 3, 30);
      set(row, 'issued', issued);
      set(row, 'repealed', small(rng, profile, 0.85, 2, 10));
      set(row, 'in_force', issued + small(rng, profile, 0.5, 15, 300));
    }
    for (const row of ['license', 'penalty', 'coercion']) set(row, 'decisions', small(rng, profile, 0.5, 40, 3000));
    set(
      'fees',
      'amount',
      rng.chance(profile === 'quiet' ? 0.85 : 0.4) ? 0 : amount(rng, profile === 'quiet' ? 20 : 3000),
    );
  }
  return v;
}

function applyValues(rng: Rng, format: ReportFormat, profile: Profile): Map<string, number> {
  const v = new Map<string, number>();
  const rows = applyRows(format);
  const results = rows.filter((r) => r.result).map((r) => r.row);
  const weights = results.map((r) => RESULT_WEIGHTS[r] ?? 1);
  const colMax: Record<string, [number, number]> = {
    // [quiet max, busy max] of new applications per applicant column
    natural: [6, 400],
    business: [2, 60],
    research: [1, 5],
    nonprofit: [1, 5],
    legal: [2, 20],
    other_org: [2, 15],
  };
  const pZero: Record<string, number> = {
    natural: 0.5,
    business: 0.85,
    research: 0.97,
    nonprofit: 0.95,
    legal: 0.9,
    other_org: 0.9,
  };
  for (const r of rows) v.set(`${r.row}.total`, 0);
  for (const col of APPLY_PARTS) {
    const [qMax, bMax] = colMax[col];
    const received =
      profile === 'quiet'
        ? rng.chance(pZero[col])
          ? 0
          : rng.int(1, qMax)
        : rng.chance(pZero[col] / 2)
          ? 0
          : rng.int(col === 'natural' ? 10 : 0, bMax);
    const carriedOver = rng.chance(profile === 'quiet' ? 0.9 : 0.5)
      ? 0
      : rng.int(0, Math.max(1, Math.round(received * 0.1)));
    const inHand = received + carriedOver;
    const carriedForward =
      inHand === 0 || rng.chance(profile === 'quiet' ? 0.85 : 0.4)
        ? 0
        : rng.int(0, Math.max(1, Math.round(inHand * 0.15)));
    const handled = inHand - carriedForward;
    const counts = new Array<number>(results.length).fill(0);
    for (let i = 0; i < handled; i++) counts[rng.weighted(weights)]++;
    const put = (row: string, n: number) => {
      v.set(`${row}.${col}`, n);
      v.set(`${row}.total`, (v.get(`${row}.total`) ?? 0) + n);
    };
    put('received', received);
    put('carried_over', carriedOver);
    results.forEach((row, i) => put(row, counts[i]));
    put('handled', handled);
    put('carried_forward', carriedForward);
  }
  return v;
}

function reviewValues(rng: Rng, profile: Profile): Map<string, number> {
  const v = new Map<string, number>();
  const scale = [1, 0.6, 0.4];
  REVIEW_GROUPS.forEach((g, i) => {
    const active = profile === 'busy' ? rng.chance(0.7 * scale[i]) : rng.chance(0.08 * scale[i]);
    const max = profile === 'busy' ? Math.round(12 * scale[i]) : 1;
    const upheld = active ? rng.int(0, max) : 0;
    const corrected = active && rng.chance(0.4) ? rng.int(0, Math.max(1, max >> 2)) : 0;
    const other = active && rng.chance(0.3) ? rng.int(0, Math.max(1, max >> 2)) : 0;
    const pending = active && rng.chance(0.4) ? rng.int(0, Math.max(1, max >> 1)) : 0;
    v.set(`${g.prefix}.upheld`, upheld);
    v.set(`${g.prefix}.corrected`, corrected);
    v.set(`${g.prefix}.other`, other);
    v.set(`${g.prefix}.pending`, pending);
    v.set(`${g.prefix}.total`, upheld + corrected + other + pending);
  });
  return v;
}

/**
 * Facts for one report: every table id of the format plus `active.items`,
 * satisfying balance, handled_sum, column_sum and the review/litigation sums.
 */
export function randomFacts(rng: Rng, opts: RandomFactsOptions): Record<FactId, number> {
  const profile = opts.profile ?? 'quiet';
  const active = activeValues(rng, opts.format, profile);
  const apply = applyValues(rng, opts.format, profile);
  const review = reviewValues(rng, profile);
  const facts: Record<FactId, number> = {};
  for (const id of tableIds(opts.format)) {
    const def = FACT_BY_ID.get(id)!;
    const value =
      def.table === 'A'
        ? active.get(`${def.row}.${def.col}`)
        : def.table === 'B'
          ? apply.get(`${def.row}.${def.col}`)
          : review.get(id);
    if (value === undefined) throw new Error(`generator has no value for ${id}`);
    facts[id] = value;
  }
  facts['active.items'] = profile === 'quiet' ? rng.int(8, 800) : rng.int(200, 6000);
  return facts;
}
