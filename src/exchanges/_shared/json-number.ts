// A JSON number token read where it lies in a frame, to the double JSON.parse gives, with no slice made: the one
// number reader of the in-place frame readers (FrameScanner and the venues' own).

import { POW10 } from "./values.ts";

const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const UPPER_E = 69;
const LOWER_E = 101;

/** Digits read in place: below 10^15 every integer is an exact double. */
const EXACT_DIGITS = 15;
/** 10^22 is the largest power of ten a double holds exactly. */
const MAX_EXACT_POWER = 22;

/** Where the last `readJsonNumberAt` stopped: just past the number, or -1 when no number started there. */
export const jsonNumberRead = { end: -1 };

/**
 * The JSON number token at `start` (`-12.5e3`), to the double JSON.parse gives; NaN, with `jsonNumberRead.end` -1,
 * where none starts there. What follows the token is the caller's to check (`0123` reads as 0, ending before `1`).
 *
 * The digits are read into one double mantissa (one multiply-add a digit, with no test but the digit's); with at
 * most 15 of them it is an exact integer m, scaled once by the exact 10^k (|k| ≤ 22): one correctly rounded
 * operation, so the double JSON.parse gives. Longer numbers and larger exponents are validated here and read by
 * `Number`, which reads JSON's grammar to the same double.
 */
export function readJsonNumberAt(text: string, start: number): number {
  let pos = start;
  // `| 0`: past the end `charCodeAt` is NaN, which would make every code a double; 0 is no digit.
  let code = text.charCodeAt(pos) | 0;
  const isNegative = code === MINUS;
  if (isNegative) code = text.charCodeAt(++pos) | 0;
  let mantissa = 0;
  // Significant digits: a lone integer `0` adds none.
  let digits = 0;
  if (code === ZERO) {
    code = text.charCodeAt(++pos) | 0;
  } else if (code > ZERO && code <= NINE) {
    const integerStart = pos;
    do {
      mantissa = mantissa * 10 + (code - ZERO);
      code = text.charCodeAt(++pos) | 0;
    } while (code >= ZERO && code <= NINE);
    digits = pos - integerStart;
  } else {
    return noNumber();
  }
  // The power of ten the mantissa is scaled by: minus the fraction's digits, plus the exponent.
  let power = 0;
  if (code === DOT) {
    const fractionStart = pos + 1;
    code = text.charCodeAt(++pos) | 0;
    if (!(code >= ZERO && code <= NINE)) return noNumber();
    do {
      mantissa = mantissa * 10 + (code - ZERO);
      code = text.charCodeAt(++pos) | 0;
    } while (code >= ZERO && code <= NINE);
    power = fractionStart - pos;
    digits -= power;
  }
  if (code === LOWER_E || code === UPPER_E) {
    code = text.charCodeAt(++pos) | 0;
    const isNegativeExponent = code === MINUS;
    if (isNegativeExponent || code === PLUS) code = text.charCodeAt(++pos) | 0;
    if (!(code >= ZERO && code <= NINE)) return noNumber();
    let exponent = 0;
    do {
      // Past four digits the exponent is out of any fast range: `Number` reads it below.
      if (exponent < 10_000) exponent = exponent * 10 + (code - ZERO);
      code = text.charCodeAt(++pos) | 0;
    } while (code >= ZERO && code <= NINE);
    power += isNegativeExponent ? -exponent : exponent;
  }
  jsonNumberRead.end = pos;
  if (digits > EXACT_DIGITS || power < -MAX_EXACT_POWER || power > MAX_EXACT_POWER)
    return Number(text.slice(start, pos));
  const value = power === 0 ? mantissa : power < 0 ? mantissa / POW10[-power]! : mantissa * POW10[power]!;
  return isNegative ? -value : value;
}

function noNumber(): number {
  jsonNumberRead.end = -1;
  return Number.NaN;
}
