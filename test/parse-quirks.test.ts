// The ways real reports break their tables, each in the shape it is found in.
import { describe, expect, it } from 'vitest';
import { parseReport } from '../src/parse/index.js';
import {
  EXPECTED_2021,
  PART1,
  TABLE_A,
  TABLE_B_ROWS,
  TABLE_C,
  TAIL,
  TITLE,
  report2021,
  tableB,
} from './helpers/report-2021.js';

const facts = (text: string) => parseReport(text).facts;

describe('the 2021 report in plain TAB rows', () => {
  it('reads every cell, with no findings', () => {
    const r = parseReport(report2021());
    expect(r.format).toBe('2021');
    expect(r.facts).toEqual(EXPECTED_2021);
    expect(r.findings).toEqual([]);
    expect(r.office).toBe('某某县某某镇人民政府');
    expect(r.kind).toBe('乡镇');
    expect(r.date).toBe('2023-01-18');
  });
});

describe('cell layouts', () => {
  it('one cell per line, no indentation', () => {
    const a = TABLE_A.split('\n')
      .flatMap((l) => l.split('\t'))
      .join('\n');
    const b = tableB()
      .split('\n')
      .flatMap((l) => l.split('\t'))
      .join('\n');
    const c = TABLE_C.split('\n')
      .flatMap((l) => l.split('\t'))
      .join('\n');
    expect(facts(report2021({ a, b, c }))).toEqual(EXPECTED_2021);
  });

  it('one cell per blank-line-separated paragraph', () => {
    const para = (t: string) =>
      t
        .split('\n')
        .flatMap((l) => l.split('\t').filter((x) => x !== ''))
        .join('\n\n');
    expect(facts(report2021({ a: para(TABLE_A), b: para(tableB()), c: para(TABLE_C) }))).toEqual(EXPECTED_2021);
  });

  it('pipe rows with |||-filler for merged cells and cells padded with spaces and newlines', () => {
    const pipe = (t: string) =>
      t
        .split('\n')
        .map((l) => (l.includes('\t') ? `|  ${l.split('\t').join('  |  ')}  |` : l))
        .join('\n');
    const b = pipe(tableB())
      .replace('| （三）不予公开  |', '|||  （三）不予公开  |')
      // a cell broken over two lines inside its row
      .replace('|  4.保护第三方合法权益  |  1  |', '|  4.保护第三方合法权益  |  1\n  |');
    const text = report2021({ a: pipe(TABLE_A), b: `${b}\n|---|---|`, c: pipe(TABLE_C) });
    expect(facts(text)).toEqual(EXPECTED_2021);
  });

  it('cells glued with no separator: 规章000 and a glued header', () => {
    const a = TABLE_A.replace('规章\t0\t0\t0', '规章000').replace(
      '信息内容\t本年制发件数\t本年废止件数\t现行有效件数',
      '信息内容本年制发件数本年废止件数现行有效件数',
    );
    const r = parseReport(report2021({ a }));
    expect(r.format).toBe('2021');
    expect(r.facts).toEqual(EXPECTED_2021);
  });

  it('glued digits that cannot be split are blank, with a finding that says so', () => {
    const a = TABLE_A.replace('行政规范性文件\t2\t1\t7', '行政规范性文件2117');
    const r = parseReport(report2021({ a }));
    expect(r.facts['active.normative.issued']).toBeNull();
    expect(r.findings.find((f) => f.ids.includes('active.normative.issued'))?.message).toContain('粘连');
  });

  it('cells separated by runs of spaces (text copied from a PDF)', () => {
    const spaced = (t: string) => t.replace(/\t/g, '   ');
    expect(facts(report2021({ a: spaced(TABLE_A), b: spaced(tableB()), c: spaced(TABLE_C) }))).toEqual(EXPECTED_2021);
  });
});

