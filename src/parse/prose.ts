// Numbers the prose states: active.items ("主动公开政府信息共523条", "180余条"),
// and what it says about applications received, for the prose_mismatch check.
import { fold } from './cells.js';
import type { Line } from './lines.js';
import { memoize } from './memo.js';

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
  const { squashed, original } = squashLine(line);
  const m = re.exec(squashed);
  return m ? { m, original: original(m.index, m.index + m[0].length) } : null;
}

// The total of items published proactively, in the ways reports write it:
// "主动公开政府信息共523条", "主动发布政府信息共计73条", "主动公开信息总数58条",
// "主动公开文件共27件", "主动公开政务文件9份", "主动公开政府信息130余" (hedged, no unit),
// and without 主动: "在门户网站公开信息41条", "累计公开政府信息95条".
// A number needs a unit, or a hedge followed by the end of the clause.
const COUNT = String.raw`(?:[:：])?(?:总数|总量|数量)?(?:为|达到?|共计?|总计|合计|累计|共有)?(约|近|超过|逾)?(\d{1,3}(?:,\d{3})+|\d+)(?:(余|多)(条|件|份|篇|则|个)?(?=[，,。；;、）)]|$)|(余|多)?(条|件|份|篇|则|个))`;
const STRONG_ITEMS = new RegExp(
  String.raw`主动(?:公开|发布)(?:了)?(?:各类|各项)?(?:(?:政府|政务)?信息|(?:政府|政务)?文件)` + COUNT,
  'g',
);
// Number before the noun: "主动公开各类政府信息" is the noun; "主动公开58条政府信息".
const STRONG_ITEMS_BEFORE =
  /主动(?:公开|发布)(?:了)?(?:各类)?(约|近|超过|逾)?(\d{1,3}(?:,\d{3})+|\d+)(余|多)?(条|件|份|篇)(?:各类)?(?:政府|政务)?(?:信息|文件)/g;
// Without 主动 only 信息 counts, and never applications (依申请公开, 不予公开, 部分公开).
const WEAK_ITEMS = new RegExp(
  String.raw`(?<!申请|不予|予以|部分|拒绝|未|拟|无法)(?:公开|发布)(?:了)?(?:各类|各项)?(?:政府|政务)?信息` + COUNT,
  'g',
);
// Channels are sub-counts, never the total (微博 posts, 公众号推送 …).
const CHANNEL = /微博|微信|公众号|抖音|头条|客户端|新媒体|视频号|快手/;

// 公开/发布, then within 24 characters a digit: every phrasing above has this shape.
const ITEMS_NEAR = /(?:公开|发布)[^\d。；;]{0,24}\d/;

// The phrasings in the order they are tried, with whether each is a 主动 (strong) one.
const ITEMS_PHRASINGS = [
  [STRONG_ITEMS, true],
  [STRONG_ITEMS_BEFORE, true],
  [WEAK_ITEMS, false],
] as const;

interface ItemsHit extends ProseNumber {
  strong: boolean;
}

/**
 * The total number of items the body says it published proactively (active.items):
 * the first total before `before` (table A), a 主动 phrasing over one without. A count
 * introduced by 其中 in its sentence, or about one new-media channel, is a sub-count.
 * Without `before` (the whole text, after part 1 gave nothing) only 主动 phrasings
 * count: "公开信息…条" outside part 1 is too loose to be the total.
 */
export function findActiveItems(lines: Line[], raw: RawLine, before?: number): ProseNumber | null {
  let weak: ProseNumber | null = null;
  for (const l of lines) {
    if (before !== undefined && l.no >= before) break;
    // Cheap test first: a count must follow 公开/发布 within a few words.
    if (!ITEMS_NEAR.test(l.text)) continue;
    const hit = itemsIn(raw(l.no) ?? l.text, l.no, before === undefined);
    if (hit?.strong) return hit;
    weak ??= hit;
  }
  return weak;
}

/** A line's count of items, as itemsRead reads it, at line `no`. */
function itemsIn(line: string, no: number, strongOnly: boolean): ItemsHit | null {
  const read = strongOnly ? itemsReadStrong(line) : itemsReadAny(line);
  if (read === null) return null;
  return { value: read.value, approximate: read.approximate, line: no, cell: read.cell, strong: read.strong };
}

// Reports repeat their template's sentences word for word across a folder, and a line
// that says 公开 near a digit is read with three phrasings' regexes: a line read is
// remembered by its text (its number of line is the caller's).
const itemsReadStrong = memoize((line) => itemsRead(line, true));
const itemsReadAny = memoize((line) => itemsRead(line, false));

