// Text → logical lines → cells. Reports reach us with tables as TAB rows,
// pipe rows, one cell per line, or cells separated by runs of spaces; this
// module turns all of them into one stream of cells that remember their line.
import { isPageMarker, readCell, type CellValue } from './cells.js';

export interface Line {
  /** 1-based line number of the first physical line. */
  no: number;
  /** 0-based position among the logical lines: a glued physical line gives several. */
  seq: number;
  /** The text with markdown decoration removed (not otherwise changed). */
  text: string;
}

export interface Cell {
  text: string;
  line: number;
  /** Its logical line's `seq`: tables and parts are bounded by these, not by `line`. */
  seq: number;
  /** Grid position within its line (0-based; dropped leading filler still counts). */
  col: number;
  /** How its line lays out cells: grid positions mean columns only on `grid` lines. */
  shape: LineShape;
  /** What the cell says, read once. */
  value: CellValue;
}

const MD_DECOR = /^\s{0,3}#{1,6}\s+|\*\*/g;
// Most lines carry no markdown: skip the regex (and the copy) unless a # or * is there.
const undecorated = (s: string) => (s.includes('#') || s.includes('*') ? s.replace(MD_DECOR, '') : s);
const PIPE_SEPARATOR = /^\s*\|?[\s:\-|]+\|[\s:\-|]*$/;
const ONLY_BARS = /^\|+$/;

/** Split text into lines, joining pipe rows whose cells were padded with newlines. */
export function logicalLines(text: string): Line[] {
  const raw = (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text).split('\n');
  // Most texts hold no # or * at all, and most no bar: then no line is tested for them.
  const decorated = text.includes('#') || text.includes('*');
  const bars = text.includes('|');
  const out: Line[] = [];
  for (let i = 0; i < raw.length; i++) {
    let t = decorated ? undecorated(raw[i]) : raw[i];
    const no = i + 1;
    // Only a line with a bar can open a broken pipe row (most lines have none: no trim).
    const trimmed = bars && t.includes('|') ? t.trim() : '';
    if (trimmed.startsWith('|') && !endsPipeRow(trimmed) && !ONLY_BARS.test(trimmed)) {
      // A pipe row broken over lines: join until the row closes (bounded, so a
      // stray "|" cannot swallow the rest of the report).
      let j = i + 1;
      while (j < raw.length && j - i < 12) {
        const next = undecorated(raw[j]);
        t += next.trim() === '' ? '' : ` ${next.trim()}`;
        if (endsPipeRow(next.trim())) break;
        j++;
      }
      if (j < raw.length && endsPipeRow(raw[j].trim())) i = j;
      else t = undecorated(raw[i]);
    }
    // Test the cheap conditions first: the separator regex is slow on long blank lines.
    if (bars && t.includes('|') && t.includes('-') && PIPE_SEPARATOR.test(t)) continue;
    if (t.length >= 60 && isGluedTable(t)) {
      for (const piece of splitAtAnchors(t)) out.push({ no, seq: out.length, text: piece });
    } else out.push({ no, seq: out.length, text: t });
  }
  return out;
}

// Where a table's rows and the parts' headings begin, in text that lost its line
// breaks (crawled pages, some PDF extractions): part headings, table 二's blocks and
// rows, table 三's rows (with their numbering), table 四's header.
const PART_ANCHOR = String.raw`[一二三四五六][、.](?:总体情况|主动公开政府信息情况|收到和处理政府信息公开申请情况|政府信息公开行政复议|存在的主要问题|其他需要报告的事项)`;
const A_ANCHOR = String.raw`第二十条第\(?[一二三四五六七八九十]+\)?项|信息内容|规章|行政规范性文件|(?<!行政)规范性文件|行政许可|其他对外管理服务事项|行政处罚|行政强制|行政事业性收费|政府集中采购`;
const B_ANCHOR = String.raw`\(本列数据|[一二三四]、(?:本年新收|上年结转|本年度办理结果|结转下年度)|\([一二三四五六七]\)\s*(?:予以公开|部分公开|不予公开|无法提供|不予处理|其他处理|总计)|[1-8][.、]\s*(?=属于|其他法律|危及|保护第三方|本机关|没有现成|补正后|信访|重复申请|要求提供|无正当理由|要求行政机关|申请人|其他\d)`;
const C_ANCHOR = String.raw`行政复议行政诉讼`;
const ANCHOR = new RegExp(`(?=${PART_ANCHOR}|${A_ANCHOR}|${B_ANCHOR}|${C_ANCHOR})`, 'g');
// A row label with its digits glued on: three of these make a line a glued table.
const GLUED_ROW =
  /(?:规章|规范性文件|行政许可|服务事项|行政处罚|行政强制|事业性收费|集中采购|申请数量|予以公开|部分公开|国家秘密|禁止公开|一稳定”?|合法权益|事务信息|过程性信息|执法案卷|查询事项|政府信息|另行制作|仍不明确|投诉类申请|重复申请|出版物|反复申请|已获取信息|其他处理|总计|继续办理)\d/g;

