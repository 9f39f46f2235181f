// Values read where they lie in a frame that no pattern has checked: each reader checks the form as it reads, and
// says where the value ended (`checkedRead.end`), or -1 for a text of any other form, which the caller then hands to
// its general reader or to the JSON.parse path. Short enough for the compiler to inline into a venue's walk.

import { POW10, readDecimalIn } from "./values.ts";

const QUOTE = 34;
const UPPER_B = 66;
const UPPER_E = 69;
const UPPER_L = 76;
const UPPER_S = 83;
const UPPER_U = 85;
const UPPER_Y = 89;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const BACKSLASH = 92;
const SPACE = 32;
const LOWER_E = 101;

/**
 * Where the last reader of this file stopped (see each), or -1 when the text was of another form; for
 * `readDecimalTextAt`, also where its text's dot is (the end for a text without one).
 */
export const checkedRead = { end: -1, dotAt: -1 };

/**
 * The JSON number at `start` in the form prices, sizes, counts and times take, `(0|[1-9]\d*)(\.\d+)?` in at most 15
 * characters, to the double JSON.parse gives: the integer digits, then the fraction's, make one exact mantissa (one
 * test a digit), divided once by the exact power of ten the dot says; its end (the character after it) in
 * `checkedRead.end`. Any other form (a sign, an exponent, more characters, a leading zero before a digit, a dot
 * without digits on both sides) gives NaN and -1. What follows the number is the caller's to check.
 */
export function readShortJsonNumberAt(text: string, start: number): number {
  let pos = start;
  // `| 0`: past the end `charCodeAt` is NaN, which would make every code a double; 0 is no digit.
  let code = text.charCodeAt(pos) | 0;
  let mantissa = 0;
  while (code >= ZERO && code <= NINE) {
    mantissa = mantissa * 10 + (code - ZERO);
    code = text.charCodeAt(++pos) | 0;
  }
  const integerDigits = pos - start;
  let fractionDigits = 0;
  if (code === DOT) {
    const fractionStart = pos + 1;
    code = text.charCodeAt(++pos) | 0;
    while (code >= ZERO && code <= NINE) {
      mantissa = mantissa * 10 + (code - ZERO);
      code = text.charCodeAt(++pos) | 0;
    }
    // A dot with no digit after it: no fraction, and the form refused below.
    fractionDigits = pos === fractionStart ? -1 : pos - fractionStart;
  }
  if (
    integerDigits === 0 ||
    fractionDigits < 0 ||
    pos - start > 15 ||
    (code | 32) === LOWER_E ||
    (integerDigits > 1 && text.charCodeAt(start) === ZERO)
  ) {
    checkedRead.end = -1;
    return Number.NaN;
  }
  checkedRead.end = pos;
  return fractionDigits === 0 ? mantissa : mantissa / POW10[fractionDigits]!;
}

/**
 * The DECIMAL text (`\d+(\.\d+)?`, leading zeros too) from `start` (just past its opening quote) to its closing
 * quote, to the double `toNumber` gives of it, the quote's index in `checkedRead.end` and the dot's in
 * `checkedRead.dotAt`: up to 17 characters whose digits stay below 2^53 are one exact mantissa (one test a digit)
 * divided once by an exact power of ten, longer texts `readDecimalIn`'s. Any other text gives NaN and -1.
 */
export function readDecimalTextAt(text: string, start: number): number {
  let pos = start;
  let code = text.charCodeAt(pos) | 0;
  checkedRead.end = -1;
  if (code < ZERO || code > NINE) return Number.NaN;
  let mantissa = 0;
  do {
    mantissa = mantissa * 10 + (code - ZERO);
    code = text.charCodeAt(++pos) | 0;
  } while (code >= ZERO && code <= NINE);
  const dotAt = pos;
  if (code === DOT) {
    code = text.charCodeAt(++pos) | 0;
    if (code < ZERO || code > NINE) return Number.NaN;
    do {
      mantissa = mantissa * 10 + (code - ZERO);
      code = text.charCodeAt(++pos) | 0;
    } while (code >= ZERO && code <= NINE);
  }
  if (code !== QUOTE) return Number.NaN;
  checkedRead.end = pos;
  checkedRead.dotAt = dotAt;
  if (pos - start > 17 || mantissa > Number.MAX_SAFE_INTEGER) return readDecimalIn(text, start, pos);
  return dotAt === pos ? mantissa : mantissa / POW10[pos - dotAt - 1]!;
}

/**
 * Where the JSON string text from `start` (just past its opening quote) ends, its closing quote: a text JSON.parse
 * gives unchanged (no escape or control character), not empty; else -1. Past the frame's end `charCodeAt` is NaN,
 * `| 0` a control character: the scan stops there.
 */
export function plainTextEndAt(text: string, start: number): number {
  return text.charCodeAt(start) === QUOTE ? -1 : anyPlainTextEndAt(text, start);
}

/**
 * `plainTextEndAt` of a text that may be empty: where the JSON string text from `start` ends, its closing quote, or
 * -1 at an escape, a control character or the frame's end (`| 0` makes the NaN past it a control character).
 */
export function anyPlainTextEndAt(text: string, start: number): number {
  let pos = start;
  let code = text.charCodeAt(pos) | 0;
  while (code !== QUOTE) {
    if (code < SPACE || code === BACKSLASH) return -1;
    code = text.charCodeAt(++pos) | 0;
  }
  return pos;
}

/**
 * Where the side text `BUY` or `SELL` from `start` (just past its opening quote) ends, its closing quote; -1 for any
 * other text. Compared code by code: a call to `startsWith` a literal costs more than the compares.
 */
export function upperSideEndAt(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === UPPER_B)
    return text.charCodeAt(start + 1) === UPPER_U &&
      text.charCodeAt(start + 2) === UPPER_Y &&
      text.charCodeAt(start + 3) === QUOTE
      ? start + 3
      : -1;
  return first === UPPER_S &&
    text.charCodeAt(start + 1) === UPPER_E &&
    text.charCodeAt(start + 2) === UPPER_L &&
    text.charCodeAt(start + 3) === UPPER_L &&
    text.charCodeAt(start + 4) === QUOTE
    ? start + 4
    : -1;
}
