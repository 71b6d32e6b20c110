// The command line runs compiled dist/ only while it is current: built after the last
// change under src/ (a file edited, added or deleted) and to tsconfig.json; otherwise,
// or with no build at all, it runs the source. Checked on a checkout made here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, expect, it } from 'vitest';
import { builtAt, distIsCurrent } from '../bin/dist-current.mjs';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-launch-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const BUILT = Date.parse('2026-01-10T00:00:00Z');
const at = (p: string, iso: string) => fs.utimesSync(p, new Date(iso), new Date(iso));

beforeEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(path.join(root, 'src/ask'), { recursive: true });
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(root, 'src/index.ts'), '');
  fs.writeFileSync(path.join(root, 'src/ask/engine.ts'), '');
  fs.writeFileSync(path.join(root, 'tsconfig.json'), '{}');
  fs.writeFileSync(path.join(root, 'dist/.built'), JSON.stringify({ startedAt: BUILT }));
  for (const p of ['src/index.ts', 'src/ask/engine.ts', 'src/ask', 'src', 'tsconfig.json'])
    at(path.join(root, p), '2026-01-09T00:00:00Z');
});

it('a build begun after every source changed is current', () => {
  expect(builtAt(root)).toBe(BUILT);
  expect(distIsCurrent(root)).toBe(true);
});

it('a source file edited after the build began makes it stale', () => {
  at(path.join(root, 'src/ask/engine.ts'), '2026-01-10T00:00:01Z');
  expect(distIsCurrent(root)).toBe(false);
});

it('a file added or deleted (its folder changed) makes it stale', () => {
  at(path.join(root, 'src/ask'), '2026-01-11T00:00:00Z');
  expect(distIsCurrent(root)).toBe(false);
});

it('a changed tsconfig.json makes it stale', () => {
  at(path.join(root, 'tsconfig.json'), '2026-01-11T00:00:00Z');
  expect(distIsCurrent(root)).toBe(false);
});

it('no stamp (never built, or the build failed) is never current', () => {
  fs.rmSync(path.join(root, 'dist/.built'));
  expect(builtAt(root)).toBeNull();
  expect(distIsCurrent(root)).toBe(false);
});
