#!/usr/bin/env node
// `npx nianbao …` (and `nianbao …` once installed): the same command line as
// `npm run nianbao --`, run from its TypeScript source through tsx's loader API, so
// there is no build step to forget. Paths are read from the folder it is run in.
import { register } from 'tsx/esm/api';

register();
await import('../src/index.ts');
