// SQL aggregates that pack rows as src/store/packed-cells.ts and year-packs.ts do, so schema
// 11's step (src/store/schema.ts) moves a folder's facts and year_cells into packs in SQL.
// Registered on a connection before it migrates; nothing else calls them.
import type Database from 'better-sqlite3';
import { type PackedCell, packCells } from './packed-cells.js';
import { packYear } from './year-packs.js';

interface FactPart {
  factId: string;
  cell: PackedCell;
}

interface YearAcc {
  keys: number[];
  values: (number | null)[];
  units: (string | null)[];
}

/** better-sqlite3 types a step as (total, next); SQLite passes every argument (their count from the function's length). */
type Step<T> = (total: T, next: unknown) => T;

/** Defines nianbao_pack_cells(fact_id, code, value, approximate, unit, line, cell) and nianbao_pack_year(key, value, unit). */
export function registerPackFunctions(db: Database.Database): void {
  db.aggregate('nianbao_pack_cells', {
    start: () => [] as FactPart[],
    step: ((
      parts: FactPart[],
      factId: string,
      code: number | bigint,
      value: number | null,
      approximate: number,
      unit: string | null,
      line: number | null,
      cell: string | null,
    ) => {
      parts.push({
        factId,
        cell: {
          code: Number(code),
          value,
          approximate: approximate === 1,
          unit,
          line: line === null ? null : Number(line),
          cell,
        },
      });
      return parts;
    }) as unknown as Step<FactPart[]>,
    // In fact id order, as the facts key (report_id, fact_id) returned them.
    result: (parts: FactPart[]) =>
      packCells(parts.sort((a, b) => (a.factId < b.factId ? -1 : a.factId > b.factId ? 1 : 0)).map((p) => p.cell)),
  });
  db.aggregate('nianbao_pack_year', {
    start: (): YearAcc => ({ keys: [], values: [], units: [] }),
    step: ((acc: YearAcc, key: number | bigint, value: number | null, unit: string | null) => {
      acc.keys.push(Number(key));
      acc.values.push(value);
      acc.units.push(unit);
      return acc;
    }) as unknown as Step<YearAcc>,
    result: (acc: YearAcc) => packYear(acc.keys, acc.values, acc.units),
  });
}
