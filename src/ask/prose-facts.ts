// Questions about numbers the prose states (微博投诉68条, 公众号关注5948人, 开展培训2次):
// decide whether a question asks for a phrase that prose facts hold, and answer with
// the number, quoting the sentence and its line, labelled as from the prose — never
// as a table cell. Sums and rankings across offices only over one and the same phrase.
// Numbers come only from the stored prose facts; a question that matches no fact
// cleanly gets null here (and goes on to passage search), never a near miss.
import type { ProseFact } from '../parse/prose-facts.js';
import { chineseToNumber } from '../parse/numerals.js';
import {
  FORGIVEN,
  best,
  canon,
  count,
  cover,
  matchPrepared,
  headOfFact,
  headShare,
  matchProse,
  nfkcSources,
  prepare,
  readProseQuestion,
  sentenceNeeds,
  type Prepared,
  type ProseMatch,
  type ProseQuestion,
} from './prose-match.js';
import type { OfficeRef } from '../offices/index.js';
import type { ProseFactHead, ReportStore, ReportSummary, StoredProseFact } from '../store/index.js';
import { reportRef } from './read.js';
import type { Result, SourceRef, YearNote } from './results.js';
import type { Metric, Query } from './types.js';
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

/** A question that asks for a number (how many, how much, what share, by how much). */
const ASKS_NUMBER =
  /多少|几|数量|总数|比例|比率|占比|百分|增长|增加|减少|下降|how many|how much|number|percent|rate|share|increase|decrease|rise|fall|grow/i;

/** Sum, ranking or list across offices: the rules only read these for table rows, so read them here. */
function acrossShape(q: Query): Query {
  if (q.shape === 'sum' || q.shape === 'rank') return q;
  const t = q.text;
  const en = q.lang === 'en';
  if (en ? /\b(?:in total|altogether|combined|sum)\b/i.test(t) : /一共|合计|总共|共计|加起来|总和|汇总/.test(t))
    return { ...q, shape: 'sum' };
  const asc = en ? /\b(?:fewest|least|lowest)\b/i.test(t) : /最少|最低|倒数/.test(t);
  const top = en ? /\btop\s*(\d+)/i.exec(t) : /前\s*(\d+|[二两三四五六七八九十])\s*(?:名|个|位|家)?/.exec(t);
  if (top)
    return {
      ...q,
      shape: 'rank',
      rank: { order: asc ? 'asc' : 'desc', n: Number(top[1]) || chineseToNumber(top[1]) || 3 },
    };
  if (asc || (en ? /\b(?:most|highest|largest)\b/i.test(t) : /最多|最高|最大/.test(t)))
    return { ...q, shape: 'rank', rank: { order: asc ? 'asc' : 'desc', n: 1 } };
  if (en ? /\brank/i.test(t) : /排名|排行|排序|排一下/.test(t))
    return { ...q, shape: 'rank', rank: { order: 'desc', n: 10 } };
  return { ...q, shape: 'which' };
}

// ---------- reading the store ----------

const scanned = new WeakSet<ReportStore>();

/**
 * Reports stored before prose facts existed are read for them once, here (reports
 * stored since come with theirs).
 */
export async function ensureProseFacts(store: ReportStore): Promise<void> {
  if (scanned.has(store)) return;
  const ids = await store.reportsWithoutProseFacts();
  if (ids.length) {
    // The parser (~25 modules) is loaded only when there is a report to read: a cold `ask` has none.
    const { parseReport } = await import('../parse/index.js');
    for (const id of ids) {
      const report = await store.getReport(id);
      if (report) await store.saveProseFacts(id, parseReport(report.text).proseFacts ?? []);
    }
  }
  scanned.add(store);
}

/**
 * A year's current prose facts, read by head: a year holds ~63,000 at 100,000 reports but a
 * few hundred distinct heads (phrase, verb, kind, unit), and a question can match only a fact
 * whose head passes matchPrepared's head tests (headShare). So the heads are tested first,
 * each folded once, and only the facts of the phrases that pass are read whole, folded once
 * each and kept for the next question. A question that matches no head reads no fact.
 * Year null: every year's facts at once (the store's heads of any year: a superset, which
 * only reads more candidates, each tested whole by matchPrepared as before).
 */
