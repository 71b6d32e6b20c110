// A merge gathers its tail's cells into columns kept from merge to merge (TailCells), then
// packs them a (year, fact code) at a time: groups in year, then code order, each group's
// cells in the order they came, every cell's key, value and unit as given — past the columns'
// first size, and again after a clear with fewer cells (nothing of the last gather left in).
// A pack's bytes follow year-packs.ts's layout (a literal worked out by hand from it).
import { describe, expect, it } from 'vitest';
import { TailCells } from '../src/store/tail-packs.js';
import { packYear, unpackYear } from '../src/store/year-packs.js';

type Cell = { id: number; year: number; code: number; approximate: boolean; value: number | null; unit: string | null };

/** The cells report by report (ids ascending, as a merge reads them), each report of one year. */
function gather(tail: TailCells, cells: Cell[], room = 0): void {
  tail.clear(room);
  let last = -1;
  for (const c of cells) {
    if (c.id !== last) tail.report(c.id, c.year);
    last = c.id;
    tail.cell(c.code, c.approximate, c.value, c.unit);
  }
}

/** What each (year, code) pack must hold, worked out from the cells: by year, then code, in arrival order. */
function expected(cells: Cell[]) {
  const keys = [...new Set(cells.map((c) => `${c.year}/${c.code}`))]
    .map((k) => k.split('/').map(Number) as [number, number])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return keys.map(([year, code]) => {
    const own = cells.filter((c) => c.year === year && c.code === code);
    return {
      year,
      code,
      keys: own.map((c) => c.id * 2 + (c.approximate ? 1 : 0)),
      values: own.map((c) => c.value),
      units: own.map((c) => c.unit),
    };
  });
}

function cellsOf(reports: number, firstId: number, seed: number): Cell[] {
  const out: Cell[] = [];
  let x = seed;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  const units = ['件', '个', '%', null];
  for (let r = 0; r < reports; r++) {
    const id = firstId + r;
    const year = [2021, 2019, 2020][Math.floor(next() * 3)];
    for (const code of [7, 3, 12, 5]) {
      if (next() < 0.2) continue;
      const roll = next();
      const value =
        roll < 0.1
          ? null
          : roll < 0.2
            ? -Math.floor(next() * 50)
            : roll < 0.3
              ? next() * 100
              : Math.floor(next() * 900);
      out.push({ id, year, code, approximate: next() < 0.15, value, unit: units[Math.floor(next() * units.length)] });
    }
  }
  return out;
}

describe('TailCells', () => {
  it('groups by year then code, each pack holding its cells in arrival order, past its first size', () => {
    const tail = new TailCells(4);
    const cells = cellsOf(60, 101, 7);
    gather(tail, cells);
    const groups = tail.groups();
    const want = expected(cells);
    expect(groups.map((g) => [g.year, g.code])).toEqual(want.map((w) => [w.year, w.code]));
    groups.forEach((g, i) => {
      const { keys, values, units } = want[i];
      expect(unpackYear(tail.pack(g))).toEqual({ keys, values, units });
      expect(tail.cellsOf(g)).toEqual({ keys, values, units });
      expect(tail.pack(g).equals(packYear(keys, values, units))).toBe(true);
    });
  });

  it('keeps nothing of the last gather after a clear with fewer cells', () => {
    const tail = new TailCells(8);
    gather(tail, cellsOf(80, 1, 3));
    tail.groups();
    // Fewer cells, a unit only the first gather met missing here, one year only.
    const cells = cellsOf(5, 500, 11)
      .filter((c) => c.unit !== '%')
      .map((c) => ({ ...c, year: 2022 }));
    gather(tail, cells, cells.length);
    const groups = tail.groups();
    const want = expected(cells);
    expect(groups.map((g) => [g.year, g.code, g.end - g.start])).toEqual(
      want.map((w) => [w.year, w.code, w.keys.length]),
    );
    groups.forEach((g, i) => {
      const { keys, values, units } = want[i];
      expect(unpackYear(tail.pack(g))).toEqual({ keys, values, units });
    });
  });

  it('writes the layout year-packs.ts gives, byte for byte', () => {
    // version 1, 3 cells, 1 unit of length 1, units told each (a null among them);
    // keys 10, 13, 8 as zigzag steps 20, 6, 9; values 5 (2 + 2·5), null (0), 2.5 (1 then the double);
    // places 1, 0, 1; then 件 in UTF-8.
    const bytes = '01 03 01 01 02 14 0c 01 06 00 00 09 01 00 00 00 00 00 00 04 40 01 e4 bb b6';
    expect(packYear([10, 13, 8], [5, null, 2.5], ['件', null, '件']).toString('hex')).toBe(bytes.replaceAll(' ', ''));
    const tail = new TailCells(2);
    tail.clear();
    tail.report(5, 2020);
    tail.cell(9, false, 5, '件');
    tail.report(6, 2020);
    tail.cell(9, true, null, null);
    tail.report(4, 2020);
    tail.cell(9, false, 2.5, '件');
    const [group] = tail.groups();
    expect(tail.pack(group).toString('hex')).toBe(bytes.replaceAll(' ', ''));
  });
});
