// Cuts a report's text into passages for retrieval: along the template's six
// parts, then sub-headings and paragraphs. Table rows are left out: numbers in
// tables are answered from facts, and their cells would only add noise here.
import { ACTIVE_BLOCKS, ACTIVE_COLS, ACTIVE_ROWS, APPLY_COLS, APPLY_ROWS, REVIEW_COLS } from '../catalogue/facts.js';
import { packSentences } from './sentences.js';
import type { Chunk, ChunkMeta, PartNumber } from './types.js';
import { isWhiteSpaceUnit } from '../parse/white-space.js';

/** Below this a chunk takes the next paragraph too; above MAX a paragraph is split. */
export const CHUNK_MIN = 100;
export const CHUNK_MAX = 400;

const NUMERALS = '一二三四五六';

/** Per part: `loose` must match a numbered heading (一、…), `strict` an unnumbered one. */
const PART_KEYS: Record<1 | 2 | 3 | 4 | 5 | 6, { loose: RegExp; strict: RegExp }> = {
  1: { loose: /总体|概述/, strict: /总体(工作)?情况|^概述/ },
  2: { loose: /主动公开政府信息/, strict: /主动公开政府信息的?情况/ },
  3: { loose: /收到和处理|处理政府信息公开申请/, strict: /收到和处理政府信息公开申请/ },
  4: { loose: /行政复议|行政诉讼/, strict: /行政复议[、和及与]?行政诉讼/ },
  5: { loose: /问题/, strict: /存在的?主要问题/ },
  6: { loose: /其[他它]/, strict: /其[他它]需要报告的事项/ },
};

/**
 * Every strict key's text contains one of these: a line without any opens no unnumbered part,
 * found by one test instead of one a part still ahead (most lines of the tables, parts 2–4).
 */
const ANY_STRICT =
  /总体|概述|主动公开政府信息|收到和处理政府信息公开申请|行政复议|存在的?主要问题|其[他它]需要报告的事项/;

/**
 * Per UTF-16 unit: 1 for a sentence's end (。！？；!?;), 2 for the other units besides white
 * space that a cell of numbers alone may hold (numbersOnly).
 * Tested a unit at a time, not by regex: every line of a report meets two or three of
 * these tests (~190 lines a report, most of them table cells; issue 13).
 */
const UNIT_CLASS = new Uint8Array(0x10000);
for (const c of '。！？；!?;') UNIT_CLASS[c.charCodeAt(0)] = 1;
for (const c of '0123456789.,，+-－—/%％()（）') UNIT_CLASS[c.charCodeAt(0)] = 2;

/** Whether text[from, to) holds a sentence's end: /[。！？；!?;]/ tested on the slice, without the slice. */
function hasTerminal(text: string, from = 0, to = text.length): boolean {
  for (let i = from; i < to; i++) if (UNIT_CLASS[text.charCodeAt(i)] === 1) return true;
  return false;
}
const DATE_LINE = /^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$/;
const NUMBERED_SUB =
  /^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、.．]|\d+[、.．]|第[一二三四五六七八九十]+[、，,]?)/;

/** Labels the template prints in its tables, numbering and remarks removed. */
const TABLE_LABELS = new Set<string>(
  [
    ...Object.values(ACTIVE_ROWS),
    ...Object.values(ACTIVE_COLS),
    ...Object.values(APPLY_COLS),
    ...Object.values(REVIEW_COLS),
    ...APPLY_ROWS.map((r) => r.label),
    ...ACTIVE_BLOCKS['2019'].map((b) => b.item),
    '行政规范性文件',
    '信息内容',
    '申请人情况',
    '法人或其他组织',
    '行政复议',
    '行政诉讼',
    '未经复议直接起诉',
    '复议后起诉',
    '本年度办理结果',
    '不予公开',
    '无法提供',
    '不予处理',
    '采购总金额',
    '本年收费金额',
    '上年结转政府信息公开数量',
    '本年新收到政府信息公开申请数量',
  ].map(normalizeLabel),
);

function normalizeLabel(s: string): string {
  return s
    .replace(/\s+/g, '')
    .replace(/^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、.．]|\d+[、.．])+/, '')
    .replace(/[（(][^）)]*[）)]/g, '');
}

