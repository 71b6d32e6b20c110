// A bulk import of 200 generated reports with a CSV manifest beside them (file →
// region, as a person preparing a province's reports would write it): every report
// stored under its true region, none lost, every year's total the generator's. The
// same files without the manifest: region-less namesakes of one year are kept apart
// as conflicts, and still nothing is lost.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths, type IngestResult } from '../src/ingest/index.js';
import { normalizeOfficeName } from '../src/store/identity.js';
import { openStore, type Store } from '../src/store/index.js';
import { generateCorpus, type CorpusItem } from '../tools/synth/index.js';

const N = 200;
let tmp: string;
let items: CorpusItem[];

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-manifest-'));
  items = [...generateCorpus(N, 20260115)];
  for (const dir of ['with', 'without']) mkdirSync(path.join(tmp, dir));
  for (const it of items) {
    writeFileSync(path.join(tmp, 'with', it.name), it.text);
    writeFileSync(path.join(tmp, 'without', it.name), it.text);
  }
  const csv = ['file,region', ...items.map((it) => `${it.name},${it.truth.region}`)].join('\n');
  writeFileSync(path.join(tmp, 'with', 'nianbao.csv'), csv);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** apply.received.total summed over every report of each year, from the generator's truth. */
function truthTotals(): Map<number, number> {
  const out = new Map<number, number>();
  for (const it of items)
    out.set(it.truth.year, (out.get(it.truth.year) ?? 0) + it.truth.facts['apply.received.total']);
  return out;
}

function storeTotals(store: Store): Map<number, number> {
  const out = new Map<number, number>();
  for (const v of store.factValues('apply.received.total')) out.set(v.year, (out.get(v.year) ?? 0) + (v.value ?? 0));
  return out;
}

describe(`a manifest import of ${N} files`, () => {
  let store: Store;
  let results: IngestResult[];
  beforeAll(async () => {
    store = openStore(':memory:');
    results = await ingestPaths([path.join(tmp, 'with')], { store });
  });
  afterAll(() => store.close());

  it('stores every file (the manifest itself is not one), nothing replaced, no conflict', () => {
    expect(results).toHaveLength(N);
    expect(results.filter((r) => r.status !== 'added').map((r) => `${r.file}: ${r.status} ${r.reason ?? ''}`)).toEqual(
      [],
    );
    expect(store.counts()).toMatchObject({ reports: N, current: N });
    expect(store.conflicts()).toEqual([]);
  });

  it('files each report under the region its row gives, recorded as from the manifest', () => {
    const byName = new Map(items.map((it) => [it.name, it]));
    for (const r of results) {
      const report = store.getReport(r.reportId!)!;
      const truth = byName.get(path.basename(r.file))!.truth;
      expect(report.office.region, r.file).toBe(truth.region);
      expect(report.origin.region, r.file).toMatchObject({ from: 'manifest', value: truth.region });
    }
    // one office per body: the generator's own identity (name without its region's units, and region)
    const bodies = new Set(
      items.map((it) => `${normalizeOfficeName(it.truth.office, it.truth.region)}|${it.truth.region}`),
    );
    expect(store.counts().offices).toBe(bodies.size);
  });

  it("gives every year's total exactly", () => {
    expect(storeTotals(store)).toEqual(truthTotals());
  });
});

describe('the same files without a manifest', () => {
  it('lose nothing: namesakes of one year no region tells apart are conflicts, kept', async () => {
    const store = openStore(':memory:');
    try {
      const results = await ingestPaths([path.join(tmp, 'without')], { store });
      expect(results.filter((r) => r.status === 'failed' || r.status === 'replaced')).toEqual([]);
      expect(store.counts()).toMatchObject({ reports: N, current: N });
      expect(storeTotals(store)).toEqual(truthTotals());
      const conflicts = results.filter((r) => r.status === 'conflict');
      expect(store.conflicts().reduce((n, c) => n + c.reports.length - 1, 0)).toBe(conflicts.length);
    } finally {
      store.close();
    }
  });
});
