// The benchmark harness helpers (bench/lib.ts): percentiles, targets, the table.
import { describe, expect, it } from 'vitest';
import { classifyYearMismatch, formatTable, measure, p50, p99, percentile, summarize, target } from '../bench/lib.js';

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

// The ask bench's year row: an answer that gives another year than the truth's is judged
// against the years the store holds for that office. Answers written by hand, in the
// engine's wording ("芝罘区只楚街道办事处 2023 年度…").
describe('the ask bench classes a year other than the truth’s', () => {
  const question = '只楚收到多少申请';
  it('names the year the store holds as the office’s latest: latest known, said', () => {
    const answer = '芝罘区只楚街道办事处 2023 年度收到政府信息公开申请 12 件（第三部分，第 41 行）。';
    // The truth's latest is 2024 (a report the store filed elsewhere); the store's latest for the office is 2023.
    expect(classifyYearMismatch({ question, askedYear: 2024, answer, answeredYear: 2023, held: [[2021, 2023]] })).toBe(
      'latest known, year said',
    );
  });

  it('a year the store does not hold for that office is wrong, though the answer names it', () => {
    const answer = '芝罘区只楚街道办事处 2019 年度收到政府信息公开申请 7 件（第三部分，第 41 行）。';
    expect(answer).toContain('2019'); // the old rule's only test: every answer passes it
    expect(classifyYearMismatch({ question, askedYear: 2023, answer, answeredYear: 2019, held: [[2021, 2023]] })).toBe(
      'other year',
    );
  });

  it('an older year the store holds, given as the latest, is wrong', () => {
    const answer = '芝罘区只楚街道办事处 2021 年度收到政府信息公开申请 9 件。';
    expect(classifyYearMismatch({ question, askedYear: 2023, answer, answeredYear: 2021, held: [[2021, 2023]] })).toBe(
      'other year',
    );
  });

  it('a question that names its year gets no "latest known" pass', () => {
    const answer = '芝罘区只楚街道办事处 2023 年度予以公开 5 件。';
    expect(
      classifyYearMismatch({
        question: '只楚2021年予以公开多少',
        askedYear: 2021,
        answer,
        answeredYear: 2023,
        held: [[2021, 2023]],
      }),
    ).toBe('other year');
  });

  it('"no report of that year" is said only when the store truly holds none', () => {
    const answer = '没有芝罘区只楚街道办事处 2021 年度的报告，以下是最新的 2023 年度：\n收到政府信息公开申请 12 件。';
    const ask = { question: '只楚2021年收到多少申请', askedYear: 2021, answer, answeredYear: 2023 };
    expect(classifyYearMismatch({ ...ask, held: [[2022, 2023]] })).toBe('said year missing');
    // The store holds 2021 for it: saying it is missing is a wrong answer.
    expect(classifyYearMismatch({ ...ask, held: [[2021, 2023]] })).toBe('other year');
  });

  it('namesakes: judged against the stored office of that name that holds the year given', () => {
    const answer = '城关镇人民政府 2022 年度收到政府信息公开申请 3 件。';
    const ask = { question: '城关镇人民政府收到多少申请', askedYear: 2023, answer, answeredYear: 2022 };
    expect(classifyYearMismatch({ ...ask, held: [[2023], [2020, 2022]] })).toBe('latest known, year said');
    expect(classifyYearMismatch({ ...ask, held: [[2023], [2022, 2024]] })).toBe('other year');
    expect(classifyYearMismatch({ ...ask, held: [] })).toBe('other year');
  });

  it('a year inside another number is not the year named', () => {
    const answer = '芝罘区只楚街道办事处收到政府信息公开申请 120231 件。';
    expect(classifyYearMismatch({ question, askedYear: 2024, answer, answeredYear: 2023, held: [[2023]] })).toBe(
      'other year',
    );
  });
});
