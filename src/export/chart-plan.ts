// 图表: what a chart shows, decided from the user's words and the store — offices
// ranked by a metric for a year (optionally in a region), or one office's series over
// the years. The metric comes from the question engine's metric reader and the office
// from its resolver; the numbers only from stored facts. Reads the store of either
// backend (every call awaited) and draws nothing: chart-render.ts draws. Only what a
// chart shows is read — the metric's cells (one read per fact id, not a whole report per
// office) and which reports failed a check — so a ranking of a thousand offices is a
// handful of queries on a database across a network.
import path from 'node:path';
import { chineseOfPinyin, findMetric } from '../ask/metrics.js';
import { OfficeIndex, officeInRegion, type OfficeRef } from '../offices/index.js';
import type { Metric } from '../ask/types.js';
import type { FactId } from '../catalogue/facts.js';
import type { ReportStore } from '../store/report-store.js';
import type { Office, ReportSummary, StoredReport } from '../store/types.js';

export type ChartSource = Pick<ReportStore, 'listOffices' | 'currentReports' | 'factValues' | 'findingsByReport'>;

export interface ChartBar {
  label: string;
  value: number;
  /** A value from a report with failed checks, or an approximate one: footnoted. */
  flagged: boolean;
}

export interface ChartSpec {
  kind: 'rank' | 'series';
  title: string;
  /** The unit of the values (件, 条, 万元). */
  unit: string;
  bars: ChartBar[];
  /** The source line printed under the chart. */
  source: string;
  /** Lines the reply adds (blanks left out, bars cut, flagged values). */
  notes: string[];
  /** A file name for the PNG. */
  fileName: string;
}

/** Bars at most in a ranking (the rest are named in a note). */
export const MAX_BARS = 30;

const USAGE =
  '用法：图表 指标 [年份] [地区或单位]，如「图表 收到申请 2020」「图表 行政复议 洛阳」「图表 只楚 收到申请」（单位的历年变化）。';

/** The metric's value in one report: its cell, or the sum of its rows (a group); null when blank. */
export function metricValue(
  metric: Metric,
  r: Pick<StoredReport, 'format' | 'approximate'> & { facts: Partial<StoredReport['facts']> },
): { value: number; derived: boolean; approximate: boolean } | null {
  const ids = metric.ids[r.format] ?? [];
  const values = ids.map((id) => r.facts[id]).filter((v): v is number => typeof v === 'number');
  if (values.length === 0) return null;
  return {
    value: values.reduce((a, b) => a + b, 0),
    derived: ids.length > 1,
    approximate: ids.some((id) => r.approximate.includes(id)),
  };
}

/** A current report as a chart reads it: its summary, its office, the metric's cells, and whether a check failed. */
interface ChartReport {
  summary: ReportSummary;
  office: Office;
  cells: Pick<StoredReport, 'format' | 'approximate'> & { facts: Partial<StoredReport['facts']> };
  failed: boolean;
}

/**
 * The metric's cells and failed checks of these current reports, in their order: one read
 * per fact id of the metric and per year's findings, side by side (the same cells and
 * findings a report read whole would give).
 */
async function chartReports(
  store: ChartSource,
  metric: Metric,
  summaries: readonly ReportSummary[],
  offices: readonly Office[],
): Promise<ChartReport[]> {
  const ids = [...new Set(Object.values(metric.ids).flat())];
  const years = [...new Set(summaries.map((s) => s.year))];
  const oneYear = years.length === 1 ? years[0] : undefined;
  const [values, findings] = await Promise.all([
    Promise.all(ids.map((id) => store.factValues(id, oneYear))),
    Promise.all(years.map((y) => store.findingsByReport(y))),
  ]);
  const cells = new Map<number, ChartReport['cells']>(
    summaries.map((s) => [s.id, { format: s.format, facts: {}, approximate: [] as FactId[] }]),
  );
  ids.forEach((id, i) => {
    for (const v of values[i]) {
      const c = cells.get(v.reportId);
      if (!c) continue;
      c.facts[id] = v.value;
      if (v.approximate) c.approximate.push(id);
    }
  });
  const failed = new Set(
    findings.flatMap((byReport) =>
      [...byReport].filter(([, list]) => list.some((f) => f.severity === 'error')).map(([id]) => id),
    ),
  );
  const byId = new Map(offices.map((o) => [o.id, o]));
  return summaries
    .filter((s) => byId.has(s.officeId))
    .map((s) => ({ summary: s, office: byId.get(s.officeId)!, cells: cells.get(s.id)!, failed: failed.has(s.id) }));
}

