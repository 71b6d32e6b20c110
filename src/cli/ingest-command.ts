// `nianbao ingest PATH… --data DIR`: one Chinese line per file, a summary, and
// a progress line on stderr when there are many files. The work is src/app/ingest.ts.
import { identityFromFlags, originNotes, type IdentityFlags } from './parse-command.js';
import { loadConfig } from '../config/load.js';
import type { IngestProgress, IngestResult } from '../ingest/index.js';
import { ingestIntoData } from '../app/ingest.js';
import { StoreOpenError } from '../app/open-store.js';
import type { FiledOrigin } from '../store/index.js';

export interface CommandIO {
  out: (line: string) => void;
  err: (text: string) => void;
  /** Whether stderr is a terminal (progress redrawn in place with \r). */
  errIsTTY: boolean;
}

const processIO = (): CommandIO => ({
  out: (line) => process.stdout.write(`${line}\n`),
  err: (text) => process.stderr.write(text),
  errIsTTY: Boolean(process.stderr.isTTY),
});

/** Progress is shown only from this many files on. */
export const PROGRESS_MIN_FILES = 20;
/** Without a terminal, one progress line every this many files. */
export const PROGRESS_EVERY = 50;

/** What ingest supplied for a file: a manifest row, the folder, the registry. */
export function filedNotes(f: FiledOrigin | undefined): string[] {
  if (!f) return [];
  const notes: string[] = [];
  const was = (v: string | number | undefined, unit = '') => (v !== undefined ? `（原识别为“${v}${unit}”）` : '');
  if (f.office?.from === 'manifest') notes.push(`单位名称按清单指定${was(f.office.replaced)}`);
  if (f.year?.from === 'manifest') notes.push(`年度按清单指定${was(f.year.replaced, ' 年')}`);
  const r = f.region;
  if (r?.from === 'manifest')
    notes.push(`地区“${r.value}”取自清单 ${r.source ?? ''}${was(r.replaced)}`.replace(' （', '（'));
  if (r?.from === 'folder') notes.push(`地区“${r.value}”取自所在文件夹，报告正文没有写明`);
  if (r?.from === 'registry') notes.push(`地区“${r.value}”取自登记表（${r.source ?? ''}），报告正文没有写明`);
  return notes;
}

/** The conflict, as the issue words it: both kept, and how to tell them apart. */
export function conflictNote(r: IngestResult): string {
  if (r.status !== 'conflict' || !r.conflictWith) return '';
  const w = r.conflictWith;
  return `；同名单位冲突：${w.office} ${w.year} 年度已有一份内容不同的报告，两份都已保留，请用 --region 或登记表指明各自地区（已有的一份：${w.file}）`;
}

function about(r: IngestResult): string {
  const notes = [...originNotes(r.origin), ...filedNotes(r.filed), ...(r.warnings ?? [])];
  const tail = notes.length ? `；${notes.join('；')}` : '';
  if (r.office && r.year !== undefined) return `（${r.office}，${r.year} 年度${tail}）`;
  if (r.office) return `（${r.office}${tail}）`;
  return notes.length ? `（${notes.join('；')}）` : '';
}

/** "原版本核查通过，新版本有 3 项未通过": said whenever either version fails a check. */
function checksNote(c: { before: number; after: number } | undefined): string {
  if (!c || (c.before === 0 && c.after === 0)) return '';
  const side = (name: string, n: number) => (n === 0 ? `${name}核查通过` : `${name}有 ${n} 项未通过`);
  return `；替换了原有版本：${side('原版本', c.before)}，${side('新版本', c.after)}`;
}

/** The line printed for one file. */
export function formatResult(r: IngestResult): string {
  switch (r.status) {
    case 'added':
      return `已导入：${r.file}${about(r)}`;
    case 'unchanged':
      return `未变化：${r.file}${about(r)}${r.assigned ? `；已按指定的地区归入“${r.assigned.region}”的同名单位` : ''}`;
    case 'replaced':
      return `已替换旧版本：${r.file}${about(r)}${checksNote(r.replacedChecks)}`;
    case 'conflict':
      return `已导入（同名冲突）：${r.file}${about(r)}${conflictNote(r)}`;
    case 'failed':
      return `失败：${r.file}：${r.reason ?? '原因不明'}`;
    case 'skipped':
      return `跳过：${r.file}：${r.reason ?? '不支持的文件'}`;
  }
}

