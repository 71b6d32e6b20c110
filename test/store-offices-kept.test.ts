// listOffices keeps its last answer while the database is unchanged (issue 13): every
// change — this connection's saves, another connection's commits, a batch's writes — must
// show at the next call, and what a caller does to its answer must not reach the next one.
import { describe, expect, it } from 'vitest';
import type { Store } from '../src/store/index.js';
import { openedStores } from './support/opened-stores.js';
import { parsed, TEXT } from './support/store-reports.js';
import { tempDirs } from './support/temp-dirs.js';

const open = openedStores();
const newDir = tempDirs('nianbao-offices-kept-');

const names = (s: Store) => s.listOffices().map((o) => [o.name, [...o.aliases].sort()]);

describe('listOffices, kept between calls', () => {
  it('shows this connection’s saves, another connection’s commits and a batch’s writes at once', () => {
    const tmp = newDir();
    const a = open(tmp);
    expect(a.listOffices()).toEqual([]);
    a.saveReport({ parsed: parsed(), text: TEXT, sourceFile: 'a.txt' });
    expect(names(a)).toEqual([['芝罘区只楚街道办事处', expect.any(Array)]]);
    expect(a.listOffices()).toEqual(a.listOffices());

    // Another connection to the same folder saves a second office.
    const b = open(tmp);
    expect(b.listOffices()).toEqual(a.listOffices());
    b.saveReport({ parsed: parsed({ office: '城关镇人民政府' }), text: `${TEXT}\n城关镇`, sourceFile: 'b.txt' });
    expect(names(a).map((n) => n[0])).toEqual(['芝罘区只楚街道办事处', '城关镇人民政府']);

    // A batch: read inside it (its own writes seen), and after its commit.
    a.beginBatch();
    a.saveReport({ parsed: parsed({ office: '兴庆区人民政府' }), text: `${TEXT}\n兴庆区`, sourceFile: 'c.txt' });
    expect(a.listOffices()).toHaveLength(3);
    a.commitBatch();
    expect(a.listOffices()).toHaveLength(3);
    expect(b.listOffices()).toEqual(a.listOffices());
  });

  it('hands out copies: changing one answer leaves the next as stored', () => {
    const tmp = newDir();
    const a = open(tmp);
    a.saveReport({ parsed: parsed(), text: TEXT, sourceFile: 'a.txt' });
    const first = a.listOffices();
    const expected = structuredClone(first);
    first[0].aliases.push('改过的名字');
    first[0].name = '改过';
    first.pop();
    expect(a.listOffices()).toEqual(expected);
  });
});
