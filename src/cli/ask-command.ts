// `nianbao ask "question" [--json]`: one answer from the store that ingest filled.
import { decideDemo } from '../config/demo.js';
// Not through src/app/index.ts: that face loads the bot and reminders, and a cold `ask` must not.
import { openAsker } from '../app/open-asker.js';
import { backfillProseFacts, importSamplesIfEmpty } from '../app/prepare-store.js';
import { openCommandStore } from './open-store.js';

export async function runAsk(
  question: string,
  opts: { data: string; json?: boolean; config?: string },
): Promise<number> {
  // SQLite in the data folder, or the PostgreSQL database the configuration names.
  const command = await openCommandStore(opts, (m) => console.error(m));
  if (!command) return 2;
  const { config, store } = command;
  const say = (line: string) => process.stderr.write(`${line}\n`);
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
