// Readings across offices ordered by their values, most first, ties kept in list order: the
// order `list.slice().sort((x, y) => value[y] - value[x])` gives (a stable sort), without a
// comparator call per pair where every value is a whole number in a modest range (a year's
// ~13,000 non-zero figures of a sum: counted into buckets, not ~170,000 comparisons). Pure.

/** Whole-number ranges up to this many buckets, or four a reading, are counted rather than sorted. */
const MIN_BUCKETS = 1024;

/** `list` ordered as `list.slice().sort((x, y) => value[y] - value[x])` orders it. */
export function mostFirst(list: readonly number[], value: Float64Array): number[] {
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < list.length; i++) {
    const v = value[list[i]];
    if (!Number.isInteger(v)) return list.slice().sort((x, y) => value[y] - value[x]);
    if (v < low) low = v;
    if (v > high) high = v;
  }
  if (!list.length || high - low + 1 > Math.max(MIN_BUCKETS, 4 * list.length))
    return list.slice().sort((x, y) => value[y] - value[x]);
  // Bucket b holds the value high − b; each bucket's readings stay in list order (a stable sort's ties).
  const starts = new Int32Array(high - low + 2);
  for (let i = 0; i < list.length; i++) starts[high - value[list[i]] + 1]++;
  for (let b = 1; b < starts.length; b++) starts[b] += starts[b - 1];
  const out = new Array<number>(list.length);
  for (let i = 0; i < list.length; i++) out[starts[high - value[list[i]]]++] = list[i];
  return out;
}

/** Above this n, nthLargest sorts every key: its kept keys are moved one by one. */
const MAX_KEPT = 64;

/**
 * The n-th largest key of the list (repeats counted; 1 ≤ n ≤ list.length), as
 * `Float64Array.from(list, key).sort()[list.length - n]` finds it, by keeping the n largest
 * seen so far rather than sorting a year's ~17,000 (a top-3 ranking's cut). A list with a
 * NaN key is sorted as that expression sorts it. -0 and 0 may stand for each other: they
 * compare equal.
 */
export function nthLargest(list: Int32Array, key: (x: number) => number, n: number): number {
  if (n > MAX_KEPT) return Float64Array.from(list, key).sort()[list.length - n];
  // kept[0 … count) ascending: the largest keys so far, kept[0] the least of them.
  const kept = new Float64Array(n);
  let count = 0;
  for (let i = 0; i < list.length; i++) {
    const k = key(list[i]);
    if (Number.isNaN(k)) return Float64Array.from(list, key).sort()[list.length - n];
    if (count === n) {
      if (!(k > kept[0])) continue;
      // Drop the least, then move k down to its place.
      let j = 0;
      while (j + 1 < n && kept[j + 1] < k) {
        kept[j] = kept[j + 1];
        j++;
      }
      kept[j] = k;
    } else {
      let j = count++;
      while (j > 0 && kept[j - 1] > k) {
        kept[j] = kept[j - 1];
        j--;
      }
      kept[j] = k;
    }
  }
  return kept[0];
}