/** A line as the report means it: markdown heading marks and bold markers removed. */
function clean(line: string): string {
  // Most lines hold neither mark: then only the trim changes anything.
  if (!line.includes('#') && !line.includes('*')) return line.trim();
  return line
    .replace(/^\s*#+\s*/, '')
    .replace(/\*\*/g, '')
    .trim();
}

/** The part a line opens, or null. Parts only move forward, so sub-items like 二、规范公开流程 inside part 1 stay there. */
export function partHeadingOf(line: string, current: PartNumber): PartNumber | null {
  return headingOf(line, clean(line), current);
}

/**
 * partHeadingOf with the line's clean() given (it is read three ways per line); `fewCells`:
 * the caller knows the line has fewer than two filled TAB-separated cells.
 */
function headingOf(line: string, text: string, current: PartNumber, fewCells = false): PartNumber | null {
  if (!text || text.length > 40 || (!fewCells && line.includes('\t') && manyCells(line))) return null;
  // Both numbered shapes begin with one of these: most lines are spared the two regexes.
  const numbered = '一二三四五六第'.includes(text[0])
    ? (/^([一二三四五六])\s*[、.．,，]\s*/.exec(text) ?? /^第([一二三四五六])部分\s*[、,，:：]?\s*/.exec(text))
    : null;
  if (numbered) {
    const n = (NUMERALS.indexOf(numbered[1]) + 1) as 1 | 2 | 3 | 4 | 5 | 6;
    return n > current && PART_KEYS[n].loose.test(text.slice(numbered[0].length)) ? n : null;
  }
  if (text[0] === '（' || text[0] === '(' || text.length > 30) return null;
  // Two tests that must both pass, the one most lines fail first.
  if (!ANY_STRICT.test(text)) return null;
  const last = text[text.length - 1];
  if (hasTerminal(text, 0, last === '。' || last === '.' ? text.length - 1 : text.length)) return null;
  for (let n = current + 1; n <= 6; n++) {
    if (PART_KEYS[n as 1 | 2 | 3 | 4 | 5 | 6].strict.test(text)) return n as PartNumber;
  }
  return null;
}

/** True for a table row or cell: TAB- or pipe-separated cells, bare numbers, the template's labels. */
export function isTableLine(line: string, part: PartNumber): boolean {
  if ((line.includes('|') || line.includes('｜')) && PIPE_ROW.test(line)) return true;
  if (line.includes('\t')) {
    const cells = filledCells(line, 2);
    return cells.count !== 1 || loneCellIsTable(cells.first, tabAfterText(line), part);
  }
  return isTableCell(clean(line), part);
}

/** Markdown-style rows: | 规章 | 0 | 0 | 0 | */
const PIPE_ROW = /^\s*[|｜].*[|｜]/;

/** Whether a line with TABs and one filled cell (`cell`, trimmed) is a table's; `tabAfter`: a TAB follows the cell's text. */
function loneCellIsTable(cell: string, tabAfter: boolean, part: PartNumber): boolean {
  // A lone cell padded by TABs after it is a table row whose other cells are blank;
  // a TAB only in front is indentation.
  if (tabAfter && cell.length <= 60 && !hasTerminal(cell)) return true;
  return isTableCell(cell, part);
}

/**
 * The TAB-separated cells of `line` that hold more than white space: how many (counted up
 * to `upTo`) and the first, trimmed; what split, trim and filter would give, without them.
 */
function filledCells(line: string, upTo: number): { count: number; first: string } {
  let count = 0;
  let first = '';
  for (let start = 0; start <= line.length && count < upTo; ) {
    let end = line.indexOf('\t', start);
    if (end < 0) end = line.length;
    let a = start;
    while (a < end && isWhiteSpaceUnit(line.charCodeAt(a))) a++;
    if (a < end) {
      if (count === 0) {
        let b = end;
        while (isWhiteSpaceUnit(line.charCodeAt(b - 1))) b--;
        first = line.slice(a, b);
      }
      count++;
    }
    start = end + 1;
  }
  return { count, first };
}

/** filledCells(line, 2).count > 1, making nothing: whether two cells hold more than white space. */
function manyCells(line: string): boolean {
  let count = 0;
  for (let start = 0; start <= line.length; ) {
    let end = line.indexOf('\t', start);
    if (end < 0) end = line.length;
    let a = start;
    while (a < end && isWhiteSpaceUnit(line.charCodeAt(a))) a++;
    if (a < end && ++count > 1) return true;
    start = end + 1;
  }
  return false;
}

/** /\S\s*\t/.test(line): a TAB after the line's first unit that is not white space. */
function tabAfterText(line: string): boolean {
  let first = 0;
  while (first < line.length && isWhiteSpaceUnit(line.charCodeAt(first))) first++;
  return first < line.length && line.lastIndexOf('\t') > first;
}

/**
 * A cell of numbers alone (with their signs, separators and brackets): never a heading,
 * always a table's. /^[\d\s.,，+\-－—/%％()（）]+$/.test(cell), a unit at a time.
 */
function numbersOnly(cell: string): boolean {
  if (cell.length === 0) return false;
  for (let i = 0; i < cell.length; i++) {
    const c = cell.charCodeAt(i);
    if (UNIT_CLASS[c] !== 2 && !isWhiteSpaceUnit(c)) return false;
  }
  return true;
}

function isTableCell(cell: string, part: PartNumber, notNumbers = false): boolean {
  if (!notNumbers && numbersOnly(cell)) return true;
  if (cell.includes('勾稽关系')) return true;
  // Parts 2–4 are the tables: there, only full sentences are prose.
  if (part >= 2 && part <= 4 && cell.length <= 60 && !hasTerminal(cell)) return true;
  // Longer than every label, with nothing normalizeLabel takes away: no label (most prose lines).
  if (cell.length > LONGEST_LABEL && !MAY_SHORTEN.test(cell)) return false;
  return TABLE_LABELS.has(normalizeLabel(cell));
}

/** The longest of the template's labels. */
const LONGEST_LABEL = Math.max(...[...TABLE_LABELS].map((l) => l.length));
/**
 * What normalizeLabel can take away begins here: white space, a bracket, or a leading
 * numbering (which begins with a bracket, a Chinese numeral or a digit).
 */
const MAY_SHORTEN = /^[（(一二三四五六七八九十\d]|[\s（(]/;

type Block =
  | { kind: 'part'; part: PartNumber; heading: string }
  | { kind: 'section'; text: string }
  | { kind: 'para'; text: string; line: number; endLine: number };

function isSubheadingShape(text: string): boolean {
  if (text.length > 30) return false;
  const last = text[text.length - 1];
  if (hasTerminal(text, 0, '。.：:'.includes(last) ? text.length - 1 : text.length)) return false;
  if (DATE_LINE.test(text)) return false;
  return NUMBERED_SUB.test(text) || /[：:]$/.test(text) || !/[，,。]/.test(text);
}

/** A paragraph counts as "real prose" for the sub-heading test when it is a sentence or long. */
function isProse(text: string): boolean {
  return text.length > 30 || hasTerminal(text);
}

/** What blocksOf's scan notes of a line's units: white space (as trim), a TAB, a mark clean() removes, a pipe. */
const WS = 1;
const TAB = 2;
const MARK = 4;
const PIPE = 8;
const LINE_UNIT = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) if (isWhiteSpaceUnit(c)) LINE_UNIT[c] = WS;
LINE_UNIT[9] |= TAB;
for (const c of '#*') LINE_UNIT[c.charCodeAt(0)] = MARK;
for (const c of '|｜') LINE_UNIT[c.charCodeAt(0)] = PIPE;

function blocksOf(text: string): { title: string; blocks: Block[] } {
  let part: PartNumber = 0;
  let title = '';
  const blocks: Block[] = [];
  // First pass: drop blank and table lines, find part headings and the title.
  type Line = { text: string; line: number };
  const content: (Line & { kind: 'part' | 'text'; part: PartNumber })[] = [];
  let titleLines = 0;
  // The lines as split(/\r\n|\r|\n/) gives them, each scanned once for what the tests below
  // ask (its TABs, filled cells, marks, pipes) and made a string only when those leave it in
  // play: ~190 lines a report, a third of them blank or rows of cells (issue 13).
  const n = text.length;
  for (let from = 0, i = 0; from <= n; i++) {
    let end = from;
    let marks = 0;
    /** Cells between TABs that hold more than white space (the whole line is one cell without a TAB). */
    let filled = 0;
    let inCell = false;
    /** The first unit that is not white space, and the last TAB (-1: none). */
    let firstText = -1;
    let lastTab = -1;
    for (; end < n; end++) {
      const c = text.charCodeAt(end);
      if (c === 10 || c === 13) break;
      const u = LINE_UNIT[c];
      marks |= u;
      if (u & TAB) {
        inCell = false;
        lastTab = end;
      } else if (!(u & WS) && !inCell) {
        inCell = true;
        if (filled++ === 0) firstText = end;
      }
    }
    const start = from;
    // The next line begins past the break (\r\n is one); past the text's end, none does.
    from = end === n ? n + 1 : text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
    // A row of two or more filled TAB-separated cells (most of a table) opens no part and is
    // a table line: dropped without the tests below (they would each find its cells again).
    // None filled: a blank line.
    if (filled !== 1) continue;
    const raw = text.slice(start, end);
    const tab = (marks & TAB) !== 0;
    const t = marks & MARK ? clean(raw) : raw.trim();
    if (!t) continue;
    // So is a line of numbers alone without a TAB (a table's cells one a line, a page number);
    // with one, its cell is read as written (a bold **1** after a TAB is no number).
    if (numbersOnly(t) && !tab) continue;
    const p = headingOf(raw, t, part, true);
    if (p !== null) {
      part = p;
      content.push({ kind: 'part', text: t, line: i + 1, part });
      continue;
    }
    if ((marks & PIPE) !== 0 && PIPE_ROW.test(raw)) continue;
    // The one filled cell of a line with TABs read off the scan: from its first text to the
    // next TAB, trimmed (what filledCells gives).
    if (tab) {
      let cellEnd = text.indexOf('\t', firstText);
      if (cellEnd < 0 || cellEnd > end) cellEnd = end;
      while (isWhiteSpaceUnit(text.charCodeAt(cellEnd - 1))) cellEnd--;
      if (loneCellIsTable(text.slice(firstText, cellEnd), lastTab > firstText, part)) continue;
    } else if (isTableCell(t, part, true)) continue;
    // The title is the first line; a title broken over two lines is rejoined.
    if (part === 0 && (!title || (titleLines === 1 && !/报告$/.test(title) && t.length <= 20 && /报告$/.test(t)))) {
      title += t;
      titleLines++;
      continue;
    }
    content.push({ kind: 'text', text: t, line: i + 1, part });
  }
  // Second pass: sub-headings (a short line before prose) and paragraphs, rejoining lines broken mid-sentence.
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (c.kind === 'part') {
      blocks.push({ kind: 'part', part: c.part, heading: c.text });
      continue;
    }
    const next = content[i + 1];
    if (
      isSubheadingShape(c.text) &&
      next &&
      next.kind === 'text' &&
      isProse(next.text) &&
      !isSubheadingShape(next.text)
    ) {
      blocks.push({ kind: 'section', text: c.text });
      continue;
    }
    const prev = blocks[blocks.length - 1];
    if (prev && prev.kind === 'para' && isBrokenLine(prev.text) && !NUMBERED_SUB.test(c.text)) {
      prev.text += c.text;
      prev.endLine = c.line;
      continue;
    }
    blocks.push({ kind: 'para', text: c.text, line: c.line, endLine: c.line });
  }
  return { title, blocks };
}

/** A line that stops mid-sentence (a PDF or Word line break), not at a heading or a sentence end. */
function isBrokenLine(text: string): boolean {
  // The last unit looked up, not a regex ending in $ (tried at every position of the line).
  return text.length >= 20 && !SENTENCE_ENDS.includes(text[text.length - 1]);
}

/** What a line that is not broken ends on. */
const SENTENCE_ENDS = '。！？；：:!?;）)”"』」';

/** The part headings the chunker finds, in order, with their 1-based lines. */
export function findParts(text: string): { part: PartNumber; heading: string; line: number }[] {
  const out: { part: PartNumber; heading: string; line: number }[] = [];
  let part: PartNumber = 0;
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const p = raw.trim() ? partHeadingOf(raw, part) : null;
    if (p === null) return;
    part = p;
    out.push({ part, heading: clean(raw), line: i + 1 });
  });
  return out;
}

