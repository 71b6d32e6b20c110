// UTF-16 units gathered in a Uint16Array, made one string. Pure.
//
// Why not TextDecoder('utf-16le'): Node decodes that through ICU's converter, ~2–3 µs for
// a 2,300-unit report text; a Buffer over the same memory read as 'ucs2' is a copy of the
// units (~0.4 µs). The same string for units with no lone surrogate and no leading U+FEFF
// (TextDecoder drops a leading BOM and replaces a lone surrogate): callers never pass these.

/** The first `n` units of `units` as a string. */
export function unitsText(units: Uint16Array, n: number): string {
  return Buffer.from(units.buffer, units.byteOffset, n * 2).toString('ucs2');
}
