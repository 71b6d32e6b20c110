// A fact answer on PostgreSQL is one statement: the office's reports with the quoted one
// whole, carrying the change counter that the answer's freshness check reads beside it
// (externalChanges). What must hold: the counter so read is never older than the call that
// asked for it (a write committed before is seen), a call that no fact read follows is
// still answered (by a read of its own), and the report read whole is the very object the
// SQLite store builds, key order included (its facts come as columns, sorted on the server
// and checked in the client). Truths: the bundled reports through the SQLite store, the
// counter as the database holds it, and hand-written fact columns.
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openAsker } from '../src/app/open-asker.js';
import { openStore, type Store } from '../src/store/index.js';
import { PgStore } from '../src/store/pg/index.js';
import { factsOf } from '../src/store/pg/whole-reports.js';
import {
  describeOnPostgres,
  postgresForTests,
  queryDb,
  type SuiteDatabase,
  useTestDatabase,
} from './support/postgres.js';
import { CORPUS_2020_FILES as FILES, corpusInput as input } from './support/store-reports.js';

const server = await postgresForTests();
/** Stored by another instance in the last test only. */
const LATER = '胜利街街道-2020.txt';
const clock = () => new Date('2021-02-01T08:00:00Z');

let db: SuiteDatabase;
let sqlite: Store;
let writer: PgStore;
/** A store over a pool of the test's own, so its statements can be counted. */
let pool: pg.Pool;
let store: PgStore;

async function counterInDb(): Promise<number> {
  return Number(
    (await queryDb<{ counter: string }>(db.url, 'SELECT counter FROM store_changes WHERE id = 1'))[0].counter,
  );
}

/** The statements `run` sends through the pool (each pool.query is one round trip). */
async function statements<T>(run: () => Promise<T>): Promise<{ result: T; sent: number }> {
  let sent = 0;
  const count = () => {
    sent++;
  };
  pool.on('acquire', count);
  try {
    const result = await run();
    return { result, sent };
  } finally {
    pool.off('acquire', count);
  }
}