class YearProse {
  private readonly heads: { head: ProseFactHead; folded: string }[];
  /** Facts read so far, by phrase, each with its seq (for the year's order). */
  private readonly byPhrase = new Map<string, { prepared: Prepared<StoredProseFact>; seq: number }[]>();
  /** Lists read through a question's characters (keys holding NUL): forgotten past FILTERED_KEPT, each cheap to read again. */
  private filtered = 0;
  constructor(
    private readonly store: ReportStore,
    private readonly year: number | null,
    heads: ProseFactHead[],
  ) {
    this.heads = heads.map((head) => ({ head, folded: headOfFact(head) }));
  }

  /** The facts whose head the question can match, prepared, in proseFacts({ year })'s order. */
  async candidates(q: ProseQuestion): Promise<Prepared<StoredProseFact>[]> {
    const phrases = new Set<string>();
    const folded = new Map<string, string>();
    for (const { head, folded: f } of this.heads) {
      if (headShare(q, f, head) === null) continue;
      phrases.add(head.phrase);
      folded.set(headKey(head), f);
    }
    // Only the facts whose sentence can pass matchPrepared's sentence test are read (sentenceNeeds:
    // one of a few of the question's characters, or what NFKC folds onto them); a phrase read
    // whole before serves any question. The characters the phrases hold are in most sentences.
    const needs = phrases.size ? sentenceNeeds(q, new Set([...phrases].join(''))) : null;
    const anyOf = needs ? needs.flatMap((ch) => [ch, ...nfkcSources(ch)]) : null;
    // A bot asks many distinct questions between two filings: a year's filtered lists must not
    // pile up. Forgotten before this question looks up what it has read, never midway.
    if (anyOf && this.filtered > FILTERED_KEPT) {
      for (const key of [...this.byPhrase.keys()]) if (key.includes('\u0000')) this.byPhrase.delete(key);
      this.filtered = 0;
    }
    const keyOf = (p: string) => (this.byPhrase.has(p) || !anyOf ? p : `${anyOf.join('')}\u0000${p}`);
    const unread = [...phrases].filter((p) => !this.byPhrase.has(keyOf(p)));
    if (unread.length) {
      if (anyOf) this.filtered += unread.length;
      for (const p of unread) this.byPhrase.set(keyOf(p), []);
      for (const { fact, seq } of await (anyOf
        ? this.store.proseFactsNamed(this.year, unread, anyOf)
        : this.store.proseFactsNamed(this.year, unread)))
        this.byPhrase.get(keyOf(fact.phrase))?.push({ prepared: prepare(fact, folded.get(headKey(fact))), seq });
    }
    const picked = [...phrases].flatMap((p) => this.byPhrase.get(keyOf(p)) ?? []);
    // The year's order (office, then the fact's place in its report): ties in a match keep it.
    picked.sort(
      (a, b) =>
        a.prepared.fact.officeId - b.prepared.fact.officeId ||
        a.seq - b.seq ||
        a.prepared.fact.reportId - b.prepared.fact.reportId,
    );
    return picked.map((e) => e.prepared);
  }
}

/** Phrase lists read through a question's characters that a year keeps before forgetting them. */
const FILTERED_KEPT = 64;

/** The verb's length first: no two (verb, phrase) pairs make one key. */
const headKey = (h: Pick<ProseFactHead, 'phrase' | 'verb' | 'kind'>) =>
  `${h.kind}|${h.verb === null ? -1 : h.verb.length}|${h.verb ?? ''}${h.phrase}`;

/** Every current prose fact of a year (null: of every year, by every year's heads), kept until the store's prose facts change. */
const yearCache = new WeakMap<ReportStore, { stamp: string; years: Map<number | null, YearProse> }>();

async function yearProse(store: ReportStore, year: number | null): Promise<YearProse> {
  const [prose, external] = await Promise.all([store.proseFactsStamp(), store.externalChanges()]);
  const stamp = `${prose}|${external}`;
  let c = yearCache.get(store);
  if (!c || c.stamp !== stamp) yearCache.set(store, (c = { stamp, years: new Map() }));
  let facts = c.years.get(year);
  if (!facts) c.years.set(year, (facts = new YearProse(store, year, await store.proseFactHeads(year))));
  return facts;
}

