// The judge of the question set, on hand-written answers: it is the referee of
// every other answer, so each rule it applies is pinned here.
import { describe, expect, it } from 'vitest';
import { chineseNumeral, judge, questionNumbers, soundsLikeRefusal, statedNumbers, type NumberRole } from './judge.js';
import type { Expect } from './load.js';

const roles = (text: string) => statedNumbers(text).map((n) => [n.text, n.role] as [string, NumberRole]);
const quantities = (text: string) =>
  statedNumbers(text)
    .filter((n) => n.role === 'quantity')
    .map((n) => n.value);
const verdict = (q: string, expect: Expect, text: string, kind?: string) =>
  judge({ q, expect }, { text, kind }).outcome;

describe('reading the numbers of an answer', () => {
  it('reads Arabic, full-width, grouped and decimal numbers with their units', () => {
    expect(quantities('新收申请：4件，行政许可 9487 件，收费 7730.28 万元，回复率100%')).toEqual([
      4, 9487, 7730.28, 100,
    ]);
    expect(quantities('处罚 ３９８５７５８ 件，许可 1,234 件')).toEqual([3985758, 1234]);
    expect(quantities('主动公开 180余条')).toEqual([180]);
  });

  it('years, dates and durations are not quantities', () => {
    expect(roles('芝罘区只楚街道办事处 2020 年度新收申请：4件')).toEqual([
      ['2020', 'year'],
      ['4', 'quantity'],
    ]);
    expect(quantities('落款日期为 2020年1月26日，早于 2020年 结束；统计期限 2024-12-31')).toEqual([]);
    expect(quantities('目前只收录了 2020 年度的报告，无法给出近 3 年的变化')).toEqual([]);
    expect(quantities('2020: new information disclosure applications received — 4.')).toEqual([4]);
  });

  it('a four-digit count with its unit is a quantity, not a year', () => {
    expect(quantities('我区主动发布各类政府信息 2024 条')).toEqual([2024]);
  });

  it('line and page numbers of citations, list indices and counts of reports are not quantities', () => {
    expect(quantities('来源：《…年度报告》（只楚街道-2020.txt） 三、… · 本年新收（总计）（第 69 行）')).toEqual([]);
    expect(quantities('Source: … (只楚街道-2020.txt), line 69.')).toEqual([]);
    expect(quantities('2020 年度全部单位（4 份报告）合计 4件。其余 3 个单位为 0。')).toEqual([4, 0]);
    expect(quantities('发现 2 个问题：\n1.【错误】总计为 0\n2.【注意】…')).toEqual([0]);
    expect(quantities('“1.主动公开的政府信息数量。”')).toEqual([]);
    expect(quantities('I have reports from 5 offices')).toEqual([]);
  });

  it('contact details, document numbers and identifiers quoted from a report are not quantities', () => {
    expect(quantities('地址：淮安市翔宇南道1号，邮编：223001，电话：0517-83605210，电子邮箱：hazwgkc@163.com')).toEqual(
      [],
    );
    expect(quantities('《…的通知》(国办公开办函〔2019〕60号）')).toEqual([]);
    expect(quantities('(202_huaian_hongzequ_2024.pdf) 000_48696eb35ee8e3c7')).toEqual([]);
  });

  it('a caveat line quoting a failed check is evidence, not the answer', () => {
    expect(quantities('新收申请：95件。\n⚠ 注意：正文第 7 行写“受理申请 17 件”（17 件），而表三为 95 件。')).toEqual([
      95,
    ]);
  });

  it('a question’s own numbers include Chinese numerals', () => {
    expect(questionNumbers('只楚收到9件申请吗')).toEqual([9]);
    expect(questionNumbers('只楚近三年收到申请的情况')).toEqual([3]);
    expect(questionNumbers('只楚和城郊一共部分公开多少件')).toEqual([]);
    expect([chineseNumeral('十'), chineseNumeral('十二'), chineseNumeral('二十'), chineseNumeral('两')]).toEqual([
      10, 12, 20, 2,
    ]);
  });
});

