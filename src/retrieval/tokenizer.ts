// Chinese word segmentation for BM25 and the hashed embeddings: jieba (search
// mode, so 只楚街道 yields 只楚街道 and 街道), with the template's own terms and the
// offices' names as user words. One Jieba instance per process, loaded on first use.
// Loading jieba's whole 5 MB dictionary takes ~0.2–0.3 s, most of a cold passage
// question (issue 13), so while a saved dictionary lookup is at hand (useLexicon, given
// by the search index) and little text has been cut, each text is cut by a small jieba
// holding only the dictionary words inside it, with the whole dictionary's frequencies
// and total: the same cuts, word for word (see src/retrieval/lexicon.ts). Past
// LIGHT_CHARS of text (indexing) the whole dictionary is loaded once, as before.
import fs from 'node:fs';
import { Jieba } from '@node-rs/jieba';
import { jiebaDictPath, Lexicon } from './lexicon.js';
import { detached } from '../parse/detached.js';
import { type TermLists, Terms, tokensOf } from './terms.js';

/** Terms of the report template that jieba's general dictionary cuts apart. */
export const TEMPLATE_TERMS = [
  '政府信息公开',
  '政务公开',
  '主动公开',
  '依申请公开',
  '政府信息',
  '行政复议',
  '行政诉讼',
  '行政许可',
  '行政处罚',
  '行政强制',
  '行政事业性收费',
  '规范性文件',
  '政府集中采购',
  '信息处理费',
  '年度报告',
  '微信',
  '微信公众号',
  '公众号',
  '关注量',
  '浏览量',
  '阅读量',
  '粉丝',
  '政务新媒体',
  '门户网站',
  '政府网站',
  '政务微博',
  '微博',
  '新闻发布会',
  '政策解读',
  '落款',
  '存在问题',
  '改进情况',
  '改进措施',
  '整改情况',
  '监督保障',
  '平台建设',
  '教育培训',
  '工作考核',
  '社会评议',
  '责任追究',
  '勾稽关系',
  '结转',
];

/** Words that carry no meaning for search (question words, particles, pronouns of the reports). */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    '的 了 是 在 和 与 及 或 等 对 为 把 被 从 以 于 之 其 这 那 此 该 各 每 有 无 也 都 还 又 就 并 而 且 则 但 如 若 ' +
    '我 我们 你 你们 他 它 她 办 本 个 年 月 日 中 上 下 将 已 已经 进一步 ' +
    '吗 呢 吧 啊 呀 么 嘛 哪 哪些 哪个 什么 怎么 怎样 如何 多少 几 几个 是否 请问 请 一下 告诉 知道 想 问 ' +
    'the a an of and or to in on for is are what how many much which'
  ).split(/\s+/),
);

let jieba: Jieba | null = null;
/** User words and their frequency: a high one makes jieba prefer them over its own cuts. */
const userWords = new Map<string, number>();
const USER_FREQ = 200_000;
/** Text cut word by word from the lookup before the whole dictionary is worth loading. */
const LIGHT_CHARS = 20_000;
let lexiconFile: string | null = null;
let lexicon: Lexicon | null | undefined;
let lightChars = 0;
/** What the user words add to the lookup's total, and the longest (in UTF-16 units); null: to count again. */
let userTotal: number | null = null;
let longestUserWord = 0;
/** The last text lightCut cut, by which lookup, and its cut (a copy of its own); null when user words changed since. */
let lastLight: { lex: Lexicon; text: string; cut: string[] } | null = null;
// Never in a text: carries the rest of the dictionary's total frequency in a small jieba.
const REST_WORD = '\ue000\ue001\ue002\ue003';

/**
 * The tokens of texts cut lately, by text, for cutTerms: about half of what a batch of
 * reports holds was cut for an earlier batch already (a template's headings and stock
 * passages, an office's name; 10,000 synthetic reports), and ~¾ of the rest are clauses
 * cut already (a template's sentences). Two generations, so the texts met
 * again and again stay while the rest ages out; emptied when user words change the cuts
 * or the terms are numbered afresh. The lists are shared: nobody changes them.
 */
class RecentParts {
  private young = new Map<string, Int32Array>();
  private old = new Map<string, Int32Array>();
  private youngChars = 0;

  /** `maxChars`: text held in one generation (two are held: ~4 × maxChars bytes of text, and the tokens). */
  constructor(private readonly maxChars: number) {}

