// The command line as a new user meets it: relative paths from the folder the command
// was run in (npm passes it as INIT_CWD), a data folder that cannot be written refused
// at once by name, a read-only store that still answers, `npx nianbao`, dates checked
// with a plain message, `remind status` on the season now open, and index files
// orphaned by concurrent saves cleaned on the next open.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { remindSectionSchema } from '../src/remind/config.js';
import { parseAt } from '../src/cli/remind-command.js';
import { defaultReportYear } from '../src/remind/status.js';
import { checkDataDir, userCwd } from '../src/io/index.js';
import { Document } from '@langchain/core/documents';
import { HashedNgramEmbeddings } from '../src/retrieval/embeddings/hashed.js';
import { HnswVectorStore, removeOrphans } from '../src/retrieval/hnsw-store.js';
import { repoRoot } from './bot-helpers.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-cli-'));
fs.chmodSync(tmp, 0o755);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const SEED = path.join(repoRoot, 'corpus/2020/只楚街道-2020.txt');

/** The CLI as `npm run nianbao` runs it: in the project folder, with the user's folder in INIT_CWD. */
function cli(args: string[], userDir: string, extra: SpawnSyncOptions = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/index.ts'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, INIT_CWD: userDir, WECHATY_PUPPET: '' },
    encoding: 'utf8',
    timeout: 60_000,
    ...extra,
  });
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

describe('paths the user typed', () => {
  it('userCwd is INIT_CWD when npm gives it, else the process folder', () => {
    expect(userCwd({ INIT_CWD: '/home/a/reports' }, '/srv/nianbao', '/srv/nianbao')).toBe('/home/a/reports');
    expect(userCwd({}, '/srv/nianbao', '/srv/nianbao')).toBe('/srv/nianbao');
    expect(userCwd({ INIT_CWD: 'relative' }, '/srv/nianbao', '/srv/nianbao')).toBe('/srv/nianbao');
    // Run elsewhere (npx in a sub-folder, or a child of some npm script): its own folder.
    expect(userCwd({ INIT_CWD: '/srv/nianbao' }, '/home/a/reports', '/srv/nianbao')).toBe('/home/a/reports');
  });

  it('a CLI spawned in another folder by an npm script reads paths from its own folder', () => {
    const other = path.join(tmp, 'elsewhere');
    fs.mkdirSync(other, { recursive: true });
    fs.copyFileSync(SEED, path.join(other, 'r.txt'));
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/nianbao.mjs'), 'parse', 'r.txt', '--json'], {
      cwd: other,
      env: { ...process.env, INIT_CWD: repoRoot },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('芝罘区只楚街道办事处');
  }, 60_000);

  it('ingest run from a sub-folder reads its files and writes its data there', () => {
    const sub = path.join(tmp, 'office', 'reports');
    fs.mkdirSync(sub, { recursive: true });
    fs.copyFileSync(SEED, path.join(sub, '只楚街道-2020.txt'));
    const r = cli(['ingest', '只楚街道-2020.txt', '--data', './data'], sub);
    expect(r.stderr + r.stdout).not.toMatch(/找不到|不存在|ENOENT/);
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(sub, 'data', 'nianbao.db'))).toBe(true);
    expect(fs.existsSync(path.join(repoRoot, 'data', '只楚街道-2020.txt'))).toBe(false);
  }, 90_000);
});

describe('the data folder', () => {
  it('a folder that cannot be made is refused at once, naming it', () => {
    const file = path.join(tmp, 'a-file');
    fs.writeFileSync(file, 'x');
    const bad = path.join(file, 'data');
    expect(checkDataDir(bad, 'write')).toContain(bad);
    const started = Date.now();
    const r = cli(['ingest', SEED, '--data', bad], tmp);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`无法访问数据目录 ${bad}：路径中有一段不是文件夹\n`);
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 60_000);

  const root = process.getuid?.() === 0;
  const nobody = 65534;
  // root may write anywhere: the read-only cases run as nobody, the way an office's service account would.
  const asReader: SpawnSyncOptions = root ? { uid: nobody, gid: nobody } : {};
  // … which needs to read the project and the temporary folder (not so on a clone made with umask 077).
  const readerCanRun =
    !root ||
    spawnSync(
      process.execPath,
      [
        '-e',
        `require('fs').accessSync(${JSON.stringify(path.join(repoRoot, 'node_modules/tsx/package.json'))}); require('fs').readdirSync(${JSON.stringify(tmp)})`,
      ],
      asReader,
    ).status === 0;

  if (!readerCanRun)
    it.skip('read-only data folder: user nobody cannot read this checkout (made with a private umask), so this runs elsewhere', () => {});
  it.skipIf(!readerCanRun)(
    'an unwritable folder is refused for ingest, and ask still answers from it',
    () => {
      const data = path.join(tmp, 'shared-data');
      const made = cli(['ingest', SEED, '--data', data], tmp);
      expect(made.status).toBe(0);
      // Read-only for whoever runs next.
      for (const f of [data, ...fs.readdirSync(data, { recursive: true }).map((n) => path.join(data, String(n)))]) {
        fs.chmodSync(f, fs.statSync(f).isDirectory() ? 0o555 : 0o444);
      }
      try {
        const ingest = cli(['ingest', SEED, '--data', data], tmp, asReader);
        expect(ingest.status).toBe(2);
        expect(ingest.stderr).toContain(`数据目录 ${data} 不可写`);
        const ask = cli(['ask', '只楚街道收到多少申请', '--data', data], tmp, asReader);
        expect(ask.stderr).not.toContain('readonly');
        expect(ask.status).toBe(0);
        expect(ask.stdout).toMatch(/只楚街道办事处.*4\s*件/);
      } finally {
        for (const f of [data, ...fs.readdirSync(data, { recursive: true }).map((n) => path.join(data, String(n)))])
          fs.chmodSync(f, 0o755);
      }
    },
    120_000,
  );
});

