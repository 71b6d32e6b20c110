// The synthetic generator itself: facts that satisfy every check of the spec,
// offices that collide on short names, and reports shaped like the real ones.
import { describe, expect, it } from 'vitest';
import {
  ACTIVE_BLOCKS,
  APPLY_PARTS,
  APPLY_COL_ORDER,
  FACT_BY_ID,
  REVIEW_GROUPS,
  applyRows,
  isFactId,
  tableIds,
  type ReportFormat,
} from '../src/catalogue/facts.js';
import {
  GLUED_LAYOUTS,
  LAYOUTS,
  generateCorpus,
  gluedFacts,
  mulberry32,
  randomFacts,
  randomOffice,
  renderReport,
  type Profile,
} from '../tools/synth/index.js';

const FORMATS: ReportFormat[] = ['2019', '2021'];
const PROFILES: Profile[] = ['quiet', 'busy'];

/** Every check of the spec that facts alone decide; returns the broken ones. */
function brokenChecks(facts: Record<string, number>, format: ReportFormat): string[] {
  const broken: string[] = [];
  const rows = applyRows(format);
  const results = rows.filter((r) => r.result);
  for (const col of APPLY_COL_ORDER) {
    const v = (row: string) => facts[`apply.${row}.${col}`];
    if (v('received') + v('carried_over') !== v('handled') + v('carried_forward')) broken.push(`balance ${col}`);
    if (results.reduce((s, r) => s + v(r.row), 0) !== v('handled')) broken.push(`handled_sum ${col}`);
  }
  for (const r of rows) {
    const sum = APPLY_PARTS.reduce((s, c) => s + facts[`apply.${r.row}.${c}`], 0);
    if (sum !== facts[`apply.${r.row}.total`]) broken.push(`column_sum ${r.row}`);
  }
  for (const g of REVIEW_GROUPS) {
    const v = (c: string) => facts[`${g.prefix}.${c}`];
    if (v('upheld') + v('corrected') + v('other') + v('pending') !== v('total')) broken.push(`sum ${g.prefix}`);
  }
  return broken;
}

