// Rows → the store's domain objects: one mapper per row kind, called by both backends
// (SQLite in index.ts and sqlite-ledger.ts, PostgreSQL in pg/store.ts and pg/ledger.ts), so a field is read one way everywhere.
// Pure: no I/O. The drivers differ only in small ways, normalised here: a flag is 0/1 in
// SQLite and a boolean in PostgreSQL; JSON columns are text in both.
import path from 'node:path';
import type { FactId, ReportFormat } from '../catalogue/facts.js';
import type { ExtraRow, Finding, OfficeKind, Provenance, ReportPart } from '../parse/types.js';
import { readOrigin } from './origin.js';
import { reportColumns, YearList } from './year-list.js';
import type { LedgerRow, LedgerStatus, PauseRow } from './ledger-types.js';
import type {
  FactValue,
  Office,
  ReportSummary,
  StoredProseFact,
  StoredReport,
  YearColumn,
  YearFigures,
  YearReport,
} from './types.js';

/** A boolean column: SQLite stores 0/1, PostgreSQL a boolean. */
export type Flag = number | boolean;

export function flag(v: Flag): boolean {
  return v === true || v === 1;
}

export interface OfficeRow {
  id: number;
  name: string;
  norm_name: string;
  region: string | null;
  region_key: string;
  kind: string;
  namesake: number;
}

export const OFFICE_COLS = 'id, name, norm_name, region, region_key, kind, namesake';

/** An office with its aliases and, for a namesake, the files that tell it apart (none: no `files`). */
export function toOffice(row: OfficeRow, aliases: string[], files: string[] | undefined): Office {
  return {
    id: row.id,
    name: row.name,
    region: row.region,
    kind: row.kind as OfficeKind,
    aliases,
    ...(files?.length ? { files } : {}),
  };
}

export interface ReportRow {
  id: number;
  office_id: number;
  office_name: string;
  year: number;
  format: string;
  source_file: string;
  content_hash: string;
  ingested_at: string;
  report_date: string | null;
  incomplete: Flag;
  superseded_by: number | null;
}

export const SUMMARY_COLS = `id, office_id, office_name, year, format, source_file, content_hash,
  ingested_at, report_date, incomplete, superseded_by`;

export function toSummary(r: ReportRow): ReportSummary {
  return {
    id: r.id,
    officeId: r.office_id,
    officeName: r.office_name,
    year: r.year,
    format: r.format as ReportFormat,
    sourceFile: r.source_file,
    contentHash: r.content_hash,
    ingestedAt: r.ingested_at,
    reportDate: r.report_date,
    incomplete: flag(r.incomplete),
    supersededBy: r.superseded_by,
  };
}

export type YearReportRow = Pick<ReportRow, 'id' | 'office_id' | 'office_name' | 'year' | 'format'>;

export function toYearReport(r: YearReportRow): YearReport {
  return { id: r.id, officeId: r.office_id, officeName: r.office_name, year: r.year, format: r.format as ReportFormat };
}

/**
 * One fact's cells over a year, every report of it (superseded ones too), as two flat lists
 * (no array a row): `keys[i]` is report id × 2 + 1 when approximate, `values[i]` its value.
 */
export interface YearCellRows {
  keys: readonly number[];
  values: readonly (number | null)[];
}

/**
 * A year's figures from its reads (PostgreSQL's; SQLite keeps its year lists, index.ts): the
 * current reports, each fact's cells (a superseded report's are left out here), the year's findings.
 */
export function toYearFigures(
  reports: readonly YearReport[],
  cellRows: readonly YearCellRows[],
  findingRows: readonly (FindingRow & { report_id: number })[],
): YearFigures {
  const list = YearList.of(
    reportColumns(reports),
    listsBy(findingRows, (f) => f.report_id, toFinding),
  );
  const cells = cellRows.map(({ keys, values }): YearColumn => {
    const column = list.column();
    for (let k = 0; k < keys.length; k++) list.set(column, keys[k], values[k]);
    return column;
  });
  return list.figures(cells);
}

export interface FindingRow {
  code: string;
  severity: string;
  ids: string;
  message: string;
}

export function toFinding(f: FindingRow): Finding {
  return {
    code: f.code as Finding['code'],
    severity: f.severity as Finding['severity'],
    ids: JSON.parse(f.ids) as FactId[],
    message: f.message,
  };
}

export interface ProseRow {
  report_id: number;
  seq: number;
  office_id: number;
  office_name: string;
  year: number;
  phrase: string;
  verb: string | null;
  lead: string;
  value: number;
  unit: string;
  hedge: string | null;
  bound: string;
  kind: string;
  sub: Flag;
  written: string;
  sentence: string;
  line: number;
  part: number | null;
}

