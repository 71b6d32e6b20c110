// One metric across the offices of a year (narrowed to a region or a kind of office):
// their sum, a ranking, how many or which are above zero, or each office's own figure.
// Read from the fact rows alone; only the reports a reply cites are loaded whole. A
// report that leaves the figure blank is left out and said so, never counted as 0.
import type { FactId, ReportFormat } from '../catalogue/facts.js';
import { officeInRegion } from '../offices/index.js';
import { CELL_NONE, CELL_NUMBER, type YearColumn, type YearFigures } from '../store/index.js';
import { read, sourcesOf, yearAcross, type Env } from './read.js';
import type { AcrossNotes, OfficeValue, Result, SourceRef, YearNote } from './results.js';
import type { Finding } from '../parse/types.js';
import { mostFirst, nthLargest } from './across-order.js';
import type { AnswerFact, Metric, Query } from './types.js';

/**
 * The readings of a year's reports (narrowed to a region or kind), read from the fact rows
 * alone (no text), as typed columns: reading r is the report at places[r] of the year's
 * figures. No object or boxed number a report (~17,000 a year at 100,000 reports): objects
 * are made only for the offices an answer returns.
 */
class Readings {
  /** The number (a derived metric adds its cells, in the metric's order) where `has` is 1. */
  readonly value: Float64Array;
  /** 1 where the reading has a number; 0 where it is blank or absent. */
  readonly has: Uint8Array;
  /** 1 where a cell of a reading with a number is approximate. */
  readonly approximate: Uint8Array;
  /** 1 where a finding of the report names one of its cells. */
  readonly flaggedByCheck: Uint8Array;
  /** Whether a reading with a number adds several cells (a derived metric). */
  readonly derived: boolean;
  /**
   * The metric's ids and their columns of the year's figures (figures.cells follows `ids`),
   * each format's in fields of their own: looked up by its name ('2019' is an array index),
   * a format cost a dictionary lookup a report.
   */
  private readonly ids19: FactId[];
  private readonly ids21: FactId[];
  private readonly columns19: YearColumn[];
  private readonly columns21: YearColumn[];

  constructor(
    private readonly figures: YearFigures,
    readonly places: Int32Array,
    metric: Metric,
    ids: FactId[],
  ) {
    const of = (format: ReportFormat) => metric.ids[format].map((id) => figures.cells[ids.indexOf(id)]);
    this.ids19 = metric.ids['2019'];
    this.ids21 = metric.ids['2021'];
    this.columns19 = of('2019');
    this.columns21 = of('2021');
    let derived = false;
    const n = places.length;
    this.value = new Float64Array(n);
    this.has = new Uint8Array(n);
    this.approximate = new Uint8Array(n);
    this.flaggedByCheck = new Uint8Array(n);
    const { formats, ids: reportIds } = figures.reports;
    for (let r = 0; r < n; r++) {
      const at = places[r];
      const own = formats[at] === '2021' ? this.ids21 : this.ids19;
      const column = formats[at] === '2021' ? this.columns21 : this.columns19;
      let sum = 0;
      let numbers = 0;
      let approximate = false;
      for (let k = 0; k < own.length; k++) {
        const state = column[k].state[at];
        if (state === CELL_NONE) continue;
        approximate ||= column[k].approximate[at] === 1;
        if (state === CELL_NUMBER) {
          sum += column[k].values[at];
          numbers++;
        }
      }
      if (numbers) {
        this.value[r] = sum;
        this.has[r] = 1;
        if (approximate) this.approximate[r] = 1;
        if (own.length > 1) derived = true;
      }
      const findings = figures.findings.get(reportIds[at]);
      if (findings && namesAny(findings, own)) this.flaggedByCheck[r] = 1;
    }
    this.derived = derived;
  }

  /** The reading's number, null when blank or absent. */
  valueOf(r: number): number | null {
    return this.has[r] === 1 ? small(this.value[r]) : null;
  }

  reportId(r: number): number {
    return this.figures.reports.ids[this.places[r]];
  }

  format(r: number): ReportFormat {
    return this.figures.reports.formats[this.places[r]];
  }

  name(r: number): string {
    return this.figures.reports.names[this.places[r]];
  }

  /** The metric's ids in the report's format (none where its template has no such row). */
  ids(r: number): FactId[] {
    return this.format(r) === '2021' ? this.ids21 : this.ids19;
  }

