// What the reminder commands read, from the store the configuration names (the SQLite
// database in the data folder, or the PostgreSQL database several bots share): who has
// filed (the store's current reports matched to the registry) and what was sent or paused
// (the store's ledger). A data folder with no SQLite database yet has filed nothing and
// sent nothing; it is not created for a command that only reads.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import type { RemindConfig } from '../remind/config.js';
import { noFilings, storeFilings } from '../remind/filings.js';
import { MemoryLedger, type AnyLedger } from '../remind/ledger.js';
import type { Filings } from '../remind/plan.js';
import { DB_FILE } from '../store/index.js';
import { openReportStore } from './open-store.js';

export interface ReminderSources {
  /** Who has filed, for the report years asked. */
  filings: Filings;
  /** Either backend's ledger: await every call. */
  ledger: AnyLedger;
  /** What the user should know (registry entries no report matches, no database yet). */
  warnings: string[];
  close(): Promise<void>;
}

/**
 * Filings (for `years`) and the ledger from the configured store; empty ones when the data
 * folder has no SQLite database yet. Throws StoreOpenError (Chinese, no password) when a
 * configured PostgreSQL database cannot be reached.
 */
export async function openReminderSources(
  dataDir: string,
  config: RemindConfig,
  opts: { years: readonly number[]; store?: Config['store'] },
): Promise<ReminderSources> {
  if (!opts.store && !existsSync(path.join(dataDir, DB_FILE))) {
    return {
      filings: noFilings,
      ledger: new MemoryLedger(),
      warnings: [`数据目录 ${dataDir} 中还没有数据库：所有单位按未报送处理。`],
      close: async () => {},
    };
  }
  const store = await openReportStore({ store: opts.store }, dataDir);
  try {
    const filings = await storeFilings(store, config.offices, { years: opts.years });
    // The store's schema holds the reminder tables (a read-only folder opens as a migrated copy).
    const ledger = store.ledger();
    return { filings, ledger, warnings: filings.match.warnings, close: async () => void (await store.close()) };
  } catch (err) {
    await store.close();
    throw err;
  }
}
