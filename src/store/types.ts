import type Database from 'better-sqlite3';
import type { FactId, ReportFormat } from '../spec/facts.js';
import type { AmountUnit, ExtraRow, Finding, OfficeKind, ParsedReport, Provenance, ReportPart } from '../parse/types.js';
import type { ProseFact } from '../parse/prose-facts.js';

export interface Office {
  id: number;
  /** The name as the first stored report gave it. */
  name: string;
  region: string | null;
  kind: OfficeKind;
  /** Every name and short name seen for this office (includes `name`). */
  aliases: string[];
}

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
}

export interface FactValue {
  officeId: number;
  reportId: number;
  year: number;
  value: number | null;
  approximate: boolean;
  unit: string | null;
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
}

export type SaveOutcome = 'added' | 'unchanged' | 'replaced';

export interface SaveResult {
  outcome: SaveOutcome;
  reportId: number;
  officeId: number;
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
  /** The open connection, for modules that own later tables (text chunks, reminder ledger). */
  readonly db: Database.Database;
  saveReport(input: SaveInput): SaveResult;
  listOffices(): Office[];
  getOffice(officeId: number): Office | null;
  /** Offices one of whose names or short names is exactly `alias` (width and spaces ignored). */
  officesByAlias(alias: string): Office[];
  /** The current report whose text has this sha256, if any (lets ingest skip parsing unchanged files). */
  currentByHash(contentHash: string): ReportSummary | null;
  currentReports(filter?: { year?: number; officeId?: number }): ReportSummary[];
  getReport(reportId: number): StoredReport | null;
  /** Every version stored for this office and year, oldest first. */
  reportHistory(officeId: number, year: number): ReportSummary[];
  /** One row per current report that shows this fact (value null for a blank cell). */
  factValues(factId: FactId, year?: number): FactValue[];
  /**
   * Prose facts of current reports (or of one report, current or not, by reportId),
   * by year, office and line.
   */
  proseFacts(filter?: { officeId?: number; year?: number; reportId?: number }): StoredProseFact[];
  /** Changes whenever prose facts are written (the newest report read for them): for caches. Cheap. */
  proseFactsStamp(): number;
  /** Current reports never read for prose facts (stored before the table existed). */
  reportsWithoutProseFacts(): number[];
  /** Replaces a report's prose facts and records that it was read for them. */
  saveProseFacts(reportId: number, facts: readonly ProseFact[]): void;
  /** Years that have at least one current report, ascending. */
  years(): number[];
  /** The findings of every current report of a year, by report id (for sums and rankings that flag them). */
  findingsByReport(year: number): Map<number, Finding[]>;
  /**
   * A number that changes whenever another connection (another process: `nianbao
   * ingest` beside a running bot) commits to the database. Cheap: no table is read.
   */
  externalChanges(): number;
  counts(): StoreCounts;
  close(): void;
}