  private columnsOf(at: number): YearColumn[] {
    return this.figures.reports.formats[at] === '2021' ? this.columns21 : this.columns19;
  }

  officeValue(r: number): OfficeValue {
    return { office: this.name(r), value: this.valueOf(r), approximate: this.approximate[r] === 1 };
  }

  /** The cells read, by canonical id (a derived value lists each of its cells). */
  facts(rs: ArrayLike<number>, year: number): AnswerFact[] {
    // Counted, then filled (see listWhere): a sum's list holds ~17,000.
    const out = new Array<AnswerFact>(this.cellCount(rs));
    let n = 0;
    for (let i = 0; i < rs.length; i++) {
      const r = rs[i];
      const at = this.places[r];
      const own = this.ids(r);
      const column = this.columnsOf(at);
      for (let k = 0; k < own.length; k++) {
        const state = column[k].state[at];
        if (state === CELL_NONE) continue;
        const value = state === CELL_NUMBER ? small(column[k].values[at]) : null;
        out[n++] = { office: this.name(r), year, id: own[k], value };
      }
    }
    return out;
  }

  /** How many cells of the metric the readings hold. */
  private cellCount(rs: ArrayLike<number>): number {
    let n = 0;
    for (let i = 0; i < rs.length; i++) {
      const at = this.places[rs[i]];
      const column = this.columnsOf(at);
      for (let k = 0; k < column.length; k++) if (column[k].state[at] !== CELL_NONE) n++;
    }
    return n;
  }
}

/**
 * A number read from a typed column as a small integer where it is one: a double stored in
 * an object gets a box of its own (~16 bytes; ~30,000 in a sum's facts and parts). The same
 * number, -0 included.
 */
function small(v: number): number {
  const i = v | 0;
  return i === v && (i !== 0 || 1 / v > 0) ? i : v;
}

/** Whether one of the findings names one of the ids (loops: no closure made a report). */
function namesAny(findings: readonly Finding[], ids: readonly FactId[]): boolean {
  for (const f of findings) for (const id of f.ids) if (ids.includes(id)) return true;
  return false;
}

/** The readings of `rs` that pass `keep`, in order, as a list. */
function listWhere(rs: Int32Array, keep: (r: number) => boolean): number[] {
  // Counted first, then filled: a list grown by push copies itself ~20 times on the way to ~17,000.
  let m = 0;
  for (let i = 0; i < rs.length; i++) if (keep(rs[i])) m++;
  const out = new Array<number>(m);
  m = 0;
  for (let i = 0; i < rs.length; i++) if (keep(rs[i])) out[m++] = rs[i];
  return out;
}

/** The readings 0 … n − 1 that pass `keep`, in order. */
function readingsWhere(n: number, keep: (r: number) => boolean): Int32Array {
  const out = new Int32Array(n);
  let m = 0;
  for (let r = 0; r < n; r++) if (keep(r)) out[m++] = r;
  return out.subarray(0, m);
}

/** The names of the readings that pass `keep`, in order. */
function namesWhere(rd: Readings, rs: Int32Array, keep: (r: number) => boolean): string[] {
  const out: string[] = [];
  // Index loops over typed arrays: for…of makes an iterator result a step here (~17,000).
  for (let i = 0; i < rs.length; i++) if (keep(rs[i])) out.push(rd.name(rs[i]));
  return out;
}

/** Names in Chinese order: one collator for every comparison (localeCompare(b, 'zh') makes one each time). */
const byName = new Intl.Collator('zh').compare;

/**
 * The elements of `list` in the order `Array.from(list).sort(compare)` gives them, down to the
 * n-th and every one tied with it by `key` (higher key first; compare orders by key, then
 * breaks ties): only those are sorted, not a year's ~17,000 readings. The sort is stable,
 * so the elements kept are in exactly the order the whole sort gives them.
 */
function leading(
  list: Int32Array,
  key: (x: number) => number,
  n: number,
  compare: (x: number, y: number) => number,
): number[] {
  if (list.length <= n) return listWhere(list, () => true).sort(compare);
  const cut = nthLargest(list, key, n);
  const kept: number[] = [];
  for (let i = 0; i < list.length; i++) if (key(list[i]) >= cut) kept.push(list[i]);
  return kept.sort(compare);
}

