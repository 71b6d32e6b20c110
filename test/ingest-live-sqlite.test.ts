// The live search index on the embedded SQLite store, where it does what the app did
// before PostgreSQL: another process (`nianbao ingest` beside a running bot) commits
// reports and saves its index files in the same data folder; the next search sees the
// change counter move and opens those files instead of embedding the reports again.
// The report is the bundled 只楚 sample with one sentence of ours (the search's truth).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ingestIntoData } from '../src/app/ingest.js';
import { openLiveRetrieval } from '../src/ingest/live-index.js';
import { HashedNgramEmbeddings } from '../src/retrieval/index.js';
import { openStore } from '../src/store/index.js';

const SAMPLE = readFileSync(path.join(import.meta.dirname, '../corpus/2020/只楚街道-2020.txt'), 'utf8');
const SENTENCE = '本年度我办在银杏林社区试办政务开放日，邀请居民代表走进办事大厅。';

class CountingEmbeddings extends HashedNgramEmbeddings {
  documents = 0;
  override async embedDocuments(texts: string[]): Promise<number[][]> {
    this.documents += texts.length;
    return super.embedDocuments(texts);
  }
}

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-live-sqlite-'));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

it('a search after another process ingested into the data folder opens its saved index, embedding nothing', async () => {
  const data = path.join(tmp, 'data');
  const store = openStore(data);
  const embeddings = new CountingEmbeddings();
  // No poll: only the check before each search can see the other process's work.
  const live = await openLiveRetrieval(data, store, {
    embeddings,
    pollMs: 3_600_000,
    onError: (err) => {
      throw err;
    },
  });
  try {
    expect(live.index.size).toBe(0);
    const file = path.join(tmp, 'in', '只楚街道-2020.txt');
    mkdirSync(path.dirname(file));
    writeFileSync(file, SAMPLE.replace('## 六、其他需要报告的事项\n', `## 六、其他需要报告的事项\n\n${SENTENCE}\n`));
    const run = await ingestIntoData(data, [file], {});
    expect(run.results.map((r) => r.status)).toEqual(['added']);
    const hits = await live.search('银杏林社区政务开放日', { k: 3 });
    expect(hits.some((h) => h.chunk.text.includes('银杏林社区'))).toBe(true);
    expect(embeddings.documents).toBe(0);
  } finally {
    await live.close();
    store.close();
  }
});
