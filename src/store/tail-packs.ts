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

/**
 * The cells of the reports one connection saved since its last merge, by year, as TailPacks
 * — what mergeTail would read back from report_cells and decode (~90 µs a report of an
 * ingest, issue 13) — kept as each save packs them. They stand for the tail only when the
 * store says they are all of it: the first id is just above year_cells_upto, the last is the
 * newest report, the ids ran without a gap (no save rolled back and redone, none skipped),
 * and no other connection has committed since the first (data_version). Pure: the store
 * hands in what it read.
 */
export class SavedTail {
  private readonly years = new Map<number, TailPacks>();
  private first = -1;
  /** The id the next save must have to continue the run (-1: none kept). */
  private next = -1;
  private version = -1;

  /**
   * The packs of `year` to add report `id`'s cells to (every saved report is passed, with
   * cells or none). A save out of the run starts a new one; `version` (data_version) is read
   * only then.
   */
  report(id: number, year: number, version: () => number): TailPacks {
    if (id !== this.next) {
      this.years.clear();
      this.first = id;
      this.version = version();
    }
    this.next = id + 1;
    let packs = this.years.get(year);
    if (!packs) this.years.set(year, (packs = new TailPacks()));
    return packs;
  }

  /**
   * The kept packs by year when they are exactly the reports in (upto, last] at this
   * data_version, else null; either way nothing stays kept (a merge takes the tail).
   */
  take(upto: number, last: number, version: number): Map<number, TailPacks> | null {
    const whole = this.next !== -1 && this.first === upto + 1 && this.next === last + 1 && this.version === version;
    const years = whole ? new Map(this.years) : null;
    this.forget();
    return years;
  }

  /** Drops what is kept (a save or batch rolled back). */
  forget(): void {
    this.years.clear();
    this.first = -1;
    this.next = -1;
    this.version = -1;
  }
}
