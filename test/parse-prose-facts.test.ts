// Numbers in the prose, and part 五's own problems. Truth is read off the bundled
// reports in corpus/2020 by hand (line numbers are the files' own), plus invented
// sentences of the same classes and sentences that must give nothing.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractText } from '../src/extract/index.js';
import { parseReport, type ParsedReport } from '../src/parse/index.js';
import { logicalLines } from '../src/parse/lines.js';
import { chineseNumber, findProseFacts, type ProseFact } from '../src/parse/prose-facts.js';
import { sharedFile } from './support/shared.js';

const seed = (name: string) => parseReport(readFileSync(path.resolve(__dirname, '../corpus/2020', name), 'utf8'));
const facts = (text: string) => findProseFacts(logicalLines(text.normalize('NFKC')));
const brief = (f: ProseFact) => `${f.phrase}=${f.value}${f.unit}`;
const find = (list: ProseFact[], phrase: string) => list.filter((f) => f.phrase.includes(phrase));

describe('prose facts of the bundled reports', () => {
  it('胜利街: 微博投诉68条, 微博回应68条, 回复率100%, 主动公开信息228条 (line 13)', () => {
    const r = seed('胜利街街道-2020.txt');
    const pf = r.proseFacts!;
    const complaint = find(pf, '微博投诉');
    expect(complaint).toHaveLength(1);
    expect(complaint[0]).toMatchObject({
      value: 68,
      unit: '条',
      line: 13,
      bound: 'exact',
      kind: 'count',
      verb: '接到',
    });
    expect(complaint[0].sentence).toContain('接到微博投诉事件68条');
    expect(find(pf, '微博回应')[0]).toMatchObject({ value: 68, unit: '条' });
    expect(find(pf, '回复率')[0]).toMatchObject({ value: 100, unit: '%', kind: 'rate' });
    expect(find(pf, '原创微博')[0]).toMatchObject({ value: 226, sub: true });
    const items = pf.filter((f) => f.phrase === '信息' && f.verb === '主动公开');
    expect(items.map((f) => [f.value, f.sub])).toEqual([
      [228, false],
      [2, true],
    ]);
  });

  it('只楚: 公众号关注5948人, 发稿191篇, 浏览356415次, 开展培训2次, 180余条 is a lower bound', () => {
    const pf = seed('只楚街道-2020.txt').proseFacts!;
    expect(find(pf, '公众号关注')[0]).toMatchObject({ value: 5948, unit: '人', line: 29 });
    expect(find(pf, '发稿')[0]).toMatchObject({ value: 191, unit: '篇', line: 29 });
    expect(find(pf, '浏览')[0]).toMatchObject({ value: 356415, unit: '次' });
    expect(find(pf, '朋友圈分享')[0]).toMatchObject({ value: 8951, unit: '人次' });
    expect(find(pf, '培训')[0]).toMatchObject({ value: 2, unit: '次', verb: '开展', line: 41 });
    expect(find(pf, '政府信息')[0]).toMatchObject({
      value: 180,
      unit: '条',
      hedge: '余',
      bound: 'lower',
      written: '180余条',
    });
    // "收到4例信息公开申请，与往年相比数量增加了3例": the 3 is a change, not a second count.
    expect(find(pf, '信息公开申请').map((f) => [f.value, f.kind])).toEqual([
      [4, 'count'],
      [3, 'change'],
    ]);
    // The address, postcode, telephone and the date at the end are not facts.
    expect(pf.some((f) => f.line >= 115)).toBe(false);
  });

  it('洛北: 推送微信公众号180余篇, hedged counts, two rates sharing one number', () => {
    const pf = seed('洛北街道-2020.txt').proseFacts!;
    expect(find(pf, '微信公众号')[0]).toMatchObject({ verb: '推送', value: 180, unit: '篇', bound: 'lower', line: 15 });
    expect(find(pf, '网民诉求')[0]).toMatchObject({ value: 700, unit: '件', hedge: '余' });
    expect(find(pf, '电话诉求')[0]).toMatchObject({ value: 3000, unit: '件' });
    expect(find(pf, '满意率')[0]).toMatchObject({ value: 95, unit: '%', hedge: '以上', bound: 'lower' });
    expect(find(pf, '办结率')[0]).toMatchObject({ value: 95, unit: '%' });
    expect(find(pf, '信息稿件')[0]).toMatchObject({ value: 200, verb: '报送' });
    expect(find(pf, '依申请公开事项')[0]).toMatchObject({ value: 0, unit: '件', verb: '受理', line: 19 });
  });

  it('城关镇: 20个村(社区)建立了便民服务中心, 1947条 and its stated change 8%, the sub-counts after 其中', () => {
    const pf = seed('城关镇-2020.txt').proseFacts!;
    expect(find(pf, '便民服务中心')[0]).toMatchObject({ value: 20, unit: '个', line: 17 });
    expect(find(pf, '便民服务中心')[0].phrase).toContain('村(社区)');
    const total = pf.filter((f) => f.phrase === '政务信息');
    expect(total.map((f) => [f.value, f.unit, f.kind])).toEqual([
      [1947, '条', 'count'],
      [8, '%', 'change'],
    ]);
    expect(find(pf, '各社区公开政务信息')[0]).toMatchObject({ value: 1650, bound: 'lower', sub: true });
    expect(find(pf, '基层政务公开事项')[0]).toMatchObject({ value: 33, unit: '个' });
    expect(find(pf, '培训')[0]).toMatchObject({ value: 2, unit: '次' });
  });

  it('no table cell of any bundled report becomes a prose fact', () => {
    for (const name of [
      '胜利街街道-2020.txt',
      '只楚街道-2020.txt',
      '洛北街道-2020.txt',
      '城关镇-2020.txt',
      '城郊街道-2020.txt',
    ]) {
      const r = seed(name);
      const tables = r.parts.filter((p) => p.part >= 2 && p.part <= 4);
      for (const f of r.proseFacts!) {
        const inTable = tables.some((p) => f.line > p.line && f.line <= p.endLine);
        // Prose inside a table part is still prose: a sentence, never a row of cells.
        if (inTable) expect(f.sentence).toMatch(/[，。,]/);
      }
    }
    expect(seed('城郊街道-2020.txt').proseFacts!.map(brief)).toEqual(['政府信息=523条']);
  });
});

