// One PDF page's positioned text runs (+ its ruled tables) → text lines in
// reading order. Runs on one baseline make a line; a wide gap between runs is
// a TAB (a table cell boundary), a narrow one is nothing (Chinese text split
// into runs). Ruled tables are read cell by cell (pdf-lattice.ts) so wrapped
// cell text stays in its cell and merged cells come out as in HTML. Pure.
import { collapseSpaces, collapseSpacesKeepTabs, joinWrapped } from './normalize.js';
import { findLattices, type Lattice } from './pdf-lattice.js';
import type { Segment } from './pdf-rulings.js';
import { gridLines } from './table.js';

/** A run of text as pdf.js reports it: baseline start (x, y), width, font size. PDF space, y up. */
export interface TextRun {
  str: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Line {
  runs: TextRun[];
  /** Baseline of the line's first run. */
  y: number;
  h: number;
  x0: number;
  x1: number;
  text: string;
}

type Block = { top: number; kind: 'line'; line: Line } | { top: number; kind: 'table'; lines: string[] };

/** Gap (in font sizes) from which two runs are separate cells. */
const CELL_GAP = 1.5;

export function layoutPage(runs: TextRun[], segments: Segment[]): string[] {
  const visible = dedupe(runs.filter((r) => r.str.trim() !== '' && r.h > 0));
  const lattices = findLattices(segments);
  const inTable: TextRun[][] = lattices.map(() => []);
  const free: TextRun[] = [];
  for (const run of visible) {
    const t = latticeOf(run, lattices);
    if (t < 0) free.push(run);
    else inTable[t].push(run);
  }
  const blocks: Block[] = groupLines(free).map((line) => ({ top: line.y + line.h, kind: 'line', line }));
  lattices.forEach((lat, i) => {
    // A ruled box with no text in it is decoration.
    if (inTable[i].length > 0) blocks.push({ top: lat.ys[0], kind: 'table', lines: tableLines(lat, inTable[i]) });
  });
  blocks.sort((a, b) => b.top - a.top);
  return reflow(blocks);
}

/** Centre of a run's glyph box. */
function centre(r: TextRun): [number, number] {
  return [r.x + r.w / 2, r.y + 0.35 * r.h];
}

/** Index of the (smallest) lattice whose box holds the run's centre, or -1. */
function latticeOf(run: TextRun, lattices: Lattice[]): number {
  const [cx, cy] = centre(run);
  let best = -1;
  let bestArea = Infinity;
  lattices.forEach((l, i) => {
    const x0 = l.xs[0];
    const x1 = l.xs[l.xs.length - 1];
    const y0 = l.ys[l.ys.length - 1];
    const y1 = l.ys[0];
    if (cx >= x0 - 1 && cx <= x1 + 1 && cy >= y0 - 1 && cy <= y1 + 1) {
      const area = (x1 - x0) * (y1 - y0);
      if (area < bestArea) [best, bestArea] = [i, area];
    }
  });
  return best;
}

function tableLines(lat: Lattice, runs: TextRun[]): string[] {
  const byCell = new Map<number, TextRun[]>();
  for (const run of runs) {
    const [cx, cy] = centre(run);
    const col = track(lat.xs, cx, (a, v) => v >= a);
    const row = track(lat.ys, cy, (a, v) => v <= a);
    const k = lat.cellAt[row][col];
    byCell.set(k, [...(byCell.get(k) ?? []), run]);
  }
  const placed = lat.cells.map((cell, k) => {
    // A wrapped cell is one text: its lines join without a break.
    const lines = groupLines(byCell.get(k) ?? []).map((l) => l.text);
    return { ...cell, text: collapseSpacesKeepTabs(lines.reduce(joinWrapped, '')) };
  });
  return gridLines(placed);
}

/** Index of the track (between bounds[i] and bounds[i+1]) holding v, clamped. */
function track(bounds: number[], v: number, past: (bound: number, v: number) => boolean): number {
  let i = 0;
  while (i < bounds.length - 2 && past(bounds[i + 1], v)) i++;
  return i;
}

// Some writers fake bold by drawing the same text two or more times a hair apart.
function dedupe(runs: TextRun[]): TextRun[] {
  const seen = new Map<string, TextRun[]>();
  return runs.filter((r) => {
    const same = seen.get(r.str) ?? [];
    if (same.some((s) => Math.abs(s.x - r.x) < 1.5 && Math.abs(s.y - r.y) < 1.5)) return false;
    same.push(r);
    seen.set(r.str, same);
    return true;
  });
}

/** Runs → lines, top to bottom; runs whose baselines are within 0.4 font size share a line. */
function groupLines(runs: TextRun[]): Line[] {
  const sorted = [...runs].sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: TextRun[][] = [];
  for (const r of sorted) {
    const g = groups[groups.length - 1];
    if (g && Math.abs(g[0].y - r.y) <= 0.4 * Math.max(g[0].h, r.h)) g.push(r);
    else groups.push([r]);
  }
  return groups.map((g) => {
    const rs = g.sort((a, b) => a.x - b.x);
    return {
      runs: rs,
      y: rs.reduce((m, r) => Math.max(m, r.y), -Infinity),
      h: Math.max(...rs.map((r) => r.h)),
      x0: rs[0].x,
      x1: Math.max(...rs.map((r) => r.x + r.w)),
      text: joinRuns(rs),
    };
  });
}

const LATIN_END = /[A-Za-z0-9.,%)\]]$/;
const LATIN_START = /^[A-Za-z0-9([]/;

function joinRuns(runs: TextRun[]): string {
  let text = runs[0].str;
  let end = runs[0].x + runs[0].w;
  for (let i = 1; i < runs.length; i++) {
    const prev = runs[i - 1];
    const r = runs[i];
    const gap = r.x - end;
    const size = Math.max(prev.h, r.h);
    let sep = '';
    if (gap >= CELL_GAP * size) sep = '\t';
    // Two numbers side by side are two values even when the gap is modest.
    else if (/\d$/.test(text) && /^\d/.test(r.str) && gap >= 0.4 * size) sep = '\t';
    else if (LATIN_END.test(text) && LATIN_START.test(r.str) && gap >= 0.15 * size) sep = ' ';
    text += sep + r.str;
    end = Math.max(end, r.x + r.w);
  }
  return text.includes('\t') ? collapseSpacesKeepTabs(text) : text.replace(/[ \u00a0]{2,}/g, ' ').trim();
}

const SENTENCE_END = /[。！？；：:;!?]$/;
const HEADING_START =
  /^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[章节部分条])/;

// Body text wraps at the right margin; a line that reaches the margin and is
// followed by a line starting at the left margin (not indented) continues it.
function reflow(blocks: Block[]): string[] {
  const lines = blocks.filter((b): b is Extract<Block, { kind: 'line' }> => b.kind === 'line').map((b) => b.line);
  const body = lines.filter((l) => collapseSpaces(l.text).length >= 10 && !l.text.includes('\t'));
  // No body text (a cover page, a page of short lines): nothing wraps, nothing to join.
  const right = body.length > 0 ? Math.max(...body.map((l) => l.x1)) : Infinity;
  const left = body.length > 0 ? Math.min(...body.map((l) => l.x0)) : -Infinity;
  const out: string[] = [];
  let prev: Line | null = null;
  for (const b of blocks) {
    if (b.kind === 'table') {
      out.push(...b.lines);
      prev = null;
      continue;
    }
    const l = b.line;
    if (prev && continues(prev, l, left, right)) {
      out[out.length - 1] = joinWrapped(out[out.length - 1], l.text);
    } else {
      out.push(l.text);
    }
    prev = l;
  }
  return out;
}

function continues(prev: Line, next: Line, left: number, right: number): boolean {
  const h = Math.max(prev.h, next.h);
  if (prev.text.includes('\t') || next.text.includes('\t')) return false;
  if (Math.abs(prev.h - next.h) > 0.15 * h) return false;
  if (prev.y - next.y > 2.5 * h) return false;
  if (prev.x1 < right - 2 * h || next.x0 > left + 0.6 * h) return false;
  return !(SENTENCE_END.test(prev.text) && HEADING_START.test(next.text));
}
