// Opening an asker and asking only read the store; what a store is given before
// questions (the bundled samples in a trial, the prose facts of reports stored before
// prose facts existed) is the explicit step src/app/prepare-store.ts, which the start,
// chat, ask and ingest paths run.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openAsker } from '../src/app/open-asker.js';
import { backfillProseFacts, importSamplesIfEmpty } from '../src/app/prepare-store.js';
import { parseReport } from '../src/parse/index.js';
import { openStore } from '../src/store/index.js';
import { PART1, report2021 } from './helpers/report-2021.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-prepare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const corpus = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../corpus/2020');

describe('the store before questions', () => {
  it('an asker opened on an empty data folder leaves it empty; the explicit step imports the samples', async () => {
    const data = path.join(dir, 'empty');
    const opened = await openAsker({ data, say: () => {}, env: {}, llm: null });
    const answer = await opened.asker.ask('只楚收到多少申请');
    expect(answer.value).toBeNull();
    expect((await opened.store.counts()).reports).toBe(0);
    // The bundled corpus: one report per file in corpus/2020.
    const files = readdirSync(corpus).filter((f) => f.endsWith('.txt')).length;
    expect(await importSamplesIfEmpty(opened.store)).toBe(files);
    expect((await opened.store.counts()).reports).toBe(files);
    // A store with reports is never filled again.
    expect(await importSamplesIfEmpty(opened.store)).toBeNull();
    opened.close();
  });

  it('asking about a phrase of an old report writes nothing; the explicit step reads its prose facts', async () => {
    const data = path.join(dir, 'old');
    const store = openStore(data);
    const text = report2021({ part1: `${PART1}\n全年召开新闻发布会4场。` });
    const parsed = parseReport(text);
    delete parsed.proseFacts; // as an older version of the parser saved it
    const saved = store.saveReport({ parsed, text, sourceFile: 'old.txt' });
    const opened = await openAsker({ data, store, say: () => {}, env: {}, llm: null });
    await opened.asker.ask('某某镇召开了多少场新闻发布会');
    expect(store.reportsWithoutProseFacts()).toEqual([saved.reportId]);

    expect(await backfillProseFacts(store)).toBe(1);
    expect(store.reportsWithoutProseFacts()).toEqual([]);
    // 4, from the sentence the test wrote into part 一.
    expect(store.proseFacts({ reportId: saved.reportId }).find((f) => f.phrase.includes('发布会'))?.value).toBe(4);
    expect(await backfillProseFacts(store)).toBe(0);
    store.close();
  });
});
