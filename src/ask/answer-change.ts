// Figures side by side: two offices on one metric, one office's two years (or, with
// one stored year, the change its own prose states), and every stored year of one
// office with its peak. Differences and percentages are derived and said to be.
import type { OfficeRef } from '../offices/index.js';
import type { ReportSummary, StoredReport } from '../store/index.js';
import { factsOf, fmtNum, notes, read, reportFor, reportRef, sourcesOf, valueText, wantedYear, type Env, type Reading } from './read.js';
import type { Answer, Metric, Query } from './types.js';

export function compareAnswer(query: Query, offices: OfficeRef[], env: Env): Answer {
  const { w } = env;
  const metric = query.metric;
  if (!metric) return { answer: w.compareWhat(), kind: 'clarify', value: null, facts: [], sources: [] };
  const [a, b] = offices;
  const ra = reportFor(env, a.id, query.year, a.name);
  const rb = reportFor(env, b.id, query.year, b.name);
  if (!ra.report || !rb.report) return { answer: [ra.note, rb.note].filter(Boolean).join('\n'), kind: 'unknown', value: null, facts: [], sources: [] };
  const xa = read(ra.report, metric);
  const xb = read(rb.report, metric);
  const side = (x: Reading) => ({ office: x.report.office.name, year: x.report.year, value: valueText(x, metric, w) });
  let verdict = '';
  let diff: number | null = null;
  if (xa.value !== null && xb.value !== null) {
    diff = xa.value - xb.value;
    const more = diff >= 0 ? xa : xb;
    const less = diff >= 0 ? xb : xa;
    verdict = w.compareVerdict({
      diff: diff === 0 ? null : fmtNum(Math.abs(diff)),
      more: more.report.office.name,
      less: less.report.office.name,
      unit: w.unit(metric),
    });
  }
  const line = w.compare({ metric: metric.label[query.lang], sides: [side(xa), side(xb)] });
  const answer = [ra.note, rb.note, line, verdict, ...notes(xa, w), ...notes(xb, w)].filter(Boolean).join('\n');
  const facts = [...factsOf(xa), ...factsOf(xb)];
  return { answer, kind: 'compare', value: diff === null ? null : Math.abs(diff), facts, sources: [...sourcesOf(xa, w), ...sourcesOf(xb, w)] };
}

export function changeAnswer(query: Query, office: OfficeRef, env: Env): Answer {
  const { w, store } = env;
  const metric = query.metric!;
  const reports = store.currentReports({ officeId: office.id }).sort((a, b) => b.year - a.year);
  if (query.trend) return trendAnswer(query, office, reports, env);
  const want = wantedYear(query.year, env.now);
  const cur = want === null ? reports[0] : reports.find((r) => r.year === want);
  // 2024年比2023年: the year the question names; else the year before.
  const prevYear = query.years?.[0] ?? (cur ? cur.year - 1 : null);
  const prev = cur ? reports.find((r) => r.year === prevYear) : undefined;
  if (cur && !prev && prevYear === cur.year - 1) {
    // One stored year: the change the report itself states (比上年增长8%), quoted.
    const stated = statedChange(store.getReport(cur.id)!, metric);
    if (stated) {
      const text = w.statedChange({ office: office.name, year: cur.year, line: stated.line, sentence: stated.sentence });
      const source = { report: w.reportTitle(reportRef(cur)), part: w.reportTextPart, excerpt: stated.sentence, line: stated.line };
      return { answer: text, kind: 'passage', value: null, facts: [], sources: [source] };
    }
  }
  if (!cur || !prev) {
    const answer = w.needTwoYears({ office: office.name, have: reports.map((r) => r.year) });
    return { answer, kind: 'unknown', value: null, facts: [], sources: [] };
  }
  const xc = read(store.getReport(cur.id)!, metric);
  const xp = read(store.getReport(prev.id)!, metric);
  let change = '';
  let delta: number | null = null;
  if (xc.value !== null && xp.value !== null) {
    delta = xc.value - xp.value;
    change = w.changeDelta({ delta, abs: fmtNum(Math.abs(delta)), unit: w.unit(metric) });
    if (delta !== 0 && xp.value !== 0) {
      change += w.changePct({ from: xp.value, to: xc.value, pct: fmtNum(Number(((delta / xp.value) * 100).toFixed(1))) });
    }
  }
  const line = w.change({
    office: office.name,
    metric: metric.label[query.lang],
    cur: { year: cur.year, value: valueText(xc, metric, w) },
    prev: { year: prev.year, value: valueText(xp, metric, w) },
  });
  const answer = [line, change, ...notes(xc, w)].filter(Boolean).join('\n');
  return { answer, kind: 'compare', value: delta, facts: [...factsOf(xc), ...factsOf(xp)], sources: [...sourcesOf(xc, w), ...sourcesOf(xp, w)] };
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
      if (CHANGE_WORDS.test(sentence) && words.test(sentence) && numbered) return { sentence: sentence.trim(), line: i + 1 };
    }
  }
  return null;
}

/** 近三年, 哪一年最多: every stored year of one office (or the last n), and the peak. */
function trendAnswer(query: Query, office: OfficeRef, reports: ReportSummary[], env: Env): Answer {
  const { w, store } = env;
  const metric = query.metric!;
  const asc = reports.slice().sort((a, b) => a.year - b.year);
  const n = query.trend?.years ?? null;
  const shown = n ? asc.slice(-n) : asc;
  if (shown.length < 2) {
    const only = asc.at(-1);
    const stated = only ? statedChange(store.getReport(only.id)!, metric) : null;
    const lines = [w.trendOnly({ office: office.name, have: asc.map((r) => r.year), asked: n })];
    const one = only ? read(store.getReport(only.id)!, metric) : null;
    if (one) lines.push(w.trendLine({ year: one.report.year, value: valueText(one, metric, w) }));
    if (stated && only) lines.push(w.statedChange({ office: office.name, year: only.year, line: stated.line, sentence: stated.sentence }));
    return { answer: lines.join('\n'), kind: 'unknown', value: null, facts: [], sources: [] };
  }
  const readings = shown.map((r) => read(store.getReport(r.id)!, metric));
  const lines = readings.map((x) => w.trendLine({ year: x.report.year, value: valueText(x, metric, w) }));
  const known = readings.filter((x) => x.value !== null);
  const ask = /最少|最低|fewest|least|lowest/i.test(query.text) ? 'min' : 'max';
  const peakValue = known.length ? (ask === 'min' ? Math.min : Math.max)(...known.map((x) => x.value!)) : null;
  const peak =
    peakValue === null
      ? ''
      : w.trendPeak({
          years: known.filter((x) => x.value === peakValue).map((x) => x.report.year),
          value: `${fmtNum(peakValue)}${w.unit(metric)}`,
          most: ask === 'max',
        });
  const head = w.trendHead({ office: office.name, metric: metric.label[query.lang], years: shown.map((r) => r.year) });
  const answer = [head, ...lines, peak, ...readings.flatMap((x) => notes(x, w))].filter(Boolean).join('\n');
  return { answer, kind: 'list', value: peakValue, facts: readings.flatMap(factsOf), sources: readings.flatMap((x) => sourcesOf(x, w)) };
}
