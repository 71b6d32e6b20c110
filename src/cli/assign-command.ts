// `nianbao assign FILE --region R`: says where a report's office is (a namesake
// conflict resolved, or a region the text never gave), moves it there, and brings
// the search index along (its chunks carry the office they were filed under): src/app/assign.ts.
// The configuration is read first: it names the store (SQLite or PostgreSQL) and the
// embedding model the index uses.
import { loadConfigOrSay } from '../config/load.js';
import { assignInData } from '../app/assign.js';
import { StoreOpenError } from '../app/open-store.js';

export interface AssignIO {
  out: (line: string) => void;
  err: (text: string) => void;
}

const processIO = (): AssignIO => ({
  out: (line) => process.stdout.write(`${line}\n`),
  err: (t) => process.stderr.write(t),
});

export async function runAssign(
  file: string,
  opts: { data: string; region?: string; config?: string; json?: boolean },
  io: AssignIO = processIO(),
): Promise<number> {
  if (!opts.region?.trim()) {
    io.err('请用 --region 写明地区，例如 nianbao assign 城关镇-2020.txt --region 河南省洛阳市嵩县\n');
    return 2;
  }
  const config = await loadConfigOrSay({ configPath: opts.config }, (m) => io.err(`${m}\n`));
  if (!config) return 1;
  let run;
  try {
    run = await assignInData(opts.data, file, opts.region, config);
  } catch (err) {
    if (!(err instanceof StoreOpenError)) throw err;
    io.err(`${err.message}\n`);
    return 1;
  }
  const { outcome, indexError } = run;
  if (indexError) io.err(`全文检索索引未能更新（数字问答不受影响；原文检索仍按原单位归类这份报告）：${indexError}\n`);
  io.out(opts.json ? JSON.stringify(outcome, null, 2) : outcome.text);
  return outcome.ok ? 0 : 1;
}