describe('prose facts of invented sentences', () => {
  it.each([
    ['发布政策解读117篇。', '政策解读', 117, '篇', 'exact'],
    ['全年开展培训三次。', '培训', 3, '次', 'exact'],
    ['在网站发布信息十余篇。', '信息', 10, '篇', 'lower'],
    ['政务微博粉丝约1.2万人。', '政务微博粉丝', 1.2, '万人', 'approx'],
    ['全年办理群众来信超过300件。', '群众来信', 300, '件', 'lower'],
    ['共召开新闻发布会12场。', '新闻发布会', 12, '场', 'exact'],
    ['主动公开政府信息1,234条。', '政府信息', 1234, '条', 'exact'],
    ['网站访问量达２５０００次。', '网站访问量', 25000, '次', 'exact'],
  ])('%s → %s', (sentence, phrase, value, unit, bound) => {
    const got = facts(sentence);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ value, unit, bound, line: 1 });
    expect(got[0].phrase).toContain(phrase);
  });

  it.each([
    '根据《条例》第二十条第（一）项的规定。',
    '国办公开办函〔2019〕60号要求各单位做好报告。',
    '电话：0535-6877711，邮编：264000。',
    '2020年1月26日',
    '统计期限自2020年1月1日起至2020年12月31日止。',
    '在5个工作日内一次性告知申请人。',
    '一是加强组织领导，二是强化制度建设。',
    '进一步统一答复模板，做到一事一审。',
    '落实三审三校制度，抓好四个季度的检查。',
    '规章\t0\t0\t0',
    '| 行政许可 | 12 | 3 | 15 |',
    '网址为www.zhifu.gov.cn/2020条目。',
  ])('%s → nothing', (sentence) => {
    expect(facts(sentence)).toEqual([]);
  });

  it('several numbers in one clause each count their own noun', () => {
    expect(facts('梳理出10个领域33个基层政务公开事项。').map(brief)).toEqual(['领域=10个', '基层政务公开事项=33个']);
    expect(facts('其中《西工通讯》上稿22期上稿信息29篇。').map(brief)).toEqual(['西工通讯上稿=22期', '信息=29篇']);
    expect(facts('答复3050件（含上年度结转申请34件，另有103件顺延到下年度答复）。').map(brief)).toEqual([
      '答复=3050件',
      '上年度结转申请=34件',
      '顺延到下年度答复=103件',
    ]);
  });

  it('the shapes real reports use: lists, sub-counts, rates, money, 万, what follows a classifier', () => {
    expect(
      facts('全区共有政务新媒体账号46个，其中微信公众号30个、微博账号16个。').map(
        (f) => `${brief(f)}${f.sub ? ' sub' : ''}`,
      ),
    ).toEqual(['政务新媒体账号=46个', '微信公众号=30个 sub', '微博账号=16个 sub']);
    expect(facts('办理人大代表建议12件、政协委员提案8件，办复率100%。').map(brief)).toEqual([
      '人大代表建议=12件',
      '政协委员提案=8件',
      '办复率=100%',
    ]);
    expect(facts('12345热线受理群众诉求3.2万件，办结率98.5%。').map(brief)).toEqual([
      '群众诉求=3.2万件',
      '办结率=98.5%',
    ]);
    expect(facts('累计培训人员300余人次，覆盖全区18个乡镇（街道）。').map(brief)).toEqual([
      '培训人员=300人次',
      '乡镇(街道)=18个',
    ]);
    expect(facts('全年收取信息处理费0元。').map(brief)).toEqual(['信息处理费=0元']);
    expect(facts('有效投诉50件。').map(brief)).toEqual(['有效投诉=50件']);
  });

  it('a change against another year is a change of the number before it, or nothing', () => {
    expect(facts('全年开展培训3次，较2019年增加1次。').map((f) => `${brief(f)} ${f.kind}`)).toEqual([
      '培训=3次 count',
      '培训=1次 change',
    ]);
    // No number before it to change: left out rather than read as a count of 比2019年增加.
    expect(facts('比2019年增加了120条，增长10.5%。')).toEqual([]);
  });

  it('quotes the sentence as the report writes it (full-width punctuation kept)', () => {
    const raw = '目前，我办微信公众号关注量5948人，2020年度累计发稿191篇。';
    const lines = logicalLines(raw.normalize('NFKC'));
    const got = findProseFacts(lines, { raw: () => raw });
    expect(got[0].sentence).toBe('目前，我办微信公众号关注量5948人，2020年度累计发稿191篇');
  });

  it('a sentence broken by a page keeps its start: the quote and the phrase read across the break', () => {
    const text = [
      '全年紧紧围绕保障民生等工作主线，组织召开了“春节前后服务企业用工专项活动”“建设一流',
      '- 5 -',
      '',
      '营商环境”等新闻发布会12场，努力传递政府声音。',
    ].join('\n');
    const got = facts(text);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ phrase: '新闻发布会', value: 12, unit: '场', line: 4 });
    expect(got[0].sentence).toContain('组织召开了');
    // A short heading line before is no broken sentence.
    expect(facts('一、总体情况\n全年开展培训3次。')[0].sentence).toBe('全年开展培训3次');
  });

  it('reads Chinese numerals', () => {
    expect([
      chineseNumber('三'),
      chineseNumber('十'),
      chineseNumber('二十五'),
      chineseNumber('一千二百'),
      chineseNumber('三万'),
      chineseNumber('一二'),
    ]).toEqual([3, 10, 25, 1200, 30000, null]);
  });
});

