// The UTF-16 units JavaScript counts as white space: what String.prototype.trim removes
// and a regex's \s matches (the same set: WhiteSpace and LineTerminator). Read by char
// code in loops that would otherwise trim or test a regex per cell or line. Pure.
import { unitsText } from './units-text.js';

/** Whether `c` is white space as trim() and \s read it. */
export function isWhiteSpaceUnit(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

// The units kept, copied into one buffer reused by every call (no await in between), and
// made a string at once: a report's ~600 runs joined one by one were as many cons strings
// and slices (~14 KB a report), flattened again at the first search.
let kept = new Uint16Array(1 << 14);

/**
 * `s` with every white-space unit removed: s.replace(/\s+/g, '') (a whole report's text,
 * for finding names broken across lines and cells).
 */
export function withoutWhiteSpace(s: string): string {
  if (kept.length < s.length) kept = new Uint16Array(s.length * 2);
  // A local, not the module's binding, in the loop (as format.ts' copyWords).
  const out = kept;
  const length = s.length;
  let n = 0;
  for (let i = 0; i < length; i++) {
    const c = s.charCodeAt(i);
    // Printable ASCII and U+3001–U+D7FF (CJK and its punctuation), nearly every unit of a
    // report, are kept with no further test (9.5 → 7.4 µs a c10k text report).
    if ((c > 0x20 && c < 0x7f) || (c > 0x3000 && c < 0xd800)) {
      out[n++] = c;
      continue;
    }
    if (isWhiteSpaceUnit(c)) continue;
    // A lone surrogate would be decoded as U+FFFD: such a text takes the slices.
    if (c >= 0xd800 && c <= 0xdfff) return bySlices(s);
    out[n++] = c;
  }
  return n === length ? s : unitsText(out, n);
}

/** withoutWhiteSpace by slices of the runs between white space. */
function bySlices(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    if (!isWhiteSpaceUnit(s.charCodeAt(i))) continue;
    if (i > from) out += s.slice(from, i);
    from = i + 1;
  }
  if (from === 0) return s;
  return from < s.length ? out + s.slice(from) : out;
}
