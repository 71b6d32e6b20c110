// The repository stands alone (issue 12, item 6): a clone without ../shared installs,
// tests and runs. What can be checked from inside: the files package.json names exist,
// and code reaches ../shared only through test/support/shared.ts (which skips, saying
// why) or the question set's runner (which counts its skipped questions), so a new
// test cannot quietly fail a clone without it.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  scripts: Record<string, string>;
};

/** A file's lines that are code, not comments (a comment may name ../shared freely). */
const codeLines = (file: string) =>
  readFileSync(path.join(ROOT, file), 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\*)/.test(line));

/** Every .ts/.mts/.mjs file under a folder of the repository, relative to the root. */
function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|mts|mjs)$/.test(e.name))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

describe('package.json names files that exist', () => {
  it.each(Object.entries(pkg.bin))('bin %s → %s', (_, file) => {
    expect(existsSync(path.join(ROOT, file))).toBe(true);
  });

  it.each(Object.entries(pkg.scripts))('script %s runs a file of the repository: %s', (_, command) => {
    for (const file of command.match(/\b(?:bin|bench|tools|src)\/[\w./-]+\.(?:mjs|ts|js)\b/g) ?? []) {
      expect(existsSync(path.join(ROOT, file)), file).toBe(true);
    }
  });
});

describe('../shared is reached through one door', () => {
  const ALLOWED = new Set(['test/support/shared.ts', 'test/questions/run.ts']);
  // A path literal that climbs out of the repository into shared: '../../shared', `../shared/…`.
  const SHARED_PATH = /['"`](?:\.\.\/)+shared(?:['"`/])/;

  it('no other source file of src, test, bench or tools builds a path into ../shared', () => {
    const offenders = ['src', 'test', 'bench', 'tools']
      .filter((d) => existsSync(path.join(ROOT, d)))
      .flatMap(sources)
      .filter((f) => !ALLOWED.has(f))
      .filter((f) => codeLines(f).some((line) => SHARED_PATH.test(line)));
    const why = 'use sharedFile() from test/support/shared.ts: it skips with a reason when ../shared is absent';
    expect(offenders, why).toEqual([]);
  });
});
