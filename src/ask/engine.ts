// The question engine: question → Query (rules, or a validated language-model
// reading) → numbers from the store → an answer that says where each came from.
// Every number in an answer is read from the store; nothing here computes one
// except sums, differences, shares and percentages of stored values, which are
// said to be derived and show their formula. Pure over its inputs: a follow-up's
// context comes in with the question and goes out with the answer. This file
// reads the question and sends it to its shape (answer-*.ts); an answer is data
// (results.ts), which src/render words in Chinese or English (render/asker.ts).
// The store is either backend (every call awaited); what is per store version (the
// office index, the years) is read once per refresh, not once per question.
import type { Office, ReportStore } from '../store/index.js';
import type { Hit } from '../retrieval/index.js';
import { OfficeIndex, officeRefOf, type OfficeRef } from '../offices/index.js';
import { understand } from './understand.js';
import { pinyinTermIndex } from './metrics.js';
import { answerProblems } from './problems.js';
import { proseFactsHook } from './prose-facts.js';
import { addedMetricsAnswer, factAnswer, namedSumAnswer, yearsSumAnswer } from './answer-fact.js';
import { acrossAnswer } from './answer-across.js';
import { changeAnswer, compareAnswer } from './answer-change.js';
import { findingsAnswer, officesAnswer } from './answer-lists.js';
import { passageAnswer, unknownAnswer, type PassageTools } from './answer-passage.js';
import type { Env } from './read.js';
import { finish, isOfficeSwap } from './follow-up.js';
import { readWithLlm } from './llm-reading.js';
import type { Outcome, Result } from './results.js';
import type { Answer, AskContext, Lang, Query } from './types.js';

/** Retrieval over report text (src/retrieval's RetrievalIndex fits). */
export interface Retriever {
  search(query: string, opts: { officeIds?: number[]; year?: number; k?: number }): Promise<RetrievalHit[]>;
  quote?(hit: RetrievalHit, query: string): string[];
}
export type RetrievalHit = Pick<Hit, 'chunk' | 'score'>;

