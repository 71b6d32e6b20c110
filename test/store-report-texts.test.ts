// Store.reportTexts: the texts of many reports in a read or a few, as reportText gives each,
// in the order asked (an id asked twice given twice, one not stored null) — what the index
// step reads for every new report.
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/store/index.js';
import { town } from './support/store-reports.js';

// Optional on Store (PostgreSQL's has none); SQLite's has it.
describe('reportTexts', () => {
  it('gives each asked report’s text in the order asked, null for an id not stored, past one read’s ids', () => {
    const s = openStore(':memory:');
    try {
      const texts = Array.from({ length: 300 }, (_, i) => `第${i + 1}镇 2020 年报告\n正文 ${'年报'.repeat(i % 9)}`);
      s.beginBatch();
      texts.forEach((text, i) =>
        s.saveReport({
          parsed: town(i + 1, { office: `第${i + 1}镇人民政府`, aliases: [] }),
          text,
          sourceFile: `t${i + 1}.txt`,
        }),
      );
      s.commitBatch();
      expect(s.reportTexts!([3, 999, 1, 3])).toEqual([texts[2], null, texts[0], texts[2]]);
      const all = Array.from({ length: 300 }, (_, i) => 300 - i);
      expect(s.reportTexts!(all)).toEqual(all.map((id) => texts[id - 1]));
      expect(s.reportTexts!(all)).toEqual(all.map((id) => s.reportText(id)));
      expect(s.reportTexts!([])).toEqual([]);
    } finally {
      s.close();
    }
  });
});
