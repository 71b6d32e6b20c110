// The dictionary lookup (lexicon.ts) built once per installed jieba, not once per data
// folder: building it cost ~0.2 s of every fresh folder's first save (issue 13). It is
// kept in node_modules/.cache/nianbao (where tools keep their caches) under jieba's
// version and dictionary size, and hard-linked (else copied) into an index folder that
// lacks it. A cache that is missing, or not a whole lookup of the installed dictionary,
// is built again; where no cache can be read or written, the folder's lookup is built
// and written as before. The bytes are buildLexicon's either way.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { placeFileAtomicSync, writeFileAtomicSync } from '../io/index.js';
import { buildLexicon, jiebaDictPath, LEXICON_LAYOUT, lexiconCurrent } from './lexicon.js';

let built: Buffer | null = null;

/** The installed dictionary's lookup, built once per process (~0.2 s). */
function builtLexicon(): Buffer {
  built ??= buildLexicon(fs.readFileSync(jiebaDictPath()));
  return built;
}

/**
 * The cache folder beside the installed jieba: `.cache/nianbao` in the node_modules that
 * holds it; null when jieba is not inside a node_modules.
 */
export function lexiconCacheDir(): string | null {
  const dict = jiebaDictPath();
  const at = dict.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  return at < 0 ? null : path.join(dict.slice(0, at), 'node_modules', '.cache', 'nianbao');
}

/**
 * The cached lookup's name: another jieba version or dictionary, or another layout of
 * the lookup (LEXICON_LAYOUT), gets a file of its own, so builds of either layout sharing
 * a node_modules never replace each other's.
 */
function cacheName(): string {
  const { version } = createRequire(import.meta.url)('@node-rs/jieba/package.json') as { version: string };
  return `jieba-words-${LEXICON_LAYOUT}-${version}-${fs.statSync(jiebaDictPath()).size}.lex`;
}

/**
 * Puts a lookup of the installed dictionary at `file` unless one is there already: linked
 * or copied from the cache in `cacheDir` (built there first when missing), else built and
 * given to `write`.
 */
export function saveLexicon(
  file: string,
  write: (file: string, bytes: Buffer) => void = writeFileAtomicSync,
  cacheDir: string | null = lexiconCacheDir(),
): void {
  if (lexiconCurrent(file)) return;
  if (cacheDir !== null && placeCached(cacheDir, file)) return;
  write(file, builtLexicon());
}

/** Links (else copies) the cached lookup to `file`, building the cache first if needed; false when it cannot. */
function placeCached(cacheDir: string, file: string): boolean {
  try {
    const cached = path.join(cacheDir, cacheName());
    if (!lexiconCurrent(cached)) {
      fs.mkdirSync(cacheDir, { recursive: true });
      writeFileAtomicSync(cached, builtLexicon());
    }
    linkOrCopy(cached, file);
    return true;
  } catch {
    return false;
  }
}

/**
 * `from` at `file` through a temporary name renamed into place (a reader never sees half
 * of it). A link shares the bytes: the cache and the folder's files are only ever
 * replaced whole by renames, never written into.
 */
function linkOrCopy(from: string, file: string): void {
  placeFileAtomicSync(file, (tmp) => {
    try {
      fs.linkSync(from, tmp);
    } catch {
      // Another file system, or links refused: a copy, flushed as a written lookup is.
      fs.copyFileSync(from, tmp);
      const fd = fs.openSync(tmp, 'r+');
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
  });
}