describe('randomFacts', () => {
  it('gives every id of the format, and only catalogue ids, satisfying every check (many seeds)', () => {
    const wrong: string[] = [];
    for (let seed = 1; seed <= 150; seed++) {
      for (const format of FORMATS) {
        for (const profile of PROFILES) {
          const facts = randomFacts(mulberry32(seed), { format, profile });
          const at = `seed ${seed} ${format} ${profile}`;
          const ids = Object.keys(facts);
          const want = [...tableIds(format), 'active.items'];
          if (ids.length !== want.length || !want.every((id) => id in facts))
            wrong.push(`${at}: ids differ from the format's`);
          if (!ids.every(isFactId)) wrong.push(`${at}: id outside the catalogue`);
          for (const b of brokenChecks(facts, format)) wrong.push(`${at}: ${b}`);
          for (const [id, n] of Object.entries(facts)) {
            const col = FACT_BY_ID.get(id)!.col;
            if (!Number.isFinite(n)) wrong.push(`${at}: ${id} not finite`);
            else if (col === 'amount' ? Number(n.toFixed(4)) !== n : !Number.isInteger(n))
              wrong.push(`${at}: ${id} = ${n}`);
            else if (col !== 'change' && n < 0) wrong.push(`${at}: ${id} negative`);
          }
        }
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    // The checker itself sees a broken table.
    const tampered = randomFacts(mulberry32(1), { format: '2021', profile: 'busy' });
    tampered['apply.granted.natural'] += 1;
    tampered['review.upheld'] += 1;
    expect(brokenChecks(tampered, '2021')).toEqual(['handled_sum natural', 'column_sum granted', 'sum review']);
  });

  it('is deterministic from the seed', () => {
    expect(randomFacts(mulberry32(42), { format: '2021', profile: 'busy' })).toEqual(
      randomFacts(mulberry32(42), { format: '2021', profile: 'busy' }),
    );
    expect(randomFacts(mulberry32(42), { format: '2021' })).not.toEqual(
      randomFacts(mulberry32(43), { format: '2021' }),
    );
  });

  it('makes quiet offices mostly zeros and busy ones handle tens to hundreds of applications', () => {
    const received = (profile: Profile) =>
      Array.from(
        { length: 200 },
        (_, i) => randomFacts(mulberry32(1000 + i), { format: '2019', profile })['apply.received.total'],
      ).sort((a, b) => a - b);
    const quiet = received('quiet');
    const busy = received('busy');
    expect(quiet[100]).toBeLessThanOrEqual(5);
    expect(busy[100]).toBeGreaterThanOrEqual(30);
    expect(Math.max(...busy)).toBeGreaterThanOrEqual(100);
    const zeros = (f: Record<string, number>) => Object.values(f).filter((n) => n === 0).length / Object.keys(f).length;
    expect(zeros(randomFacts(mulberry32(5), { format: '2021', profile: 'quiet' }))).toBeGreaterThan(0.7);
  });

  it('produces negative 本年增/减 and decimal amounts somewhere', () => {
    const all = Array.from({ length: 300 }, (_, i) =>
      randomFacts(mulberry32(i), { format: '2019', profile: i % 2 ? 'busy' : 'quiet' }),
    );
    expect(all.some((f) => f['active.license.change'] < 0 || f['active.penalty.change'] < 0)).toBe(true);
    expect(all.some((f) => !Number.isInteger(f['active.procurement.amount']))).toBe(true);
  });
});

describe('randomOffice', () => {
  it('draws real-looking names whose suffix matches the kind', () => {
    const rng = mulberry32(3);
    for (let i = 0; i < 300; i++) {
      const o = randomOffice(rng);
      expect(o.region).toMatch(/^.+(省|自治区).+市.+(区|县|市)$/);
      if (o.kind === '街道') expect(o.name).toMatch(/街道办事处$/);
      if (o.kind === '乡镇') expect(o.name).toMatch(/[镇乡]人民政府$/);
      if (o.kind === '县级以上人民政府') expect(o.name).toMatch(/[区县市]人民政府$/);
      if (o.kind === '部门') expect(o.name).toMatch(/(局|委员会)$/);
      expect(o.name).toContain(o.short);
    }
  });

  it('gives the same short name in different regions', () => {
    const rng = mulberry32(4);
    const regions = new Map<string, Set<string>>();
    for (let i = 0; i < 200; i++) {
      const o = randomOffice(rng);
      if (o.kind !== '县级以上人民政府') regions.set(o.short, (regions.get(o.short) ?? new Set()).add(o.region));
    }
    expect([...regions.values()].some((s) => s.size >= 2)).toBe(true);
    const first = randomOffice(mulberry32(9));
    const twin = randomOffice(mulberry32(10), first.kind === '县级以上人民政府' ? randomOffice(mulberry32(11)) : first);
    if (first.kind !== '县级以上人民政府') {
      expect(twin.short).toBe(first.short);
      expect(twin.kind).toBe(first.kind);
    }
  });
});

function sample(format: ReportFormat, seed: number, profile: Profile = 'quiet') {
  const rng = mulberry32(seed);
  const office = randomOffice(rng);
  const year = format === '2019' ? 2020 : 2022;
  const facts = randomFacts(rng, { format, profile });
  return { office: office.name, region: office.region, kind: office.kind, year, format, facts };
}

describe('renderReport', () => {
  it('states the title, the six parts, 主动公开政府信息N条 and the 落款 date in every layout', () => {
    for (const layout of LAYOUTS) {
      for (const format of FORMATS) {
        for (let seed = 1; seed <= 6; seed++) {
          const report = sample(format, seed, seed % 2 ? 'busy' : 'quiet');
          const text = renderReport({ ...report, date: `${report.year + 1}-01-20` }, layout, mulberry32(seed));
          const plain = layout === 'html' ? text.replace(/<[^>]+>/g, '').replace(/&nbsp;/g, ' ') : text;
          expect(plain).toMatch(new RegExp(`${report.office} ?${report.year}年政府信息公开工作年度报告`));
          for (const heading of [
            '一、总体情况',
            '二、主动公开政府信息情况',
            '三、收到和处理政府信息公开申请情况',
            '四、政府信息公开行政复议、行政诉讼情况',
            '存在的主要问题及改进情况',
            '六、其他需要报告的事项',
          ]) {
            expect(plain).toContain(heading);
          }
          expect(plain).toMatch(new RegExp(`主动公开政府信息共?${report.facts['active.items']}条`));
          const received = [...plain.matchAll(/收到政府信息公开申请(\d+)件/g)].map((m) => Number(m[1]));
          for (const n of received) expect(n).toBe(report.facts['apply.received.total']);
          // The 落款 date is the last date of the report (the page footer has none).
          expect([...plain.matchAll(/\d{4}年\d{1,2}月\d{1,2}日/g)].at(-1)?.[0]).toBe(`${report.year + 1}年1月20日`);
          if (layout !== 'html') expect(plain.trimEnd()).toMatch(new RegExp(`${report.year + 1}年1月20日$`));
        }
      }
    }
  });

  it("uses each format's own table headers", () => {
    for (const layout of LAYOUTS) {
      const t2019 = renderReport(sample('2019', 7), layout, mulberry32(1));
      const t2021 = renderReport(sample('2021', 7), layout, mulberry32(1));
      // Wrapped header cells (本年新⏎制作数量, 本年新<br />制作数量) are joined before looking.
      const joined = t2019.replace(/<br \/>/g, '').replace(/\n(?=[^\t\n])(?<=\t[^\n]*\n)/g, '');
      for (const head of [
        '本年新制作数量',
        '本年新公开数量',
        '对外公开总数量',
        '上一年项目数量',
        '本年增/减',
        '采购项目数量',
        '其他处理',
      ]) {
        expect(joined).toContain(head);
      }
      expect(t2019).not.toContain('本年制发');
      expect(t2019).not.toContain('逾期不补正');
      for (const head of [
        '本年制发',
        '本年废止',
        '现行有效',
        '本年处理决定数量',
        '本年收费金额（单位：万元）',
        '行政规范性文件',
        '逾期不补正',
        '逾期未按收费通知要求缴纳费用',
      ]) {
        expect(t2021).toContain(head);
      }
      expect(t2021).not.toContain('本年新制作数量');
      expect(t2021).not.toContain('采购项目');
    }
  });

  it('writes tab rows like a Word export: spans leave empty cells', () => {
    const r = sample('2019', 12);
    const lines = renderReport(r, 'tab', mulberry32(2)).split('\n');
    expect(lines).toContain('第二十条第（一）项\t\t\t');
    const recv = lines.find((l) => /^一、本年新收(到)?政府信息公开申请数量/.test(l))!;
    expect(recv.split('\t').slice(3)).toEqual(APPLY_COL_ORDER.map((c) => String(r.facts[`apply.received.${c}`])));
    const review = lines.find((l) => /^[-\d]+(\t[-\d]+){14}$/.test(l))!;
    expect(review.split('\t').map(Number)).toEqual(
      REVIEW_GROUPS.flatMap((g) =>
        ['upheld', 'corrected', 'other', 'pending', 'total'].map((c) => r.facts[`${g.prefix}.${c}`]),
      ),
    );
  });

  it('glues table-A rows only when every value is a single digit', () => {
    let glued = 0;
    let kept = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const r = sample(seed % 2 ? '2019' : '2021', seed, seed % 3 ? 'quiet' : 'busy');
      const text = renderReport(r, 'glued', mulberry32(seed));
      const rules = ['made', 'published', 'total', 'issued', 'repealed', 'in_force']
        .map((c) => r.facts[`active.rules.${c}`])
        .filter((n) => n !== undefined);
      const line = text.split('\n').find((l) => l.startsWith('规章'))!;
      if (rules.every((n) => n >= 0 && n <= 9)) {
        expect(line).toBe(`规章${rules.join('')}`);
        glued++;
      } else {
        expect(line).toBe(['规章', ...rules].join('\t'));
        kept++;
      }
      // Table-B rows keep their tabs.
      expect(text).toMatch(/^一、本年新收(到)?政府信息公开申请数量\t/m);
    }
    expect(glued).toBeGreaterThan(0);
    expect(kept).toBeGreaterThan(0);
  });

  it('breaks table B across pages with a page number, repeated header and a stray fragment', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const text = renderReport(sample('2021', seed), 'split-page', mulberry32(seed));
      const lines = text.split('\n');
      const notes = lines.filter((l) => l.includes('本列数据的勾稽关系'));
      expect(notes).toHaveLength(2);
      const between = lines.slice(lines.indexOf(notes[0]), lines.indexOf(notes[1], lines.indexOf(notes[0]) + 1));
      expect(between.some((l) => /^- \d -$/.test(l))).toBe(true);
      // The stray fragment: 1–2 characters and tabs, right after the repeated header.
      const after = lines.slice(lines.lastIndexOf(notes[1]));
      expect(after[3]).toMatch(/^[^\t\d]{1,2}\t+$/);
    }
  });

  it('lays cells out one per line and one per paragraph', () => {
    const r = sample('2019', 21);
    const perLine = renderReport(r, 'cell-per-line', mulberry32(3)).trimEnd().split('\n');
    expect(perLine).not.toContain('');
    expect(perLine.some((l) => l.includes('\t'))).toBe(false);
    expect(perLine).toContain('信息内容');
    const perPara = renderReport(r, 'cell-per-paragraph', mulberry32(3));
    expect(perPara).toMatch(/\n\t规章\n\t\d+\n\t\d+\n\t\d+\n\n/);
    expect(perPara).toMatch(/\n\t\n\t（|\n\t\n\t\(/); // vertical-span continuation cell
  });

  it('writes pipe rows with filler for spans', () => {
    const text = renderReport(sample('2021', 5), 'pipe', mulberry32(5));
    expect(text).toContain('| 第二十条第（一）项 ||||');
    expect(text).toMatch(/^\| --- \|/m);
    expect(text).toMatch(/^\| 一、本年新收(到)?政府信息公开申请数量 \|\|\| \d+ \|/m);
  });

  it('writes a whole web page with spans, <br /> headers, &nbsp; blanks and page furniture', () => {
    const pages = Array.from({ length: 12 }, (_, i) => renderReport(sample('2019', i), 'html', mulberry32(i)));
    for (const page of pages) {
      expect(page).toMatch(/^<!DOCTYPE html>/);
      expect(page).toMatch(/<table[^>]*>/);
      expect(page).toMatch(/rowspan="\d+"/);
      expect(page).toMatch(/colspan="\d+"/);
      for (const s of ['打印', '字体：', '>大</a>', '>中</a>', '>小</a>', '门户网站']) expect(page).toContain(s);
      expect(page.match(/<table/g)).toHaveLength(3);
    }
    expect(pages.some((p) => p.includes('<br />'))).toBe(true);
    expect(pages.some((p) => p.includes('&nbsp;'))).toBe(true);
  });

  it('is deterministic without an rng', () => {
    const r = sample('2021', 8);
    expect(renderReport(r, 'tab')).toBe(renderReport(r, 'tab'));
  });
});

