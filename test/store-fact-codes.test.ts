// Fact codes made while saving: a store keeps each code it makes, and one made meanwhile by
// another store on the same folder is read, so every report's facts read back as saved.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/store/index.js';
import { parsed, TEXT } from './support/store-reports.js';

const opened: Store[] = [];
let tmp: string | undefined;
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
});

describe('fact codes made while saving', () => {
  it('read back every fact as saved, codes made by this store or by another on the folder', () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-codes-'));
    const a = openStore(tmp);
    const b = openStore(tmp);
    opened.push(a, b);
    const save = (s: Store, year: number, facts: Record<string, number | null>) =>
      s.saveReport({ parsed: parsed({ year, facts }), text: `${TEXT}${year}`, sourceFile: `${year}.txt` }).reportId;
    const reports: [number, Record<string, number | null>][] = [];
    const keep = (s: Store, year: number, facts: Record<string, number | null>) =>
      reports.push([save(s, year, facts), facts]);
    keep(b, 2018, { 'active.items': 1 });
    keep(a, 2019, { 'review.total': 2, 'apply.received.total': 3 });
    // b read its codes before a made these two; it makes one more of its own.
    keep(b, 2020, { 'review.total': 4, 'apply.received.total': 5, 'apply.granted.total': 6 });
    keep(a, 2021, { 'apply.granted.total': 7, 'active.items': null });
    for (const s of [a, b]) for (const [id, facts] of reports) expect(s.getReport(id)?.facts).toEqual(facts);
  });
});
