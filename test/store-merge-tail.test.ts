// A merge of the tail (mergeTail) writes year_packs byte for byte as the packs of the cells
// report_cells holds, grouped by year and fact in id order — in a batch, one save at a time
// (folding small packs), with another connection's report in the tail and after a save that
// failed. The expected packs are made here from report_cells as stored; a merge that took
// its cells from anywhere else (memory) must still meet them.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, type SaveInput, type Store } from '../src/store/index.js';
import { unpackCells } from '../src/store/packed-cells.js';
import { connectionOf } from '../src/store/testing.js';
import { packYear } from '../src/store/year-packs.js';
import { REFUSED_PROSE_FACT, town } from './support/store-reports.js';

/** year_packs as (year, code, upto, cells) rows in key order. */
function yearPacks(s: Store): [number, number, number, Buffer][] {
  return connectionOf(s)
    .prepare('SELECT year, code, upto, cells FROM year_packs ORDER BY year, code, upto')
    .raw()
    .all() as [number, number, number, Buffer][];
}

/** The packs a merge of the reports in (from, upto] makes from report_cells as stored. */
function expectedPacks(s: Store, from: number, upto: number): [number, number, number, Buffer][] {
  const rows = connectionOf(s)
    .prepare(`SELECT r.id, r.year, c.cells FROM report_cells c JOIN reports r ON r.id = c.report_id
      WHERE c.report_id > ? AND c.report_id <= ? ORDER BY c.report_id`)
    .raw()
    .all(from, upto) as [number, number, Buffer][];
  const byKey = new Map<string, { keys: number[]; values: (number | null)[]; units: (string | null)[] }>();
  for (const [id, year, blob] of rows)
    for (const c of unpackCells(blob)) {
      const key = `${year}/${c.code}`;
      let pack = byKey.get(key);
      if (!pack) byKey.set(key, (pack = { keys: [], values: [], units: [] }));
      pack.keys.push(id * 2 + (c.approximate ? 1 : 0));
      pack.values.push(c.value);
      pack.units.push(c.unit);
    }
  return [...byKey]
    .map(([key, p]): [number, number, number, Buffer] => {
      const [year, code] = key.split('/').map(Number);
      return [year, code, upto, packYear(p.keys, p.values, p.units)];
    })
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** 260 towns over two years, with units, approximate cells, blanks and -0 among them. */
const towns: SaveInput[] = Array.from({ length: 260 }, (_, i) => ({
  parsed: town(i + 1, {
    office: `第${i + 1}镇人民政府`,
    aliases: [],
    region: '河南省洛阳市嵩县',
    year: 2020 + (i % 3 === 0 ? 1 : 0),
    facts: {
      'apply.received.total': i + 1,
      'apply.received.natural': i % 5 === 0 ? null : i + 0.5,
      'review.total': i % 7 === 0 ? -0 : 0,
      ...(i % 4 === 0 ? { 'active.procurement.amount': i * 1.25 } : {}),
    },
    approximate: i % 6 === 0 ? ['apply.received.total'] : [],
    units: i % 8 === 0 ? { 'active.procurement.amount': '元' } : {},
  }),
  text: `第${i + 1}镇 报告`,
  sourceFile: `t${i + 1}.txt`,
}));

describe('a merge of the tail', () => {
  it('writes the packs the read-back of report_cells makes, byte for byte, in a batch and out of one', () => {
    const s = openStore(':memory:', { yearCellsTail: 60 });
    try {
      s.beginBatch();
      for (const t of towns.slice(0, 200)) s.saveReport(t);
      s.commitBatch();
      expect(yearPacks(s)).toEqual(expectedPacks(s, 0, 200));
      // One at a time: merged by the save that makes the tail 60 long. A first pack of fewer
      // than YEAR_PACK_FOLD_BELOW cells is folded into it (then the pack holds all 260 reports').
      const kept = new Set(yearPacks(s).map(([year, code]) => `${year}/${code}`));
      for (const t of towns.slice(200, 260)) s.saveReport(t);
      const after = yearPacks(s);
      const stays = (p: [number, number, number, Buffer]) =>
        after.some(([year, code, upto]) => year === p[0] && code === p[1] && upto === 200);
      const folded = expectedPacks(s, 0, 260).filter((p) => !stays(p));
      const fresh = expectedPacks(s, 200, 260).filter((p) => stays(p) || !kept.has(`${p[0]}/${p[1]}`));
      expect(after.filter((p) => p[2] === 260)).toEqual(
        [...folded, ...fresh].sort((x, y) => x[0] - y[0] || x[1] - y[1]),
      );
      // Both kinds met: the test covers a fold and a pack of the new reports alone.
      expect(folded.length).toBeGreaterThan(0);
      expect(after.some((p) => p[2] === 200)).toBe(true);
    } finally {
      s.close();
    }
  });

  it('holds another connection’s report in the tail, and never a save that failed', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-saved-tail-'));
    const a = openStore(dir, { yearCellsTail: 1e9 });
    const b = openStore(dir, { yearCellsTail: 1e9 });
    try {
      a.beginBatch();
      for (const t of towns.slice(0, 40)) a.saveReport(t);
      a.commitBatch();
      // b saves after a's first: the tail a merges holds b's report between a's.
      b.saveReport(towns[40]);
      a.beginBatch();
      for (const t of towns.slice(41, 80)) a.saveReport(t);
      // A save that fails inside the batch after its cells were kept (its prose fact is refused):
      // rolled back alone, and its id given to the next.
      expect(() =>
        a.saveReport({ ...towns[80], parsed: { ...towns[80].parsed, proseFacts: [REFUSED_PROSE_FACT] } }),
      ).toThrow();
      for (const t of towns.slice(80, 120)) a.saveReport(t);
      a.commitBatch();
      b.close();
      a.close();
      const again = openStore(dir);
      expect(yearPacks(again)).toEqual(expectedPacks(again, 0, 120));
      expect(again.factValues('apply.received.total').map((v) => v.value)).toEqual(
        [2020, 2021].flatMap((year) =>
          towns
            .slice(0, 120)
            .filter((t) => t.parsed.year === year)
            .map((t) => t.parsed.facts['apply.received.total']),
        ),
      );
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
