// Seeded vectors for the flat vector store's tests: chunks' hashed vectors (dense, a few large
// values, some zeros) and questions' (a few non-zero dimensions), the same for a seed every run.
import { mulberry32 } from '../../tools/synth/rng.js';

/** Dense vectors with a few large values, as chunks' hashed vectors look. */
export function vectors(n: number, dim: number, seed: number): number[][] {
  const rnd = mulberry32(seed).next;
  return Array.from({ length: n }, () =>
    Array.from({ length: dim }, () => (rnd() - 0.5) * (rnd() < 0.05 ? 4 : 1) * (rnd() < 0.1 ? 0 : 1)),
  );
}

/** Queries with `nnz` non-zero dimensions (as a question's hashed vector), or dense when nnz = dim. */
export function query(dim: number, nnz: number, seed: number): number[] {
  const rnd = mulberry32(seed).next;
  const q = new Array<number>(dim).fill(0);
  for (let i = 0; i < nnz; i++) q[Math.floor(rnd() * dim)] = rnd() - 0.5;
  return q;
}
