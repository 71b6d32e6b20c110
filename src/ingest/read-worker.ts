// One reading thread of src/ingest/read-pool.ts: extracts a file's text or parses a
// text, as asked, and posts back the result or the error's name, code and message
// (the pool makes the same ExtractError the main thread would have thrown).
import { parentPort } from 'node:worker_threads';
import { extractBuffer } from '../extract/index.js';
import { parseReport } from '../parse/index.js';
import type { ReadJob, ReadReply } from './read-pool.js';

const port = parentPort;
if (!port) throw new Error('read-worker.ts runs only as a worker thread');

port.on('message', async (job: ReadJob) => {
  let reply: ReadReply;
  try {
    if (job.op === 'extract') {
      const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
      // Without its bytes: copying them back costs more than encoding the text again.
      const { utf8: _bytes, ...value } = await extractBuffer(bytes, job.name);
      reply = { id: job.id, ok: true, value };
    } else {
      reply = { id: job.id, ok: true, value: parseReport(job.text, job.options) };
    }
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    const code = (e as { code?: unknown }).code;
    const file = (e as { file?: unknown }).file;
    reply = {
      id: job.id,
      ok: false,
      error: {
        name: e.name,
        message: e.message,
        ...(typeof code === 'string' ? { code } : {}),
        ...(typeof file === 'string' ? { file } : {}),
      },
    };
  }
  port.postMessage(reply);
});
