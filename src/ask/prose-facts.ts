// Questions about numbers the prose states (微博投诉68条, 公众号关注5948人, 开展培训2次):
// decide whether a question asks for a phrase that prose facts hold, and answer with
// the number, quoting the sentence and its line, labelled as from the prose — never
// as a table cell. Sums and rankings across offices only over one and the same phrase.
// Numbers come only from the stored prose facts; a question that matches no fact
// cleanly gets null here (and goes on to passage search), never a near miss.
import path from 'node:path';
import { parseReport } from '../parse/index.js';
import type { ProseFact } from '../parse/prose-facts.js';
import { FORGIVEN, best, canon, count, cover, matchPrepared, matchProse, prepare, readProseQuestion, type Prepared, type ProseMatch, type ProseQuestion } from './prose-match.js';
import type { ReportSummary, Store, StoredProseFact } from '../store/index.js';
import type { Answer, AnswerSource, Lang, Metric, Query } from './types.js';
import type { ProseFactsHook } from './engine.js';

// ---------- when the hook answers ----------

/** A table metric named by a word that is only part of a prose phrase (投诉 in 微博投诉): the prose is meant. */
function metricIsIncidental(q: ProseQuestion, metric: Metric, match: ProseMatch): boolean {
  const label = canon(metric.label.zh);
  const f = match.fact;
  // The fact's own words, its lead included (通过政府网站管理平台 narrows 主动公开信息).
  const words = cover(q.content, canon(`${f.lead}${f.verb ?? ''}${f.phrase}`));
  // A stretch of the question in the fact's words that the metric's label does not hold.
  let run = '';
  for (let i = 0; i <= q.content.length; i++) {
    if (i < q.content.length && words[i]) run += q.content[i];
    else {
      const telling = run.replace(GENERIC, '');
      if (telling.length >= 2 && count(cover(telling, label)) < telling.length) return true;
      run = '';
    }
  }
  return false;
}

// Words any question about applications uses, which name no prose phrase on their own.
const GENERIC = /收到|接到|受理|办理|处理|答复|申请|公开|多少|数量|情况/g;

/** Whether the question has words (2+ characters) its table row's label does not hold. */
function beyondMetric(q: ProseQuestion, metric: Metric): boolean {
  const rest = q.content.replace(GENERIC, ' ');
  const covered = cover(rest, canon(metric.label.zh));
  let run = 0;
  for (let i = 0; i <= rest.length; i++) {
    if (i < rest.length && !covered[i] && rest[i] !== ' ' && !FORGIVEN.has(rest[i])) run++;
    else {
      if (run >= 2) return true;
      run = 0;
    }
  }
  return false;
}

const ACROSS = new Set(['sum', 'rank', 'which', 'count']);

/** Sum, ranking or list across offices: the rules only read these for table rows, so read them here. */
function acrossShape(q: Query): Query {
  if (q.shape === 'sum' || q.shape === 'rank') return q;
  const t = q.text;
  const en = q.lang === 'en';
  if (en ? /\b(?:in total|altogether|combined|sum)\b/i.test(t) : /一共|合计|总共|共计|加起来|总和|汇总/.test(t)) return { ...q, shape: 'sum' };
  const asc = en ? /\b(?:fewest|least|lowest)\b/i.test(t) : /最少|最低|倒数/.test(t);
  const top = en ? /\btop\s*(\d+)/i.exec(t) : /前\s*(\d+|[二两三四五六七八九十])\s*(?:名|个|位|家)?/.exec(t);
  const cn: Record<string, number> = { 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
  if (top) return { ...q, shape: 'rank', rank: { order: asc ? 'asc' : 'desc', n: Number(top[1]) || cn[top[1]] || 3 } };
  if (asc || (en ? /\b(?:most|highest|largest)\b/i.test(t) : /最多|最高|最大/.test(t))) return { ...q, shape: 'rank', rank: { order: asc ? 'asc' : 'desc', n: 1 } };
  if (en ? /\brank/i.test(t) : /排名|排行|排序|排一下/.test(t)) return { ...q, shape: 'rank', rank: { order: 'desc', n: 10 } };
  return { ...q, shape: 'which' };
}

// ---------- reading the store ----------

const scanned = new WeakSet<Store>();

/**
 * Reports stored before prose facts existed are read for them once, here (reports
 * stored since come with theirs).
 */
export function ensureProseFacts(store: Store): void {
  if (scanned.has(store)) return;
  for (const id of store.reportsWithoutProseFacts()) {
    const report = store.getReport(id);
    if (report) store.saveProseFacts(id, parseReport(report.text).proseFacts ?? []);
  }
  scanned.add(store);
}

/** Every current prose fact of a year, folded once, kept until the store's prose facts change. */
const yearCache = new WeakMap<Store, { stamp: string; years: Map<number, Prepared<StoredProseFact>[]> }>();

function preparedYear(store: Store, year: number): Prepared<StoredProseFact>[] {
  const stamp = `${store.proseFactsStamp()}|${store.externalChanges()}`;
  let c = yearCache.get(store);
  if (!c || c.stamp !== stamp) yearCache.set(store, (c = { stamp, years: new Map() }));
  let list = c.years.get(year);
  if (!list) c.years.set(year, (list = store.proseFacts({ year }).map(prepare)));
  return list;
}

function wantedYear(q: Query, now: Date): number | null {
  if (q.year.kind === 'explicit') return q.year.year;
  if (q.year.kind === 'relative') return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now)) + q.year.offset;
  return null;
}

