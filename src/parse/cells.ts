// Reading one table cell: what number (or blank) it says.

// Characters NFKC changes that reports use: full-width forms, the ideographic
// space, Kangxi radicals (PDF text), circled and enclosed numbers, compatibility
// ideographs. Strings without any are returned as they are, which makes folding
// an already-folded report (the parser folds the whole text once) nearly free.
const NEEDS_FOLD =
  /[\u00a0\u00b2\u00b3\u00b9\u00bc-\u00be\u2002-\u200a\u2024-\u2025\u2070-\u218f\u2460-\u24ff\u2e80-\u2fdf\u3000\u3200-\u33ff\uf900-\ufaff\ufb00-\ufdff\ufe10-\ufe6f\uff00-\uffef]/;

/**
 * Whether every character of `s` is one that neither folding nor squashing touches:
 * printable ASCII, CJK ideographs, CJK punctuation (、。《》「」…) and the dashes and
 * quotes of General Punctuation — nearly all of a folded report. One pass of
 * char codes, where the regexes below cost a call each; anything else takes the regexes.
 */
export function plainText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x20 && c < 0x7f) continue;
    if (c >= 0x4e00 && c <= 0x9fff) continue;
    if (c >= 0x3001 && c <= 0x303f) continue;
    if ((c >= 0x2010 && c <= 0x2023) || c === 0x2026 || c === 0x2027) continue;
    return false;
  }
  return true;
}

// Up to this length the char loop is cheaper than a regex call; past it, the regex's own scan is.
const SHORT = 64;

/** NFKC folds full-width digits, letters and punctuation (（ → (, ： → :, ０ → 0). */
export function fold(s: string): string {
  return s.length <= SHORT && plainText(s) ? s : foldChecked(s);
}

/** fold() past the plain-text test: NFKC only where a character needs it. */
function foldChecked(s: string): string {
  return NEEDS_FOLD.test(s) ? s.normalize('NFKC') : s;
}

const WHITE_RUNS = /[\s\u00a0\u3000]+/g;

/** Text with all white space removed: labels and headers are compared this way. */
export function squash(s: string): string {
  if (s.length <= SHORT && plainText(s)) return s;
  // Not plain (or long): fold without testing for plain text a second time.
  return foldChecked(s).replace(WHITE_RUNS, '');
}

/**
 * The value of `s` when it is 1–15 ASCII digits and nothing else (exact: below 2^53),
 * else -1. Read in the same pass that checks the digits.
 */
function digitsValue(s: string): number {
  if (s.length === 0 || s.length > 15) return -1;
  let value = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    value = value * 10 + (c - 48);
  }
  return value;
}

/** Whether `s` is one or more ASCII digits and nothing else. */
export function allDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export type CellValue =
  | { kind: 'number'; value: number; unit: 'yuan' | 'wanyuan' | null; approximate: boolean }
  | { kind: 'blank' }
  | { kind: 'text' };

// "/" "—" "-" "无" and friends mean "nothing to report here": a blank cell.
const BLANK_RE = /^(?:[/\\—–\-－_~·.。…]+|无|空|暂无|null)$/;
// A signed or unsigned number, thousands separators allowed, with an optional
// count unit (件/条/个/项/例) or money unit (元/万元) and an optional 余 hedge.
const NUMBER_RE = /^(增|减|[+-])?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(余)?(万元|元|件|条|个|项|例|次|人)?$/;

/** Interpret a cell. Anything that is not clearly a number or a blank marker is text. */
const TEXT: CellValue = { kind: 'text' };

const BLANK: CellValue = { kind: 'blank' };
// Most cells are small counts: one shared, frozen reading each, so a parse allocates less.
const SMALL: readonly CellValue[] = Array.from({ length: 1000 }, (_, value) =>
  Object.freeze({ kind: 'number' as const, value, unit: null, approximate: false }),
);

// The Chinese characters a number or blank cell may start with: 增 减 无 空 暂 (as char codes).
const CAN_START_VALUE = [...'增减无空暂'].map((ch) => ch.charCodeAt(0));

const SPACED_NUMBERS = /\d[\s\u00a0\u3000]+[+-]?\d/;

export function readCell(raw: string): CellValue {
  // Plain digits and empty cells are most of a table: read them without regexes over the text.
  if (raw === '') return BLANK;
  if (raw.length <= 15) {
    const value = digitsValue(raw);
    if (value >= 0)
      return value < SMALL.length ? SMALL[value] : { kind: 'number', value, unit: null, approximate: false };
  }
  // Fast exits for prose and labels, which are most cells: no number or blank
  // marker is this long or starts with a Chinese character other than 增/减/无/空/暂.
  if (raw.length > 40) return TEXT;
  const first = raw.trimStart().charCodeAt(0);
  if (first >= 0x4e00 && first <= 0x9fff && !CAN_START_VALUE.includes(first)) return TEXT;
  // "0 0 1": several numbers in one cell, never the number 1 (a row split on the wrong separator).
  if (SPACED_NUMBERS.test(raw)) return TEXT;
  const s = squash(raw);
  if (s === '') return { kind: 'blank' };
  if (BLANK_RE.test(s)) return { kind: 'blank' };
  const m = NUMBER_RE.exec(s);
  if (!m) return { kind: 'text' };
  const [, sign, int, frac, hedge, unit] = m;
  // Longer than a double holds exactly: still a number cell (a glued run, or a value the
  // checks refuse as implausible), never text that would end its row.
  let value = Number(int.replace(/,/g, '') + (frac ? `.${frac}` : ''));
  if (!Number.isFinite(value)) return { kind: 'text' };
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
  if (raw.length > 24 || !hasMarkerChar(raw)) return false;
  const s = squash(raw);
  return /^[-—–]\d{1,3}[-—–]$/.test(s) || /^第\d{1,3}页(?:共\d{1,3}页)?$/.test(s) || /^\d{1,3}\/\d{1,3}$/.test(s);
}

/** Whether `raw` holds a character every page marker has: - — – 页 / (a char loop: this runs on every cell). */
function hasMarkerChar(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x2d || c === 0x2f || c === 0x2014 || c === 0x2013 || c === 0x9875) return true;
  }
  return false;
}
