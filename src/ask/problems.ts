// Two kinds of "problems": what a report itself says is wrong with its work (part 五,
// 存在的主要问题, every item), and what our checks find wrong with the report (the
// findings). A question that names one gets that one; one that could mean either
// (只楚的报告有什么问题) gets both, each labelled. Items are read from the stored text
// by the parser's own part-五 reader; nothing here makes up a word or a number.
import { logicalLines } from '../parse/lines.js';
import { findReportProblems } from '../parse/problems.js';
import type { ReportStore, StoredReport } from '../store/index.js';
import { reportRef, type Env } from './read.js';
import type { OwnProblems, ProblemSection, ProblemsFocus, Result, SourceRef, YearNote } from './results.js';
import type { Lang, Query } from './types.js';
import { alt } from './regex.js';

export type ProblemsKind = 'own' | 'findings' | 'both';

// The report's own problems: 存在的问题, 不足, 改进 — what the office says about its work.
const OWN_ZH = alt(
  /存在的?(?:主要)?(?:问题|不足)|存在(?:哪些|什么|啥)(?:问题|不足)/,
  /(?:年报|报告)(?:里|中|上)?(?:说|提到|写|讲|列|自己说|自述)[了的]?(?:存在)?(?:哪些|什么|啥)?(?:问题|不足)|不足之处/,
  /薄弱环节|(?:哪些|什么)不足|改进(?:措施|情况|方向)?|整改(?:措施|情况)?|下一?步(?:的)?(?:打算|工作|计划|措施)|工作打算/,
  /今后(?:的)?(?:打算|工作)/,
);
const OWN_EN = alt(
  /problems? (?:did|does|do) .+ (?:report|mention|name|list|admit|identify)\s*\??$/i,
  /(?:report|reported|mention|mentioned|admit|admitted|identif(?:y|ied))(?:ed)? (?:problems?|shortcomings?|weakness(?:es)?)/i,
  /main problems|shortcomings?|weakness(?:es)?|improvements?/i,
  /what .+ plans? to improve/i,
);
// The checks' findings: errors in the report's numbers.
const FINDINGS_ZH =
  /核查|勾稽|校验|错误|有误|出错|不一致|不平衡|对不上|矛盾|数据(?:有|存在)?(?:什么|哪些)?问题|表格(?:有|存在)?(?:什么|哪些)?问题|检查结果|审核结果/;
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

/** What of part 五 a question wants: the problems, the measures, or both. */

function focusOf(text: string): ProblemsFocus {
  const measures = /improve|plans?\b|next steps?|measures|改进|整改|下一?步|打算|措施|计划|怎么改|如何改/i.test(text);
  const problems = /problems?|shortcomings?|weakness|问题|不足|薄弱/i.test(text);
  return measures ? (problems ? 'both' : 'improvements') : 'problems';
}

function ownSection(r: StoredReport, labelled: boolean, focus: ProblemsFocus): OwnProblems {
  const p = reportProblems(r);
  return {
    report: reportRef(r),
    heading: p.heading,
    focus,
    problems: p.problems,
    improvements: p.improvements,
    labelled,
  };
}

/** Part 五's items a section quotes, as sources (six at most). */
function ownSources(s: OwnProblems): SourceRef[] {
  if (!s.heading) return [];
  const items = s.focus === 'improvements' ? s.improvements : s.problems;
  return items.slice(0, 6).map((it) => ({
    kind: 'item',
    report: s.report,
    part: s.heading!,
    excerpt: it.text.length > 200 ? `${it.text.slice(0, 197)}…` : it.text,
    line: it.line,
  }));
}

/** How many items a section holds: what the question asked for. */
function ownCount(s: OwnProblems): number {
  if (!s.heading) return 0;
  return s.focus === 'improvements' ? s.improvements.length : s.problems.length;
}

async function reportFor(store: ReportStore, officeId: number, q: Query, now: Date): Promise<StoredReport | null> {
  const shanghai = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now));
  const want = q.year.kind === 'explicit' ? q.year.year : q.year.kind === 'relative' ? shanghai + q.year.offset : null;
  // The year's report, else the latest: what officeReport reads whole, in one statement on PostgreSQL.
  return (await store.officeReport(officeId, want)).report;
}

/**
 * The answer to a question about "problems", or null when it is about something
 * else or only about the checks' findings (the engine's findings answer does those).
 */
export async function answerProblems(q: Query, env: Pick<Env, 'store' | 'years' | 'now'>): Promise<Result | null> {
  const { store, years, now } = env;
  const kind = problemsKind(q.text);
  if (kind === null || kind === 'findings') return null;
  const focus = focusOf(q.text);
  const list = { kind: 'list' as const, facts: [] };
  if (q.officeIds.length === 0) {
    if (kind === 'both') return null; // across offices, "which reports have problems" is the checks' question
    const want = q.year.kind === 'explicit' ? q.year.year : null;
    const year = want !== null && years.includes(want) ? want : years.at(-1);
    if (year === undefined) return null;
    // A group chat reads a few reports' lists, not hundreds: the rest are named, to ask about one by one.
    const SHOWN = 8;
    const reports = await store.currentReports({ year });
    const shown = await store.getReports(reports.slice(0, SHOWN).map((s) => s.id));
    const sections = shown.map((r) => ownSection(r!, false, focus));
    const rest = reports.slice(SHOWN);
    const more = rest.length ? { count: rest.length, names: rest.slice(0, 5).map((r) => r.officeName) } : null;
    const sources = sections.flatMap(ownSources).slice(0, 10);
    return { shape: 'problems', across: { year, more }, notes: [], sections, ...list, value: null, sources };
  }
  const sections: ProblemSection[] = [];
  const notes: YearNote[] = [];
  const counts: number[] = [];
  const sources: SourceRef[] = [];
  let bothFindings: number | null = null;
  const found = await Promise.all(q.officeIds.slice(0, 5).map((id) => reportFor(store, id, q, now)));
  for (const r of found) {
    if (!r) continue;
    if (q.year.kind === 'explicit' && r.year !== q.year.year) {
      notes.push({ kind: 'latest-instead', office: r.officeName, year: q.year.year, latest: r.year });
    }
    const own = ownSection(r, kind === 'both', focus);
    sources.push(...ownSources(own));
    if (kind === 'both') {
      const ref = reportRef(r);
      sources.push(...r.findings.map((f) => ({ kind: 'finding' as const, report: ref, finding: f, facts: r.facts })));
      bothFindings = r.findings.length;
      sections.push({ ...own, findings: { list: r.findings, values: r.facts } });
      counts.push(ownCount(own) + r.findings.length);
    } else {
      sections.push(own);
      counts.push(ownCount(own));
    }
  }
  // Nothing itemised (a part 五 the reader cannot split): passage search quotes the part instead.
  if (!sections.length || (kind === 'own' && counts.every((c) => c === 0))) return null;
  // One office: the count of what was asked — its items, or (for both) its findings, as the checks' answer gives.
  const value = sections.length === 1 ? (kind === 'own' ? counts[0] : bothFindings) : null;
  return { shape: 'problems', across: null, notes, sections, ...list, value, sources };
}
