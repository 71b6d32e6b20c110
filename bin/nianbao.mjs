#!/usr/bin/env -S node --max-semi-space-size=32
// `npx nianbao …`, `npm run nianbao -- …` and `npm start`: the command line. It runs
// the compiled dist/ (built by `npm install` through `prepare`, or `npm run build`)
// when that is current (bin/dist-current.mjs), and otherwise the TypeScript source
// through tsx's loader, so an edit never runs stale code and there is still no build
// step to forget. NIANBAO_FROM_SOURCE=1 always runs the source. Paths are read from
// the folder it is run in.
//
// A 32 MB young generation (Node's default is 16): at 100,000 reports a running bot's
// heap holds the office index and the year's figures, and with the default every few
// hundred answers met a 5–7 ms scavenge (fact answer p99 5.4–6.5 ms; with 32: 1.1–2.0).
// The flag only works on the command line (v8.setFlagsFromString is too late), so it
// is in the shebang and in package.json's scripts.
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
