// Every number a text states: Arabic digits (1,234 · 12.5 · 35% · 3万), Chinese
// numerals (三十五, 一百二十, 二〇二〇年, 百分之十), English number words. Used to hold
// a model's answer to the numbers its passages contain.
//
// Chinese numeral characters also occur inside ordinary words (一般, 统一, 百姓,
// 十分重视), so a Chinese run counts only when it reads as a quantity: after 第 or
// 百分之, before a measure word (件, 人, 年 …), or as a multi-character numeral.

import { CN_CHARS, CN_DIGIT, CN_UNIT, chineseToNumber } from '../parse/numerals.js';

export { chineseToNumber };

export interface NumberMention {
  /** The text as written, e.g. `12.5万`, `三十五`. */
  text: string;
  index: number;
  /** Its value as written: `12.5万` → 125000, `35%` → 35, `三十五` → 35. */
  value: number;
  /** For a number with 万/亿/千 (`12.5万`): the number before it (12.5), as a 万元 column stores it. */
  base?: number;
}

/** Words whose numeral characters are not quantities even before a measure word. */
const NOT_NUMBERS = [
  '十分',
  '一次性',
  '第一时间',
  '一一',
  '一把手',
  '一站式',
  '一网通办',
  '一件事',
  '一条龙',
  '一部分',
  '一起',
  '统一',
  '唯一',
  '逐一',
  '之一',
  '同一',
  '单一',
  '专一',
  '划一',
];

const MEASURE =
  /^(?:余|多|来)?(?:件|人|个|次|条|项|年|月|日|号|名|家|份|元|天|篇|场|期|批|起|例|位|户|所|类|种|处|部|本|张|页|封|周|季度|小时|分钟|秒|倍|成|岁|级|轮|宗|笔|座|间|套|台|组|段|款|亩|米|%)/;

const ARABIC = String.raw`(?<![\d.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(\s*[%‰]|[万亿千])?`;
const CN_RUN = `[${CN_CHARS}]+`;
const EN_WORD =
  'zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion';
const EN_RUN = String.raw`\b(?:${EN_WORD})(?:(?:[\s-]+|\s+and\s+)(?:${EN_WORD}))*\b`;
const MENTION = new RegExp(`百分之(${CN_RUN}|\\d+(?:\\.\\d+)?)|${ARABIC}|(${CN_RUN})|(${EN_RUN})`, 'giu');

/** All numbers the text states, in order. */
export function extractNumbers(input: string): NumberMention[] {
  const text = input.normalize('NFKC');
  const blocked = blockedRanges(text);
  const out: NumberMention[] = [];
  for (const m of text.matchAll(MENTION)) {
    const index = m.index ?? 0;
    const [whole, percentOf, arabic, suffix, cnRun, enRun] = m;
    if (percentOf !== undefined) {
      const v = /\d/.test(percentOf) ? Number(percentOf) : chineseToNumber(percentOf);
      if (v !== null) out.push({ text: whole, index, value: v });
    } else if (arabic !== undefined) {
      const v = Number(arabic.replace(/,/g, ''));
      const unit = suffix?.trim();
      const scale = unit ? CN_UNIT[unit] : undefined;
      out.push(scale ? { text: whole, index, value: v * scale, base: v } : { text: whole, index, value: v });
    } else if (cnRun !== undefined) {
      if (blocked.some(([a, b]) => index >= a && index < b)) continue;
      const v = chineseToNumber(cnRun);
      if (v === null) continue;
      const ordinal = text[index - 1] === '第';
      const measured = MEASURE.test(text.slice(index + cnRun.length));
      const numeral = [...cnRun].length >= 2 && [...cnRun].some((c) => c in CN_DIGIT);
      if (!ordinal && !measured && !numeral) continue;
      const last = cnRun[cnRun.length - 1];
      const base = last === '万' || last === '亿' ? chineseToNumber(cnRun.slice(0, -1)) : null;
      out.push(base !== null ? { text: cnRun, index, value: v, base } : { text: cnRun, index, value: v });
    } else if (enRun !== undefined) {
      const v = englishToNumber(enRun);
      // "one" alone is mostly a pronoun (one of the offices).
      if (v === null || /^one$/i.test(enRun)) continue;
      out.push({ text: enRun, index, value: v });
    }
  }
  return out;
}

function blockedRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (const w of NOT_NUMBERS) {
    for (let i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + 1)) ranges.push([i, i + w.length]);
  }
  return ranges;
}

const EN_SMALL: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const EN_SCALE: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9 };

/** thirty-five → 35, one hundred and twenty → 120, two thousand → 2000. */
export function englishToNumber(s: string): number | null {
  const words = s
    .toLowerCase()
    .split(/[\s-]+/)
    .filter((w) => w && w !== 'and');
  let total = 0;
  let current = 0;
  let any = false;
  for (const w of words) {
    if (w in EN_SMALL) current += EN_SMALL[w];
    else if (w === 'hundred') current = (current || 1) * 100;
    else if (w in EN_SCALE) {
      total += (current || 1) * EN_SCALE[w];
      current = 0;
    } else return null;
    any = true;
  }
  return any ? total + current : null;
}

/** A set of numbers compared by value (12.50 = 12.5), tolerant of float noise. */
export class NumberSet {
  private readonly keys = new Set<string>();
  add(v: number): void {
    if (Number.isFinite(v)) this.keys.add(key(v));
  }
  has(v: number): boolean {
    return this.keys.has(key(v));
  }
}

function key(v: number): string {
  return Number(v.toPrecision(12)).toString();
}
