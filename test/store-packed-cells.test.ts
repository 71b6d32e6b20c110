// The packs SQLite keeps cells in (schema 11): a report's cells (src/store/packed-cells.ts)
// and a year's cells of one fact (src/store/year-packs.ts) give back exactly the cells
// written — null values, units, lines and cell texts kept apart from 0 and '', approximate
// flags, codes of any size, huge, tiny and fractional values, texts in any script — and
// -0 as 0, which is what SQLite's REAL column gave back for it.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  eachPackedCell,
  type PackedCell,
  packCells,
  packedCell,
  packedCount,
  unpackCells,
} from '../src/store/packed-cells.js';
import { eachYearCell, packYear, unpackYear } from '../src/store/year-packs.js';
import { ByteReader, ByteWriter, readNumber, writeNumber } from '../src/store/byte-codec.js';
import { inFactIdOrder } from '../src/store/fact-order.js';

const CELLS: PackedCell[] = [
  { code: 1, value: 12, approximate: false, unit: '件', line: 40, cell: '12' },
  { code: 2, value: null, approximate: false, unit: '件', line: 41, cell: '' },
  { code: 3, value: 0, approximate: true, unit: null, line: null, cell: null },
  { code: 7, value: 1.5, approximate: false, unit: '', line: 1, cell: '约1.5' },
  { code: 4_000_000_000, value: 1e300, approximate: false, unit: '万元', line: 4_294_967_295, cell: null },
  { code: 0, value: -2.5e-300, approximate: true, unit: '%', line: null, cell: '𠀀 emoji 😀 and 全角１２' },
  { code: 9, value: 2 ** 60, approximate: false, unit: '件', line: 3, cell: '1152921504606846976' },
  { code: 10, value: Number.MAX_VALUE, approximate: false, unit: '件', line: 3, cell: 'x'.repeat(70_000) },
];

describe('a report’s packed cells', () => {
  it('give back every cell as written, in the order written', () => {
    const blob = packCells(CELLS);
    expect(unpackCells(blob)).toEqual(CELLS);
    expect(packedCount(blob)).toBe(CELLS.length);
  });

  it('keep null apart from 0 and the empty text', () => {
    const [v] = unpackCells(packCells([{ code: 5, value: null, approximate: false, unit: '', line: null, cell: '' }]));
    expect(v.value).toBeNull();
    expect(v.unit).toBe('');
    expect(v.line).toBeNull();
    expect(v.cell).toBe('');
  });

  it('give -0 back as 0, as the REAL column did', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE facts (value REAL)');
    db.prepare('INSERT INTO facts (value) VALUES (?)').run(-0);
    const stored = db.prepare('SELECT value FROM facts').pluck().get() as number;
    db.close();
    const [v] = unpackCells(
      packCells([{ code: 1, value: -0, approximate: false, unit: null, line: null, cell: null }]),
    );
    expect(Object.is(v.value, stored)).toBe(true);
    expect(Object.is(v.value, 0)).toBe(true);
  });

  it('hand each cell’s code, flag, value and unit to a visitor in the order written, units in any script', () => {
    // Units before texts in the text run: units of two- and four-byte characters, a lone surrogate (written as U+FFFD).
    const cells: PackedCell[] = [
      ...CELLS,
      { code: 11, value: 3, approximate: false, unit: '𠀀单位', line: 2, cell: '三' },
      { code: 12, value: -1, approximate: true, unit: '\ud800', line: null, cell: '\udfff' },
      { code: 13, value: 5, approximate: false, unit: 'é', line: 9, cell: null },
    ];
    const seen: unknown[] = [];
    eachPackedCell(packCells(cells), (code, approximate, value, unit) => seen.push({ code, approximate, value, unit }));
    expect(seen).toEqual(
      cells.map(({ code, approximate, value, unit }) => ({
        code,
        approximate,
        value,
        unit: unit === '\ud800' ? '\ufffd' : unit,
      })),
    );
    const none: unknown[] = [];
    eachPackedCell(packCells([]), (...cell) => none.push(cell));
    expect(none).toEqual([]);
  });

  it('hand each report its own units and values, read one after another or one inside another’s visit', () => {
    // A merge reads report after report: unit lists alike but for one character, then the same again,
    // and more cells than the report before; and a visit may read another report meanwhile.
    const shaped = (unit: string, count: number, base: number): PackedCell[] =>
      Array.from({ length: count }, (_, i) => ({
        code: i + 1,
        value: i % 5 === 0 ? null : i % 7 === 0 ? base + 0.25 : base + i,
        approximate: i % 3 === 0,
        unit: i % 4 === 0 ? null : i % 2 === 0 ? '件' : unit,
        line: i + 1,
        cell: String(base + i),
      }));
    const reports = [shaped('个', 3, 10), shaped('人', 3, 20), shaped('人', 300, 30), shaped('个', 2, 40)];
    const visited = (blob: Buffer) => {
      const seen: unknown[] = [];
      eachPackedCell(blob, (code, approximate, value, unit) => seen.push({ code, approximate, value, unit }));
      return seen;
    };
    const expected = (cells: PackedCell[]) =>
      cells.map(({ code, approximate, value, unit }) => ({ code, approximate, value, unit }));
    for (const cells of reports) expect(visited(packCells(cells))).toEqual(expected(cells));
    const outer: unknown[] = [];
    const inner: unknown[][] = [];
    eachPackedCell(packCells(reports[2]), (code, approximate, value, unit) => {
      if (code % 100 === 1) inner.push(visited(packCells(reports[inner.length % 2 === 0 ? 0 : 3])));
      outer.push({ code, approximate, value, unit });
    });
    expect(outer).toEqual(expected(reports[2]));
    expect(inner).toEqual([expected(reports[0]), expected(reports[3]), expected(reports[0])]);
  });

  it('of an empty report hold no cells', () => {
    const blob = packCells([]);
    expect(unpackCells(blob)).toEqual([]);
    expect(packedCount(blob)).toBe(0);
    expect(packedCell(blob, 1)).toBeUndefined();
  });

  it('read one cell by its code without the rest, undefined where the report has none', () => {
    const blob = packCells(CELLS);
    expect(packedCell(blob, 3)).toEqual({ approximate: true, value: 0 });
    expect(packedCell(blob, 2)).toEqual({ approximate: false, value: null });
    expect(packedCell(blob, 4_000_000_000)).toEqual({ approximate: false, value: 1e300 });
    expect(packedCell(blob, 8)).toBeUndefined();
  });

  it('refuse a line below 1 or not whole, and a code that does not fit', () => {
    const one = (c: Partial<PackedCell>) => [{ ...CELLS[0], ...c }];
    expect(() => packCells(one({ line: 0 }))).toThrow(RangeError);
    expect(() => packCells(one({ line: 2.5 }))).toThrow(RangeError);
    expect(() => packCells(one({ code: -1 }))).toThrow(RangeError);
    expect(() => packCells(one({ code: 2 ** 32 }))).toThrow(RangeError);
  });

  it('read from a blob that starts anywhere in its buffer (as a driver may hand it)', () => {
    const blob = packCells(CELLS);
    const shifted = Buffer.alloc(blob.length + 3);
    blob.copy(shifted, 3);
    expect(unpackCells(shifted.subarray(3))).toEqual(CELLS);
  });

  it('are refused when not a pack', () => {
    expect(() => unpackCells(Buffer.from([9, 0, 0, 0, 0, 0, 0, 0]))).toThrow(/not a pack/);
    expect(() => unpackCells(Buffer.alloc(3))).toThrow(/not a pack/);
  });
});

