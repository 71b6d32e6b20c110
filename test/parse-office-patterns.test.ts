// Whose report, which year and how many items, on every invented pattern in
// ../shared/patterns: office, year and active.items exactly as each file's
// expected JSON says (written by reading the text, not by running a parser).
// The tables of these files are asserted elsewhere; here only the identity.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText } from '../src/extract/index.js';
import { parseReport } from '../src/parse/index.js';
import { sharedFile } from './support/shared.js';

const { file: DIR, present, skipped: reason } = sharedFile('patterns', 'the invented patterns');

interface Expected {
  office: string | null;
  year: number | null;
  facts: Record<string, number | null>;
  approximate?: string[];
}

const cases: { source: string; want: Expected }[] = present
  ? readdirSync(DIR)
      .filter((f) => f.endsWith('.expected.json'))
      .sort()
      .map((e) => {
        const base = e.replace(/\.expected\.json$/, '');
        const source = readdirSync(DIR).find((f) => f.startsWith(`${base}.`) && !f.endsWith('.expected.json'))!;
        return { source, want: JSON.parse(readFileSync(path.join(DIR, e), 'utf8')) as Expected };
      })
  : [];

describe(`office, year and active.items of every ../shared/patterns file${reason}`, () => {
  it.skipIf(!present)('finds the patterns (26 or more, each beside its source)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(26);
    for (const c of cases) expect(c.source).toBeTruthy();
  });

  for (const { source, want } of cases) {
    it(source, async () => {
      const { text } = await extractText(path.join(DIR, source));
      const r = parseReport(text, { file: source });
      expect({ office: r.office, year: r.year }).toEqual({ office: want.office, year: want.year });
      if ('active.items' in want.facts) {
        expect(r.facts['active.items']).toBe(want.facts['active.items']);
        expect(r.approximate.includes('active.items')).toBe((want.approximate ?? []).includes('active.items'));
        // Traceable: the line quoted holds the number.
        expect(r.provenance['active.items'].cell).toContain(String(want.facts['active.items']));
      } else {
        expect(r.facts['active.items']).toBeUndefined();
      }
      // Where the office and year came from is always said when they were found.
      if (want.office !== null) expect(r.origin?.office?.from).toBeTruthy();
      if (want.year !== null) expect(r.origin?.year?.from).toBeTruthy();
    });
  }
});
