// A synthetic report printed to PDF by `pdfkit`, the way offices' PDFs look: Noto Sans
// (the CJK font the project already installs) embedded as a subset, paragraphs wrapped
// at the right margin with a first-line indent, tables A/B/C as ruled grids whose
// merged cells are one box, wrapped cell text, tables broken across pages where they
// fall, and "- n -" at the foot of every page. Nothing from ../shared: the truth is the
// report it was drawn from.
import path from 'node:path';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { Block } from '../../tools/synth/layouts.js';
import { layoutGrid, type Grid } from '../../tools/synth/tables.js';

const PAGE = { width: 595.28, height: 841.89 }; // A4
const MARGIN = { top: 64, bottom: 72, left: 64, right: 64 };
const CONTENT = PAGE.width - MARGIN.left - MARGIN.right;
const BODY = 10.5;
const CELL_FONT = 7;
const CELL_PAD = 3;

/** The CJK font file of @embedpdf/fonts-sc (dist/ sits beside fonts/). */
function cjkFontFile(): string {
  const entry = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
  return path.join(path.dirname(entry), '..', 'fonts', 'NotoSansHans-Regular.otf');
}

type Doc = InstanceType<typeof PDFDocument>;

/** Column widths: value columns narrow and equal, label columns share the rest. */
function columnWidths(grid: Grid): number[] {
  const slots = layoutGrid(grid);
  const valueAt = (row: (typeof slots)[number], c: number) =>
    row[c].origin && row[c].cell.role === 'value' && (row[c].cell.colspan ?? 1) === 1;
  const isValue = Array.from({ length: grid.cols }, (_, c) => slots.some((row) => valueAt(row, c)));
  const values = isValue.filter(Boolean).length;
  const labels = grid.cols - values;
  if (labels === 0) return new Array<number>(grid.cols).fill(CONTENT / grid.cols);
  const valueWidth = Math.min(72, (CONTENT * 0.55) / Math.max(values, 1));
  const labelWidth = (CONTENT - values * valueWidth) / labels;
  return isValue.map((v) => (v ? valueWidth : labelWidth));
}

/** Heights of the grid's rows: each row fits its own cells, a merged cell fits the rows it spans. */
function rowHeights(doc: Doc, grid: Grid, widths: number[]): number[] {
  const slots = layoutGrid(grid);
  const min = CELL_FONT + 2 * CELL_PAD + 4;
  const heights = grid.rows.map(() => min);
  const spanning: { r: number; span: number; need: number }[] = [];
  slots.forEach((row, r) =>
    row.forEach((slot, c) => {
      if (!slot.origin || !slot.cell.text) return;
      const w = widths.slice(c, c + (slot.cell.colspan ?? 1)).reduce((a, b) => a + b, 0);
      const need = doc.heightOfString(slot.cell.text, { width: w - 2 * CELL_PAD }) + 2 * CELL_PAD + 2;
      const span = slot.cell.rowspan ?? 1;
      if (span === 1) heights[r] = Math.max(heights[r], need);
      else spanning.push({ r, span, need });
    }),
  );
  for (const { r, span, need } of spanning) {
    const have = heights.slice(r, r + span).reduce((a, b) => a + b, 0);
    if (have < need) heights[r + span - 1] += need - have;
  }
  return heights;
}

/** Row ranges that no merged cell crosses: a table may break between them, never inside. */
function bands(grid: Grid): [number, number][] {
  const reach = grid.rows.map((_, r) => r);
  grid.rows.forEach((row, r) => row.forEach((cell) => (reach[r] = Math.max(reach[r], r + (cell.rowspan ?? 1) - 1))));
  const out: [number, number][] = [];
  let start = 0;
  let end = 0;
  for (let r = 0; r < grid.rows.length; r++) {
    end = Math.max(end, reach[r]);
    if (r === end) {
      out.push([start, r]);
      start = r + 1;
    }
  }
  return out;
}

function drawTable(doc: Doc, grid: Grid): void {
  doc.fontSize(CELL_FONT);
  const widths = columnWidths(grid);
  const heights = rowHeights(doc, grid, widths);
  const slots = layoutGrid(grid);
  const xs = [MARGIN.left];
  for (const w of widths) xs.push(xs[xs.length - 1] + w);
  let y = doc.y + 4;
  for (const [first, last] of bands(grid)) {
    const bandHeight = heights.slice(first, last + 1).reduce((a, b) => a + b, 0);
    if (y + bandHeight > PAGE.height - MARGIN.bottom) {
      doc.addPage();
      y = MARGIN.top;
    }
    const top = [y];
    for (let r = first; r <= last; r++) top.push(top[top.length - 1] + heights[r]);
    for (let r = first; r <= last; r++) {
      slots[r].forEach((slot, c) => {
        if (!slot.origin) return;
        const cs = slot.cell.colspan ?? 1;
        const rs = slot.cell.rowspan ?? 1;
        const x = xs[c];
        const w = xs[c + cs] - x;
        const cy = top[r - first];
        const h = top[r - first + rs] - cy;
        doc.lineWidth(0.5).rect(x, cy, w, h).stroke();
        if (!slot.cell.text) return;
        const centred = slot.cell.role === 'value' || slot.cell.role === 'head';
        const options = { width: w - 2 * CELL_PAD, align: centred ? 'center' : 'left' } as const;
        const textHeight = doc.heightOfString(slot.cell.text, options);
        doc.text(slot.cell.text, x + CELL_PAD, cy + (h - textHeight) / 2, options);
      });
    }
    y = top[top.length - 1];
  }
  doc.x = MARGIN.left;
  doc.y = y + 8;
  doc.fontSize(BODY);
}

function write(doc: Doc, b: Block): void {
  const at = { width: CONTENT };
  switch (b.t) {
    case 'title':
      doc
        .fontSize(16)
        .text(b.text, MARGIN.left, doc.y, { ...at, align: 'center' })
        .moveDown(0.8)
        .fontSize(BODY);
      return;
    case 'heading':
      doc.fontSize(b.level === 1 ? 12 : BODY);
      doc.text(b.text, MARGIN.left, doc.y, { ...at, indent: b.level === 1 ? 0 : 2 * BODY }).fontSize(BODY);
      return;
    case 'para':
      doc.text(b.text, MARGIN.left, doc.y, { ...at, indent: 2 * BODY, lineGap: 3 });
      return;
    case 'table':
      drawTable(doc, b.grid);
      return;
    case 'page':
      return; // printed pages number themselves at their foot (below)
    case 'sign':
      doc.moveDown(1);
      for (const line of b.lines) doc.text(line, MARGIN.left, doc.y, { ...at, align: 'right' });
  }
}

/** The report's blocks as the bytes of a PDF file with a text layer. */
export function reportPdf(blocks: Block[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margins: MARGIN, bufferPages: true, info: { Title: 'report' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', cjkFontFile());
  doc.font('cjk').fontSize(BODY);
  for (const b of blocks) write(doc, b);
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // The foot lies below the bottom margin: lift the margin while writing it, or pdfkit adds a page.
    doc.page.margins.bottom = 0;
    doc.fontSize(9).text(`- ${i + 1} -`, 0, PAGE.height - 40, { width: PAGE.width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = MARGIN.bottom;
  }
  doc.end();
  return done;
}
