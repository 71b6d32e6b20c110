// A text cut again by the dictionary lookup (src/retrieval/tokenizer.ts' small jieba, as a
// cold question is cut for its BM25 terms and again for its embedding): the lookup is not
// searched again and the cut is the same, whatever the caller did to the first one; a user
// word added in between makes it cut afresh, with that word.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildLexicon, jiebaDictPath, Lexicon } from '../src/retrieval/lexicon.js';
import { addUserWords, cutBy, useLexicon } from '../src/retrieval/tokenizer.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-cutrepeat-'));
  const file = path.join(dir, 'jieba-words.lex');
  fs.writeFileSync(file, buildLexicon(fs.readFileSync(jiebaDictPath())));
  useLexicon(file);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a text cut again by the lookup', () => {
  it('is cut once, the same cut given again, until a user word changes it', () => {
    const looked = vi.spyOn(Lexicon.prototype, 'wordsIn');
    const q = '城平台建设情况务公开平台建设情况';
    const first = cutBy(q, 'lookup')!;
    const want = [...first];
    first.push('changed by its caller');
    expect(cutBy(q, 'lookup')).toEqual(want);
    expect(looked).toHaveBeenCalledTimes(1);
    expect(cutBy('只楚街道', 'lookup')).not.toEqual(want);
    expect(looked).toHaveBeenCalledTimes(2);
    // A word jieba's dictionary lacks, added as a user word: the same text cut afresh holds it.
    expect(want).not.toContain('平台建设情况');
    addUserWords(['平台建设情况']);
    const after = cutBy(q, 'lookup')!;
    expect(after).toContain('平台建设情况');
    expect(after).toEqual(cutBy(q, 'whole'));
    looked.mockRestore();
  });
});