describeOnPostgres(server, 'a fact answer on PostgreSQL: one statement, the counter in it', () => {
  db = useTestDatabase('pgfact');

  beforeAll(async () => {
    sqlite = openStore(':memory:', { now: clock });
    writer = await db.open({ now: clock });
    for (const f of FILES.filter((f) => f !== LATER)) {
      sqlite.saveReport(input(f));
      await writer.saveReport(input(f));
    }
    pool = new pg.Pool({ connectionString: db.url, max: 4 });
    store = new PgStore(pool, 'test', { now: clock });
  }, 60_000);
  afterAll(async () => {
    sqlite?.close();
    await pool?.end();
  });

  it('the report read whole is the SQLite store’s object, key order included, for every office and year', async () => {
    for (const office of sqlite.listOffices())
      for (const year of [null, 2019, 2020, 2021]) {
        const mine = await store.officeReport(office.id, year);
        expect(JSON.stringify(mine)).toBe(JSON.stringify(sqlite.officeReport(office.id, year)));
      }
  });

  it('the counter asked for beside a fact read comes with it: one statement, the value the database holds', async () => {
    const office = sqlite.listOffices()[0];
    await store.officeReport(office.id, null); // the statement prepared on a connection
    const { result, sent } = await statements(() =>
      Promise.all([store.externalChanges(), store.officeReport(office.id, null)]),
    );
    expect(sent).toBe(1);
    expect(result[0]).toBe(await counterInDb());
    expect(result[1].report?.officeId).toBe(office.id);
  });

  it('a write committed before the call is seen, though the counter comes with the next fact read', async () => {
    const office = sqlite.listOffices()[1];
    const before = await store.externalChanges();
    // another instance stores a report (commits, the counter moves) ...
    const base = input(FILES[0]);
    const corrected = { ...base, text: `${base.text}\n（更正）`, sourceFile: 'corrected.txt' };
    await writer.saveReport(corrected);
    sqlite.saveReport(corrected); // the SQLite reference keeps the same reports
    // ... and only then is the counter asked for, beside a read of another office
    const [after] = await Promise.all([store.externalChanges(), store.officeReport(office.id, 2020)]);
    expect(after).toBe(before + 1);
    expect(after).toBe(await counterInDb());
  });

  it('with no fact read beside it, the counter is read on its own, once for every call waiting', async () => {
    const { result, sent } = await statements(() =>
      Promise.all([store.externalChanges(), store.externalChanges(), store.externalChanges()]),
    );
    expect(sent).toBe(1);
    expect(result).toEqual(Array(3).fill(await counterInDb()));
  });

  it('an office without current reports (no row to carry it), or a read that fails, still answers the counter', async () => {
    const none = await Promise.all([store.externalChanges(), store.officeReport(999_999, null)]);
    expect(none[0]).toBe(await counterInDb());
    expect(none[1]).toEqual({ reports: [], report: null });
    const waiting = store.externalChanges();
    // not an office id: the server refuses the statement
    await expect(store.officeReport('不是编号' as unknown as number, null)).rejects.toThrow();
    expect(await waiting).toBe(await counterInDb());
  });

  it('an answer through openAsker is one statement, and the same answer as SQLite’s', async () => {
    const onPg = await openAsker({ data: '/nonexistent-pg', store, say: () => {}, env: {}, llm: null });
    const onLite = await openAsker({ data: '/nonexistent-lite', store: sqlite, say: () => {}, env: {}, llm: null });
    for (const q of ['只楚收到多少申请', '城郊街道2020年行政复议多少件', '洛北收到多少申请']) {
      await onPg.asker.ask(q); // warm: the statement prepared on its connection
      const { result, sent } = await statements(() => onPg.asker.ask(q));
      expect([q, sent]).toEqual([q, 1]);
      expect(result).toEqual(await onLite.asker.ask(q));
    }
  });

  it('an answer begun after another instance’s write sees that write (the counter moved: made again)', async () => {
    const onPg = await openAsker({ data: '/nonexistent-pg2', store, say: () => {}, env: {}, llm: null });
    const q = '胜利街街道收到多少申请';
    expect((await onPg.asker.ask(q)).value).toBeNull(); // not stored yet
    await writer.saveReport(input(LATER));
    sqlite.saveReport(input(LATER));
    const { result, sent } = await statements(() => onPg.asker.ask(q));
    // the answer's own statement saw the new counter: the engine re-read the offices and asked again
    expect(sent).toBeGreaterThan(1);
    const onLite = await openAsker({ data: '/nonexistent-lite2', store: sqlite, say: () => {}, env: {}, llm: null });
    expect(result.kind).toBe('fact');
    expect(result).toEqual(await onLite.asker.ask(q));
  });
});

it('fact columns become the records toStoredReport builds, sorted by fact id when a plan handed them unsorted', () => {
  // hand-written: b before a on the wire, a approximate with a unit and a line, b blank
  const got = factsOf([
    ['review.total', 'apply.received.total'],
    [null, 12],
    [false, true],
    [null, '件'],
    [null, 58],
    [null, null],
  ]);
  expect(JSON.stringify(got)).toBe(
    JSON.stringify({
      facts: { 'apply.received.total': 12, 'review.total': null },
      units: { 'apply.received.total': '件' },
      provenance: { 'apply.received.total': { line: 58, cell: '' } },
      approximate: ['apply.received.total'],
    }),
  );
  expect(factsOf(null)).toEqual({ facts: {}, units: {}, provenance: {}, approximate: [] });
  expect(factsOf([null, null, null, null, null, null])).toEqual({
    facts: {},
    units: {},
    provenance: {},
    approximate: [],
  });
  expect(factsOf([['x.a'], ['NaN'], [false], [null], [null], [null]]).facts['x.a' as 'review.total']).toBeNaN();
});
