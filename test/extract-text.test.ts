import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractError, extractBuffer, extractText, MAX_FILE_BYTES } from '../src/extract/index.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const corpusFile = path.join(repoRoot, 'corpus/2020/城关镇-2020.txt');

// A seed in the shape reports arrive in: prose, a heading, TAB table rows with empty cells.
const SEED = [
  '城关镇人民政府2020年政府信息公开工作年度报告',
  '一、总体情况',
  '2020年全镇主动公开政务信息1947条，较上年增长8%。',
  '第二十条第（一）项\t\t\t',
  '信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量',
  '规范性文件\t0\t0\t0',
  '政府集中采购\t1\t1.06\t',
].join('\n');

async function expectError(p: Promise<unknown>, code: string, ...fragments: string[]): Promise<ExtractError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ExtractError);
  const e = err as ExtractError;
  expect(e.code).toBe(code);
  for (const f of fragments) expect(e.message).toContain(f);
  // Every message is Chinese.
  expect(e.message).toMatch(/[\u4e00-\u9fff]{4}/);
  return e;
}

describe('plain text encodings', () => {
  const cases: [string, Buffer, string][] = [
    ['UTF-8', Buffer.from(SEED, 'utf8'), 'UTF-8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SEED, 'utf8')]), 'UTF-8'],
    ['GBK', iconv.encode(SEED, 'gbk'), 'GB18030'],
    ['GB18030', iconv.encode(SEED, 'gb18030'), 'GB18030'],
    ['UTF-16LE with BOM', iconv.encode(SEED, 'utf16le', { addBOM: true }), 'UTF-16LE'],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(SEED, 'utf16be')]), 'UTF-16BE'],
    ['UTF-16LE without BOM', iconv.encode(SEED, 'utf16le'), 'UTF-16LE'],
  ];
  for (const [label, bytes, encoding] of cases) {
    it(`reads ${label} as the same Chinese text`, async () => {
      const r = await extractBuffer(bytes, 'report.txt');
      expect(r.kind).toBe('text');
      expect(r.encoding).toBe(encoding);
      expect(r.text).toBe(SEED);
    });
  }

  it('reads UTF-8 as the characters written, whatever their width: ASCII, Latin-1, Han, beyond the BMP', async () => {
    // Characters of each UTF-8 length (1–4 bytes), the 4-byte ones outside UTF-16's BMP (two code units).
    const texts = [
      'Annual report 2023\tok\n'.repeat(8),
      `${SEED}\nCafé Zürich ½ — 𠀀𠮷𩸽 end ￥１２３\n`,
      `𠮷${'一'.repeat(70)}\n𩸽`,
    ];
    for (const text of texts) {
      for (const bom of [false, true]) {
        const bytes = Buffer.from(text, 'utf8');
        const r = await extractBuffer(bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) : bytes, 'u.txt');
        expect(r).toMatchObject({ kind: 'text', encoding: 'UTF-8', text });
      }
    }
  });

  it("hands on a file's bytes as the text's UTF-8 only when the text is exactly their decoding", async () => {
    const bytes = Buffer.from(SEED, 'utf8');
    expect((await extractBuffer(bytes, 'a.txt')).utf8?.equals(bytes)).toBe(true);
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    expect((await extractBuffer(withBom, 'a.txt')).utf8?.equals(bytes)).toBe(true);
    // Changed on the way (line ends, a furniture line, a look-alike radical), another encoding, a page: none.
    const changed = [
      Buffer.from(SEED.replace(/\n/g, '\r\n'), 'utf8'),
      Buffer.from(`${SEED}\n打印 关闭`, 'utf8'),
      Buffer.from(`${SEED}\n⼀`, 'utf8'),
      iconv.encode(SEED, 'gbk'),
      Buffer.from(`<html><body><p>${SEED}</p></body></html>`, 'utf8'),
    ];
    for (const b of changed) expect((await extractBuffer(b, 'a.txt')).utf8).toBeUndefined();
  });

  it('reads a short GBK file that chardet alone would call a Cyrillic code page', async () => {
    const r = await extractBuffer(iconv.encode('规章', 'gbk'), 'a.txt');
    expect(r).toMatchObject({ text: '规章', encoding: 'GB18030' });
  });

  it('reads Big5 (traditional Chinese) when it clearly is Big5', async () => {
    const big5 =
      '本報告由淮安市人民政府辦公室根據《中華人民共和國政府信息公開條例》規定編制。本年新收政府信息公開申請數量';
    const r = await extractBuffer(iconv.encode(big5, 'big5'), 'tw.txt');
    expect(r).toMatchObject({ text: big5, encoding: 'Big5' });
  });

  it('normalizes CRLF and lone CR line endings to LF, keeping TABs and trailing empty cells', async () => {
    const crlf = iconv.encode(SEED.replace(/\n/g, '\r\n'), 'gbk');
    expect((await extractBuffer(crlf, 'crlf.txt')).text).toBe(SEED);
    const cr = Buffer.from(SEED.replace(/\n/g, '\r'), 'utf8');
    expect((await extractBuffer(cr, 'cr.txt')).text).toBe(SEED);
  });

  it('passes a corpus report through unchanged', async () => {
    const r = await extractText(corpusFile);
    expect(r.kind).toBe('text');
    expect(r.text).toBe(await fs.readFile(corpusFile, 'utf8'));
  });

  it('maps Kangxi-radical look-alikes (from PDF copies) to ordinary characters', async () => {
    const r = await extractBuffer(Buffer.from('\u2f06、主动公开政府信息情况', 'utf8'), 'k.txt');
    expect(r.text).toBe('二、主动公开政府信息情况');
  });
});

