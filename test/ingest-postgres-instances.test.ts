// Search on every instance over one PostgreSQL database: the instance that ingests a
// report embeds its chunks once and saves them beside it; another instance, with a data
// folder and an index of its own, is told of the new report and loads the stored chunks
// and vectors without embedding anything, within seconds; a replaced report's old text
// leaves its index. The reports are the bundled 只楚 sample with one sentence written in
// here (the sentence is the truth the searches look for). Needs a server (NIANBAO_TEST_PG).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ingestIntoData } from '../src/app/ingest.js';
import { openAsker } from '../src/app/open-asker.js';
import { ingestPaths } from '../src/ingest/index.js';
import { openLiveRetrieval, type LiveRetrieval } from '../src/ingest/live-index.js';
import { openRetrieval, syncRetrieval } from '../src/ingest/sync-index.js';
import { HashedNgramEmbeddings } from '../src/retrieval/index.js';
import type { PgStore } from '../src/store/pg/index.js';
import { describeOnPostgres, postgresForTests, queryDb, useTestDatabase } from './support/postgres.js';

const server = await postgresForTests();

const SAMPLE = readFileSync(path.join(import.meta.dirname, '../corpus/2020/只楚街道-2020.txt'), 'utf8');
const PART_SIX = '## 六、其他需要报告的事项\n';
/** The sample with a sentence of our own at the start of its part 六. */
function withSentence(sentence: string): string {
  if (!SAMPLE.includes(PART_SIX)) throw new Error('the sample has no part 六 heading');
  return SAMPLE.replace(PART_SIX, `${PART_SIX}\n${sentence}\n`);
}
const OLD = '本年度我办在银杏林社区试办政务开放日，邀请居民代表走进办事大厅。';
const NEW = '本年度我办在梧桐巷社区试办政务开放日，邀请居民代表走进便民服务站。';

/** The hashed embeddings (the default index's), counting the passages they embed. */
class CountingEmbeddings extends HashedNgramEmbeddings {
  documents = 0;
  override async embedDocuments(texts: string[]): Promise<number[][]> {
    this.documents += texts.length;
    return super.embedDocuments(texts);
  }
}