/** The count of items a line states (itemsIn without the line number): shared, never changed. */
function itemsRead(line: string, strongOnly: boolean): Omit<ItemsHit, 'line'> | null {
  const { squashed, original } = squashLine(line);
  const hits: {
    m: RegExpExecArray;
    strong: boolean;
    value: string;
    hedge: boolean;
    sentence: number;
    viaChannel: boolean;
  }[] = [];
  const ends = new Set<number>();
  for (const [re, strong] of ITEMS_PHRASINGS) {
    if (!strong && strongOnly) continue;
    re.lastIndex = 0;
    for (let m = re.exec(squashed); m; m = re.exec(squashed)) {
      const end = m.index + m[0].length;
      // A strong phrasing also reads as a weak one: one count, once.
      if (ends.has(end)) continue;
      ends.add(end);
      const at = placeOf(squashed, m.index, end);
      if (at.subCount) continue;
      hits.push({
        m,
        strong,
        value: m[2],
        hedge: Boolean(m[1] || m[3] || m[5]),
        sentence: at.sentence,
        viaChannel: VIA_CHANNEL.test(at.clause),
      });
    }
  }
  // "在网站公开信息41条，在公开栏公开信息20条", "公众号推送信息88篇，通过网站发布信息30条":
  // channels counted one by one, and no total stated.
  const listed = (h: (typeof hits)[number]) =>
    h.viaChannel &&
    (hits.some((o) => o !== h && o.sentence === h.sentence && o.viaChannel) ||
      otherChannelCount(squashed, h.sentence, h.m.index, h.m.index + h.m[0].length));
  const kept = hits.filter((h) => !listed(h));
  if (kept.length === 0) return null;
  // The first strong hit in the line, else the first weak one.
  kept.sort((a, b) => Number(b.strong) - Number(a.strong) || a.m.index - b.m.index);
  const best = kept[0];
  return {
    value: Number(best.value.replace(/,/g, '')),
    approximate: best.hedge,
    cell: original(best.m.index, best.m.index + best.m[0].length),
    strong: best.strong,
  };
}

// A count of one channel: "公众号推送信息88篇", "微博发布120条".
const CHANNEL_COUNT =
  /(?:微博|微信|公众号|抖音|头条|客户端|新媒体|视频号|快手|公开栏|宣传栏|网站)[^，,。；;]{0,16}?\d+(?:余|多)?(?:条|篇|件|期|次)/;

/** Whether the sentence counts another channel outside the clause [from, to). */
function otherChannelCount(s: string, sentence: number, from: number, to: number): boolean {
  const ends = [s.indexOf('。', to), s.indexOf('；', to), s.indexOf(';', to)].filter((i) => i >= 0);
  const end = ends.length ? Math.min(...ends) : s.length;
  return CHANNEL_COUNT.test(s.slice(sentence, from)) || CHANNEL_COUNT.test(s.slice(to, end));
}

// A clause that names the channel it counts: "在县政府门户网站公开信息41条", "通过公开栏…".
const VIA_CHANNEL = /^(?:全年|今年|本年度?|\d{4}年度?)?(?:共|累计)?(?:通过|在|依托|利用)/;

// What ends a clause inside a sentence.
const CLAUSE_MARKS = [...'，,：:'];

/**
 * Where a count sits: its sentence (start index), its clause, and whether it is a
 * sub-count — after 其中 in its sentence, or about one new-media channel.
 */
function placeOf(s: string, from: number, to: number): { sentence: number; clause: string; subCount: boolean } {
  const sentence = Math.max(s.lastIndexOf('。', from), s.lastIndexOf('；', from), s.lastIndexOf(';', from)) + 1;
  const clauseStart = Math.max(sentence, ...CLAUSE_MARKS.map((c) => s.lastIndexOf(c, from) + 1));
  const clause = s.slice(clauseStart, to);
  // "通过门户网站、政务新媒体等渠道主动公开…" counts every channel: the total.
  const subCount = s.slice(sentence, from).includes('其中') || (CHANNEL.test(clause) && !/[、等]/.test(clause));
  return { sentence, clause, subCount };
}

// What one UTF-16 unit becomes in a squashed line: nothing for white space, else its
// fold as code points. Kept per unit (a report uses a few dozen distinct ones, over and over).
const FOLDED_CHAR = new Map<number, readonly string[]>();

function foldedChar(code: number): readonly string[] {
  let out = FOLDED_CHAR.get(code);
  if (out === undefined) {
    const ch = String.fromCharCode(code);
    out = /\s/.test(ch) ? [] : [...fold(ch)];
    FOLDED_CHAR.set(code, out);
  }
  return out;
}

const HAS_WHITE_SPACE = /\s/;

