// One regular expression written as several: a long alternation of words (the table's
// vocabulary, the ways to ask) split over lines. alt(/a|b/, /c/) is /a|b|c/, exactly.
export function alt(...parts: RegExp[]): RegExp {
  return new RegExp(parts.map((p) => p.source).join('|'), parts[0].flags);
}
