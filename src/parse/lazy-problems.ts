// A parsed report's `problems` (part 五, read by findReportProblems) as an own,
// enumerable field that is read only when first asked for (parse --json, tests, a
// spread), then kept. Pure.
//
// Why one shared getter: a getter written in the result's object literal is a new
// closure per report, and V8 gives each such object a hidden class of its own that
// holds the closure, so every report's lines stayed reachable until a full
// collection: ~1.2 MB survived each young-generation collection, promoted, and
// scavenging it was a sixth of a parse's time.
//
// Why the text, not the lines: a report waits for its batch's commit in ingest, and
// whatever it holds survives each young-generation collection meanwhile. The caller
// keeps the text anyway; the lines (~190 objects and their strings a report) would be
// copied and promoted for nothing, so they are read again from the text when asked for.
import { logicalLines } from './lines.js';
import { findReportProblems, type ReportProblems } from './problems.js';
import type { ParsedReport, ReportPart } from './types.js';

/** What the problems are read from, and once read, the problems (not enumerable: no copy, JSON or deep-equal sees it). */
interface Source {
  /** The report's text as given to parseReport (its lines are read again from it). */
  original: string;
  parts: ReportPart[];
  problems?: ReportProblems;
}

const SOURCE = Symbol('problems source');
type WithSource = ParsedReport & { [SOURCE]?: Source };

function problemsGetter(this: WithSource): ReportProblems | undefined {
  const from = this[SOURCE];
  if (from === undefined) return undefined;
  from.problems ??= findReportProblems(logicalLines(from.original.normalize('NFKC')), from.parts);
  return from.problems;
}

const PROBLEMS: PropertyDescriptor = { get: problemsGetter, enumerable: true, configurable: true };

/**
 * Gives `report` its `problems` field, read when first asked for from the lines of
 * `original` (folded and split as parseReport does) and `parts`.
 */
export function addProblems(report: ParsedReport, original: string, parts: ReportPart[]): void {
  Object.defineProperty(report, SOURCE, { value: { original, parts }, writable: true, configurable: true });
  Object.defineProperty(report, 'problems', PROBLEMS);
}