/**
 * Split a report's text into chunks that know their office, year, part and line.
 * Pure: the same text and meta always give the same chunks.
 */
export function chunkReport(text: string, meta: ChunkMeta): Chunk[] {
  const { title, blocks } = blocksOf(text);
  const chunks: Chunk[] = [];
  let part: PartNumber = 0;
  let partHeading = title;
  let section: string | null = null;
  let cur: { texts: string[]; len: number; line: number; endLine: number } | null = null;

  // The usual meta's fields written out: spreading it into every chunk cost half of chunkReport.
  const usual = isUsualMeta(meta);
  const { reportId, officeId, office, year } = meta;
  const emit = (body: string, line: number, endLine: number) => {
    const seq = chunks.length;
    const id = `${reportId}#${seq}`;
    chunks.push(
      usual
        ? { reportId, officeId, office, year, id, seq, part, partHeading, section, line, endLine, text: body }
        : { ...meta, id, seq, part, partHeading, section, line, endLine, text: body },
    );
  };
  const flush = () => {
    if (cur) emit(cur.texts.join('\n'), cur.line, cur.endLine);
    cur = null;
  };

  const signature = signatureStart(blocks);
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    if (i === signature) {
      flush();
      section = SIGNATURE_SECTION;
    }
    if (b.kind === 'part') {
      flush();
      part = b.part;
      partHeading = b.heading;
      section = null;
      continue;
    }
    if (b.kind === 'section') {
      flush();
      section = b.text;
      continue;
    }
    if (b.text.length > CHUNK_MAX) {
      flush();
      for (const piece of packSentences(b.text, CHUNK_MAX)) emit(piece, b.line, b.endLine);
      continue;
    }
    if (cur && cur.len < CHUNK_MIN && cur.len + b.text.length + 1 <= CHUNK_MAX) {
      cur.texts.push(b.text);
      cur.len += b.text.length + 1;
      cur.endLine = b.endLine;
      continue;
    }
    flush();
    cur = { texts: [b.text], len: b.text.length, line: b.line, endLine: b.endLine };
  }
  flush();
  return chunks;
}