describe('files that are not text', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-extract-'));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('refuses an empty file', async () => {
    const p = path.join(dir, '空.txt');
    await fs.writeFile(p, '');
    await expectError(extractText(p), 'empty', '「空.txt」', '空文件');
    await expectError(extractBuffer(Buffer.alloc(0), '空.txt'), 'empty', '「空.txt」');
  });

  it('refuses a whitespace-only file', async () => {
    await expectError(
      extractBuffer(Buffer.from(' \r\n\t\u3000\n', 'utf8'), 'blank.txt'),
      'empty',
      '「blank.txt」',
      '空白',
    );
  });

  it('refuses random bytes with NULs as binary', async () => {
    // A fixed pseudo-random sequence (LCG) so the test is repeatable.
    const bytes = Buffer.alloc(4096);
    let s = 12345;
    for (let i = 0; i < bytes.length; i++) {
      s = (s * 1103515245 + 12345) >>> 0;
      bytes[i] = s >>> 24;
    }
    bytes[10] = 0;
    await expectError(extractBuffer(bytes, 'data.bin'), 'binary', '「data.bin」', '二进制');
  });

  it('refuses valid UTF-8 dense with control bytes as binary, and reads text with a stray one or two', async () => {
    // Over 0.5 % of the bytes (and more than 2) are controls other than TAB, LF, VT, FF, CR: binary.
    const dense = Buffer.from(`${SEED}\x1b\x07\x1b\x07\x01`, 'utf8');
    await expectError(extractBuffer(dense, 'dense.txt'), 'binary');
    const del = Buffer.from(`${SEED}\x7f\x7f\x7f`.repeat(2), 'utf8');
    await expectError(extractBuffer(del, 'del.txt'), 'binary');
    const stray = `${SEED}\x1b[0m\x07`;
    expect((await extractBuffer(Buffer.from(stray, 'utf8'), 'stray.txt')).text).toBe(stray);
  });

  it('refuses a file over the size limit before reading it (sparse 50 MB file)', async () => {
    const p = path.join(dir, '超大报告.pdf');
    const fh = await fs.open(p, 'w');
    await fh.close();
    await fs.truncate(p, 50 * 1024 * 1024);
    expect(MAX_FILE_BYTES).toBeLessThan(50 * 1024 * 1024);
    const e = await expectError(extractText(p), 'too_large', '「超大报告.pdf」', '50.0 MB', '20.0 MB');
    expect(e.file).toBe('超大报告.pdf');
  });

  it('refuses a buffer over the limit too', async () => {
    await expectError(extractBuffer(Buffer.alloc(MAX_FILE_BYTES + 1, 0x41), 'big.txt'), 'too_large', '「big.txt」');
  });

  it('says a missing file is missing', async () => {
    await expectError(extractText(path.join(dir, '没有这个文件.pdf')), 'corrupt', '「没有这个文件.pdf」', '不存在');
  });

  it('names old Word, images, archives and other formats it does not read', async () => {
    const ole = Buffer.alloc(2048);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    Buffer.from('WordDocument', 'utf16le').copy(ole, 1024);
    await expectError(extractBuffer(ole, '2020年报.doc'), 'unsupported', '「2020年报.doc」', '.doc', '.docx');

    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);
    await expectError(extractBuffer(png, 'scan.png'), 'unsupported', '「scan.png」', '图片', 'OCR');

    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from('reports/a.pdf')]);
    await expectError(extractBuffer(zip, '材料.zip'), 'unsupported', '「材料.zip」', '压缩包');

    const xlsx = Buffer.concat([
      Buffer.from([0x50, 0x4b, 0x03, 0x04]),
      Buffer.alloc(26),
      Buffer.from('xl/workbook.xml'),
    ]);
    await expectError(extractBuffer(xlsx, '统计.xlsx'), 'unsupported', '「统计.xlsx」', 'Excel');

    await expectError(
      extractBuffer(Buffer.from('{\\rtf1\\ansi 年度报告}'), 'r.rtf'),
      'unsupported',
      '「r.rtf」',
      'RTF',
    );
  });

  it('tells RTF after any white space its check reads as Latin-1 (TAB to CR, space, NBSP), and no other lead byte', async () => {
    // The sniff answers "text" at once for a first byte no format starts with: these must not be among them.
    for (const lead of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0]) {
      const rtf = Buffer.concat([Buffer.from([lead, lead]), Buffer.from('{\\rtf1\\ansi 年度报告}')]);
      await expectError(extractBuffer(rtf, 'r.txt'), 'unsupported', 'RTF');
    }
    // Not white space to the check: read as the text it is.
    const nel = Buffer.concat([Buffer.from([0xc2, 0x85]), Buffer.from('{\\rtf1 年度报告说明文字}')]);
    expect((await extractBuffer(nel, 'r.txt')).kind).toBe('text');
  });

  it('names the format by extension when unknown binary content carries a known name', async () => {
    const junk = Buffer.from([0x01, 0x02, 0x03, 0x00, 0x05, 0x06, 0x07, 0x00, 0x01, 0x02, 0x03, 0x00]);
    await expectError(extractBuffer(junk, '报告.wps'), 'unsupported', '「报告.wps」', 'WPS');
    await expectError(extractBuffer(junk, '报告.pdf'), 'corrupt', '「报告.pdf」', '不是 PDF');
  });

  it('refuses text it cannot decode in any candidate encoding', async () => {
    // Lead bytes followed by bytes that cannot trail them in GB18030, Big5 or a code page.
    const bad = Buffer.from(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 0x81 : 0x20)));
    await expectError(extractBuffer(bad, '乱码.txt'), 'encoding', '「乱码.txt」', '编码');
  });
});