function reportOf(store: Store, officeId: number, year: number | null): ReportSummary | null {
  const reports = store.currentReports({ officeId }).sort((a, b) => b.year - a.year);
  return (year === null ? reports[0] : reports.find((r) => r.year === year)) ?? null;
}

// ---------- wording ----------

const PART_ZH = ['', '第一部分', '第二部分', '第三部分', '第四部分', '第五部分', '第六部分'];
// English units, singular and plural.
const UNIT_EN: Record<string, [string, string]> = {
  人: ['person', 'people'],
  人次: ['person-time', 'person-times'],
  篇: ['post', 'posts'],
  条: ['item', 'items'],
  次: ['time', 'times'],
  件: ['case', 'cases'],
  场: ['session', 'sessions'],
  期: ['issue', 'issues'],
  名: ['person', 'people'],
  个: ['', ''],
  元: ['yuan', 'yuan'],
  万元: ['×10,000 yuan', '×10,000 yuan'],
};

function written(f: ProseFact, lang: Lang): string {
  const num = String(f.value);
  if (lang === 'en') {
    const en = UNIT_EN[f.unit]?.[f.value === 1 ? 0 : 1];
    const unit = f.unit === '%' ? '%' : en !== undefined ? (en ? ` ${en}` : '') : ` ${f.unit}`;
    const bound = { exact: '', approx: 'about ', lower: 'over ', upper: 'under ' }[f.bound];
    return `${bound}${num}${unit}${f.hedge ? ` (the report writes “${f.written}”)` : ''}`;
  }
  const bound = { exact: '', approx: '（约数）', lower: `（原文“${f.written}”，即 ${num}${f.unit} 以上）`, upper: `（原文“${f.written}”，即不到 ${num}${f.unit}）` }[f.bound];
  return `${num}${f.unit}${bound}`;
}

function title(officeName: string, year: number, sourceFile: string, lang: Lang): string {
  return lang === 'en' ? `${officeName} ${year} annual report (${path.basename(sourceFile)})` : `《${officeName}${year}年政府信息公开工作年度报告》（${path.basename(sourceFile)}）`;
}

// The line, which the text itself fixes; the part is in the sources (a sub-head inside
// part 1 that reads like a part heading can mislead the part finder).
function where(f: ProseFact, lang: Lang): string {
  return lang === 'en' ? `line ${f.line}` : `第 ${f.line} 行`;
}

const label = (f: ProseFact) => (f.kind === 'change' ? `${f.lead}${f.phrase}${f.verb ?? ''}` : `${f.lead}${f.verb ?? ''}${f.phrase}`);

function sourceOf(f: StoredProseFact, sourceFile: string, lang: Lang): AnswerSource {
  return {
    report: title(f.officeName, f.year, sourceFile, lang),
    part: lang === 'en' ? `report text (not a table)${f.part ? `, part ${f.part}` : ''}` : `正文文字叙述（非表格）${f.part ? ` · ${PART_ZH[f.part]}` : ''}`,
    excerpt: f.sentence.length > 200 ? `${f.sentence.slice(0, 197)}…` : f.sentence,
    line: f.line,
  };
}

