// Indexing cuts each chunk's office, headings and passage apart, each distinct one once and
// all in one call to jieba (tokenizeJoined): the tokens must be, word for word and in order,
// those of cutting each chunk's whole index text (tokenize(chunkIndexText(chunk))).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractBuffer } from '../src/extract/index.js';
import { chunkIndexParts, chunkIndexText, chunkReport } from '../src/retrieval/chunker.js';
import { addUserWords, cutTerms, tokenize, tokenizeJoined } from '../src/retrieval/tokenizer.js';
import type { Chunk } from '../src/retrieval/types.js';
import { generateCorpus, mulberry32, mutateReport } from '../tools/synth/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function chunksOf(texts: { name: string; text: string }[]): Promise<Chunk[]> {
  const out: Chunk[] = [];
  for (const [i, { name, text }] of texts.entries()) {
    // A mutation can make a text unreadable (binary): such a report is never indexed.
    const plain = await extractBuffer(Buffer.from(text), name).then(
      (x) => x.text,
      () => null,
    );
    if (plain === null) continue;
    out.push(
      ...chunkReport(plain, { reportId: i + 1, officeId: i + 1, office: name.replace(/\..*$/, ''), year: 2021 }),
    );
  }
  return out;
}

describe('tokenizeJoined', () => {
  it('gives each chunk the tokens of its whole index text: bundled reports, every synthetic layout, mutated', async () => {
    const corpus = fs
      .readdirSync(path.join(repoRoot, 'corpus/2020'))
      .map((f) => ({ name: f, text: fs.readFileSync(path.join(repoRoot, 'corpus/2020', f), 'utf8') }));
    const rng = mulberry32(5);
    const synth = [...generateCorpus(70, 23)].flatMap((item) => [
      { name: item.name, text: item.text },
      { name: item.name, text: mutateReport(item.text, rng).text },
    ]);
    const chunks = await chunksOf([...corpus, ...synth]);
    expect(chunks.length).toBeGreaterThan(1000);
    // Batches of 32 reports' chunks, as indexing takes them, and one chunk alone.
    for (let i = 0; i < chunks.length; i += 350) {
      const batch = chunks.slice(i, i + 350);
      expect(tokenizeJoined(batch.map(chunkIndexParts))).toEqual(batch.map((c) => tokenize(chunkIndexText(c))));
    }
    expect(tokenizeJoined([chunkIndexParts(chunks[0])])).toEqual([tokenize(chunkIndexText(chunks[0]))]);
  });

  it('cuts texts holding its separator one by one, with the same tokens', () => {
    const parts = [['只楚街道', '依申请公开\u0001行政复议'], ['主动公开政府信息'], []];
    expect(tokenizeJoined(parts)).toEqual(parts.map((p) => tokenize(p.join('\n'))));
    expect(tokenizeJoined([])).toEqual([]);
  });

  it('cuts a text met in an earlier call again once a new user word changes its cut', () => {
    // Texts cut before are remembered across calls (batches repeat a template's passages).
    const parts = [['坭垌嵅镇政务公开工作情况']];
    const before = tokenizeJoined(parts)[0];
    expect(before).not.toContain('坭垌嵅镇');
    expect(tokenizeJoined(parts)[0]).toEqual(before);
    addUserWords(['坭垌嵅镇']);
    const after = tokenizeJoined(parts)[0];
    expect(after).toContain('坭垌嵅镇');
    expect(after).toEqual(tokenize('坭垌嵅镇政务公开工作情况'));
  });
});

describe('cutTerms, clause by clause', () => {
  it('gives a new passage that repeats clauses met before the tokens of cutting it whole', () => {
    // A template's sentences with a few words changed: the clauses met before are not cut
    // again. Edges: a clause end before a digit, a bracket, a quote, a space, a combining
    // mark, a line break (CR LF too), full-width forms NFKC folds, an office's name (a user
    // word) right after a clause end, the separator of texts cut in one call, and a part of
    // many clauses met again in the same call.
    addUserWords(['坭垌嵅镇人民政府']);
    const stock = '我局高度重视政府信息公开工作，坚持以公开为常态、不公开为例外，全面推进决策公开。';
    const batches = [
      [[stock], ['依申请公开：全年共收到申请12件；已全部办结！是否按时？是。']],
      [
        ['坭垌嵅镇人民政府', `${stock}全年主动公开信息118条，坭垌嵅镇人民政府网站发布信息56条。`],
        ['我局高度重视政府信息公开工作，2024年共公开信息，（一）主动公开，“政府信息”，。 公开工作，\u0301政务公开。'],
        ['全年共收到申请13件；已全部办结！是否按时？否。\r\n行政复议：无。\n行政诉讼、无。ＡＢＣ，Ｔ恤。'],
        ['依申请公开\u0001行政复议，政务公开。', stock],
      ],
      // A part of many clauses met twice in one call, in one list and in two.
      [
        [stock, stock],
        ['坭垌嵅镇人民政府', stock, '新的一句，另一句。'],
      ],
    ];
    for (const parts of batches) {
      const lists = cutTerms(parts);
      parts.forEach((p, i) => {
        const ids = Array.from(lists.ids.subarray(lists.starts[i], lists.starts[i + 1]));
        expect(
          ids.map((id) => lists.terms.names[id]),
          p.join('|'),
        ).toEqual(tokenize(p.join('\n')));
      });
    }
  });
});

describe('cutTerms', () => {
  it('numbers each distinct token once, the same number in every batch, and lists each text by its numbers', () => {
    const batches = [
      [
        ['只楚街道', '主动公开政府信息'],
        ['依申请公开', '只楚街道'],
      ],
      [['主动公开政府信息'], [], ['ABC公司', '依申请公开行政复议']],
    ];
    const seen = new Map<string, number>();
    for (const parts of batches) {
      const lists = cutTerms(parts);
      expect(lists.starts.length).toBe(parts.length + 1);
      parts.forEach((p, i) => {
        const want = tokenize(p.join('\n'));
        const ids = Array.from(lists.ids.subarray(lists.starts[i], lists.starts[i + 1]));
        expect(ids.map((id) => lists.terms.names[id])).toEqual(want);
        want.forEach((token, j) => {
          expect(seen.get(token) ?? ids[j]).toBe(ids[j]);
          seen.set(token, ids[j]);
        });
      });
    }
    // Distinct tokens, distinct numbers.
    expect(new Set(seen.values()).size).toBe(seen.size);
  });
});

describe('chunkReport', () => {
  it('copies whatever the meta holds into each chunk, in its order, as a spread would', () => {
    const text = fs.readFileSync(path.join(repoRoot, 'corpus/2020/只楚街道-2020.txt'), 'utf8');
    const usual = chunkReport(text, { reportId: 3, officeId: 4, office: '只楚街道', year: 2020 });
    const other = { year: 2020, office: '只楚街道', officeId: 4, reportId: 3, source: 'x' };
    const unusual = chunkReport(text, other);
    expect(unusual.map((c) => Object.keys(c).slice(0, 5))[0]).toEqual([
      'year',
      'office',
      'officeId',
      'reportId',
      'source',
    ]);
    expect(unusual.map(({ source, ...c }: Chunk & { source?: string }) => c)).toEqual(usual);
    expect(Object.keys(usual[0])).toEqual([
      'reportId',
      'officeId',
      'office',
      'year',
      'id',
      'seq',
      'part',
      'partHeading',
      'section',
      'line',
      'endLine',
      'text',
    ]);
  });
});
