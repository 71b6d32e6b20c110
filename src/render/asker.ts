// The text-producing Asker: the question engine (src/ask), whose answers are data,
// composed with their wording (answer.ts). What `ask`, the bot and the benches call.
import { createEngine, type Asker, type AskerOptions } from '../ask/engine.js';
import { renderOutcome } from './answer.js';

export type { Asker, AskerOptions } from '../ask/engine.js';

export function createAsker(opts: AskerOptions): Asker {
  const engine = createEngine(opts);
  return {
    refresh: () => engine.refresh(),
    ask: async (question, context) => renderOutcome(await engine.answer(question, context)),
  };
}
