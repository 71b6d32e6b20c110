// What the engine answers, as data: one variant per shape of answer, each with the
// numbers it found (value, facts), where they came from (sources) and what a reader
// must know about them (caveats), and the data its wording needs (the parts of a sum,
// the rows of a ranking, the inputs of a rate). No sentence here: src/render words a
// Result in Chinese or English (render/answer.ts), and nothing above ask reads the store.
import type { FactId, ReportFormat } from '../catalogue/facts.js';
import type { ReportItem } from '../parse/problems.js';
import type { Finding } from '../parse/types.js';
import type { StoredProseFact } from '../store/index.js';
import type { AnswerFact, AnswerKind, AskContext, Lang, Metric, NotUnderstood } from './types.js';

/** A report's values by fact id, for wording a finding from them. */
export type Facts = Readonly<Record<FactId, number | null>>;

/** A report as a title names it (the file by its base name). */
export interface ReportRef {
  officeName: string;
  year: number;
  sourceFile: string;
}

/** Why a reading has no number. */
export type Missing = 'blank' | 'absent' | 'not_in_format';

/** One figure of one report: the number, or why there is none. */
export interface Figure {
  value: number | null;
  missing?: Missing;
  format: ReportFormat;
}

/** What a reader must know about a figure. */
export type Caveat =
  | { kind: 'approximate'; cell: string | undefined }
  | { kind: 'derived'; cells: number }
  | { kind: 'check'; finding: Finding; facts: Facts };

/** Where a number or a quote came from. */
export type SourceRef =
  | { kind: 'cell'; report: ReportRef; id: FactId; line: number; excerpt: string }
  | { kind: 'finding'; report: ReportRef; finding: Finding; facts: Facts }
  | { kind: 'stated'; report: ReportRef; line: number; excerpt: string }
  | { kind: 'date'; report: ReportRef; found: boolean; excerpt: string; line?: number }
  | { kind: 'passage'; office: string; year: number; part: string; line: number; excerpt: string }
  /** A number the prose states: its sentence, line and part (1–6, when known). */
  | { kind: 'prose'; report: ReportRef; part: number | null; excerpt: string; line: number }
  /** An item of part 五 (存在的主要问题), under the part's heading. */
  | { kind: 'item'; report: ReportRef; part: string; excerpt: string; line: number };

/** Why the year answered is not the year asked, or why there is no report at all. */
export type YearNote =
  | { kind: 'no-reports'; office: string }
  | { kind: 'no-report-of-year'; office: string; year: number | null; have: number[] }
  | { kind: 'latest-instead'; office: string; year: number | null; latest: number }
  | { kind: 'nothing-stored' }
  | { kind: 'no-year'; year: number | null; have: number[] }
  | { kind: 'latest-year-instead'; year: number | null; latest: number }
  /** No report of the latest year states a prose number; `stated` is the latest year that does. */
  | { kind: 'not-stated-in'; year: number; stated: number };

/** One office's figure in a list (a sum's parts, a ranking's rows, an 'each' list). */
export interface OfficeValue {
  office: string;
  /** null: the report leaves it blank. */
  value: number | null;
  approximate: boolean;
}

/** The offices a list across offices covers. */
export interface Scope {
  region?: string;
  kind?: string;
}

/** The numbers every result carries, whatever its words. */
export interface Found {
  kind: AnswerKind;
  value: number | null;
  facts: AnswerFact[];
  sources: SourceRef[];
}

/** A figure of a report in a list, with its year. */
export interface YearFigure {
  year: number;
  figure: Figure;
}

