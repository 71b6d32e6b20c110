// The small pieces every answer's words are made of: why the year differs, what a
// reader must know about a figure, and a figure with its unit (or why it has none).
import type { Caveat, Figure, YearNote } from '../ask/results.js';
import type { Metric } from '../ask/types.js';
import { fmtNum, type Wording } from './wording.js';

/** Why the year answered is not the year asked, or why there is no report at all. */
export function yearNote(n: YearNote | null, w: Wording): string {
  if (!n) return '';
  switch (n.kind) {
    case 'no-reports':
      return w.noReports(n.office);
    case 'no-report-of-year':
      return w.noReportOfYear(n);
    case 'latest-instead':
      return w.latestInstead(n);
    case 'nothing-stored':
      return w.nothingStored();
    case 'no-year':
      return w.noYear(n);
    case 'latest-year-instead':
      return w.latestYearInstead(n);
    case 'not-stated-in':
      return w.notStatedIn(n);
  }
}

export function caveat(c: Caveat, w: Wording): string {
  if (c.kind === 'approximate') return w.approximateNote(c.cell);
  if (c.kind === 'derived') return w.derivedNote(c.cells);
  return w.failsCheck(c.finding, c.facts);
}

/** The figure with its unit, or why there is none. */
export function figure(f: Figure, metric: Metric, w: Wording): string {
  return f.value === null ? w.missing(f.missing!, f.format) : `${fmtNum(f.value)}${w.unit(metric)}`;
}

export const lines = (...ls: string[]) => ls.filter(Boolean).join('\n');