function oneOffice(q: Query, matches: ProseMatch<StoredProseFact>[], report: ReportSummary, note: string): Answer {
  const { lang } = q;
  const top = best(matches);
  const f = top[0].fact;
  const sources = top.map((m) => sourceOf(m.fact, report.sourceFile, lang));
  if (top.length > 1) {
    const lines = top.map((m) =>
      lang === 'en'
        ? `- ${label(m.fact)}: ${written(m.fact, lang)} (${where(m.fact, lang)}): “${m.fact.sentence}”`
        : `· ${label(m.fact)}：${written(m.fact, lang)}（${where(m.fact, lang)}）：“${m.fact.sentence}”`,
    );
    const head =
      lang === 'en'
        ? `From the text of ${f.officeName}'s ${f.year} report (not its tables), ${top.length} statements fit the question:`
        : `据报告正文：${f.officeName} ${f.year} 年度报告的文字叙述中有 ${top.length} 处相关数字（非表格数据）：`;
    return { answer: [note, head, ...lines].filter(Boolean).join('\n'), kind: 'list', value: null, facts: [], sources };
  }
  const answer =
    lang === 'en'
      ? [note, `From the text of ${f.officeName}'s ${f.year} report (not a table): “${label(f)}” — ${written(f, lang)}.`, `The report says (${where(f, lang)}): “${f.sentence}”`]
      : [note, `据报告正文：${f.officeName} ${f.year} 年度${label(f)} ${written(f, lang)}。`, `原文（${where(f, lang)}）：“${f.sentence}”`, '（此数取自报告的文字叙述，不是表格中的数据。）'];
  return { answer: answer.filter(Boolean).join('\n'), kind: 'fact', value: f.value, facts: [], sources };
}

function acrossOffices(q: Query, q2: ProseQuestion, store: Store, year: number, note: string): Answer | null {
  const { lang } = q;
  const reports = new Map(store.currentReports({ year }).map((r) => [r.id, r]));
  const facts = preparedYear(store, year);
  const byReport = new Map<number, ProseMatch<StoredProseFact>[]>();
  for (const m of matchPrepared(q2, facts)) byReport.set(m.fact.reportId, [...(byReport.get(m.fact.reportId) ?? []), m]);
  const found: StoredProseFact[] = [];
  for (const [, matches] of byReport) {
    const top = best(matches);
    // An office whose text states the phrase twice with different numbers is left out of a sum.
    if (top.length === 1) found.push(top[0].fact);
  }
  if (!found.length) return null;
  // Only one and the same phrase (and unit) is added up or ranked; a list shows every office's own words.
  const key = (f: ProseFact) => (q.shape === 'sum' || q.shape === 'rank' ? `${canon(f.phrase)}|${f.unit}` : '');
  const groups = new Map<string, StoredProseFact[]>();
  for (const f of found) groups.set(key(f), [...(groups.get(key(f)) ?? []), f]);
  const main = [...groups.values()].sort((a, b) => b.length - a.length)[0];
  const others = found.filter((f) => !main.includes(f));
  const f0 = main[0];
  const what = `${f0.phrase}`;
  const sources = main.slice(0, 10).map((f) => sourceOf(f, reports.get(f.reportId)?.sourceFile ?? '', lang));
  const own = (f: StoredProseFact) => (key(f) === '' && canon(f.phrase) !== canon(what) ? `“${label(f)}” ` : '');
  const line = (f: StoredProseFact, i?: number) =>
    lang === 'en'
      ? `${i !== undefined ? `${i + 1}. ` : '- '}${f.officeName}: ${own(f)}${written(f, lang)} (line ${f.line})`
      : `${i !== undefined ? `${i + 1}. ` : '· '}${f.officeName}：${own(f)}${written(f, lang)}（第 ${f.line} 行）`;
  const otherNote = others.length
    ? lang === 'en'
      ? `(Not added: worded differently in ${others.slice(0, 5).map((f) => `${f.officeName} — “${f.phrase}” ${written(f, lang)}`).join('; ')}${others.length > 5 ? ` and ${others.length - 5} more` : ''}.)`
      : `（措辞不同、未合并计算：${others.slice(0, 5).map((f) => `${f.officeName}“${label(f)}”${written(f, lang)}`).join('；')}${others.length > 5 ? ` 等 ${others.length} 个` : ''}）`
    : '';
  // A message a group can read: the first lines, and how many more.
  const LIMIT = 20;
  const capped = (list: StoredProseFact[], numbered: boolean) => [
    ...list.slice(0, LIMIT).map((f, i) => line(f, numbered ? i : undefined)),
    ...(list.length > LIMIT ? [lang === 'en' ? `… and ${list.length - LIMIT} more` : `……等共 ${list.length} 个单位`] : []),
  ];
  const silent = reports.size - found.length;
  const silentNote = silent > 0 ? (lang === 'en' ? `(${silent} other report(s) state no such number in their text.)` : `（其余 ${silent} 份报告的正文没有写到这一数字。）`) : '';
  const from = lang === 'en' ? 'From the reports’ text (not their tables)' : '据各报告正文（文字叙述，非表格数据）';
  const approx = main.some((f) => f.bound !== 'exact');
  const byValue = main.slice().sort((a, b) => b.value - a.value);
  if (q.shape === 'sum') {
    const total = main.reduce((s, f) => s + f.value, 0);
    const answer =
      lang === 'en'
        ? [note, `${from}, ${year}: ${what} — ${total}${main[0].unit === '%' ? '%' : ''} in total over ${main.length} report(s)${approx ? ' (some figures are approximate, so the total is too)' : ''}.`, ...capped(byValue, false), otherNote, silentNote]
        : [note, `${from}：${year} 年度 ${main.length} 份报告写到“${what}”，合计 ${total}${f0.unit}${approx ? '（其中有约数，合计亦为约数）' : ''}。`, ...capped(byValue, false), otherNote, silentNote];
    return { answer: answer.filter(Boolean).join('\n'), kind: 'aggregate', value: total, facts: [], sources };
  }
  const order = q.rank?.order ?? 'desc';
  const sorted = main.slice().sort((a, b) => (order === 'desc' ? b.value - a.value : a.value - b.value));
  const n = Math.max(q.rank?.n ?? 10, 1);
  // Ties at the cut are all shown: "the most" may be several offices.
  const edge = sorted[Math.min(n, sorted.length) - 1]?.value;
  const shown = q.shape === 'rank' ? sorted.filter((f, i) => i < n || f.value === edge) : sorted;
  const ranked = q.shape === 'rank';
  const answer =
    lang === 'en'
      ? [note, `${from}, ${year}: ${what}${ranked ? `, ${order === 'desc' ? 'most' : 'fewest'} first` : ''}:`, ...capped(shown, ranked), otherNote, silentNote]
      : [note, `${from}：${year} 年度“${what}”${ranked ? (order === 'desc' ? '，从多到少' : '，从少到多') : ''}：`, ...capped(shown, ranked), otherNote, silentNote];
  // One number only when the question asked for the one top office and no other ties with it.
  const value = ranked && n === 1 && shown.length === 1 ? shown[0].value : null;
  return { answer: answer.filter(Boolean).join('\n'), kind: 'list', value, facts: [], sources };
}

