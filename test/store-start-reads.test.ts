// What a start reads of the SQLite store, read lean (issue 13: at 100,000 reports the
// current reports' summaries were ~0.9 s of CPU): every current report's id and office as
// two columns, by office then year. The truths are the reports saved here: which replaced
// which, and where each is.
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
