// English answers that show the checks' findings: each finding in English, rebuilt
// from its code, ids and the report's values, with the numbers on both sides; no
// Chinese internal wording and no internal code ([missing_cell]). The findings are
// made by the real parser and checks, from the bundled reports and from altered
// copies of them; the expected numbers are the ones written into those copies.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingBodyEn, findingEn, CHECK_NAMES_EN } from '../src/render/findings-en.js';
import { openAsker, type OpenedAsker } from '../src/app/open-asker.js';
import { ingestPaths } from '../src/ingest/index.js';
import { checkBalance, checkDate, checkParts, checkReviewSums } from '../src/parse/checks.js';
import { ambiguousCellsFinding, gluedRowFor } from '../src/parse/glued.js';
import { parseReport } from '../src/parse/index.js';
import { implausibleFinding } from '../src/parse/plausible.js';
import { misfitFinding } from '../src/parse/rows.js';
import type { Finding, FindingCode } from '../src/parse/types.js';
import { openStore } from '../src/store/index.js';

const CORPUS = path.resolve(__dirname, '../corpus/2020');
const text = (f: string) => readFileSync(path.join(CORPUS, f), 'utf8');
const RECEIVED_ROW = '一、本年新收政府信息公开申请数量\t4\t0\t0\t0\t0\t0\t4';
/** 只楚's report with its received total written 5 (its row's cells and its prose say 4). */
const zhichu5 = () => {
  const t = text('只楚街道-2020.txt');
  expect(t).toContain(RECEIVED_ROW);
  return t.replace(RECEIVED_ROW, RECEIVED_ROW.replace(/4$/, '5'));
};

const CJK = /[\u3400-\u9fff]/;
const CODES = Object.keys(CHECK_NAMES_EN);
/** English a reader needs: no Chinese, no internal code. */
function expectPlainEnglish(s: string) {
  expect(s).not.toMatch(CJK);
  for (const code of CODES) expect(s).not.toContain(`[${code}]`);
  expect(s).not.toMatch(
    /\b(?:missing_cell|handled_sum|column_sum|review_sum|litigation_sum|prose_mismatch|missing_part|ambiguous_cells)\b/,
  );
}

describe('each finding the parser makes, in English', () => {
  it('balance, column_sum and prose_mismatch: the numbers on both sides, the row and column named', () => {
    const r = parseReport(zhichu5());
    const by = (c: FindingCode) => r.findings.find((f) => f.code === c)!;
    const balance = findingEn(by('balance'), r.facts);
    expect(balance).toContain('column “total”');
    expect(balance).toMatch(
      /new applications \(5\) \+ carried over \(0\) = 5, but handled \(4\) \+ carried forward \(0\) = 4/,
    );
    const column = findingEn(by('column_sum'), r.facts);
    expect(column).toContain('row “new applications received this year”');
    expect(column).toMatch(/the total is 5, but natural persons and the organisations add up to 4/);
    const prose = findingEn(by('prose_mismatch'), r.facts);
    expect(prose).toMatch(/line 19 states 4, but the table gives new applications received this year \(total\) as 5/);
    for (const f of r.findings) expectPlainEnglish(findingEn(f, r.facts));
  });

  it('handled_sum and review_sum from the checks themselves', () => {
    const facts: Record<string, number | null> = {
      ...(parseReport(text('只楚街道-2020.txt')).facts as Record<string, number | null>),
      'apply.granted.total': 9,
    };
    const handled = checkBalance(facts, '2019').find((f) => f.code === 'handled_sum')!;
    // 只楚's outcomes: granted 3 → 9, partial 1, the rest 0: 10 against a total of 4.
    expect(findingEn(handled, facts)).toMatch(
      /the total handled is 4, but the outcome rows add up to 10 \(granted in full 9, partially granted 1\)/,
    );
    const review = checkReviewSums({
      'review.total': 2,
      'review.upheld': 1,
      'review.corrected': 0,
      'review.other': 0,
      'review.pending': 0,
    })[0];
    const line = findingEn(review, {
      'review.total': 2,
      'review.upheld': 1,
      'review.corrected': 0,
      'review.other': 0,
      'review.pending': 0,
    });
    expect(line).toMatch(
      /administrative review: the total is 2, but upheld \+ corrected \+ other result \+ pending = 1 \(1 \+ 0 \+ 0 \+ 0\)/,
    );
    expectPlainEnglish(line);
  });

  it('missing_cell: whole rows blank, or columns blank in many rows', () => {
    const luobei = parseReport(text('洛北街道-2020.txt'));
    const line = findingEn(luobei.findings.find((f) => f.code === 'missing_cell')!, luobei.facts);
    expect(line).toMatch(/5 rows are entirely blank: granted in full, partially granted, denied: state secrets/);
    expectPlainEnglish(line);
    const shenglijie = parseReport(text('胜利街街道-2020.txt'));
    const cols = findingEn(shenglijie.findings.find((f) => f.code === 'missing_cell')!, shenglijie.facts);
    expect(cols).toMatch(/“natural persons”.*are blank in 23 rows/);
    expectPlainEnglish(cols);
  });

  it('missing_part, date, incomplete', () => {
    const parts = checkParts([], 6).map((f) => findingEn(f, {}));
    expect(parts[4]).toContain('part 5 (main problems and improvements) is missing');
    const early = findingEn(checkDate('2020-01-26', 2020, '街道')[0], {});
    expect(early).toMatch(/dated 2020-01-26, before the end of the year it covers \(2020\); perhaps 2021 was meant/);
    const late = findingEn(checkDate('2021-06-01', 2020, '街道')[0], {});
    expect(late).toMatch(/dated 2021-06-01, after the filing deadline of 2021-01-31/);
    const cut = parseReport(text('只楚街道-2020.txt').split('\n').slice(0, 75).join('\n'));
    const incomplete = findingEn(cut.findings.find((f) => f.code === 'incomplete')!, cut.facts);
    expect(incomplete).toMatch(/stops in part 3 \(after 75 lines\)/);
    for (const s of [...parts, early, late, incomplete]) expectPlainEnglish(s);
  });

  it('ambiguous_cells and implausible: the row, the line, the digits or the text quoted', () => {
    const glued = ambiguousCellsFinding(
      gluedRowFor('apply.received', '632000065', '2019'),
      { kind: 'ambiguous', candidates: 3, exhausted: false },
      '2019',
    );
    const g = findingEn(glued, {});
    expect(g).toMatch(/row “new applications received this year”.*“632000065”/);
    const misfit = findingEn(misfitFinding('extra', '表三', '予以公开', 70, 8, 7, ['apply.granted.natural']), {});
    expect(misfit).toMatch(/row “granted in full” of part 3.*\(line 70\)/);
    const bad = findingEn(implausibleFinding('apply.received.total', '-3', 'negative'), {});
    expect(bad).toMatch(/“new applications received this year \(total\)” in part 3 .* holds “-3”, which is negative/);
    for (const s of [g, misfit, bad]) expectPlainEnglish(s);
  });

  it('a finding of a code it does not know still reads as English, never as its code', () => {
    const odd = {
      code: 'unit',
      severity: 'warning',
      ids: ['active.fees.amount'],
      message: '收费金额单位不明',
    } as Finding;
    expectPlainEnglish(findingBodyEn(odd, {}));
  });
});

