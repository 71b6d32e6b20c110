// Prose facts: every numeric statement in a report's prose ("接到微博投诉事件68条",
// "回复率100%", "开展培训2次") read as the phrase it counts, the number, its unit and
// its hedge, with the sentence and the 1-based line it came from.
// Pure: text in, facts out. Precision over recall: a number whose phrase cannot be
// read cleanly is left out, since a misread phrase gives a right-looking wrong answer.
// Linear and cheap: a line is looked at only when it holds a numeral and a unit.
import { isPageMarker } from './cells.js';
import type { Line } from './lines.js';
import type { ReportPart } from './types.js';
import { chineseToNumber } from './numerals.js';
import { hasNumeralUnit } from './numeral-unit.js';
import { detached } from './detached.js';
import { memoize } from './memo.js';
import { isWhiteSpaceUnit } from './white-space.js';

/** How a hedge bounds the number: 180余 is at least 180, 约180 about 180, 不到180 at most. */
export type ProseBound = 'exact' | 'approx' | 'lower' | 'upper';

export interface ProseFact {
  /** What the number counts, as a noun phrase: 微博投诉, 微信公众号关注量, 培训, 便民服务中心… */
  phrase: string;
  /** The action split off the phrase (接到, 开展, 推送); for a change, the change words (较上年增长). */
  verb: string | null;
  /** Words before the verb that narrow it (本级, 各社区, 通过政府网站管理平台); '' when none. */
  lead: string;
  value: number;
  /** 条/篇/人/次/个/件/%/万元/万次…, as written (a 万 in front of the unit stays in the unit). */
  unit: string;
  /** The hedge words as written (余, 约, 超过, 以上); null when the number is exact. */
  hedge: string | null;
  bound: ProseBound;
  /** count: how many; rate: a percentage; change: a stated change against another year. */
  kind: 'count' | 'rate' | 'change';
  /** A part of a total stated just before it (after 其中, or in brackets). */
  sub: boolean;
  /** The number as the text writes it, hedge and unit included: 180余篇. */
  written: string;
  /** The sentence it stands in, as the report writes it. */
  sentence: string;
  line: number;
  /** The report part (1–6) the line belongs to, when the parts are known. */
  part: number | null;
}

export interface ProseFactOptions {
  /** Original (unfolded) line text, for quoting the sentence as written. */
  raw?: (no: number) => string | undefined;
  parts?: readonly ReportPart[];
}

// ---------- numbers ----------

/** 三 → 3, 十 → 10, 二十五 → 25, 一千二百 → 1200, 三万 → 30000; null for what is not a number (一二, 十十). */
export { chineseToNumber as chineseNumber } from './numerals.js';

