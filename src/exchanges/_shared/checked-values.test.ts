// The checked readers against JSON.parse and `toNumber`: the same double for every text of their form, the right end
// (and dot), and -1 for every text of another form.

import { describe, expect, test } from "bun:test";
import { createRandom } from "../../../test/reliability/mutate.ts";
import { checkedRead, readDecimalTextAt, readShortJsonNumberAt } from "./checked-values.ts";
import { toNumber } from "./values.ts";

function digitsOf(next: () => number, count: number): string {
  let text = "";
  for (let i = 0; i < count; i++) text += String(Math.floor(next() * 10));
  return text;
}

describe("readShortJsonNumberAt", () => {
  test("reads JSON.parse's double, ending at the first character after the number, for 100 k short numbers", () => {
    const next = createRandom(20261125).next;
    for (let i = 0; i < 100_000; i++) {
      const integerDigits = 1 + Math.floor(next() * 12);
      const integer =
        integerDigits === 1
          ? digitsOf(next, 1)
          : String(1 + Math.floor(next() * 9)) + digitsOf(next, integerDigits - 1);
      const fractionDigits = Math.floor(next() * (15 - integerDigits));
      const token = fractionDigits === 0 ? integer : `${integer}.${digitsOf(next, fractionDigits)}`;
      const value = readShortJsonNumberAt(`[${token},1]`, 1);
      expect(Object.is(value, JSON.parse(token)) || token).toBe(true);
      expect(checkedRead.end).toBe(1 + token.length);
    }
  });

  test("stops where the number does, the rest left to the caller", () => {
    for (const [text, value, end] of [
      ["0]", 0, 1],
      ["1.25.5", 1.25, 4],
      ["36500}", 36500, 5],
    ] as const) {
      expect(readShortJsonNumberAt(text, 0)).toBe(value);
      expect(checkedRead.end).toBe(end);
    }
  });

  test("refuses every other form", () => {
    for (const text of [
      "",
      "-1",
      "+1",
      ".5",
      "5.",
      "5.e3",
      "1e5",
      "1E5",
      "1.5e3",
      "00.5",
      "012",
      "1234567890123456",
      "x",
    ]) {
      expect(readShortJsonNumberAt(`${text},`, 0)).toBeNaN();
      expect(checkedRead.end || text).toBe(-1);
    }
  });
});

describe("readDecimalTextAt", () => {
  test("reads toNumber's double, the closing quote and the dot, for 100 k decimal texts of 1 to 20 digits", () => {
    const next = createRandom(20261126).next;
    for (let i = 0; i < 100_000; i++) {
      const integer = digitsOf(next, 1 + Math.floor(next() * 12));
      const text = next() < 0.7 ? `${integer}.${digitsOf(next, 1 + Math.floor(next() * 8))}` : integer;
      const value = readDecimalTextAt(`"${text}"`, 1);
      expect(Object.is(value, toNumber(text)) || text).toBe(true);
      expect(checkedRead.end).toBe(1 + text.length);
      expect(checkedRead.dotAt).toBe(1 + (text.includes(".") ? text.indexOf(".") : text.length));
    }
  });

  test("refuses texts that are no DECIMAL, or not closed by a quote", () => {
    for (const text of ['"', '."', '.5"', '5."', '-1"', '+1"', '1e5"', ' 1"', '1 "', '1.2.3"', "12"]) {
      expect(readDecimalTextAt(text, 0)).toBeNaN();
      expect(checkedRead.end || text).toBe(-1);
    }
  });
});
