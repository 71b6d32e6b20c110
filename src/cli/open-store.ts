// The store a one-shot command reads or writes, whichever backend the configuration names
// (src/app/open-store.ts: the SQLite database in --data, or PostgreSQL by `store:` /
// DATABASE_URL). A configuration or connection problem is said in Chinese, once, and gives
// null: the command exits with its own code instead of a stack trace.
import { loadConfigOrSay } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { openReportStore, StoreOpenError } from '../app/open-store.js';
import type { ReportStore } from '../store/index.js';

export interface CommandStore {
  config: Config;
  store: ReportStore;
}

/** The configuration and the store it names; null after saying why not. Close the store when done. */
export async function openCommandStore(
  opts: { data: string; config?: string },
  say: (message: string) => void,
): Promise<CommandStore | null> {
  const config = await loadConfigOrSay({ configPath: opts.config }, say);
  if (!config) return null;
  try {
    return { config, store: await openReportStore(config, opts.data) };
  } catch (err) {
    if (!(err instanceof StoreOpenError)) throw err;
    say(err.message);
    return null;
  }
}
