// The PostgreSQL store keeps the SQLite store's behaviour (test/store-db, store-conflicts,
// store-batch ported): facts with provenance, idempotent ingest by content, history of
// replaced reports, namesakes kept apart on no proof, assignRegion, batches — and with two
// instances on one database, one current report per office and year whatever the timing.
// The truth is the hand-built reports themselves. Needs a server (NIANBAO_TEST_PG).
import { beforeEach, describe, expect, it } from 'vitest';
import type { ParsedReport } from '../src/parse/types.js';
import { contentHash, StoreError, type FiledOrigin } from '../src/store/index.js';
import type { PgStore } from '../src/store/pg/index.js';
import {
  describeOnPostgres,
  postgresForTests,
  queryDb,
  type SuiteDatabase,
  useTestDatabase,
} from './support/postgres.js';
import { parsed, TEXT, town } from './support/store-reports.js';

const server = await postgresForTests();

let db: SuiteDatabase;
let store: PgStore;
/** A store on the suite's database, closed after the test. */
const open = (now?: () => Date): Promise<PgStore> => db.open({ now });
const received = async (s: PgStore, year = 2020) =>
  (await s.factValues('apply.received.total', year)).map((v) => v.value).sort();

describeOnPostgres(server, 'the PostgreSQL store', () => {
  // Every test starts from an empty, migrated store.
  db = useTestDatabase('store', { emptyEachTest: true });
  beforeEach(async () => {
    store = await open(() => new Date('2021-02-01T08:00:00Z'));
  });

  describe('saveReport', () => {
    it('stores office, report, facts with provenance, approximate ids, units and findings', async () => {
      const res = await store.saveReport({ parsed: parsed(), text: TEXT, sourceFile: 'corpus/2020/只楚街道-2020.txt' });
      expect(res.outcome).toBe('added');
      const offices = await store.listOffices();
      expect(offices).toHaveLength(1);
      expect(offices[0]).toMatchObject({
        id: res.officeId,
        name: '芝罘区只楚街道办事处',
        region: '山东省烟台市芝罘区',
        kind: '街道',
      });
      expect(offices[0].aliases).toEqual(expect.arrayContaining(['只楚', '只楚街道', '芝罘区只楚街道办事处']));
      expect((await store.officesByAlias('只楚')).map((o) => o.id)).toEqual([res.officeId]);
      expect(await store.officesByAlias('只 楚')).toHaveLength(1);
      expect(await store.officesByAlias('城关镇')).toEqual([]);

      const r = (await store.getReport(res.reportId))!;
      expect(r).toMatchObject({
        officeId: res.officeId,
        officeName: '芝罘区只楚街道办事处',
        year: 2020,
        format: '2019',
        sourceFile: 'corpus/2020/只楚街道-2020.txt',
        contentHash: contentHash(TEXT),
        ingestedAt: '2021-02-01T08:00:00.000Z',
        reportDate: '2021-01-20',
        incomplete: false,
        supersededBy: null,
        text: TEXT,
      });
      expect(r.facts).toEqual(parsed().facts);
      expect(r.facts['apply.partial.total']).toBeNull();
      expect(r.facts['active.procurement.amount']).toBe(25.1); // double precision: no float4 rounding
      expect(r.approximate).toEqual(['active.items']);
      expect(r.provenance['apply.received.total']).toEqual({ line: 60, cell: '4' });
      expect(r.units['active.procurement.amount']).toBe('万元');
      expect(r.units['apply.received.total']).toBe('件');
      expect(r.findings).toEqual(parsed().findings);
      expect(r.parts).toEqual(parsed().parts);
      expect(r.office.id).toBe(res.officeId);
      expect(await store.counts()).toEqual({ offices: 1, reports: 1, current: 1, facts: 7 });
      expect(await store.years()).toEqual([2020]);
      expect(await store.getReport(999)).toBeNull();
      expect(await store.reportText(res.reportId)).toBe(TEXT);
      expect(await store.currentByHash(contentHash(TEXT))).toMatchObject({
        id: res.reportId,
        officeName: '芝罘区只楚街道办事处',
      });
      expect(await store.currentByHash(contentHash('别的文本'))).toBeNull();
      expect((await store.findingsByReport(2020)).get(res.reportId)).toEqual(parsed().findings);
    });

    it('is idempotent by content: the same text again writes nothing', async () => {
      const first = await store.saveReport({ parsed: parsed(), text: TEXT, sourceFile: 'a.txt' });
      const stamp = await store.externalChanges();
      const again = await store.saveReport({ parsed: parsed(), text: TEXT, sourceFile: 'copy/a.txt' });
      expect(again).toEqual({ outcome: 'unchanged', reportId: first.reportId, officeId: first.officeId });
      expect(await store.externalChanges()).toBe(stamp);
      expect(await store.counts()).toEqual({ offices: 1, reports: 1, current: 1, facts: 7 });
    });

    it('a different text for the same office and year replaces the current one and keeps the old one', async () => {
      const a = await store.saveReport({ parsed: parsed(), text: TEXT, sourceFile: 'a.txt' });
      const b = await store.saveReport({
        parsed: parsed({ office: '只楚街道办事处', facts: { ...parsed().facts, 'apply.received.total': 5 } }),
        text: `${TEXT}（更正）`,
        sourceFile: 'a-fixed.txt',
      });
      expect(b.outcome).toBe('replaced');
      expect(b.officeId).toBe(a.officeId);
      expect((await store.reportHistory(a.officeId, 2020)).map((h) => [h.id, h.supersededBy])).toEqual([
        [a.reportId, b.reportId],
        [b.reportId, null],
      ]);
      expect((await store.currentReports()).map((r) => r.id)).toEqual([b.reportId]);
      expect((await store.currentReports({ year: 2020, officeId: a.officeId })).map((r) => r.id)).toEqual([b.reportId]);
      expect(await store.currentReports({ year: 2021 })).toEqual([]);
      expect(await store.factValues('apply.received.total')).toEqual([
        { officeId: a.officeId, reportId: b.reportId, year: 2020, value: 5, approximate: false, unit: '件' },
      ]);
      expect((await store.getReport(a.reportId))!.facts['apply.received.total']).toBe(4);
      expect(await store.counts()).toEqual({ offices: 1, reports: 2, current: 1, facts: 14 });
      const c = await store.saveReport({ parsed: parsed(), text: TEXT, sourceFile: 'a.txt' });
      expect(c.outcome).toBe('replaced');
      expect((await store.reportHistory(a.officeId, 2020)).map((h) => h.supersededBy)).toEqual([
        b.reportId,
        c.reportId,
        null,
      ]);
    });

    it('keeps offices of the same name in different regions apart, and years of one office together', async () => {
      const t = (region: string | null, year = 2020) =>
        parsed({ office: '城关镇人民政府', region, kind: '乡镇', aliases: ['城关镇'], year });
      const luoyang = await store.saveReport({ parsed: t('河南省洛阳市'), text: 'A', sourceFile: 'a.txt' });
      const noRegion = await store.saveReport({ parsed: t(null, 2021), text: 'B', sourceFile: 'b.txt' });
      expect(noRegion.officeId).not.toBe(luoyang.officeId);
      const lanzhou = await store.saveReport({ parsed: t('甘肃省兰州市'), text: 'C', sourceFile: 'c.txt' });
      expect(lanzhou.officeId).not.toBe(luoyang.officeId);
      expect(lanzhou.outcome).toBe('added');
      const ambiguous = await store.saveReport({ parsed: t(null), text: 'D', sourceFile: 'd.txt' });
      expect(ambiguous.officeId).toBe(noRegion.officeId);
      expect(await store.officesByAlias('城关镇')).toHaveLength(3);
      expect(await store.years()).toEqual([2020, 2021]);
      expect((await store.factValues('apply.received.total', 2020)).map((v) => v.officeId)).toEqual(
        [luoyang.officeId, lanzhou.officeId, ambiguous.officeId].sort((x, y) => x - y),
      );
    });

    it('refuses a parse without office, year or format, with a Chinese reason', async () => {
      await expect(store.saveReport({ parsed: parsed({ office: null }), text: TEXT, sourceFile: 'x' })).rejects.toThrow(
        /单位名称/,
      );
      await expect(store.saveReport({ parsed: parsed({ year: null }), text: TEXT, sourceFile: 'x' })).rejects.toThrow(
        /报告年度/,
      );
      await expect(store.saveReport({ parsed: parsed({ format: null }), text: TEXT, sourceFile: 'x' })).rejects.toThrow(
        StoreError,
      );
      await expect(
        store.saveReport({ parsed: parsed({ facts: { 'apply.bogus.total': 1 } }), text: TEXT, sourceFile: 'x' }),
      ).rejects.toThrow(/未知的指标编号/);
      await expect(store.saveReport({ parsed: parsed(), text: `${TEXT}\u0000`, sourceFile: 'x' })).rejects.toThrow(
        /空字符/,
      );
      expect(await store.counts()).toEqual({ offices: 0, reports: 0, current: 0, facts: 0 });
    });
  });

  describe('one transaction per report', () => {
    // The last fact's provenance line violates CHECK (line >= 1): by then the office, the
    // report row and the other facts have been written inside the transaction.
    const broken = (over: Partial<ParsedReport> = {}) => {
      const p = parsed(over);
      return { ...p, provenance: { ...p.provenance, 'review.total': { line: 0, cell: '0' } } };
    };

    it('a failure mid-save of a new office leaves nothing behind', async () => {
      await store.saveReport({
        parsed: parsed({ office: '洛北街道办事处', region: '河南省洛阳市西工区', aliases: ['洛北街道'] }),
        text: 'other',
        sourceFile: 'o.txt',
      });
      const before = await store.counts();
      await expect(store.saveReport({ parsed: broken(), text: TEXT, sourceFile: 'a.txt' })).rejects.toThrow(
        /check constraint/,
      );
      expect(await store.counts()).toEqual(before);
      expect(await store.officesByAlias('只楚')).toEqual([]);
      expect(await queryDb(db.url, 'SELECT count(*)::int AS n FROM findings')).toEqual([{ n: 2 }]);
      expect((await store.saveReport({ parsed: parsed(), text: TEXT, sourceFile: 'a.txt' })).outcome).toBe('added');
    });

    it('a failed replacement keeps the old report current', async () => {
      const a = await store.saveReport({ parsed: parsed(), text: TEXT, sourceFile: 'a.txt' });
      const before = await store.counts();
      await expect(store.saveReport({ parsed: broken(), text: `${TEXT}2`, sourceFile: 'b.txt' })).rejects.toThrow();
      expect(await store.counts()).toEqual(before);
      expect((await store.reportHistory(a.officeId, 2020)).map((h) => [h.id, h.supersededBy])).toEqual([
        [a.reportId, null],
      ]);
    });
  });

  describe('two reports of one year under a bare name', () => {
    it('are both kept, as a conflict, each under an office of its own', async () => {
      const a = await store.saveReport({
        parsed: town(4),
        text: 'A 城关镇 2020',
        sourceFile: 'songxian/城关镇-2020.txt',
      });
      const b = await store.saveReport({
        parsed: town(9),
        text: 'B 城关镇 2020',
        sourceFile: 'yiyang/城关镇-2020.txt',
      });
      expect(a.outcome).toBe('added');
      expect(b.outcome).toBe('conflict');
      expect(b.officeId).not.toBe(a.officeId);
      expect(b.conflictWith).toMatchObject({ id: a.reportId, sourceFile: 'songxian/城关镇-2020.txt', year: 2020 });
      expect(await store.counts()).toMatchObject({ reports: 2, current: 2 });
      expect(await received(store)).toEqual([4, 9]);
      expect(await store.conflicts()).toEqual([
        expect.objectContaining({
          name: '城关镇人民政府',
          region: null,
          year: 2020,
          reports: [expect.objectContaining({ id: a.reportId }), expect.objectContaining({ id: b.reportId })],
        }),
      ]);
      expect((await store.officesByAlias('城关镇')).map((o) => o.files)).toEqual([
        ['songxian/城关镇-2020.txt'],
        ['yiyang/城关镇-2020.txt'],
      ]);
      expect((await store.listOffices()).map((o) => o.files)).toEqual([
        ['songxian/城关镇-2020.txt'],
        ['yiyang/城关镇-2020.txt'],
      ]);
      const c = await store.saveReport({
        parsed: town(2, { year: 2021 }),
        text: 'C 城关镇 2021',
        sourceFile: 'songxian/城关镇-2021.txt',
      });
      expect(c).toMatchObject({ outcome: 'added', officeId: a.officeId });
    });

    it('a region that stops at the city does not tell two townships apart; a department of that city it does', async () => {
      const city = (n: number) => town(n, { region: '洛阳市' });
      await store.saveReport({ parsed: city(4), text: 'A', sourceFile: 'a.txt' });
      expect((await store.saveReport({ parsed: city(9), text: 'B', sourceFile: 'b.txt' })).outcome).toBe('conflict');
      const dept = (n: number) =>
        town(n, { office: '洛阳市教育局', region: '河南省洛阳市', kind: '部门', aliases: ['教育局'] });
      await store.saveReport({ parsed: dept(1), text: 'C', sourceFile: 'c.txt' });
      expect((await store.saveReport({ parsed: dept(2), text: 'D', sourceFile: 'd.txt' })).outcome).toBe('replaced');
    });

    it('a region the registry claimed on the name alone is no proof either', async () => {
      const claimed: FiledOrigin = {
        office: { from: 'title' },
        year: { from: 'title' },
        region: { from: 'registry', value: '河南省洛阳市嵩县', source: '城关镇人民政府' },
      };
      const claim = (n: number) => town(n, { region: '河南省洛阳市嵩县' });
      await store.saveReport({ parsed: claim(4), text: 'A', sourceFile: 'a.txt', origin: claimed });
      expect(
        (await store.saveReport({ parsed: claim(9), text: 'B', sourceFile: 'b.txt', origin: claimed })).outcome,
      ).toBe('conflict');
      expect(await received(store)).toEqual([4, 9]);
    });
  });

  describe('a genuine new version still replaces, keeping history', () => {
    it('the same file re-issued', async () => {
      const a = await store.saveReport({ parsed: town(4), text: 'A', sourceFile: 'in/城关镇-2020.txt' });
      const b = await store.saveReport({ parsed: town(5), text: 'A（更正）', sourceFile: 'in/城关镇-2020.txt' });
      expect(b).toMatchObject({ outcome: 'replaced', officeId: a.officeId });
      expect((await store.reportHistory(a.officeId, 2020)).map((h) => [h.id, h.supersededBy])).toEqual([
        [a.reportId, b.reportId],
        [b.reportId, null],
      ]);
      expect(await received(store)).toEqual([5]);
      expect(await store.conflicts()).toEqual([]);
    });

    it('same name and a region read in the text that names the county', async () => {
      const songxian = (n: number) => town(n, { region: '河南省洛阳市嵩县' });
      const a = await store.saveReport({ parsed: songxian(4), text: 'A', sourceFile: 'a.txt' });
      const b = await store.saveReport({ parsed: songxian(5), text: 'B', sourceFile: 'b-更正.txt' });
      expect(b).toMatchObject({ outcome: 'replaced', officeId: a.officeId });
      expect((await store.getReport(a.reportId))!.facts['apply.received.total']).toBe(4);
      expect((await store.getReport(b.reportId))!.origin.region).toEqual({ from: 'text', value: '河南省洛阳市嵩县' });
    });
  });

  describe('assignRegion', () => {
    it('moves a conflicting report to its region, and answers follow', async () => {
      const a = await store.saveReport({ parsed: town(4), text: 'A', sourceFile: 'a.txt' });
      const b = await store.saveReport({ parsed: town(9), text: 'B', sourceFile: 'b.txt' });
      const moved = await store.assignRegion(b.reportId, '河南省洛阳市宜阳县');
      expect(moved.moved).toEqual([b.reportId]);
      expect(moved.to).toMatchObject({ name: '城关镇人民政府', region: '河南省洛阳市宜阳县' });
      expect(moved.removedOffice).toBe(true);
      expect(await store.conflicts()).toEqual([]);
      expect(await store.getOffice(b.officeId)).toBeNull();
      const yiyang = (await store.listOffices()).find((o) => o.region === '河南省洛阳市宜阳县')!;
      expect((await store.currentReports({ officeId: yiyang.id })).map((r) => r.id)).toEqual([b.reportId]);
      expect((await store.getReport(b.reportId))!.origin.region).toEqual({
        from: 'assign',
        value: '河南省洛阳市宜阳县',
      });
      expect((await store.listOffices()).every((o) => o.files === undefined)).toBe(true);
      expect(await received(store)).toEqual([4, 9]);

      await store.assignRegion(a.reportId, '河南省洛阳市嵩县');
      const c = await store.saveReport({ parsed: town(5), text: 'C', sourceFile: 'c.txt' });
      expect(c.outcome).toBe('added');
      const fix = await store.assignRegion(c.reportId, '河南省洛阳市嵩县');
      expect(fix.replaced).toMatchObject({ id: a.reportId });
      expect(await received(store)).toEqual([5, 9]);
      expect((await store.reportHistory(fix.to.id, 2020)).map((h) => [h.id, h.supersededBy])).toEqual([
        [a.reportId, c.reportId],
        [c.reportId, null],
      ]);
    });

    it('refuses a superseded report, and says nothing moved when it is already there', async () => {
      const a = await store.saveReport({
        parsed: town(4, { region: '河南省洛阳市嵩县' }),
        text: 'A',
        sourceFile: 'a.txt',
      });
      await store.saveReport({ parsed: town(5, { region: '河南省洛阳市嵩县' }), text: 'B', sourceFile: 'a.txt' });
      await expect(store.assignRegion(a.reportId, '河南省洛阳市宜阳县')).rejects.toThrow(/已被新版本替换/);
      const current = (await store.currentReports())[0];
      expect((await store.assignRegion(current.id, '河南省洛阳市嵩县')).moved).toEqual([]);
    });

    it('reportsByFile: the path as stored, written otherwise, or its last folders and name', async () => {
      await store.saveReport({ parsed: town(4), text: 'A', sourceFile: 'in/a/城关镇-2020.txt' });
      await store.saveReport({ parsed: town(9), text: 'B', sourceFile: 'in/b/城关镇-2020.txt' });
      expect(await store.reportsByFile('in/a/城关镇-2020.txt')).toHaveLength(1);
      expect(await store.reportsByFile('./in/a/城关镇-2020.txt')).toHaveLength(1);
      expect((await store.reportsByFile('b/城关镇-2020.txt')).map((r) => r.sourceFile)).toEqual([
        'in/b/城关镇-2020.txt',
      ]);
      expect(await store.reportsByFile('城关镇-2020.txt')).toHaveLength(2);
      expect(await store.reportsByFile('无此文件.txt')).toEqual([]);
    });
  });

  describe('prose facts', () => {
    const fact = (over: object = {}) => ({
      phrase: '微博投诉',
      verb: null,
      lead: '',
      value: 68,
      unit: '条',
      hedge: null,
      bound: 'exact' as const,
      kind: 'count' as const,
      sub: false,
      written: '68条',
      sentence: '受理微博投诉68条。',
      line: 12,
      part: 1,
      ...over,
    });

    it('are kept with their report, read for current reports, and stamped', async () => {
      const a = await store.saveReport({
        parsed: parsed({ proseFacts: [fact()] } as Partial<ParsedReport>),
        text: TEXT,
        sourceFile: 'a.txt',
      });
      expect((await store.proseFacts()).map((f) => [f.reportId, f.phrase, f.value, f.line])).toEqual([
        [a.reportId, '微博投诉', 68, 12],
      ]);
      expect(await store.proseFactsStamp()).toBe(a.reportId);
      const b = await store.saveReport({ parsed: parsed(), text: `${TEXT}2`, sourceFile: 'a.txt' });
      expect(await store.reportsWithoutProseFacts()).toEqual([b.reportId]);
      expect(await store.proseFacts()).toEqual([]); // the replaced report's stay with it
      expect(await store.proseFacts({ reportId: a.reportId })).toHaveLength(1);
      // a fact with no line is not a fact to quote: skipped, the rest kept at their places
      await store.saveProseFacts(b.reportId, [
        fact({ line: 0 }),
        fact({ phrase: '公众号关注', value: 5948, unit: '人', line: 14 }),
      ]);
      expect(await store.proseFacts({ officeId: b.officeId, year: 2020 })).toEqual([
        expect.objectContaining({
          reportId: b.reportId,
          officeName: '芝罘区只楚街道办事处',
          phrase: '公众号关注',
          value: 5948,
          line: 14,
          sub: false,
        }),
      ]);
      expect(await store.reportsWithoutProseFacts()).toEqual([]);
      await expect(store.saveProseFacts(999, [])).rejects.toThrow(/没有编号为 999 的报告/);
    });
  });

  describe('batches', () => {
    it('saves in a batch are seen by another instance only after the commit; one that fails rolls back alone', async () => {
      const other = await open();
      await store.beginBatch();
      await store.saveReport({
        parsed: town(4, { office: '洛北街道办事处', kind: '街道', region: '河南省洛阳市西工区', aliases: [] }),
        text: '洛北',
        sourceFile: 'a.txt',
      });
      const bad = { ...town(7, { office: '城郊街道办事处' }), facts: { 'no.such.fact': 1 } } as unknown as ParsedReport;
      await expect(store.saveReport({ parsed: bad, text: '城郊', sourceFile: 'b.txt' })).rejects.toThrow();
      await expect(
        store.saveReport({
          parsed: { ...town(1), provenance: { 'apply.received.total': { line: 0, cell: '1' } } },
          text: 'x',
          sourceFile: 'x.txt',
        }),
      ).rejects.toThrow(/check constraint/);
      await store.saveReport({
        parsed: town(2, { office: '胜利街街道办事处', kind: '街道', region: '河南省洛阳市西工区', aliases: [] }),
        text: '胜利街',
        sourceFile: 'c.txt',
      });
      expect((await store.counts()).reports).toBe(2);
      expect((await other.counts()).reports).toBe(0);
      await store.commitBatch();
      expect((await other.currentReports()).map((r) => r.officeName).sort()).toEqual(
        ['洛北街道办事处', '胜利街街道办事处'].sort(),
      );
    });

    it('nested batches commit once, at the outermost; closing keeps an open batch', async () => {
      const other = await open();
      await store.beginBatch();
      await store.beginBatch();
      await store.saveReport({ parsed: town(5), text: '2021', sourceFile: 'a.txt' });
      await store.commitBatch();
      expect((await other.counts()).reports).toBe(0);
      await store.close();
      expect((await other.counts()).reports).toBe(1);
    });
  });

  describe('two instances on one database', () => {
    it('ingesting the same office at once keep one current report per office and year, each version in history', async () => {
      const second = await open();
      const third = await open();
      // Twelve versions of one county's 城关镇 report, saved three at a time by three instances.
      const versions = Array.from({ length: 12 }, (_, i) => town(i + 1, { region: '河南省洛阳市嵩县' }));
      const results = await Promise.all(
        versions.map((p, i) =>
          [store, second, third][i % 3].saveReport({ parsed: p, text: `版本 ${i + 1}`, sourceFile: `v${i + 1}.txt` }),
        ),
      );
      expect(new Set(results.map((r) => r.officeId)).size).toBe(1);
      expect(results.filter((r) => r.outcome === 'added')).toHaveLength(1);
      expect(results.filter((r) => r.outcome === 'replaced')).toHaveLength(11);
      const history = await store.reportHistory(results[0].officeId, 2020);
      expect(history).toHaveLength(12);
      expect(history.filter((h) => h.supersededBy === null)).toHaveLength(1);
      // a chain: each version superseded by exactly one later one
      expect(new Set(history.map((h) => h.supersededBy).filter((x) => x !== null)).size).toBe(11);
      expect(await store.counts()).toMatchObject({ offices: 1, reports: 12, current: 1 });
    }, 30_000);

    it('two batches writing the same offices in opposite orders both commit (no deadlock), a single save waits for them', async () => {
      const second = await open();
      const office = (name: string, n: number) =>
        town(n, { office: name, kind: '街道', region: '河南省洛阳市西工区', aliases: [] });
      const run = async (s: PgStore, names: string[], tag: string) => {
        await s.beginBatch();
        for (const [i, name] of names.entries())
          await s.saveReport({ parsed: office(name, i + 1), text: `${tag} ${name}`, sourceFile: `${tag}/${name}.txt` });
        await s.commitBatch();
      };
      const names = ['洛北街道办事处', '城郊街道办事处', '胜利街街道办事处'];
      const third = await open();
      await Promise.all([
        run(store, names, 'a'),
        run(second, [...names].reverse(), 'b'),
        third.saveReport({ parsed: office('洛北街道办事处', 9), text: 'c 洛北', sourceFile: 'c/洛北街道办事处.txt' }),
      ]);
      expect(await store.counts()).toMatchObject({ offices: 3, reports: 7, current: 3 });
      for (const o of await store.listOffices())
        expect(await store.reportHistory(o.id, 2020)).toHaveLength(o.name === '洛北街道办事处' ? 3 : 2);
    }, 30_000);

    it('the same text at once is stored once; a bare name at once is a conflict, never a lost report', async () => {
      const second = await open();
      const same = await Promise.all(
        [store, second].map((s) => s.saveReport({ parsed: parsed(), text: TEXT, sourceFile: 'a.txt' })),
      );
      expect(same.map((r) => r.outcome).sort()).toEqual(['added', 'unchanged']);
      const bare = await Promise.all(
        [store, second].map((s, i) =>
          s.saveReport({ parsed: town(4 + i * 5), text: `城关镇 ${i}`, sourceFile: `${i}/城关镇.txt` }),
        ),
      );
      expect(bare.map((r) => r.outcome).sort()).toEqual(['added', 'conflict']);
      expect(await received(store)).toEqual([4, 4, 9]);
    });

    it('the change counter moves with each committed write, and other instances are told', async () => {
      const second = await open();
      const heard: number[] = [];
      const stop = await second.onChange((n) => heard.push(n));
      const before = await second.externalChanges();
      await store.saveReport({ parsed: parsed(), text: TEXT, sourceFile: 'a.txt' });
      expect(await second.externalChanges()).toBe(before + 1);
      await store.beginBatch();
      await store.saveReport({ parsed: town(1), text: 'x', sourceFile: 'x.txt' });
      await store.saveReport({ parsed: town(2, { year: 2021 }), text: 'y', sourceFile: 'y.txt' });
      expect(await second.externalChanges()).toBe(before + 1);
      await store.commitBatch();
      expect(await second.externalChanges()).toBe(before + 2);
      for (let i = 0; i < 50 && heard.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      expect(heard).toEqual([before + 1, before + 2]);
      expect(typeof stop).toBe('function'); // not called: closing the store (afterEach) stops its listener
    });
  });

  describe('chunks', () => {
    it('are stored with their vectors and read back with their report', async () => {
      const a = await store.saveReport({ parsed: parsed(), text: TEXT, sourceFile: 'a.txt' });
      const chunk = (seq: number) => ({
        seq,
        part: 1,
        partHeading: '一、总体情况',
        section: null,
        line: 5 + seq,
        endLine: 6 + seq,
        text: `第${seq}段`,
      });
      await store.saveChunks(
        a.reportId,
        [chunk(0), chunk(1)],
        [
          [0.5, -0.25],
          [1, 0],
        ],
        'test-embeddings',
      );
      expect(await store.chunks()).toEqual([
        {
          reportId: a.reportId,
          officeId: a.officeId,
          office: '芝罘区只楚街道办事处',
          year: 2020,
          ...chunk(0),
          model: 'test-embeddings',
          vector: [0.5, -0.25],
        },
        {
          reportId: a.reportId,
          officeId: a.officeId,
          office: '芝罘区只楚街道办事处',
          year: 2020,
          ...chunk(1),
          model: 'test-embeddings',
          vector: [1, 0],
        },
      ]);
      await store.saveChunks(a.reportId, [chunk(0)]);
      expect((await store.chunks({ reportIds: [a.reportId] })).map((c) => [c.seq, c.vector])).toEqual([[0, null]]);
      // an instance catching up: only what was stored after the last report it has
      const b = await store.saveReport({ parsed: town(3), text: '城关镇', sourceFile: 'b.txt' });
      await store.saveChunks(b.reportId, [chunk(0)]);
      expect((await store.chunks({ afterReportId: a.reportId })).map((c) => c.reportId)).toEqual([b.reportId]);
      expect(await store.chunks({ afterReportId: b.reportId })).toEqual([]);
      await expect(store.saveChunks(a.reportId, [chunk(0)], [])).rejects.toThrow(/不一致/);
      // real[]: single precision, ample for cosine similarity
      await store.saveChunks(a.reportId, [chunk(0)], [[0.1, 1 / 3, -2e-7]], 'm');
      const [v] = (await store.chunks()).map((c) => c.vector!);
      [0.1, 1 / 3, -2e-7].forEach((x, i) => expect(v[i]).toBeCloseTo(x, 6));
    });
  });
});
