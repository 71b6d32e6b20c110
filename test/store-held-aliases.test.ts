// A save inserts only the alias keys its connection knows office_aliases lacks (held-aliases.ts):
// every key it skips must be in the table. Truth: the aliases the office's first save wrote, read
// back before anything else happened, and the names the hand-built reports give.
import { describe, expect, it } from 'vitest';
import type { ParsedReport } from '../src/parse/types.js';
import type { Store } from '../src/store/index.js';
import { connectionOf } from '../src/store/testing.js';
import { openedStores } from './support/opened-stores.js';
import { parsed } from './support/store-reports.js';
import { tempDirs } from './support/temp-dirs.js';

const store = openedStores();
const newDir = tempDirs('nianbao-aliases-');

const aliasesOf = (s: Store) => s.listOffices().map((o) => o.aliases);

describe('an office’s aliases at its next report', () => {
  for (const batched of [false, true]) {
    it(`are written again after another connection removed them (${batched ? 'in a batch' : 'a save alone'})`, () => {
      const tmp = newDir();
      const a = store(tmp);
      a.saveReport({ parsed: parsed(), text: 'A 2020', sourceFile: 'a.txt' });
      const written = aliasesOf(a);
      expect(written[0]).toEqual(expect.arrayContaining(['只楚', '只楚街道', '芝罘区只楚街道办事处']));
      const b = store(tmp);
      connectionOf(b).exec('DELETE FROM office_aliases');
      if (batched) a.beginBatch();
      a.saveReport({ parsed: parsed({ year: 2021 }), text: 'A 2021', sourceFile: 'b.txt' });
      if (batched) a.commitBatch();
      expect(aliasesOf(a)).toEqual(written);
      expect(aliasesOf(b)).toEqual(written);
    });
  }

  it('a failed save in a batch takes the aliases it added with it, and the next save of the office writes them', () => {
    const s = store();
    // Refused after the office and its aliases were written (a provenance line is ≥ 1).
    const broken = (over: Partial<ParsedReport>) => {
      const p = parsed(over);
      return { ...p, provenance: { ...p.provenance, 'review.total': { line: 0, cell: '0' } } };
    };
    const more = [...parsed().aliases, '只楚办'];
    s.beginBatch();
    s.saveReport({ parsed: parsed(), text: 'A 2020', sourceFile: 'a.txt' });
    expect(() =>
      s.saveReport({ parsed: broken({ year: 2021, aliases: more }), text: 'B', sourceFile: 'b.txt' }),
    ).toThrow(/cell line 0/);
    expect(s.officesByAlias('只楚办')).toEqual([]);
    s.saveReport({ parsed: parsed({ year: 2022, aliases: more }), text: 'C 2022', sourceFile: 'c.txt' });
    s.commitBatch();
    expect(s.officesByAlias('只楚办').map((o) => o.name)).toEqual(['芝罘区只楚街道办事处']);
  });

  it('an office removed by a move, its id given to the next new office: that one gets its own aliases', () => {
    const s = store();
    const kept = s.saveReport({ parsed: parsed({ region: '山东省烟台市福山区' }), text: 'A', sourceFile: 'a.txt' });
    const moved = s.saveReport({ parsed: parsed(), text: 'B', sourceFile: 'b.txt' });
    // Its only report joins the office of that name in 福山区: the newest office and its aliases go.
    s.assignRegion(moved.reportId, '山东省烟台市福山区');
    expect(s.listOffices().map((o) => o.id)).toEqual([kept.officeId]);
    const next = s.saveReport({ parsed: parsed({ region: '山东省烟台市牟平区' }), text: 'C', sourceFile: 'c.txt' });
    expect(next.officeId).toBe(moved.officeId);
    expect(s.getOffice(next.officeId)?.aliases).toEqual(
      expect.arrayContaining(['只楚', '只楚街道', '芝罘区只楚街道办事处']),
    );
  });
});
