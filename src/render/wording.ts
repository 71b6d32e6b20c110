// The phrase book of the answers: every sentence an answer holds, as a function of
// the data it says. One per language (phrases-zh.ts, phrases-en.ts); answer.ts puts
// a Result's sentences together with them. Wording never decides a number.
import type { FactId } from '../catalogue/facts.js';
import type { Finding } from '../parse/types.js';
import type { Facts, Missing, OfficeValue, ReportRef } from '../ask/results.js';
import type { AnswerSource, Lang, Metric, NotUnderstood } from '../ask/types.js';

export type { Facts, Missing, ReportRef };

/** A number as answers write it: integers as they are, fractions to four places at most. */
export const fmtNum = (v: number) => (Number.isInteger(v) ? String(v) : String(Number(v.toFixed(4))));

export interface Wording {
  // ---- follow-ups and corrections ----
  /** 按「只楚街道」理解. */
  understood(items: { said: string; as: string }[]): string;
  /** What a follow-up took over from the previous question. */
  carried(what: { office?: string; metric?: string; year?: number | null; question?: string }): string;

  // ---- questions the engine does not read ----
  /** Why a question cannot be answered as asked: which office, or that there is none such. */
  notUnderstood(r: NotUnderstood): string;
  tooLong(max: number): string;
  /** What can be asked, when a question finds nothing to answer with (render/help.ts). */
  help(): string;

  // ---- reports, values and where they came from ----
  reportTitle(r: ReportRef): string;
  /** The table and cell of a fact, as a source's `part`. */
  factPart(id: FactId): string;
  /** 来源：… for one source. */
  cite(s: AnswerSource): string;
  /** The unit as it follows a number (zh: 件; en: " requests"). */
  unit(metric: Metric): string;
  /** Why a figure has no number. */
  missing(why: Missing, format: string): string;
  approximateNote(cell: string | undefined): string;
  derivedNote(cells: number): string;
  /** A failed check that touches a figure. */
  failsCheck(f: Finding, facts: Facts): string;
  /** A finding as one line of a list (【名称】…). */
  findingLine(f: Finding, facts: Facts): string;
  /** A finding as a source's excerpt. */
  findingExcerpt(f: Finding, facts: Facts): string;
  /** The `part` of a source that is a finding. */
  checksPart: string;

  // ---- which year ----
  noReports(office: string): string;
  noReportOfYear(o: { office: string; year: number | null; have: number[] }): string;
  latestInstead(o: { office: string; year: number | null; latest: number }): string;
  nothingStored(): string;
  noYear(o: { year: number | null; have: number[] }): string;
  latestYearInstead(o: { year: number | null; latest: number }): string;
  /** No report of the latest year states it in its text; the latest year that does. */
  notStatedIn(o: { year: number; stated: number }): string;

  // ---- one office, one number ----
  fact(o: { office: string; year: number; metric: string; value: string }): string;
  /** A yes/no question about one number. */
  yesNo(o: { claimed: number; value: number; unit: string; office: string; year: number; metric: string }): string;
  /** 有没有…: whether the figure is above zero. */
  exists(o: { value: number; unit: string; office: string; year: number; metric: string }): string;
  /** A derived share, with its formula. */
  rate(o: {
    office: string;
    year: number;
    metric: string;
    base: string;
    num: number;
    den: number;
    pct: string;
  }): string;
  rateUndefined(o: { office: string; year: number; metric: string; base: string; den: number | null }): string;
  noRate(metric: string): string;

  // ---- sums of named things ----
  /** A sum of one office's figure over several years. */
  yearsSum(o: { office: string; metric: string; years: number[]; total: string; parts: string[] }): string;
  /** Several rows of one report added up. */
  rowsSum(o: { office: string; metrics: string[]; year: number; total: string; parts: string[] }): string;
  yearsMissing(o: { office: string; missing: number[]; have: number[] }): string;
  /** `2020: 3件`, one year's figure in a list. */
  yearValue(o: { year: number; value: string }): string;
  /** `予以公开：3件`, one row's figure in a list. */
  metricValue(o: { metric: string; value: string }): string;
  /** `只楚：3件`, one office's figure in a list. */
  officeValue(o: { office: string; value: string }): string;
  /** The head of a list of rows of one report. */
  reportHead(o: { office: string; year: number }): string;
  /** A sum over named offices. */
  namedSum(o: { year: number | null; offices: string[]; metric: string; total: string; parts: string[] }): string;
  namedSumPart(o: { office: string; year: number | null; value: string }): string;

