// `nianbao chart <words…> --out FILE.png`: the chart 图表 draws in the chat
// (offices ranked by a metric, or one office's years), written to a file, from the store
// the configuration names (SQLite in the data folder, or PostgreSQL).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { planChart } from '../export/chart-plan.js';
import { renderChartPng } from '../export/chart-render.js';
import type { CliIO } from './export-command.js';
import { openCommandStore } from './open-store.js';

const processIO = (): CliIO => ({
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
});

export async function runChart(
  words: string,
  opts: { data: string; config?: string; out?: string; cwd?: string },
  io: CliIO = processIO(),
): Promise<number> {
  const opened = await openCommandStore(opts, io.err);
  if (!opened) return 1;
  const { store } = opened;
  try {
    const spec = await planChart(store, words);
    if ('error' in spec) {
      io.err(spec.error);
      return 1;
    }
    // Without --out: the chart's own name, in the folder the command was run from.
    const out = opts.out ?? path.resolve(opts.cwd ?? process.cwd(), spec.fileName);
    writeFileSync(out, renderChartPng(spec));
    for (const line of [`${spec.title}（单位：${spec.unit}）`, ...spec.notes, spec.source, `已写入 ${out}`])
      io.out(line);
    return 0;
  } finally {
    await store.close();
  }
}
