// Text → logical lines → cells. Reports reach us with tables as TAB rows,
// pipe rows, one cell per line, or cells separated by runs of spaces; this
// module turns all of them into one stream of cells that remember their line.
import { isPageMarker, readCell, type CellValue } from './cells.js';

export interface Line {
  /** 1-based line number of the first physical line. */
  no: number;
  /** The text with markdown decoration removed (not otherwise changed). */
  text: string;
}

export interface Cell {
  text: string;
  line: number;
  /** Position within its line (0-based, after leading blank cells are dropped). */
  col: number;
  /** How many cells its line has. */
  lineCells: number;
  /** What the cell says, read once. */
  value: CellValue;
}

const MD_DECOR = /^\s{0,3}#{1,6}\s+|\*\*/g;
const PIPE_SEPARATOR = /^\s*\|?[\s:\-|]+\|[\s:\-|]*$/;

/** Split text into lines, joining pipe rows whose cells were padded with newlines. */
export function logicalLines(text: string): Line[] {
  const raw = text.replace(/\r\n?/g, '\n').split('\n');
  const out: Line[] = [];
  for (let i = 0; i < raw.length; i++) {
    let t = raw[i].replace(MD_DECOR, '');
    const no = i + 1;
    const trimmed = t.trim();
    if (trimmed.startsWith('|') && !endsPipeRow(trimmed)) {
      // A pipe row broken over lines: join until the row closes (bounded, so a
      // stray "|" cannot swallow the rest of the report).
      let j = i + 1;
      while (j < raw.length && j - i < 12) {
        const next = raw[j].replace(MD_DECOR, '');
        t += next.trim() === '' ? '' : ` ${next.trim()}`;
        if (endsPipeRow(next.trim())) break;
        j++;
      }
      if (j < raw.length && endsPipeRow(raw[j].trim())) i = j;
      else t = raw[i].replace(MD_DECOR, '');
    }
    // Test the cheap conditions first: the separator regex is slow on long blank lines.
    if (t.includes('|') && t.includes('-') && PIPE_SEPARATOR.test(t)) continue;
    out.push({ no, text: t });
  }
  return out;
}

function endsPipeRow(s: string): boolean {
  return s.length > 1 && s.endsWith('|');
}

/**
 * The cells of one line. A line of only white space that contains a TAB is one
 * blank cell (cell-per-line layouts write an empty cell that way); a line with
 * nothing on it is a paragraph break and has no cells.
 */
export function splitCells(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed === '') return /\t/.test(text) ? [''] : [];
  let cells: string[];
  if (trimmed.startsWith('|')) {
    cells = trimmed.split('|');
    cells = cells.slice(1, trimmed.endsWith('|') ? -1 : undefined);
  } else if (text.includes('\t')) {
    cells = text.split('\t');
  } else if ((trimmed.includes('  ') || trimmed.includes('\u3000')) && /\S(?: {2,}|\u3000+)\S/.test(trimmed)) {
    // Runs of spaces separate cells in text copied from PDFs and web pages.
    cells = trimmed.split(/ {2,}|\u3000+/);
  } else {
    cells = [trimmed];
  }
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    cells[i] = (c.includes('\u00a0') ? c.replace(/\u00a0/g, ' ') : c).trim();
  }
  // Leading blanks are merged-cell placeholders or indentation, never values.
  let start = 0;
  while (start < cells.length - 1 && cells[start] === '') start++;
  return cells.slice(start);
}

/** All cells of a range of lines, in reading order; page markers dropped. */
export function cellsOf(lines: Line[]): Cell[] {
  const out: Cell[] = [];
  for (const line of lines) {
    const cells = splitCells(line.text).filter((c) => !isPageMarker(c));
    cells.forEach((text, col) => out.push({ text, line: line.no, col, lineCells: cells.length, value: readCell(text) }));
  }
  return out;
}
