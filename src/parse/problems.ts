// The report's own 存在的主要问题 (part 五): every problem it lists, and every
// improvement it promises, each with the line it starts on. Pure: lines and parts
// in, items out. Reports write the list in many ways — "一是…二是…", "一、…" per
// paragraph, "(一)存在问题：…(二)改进措施：…", "存在问题：…/整改情况：…" per topic,
// "主要是：A，B，C等" — and one part may hold both lists; this reads all of them.
import { isPageMarker } from './cells.js';
import type { Line } from './lines.js';
import type { ReportPart } from './types.js';

export interface ReportItem {
  /** The item as the report writes it, without its numbering. */
  text: string;
  /** 1-based line where the item starts. */
  line: number;
  /** The sub-heading it stands under ("信息公开形式方面"), when the report groups items so. */
  topic?: string;
}

export interface ReportProblems {
  /** The part-五 heading as written; null when the report has no part 五. */
  heading: string | null;
  problems: ReportItem[];
  improvements: ReportItem[];
}

interface Paragraph {
  text: string;
  line: number;
}

// A line opens a paragraph when the one before ended a sentence.
const ENDS_SENTENCE = /[。;；!！?？:：]\s*$/;
const LINE_ENUM = /^\s*(?:[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+[、.．](?!\d))\s*/;
const INLINE_ENUM = /[一二三四五六七八九十]是/g;
const PROBLEM_LABEL = /^(?:存在的?(?:主要)?(?:问题|不足)|主要问题|问题(?:和|与)?不足|不足之处)(?:及原因)?[。.:：]?/;
const IMPROVE_LABEL =
  /^(?:改进(?:措施|情况|方向|举措)?|整改(?:情况|措施)?|下一?步(?:工作|打算|计划|措施)?(?:打算|计划|安排)?|今后(?:工作)?(?:打算|措施)?|工作(?:打算|计划))[。.:：]?/;
// A sentence that turns from the problems to what will be done about them.
const TURN =
  /^(?:针对(?:存在的?|上述|以上|这些)?(?:问题|不足)|下一?步|下步|今后|下一年度?|\d{4}\s*年[，,]?\s*我们?将|我(?:们|办|镇|街|区|市|县|局|委|乡)将|将(?:重点|切实|着力|进一步|继续))/;
const PROBLEM_WORDS =
  /不足|有待|尚需|尚未|还需|仍需|需要|不够|不强|不到位|不规范|不及时|不充分|不高|不深|单一|滞后|薄弱|欠缺|缺乏|缺少|较少|偏少|不全|差距|问题/;

/** Lines of part five joined into paragraphs (a PDF page break splits a sentence; page markers drop). */
/** Index of the first line numbered `no` or later (lines come in order). */
function firstAt(lines: readonly Line[], no: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid].no < no) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function paragraphs(lines: readonly Line[], from: number, to: number): Paragraph[] {
  const out: Paragraph[] = [];
  let open = false;
  for (let k = firstAt(lines, from); k < lines.length; k++) {
    const l = lines[k];
    if (l.no > to) break;
    const t = l.text.trim();
    if (!t || isPageMarker(t)) continue;
    if (open && !LINE_ENUM.test(t) && out.length) out[out.length - 1].text += t;
    else out.push({ text: t, line: l.no });
    // A short line is a heading ("下步打算"), not a sentence a wrap cut.
    open = !ENDS_SENTENCE.test(t) && t.length > 16;
  }
  return out;
}

const clean = (s: string) =>
  s
    .replace(/^[\s:：,，。;；、]+|[\s,，;；、]+$/g, '')
    .replace(/^[一二三四五六七八九十]是/, '')
    .trim();

/** "一是…；二是…。三是…" → the items, preamble dropped. */
function splitInline(text: string): string[] | null {
  const at: number[] = [];
  INLINE_ENUM.lastIndex = 0;
  for (let m = INLINE_ENUM.exec(text); m; m = INLINE_ENUM.exec(text)) {
    // Only at a clause start: "唯一是" is not an enumerator.
    if (m.index === 0 || /[。;；:：,，\s]/.test(text[m.index - 1])) at.push(m.index);
  }
  if (at.length < 2 || !text.slice(at[0], at[0] + 2).startsWith('一是')) return null;
  return at.map((s, i) => clean(text.slice(s + 2, at[i + 1] ?? text.length))).filter(Boolean);
}

