// Stage one of the data's way: file → text. PDF, Word (.docx), HTML and plain
// text in any common encoding come out as plain text in reading order, with
// table rows as lines of TAB-separated cells (merged cells: text once, the
// covered positions empty) — the shape src/parse reads.
import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readFile as readFileCb,
  readSync,
  stat as statCb,
  statSync,
  type Stats,
} from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ACTED_ON, decodeText } from './decode.js';
import { docxToText } from './docx.js';
import { corruptError, emptyError, ExtractError, noContentError, tooLargeError, unsupportedError } from './errors.js';
import { declaredCharset, hasFurnitureLine, htmlToText, isFurnitureLine, looksLikeHtml } from './html.js';
import { foldCompatHan, normalizeNewlines } from './normalize.js';
import { pdfToText } from './pdf.js';
import { extensionOf, sniffKind, unsupportedByExtension } from './sniff.js';

export { ExtractError } from './errors.js';
export type { ExtractErrorCode } from './errors.js';
export { htmlToText } from './html.js';

export type SourceKind = 'text' | 'html' | 'docx' | 'pdf';

export interface ExtractedText {
  text: string;
  kind: SourceKind;
  /** 'UTF-8', 'UTF-16LE', 'GB18030', …; 'n/a' for pdf and docx (binary formats). */
  encoding: string;
  /** Page count, for PDFs. */
  pages?: number;
  /** Chinese, for the user: what was repaired or left out while reading (never a reason to refuse). */
  warnings?: string[];
  /**
   * The text's UTF-8, where it is the file's own bytes (a UTF-8 text file nothing was changed
   * in): a store hashes and keeps these bytes rather than encoding the text again.
   */
  utf8?: Buffer;
}

/**
 * Files above this are refused before they are read. Annual reports are a few
 * hundred KB to a few MB (a scanned seal or two included); 20 MB leaves room
 * for image-heavy PDFs while bounding memory: pdf.js holds several times the
 * file size while parsing, on a small 2-core bot host that also serves chats.
 */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

const HTML_EXTENSIONS = new Set(['html', 'htm', 'shtml', 'xhtml', 'jsp', 'asp', 'aspx', 'php']);

// The callback API, promised: fs.promises' stat and readFile took ~50% more CPU a file
// (~0.054 → 0.037 ms with eight reads in flight, as ingest keeps them; issue 13).
const fs = { stat: promisify(statCb), readFile: promisify(readFileCb) };

/** Read a file from disk and extract its text. Throws ExtractError. */
export async function extractText(filePath: string): Promise<ExtractedText> {
  return extractBuffer(await readInputFile(filePath), path.basename(filePath));
}

/**
 * A file's bytes, refused with the same Chinese errors as extractText (missing, a folder,
 * too large, empty) before anything is parsed. Ingest reads the next files with it while
 * the current one is parsed.
 */
export async function readInputFile(filePath: string): Promise<Buffer> {
  const file = path.basename(filePath);
  let stat;
  try {
    stat = await fs.stat(filePath);
  } catch (err) {
    throw statError(file, err);
  }
  checkInputStat(stat, () => file);
  try {
    return await fs.readFile(filePath);
  } catch (err) {
    throw corruptError(file, '无法读取。', err);
  }
}

/** Files up to this size may be read at once on the calling thread (readSmallInputFile). */
export const SYNC_READ_BYTES = 1024 * 1024;

/**
 * A small file's bytes read at once (open, fstat, read: ~0.017 ms of CPU for a 17 KB report,
 * where readInputFile's round trips through libuv's threads took ~0.06 ms, issue 13), or
 * undefined for a file above `limit` (read it with readInputFile, off the thread). Refused
 * with readInputFile's errors. Blocks the thread for the read: for ingest on its one thread.
 */
