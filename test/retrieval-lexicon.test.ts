// The dictionary lookup (src/retrieval/lexicon.ts) and the small jieba the tokenizer
// builds from it for a cold question: the lookup holds jieba's own dictionary words and
// frequencies (read here from dict.txt apart from the code), and a text cut by the
// lookup is cut exactly as by the whole dictionary — over every line of the bundled
// reports, every question of the project's set, made-up awkward texts and, when
// ../shared is present, the real PDFs. A cold search in a fresh process cuts by the
// lookup only, never loading the whole dictionary (nor LangChain's vector stores), and
// for every question of the project's set finds the same top 10 as a whole-dictionary
// process, rank for rank on both sides of the fusion.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText } from '../src/extract/index.js';
import { chunkReport } from '../src/retrieval/chunker.js';
import { HashedNgramEmbeddings } from '../src/retrieval/embeddings/hashed.js';
import { jiebaDictPath, LEXICON_FILE, Lexicon } from '../src/retrieval/lexicon.js';
import { saveLexicon } from '../src/retrieval/lexicon-cache.js';
import { RETRIEVAL_DIR, RetrievalIndex } from '../src/retrieval/retrieval-index.js';
import { addUserWords, cutBy, useLexicon } from '../src/retrieval/tokenizer.js';
import { loadQuestions } from './questions/load.js';
import { sharedFile } from './support/shared.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seeds = JSON.parse(fs.readFileSync(path.join(repoRoot, 'corpus/index.json'), 'utf8')) as {
  file: string;
  office: string;
  year: number;
}[];
const seedText = (i: number) => fs.readFileSync(path.join(repoRoot, 'corpus', seeds[i].file), 'utf8');
const ALIASES = ['只楚', '只楚街道', '城关镇', '城郊街道', '洛北街道', '胜利街街道'];
const SET_QUESTIONS = loadQuestions().map((q) => q.q);
/** Searched in the cold process and here: the project's whole question set and a few more. */
const QUESTIONS = [
  ...SET_QUESTIONS,
  '城关镇政务公开平台建设情况',
  '只楚街道微信公众号关注量是多少',
  '存在的主要问题及改进情况',
  'how many applications',
];
const realworld = sharedFile('realworld', 'the real reports (PDF)');

let dir: string;
let dataDir: string;
let lexicon: Lexicon;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-lexicon-'));
  dataDir = path.join(dir, 'data');
  // An index of the five seeds, saved: the lookup is written beside it.
  const index = await RetrievalIndex.open(dataDir, new HashedNgramEmbeddings(), { userWords: ALIASES });
  for (let i = 0; i < seeds.length; i++)
    await index.addReport(
      i + 1,
      chunkReport(seedText(i), { reportId: i + 1, officeId: i + 1, office: seeds[i].office, year: seeds[i].year }),
    );
  await index.save();
  const file = path.join(dataDir, RETRIEVAL_DIR, LEXICON_FILE);
  useLexicon(file);
  lexicon = Lexicon.open(file)!;
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** jieba's dictionary as its text says: word → frequency (a later line wins, as jieba loads it). */
function dictFrequencies(): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of fs.readFileSync(jiebaDictPath(), 'utf8').split('\n')) {
    const [w, f] = line.split(' ');
    if (w && f) out.set(w, Number(f));
  }
  return out;
}

function expectSameCuts(texts: Iterable<string>): number {
  let n = 0;
  const differing: string[] = [];
  for (const raw of texts) {
    const text = raw.normalize('NFKC');
    if (!text.trim()) continue;
    n++;
    const whole = cutBy(text, 'whole')!.join('|');
    const lookup = cutBy(text, 'lookup')!.join('|');
    if (whole !== lookup) differing.push(`${text.slice(0, 60)}\n  whole:  ${whole}\n  lookup: ${lookup}`);
  }
  expect(differing.slice(0, 5).join('\n')).toBe('');
  return n;
}

describe('the dictionary lookup beside the index', () => {
  it('is saved with the index and holds every word of jieba’s dictionary with its frequency', () => {
    const dict = dictFrequencies();
    expect(lexicon.size).toBe(dict.size);
    let total = 0;
    for (const f of dict.values()) total += f;
    expect(lexicon.total).toBe(total);
    for (const w of ['政务', '公开', '平台', '建设', '情况', '政府信息', '1号店', 'AA制'])
      expect(lexicon.freq(w), w).toBe(dict.get(w));
    expect(lexicon.freq('只楚街道')).toBeUndefined();
    // Every dictionary word inside a text, and only those.
    const text = '城关镇政务公开平台建设情况';
    const inside = [...dict.keys()].filter((w) => text.includes(w)).sort();
    expect([...lexicon.wordsIn(text).keys()].sort()).toEqual(inside);
  });

  it('is not written again when it matches the installed dictionary, and is refused when it does not', () => {
    const file = path.join(dataDir, RETRIEVAL_DIR, LEXICON_FILE);
    const before = fs.statSync(file).mtimeMs;
    saveLexicon(file, () => {
      throw new Error('written again');
    });
    expect(fs.statSync(file).mtimeMs).toBe(before);
    const bytes = fs.readFileSync(file);
    bytes.writeUInt32LE(bytes.readUInt32LE(20) + 1, 20); // built from another dictionary
    expect(Lexicon.fromBytes(bytes, fs.statSync(jiebaDictPath()).size)).toBeNull();
    expect(Lexicon.fromBytes(Buffer.from('not a lookup at all, not at all'))).toBeNull();
  });
});

