// A parsed report's table facts as the cells report_cells packs (packed-cells.ts): in fact
// id order (fact-order.ts), a fact's unit the report's or else its catalogue unit. Pure.
// One pass in stored order over the report's values read out once (issue 13): a parse's
// facts and provenance are objects of ~200 keys, slow to look up a key at a time (~0.1 µs
// each, five a cell), so their values are listed once and a cell is read by its place.
// A store's saves go through a CellLayouts: reports list the same ids in the same order (3
// lists over 8,571 text reports), so each list's order, codes and catalogue units are worked
// out once and kept, not sorted and looked up again a report.
import { FACT_BY_ID } from '../catalogue/facts.js';
import type { ParsedReport } from '../parse/types.js';
import { factRank, inFactIdOrder } from './fact-order.js';
import { CellPacker, type PackedCell } from './packed-cells.js';

const CATALOGUE_UNIT = new Map<string, string | null>([...FACT_BY_ID].map(([id, fact]) => [id, fact.unit ?? null]));
const NONE: ReadonlySet<string> = new Set();

type CellSource = Pick<ParsedReport, 'facts' | 'approximate' | 'units' | 'provenance'>;
type Provenance = { line?: number | null; cell?: string | null } | undefined;
/** One cell handed over as CellPacker.add takes it. */
type Visit = CellPacker['add'];

/** The report's cells in fact id order; `codeOf` names each fact id by its fact_codes code. */
export function reportCells(parsed: CellSource, codeOf: (factId: string) => number): PackedCell[] {
  const cells: PackedCell[] = [];
  eachCell(parsed, Object.keys(parsed.facts), codeOf, (code, value, approximate, unit, line, cell) => {
    cells.push({ code, value, approximate, unit, line, cell });
  });
  return cells;
}

/**
 * The report's cells packed (packCells(reportCells(…)), byte for byte), with their count;
 * `ids`: Object.keys(parsed.facts), when the caller has listed them already.
 */
export function packReportCells(
  parsed: CellSource,
  codeOf: (factId: string) => number,
  ids: readonly string[] = Object.keys(parsed.facts),
): { count: number; blob: Buffer } {
  const packer = new CellPacker(ids.length);
  eachCell(parsed, ids, codeOf, (code, value, approximate, unit, line, cell) =>
    packer.add(code, value, approximate, unit, line, cell),
  );
  return { count: ids.length, blob: packer.done() };
}

/** What packing a report needs of its id list alone, in stored (fact id) order. */
interface Layout {
  ids: readonly string[];
  /** The ids' places, in stored order. */
  order: Int32Array;
  /** Each stored cell's code and catalogue unit. */
  codes: number[];
  catalogueUnits: (string | null)[];
  /** Each id's place in stored order. */
  storedAt: Map<string, number>;
}

/** Id lists kept: a corpus holds a few (one a table layout); more are looked for in turn. */
const KEPT_LAYOUTS = 8;

/**
 * packReportCells for one store's saves, byte for byte, with each id list's order, codes and
 * catalogue units kept (codes are asked, in stored order, only for a list not kept). A code
 * never changes, but one made in a save that then rolled back is gone: forget() then.
 */
export class CellLayouts {
  private kept: Layout[] = [];

  constructor(private readonly codeOf: (factId: string) => number) {}

  /** Drops every kept list (the store forgot codes made in a failed save). */
  forget(): void {
    this.kept = [];
  }

  /** packReportCells(parsed, codeOf, ids). */
  pack(parsed: CellSource, ids: readonly string[]): { count: number; blob: Buffer } {
    const n = ids.length;
    const values = Object.values(parsed.facts) as (number | null)[];
    if (values.length !== n) throw new Error('reportCells: the ids are not the report’s facts');
    const layout = this.layoutOf(ids);
    const provenance = provenanceByPlace(parsed, ids);
    const approximate: ReadonlySet<string> = parsed.approximate?.length ? new Set(parsed.approximate) : NONE;
    const { order, codes } = layout;
    const unitOf = cellUnits(layout, parsed.units ?? {});
    const packer = new CellPacker(n);
    for (let k = 0; k < n; k++) {
      const i = order[k];
      const id = ids[i];
      const prov = provenance[i];
      packer.add(
        codes[k],
        values[i],
        approximate !== NONE && approximate.has(id),
        unitOf[k],
        prov?.line ?? null,
        prov?.cell ?? null,
      );
    }
    return { count: n, blob: packer.done() };
  }

