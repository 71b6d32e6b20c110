import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ParsedReport } from '../src/parse/types.js';
import {
  contentHash,
  migrate,
  MIGRATIONS,
  openStore,
  SCHEMA_VERSION,
  StoreError,
  type Store,
} from '../src/store/index.js';
import { connectionOf } from '../src/store/testing.js';
import { parsed, TEXT } from './support/store-reports.js';

let store: Store;
let tmp: string | undefined;
afterEach(() => {
  store?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
});

describe('openStore', () => {
  it('creates the data dir and nianbao.db, in WAL mode, at the current schema version, and keeps data across opens', () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-store-'));
    const dir = path.join(tmp, 'data');
    store = openStore(dir);
    expect(existsSync(path.join(dir, 'nianbao.db'))).toBe(true);
    expect(connectionOf(store).pragma('journal_mode', { simple: true })).toBe('wal');
    expect(connectionOf(store).pragma('foreign_keys', { simple: true })).toBe(1);
    expect(connectionOf(store).pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    store.saveReport({ parsed: parsed(), text: TEXT, sourceFile: 'a.txt' });
    store.close();
    store = openStore(dir);
    expect(store.counts()).toMatchObject({ offices: 1, reports: 1 });
  });

  it('applies only the migrations not yet applied, and refuses a newer database', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toBe(MIGRATIONS.length);
    const later = [...MIGRATIONS, 'CREATE TABLE chunks (id INTEGER PRIMARY KEY, body TEXT)'];
    expect(migrate(db, later)).toBe(later.length);
    expect(db.pragma('user_version', { simple: true })).toBe(later.length);
    db.prepare('INSERT INTO chunks (body) VALUES (?)').run('x');
    migrate(db, later); // nothing left to apply: the table and its row stay
    expect(db.prepare('SELECT count(*) FROM chunks').pluck().get()).toBe(1);
    expect(() => migrate(db, MIGRATIONS)).toThrow(/比本程序支持的版本/);
    db.close();
  });
});

