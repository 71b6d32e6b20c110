import { describe, expect, it } from 'vitest';
import {
  assignDestination,
  fileReport,
  matchOffice,
  normalizeOfficeName,
  officeGroup,
  regionTellsApart,
  regionUnits,
  stripLeadingUnits,
  type GroupMember,
  type OfficeCandidate,
} from '../src/store/identity.js';
import { assignedOrigin } from '../src/store/origin.js';
import { matchReportFile } from '../src/store/rows.js';

describe('regionUnits', () => {
  it('splits provinces, cities, districts and autonomous regions', () => {
    expect(regionUnits('山东省烟台市芝罘区')).toEqual(['山东省', '烟台市', '芝罘区']);
    expect(regionUnits('宁夏回族自治区银川市兴庆区')).toEqual(['宁夏回族自治区', '银川市', '兴庆区']);
    expect(regionUnits('河南省洛阳市（县名未写明）')).toEqual(['河南省', '洛阳市']);
  });
});

describe('normalizeOfficeName', () => {
  it('drops the units of its own region written before the name, and canonical suffixes', () => {
    expect(normalizeOfficeName('银川市兴庆区胜利街街道办事处', '宁夏回族自治区银川市兴庆区')).toBe('胜利街街道');
    expect(normalizeOfficeName('芝罘区只楚街道办事处', '山东省烟台市芝罘区')).toBe('只楚街道');
    expect(normalizeOfficeName('城关镇人民政府', '河南省洛阳市')).toBe('城关镇');
    expect(normalizeOfficeName(' 城郊 街道 ', null)).toBe('城郊街道');
  });

  it('keeps units of another region, and the body that is the unit itself', () => {
    expect(normalizeOfficeName('芝罘区只楚街道办事处', '河南省洛阳市')).toBe('芝罘区只楚街道');
    expect(normalizeOfficeName('兴庆区人民政府', '宁夏回族自治区银川市兴庆区')).toBe('兴庆区人民政府');
    expect(normalizeOfficeName('株洲市荷塘区人民路街道办事处', '湖南省株洲市荷塘区')).toBe(
      normalizeOfficeName('人民路街道办事处', '湖南省株洲市荷塘区'),
    );
    expect(normalizeOfficeName('芝罘区只楚街道办事处', null)).toBe('芝罘区只楚街道');
  });

  it('stripLeadingUnits removes any region prefix', () => {
    expect(stripLeadingUnits('烟台市芝罘区只楚街道办事处')).toEqual({ units: ['烟台市', '芝罘区'], rest: '只楚街道' });
    expect(stripLeadingUnits('兴庆区人民政府')).toEqual({ units: [], rest: '兴庆区人民政府' });
    expect(stripLeadingUnits('兴庆区人民法院')).toEqual({ units: [], rest: '兴庆区人民法院' });
    // A street named 人民路 is not the district's 人民政府: the district in front is its region.
    expect(stripLeadingUnits('株洲市荷塘区人民路街道办事处')).toEqual({
      units: ['株洲市', '荷塘区'],
      rest: '人民路街道',
    });
  });
});

