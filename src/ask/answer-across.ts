// One metric across the offices of a year (narrowed to a region or a kind of office):
// their sum, a ranking, how many or which are above zero, or each office's own figure.
// Read from the fact rows alone; only the reports a reply cites are loaded whole. A
// report that leaves the figure blank is left out and said so, never counted as 0.
import type { FactId, ReportFormat } from '../catalogue/facts.js';
import { officeInRegion } from '../offices/index.js';
import type { YearColumn, YearFigures, YearReport } from '../store/index.js';
import { read, sourcesOf, yearAcross, type Env } from './read.js';
import type { AcrossNotes, OfficeValue, Result, SourceRef, YearNote } from './results.js';
import type { AnswerFact, Metric, Query } from './types.js';

/**
 * The readings of a year's reports (narrowed to a region or kind), read from the fact rows
 * alone (no text), as flat lists: reading r is the report at places[r] of the year's figures.
 * No object a report (~17,000 a year at 100,000 reports): each is live through the whole
 * answer, and the young generation's collections copy every live object.
 */
class Readings {
  /** The number (a derived metric adds its cells, in the metric's order), null when blank or absent. */
  readonly value: (number | null)[];
  /** 1 where a cell of a reading with a number is approximate. */
  readonly approximate: Uint8Array;
  /** 1 where a finding of the report names one of its cells. */
  readonly flaggedByCheck: Uint8Array;
  /** Each format's ids as columns of the year's figures (figures.cells follows `ids`). */
  private readonly columns: Record<ReportFormat, YearColumn[]>;

  constructor(
    private readonly figures: YearFigures,
    readonly places: readonly number[],
    private readonly metric: Metric,
    ids: FactId[],
  ) {
    const of = (format: ReportFormat) => metric.ids[format].map((id) => figures.cells[ids.indexOf(id)]);
    this.columns = { '2019': of('2019'), '2021': of('2021') };
    const n = places.length;
    this.value = new Array(n).fill(null);
    this.approximate = new Uint8Array(n);
    this.flaggedByCheck = new Uint8Array(n);
    for (let r = 0; r < n; r++) {
      const at = places[r];
      const summary = figures.reports[at];
      const own = metric.ids[summary.format];
      const column = this.columns[summary.format];
      let sum = 0;
      let numbers = 0;
      let approximate = false;
      for (let k = 0; k < own.length; k++) {
        const value = column[k].values[at];
        if (value === undefined) continue;
        approximate ||= column[k].approximate[at] === 1;
        if (typeof value === 'number') {
          sum += value;
          numbers++;
        }
      }
      this.value[r] = numbers ? sum : null;
      if (numbers > 0 && approximate) this.approximate[r] = 1;
      const findings = figures.findings.get(summary.id);
      if (findings?.some((f) => f.ids.some((id) => own.includes(id)))) this.flaggedByCheck[r] = 1;
    }
  }

  summary(r: number): YearReport {
    return this.figures.reports[this.places[r]];
  }

  name(r: number): string {
    return this.figures.reports[this.places[r]].officeName;
  }

  /** The metric's ids in the report's format (none where its template has no such row). */
  ids(r: number): FactId[] {
    return this.metric.ids[this.summary(r).format];
  }

  officeValue(r: number): OfficeValue {
    return { office: this.name(r), value: this.value[r], approximate: this.approximate[r] === 1 };
  }

  /** The cells read, by canonical id (a derived value lists each of its cells). */
  facts(rs: readonly number[]): AnswerFact[] {
    const out: AnswerFact[] = [];
    for (const r of rs) {
      const summary = this.summary(r);
      const own = this.metric.ids[summary.format];
      const column = this.columns[summary.format];
      for (let k = 0; k < own.length; k++) {
        const value = column[k].values[this.places[r]];
        if (value !== undefined) out.push({ office: summary.officeName, year: summary.year, id: own[k], value });
      }
    }
    return out;
  }
}

/** Names in Chinese order: one collator for every comparison (localeCompare(b, 'zh') makes one each time). */
const byName = new Intl.Collator('zh').compare;

/**
 * The first elements of `list` as `list.slice().sort(compare)` orders them, down to the
 * n-th and every one tied with it by `key` (higher key first; compare orders by key, then
 * breaks ties): only those are sorted, not a year's ~17,000 readings. The sort is stable,
 * so the elements kept are in exactly the order the whole sort gives them.
 */
function leading<T>(list: readonly T[], key: (x: T) => number, n: number, compare: (x: T, y: T) => number): T[] {
  if (list.length <= n) return list.slice().sort(compare);
  const keys = Float64Array.from(list, key).sort();
  const cut = keys[keys.length - n];
  return list.filter((x) => key(x) >= cut).sort(compare);
}

/** What every list across offices shares: its year and note, its notes, its facts and sources. */
interface Across {
  year: number;
  note: YearNote | null;
  notes: AcrossNotes;
  readings: Readings;
  sources: (rs: readonly number[]) => Promise<SourceRef[]>;
}

