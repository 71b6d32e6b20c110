// Reading a file by what it holds, not what it is called: HTML saved as .txt, a
// ".html" that is plain text, page furniture pasted with the report, markdown
// tables from PDF converters, and one bad byte in an otherwise UTF-8 file.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { extractBuffer } from '../src/extract/index.js';
import { parseReport } from '../src/parse/index.js';
import { EXPECTED_2021, report2021, TABLE_A, TABLE_C, tableB } from './helpers/report-2021.js';

const utf8 = (s: string) => Buffer.from(s, 'utf8');

describe('one bad byte in an otherwise UTF-8 file', () => {
  // About 9 KB of report text, as in the real case.
  const REPORT = `松岭市河西街道办事处2022年政府信息公开工作年度报告\n一、总体情况\n${'2022年，街道主动公开政府信息共321条，按要求做好公开工作。\n'.repeat(120)}二、主动公开政府信息情况`;

  it('is replaced by U+FFFD and reported as a warning naming the line, not a rejection', async () => {
    const good = utf8(REPORT);
    // Line 3 starts after the title and "一、总体情况": corrupt the first byte of its 4th character.
    const at = good.indexOf(utf8('主动公开'));
    const bad = Buffer.concat([good.subarray(0, at), Buffer.from([0xff]), good.subarray(at + 1)]);
    expect(bad.length).toBeGreaterThan(9000);
    const r = await extractBuffer(bad, '河西街道.txt');
    expect(r.encoding).toBe('UTF-8');
    expect(r.text.split('\n')[2]).toMatch(/^2022年，街道\ufffd/);
    expect(r.text.length).toBeGreaterThan(3000);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings![0]).toContain('「河西街道.txt」');
    expect(r.warnings![0]).toContain('第 3 行');
    expect(r.warnings![0]).toContain('1 处');
    // Everything else is intact: the title and the count of every other line parse.
    expect(parseReport(r.text).office).toBe('松岭市河西街道办事处');
  });

  it('a few bad spots on different lines are each named; many mean another encoding', async () => {
    const good = utf8(REPORT);
    const spoil = (buf: Buffer, needle: string, from: number) => {
      const at = buf.indexOf(utf8(needle), from);
      const out = Buffer.from(buf);
      out[at] = 0xff;
      return { out, at };
    };
    const one = spoil(good, '按要求', 0);
    const two = spoil(one.out, '按要求', one.at + 200);
    const r = await extractBuffer(two.out, 'two.txt');
    expect(r.warnings![0]).toMatch(/2 处.*（第 3 行、第 [4-9] 行）/);
    // Ten spoiled characters are not "one bad byte": never read as UTF-8 with holes.
    let many = good;
    for (let k = 0, from = 0; k < 10; k++) {
      const s = spoil(many, '按要求', from);
      many = s.out;
      from = s.at + 100;
    }
    const m = await extractBuffer(many, 'many.txt').catch((e: Error) => e);
    expect(m instanceof Error || !m.warnings?.some((w) => w.includes('UTF-8'))).toBe(true);
  });

  it('a UTF-8 file cut in the middle of its last character is read too', async () => {
    const good = utf8(REPORT);
    const r = await extractBuffer(good.subarray(0, good.length - 1), 'cut.txt');
    expect(r.encoding).toBe('UTF-8');
    expect(r.warnings?.[0]).toContain('UTF-8');
  });

  it('GBK text is still read as GBK, with no warning', async () => {
    const r = await extractBuffer(iconv.encode(REPORT, 'gbk'), 'gbk.txt');
    expect(r.encoding).toBe('GB18030');
    expect(r.text).toBe(REPORT);
    expect(r.warnings).toBeUndefined();
  });

  it('clean UTF-8 has no warnings', async () => {
    expect((await extractBuffer(utf8(REPORT), 'ok.txt')).warnings).toBeUndefined();
  });
});

describe('content over extension', () => {
  const PAGE = `<html><head><title>松岭市审计局2022年政府信息公开工作年度报告_松岭市人民政府</title></head><body>
<p>一、总体情况</p><p>主动公开政府信息57条。</p><p>二、主动公开政府信息情况</p>
<table><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr></table></body></html>`;

  it('an HTML page saved as .txt, with a crawler header line above it, is read as HTML', async () => {
    const r = await extractBuffer(
      utf8(`来源网址: http://www.example.gov.cn/art/2023/1/30/art_1.html\n${PAGE}`),
      'page.txt',
    );
    expect(r.kind).toBe('html');
    expect(r.text).toContain('规章\t0\t0\t0');
    expect(r.text).not.toContain('<td>');
  });

  it("a page whose article has no heading gets its <title> (without the site's name) as the title", async () => {
    const r = await extractBuffer(utf8(PAGE), 'page.html');
    expect(r.text.split('\n')[0]).toBe('松岭市审计局2022年政府信息公开工作年度报告');
    expect(parseReport(r.text)).toMatchObject({ office: '松岭市审计局', year: 2022 });
  });

  it('a ".html" with no markup at all is plain text: its lines stay lines', async () => {
    const text = '松岭市审计局2022年政府信息公开工作年度报告\n一、总体情况\n规章\t0\t0\t0';
    const r = await extractBuffer(utf8(text), 'saved.html');
    expect(r.kind).toBe('text');
    expect(r.text).toBe(text);
  });
});

