// Public data kept outside the repository (../shared, beside the clone: real reports,
// the blank template, invented patterns). A test that reads it asks here where a file
// is and whether it is present; when it is absent the test skips, its title says why,
// and one stderr line says so too (the default reporter shows a skipped file's count,
// not its titles). Never copies anything into the repository.
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The shared folder beside the repository. */
export const SHARED_DIR = path.resolve(import.meta.dirname, '../../../shared');

export interface SharedFile {
  /** Absolute path of the file or folder. */
  file: string;
  present: boolean;
  /** '' when present, else " (skipped: … is absent; ../shared holds …)" for the describe/it title. */
  skipped: string;
}

/** A file or folder of ../shared by its relative path; `holds` says what it is, for the skip reason. */
export function sharedFile(relative: string, holds = 'the real reports'): SharedFile {
  const file = path.join(SHARED_DIR, relative);
  const present = existsSync(file);
  const skipped = present ? '' : ` (skipped: ${file} is absent; ../shared holds ${holds})`;
  if (!present) {
    const why = `${file} is absent (public data kept outside the repository)`;
    console.warn(`skipped: the tests on ../shared/${relative}: ${why}`);
  }
  return { file, present, skipped };
}
