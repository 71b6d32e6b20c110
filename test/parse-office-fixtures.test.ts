// Whose report, which year, and the proactive item count, on reports invented here
// (松岭市…, other numbers, other sentence shapes than ../shared/patterns), so every
// class is covered without ../shared. Each expectation is read off the fixture text.
import { describe, expect, it } from 'vitest';
import { parseReport } from '../src/parse/index.js';

// Part 1 heading and the start of part 2: enough of a report around the sentence under test.
const body = (opening: string, tail = '') =>
  `${opening}\n一、总体情况\n（一）主动公开情况。按要求做好公开工作。\n二、主动公开政府信息情况\n${tail}`;
const who = (text: string, file?: string) => {
  const r = parseReport(text, file ? { file } : {});
  return {
    office: r.office,
    year: r.year,
    officeFrom: r.origin?.office?.from ?? null,
    yearFrom: r.origin?.year?.from ?? null,
  };
};

describe('the title where there is no clean title line', () => {
  it('inside a long sentence, in 《》, after a cited notice with another year', () => {
    const text = body(
      '按照《中华人民共和国政府信息公开条例》和《关于做好2024年度政府信息公开工作年度报告编制工作的通知》要求，现将《松岭市教育局2023年政府信息公开工作年度报告》予以公布。',
    );
    expect(who(text)).toEqual({ office: '松岭市教育局', year: 2023, officeFrom: 'title', yearFrom: 'title' });
  });

  it('<office>现将<year>…报告公布如下: the verb is not part of the name', () => {
    const text = body('依据《条例》第五十条规定，松岭市河西街道办事处现将2022年度政府信息公开工作报告公布如下：');
    expect(who(text)).toMatchObject({ office: '松岭市河西街道办事处', year: 2022 });
    // Names full of verb-like characters are still names.
    expect(who(body('根据《条例》，现公布松岭市发展和改革委员会2022年政府信息公开工作年度报告。')).office).toBe(
      '松岭市发展和改革委员会',
    );
  });

  it('a title that starts with 关于, and the title inside a notice that publishes it', () => {
    expect(who(body('关于松岭市林业局2022年政府信息公开工作年度报告'))).toMatchObject({
      office: '松岭市林业局',
      year: 2022,
    });
    expect(who(body('松岭市林业局关于2022年政府信息公开工作情况的报告'))).toMatchObject({
      office: '松岭市林业局',
      year: 2022,
    });
    expect(who(body('松岭市林业局关于公布《松岭市林业局2022年政府信息公开工作年度报告》的通知'))).toMatchObject({
      office: '松岭市林业局',
      year: 2022,
    });
  });

  it('a report mentioned in a sentence is not this report: its year is not the year', () => {
    expect(who(body('上年度，我局按时发布2021年政府信息公开工作年度报告。')).year).toBeNull();
    expect(who(body('上年度，我局按时发布松岭市林业局2021年政府信息公开工作年度报告。'))).toMatchObject({
      office: null,
      year: null,
    });
    expect(who(body('依据《条例》，现将2021年政府信息公开工作年度报告公布如下。')).year).toBe(2021);
  });

  it('the year nearest the title words, not a date before it on the same line', () => {
    expect(who(body('2023年1月20日 松岭市林业局2022年政府信息公开工作年度报告'))).toMatchObject({
      office: '松岭市林业局',
      year: 2022,
    });
  });

  it('a year written in Chinese numerals', () => {
    expect(who(body('松岭市林业局二〇二二年政府信息公开工作年度报告'))).toMatchObject({
      office: '松岭市林业局',
      year: 2022,
    });
    expect(who(body('二○二一年度松岭市林业局政府信息公开工作报告'))).toMatchObject({
      office: '松岭市林业局',
      year: 2021,
    });
  });

  it('the name after the year', () => {
    expect(who(body('2024年度松岭市自然资源和规划局政府信息公开工作年度报告'))).toMatchObject({
      office: '松岭市自然资源和规划局',
      year: 2024,
    });
  });

  it('the year in brackets after the title, the name on the line above', () => {
    expect(who(body('松岭市河东镇人民政府\n政府信息公开工作年度报告（2022年度）'))).toMatchObject({
      office: '松岭市河东镇人民政府',
      year: 2022,
    });
  });

  it('the name alone on the line under a title that names none', () => {
    expect(who(body('2021年度政府信息公开工作报告\n松岭市审计局\n'))).toMatchObject({
      office: '松岭市审计局',
      year: 2021,
      officeFrom: 'title',
    });
  });

  it('a whole document glued on one line (crawler text): the title runs straight into the text', () => {
    const glued =
      '松岭市交通运输局2022年政府信息公开工作年度报告根据《中华人民共和国政府信息公开条例》要求编制本报告。一、总体情况主动公开政府信息共88条。二、主动公开政府信息情况';
    expect(who(glued)).toMatchObject({ office: '松岭市交通运输局', year: 2022, officeFrom: 'title' });
    expect(who(`首页>政务公开>年度报告${glued}`)).toMatchObject({ office: '松岭市交通运输局', year: 2022 });
    expect(who(glued.replace('松岭市交通运输局', ''))).toMatchObject({ office: null, year: 2022 });
    // …and the signature at the very end of that one line.
    const signed = `${glued.replace('松岭市交通运输局', '')}六、其他需要报告的事项本年度未收取费用。松岭市交通运输局2023年1月16日`;
    expect(who(signed)).toMatchObject({ office: '松岭市交通运输局', officeFrom: 'signature' });
  });

  it('a 标题 label is not the name', () => {
    expect(who(body('标题：松岭市民政局2020年政府信息公开工作年度报告\n发布日期：2021-01-25'))).toMatchObject({
      office: '松岭市民政局',
      year: 2020,
    });
  });
});

