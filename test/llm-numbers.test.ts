// Reading the numbers a text states, for the answer guard: Chinese numerals by
// hand-checked values, and the words that only look like numerals.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chineseToNumber, englishToNumber, extractNumbers } from '../src/llm/index.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const values = (s: string) => extractNumbers(s).map((n) => n.value);

describe('chineseToNumber', () => {
  it.each([
    ['零', 0],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['三十五', 35],
    ['一百二十', 120],
    ['一百零五', 105],
    ['一百二', 120],
    ['三千五', 3500],
    ['一千零五十', 1050],
    ['两千', 2000],
    ['十万', 100000],
    ['一万二', 12000],
    ['十二万三千', 123000],
    ['一亿二千万', 120000000],
    ['二〇二〇', 2020],
    ['二零二一', 2021],
    ['叁拾伍', 35],
  ])('%s = %d', (s, v) => expect(chineseToNumber(s)).toBe(v));

  it.each(['十四五', '三五', '万一', '百万', '十十', '两两', '一十二万万五'])(
    '%s is not a well-formed numeral',
    (s) => {
      expect(chineseToNumber(s)).toBeNull();
    },
  );
});

describe('englishToNumber', () => {
  it.each([
    ['thirty-five', 35],
    ['one hundred and twenty', 120],
    ['two thousand', 2000],
    ['six thousand five hundred', 6500],
  ])('%s = %d', (s, v) => expect(englishToNumber(s)).toBe(v));
});

describe('extractNumbers', () => {
  it('reads digits with separators, decimals, percentages, 万 and dates', () => {
    const found = extractNumbers('2020年1月1日起至12月31日止，浏览量356,415次，增长12.5%，金额3.2万元，共计１２件');
    expect(found.map((n) => [n.text, n.value, n.base])).toEqual([
      ['2020', 2020, undefined],
      ['1', 1, undefined],
      ['1', 1, undefined],
      ['12', 12, undefined],
      ['31', 31, undefined],
      ['356,415', 356415, undefined],
      ['12.5%', 12.5, undefined],
      ['3.2万', 32000, 3.2],
      ['12', 12, undefined],
    ]);
  });

  it('reads Chinese numerals that count, order or date something', () => {
    expect(
      values('收到三十五件申请，第三季度办结一百二十件，二〇二〇年度，百分之十五，增加了3例，两年来，五例'),
    ).toEqual([35, 3, 120, 2020, 15, 3, 2, 5]);
  });

  it('ignores numeral characters inside ordinary words', () => {
    expect(
      values('一般情况下统一处理，十分重视老百姓诉求，第一时间一次性告知，进一步做到唯一窗口、逐一答复，千万不可万一'),
    ).toEqual([]);
    expect(values('one of the offices')).toEqual([]);
  });

  it('over a whole seed report finds every number the report writes in digits', () => {
    const text = readFileSync(path.join(repoRoot, 'corpus/2020/只楚街道-2020.txt'), 'utf8');
    const found = new Set(values(text));
    for (const v of [2020, 180, 121, 4, 3, 7, 5948, 191, 356415, 8951]) expect(found).toContain(v);
  });
});
