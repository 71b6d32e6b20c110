// Every number a text states: Arabic digits (1,234 · 12.5 · 35% · 3万), Chinese
// numerals (三十五, 一百二十, 二〇二〇年, 百分之十), English number words. Used to hold
// a model's answer to the numbers its passages contain.
//
// Chinese numeral characters also occur inside ordinary words (一般, 统一, 百姓,
// 十分重视), so a Chinese run counts only when it reads as a quantity: after 第 or
// 百分之, before a measure word (件, 人, 年 …), or as a multi-character numeral.

export interface NumberMention {
  /** The text as written, e.g. `12.5万`, `三十五`. */
  text: string;
  index: number;
  /** Its value as written: `12.5万` → 125000, `35%` → 35, `三十五` → 35. */
  value: number;
  /** For a number with 万/亿/千 (`12.5万`): the number before it (12.5), as a 万元 column stores it. */
  base?: number;
}

const CN_DIGIT: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  壹: 1,
  二: 2,
  贰: 2,
  两: 2,
  三: 3,
  叁: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};
const CN_UNIT: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000, 万: 1e4, 亿: 1e8 };
const CN_CHARS = Object.keys(CN_DIGIT).join('') + Object.keys(CN_UNIT).join('');

/**
 * A Chinese numeral's value: 三十五 → 35, 一百零五 → 105, 一百二 → 120, 十二万三千 →
 * 123000, 二〇二〇 → 2020 (digit by digit). Null when it is not a well-formed numeral
 * (十四五, 三五, 万一, 百万 without a digit).
 */
export function chineseToNumber(s: string): number | null {
  const chars = [...s];
  if (!chars.length || !chars.every((c) => c in CN_DIGIT || c in CN_UNIT)) return null;
  if (!chars.some((c) => c in CN_UNIT)) {
    if (chars.length === 1) return CN_DIGIT[chars[0]];
    // 二〇二〇 style. Two digits side by side are a range (三五 = three or five);
    // 两 is never written digit by digit.
    if (chars.length < 3 || chars.includes('两')) return null;
    return Number(chars.map((c) => CN_DIGIT[c]).join(''));
  }
  // 百万 and 万 alone are words, not amounts; 十 and 十万 are numbers.
  if (!chars.some((c) => c in CN_DIGIT) && chars[0] !== '十' && chars[0] !== '拾') return null;
  let total = 0;
  let section = 0;
  let digit = -1;
  let lastSmall = 0;
  let prevUnit = 0;
  let afterZero = false;
  for (const c of chars) {
    if (c in CN_DIGIT) {
      const d = CN_DIGIT[c];
      if (d === 0) {
        if (digit !== -1) return null;
        afterZero = true;
        continue;
      }
      if (digit !== -1) return null; // two digits in a row: 十四五, 三五
      digit = d;
      continue;
    }
    const u = CN_UNIT[c];
    if (u < 1e4) {
      if (lastSmall && u >= lastSmall) return null; // 十十, 百千
      section += (digit === -1 ? 1 : digit) * u;
      lastSmall = u;
    } else {
      if (digit !== -1) section += digit;
      if (section === 0) return null; // 万一, 亿 alone
      if (u === 1e8) total = (total + section) * u;
      else total += section * u;
      section = 0;
      lastSmall = 0;
    }
    digit = -1;
    prevUnit = u;
    afterZero = false;
  }
  if (digit !== -1) {
    // 一百二 = 120, 三千五 = 3500, 一万二 = 12000 (but 一百零二 = 102).
    const abbreviated = !afterZero && prevUnit >= 100 && lastDigitFollowsUnit(chars);
    section += abbreviated ? digit * (prevUnit / 10) : digit;
  }
  return total + section;
}

function lastDigitFollowsUnit(chars: string[]): boolean {
  const before = chars[chars.length - 2];
  return before !== undefined && before in CN_UNIT;
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
