// `nianbao ask "question" [--json]`: one answer from the store that ingest filled.
import { loadConfigOrSay } from '../config/load.js';
import { decideDemo } from '../config/demo.js';
// Not through src/app/index.ts: that face loads the bot and reminders, and a cold `ask` must not.
import { openAsker } from '../app/open-asker.js';
import { backfillProseFacts, importSamplesIfEmpty } from '../app/prepare-store.js';
import { openReportStore, StoreOpenError } from '../app/open-store.js';
import type { ReportStore } from '../store/index.js';

export async function runAsk(question: string, opts: { data: string; json?: boolean; config?: string }): Promise<number> {
  const config = await loadConfigOrSay({ configPath: opts.config }, (m) => console.error(m));
  if (!config) return 2;
  const say = (line: string) => process.stderr.write(`${line}\n`);
  let store: ReportStore;
  try {
    // SQLite in the data folder, or the PostgreSQL database the configuration names.
    store = await openReportStore(config, opts.data);
  } catch (err) {
    if (!(err instanceof StoreOpenError)) throw err;
    console.error(err.message);
    return 2;
  }
  // Samples fill an empty store only in a trial (no configuration, no puppet, no shared database): see src/config/demo.ts.
  if (decideDemo({ config, empty: true }).demo && (await store.counts()).reports === 0) {
    say('首次运行：正在导入自带的年报样本……');
    say(`已导入 ${(await importSamplesIfEmpty(store)) ?? 0} 份年报。`);
  }
  await backfillProseFacts(store);
  const opened = await openAsker({ data: opts.data, config, store, say, warm: false });
  try {
    const answer = await opened.asker.ask(question);
    if (opts.json) process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
    else process.stdout.write(`${answer.answer}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