/** What every list across offices shares: its year and note, its notes, its facts and sources. */
interface Across {
  year: number;
  note: YearNote | null;
  notes: AcrossNotes;
  readings: Readings;
  sources: (rs: readonly number[]) => Promise<SourceRef[]>;
}

/** The places of the year's reports whose office passes `keep` (every place when none is given). */
function placesOf(figures: YearFigures, keep: ((officeId: number) => boolean) | null): Int32Array {
  const { officeIds } = figures.reports;
  const out = new Int32Array(figures.reports.length);
  let m = 0;
  for (let at = 0; at < out.length; at++) if (!keep || keep(officeIds[at])) out[m++] = at;
  return out.subarray(0, m);
}

export async function acrossAnswer(query: Query, env: Env): Promise<Result> {
  const { store, index } = env;
  const metric = query.metric!;
  const { year, note } = yearAcross(env, query.year);
  if (year === null) return { shape: 'no-report', note: note!, kind: 'unknown', value: null, facts: [], sources: [] };
  // The year's reports, cells and findings, each from one index range (store.yearFigures).
  const ids = [...new Set([...metric.ids['2019'], ...metric.ids['2021']])];
  const figures = await store.yearFigures(year, ids);
  // Narrowed to a region, and 各街道一共…: only the offices of that kind are added.
  const inRegion = query.region
    ? new Set(index.offices.filter((o) => officeInRegion(o, query.region!)).map((o) => o.id))
    : null;
  const ofKind = query.officeKind
    ? new Set(index.offices.filter((o) => o.kind === query.officeKind).map((o) => o.id))
    : null;
  const places = placesOf(
    figures,
    inRegion || ofKind ? (id) => (!inRegion || inRegion.has(id)) && (!ofKind || ofKind.has(id)) : null,
  );
  const { formats } = figures.reports;
  // "收费情况" over 2019-format reports: the 2021 amount row is not theirs; say so, no 0 sum.
  if (places.length && places.every((at) => metric.ids[formats[at]].length === 0)) {
    const held = [...new Set(Array.from(places, (at) => formats[at]))].join('/');
    return { shape: 'no-row', year, formats: held, metric, kind: 'unknown', value: null, facts: [], sources: [] };
  }
  const rd = new Readings(figures, places, metric, ids);
  const n = places.length;
  const withValue = readingsWhere(n, (r) => rd.has[r] === 1);
  const notes: AcrossNotes = {
    derived: rd.derived,
    leftOut: namesWhere(
      rd,
      readingsWhere(n, () => true),
      (r) => rd.has[r] === 0,
    ),
    flagged: namesWhere(rd, withValue, (r) => rd.approximate[r] === 1 || rd.flaggedByCheck[r] === 1),
  };
  // Sources cite the cells of the offices shown: only those reports are loaded whole.
  const sources = async (rs: readonly number[]) => {
    const reports = await store.getReports(rs.slice(0, 10).map((r) => rd.reportId(r)));
    return reports.flatMap((report) => sourcesOf(read(report!, metric)).slice(0, 1));
  };
  const across: Across = { year, note, notes, readings: rd, sources };

  if (query.shape === 'sum') return sumAnswer(query, withValue, across);
  if (query.shape === 'rank') return rankAnswer(query, withValue, across);
  if (query.shape === 'each')
    return eachAnswer(
      query,
      readingsWhere(n, () => true),
      across,
    );
  const { value } = rd;
  const positive = mostFirst(
    listWhere(withValue, (r) => value[r] > 0),
    value,
  );
  const shape = query.shape === 'count' ? ('count' as const) : ('which' as const);
  return {
    shape,
    note,
    year,
    metric,
    offices: n,
    positive: positive.map((r) => rd.officeValue(r)),
    across: notes,
    kind: shape === 'count' ? 'aggregate' : 'list',
    value: positive.length,
    facts: rd.facts(positive, year),
    sources: await sources(positive),
  };
}

const scopeOf = (query: Query) => ({
  ...(query.region ? { region: query.region } : {}),
  ...(query.officeKind ? { kind: query.officeKind } : {}),
});

/**
 * The readings' values added in order. A function of its own: a loop inside sumAnswer was
 * compiled on the fly at every sum and thrown away at the next call it had not yet seen.
 */
