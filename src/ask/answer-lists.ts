// Lists about the reports themselves: which fail their checks (across a year, or
// one office's findings), and which offices have filed (all, or in one region).
// No number here is more than a count of stored rows.
import { officeInRegion, type OfficeRef } from '../offices/index.js';
import { reportFor, reportRef, yearAcross, type Env } from './read.js';
import type { Result } from './results.js';
import type { Query } from './types.js';

export async function findingsAnswer(query: Query, offices: OfficeRef[], env: Env): Promise<Result> {
  const { store } = env;
  if (offices.length === 0) {
    // Which reports fail their checks, across the year.
    const { year, note } = yearAcross(env, query.year);
    if (year === null) return { shape: 'no-report', note: note!, kind: 'unknown', value: null, facts: [], sources: [] };
    const summaries = await store.currentReports({ year });
    const reports = await store.getReports(summaries.map((r) => r.id));
    const rows = summaries.map((r, k) => ({ r, findings: reports[k]!.findings, facts: reports[k]!.facts }));
    const failing = rows.filter((x) => x.findings.length);
    return {
      shape: 'findings-across',
      note,
      year,
      reports: rows.length,
      failing: failing.map((x) => ({ office: x.r.officeName, findings: x.findings })),
      kind: 'list',
      value: failing.length,
      facts: [],
      sources: failing.map((x) => ({
        kind: 'finding',
        report: reportRef(x.r),
        finding: x.findings[0],
        facts: x.facts,
      })),
    };
  }
  const office = offices[0];
  const { report, note, reports } = await reportFor(env, office.id, query.year, office.name);
  if (!report) return { shape: 'no-report', note: note!, kind: 'unknown', value: null, facts: [], sources: [] };
  const ref = reportRef(report);
  return {
    shape: 'findings',
    note,
    report: ref,
    format: report.format,
    findings: report.findings,
    values: report.facts,
    incomplete: report.incomplete,
    otherYears: reports
      .filter((r) => r.id !== report.id)
      .map((r) => r.year)
      .sort((a, b) => b - a),
    kind: 'list',
    value: report.findings.length,
    facts: [],
    sources: report.findings.map((f) => ({ kind: 'finding', report: ref, finding: f, facts: report.facts })),
  };
}

export async function officesAnswer(query: Query, env: Env): Promise<Result> {
  const { store, index } = env;
  const explicit = query.year.kind !== 'latest';
  const { year, note } = explicit ? yearAcross(env, query.year) : { year: null, note: null };
  const reports = await store.currentReports(year ? { year } : {});
  const yearsBy = new Map<number, number[]>();
  for (const r of reports) yearsBy.set(r.officeId, [...(yearsBy.get(r.officeId) ?? []), r.year].sort());
  const offices = index.offices.filter((o) => yearsBy.has(o.id) && (!query.officeKind || o.kind === query.officeKind));
  const listed = (os: OfficeRef[]) =>
    os.map((o) => ({ office: o.name, region: o.region ?? null, years: yearsBy.get(o.id)! }));
  const found = { kind: 'list' as const, facts: [], sources: [] };
  if (query.region) {
    const region = query.region;
    const inRegion = offices.filter((o) => officeInRegion(o, region));
    return { shape: 'region-offices', note, region, offices: listed(inRegion), ...found, value: inRegion.length };
  }
  return { shape: 'offices', note, year, offices: listed(offices), ...found, value: offices.length };
}
