// Nothing replaced on a guess: reports of one year under a name no region tells
// apart are kept apart (a namesake office each), a genuine new version still
// replaces, and a report assigned to its region moves there. The truth here is the
// hand-built reports themselves: which file said what.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, openStore, type FiledOrigin, type Store } from '../src/store/index.js';
import { town } from './support/store-reports.js';

let store: Store;
let tmp: string | undefined;
afterEach(() => {
  store?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
});

const received = (s: Store, year = 2020) =>
  s
    .factValues('apply.received.total', year)
    .map((v) => v.value)
    .sort();

describe('two reports of one year under a bare name', () => {
  it('are both kept, as a conflict, each under an office of its own', () => {
    store = openStore(':memory:');
    const a = store.saveReport({ parsed: town(4), text: 'A 城关镇 2020', sourceFile: 'songxian/城关镇-2020.txt' });
    const b = store.saveReport({ parsed: town(9), text: 'B 城关镇 2020', sourceFile: 'yiyang/城关镇-2020.txt' });
    expect(a.outcome).toBe('added');
    expect(b.outcome).toBe('conflict');
    expect(b.officeId).not.toBe(a.officeId);
    expect(b.conflictWith).toMatchObject({ id: a.reportId, sourceFile: 'songxian/城关镇-2020.txt', year: 2020 });
    // nothing lost: both current, both in the year's sum
    expect(store.counts()).toMatchObject({ reports: 2, current: 2 });
    expect(received(store)).toEqual([4, 9]);
    expect(store.conflicts()).toEqual([
      expect.objectContaining({
        name: '城关镇人民政府',
        region: null,
        year: 2020,
        reports: [expect.objectContaining({ id: a.reportId }), expect.objectContaining({ id: b.reportId })],
      }),
    ]);
    // the namesakes are told apart by their files only
    const offices = store.officesByAlias('城关镇');
    expect(offices.map((o) => o.files)).toEqual([['songxian/城关镇-2020.txt'], ['yiyang/城关镇-2020.txt']]);
    // a third, of another year, joins the first office (a series, nothing replaced)
    const c = store.saveReport({
      parsed: town(2, { year: 2021 }),
      text: 'C 城关镇 2021',
      sourceFile: 'songxian/城关镇-2021.txt',
    });
    expect(c).toMatchObject({ outcome: 'added', officeId: a.officeId });
  });

  it('a region that stops at the city does not tell two townships apart; a department of that city it does', () => {
    store = openStore(':memory:');
    const city = (n: number) => town(n, { region: '洛阳市' });
    store.saveReport({ parsed: city(4), text: 'A', sourceFile: 'a.txt' });
    expect(store.saveReport({ parsed: city(9), text: 'B', sourceFile: 'b.txt' }).outcome).toBe('conflict');
    const dept = (n: number) =>
      town(n, { office: '洛阳市教育局', region: '河南省洛阳市', kind: '部门', aliases: ['教育局'] });
    store.saveReport({ parsed: dept(1), text: 'C', sourceFile: 'c.txt' });
    expect(store.saveReport({ parsed: dept(2), text: 'D', sourceFile: 'd.txt' }).outcome).toBe('replaced');
  });

  it('a region the registry claimed on the name alone is no proof either', () => {
    store = openStore(':memory:');
    const claimed: FiledOrigin = {
      office: { from: 'title' },
      year: { from: 'title' },
      region: { from: 'registry', value: '河南省洛阳市嵩县', source: '城关镇人民政府' },
    };
    const claim = (n: number) => town(n, { region: '河南省洛阳市嵩县' });
    store.saveReport({ parsed: claim(4), text: 'A', sourceFile: 'a.txt', origin: claimed });
    expect(store.saveReport({ parsed: claim(9), text: 'B', sourceFile: 'b.txt', origin: claimed }).outcome).toBe(
      'conflict',
    );
    expect(received(store)).toEqual([4, 9]);
  });
});

describe('a genuine new version still replaces, keeping history', () => {
  it('the same file re-issued', () => {
    store = openStore(':memory:');
    const a = store.saveReport({ parsed: town(4), text: 'A', sourceFile: 'in/城关镇-2020.txt' });
    const b = store.saveReport({ parsed: town(5), text: 'A（更正）', sourceFile: 'in/城关镇-2020.txt' });
    expect(b).toMatchObject({ outcome: 'replaced', officeId: a.officeId });
    expect(store.reportHistory(a.officeId, 2020).map((h) => [h.id, h.supersededBy])).toEqual([
      [a.reportId, b.reportId],
      [b.reportId, null],
    ]);
    expect(received(store)).toEqual([5]);
    expect(store.conflicts()).toEqual([]);
  });

  it('same name and a region read in the text that names the county', () => {
    store = openStore(':memory:');
    const songxian = (n: number) => town(n, { region: '河南省洛阳市嵩县' });
    const a = store.saveReport({ parsed: songxian(4), text: 'A', sourceFile: 'a.txt' });
    const b = store.saveReport({ parsed: songxian(5), text: 'B', sourceFile: 'b-更正.txt' });
    expect(b).toMatchObject({ outcome: 'replaced', officeId: a.officeId });
    expect(store.getReport(a.reportId)!.facts['apply.received.total']).toBe(4);
    expect(store.getReport(b.reportId)!.origin.region).toEqual({ from: 'text', value: '河南省洛阳市嵩县' });
  });
});

