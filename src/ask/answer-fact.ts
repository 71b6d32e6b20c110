// One office's numbers: one figure (with yes/no and 有没有 readings), a derived rate,
// one figure over several years added, several rows of one report added, and one
// figure over several named offices added. A sum is given only when every part is
// there: a part missing would make a wrong number, so the parts are listed instead.
import type { OfficeRef } from '../offices/index.js';
import type { StoredReport } from '../store/index.js';
import { metricByKey } from './metrics.js';
import { caveatsOf, factsOf, figureOf, read, reportFor, sourcesOf, type Env, type Reading } from './read.js';
import type { Result, YearNote } from './results.js';
import type { Query } from './types.js';

/** No report to answer from: the note says why. */
export const noReport = (note: YearNote | null): Result => ({
  shape: 'no-report',
  note: note!,
  kind: 'unknown',
  value: null,
  facts: [],
  sources: [],
});

export async function factAnswer(query: Query, office: OfficeRef, env: Env): Promise<Result> {
  const metric = query.metric!;
  const { report, note } = await reportFor(env, office.id, query.year, office.name);
  if (!report) return noReport(note);
  const reading = read(report, metric);
  if (query.rate) return rateAnswer(query, report, reading, note);
  const asked =
    query.exists && reading.value !== null
      ? { kind: 'exists' as const }
      : query.claimed !== undefined && reading.value !== null
        ? { kind: 'claimed' as const, claimed: query.claimed }
        : { kind: 'value' as const };
  return {
    shape: 'fact',
    note,
    office: report.office.name,
    year: report.year,
    metric,
    figure: figureOf(reading),
    asked,
    caveats: caveatsOf(reading),
    kind: 'fact',
    value: reading.value,
    facts: factsOf(reading),
    sources: sourcesOf(reading),
  };
}

/** The base a rate divides by: 办理总计 of the same column, for outcomes of requests only. */
function rateBase(key: string) {
  const col = key.split('.').pop()!;
  const outcome = key.startsWith('apply.') && !/^apply\.(?:handled|received|carried_over|carried_forward)\./.test(key);
  return outcome ? metricByKey(`apply.handled.${col}`) : null;
}

/** 予以公开率 = 予以公开 ÷ 办理总计 (same column): derived, with its formula. */
function rateAnswer(query: Query, report: StoredReport, reading: Reading, note: YearNote | null): Result {
  const metric = query.metric!;
  const base = rateBase(metric.key);
  if (!base) return { shape: 'no-rate', note, metric, kind: 'clarify', value: null, facts: [], sources: [] };
  const den = read(report, base);
  const facts = [...factsOf(reading), ...factsOf(den)];
  const sources = [...sourcesOf(reading), ...sourcesOf(den)];
  const said = {
    shape: 'rate' as const,
    note,
    office: report.office.name,
    year: report.year,
    metric,
    base,
    kind: 'fact' as const,
    facts,
    sources,
  };
  if (reading.value === null || den.value === null || den.value === 0) {
    // den says what is missing: null the base, -1 the figure, 0 a base of 0.
    const which = den.value === null ? null : reading.value === null ? -1 : 0;
    return { ...said, pct: null, num: reading.value, den: which, caveats: [], value: null };
  }
  const ratio = reading.value / den.value;
  const pct = String(Number((ratio * 100).toFixed(1)));
  return {
    ...said,
    pct,
    num: reading.value,
    den: den.value,
    caveats: caveatsOf(reading),
    value: Number(ratio.toFixed(4)),
  };
}

/** 洪泽区2023年和2024年一共收到多少申请: one office's figure over the years named, added (all of them, or nothing). */
export async function yearsSumAnswer(query: Query, office: OfficeRef, env: Env): Promise<Result> {
  const { store } = env;
  const metric = query.metric!;
  const years = [...new Set(query.years!)].sort((a, b) => a - b);
  const reports = await store.currentReports({ officeId: office.id });
  const missing = years.filter((y) => !reports.some((r) => r.year === y));
  if (missing.length) {
    const have = reports.map((r) => r.year).sort();
    return {
      shape: 'years-missing',
      office: office.name,
      missing,
      have,
      kind: 'unknown',
      value: null,
      facts: [],
      sources: [],
    };
  }
  // One read for all of them (on PostgreSQL one statement, not one a report).
  const stored = await store.getReports(years.map((y) => reports.find((r) => r.year === y)!.id));
  const readings = stored.map((report) => read(report!, metric));
  const complete = readings.every((r) => r.value !== null);
  const total = complete ? readings.reduce((a, r) => a + r.value!, 0) : null;
  return {
    shape: 'years-sum',
    office: office.name,
    metric,
    years: readings.map((r) => ({ year: r.report.year, figure: figureOf(r) })),
    total,
    caveats: readings.flatMap(caveatsOf),
    kind: complete ? 'aggregate' : 'unknown',
    value: total,
    facts: readings.flatMap(factsOf),
    sources: readings.flatMap(sourcesOf),
  };
}

/** 城关镇行政许可和行政处罚一共多少件: several rows of one report, added (all of them, or nothing). */
export async function addedMetricsAnswer(query: Query, office: OfficeRef, env: Env): Promise<Result> {
  const metrics = [query.metric!, ...(query.moreMetrics ?? [])];
  const { report, note } = await reportFor(env, office.id, query.year, office.name);
  if (!report) return noReport(note);
  const readings = metrics.map((m) => ({ m, r: read(report, m) }));
  const units = new Set(metrics.map((m) => m.unit.zh));
  // Different units, or a figure missing: a sum would mislead.
  const addable = units.size === 1 && readings.every((x) => x.r.value !== null);
  const total = addable ? readings.reduce((a, x) => a + x.r.value!, 0) : null;
  return {
    shape: 'rows-sum',
    note,
    office: report.office.name,
    year: report.year,
    rows: readings.map((x) => ({ metric: x.m, figure: figureOf(x.r) })),
    total,
    caveats: readings.flatMap((x) => caveatsOf(x.r)),
    kind: addable ? 'aggregate' : 'list',
    value: total,
    facts: readings.flatMap((x) => factsOf(x.r)),
    sources: readings.flatMap((x) => sourcesOf(x.r)),
  };
}

/** 只楚和城关镇一共收到多少申请: the named offices added up (not compared). */
export async function namedSumAnswer(query: Query, offices: OfficeRef[], env: Env): Promise<Result> {
  const metric = query.metric!;
  const readings: Reading[] = [];
  const notes: YearNote[] = [];
  const found = await Promise.all(offices.map((o) => reportFor(env, o.id, query.year, o.name)));
  for (const { report, note } of found) {
    if (note) notes.push(note);
    if (report) readings.push(read(report, metric));
  }
  const missing = readings.filter((r) => r.value === null);
  // A sum with a part missing would be a wrong number: say what is missing instead.
  const complete = !((notes.length && readings.length < offices.length) || missing.length);
  const total = complete ? readings.reduce((a, r) => a + r.value!, 0) : null;
  return {
    shape: 'named-sum',
    notes,
    metric,
    total,
    parts: readings.map((r) => ({ office: r.report.office.name, year: r.report.year, figure: figureOf(r) })),
    missing: missing.map((r) => ({ office: r.report.office.name, figure: figureOf(r) })),
    caveats: complete ? readings.flatMap(caveatsOf) : [],
    kind: complete ? 'aggregate' : 'unknown',
    value: total,
    facts: readings.flatMap(factsOf),
    sources: readings.flatMap(sourcesOf),
  };
}
