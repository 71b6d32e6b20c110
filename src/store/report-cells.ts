// A parsed report's table facts as the cells report_cells packs (packed-cells.ts): in fact
// id order (fact-order.ts), a fact's unit the report's or else its catalogue unit. Pure.
// One pass over the ids with the catalogue units read from a map made once (issue 13: the
// cells were ~0.05 ms of a save, most of it looking ids up in the report's objects).
import { FACT_BY_ID } from '../catalogue/facts.js';
import type { ParsedReport } from '../parse/types.js';
import { inFactIdOrder } from './fact-order.js';
import type { PackedCell } from './packed-cells.js';

const CATALOGUE_UNIT = new Map<string, string | null>([...FACT_BY_ID].map(([id, fact]) => [id, fact.unit ?? null]));
const NONE: ReadonlySet<string> = new Set();

type CellSource = Pick<ParsedReport, 'facts' | 'approximate' | 'units' | 'provenance'>;

/** The report's cells in fact id order; `codeOf` names each fact id by its fact_codes code. */
export function reportCells(parsed: CellSource, codeOf: (factId: string) => number): PackedCell[] {
  const { facts } = parsed;
  const ids = inFactIdOrder(Object.keys(facts));
  const approximate: ReadonlySet<string> = parsed.approximate?.length ? new Set(parsed.approximate) : NONE;
  const units: Partial<Record<string, string>> = parsed.units ?? {};
  const provenance: Partial<Record<string, { line?: number | null; cell?: string | null }>> = parsed.provenance ?? {};
  const cells: PackedCell[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    const prov = provenance[id];
    cells[i] = {
      code: codeOf(id),
      value: facts[id as keyof typeof facts],
      approximate: approximate.has(id),
      unit: units[id] ?? CATALOGUE_UNIT.get(id) ?? null,
      line: prov?.line ?? null,
      cell: prov?.cell ?? null,
    };
  }
  return cells;
}
