// Reads the vectors out of a file hnswlib-node wrote (writeIndexSync), without hnswlib:
// an index saved before the offline embeddings were searched exactly (flat-vectors.ts)
// opens by taking its stored vectors as they are, in a second at 1.1 M vectors, where
// asking hnswlib for each point (getPoint) took ~55 µs apiece, a minute in all.
// The layout is hnswalg.h's saveIndex: a 96-byte header, then each element's level-0
// links (a deleted one marked in its header), vector (float32) and label (uint64), then
// the upper levels (not needed here).
import fs from 'node:fs';

const HEADER = 96;

/** Each wanted label's vector (float32, as stored: normalised for the cosine space), by label. */
export function readHnswVectors(file: string, dim: number, wanted: ReadonlySet<number>): Map<number, Float32Array> {
  const buf = fs.readFileSync(file);
  if (buf.length < HEADER) throw new Error(`向量索引文件 ${file} 不完整`);
  const count = Number(buf.readBigUInt64LE(16));
  const perElement = Number(buf.readBigUInt64LE(24));
  const labelAt = Number(buf.readBigUInt64LE(32));
  const dataAt = Number(buf.readBigUInt64LE(40));
  if (labelAt - dataAt !== dim * 4 || HEADER + count * perElement > buf.length)
    throw new Error(`向量索引文件 ${file} 与 ${dim} 维的向量不符`);
  const out = new Map<number, Float32Array>();
  for (let i = 0; i < count; i++) {
    const at = HEADER + i * perElement;
    // hnswlib marks a deleted element in the third byte of its level-0 link header.
    if (buf[at + 2] & 1) continue;
    const label = Number(buf.readBigUInt64LE(at + labelAt));
    if (!wanted.has(label)) continue;
    const v = new Float32Array(dim);
    Buffer.from(v.buffer).set(buf.subarray(at + dataAt, at + dataAt + dim * 4));
    out.set(label, v);
  }
  return out;
}
