// The words of the engine's answers in each language: src/ask decides an answer as
// data (src/ask/results.ts) and answer.ts words it with one Wording (wording.ts) per
// language; this picks the language's.
import type { Lang } from '../ask/types.js';
import type { Wording } from './wording.js';
import { en } from './phrases-en.js';
import { zh } from './phrases-zh.js';

/** The wording of one language (a WordingFor, for the engine). */
export function phrases(lang: Lang): Wording {
  return lang === 'en' ? en : zh;
}
