// The judge of the question set: reads the numbers an answer states and decides
// whether the answer is right, refused, asked back, a wrong number, or missed.
// Pure: answer text in, verdict out. A wrong number is any number the answer
// states as a quantity where it should have stated the expected one (or none).
// Years, dates, line and page numbers of citations, list indices, counts of
// reports or offices, and the question's own numbers are not quantities.
import type { Expect } from './load.js';

export type Outcome = 'right' | 'refused' | 'asked_back' | 'wrong_number' | 'missed';

export const OUTCOMES: readonly Outcome[] = ['right', 'refused', 'asked_back', 'wrong_number', 'missed'];

/** What a number in an answer is. Only `quantity` numbers can be wrong numbers. */
export type NumberRole = 'quantity' | 'meta' | 'year' | 'citation';

export interface StatedNumber {
  value: number;
  /** The digits as written (after full-width digits are made ASCII). */
  text: string;
  index: number;
  role: NumberRole;
}

export interface Verdict {
  outcome: Outcome;
  /** One line for a developer: what was expected and what the answer did. */
  why: string;
}

/** Full-width digits, point, comma and percent as ASCII, so one pattern reads both. */
export function asciiDigits(s: string): string {
  return s
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/．/g, '.')
    .replace(/％/g, '%');
}

const NUMBER = /(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?/g;
/** Words after a number that make it a quantity (so 2024 件 is not a year). */
const UNIT_AFTER =
  /^\s*(?:余|多|来)?\s*(?:件|条|篇|人次|人|次|个|项|例|万|元|%|单|期|场|份|名|家|起|宗|篇|applications?|requests?|items?|cases?|decisions?|posts?|articles?|followers?|times?|percent)/i;
/** A year: 4 digits that read as one (followed by 年 or nothing quantity-like). */
const YEAR_RANGE = [1949, 2099] as const;
/** Citation furniture before a number: 第12行, line 12, L12, p. 3, part 3, 第3部分, 表3. */
const CITATION_BEFORE =
  /(?:第|line|lines|page|pages|part|parts|p\.|l\.|ll\.|表|row|rows|#|§|\.(?:txt|pdf|docx?|html?|md):)\s*$/i;
const CITATION_AFTER = /^\s*(?:行|页|部分|部|节|栏)/;
/** Counts of reports, offices, findings, parts: answers say them, reports do not. */
const META_AFTER =
  /^\s*(?:份(?:年报|报告)?|个单位|家单位|个地区|个问题|项问题|处问题|个年度|年度的报告|reports?\b|offices?\b|findings?\b|issues?\b|problems?\b|years?\b)/i;

/** Every Arabic number in the text, with the role it plays there. */
export function statedNumbers(answer: string): StatedNumber[] {
  const text = asciiDigits(answer);
  const out: StatedNumber[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const raw = m[0];
    const index = m.index;
    const before = text.slice(Math.max(0, index - 12), index);
    const after = text.slice(index + raw.length, index + raw.length + 16);
    const prevChar = text[index - 1] ?? '';
    const nextChar = text[index + raw.length] ?? '';
    const value = Number(raw.replace(/,/g, ''));
    out.push({ value, text: raw, index, role: roleOf(raw, value, before, after, prevChar, nextChar, text, index) });
  }
  return out;
}

function roleOf(
  raw: string,
  value: number,
  before: string,
  after: string,
  prevChar: string,
  nextChar: string,
  text: string,
  index: number,
): NumberRole {
  // Part of an identifier, a file name or a hash (L12 and p3 are citations; v2, 48696eb35, ask_3 are not numbers of a report).
  if (/[A-Za-z_]/.test(prevChar)) return /(?:^|[^A-Za-z])[LlPp]$/.test(before) ? 'citation' : 'meta';
  if (/[A-Za-z_]/.test(nextChar)) return 'meta';
  // Dates: 1月26日, 12月31日, 2021-01-26.
  if (/^\s*月/.test(after) || (/^\s*日/.test(after) && /月\s*$/.test(before))) return 'year';
  if (/[-/.]\s*$/.test(before) && /\d{4}[-/.]\s*(?:\d{1,2}[-/.]\s*)?$/.test(text.slice(Math.max(0, index - 10), index)))
    return 'year';
  const isInt = !raw.includes('.') && !raw.includes(',');
  if (isInt && raw.length === 4 && value >= YEAR_RANGE[0] && value <= YEAR_RANGE[1] && !UNIT_AFTER.test(after))
    return 'year';
  if (CITATION_BEFORE.test(before) && !/[件条篇人次个项例元]\s*$/.test(before)) return 'citation';
  if (CITATION_AFTER.test(after)) return 'citation';
  // Phone numbers, post codes, house and document numbers, mail hosts quoted from a
  // report (0517-87222589, 邮编：223001, 翔宇南道1号, 〔2019〕60号, hazwgkc@163.com).
  if (/^0\d/.test(raw) || /^-\d/.test(after) || /\d-\s*$/.test(before)) return 'meta';
  if (
    /(?:邮编|邮政编码|电话|传真|postcode)[:：]?\s*$/i.test(before) ||
    /^\s*号/.test(after) ||
    prevChar === '@' ||
    /^\.[A-Za-z]/.test(after)
  )
    return 'meta';
  // A caveat line (⚠ …) quotes the figures a failed check names, as the check's evidence.
  const lineStart0 = text.lastIndexOf('\n', index - 1) + 1;
  if (/^\s*⚠/.test(text.slice(lineStart0, index))) return 'meta';
  // Durations (近 3 年) are not report figures.
  if (/^\s*年(?!度)/.test(after)) return 'year';
  if (META_AFTER.test(after)) return 'meta';
  // List indices at the start of a line: "1." "2、" "(3)" "①".
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  const lead = text.slice(lineStart, index);
  if (/^[\s·•\-*（(]*$/.test(lead) && /^[.、)）]/.test(nextChar + after)) return 'meta';
  // …and at the start of a quoted sentence: “1.主动公开的政府信息数量。”
  if (/[“"「『]\s*$/.test(before) && /^[.、)）]/.test(nextChar + after)) return 'meta';
  return 'quantity';
}

/** The numbers a question states itself (its years, "收到9件吗"): an answer may repeat them. */
export function questionNumbers(question: string): number[] {
  const arabic = [...asciiDigits(question).matchAll(NUMBER)].map((m) => Number(m[0].replace(/,/g, '')));
  // 近三年, 前五名, 两个单位: an answer may restate them in digits.
  // Only numerals that count something (一共, 一下 are words, not numbers).
  const chinese = [
    ...question.matchAll(
      /(?<=[近前后第])[一二两三四五六七八九十]+|[一二两三四五六七八九十]+(?=\s*(?:年|个|件|名|项|条|次|家|篇|期|位|份|季度|月))/g,
    ),
  ]
    .map((m) => chineseNumeral(m[0]))
    .filter((n): n is number => n !== null);
  return [...arabic, ...chinese];
}

const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 三 → 3, 十二 → 12, 二十 → 20; null beyond 99. */
export function chineseNumeral(s: string): number | null {
  if (/^[一二两三四五六七八九]$/.test(s)) return CHINESE_DIGITS[s];
  const m = /^([一二两三四五六七八九])?十([一二三四五六七八九])?$/.exec(s);
  if (!m) return null;
  return (m[1] ? CHINESE_DIGITS[m[1]] : 1) * 10 + (m[2] ? CHINESE_DIGITS[m[2]] : 0);
}

const REFUSAL =
  /没有找到|未找到|找不到|查不到|没有收录|未收录|尚未收录|还没有导入|尚未导入|(?:没有|不包含|未包含)[^。\n]{0,24}(?:年报|报告|数据|记录|单位)|不在.{0,8}(?:收录|库)|暂无.{0,6}(?:数据|年报|报告|记录)|(?:一栏|此项|该项|单元格)[^。\n]{0,6}(?:空白|未填)|未填写|没有填写|未填报|留空|没有这一项|无法回答|无法确定|不知道|not found|couldn'?t find|could not find|can'?t find|cannot find|no (?:such|report|data|record|office)|(?:don'?t|do not|does not|doesn'?t) (?:have|hold|know)|not (?:in|among) (?:the |my )?(?:store|reports|records)|unknown office|left blank|was blank|not filled|no .{0,20}report/i;

const ASK_BACK =
  /哪一个|哪个单位|哪一家|哪一份|哪个年度|请问您?(?:指|问)的是|您是指|您指的是|指的是哪|您问的是哪|请说得具体|请说明是|请具体说明|which one|which office|which of|did you mean|do you mean|please (?:say|specify)/i;

/** A refusal says so first: only the opening of the answer is read (findings further down say 找不到 too). */
export function soundsLikeRefusal(text: string): boolean {
  // A follow-up's note of what it carried over, or of a name it corrected, opens the answer: skip it.
  const body = text.trim().replace(/^(?:[（(](?:沿用|carried over|按「|read as)[^\n]*\n)+/i, '');
  return REFUSAL.test(body.slice(0, 120));
}

/** Asking back is said first too (examples further down may say "which offices…"). */
export function soundsLikeAskBack(text: string, kind?: string): boolean {
  return kind === 'clarify' || ASK_BACK.test(text.trim().slice(0, 160));
}

const close = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol + 1e-9;

/** Where the answer first says `wanted` ("a|b": either), case-insensitive; -1 when it never does. */
export function positionOf(text: string, wanted: string): number {
  const lower = text.toLowerCase();
  const at = wanted
    .split('|')
    .map((w) => lower.indexOf(w.trim().toLowerCase()))
    .filter((p) => p !== -1);
  return at.length ? Math.min(...at) : -1;
}

/** The answer without the question's own words that it echoes in quotes (没有「淮安市人民政府办公厅」这个单位). */
export function withoutEcho(text: string, question: string): string {
  return text.replace(/[「“"]([^」”"]{1,40})[」”"]/g, (m, inner: string) => (question.includes(inner) ? '「」' : m));
}

/** Does the answer name the office? `office` may list alternatives: "只楚|Zhichu". */
function namesOffice(text: string, office: string): boolean {
  return positionOf(text, office) !== -1;
}

/** The first sentence: where a yes or a no is said. */
function firstSentence(text: string): string {
  const t = text.trim();
  const end = t.search(/[。！!？?\n]|\.\s/);
  return end === -1 ? t : t.slice(0, end + 1);
}

const SAYS_NO = /不是|并非|不对|不正确|不到|没有|未收到|未有|\bno\b|\bnot\b|n't\b|\bnone\b/i;
const SAYS_YES_LEAD = /^[\s"“「]*(?:是的?|对的?|对[，,]|没错|正确|确实|yes\b|correct\b|right\b|that'?s right)/i;
const SAYS_YES = /是的|没错|对的|正确|\byes\b|\bcorrect\b/i;

function polarity(text: string): 'yes' | 'no' | null {
  const first = firstSentence(text);
  if (SAYS_YES_LEAD.test(first)) return 'yes';
  if (SAYS_NO.test(first)) return 'no';
  if (SAYS_YES.test(first)) return 'yes';
  return null;
}

/** Years the answer mentions (as years, not quantities). */
function yearsIn(nums: StatedNumber[]): number[] {
  return nums.filter((n) => n.role === 'year' && n.text.length === 4).map((n) => n.value);
}

export interface JudgeInput {
  q: string;
  expect: Expect;
}

/** The verdict on one answer. `kind` is the engine's answer kind, when known (clarify = asked back). */
export function judge(question: JudgeInput, answer: { text: string; kind?: string }): Verdict {
  const text = answer.text ?? '';
  const nums = statedNumbers(text);
  const asked = new Set(questionNumbers(question.q));
  const quantities = nums.filter((n) => n.role === 'quantity');
  const e = question.expect;
  // The true components of a derived value (15 and 11 of a sum 26) are not wrong numbers.
  const parts = e.kind === 'number' ? (e.parts ?? []) : [];
  const foreign = quantities.filter((n) => !asked.has(n.value) && !parts.some((p) => close(n.value, p, 0)));
  const shown = (list: StatedNumber[]) => list.map((n) => n.text).join('、');
  const notRight = (what: string): Verdict => {
    if (foreign.length) return { outcome: 'wrong_number', why: `${what}; states ${shown(foreign)}` };
    if (parts.length && quantities.some((n) => parts.some((p) => close(n.value, p, 0))))
      return { outcome: 'missed', why: `${what}; gives only its parts` };
    if (soundsLikeAskBack(text, answer.kind)) return { outcome: 'asked_back', why: `${what}; asked back` };
    if (soundsLikeRefusal(text) || answer.kind === 'unknown') return { outcome: 'refused', why: `${what}; refused` };
    return { outcome: 'missed', why: `${what}; no number stated` };
  };

  switch (e.kind) {
    case 'number':
    case 'yes_no': {
      const tol = e.kind === 'number' ? (e.tolerance ?? 0) : 0;
      const hit = nums.some((n) => (n.role === 'quantity' || n.role === 'meta') && close(n.value, e.value, tol));
      if (!hit) {
        // "是的，9件" to "收到9件吗" agrees with a false number without stating any other.
        if (e.kind === 'yes_no' && polarity(text) === (e.answer === 'yes' ? 'no' : 'yes'))
          return {
            outcome: 'wrong_number',
            why: `says ${polarity(text)} where the answer is ${e.answer} (${e.value})`,
          };
        return notRight(`expected ${e.value}`);
      }
      if (e.year !== undefined) {
        const years = yearsIn(nums);
        if (years.length && !years.includes(e.year))
          return {
            outcome: 'wrong_number',
            why: `${e.value} stated for ${years.join('、')}, expected the year ${e.year}`,
          };
      }
      if (e.office && !namesOffice(withoutEcho(text, question.q), e.office))
        return { outcome: 'missed', why: `${e.value} stated but ${e.office} is not named` };
      // An answer leads with its figure: a sum over all offices that lists the office's own
      // figure further down (合计 463件，其中 454件) leads with a wrong one. A quoted passage
      // may put other figures of the sentence first.
      const lead = quantities.find((n) => close(n.value, e.value, tol) || foreign.includes(n));
      const asQuantity = quantities.some((n) => close(n.value, e.value, tol));
      if (answer.kind !== 'passage' && asQuantity && lead && !close(lead.value, e.value, tol)) {
        return { outcome: 'wrong_number', why: `leads with ${lead.text}, expected ${e.value}` };
      }
      if (e.kind === 'number') {
        const bad = (e.not_contains ?? []).find((s) => text.includes(s));
        if (bad) return { outcome: 'missed', why: `${e.value} stated, but the answer says “${bad}”` };
        return { outcome: 'right', why: `states ${e.value}` };
      }
      const said = polarity(text);
      if (said === e.answer) return { outcome: 'right', why: `says ${said}, ${e.value}` };
      if (said === null) return { outcome: 'missed', why: `states ${e.value} but says neither yes nor no` };
      return { outcome: 'wrong_number', why: `says ${said} where the answer is ${e.answer} (${e.value})` };
    }
    case 'refuse': {
      if (foreign.length) {
        // "没有 2022 年度的报告，以下是 2024 年度：…" says what it lacks before giving another year.
        const y = e.year;
        if (
          y !== undefined &&
          new RegExp(
            `(?:没有|无|未收录|不含)[^。\\n]{0,24}${y}|${y}[^。\\n]{0,16}(?:没有|无|未收录)|no ${y}|not? [^.\\n]{0,24}${y}`,
            'i',
          ).test(text)
        ) {
          return { outcome: 'right', why: `says it has no ${y} report, then gives another year` };
        }
        return { outcome: 'wrong_number', why: `expected a refusal; states ${shown(foreign)}` };
      }
      if (soundsLikeRefusal(text)) {
        const missing = (e.suggest ?? []).filter((s) => !namesOffice(withoutEcho(text, question.q), s));
        if (missing.length) return { outcome: 'refused', why: `refused without offering ${missing.join('、')}` };
        return { outcome: 'right', why: 'refused' };
      }
      if (soundsLikeAskBack(text, answer.kind)) {
        // "您是指城关镇还是城郊街道？" offers the nearest names as a question: as good as a refusal that lists them.
        const offered = e.suggest?.every((s) => namesOffice(withoutEcho(text, question.q), s));
        if (offered) return { outcome: 'right', why: 'asked back offering the nearest names' };
        return { outcome: 'asked_back', why: 'asked back where the store holds nothing' };
      }
      if (answer.kind === 'unknown')
        return { outcome: 'missed', why: 'did not understand, and did not say the store lacks it' };
      return { outcome: 'missed', why: 'neither a refusal nor a number' };
    }
    case 'ask_back': {
      if (soundsLikeAskBack(text, answer.kind)) {
        const missing = (e.options ?? []).filter((s) => !namesOffice(text, s));
        if (missing.length) return { outcome: 'asked_back', why: `asked back without offering ${missing.join('、')}` };
        return { outcome: 'right', why: 'asked back' };
      }
      if (foreign.length)
        return { outcome: 'wrong_number', why: `expected to ask which one; states ${shown(foreign)}` };
      if (soundsLikeRefusal(text) || answer.kind === 'unknown')
        return { outcome: 'refused', why: 'refused where it should ask which one' };
      return { outcome: 'missed', why: 'did not ask which one' };
    }
    case 'text': {
      const missing = e.contains.filter((s) => positionOf(text, s) === -1);
      const bad = (e.not_contains ?? []).filter((s) => positionOf(text, s) !== -1);
      let order = true;
      if (e.ordered && !missing.length) {
        const at = e.contains.map((s) => positionOf(text, s));
        order = at.every((p, i) => i === 0 || p > at[i - 1]);
      }
      if (!missing.length && !bad.length && order) return { outcome: 'right', why: 'contains what it must' };
      const what = missing.length
        ? `lacks ${missing.join('、')}`
        : bad.length
          ? `says ${bad.join('、')}`
          : `not in the order ${e.contains.join(' > ')}`;
      if (soundsLikeAskBack(text, answer.kind)) return { outcome: 'asked_back', why: `${what}; asked back` };
      if (soundsLikeRefusal(text) || answer.kind === 'unknown') return { outcome: 'refused', why: `${what}; refused` };
      return { outcome: 'missed', why: what };
    }
  }
}
