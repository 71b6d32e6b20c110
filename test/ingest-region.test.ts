// Where a report's region comes from at ingest, each recorded in its origin and said
// in its line: the text, --region, a manifest row or a manifest's folder-wide region,
// the folders above the file (--region-from-folder), the registry. And two copies of
// one year under a name no region tells apart: a conflict, both kept, said in the
// words the issue gives. The fixture is the bundled 城关镇 report (its text names
// only 洛阳市, which holds several 城关镇), and a copy that names no place at all.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatResult, summarize } from '../src/cli/ingest-command.js';
import { ingestPaths, type IngestOptions } from '../src/ingest/index.js';
import { parseReport } from '../src/parse/index.js';
import { openStore, type Store } from '../src/store/index.js';

const ORIGINAL = readFileSync(path.resolve(import.meta.dirname, '../corpus/2020/城关镇-2020.txt'), 'utf8');
/** The same report with its only place name taken out. */
const BARE = ORIGINAL.replace('洛阳市人民政府办公室', '市人民政府办公室');
/** Another office's report of the same name and year: one cell differs (规章 本年新制作数量 0 → n). */
const other = (text: string, n: number) => text.replace(/^规章\t0\t/m, `规章\t${n}\t`);

let tmp: string;
let store: Store;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-region-'));
  store = openStore(':memory:');
});
afterEach(() => {
  store.close();
  rmSync(tmp, { recursive: true, force: true });
});

