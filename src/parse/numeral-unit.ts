// Whether a line holds a numeral right before a counting unit ("68条", "二十 余 次"), not
// after 第 (第二十条 is an article number): prose-facts' test for a line worth reading.
// The same answer as the regex
//   (?<![第零〇一二两三四五六七八九十百千])[0-9零〇二两三四五六七八九十百千]+(?:\s?[余多万亿])?\s?[个条…元%]
// read in one pass of char codes: that regex runs on every prose line of every report,
// and irregexp tries its look-behind at each position. Pure.
import { isWhiteSpaceUnit } from './white-space.js';

const NUMERAL = 1; // [0-9零〇二两三四五六七八九十百千]
const UNIT = 2; // [个条篇人次件例份期场项名家户封单起宗批部台处元%]
const MAGNITUDE = 4; // [余多万亿]
const NOT_AFTER = 8; // [第零〇一二两三四五六七八九十百千]: a numeral run may not start after one

// One byte of flags per UTF-16 unit, built once (64 KB).
const FLAGS = new Uint8Array(0x10000);
const mark = (chars: string, flag: number) => {
  for (const ch of chars) FLAGS[ch.charCodeAt(0)] |= flag;
};
mark('0123456789零〇二两三四五六七八九十百千', NUMERAL);
mark('个条篇人次件例份期场项名家户封单起宗批部台处元%', UNIT);
mark('余多万亿', MAGNITUDE);
mark('第零〇一二两三四五六七八九十百千', NOT_AFTER);

const isDigit = (c: number) => c >= 48 && c <= 57;

/** Whether the unit at `at` (after a numeral run) completes the pattern: \s? M? \s? U. */
function unitFollows(s: string, at: number): boolean {
  let k = at;
  if (k < s.length && isWhiteSpaceUnit(s.charCodeAt(k))) k++;
  if (k < s.length && FLAGS[s.charCodeAt(k)] & MAGNITUDE) {
    k++;
    if (k < s.length && isWhiteSpaceUnit(s.charCodeAt(k))) k++;
  }
  return k < s.length && (FLAGS[s.charCodeAt(k)] & UNIT) !== 0;
}

/**
 * NUMERAL_UNIT.test(s), by runs of numerals: a match may start anywhere in a run whose
 * preceding unit is allowed, and every start of one run reaches the same run end (units
 * and magnitudes are never numerals), so a run counts when it may start somewhere and
 * a unit follows its end. Inside a run the units before are numerals, and of those only
 * ASCII digits are allowed before a start.
 */
export function hasNumeralUnit(s: string): boolean {
  const n = s.length;
  let i = 0;
  while (i < n) {
    if ((FLAGS[s.charCodeAt(i)] & NUMERAL) === 0) {
      i++;
      continue;
    }
    let canStart = i === 0 || (FLAGS[s.charCodeAt(i - 1)] & NOT_AFTER) === 0;
    let end = i + 1;
    while (end < n && FLAGS[s.charCodeAt(end)] & NUMERAL) {
      if (isDigit(s.charCodeAt(end - 1))) canStart = true;
      end++;
    }
    if (canStart && unitFollows(s, end)) return true;
    i = end;
  }
  return false;
}
