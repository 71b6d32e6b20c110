// Whether the compiled dist/ of a checkout is current: built (dist/.built records when
// the compile began) after the last change to any file or folder under src/ and to
// tsconfig.json. bin/nianbao.mjs runs dist/ only then, so an edit never runs stale code.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** When the current dist/ began compiling, or null when there is none (or it failed). */
export function builtAt(root) {
  try {
    const stamp = JSON.parse(readFileSync(path.join(root, 'dist', '.built'), 'utf8'));
    return typeof stamp.startedAt === 'number' ? stamp.startedAt : null;
  } catch {
    return null;
  }
}

/** Whether any file (or folder: a deleted file touches it) under `dir` changed at or after `since`. */
function changedSince(dir, since) {
  if (statSync(dir).mtimeMs >= since) return true;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() ? changedSince(p, since) : statSync(p).mtimeMs >= since) return true;
  }
  return false;
}

export function distIsCurrent(root) {
  const since = builtAt(root);
  if (since === null) return false;
  try {
    return !changedSince(path.join(root, 'src'), since) && statSync(path.join(root, 'tsconfig.json')).mtimeMs < since;
  } catch {
    return false;
  }
}