export function toProseFact(r: ProseRow): StoredProseFact {
  return {
    reportId: r.report_id,
    officeId: r.office_id,
    officeName: r.office_name,
    year: r.year,
    phrase: r.phrase,
    verb: r.verb,
    lead: r.lead,
    value: r.value,
    unit: r.unit,
    hedge: r.hedge,
    bound: r.bound as StoredProseFact['bound'],
    kind: r.kind as StoredProseFact['kind'],
    sub: flag(r.sub),
    written: r.written,
    sentence: r.sentence,
    line: r.line,
    part: r.part,
  };
}

export interface FactRow {
  fact_id: string;
  value: number | null;
  approximate: Flag;
  unit: string | null;
  line: number | null;
  cell: string | null;
}

/** A report row with the columns getReport reads beside its summary. */
export interface FullReportRow extends ReportRow {
  text: string;
  parts: string;
  extra_rows: string;
  origin: string;
}

/** One stored report from its row, its office, its fact rows (in stored order) and its finding rows. */
export function toStoredReport(
  row: FullReportRow,
  office: Office,
  factRows: readonly FactRow[],
  findingRows: readonly FindingRow[],
): StoredReport {
  const facts: Record<FactId, number | null> = {};
  const units: Record<FactId, string> = {};
  const provenance: Record<FactId, Provenance> = {};
  const approximate: FactId[] = [];
  for (const f of factRows) {
    facts[f.fact_id] = f.value;
    if (f.unit !== null) units[f.fact_id] = f.unit;
    if (f.line !== null) provenance[f.fact_id] = { line: f.line, cell: f.cell ?? '' };
    if (flag(f.approximate)) approximate.push(f.fact_id);
  }
  return {
    ...toSummary(row),
    office,
    text: row.text,
    facts,
    approximate,
    units,
    provenance,
    findings: findingRows.map(toFinding),
    parts: JSON.parse(row.parts) as ReportPart[],
    extraRows: JSON.parse(row.extra_rows) as ExtraRow[],
    origin: readOrigin(row.origin),
  };
}

export interface FactValueRow {
  office_id: number;
  report_id: number;
  year: number;
  value: number | null;
  approximate: Flag;
  unit: string | null;
}

export function toFactValue(r: FactValueRow): FactValue {
  return {
    officeId: r.office_id,
    reportId: r.report_id,
    year: r.year,
    value: r.value,
    approximate: flag(r.approximate),
    unit: r.unit,
  };
}

/** `n` whole numbers ≥ 0 written as SQLite's group_concat writes them ('12,7,…'; null for none). */
export function intsOf(csv: string | null, n: number): Int32Array {
  const out = new Int32Array(n);
  if (csv === null) return out;
  let k = 0;
  let v = 0;
  for (let i = 0; i < csv.length; i++) {
    const c = csv.charCodeAt(i);
    if (c === 44) {
      out[k++] = v;
      v = 0;
    } else v = v * 10 + (c - 48);
  }
  out[k] = v;
  return out;
}

/** Rows gathered into lists by an id, each list in the rows' order (aliases, files, findings by owner). */
export function listsBy<R, V>(rows: Iterable<R>, id: (r: R) => number, value: (r: R) => V): Map<number, V[]> {
  const out = new Map<number, V[]>();
  for (const r of rows) {
    const list = out.get(id(r));
    if (list) list.push(value(r));
    else out.set(id(r), [value(r)]);
  }
  return out;
}

/**
 * The reports a file names as the user types it, when no stored path is exactly it: the
 * same path written otherwise (relative, `./`), else its last folders and name
 * (b/城关镇-2020.txt), with either slash. `all` in the order the answer should keep.
 */
export function matchReportFile<R extends { source_file: string }>(file: string, all: readonly R[]): R[] {
  const want = path.resolve(file);
  const resolved = all.filter((r) => path.resolve(r.source_file) === want);
  if (resolved.length) return resolved;
  const tail = `/${slashes(file).replace(/^\.?\/+/, '')}`;
  return all.filter((r) => `/${slashes(r.source_file)}`.endsWith(tail));
}

function slashes(p: string): string {
  return p.split('\\').join('/');
}

/** A row of reminder_sent, the reminder ledger's table. */
export interface LedgerSqlRow {
  key: string;
  office: string;
  year: number;
  step: string;
  room: string;
  text: string;
  status: LedgerStatus;
  created_at: string;
  sent_at: string | null;
}

export function toLedgerRow(r: LedgerSqlRow): LedgerRow {
  return {
    key: r.key,
    office: r.office,
    year: r.year,
    step: r.step,
    room: r.room,
    text: r.text,
    status: r.status,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

/** A row of reminder_paused. */
export interface PauseSqlRow {
  office_key: string;
  year: number;
  by: string;
  at: string;
}

export function toPauseRow(r: PauseSqlRow): PauseRow {
  return { officeKey: r.office_key, year: r.year, by: r.by, at: r.at };
}
