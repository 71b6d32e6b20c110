// One fact's cells over a year, for the reports one merge took in, as one blob (SQLite schema
// 11, year_packs.cells): a merge writes a row a (year, fact) instead of a row a cell, and a
// year's cells of one fact stay one short index range. Pure: no I/O. Keys are report id × 2
// + 1 when approximate; values exact (-0 as 0, as SQLite's REAL column gave it back).
//
// Layout (byte-codec.ts numbers): version byte (1), cell count, the distinct units (count,
// each length), how units are told (0 all null, 1 all the first, 2 a place each: 0 null,
// i the i-th), then each cell: its key's difference from the one before (zigzag), its value,
// its unit's place when told each; then the units' characters in UTF-8.
import { ByteReader, ByteWriter, readNumber, writeNumber } from './byte-codec.js';

const VERSION = 1;

/** A year pack's cells as parallel lists. */
export interface YearPackCells {
  keys: number[];
  values: (number | null)[];
  units: (string | null)[];
}

const decoder = new TextDecoder();

/** The cells as one blob, in the order given. */
export function packYear(
  keys: readonly number[],
  values: readonly (number | null)[],
  units: readonly (string | null)[],
): Buffer {
  const n = keys.length;
  const unitNames: string[] = [];
  const cols: YearPackColumns = {
    keys: Float64Array.from(keys),
    values: new Float64Array(n),
    nulls: new Uint8Array(n),
    units: new Int32Array(n),
    unitNames,
  };
  const ids = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null) cols.nulls[i] = 1;
    else cols.values[i] = v;
    const u = units[i];
    let id = -1;
    if (u !== null) {
      id = ids.get(u) ?? -1;
      if (id < 0) {
        id = unitNames.length;
        ids.set(u, id);
        unitNames.push(u);
      }
    }
    cols.units[i] = id;
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return packYearColumns(cols, order, 0, n);
}

/**
 * Cells in columns (a merge gathers its tail so, src/store/tail-packs.ts): a cell's key, its
 * value (nulls[i] = 1 for null), its unit as a place in unitNames (-1 for null).
 */
export interface YearPackColumns {
  keys: Float64Array;
  values: Float64Array;
  nulls: Uint8Array;
  units: Int32Array;
  unitNames: readonly string[];
}

/** The writer every pack is written in, then copied out (done): grown once, not a new one a pack. */
const writer = new ByteWriter(4096);
/** A unit's place in the pack being written (1 + its rank among the pack's distinct units), 0 when not met yet. */
let unitPlace = new Int32Array(64);

/**
 * packYear of the cells at order[start … end) of the columns, byte for byte: the same blob as
 * packYear of their keys, values and units listed in that order.
 */
export function packYearColumns(cols: YearPackColumns, order: Int32Array, start: number, end: number): Buffer {
  const { keys, values, nulls, units, unitNames } = cols;
  if (unitPlace.length < unitNames.length) unitPlace = new Int32Array(Math.max(unitNames.length, unitPlace.length * 2));
  // The distinct units in order of first appearance, as packYear's Map holds them.
  const distinct: number[] = [];
  let nullUnits = 0;
  for (let k = start; k < end; k++) {
    const u = units[order[k]];
    if (u < 0) nullUnits++;
    else if (unitPlace[u] === 0) {
      distinct.push(u);
      unitPlace[u] = distinct.length;
    }
  }
  const mode = distinct.length === 0 ? 0 : distinct.length === 1 && nullUnits === 0 ? 1 : 2;
  const w = writer;
  w.clear();
  w.byte(VERSION);
  w.uint(end - start);
  w.uint(distinct.length);
  let unitText = '';
  for (const u of distinct) {
    w.uint(unitNames[u].length);
    unitText += unitNames[u];
  }
  w.byte(mode);
  let prev = 0;
  for (let k = start; k < end; k++) {
    const i = order[k];
    const d = keys[i] - prev;
    prev = keys[i];
    w.uint(d >= 0 ? 2 * d : -2 * d - 1);
    writeNumber(w, nulls[i] === 1 ? null : values[i]);
    if (mode === 2) w.uint(units[i] < 0 ? 0 : unitPlace[units[i]]);
  }
  w.utf8(unitText);
  for (const u of distinct) unitPlace[u] = 0;
  return w.done();
}

interface Head {
  r: ByteReader;
  n: number;
  unitLengths: number[];
  mode: number;
}

function head(blob: Uint8Array): Head {
  if (blob.byteLength < 2 || blob[0] !== VERSION) throw new Error('year_packs: not a pack this program reads');
  const r = new ByteReader(blob, 1);
  const n = r.uint();
  const unitLengths: number[] = [];
  for (let u = r.uint(); u > 0; u--) unitLengths.push(r.uint());
  return { r, n, unitLengths, mode: r.byte() };
}

/** Reads the cells, handing each unit's place (0 null, i the i-th) to `unit` when given. */
function readCells(h: Head, keys: number[], values: (number | null)[], unit?: (place: number) => void): void {
  const { r, n, mode } = h;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const z = r.uint();
    prev += z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    keys.push(prev);
    values.push(readNumber(r));
    const place = mode === 2 ? r.uint() : mode;
    unit?.(place);
  }
}

/**
 * Hands each cell's key and value (not its unit) to `cell`, in the order written: a sum's or
 * ranking's read, which sets them into its columns without building lists of them.
 */
export function eachYearCell(blob: Uint8Array, cell: (key: number, value: number | null) => void): void {
  const { r, n, mode } = head(blob);
  let key = 0;
  for (let i = 0; i < n; i++) {
    const z = r.uint();
    key += z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    const value = readNumber(r);
    if (mode === 2) r.uint();
    cell(key, value);
  }
}

/** Every cell of the blob, units too. */
export function unpackYear(blob: Uint8Array): YearPackCells {
  const h = head(blob);
  const places: number[] = [];
  const out: YearPackCells = { keys: [], values: [], units: [] };
  readCells(h, out.keys, out.values, (place) => places.push(place));
  const text = decoder.decode(blob.subarray(h.r.at));
  const names: string[] = [];
  let at = 0;
  for (const len of h.unitLengths) {
    names.push(text.slice(at, at + len));
    at += len;
  }
  out.units = places.map((place) => (place === 0 ? null : names[place - 1]));
  return out;
}

/** How many cells the blob holds, read from its head alone (a merge asks it of each newest pack). */
export function yearPackCount(blob: Uint8Array): number {
  if (blob.byteLength < 2 || blob[0] !== VERSION) throw new Error('year_packs: not a pack this program reads');
  return new ByteReader(blob, 1).uint();
}