/** The optional language model (src/llm). Only ever picks what to look up, or words a passage answer. */
export interface LanguageModel {
  understand(
    question: string,
    ctx: { offices: OfficeRef[]; metrics: { key: string; zh: string; en: string }[]; years: number[]; now: Date },
  ): Promise<LlmReading | null>;
  writeAnswer?(
    question: string,
    passages: { id: string; office: string; year: number; part: string; text: string }[],
    lang: Lang,
  ): Promise<{ text: string; citations: string[] } | { refused: string }>;
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
export type ProseFactsHook = (
  query: Query,
  offices: OfficeRef[],
  store: ReportStore,
  now: Date,
  /** The years the store holds, as of the engine's last refresh. */
  years?: readonly number[],
) => Result | null | Promise<Result | null>;

export interface AskerOptions {
  /** Either backend: the SQLite store, or PostgreSQL's (src/store/pg). */
  store: ReportStore;
  /** Prose facts between the tables and passage search: src/ask/prose-facts.ts unless given (null: none). */
  proseFacts?: ProseFactsHook | null;
  retriever?: Retriever | null;
  llm?: LanguageModel | null;
  /** The clock, for 今年/去年. */
  now?: () => Date;
  /**
   * When the pinyin and sound-alike tables are built: true (default), with the office
   * index (no answer pays for them); 'after-answer', a moment after each answer while not
   * yet built (a start's first answer does not wait for them: `chat`, `start`); false, only
   * when a question needs them (a one-shot `ask`).
   */
  warm?: boolean | 'after-answer';
}

export interface Asker {
  /**
   * One answer. `context` is what the previous answer to the same person returned
   * (`answer.context`), when the caller judges it fresh (ten minutes in the bot):
   * a follow-up (那部分公开呢, 城郊呢, 去年呢) takes office, metric and year from it.
   */
  ask(question: string, context?: AskContext | null): Promise<Answer>;
  /**
   * Re-read the offices and years after an ingest (SQLite: done when it returns; PostgreSQL:
   * the next answer waits for it).
   */
  refresh(): Promise<void>;
}

/** Longest question the engine reads. */
export const MAX_QUESTION = 300;

/** The engine: answers as data, for src/render to word (an Asker is the two composed). */
export interface Engine {
  /** One answer as data; `context` as for Asker.ask. */
  answer(question: string, context?: AskContext | null): Promise<Outcome>;
  /** Re-read the offices and years after an ingest (as Asker.refresh). */
  refresh(): Promise<void>;
}

export function createEngine(opts: AskerOptions): Engine {
  const now = opts.now ?? (() => new Date());
  const warm = opts.warm ?? true;
  let snapshot = loadSnapshot(opts.store, warm === true);
  const tools: PassageTools = {
    proseFacts: opts.proseFacts === undefined ? proseFactsHook : opts.proseFacts,
    retriever: opts.retriever ?? null,
    llm: opts.llm ?? null,
  };
  const bare = (lang: Lang, result: Result, context?: AskContext | null): Outcome => ({
    lang,
    result,
    understood: [],
    carried: null,
    ...(context ? { context } : {}),
  });

  // A read that failed (the database away for a moment) is tried again by the next
  // answer, once: never a failure kept until the next refresh.
  const current = async (): Promise<Snapshot> => {
    try {
      return await snapshot;
    } catch {
      snapshot = loadSnapshot(opts.store, warm === true);
      return snapshot;
    }
  };

  return {
    async refresh() {
      snapshot = loadSnapshot(opts.store, warm === true);
      await snapshot;
    },
    async answer(question: string, context?: AskContext | null): Promise<Outcome> {
      try {
        return await answerNow(question, context);
      } finally {
        // A moment later, so the reply is out first (a channel may deliver it after a turn of
        // the event loop); once per snapshot; the timer never keeps a process alive.
        if (warm === 'after-answer') setTimeout(warmSoon, WARM_AFTER_MS).unref();
      }
    },
  };

  function warmSoon(): void {
    void current().then(
      ({ index }) => warmOnce(index),
      () => {},
    );
  }

  async function answerNow(question: string, context?: AskContext | null): Promise<Outcome> {
    const q = question.trim();
    if (!q) return bare('zh', unknownAnswer());
    // A question is a sentence; a pasted document is not, and would cost every lookup dearly.
    if (q.length > MAX_QUESTION) {
      const lang: Lang = /^[\x00-\x7f]*$/.test(q.slice(0, 200)) ? 'en' : 'zh';
      return bare(lang, {
        shape: 'too-long',
        max: MAX_QUESTION,
        kind: 'unknown',
        value: null,
        facts: [],
        sources: [],
      });
    }
    const { index, years } = await current();
    let u = understand(q, { index, previous: context ?? null });
    const unread = !u.ok
      ? u.kind === 'unknown' && !u.final
      : u.query.shape === 'passage' && !u.query.metric && u.query.officeIds.length === 0;
    if (opts.llm && unread) {
      const fromLlm = await readWithLlm(q, u, opts.llm, index, years, now());
      if (fromLlm) u = fromLlm;
    }
    // "and 洛北?" after "What problems did 城郊 report?": the last question again, of the new office.
    if (u.ok && isOfficeSwap(u.query, context, q)) {
      const again = context!.question!.replace(context!.officeWords![0], u.query.officeWords![0]);
      const re = again !== context!.question ? understand(again, { index, previous: null }) : null;
      if (re?.ok) u = { ok: true, query: { ...re.query, lang: u.query.lang, carried: ['question'] } };
    }
    // A question not understood leaves the previous context as it was.
    if (!u.ok) {
      const result: Result = {
        shape: 'not-understood',
        reason: u.reason,
        kind: u.kind,
        value: null,
        facts: [],
        sources: [],
      };
      return bare(u.lang, result, context);
    }
    const env: Env = { store: opts.store, index, years, now: now() };
    // "Problems" may mean part 五's own items, the checks' findings, or both (src/ask/problems.ts).
    const result = (await answerProblems(u.query, env)) ?? (await execute(u.query, env, tools));
    return finish(result, u.query, env);
  }
}

/** What the engine reads once per store version rather than once per question. */
interface Snapshot {
  index: OfficeIndex;
  /** Years with at least one current report, ascending. */
  years: number[];
}

/**
 * The offices and years, read now: at once from SQLite (a bad store fails here, as
 * before), or as a Promise from PostgreSQL (both read side by side; a failure is
 * met by the next answer, which awaits it).
 */
function loadSnapshot(store: ReportStore, warm: boolean): Snapshot | Promise<Snapshot> {
  const offices = store.listOffices();
  const years = store.years();
  if (!(offices instanceof Promise) && !(years instanceof Promise)) return { index: buildIndex(offices, warm), years };
  const loading = Promise.all([offices, years]).then(([o, y]) => ({ index: buildIndex(o, warm), years: y }));
  // Not yet awaited by anyone: a failure waits for the next answer instead of going unhandled.
  loading.catch(() => {});
  return loading;
}

function buildIndex(offices: Office[], warm: boolean): OfficeIndex {
  const index = new OfficeIndex(offices.map(officeRefOf));
  // Warmed here, once per refresh: the pinyin tables are not built inside an answer.
  if (warm) warmOnce(index);
  return index;
}

const warmed = new WeakSet<OfficeIndex>();
/** How long after an answer the pinyin tables are built. */
const WARM_AFTER_MS = 200;

/** The pinyin tables built once per office index: a later answer does not build them inside itself. */
function warmOnce(index: OfficeIndex): void {
  if (warmed.has(index)) return;
  warmed.add(index);
  pinyinTermIndex();
  index.warm();
}

/** Sends a query to the answer of its shape. */
async function execute(query: Query, env: Env, tools: PassageTools): Promise<Result> {
  const offices = query.officeIds.map((id) => env.index.byId(id)!).filter(Boolean);
  if (query.addMetrics && query.moreMetrics?.length && offices.length === 1)
    return addedMetricsAnswer(query, offices[0], env);
  // Several metrics in one question: each answered in turn; a metric no report's format has is left out.
  if (query.moreMetrics?.length && query.metric) {
    const parts: Result[] = [];
    for (const metric of [query.metric, ...query.moreMetrics])
      parts.push(await execute({ ...query, metric, moreMetrics: undefined }, env, tools));
    const useful = parts.filter((a) => !(a.kind === 'unknown' && a.value === null));
    const shown = useful.length ? useful : parts.slice(0, 1);
    return {
      shape: 'several',
      parts: shown,
      kind: shown.every((a) => a.kind === shown[0].kind) ? shown[0].kind : 'list',
      value: null,
      facts: shown.flatMap((a) => a.facts),
      sources: shown.flatMap((a) => a.sources),
    };
  }
  if (query.shape === 'sum' && offices.length >= 2) return namedSumAnswer(query, offices, env);
  if (query.shape === 'sum' && offices.length === 1 && (query.years?.length ?? 0) >= 2)
    return yearsSumAnswer(query, offices[0], env);
  switch (query.shape) {
    case 'fact':
      return factAnswer(query, offices[0], env);
    case 'findings':
      return findingsAnswer(query, offices, env);
    case 'compare':
      return compareAnswer(query, offices, env);
    case 'change':
      return changeAnswer(query, offices[0], env);
    case 'sum':
    case 'each':
    case 'rank':
    case 'which':
    case 'count':
      return acrossAnswer(query, env);
    case 'offices':
      return officesAnswer(query, env);
    case 'passage':
      return passageAnswer(query, offices, env, tools);
  }
  return unknownAnswer();
}