  /** The kept layout of this id list, else one made now (and kept, the oldest let go). */
  private layoutOf(ids: readonly string[]): Layout {
    for (const layout of this.kept) if (sameIds(layout.ids, ids)) return layout;
    const order = storedOrder(ids);
    const codes: number[] = [];
    const catalogueUnits: (string | null)[] = [];
    for (let k = 0; k < order.length; k++) {
      const id = ids[order[k]];
      // Asked in stored order, as eachCell asks: new codes are made in it.
      codes.push(this.codeOf(id));
      catalogueUnits.push(CATALOGUE_UNIT.get(id) ?? null);
    }
    const storedAt = new Map<string, number>();
    for (let k = 0; k < order.length; k++) storedAt.set(ids[order[k]], k);
    const layout = { ids: ids.slice(), order, codes, catalogueUnits, storedAt };
    this.kept.unshift(layout);
    if (this.kept.length > KEPT_LAYOUTS) this.kept.pop();
    return layout;
  }
}

/**
 * Each stored cell's unit: the report's own, else the catalogue's. A report states a unit or
 * two (of ~170 cells): those are placed by id, not looked up a cell at a time.
 */
function cellUnits(layout: Layout, units: Partial<Record<string, string>>): readonly (string | null)[] {
  const stated = Object.keys(units);
  if (stated.length === 0) return layout.catalogueUnits;
  const out = layout.catalogueUnits.slice();
  for (const id of stated) {
    const k = layout.storedAt.get(id);
    const unit = units[id];
    if (k !== undefined && unit !== undefined && unit !== null) out[k] = unit;
  }
  return out;
}

/** The same ids in the same order (a parse's keys are interned strings: mostly one pointer compare each). */
function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Hands each cell to `visit` in fact id order (codeOf asked in that order: new codes are made in it). */
function eachCell(parsed: CellSource, ids: readonly string[], codeOf: (factId: string) => number, visit: Visit): void {
  const n = ids.length;
  // Object.values lists the same keys in the same order as Object.keys (one object, unchanged).
  const values = Object.values(parsed.facts) as (number | null)[];
  if (values.length !== n) throw new Error('reportCells: the ids are not the report’s facts');
  const provenance = provenanceByPlace(parsed, ids);
  const approximate: ReadonlySet<string> = parsed.approximate?.length ? new Set(parsed.approximate) : NONE;
  const units: Partial<Record<string, string>> = parsed.units ?? {};
  const anyUnit = Object.keys(units).length > 0;
  const order = storedOrder(ids);
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const id = ids[i];
    const prov = provenance[i];
    visit(
      codeOf(id),
      values[i],
      approximate.has(id),
      (anyUnit ? units[id] : undefined) ?? CATALOGUE_UNIT.get(id) ?? null,
      prov?.line ?? null,
      prov?.cell ?? null,
    );
  }
}

/** Each id's provenance by its place in `ids`: read out at once when it lists the same ids in the same order (a parse's does). */
function provenanceByPlace(parsed: CellSource, ids: readonly string[]): Provenance[] {
  const source: Partial<Record<string, Provenance>> = parsed.provenance ?? {};
  const keys = Object.keys(source);
  let aligned = keys.length === ids.length;
  for (let i = 0; aligned && i < keys.length; i++) aligned = keys[i] === ids[i];
  if (aligned) return Object.values(source);
  const out: Provenance[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) out[i] = source[ids[i]];
  return out;
}

/** The places of `ids` in fact id order (inFactIdOrder's order). */
function storedOrder(ids: readonly string[]): Int32Array {
  const n = ids.length;
  const keyed = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const rank = factRank(ids[i]);
    if (rank === undefined) return placesOf(ids, inFactIdOrder(ids));
    // Rank, then place: distinct ranks, so the place only rides along.
    keyed[i] = rank * 65536 + i;
  }
  keyed.sort();
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = keyed[k] % 65536;
  return order;
}

/** Where each of `sorted` stands in `ids` (a report with an id outside the catalogue). */
function placesOf(ids: readonly string[], sorted: readonly string[]): Int32Array {
  const at = new Map(ids.map((id, i) => [id, i]));
  return Int32Array.from(sorted, (id) => at.get(id)!);
}
