// hasNumeralUnit against the regex it stands for (the truth here is the engine's own
// reading of that regex): a numeral run before a counting unit, not after 第.
import { expect, it } from 'vitest';
import { hasNumeralUnit } from '../src/parse/numeral-unit.js';

const NUMERAL_UNIT =
  /(?<![第零〇一二两三四五六七八九十百千])[0-9零〇二两三四五六七八九十百千]+(?:\s?[余多万亿])?\s?[个条篇人次件例份期场项名家户封单起宗批部台处元%]/;

it('reads the statements a report writes as the regex does', () => {
  const lines = [
    '接到微博投诉事件68条',
    '回复率100%',
    '开展培训二十余次',
    '发布信息 1 万 条',
    '依据第二十条第(一)项',
    '第12个',
    '一个',
    '共2021年',
    '第二十条',
    '十个',
    '〔2019〕60号',
    '3\u3000篇',
    '3 万\t条',
  ];
  for (const l of lines) expect(hasNumeralUnit(l), l).toBe(NUMERAL_UNIT.test(l));
  expect(hasNumeralUnit('接到微博投诉事件68条')).toBe(true);
  expect(hasNumeralUnit('第二十条')).toBe(false);
});

it('agrees with the regex on every short string over the characters that matter', () => {
  const alphabet = [...'0一二第个万 b'];
  // Every string of up to 5 of these 8 characters (~37,000).
  let layer = [''];
  for (let len = 1; len <= 5; len++) {
    layer = layer.flatMap((s) => alphabet.map((ch) => s + ch));
    for (const s of layer) if (hasNumeralUnit(s) !== NUMERAL_UNIT.test(s)) throw new Error(JSON.stringify(s));
  }
});

it('agrees with the regex whatever unit stands before, between or after', () => {
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    for (const s of [`${ch}3个`, `3${ch}个`, `3万${ch}个`, `3${ch}`, `十${ch}条`])
      if (hasNumeralUnit(s) !== NUMERAL_UNIT.test(s)) throw new Error(`${JSON.stringify(s)} U+${c.toString(16)}`);
  }
});
