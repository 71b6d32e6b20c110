// One office's numbers: one figure (with yes/no and 有没有 readings), a derived rate,
// one figure over several years added, several rows of one report added, and one
// figure over several named offices added. A sum is given only when every part is
// there: a part missing would make a wrong number, so the parts are said instead.
import type { OfficeRef } from '../offices/index.js';
import type { StoredReport } from '../store/index.js';
import { metricByKey } from './metrics.js';
import { factsOf, fmtNum, notes, read, reportFor, sourcesOf, valueText, type Env, type Reading } from './read.js';
import type { Answer, Query } from './types.js';

export function factAnswer(query: Query, office: OfficeRef, env: Env): Answer {
  const { w } = env;
  const metric = query.metric!;
  const { report, note } = reportFor(env, office.id, query.year, office.name);
  if (!report) return { answer: note, kind: 'unknown', value: null, facts: [], sources: [] };
  const reading = read(report, metric);
  if (query.rate) return rateAnswer(query, report, reading, note, env);
  const said = { unit: w.unit(metric), office: report.office.name, year: report.year, metric: metric.label[query.lang] };
  const head =
    query.exists && reading.value !== null
      ? w.exists({ ...said, value: reading.value })
      : query.claimed !== undefined && reading.value !== null
        ? w.yesNo({ ...said, claimed: query.claimed, value: reading.value })
        : w.fact({ office: said.office, year: said.year, metric: said.metric, value: valueText(reading, metric, w) });
  const sources = sourcesOf(reading, w);
  const cite = sources[0] ? w.cite(sources[0]) : '';
  const answer = [note, head, ...notes(reading, w), cite].filter(Boolean).join('\n');
  return { answer, kind: 'fact', value: reading.value, facts: factsOf(reading), sources };
}

/** The base a rate divides by: 办理总计 of the same column, for outcomes of requests only. */
function rateBase(key: string) {
  const col = key.split('.').pop()!;
  const outcome = key.startsWith('apply.') && !/^apply\.(?:handled|received|carried_over|carried_forward)\./.test(key);
  return outcome ? metricByKey(`apply.handled.${col}`) : null;
}

/** 予以公开率 = 予以公开 ÷ 办理总计 (same column): derived, with its formula. */
function rateAnswer(query: Query, report: StoredReport, reading: Reading, note: string, env: Env): Answer {
  const { w } = env;
  const { lang } = query;
  const metric = query.metric!;
  const base = rateBase(metric.key);
  if (!base) return { answer: [note, w.noRate(metric.label[lang])].filter(Boolean).join('\n'), kind: 'clarify', value: null, facts: [], sources: [] };
  const den = read(report, base);
  const office = report.office.name;
  const label = metric.label[lang].replace(/率$/, '');
  const facts = [...factsOf(reading), ...factsOf(den)];
  const sources = [...sourcesOf(reading, w), ...sourcesOf(den, w)];
  const said = { office, year: report.year, metric: label, base: base.label[lang] };
  if (reading.value === null || den.value === null || den.value === 0) {
    const text = w.rateUndefined({ ...said, den: den.value === null ? null : reading.value === null ? -1 : 0 });
    return { answer: [note, text].filter(Boolean).join('\n'), kind: 'fact', value: null, facts, sources };
  }
  const ratio = reading.value / den.value;
  const pct = String(Number((ratio * 100).toFixed(1)));
  const text = w.rate({ ...said, num: reading.value, den: den.value, pct });
  const cite = sources.slice(0, 2).map((s) => w.cite(s));
  const answer = [note, text, ...notes(reading, w), ...cite].filter(Boolean).join('\n');
  return { answer, kind: 'fact', value: Number(ratio.toFixed(4)), facts, sources };
}

/** 洪泽区2023年和2024年一共收到多少申请: one office's figure over the years named, added (all of them, or nothing). */
export function yearsSumAnswer(query: Query, office: OfficeRef, env: Env): Answer {
  const { w, store } = env;
  const metric = query.metric!;
  const years = [...new Set(query.years!)].sort((a, b) => a - b);
  const reports = store.currentReports({ officeId: office.id });
  const missingYears = years.filter((y) => !reports.some((r) => r.year === y));
  if (missingYears.length) {
    const have = reports.map((r) => r.year).sort();
    return { answer: w.yearsMissing({ office: office.name, missing: missingYears, have }), kind: 'unknown', value: null, facts: [], sources: [] };
  }
  const readings = years.map((y) => read(store.getReport(reports.find((r) => r.year === y)!.id)!, metric));
  const facts = readings.flatMap(factsOf);
  const sources = readings.flatMap((r) => sourcesOf(r, w));
  if (readings.some((r) => r.value === null)) {
    const answer = readings.map((r) => w.yearValue({ year: r.report.year, value: valueText(r, metric, w) })).join('\n');
    return { answer, kind: 'unknown', value: null, facts, sources };
  }
  const u = w.unit(metric);
  const total = readings.reduce((a, r) => a + r.value!, 0);
  const parts = readings.map((r) => w.yearValue({ year: r.report.year, value: `${fmtNum(r.value!)}${u}` }));
  const text = w.yearsSum({ office: office.name, metric: metric.label[query.lang], years, total: `${fmtNum(total)}${u}`, parts });
  const answer = [text, ...readings.flatMap((r) => notes(r, w)), ...sources.map((s) => w.cite(s))].join('\n');
  return { answer, kind: 'aggregate', value: total, facts, sources };
}