function wantedYear(q: Query, now: Date): number | null {
  if (q.year.kind === 'explicit') return q.year.year;
  if (q.year.kind === 'relative')
    return (
      Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now)) + q.year.offset
    );
  return null;
}

async function reportOf(store: ReportStore, officeId: number, year: number | null): Promise<ReportSummary | null> {
  const reports = (await store.currentReports({ officeId })).sort((a, b) => b.year - a.year);
  return (year === null ? reports[0] : reports.find((r) => r.year === year)) ?? null;
}

// ---------- answers ----------

/** Where a prose fact stands: its report, line and part, and its sentence. */
function sourceOf(f: StoredProseFact, sourceFile: string): SourceRef {
  const excerpt = f.sentence.length > 200 ? `${f.sentence.slice(0, 197)}…` : f.sentence;
  return {
    kind: 'prose',
    report: reportRef({ officeName: f.officeName, year: f.year, sourceFile }),
    part: f.part,
    excerpt,
    line: f.line,
  };
}

function oneOffice(matches: ProseMatch<StoredProseFact>[], report: ReportSummary, note: YearNote | null): Result {
  const top = best(matches);
  const stated = top.map((m) => m.fact);
  const sources = stated.map((f) => sourceOf(f, report.sourceFile));
  const one = stated.length === 1;
  return {
    shape: 'prose-one',
    note,
    stated,
    kind: one ? 'fact' : 'list',
    value: one ? stated[0].value : null,
    facts: [],
    sources,
  };
}

/** `candidates`: the year's facts the question may match (YearProse.candidates, or a superset). */
async function acrossOffices(
  q: Query,
  q2: ProseQuestion,
  store: ReportStore,
  year: number,
  note: YearNote | null,
  candidates: Prepared<StoredProseFact>[],
): Promise<Result | null> {
  const current = await store.currentReports({ year });
  const reports = new Map(current.map((r) => [r.id, r]));
  const byReport = new Map<number, ProseMatch<StoredProseFact>[]>();
  for (const m of matchPrepared(q2, candidates))
    byReport.set(m.fact.reportId, [...(byReport.get(m.fact.reportId) ?? []), m]);
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
  const what = main[0].phrase;
  const sources = main.slice(0, 10).map((f) => sourceOf(f, reports.get(f.reportId)?.sourceFile ?? ''));
  // In a list, an office whose phrase is not the question's is shown with its own words.
  const own = (f: StoredProseFact) => key(f) === '' && canon(f.phrase) !== canon(what);
  const row = (f: StoredProseFact) => ({ fact: f, ownWords: own(f) });
  const base = {
    note,
    year,
    what,
    approximate: main.some((f) => f.bound !== 'exact'),
    others,
    silent: reports.size - found.length,
  };
  if (q.shape === 'sum') {
    const total = main.reduce((s, f) => s + f.value, 0);
    const rows = main
      .slice()
      .sort((a, b) => b.value - a.value)
      .map(row);
    return {
      shape: 'prose-across',
      ...base,
      ask: 'sum',
      order: 'desc',
      total,
      rows,
      kind: 'aggregate',
      value: total,
      facts: [],
      sources,
    };
  }
  const order = q.rank?.order ?? 'desc';
  const sorted = main.slice().sort((a, b) => (order === 'desc' ? b.value - a.value : a.value - b.value));
  const n = Math.max(q.rank?.n ?? 10, 1);
  // Ties at the cut are all shown: "the most" may be several offices.
  const edge = sorted[Math.min(n, sorted.length) - 1]?.value;
  const ranked = q.shape === 'rank';
  const shown = ranked ? sorted.filter((f, i) => i < n || f.value === edge) : sorted;
  // One number only when the question asked for the one top office and no other ties with it.
  const value = ranked && n === 1 && shown.length === 1 ? shown[0].value : null;
  const ask = ranked ? ('rank' as const) : ('which' as const);
  return {
    shape: 'prose-across',
    ...base,
    ask,
    order,
    total: null,
    rows: shown.map(row),
    kind: 'list',
    value,
    facts: [],
    sources,
  };
}

