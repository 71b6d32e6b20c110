// Ingest: files and folders → extract text → parse → store, one file at a time,
// stored in batches (src/ingest/batch.ts: many reports per commit), into either
// backend's store (every call awaited). Where the store keeps search chunks
// (PostgreSQL), each report's chunks and their vectors are saved in the same commit
// (src/ingest/stored-chunks.ts), so other instances load them instead of embedding.
// One bad file never stops the rest; every file gets a result with a Chinese reason.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractBuffer, readInputFile, readSmallInputFile, type ExtractedText } from '../extract/index.js';
import { parseReport, type ParseOptions } from '../parse/index.js';
import type { ParsedReport, ReportOrigin } from '../parse/types.js';
import type { NamedEmbeddings } from '../retrieval/index.js';
import { contentHash, type FiledOrigin, type ReportStore } from '../store/index.js';
import { regionTellsApart, regionUnits } from '../store/identity.js';
import { batchLimitsFor, WriteBatcher } from './batch.js';
import { ChunkQueue } from './stored-chunks.js';
import { listInputFiles } from './files.js';
import { ManifestCache, rowFor, type Manifest } from './manifest.js';
import { ReadPool, readThreadsFor } from './read-pool.js';
import { regionFromFolder, registryRegion, type RegistryOffice } from './region.js';

export { INGEST_EXTENSIONS, listInputFiles } from './files.js';

/** `conflict`: stored beside another report of that year under the same name (no region tells them apart). */
export type IngestStatus = 'added' | 'unchanged' | 'replaced' | 'conflict' | 'failed' | 'skipped';

export interface IngestResult {
  file: string;
  status: IngestStatus;
  /** Chinese, for failed and skipped files. */
  reason?: string;
  office?: string;
  year?: number;
  reportId?: number;
  /** Where office and year came from, when not from the report's title (filename, option, signature, prose …). */
  origin?: ReportOrigin;
  /** On a replacement: checks not passed by the old version and by the new one. */
  replacedChecks?: { before: number; after: number };
  /** Chinese warnings from reading the file (a bad byte replaced …). */
  warnings?: string[];
  /** Where office, year and region came from when ingest supplied them (manifest, folder, registry). */
  filed?: FiledOrigin;
  /** On a conflict: the report of that year already held under the same name. */
  conflictWith?: { file: string; office: string; year: number };
  /** An unchanged report moved to the region --region or its manifest row now states (its search chunks must be made again). */
  assigned?: { region: string; moved: number[] };
}

export interface IngestProgress {
  done: number;
  total: number;
  file: string;
}

export interface IngestOptions {
  store: ReportStore;
  /**
   * The search index's embeddings. On a store that keeps search chunks (PostgreSQL),
   * each stored report's chunks and vectors are saved in the commit that stores it;
   * without it (or on SQLite) the search index is brought up to date afterwards
   * (src/ingest/sync-index.ts).
   */
  embeddings?: NamedEmbeddings;
  /** Why chunks could not be embedded (the reports are stored all the same; a later sync embeds them). */
  onChunkError?: (err: Error) => void;
  onProgress?: (p: IngestProgress) => void;
  /** Called with each file's result as soon as it is known (before its onProgress). */
  onResult?: (r: IngestResult) => void;
  /** What the user supplies for every file (--office/--region/--year). */
  identity?: Pick<ParseOptions, 'office' | 'region' | 'year'>;
  /** `--region-from-folder`: a file's region is the folders above it (…/河南省/洛阳市/嵩县/), where its text names none. */
  regionFromFolder?: boolean;
  /** The registry (`offices:`): an entry whose name is the report's claims it for its region, where nothing else gives one. */
  registry?: readonly RegistryOffice[];
  /**
   * Threads that extract and parse the next files while the main thread stores (`--jobs`);
   * 0 reads everything in the main thread. Default: none for fewer than 64 files, else one
   * per core but the main thread's (at most 4). Results are the same either way.
   */
  readThreads?: number;
}

