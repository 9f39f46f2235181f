// toNumber against Number: the same double for every numeric text a venue may send, NaN for an empty text and for
// `"."`, and numbers passed through.

import { describe, expect, test } from "bun:test";
import { createRandom } from "../../../test/reliability/mutate.ts";
import { toNumber } from "./values.ts";

function digitsOf(next: () => number, count: number): string {
  let text = "";
  for (let i = 0; i < count; i++) text += String(Math.floor(next() * 10));
  return text;
}

describe("toNumber", () => {
  test("reads Number's double for 100 k decimal texts of 1 to 25 characters, leading and trailing zeros too", () => {
    const next = createRandom(20261127).next;
    for (let i = 0; i < 100_000; i++) {
      const integer = digitsOf(next, Math.floor(next() * 14));
      const fraction = next() < 0.7 ? `.${digitsOf(next, Math.floor(next() * 11))}` : "";
      const text = integer + fraction;
      if (text === "" || text === ".") continue;
      expect(Object.is(toNumber(text), Number(text)) || text).toBe(true);
    }
  });

  test("texts that are no plain decimal read as Number reads them; an empty text and a lone dot are NaN", () => {
    for (const text of [
      "-1.5",
      "+2",
      "1e5",
      " 12 ",
      "0x10",
      "Infinity",
      "abc",
      "1.2.3",
      "12345678901234567",
      "9007199254740993",
    ]) {
      expect(Object.is(toNumber(text), Number(text)) || text).toBe(true);
    }
    expect(toNumber("")).toBeNaN();
    expect(toNumber(".")).toBeNaN();
    expect(toNumber(42.5)).toBe(42.5);
    expect(toNumber(null)).toBeNaN();
  });
});
