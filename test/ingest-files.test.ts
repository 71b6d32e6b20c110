import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { childPath, listInputFiles } from '../src/ingest/files.js';

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-files-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

it('walks folders in name order, skips hidden entries, lists unknown kinds as skipped, takes each file once', async () => {
  const d = (p: string) => path.join(tmp, p);
  mkdirSync(d('in/b/.git'), { recursive: true });
  mkdirSync(d('in/a'), { recursive: true });
  for (const f of [
    'in/z.PDF',
    'in/a/x.docx',
    'in/a/y.htm',
    'in/b/w.html',
    'in/b/.git/h.txt',
    'in/.hidden.txt',
    'in/b/data.xlsx',
    'other.bin',
  ]) {
    writeFileSync(d(f), 'x');
  }
  symlinkSync(d('in'), d('in/b/loop')); // a symlink loop must not hang the walk
  symlinkSync(d('other.bin'), d('in/b/link.txt')); // a link to a file is that file
  symlinkSync(d('nowhere.txt'), d('in/b/dangling.txt')); // a dangling link is nobody's file

  const entries = await listInputFiles([d('in'), d('in/a/x.docx'), d('other.bin'), d('missing')]);
  expect(entries.map((e) => [path.relative(tmp, e.file), 'take' in e ? e.take : 'missing'])).toEqual([
    ['in/a/x.docx', true],
    ['in/a/y.htm', true],
    ['in/b/data.xlsx', false],
    ['in/b/link.txt', true],
    ['in/b/w.html', true],
    ['in/z.PDF', true],
    ['other.bin', true], // named explicitly: extract decides, and says why not
    ['missing', 'missing'],
  ]);
  expect(entries.find((e) => e.file.endsWith('data.xlsx'))).toMatchObject({ reason: '不支持的文件类型 .xlsx，已跳过' });
});

it('puts a listed name after its folder exactly as path.join does, however the folder is spelled', () => {
  const folders = [
    '/',
    '//',
    '/a',
    '/a/',
    '/a//b/',
    './',
    '.',
    './x/../',
    '..',
    '../',
    '../a/./b//',
    'a',
    'a/b/..',
    'a/..',
  ];
  for (const dir of folders)
    for (const name of ['f.txt', '中文.txt', '.h', 'x..', 'a\\b'])
      expect(childPath(dir)(name)).toBe(path.join(dir, name));
});

it('lists a folder named by a relative, unnormalized path under that spelling, each file once', async () => {
  mkdirSync(path.join(tmp, 'in/a'), { recursive: true });
  writeFileSync(path.join(tmp, 'in/a/x.txt'), 'x');
  const cwd = process.cwd();
  process.chdir(tmp);
  try {
    const entries = await listInputFiles(['./in//a/../a/', path.join(tmp, 'in/a/x.txt'), 'in/a']);
    expect(entries).toEqual([{ file: 'in/a/x.txt', take: true }]);
  } finally {
    process.chdir(cwd);
  }
});
