// Readings ordered most first (src/ask/across-order.ts) come out exactly as JavaScript's own
// stable sort orders them by value, whatever the values: small whole numbers with many ties
// (counted into buckets), negative ones, a range too wide to count, fractions, -0.
import { describe, expect, it } from 'vitest';
import { mostFirst, nthLargest } from '../src/ask/across-order.js';

/** A repeatable stream of numbers in [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Values for n readings and a list of some of them, in a shuffled order. */
function readings(n: number, value: (i: number) => number, seed: number): { list: number[]; values: Float64Array } {
  const next = random(seed);
  const values = Float64Array.from({ length: n }, (_, i) => value(i));
  const list = Array.from({ length: n }, (_, i) => i).filter(() => next() < 0.8);
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return { list, values };
}

const builtin = (list: number[], values: Float64Array) => list.slice().sort((x, y) => values[y] - values[x]);

describe('readings most first', () => {
  const next = random(7);
  const cases: [string, (i: number) => number][] = [
    ['small whole numbers, many ties', () => Math.floor(next() * 20)],
    ['a sum’s figures (0 … 500)', () => Math.floor(next() * 500)],
    ['negative and positive whole numbers', () => Math.floor(next() * 200) - 100],
    ['a range too wide to count', () => Math.floor(next() * 1e9)],
    ['fractions (万元)', () => Math.round(next() * 1e6) / 1e4],
    ['zeros of both signs', (i) => (i % 3 === 0 ? -0 : i % 3 === 1 ? 0 : 1)],
  ];
  for (const [name, value] of cases) {
    it(`match the built-in stable sort: ${name}`, () => {
      for (const n of [0, 1, 2, 17, 1000, 17000]) {
        const { list, values } = readings(n, value, n + 1);
        const got = mostFirst(list, values);
        expect(got).toEqual(builtin(list, values));
        expect(list.length).toBe(got.length);
      }
    });
  }

  it('keep tied readings in the order the list gives them', () => {
    const values = Float64Array.from([5, 9, 5, 9, 1]);
    expect(mostFirst([4, 2, 3, 0, 1], values)).toEqual([3, 1, 2, 0, 4]);
  });

  it('leave the list it is given as it was', () => {
    const values = Float64Array.from([1, 2, 3]);
    const list = [0, 1, 2];
    mostFirst(list, values);
    expect(list).toEqual([0, 1, 2]);
  });
});

describe('the n-th largest key', () => {
  const sorted = (list: Int32Array, key: (x: number) => number, n: number) =>
    Float64Array.from(list, key).sort()[list.length - n];
  const next = random(11);
  const cases: [string, (i: number) => number][] = [
    ['whole numbers with ties', () => Math.floor(next() * 30)],
    ['negated figures (a ranking of the least)', () => -Math.floor(next() * 30)],
    ['fractions', () => next() * 1000],
    ['all equal', () => 5],
    ['zeros of both signs', (i) => (i % 2 ? -0 : 0)],
    ['a NaN among them', (i) => (i === 3 ? Number.NaN : Math.floor(next() * 10))],
    ['-Infinity for blanks', (i) => (i % 4 === 0 ? -Infinity : Math.floor(next() * 10))],
  ];
  for (const [name, value] of cases) {
    it(`is the one sorting every key finds: ${name}`, () => {
      for (const size of [1, 2, 5, 100, 17000]) {
        const values = Float64Array.from({ length: size }, (_, i) => value(i));
        const list = Int32Array.from({ length: size }, (_, i) => i);
        for (const n of [1, 2, 3, 10, 20, 65, 200]) {
          if (n > size) continue;
          const key = (x: number) => values[x];
          const got = nthLargest(list, key, n);
          const want = sorted(list, key, n);
          // -0 and 0 compare equal (the cut is used by >=); NaN is NaN.
          expect(Number.isNaN(want) ? Number.isNaN(got) : got === want).toBe(true);
        }
      }
    });
  }
});
