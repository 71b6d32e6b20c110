// Ruled tables on a PDF page, found from their border lines ("lattice" mode):
// the borders' x and y positions make a fine grid; where a border between two
// grid cells is missing, the cells are one merged cell. The result has the
// same shape as an HTML table with colspan/rowspan.
import type { Segment } from './pdf-rulings.js';

export interface LatticeCell {
  row: number;
  col: number;
  rowspan: number;
  colspan: number;
}

export interface Lattice {
  /** Column boundaries, left to right. */
  xs: number[];
  /** Row boundaries, top to bottom (PDF y decreases downwards). */
  ys: number[];
  cells: LatticeCell[];
  /** cellAt[row][col] → index into cells. */
  cellAt: number[][];
}

/** Lines closer than this are one line (double borders, rounding). */
const SNAP = 2;
/** Rows or columns thinner than this are border artefacts, not cells. */
const MIN_TRACK = 3;

export function findLattices(segments: Segment[]): Lattice[] {
  const hs = mergeCollinear(
    segments.filter((s) => s.y1 - s.y0 <= s.x1 - s.x0),
    'h',
  );
  const vs = mergeCollinear(
    segments.filter((s) => s.y1 - s.y0 > s.x1 - s.x0),
    'v',
  );
  const all = [...hs, ...vs];
  const parent = all.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  hs.forEach((h, i) => {
    vs.forEach((v, j) => {
      if (v.x0 >= h.x0 - SNAP && v.x0 <= h.x1 + SNAP && h.y0 >= v.y0 - SNAP && h.y0 <= v.y1 + SNAP) {
        parent[find(i)] = find(hs.length + j);
      }
    });
  });
  const groups = new Map<number, { h: Segment[]; v: Segment[] }>();
  all.forEach((s, i) => {
    const g = groups.get(find(i)) ?? { h: [], v: [] };
    (i < hs.length ? g.h : g.v).push(s);
    groups.set(find(i), g);
  });
  const out: Lattice[] = [];
  for (const g of groups.values()) {
    const lattice = buildLattice(g.h, g.v);
    if (lattice) out.push(lattice);
  }
  return out.sort((a, b) => b.ys[0] - a.ys[0]);
}

function buildLattice(hs: Segment[], vs: Segment[]): Lattice | null {
  if (hs.length < 2 || vs.length < 2) return null;
  // The H lines' ends and V lines' ends bound the table even where an outer border is not drawn.
  const xs = snap([...vs.map((v) => v.x0), Math.min(...hs.map((h) => h.x0)), Math.max(...hs.map((h) => h.x1))]);
  const ys = snap([
    ...hs.map((h) => h.y0),
    Math.min(...vs.map((v) => v.y0)),
    Math.max(...vs.map((v) => v.y1)),
  ]).reverse();
  const nRows = ys.length - 1;
  const nCols = xs.length - 1;
  // A single box is a frame around text, not a table.
  if (nRows < 1 || nCols < 1 || nRows * nCols < 2) return null;

  const covers = (lines: Segment[], pos: number, axis: 'h' | 'v', from: number, to: number): boolean =>
    lines.some((s) => {
      const at = axis === 'h' ? s.y0 : s.x0;
      if (Math.abs(at - pos) > MIN_TRACK) return false;
      const [a, b] = axis === 'h' ? [s.x0, s.x1] : [s.y0, s.y1];
      return Math.min(b, to) - Math.max(a, from) >= 0.5 * (to - from);
    });

  const id = (r: number, c: number) => r * nCols + c;
  const parent = Array.from({ length: nRows * nCols }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let r = 0; r < nRows; r++) {
    for (let c = 0; c < nCols; c++) {
      // No border to the right → one cell with its right neighbour.
      if (c + 1 < nCols && !covers(vs, xs[c + 1], 'v', ys[r + 1], ys[r])) parent[find(id(r, c))] = find(id(r, c + 1));
      // No border below → one cell with the cell below.
      if (r + 1 < nRows && !covers(hs, ys[r + 1], 'h', xs[c], xs[c + 1])) parent[find(id(r, c))] = find(id(r + 1, c));
    }
  }
  const byRoot = new Map<number, number>();
  const cells: LatticeCell[] = [];
  const cellAt: number[][] = [];
  for (let r = 0; r < nRows; r++) {
    cellAt.push([]);
    for (let c = 0; c < nCols; c++) {
      const root = find(id(r, c));
      let k = byRoot.get(root);
      if (k === undefined) {
        k = cells.length;
        byRoot.set(root, k);
        cells.push({ row: r, col: c, rowspan: 1, colspan: 1 });
      }
      const cell = cells[k];
      cell.rowspan = Math.max(cell.rowspan, r - cell.row + 1);
      cell.colspan = Math.max(cell.colspan, c - cell.col + 1);
      cellAt[r].push(k);
    }
  }
  return { xs, ys, cells, cellAt };
}

/** Join pieces of the same line (same y for 'h', same x for 'v') that touch or overlap. */
function mergeCollinear(segs: Segment[], axis: 'h' | 'v'): Segment[] {
  const pos = (s: Segment) => (axis === 'h' ? (s.y0 + s.y1) / 2 : (s.x0 + s.x1) / 2);
  const sorted = [...segs].sort((a, b) => pos(a) - pos(b));
  const bands: Segment[][] = [];
  for (const s of sorted) {
    const band = bands[bands.length - 1];
    if (band && Math.abs(pos(s) - pos(band[0])) <= SNAP / 2) band.push(s);
    else bands.push([s]);
  }
  const out: Segment[] = [];
  for (const band of bands) {
    const p = band.reduce((n, s) => n + pos(s), 0) / band.length;
    const spans = band.map((s) => (axis === 'h' ? [s.x0, s.x1] : [s.y0, s.y1])).sort((a, b) => a[0] - b[0]);
    let [a, b] = spans[0];
    const flush = () => out.push(axis === 'h' ? { x0: a, x1: b, y0: p, y1: p } : { x0: p, x1: p, y0: a, y1: b });
    for (const [c, d] of spans.slice(1)) {
      if (c <= b + SNAP) b = Math.max(b, d);
      else {
        flush();
        [a, b] = [c, d];
      }
    }
    flush();
  }
  return out;
}

/** Sorted distinct positions, nearby ones merged, thin tracks removed. */
function snap(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  for (const v of sorted) {
    if (out.length === 0 || v - out[out.length - 1] > MIN_TRACK) out.push(v);
  }
  return out;
}
