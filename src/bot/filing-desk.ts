// The I/O edge of filing in the chat: downloads a sent file within the size limit,
// reads and parses it, asks src/bot/filing.ts what to do, holds it in memory for
// 确认 or keeps the original under <data>/filed/ and stores it through the same
// ingest as the command line, then words the reply (src/bot/filing-replies.ts).
// Never throws: every failure is a Chinese reply, and nothing is stored on one.
// The store is either backend's (SQLite, or the PostgreSQL database several instances
// share): every call awaited; on PostgreSQL the report and its search chunks are
// written in one transaction (the batch ingest opens), so another instance never sees
// the report without them.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { FilingConfig } from '../config/schema.js';
import { ExtractError, extractBuffer } from '../extract/index.js';
import { tooLargeError } from '../extract/errors.js';
import { ingestPaths, INGEST_EXTENSIONS } from '../ingest/index.js';
import type { NamedEmbeddings } from '../retrieval/index.js';
import { writeFileAtomic } from '../io/index.js';
import { parseReport } from '../parse/index.js';
import type { Registry } from '../remind/config.js';
import { findOffice } from './remind-commands.js';
import type { ReportStore } from '../store/report-store.js';
import { confirmNeedsAdmin, decideFiling, type FiledIdentity, parseConfirmArg, registryEntryFor } from './filing.js';
import { conversationOf, HeldFiles, HOLD_MS } from './filing-held.js';
import {
  cancelledText,
  CONFIRM_ADMIN_ONLY,
  CONFIRM_USAGE,
  holdText,
  NOTHING_HELD,
  notReportText,
  receiptText,
} from './filing-replies.js';
import { type Addressing, isServed, matchesAny } from './intent.js';
import {
  type Attachment,
  FileTooLargeError,
  type FilingDesk,
  type FilingReply,
  type Incoming,
  type Logger,
} from './types.js';

/** Where the originals of filed reports are kept, under the data folder. */
export const FILED_DIR = 'filed';

export interface FilingDeskOptions {
  store: ReportStore;
  /**
   * The search index's embeddings. On a store that keeps search chunks (PostgreSQL), a
   * filed report's chunks and vectors are saved in the commit that stores it; without
   * them (or on SQLite) `onStored` brings the search index up to date afterwards.
   */
  embeddings?: NamedEmbeddings;
  dataDir: string;
  /** The reminder registry (`offices:`); empty = no reminders, nothing to hold a report against. */
  registry: Registry;
  filing: FilingConfig;
  /** The rooms and contacts the bot serves at all. */
  served: Pick<Addressing, 'rooms' | 'contacts'>;
  logger: Logger;
  /** Wall-clock ms (held files expire after 24 hours of it). */
  clock?: () => number;
  /** After a report is stored: the search index and the question engine read the store again. */
  onStored?: () => Promise<void> | void;
}

const MB = 1024 * 1024;