describe('headers', () => {
  it('broken over lines, cut short, or with extra words', () => {
    const a = TABLE_A.replace(
      '信息内容\t本年制发件数\t本年废止件数\t现行有效件数',
      '信息内容\t本年(2022)制\n发件数\t本年废\n止件数\t现行有\n效件数',
    );
    const b = tableB().replace('商业企业', '商 业 企\n业').replace('科研机构', '科研\n机构');
    const r = parseReport(report2021({ a, b }));
    expect(r.format).toBe('2021');
    expect(r.facts).toEqual(EXPECTED_2021);
  });

  it('2019 headers cut short or annotated still say 2019', () => {
    const a = `二、主动公开政府信息情况
第二十条第（一）项
信息内容	本年新	本年新	对外公开
规章	0	0	0
规范性文件	1	1	5
第二十条第（五）项
信息内容	上一年项目数量（指2018年事项数）	本年增/减	处理决定数量
行政许可	12	+1	130
其他对外管理服务事项	5	-11	9
第二十条第（六）项
信息内容	上一年项目数量	本年增/减	处理决定数量
行政处罚	3	减3	2
行政强制	0	增2	0
第二十条第（八）项
信息内容	上一年项目数量	本年增/减
行政事业性收费	4	0
第二十条第（九）项
信息内容	采购项目数量	采购总金额
政府集中采购	2	251000元`;
    const r = parseReport(`${TITLE}\n${PART1}\n${a}`);
    expect(r.format).toBe('2019');
    expect(r.facts['active.normative.total']).toBe(5);
    expect(r.facts['active.license.prev_items']).toBe(12);
    expect(r.facts['active.license.change']).toBe(1);
    expect(r.facts['active.other_services.change']).toBe(-11);
    expect(r.facts['active.penalty.change']).toBe(-3);
    expect(r.facts['active.coercion.change']).toBe(2);
    // 251000元 is 25.1 万元
    expect(r.facts['active.procurement.amount']).toBe(25.1);
    expect(r.units['active.procurement.amount']).toBe('万元');
    expect(r.provenance['active.procurement.amount'].cell).toBe('251000元');
  });

  it('an amount with no unit anywhere is kept as written, unit unknown', () => {
    const a = TABLE_A.replace('本年收费金额（单位：万元）', '本年收费金额').replace(
      '行政事业性收费\t12.5',
      '行政事业性收费\t3200',
    );
    const r = parseReport(report2021({ a }));
    expect(r.facts['active.fees.amount']).toBe(3200);
    expect(r.units['active.fees.amount']).toBe('unknown');
  });

  it('row labels with long notes in brackets, and a local row the template does not have', () => {
    const a = TABLE_A.replace('行政许可\t136', '行政许可（含备案类事项，不含内部审批）\t136').replace(
      '第二十条第（六）项',
      '其他主动公开文件\t45\n第二十条第（六）项',
    );
    const r = parseReport(report2021({ a }));
    expect(r.facts['active.license.decisions']).toBe(136);
    expect(r.extraRows).toEqual([{ table: 'A', label: '其他主动公开文件', values: [45], line: expect.any(Number) }]);
    expect(Object.keys(r.facts).some((k) => k.includes('其他主动'))).toBe(false);
  });
});

describe('rows', () => {
  it('blank cells written as /, — or nothing are null and reported', () => {
    const rows = TABLE_B_ROWS.map(([l, v]) => [l, v.map(String)] as [string, string[]]);
    rows[5][1] = ['/', '/', '/', '/', '/', '/', '/'];
    rows[6][1] = ['—', '—', '—', '—', '—', '—', '0'];
    const b = [tableB().split('\n').slice(0, 4).join('\n'), ...rows.map(([l, v]) => [l, ...v].join('\t'))].join('\n');
    const r = parseReport(report2021({ b }));
    expect(r.facts['apply.denied.prohibited.total']).toBeNull();
    expect(r.facts['apply.denied.security.natural']).toBeNull();
    expect(r.facts['apply.denied.security.total']).toBe(0);
    const missing = r.findings.filter((f) => f.code === 'missing_cell');
    expect(missing).toHaveLength(2);
    expect(missing.map((f) => f.message).join()).toContain('整行空白');
  });

  it('group labels missing on sub-rows, 1、2、3、 numbering, and a page number inside the table', () => {
    const b = tableB()
      .replace('（三）不予公开\t1.属于国家秘密', '1、属于国家秘密')
      .replace('（四）无法提供\t', '')
      .replace('2.重复申请', '2、重复申请')
      .replace('5.属于三类内部事务信息', '- 4 -\n5.属于三类内部事务信息');
    expect(facts(report2021({ b }))).toEqual(EXPECTED_2021);
  });

  it('a table split across pages, header repeated and a stray fragment between', () => {
    const lines = tableB().split('\n');
    const header = lines.slice(1, 4).join('\n');
    const at = lines.findIndex((l) => l.startsWith('4.保护第三方'));
    const b = [...lines.slice(0, at), '- 7 -', header, '量', ...lines.slice(at)].join('\n');
    expect(facts(report2021({ b }))).toEqual(EXPECTED_2021);
  });

  it('a row with one value too many is aligned by its own total', () => {
    const b = tableB()
      .replace('一、本年新收政府信息公开申请数量\t7\t2', '一、本年新收政府信息公开申请数量\t\t7\t2')
      .replace('（七）总计\t6', '（七）总计\t8\t6');
    const r = parseReport(report2021({ b }));
    expect(r.facts['apply.received.natural']).toBe(7);
    expect(r.facts['apply.handled.natural']).toBe(6);
    expect(r.facts['apply.handled.total']).toBe(8);
  });

  it('ASCII and full-width punctuation, full-width digits and extra spaces', () => {
    const b = tableB()
      .replace(
        '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
        '(二) 部分公开 (区分处理的,只计这一情形,不计其他情形)',
      )
      .replace('四、结转下年度继续办理\t2', '四、 结转下年度继续办理 \t ２ ');
    const a = TABLE_A.replace('第二十条第（五）项', '第二十条第(五)项');
    expect(facts(report2021({ a, b }))).toEqual(EXPECTED_2021);
  });
});