// Longer units first, so 人次 is not read as 人 and 个百分点 not as 个.
const UNITS = '个百分点|人次|个|条|篇|人|次|件|例|份|期|场|项|名|家|户|封|单|起|宗|批|部|台|处|元|%';
// A number (Arabic with thousands separators, or Chinese), an optional magnitude,
// an optional 余/多 hedge, a unit, and an optional trailing hedge.
const NUMBER = new RegExp(
  `(?:(\\d{1,3}(?:,\\d{3})+|\\d+)(\\.\\d+)?\\s*(万|亿)?|([零〇一二两三四五六七八九十百千万]+))\\s*(余|多)?\\s*(${UNITS})(以上|左右|以下|之多)?`,
  'g',
);
// What may not follow a unit: 个月 and 个工作日 are durations, 次性 an adverb, 部门 a noun…
const NOT_AFTER: Record<string, RegExp> = {
  个: /^(?:月|工作日|季度|小时|星期|年|自然日|方面|层面|环节|阶段|维度|字)/,
  次: /^(?:性|日|年|月)/,
  部: /^(?:门|分|署|委)/,
  场: /^(?:所|景|地|馆)/,
  项: /^目/,
  名: /^(?:单|称|义|录)/,
  期: /^(?:间|限|刊|末|初)/,
  家: /^(?:庭|属|长)/,
  单: /^(?:位|一|独)/,
  人: /^(?:民|大|社|员|才|事|口)/,
  起: /^(?:草|来|到|步|始|诉)/,
  批: /^(?:准|复|示|评|次)/,
  台: /^(?:账|湾)/,
  元: /^(?:旦|素)/,
  户: /^(?:籍|口|外)/,
  条: /^(?:例|件|款|目)/,
  例: /^如/,
  处: /^(?:理|置|罚|室|长)/,
  件: /^事/,
  份: /^额/,
};
// Part of a code, an address, a URL, a date or a telephone number: not a count.
const NOT_BEFORE = /[A-Za-z0-9_.\-+/#@〔[第]$/;

// ---------- phrases ----------

// Hedges written before the number.
const HEDGE_BEFORE: [RegExp, ProseBound][] = [
  [/(?:大约|约|将近|接近|近)$/, 'approx'],
  [/(?:超过|逾|突破|多于)$/, 'lower'],
  [/(?:不到|不足|不超过|少于)$/, 'upper'],
];
// Words between a phrase and its number that add nothing: 共计, 达, 均为…
const FILLER_END =
  /(?:涉及|共计|总计|合计|累计|共有|分别为|分别|均达到|均达|均为|已达|达到|多达|高达|达|为|是|有|计|共|均|都|了|\s)+$/;
const LEAD_START =
  /^(?:[、,:()\s和及与并且还又也另]|其中|此外|另外|另有|同时|期间|目前|截至目前|截止目前|截至|截止|全年|年内|今年|当年|本年度?|一年来|\d{4}年度?|\d{1,2}月份?|我(?:们|办|镇|街道?|区|市|县|局|委|乡|单位|中心|厅|部|处|所)|本(?:单位|机关|街道|镇|办|乡)|全(?:镇|区|市|县|街道?|乡|办)|街道办?|该(?:单位|街道|镇|乡)|在|共|累计|含|已|有(?![效关力]))+/;
// Action verbs that start what is counted ("开展培训", "接到微博投诉"): split off the phrase.
// 公开 alone is no verb here: 信息公开申请 is a noun.
const VERB =
  /(?:(?:主动|新增|依法)公开|(?:主动|新增|累计|共|全年|依法)?(?:接到|收到|受理|办理|办结|答复|开展|组织|召开|举办|举行|参加|参与|发布|推送|转发|转载|制作|制定|编制|印发|报送|上报|建立|设立|开设|开通|发放|走访|张贴|处理|发稿|上稿|刊发|更新|录入|梳理出|梳理|配备|收取|新增|覆盖|惠及|涵盖|设有|拥有|共有|现有))(?![率量数会])/g;
const VERB_START = new RegExp(`^(?:${VERB.source})`);
const CHANGE =
  /^(?:较|比|同比|与|和)?(?:上年度?|去年|上一年度?|往年|前一年|\d{4}年度?)?(?:同期)?(?:相比)?(?:数量|总量)?(?:增长|增加|减少|下降|提高|上升|降低|提升|增幅|降幅)了?$/;
const PHRASE_SUFFIX = /(?:事件|情况)$/;

function stripLead(s: string): string {
  return s.replace(LEAD_START, '');
}

/** Split "接到微博投诉事件" into verb 接到 and phrase 微博投诉, keeping what stands before the verb as lead. */
function splitVerb(pre: string): { lead: string; verb: string | null; phrase: string } {
  const all: RegExpExecArray[] = [];
  VERB.lastIndex = 0;
  for (let m = VERB.exec(pre); m; m = VERB.exec(pre)) all.push(m);
  // The last verb whose object is a word: a verb inside a noun leaves a one-character tail.
  const tail = (m: RegExpExecArray) => pre.slice(m.index + m[0].length);
  const last = [...all].reverse().find((m) => tail(m).length !== 1 || DANGLING.test(tail(m)));
  if (!last) return { lead: '', verb: null, phrase: pre };
  const after = tail(last);
  return { lead: stripLead(pre.slice(0, last.index)), verb: last[0], phrase: after };
}

// The regexes used per number, built once: a regex literal is a new RegExp object each
// time it is evaluated, and these run for every number of the prose.
const QUOTES = /[《》“”"'‘’「」]/g;
const SORT_WORDS = /^(?:各类|各种|各项|相关)/;
const OPEN_ASIDE = /[(（][^)）]*$/;
const CLOSED_TAIL = /^([^(（]*)[)）]$/;
const FROM_DE = /(?<=.)的.*$/;
const LEADING_DE = /^的/;
const PARTICLES = /(?:均|都|已经?|全部|共|了|的)(?=[\u4e00-\u9fa5])/g;
const TRAILING_PARTICLE = /[了的]$/;
const WHITE_SPACE = /\s+/g;
const THOUSANDS = /,/g;
const OPENS_SUB = /[(（]含?$/;
const STARTS_BRACKET = /^[(（]/;
const TRAILING_LE = /了$/;
const HAS_HAN = /[\u4e00-\u9fa5]/;
const ENUMERATED_POINT = /^[一二三四五六七八九十]是/;
const ALL_OF = /[均都]/;
const TWO_HAN = /[\u4e00-\u9fa5]{2}/;
const STARTS_QIZHONG = /^\s*其中/;

const cleanNoun = (s: string) => s.replace(QUOTES, '').replace(SORT_WORDS, '').replace(PHRASE_SUFFIX, '').trim();

/** The noun a number counts when it stands before it ("20个村(社区)均建立了便民服务中心"). */
function postNoun(post: string): string {
  // What follows a verb is the next statement ("上稿22期上稿信息29篇"), not a noun.
  if (VERB_START.test(post)) return '';
  // An unclosed bracket opens an aside ("(含上年度结转申请34件"); a closed one is part of the noun ("村(社区)").
  const p = post.replace(OPEN_ASIDE, '').replace(CLOSED_TAIL, '$1').replace(FROM_DE, '').replace(LEADING_DE, '');
  // Up to the next clause-like break; drop adverbs and particles.
  return cleanNoun(p.replace(PARTICLES, '').replace(TRAILING_PARTICLE, ''));
}

// ---------- sentences ----------

const SENTENCE_SPLIT = /[。;；!！?？]/;
const CLAUSE_SPLIT = /(?<!\d)[,，;；]|[,，;；](?!\d)/;
const HAS_NUMERAL = /[0-9零〇二两三四五六七八九十百千]/;
// The precise test of a line, a numeral right before a unit and not after 第 (第二十条 and
// 第(一)项 are article numbers; table rows have a TAB or bar there), is hasNumeralUnit.

/**
 * A table row (TAB- or pipe-separated cells), not prose: its trimmed text starts with a bar,
 * or has two TAB-separated cells with something in them. Read by char codes: no trimmed
 * copy, no array of cells.
 */
function isTableRow(text: string): boolean {
  let from = 0;
  while (from < text.length && isWhiteSpaceUnit(text.charCodeAt(from))) from++;
  if (text.charCodeAt(from) === 0x7c) return true;
  // Cells are counted from the first visible unit: white space around the row fills none.
  let filled = 0;
  let inCell = false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 9) inCell = false;
    else if (!inCell && !isWhiteSpaceUnit(c)) {
      inCell = true;
      filled++;
    }
  }
  // Two filled cells have a TAB between them, inside the trimmed text.
  return filled >= 2;
}

/** Whether line `no` lies below the heading of one of `tables` and within its part. */
function inTable(tables: readonly ReportPart[], no: number): boolean {
  for (let k = 0; k < tables.length; k++) if (no > tables[k].line && no <= tables[k].endLine) return true;
  return false;
}

function partOf(parts: readonly ReportPart[] | undefined, line: number): number | null {
  if (!parts) return null;
  for (const p of parts) if (line >= p.line && line <= p.endLine) return p.part;
  return null;
}

type ClauseFact = Omit<ProseFact, 'sentence' | 'line' | 'part'>;
// A line that ends a sentence or clause: no sentence runs on from it.
const ENDS_CLAUSE = /[。;；!！?？:：]$/;
const DANGLING = /[及和与、等的]$/;

/** The facts of one clause: every valid number with the phrase before (or after) it. */
function readClause(clause: string, sentenceFacts: ClauseFact[], afterSub: boolean): void {
  let from = 0;
  let consumed = ''; // the noun the previous number counted after itself
  let inheritedVerb: string | null = null;
  const matches: RegExpExecArray[] = [];
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(clause); m; m = NUMBER.exec(clause)) matches.push(m);
  for (let i = 0; i < matches.length; i++) {
    const m = matches[i];
    const [whole, digits, decimals, magnitude, chinese, hedgeNum, unit, hedgeAfter] = m;
    const end = m.index + whole.length;
    const post = clause.slice(end, matches[i + 1]?.index ?? clause.length);
    const pre0 = clause.slice(from, m.index);
    from = end;
    if (NOT_BEFORE.test(clause.slice(Math.max(0, m.index - 1), m.index))) continue;
    if (NOT_AFTER[unit]?.test(clause.slice(end, end + 4))) continue;
    let value: number | null;
    if (chinese !== undefined) {
      // A lone 一 is in too many set phrases (一次性, 一件事, 统一) to be read as a count.
      value = chinese === '一' ? null : chineseToNumber(chinese);
    } else value = Number(digits.replace(THOUSANDS, '') + (decimals ?? ''));
    if (value === null || !Number.isFinite(value)) continue;

    const hedgeWords: string[] = [];
    let bound: ProseBound = 'exact';
    let pre = pre0.replace(WHITE_SPACE, '');
    if (consumed && pre.startsWith(consumed)) pre = pre.slice(consumed.length);
    const fillers = FILLER_END.exec(pre)?.[0] ?? '';
    pre = pre.slice(0, pre.length - fillers.length);
    for (const [re, b] of HEDGE_BEFORE) {
      const h = re.exec(pre);
      if (h) {
        hedgeWords.push(h[0]);
        bound = b;
        pre = pre.slice(0, -h[0].length).replace(FILLER_END, '');
        break;
      }
    }
    if (hedgeNum) {
      hedgeWords.push(hedgeNum);
      bound = 'lower';
    }
    if (hedgeAfter) {
      hedgeWords.push(hedgeAfter);
      bound = hedgeAfter === '以下' ? 'upper' : hedgeAfter === '左右' ? 'approx' : 'lower';
    }
    // "…”“…”等新闻发布会": what is counted follows the last quoted title.
    const q = Math.max(pre.lastIndexOf('”'), pre.lastIndexOf('》'));
    if (q >= 0 && pre.slice(q + 1).startsWith('等') && pre.length - q > 3) pre = pre.slice(q + 2);
    const colon = pre.lastIndexOf(':');
    if (colon >= 0 && colon < pre.length - 1) pre = pre.slice(colon + 1);
    pre = stripLead(pre);
    const fullUnit = `${magnitude ?? ''}${unit}`;
    const hedge = hedgeWords.length ? hedgeWords.join('') : null;
    const kind: ProseFact['kind'] = unit === '%' || unit === '个百分点' ? 'rate' : 'count';
    const sub = afterSub || OPENS_SUB.test(pre0.trim()) || STARTS_BRACKET.test(pre0.trim());
    const written = whole.replace(WHITE_SPACE, '');
    // One object shape for every fact (spreads into varying shapes were a tenth of the parse).
    const make = (phrase: string, verb: string | null, lead: string, k: ProseFact['kind'] = kind): ClauseFact => ({
      phrase,
      verb,
      lead,
      value,
      unit: fullUnit,
      hedge,
      bound,
      kind: k,
      sub,
      written,
    });
    // "较上年增长8%", "与往年相比数量增加了3例": a change of the number stated before it.
    if (CHANGE.test(pre)) {
      const prev = sentenceFacts.at(-1);
      if (prev && prev.kind !== 'change')
        sentenceFacts.push(make(prev.phrase, pre.replace(TRAILING_LE, ''), prev.lead, 'change'));
      consumed = '';
      continue;
    }
    let { lead, verb, phrase } = splitVerb(pre);
    phrase = cleanNoun(stripLead(phrase));
    const counted = postNoun(post);
    const dangling = DANGLING.test(phrase);
    if (dangling) {
      // "配备独立专线、设备及2名人员", "卫生健康等7个领域": the number counts what follows it.
      lead = stripLead(`${lead}${verb ?? ''}${phrase}`).replace(DANGLING, '');
      verb = null;
      phrase = '';
    }
    consumed = '';
    if (!phrase) {
      if (counted) {
        // "收到4例信息公开申请", "20个村(社区)均建立了便民服务中心", "10个领域33个…事项".
        phrase = counted;
        if (!verb && !pre && !lead) verb = inheritedVerb;
        consumed = post.replace(/[)）]$/, '');
      } else if (verb && !dangling) {
        // "累计发稿191篇", "解读信息发布7条": the verb with what stands before it is the phrase.
        phrase = cleanNoun(`${lead}${verb}`.replace(/^(?:主动|新增|累计|共|全年|依法)(?=..)/, ''));
        lead = '';
        verb = null;
      } else continue;
    }
    if (phrase.length < 2 || phrase.length > 30 || !HAS_HAN.test(phrase)) continue;
    if (ENUMERATED_POINT.test(phrase)) continue;
    inheritedVerb = verb;
    // "事项办结率、当事人满意率均达到95%以上": one number, several phrases.
    if (ALL_OF.test(fillers) && phrase.includes('、')) {
      for (const p of phrase.split('、').map(cleanNoun)) if (p.length >= 2) sentenceFacts.push(make(p, verb, lead));
      continue;
    }
    sentenceFacts.push(make(phrase, verb, lead));
  }
}

