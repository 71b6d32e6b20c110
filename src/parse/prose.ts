// Numbers the prose states: active.items ("主动公开政府信息共523条", "180余条"),
// and what it says about applications received, for the prose_mismatch check.
import { fold } from './cells.js';
import type { Line } from './lines.js';

/** The original (unfolded) text of a 1-based line, for quoting what the report wrote. */
export type RawLine = (no: number) => string | undefined;

export interface ProseNumber {
  value: number;
  approximate: boolean;
  line: number;
  cell: string;
}

/**
 * Run `re` on the line with white space removed and full-width forms folded,
 * and give back the match as the line writes it (for provenance).
 */
function matchLoose(line: string, re: RegExp): { m: RegExpExecArray; original: string } | null {
  let squashed = '';
  const origin: number[] = [];
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (/\s/.test(ch)) continue;
    const f = fold(ch);
    for (const c of f) {
      squashed += c;
      origin.push(i);
    }
  }
  const m = re.exec(squashed);
  if (!m) return null;
  const from = origin[m.index];
  const to = origin[m.index + m[0].length - 1] + 1;
  return { m, original: line.slice(from, to) };
}

const ITEMS_RE = /主动公开(?:了)?(?:各类)?(?:政府|政务)?信息(?:共|总计|合计|累计)?(\d+)(余)?条/;

/** The total number of items the body says it published proactively. */
export function findActiveItems(lines: Line[], raw: RawLine, before?: number): ProseNumber | null {
  for (const l of lines) {
    if (before !== undefined && l.no >= before) break;
    if (!l.text.includes('主动公开')) continue;
    const hit = matchLoose(raw(l.no) ?? l.text, ITEMS_RE);
    if (hit) return { value: Number(hit.m[1]), approximate: hit.m[2] === '余', line: l.no, cell: hit.original };
  }
  return null;
}

const RECEIVED_NUMBER = [
  /(?:收到|接到|受理)(?:各类|群众|社会公众)?(?:政府信息公开|依申请公开|信息公开|公开)?(?:申请|事项)(?:共|总计)?(\d+)(?:例|件|个|份|次|起)/,
  /(?:收到|接到|受理)(?:了)?(?:各类)?(\d+)(?:例|件|个|份|次|起)(?:政府信息公开|依申请公开|信息公开|公开)?申请/,
  /(?:收到|接到|受理)(?:政府信息公开|依申请公开|信息公开)?申请(?:共)?(\d+)(?:例|件|个|份|次|起)/,
];
const RECEIVED_NONE = /(?:没有|未|无)(?:收到|接到|受理)(?:[^。；;]{0,12})(?:依申请公开|信息公开申请|公开申请|相关申请|申请)/;

/** What the prose says about applications received this year, if anything. */
export function findProseReceived(lines: Line[], raw: RawLine, before?: number): ProseNumber | null {
  for (const l of lines) {
    if (before !== undefined && l.no >= before) break;
    if (!l.text.includes('申请') || !/收到|接到|受理/.test(l.text)) continue;
    for (const sentence of (raw(l.no) ?? l.text).split(/[。；;]/)) {
      // Comparisons ("与往年相比增加了3例") do not match: only 收到/接到/受理 … N 件 申请.
      for (const re of RECEIVED_NUMBER) {
        const hit = matchLoose(sentence, re);
        if (hit) return { value: Number(hit.m[1]), approximate: false, line: l.no, cell: hit.original };
      }
      const z = matchLoose(sentence, RECEIVED_NONE);
      if (z && !/行政复议|行政诉讼/.test(z.original)) return { value: 0, approximate: false, line: l.no, cell: z.original };
    }
  }
  return null;
}

export interface ProseCases {
  review: ProseNumber | null;
  litigation: ProseNumber | null;
}

// "政府信息公开行政复议351件", "行政诉讼46件": a count written right after the word.
const REVIEW_NUMBER = /(?:发生|收到|办理|涉及)?(?:政府信息公开)?(?:类)?行政复议(?:案件)?(?:共|总计)?(\d+)(?:件|起|宗|个)/;
const LITIGATION_NUMBER = /(?:发生|收到|办理|涉及)?(?:政府信息公开)?(?:类)?行政诉讼(?:案件)?(?:共|总计)?(\d+)(?:件|起|宗|个)/;

/** Review and litigation counts the prose states (before part 4's table), for the prose_mismatch check. */
export function findProseCases(lines: Line[], raw: RawLine, before?: number): ProseCases {
  const out: ProseCases = { review: null, litigation: null };
  for (const l of lines) {
    if (before !== undefined && l.no >= before) break;
    // Cheap tests first: most lines never mention a count of cases.
    if (!/行政(?:复议|诉讼)(?:案件)?(?:共|总计)?\s*\d/.test(l.text)) continue;
    const line = raw(l.no) ?? l.text;
    if (!out.review) {
      const hit = matchLoose(line, REVIEW_NUMBER);
      if (hit) out.review = { value: Number(hit.m[1]), approximate: false, line: l.no, cell: hit.original };
    }
    if (!out.litigation) {
      const hit = matchLoose(line, LITIGATION_NUMBER);
      if (hit) out.litigation = { value: Number(hit.m[1]), approximate: false, line: l.no, cell: hit.original };
    }
  }
  return out;
}
