// `npm run bench [-- name…]`: run every bench/*.bench.ts (or those whose name
// contains one of the arguments), print a table, write bench/out/latest.json.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatTable, type BenchModule, type BenchResult } from './lib.js';

const dir = path.dirname(fileURLToPath(import.meta.url));

async function main(): Promise<number> {
  const wanted = process.argv.slice(2).filter((a) => a !== '--');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort()
    .filter((f) => wanted.length === 0 || wanted.some((w) => f.replace(/\.bench\.ts$/, '').includes(w)));
  if (files.length === 0) {
    console.error(
      `没有匹配的基准测试：${wanted.join(' ')}（可选：${readdirSync(dir)
        .filter((f) => f.endsWith('.bench.ts'))
        .map((f) => f.replace(/\.bench\.ts$/, ''))
        .join('、')}）`,
    );
    return 1;
  }
  const results: BenchResult[] = [];
  const errors: { file: string; error: string }[] = [];
  for (const file of files) {
    const started = performance.now();
    try {
      const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as Partial<BenchModule>;
      if (typeof mod.run !== 'function' || typeof mod.name !== 'string')
        throw new Error('must export `name` and `run()`');
      console.error(`… ${mod.name}`);
      const got = await mod.run();
      results.push(...got);
      console.error(`  ${mod.name}: ${got.length} figures in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } catch (err) {
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      errors.push({ file, error });
      console.error(`  ${file} failed: ${error}`);
    }
  }
  console.log(formatTable(results));
  const out = path.join(dir, 'out');
  mkdirSync(out, { recursive: true });
  const report = {
    at: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    results,
    errors,
  };
  writeFileSync(path.join(out, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n已写入 ${path.relative(process.cwd(), path.join(out, 'latest.json'))}`);
  return errors.length ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
