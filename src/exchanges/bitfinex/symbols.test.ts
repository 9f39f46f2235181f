// Bitfinex symbol rules both ways: 6-letter and colon spot pairs, perpetuals, Bitfinex currency codes (UST = USDT),
// and the hub's resolution of user input against them.

import { describe, expect, test } from "bun:test";
import { withAccountSettle } from "../../core/index.ts";
import { resolveSymbol } from "../../hub/symbols.ts";
import { bitfinex } from "./index.ts";
import {
  bitfinexCurrencyOf,
  canonicalOfNative,
  commonCurrencyOf,
  fromBitfinexNative,
  isPerpetualNative,
  toBitfinexNative,
} from "./symbols.ts";

describe("canonical → native", () => {
  test("spot: three-letter sides concatenate, a longer side takes a colon; USDT is UST", () => {
    expect(toBitfinexNative({ base: "BTC", quote: "USD" }, "spot")).toBe("tBTCUSD");
    expect(toBitfinexNative({ base: "BTC", quote: "USDT" }, "spot")).toBe("tBTCUST");
    expect(toBitfinexNative({ base: "ETH", quote: "EURT" }, "spot")).toBe("tETHEUT");
    expect(toBitfinexNative({ base: "AVAX", quote: "USD" }, "spot")).toBe("tAVAX:USD");
    expect(toBitfinexNative({ base: "AVAX", quote: "USDT" }, "spot")).toBe("tAVAX:UST");
    expect(toBitfinexNative({ base: "TESTBTC", quote: "TESTUSD" }, "spot")).toBe("tTESTBTC:TESTUSD");
  });

  test("linear: perpetuals always use the colon form, F0 on both sides", () => {
    const perp = withAccountSettle({ base: "BTC", quote: "USDT" }, "linear");
    expect(toBitfinexNative(perp, "linear")).toBe("tBTCF0:USTF0");
    expect(toBitfinexNative({ base: "ETH", quote: "USDT", settle: "USDT" }, "linear")).toBe("tETHF0:USTF0");
    expect(toBitfinexNative({ base: "DOT", quote: "BTC", settle: "BTC" }, "linear")).toBe("tDOTF0:BTCF0");
  });
});

describe("native → canonical", () => {
  test("spot", () => {
    expect(fromBitfinexNative("tBTCUSD", "spot")).toEqual({ base: "BTC", quote: "USD" });
    expect(fromBitfinexNative("tBTCUST", "spot")).toEqual({ base: "BTC", quote: "USDT" });
    expect(fromBitfinexNative("tAVAX:UST", "spot")).toEqual({ base: "AVAX", quote: "USDT" });
    expect(fromBitfinexNative("tTESTBTC:TESTUSD", "spot")).toEqual({ base: "TESTBTC", quote: "TESTUSD" });
    expect(fromBitfinexNative("tDSHBTC", "spot")).toEqual({ base: "DASH", quote: "BTC" });
  });

  test("linear", () => {
    expect(fromBitfinexNative("tBTCF0:USTF0", "linear")).toEqual({
      base: "BTC",
      quote: "USDT",
      settle: "USDT",
    });
    expect(fromBitfinexNative("tBTCDOMF0:USTF0", "linear")).toEqual({
      base: "BTCDOM",
      quote: "USDT",
      settle: "USDT",
    });
    expect(canonicalOfNative("tETHF0:BTCF0", "linear")).toBe("ETH/BTC:BTC");
  });

  test("names that do not fit the account are refused", () => {
    expect(fromBitfinexNative("tBTCF0:USTF0", "spot")).toBeUndefined();
    expect(fromBitfinexNative("tBTCUSD", "linear")).toBeUndefined();
    expect(fromBitfinexNative("BTCUSD", "spot")).toBeUndefined();
    expect(fromBitfinexNative("tBTCUSDT", "spot")).toBeUndefined();
    expect(fromBitfinexNative("fUSD", "spot")).toBeUndefined();
    expect(fromBitfinexNative("tBTCUSD", "inverse")).toBeUndefined();
  });

  test("the venue's currency map wins over the built-in codes", () => {
    const names = new Map([["DOG", "MDOGE"]]);
    expect(fromBitfinexNative("tDOGUSD", "spot", names)).toEqual({ base: "MDOGE", quote: "USD" });
    expect(fromBitfinexNative("tDOGUSD", "spot")).toEqual({ base: "DOG", quote: "USD" });
    expect(commonCurrencyOf("ust")).toBe("USDT");
    expect(bitfinexCurrencyOf("usdt")).toBe("UST");
    expect(bitfinexCurrencyOf("BTC")).toBe("BTC");
  });

  test("round trips", () => {
    for (const native of ["tBTCUSD", "tBTCUST", "tAVAX:UST", "tIOTETH", "tTESTBTC:TESTUSD"]) {
      expect(toBitfinexNative(fromBitfinexNative(native, "spot")!, "spot")).toBe(native);
    }
    for (const native of ["tBTCF0:USTF0", "tEURF0:USTF0", "tXAUTF0:BTCF0"]) {
      expect(toBitfinexNative(fromBitfinexNative(native, "linear")!, "linear")).toBe(native);
    }
  });

  test("perpetual names", () => {
    expect(isPerpetualNative("tBTCF0:USTF0")).toBe(true);
    expect(isPerpetualNative("tBTCUSD")).toBe(false);
    expect(isPerpetualNative("tAVAX:USD")).toBe(false);
  });
});

describe("user input through the hub's resolver (no instrument list)", () => {
  test("canonical and native inputs", () => {
    expect(resolveSymbol(bitfinex, "spot", "BTC/USDT")).toEqual({ symbol: "BTC/USDT", native: "tBTCUST" });
    expect(resolveSymbol(bitfinex, "spot", "btc-usd")).toEqual({ symbol: "BTC/USD", native: "tBTCUSD" });
    expect(resolveSymbol(bitfinex, "spot", "tBTCUST")).toEqual({ symbol: "BTC/USDT", native: "tBTCUST" });
    expect(resolveSymbol(bitfinex, "linear", "BTC/USDT")).toEqual({
      symbol: "BTC/USDT:USDT",
      native: "tBTCF0:USTF0",
    });
    expect(resolveSymbol(bitfinex, "linear", "tBTCF0:USTF0")).toEqual({
      symbol: "BTC/USDT:USDT",
      native: "tBTCF0:USTF0",
    });
  });
});
