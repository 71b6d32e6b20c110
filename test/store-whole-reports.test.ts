// Whole reports read in one go, on both backends: getReports gives each report asked for in
// the order asked (null for an id not stored), and officeReport an office's current reports
// with the one of the year asked read whole (else its latest). The truths are the
// hand-built reports saved here (test/support/store-reports.ts), including cells and messages
// with quotes, backslashes, braces, commas and the word NULL, and a sum no decimal writes
// exactly: PostgreSQL reads facts and findings back through JSON, which must hold them all.
// And on PostgreSQL, what that is for: a fact answer reads the store in one statement.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../src/ask/engine.js';
import { PgStore } from '../src/store/pg/index.js';
import { openStore, type ReportStore, type SaveInput, type Store } from '../src/store/index.js';
import { describeOnPostgres, postgresForTests, useTestDatabase } from './support/postgres.js';
import { parsed, TEXT, town } from './support/store-reports.js';

const server = await postgresForTests();
const clock = () => new Date('2021-02-01T08:00:00Z');

const AWKWARD_CELL = '"3" \\ {件}, NULL \'单引号\'';
const AWKWARD_MESSAGE = '“予以公开”一格写作 "3\\4" {含花括号}, NULL';
const NOT_A_DECIMAL = 0.1 + 0.2; // 0.30000000000000004

/** 只楚 2020 (awkward strings), 只楚 2019, and two 城关镇 of 2020 no region tells apart. */
function inputs(): SaveInput[] {
  const base = parsed();
  const zhichu2020 = parsed({
    facts: { ...base.facts, 'active.procurement.amount': NOT_A_DECIMAL },
    provenance: { ...base.provenance, 'apply.granted.total': { line: 62, cell: AWKWARD_CELL } },
    findings: [{ ...base.findings[0], message: AWKWARD_MESSAGE }, base.findings[1]],
  });
  const zhichu2019 = parsed({
    year: 2019,
    facts: { 'apply.received.total': 9, 'review.total': 1 },
    approximate: [],
    findings: [],
    provenance: { 'apply.received.total': { line: 58, cell: '9' } },
  });
  return [
    { parsed: zhichu2020, text: TEXT, sourceFile: 'zhichu-2020.txt' },
    { parsed: zhichu2019, text: `${TEXT}\n2019`, sourceFile: 'zhichu-2019.txt' },
    { parsed: town(5), text: '城关镇 2020 甲', sourceFile: 'a/城关镇-2020.txt' },
    { parsed: town(7), text: '城关镇 2020 乙', sourceFile: 'b/城关镇-2020.txt' },
  ];
}

/** The ids each input was stored under, in order. */
async function fill(store: ReportStore): Promise<number[]> {
  const ids: number[] = [];
  for (const input of inputs()) ids.push((await store.saveReport(input)).reportId);
  return ids;
}