export function createFilingDesk(opts: FilingDeskOptions): FilingDesk {
  const clock = opts.clock ?? Date.now;
  const held = new HeldFiles(HOLD_MS);
  const limit = Math.floor(opts.filing.maxFileMB * MB);
  const ctxOf = (msg: Incoming) => ({ registry: opts.registry, roomId: msg.roomId, roomTopic: msg.roomTopic });
  const where = (msg: Incoming) => ({ room: msg.roomTopic ?? msg.roomId ?? null, asker: msg.senderName });
  // One filing at a time: ingest writes in batches (a transaction on the shared
  // connection, or one PostgreSQL transaction), and two files sent at once must not
  // interleave inside one.
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(job: () => Promise<T>): Promise<T> => {
    const next = queue.then(job, job);
    queue = next.catch(() => undefined);
    return next;
  };

  async function download(file: Attachment): Promise<Buffer | FilingReply> {
    if (file.size !== null && file.size > limit)
      return { text: `${tooLargeError(file.name, file.size, limit).message}未保存。`, kind: 'file-refused' };
    try {
      return await file.read(limit);
    } catch (err) {
      if (err instanceof FileTooLargeError) {
        return {
          text: `文件「${file.name}」超过 ${opts.filing.maxFileMB} MB 的上限，未读取，未保存。年度报告一般只有几百 KB 到几 MB，请确认是否发错了文件。`,
          kind: 'file-refused',
        };
      }
      opts.logger.warn({ err, file: file.name }, 'filing download failed');
      return { text: `文件「${file.name}」下载失败，未保存，请重新发送。`, kind: 'file-refused' };
    }
  }

  async function receive(msg: Incoming, file: Attachment): Promise<FilingReply> {
    const bytes = await download(file);
    if (!Buffer.isBuffer(bytes)) {
      opts.logger.info({ ...where(msg), file: file.name, outcome: 'refused' }, 'filing');
      return bytes;
    }
    let text: string;
    try {
      text = (await extractBuffer(bytes, file.name)).text;
    } catch (err) {
      if (!(err instanceof ExtractError)) throw err;
      opts.logger.info({ ...where(msg), file: file.name, outcome: 'unreadable', code: err.code }, 'filing');
      return { text: `${err.message}（未保存）`, kind: 'file-refused' };
    }
    const parsed = parseReport(text, { file: file.name });
    const fromFileName = parsed.origin?.office?.from === 'filename' || parsed.origin?.year?.from === 'filename';
    const identity: FiledIdentity = {
      format: parsed.format,
      office: parsed.office,
      year: parsed.year,
      region: parsed.region,
      kind: parsed.kind,
      fromFileName,
    };
    const decision = decideFiling(identity, ctxOf(msg));
    if (decision.action === 'refuse') {
      opts.logger.info({ ...where(msg), file: file.name, outcome: 'not-a-report' }, 'filing');
      return { text: notReportText(file.name), kind: 'file-refused' };
    }
    if (decision.action === 'hold') {
      held.put(
        {
          conversation: conversationOf(msg),
          senderId: msg.senderId,
          senderName: msg.senderName,
          name: file.name,
          bytes,
          identity,
          reason: decision.reason,
          needsAdmin: decision.needsAdmin,
          at: clock(),
        },
        clock(),
      );
      opts.logger.info({ ...where(msg), file: file.name, outcome: 'held', reason: decision.reason }, 'filing');
      return {
        text: holdText({
          name: file.name,
          office: identity.office,
          year: identity.year,
          reason: decision.reason,
          needsAdmin: decision.needsAdmin,
          roomOffices: decision.roomOffices,
          hours: HOLD_MS / 3_600_000,
          fromFileName: identity.fromFileName,
        }),
        kind: 'file-held',
      };
    }
    return store(msg, file.name, bytes, {}, decision.entry);
  }

  /** Keeps the original, ingests it, and says what was stored. */
  async function store(
    msg: Incoming,
    name: string,
    bytes: Buffer,
    supplied: { office?: string; year?: number },
    entry: FilingEntry,
    confirmedBy?: string,
  ): Promise<FilingReply> {
    const file = filedPath(opts.dataDir, name, bytes, new Date(clock()));
    const existed = existsSync(file);
    if (!existed) {
      mkdirSync(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, bytes);
    }
    const embedding =
      opts.embeddings && opts.store.saveChunks ? { embeddings: opts.embeddings, onChunkError: chunkError(name) } : {};
    const [result] = await ingestPaths([file], {
      store: opts.store,
      identity: supplied,
      registry: opts.registry,
      ...embedding,
    });
    if (!result || result.status === 'failed' || result.status === 'skipped' || result.reportId === undefined) {
      if (!existed) rmSync(file, { force: true });
      opts.logger.info({ ...where(msg), file: name, outcome: 'failed', reason: result?.reason }, 'filing');
      return { text: `文件「${name}」未能登记：${result?.reason ?? '原因不明'}。未保存。`, kind: 'file-refused' };
    }
    const report = (await opts.store.getReport(result.reportId))!;
    const previousId =
      result.status === 'replaced'
        ? (await opts.store.reportHistory(report.officeId, report.year)).find((r) => r.supersededBy === report.id)?.id
        : undefined;
    const previous = previousId !== undefined ? await opts.store.getReport(previousId) : null;
    if (result.status !== 'unchanged') await opts.onStored?.();
    opts.logger.info(
      {
        ...where(msg),
        file: name,
        outcome: result.status,
        office: report.officeName,
        year: report.year,
        reportId: report.id,
      },
      'filing',
    );
    const status = result.status as 'added' | 'replaced' | 'unchanged' | 'conflict';
    return {
      text: receiptText({
        report,
        status,
        previous,
        entry,
        conflictFile: result.conflictWith ? path.basename(result.conflictWith.file) : undefined,
        confirmedBy,
      }),
      kind: `file-${status}`,
    };
  }

  // The report is stored all the same; the search index's sync embeds its chunks later.
  const chunkError = (name: string) => (err: Error) =>
    opts.logger.warn({ err, file: name }, 'filing chunks not embedded');

  async function confirm(msg: Incoming, arg: string): Promise<FilingReply> {
    const h = held.find(msg, clock());
    if (!h) return { text: NOTHING_HELD, kind: 'file-none' };
    const words = parseConfirmArg(arg);
    // Words naming a registered office file under its registered name (城郊 → 城郊街道).
    let entry: FilingEntry = null;
    let office = h.identity.office;
    if (words.office) {
      const found = findOffice(opts.registry, words.office);
      entry = 'entry' in found ? found.entry : null;
      office = entry ? entry.name : words.office;
    } else {
      entry = registryEntryFor(opts.registry, h.identity);
    }
    const year = words.year ?? h.identity.year;
    if (!office || year === null) return { text: CONFIRM_USAGE, kind: 'file-held' };
    if ((h.needsAdmin || confirmNeedsAdmin(ctxOf(msg), entry)) && !msg.isAdmin)
      return { text: CONFIRM_ADMIN_ONLY, kind: 'refused' };
    held.remove(h);
    // What the text does not say is supplied (the kept file's name is not the name it was sent under).
    const fromName = h.identity.fromFileName === true;
    const supplied = {
      ...(words.office || fromName ? { office } : {}),
      ...(words.year !== null || fromName ? { year } : {}),
    };
    const by =
      words.office || words.year !== null
        ? `（按${msg.senderName}的确认：${office} ${year} 年度）`
        : `（${msg.senderName}已确认）`;
    return store(msg, h.name, h.bytes, supplied, entry, by);
  }

  function cancel(msg: Incoming): FilingReply {
    const h = held.find(msg, clock());
    if (!h) return { text: NOTHING_HELD, kind: 'file-none' };
    held.remove(h);
    opts.logger.info({ ...where(msg), file: h.name, outcome: 'cancelled' }, 'filing');
    return { text: cancelledText(h.name), kind: 'file-cancelled' };
  }

  return {
    allows(msg) {
      const f = opts.filing;
      if (!f.enabled || !isServed(msg, opts.served)) return false;
      if (msg.roomId !== undefined) return f.rooms.length === 0 || matchesAny(f.rooms, msg.roomId, msg.roomTopic);
      return msg.isAdmin || f.contacts.length === 0 || matchesAny(f.contacts, msg.senderId, msg.senderName);
    },
    holds: (msg) => held.find(msg, clock()) !== null,
    async receive(msg, file) {
      try {
        return await oneAtATime(() => receive(msg, file));
      } catch (err) {
        opts.logger.error({ err, ...where(msg), file: file.name }, 'filing failed');
        return { text: `处理文件「${file.name}」时出错，未保存，请稍后重新发送。`, kind: 'error' };
      }
    },
    confirm: (msg, arg) => oneAtATime(() => confirm(msg, arg)),
    cancel,
  };
}

type FilingEntry = Registry[number] | null;

/**
 * <data>/filed/<YYYY-MM>/<sha256 first 12>-<name>: the same file sent twice is one
 * original; a name with no readable extension gets the one its content has.
 */
export function filedPath(dataDir: string, name: string, bytes: Buffer, at: Date): string {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  let safe =
    path
      .basename(name.replace(/\\/g, '/'))
      .replace(/[\u0000-\u001f<>:"|?*]/g, '_')
      .slice(-120) || '年报';
  if (!(INGEST_EXTENSIONS as readonly string[]).includes(path.extname(safe).toLowerCase()))
    safe += kindExtension(bytes);
  const month = at.toISOString().slice(0, 7);
  return path.join(dataDir, FILED_DIR, month, `${hash}-${safe}`);
}

function kindExtension(bytes: Buffer): string {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return '.pdf';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return '.docx';
  return '.txt';
}
