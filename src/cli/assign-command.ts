// `nianbao assign FILE --region R`: says where a report's office is (a namesake
// conflict resolved, or a region the text never gave), moves it there, and brings
// the search index along (its chunks carry the office they were filed under): src/app/assign.ts.
import { loadConfig } from '../config/load.js';
import { assignInData } from '../app/assign.js';

export interface AssignIO {
  out: (line: string) => void;
  err: (text: string) => void;
}

const processIO = (): AssignIO => ({ out: (line) => process.stdout.write(`${line}\n`), err: (t) => process.stderr.write(t) });

export async function runAssign(file: string, opts: { data: string; region?: string; config?: string; json?: boolean }, io: AssignIO = processIO()): Promise<number> {
  if (!opts.region?.trim()) {
    io.err('请用 --region 写明地区，例如 nianbao assign 城关镇-2020.txt --region 河南省洛阳市嵩县\n');
    return 2;
  }
  // The configuration is read only when the index must follow (its embedding model), as before.
  const llm = async () => (await loadConfig({ configPath: opts.config })).llm;
  const { outcome, indexError } = await assignInData(opts.data, file, opts.region, { llm });
  if (indexError) io.err(`全文检索索引未能更新（数字问答不受影响；原文检索仍按原单位归类这份报告）：${indexError}\n`);
  io.out(opts.json ? JSON.stringify(outcome, null, 2) : outcome.text);
  return outcome.ok ? 0 : 1;
}
