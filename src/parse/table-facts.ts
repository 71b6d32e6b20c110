// A table reader's facts, written straight into the report's catalogue-ordered slots:
// no Map a table (grown to ~170 entries, then copied into the slots one lookup at a
// time), while the order each fact was first set in is kept, as a Map's would be: the
// checks that run per table list their findings in it. Pure.
import { FACTS, type FactId } from '../catalogue/facts.js';
import { slotOf } from './fact-records.js';
import type { CellFact } from './settle.js';

export class TableFacts {
  /** Slots first set by this table, in that order. */
  private readonly order: number[] = [];

  /**
   * `slots`: the report's slots by catalogue position. The tables' ids are disjoint, so a
   * slot still empty here is one this table has not set.
   */
  constructor(readonly slots: (CellFact | undefined)[] = new Array(FACTS.length)) {}

  get(id: FactId): CellFact | undefined {
    return this.slots[slotOf(id)];
  }

  /** Every id a reader sets is a catalogue id (built from the catalogue's rows and columns). */
  set(id: FactId, f: CellFact): void {
    this.setSlot(slotOf(id), f);
  }

  /** set() by slot (see slotsOf): a row's cells are set without looking each id up. */
  setSlot(slot: number, f: CellFact): void {
    if (this.slots[slot] === undefined) this.order.push(slot);
    this.slots[slot] = f;
  }

  /** Each fact with its id, in the order first set. */
  forEach(visit: (f: CellFact, id: FactId) => void): void {
    for (const slot of this.order) visit(this.slots[slot] as CellFact, FACTS[slot].id);
  }
}

// A row's ids (the catalogue's own arrays, one per row) → their slots, looked up once.
const SLOTS = new WeakMap<readonly FactId[], Int16Array>();

/** The slots of a list of catalogue ids kept for the program's life (a row's ids), in its order. */
export function slotsOf(ids: readonly FactId[]): Int16Array {
  let slots = SLOTS.get(ids);
  if (slots === undefined) {
    slots = Int16Array.from(ids, slotOf);
    SLOTS.set(ids, slots);
  }
  return slots;
}
