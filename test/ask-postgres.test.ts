// The question engine over PostgreSQL answers exactly as over SQLite (issue 14): the same
// reports saved in the same order into both backends — the bundled corpus, two more years
// of 只楚 (for change and trend questions) and a second 城关镇 in another county — and a
// slice of every shape asked of both. The SQLite answers are the truth here (the other
// ask suites check them against the reports); this suite checks that the backend never
// changes a word, a number or a source. Also: a fact answer reads no offices or years (they
// are read once per store version), and a report another instance stores is answered
// after the change counter moves. Skips, saying why, when no PostgreSQL server answers.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { openAsker } from '../src/app/open-asker.js';
import type { AskContext } from '../src/ask/types.js';
import { parseReport } from '../src/parse/index.js';
import { createAsker, type Asker } from '../src/render/asker.js';
import { openStore, type Store } from '../src/store/index.js';
import type { PgStore } from '../src/store/pg/index.js';
import { mulberry32, randomFacts, renderReport } from '../tools/synth/index.js';
import { describeOnPostgres, postgresForTests, type SuiteDatabase, useTestDatabase } from './support/postgres.js';
import { QUESTIONS, inputs } from './helpers/ask-corpus.js';

const server = await postgresForTests();
const clock = () => new Date('2021-02-01T08:00:00Z');
const now = () => new Date('2021-06-01T00:00:00+08:00');

let tmp: string;
let db: SuiteDatabase;
let sqlite: Store;
let pgStore: PgStore;
let onSqlite: Asker;
let onPg: Asker;

describeOnPostgres(server, 'the question engine over PostgreSQL', () => {
  db = useTestDatabase('ask');

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-ask-pg-'));
    sqlite = openStore(path.join(tmp, 'data'), { now: clock });
    pgStore = await db.open({ now: clock });
    for (const input of inputs()) {
      const a = sqlite.saveReport(input);
      const b = await pgStore.saveReport(input);
      expect(b).toEqual(a);
    }
    onSqlite = createAsker({ store: sqlite, now });
    onPg = createAsker({ store: pgStore, now });
  }, 60_000);
  afterAll(async () => {
    sqlite?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it.each(QUESTIONS)('%s: the same answer from both backends', async (question, kind) => {
    const truth = await onSqlite.ask(question);
    // The slice must exercise the shape it names, not agree on two refusals.
    expect(truth.kind).toBe(kind);
    expect(await onPg.ask(question)).toEqual(truth);
  });

  it('a follow-up carries office, row and year the same way on both', async () => {
    const follow = async (asker: Asker) => {
      const out: unknown[] = [];
      let context: AskContext | undefined;
      for (const q of ['只楚收到多少申请', '那部分公开呢', '城郊呢', '去年呢', '各单位呢']) {
        const a = await asker.ask(q, context);
        out.push(a);
        context = a.context;
      }
      return out;
    };
    expect(await follow(onPg)).toEqual(await follow(onSqlite));
  });

  it('a fact answer reads neither the offices nor the years (read once per store version)', async () => {
    await onPg.ask('只楚收到多少申请');
    const offices = vi.spyOn(pgStore, 'listOffices');
    const years = vi.spyOn(pgStore, 'years');
    const counter = vi.spyOn(pgStore, 'externalChanges');
    try {
      for (const q of ['只楚收到多少申请', '城郊街道行政复议多少件', '全区一共收到多少申请'])
        expect((await onPg.ask(q)).kind).not.toBe('unknown');
      expect(offices).not.toHaveBeenCalled();
      expect(years).not.toHaveBeenCalled();
      expect(counter).not.toHaveBeenCalled();
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('a report another instance stores is answered once the change counter moves', async () => {
    const data = path.join(tmp, 'pg-instance');
    const opened = await openAsker({ data, store: pgStore, env: {}, llm: null, say: () => {} });
    const before = await opened.asker.ask('宜阳县某某乡收到多少申请');
    expect(before.kind).toBe('unknown');
    const other = await db.open({ now: clock });
    try {
      const facts = randomFacts(mulberry32(21), { format: '2021', profile: 'busy' });
      const text = renderReport(
        {
          office: '宜阳县某某乡人民政府',
          region: '河南省洛阳市宜阳县',
          kind: '乡镇',
          year: 2020,
          format: '2021',
          facts,
        },
        'tab',
        mulberry32(21),
      );
      const saved = await other.saveReport({ parsed: parseReport(text), text, sourceFile: 'late/某某乡-2020.txt' });
      expect(saved.outcome).toBe('added');
      const after = await opened.asker.ask('宜阳县某某乡收到多少申请');
      expect(after.kind).toBe('fact');
      expect(after.value).toBe(facts['apply.received.total']);
    } finally {
      await other.close();
    }
  });
});
