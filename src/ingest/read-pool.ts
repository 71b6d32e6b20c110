// Reading reports on worker threads: a file's text extracted (PDF, Word, HTML, any
// encoding) and a text parsed, each off the main thread, so that one ingest uses
// more than one core: the main thread stores while the pool reads the next files.
// Results and errors are the same as reading in the main thread: the functions are
// the same (src/extract, src/parse), and an extract error comes back as the same
// ExtractError. A thread that dies fails only its own jobs and is replaced.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { ExtractError, extractBuffer, type ExtractedText, type ExtractErrorCode } from '../extract/index.js';
import { parseReport, type ParseOptions } from '../parse/index.js';
import type { ParsedReport } from '../parse/types.js';

type Job = { op: 'extract'; bytes: Uint8Array; name: string } | { op: 'parse'; text: string; options: ParseOptions };
export type ReadJob = Job & { id: number };

export type ReadReply =
  | { id: number; ok: true; value: ExtractedText | ParsedReport }
  | { id: number; ok: false; error: { name: string; message: string; code?: string; file?: string } };

interface Pending {
  resolve: (value: ExtractedText | ParsedReport) => void;
  reject: (err: Error) => void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Has answered a job: a thread that dies before its first answer could not start. */
  started: boolean;
}

/** Reading threads for an ingest of this many files: none for a few (a thread costs ~0.1–0.3 s to start). */
export function readThreadsFor(files: number, requested?: number): number {
  if (requested !== undefined) return Math.max(0, Math.floor(requested));
  if (files < MIN_FILES_FOR_THREADS) return 0;
  return Math.min(MAX_DEFAULT_THREADS, Math.max(0, os.availableParallelism() - 1));
}

/** Below this many files, reading in the main thread is quicker than starting a thread. */
export const MIN_FILES_FOR_THREADS = 64;
const MAX_DEFAULT_THREADS = 4;

export class ReadPool {
  private readonly threads: Thread[] = [];
  private nextId = 0;
  private closed = false;
  /** Why threads could not start (then everything is read here, the same way). */
  private broken: string | null = null;

  private constructor(
    size: number,
    private readonly module: URL,
  ) {
    for (let i = 0; i < size; i++) this.threads.push(this.spawn());
  }

  /** A pool of `size` threads (at least 1); `module` is the threads' code (tests give a broken one). */
  static start(size: number, module: URL = WORKER_URL): ReadPool {
    return new ReadPool(Math.max(1, size), module);
  }

  get size(): number {
    return this.threads.length;
  }

  /** Why the threads could not start, or null. */
  get failedToStart(): string | null {
    return this.broken;
  }

  /** extractBuffer on a thread (here, when threads cannot start). */
  extract(bytes: Buffer, name: string): Promise<ExtractedText> {
    if (this.broken) return extractBuffer(bytes, name);
    return this.send({ op: 'extract', bytes, name }) as Promise<ExtractedText>;
  }

  /** parseReport on a thread (here, when threads cannot start). */
  async parse(text: string, options: ParseOptions): Promise<ParsedReport> {
    if (this.broken) return parseReport(text, options);
    return this.send({ op: 'parse', text, options }) as Promise<ParsedReport>;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }

  private send(job: Job): Promise<ExtractedText | ParsedReport> {
    return this.post(job).catch(async (err): Promise<ExtractedText | ParsedReport> => {
      if (!(err instanceof RetryHere)) throw err;
      return job.op === 'extract'
        ? extractBuffer(Buffer.from(job.bytes), job.name)
        : parseReport(job.text, job.options);
    });
  }

  private post(job: Job): Promise<ExtractedText | ParsedReport> {
    if (this.closed) return Promise.reject(new Error('读取线程已关闭'));
    const id = this.nextId++;
    // The least busy thread: a big PDF on one does not hold up the texts behind it.
    const thread = this.threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage({ ...job, id } as ReadJob);
    });
  }

  private spawn(): Thread {
    const worker = this.module.href.endsWith('.ts')
      ? new Worker(viaTsx(this.module), { eval: true })
      : new Worker(this.module);
    const thread: Thread = { worker, pending: new Map(), started: false };
    worker.on('message', (reply: ReadReply) => {
      thread.started = true;
      const p = thread.pending.get(reply.id);
      if (!p) return;
      thread.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.value);
      else p.reject(errorOf(reply.error));
    });
    const fail = (why: string) => {
      const jobs = [...thread.pending.values()];
      thread.pending.clear();
      if (!thread.started && !this.closed) {
        // It could not start (its module would not load): no thread will. Read its jobs here.
        // The first reason is kept: each thread's error is followed by its exit code, which says less.
        this.broken ??= why;
        for (const p of jobs) p.reject(new RetryHere());
        return;
      }
      for (const p of jobs) p.reject(new Error(`读取线程意外退出（${why}）`));
      if (this.closed) return;
      const at = this.threads.indexOf(thread);
      if (at >= 0) this.threads[at] = this.spawn();
    };
    worker.on('error', (err) => fail(err.message));
    worker.on('exit', (code) => {
      if (!this.closed) fail(`退出码 ${code}`);
    });
    return thread;
  }
}

/** The thread's module beside this one: .ts when run from source, .js when built. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(`./read-worker${FROM_SOURCE ? '.ts' : '.js'}`, import.meta.url);

/**
 * From source, a thread's imports need tsx's loader, which a worker does not inherit from
 * the main thread: a two-line script registers it, then loads the module.
 */
function viaTsx(module: URL): string {
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return `import(${api}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); });`;
}

/** A job sent to a thread that could not start: done in the main thread instead. */
class RetryHere extends Error {}

function errorOf(e: { name: string; message: string; code?: string; file?: string }): Error {
  if (e.name === 'ExtractError' && e.code !== undefined && e.file !== undefined)
    return new ExtractError(e.code as ExtractErrorCode, e.file, e.message);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}
