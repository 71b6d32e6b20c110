// Two kinds of "problems": what a report itself says is wrong with its work (part 五,
// 存在的主要问题, every item), and what our checks find wrong with the report (the
// findings). A question that names one gets that one; one that could mean either
// (只楚的报告有什么问题) gets both, each labelled. Items are read from the stored text
// by the parser's own part-五 reader; nothing here makes up a word or a number.
import path from 'node:path';
import { logicalLines } from '../parse/lines.js';
import { findReportProblems, type ReportItem } from '../parse/problems.js';
import type { Store, StoredReport } from '../store/index.js';
import type { Env } from './read.js';
import type { Wording } from './wording.js';
import type { Answer, AnswerSource, Lang, Query } from './types.js';

export type ProblemsKind = 'own' | 'findings' | 'both';

// The report's own problems: 存在的问题, 不足, 改进 — what the office says about its work.
const OWN_ZH = /存在的?(?:主要)?(?:问题|不足)|存在(?:哪些|什么|啥)(?:问题|不足)|(?:年报|报告)(?:里|中|上)?(?:说|提到|写|讲|列|自己说|自述)[了的]?(?:存在)?(?:哪些|什么|啥)?(?:问题|不足)|不足之处|薄弱环节|(?:哪些|什么)不足|改进(?:措施|情况|方向)?|整改(?:措施|情况)?|下一?步(?:的)?(?:打算|工作|计划|措施)|工作打算|今后(?:的)?(?:打算|工作)/;
const OWN_EN = /problems? (?:did|does|do) .+ (?:report|mention|name|list|admit|identify)\s*\??$|(?:report|reported|mention|mentioned|admit|admitted|identif(?:y|ied))(?:ed)? (?:problems?|shortcomings?|weakness(?:es)?)|main problems|shortcomings?|weakness(?:es)?|improvements?|what .+ plans? to improve/i;
// The checks' findings: errors in the report's numbers.
const FINDINGS_ZH = /核查|勾稽|校验|错误|有误|出错|不一致|不平衡|对不上|矛盾|数据(?:有|存在)?(?:什么|哪些)?问题|表格(?:有|存在)?(?:什么|哪些)?问题|检查结果|审核结果/;
const FINDINGS_EN = /\b(?:errors?|mistakes?|wrong|inconsisten\w*|checks?|fail\w*|add up)\b/i;
const PROBLEM_WORD_ZH = /问题|毛病/;
const PROBLEM_WORD_EN = /\b(?:problems?|issues?)\b/i;

/** Which "problems" a question asks about, or null when it asks about neither. */
// Both languages' words are read whatever the answer's language: a follow-up ("and 洛北?")
// can carry an English question into a Chinese answer.
export function problemsKind(text: string, _lang?: Lang): ProblemsKind | null {
  const own = OWN_EN.test(text) || OWN_ZH.test(text);
  const findings = FINDINGS_EN.test(text) || FINDINGS_ZH.test(text);
  if (own && !findings) return 'own';
  if (findings && !own) return 'findings';
  if (own && findings) return 'both';
  return PROBLEM_WORD_EN.test(text) || PROBLEM_WORD_ZH.test(text) ? 'both' : null;
}

/** Part 五's items of a stored report, read by the parser's own reader. */
export function reportProblems(report: Pick<StoredReport, 'text' | 'parts'>): ReturnType<typeof findReportProblems> {
  return findReportProblems(logicalLines(report.text.normalize('NFKC')), report.parts);
}

// The reader works on folded text; show Chinese with its own punctuation again.
function zhPunct(s: string): string {
  return s
    .replace(/,(?!\d)/g, '，')
    .replace(/;/g, '；')
    .replace(/:(?!\/\/)/g, '：')
    .replace(/\(([^()]*)\)/g, '（$1）')
    .replace(/!/g, '！')
    .replace(/\?/g, '？');
}

function title(r: StoredReport, lang: Lang): string {
  return lang === 'en' ? `${r.officeName} ${r.year} annual report (${path.basename(r.sourceFile)})` : `《${r.officeName}${r.year}年政府信息公开工作年度报告》（${path.basename(r.sourceFile)}）`;
}

