// A parsed report's fields in the order `parse --json` prints them: `file` first when it
// was given (and absent when not), `origin` after the fields, `problems` last; origin
// says where the office, the year and the region came from, in that order.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parseReport } from '../src/parse/index.js';

const text = readFileSync('corpus/2020/只楚街道-2020.txt', 'utf8');
const FIELDS = [
  'office',
  'year',
  'format',
  'facts',
  'approximate',
  'findings',
  'region',
  'kind',
  'aliases',
  'date',
  'incomplete',
  'units',
  'provenance',
  'parts',
  'extraRows',
  'proseFacts',
  'origin',
  'problems',
];

it('puts file first when given, and has none when not', () => {
  expect(Object.keys(parseReport(text, { file: '只楚街道-2020.txt' }))).toEqual(['file', ...FIELDS]);
  expect(Object.keys(parseReport(text))).toEqual(FIELDS);
  expect(parseReport(text, { file: 'a.txt' }).file).toBe('a.txt');
});

it('says where the office, year and region came from', () => {
  const r = parseReport(text, { file: '只楚街道-2020.txt', year: 2020 });
  expect(Object.keys(r.origin ?? {})).toEqual(['office', 'year', 'region']);
  expect(r.origin?.year?.from).toBe('option');
  expect(r.origin?.office?.from).toBe('title');
});

it('gives every field as a plain data property, whatever the options', () => {
  for (const r of [parseReport(text), parseReport(text, { file: 'x.txt', office: '某局', region: '某市' })])
    for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(r)))
      if (k !== 'problems') expect([k, d.enumerable, d.writable, d.configurable]).toEqual([k, true, true, true]);
});
