// Bytes → string for text-like files (plain text, HTML). Government sites and
// old Windows tools write GBK as often as UTF-8, so the order is: BOM, then
// strict UTF-8 (valid UTF-8 is UTF-8: GBK Chinese is practically never valid
// UTF-8), then a charset the page declares, then chardet's guess, checked.
import { isUtf8 } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { validUtf8Text } from '../io/utf8-text.js';
import { binaryError, encodingError, quoteName } from './errors.js';

export interface Decoded {
  text: string;
  /** 'UTF-8', 'UTF-16LE', 'UTF-16BE', 'GB18030', 'Big5', … */
  encoding: string;
  /** Chinese, for the user: what was repaired on the way (a stray byte replaced). */
  warnings?: string[];
  /** The bytes `text` is the exact decoding of, where they are valid UTF-8 (a BOM left out). */
  utf8?: Buffer;
  /**
   * True where the text is known to hold none of ACTED_ON's characters (what extract's steps
   * after decoding act on); else unknown.
   */
  unmarked?: boolean;
}

/**
 * What extract's steps after decoding act on: NUL (dropped), CR (line ends), < (markup: every
 * HTML test and <table> looks for one), look-alike radicals (foldCompatHan's).
 */
export const ACTED_ON = /[\u0000\r<\u2f00-\u2fdf\uf900-\ufaff]/;

/**
 * Decode a text-like file. Throws ExtractError 'binary' or 'encoding'. `declared`: the
 * charset the file names, asked only for bytes that are not UTF-8.
 */
export function decodeText(buf: Buffer, file: string, declared?: () => string | null): Decoded {
  const bom = decodeBom(buf);
  if (bom) return bom;
  // Control bytes are valid UTF-8, and still not text: NUL first (or UTF-16), then the others.
  const sample = buf.subarray(0, 64 * 1024);
  if (sample.includes(0)) {
    const utf16 = bomlessUtf16(buf);
    if (utf16) return utf16;
    throw binaryError(file);
  }
  const binary = () => countControls(sample) > Math.max(2, sample.length * 0.005);
  if (isUtf8(buf)) {
    const text = validUtf8Text(buf);
    // A control byte of UTF-8 is its character: none in the text, none in the sample (one
    // regex over the text, not a loop over the bytes); else they are counted. Most texts hold
    // neither these nor ACTED_ON's characters: one scan answers both (~2 µs a report, issue 13).
    const unmarked = !CONTROL_OR_ACTED_ON.test(text);
    if (!unmarked && CONTROL_CHAR.test(text) && binary()) throw binaryError(file);
    return { text, encoding: 'UTF-8', utf8: buf, unmarked };
  }
  if (binary()) throw binaryError(file);
  // UTF-8 with a stray byte or two (a copy cut mid-character, one corrupted byte):
  // reading it as GBK would garble all of it; replace the bad bytes and say where.
  const nearly = nearlyUtf8(buf, file);
  if (nearly) return nearly;

  for (const enc of candidates(sample, declared?.())) {
    const text = iconv.decode(buf, enc);
    if (plausible(text, enc)) return { text, encoding: enc };
  }
  throw encodingError(file);
}

/** At most this many bad spots are repaired; more means another encoding. */
const MAX_REPAIRS = 3;

/**
 * UTF-8 but for a few bad spots (a run of invalid bytes: one corrupted lead byte
 * orphans its continuation bytes too): the rest must hold plenty of valid
 * multi-byte characters (GBK text read as UTF-8 gives almost nothing but replacements).
 */
function nearlyUtf8(buf: Buffer, file: string): Decoded | null {
  const text = buf.toString('utf8');
  const spots: number[] = [];
  let replaced = 0;
  let multiByte = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd) {
      replaced++;
      if (i === 0 || text.charCodeAt(i - 1) !== 0xfffd) spots.push(i);
      if (spots.length > MAX_REPAIRS) return null;
    } else if (c >= 0x80) multiByte++;
  }
  if (spots.length === 0 || multiByte < 20 * replaced || multiByte < 50) return null;
  const lineOf = (at: number) => text.slice(0, at).split('\n').length;
  const lines = [...new Set(spots.map(lineOf))].map((n) => `第 ${n} 行`).join('、');
  const warning = `文件${quoteName(file)}有 ${spots.length} 处字节不是有效的 UTF-8（${lines}），已替换为“\ufffd”，其余内容照常读取；请核对该处文字。`;
  return { text, encoding: 'UTF-8', warnings: [warning] };
}

function decodeBom(buf: Buffer): Decoded | null {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    const rest = buf.subarray(3);
    if (isUtf8(rest)) return { text: validUtf8Text(rest), encoding: 'UTF-8', utf8: rest };
    return { text: rest.toString('utf8'), encoding: 'UTF-8' };
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    return { text: iconv.decode(buf.subarray(2), 'utf16le'), encoding: 'UTF-16LE' };
  }
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    return { text: iconv.decode(buf.subarray(2), 'utf16be'), encoding: 'UTF-16BE' };
  }
  return null;
}

