// An embedded deployment moved to PostgreSQL (copySqliteToPg, the groundwork of `nianbao
// migrate`): every report with its history, the offices with their namesakes, prose facts
// and the reminder ledger read back the same from both; counts are compared table by
// table; new reports continue after the copied ids; a database already in use is refused.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore, type Store } from '../src/store/index.js';
import { copySqliteToPg, type PgStore, type TableCount } from '../src/store/pg/index.js';
import { describeOnPostgres, postgresForTests, type SuiteDatabase, useTestDatabase } from './support/postgres.js';
import { CORPUS_2020, CORPUS_2020_FILES, corpusInput as input } from './support/store-reports.js';

const server = await postgresForTests();
const clock = () => new Date('2021-02-01T08:00:00Z');

let tmp: string;
let db: SuiteDatabase;
let sqlite: Store;
let pgStore: PgStore;
let counts: TableCount[];

describeOnPostgres(server, 'copying a SQLite data folder into PostgreSQL', () => {
  db = useTestDatabase('copy');

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-copy-'));
    const data = path.join(tmp, 'data');
    const store = openStore(data, { now: clock });
    for (const f of CORPUS_2020_FILES) store.saveReport(input(f));
    const chengjiao = readFileSync(path.join(CORPUS_2020, '城郊街道-2020.txt'), 'utf8');
    expect(store.saveReport(input('城郊街道-2020.txt', `${chengjiao}\n（更正）`)).outcome).toBe('replaced');
    const chengguan = readFileSync(path.join(CORPUS_2020, '城关镇-2020.txt'), 'utf8');
    expect(store.saveReport(input('城关镇-2020.txt', `${chengguan}\n`, 'other/城关镇-2020.txt')).outcome).toBe(
      'conflict',
    );
    const ledger = store.ledger(clock);
    ledger.reserve([
      { key: '城郊街道|2020|due', office: '城郊街道', year: 2020, step: 'due', room: '城郊群', text: '提醒一' },
      { key: '洛北|2020|due', office: '洛北', year: 2020, step: 'due', room: '洛北群', text: '提醒二' },
    ]);
    ledger.markAttempt('城郊街道|2020|due');
    ledger.markSent('城郊街道|2020|due');
    ledger.pause('洛北', 2020, '管理员');
    store.close();
    counts = await copySqliteToPg(data, db.url);
    sqlite = openStore(data, { now: clock });
    pgStore = await db.open({ now: clock });
  }, 60_000);
  afterAll(async () => {
    sqlite?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('gives every copied report its year cells, the ones SQLite had not yet merged too', async () => {
    // The SQLite folder keeps its newest reports' cells in facts (the tail): none merged here.
    const metric = ['apply.received.total', 'review.total'];
    const want = sqlite.yearFigures(2020, metric);
    expect(want.reports.length).toBeGreaterThan(4);
    expect(await pgStore.yearFigures(2020, metric)).toEqual(want);
  });

  it('counts every table on both sides, and they agree', () => {
    expect(counts.map((c) => c.table)).toEqual([
      'offices',
      'office_aliases',
      'reports',
      'facts',
      'findings',
      'prose_facts',
      'prose_scanned',
      'reminder_sent',
      'reminder_paused',
    ]);
    expect(counts.every((c) => c.from === c.to)).toBe(true);
    expect(counts.find((c) => c.table === 'reports')).toEqual({ table: 'reports', from: 7, to: 7 });
  });

  it('reports with their history, offices, namesakes and prose facts read back the same', async () => {
    for (let id = 1; id <= 7; id++) expect([id, await pgStore.getReport(id)]).toEqual([id, sqlite.getReport(id)]);
    expect(await pgStore.listOffices()).toEqual(sqlite.listOffices());
    expect(await pgStore.conflicts()).toEqual(sqlite.conflicts());
    expect(await pgStore.proseFacts()).toEqual(sqlite.proseFacts());
    expect(await pgStore.factValues('apply.received.total')).toEqual(sqlite.factValues('apply.received.total'));
  });

  it('the ledger and pauses come along', async () => {
    expect(await pgStore.ledger().rows()).toEqual(sqlite.ledger().rows());
    expect(await pgStore.ledger().pausedRows()).toEqual(sqlite.ledger().pausedRows());
  });

  it('new reports continue after the copied ids, and a database in use is refused', async () => {
    const text = `${readFileSync(path.join(CORPUS_2020, '只楚街道-2020.txt'), 'utf8')}\n（第二版）`;
    const saved = await pgStore.saveReport(input('只楚街道-2020.txt', text));
    expect(saved).toMatchObject({ outcome: 'replaced', reportId: 8 });
    await expect(copySqliteToPg(path.join(tmp, 'data'), db.url)).rejects.toThrow(/已有单位、报告或提醒记录/);
    expect((await pgStore.counts()).reports).toBe(8);
  });
});
