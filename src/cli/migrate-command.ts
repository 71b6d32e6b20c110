// `nianbao migrate --from data/ --to postgres://…`: an embedded deployment moved onto the
// PostgreSQL database several bot instances will share (src/app/migrate.ts), and the rows
// of every table printed for both sides. Exit 0: copied, every count equal; 1: refused
// (the target already holds data; --replace) or failed and undone; 2: nothing to copy or
// nowhere to (no database in --from, no or a wrong --to, the server unreachable).
import { loadConfigOrSay } from '../config/load.js';
import { storeUrlProblem } from '../config/store.js';
import { migrateDataToPg, type MigrateRun } from '../app/migrate.js';

export interface MigrateOptions {
  from: string;
  /** The target; by default the configuration's (DATABASE_URL, or `store:` in the file). */
  to?: string;
  config?: string;
  replace?: boolean;
  json?: boolean;
}

export interface MigrateIO {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

const processIO = (): MigrateIO => ({
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});

export async function runMigrate(opts: MigrateOptions, io: MigrateIO = processIO()): Promise<number> {
  let url = opts.to?.trim();
  if (url) {
    const problem = storeUrlProblem(url, false);
    if (problem) {
      io.err(`--to ${problem}`);
      return 2;
    }
  } else {
    const config = await loadConfigOrSay({ configPath: opts.config, env: io.env }, io.err);
    if (!config) return 2;
    url = config.store?.url;
    if (!url) {
      io.err(
        '请用 --to 指明目标 PostgreSQL 数据库，如 nianbao migrate --from data --to postgres://nianbao@127.0.0.1:5432/nianbao（密码放在环境变量 PGPASSWORD 中）',
      );
      return 2;
    }
  }
  const run = await migrateDataToPg(opts.from, url, { replace: opts.replace });
  if (opts.json) io.out(JSON.stringify(run, null, 2));
  else if (run.ok) report(run, opts.from, io.out);
  else io.err(run.message);
  if (run.ok) return 0;
  return run.why === 'unusable' ? 2 : 1;
}

/** The counts as a supervisor reads them: one line a table, both sides. */
function report(run: Extract<MigrateRun, { ok: true }>, from: string, out: (line: string) => void): void {
  out(`已把 ${from} 的数据库迁移到 PostgreSQL ${run.target}，各表行数：`);
  for (const t of run.tables) out(`  ${t.label}（${t.table}）：SQLite ${t.sqlite} 行，PostgreSQL ${t.postgres} 行`);
  const reports = run.tables.find((t) => t.table === 'reports')?.postgres ?? 0;
  const offices = run.tables.find((t) => t.table === 'offices')?.postgres ?? 0;
  out(`各表行数一致：${offices} 个单位、${reports} 份年报（含历史版本）。`);
  out(
    '各个机器人实例在配置文件中写 store: <连接串>（或设置 DATABASE_URL），各用自己的数据目录；全文检索的段落会在首次检索时建立并存入数据库（每份年报只嵌入一次），供各实例共用。',
  );
}
