// The offline embeddings (hashed-ngram-v1) and the search tokens, made cheaper per chunk
// (issue 13), must give exactly what they gave: a saved index keeps its vectors and its
// BM25. The truth here is the definition, written plainly in this file as the feature
// strings it names (counted in a Map, hashed one by one) and tokenize's filter over
// jieba's whole-dictionary cut, and a few vectors' fingerprints taken from the code
// before it changed. Compared bit for bit over every chunk and line of the bundled
// reports, synthetic reports of every layout, the pattern reports (when ../shared is
// present), the project's questions and awkward texts.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlToText } from '../src/extract/index.js';
import { chunkIndexText, chunkReport } from '../src/retrieval/chunker.js';
import { HashedNgramEmbeddings } from '../src/retrieval/embeddings/hashed.js';
import { addUserWords, cutBy, cutTerms, STOP_WORDS, tokenize } from '../src/retrieval/tokenizer.js';
import { generateCorpus } from '../tools/synth/index.js';
import { loadQuestions } from './questions/load.js';
import { sharedFile } from './support/shared.js';
import { mulberry32 } from '../tools/synth/rng.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const patterns = sharedFile('patterns', 'the pattern reports');

/** 32-bit FNV-1a over UTF-16 code units, as the embeddings define it. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function murmurFinal(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * hashed-ngram-v1 as defined: features '1'+c, '2'+cc, '3'+ccc over each run of Han
 * characters, letters and digits of the NFKC lowercase text, and 'w'+word for its
 * tokens; counted by feature string; each adds sign · weight · (1 + ln tf) to bucket
 * fnv1a(feature) mod dimension in the order features first occur; L2-normalised.
 * `merge` counts features by hash instead (to show the collision test can fail).
 */
function reference(text: string, dimension: number, merge = false): number[] {
  const weights: Record<string, number> = { '1': 0.3, '2': 1, '3': 1, w: 1.5 };
  const counts = new Map<string | number, { feature: string; tf: number }>();
  const add = (feature: string) => {
    const key = merge ? fnv1a(feature) : feature;
    const seen = counts.get(key);
    if (seen) seen.tf++;
    else counts.set(key, { feature, tf: 1 });
  };
  const normal = text.normalize('NFKC').toLowerCase();
  for (const run of normal.match(/[\p{Script=Han}\p{L}\p{N}]+/gu) ?? []) {
    const chars = [...run];
    for (let i = 0; i < chars.length; i++) {
      add(`1${chars[i]}`);
      if (i + 1 < chars.length) add(`2${chars[i]}${chars[i + 1]}`);
      if (i + 2 < chars.length) add(`3${chars[i]}${chars[i + 1]}${chars[i + 2]}`);
    }
  }
  for (const word of tokenize(normal)) add(`w${word}`);
  const v = new Float64Array(dimension);
  for (const { feature, tf } of counts.values()) {
    const h = fnv1a(feature);
    const sign = murmurFinal(h) & 1 ? 1 : -1;
    v[h % dimension] += sign * weights[feature[0]] * (1 + Math.log(tf));
  }
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  return Array.from(v, (x) => (norm > 0 ? x / norm : 0));
}

/** tokenize as defined: jieba's search-mode cut of the NFKC text, non-CJK tokens trimmed and lowercased, junk and stop words dropped. */
function referenceTokens(text: string): string[] {
  return (cutBy(text.normalize('NFKC'), 'whole') ?? [])
    .map((raw) => (/^[\u4e00-\u9fff]/.test(raw) ? raw : raw.trim().toLowerCase()))
    .filter((t) => t && !STOP_WORDS.has(t) && !/^[^\p{Script=Han}\p{L}\p{N}]+$/u.test(t));
}

const AWKWARD = [
  '',
  ' ，。',
  'ABC公司APP下载PDF文件',
  'Ｔ恤ｂ超X光',
  'İstanbul ΣΊΣΥΦΟΣ ǅ ß ﬁ',
  '𠀀𠀁𪚥 汉字𩸽',
  'Ⅻ②⑩㈠',
  'e\u0301 café Å',
  '12.5% 3,000 +86-10',
  '\ud800 lone surrogate \udc00 x \udbff',
  'ＡＢＣ１２３全角',
  'a\u0000b\u200bc',
  'ﾊﾝｶｸ ｶﾀｶﾅ かな 한국어',
  '\ue000\ue001 private use',
  'x'.repeat(500),
  '中'.repeat(300),
  '𠀀'.repeat(50),
  '规结费，区台市，规结费', // two 3-grams whose hashes collide (below)
];

