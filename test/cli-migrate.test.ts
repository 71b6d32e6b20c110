// `nianbao migrate --from data/ --to postgres://…` (issue 14): an embedded deployment's
// reports (with history), offices and reminder ledger copied into PostgreSQL, every table
// counted and printed for both sides; a target already holding data is refused unless
// --replace; exit codes 0 / 1 / 2; the password never printed. The copy itself runs on a
// real server (skipped with the reason without one); the refusals before it run always.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport } from '../src/parse/index.js';
import { openStore, type SaveInput } from '../src/store/index.js';
import { openPgStore } from '../src/store/pg/index.js';
import { runMigrate, type MigrateIO } from '../src/cli/migrate-command.js';
import { createTestDatabase, postgresForTests, suiteTitle, type TestDatabase } from './support/postgres.js';

const server = await postgresForTests();
const root = path.resolve(import.meta.dirname, '..');
const CORPUS = path.join(root, 'corpus/2020');
const FILES = ['洛北街道-2020.txt', '城郊街道-2020.txt', '城关镇-2020.txt', '只楚街道-2020.txt', '胜利街街道-2020.txt'];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-migrate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function input(file: string, text = readFileSync(path.join(CORPUS, file), 'utf8')): SaveInput {
  return { parsed: parseReport(text), text, sourceFile: `corpus/2020/${file}` };
}

function capture(env: NodeJS.ProcessEnv = {}): MigrateIO & { said: string[]; errors: string[] } {
  const said: string[] = [];
  const errors: string[] = [];
  return { said, errors, out: (l) => said.push(l), err: (l) => errors.push(l), env };
}

/** A data folder: the five sample reports, 城郊街道's re-issued (history), one reminder sent. */
function dataFolder(name: string): string {
  const data = path.join(tmp, name);
  const store = openStore(data);
  for (const f of FILES) store.saveReport(input(f));
  const text = readFileSync(path.join(CORPUS, '城郊街道-2020.txt'), 'utf8');
  expect(store.saveReport(input('城郊街道-2020.txt', `${text}\n（更正）`)).outcome).toBe('replaced');
  const ledger = store.ledger();
  ledger.reserve([
    { key: '城郊街道|2020|due', office: '城郊街道', year: 2020, step: 'due', room: '城郊群', text: '提醒' },
  ]);
  ledger.markAttempt('城郊街道|2020|due');
  ledger.markSent('城郊街道|2020|due');
  store.close();
  return data;
}

describe('nianbao migrate: what is refused before anything is copied', () => {
  it('a --to that is not PostgreSQL exits 2, saying why', async () => {
    const io = capture();
    expect(await runMigrate({ from: tmp, to: 'mysql://u@h/db' }, io)).toBe(2);
    expect(io.errors.join('\n')).toMatch(/^--to 应以 postgres:\/\/ 开头/);
  });

  it('no target at all exits 2 and says how to name one', async () => {
    const io = capture();
    expect(await runMigrate({ from: tmp, config: path.join(root, 'examples/nianbao.yaml') }, io)).toBe(2);
    expect(io.errors.join('\n')).toMatch(/请用 --to 指明目标 PostgreSQL 数据库/);
  });

  it('a data folder without a database exits 2 (and gets none made)', async () => {
    const empty = path.join(tmp, 'empty');
    mkdirSync(empty);
    const io = capture();
    expect(await runMigrate({ from: empty, to: 'postgres://u@127.0.0.1:1/db' }, io)).toBe(2);
    expect(io.errors.join('\n')).toMatch(/中没有数据库（nianbao\.db），没有可迁移的内容/);
  });

  it('a server that does not answer exits 2, without the password', async () => {
    const data = dataFolder('unreached');
    const io = capture();
    expect(await runMigrate({ from: data, to: 'postgres://bot:hunter2@127.0.0.1:1/nianbao' }, io)).toBe(2);
    expect(io.errors.join('\n')).toMatch(
      /^无法连接 PostgreSQL 数据库 postgres:\/\/bot:\*\*\*@127\.0\.0\.1:1\/nianbao：/,
    );
    expect(io.errors.join('\n')).not.toContain('hunter2');
  });

  it('is declared on the command line', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'src/index.ts'), 'migrate', '--from', tmp, '--to', 'nianbao.db'],
      {
        encoding: 'utf8',
        cwd: root,
        env: { ...process.env, DATABASE_URL: '' },
      },
    );
    expect(run.stderr).toMatch(/--to 应为 PostgreSQL 连接串/);
    expect(run.status).toBe(2);
  }, 30_000);
});

