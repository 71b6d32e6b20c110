// A saved index's terms found by their text (src/retrieval/term-table.ts) answer as a Map
// filled in term order does: every term's number, the last one of a term written twice,
// nothing for a word not held; terms of any UTF-16 units (a lone surrogate, an empty term).
import { describe, expect, it } from 'vitest';
import { TermTable } from '../src/retrieval/term-table.js';

function laidOut(terms: string[]): { text: string; offsets: Uint32Array } {
  const offsets = new Uint32Array(terms.length + 1);
  terms.forEach((t, i) => {
    offsets[i + 1] = offsets[i] + t.length;
  });
  return { text: terms.join(''), offsets };
}

describe('TermTable', () => {
  it('finds every term of thousands, and no word it does not hold', () => {
    const terms = Array.from({ length: 5000 }, (_, i) => (i % 3 ? `词${i}` : `term${i * 7}`));
    const { text, offsets } = laidOut(terms);
    const table = new TermTable(text, offsets);
    terms.forEach((t, i) => expect(table.get(t)).toBe(i));
    for (const w of ['词5000', 'term1', '', '词', 'term0x', '公开']) expect(table.get(w)).toBeUndefined();
  });

  it('gives a term written twice its last number, as a Map filled in order does', () => {
    const terms = ['公开', '信息', '公开', 'x\ud800', '', '信息', '😀'];
    const { text, offsets } = laidOut(terms);
    const table = new TermTable(text, offsets);
    const byMap = new Map<string, number>();
    terms.forEach((t, i) => byMap.set(t, i));
    for (const [t, n] of byMap) expect(table.get(t)).toBe(n);
    expect(table.get('x')).toBeUndefined();
    expect(table.get('\ud800')).toBeUndefined();
  });

  it('holds no term at all', () => {
    expect(new TermTable('', new Uint32Array(1)).get('公开')).toBeUndefined();
  });
});
