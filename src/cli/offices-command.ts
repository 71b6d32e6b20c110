// `nianbao offices [--conflicts] [--json]`: the offices the store holds, each with
// its region and years; with --conflicts, the reports of one year kept apart under
// one name (namesakes no region tells apart), and how to say where each is.
import { conflictsText } from '../ingest/conflicts.js';
import { openStore, type Office, type Store } from '../store/index.js';

export interface OfficesIO {
  out: (line: string) => void;
}

const processIO = (): OfficesIO => ({ out: (line) => process.stdout.write(`${line}\n`) });

function officeLine(store: Store, o: Office): string {
  const years = [...new Set(store.currentReports({ officeId: o.id }).map((r) => r.year))];
  const files = o.files ? `；同名单位，报告文件：${o.files.join('、')}` : '';
  return `${o.name}（${o.region ?? '地区未写明'}）：${years.length ? `${years.join('、')} 年度` : '没有当前报告'}${files}`;
}

export function runOffices(opts: { data: string; conflicts?: boolean; json?: boolean }, io: OfficesIO = processIO()): number {
  const store = openStore(opts.data);
  try {
    if (opts.conflicts) {
      const conflicts = store.conflicts();
      io.out(opts.json ? JSON.stringify(conflicts, null, 2) : conflictsText(conflicts));
      return 0;
    }
    const offices = store.listOffices();
    if (opts.json) {
      io.out(JSON.stringify(offices.map((o) => ({ ...o, years: store.currentReports({ officeId: o.id }).map((r) => r.year) })), null, 2));
      return 0;
    }
    for (const o of offices) io.out(officeLine(store, o));
    const conflicts = store.conflicts().length;
    io.out(`共 ${offices.length} 个单位${conflicts ? `；同名单位冲突 ${conflicts} 组（nianbao offices --conflicts 查看）` : ''}`);
    return 0;
  } finally {
    store.close();
  }
}
