// Finding the six parts of a report by their headings. Numbering and wording
// vary ("一、总体情况", "## 一、总体工作情况", "总体情况。", "五、政府信息公开工作存在的
// 主要问题及改进情况"), and prose inside part 1 often uses 一、二、三、 for its own
// points, so a heading is recognised by its words, not its number.
import { squash } from './cells.js';
import { detached } from './detached.js';
import { memoize } from './memo.js';
import type { Line } from './lines.js';
import type { ReportPart } from './types.js';

type PartNo = ReportPart['part'];

const NUMBERING = /^(?:第?[一二三四五六七八九十]+[、.．:：,，\s]?|[1-6][、.．:：\s]|[(（][一二三四五六][)）])?/;

// Each part's words; the regexes are built once here (a literal inside a test would be a
// new RegExp object on every heading-like line).
const anyOf =
  (...res: RegExp[]) =>
  (b: string): boolean => {
    for (const re of res) if (re.test(b)) return true;
    return false;
  };
const PART4 = /行政复议[、和及与]?行政诉讼/;

const PART_WORDS: { part: PartNo; test: (body: string) => boolean }[] = [
  { part: 1, test: anyOf(/^(?:政务公开|政府信息公开)?(?:工作)?总体(?:工作)?情况/, /^总体情况/) },
  { part: 2, test: anyOf(/^主动公开政府信息(?:的)?情况/, /^主动公开政府信息情况/) },
  { part: 3, test: anyOf(/收到和处理政府信息公开申请(?:的)?情况/) },
  { part: 4, test: (b) => PART4.test(b) && b.length <= 30 },
  { part: 5, test: anyOf(/存在的?主要问题/) },
  { part: 6, test: anyOf(/^其他需要报告的事项/) },
];

// A sub-heading's numbering: （一） … （六）, markdown marks dropped.
const SUB_NUMBERING = /^[#\s]*[(（][一二三四五六][)）]/;

/** The part a line heads, or null. */
const HEADING_WORDS = /情况|问题|事项|诉讼/;

const END_STOP = /[。.:：]$/;
const REVIEW_PREFIX = /^政府信息公开(?=行政复议)/;

export function headingPart(text: string): PartNo | null {
  if (text.length > 80 || !HEADING_WORDS.test(text)) return null;
  return headingPartOf(text);
}

// A line that has a heading's words is read with a squash and up to eight regexes; reports
// repeat their template's headings word for word, so a line read is remembered by its text.
const headingPartOf = memoize((text): PartNo | null => {
  const s = squash(text).replace(END_STOP, '');
  if (s.length === 0 || s.length > 36) return null;
  const body = s.replace(NUMBERING, '').replace(REVIEW_PREFIX, '');
  for (const p of PART_WORDS) {
    if (p.test(body)) {
      // "四、结转下年度继续办理" and similar table rows never carry these words,
      // but "主动公开情况" (a sub-head of part 1) must not be taken for part 2.
      return p.part;
    }
  }
  return null;
});

/**
 * Parts in order. A heading for a part earlier than one already found is
 * ignored (prose can repeat words); the first heading of each part wins.
 */
export function findParts(lines: Line[]): ReportPart[] {
  const candidates: { part: PartNo; line: Line; sub: boolean }[] = [];
  for (const line of lines) {
    const part = headingPart(line.text);
    if (part !== null) candidates.push({ part, line, sub: SUB_NUMBERING.test(squash(line.text)) });
  }
  // "（二）主动公开政府信息情况" can be a sub-head of part 1: where the same part also has a
  // heading numbered the top-level way ("二、…") later on, that one is the part.
  const topLevel = new Set(candidates.filter((c) => !c.sub).map((c) => `${c.part}@${c.line.no}`));
  const hasLaterTop = (c: (typeof candidates)[number]) =>
    [...topLevel].some((k) => k.startsWith(`${c.part}@`) && Number(k.split('@')[1]) > c.line.no);
  const found: ReportPart[] = [];
  let last = 0;
  for (const c of candidates) {
    if (c.part <= last || (c.sub && hasLaterTop(c))) continue;
    // The heading is kept with the report: a copy, not a slice that keeps the whole text.
    found.push({ part: c.part, heading: detached(c.line.text.trim()), line: c.line.no, endLine: c.line.no });
    last = c.part;
  }
  const lastLine = lines.length ? lines[lines.length - 1].no : 0;
  for (let i = 0; i < found.length; i++) {
    found[i].endLine = i + 1 < found.length ? found[i + 1].line - 1 : lastLine;
  }
  return found;
}
