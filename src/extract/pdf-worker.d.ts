// pdf.js's worker module ships no types: it is only handed back to pdf.js (src/extract/pdf.ts).
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
