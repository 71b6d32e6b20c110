// A pure function of a string remembered for the strings met again: reports repeat their
// template's labels, lines and office names word for word across a folder. Bounded: past
// `max` entries the memo starts over (a folder's working set fits well inside). Pure.
import { detached } from './detached.js';

/**
 * `fn` remembered by its argument, at most `max` entries at a time. A key kept is a copy
 * of its own, and `fn` reads that copy: a slice of a report's text kept as a key (or a
 * slice of it in the value) would keep the whole text alive while the memo holds it.
 */
export function memoize<T>(fn: (key: string) => T, max = 20_000): (key: string) => T {
  const memo = new Map<string, T>();
  return (key) => {
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const own = detached(key);
    const value = fn(own);
    if (memo.size >= max) memo.clear();
    memo.set(own, value);
    return value;
  };
}