// UTF-16 without a BOM (Notepad "Unicode" sometimes loses it): NUL bytes then
// sit mostly at odd (LE) or even (BE) offsets, under the ASCII characters (a
// few Han characters such as 一 U+4E00 put one on the other side).
function bomlessUtf16(buf: Buffer): Decoded | null {
  if (buf.length % 2 !== 0) return null;
  const sample = buf.subarray(0, 64 * 1024);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] === 0) {
      if (i % 2 === 0) even++;
      else odd++;
    }
  }
  const total = even + odd;
  if (total < 4) return null;
  const encoding = odd / total > 0.8 ? 'UTF-16LE' : even / total > 0.8 ? 'UTF-16BE' : null;
  if (!encoding) return null;
  const text = iconv.decode(buf, encoding === 'UTF-16LE' ? 'utf16le' : 'utf16be');
  // Real text decodes to printable characters; random bytes do not.
  const bad = text.match(/[\u0000-\u0008\u000e-\u001f\ufffd\ud800-\udfff]/g)?.length ?? 0;
  return bad <= text.length * 0.01 ? { text, encoding } : null;
}

// C0 controls other than TAB, LF, VT, FF, CR (form feeds appear in pdftotext output), and DEL.
const CONTROL = new Uint8Array(256);
for (let b = 0; b < 0x20; b++) if (b < 0x09 || b > 0x0d) CONTROL[b] = 1;
CONTROL[0x7f] = 1;

// The same bytes as characters (U+0000–U+007F are the bytes 0x00–0x7F in UTF-8).
const CONTROL_CHAR = /[\x00-\x08\x0e-\x1f\x7f]/;
// CONTROL_CHAR's characters and ACTED_ON's, in one class.
const CONTROL_OR_ACTED_ON = /[\x00-\x08\x0e-\x1f\x7f\r<\u2f00-\u2fdf\uf900-\ufaff]/;

function countControls(sample: Buffer): number {
  let n = 0;
  // An indexed loop over a table, no branch a byte: every text file's first 64 KB pass here.
  for (let i = 0; i < sample.length; i++) n += CONTROL[sample[i]];
  return n;
}

const GB = 'GB18030';
// GB2312 and GBK are subsets of GB18030: decode them all as GB18030.
const GB_FAMILY = /^(gb[-_ ]?2312(-80)?|gbk|x-gbk|cp936|ms936|windows-936|gb18030|euc-cn|hz-gb-2312)$/i;
// chardet mistakes short GBK text for these; in Chinese government files they are GBK.
const CJK_MISREADS = /^(euc-kr|euc-jp|shift_jis|iso-2022-\w+)$/i;

function normalizeName(name: string): string | null {
  const n = name.trim();
  if (GB_FAMILY.test(n)) return GB;
  if (/^big-?5(-hkscs)?$/i.test(n)) return 'Big5';
  if (CJK_MISREADS.test(n)) return GB;
  if (/^utf-?8$/i.test(n)) return null; // already known not to be valid UTF-8
  return iconv.encodingExists(n) ? n : null;
}

function candidates(sample: Buffer, declared?: string | null): string[] {
  const out: string[] = [];
  const add = (name: string | null | undefined) => {
    const n = name ? normalizeName(name) : null;
    if (n && !out.includes(n)) out.push(n);
  };
  add(declared);
  const guesses = chardet.analyse(sample);
  const top = guesses[0]?.name;
  // A single-byte guess for bytes that read as clean Chinese in GB18030 is a
  // misread of short GBK text (chardet says ISO-8859-5 for "规章").
  if (top && isSingleByte(top) && readsAsChinese(sample)) add(GB);
  for (const g of guesses) if (g.confidence >= 10) add(g.name);
  add(GB);
  return out;
}

function isSingleByte(name: string): boolean {
  return /^(iso-8859-\d+|windows-125\d|koi8-r)$/i.test(name);
}

function readsAsChinese(sample: Buffer): boolean {
  const text = iconv.decode(sample, GB);
  if (text.includes('\ufffd')) return false;
  const nonAscii = text.match(/[^\x00-\x7f]/g) ?? [];
  const han = text.match(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/g) ?? [];
  return nonAscii.length > 0 && han.length / nonAscii.length >= 0.8;
}

// A decoding is believable when it has (almost) no replacement characters and,
// for single-byte code pages, no C1 control characters (bytes 0x80–0x9F that
// ISO-8859-x maps to invisible controls: a sure sign of the wrong code page).
function plausible(text: string, enc: string): boolean {
  const replaced = text.match(/\ufffd/g)?.length ?? 0;
  // A couple are tolerated: files cut mid-character at the end.
  if (replaced > Math.max(2, text.length * 0.002)) return false;
  if (isSingleByte(enc) && /[\u0080-\u009f]/.test(text)) return false;
  return true;
}
