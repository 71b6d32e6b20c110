// Picks the sentences of a hit worth quoting: those that share the most (and the
// longest) words with the question.
import { splitSentences } from './sentences.js';
import { tokenize } from './tokenizer.js';
import type { Hit } from './types.js';

/**
 * The `n` (1–3) sentences of the hit's chunk that best match the query, in reading
 * order. Falls back to the first sentence when none shares a word with the query.
 */
export function bestSentences(hit: Pick<Hit, 'chunk'>, query: string, n = 2): string[] {
  const count = Math.max(1, Math.min(3, Math.floor(n)));
  const sentences = hit.chunk.text.split('\n').flatMap(splitSentences);
  if (sentences.length <= count) return sentences;
  // The office's own name says nothing about which sentence answers: the hit is already that office's.
  const officeTokens = new Set(tokenize(hit.chunk.office));
  const queryTokens = new Set(tokenize(query).filter((t) => !officeTokens.has(t)));
  const queryBigrams = bigrams(query);
  const scored = sentences.map((s, i) => {
    let score = 0;
    for (const t of new Set(tokenize(s))) if (queryTokens.has(t)) score += t.length;
    // Shared character pairs break ties and catch words jieba cut differently.
    const sb = bigrams(s);
    let shared = 0;
    for (const g of queryBigrams) if (sb.has(g)) shared++;
    score += 0.25 * shared;
    return { i, s, score };
  });
  const top = Math.max(...scored.map((x) => x.score));
  // A weak runner-up is left out: one on-point sentence quotes better than two.
  const picked = scored
    .filter((x) => x.score > 0 && x.score >= 0.4 * top)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, count);
  if (!picked.length) return sentences.slice(0, 1);
  return picked.sort((a, b) => a.i - b.i).map((x) => x.s);
}

function bigrams(text: string): Set<string> {
  const chars = [
    ...text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{Script=Han}\p{L}\p{N}]+/gu, ''),
  ];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  return out;
}
