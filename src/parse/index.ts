// parseReport: a report's text → the object of ../shared/spec/report-facts.md.
// Pure: no I/O, no clock. Finding the parts first lets each table be read only
// inside its own part, so prose that happens to use a row's words is never read
// as a row.
import { squash } from './cells.js';
import { cellsOf, logicalLines, type Cell, type Line } from './lines.js';
import { findParts } from './parts.js';
import { rawLineReader } from './raw-lines.js';
import { findRegion, findReportDate, officeAliases, officeKind } from './office.js';
import { decide, identify } from './identity.js';
import { readActiveTable, readApplyTable, readReviewTable, type CellFact } from './tables.js';
import { formatOfCells } from './format.js';
import { matchActiveRow, matchApplyLabel } from './labels.js';
import { findActiveItems, findProseCases, findProseReceived } from './prose.js';
import { findProseFacts } from './prose-facts.js';
import { addProblems } from './lazy-problems.js';
import {
  checkBalanceSlots,
  checkColumnSums,
  checkDate,
  checkMissingCells,
  checkParts,
  checkProseCases,
  checkProseReceived,
  checkReviewSumsSlots,
} from './checks.js';
import { FACTS, REVIEW_IDS, type FactId } from '../catalogue/facts.js';
import { factRecords, slotOf, slotOfId } from './fact-records.js';
import { TableFacts } from './table-facts.js';
import type { Finding, ParsedReport, RegionSource } from './types.js';

export type { ParsedReport, Finding } from './types.js';

export interface ParseOptions {
  /** Shown as `file` in the result; its name is read for the office only when the text names none. */
  file?: string;
  /** Supplied by the user (--office/--region/--year): what the text lacks, or overrides it (recorded in `origin`). */
  office?: string;
  region?: string;
  year?: number;
}

interface Regions {
  a: [number, number];
  b: [number, number];
  c: [number, number];
}

const firstLine = (cells: Cell[], test: (c: Cell) => boolean, from = 0): number | undefined =>
  cells.find((c) => c.seq >= from && test(c))?.seq;

// Words that start tables A, B and C where no part heading does (built once: tested per cell).
const ARTICLE_20 = /第二十条/;
const APPLY_HEAD = /勾稽关系|申请人情况/;
const REVIEW_HEAD = /^行政复议/;

/** Logical-line positions (by `seq`) of the headings of parts 二, 三, 四 and of 五 (else 六). */
interface Headings {
  a?: number;
  b?: number;
  c?: number;
  after?: number;
}

type Parts = ReturnType<typeof findParts>;

/** The logical line of part `p`'s heading. */
function headingSeq(lines: Line[], parts: Parts, p: number): number | undefined {
  const part = parts.find((x) => x.part === p);
  if (!part) return undefined;
  // Lines are in order of `no`: the heading's physical line is found by bisection, not a scan from the top.
  for (let i = firstAtLeast(lines, lineNo, part.line); i < lines.length && lines[i].no === part.line; i++)
    if (lines[i].text.trim() === part.heading) return lines[i].seq;
  return undefined;
}

