// Building the dictionary lookup (src/retrieval/lexicon.ts) from jieba's dictionary text:
// read straight from the bytes when the text is laid out as jieba ships it (sorted, one
// `word freq tag` a line), else word by word as strings; either way the lookup holds
// what the text says (a later line wins), and the same dictionary gives the same bytes
// whatever the order of its lines. The truth is the dictionary text, read here apart.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildLexicon, jiebaDictPath, Lexicon } from '../src/retrieval/lexicon.js';

const open = (text: string) => Lexicon.fromBytes(buildLexicon(Buffer.from(text)))!;

describe('building the dictionary lookup', () => {
  it('holds every word of the installed dictionary with the frequency its line gives, and their total', () => {
    const dict = fs.readFileSync(jiebaDictPath());
    const lex = Lexicon.fromBytes(buildLexicon(dict), dict.length)!;
    let total = 0;
    let words = 0;
    for (const line of dict.toString('utf8').split('\n')) {
      const [word, f] = line.split(' ');
      if (!word || !f) continue;
      words++;
      total += Number(f);
      if (lex.freq(word) !== Number(f)) expect(lex.freq(word), word).toBe(Number(f));
    }
    expect(words).toBeGreaterThan(300_000);
    expect(lex.size).toBe(words);
    expect(lex.total).toBe(total);
  });

  it('reads a sorted dictionary and the same words in any order alike, a repeated word by its last line', () => {
    const lines = ['中国 500 ns', '中国人 80 n', '人民 300 n', 'AA制 3 n', '𠀀𠀁 2 n', '政务公开 40 n'];
    const sorted = [...lines].sort((a, b) =>
      Buffer.compare(Buffer.from(a.split(' ')[0]), Buffer.from(b.split(' ')[0])),
    );
    const bytes = buildLexicon(Buffer.from(`${sorted.join('\n')}\n`));
    expect(buildLexicon(Buffer.from(`${[...sorted].reverse().join('\n')}\n`)).subarray(24)).toEqual(bytes.subarray(24));
    const lex = Lexicon.fromBytes(bytes)!;
    expect(lex.size).toBe(6);
    expect(lex.total).toBe(500 + 80 + 300 + 3 + 2 + 40);
    expect([...lex.wordsIn('中国人民的政务公开和𠀀𠀁')].sort()).toEqual(
      [
        ['中国', 500],
        ['中国人', 80],
        ['人民', 300],
        ['政务公开', 40],
        ['𠀀𠀁', 2],
      ].sort(),
    );
    // A word given twice: the later line wins, as jieba loads it.
    const twice = open('人民 300 n\n中国 500 ns\n人民 7 n\n');
    expect(twice.freq('人民')).toBe(7);
    expect(twice.total).toBe(507);
    // Spaces of other kinds, tabs and missing frequencies read as before: trimmed, split on any space.
    const loose = open('\ufeff中国\t500 ns\r\n  人民   300\n只有词\n\n');
    expect(loose.freq('中国')).toBe(500);
    expect(loose.freq('人民')).toBe(300);
    expect(loose.freq('只有词')).toBeUndefined();
    expect(loose.size).toBe(2);
  });

  it('reads a word after any other kind of space as trimmed, also where the lines are sorted by their bytes', () => {
    // Every character /\s/ takes besides ' ' and '\n' (the same set trim() drops).
    const spaces = [
      '\t',
      '\v',
      '\f',
      '\r',
      '\u00a0',
      '\u1680',
      '\u2028',
      '\u2029',
      '\u202f',
      '\u205f',
      '\u3000',
      '\ufeff',
    ];
    for (let c = 0x2000; c <= 0x200a; c++) spaces.push(String.fromCharCode(c));
    for (const s of spaces) {
      expect(/^\s$/.test(s) && s.trim() === '').toBe(true);
      // Sorted by bytes either way for some of them: only the space itself tells the line apart.
      for (const text of [`人民 300 n\n${s}中国 500 n\n`, `${s}中国 500 n\n人民 300 n\n`]) {
        const lex = open(text);
        expect(lex.freq('中国'), JSON.stringify(text)).toBe(500);
        expect(lex.freq('人民')).toBe(300);
        expect(lex.size).toBe(2);
      }
    }
    // Look-alikes that are not spaces stay part of the word.
    for (const s of ['\u200b', '\u3001', '\u2027', '\u00a1'])
      expect(open(`人民 300 n\n中国${s} 500 n\n`).freq(`中国${s}`)).toBe(500);
  });
});
