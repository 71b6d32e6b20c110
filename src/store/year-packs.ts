// One fact's cells over a year, for the reports one merge took in, as one blob (SQLite schema
// 11, year_packs.cells): a merge writes a row a (year, fact) instead of a row a cell, and a
// year's cells of one fact stay one short index range. Pure: no I/O. Values are exact doubles
// (null as NaN: stored values are finite); keys are report id × 2 + 1 when approximate.
//
// Layout, little-endian: u32 version (1), u32 n, u32 units' byte length, u32 0; f64 keys[n];
// f64 values[n]; u16 unit index[n] (0: null, i: units[i − 1]); the distinct units as JSON.

const VERSION = 1;
const HEAD = 16;

/** A year pack's cells as parallel lists. */
export interface YearPackCells {
  keys: number[];
  values: (number | null)[];
  units: (string | null)[];
}

/** The cells as one blob, in the order given. */
export function packYear(
  keys: readonly number[],
  values: readonly (number | null)[],
  units: readonly (string | null)[],
): Buffer {
  const n = keys.length;
  const distinct = new Map<string, number>();
  const index = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const u = units[i];
    if (u === null) continue;
    let at = distinct.get(u);
    if (at === undefined) {
      at = distinct.size + 1;
      if (at > 0xffff) throw new RangeError('year pack: too many distinct units');
      distinct.set(u, at);
    }
    index[i] = at;
  }
  const json = JSON.stringify([...distinct.keys()]);
  const jsonBytes = Buffer.byteLength(json, 'utf8');
  const out = Buffer.alloc(HEAD + 18 * n + jsonBytes);
  out.writeUInt32LE(VERSION, 0);
  out.writeUInt32LE(n, 4);
  out.writeUInt32LE(jsonBytes, 8);
  for (let i = 0; i < n; i++) {
    out.writeDoubleLE(keys[i], HEAD + 8 * i);
    const v = values[i];
    out.writeDoubleLE(v === null ? Number.NaN : v + 0, HEAD + 8 * n + 8 * i);
    out.writeUInt16LE(index[i], HEAD + 16 * n + 2 * i);
  }
  out.write(json, HEAD + 18 * n, 'utf8');
  return out;
}

function viewOf(blob: Uint8Array): DataView {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  if (blob.byteLength < HEAD || view.getUint32(0, true) !== VERSION)
    throw new Error('year_packs: not a pack this program reads');
  return view;
}

/** Appends the blob's keys and values (not its units) to the lists: a sum's or ranking's read. */
export function appendYearPack(blob: Uint8Array, keys: number[], values: (number | null)[]): void {
  const view = viewOf(blob);
  const n = view.getUint32(4, true);
  for (let i = 0; i < n; i++) {
    keys.push(view.getFloat64(HEAD + 8 * i, true));
    const v = view.getFloat64(HEAD + 8 * n + 8 * i, true);
    values.push(Number.isNaN(v) ? null : v);
  }
}

/** Every cell of the blob, units too. */
export function unpackYear(blob: Uint8Array): YearPackCells {
  const view = viewOf(blob);
  const n = view.getUint32(4, true);
  const jsonBytes = view.getUint32(8, true);
  const start = HEAD + 18 * n;
  const distinct = JSON.parse(
    Buffer.from(blob.buffer, blob.byteOffset + start, jsonBytes).toString('utf8'),
  ) as string[];
  const out: YearPackCells = { keys: [], values: [], units: new Array(n) };
  appendYearPack(blob, out.keys, out.values);
  for (let i = 0; i < n; i++) {
    const at = view.getUint16(HEAD + 16 * n + 2 * i, true);
    out.units[i] = at === 0 ? null : distinct[at - 1];
  }
  return out;
}
