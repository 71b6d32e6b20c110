// Questions no table row answers: the report's date (its 落款), numbers its prose
// states (the prose-facts hook), else the passage that best matches, quoted with
// its part and line (a language model may word it, citing the passages it was given).
import { SIGNATURE_SECTION } from '../retrieval/chunker.js';
import { expandQuery } from '../retrieval/glossary.js';
import type { Hit } from '../retrieval/index.js';
import type { OfficeRef } from '../offices/index.js';
import { reportFor, reportRef, wantedYear, yearAcross, type Env } from './read.js';
import type { Result, SourceRef, YearNote } from './results.js';
import type { Query } from './types.js';
import type { LanguageModel, ProseFactsHook, Retriever } from './engine.js';

/** What a passage answer may use beyond the store. */
export interface PassageTools {
  proseFacts: ProseFactsHook | null;
  retriever: Retriever | null;
  llm: LanguageModel | null;
}

const DATE_QUESTION =
  /落款|日期|哪天|什么时候(?:发布|印发|公布|出的|写的|签发)|何时(?:发布|印发|公布)|\bdated?\b|\bwhen\b.*\b(?:published|issued|signed|written)\b/i;

/** When was the report dated: the 落款 the parser read, or that it has none. */
async function dateAnswer(query: Query, office: OfficeRef, env: Env): Promise<Result> {
  const { report, note } = await reportFor(env, office.id, query.year, office.name);
  if (!report) return { shape: 'no-report', note: note!, kind: 'unknown', value: null, facts: [], sources: [] };
  const ref = reportRef(report);
  const found = { kind: 'fact' as const, value: null, facts: [] };
  if (!report.reportDate) {
    return {
      shape: 'undated',
      note,
      report: ref,
      ...found,
      sources: [{ kind: 'date', report: ref, found: false, excerpt: '' }],
    };
  }
  const [y, m, d] = report.reportDate.split('-').map(Number);
  const lines = report.text.split('\n');
  const at = lines.findIndex((l, i) => i >= lines.length - 12 && l.replace(/\s/g, '').includes(`${y}年${m}月${d}日`));
  const dateFinding = report.findings.find((f) => f.code === 'date');
  const source: SourceRef = {
    kind: 'date',
    report: ref,
    found: true,
    excerpt: at >= 0 ? lines[at].trim() : report.reportDate,
    ...(at >= 0 ? { line: at + 1 } : {}),
  };
  const warning = dateFinding ? { finding: dateFinding, facts: report.facts } : null;
  return { shape: 'dated', note, report: ref, date: report.reportDate, warning, ...found, sources: [source] };
}

/**
 * A year the question names that the store lacks — for every office it names, or for every
 * office when it names none: said, never another year's passage in its place.
 */
async function missingYear(query: Query, offices: OfficeRef[], env: Env): Promise<YearNote | null> {
  if (query.year.kind !== 'explicit') return null;
  const year = query.year.year;
  if (offices.length === 0) {
    const across = yearAcross(env, query.year);
    return across.year === null ? across.note : null;
  }
  const yearsOf = await Promise.all(
    offices.map(async (o) => (await env.store.currentReports({ officeId: o.id })).map((r) => r.year)),
  );
  if (yearsOf.some((ys) => ys.includes(year))) return null;
  const first = offices[0];
  const have = [...new Set(yearsOf[0])].sort((a, b) => a - b);
  return have.length
    ? { kind: 'no-report-of-year', office: first.name, year, have }
    : { kind: 'no-reports', office: first.name };
}

/** The answer when nothing is found: what can be asked. */
export const unknownAnswer = (): Result => ({ shape: 'help', kind: 'unknown', value: null, facts: [], sources: [] });

