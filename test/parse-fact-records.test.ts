// A report's fact records are the same the first time its shape is seen (built key by
// key) and after (copies of the shape's templates): values, provenance, units, and keys
// in catalogue order.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FACTS } from '../src/catalogue/facts.js';
import { parseReport } from '../src/parse/index.js';
import { generateCorpus } from '../tools/synth/index.js';

const CATALOGUE_ORDER = FACTS.map((f) => f.id);
const inCatalogueOrder = (keys: string[]) =>
  keys.every((k, i) => i === 0 || CATALOGUE_ORDER.indexOf(k) > CATALOGUE_ORDER.indexOf(keys[i - 1]));

describe('fact records', () => {
  it('are the same at a shape’s first, second and later parses, keys in catalogue order', () => {
    const texts = [
      ...readdirSync('corpus/2020').map((f) => readFileSync(`corpus/2020/${f}`, 'utf8')),
      ...[...generateCorpus(6, 7)].filter((r) => r.layout !== 'html').map((r) => r.text),
    ];
    for (const text of texts) {
      const runs = [0, 1, 2].map(() => parseReport(text));
      for (const r of runs.slice(1)) {
        expect(JSON.stringify(r.facts)).toBe(JSON.stringify(runs[0].facts));
        expect(JSON.stringify(r.provenance)).toBe(JSON.stringify(runs[0].provenance));
        expect(r.units).toEqual(runs[0].units);
        expect(r.approximate).toEqual(runs[0].approximate);
      }
      expect(inCatalogueOrder(Object.keys(runs[0].facts))).toBe(true);
      expect(Object.keys(runs[0].provenance)).toEqual(Object.keys(runs[0].facts));
    }
  });

  it('give each fact the value the generator wrote, and the line that holds it', () => {
    for (const r of generateCorpus(4, 11, { layouts: ['tab'] })) {
      const lines = r.text.split('\n');
      for (const p of [0, 1].map(() => parseReport(r.text)))
        for (const [id, value] of Object.entries(r.truth.facts)) {
          const key = id as keyof typeof p.facts;
          expect(p.facts[key]).toBe(value);
          if (id !== 'active.items') expect(lines[p.provenance[key].line - 1]).toContain(String(value));
        }
    }
  });
});
