// Every cell of the five seed reports, checked by hand against the texts in corpus/2020/.
// Each expectation starts from "every cell of the format is 0" (what these small offices
// report) and lists, per seed, the cells that are not: read off the report by eye.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../src/parse/index.js';
import { tableIds, APPLY_PARTS } from '../src/catalogue/facts.js';

const corpus = (name: string) => path.resolve(__dirname, '../corpus/2020', name);
const read = (name: string) => readFileSync(corpus(name), 'utf8');

function zeros2019(): Record<string, number | null> {
  return Object.fromEntries(tableIds('2019').map((id) => [id, 0]));
}

const blankRow = (facts: Record<string, number | null>, row: string) => {
  for (const col of [...APPLY_PARTS, 'total']) facts[`apply.${row}.${col}`] = null;
};

interface Expectation {
  file: string;
  office: string;
  region: string | null;
  year: number;
  facts: Record<string, number | null>;
  approximate: string[];
  findingCodes: string[];
  date: string | null;
  aliases: string[];
}

const seeds: Expectation[] = [
  {
    file: '洛北街道-2020.txt',
    office: '西工区洛北街道办事处',
    region: '洛阳市西工区',
    year: 2020,
    facts: (() => {
      const f = zeros2019();
      // 予以公开 … 3.危及“三安全一稳定” are printed with no values at all.
      for (const row of ['granted', 'partial', 'denied.secret', 'denied.prohibited', 'denied.security'])
        blankRow(f, row);
      return f; // no 主动公开…条 sentence: "推送微信公众号180余篇" is not the item count
    })(),
    approximate: [],
    findingCodes: ['missing_cell'],
    date: null,
    aliases: ['洛北', '洛北街道', '洛北街道办事处'],
  },
  {
    file: '城郊街道-2020.txt',
    office: '城郊街道',
    region: null,
    year: 2020,
    facts: { ...zeros2019(), 'active.items': 523 },
    approximate: [],
    findingCodes: [],
    date: null,
    aliases: ['城郊', '城郊街道'],
  },
  {
    file: '城关镇-2020.txt',
    office: '城关镇人民政府',
    region: '洛阳市',
    year: 2020,
    facts: {
      ...zeros2019(),
      'active.license.prev_items': 1,
      'active.license.decisions': 15,
      'active.other_services.prev_items': 19,
      'active.other_services.decisions': 28,
      'active.penalty.prev_items': 1,
      'active.penalty.decisions': 11,
      'active.coercion.prev_items': 1,
      'active.coercion.decisions': 3,
      'active.procurement.count': 1,
      'active.procurement.amount': 1.06,
      'active.items': 1947,
    },
    approximate: [],
    findingCodes: [],
    date: null,
    aliases: ['城关镇', '城关'],
  },
  {
    file: '只楚街道-2020.txt',
    office: '芝罘区只楚街道办事处',
    region: '烟台市芝罘区',
    year: 2020,
    facts: {
      ...zeros2019(),
      'apply.received.natural': 4,
      'apply.received.total': 4,
      'apply.granted.natural': 3,
      'apply.granted.total': 3,
      'apply.partial.natural': 1,
      'apply.partial.total': 1,
      'apply.handled.natural': 4,
      'apply.handled.total': 4,
      'active.items': 180,
    },
    approximate: ['active.items'],
    // Dated 2020年1月26日: before the year it covers had ended.
    findingCodes: ['date'],
    date: '2020-01-26',
    aliases: ['只楚', '只楚街道', '只楚街道办事处'],
  },
  {
    file: '胜利街街道-2020.txt',
    office: '银川市兴庆区胜利街街道办事处',
    region: '银川市兴庆区',
    year: 2020,
    facts: (() => {
      const f: Record<string, number | null> = { ...zeros2019(), 'active.items': 228 };
      // Only the 总计 column of table B is filled in.
      for (const id of Object.keys(f)) if (id.startsWith('apply.') && !id.endsWith('.total')) f[id] = null;
      return f;
    })(),
    approximate: [],
    findingCodes: ['missing_cell'],
    date: null,
    aliases: ['胜利街', '胜利街街道'],
  },
];

describe('parse: the five seed reports, every cell', () => {
  for (const seed of seeds) {
    it(seed.file, () => {
      const r = parseReport(read(seed.file), { file: seed.file });
      expect(r.office).toBe(seed.office);
      expect(r.year).toBe(seed.year);
      expect(r.format).toBe('2019');
      expect(r.region).toBe(seed.region);
      expect(r.facts).toEqual(seed.facts);
      expect(r.approximate).toEqual(seed.approximate);
      expect(r.findings.map((f) => f.code).sort()).toEqual(seed.findingCodes);
      expect(r.date).toBe(seed.date);
      expect(r.incomplete).toBe(false);
      expect(r.aliases).toEqual(expect.arrayContaining([seed.office, ...seed.aliases]));
      expect(r.parts.map((p) => p.part)).toEqual([1, 2, 3, 4, 5, 6]);
      // Every value knows the line it came from, and that line holds the cell as written.
      const lines = read(seed.file).split('\n');
      for (const [id, prov] of Object.entries(r.provenance)) {
        expect(lines[prov.line - 1], id).toContain(prov.cell.split('\n')[0]);
      }
    });
  }

  it('names the blank rows of 洛北 and the blank columns of 胜利街 in its findings', () => {
    const luobei = parseReport(read('洛北街道-2020.txt')).findings[0];
    expect(luobei.message).toContain('5 行整行空白');
    expect(luobei.ids).toContain('apply.granted.total');
    expect(luobei.ids).toHaveLength(35);
    const shenglijie = parseReport(read('胜利街街道-2020.txt')).findings[0];
    expect(shenglijie.message).toContain('自然人');
    expect(shenglijie.ids).not.toContain('apply.received.total');
  });

  it('gives 只楚 a date finding that says why', () => {
    const f = parseReport(read('只楚街道-2020.txt')).findings.find((x) => x.code === 'date')!;
    expect(f.message).toContain('2020年1月26日');
    expect(f.message).toContain('早于');
  });

  it('reads the 城关镇 procurement amount in 万元 from the header', () => {
    const r = parseReport(read('城关镇-2020.txt'));
    expect(r.units['active.procurement.amount']).toBe('万元');
    expect(r.provenance['active.license.decisions']).toEqual({ line: 27, cell: '15' });
  });
});