export async function passageAnswer(
  query: Query,
  offices: OfficeRef[],
  env: Env,
  tools: PassageTools,
): Promise<Result> {
  const { store } = env;
  const { lang } = query;
  if (offices.length === 1 && DATE_QUESTION.test(query.text)) return dateAnswer(query, offices[0], env);
  const missing = await missingYear(query, offices, env);
  if (missing) return { shape: 'no-report', note: missing, kind: 'unknown', value: null, facts: [], sources: [] };
  // The question names no table row: numbers stated in the prose first, then passages.
  if (tools.proseFacts) {
    const fromProse = await tools.proseFacts(query, offices, store, env.now, env.years);
    if (fromProse) return fromProse;
  }
  if (!tools.retriever) return unknownAnswer();
  const officeIds = offices.map((o) => o.id);
  const want = wantedYear(query.year, env.now);
  const { years } = env;
  const year = want !== null && years.includes(want) ? want : undefined;
  // English questions search the Chinese text through the glossary of the reports' words.
  const searchText = lang === 'en' ? expandQuery(query.text) : query.text;
  const found = await tools.retriever.search(searchText, {
    officeIds: officeIds.length ? officeIds : undefined,
    year,
    k: 10,
  });
  const hits = pickHits(found, query.text);
  if (hits.length === 0) return unknownAnswer();
  const best = hits[0];
  const sentences = tools.retriever.quote ? tools.retriever.quote(best, searchText) : [best.chunk.text];
  const sources: SourceRef[] = hits.map((h) => ({
    kind: 'passage',
    office: h.chunk.office,
    year: h.chunk.year,
    part: h.chunk.partHeading,
    line: h.chunk.line,
    excerpt: h.chunk.text.length > 200 ? `${h.chunk.text.slice(0, 197)}…` : h.chunk.text,
  }));
  let written: { text: string; citations: string[] } | null = null;
  if (tools.llm?.writeAnswer) {
    const passages = hits.map((h, i) => ({
      id: String(i + 1),
      office: h.chunk.office,
      year: h.chunk.year,
      part: h.chunk.partHeading,
      text: h.chunk.text,
    }));
    const reply = await tools.llm.writeAnswer(query.text, passages, lang).catch(() => null);
    if (reply && 'text' in reply) written = reply;
  }
  return {
    shape: 'passage',
    office: best.chunk.office,
    year: best.chunk.year,
    part: best.chunk.part ? best.chunk.partHeading : null,
    line: best.chunk.line,
    quote: sentences.join('').trim(),
    written,
    kind: 'passage',
    value: null,
    facts: [],
    sources,
  };
}

type Found = Awaited<ReturnType<Retriever['search']>>;

/** The passages worth quoting, best first: at most three. */
function pickHits(found: Found, text: string): Found {
  // A passage must share words with the question: a hit the dense ranking alone
  // found is too weak to quote as an answer.
  const lexical = found.filter((h) => (h as Partial<Hit>).bm25Rank !== undefined);
  const part = partHint(text);
  // The closing 落款 (office and date) answers only a question about it: "what does part 六
  // say" must quote part 六's text, not the signature that ends it.
  const aboutSignature = /落款|署名|日期|dated|signed|signature/i.test(text);
  const ranked = aboutSignature
    ? lexical
    : [
        ...lexical.filter((h) => h.chunk.section !== SIGNATURE_SECTION),
        ...lexical.filter((h) => h.chunk.section === SIGNATURE_SECTION),
      ];
  // "What does part 六 say": the part from its start, not its best-matching sentence.
  const wholePart =
    part !== null &&
    /写了(?:些)?什么|说了(?:些)?什么|讲了(?:些)?什么|(?:有|是)(?:哪些|什么)内容|内容是什么|what does .* say|what(?:'s| is) in/i.test(
      text,
    );
  const inPart = ranked.filter((h) => h.chunk.part === part);
  if (wholePart && inPart.length) {
    // Within the best-matching report (the latest, when the question names no year).
    const lead = inPart[0].chunk.reportId;
    inPart.sort(
      (a, b) =>
        Number(b.chunk.reportId === lead) - Number(a.chunk.reportId === lead) ||
        (a.chunk.reportId === lead ? a.chunk.line - b.chunk.line : 0),
    );
  }
  return (part === null ? ranked : [...inPart, ...ranked.filter((h) => h.chunk.part !== part)]).slice(0, 3);
}

/** The part a question is about when it names one by its subject (存在的问题 → part 5). */
function partHint(q: string): number | null {
  if (/存在的?(?:主要)?问题|不足|改进|整改|下一?步(?:打算|工作|计划)?|main problems|shortcoming|improve/i.test(q))
    return 5;
  if (/其他需要报告|信息处理费|落款|署名|日期|other matters|processing fee|dated|signed/i.test(q)) return 6;
  if (/行政复议|行政诉讼|复议|诉讼/.test(q)) return 4;
  return null;
}
