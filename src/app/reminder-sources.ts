// What the reminder commands read from a data folder: who has filed (the store's
// current reports matched to the registry) and what was sent or paused (the store's
// ledger). A folder with no database yet has filed nothing and sent nothing.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RemindConfig } from '../remind/config.js';
import { noFilings, storeFilings } from '../remind/filings.js';
import { MemoryLedger, type SentLedger } from '../remind/ledger.js';
import type { Filings } from '../remind/plan.js';
import { DB_FILE, openStore } from '../store/index.js';

export interface ReminderSources {
  filings: Filings;
  ledger: SentLedger;
  /** What the user should know (registry entries no report matches, no database yet). */
  warnings: string[];
  close(): void;
}

/** Filings and ledger from the data folder; empty ones when it has no database yet. */
export function openReminderSources(dataDir: string, config: RemindConfig): ReminderSources {
  if (!existsSync(path.join(dataDir, DB_FILE))) {
    return {
      filings: noFilings,
      ledger: new MemoryLedger(),
      warnings: [`数据目录 ${dataDir} 中还没有数据库：所有单位按未报送处理。`],
      close() {},
    };
  }
  const store = openStore(dataDir);
  const filings = storeFilings(store, config.offices);
  // The store's schema holds the reminder tables (a read-only folder opens as a migrated copy).
  const ledger = store.ledger();
  return { filings, ledger, warnings: filings.match.warnings, close: () => store.close() };
}
