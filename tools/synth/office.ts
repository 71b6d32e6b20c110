// Random issuing bodies drawn from real place names, so that the same short name
// (城关镇, 新华街道) turns up under different counties, as it does in reality.
import type { Rng } from './rng.js';

/**
 * The kinds of body a report may be rendered for, in the template's own words (the
 * parser's OfficeKind spells the same ones); randomOffice never draws '其他'.
 */
export type SynthKind = '部门' | '乡镇' | '街道' | '县级以上人民政府' | '其他';

export interface SynthOffice {
  /** The body's name as the report title gives it, e.g. 嵩县城关镇人民政府. */
  name: string;
  /** Full region, e.g. 河南省洛阳市嵩县. */
  region: string;
  kind: SynthKind;
  /** The bare place name without region or suffix: 城关镇, 只楚街道, 教育局. */
  short: string;
  province: string;
  city: string;
  /** The county-level unit (区/县/县级市). */
  county: string;
}

/** province → city → county-level units (real names). */
const PLACES: Record<string, Record<string, string[]>> = {
  河南省: {
    洛阳市: ['西工区', '老城区', '涧西区', '嵩县', '栾川县', '宜阳县'],
    南阳市: ['卧龙区', '宛城区', '方城县', '西峡县'],
  },
  山东省: { 烟台市: ['芝罘区', '莱山区', '福山区', '海阳市'], 潍坊市: ['奎文区', '潍城区', '临朐县', '昌乐县'] },
  宁夏回族自治区: { 银川市: ['兴庆区', '金凤区', '西夏区', '永宁县'] },
  江苏省: { 淮安市: ['清江浦区', '淮安区', '涟水县', '盱眙县'], 徐州市: ['鼓楼区', '云龙区', '丰县', '沛县'] },
  四川省: { 成都市: ['锦江区', '青羊区', '金堂县', '大邑县'], 绵阳市: ['涪城区', '游仙区', '三台县', '盐亭县'] },
  湖北省: { 宜昌市: ['西陵区', '夷陵区', '远安县', '兴山县'], 襄阳市: ['襄城区', '樊城区', '南漳县', '谷城县'] },
  甘肃省: { 兰州市: ['城关区', '七里河区', '榆中县', '皋兰县'], 天水市: ['秦州区', '麦积区', '甘谷县', '武山县'] },
  陕西省: { 西安市: ['新城区', '碑林区', '周至县', '蓝田县'], 宝鸡市: ['渭滨区', '金台区', '凤翔区', '岐山县'] },
  湖南省: { 株洲市: ['荷塘区', '芦淞区', '攸县', '茶陵县'], 邵阳市: ['双清区', '大祥区', '邵东市', '隆回县'] },
  河北省: { 保定市: ['竞秀区', '莲池区', '涞水县', '阜平县'], 邢台市: ['襄都区', '信都区', '临城县', '内丘县'] },
};

// Short names shared by many places: the point is that they collide across regions.
const TOWN_NAMES = [
  '城关',
  '城郊',
  '新华',
  '东关',
  '西关',
  '河西',
  '东城',
  '南关',
  '北关',
  '新店',
  '柳林',
  '三合',
  '白马',
  '双河',
  '龙泉',
  '石桥',
];
const STREET_NAMES = [
  '城关',
  '城郊',
  '新华',
  '胜利街',
  '人民路',
  '解放路',
  '东风',
  '向阳',
  '光明',
  '和平',
  '建设路',
  '只楚',
  '洛北',
  '五一',
  '朝阳',
  '东城',
];
const DEPARTMENTS = [
  '教育局',
  '财政局',
  '民政局',
  '自然资源局',
  '交通运输局',
  '农业农村局',
  '市场监督管理局',
  '人力资源和社会保障局',
  '住房和城乡建设局',
  '卫生健康委员会',
  '应急管理局',
  '水利局',
];

/**
 * The body an office is, known by construction: its region, its kind and its short name.
 * 嵩县城关镇人民政府 and 城关镇人民政府 drawn for 河南省洛阳市嵩县 are one body (one report a
 * year); 城关镇 in another county is another. The generator's own rule, independent of the
 * store's name normalization, so a benchmark's truth never comes from the code it measures.
 */
export function officeKey(office: Pick<SynthOffice, 'region' | 'kind' | 'short'>): string {
  return `${office.region}|${office.kind}|${office.short}`;
}

/** The names the generator gives this body: the title's full name, its short name, and county + short name. */
export function officeNames(office: SynthOffice): { full: string; short: string; inCounty: string; region: string } {
  const inCounty = office.kind === '县级以上人民政府' ? office.county : `${office.county}${office.short}`;
  return { full: office.name, short: office.short, inCounty, region: office.region };
}

type Shape = 'street' | 'town' | 'township' | 'government' | 'department';

function shapeOf(office: SynthOffice): Shape {
  if (office.kind === '街道') return 'street';
  if (office.kind === '乡镇') return office.short.endsWith('乡') ? 'township' : 'town';
  return office.kind === '部门' ? 'department' : 'government';
}

/**
 * A random office. Prefixes vary: none (城关镇人民政府), county (嵩县城关镇人民政府)
 * or city+county. With `like`, an office of the same short name and kind in another
 * region (a second 城关镇) — county governments excepted, whose name is their region.
 */
export function randomOffice(rng: Rng, like?: SynthOffice): SynthOffice {
  const province = rng.pick(Object.keys(PLACES));
  const city = rng.pick(Object.keys(PLACES[province]));
  const county = rng.pick(PLACES[province][city]);
  const isDistrict = county.endsWith('区');
  const shape: Shape =
    like && like.kind !== '县级以上人民政府'
      ? shapeOf(like)
      : rng.pick<Shape>(
          isDistrict
            ? ['street', 'street', 'street', 'town', 'government', 'department']
            : ['town', 'town', 'township', 'street', 'government', 'department'],
        );
  const region = `${province}${city}${county}`;
  const prefix = rng.pick(['', '', county, `${city}${county}`]);
  const base = (names: string[]) => (like ? like.short.replace(/(街道|镇|乡)$/, '') : rng.pick(names));
  switch (shape) {
    case 'street': {
      const short = `${base(STREET_NAMES)}街道`;
      return { name: `${prefix}${short}办事处`, region, kind: '街道', short, province, city, county };
    }
    case 'town':
    case 'township': {
      const short = `${base(TOWN_NAMES)}${shape === 'town' ? '镇' : '乡'}`;
      return { name: `${prefix}${short}人民政府`, region, kind: '乡镇', short, province, city, county };
    }
    case 'government': {
      const name = rng.chance(0.5) ? `${county}人民政府` : `${city}${county}人民政府`;
      return { name, region, kind: '县级以上人民政府', short: county, province, city, county };
    }
    case 'department': {
      const dept = like ? like.short : rng.pick(DEPARTMENTS);
      const name = rng.chance(0.6) ? `${county}${dept}` : `${city}${county}${dept}`;
      return { name, region, kind: '部门', short: dept, province, city, county };
    }
  }
}
