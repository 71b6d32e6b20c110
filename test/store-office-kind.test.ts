// An office's kind: a report that states one gives it to an office still of kind 其他; a
// later report of another kind never changes a kind once known (nor does one of 其他).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/store/index.js';
import { parsed, TEXT } from './support/store-reports.js';

let store: Store | undefined;
let tmp: string | undefined;
afterEach(() => {
  store?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  store = tmp = undefined;
});

describe("a stored office's kind", () => {
  it('is upgraded from 其他 by the first report of a kind, then kept', () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-kind-'));
    const s = openStore(tmp);
    store = s;
    const save = (year: number, kind: '其他' | '街道' | '乡镇') =>
      s.saveReport({ parsed: parsed({ year, kind, region: null }), text: `${TEXT}${year}`, sourceFile: `${year}.txt` });
    const first = save(2019, '其他');
    expect(s.getOffice(first.officeId)?.kind).toBe('其他');
    for (const [year, kind, held] of [
      [2020, '其他', '其他'],
      [2021, '街道', '街道'],
      [2022, '乡镇', '街道'],
      [2023, '其他', '街道'],
    ] as const) {
      const res = save(year, kind);
      expect(res.officeId).toBe(first.officeId);
      expect(s.getOffice(first.officeId)?.kind).toBe(held);
    }
  });
});
