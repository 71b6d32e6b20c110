// What a parsed report must hold before either backend stores it: an office, a year, a
// known table format, and only catalogue fact ids with finite values. Pure in what it answers
// (it keeps the id lists that passed, to pass them at once); a report that fails is refused
// with a StoreError('invalid') in Chinese, before anything is written.
import { FACT_BY_ID } from '../catalogue/facts.js';
import { StoreError } from './errors.js';
import type { SaveInput } from './types.js';

function invalid(message: string): never {
  throw new StoreError('invalid', message);
}

/**
 * Throws StoreError('invalid') for a report no store may keep; when it may be stored, returns
 * its fact ids as Object.keys lists them (a save packs its cells from them: listed once).
 */
export function checkSaveInput({ parsed }: SaveInput): string[] {
  if (!parsed.office) invalid('报告中没有找到单位名称，无法入库。');
  if (parsed.year === null || !Number.isInteger(parsed.year)) invalid('报告中没有找到报告年度，无法入库。');
  if (parsed.format !== '2019' && parsed.format !== '2021')
    invalid('无法判断报告采用的表格格式（2019 或 2021 版），无法入库。');
  // Keys, then each value: Object.entries made a pair a fact (~200 a report, twice the time).
  // Keys and values listed once, in one order (a lookup a key of ~200 cost more than both lists).
  const ids = Object.keys(parsed.facts);
  const values = Object.values(parsed.facts);
  const known = catalogueLists.some((list) => sameIds(list, ids));
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    const value = values[i];
    if (!known && !FACT_BY_ID.has(id)) invalid(`解析结果含有未知的指标编号“${id}”，未入库。`);
    if (value !== null && !Number.isFinite(value)) invalid(`指标“${id}”的数值无效（${String(value)}），未入库。`);
  }
  if (!known) {
    catalogueLists.unshift(ids.slice());
    if (catalogueLists.length > KEPT_LISTS) catalogueLists.pop();
  }
  return ids;
}

// Id lists found to be catalogue ids, the latest first: reports list the same ids in the same
// order (3 lists over c10k's 8,571 text reports), so a list met before is not looked up an id
// at a time again (~170 lookups a report, issue 13).
const KEPT_LISTS = 8;
const catalogueLists: string[][] = [];

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
