// A report's fact records (facts, provenance, units, approximate) from its
// catalogue-ordered slots. Pure: the records are the same whichever way they are built.
//
// Why not one insert per fact: an object given ~170 keys one by one turns into a
// hash table, and inserting them was ~8 % of a parse. Reports come in a handful of
// shapes (the same fact ids present), so each shape seen twice gets templates: objects
// of its ids in catalogue order, with fast properties. A report's records are copies of
// them (V8 copies the hidden class at once) with its values written in. Not a compiled
// object literal per shape (as before): TurboFan took ~5 s (--trace-opt, a busy
// machine) to compile each such function of ~400 literals, meanwhile they ran
// unoptimized, and an ingest's first ~3,000 reports parsed at 2–4× the later cost.
// Shapes are few (4 over 10,000 synthetic reports); past MAX_KNOWN the rest are built
// key by key.
import { FACTS, type FactId } from '../catalogue/facts.js';
import type { CellFact } from './settle.js';
import type { AmountUnit, Provenance } from './types.js';

export interface FactRecords {
  facts: Record<FactId, number | null>;
  provenance: Record<FactId, Provenance>;
  units: Record<FactId, AmountUnit>;
  approximate: FactId[];
}

/** A report's facts by catalogue slot: what its tables and prose read, undefined where they read nothing. */
export type FoundSlots = readonly (CellFact | undefined)[];

// A fact's place in the catalogue: a report's facts are gathered into these slots and
// written out in catalogue order (one array, not a Map looked up for every catalogue id).
const FACT_SLOT = new Map<FactId, number>(FACTS.map((def, k) => [def.id, k]));

/** The slot of a catalogue fact; undefined for an id the catalogue does not have. */
export const slotOfId = (id: FactId): number | undefined => FACT_SLOT.get(id);

/** The slot of a catalogue fact (for ids built from the catalogue: throws for any other). */
export function slotOf(id: FactId): number {
  const slot = FACT_SLOT.get(id);
  if (slot === undefined) throw new Error(`not a catalogue fact: ${id}`);
  return slot;
}

interface Records {
  facts: Record<FactId, number | null>;
  provenance: Record<FactId, Provenance>;
}

interface Shape {
  slots: Int16Array;
  /** Made at the second sighting: a shape seen once may never come again. */
  templates: Templates | null;
}

/** A shape's writers, and the records' fast templates (values to be written over), keys in catalogue order. */
interface Templates {
  /** Each present fact's writer, in catalogue order. */
  writers: Writer[];
  facts: Record<FactId, number | null>;
  provenance: Record<FactId, Provenance>;
}

// Shapes remembered (bounded: a stream of one-off shapes stops here).
const MAX_KNOWN = 1024;
const shapes = new Map<number, Shape[]>();
let known = 0;
// The present slots of the report being built (reused: one parse at a time, no await between).
const present = new Int16Array(FACTS.length);

/** The records of the facts in `found` (indexed by catalogue position), keys in catalogue order. */
export function factRecords(found: FoundSlots): FactRecords {
  let n = 0;
  let hash = 0;
  for (let k = 0; k < FACTS.length; k++) {
    if (found[k] === undefined) continue;
    present[n++] = k;
    hash = Math.imul(hash ^ k, 0x9e3779b1) ^ (hash >>> 15);
  }
  const templates = shapeOf(hash, n).templates;
  const built = templates ? fromTemplates(found, templates) : buildByKeys(found, n);
  const units: Record<FactId, AmountUnit> = {};
  const approximate: FactId[] = [];
  for (let i = 0; i < n; i++) {
    const k = present[i];
    const f = found[k] as CellFact;
    if (f.unit) units[FACTS[k].id] = f.unit;
    if (f.approximate) approximate.push(FACTS[k].id);
  }
  return { facts: built.facts, provenance: built.provenance, units, approximate };
}

/** The shape of the `n` slots in `present`: found by hash, told apart by its slots; templates made when seen again. */
function shapeOf(hash: number, n: number): Shape {
  const list = shapes.get(hash);
  if (list !== undefined)
    for (const shape of list) {
      if (!sameSlots(shape.slots, n)) continue;
      shape.templates ??= templatesOf(shape.slots);
      return shape;
    }
  const shape: Shape = { slots: present.slice(0, n), templates: null };
  if (known < MAX_KNOWN) {
    known++;
    if (list === undefined) shapes.set(hash, [shape]);
    else list.push(shape);
  }
  return shape;
}

function sameSlots(slots: Int16Array, n: number): boolean {
  if (slots.length !== n) return false;
  for (let i = 0; i < n; i++) if (slots[i] !== present[i]) return false;
  return true;
}

/** The records one key at a time (a shape seen once). */
function buildByKeys(found: FoundSlots, n: number): Records {
  const facts: Record<FactId, number | null> = {};
  const provenance: Record<FactId, Provenance> = {};
  for (let i = 0; i < n; i++) {
    const k = present[i];
    const f = found[k] as CellFact;
    const id = FACTS[k].id;
    facts[id] = f.value;
    provenance[id] = { line: f.line, cell: f.cell };
  }
  return { facts, provenance };
}

/** The records as copies of the shape's templates, values written in (the same keys, so no key is added). */
function fromTemplates(found: FoundSlots, t: Templates): Records {
  const facts = { ...t.facts };
  const provenance = { ...t.provenance };
  const writers = t.writers;
  for (let i = 0; i < writers.length; i++) {
    const f = found[present[i]] as CellFact;
    writers[i](facts, provenance, f.value, { line: f.line, cell: f.cell });
  }
  return { facts, provenance };
}

/** Writes one fact's value and provenance into a report's records. */
type Writer = (facts: Records['facts'], provenance: Records['provenance'], value: number | null, p: Provenance) => void;

// One writer a fact id, made once: its stores name the id, so each keeps a cache of its own for
// the few shapes' layouts. A store by a varying key (facts[id] = …) shares V8's global cache
// with every other such store and missed it (~20 % of a steady parse in a profile).
const WRITERS: (Writer | undefined)[] = new Array(FACTS.length);

function writerOf(k: number): Writer {
  const key = JSON.stringify(FACTS[k].id);
  WRITERS[k] ??= new Function(
    'facts',
    'provenance',
    'value',
    'p',
    `facts[${key}] = value; provenance[${key}] = p;`,
  ) as Writer;
  return WRITERS[k];
}

// What a provenance template holds until a report's own is written over it (every key is).
const UNSET: Provenance = { line: 0, cell: '' };

/**
 * A shape's templates. Object.fromEntries gives an object of ~200 keys fast properties
 * (one built key by key, or by JSON.parse, is a hash table), and a spread of it copies
 * its hidden class.
 */
function templatesOf(slots: Int16Array): Templates {
  const ids = Array.from(slots, (k) => FACTS[k].id);
  const filled = <T>(value: T) => Object.fromEntries(ids.map((id) => [id, value])) as Record<FactId, T>;
  return { writers: Array.from(slots, writerOf), facts: filled<number | null>(null), provenance: filled(UNSET) };
}