describe('matchOffice', () => {
  const c = (id: number, normName: string, regionKey: string): OfficeCandidate => ({ id, normName, regionKey });

  it('same name and region is the same office; another region is another office', () => {
    const stored = [c(1, '城关镇', '河南省洛阳市')];
    expect(matchOffice('城关镇人民政府', '河南省洛阳市', stored)).toEqual({ kind: 'existing', id: 1 });
    expect(matchOffice('城关镇人民政府', '甘肃省兰州市', stored)).toEqual({ kind: 'new' });
  });

  it('a report without region joins only the region-less office of that name, else a new one', () => {
    // A namesake with a known region may be another county's office: never merged with it.
    expect(matchOffice('城关镇', null, [c(1, '城关镇', '河南省洛阳市')])).toEqual({ kind: 'new' });
    expect(matchOffice('城关镇', null, [c(1, '城关镇', '河南省洛阳市'), c(2, '城关镇', '甘肃省兰州市')])).toEqual({
      kind: 'new',
    });
    expect(matchOffice('城关镇', null, [])).toEqual({ kind: 'new' });
    // exactly the region-less one, when several exist
    expect(matchOffice('城关镇', null, [c(1, '城关镇', '河南省洛阳市'), c(2, '城关镇', '')])).toMatchObject({
      kind: 'existing',
      id: 2,
    });
  });

  it('a region-less name that carries its region joins the office in that region', () => {
    const stored = [c(7, '只楚街道', '山东省烟台市芝罘区'), c(8, '只楚街道', '某省某市某区')];
    expect(matchOffice('芝罘区只楚街道办事处', null, stored)).toMatchObject({ kind: 'existing', id: 7 });
  });

  it('a report with region does not join a region-less office of that name, nor a namesake elsewhere', () => {
    expect(matchOffice('城郊街道', '河南省洛阳市', [c(3, '城郊街道', '')])).toEqual({ kind: 'new' });
    expect(matchOffice('城郊街道', '河南省洛阳市', [c(3, '城郊街道', ''), c(4, '城郊街道', '甘肃省兰州市')])).toEqual({
      kind: 'new',
    });
  });

  it('a city whose name has 州 is one unit (徐州市, not 徐州 + 市…)', () => {
    expect(normalizeOfficeName('丰县东风街道办事处', '江苏省徐州市丰县')).toBe(
      normalizeOfficeName('东风街道办事处', '江苏省徐州市丰县'),
    );
    expect(normalizeOfficeName('杭州市西湖区北山街道办事处', '浙江省杭州市西湖区')).toBe('北山街道');
  });

  it('one region written more or less fully is one place', () => {
    expect(matchOffice('芝罘区只楚街道办事处', '山东省烟台市芝罘区', [c(7, '只楚街道', '烟台市芝罘区')])).toMatchObject(
      { kind: 'existing', id: 7 },
    );
    expect(matchOffice('城关镇人民政府', '河南省洛阳市宜阳县', [c(1, '城关镇', '河南省洛阳市')])).toEqual({
      kind: 'new',
    });
  });
});

describe('officeGroup: the office and its namesakes kept apart', () => {
  const c = (id: number, normName: string, regionKey: string, namesake = 0): OfficeCandidate => ({
    id,
    normName,
    regionKey,
    namesake,
  });

  it('holds every namesake of the same name and region, the office itself first', () => {
    const stored = [c(5, '城关镇', '', 1), c(2, '城关镇', ''), c(9, '城关镇', '河南省洛阳市嵩县')];
    expect(officeGroup('城关镇人民政府', null, stored).map((x) => x.id)).toEqual([2, 5]);
    expect(officeGroup('城关镇人民政府', '河南省洛阳市嵩县', stored).map((x) => x.id)).toEqual([9]);
    expect(officeGroup('城关镇人民政府', '甘肃省兰州市', stored)).toEqual([]);
    expect(matchOffice('城关镇人民政府', null, stored)).toEqual({ kind: 'existing', id: 2 });
  });
});

describe('fileReport: nothing replaced on a guess', () => {
  const m = (id: number, namesake: number, held: GroupMember['held']): GroupMember => ({
    id,
    normName: '城关镇',
    regionKey: '',
    namesake,
    held,
  });
  const bare = { sourceFile: 'b.txt', regionStated: false };

  it('a new office, or a year the office does not hold yet', () => {
    expect(fileReport([], bare)).toEqual({ kind: 'new', namesake: 0, conflictWith: null });
    expect(fileReport([m(1, 0, null)], bare)).toEqual({ kind: 'existing', id: 1, replaces: null });
  });

  it('a year already held, under a name no region tells apart: a namesake of its own', () => {
    const held = { reportId: 10, sourceFile: 'a.txt', regionStated: false };
    expect(fileReport([m(1, 0, held)], bare)).toEqual({ kind: 'new', namesake: 1, conflictWith: 10 });
    expect(fileReport([m(1, 0, held), m(2, 1, { ...held, reportId: 11, sourceFile: 'c.txt' })], bare)).toEqual({
      kind: 'new',
      namesake: 2,
      conflictWith: 10,
    });
    // a primary that lost its year to an assignment is no place for it either: a namesake holds that year
    expect(fileReport([m(1, 0, null), m(2, 1, held)], bare)).toEqual({ kind: 'new', namesake: 2, conflictWith: 10 });
  });

  it('the same file re-issued, or both regions stated: a new version', () => {
    const held = { reportId: 10, sourceFile: 'b.txt', regionStated: false };
    expect(fileReport([m(1, 0, null), m(2, 1, held)], bare)).toEqual({ kind: 'existing', id: 2, replaces: 10 });
    const stated = { reportId: 12, sourceFile: 'a.txt', regionStated: true };
    expect(fileReport([m(1, 0, stated)], { sourceFile: 'x.txt', regionStated: true })).toEqual({
      kind: 'existing',
      id: 1,
      replaces: 12,
    });
    expect(fileReport([m(1, 0, stated)], { sourceFile: 'x.txt', regionStated: false })).toMatchObject({
      kind: 'new',
      conflictWith: 12,
    });
  });
});

