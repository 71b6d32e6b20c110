// Fuzz: damaged reports (cut, lines lost or doubled, letters for digits, garbage,
// random unicode, huge lines) must never make the parser throw or hang, and what
// it returns must still be well-formed: catalogue ids, finite numbers or null.
//
// Each parse runs in a worker thread with a 2-second guard, so a parse that loops
// forever fails the case instead of freezing the test run.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { isFactId } from '../src/catalogue/facts.js';
import { generateCorpus, mulberry32, mutateReport } from '../tools/synth/index.js';

const GUARD_MS = 2000;
const CASES = 300;

interface Outcome {
  ok: boolean;
  error?: string;
  facts?: Record<string, unknown>;
  approximate?: unknown[];
  year?: unknown;
  format?: unknown;
  findings?: { code: unknown; message: unknown }[];
}

// tsx's ESM loader API, located through its package exports (its CommonJS twin
// cannot load the ESM half from an eval worker).
const require = createRequire(import.meta.url);
const tsxPkg = require.resolve('tsx/package.json');
const tsxApiPath = (require(tsxPkg) as { exports: Record<string, { import: { default: string } }> }).exports[
  './esm/api'
].import.default;
const tsxApi = pathToFileURL(path.join(path.dirname(tsxPkg), tsxApiPath)).href;
const parserUrl = pathToFileURL(new URL('../src/parse/index.ts', import.meta.url).pathname).href;

// The worker loads tsx's loader, then the parser, and answers one text per message.
const WORKER = `
const { parentPort } = require('node:worker_threads');
import(${JSON.stringify(tsxApi)})
  .then((api) => { api.register(); return import(${JSON.stringify(parserUrl)}); })
  .then(({ parseReport }) => {
    parentPort.on('message', (text) => {
      try {
        const r = parseReport(text, { file: 'fuzz.txt' });
        parentPort.postMessage({ ok: true, facts: r.facts, approximate: r.approximate, year: r.year, format: r.format,
          findings: r.findings.map((f) => ({ code: f.code, message: f.message })) });
      } catch (e) {
        parentPort.postMessage({ ok: false, error: String((e && e.stack) || e) });
      }
    });
    parentPort.postMessage('ready');
  }, (e) => parentPort.postMessage({ ok: false, error: 'worker failed to load the parser: ' + String(e) }));
`;

/** One parser worker; a parse that outlives the guard terminates it and a new one is started. */
class GuardedParser {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;

  private start(): Promise<void> {
    const worker = new Worker(WORKER, { eval: true });
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (m: unknown) => {
        worker.off('message', onMessage);
        if (m === 'ready') resolve();
        else reject(new Error((m as Outcome).error));
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    return this.ready;
  }

  async parse(text: string): Promise<Outcome | 'timeout'> {
    if (!this.worker) await this.start();
    else await this.ready;
    const worker = this.worker!;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        worker.off('message', onMessage);
        void worker.terminate();
        this.worker = null;
        resolve('timeout');
      }, GUARD_MS);
      const onMessage = (m: Outcome) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        resolve(m);
      };
      worker.on('message', onMessage);
      worker.postMessage(text);
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
  }
}

/** What is wrong with one parse result, if anything. */
function problems(o: Outcome): string[] {
  if (!o.ok) return [`threw: ${o.error?.split('\n').slice(0, 3).join(' / ')}`];
  const out: string[] = [];
  for (const [id, v] of Object.entries(o.facts ?? {})) {
    if (!isFactId(id)) out.push(`id not in catalogue: ${id}`);
    if (v !== null && !(typeof v === 'number' && Number.isFinite(v))) out.push(`${id} = ${String(v)}`);
  }
  for (const id of o.approximate ?? [])
    if (typeof id !== 'string' || !isFactId(id)) out.push(`approximate id ${String(id)}`);
  if (o.year !== null && !Number.isInteger(o.year)) out.push(`year ${String(o.year)}`);
  if (o.format !== null && o.format !== '2019' && o.format !== '2021') out.push(`format ${String(o.format)}`);
  for (const f of o.findings ?? [])
    if (typeof f.code !== 'string' || typeof f.message !== 'string') out.push('malformed finding');
  return out;
}

describe('parser fuzz', () => {
  const parser = new GuardedParser();
  afterAll(() => parser.close());

  it(`survives ${CASES} damaged reports: no throw, no hang, well-formed output`, async () => {
    const rng = mulberry32(20240131);
    const base = [...generateCorpus(60, 77)].map((c) => c.text);
    const inputs: { text: string; what: string }[] = [
      { text: '', what: 'empty' },
      { text: '\n\n\t\t\n', what: 'whitespace' },
      { text: '\t'.repeat(100_000), what: 'tabs only' },
      { text: '一、总体情况\n'.repeat(2_000), what: 'headings only' },
      { text: `${'0\t'.repeat(50_000)}\n`.repeat(4), what: 'numbers only' },
    ];
    while (inputs.length < CASES) {
      const i = rng.int(0, base.length - 1);
      const m = mutateReport(base[i], rng);
      inputs.push({ text: m.text, what: `report ${i}: ${m.ops.join(' + ')}` });
    }
    const failures: string[] = [];
    for (const input of inputs) {
      const outcome = await parser.parse(input.text);
      const wrong = outcome === 'timeout' ? [`no answer within ${GUARD_MS} ms`] : problems(outcome);
      if (wrong.length) failures.push(`${input.what} (${input.text.length} chars): ${wrong.slice(0, 3).join('; ')}`);
    }
    expect(failures, failures.slice(0, 8).join('\n')).toEqual([]);
  });
});
