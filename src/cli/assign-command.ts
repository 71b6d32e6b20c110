// `nianbao assign FILE --region R`: says where a report's office is (a namesake
// conflict resolved, or a region the text never gave), moves it there, and brings
// the search index along (its chunks carry the office they were filed under).
import { loadConfig } from '../config/load.js';
import { assignRegion } from '../ingest/conflicts.js';
import { openRetrieval, syncRetrieval } from '../ingest/sync-index.js';
import { openStore } from '../store/index.js';

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
  const store = openStore(opts.data);
  try {
    const outcome = assignRegion(store, file, opts.region);
    if (outcome.moved.length) {
      try {
        const config = await loadConfig({ configPath: opts.config });
        const index = await openRetrieval(opts.data, store, { llm: config.llm });
        await syncRetrieval(store, index, undefined, outcome.moved);
      } catch (err) {
        io.err(`全文检索索引未能更新（数字问答不受影响；原文检索仍按原单位归类这份报告）：${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
    io.out(opts.json ? JSON.stringify(outcome, null, 2) : outcome.text);
    return outcome.ok ? 0 : 1;
  } finally {
    store.close();
  }
}