/** "主要是：A，B，C等" / "如A、B、C等": a run of problem clauses after a colon or 如. */
function splitList(text: string): string[] | null {
  const m = /(?:主要(?:是|表现在|体现在|有)|表现为|具体是|如)[:：]?/.exec(text);
  if (!m) return null;
  const tail = text
    .slice(m.index + m[0].length)
    .replace(/等[。.]?\s*$/, '')
    .replace(/[。.]\s*$/, '');
  const parts = tail
    .split(/[,，;；、]/)
    .map(clean)
    .filter((p) => p.length >= 4);
  const problems = parts.filter((p) => PROBLEM_WORDS.test(p));
  return problems.length >= 2 && problems.length === parts.length ? problems : null;
}

/** The items of one run of text: enumerated, listed, or whole. */
function itemsOf(text: string, line: number, topic: string | undefined, wholeIfPlain: boolean): ReportItem[] {
  const mk = (t: string): ReportItem => ({ text: t, line, ...(topic ? { topic } : {}) });
  const inline = splitInline(text);
  if (inline) return inline.map(mk);
  const list = splitList(text);
  if (list) return list.map(mk);
  const t = clean(text);
  return t && (wholeIfPlain || PROBLEM_WORDS.test(t)) ? [mk(t)] : [];
}

/** Reads one part's paragraphs into problems and improvements, starting in `mode`. */
function readParagraphs(paras: Paragraph[], out: ReportProblems, start: 'problem' | 'improve'): void {
  let mode = start;
  let topic: string | undefined;
  for (const para of paras) {
    const enumerated = LINE_ENUM.exec(para.text);
    let body = enumerated ? para.text.slice(enumerated[0].length) : para.text;
    let labelled = false;
    const p = PROBLEM_LABEL.exec(body);
    const i = p ? null : IMPROVE_LABEL.exec(body);
    if (p || i) {
      mode = p ? 'problem' : 'improve';
      body = body.slice((p ?? i)![0].length);
      labelled = true;
    } else if (enumerated && body.length <= 24 && /方面|工作|建设|情况/.test(body) && !PROBLEM_WORDS.test(body)) {
      // "(一) 信息公开形式方面。": a topic over the 存在问题/整改情况 pairs that follow.
      topic = body.replace(/[。.:：]$/, '');
      continue;
    }
    if (!body.trim()) continue;
    // A paragraph may turn from problems to measures mid-way ("…等。针对存在问题，下一步，…").
    const sentences = body.split(/(?<=[。;；])/);
    let problemText = '';
    let improveText = '';
    for (const s of sentences) {
      if (mode === 'problem' && TURN.test(s.trim())) mode = 'improve';
      if (mode === 'problem') problemText += s;
      else improveText += s;
    }
    // A paragraph numbered on its own ("一、政务新媒体运用不充分。…") is one item, whatever it holds.
    const whole = Boolean(enumerated) && !labelled;
    if (problemText.trim()) {
      const items = whole
        ? [{ text: clean(problemText), line: para.line, ...(topic ? { topic } : {}) }]
        : itemsOf(problemText, para.line, topic, labelled);
      out.problems.push(...items);
    }
    if (improveText.trim()) {
      const items = whole
        ? [{ text: clean(improveText), line: para.line, ...(topic ? { topic } : {}) }]
        : itemsOf(improveText, para.line, topic, true);
      out.improvements.push(...items);
    }
  }
}

/**
 * Part 五's problems and improvements. Some reports put their measures at the head of
 * part 六 instead ("六、其他需要报告的事项 / 下步打算 / 一是…"): those are read too.
 */
export function findReportProblems(lines: readonly Line[], parts: readonly ReportPart[]): ReportProblems {
  const part = parts.find((p) => p.part === 5);
  if (!part) return { heading: null, problems: [], improvements: [] };
  const out: ReportProblems = { heading: part.heading, problems: [], improvements: [] };
  readParagraphs(paragraphs(lines, part.line + 1, part.endLine), out, 'problem');
  const six = parts.find((p) => p.part === 6);
  let last = part.endLine;
  if (six && out.improvements.length === 0) {
    const paras = paragraphs(lines, six.line + 1, six.endLine);
    const label = paras[0] && IMPROVE_LABEL.exec(paras[0].text.replace(LINE_ENUM, ''));
    if (label && paras[0].text.length <= 12) {
      readParagraphs(paras, out, 'improve');
      last = six.endLine;
    }
  }
  // An item's line is where its words start (a paragraph may run over several lines).
  const near = (item: ReportItem) => {
    const head = item.text.slice(0, 6);
    let hit: Line | undefined;
    for (let k = firstAt(lines, item.line); k < lines.length; k++) {
      const l = lines[k];
      if (l.no > last) break;
      if (l.text.includes(head)) {
        hit = l;
        break;
      }
    }
    return hit ? { ...item, line: hit.no } : item;
  };
  out.problems = out.problems.map(near);
  out.improvements = out.improvements.map(near);
  return out;
}
