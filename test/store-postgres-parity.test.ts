// The bundled reports (corpus/, real reports as published) stored through both backends
// give the same answers: every report with its facts, provenance, findings, parts, extra
// rows and prose facts; the offices with their aliases and regions; sums' inputs; and a
// re-issued version and a bare-name namesake filed the same way. The SQLite store's own
// truths are hand-checked in test/store-*.test.ts; here it is the reference the
// PostgreSQL store must match, field for field, on reports no hand could copy whole.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore, type Store } from '../src/store/index.js';
import type { PgStore } from '../src/store/pg/index.js';
import { describeOnPostgres, postgresForTests, type SuiteDatabase, useTestDatabase } from './support/postgres.js';
import { CORPUS_2020, CORPUS_2020_FILES as FILES, corpusInput as input } from './support/store-reports.js';

const server = await postgresForTests();
const clock = () => new Date('2021-02-01T08:00:00Z');

let db: SuiteDatabase;
let sqlite: Store;
let pg: PgStore;

describeOnPostgres(server, 'the bundled reports through both backends', () => {
  db = useTestDatabase('parity');

  beforeAll(async () => {
    sqlite = openStore(':memory:', { now: clock });
    pg = await db.open({ now: clock });
    const inputs = FILES.map((f) => input(f));
    // a corrected 城郊街道 (part 六 cut: one more failed check), the same file re-issued
    const chengjiao = readFileSync(path.join(CORPUS_2020, '城郊街道-2020.txt'), 'utf8');
    inputs.push(input('城郊街道-2020.txt', chengjiao.slice(0, chengjiao.indexOf('六、其他需要报告的事项'))));
    // another county's 城关镇 (its own file, a changed number): a namesake kept apart
    const chengguan = readFileSync(path.join(CORPUS_2020, '城关镇-2020.txt'), 'utf8');
    inputs.push(input('城关镇-2020.txt', `${chengguan}\n`, 'other-county/城关镇-2020.txt'));
    // and the first report again: unchanged
    inputs.push(input(FILES[0]));
    const outcomes: [string, string][] = [];
    for (const i of inputs) outcomes.push([sqlite.saveReport(i).outcome, (await pg.saveReport(i)).outcome]);
    expect(outcomes.map(([a]) => a)).toEqual([
      'added',
      'added',
      'added',
      'added',
      'added',
      'replaced',
      'conflict',
      'unchanged',
    ]);
    expect(outcomes.map(([, b]) => b)).toEqual(outcomes.map(([a]) => a));
  }, 60_000);
  afterAll(async () => {
    sqlite?.close();
  });

  it('every report, current or replaced, reads back the same', async () => {
    const ids = sqlite.currentReports().map((r) => r.id);
    expect(ids.length).toBe(6);
    for (let id = 1; id <= 7; id++) expect([id, await pg.getReport(id)]).toEqual([id, sqlite.getReport(id)]);
    expect(await pg.currentReports()).toEqual(sqlite.currentReports());
    expect(await pg.currentReportOffices()).toEqual(sqlite.currentReportOffices());
    expect(sqlite.currentReportOffices().reportIds).toHaveLength(6);
    expect(await pg.reportText(3)).toBe(sqlite.reportText(3));
  });

  it('offices, aliases, namesakes and conflicts are the same', async () => {
    expect(await pg.listOffices()).toEqual(sqlite.listOffices());
    expect(await pg.conflicts()).toEqual(sqlite.conflicts());
    for (const alias of ['洛北', '城关镇', '只楚街道', '城郊街道', '胜利街'])
      expect([alias, await pg.officesByAlias(alias)]).toEqual([alias, sqlite.officesByAlias(alias)]);
    for (const o of sqlite.listOffices())
      expect(await pg.reportHistory(o.id, 2020)).toEqual(sqlite.reportHistory(o.id, 2020));
  });

  it('the inputs of sums and rankings, findings and prose facts are the same', async () => {
    for (const fact of [
      'apply.received.total',
      'active.items',
      'review.total',
      'litigation.total',
      'apply.granted.total',
    ]) {
      expect([fact, await pg.factValues(fact)]).toEqual([fact, sqlite.factValues(fact)]);
    }
    expect(await pg.findingsByReport(2020)).toEqual(sqlite.findingsByReport(2020));
    expect(sqlite.proseFacts().length).toBeGreaterThan(0);
    expect(await pg.proseFacts()).toEqual(sqlite.proseFacts());
    expect(await pg.proseFacts({ reportId: 2 })).toEqual(sqlite.proseFacts({ reportId: 2 }));
    // A year's distinct heads, each as proseFacts gives its facts; then the facts of some phrases, in the year's order.
    const heads = sqlite.proseFactHeads(2020);
    const year = sqlite.proseFacts({ year: 2020 });
    const keyOf = (h: { phrase: string; verb: string | null; kind: string; unit: string }) =>
      JSON.stringify([h.phrase, h.verb, h.kind, h.unit]);
    expect(heads.map(keyOf).sort()).toEqual([...new Set(year.map(keyOf))].sort());
    expect((await pg.proseFactHeads(2020)).map(keyOf).sort()).toEqual(heads.map(keyOf).sort());
    const phrases = [year[0].phrase, year.at(-1)!.phrase, '没有这个短语'];
    const named = sqlite.proseFactsNamed(2020, phrases);
    expect(named.map((n) => n.fact)).toEqual(year.filter((f) => phrases.includes(f.phrase)));
    expect(await pg.proseFactsNamed(2020, phrases)).toEqual(named);
    expect(await pg.years()).toEqual(sqlite.years());
    const { facts, ...rest } = sqlite.counts();
    expect(await pg.counts()).toEqual({ ...rest, facts });
  });

  it('a report assigned to its region moves the same way', async () => {
    const namesake = sqlite.conflicts()[0].reports[1].id;
    expect(await pg.assignRegion(namesake, '河南省洛阳市宜阳县')).toEqual(
      sqlite.assignRegion(namesake, '河南省洛阳市宜阳县'),
    );
    expect(await pg.listOffices()).toEqual(sqlite.listOffices());
    expect(await pg.conflicts()).toEqual([]);
  });
});
