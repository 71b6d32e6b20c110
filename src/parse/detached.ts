// A string that a parse result keeps, as a copy of its own. A slice of a report's text
// (a line, a heading, a phrase) points at the whole text in V8, so a kept heading kept
// the report's folded text alive while ingest held the report for its batch: copied and
// promoted by every young-generation collection meanwhile. Same value. Pure.

// V8 makes a slice of 13 or more units point into its parent; a shorter one is a copy.
const SLICE_MIN = 13;

/** `s`, not pointing into a longer string: the same characters. */
export function detached(s: string): string {
  // ' ' + s is a cons string; slicing it flattens that into a new string of s.length + 1
  // units, so the result points at that copy, not at whatever s pointed into.
  return s.length < SLICE_MIN ? s : ` ${s}`.slice(1);
}
