#!/usr/bin/env node
// `npx nianbao …`, `npm run nianbao -- …` and `npm start`: the command line. It runs
// the compiled dist/ (built by `npm install` through `prepare`, or `npm run build`)
// when that is current — built after the last change to any file under src/ — and
// otherwise runs the TypeScript source through tsx's loader, so an edit never runs
// stale code and there is still no build step to forget. Paths are read from the
// folder it is run in.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** When the current dist/ began compiling, or null when there is none (or it failed). */
function builtAt() {
  try {
    const stamp = JSON.parse(readFileSync(path.join(root, 'dist', '.built'), 'utf8'));
    return typeof stamp.startedAt === 'number' ? stamp.startedAt : null;
  } catch {
    return null;
  }
}

/** Whether any file (or folder: a deleted file touches it) under `dir` changed after `since`. */
function changedSince(dir, since) {
  if (statSync(dir).mtimeMs >= since) return true;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() ? changedSince(p, since) : statSync(p).mtimeMs >= since) return true;
  }
  return false;
}

function distIsCurrent() {
  const since = builtAt();
  if (since === null) return false;
  try {
    return !changedSince(path.join(root, 'src'), since) && statSync(path.join(root, 'tsconfig.json')).mtimeMs < since;
  } catch {
    return false;
  }
}

if (process.env.NIANBAO_FROM_SOURCE !== '1' && distIsCurrent()) {
  await import('../dist/index.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/index.ts');
}