describe('a number is expected', () => {
  const e: Expect = { kind: 'number', value: 4, office: '只楚' };

  it('right when the answer states it for the office', () => {
    expect(
      verdict('只楚收到多少申请', e, '芝罘区只楚街道办事处 2020 年度新收政府信息公开申请：4件。（第 69 行）'),
    ).toBe('right');
  });

  it('a wrong number when it states another number', () => {
    expect(
      verdict(
        '只楚予以公开多少',
        { kind: 'number', value: 3, office: '只楚' },
        '芝罘区只楚街道办事处 2020 年度新收申请：4件。',
      ),
    ).toBe('wrong_number');
    // A passage quoting other figures of the report answers with numbers that are not the one asked.
    expect(verdict('胜利街回复率呢', { kind: 'number', value: 100 }, '“接到网民诉求700余件、电话诉求3000余件”')).toBe(
      'wrong_number',
    );
  });

  it('the number for another office is not right', () => {
    expect(verdict('城东街道…', e, '城郊街道 2020 年度新收申请：4件。')).toBe('missed');
  });

  it('the number from another year is a wrong number', () => {
    expect(
      verdict(
        '洪泽区2023年收到多少申请',
        { kind: 'number', value: 95, year: 2023 },
        '洪泽区人民政府 2024 年度新收申请：95件。',
      ),
    ).toBe('wrong_number');
  });

  it('a sum over all offices given for one office is not right when the set says so', () => {
    const follow: Expect = { kind: 'number', value: 1, office: '只楚', not_contains: ['全部单位'] };
    expect(
      verdict(
        '那部分公开呢？',
        follow,
        '2020 年度全部单位（4 份报告）部分公开合计 1件。其中：芝罘区只楚街道办事处 1件',
      ),
    ).toBe('missed');
  });

  it('rates within their tolerance', () => {
    const rate: Expect = { kind: 'number', value: 44.66, tolerance: 0.5, parts: [1362, 3050] };
    expect(verdict('淮安市的予以公开率', rate, '予以公开率为 44.7%（推算值：予以公开 1362 ÷ 办理结果总计 3050）')).toBe(
      'right',
    );
    expect(verdict('淮安市的予以公开率', rate, '予以公开率为 46%')).toBe('wrong_number');
  });

  it('the true parts of a derived number are not wrong numbers, but not the answer either', () => {
    const sum: Expect = { kind: 'number', value: 26, parts: [15, 11] };
    expect(verdict('城关镇行政许可和行政处罚一共多少件', sum, '行政许可：15件。\n行政处罚：11件。')).toBe('missed');
    expect(verdict('城关镇行政许可和行政处罚一共多少件', sum, '合计 26件（行政许可 15件 + 行政处罚 11件）')).toBe(
      'right',
    );
  });

  it('an answer that leads with another figure is a wrong number, even when the expected one follows', () => {
    const e454: Expect = { kind: 'number', value: 454, office: '淮安市' };
    expect(
      verdict(
        '部分公开呢',
        e454,
        '2024 年度全部单位（2 份报告）部分公开合计 463件。\n其中：淮安市人民政府 454件；洪泽区 9件。',
        'aggregate',
      ),
    ).toBe('wrong_number');
    // A quoted passage may put the sentence's other figures first.
    const e191: Expect = { kind: 'number', value: 191, office: '只楚' };
    expect(
      verdict(
        '发了多少篇稿子',
        e191,
        '只楚 2020 年度报告（第 29 行）写道：“微信公众号关注量5948人，2020年度累计发稿191篇”',
        'passage',
      ),
    ).toBe('right');
  });

  it('a count of offices is read from “N 个单位”, whatever figures follow', () => {
    const count: Expect = { kind: 'number', value: 1 };
    expect(
      verdict(
        '有几个单位收到过申请',
        count,
        '2020 年度共 5 个单位，其中 1 个单位新收申请不为 0：芝罘区只楚街道办事处（4件）。',
        'aggregate',
      ),
    ).toBe('right');
  });

  it('no number: refused, asked back or missed', () => {
    expect(verdict('只楚收到多少申请', e, '已收录的年报中没有「只楚」这个单位。', 'unknown')).toBe('refused');
    expect(verdict('只楚收到多少申请', e, '您问的是哪一个？', 'clarify')).toBe('asked_back');
    expect(verdict('只楚收到多少申请', e, '“只楚街道办事处”')).toBe('missed');
  });

  it('English answers: office alternatives and English units', () => {
    const en: Expect = { kind: 'number', value: 5948, office: '只楚|Zhichu' };
    expect(
      verdict('How many followers…', en, 'Zhichu’s WeChat account had 5948 followers (2020 report, line 29).'),
    ).toBe('right');
  });
});

