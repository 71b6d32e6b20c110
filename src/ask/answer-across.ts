// One metric across the offices of a year (narrowed to a region or a kind of office):
// their sum, a ranking, how many or which are above zero, or each office's own figure.
// Read from the fact rows alone; only the reports a reply cites are loaded whole. A
// report that leaves the figure blank is left out and said so, never counted as 0.
import type { FactId, ReportFormat } from '../catalogue/facts.js';
import type { Finding } from '../parse/types.js';
import { officeInRegion } from '../offices/index.js';
import type { YearColumn, YearFigures, YearReport } from '../store/index.js';
import { read, sourcesOf, yearAcross, type Env } from './read.js';
import type { AcrossNotes, OfficeValue, Result, SourceRef, YearNote } from './results.js';
import type { AnswerFact, Metric, Query } from './types.js';

/** A number of one report read from the fact rows alone (no text): for sums and rankings over many reports. */
interface LightReading {
  summary: YearReport;
  /** The report's place in the year's figures (its cells: cellsOf). */
  at: number;
  ids: FactId[];
  value: number | null;
  derived: boolean;
  approximate: boolean;
  findings: Finding[];
}

/** No findings: shared by every reading without any (only read). */
const NO_FINDINGS: Finding[] = [];

/** Each format's ids as columns of the year's figures (figures.cells follows `ids`). */
function columnsOf(figures: YearFigures, metric: Metric, ids: FactId[]): Record<ReportFormat, YearColumn[]> {
  const of = (format: ReportFormat) => metric.ids[format].map((id) => figures.cells[ids.indexOf(id)]);
  return { '2019': of('2019'), '2021': of('2021') };
}

/**
 * The readings of the reports at `places` (positions in `figures.reports`): each report's
 * cells of its format's ids, added in the metric's order (the same floating-point sum as
 * read() gives), and the findings that name one of them.
 */
function readAcross(
  figures: YearFigures,
  places: number[],
  metric: Metric,
  columns: Record<ReportFormat, YearColumn[]>,
): LightReading[] {
  return places.map((at) => {
    const summary = figures.reports[at];
    const ids = metric.ids[summary.format];
    const column = columns[summary.format];
    let sum = 0;
    let numbers = 0;
    let approximate = false;
    for (let k = 0; k < ids.length; k++) {
      const value = column[k].values[at];
      if (value === undefined) continue;
      approximate ||= column[k].approximate[at] === 1;
      if (typeof value === 'number') {
        sum += value;
        numbers++;
      }
    }
    const findings = figures.findings.get(summary.id);
    return {
      summary,
      at,
      ids,
      value: numbers ? sum : null,
      derived: ids.length > 1,
      approximate: numbers > 0 && approximate,
      findings: findings ? findings.filter((f) => f.ids.some((id) => ids.includes(id))) : NO_FINDINGS,
    };
  });
}

const name = (r: LightReading) => r.summary.officeName;
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
const officeValue = (r: LightReading): OfficeValue => ({ office: name(r), value: r.value, approximate: r.approximate });

/** What every list across offices shares: its year and note, its notes, its facts and sources. */
interface Across {
  year: number;
  note: YearNote | null;
  notes: AcrossNotes;
  facts: (rs: LightReading[]) => AnswerFact[];
  sources: (rs: LightReading[]) => Promise<SourceRef[]>;
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
  const columns = columnsOf(figures, metric, ids);
  const readings = readAcross(figures, places, metric, columns);
  const withValue = readings.filter((r) => r.value !== null);
  const flagged = withValue.filter((r) => r.approximate || r.findings.length);
  const notes: AcrossNotes = {
    derived: withValue.some((r) => r.derived),
    leftOut: readings.filter((r) => r.value === null).map(name),
    flagged: flagged.map(name),
  };
  // The cells read, by canonical id (a derived value lists each of its cells).
  const facts = (rs: LightReading[]): AnswerFact[] => {
    const out: AnswerFact[] = [];
    for (const r of rs) {
      const column = columns[r.summary.format];
      for (let k = 0; k < r.ids.length; k++) {
        const value = column[k].values[r.at];
        if (value !== undefined) out.push({ office: name(r), year: r.summary.year, id: r.ids[k], value });
      }
    }
    return out;
  };
  // Sources cite the cells of the offices shown: only those reports are loaded whole.
  const sources = async (rs: LightReading[]) => {
    const reports = await Promise.all(rs.slice(0, 10).map((r) => store.getReport(r.summary.id)));
    return reports.flatMap((report) => sourcesOf(read(report!, metric)).slice(0, 1));
  };
  const across: Across = { year, note, notes, facts, sources };

