// The app's face: the composition root (openApp), running it on a channel (serve*),
// the engine over a data folder (openAsker) and the explicit step that makes a store
// ready (prepare-store), the store the configuration names (open-store: SQLite or
// PostgreSQL) and the move of a SQLite folder onto PostgreSQL (migrate). The commands in
// src/cli import from here, except the quick ones (`ask`, the commands' store, `migrate`),
// which import their modules directly: this face loads the bot and the reminders.
export { openApp, startReminders, type App, type AppEnv, type AppOptions } from './app.js';
export { isInteractive, serveConsole, serveWechat, willServeWechat, type ServeIO } from './serve.js';
export { openAsker, type OpenAskerOptions, type OpenedAsker } from './open-asker.js';
export { backfillProseFacts, importSamplesIfEmpty } from './prepare-store.js';
export { ingestIntoData, type IngestIntoOptions, type IngestRun } from './ingest.js';
export { assignInData, type AssignOutcome, type AssignRun } from './assign.js';
export { openReminderSources, type ReminderSources } from './reminder-sources.js';
export { openReportStore, StoreOpenError, withoutPassword } from './open-store.js';
export { migrateDataToPg, type MigratedTable, type MigrateRun } from './migrate.js';
