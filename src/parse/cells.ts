// Reading one table cell: what number (or blank) it says.

/** NFKC folds full-width digits, letters and punctuation (（ → (, ： → :, ０ → 0). */
export function fold(s: string): string {
  return s.normalize('NFKC');
}

/** Text with all white space removed: labels and headers are compared this way. */
export function squash(s: string): string {
  return fold(s).replace(/[\s\u00a0\u3000]+/g, '');
}

export type CellValue =
  | { kind: 'number'; value: number; unit: 'yuan' | 'wanyuan' | null; approximate: boolean }
  | { kind: 'blank' }
  | { kind: 'text' };

// "/" "—" "-" "无" and friends mean "nothing to report here": a blank cell.
const BLANK_RE = /^(?:[\/\\—–\-－_~·.。…]+|无|空|暂无|null)$/;
// A signed or unsigned number, thousands separators allowed, with an optional
// count unit (件/条/个/项/例) or money unit (元/万元) and an optional 余 hedge.
const NUMBER_RE = /^(增|减|[+\-])?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(余)?(万元|元|件|条|个|项|例|次|人)?$/;

/** Interpret a cell. Anything that is not clearly a number or a blank marker is text. */
export function readCell(raw: string): CellValue {
  const s = squash(raw);
  if (s === '') return { kind: 'blank' };
  if (BLANK_RE.test(s)) return { kind: 'blank' };
  const m = NUMBER_RE.exec(s);
  if (!m) return { kind: 'text' };
  const [, sign, int, frac, hedge, unit] = m;
  let value = Number(int.replace(/,/g, '') + (frac ? `.${frac}` : ''));
  if (sign === '减' || sign === '-') value = -value;
  return {
    kind: 'number',
    value,
    unit: unit === '元' ? 'yuan' : unit === '万元' ? 'wanyuan' : null,
    approximate: hedge === '余',
  };
}

/** Page furniture that can fall inside a table when a PDF is copied: "- 4 -", "第 4 页 共 9 页". */
export function isPageMarker(raw: string): boolean {
  const s = squash(raw);
  return /^[-—–]\d{1,3}[-—–]$/.test(s) || /^第\d{1,3}页(?:共\d{1,3}页)?$/.test(s) || /^\d{1,3}\/\d{1,3}$/.test(s);
}
