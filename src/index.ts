#!/usr/bin/env node
// The `nianbao` command line: only the commands' declarations. Each command imports
// its module from src/cli lazily, so that commands that do not need the bot never load
// wechaty (~2 s). Paths the user types, and the data folder's check, are
// src/cli/options.ts.
import { Command } from 'commander';
import {
  abs,
  configOption,
  dataOption,
  here,
  officeOption,
  paths,
  regionOption,
  yearOption,
  type IdentityFlags,
} from './cli/options.js';

const program = new Command();

program
  .name('nianbao')
  .description('年报助手：政府信息公开工作年度报告的解析、问答与报送提醒')
  .showHelpAfterError('（用 --help 查看用法）')
  .configureOutput({ outputError: (str, write) => write(str) });

program
  .command('parse')
  .description('解析年报文件，输出结构化数据')
  .argument('<files...>', '年报文件（txt/html/pdf/docx）')
  .option('--json', '按 report-facts 规范输出 JSON')
  .addOption(officeOption())
  .addOption(regionOption())
  .addOption(yearOption())
  .action(async (files: string[], opts: { json?: boolean } & IdentityFlags) => {
    const { runParse } = await import('./cli/parse-command.js');
    process.exitCode = await runParse(files.map(abs), opts);
  });

program
  .command('check')
  .description('按模板勾稽关系核查年报，列出问题')
  .argument('<files...>', '年报文件')
  .option('--json', '输出 JSON')
  .addOption(officeOption())
  .addOption(regionOption())
  .addOption(yearOption())
  .action(async (files: string[], opts: { json?: boolean } & IdentityFlags) => {
    const { runCheck } = await import('./cli/parse-command.js');
    process.exitCode = await runCheck(files.map(abs), opts);
  });

program
  .command('ingest')
  .description('把年报文件或文件夹导入数据库')
  .argument('<paths...>', '文件或文件夹')
  .addOption(dataOption())
  .addOption(configOption())
  .option('--json', '输出 JSON')
  .addOption(officeOption())
  .addOption(regionOption())
  .addOption(yearOption())
  .option('--region-from-folder', '正文没有写明地区时，取文件所在的文件夹名（如 河南省/洛阳市/嵩县/）')
  .option(
    '--jobs <n>',
    '同时读取和解析文件的线程数（0 = 只用主线程；缺省：文件不少于 64 个时每个 CPU 核一个，主线程那个除外，最多 4 个）',
  )
  .action(
    async (
      files: string[],
      opts: {
        data: string;
        json?: boolean;
        config?: string;
        regionFromFolder?: boolean;
        jobs?: string;
      } & IdentityFlags,
    ) => {
      const resolved = paths(opts, 'write');
      const { runIngest } = await import('./cli/ingest-command.js');
      process.exitCode = await runIngest(files.map(abs), resolved);
    },
  );

program
  .command('offices')
  .description('列出已收录的单位；--conflicts 列出同名单位冲突（同一年度、同名、无法区分地区的报告）')
  .addOption(dataOption())
  .addOption(configOption())
  .option('--conflicts', '只列出同名单位冲突')
  .option('--json', '输出 JSON')
  .action(async (opts: { data: string; config?: string; conflicts?: boolean; json?: boolean }) => {
    const { runOffices } = await import('./cli/offices-command.js');
    process.exitCode = await runOffices(paths(opts, 'read'));
  });

program
  .command('assign')
  .description('指明一份报告（或一个单位的报告）所在地区，把它归入该地区的同名单位')
  .argument('<file>', '报告文件（路径或文件名），或单位名称')
  .requiredOption('--region <region>', '所在地区，如 河南省洛阳市嵩县')
  .addOption(dataOption())
  .addOption(configOption())
  .option('--json', '输出 JSON')
  .action(async (file: string, opts: { data: string; region: string; config?: string; json?: boolean }) => {
    const { runAssign } = await import('./cli/assign-command.js');
    process.exitCode = await runAssign(file, paths(opts, 'write'));
  });

program
  .command('ask')
  .description('提一个问题（中文或英文）')
  .argument('<question...>', '问题')
  .addOption(dataOption())
  .addOption(configOption())
  .option('--json', '输出 JSON')
  .action(async (words: string[], opts: { data: string; json?: boolean; config?: string }) => {
    // Asking only reads: a read-only data folder is enough.
    const resolved = paths(opts, 'read');
    const { runAsk } = await import('./cli/ask-command.js');
    process.exitCode = await runAsk(words.join(' '), resolved);
  });

