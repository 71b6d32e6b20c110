// Cold start: wall time of one command-line run, as a person types it, on the bundled
// reports: `ask` (a number, and a passage), `parse`, `check`, and the terminal bot from
// start to its first answer. Run from compiled dist/ (what `npm install` builds) and, as
// the reference, from source through tsx; beside both, `node -e 0`. Each figure is the
// median of RUNS runs after one untimed run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { p50, target, type BenchResult } from './lib.js';

export const name = 'cli';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 5;
const COLD_MS = 500;
const START_MS = 2_000;
const sample = path.join(root, 'corpus/2020/只楚街道-2020.txt');

function wall(args: string[], input?: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: root },
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} 退出码 ${r.status}：${r.stderr.slice(0, 300)}`);
  return ms;
}

function median(args: string[], input?: string): number {
  wall(args, input);
  return p50(Array.from({ length: RUNS }, () => wall(args, input)));
}

export async function run(): Promise<BenchResult[]> {
  const dist = path.join(root, 'dist/index.js');
  const built = spawnSync(process.execPath, [path.join(root, 'bin/build.mjs')], { cwd: root, encoding: 'utf8' });
  // A type error elsewhere still emits JavaScript: run what was emitted.
  if (!fs.existsSync(dist)) throw new Error(`npm run build 失败：${built.stderr.slice(0, 300)}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-bench-cli-'));
  const data = path.join(tmp, 'data');
  try {
    // The demo store, filled once (as the first `ask` does), then every run reads it.
    wall([dist, 'ask', '--data', data, '只楚收到多少申请']);
    const commands: { label: string; args: string[]; why?: string }[] = [
      { label: 'ask, a number', args: ['ask', '--data', data, '只楚收到多少申请'] },
      {
        label: 'ask, a passage',
        args: ['ask', '--data', data, '城关镇政务公开平台建设情况'],
        why: "the first search opens the search index (hnswlib, the saved BM25 and chunks) and cuts the question by the dictionary lookup saved beside it (an index saved before the lookup existed loads jieba's whole 5 MB dictionary instead, ~0.2 s)",
      },
      { label: 'parse --json', args: ['parse', sample, '--json'] },
      { label: 'check', args: ['check', sample] },
    ];
    const out: BenchResult[] = [];
    const node = median(['-e', '0']);
    out.push({ bench: name, metric: 'node -e 0 (reference)', value: node, unit: 'ms' });
    for (const c of commands) {
      const fromDist = median([dist, ...c.args]);
      const fromSource = median(['--import', 'tsx', path.join(root, 'src/index.ts'), ...c.args]);
      out.push({
        bench: name,
        metric: `cold start: ${c.label}`,
        value: fromDist,
        unit: 'ms',
        target: target(fromDist, '<=', COLD_MS),
        note: `compiled dist/; from source through tsx ${fromSource.toFixed(0)} ms; npm run adds ~150 ms${fromDist > COLD_MS && c.why ? `; NOT MET because ${c.why}` : ''}`,
      });
    }
    // The terminal bot on the same store: start, answer one line, end of input.
    const chat = median([dist, 'chat', '--data', data, '--no-demo'], '只楚收到多少申请\n');
    out.push({
      bench: name,
      metric: 'start to first answer (chat, piped)',
      value: chat,
      unit: 'ms',
      target: target(chat, '<=', START_MS),
      note: 'bundled reports; the bot reads one question from standard input and answers it',
    });
    return out;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