describe('an index saved before the lookup existed', () => {
  it('gets it written at its next opening for questions, and a folder that cannot take it still works', async () => {
    const other = path.join(dir, 'older');
    const index = await RetrievalIndex.open(other, new HashedNgramEmbeddings());
    expect(index.keepLexicon()).toBe(false); // nothing saved yet: nothing to keep it beside
    await index.addReport(
      1,
      chunkReport(seedText(0), { reportId: 1, officeId: 1, office: seeds[0].office, year: seeds[0].year }),
    );
    await index.save();
    const file = path.join(other, RETRIEVAL_DIR, LEXICON_FILE);
    fs.rmSync(file);
    expect(index.keepLexicon()).toBe(true);
    expect(Lexicon.open(file)?.size).toBe(lexicon.size);
    // A path that cannot be written (here a folder in the file's place): said by false, never thrown.
    fs.rmSync(file);
    fs.mkdirSync(file);
    expect(index.keepLexicon()).toBe(false);
  });
});

describe('a text cut by the lookup is cut as by the whole dictionary', () => {
  it('in a fresh process, a search cuts by the lookup only and finds what the whole dictionary finds', async () => {
    // The cold process: opens the saved index and searches, then says whether jieba's
    // whole dictionary was ever loaded.
    const script = `
      import { HashedNgramEmbeddings } from './src/retrieval/embeddings/hashed.js';
      import { RetrievalIndex } from './src/retrieval/retrieval-index.js';
      import { wholeDictionaryLoaded } from './src/retrieval/tokenizer.js';
      const index = await RetrievalIndex.open(${JSON.stringify(dataDir)}, new HashedNgramEmbeddings(), { userWords: ${JSON.stringify(ALIASES)} });
      const out = [];
      for (const q of ${JSON.stringify(QUESTIONS)}) out.push((await index.search(q, { k: 10 })).map((h) => [h.chunk.id, h.bm25Rank ?? null, h.denseRank ?? null]));
      console.log(JSON.stringify({ out, whole: wholeDictionaryLoaded() }));`;
    // Every module the cold process loads is listed (a loader hook), to show what it spared.
    const loaded = path.join(dir, 'loaded.txt');
    const hook = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(
      `import fs from 'node:fs'; export async function load(url, context, next) { fs.appendFileSync(${JSON.stringify(loaded)}, url + '\\n'); return next(url, context); }`,
    )}));`;
    const cold = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        `data:text/javascript,${encodeURIComponent(hook)}`,
        '--input-type=module',
        '-e',
        script,
      ],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(cold.stderr).toBe('');
    const { out, whole } = JSON.parse(cold.stdout) as { out: unknown[]; whole: boolean };
    const modules = fs.readFileSync(loaded, 'utf8').split('\n');
    expect(modules.some((m) => m.includes('/retrieval/hnsw-graph.ts'))).toBe(true);
    expect(modules.some((m) => m.includes('@node-rs/jieba'))).toBe(true); // the hook sees packages
    // Neither jieba's whole dictionary nor any of LangChain: its vector stores (~0.15 s), nor
    // its Embeddings class (an AsyncCaller and p-queue, ~60 ms), which the offline embeddings
    // only implement the interface of.
    expect(modules.filter((m) => m.includes('@node-rs/jieba/dict'))).toEqual([]);
    expect(modules.filter((m) => m.includes('@langchain/core'))).toEqual([]);
    expect(whole).toBe(false);
    // This process: the whole dictionary, the same index.
    cutBy('政务公开', 'whole');
    addUserWords(ALIASES);
    const index = await RetrievalIndex.open(dataDir, new HashedNgramEmbeddings(), { userWords: ALIASES });
    const here = [];
    for (const q of QUESTIONS)
      here.push((await index.search(q, { k: 10 })).map((h) => [h.chunk.id, h.bm25Rank ?? null, h.denseRank ?? null]));
    expect(out).toEqual(here);
    expect(out.length).toBeGreaterThan(380);
    expect((here.at(-1) as unknown[]).length).toBe(10);
  }, 60_000);

  it('for every line of the bundled reports and every question of the project’s set', () => {
    addUserWords(ALIASES);
    const lines = seeds.flatMap((_, i) => seedText(i).split('\n'));
    expect(expectSameCuts([...lines, ...SET_QUESTIONS])).toBeGreaterThan(900);
  });

  it('for awkward texts: letters, digits, full-width forms, rare and astral characters, user words', () => {
    addUserWords(['芝罘区只楚街道办事处', '胜利街']);
    const n = expectSameCuts([
      '2020年只楚街道收到政府信息公开申请4件，其中自然人4件',
      'How many applications did 只楚 receive in 2020?',
      'ＡＢＣ１２３公开（含ＡＡ制、4S店、1号店）',
      '芝罘区只楚街道办事处关于2020年度政府信息公开工作年度报告',
      '胜利街街道胜利街胜利街街道',
      '𠀀𠀁龘靐齉𪚥 生僻字与扩展区汉字混排',
      '下雨天留客天留我不留',
      '结婚的和尚未结婚的',
      '南京市长江大桥',
      '。，、；：？！…—',
      'a',
    ]);
    expect(n).toBe(11);
  });

  it.skipIf(!realworld.present)(
    `for every line of the real PDFs${realworld.skipped}`,
    async () => {
      const pdfs = fs.readdirSync(realworld.file).filter((f) => f.endsWith('.pdf'));
      expect(pdfs.length).toBeGreaterThan(0);
      const lines: string[] = [];
      for (const f of pdfs) lines.push(...(await extractText(path.join(realworld.file, f))).text.split('\n'));
      expect(expectSameCuts(lines)).toBeGreaterThan(100);
    },
    60_000,
  );
});