/** Polls `check` until it holds or `ms` pass; returns how long it took (ms), or -1. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if (await check()) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 50));
  }
  return -1;
}

const found = async (live: LiveRetrieval, words: string, fragment: string) =>
  // The index as it stands: no fresh() here, so only the notice can have brought the report in.
  (await live.index.search(words, { k: 5 })).some((h) => h.chunk.text.includes(fragment));

let tmp: string;
const closing: (() => Promise<void>)[] = [];

describeOnPostgres(server, 'search on two instances over one PostgreSQL database', () => {
  // Its stores close after the test's own closing below (live indexes, askers) has run.
  const db = useTestDatabase('instances', { emptyEachTest: true });
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-instances-'));
  });
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close();
    rmSync(tmp, { recursive: true, force: true });
  });

  async function instance(name: string): Promise<{ store: PgStore; data: string; embeddings: CountingEmbeddings }> {
    const store = await db.open();
    return { store, data: path.join(tmp, name), embeddings: new CountingEmbeddings() };
  }

  type Instance = Awaited<ReturnType<typeof instance>>;
  async function live(
    i: Instance,
    pollMs = 60_000,
    store: Parameters<typeof openLiveRetrieval>[1] = i.store,
  ): Promise<LiveRetrieval> {
    // By default a poll this slow proves the notice does the work; errors fail the test.
    const l = await openLiveRetrieval(i.data, store, {
      embeddings: i.embeddings,
      pollMs,
      onError: (err) => {
        throw err;
      },
    });
    closing.push(() => l.close());
    return l;
  }

  it('instance 2 finds what instance 1 ingested within seconds, embedding nothing; a replaced sentence leaves it', async () => {
    const one = await instance('one');
    const two = await instance('two');
    const search2 = await live(two);
    expect(search2.index.size).toBe(0);

    const file = path.join(tmp, 'in', '只楚街道-2020.txt');
    mkdirSync(path.dirname(file));
    writeFileSync(file, withSentence(OLD));
    const run = await ingestIntoData(one.data, [file], { store: { url: db.url, from: 'env' } });
    expect(run.results.map((r) => r.status)).toEqual(['added']);
    expect(run.indexError).toBeNull();
    // Instance 1 saved the chunks with their vectors, once.
    const stored = await queryDb<{ n: number; vectors: number }>(
      db.url,
      'SELECT count(*)::int AS n, count(embedding)::int AS vectors FROM chunks',
    );
    expect(stored[0].n).toBeGreaterThan(3);
    expect(stored[0].vectors).toBe(stored[0].n);

    const took = await within(5_000, () => found(search2, '银杏林社区政务开放日', '银杏林社区'));
    expect(took, 'instance 2 never found the new report').toBeGreaterThanOrEqual(0);
    expect(two.embeddings.documents).toBe(0);

    // A new version of the report: its old sentence leaves instance 2's index, the new one arrives.
    writeFileSync(file, withSentence(NEW));
    const again = await ingestIntoData(one.data, [file], { store: { url: db.url, from: 'env' } });
    expect(again.results.map((r) => r.status)).toEqual(['replaced']);
    const tookAgain = await within(5_000, () => found(search2, '梧桐巷社区政务开放日', '梧桐巷社区'));
    expect(tookAgain, 'instance 2 never found the new version').toBeGreaterThanOrEqual(0);
    expect(await found(search2, '银杏林社区政务开放日', '银杏林社区')).toBe(false);
    expect(search2.index.reportIds()).toHaveLength(1);
    expect(two.embeddings.documents).toBe(0);
  });

  it('without notices the poll finds a change, and a search checks the counter itself', async () => {
    const one = await instance('one');
    const two = await instance('two');
    // No notices (a store that cannot listen): only the poll, every 300 ms, can see the change.
    const polled = await live(two, 300, { ...bound(two.store), onChange: undefined });
    const file = path.join(tmp, '只楚街道-2020.txt');
    writeFileSync(file, withSentence(OLD));
    await ingestPaths([file], { store: one.store, embeddings: one.embeddings });
    expect(await within(5_000, () => found(polled, '银杏林社区政务开放日', '银杏林社区'))).toBeGreaterThanOrEqual(0);
    expect(two.embeddings.documents).toBe(0);

    // fresh() before a search reads the counter itself: with no poll, a search still sees the new version.
    const unpolled = await live({ ...two, data: path.join(tmp, 'three') }, 3_600_000, {
      ...bound(two.store),
      onChange: undefined,
    });
    writeFileSync(file, withSentence(NEW));
    await ingestPaths([file], { store: one.store, embeddings: one.embeddings });
    expect(
      (await unpolled.search('梧桐巷社区政务开放日', { k: 5 })).some((h) => h.chunk.text.includes('梧桐巷社区')),
    ).toBe(true);
    expect(
      (await unpolled.search('银杏林社区政务开放日', { k: 5 })).some((h) => h.chunk.text.includes('银杏林社区')),
    ).toBe(false);
    expect(two.embeddings.documents).toBe(0);
  });

  it('a report stored without chunks is embedded by the instance that stored it, and loaded by the other', async () => {
    const one = await instance('one');
    const two = await instance('two');
    const search2 = await live(two);
    const file = path.join(tmp, '只楚街道-2020.txt');
    writeFileSync(file, withSentence(OLD));
    // As the bot's filing desk stores a report: no embeddings given, no chunks saved.
    const [r] = await ingestPaths([file], { store: one.store });
    expect(r.status).toBe('added');
    // Instance 2 leaves a report stored moments ago to the instance that stored it.
    await search2.fresh();
    expect(search2.index.hasReport(r.reportId!)).toBe(false);
    expect(two.embeddings.documents).toBe(0);
    // Instance 1 brings its index up to date: it embeds the report and saves the chunks.
    const index1 = await openRetrieval(one.data, one.store, { embeddings: one.embeddings });
    const synced = await syncRetrieval(one.store, index1);
    expect(synced).toMatchObject({ added: 1, loaded: 0 });
    expect(one.embeddings.documents).toBeGreaterThan(0);
    expect(await within(5_000, () => found(search2, '银杏林社区政务开放日', '银杏林社区'))).toBeGreaterThanOrEqual(0);
    expect(two.embeddings.documents).toBe(0);
  });

  it("the app's asker on another instance answers a passage question from the report just ingested", async () => {
    const one = await instance('one');
    const two = await instance('two');
    const opened = await openAsker({ data: two.data, store: two.store, env: {}, llm: null, say: () => {} });
    closing.push(async () => opened.close());
    await opened.openRetrieval();
    const file = path.join(tmp, '只楚街道-2020.txt');
    writeFileSync(file, withSentence(OLD));
    await ingestPaths([file], { store: one.store, embeddings: one.embeddings });
    const answer = await opened.asker.ask('只楚街道在哪个社区试办政务开放日');
    expect(answer.kind).toBe('passage');
    expect(answer.answer).toContain('银杏林社区');
  });
});

/** A store's methods bound to it, so that one can be left out of a copy. */
function bound(store: PgStore) {
  return {
    currentReports: store.currentReports.bind(store),
    currentReportOffices: store.currentReportOffices.bind(store),
    listOffices: store.listOffices.bind(store),
    reportText: store.reportText.bind(store),
    chunks: store.chunks.bind(store),
    saveChunks: store.saveChunks.bind(store),
    onChange: store.onChange.bind(store),
    externalChanges: store.externalChanges.bind(store),
  };
}
