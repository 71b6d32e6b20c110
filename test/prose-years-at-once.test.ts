// A question across offices that names no year walks the years from the latest back to the
// first that states its phrase. The latest year is read alone; past it, every year's
// candidate facts in one pass over the store (one call, year null), not a pass per year. The
// answer is still the latest stating year's, summed from the numbers the invented reports'
// prose states, written here, and a replaced report's numbers never count.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseReport } from '../src/parse/index.js';
import { createAsker } from '../src/render/asker.js';
import { openStore, type Store } from '../src/store/index.js';
import { PART1, TITLE, report2021 } from './helpers/report-2021.js';
import { describeOnPostgres, postgresForTests, useTestDatabase } from './support/postgres.js';

const now = () => new Date('2024-03-01T00:00:00+08:00');
const town = (c: string) => `某某县${c}镇人民政府`;

/** The inputs of (town, year, part 1), in order; a town's year given twice is re-issued (the first replaced). */
function inputsOf(reports: [string, number, string][]) {
  return reports.map(([c, year, part1]) => {
    const text = report2021({ part1 }).replace(TITLE, `${town(c)}${year}年政府信息公开工作年度报告`);
    return { parsed: parseReport(text), text, sourceFile: `${town(c)}-${year}.txt` };
  });
}

function storeOf(reports: [string, number, string][]): Store {
  const store = openStore(':memory:');
  for (const input of inputsOf(reports)) store.saveReport(input);
  return store;
}

const stores: Store[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const s of stores.splice(0)) s.close();
});

const said = (n: number) => `${PART1}\n全年召开新闻发布会${n}场。`;

describe('prose facts across offices, no year asked', () => {
  it('stated only in an older year: that year’s sum, said to be from it; the latest year’s heads read, then every year’s facts in one call', async () => {
    const store = storeOf([
      ['甲', 2021, said(4)],
      ['乙', 2021, said(9)],
      ['甲', 2022, PART1],
      ['乙', 2023, PART1],
      ['丙', 2023, PART1],
    ]);
    stores.push(store);
    const named = vi.spyOn(store, 'proseFactsNamed');
    const heads = vi.spyOn(store, 'proseFactHeads');
    const a = await createAsker({ store, now }).ask('各镇一共召开了多少场新闻发布会');
    expect(a.value).toBe(4 + 9);
    expect(a.answer).toContain('2021');
    // 2023's own heads hold no such phrase: none of its facts read.
    expect(named.mock.calls.map((c) => c[0])).toEqual([null]);
    expect(heads.mock.calls).toEqual([[2023], [null]]);
  });

  it('stated in the latest year and an older one: the latest year’s sum; a replaced report’s number left out', async () => {
    const store = storeOf([
      ['甲', 2021, said(40)],
      ['甲', 2023, said(100)],
      ['甲', 2023, said(3)],
      ['乙', 2023, said(5)],
      ['丙', 2022, said(70)],
    ]);
    stores.push(store);
    const a = await createAsker({ store, now }).ask('各镇一共召开了多少场新闻发布会');
    expect(a.value).toBe(3 + 5);
    expect((await createAsker({ store, now }).ask('哪个镇召开新闻发布会最多')).value).toBe(5);
  });

  it('a question asking for no number reads every year’s heads and facts in one call each, never the latest year’s alone', async () => {
    const store = storeOf([
      ['甲', 2021, said(4)],
      ['乙', 2023, said(9)],
    ]);
    stores.push(store);
    const named = vi.spyOn(store, 'proseFactsNamed');
    const heads = vi.spyOn(store, 'proseFactHeads');
    await createAsker({ store, now }).ask('各镇新闻发布会召开情况');
    expect(heads.mock.calls).toEqual([[null]]);
    expect(named.mock.calls.map((c) => c[0])).toEqual([null]);
    // A question asking for a number is read as before: the latest year first.
    heads.mockClear();
    await createAsker({ store, now }).ask('各镇召开了多少场新闻发布会');
    expect(heads.mock.calls).toEqual([[2023]]);
  });

  it('a year asked reads that year alone', async () => {
    const store = storeOf([
      ['甲', 2021, said(4)],
      ['乙', 2022, said(6)],
    ]);
    stores.push(store);
    const named = vi.spyOn(store, 'proseFactsNamed');
    expect((await createAsker({ store, now }).ask('2021年各镇一共召开了多少场新闻发布会')).value).toBe(4);
    expect(named.mock.calls.map((c) => c[0])).toEqual([2021]);
  });
});

const server = await postgresForTests();

describeOnPostgres(server, 'prose facts across offices, no year asked, on PostgreSQL', () => {
  const db = useTestDatabase('prose-years');
  it('reads every year’s heads and facts as SQLite does, and answers the same', async () => {
    const reports: [string, number, string][] = [
      ['甲', 2021, said(4)],
      ['乙', 2021, said(9)],
      ['甲', 2022, said(30)],
      ['甲', 2022, said(2)],
      ['乙', 2023, PART1],
    ];
    const sqlite = storeOf(reports);
    stores.push(sqlite);
    const pg = await db.open({});
    for (const input of inputsOf(reports)) await pg.saveReport(input);
    const heads = (hs: { phrase: string; verb: string | null; kind: string; unit: string }[]) =>
      hs.map((h) => JSON.stringify(h)).sort();
    expect(heads(await pg.proseFactHeads(null))).toEqual(heads(sqlite.proseFactHeads(null)));
    expect(await pg.proseFactsNamed(null, ['新闻发布会'])).toEqual(sqlite.proseFactsNamed(null, ['新闻发布会']));
    for (const q of ['各镇一共召开了多少场新闻发布会', '哪个镇召开新闻发布会最多', '各镇平台建设怎么样']) {
      const a = await createAsker({ store: sqlite, now }).ask(q);
      expect(await createAsker({ store: pg, now }).ask(q)).toEqual(a);
    }
    expect((await createAsker({ store: pg, now }).ask('各镇一共召开了多少场新闻发布会')).value).toBe(2);
  });
});
