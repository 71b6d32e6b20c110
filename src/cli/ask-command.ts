// `nianbao ask "question" [--json]`: one answer from the store that ingest filled.
import { loadConfigOrSay } from '../config/load.js';
import { decideDemo } from '../config/demo.js';
import { openAsker } from '../app/open-asker.js';

export async function runAsk(question: string, opts: { data: string; json?: boolean; config?: string }): Promise<number> {
  const config = await loadConfigOrSay({ configPath: opts.config }, (m) => console.error(m));
  if (!config) return 2;
  // Samples fill an empty store only in a trial (no configuration, no puppet): see src/config/demo.ts.
  const opened = await openAsker({ data: opts.data, config, demo: decideDemo({ config, empty: true }).demo, warm: false });
  try {
    const answer = await opened.asker.ask(question);
    if (opts.json) process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
    else process.stdout.write(`${answer.answer}\n`);
    return 0;
  } finally {
    opened.close();
  }
}