describe('saveReport', () => {
  it('stores office, report, facts with provenance, approximate ids, units and findings', () => {
    store = openStore(':memory:', { now: () => new Date('2021-02-01T08:00:00Z') });
    const res = store.saveReport({ parsed: parsed(), text: TEXT, sourceFile: 'corpus/2020/只楚街道-2020.txt' });
    expect(res.outcome).toBe('added');

    const offices = store.listOffices();
    expect(offices).toHaveLength(1);
    expect(offices[0]).toMatchObject({
      id: res.officeId,
      name: '芝罘区只楚街道办事处',
      region: '山东省烟台市芝罘区',
      kind: '街道',
    });
    expect(offices[0].aliases).toEqual(expect.arrayContaining(['只楚', '只楚街道', '芝罘区只楚街道办事处']));
    expect(store.officesByAlias('只楚').map((o) => o.id)).toEqual([res.officeId]);
    expect(store.officesByAlias('只 楚')).toHaveLength(1); // spaces ignored
    expect(store.officesByAlias('城关镇')).toEqual([]);

    const r = store.getReport(res.reportId)!;
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
    expect(r.approximate).toEqual(['active.items']);
    expect(r.provenance['apply.received.total']).toEqual({ line: 60, cell: '4' });
    expect(r.units['active.procurement.amount']).toBe('万元');
    expect(r.units['apply.received.total']).toBe('件'); // from the catalogue
    expect(r.findings).toEqual(parsed().findings);
    expect(r.parts).toEqual(parsed().parts);
    expect(r.office.id).toBe(res.officeId);
    expect(store.counts()).toEqual({ offices: 1, reports: 1, current: 1, facts: 7 });
    expect(store.years()).toEqual([2020]);
    expect(store.getReport(999)).toBeNull();
    expect(store.currentByHash(contentHash(TEXT))).toMatchObject({
      id: res.reportId,
      officeName: '芝罘区只楚街道办事处',
    });
    expect(store.currentByHash(contentHash('别的文本'))).toBeNull();
  });

  it('keeps a text handed over as its UTF-8 bytes as the same TEXT value, under the same hash', () => {
    const text = `${TEXT}\n𠮷 Café ½`;
    const bytes = Buffer.from(text, 'utf8');
    const sha = createHash('sha256').update(bytes).digest('hex');
    const stored = [false, true].map((withBytes) => {
      store = openStore(':memory:');
      const res = store.saveReport({
        parsed: parsed(),
        text,
        sourceFile: 'a.txt',
        ...(withBytes ? { utf8: bytes } : {}),
      });
      const row = connectionOf(store)
        .prepare('SELECT typeof(text) AS type, hex(text) AS hex, content_hash AS hash FROM reports WHERE id = ?')
        .get(res.reportId);
      const read = {
        row,
        text: store.getReport(res.reportId)?.text,
        // The index step's read: the same characters through the bytes' decoding.
        reportText: store.reportText(res.reportId),
        found: store.currentByHash(sha)?.id,
      };
      store.close();
      return read;
    });
    expect(stored[1]).toEqual({
      row: { type: 'text', hex: bytes.toString('hex').toUpperCase(), hash: sha },
      text,
      reportText: text,
      found: 1,
    });
    expect(stored[1]).toEqual(stored[0]);
  });

  it('is idempotent by content: the same text again writes nothing', () => {
    store = openStore(':memory:');
    const first = store.saveReport({ parsed: parsed(), text: TEXT, sourceFile: 'a.txt' });
    const changesBefore = connectionOf(store).prepare('SELECT total_changes()').pluck().get();
    const again = store.saveReport({ parsed: parsed(), text: TEXT, sourceFile: 'copy/a.txt' });
    expect(again).toEqual({ outcome: 'unchanged', reportId: first.reportId, officeId: first.officeId });
    expect(connectionOf(store).prepare('SELECT total_changes()').pluck().get()).toBe(changesBefore);
    expect(store.counts()).toEqual({ offices: 1, reports: 1, current: 1, facts: 7 });
  });

  it('a different text for the same office and year replaces the current one and keeps the old one', () => {
    store = openStore(':memory:');
    const a = store.saveReport({ parsed: parsed(), text: TEXT, sourceFile: 'a.txt' });
    const b = store.saveReport({
      // a later copy of the report; the title writes the name without its district
      parsed: parsed({ office: '只楚街道办事处', facts: { ...parsed().facts, 'apply.received.total': 5 } }),
      text: `${TEXT}（更正）`,
      sourceFile: 'a-fixed.txt',
    });
    expect(b.outcome).toBe('replaced');
    expect(b.officeId).toBe(a.officeId);
    const history = store.reportHistory(a.officeId, 2020);
    expect(history.map((h) => [h.id, h.supersededBy])).toEqual([
      [a.reportId, b.reportId],
      [b.reportId, null],
    ]);
    expect(store.currentReports().map((r) => r.id)).toEqual([b.reportId]);
    expect(store.currentReports({ year: 2020, officeId: a.officeId }).map((r) => r.id)).toEqual([b.reportId]);
    expect(store.currentReports({ year: 2021 })).toEqual([]);
    expect(store.factValues('apply.received.total')).toEqual([
      { officeId: a.officeId, reportId: b.reportId, year: 2020, value: 5, approximate: false, unit: '件' },
    ]);
    // the old version is still readable, with its own numbers
    expect(store.getReport(a.reportId)!.facts['apply.received.total']).toBe(4);
    expect(store.counts()).toEqual({ offices: 1, reports: 2, current: 1, facts: 14 });

    // going back to the first text makes it current again, as a new version
    const c = store.saveReport({ parsed: parsed(), text: TEXT, sourceFile: 'a.txt' });
    expect(c.outcome).toBe('replaced');
    expect(store.reportHistory(a.officeId, 2020).map((h) => h.supersededBy)).toEqual([b.reportId, c.reportId, null]);
  });

  it('keeps offices of the same name in different regions apart, and years of one office together', () => {
    store = openStore(':memory:');
    const town = (region: string | null, year = 2020) =>
      parsed({ office: '城关镇人民政府', region, kind: '乡镇', aliases: ['城关镇'], year });
    const luoyang = store.saveReport({ parsed: town('河南省洛阳市'), text: 'A', sourceFile: 'a.txt' });
    const noRegion = store.saveReport({ parsed: town(null, 2021), text: 'B', sourceFile: 'b.txt' });
    // Without a region it may be any county's 城关镇: kept apart, never merged with 洛阳's.
    expect(noRegion.officeId).not.toBe(luoyang.officeId);
    const lanzhou = store.saveReport({ parsed: town('甘肃省兰州市'), text: 'C', sourceFile: 'c.txt' });
    expect(lanzhou.officeId).not.toBe(luoyang.officeId);
    expect(lanzhou.outcome).toBe('added');
    // A second region-less 城关镇 report joins the region-less office, not 洛阳's or 兰州's.
    const ambiguous = store.saveReport({ parsed: town(null), text: 'D', sourceFile: 'd.txt' });
    expect(ambiguous.officeId).toBe(noRegion.officeId);
    expect(store.officesByAlias('城关镇')).toHaveLength(3);
    expect(store.years()).toEqual([2020, 2021]);
    expect(store.factValues('apply.received.total', 2020).map((v) => v.officeId)).toEqual(
      [luoyang.officeId, lanzhou.officeId, ambiguous.officeId].sort((a, b) => a - b),
    );
  });

  it('refuses a parse without office, year or format, with a Chinese reason', () => {
    store = openStore(':memory:');
    expect(() => store.saveReport({ parsed: parsed({ office: null }), text: TEXT, sourceFile: 'x' })).toThrow(
      /单位名称/,
    );
    expect(() => store.saveReport({ parsed: parsed({ year: null }), text: TEXT, sourceFile: 'x' })).toThrow(/报告年度/);
    expect(() => store.saveReport({ parsed: parsed({ format: null }), text: TEXT, sourceFile: 'x' })).toThrow(
      StoreError,
    );
    expect(() =>
      store.saveReport({ parsed: parsed({ facts: { 'apply.bogus.total': 1 } }), text: TEXT, sourceFile: 'x' }),
    ).toThrow(/未知的指标编号/);
    expect(store.counts()).toEqual({ offices: 0, reports: 0, current: 0, facts: 0 });
  });

  it('refuses an unknown fact id in a list otherwise like one it stored, and a bad value in that list', () => {
    store = openStore(':memory:');
    const facts = { 'apply.received.total': 3, 'review.total': 0 };
    store.saveReport({ parsed: parsed({ facts }), text: TEXT, sourceFile: 'a.txt' });
    expect(() =>
      store.saveReport({
        parsed: parsed({ facts: { 'apply.received.total': 3, 'review.bogus': 0 } }),
        text: `${TEXT}2`,
        sourceFile: 'b.txt',
      }),
    ).toThrow(/未知的指标编号/);
    expect(() =>
      store.saveReport({
        parsed: parsed({ facts: { ...facts, 'review.total': Number.NaN } }),
        text: `${TEXT}3`,
        sourceFile: 'c.txt',
      }),
    ).toThrow(/数值无效/);
    expect(store.counts().reports).toBe(1);
  });
});

