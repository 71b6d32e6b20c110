// A question across offices reads only the year's facts whose head it could name: the
// year's distinct heads first, then the facts of the phrases that pass, never the year
// whole. Either way the answer is the sum of the numbers the invented reports' prose
// states, written here.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseReport } from '../src/parse/index.js';
import { createAsker } from '../src/render/asker.js';
import { openStore, type Store } from '../src/store/index.js';
import { PART1, TITLE, report2021 } from './helpers/report-2021.js';

const NAMES = '甲乙丙丁戊己庚辛壬癸子丑'.split('').map((c) => `某某县${c}镇人民政府`);
const now = () => new Date('2023-03-01T00:00:00+08:00');

function storeOf(parts: string[]): Store {
  const store = openStore(':memory:');
  parts.forEach((part1, i) => {
    const text = report2021({ part1 }).replace(TITLE, `${NAMES[i]}2022年政府信息公开工作年度报告`);
    store.saveReport({ parsed: parseReport(text), text, sourceFile: `${NAMES[i]}.txt` });
  });
  return store;
}

const stores: Store[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const s of stores.splice(0)) s.close();
});

describe('a year’s prose facts read for a question across offices', () => {
  it('few of the year’s facts named (3 of 12 reports hold the phrase): only that phrase read, summed as the reports say', async () => {
    const said = [4, 0, 0, 7, 0, 0, 0, 0, 2, 0, 0, 0];
    const store = storeOf(said.map((n) => (n ? `${PART1}\n全年召开新闻发布会${n}场。` : PART1)));
    stores.push(store);
    const whole = vi.spyOn(store, 'proseFacts');
    const named = vi.spyOn(store, 'proseFactsNamed');
    const a = await createAsker({ store, now }).ask('各镇一共召开了多少场新闻发布会');
    expect(a.value).toBe(4 + 7 + 2);
    expect(whole.mock.calls.filter(([f]) => f?.year !== undefined)).toEqual([]);
    expect(named.mock.calls).toEqual([[2022, ['新闻发布会']]]);
    expect(named.mock.results[0].value).toHaveLength(3);
  });

  it('every report states the phrase: read once, by phrase, summed as the reports say; asked again, not read again', async () => {
    const said = [5, 1, 3, 8, 2, 6];
    const store = storeOf(said.map((n) => `一、总体情况\n全年召开新闻发布会${n}场。`));
    stores.push(store);
    const whole = vi.spyOn(store, 'proseFacts');
    const named = vi.spyOn(store, 'proseFactsNamed');
    const asker = createAsker({ store, now });
    expect((await asker.ask('各镇一共召开了多少场新闻发布会')).value).toBe(5 + 1 + 3 + 8 + 2 + 6);
    expect((await asker.ask('哪个镇召开新闻发布会最多')).value).toBe(8);
    expect(whole.mock.calls.filter(([f]) => f?.year !== undefined)).toEqual([]);
    expect(named.mock.calls).toHaveLength(1);
  });

  it('a question whose words name no stored head reads no fact', async () => {
    const store = storeOf([`${PART1}\n全年召开新闻发布会4场。`, PART1]);
    stores.push(store);
    const named = vi.spyOn(store, 'proseFactsNamed');
    await createAsker({ store, now }).ask('各镇平台建设怎么样');
    expect(named.mock.calls.flatMap(([, phrases]) => phrases)).toEqual([]);
  });
});