/**
 * What the engine already holds (read once per store version), so a question does not
 * ask the store again: the question's offices (its officeIds, resolved) and the years.
 */
export interface ProseKnown {
  offices?: readonly Pick<OfficeRef, 'name' | 'aliases'>[];
  years?: readonly number[];
}

/**
 * The answer from prose facts, or null when the question is not about a phrase the
 * prose holds (then the engine goes on: tables, passages). A question that names a
 * table row is left to the tables, unless the row was named only by a word inside a
 * longer prose phrase (投诉 in 微博投诉).
 */
export async function answerFromProse(
  q: Query,
  store: ReportStore,
  now: Date,
  known: ProseKnown = {},
): Promise<Result | null> {
  if (q.rate || q.claimed !== undefined || q.trend) return null;
  const offices = known.offices ?? (await Promise.all(q.officeIds.map((id) => store.getOffice(id))));
  const names = offices.flatMap((o) => (o ? [o.name, ...o.aliases] : []));
  const pq = readProseQuestion(q.text, q.lang, names);
  if (!pq) return null;
  // A question that says nothing beyond its table row needs no look at the prose.
  if (q.metric && !beyondMetric(pq, q.metric)) return null;
  const year = wantedYear(q, now);
  if (q.officeIds.length === 1) {
    const report = await reportOf(store, q.officeIds[0], year);
    if (!report) return null;
    const matches = matchProse(pq, await store.proseFacts({ reportId: report.id }));
    if (!matches.length) return null;
    if (q.metric && !metricIsIncidental(pq, q.metric, matches[0])) return null;
    const note: YearNote | null =
      year !== null && report.year !== year
        ? { kind: 'latest-instead', office: report.officeName, year, latest: report.year }
        : null;
    return oneOffice(matches, report, note);
  }
  if (q.officeIds.length === 0 && (ACROSS.has(q.shape) || q.shape === 'passage' || q.shape === 'offices')) {
    const years = known.years ?? (await store.years());
    if (!years.length) return null;
    const y = year !== null && years.includes(year) ? year : years[years.length - 1];
    const note: YearNote | null = year !== null && y !== year ? { kind: 'latest-year-instead', year, latest: y } : null;
    const shape = acrossShape(q);
    // No year asked: the latest year whose reports state the phrase (saying so when it is not the latest).
    const candidates = year !== null ? [y] : [...years].reverse();
    // The latest year read alone, by its own heads (most questions stop there); past it, every
    // year's candidates in one pass over the facts, tested against every year's heads read once,
    // not two passes a year (a question no year states walked six: ~0.65 s of CPU at 100,000 reports).
    // A question that asks for no number (政务公开平台建设情况) is seldom one the prose states: it
    // reads every year's at once, from the start. A year's facts lie among every other year's in
    // prose_facts (by report), so its own pass read ~80 % of the table: at 100,000 reports the
    // latest year and then every year read ~81,000 pages (330 MB), every year alone ~44,000.
    let every: Prepared<StoredProseFact>[] | null =
      year === null && shape.shape === 'which' && !ASKS_NUMBER.test(q.text)
        ? await (await yearProse(store, null)).candidates(pq)
        : null;
    for (const cy of candidates) {
      if (cy !== candidates[0]) every ??= await (await yearProse(store, null)).candidates(pq);
      const facts = every ? every.filter((p) => p.fact.year === cy) : await (await yearProse(store, cy)).candidates(pq);
      const m = matchPrepared(pq, facts)[0];
      if (!m || (q.metric && !metricIsIncidental(pq, q.metric, m))) continue;
      const older: YearNote | null = cy !== y ? { kind: 'not-stated-in', year: y, stated: cy } : note;
      return acrossOffices(shape, pq, store, cy, older, facts);
    }
    return null;
  }
  return null;
}

/** answerFromProse in the engine's slot before passage search (src/ask/engine.ts, AskerOptions.proseFacts). */
export const proseFactsHook: ProseFactsHook = (query, offices, store, now, years) =>
  answerFromProse(query, store, now, { offices, years });
