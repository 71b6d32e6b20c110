// Ingest against the real extract and parse modules and the bundled corpus.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureCorpus, ingestPaths, type IngestProgress } from '../src/ingest/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { connectionOf } from '../src/store/testing.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const corpusDir = path.join(repoRoot, 'corpus');
const seedDir = path.join(corpusDir, '2020');
const index = JSON.parse(readFileSync(path.join(corpusDir, 'index.json'), 'utf8')) as {
  file: string;
  office: string;
  region: string | null;
  year: number;
}[];

let store: Store;
let tmp: string;
beforeEach(() => {
  store = openStore(':memory:');
  tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-ingest-'));
});
afterEach(() => {
  store.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('ingesting the five seeds', () => {
  it('stores 5 offices and 5 reports with their facts and provenance lines; again → all unchanged', async () => {
    const progress: IngestProgress[] = [];
    const results = await ingestPaths([seedDir], { store, onProgress: (p) => progress.push(p) });
    expect(results.map((r) => [path.basename(r.file), r.status, r.reason])).toEqual(
      index
        .map((s) => path.basename(s.file))
        .sort()
        .map((f) => [f, 'added', undefined]),
    );
    expect(progress.map((p) => [p.done, p.total])).toEqual([1, 2, 3, 4, 5].map((d) => [d, 5]));

    const counts = store.counts();
    expect(counts).toMatchObject({ offices: 5, reports: 5, current: 5 });
    expect(store.years()).toEqual([2020]);
    expect(
      store
        .listOffices()
        .map((o) => o.name)
        .sort(),
    ).toEqual(index.map((s) => s.office).sort());

    for (const seed of index) {
      const office = store.listOffices().find((o) => o.name === seed.office)!;
      const [summary] = store.currentReports({ officeId: office.id, year: seed.year });
      const report = store.getReport(summary.id)!;
      const lines = readFileSync(path.join(corpusDir, seed.file), 'utf8').split('\n');
      const ids = Object.keys(report.facts);
      expect(ids.length, seed.file).toBeGreaterThan(50);
      expect(report.facts['apply.received.total'], seed.file).toEqual(expect.any(Number));
      // provenance points at the line of the text that shows the value
      const withLine = ids.filter((id) => report.provenance[id]);
      expect(withLine.length, seed.file).toBeGreaterThan(50);
      for (const id of withLine) {
        const { line, cell } = report.provenance[id];
        expect(lines[line - 1] ?? '', `${seed.file} ${id}`).toContain(cell.trim());
      }
      expect(report.text.length).toBeGreaterThan(1000);
    }
    const totalFacts = store.counts().facts;

    const again = await ingestPaths([seedDir], { store });
    expect(again.map((r) => r.status)).toEqual(Array(5).fill('unchanged'));
    expect(again.every((r) => r.office && r.year === 2020)).toBe(true);
    expect(store.counts()).toEqual({ offices: 5, reports: 5, current: 5, facts: totalFacts });
  });

  it('a corrected copy of a seed replaces it, and history shows both versions', async () => {
    await ingestPaths([seedDir], { store });
    const original = readFileSync(path.join(seedDir, '只楚街道-2020.txt'), 'utf8');
    // one number of table A: 规章 本年新制作数量 0 → 2
    const changed = original.replace(/^规章\t0\t/m, '规章\t2\t');
    expect(changed).not.toBe(original);
    const copy = path.join(tmp, '只楚街道-2020-更正.txt');
    writeFileSync(copy, changed);

    const [res] = await ingestPaths([copy], { store });
    expect(res).toMatchObject({ status: 'replaced', office: '芝罘区只楚街道办事处', year: 2020 });
    expect(store.counts()).toMatchObject({ offices: 5, reports: 6, current: 5 });
    const office = store.officesByAlias('芝罘区只楚街道办事处')[0];
    const history = store.reportHistory(office.id, 2020);
    expect(history).toHaveLength(2);
    expect(history[0].supersededBy).toBe(history[1].id);
    expect(history[1]).toMatchObject({ supersededBy: null, sourceFile: copy });
    const made = store.factValues('active.rules.made', 2020).find((v) => v.officeId === office.id);
    expect(made).toMatchObject({ value: 2, reportId: history[1].id });
    expect(store.getReport(history[0].id)!.facts['active.rules.made']).toBe(0);
  });
});

describe('a folder with good and bad files', () => {
  it('takes the good ones, fails the bad ones with Chinese reasons, and stores nothing half', async () => {
    const dir = path.join(tmp, 'inbox');
    mkdirSync(path.join(dir, 'sub'), { recursive: true });
    copyFileSync(path.join(seedDir, '洛北街道-2020.txt'), path.join(dir, 'good.txt'));
    writeFileSync(path.join(dir, 'empty.txt'), '');
    writeFileSync(path.join(dir, 'binary.txt'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)));
    writeFileSync(
      path.join(dir, 'notice.txt'),
      '关于做好2021年春节期间值班工作的通知\n\n各科室：\n春节将至，为确保节日期间各项工作正常运转，现将值班安排通知如下。\n一、值班时间为2月11日至2月17日。\n二、值班人员须保持通讯畅通。\n\n办公室\n2021年2月1日\n',
    );
    const gbkText = readFileSync(path.join(seedDir, '城关镇-2020.txt'), 'utf8');
    writeFileSync(path.join(dir, 'sub', 'gbk.txt'), iconv.encode(gbkText, 'gbk'));
    writeFileSync(path.join(dir, 'notes.md'), '# 笔记');
    writeFileSync(path.join(dir, '.DS_Store'), 'x');

    const results = await ingestPaths([dir], { store });
    const by = Object.fromEntries(results.map((r) => [path.relative(dir, r.file), r]));
    expect(Object.keys(by).sort()).toEqual(
      ['binary.txt', 'empty.txt', 'good.txt', 'notes.md', 'notice.txt', path.join('sub', 'gbk.txt')].sort(),
    );
    expect(by['good.txt']).toMatchObject({ status: 'added', office: '西工区洛北街道办事处', year: 2020 });
    expect(by[path.join('sub', 'gbk.txt')]).toMatchObject({ status: 'added', office: '城关镇人民政府', year: 2020 });
    expect(by['empty.txt']).toMatchObject({ status: 'failed', reason: expect.stringMatching(/空/) });
    expect(by['binary.txt']).toMatchObject({ status: 'failed', reason: expect.stringMatching(/[\u4e00-\u9fff]/) });
    expect(by['notice.txt']).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/^不是政府信息公开工作年度报告/),
    });
    expect(by['notes.md']).toMatchObject({ status: 'skipped', reason: expect.stringContaining('.md') });
    expect(store.counts()).toMatchObject({ offices: 2, reports: 2, current: 2 });

    // the GBK copy holds the same text as the UTF-8 seed: ingesting the seed changes nothing
    const [seed] = await ingestPaths([path.join(seedDir, '城关镇-2020.txt')], { store });
    expect(seed.status).toBe('unchanged');
  });

  it('a path that does not exist fails without stopping the others', async () => {
    const results = await ingestPaths([path.join(tmp, 'nope'), path.join(seedDir, '城郊街道-2020.txt')], { store });
    expect(results.map((r) => r.status)).toEqual(['failed', 'added']);
    expect(results[0].reason).toMatch(/找不到/);
  });
});

