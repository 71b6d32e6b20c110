// The texts a store's connection saved lately, as the UTF-8 its rows hold (SaveInput.utf8), by
// report id, until the search index's sync takes them (issue 13: reading every new report's
// text back from SQLite after an ingest, its row, its overflow page and a copy of its bytes,
// cost ~35–50 µs a report). A report's text never changes once stored, so bytes kept here are
// what its row holds as long as the save that wrote the row is not undone: the owner forgets
// everything when a save or a commit fails. The bytes, not the string: kept outside the heap,
// young collections do not copy them while an ingest goes on. Taken once (the sync reads each
// new report once); bounded, the oldest let go first. Pure bookkeeping: no I/O.

/** Past this many bytes kept, the oldest texts are let go (c10k's 8,571 text reports: ~44 MB). */
export const SAVED_TEXT_BYTES = 64 * 1024 * 1024;

export class SavedTexts {
  private readonly texts = new Map<number, Buffer>();
  private bytes = 0;

  constructor(private readonly maxBytes = SAVED_TEXT_BYTES) {}

  /** The UTF-8 of a report just saved, exactly as its row holds it (never changed after). */
  keep(reportId: number, utf8: Uint8Array): void {
    if (utf8.byteLength > this.maxBytes) return;
    const held = this.texts.get(reportId);
    if (held !== undefined) {
      this.texts.delete(reportId);
      this.bytes -= held.byteLength;
    }
    const bytes = Buffer.isBuffer(utf8) ? utf8 : Buffer.from(utf8.buffer, utf8.byteOffset, utf8.byteLength);
    this.texts.set(reportId, bytes);
    this.bytes += bytes.byteLength;
    if (this.bytes <= this.maxBytes) return;
    // A Map iterates in insertion order: the first keys are the oldest.
    for (const [id, old] of this.texts) {
      if (this.bytes <= this.maxBytes) break;
      this.texts.delete(id);
      this.bytes -= old.byteLength;
    }
  }

  /** The kept bytes of the report, no longer kept; undefined when not kept. */
  take(reportId: number): Buffer | undefined {
    const bytes = this.texts.get(reportId);
    if (bytes !== undefined) {
      this.texts.delete(reportId);
      this.bytes -= bytes.byteLength;
    }
    return bytes;
  }

  get size(): number {
    return this.texts.size;
  }

  /** Keeps nothing any more (a save or commit that failed may have undone rows). */
  forget(): void {
    this.texts.clear();
    this.bytes = 0;
  }
}
