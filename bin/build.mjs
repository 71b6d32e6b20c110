#!/usr/bin/env node
// `npm run build` (and `prepare`, so `npm install` runs it): compiles src/ into dist/
// with tsconfig.build.json, so the command line starts from JavaScript instead of
// compiling TypeScript at every run. dist/.built records when the compile began:
// bin/nianbao.mjs runs dist/ only while no source file is newer than that.
// `--soft` (prepare): a failed compile removes the stamp and says so, but never fails
// `npm install` — the command line then runs from source through tsx, as before.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const soft = process.argv.includes('--soft');
// Taken before compiling: a source saved during the compile is newer than the stamp.
const startedAt = Date.now();

// A clean folder: files of deleted sources must not linger.
rmSync(dist, { recursive: true, force: true });
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  tsc = null;
}
const result = tsc
  ? spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' })
  : { status: 1 };
if (result.status === 0) {
  mkdirSync(dist, { recursive: true });
  writeFileSync(path.join(dist, '.built'), `${JSON.stringify({ startedAt })}\n`);
  process.exit(0);
}
rmSync(path.join(dist, '.built'), { force: true });
console.error(
  tsc ? '编译 dist/ 失败：命令行将直接从 src/ 运行（较慢）。' : '找不到 typescript：命令行将直接从 src/ 运行（较慢）。',
);
process.exit(soft ? 0 : 1);
