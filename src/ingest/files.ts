// Turns the paths a user gives into the list of files to ingest: folders are walked
// recursively (hidden entries skipped), files of kinds we cannot read are listed
// as skipped so the user sees them, and a file named twice is taken once.
import { statSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { isManifestName } from './manifest.js';

export const INGEST_EXTENSIONS = ['.txt', '.html', '.htm', '.pdf', '.docx'] as const;

export type FileEntry =
  | { file: string; take: true }
  | { file: string; take: false; reason: string }
  | { file: string; missing: true; reason: string };

export function isIngestable(file: string): boolean {
  return (INGEST_EXTENSIONS as readonly string[]).includes(path.extname(file).toLowerCase());
}

function isHidden(name: string): boolean {
  return name.startsWith('.');
}

/**
 * path.join(dir, name) for a name a folder's listing gives (a plain name: no separator,
 * never '.' or '..'): the folder joined once, and its normalized form put before each name.
 */
export function childPath(dir: string): (name: string) => string {
  const prefix = path.join(dir, 'x').slice(0, -1);
  return (name) => prefix + name;
}

/** Files in walk order (entries of a folder sorted by name). */
export async function listInputFiles(paths: string[]): Promise<FileEntry[]> {
  const out: FileEntry[] = [];
  const seen = new Set<string>();
  const visitedDirs = new Set<string>();

  // `key`: the file's absolute path (path.resolve's), where the caller has it already.
  const addFile = (file: string, take: boolean, key = path.resolve(file)) => {
    if (seen.has(key)) return;
    seen.add(key);
    if (take) out.push({ file, take: true });
    else out.push({ file, take: false, reason: `不支持的文件类型 ${path.extname(file) || '（无扩展名）'}，已跳过` });
  };

  const walk = async (dir: string): Promise<void> => {
    const real = await realpath(dir);
    if (visitedDirs.has(real)) return; // a symlink loop
    visitedDirs.add(real);
    // The entries' kinds come with the listing: only symlinks are looked at again
    // (a stat per file cost ~10 s of a 100,000-file folder, issue 13), and at once: the
    // walk waits for each anyway, and a stat through libuv's threads cost ~30 µs of this
    // thread and a wake-up of another (a folder of 8,571 symlinks: ~0.5 s listed).
    const entries = (await readdir(dir, { withFileTypes: true }))
      .filter((e) => !isHidden(e.name))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // An entry's path and its absolute path are its folder's, normalized once, and its name
    // (path.join and path.resolve a file cost ~11 µs of ~8,571 in a folder, issue 13).
    const inDir = childPath(dir);
    const inResolved = childPath(path.resolve(dir));
    for (const entry of entries) {
      const full = inDir(entry.name);
      let kind: { isDirectory(): boolean; isFile(): boolean } = entry;
      if (entry.isSymbolicLink()) {
        try {
          kind = statSync(full);
        } catch {
          continue; // a dangling symlink inside a folder is not the user's file
        }
      }
      if (kind.isDirectory()) await walk(full);
      // A manifest beside the reports is read with them, not a file to import (its name is the entry's).
      else if (kind.isFile() && !isManifestName(entry.name))
        addFile(full, isIngestable(entry.name), inResolved(entry.name));
    }
  };

  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch {
      out.push({ file: p, missing: true, reason: '找不到这个文件或文件夹' });
      continue;
    }
    if (st.isDirectory()) await walk(p);
    // A file named explicitly is tried whatever its extension: extract says why it cannot read it.
    else addFile(p, true);
  }
  return out;
}
