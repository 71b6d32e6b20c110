// The alias keys a store's connection knows office_aliases holds for each office, so a save
// of an office's next report inserts only the keys it adds (issue 13: a report of a known
// office names the same ~5 keys again, and the INSERT OR IGNORE of them cost ~8 µs a save).
// Knowledge, not a copy of the table: a key is added only once its insert succeeded, and
// the owner forgets everything whenever the table may have lost one since (a rolled-back
// save, another connection's commit, an office removed). Pure bookkeeping: no I/O.

/** Past this many keys the memo starts over (a long-running bot files offices for years). */
const MAX_KEYS = 200_000;

export class HeldAliases {
  private byOffice = new Map<number, Set<string>>();
  private count = 0;

  /** The keys of `keys` not known to be held by the office: the non-empty ones, in order. */
  missing(officeId: number, keys: Iterable<string>): string[] {
    const held = this.byOffice.get(officeId);
    const out: string[] = [];
    for (const key of keys) if (key && !held?.has(key)) out.push(key);
    return out;
  }

  /** Keys now in office_aliases for the office (inserted, or found there by the insert). */
  add(officeId: number, keys: readonly string[]): void {
    if (!keys.length) return;
    if (this.count + keys.length > MAX_KEYS) this.forget();
    let held = this.byOffice.get(officeId);
    if (!held) this.byOffice.set(officeId, (held = new Set()));
    for (const key of keys) {
      if (held.has(key)) continue;
      held.add(key);
      this.count++;
    }
  }

  /** Knows nothing any more: the table may have lost rows this memo vouches for. */
  forget(): void {
    this.byOffice = new Map();
    this.count = 0;
  }
}
