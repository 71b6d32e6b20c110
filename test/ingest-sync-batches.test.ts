// The index sync adds reports in batches: of EMBED_BATCH when an embedding service embeds
// (one request a batch), of OFFLINE_BATCH when the offline embeddings do (no request to
// size; fewer, larger batches cost less a report). The batch size changes nothing indexed:
// the vectors saved are the ones a service of the same embeddings gives in its batches.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { EMBED_BATCH, OFFLINE_BATCH, syncRetrieval } from '../src/ingest/sync-index.js';
import { HashedNgramEmbeddings, RetrievalIndex } from '../src/retrieval/index.js';
import type { ReportSummary } from '../src/store/index.js';
import { tempDirs } from './support/temp-dirs.js';

const tempDir = tempDirs('nianbao-sync-batches-');

/** The same vectors, asked of embedDocuments as a service would be. */
class ServiceLike extends HashedNgramEmbeddings {}

const REPORTS = OFFLINE_BATCH + EMBED_BATCH + 5;
const summaries: ReportSummary[] = Array.from({ length: REPORTS }, (_, i) => ({
  id: i + 1,
  officeId: (i % 7) + 1,
  officeName: `第${(i % 7) + 1}街道办事处`,
  year: 2020 + (i % 3),
  format: '2021',
  sourceFile: `r${i + 1}.txt`,
  contentHash: String(i),
  ingestedAt: '2021-01-01T00:00:00.000Z',
  reportDate: null,
  incomplete: false,
  supersededBy: null,
}));
const textOf = (id: number) =>
  `第${id}号年度报告\n一、总体情况\n本机关共收到政府信息公开申请${id}件，办结${id % 5}件。\n二、主动公开政府信息情况\n发布信息${id * 3}条。`;
const store = {
  currentReports: async () => summaries,
  listOffices: async () => [],
  reportText: async (id: number) => textOf(id),
};

/** Syncs a new index of `embeddings` from the store; the sizes of the batches it was given, and its vectors file. */
async function syncWith(embeddings: HashedNgramEmbeddings): Promise<{ sizes: number[]; vectors: Buffer }> {
  const dir = tempDir();
  const index = await RetrievalIndex.open(dir, embeddings);
  const sizes: number[] = [];
  const add = index.addReports.bind(index);
  index.addReports = (reports) => {
    sizes.push(reports.length);
    return add(reports);
  };
  const result = await syncRetrieval(store as never, index);
  expect(result.added).toBe(REPORTS);
  const sidecar = JSON.parse(fs.readFileSync(path.join(dir, 'retrieval', 'docstore.json'), 'utf8'));
  return { sizes, vectors: fs.readFileSync(path.join(dir, 'retrieval', sidecar.vectorsFile)) };
}

it('adds OFFLINE_BATCH reports a call with the offline embeddings, EMBED_BATCH with a service, and the same vectors', async () => {
  const offline = await syncWith(new HashedNgramEmbeddings());
  expect(offline.sizes).toEqual([OFFLINE_BATCH, REPORTS - OFFLINE_BATCH]);
  const service = await syncWith(new ServiceLike());
  expect(service.sizes).toEqual([...Array(Math.floor(REPORTS / EMBED_BATCH)).fill(EMBED_BATCH), REPORTS % EMBED_BATCH]);
  expect(offline.vectors.length).toBeGreaterThan(REPORTS * 256 * 4);
  expect(offline.vectors.equals(service.vectors)).toBe(true);
});
