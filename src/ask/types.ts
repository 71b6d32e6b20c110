// The question engine's vocabulary: what a question was understood to ask
// (Query), and what the engine answers (Answer, the `ask --json` shape).
import type { FactId, ReportFormat } from '../catalogue/facts.js';
import type { OfficeRef } from '../offices/index.js';

export type Lang = 'zh' | 'en';

/**
 * What number a question asks for, independent of the report's format: the ids
 * it reads in each format. A metric with several ids per format is a derived
 * sum (不予公开 = its eight rows) and is said to be derived.
 */
export interface Metric {
  /** A stable key: a canonical fact id, or a derived one such as `apply.denied.total`. */
  key: string;
  label: { zh: string; en: string };
  ids: Record<ReportFormat, FactId[]>;
  unit: { zh: string; en: string };
}

export type YearSpec =
  | { kind: 'latest' }
  | { kind: 'explicit'; year: number }
  /** 今年 = 0, 去年 = -1, 前年 = -2, against the clock. */
  | { kind: 'relative'; offset: number };

export type Shape =
  | 'fact' // one office, one number
  | 'sum' // across offices
  | 'each' // across offices, each office's own figure listed (各单位…情况), never added up
  | 'rank' // ordered list
  | 'which' // offices where the metric is > 0
  | 'count' // how many offices (with the metric > 0, or in all)
  | 'compare' // two offices
  | 'change' // one office, two years
  | 'findings' // what is wrong with a report
  | 'offices' // which offices are known / have filed
  | 'passage'; // retrieval over the text

export interface Query {
  lang: Lang;
  shape: Shape;
  /** Office ids, resolved against the store. */
  officeIds: number[];
  metric: Metric | null;
  year: YearSpec;
  /** Second year for `change` (defaults to the year before). */
  rank?: { order: 'desc' | 'asc'; n: number };
  /** Region words the question narrows to (全区 with a name, 芝罘区的…). */
  region?: string;
  /** A kind of office the question narrows to (各街道, 哪些乡镇, departments). */
  officeKind?: string;
  /** More metrics named in the same question (行政复议和行政诉讼情况): each is answered. */
  moreMetrics?: Metric[];
  /** A share of two stored numbers (予以公开率 = 予以公开 ÷ 办理总计), with a `fact` shape. */
  rate?: boolean;
  /** Every stored year of one office (近三年, 哪一年最多), with a `change` shape. */
  trend?: { years: number | null };
  /** Several metrics of one office to add up (行政许可和行政处罚一共多少件). */
  addMetrics?: boolean;
  /** 有没有收到申请: whether the number is above zero. */
  exists?: boolean;
  /** Explicit years beyond `year`: the year compared with (2024年比2023年), or all years of a sum over years. */
  years?: number[];
  /** A number the question asks to confirm (只楚收到9件申请吗). */
  claimed?: number;
  /** Names corrected on the way (只初 → 只楚): the answer says what it understood. */
  understood?: { said: string; as: string }[];
  /** What a follow-up took over from the previous question, for the answer to say. */
  carried?: ('office' | 'metric' | 'year' | 'question')[];
  /** The words that named each office, in order (只楚, zhichu), for a follow-up to swap. */
  officeWords?: string[];
  text: string;
}

/**
 * What a question leaves for the next one (那部分公开呢, 城郊呢, 去年呢, and 2019?).
 * The engine is pure: the caller keeps it (per room and person) and passes it back.
 */
export interface AskContext {
  officeIds: number[];
  metricKey: string | null;
  /** The year as the question asked it (latest, 2020, 去年): carried over only when asked. */
  year: YearSpec;
  /** The one year the answer was about, which 去年呢 counts back from. */
  answeredYear?: number;
  lang: Lang;
  /** Set when the question listed each office's figure (各单位…): a follow-up (去年呢) lists again, never adds up. */
  shape?: 'each';
  /** The question itself and the words that named its office: "and 洛北?" asks it again of 洛北. */
  question?: string;
  officeWords?: string[];
}

/** Why a question cannot be answered as asked (src/render words it). */
export type NotUnderstood =
  /** A name several stored offices share: which one? */
  | { why: 'ambiguous'; said: string; candidates: OfficeRef[] }
  /** A name (or, `place`, a place) the store holds no office of, with the nearest names. */
  | { why: 'unknown-office'; said: string; place: boolean; nearest: OfficeRef[] }
  /** Words in the subject's place (朝阳收到多少申请) that name no office or place we know. */
  | { why: 'unknown-subject'; said: string; nearest: OfficeRef[] }
  /** 某地的单位: a place none of the stored offices is in. */
  | { why: 'no-place'; place: string };

/** When the question cannot be turned into a Query: ask back, or say what can be asked. */
export type Understanding =
  | { ok: true; query: Query }
  /**
   * `final`: the rules know the answer is a refusal (a name the store does not hold); no language
   * model may read it otherwise.
   */
  | { ok: false; kind: 'clarify' | 'unknown'; lang: Lang; reason: NotUnderstood; final?: boolean };

export type AnswerKind = 'fact' | 'aggregate' | 'list' | 'compare' | 'passage' | 'clarify' | 'unknown';

export interface AnswerFact {
  office: string;
  year: number;
  id: FactId;
  value: number | null;
}

export interface AnswerSource {
  /** The report: office, year and source file. */
  report: string;
  /** The part of the report (e.g. 三、收到和处理政府信息公开申请情况), and the row/column where a table cell. */
  part: string;
  excerpt: string;
  line?: number;
}

export interface Answer {
  answer: string;
  kind: AnswerKind;
  value: number | null;
  facts: AnswerFact[];
  sources: AnswerSource[];
  /** What a follow-up question may take over; absent when the question set nothing to carry. */
  context?: AskContext;
}