describe('a crawled page, end to end', () => {
  // Saved as .txt by a crawler: banner, menu, breadcrumb and metadata row above an
  // article with no heading of its own; the report's title is only in <title>.
  const CRAWLED = `URL: http://www.example.gov.cn/art/2023/1/20/art_9.html
<!DOCTYPE html><html><head><meta charset="utf-8"><title>2022年政府信息公开工作年度报告 - 松岭市人民政府</title></head>
<body><div class="banner">松岭市人民政府</div>
<p>首页 | 政务公开 | 政务服务 | 互动交流 | 走进松岭</p>
<p>索引号：000-2023-009  发布机构：松岭市水务局  发布日期：2023-01-20</p>
<p>【字体：大 中 小】【打印】【关闭】</p>
<p>一、总体情况</p>
<p>2022年，松岭市水务局通过门户网站、政务新媒体等渠道主动公开政府信息共计214条，其中工作动态120条。</p>
<p>二、主动公开政府信息情况</p>
<p>六、其他需要报告的事项</p><p>无。</p>
<p>松岭市水务局</p><p>2023年1月20日</p>
</body></html>`;

  it('gives the office from 发布机构, the year from <title>, the total item count, and no furniture', async () => {
    const r = await extractBuffer(utf8(CRAWLED), 'art_9.txt');
    expect(r.kind).toBe('html');
    expect(r.text).not.toMatch(/打印|互动交流/);
    const p = parseReport(r.text, { file: 'art_9.txt' });
    expect([p.office, p.year, p.facts['active.items'], p.date]).toEqual(['松岭市水务局', 2022, 214, '2023-01-20']);
    expect(p.origin?.office?.from).toBe('metadata');
    expect(p.origin?.year?.from).toBe('title');
  });
});

describe('page furniture pasted with a report', () => {
  it('toolbar, share and menu lines are blanked; line numbers and everything else are kept', async () => {
    const lines = [
      '首页 | 政务公开 | 政务服务 | 互动交流 | 走进松岭',
      '【字体：大 中 小】【打印】【关闭】',
      '松岭市审计局2022年政府信息公开工作年度报告',
      '分享到：',
      '一、总体情况',
      '政务公开',
      '打印本页 关闭窗口',
      '【大 中 小】',
      '分享到：微信 微博 QQ空间',
      '扫一扫在手机打开当前页',
      '首页 > 政务公开 > 政府信息公开年报',
      '中',
    ];
    const r = await extractBuffer(utf8(lines.join('\n')), 'pasted.txt');
    expect(r.text.split('\n')).toEqual(['', '', lines[2], '', lines[4], '政务公开', '', '', '', '', '', '中']);
  });

  it('a furniture line led by white space of any kind, or holding digits after its breadcrumb head, is blanked too', async () => {
    const lines = [
      '松岭市审计局2022年政府信息公开工作年度报告',
      '收到申请 3 件',
      '\u3000首页 > 政务公开 > 年报',
      '\t【打印】【关闭】',
      '当前位置：首页 > 2022年报',
      '\u00a0 分享到：微信 微博',
      '\u3000首页 > 2022年报',
      '（一）主动公开情况',
    ];
    const r = await extractBuffer(utf8(lines.join('\n')), 'pasted.txt');
    expect(r.text.split('\n')).toEqual([lines[0], lines[1], '', '', '', '', '', lines[7]]);
  });
});

describe('markdown tables from PDF converters', () => {
  const pipe = (t: string) =>
    t
      .split('\n')
      .map((l) => (l.includes('\t') ? `| ${l.split('\t').join(' | ')} |` : l))
      .join('\n');

  it('`| a | b |` rows with `---` rows pass through and parse to every cell', async () => {
    const md = report2021({
      a: pipe(TABLE_A).replace(/(\| 信息内容 \|[^\n]*\n)/, '$1|---|---|---|---|\n'),
      b: pipe(tableB()),
      c: pipe(TABLE_C),
    });
    const r = await extractBuffer(utf8(md), 'converted.md.txt');
    expect(r.kind).toBe('text');
    expect(r.text).toBe(md);
    expect(parseReport(r.text).facts).toEqual(EXPECTED_2021);
  });

  it('an HTML <table> a converter left inside markdown becomes TAB rows; the markdown around it stays', async () => {
    const md =
      '# 松岭市审计局2022年政府信息公开工作年度报告\n\n## 二、主动公开政府信息情况\n\n<table><tr><td>规章</td><td>0</td><td>1</td><td>2</td></tr></table>\n\n## 三、收到和处理政府信息公开申请情况';
    const r = await extractBuffer(utf8(md), 'mixed.txt');
    expect(r.kind).toBe('text');
    expect(r.text).toContain('\n规章\t0\t1\t2\n');
    expect(r.text.startsWith('# 松岭市审计局2022年政府信息公开工作年度报告\n\n## 二、')).toBe(true);
  });
});