describe('the office where no title names it', () => {
  it('a metadata line (信息来源), not its label', () => {
    const text = body('信息来源：松岭市卫生健康委员会\n发布日期：2023-01-30\n标题：2022年政府信息公开工作年度报告');
    expect(who(text)).toEqual({
      office: '松岭市卫生健康委员会',
      year: 2022,
      officeFrom: 'metadata',
      yearFrom: 'title',
    });
  });

  it('a page metadata row (索引号 … 发布机构 … 发布日期), glued or spaced; 发布机构 over a site banner', () => {
    const title = '2022年政府信息公开工作年度报告';
    expect(
      who(body(`松岭市人民政府\n索引号：000-2023-01  发布机构：松岭市水务局  发布日期：2023-01-20\n${title}`)),
    ).toMatchObject({ office: '松岭市水务局', officeFrom: 'metadata' });
    expect(
      who(body(`松岭市人民政府\n索引号：000-2023-01 发布机构：松岭市水务局发布日期：2023-01-20\n${title}`)).office,
    ).toBe('松岭市水务局');
  });

  it('a site footer after the report is not its signature', () => {
    const tail =
      '六、其他需要报告的事项\n无。\n松岭市水务局\n2023年1月20日\n松岭市人民政府办公室主办 松岭市大数据中心承办';
    expect(who(body('2022年政府信息公开工作年度报告', tail)).office).toBe('松岭市水务局');
    expect(
      who(body('2022年政府信息公开工作年度报告', '六、其他需要报告的事项\n无。\n松岭市人民政府办公室主办')).office,
    ).toBeNull();
  });

  it('a banner right above a title that names no one gives way to the page 发布机构', () => {
    expect(
      who(body('松岭市人民政府\n2022年政府信息公开工作年度报告\n发布机构：松岭市水务局 发布日期：2023-01-20')),
    ).toMatchObject({
      office: '松岭市水务局',
      officeFrom: 'metadata',
      year: 2022,
    });
    // With no 发布机构, the name line beside the title is the office (as a PDF title splits it).
    expect(who(body('松岭市人民政府\n2022年政府信息公开工作年度报告')).office).toBe('松岭市人民政府');
  });

  it('the signature over a site banner heading the page', () => {
    const tail = '六、其他需要报告的事项\n无。\n松岭市水务局\n2023年1月20日';
    expect(who(body('松岭市人民政府\n当前位置：首页 > 政务公开 > 2022年政府信息公开工作年度报告', tail))).toMatchObject(
      {
        office: '松岭市水务局',
        officeFrom: 'signature',
        year: 2022,
      },
    );
  });

  it('the signature with its date on the same line, above an attachment note', () => {
    const tail = '六、其他需要报告的事项\n本年度未收取信息处理费。\n松岭市应急管理局 2023年1月20日\n附件：政策解读目录';
    const r = parseReport(body('2022年政府信息公开工作年度报告', tail));
    expect(r.office).toBe('松岭市应急管理局');
    expect(r.origin?.office).toMatchObject({ from: 'signature' });
  });

  it('a signature and its date in Chinese numerals, on one line', () => {
    const tail = '六、其他需要报告的事项\n无。\n松岭市水务局  二〇二三年一月二十日';
    const r = parseReport(body('2022年政府信息公开工作年度报告', tail));
    expect([r.office, r.date]).toEqual(['松岭市水务局', '2023-01-20']);
    expect(parseReport(body('2022年政府信息公开工作年度报告', '松岭市水务局\n二〇二三年十二月三十一日')).date).toBe(
      '2023-12-31',
    );
  });

  it('本年度报告由<body>党政综合办公室编制: the body, not its drafting office', () => {
    const text = body('本年度报告由松岭市河西街道党政综合办公室编制，统计期限从2021年1月1日到2021年12月31日止。');
    expect(who(text)).toEqual({ office: '松岭市河西街道', year: 2021, officeFrom: 'prose', yearFrom: 'period' });
  });

  it('请与<body>办公室联系, near the end', () => {
    const tail = '六、其他需要报告的事项\n无。\n如对本年报有疑问，请与松岭市统计局办公室联系（电话：0000-1234567）。';
    expect(who(body('一年来，我局认真落实条例要求。截至2023年12月31日，各项工作顺利完成。', tail))).toEqual({
      office: '松岭市统计局',
      year: 2023,
      officeFrom: 'prose',
      yearFrom: 'period',
    });
  });

  it('汇总<body>各有关单位…', () => {
    expect(who(body('本报告由办公室汇总松岭市住房和城乡建设局各有关单位情况编制。')).office).toBe(
      '松岭市住房和城乡建设局',
    );
  });

  it('the subject of the opening sentence', () => {
    expect(who(body('2024年以来，松岭市统计局紧紧围绕中心工作推进政务公开。'))).toEqual({
      office: '松岭市统计局',
      year: 2024,
      officeFrom: 'prose',
      yearFrom: 'prose',
    });
  });

  it('a subject that is an office is that office, not its government', () => {
    expect(who(body('2023年，松岭市人民政府办公室认真贯彻落实条例要求。')).office).toBe('松岭市人民政府办公室');
  });

  it('我局, 我镇, 本机关 name nothing: office null rather than a guess', () => {
    const text = body('本报告由我局办公室编制。2022年，我局坚持以公开为常态。如有疑问请与本机关办公室联系。');
    expect(who(text)).toMatchObject({ office: null, officeFrom: null, year: 2022 });
  });
});