describe('generateCorpus', () => {
  const items = [...generateCorpus(140, 2024)];

  it('spreads reports over layouts, formats and years 2019–2024 with unique names', () => {
    expect(new Set(items.map((i) => i.name)).size).toBe(items.length);
    for (const layout of LAYOUTS) expect(items.filter((i) => i.layout === layout)).toHaveLength(20);
    const years = new Set(items.map((i) => i.truth.year));
    expect([...years].sort()).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
    for (const i of items) {
      if (i.truth.year <= 2020) expect(i.truth.format).toBe('2019');
      expect(i.name.endsWith(i.layout === 'html' ? '.html' : '.txt')).toBe(true);
      expect(brokenChecks(i.truth.facts, i.truth.format)).toEqual([]);
    }
    expect(items.some((i) => i.truth.year >= 2021 && i.truth.format === '2019')).toBe(true);
    expect(items.some((i) => i.profile === 'busy')).toBe(true);
  });

  it('repeats short names across regions and offices across years, never the same office-year twice', () => {
    const byName = new Map<string, Set<string>>();
    const pairs = new Set<string>();
    for (const i of items) {
      const short = i.name.replace(/^\d+_/, '').replace(/-\d{4}\.\w+$/, '');
      byName.set(short, (byName.get(short) ?? new Set()).add(i.truth.region));
      const key = `${i.truth.office}|${i.truth.region}|${i.truth.year}`;
      expect(pairs.has(key)).toBe(false);
      pairs.add(key);
    }
    expect([...byName.values()].some((s) => s.size >= 2)).toBe(true);
    const officeYears = new Map<string, number>();
    for (const i of items)
      officeYears.set(
        `${i.truth.office}|${i.truth.region}`,
        (officeYears.get(`${i.truth.office}|${i.truth.region}`) ?? 0) + 1,
      );
    expect(Math.max(...officeYears.values())).toBeGreaterThanOrEqual(2);
  });

  it('is deterministic from the seed', () => {
    const again = [...generateCorpus(10, 2024)];
    expect(again.map((i) => i.text)).toEqual(items.slice(0, 10).map((i) => i.text));
  });
});