/**
 * The answer from prose facts, or null when the question is not about a phrase the
 * prose holds (then the engine goes on: tables, passages). A question that names a
 * table row is left to the tables, unless the row was named only by a word inside a
 * longer prose phrase (投诉 in 微博投诉).
 */
export function answerFromProse(q: Query, store: Store, now: Date): Answer | null {
  if (q.rate || q.claimed !== undefined || q.trend) return null;
  const names = q.officeIds.flatMap((id) => {
    const o = store.getOffice(id);
    return o ? [o.name, ...o.aliases] : [];
  });
  const pq = readProseQuestion(q.text, q.lang, names);
  if (!pq) return null;
  // A question that says nothing beyond its table row needs no look at the prose.
  if (q.metric && !beyondMetric(pq, q.metric)) return null;
  const year = wantedYear(q, now);
  if (q.officeIds.length === 1) {
    const report = reportOf(store, q.officeIds[0], year);
    if (!report) return null;
    const matches = matchProse(pq, store.proseFacts({ reportId: report.id }));
    if (!matches.length) return null;
    if (q.metric && !metricIsIncidental(pq, q.metric, matches[0])) return null;
    const note =
      year !== null && report.year !== year
        ? q.lang === 'en' ? `There is no ${year} report from ${report.officeName}; the latest is ${report.year}:` : `没有${report.officeName} ${year} 年度的报告，以下是最新的 ${report.year} 年度：`
        : '';
    return oneOffice(q, matches, report, note);
  }
  if (q.officeIds.length === 0 && (ACROSS.has(q.shape) || q.shape === 'passage' || q.shape === 'offices')) {
    const years = store.years();
    if (!years.length) return null;
    const y = year !== null && years.includes(year) ? year : years[years.length - 1];
    const note = year !== null && y !== year ? (q.lang === 'en' ? `No reports for ${year} are stored; the latest year is ${y}:` : `没有 ${year} 年度的报告，以下是最新的 ${y} 年度：`) : '';
    const shape = acrossShape(q);
    // No year asked: the latest year whose reports state the phrase (saying so when it is not the latest).
    const candidates = year !== null ? [y] : [...years].reverse();
    for (const cy of candidates) {
      const m = matchPrepared(pq, preparedYear(store, cy))[0];
      if (!m || (q.metric && !metricIsIncidental(pq, q.metric, m))) continue;
      const older =
        cy !== y ? (q.lang === 'en' ? `No ${y} report states this in its text; the latest year that does is ${cy}:` : `最新的 ${y} 年度报告正文没有写到这一数字，以下是 ${cy} 年度：`) : note;
      return acrossOffices(shape, pq, store, cy, older);
    }
    return null;
  }
  return null;
}

/** answerFromProse in the engine's slot before passage search (src/ask/engine.ts, AskerOptions.proseFacts). */
export const proseFactsHook: ProseFactsHook = (query, _offices, store, now) => answerFromProse(query, store, now);
