// Shapes shared by the retrieval modules: a chunk of report prose, a search hit,
// and the filter a search is narrowed by.

export type PartNumber = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** Which report a chunk comes from; the caller (ingest) knows these ids. */
export interface ChunkMeta {
  reportId: number;
  officeId: number;
  /** The office's name as the report gives it. */
  office: string;
  year: number;
}

/** A passage of report prose, small enough to quote (aim ~100–400 characters). */
export interface Chunk extends ChunkMeta {
  /** `${reportId}#${seq}`: unique across the index, stable for one chunking of one report. */
  id: string;
  /** 0-based position among the report's chunks. */
  seq: number;
  /** The template part (1–6); 0 for the title and preamble. */
  part: PartNumber;
  /** The part's heading as the report prints it (the title for part 0). */
  partHeading: string;
  /** The sub-heading the passage sits under, e.g. （一）主动公开; null when none. */
  section: string | null;
  /** 1-based line of the text where the passage starts. */
  line: number;
  /** 1-based line where it ends. */
  endLine: number;
  text: string;
}

/** Narrowing of a search: to some offices and/or one year. */
export interface SearchFilter {
  officeIds?: number[];
  year?: number;
}

export interface SearchOptions extends SearchFilter {
  /** How many hits to return (default 5). */
  k?: number;
}

export interface Hit {
  chunk: Chunk;
  /** Reciprocal-rank-fusion score: sum of 1/(60 + rank) over the rankings that found it. */
  score: number;
  /** 1-based rank in the BM25 ranking, when BM25 found it. */
  bm25Rank?: number;
  /** 1-based rank in the dense (embedding) ranking, when that found it. */
  denseRank?: number;
}
