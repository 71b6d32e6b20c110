// State files are never seen half-written: a writer child process is killed (SIGKILL)
// at random instants while rewriting a large file, and after every kill the file is
// exactly one complete version. The login memory card goes through the same writes,
// and is written only when it changed.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeStaleTemps, writeFileAtomic, writeFileAtomicSync } from '../src/io/index.js';
import { AtomicFileStorage, loginMemory, LOGIN_FILE } from '../src/bot/login-memory.js';
import { repoRoot } from './bot-helpers.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-atomic-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// Each version carries its own checksum, so a torn or mixed file is recognised.
const WRITER = `
import { createHash } from 'node:crypto';
import { writeFileAtomicSync } from ${JSON.stringify(path.join(repoRoot, 'src/io/index.ts'))};
const file = process.argv[2];
const pad = 'x'.repeat(400_000);
for (let n = 1; ; n++) {
  const body = JSON.stringify({ n, pad: pad.slice(0, 300_000 + (n % 7) * 10_000) });
  const sum = createHash('sha256').update(body).digest('hex');
  writeFileAtomicSync(file, JSON.stringify({ body, sum }));
  if (n === 1) process.stdout.write('started\\n');
}
`;

function checkVersion(file: string): number {
  const text = fs.readFileSync(file, 'utf8');
  expect(text.length).toBeGreaterThan(0);
  const { body, sum } = JSON.parse(text) as { body: string; sum: string };
  expect(createHash('sha256').update(body).digest('hex')).toBe(sum);
  return (JSON.parse(body) as { n: number }).n;
}

describe('atomic state files', () => {
  it('a writer killed at random instants always leaves one complete version', async () => {
    const script = path.join(tmp, 'writer.mjs');
    fs.writeFileSync(script, WRITER);
    const file = path.join(tmp, 'state.json');
    const seen: number[] = [];
    for (let round = 0; round < 8; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', script, file], {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('writer did not start within 20 s')), 20_000);
        child.stdout.once('data', () => {
          clearTimeout(t);
          resolve();
        });
      });
      // A random instant inside the write loop.
      await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 120)));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      seen.push(checkVersion(file));
    }
    expect(seen.every((n) => n >= 1)).toBe(true);
    // Temporary files of killed writers are cleaned on the next open, once they are stale.
    const left = fs.readdirSync(tmp).filter((n) => n.endsWith('.tmp'));
    const removed = removeStaleTemps(tmp, 0);
    expect(removed.sort()).toEqual(left.sort());
    expect(fs.readdirSync(tmp).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  }, 120_000);

  it('writes only when the content changed', async () => {
    const file = path.join(tmp, 'same.json');
    expect(writeFileAtomicSync(file, '{"a":1}')).toBe(true);
    expect(writeFileAtomicSync(file, '{"a":1}')).toBe(false);
    expect(await writeFileAtomic(file, '{"a":1}')).toBe(false);
    expect(await writeFileAtomic(file, '{"a":2}')).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"a":2}');
  });

  it('keeps the WeChat login in the data folder, atomically, and survives an unreadable file', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'login-'));
    const card = loginMemory(dir);
    await card.load();
    await card.set('puppet', { token: 'session' });
    await card.save();
    const file = path.join(dir, LOGIN_FILE);
    const mtime = fs.statSync(file).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    await card.save(); // unchanged: not rewritten
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
    const again = loginMemory(dir);
    await again.load();
    expect(await again.get('puppet')).toEqual({ token: 'session' });
    // A multiplexed child (what wechaty hands the puppet) saves through the same file.
    const child = again.multiplex('wechaty-puppet');
    await child.set('k', 'v');
    await child.save();
    expect(fs.readFileSync(file, 'utf8')).toContain('"v"');

    fs.writeFileSync(file, ''); // what an older version could leave after a crash
    const problems: string[] = [];
    const storage = new AtomicFileStorage(file, (m) => problems.push(m));
    expect(await storage.load()).toEqual({});
    expect(problems[0]).toContain('需要重新扫码登录');
    expect(fs.readdirSync(dir).some((n) => n.includes('.unreadable-'))).toBe(true);
  });
});