describe('a refusal is expected', () => {
  const e: Expect = { kind: 'refuse', suggest: ['胜利街'] };

  it('right when it says it holds no such office and offers the nearest', () => {
    expect(
      verdict(
        '胜利乡收到多少申请',
        e,
        '已收录的年报中没有「胜利乡」这个单位。最接近的单位：\n1. 银川市兴庆区胜利街街道办事处',
        'unknown',
      ),
    ).toBe('right');
  });

  it('the question’s own words echoed in quotes are not an offer', () => {
    const e2: Expect = { kind: 'refuse', suggest: ['淮安市人民政府'] };
    expect(
      verdict(
        '淮安市人民政府办公厅收到多少申请',
        e2,
        '已收录的年报中没有「淮安市人民政府办公厅」这个单位。最接近的单位：\n1. 洪泽区人民政府',
        'unknown',
      ),
    ).toBe('refused');
  });

  it('asking back with the nearest names is as good as refusing with them', () => {
    const e2: Expect = { kind: 'refuse', suggest: ['城关镇', '城郊街道'] };
    expect(verdict('城郊镇收到多少申请', e2, '没有「城郊镇」。您是指城关镇人民政府还是城郊街道？', 'clarify')).toBe(
      'right',
    );
    expect(verdict('城郊镇收到多少申请', e2, '您是指城郊街道吗？', 'clarify')).toBe('asked_back');
  });

  it('not understanding is not saying the store lacks it', () => {
    expect(verdict('去年呢', { kind: 'refuse' }, '抱歉，没能理解这个问题。', 'unknown')).toBe('missed');
  });

  it('no report from a place is a refusal too', () => {
    expect(
      verdict(
        '海淀区收到多少申请',
        { kind: 'refuse' },
        '已收录的年报中没有「海淀区」的单位。发送“单位列表”可查看已收录的单位。',
        'unknown',
      ),
    ).toBe('right');
  });

  it('refused but without the names it should offer', () => {
    expect(verdict('胜利乡收到多少申请', e, '已收录的年报中没有「胜利乡」这个单位。', 'unknown')).toBe('refused');
  });

  it('any report number is a wrong number: another office’s, or a sum over all offices', () => {
    expect(verdict('城东街道收到多少申请', { kind: 'refuse' }, '城郊街道 2020 年度新收申请：0件。', 'fact')).toBe(
      'wrong_number',
    );
    expect(
      verdict('海淀区收到多少申请', { kind: 'refuse' }, '全部单位（5 份报告）新收申请合计 4件。', 'aggregate'),
    ).toBe('wrong_number');
  });

  it('a year not held: saying so first and then giving another year, labelled, is right', () => {
    const y: Expect = { kind: 'refuse', year: 2022 };
    expect(
      verdict('洪泽区2022年收到多少申请', y, '没有洪泽区人民政府 2022 年度的报告，以下是最新的 2024 年度：95件。'),
    ).toBe('right');
    expect(verdict('洪泽区2022年收到多少申请', y, '洪泽区人民政府 2024 年度新收申请：95件。')).toBe('wrong_number');
  });

  it('a blank cell said to be blank is a refusal', () => {
    expect(
      verdict(
        '洛北街道予以公开多少件',
        { kind: 'refuse' },
        '西工区洛北街道办事处 2020 年度报告中予以公开一栏空白（未填写）。',
      ),
    ).toBe('right');
  });

  it('findings further down that say 找不到 are not a refusal', () => {
    expect(
      verdict('x', { kind: 'refuse' }, `${'核查结果：总计与分项不符。'.repeat(12)}有多个单元格在原文中找不到`),
    ).toBe('missed');
  });
});

