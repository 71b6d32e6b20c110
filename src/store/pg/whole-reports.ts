// Whole reports read from PostgreSQL in one statement: each report's row with its facts and
// findings (one JSON array each), its office, the office's aliases and, for a namesake, its files —
// what getReport read in six statements over three round trips. An answer on a shared
// database waits for each round trip (more across a network than over loopback), so
// a fact answer reads its office's reports and the one it quotes in one go (officeReport),
// and a list of reports is one statement however many it names (getReports). One
// statement is also one snapshot: no report is paired with facts of another moment.
import type { QueryResultRow } from 'pg';
import {
  type FindingRow,
  type FullReportRow,
  type OfficeRow,
  type ReportRow,
  toOffice,
  toStoredReport,
} from '../rows.js';
import type { FactId } from '../../catalogue/facts.js';
import type { StoredReport } from '../types.js';

/** The summary columns of reports `r` (rows.ts' SUMMARY_COLS, qualified). */
const SUMMARY = `r.id, r.office_id, r.office_name, r.year, r.format, r.source_file, r.content_hash,
  r.ingested_at, r.report_date, r.incomplete, r.superseded_by`;

/**
 * Everything beyond a report's summary, for the row of reports `r` the query is at, as a
 * LATERAL subquery. Facts come as one JSON array of six columns (fact ids, values,
 * approximate, units, lines, cells), findings as one JSON array of rows, in getReport's old
 * order: facts by fact id in byte order (SQLite's primary key), findings by seq; aliases in
 * byte order, a namesake's current files by year and id. The fact columns are aggregated
 * from one sorted subquery (one sort, where an ordered aggregate per column sorts six
 * times, and one array per row cost ~200 arrays, and the server a json_build_array each:
 * ~0.1 ms of the answer's ~0.2 ms there); the reader still checks the order (factsOf).
 * JSON holds each value exactly: a double is written by the same output function as its
 * column's text (NaN and ±Infinity as strings, read back below; the store keeps only finite
 * values), text is escaped and unescaped losslessly.
 */
const WHOLE = `SELECT r.text, r.parts, r.extra_rows, r.origin,
    o.name AS o_name, o.norm_name AS o_norm_name, o.region AS o_region, o.region_key AS o_region_key,
    o.kind AS o_kind, o.namesake AS o_namesake,
    (SELECT json_build_array(json_agg(f.fact_id), json_agg(f.value), json_agg(f.approximate), json_agg(f.unit),
        json_agg(f.line), json_agg(f.cell))
      FROM (SELECT * FROM facts WHERE report_id = r.id ORDER BY fact_id COLLATE "C") f) AS facts,
    (SELECT json_agg(json_build_array(g.code, g.severity, g.ids, g.message) ORDER BY g.seq)
      FROM findings g WHERE g.report_id = r.id) AS findings,
    ARRAY(SELECT a.alias FROM office_aliases a WHERE a.office_id = o.id ORDER BY a.alias COLLATE "C") AS aliases,
    CASE WHEN EXISTS (SELECT 1 FROM offices o2 WHERE o2.norm_name = o.norm_name AND o2.region_key = o.region_key
        AND o2.id <> o.id)
      THEN ARRAY(SELECT r2.source_file FROM reports r2 WHERE r2.office_id = o.id AND r2.superseded_by IS NULL
        ORDER BY r2.year, r2.id) END AS files
  FROM offices o WHERE o.id = r.office_id`;

/** A report's facts as the JSON above holds them: six columns (all null for a report without facts). */
type FactsJson = [
  string[] | null,
  (number | string | null)[] | null,
  boolean[] | null,
  (string | null)[] | null,
  (number | null)[] | null,
  (string | null)[] | null,
];
/** A finding as the JSON array above holds it: code, severity, ids (JSON text), message. */
type FindingJson = [string, string, string, string];

/** A row of the statements below: a summary, and the rest where the report was read whole. */
export interface WholeRow extends ReportRow, QueryResultRow {
  /** officeReport: true on the row read whole. */
  picked?: boolean;
  /** officeReport: the change counter (bigint, as text) in the statement's snapshot. */
  changes?: string;
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
  facts: FactsJson | null;
  findings: FindingJson[] | null;
  aliases: string[];
  files: string[] | null;
}

/**
 * Reports by id, whole, in the order of `$1` (int[]); an id not stored gives no row. Named:
 * the server parses and plans it once per connection, not at every answer.
 */
