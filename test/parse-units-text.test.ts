// unitsText: gathered UTF-16 units made a string, the same string the units spell, as
// String.fromCharCode and TextDecoder('utf-16le') (which it replaced) make of them.
import { expect, it } from 'vitest';
import { unitsText } from '../src/parse/units-text.js';

const UTF16 = new TextDecoder('utf-16le');

it('spells every BMP unit but the surrogates as itself, with what surrounds it', () => {
  const units = new Uint16Array(8);
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    units.set([0x6d1b, c, 0x41, c]);
    const expected = String.fromCharCode(0x6d1b, c, 0x41, c);
    if (unitsText(units, 4) !== expected) throw new Error(`U+${c.toString(16)}`);
  }
  expect(unitsText(units, 0)).toBe('');
});

it('reads only the first n units, from the array view given, as TextDecoder did', () => {
  const text = '洛阳市人民政府办公室 English 1234（一）';
  const backing = new Uint16Array(text.length + 8);
  const view = backing.subarray(3);
  for (let i = 0; i < text.length; i++) view[i] = text.charCodeAt(i);
  expect(unitsText(view, text.length)).toBe(text);
  expect(unitsText(view, 5)).toBe(text.slice(0, 5));
  expect(unitsText(view, text.length)).toBe(UTF16.decode(view.subarray(0, text.length)));
  // A pair of surrogates (an astral character) is kept whole.
  const pair = '表情\ud83d\ude00';
  const astral = Uint16Array.from({ length: pair.length }, (_, i) => pair.charCodeAt(i));
  expect(unitsText(astral, astral.length)).toBe('表情\ud83d\ude00');
});
