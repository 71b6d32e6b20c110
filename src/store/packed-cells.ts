// A report's table cells as one blob (SQLite schema 11, report_cells.cells): ~170 cells
// written as one row instead of ~170 rows of `facts` (issue 13: those rows were most of a
// save's SQLite time). Pure: no I/O. Every field round-trips exactly as the facts row held
// it (null value, unit, line, cell kept apart from 0 and ''), but -0, which SQLite's REAL
// column stored as 0: read back, it was 0, so it is packed as 0.
//
// Layout (byte-codec.ts numbers): version byte (1), cell count, then each cell: code (the
// fact id's fact_codes code), a flags byte, its value, its unit's place in the unit list,
// line and cell text length (UTF-16 units) where not null; then the unit list (count, each
// length); then the units' and cell texts' characters as one UTF-8 run, decoded at once.
import { ByteReader, ByteWriter, readNumber, writeNumber } from './byte-codec.js';

const VERSION = 1;

const APPROXIMATE = 1;
const NULL_UNIT = 2;
const NULL_LINE = 4;
const NULL_CELL = 8;

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
  const packer = new CellPacker(cells.length);
  for (const c of cells) packer.add(c.code, c.value, c.approximate, c.unit, c.line, c.cell);
  return packer.done();
}

/**
 * packCells one cell at a time, for a count known up front: a save packs a report's cells as
 * it walks them, with no object a cell (~200 a report). Add exactly `count` cells, then done().
 */
export class CellPacker {
  private readonly w: ByteWriter;
  private readonly units = new Map<string, number>();
  /** The cell texts, joined once at the end (a string grown a cell at a time cost ~0.25 µs a cell). */
  private readonly texts: string[] = [];
  private lastUnit: string | null = null;
  private lastPlace = 0;

  constructor(count: number) {
    this.w = new ByteWriter(16 + count * 12);
    this.w.byte(VERSION);
    this.w.uint(count);
  }

  /** One cell (PackedCell's fields). Throws RangeError on a code or line that does not fit. */
  add(
    code: number,
    value: number | null,
    approximate: boolean,
    unit: string | null,
    line: number | null,
    cell: string | null,
  ): void {
    const w = this.w;
    if (!Number.isInteger(code) || code < 0 || code > 0xffffffff) throw new RangeError(`cell code ${code}`);
    if (line !== null && (!Number.isInteger(line) || line < 1 || line > 0xffffffff))
      throw new RangeError(`cell line ${line}`);
    w.uint(code);
    w.byte(
      (approximate ? APPROXIMATE : 0) |
        (unit === null ? NULL_UNIT : 0) |
        (line === null ? NULL_LINE : 0) |
        (cell === null ? NULL_CELL : 0),
    );
    writeNumber(w, value);
    if (unit !== null) {
      // Cells in stored order come in runs of one unit: the last one's place is reused.
      let at = unit === this.lastUnit ? this.lastPlace : this.units.get(unit);
      if (at === undefined) this.units.set(unit, (at = this.units.size));
      this.lastUnit = unit;
      this.lastPlace = at;
      w.uint(at);
    }
    if (line !== null) w.uint(line);
    if (cell !== null) {
      w.uint(cell.length);
      this.texts.push(cell);
    }
  }

  /** The blob: the cells added, then the unit list and the texts. */
  done(): Buffer {
    const w = this.w;
    w.uint(this.units.size);
    let unitText = '';
    for (const u of this.units.keys()) {
      w.uint(u.length);
      unitText += u;
    }
    w.utf8(unitText + this.texts.join(''));
    return w.done();
  }
}

function reader(blob: Uint8Array): ByteReader {
  if (blob.byteLength < 2 || blob[0] !== VERSION) throw new Error('report_cells: not a pack this program reads');
  return new ByteReader(blob, 1);
}

/** How many cells the blob holds. */
export function packedCount(blob: Uint8Array): number {
  return reader(blob).uint();
}

/** Every cell of the blob, in packed order. */
export function unpackCells(blob: Uint8Array): PackedCell[] {
  const r = reader(blob);
  const n = r.uint();
  const out: PackedCell[] = new Array(n);
  const unitAt: number[] = new Array(n);
  const cellLength: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const code = r.uint();
    const f = r.byte();
    const value = readNumber(r);
    unitAt[i] = f & NULL_UNIT ? -1 : r.uint();
    const line = f & NULL_LINE ? null : r.uint();
    cellLength[i] = f & NULL_CELL ? -1 : r.uint();
    out[i] = { code, value, approximate: (f & APPROXIMATE) !== 0, unit: null, line, cell: null };
  }
  const unitCount = r.uint();
  const unitLengths: number[] = [];
  for (let u = 0; u < unitCount; u++) unitLengths.push(r.uint());
  // One decode for every text (a decode a string cost more than the rest of the cell).
  const text = r.at < blob.byteLength ? decoder.decode(blob.subarray(r.at)) : '';
  const units: string[] = [];
  let at = 0;
  for (const len of unitLengths) {
    units.push(text.slice(at, at + len));
    at += len;
  }
  for (let i = 0; i < n; i++) {
    if (unitAt[i] >= 0) out[i].unit = units[unitAt[i]];
    if (cellLength[i] >= 0) {
      out[i].cell = text.slice(at, at + cellLength[i]);
      at += cellLength[i];
    }
  }
  return out;
}

