// One year's cells of the tail as a merge gathers them (mergeTail, src/store/index.ts): a
// pack a fact, by its fact_codes code, of keys (report id × 2 + 1 when approximate), values
// and units in the order the cells were added. Codes are small integers (a few hundred):
// they index an array, not a Map looked up a cell at a time (~85,000 cells a merge). Pure.
import type { YearPackCells } from './year-packs.js';

export class TailPacks {
  private readonly byCode: (YearPackCells | undefined)[] = [];
  private readonly held: number[] = [];

  /** One cell of report `id`. */
  add(code: number, id: number, approximate: boolean, value: number | null, unit: string | null): void {
    let pack = this.byCode[code];
    if (!pack) {
      pack = { keys: [], values: [], units: [] };
      this.byCode[code] = pack;
      this.held.push(code);
    }
    pack.keys.push(id * 2 + (approximate ? 1 : 0));
    pack.values.push(value);
    pack.units.push(unit);
  }

  /** The codes that hold a cell, ascending. */
  codes(): number[] {
    return this.held.slice().sort((a, b) => a - b);
  }

  /** The pack of a code that holds a cell. */
  get(code: number): YearPackCells {
    const pack = this.byCode[code];
    if (!pack) throw new Error(`no cell of code ${code} in this year's tail`);
    return pack;
  }
}
