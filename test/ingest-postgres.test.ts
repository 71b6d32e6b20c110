// Ingest into PostgreSQL does what it does into SQLite: the same outcome for every file
// (added, replaced, conflict, failed, with the same office and year), idempotent by
// content the second time, over more reports than one PostgreSQL batch holds (50); and
// it saves every stored report's search chunks with their vectors in the same commit,
// without sending a query on the batch's connection while another runs.
// An embedding service that fails stores the reports all the same and says why.
// The truth is the other backend and the generator's files. Needs a server (NIANBAO_TEST_PG).
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { generateCorpus } from '../tools/synth/index.js';
import { ingestPaths, type IngestResult } from '../src/ingest/index.js';
import { PG_BATCH_REPORTS } from '../src/ingest/batch.js';
import { chunkReport, HashedNgramEmbeddings } from '../src/retrieval/index.js';
import { openStore } from '../src/store/index.js';
import type { PgStore } from '../src/store/pg/index.js';
import { describeOnPostgres, postgresForTests, queryDb, useTestDatabase } from './support/postgres.js';

const server = await postgresForTests();
const CORPUS = path.join(import.meta.dirname, '../corpus/2020');

/** What a result says, without the ids each database hands out. */
const said = (rs: IngestResult[]) =>
  rs.map((r) => ({
    file: path.basename(r.file),
    status: r.status,
    office: r.office,
    year: r.year,
    reason: r.reason,
    conflictWith: r.conflictWith?.office,
  }));

class FailingEmbeddings extends HashedNgramEmbeddings {
  override async embedDocuments(): Promise<number[][]> {
    throw new Error('嵌入服务暂时不可用');
  }
}

let tmp: string;
let pg: PgStore;

describeOnPostgres(server, 'ingest into PostgreSQL', () => {
  const db = useTestDatabase('ingest', { emptyEachTest: true });
  beforeEach(async () => {
    pg = await db.open();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-ingest-pg-'));
  });
  afterEach(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  it('says the same of every file as SQLite, over several batches, and nothing changes the second time', {
    timeout: 60_000,
  }, async () => {
    const folder = path.join(tmp, 'in');
    mkdirSync(folder);
    // More reports than three PostgreSQL batches, the bundled samples among them, and a file that is no report.
    let n = 0;
    for (const item of generateCorpus(3 * PG_BATCH_REPORTS + 7, 14)) {
      writeFileSync(path.join(folder, item.name), item.text);
      n++;
    }
    for (const f of readdirSync(CORPUS)) copyFileSync(path.join(CORPUS, f), path.join(folder, f));
    writeFileSync(path.join(folder, 'zz-notes.txt'), '会议纪要：本周无事。\n');
    const sqlite = openStore(path.join(tmp, 'data'));
    try {
      const onSqlite = await ingestPaths([folder], { store: sqlite });
      const embeddings = new HashedNgramEmbeddings();
      // Reads inside a batch share its connection with the writes: none may be sent while
      // another query runs (pg warns now and will refuse in pg 9).
      const warnings: string[] = [];
      const onWarning = (w: Error) => warnings.push(w.message);
      process.on('warning', onWarning);
      const onPg = await ingestPaths([folder], { store: pg, embeddings }).finally(() =>
        process.off('warning', onWarning),
      );
      expect(warnings.filter((w) => /already executing a query/.test(w))).toEqual([]);
      expect(onSqlite).toHaveLength(n + 6);
      expect(said(onPg)).toEqual(said(onSqlite));
      expect(onPg.filter((r) => r.status === 'failed').map((r) => path.basename(r.file))).toEqual(['zz-notes.txt']);
      expect((await pg.counts()).current).toBe(sqlite.counts().current);

      // Every current report's chunks are stored, as the chunker cuts its text, each with a vector.
      const current = await pg.currentReports();
      const rows = await queryDb<{ report_id: number; n: number; vectors: number; model: string }>(
        db.url,
        'SELECT report_id, count(*)::int AS n, count(embedding)::int AS vectors, min(model) AS model FROM chunks GROUP BY report_id',
      );
      const byReport = new Map(rows.map((r) => [r.report_id, r]));
      for (const r of current) {
        const text = (await pg.reportText(r.id))!;
        const want = chunkReport(text, {
          reportId: r.id,
          officeId: r.officeId,
          office: r.officeName,
          year: r.year,
        }).length;
        expect(byReport.get(r.id)?.n ?? 0, r.sourceFile).toBe(want);
        if (want) expect(byReport.get(r.id)).toMatchObject({ vectors: want, model: embeddings.embeddingId });
      }

      const counts = await pg.counts();
      const chunkRows = await queryDb(db.url, 'SELECT count(*)::int AS n FROM chunks');
      const again = await ingestPaths([folder], { store: pg, embeddings });
      expect(again.filter((r) => r.status !== 'failed').every((r) => r.status === 'unchanged')).toBe(true);
      expect(await pg.counts()).toEqual(counts);
      expect(await queryDb(db.url, 'SELECT count(*)::int AS n FROM chunks')).toEqual(chunkRows);
    } finally {
      sqlite.close();
    }
  });

  it('stores the reports when the embedding service fails, and says why', async () => {
    const errors: Error[] = [];
    const results = await ingestPaths([CORPUS], {
      store: pg,
      embeddings: new FailingEmbeddings(),
      onChunkError: (e) => errors.push(e),
    });
    expect(results.map((r) => r.status)).toEqual(['added', 'added', 'added', 'added', 'added']);
    expect(errors.map((e) => e.message)).toEqual(['嵌入服务暂时不可用']);
    expect((await pg.counts()).current).toBe(5);
    expect(await queryDb(db.url, 'SELECT 1 FROM chunks')).toEqual([]);
  });
});
