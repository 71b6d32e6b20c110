// Ingest: files and folders → extract text → parse → store, one file at a time.
// One bad file never stops the rest; every file gets a result with a Chinese reason.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractText } from '../extract/index.js';
import { parseReport } from '../parse/index.js';
import type { ParsedReport } from '../parse/types.js';
import { contentHash, type Store } from '../store/index.js';
import { listInputFiles } from './files.js';

export { INGEST_EXTENSIONS, listInputFiles } from './files.js';

export type IngestStatus = 'added' | 'unchanged' | 'replaced' | 'failed' | 'skipped';

export interface IngestResult {
  file: string;
  status: IngestStatus;
  /** Chinese, for failed and skipped files. */
  reason?: string;
  office?: string;
  year?: number;
  reportId?: number;
}

export interface IngestProgress {
  done: number;
  total: number;
  file: string;
}

export interface IngestOptions {
  store: Store;
  onProgress?: (p: IngestProgress) => void;
  /** Called with each file's result as soon as it is known (before its onProgress). */
  onResult?: (r: IngestResult) => void;
}

/** Why a parse result cannot be stored, or null when it can. */
export function refusalReason(parsed: ParsedReport): string | null {
  if (parsed.format === null) {
    return '不是政府信息公开工作年度报告：没有找到年报模板规定的统计表格（主动公开、依申请公开、行政复议和行政诉讼）';
  }
  const missing = [parsed.office ? null : '单位名称', parsed.year === null ? '报告年度' : null].filter(Boolean);
  if (missing.length > 0) return `报告中没有找到${missing.join('和')}，无法确定是哪个单位哪一年的年报`;
  return null;
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

async function ingestFile(file: string, store: Store): Promise<IngestResult> {
  try {
    const { text } = await extractText(file);
    // Known text: say so without parsing again.
    const known = store.currentByHash(contentHash(text));
    if (known) return { file, status: 'unchanged', office: known.officeName, year: known.year, reportId: known.id };

    const parsed = parseReport(text, { file });
    const refusal = refusalReason(parsed);
    if (refusal) return { file, status: 'failed', reason: refusal, ...(parsed.office ? { office: parsed.office } : {}) };
    const saved = store.saveReport({ parsed, text, sourceFile: file });
    return { file, status: saved.outcome, office: parsed.office!, year: parsed.year!, reportId: saved.reportId };
  } catch (err) {
    return { file, status: 'failed', reason: errorReason(err) };
  }
}

/** Ingests files and folders (recursively); results come in walk order, one per file. */
export async function ingestPaths(paths: string[], opts: IngestOptions): Promise<IngestResult[]> {
  const entries = await listInputFiles(paths);
  const total = entries.filter((e) => 'take' in e && e.take).length;
  const results: IngestResult[] = [];
  let done = 0;
  for (const entry of entries) {
    let result: IngestResult;
    if ('missing' in entry) result = { file: entry.file, status: 'failed', reason: entry.reason };
    else if (!entry.take) result = { file: entry.file, status: 'skipped', reason: entry.reason };
    else result = await ingestFile(entry.file, opts.store);
    results.push(result);
    opts.onResult?.(result);
    if ('take' in entry && entry.take) {
      done += 1;
      opts.onProgress?.({ done, total, file: entry.file });
    }
  }
  return results;
}

/** The corpus folder shipped with the program (repo root/corpus). */
export function bundledCorpusDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../corpus');
}

/**
 * Fills an empty store with the bundled corpus (first start of the bot or `ask`).
 * Returns what was ingested; an empty array when the store already had reports.
 */
export async function ensureCorpus(store: Store, corpusDir: string = bundledCorpusDir()): Promise<IngestResult[]> {
  if (store.counts().reports > 0) return [];
  const results = await ingestPaths([corpusDir], { store });
  return results.filter((r) => r.status !== 'skipped');
}
