// A cold `nianbao ask` in Chinese, with no configuration file and no model configured,
// loads none of the packages it does not use (issue 13, cold start ≤ 0.5 s): not zod
// (the configuration's schema, the model's readings: ~0.15 s), not pinyin-pro (the
// sound-alike tables come from src/offices/readings-table.ts: ~0.1 s), not pino (the
// model client's log), not yaml, not the report parser. Its answers stay those the packages gave: a
// sound-alike slip is still corrected, and a name in pinyin still loads pinyin-pro.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './bot-helpers.js';
import { tempDirs } from './support/temp-dirs.js';

const freshDir = tempDirs('nianbao-cold-');
const dir = freshDir();
const data = path.join(dir, 'data');
const loaded = path.join(dir, 'loaded.txt');

// Every module loaded: ES modules through a loader hook, CommonJS ones (pinyin-pro is
// required at its first use) through Module._load.
const esmHook = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(
  `import fs from 'node:fs'; export async function load(url, context, next) { fs.appendFileSync(${JSON.stringify(loaded)}, url + '\\n'); return next(url, context); }`,
)}));`;
const cjsHook = path.join(dir, 'cjs-hook.cjs');
fs.writeFileSync(
  cjsHook,
  `const fs = require('node:fs'); const M = require('node:module'); const load = M._load;
M._load = function (request, parent, isMain) {
  const mod = load.apply(this, arguments);
  try { fs.appendFileSync(${JSON.stringify(loaded)}, M._resolveFilename(request, parent, isMain) + '\\n'); } catch {}
  return mod;
};`,
);

/** `nianbao ask` from the source, as a user runs it: no configuration file, no model, no store URL. */
function ask(question: string, traced: boolean) {
  const env: NodeJS.ProcessEnv = { ...process.env, INIT_CWD: dir };
  for (const k of Object.keys(env)) if (/^(OPENAI_|NIANBAO_|WECHATY_|DATABASE_URL$)/.test(k)) delete env[k];
  fs.rmSync(loaded, { force: true });
  const hooks = traced ? ['--require', cjsHook, '--import', `data:text/javascript,${encodeURIComponent(esmHook)}`] : [];
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', ...hooks, path.join(repoRoot, 'src/index.ts'), 'ask', '--data', data, question],
    { cwd: repoRoot, env, encoding: 'utf8', timeout: 60_000 },
  );
  expect(r.status).toBe(0);
  const modules = traced ? fs.readFileSync(loaded, 'utf8').split('\n').filter(Boolean) : [];
  const packages = new Set(modules.flatMap((m) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(m)?.[1] ?? []));
  return { answer: r.stdout, packages, modules };
}

describe('a cold ask loads only what it uses', () => {
  it('a number asked with a sound-alike slip: corrected, without zod, pinyin-pro, pino or yaml', () => {
    // The first ask fills the empty store with the bundled reports; the second is a cold ask.
    ask('只楚收到多少申请', false);
    const { answer, packages, modules } = ask('只初收到多少申请', true);
    expect(answer).toContain('按「只楚」理解「只初」');
    expect(answer).toContain('新收政府信息公开申请：4件');
    expect(modules.some((m) => m.includes('src/offices/readings-table.ts'))).toBe(true); // the hook sees src/
    expect(packages.has('better-sqlite3')).toBe(true); // …and packages
    expect(['zod', 'pinyin-pro', 'pino', 'yaml', 'openai'].filter((p) => packages.has(p))).toEqual([]);
    // Nor the parser: every stored report already has its prose facts, so none is read again.
    expect(modules.filter((m) => m.endsWith('/src/parse/index.ts'))).toEqual([]);
  }, 120_000);

  it('a name in pinyin loads pinyin-pro, and is understood', () => {
    const { answer, packages } = ask('how many applications did zhichu receive in 2020', true);
    expect(answer).toContain('芝罘区只楚街道办事处');
    expect(answer).toMatch(/received — 4\b/);
    expect(packages.has('pinyin-pro')).toBe(true);
    expect(packages.has('zod')).toBe(false);
  }, 60_000);
});
