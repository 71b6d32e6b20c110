// A running bot answers about reports that `nianbao ingest` stored from another
// process: the engine notices the store changed and reloads the saved index.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openAsker } from '../src/app/open-asker.js';
import { runIngest } from '../src/cli/ingest-command.js';
import { mulberry32, randomFacts, renderReport } from '../tools/synth/index.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-refresh-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('answers about a report ingested by another connection after it started', async () => {
  const data = path.join(dir, 'data');
  const opened = await openAsker({ data, say: () => {}, env: {} });
  const before = await opened.asker.ask('东湖街道收到多少申请');
  expect(before.value).toBeNull();

  const facts = randomFacts(mulberry32(5), { format: '2021', profile: 'busy' });
  const folder = path.join(dir, 'new');
  mkdirSync(folder);
  writeFileSync(
    path.join(folder, '东湖街道-2022.txt'),
    renderReport(
      { office: '武昌区东湖街道办事处', region: '湖北省武汉市武昌区', kind: '街道', year: 2022, format: '2021', facts },
      'tab',
      mulberry32(5),
    ),
  );
  // The ingest command opens its own store connection and saves the search index.
  const lines: string[] = [];
  expect(await runIngest([folder], { data }, { out: (l) => lines.push(l), err: () => {}, errIsTTY: false })).toBe(0);

  const after = await opened.asker.ask('东湖街道收到多少申请');
  expect(after.kind).toBe('fact');
  expect(after.value).toBe(facts['apply.received.total']);
  const passage = await opened.asker.ask('东湖街道存在的主要问题');
  expect(passage.kind).toBe('list'); // part 五's items, read from the new report's stored text
  expect(passage.sources[0].report).toContain('东湖街道');
  opened.close();
});
