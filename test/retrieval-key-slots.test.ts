// BM25's documents by key (src/retrieval/key-slots.ts) answer as a Map<string, number>
// does through filings, refilings and removals in any order: a random run checked step by
// step against a Map, keys shaped as chunk ids (many differing in one unit), and put()
// giving the slot a key held before.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../tools/synth/rng.js';
import { KeySlots } from '../src/retrieval/key-slots.js';

describe('KeySlots', () => {
  it('answers as a Map through thousands of filings, refilings and removals', () => {
    const next = mulberry32(13).next;
    const table = new KeySlots();
    const map = new Map<string, number>();
    let slot = 0;
    for (let step = 0; step < 40_000; step++) {
      const key = `${Math.floor(next() * 3000)}#${Math.floor(next() * 12)}`;
      const r = next();
      if (r < 0.6) {
        expect(table.put(key, slot)).toBe(map.get(key) ?? -1);
        map.set(key, slot++);
      } else if (r < 0.85) {
        expect(table.delete(key)).toBe(map.delete(key));
      } else expect(table.get(key)).toBe(map.get(key) ?? -1);
      expect(table.size).toBe(map.size);
    }
    for (const [k, s] of map) expect(table.get(k)).toBe(s);
    for (let i = 0; i < 3000; i++) expect(table.has(`${i}#99`)).toBe(false);
  });

  it('finds every one of 100,000 chunk ids and removes them all', () => {
    const table = new KeySlots();
    const keys = Array.from({ length: 100_000 }, (_, i) => `${Math.floor(i / 11)}#${i % 11}`);
    keys.forEach((k, i) => table.set(k, i));
    expect(keys.filter((k, i) => table.get(k) !== i)).toEqual([]);
    expect(table.get('9091#0')).toBe(-1);
    let removed = 0;
    for (let i = keys.length - 1; i >= 0; i -= 2) if (table.delete(keys[i])) removed++;
    expect(removed).toBe(50_000);
    expect(keys.filter((k, i) => table.get(k) !== (i % 2 === 0 ? i : -1))).toEqual([]);
    for (let i = 0; i < keys.length; i += 2) if (table.delete(keys[i])) removed++;
    expect(removed).toBe(100_000);
    expect(table.size).toBe(0);
    expect(table.delete(keys[0])).toBe(false);
  });

  it('takes keys of any UTF-16 units', () => {
    const table = new KeySlots();
    const keys = ['', 'x\ud800', '😀', '公开#1', '公开#2'];
    keys.forEach((k, i) => table.set(k, i));
    keys.forEach((k, i) => expect(table.get(k)).toBe(i));
    table.set('公开#1', 7);
    expect(table.get('公开#1')).toBe(7);
    expect(table.size).toBe(5);
  });
});