/** How to supply what the text lacks, said the same way by every refusal. */
export const SUPPLY_OFFICE = '请用 --office 单位全称 指定（可加 --region 所在地区）';
export const SUPPLY_YEAR = '请用 --year 年份 指定（报告所涵盖的年度，如 2023）';

/** Why a parse result cannot be stored, or null when it can: names what is missing and how to supply it. */
export function refusalReason(parsed: ParsedReport): string | null {
  if (parsed.format === null) {
    return '不是政府信息公开工作年度报告：没有找到年报模板规定的统计表格（主动公开、依申请公开、行政复议和行政诉讼）';
  }
  const officeMissing = !parsed.office;
  const yearMissing = parsed.year === null;
  if (officeMissing && yearMissing) {
    return `报告中没有找到单位名称和报告年度（标题、落款和正文都没有写明），无法确定是哪个单位哪一年的年报；${SUPPLY_OFFICE}，并${SUPPLY_YEAR.slice(1)}，再重新导入`;
  }
  if (officeMissing)
    return `报告中没有找到单位名称（标题、落款和正文都没有写明），无法确定是哪个单位的年报；${SUPPLY_OFFICE}，再重新导入`;
  if (yearMissing)
    return `报告中没有找到报告年度（标题、统计期限和正文都没有写明），无法确定是哪一年的年报；${SUPPLY_YEAR}，再重新导入`;
  return null;
}

/** Checks a report does not pass: every finding above information. */
export function failedChecks(findings: readonly { severity: string }[]): number {
  return findings.filter((f) => f.severity !== 'info').length;
}

function errorReason(err: unknown): string {
  if (err instanceof Error) {
    // ExtractError and StoreError already speak Chinese to the user.
    if (err.name === 'ExtractError' || err.name === 'StoreError') return err.message;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return '找不到这个文件';
    if (code === 'EACCES' || code === 'EPERM') return '没有读取这个文件的权限';
    if (code === 'EISDIR') return '这是一个文件夹，不是文件';
    return `处理时出错：${err.message}`;
  }
  return `处理时出错：${String(err)}`;
}

/** What a manifest row and the folder say about one file. */
interface FileContext {
  manifests: Manifest[];
  regionFromFolder: boolean;
  registry: readonly RegistryOffice[];
  /** The open write batch: joined just before the file's first write (never while a file is read). */
  batch?: WriteBatcher;
  /** Chunks of the reports stored in the open batch, saved before it commits (stores that keep them). */
  chunks?: ChunkQueue;
  /** The file read ahead (else read here): its bytes, or on reading threads its text and speculative parse. */
  prepared?: Prepared;
}

/**
 * A file read ahead of its turn. On reading threads: its text, and its parse with what is
 * supplied for it, started unless its text was already stored then (`null`); its turn
 * decides again (an earlier file of the same run may have stored the same text since).
 */
type Prepared =
  | { bytes: Promise<Buffer> }
  | { extracted: Promise<ExtractedText>; parsed: Promise<ParsedReport | null> };

/** What the command line and the file's manifest row supply (the command line wins). */
function suppliedFor(file: string, identity: IngestOptions['identity'] = {}, manifests: Manifest[] = []) {
  const manifest = manifests.find((m) => rowFor(m, file));
  const row = manifest ? rowFor(manifest, file)! : {};
  const fromRow = {
    office: identity.office === undefined && row.office !== undefined,
    year: identity.year === undefined && row.year !== undefined,
    region: identity.region === undefined && row.region !== undefined,
  };
  const supplied = {
    ...identity,
    ...(fromRow.office ? { office: row.office } : {}),
    ...(fromRow.year ? { year: row.year } : {}),
    ...(fromRow.region ? { region: row.region } : {}),
  };
  return { manifest, fromRow, supplied };
}

