// `nianbao parse FILE…` and `nianbao check FILE…`: read files, parse, print.
import path from 'node:path';
import { extractText } from '../extract/index.js';
import { parseReport, type ParseOptions, type ParsedReport } from '../parse/index.js';
import type { ReportOrigin } from '../parse/types.js';
import { formatFindings, FINDING_NAMES } from '../parse/findings-text.js';

interface Parsed {
  file: string;
  report?: ParsedReport;
  error?: string;
}

/** --office/--region/--year as the command line gives them. */
export interface IdentityFlags {
  office?: string;
  region?: string;
  year?: string;
}

export type IdentityOptions = Pick<ParseOptions, 'office' | 'region' | 'year'>;

/** The flags checked and typed, or a Chinese message that says what is wrong. */
export function identityFromFlags(flags: IdentityFlags): { options: IdentityOptions } | { error: string } {
  const options: IdentityOptions = {};
  for (const key of ['office', 'region'] as const) {
    const v = flags[key]?.trim();
    if (flags[key] !== undefined && !v)
      return {
        error: `--${key} 后面需要写${key === 'office' ? '单位全称' : '地区名称'}，例如 --${key} ${key === 'office' ? '青禾县水利局' : '河南省洛阳市'}`,
      };
    if (v) options[key] = v;
  }
  if (flags.year !== undefined) {
    const y = flags.year.trim();
    if (!/^(?:19|20)\d{2}$/.test(y))
      return { error: `--year 需要一个四位年份（报告所涵盖的年度，如 2023），收到的是“${flags.year}”` };
    options.year = Number(y);
  }
  return { options };
}

