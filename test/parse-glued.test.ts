// Glued cells (issue 8, class 5) and implausible values (class 11). The solver may only
// ever give the split that is the one split the template's sums allow; its answers are
// checked against splits counted by hand (unit tests) and by the generator's brute force,
// which enumerates every cut with no pruning beyond arithmetic (property tests).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ambiguousCellsFinding,
  gluedRowFor,
  gluedSegments,
  solveGlued,
  splitGluedCell,
  templateRules,
  type GluedRow,
  type Known,
  type Split,
} from '../src/parse/glued.js';
import { implausibility, implausibleFinding, valueKindOf } from '../src/parse/plausible.js';
import { parseReport } from '../src/parse/index.js';
import { matchApplyLabel } from '../src/parse/labels.js';
import type { FactId, ReportFormat } from '../src/catalogue/facts.js';
import {
  GLUED_LAYOUTS,
  bruteForceSplits,
  generateGluedCorpus,
  gluedFacts,
  gluedRuns,
  mulberry32,
  randomFacts,
  renderReport,
  type GluedReport,
  type GluedRun,
  type Profile,
} from '../tools/synth/index.js';

const absent: Known = () => undefined;
const solveOne = (key: string, digits: string, format: ReportFormat = '2019', known: Known = absent): Split =>
  solveGlued([gluedRowFor(key, digits, format)], templateRules(format), known).get(key)!;

