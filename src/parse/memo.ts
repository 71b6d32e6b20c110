// A pure function of a string remembered for the strings met again: reports repeat their
// template's labels, lines and office names word for word across a folder. Bounded: past
// `max` entries the memo starts over (a folder's working set fits well inside). Pure.

/** `fn` remembered by its argument, at most `max` entries at a time. */
export function memoize<T>(fn: (key: string) => T, max = 20_000): (key: string) => T {
  const memo = new Map<string, T>();
  return (key) => {
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const value = fn(key);
    if (memo.size >= max) memo.clear();
    memo.set(key, value);
    return value;
  };
}
