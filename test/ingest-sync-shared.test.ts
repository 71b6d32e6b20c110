// The index sync over a store that keeps search chunks, without a server: the SQLite
// store with a chunk table in memory beside it (the two methods a shared store adds,
// as src/store/report-store.ts defines them). Stored vectors are loaded, never embedded
// again; a report stored without chunks moments ago is left to the instance that stored
// it, an older one is embedded once and its chunks saved; a replaced report leaves the
// index; a report moved to another office is indexed under it; vectors of other
// embeddings are not mixed in. PostgreSQL itself: test/ingest-postgres*.test.ts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestPaths } from '../src/ingest/index.js';
import type { ChunkRecord, StoredChunk } from '../src/ingest/stored-chunks.js';
import { openRetrieval, syncRetrieval } from '../src/ingest/sync-index.js';
import { HashedNgramEmbeddings } from '../src/retrieval/index.js';
import { openStore, type ReportStore, type Store } from '../src/store/index.js';

const CORPUS = path.join(import.meta.dirname, '../corpus/2020');

class CountingEmbeddings extends HashedNgramEmbeddings {
  documents = 0;
  override async embedDocuments(texts: string[]): Promise<number[][]> {
    this.documents += texts.length;
    return super.embedDocuments(texts);
  }
}

/** The SQLite store plus a chunk table in memory: a ReportStore that keeps search chunks. */
function withChunks(
  store: Store,
  refuse: (reportId: number) => boolean = () => false,
): ReportStore & { saved: Map<number, { chunks: ChunkRecord[]; vectors: number[][] | null; model: string | null }> } {
  const saved = new Map<number, { chunks: ChunkRecord[]; vectors: number[][] | null; model: string | null }>();
  const added: Pick<Required<ReportStore>, 'saveChunks' | 'chunks'> & { saved: typeof saved } = {
    saved,
    saveChunks: async (reportId, chunks, vectors, model) => {
      if (refuse(reportId)) throw new Error(`年报 ${reportId} 的段落无法保存`);
      saved.set(reportId, {
        chunks: [...chunks],
        vectors: vectors ? vectors.map((v) => [...v]) : null,
        model: model ?? null,
      });
    },
    chunks: async (filter = {}) => {
      const out: StoredChunk[] = [];
      for (const id of filter.reportIds ?? []) {
        const r = store.getReport(id);
        const s = saved.get(id);
        if (!r || !s) continue;
        s.chunks.forEach((c, i) =>
          out.push({
            ...c,
            reportId: id,
            officeId: r.officeId,
            office: r.officeName,
            year: r.year,
            model: s.vectors ? s.model : null,
            vector: s.vectors?.[i] ?? null,
          }),
        );
      }
      return out;
    },
  };
  // The store's own methods, bound to it (its private fields), and the two added ones.
  return new Proxy(store, {
    get(target, prop) {
      if (prop in added) return added[prop as keyof typeof added];
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as unknown as ReportStore & { saved: typeof saved };
}

let tmp: string;
let sqlite: Store;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-sync-shared-'));
  sqlite = openStore(path.join(tmp, 'db'));
});
afterEach(() => {
  sqlite.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('syncRetrieval over a store that keeps search chunks', () => {
  it('loads the vectors the ingesting instance saved, embedding nothing', async () => {
    const store = withChunks(sqlite);
    const ingesting = new CountingEmbeddings();
    await ingestPaths([CORPUS], { store, embeddings: ingesting });
    expect(store.saved.size).toBe(5);
    expect(ingesting.documents).toBeGreaterThan(20);

    const reading = new CountingEmbeddings();
    const index = await openRetrieval(path.join(tmp, 'other'), store, { embeddings: reading });
    const r = await syncRetrieval(store, index);
    expect(r).toMatchObject({ added: 5, loaded: 5, removed: 0 });
    expect(reading.documents).toBe(0);
    expect(index.size).toBe([...store.saved.values()].reduce((n, s) => n + s.chunks.length, 0));
    const hits = await index.search('微信公众号关注量', { k: 3 });
    expect(hits[0].chunk.text).toContain('5948');
  });

  it('leaves a report stored moments ago without chunks to its instance, and embeds an older one once', async () => {
    const store = withChunks(sqlite);
    const [stored] = await ingestPaths([path.join(CORPUS, '只楚街道-2020.txt')], { store });
    const ingestedAt = Date.parse((await store.currentReports())[0].ingestedAt);
    const reading = new CountingEmbeddings();
    const index = await openRetrieval(path.join(tmp, 'other'), store, { embeddings: reading });

    const soon = await syncRetrieval(store, index, undefined, [], {
      embedMissingAfterMs: 60_000,
      now: () => new Date(ingestedAt + 1_000),
    });
    expect(soon).toMatchObject({ added: 0, waiting: [stored.reportId] });
    expect(reading.documents).toBe(0);

    const later = await syncRetrieval(store, index, undefined, [], {
      embedMissingAfterMs: 60_000,
      now: () => new Date(ingestedAt + 61_000),
    });
    expect(later).toMatchObject({ added: 1, loaded: 0 });
    expect(reading.documents).toBeGreaterThan(0);
    // Saved for the others: a third instance loads them.
    expect(store.saved.get(stored.reportId!)?.model).toBe(reading.embeddingId);
    const third = new CountingEmbeddings();
    const other = await openRetrieval(path.join(tmp, 'third'), store, { embeddings: third });
    expect(await syncRetrieval(store, other)).toMatchObject({ added: 1, loaded: 1 });
    expect(third.documents).toBe(0);
  });

  it('loads every stored vector when embedding the rest fails, saves them, and says why', async () => {
    const store = withChunks(sqlite);
    const files = ['城关镇', '城郊街道', '洛北街道', '胜利街街道'].map((n) => path.join(CORPUS, `${n}-2020.txt`));
    await ingestPaths(files, { store, embeddings: new HashedNgramEmbeddings() });
    // Stored without chunks long ago (the instance that stored it is gone), and the model service is down.
    const [chunkless] = await ingestPaths([path.join(CORPUS, '只楚街道-2020.txt')], { store });
    class Down extends HashedNgramEmbeddings {
      override async embedDocuments(): Promise<number[][]> {
        throw new Error('嵌入服务暂时不可用');
      }
    }
    const data = path.join(tmp, 'other');
    const index = await openRetrieval(data, store, { embeddings: new Down() });
    await expect(syncRetrieval(store, index)).rejects.toThrow('嵌入服务暂时不可用');
    expect(index.reportIds()).toHaveLength(4);
    expect(index.hasReport(chunkless.reportId!)).toBe(false);
    expect((await openRetrieval(data, store, { embeddings: new HashedNgramEmbeddings() })).reportIds()).toHaveLength(4);
  });

  it("a report whose chunks cannot be saved stops neither the ingest nor the others' chunks", async () => {
    const store = withChunks(sqlite, (id) => id === 2);
    const errors: string[] = [];
    const results = await ingestPaths([CORPUS], {
      store,
      embeddings: new HashedNgramEmbeddings(),
      onChunkError: (e) => errors.push(e.message),
    });
    expect(results.map((r) => r.status)).toEqual(['added', 'added', 'added', 'added', 'added']);
    expect(errors).toEqual(['年报 2 的段落无法保存']);
    expect([...store.saved.keys()].sort()).toEqual([1, 3, 4, 5]);
  });

  it('embeds, for its own index only, chunks stored with other embeddings', async () => {
    const store = withChunks(sqlite);
    await ingestPaths([CORPUS], { store, embeddings: new HashedNgramEmbeddings({ dimension: 128 }) });
    const reading = new CountingEmbeddings();
    const index = await openRetrieval(path.join(tmp, 'other'), store, { embeddings: reading });
    expect(await syncRetrieval(store, index)).toMatchObject({ added: 5, loaded: 0 });
    expect(reading.documents).toBeGreaterThan(0);
    // The stored vectors stay the ingesting instance's.
    expect([...store.saved.values()].every((s) => s.model === 'hashed-ngram-v1/128')).toBe(true);
  });

  it("drops a replaced report's chunks and follows a report moved to another office", async () => {
    const store = withChunks(sqlite);
    const embeddings = new HashedNgramEmbeddings();
    const [first] = await ingestPaths([path.join(CORPUS, '城关镇-2020.txt')], { store, embeddings });
    const index = await openRetrieval(path.join(tmp, 'other'), store, { embeddings });
    await syncRetrieval(store, index);
    expect(index.reportIds()).toEqual([first.reportId]);

    // Moved by another instance (nianbao assign there): the office id changes, the report id does not.
    const moved = sqlite.assignRegion(first.reportId!, '河南省洛阳市嵩县');
    expect(moved.moved).toEqual([first.reportId]);
    expect(await syncRetrieval(store, index)).toMatchObject({ added: 1, removed: 1 });
    expect(index.officeOf(first.reportId!)).toBe(moved.to.id);

    // A new version of the report: the old one's chunks leave, the new one's come in.
    const file = path.join(tmp, '城关镇-2020.txt');
    writeFileSync(
      file,
      `${readFileSync(path.join(CORPUS, '城关镇-2020.txt'), 'utf8')}\n本年度另在银杏林社区试办政务开放日。\n`,
    );
    const [second] = await ingestPaths([file], { store, embeddings, identity: { region: '河南省洛阳市嵩县' } });
    expect(second.status).toBe('replaced');
    expect(await syncRetrieval(store, index)).toMatchObject({ added: 1, loaded: 1, removed: 1 });
    expect(index.reportIds()).toEqual([second.reportId]);
  });
});
