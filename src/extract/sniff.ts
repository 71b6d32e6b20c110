// What kind of file is this? Magic bytes first, the extension second: report
// downloads are often misnamed (a ".doc" that is really a saved web page, a
// ".pdf" that is an HTML error page).
import path from 'node:path';
import { type ExtractError, unsupportedError } from './errors.js';

export type Sniffed = 'pdf' | 'docx' | 'textlike';

const SAVE_AS_DOCX = '请在 Word 或 WPS 中“另存为” .docx（或 PDF）后再发送。';
const SEND_REPORT = '年度报告请提供 PDF、Word（.docx）、网页或纯文本版本。';
const NO_OCR = '暂不支持 OCR 文字识别，请提供可以复制文字的 PDF、Word（.docx）或网页版本。';

/** Lower-case extension without the dot ('' when none). */
export function extensionOf(file: string): string {
  return path.extname(file).slice(1).toLowerCase();
}

/**
 * Classify by content. Returns the kind to extract, or throws ExtractError
 * 'unsupported' for a recognised format we do not read.
 */
export function sniffKind(buf: Buffer, file: string): Sniffed {
  const head = buf.subarray(0, 1024);
  // The PDF header may follow a little junk; readers accept it within 1 KB.
  if (head.includes('%PDF-')) return 'pdf';
  // Every format below is told by its first byte (most text files: none of these, issue 13).
  if (buf.length === 0 || !FIRST_BYTES[buf[0]]) return 'textlike';
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04]) || startsWith(buf, [0x50, 0x4b, 0x05, 0x06]))
    return sniffZip(buf, file);
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) throw oleError(buf, file);
  const other = recognisedBinary(buf);
  if (other) throw unsupportedError(file, other.what, other.advice);
  if (/^\s*\{\\rtf/.test(head.toString('latin1'))) throw unsupportedError(file, 'RTF 格式文档', SAVE_AS_DOCX);
  return 'textlike';
}

/**
 * The first bytes sniffKind's checks past the PDF header can match: ZIP (P), OLE2, the images
 * and archives of recognisedBinary, and what may start RTF after white space (/^\s*\{/ read
 * as Latin-1: TAB to CR, space, NBSP, '{').
 */
const FIRST_BYTES = new Uint8Array(256);
for (const b of [0x50, 0xd0, 0x89, 0xff, 0x47, 0x49, 0x4d, 0x52, 0x42, 0x37, 0x1f, 0x20, 0xa0, 0x7b])
  FIRST_BYTES[b] = 1;
for (let b = 0x09; b <= 0x0d; b++) FIRST_BYTES[b] = 1;

/** The unsupported-format error for a known binary extension whose content is not text. */
export function unsupportedByExtension(file: string): ExtractError | null {
  const ext = extensionOf(file);
  const known: Record<string, [string, string]> = {
    doc: ['旧版 Word 格式（.doc）', SAVE_AS_DOCX],
    wps: ['WPS 文字格式（.wps）', SAVE_AS_DOCX],
    xls: ['Excel 表格（.xls）', SEND_REPORT],
    xlsx: ['Excel 表格（.xlsx）', SEND_REPORT],
    et: ['WPS 表格（.et）', SEND_REPORT],
    ppt: ['PowerPoint 演示文稿（.ppt）', SEND_REPORT],
    pptx: ['PowerPoint 演示文稿（.pptx）', SEND_REPORT],
    ofd: ['OFD 版式文件', '请用 OFD 阅读器（数科、福昕等）另存为 PDF 后再发送。'],
    zip: ['压缩包（.zip）', '请解压后单独发送其中的报告文件。'],
    rar: ['压缩包（.rar）', '请解压后单独发送其中的报告文件。'],
    '7z': ['压缩包（.7z）', '请解压后单独发送其中的报告文件。'],
    jpg: ['图片', NO_OCR],
    jpeg: ['图片', NO_OCR],
    png: ['图片', NO_OCR],
    gif: ['图片', NO_OCR],
    bmp: ['图片', NO_OCR],
    tif: ['图片', NO_OCR],
    tiff: ['图片', NO_OCR],
    webp: ['图片', NO_OCR],
  };
  const k = known[ext];
  return k ? unsupportedError(file, k[0], k[1]) : null;
}

function startsWith(buf: Buffer, bytes: number[]): boolean {
  return buf.length >= bytes.length && bytes.every((b, i) => buf[i] === b);
}

// ZIP entry names are stored uncompressed in the local and central headers,
// so the package type shows in the raw bytes.
function sniffZip(buf: Buffer, file: string): Sniffed {
  if (buf.includes('word/')) return 'docx';
  if (buf.includes('xl/workbook.xml')) throw unsupportedError(file, 'Excel 表格（.xlsx）', SEND_REPORT);
  if (buf.includes('ppt/presentation.xml')) throw unsupportedError(file, 'PowerPoint 演示文稿（.pptx）', SEND_REPORT);
  if (buf.includes('OFD.xml')) {
    throw unsupportedError(file, 'OFD 版式文件', '请用 OFD 阅读器（数科、福昕等）另存为 PDF 后再发送。');
  }
  throw unsupportedError(file, 'ZIP 压缩包', '请解压后单独发送其中的报告文件。');
}

// OLE2 compound files: old Office and WPS formats, and password-protected
// new-format Office files. The directory holds stream names in UTF-16LE.
function oleError(buf: Buffer, file: string): ExtractError {
  const has = (name: string) => buf.includes(Buffer.from(name, 'utf16le'));
  const ext = extensionOf(file);
  if (has('EncryptedPackage')) {
    return unsupportedError(file, '设置了打开密码的 Office 文档', '请取消密码后另存为 .docx 再发送。');
  }
  if (has('WordDocument')) {
    return ext === 'wps'
      ? unsupportedError(file, 'WPS 文字格式（.wps）', SAVE_AS_DOCX)
      : unsupportedError(file, '旧版 Word 格式（.doc）', SAVE_AS_DOCX);
  }
  if (has('Workbook') || has('Book')) return unsupportedError(file, 'Excel 表格（.xls）', SEND_REPORT);
  if (has('PowerPoint Document')) return unsupportedError(file, 'PowerPoint 演示文稿（.ppt）', SEND_REPORT);
  return unsupportedError(file, '旧版 Office 格式文件', SAVE_AS_DOCX);
}

function recognisedBinary(buf: Buffer): { what: string; advice: string } | null {
  const image = (fmt: string) => ({ what: `图片（${fmt}）`, advice: NO_OCR });
  const archive = (fmt: string) => ({ what: `压缩包（${fmt}）`, advice: '请解压后单独发送其中的报告文件。' });
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47])) return image('PNG');
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return image('JPEG');
  if (startsWith(buf, [0x47, 0x49, 0x46, 0x38])) return image('GIF');
  if (startsWith(buf, [0x49, 0x49, 0x2a, 0x00]) || startsWith(buf, [0x4d, 0x4d, 0x00, 0x2a])) return image('TIFF');
  if (startsWith(buf, [0x52, 0x49, 0x46, 0x46]) && buf.subarray(8, 12).toString('latin1') === 'WEBP')
    return image('WebP');
  // "BM" also starts ordinary text; require the size field to match.
  if (startsWith(buf, [0x42, 0x4d]) && buf.length >= 6 && buf.readUInt32LE(2) === buf.length) return image('BMP');
  if (startsWith(buf, [0x52, 0x61, 0x72, 0x21])) return archive('RAR');
  if (startsWith(buf, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return archive('7z');
  if (startsWith(buf, [0x1f, 0x8b])) return archive('gzip');
  return null;
}