/**
 * Each cell's code, flag, value and unit in packed order, as unpackCells gives them, without
 * an object a cell or the cell texts decoded: a merge reads 1,000 reports' ~170,000 cells so.
 * The cells wait in columns reused from call to call (the unit list follows them), and a unit
 * list the same, byte for byte, as the last one read gives back the strings decoded then
 * (issue 13: four new arrays a report, two of them outside the heap, and a decode each).
 */
export function eachPackedCell(
  blob: Uint8Array,
  visit: (code: number, approximate: boolean, value: number | null, unit: string | null) => void,
): void {
  const r = reader(blob);
  const n = r.uint();
  // A visit that reads another blob meanwhile gets columns of its own.
  const cols = scratch.busy ? new CellColumns(n) : scratch.fit(n);
  cols.busy = true;
  try {
    const { codes, flags, values, unitAt } = cols;
    for (let i = 0; i < n; i++) {
      codes[i] = r.uint();
      const f = r.byte();
      const value = readNumber(r);
      flags[i] = (f & ~NULL_VALUE) | (value === null ? NULL_VALUE : 0);
      values[i] = value ?? 0;
      unitAt[i] = f & NULL_UNIT ? -1 : r.uint();
      if (!(f & NULL_LINE)) r.uint();
      if (!(f & NULL_CELL)) r.uint();
    }
    const units = unitList(r, blob);
    for (let i = 0; i < n; i++) {
      const f = flags[i];
      visit(
        codes[i],
        (f & APPROXIMATE) !== 0,
        f & NULL_VALUE ? null : values[i],
        unitAt[i] >= 0 ? units[unitAt[i]] : null,
      );
    }
  } finally {
    cols.busy = false;
  }
}

/** eachPackedCell's mark of a null value in its flag column (a blob's own bit there is dropped: unread). */
const NULL_VALUE = 16;

/** A blob's cells read before its unit list: code, flags, value (NULL_VALUE when null), unit place. */
class CellColumns {
  busy = false;
  codes: Float64Array;
  flags: Uint8Array;
  values: Float64Array;
  unitAt: Int32Array;

  constructor(n: number) {
    this.codes = new Float64Array(n);
    this.flags = new Uint8Array(n);
    this.values = new Float64Array(n);
    this.unitAt = new Int32Array(n);
  }

  /** These columns, grown to hold n cells. */
  fit(n: number): CellColumns {
    if (this.codes.length < n) {
      const size = Math.max(n, this.codes.length * 2);
      this.codes = new Float64Array(size);
      this.flags = new Uint8Array(size);
      this.values = new Float64Array(size);
      this.unitAt = new Int32Array(size);
    }
    return this;
  }
}

const scratch = new CellColumns(256);

/** The last unit list decoded (its bytes, count and lengths included) and its strings. */
let lastUnitBytes: Uint8Array | null = null;
let lastUnits: string[] = [];

/** The unit list at the reader, its texts decoded from the front of the text run alone. */
function unitList(r: ByteReader, blob: Uint8Array): string[] {
  const start = r.at;
  const count = r.uint();
  const lengths: number[] = [];
  let units16 = 0;
  for (let u = 0; u < count; u++) {
    const len = r.uint();
    lengths.push(len);
    units16 += len;
  }
  // The UTF-8 bytes of the first `units16` UTF-16 units: a 4-byte sequence is two of them.
  let end = r.at;
  for (let seen = 0; seen < units16 && end < blob.byteLength; ) {
    const b = blob[end];
    const size = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    seen += size === 4 ? 2 : 1;
    end += size;
  }
  // A byte past the blob's end reads as its end, as subarray gives it.
  end = Math.min(end, blob.byteLength);
  if (lastUnitBytes !== null && sameBytes(lastUnitBytes, blob, start, end)) return lastUnits;
  const text = end > r.at ? decoder.decode(blob.subarray(r.at, end)) : '';
  const units: string[] = [];
  let at = 0;
  for (const len of lengths) {
    units.push(text.slice(at, at + len));
    at += len;
  }
  lastUnitBytes = blob.slice(start, end);
  lastUnits = units;
  return units;
}

/** Whether blob[start, end) holds exactly `bytes`. */
function sameBytes(bytes: Uint8Array, blob: Uint8Array, start: number, end: number): boolean {
  if (end - start !== bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (blob[start + i] !== bytes[i]) return false;
  return true;
}

/** One fact's cell (by code) without decoding the texts: its approximate flag and value, or undefined. */
export function packedCell(blob: Uint8Array, code: number): { approximate: boolean; value: number | null } | undefined {
  const r = reader(blob);
  const n = r.uint();
  for (let i = 0; i < n; i++) {
    const c = r.uint();
    const f = r.byte();
    const value = readNumber(r);
    if (c === code) return { approximate: (f & APPROXIMATE) !== 0, value };
    if (!(f & NULL_UNIT)) r.uint();
    if (!(f & NULL_LINE)) r.uint();
    if (!(f & NULL_CELL)) r.uint();
  }
  return undefined;
}
