// Reads the vectors out of a file hnswlib-node wrote (writeIndexSync), without hnswlib:
// an index saved before the offline embeddings were searched exactly (flat-vectors.ts)
// opens by taking its stored vectors as they are, in a second at 1.1 M vectors, where
// asking hnswlib for each point (getPoint) took ~55 µs apiece, a minute in all.
// The layout is hnswalg.h's saveIndex: a 96-byte header, then each element's level-0
// links (a deleted one marked in its header), vector (float32) and label (uint64), then
// the upper levels (not needed here).
import fs from 'node:fs';

const HEADER = 96;

/**
 * Calls `visit` with each live element's label and vector (float32, as stored: normalised
 * for the cosine space). The vector is a view into a buffer the next call reuses. The file
 * is read a few MB at a time, never whole (1.3 GB at 100,000 reports).
 */
export function forEachHnswVector(
  file: string,
  dim: number,
  visit: (label: number, vector: Float32Array) => void,
): void {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(HEADER);
    if (size < HEADER || fs.readSync(fd, head, 0, HEADER, 0) !== HEADER) throw new Error(`向量索引文件 ${file} 不完整`);
    const count = Number(head.readBigUInt64LE(16));
    const perElement = Number(head.readBigUInt64LE(24));
    const labelAt = Number(head.readBigUInt64LE(32));
    const dataAt = Number(head.readBigUInt64LE(40));
    if (labelAt - dataAt !== dim * 4 || HEADER + count * perElement > size)
      throw new Error(`向量索引文件 ${file} 与 ${dim} 维的向量不符`);
    const batch = Math.max(1, Math.floor(4_000_000 / perElement));
    const buf = Buffer.alloc(batch * perElement);
    const vector = new Float32Array(dim);
    const bytes = new Uint8Array(vector.buffer);
    for (let first = 0; first < count; first += batch) {
      const n = Math.min(batch, count - first);
      const want = n * perElement;
      for (let got = 0; got < want; ) {
        const r = fs.readSync(fd, buf, got, want - got, HEADER + first * perElement + got);
        if (r <= 0) throw new Error(`向量索引文件 ${file} 不完整`);
        got += r;
      }
      for (let i = 0; i < n; i++) {
        const at = i * perElement;
        // hnswlib marks a deleted element in the third byte of its level-0 link header.
        if (buf[at + 2] & 1) continue;
        bytes.set(buf.subarray(at + dataAt, at + dataAt + dim * 4));
        visit(Number(buf.readBigUInt64LE(at + labelAt)), vector);
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}