describe('the year where no title gives it', () => {
  it('every form of the statistics period', () => {
    expect(who(body('数据统计期限：2022年1月1日至12月31日。')).year).toBe(2022);
    expect(who(body('本报告数据截止2020年12月31日。')).year).toBe(2020);
    expect(who(body('统计时段为2019年1月1日—2019年12月31日。')).year).toBe(2019);
    expect(who(body('本报告统计期限为2023年度。')).year).toBe(2023);
    // The line it came from is recorded; a term that runs to a date is no period.
    expect(parseReport(body('一年来工作顺利。\n数据截至2021年12月31日。')).origin?.year).toEqual({
      from: 'period',
      line: 2,
    });
    expect(who(body('该规范性文件有效期至2025年12月31日。')).year).toBeNull();
  });

  it('汇报我街道<year>年度…工作, not the year of a notice cited in 《》', () => {
    expect(who(body('现向社会汇报我街道2021年度政府信息公开工作情况。')).year).toBe(2021);
    expect(who(body('根据《关于做好2024年政务公开工作的通知》要求开展工作。')).year).toBeNull();
    expect(who(body('按照2024年政务公开工作要点要求开展工作。')).year).toBeNull();
    expect(who(body('现将本单位2020年政府信息公开工作总结如下。')).year).toBe(2020);
  });
});

describe('--office / --region / --year and the file name', () => {
  const noName = body('本报告由我局办公室编制。', '规章\t0\t0\t0');

  it('options fill what the text lacks', () => {
    const r = parseReport(noName, { office: '松岭市林业局', region: '某省松岭市', year: 2022 });
    expect([r.office, r.year, r.region, r.kind]).toEqual(['松岭市林业局', 2022, '某省松岭市', '部门']);
    // The office's own name says 松岭市: the option replaced that.
    expect(r.origin).toEqual({
      office: { from: 'option' },
      year: { from: 'option' },
      region: { from: 'option', replaced: '松岭市' },
    });
  });

  it('an option overrides the text and the result says what the text said', () => {
    const r = parseReport(body('松岭市民政局2020年政府信息公开工作年度报告'), {
      office: '松岭市民政局（社会福利院）',
      year: 2021,
    });
    expect([r.office, r.year]).toEqual(['松岭市民政局（社会福利院）', 2021]);
    expect(r.origin?.office).toEqual({ from: 'option', replaced: '松岭市民政局' });
    expect(r.origin?.year).toEqual({ from: 'option', replaced: 2020 });
  });

  it('a file name that clearly names an office, as a last resort, said so', () => {
    expect(who(noName, 'in/松岭市河西街道-2021.txt')).toEqual({
      office: '松岭市河西街道',
      year: 2021,
      officeFrom: 'filename',
      yearFrom: 'filename',
    });
    expect(who(noName, '松岭市水务局2024年政府信息公开工作年度报告.pdf')).toMatchObject({
      office: '松岭市水务局',
      year: 2024,
    });
  });

  it('a file name that names no office is never read; the text always wins over the name', () => {
    expect(who(noName, 'report-2021.txt')).toMatchObject({ office: null, year: null });
    expect(who(noName, '年报2021.txt')).toMatchObject({ office: null, year: null });
    // The text names the office but no year: a file named for another office gives no year.
    expect(who(body('本报告由松岭市审计局办公室编制。'), '松岭市民政局-2020.txt')).toMatchObject({
      office: '松岭市审计局',
      year: null,
    });
  });
});