describe('regionTellsApart', () => {
  it('a township or subdistrict needs its county; other bodies their city will do', () => {
    expect(regionTellsApart('河南省洛阳市嵩县', '乡镇')).toBe(true);
    expect(regionTellsApart('山东省烟台市芝罘区', '街道')).toBe(true);
    expect(regionTellsApart('山东省烟台市海阳市', '乡镇')).toBe(true);
    expect(regionTellsApart('洛阳市', '乡镇')).toBe(false);
    expect(regionTellsApart('宁夏回族自治区银川市', '街道')).toBe(false);
    expect(regionTellsApart(null, '乡镇')).toBe(false);
    expect(regionTellsApart('河南省洛阳市', '部门')).toBe(true);
  });
});

describe('assignDestination (where 指定地区 moves a report)', () => {
  const member = (id: number, held: number | null): GroupMember => ({
    id,
    normName: '洛阳市嵩县城关镇人民政府',
    regionKey: '河南省洛阳市嵩县',
    namesake: 0,
    held: held === null ? null : { reportId: held, sourceFile: `${held}.txt`, regionStated: true },
  });
  it("stays when the region is already its office's and no namesake shares the name", () => {
    expect(assignDestination({ regionKey: '河南省洛阳市嵩县', namesake: 0 }, '河南省洛阳市嵩县', [])).toEqual({
      kind: 'stay',
    });
  });
  it('a namesake leaves its office even for the same region', () => {
    expect(assignDestination({ regionKey: '河南省洛阳市嵩县', namesake: 1 }, '河南省洛阳市嵩县', [])).toEqual({
      kind: 'new',
    });
  });
  it('joins the office there that holds no report of the year, else replaces what the first one holds', () => {
    const from = { regionKey: '', namesake: 0 };
    expect(assignDestination(from, '河南省洛阳市嵩县', [member(3, 7), member(4, null)])).toEqual({
      kind: 'join',
      officeId: 4,
      supersedes: null,
    });
    expect(assignDestination(from, '河南省洛阳市嵩县', [member(3, 7)])).toEqual({
      kind: 'join',
      officeId: 3,
      supersedes: 7,
    });
  });
});

describe('assignedOrigin', () => {
  it("says the region it replaces: the report's own, else its office's, never itself", () => {
    const stated = { office: null, year: null, region: { from: 'text' as const, value: '洛阳市' } };
    expect(assignedOrigin(stated, '河南省洛阳市', '河南省洛阳市嵩县').region).toEqual({
      from: 'assign',
      value: '河南省洛阳市嵩县',
      replaced: '洛阳市',
    });
    const none = { office: null, year: null, region: null };
    expect(assignedOrigin(none, null, '嵩县').region).toEqual({ from: 'assign', value: '嵩县' });
    expect(assignedOrigin(none, '嵩县', '嵩县').region).toEqual({ from: 'assign', value: '嵩县' });
  });
});

describe('matchReportFile (a file as the user types it)', () => {
  const stored = [{ source_file: '/data/a/城关镇-2020.txt' }, { source_file: 'C:\\reports\\b\\城关镇-2020.txt' }];
  it('by its last folders and name, with either slash', () => {
    expect(matchReportFile('b/城关镇-2020.txt', stored)).toEqual([stored[1]]);
    expect(matchReportFile('a\\城关镇-2020.txt', stored)).toEqual([stored[0]]);
    expect(matchReportFile('城关镇-2020.txt', stored)).toEqual(stored);
  });
  it('not by a name that only ends the same', () => {
    expect(matchReportFile('关镇-2020.txt', stored)).toEqual([]);
  });
});
