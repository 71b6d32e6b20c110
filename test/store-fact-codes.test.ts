// Fact codes made while saving: a store keeps each code it makes, and one made meanwhile by
// another store on the same folder is read, so every report's facts read back as saved.
import { describe, expect, it } from 'vitest';
import type { Store } from '../src/store/index.js';
import { openedStores } from './support/opened-stores.js';
import { parsed, TEXT } from './support/store-reports.js';
import { tempDirs } from './support/temp-dirs.js';

const open = openedStores();
const newDir = tempDirs('nianbao-codes-');

describe('fact codes made while saving', () => {
  it('read back every fact as saved, codes made by this store or by another on the folder', () => {
    const tmp = newDir();
    const a = open(tmp);
    const b = open(tmp);
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
