// The one place the app opens its store, whichever backend the configuration names: the
// SQLite database in the data folder (the default), or the PostgreSQL database several
// bot instances share (`store:` / DATABASE_URL, src/config/store.ts). Each instance keeps
// its own data folder either way (logs, search index files, WeChat login). The PostgreSQL
// client loads only here and only then: a SQLite deployment never pays for it. Errors are
// Chinese and never show the password.
import type { Config } from '../config/schema.js';
import { openStore, type ReportStore } from '../store/index.js';

/** The store could not be opened; the message is Chinese and safe to print (no password). */
export class StoreOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

/**
 * The store the configuration names: PostgreSQL (migrated on open, safe when several
 * instances start at once) when it has `store`, else `<dataDir>/nianbao.db`. Throws
 * StoreOpenError when the database cannot be reached; close() it when done.
 */
export async function openReportStore(
  config: Pick<Config, 'store'> | null | undefined,
  dataDir: string,
): Promise<ReportStore> {
  if (!config?.store) return openStore(dataDir);
  const url = config.store.url;
  const { openPgStore, redactUrl } = await import('../store/pg/index.js');
  try {
    return await openPgStore(url);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new StoreOpenError(`无法打开 PostgreSQL 数据库 ${redactUrl(url)}：${withoutPassword(message, url)}`);
  }
}

/** A message with the URL's password (if any) blotted out, whatever the driver put in it. */
export function withoutPassword(message: string, url: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    // not a URL: the config schema refuses those before here
  }
  return password ? message.split(password).join('***') : message;
}
