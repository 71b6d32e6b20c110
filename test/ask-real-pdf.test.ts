// A real report as published (the Huaian 2024 PDF, 2021 format), through the whole
// way: extract → parse → store → index → questions. Expected numbers are the parsed
// cells; the parse itself is checked against the printed page in the extract tests.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAsker, type OpenedAsker } from '../src/app/open-asker.js';
import { extractText } from '../src/extract/index.js';
import { ingestPaths } from '../src/ingest/index.js';
import { parseReport, type ParsedReport } from '../src/parse/index.js';
import { openStore } from '../src/store/index.js';
import { sharedFile } from './support/shared.js';

// The PDF is public data kept outside the repository; without it the suite says so and skips
// (test/extract-generated.test.ts reads PDFs the project writes itself either way).
const { file: PDF, present, skipped } = sharedFile('samples/huaian-2024.pdf');
const title = `the Huaian 2024 report${skipped}`;
let dir: string;
let opened: OpenedAsker;
let parsed: ParsedReport;

beforeAll(async () => {
  if (!present) return;
  dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-pdf-'));
  parsed = parseReport((await extractText(PDF)).text);
  const store = openStore(path.join(dir, 'data'));
  const results = await ingestPaths([PDF], { store });
  expect(results.map((r) => r.status)).toEqual(['added']);
  opened = await openAsker({ data: path.join(dir, 'data'), store, say: () => {}, env: {} });
}, 60_000);

afterAll(() => {
  opened?.store.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!present)(title, () => {
  it('parses as the 2021 format for 淮安市人民政府, passing every check', () => {
    expect(parsed.office).toBe('淮安市人民政府');
    expect(parsed.year).toBe(2024);
    expect(parsed.format).toBe('2021');
    expect(parsed.kind).toBe('县级以上人民政府');
    expect(parsed.findings).toEqual([]);
    // The prose says 受理…申请3119件 and 行政复议351件; the tables agree.
    expect(parsed.facts['apply.received.total']).toBe(3119);
    expect(parsed.facts['review.total']).toBe(351);
  });

  it.each([
    ['淮安市收到多少申请', 'apply.received.total'],
    ['淮安行政复议纠正了几件', 'review.corrected'],
    ['淮安2024年行政许可多少件', 'active.license.decisions'],
    ['淮安市法人或其他组织申请多少', null],
  ])('%s', async (q, id) => {
    const a = await opened.asker.ask(q);
    expect(a.kind).toBe('fact');
    if (id) expect(a.value).toBe(parsed.facts[id]);
    else {
      const orgs = ['business', 'research', 'nonprofit', 'legal', 'other_org'].map(
        (c) => parsed.facts[`apply.received.${c}`] as number,
      );
      expect(a.value).toBe(orgs.reduce((x, y) => x + y, 0));
    }
  });

  it('a fee question is not read as an application count: it quotes part 6', async () => {
    const a = await opened.asker.ask('淮安市政府信息处理费收了多少');
    // Quoted from part 6, as a passage or as a number the prose states; never a table cell.
    expect(['passage', 'fact']).toContain(a.kind);
    expect(a.answer).toContain('3940元');
    expect(a.value === null || a.value === 3940).toBe(true);
    expect(a.facts.filter((f) => f.id.startsWith('apply.') || f.id.startsWith('active.'))).toEqual([]);
  });
});