/** A meta of exactly ChunkMeta's own fields, in its order (what `{ ...meta }` would copy, field by field). */
function isUsualMeta(meta: ChunkMeta): boolean {
  const keys = Object.keys(meta);
  return (
    keys.length === 4 &&
    keys[0] === 'reportId' &&
    keys[1] === 'officeId' &&
    keys[2] === 'office' &&
    keys[3] === 'year' &&
    Object.getOwnPropertySymbols(meta).length === 0
  );
}

/** Section name given to the closing signature block (office and date), so that 落款 finds it. */
export const SIGNATURE_SECTION = '落款（署名和日期）';

/** Index of the closing block of short lines that ends on a date (署名, 日期), or -1. */
function signatureStart(blocks: Block[]): number {
  const last = blocks[blocks.length - 1];
  if (last?.kind !== 'para' || !DATE_LINE.test(last.text)) return -1;
  let start = blocks.length - 1;
  while (start > 0 && blocks.length - start < 3) {
    const prev = blocks[start - 1];
    if (prev.kind !== 'para' || prev.text.length > 40 || hasTerminal(prev.text)) break;
    start--;
  }
  return start;
}

/** The text that is indexed for a chunk: office, headings and passage, so that a question naming any of them finds it. */
export function chunkIndexText(chunk: Chunk): string {
  return chunkIndexParts(chunk).join('\n');
}

/** chunkIndexText's lines before they are joined (the office and headings repeat from chunk to chunk). */
export function chunkIndexParts(chunk: Chunk): string[] {
  const parts: string[] = [];
  for (const p of [chunk.office, chunk.partHeading, chunk.section, chunk.text]) if (p) parts.push(p);
  return parts;
}