/** Whether a text's parse is not needed: stored already, and nothing names its office or year anew. */
async function knownText(
  store: ReportStore,
  text: string,
  supplied: Pick<ParseOptions, 'office' | 'year'>,
  utf8?: Buffer,
): Promise<Awaited<ReturnType<ReportStore['currentByHash']>>> {
  return supplied.office || supplied.year !== undefined ? null : await store.currentByHash(contentHash(text, utf8));
}

async function ingestFile(
  file: string,
  store: ReportStore,
  identity: IngestOptions['identity'] = {},
  ctx?: FileContext,
): Promise<IngestResult> {
  try {
    const prepared = ctx?.prepared;
    const {
      text,
      warnings = [],
      utf8,
    } = prepared && 'extracted' in prepared
      ? await prepared.extracted
      : await extractBuffer(await (prepared?.bytes ?? readInputFile(file)), file);
    const warned = warnings.length ? { warnings } : {};
    // A manifest row is that file's --office/--region/--year (the command line wins over it).
    const { manifest, fromRow, supplied } = suppliedFor(file, identity, ctx?.manifests);
    // Known text: say so without parsing again (unless the user names office or year anew).
    const known = await knownText(store, text, supplied, utf8);
    if (known) {
      // Stored before, and now --region or its manifest row says where it is: moved there (the way `assign` does).
      if (supplied.region) await ctx?.batch?.write();
      const moved = supplied.region ? await assignKnown(store, known, supplied.region) : null;
      return {
        file,
        status: 'unchanged',
        office: known.officeName,
        year: known.year,
        reportId: known.id,
        ...(moved ? { assigned: moved } : {}),
        ...warned,
      };
    }

    const parsed =
      (prepared && 'parsed' in prepared ? await prepared.parsed : null) ?? parseReport(text, { file, ...supplied });
    const refusal = refusalReason(parsed);
    if (refusal)
      return {
        file,
        status: 'failed',
        reason: refusal,
        ...(parsed.office ? { office: parsed.office } : {}),
        ...warned,
      };
    const filed = fileOrigin(parsed, fromRow, manifest?.source, file, ctx);
    const region = filed.region?.value ?? null;
    await ctx?.batch?.write();
    const saved = await store.saveReport({
      parsed: withRegion(parsed, region),
      text,
      sourceFile: file,
      origin: filed,
      ...(utf8 ? { utf8 } : {}),
    });
    if (saved.outcome !== 'unchanged')
      ctx?.chunks?.add(
        { reportId: saved.reportId, officeId: saved.officeId, office: parsed.office!, year: parsed.year! },
        text,
      );
    // What ingest supplied is said by the ingest line; the parse's origin says the rest.
    const parseOrigin = withoutSupplied(parsed.origin, fromRow);
    const told =
      parseOrigin &&
      (parseOrigin.office?.from !== 'title' ||
        parseOrigin.year?.from !== 'title' ||
        parseOrigin.region?.from === 'option');
    const origin = told ? { origin: parseOrigin } : {};
    const checks =
      saved.outcome === 'replaced'
        ? await replacedChecks(store, saved, parsed.year!, failedChecks(parsed.findings))
        : null;
    const suppliedHere =
      fromRow.office || fromRow.year || (filed.region && !['text', 'option'].includes(filed.region.from));
    return {
      file,
      status: saved.outcome,
      office: parsed.office!,
      year: parsed.year!,
      reportId: saved.reportId,
      ...origin,
      ...(checks ? { replacedChecks: checks } : {}),
      ...(suppliedHere ? { filed } : {}),
      ...(saved.conflictWith
        ? {
            conflictWith: {
              file: saved.conflictWith.sourceFile,
              office: saved.conflictWith.officeName,
              year: saved.conflictWith.year,
            },
          }
        : {}),
      ...warned,
    };
  } catch (err) {
    return { file, status: 'failed', reason: errorReason(err) };
  }
}

/**
 * Where office, year and region came from. The region, in order: --region or the
 * file's manifest row (stated for it), the text, the manifest's folder-wide region,
 * the folders above the file (--region-from-folder), the registry's claim on the name;
 * a later source only fills what the text leaves out or refines a region too broad
 * to tell namesakes apart (洛阳市 → 河南省洛阳市嵩县), never contradicts it.
 */