describe('active.items: the total, in every phrasing, never a sub-count', () => {
  const items = (sentence: string) => {
    const r = parseReport(body(`松岭市河西街道2022年政府信息公开工作年度报告\n${sentence}`));
    return {
      value: r.facts['active.items'] ?? null,
      approximate: r.approximate.includes('active.items'),
      cell: r.provenance['active.items']?.cell ?? null,
    };
  };

  it('totals written with 共计, 总量为, thousands separators, 发布 and no 主动', () => {
    expect(items('全年累计主动公开各类政府信息共计1,204条。')).toEqual({
      value: 1204,
      approximate: false,
      cell: '主动公开各类政府信息共计1,204条',
    });
    expect(items('主动公开政府信息总量为316条，其中政策解读12条。').value).toBe(316);
    expect(items('全年通过区政府门户网站发布政府信息87条。').value).toBe(87);
    expect(items('我街道本年度公开政务信息 64 条。').value).toBe(64);
    expect(items('主动公开政府文件15份。').value).toBe(15);
    expect(items('主动公开了42条政府信息。').value).toBe(42);
    // Full-width digits and spaces are read; the cell quotes the text as written.
    expect(items('主动公开政府信息共 ５２３ 条。')).toEqual({
      value: 523,
      approximate: false,
      cell: '主动公开政府信息共 ５２３ 条',
    });
  });

  it('hedged totals are approximate: 约, 多, and 余 with no unit at the end of a clause', () => {
    expect(items('主动公开政府信息约200条。')).toMatchObject({ value: 200, approximate: true });
    expect(items('全年公开政府信息300多条。')).toMatchObject({ value: 300, approximate: true });
    expect(items('通过网站主动公开政府信息260余，涉及多个领域。')).toMatchObject({ value: 260, approximate: true });
  });

  it('the total, not the sub-counts after 其中 or the channels', () => {
    expect(items('主动公开信息150条，其中：通过门户网站主动公开信息90条、政务微博60条。').value).toBe(150);
    expect(items('其中，通过门户网站公开信息30条。主动公开政府信息总数75条。').value).toBe(75);
    expect(items('通过政务微博发布信息420条，主动公开政府信息95条。').value).toBe(95);
    // Every channel together is the total.
    expect(items('全年通过门户网站、政务新媒体等渠道主动公开政府信息133条。').value).toBe(133);
  });

  it('not a count of applications, 政策解读, 微博 posts or a kind of document', () => {
    for (const s of [
      '依申请公开信息3条，均按时答复。',
      '受理政府信息公开申请5件。',
      '开展政策解读6次，发布解读文章8篇。',
      '通过政务微博发布信息420条。',
      '主动公开规范性文件4件。',
      '不予公开信息2条。',
    ]) {
      expect(items(s).value, s).toBeNull();
    }
  });

  it('channels listed one by one with no total stated: no value rather than one channel count', () => {
    expect(items('在县政府门户网站公开信息41条，在政务公开栏公开信息20条。').value).toBeNull();
    expect(items('通过网站主动公开信息30条，通过公开栏主动公开信息12条。').value).toBeNull();
    expect(items('政务微信公众号全年推送信息88篇，通过政府网站发布信息30条。').value).toBeNull();
    // …but a stated total beside them is the total.
    expect(items('全年主动公开政府信息共62条，在门户网站公开信息41条，在政务公开栏公开信息21条。').value).toBe(62);
  });

  it('a 主动 total later in part 1 wins over an earlier count without 主动', () => {
    expect(items('在门户网站公开信息41条。\n全年共主动公开政府信息96条。').value).toBe(96);
  });
});
