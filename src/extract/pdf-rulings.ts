// The straight lines a PDF page draws: table borders. Read from pdf.js's
// operator list (stroked lines and rectangles, and the thin filled rectangles
// some writers use for borders), mapped to page space through the CTM.

/** An axis-aligned segment in PDF page space (y grows upwards). x0 ≤ x1, y0 ≤ y1. */
export interface Segment {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

type Matrix = [number, number, number, number, number, number];

/** The op codes this module reads (pdf.js's OPS object satisfies this). */
export interface OpCodes {
  save: number;
  restore: number;
  transform: number;
  constructPath: number;
  paintFormXObjectBegin: number;
  paintFormXObjectEnd: number;
  stroke: number;
  closeStroke: number;
  fill: number;
  eoFill: number;
  fillStroke: number;
  eoFillStroke: number;
  closeFillStroke: number;
  closeEOFillStroke: number;
}

// pdf.js 5 path data: a flat Float32Array of (op, coordinates…) with these ops.
const MOVE = 0;
const LINE = 1;
const CURVE = 2;
const QUAD = 3;
const CLOSE = 4;

/** Thicker filled rectangles are shading, not borders. */
const MAX_RULE_THICKNESS = 3;
const MIN_RULE_LENGTH = 2;

export function rulingsFromOps(fnArray: ArrayLike<number>, argsArray: ArrayLike<unknown>, OPS: OpCodes): Segment[] {
  const out: Segment[] = [];
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const strokes = new Set([
    OPS.stroke,
    OPS.closeStroke,
    OPS.fillStroke,
    OPS.eoFillStroke,
    OPS.closeFillStroke,
    OPS.closeEOFillStroke,
  ]);
  const fills = new Set([
    OPS.fill,
    OPS.eoFill,
    OPS.fillStroke,
    OPS.eoFillStroke,
    OPS.closeFillStroke,
    OPS.closeEOFillStroke,
  ]);

  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null;
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform && args) ctm = multiply(ctm, args as unknown as Matrix);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      const m = args?.[0] as ArrayLike<number> | null | undefined;
      if (m && m.length === 6) ctm = multiply(ctm, Array.from(m) as Matrix);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.constructPath && args) {
      const paint = args[0] as number;
      const data = (args[1] as ArrayLike<number>[] | undefined)?.[0];
      if (!data || (!strokes.has(paint) && !fills.has(paint))) continue;
      for (const sub of subpaths(data, ctm)) {
        if (strokes.has(paint)) for (const s of sub.lines) pushAxisAligned(out, s);
        if (fills.has(paint) && !sub.curved) pushThinRect(out, sub.points);
      }
    }
  }
  return out;
}

function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

interface Subpath {
  points: [number, number][];
  lines: [number, number, number, number][];
  curved: boolean;
}

function subpaths(data: ArrayLike<number>, m: Matrix): Subpath[] {
  const out: Subpath[] = [];
  let sub: Subpath | null = null;
  let cur: [number, number] = [0, 0];
  let start: [number, number] = [0, 0];
  const at = (x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
  for (let i = 0; i < data.length; ) {
    const op = data[i++];
    if (op === MOVE) {
      cur = start = at(data[i], data[i + 1]);
      i += 2;
      sub = { points: [cur], lines: [], curved: false };
      out.push(sub);
    } else if (op === LINE) {
      const p = at(data[i], data[i + 1]);
      i += 2;
      if (!sub) {
        sub = { points: [cur], lines: [], curved: false };
        out.push(sub);
      }
      sub.lines.push([cur[0], cur[1], p[0], p[1]]);
      sub.points.push(p);
      cur = p;
    } else if (op === CURVE || op === QUAD) {
      const n = op === CURVE ? 6 : 4;
      cur = at(data[i + n - 2], data[i + n - 1]);
      i += n;
      if (sub) {
        sub.curved = true;
        sub.points.push(cur);
      }
    } else if (op === CLOSE) {
      if (sub && (cur[0] !== start[0] || cur[1] !== start[1])) sub.lines.push([cur[0], cur[1], start[0], start[1]]);
      cur = start;
    } else {
      break; // unknown op: stop rather than misread the rest
    }
  }
  return out;
}

function pushAxisAligned(out: Segment[], [ax, ay, bx, by]: [number, number, number, number]): void {
  const dx = Math.abs(bx - ax);
  const dy = Math.abs(by - ay);
  if (Math.max(dx, dy) < MIN_RULE_LENGTH) return;
  if (dy <= 0.5 || dx <= 0.5) {
    out.push({ x0: Math.min(ax, bx), y0: Math.min(ay, by), x1: Math.max(ax, bx), y1: Math.max(ay, by) });
  }
}

// A filled rectangle thinner than a few points is drawn as a rule: keep its centre line.
function pushThinRect(out: Segment[], points: [number, number][]): void {
  if (points.length < 4 || points.length > 5) return;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const y0 = Math.min(...ys);
  const y1 = Math.max(...ys);
  // Every corner must sit on the bounding box for this to be an upright rectangle.
  if (!points.every(([x, y]) => (near(x, x0) || near(x, x1)) && (near(y, y0) || near(y, y1)))) return;
  const w = x1 - x0;
  const h = y1 - y0;
  if (h <= MAX_RULE_THICKNESS && w >= MIN_RULE_LENGTH && w > h)
    out.push({ x0, y0: (y0 + y1) / 2, x1, y1: (y0 + y1) / 2 });
  else if (w <= MAX_RULE_THICKNESS && h >= MIN_RULE_LENGTH && h > w)
    out.push({ x0: (x0 + x1) / 2, y0, x1: (x0 + x1) / 2, y1 });
}

function near(a: number, b: number): boolean {
  return Math.abs(a - b) <= 0.5;
}