function fileOrigin(
  parsed: ParsedReport,
  fromRow: { office: boolean; year: boolean; region: boolean },
  manifest: string | undefined,
  file: string,
  ctx: FileContext | undefined,
): FiledOrigin {
  const o = parsed.origin;
  const office: FiledOrigin['office'] = fromRow.office ? { ...o!.office!, from: 'manifest' } : (o?.office ?? null);
  const year: FiledOrigin['year'] = fromRow.year ? { ...o!.year!, from: 'manifest' } : (o?.year ?? null);
  const stated = parsed.region && (fromRow.region || o?.region?.from === 'option');
  if (parsed.region && stated) {
    const replaced = o?.region?.replaced;
    return {
      office,
      year,
      region: {
        from: fromRow.region ? 'manifest' : 'option',
        value: parsed.region,
        ...(replaced !== undefined ? { replaced } : {}),
        ...(fromRow.region && manifest ? { source: manifest } : {}),
      },
    };
  }
  const text = parsed.region;
  // A fallback fills a region the text leaves out, or makes one it gives too broadly
  // more precise (the text says 洛阳市, the folder 河南省洛阳市嵩县): never contradicts it.
  const fits = (r: string) =>
    !text ||
    (!regionTellsApart(text, parsed.kind ?? '其他') && regionUnits(text).every((u) => regionUnits(r).includes(u)));
  const folderWide = ctx?.manifests.find((m) => m.region);
  if (folderWide && fits(folderWide.region!))
    return { office, year, region: { from: 'manifest', value: folderWide.region!, source: folderWide.source } };
  const folder = ctx?.regionFromFolder ? regionFromFolder(file) : null;
  if (folder && fits(folder)) return { office, year, region: { from: 'folder', value: folder } };
  const claim = ctx?.registry.length ? registryRegion(parsed.office!, ctx.registry) : null;
  if (claim && fits(claim.region))
    return { office, year, region: { from: 'registry', value: claim.region, source: claim.entry } };
  return { office, year, region: text ? { from: 'text', value: text } : null };
}

/** The parse's origin without what a manifest row supplied (the ingest line says that itself). */
function withoutSupplied(
  o: ReportOrigin | undefined,
  fromRow: { office: boolean; year: boolean; region: boolean },
): ReportOrigin | undefined {
  if (!o) return o;
  return {
    office: fromRow.office ? null : o.office,
    year: fromRow.year ? null : o.year,
    region: fromRow.region ? null : o.region,
  };
}

/** Moves a stored report to the region now stated for it, when its office is elsewhere or nowhere. */
async function assignKnown(
  store: ReportStore,
  known: { id: number; officeId: number },
  region: string,
): Promise<{ region: string; moved: number[] } | null> {
  const office = await store.getOffice(known.officeId);
  if (!office || office.region === region) return null;
  const result = await store.assignRegion(known.id, region);
  return result.moved.length ? { region, moved: result.moved } : null;
}

/** Failed checks of the version a new report replaced, beside the new one's. */
async function replacedChecks(
  store: ReportStore,
  saved: { reportId: number; officeId: number },
  year: number,
  after: number,
): Promise<{ before: number; after: number } | null> {
  const previous = (await store.reportHistory(saved.officeId, year)).find((r) => r.supersededBy === saved.reportId);
  const old = previous ? await store.getReport(previous.id) : null;
  return old ? { before: failedChecks(old.findings), after } : null;
}

function oneFileOnlyReason(total: number): string {
  return `指定了 --office 或 --year 时一次只能导入一个文件（这里有 ${total} 个），以免把同一个单位名称或年度套到别的报告上；请逐个文件导入`;
}