describe.skipIf(!server.url)(suiteTitle('nianbao migrate onto a real PostgreSQL', server), () => {
  let db: TestDatabase;
  let data: string;
  beforeAll(async () => {
    db = await createTestDatabase(server.url!, 'migrate');
    data = dataFolder('data');
  }, 60_000);
  afterAll(async () => {
    await db?.drop();
  });

  it('copies everything, prints every table on both sides, exits 0', async () => {
    const io = capture();
    expect(await runMigrate({ from: data, to: db.url }, io)).toBe(0);
    const text = io.said.join('\n');
    // 5 sample files = 5 offices; 6 reports with 城郊街道's first version; 1 reminder.
    expect(text).toContain('  单位（offices）：SQLite 5 行，PostgreSQL 5 行');
    expect(text).toContain('  年报（含历史版本）（reports）：SQLite 6 行，PostgreSQL 6 行');
    expect(text).toContain('  提醒记录（reminder_sent）：SQLite 1 行，PostgreSQL 1 行');
    expect(text).toContain('各表行数一致：5 个单位、6 份年报（含历史版本）。');
    for (const table of ['office_aliases', 'facts', 'findings', 'prose_facts', 'reminder_paused'])
      expect(text).toMatch(new RegExp(`（${table}）：SQLite (\\d+) 行，PostgreSQL \\1 行`));
    const pg = await openPgStore(db.url);
    try {
      expect((await pg.currentReports()).map((r) => r.sourceFile).sort()).toEqual(
        FILES.map((f) => `corpus/2020/${f}`).sort(),
      );
      expect((await pg.ledger().rows()).map((r) => r.key)).toEqual(['城郊街道|2020|due']);
    } finally {
      await pg.close();
    }
  }, 60_000);

  it('refuses a target that holds data (exit 1, nothing changed), and replaces it when told', async () => {
    const pg = await openPgStore(db.url);
    try {
      const text = readFileSync(path.join(CORPUS, '只楚街道-2020.txt'), 'utf8');
      expect((await pg.saveReport(input('只楚街道-2020.txt', `${text}\n（第二版）`))).outcome).toBe('replaced');
      const refused = capture();
      expect(await runMigrate({ from: data, to: db.url }, refused)).toBe(1);
      expect(refused.errors.join('\n')).toMatch(/已有单位、报告或提醒记录.*请加 --replace/);
      expect((await pg.counts()).reports).toBe(7);
      const replaced = capture();
      expect(await runMigrate({ from: data, to: db.url, replace: true }, replaced)).toBe(0);
      expect((await pg.counts()).reports).toBe(6);
    } finally {
      await pg.close();
    }
  }, 60_000);

  it('takes the target from DATABASE_URL when --to is left out, and prints JSON when asked', async () => {
    const io = capture({ DATABASE_URL: db.url });
    expect(await runMigrate({ from: data, replace: true, json: true }, io)).toBe(0);
    const run = JSON.parse(io.said.join('\n')) as {
      ok: boolean;
      tables: { table: string; sqlite: number; postgres: number }[];
    };
    expect(run.ok).toBe(true);
    expect(run.tables.find((t) => t.table === 'reports')).toMatchObject({ sqlite: 6, postgres: 6 });
  }, 60_000);
});
