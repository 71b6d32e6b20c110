// Offline embeddings with no model: character 1-, 2- and 3-grams and jieba words,
// hashed into a fixed number of dimensions (signed, so collisions cancel rather
// than pile up), sublinear tf, L2-normalised. Deterministic across runs and machines.
import { Embeddings } from '@langchain/core/embeddings';
import { tokenize } from '../tokenizer.js';
import type { NamedEmbeddings } from './named.js';

export interface HashedNgramOptions {
  /** Vector length (default 256). */
  dimension?: number;
}

/** Feature weights: single characters say little on their own; words say the most. */
const WEIGHTS = { c1: 0.3, c2: 1, c3: 1, w: 1.5 } as const;

export class HashedNgramEmbeddings extends Embeddings implements NamedEmbeddings {
  readonly dimension: number;
  readonly embeddingId: string;

  constructor(opts: HashedNgramOptions = {}) {
    super({});
    this.dimension = opts.dimension ?? 256;
    if (!Number.isInteger(this.dimension) || this.dimension < 8)
      throw new Error(`向量维数必须是不小于 8 的整数（收到 ${opts.dimension}）`);
    this.embeddingId = `hashed-ngram-v1/${this.dimension}`;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embedSync(t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embedSync(text);
  }

  /** The same as embedQuery, without the promise (for benchmarks and bulk builds). */
  embedSync(text: string): number[] {
    const counts = new Map<string, number>();
    const add = (feature: string) => counts.set(feature, (counts.get(feature) ?? 0) + 1);
    const normal = text.normalize('NFKC').toLowerCase();
    for (const run of normal.match(/[\p{Script=Han}\p{L}\p{N}]+/gu) ?? []) {
      const chars = [...run];
      for (let i = 0; i < chars.length; i++) {
        add(`1${chars[i]}`);
        if (i + 1 < chars.length) add(`2${chars[i]}${chars[i + 1]}`);
        if (i + 2 < chars.length) add(`3${chars[i]}${chars[i + 1]}${chars[i + 2]}`);
      }
    }
    for (const word of tokenize(normal)) add(`w${word}`);

    const v = new Float64Array(this.dimension);
    for (const [feature, tf] of counts) {
      const kind = feature[0] === '1' ? 'c1' : feature[0] === '2' ? 'c2' : feature[0] === '3' ? 'c3' : 'w';
      const h = fnv1a(feature);
      const sign = mix(h) & 1 ? 1 : -1;
      v[h % this.dimension] += sign * WEIGHTS[kind] * (1 + Math.log(tf));
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm);
    return Array.from(v, (x) => (norm > 0 ? x / norm : 0));
  }
}

/** 32-bit FNV-1a over UTF-16 code units. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finaliser: decorrelates the sign bit from the bucket. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
