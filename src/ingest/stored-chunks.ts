// Search chunks kept in a shared store (PostgreSQL): the instance that stores a report
// cuts and embeds its chunks once and saves them beside it; every other instance loads
// them into its own index instead of embedding again. Here: the queue ingest fills while
// a write batch is open and saves before the batch commits, and the conversions between
// the index's Chunk and the store's ChunkRecord / StoredChunk.
import {
  chunkIndexText,
  chunkReport,
  type Chunk,
  type ChunkMeta,
  type NamedEmbeddings,
  type PartNumber,
} from '../retrieval/index.js';
import type { ReportStore } from '../store/index.js';

/** A chunk as the store keeps it (the store's own type, through its face). */
export type ChunkRecord = Parameters<NonNullable<ReportStore['saveChunks']>>[1][number];
/** A stored chunk read back, with its report, office, year and vector. */
export type StoredChunk = Awaited<ReturnType<NonNullable<ReportStore['chunks']>>>[number];

/** What the store keeps of a chunk (its report, office and year are the report's). */
export function chunkRecord(c: Chunk): ChunkRecord {
  return {
    seq: c.seq,
    part: c.part,
    partHeading: c.partHeading,
    section: c.section,
    line: c.line,
    endLine: c.endLine,
    text: c.text,
  };
}

/** A stored chunk as the index holds it (office and year as the report is filed now). */
export function chunkOfStored(s: StoredChunk): Chunk {
  return {
    id: `${s.reportId}#${s.seq}`,
    seq: s.seq,
    reportId: s.reportId,
    officeId: s.officeId,
    office: s.office,
    year: s.year,
    part: s.part as PartNumber,
    partHeading: s.partHeading,
    section: s.section,
    line: s.line,
    endLine: s.endLine,
    text: s.text,
  };
}

type ChunkSaving = Pick<ReportStore, 'saveChunks'>;

/**
 * A vector as the store keeps it (single precision, PostgreSQL's real[]): each number
 * written with the 7 significant digits single precision holds, not the 17 of a double,
 * so the text the vectors travel as is half as long, and nothing is lost that was kept.
 */
function asStored(v: readonly number[]): number[] {
  return v.map((x) => (x === 0 ? 0 : Number(x.toPrecision(7))));
}

/**
 * Cuts, embeds (one call for all) and saves the chunks of many reports: used by ingest
 * before each batch commits, and by the index sync for reports stored without chunks.
 * A failure (embedding, or saving one report's chunks) is reported, never thrown: the
 * reports stay stored (numbers need no search), and a later sync embeds what is missing.
 */
export async function saveReportChunks(
  store: ChunkSaving,
  embeddings: NamedEmbeddings,
  reports: readonly { meta: ChunkMeta; text: string }[],
): Promise<{ chunks: Map<number, { chunks: Chunk[]; vectors: number[][] }>; error: Error | null }> {
  const cut = reports.map((r) => ({ meta: r.meta, chunks: chunkReport(r.text, r.meta) }));
  const all = cut.flatMap((r) => r.chunks);
  let vectors: number[][];
  try {
    vectors = all.length ? await embeddings.embedDocuments(all.map(chunkIndexText)) : [];
  } catch (err) {
    return { chunks: new Map(), error: err instanceof Error ? err : new Error(String(err)) };
  }
  const out = new Map<number, { chunks: Chunk[]; vectors: number[][] }>();
  let error: Error | null = null;
  let at = 0;
  for (const r of cut) {
    const mine = vectors.slice(at, at + r.chunks.length);
    at += r.chunks.length;
    try {
      await store.saveChunks!(r.meta.reportId, r.chunks.map(chunkRecord), mine.map(asStored), embeddings.embeddingId);
      out.set(r.meta.reportId, { chunks: r.chunks, vectors: mine });
    } catch (err) {
      // One report's chunks refused (its own savepoint rolled back) does not stop the others'.
      error ??= err instanceof Error ? err : new Error(String(err));
    }
  }
  return { chunks: out, error };
}

/** The reports stored in the open write batch whose chunks must be saved before it commits. */
export class ChunkQueue {
  private pending: { meta: ChunkMeta; text: string }[] = [];

  constructor(
    private readonly store: ChunkSaving,
    private readonly embeddings: NamedEmbeddings,
    private readonly onError?: (err: Error) => void,
  ) {}

  /** A report just stored (its office as the report names it: the name its chunks are indexed under). */
  add(meta: ChunkMeta, text: string): void {
    this.pending.push({ meta, text });
  }

  /** Embeds and saves what is queued, inside the batch (called by the batcher before its commit). */
  async flush(): Promise<void> {
    const reports = this.pending;
    this.pending = [];
    if (!reports.length) return;
    const { error } = await saveReportChunks(this.store, this.embeddings, reports);
    if (error) this.onError?.(error);
  }
}
