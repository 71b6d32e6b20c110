// A report's table cells as one blob (SQLite schema 11, report_cells.cells): ~170 cells
// written as one row instead of ~170 rows of `facts` (issue 13: those rows were most of a
// save's SQLite time). Pure: no I/O. Every field round-trips exactly as the facts row held
// it (null value, unit, line, cell kept apart from 0 and ''), but -0, which SQLite's REAL
// column stored as 0: read back, it was 0, so it is packed as 0.
//
// Layout, little-endian: u32 version (1), u32 n, then n of each in turn: u32 code (the fact
// id's fact_codes code), f64 value, u8 flags, u32 line, u32 unit length, u32 cell length;
// then the units and cell texts, in cell order, as one UTF-8 string (lengths in UTF-16 units).

const VERSION = 1;
const HEAD = 8;
/** Bytes a cell takes besides its texts. */
const CELL_BYTES = 4 + 8 + 1 + 4 + 4 + 4;

const APPROXIMATE = 1;
const NULL_VALUE = 2;
const NULL_UNIT = 4;
const NULL_LINE = 8;
const NULL_CELL = 16;

/** One cell of a report, its fact named by code. */
export interface PackedCell {
  code: number;
  value: number | null;
  approximate: boolean;
  unit: string | null;
  /** The report line the value came from (≥ 1), or null. */
  line: number | null;
  /** The cell text at that line, or null. */
  cell: string | null;
}

const decoder = new TextDecoder();

/** The cells as one blob, in the order given. Throws on a code or line that does not fit. */
export function packCells(cells: readonly PackedCell[]): Buffer {
  const n = cells.length;
  let text = '';
  for (const c of cells) text += (c.unit ?? '') + (c.cell ?? '');
  const textBytes = Buffer.byteLength(text, 'utf8');
  const out = Buffer.allocUnsafe(HEAD + n * CELL_BYTES + textBytes);
  out.writeUInt32LE(VERSION, 0);
  out.writeUInt32LE(n, 4);
  const codes = HEAD;
  const values = codes + 4 * n;
  const flags = values + 8 * n;
  const lines = flags + n;
  const unitLens = lines + 4 * n;
  const cellLens = unitLens + 4 * n;
  for (let i = 0; i < n; i++) {
    const c = cells[i];
    if (!Number.isInteger(c.code) || c.code < 0 || c.code > 0xffffffff) throw new RangeError(`cell code ${c.code}`);
    if (c.line !== null && (!Number.isInteger(c.line) || c.line < 1 || c.line > 0xffffffff))
      throw new RangeError(`cell line ${c.line}`);
    let f = c.approximate ? APPROXIMATE : 0;
    if (c.value === null) f |= NULL_VALUE;
    if (c.unit === null) f |= NULL_UNIT;
    if (c.line === null) f |= NULL_LINE;
    if (c.cell === null) f |= NULL_CELL;
    out.writeUInt32LE(c.code, codes + 4 * i);
    // + 0 turns -0 into 0, as the REAL column did.
    out.writeDoubleLE(c.value === null ? 0 : c.value + 0, values + 8 * i);
    out[flags + i] = f;
    out.writeUInt32LE(c.line ?? 0, lines + 4 * i);
    out.writeUInt32LE(c.unit?.length ?? 0, unitLens + 4 * i);
    out.writeUInt32LE(c.cell?.length ?? 0, cellLens + 4 * i);
  }
  out.write(text, cellLens + 4 * n, 'utf8');
  return out;
}

function checkVersion(blob: Uint8Array): DataView {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  if (blob.byteLength < HEAD || view.getUint32(0, true) !== VERSION)
    throw new Error('report_cells: not a pack this program reads');
  return view;
}

/** How many cells the blob holds. */
export function packedCount(blob: Uint8Array): number {
  return checkVersion(blob).getUint32(4, true);
}

/** Every cell of the blob, in packed order. */
export function unpackCells(blob: Uint8Array): PackedCell[] {
  const view = checkVersion(blob);
  const n = view.getUint32(4, true);
  const codes = HEAD;
  const values = codes + 4 * n;
  const flags = values + 8 * n;
  const lines = flags + n;
  const unitLens = lines + 4 * n;
  const cellLens = unitLens + 4 * n;
  const textStart = cellLens + 4 * n;
  // One decode for every text (a decode a string cost more than the rest of the cell).
  const text = textStart < blob.byteLength ? decoder.decode(blob.subarray(textStart)) : '';
  const out: PackedCell[] = new Array(n);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const f = blob[flags + i];
    const unitLen = view.getUint32(unitLens + 4 * i, true);
    const cellLen = view.getUint32(cellLens + 4 * i, true);
    const unit = f & NULL_UNIT ? null : text.slice(at, at + unitLen);
    at += unitLen;
    const cell = f & NULL_CELL ? null : text.slice(at, at + cellLen);
    at += cellLen;
    out[i] = {
      code: view.getUint32(codes + 4 * i, true),
      value: f & NULL_VALUE ? null : view.getFloat64(values + 8 * i, true),
      approximate: (f & APPROXIMATE) !== 0,
      unit,
      line: f & NULL_LINE ? null : view.getUint32(lines + 4 * i, true),
      cell,
    };
  }
  return out;
}

/** One fact's cell (by code) without decoding the rest: its key bit and value, or undefined. */
export function packedCell(blob: Uint8Array, code: number): { approximate: boolean; value: number | null } | undefined {
  const view = checkVersion(blob);
  const n = view.getUint32(4, true);
  for (let i = 0; i < n; i++) {
    if (view.getUint32(HEAD + 4 * i, true) !== code) continue;
    const f = blob[HEAD + 12 * n + i];
    return {
      approximate: (f & APPROXIMATE) !== 0,
      value: f & NULL_VALUE ? null : view.getFloat64(HEAD + 4 * n + 8 * i, true),
    };
  }
  return undefined;
}

/** One fact's cell (by code) with its unit, or undefined (factValues' tail). */
export function packedCellWithUnit(
  blob: Uint8Array,
  code: number,
): { approximate: boolean; value: number | null; unit: string | null } | undefined {
  const found = packedCell(blob, code);
  if (!found) return undefined;
  const cell = unpackCells(blob).find((c) => c.code === code)!;
  return { ...found, unit: cell.unit };
}
