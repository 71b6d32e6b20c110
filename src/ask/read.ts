// Reading one number of one report for an answer: the value (a derived metric adds
// its cells), why it is missing, whether it is approximate or touched by a failed
// check, the facts and the sources it came from; and which report a question's year
// means. Shared by every shape; all of it data (results.ts), worded by src/render.
import path from 'node:path';
import type { FactId } from '../catalogue/facts.js';
import type { Finding } from '../parse/types.js';
import type { ReportStore, ReportSummary, StoredReport } from '../store/index.js';
import type { OfficeIndex } from '../offices/index.js';
import type { AnswerFact, Metric, YearSpec } from './types.js';
import type { Caveat, Figure, Missing, ReportRef, SourceRef, YearNote } from './results.js';

/**
 * What one question's answer is made with: the store (either backend: every call
 * awaited), the offices and the years it holds (read once per store version, not per
 * question), the clock.
 */
export interface Env {
  store: ReportStore;
  index: OfficeIndex;
  /** Years with at least one current report, ascending (store.years() as of the last refresh). */
  years: number[];
  now: Date;
}

export interface Reading {
  report: StoredReport;
  ids: FactId[];
  /** The number, or null when the report leaves it blank / does not have it. */
  value: number | null;
  /** Why value is null, for the user. */
  missing?: Missing;
  derived: boolean;
  approximate: boolean;
  findings: Finding[];
}

export function read(report: StoredReport, metric: Metric): Reading {
  const ids = metric.ids[report.format];
  const base = { report, ids, derived: ids.length > 1, approximate: false, findings: [] as Finding[] };
  if (ids.length === 0) return { ...base, value: null, missing: 'not_in_format' };
  const present = ids.filter((id) => id in report.facts);
  if (present.length === 0) return { ...base, value: null, missing: 'absent' };
  const nums = present.map((id) => report.facts[id]).filter((v): v is number => typeof v === 'number');
  const findings = report.findings.filter((f) => f.ids.some((id) => ids.includes(id)));
  const approximate = present.some((id) => report.approximate.includes(id));
  if (nums.length === 0) return { ...base, value: null, missing: 'blank', findings };
  return { ...base, value: nums.reduce((a, b) => a + b, 0), approximate, findings };
}

/** The report as a title names it (office, year, file name). */
export function reportRef(r: { officeName: string; year: number; sourceFile: string }): ReportRef {
  return { officeName: r.officeName, year: r.year, sourceFile: path.basename(r.sourceFile) };
}

/** The cells a reading came from (at most eight), each with its line. */
export function sourcesOf(reading: Reading): SourceRef[] {
  const r = reading.report;
  const out: SourceRef[] = [];
  for (const id of reading.ids.filter((i) => i in r.provenance).slice(0, 8)) {
    const prov = r.provenance[id];
    const lineText = lineOf(r.text, prov.line).replace(/\t+/g, ' | ').trim();
    const excerpt = lineText.length > 160 ? `${lineText.slice(0, 157)}…` : lineText;
    out.push({ kind: 'cell', report: reportRef(r), id, line: prov.line, excerpt });
  }
  return out;
}

/** Line n (1-based) of a text, without splitting the whole report for one line. */
function lineOf(text: string, n: number): string {
  let start = 0;
  for (let k = 1; k < n; k++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return '';
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end);
}

/** The figure: its number, or why there is none. */
export function figureOf(reading: Reading): Figure {
  return {
    value: reading.value,
    ...(reading.missing ? { missing: reading.missing } : {}),
    format: reading.report.format,
  };
}

/** What a reader must know about a figure: approximate, derived, touched by a failed check. */
export function caveatsOf(reading: Reading): Caveat[] {
  const out: Caveat[] = [];
  if (reading.approximate) out.push({ kind: 'approximate', cell: reading.report.provenance[reading.ids[0]]?.cell });
  if (reading.derived && reading.value !== null) out.push({ kind: 'derived', cells: reading.ids.length });
  for (const f of reading.findings.slice(0, 2)) out.push({ kind: 'check', finding: f, facts: reading.report.facts });
  return out;
}

export function factsOf(reading: Reading): AnswerFact[] {
  return reading.ids
    .filter((id) => id in reading.report.facts)
    .map((id) => ({
      office: reading.report.office.name,
      year: reading.report.year,
      id,
      value: reading.report.facts[id],
    }));
}

// ---------- years ----------

export function wantedYear(spec: YearSpec, now: Date): number | null {
  if (spec.kind === 'explicit') return spec.year;
  if (spec.kind === 'relative') return shanghaiYear(now) + spec.offset;
  return null;
}

function shanghaiYear(d: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(d));
}

/**
 * The office's report for the asked year, else its latest with a note saying so; with the
 * office's current reports (newest first). One read of the store (officeReport): the
 * store picks the report the same way (the year's, else the latest).
 */
export async function reportFor(
  env: Env,
  officeId: number,
  spec: YearSpec,
  name: string,
): Promise<{ report: StoredReport | null; note: YearNote | null; reports: ReportSummary[] }> {
  const want = wantedYear(spec, env.now);
  const found = await env.store.officeReport(officeId, want);
  const reports = found.reports.slice().sort((a, b) => b.year - a.year);
  if (reports.length === 0) return { report: null, note: { kind: 'no-reports', office: name }, reports };
  const exact = want === null ? reports[0] : reports.find((r) => r.year === want);
  if (exact) return { report: found.report, note: null, reports };
  const latest = reports[0];
  // A year the question names and the store lacks: no other year's number in its place.
  if (spec.kind === 'explicit') {
    const have = reports.map((r) => r.year).sort((a, b) => a - b);
    return { report: null, note: { kind: 'no-report-of-year', office: name, year: want, have }, reports };
  }
  return {
    report: found.report,
    note: { kind: 'latest-instead', office: name, year: want, latest: latest.year },
    reports,
  };
}

/** The year for questions across offices: the asked year if any report has it, else the latest. */
export function yearAcross(env: Env, spec: YearSpec): { year: number | null; note: YearNote | null } {
  const { years } = env;
  if (years.length === 0) return { year: null, note: { kind: 'nothing-stored' } };
  const latest = years[years.length - 1];
  const want = wantedYear(spec, env.now);
  if (want === null || years.includes(want)) return { year: want ?? latest, note: null };
  if (spec.kind === 'explicit') return { year: null, note: { kind: 'no-year', year: want, have: years } };
  return { year: latest, note: { kind: 'latest-year-instead', year: want, latest } };
}
