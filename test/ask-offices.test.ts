// Which office a question names: aliases, namesakes told apart by region words, a
// government's area said before an office as a qualifier, and typos.
import { describe, expect, it } from 'vitest';
import { OfficeIndex, regionWords } from '../src/offices/index.js';
import { office } from './support/offices.js';

const index = new OfficeIndex([
  office(1, '芝罘区人民政府', '山东省烟台市芝罘区', '县级以上人民政府'),
  office(2, '芝罘区只楚街道办事处', '山东省烟台市芝罘区', '街道'),
  office(3, '宜阳县城关镇人民政府', '河南省洛阳市宜阳县', '乡镇'),
  office(4, '城关镇人民政府', '河南省洛阳市', '乡镇'),
  office(5, '宜阳县人民政府', '河南省洛阳市宜阳县', '县级以上人民政府'),
]);
const ids = (q: string) => index.resolve(q).resolved.map((r) => r.office.id);

describe('office resolution', () => {
  it('short names and full names', () => {
    expect(ids('只楚收到多少申请')).toEqual([2]);
    expect(ids('芝罘区只楚街道办事处收到多少申请')).toEqual([2]);
    expect(ids('城关镇人民政府行政许可多少件')).toEqual([4]); // said in full: that office
  });
  it('namesakes: asked back, or told apart by a region word', () => {
    expect(
      index
        .resolve('城关镇收到多少申请')
        .ambiguous[0].candidates.map((o) => o.id)
        .sort(),
    ).toEqual([3, 4]);
    expect(ids('宜阳的城关镇收到多少申请')).toEqual([3]);
  });
  it("a government's area before an office narrows it; with 和 it is a second office", () => {
    expect(ids('芝罘区的只楚街道收到多少申请')).toEqual([2]);
    expect(ids('芝罘区收到多少申请')).toEqual([1]);
    expect(ids('芝罘区和只楚谁多')).toEqual([1, 2]);
  });
  it('one typo is forgiven when one office is clearly meant; otherwise suggestions', () => {
    expect(ids('只初街道收到多少申请')).toEqual([2]);
    const u = index.resolve('东风镇收到多少申请');
    expect(u.resolved).toEqual([]);
    expect(u.unknown[0].text).toBe('东风镇');
  });
  it('region words', () => {
    expect(regionWords('宁夏回族自治区银川市兴庆区')).toEqual(expect.arrayContaining(['宁夏', '银川', '兴庆区']));
    expect(regionWords('江苏省徐州市丰县')).toEqual(expect.arrayContaining(['徐州市', '徐州', '丰县']));
  });
});