/** Ingests files and folders (recursively); results come in walk order, one per file. */
export async function ingestPaths(paths: string[], opts: IngestOptions): Promise<IngestResult[]> {
  const entries = await listInputFiles(paths);
  const total = entries.filter((e) => 'take' in e && e.take).length;
  // One office name or year put on many files would put it on other offices' reports.
  const identity = opts.identity ?? {};
  const oneFileOnly =
    (identity.office !== undefined || identity.year !== undefined) && total > 1 ? oneFileOnlyReason(total) : null;
  const results: IngestResult[] = [];
  const manifests = new ManifestCache();
  // Where the store keeps search chunks, the batch's chunks are embedded and saved just before it commits.
  const chunks =
    opts.embeddings && opts.store.saveChunks
      ? new ChunkQueue(opts.store, opts.embeddings, opts.onChunkError)
      : undefined;
  const batch = new WriteBatcher(
    opts.store,
    batchLimitsFor(opts.store, { withChunks: Boolean(chunks) }),
    chunks && (() => chunks.flush()),
  );
  let done = 0;
  const threads = oneFileOnly ? 0 : readThreadsFor(total, opts.readThreads);
  const pool = threads > 0 ? ReadPool.start(threads) : null;
  const reader = new MainThreadReader();
  const ahead = oneFileOnly
    ? null
    : new ReadAhead(entries, pool ? READ_AHEAD_THREADED * pool.size : READ_AHEAD, (file) =>
        prepare(file, pool, reader, opts.store, identity, manifests),
      );
  try {
    for (const entry of entries) {
      const prepared = ahead?.take(entry);
      const result = await ingestEntry(entry, opts, identity, oneFileOnly, manifests, batch, chunks, prepared);
      await batch.written();
      results.push(result);
      opts.onResult?.(result);
      if ('take' in entry && entry.take) {
        done += 1;
        opts.onProgress?.({ done, total, file: entry.file });
      }
    }
  } finally {
    await batch.end();
    await pool?.close();
  }
  return results;
}

/** A file read ahead: its bytes; on reading threads also its text and (unless stored already) its parse. */
function prepare(
  file: string,
  pool: ReadPool | null,
  reader: MainThreadReader,
  store: ReportStore,
  identity: NonNullable<IngestOptions['identity']>,
  manifests: ManifestCache,
): Prepared {
  if (!pool) return { bytes: quiet(reader.read(file)) };
  const bytes = readInputFile(file);
  const extracted = bytes.then((b) => pool.extract(b, file));
  const parsed = extracted.then(async ({ text }) => {
    const { supplied } = suppliedFor(file, identity, await manifests.forFile(file));
    return (await knownText(store, text, supplied)) ? null : pool.parse(text, { file, ...supplied });
  });
  return { extracted: quiet(extracted), parsed: quiet(parsed) };
}

/**
 * Reads taking longer than SLOW_READ_MS this many times in a row mean a cold or slow disk: later
 * files are then read off the thread. One slow read is the thread preempted on a busy machine
 * (a 17 KB read from the page cache takes ~0.02 ms), not the disk.
 */
const SLOW_READ_MS = 5;
const SLOW_READS_IN_A_ROW = 3;

/**
 * Reads for the main thread when there are no reading threads. A small file is read at once
 * (readSmallInputFile: ~0.02 ms of CPU a report, where a read through libuv's threads took
 * ~0.06 ms and, from the page cache, overlapped nothing, issue 13); a large one (a PDF), and
 * every file once reads are slow (a cold disk), off the thread, so the reads ahead overlap the
 * disk's wait with the current file's work as before. Errors come at the file's turn.
 */
class MainThreadReader {
  private slowInARow = 0;

  read(file: string): Promise<Buffer> {
    if (this.slowInARow >= SLOW_READS_IN_A_ROW) return readInputFile(file);
    const started = performance.now();
    let bytes: Buffer | undefined;
    try {
      bytes = readSmallInputFile(file);
    } catch (err) {
      return Promise.reject(err);
    }
    this.slowInARow = performance.now() - started > SLOW_READ_MS ? this.slowInARow + 1 : 0;
    return bytes ? Promise.resolve(bytes) : readInputFile(file);
  }
}

