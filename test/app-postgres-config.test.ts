// Choosing the backend by configuration (issue 14): nothing set is the SQLite database in
// the data folder; `store: postgres://…` in the file or DATABASE_URL in the environment
// (which wins) names a PostgreSQL database; a wrong URL stops start-up in Chinese naming
// the field, a password is never accepted in the file and never shown; a shared database
// never gets the demo's samples. The real-server case skips with its reason without one.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, redactConfig } from '../src/config/load.js';
import { parseConfig } from '../src/config/parse.js';
import { decideDemo, withoutSamples } from '../src/config/demo.js';
import { PassThrough } from 'node:stream';
import { openReportStore, StoreOpenError } from '../src/app/open-store.js';
import { runChat, type CommandIO } from '../src/cli/start-command.js';
import { Sink } from './bot-helpers.js';
import { describeOnPostgres, postgresForTests, useTestDatabase } from './support/postgres.js';

const server = await postgresForTests();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-store-config-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function problem(doc: unknown, env: NodeJS.ProcessEnv = {}): string {
  try {
    parseConfig(doc, { env });
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  return '';
}

describe('the store a configuration names', () => {
  it('is SQLite in the data folder when nothing names one', async () => {
    const config = parseConfig({}, { env: {} });
    expect(config.store).toBeUndefined();
    const store = await openReportStore(config, path.join(tmp, 'plain'));
    try {
      expect(store.path).toBe(path.join(tmp, 'plain', 'nianbao.db'));
      expect(await store.counts()).toMatchObject({ reports: 0 });
    } finally {
      await store.close();
    }
  });

  it('is the file’s `store:` URL', () => {
    const config = parseConfig({ store: 'postgres://nianbao@db.example:5432/nianbao' }, { env: {} });
    expect(config.store).toEqual({ url: 'postgres://nianbao@db.example:5432/nianbao', from: 'file' });
  });

  it('is DATABASE_URL when set, over the file (it may carry the password)', () => {
    const env = { DATABASE_URL: 'postgresql://bot:s3cret@10.0.0.5/nianbao' };
    const config = parseConfig({ store: 'postgres://nianbao@db.example/nianbao' }, { env });
    expect(config.store).toEqual({ url: 'postgresql://bot:s3cret@10.0.0.5/nianbao', from: 'env' });
    expect(JSON.stringify(redactConfig(config))).not.toContain('s3cret');
    expect(parseConfig({}, { env: { DATABASE_URL: '  ' } }).store).toBeUndefined();
  });

  it('refuses a URL that is not PostgreSQL, naming the field, in Chinese', () => {
    expect(problem({ store: 'nianbao.db' })).toMatch(
      /^配置文件 nianbao\.yaml 有误：store 应为 PostgreSQL 连接串，如 "postgres:\/\//,
    );
    expect(problem({ store: 'mysql://u@h/db' })).toMatch(/store 应以 postgres:\/\/ 开头/);
    expect(problem({ store: 42 })).toMatch(/store 应为 PostgreSQL 连接串/);
    expect(problem({}, { DATABASE_URL: 'sqlite:data/nianbao.db' })).toMatch(
      /^环境变量 DATABASE_URL 应以 postgres:\/\/ 开头/,
    );
  });

  it('refuses a password in the file, and never repeats it', () => {
    const said = problem({ store: 'postgres://bot:hunter2@db.example/nianbao' });
    expect(said).toMatch(/store 连接串里不能写密码.*PGPASSWORD/);
    expect(said).not.toContain('hunter2');
  });

  it('a shared database never gets the demo’s samples', () => {
    const config = parseConfig({}, { env: { DATABASE_URL: 'postgres://u@h/db' } });
    expect(config.source).toBeNull();
    expect(decideDemo({ config, empty: true })).toEqual({ demo: false, why: 'store' });
    expect(decideDemo({ config, empty: true, flag: true }).demo).toBe(true);
  });

  it('leaves the samples out of who has filed whether the store answers now or later', async () => {
    const rows = [{ sourceFile: '/c/a.txt' }, { sourceFile: '/x/b.txt' }];
    const later = withoutSamples({ currentReports: async () => rows }, '/c');
    const now = withoutSamples({ currentReports: () => rows }, '/c');
    expect(await later.currentReports()).toEqual([{ sourceFile: '/x/b.txt' }]);
    expect(now.currentReports()).toEqual([{ sourceFile: '/x/b.txt' }]);
  });

  it('says in Chinese when PostgreSQL cannot be reached, without the password', async () => {
    const config = parseConfig({}, { env: { DATABASE_URL: 'postgres://bot:hunter2@127.0.0.1:1/nianbao' } });
    const err = await openReportStore(config, path.join(tmp, 'unreached')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreOpenError);
    expect((err as Error).message).toMatch(
      /^无法打开 PostgreSQL 数据库 postgres:\/\/bot:\*\*\*@127\.0\.0\.1:1\/nianbao：/,
    );
    expect((err as Error).message).not.toContain('hunter2');
  });
});

/** The terminal bot's streams: `input` on stdin, what it says captured. */
function terminal(cwd: string, input: string, env: NodeJS.ProcessEnv): { io: CommandIO; out: Sink; err: Sink } {
  const stdin = new PassThrough();
  stdin.end(input);
  const out = new Sink();
  const err = new Sink();
  return { io: { stdin, stdout: out, stderr: err, env, cwd }, out, err };
}

describe('the bot on a database that does not answer', () => {
  it('says so in one Chinese line without the password, and exits 2 as for a wrong configuration', async () => {
    const t = terminal(tmp, '只楚收到多少申请\n', { DATABASE_URL: 'postgres://bot:hunter2@127.0.0.1:1/nianbao' });
    expect(await runChat({ data: 'unreached-bot' }, t.io)).toBe(2);
    expect(t.err.text).toMatch(/无法打开 PostgreSQL 数据库 postgres:\/\/bot:\*\*\*@127\.0\.0\.1:1\/nianbao：/);
    expect(t.err.text + t.out.text).not.toContain('hunter2');
    expect(t.out.text).toBe('');
  });
});

describe('where the PostgreSQL backend is reached from', () => {
  it('only src/store and src/app import src/store/pg (the rest takes a ReportStore)', () => {
    const src = path.resolve(import.meta.dirname, '../src');
    const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
    // An import of it, static or lazy (a comment naming the folder is not one).
    const importsPg = /(?:from\s+|import\(\s*)'[^']*(?:store\/pg|\.\/pg)\/[^']*'/;
    const outside = files.filter(
      (f) => !/^(store|app)[\\/]/.test(f) && importsPg.test(readFileSync(path.join(src, f), 'utf8')),
    );
    expect(outside).toEqual([]);
  });
});

describeOnPostgres(server, 'the store a configuration names, on a real PostgreSQL', () => {
  const db = useTestDatabase('config');

  it('is the PostgreSQL database, migrated, its path without the password', async () => {
    const config = parseConfig({}, { env: { DATABASE_URL: db.url } });
    const store = await openReportStore(config, path.join(tmp, 'pg'));
    try {
      expect(await store.counts()).toMatchObject({ reports: 0, offices: 0 });
      expect(store.path).toContain(db.name);
      const password = new URL(db.url).password;
      if (password) expect(store.path).not.toContain(`:${password}@`);
      expect(store.saveChunks).toBeTypeOf('function');
    } finally {
      await store.close();
    }
    // The terminal bot on it: no demo samples go into a shared database, and it says how to ingest.
    const t = terminal(tmp, '只楚收到多少申请\n', { DATABASE_URL: db.url });
    expect(await runChat({ data: 'pg-bot' }, t.io)).toBe(0);
    expect(t.err.text).toMatch(/还没有年报/);
    expect(t.out.text).not.toMatch(/4件/);
    const after = await openReportStore(parseConfig({}, { env: { DATABASE_URL: db.url } }), path.join(tmp, 'pg'));
    expect((await after.counts()).reports).toBe(0);
    await after.close();
  }, 30_000);
});