/** The first index in `items` (ordered by `key`) whose key is at least `value`: by bisection. */
function firstAtLeast<T>(items: readonly T[], key: (item: T) => number, value: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(items[mid]) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const lineNo = (line: Line) => line.no;
const cellSeq = (cell: Cell) => cell.seq;

function findHeadings(lines: Line[], parts: Parts): Headings {
  const at = (p: number) => headingSeq(lines, parts, p);
  return { a: at(2), b: at(3), c: at(4), after: at(5) ?? at(6) };
}

/**
 * The cells the tables can be read from. Where parts 二–四 all have headings the regions
 * lie between the first of them and part 五 (or 六, or the end): only those lines' cells
 * are made (~7% of a report's cells lie outside). Else all lines', for the tables' own words.
 */
function tableCells(lines: Line[], h: Headings): Cell[] {
  if (h.a === undefined || h.b === undefined || h.c === undefined) return cellsOf(lines);
  return cellsOf(lines, Math.min(h.a, h.b, h.c), Math.min(h.after ?? lines.length, lines.length));
}

/**
 * Logical-line ranges [start, end) (by `seq`) of tables A, B and C: from part
 * headings, else from the tables' own words. Logical, not physical, lines: a
 * table glued onto one physical line is still several rows.
 */
function findRegions(lines: Line[], cells: Cell[], parts: Parts, h: Headings): Regions {
  const end = lines.length;
  const a =
    h.a ??
    firstLine(
      cells,
      (c) => ARTICLE_20.test(c.text) || matchActiveRow(c.text) !== null,
      headingSeq(lines, parts, 1) ?? 0,
    );
  const b =
    h.b ?? firstLine(cells, (c) => APPLY_HEAD.test(c.text) || matchApplyLabel(c.text, null)?.kind === 'row', a ?? 0);
  const c =
    h.c ?? firstLine(cells, (x) => squash(x.text).length <= 12 && REVIEW_HEAD.test(squash(x.text)), b ?? a ?? 0);
  const after = h.after ?? end;
  const stop = (...xs: (number | undefined)[]) => Math.min(...xs.filter((x): x is number => x !== undefined), end);
  return {
    a: a !== undefined ? [a, stop(b, c, after)] : [end, end],
    b: b !== undefined ? [b, stop(c, after)] : [end, end],
    c: c !== undefined ? [c, stop(after)] : [end, end],
  };
}

// Cells come in line order, so a region's cells are one slice: found by bisection, not a filter of all.
const within = (cells: Cell[], [from, to]: [number, number]) =>
  from >= to ? [] : cells.slice(firstAtLeast(cells, cellSeq, from), firstAtLeast(cells, cellSeq, to));

const REVIEW_SLOTS = REVIEW_IDS.map(slotOf);

/**
 * A 2021 report that prints （六）其他处理 as one row (the 2019 way) leaves its three
 * sub-rows blank: say so where those cells are named, with the row's figures.
 */
function noteOneRowOther(findings: Finding[], extraRows: ParsedReport['extraRows']): Finding[] {
  const row = extraRows.find((x) => x.table === 'B' && /其他处理/.test(x.label));
  if (!row) return findings;
  return findings.map((f) =>
    f.code === 'missing_cell' && f.ids.some((id) => id.startsWith('apply.other.'))
      ? {
          ...f,
          message: `${f.message}（报告把「${row.label}」印成一行（2019 年版的写法），数字为 ${row.values.map((v) => v ?? '空').join('、')}，没有分到三个子项。）`,
        }
      : f,
  );
}

export function parseReport(original: string, opts: ParseOptions = {}): ParsedReport {
  // Fold full-width forms once for the whole text (line numbers do not change);
  // prose provenance is quoted from the original lines.
  const text = original.normalize('NFKC');
  const rawLines = rawLineReader(original);
  const lines = logicalLines(text);
  const parts = findParts(lines);
  const headings = findHeadings(lines, parts);
  const cells = tableCells(lines, headings);
  const { office, year, origin } = identify(lines, text, opts);
  const kind = office ? officeKind(office) : null;
  const regionFound = findRegion(office, text);
  const region = opts.region ?? regionFound;
  const regions = findRegions(lines, cells, parts, headings);
  // The format shows in the column headers: table A and the head of table B are enough.
  // Each table's cells, taken once: the format test and the readers both use them.
  const cellsA = within(cells, regions.a);
  const cellsB = within(cells, regions.b);
  const format = formatOfCells(cellsA, cellsB, 200);

  // Slots by catalogue order; a later reading of an id replaces an earlier one.
  const found: (CellFact | undefined)[] = new Array(FACTS.length);
  const keep = (id: FactId, f: CellFact) => {
    const slot = slotOfId(id);
    if (slot !== undefined) found[slot] = f;
  };
  const findings: Finding[] = [];
  const extraRows: ParsedReport['extraRows'] = [];
  // A table whose region runs to the end of a text with no part 5 or 6 may be cut
  // short: its last row keeps only the cells the text reaches.
  const lastPart = parts.at(-1)?.part ?? 0;
  const atTextEnd = (r: [number, number]) => lastPart < 5 && r[1] >= lines.length;
  // The physical line a region starts on, for the prose readers (which read by line).
  const lineOf = (seq: number) => (seq < lines.length ? lines[seq].no : (lines.at(-1)?.no ?? 0) + 1);
  if (format) {
    // Each reader writes its facts into `found` itself (the three tables' ids are disjoint).
    for (const read of [
      readActiveTable(cellsA, format, atTextEnd(regions.a), new TableFacts(found)),
      readApplyTable(cellsB, format, atTextEnd(regions.b), new TableFacts(found)),
      readReviewTable(within(cells, regions.c), atTextEnd(regions.c), new TableFacts(found)),
    ]) {
      findings.push(...read.findings);
      extraRows.push(...read.extraRows);
    }
  }

  // Prose: active.items is stated in part 1, before table A.
  const items = findActiveItems(lines, rawLines, lineOf(regions.a[0])) ?? findActiveItems(lines, rawLines);
  if (items)
    keep('active.items', {
      value: items.value,
      approximate: items.approximate,
      line: items.line,
      cell: items.cell,
    });

  // A text that ends before table C is complete, with no part 5 or 6 after it, was cut short.
  const reviewRead = REVIEW_SLOTS.filter((slot) => found[slot] !== undefined).length;
  const incomplete = format !== null && lastPart < 5 && reviewRead < REVIEW_IDS.length;

  const { facts, provenance, units, approximate } = factRecords(found);

  const dateFound = findReportDate(lines);
  const date = dateFound?.date ?? null;
  if (format) {
    findings.push(
      ...checkBalanceSlots(found, format),
      ...checkColumnSums(found, format),
      ...checkReviewSumsSlots(found),
    );
    findings.push(...noteOneRowOther(checkMissingCells(found, format, incomplete), extraRows));
  }
  findings.push(...checkParts(parts, incomplete ? lastPart : 6));
  findings.push(...checkProseReceived(found, findProseReceived(lines, rawLines, lineOf(regions.b[0]))));
  findings.push(...checkProseCases(found, findProseCases(lines, rawLines, lineOf(regions.c[0]))));
  findings.push(...checkDate(date, year, kind));
  if (incomplete) {
    const where = lastPart ? `第${'一二三四五六'[lastPart - 1]}部分` : '表格';
    findings.push({
      code: 'incomplete',
      severity: 'warning',
      ids: [],
      message: `报告文本不完整：在${where}中断（共 ${lines.length} 行），此后的表格和内容缺失，只读取了已有的 ${Object.keys(facts).length} 项数据。`,
    });
  }

  // No spread first in a literal: V8 (Node 20) builds such an object a new hidden class of
  // its own each time (~10 µs a report, maps promoted as garbage); `file` leads when given.
  const fields = {
    office,
    year,
    format,
    facts,
    approximate,
    findings,
    region,
    kind,
    aliases: office ? officeAliases(office) : [],
    date,
    incomplete,
    units,
    provenance,
    parts,
    extraRows,
    // Numbers the prose states, and part 五's own problems (src/parse/prose-facts.ts, problems.ts).
    // Ingest stores the first; the second is read when asked for (parse --json, tests).
    proseFacts: findProseFacts(lines, { raw: rawLines, parts }),
  };
  const report: ParsedReport = opts.file !== undefined ? { file: opts.file, ...fields } : fields;
  report.origin = {
    office: origin.office,
    year: origin.year,
    region: decide<RegionSource, string>(
      opts.region,
      regionFound !== null ? { value: regionFound, from: 'text' } : null,
    ).origin,
  };
  // Last, where the literal's getter stood: the fields keep their order (parse --json prints them so).
  addProblems(report, original, parts);
  return report;
}
