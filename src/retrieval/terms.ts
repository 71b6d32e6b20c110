// Search terms numbered for indexing: each distinct token a number, handed out in the
// order tokens are first met, so a text cut once is carried as numbers and BM25 and the
// offline embeddings look a term up in an array, not by hashing its string again
// (issue 13: ~50 tokens a chunk, 1.1 M chunks at 100,000 reports). Pure bookkeeping: a
// number means nothing outside the numbering that gave it.

/** A numbering of terms. Numbers are dense from 0 and never change; a new numbering starts afresh. */
export class Terms {
  private readonly ids = new Map<string, number>();
  /** Each number's term. */
  readonly names: string[] = [];

  /** Terms numbered. */
  get size(): number {
    return this.names.length;
  }

  /** The number of `term`, numbering it when it is new. */
  id(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(term, id);
      this.names.push(term);
    }
    return id;
  }
}

/**
 * Token lists of a batch of texts as numbers: text i's tokens are `ids[starts[i]]` up to
 * `ids[starts[i + 1]]`, numbered by `terms` (one array for the batch, not one a text).
 */
export interface TermLists {
  readonly terms: Terms;
  readonly ids: Int32Array;
  readonly starts: Int32Array;
}

/** Text i's tokens as strings (for callers that want them so). */
export function tokensOf(lists: TermLists, i: number): string[] {
  const out: string[] = [];
  for (let j = lists.starts[i]; j < lists.starts[i + 1]; j++) out.push(lists.terms.names[lists.ids[j]]);
  return out;
}
