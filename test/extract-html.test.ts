import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ExtractError, extractBuffer, htmlToText } from '../src/extract/index.js';

// A report page in the shape government CMS templates serve: banner, menu,
// breadcrumb, a 字体/打印 toolbar, the article with Word-ish markup, two tables
// (table A with <br /> in headers, table B's merged header block), a footer.
const PAGE = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>某某镇人民政府2020年政府信息公开工作年度报告_某某县人民政府</title>
<style>.TRS_Editor p { text-indent: 2em; }</style>
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
</head>
<body>
<div class="header"><div class="logo">某某县人民政府</div><div class="search"><input type="text" value="请输入关键字"><button>搜索</button></div></div>
<div id="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/hdjl">互动交流</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 年度报告</div>
<div class="article">
  <h1>某某镇人民政府2020年政府信息公开工作年度报告</h1>
  <div class="info">发布时间：2021-01-28&nbsp;&nbsp;来源：某某镇人民政府</div>
  <div class="tools">【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】</div>
  <div class="TRS_Editor">
    <p class="MsoNormal"><span>&nbsp;&nbsp;&nbsp;&nbsp;一、总体情况</span></p>
    <p class="MsoNormal">2020年，某某镇按照县政府办公室关于推进基层政务公开标准化规范化
    工作的要求，全年主动公开政务信息<span lang="EN-US">1947</span>条。<o:p></o:p></p>
    <p><b>二、主动公开政府信息情况</b></p>
    <table border="1" cellspacing="0" cellpadding="0">
      <tbody>
      <tr><td colspan="4"><p>第二十条第（一）项</p></td></tr>
      <tr><td><p>信息内容</p></td><td><p>本年新<br />制作数量</p></td><td><p>本年新<br />公开数量</p></td><td><p>对外公开<br />总数量</p></td></tr>
      <tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
      <tr><td>规范性文件</td><td>&nbsp;3 </td><td>3</td><td>&nbsp;</td></tr>
      <tr><td colspan="4">第二十条第（九）项</td></tr>
      <tr><td>信息内容</td><td colspan="2">采购项目数量</td><td>采购总金额</td></tr>
      <tr><td>政府集中采购</td><td colspan="2">1</td><td>1.06</td></tr>
      </tbody>
    </table>
    <p><b>三、收到和处理政府信息公开申请情况</b></p>
    <table border="1">
      <tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，<br />等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
      <tr><th rowspan="2">自然人</th><th colspan="5">法人或其他组织</th><th rowspan="2">总计</th></tr>
      <tr><th>商业<br />企业</th><th>科研<br/>机构</th><th>社会公益<br>组织</th><th>法律服务机构</th><th>其他</th></tr>
      <tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>12</td><td>1</td><td>0</td><td>0</td><td>0</td><td>&nbsp;</td><td>13</td></tr>
      <tr><td rowspan="3">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>5</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>6</td></tr>
      <tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
      <tr><td>2.其他法律行政法规禁止公开</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
    </table>
    <p>&nbsp;</p>
    <p>六、其他需要报告的事项</p>
    <p>本年度未收取信息处理费。</p>
  </div>
  <div class="share">分享到：<a class="bds_weixin">微信</a></div>
