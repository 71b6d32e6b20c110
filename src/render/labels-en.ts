// The English names of the spec's fact ids, for English answers: built from the
// English labels src/catalogue/facts.ts keeps beside the Chinese ones. Pure.
import {
  ACTIVE_COLS_EN,
  ACTIVE_ROWS_EN,
  APPLY_COLS_EN,
  APPLY_ROWS_EN,
  FACT_BY_ID,
  REVIEW_COLS_EN,
  REVIEW_GROUPS_EN,
  TABLE_TITLES_EN,
  type ActiveCol,
  type ActiveRow,
  type ApplyCol,
  type FactId,
  type ReviewCol,
} from '../catalogue/facts.js';

/** The row of a fact in English: "granted in full", "administrative licensing", "administrative review". */
export function rowEn(id: FactId): string {
  const def = FACT_BY_ID.get(id);
  if (!def) return 'a cell';
  if (def.table === 'A') return ACTIVE_ROWS_EN[def.row as ActiveRow] ?? def.row;
  if (def.table === 'B') return APPLY_ROWS_EN[def.row] ?? def.row;
  if (def.table === 'C') return REVIEW_GROUPS_EN[def.row] ?? def.row;
  return 'items published proactively';
}

/** The column of a fact in English: "natural persons", "decisions", "pending". */
export function colEn(id: FactId): string {
  const def = FACT_BY_ID.get(id);
  if (!def) return '';
  if (def.table === 'A') {
    if (def.col === 'amount')
      return def.row === 'fees' ? 'amount charged this year (10,000 yuan)' : 'total amount (10,000 yuan)';
    return ACTIVE_COLS_EN[def.col as ActiveCol] ?? def.col;
  }
  if (def.table === 'B') return APPLY_COLS_EN[def.col as ApplyCol] ?? def.col;
  if (def.table === 'C') return REVIEW_COLS_EN[def.col as ReviewCol] ?? def.col;
  return 'count';
}

/** A cell as an English reader reads it: "granted in full (natural persons)". */
export function describeFactEn(id: FactId): string {
  const def = FACT_BY_ID.get(id);
  if (!def) return 'a cell of the report';
  if (def.table === 'prose') return 'items published proactively (stated in the text)';
  return `${rowEn(id)} (${colEn(id)})`;
}

/** The part of the report a fact's table is in, in English. */
export function tableOfEn(id: FactId): string {
  const def = FACT_BY_ID.get(id);
  return def ? TABLE_TITLES_EN[def.table] : 'the report';
}
