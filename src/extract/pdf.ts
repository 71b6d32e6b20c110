// PDF → text with pdf.js (legacy build for Node, no worker thread, no network:
// CMaps, standard fonts and wasm decoders are read from the installed package).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { corruptError, noTextError, unsupportedError } from './errors.js';
import { foldCompatHan } from './normalize.js';
import { layoutPage, type TextRun } from './pdf-layout.js';
import { rulingsFromOps } from './pdf-rulings.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

// pdf.js costs ~100 ms to import; load it only when a PDF arrives.
let pdfjsPromise: Promise<PdfJs> | null = null;
function pdfjs(): Promise<PdfJs> {
  pdfjsPromise ??= loadPdfJs();
  return pdfjsPromise;
}

/**
 * The legacy build (the one that runs on Node 20) bundles core-js, which replaces built-ins
 * it finds wanting for the whole process: Array.prototype.push (~5× slower on Node 20),
 * JSON.parse and JSON.stringify. After the first PDF every parse, answer and save of the
 * process ran on them. pdf.js needs none of what they add (edge cases of push's length,
 * JSON's source text and raw JSON): the natives are put back once pdf.js and its worker are
 * loaded. The worker is loaded here, with them, and handed to pdf.js (globalThis.pdfjsWorker,
 * which its in-process worker takes), so nothing of pdf.js is imported after the restore.
 * What core-js only adds (Promise.withResolvers, which pdf.js needs, and the like) stays.
 */
async function loadPdfJs(): Promise<PdfJs> {
  const natives = keptNatives();
  try {
    const [lib, worker] = await Promise.all([
      import('pdfjs-dist/legacy/build/pdf.mjs'),
      import('pdfjs-dist/legacy/build/pdf.worker.mjs'),
    ]);
    const g = globalThis as { pdfjsWorker?: unknown };
    g.pdfjsWorker ??= worker;
    return lib;
  } finally {
    natives.restore();
  }
}

/** The built-ins core-js replaces, as they are now, and a way to put them back. */
function keptNatives(): { restore(): void } {
  const push = Array.prototype.push;
  const { parse, stringify } = JSON;
  return {
    restore() {
      // Defined as the natives are: writable, configurable, not enumerable.
      Object.defineProperty(Array.prototype, 'push', { value: push, writable: true, configurable: true });
      Object.defineProperty(JSON, 'parse', { value: parse, writable: true, configurable: true });
      Object.defineProperty(JSON, 'stringify', { value: stringify, writable: true, configurable: true });
    },
  };
}

// Resolved once: under a loader (tsx) each resolve is a round trip costing milliseconds per PDF.
let packageDir: string | null = null;
function assetDir(sub: string): string {
  packageDir ??= path.join(
    path.dirname(fileURLToPath(import.meta.resolve('pdfjs-dist/legacy/build/pdf.mjs'))),
    '..',
    '..',
  );
  return path.join(packageDir, sub) + path.sep;
}

/**
 * pdf.js's "document" for fonts. With disableFontFace (its default on Node) the worker turns
 * every glyph an operator list shows into an outline path and posts it to this side for
 * canvas drawing: a third of what an operator list costs here, most of it garbage. We never
 * draw, so fonts are left to the font-face route, whose only use of the document (on Node,
 * where the canvas and filter factories are Node's own) is to add a @font-face rule to a
 * style element: this one drops it, counting (a test sees the route taken). Text and
 * operators do not depend on the route.
 */
export const fontSink = {
  droppedRules: 0,
  createElement: () => ({ sheet: { insertRule: () => fontSink.droppedRules++, cssRules: [] }, remove: () => {} }),
  documentElement: { getElementsByTagName: () => [{ append: () => {} }] },
};
type OwnerDocument = Extract<Parameters<PdfJs['getDocument']>[0], { ownerDocument?: unknown }>['ownerDocument'];

/** Fewer visible characters than this per page means there is no real text layer. */
const MIN_CHARS_PER_PAGE = 10;

export async function pdfToText(buf: Buffer, file: string): Promise<{ text: string; pages: number }> {
  const { getDocument, OPS } = await pdfjs();
  const task = getDocument({
    // pdf.js takes ownership of (detaches) the array it gets: give it a copy.
    data: new Uint8Array(buf),
    cMapUrl: assetDir('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: assetDir('standard_fonts'),
    wasmUrl: assetDir('wasm'),
    useSystemFonts: false,
    disableFontFace: false,
    ownerDocument: fontSink as unknown as OwnerDocument,
    isEvalSupported: false,
    useWorkerFetch: false,
    verbosity: 0,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => {});
    if (err instanceof Error && err.name === 'PasswordException') {
      throw unsupportedError(file, '设置了打开密码的 PDF', '请取消密码（或打印为新的 PDF）后再发送。');
    }
    throw corruptError(file, '已损坏或不是有效的 PDF 文件，无法打开。', err);
  }
  try {
    const runsByPage: TextRun[][] = [];
    let chars = 0;
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const runs: TextRun[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        const [a, b, c, d, e, f] = item.transform as number[];
        const h = Math.hypot(c, d) || Math.hypot(a, b) || item.height;
        runs.push({ str: foldCompatHan(item.str), x: e, y: f, w: item.width, h });
        chars += item.str.replace(/\s/g, '').length;
      }
      runsByPage.push(runs);
      page.cleanup();
    }
    if (chars < MIN_CHARS_PER_PAGE * doc.numPages) throw noTextError(file, doc.numPages);

    const pages: string[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const runs = runsByPage[p - 1];
      if (runs.length === 0) continue;
      const page = await doc.getPage(p);
      const ops = await page.getOperatorList();
      const lines = layoutPage(runs, rulingsFromOps(ops.fnArray, ops.argsArray, OPS));
      page.cleanup();
      if (lines.length > 0) pages.push(lines.join('\n'));
    }
    return { text: pages.join('\n\n'), pages: doc.numPages };
  } catch (err) {
    if (err instanceof Error && err.name === 'ExtractError') throw err;
    throw corruptError(file, '内容已损坏，读取 PDF 页面时出错。', err);
  } finally {
    await doc.destroy();
  }
}
