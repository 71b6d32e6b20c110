// Files that must never be seen half-written (the WeChat login, state beside the
// database): the new content goes to a temporary file in the same folder, is flushed
// to disk, then renamed over the old one, so a reader or a crash at any instant finds
// either the old content or the new, never a mix or an empty file. Unchanged content
// is not written at all.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The temporary files this module leaves only when killed mid-write (`.<name>.<random>.tmp`). */
export const TEMP_PATTERN = /^\..+\.[0-9a-f]{12}\.tmp$/;

function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
}

function sameContent(file: string, data: Buffer): boolean {
  try {
    const st = fs.statSync(file);
    return st.size === data.length && fs.readFileSync(file).equals(data);
  } catch {
    return false;
  }
}

/**
 * The bytes to write: a view of `data`'s own, not a copy (a 28 MB search index file cost
 * ~20 ms to copy; the write is over before the caller can change them).
 */
function bytesOf(data: string | Uint8Array): Buffer {
  return typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** Writes `data` to `file` atomically; false when the file already held exactly that. */
export function writeFileAtomicSync(file: string, data: string | Uint8Array): boolean {
  const bytes = bytesOf(data);
  if (sameContent(file, bytes)) return false;
  placeFileAtomicSync(file, (tmp) => {
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  });
  return true;
}

/**
 * `file` made whole at a temporary name beside it by `make` (written, linked, copied — and
 * flushed), then renamed into place: a reader never sees half of it, and a failed `make`
 * leaves no temporary file behind.
 */
export function placeFileAtomicSync(file: string, make: (tmp: string) => void): void {
  const tmp = tempName(file);
  try {
    make(tmp);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** The same, without blocking the event loop. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<boolean> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
  try {
    const st = await fs.promises.stat(file);
    if (st.size === bytes.length && (await fs.promises.readFile(file)).equals(bytes)) return false;
  } catch {
    // no file yet
  }
  const tmp = tempName(file);
  try {
    const handle = await fs.promises.open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(tmp, file);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
  return true;
}

/**
 * Removes the files of `dir` whose names `match` accepts and that are older than
 * `minAgeMs` (so a file a live writer is still producing is spared). Returns the names
 * removed; a folder that is missing or read-only removes nothing and never throws.
 */
export function removeOldFiles(
  dir: string,
  match: (name: string) => boolean,
  minAgeMs: number,
  now = Date.now(),
): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!match(name)) continue;
    const full = path.join(dir, name);
    try {
      if (now - fs.statSync(full).mtimeMs < minAgeMs) continue;
      fs.rmSync(full, { force: true });
      removed.push(name);
    } catch {
      // read-only folder or gone already: nothing to do
    }
  }
  return removed;
}

/** Removes temporary files a killed writer left in `dir` (older than `minAgeMs`, so a live write is spared). */
export function removeStaleTemps(dir: string, minAgeMs = 60_000, now = Date.now()): string[] {
  return removeOldFiles(dir, (name) => TEMP_PATTERN.test(name), minAgeMs, now);
}
