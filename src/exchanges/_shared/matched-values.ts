// Values read where they lie in a frame a whole-frame pattern (frame-patterns.ts) has matched: the walk after the
// match knows the layout, so these readers check nothing the pattern checked and copy nothing to read a number.

import { POW10, readDecimalIn } from "./values.ts";

const ZERO = 48;
const NINE = 57;
const DOT = 46;

/** Where the last `readMatchedDecimalAt` stopped: just past the text it read. */
export const matchedDecimalRead = { end: 0 };

/**
 * The DECIMAL text (or JSON integer) a pattern matched at `start`, read forward to its end, to the double
 * `readDecimalIn(text, start, end)` gives, which is `Number`'s of the text and JSON.parse's of an integer token. Up to
 * 17 characters whose digits stay below 2^53 are read here (one exact mantissa, one correctly rounded division by an
 * exact power of ten); longer texts are `readDecimalIn`'s.
 */
export function readMatchedDecimalAt(text: string, start: number): number {
  let pos = start;
  // `| 0`: past the end `charCodeAt` is NaN, which would make every code a double; 0 is no digit.
  let code = text.charCodeAt(pos) | 0;
  let mantissa = 0;
  do {
    mantissa = mantissa * 10 + (code - ZERO);
    code = text.charCodeAt(++pos) | 0;
  } while (code >= ZERO && code <= NINE);
  let fractionDigits = 0;
  if (code === DOT) {
    const dotAt = pos;
    code = text.charCodeAt(++pos) | 0;
    do {
      mantissa = mantissa * 10 + (code - ZERO);
      code = text.charCodeAt(++pos) | 0;
    } while (code >= ZERO && code <= NINE);
    fractionDigits = pos - dotAt - 1;
  }
  matchedDecimalRead.end = pos;
  if (pos - start > 17 || mantissa > Number.MAX_SAFE_INTEGER) return readDecimalIn(text, start, pos);
  return fractionDigits === 0 ? mantissa : mantissa / POW10[fractionDigits]!;
}

/** Where the digits starting at `start` end (a matched integer skipped, not read). */
export function digitsEndAt(text: string, start: number): number {
  let pos = start;
  let code = text.charCodeAt(pos) | 0;
  while (code >= ZERO && code <= NINE) code = text.charCodeAt(++pos) | 0;
  return pos;
}
