// Reading one number of one report for an answer: the value (a derived metric adds
// its cells), why it is missing, whether it is approximate or touched by a failed
// check, the facts and the sources it came from; and which report a question's year
// means. Shared by every shape; the words come from the Wording it is given.
import path from 'node:path';
import type { FactId } from '../catalogue/facts.js';
import type { Finding } from '../parse/types.js';
import type { Store, StoredReport } from '../store/index.js';
import type { OfficeIndex } from '../offices/index.js';
import type { AnswerFact, AnswerSource, Metric, YearSpec } from './types.js';
import type { Missing, ReportRef, Wording } from './wording.js';

/** What one question's answer is made with: the store, the offices, the clock, the wording. */
export interface Env {
  store: Store;
  index: OfficeIndex;
  now: Date;
  w: Wording;
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

/** A number as answers write it: integers as they are, fractions to four places at most. */
export const fmtNum = (v: number) => (Number.isInteger(v) ? String(v) : String(Number(v.toFixed(4))));

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

export function sourcesOf(reading: Reading, w: Wording): AnswerSource[] {
  const r = reading.report;
  const out: AnswerSource[] = [];
  for (const id of reading.ids.filter((i) => i in r.provenance).slice(0, 8)) {
    const prov = r.provenance[id];
    const lineText = lineOf(r.text, prov.line).replace(/\t+/g, ' | ').trim();
    out.push({
      report: w.reportTitle(reportRef(r)),
      part: w.factPart(id),
      excerpt: lineText.length > 160 ? `${lineText.slice(0, 157)}…` : lineText,
      line: prov.line,
    });
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

/** The figure with its unit, or why there is none. */
export function valueText(reading: Reading, metric: Metric, w: Wording): string {
  if (reading.value === null) return w.missing(reading.missing!, reading.report.format);
  return `${fmtNum(reading.value)}${w.unit(metric)}`;
}

/** What a reader must know about a figure: approximate, derived, touched by a failed check. */
export function notes(reading: Reading, w: Wording): string[] {
  const out: string[] = [];
  if (reading.approximate) out.push(w.approximateNote(reading.report.provenance[reading.ids[0]]?.cell));
  if (reading.derived && reading.value !== null) out.push(w.derivedNote(reading.ids.length));
  for (const f of reading.findings.slice(0, 2)) out.push(w.failsCheck(f, reading.report.facts));
  return out;
}

export function factsOf(reading: Reading): AnswerFact[] {
  return reading.ids
    .filter((id) => id in reading.report.facts)
    .map((id) => ({ office: reading.report.office.name, year: reading.report.year, id, value: reading.report.facts[id] }));
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

/** The office's report for the asked year, else its latest with a note saying so. */
export function reportFor(env: Env, officeId: number, spec: YearSpec, name: string): { report: StoredReport | null; note: string } {
  const { store, w } = env;
  const reports = store.currentReports({ officeId }).sort((a, b) => b.year - a.year);
  if (reports.length === 0) return { report: null, note: w.noReports(name) };
  const want = wantedYear(spec, env.now);
  const exact = want === null ? reports[0] : reports.find((r) => r.year === want);
  if (exact) return { report: store.getReport(exact.id), note: '' };
  const latest = reports[0];
  // A year the question names and the store lacks: no other year's number in its place.
  if (spec.kind === 'explicit') {
    const have = reports.map((r) => r.year).sort((a, b) => a - b);
    return { report: null, note: w.noReportOfYear({ office: name, year: want, have }) };
  }
  return { report: store.getReport(latest.id), note: w.latestInstead({ office: name, year: want, latest: latest.year }) };
}

/** The year for questions across offices: the asked year if any report has it, else the latest. */
export function yearAcross(env: Env, spec: YearSpec): { year: number | null; note: string } {
  const { w } = env;
  const years = env.store.years();
  if (years.length === 0) return { year: null, note: w.nothingStored() };
  const latest = years[years.length - 1];
  const want = wantedYear(spec, env.now);
  if (want === null || years.includes(want)) return { year: want ?? latest, note: '' };
  if (spec.kind === 'explicit') return { year: null, note: w.noYear({ year: want, have: years }) };
  return { year: latest, note: w.latestYearInstead({ year: want, latest }) };
}