describe('fully glued layouts', () => {
  it('keep the facts consistent: glued facts pass every check, single digits in table A rows of several columns when unique', () => {
    for (const format of FORMATS) {
      for (let seed = 1; seed <= 30; seed++) {
        for (const split of ['unique', 'ambiguous'] as const) {
          const { facts, ambiguous } = gluedFacts(mulberry32(seed), {
            format,
            profile: seed % 3 ? 'quiet' : 'busy',
            split,
          });
          expect(brokenChecks(facts, format)).toEqual([]);
          expect(Object.keys(facts).sort()).toEqual([...tableIds(format), 'active.items'].sort());
          if (split === 'unique') {
            expect(ambiguous).toEqual([]);
            // A row without sums is forced only when each of its cells is one digit.
            for (const block of ACTIVE_BLOCKS[format].filter((b) => b.cols.length > 1)) {
              for (const row of block.rows)
                for (const c of block.cols)
                  expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], `active.${row}.${c}`).toContain(facts[`active.${row}.${c}`]);
            }
          } else expect(ambiguous.length).toBeGreaterThan(0);
        }
      }
    }
  });

  it('print the title, the six parts and the date, and no separator inside any table (rows, or each table on one line)', () => {
    for (const layout of GLUED_LAYOUTS) {
      for (const format of FORMATS) {
        const report = { ...sample(format, 3), facts: gluedFacts(mulberry32(3), { format, split: 'unique' }).facts };
        const text = renderReport({ ...report, date: `${report.year + 1}-01-20` }, layout, mulberry32(3));
        expect(text).toMatch(new RegExp(`${report.office} ?${report.year}年政府信息公开工作年度报告`));
        for (const heading of [
          '一、总体情况',
          '二、主动公开政府信息情况',
          '三、收到和处理政府信息公开申请情况',
          '四、政府信息公开行政复议、行政诉讼情况',
          '六、其他需要报告的事项',
        ])
          expect(text).toContain(heading);
        expect(text.trimEnd()).toMatch(new RegExp(`${report.year + 1}年1月20日$`));
        expect(text).not.toMatch(/\t|\|/);
        const lines = text.split('\n');
        // Table A's blocks and table B's rows: on one line each, or all on one line.
        const blocks = lines.filter((l) => l.includes('第二十条'));
        const rows = lines.filter((l) => /本年新收|予以公开|结转下年度/.test(l) && /\d{7}/.test(l));
        expect(blocks).toHaveLength(layout === 'glued-line' ? 1 : ACTIVE_BLOCKS[format].length);
        expect(rows).toHaveLength(layout === 'glued-line' ? 1 : 3);
      }
    }
  });
});