describe('part 五: the report’s own problems', () => {
  it('只楚: two problems (一是/二是) and two measures, after the preamble', () => {
    const p = seed('只楚街道-2020.txt').problems!;
    expect(p.problems.map((x) => x.text.slice(0, 9))).toEqual(['信息发布主动性不强', '政务信息公开的载体']);
    expect(p.problems.every((x) => x.line === 107)).toBe(true);
    expect(p.improvements.map((x) => x.text.slice(0, 8))).toEqual(['提升信息公开质量', '提升信息公开覆盖']);
  });

  it('城关镇: one item per numbered paragraph, nested 一是… kept inside it; its measures under 下步打算 in part 六', () => {
    const p = seed('城关镇-2020.txt').problems!;
    expect(p.problems.map((x) => [x.line, x.text.slice(0, 10)])).toEqual([
      [78, '政务新媒体运用不充分'],
      [80, '村级政务公开还不规范'],
    ]);
    expect(p.improvements.map((x) => [x.line, x.text.slice(0, 8)])).toEqual([
      [86, '进一步加强政务公'],
      [88, '抓好村级政务公开'],
      [90, '进一步创新公开形'],
    ]);
  });

  it('城郊 and 胜利街: labelled 存在问题 / 改进 lists, three problems each', () => {
    const cj = seed('城郊街道-2020.txt').problems!;
    expect(cj.problems.map((x) => x.text.slice(0, 6))).toEqual(['队伍建设还需', '推动政务公开', '工作力度不大']);
    expect(cj.improvements).toHaveLength(3);
    const sl = seed('胜利街街道-2020.txt').problems!;
    expect(sl.problems.map((x) => x.text.slice(0, 6))).toEqual(['主动公开数量', '部分站(办、', '培训力度不够']);
    expect(sl.improvements).toHaveLength(2);
  });

  it('洛北: 存在问题/整改情况 pairs under topics', () => {
    const p = seed('洛北街道-2020.txt').problems!;
    expect(p.problems.map((x) => [x.topic, x.line])).toEqual([
      ['信息公开形式方面', 95],
      ['政务公开方面', 101],
    ]);
    expect(p.improvements.map((x) => x.line)).toEqual([97, 103]);
  });

  it('a list after 主要是： and a turn to measures inside one paragraph', () => {
    const text = [
      '五、存在的主要问题及改进情况',
      '仍存在一些不足，主要是：个别部门研判能力不足，答复文书规范性有待提升，政策解读形式还不够丰富等。针对存在问题，下一步将加强培训。',
      '六、其他需要报告的事项',
      '无',
    ].join('\n');
    const r = parseReport(text);
    expect(r.problems!.problems.map((x) => x.text)).toEqual([
      '个别部门研判能力不足',
      '答复文书规范性有待提升',
      '政策解读形式还不够丰富',
    ]);
    expect(r.problems!.improvements.map((x) => x.text)).toEqual(['针对存在问题,下一步将加强培训。']);
  });

  it('a report with no part 五 has no heading and no items', () => {
    expect(parseReport('一、总体情况\n我办主动公开信息12条。').problems).toEqual({
      heading: null,
      problems: [],
      improvements: [],
    });
  });
});