  // ---- two offices, two years, every year ----
  compareWhat(): string;
  compare(o: { metric: string; sides: { office: string; year: number; value: string }[] }): string;
  compareVerdict(o: { diff: string | null; more: string; less: string; unit: string }): string;
  change(o: {
    office: string;
    metric: string;
    cur: { year: number; value: string };
    prev: { year: number; value: string };
  }): string;
  changeDelta(o: { delta: number; abs: string; unit: string }): string;
  /** The change as a share of the earlier year, derived, with its formula. */
  changePct(o: { from: number; to: number; pct: string }): string;
  needTwoYears(o: { office: string; have: number[] }): string;
  /** With one stored year: the change the report's own prose states. */
  statedChange(o: { office: string; year: number; line: number; sentence: string }): string;
  reportTextPart: string;
  trendHead(o: { office: string; metric: string; years: number[] }): string;
  trendLine(o: { year: number; value: string }): string;
  trendPeak(o: { years: number[]; value: string; most: boolean }): string;
  trendOnly(o: { office: string; have: number[]; asked: number | null }): string;

  // ---- across offices ----
  scope(o: { region?: string; kind?: string }): string;
  eachScope(o: { region?: string; kind?: string }): string;
  noRowInFormat(o: { year: number; formats: string; metric: string }): string;
  leftOut(o: { count: number; names: string[] }): string;
  flagged(o: { count: number; names: string[] }): string;
  eachDerived(): string;
  sum(o: { year: number; scope: string; reports: number; metric: string; total: string }): string;
  sumParts(o: { parts: string[]; more: boolean; rest: number }): string;
  sumPart(o: { office: string; value: string }): string;
  rankHead(o: { year: number; metric: string; most: boolean; scope: string; reports: number }): string;
  rankLine(o: { n: number; office: string; value: string; approximate: boolean }): string;
  rankTie(o: { ties: number; value: string; unit: string }): string;
  rankFlagged(names: string[]): string;
  count(o: { year: number; offices: number; metric: string; unit: string; positive: OfficeValue[] }): string;
  whichHead(o: { year: number; metric: string; positive: number; offices: number }): string;
  whichLine(o: { office: string; value: string }): string;
  whichMore(count: number): string;
  eachHead(o: { year: number; scope: string; metric: string; offices: number }): string;
  eachLine(o: { office: string; value: string | null; approximate: boolean }): string;
  eachMore(o: { rest: number; shown: number }): string;
  eachNone(): string;
  eachOutOfFormat(o: { count: number; formats: string; names: string[] }): string;

  // ---- checks ----
  findingsAcross(o: { year: number; reports: number; failing: { office: string; findings: Finding[] }[] }): string;

  // ---- offices ----
  /** Offices in a region. */
  regionOffices(o: { region: string; names: string[] }): string;
  noRegionOffices(region: string): string;
  officeYears(o: { office: string; years: number[] }): string;

  // ---- a report's own problems (part 五) ----
  noPart5(title: string): string;
  ownHead(o: { title: string; heading: string; labelled: boolean }): string;
  improvementsOf(o: { title: string; heading: string }): string;
  noItems: string;
  improvementsHead: string;
  item(o: { n: number; topic?: string; text: string; line: number }): string;
  findingsHead(o: { title: string; count: number; labelled: boolean }): string;
  bothIntro(title: string): string;
  problemsAcross(year: number): string;
  problemsMore(o: { count: number; names: string[] }): string;

  // ---- dates and passages ----
  undated(title: string): string;
  dated(o: { title: string; date: string; y: number; m: number; d: number }): string;
  dateWarning(f: Finding, facts: Facts): string;
  datePart(found: boolean): string;
  passageReport(o: { office: string; year: number }): string;
  passageOpening: string;
  passageQuote(o: { office: string; year: number; part: string; line: number; quote: string }): string;
  writtenSources(cites: { n: string; report: string }[]): string;
}

/** The wording of one language: phrases.ts's `phrases` fits. */
export type WordingFor = (lang: Lang) => Wording;
