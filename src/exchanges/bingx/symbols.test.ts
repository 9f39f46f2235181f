// BingX symbol rules: `BASE-QUOTE` on every market, the account deciding the settle coin (linear: the quote,
// inverse: the base); names that do not fit an account are refused; both directions round-trip.

import { describe, expect, test } from "bun:test";
import { type Account, formatCanonical, parseCanonical, withAccountSettle } from "../../core/index.ts";
import { canonicalOfNative, fromBingxNative, toBingxNative } from "./symbols.ts";

describe("native → canonical", () => {
  test("spot pairs", () => {
    expect(fromBingxNative("BTC-USDT", "spot")).toEqual({ base: "BTC", quote: "USDT" });
    expect(canonicalOfNative("ETH-USDC", "spot")).toBe("ETH/USDC");
    expect(canonicalOfNative("1000PEPE-USDT", "spot")).toBe("1000PEPE/USDT");
    expect(canonicalOfNative("btc-usdt", "spot")).toBe("BTC/USDT");
  });

  test("USDT-M and USDC-M perpetuals settle in the quote; -USD pairs are not linear", () => {
    expect(fromBingxNative("BTC-USDT", "linear")).toEqual({ base: "BTC", quote: "USDT", settle: "USDT" });
    expect(canonicalOfNative("BTC-USDC", "linear")).toBe("BTC/USDC:USDC");
    expect(canonicalOfNative("NCCOGOLD2USD-USDT", "linear")).toBe("NCCOGOLD2USD/USDT:USDT");
    expect(fromBingxNative("BTC-USD", "linear")).toBeUndefined();
  });

  test("Coin-M perpetuals settle in the base", () => {
    expect(fromBingxNative("BTC-USD", "inverse")).toEqual({ base: "BTC", quote: "USD", settle: "BTC" });
    expect(canonicalOfNative("ETH-USD", "inverse")).toBe("ETH/USD:ETH");
    expect(fromBingxNative("BTC-USDT", "inverse")).toBeUndefined();
  });

  test("names without exactly one dash, and options, are refused", () => {
    for (const native of ["BTCUSDT", "BTC_USDT", "BTC-USDT-SWAP", "-USDT", "BTC-", "", "BTC/USDT"])
      expect(fromBingxNative(native, "spot")).toBeUndefined();
    expect(fromBingxNative("BTC-USDT", "option")).toBeUndefined();
  });
});

describe("canonical → native", () => {
  test("the settle coin does not show", () => {
    expect(toBingxNative({ base: "BTC", quote: "USDT" }, "spot")).toBe("BTC-USDT");
    expect(toBingxNative({ base: "BTC", quote: "USDT", settle: "USDT" }, "linear")).toBe("BTC-USDT");
    expect(toBingxNative({ base: "btc", quote: "usd", settle: "BTC" }, "inverse")).toBe("BTC-USD");
  });

  test("round trip through the canonical text on every account", () => {
    const cases: Array<[Account, string, string]> = [
      ["spot", "BTC/USDT", "BTC-USDT"],
      ["linear", "BTC/USDT", "BTC-USDT"],
      ["linear", "BTC/USDC:USDC", "BTC-USDC"],
      ["inverse", "BTC/USD", "BTC-USD"],
    ];
    for (const [account, input, native] of cases) {
      const parts = withAccountSettle(parseCanonical(input)!, account);
      expect(toBingxNative(parts, account)).toBe(native);
      expect(formatCanonical(fromBingxNative(native, account)!)).toBe(formatCanonical(parts));
    }
  });
});
