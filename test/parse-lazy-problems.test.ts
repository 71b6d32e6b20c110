// A parsed report's `problems` (part 五) is an own, enumerable field read when first
// asked for: a spread, JSON and deep-equality see it, as they see the other fields.
// Truth: the heading and first problem of 只楚's part 五 as its text prints them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../src/parse/index.js';

const text = readFileSync('corpus/2020/只楚街道-2020.txt', 'utf8');
// Line 105 of the text, less its markdown marks (####).
const heading = '五、存在的主要问题及改进情况';

describe('a report’s problems field', () => {
  it('is read from part 五 when asked for, and the same object after', () => {
    const r = parseReport(text);
    expect(r.problems?.heading).toBe(heading);
    expect(r.problems?.problems[0].text.startsWith('信息发布主动性不强')).toBe(true);
    expect(r.problems).toBe(r.problems);
  });

  it('is an own enumerable field, last, that spreads and JSON carry', () => {
    const r = parseReport(text, { file: 'x.txt' });
    expect(Object.keys(r).at(-1)).toBe('problems');
    expect(Object.getOwnPropertyDescriptor(r, 'problems')?.enumerable).toBe(true);
    expect({ ...r }.problems).toEqual(r.problems);
    expect(JSON.parse(JSON.stringify(r)).problems.heading).toBe(heading);
    expect(Object.getOwnPropertySymbols(r).every((s) => !Object.getOwnPropertyDescriptor(r, s)?.enumerable)).toBe(true);
  });

  it('is read by one getter for every report (a getter per report kept each report’s lines alive)', () => {
    const getter = (r: object) => Object.getOwnPropertyDescriptor(r, 'problems')?.get;
    expect(getter(parseReport(text))).toBeDefined();
    expect(getter(parseReport(text))).toBe(getter(parseReport(`${text}\n`)));
  });

  it('keeps no lines while it waits (a report waits for its batch in ingest): they are read again from the text', () => {
    const r = parseReport(text);
    const held = Object.getOwnPropertySymbols(r).map((s) => Object.getOwnPropertyDescriptor(r, s)?.value);
    const lineObjects = (v: unknown) =>
      v !== null &&
      typeof v === 'object' &&
      Object.values(v).some((x) => Array.isArray(x) && x.some((l) => l?.seq !== undefined));
    expect(held.some(lineObjects)).toBe(false);
    expect(r.problems?.heading).toBe(heading);
  });
});