describe('a year pack', () => {
  const keys = [2, 5, 8, 2 ** 40 + 1];
  const values = [7, null, -0, 0.1];
  const units = ['件', null, '件', '%'];

  it('gives back keys, values (null kept, -0 as 0) and units in the order written', () => {
    const got = unpackYear(packYear(keys, values, units));
    expect(got).toEqual({ keys, values: [7, null, 0, 0.1], units });
    expect(Object.is(got.values[2], 0)).toBe(true);
  });

  it('hands each cell’s key and value over in the order written (a year’s packs read one after another)', () => {
    const got: [number, number | null][] = [];
    eachYearCell(packYear(keys, values, units), (key, value) => got.push([key, value]));
    expect(got).toEqual([
      [keys[0], 7],
      [keys[1], null],
      [keys[2], 0],
      [keys[3], 0.1],
    ]);
  });

  it('holds nothing when empty', () => {
    expect(unpackYear(packYear([], [], []))).toEqual({ keys: [], values: [], units: [] });
  });

  it('keeps units whether none, one for all, or mixed with nulls; keys in any order', () => {
    const k = [10, 4, 4_000_000_001, 6];
    const v = [1, 2, 3, 4];
    for (const u of [
      [null, null, null, null],
      ['件', '件', '件', '件'],
      ['件', null, '%', '件'],
      [null, '万元', '万元', '万元'],
    ])
      expect(unpackYear(packYear(k, v, u))).toEqual({ keys: k, values: v, units: u });
  });
});

describe('the packs’ numbers', () => {
  it('come back exactly: whole numbers small and near 2^53, negatives, fractions, extremes, null', () => {
    const all = [
      0,
      1,
      127,
      128,
      16_383,
      16_384,
      2 ** 31,
      2 ** 50 - 1,
      2 ** 50,
      2 ** 53 - 1,
      2 ** 53,
      2 ** 60,
      -1,
      -128,
      -(2 ** 50) + 1,
      -(2 ** 50),
      -(2 ** 53),
      0.1,
      -0.5,
      1e-300,
      5e-324,
      1e308,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      null,
    ];
    const w = new ByteWriter(4);
    for (const v of all) writeNumber(w, v);
    const r = new ByteReader(w.done());
    expect(all.map(() => readNumber(r))).toEqual(all);
  });

  it('write -0 as 0', () => {
    const w = new ByteWriter();
    writeNumber(w, -0);
    expect(Object.is(readNumber(new ByteReader(w.done())), 0)).toBe(true);
  });

  it('refuse a blob that ends early', () => {
    const w = new ByteWriter();
    w.uint(300);
    expect(() => new ByteReader(w.done().subarray(0, 1)).uint()).toThrow(/ends early/);
  });
});

describe('a report’s fact ids in stored order', () => {
  it('are sorted as strings, catalogue ids and others alike', () => {
    const ids = ['review.total', 'apply.received.total', 'active.items', 'apply.received.natural', 'zz.not.known', 'a'];
    const want = ids.slice().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(inFactIdOrder(ids)).toEqual(want);
    expect(inFactIdOrder(ids.slice(0, 4))).toEqual(want.filter((id) => ids.slice(0, 4).includes(id)));
    expect(inFactIdOrder([])).toEqual([]);
  });
});
