// The one office resolver (src/ask/offices.ts) as questions, 核查 and the reminder
// commands use it: a name the store does not hold is never read as another office
// nor dropped; a one-character correction only when the characters sound alike and
// one office fits; pinyin and English names. The offices are made here; each
// expectation is a reading a person would make of the question.
import { describe, expect, it } from 'vitest';
import { OfficeIndex } from '../src/offices/index.js';
import { soundAlike, splitPinyin, pinyinKey } from '../src/offices/pinyin.js';
import { findOffices } from '../src/bot/replies.js';
import { findOffice } from '../src/bot/remind-commands.js';
import type { OfficeEntry } from '../src/remind/config.js';
import type { OfficeSource } from '../src/bot/types.js';
import type { Office } from '../src/store/types.js';
import { office } from './support/offices.js';

const OFFICES = [
  office(1, '芝罘区只楚街道办事处', '山东省烟台市芝罘区', '街道'),
  office(2, '城关镇人民政府', '河南省洛阳市', '乡镇'),
  office(3, '城郊街道', null, '街道'),
  office(4, '西工区洛北街道办事处', '河南省洛阳市西工区', '街道'),
  office(5, '银川市兴庆区胜利街街道办事处', '宁夏回族自治区银川市兴庆区', '街道'),
  office(6, '淮安市人民政府', '江苏省淮安市', '县级以上人民政府'),
];
const index = new OfficeIndex(OFFICES);
const resolve = (q: string) => index.resolve(q);
const ids = (q: string) => resolve(q).resolved.map((r) => r.office.id);

describe('a name the store does not hold is unknown, never another office', () => {
  it.each([
    ['城东街道收到多少申请', '城东街道', false],
    ['城南街道收到多少申请', '城南街道', false],
    ['胜利乡收到多少申请', '胜利乡', false],
    ['城关乡收到多少申请', '城关乡', false],
    ['海淀区收到多少申请', '海淀区', true],
    ['淮安市人民政府办公厅收到多少申请', '淮安市人民政府办公厅', false],
    ['和平街道行政复议几件', '和平街道', false],
    ['市场监管局收到多少申请', '市场监管局', false],
  ])('%s', (q, text, place) => {
    const r = resolve(q);
    expect(r.resolved).toEqual([]);
    expect(r.unknown[0]).toMatchObject({ text, place });
  });

  it('the nearest names share a character of the name itself', () => {
    expect(resolve('城东街道收到多少申请').unknown[0].suggestions.map((o) => o.id)).toEqual([3]);
    expect(resolve('胜利乡收到多少申请').unknown[0].suggestions.map((o) => o.id)).toEqual([5]);
    expect(resolve('东风街道收到多少申请').unknown[0].suggestions).toEqual([]);
  });

  it('an unknown name beside a known one is still reported', () => {
    const r = resolve('只楚和城东街道一共收到多少申请');
    expect(r.resolved.map((x) => x.office.id)).toEqual([1]);
    expect(r.unknown.map((u) => u.text)).toEqual(['城东街道']);
  });

  it('common nouns with an office ending are not names', () => {
    for (const q of [
      '城关镇有多少个村（社区）建立了便民服务中心',
      '全区一共收到多少申请',
      '2020年各乡镇收到申请',
      '在政务服务大厅办理',
      '各单位行政事业性收费情况',
    ]) {
      expect(resolve(q).unknown).toEqual([]);
    }
  });
});

describe('人民政府 is said 政府', () => {
  it('inside a longer name too', () => {
    const idx = new OfficeIndex([
      office(1, '淮安市洪泽区人民政府办公室', '江苏省淮安市洪泽区', '部门'),
      office(2, '淮安市人民政府', '江苏省淮安市', '县级以上人民政府'),
    ]);
    expect(idx.resolve('洪泽区政府办公室收到多少申请').resolved.map((r) => r.office.id)).toEqual([1]);
    expect(idx.resolve('淮安市政府收到多少申请').resolved.map((r) => r.office.id)).toEqual([2]);
    // Not the government for its general office.
    expect(idx.resolve('淮安市人民政府办公厅收到多少申请').unknown[0].text).toBe('淮安市人民政府办公厅');
  });
});

describe('corrections: one character, sounding alike, one office', () => {
  it('只初 is 只楚 (same sound), and says so', () => {
    const r = resolve('只初收到多少申请');
    expect(r.resolved).toEqual([{ text: '只初', office: expect.objectContaining({ id: 1 }), understoodAs: '只楚' }]);
  });
  it('只初街道, 落北街道: corrected', () => {
    expect(ids('只初街道收到多少申请')).toEqual([1]);
    expect(ids('落北街道收到多少申请')).toEqual([4]);
  });
  it('a character that does not sound alike is not corrected (城东 ≠ 城郊)', () => {
    expect(soundAlike('东', '郊')).toBe(false);
    expect(soundAlike('初', '楚')).toBe(true);
    expect(ids('城东街道收到多少申请')).toEqual([]);
  });
});

describe('pinyin and English names', () => {
  it('pinyin of a name, and words that are pinyin', () => {
    expect(pinyinKey('只楚')).toBe('zhichu');
    expect(splitPinyin('haidian')).toEqual(['hai', 'dian']);
    expect(splitPinyin('receive')).toBeNull();
  });
  it.each([
    ['how many applications did zhichu receive', 1],
    ['how many applications did Zhichu Subdistrict receive', 1],
    ['Chengguan Town applications received in 2020', 2],
    ['shengli street lawsuits', 5],
    ['What problems did Luobei report?', 4],
  ])('%s', (q, id) => {
    expect(ids(q)).toEqual([id]);
  });
  it('a pinyin name no office has is unknown', () => {
    expect(resolve('how many applications did haidian receive').unknown[0].text).toBe('haidian');
    expect(resolve('Haidian District applications').unknown[0]).toMatchObject({
      text: 'Haidian District',
      place: true,
    });
    expect(resolve('how many applications did the offices receive in total').unknown).toEqual([]);
  });
});

describe('核查 and the reminder commands use the same resolver', () => {
  const stored: Office[] = OFFICES.map((o) => ({ ...o, kind: o.kind as Office['kind'] }) as Office);
  const src = {
    listOffices: () => stored,
    officesByAlias: (a: string) => stored.filter((o) => o.aliases.includes(a)),
    currentReports: () => [],
    getReport: () => null,
  } as unknown as OfficeSource;

  it('核查: a correction, an unknown name with the nearest, namesakes by words inside names', async () => {
    expect(await findOffices(src, '只初')).toMatchObject({
      offices: [expect.objectContaining({ id: 1 })],
      understoodAs: '只楚',
    });
    const unknown = await findOffices(src, '城东街道');
    expect(unknown.offices).toEqual([]);
    expect(unknown.nearest.map((o) => o.id)).toEqual([3]);
    expect((await findOffices(src, '街道')).offices.length).toBeGreaterThan(1);
  });

  const registry = OFFICES.map((o) => ({
    name: o.name,
    region: o.region ?? undefined,
    kind: o.kind,
    aliases: [],
    room: 'r',
    mention: [],
    paused: false,
  })) as unknown as OfficeEntry[];
  it('暂停提醒: 城关 is 城关镇, 只初 is 只楚 (said), 城东街道 is nobody', () => {
    expect(findOffice(registry, '城关')).toEqual({ entry: registry[1] });
    expect(findOffice(registry, '只初')).toEqual({ entry: registry[0], understoodAs: '只楚' });
    const none = findOffice(registry, '城东街道');
    expect('entry' in none).toBe(false);
    expect(none).toMatchObject({ candidates: [], nearest: [registry[2]] });
  });
});
