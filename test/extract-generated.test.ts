// The PDF and Word readers on files the project makes itself, so they are tested with or
// without ../shared: synthetic reports (tools/synth, both formats) printed to PDF by
// pdfkit and written to .docx by the docx library (test/support), with ruled tables,
// merged cells, wrapped cells and page breaks, read back through extract → parse.
// Truth is the generator's facts, office and year, never the parser's output.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReportFormat } from '../src/catalogue/facts.js';
import { ExtractError, extractBuffer, extractText, type ExtractedText } from '../src/extract/index.js';
import { parseReport, type ParsedReport } from '../src/parse/index.js';
import { randomReport, type ReportSpec } from '../tools/synth/index.js';
import { reportBlocks } from '../tools/synth/render.js';
import { reportDocx } from './support/report-docx.js';
import { reportPdf } from './support/report-pdf.js';

const HEADINGS = [
  '一、总体情况',
  '二、主动公开政府信息情况',
  '三、收到和处理政府信息公开申请情况',
  '四、政府信息公开行政复议、行政诉讼情况',
];

const spec = (seed: number, format: ReportFormat): ReportSpec =>
  randomReport(seed, format, seed % 2 === 0 ? 'busy' : 'quiet');

/** What differs between the truth and the parse, one line per difference. */
function differences(want: ReportSpec, got: ParsedReport): string[] {
  const out: string[] = [];
  if (got.office !== want.office) out.push(`office: want ${want.office}, got ${got.office}`);
  if (got.year !== want.year) out.push(`year: want ${want.year}, got ${got.year}`);
  if (got.format !== want.format) out.push(`format: want ${want.format}, got ${got.format}`);
  for (const id of new Set([...Object.keys(want.facts), ...Object.keys(got.facts)])) {
    const w = id in want.facts ? want.facts[id] : 'absent';
    const g = id in got.facts ? got.facts[id] : 'absent';
    if (w !== g) out.push(`${id}: want ${w}, got ${g}`);
  }
  return out;
}

const CASES = [
  { seed: 1201, format: '2021' },
  { seed: 1202, format: '2021' },
  { seed: 1203, format: '2019' },
  { seed: 1204, format: '2019' },
] as const;

const WRITERS = {
  pdf: (s: ReportSpec) => reportPdf(reportBlocks(s)),
  docx: (s: ReportSpec) => reportDocx(reportBlocks(s)),
} as const;

type Kind = keyof typeof WRITERS;
interface Generated {
  want: ReportSpec;
  bytes: Buffer;
  read: ExtractedText;
}
const made = new Map<string, Promise<Generated>>();
/** One report written and read once per test file (writing a PDF subsets the CJK font: ~0.3 s). */
function generated(kind: Kind, seed: number, format: ReportFormat): Promise<Generated> {
  const key = `${kind}|${seed}|${format}`;
  if (!made.has(key)) {
    made.set(
      key,
      (async () => {
        const want = spec(seed, format);
        const bytes = await WRITERS[kind](want);
        return { want, bytes, read: await extractBuffer(bytes, `generated-${seed}.${kind}`) };
      })(),
    );
  }
  return made.get(key)!;
}

for (const kind of ['pdf', 'docx'] as const) {
  describe(`a generated report as .${kind}, read back`, () => {
    for (const { seed, format } of CASES) {
      it(`${format} format (seed ${seed}): every fact, office and year exactly, every check passes`, async () => {
        const { want, read: r } = await generated(kind, seed, format);
        expect(r.kind).toBe(kind);
        const got = parseReport(r.text, { file: `generated-${seed}.${kind}` });
        expect(differences(want, got)).toEqual([]);
        // The generator's numbers satisfy the template's arithmetic: a finding is a misread.
        expect(got.findings).toEqual([]);
        const lines = r.text.split('\n');
        const at = HEADINGS.map((h) => lines.indexOf(h));
        expect(
          at.every((i) => i > 0),
          `headings at ${at}`,
        ).toBe(true);
        expect([...at].sort((a, b) => a - b)).toEqual(at);
      });
    }
  });
}

describe('a generated PDF is printed as offices print theirs', () => {
  it('has several pages, each ending with its own page number', async () => {
    const { read: r } = await generated('pdf', 1201, '2021');
    expect(r.pages).toBeGreaterThanOrEqual(3);
    const pages = r.text.split('\n\n');
    expect(pages).toHaveLength(r.pages!);
    pages.forEach((p, i) => expect(p.split('\n').at(-1)).toBe(`- ${i + 1} -`));
  });

  it('keeps each table 三 row on one line with its 7 numbers, wrapped labels whole', async () => {
    const { want, read } = await generated('pdf', 1202, '2021');
    const lines = read.text.split('\n');
    const label = '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请';
    const row = lines.find((l) => l.includes(label));
    const cols = ['natural', 'business', 'research', 'nonprofit', 'legal', 'other_org', 'total'];
    const numbers = row
      ?.split('\t')
      .filter((c) => /^\d+$/.test(c))
      .map(Number);
    expect(numbers).toEqual(cols.map((c) => want.facts[`apply.other.no_correction.${c}`]));
  });
});

describe('files cut short or read from disk', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-generated-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a PDF cut short is corrupt, naming the file, not a crash', async () => {
    const { bytes } = await generated('pdf', 1203, '2019');
    const err = await extractBuffer(bytes.subarray(0, 1500), 'generated-cut.pdf').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExtractError);
    expect(err).toMatchObject({ code: 'corrupt', file: 'generated-cut.pdf' });
    const said = '文件「generated-cut.pdf」已损坏或不是有效的 PDF 文件，无法打开。';
    expect((err as ExtractError).message).toBe(said);
  });

  it('a .docx cut short is corrupt, naming the file', async () => {
    const { bytes } = await generated('docx', 1203, '2019');
    const err = await extractBuffer(bytes.subarray(0, 2000), '损坏的报告.docx').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExtractError);
    expect(err).toMatchObject({ code: 'corrupt' });
    expect((err as ExtractError).message).toContain('「损坏的报告.docx」');
  });

  it.each(['pdf', 'docx'] as const)('a .%s file on disk is read by its path like a bundled report', async (kind) => {
    const { want, bytes } = await generated(kind, 1204, '2019');
    const file = path.join(dir, `${want.office}-${want.year}.${kind}`);
    writeFileSync(file, bytes);
    const r = await extractText(file);
    expect(r.kind).toBe(kind);
    expect(differences(want, parseReport(r.text, { file }))).toEqual([]);
  });
});
