#!/usr/bin/env node
// `npx nianbao …`, `npm run nianbao -- …` and `npm start`: the command line. It runs
// the compiled dist/ (built by `npm install` through `prepare`, or `npm run build`)
// when that is current (bin/dist-current.mjs), and otherwise the TypeScript source
// through tsx's loader, so an edit never runs stale code and there is still no build
// step to forget. NIANBAO_FROM_SOURCE=1 always runs the source. Paths are read from
// the folder it is run in.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { distIsCurrent } from './dist-current.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

if (process.env.NIANBAO_FROM_SOURCE !== '1' && distIsCurrent(root)) {
  await import('../dist/index.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/index.ts');
}
