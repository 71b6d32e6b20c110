// Generated web pages turned into text the seven ways crawlers and converters do it
// (test/helpers/crawl.ts), then parsed: the truth is the generator's. Every way gives
// no wrong value; all but the one with no separator at all give every cell (there,
// table 二's rows have no sum to split their digits by, and are rightly left blank).
import { describe, expect, it } from 'vitest';
import { parseReport } from '../src/parse/index.js';
import { generateCorpus, mulberry32 } from '../tools/synth/index.js';
import { CRAWL_MODES, crawlToText } from './helpers/crawl.js';

const pages = [...generateCorpus(24, 11, { layouts: ['html'] })];

function score(mode: (typeof CRAWL_MODES)[number], blankZeros: boolean) {
  let exact = 0;
  let total = 0;
  const wrong: string[] = [];
  for (const page of pages) {
    const rng = mulberry32(page.name.length * 7919 + 1);
    // Blank a third of the zeros: with blanks that vanish, a zero's cell may be empty.
    const html = blankZeros
      ? page.text.replace(/<td>0<\/td>/g, (m) => (rng.chance(0.33) ? '<td>&nbsp;</td>' : m))
      : page.text;
    const r = parseReport(crawlToText(html, mode));
    for (const [id, v] of Object.entries(page.truth.facts)) {
      total++;
      const got = r.facts[id];
      if (got === v || (blankZeros && v === 0 && got === null)) exact++;
      else if (got !== null && got !== undefined) wrong.push(`${page.name} ${id}: ${got}, truth ${v}`);
    }
  }
  return { exact: exact / total, wrong };
}

describe('web pages as crawlers and converters turn them into text', () => {
  for (const mode of CRAWL_MODES) {
    it(`${mode}: no wrong value${mode === 'glued' ? '' : ', every cell'}`, () => {
      const { exact, wrong } = score(mode, false);
      expect(wrong.slice(0, 5)).toEqual([]);
      expect(exact).toBeGreaterThanOrEqual(mode === 'glued' ? 0.95 : 1);
    });
  }

  for (const mode of CRAWL_MODES.filter((m) => m !== 'glued')) {
    it(`${mode}, with blank cells among the zeros: no wrong value`, () => {
      expect(score(mode, true).wrong.slice(0, 5)).toEqual([]);
    });
  }
});
