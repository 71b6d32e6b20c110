// The options the commands share, and paths as the user meant them: npm scripts run
// in the project folder, so a path the user typed is read from the folder they ran
// the command in (npm passes it as INIT_CWD). A data folder that cannot be used is
// refused here, by name, before anything else happens.
import path from 'node:path';
import { Option } from 'commander';
import { checkDataDir, userCwd } from '../io/index.js';

/** The folder the user ran the command in. */
export const here = userCwd();

/** A path as the user meant it: absolute, from where they were. */
export const abs = (p: string): string => path.resolve(here, p);

/** `--data` and `--config` made absolute; with `need`, the data folder checked first (exits 2 when unusable). */
export function paths<T extends { data?: string; config?: string }>(opts: T, need?: 'read' | 'write'): T {
  const out = {
    ...opts,
    ...(opts.data ? { data: abs(opts.data) } : {}),
    ...(opts.config ? { config: abs(opts.config) } : {}),
  };
  if (need && out.data) {
    const problem = checkDataDir(out.data, need);
    if (problem) {
      console.error(problem);
      process.exit(2);
    }
  }
  return out;
}

export const dataOption = () =>
  new Option(
    '--data <dir>',
    '数据目录（SQLite 数据库、检索索引、日志；配置了 store 或 DATABASE_URL 时数据库在 PostgreSQL）',
  ).default('./data');
export const configOption = () =>
  new Option('--config <file>', '配置文件（YAML）；缺省时读取 ./nianbao.yaml（若存在）');
// What the text lacks (or says wrongly): the office, its region, the report year. Recorded as supplied.
export const officeOption = () => new Option('--office <name>', '单位全称（报告中没有写明或写错时指定）');
export const regionOption = () => new Option('--region <region>', '单位所在地区，如 河南省洛阳市');
export const yearOption = () => new Option('--year <year>', '报告年度（报告所涵盖的年份），如 2023');
// A type only: erased, so declaring the commands never loads the parser.
export type { IdentityFlags } from './parse-command.js';
