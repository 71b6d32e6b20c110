// The writes a store gets before questions are answered from it, as one explicit step
// that the start, chat and ask paths run (opening an asker never writes): the bundled
// sample reports into an empty store when this is a trial, and the prose facts of
// reports stored before prose facts existed (reports stored since come with theirs).
import { ensureProseFacts } from '../ask/prose-facts.js';
import type { ReportStore } from '../store/index.js';

/**
 * Imports the bundled samples (corpus/) when the store holds no report; returns how
 * many were added, or null when the store already had reports. The ingest code loads
 * only here: a store with reports never pays for it.
 */
export async function importSamplesIfEmpty(store: ReportStore): Promise<number | null> {
  if ((await store.counts()).reports > 0) return null;
  const { ensureCorpus } = await import('../ingest/index.js');
  const results = await ensureCorpus(store);
  return results.filter((r) => r.status === 'added').length;
}

/**
 * Reads the prose facts of every stored report that has none recorded (stored by an
 * older version); returns how many reports were read. A store that cannot be written
 * (a read-only data folder) is left as it is: those reports then answer from their
 * tables and passages only, as before they were read.
 */
export async function backfillProseFacts(store: ReportStore): Promise<number> {
  const missing = (await store.reportsWithoutProseFacts()).length;
  if (missing === 0) return 0;
  try {
    await ensureProseFacts(store);
    return missing;
  } catch {
    return 0;
  }
}