/**
 * The start of a sentence that runs on into line i: the last sentence of the line
 * before (skipping blank lines and page markers) when that line is a long one that
 * ends in mid-sentence, as PDF text wraps and breaks pages.
 */
function continuation(
  lines: readonly Line[],
  i: number,
  raw: ProseFactOptions['raw'],
): { text: string; raw: string } | null {
  for (let j = i - 1; j >= 0 && j >= i - 4; j--) {
    const t = lines[j].text.trim();
    if (t === '' || isPageMarker(t)) continue;
    if (t.length < 20 || ENDS_CLAUSE.test(t) || isTableRow(lines[j].text)) return null;
    const text = t.split(SENTENCE_SPLIT).at(-1)!;
    const r = (raw?.(lines[j].no) ?? t).trim().split(SENTENCE_SPLIT).at(-1)!;
    return HAS_HAN.test(text) ? { text, raw: r } : null;
  }
  return null;
}

/** The facts of one sentence, clause by clause: what it states depends on its words alone. */
function readSentenceUncached(sentence: string): readonly ClauseFact[] {
  const facts: ClauseFact[] = [];
  let sub = false;
  for (const clause of sentence.split(CLAUSE_SPLIT)) {
    if (STARTS_QIZHONG.test(clause)) sub = true;
    if (HAS_NUMERAL.test(clause)) readClause(clause, facts, sub);
  }
  return facts;
}