function put(rel: string, text: string): string {
  const file = path.join(tmp, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

async function ingestOne(rel: string, text: string, opts: Partial<IngestOptions> = {}) {
  const file = put(rel, text);
  const [r] = await ingestPaths([file], { store, ...opts });
  return { r, report: r.reportId ? store.getReport(r.reportId)! : null };
}

describe('the fixture', () => {
  it('names 洛阳市 only, and its copy no place at all', () => {
    expect(parseReport(ORIGINAL).region).toBe('洛阳市');
    expect(parseReport(BARE)).toMatchObject({ office: '城关镇人民政府', year: 2020, region: null });
    expect(other(BARE, 3)).not.toBe(BARE);
  });
});

describe('where the region comes from', () => {
  it('the text', async () => {
    const { report } = await ingestOne('a/城关镇-2020.txt', ORIGINAL);
    expect(report!.office.region).toBe('洛阳市');
    expect(report!.origin.region).toEqual({ from: 'text', value: '洛阳市' });
  });

  it('--region, over the text, saying what it replaced', async () => {
    const { r, report } = await ingestOne('a/城关镇-2020.txt', ORIGINAL, { identity: { region: '河南省洛阳市嵩县' } });
    expect(report!.office.region).toBe('河南省洛阳市嵩县');
    expect(report!.origin.region).toEqual({ from: 'option', value: '河南省洛阳市嵩县', replaced: '洛阳市' });
    expect(formatResult(r)).toContain('地区按 --region 指定（原识别为“洛阳市”）');
  });

  it("a manifest row (nianbao.yaml beside the file), as that file's own --region", async () => {
    put('in/nianbao.yaml', 'files:\n  城关镇-2020.txt: { region: 河南省洛阳市宜阳县 }\n');
    const { r, report } = await ingestOne('in/城关镇-2020.txt', BARE);
    expect(report!.office.region).toBe('河南省洛阳市宜阳县');
    expect(report!.origin.region).toMatchObject({
      from: 'manifest',
      value: '河南省洛阳市宜阳县',
      source: path.join(tmp, 'in/nianbao.yaml'),
    });
    expect(formatResult(r)).toContain('地区“河南省洛阳市宜阳县”取自清单');
  });

  it('a CSV manifest row gives office and year too, recorded as the manifest', async () => {
    put('in/nianbao.csv', '文件,单位,地区,年度\n城关镇-2020.txt,宜阳县城关镇人民政府,河南省洛阳市宜阳县,2020\n');
    const { r, report } = await ingestOne('in/城关镇-2020.txt', BARE);
    expect(report).toMatchObject({ officeName: '宜阳县城关镇人民政府', year: 2020 });
    expect(report!.office.region).toBe('河南省洛阳市宜阳县');
    expect(report!.origin.office).toMatchObject({ from: 'manifest', replaced: '城关镇人民政府' });
    expect(formatResult(r)).toContain('单位名称按清单指定（原识别为“城关镇人民政府”）');
  });

  it("a manifest's folder-wide region fills what the text leaves out", async () => {
    put('in/nianbao.yaml', 'region: 河南省洛阳市嵩县\n');
    const { report } = await ingestOne('in/城关镇-2020.txt', BARE);
    expect(report!.origin.region).toMatchObject({ from: 'manifest', value: '河南省洛阳市嵩县' });
  });

  it('the folders above the file, only when asked (--region-from-folder)', async () => {
    const rel = '河南省/洛阳市/嵩县/城关镇-2020.txt';
    const { r, report } = await ingestOne(rel, BARE, { regionFromFolder: true });
    expect(report!.origin.region).toEqual({ from: 'folder', value: '河南省洛阳市嵩县' });
    expect(formatResult(r)).toContain('地区“河南省洛阳市嵩县”取自所在文件夹');
    // the text's 洛阳市 is too broad for a township: the folder makes it precise, as it agrees
    const refined = await ingestOne('河南省/洛阳市/宜阳县/城关镇-2020.txt', ORIGINAL, { regionFromFolder: true });
    expect(refined.report!.origin.region).toEqual({ from: 'folder', value: '河南省洛阳市宜阳县' });
    // a folder that contradicts the text is not taken
    const elsewhere = await ingestOne('甘肃省/兰州市/城关区/城关镇-2020.txt', other(ORIGINAL, 7), {
      regionFromFolder: true,
    });
    expect(elsewhere.report!.origin.region).toEqual({ from: 'text', value: '洛阳市' });
  });

  it('not from the folder when not asked', async () => {
    const { report } = await ingestOne('河南省/洛阳市/嵩县/城关镇-2020.txt', BARE);
    expect(report!.origin.region).toBeNull();
  });

  it('the registry: an entry of that name with a region claims it', async () => {
    const registry = [{ name: '城关镇人民政府', region: '河南省洛阳市', aliases: ['城关镇'] }];
    const { r, report } = await ingestOne('in/城关镇-2020.txt', BARE, { registry });
    expect(report!.origin.region).toEqual({ from: 'registry', value: '河南省洛阳市', source: '城关镇人民政府' });
    expect(formatResult(r)).toContain('地区“河南省洛阳市”取自登记表（城关镇人民政府）');
    // two entries that could claim it claim nothing
    const two = [...registry, { name: '嵩县城关镇人民政府', region: '河南省洛阳市嵩县' }];
    const none = await ingestOne('in2/城关镇-2020.txt', other(BARE, 2), { registry: two });
    expect(none.report!.origin.region).toBeNull();
  });
});

describe('two reports of one year under a bare name', () => {
  it('are a conflict: both kept, the line and the summary say so', async () => {
    const a = put('a/城关镇-2020.txt', ORIGINAL);
    const b = put('b/城关镇-2020.txt', other(ORIGINAL, 3));
    const results = await ingestPaths([path.join(tmp, 'a'), path.join(tmp, 'b')], { store });
    expect(results.map((r) => r.status)).toEqual(['added', 'conflict']);
    expect(results[1].conflictWith).toEqual({ file: a, office: '城关镇人民政府', year: 2020 });
    const line = formatResult(results[1]);
    expect(line.startsWith(`已导入（同名冲突）：${b}`)).toBe(true);
    expect(line).toContain(
      '同名单位冲突：城关镇人民政府 2020 年度已有一份内容不同的报告，两份都已保留，请用 --region 或登记表指明各自地区',
    );
    expect(summarize(results)).toContain('导入 2 份，未变化 0 份，失败 0 份；同名单位冲突 1 份');
    expect(store.counts()).toMatchObject({ current: 2, reports: 2 });
    expect(
      store
        .factValues('active.rules.made', 2020)
        .map((v) => v.value)
        .sort(),
    ).toEqual([0, 3]);
  });

  it('with a region each from the folders, are two offices and no conflict', async () => {
    put('河南省/洛阳市/嵩县/城关镇-2020.txt', BARE);
    put('河南省/洛阳市/宜阳县/城关镇-2020.txt', other(BARE, 3));
    const results = await ingestPaths([tmp], { store, regionFromFolder: true });
    expect(results.map((r) => r.status)).toEqual(['added', 'added']);
    expect(store.conflicts()).toEqual([]);
    expect(
      store
        .listOffices()
        .map((o) => o.region)
        .sort(),
    ).toEqual(['河南省洛阳市嵩县', '河南省洛阳市宜阳县'].sort());
  });

  it("a manifest written afterwards settles them: ingesting again moves each to its row's region", async () => {
    put('in/a/城关镇-2020.txt', ORIGINAL);
    put('in/b/城关镇-2020.txt', other(ORIGINAL, 3));
    await ingestPaths([path.join(tmp, 'in')], { store });
    expect(store.conflicts()).toHaveLength(1);
    put('in/a/nianbao.csv', 'file,region\n城关镇-2020.txt,河南省洛阳市嵩县\n');
    put('in/b/nianbao.csv', 'file,region\n城关镇-2020.txt,河南省洛阳市宜阳县\n');
    const again = await ingestPaths([path.join(tmp, 'in')], { store });
    expect(again.map((r) => r.status)).toEqual(['unchanged', 'unchanged']);
    expect(formatResult(again[1])).toContain('已按指定的地区归入“河南省洛阳市宜阳县”的同名单位');
    expect(store.conflicts()).toEqual([]);
    expect(
      store
        .listOffices()
        .map((o) => o.region)
        .sort(),
    ).toEqual(['河南省洛阳市嵩县', '河南省洛阳市宜阳县'].sort());
    expect(store.counts()).toMatchObject({ current: 2, reports: 2 });
  });

  it('the same file re-issued is a new version, not a conflict', async () => {
    const file = put('a/城关镇-2020.txt', ORIGINAL);
    await ingestPaths([file], { store });
    writeFileSync(file, other(ORIGINAL, 1));
    const [r] = await ingestPaths([file], { store });
    expect(r.status).toBe('replaced');
    expect(store.counts()).toMatchObject({ current: 1, reports: 2 });
  });
});

describe('manifests', () => {
  it('are read, not listed as files to import; the configuration file is left alone; a bad row is said once', async () => {
    put('in/nianbao.yaml', 'bot:\n  name: 年报助手\n');
    put('in/nianbao.csv', 'file,region,year\n城关镇-2020.txt,河南省洛阳市嵩县,二〇二〇\n');
    put('in/城关镇-2020.txt', BARE);
    const results = await ingestPaths([path.join(tmp, 'in')], { store });
    expect(results.map((r) => r.status)).toEqual(['added']);
    expect(results[0].warnings).toEqual(['清单有误：nianbao.csv 第 2 行：年度应为四位年份，如 2023，写的是“二〇二〇”']);
    expect(store.getReport(results[0].reportId!)!.origin.region).toMatchObject({
      from: 'manifest',
      value: '河南省洛阳市嵩县',
    });
  });
});
