// reportCells: a parsed report's facts as the cells a save packs — ids in code-unit order,
// each fact's value, approximate flag, unit (the report's, else the catalogue's) and source.
import { describe, expect, it } from 'vitest';
import { unpackCells } from '../src/store/packed-cells.js';
import { CellLayouts, packReportCells, reportCells } from '../src/store/report-cells.js';

describe('reportCells', () => {
  const parsed = {
    // Out of order on purpose; the catalogue gives 件 to the first two and 万元 to the fee.
    facts: { 'active.rules.total': 7, 'active.rules.made': null, 'active.rules.published': 3 } as Record<
      string,
      number | null
    >,
    approximate: ['active.rules.published'],
    units: {} as Record<string, '万元' | '元' | 'unknown'>,
    provenance: { 'active.rules.total': { line: 12, cell: '7' } },
  };
  const codes: Record<string, number> = {
    'active.rules.made': 5,
    'active.rules.published': 6,
    'active.rules.total': 9,
  };

  it('lists the facts in code-unit order of their ids with their values, flags and sources', () => {
    expect(reportCells(parsed as never, (id) => codes[id])).toEqual([
      { code: 5, value: null, approximate: false, unit: '件', line: null, cell: null },
      { code: 6, value: 3, approximate: true, unit: '件', line: null, cell: null },
      { code: 9, value: 7, approximate: false, unit: '件', line: 12, cell: '7' },
    ]);
  });

  it("takes the report's own unit over the catalogue's", () => {
    const withUnit = { ...parsed, units: { 'active.rules.total': '万元' } };
    expect(reportCells(withUnit as never, (id) => codes[id])[2].unit).toBe('万元');
  });

  it('reads a report without approximate, units or provenance', () => {
    const bare = { facts: { 'active.rules.made': 1 } };
    expect(reportCells(bare as never, () => 1)).toEqual([
      { code: 1, value: 1, approximate: false, unit: '件', line: null, cell: null },
    ]);
  });
});

describe('packReportCells', () => {
  const codes: Record<string, number> = {
    'active.rules.made': 5,
    'active.rules.published': 6,
    'active.rules.total': 9,
  };
  // Written by hand: the cells of the report below in code-unit order of their ids.
  const want = [
    { code: 5, value: null, approximate: false, unit: '件', line: 11, cell: '—' },
    { code: 6, value: 3, approximate: true, unit: '件', line: null, cell: null },
    { code: 9, value: 7, approximate: false, unit: '万元', line: 12, cell: '7' },
  ];
  const facts = { 'active.rules.total': 7, 'active.rules.made': null, 'active.rules.published': 3 };

  it('packs the cells in fact id order, asking each code in that order, with their count', () => {
    const parsed = {
      facts,
      approximate: ['active.rules.published'],
      units: { 'active.rules.total': '万元' },
      // Listed in the facts' own order, as a parse lists them.
      provenance: {
        'active.rules.total': { line: 12, cell: '7' },
        'active.rules.made': { line: 11, cell: '—' },
        'active.rules.published': { line: null, cell: null },
      },
    };
    const asked: string[] = [];
    const { count, blob } = packReportCells(parsed as never, (id) => {
      asked.push(id);
      return codes[id];
    });
    expect(count).toBe(3);
    expect(unpackCells(blob)).toEqual(want);
    expect(asked).toEqual(['active.rules.made', 'active.rules.published', 'active.rules.total']);
  });

  it('finds each provenance by its id when it lists other ids or another order', () => {
    const parsed = {
      facts,
      approximate: ['active.rules.published'],
      units: { 'active.rules.total': '万元' },
      provenance: { 'active.rules.made': { line: 11, cell: '—' }, 'active.rules.total': { line: 12, cell: '7' } },
    };
    expect(unpackCells(packReportCells(parsed as never, (id) => codes[id]).blob)).toEqual(want);
  });

  it('orders an id outside the catalogue by its text', () => {
    const parsed = { facts: { 'zz.unknown': 1, 'active.rules.made': 2 } };
    const { blob } = packReportCells(parsed as never, (id) => (id === 'zz.unknown' ? 1 : 2));
    expect(unpackCells(blob).map((c) => c.code)).toEqual([2, 1]);
  });
});

describe('CellLayouts', () => {
  const codes: Record<string, number> = {
    'active.rules.made': 5,
    'active.rules.published': 6,
    'active.rules.total': 9,
  };
  // Written by hand, as above: two reports of one id list, then a report of another.
  const first = {
    facts: { 'active.rules.total': 7, 'active.rules.made': null, 'active.rules.published': 3 },
    approximate: ['active.rules.published'],
    units: { 'active.rules.total': '万元' },
    provenance: { 'active.rules.made': { line: 11, cell: '—' }, 'active.rules.total': { line: 12, cell: '7' } },
  };
  const second = {
    facts: { 'active.rules.total': 1, 'active.rules.made': 2, 'active.rules.published': null },
    approximate: [],
    units: {},
    provenance: { 'active.rules.total': { line: 3, cell: '1' } },
  };
  const other = { facts: { 'active.rules.published': 4, 'active.rules.made': 8 } };

  it('packs each report as packReportCells does, asking a list’s codes once, in fact id order', () => {
    const asked: string[] = [];
    const layouts = new CellLayouts((id) => {
      asked.push(id);
      return codes[id];
    });
    const pack = (parsed: object) => layouts.pack(parsed as never, Object.keys((parsed as typeof other).facts));
    expect(unpackCells(pack(first).blob)).toEqual([
      { code: 5, value: null, approximate: false, unit: '件', line: 11, cell: '—' },
      { code: 6, value: 3, approximate: true, unit: '件', line: null, cell: null },
      { code: 9, value: 7, approximate: false, unit: '万元', line: 12, cell: '7' },
    ]);
    expect(unpackCells(pack(second).blob)).toEqual([
      { code: 5, value: 2, approximate: false, unit: '件', line: null, cell: null },
      { code: 6, value: null, approximate: false, unit: '件', line: null, cell: null },
      { code: 9, value: 1, approximate: false, unit: '件', line: 3, cell: '1' },
    ]);
    expect(pack(other)).toEqual({
      count: 2,
      blob: packReportCells(other as never, (id) => codes[id]).blob,
    });
    expect(asked).toEqual([
      'active.rules.made',
      'active.rules.published',
      'active.rules.total',
      'active.rules.made',
      'active.rules.published',
    ]);
  });

  it('asks the codes again once told to forget them (a save that made them rolled back)', () => {
    const asked: string[] = [];
    let offset = 0;
    const layouts = new CellLayouts((id) => {
      asked.push(id);
      return codes[id] + offset;
    });
    layouts.pack(other as never, Object.keys(other.facts));
    layouts.forget();
    offset = 100;
    const { blob } = layouts.pack(other as never, Object.keys(other.facts));
    expect(unpackCells(blob).map((c) => c.code)).toEqual([105, 106]);
    expect(asked).toHaveLength(4);
  });

  it('keeps no list that its caller changes afterwards', () => {
    const layouts = new CellLayouts((id) => codes[id]);
    const ids = ['active.rules.made', 'active.rules.total'];
    layouts.pack({ facts: { 'active.rules.made': 1, 'active.rules.total': 2 } } as never, ids);
    ids[1] = 'active.rules.published';
    const { blob } = layouts.pack({ facts: { 'active.rules.made': 1, 'active.rules.published': 2 } } as never, ids);
    expect(unpackCells(blob).map((c) => c.code)).toEqual([5, 6]);
  });
});
