// writeU64Hex: 16 hex digits write what the BigInt reading of the text says, at any offset, and other text (short,
// non-hex, non-ASCII) goes the parseInt way it always went. writeI64 / writeU64: the
// two's-complement halves BigInt gives, for values on both sides of every 2^32 boundary.

import { describe, expect, test } from "bun:test";
import { readI64, readU64, writeI64, writeU64, writeU64Hex } from "./binary.ts";

function writtenBy(hex: string): bigint {
  const view = new DataView(new ArrayBuffer(8));
  writeU64Hex(view, 0, hex);
  return view.getBigUint64(0, true);
}

/** The general path as it was: two halves through parseInt, NaN as 0. */
function parsedHalves(hex: string): bigint {
  const digits = hex.length >= 16 ? hex : hex.padStart(16, "0");
  const hi = Number.parseInt(digits.slice(0, 8), 16) >>> 0;
  const lo = Number.parseInt(digits.slice(8, 16), 16) >>> 0;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

describe("writeU64Hex", () => {
  test("16 hex digits, either case, every digit in every place", () => {
    const digits = "0123456789abcdefABCDEF";
    for (let shift = 0; shift < digits.length; shift++) {
      const hex = Array.from({ length: 16 }, (_, i) => digits[(i + shift) % digits.length]).join("");
      expect(writtenBy(hex)).toBe(BigInt(`0x${hex}`));
    }
    expect(writtenBy("ffffffffffffffff")).toBe(0xffffffffffffffffn);
    expect(writtenBy("8000000000000000")).toBe(0x8000000000000000n);
    expect(writtenBy("0000000000000000")).toBe(0n);
  });

  test("at an unaligned offset, little-endian", () => {
    const view = new DataView(new ArrayBuffer(16));
    for (const hex of ["cbf29ce484222325", "00000000ffffffff", "ffffffff00000000", "0123456789abcdef"]) {
      writeU64Hex(view, 3, hex);
      expect(view.getBigUint64(3, true)).toBe(BigInt(`0x${hex}`));
    }
  });

  test("other text: the parseInt halves, NaN as 0", () => {
    for (const hex of [
      "abc",
      "1",
      "",
      "0123456789abcdeg",
      "012345678 abcdef",
      "0123456789abcdé0",
      "z123456789abcdef",
    ]) {
      expect(writtenBy(hex)).toBe(parsedHalves(hex));
    }
  });
});

describe("writeI64 and writeU64", () => {
  const values = [
    0,
    1,
    -1,
    0.9,
    -0.9,
    2 ** 31,
    -(2 ** 31),
    2 ** 32 - 1,
    2 ** 32,
    2 ** 32 + 1,
    -(2 ** 32),
    -(2 ** 32) - 1,
    1_704_067_200_123,
    -1_704_067_200_123,
    1_704_067_200_123.75,
    2 ** 53 - 1,
    -(2 ** 53 - 1),
    2 ** 62,
    -(2 ** 63),
  ];

  test("i64: the value truncated toward zero, two's complement", () => {
    const view = new DataView(new ArrayBuffer(12));
    for (const value of values) {
      writeI64(view, 2, value);
      expect(view.getBigInt64(2, true)).toBe(BigInt(Math.trunc(value)));
      if (Math.abs(value) < 2 ** 53) expect(readI64(view, 2)).toBe(Math.trunc(value) || 0);
    }
    writeI64(view, 2, Number.NaN);
    expect(view.getBigInt64(2, true)).toBe(0n);
  });

  test("u64: the value truncated, negative and NaN as 0", () => {
    const view = new DataView(new ArrayBuffer(12));
    for (const value of values) {
      writeU64(view, 2, value);
      expect(view.getBigUint64(2, true)).toBe(value > 0 ? BigInt(Math.trunc(value)) : 0n);
      if (value > 0 && value < 2 ** 53) expect(readU64(view, 2)).toBe(Math.trunc(value));
    }
    writeU64(view, 2, Number.NaN);
    expect(view.getBigUint64(2, true)).toBe(0n);
  });
});