async function parseFiles(files: string[], identity: IdentityOptions = {}): Promise<Parsed[]> {
  const out: Parsed[] = [];
  for (const file of files) {
    try {
      const { text, warnings } = await extractText(file);
      for (const w of warnings ?? []) console.error(`提示：${file}：${w}`);
      out.push({ file, report: parseReport(text, { file, ...identity }) });
    } catch (err) {
      out.push({ file, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return out;
}

/** The spec's shape first (file, office, year, format, facts, approximate, findings), extras after. */
function toJson(r: ParsedReport): object {
  const { file, office, year, format, facts, approximate, findings, ...extras } = r;
  return { file, office, year, format, facts, approximate, findings, ...extras };
}

export async function runParse(files: string[], opts: { json?: boolean } & IdentityFlags): Promise<number> {
  const identity = identityFromFlags(opts);
  if ('error' in identity) {
    console.error(identity.error);
    return 2;
  }
  const results = await parseFiles(files, identity.options);
  for (const r of results) if (r.error) console.error(`无法读取 ${r.file}：${r.error}`);
  const ok = results.filter((r) => r.report).map((r) => r.report!);
  if (opts.json) {
    const objs = ok.map(toJson);
    process.stdout.write(`${JSON.stringify(files.length === 1 ? (objs[0] ?? null) : objs, null, 2)}\n`);
  } else {
    for (const r of ok) console.log(summary(r));
  }
  return results.some((r) => r.error) ? 1 : 0;
}

export async function runCheck(files: string[], opts: { json?: boolean } & IdentityFlags): Promise<number> {
  const identity = identityFromFlags(opts);
  if ('error' in identity) {
    console.error(identity.error);
    return 2;
  }
  const results = await parseFiles(files, identity.options);
  let problems = 0;
  if (opts.json) {
    const out = results.map((r) =>
      r.report
        ? {
            file: r.file,
            office: r.report.office,
            year: r.report.year,
            origin: r.report.origin,
            findings: r.report.findings,
          }
        : { file: r.file, error: r.error },
    );
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  }
  for (const r of results) {
    if (!r.report) {
      if (!opts.json) console.log(`✗ ${r.file}\n  无法读取：${r.error}\n`);
      problems++;
      continue;
    }
    problems += r.report.findings.filter((f) => f.severity !== 'info').length;
    if (!opts.json)
      console.log(
        [
          heading(r.report),
          ...identityNotes(r.report).map((n) => `  ${n}`),
          formatFindings(r.report.findings, '  '),
          '',
        ].join('\n'),
      );
  }
  if (!opts.json && results.length > 1) {
    console.log(`共核查 ${results.length} 份报告，发现 ${problems} 项问题。`);
  }
  return results.some((r) => r.error) ? 1 : 0;
}

function heading(r: ParsedReport): string {
  const who = r.office ?? '（未识别单位）';
  const year = r.year ? `${r.year}年度` : '（年度未识别）';
  const format = r.format ? `${r.format}版表格` : '未识别表格格式';
  return `${path.basename(r.file ?? '')} — ${who} ${year}（${format}）`;
}

const OFFICE_FROM: Record<string, string> = {
  filename: '单位名称取自文件名，报告正文没有写明',
  option: '单位名称按 --office 指定',
  metadata: '单位名称取自网页的发布机构/来源',
  signature: '单位名称取自落款',
  prose: '单位名称取自正文',
};
const YEAR_FROM: Record<string, string> = {
  filename: '年度取自文件名，报告正文没有写明',
  option: '年度按 --year 指定',
  period: '年度取自统计期限',
  prose: '年度取自正文',
};

/** Where office, year and region came from when not the title (nothing to say for a title). */
export function originNotes(o: ReportOrigin | undefined): string[] {
  const notes: string[] = [];
  const office = o?.office ? OFFICE_FROM[o.office.from] : undefined;
  if (office) notes.push(o?.office?.replaced !== undefined ? `${office}（原识别为“${o.office.replaced}”）` : office);
  const year = o?.year ? YEAR_FROM[o.year.from] : undefined;
  if (year) notes.push(o?.year?.replaced !== undefined ? `${year}（原识别为 ${o.year.replaced} 年）` : year);
  if (o?.region?.from === 'option')
    notes.push(
      o.region.replaced !== undefined
        ? `地区按 --region 指定（原识别为“${o.region.replaced}”）`
        : '地区按 --region 指定',
    );
  return notes;
}

/** Where office and year came from, and how to supply what is missing. */
export function identityNotes(r: ParsedReport): string[] {
  const notes = originNotes(r.origin);
  if (!r.office) notes.push('报告中没有找到单位名称：请用 --office 单位全称 指定（可加 --region 所在地区）');
  if (r.year === null) notes.push('报告中没有找到报告年度：请用 --year 年份 指定（如 2023）');
  return notes;
}

function summary(r: ParsedReport): string {
  const f = r.facts;
  const n = (id: string) => (f[id] === undefined ? '—' : f[id] === null ? '空' : String(f[id]));
  const lines = [
    heading(r),
    `  地区：${r.region ?? '未写明'}；类型：${r.kind ?? '未知'}；简称：${r.aliases.slice(1).join('、') || '无'}`,
    `  读取数据 ${Object.keys(f).length} 项${r.incomplete ? '（文本不完整）' : ''}；落款日期：${r.date ?? '未写明'}`,
    `  主动公开信息 ${n('active.items')} 条${r.approximate.includes('active.items') ? '（约数）' : ''}；新收申请 ${n('apply.received.total')} 件；办理结果总计 ${n('apply.handled.total')} 件；行政复议 ${n('review.total')} 件；行政诉讼 ${n('litigation.direct.total')} + ${n('litigation.after_review.total')} 件`,
    ...identityNotes(r).map((n) => `  ${n}`),
    r.findings.length
      ? `  核查发现 ${r.findings.length} 项问题：${[...new Set(r.findings.map((x) => FINDING_NAMES[x.code]))].join('、')}（用 check 命令查看详情）`
      : '  核查：未发现问题',
  ];
  return lines.join('\n');
}
