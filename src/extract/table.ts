// A table as the parser wants it: one line per row, cells separated by TAB.
// A merged cell writes its text once, at its top-left position; the other
// positions it covers stay empty (colspan → empty cells after it, rowspan →
// an empty cell in the rows below). The parser carries group labels itself.
// HTML, docx (via HTML) and PDF tables all end here, so they come out alike.

export interface PlacedCell {
  row: number;
  col: number;
  rowspan: number;
  colspan: number;
  text: string;
}

export interface SpanCell {
  text: string;
  rowspan: number;
  colspan: number;
}

/** Lines of a table whose merged cells are already placed on the grid. */
export function gridLines(cells: PlacedCell[]): string[] {
  let rows = 0;
  let cols = 0;
  for (const c of cells) {
    rows = Math.max(rows, c.row + c.rowspan);
    cols = Math.max(cols, c.col + c.colspan);
  }
  const grid: string[][] = Array.from({ length: rows }, () => new Array<string>(cols).fill(''));
  // Most cells hold no line break: the regex is spared them.
  for (const c of cells) grid[c.row][c.col] = hasBreak(c.text) ? c.text.replace(/[\r\n]+/g, ' ') : c.text;
  return grid.map((r) => r.join('\t'));
}

function hasBreak(s: string): boolean {
  return s.includes('\n') || s.includes('\r');
}

/**
 * Place HTML-style rows (each cell with its spans, positions implied by the
 * cells above reaching down) on a grid, the way browsers do.
 */
export function placeSpanRows(rows: SpanCell[][]): PlacedCell[] {
  const placed: PlacedCell[] = [];
  // occupied[r] holds the columns taken in row r by cells from rows above.
  const occupied: Set<number>[] = rows.map(() => new Set<number>());
  rows.forEach((cells, r) => {
    let col = 0;
    for (const cell of cells) {
      while (occupied[r].has(col)) col++;
      const rowspan = Math.max(1, Math.min(cell.rowspan, rows.length - r));
      const colspan = Math.max(1, cell.colspan);
      placed.push({ row: r, col, rowspan, colspan, text: cell.text });
      for (let rr = r; rr < r + rowspan; rr++) {
        for (let cc = col; cc < col + colspan; cc++) occupied[rr].add(cc);
      }
      col += colspan;
    }
  });
  // Rows with no cells at all (<tr></tr>) still are rows.
  if (rows.length > 0 && !placed.some((p) => p.row + p.rowspan === rows.length)) {
    placed.push({ row: rows.length - 1, col: 0, rowspan: 1, colspan: 1, text: '' });
  }
  return placed;
}
