// What the search index's sync reads of the store at every start: each current report's id
// and office (currentReportOffices), and the reports' summaries only when some report is to
// be indexed. At 100,000 reports the summaries took ~0.9 s of CPU a start (issue 13). The
// truths are the reports saved here: which replaced which, and where each is.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRetrieval, syncRetrieval } from '../src/ingest/sync-index.js';
import { HashedNgramEmbeddings } from '../src/retrieval/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { parsed, town } from './support/store-reports.js';

let tmp: string;
let store: Store;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-sync-reads-'));
  store = openStore(path.join(tmp, 'data'));
});
afterEach(() => {
  store.close();
  rmSync(tmp, { recursive: true, force: true });
});

const YIYANG = '河南省洛阳市宜阳县';
const TOWN_TEXT = '城关镇人民政府 2020 年政府信息公开工作年度报告\n一、总体情况\n本镇全年收到政府信息公开申请。';
const ZHICHU_TEXT = '芝罘区只楚街道办事处 2020 年政府信息公开工作年度报告\n一、总体情况\n本街道加强政务公开平台建设。';

/** 城关镇 2020 (later replaced), 只楚 2020, 城关镇 2021, then 城关镇 2020 again from the same file. */
function saveFour(): number[] {
  const first = store.saveReport({ parsed: town(5, { region: YIYANG }), text: TOWN_TEXT, sourceFile: 'a.txt' });
  const zhichu = store.saveReport({ parsed: parsed(), text: ZHICHU_TEXT, sourceFile: 'b.txt' });
  const later = store.saveReport({
    parsed: town(6, { region: YIYANG, year: 2021 }),
    text: `${TOWN_TEXT}（2021）`,
    sourceFile: 'c.txt',
  });
  const again = store.saveReport({
    parsed: town(7, { region: YIYANG }),
    text: `${TOWN_TEXT}更正`,
    sourceFile: 'a.txt',
  });
  expect([first, zhichu, later, again].map((s) => s.outcome)).toEqual(['added', 'added', 'added', 'replaced']);
  expect(new Set([first.officeId, later.officeId, again.officeId]).size).toBe(1);
  expect(zhichu.officeId).not.toBe(first.officeId);
  return [first.reportId, zhichu.reportId, later.reportId, again.reportId];
}

describe('syncRetrieval', () => {
  it('reads no report summary when every current report is indexed, and indexes a new or moved one', async () => {
    const ids = saveFour();
    const index = await openRetrieval(path.join(tmp, 'data'), store, { embeddings: new HashedNgramEmbeddings() });
    let summaries = 0;
    const counted = new Proxy(store, {
      get(target, key) {
        if (key === 'currentReports') summaries++;
        const v = Reflect.get(target, key);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    expect(await syncRetrieval(counted, index)).toMatchObject({ added: 3, removed: 0 });
    expect(summaries).toBe(1);
    expect(index.reportIds()).toEqual([ids[1], ids[2], ids[3]].sort((a, b) => a - b));

    summaries = 0;
    expect(await syncRetrieval(counted, index)).toMatchObject({ added: 0, removed: 0 });
    expect(summaries).toBe(0);

    // 只楚 said to be elsewhere: its chunks carry the office they were filed under, so it is made again.
    const moved = store.assignRegion(ids[1], '山东省烟台市福山区');
    expect(moved.to.id).not.toBe(moved.from.id);
    expect(await syncRetrieval(counted, index)).toMatchObject({ added: 1, removed: 1 });
    expect(index.officeOf(ids[1])).toBe(moved.to.id);
    expect(summaries).toBe(1);

    // A report named stale is made again though nothing about it changed.
    expect(await syncRetrieval(counted, index, undefined, [ids[2]])).toMatchObject({ added: 1, removed: 1 });
    expect(index.reportIds()).toEqual([ids[1], ids[2], ids[3]].sort((a, b) => a - b));
  });
});