function itemLines(items: ReportItem[], lang: Lang): string[] {
  return items.map((it, i) => {
    const text = lang === 'en' ? it.text : zhPunct(it.text);
    const topic = it.topic ? (lang === 'en' ? `[${it.topic}] ` : `【${it.topic}】`) : '';
    return lang === 'en' ? `${i + 1}. ${topic}${text} (line ${it.line})` : `${i + 1}. ${topic}${text}（第 ${it.line} 行）`;
  });
}

interface Section {
  lines: string[];
  sources: AnswerSource[];
  count: number;
}

/** What of part 五 a question wants: the problems, the measures, or both. */
type Focus = 'problems' | 'improvements' | 'both';

function focusOf(text: string): Focus {
  const measures = /improve|plans?\b|next steps?|measures|改进|整改|下一?步|打算|措施|计划|怎么改|如何改/i.test(text);
  const problems = /problems?|shortcomings?|weakness|问题|不足|薄弱/i.test(text);
  return measures ? (problems ? 'both' : 'improvements') : 'problems';
}

function ownSection(r: StoredReport, lang: Lang, labelled: boolean, focus: Focus): Section {
  const p = reportProblems(r);
  const t = title(r, lang);
  if (!p.heading) {
    const line = lang === 'en' ? `${t} has no part 5 (main problems and improvements).` : `${t}没有第五部分（存在的主要问题及改进情况）。`;
    return { lines: [line], sources: [], count: 0 };
  }
  const head = labelled
    ? lang === 'en' ? `① Problems the report itself names (part 5, “${p.heading}”):` : `① 报告自己写的存在的主要问题（第五部分“${p.heading}”）：`
    : lang === 'en' ? `${t} names these problems in part 5 (“${p.heading}”):` : `${t}第五部分“${p.heading}”写到的问题：`;
  if (focus === 'improvements') {
    const mhead = lang === 'en' ? `${t}: what it plans to improve (“${p.heading}”):` : `${t}写到的改进措施（“${p.heading}”）：`;
    const sources = p.improvements.slice(0, 6).map((it) => ({ report: t, part: p.heading!, excerpt: it.text.length > 200 ? `${it.text.slice(0, 197)}…` : it.text, line: it.line }));
    return { lines: [mhead, ...itemLines(p.improvements, lang)], sources, count: p.improvements.length };
  }
  const lines = [head, ...(p.problems.length ? itemLines(p.problems, lang) : [lang === 'en' ? '(the part lists no problem)' : '（该部分没有列出具体问题）'])];
  if (focus === 'both' && p.improvements.length) {
    lines.push(lang === 'en' ? 'What it plans to improve:' : '改进措施：', ...itemLines(p.improvements, lang));
  }
  const sources = p.problems.slice(0, 6).map((it) => ({ report: t, part: p.heading!, excerpt: it.text.length > 200 ? `${it.text.slice(0, 197)}…` : it.text, line: it.line }));
  return { lines, sources, count: p.problems.length };
}

function findingsSection(r: StoredReport, lang: Lang, labelled: boolean, w: Wording): Section {
  const t = title(r, lang);
  const n = r.findings.length;
  const head = labelled
    ? lang === 'en' ? `② What our checks find in the report's numbers: ${n === 0 ? 'nothing, every check passes.' : `${n} finding${n === 1 ? '' : 's'}:`}` : `② 本助手核查报告数据发现的问题：${n === 0 ? '无，全部核查通过。' : `${n} 项：`}`
    : lang === 'en' ? `${t}: ${n === 0 ? 'every check passes.' : `${n} finding${n === 1 ? '' : 's'}:`}` : `${t}核查${n === 0 ? '通过，未发现问题。' : `发现 ${n} 项问题：`}`;
  const lines = [head, ...r.findings.map((f) => w.findingLine(f, r.facts))];
  const sources = r.findings.map((f) => ({ report: t, part: w.checksPart, excerpt: w.findingExcerpt(f, r.facts) }));
  return { lines, sources, count: n };
}

