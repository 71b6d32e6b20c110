import type { FactId, ReportFormat } from '../catalogue/facts.js';
import type {
  AmountUnit,
  ExtraRow,
  Finding,
  OfficeKind,
  OfficeSource,
  Origin,
  ParsedReport,
  Provenance,
  ReportPart,
  YearSource,
} from '../parse/types.js';
import type { ProseFact } from '../parse/prose-facts.js';
import type { SentLedger } from './ledger-types.js';

export interface Office {
  id: number;
  /** The name as the first stored report gave it. */
  name: string;
  region: string | null;
  kind: OfficeKind;
  /** Every name and short name seen for this office (includes `name`). */
  aliases: string[];
  /**
   * Set only for an office that shares its name and region with another (reports of
   * one year that no region told apart): the files of its current reports, which is
   * all that tells the namesakes apart until someone says where each is.
   */
  files?: string[];
}

/**
 * Where a stored report's region came from, in the order they are tried: its text,
 * `--region`, a manifest row for its file, the folder it sits in
 * (`--region-from-folder`), the registry (`offices:` claims the name), or a later
 * assignment (`nianbao assign`, 指定地区).
 */
export type RegionFrom = 'text' | 'option' | 'manifest' | 'folder' | 'registry' | 'assign';

/** Where a report's office, year and region came from, as stored with it. */
export interface FiledOrigin {
  office: Origin<OfficeSource | 'manifest'> | null;
  year: Origin<YearSource | 'manifest'> | null;
  /** `value`: the region the report was filed under; `source`: the manifest or folder that said it. */
  region: (Origin<RegionFrom> & { value: string; source?: string }) | null;
}

/**
 * One fact's cells over a year's reports (Store.yearFigures), by each report's place in
 * `reports`: typed columns, not an object or a boxed number a cell (~17,000 a year at
 * 100,000 reports). `state` says which cells there are (src/store/year-list.ts: CELL_NONE,
 * CELL_BLANK, CELL_NUMBER).
 */
export interface YearColumn {
  /** The value where `state` is CELL_NUMBER (2); 0 elsewhere. */
  values: Float64Array;
  /** 0 where the report has no such cell, 1 where it leaves the cell blank, 2 where it holds a number. */
  state: Uint8Array;
  /** 1 where the cell is approximate. */
  approximate: Uint8Array;
}

/**
 * A year's current reports, by office (as yearReports lists them), as columns: place i is
 * one report. Shared between answers until the store changes: never changed by a reader.
 */
export interface YearReportColumns {
  readonly length: number;
  readonly ids: Int32Array;
  readonly officeIds: Int32Array;
  /** The office's name as each report gives it. */
  readonly names: readonly string[];
  readonly formats: readonly ReportFormat[];
}

/** What a sum or ranking over a year reads (Store.yearFigures): current reports only. */
export interface YearFigures {
  /** The year's current reports, by office (as yearReports), as columns. */
  reports: YearReportColumns;
  /** For each fact id asked, in that order: its cells, read at each call. */
  cells: YearColumn[];
  /** The findings of those reports, by report id (as findingsByReport). */
  findings: ReadonlyMap<number, Finding[]>;
}

/** A current report as a list over a year names it (Store.yearReports). */
export type YearReport = Pick<ReportSummary, 'id' | 'officeId' | 'officeName' | 'year' | 'format'>;

export interface ReportSummary {
  id: number;
  officeId: number;
  /** The office's name as this report gives it. */
  officeName: string;
  year: number;
  format: ReportFormat;
  sourceFile: string;
  contentHash: string;
  /** ISO timestamp. */
  ingestedAt: string;
  /** The report's own date (落款), yyyy-mm-dd. */
  reportDate: string | null;
  incomplete: boolean;
  /** Id of the report that replaced this one; null for the current one. */
  supersededBy: number | null;
}

/** An office's current reports and the one an answer reads whole (Store.officeReport). */
export interface OfficeReports {
  /** The office's current reports, by year ascending (as currentReports({ officeId })). */
  reports: ReportSummary[];
  /** The report of the year asked, else the latest; null when the office has none. */
  report: StoredReport | null;
}