  get(text: string): Int32Array | undefined {
    const young = this.young.get(text);
    if (young) return young;
    const old = this.old.get(text);
    if (old) this.set(text, old);
    return old;
  }

  set(text: string, tokens: Int32Array): void {
    if (this.youngChars + text.length > this.maxChars) {
      this.old = this.young;
      this.young = new Map();
      this.youngChars = 0;
    }
    // A copy of its own: a chunk's passage is a slice of its report's text, which the cache
    // would otherwise keep alive, copied and promoted by young collections (issue 13).
    this.young.set(detached(text), tokens);
    this.youngChars += text.length;
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
    this.youngChars = 0;
  }
}

const recentParts = new RecentParts(1_000_000);
/** The numbering of the tokens cutTerms hands out (the parts remembered above are in its numbers). */
let terms = new Terms();
/** Terms numbered before the numbering starts afresh (~100 bytes each, the strings aside). */
const MAX_TERMS = 1 << 22;

function instance(): Jieba {
  if (!jieba) {
    // Loaded here only: a number answer never needs jieba's dictionary. Read as
    // @node-rs/jieba/dict.js reads it, without the 6 MB of TF-IDF weights it reads too.
    jieba = Jieba.withDict(fs.readFileSync(jiebaDictPath()));
    if (userWords.size) jieba.loadDict(dictLines([...userWords]));
  }
  return jieba;
}

function dictLines(words: Iterable<[string, number]>): Buffer {
  let out = '';
  for (const [w, f] of words) out += `${w} ${f} n\n`;
  return Buffer.from(out);
}

function loadWords(words: Iterable<string>): void {
  const fresh: [string, number][] = [];
  for (const w of words) {
    const word = w.replace(/\s+/g, '');
    if (word.length >= 2 && !userWords.has(word)) {
      userWords.set(word, USER_FREQ);
      fresh.push([word, USER_FREQ]);
    }
  }
  if (fresh.length) userTotal = null;
  if (fresh.length) lastLight = null;
  // Parts cut before may cut otherwise now.
  if (fresh.length) recentParts.clear();
  if (fresh.length && jieba) jieba.loadDict(dictLines(fresh));
}
loadWords(TEMPLATE_TERMS);

/**
 * Teach the tokenizer more words (office names and their short names). Idempotent.
 * Texts tokenized before a word was added keep their old cuts; RetrievalIndex adds
 * an office's names before it tokenizes that office's chunks.
 */
export function addUserWords(words: Iterable<string>): void {
  loadWords(words);
}

/**
 * Offers a saved dictionary lookup (src/retrieval/lexicon.ts; the search index keeps one
 * beside it), opened at the first cut. The first one offered is kept: every lookup built
 * from the installed jieba is the same.
 */
export function useLexicon(file: string): void {
  lexiconFile ??= file;
}

/** Whether jieba's whole dictionary is loaded (for tests and benchmarks). */
export function wholeDictionaryLoaded(): boolean {
  return jieba !== null;
}

/**
 * jieba's search-mode cut of `text` by the offered lookup or by the whole dictionary, as
 * chosen (tests prove the two agree); null when no lookup can be opened. Loads what it uses.
 */
export function cutBy(text: string, by: 'lookup' | 'whole'): string[] | null {
  if (by === 'whole') return instance().cutForSearch(text, true);
  if (!lexicon && lexiconFile) lexicon = Lexicon.open(lexiconFile);
  return lexicon ? lightCut(lexicon, text) : null;
}

/** jieba's search-mode cut of `text`, by the whole dictionary or, for little text, by the lookup. */
function cut(text: string): string[] {
  if (!jieba && lightChars < LIGHT_CHARS) {
    if (lexicon === undefined && lexiconFile) lexicon = Lexicon.open(lexiconFile);
    if (lexicon) {
      lightChars += text.length;
      return lightCut(lexicon, text);
    }
  }
  return instance().cutForSearch(text, true);
}

// A jieba holding only the words of `text` (user words over the dictionary's, as loadDict
// overrides them) and one word that stands for the rest of the total: jieba scores a cut
// by log(freq / total), so with the same total and the same words it cuts alike.
function lightCut(lex: Lexicon, text: string): string[] {
  // A question is cut twice (its BM25 terms, its embedding): the small jieba built once.
  if (lastLight?.text === text && lastLight.lex === lex) return [...lastLight.cut];
  const cut = lightCutAfresh(lex, text);
  lastLight = { lex, text, cut: [...cut] };
  return cut;
}