describe('transactions under ingest', () => {
  it('a failure forced inside the save leaves the counts unchanged, and the same files go in afterwards', async () => {
    await ingestPaths([path.join(seedDir, '城郊街道-2020.txt')], { store });
    const before = store.counts();
    // Fires after the office and the report row of each report are written (its cells, one row since schema 11).
    connectionOf(store).exec(`CREATE TEMP TRIGGER fail_late BEFORE INSERT ON report_cells
      BEGIN SELECT RAISE(ABORT, '模拟写入故障'); END`);
    const failed = await ingestPaths([seedDir], { store });
    expect(failed.map((r) => r.status).sort()).toEqual(['failed', 'failed', 'failed', 'failed', 'unchanged']);
    expect(failed.filter((r) => r.status === 'failed').every((r) => r.reason?.includes('模拟写入故障'))).toBe(true);
    expect(store.counts()).toEqual(before);
    expect(
      connectionOf(store)
        .prepare('SELECT count(*) FROM office_aliases WHERE office_id NOT IN (SELECT id FROM offices)')
        .pluck()
        .get(),
    ).toBe(0);

    connectionOf(store).exec('DROP TRIGGER fail_late');
    const ok = await ingestPaths([seedDir], { store });
    expect(ok.filter((r) => r.status === 'added')).toHaveLength(4);
    expect(store.counts()).toMatchObject({ offices: 5, reports: 5 });
  });
});

describe('ensureCorpus', () => {
  it('fills an empty store from the bundled corpus, and leaves a filled one alone', async () => {
    const first = await ensureCorpus(store, corpusDir);
    expect(first.map((r) => r.status)).toEqual(Array(5).fill('added'));
    expect(store.counts()).toMatchObject({ offices: 5, reports: 5 });
    expect(await ensureCorpus(store)).toEqual([]); // default dir; store not empty
  });
});
