// A long-running bot asks many distinct questions across offices between two filings: the
// facts it read through each question's characters are forgotten past a bound, and a
// question asked after that gets the answer a fresh bot gives it.
import { afterEach, expect, it, vi } from 'vitest';
import { parseReport } from '../src/parse/index.js';
import { createAsker } from '../src/render/asker.js';
import { openStore, type Store } from '../src/store/index.js';
import { PART1, TITLE, report2021 } from './helpers/report-2021.js';

const NAMES = '甲乙丙丁戊己庚辛'.split('').map((c) => `某某县${c}镇人民政府`);
const now = () => new Date('2023-03-01T00:00:00+08:00');

const stores: Store[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const s of stores.splice(0)) s.close();
});

it('forgets the filtered reads past the bound and still answers each question as a fresh bot does', async () => {
  const said = [3, 0, 5, 0, 0, 2, 0, 1];
  const store = openStore(':memory:');
  stores.push(store);
  said.forEach((n, i) => {
    const part1 = n ? `${PART1}\n全年开展政务公开业务培训${n}次。` : PART1;
    const text = report2021({ part1 }).replace(TITLE, `${NAMES[i]}2022年政府信息公开工作年度报告`);
    store.saveReport({ parsed: parseReport(text), text, sourceFile: `${NAMES[i]}.txt` });
  });
  // 90 distinct characters, each making a question of its own (and its own filtered read).
  const extras = Array.from({ length: 90 }, (_, i) => String.fromCharCode(0x9010 + i * 5));
  const questions = extras.map((c) => `各镇${c}一共开展了多少次政务公开业务培训`);
  const named = vi.spyOn(store, 'proseFactsNamed');
  const kept = createAsker({ store, now });
  const first: string[] = [];
  for (const q of questions) first.push((await kept.ask(q)).answer);
  const filteredReads = named.mock.calls.filter((c) => c[2] !== undefined).length;
  // More filtered reads than a year keeps (64): the bound was passed at least once.
  expect(filteredReads).toBeGreaterThan(64);
  // The first question's read was forgotten (a bot without the bound would keep it): asked again, it is read again.
  const before = named.mock.calls.length;
  const again = (await kept.ask(questions[0])).answer;
  expect(named.mock.calls.length).toBe(before + 1);
  const fresh = (await createAsker({ store, now }).ask(questions[0])).answer;
  expect(again).toBe(fresh);
  expect(first[0]).toBe(fresh);
  expect(fresh).toContain(String(3 + 5 + 2 + 1));
});