interface TextSet {
  name: string;
  texts: string[];
  /** Office names taught to the tokenizer before these texts, as the index does. */
  userWords: string[];
}

function chunkTexts(text: string, office: string, id: number): string[] {
  return chunkReport(text, { reportId: id, officeId: id, office, year: 2020 }).map(chunkIndexText);
}

function textSets(): TextSet[] {
  const sets: TextSet[] = [{ name: 'awkward', texts: AWKWARD, userWords: [] }];
  const corpus: TextSet = { name: 'bundled reports', texts: [], userWords: [] };
  const seeds = JSON.parse(fs.readFileSync(path.join(repoRoot, 'corpus/index.json'), 'utf8')) as {
    file: string;
    office: string;
  }[];
  seeds.forEach((s, i) => {
    const text = fs.readFileSync(path.join(repoRoot, 'corpus', s.file), 'utf8');
    corpus.userWords.push(s.office);
    corpus.texts.push(...chunkTexts(text, s.office, i), ...text.split('\n'), text);
  });
  sets.push(corpus);
  sets.push({ name: 'questions', texts: loadQuestions().map((q) => q.q), userWords: [] });
  const synth: TextSet = { name: 'synthetic reports', texts: [], userWords: [] };
  let id = 0;
  for (const item of generateCorpus(140, 20240131)) {
    const text = item.layout === 'html' ? htmlToText(item.text) : item.text;
    synth.userWords.push(item.office.name, item.office.short);
    synth.texts.push(...chunkTexts(text, item.office.name, id++));
  }
  sets.push(synth);
  if (patterns.present) {
    const set: TextSet = { name: 'pattern reports', texts: [], userWords: [] };
    for (const f of fs.readdirSync(patterns.file)) {
      if (!/\.(txt|html)$/.test(f)) continue;
      const raw = fs.readFileSync(path.join(patterns.file, f), 'utf8');
      const text = f.endsWith('.html') ? htmlToText(raw) : raw;
      set.texts.push(...chunkTexts(text, '某某街道办事处', id++), ...text.split('\n'), raw);
    }
    sets.push(set);
  }
  return sets;
}

const bits = (v: ArrayLike<number>) => Array.from(v, (x) => (Object.is(x, -0) ? '-0' : String(x)));
const fingerprint = (v: ArrayLike<number>) =>
  createHash('sha256')
    .update(new Uint8Array(Float64Array.from(v).buffer))
    .digest('hex');