export async function planChart(store: ChartSource, words: string): Promise<ChartSpec | { error: string }> {
  const text = words.normalize('NFKC').trim();
  if (!text) return { error: USAGE };
  // Table words typed in pinyin (xingzheng fuyi) are read as the questions read them.
  const metric = findMetric(chineseOfPinyin(text) ?? text, 'zh');
  if (!metric) return { error: `没有看懂要画哪个指标。${USAGE}` };
  const yearMatch = /((?:19|20)\d{2})\s*(?:年度|年)?/.exec(text);
  const year = yearMatch ? Number(yearMatch[1]) : null;

  const offices = await store.listOffices();
  const refs = offices.map(
    (o): OfficeRef => ({ id: o.id, name: o.name, region: o.region, kind: o.kind, aliases: o.aliases }),
  );
  const found = new OfficeIndex(refs).resolve(text);
  if (found.unknown.length) {
    const u = found.unknown[0];
    const near = u.suggestions.length ? `最接近的：${u.suggestions.map((o) => o.name).join('、')}。` : '';
    return { error: `没有找到“${u.text}”的年报。${near}发送「单位列表」查看已收录的单位。` };
  }
  if (found.ambiguous.length) {
    return {
      error: `“${found.ambiguous[0].text}”对应多个单位：${found.ambiguous[0].candidates.map((o) => o.name).join('、')}，请写出完整名称。`,
    };
  }
  const unit = metric.unit.zh || '件';
  if (found.resolved.length === 1)
    return seriesOf(store, metric, offices, found.resolved[0].office, unit, found.resolved[0].understoodAs);

  const region = found.regionWords[0] ?? null;
  // Several offices named (只楚和城关镇): those offices side by side; else a region's, or all.
  const named = found.resolved.length > 1 ? new Set(found.resolved.map((r) => r.office.id)) : null;
  const inRegion = new Set(
    offices.filter((o) => (named ? named.has(o.id) : region === null || officeInRegion(o, region))).map((o) => o.id),
  );
  const chosenYear =
    year ?? Math.max(0, ...(await store.currentReports()).filter((s) => inRegion.has(s.officeId)).map((s) => s.year));
  const summaries = (await store.currentReports({ year: chosenYear })).filter((s) => inRegion.has(s.officeId));
  if (summaries.length === 0) return { error: `没有${region ?? ''}${year ?? ''}${year ? '年度的' : ''}年报可画。` };
  const reports = await chartReports(store, metric, summaries, offices);
  const bars: ChartBar[] = [];
  const files: { office: Office; sourceFile: string }[] = [];
  let blank = 0;
  let derived = false;
  for (const r of reports) {
    const v = metricValue(metric, r.cells);
    if (!v) {
      blank++;
      continue;
    }
    derived ||= v.derived;
    bars.push({ label: r.office.name, value: v.value, flagged: v.approximate || r.failed });
    files.push({ office: r.office, sourceFile: r.summary.sourceFile });
  }
  // Namesakes (two 石桥镇人民政府) are told apart by their region, else their file.
  const count = new Map<string, number>();
  const tally = (k: string) => count.set(k, (count.get(k) ?? 0) + 1);
  bars.forEach((b, i) => {
    tally(b.label);
    tally(`${b.label}|${files[i].office.region}`);
  });
  bars.forEach((b, i) => {
    if (count.get(b.label)! < 2) return;
    const { region } = files[i].office;
    b.label += `（${region && count.get(`${b.label}|${region}`) === 1 ? region : path.basename(files[i].sourceFile)}）`;
  });
  bars.sort((a, b) => b.value - a.value || a.label.localeCompare(b.label, 'zh-CN'));
  const notes: string[] = [];
  if (bars.length > MAX_BARS) notes.push(`共 ${bars.length} 个单位，图中列出前 ${MAX_BARS} 个。`);
  if (blank) notes.push(`${blank} 个单位的年报该项空白或没有此项，未列入。`);
  if (derived) notes.push(`“${metric.label.zh}”由年报表格各分项相加得出。`);
  if (bars.some((b) => b.flagged)) notes.push('标 * 的单位年报有未通过的勾稽核查或约数，请以「核查 单位名」查看。');
  const where = named ? '所列单位' : region ? `${region}各单位` : '各单位';
  return {
    kind: 'rank',
    title: `${chosenYear}年度${where}${metric.label.zh}排名`,
    unit,
    bars: bars.slice(0, MAX_BARS),
    source: `数据来源：${reports.length} 个单位的${chosenYear}年度政府信息公开工作年度报告（年报助手整理）${bars.length > MAX_BARS ? `；图中为前 ${MAX_BARS} 名` : ''}`,
    notes,
    fileName: `${chosenYear}年度${region ?? ''}${metric.label.zh}排名.png`,
  };
}

async function seriesOf(
  store: ChartSource,
  metric: Metric,
  offices: readonly Office[],
  office: OfficeRef,
  unit: string,
  understoodAs?: string,
): Promise<ChartSpec | { error: string }> {
  const summaries = (await store.currentReports({ officeId: office.id })).sort((a, b) => a.year - b.year);
  const reports = await chartReports(store, metric, summaries, offices);
  const bars: ChartBar[] = [];
  const blank: number[] = [];
  for (const { summary: r, cells, failed } of reports) {
    const v = metricValue(metric, cells);
    if (v) bars.push({ label: `${r.year}年`, value: v.value, flagged: v.approximate || failed });
    else blank.push(r.year);
  }
  if (bars.length === 0) return { error: `${office.name}的年报中没有“${metric.label.zh}”的数字。` };
  const notes: string[] = [];
  if (understoodAs) notes.push(`按「${understoodAs}」理解。`);
  if (blank.length) notes.push(`${blank.join('、')} 年度该项空白，未列入。`);
  if (bars.length === 1) notes.push('只存有一个年度的年报，暂无历年变化。');
  if (bars.some((b) => b.flagged))
    notes.push(`标 * 的年度年报有未通过的勾稽核查或约数，请以「核查 ${office.name} 年份」查看。`);
  return {
    kind: 'series',
    title: `${office.name}历年${metric.label.zh}`,
    unit,
    bars,
    source: `数据来源：${office.name}${reports.map((r) => r.summary.year).join('、')}年度政府信息公开工作年度报告（年报助手整理）`,
    notes,
    fileName: `${office.name}历年${metric.label.zh}.png`,
  };
}