function lightCutAfresh(lex: Lexicon, text: string): string[] {
  const words = lex.wordsIn(text);
  if (userTotal === null) {
    userTotal = 0;
    longestUserWord = 0;
    for (const [w, f] of userWords) {
      userTotal += f - (lex.freq(w) ?? 0);
      longestUserWord = Math.max(longestUserWord, w.length);
    }
  }
  const total = lex.total + userTotal;
  for (let i = 0; i < text.length; i++) {
    for (let j = i + 2; j <= text.length && j - i <= longestUserWord; j++) {
      const f = userWords.get(text.slice(i, j));
      if (f !== undefined) words.set(text.slice(i, j), f);
    }
  }
  let sum = 0;
  for (const f of words.values()) sum += f;
  words.set(REST_WORD, total - sum);
  const small = new Jieba();
  small.loadDict(dictLines(words));
  return small.cutForSearch(text, true);
}

// Keep CJK, letters and digits; everything else is a separator.
const JUNK = /^[^\p{Script=Han}\p{L}\p{N}]+$/u;
/** Per UTF-16 unit, whether it alone is junk (as JUNK says): 0 not yet asked, 1 yes, 2 no. */
const junkUnit = new Uint8Array(0x10000);
/** Per UTF-16 unit, whether some stop word begins with it: most tokens are then never looked up. */
const stopFirst = new Uint8Array(0x10000);
for (const w of STOP_WORDS) stopFirst[w.charCodeAt(0)] = 1;

/** Search tokens of `text`: jieba search-mode words, ASCII lowercased, punctuation and stop words dropped. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  keepTokens(cut(text.normalize('NFKC')), 0, Number.POSITIVE_INFINITY, out);
  return out;
}

// Between two texts cut in one call: never in a report (texts holding it are cut alone),
// outside jieba's word characters and not white space, so jieba returns it as a token
// of its own and cuts the text on each side of it as if alone; NFKC leaves it as it is.
const SEPARATOR = '\u0001';

/**
 * tokenize(parts.join('\n')) for each list of parts (a chunk's office, headings and
 * passage), the same tokens in the same order, for ~a third less cutting (issue 13):
 * jieba cuts at every character outside its word characters and NFKC never joins across
 * a line break, so the tokens of a text joined by line breaks are its parts' tokens one
 * after another. Each distinct part is cut once, and all of them in one call to jieba; a
 * part of many clauses (clauseEnds) is cut clause by clause, each distinct clause once.
 * The tokens come as numbers (terms.ts): a part met again is not looked up token by token.
 */
export function cutTerms(list: readonly (readonly string[])[]): TermLists {
  if (terms.size > MAX_TERMS) {
    terms = new Terms();
    recentParts.clear();
  }
  /** Each distinct part and clause of this call: its place in cuts; a part of many clauses, -1 - its place in byClauses. */
  const index = new Map<string, number>();
  const cuts: Int32Array[] = [];
  /**
   * The places in cuts of each list's tokens, list after list: a part of many clauses as its
   * clauses' places (their tokens are copied once, into the lists' array, not first joined
   * into an array of the part's own); a list ends at listEnds.
   */
  const order: number[] = [];
  const listEnds = new Int32Array(list.length);
  // Parts and clauses cut in an earlier call (a template's headings and stock passages and
  // sentences) are not cut again.
  const uncut: string[] = [];
  const uncutAt: number[] = [];
  /** Parts of many clauses: their clauses' places. */
  const byClauses: number[][] = [];
  const place = (text: string): number => {
    let k = index.get(text);
    if (k !== undefined) return k;
    k = cuts.length;
    index.set(text, k);
    const known = recentParts.get(text);
    cuts.push(known ?? EMPTY);
    if (!known) {
      uncut.push(text);
      uncutAt.push(k);
    }
    return k;
  };
  for (let l = 0; l < list.length; l++) {
    for (const p of list[l]) {
      let k = index.get(p);
      if (k === undefined) {
        // A part of many clauses is looked up clause by clause, and never kept whole: its
        // clauses are what repeat (a template's sentences), and a long passage kept whole
        // would push them out of the recent parts sooner.
        const ends = clauseEnds(p);
        if (ends) {
          k = -1 - byClauses.length;
          index.set(p, k);
          const clauses: number[] = [];
          for (let c = 0, from = 0; c < ends.length; from = ends[c++]) clauses.push(place(p.slice(from, ends[c])));
          byClauses.push(clauses);
        } else k = place(p);
      }
      if (k >= 0) order.push(k);
      else for (const c of byClauses[-1 - k]) order.push(c);
    }
    listEnds[l] = order.length;
  }
  const cut = tokenizeMany(uncut);
  for (let i = 0; i < uncut.length; i++) {
    const tokens = cut[i];
    const ids = new Int32Array(tokens.length);
    for (let j = 0; j < tokens.length; j++) ids[j] = terms.id(tokens[j]);
    cuts[uncutAt[i]] = ids;
    recentParts.set(uncut[i], ids);
  }
  const starts = new Int32Array(list.length + 1);
  let total = 0;
  for (let l = 0, o = 0; l < list.length; l++) {
    for (const end = listEnds[l]; o < end; o++) total += cuts[order[o]].length;
    starts[l + 1] = total;
  }
  // Copied a token at a time: most pieces are a few tokens, where set() costs more than it copies.
  const ids = new Int32Array(total);
  for (let o = 0, at = 0; o < order.length; o++) {
    const piece = cuts[order[o]];
    for (let j = 0; j < piece.length; j++) ids[at++] = piece[j];
  }
  return { terms, ids, starts };
}

