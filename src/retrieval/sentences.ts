// Sentence splitting for Chinese report prose: on 。！？； (and their ASCII forms),
// keeping the punctuation and any closing quote or bracket that follows it.

const SENTENCE = /[^。！？；!?;]*(?:[。！？；!?;]+[”’"」』）)]*|$)/g;

/** The sentences of `text`, in order, each with its ending punctuation; blanks dropped. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(SENTENCE)) {
    const s = m[0].trim();
    if (s) out.push(s);
  }
  return out;
}

/**
 * Cut `text` into pieces of at most `max` characters, ending on sentence ends where
 * possible; a sentence longer than `max` is cut on a comma, else hard.
 */
export function packSentences(text: string, max: number): string[] {
  const pieces: string[] = [];
  let cur = '';
  const push = (s: string) => {
    if (cur && cur.length + s.length > max) {
      pieces.push(cur);
      cur = '';
    }
    cur += s;
  };
  for (const sentence of splitSentences(text)) {
    if (sentence.length <= max) {
      push(sentence);
      continue;
    }
    for (const clause of cutLong(sentence, max)) push(clause);
  }
  if (cur) pieces.push(cur);
  return pieces;
}

function cutLong(sentence: string, max: number): string[] {
  const clauses = sentence.match(/[^，,、：:]*[，,、：:]*/g)?.filter(Boolean) ?? [sentence];
  const out: string[] = [];
  for (const clause of clauses) {
    for (let i = 0; i < clause.length; i += max) out.push(clause.slice(i, i + max));
  }
  return out;
}
