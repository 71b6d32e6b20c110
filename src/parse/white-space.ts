// The UTF-16 units JavaScript counts as white space: what String.prototype.trim removes
// and a regex's \s matches (the same set: WhiteSpace and LineTerminator). Read by char
// code in loops that would otherwise trim or test a regex per cell or line. Pure.

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

/**
 * `s` with every white-space unit removed: s.replace(/\s+/g, '') by slices of the runs
 * between (a whole report's text, for finding names broken across lines and cells).
 */
export function withoutWhiteSpace(s: string): string {
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
