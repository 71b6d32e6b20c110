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
  const distinct = new Map<string, number>();
  let nulls = 0;
  for (const u of units) {
    if (u === null) nulls++;
    else if (!distinct.has(u)) distinct.set(u, distinct.size + 1);
  }
  const mode = distinct.size === 0 ? 0 : distinct.size === 1 && nulls === 0 ? 1 : 2;
  const w = new ByteWriter(16 + n * 4);
  w.byte(VERSION);
  w.uint(n);
  w.uint(distinct.size);
  for (const u of distinct.keys()) w.uint(u.length);
  w.byte(mode);
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const d = keys[i] - prev;
    prev = keys[i];
    w.uint(d >= 0 ? 2 * d : -2 * d - 1);
    writeNumber(w, values[i]);
    if (mode === 2) w.uint(units[i] === null ? 0 : distinct.get(units[i] as string)!);
  }
  w.utf8([...distinct.keys()].join(''));
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
