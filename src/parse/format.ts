// Which template a report's tables follow (2019 or 2021), told by the words of their
// column headers. Pure.
//
// Why a cells reader: parseReport joined ~260 cells (mostly digits) into a cons string,
// then folded it (a flatten and a regex scan) and took out white space and bars (a second
// copy): ~15 µs a report. Cells of the parser's text are already folded, so their words are
// copied once, without white space and bars, into one reused buffer.
import { fold } from './cells.js';
import { isWhiteSpaceUnit } from './white-space.js';
import type { ReportFormat } from '../catalogue/facts.js';

const WORDS_2021 = [
  '本年制发件数',
  '本年废止件数',
  '现行有效件数',
  '本年处理决定数量',
  '本年收费金额',
  '制发件数',
  '废止件数',
  '逾期不补正',
  '收费通知',
];
const WORDS_2019 = [
  '本年新制作数量',
  '本年新公开数量',
  '对外公开总数量',
  '上一年项目数量',
  '本年增/减',
  '采购项目数量',
  '采购总金额',
  '制作数量',
  '上一年项目',
  '政府集中采购',
];

// Every word by its first character, with its format: one pass over a text finds them all,
// where an includes() a word scanned the ~1,300 units of a report's words 19 times (~8 µs).
const WORD = [...WORDS_2021.map((w) => ({ w, is2021: true })), ...WORDS_2019.map((w) => ({ w, is2021: false }))];
// A unit's group of words starting with it (-1: none): a table, not a Map, as it is read once a unit.
const GROUP_OF = new Int8Array(0x10000).fill(-1);
const GROUPS: number[][] = [];
for (let k = 0; k < WORD.length; k++) {
  const first = WORD[k].w.charCodeAt(0);
  if (GROUP_OF[first] < 0) GROUP_OF[first] = GROUPS.push([]) - 1;
  GROUPS[GROUP_OF[first]].push(k);
}
const seen = new Uint8Array(WORD.length);

/** The format whose header words `s` (folded, no white space or bars) holds more of; null when it holds none. */
function formatOfWords(s: string): ReportFormat | null {
  seen.fill(0);
  for (let i = 0; i < s.length; i++) {
    const g = GROUP_OF[s.charCodeAt(i)];
    if (g < 0) continue;
    for (const k of GROUPS[g]) if (seen[k] === 0 && s.startsWith(WORD[k].w, i)) seen[k] = 1;
  }
  return formatSeen();
}

/** formatOfWords of the first `n` units of `units` (no string made of them). */
function formatOfUnits(units: Uint16Array, n: number): ReportFormat | null {
  seen.fill(0);
  for (let i = 0; i < n; i++) {
    const g = GROUP_OF[units[i]];
    if (g < 0) continue;
    for (const k of GROUPS[g]) if (seen[k] === 0 && unitsStartWith(units, n, i, WORD[k].w)) seen[k] = 1;
  }
  return formatSeen();
}

/** Whether units[i, n) starts with `w` (as String.prototype.startsWith at i). */
function unitsStartWith(units: Uint16Array, n: number, i: number, w: string): boolean {
  if (i + w.length > n) return false;
  for (let j = 0; j < w.length; j++) if (units[i + j] !== w.charCodeAt(j)) return false;
  return true;
}

/** The format of the words marked in `seen`. */
function formatSeen(): ReportFormat | null {
  // How many of each format's words occur (each word once, however often).
  let f2021 = 0;
  let f2019 = 0;
  for (let k = 0; k < WORD.length; k++) if (seen[k]) WORD[k].is2021 ? f2021++ : f2019++;
  if (f2021 === 0 && f2019 === 0) return null;
  return f2021 > f2019 ? '2021' : '2019';
}

const SPACES_AND_BARS = /[\s\u00a0\u3000|]+/g;

/** The format of a table region's text (any text: folded here). */
export function detectFormat(regionText: string): ReportFormat | null {
  // White space (squash) and the bars and TABs of rows, taken out in one pass.
  return formatOfWords(fold(regionText).replace(SPACES_AND_BARS, ''));
}

// Reused by every call (no await in between).
let kept = new Uint16Array(1 << 12);

/**
 * The texts of `a` and of the first `bCount` of `b`, joined into `kept` (its length given),
 * with white space and bars taken out; -1 when a text holds a surrogate.
 * Texts come from the parser's folded text: folding them again changes none of the words.
 */
function wordsOf(a: readonly { text: string }[], b: readonly { text: string }[], bCount: number): number {
  let n = 0;
  for (const c of a) if ((n = copyWords(c.text, n)) < 0) return -1;
  for (let i = 0; i < b.length && i < bCount; i++) if ((n = copyWords(b[i].text, n)) < 0) return -1;
  return n;
}

/** `t`'s units but white space and bars, copied into `kept` from `n` on: the new end, or -1 at a surrogate. */
function copyWords(t: string, n: number): number {
  if (kept.length < n + t.length) {
    const more = new Uint16Array((n + t.length) * 2);
    more.set(kept.subarray(0, n));
    kept = more;
  }
  // Locals, not the module's binding, in the loop.
  const out = kept;
  let at = n;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    // Printable ASCII but the bar, and CJK: kept with no further test.
    if ((c > 0x20 && c < 0x7f && c !== 0x7c) || (c > 0x3000 && c < 0xd800)) {
      out[at++] = c;
      continue;
    }
    if (c === 0x7c || isWhiteSpaceUnit(c)) continue;
    if (c >= 0xd800 && c <= 0xdfff) return -1;
    out[at++] = c;
  }
  return at;
}

/**
 * The format of tables whose cells are `a` and the first `bCount` of `b` (cells of the
 * parser's folded text): detectFormat of their texts joined, read from the units copied
 * (no joined string made, but where a text holds a surrogate).
 */
export function formatOfCells(
  a: readonly { text: string }[],
  b: readonly { text: string }[],
  bCount: number,
): ReportFormat | null {
  const n = wordsOf(a, b, bCount);
  if (n >= 0) return formatOfUnits(kept, n);
  let joined = '';
  for (const c of a) joined += c.text;
  for (let i = 0; i < b.length && i < bCount; i++) joined += b[i].text;
  return detectFormat(joined);
}