const EMPTY = new Int32Array(0);

/** Units after which a clause may end: ，。；：！？、 and a line break (jieba's word characters hold none of them, NFKC's forms neither). */
const CLAUSE_END = new Uint8Array(0x10000);
for (const c of '，。；：！？、\n') CLAUSE_END[c.charCodeAt(0)] = 1;

/**
 * Where a part is cut apart into clauses, each cut alone with the same tokens
 * (null: one clause): after a clause end, before a Han character of the main block. jieba
 * cuts a text into blocks of its word characters and cuts each block alone, and a clause end
 * is never in a block, so no block spans two clauses; NFKC changes nothing across the cut,
 * a Han character neither composing with what stands before it nor being reordered. Most
 * new passages of a report are a template's sentences with a few changed (numbers, names):
 * cut by clause, c10k's text for jieba is under half of what it is by whole part (issue 13).
 */
function clauseEnds(p: string): number[] | null {
  let ends: number[] | null = null;
  for (let i = 0; i < p.length - 1; i++) {
    if (CLAUSE_END[p.charCodeAt(i)] !== 1) continue;
    const next = p.charCodeAt(i + 1);
    if (next >= 0x4e00 && next <= 0x9fff) (ends ??= []).push(i + 1);
  }
  if (ends) ends.push(p.length);
  return ends;
}

/** cutTerms's tokens as strings: each list's the same as tokenize(parts.join('\n')). */
export function tokenizeJoined(list: readonly (readonly string[])[]): string[][] {
  const lists = cutTerms(list);
  return list.map((_, i) => tokensOf(lists, i));
}

/** tokenize(t) for each text, cut by jieba in one call (one call per text costs more). */
function tokenizeMany(texts: readonly string[]): string[][] {
  if (texts.length === 0) return [];
  if (texts.some((t) => t.includes(SEPARATOR))) return texts.map((t) => tokenize(t));
  const raw = cut(texts.join(SEPARATOR).normalize('NFKC'));
  const out: string[][] = [];
  let from = 0;
  for (let i = 0; i <= raw.length; i++) {
    if (i < raw.length && raw[i] !== SEPARATOR) continue;
    const mine: string[] = [];
    keepTokens(raw, from, i, mine);
    out.push(mine);
    from = i + 1;
  }
  if (out.length !== texts.length) throw new Error(`分词结果与文本数不符（${out.length} ≠ ${texts.length}）`);
  return out;
}

/** The search tokens among jieba's words raw[from, to), appended to out. */
function keepTokens(words: readonly string[], from: number, to: number, out: string[]): void {
  for (let i = from; i < to && i < words.length; i++) {
    const raw = words[i];
    const c = raw.charCodeAt(0);
    // Most tokens are Chinese words: keep them without the regex and case work (half the cost).
    const cjk = c >= 0x4e00 && c <= 0x9fff;
    // Punctuation and spaces come one unit a token: dropped without trimming or a regex each.
    if (!cjk && raw.length === 1) {
      if (junkUnit[c] === 0) junkUnit[c] = JUNK.test(raw) ? 1 : 2;
      if (junkUnit[c] === 1) continue;
    }
    const t = cjk ? raw : raw.trim().toLowerCase();
    if (!t || (stopFirst[t.charCodeAt(0)] === 1 && STOP_WORDS.has(t)) || (!cjk && JUNK.test(t))) continue;
    out.push(t);
  }
}
