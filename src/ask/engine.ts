// The question engine: question → Query (rules, or a validated language-model
// reading) → numbers from the store → an answer that says where each came from.
// Every number in an answer is read from the store; nothing here computes one
// except sums, differences, shares and percentages of stored values, which are
// said to be derived and show their formula. Pure over its inputs: a follow-up's
// context comes in with the question and goes out with the answer. The wording of
// the newer shapes is in render-zh.ts / render-en.ts.
import path from 'node:path';
import { describeFact, FACT_BY_ID, TABLE_TITLES, TABLE_TITLES_EN, type FactId } from '../catalogue/facts.js';
import { formatFinding } from '../parse/findings-text.js';
import { CHECK_NAMES_EN, findingBodyEn, findingEn, findingSentenceEn } from '../render/findings-en.js';
import { describeFactEn } from '../render/labels-en.js';
import type { Finding } from '../parse/types.js';
import type { Store, StoredReport, ReportSummary } from '../store/index.js';
import type { Hit } from '../retrieval/index.js';
import { OfficeIndex, officeInRegion, type OfficeRef } from '../offices/index.js';
import { understand } from './understand.js';
import { allMetrics, chineseOfPinyin, metricByKey } from './metrics.js';
import { helpText } from '../render/help.js';
import { phrases } from '../render/phrases.js';
import { expandQuery } from '../retrieval/glossary.js';
import { SIGNATURE_SECTION } from '../retrieval/chunker.js';
import { answerProblems } from './problems.js';
import { proseFactsHook } from './prose-facts.js';
import type { Answer, AnswerFact, AnswerSource, AskContext, Lang, Metric, Query, Understanding, YearSpec } from './types.js';

/** Retrieval over report text (src/retrieval's RetrievalIndex fits). */
export interface Retriever {
  search(query: string, opts: { officeIds?: number[]; year?: number; k?: number }): Promise<RetrievalHit[]>;
  quote?(hit: RetrievalHit, query: string): string[];
}
export type RetrievalHit = Pick<Hit, 'chunk' | 'score'>;

/** The optional language model (src/llm). Only ever picks what to look up, or words a passage answer. */
export interface LanguageModel {
  understand(question: string, ctx: { offices: OfficeRef[]; metrics: { key: string; zh: string; en: string }[]; years: number[]; now: Date }): Promise<LlmReading | null>;
  writeAnswer?(question: string, passages: { id: string; office: string; year: number; part: string; text: string }[], lang: Lang): Promise<{ text: string; citations: string[] } | { refused: string }>;
}
export interface LlmReading {
  shape: Query['shape'] | 'unknown';
  officeIds: number[];
  metricKey: string | null;
  year: number | null;
  relativeYear: number | null;
  rank?: { order: 'desc' | 'asc'; n: number };
  lang: Lang;
}

/**
 * Numbers stated in the prose (微博投诉68条), for questions that name no table row:
 * tried before passage search. Returns null when it holds nothing for the question.
 */
export type ProseFactsHook = (query: Query, offices: OfficeRef[], store: Store, now: Date) => Answer | null | Promise<Answer | null>;

export interface AskerOptions {
  store: Store;
  /** Prose facts between the tables and passage search: src/ask/prose-facts.ts unless given (null: none). */
  proseFacts?: ProseFactsHook | null;
  retriever?: Retriever | null;
  llm?: LanguageModel | null;
  /** The clock, for 今年/去年. */
  now?: () => Date;
  /**
   * Build the pinyin and sound-alike tables at start (default true: a bot's answers never
   * pay for them). false for a one-shot `ask`: only a question that needs them builds them.
   */
  warm?: boolean;
}

export interface Asker {
  /**
   * One answer. `context` is what the previous answer to the same person returned
   * (`answer.context`), when the caller judges it fresh (ten minutes in the bot):
   * a follow-up (那部分公开呢, 城郊呢, 去年呢) takes office, metric and year from it.
   */
  ask(question: string, context?: AskContext | null): Promise<Answer>;
  /** Rebuild the office index after an ingest. */
  refresh(): void;
}

/** Longest question the engine reads. */
export const MAX_QUESTION = 300;

const fmtNum = (v: number) => (Number.isInteger(v) ? String(v) : String(Number(v.toFixed(4))));

export function createAsker(opts: AskerOptions): Asker {
  const now = opts.now ?? (() => new Date());
  const warm = opts.warm ?? true;
  let index = buildIndex(opts.store, warm);

  const engine = {
    refresh() {
      index = buildIndex(opts.store, warm);
    },
    async ask(question: string, context?: AskContext | null): Promise<Answer> {
      const q = question.trim();
      if (!q) return unknownAnswer('zh');
      // A question is a sentence; a pasted document is not, and would cost every lookup dearly.
      if (q.length > MAX_QUESTION) {
        const en = /^[\x00-\x7f]*$/.test(q.slice(0, 200));
        return { answer: en ? `That is too long for a question: please ask in one sentence (under ${MAX_QUESTION} characters).` : `问题太长了，请用一句话提问（${MAX_QUESTION} 字以内）。`, kind: 'unknown', value: null, facts: [], sources: [] };
      }
      let u = understand(q, { index, previous: context ?? null });
      if (opts.llm && (!u.ok ? u.kind === 'unknown' && !u.final : u.query.shape === 'passage' && !u.query.metric && u.query.officeIds.length === 0)) {
        const fromLlm = await readWithLlm(q, u, opts.llm, index, opts.store, now());
        if (fromLlm) u = fromLlm;
      }
      // "and 洛北?" after "What problems did 城郊 report?": the last question again, of the new office.
      if (u.ok && context?.question && context.officeWords?.length === 1 && u.query.officeWords?.length === 1 && !u.query.metric && u.query.shape === 'passage' && isBareFollowUp(q)) {
        const again = context.question.replace(context.officeWords[0], u.query.officeWords[0]);
        const re = again !== context.question ? understand(again, { index, previous: null }) : null;
        if (re?.ok) u = { ok: true, query: { ...re.query, lang: u.query.lang, carried: ['question'] } };
      }
      // A question not understood leaves the previous context as it was.
      if (!u.ok) return { answer: u.message, kind: u.kind, value: null, facts: [], sources: [], ...(context ? { context } : {}) };
      // "Problems" may mean part 五's own items, the checks' findings, or both (src/ask/problems.ts).
      const answer = answerProblems(u.query, opts.store, now()) ?? (await execute(u.query, opts.store, index, opts, now()));
      return finish(answer, u.query, index);
    },
  };
  return engine;
}

function buildIndex(store: Store, warm: boolean): OfficeIndex {
  const index = new OfficeIndex(store.listOffices().map((o) => ({ id: o.id, name: o.name, region: o.region, kind: o.kind, aliases: o.aliases, ...(o.files ? { files: o.files } : {}) })));
  if (!warm) return index;
  // Warmed here, once per refresh: the pinyin tables are not built inside an answer.
  chineseOfPinyin('');
  return index.warm();
}

async function readWithLlm(q: string, rules: Understanding, llm: LanguageModel, index: OfficeIndex, store: Store, now: Date): Promise<Understanding | null> {
  const reading = await llm.understand(q, {
    offices: index.offices,
    metrics: allMetrics().map((m) => ({ key: m.key, zh: m.label.zh, en: m.label.en })),
    years: store.years(),
    now,
  });
  if (!reading || reading.shape === 'unknown') return null;
  const metric = reading.metricKey ? metricByKey(reading.metricKey) : null;
  if (reading.metricKey && !metric) return null;
  const known = new Set(index.offices.map((o) => o.id));
  if (reading.officeIds.some((id) => !known.has(id))) return null;
  const year: YearSpec = reading.year ? { kind: 'explicit', year: reading.year } : reading.relativeYear !== null ? { kind: 'relative', offset: reading.relativeYear } : { kind: 'latest' };
  const lang = rules.ok ? rules.query.lang : rules.lang;
  return { ok: true, query: { lang: reading.lang ?? lang, shape: reading.shape, officeIds: reading.officeIds, metric, year, text: q, ...(reading.rank ? { rank: reading.rank } : {}) } };
}