describe('one transaction per report', () => {
  // The last fact's provenance line is refused (a line is ≥ 1; schema 11 packs the cells after
  // the office and the report row have been written inside the transaction).
  const broken = (over: Partial<ParsedReport> = {}) => {
    const p = parsed(over);
    return { ...p, provenance: { ...p.provenance, 'review.total': { line: 0, cell: '0' } } };
  };

  it('a failure mid-save of a new office leaves nothing behind', () => {
    store = openStore(':memory:');
    store.saveReport({
      parsed: parsed({ office: '洛北街道办事处', region: '河南省洛阳市西工区', aliases: ['洛北街道'] }),
      text: 'other',
      sourceFile: 'o.txt',
    });
    const before = store.counts();
    expect(() => store.saveReport({ parsed: broken(), text: TEXT, sourceFile: 'a.txt' })).toThrow(/cell line 0/);
    expect(store.counts()).toEqual(before);
    expect(store.officesByAlias('只楚')).toEqual([]);
    expect(connectionOf(store).prepare('SELECT count(*) FROM findings').pluck().get()).toBe(2); // the other report's only
    // the store still works afterwards
    expect(store.saveReport({ parsed: parsed(), text: TEXT, sourceFile: 'a.txt' }).outcome).toBe('added');
  });

  it('a failed save forgets the fact codes it made: the next report’s new facts read back as stored', () => {
    store = openStore(':memory:');
    // 'active.items' gets its first code inside the save, which then fails (a line below 1): rolled back.
    const failing = parsed({ facts: { 'apply.received.total': 1, 'active.items': 5 } });
    expect(() =>
      store.saveReport({
        parsed: { ...failing, provenance: { 'active.items': { line: 0, cell: '5' } } },
        text: 'x',
        sourceFile: 'x.txt',
      }),
    ).toThrow(/cell line 0/);
    // Two facts new to the store; one code each, neither taken for the other.
    const next = parsed({
      facts: { 'review.total': 3, 'active.items': 7, 'apply.received.total': 2 },
      approximate: [],
    });
    const saved = store.saveReport({ parsed: next, text: TEXT, sourceFile: 'a.txt' });
    expect(store.getReport(saved.reportId)!.facts).toEqual({
      'active.items': 7,
      'apply.received.total': 2,
      'review.total': 3,
    });
    expect(store.factValues('active.items').map((v) => v.value)).toEqual([7]);
    expect(store.factValues('review.total').map((v) => v.value)).toEqual([3]);
  });

  it('a failed replacement keeps the old report current', () => {
    store = openStore(':memory:');
    const a = store.saveReport({ parsed: parsed(), text: TEXT, sourceFile: 'a.txt' });
    const before = store.counts();
    expect(() =>
      store.saveReport({ parsed: broken({ region: '山东省烟台市芝罘区' }), text: `${TEXT}2`, sourceFile: 'b.txt' }),
    ).toThrow();
    expect(store.counts()).toEqual(before);
    expect(store.reportHistory(a.officeId, 2020).map((h) => [h.id, h.supersededBy])).toEqual([[a.reportId, null]]);
  });
});