program
  .command('chat')
  .description('在终端里与机器人对话（非终端时逐行读取标准输入）')
  .addOption(dataOption())
  .addOption(configOption())
  .option('--demo', '数据目录为空时导入自带的样本年报（试用）')
  .option('--no-demo', '从不导入自带的样本年报')
  .action(async (opts: { data: string; config?: string; demo?: boolean }) => {
    const { runChat } = await import('./cli/start-command.js');
    process.exitCode = await runChat(paths(opts));
  });

program
  .command('start')
  .description('启动机器人：配置了微信 puppet 时登录微信，否则在终端运行')
  .addOption(dataOption())
  .addOption(configOption())
  .option('--demo', '数据目录为空时导入自带的样本年报（试用）')
  .option('--no-demo', '从不导入自带的样本年报（有配置文件或 puppet 时也是如此）')
  .action(async (opts: { data: string; config?: string; demo?: boolean }) => {
    const { runStart } = await import('./cli/start-command.js');
    process.exitCode = await runStart(paths(opts));
  });

const remind = program.command('remind').description('报送期限提醒');
remind
  .command('status')
  .description('列出某年度已报送和未报送的单位')
  .argument('[year]', '报告年度（缺省为正在报送的年度）')
  .addOption(dataOption())
  .addOption(configOption())
  .option('--json', '输出 JSON')
  .action(async (year: string | undefined, opts: { data: string; config?: string; json?: boolean }) => {
    const { runRemindStatus } = await import('./cli/remind-command.js');
    process.exitCode = await runRemindStatus(year, paths(opts, 'read'));
  });
remind
  .command('preview')
  .description('预览某一时刻将发送的提醒（不发送）')
  .requiredOption('--at <time>', 'ISO 时间，如 2027-01-24T09:00:00+08:00')
  .addOption(dataOption())
  .addOption(configOption())
  .option('--json', '输出 JSON')
  .action(async (opts: { at: string; data: string; config?: string; json?: boolean }) => {
    const { runRemindPreview } = await import('./cli/remind-command.js');
    process.exitCode = await runRemindPreview(paths(opts, 'read'));
  });

program
  .command('export')
  .description('导出 Excel 汇总表：各单位数据、核查问题、报送情况、同比变化')
  .option('--year <year>', '报告年度（缺省为已收录的最近年度）')
  .option('--region <region>', '只导出该地区的单位，如 洛阳市、芝罘区')
  .requiredOption('--out <file>', '输出文件（.xlsx）')
  .addOption(dataOption())
  .addOption(configOption())
  .action(async (opts: { data: string; config?: string; year?: string; region?: string; out: string }) => {
    const resolved = paths(opts, 'read');
    const { runExport } = await import('./cli/export-command.js');
    process.exitCode = await runExport({ ...resolved, out: abs(opts.out) });
  });

program
  .command('chart')
  .description('画图（PNG）：各单位按指标排名，或一个单位的历年变化，如 chart 收到申请 2020 洛阳')
  .argument('<words...>', '指标 [年份] [地区或单位]')
  .option('--out <file>', '输出文件（.png；缺省按图表命名，写在当前目录）')
  .addOption(dataOption())
  .addOption(configOption())
  .action(async (words: string[], opts: { data: string; config?: string; out?: string }) => {
    const resolved = paths(opts, 'read');
    const { runChart } = await import('./cli/chart-command.js');
    process.exitCode = await runChart(words.join(' '), {
      data: resolved.data,
      config: resolved.config,
      out: opts.out ? abs(opts.out) : undefined,
      cwd: here,
    });
  });

program
  .command('migrate')
  .description('把数据目录中的 SQLite 数据库迁移到 PostgreSQL（供多个机器人实例共用），并逐表核对行数')
  .requiredOption('--from <dir>', '原数据目录（其中的 nianbao.db）')
  .option(
    '--to <url>',
    'PostgreSQL 连接串，如 postgres://nianbao@127.0.0.1:5432/nianbao（密码放在 PGPASSWORD）；缺省取 DATABASE_URL 或配置文件的 store',
  )
  .addOption(configOption())
  .option('--replace', '目标数据库已有数据时清空后替换（缺省拒绝）')
  .option('--json', '输出 JSON')
  .action(async (opts: { from: string; to?: string; config?: string; replace?: boolean; json?: boolean }) => {
    const resolved = paths({ ...opts, data: opts.from }, 'read');
    const { runMigrate } = await import('./cli/migrate-command.js');
    process.exitCode = await runMigrate({ ...opts, from: resolved.data, config: resolved.config });
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`出错了：${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