export function summarize(results: IngestResult[]): string {
  const n = (s: IngestResult['status']) => results.filter((r) => r.status === s).length;
  const replaced = n('replaced');
  const conflicts = n('conflict');
  let line = `导入 ${n('added') + replaced + conflicts} 份，未变化 ${n('unchanged')} 份，失败 ${n('failed')} 份`;
  if (replaced > 0) line += `（导入的其中 ${replaced} 份替换了旧版本）`;
  if (conflicts > 0) {
    line += `；同名单位冲突 ${conflicts} 份：与已有的同名单位同年度报告内容不同，两份都已保留，请用 --region 或登记表指明各自地区（nianbao offices --conflicts 列出全部，nianbao assign 文件 --region 地区 逐个指明）`;
  }
  if (n('skipped') > 0) line += `；跳过 ${n('skipped')} 个不支持的文件`;
  return line;
}

export function exitCode(results: IngestResult[]): number {
  return results.some((r) => r.status === 'failed') ? 1 : 0;
}

export async function runIngest(
  paths: string[],
  opts: { data: string; json?: boolean; config?: string; regionFromFolder?: boolean; jobs?: string } & IdentityFlags,
  io: CommandIO = processIO(),
): Promise<number> {
  const identity = identityFromFlags(opts);
  if ('error' in identity) {
    io.err(`${identity.error}\n`);
    return 2;
  }
  const jobs = opts.jobs === undefined ? undefined : Number(opts.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 0 && jobs <= 64)) {
    io.err(`--jobs 应为 0 到 64 之间的整数（收到 ${opts.jobs}）\n`);
    return 2;
  }
  // The registry's entries claim region-less reports by name; a wrong configuration is said up front.
  let config: Awaited<ReturnType<typeof loadConfig>>;
  try {
    config = await loadConfig({ configPath: opts.config });
  } catch (err) {
    io.err(`${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  let progressShown = false;
  const clearProgress = () => {
    if (progressShown && io.errIsTTY) io.err('\r\x1b[K');
    progressShown = false;
  };
  const onProgress = (p: IngestProgress) => {
    if (p.total < PROGRESS_MIN_FILES) return;
    if (io.errIsTTY) {
      io.err(`\r\x1b[K已处理 ${p.done}/${p.total} 个文件`);
      progressShown = true;
    } else if (p.done % PROGRESS_EVERY === 0 || p.done === p.total) {
      io.err(`已处理 ${p.done}/${p.total} 个文件\n`);
    }
  };
  let run: Awaited<ReturnType<typeof ingestIntoData>>;
  try {
    run = await ingestIntoData(opts.data, paths, {
      identity: identity.options,
      regionFromFolder: opts.regionFromFolder ?? false,
      ...(jobs !== undefined ? { readThreads: jobs } : {}),
      registry: config.offices ?? [],
      llm: config.llm,
      store: config.store,
      onProgress,
      onIndexProgress: onProgress,
      // each file's line is printed as soon as it is done, above the progress line
      onResult: opts.json
        ? undefined
        : (r) => {
            clearProgress();
            io.out(formatResult(r));
          },
    });
  } catch (err) {
    // The configured database cannot be reached: said once, in Chinese, without its password.
    if (!(err instanceof StoreOpenError)) throw err;
    clearProgress();
    io.err(`${err.message}\n`);
    return 2;
  }
  const { results, indexError } = run;
  clearProgress();
  if (indexError) io.err(`全文检索索引未能更新（数字问答不受影响，下次启动时会补上）：${indexError}\n`);
  if (opts.json) {
    io.out(JSON.stringify(results, null, 2));
  } else {
    if (results.length === 0) io.out('没有找到可导入的文件（支持 txt、html、htm、pdf、docx）');
    io.out(summarize(results));
  }
  return exitCode(results);
}
