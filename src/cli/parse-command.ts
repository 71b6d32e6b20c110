// `nianbao parse FILE…` and `nianbao check FILE…`: read files, parse, print.
import path from 'node:path';
import { extractText } from '../extract/index.js';
import { parseReport, type ParsedReport } from '../parse/index.js';
import { formatFindings, FINDING_NAMES } from '../parse/findings-text.js';

interface Parsed {
  file: string;
  report?: ParsedReport;
  error?: string;
}

async function parseFiles(files: string[]): Promise<Parsed[]> {
  const out: Parsed[] = [];
  for (const file of files) {
    try {
      const { text } = await extractText(file);
      out.push({ file, report: parseReport(text, { file }) });
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

export async function runParse(files: string[], opts: { json?: boolean }): Promise<number> {
  const results = await parseFiles(files);
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

export async function runCheck(files: string[], opts: { json?: boolean }): Promise<number> {
  const results = await parseFiles(files);
  let problems = 0;
  if (opts.json) {
    const out = results.map((r) => (r.report ? { file: r.file, office: r.report.office, year: r.report.year, findings: r.report.findings } : { file: r.file, error: r.error }));
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  }
  for (const r of results) {
    if (!r.report) {
      if (!opts.json) console.log(`✗ ${r.file}\n  无法读取：${r.error}\n`);
      problems++;
      continue;
    }
    problems += r.report.findings.filter((f) => f.severity !== 'info').length;
    if (!opts.json) console.log(`${heading(r.report)}\n${formatFindings(r.report.findings, '  ')}\n`);
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

function summary(r: ParsedReport): string {
  const f = r.facts;
  const n = (id: string) => (f[id] === undefined ? '—' : f[id] === null ? '空' : String(f[id]));
  const lines = [
    heading(r),
    `  地区：${r.region ?? '未写明'}；类型：${r.kind ?? '未知'}；简称：${r.aliases.slice(1).join('、') || '无'}`,
    `  读取数据 ${Object.keys(f).length} 项${r.incomplete ? '（文本不完整）' : ''}；落款日期：${r.date ?? '未写明'}`,
    `  主动公开信息 ${n('active.items')} 条${r.approximate.includes('active.items') ? '（约数）' : ''}；新收申请 ${n('apply.received.total')} 件；办理结果总计 ${n('apply.handled.total')} 件；行政复议 ${n('review.total')} 件；行政诉讼 ${n('litigation.direct.total')} + ${n('litigation.after_review.total')} 件`,
    r.findings.length ? `  核查发现 ${r.findings.length} 项问题：${[...new Set(r.findings.map((x) => FINDING_NAMES[x.code]))].join('、')}（用 check 命令查看详情）` : '  核查：未发现问题',
  ];
  return lines.join('\n');
}
