// The opened documents grouped by a column's value (an office, a report): one array of
// indices in value groups, each group's indices ascending, and where each group starts —
// two typed arrays and a map of values, not a set or an array per group (issue 13: 100,000
// reports' groups as 100,000 small arrays were heap objects the collector walked).
export class DocGroups {
  /**
   * Group number of each value: by the value itself when every value is a whole number
   * below DENSE_ABOVE + 2 × the count (ids: a look-up a run without a Map of doubles, each
   * get boxing its key; 1.1 M documents at 100,000 reports, ~0.2 s a column), else a map.
   */
  private readonly groupOf: Map<number, number> | Int32Array;
  /** Group g's values are at the indices members[starts[g] … starts[g + 1]). */
  private readonly starts: Int32Array;
  private readonly members: Int32Array;
  private readonly values: number[];

  private constructor(
    groupOf: Map<number, number> | Int32Array,
    values: number[],
    starts: Int32Array,
    members: Int32Array,
  ) {
    this.groupOf = groupOf;
    this.values = values;
    this.starts = starts;
    this.members = members;
  }

  /**
   * Groups indices [0, count) by column[i] (NaN left out): counted, then placed, a map
   * look-up for each run of one value (a report's or an office's documents lie together).
   */
  static of(column: Float64Array, count: number): DocGroups {
    const groupOf = denseTable(column, count) ?? new Map<number, number>();
    const values: number[] = [];
    const sizes: number[] = [];
    for (let i = 0; i < count; ) {
      const v = column[i];
      let j = i + 1;
      while (j < count && column[j] === v) j++;
      if (!Number.isNaN(v)) {
        let g = groupIn(groupOf, v);
        if (g < 0) {
          g = values.length;
          if (groupOf instanceof Int32Array) groupOf[v] = g;
          else groupOf.set(v, g);
          values.push(v);
          sizes.push(0);
        }
        sizes[g] += j - i;
      }
      i = j;
    }
    const starts = new Int32Array(values.length + 1);
    for (let g = 0; g < values.length; g++) starts[g + 1] = starts[g] + sizes[g];
    const next = starts.slice(0, values.length);
    const members = new Int32Array(starts[values.length]);
    for (let i = 0; i < count; ) {
      const v = column[i];
      let j = i + 1;
      while (j < count && column[j] === v) j++;
      if (!Number.isNaN(v)) {
        const g = groupIn(groupOf, v);
        for (let k = i; k < j; k++) members[next[g]++] = k;
      }
      i = j;
    }
    return new DocGroups(groupOf, values, starts, members);
  }

  /** The indices whose value is `value`, ascending (a view), or undefined for none. */
  indicesOf(value: number): Int32Array | undefined {
    const g = groupIn(this.groupOf, value);
    return g < 0 ? undefined : this.members.subarray(this.starts[g], this.starts[g + 1]);
  }

  /** The first index of `value`'s group for which `ok` holds, or -1. */
  firstOf(value: number, ok: (index: number) => boolean): number {
    const g = groupIn(this.groupOf, value);
    if (g < 0) return -1;
    for (let m = this.starts[g]; m < this.starts[g + 1]; m++) if (ok(this.members[m])) return this.members[m];
    return -1;
  }

  /** True when `value` has a group. */
  has(value: number): boolean {
    return groupIn(this.groupOf, value) >= 0;
  }

  /** Every value with some index for which `ok` holds. */
  valuesWhere(ok: (index: number) => boolean): number[] {
    const out: number[] = [];
    for (let g = 0; g < this.values.length; g++) {
      for (let m = this.starts[g]; m < this.starts[g + 1]; m++) {
        if (ok(this.members[m])) {
          out.push(this.values[g]);
          break;
        }
      }
    }
    return out;
  }
}

/** A dense table's values may reach this plus twice the count. */
const DENSE_ABOVE = 1 << 16;

/**
 * A table by value, every entry -1, when every value of the column (NaN aside) is a whole
 * number from 0 to DENSE_ABOVE + 2 × count; else null (a map is used).
 */
function denseTable(column: Float64Array, count: number): Int32Array | null {
  const limit = DENSE_ABOVE + 2 * count;
  let max = -1;
  for (let i = 0; i < count; i++) {
    const v = column[i];
    if (Number.isNaN(v)) continue;
    if (!(v >= 0 && v <= limit && Math.floor(v) === v)) return null;
    if (v > max) max = v;
  }
  return new Int32Array(max + 1).fill(-1);
}

/** The group of a value, or -1. */
function groupIn(groupOf: Map<number, number> | Int32Array, value: number): number {
  if (!(groupOf instanceof Int32Array)) return groupOf.get(value) ?? -1;
  return value >= 0 && value < groupOf.length && Math.floor(value) === value ? groupOf[value] : -1;
}