export async function acrossAnswer(query: Query, env: Env): Promise<Result> {
  const { store, index } = env;
  const metric = query.metric!;
  const { year, note } = yearAcross(env, query.year);
  if (year === null) return { shape: 'no-report', note: note!, kind: 'unknown', value: null, facts: [], sources: [] };
  // The year's reports, cells and findings, each from one index range (store.yearFigures).
  const ids = [...new Set([...metric.ids['2019'], ...metric.ids['2021']])];
  const figures = await store.yearFigures(year, ids);
  let places = figures.reports.map((_, at) => at);
  if (query.region) {
    const inRegion = new Set(index.offices.filter((o) => officeInRegion(o, query.region!)).map((o) => o.id));
    places = places.filter((at) => inRegion.has(figures.reports[at].officeId));
  }
  // 各街道一共…: only the offices of that kind are added.
  if (query.officeKind) {
    const ofKind = new Set(index.offices.filter((o) => o.kind === query.officeKind).map((o) => o.id));
    places = places.filter((at) => ofKind.has(figures.reports[at].officeId));
  }
  const summaries = places.map((at) => figures.reports[at]);
  // "收费情况" over 2019-format reports: the 2021 amount row is not theirs; say so, no 0 sum.
  if (summaries.length && summaries.every((r) => metric.ids[r.format].length === 0)) {
    const formats = [...new Set(summaries.map((r) => r.format))].join('/');
    return { shape: 'no-row', year, formats, metric, kind: 'unknown', value: null, facts: [], sources: [] };
  }
  const rd = new Readings(figures, places, metric, ids);
  const all = places.map((_, r) => r);
  const withValue = all.filter((r) => rd.value[r] !== null);
  const flagged = withValue.filter((r) => rd.approximate[r] === 1 || rd.flaggedByCheck[r] === 1);
  const notes: AcrossNotes = {
    derived: withValue.some((r) => rd.ids(r).length > 1),
    leftOut: all.filter((r) => rd.value[r] === null).map((r) => rd.name(r)),
    flagged: flagged.map((r) => rd.name(r)),
  };
  // Sources cite the cells of the offices shown: only those reports are loaded whole.
  const sources = async (rs: readonly number[]) => {
    const reports = await store.getReports(rs.slice(0, 10).map((r) => rd.summary(r).id));
    return reports.flatMap((report) => sourcesOf(read(report!, metric)).slice(0, 1));
  };
  const across: Across = { year, note, notes, readings: rd, sources };

  if (query.shape === 'sum') return sumAnswer(query, withValue, across);
  if (query.shape === 'rank') return rankAnswer(query, withValue, across);
  if (query.shape === 'each') return eachAnswer(query, all, across);
  const positive = withValue.filter((r) => rd.value[r]! > 0).sort((a, b) => rd.value[b]! - rd.value[a]!);
  const shape = query.shape === 'count' ? ('count' as const) : ('which' as const);
  return {
    shape,
    note,
    year,
    metric,
    offices: all.length,
    positive: positive.map((r) => rd.officeValue(r)),
    across: notes,
    kind: shape === 'count' ? 'aggregate' : 'list',
    value: positive.length,
    facts: rd.facts(positive),
    sources: await sources(positive),
  };
}

const scopeOf = (query: Query) => ({
  ...(query.region ? { region: query.region } : {}),
  ...(query.officeKind ? { kind: query.officeKind } : {}),
});

async function sumAnswer(query: Query, withValue: number[], a: Across): Promise<Result> {
  const { value } = a.readings;
  const total = withValue.reduce((s, r) => s + value[r]!, 0);
  const nonzero = withValue.filter((r) => value[r] !== 0).sort((x, y) => value[y]! - value[x]!);
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
    facts: a.readings.facts(withValue),
    sources: await a.sources(nonzero),
  };
}

async function rankAnswer(query: Query, withValue: number[], a: Across): Promise<Result> {
  const rd = a.readings;
  const { value } = rd;
  const rank = query.rank ?? { order: 'desc', n: 10 };
  // The offices down to the n-th and all tied with it: what the ranking shows or counts.
  const sorted = leading(
    withValue,
    (r) => (rank.order === 'desc' ? value[r]! : -value[r]!),
    rank.n,
    (x, y) => (rank.order === 'desc' ? value[y]! - value[x]! : value[x]! - value[y]!) || byName(rd.name(x), rd.name(y)),
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
    facts: rd.facts(top),
    sources: await a.sources(top),
  };
}

/** Offices an 'each' list shows in a message a group can read; the rest are counted. */
const EACH_SHOWN = 20;

/**
 * 各单位…情况: each office's own figure, one line each (most first, blanks last),
 * never added up: the question asked for no sum.
 */
async function eachAnswer(query: Query, all: number[], a: Across): Promise<Result> {
  const rd = a.readings;
  const { value } = rd;
  // A report whose template has no such row is not "blank": it is set apart and said so.
  const outOfFormat = all.filter((r) => rd.ids(r).length === 0);
  const readings = all.filter((r) => rd.ids(r).length > 0);
  const shown = leading(
    readings,
    (r) => value[r] ?? -Infinity,
    EACH_SHOWN,
    (x, y) => (value[y] ?? -Infinity) - (value[x] ?? -Infinity) || byName(rd.name(x), rd.name(y)),
  ).slice(0, EACH_SHOWN);
  const withValue = shown.filter((r) => value[r] !== null);
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
          formats: [...new Set(outOfFormat.map((r) => rd.summary(r).format))].join('/'),
          names: outOfFormat.map((r) => rd.name(r)),
        }
      : null,
    across: a.notes,
    kind: 'list',
    value: null,
    facts: rd.facts(withValue),
    sources: await a.sources(withValue),
  };
}