/** 城关镇行政许可和行政处罚一共多少件: several rows of one report, added (all of them, or nothing). */
export function addedMetricsAnswer(query: Query, office: OfficeRef, env: Env): Answer {
  const { w } = env;
  const { lang } = query;
  const metrics = [query.metric!, ...(query.moreMetrics ?? [])];
  const { report, note } = reportFor(env, office.id, query.year, office.name);
  if (!report) return { answer: note, kind: 'unknown', value: null, facts: [], sources: [] };
  const readings = metrics.map((m) => ({ m, r: read(report, m) }));
  const facts = readings.flatMap((x) => factsOf(x.r));
  const sources = readings.flatMap((x) => sourcesOf(x.r, w));
  const units = new Set(metrics.map((m) => m.unit.zh));
  const lines = readings.map((x) => w.metricValue({ metric: x.m.label[lang], value: valueText(x.r, x.m, w) }));
  if (units.size > 1 || readings.some((x) => x.r.value === null)) {
    // Different units, or a figure missing: a sum would mislead.
    const answer = [note, w.reportHead({ office: report.office.name, year: report.year }), ...lines].filter(Boolean).join('\n');
    return { answer, kind: 'list', value: null, facts, sources };
  }
  const total = readings.reduce((a, x) => a + x.r.value!, 0);
  const u = w.unit(metrics[0]);
  const head = w.rowsSum({
    office: report.office.name,
    metrics: metrics.map((m) => m.label[lang]),
    year: report.year,
    total: `${fmtNum(total)}${u}`,
    parts: lines,
  });
  const answer = [note, head, ...readings.flatMap((x) => notes(x.r, w)), ...sources.map((s) => w.cite(s))].filter(Boolean).join('\n');
  return { answer, kind: 'aggregate', value: total, facts, sources };
}

/** 只楚和城关镇一共收到多少申请: the named offices added up (not compared). */
export function namedSumAnswer(query: Query, offices: OfficeRef[], env: Env): Answer {
  const { w } = env;
  const metric = query.metric!;
  const readings: Reading[] = [];
  const gaps: string[] = [];
  for (const o of offices) {
    const { report, note } = reportFor(env, o.id, query.year, o.name);
    if (!report) gaps.push(note);
    else {
      if (note) gaps.push(note);
      readings.push(read(report, metric));
    }
  }
  const missing = readings.filter((r) => r.value === null);
  if ((gaps.length && readings.length < offices.length) || missing.length) {
    // A sum with a part missing would be a wrong number: say what is missing instead.
    const lines = [...gaps, ...missing.map((r) => w.officeValue({ office: r.report.office.name, value: valueText(r, metric, w) }))];
    const sources = readings.flatMap((r) => sourcesOf(r, w));
    return { answer: lines.join('\n'), kind: 'unknown', value: null, facts: readings.flatMap(factsOf), sources };
  }
  const total = readings.reduce((a, r) => a + r.value!, 0);
  const u = w.unit(metric);
  const years = [...new Set(readings.map((r) => r.report.year))];
  const parts = readings.map((r) =>
    w.namedSumPart({ office: r.report.office.name, year: years.length > 1 ? r.report.year : null, value: `${fmtNum(r.value!)}${u}` }),
  );
  const text = w.namedSum({
    year: years.length === 1 ? years[0] : null,
    offices: readings.map((r) => r.report.office.name),
    metric: metric.label[query.lang],
    total: `${fmtNum(total)}${u}`,
    parts,
  });
  const sources = readings.flatMap((r) => sourcesOf(r, w));
  const answer = [...gaps, text, ...readings.flatMap((r) => notes(r, w)), ...sources.map((s) => w.cite(s))].filter(Boolean).join('\n');
  return { answer, kind: 'aggregate', value: total, facts: readings.flatMap(factsOf), sources };
}
