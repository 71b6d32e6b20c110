// The synthetic generator knows its offices by construction (region, kind, short name),
// never through the store's name rules: a benchmark's truth must not come from the code
// it measures. Checked by hand-written cases and on a corpus.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCorpus, officeKey, officeNames, type SynthOffice } from '../tools/synth/index.js';

const SONG = { province: '河南省', city: '洛阳市', county: '嵩县', region: '河南省洛阳市嵩县' };
const office = (o: Partial<SynthOffice>): SynthOffice => ({
  ...SONG,
  name: '城关镇人民政府',
  kind: '乡镇',
  short: '城关镇',
  ...o,
});

describe('the generator’s own office identity', () => {
  it('one body under any of its titles, in one region', () => {
    expect(officeKey(office({ name: '嵩县城关镇人民政府' }))).toBe(officeKey(office({ name: '城关镇人民政府' })));
    expect(officeKey(office({ name: '洛阳市嵩县城关镇人民政府' }))).toBe(officeKey(office({})));
    // A county government named with or without its city.
    const gov = { kind: '县级以上人民政府' as const, short: '嵩县' };
    expect(officeKey(office({ ...gov, name: '嵩县人民政府' }))).toBe(
      officeKey(office({ ...gov, name: '洛阳市嵩县人民政府' })),
    );
    // 人民路街道 with and without its district in front (a name the store's rules once told apart).
    const street = {
      kind: '街道' as const,
      short: '人民路街道',
      county: '金凤区',
      region: '宁夏回族自治区银川市金凤区',
    };
    expect(officeKey(office({ ...street, name: '金凤区人民路街道办事处' }))).toBe(
      officeKey(office({ ...street, name: '人民路街道办事处' })),
    );
  });

  it('another region, another kind or another short name is another body', () => {
    const other = officeKey(office({ county: '栾川县', region: '河南省洛阳市栾川县' }));
    expect(other).not.toBe(officeKey(office({})));
    expect(officeKey(office({ kind: '街道', short: '城关街道', name: '城关街道办事处' }))).not.toBe(
      officeKey(office({})),
    );
    expect(officeKey(office({ short: '城郊镇', name: '城郊镇人民政府' }))).not.toBe(officeKey(office({})));
  });

  it('names it by construction: full, short, county + short, region', () => {
    expect(officeNames(office({ name: '嵩县城关镇人民政府' }))).toEqual({
      full: '嵩县城关镇人民政府',
      short: '城关镇',
      inCounty: '嵩县城关镇',
      region: '河南省洛阳市嵩县',
    });
    expect(officeNames(office({ kind: '县级以上人民政府', short: '嵩县', name: '洛阳市嵩县人民政府' })).inCounty).toBe(
      '嵩县',
    );
  });

  it('a corpus never holds one body twice in one year, and its items carry the office drawn', () => {
    const seen = new Set<string>();
    for (const item of generateCorpus(1500, 11)) {
      expect(item.office.name).toBe(item.truth.office);
      expect(item.office.region).toBe(item.truth.region);
      const key = `${officeKey(item.office)}|${item.truth.year}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  });

  it('imports nothing from src but the fact catalogue', () => {
    const dir = path.join(import.meta.dirname, '..', 'tools', 'synth');
    const imports = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...readFileSync(path.join(dir, f), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]))
      .filter((p) => !p.startsWith('./'));
    expect([...new Set(imports)]).toEqual(['../../src/catalogue/facts.js']);
  });
});
