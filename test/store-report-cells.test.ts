// reportCells: a parsed report's facts as the cells a save packs — ids in code-unit order,
// each fact's value, approximate flag, unit (the report's, else the catalogue's) and source.
import { describe, expect, it } from 'vitest';
import { reportCells } from '../src/store/report-cells.js';

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