// ---------- reading values ----------

interface Reading {
  report: StoredReport;
  ids: FactId[];
  /** The number, or null when the report leaves it blank / does not have it. */
  value: number | null;
  /** Why value is null, for the user. */
  missing?: 'blank' | 'absent' | 'not_in_format';
  derived: boolean;
  approximate: boolean;
  findings: Finding[];
}

function read(report: StoredReport, metric: Metric): Reading {
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

function reportTitle(r: ReportSummary, lang: Lang): string {
  return lang === 'en' ? `${r.officeName} ${r.year} annual report (${path.basename(r.sourceFile)})` : `《${r.officeName}${r.year}年政府信息公开工作年度报告》（${path.basename(r.sourceFile)}）`;
}

function sourcesOf(reading: Reading, lang: Lang): AnswerSource[] {
  const r = reading.report;
  const out: AnswerSource[] = [];
  for (const id of reading.ids.filter((i) => i in r.provenance).slice(0, 8)) {
    const def = FACT_BY_ID.get(id)!;
    const prov = r.provenance[id];
    const lineText = lineOf(r.text, prov.line).replace(/\t+/g, ' | ').trim();
    const part = lang === 'en' ? `${TABLE_TITLES_EN[def.table]} · ${describeFactEn(id)}` : `${TABLE_TITLES[def.table]} · ${describeFact(id)}`;
    out.push({
      report: reportTitle(r, lang),
      part,
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

function unitOf(metric: Metric, lang: Lang): string {
  const u = metric.unit[lang];
  return lang === 'zh' ? u : u ? ` ${u}` : '';
}

function valueText(reading: Reading, metric: Metric, lang: Lang): string {
  if (reading.value === null) {
    const why = {
      blank: ['报告中该栏为空（未填写）', 'the report leaves this cell blank'],
      absent: ['报告中找不到这一项', 'the report does not show this figure'],
      not_in_format: [`该报告使用 ${reading.report.format} 版表格，没有这一项`, `the report uses the ${reading.report.format} template, which has no such figure`],
    }[reading.missing!];
    return lang === 'en' ? why[1] : why[0];
  }
  return `${fmtNum(reading.value)}${unitOf(metric, lang)}`;
}

function notes(reading: Reading, lang: Lang): string[] {
  const out: string[] = [];
  if (reading.approximate) {
    const cell = reading.report.provenance[reading.ids[0]]?.cell;
    out.push(lang === 'en' ? `(approximate: the report says "${cell}")` : `（约数：原文为“${cell}”）`);
  }
  if (reading.derived && reading.value !== null) {
    out.push(lang === 'en' ? `(derived: the sum of ${reading.ids.length} cells of the table)` : `（由表中 ${reading.ids.length} 个单元格相加得出）`);
  }
  for (const f of reading.findings.slice(0, 2)) {
    out.push(lang === 'en' ? `⚠ This report fails a check that touches this figure: ${findingBodyEn(f, reading.report.facts)}` : `⚠ 注意：该报告核查未通过，涉及此数：${f.message}`);
  }
  return out;
}

function factsOf(reading: Reading): AnswerFact[] {
  return reading.ids
    .filter((id) => id in reading.report.facts)
    .map((id) => ({ office: reading.report.office.name, year: reading.report.year, id, value: reading.report.facts[id] }));
}

// ---------- years ----------

function wantedYear(spec: YearSpec, now: Date): number | null {
  if (spec.kind === 'explicit') return spec.year;
  if (spec.kind === 'relative') return shanghaiYear(now) + spec.offset;
  return null;
}

function shanghaiYear(d: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(d));
}

/** The office's report for the asked year, else its latest with a note saying so. */
function reportFor(store: Store, officeId: number, spec: YearSpec, now: Date, lang: Lang, name: string): { report: StoredReport | null; note: string } {
  const reports = store.currentReports({ officeId }).sort((a, b) => b.year - a.year);
  if (reports.length === 0) return { report: null, note: lang === 'en' ? `No report from ${name} is stored.` : `还没有收录${name}的年报。` };
  const want = wantedYear(spec, now);
  const exact = want === null ? reports[0] : reports.find((r) => r.year === want);
  if (exact) return { report: store.getReport(exact.id), note: '' };
  const latest = reports[0];
  // A year the question names and the store lacks: no other year's number in its place.
  if (spec.kind === 'explicit') {
    const have = reports.map((r) => r.year).sort((a, b) => a - b);
    return { report: null, note: lang === 'en' ? `There is no ${want} report from ${name} (I have: ${have.join(', ')}).` : `没有${name} ${want} 年度的报告（已收录：${have.join('、')} 年度）。` };
  }
  return {
    report: store.getReport(latest.id),
    note: lang === 'en' ? `There is no ${want} report from ${name}; the latest is ${latest.year}:` : `没有${name} ${want} 年度的报告，以下是最新的 ${latest.year} 年度：`,
  };
}

/** The year for questions across offices: the asked year if any report has it, else the latest. */
function yearAcross(store: Store, spec: YearSpec, now: Date, lang: Lang): { year: number | null; note: string } {
  const years = store.years();
  if (years.length === 0) return { year: null, note: lang === 'en' ? 'No reports are stored yet.' : '还没有收录任何年报。' };
  const latest = years[years.length - 1];
  const want = wantedYear(spec, now);
  if (want === null || years.includes(want)) return { year: want ?? latest, note: '' };
  if (spec.kind === 'explicit') return { year: null, note: lang === 'en' ? `No reports for ${want} are stored (I have: ${years.join(', ')}).` : `还没有收录 ${want} 年度的报告（已收录：${years.join('、')} 年度）。` };
  return { year: latest, note: lang === 'en' ? `No reports for ${want} are stored; the latest year is ${latest}:` : `没有 ${want} 年度的报告，以下是最新的 ${latest} 年度：` };
}

// ---------- shapes ----------

/** A follow-up that names an office and little else: 城郊呢, and 洛北?, what about 只楚? */
function isBareFollowUp(q: string): boolean {
  const rest = q.replace(/[?？。.!！\s]+$/g, '');
  return (/呢$|^(?:and|what about|how about)\b/i.test(rest) && rest.length <= 24) || rest.length <= 6;
}

/** Says what was corrected or carried over, and leaves the context for a follow-up. */
function finish(answer: Answer, query: Query, index: OfficeIndex): Answer {
  const words = phrases(query.lang);
  const name = (id: number) => index.byId(id)?.name ?? String(id);
  const carried = query.carried ?? [];
  const notes = [
    query.understood?.length ? words.understood(query.understood) : '',
    carried.length
      ? words.carried({
          office: carried.includes('office') ? query.officeIds.map(name).join('、') : undefined,
          metric: carried.includes('metric') ? query.metric?.label[query.lang] : undefined,
          year: carried.includes('year') && query.year.kind === 'explicit' ? query.year.year : undefined,
          question: carried.includes('question') ? query.text : undefined,
        })
      : '',
  ].filter(Boolean);
  // The year as asked carries over; the year the answer was about (the latest, when
  // none was asked) is what 去年呢 counts back from.
  const answeredYears = [...new Set(answer.facts.map((f) => f.year))];
  const context: AskContext = {
    officeIds: query.officeIds,
    metricKey: query.metric?.key ?? null,
    year: query.year,
    ...(answeredYears.length === 1 ? { answeredYear: answeredYears[0] } : query.year.kind === 'explicit' ? { answeredYear: query.year.year } : {}),
    lang: query.lang,
    ...(query.shape === 'each' ? { shape: 'each' as const } : {}),
    ...(query.officeWords?.length ? { question: query.text, officeWords: query.officeWords } : {}),
  };
  return { ...answer, answer: [...notes, answer.answer].join('\n'), context };
}

async function execute(query: Query, store: Store, index: OfficeIndex, opts: AskerOptions, now: Date): Promise<Answer> {
  const { lang } = query;
  const offices = query.officeIds.map((id) => index.byId(id)!).filter(Boolean);
  if (query.addMetrics && query.moreMetrics?.length && offices.length === 1) return addedMetricsAnswer(query, offices[0], store, now);
  // Several metrics in one question: each answered in turn; a metric no report's format has is left out.
  if (query.moreMetrics?.length && query.metric) {
    const parts: Answer[] = [];
    for (const metric of [query.metric, ...query.moreMetrics]) parts.push(await execute({ ...query, metric, moreMetrics: undefined }, store, index, opts, now));
    const useful = parts.filter((a) => !(a.kind === 'unknown' && a.value === null));
    const shown = useful.length ? useful : parts.slice(0, 1);
    return {
      answer: shown.map((a) => a.answer).join('\n\n'),
      kind: shown.every((a) => a.kind === shown[0].kind) ? shown[0].kind : 'list',
      value: null,
      facts: shown.flatMap((a) => a.facts),
      sources: shown.flatMap((a) => a.sources),
    };
  }
  if (query.shape === 'sum' && offices.length >= 2) return namedSumAnswer(query, offices, store, now);
  if (query.shape === 'sum' && offices.length === 1 && (query.years?.length ?? 0) >= 2) return yearsSumAnswer(query, offices[0], store);
  switch (query.shape) {
    case 'fact':
      return factAnswer(query, offices[0], store, now);
    case 'findings':
      return findingsAnswer(query, offices, store, now);
    case 'compare':
      return compareAnswer(query, offices, store, now);
    case 'change':
      return changeAnswer(query, offices[0], store, now);
    case 'sum':
    case 'each':
    case 'rank':
    case 'which':
    case 'count':
      return acrossAnswer(query, store, index, now);
    case 'offices':
      return officesAnswer(query, store, index, now);
    case 'passage':
      return passageAnswer(query, offices, store, opts, now);
  }
  return unknownAnswer(lang);
}

function factAnswer(query: Query, office: OfficeRef, store: Store, now: Date): Answer {
  const { lang } = query;
  const metric = query.metric!;
  const { report, note } = reportFor(store, office.id, query.year, now, lang, office.name);
  if (!report) return { answer: note, kind: 'unknown', value: null, facts: [], sources: [] };
  const reading = read(report, metric);
  if (query.rate) return rateAnswer(query, report, reading, note);
  const words = phrases(lang);
  const head =
    query.exists && reading.value !== null
      ? words.exists({ value: reading.value, unit: unitOf(metric, lang), office: report.office.name, year: report.year, metric: metric.label[lang] })
      : query.claimed !== undefined && reading.value !== null
      ? words.yesNo({ claimed: query.claimed, value: reading.value, unit: unitOf(metric, lang), office: report.office.name, year: report.year, metric: metric.label[lang] })
      : lang === 'en'
        ? `${report.office.name}, ${report.year}: ${metric.label.en} — ${valueText(reading, metric, lang)}.`
        : `${report.office.name} ${report.year} 年度${metric.label.zh}：${valueText(reading, metric, lang)}。`;
  const sources = sourcesOf(reading, lang);
  const src = sources[0];
  const cite = src ? (lang === 'en' ? `Source: ${src.report}, ${src.part}, line ${src.line}.` : `来源：${src.report} ${src.part}（第 ${src.line} 行）`) : '';
  const answer = [note, head, ...notes(reading, lang), cite].filter(Boolean).join('\n');
  return { answer, kind: 'fact', value: reading.value, facts: factsOf(reading), sources };
}

/** 予以公开率 = 予以公开 ÷ 办理总计 (same column): derived, with its formula. */
function rateAnswer(query: Query, report: StoredReport, reading: Reading, note: string): Answer {
  const { lang } = query;
  const metric = query.metric!;
  const words = phrases(lang);
  const col = metric.key.split('.').pop()!;
  const base = metric.key.startsWith('apply.') && !/^apply\.(?:handled|received|carried_over|carried_forward)\./.test(metric.key) ? metricByKey(`apply.handled.${col}`) : null;
  if (!base) return { answer: [note, words.noRate(metric.label[lang])].filter(Boolean).join('\n'), kind: 'clarify', value: null, facts: [], sources: [] };
  const den = read(report, base);
  const office = report.office.name;
  const label = metric.label[lang].replace(/率$/, '');
  const facts = [...factsOf(reading), ...factsOf(den)];
  const sources = [...sourcesOf(reading, lang), ...sourcesOf(den, lang)];
  if (reading.value === null || den.value === null || den.value === 0) {
    const text = words.rateUndefined({ office, year: report.year, metric: label, base: base.label[lang], den: den.value === null ? null : reading.value === null ? -1 : 0 });
    return { answer: [note, text].filter(Boolean).join('\n'), kind: 'fact', value: null, facts, sources };
  }
  const ratio = reading.value / den.value;
  const pct = String(Number((ratio * 100).toFixed(1)));
  const text = words.rate({ office, year: report.year, metric: label, base: base.label[lang], num: reading.value, den: den.value, pct });
  const cite = sources.slice(0, 2).map((s) => (lang === 'en' ? `Source: ${s.report}, ${s.part}, line ${s.line}.` : `来源：${s.report} ${s.part}（第 ${s.line} 行）`));
  return { answer: [note, text, ...notes(reading, lang), ...cite].filter(Boolean).join('\n'), kind: 'fact', value: Number(ratio.toFixed(4)), facts, sources };
}

/** 洪泽区2023年和2024年一共收到多少申请: one office's figure over the years named, added (all of them, or nothing). */
function yearsSumAnswer(query: Query, office: OfficeRef, store: Store): Answer {
  const { lang } = query;
  const metric = query.metric!;
  const years = [...new Set(query.years!)].sort((a, b) => a - b);
  const reports = store.currentReports({ officeId: office.id });
  const missingYears = years.filter((y) => !reports.some((r) => r.year === y));
  if (missingYears.length) {
    const have = reports.map((r) => r.year).sort().join('、');
    return { answer: lang === 'en' ? `I have no ${missingYears.join(', ')} report from ${office.name} (I have: ${have}).` : `没有${office.name} ${missingYears.join('、')} 年度的报告（已有：${have}），无法相加。`, kind: 'unknown', value: null, facts: [], sources: [] };
  }
  const readings = years.map((y) => read(store.getReport(reports.find((r) => r.year === y)!.id)!, metric));
  const facts = readings.flatMap(factsOf);
  const sources = readings.flatMap((r) => sourcesOf(r, lang));
  if (readings.some((r) => r.value === null)) {
    return { answer: readings.map((r) => `${r.report.year}: ${valueText(r, metric, lang)}`).join('\n'), kind: 'unknown', value: null, facts, sources };
  }
  const u = unitOf(metric, lang);
  const total = readings.reduce((a, r) => a + r.value!, 0);
  const text = phrases(lang).yearsSum({ office: office.name, metric: metric.label[lang], years, total: `${fmtNum(total)}${u}`, parts: readings.map((r) => `${r.report.year}: ${fmtNum(r.value!)}${u}`) });
  const cites = sources.map((s) => (lang === 'en' ? `Source: ${s.report}, ${s.part}, line ${s.line}.` : `来源：${s.report} ${s.part}（第 ${s.line} 行）`));
  return { answer: [text, ...readings.flatMap((r) => notes(r, lang)), ...cites].join('\n'), kind: 'aggregate', value: total, facts, sources };
}

/** 城关镇行政许可和行政处罚一共多少件: several rows of one report, added (all of them, or nothing). */
function addedMetricsAnswer(query: Query, office: OfficeRef, store: Store, now: Date): Answer {
  const { lang } = query;
  const metrics = [query.metric!, ...(query.moreMetrics ?? [])];
  const { report, note } = reportFor(store, office.id, query.year, now, lang, office.name);
  if (!report) return { answer: note, kind: 'unknown', value: null, facts: [], sources: [] };
  const readings = metrics.map((m) => ({ m, r: read(report, m) }));
  const facts = readings.flatMap((x) => factsOf(x.r));
  const sources = readings.flatMap((x) => sourcesOf(x.r, lang));
  const units = new Set(metrics.map((m) => m.unit.zh));
  const lines = readings.map((x) => `${x.m.label[lang]}${lang === 'en' ? ': ' : '：'}${valueText(x.r, x.m, lang)}`);
  if (units.size > 1 || readings.some((x) => x.r.value === null)) {
    // Different units, or a figure missing: a sum would mislead.
    return { answer: [note, `${report.office.name} ${report.year}`, ...lines].filter(Boolean).join('\n'), kind: 'list', value: null, facts, sources };
  }
  const total = readings.reduce((a, x) => a + x.r.value!, 0);
  const u = unitOf(metrics[0], lang);
  const head = phrases(lang).yearsSum({ office: report.office.name, metric: metrics.map((m) => m.label[lang]).join(lang === 'en' ? ' + ' : '、'), years: [report.year], total: `${fmtNum(total)}${u}`, parts: lines });
  const cites = sources.map((s) => (lang === 'en' ? `Source: ${s.report}, ${s.part}, line ${s.line}.` : `来源：${s.report} ${s.part}（第 ${s.line} 行）`));
  return { answer: [note, head.replace(lang === 'en' ? 'the years added up' : '各年度相加', lang === 'en' ? 'the rows added up' : '各项相加'), ...readings.flatMap((x) => notes(x.r, lang)), ...cites].filter(Boolean).join('\n'), kind: 'aggregate', value: total, facts, sources };
}

/** 只楚和城关镇一共收到多少申请: the named offices added up (not compared). */
function namedSumAnswer(query: Query, offices: OfficeRef[], store: Store, now: Date): Answer {
  const { lang } = query;
  const metric = query.metric!;
  const readings: Reading[] = [];
  const gaps: string[] = [];
  for (const o of offices) {
    const { report, note } = reportFor(store, o.id, query.year, now, lang, o.name);
    if (!report) gaps.push(note);
    else {
      if (note) gaps.push(note);
      readings.push(read(report, metric));
    }
  }
  const missing = readings.filter((r) => r.value === null);
  if (gaps.length && readings.length < offices.length || missing.length) {
    // A sum with a part missing would be a wrong number: say what is missing instead.
    const lines = [...gaps, ...missing.map((r) => (lang === 'en' ? `${r.report.office.name}: ${valueText(r, metric, lang)}` : `${r.report.office.name}：${valueText(r, metric, lang)}`))];
    return { answer: lines.join('\n'), kind: 'unknown', value: null, facts: readings.flatMap(factsOf), sources: readings.flatMap((r) => sourcesOf(r, lang)) };
  }
  const total = readings.reduce((a, r) => a + r.value!, 0);
  const u = unitOf(metric, lang);
  const years = [...new Set(readings.map((r) => r.report.year))];
  const yearText = years.length === 1 ? (lang === 'en' ? `${years[0]}, ` : `${years[0]} 年度`) : '';
  const parts = readings.map((r) => `${r.report.office.name}${years.length > 1 ? `（${r.report.year}）` : ''} ${fmtNum(r.value!)}${u}`);
  const text = phrases(lang).namedSum({ year: yearText, offices: readings.map((r) => r.report.office.name), metric: metric.label[lang], total: `${fmtNum(total)}${u}`, parts });
  const sources = readings.flatMap((r) => sourcesOf(r, lang));
  const cites = sources.map((s) => (lang === 'en' ? `Source: ${s.report}, ${s.part}, line ${s.line}.` : `来源：${s.report} ${s.part}（第 ${s.line} 行）`));
  return { answer: [...gaps, text, ...readings.flatMap((r) => notes(r, lang)), ...cites].filter(Boolean).join('\n'), kind: 'aggregate', value: total, facts: readings.flatMap(factsOf), sources };
}

function findingsAnswer(query: Query, offices: OfficeRef[], store: Store, now: Date): Answer {
  const { lang } = query;
  if (offices.length === 0) {
    // Which reports fail their checks, across the year.
    const { year, note } = yearAcross(store, query.year, now, lang);
    if (year === null) return { answer: note, kind: 'unknown', value: null, facts: [], sources: [] };
    const rows = store.currentReports({ year }).map((r) => {
      const report = store.getReport(r.id)!;
      return { r, findings: report.findings, facts: report.facts };
    });
    const failing = rows.filter((x) => x.findings.length);
    const lines = failing.map((x) => `${x.r.officeName}：${x.findings.length} 项（${[...new Set(x.findings.map((f) => formatFinding(f).split('】')[0].slice(3)))].join('、')}）`);
    const answer =
      lang === 'en'
        ? [note, `${year}: ${failing.length} of ${phrases(lang).count(rows.length, 'report')} fail at least one check.`, ...failing.map((x) => `${x.r.officeName}: ${phrases(lang).count(x.findings.length, 'finding')} (${[...new Set(x.findings.map((f) => CHECK_NAMES_EN[f.code] ?? 'a check'))].join('; ')})`)].filter(Boolean).join('\n')
        : [note, `${year} 年度共 ${rows.length} 份报告，其中 ${failing.length} 份核查发现问题：`, ...lines, failing.length ? '发送“核查 单位名”查看详情。' : ''].filter(Boolean).join('\n');
    const excerpt = (x: (typeof failing)[number]) => (lang === 'en' ? findingBodyEn(x.findings[0], x.facts) : x.findings[0].message);
    return { answer, kind: 'list', value: failing.length, facts: [], sources: failing.map((x) => ({ report: reportTitle(x.r, lang), part: lang === 'en' ? 'checks' : '核查', excerpt: excerpt(x) })) };
  }
  const office = offices[0];
  const { report, note } = reportFor(store, office.id, query.year, now, lang, office.name);
  if (!report) return { answer: note, kind: 'unknown', value: null, facts: [], sources: [] };
  const title = reportTitle(report, lang);
  const body = report.findings.length
    ? lang === 'en'
      ? [`${title}: ${phrases(lang).count(report.findings.length, 'finding')}:`, ...report.findings.map((f) => findingEn(f, report.facts))]
      : [`${title}核查发现 ${report.findings.length} 项问题：`, ...report.findings.map(formatFinding)]
    : [lang === 'en' ? `${title}: passes every check.` : `${title}通过全部核查，未发现问题。`];
  return {
    answer: [note, ...body].filter(Boolean).join('\n'),
    kind: 'list',
    value: report.findings.length,
    facts: [],
    sources: report.findings.map((f) => (lang === 'en' ? { report: title, part: 'checks', excerpt: findingBodyEn(f, report.facts) } : { report: title, part: '核查', excerpt: f.message })),
  };
}

/** Office kinds in English, for scopes. */
const KIND_EN: Record<string, string> = { 街道: 'sub-districts', 乡镇: 'towns and townships', 部门: 'departments', 县级以上人民政府: 'governments' };


function compareAnswer(query: Query, offices: OfficeRef[], store: Store, now: Date): Answer {
  const { lang } = query;
  const metric = query.metric;
  if (!metric) {
    return { answer: lang === 'en' ? 'Compare them on what? For example: "compare applications received by A and B".' : '请说明比较哪一项，例如“只楚和城关镇谁收到的申请多”。', kind: 'clarify', value: null, facts: [], sources: [] };
  }
  const [a, b] = offices;
  const ra = reportFor(store, a.id, query.year, now, lang, a.name);
  const rb = reportFor(store, b.id, query.year, now, lang, b.name);
  if (!ra.report || !rb.report) return { answer: [ra.note, rb.note].filter(Boolean).join('\n'), kind: 'unknown', value: null, facts: [], sources: [] };
  const xa = read(ra.report, metric);
  const xb = read(rb.report, metric);
  const side = (x: Reading) => `${x.report.office.name}（${x.report.year}）${valueText(x, metric, lang)}`;
  const sideEn = (x: Reading) => `${x.report.office.name} (${x.report.year}): ${valueText(x, metric, lang)}`;
  let verdict = '';
  let diff: number | null = null;
  if (xa.value !== null && xb.value !== null) {
    diff = xa.value - xb.value;
    const more = diff >= 0 ? xa : xb;
    const less = diff >= 0 ? xb : xa;
    verdict =
      diff === 0
        ? lang === 'en' ? 'They are equal.' : '两者相同。'
        : lang === 'en'
          ? `${more.report.office.name} has ${fmtNum(Math.abs(diff))} more.`
          : `${more.report.office.name}比${less.report.office.name}多 ${fmtNum(Math.abs(diff))}${unitOf(metric, lang)}。`;
  }
  const answer =
    lang === 'en'
      ? [ra.note, rb.note, `${metric.label.en}: ${sideEn(xa)}; ${sideEn(xb)}.`, verdict, ...notes(xa, lang), ...notes(xb, lang)].filter(Boolean).join('\n')
      : [ra.note, rb.note, `${metric.label.zh}：${side(xa)}；${side(xb)}。`, verdict, ...notes(xa, lang), ...notes(xb, lang)].filter(Boolean).join('\n');
  return { answer, kind: 'compare', value: diff === null ? null : Math.abs(diff), facts: [...factsOf(xa), ...factsOf(xb)], sources: [...sourcesOf(xa, lang), ...sourcesOf(xb, lang)] };
}

function changeAnswer(query: Query, office: OfficeRef, store: Store, now: Date): Answer {
  const { lang } = query;
  const metric = query.metric!;
  const reports = store.currentReports({ officeId: office.id }).sort((a, b) => b.year - a.year);
  if (query.trend) return trendAnswer(query, office, reports, store);
  const want = wantedYear(query.year, now);
  const cur = want === null ? reports[0] : reports.find((r) => r.year === want);
  // 2024年比2023年: the year the question names; else the year before.
  const prevYear = query.years?.[0] ?? (cur ? cur.year - 1 : null);
  const prev = cur ? reports.find((r) => r.year === prevYear) : undefined;
  if (cur && !prev && prevYear === cur.year - 1) {
    // One stored year: the change the report itself states (比上年增长8%), quoted.
    const stated = statedChange(store.getReport(cur.id)!, metric);
    if (stated) {
      const text = phrases(lang).statedChange({ office: office.name, year: cur.year, line: stated.line, sentence: stated.sentence });
      return { answer: text, kind: 'passage', value: null, facts: [], sources: [{ report: reportTitle(cur, lang), part: lang === 'en' ? 'the report text' : '报告正文', excerpt: stated.sentence, line: stated.line }] };
    }
  }
  if (!cur || !prev) {
    const have = reports.map((r) => r.year).join('、') || (lang === 'en' ? 'none' : '无');
    return {
      answer: lang === 'en' ? `I need two consecutive years of ${office.name}'s reports to compare; I have: ${have}.` : `比较变化需要${office.name}相邻两个年度的报告，目前只有：${have} 年度。`,
      kind: 'unknown',
      value: null,
      facts: [],
      sources: [],
    };
  }
  const xc = read(store.getReport(cur.id)!, metric);
  const xp = read(store.getReport(prev.id)!, metric);
  let change = '';
  let delta: number | null = null;
  if (xc.value !== null && xp.value !== null) {
    delta = xc.value - xp.value;
    change =
      lang === 'en'
        ? delta === 0 ? 'No change.' : `${delta > 0 ? 'Up' : 'Down'} ${fmtNum(Math.abs(delta))}.`
        : delta === 0 ? '没有变化。' : `${delta > 0 ? '增加' : '减少'} ${fmtNum(Math.abs(delta))}${unitOf(metric, lang)}。`;
    if (delta !== 0 && xp.value !== 0) change += phrases(lang).changePct({ from: xp.value, to: xc.value, pct: fmtNum(Number(((delta / xp.value) * 100).toFixed(1))) });
  }
  const answer =
    lang === 'en'
      ? [`${office.name} — ${metric.label.en}: ${cur.year}: ${valueText(xc, metric, lang)}; ${prev.year}: ${valueText(xp, metric, lang)}.`, change, ...notes(xc, lang)].filter(Boolean).join('\n')
      : [`${office.name}${metric.label.zh}：${cur.year} 年度 ${valueText(xc, metric, lang)}，${prev.year} 年度 ${valueText(xp, metric, lang)}。`, change, ...notes(xc, lang)].filter(Boolean).join('\n');
  return { answer, kind: 'compare', value: delta, facts: [...factsOf(xc), ...factsOf(xp)], sources: [...sourcesOf(xc, lang), ...sourcesOf(xp, lang)] };
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
const CHANGE_WORDS = /(?:比上年|较上年|比去年|较去年|同比|与上年相比|与去年相比|与往年相比|比往年|较往年|较2\d{3}年|比2\d{3}年)[^。；;]*?(?:增长|增加|上升|下降|减少|降低|持平|多|少)[^。；;]*/;

/** The report's own sentence stating this metric's change on the year before, with its line. */
function statedChange(report: StoredReport, metric: Metric): { sentence: string; line: number } | null {
  const words = METRIC_WORDS.find(([k]) => k.test(metric.key))?.[1];
  if (!words) return null;
  const lines = report.text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    for (const sentence of lines[i].split(/(?<=[。；;])/)) {
      if (CHANGE_WORDS.test(sentence) && words.test(sentence) && /\d/.test(sentence.replace(/(?:19|20)\d{2}年/g, ''))) return { sentence: sentence.trim(), line: i + 1 };
    }
  }
  return null;
}

/** 近三年, 哪一年最多: every stored year of one office (or the last n), and the peak. */
function trendAnswer(query: Query, office: OfficeRef, reports: ReportSummary[], store: Store): Answer {
  const { lang } = query;
  const metric = query.metric!;
  const words = phrases(lang);
  const asc = reports.slice().sort((a, b) => a.year - b.year);
  const n = query.trend?.years ?? null;
  const shown = n ? asc.slice(-n) : asc;
  if (shown.length < 2) {
    const only = asc.at(-1);
    const stated = only ? statedChange(store.getReport(only.id)!, metric) : null;
    const lines = [words.trendOnly({ office: office.name, have: asc.map((r) => r.year), asked: n })];
    const one = only ? read(store.getReport(only.id)!, metric) : null;
    if (one) lines.push(words.trendLine({ year: one.report.year, value: valueText(one, metric, lang) }));
    if (stated && only) lines.push(words.statedChange({ office: office.name, year: only.year, line: stated.line, sentence: stated.sentence }));
    return { answer: lines.join('\n'), kind: 'unknown', value: null, facts: [], sources: [] };
  }
  const readings = shown.map((r) => read(store.getReport(r.id)!, metric));
  const lines = readings.map((x) => words.trendLine({ year: x.report.year, value: valueText(x, metric, lang) }));
  const known = readings.filter((x) => x.value !== null);
  const ask = /最少|最低|fewest|least|lowest/i.test(query.text) ? 'min' : 'max';
  const peakValue = known.length ? (ask === 'min' ? Math.min : Math.max)(...known.map((x) => x.value!)) : null;
  const peak = peakValue === null ? '' : words.trendPeak({ years: known.filter((x) => x.value === peakValue).map((x) => x.report.year), value: `${fmtNum(peakValue)}${unitOf(metric, lang)}`, most: ask === 'max' });
  const answer = [words.trendHead({ office: office.name, metric: metric.label[lang], years: shown.map((r) => r.year) }), ...lines, peak, ...readings.flatMap((x) => notes(x, lang))].filter(Boolean).join('\n');
  return { answer, kind: 'list', value: peakValue, facts: readings.flatMap(factsOf), sources: readings.flatMap((x) => sourcesOf(x, lang)) };
}

/** A number of one report read from the fact rows alone (no text): for sums and rankings over many reports. */
interface LightReading {
  summary: ReportSummary;
  ids: FactId[];
  /** The cells read, by canonical id (a derived value lists each of its cells). */
  cells: { id: FactId; value: number | null }[];
  value: number | null;
  derived: boolean;
  approximate: boolean;
  findings: Finding[];
}

function readAcross(store: Store, summaries: ReportSummary[], metric: Metric, year: number): LightReading[] {
  const values = new Map<string, { value: number | null; approximate: boolean }>();
  for (const id of new Set([...metric.ids['2019'], ...metric.ids['2021']])) {
    for (const v of store.factValues(id, year)) values.set(`${v.reportId}|${id}`, { value: v.value, approximate: v.approximate });
  }
  const findings = store.findingsByReport(year);
  return summaries.map((summary) => {
    const ids = metric.ids[summary.format];
    const cells = ids.flatMap((id) => {
      const v = values.get(`${summary.id}|${id}`);
      return v ? [{ id, value: v.value }] : [];
    });
    const present = ids.map((id) => values.get(`${summary.id}|${id}`)).filter((v) => v !== undefined);
    const nums = present.map((v) => v.value).filter((v): v is number => typeof v === 'number');
    return {
      summary,
      ids,
      cells,
      value: nums.length ? nums.reduce((a, b) => a + b, 0) : null,
      derived: ids.length > 1,
      approximate: nums.length > 0 && present.some((v) => v.approximate),
      findings: (findings.get(summary.id) ?? []).filter((f) => f.ids.some((id) => ids.includes(id))),
    };
  });
}

function acrossAnswer(query: Query, store: Store, index: OfficeIndex, now: Date): Answer {
  const { lang } = query;
  const metric = query.metric!;
  const { year, note } = yearAcross(store, query.year, now, lang);
  if (year === null) return { answer: note, kind: 'unknown', value: null, facts: [], sources: [] };
  let summaries = store.currentReports({ year });
  let scope = lang === 'en' ? 'all offices' : '全部单位';
  if (query.region) {
    const inRegion = new Set(index.offices.filter((o) => officeInRegion(o, query.region!)).map((o) => o.id));
    summaries = summaries.filter((r) => inRegion.has(r.officeId));
    scope = lang === 'en' ? `offices in ${query.region}` : `${query.region}的单位`;
  }
  // 各街道一共…: only the offices of that kind are added.
  if (query.officeKind) {
    const ofKind = new Set(index.offices.filter((o) => o.kind === query.officeKind).map((o) => o.id));
    summaries = summaries.filter((r) => ofKind.has(r.officeId));
    scope = lang === 'en' ? `${scope} (${KIND_EN[query.officeKind] ?? query.officeKind} only)` : `${scope}中的${query.officeKind}`;
  }
  // "收费情况" over 2019-format reports: the 2021 amount row is not theirs; say so, no 0 sum.
  if (summaries.length && summaries.every((r) => metric.ids[r.format].length === 0)) {
    const formats = [...new Set(summaries.map((r) => r.format))].join('/');
    return { answer: lang === 'en' ? `${year}: the reports use the ${formats} template, which has no row "${metric.label.en}".` : `${year} 年度的报告使用 ${formats} 版表格，没有「${metric.label.zh}」这一项。`, kind: 'unknown', value: null, facts: [], sources: [] };
  }
  const readings = readAcross(store, summaries, metric, year);
  const withValue = readings.filter((r) => r.value !== null);
  const without = readings.filter((r) => r.value === null);
  const u = unitOf(metric, lang);
  const label = metric.label[lang];
  const name = (r: LightReading) => r.summary.officeName;
  const missingNote = without.length
    ? lang === 'en'
      ? `(${phrases(lang).count(without.length, 'report')} ${without.length === 1 ? 'does' : 'do'} not give this figure and ${without.length === 1 ? 'is' : 'are'} left out: ${without.slice(0, 5).map(name).join(', ')}${without.length > 5 ? ' …' : ''})`
      : `（${without.length} 份报告没有填写此项，未计入：${without.slice(0, 5).map(name).join('、')}${without.length > 5 ? ' 等' : ''}）`
    : '';
  const flagNote = (shown: LightReading[]) => {
    const flagged = shown.filter((r) => r.approximate || r.findings.length);
    if (!flagged.length) return '';
    return lang === 'en'
      ? `⚠ ${flagged.length} of these values are approximate or come from reports that fail a check touching them: ${flagged.slice(0, 5).map(name).join(', ')}`
      : `⚠ 其中 ${flagged.length} 个数为约数或所在报告相关核查未通过：${flagged.slice(0, 5).map(name).join('、')}`;
  };
  const factsOfLight = (rs: LightReading[]): AnswerFact[] => rs.flatMap((r) => r.cells.map((c) => ({ office: name(r), year: r.summary.year, id: c.id, value: c.value })));
  // Sources cite the cells of the offices shown: only those reports are loaded whole.
  const sourcesFor = (rs: LightReading[]) => rs.slice(0, 10).flatMap((r) => sourcesOf(read(store.getReport(r.summary.id)!, metric), lang).slice(0, 1));
  const derivedNote = withValue.some((r) => r.derived) ? (lang === 'en' ? "(each office's figure is derived by adding cells of its table)" : '（各单位数值由表中相应单元格相加得出）') : '';

  if (query.shape === 'sum') {
    const total = withValue.reduce((a, r) => a + r.value!, 0);
    const nonzero = withValue.filter((r) => r.value !== 0).sort((a, b) => b.value! - a.value!);
    const parts = nonzero.slice(0, 8).map((r) => `${name(r)} ${fmtNum(r.value!)}${u}`);
    const rest = withValue.length - nonzero.length;
    const answer =
      lang === 'en'
        ? [note, `${year}, ${scope} (${phrases(lang).count(withValue.length, 'report')}): ${label} — ${fmtNum(total)}${u} in total.`, parts.length ? `Of which: ${parts.join('; ')}${nonzero.length > 8 ? '; …' : ''}${rest ? `; 0 for the other ${rest === 1 ? 'office' : `${rest} offices`}` : ''}.` : '', derivedNote, missingNote, flagNote(withValue)].filter(Boolean).join('\n')
        : [note, `${year} 年度${scope}（${withValue.length} 份报告）${label}合计 ${fmtNum(total)}${u}。`, parts.length ? `其中：${parts.join('；')}${nonzero.length > 8 ? '……' : ''}${rest ? `；其余 ${rest} 个单位为 0` : ''}。` : '', derivedNote, missingNote, flagNote(withValue)].filter(Boolean).join('\n');
    return { answer, kind: 'aggregate', value: total, facts: factsOfLight(withValue), sources: sourcesFor(nonzero) };
  }
  if (query.shape === 'rank') {
    const rank = query.rank ?? { order: 'desc', n: 10 };
    const sorted = withValue.slice().sort((a, b) => (rank.order === 'desc' ? b.value! - a.value! : a.value! - b.value!) || name(a).localeCompare(name(b), 'zh'));
    let top = sorted.slice(0, rank.n);
    // Ties at the cut are all shown: "the most" may be several offices.
    const edge = top.at(-1)?.value;
    if (edge !== undefined) top = sorted.filter((r, i) => i < rank.n || r.value === edge).slice(0, Math.max(rank.n, 20));
    const word = lang === 'en' ? (rank.order === 'desc' ? 'most' : 'fewest') : rank.order === 'desc' ? '最多' : '最少';
    const lines = top.map((r, i) => `${i + 1}. ${name(r)} ${fmtNum(r.value!)}${u}${r.approximate ? (lang === 'en' ? ' (approx.)' : '（约数）') : ''}`);
    const ties = sorted.filter((r) => r.value === edge).length;
    const tie = top.length > rank.n || ties > top.filter((r) => r.value === edge).length ? (lang === 'en' ? `(${ties} offices have ${fmtNum(edge!)})` : `（有 ${ties} 个单位为 ${fmtNum(edge!)}${u}，并列）`) : '';
    const shownFlagged = top.filter((r) => r.findings.length);
    const rankFlag = shownFlagged.length
      ? lang === 'en'
        ? `⚠ Reports failing a check that touches this figure: ${shownFlagged.map(name).join(', ')}`
        : `⚠ 以下单位的报告相关核查未通过，请留意：${shownFlagged.map(name).join('、')}`
      : '';
    const answer =
      lang === 'en'
        ? [note, `${year}, ${label} — ${word} first (${scope}, ${phrases(lang).count(withValue.length, 'report')}):`, ...lines, tie, derivedNote, missingNote, rankFlag].filter(Boolean).join('\n')
        : [note, `${year} 年度${label}${word}的单位（${scope}，共 ${withValue.length} 份报告）：`, ...lines, tie, derivedNote, missingNote, rankFlag].filter(Boolean).join('\n');
    return { answer, kind: 'list', value: top.length && (top.length === 1 || rank.n === 1) ? top[0].value : null, facts: factsOfLight(top), sources: sourcesFor(top) };
  }
  if (query.shape === 'each') return eachAnswer(query, readings, { year, note, scope: eachScope(query), unit: u, derivedNote, flagNote: flagNote(withValue), facts: factsOfLight, sources: sourcesFor });
  const positive = withValue.filter((r) => r.value! > 0).sort((a, b) => b.value! - a.value!);
  if (query.shape === 'count') {
    const answer =
      lang === 'en'
        ? [note, `${year}: ${positive.length} of ${phrases(lang).count(readings.length, 'office')} ${positive.length === 1 ? 'reports' : 'report'} ${label} above zero.`, positive.length ? positive.slice(0, 10).map((r) => `${name(r)} (${fmtNum(r.value!)})`).join(', ') : '', missingNote].filter(Boolean).join('\n')
        : [note, `${year} 年度共 ${readings.length} 个单位，其中 ${positive.length} 个单位${label}不为 0${positive.length ? `：${positive.slice(0, 10).map((r) => `${name(r)}（${fmtNum(r.value!)}${u}）`).join('、')}${positive.length > 10 ? ' 等' : ''}` : ''}。`, missingNote].filter(Boolean).join('\n');
    return { answer, kind: 'aggregate', value: positive.length, facts: factsOfLight(positive), sources: sourcesFor(positive) };
  }
  // which
  const answer =
    lang === 'en'
      ? [note, positive.length ? `${year}: offices with ${label} above zero (${positive.length} of ${readings.length}):` : `${year}: none of the ${phrases(lang).count(readings.length, 'office')} reports ${label} above zero.`, ...positive.slice(0, 20).map((r) => `- ${name(r)}: ${fmtNum(r.value!)}${u}`), missingNote].filter(Boolean).join('\n')
      : [note, positive.length ? `${year} 年度${label}不为 0 的单位有 ${positive.length} 个（共 ${readings.length} 个单位）：` : `${year} 年度 ${readings.length} 个单位中，没有单位${label}大于 0。`, ...positive.slice(0, 20).map((r) => `· ${name(r)}：${fmtNum(r.value!)}${u}`), positive.length > 20 ? `……等 ${positive.length} 个` : '', missingNote].filter(Boolean).join('\n');
  return { answer, kind: 'list', value: positive.length, facts: factsOfLight(positive), sources: sourcesFor(positive) };
}

/** Offices an 'each' list shows in a message a group can read; the rest are counted. */
const EACH_SHOWN = 20;

/** 各单位 / 芝罘区各单位 / 各街道, as the head of an 'each' list says it. */
function eachScope(query: Query): string {
  const kind = query.officeKind;
  if (query.lang === 'en') return [query.region ? `in ${query.region}` : '', kind ? `${KIND_EN[kind] ?? kind} only` : ''].filter(Boolean).join(', ');
  return `${query.region ?? ''}${kind ? `各${kind}` : '各单位'}`;
}

/**
 * 各单位…情况: each office's own figure, one line each (most first, blanks last),
 * never added up: the question asked for no sum.
 */
function eachAnswer(
  query: Query,
  readings: LightReading[],
  w: { year: number; note: string; scope: string; unit: string; derivedNote: string; flagNote: string; facts: (rs: LightReading[]) => AnswerFact[]; sources: (rs: LightReading[]) => AnswerSource[] },
): Answer {
  const { lang } = query;
  const metric = query.metric!;
  const name = (r: LightReading) => r.summary.officeName;
  // A report whose template has no such row is not "blank": it is set apart and said so.
  const outOfFormat = readings.filter((r) => r.ids.length === 0);
  readings = readings.filter((r) => r.ids.length > 0);
  const formatNote = outOfFormat.length
    ? lang === 'en'
      ? `(${phrases(lang).count(outOfFormat.length, 'report')} ${outOfFormat.length === 1 ? 'uses' : 'use'} the ${[...new Set(outOfFormat.map((r) => r.summary.format))].join('/')} template, which has no such row: ${outOfFormat.slice(0, 5).map(name).join(', ')}${outOfFormat.length > 5 ? ' …' : ''})`
      : `（${outOfFormat.length} 份报告使用 ${[...new Set(outOfFormat.map((r) => r.summary.format))].join('/')} 版表格，没有这一项：${outOfFormat.slice(0, 5).map(name).join('、')}${outOfFormat.length > 5 ? ' 等' : ''}）`
    : '';
  const sorted = readings.slice().sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity) || name(a).localeCompare(name(b), 'zh'));
  const shown = sorted.slice(0, EACH_SHOWN);
  const rest = sorted.length - shown.length;
  const blank = lang === 'en' ? 'not given in the report' : '报告未填写';
  const approx = lang === 'en' ? ' (approx.)' : '（约数）';
  const lines = shown.map((r) =>
    lang === 'en'
      ? `- ${name(r)}: ${r.value === null ? blank : `${fmtNum(r.value)}${w.unit}${r.approximate ? approx : ''}`}`
      : `· ${name(r)}：${r.value === null ? blank : `${fmtNum(r.value)}${w.unit}${r.approximate ? approx : ''}`}`,
  );
  const head =
    lang === 'en'
      ? `${w.year}, ${metric.label.en} — office by office (${phrases(lang).count(readings.length, 'office')}${w.scope ? `, ${w.scope}` : ''}; not added up):`
      : `${w.year} 年度${w.scope}${metric.label.zh}（共 ${readings.length} 个单位，逐个列出，未相加）：`;
  const more = rest
    ? lang === 'en'
      ? `… and ${phrases(lang).count(rest, 'more office')} (the ${EACH_SHOWN} with the most are shown; ask about one office by name).`
      : `……另有 ${rest} 个单位未列出（按数值从多到少列出前 ${EACH_SHOWN} 个；问某个单位请指明单位名）。`
    : '';
  const none = readings.length ? '' : lang === 'en' ? 'No report of that year is stored for these offices.' : '这些单位没有该年度的报告。';
  const withValue = shown.filter((r) => r.value !== null);
  return {
    answer: [w.note, head, ...lines, more, none, formatNote, w.derivedNote, w.flagNote].filter(Boolean).join('\n'),
    kind: 'list',
    value: null,
    facts: w.facts(withValue),
    sources: w.sources(withValue),
  };
}

function officesAnswer(query: Query, store: Store, index: OfficeIndex, now: Date): Answer {
  const { lang } = query;
  const explicit = query.year.kind !== 'latest';
  const { year, note } = explicit ? yearAcross(store, query.year, now, lang) : { year: null, note: '' };
  const reports = store.currentReports(year ? { year } : {});
  const yearsBy = new Map<number, number[]>();
  for (const r of reports) yearsBy.set(r.officeId, [...(yearsBy.get(r.officeId) ?? []), r.year].sort());
  const offices = index.offices.filter((o) => yearsBy.has(o.id) && (!query.officeKind || o.kind === query.officeKind));
  if (query.region) {
    const region = query.region;
    const inRegion = offices.filter((o) => officeInRegion(o, region));
    const words = phrases(lang);
    const text = inRegion.length ? words.regionOffices({ region, names: inRegion.map((o) => `${o.name}${lang === 'en' ? ` (${yearsBy.get(o.id)!.join(', ')})` : `（${yearsBy.get(o.id)!.join('、')}）`}`) }) : words.noRegionOffices(region);
    return { answer: [note, text].filter(Boolean).join('\n'), kind: 'list', value: inRegion.length, facts: [], sources: [] };
  }
  const byRegion = new Map<string, OfficeRef[]>();
  for (const o of offices) {
    const key = o.region ?? (lang === 'en' ? '(region not stated)' : '（地区未写明）');
    byRegion.set(key, [...(byRegion.get(key) ?? []), o]);
  }
  const lines = [...byRegion.entries()]
    .sort((a, b) => a[0].localeCompare(b[0], 'zh'))
    .flatMap(([region, list]) =>
      lang === 'en'
        ? [`${region}:`, ...list.map((o) => `  · ${o.name} (${yearsBy.get(o.id)!.join(', ')})`)]
        : [`${region}：`, ...list.map((o) => `  · ${o.name}（${yearsBy.get(o.id)!.join('、')}）`)],
    );
  const head =
    lang === 'en'
      ? year ? `${phrases(lang).count(offices.length, 'office')} ${offices.length === 1 ? 'has' : 'have'} filed a ${year} report:` : `I have reports from ${phrases(lang).count(offices.length, 'office')} (years in brackets):`
      : year ? `${year} 年度已收录 ${offices.length} 个单位的报告：` : `已收录 ${offices.length} 个单位的年报（括号内为年度）：`;
  return { answer: [note, head, ...lines].filter(Boolean).join('\n'), kind: 'list', value: offices.length, facts: [], sources: [] };
}

const DATE_QUESTION = /落款|日期|哪天|什么时候(?:发布|印发|公布|出的|写的|签发)|何时(?:发布|印发|公布)|\bdated?\b|\bwhen\b.*\b(?:published|issued|signed|written)\b/i;

/** When was the report dated: the 落款 the parser read, or that it has none. */
function dateAnswer(query: Query, office: OfficeRef, store: Store, now: Date): Answer {
  const { lang } = query;
  const { report, note } = reportFor(store, office.id, query.year, now, lang, office.name);
  if (!report) return { answer: note, kind: 'unknown', value: null, facts: [], sources: [] };
  const title = reportTitle(report, lang);
  if (!report.reportDate) {
    const answer = lang === 'en' ? `${title} carries no date of its own (no 落款 date at its end).` : `${title}末尾没有写明落款日期。`;
    return { answer: [note, answer].filter(Boolean).join('\n'), kind: 'fact', value: null, facts: [], sources: [{ report: title, part: lang === 'en' ? 'end of the report' : '报告末尾', excerpt: '' }] };
  }
  const [y, m, d] = report.reportDate.split('-').map(Number);
  const lines = report.text.split('\n');
  const at = lines.findIndex((l, i) => i >= lines.length - 12 && l.replace(/\s/g, '').includes(`${y}年${m}月${d}日`));
  const dateFinding = report.findings.find((f) => f.code === 'date');
  const answer =
    lang === 'en'
      ? `${title} is dated ${report.reportDate}.`
      : `${title}的落款日期为 ${y}年${m}月${d}日。`;
  const warn = dateFinding ? (lang === 'en' ? `⚠ ${findingSentenceEn(dateFinding, report.facts)}` : `⚠ 注意：${dateFinding.message}`) : '';
  return {
    answer: [note, answer, warn].filter(Boolean).join('\n'),
    kind: 'fact',
    value: null,
    facts: [],
    sources: [{ report: title, part: lang === 'en' ? 'date at the end (落款)' : '落款', excerpt: at >= 0 ? lines[at].trim() : report.reportDate, ...(at >= 0 ? { line: at + 1 } : {}) }],
  };
}

async function passageAnswer(query: Query, offices: OfficeRef[], store: Store, opts: AskerOptions, now: Date): Promise<Answer> {
  const { lang } = query;
  if (offices.length === 1 && DATE_QUESTION.test(query.text)) return dateAnswer(query, offices[0], store, now);
  // The question names no table row: numbers stated in the prose first, then passages.
  const prose = opts.proseFacts === undefined ? proseFactsHook : opts.proseFacts;
  if (prose) {
    const fromProse = await prose(query, offices, store, now);
    if (fromProse) return fromProse;
  }
  if (!opts.retriever) return unknownAnswer(lang);
  const officeIds = offices.map((o) => o.id);
  const want = wantedYear(query.year, now);
  const years = store.years();
  const year = want !== null && years.includes(want) ? want : undefined;
  // English questions search the Chinese text through the glossary of the reports' words.
  const searchText = lang === 'en' ? expandQuery(query.text) : query.text;
  const found = await opts.retriever.search(searchText, { officeIds: officeIds.length ? officeIds : undefined, year, k: 10 });
  // A passage must share words with the question: a hit the dense ranking alone
  // found is too weak to quote as an answer.
  const lexical = found.filter((h) => (h as Partial<Hit>).bm25Rank !== undefined);
  const part = partHint(query.text);
  // The closing 落款 (office and date) answers only a question about it: "what does part 六
  // say" must quote part 六's text, not the signature that ends it.
  const aboutSignature = /落款|署名|日期|dated|signed|signature/i.test(query.text);
  const ranked = aboutSignature ? lexical : [...lexical.filter((h) => h.chunk.section !== SIGNATURE_SECTION), ...lexical.filter((h) => h.chunk.section === SIGNATURE_SECTION)];
  // "What does part 六 say": the part from its start, not its best-matching sentence.
  const wholePart = part !== null && /写了(?:些)?什么|说了(?:些)?什么|讲了(?:些)?什么|(?:有|是)(?:哪些|什么)内容|内容是什么|what does .* say|what(?:'s| is) in/i.test(query.text);
  const inPart = ranked.filter((h) => h.chunk.part === part);
  if (wholePart && inPart.length) {
    // Within the best-matching report (the latest, when the question names no year).
    const lead = inPart[0].chunk.reportId;
    inPart.sort((a, b) => Number(b.chunk.reportId === lead) - Number(a.chunk.reportId === lead) || (a.chunk.reportId === lead ? a.chunk.line - b.chunk.line : 0));
  }
  const hits = (part === null ? ranked : [...inPart, ...ranked.filter((h) => h.chunk.part !== part)]).slice(0, 3);
  if (hits.length === 0) return unknownAnswer(lang);
  const best = hits[0];
  const sentences = opts.retriever.quote ? opts.retriever.quote(best, searchText) : [best.chunk.text];
  const quote = sentences.join('').trim();
  const partName = best.chunk.part ? best.chunk.partHeading : lang === 'en' ? 'the opening' : '开头';
  const sources: AnswerSource[] = hits.map((h) => ({
    report: lang === 'en' ? `${h.chunk.office} ${h.chunk.year} annual report` : `《${h.chunk.office}${h.chunk.year}年政府信息公开工作年度报告》`,
    part: h.chunk.partHeading,
    excerpt: h.chunk.text.length > 200 ? `${h.chunk.text.slice(0, 197)}…` : h.chunk.text,
    line: h.chunk.line,
  }));
  const extractive =
    lang === 'en'
      ? `From ${best.chunk.office}'s ${best.chunk.year} report (${partName}, line ${best.chunk.line}):\n“${quote}”`
      : `${best.chunk.office} ${best.chunk.year} 年度报告「${partName}」（第 ${best.chunk.line} 行）写道：\n“${quote}”`;
  let answer = extractive;
  if (opts.llm?.writeAnswer) {
    const passages = hits.map((h, i) => ({ id: String(i + 1), office: h.chunk.office, year: h.chunk.year, part: h.chunk.partHeading, text: h.chunk.text }));
    const written = await opts.llm.writeAnswer(query.text, passages, lang).catch(() => null);
    if (written && 'text' in written) answer = `${written.text}\n${lang === 'en' ? 'Sources: ' : '出处：'}${written.citations.map((c) => `[${c}] ${sources[Number(c) - 1]?.report ?? ''}`).join('；')}`;
  }
  return { answer, kind: 'passage', value: null, facts: [], sources };
}

/** The part a question is about when it names one by its subject (存在的问题 → part 5). */
function partHint(q: string): number | null {
  if (/存在的?(?:主要)?问题|不足|改进|整改|下一?步(?:打算|工作|计划)?|main problems|shortcoming|improve/i.test(q)) return 5;
  if (/其他需要报告|信息处理费|落款|署名|日期|other matters|processing fee|dated|signed/i.test(q)) return 6;
  if (/行政复议|行政诉讼|复议|诉讼/.test(q)) return 4;
  return null;
}

export function unknownAnswer(lang: Lang): Answer {
  return { answer: helpText(lang, true), kind: 'unknown', value: null, facts: [], sources: [] };
}
