// The two store backends side by side (issue 14): the same synthetic corpus ingested into
// the embedded SQLite store and into PostgreSQL (extract → parse → store, no search index
// on either, so the figures compare the stores), then the same fact and sum questions
// asked through openAsker over each: p50/p99, every fact answer checked against the
// generator's truth, and every answer compared between the backends (they must be equal).
//
// PostgreSQL: the server in NIANBAO_BENCH_PG, else NIANBAO_TEST_PG; a throwaway database is
// created there and dropped after. Without one the PostgreSQL rows are left out and the
// reason printed. Sizes: 1,000 reports by default; NIANBAO_BENCH_BACKENDS_SIZES or
// NIANBAO_BENCH_SIZES=1000,10000 for more.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openAsker } from '../src/app/open-asker.js';
import type { Answer } from '../src/ask/types.js';
import { ingestPaths } from '../src/ingest/index.js';
import { squash } from '../src/parse/cells.js';
import { openStore, type ReportStore } from '../src/store/index.js';
import { openPgStore, redactUrl } from '../src/store/pg/index.js';
import { generateCorpus, officeKey } from '../tools/synth/index.js';
import { p50, p99, rowsAt, sizesFromEnv, target, timeEach, type BenchResult } from './lib.js';

export const name = 'backends';

const SEED = 20240131;
const FACT_QUESTIONS = 300;
const SUM_RUNS = 20;
const WARMUP = 20;
const SUM_YEAR = 2022;
const FACT_P99_MS = 5;
const SUM_P99_MS = 50;

interface Office {
  names: string[];
  /** year → apply.received.total of the last report of that year. */
  received: Map<number, number>;
}

interface FactQuestion {
  text: string;
  value: number;
}

/** The PostgreSQL server to measure on, or why there is none. */
async function pgServer(): Promise<{ url: string | null; reason: string }> {
  const url = process.env.NIANBAO_BENCH_PG || process.env.NIANBAO_TEST_PG || null;
  if (!url)
    return { url: null, reason: 'no PostgreSQL server: set NIANBAO_BENCH_PG (or NIANBAO_TEST_PG) to postgres://…' };
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return { url, reason: '' };
  } catch (err) {
    return { url: null, reason: `PostgreSQL at ${redactUrl(url)} does not answer (${(err as Error).message})` };
  } finally {
    await c.end().catch(() => {});
  }
}

