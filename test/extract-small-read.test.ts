// readSmallInputFile: a small file's bytes read at once on the calling thread, refused as
// readInputFile refuses (missing, a folder, empty, a FIFO without waiting for a writer),
// and left to readInputFile (undefined) above its limit.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readInputFile, readSmallInputFile } from '../src/extract/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-small-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What readInputFile (libuv's stat, then its read) refuses the path with. */
async function refusal(file: string) {
  const err = await readInputFile(file).then(
    () => null,
    (e: Error & { code?: string }) => e,
  );
  return err && { code: err.code, message: err.message };
}

function caught(fn: () => unknown) {
  try {
    fn();
    return null;
  } catch (e) {
    const err = e as Error & { code?: string };
    return { code: err.code, message: err.message };
  }
}

describe('readSmallInputFile', () => {
  it('gives a file’s bytes exactly as written, one byte to the limit', () => {
    const bytes = Buffer.from('二、主动公开政府信息情况\n第二十条\t12\n', 'utf8');
    const file = path.join(dir, 'report.txt');
    writeFileSync(file, bytes);
    expect(readSmallInputFile(file)).toEqual(bytes);
    expect(readSmallInputFile(file, bytes.length)).toEqual(bytes);
    const one = path.join(dir, 'one.txt');
    writeFileSync(one, 'x');
    expect(readSmallInputFile(one)).toEqual(Buffer.from('x'));
  });

  it('leaves a file above the limit to be read off the thread', () => {
    const file = path.join(dir, 'large.txt');
    writeFileSync(file, 'y'.repeat(100));
    expect(readSmallInputFile(file, 99)).toBeUndefined();
  });

  it('refuses a missing file, a folder and an empty file as readInputFile does', async () => {
    const missing = path.join(dir, 'missing.txt');
    const folder = path.join(dir, 'a-folder');
    mkdirSync(folder);
    const empty = path.join(dir, 'empty.txt');
    writeFileSync(empty, '');
    for (const [file, code, word] of [
      [missing, 'corrupt', '不存在'],
      [folder, 'unsupported', '文件夹'],
      [empty, 'empty', ''],
    ] as const) {
      const got = caught(() => readSmallInputFile(file));
      expect(got?.code).toBe(code);
      expect(got?.message).toContain(word);
      expect(got).toEqual(await refusal(file));
    }
  });

  it('refuses a FIFO as empty at once, not waiting for a writer', async () => {
    const fifo = path.join(dir, 'pipe.txt');
    execFileSync('mkfifo', [fifo]);
    const got = caught(() => readSmallInputFile(fifo));
    expect(got?.code).toBe('empty');
    expect(got).toEqual(await refusal(fifo));
  });
});
