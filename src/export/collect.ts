// What a supervisor's export holds, read from the store: every current report of a
// year (optionally of one region), the year before where stored, and the fact ids in
// template order. Reads only, from the store of either backend (every call awaited; the
// reports of a year are asked for together, so a database across a network answers them
// side by side); no file is written here.
import { officeInRegion } from '../offices/index.js';
import { FACTS, type FactId, type ReportFormat } from '../catalogue/facts.js';
import type { ReportStore } from '../store/report-store.js';
import type { StoredReport } from '../store/types.js';

export type ExportSource = Pick<ReportStore, 'listOffices' | 'currentReports' | 'getReport'>;

export interface ExportData {
  year: number;
  /** The region words asked for (洛阳, 芝罘区); null = every office. */
  region: string | null;
  /** One current report per office, by region then name. */
  reports: StoredReport[];
  /** The same office's current report of year − 1, where stored. */
  previous: Map<number, StoredReport>;
  /** Fact ids of the formats present, in the catalogue's (the template's) order. */
  factIds: FactId[];
}

/** Facts compared year over year: the rows every format shares, that supervisors follow. */
export const YOY_FACTS: readonly FactId[] = [
  'active.items',
  'apply.received.total',
  'apply.granted.total',
  'apply.partial.total',
  'apply.handled.total',
  'apply.carried_forward.total',
  'active.license.decisions',
  'active.penalty.decisions',
  'review.total',
  'litigation.direct.total',
  'litigation.after_review.total',
];

const regionOrder = (r: StoredReport) => r.office.region ?? '\uffff';

export async function collectExport(
  store: ExportSource,
  opts: { year: number; region?: string | null },
): Promise<ExportData> {
  const region = opts.region?.trim() || null;
  const inRegion = new Set(
    (await store.listOffices()).filter((o) => region === null || officeInRegion(o, region)).map((o) => o.id),
  );
  const load = async (year: number) => {
    const current = (await store.currentReports({ year })).filter((s) => inRegion.has(s.officeId));
    const read = await Promise.all(current.map((s) => store.getReport(s.id)));
    return read.filter((r): r is StoredReport => r !== null);
  };
  const [thisYear, yearBefore] = await Promise.all([load(opts.year), load(opts.year - 1)]);
  const reports = thisYear.sort(
    (a, b) =>
      regionOrder(a).localeCompare(regionOrder(b), 'zh-CN') || a.office.name.localeCompare(b.office.name, 'zh-CN'),
  );
  const previous = new Map(yearBefore.map((r) => [r.officeId, r]));
  const formats = new Set<ReportFormat>(reports.map((r) => r.format));
  // Table ids of the formats present, and every id some report actually shows (a
  // report of an odd format still loses no cell).
  const shown = new Set(reports.flatMap((r) => Object.keys(r.facts)));
  const factIds = FACTS.filter((f) => f.formats.some((x) => formats.has(x)) || shown.has(f.id)).map((f) => f.id);
  return { year: opts.year, region, reports, previous, factIds };
}
