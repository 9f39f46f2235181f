// Gate.io symbol rules: `BASE_QUOTE` both ways on every account, the settle currency each futures account implies,
// the settle a contract name reveals, and resolution of user input through the hub's resolver.

import { describe, expect, test } from "bun:test";
import { resolveSymbol } from "../../hub/symbols.ts";
import { gateio } from "./index.ts";
import { canonicalOfGateNative, fromGateNative, futuresAccountOfNative, toGateNative } from "./symbols.ts";

describe("gateio symbols", () => {
  test("canonical → native: BASE_QUOTE, the settle implied by the account", () => {
    expect(toGateNative({ base: "BTC", quote: "USDT" }, "spot")).toBe("BTC_USDT");
    expect(toGateNative({ base: "BTC", quote: "USDT", settle: "USDT" }, "linear")).toBe("BTC_USDT");
    expect(toGateNative({ base: "BTC", quote: "USD", settle: "BTC" }, "inverse")).toBe("BTC_USD");
    expect(toGateNative({ base: "eth", quote: "btc" }, "spot")).toBe("ETH_BTC");
  });

  test("native → canonical parts: spot without settle, USDT-settled linear, BTC-settled inverse (quanto too)", () => {
    expect(fromGateNative("BTC_USDT", "spot")).toEqual({ base: "BTC", quote: "USDT" });
    expect(fromGateNative("btc_usdt", "linear")).toEqual({ base: "BTC", quote: "USDT", settle: "USDT" });
    expect(fromGateNative("BTC_USD", "inverse")).toEqual({ base: "BTC", quote: "USD", settle: "BTC" });
    expect(canonicalOfGateNative("ETH_USD", "inverse")).toBe("ETH/USD:BTC");
    expect(canonicalOfGateNative("1000PEPE_USDT", "linear")).toBe("1000PEPE/USDT:USDT");
    expect(canonicalOfGateNative("BTC3L_USDT", "spot")).toBe("BTC3L/USDT");
  });

  test("names that are no Gate pair or contract", () => {
    for (const native of ["BTCUSDT", "BTC-USDT", "mark_BTC_USDT", "A_B_C", "", "_USDT"])
      expect(fromGateNative(native, "spot")).toBeUndefined();
    expect(fromGateNative("BTC_USDT", "option")).toBeUndefined();
  });

  test("a contract name reveals its settle: X_USD is BTC-settled, anything else USDT-settled", () => {
    expect(futuresAccountOfNative("BTC_USD")).toBe("inverse");
    expect(futuresAccountOfNative("ETH_USDT")).toBe("linear");
    expect(futuresAccountOfNative("nope")).toBeUndefined();
  });

  test("user input resolves to the native name on every account", () => {
    expect(resolveSymbol(gateio, "spot", "BTC/USDT")).toEqual({ symbol: "BTC/USDT", native: "BTC_USDT" });
    expect(resolveSymbol(gateio, "spot", "btc-usdt")).toEqual({ symbol: "BTC/USDT", native: "BTC_USDT" });
    expect(resolveSymbol(gateio, "spot", "BTC_USDT")).toEqual({ symbol: "BTC/USDT", native: "BTC_USDT" });
    expect(resolveSymbol(gateio, "linear", "BTC/USDT")).toEqual({
      symbol: "BTC/USDT:USDT",
      native: "BTC_USDT",
    });
    expect(resolveSymbol(gateio, "linear", "BTC/USDT:USDT")).toEqual({
      symbol: "BTC/USDT:USDT",
      native: "BTC_USDT",
    });
    expect(resolveSymbol(gateio, "inverse", "BTC/USD:BTC")).toEqual({
      symbol: "BTC/USD:BTC",
      native: "BTC_USD",
    });
    expect(resolveSymbol(gateio, "inverse", "BTC_USD")).toEqual({ symbol: "BTC/USD:BTC", native: "BTC_USD" });
  });
});
