// The benchmark harness helpers (bench/lib.ts): percentiles, targets, the table.
import { describe, expect, it } from 'vitest';
import { formatTable, measure, p50, p99, percentile, summarize, target } from '../bench/lib.js';

describe('bench helpers', () => {
  it('takes nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted order
    expect(p50(xs)).toBe(50);
    expect(p99(xs)).toBe(99);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
    expect(summarize([3, 1, 2])).toMatchObject({ min: 1, max: 3, p50: 2, mean: 2 });
  });

  it('checks targets in both directions', () => {
    expect(target(2500, '>=', 2000).met).toBe(true);
    expect(target(1500, '>=', 2000).met).toBe(false);
    expect(target(12, '<=', 10).met).toBe(false);
    expect(target(10, '<=', 10).met).toBe(true);
  });

  it('runs warm-ups and repeats', async () => {
    let calls = 0;
    const t = await measure(() => void calls++, { warmup: 2, repeats: 4 });
    expect(calls).toBe(6);
    expect(t.samples).toHaveLength(4);
  });

  it('prints an aligned table that says whether targets are met', () => {
    const table = formatTable([
      { bench: 'parse', metric: '解析吞吐', value: 2345.678, unit: 'reports/s', target: target(2345.678, '>=', 2000) },
      { bench: 'parse', metric: 'ratio', value: 12.5, unit: '×', target: target(12.5, '<=', 10) },
    ]);
    const lines = table.split('\n');
    expect(lines[2]).toContain('2,346');
    expect(lines[2]).toContain('>= 2,000 met');
    expect(lines[3]).toContain('<= 10 NOT MET');
    // CJK counts double, so the unit column lines up on screen.
    const cols = (s: string) => [...s].reduce((w, ch) => w + (/[\u4e00-\u9fff]/.test(ch) ? 2 : 1), 0);
    expect(cols(lines[2].slice(0, lines[2].indexOf('reports/s')))).toBe(cols(lines[3].slice(0, lines[3].indexOf('×'))));
  });
});