function reportFor(store: Store, officeId: number, q: Query, now: Date): StoredReport | null {
  const reports = store.currentReports({ officeId }).sort((a, b) => b.year - a.year);
  const shanghai = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now));
  const want = q.year.kind === 'explicit' ? q.year.year : q.year.kind === 'relative' ? shanghai + q.year.offset : null;
  const r = (want === null ? reports[0] : reports.find((x) => x.year === want)) ?? reports[0];
  return r ? store.getReport(r.id) : null;
}

/**
 * The answer to a question about "problems", or null when it is about something
 * else or only about the checks' findings (the engine's findings answer does those).
 */
export function answerProblems(q: Query, env: Pick<Env, 'store' | 'now' | 'w'>): Answer | null {
  const { store, now, w } = env;
  const kind = problemsKind(q.text);
  if (kind === null || kind === 'findings') return null;
  const { lang } = q;
  const focus = focusOf(q.text);
  if (q.officeIds.length === 0) {
    if (kind === 'both') return null; // across offices, "which reports have problems" is the checks' question
    const years = store.years();
    const want = q.year.kind === 'explicit' ? q.year.year : null;
    const year = want !== null && years.includes(want) ? want : years.at(-1);
    if (year === undefined) return null;
    // A group chat reads a few reports' lists, not hundreds: the rest are named, to ask about one by one.
    const SHOWN = 8;
    const reports = store.currentReports({ year });
    const sections = reports.slice(0, SHOWN).map((s) => ownSection(store.getReport(s.id)!, lang, false, focus));
    const head = lang === 'en' ? `${year}: the problems each report names in its own part 5:` : `${year} 年度各单位报告自己写的存在的主要问题（第五部分）：`;
    const more = reports.length > SHOWN
      ? lang === 'en'
        ? `(${reports.length - SHOWN} more reports, e.g. ${reports.slice(SHOWN, SHOWN + 5).map((r) => r.officeName).join(', ')}: ask about one office by name.)`
        : `（另有 ${reports.length - SHOWN} 份报告，如${reports.slice(SHOWN, SHOWN + 5).map((r) => r.officeName).join('、')}等，请指明单位再问。）`
      : '';
    return {
      answer: [head, ...sections.flatMap((s) => s.lines), more].filter(Boolean).join('\n'),
      kind: 'list',
      value: null,
      facts: [],
      sources: sections.flatMap((s) => s.sources).slice(0, 10),
    };
  }
  const sections: Section[] = [];
  const notes: string[] = [];
  let bothFindings: number | null = null;
  for (const id of q.officeIds.slice(0, 5)) {
    const r = reportFor(store, id, q, now);
    if (!r) continue;
    if (q.year.kind === 'explicit' && r.year !== q.year.year) {
      notes.push(lang === 'en' ? `There is no ${q.year.year} report from ${r.officeName}; the latest is ${r.year}:` : `没有${r.officeName} ${q.year.year} 年度的报告，以下是最新的 ${r.year} 年度：`);
    }
    if (kind === 'both') {
      const both = [ownSection(r, lang, true, focus), findingsSection(r, lang, true, w)];
      bothFindings = both[1].count;
      const intro = lang === 'en' ? `“Problems” of ${title(r, lang)} can mean two things; both follow.` : `${title(r, lang)}的“问题”有两种，分别列出：`;
      sections.push({ lines: [intro, ...both.flatMap((s) => s.lines)], sources: both.flatMap((s) => s.sources), count: both[0].count + both[1].count });
    } else sections.push(ownSection(r, lang, false, focus));
  }
  // Nothing itemised (a part 五 the reader cannot split): passage search quotes the part instead.
  if (!sections.length || (kind === 'own' && sections.every((s) => s.count === 0))) return null;
  return {
    answer: [...notes, ...sections.flatMap((s) => s.lines)].join('\n'),
    kind: 'list',
    // One office: the count of what was asked — its items, or (for both) its findings, as the checks' answer gives.
    value: sections.length === 1 ? (kind === 'own' ? sections[0].count : bothFindings) : null,
    facts: [],
    sources: sections.flatMap((s) => s.sources),
  };
}