describe('solveGlued on rows split by hand', () => {
  it('splits 一、本年新收…632000065 the one way its 总计 allows: 63 + 2 = 65', () => {
    // Total "5": eight digits left for six cells of one digit: no. Total "65": 6320000 into six
    // cells of at most two digits: only 63,2,0,0,0,0 adds up. "065" has a leading zero.
    expect(solveOne('apply.received', '632000065')).toEqual({ kind: 'unique', values: [63, 2, 0, 0, 0, 0, 65] });
  });

  it('reads a table C row of 15 zeros as 15 zeros', () => {
    expect(solveOne('review', '000000000000000')).toEqual({ kind: 'unique', values: new Array(15).fill(0) });
  });

  it('finds no split of 5120433 as a table B row (5+1+2+0+4+3 is not 3)', () => {
    expect(solveOne('apply.received', '5120433')).toEqual({ kind: 'ambiguous', candidates: 0 });
  });

  it('leaves 行政规范性文件5120433 open: a table A row has no sum and 11 cuts fit', () => {
    // 5|1|20433 5|120|433 5|1204|33 5|12043|3 · 51|20|433 51|204|33 51|2043|3 · 512|0|433 · 5120|4|33 5120|43|3 · 51204|3|3
    expect(solveOne('active.normative', '5120433', '2021')).toEqual({ kind: 'ambiguous', candidates: 11 });
  });

  it('accepts a table A row when its digits force it: as many digits as cells, or 1000 (no leading zeros)', () => {
    expect(solveOne('active.rules', '305', '2021')).toEqual({ kind: 'unique', values: [3, 0, 5] });
    expect(solveOne('active.rules', '1000', '2021')).toEqual({ kind: 'unique', values: [10, 0, 0] });
    expect(solveOne('active.license', '2682', '2021')).toEqual({ kind: 'unique', values: [2682] });
    expect(solveOne('active.procurement', '33.0000', '2019')).toEqual({ kind: 'unique', values: [3, 3] });
  });

  it('uses cells read normally: 110000011 is 1,10,… or 11,0,… until the other rows of the column decide', () => {
    expect(solveOne('apply.received', '110000011')).toEqual({ kind: 'ambiguous', candidates: 2 });
    // 上年结转 and 结转下年 are 0; 总计 (handled) is 1 自然人, 10 商业企业, 11 in all.
    const handled = [1, 10, 0, 0, 0, 0, 11];
    const known: Known = (row, col) =>
      row === 'apply.handled'
        ? handled[col]
        : row === 'apply.carried_over' || row === 'apply.carried_forward'
          ? 0
          : undefined;
    expect(solveOne('apply.received', '110000011', '2019', known)).toEqual({
      kind: 'unique',
      values: [1, 10, 0, 0, 0, 0, 11],
    });
  });

  it('never lets a blank cell decide: with 总计 blank in both disputed columns the row stays open', () => {
    const handled = [null, null, 0, 0, 0, 0, 11];
    const known: Known = (row, col) =>
      row === 'apply.handled'
        ? handled[col]
        : row === 'apply.carried_over' || row === 'apply.carried_forward'
          ? 0
          : undefined;
    expect(solveOne('apply.received', '110000011', '2019', known)).toEqual({ kind: 'ambiguous', candidates: 2 });
  });

  it('splits a run that covers only the end of a row, with the row’s other cells known', () => {
    // 自然人 10, 商业企业 0, 科研机构 0 read normally; "10011" glued: 1,0,0,11.
    const first = [10, 0, 0];
    const known: Known = (row, col) => (row === 'apply.received' && col < 3 ? first[col] : undefined);
    const row: GluedRow = { key: 'apply.received', digits: '10011', width: 4, start: 3 };
    expect(solveGlued([row], templateRules('2019'), known).get('apply.received')).toEqual({
      kind: 'unique',
      values: [1, 0, 0, 11],
    });
    // Without them the rule is unusable: 1,0,0,11 and 10,0,1,1 both remain.
    expect(solveGlued([row], templateRules('2019'), absent).get('apply.received')).toEqual({
      kind: 'ambiguous',
      candidates: 2,
    });
  });

  it('solves rows glued together through the column sums (新收 and 总计 both glued)', () => {
    // received = handled = 1,10,0,0,0,0,11; every other row 0 and known.
    const zero: Known = (row) =>
      row === 'apply.received' || row === 'apply.handled' || row === 'apply.granted' ? undefined : 0;
    const rows = ['apply.received', 'apply.handled', 'apply.granted'].map((k) => gluedRowFor(k, '110000011', '2019'));
    const out = solveGlued(rows, templateRules('2019'), zero);
    // All three split the same way, but which way is not decided by anything: both remain.
    for (const k of ['apply.received', 'apply.handled', 'apply.granted'])
      expect(out.get(k)).toEqual({ kind: 'ambiguous', candidates: 2 });
    // One of them read normally as 1,10,… pins the other two.
    const pinned: Known = (row, col) => (row === 'apply.granted' ? [1, 10, 0, 0, 0, 0, 11][col] : zero(row, col));
    const out2 = solveGlued(rows.slice(0, 2), templateRules('2019'), pinned);
    expect(out2.get('apply.received')).toEqual({ kind: 'unique', values: [1, 10, 0, 0, 0, 0, 11] });
    expect(out2.get('apply.handled')).toEqual({ kind: 'unique', values: [1, 10, 0, 0, 0, 0, 11] });
  });

  it('gives up within its budget on pathological runs, as ambiguous, quickly', () => {
    const t0 = performance.now();
    expect(solveOne('apply.received', '9'.repeat(200))).toEqual({ kind: 'ambiguous', candidates: 0 });
    expect(solveOne('review', '1'.repeat(200))).toMatchObject({ kind: 'ambiguous' });
    expect(solveOne('active.rules', '7'.repeat(200))).toEqual({ kind: 'ambiguous', candidates: 0 });
    // 63 digits is the most seven cells of at most 9 digits hold: the search must still end.
    expect(solveOne('apply.received', '1'.repeat(63))).toMatchObject({ kind: 'ambiguous' });
    const facts = consistentFacts(5, '2021', 'busy');
    const runs = gluedRuns(facts, '2021');
    const tight = solveGlued(
      runs.map((r) => gluedRowFor(r.key, r.digits, '2021')),
      templateRules('2021'),
      absent,
      { budget: 50 },
    );
    expect([...tight.values()].some((s) => s.kind === 'ambiguous' && s.exhausted)).toBe(true);
    // What it did settle before the budget ran out is still the truth.
    for (const run of runs) {
      const split = tight.get(run.key)!;
      if (split.kind === 'unique') expect(split.values).toEqual(truthOf(run, facts));
    }
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('does not let one row of garbage use up the budget of the rows after it', () => {
    // Seven cells and no rule over 40 digits: millions of cuts.
    const garbage: GluedRow = { key: 'extra', digits: '1234567891'.repeat(4), width: 7 };
    const out = solveGlued(
      [garbage, gluedRowFor('apply.received', '632000065', '2019')],
      templateRules('2019'),
      absent,
    );
    expect(out.get('extra')).toMatchObject({ kind: 'ambiguous', exhausted: true });
    expect(out.get('apply.received')).toEqual({ kind: 'unique', values: [63, 2, 0, 0, 0, 0, 65] });
  });

  it('keeps the separators the text did keep: a cell never runs across one', () => {
    expect(solveOne('active.normative', '5 1204 33', '2021')).toEqual({ kind: 'unique', values: [5, 1204, 33] });
    // 51 is one cell or two (5|1), then 20433 the rest: 51|20|433 51|204|33 51|2043|3 5|1|20433.
    expect(solveOne('active.normative', '51 20433', '2021')).toEqual({ kind: 'ambiguous', candidates: 4 });
    // "63 20000 65": only 2,0,0,0,0 fits between.
    expect(solveOne('apply.received', '63 20000 65')).toEqual({ kind: 'unique', values: [63, 2, 0, 0, 0, 0, 65] });
    expect(solveOne('active.normative', '5 1 2 0', '2021')).toEqual({ kind: 'ambiguous', candidates: 0 });
  });

  it('treats a cell above 100,000,000 as no cell', () => {
    expect(solveOne('active.license', '100000000', '2021')).toEqual({ kind: 'unique', values: [100_000_000] });
    expect(solveOne('active.license', '100000001', '2021')).toEqual({ kind: 'ambiguous', candidates: 0 });
  });
});

describe('recognising glued cells', () => {
  it('splits label and digits, full-width digits included', () => {
    expect(splitGluedCell('行政许可38')).toEqual({ labelText: '行政许可', digits: '38' });
    expect(splitGluedCell('(一)予以公开20100003')).toEqual({ labelText: '(一)予以公开', digits: '20100003' });
    expect(splitGluedCell('（一）予以公开２０１００００３')).toEqual({ labelText: '(一)予以公开', digits: '20100003' });
    expect(splitGluedCell('规章０００')).toEqual({ labelText: '规章', digits: '000' });
    expect(splitGluedCell('一、本年新收政府信息公开申请数量 632000065')).toEqual({
      labelText: '一、本年新收政府信息公开申请数量',
      digits: '632000065',
    });
    expect(splitGluedCell('1.属于国家秘密0000000')).toEqual({ labelText: '1.属于国家秘密', digits: '0000000' });
    expect(splitGluedCell('行政事业性收费12.5')).toEqual({ labelText: '行政事业性收费', digits: '12.5' });
  });

  it('is not fooled by plain numbers, labels alone or numbers with separators', () => {
    for (const s of ['38', '规章', '1,234', '行政许可1,234', '', '2.5', '本年增/减+1'])
      expect(splitGluedCell(s)).toBeNull();
  });

  it('refuses a cell that holds several rows: its last digits are not the first label’s cells', () => {
    expect(
      splitGluedCell('5.要求行政机关确认或重新出具已获取信息0000000(六) 其他处理0000000(七) 总计3000003'),
    ).toBeNull();
    expect(splitGluedCell('信息内容0000规章000')).toBeNull();
  });

  it('reads digits inside brackets as words of the label, not cells', () => {
    expect(splitGluedCell('采购总金额（单位：万元，保留4位小数）政府集中采购30.0000')).toEqual({
      labelText: '采购总金额(单位:万元,保留4位小数)政府集中采购',
      digits: '30.0000',
    });
    expect(
      gluedSegments('采购项目数量采购总金额（单位：万元，保留4位小数）政府集中采购30.0000行政事业性收费12.5'),
    ).toEqual([
      { labelText: '采购项目数量采购总金额(单位:万元,保留4位小数)政府集中采购', digits: '30.0000' },
      { labelText: '行政事业性收费', digits: '12.5' },
    ]);
  });

  it('cuts a whole glued table on one line into rows, giving row numbers to the next label', () => {
    const line =
      '规章000规范性文件121一、本年新收政府信息公开申请数量632000065（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开0000000';
    expect(gluedSegments(line)).toEqual([
      { labelText: '规章', digits: '000' },
      { labelText: '规范性文件', digits: '121' },
      { labelText: '一、本年新收政府信息公开申请数量', digits: '632000065' },
      { labelText: '(三)不予公开1.属于国家秘密', digits: '0000000' },
      { labelText: '2.其他法律行政法规禁止公开', digits: '0000000' },
    ]);
  });
});

describe('findings', () => {
  it('ambiguous_cells names the table, the row and quotes the digits', () => {
    const row = gluedRowFor('apply.received', '5120433', '2019');
    const f = ambiguousCellsFinding(
      row,
      { kind: 'ambiguous', candidates: 4 },
      '2019',
      '一、本年新收政府信息公开申请数量',
    );
    expect(f.code).toBe('ambiguous_cells');
    expect(f.ids).toEqual(
      ['natural', 'business', 'research', 'nonprofit', 'legal', 'other_org', 'total'].map((c) => `apply.received.${c}`),
    );
    expect(f.message).toBe(
      '表三「一、本年新收政府信息公开申请数量」一行数字粘连（“5120433”），按模板的合计关系有 4 种拆分，无法唯一确定，按空白处理。',
    );
    const a = ambiguousCellsFinding(
      gluedRowFor('active.normative', '5120433', '2021'),
      { kind: 'ambiguous', candidates: 11 },
      '2021',
    );
    expect(a.message).toBe(
      '表二「行政规范性文件」一行数字粘连（“5120433”），该行没有合计关系可核对，有 11 种拆分，无法唯一确定，按空白处理。',
    );
    expect(a.ids).toEqual(['active.normative.issued', 'active.normative.repealed', 'active.normative.in_force']);
    const c = ambiguousCellsFinding(
      gluedRowFor('review', '1'.repeat(40), '2021'),
      { kind: 'ambiguous', candidates: 0, exhausted: true },
      '2021',
    );
    expect(c.message).toContain('表四');
    expect(c.message).toContain('搜索上限');
    expect(c.ids).toHaveLength(15);
  });

  it('implausible: negative outside a change column, fractions in counts, beyond 100,000,000, more than 15 digits', () => {
    // biome-ignore lint/correctness/noPrecisionLoss: the number past double precision is the case under test
    expect(implausibility('99999999999999999999', 99999999999999999999, 'count')).toBe('inexact');
    expect(implausibility('1234567890123456', 1234567890123456, 'amount')).toBe('inexact');
    expect(implausibility('100000001', 100_000_001, 'count')).toBe('too_large');
    expect(implausibility('-2', -2, 'count')).toBe('negative');
    expect(implausibility('-2', -2, 'amount')).toBe('negative');
    expect(implausibility('1.5', 1.5, 'count')).toBe('fraction');
    expect(implausibility('1.5', 1.5, 'change')).toBe('fraction');
    for (const [text, v, kind] of [
      ['-2', -2, 'change'],
      ['+3', 3, 'change'],
      ['12.3456', 12.3456, 'amount'],
      ['100000000', 1e8, 'count'],
      ['0', 0, 'count'],
      ['1,234', 1234, 'count'],
    ] as const) {
      expect(implausibility(text, v, kind), text).toBeNull();
    }
    expect(valueKindOf('active.license.change')).toBe('change');
    expect(valueKindOf('active.fees.amount')).toBe('amount');
    expect(valueKindOf('apply.received.total')).toBe('count');
    const f = implausibleFinding('apply.received.natural', '99999999999999999999', 'inexact');
    expect(f).toMatchObject({ code: 'implausible', ids: ['apply.received.natural'] });
    expect(f.message).toContain('表三「本年新收政府信息公开申请数量（自然人）」');
    expect(f.message).toContain('“99999999999999999999”');
  });
});

// ---------- properties ----------

const FORMATS: ReportFormat[] = ['2019', '2021'];
const PROFILES: Profile[] = ['quiet', 'busy'];

/** Facts as a glued rendering has them: changes 0, since a sign inside a run is not a digit. */
function consistentFacts(seed: number, format: ReportFormat, profile: Profile): Record<FactId, number> {
  const facts = randomFacts(mulberry32(seed), { format, profile });
  for (const id of Object.keys(facts)) if (id.endsWith('.change')) facts[id] = 0;
  return facts;
}

function solveRuns(
  runs: GluedRun[],
  format: ReportFormat,
  known: Known = absent,
  glued: (r: GluedRun) => boolean = () => true,
) {
  const rows = runs
    .filter(glued)
    .map((r) => ({ key: r.key, digits: r.digits, width: r.ids.length, decimalCols: r.decimalCols }));
  return solveGlued(rows, templateRules(format), known);
}

const truthOf = (run: GluedRun, facts: Record<FactId, number>) => run.ids.map((id) => facts[id]);

describe('solveGlued against brute force', () => {
  it('on random consistent tables, fully glued: unique means the truth, and exactly where brute force finds one split', () => {
    let compared = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.constantFrom(...FORMATS),
        fc.constantFrom(...PROFILES),
        fc.boolean(),
        (seed, format, profile, fourDecimals) => {
          const facts = consistentFacts(seed, format, profile);
          const runs = gluedRuns(facts, format, { amountDecimals: fourDecimals ? 4 : undefined });
          const out = solveRuns(runs, format);
          const brute = bruteForceSplits(runs, format);
          for (const run of runs) {
            const split = out.get(run.key)!;
            if (split.kind === 'unique') expect(split.values, run.key).toEqual(truthOf(run, facts));
            if (!brute.complete && run.key.startsWith('apply.')) continue;
            if (split.kind === 'ambiguous' && split.exhausted) continue;
            compared++;
            const n = brute.splits.get(run.key)!.length;
            expect(split.kind === 'unique' ? 1 : split.candidates, `${run.key} "${run.digits}"`).toBe(n);
          }
        },
      ),
      { numRuns: 300 },
    );
    expect(compared).toBeGreaterThan(300 * 20);
  });

  it('on facts chosen to split uniquely (brute force says so), every row is unique and true', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.constantFrom(...FORMATS),
        fc.constantFrom(...PROFILES),
        (seed, format, profile) => {
          const { facts, ambiguous } = gluedFacts(mulberry32(seed), { format, profile, split: 'unique' });
          expect(ambiguous).toEqual([]);
          const runs = gluedRuns(facts, format);
          const out = solveRuns(runs, format);
          for (const run of runs)
            expect(out.get(run.key), `${run.key} "${run.digits}"`).toEqual({
              kind: 'unique',
              values: truthOf(run, facts),
            });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('on facts chosen to split several ways, never gives a value for a row brute force cannot split uniquely', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.constantFrom(...FORMATS),
        fc.constantFrom(...PROFILES),
        (seed, format, profile) => {
          const { facts, ambiguous } = gluedFacts(mulberry32(seed), { format, profile, split: 'ambiguous' });
          expect(ambiguous.length).toBeGreaterThan(0);
          const runs = gluedRuns(facts, format);
          const brute = bruteForceSplits(runs, format);
          expect(brute.complete).toBe(true);
          const out = solveRuns(runs, format);
          for (const run of runs) {
            const splits = brute.splits.get(run.key)!;
            const split = out.get(run.key)!;
            if (splits.length !== 1) {
              expect(split.kind, `${run.key} "${run.digits}" has ${splits.length} splits`).toBe('ambiguous');
              expect(run.ids.every((id) => ambiguous.includes(id))).toBe(true);
            } else expect(split, run.key).toEqual({ kind: 'unique', values: truthOf(run, facts) });
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('with some separators kept (at true cell boundaries), unique is still the truth and never less certain than fully glued', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.constantFrom(...FORMATS),
        fc.constantFrom(...PROFILES),
        (seed, format, profile) => {
          const facts = consistentFacts(seed, format, profile);
          const runs = gluedRuns(facts, format);
          const rng = mulberry32(seed ^ 0x2545f491);
          const kept = runs.map((r) => ({
            ...r,
            digits: r.ids.map((id) => String(facts[id])).reduce((a, b) => a + (rng.chance(0.3) ? ' ' : '') + b),
          }));
          const glued = solveRuns(runs, format);
          const some = solveRuns(kept, format);
          for (const run of kept) {
            const split = some.get(run.key)!;
            if (split.kind === 'unique')
              expect(split.values, `${run.key} "${run.digits}"`).toEqual(truthOf(run, facts));
            if (glued.get(run.key)!.kind === 'unique') expect(split.kind, `${run.key} "${run.digits}"`).toBe('unique');
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('with some rows read normally, a row is never less certain than fully glued, and unique is still the truth', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.constantFrom(...FORMATS),
        fc.constantFrom(...PROFILES),
        fc.double({ min: 0.1, max: 0.9, noNaN: true }),
        (seed, format, profile, share) => {
          const facts = consistentFacts(seed, format, profile);
          const runs = gluedRuns(facts, format);
          const rng = mulberry32(seed ^ 0x5bd1e995);
          const gluedKeys = new Set(runs.filter(() => rng.chance(share)).map((r) => r.key));
          const byKey = new Map(runs.map((r) => [r.key, r]));
          // Cells of rows not glued are read normally; now and then one is blank ("/").
          const known: Known = (row, col) => {
            const run = byKey.get(row);
            if (!run || gluedKeys.has(row)) return undefined;
            return (seed + col) % 11 === 0 ? null : facts[run.ids[col]];
          };
          const all = solveRuns(runs, format);
          const some = solveRuns(runs, format, known, (r) => gluedKeys.has(r.key));
          for (const key of gluedKeys) {
            const split = some.get(key)!;
            if (split.kind === 'unique') expect(split.values).toEqual(truthOf(byKey.get(key)!, facts));
            if (all.get(key)!.kind === 'unique' && !(split.kind === 'ambiguous' && split.exhausted))
              expect(split.kind, key).toBe('unique');
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('the glued layouts', () => {
  it('print every row of table B as its label glued to its digits, in order, rows or one line', () => {
    for (const layout of GLUED_LAYOUTS) {
      for (let seed = 1; seed <= 12; seed++) {
        const format: ReportFormat = seed % 2 ? '2019' : '2021';
        const { facts } = gluedFacts(mulberry32(seed), {
          format,
          profile: seed % 3 ? 'quiet' : 'busy',
          split: 'unique',
        });
        const text = renderReport(
          {
            office: '城关镇人民政府',
            region: '河南省洛阳市嵩县',
            kind: '乡镇',
            year: format === '2019' ? 2020 : 2022,
            format,
            facts,
          },
          layout,
          mulberry32(seed),
        );
        const lines = text.split('\n');
        const b = lines.findIndex((l) => l.includes('三、收到和处理政府信息公开申请情况'));
        const c = lines.findIndex((l) => l.includes('四、政府信息公开行政复议、行政诉讼情况'));
        expect(b).toBeGreaterThan(0);
        // One line holds the whole table (glued-line) or one row (glued-rows).
        const withDigits = lines.slice(b + 1, c).filter((l) => /\d{7}/.test(l));
        if (layout === 'glued-line') expect(withDigits).toHaveLength(1);
        else expect(withDigits.length).toBeGreaterThanOrEqual(format === '2019' ? 23 : 25);
        const segments = gluedSegments(lines.slice(b + 1, c).join('\n'));
        const rows = segments.flatMap((s) => {
          const m = matchApplyLabel(s.labelText.replace(/^.*(?=[一二三四]、|\(.\)|\d\.)/, ''), format);
          return m?.kind === 'row' ? [{ key: `apply.${m.row}`, digits: s.digits }] : [];
        });
        const want = gluedRuns(facts, format)
          .filter((r) => r.key.startsWith('apply.'))
          .map((r) => ({ key: r.key, digits: r.digits }));
        expect(rows, `${layout} seed ${seed}`).toEqual(want);
        // Table C: the 15 numbers as one run after the last header word.
        const tail = gluedSegments(lines.slice(c + 1).join('\n')).find((s) => s.labelText.endsWith('总计'));
        expect(tail?.digits).toBe(gluedRuns(facts, format).find((r) => r.key === 'review')!.digits);
      }
    }
  });

  it('the glued corpus says which ids a parse must leave blank, and only for ambiguous facts', () => {
    const unique = [...generateGluedCorpus(20, 7, { split: 'unique' })];
    expect(unique.every((r) => r.ambiguous.length === 0)).toBe(true);
    const amb = [...generateGluedCorpus(20, 8, { split: 'ambiguous' })];
    expect(amb.every((r) => r.ambiguous.length > 0 && r.ambiguous.every((id) => id in r.truth.facts))).toBe(true);
    expect(new Set(unique.map((r) => r.layout))).toEqual(new Set(GLUED_LAYOUTS));
  });
});

// ---------- through the parser ----------

const TABLE_ID = (id: FactId) => id !== 'active.items'; // prose is the round-trip test's business

/** Parse every report; count cells exact, wrong numbers given, ambiguous ids not flagged. */
function parseAll(reports: GluedReport[]) {
  const out = { cells: 0, exact: 0, wrong: [] as string[], unflagged: [] as string[], differ: [] as string[] };
  for (const r of reports) {
    const got = parseReport(r.text, { file: r.name });
    const flagged = new Set(got.findings.filter((f) => f.code === 'ambiguous_cells').flatMap((f) => f.ids));
    const diff: string[] = [];
    for (const [id, value] of Object.entries(r.truth.facts)) {
      if (!TABLE_ID(id)) continue;
      out.cells++;
      const ambiguous = r.ambiguous.includes(id);
      const want = ambiguous ? null : value;
      const have = id in got.facts ? got.facts[id] : 'absent';
      if (have === want) out.exact++;
      else diff.push(`${id}: want ${want}, got ${have}`);
      if (typeof have === 'number' && have !== value)
        out.wrong.push(`${r.name} ${r.layout} ${id}: ${value} read as ${have}`);
      if (typeof have === 'number' && ambiguous)
        out.wrong.push(`${r.name} ${r.layout} ${id}: ambiguous, read as ${have}`);
      if (ambiguous && !flagged.has(id)) out.unflagged.push(`${r.name} ${id}`);
    }
    if (diff.length)
      out.differ.push(
        `${r.name} ${r.layout} (${r.truth.format}): ${diff.length} differ, e.g. ${diff.slice(0, 3).join('; ')}`,
      );
  }
  return out;
}

describe('glued reports through parseReport', () => {
  const unique = [...generateGluedCorpus(60, 31, { split: 'unique' })];
  const ambiguous = [...generateGluedCorpus(60, 32, { split: 'ambiguous' })];

  it('never gives a wrong number: each value is the truth, and no row the sums cannot split gets a value', () => {
    for (const reports of [unique, ambiguous]) {
      const { wrong } = parseAll(reports);
      expect(wrong, wrong.slice(0, 6).join('\n')).toEqual([]);
    }
  });

  it('reads every cell: unique splits exact, ambiguous rows null with an ambiguous_cells finding, in both glued layouts', () => {
    for (const reports of [unique, ambiguous]) {
      const { differ, unflagged } = parseAll(reports);
      expect(differ, `${differ.length}/${reports.length} differ:\n${differ.slice(0, 6).join('\n')}`).toEqual([]);
      expect(unflagged.slice(0, 6)).toEqual([]);
    }
  });
});