describe('assignRegion', () => {
  it('moves a conflicting report to its region, and answers follow', () => {
    store = openStore(':memory:');
    const a = store.saveReport({ parsed: town(4), text: 'A', sourceFile: 'a.txt' });
    const b = store.saveReport({ parsed: town(9), text: 'B', sourceFile: 'b.txt' });
    const moved = store.assignRegion(b.reportId, '河南省洛阳市宜阳县');
    expect(moved.moved).toEqual([b.reportId]);
    expect(moved.to).toMatchObject({ name: '城关镇人民政府', region: '河南省洛阳市宜阳县' });
    expect(moved.removedOffice).toBe(true);
    expect(store.conflicts()).toEqual([]);
    expect(store.getOffice(b.officeId)).toBeNull();
    const yiyang = store.listOffices().find((o) => o.region === '河南省洛阳市宜阳县')!;
    expect(store.currentReports({ officeId: yiyang.id }).map((r) => r.id)).toEqual([b.reportId]);
    expect(store.getReport(b.reportId)!.origin.region).toEqual({ from: 'assign', value: '河南省洛阳市宜阳县' });
    expect(store.listOffices().every((o) => o.files === undefined)).toBe(true);
    expect(received(store)).toEqual([4, 9]);

    // The first one is 嵩县's; a later corrected copy, assigned there too, becomes the current version.
    store.assignRegion(a.reportId, '河南省洛阳市嵩县');
    const c = store.saveReport({ parsed: town(5), text: 'C', sourceFile: 'c.txt' });
    expect(c.outcome).toBe('added'); // a bare name never joins the office of a region
    const fix = store.assignRegion(c.reportId, '河南省洛阳市嵩县');
    expect(fix.replaced).toMatchObject({ id: a.reportId });
    expect(received(store)).toEqual([5, 9]);
    expect(store.reportHistory(fix.to.id, 2020).map((h) => [h.id, h.supersededBy])).toEqual([
      [a.reportId, c.reportId],
      [c.reportId, null],
    ]);
  });

  it('refuses a superseded report, and says nothing moved when it is already there', () => {
    store = openStore(':memory:');
    const a = store.saveReport({ parsed: town(4, { region: '河南省洛阳市嵩县' }), text: 'A', sourceFile: 'a.txt' });
    store.saveReport({ parsed: town(5, { region: '河南省洛阳市嵩县' }), text: 'B', sourceFile: 'a.txt' });
    expect(() => store.assignRegion(a.reportId, '河南省洛阳市宜阳县')).toThrow(/已被新版本替换/);
    const current = store.currentReports()[0];
    expect(store.assignRegion(current.id, '河南省洛阳市嵩县').moved).toEqual([]);
  });

  it('reportsByFile: the path as stored, written otherwise, or its last folders and name', () => {
    store = openStore(':memory:');
    store.saveReport({ parsed: town(4), text: 'A', sourceFile: 'in/a/城关镇-2020.txt' });
    store.saveReport({ parsed: town(9), text: 'B', sourceFile: 'in/b/城关镇-2020.txt' });
    expect(store.reportsByFile('in/a/城关镇-2020.txt')).toHaveLength(1);
    expect(store.reportsByFile('./in/a/城关镇-2020.txt')).toHaveLength(1);
    expect(store.reportsByFile('b/城关镇-2020.txt').map((r) => r.sourceFile)).toEqual(['in/b/城关镇-2020.txt']);
    expect(store.reportsByFile('城关镇-2020.txt')).toHaveLength(2);
    expect(store.reportsByFile('无此文件.txt')).toEqual([]);
  });
});

describe('a database from before namesakes', () => {
  it('upgrades in place: its offices are the offices themselves, its regions as they were', () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-conflicts-'));
    const db = new Database(path.join(tmp, 'nianbao.db'));
    db.exec(MIGRATIONS.slice(0, 3).join('\n'));
    db.pragma('user_version = 3');
    db.prepare(
      `INSERT INTO offices (id, name, norm_name, region, region_key, kind) VALUES (1, '城关镇人民政府', '城关镇', '河南省洛阳市嵩县', '河南省洛阳市嵩县', '乡镇')`,
    ).run();
    db.prepare(
      `INSERT INTO reports (id, office_id, office_name, year, format, source_file, content_hash, text, ingested_at) VALUES (1, 1, '城关镇人民政府', 2020, '2019', 'old.txt', 'h', 'old', '2026-01-01')`,
    ).run();
    db.close();
    store = openStore(tmp);
    expect(store.getReport(1)!.origin).toEqual({ office: null, year: null, region: null });
    // its region was read in its text then: a new version replaces it
    expect(
      store.saveReport({ parsed: town(5, { region: '河南省洛阳市嵩县' }), text: 'new', sourceFile: 'new.txt' }).outcome,
    ).toBe('replaced');
  });
});
