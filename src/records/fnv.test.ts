// FNV-1a-64: published vectors, and agreement with a plain BigInt reference on ASCII, non-ASCII and random text.

import { describe, expect, test } from "bun:test";
import {
  fnv1a64NumberOfHex,
  hashFnv1a64BigInt,
  hashFnv1a64BytesHex,
  hashFnv1a64Hex,
  hashFnv1a64Number,
  writeFnv1a64,
} from "./fnv.ts";

function referenceFnv1a64(bytes: Uint8Array): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of bytes) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash;
}

const utf8 = new TextEncoder();

describe("FNV-1a-64", () => {
  test("known vectors", () => {
    expect(hashFnv1a64Hex("")).toBe("cbf29ce484222325");
    expect(hashFnv1a64Hex("a")).toBe("af63dc4c8601ec8c");
    expect(hashFnv1a64Hex("foobar")).toBe("85944171f73967e8");
    expect(hashFnv1a64BigInt("a")).toBe(0xaf63dc4c8601ec8cn);
  });

  test("matches the BigInt reference on ASCII, UTF-8 and random text", () => {
    const samples = ["123456789", "trade-0001", "é", "日本語", "🚀x", "a\u0000b", "x".repeat(1000)];
    let seed = 7;
    for (let n = 0; n < 300; n++) {
      let text = "";
      const length = n % 40;
      for (let i = 0; i < length; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        text += String.fromCharCode(seed % 3 === 0 ? 0x20 + (seed % 0x3000) : 0x20 + (seed % 95));
      }
      samples.push(text);
    }
    for (const text of samples) {
      const expected = referenceFnv1a64(utf8.encode(text)).toString(16).padStart(16, "0");
      expect(hashFnv1a64Hex(text)).toBe(expected);
      expect(hashFnv1a64BytesHex(utf8.encode(text))).toBe(expected);
    }
  });

  test("the 53-bit key: the low 53 bits of the hash, the same from the text and from the hex day files store", () => {
    for (const text of ["", "a", "foobar", "4611686018428108636", "1700000000000-60000.5-0.01-b"]) {
      const expected = Number(hashFnv1a64BigInt(text) & ((1n << 53n) - 1n));
      expect(hashFnv1a64Number(text)).toBe(expected);
      expect(fnv1a64NumberOfHex(hashFnv1a64Hex(text))).toBe(expected);
      expect(Number.isSafeInteger(expected)).toBe(true);
    }
  });

  test("writes the hash as a little-endian u64", () => {
    const bytes = new Uint8Array(10);
    writeFnv1a64("a", new DataView(bytes.buffer), 1);
    expect(Buffer.from(bytes).toString("hex")).toBe("008cec01864cdc63af00");
  });
});
