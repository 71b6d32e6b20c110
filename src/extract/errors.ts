// The one error type of the extract stage. Its message is what the user reads
// (in a WeChat group or the CLI), so it is Chinese and names the file.

export type ExtractErrorCode = 'empty' | 'binary' | 'too_large' | 'unsupported' | 'encoding' | 'corrupt' | 'no_text';

export class ExtractError extends Error {
  override readonly name = 'ExtractError';
  readonly code: ExtractErrorCode;
  /** The file name the message refers to (base name, as the user knows it). */
  readonly file: string;

  constructor(code: ExtractErrorCode, file: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.file = file;
  }
}

/** 「name」 — the quoting every message uses for the file. */
export function quoteName(file: string): string {
  return `「${file}」`;
}

const SUPPORTED = '支持的格式：PDF（带文字层）、Word（.docx）、网页（.html）和纯文本（.txt）。';

export function emptyError(file: string, whitespaceOnly = false): ExtractError {
  return new ExtractError(
    'empty',
    file,
    whitespaceOnly
      ? `文件${quoteName(file)}只有空白字符，没有可读取的文字。`
      : `文件${quoteName(file)}是空文件（0 字节），没有可读取的文字。`,
  );
}

/** The file has bytes but no readable text once its markup or layout is removed. */
export function noContentError(file: string, what: string): ExtractError {
  return new ExtractError('empty', file, `文件${quoteName(file)}${what}`);
}

export function binaryError(file: string): ExtractError {
  return new ExtractError(
    'binary',
    file,
    `文件${quoteName(file)}不是文本文件（含有二进制数据），也不是可识别的文档格式，无法读取。${SUPPORTED}`,
  );
}

export function tooLargeError(file: string, bytes: number, limit: number): ExtractError {
  return new ExtractError(
    'too_large',
    file,
    `文件${quoteName(file)}大小为 ${formatMB(bytes)}，超过 ${formatMB(limit)} 的上限，未读取。` +
      '年度报告一般只有几百 KB 到几 MB，请确认是否发错了文件，或压缩图片后再发送。',
  );
}

export function unsupportedError(file: string, what: string, advice: string): ExtractError {
  return new ExtractError('unsupported', file, `文件${quoteName(file)}是${what}，暂不支持。${advice}`);
}

export function encodingError(file: string): ExtractError {
  return new ExtractError(
    'encoding',
    file,
    `文件${quoteName(file)}的文字编码无法识别（不是 UTF-8、UTF-16，也不像 GBK/GB18030），读出来会是乱码。请用记事本或 WPS 另存为 UTF-8 编码后再发送。`,
  );
}

/** The library's own (English) reason stays in `cause`, for logs, not in the user's message. */
export function corruptError(file: string, what: string, cause?: unknown): ExtractError {
  return new ExtractError('corrupt', file, `文件${quoteName(file)}${what}`, { cause });
}

export function noTextError(file: string, pages: number): ExtractError {
  return new ExtractError(
    'no_text',
    file,
    `文件${quoteName(file)}（PDF，${pages} 页）没有可提取的文字层，很可能是扫描件或由图片生成的 PDF。` +
      '暂不支持 OCR 文字识别，请提供可以复制文字的 PDF、Word（.docx）或网页版本。',
  );
}

function formatMB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