const HAS_DIGIT = /\d/;

function isGluedTable(line: string): boolean {
  if (!HAS_DIGIT.test(line)) return false;
  GLUED_ROW.lastIndex = 0;
  let n = 0;
  while (GLUED_ROW.exec(line) && ++n < 3);
  return n >= 3;
}

/** A glued line cut before each anchor: a row per piece, as the table printed it. */
function splitAtAnchors(line: string): string[] {
  const pieces = line.split(ANCHOR).filter((p) => p.trim() !== '');
  return pieces.length ? pieces : [line];
}

function endsPipeRow(s: string): boolean {
  return s.length > 1 && s.endsWith('|');
}

/** How a line's cells sit: `grid` lines (TAB rows, whole pipe rows) keep every column's position. */
export type LineShape = 'grid' | 'bars' | 'plain';

export interface SplitLine {
  cells: string[];
  /** Grid position of cells[0]: leading merged-cell filler that was dropped. */
  first: number;
  shape: LineShape;
}

const NO_CELLS: SplitLine = { cells: [], first: 0, shape: 'plain' };
// Built once: these run per line.
const SPACED_CELLS = /\S(?: {2,}|\u3000+)\S/;
const CELL_SPACES = / {2,}|\u3000+/;
const WHITE_RUNS = /\s+/;
const NBSP = /\u00a0/g;

/** Not white space for trim(): printable ASCII but the space, and U+3001–U+FEFE (CJK, full-width forms). */
const surelyNotWhite = (c: number) => (c > 0x20 && c < 0x7f) || (c >= 0x3001 && c < 0xfeff);

/** Whether trim() could change `s`: an empty string, or an end that is not surely visible. */
const mayNeedTrim = (s: string) =>
  s.length === 0 || !surelyNotWhite(s.charCodeAt(0)) || !surelyNotWhite(s.charCodeAt(s.length - 1));

/**
 * The cells of one line. A line of only white space that contains a TAB is one
 * blank cell (cell-per-line layouts write an empty cell that way); a line with
 * nothing on it is a paragraph break and has no cells.
 *
 * Pipes come in two habits. Whole rows (`| a | b |`) are a grid: the outer bars
 * are frames. Rows copied cell by cell end each cell with a bar (`规章 | 0 | 0 |`,
 * `0 |`, a lone `|` for a blank cell); there a line that starts with a bar right
 * after such a line (`| 6 |`) starts with a blank cell, since its first bar ends one.
 * `afterBars` says the previous non-empty line was of that second kind.
 */
export function splitLine(text: string, afterBars = false): SplitLine {
  const trimmed = text.trim();
  if (trimmed === '') return text.includes('\t') ? { cells: [''], first: 0, shape: 'plain' } : NO_CELLS;
  let cells: string[];
  let shape: LineShape = 'plain';
  if (trimmed.includes('|')) {
    const pieces = trimmed.split('|');
    const leadingBar = trimmed.startsWith('|');
    if (leadingBar && !afterBars && !ONLY_BARS.test(trimmed)) {
      // A whole row framed by bars.
      cells = pieces.slice(1, trimmed.endsWith('|') ? -1 : undefined);
      shape = 'grid';
    } else {
      // Each bar ends a cell: drop only what follows the last bar when it is empty.
      cells = pieces[pieces.length - 1].trim() === '' ? pieces.slice(0, -1) : pieces;
      shape = 'bars';
    }
  } else if (text.includes('\t')) {
    cells = splitTabs(text);
    shape = 'grid';
  } else if ((trimmed.includes('  ') || trimmed.includes('\u3000')) && SPACED_CELLS.test(trimmed)) {
    // Runs of spaces separate cells in text copied from PDFs and web pages.
    cells = trimmed.split(CELL_SPACES);
  } else {
    cells = labelThenNumbers(trimmed) ?? [trimmed];
  }
  // One scan of the line for a no-break space, not one a cell (a folded text has none);
  // a cell is trimmed only when an end may be white space (most cells come out of the split bare).
  const nbsp = text.includes('\u00a0');
  for (let i = 0; i < cells.length; i++) {
    const c = nbsp && cells[i].includes('\u00a0') ? cells[i].replace(NBSP, ' ') : cells[i];
    cells[i] = mayNeedTrim(c) ? c.trim() : c;
  }
  if (shape === 'bars') return { cells, first: 0, shape };
  // Leading blanks of a row are merged-cell placeholders or indentation, never values.
  let start = 0;
  while (start < cells.length - 1 && cells[start] === '') start++;
  return { cells: start ? cells.slice(start) : cells, first: start, shape };
}

