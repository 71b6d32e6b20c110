// The reports and questions the backend suites ask of one engine over two stores (test/
// ask-postgres: SQLite and PostgreSQL; test/ask-async-store: SQLite read at once and later):
// the bundled corpus, two more years of 只楚 (change and trend questions) and a second
// 城关镇 in another county, and one question of each shape the engine answers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseReport } from '../../src/parse/index.js';
import type { SaveInput } from '../../src/store/index.js';
import { mulberry32, randomFacts, renderReport } from '../../tools/synth/index.js';

const CORPUS = path.resolve(import.meta.dirname, '../../corpus/2020');

/** The reports both stores hold, in the order they are saved. */
export function inputs(): SaveInput[] {
  const corpus = [
    '洛北街道-2020.txt',
    '城郊街道-2020.txt',
    '城关镇-2020.txt',
    '只楚街道-2020.txt',
    '胜利街街道-2020.txt',
  ].map((f) => ({ name: `corpus/2020/${f}`, text: readFileSync(path.join(CORPUS, f), 'utf8') }));
  const zhichu = (year: number, format: '2019' | '2021', seed: number) => ({
    name: `extra/只楚-${year}.txt`,
    text: renderReport(
      {
        office: '芝罘区只楚街道办事处',
        region: '山东省烟台市芝罘区',
        kind: '街道',
        year,
        format,
        facts: randomFacts(mulberry32(seed), { format, profile: 'busy' }),
      },
      'tab',
      mulberry32(seed),
    ),
  });
  const yiyang = {
    name: 'extra/宜阳城关镇-2020.txt',
    text: renderReport(
      {
        office: '宜阳县城关镇人民政府',
        region: '河南省洛阳市宜阳县',
        kind: '乡镇',
        year: 2020,
        format: '2021',
        facts: randomFacts(mulberry32(12), { format: '2021', profile: 'busy' }),
      },
      'tab',
      mulberry32(12),
    ),
  };
  return [...corpus, zhichu(2019, '2019', 11), zhichu(2018, '2019', 13), yiyang].map((f) => ({
    parsed: parseReport(f.text),
    text: f.text,
    sourceFile: f.name,
  }));
}

/** One of each shape the engine answers, with what a right answer's kind is. */
export const QUESTIONS: [question: string, kind: string][] = [
  ['只楚收到多少申请', 'fact'],
  ['只楚2019年收到多少申请', 'fact'],
  ['只楚去年收到多少申请', 'fact'],
  ['只楚2023年收到多少申请', 'unknown'],
  ['只楚主动公开了多少条信息', 'fact'],
  ['洛北予以公开多少', 'fact'],
  ['宜阳县城关镇不予公开多少件', 'fact'],
  ['只楚的予以公开率是多少', 'fact'],
  ['全区一共收到多少申请', 'aggregate'],
  ['2020年收到申请最多的是哪个单位', 'list'],
  ['各单位收到多少申请', 'list'],
  ['2020年哪些单位收到过申请', 'list'],
  ['2020年有几个单位收到过申请', 'aggregate'],
  ['只楚和城关镇人民政府谁收到的申请多', 'compare'],
  ['只楚和城郊一共收到多少申请', 'aggregate'],
  ['只楚2019年和2020年一共收到多少申请', 'aggregate'],
  ['城关镇人民政府行政许可和行政处罚一共多少件', 'aggregate'],
  ['只楚收到的申请比去年增加了多少', 'compare'],
  ['只楚哪一年收到的申请最多', 'list'],
  ['只楚的报告有什么问题', 'list'],
  ['2020年哪些报告核查有问题', 'list'],
  ['单位列表', 'list'],
  ['城关镇行政许可多少件', 'clarify'],
  ['东风镇收到多少申请', 'unknown'],
  ['只初街道收到多少申请', 'fact'],
  ['只楚街道微信公众号关注量是多少', 'fact'],
  ['胜利街接到微博投诉多少条', 'fact'],
  ['城郊街道存在的主要问题是什么', 'list'],
  ['只楚街道的报告是什么时候发布的', 'fact'],
  ['how many applications did 只楚 receive', 'fact'],
  ['which offices received applications in 2020', 'list'],
];
