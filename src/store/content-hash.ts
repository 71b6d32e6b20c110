// A report's content identity, for both backends: ingest skips a text it has stored
// before, whatever the file is called. Pure.
import { createHash } from 'node:crypto';

/** sha256 of the text as UTF-8, hex. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