describe('English answers that show findings', () => {
  let dir: string;
  let opened: OpenedAsker;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-findings-en-'));
    const files = path.join(dir, 'files');
    mkdirSync(files);
    writeFileSync(path.join(files, '只楚街道-2020.txt'), zhichu5());
    writeFileSync(path.join(files, '洛北街道-2020.txt'), text('洛北街道-2020.txt'));
    const store = openStore(path.join(dir, 'data'));
    const results = await ingestPaths([files], { store });
    expect(results.filter((r) => r.status === 'failed')).toEqual([]);
    opened = await openAsker({ data: path.join(dir, 'data'), store, say: () => {}, env: {} });
  }, 60_000);
  afterAll(() => {
    opened?.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The answer's lines that are not quotes of the report: its own words. */
  const ownLines = (answer: string) => answer.split('\n').filter((l) => !/^Source:|^\d+\. |“.*”$/.test(l));

  it.each(["What's wrong with 洛北's report?", 'what is wrong with the 洛北 report'])(
    '%s: every finding in English',
    async (q) => {
      const a = await opened.asker.ask(q);
      expect(a.kind).toBe('list');
      const lines = a.answer.split('\n').slice(1);
      expect(lines.join('\n')).toMatch(/5 rows are entirely blank: granted in full, partially granted/);
      for (const l of lines) expectPlainEnglish(l);
      for (const s of a.sources) expectPlainEnglish(`${s.part} ${s.excerpt}`);
    },
  );

  it('a fact answer touched by a failed check says so in English, with the numbers', async () => {
    const a = await opened.asker.ask('How many applications did 只楚 receive?');
    expect(a.value).toBe(5);
    const warn = a.answer.split('\n').filter((l) => l.startsWith('⚠'));
    expect(warn.length).toBeGreaterThan(0);
    expect(warn.join('\n')).toMatch(/= 5, but handled \(4\)|the total is 5, but/);
    for (const l of warn) expectPlainEnglish(l.replace(/^⚠ This report fails a check that touches this figure: /, ''));
    expect(a.sources[0].part).toBe(
      'part 3 (applications received and handled) · new applications received this year (total)',
    );
  });

  it('what is wrong with the 只楚 report: four findings, each English, none a code', async () => {
    const a = await opened.asker.ask('what is wrong with the 只楚 report');
    expect(a.value).toBe(4);
    expect(a.answer).toContain('4 findings');
    for (const l of ownLines(a.answer).slice(1)) expectPlainEnglish(l);
  });

  it('the same question in Chinese keeps the parser’s Chinese findings', async () => {
    const a = await opened.asker.ask('核查只楚');
    expect(a.answer).toContain('不平衡');
  });
});