export type Result = Found &
  (
    | { shape: 'no-report'; note: YearNote }
    | {
        shape: 'fact';
        note: YearNote | null;
        office: string;
        year: number;
        metric: Metric;
        figure: Figure;
        /** How the question asked: the number, whether it is above zero, or whether it is a given number. */
        asked: { kind: 'value' } | { kind: 'exists' } | { kind: 'claimed'; claimed: number };
        caveats: Caveat[];
      }
    | { shape: 'no-rate'; note: YearNote | null; metric: Metric }
    | {
        shape: 'rate';
        note: YearNote | null;
        office: string;
        year: number;
        metric: Metric;
        base: Metric;
        /** null when either number is missing or the base is 0 (den then says which). */
        pct: string | null;
        num: number | null;
        den: number | null;
        caveats: Caveat[];
      }
    | { shape: 'years-missing'; office: string; missing: number[]; have: number[] }
    /** total null: a year's figure is missing, and the years are listed instead. */
    | {
        shape: 'years-sum';
        office: string;
        metric: Metric;
        years: YearFigure[];
        total: number | null;
        caveats: Caveat[];
      }
    /** total null: the rows differ in unit or one is missing, and they are listed instead. */
    | {
        shape: 'rows-sum';
        note: YearNote | null;
        office: string;
        year: number;
        rows: { metric: Metric; figure: Figure }[];
        total: number | null;
        caveats: Caveat[];
      }
    | {
        shape: 'named-sum';
        notes: YearNote[];
        metric: Metric;
        /** null: a part is missing; `missing` says which. */
        total: number | null;
        parts: { office: string; year: number; figure: Figure }[];
        missing: { office: string; figure: Figure }[];
        caveats: Caveat[];
      }
    | { shape: 'compare-what' }
    | {
        shape: 'compare';
        notes: YearNote[];
        metric: Metric;
        sides: { office: string; year: number; figure: Figure }[];
        /** The first side less the second; null when either is missing. */
        diff: number | null;
        caveats: Caveat[];
      }
    | { shape: 'stated-change'; office: string; year: number; line: number; sentence: string }
    | { shape: 'need-two-years'; office: string; have: number[] }
    | {
        shape: 'change';
        office: string;
        metric: Metric;
        cur: YearFigure;
        prev: YearFigure;
        delta: number | null;
        caveats: Caveat[];
      }
    | {
        shape: 'trend-only';
        office: string;
        metric: Metric;
        have: number[];
        asked: number | null;
        one: YearFigure | null;
        stated: { year: number; line: number; sentence: string } | null;
      }
    | {
        shape: 'trend';
        office: string;
        metric: Metric;
        rows: YearFigure[];
        peak: { years: number[]; value: number; most: boolean } | null;
        caveats: Caveat[];
      }
    | { shape: 'no-row'; year: number; formats: string; metric: Metric }
    | {
        shape: 'sum';
        note: YearNote | null;
        year: number;
        scope: Scope;
        metric: Metric;
        reports: number;
        total: number;
        /** The offices above zero, most first (the first eight are named). */
        parts: OfficeValue[];
        zeros: number;
        across: AcrossNotes;
      }
    | {
        shape: 'rank';
        note: YearNote | null;
        year: number;
        scope: Scope;
        metric: Metric;
        most: boolean;
        reports: number;
        rows: OfficeValue[];
        tie: { ties: number; value: number } | null;
        /** The offices shown whose reports fail a check touching the figure. */
        failing: string[];
        across: AcrossNotes;
      }
    | {
        shape: 'count';
        note: YearNote | null;
        year: number;
        metric: Metric;
        offices: number;
        positive: OfficeValue[];
        across: AcrossNotes;
      }
    | {
        shape: 'which';
        note: YearNote | null;
        year: number;
        metric: Metric;
        offices: number;
        positive: OfficeValue[];
        across: AcrossNotes;
      }
    | {
        shape: 'each';
        note: YearNote | null;
        year: number;
        scope: Scope;
        metric: Metric;
        offices: number;
        rows: OfficeValue[];
        /** Offices beyond those shown. */
        rest: number;
        shown: number;
        outOfFormat: { formats: string; names: string[] } | null;
        across: AcrossNotes;
      }
    | {
        shape: 'findings-across';
        note: YearNote | null;
        year: number;
        reports: number;
        failing: { office: string; findings: Finding[] }[];
      }
    | {
        shape: 'findings';
        note: YearNote | null;
        report: ReportRef;
        /** The template the report follows ('2019', '2021'). */
        format: ReportFormat;
        findings: Finding[];
        values: Facts;
        /** The text stops before the tables or part 六. */
        incomplete: boolean;
        /** The office's other stored years, newest first. */
        otherYears: number[];
      }
    | { shape: 'region-offices'; note: YearNote | null; region: string; offices: { office: string; years: number[] }[] }
    | {
        shape: 'offices';
        note: YearNote | null;
        year: number | null;
        offices: { office: string; region: string | null; years: number[] }[];
      }
    | { shape: 'undated'; note: YearNote | null; report: ReportRef }
    | {
        shape: 'dated';
        note: YearNote | null;
        report: ReportRef;
        date: string;
        warning: { finding: Finding; facts: Facts } | null;
      }
    | {
        shape: 'passage';
        office: string;
        year: number;
        /** The part's heading; null for the text before part 一. */
        part: string | null;
        line: number;
        quote: string;
        /** A language model's wording of the passages, with the passages it cites (1-based). */
        written: { text: string; citations: string[] } | null;
      }
    /** "Problems": part 五's own items, and the checks' findings when the question may mean both. */
    | {
        shape: 'problems';
        /** Across the offices of a year: the first reports' sections, the rest named. */
        across: { year: number; more: { count: number; names: string[] } | null } | null;
        notes: YearNote[];
        sections: ProblemSection[];
      }
    /** Several metrics of one question, each answered in turn. */
    | { shape: 'several'; parts: Result[] }
    /** Numbers one report's prose states for the question (one, or several that fit). */
    | { shape: 'prose-one'; note: YearNote | null; stated: StoredProseFact[] }
    /** One phrase's numbers across the offices' prose: added, ranked, or listed. */
    | {
        shape: 'prose-across';
        note: YearNote | null;
        year: number;
        /** The phrase, as the first office's text writes it. */
        what: string;
        ask: 'sum' | 'rank' | 'which';
        order: 'desc' | 'asc';
        total: number | null;
        /** Some figure is a hedged one (180余条), so a total is too. */
        approximate: boolean;
        /** In the order shown; `ownWords` when an office's phrase is not the question's. */
        rows: { fact: StoredProseFact; ownWords: boolean }[];
        /** Offices whose phrase is worded otherwise, left out of a sum or ranking. */
        others: StoredProseFact[];
        /** Reports of the year that state no such number. */
        silent: number;
      }
    | { shape: 'help' }
    | { shape: 'too-long'; max: number }
    /** Why the rules cannot answer as asked (understand.ts): ask back, or refuse. */
    | { shape: 'not-understood'; reason: NotUnderstood }
  );