export interface StoredReport extends ReportSummary {
  office: Office;
  text: string;
  facts: Record<FactId, number | null>;
  approximate: FactId[];
  /** The unit each fact was stored with: 万元/元/unknown for amounts, else the catalogue's unit. */
  units: Record<FactId, AmountUnit | string>;
  provenance: Record<FactId, Provenance>;
  findings: Finding[];
  parts: ReportPart[];
  extraRows: ExtraRow[];
  /** Where office, year and region came from (null parts for reports stored before it was kept). */
  origin: FiledOrigin;
}

export interface FactValue {
  officeId: number;
  reportId: number;
  year: number;
  value: number | null;
  approximate: boolean;
  unit: string | null;
}

/** One distinct head of a year's prose facts (phrase, verb, kind, unit): what matching tests before any fact is read. */
export interface ProseFactHead {
  phrase: string;
  verb: string | null;
  kind: ProseFact['kind'];
  unit: string;
}

/** A prose fact as stored: the parser's fact and the report it belongs to. */
export interface StoredProseFact extends ProseFact {
  reportId: number;
  officeId: number;
  /** The office's name as the report gives it. */
  officeName: string;
  year: number;
}

export interface SaveInput {
  parsed: ParsedReport;
  /** The full original text (what was parsed). */
  text: string;
  sourceFile: string;
  /**
   * Where office, year and region came from, when the caller filled in what the
   * text lacks (a manifest, the folder, the registry); default: the parse's own
   * origin, with `parsed.region` as the region.
   */
  origin?: FiledOrigin;
  /**
   * The text's UTF-8 where the caller holds it (ingest: a UTF-8 file's own bytes): hashed and
   * kept as they are, not encoded from the text again. Must be exactly the text's UTF-8. A store
   * may hold on to them until its search index reads the text (SQLite): not changed after the save.
   */
  utf8?: Uint8Array;
}

/**
 * `conflict`: the store holds another report of that year under the same name and no
 * region tells the two apart; both are kept, the new one under a namesake office.
 */
export type SaveOutcome = 'added' | 'unchanged' | 'replaced' | 'conflict';

export interface SaveResult {
  outcome: SaveOutcome;
  reportId: number;
  officeId: number;
  /** On a conflict: the report of that year already held under the same name. */
  conflictWith?: ReportSummary;
}

/** Current reports of one year under one name and region, kept apart (namesake offices). */
export interface Conflict {
  name: string;
  region: string | null;
  year: number;
  reports: ReportSummary[];
}

export interface AssignResult {
  /** The office the report was filed under, and the one it is filed under now. */
  from: Office;
  to: Office;
  /** The report and its earlier versions of that year, now under `to`. */
  moved: number[];
  /** The report `to` held for that year, now superseded by the moved one (kept in history). */
  replaced: ReportSummary | null;
  /** `from` held nothing else and was removed. */
  removedOffice: boolean;
}

/** Current reports as two aligned columns: `reportIds[i]` is filed under `officeIds[i]`. */
export interface ReportOffices {
  reportIds: Int32Array;
  officeIds: Int32Array;
}

export interface StoreCounts {
  offices: number;
  /** Every stored report, superseded ones included. */
  reports: number;
  /** Current reports only. */
  current: number;
  facts: number;
}

