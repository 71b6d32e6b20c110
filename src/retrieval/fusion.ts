// Reciprocal rank fusion (Cormack et al. 2009): each ranking contributes
// 1/(k + rank) to a document's score; no score calibration between rankings needed.

export interface Fused {
  key: string;
  score: number;
  /** 1-based rank in each input ranking, undefined where that ranking lacks the key. */
  ranks: (number | undefined)[];
}

/** Fuse rankings of keys (best first) into one, best first; ties go to the better best rank, then the key. */
export function reciprocalRankFusion(rankings: string[][], k = 60): Fused[] {
  const fused = new Map<string, Fused>();
  rankings.forEach((ranking, r) => {
    ranking.forEach((key, i) => {
      let f = fused.get(key);
      if (!f) {
        f = { key, score: 0, ranks: rankings.map(() => undefined) };
        fused.set(key, f);
      }
      if (f.ranks[r] !== undefined) return; // a key listed twice counts once, at its best rank
      f.ranks[r] = i + 1;
      f.score += 1 / (k + i + 1);
    });
  });
  const best = (f: Fused) => Math.min(...f.ranks.map((x) => x ?? Infinity));
  return [...fused.values()].sort(
    (a, b) => b.score - a.score || best(a) - best(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}