describe('asking back is expected', () => {
  const e: Expect = { kind: 'ask_back', options: ['城关镇人民政府（洛阳市）', '宜阳县城关镇人民政府'] };

  it('right when it asks which one and offers each', () => {
    expect(
      verdict(
        '城关镇行政许可多少件',
        e,
        '有两个城关镇：城关镇人民政府（洛阳市）、宜阳县城关镇人民政府。您问的是哪一个？',
        'clarify',
      ),
    ).toBe('right');
  });

  it('a number in place of the question is a wrong number', () => {
    expect(verdict('城关镇行政许可多少件', e, '城关镇人民政府 2020 年度行政许可：15件。', 'fact')).toBe('wrong_number');
  });
});

describe('a text is expected', () => {
  it('every string, alternatives with |, in order when asked', () => {
    const e: Expect = { kind: 'text', contains: ['城关镇', '城郊', '胜利街', '只楚'], ordered: true };
    expect(verdict('主动公开排名', e, '1. 城关镇 1947条\n2. 城郊街道 523条\n3. 胜利街 228条\n4. 只楚 180余条')).toBe(
      'right',
    );
    expect(verdict('主动公开排名', e, '1. 城郊街道 523条\n2. 城关镇 1947条\n3. 胜利街 228条\n4. 只楚 180余条')).toBe(
      'missed',
    );
    const alt: Expect = { kind: 'text', contains: ['1月26日|2020-01-26'] };
    expect(verdict('核查 只楚', alt, '报告落款日期为 2020年1月26日，早于所报告年度结束')).toBe('right');
  });

  it('a string it must not contain', () => {
    const e: Expect = { kind: 'text', contains: ['只楚'], not_contains: ['城关镇'] };
    expect(verdict('山东省的单位有哪些', e, '山东省：芝罘区只楚街道办事处、城关镇人民政府')).toBe('missed');
  });
});

describe('a yes or a no is expected', () => {
  const no: Expect = { kind: 'yes_no', answer: 'no', value: 4, office: '只楚' };
  const yes: Expect = { kind: 'yes_no', answer: 'yes', value: 15 };

  it('right with the true number and the right word', () => {
    expect(verdict('只楚收到9件申请吗', no, '不是，芝罘区只楚街道办事处 2020 年度新收申请 4件。')).toBe('right');
    expect(verdict('Did 只楚 receive 9 applications?', no, 'No — 只楚 received 4 applications in 2020.')).toBe('right');
    expect(verdict('城关镇行政许可是15件吗', yes, '是的，城关镇人民政府 2020 年度行政许可 15件。')).toBe('right');
  });

  it('the number without a yes or a no is missed', () => {
    expect(verdict('只楚收到9件申请吗', no, '芝罘区只楚街道办事处 2020 年度新收申请：4件。')).toBe('missed');
  });

  it('agreeing with a false claim is a wrong number, even when it repeats the question’s number', () => {
    expect(verdict('只楚收到9件申请吗', no, '是的，9件。')).toBe('wrong_number');
    expect(verdict('只楚收到9件申请吗', no, '是，芝罘区只楚街道办事处收到 4件。')).toBe('wrong_number');
  });
});

describe('a refusal after a follow-up note', () => {
  it('is read past the note of what was carried over', () => {
    expect(
      soundsLikeRefusal(
        '(carried over from your last question — office: 城关镇人民政府; figure: new information disclosure applications received)\nThere is no 2019 report from 城关镇人民政府 (I have: 2020).',
      ),
    ).toBe(true);
    expect(
      soundsLikeRefusal(
        '（沿用上一问的单位「城郊街道」、指标「部分公开」）\n没有城郊街道 2019 年度的报告（已收录：2020 年度）。',
      ),
    ).toBe(true);
    expect(soundsLikeRefusal('（沿用上一问的单位「城郊街道」）\n城郊街道 2020 年度部分公开：0件。')).toBe(false);
  });
});
