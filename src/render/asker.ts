// The text-producing Asker: the question engine (src/ask) with the wording of both
// languages (phrases-zh.ts, phrases-en.ts). What `ask`, the bot and the benches call.
import { createEngine, type Asker, type AskerOptions } from '../ask/engine.js';
import { phrases } from './phrases.js';

export type { Asker, AskerOptions } from '../ask/engine.js';

export function createAsker(opts: AskerOptions): Asker {
  return createEngine({ ...opts, wording: phrases });
}
