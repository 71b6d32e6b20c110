// Long answers are sent as several messages: WeChat folds or rejects very long ones.

/**
 * Splits `text` into parts of at most `max` UTF-16 units, breaking between lines; a
 * single line longer than `max` is cut hard (never inside a surrogate pair). Blank lines
 * at the edges of a part, and parts of only spaces, are dropped; nothing else is lost or reordered.
 */
export function splitMessage(text: string, max = 1800): string[] {
  if (!Number.isInteger(max) || max < 2) throw new RangeError(`max must be an integer ≥ 2, got ${max}`);
  const whole = trimBlankLines(text);
  if (!whole.trim()) return [];
  if (whole.length <= max) return [whole];

  const parts: string[] = [];
  let current = '';
  const flush = () => {
    const part = trimBlankLines(current);
    // A piece of nothing but spaces is not worth a message.
    if (part.trim()) parts.push(part);
    current = '';
  };
  for (const line of whole.split('\n')) {
    if (line.length > max) {
      flush();
      for (const piece of hardSplit(line, max)) {
        current = piece;
        flush();
      }
      continue;
    }
    if (current && current.length + 1 + line.length > max) flush();
    current = current ? `${current}\n${line}` : line;
  }
  flush();
  return parts;
}

function hardSplit(line: string, max: number): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < line.length) {
    let end = Math.min(at + max, line.length);
    // Do not separate the two halves of an astral character (emoji, rare hanzi).
    if (end < line.length && isHighSurrogate(line.charCodeAt(end - 1))) end -= 1;
    out.push(line.slice(at, end));
    at = end;
  }
  return out;
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;

function trimBlankLines(s: string): string {
  return s
    .replace(/^(?:[ \t\u3000]*\r?\n)+/, '')
    .replace(/(?:\r?\n[ \t\u3000]*)+$/, '')
    .replace(/\r\n/g, '\n');
}
