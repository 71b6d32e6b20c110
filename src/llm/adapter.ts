// The client as the question engine's LanguageModel (src/ask/engine.ts): typed
// against the engine's interface, so that a change on either side fails to compile.
import type { LanguageModel } from '../ask/engine.js';
import { llmWriteAnswer } from './answer.js';
import type { LlmClient } from './types.js';
import { llmUnderstand } from './understand.js';

export function asLanguageModel(client: LlmClient): LanguageModel {
  return {
    understand: (question, ctx) => llmUnderstand(client, question, ctx),
    writeAnswer: (question, passages, lang) => llmWriteAnswer(client, question, passages, lang),
  };
}