describe('the report around the tables', () => {
  it('a title over two lines under page furniture', () => {
    const text = report2021().replace(
      TITLE,
      `首页 > 政务公开 > 政府信息公开年报\n打印 | 字体：大 中 小\n某某县某某镇人民政府2022年度政府信息\n公开工作年度报告\n发布时间：2023-01-20`,
    );
    const r = parseReport(text);
    expect(r.office).toBe('某某县某某镇人民政府');
    expect(r.year).toBe(2022);
    expect(r.facts).toEqual(EXPECTED_2021);
  });

  it('a title that names no office: the office is read from the signature (落款)', () => {
    const r = parseReport(report2021().replace(TITLE, '2022年政府信息公开工作年度报告'));
    expect(r.office).toBe('某某县某某镇人民政府');
    expect(r.year).toBe(2022);
    // …then from the opening sentence's subject ("2022年，某某镇认真贯彻…"), saying so…
    const noSignature = report2021({ tail: TAIL.replace('某某县某某镇人民政府\n', '') }).replace(
      TITLE,
      '2022年政府信息公开工作年度报告',
    );
    const prose = parseReport(noSignature);
    expect(prose.office).toBe('某某镇');
    expect(prose.origin?.office?.from).toBe('prose');
    // …and nothing at all when the prose names no body either
    const none = parseReport(noSignature.replace('2022年，某某镇认真贯彻', '2022年，我镇认真贯彻'));
    expect(none.office).toBeNull();
  });

  it('office kind, region and short names', () => {
    const cases: [string, string, string | null, string[]][] = [
      ['北京市海淀区人民政府', '县级以上人民政府', '北京市海淀区', ['海淀区', '海淀区政府']],
      ['某某县交通运输局', '部门', '某某县', ['交通运输局']],
      ['某某县城关镇人民政府', '乡镇', '某某县', ['城关镇', '城关']],
      ['西工区洛北街道办事处', '街道', '西工区', ['洛北', '洛北街道']],
    ];
    for (const [office, kind, region, aliases] of cases) {
      const r = parseReport(report2021().replace(TITLE, `${office}2022年政府信息公开工作年度报告`));
      expect(r.office).toBe(office);
      expect(r.kind).toBe(kind);
      expect(r.region).toBe(region);
      expect(r.aliases).toEqual(expect.arrayContaining(aliases));
    }
  });

  it('the region is read where the text writes it, never from the words before it', () => {
    const withTail = (office: string, tail: string) =>
      parseReport(report2021({ tail: `${TAIL}\n${tail}` }).replace(TITLE, `${office}2022年政府信息公开工作年度报告`));
    // The county is the name's own prefix; the city is written before it in a sentence.
    expect(withTail('昌乐县宝城街道办事处', '本报告电子版可在潍坊市昌乐县人民政府门户网站查阅。').region).toBe(
      '潍坊市昌乐县',
    );
    // No region in the title: the full name written in the text gives it.
    expect(
      withTail('城关镇人民政府', '如有疑问，请与宁夏回族自治区银川市金凤区城关镇人民政府办公室联系。').region,
    ).toBe('宁夏回族自治区银川市金凤区');
    // Nothing written: no region, no guess.
    expect(withTail('城关镇人民政府', '如有疑问，请与本镇党政办联系。').region).toBeNull();
  });

  it('a report whose text stops part-way yields what it reached and says it is incomplete', () => {
    const full = report2021();
    const cut = full.slice(0, full.indexOf('4.保护第三方合法权益') + '4.保护第三方合法权益\t1\t0'.length);
    const r = parseReport(cut);
    expect(r.incomplete).toBe(true);
    expect(r.facts['apply.received.total']).toBe(9);
    expect(r.facts['apply.denied.third_party.natural']).toBe(1);
    expect(r.facts['apply.denied.third_party.business']).toBe(0);
    // cells the text never reached are left out, not null
    expect('apply.denied.third_party.total' in r.facts).toBe(false);
    expect('apply.handled.total' in r.facts).toBe(false);
    expect('review.total' in r.facts).toBe(false);
    expect(r.findings.map((f) => f.code)).toEqual(['incomplete']);
  });

  it('a failed sum names the ids and both sides', () => {
    const b = tableB().replace('（七）总计\t6\t2\t0\t0\t0\t0\t8', '（七）总计\t6\t2\t0\t0\t0\t0\t9');
    const r = parseReport(report2021({ b }));
    const codes = r.findings.map((f) => f.code).sort();
    expect(codes).toEqual(['balance', 'column_sum', 'handled_sum']);
    const balance = r.findings.find((f) => f.code === 'balance')!;
    expect(balance.ids).toEqual([
      'apply.received.total',
      'apply.carried_over.total',
      'apply.handled.total',
      'apply.carried_forward.total',
    ]);
    expect(balance.message).toContain('本年新收(9) + 上年结转(1) = 10');
    expect(balance.message).toContain('办理结果总计(9) + 结转下年度(2) = 11');
  });

  it('table C totals are checked', () => {
    const c = TABLE_C.replace('1\t0\t0\t1\t2\t0\t1', '1\t0\t0\t1\t3\t0\t1');
    const r = parseReport(report2021({ c }));
    expect(r.findings.map((f) => f.code)).toEqual(['review_sum']);
    expect(r.findings[0].message).toContain('总计为 3');
  });

  it('prose that contradicts the table is a finding', () => {
    const r = parseReport(report2021({ part1: PART1.replace('收到政府信息公开申请9件', '收到政府信息公开申请12件') }));
    expect(r.findings.map((f) => f.code)).toEqual(['prose_mismatch']);
    expect(r.findings[0].message).toMatch(/12.*9/);
  });

  it('review and litigation counts in the prose are held to table C', () => {
    const agree = parseReport(report2021({ part1: `${PART1}\n全年发生政府信息公开行政复议2件，行政诉讼1件。` }));
    expect(agree.findings).toEqual([]);
    const r = parseReport(report2021({ part1: `${PART1}\n全年发生政府信息公开行政复议5件，行政诉讼1件。` }));
    expect(r.findings.map((f) => [f.code, f.ids])).toEqual([['prose_mismatch', ['review.total']]]);
    expect(r.findings[0].message).toContain('行政复议总计为 2 件');
  });

  it('a missing part, and a date after the deadline', () => {
    const tail = TAIL.replace(/六、其他需要报告的事项\n本年度未收取信息处理费。\n/, '').replace(
      '2023年1月18日',
      '2023年3月2日',
    );
    const r = parseReport(report2021({ tail }));
    expect(r.findings.map((f) => f.code).sort()).toEqual(['date', 'missing_part']);
    expect(r.findings.find((f) => f.code === 'date')!.message).toContain('晚于报送期限 2023年1月31日');
  });

  it('text that is not a report has no format and no table facts', () => {
    const r = parseReport(
      '关于开展2022年度安全生产检查的通知\n各村（社区）：\n为做好安全生产工作，现将有关事项通知如下。',
    );
    expect(r.format).toBeNull();
    expect(Object.keys(r.facts)).toEqual([]);
  });
});
