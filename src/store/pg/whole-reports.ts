// Whole reports read from PostgreSQL in one statement: each report's row with its facts and
// findings (as arrays, which the driver parses element by element exactly as it parses the
// columns themselves), its office, the office's aliases and, for a namesake, its files —
// what getReport read in six statements over three round trips. An answer on a shared
// database waits for each round trip (~1 ms over loopback, more across a network), so
// a fact answer reads its office's reports and the one it quotes in one go (officeReport),
// and a list of reports is one statement however many it names (getReports). One
// statement is also one snapshot: no report is paired with facts of another moment.
import type { QueryResultRow } from 'pg';
import {
  type FactRow,
  type FindingRow,
  type FullReportRow,
  type OfficeRow,
  type ReportRow,
  toOffice,
  toStoredReport,
} from '../rows.js';
import type { StoredReport } from '../types.js';

/** The summary columns of reports `r` (rows.ts' SUMMARY_COLS, qualified). */
const SUMMARY = `r.id, r.office_id, r.office_name, r.year, r.format, r.source_file, r.content_hash,
  r.ingested_at, r.report_date, r.incomplete, r.superseded_by`;

/**
 * Everything beyond a report's summary, for the row of reports `r` the query is at, as a
 * LATERAL subquery. Orders as getReport's separate reads had them: facts by fact id in
 * byte order (SQLite's primary key), findings by seq, aliases in byte order, a namesake's
 * current files by year and id.
 */
const WHOLE = `SELECT r.text, r.parts, r.extra_rows, r.origin,
    o.name AS o_name, o.norm_name AS o_norm_name, o.region AS o_region, o.region_key AS o_region_key,
    o.kind AS o_kind, o.namesake AS o_namesake,
    f.fact_ids, f.fact_values, f.fact_approx, f.fact_units, f.fact_lines, f.fact_cells,
    g.codes, g.severities, g.finding_ids, g.messages,
    ARRAY(SELECT a.alias FROM office_aliases a WHERE a.office_id = o.id ORDER BY a.alias COLLATE "C") AS aliases,
    CASE WHEN EXISTS (SELECT 1 FROM offices o2 WHERE o2.norm_name = o.norm_name AND o2.region_key = o.region_key
        AND o2.id <> o.id)
      THEN ARRAY(SELECT r2.source_file FROM reports r2 WHERE r2.office_id = o.id AND r2.superseded_by IS NULL
        ORDER BY r2.year, r2.id) END AS files
  FROM offices o
  LEFT JOIN LATERAL (SELECT array_agg(fact_id ORDER BY fact_id COLLATE "C") AS fact_ids,
      array_agg(value ORDER BY fact_id COLLATE "C") AS fact_values,
      array_agg(approximate ORDER BY fact_id COLLATE "C") AS fact_approx,
      array_agg(unit ORDER BY fact_id COLLATE "C") AS fact_units,
      array_agg(line ORDER BY fact_id COLLATE "C") AS fact_lines,
      array_agg(cell ORDER BY fact_id COLLATE "C") AS fact_cells
    FROM facts WHERE report_id = r.id) f ON true
  LEFT JOIN LATERAL (SELECT array_agg(code ORDER BY seq) AS codes, array_agg(severity ORDER BY seq) AS severities,
      array_agg(ids ORDER BY seq) AS finding_ids, array_agg(message ORDER BY seq) AS messages
    FROM findings WHERE report_id = r.id) g ON true
  WHERE o.id = r.office_id`;

/** A row of the statements below: a summary, and the rest where the report was read whole. */
export interface WholeRow extends ReportRow, QueryResultRow {
  /** officeReport: true on the row read whole. */
  picked?: boolean;
  text: string | null;
  parts: string;
  extra_rows: string;
  origin: string;
  o_name: string;
  o_norm_name: string;
  o_region: string | null;
  o_region_key: string;
  o_kind: string;
  o_namesake: number;
  fact_ids: string[] | null;
  fact_values: (number | null)[] | null;
  fact_approx: boolean[] | null;
  fact_units: (string | null)[] | null;
  fact_lines: (number | null)[] | null;
  fact_cells: (string | null)[] | null;
  codes: string[] | null;
  severities: string[] | null;
  finding_ids: string[] | null;
  messages: string[] | null;
  aliases: string[];
  files: string[] | null;
}

/** Reports by id, whole, in the order of `$1` (int[]); an id not stored gives no row. */
export const REPORTS_BY_ID = `SELECT ${SUMMARY}, x.* FROM unnest($1::int[]) WITH ORDINALITY w(id, n)
  JOIN reports r ON r.id = w.id CROSS JOIN LATERAL (${WHOLE}) x ORDER BY w.n`;

/**
 * An office's (`$1`) current reports as currentReports lists them (by year), one of them read
 * whole (`picked`): the one of year `$2`, or, when it has none or `$2` is null, its latest.
 */
export const OFFICE_REPORT = `SELECT ${SUMMARY}, (r.id = p.id) AS picked, x.* FROM reports r
  CROSS JOIN (SELECT id FROM reports WHERE office_id = $1 AND superseded_by IS NULL
    ORDER BY (year = $2::int) IS TRUE DESC, year DESC LIMIT 1) p
  LEFT JOIN LATERAL (${WHOLE} AND r.id = p.id) x ON true
  WHERE r.office_id = $1 AND r.superseded_by IS NULL ORDER BY r.year, r.office_id`;

/** The stored report a row read whole holds (the same object getReport's separate reads built). */
export function toWholeReport(row: WholeRow): StoredReport {
  const office: OfficeRow = {
    id: row.office_id,
    name: row.o_name,
    norm_name: row.o_norm_name,
    region: row.o_region,
    region_key: row.o_region_key,
    kind: row.o_kind,
    namesake: row.o_namesake,
  };
  const ids = row.fact_ids ?? [];
  const facts: FactRow[] = ids.map((fact_id, i) => ({
    fact_id,
    value: row.fact_values![i],
    approximate: row.fact_approx![i],
    unit: row.fact_units![i],
    line: row.fact_lines![i],
    cell: row.fact_cells![i],
  }));
  const findings: FindingRow[] = (row.codes ?? []).map((code, i) => ({
    code,
    severity: row.severities![i],
    ids: row.finding_ids![i],
    message: row.messages![i],
  }));
  return toStoredReport(
    row as WholeRow & FullReportRow,
    toOffice(office, row.aliases, row.files ?? undefined),
    facts,
    findings,
  );
}
