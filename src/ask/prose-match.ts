// Which prose fact a question asks for. Pure: the question's words (office, year and
// question words taken out, synonyms folded, English read through a small glossary)
// against each fact's phrase and sentence. Precision over recall: the question must
// name what the number counts (the phrase's head), not only words near it.
import type { ProseFact } from '../parse/prose-facts.js';
import type { Lang } from './types.js';
import { alt } from './regex.js';

// ---------- words ----------

/**
 * Words that mean the same thing in the reports and in questions, folded to one form
 * before matching (longest first within each row). Kept small and tested.
 */
export const SYNONYMS: readonly [RegExp, string][] = [
  [/微信公众号|微信公众平台|政务微信|公众号|微信号/g, '公众号'],
  [/粉丝(?:数|量|人数)?|关注(?:量|数|人数|用户数?)|订阅(?:数|量|人数)?|关注/g, '关注'],
  [/推文|发稿|发布文章|推送(?:文章|信息)?/g, '推送'],
  [/浏览(?:量|次数)|阅读(?:量|数|次数)|访问(?:量|次数)|点击(?:量|数)/g, '浏览'],
  [/政务微博|官方微博|微博号?/g, '微博'],
  [/新闻发布会|发布会/g, '发布会'],
  [/便民服务(?:中心|站)/g, '便民服务中心'],
  [/(?:业务|专题)?培训(?:班|会)?/g, '培训'],
  [/回复率|回应率|答复率/g, '回复率'],
  [/比上一?年度?|较上一?年度?|与上一?年度?相比|比去年|较去年|同比/g, '较上年'],
  // 开展培训, 组织培训, 举办培训: one act.
  [/组织开展|开展|组织|举办|举行|召开/g, '开展'],
];

/** English words of prose questions → the reports' words (an offline glossary, small and tested). */
export const ENGLISH_TERMS: readonly [RegExp, string][] = [
  [/wechat official accounts?|official accounts?|public accounts?|\bwechat\b/i, '公众号'],
  [/followers?|subscribers?|\bfans\b/i, '关注'],
  [/\bposts?\b|articles?|\bpushed\b|\bpush(?:es)?\b/i, '推送'],
  [/\bweibo\b|micro-?blogs?/i, '微博'],
  [/complaints?/i, '投诉'],
  [/(?:reply|response) rate/i, '回复率'],
  [/trainings?|training sessions?/i, '培训'],
  [/press conferences?|news conferences?/i, '发布会'],
  [/policy interpretations?/i, '政策解读'],
  [/page views|\bviews?\b|\bvisits?\b/i, '浏览'],
  [/service cent(?:er|re)s?/i, '便民服务中心'],
  [/villages?/i, '村'],
  [/(?:government )?new[- ]media(?: accounts?)?/i, '政务新媒体'],
  [/(?:information )?processing fees?/i, '信息处理费'],
  [/open days?/i, '开放日'],
  [/hotlines?/i, '热线'],
  [/(?:service )?requests? from (?:the )?public|public (?:requests?|appeals?)/i, '诉求'],
];