export const REPORTS_BY_ID = {
  name: 'nianbao_reports_by_id',
  text: `SELECT ${SUMMARY}, x.* FROM unnest($1::int[]) WITH ORDINALITY w(id, n)
  JOIN reports r ON r.id = w.id CROSS JOIN LATERAL (${WHOLE}) x ORDER BY w.n`,
};

/**
 * One report by id (`$1`), whole. Apart from REPORTS_BY_ID because a scalar parameter gets
 * the server's cached generic plan, while an array's row count is unknown to it and it
 * plans the array statement afresh each time (~0.3 ms of the ~0.7 ms a one-id call took).
 */
export const REPORT_BY_ID = {
  name: 'nianbao_report_by_id',
  text: `SELECT ${SUMMARY}, x.* FROM reports r CROSS JOIN LATERAL (${WHOLE}) x WHERE r.id = $1`,
};

/**
 * An office's (`$1`) current reports as currentReports lists them (by year), one of them read
 * whole (`picked`): the one of year `$2`, or, when it has none or `$2` is null, its latest.
 * The picked report is read whole once (materialized), not once per listed report. Each row
 * also carries the change counter (`changes`) of the statement's own snapshot: a fact answer
 * and the counter read beside it (externalChanges) are one round trip, not two.
 */
export const OFFICE_REPORT = {
  name: 'nianbao_office_report',
  text: `WITH p AS MATERIALIZED (SELECT r.id AS picked_id, x.* FROM (SELECT * FROM reports
      WHERE office_id = $1 AND superseded_by IS NULL ORDER BY (year = $2::int) IS TRUE DESC, year DESC LIMIT 1) r
    CROSS JOIN LATERAL (${WHOLE}) x)
  SELECT ${SUMMARY}, (p.picked_id IS NOT NULL) AS picked, p.*,
    (SELECT counter FROM store_changes WHERE id = 1) AS changes FROM reports r LEFT JOIN p ON p.picked_id = r.id
  WHERE r.office_id = $1 AND r.superseded_by IS NULL ORDER BY r.year, r.office_id`,
};

/** A double as JSON carries it: a number, or NaN/±Infinity as a string. */
function double(v: number | string | null): number | null {
  return typeof v === 'string' ? Number(v) : v;
}

/** What a report's fact rows become in a StoredReport (rows.ts' toStoredReport, field for field). */
type FactRecords = Pick<StoredReport, 'facts' | 'units' | 'provenance' | 'approximate'>;

/**
 * The fact records from the six columns, in fact id order, as toStoredReport builds them from
 * fact rows: without a row object (or a JSON array) a fact, ~400 objects an answer fewer.
 * The columns come sorted by fact id in byte order (the catalogue's ASCII ids, where byte
 * order is JavaScript's string order); should a plan ever hand them over otherwise, they are
 * sorted here, so the records' key order never depends on the plan.
 */
export function factsOf(json: FactsJson | null): FactRecords {
  const out: FactRecords = { facts: {}, units: {}, provenance: {}, approximate: [] };
  const [ids, values, approximate, units, lines, cells] = json ?? [];
  if (!ids || !values || !approximate || !units || !lines || !cells) return out;
  let order: number[] | null = null;
  for (let i = 1; i < ids.length; i++)
    if (!(ids[i - 1] < ids[i])) {
      order = ids.map((_, k) => k).sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
      break;
    }
  for (let k = 0; k < ids.length; k++) {
    const i = order ? order[k] : k;
    const id = ids[i] as FactId;
    out.facts[id] = double(values[i]);
    const unit = units[i];
    if (unit !== null) out.units[id] = unit;
    const line = lines[i];
    if (line !== null) out.provenance[id] = { line, cell: cells[i] ?? '' };
    if (approximate[i]) out.approximate.push(id);
  }
  return out;
}

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
  const findings: FindingRow[] = (row.findings ?? []).map(([code, severity, ids, message]) => ({
    code,
    severity,
    ids,
    message,
  }));
  // Every other field as toStoredReport makes it; the fact records replace its empty ones in place (same key order).
  return {
    ...toStoredReport(
      row as WholeRow & FullReportRow,
      toOffice(office, row.aliases, row.files ?? undefined),
      [],
      findings,
    ),
    ...factsOf(row.facts),
  };
}
