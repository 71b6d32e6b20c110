#!/usr/bin/env -S GLIBC_TUNABLES=glibc.malloc.hugetlb=1 node --max-semi-space-size=32
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
//
// GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (glibc ≥ 2.35; ignored elsewhere) likewise: malloc
// asks for transparent huge pages (madvise mode, the usual default) for what it maps. On
// a virtual machine the first touch of each fresh 4 KB page can cost ~20 µs; an ingest of
// 8,571 text reports made 114–138k page faults, 72–88k with it, and 0.6–1.1 s less system
// time (issue 13). An environment variable is read by the loader before Node starts, so
// it too is in the shebang and the scripts (the bench's children inherit it).
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
