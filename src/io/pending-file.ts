// A process's own scratch file for what an index adds before its save (vectors, documents):
// a `.tmp` named by kind, process and a random tag, so that a save can adopt it by renaming
// it and another process can tell a stale one from a live one.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PendingFile {
  fd: number;
  path: string;
}

/**
 * Creates `<kind>-pending-<pid>-<tag>.tmp` in `scratchDir` (made if missing), else in the
 * system's temporary folder when that one cannot be written; throws `failure` when neither can.
 */
export function openPendingFile(kind: string, scratchDir: string | undefined, failure: string): PendingFile {
  const name = `${kind}-pending-${process.pid}-${randomUUID().slice(0, 8)}.tmp`;
  for (const dir of [scratchDir, os.tmpdir()]) {
    if (!dir) continue;
    try {
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, name);
      return { fd: fs.openSync(file, 'wx+'), path: file };
    } catch {
      // A read-only folder: the next one.
    }
  }
  throw new Error(failure);
}