/**
 * text.split('\t') by a char-code loop: most of a report's cells come out of here, and on
 * these short lines the loop costs a third less (on a whole text split('\n') is faster).
 */
function splitTabs(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== 9) continue;
    out.push(text.slice(from, i));
    from = i + 1;
  }
  out.push(text.slice(from));
  return out;
}

// A number or a blank marker as a cell writes it (see readCell), with no space inside.
const TOKEN = /^(?:[+\-增减]?\d[\d,]*(?:\.\d+)?(?:余|元|万元|%)?|[/—–-]+|无)$/;
const LABEL_END = /[\u4e00-\u9fff)”"》]$/;

/**
 * "行政处罚 18 0 33", "0 0 1 1": a label (or none) and its cells with single spaces
 * between them (pages turned into text with one space per cell). Null when the line
 * does not end so. Read from the end, token by token: linear in the line.
 */
function labelThenNumbers(line: string): string[] | null {
  const last = line.charCodeAt(line.length - 1);
  if (!line.includes(' ') || !((last >= 48 && last <= 57) || '/—–-无元余%'.includes(line[line.length - 1])))
    return null;
  const words = line.split(WHITE_RUNS);
  let k = words.length;
  while (k > 0 && TOKEN.test(words[k - 1])) k--;
  if (k === words.length) return null;
  if (k === 0) return words;
  const label = words.slice(0, k).join(' ');
  return LABEL_END.test(label) ? [label, ...words.slice(k)] : null;
}

/** The cells of one line as strings (see splitLine). */
export function splitCells(text: string): string[] {
  return splitLine(text).cells;
}

/** A line whose cells end with bars, so a following `| x |` continues its row. */
function endsWithBars(split: SplitLine): boolean {
  return split.shape === 'bars';
}

/**
 * All cells of lines[from, to), in reading order; page markers dropped. The cells are those
 * of the whole text's reading (a line's bars are read after the lines before `from`).
 */
export function cellsOf(lines: Line[], from = 0, to = lines.length): Cell[] {
  const out: Cell[] = [];
  let afterBars = barsBefore(lines, from);
  for (let i = from; i < to; i++) {
    const line = lines[i];
    // A TAB row with no bar (most of a report's cells): its cells go straight to `out`.
    if (line.text.includes('\t') && !line.text.includes('|')) {
      pushTabRow(out, line);
      afterBars = false;
      continue;
    }
    const split = splitLine(line.text, afterBars);
    if (split.cells.length === 0) continue;
    afterBars = endsWithBars(split);
    const cells = split.cells;
    for (let k = 0; k < cells.length; k++) {
      const text = cells[k];
      if (isPageMarker(text)) continue;
      out.push({ text, line: line.no, seq: line.seq, col: split.first + k, shape: split.shape, value: readCell(text) });
    }
  }
  return out;
}

/**
 * cellsOf for a line with a TAB and no bar, as splitLine reads it (its TAB branch) but with
 * no SplitLine, piece array or slice per line: ~230 of a report's ~360 cells come from here.
 * Leading blanks are dropped (merged-cell filler); a line of only white space is one blank
 * `plain` cell, which is the case where every piece is blank.
 */
function pushTabRow(out: Cell[], line: Line): void {
  const text = line.text;
  const nbsp = text.includes('\u00a0');
  let seen = false;
  // The pieces split('\t') would give, sliced as the TABs are met: no array of them a line.
  for (let k = 0, from = 0, to = 0; from <= text.length; k++, from = to + 1) {
    to = from;
    while (to < text.length && text.charCodeAt(to) !== 9) to++;
    const piece = text.slice(from, to);
    const c = nbsp && piece.includes('\u00a0') ? piece.replace(NBSP, ' ') : piece;
    const cell = mayNeedTrim(c) ? c.trim() : c;
    if (!seen && cell === '') continue;
    seen = true;
    if (!isPageMarker(cell))
      out.push({ text: cell, line: line.no, seq: line.seq, col: k, shape: 'grid', value: readCell(cell) });
  }
  if (!seen) out.push({ text: '', line: line.no, seq: line.seq, col: 0, shape: 'plain', value: readCell('') });
}

/**
 * Whether the last line before lines[from] that has cells ends them with bars (cellsOf's
 * `afterBars` there): only a line with a bar can, and a blank line without a TAB has no cells.
 */
function barsBefore(lines: Line[], from: number): boolean {
  let afterBars = false;
  for (let i = 0; i < from; i++) {
    const text = lines[i].text;
    if (text.includes('|')) {
      const trimmed = text.trim();
      afterBars = !(trimmed.startsWith('|') && !afterBars && !ONLY_BARS.test(trimmed));
    } else if (afterBars && (text.includes('\t') || text.trim() !== '')) afterBars = false;
  }
  return afterBars;
}
