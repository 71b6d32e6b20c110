// One ingest + index of a folder of reports into a fresh data folder, in a process of its
// own, as `nianbao ingest <folder> --data <dir> --jobs <n>` does it (src/app/ingest.ts:
// store the files, read old reports' prose facts, bring the search index up to date,
// close the store): the ask bench runs it as a child so that the time and peak memory it
// prints are the command's, not the bench's (whose process also holds what it checks the
// answers against and, later, the brute-force reference's matrix). Prints one JSON line
// (its fields: bench/ingest-run.d.mts).
//
// It runs the code the command runs, as bin/nianbao.mjs runs it: the compiled dist/ when
// that is current (bin/dist-current.mjs), in plain node; else the source, through tsx's
// loader registered here. JavaScript, not TypeScript, for that: run as a .ts under
// `--import tsx`, its process had a loader thread the command does not have, whose hooks
// answered every import of dist/ too.
//
//   node --max-semi-space-size=32 bench/ingest-run.mjs <folder> <data> [reading threads]
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { distIsCurrent } from '../bin/dist-current.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Which code runs: dist/ when current, as the command chooses; NIANBAO_FROM_SOURCE=1 the source, as there. */
const code = process.env.NIANBAO_FROM_SOURCE !== '1' && distIsCurrent(root) ? 'dist' : 'src';
if (code === 'src') {
  const { register } = await import('tsx/esm/api');
  register();
}
const from = (module) => pathToFileURL(path.join(root, code, `${module}.js`)).href;
const { backfillProseFacts } = await import(from('app/prepare-store'));
const { ingestPaths } = await import(from('ingest/index'));
const { openRetrieval, syncRetrieval } = await import(from('ingest/sync-index'));
const { openStore } = await import(from('store/index'));

/** This process's CPU time (every thread's, user + system), ms. */
function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** @returns {Promise<import('./ingest-run.d.mts').IngestRunResult>} */
async function main(folder, dataDir, readThreads) {
  const store = openStore(dataDir);
  const cpu0 = cpuMs();
  let t0 = performance.now();
  const results = await ingestPaths([folder], { store, readThreads });
  const ingestMs = performance.now() - t0;
  t0 = performance.now();
  await backfillProseFacts(store);
  const index = await openRetrieval(dataDir, store);
  const synced = await syncRetrieval(store, index);
  const indexMs = performance.now() - t0;
  // The command closes the store before it returns: its tail merged, the log checkpointed.
  t0 = performance.now();
  await store.close();
  const closeMs = performance.now() - t0;
  const timedCpuMs = cpuMs() - cpu0;
  const peakRssKB = process.resourceUsage().maxRSS;
  const statuses = {};
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  const failures = results
    .filter((r) => r.status === 'failed')
    .slice(0, 5)
    .map((r) => ({ file: path.basename(r.file), reason: r.reason ?? '' }));
  return {
    code,
    ingestMs,
    indexMs,
    closeMs,
    cpuMs: timedCpuMs,
    indexed: synced.added,
    peakRssKB,
    statuses,
    failures,
  };
}

const [folder, dataDir, threads] = process.argv.slice(2);
if (!folder || !dataDir) {
  console.error('usage: ingest-run.mjs <folder> <data> [reading threads]');
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(await main(folder, dataDir, Number(threads ?? 0)))}\n`);
