// readJsonNumberAt against JSON.parse: the same double for every JSON number, the token's end, and no number where
// JSON's grammar has none.

import { describe, expect, test } from "bun:test";
import { createRandom } from "../../../test/reliability/mutate.ts";
import { jsonNumberRead, readJsonNumberAt } from "./json-number.ts";

/** A seeded generator of numbers in [0, 1), so a failure names a case that can be run again. */
const randomOf = (seed: number): (() => number) => createRandom(seed).next;

function digitsOf(random: () => number, count: number): string {
  let text = "";
  for (let i = 0; i < count; i++) text += String(Math.floor(random() * 10));
  return text;
}

/** A random JSON number token: sign, integer part, fraction, exponent, each of random length. */
function jsonNumberText(random: () => number): string {
  const sign = random() < 0.2 ? "-" : "";
  const integerDigits = Math.floor(random() * 18);
  const integer =
    integerDigits === 0 ? "0" : String(1 + Math.floor(random() * 9)) + digitsOf(random, integerDigits - 1);
  const fraction = random() < 0.7 ? `.${digitsOf(random, 1 + Math.floor(random() * 19))}` : "";
  const exponent =
    random() < 0.25
      ? `${random() < 0.5 ? "e" : "E"}${["", "+", "-"][Math.floor(random() * 3)]}${Math.floor(random() * 40)}`
      : "";
  return `${sign}${integer}${fraction}${exponent}`;
}

function readAlone(text: string, start = 0): { value: number; end: number } {
  const value = readJsonNumberAt(text, start);
  return { value, end: jsonNumberRead.end };
}

describe("readJsonNumberAt", () => {
  test("gives JSON.parse's double and the token's end for 200 k random numbers", () => {
    const random = randomOf(20261124);
    for (let i = 0; i < 200_000; i++) {
      const token = jsonNumberText(random);
      const framed = `[${token},1]`;
      const read = readAlone(framed, 1);
      const expected = JSON.parse(token) as number;
      if (!Object.is(read.value, expected) || read.end !== 1 + token.length) {
        throw new Error(`${token}: read ${read.value} ending at ${read.end}, JSON.parse ${expected}`);
      }
    }
  });

  test("prices, sizes, times and ids as venues send them", () => {
    for (const token of [
      "0",
      "-0",
      "0.0",
      "-0.0",
      "0.35130000",
      "6195.00000000",
      "1633998512068",
      "999999999999999",
      "9007199254740993",
      "123456789012345678901234567890",
      "2e-8",
      "2.284E-5",
      "1e22",
      "1e23",
      "1e400",
      "-1e-400",
      "0.1",
      "0.30000000000000004",
      "5e-324",
      "1.7976931348623157e308",
    ]) {
      expect(readAlone(token)).toEqual({ value: JSON.parse(token), end: token.length });
    }
  });

  test("stops where the token ends: what follows is the caller's", () => {
    expect(readAlone("0123")).toEqual({ value: 0, end: 1 });
    expect(readAlone('12.5,"b"')).toEqual({ value: 12.5, end: 4 });
    expect(readAlone("7]")).toEqual({ value: 7, end: 1 });
  });

  test("no number where JSON's grammar has none", () => {
    for (const text of [
      "",
      "-",
      "+1",
      ".5",
      "1.",
      "1.e5",
      "1e",
      "1e+",
      "-x",
      "a",
      '"1"',
      " 1",
      "Infinity",
      "NaN",
    ]) {
      const read = readAlone(text);
      expect({ text, end: read.end, isNaN: Number.isNaN(read.value) }).toEqual({
        text,
        end: -1,
        isNaN: true,
      });
    }
  });
});