// Reports repeat their template's sentences word for word across a folder (numbers
// included, where they are the same), and reading one is a dozen regexes a number: a
// sentence read is remembered (its facts are only read, never changed, by the caller).
const readSentence = memoize(readSentenceUncached);

/**
 * Every numeric statement of the prose. Table rows (TAB or pipe cells) are skipped;
 * dates, years, article numbers (第二十条), document numbers (〔2019〕60号) and
 * telephone numbers carry no counting unit and are never read.
 */
export function findProseFacts(lines: readonly Line[], opts: ProseFactOptions = {}): ProseFact[] {
  const out: ProseFact[] = [];
  // Parts 二–四 are tables: there only a line that ends a sentence can be prose.
  const tables = (opts.parts ?? []).filter((p) => p.part >= 2 && p.part <= 4);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const text = line.text;
    // Cheap tests first: most lines of a report are table rows, or hold no number.
    if (text.length < 4) continue;
    if (inTable(tables, line.no) && !text.includes('。')) continue;
    // One pass of char codes, the same answer as NUMERAL_UNIT (which implies a numeral and a unit).
    if (!hasNumeralUnit(text)) continue;
    if (isTableRow(text)) continue;
    const sentences = text.split(SENTENCE_SPLIT);
    let rawSentences: string[] | null = null;
    const part = partOf(opts.parts, line.no);
    for (let s = 0; s < sentences.length; s++) {
      let sentence = sentences[s];
      if (!HAS_NUMERAL.test(sentence) || !TWO_HAN.test(sentence)) continue;
      // A sentence a page or line break cut: its start is on the line before.
      const start = s === 0 ? continuation(lines, i, opts.raw) : null;
      if (start) sentence = start.text + sentence;
      const facts = readSentence(sentence);
      if (!facts.length) continue;
      if (rawSentences === null) {
        const raw = opts.raw?.(line.no);
        const split = raw?.split(SENTENCE_SPLIT);
        rawSentences = split && split.length === sentences.length ? split : sentences;
      }
      const quoted = `${start ? start.raw : ''}${rawSentences[s]}`.trim();
      for (const f of facts) {
        // Copies of the words, not slices that keep the report's whole text (see detached.ts).
        out.push({
          phrase: detached(f.phrase),
          verb: f.verb === null ? null : detached(f.verb),
          lead: detached(f.lead),
          value: f.value,
          unit: f.unit,
          hedge: f.hedge,
          bound: f.bound,
          kind: f.kind,
          sub: f.sub,
          written: detached(f.written),
          sentence: quoted,
          line: line.no,
          part,
        });
      }
    }
  }
  return out;
}
