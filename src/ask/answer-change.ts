// Figures side by side: two offices on one metric, one office's two years (or, with
// one stored year, the change its own prose states), and every stored year of one
// office with its peak. Differences and percentages are derived and said to be.
import type { OfficeRef } from '../offices/index.js';
import type { ReportSummary, StoredReport } from '../store/index.js';
import { caveatsOf, factsOf, figureOf, read, reportFor, reportRef, sourcesOf, wantedYear, type Env } from './read.js';
import type { Result, YearNote } from './results.js';
import type { Metric, Query } from './types.js';

export async function compareAnswer(query: Query, offices: OfficeRef[], env: Env): Promise<Result> {
  const metric = query.metric;
  if (!metric) return { shape: 'compare-what', kind: 'clarify', value: null, facts: [], sources: [] };
  const [a, b] = offices;
  const [ra, rb] = await Promise.all([
    reportFor(env, a.id, query.year, a.name),
    reportFor(env, b.id, query.year, b.name),
  ]);
  const notes = [ra.note, rb.note].filter((n): n is YearNote => n !== null);
  if (!ra.report || !rb.report)
    return {
      shape: 'compare',
      notes,
      metric,
      sides: [],
      diff: null,
      caveats: [],
      kind: 'unknown',
      value: null,
      facts: [],
      sources: [],
    };
  const xa = read(ra.report, metric);
  const xb = read(rb.report, metric);
  const diff = xa.value !== null && xb.value !== null ? xa.value - xb.value : null;
  return {
    shape: 'compare',
    notes,
    metric,
    sides: [xa, xb].map((x) => ({ office: x.report.office.name, year: x.report.year, figure: figureOf(x) })),
    diff,
    caveats: [...caveatsOf(xa), ...caveatsOf(xb)],
    kind: 'compare',
    value: diff === null ? null : Math.abs(diff),
    facts: [...factsOf(xa), ...factsOf(xb)],
    sources: [...sourcesOf(xa), ...sourcesOf(xb)],
  };
}

export async function changeAnswer(query: Query, office: OfficeRef, env: Env): Promise<Result> {
  const { store } = env;
  const metric = query.metric!;
  const reports = (await store.currentReports({ officeId: office.id })).sort((a, b) => b.year - a.year);
  if (query.trend) return trendAnswer(query, office, reports, env);
  const want = wantedYear(query.year, env.now);
  const cur = want === null ? reports[0] : reports.find((r) => r.year === want);
  // 2024年比2023年: the year the question names; else the year before.
  const prevYear = query.years?.[0] ?? (cur ? cur.year - 1 : null);
  const prev = cur ? reports.find((r) => r.year === prevYear) : undefined;
  if (cur && !prev && prevYear === cur.year - 1) {
    // One stored year: the change the report itself states (比上年增长8%), quoted.
    const stated = statedChange((await store.getReport(cur.id))!, metric);
    if (stated) {
      const source = { kind: 'stated' as const, report: reportRef(cur), line: stated.line, excerpt: stated.sentence };
      return {
        shape: 'stated-change',
        office: office.name,
        year: cur.year,
        ...stated,
        kind: 'passage',
        value: null,
        facts: [],
        sources: [source],
      };
    }
  }
  if (!cur || !prev) {
    return {
      shape: 'need-two-years',
      office: office.name,
      have: reports.map((r) => r.year),
      kind: 'unknown',
      value: null,
      facts: [],
      sources: [],
    };
  }
  const [rc, rp] = await store.getReports([cur.id, prev.id]);
  const xc = read(rc!, metric);
  const xp = read(rp!, metric);
  const delta = xc.value !== null && xp.value !== null ? xc.value - xp.value : null;
  return {
    shape: 'change',
    office: office.name,
    metric,
    cur: { year: cur.year, figure: figureOf(xc) },
    prev: { year: prev.year, figure: figureOf(xp) },
    delta,
    caveats: caveatsOf(xc),
    kind: 'compare',
    value: delta,
    facts: [...factsOf(xc), ...factsOf(xp)],
    sources: [...sourcesOf(xc), ...sourcesOf(xp)],
  };
}

// The words a sentence about a metric uses, by the metric's key.
const METRIC_WORDS: [RegExp, RegExp][] = [
  [/^apply\./, /申请/],
  [/^review/, /复议/],
  [/^litigation/, /诉讼/],
  [/^active\.items/, /主动公开|公开.*信息|发布.*信息/],
  [/^active\.license/, /许可/],
  [/^active\.penalty/, /处罚/],
  [/^active\.coercion/, /强制/],
  [/^active\.(?:rules|normative)/, /文件|规章/],
  [/^active\.fees/, /收费/],
  [/^active\.procurement/, /采购/],
];
const CHANGE_WORDS =
  /(?:比上年|较上年|比去年|较去年|同比|与上年相比|与去年相比|与往年相比|比往年|较往年|较2\d{3}年|比2\d{3}年)[^。；;]*?(?:增长|增加|上升|下降|减少|降低|持平|多|少)[^。；;]*/;

/** The report's own sentence stating this metric's change on the year before, with its line. */
function statedChange(report: StoredReport, metric: Metric): { sentence: string; line: number } | null {
  const words = METRIC_WORDS.find(([k]) => k.test(metric.key))?.[1];
  if (!words) return null;
  const lines = report.text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    for (const sentence of lines[i].split(/(?<=[。；;])/)) {
      const numbered = /\d/.test(sentence.replace(/(?:19|20)\d{2}年/g, ''));
      if (CHANGE_WORDS.test(sentence) && words.test(sentence) && numbered)
        return { sentence: sentence.trim(), line: i + 1 };
    }
  }
  return null;
}

/** 近三年, 哪一年最多: every stored year of one office (or the last n), and the peak. */
async function trendAnswer(query: Query, office: OfficeRef, reports: ReportSummary[], env: Env): Promise<Result> {
  const { store } = env;
  const metric = query.metric!;
  const asc = reports.slice().sort((a, b) => a.year - b.year);
  const n = query.trend?.years ?? null;
  const shown = n ? asc.slice(-n) : asc;
  if (shown.length < 2) {
    const only = asc.at(-1);
    const report = only ? (await store.getReport(only.id))! : null;
    const stated = report ? statedChange(report, metric) : null;
    const one = report ? read(report, metric) : null;
    return {
      shape: 'trend-only',
      office: office.name,
      metric,
      have: asc.map((r) => r.year),
      asked: n,
      one: one ? { year: one.report.year, figure: figureOf(one) } : null,
      stated: stated && only ? { year: only.year, ...stated } : null,
      kind: 'unknown',
      value: null,
      facts: [],
      sources: [],
    };
  }
  const readings = (await store.getReports(shown.map((r) => r.id))).map((r) => read(r!, metric));
  const known = readings.filter((x) => x.value !== null);
  const most = !/最少|最低|fewest|least|lowest/i.test(query.text);
  const peakValue = known.length ? (most ? Math.max : Math.min)(...known.map((x) => x.value!)) : null;
  const peak =
    peakValue === null
      ? null
      : { years: known.filter((x) => x.value === peakValue).map((x) => x.report.year), value: peakValue, most };
  return {
    shape: 'trend',
    office: office.name,
    metric,
    rows: readings.map((x) => ({ year: x.report.year, figure: figureOf(x) })),
    peak,
    caveats: readings.flatMap(caveatsOf),
    kind: 'list',
    value: peakValue,
    facts: readings.flatMap(factsOf),
    sources: readings.flatMap(sourcesOf),
  };
}
