// dYdX v4 tickers ↔ canonical symbols: `BTC-USD` ↔ `BTC/USD:USDC` (USD-quoted, USDC-settled perpetuals only).

import { describe, expect, test } from "bun:test";
import { canonicalOfDydx, dydxSymbols } from "./symbols.ts";

describe("dydx symbols", () => {
  test("toNative", () => {
    expect(dydxSymbols.toNative({ base: "BTC", quote: "USD", settle: "USDC" }, "linear")).toBe("BTC-USD");
    expect(dydxSymbols.toNative({ base: "1INCH", quote: "USD", settle: "USDC" }, "linear")).toBe("1INCH-USD");
  });

  test("fromNative: linear only, upper-cased, USDC settle", () => {
    expect(dydxSymbols.fromNative("BTC-USD", "linear")).toEqual({
      base: "BTC",
      quote: "USD",
      settle: "USDC",
    });
    expect(dydxSymbols.fromNative("1INCH-USD", "linear")).toEqual({
      base: "1INCH",
      quote: "USD",
      settle: "USDC",
    });
    expect(dydxSymbols.fromNative("BTC-USD", "spot")).toBeUndefined();
    expect(dydxSymbols.fromNative("BTCUSD", "linear")).toBeUndefined();
    expect(dydxSymbols.fromNative("BTC-USD/1MIN", "linear")).toBeUndefined();
  });

  test("round trip and canonical text", () => {
    for (const native of ["BTC-USD", "ETH-USD", "PEPE-USD"]) {
      const parts = dydxSymbols.fromNative(native, "linear")!;
      expect(dydxSymbols.toNative(parts, "linear")).toBe(native);
    }
    expect(canonicalOfDydx("ETH-USD")).toBe("ETH/USD:USDC");
    expect(canonicalOfDydx("weird")).toBe("weird");
  });
});
