// Files written so that a crash never leaves them half-written.
export { removeStaleTemps, TEMP_PATTERN, writeFileAtomic, writeFileAtomicSync } from './atomic-file.js';
