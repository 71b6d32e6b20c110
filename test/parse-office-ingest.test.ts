// `ingest` and `parse` when the text does not say whose report it is: the refusal
// says what is missing and how to supply it; --office/--year supply it, and the
// output line says so; a file name that names an office is the last resort, said
// so too; replacing a report that passed its checks with one that fails them is said.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { identityFromFlags } from '../src/cli/parse-command.js';
import { formatResult, runIngest, type CommandIO } from '../src/cli/ingest-command.js';
import { ingestPaths } from '../src/ingest/index.js';
import { openStore } from '../src/store/index.js';
import { report2021, TITLE } from './helpers/report-2021.js';

function capture() {
  const out: string[] = [];
  let err = '';
  const io: CommandIO = { out: (l) => out.push(l), err: (t) => (err += t), errIsTTY: false };
  return { io, out, err: () => err };
}

// A complete 2021-format report whose text names neither office nor year:
// no title, a signature line removed, and the opening sentence says only 我镇.
const anonymous = () =>
  report2021()
    .replace(`${TITLE}\n`, '')
    .replace('2022年，某某镇认真贯彻', '我镇认真贯彻')
    .replace('某某县某某镇人民政府\n2023年1月18日', '');

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-office-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('a report that does not say whose or which year', () => {
  it('is refused with what is missing and how to supply it, in Chinese', async () => {
    const file = path.join(tmp, '年报.txt');
    writeFileSync(file, anonymous());
    const c = capture();
    expect(await runIngest([file], { data: path.join(tmp, 'data') }, c.io)).toBe(1);
    const line = c.out[0];
    expect(line).toMatch(/^失败：.*年报\.txt：报告中没有找到单位名称和报告年度/);
    expect(line).toContain('--office 单位全称');
    expect(line).toContain('--year 年份');
  });

  it('only the year missing: says so, and only that', async () => {
    const file = path.join(tmp, '年报.txt');
    writeFileSync(file, anonymous().replace('一、总体情况', '某某县某某镇人民政府\n一、总体情况'));
    const store = openStore(path.join(tmp, 'data'));
    try {
      const [r] = await ingestPaths([file], { store });
      expect(r.status).toBe('failed');
      expect(r.reason).toMatch(/^报告中没有找到报告年度/);
      expect(r.reason).toContain('--year');
      expect(r.reason).not.toContain('--office');
    } finally {
      store.close();
    }
  });

  it('--office and --year supply them; the line says they were supplied', async () => {
    const file = path.join(tmp, '年报.txt');
    writeFileSync(file, anonymous());
    const c = capture();
    const code = await runIngest(
      [file],
      { data: path.join(tmp, 'data'), office: '松岭市河东镇人民政府', region: '某省松岭市', year: '2022' },
      c.io,
    );
    expect(code).toBe(0);
    expect(c.out[0]).toBe(
      `已导入：${file}（松岭市河东镇人民政府，2022 年度；单位名称按 --office 指定；年度按 --year 指定；地区按 --region 指定（原识别为“松岭市”））`,
    );
    const store = openStore(path.join(tmp, 'data'));
    try {
      expect(store.listOffices().map((o) => [o.name, o.region])).toEqual([['松岭市河东镇人民政府', '某省松岭市']]);
    } finally {
      store.close();
    }
  });

  it('a file name that clearly names an office is the last resort, and the line says so', async () => {
    const file = path.join(tmp, '松岭市河东镇-2022.txt');
    writeFileSync(file, anonymous());
    const c = capture();
    expect(await runIngest([file], { data: path.join(tmp, 'data') }, c.io)).toBe(0);
    expect(c.out[0]).toContain(
      '（松岭市河东镇，2022 年度；单位名称取自文件名，报告正文没有写明；年度取自文件名，报告正文没有写明）',
    );
  });

  it('--office or --year with more than one file is refused for every file: a name is never put on another report', async () => {
    for (const name of ['a.txt', 'b.txt']) writeFileSync(path.join(tmp, name), anonymous());
    const c = capture();
    expect(
      await runIngest(
        [path.join(tmp, 'a.txt'), path.join(tmp, 'b.txt')],
        { data: path.join(tmp, 'data'), office: '松岭市河东镇人民政府' },
        c.io,
      ),
    ).toBe(1);
    expect(
      c.out.slice(0, 2).every((l) => l.startsWith('失败：') && l.includes('一次只能导入一个文件（这里有 2 个）')),
    ).toBe(true);
  });

  it('bad flags are refused before anything is read', async () => {
    expect(identityFromFlags({ year: '22' })).toEqual({ error: expect.stringContaining('--year 需要一个四位年份') });
    expect(identityFromFlags({ office: '  ' })).toEqual({
      error: expect.stringContaining('--office 后面需要写单位全称'),
    });
    expect(identityFromFlags({ office: ' 松岭市林业局 ', year: '2021' })).toEqual({
      options: { office: '松岭市林业局', year: 2021 },
    });
    const c = capture();
    expect(await runIngest([tmp], { data: path.join(tmp, 'data'), year: 'last' }, c.io)).toBe(2);
    expect(c.err()).toContain('--year');
    expect(c.out).toEqual([]);
  });
});

describe('replacing a report', () => {
  const seed = path.resolve(import.meta.dirname, '../corpus/2020/城郊街道-2020.txt');

  it('that passed its checks with one that fails them says so in its line', async () => {
    const data = path.join(tmp, 'data');
    // The same file re-issued: 城郊街道's text names no county, so only that makes it a new version (issue 15).
    const first = path.join(tmp, 'v1', '城郊街道-2020.txt');
    const second = first;
    mkdirSync(path.dirname(first), { recursive: true });
    copyFileSync(seed, first);
    // The second version drops part 六 (its heading and text): a missing part, one failed check.
    const text = readFileSync(seed, 'utf8');
    const cut = text.slice(0, text.indexOf('六、其他需要报告的事项'));
    const c1 = capture();
    await runIngest([first], { data }, c1.io);
    expect(c1.out[0]).toMatch(/^已导入：/);
    writeFileSync(second, cut);
    const c2 = capture();
    await runIngest([second], { data }, c2.io);
    expect(c2.out[0]).toMatch(
      /^已替换旧版本：.*（城郊街道，2020 年度）；替换了原有版本：原版本核查通过，新版本有 1 项未通过$/,
    );
  });

  it('formats both directions, and says nothing extra when both pass', () => {
    const base = { file: 'a.txt', status: 'replaced' as const, office: '城郊街道', year: 2020 };
    expect(formatResult({ ...base, replacedChecks: { before: 2, after: 0 } })).toBe(
      '已替换旧版本：a.txt（城郊街道，2020 年度）；替换了原有版本：原版本有 2 项未通过，新版本核查通过',
    );
    expect(formatResult({ ...base, replacedChecks: { before: 0, after: 0 } })).toBe(
      '已替换旧版本：a.txt（城郊街道，2020 年度）',
    );
  });
});