/** The line with white space removed and full-width forms folded, and a way back to the original. */
function squashLine(line: string): { squashed: string; original: (from: number, to: number) => string } {
  // Most lines need neither: no white space, nothing full-width.
  if (!HAS_WHITE_SPACE.test(line) && fold(line) === line)
    return { squashed: line, original: (from, to) => line.slice(from, to) };
  // One origin per character kept (per code point of a fold); runs of characters kept
  // as they are go in as one slice, not one string each.
  let squashed = '';
  const origin: number[] = [];
  let run = -1; // start of the current run of characters kept as they are
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    // Printable ASCII and CJK ideographs are neither white space nor folded: most of a line.
    if ((code > 0x20 && code < 0x7f) || (code >= 0x4e00 && code <= 0x9fff)) {
      if (run < 0) run = i;
      origin.push(i);
      continue;
    }
    if (run >= 0) {
      squashed += line.slice(run, i);
      run = -1;
    }
    for (const c of foldedChar(code)) {
      squashed += c;
      origin.push(i);
    }
  }
  if (run >= 0) squashed += line.slice(run);
  return { squashed, original: (from, to) => line.slice(origin[from], origin[to - 1] + 1) };
}

const RECEIVED_NUMBER = [
  /(?:收到|接到|受理)(?:各类|群众|社会公众)?(?:政府信息公开|依申请公开|信息公开|公开)?(?:申请|事项)(?:共|总计)?(\d+)(?:例|件|个|份|次|起)/,
  /(?:收到|接到|受理)(?:了)?(?:各类)?(\d+)(?:例|件|个|份|次|起)(?:政府信息公开|依申请公开|信息公开|公开)?申请/,
  /(?:收到|接到|受理)(?:政府信息公开|依申请公开|信息公开)?申请(?:共)?(\d+)(?:例|件|个|份|次|起)/,
];
const RECEIVED_NONE =
  /(?:没有|未|无)(?:收到|接到|受理)(?:[^。；;]{0,12})(?:依申请公开|信息公开申请|公开申请|相关申请|申请)/;

// Per-line tests, built once (a regex literal in a loop is a new RegExp object each time).
const RECEIVED_VERB = /收到|接到|受理/;
const CASES_NEAR = /行政(?:复议|诉讼)(?:案件)?(?:共|总计)?\s*\d/;

/** What the prose says about applications received this year, if anything. */
export function findProseReceived(lines: Line[], raw: RawLine, before?: number): ProseNumber | null {
  for (const l of lines) {
    if (before !== undefined && l.no >= before) break;
    if (!l.text.includes('申请') || !RECEIVED_VERB.test(l.text)) continue;
    const hit = receivedIn(raw(l.no) ?? l.text);
    if (hit) return { value: hit.value, approximate: false, line: l.no, cell: hit.cell };
  }
  return null;
}

/** What one line says about applications received (remembered by its text, as itemsRead). */
const receivedIn = memoize((line: string): { value: number; cell: string } | null => {
  for (const sentence of line.split(/[。；;]/)) {
    // Comparisons ("与往年相比增加了3例") do not match: only 收到/接到/受理 … N 件 申请.
    for (const re of RECEIVED_NUMBER) {
      const hit = matchLoose(sentence, re);
      if (hit) return { value: Number(hit.m[1]), cell: hit.original };
    }
    const z = matchLoose(sentence, RECEIVED_NONE);
    if (z && !/行政复议|行政诉讼/.test(z.original)) return { value: 0, cell: z.original };
  }
  return null;
});

export interface ProseCases {
  review: ProseNumber | null;
  litigation: ProseNumber | null;
}

// "政府信息公开行政复议351件", "行政诉讼46件": a count written right after the word.
const REVIEW_NUMBER =
  /(?:发生|收到|办理|涉及)?(?:政府信息公开)?(?:类)?行政复议(?:案件)?(?:共|总计)?(\d+)(?:件|起|宗|个)/;
const LITIGATION_NUMBER =
  /(?:发生|收到|办理|涉及)?(?:政府信息公开)?(?:类)?行政诉讼(?:案件)?(?:共|总计)?(\d+)(?:件|起|宗|个)/;

/** Review and litigation counts the prose states (before part 4's table), for the prose_mismatch check. */
export function findProseCases(lines: Line[], raw: RawLine, before?: number): ProseCases {
  const out: ProseCases = { review: null, litigation: null };
  for (const l of lines) {
    if (before !== undefined && l.no >= before) break;
    // Cheap tests first: most lines never mention a count of cases.
    if (!CASES_NEAR.test(l.text)) continue;
    const line = raw(l.no) ?? l.text;
    if (!out.review) {
      const hit = reviewIn(line);
      if (hit) out.review = { value: hit.value, approximate: false, line: l.no, cell: hit.cell };
    }
    if (!out.litigation) {
      const hit = litigationIn(line);
      if (hit) out.litigation = { value: hit.value, approximate: false, line: l.no, cell: hit.cell };
    }
  }
  return out;
}

/** The count `re` finds in a line, remembered by the line's text (as itemsRead). */
const countIn = (re: RegExp) =>
  memoize((line: string): { value: number; cell: string } | null => {
    const hit = matchLoose(line, re);
    return hit ? { value: Number(hit.m[1]), cell: hit.original } : null;
  });
const reviewIn = countIn(REVIEW_NUMBER);
const litigationIn = countIn(LITIGATION_NUMBER);
