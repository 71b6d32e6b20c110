import type { FactId, ReportFormat } from '../catalogue/facts.js';
import type { ProseFact } from './prose-facts.js';
import type { ReportProblems } from './problems.js';

export type OfficeKind = '部门' | '乡镇' | '街道' | '县级以上人民政府' | '其他';

export interface OfficeInfo {
  /** The body's name as its title gives it, e.g. 芝罘区只楚街道办事处. */
  name: string;
  /** Region named in the text (省/市/区/县), e.g. 山东省烟台市芝罘区; null when the text names none. */
  region: string | null;
  kind: OfficeKind;
  /** Short names people use: 只楚, 只楚街道, 只楚街道办事处 … (always includes name). */
  aliases: string[];
}

export type Severity = 'error' | 'warning' | 'info';

export type FindingCode =
  | 'balance'
  | 'handled_sum'
  | 'column_sum'
  | 'review_sum'
  | 'litigation_sum'
  | 'missing_cell'
  | 'missing_part'
  | 'prose_mismatch'
  | 'date'
  | 'incomplete'
  | 'unit'
  | 'ambiguous_cells'
  | 'implausible';

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** The fact ids the finding is about. */
  ids: FactId[];
  /** Chinese, for a supervisor to read: names the cells and the numbers on both sides. */
  message: string;
}

/** Where a value came from: 1-based line of the text, and the cell as written. */
export interface Provenance {
  line: number;
  cell: string;
}

export type AmountUnit = '万元' | '元' | 'unknown';

export interface ReportPart {
  part: 1 | 2 | 3 | 4 | 5 | 6;
  heading: string;
  /** 1-based line where the part starts. */
  line: number;
  /** 1-based line of the part's last line. */
  endLine: number;
}

/** A row the report prints that the template does not have (e.g. 其他主动公开文件). */
export interface ExtraRow {
  table: 'A' | 'B' | 'C';
  label: string;
  values: (number | null)[];
  line: number;
}

/** What `parse --json` prints: the spec's shape plus provenance extras. */
export interface ParsedReport {
  file?: string;
  office: string | null;
  year: number | null;
  format: ReportFormat | null;
  facts: Record<FactId, number | null>;
  approximate: FactId[];
  findings: Finding[];
  // ---- extras (the spec welcomes them) ----
  region: string | null;
  kind: OfficeKind | null;
  aliases: string[];
  /** The report's own date (落款), ISO yyyy-mm-dd. */
  date: string | null;
  /** True when the text stops before the end of table C / part 6. */
  incomplete: boolean;
  units: Record<FactId, AmountUnit>;
  provenance: Record<FactId, Provenance>;
  parts: ReportPart[];
  extraRows: ExtraRow[];
  /** Where office, year and region came from (always set by parseReport). */
  origin?: ReportOrigin;
  /** Every numeric statement of the prose (always set by parseReport). */
  proseFacts?: ProseFact[];
  /** Part 五's own problems and improvements (always set by parseReport). */
  problems?: ReportProblems;
}

// ---- where a report's office, year and region came from ----

export type OfficeSource = 'title' | 'metadata' | 'signature' | 'prose' | 'filename' | 'option';
export type YearSource = 'title' | 'period' | 'prose' | 'filename' | 'option';
export type RegionSource = 'text' | 'option';

export interface Origin<S extends string> {
  from: S;
  /** 1-based line of the text it was read from, where one line says it. */
  line?: number;
  /** What the text said, when an option (--office/--year/--region) replaced it. */
  replaced?: string | number;
}

export interface ReportOrigin {
  office: Origin<OfficeSource> | null;
  year: Origin<YearSource> | null;
  region: Origin<RegionSource> | null;
}
