// Filing a report in the chat: the time from a 6-page PDF arriving at the bot core to
// its reply (download from memory, read, parse, keep the original, store through
// ingest, word the figures and checks), beside the reference of reading and parsing
// the same PDF alone. Each round files another office's report, so each is a new one.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBotCore } from '../src/bot/core.js';
import { createFilingDesk } from '../src/bot/filing-desk.js';
import { FileTooLargeError, silentLogger, type Attachment, type Incoming } from '../src/bot/types.js';
import { parseConfig } from '../src/config/parse.js';
import { extractBuffer } from '../src/extract/index.js';
import { parseReport } from '../src/parse/index.js';
import { openStore } from '../src/store/index.js';
import { reportPdf } from '../test/bot-filing-files.js';
import { report2021 } from '../test/helpers/report-2021.js';
import { summarize, target, timeEach, type BenchResult } from './lib.js';

export const name = 'filing';

const ROUNDS = 12;
const TOWNS = '东南西北中上下前后左右新老大小'.split('');

const attachment = (name: string, bytes: Buffer): Attachment => ({
  name,
  size: bytes.length,
  read: async (limit) => {
    if (bytes.length > limit) throw new FileTooLargeError(name, limit);
    return bytes;
  },
});

export async function run(): Promise<BenchResult[]> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-bench-filing-'));
  const store = openStore(tmp);
  try {
    const config = parseConfig({}, { env: {} }).bot;
    const desk = createFilingDesk({
      store,
      dataDir: tmp,
      registry: [],
      filing: config.filing,
      served: config,
      logger: silentLogger,
    });
    const asker = { ask: async () => ({ answer: '', kind: 'unknown' }) };
    const core = createBotCore({ ...config, asker, offices: store, filingDesk: desk, logger: silentLogger });
    // One PDF per round: the same report under another township's name.
    const pdfs = Array.from({ length: ROUNDS + 1 }, (_, i) => {
      const town = `${TOWNS[i % TOWNS.length]}${TOWNS[Math.floor(i / TOWNS.length) % TOWNS.length]}镇`;
      return reportPdf(report2021().replaceAll('某某镇', town), 6);
    });
    const msgOf = (i: number): Incoming => ({
      text: '',
      roomId: 'bench@chatroom',
      roomTopic: '年报报送群',
      senderId: 'office',
      senderName: '报送人',
      mentionedSelf: false,
      isAdmin: false,
      attachment: attachment(`年报-${i}.pdf`, pdfs[i]),
    });
    // pdfs[0] warms the reader and the store up; the rest are timed, each a new report.
    await core.handle(msgOf(0));
    let stored = 0;
    const filed = await timeEach(
      pdfs.slice(1).map((_, i) => i + 1),
      async (i) => {
        const reply = await core.handle(msgOf(i));
        if (reply?.kind === 'file-added') stored += 1;
      },
    );
    const reference = await timeEach(pdfs, async (pdf) => parseReport((await extractBuffer(pdf, 'a.pdf')).text), 1);
    const t = summarize(filed.samples);
    const ref = summarize(reference.samples);
    const bytes = Math.round(pdfs.reduce((s, b) => s + b.length, 0) / pdfs.length / 1024);
    return [
      {
        bench: name,
        metric: 'reply to a filed 6-page PDF p50',
        value: t.p50,
        unit: 'ms',
        note: `${ROUNDS} reports filed (${stored} stored), ${bytes} KB each; reference (read + parse only) p50 ${ref.p50.toFixed(0)} ms`,
      },
      {
        bench: name,
        metric: 'reply to a filed 6-page PDF p99',
        value: t.p99,
        unit: 'ms',
        target: target(t.p99, '<=', 3000),
        note: `reference p99 ${ref.p99.toFixed(0)} ms; ${(t.p50 / ref.p50).toFixed(1)}× the reference at p50 (the original is read again by ingest)`,
      },
    ];
  } finally {
    store.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}
