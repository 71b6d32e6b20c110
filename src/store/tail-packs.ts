// The tail's cells as a merge gathers them (mergeTail, src/store/index.ts), report after
// report, into columns kept from merge to merge: a cell's key (report id × 2 + 1 when
// approximate), value and unit, with its year and fact_codes code. A merge then takes them a
// (year, code) at a time, in that order, each group's cells in the order they came, and packs
// each group from the columns (year-packs.ts). Issue 13: three lists a (year, code), pushed
// a cell at a time (~200,000 cells a merge), were new memory at every merge, kept until its
// end; the columns grow once. Pure: no I/O.
import { packYearColumns, type YearPackCells, type YearPackColumns } from './year-packs.js';

/** One (year, code)'s cells: order[start … end) of the gathered cells. */
export interface TailGroup {
  year: number;
  code: number;
  start: number;
  end: number;
}

export class TailCells {
  private n = 0;
  private cols: YearPackColumns & { codes: Int32Array; slots: Int32Array };
  private order = new Int32Array(0);
  private readonly unitIds = new Map<string, number>();
  private readonly unitNames: string[] = [];
  private lastUnit: string | null = null;
  private lastUnitId = -1;
  /** A year's slot, its year, and its cells counted by code with the codes met. */
  private readonly slotOf = new Map<number, number>();
  private years: number[] = [];
  private counts: number[][] = [];
  private held: number[][] = [];
  /** The report whose cells come now: its key without the approximate bit, its year's slot. */
  private key = 0;
  private slot = 0;

  constructor(capacity = 1024) {
    this.cols = TailCells.columns(capacity, this.unitNames);
  }

  private static columns(size: number, unitNames: string[]) {
    return {
      keys: new Float64Array(size),
      values: new Float64Array(size),
      nulls: new Uint8Array(size),
      units: new Int32Array(size),
      codes: new Int32Array(size),
      slots: new Int32Array(size),
      unitNames,
    };
  }

  /** Nothing gathered, and room for `cells` (grown with a quarter to spare, not by doubling a cell at a time; the unit list is kept). */
  clear(cells = 0): void {
    if (this.cols.keys.length < cells) this.cols = TailCells.columns(Math.ceil(cells * 1.25), this.unitNames);
    this.n = 0;
    this.slotOf.clear();
    this.years = [];
    this.counts = [];
    this.held = [];
  }

  /** The cells that follow are report `id`'s, of `year`. */
  report(id: number, year: number): void {
    this.key = id * 2;
    let slot = this.slotOf.get(year);
    if (slot === undefined) {
      slot = this.years.length;
      this.slotOf.set(year, slot);
      this.years.push(year);
      this.counts.push([]);
      this.held.push([]);
    }
    this.slot = slot;
  }

  /** One cell of the current report (as eachPackedCell hands it over). */
  readonly cell = (code: number, approximate: boolean, value: number | null, unit: string | null): void => {
    if (this.n === this.cols.keys.length) this.grow();
    const i = this.n++;
    const c = this.cols;
    c.keys[i] = this.key + (approximate ? 1 : 0);
    c.nulls[i] = value === null ? 1 : 0;
    c.values[i] = value ?? 0;
    c.units[i] = unit === null ? -1 : this.unitId(unit);
    c.codes[i] = code;
    c.slots[i] = this.slot;
    const counts = this.counts[this.slot];
    const had = counts[code];
    if (had === undefined) {
      counts[code] = 1;
      this.held[this.slot].push(code);
    } else counts[code] = had + 1;
  };

  private unitId(unit: string): number {
    if (unit === this.lastUnit) return this.lastUnitId;
    let id = this.unitIds.get(unit);
    if (id === undefined) {
      id = this.unitNames.length;
      this.unitIds.set(unit, id);
      this.unitNames.push(unit);
    }
    this.lastUnit = unit;
    this.lastUnitId = id;
    return id;
  }

  private grow(): void {
    const old = this.cols;
    const next = TailCells.columns(old.keys.length * 2, this.unitNames);
    next.keys.set(old.keys);
    next.values.set(old.values);
    next.nulls.set(old.nulls);
    next.units.set(old.units);
    next.codes.set(old.codes);
    next.slots.set(old.slots);
    this.cols = next;
  }

  /** The (year, code) groups in year, then code order, each a range of this.order in the order its cells came. */
  groups(): TailGroup[] {
    const groups: TailGroup[] = [];
    // Where each (slot, code)'s cells go next: its group's start, then one past each placed cell.
    const next: number[][] = this.years.map(() => []);
    let at = 0;
    const slots = this.years.map((_, slot) => slot).sort((a, b) => this.years[a] - this.years[b]);
    for (const slot of slots) {
      const counts = this.counts[slot];
      for (const code of this.held[slot].slice().sort((a, b) => a - b)) {
        next[slot][code] = at;
        groups.push({ year: this.years[slot], code, start: at, end: at + counts[code] });
        at += counts[code];
      }
    }
    if (this.order.length < this.n) this.order = new Int32Array(this.cols.keys.length);
    const { codes, slots: slotAt } = this.cols;
    for (let i = 0; i < this.n; i++) {
      const place = next[slotAt[i]];
      this.order[place[codes[i]]++] = i;
    }
    return groups;
  }

  /** A group's cells as one pack (packYear of cellsOf(group), byte for byte). */
  pack(group: TailGroup): Buffer {
    return packYearColumns(this.cols, this.order, group.start, group.end);
  }

  /** A group's cells as lists (a merge folding them with a small pack before them). */
  cellsOf(group: TailGroup): YearPackCells {
    const out: YearPackCells = { keys: [], values: [], units: [] };
    const { keys, values, nulls, units } = this.cols;
    for (let k = group.start; k < group.end; k++) {
      const i = this.order[k];
      out.keys.push(keys[i]);
      out.values.push(nulls[i] === 1 ? null : values[i]);
      out.units.push(units[i] < 0 ? null : this.unitNames[units[i]]);
    }
    return out;
  }
}
