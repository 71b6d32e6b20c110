// A year's current reports as columns, each report's place found from its id, and the year's
// findings (YearFigures' lists, either backend); its cells of a fact as typed columns, set
// cell by cell. Pure: no I/O. Built once per year and kept by the SQLite store until the store
// changes (a year holds ~17,000 reports at 100,000: built each answer, they were ~4 MB of
// short-lived objects a ranking, and the young generation's collections copied them).
import type { ReportFormat } from '../catalogue/facts.js';
import type { Finding } from '../parse/types.js';
import type { YearColumn, YearFigures, YearReport, YearReportColumns } from './types.js';

/** YearColumn.state: the report has no such cell. */
export const CELL_NONE = 0;
/** YearColumn.state: the report leaves the cell blank. */
export const CELL_BLANK = 1;
/** YearColumn.state: the cell holds the number in `values`. */
export const CELL_NUMBER = 2;

/** A year's reports (columns), their places by id, their findings: what stays the same until the store changes. */
export class YearList {
  /** The place of report id `base + i` at `places[i]`, −1 for a report not in the list. */
  private readonly places: Int32Array;
  private readonly base: number;

  constructor(
    readonly reports: YearReportColumns,
    readonly findings: ReadonlyMap<number, Finding[]>,
  ) {
    const { ids } = reports;
    let low = Infinity;
    let high = -Infinity;
    for (const id of ids) {
      if (id < low) low = id;
      if (id > high) high = id;
    }
    this.base = ids.length ? low : 0;
    this.places = new Int32Array(ids.length ? high - low + 1 : 0).fill(-1);
    for (let at = 0; at < ids.length; at++) this.places[ids[at] - this.base] = at;
  }

  /** The list of these reports and the year's findings (`findings` loses those of other reports). */
  static of(reports: YearReportColumns, findings: Map<number, Finding[]>): YearList {
    const list = new YearList(reports, findings);
    for (const id of [...findings.keys()]) if (list.placeOf(id) < 0) findings.delete(id);
    return list;
  }

  /** The report's place in the list, −1 when it is not one of them (superseded, another year). */
  placeOf(reportId: number): number {
    const i = reportId - this.base;
    return i >= 0 && i < this.places.length ? this.places[i] : -1;
  }

  /** An empty column over these reports: every cell CELL_NONE. */
  column(): YearColumn {
    const n = this.reports.length;
    return { values: new Float64Array(n), state: new Uint8Array(n), approximate: new Uint8Array(n) };
  }

  /** The cell of a key (report id × 2 + 1 when approximate) into `column`, if its report is listed. */
  set(column: YearColumn, key: number, value: number | null): void {
    const at = this.placeOf(Math.floor(key / 2));
    if (at < 0) return;
    if (value === null) {
      column.values[at] = 0;
      column.state[at] = CELL_BLANK;
    } else {
      column.values[at] = value;
      column.state[at] = CELL_NUMBER;
    }
    column.approximate[at] = key % 2;
  }

  /** The figures of these reports with these columns. */
  figures(cells: YearColumn[]): YearFigures {
    return { reports: this.reports, cells, findings: this.findings };
  }
}

/** Reports listed as objects (yearReports' rows) as columns. */
export function reportColumns(reports: readonly YearReport[]): YearReportColumns {
  return {
    length: reports.length,
    ids: Int32Array.from(reports, (r) => r.id),
    officeIds: Int32Array.from(reports, (r) => r.officeId),
    names: reports.map((r) => r.officeName),
    formats: reports.map((r) => r.format),
  };
}

/** A format as the store's one bit gives it (office_id × 2 + 1 for '2021'). */
export const formatOfBit = (bit: number): ReportFormat => (bit === 1 ? '2021' : '2019');

/**
 * The year lists a store keeps between answers, all of one stamp (what the store was when
 * they were read: SQLite's own changes and data version, PostgreSQL's change counter). A
 * list of another stamp is never handed out: asked or kept at a new stamp, every list of
 * the old one is dropped. A few years are asked about; past `max` the oldest kept goes.
 */
export class KeptYearLists<Stamp> {
  private readonly lists = new Map<number, YearList>();
  private at: Stamp | undefined;

  constructor(private readonly max = 8) {}

  /** The stamp the kept lists are of (undefined before any is kept). */
  get stamp(): Stamp | undefined {
    return this.at;
  }

  /** The list of `year` kept at `stamp`, if any. */
  get(year: number, stamp: Stamp): YearList | undefined {
    return stamp === this.at ? this.lists.get(year) : undefined;
  }

  /** Keeps `list` as `year`'s at `stamp` (the lists of another stamp are dropped). */
  keep(year: number, stamp: Stamp, list: YearList): void {
    if (stamp !== this.at) {
      this.lists.clear();
      this.at = stamp;
    }
    if (!this.lists.has(year) && this.lists.size >= this.max) this.lists.delete(this.lists.keys().next().value!);
    this.lists.set(year, list);
  }
}