/** What of part 五 a question wants: the problems, the measures, or both. */
export type ProblemsFocus = 'problems' | 'improvements' | 'both';

/** One report's part 五, as its own reader splits it. */
export interface OwnProblems {
  report: ReportRef;
  /** The part's heading; null when the report has no part 五. */
  heading: string | null;
  focus: ProblemsFocus;
  problems: ReportItem[];
  improvements: ReportItem[];
  /** Shown beside the checks' findings (① and ②). */
  labelled: boolean;
}

/** A report's problems: its own part 五, and (when the question may mean either) the checks' findings. */
export type ProblemSection = OwnProblems & { findings?: { list: Finding[]; values: Facts } };

/** What lists across offices say besides their rows. */
export interface AcrossNotes {
  /** Some office's figure adds several cells. */
  derived: boolean;
  /** Offices whose reports leave the figure blank, left out of the list. */
  leftOut: string[];
  /** Offices whose figure is approximate or touched by a failed check (all, for the count; named up to five). */
  flagged: string[];
}

/** One answer as data, with what the question carried and corrected, and the context it leaves. */
export interface Outcome {
  lang: Lang;
  result: Result;
  /** Names corrected on the way (只初 → 只楚). */
  understood: { said: string; as: string }[];
  /** What a follow-up took over, named. */
  carried: { offices?: string[]; metric?: Metric; year?: number; question?: string } | null;
  context?: AskContext;
}