export function readSmallInputFile(filePath: string, limit = SYNC_READ_BYTES): Buffer | undefined {
  let fd: number;
  try {
    // Stated by the open file (a stat by name, then readFileSync's own, stated it twice).
    // O_NONBLOCK: a FIFO opens at once (and is refused as empty) instead of waiting for a writer.
    fd = openSync(filePath, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw unopenedError(filePath, path.basename(filePath), err);
  }
  try {
    const stat = fstatSync(fd);
    checkInputStat(stat, () => path.basename(filePath));
    if (stat.size > limit) return undefined;
    return readUpTo(fd, stat.size);
  } catch (err) {
    throw err instanceof ExtractError ? err : corruptError(path.basename(filePath), '无法读取。', err);
  } finally {
    closeSync(fd);
  }
}

/** The first `size` bytes of the open file, fewer where it ends sooner (as readFileSync reads a file of that size). */
function readUpTo(fd: number, size: number): Buffer {
  const bytes = Buffer.allocUnsafe(size);
  let at = 0;
  for (let n = -1; n !== 0 && at < size; at += n) n = readSync(fd, bytes, at, size - at, at);
  return at < size ? bytes.subarray(0, at) : bytes;
}

/**
 * Why a file could not be opened, as a stat then a read said it: missing, a folder, too large
 * or empty by its stat, else unreadable (a file the user may not read).
 */
function unopenedError(filePath: string, file: string, err: unknown): ExtractError {
  let stat: Stats;
  try {
    stat = statSync(filePath);
  } catch (statErr) {
    return statError(file, statErr);
  }
  try {
    checkInputStat(stat, () => file);
  } catch (refused) {
    return refused as ExtractError;
  }
  return corruptError(file, '无法读取。', err);
}

function statError(file: string, err: unknown): ExtractError {
  const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
  return corruptError(file, missing ? '不存在，无法读取。' : '无法读取。', err);
}

/**
 * A folder, a file too large or an empty one is refused before it is read. `name`: the file's
 * name, asked only for a refusal (~1 µs a file on ingest's path, issue 13).
 */
function checkInputStat(stat: Stats, name: () => string): void {
  if (stat.isDirectory()) throw unsupportedError(name(), '文件夹', '请指定其中的报告文件。');
  if (stat.size > MAX_FILE_BYTES) throw tooLargeError(name(), stat.size, MAX_FILE_BYTES);
  if (stat.size === 0) throw emptyError(name());
}

/** Extract text from file contents. The kind comes from magic bytes first, the name's extension second. */
export async function extractBuffer(buf: Buffer, name: string): Promise<ExtractedText> {
  const file = path.basename(name) || name;
  if (buf.length > MAX_FILE_BYTES) throw tooLargeError(file, buf.length, MAX_FILE_BYTES);
  if (buf.length === 0) throw emptyError(file);

  const sniffed = sniffKind(buf, file);
  if (sniffed === 'pdf') {
    const { text, pages } = await pdfToText(buf, file);
    return {
      text: finish(text, () => noContentError(file, '（PDF）中没有可提取的文字。')),
      kind: 'pdf',
      encoding: 'n/a',
      pages,
    };
  }
  if (sniffed === 'docx') {
    const text = await docxToText(buf, file);
    return {
      text: finish(text, () => noContentError(file, '（Word 文档）中没有文字。')),
      kind: 'docx',
      encoding: 'n/a',
    };
  }

  let decoded;
  try {
    decoded = decodeText(buf, file, () => declaredCharset(buf));
  } catch (err) {
    if (err instanceof ExtractError && err.code === 'binary') throw binaryByName(file, extensionOf(file)) ?? err;
    throw err;
  }
  const bomless = decoded.text.replace(/^\ufeff/, '');
  // None of what the steps below act on (ACTED_ON: most text files, told by the decoding's own
  // scan where it made one): their four scans are skipped (~4 µs a 2,300-character report).
  const untouched = decoded.unmarked === true || !ACTED_ON.test(bomless);
  const raw = untouched ? bomless : bomless.replace(/\u0000/g, '');
  const warned = decoded.warnings?.length ? { warnings: decoded.warnings } : {};
  // Content over extension: markup is read as HTML whatever the name says, and a
  // ".html" with no markup at all is plain text (its lines are its structure).
  if (
    !untouched &&
    (looksLikeHtml(raw) || (HTML_EXTENSIONS.has(extensionOf(file)) && /<[a-z!][^>]*>/i.test(raw.slice(0, 65536))))
  ) {
    const text = finish(htmlToText(raw), () =>
      noContentError(
        file,
        '（网页）中没有找到正文文字，可能是由脚本动态加载的页面；请复制网页正文，另存为文本文件后再发送。',
      ),
    );
    return { text, kind: 'html', encoding: decoded.encoding, ...warned };
  }
  const text = untouched
    ? finish(plainText(raw), () => emptyError(file, true), false)
    : finish(plainText(normalizeNewlines(raw)), () => emptyError(file, true));
  // Each step hands back the string it was given when it changes nothing: one comparison.
  const utf8 = decoded.utf8 && text === decoded.text ? { utf8: decoded.utf8 } : {};
  return { text, kind: 'text', encoding: decoded.encoding, ...warned, ...utf8 };
}

/**
 * Plain text as reports are pasted: HTML tables a PDF converter left inside
 * markdown become TAB rows, and page furniture lines (打印/关闭, 字体大小, menus)
 * are blanked, so line numbers still match the file everywhere else.
 */
function plainText(text: string): string {
  const withTables =
    text.includes('<table') || text.includes('<TABLE')
      ? text.replace(/<table\b[\s\S]*?<\/table>/gi, (t) => htmlToText(t))
      : text;
  // Most files have no furniture line: found by a scan in place, their text is kept as it is.
  if (!hasFurnitureLine(withTables, 200)) return withTables;
  const lines = withTables.split('\n');
  let blanked = false;
  for (let i = 0; i < lines.length; i++)
    if (lines[i].length <= 200 && isFurnitureLine(lines[i])) {
      lines[i] = '';
      blanked = true;
    }
  return blanked ? lines.join('\n') : withTables;
}

/** `text` refused when blank, else with look-alike radicals folded (`compatHan` false: it holds none). */
function finish(text: string, whenEmpty: () => ExtractError, compatHan = true): string {
  if (text.trim() === '') throw whenEmpty();
  return compatHan ? foldCompatHan(text) : text;
}

// Binary content with a telling name: say what it is rather than just "binary".
function binaryByName(file: string, ext: string): ExtractError | null {
  if (ext === 'pdf') return corruptError(file, '的扩展名是 .pdf，但内容不是 PDF（文件可能已损坏或下载不完整）。');
  if (ext === 'docx')
    return corruptError(file, '的扩展名是 .docx，但内容不是 Word 文档（文件可能已损坏或下载不完整）。');
  return unsupportedByExtension(file);
}
