// Lists about the reports themselves: which fail their checks (across a year, or
// one office's findings), and which offices have filed (grouped by region, or in
// one region). No number here is more than a count of stored rows.
import { officeInRegion, type OfficeRef } from '../offices/index.js';
import { reportFor, reportRef, yearAcross, type Env } from './read.js';
import type { Answer, Query } from './types.js';

export function findingsAnswer(query: Query, offices: OfficeRef[], env: Env): Answer {
  const { w, store } = env;
  if (offices.length === 0) {
    // Which reports fail their checks, across the year.
    const { year, note } = yearAcross(env, query.year);
    if (year === null) return { answer: note, kind: 'unknown', value: null, facts: [], sources: [] };
    const rows = store.currentReports({ year }).map((r) => {
      const report = store.getReport(r.id)!;
      return { r, findings: report.findings, facts: report.facts };
    });
    const failing = rows.filter((x) => x.findings.length);
    const text = w.findingsAcross({ year, reports: rows.length, failing: failing.map((x) => ({ office: x.r.officeName, findings: x.findings })) });
    const sources = failing.map((x) => ({
      report: w.reportTitle(reportRef(x.r)),
      part: w.checksPart,
      excerpt: w.findingExcerpt(x.findings[0], x.facts),
    }));
    return { answer: [note, text].filter(Boolean).join('\n'), kind: 'list', value: failing.length, facts: [], sources };
  }
  const office = offices[0];
  const { report, note } = reportFor(env, office.id, query.year, office.name);
  if (!report) return { answer: note, kind: 'unknown', value: null, facts: [], sources: [] };
  const title = w.reportTitle(reportRef(report));
  const body = w.findingsOf({ title, findings: report.findings, facts: report.facts });
  return {
    answer: [note, body].filter(Boolean).join('\n'),
    kind: 'list',
    value: report.findings.length,
    facts: [],
    sources: report.findings.map((f) => ({ report: title, part: w.checksPart, excerpt: w.findingExcerpt(f, report.facts) })),
  };
}

export function officesAnswer(query: Query, env: Env): Answer {
  const { w, store, index } = env;
  const explicit = query.year.kind !== 'latest';
  const { year, note } = explicit ? yearAcross(env, query.year) : { year: null, note: '' };
  const reports = store.currentReports(year ? { year } : {});
  const yearsBy = new Map<number, number[]>();
  for (const r of reports) yearsBy.set(r.officeId, [...(yearsBy.get(r.officeId) ?? []), r.year].sort());
  const offices = index.offices.filter((o) => yearsBy.has(o.id) && (!query.officeKind || o.kind === query.officeKind));
  if (query.region) {
    const region = query.region;
    const inRegion = offices.filter((o) => officeInRegion(o, region));
    const names = inRegion.map((o) => w.officeYears({ office: o.name, years: yearsBy.get(o.id)! }));
    const text = inRegion.length ? w.regionOffices({ region, names }) : w.noRegionOffices(region);
    return { answer: [note, text].filter(Boolean).join('\n'), kind: 'list', value: inRegion.length, facts: [], sources: [] };
  }
  const byRegion = new Map<string, OfficeRef[]>();
  for (const o of offices) {
    const key = o.region ?? w.regionUnstated;
    byRegion.set(key, [...(byRegion.get(key) ?? []), o]);
  }
  const lines = [...byRegion.entries()]
    .sort((a, b) => a[0].localeCompare(b[0], 'zh'))
    .flatMap(([region, list]) => [w.officesRegion(region), ...list.map((o) => w.officesLine({ office: o.name, years: yearsBy.get(o.id)! }))]);
  const head = w.officesHead({ offices: offices.length, year });
  return { answer: [note, head, ...lines].filter(Boolean).join('\n'), kind: 'list', value: offices.length, facts: [], sources: [] };
}
