// `nianbao ingest`: lines, summary, exit code, --json, progress.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatResult, runIngest, summarize, type CommandIO } from '../src/cli/ingest-command.js';
import type { IngestResult } from '../src/ingest/index.js';
import { openStore } from '../src/store/index.js';

const seedDir = path.resolve(import.meta.dirname, '../corpus/2020');

function capture(errIsTTY = false) {
  const out: string[] = [];
  let err = '';
  const io: CommandIO = { out: (l) => out.push(l), err: (t) => (err += t), errIsTTY };
  return { io, out, err: () => err };
}

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-cmd-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('formatResult and summarize', () => {
  it('say what happened to each file, in Chinese', () => {
    const rs: IngestResult[] = [
      { file: 'a.txt', status: 'added', office: '城郊街道', year: 2020 },
      { file: 'b.txt', status: 'replaced', office: '城关镇人民政府', year: 2020 },
      { file: 'c.txt', status: 'unchanged', office: '城郊街道', year: 2020 },
      { file: 'd.txt', status: 'failed', reason: '文件是空文件' },
      { file: 'e.md', status: 'skipped', reason: '不支持的文件类型 .md，已跳过' },
    ];
    expect(rs.map(formatResult)).toEqual([
      '已导入：a.txt（城郊街道，2020 年度）',
      '已替换旧版本：b.txt（城关镇人民政府，2020 年度）',
      '未变化：c.txt（城郊街道，2020 年度）',
      '失败：d.txt：文件是空文件',
      '跳过：e.md：不支持的文件类型 .md，已跳过',
    ]);
    expect(summarize(rs)).toBe(
      '导入 2 份，未变化 1 份，失败 1 份（导入的其中 1 份替换了旧版本）；跳过 1 个不支持的文件',
    );
  });
});

describe('runIngest', () => {
  it('imports into <data>/nianbao.db, prints a line per file and a summary; exit 0, then 1 with a failure', async () => {
    const data = path.join(tmp, 'data');
    const first = capture();
    expect(await runIngest([seedDir], { data }, first.io)).toBe(0);
    expect(first.out.filter((l) => l.startsWith('已导入：'))).toHaveLength(5);
    expect(first.out.at(-1)).toBe('导入 5 份，未变化 0 份，失败 0 份');
    expect(first.err()).toBe(''); // few files: no progress line

    const bad = path.join(tmp, 'empty.txt');
    writeFileSync(bad, '');
    const second = capture();
    expect(await runIngest([seedDir, bad], { data }, second.io)).toBe(1);
    expect(second.out.filter((l) => l.startsWith('未变化：'))).toHaveLength(5);
    expect(second.out.filter((l) => l.startsWith(`失败：${bad}：`))).toHaveLength(1);
    expect(second.out.at(-1)).toBe('导入 0 份，未变化 5 份，失败 1 份');

    const store = openStore(data);
    expect(store.counts()).toMatchObject({ offices: 5, reports: 5 });
    store.close();
  });

  it('--json prints the results array only', async () => {
    const c = capture();
    expect(
      await runIngest([path.join(seedDir, '城郊街道-2020.txt')], { data: path.join(tmp, 'd'), json: true }, c.io),
    ).toBe(0);
    expect(c.out).toHaveLength(1);
    const parsed = JSON.parse(c.out[0]) as IngestResult[];
    expect(parsed).toEqual([
      expect.objectContaining({ status: 'added', year: 2020, file: path.join(seedDir, '城郊街道-2020.txt') }),
    ]);
  });

  it('shows progress on stderr when there are many files: lines without a terminal, \\r with one', async () => {
    const many = path.join(tmp, 'many');
    mkdirSync(many);
    // identical copies: the first goes in, the rest are unchanged (cheap)
    for (let i = 0; i < 24; i++)
      copyFileSync(path.join(seedDir, '城郊街道-2020.txt'), path.join(many, `copy-${String(i).padStart(2, '0')}.txt`));

    const plain = capture(false);
    expect(await runIngest([many], { data: path.join(tmp, 'd1') }, plain.io)).toBe(0);
    expect(plain.err()).toBe('已处理 24/24 个文件\n');
    expect(plain.out.at(-1)).toBe('导入 1 份，未变化 23 份，失败 0 份');

    const tty = capture(true);
    await runIngest([many], { data: path.join(tmp, 'd2') }, tty.io);
    expect(tty.err()).toContain('\r\x1b[K已处理 24/24 个文件');
    expect(tty.err().endsWith('\r\x1b[K')).toBe(true); // cleared before the summary
  });
});

describe('runIngest on a PostgreSQL store that cannot be reached', () => {
  // DATABASE_URL would win over the file's store: then this case is not the one tested.
  it.skipIf(Boolean(process.env.DATABASE_URL))(
    'says so once, in Chinese, and exits 2 with nothing stored',
    async () => {
      const config = path.join(tmp, 'nianbao.yaml');
      writeFileSync(config, 'store: postgres://nianbao@127.0.0.1:1/nianbao\n');
      const c = capture();
      const code = await runIngest([seedDir], { data: path.join(tmp, 'data'), config }, c.io);
      expect(code).toBe(2);
      expect(c.out).toEqual([]);
      expect(c.err()).toMatch(/^无法打开 PostgreSQL 数据库 postgres:\/\/nianbao@127\.0\.0\.1:1\/nianbao：/);
    },
  );
});