/** A promise whose failure is seen when its file's turn comes, not reported as unhandled before. */
function quiet<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {});
  return p;
}

/**
 * The parse filed under `region`: the parse itself when it says the same, else a copy of its
 * fields as they are. A spread would read `problems` (part 五's items, a getter that reads
 * them when first asked: ~0.03 ms a report) for a store that never keeps them.
 */
function withRegion(parsed: ParsedReport, region: string | null): ParsedReport {
  if (parsed.region === region) return parsed;
  const copy = Object.create(Object.getPrototypeOf(parsed), Object.getOwnPropertyDescriptors(parsed)) as ParsedReport;
  copy.region = region;
  return copy;
}

type InputEntry = Awaited<ReturnType<typeof listInputFiles>>[number];

async function ingestEntry(
  entry: InputEntry,
  opts: IngestOptions,
  identity: NonNullable<IngestOptions['identity']>,
  oneFileOnly: string | null,
  manifests: ManifestCache,
  batch: WriteBatcher,
  chunks: ChunkQueue | undefined,
  prepared: Prepared | undefined,
): Promise<IngestResult> {
  let result: IngestResult;
  if ('missing' in entry) result = { file: entry.file, status: 'failed', reason: entry.reason };
  else if (!entry.take) result = { file: entry.file, status: 'skipped', reason: entry.reason };
  else if (oneFileOnly) result = { file: entry.file, status: 'failed', reason: oneFileOnly };
  else {
    const found = await manifests.forFile(entry.file);
    const ctx: FileContext = {
      manifests: found,
      regionFromFolder: opts.regionFromFolder ?? false,
      registry: opts.registry ?? [],
      batch,
      chunks,
      ...(prepared ? { prepared } : {}),
    };
    result = await ingestFile(entry.file, opts.store, identity, ctx);
    const problems = manifests.untold(found);
    if (problems.length) result.warnings = [...(result.warnings ?? []), ...problems];
  }
  return result;
}

/** Files read ahead of the one being stored (~8 KB–20 MB each); per reading thread, when there are threads. */
const READ_AHEAD = 8;
const READ_AHEAD_THREADED = 16;

/**
 * Reads the next few files while the current one is parsed and stored, so the disk,
 * the reading threads and the main thread work at once (a file read one after another
 * cost ~0.1–0.2 ms of waiting per report, issue 13). A failure is kept for its file's turn.
 */
class ReadAhead {
  private readonly files: string[];
  private readonly reads = new Map<string, Prepared>();
  private next = 0;

  constructor(
    entries: readonly InputEntry[],
    private readonly depth: number,
    private readonly start: (file: string) => Prepared,
  ) {
    this.files = entries.flatMap((e) => ('take' in e && e.take ? [e.file] : []));
  }

  /** This entry's file read (now, if not ahead), and the next files' reads started. */
  take(entry: InputEntry): Prepared | undefined {
    if (!('take' in entry && entry.take)) return undefined;
    while (this.next < this.files.length && this.reads.size < this.depth) this.begin(this.files[this.next++]);
    const read = this.reads.get(entry.file) ?? this.start(entry.file);
    this.reads.delete(entry.file);
    if (this.next < this.files.length) this.begin(this.files[this.next++]);
    return read;
  }

  private begin(file: string): void {
    this.reads.set(file, this.start(file));
  }
}

/** The corpus folder shipped with the program (repo root/corpus). */
export function bundledCorpusDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../corpus');
}

/**
 * Fills an empty store with the bundled corpus (first start of the bot or `ask`).
 * Returns what was ingested; an empty array when the store already had reports.
 */
export async function ensureCorpus(
  store: ReportStore,
  corpusDir: string = bundledCorpusDir(),
): Promise<IngestResult[]> {
  if ((await store.counts()).reports > 0) return [];
  const results = await ingestPaths([corpusDir], { store });
  return results.filter((r) => r.status !== 'skipped');
}