/** A fresh database on the server; drop() removes it. */
async function throwawayDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const dbName = `nianbao_bench_${randomBytes(4).toString('hex')}`;
  const onServer = async (sql: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end().catch(() => {});
    }
  };
  await onServer(`CREATE DATABASE ${dbName} TEMPLATE template0 ENCODING 'UTF8'`);
  const u = new URL(serverUrl);
  u.pathname = `/${dbName}`;
  return { url: u.toString(), drop: () => onServer(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`) };
}

/** `X收到多少申请` for offices whose full name no other office shares, with the latest year's truth. */
function factQuestions(offices: Office[]): FactQuestion[] {
  const uses = new Map<string, number>();
  for (const o of offices) for (const n of new Set(o.names.map(squash))) uses.set(n, (uses.get(n) ?? 0) + 1);
  const usable = offices.filter((o) => o.names.length === 1 && uses.get(squash(o.names[0])) === 1);
  const out: FactQuestion[] = [];
  for (let i = 0; out.length < Math.min(FACT_QUESTIONS, usable.length); i++) {
    const o = usable[(i * 7919) % usable.length];
    const latest = Math.max(...o.received.keys());
    out.push({ text: `${o.names[0]}收到多少申请`, value: o.received.get(latest)! });
  }
  return out;
}

interface BackendRun {
  ingestPerS: number;
  ingestS: number;
  factP50: number;
  factP99: number;
  factsWrong: number;
  askedBack: number;
  sumP50: number;
  sumP99: number;
  sumValue: number | null;
  answers: string[];
  /** The 1-minute load average when the fact questions began. */
  load: number;
}

async function measure(
  store: ReportStore,
  dataDir: string,
  folder: string,
  reports: number,
  facts: FactQuestion[],
  sumQ: string,
): Promise<BackendRun> {
  const t0 = performance.now();
  await ingestPaths([folder], { store });
  const ingestMs = performance.now() - t0;
  const opened = await openAsker({ data: dataDir, store, say: () => {}, env: {}, llm: null });
  const ask = (text: string): Promise<Answer> => opened.asker.ask(text);
  // The machine's load as the questions start: a p99 read beside it (other work on shared cores stretches the tail).
  const load = os.loadavg()[0];
  const factRun = await timeEach(facts, (q) => ask(q.text), WARMUP);
  const sumRun = await timeEach(Array(SUM_RUNS).fill(sumQ), ask, 2);
  opened.close();
  // Asking back which of several namesakes is meant gives no number: not a wrong one.
  const askedBack = factRun.results.filter((a) => a.value === null && a.kind === 'clarify').length;
  const wrong = facts.flatMap((q, i) =>
    factRun.results[i].value === q.value || factRun.results[i].kind === 'clarify' ? [] : [{ q, a: factRun.results[i] }],
  );
  for (const w of wrong.slice(0, 3))
    console.error(
      `  backends: “${w.q.text}”: ${w.a.kind} ${w.a.value}, truth ${w.q.value}: ${w.a.answer.split('\n')[0]}`,
    );
  const factsWrong = wrong.length;
  const sum = sumRun.results[0];
  return {
    ingestPerS: (reports / ingestMs) * 1000,
    ingestS: ingestMs / 1000,
    factP50: p50(factRun.samples),
    factP99: p99(factRun.samples),
    factsWrong,
    askedBack,
    sumP50: p50(sumRun.samples),
    sumP99: p99(sumRun.samples),
    sumValue: sum.kind === 'aggregate' ? sum.value : null,
    load,
    answers: [...factRun.results, sum].map((a) => a.answer),
  };
}

async function benchSize(reports: number, server: { url: string | null; reason: string }): Promise<BenchResult[]> {
  const row = rowsAt(name, reports);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-bench-backends-'));
  const folder = path.join(tmp, 'reports');
  fs.mkdirSync(folder);
  try {
    const offices = new Map<string, Office>();
    for (const item of generateCorpus(reports, SEED)) {
      fs.writeFileSync(path.join(folder, item.name), item.text);
      const key = officeKey(item.office);
      const o: Office = offices.get(key) ?? { names: [], received: new Map() };
      if (!o.names.includes(item.truth.office)) o.names.push(item.truth.office);
      o.received.set(item.truth.year, item.truth.facts['apply.received.total']);
      offices.set(key, o);
    }
    const officeList = [...offices.values()];
    const facts = factQuestions(officeList);
    const sumQ = `${SUM_YEAR}年一共收到多少申请`;
    const sumWant = officeList.reduce((s, o) => s + (o.received.get(SUM_YEAR) ?? 0), 0);

    const out: BenchResult[] = [];
    const rows = (label: string, r: BackendRun, note: string) => [
      row(`${label}: ingest (extract + parse + store)`, r.ingestPerS, 'reports/s', {
        note: `${r.ingestS.toFixed(1)} s; ${note}`,
      }),
      row(`${label}: fact answer p50`, r.factP50, 'ms', { note: `${facts.length} questions “X收到多少申请”` }),
      row(`${label}: fact answer p99`, r.factP99, 'ms', {
        target: target(r.factP99, '<=', FACT_P99_MS),
        note: `load ${r.load.toFixed(1)} on ${os.cpus().length} cores as asked`,
      }),
      row(`${label}: fact answers with a wrong number`, r.factsWrong, 'count', {
        target: target(r.factsWrong, '<=', 0),
        note: `of ${facts.length}, against the generator; ${r.askedBack} asked back which namesake is meant`,
      }),
      row(`${label}: sum answer p50`, r.sumP50, 'ms', { note: `“${sumQ}”: ${r.sumValue ?? '—'} (truth ${sumWant})` }),
      row(`${label}: sum answer p99`, r.sumP99, 'ms', { target: target(r.sumP99, '<=', SUM_P99_MS) }),
    ];

    const sqliteDir = path.join(tmp, 'sqlite');
    const sqlite = openStore(sqliteDir);
    const lite = await measure(sqlite, sqliteDir, folder, reports, facts, sumQ);
    sqlite.close();
    const liteRows = rows('SQLite', lite, 'one file, batched commits');

    if (!server.url) {
      console.error(`  backends: PostgreSQL left out: ${server.reason}`);
      return liteRows;
    }
    const db = await throwawayDatabase(server.url);
    try {
      const store = await openPgStore(db.url);
      const pgDir = path.join(tmp, 'pg');
      let run: BackendRun;
      try {
        run = await measure(store, pgDir, folder, reports, facts, sumQ);
      } finally {
        await store.close();
      }
      // Side by side: each figure for SQLite, then the same for PostgreSQL.
      const pgRows = rows('PostgreSQL', run, `local server, ${redactUrl(server.url)}`);
      liteRows.forEach((r, i) => out.push(r, pgRows[i]));
      const differ = lite.answers.filter((a, i) => a !== run.answers[i]).length;
      out.push(
        row('PostgreSQL / SQLite ingest rate', run.ingestPerS / lite.ingestPerS, 'ratio'),
        row('PostgreSQL / SQLite fact p50', run.factP50 / lite.factP50, 'ratio'),
        row('answers differing between the backends', differ, 'count', {
          target: target(differ, '<=', 0),
          note: `of ${lite.answers.length}, compared word for word`,
        }),
      );
    } finally {
      await db.drop();
    }
    return out;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult[]> {
  const server = await pgServer();
  if (!server.url) console.error(`  backends: ${server.reason}; SQLite only`);
  const out: BenchResult[] = [];
  for (const n of sizesFromEnv('NIANBAO_BENCH_BACKENDS_SIZES')) out.push(...(await benchSize(n, server)));
  return out;
}