function totalOf(rs: Int32Array, value: Float64Array): number {
  let total = 0;
  for (let i = 0; i < rs.length; i++) total += value[rs[i]];
  return total;
}

async function sumAnswer(query: Query, withValue: Int32Array, a: Across): Promise<Result> {
  const { value } = a.readings;
  const total = totalOf(withValue, value);
  const nonzero = mostFirst(
    listWhere(withValue, (r) => value[r] !== 0),
    value,
  );
  return {
    shape: 'sum',
    note: a.note,
    year: a.year,
    scope: scopeOf(query),
    metric: query.metric!,
    reports: withValue.length,
    total,
    parts: nonzero.map((r) => a.readings.officeValue(r)),
    zeros: withValue.length - nonzero.length,
    across: a.notes,
    kind: 'aggregate',
    value: total,
    facts: a.readings.facts(withValue, a.year),
    sources: await a.sources(nonzero),
  };
}

async function rankAnswer(query: Query, withValue: Int32Array, a: Across): Promise<Result> {
  const rd = a.readings;
  const { value } = rd;
  const rank = query.rank ?? { order: 'desc', n: 10 };
  // The offices down to the n-th and all tied with it: what the ranking shows or counts.
  const sorted = leading(
    withValue,
    (r) => (rank.order === 'desc' ? value[r] : -value[r]),
    rank.n,
    (x, y) => (rank.order === 'desc' ? value[y] - value[x] : value[x] - value[y]) || byName(rd.name(x), rd.name(y)),
  );
  let top = sorted.slice(0, rank.n);
  // Ties at the cut are all shown: "the most" may be several offices.
  const last = top.at(-1);
  const edge = last === undefined ? undefined : value[last];
  if (edge !== undefined) top = sorted.filter((r, i) => i < rank.n || value[r] === edge).slice(0, Math.max(rank.n, 20));
  const ties = sorted.filter((r) => value[r] === edge).length;
  const tied = top.length > rank.n || ties > top.filter((r) => value[r] === edge).length;
  return {
    shape: 'rank',
    note: a.note,
    year: a.year,
    scope: scopeOf(query),
    metric: query.metric!,
    most: rank.order === 'desc',
    reports: withValue.length,
    rows: top.map((r) => rd.officeValue(r)),
    tie: tied ? { ties, value: edge! } : null,
    failing: top.filter((r) => rd.flaggedByCheck[r] === 1).map((r) => rd.name(r)),
    across: a.notes,
    kind: 'list',
    value: top.length && (top.length === 1 || rank.n === 1) ? value[top[0]] : null,
    facts: rd.facts(top, a.year),
    sources: await a.sources(top),
  };
}

/** Offices an 'each' list shows in a message a group can read; the rest are counted. */
const EACH_SHOWN = 20;

/**
 * 各单位…情况: each office's own figure, one line each (most first, blanks last),
 * never added up: the question asked for no sum.
 */
async function eachAnswer(query: Query, all: Int32Array, a: Across): Promise<Result> {
  const rd = a.readings;
  const figure = (r: number) => (rd.has[r] === 1 ? rd.value[r] : -Infinity);
  // A report whose template has no such row is not "blank": it is set apart and said so.
  const outOfFormat = all.filter((r) => rd.ids(r).length === 0);
  const readings = all.filter((r) => rd.ids(r).length > 0);
  const shown = leading(
    readings,
    figure,
    EACH_SHOWN,
    (x, y) => figure(y) - figure(x) || byName(rd.name(x), rd.name(y)),
  ).slice(0, EACH_SHOWN);
  const withValue = shown.filter((r) => rd.has[r] === 1);
  return {
    shape: 'each',
    note: a.note,
    year: a.year,
    scope: scopeOf(query),
    metric: query.metric!,
    offices: readings.length,
    rows: shown.map((r) => rd.officeValue(r)),
    rest: readings.length - shown.length,
    shown: EACH_SHOWN,
    outOfFormat: outOfFormat.length
      ? {
          formats: [...new Set(Array.from(outOfFormat, (r) => rd.format(r)))].join('/'),
          names: Array.from(outOfFormat, (r) => rd.name(r)),
        }
      : null,
    across: a.notes,
    kind: 'list',
    value: null,
    facts: rd.facts(withValue, a.year),
    sources: await a.sources(withValue),
  };
}