function suite(open: () => Promise<{ store: ReportStore; ids: number[] }>) {
  let store: ReportStore;
  let zhichu2020: number;
  let zhichu2019: number;
  let townB: number;
  beforeAll(async () => {
    let ids: number[];
    ({ store, ids } = await open());
    [zhichu2020, zhichu2019, , townB] = ids;
  });

  it('getReports gives each report asked for, in the order asked, null for an id not stored', async () => {
    const got = await store.getReports([zhichu2020, 999_999, zhichu2019, zhichu2020]);
    expect(got.map((r) => r && [r.id, r.year])).toEqual([
      [zhichu2020, 2020],
      null,
      [zhichu2019, 2019],
      [zhichu2020, 2020],
    ]);
    expect(got[0]).toEqual(await store.getReport(zhichu2020));
    expect(got[2]).toEqual(await store.getReport(zhichu2019));
    expect(await store.getReports([])).toEqual([]);
  });

  it('a report read whole keeps every value, cell and message as saved', async () => {
    const [r] = await store.getReports([zhichu2020]);
    expect(r!.facts['active.procurement.amount']).toBe(NOT_A_DECIMAL);
    expect(r!.facts['apply.partial.total']).toBeNull();
    expect(r!.facts['active.items']).toBe(180);
    expect(r!.approximate).toEqual(['active.items']);
    expect(r!.units['active.procurement.amount']).toBe('万元');
    expect(r!.provenance['apply.granted.total']).toEqual({ line: 62, cell: AWKWARD_CELL });
    expect(r!.provenance['apply.partial.total']).toEqual({ line: 63, cell: '' });
    expect(r!.findings.map((f) => [f.code, f.ids, f.message])).toEqual([
      ['missing_cell', ['apply.partial.total'], AWKWARD_MESSAGE],
      ['date', [], '报告日期晚于报送期限'],
    ]);
    expect(r!.office.name).toBe('芝罘区只楚街道办事处');
    expect(r!.office.aliases).toEqual(expect.arrayContaining(['只楚', '只楚街道']));
    expect(r!.office.files).toBeUndefined();
    expect(r!.text).toBe(TEXT);
  });

  it("officeReport reads the asked year's report, else the latest, with the office's current reports", async () => {
    const officeId = (await store.getReport(zhichu2020))!.officeId;
    const years = async (year: number | null) => {
      const { reports, report } = await store.officeReport(officeId, year);
      return [reports.map((r) => r.year), report?.id];
    };
    expect(await years(2019)).toEqual([[2019, 2020], zhichu2019]);
    expect(await years(2020)).toEqual([[2019, 2020], zhichu2020]);
    expect(await years(2018)).toEqual([[2019, 2020], zhichu2020]);
    expect(await years(null)).toEqual([[2019, 2020], zhichu2020]);
    const { reports, report } = await store.officeReport(officeId, 2019);
    expect(reports).toEqual(await store.currentReports({ officeId }));
    expect(report).toEqual(await store.getReport(zhichu2019));
    expect(await store.officeReport(999_999, 2020)).toEqual({ reports: [], report: null });
  });

  it("a namesake's report carries the file that tells its office apart", async () => {
    const officeId = (await store.getReport(townB))!.officeId;
    const { report } = await store.officeReport(officeId, 2020);
    expect(report!.facts['apply.received.total']).toBe(7);
    expect(report!.office.files).toEqual(['b/城关镇-2020.txt']);
    expect((await store.getReports([townB]))[0]!.office.files).toEqual(['b/城关镇-2020.txt']);
  });
}

let sqlite: Store;
describe('whole reports on SQLite', () => {
  afterAll(() => sqlite?.close());
  suite(async () => {
    sqlite = openStore(':memory:', { now: clock });
    return { store: sqlite, ids: await fill(sqlite) };
  });
});

describeOnPostgres(server, 'whole reports on PostgreSQL', () => {
  const db = useTestDatabase('whole_reports');
  suite(async () => {
    const store = await db.open({ now: clock });
    return { store, ids: await fill(store) };
  });

  it('reads what the SQLite store reads, report for report', async () => {
    const pg = await db.open({ now: clock });
    const lite = openStore(':memory:', { now: clock });
    try {
      // The PostgreSQL database already holds the suite's reports: a second SQLite gets them too.
      const ids = await fill(lite);
      expect(await pg.getReports([...ids, 999_999])).toEqual(lite.getReports([...ids, 999_999]));
      for (const id of ids) {
        const officeId = lite.getReport(id)!.officeId;
        for (const year of [null, 2018, 2019, 2020])
          expect(await pg.officeReport(officeId, year)).toEqual(lite.officeReport(officeId, year));
      }
    } finally {
      lite.close();
    }
  });

  it('a fact answer and its follow-up read the store in one statement, a trend in two', async () => {
    await db.open({ now: clock }); // the suite's reports are stored; count on a pool of our own
    const pool = new pg.Pool({ connectionString: db.url, max: 4 });
    const sent: string[] = [];
    const query = pool.query.bind(pool) as (...a: unknown[]) => unknown;
    (pool as unknown as { query: unknown }).query = (...args: unknown[]) => {
      sent.push(typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text);
      return query(...args);
    };
    const store = new PgStore(pool, 'counted');
    try {
      const engine = createEngine({ store, proseFacts: null, now: () => new Date('2021-06-01T00:00:00+08:00') });
      // The offices and years are read once per store version, not per answer: done by the first.
      await engine.answer('只楚收到多少申请');
      const count = async (question: string, context?: Parameters<typeof engine.answer>[1]) => {
        sent.length = 0;
        const out = await engine.answer(question, context);
        return { out, statements: sent.length };
      };
      const fact = await count('只楚收到多少申请');
      expect([fact.out.result.value, fact.statements]).toEqual([4, 1]);
      const follow = await count('2019年呢', fact.out.context);
      expect([follow.out.result.value, follow.statements]).toEqual([9, 1]);
      const trend = await count('只楚收到申请的变化趋势');
      expect(trend.out.result.facts.map((f) => f.value)).toEqual([9, 4]);
      expect(trend.statements).toBe(2);
    } finally {
      await store.close();
      await pool.end().catch(() => {});
    }
  });
});