export interface Store {
  /** Where the database lives (':memory:' for a throwaway store). */
  readonly path: string;
  saveReport(input: SaveInput): SaveResult;
  listOffices(): Office[];
  getOffice(officeId: number): Office | null;
  /** Offices one of whose names or short names is exactly `alias` (width and spaces ignored). */
  officesByAlias(alias: string): Office[];
  /** The current report whose text has this sha256, if any (lets ingest skip parsing unchanged files). */
  currentByHash(contentHash: string): ReportSummary | null;
  currentReports(filter?: { year?: number; officeId?: number }): ReportSummary[];
  /**
   * Every current report's id and office, by office then year, as two columns (no summary a
   * report): what a search index's sync compares with at every start (100,000 reports).
   */
  currentReportOffices(): ReportOffices;
  /**
   * The current reports of a year, by office: what a sum or ranking over the year lists,
   * read from an index alone (no file, hash or dates: a report's row holds its text).
   */
  yearReports(year: number): YearReport[];
  getReport(reportId: number): StoredReport | null;
  /**
   * Reports by id, whole, in the order asked (null for an id not stored): what an answer
   * citing several reports reads, in one statement on PostgreSQL rather than one a report.
   */
  getReports(reportIds: readonly number[]): (StoredReport | null)[];
  /**
   * An office's current reports (as currentReports lists them) and, read whole with them,
   * the one of `year`, or when it has none or `year` is null, its latest: what a fact
   * answer reads, in one statement on PostgreSQL.
   */
  officeReport(officeId: number, year: number | null): OfficeReports;
  /** A report's text alone (the search index chunks it: no facts, findings or parts read). */
  reportText(reportId: number): string | null;
  /**
   * reportText of each id, in the order asked (null for an id not stored), in a statement or
   * a few: the index step reads every new report's text (absent: reportText a report).
   */
  reportTexts?(reportIds: readonly number[]): (string | null)[];
  /** Every version stored for this office and year, oldest first. */
  reportHistory(officeId: number, year: number): ReportSummary[];
  /** One row per current report that shows this fact (value null for a blank cell). */
  factValues(factId: FactId, year?: number): FactValue[];
  /**
   * Prose facts of current reports (or of one report, current or not, by reportId),
   * by year, office and line.
   */
  proseFacts(filter?: { officeId?: number; year?: number; reportId?: number }): StoredProseFact[];
  /**
   * The distinct heads of a year's current prose facts, in no set order: a year holds ~63,000
   * facts at 100,000 reports but a few hundred heads, and a question can match only a fact
   * whose head it names. Year null: the heads of every stored prose fact, of any year and of
   * replaced reports too (a superset of each year's, read in one pass).
   */
  proseFactHeads(year: number | null): ProseFactHead[];
  /**
   * A year's current prose facts of these phrases, in proseFacts({ year })'s order, each with its seq;
   * with `sentenceHolds`, at least those whose sentence holds one of its strings (a store may return more).
   * Year null: every year's, in proseFacts()'s order (year first).
   */
  proseFactsNamed(
    year: number | null,
    phrases: readonly string[],
    sentenceHolds?: readonly string[],
  ): { fact: StoredProseFact; seq: number }[];
  /** Changes whenever prose facts are written (the newest report read for them): for caches. Cheap. */
  proseFactsStamp(): number;
  /** Current reports never read for prose facts (stored before the table existed). */
  reportsWithoutProseFacts(): number[];
  /** Replaces a report's prose facts and records that it was read for them. */
  saveProseFacts(reportId: number, facts: readonly ProseFact[]): void;
  /** Current reports of one year kept apart under one name and region, oldest first. */
  conflicts(): Conflict[];
  /** Reports (current ones first) whose file is this path, or, failing that, whose path ends with it (a name, b/name). */
  reportsByFile(file: string): ReportSummary[];
  /**
   * Says where a current report's office is: moves it (with its earlier versions of
   * that year) to the office of that name in `region`, created if needed. Where that
   * office holds the year, the moved report becomes its current version.
   */
  assignRegion(reportId: number, region: string): AssignResult;
  /** Years that have at least one current report, ascending. */
  years(): number[];
  /**
   * Everything a sum or ranking over a year reads, in one call: the year's current reports
   * (yearReports), their cells of these facts, their findings (findingsByReport). Each from one
   * index range (schema 8), never a lookup per report: ~17,000 reports a year at 100,000. SQLite
   * keeps a year's reports and findings between calls until the store changes (its own writes,
   * another connection's commits); the cells are read at every call.
   */
  yearFigures(year: number, factIds: readonly FactId[]): YearFigures;
  /** The findings of every current report of a year, by report id (for sums and rankings that flag them). */
  findingsByReport(year: number): Map<number, Finding[]>;
  /**
   * A number that changes whenever another connection (another process: `nianbao
   * ingest` beside a running bot) commits to the database. Cheap: no table is read.
   */
  externalChanges(): number;
  counts(): StoreCounts;
  /**
   * Many saves in one transaction (ingest): until commitBatch(), saveReport and the other
   * writes share one open transaction, each still its own savepoint (a report that fails
   * rolls back alone). One commit per report costs more than the report's rows; in
   * batches ingest stores about three times as many reports a second. Another process
   * waits to write while a batch is open (busy_timeout): commit often (src/ingest/batch.ts).
   * Nested calls are counted: only the outermost commitBatch() commits.
   */
  beginBatch(): void;
  /** Commits the batch beginBatch() opened (the outermost one); a no-op when none is open. */
  commitBatch(): void;
  /**
   * The reminders' sent ledger and pause list, in this store's database (its tables are
   * part of the schema). `now` stamps the rows (tests); each call gives a fresh view of
   * the same rows.
   */
  ledger(now?: () => Date): SentLedger;
  close(): void;
}
