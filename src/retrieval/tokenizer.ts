// Chinese word segmentation for BM25 and the hashed embeddings: jieba (search
// mode, so 只楚街道 yields 只楚街道 and 街道), with the template's own terms and the
// offices' names as user words. One Jieba instance per process, loaded on first use
// (~150 ms for the bundled dictionary).
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

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
export const STOP_WORDS = new Set(
  (
    '的 了 是 在 和 与 及 或 等 对 为 把 被 从 以 于 之 其 这 那 此 该 各 每 有 无 也 都 还 又 就 并 而 且 则 但 如 若 ' +
    '我 我们 你 你们 他 它 她 办 本 个 年 月 日 中 上 下 将 已 已经 进一步 ' +
    '吗 呢 吧 啊 呀 么 嘛 哪 哪些 哪个 什么 怎么 怎样 如何 多少 几 几个 是否 请问 请 一下 告诉 知道 想 问 ' +
    'the a an of and or to in on for is are what how many much which'
  ).split(/\s+/),
);

let jieba: Jieba | null = null;
const userWords = new Set<string>();

function instance(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    loadWords(TEMPLATE_TERMS);
  }
  return jieba;
}

function loadWords(words: Iterable<string>): void {
  const fresh: string[] = [];
  for (const w of words) {
    const word = w.replace(/\s+/g, '');
    if (word.length >= 2 && !userWords.has(word)) {
      userWords.add(word);
      fresh.push(word);
    }
  }
  // A high frequency makes jieba prefer the user word over its own cuts.
  if (fresh.length) instance().loadDict(Buffer.from(`${fresh.map((w) => `${w} 200000 n`).join('\n')}\n`));
}

/**
 * Teach the tokenizer more words (office names and their short names). Idempotent.
 * Texts tokenized before a word was added keep their old cuts; RetrievalIndex adds
 * an office's names before it tokenizes that office's chunks.
 */
export function addUserWords(words: Iterable<string>): void {
  instance();
  loadWords(words);
}

// Keep CJK, letters and digits; everything else is a separator.
const JUNK = /^[^\p{Script=Han}\p{L}\p{N}]+$/u;

/** Search tokens of `text`: jieba search-mode words, ASCII lowercased, punctuation and stop words dropped. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const raw of instance().cutForSearch(text.normalize('NFKC'), true)) {
    const c = raw.charCodeAt(0);
    // Most tokens are Chinese words: keep them without the regex and case work (half the cost).
    const cjk = c >= 0x4e00 && c <= 0x9fff;
    const t = cjk ? raw : raw.trim().toLowerCase();
    if (!t || STOP_WORDS.has(t) || (!cjk && JUNK.test(t))) continue;
    out.push(t);
  }
  return out;
}