// Real reports as published (../shared is public data, read in place, never copied):
// the 淮安 2024 sample and the two 洪泽区 PDFs. Truth read from their text by hand.
const SHARED_FILES = {
  huaian: sharedFile('samples/huaian-2024.pdf'),
  hongze2023: sharedFile('realworld/201_huaian_hongzequ_2023.pdf'),
  hongze2024: sharedFile('realworld/202_huaian_hongzequ_2024.pdf'),
};
const REAL = Object.fromEntries(Object.entries(SHARED_FILES).map(([k, f]) => [k, f.file]));
const present = Object.values(SHARED_FILES).every((f) => f.present);
const realTitle = `real PDFs: 淮安 2024, 洪泽区 2023 and 2024${Object.values(SHARED_FILES).find((f) => !f.present)?.skipped ?? ''}`;

describe.skipIf(!present)(realTitle, () => {
  const parsed: Record<string, ParsedReport> = {};
  beforeAll(async () => {
    for (const [k, f] of Object.entries(REAL)) parsed[k] = parseReport((await extractText(f)).text);
  }, 60_000);

  it('淮安: the prose numbers of part 1 and part 6, a page-broken sentence read whole', () => {
    const pf = parsed.huaian.proseFacts!;
    expect(find(pf, '政策解读')[0]).toMatchObject({ value: 21, unit: '个', verb: '制作' });
    expect(find(pf, '新闻发布会')[0]).toMatchObject({ value: 12, unit: '场' });
    expect(find(pf, '新闻发布会')[0].sentence).toContain('组织召开了');
    expect(find(pf, '政务新媒体')[0]).toMatchObject({ value: 95, unit: '个' });
    expect(find(pf, '信息处理费')[0]).toMatchObject({ value: 3940, unit: '元', part: 6 });
    expect(find(pf, '政府信息公开申请')[0]).toMatchObject({ value: 3119, unit: '件', verb: '受理' });
    // The address, postcode and telephone of line 3 are no facts.
    expect(pf.some((f) => [223001, 83605210].includes(f.value))).toBe(false);
  });

  it('洪泽区: problems listed after 如 (2023) and 主要是： (2024), measures after 针对存在问题', () => {
    expect(parsed.hongze2023.problems!.problems.map((x) => x.text)).toEqual([
      '依申请公开工作规范性还有待提高',
      '政务公开内容的深度和广度还有待提升',
      '政务公开队伍建设有待加强',
    ]);
    expect(parsed.hongze2024.problems!.problems.map((x) => x.text)).toEqual([
      '个别部门对复杂申请件的研判能力不足',
      '答复文书规范性有待提升',
      '疑难问题协调处理机制尚需完善',
      '政策解读的形式还不够丰富',
      '政务新媒体运维管理还需加强',
    ]);
    expect(parsed.hongze2024.problems!.improvements).toHaveLength(3);
    expect(parsed.huaian.problems!.problems.map((x) => x.text.slice(0, 10))).toEqual([
      '政策解读质量仍需提升',
      '政务公开队伍建设还需',
    ]);
  });
});
