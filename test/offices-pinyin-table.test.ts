// The sound-alike tables read each character's readings from src/offices/readings-table.ts,
// generated from pinyin-pro (tools/pinyin-readings.ts), so that a question in Chinese
// never loads pinyin-pro (~0.1 s of a cold `ask`). The table must say what pinyin-pro
// says of every character, and a Latin question must still reach pinyin-pro itself.
import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { OfficeIndex } from '../src/offices/index.js';
import { pinyinKey, pinyinProLoaded, readings, soundAlike } from '../src/offices/pinyin.js';
import { office } from './support/offices.js';

/** What readings() returned when it asked pinyin-pro for each character. */
const fromPinyinPro = (ch: string) => [
  ...new Set(pinyin(ch, { toneType: 'none', type: 'array', multiple: true }).map((s) => s.replace(/ü/g, 'v'))),
];

describe('what a question loads', () => {
  // One module graph per test file, and these run first: pinyin-pro is loaded by nothing before
  // them (this file imports its ESM build; pinyin.ts loads its own copy through require).
  const index = new OfficeIndex([
    office(1, '芝罘区只楚街道办事处', '山东省烟台市芝罘区', '街道'),
    office(2, '城关镇人民政府', '河南省洛阳市', '乡镇'),
  ]);

  it('a Chinese question, with a sound-alike slip, is resolved without pinyin-pro', () => {
    const r = index.resolve('只初收到多少申请');
    expect(r.resolved).toEqual([{ text: '只初', office: expect.objectContaining({ id: 1 }), understoodAs: '只楚' }]);
    expect(soundAlike('楚', '初')).toBe(true);
    expect(soundAlike('楚', '城')).toBe(false);
    // Nothing resolved: the region words spelt in pinyin are looked for, and there are none.
    const unknown = index.resolve('城东街道收到多少申请');
    expect(unknown.resolved).toEqual([]);
    expect(unknown.unknown.map((u) => u.text)).toEqual(['城东街道']);
    expect(pinyinProLoaded()).toBe(false);
  });

  it('a name in pinyin loads it, and spells names in context as pinyin-pro does', () => {
    expect(index.resolve('how many applications did zhichu receive').resolved.map((r) => r.office.id)).toEqual([1]);
    expect(pinyinProLoaded()).toBe(true);
    for (const name of ['只楚街道', '城关镇', '长安区', '重庆市', '行政复议'])
      expect(pinyinKey(name)).toBe(
        pinyin(name, { toneType: 'none', type: 'array', nonZh: 'removed' })
          .map((s) => s.replace(/ü/g, 'v'))
          .join('')
          .toLowerCase(),
      );
  });
});

describe('the generated readings table', () => {
  it('gives every character U+4E00…U+9FA5 the readings pinyin-pro gives it, in its order', () => {
    const wrong: string[] = [];
    let several = 0;
    for (let c = 0x4e00; c <= 0x9fa5; c++) {
      const ch = String.fromCharCode(c);
      const expected = fromPinyinPro(ch);
      if (JSON.stringify(readings(ch)) !== JSON.stringify(expected)) wrong.push(ch);
      if (expected.length > 1) several++;
    }
    // Regenerate with `npx tsx tools/pinyin-readings.ts` after upgrading pinyin-pro.
    expect(wrong).toEqual([]);
    expect(several).toBeGreaterThan(2000); // 多音字 are in it
    expect(readings('楚')).toEqual(['chu']);
    expect(readings('长')).toEqual(fromPinyinPro('长'));
    expect(readings('长').length).toBeGreaterThan(1);
  });

  it('outside its range asks pinyin-pro as before', () => {
    for (const ch of ['〇', 'a', '𠀀', '只楚']) expect(readings(ch)).toEqual(fromPinyinPro(ch));
  });
});
