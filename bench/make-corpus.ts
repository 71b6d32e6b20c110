// Write a synthetic corpus to a folder, for trying ingest by hand:
//   npx tsx bench/make-corpus.ts 500 /tmp/synth-corpus [--seed 7] [--layouts tab,html] [--profile busy]
// Each report is one file (.txt, or .html for the html layout); truth.json lists
// what each file says (office, region, year, format, facts).
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LAYOUTS, generateCorpus, type Layout, type Profile } from '../tools/synth/index.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { seed: { type: 'string', default: '1' }, layouts: { type: 'string' }, profile: { type: 'string' } },
});
const [countArg, dirArg] = positionals;
const n = Number(countArg);
if (!Number.isInteger(n) || n <= 0 || !dirArg) {
  console.error(
    '用法：npx tsx bench/make-corpus.ts <份数> <目录> [--seed 数字] [--layouts tab,html,…] [--profile quiet|busy]',
  );
  process.exit(2);
}
const layouts = values.layouts ? (values.layouts.split(',') as Layout[]) : [...LAYOUTS];
const unknown = layouts.filter((l) => !LAYOUTS.includes(l));
if (unknown.length) {
  console.error(`未知的版式：${unknown.join('、')}（可选：${LAYOUTS.join('、')}）`);
  process.exit(2);
}
if (values.profile && values.profile !== 'quiet' && values.profile !== 'busy') {
  console.error('--profile 只能是 quiet 或 busy');
  process.exit(2);
}

const dir = path.resolve(dirArg);
mkdirSync(dir, { recursive: true });
const truth: {
  file: string;
  layout: Layout;
  office: string;
  region: string;
  year: number;
  format: string;
  facts: Record<string, number>;
}[] = [];
let bytes = 0;
for (const item of generateCorpus(n, Number(values.seed), {
  layouts,
  profile: values.profile as Profile | undefined,
})) {
  writeFileSync(path.join(dir, item.name), item.text);
  bytes += Buffer.byteLength(item.text);
  truth.push({
    file: item.name,
    layout: item.layout,
    office: item.truth.office,
    region: item.truth.region,
    year: item.truth.year,
    format: item.truth.format,
    facts: item.truth.facts,
  });
}
// One report a line, written a line at a time: at 100,000 reports the whole array as one
// string is longer than V8 allows (a reader can take it line by line, or JSON.parse it whole).
const fd = openSync(path.join(dir, 'truth.json'), 'w');
writeSync(fd, '[\n');
truth.forEach((t, i) => writeSync(fd, `${JSON.stringify(t)}${i < truth.length - 1 ? ',' : ''}\n`));
writeSync(fd, ']\n');
closeSync(fd);
console.log(`已生成 ${n} 份报告（${(bytes / 1e6).toFixed(1)} MB）到 ${dir}，真值见 truth.json`);