  if (query.shape === 'sum') return sumAnswer(query, withValue, across);
  if (query.shape === 'rank') return rankAnswer(query, withValue, across);
  if (query.shape === 'each') return eachAnswer(query, readings, across);
  const positive = withValue.filter((r) => r.value! > 0).sort((a, b) => b.value! - a.value!);
  const shape = query.shape === 'count' ? ('count' as const) : ('which' as const);
  return {
    shape,
    note,
    year,
    metric,
    offices: readings.length,
    positive: positive.map(officeValue),
    across: notes,
    kind: shape === 'count' ? 'aggregate' : 'list',
    value: positive.length,
    facts: facts(positive),
    sources: await sources(positive),
  };
}

const scopeOf = (query: Query) => ({
  ...(query.region ? { region: query.region } : {}),
  ...(query.officeKind ? { kind: query.officeKind } : {}),
});

async function sumAnswer(query: Query, withValue: LightReading[], a: Across): Promise<Result> {
  const total = withValue.reduce((s, r) => s + r.value!, 0);
  const nonzero = withValue.filter((r) => r.value !== 0).sort((x, y) => y.value! - x.value!);
  return {
    shape: 'sum',
    note: a.note,
    year: a.year,
    scope: scopeOf(query),
    metric: query.metric!,
    reports: withValue.length,
    total,
    parts: nonzero.map(officeValue),
    zeros: withValue.length - nonzero.length,
    across: a.notes,
    kind: 'aggregate',
    value: total,
    facts: a.facts(withValue),
    sources: await a.sources(nonzero),
  };
}

async function rankAnswer(query: Query, withValue: LightReading[], a: Across): Promise<Result> {
  const rank = query.rank ?? { order: 'desc', n: 10 };
  // The offices down to the n-th and all tied with it: what the ranking shows or counts.
  const sorted = leading(
    withValue,
    (r) => (rank.order === 'desc' ? r.value! : -r.value!),
    rank.n,
    (x, y) => (rank.order === 'desc' ? y.value! - x.value! : x.value! - y.value!) || byName(name(x), name(y)),
  );
  let top = sorted.slice(0, rank.n);
  // Ties at the cut are all shown: "the most" may be several offices.
  const edge = top.at(-1)?.value;
  if (edge !== undefined) top = sorted.filter((r, i) => i < rank.n || r.value === edge).slice(0, Math.max(rank.n, 20));
  const ties = sorted.filter((r) => r.value === edge).length;
  const tied = top.length > rank.n || ties > top.filter((r) => r.value === edge).length;
  return {
    shape: 'rank',
    note: a.note,
    year: a.year,
    scope: scopeOf(query),
    metric: query.metric!,
    most: rank.order === 'desc',
    reports: withValue.length,
    rows: top.map(officeValue),
    tie: tied ? { ties, value: edge! } : null,
    failing: top.filter((r) => r.findings.length).map(name),
    across: a.notes,
    kind: 'list',
    value: top.length && (top.length === 1 || rank.n === 1) ? top[0].value : null,
    facts: a.facts(top),
    sources: await a.sources(top),
  };
}

/** Offices an 'each' list shows in a message a group can read; the rest are counted. */
const EACH_SHOWN = 20;

/**
 * 各单位…情况: each office's own figure, one line each (most first, blanks last),
 * never added up: the question asked for no sum.
 */
async function eachAnswer(query: Query, readings: LightReading[], a: Across): Promise<Result> {
  // A report whose template has no such row is not "blank": it is set apart and said so.
  const outOfFormat = readings.filter((r) => r.ids.length === 0);
  readings = readings.filter((r) => r.ids.length > 0);
  const shown = leading(
    readings,
    (r) => r.value ?? -Infinity,
    EACH_SHOWN,
    (x, y) => (y.value ?? -Infinity) - (x.value ?? -Infinity) || byName(name(x), name(y)),
  ).slice(0, EACH_SHOWN);
  const withValue = shown.filter((r) => r.value !== null);
  return {
    shape: 'each',
    note: a.note,
    year: a.year,
    scope: scopeOf(query),
    metric: query.metric!,
    offices: readings.length,
    rows: shown.map(officeValue),
    rest: readings.length - shown.length,
    shown: EACH_SHOWN,
    outOfFormat: outOfFormat.length
      ? { formats: [...new Set(outOfFormat.map((r) => r.summary.format))].join('/'), names: outOfFormat.map(name) }
      : null,
    across: a.notes,
    kind: 'list',
    value: null,
    facts: a.facts(withValue),
    sources: await a.sources(withValue),
  };
}
