// One ingest + index of a folder of reports into a fresh data folder, in a process of its
// own, as `nianbao ingest <folder> --data <dir> --jobs <n>` does it (src/app/ingest.ts:
// store the files, read old reports' prose facts, bring the search index up to date):
// the ask bench runs it as a child so that the time and peak memory it prints are the
// command's, not the bench's (whose process also holds what it checks the answers against
// and, later, the brute-force reference's matrix). Prints one JSON line.
//
// It runs the code the command runs: the compiled dist/ when that is current
// (bin/dist-current.mjs, as bin/nianbao.mjs decides), else the source through tsx.
//
//   node --max-semi-space-size=32 --import tsx bench/ingest-run.ts <folder> <data> <threads>
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { distIsCurrent } from '../bin/dist-current.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Which code runs: dist/ when current, as the command chooses; NIANBAO_FROM_SOURCE=1 the source, as there. */
const code: 'dist' | 'src' = process.env.NIANBAO_FROM_SOURCE !== '1' && distIsCurrent(root) ? 'dist' : 'src';
const from = (module: string) => pathToFileURL(path.join(root, code, `${module}.js`)).href;
const { backfillProseFacts } = (await import(
  from('app/prepare-store')
)) as typeof import('../src/app/prepare-store.js');
const { ingestPaths } = (await import(from('ingest/index'))) as typeof import('../src/ingest/index.js');
const { openRetrieval, syncRetrieval } = (await import(
  from('ingest/sync-index')
)) as typeof import('../src/ingest/sync-index.js');
const { openStore } = (await import(from('store/index'))) as typeof import('../src/store/index.js');

/** What the child prints (one line of JSON on stdout). */
export interface IngestRunResult {
  /** The code that ran: compiled dist/ or the source through tsx. */
  code: 'dist' | 'src';
  ingestMs: number;
  indexMs: number;
  /** Reports the index step added. */
  indexed: number;
  /** Peak resident set of this process, KB (getrusage's ru_maxrss), through ingest + index. */
  peakRssKB: number;
  /** Results by status: added, replaced, conflict, unchanged, failed. */
  statuses: Record<string, number>;
  /** The first few failures, file name and reason. */
  failures: { file: string; reason: string }[];
}

async function main(folder: string, dataDir: string, readThreads: number): Promise<IngestRunResult> {
  const store = openStore(dataDir);
  let t0 = performance.now();
  const results = await ingestPaths([folder], { store, readThreads });
  const ingestMs = performance.now() - t0;
  t0 = performance.now();
  await backfillProseFacts(store);
  const index = await openRetrieval(dataDir, store);
  const synced = await syncRetrieval(store, index);
  const indexMs = performance.now() - t0;
  const peakRssKB = process.resourceUsage().maxRSS;
  store.close();
  const statuses: Record<string, number> = {};
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  const failures = results
    .filter((r) => r.status === 'failed')
    .slice(0, 5)
    .map((r) => ({ file: path.basename(r.file), reason: r.reason ?? '' }));
  return { code, ingestMs, indexMs, indexed: synced.added, peakRssKB, statuses, failures };
}

const [folder, dataDir, threads] = process.argv.slice(2);
if (!folder || !dataDir) {
  console.error('usage: ingest-run.ts <folder> <data> [reading threads]');
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(await main(folder, dataDir, Number(threads ?? 0)))}\n`);