</div>
<div class="footer"><p>主办单位：某某县人民政府办公室　网站标识码：4103000000</p><p>豫ICP备00000000号</p></div>
</body></html>`;

const EXPECTED = [
  '某某镇人民政府2020年政府信息公开工作年度报告',
  '发布时间：2021-01-28 来源：某某镇人民政府',
  '一、总体情况',
  '2020年，某某镇按照县政府办公室关于推进基层政务公开标准化规范化工作的要求，全年主动公开政务信息1947条。',
  '二、主动公开政府信息情况',
  '第二十条第（一）项\t\t\t',
  '信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量',
  '规章\t0\t0\t0',
  '规范性文件\t3\t3\t',
  '第二十条第（九）项\t\t\t',
  '信息内容\t采购项目数量\t\t采购总金额',
  '政府集中采购\t1\t\t1.06',
  '三、收到和处理政府信息公开申请情况',
  '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况\t\t\t\t\t\t',
  '\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计',
  '\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t',
  '一、本年新收政府信息公开申请数量\t\t\t12\t1\t0\t0\t0\t\t13',
  '三、本年度办理结果\t（一）予以公开\t\t5\t1\t0\t0\t0\t0\t6',
  '\t（三）不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0',
  '\t\t2.其他法律行政法规禁止公开\t1\t0\t0\t0\t0\t0\t1',
  '六、其他需要报告的事项',
  '本年度未收取信息处理费。',
].join('\n');

describe('HTML pages', () => {
  it('turns a report page into lines and TAB rows, without the site furniture', () => {
    expect(htmlToText(PAGE)).toBe(EXPECTED);
  });

  it('reads a GBK page declared as gb2312 as correct Chinese', async () => {
    const bytes = iconv.encode(PAGE, 'gbk');
    const r = await extractBuffer(bytes, 'nianbao.html');
    expect(r).toMatchObject({ kind: 'html', encoding: 'GB18030', text: EXPECTED });
  });

  it('trusts valid UTF-8 over a stale gb2312 declaration (pages re-saved by a browser)', async () => {
    const r = await extractBuffer(Buffer.from(PAGE, 'utf8'), 'saved.htm');
    expect(r).toMatchObject({ kind: 'html', encoding: 'UTF-8', text: EXPECTED });
  });

  it('recognises HTML by content, even under a .doc name ("Word" files that are web pages)', async () => {
    const r = await extractBuffer(Buffer.from(PAGE, 'utf8'), '年度报告.doc');
    expect(r.kind).toBe('html');
    expect(r.text).toBe(EXPECTED);
  });

  it('recognises a table fragment copied from page source, even in a .txt file', async () => {
    const frag = '<table><tr><td>规章</td><td>1</td></tr><tr><td>行政规范性文件</td><td>&nbsp;</td></tr></table>';
    const r = await extractBuffer(Buffer.from(frag, 'utf8'), 'copied.txt');
    expect(r).toMatchObject({ kind: 'html', text: '规章\t1\n行政规范性文件\t' });
  });

  it('reads the data table inside a layout table, and the layout cells as lines', () => {
    const html = `<html><body><table width="1000"><tr><td>某某街道办事处</td><td>
      <p>四、政府信息公开行政复议、行政诉讼情况</p>
      <table><tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
      <tr><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr></table>
      </td></tr></table></body></html>`;
    expect(htmlToText(html).split('\n')).toEqual([
      '某某街道办事处',
      '四、政府信息公开行政复议、行政诉讼情况',
      `行政复议${'\t'.repeat(5)}行政诉讼${'\t'.repeat(9)}`,
      Array(15).fill('0').join('\t'),
    ]);
  });

  it('reads a one-column table of prose as paragraphs, not as one row', () => {
    const html = '<table><tr><td><p>一、总体情况</p><p>本年度主动公开信息100条。</p></td></tr></table>';
    expect(htmlToText(html)).toBe('一、总体情况\n本年度主动公开信息100条。');
  });

  it('leaves out hidden elements and keeps text of unknown inline tags', () => {
    const html =
      '<p>规章<span style="display: none">隐藏</span><font color="red">2</font>件</p><div hidden>不显示</div>';
    expect(htmlToText(html)).toBe('规章2件');
  });

  it('drops toolbar and breadcrumb lines even outside named furniture blocks', () => {
    const html =
      '<div>您的位置：首页 > 信息公开</div><p>【字体：大 中 小】【打印本页】【关闭窗口】</p>' +
      '<p>字号：T | T</p><p>打印报告的份数为3份。</p>';
    expect(htmlToText(html)).toBe('打印报告的份数为3份。');
  });

  it('drops breadcrumb and scan lines that hold digits or 、; keeps menu words listed with 、 and prose that names a toolbar word', () => {
    const html =
      '<p>当前位置：首页 > 政务公开 > 2020年度报告</p><p>首页 > 信息公开 > 年报、2021</p>' +
      '<p>扫一扫在手机打开当前页2</p><p>【打印】【关闭】</p><p>首页、政务公开、互动交流</p>' +
      '<p>共收到申请12件，打印、关闭等操作不计入。</p>';
    expect(htmlToText(html)).toBe('首页、政务公开、互动交流\n共收到申请12件，打印、关闭等操作不计入。');
  });

  it('refuses a page whose text is loaded by script', async () => {
    const html =
      '<!doctype html><html><head><script src="app.js"></script></head><body><div id="app"></div></body></html>';
    const err = await extractBuffer(Buffer.from(html), 'report.html').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExtractError);
    expect(err).toMatchObject({ code: 'empty' });
    expect((err as ExtractError).message).toContain('「report.html」');
    expect((err as ExtractError).message).toContain('脚本');
  });
});
