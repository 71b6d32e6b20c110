// The opened documents grouped by a column (an office, a report): whatever numbers the
// column holds — whole ids (looked up by value in a table), fractions, negatives, ids too
// large for a table (a map), NaN (no group) — each value's indices are exactly those the
// test finds by walking the column itself, ascending, and no other value has any.
import { expect, it } from 'vitest';
import { mulberry32 } from '../tools/synth/index.js';
import { DocGroups } from '../src/retrieval/doc-groups.js';

/** Runs of values, as a report's or an office's documents lie together. */
function column(values: readonly number[], seed: number, count: number): Float64Array {
  const rand = mulberry32(seed).next;
  const out = new Float64Array(count);
  for (let i = 0; i < count; ) {
    const v = values[Math.floor(rand() * values.length)];
    const run = 1 + Math.floor(rand() * 12);
    for (let k = 0; k < run && i < count; k++) out[i++] = v;
  }
  return out;
}

function expectGroups(col: Float64Array, probes: readonly number[]): void {
  const groups = DocGroups.of(col, col.length);
  const seen: number[] = [];
  for (const v of col) if (!Number.isNaN(v) && !seen.includes(v)) seen.push(v);
  for (const v of seen) {
    const want = [...col.keys()].filter((i) => col[i] === v);
    expect([...(groups.indicesOf(v) ?? [])]).toEqual(want);
    expect(groups.has(v)).toBe(true);
    expect(groups.firstOf(v, (i) => i > want[0])).toBe(want[1] ?? -1);
  }
  for (const v of probes) {
    if (seen.includes(v)) continue;
    expect(groups.indicesOf(v)).toBeUndefined();
    expect(groups.has(v)).toBe(false);
    expect(groups.firstOf(v, () => true)).toBe(-1);
  }
  // Every value some index passes, in the order each first appears.
  expect(groups.valuesWhere((i) => i % 5 === 0)).toEqual(
    seen.filter((v) => [...col.keys()].some((i) => col[i] === v && i % 5 === 0)),
  );
}

it('groups whole ids by a table and finds nothing for numbers it does not hold', () => {
  const ids = [0, 1, 7, 300, 12_345, 65_536];
  expectGroups(column(ids, 1, 2_000), [2, 8, 65_537, 1e9, -1, 0.5, 7.000001, Number.NaN, -0]);
});

it('groups fractions, negatives, large ids and NaN by a map, the same way', () => {
  const probes = [0, 1, 2, 3, 1e12, -1, 0.25];
  expectGroups(column([1, 2, 2.5, Number.NaN], 2, 1_500), probes);
  expectGroups(column([3, -4, 0, Number.NaN], 3, 1_500), probes);
  expectGroups(column([5, 1e12, 17], 4, 1_500), probes);
  expectGroups(new Float64Array(0), probes);
});
