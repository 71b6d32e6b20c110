// The optional language model: question → query and passages → cited answer.
// Without a configured model (llmFromEnv → null) the engine answers by rules alone.
export { asLanguageModel } from './adapter.js';
export { createLlmClient, describeChatError, DEFAULT_TIMEOUT_MS, llmFromEnv } from './client.js';
export { type LlmFileConfig, type LlmSettings, llmSettings } from './settings.js';
export {
  buildUnderstandMessages,
  llmReadingSchema,
  llmUnderstand,
  mentionsYear,
  understandWithLlm,
  validateReading,
  yearSpecOf,
} from './understand.js';
export { buildAnswerMessages, checkAnswer, llmWriteAnswer, PASSAGE_MAX_CHARS } from './answer.js';
export { chineseToNumber, englishToNumber, extractNumbers, NumberSet, type NumberMention } from './numbers.js';
export { readJsonObject, stripThinking } from './json.js';
export type * from './types.js';
