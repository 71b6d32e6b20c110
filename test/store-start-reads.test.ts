// What a start reads of the SQLite store, read lean (issue 13: at 100,000 reports each was
// most of a second as row objects): every current report's id and office as two columns,
// by office then year; every office with its aliases and a namesake's files, column by
// column. The truths are the reports saved here: which replaced which, where each is, and
// the store's own one-office read (getOffice) of each office.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/store/index.js';
import { parsed, town } from './support/store-reports.js';

let store: Store;
beforeEach(() => {
  store = openStore(':memory:');
});
afterEach(() => {
  store.close();
});

const YIYANG = '河南省洛阳市宜阳县';

describe('currentReportOffices', () => {
  it('lists every current report with its office, by office then year, leaving replaced versions out', () => {
    const first = store.saveReport({ parsed: town(5, { region: YIYANG }), text: '城关镇 2020', sourceFile: 'a.txt' });
    const zhichu = store.saveReport({ parsed: parsed(), text: '只楚 2020', sourceFile: 'b.txt' });
    const later = store.saveReport({
      parsed: town(6, { region: YIYANG, year: 2021 }),
      text: '2021',
      sourceFile: 'c.txt',
    });
    const again = store.saveReport({
      parsed: town(7, { region: YIYANG }),
      text: '城关镇 2020 更正',
      sourceFile: 'a.txt',
    });
    expect([first, zhichu, later, again].map((s) => s.outcome)).toEqual(['added', 'added', 'added', 'replaced']);
    const town1 = first.officeId;
    expect([later.officeId, again.officeId]).toEqual([town1, town1]);
    expect(zhichu.officeId).toBeGreaterThan(town1);
    const got = store.currentReportOffices();
    expect([...got.reportIds]).toEqual([again.reportId, later.reportId, zhichu.reportId]);
    expect([...got.officeIds]).toEqual([town1, town1, zhichu.officeId]);
  });

  it('is two empty columns for an empty store', () => {
    const got = store.currentReportOffices();
    expect(got.reportIds).toBeInstanceOf(Int32Array);
    expect(got.officeIds).toBeInstanceOf(Int32Array);
    expect([...got.reportIds, ...got.officeIds]).toEqual([]);
  });
});

describe('listOffices', () => {
  it('gives each office as getOffice reads it alone: name, region, kind, aliases in order, a namesake’s files', () => {
    store.saveReport({ parsed: town(4), text: 'A 城关镇 2020', sourceFile: 'songxian/城关镇-2020.txt' });
    // the same name with no region, another file: a namesake kept apart, told by its files
    expect(
      store.saveReport({ parsed: town(9), text: 'B 城关镇 2020', sourceFile: 'yiyang/城关镇-2020.txt' }).outcome,
    ).toBe('conflict');
    store.saveReport({ parsed: parsed(), text: '只楚 2020', sourceFile: 'b.txt' });
    store.saveReport({
      parsed: town(3, { region: YIYANG, aliases: ['城关', '宜阳城关镇'] }),
      text: 'C',
      sourceFile: 'c.txt',
    });
    store.saveReport({
      parsed: town(4, { year: 2021 }),
      text: 'A 城关镇 2021',
      sourceFile: 'songxian/城关镇-2021.txt',
    });
    const offices = store.listOffices();
    expect(offices.map((o) => o.id)).toEqual([1, 2, 3, 4]);
    expect(offices).toEqual(offices.map((o) => store.getOffice(o.id)));
    expect(offices.map((o) => o.files)).toEqual([
      ['songxian/城关镇-2020.txt', 'songxian/城关镇-2021.txt'],
      ['yiyang/城关镇-2020.txt'],
      undefined,
      undefined,
    ]);
    expect(offices[3].aliases).toEqual([...offices[3].aliases].sort());
    expect(offices[3].aliases).toEqual(expect.arrayContaining(['城关', '宜阳城关镇']));
  });
});
