// The one-shot commands over the store the configuration names: with DATABASE_URL set,
// `nianbao offices`, `export`, `chart` and `assign` read and write the PostgreSQL database
// and print exactly what they print over a SQLite data folder holding the same reports
// (the bundled ones, and a namesake 城关镇 from another county); an unreachable database is
// one Chinese line that never shows the password. The SQLite output is the reference
// (hand-checked in test/cli-offices-conflicts and test/export-cli).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runAssign } from '../src/cli/assign-command.js';
import { runChart } from '../src/cli/chart-command.js';
import { runExport } from '../src/cli/export-command.js';
import { runOffices } from '../src/cli/offices-command.js';
import { factHeader, SHEET_NAMES } from '../src/export/index.js';
import { bundledCorpusDir, ensureCorpus } from '../src/ingest/index.js';
import { parseReport } from '../src/parse/index.js';
import { openStore, type ReportStore } from '../src/store/index.js';
import { openPgStore } from '../src/store/pg/index.js';
import { describeOnPostgres, postgresForTests, type SuiteDatabase, useTestDatabase } from './support/postgres.js';
import { workbookRows } from './support/workbook-rows.js';

const server = await postgresForTests();
const clock = () => new Date('2021-02-01T08:00:00Z');

let tmp: string;
let db: SuiteDatabase;

/** What a command printed, and its exit code. */
interface Run {
  code: number;
  out: string[];
  err: string[];
}

async function run(
  backend: 'sqlite' | 'pg',
  command: (io: { out: (l: string) => void; err: (l: string) => void }, data: string) => Promise<number>,
): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  // No configuration file: DATABASE_URL alone chooses PostgreSQL, as in a deployment.
  if (backend === 'pg') vi.stubEnv('DATABASE_URL', db.url);
  else vi.stubEnv('DATABASE_URL', '');
  try {
    const code = await command({ out: (l) => out.push(l), err: (l) => err.push(l) }, path.join(tmp, backend));
    return { code, out, err };
  } finally {
    vi.unstubAllEnvs();
  }
}

/** The same command on both backends: the printed lines equal (paths of written files told apart). */
async function both(
  command: (
    io: { out: (l: string) => void; err: (l: string) => void },
    data: string,
    backend: string,
  ) => Promise<number>,
): Promise<Run> {
  const a = await run('sqlite', (io, data) => command(io, data, 'sqlite'));
  const b = await run('pg', (io, data) => command(io, data, 'pg'));
  const same = (lines: string[]) => lines.map((l) => l.replaceAll(path.join(tmp, 'pg-'), path.join(tmp, 'sqlite-')));
  expect(b.code).toBe(a.code);
  expect(same(b.out)).toEqual(a.out);
  expect(same(b.err)).toEqual(a.err);
  return a;
}

async function fill(store: ReportStore): Promise<void> {
  await ensureCorpus(store);
  const text = `${readFileSync(path.join(bundledCorpusDir(), '2020', '城关镇-2020.txt'), 'utf8')}\n`;
  expect(
    (await store.saveReport({ parsed: parseReport(text), text, sourceFile: 'other-county/城关镇-2020.txt' })).outcome,
  ).toBe('conflict');
  await store.close();
}

describeOnPostgres(server, 'offices, export, chart and assign on PostgreSQL print what they print on SQLite', () => {
  db = useTestDatabase('cli');

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-cli-pg-'));
    await fill(openStore(path.join(tmp, 'sqlite'), { now: clock }));
    await fill(await openPgStore(db.url, { now: clock }));
  }, 60_000);
  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('offices: the same offices and years, the same conflicts (text and JSON)', async () => {
    const list = await both((io, data) => runOffices({ data }, io));
    expect(list.out.at(-1)).toBe('共 6 个单位；同名单位冲突 1 组（nianbao offices --conflicts 查看）');
    const conflicts = await both((io, data) => runOffices({ data, conflicts: true }, io));
    expect(conflicts.out.join('\n')).toContain('· other-county/城关镇-2020.txt');
    await both((io, data) => runOffices({ data, conflicts: true, json: true }, io));
    await both((io, data) => runOffices({ data, json: true }, io));
  });

  it('export: the same workbook, sheet by sheet (只楚 4 applications received)', async () => {
    const out = (backend: string) => path.join(tmp, `${backend}-2020.xlsx`);
    const r = await both((io, data, backend) => runExport({ data, year: '2020', out: out(backend) }, io));
    expect(r.code).toBe(0);
    const a = await workbookRows(readFileSync(out('sqlite')));
    expect(await workbookRows(readFileSync(out('pg')))).toEqual(a);
    const [head, ...rows] = a[SHEET_NAMES.facts];
    const zhichu = rows.find((row) => row[0] === '芝罘区只楚街道办事处')!;
    expect(zhichu[head.indexOf(factHeader('apply.received.total'))]).toBe(4);
    await both((io, data, backend) => runExport({ data, year: '1999', out: out(backend) }, io));
  });

  it('chart: the same lines and the same PNG', async () => {
    const out = (backend: string) => path.join(tmp, `${backend}-chart.png`);
    const r = await both((io, data, backend) => runChart('收到申请 2020', { data, out: out(backend) }, io));
    expect(r.code).toBe(0);
    expect(readFileSync(out('pg')).equals(readFileSync(out('sqlite')))).toBe(true);
    await both((io, data, backend) => runChart('桃花源街道 收到申请', { data, out: out(backend) }, io));
  });

  it('assign: the namesake moved the same way; the conflicts are gone from both', async () => {
    const r = await both((io, data) =>
      runAssign(
        'other-county/城关镇-2020.txt',
        { data, region: '河南省洛阳市嵩县' },
        { out: io.out, err: (t) => io.err(t.trimEnd()) },
      ),
    );
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toContain(
      '已指定地区：other-county/城关镇-2020.txt（城关镇人民政府 2020 年度）归入「城关镇人民政府（河南省洛阳市嵩县）」',
    );
    const after = await both((io, data) => runOffices({ data, conflicts: true }, io));
    expect(after.out.join('\n')).toContain('没有同名单位冲突');
  });
});

describe('a database that does not answer', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('is one Chinese line, without the password, and exit 1', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-cli-nopg-'));
    try {
      vi.stubEnv('DATABASE_URL', 'postgres://nianbao:s3cret-pw@127.0.0.1:1/nianbao');
      const err: string[] = [];
      const code = await runOffices({ data: dir }, { out: () => {}, err: (l) => err.push(l) });
      expect(code).toBe(1);
      expect(err.join('\n')).toContain('无法打开 PostgreSQL 数据库');
      expect(err.join('\n')).not.toContain('s3cret-pw');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
