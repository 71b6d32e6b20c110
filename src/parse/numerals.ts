// Chinese numerals read as numbers: 三十五 → 35, 一百零五 → 105, 一百二 → 120, 二〇二〇 → 2020,
// 壹佰 → 100. One reader for the whole project: the prose facts of a report (parse), the
// questions (ask) and the numbers a model's answer must be held to (llm). Pure.

export const CN_DIGIT: Record<string, number> = {
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
export const CN_UNIT: Record<string, number> = {
  十: 10,
  拾: 10,
  百: 100,
  佰: 100,
  千: 1000,
  仟: 1000,
  万: 1e4,
  亿: 1e8,
};
export const CN_CHARS = Object.keys(CN_DIGIT).join('') + Object.keys(CN_UNIT).join('');

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
