// A question across offices reads only the facts whose sentence could pass the match's
// sentence test: one of a few of the question's characters (or a character NFKC folds
// onto one) must stand in it. The cut must never drop a fact the match would take.
import { describe, expect, it } from 'vitest';
import { parseReport } from '../src/parse/index.js';
import {
  matchProse,
  nfkcChangedRanges,
  nfkcSources,
  readProseQuestion,
  sentenceNeeds,
} from '../src/ask/prose-match.js';
import { openStore } from '../src/store/index.js';
import { generateCorpus } from '../tools/synth/index.js';
import { PART1, TITLE, report2021 } from './helpers/report-2021.js';

describe('the characters a matching sentence must hold', () => {
  it('NFKC changes no code point outside the listed ranges (the Unicode of this runtime)', () => {
    const inRanges = (cp: number) => nfkcChangedRanges.some(([a, b]) => cp >= a && cp <= b);
    const outside: number[] = [];
    for (let cp = 0; cp < 0x110000; cp++) {
      if (cp >= 0xd800 && cp < 0xe000) continue;
      const s = String.fromCodePoint(cp);
      if (!inRanges(cp) && s.normalize('NFKC') !== s) outside.push(cp);
    }
    expect(outside).toEqual([]);
  });

  it('knows the Kangxi radical and the compatibility ideograph that fold onto an ideograph', () => {
    // U+2F2F KANGXI RADICAL WORK → 工; U+F907 → 龜 (Unicode's own tables).
    expect(nfkcSources('工')).toContain('\u2f2f');
    expect(nfkcSources('龜')).toContain('\uf907');
  });

  it('a question made only of words canon folds to (发布会) has no cut: every fact is read', () => {
    expect(sentenceNeeds({ content: '发布会', unit: null, rate: false, change: false })).toBeNull();
  });

  it('never leaves out a fact the match takes (synthetic reports, questions from their own phrases)', () => {
    const facts = [...generateCorpus(40, 5)].flatMap((r) => parseReport(r.text).proseFacts ?? []);
    expect(facts.length).toBeGreaterThan(100);
    let matched = 0;
    const texts = new Set(
      facts.flatMap((f) => [
        `各单位${f.verb ?? ''}${f.phrase}情况`,
        `${f.lead}${f.verb ?? ''}${f.phrase}`,
        `${f.phrase}建设情况`,
      ]),
    );
    for (const text of texts) {
      const q = readProseQuestion(text, 'zh', []);
      if (!q) continue;
      const needs = sentenceNeeds(q);
      if (!needs) continue;
      const any = needs.flatMap((ch) => [ch, ...nfkcSources(ch)]);
      for (const m of matchProse(q, facts)) {
        matched++;
        expect(
          any.some((ch) => m.fact.sentence.includes(ch)),
          `${text} / ${m.fact.sentence}`,
        ).toBe(true);
      }
    }
    expect(matched).toBeGreaterThan(100);
  });
});

describe('the store asked for facts whose sentence holds a character', () => {
  it('returns just the facts of the phrase whose sentence holds one of them, in the year’s order', () => {
    const store = openStore(':memory:');
    const said = ['依托政务公开平台召开新闻发布会4场。', '全年召开新闻发布会7场。', '通过平台召开新闻发布会2场。'];
    said.forEach((line, i) => {
      const name = `某某县${'甲乙丙'[i]}镇人民政府`;
      const text = report2021({ part1: `${PART1}\n${line}` }).replace(TITLE, `${name}2022年政府信息公开工作年度报告`);
      store.saveReport({ parsed: parseReport(text), text, sourceFile: `${name}.txt` });
    });
    const all = store.proseFactsNamed(2022, ['新闻发布会']);
    expect(all.map((r) => r.fact.value)).toEqual([4, 7, 2]);
    const held = store.proseFactsNamed(2022, ['新闻发布会'], ['台', '况']);
    expect(held.map((r) => r.fact.value)).toEqual([4, 2]);
    store.close();
  });
});
