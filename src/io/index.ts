// Files and folders: written so that a crash never leaves them half-written, and
// checked and resolved the way the user meant them.
export {
  placeFileAtomicSync,
  removeOldFiles,
  removeStaleTemps,
  TEMP_PATTERN,
  writeFileAtomic,
  writeFileAtomicSync,
} from './atomic-file.js';
export { checkDataDir, fromUser, userCwd } from './data-dir.js';
