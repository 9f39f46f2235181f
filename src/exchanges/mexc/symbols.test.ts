// MEXC symbol rules: spot `BTCUSDT` split by quote suffix, futures `BTC_USDT` (linear, settles in the quote) and
// `BTC_USD` (inverse, settles in the base), both ways, and how the hub resolves user input with them.

import { describe, expect, test } from "bun:test";
import { formatCanonical } from "../../core/index.ts";
import { resolveSymbol } from "../../hub/symbols.ts";
import { mexc } from "./index.ts";
import { canonicalOfMexcNative, fromMexcNative, toMexcNative } from "./symbols.ts";

describe("native → canonical", () => {
  test.each([
    ["BTCUSDT", "spot", "BTC/USDT"],
    ["ETHBTC", "spot", "ETH/BTC"],
    ["MXUSDC", "spot", "MX/USDC"],
    ["PEPEUSD1", "spot", "PEPE/USD1"],
    ["BTC_USDT", "linear", "BTC/USDT:USDT"],
    ["ETH_USDC", "linear", "ETH/USDC:USDC"],
    ["1000PEPE_USDT", "linear", "1000PEPE/USDT:USDT"],
    ["BTC_USD", "inverse", "BTC/USD:BTC"],
  ] as const)("%s on %s → %s", (native, account, canonical) => {
    expect(canonicalOfMexcNative(native, account)).toBe(canonical);
  });

  test("names that do not fit the account are refused", () => {
    expect(fromMexcNative("BTC_USDT", "spot")).toBeUndefined();
    expect(fromMexcNative("BTCUSDT", "linear")).toBeUndefined();
    expect(fromMexcNative("BTC_USD", "linear")).toBeUndefined();
    expect(fromMexcNative("BTC_USDT", "inverse")).toBeUndefined();
    expect(fromMexcNative("BTC_USDT", "option")).toBeUndefined();
    expect(fromMexcNative("XYZ", "spot")).toBeUndefined();
  });
});

describe("canonical → native", () => {
  test("spot concatenates, futures join with an underscore", () => {
    expect(toMexcNative({ base: "BTC", quote: "USDT" }, "spot")).toBe("BTCUSDT");
    expect(toMexcNative({ base: "btc", quote: "usdt", settle: "USDT" }, "linear")).toBe("BTC_USDT");
    expect(toMexcNative({ base: "BTC", quote: "USD", settle: "BTC" }, "inverse")).toBe("BTC_USD");
  });

  test("round trip", () => {
    for (const [native, account] of [
      ["BTCUSDT", "spot"],
      ["BTC_USDT", "linear"],
      ["BTC_USD", "inverse"],
    ] as const) {
      const parts = fromMexcNative(native, account)!;
      expect(toMexcNative(parts, account)).toBe(native);
      expect(formatCanonical(parts)).toBe(canonicalOfMexcNative(native, account)!);
    }
  });
});

describe("user input through the hub's resolver (no instrument list)", () => {
  test.each([
    ["BTC/USDT", "spot", "BTC/USDT", "BTCUSDT"],
    ["btcusdt", "spot", "BTC/USDT", "BTCUSDT"],
    ["BTC-USDT", "spot", "BTC/USDT", "BTCUSDT"],
    ["BTC/USDT", "linear", "BTC/USDT:USDT", "BTC_USDT"],
    ["BTC/USDT:USDT", "linear", "BTC/USDT:USDT", "BTC_USDT"],
    ["BTC_USDT", "linear", "BTC/USDT:USDT", "BTC_USDT"],
    ["BTC/USD", "inverse", "BTC/USD:BTC", "BTC_USD"],
  ] as const)("%s on %s → %s (%s)", (input, account, symbol, native) => {
    expect(resolveSymbol(mexc, account, input)).toEqual({ symbol, native });
  });
});