export function canon(s: string): string {
  let t = s.normalize('NFKC').replace(/[\s“”"'‘’《》「」]/g, '');
  for (const [re, to] of SYNONYMS) t = t.replace(re, to);
  return t;
}

// What a question says around the thing it asks about: question words and scope words.
// Only whole words are removed; single characters (的, 了, 有, 中…) could be inside a
// noun (便民服务中心), so they stay and are forgiven when matching (FORGIVEN).
const QUESTION_WORDS = alt(
  /请问|一共|总共|合计|共计|总计|加起来|分别|多少|是否|有没有|到底|年报里?|报告里?|年度|提到|显示/g,
  /各个?(?:单位|乡镇|镇|乡|街道|部门|区县|区|县)|所有单位|全部单位/g,
  /哪(?:个|些|家|几个|几家)(?:单位|乡镇|镇|乡|街道|部门|区县|区|县)?|最多|最少|最高|最低|排名|排行|排序|排一下|前[三五十\d]+名?/g,
  /全区|全县|全市|全部|所有|今年|去年|前年|本年度?|是几|有几|几|次数|数量|篇数|条数|件数|个数|人数|总数|数目/g,
);
export const FORGIVEN = new Set('的了有是在里中吗呢啊吧呀共达各说写过得地么啥'.split(''));
const UNIT_AFTER_HOW_MANY = /(?:多少|几)(个百分点|人次|个|条|篇|人|次|件|场|期|名|家|户|份|项|例|单|起)/;
const OFFICE_SHAPE = /[\u4e00-\u9fa5]{2,8}?(?:街道办事处|街道办|街道|办事处|人民政府)/g;

export interface ProseQuestion {
  /** The words that say what is counted, folded (公众号推送). */
  content: string;
  /** The unit the question asks in (多少篇 → 篇), if any. */
  unit: string | null;
  rate: boolean;
  change: boolean;
}

/** What a question asks about, without its office, year and question words; null when nothing is left. */
export function readProseQuestion(text: string, lang: Lang, officeNames: string[]): ProseQuestion | null {
  let q = text.normalize('NFKC');
  let unit: string | null = null;
  if (lang === 'en') {
    const hits: { at: number; term: string }[] = [];
    for (const [re, term] of ENGLISH_TERMS) {
      const m = re.exec(q);
      if (m) hits.push({ at: m.index, term });
    }
    if (hits.length === 0) return null;
    const rate = /\brate\b|percent|%/i.test(q);
    // The Chinese words in an English question (an office name) are no content.
    return {
      content: hits
        .sort((a, b) => a.at - b.at)
        .map((h) => h.term)
        .join(''),
      unit: null,
      rate,
      change: /\b(?:increase|decrease|change|grow|growth)\b/i.test(q),
    };
  }
  for (const name of [...officeNames].sort((a, b) => b.length - a.length))
    if (name.length >= 2) q = q.split(name).join(' ');
  q = q.replace(OFFICE_SHAPE, ' ');
  const u = UNIT_AFTER_HOW_MANY.exec(q);
  if (u) {
    unit = u[1];
    q = q.replace(u[0], ' ');
  }
  const rate = /率|百分比|比例|%|百分之/.test(q);
  const change = /增长|增加|减少|下降|变化|同比|比上年|较上年|比去年|较去年/.test(q);
  q = q
    .replace(/(?:19|20)\d{2}\s*年?度?/g, ' ')
    .replace(/[\d%]+/g, ' ')
    .replace(QUESTION_WORDS, ' ')
    .replace(/[^\u4e00-\u9fa5()]+/g, '');
  const content = canon(q);
  return content.length >= 2 ? { content, unit, rate, change } : null;
}

// ---------- matching ----------

/** Which characters of `text` are covered by substrings (2+ characters) that occur in `target`, longest first. */
export function cover(text: string, target: string): boolean[] {
  const covered = new Array<boolean>(text.length).fill(false);
  for (;;) {
    let best: [number, number] | null = null;
    for (let i = 0; i < text.length; i++) {
      if (covered[i]) continue;
      let j = i;
      while (j < text.length && !covered[j]) j++;
      // The longest run starting at i, within the uncovered stretch, that target holds.
      for (let end = j; end - i >= 2 && (!best || end - i > best[1] - best[0]); end--) {
        if (target.includes(text.slice(i, end))) {
          best = [i, end];
          break;
        }
      }
    }
    if (!best) return covered;
    for (let k = best[0]; k < best[1]; k++) covered[k] = true;
  }
}

export const count = (xs: boolean[]) => xs.filter(Boolean).length;

const UNIT_GROUPS: string[][] = [
  ['条', '篇', '件', '份', '期', '项', '封', '单', '例', '起', '宗', '批', '部'],
  ['人', '名', '人次', '户', '家', '万人', '万人次'],
  ['次', '场', '期', '批', '万次'],
  ['%', '个百分点'],
  ['元', '万元', '亿元'],
];

function unitsAgree(asked: string | null, unit: string): boolean {
  if (!asked || asked === unit) return true;
  if (asked === '个') return !['%', '个百分点', '元', '万元', '亿元'].includes(unit);
  if (unit === '个') return !['%', '个百分点'].includes(asked);
  return UNIT_GROUPS.some((g) => g.includes(asked) && g.includes(unit));
}

/**
 * The phrase's head (what it counts): its last conjunct, without a measure suffix
 * (公众号关注量 → 公众号关注, 本级学习和业务培训 → 培训).
 */
const headOf = (phrase: string) => {
  const h = canon(phrase).replace(/(?:量|数|数量|总数|事件|账号|账户)$/, '');
  const last = h.split(/[和及与、]/).at(-1) ?? h;
  return last.length >= 2 ? last : h;
};

export interface ProseMatch<F extends ProseFact = ProseFact> {
  fact: F;
  /** Question characters the fact's own words (lead, verb, phrase) cover. */
  score: number;
  /** Share of the fact's phrase the question covers. */
  phraseShare: number;
}

/** A fact with its words folded once (folding every sentence per question would be slow at 10,000 reports). */
export interface Prepared<F extends ProseFact = ProseFact> {
  fact: F;
  head: string;
  core: string;
  sentence: string;
}

// Nouns that say only "items": what is counted is then named by the verb (推送信息180篇 → 推送).
const GENERIC_NOUN = /^(?:政府|政务)?(?:信息|文章|稿件|内容)$/;

/** What a question must name of the fact: its phrase's last word, or its verb when the noun says only "items". */
export function headOfFact(fact: Pick<ProseFact, 'phrase' | 'verb' | 'kind'>): string {
  const generic = fact.verb !== null && fact.kind !== 'change' && GENERIC_NOUN.test(fact.phrase);
  return generic ? canon(fact.verb!.replace(/^(?:全年|累计|共)/, '')) : headOf(fact.phrase);
}

/** `head`: the fact's headOfFact when the caller has it already (a year's facts share few). */
export function prepare<F extends ProseFact>(fact: F, head: string = headOfFact(fact)): Prepared<F> {
  return {
    fact,
    head,
    core: canon(`${fact.lead}${fact.verb ?? ''}${fact.phrase}`),
    sentence: canon(fact.sentence),
  };
}

/**
 * The facts a question asks for, best first: the question must name the fact's head
 * (the last two characters of its phrase) and most of its phrase, and the fact's
 * sentence must hold nearly all the question's words. Rates answer only rate
 * questions, stated changes only change questions.
 */
export function matchProse<F extends ProseFact>(q: ProseQuestion, facts: readonly F[]): ProseMatch<F>[] {
  return matchPrepared(
    q,
    facts.map((f) => prepare(f)),
  );
}

/**
 * The tests of matchPrepared that read only a fact's head, kind and unit (so a store's facts
 * can be picked by head before any is read): the share of the head the question covers, or
 * null when the fact cannot match.
 */
export function headShare(q: ProseQuestion, head: string, fact: Pick<ProseFact, 'kind' | 'unit'>): number | null {
  // The question must hold the head's last two characters: a cheap test before any other.
  if (head.length < 2 || !q.content.includes(head.slice(-2))) return null;
  if ((fact.kind === 'rate') !== q.rate || (fact.kind === 'change') !== q.change) return null;
  if (!unitsAgree(q.unit, fact.unit)) return null;
  const byQuestion = cover(head, q.content);
  if (!byQuestion[head.length - 1] || !byQuestion[head.length - 2]) return null;
  const phraseShare = count(byQuestion) / head.length;
  // Most of the phrase, or at least its last four characters (信息处理费 of 政府信息公开信息处理费).
  let suffix = 0;
  while (suffix < head.length && byQuestion[head.length - 1 - suffix]) suffix++;
  if (phraseShare < 0.5 && suffix < 4) return null;
  return phraseShare;
}

// Characters canon can write that a sentence need not hold: the synonyms' folded forms.
const FOLDED_TO = new Set(SYNONYMS.flatMap(([, to]) => [...to]));

/**
 * Characters of which a fact's sentence must hold at least one for matchPrepared's sentence
 * test to pass (pigeonhole: more of them stand in the question than it may miss), the ones
 * outside `avoid` first; null when no such cut exists. Only CJK ideographs canon cannot
 * write (no synonym's folded form) are chosen: one stands in canon(sentence) only if the
 * sentence holds it or a character NFKC maps onto it (the caller adds those, nfkcSources).
 */
export function sentenceNeeds(q: ProseQuestion, avoid: ReadonlySet<string> = new Set()): string[] | null {
  const text = q.content;
  // The most characters matchPrepared lets the sentence miss (the same float test).
  let allowed = 0;
  while (allowed + 1 <= text.length * 0.15) allowed++;
  const places = new Map<string, number>();
  for (const ch of text)
    if (/^[\u4e00-\u9fa5]$/.test(ch) && !FORGIVEN.has(ch) && !FOLDED_TO.has(ch))
      places.set(ch, (places.get(ch) ?? 0) + 1);
  const order = [...places.keys()].sort((a, b) => Number(avoid.has(a)) - Number(avoid.has(b)));
  const chosen: string[] = [];
  let held = 0;
  for (const ch of order) {
    if (held > allowed) break;
    chosen.push(ch);
    held += places.get(ch) ?? 0;
  }
  return held > allowed ? chosen : null;
}

// Code points NFKC changes all lie in these ranges (test/prose-match.test.ts checks every other one).
const NFKC_CHANGED: readonly [number, number][] = [
  [0xa0, 0x678],
  [0x958, 0xb5d],
  [0xe33, 0x10fc],
  [0x1d2c, 0x24ea],
  [0x2a0c, 0x33ff],
  [0xa69c, 0xa7f9],
  [0xab5c, 0xab69],
  [0xf900, 0xffee],
  [0x10781, 0x107ba],
  [0x1ccd6, 0x1ccf9],
  [0x1d15e, 0x1d1c0],
  [0x1d400, 0x1d7ff],
  [0x1e030, 0x1e06d],
  [0x1ee00, 0x1eebb],
  [0x1f100, 0x1f251],
  [0x1fbf0, 0x1fbf9],
  [0x2f800, 0x2fa1d],
];
let nfkcInverse: Map<string, string[]> | null = null;

/** The other characters whose NFKC form holds `ch` (⼯ → 工): a sentence holding one holds `ch` once folded. */
export function nfkcSources(ch: string): string[] {
  if (!nfkcInverse) {
    nfkcInverse = new Map();
    for (const [from, to] of NFKC_CHANGED)
      for (let cp = from; cp <= to; cp++) {
        const s = String.fromCodePoint(cp);
        const k = s.normalize('NFKC');
        if (k === s) continue;
        for (const c of new Set(k)) nfkcInverse.set(c, [...(nfkcInverse.get(c) ?? []), s]);
      }
  }
  return nfkcInverse.get(ch) ?? [];
}

/** Exported for the test that proves NFKC_CHANGED whole. */
export const nfkcChangedRanges = NFKC_CHANGED;

export function matchPrepared<F extends ProseFact>(q: ProseQuestion, facts: readonly Prepared<F>[]): ProseMatch<F>[] {
  const out: ProseMatch<F>[] = [];
  for (const { fact, head, core, sentence } of facts) {
    const phraseShare = headShare(q, head, fact);
    if (phraseShare === null) continue;
    const inSentence = cover(q.content, sentence);
    const missing = [...q.content].filter((ch, i) => !inSentence[i] && !FORGIVEN.has(ch)).length;
    if (missing > q.content.length * 0.15) continue;
    const score = count(cover(q.content, core));
    out.push({ fact, score, phraseShare });
  }
  return out.sort(
    (a, b) => b.score - a.score || b.phraseShare - a.phraseShare || Number(a.fact.sub) - Number(b.fact.sub),
  );
}

/** The best matches: every match as good as the first (several when the report states the phrase more than once). */
export function best<F extends ProseFact>(matches: ProseMatch<F>[]): ProseMatch<F>[] {
  if (!matches.length) return [];
  const top = matches[0];
  // A question that names only part of the phrase (接到多少诉求: 网民诉求? 电话诉求?) fits every
  // fact it names as well: all of them, never the one a shared verb happens to favour.
  const tied = matches.filter(
    (m) =>
      m.phraseShare === top.phraseShare &&
      m.fact.sub === top.fact.sub &&
      (top.phraseShare < 1 || m.score === top.score),
  );
  // The same number said twice (a summary sentence and a detail) is one answer.
  return tied.filter(
    (m, i) => tied.findIndex((x) => x.fact.value === m.fact.value && x.fact.unit === m.fact.unit) === i,
  );
}