describe('npx nianbao', () => {
  it('bin/nianbao.mjs runs the command line from any folder', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    const bin = path.join(repoRoot, pkg.bin.nianbao);
    expect(fs.existsSync(bin)).toBe(true);
    const r = spawnSync(
      process.execPath,
      [bin, 'remind', 'preview', '--at', '2027-13-45', '--config', path.join(repoRoot, 'examples/nianbao.yaml')],
      {
        cwd: tmp,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(r.stderr).toBe('--at 的日期不存在：2027-13-45（应为 年-月-日，如 2027-01-24）\n');
    expect(r.status).toBe(2);
    const help = spawnSync(process.execPath, [bin, '--help'], { cwd: tmp, encoding: 'utf8', timeout: 60_000 });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('ingest');
  }, 90_000);
});

describe('dates and seasons', () => {
  const rules = remindSectionSchema.parse({});
  it('--at refuses a date or time that does not exist, in plain words', () => {
    expect(() => parseAt('2027-13-45', rules)).toThrow('--at 的日期不存在：2027-13-45');
    expect(() => parseAt('2027-02-29', rules)).toThrow('--at 的日期不存在');
    expect(() => parseAt('2027-02-30T09:00:00+08:00', rules)).toThrow('--at 的日期不存在');
    expect(() => parseAt('2027-01-24T24:30', rules)).toThrow('--at 的时刻不存在');
    expect(() => parseAt('next monday', rules)).toThrow('--at 应为 ISO 时间');
    expect(parseAt('2028-02-29', rules).toISOString()).toBe('2028-02-29T01:00:00.000Z'); // 09:00 in Shanghai
  });

  it('remind status without a year means the season now open', () => {
    const at = (iso: string) => defaultReportYear(new Date(iso), rules);
    // December 2026: the 2025 season closed on 31 March; the 2026 reports are the ones due next.
    expect(at('2026-12-01T10:00:00+08:00')).toBe(2026);
    expect(at('2027-01-10T10:00:00+08:00')).toBe(2026);
    expect(at('2027-03-31T10:00:00+08:00')).toBe(2026);
    expect(at('2027-04-01T10:00:00+08:00')).toBe(2027);
    // With a registry of 街道 only (deadline 1月31日), the season closes earlier.
    const registry = [{ name: '某街道', kind: '街道', room: '群', mention: [], aliases: [] }] as never;
    expect(defaultReportYear(new Date('2027-02-15T10:00:00+08:00'), rules, registry)).toBe(2027);
    expect(defaultReportYear(new Date('2027-01-20T10:00:00+08:00'), rules, registry)).toBe(2026);
  });
});

describe('orphaned index files', () => {
  it('files no sidecar names are removed on the next open once a minute old; a save in progress is spared', () => {
    const dir = path.join(tmp, 'retrieval');
    fs.mkdirSync(dir, { recursive: true });
    const now = Date.now();
    const old = new Date(now - 5 * 60_000);
    for (const f of ['hnsw-kept.bin', 'hnsw-orphan.bin', 'docstore.json.tmp', 'hnsw-fresh.bin'])
      fs.writeFileSync(path.join(dir, f), 'x');
    for (const f of ['hnsw-kept.bin', 'hnsw-orphan.bin', 'docstore.json.tmp'])
      fs.utimesSync(path.join(dir, f), old, old);
    expect(removeOrphans(dir, 'hnsw-kept.bin', now).sort()).toEqual(['docstore.json.tmp', 'hnsw-orphan.bin']);
    expect(fs.readdirSync(dir).sort()).toEqual(['hnsw-fresh.bin', 'hnsw-kept.bin']);
    expect(removeOrphans(path.join(tmp, 'no-such-dir'), null)).toEqual([]);
  });

  it('two processes saving at once leave one orphan vector file; the next open removes it', async () => {
    const dir = path.join(tmp, 'concurrent');
    const embeddings = new HashedNgramEmbeddings({ dimension: 32 });
    const doc = (id: string, text: string) => new Document({ id, pageContent: text, metadata: {} });
    // Two ingests, each with its own copy of the store, both saving into one folder.
    const a = new HnswVectorStore(embeddings);
    const b = new HnswVectorStore(embeddings);
    await a.addDocuments([doc('a1', '只楚街道收到申请 4 件')]);
    await b.addDocuments([doc('b1', '城关镇收到申请 12 件')]);
    await a.save(dir);
    await b.save(dir);
    const bins = () => fs.readdirSync(dir).filter((f) => f.endsWith('.bin'));
    expect(bins()).toHaveLength(2); // the sidecar names only b's
    // A minute later, the next open cleans up.
    const old = new Date(Date.now() - 2 * 60_000);
    for (const f of bins()) fs.utimesSync(path.join(dir, f), old, old);
    const reopened = await HnswVectorStore.load(dir, embeddings);
    expect(bins()).toHaveLength(1);
    expect((await reopened.similaritySearch('城关镇', 1))[0].pageContent).toContain('城关镇');
  });
});
