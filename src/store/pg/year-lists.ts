// A year's figures read from PostgreSQL: the statement that reads the asked facts' cells
// together with the change counter (one snapshot, so a kept list can be checked against
// them), and the reads that build a year's list (YearList: reports, findings) to keep.
// The cells come grouped per fact by the server, one row a fact: no filter a fact here.
import type { FactId } from '../../catalogue/facts.js';
import { type FindingRow, listsBy, toFinding, toYearReport, type YearReportRow } from '../rows.js';
import type { YearColumn } from '../types.js';
import { reportColumns, YearList } from '../year-list.js';
import type { Pool, PoolClient } from 'pg';

type Db = Pool | PoolClient;

/** One row a fact that has cells in the year (none for a fact without): keys report id × 2 + 1 when approximate. */
interface CellsRow {
  counter: string;
  fact_id: string | null;
  keys: number[] | null;
  vals: (number | null)[] | null;
}

/** The counter and the cells as one snapshot saw them. */
export interface YearCells {
  counter: number;
  /** Each asked fact's cells, by fact id (a fact with none is missing). */
  byFact: Map<string, { keys: number[]; values: (number | null)[] }>;
}

// The counter's row joined to the year's cells grouped by fact: one row even when no fact
// has cells, so the counter always comes.
const CELLS_WITH_COUNTER = `SELECT s.counter, g.fact_id, g.keys, g.vals FROM store_changes s LEFT JOIN (
    SELECT c.fact_id, array_agg(y.report_id * 2 + y.approximate::int) AS keys, array_agg(y.value) AS vals
    FROM year_cells y JOIN fact_codes c ON c.code = y.code
    WHERE y.year = $1 AND c.fact_id = ANY($2::text[]) GROUP BY c.fact_id
  ) g ON true WHERE s.id = 1`;

/** The change counter and these facts' cells of the year, in one statement (one snapshot). */
export async function readYearCells(db: Db, year: number, factIds: readonly FactId[]): Promise<YearCells> {
  const found = (await db.query<CellsRow>(CELLS_WITH_COUNTER, [year, factIds])).rows;
  const byFact: YearCells['byFact'] = new Map();
  for (const row of found) if (row.fact_id) byFact.set(row.fact_id, { keys: row.keys!, values: row.vals! });
  return { counter: Number(found[0].counter), byFact };
}

/** A year's current reports (as yearReports lists them) and their findings, as a list (reads in turn on `db`). */
export async function readYearList(db: Db, year: number): Promise<YearList> {
  const reports = await db.query<YearReportRow>(
    `SELECT id, office_id, office_name, year, format FROM reports WHERE year = $1 AND superseded_by IS NULL
     ORDER BY year, office_id`,
    [year],
  );
  const findings = await db.query<FindingRow & { report_id: number }>(
    'SELECT report_id, code, severity, ids, message FROM findings WHERE year = $1 ORDER BY report_id, seq',
    [year],
  );
  return YearList.of(
    reportColumns(reports.rows.map(toYearReport)),
    listsBy(findings.rows, (f) => f.report_id, toFinding),
  );
}

/** Each asked fact's column over the list's reports, from the cells read. */
export function yearColumns(list: YearList, cells: YearCells, factIds: readonly FactId[]): YearColumn[] {
  return factIds.map((id) => {
    const column = list.column();
    const found = cells.byFact.get(id);
    if (found) for (let k = 0; k < found.keys.length; k++) list.set(column, found.keys[k], found.values[k]);
    return column;
  });
}