describe('hashed-ngram-v1, counted without feature strings', () => {
  const sets = textSets();

  it(`gives every text the defined vector, bit for bit, and tokenize the defined tokens${patterns.skipped}`, () => {
    const dims = [256, 100, 8].map((d) => new HashedNgramEmbeddings({ dimension: d }));
    let compared = 0;
    for (const set of sets) {
      addUserWords(set.userWords);
      for (const text of set.texts) {
        const tokens = tokenize(text);
        expect(tokens, `${set.name}: ${text.slice(0, 40)}`).toEqual(referenceTokens(text));
        for (const e of dims) {
          const want = bits(reference(text, e.dimension));
          expect(bits(e.embedSync(text)), `${set.name} /${e.dimension}: ${text.slice(0, 40)}`).toEqual(want);
          expect(bits(e.embedSync(text, tokens)), `with its tokens: ${text.slice(0, 40)}`).toEqual(want);
          // Its tokens as the tokenizer's numbers, written into a shared buffer at an offset.
          const lists = cutTerms([[text]]);
          const out = new Float64Array(e.dimension + 3);
          e.embedTermsInto(text, lists.terms, lists.ids, lists.starts[0], lists.starts[1], out, 3);
          expect(bits(out.subarray(3)), `with its numbered tokens: ${text.slice(0, 40)}`).toEqual(want);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(3 * 2000);
  }, 120_000);

  it('keeps the vectors the code before it made (saved indexes stay valid)', () => {
    // sha256 of the Float64 vectors, taken from the Map-of-strings code this replaced.
    addUserWords(['芝罘区只楚街道办事处', '只楚街道']);
    const zhichu = fs.readFileSync(path.join(repoRoot, 'corpus/2020/只楚街道-2020.txt'), 'utf8');
    const texts = [
      '目前，我办微信公众号关注量5948人，2020年度累计发稿191篇。',
      '规结费，区台市：两个三字组的 FNV-1a 相同。',
      'ABC公司APP下载PDF文件 Ｔ恤 İstanbul 𠀀𠀁𪚥',
      zhichu,
    ];
    const got = (dimension: number) =>
      texts.map((t) => fingerprint(new HashedNgramEmbeddings({ dimension }).embedSync(t)));
    expect(got(256)).toEqual([
      '87d256d478835471800546eae8ccf9093bad5e1b315592ced33c3478f846fafe',
      'd8ef11cfdd85054f71dc7b9bf8ae200f384ce9afc74391c0c760518fbd9a9679',
      '813ecc37bcbd0ac61748fe2a71c91e68d96e44f8bdd4de666605a087a290edfb',
      'be50b89ab8f015ea4f9dc18fc3cc3a741fdeef567428c5bd7a91aec9ecc91183',
    ]);
    expect(got(100)).toEqual([
      '6872261ada45ed2421c7ecd7cca1f9372fb6873ce622ca915b3c97dd05bb5760',
      '1f59f6c7c46abc8e0dbd5c1cbe632645c3716b0a5df420a9765a6162ddd101e5',
      '8c37cfdb064de708dd6ca33953c622a6a6bbe01a30495c9f6d704336a23a2341',
      'e2b3a87acda282d2c2636dfbde788c037b6bbf0700a60feee0de68ce876d97bc',
    ]);
  });

  it('folds a text of full-width forms, Latin-1, symbols and Han without NFKC as NFKC and lowercasing fold it', () => {
    // Units whose NFKC form is another unit (full-width ASCII, ideographic space, ², µ, ª,
    // one-dot leader), that lowercasing or NFKC makes more of (Ａ, À, ¨, …), that combine
    // (a combining acute, a Hangul jamo), astral Han, and plain ones, drawn at random into
    // texts: each one's vector is the defined one, whichever way it was folded.
    const units = [
      ...'中文汉字年报公开申请０１２３ａｂｃｘｙｚ，。：；（）！？＂＇＼＃　、。《》「」【】〇〡²³¹µªº·½¼¾×÷‐–—‘’“”…‥․‼⁇ｘ',
      ...'abcXYZ019 \t\n.,;:-_"\'\\/()[]{}ÀÉÖßàéöÿ¨´¸¯ＡＺ',
      '\u0301',
      '\u1100',
      '\u1161',
      '\u1100\u1161',
      'e\u0301',
      '\u302a',
      '𠀀',
      '\ud800',
    ];
    const rng = mulberry32(20261202);
    const texts = Array.from({ length: 600 }, () =>
      Array.from({ length: rng.int(1, 40) }, () => rng.pick(units)).join(''),
    );
    const e = new HashedNgramEmbeddings();
    const lists = cutTerms(texts.map((t) => [t]));
    const out = new Float64Array(256);
    texts.forEach((text, i) => {
      e.embedTermsInto(text, lists.terms, lists.ids, lists.starts[i], lists.starts[i + 1], out, 0);
      expect(bits(out), JSON.stringify(text)).toEqual(bits(reference(text, 256)));
    });
  });

  it('counts apart two features whose 32-bit hashes collide', () => {
    expect(fnv1a('3规结费')).toBe(fnv1a('3区台市'));
    const text = '规结费，区台市，规结费';
    const e = new HashedNgramEmbeddings();
    expect(bits(e.embedSync(text))).toEqual(bits(reference(text, 256)));
    // Counting by hash would give another vector: the comparison above can tell.
    expect(bits(reference(text, 256, true))).not.toEqual(bits(reference(text, 256)));
  });

  it('takes the BM25 tokens only where they are the words it embeds, and gives typed vectors of the same numbers', () => {
    const e = new HashedNgramEmbeddings();
    const texts = ['APP下载量PDF', 'Ｔ恤', 'ΣΊΣΥΦΟΣ', '微信公众号关注量5948人', 'İ'];
    // Numbered in one batch, as indexing cuts them, and embedded from the batch's lists.
    const lists = cutTerms(texts.map((t) => [t]));
    const out = new Float64Array(256 * texts.length);
    texts.forEach((text, i) => {
      const tokens = tokenize(text);
      expect(bits(e.embedSync(text, tokens))).toEqual(bits(reference(text, 256)));
      expect(bits(e.embedTyped(text, tokens))).toEqual(bits(reference(text, 256)));
      e.embedTermsInto(text, lists.terms, lists.ids, lists.starts[i], lists.starts[i + 1], out, 256 * i);
    });
    texts.forEach((text, i) => expect(bits(out.subarray(256 * i, 256 * (i + 1)))).toEqual(bits(reference(text, 256))));
    // A typed vector is the caller's own: the next embedding does not overwrite it.
    const first = e.embedTyped('行政复议');
    const copy = Array.from(first);
    e.embedTyped('行政诉讼');
    expect(Array.from(first)).toEqual(copy);
  });
});
