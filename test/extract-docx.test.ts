import { promises as fs } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExtractError, extractBuffer, extractText, type ExtractedText } from '../src/extract/index.js';
import { sharedFile } from './support/shared.js';

// Public data kept outside the repository: without it this suite says so and skips, and
// test/extract-generated.test.ts reads .docx files the project writes itself either way.
const { file: template, present, skipped } = sharedFile('samples/template-2021-blank.docx', 'the blank template');
const title = `docx: the blank 2021 template${skipped}`;

describe.skipIf(!present)(title, () => {
  let r: ExtractedText;
  let lines: string[];
  beforeAll(async () => {
    r = await extractText(template);
    lines = r.text.split('\n');
  });

  it('is read as docx', () => {
    expect(r.kind).toBe('docx');
    expect(r.encoding).toBe('n/a');
  });

  it('keeps the six part headings as lines, in order', () => {
    const headings = [
      '一、总体情况',
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
      '五、存在的主要问题及改进情况',
      '六、其他需要报告的事项',
    ];
    const at = headings.map((h) => lines.indexOf(h));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('has the 2021 table A headers in their cells (blank ideographic-space cells are empty)', () => {
    expect(lines).toContain('信息内容\t本年制发件数\t本年废止件数\t现行有效件数');
    expect(lines).toContain('规章\t\t\t');
    expect(lines).toContain('第二十条第（一）项\t\t\t'); // colspan=4
    expect(lines).toContain('信息内容\t本年处理决定数量\t\t'); // colspan=3
    expect(lines).toContain('信息内容\t本年收费金额（单位：万元）\t\t');
  });

  it('lays out table B as the dump shows: merged header block, then 7 empty value cells per row', () => {
    // template-2021-blank.docx.cells.txt: [colspan=3][vMerge=restart]（本列…） | [colspan=7]申请人情况
    expect(lines).toContain(
      '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况\t\t\t\t\t\t',
    );
    expect(lines).toContain('\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计');
    // "商业⏎企业" in the dump: two paragraphs in one cell join without a space.
    expect(lines).toContain('\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t');
    const empty7 = '\t'.repeat(7);
    expect(lines).toContain(`一、本年新收政府信息公开申请数量\t\t${empty7}`);
    expect(lines).toContain(`三、本年度办理结果\t（一）予以公开\t${empty7}`);
    expect(lines).toContain(`\t（三）不予公开\t1.属于国家秘密${empty7}`);
    expect(lines).toContain(`\t\t2.其他法律行政法规禁止公开${empty7}`);
    expect(lines).toContain(
      `\t（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请${empty7}`,
    );
    expect(lines).toContain(`\t（七）总计\t${empty7}`);
    expect(lines).toContain(`四、结转下年度继续办理\t\t${empty7}`);
  });

  it('lays out table C: 5 + 10 columns under merged headers', () => {
    expect(lines).toContain(`行政复议${'\t'.repeat(5)}行政诉讼${'\t'.repeat(9)}`);
    expect(lines).toContain(
      '结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t',
    );
    expect(lines).toContain(
      '\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计',
    );
  });

  it('says a broken .docx is corrupt, naming the file', async () => {
    const buf = await fs.readFile(template);
    // Keep the local header (so it still sniffs as docx) but cut the archive short.
    const err = await extractBuffer(buf.subarray(0, 2000), '损坏的报告.docx').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExtractError);
    expect(err).toMatchObject({ code: 'corrupt' });
    expect((err as ExtractError).message).toContain('「损坏的报告.docx」');
  });
});
