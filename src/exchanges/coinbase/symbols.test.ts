// Coinbase symbol rules both ways: spot product ids, US futures contract names (code + expiry), and what they refuse.

import { describe, expect, test } from "bun:test";
import { Dig3Error, formatCanonical, parseCanonical, withAccountSettle } from "../../core/index.ts";
import { resolveSymbol } from "../../hub/symbols.ts";
import { coinbase } from "./index.ts";
import { canonicalOfNative, fromCoinbaseNative, toCoinbaseNative } from "./symbols.ts";

describe("spot", () => {
  test.each([
    ["BTC-USD", "BTC/USD"],
    ["ETH-BTC", "ETH/BTC"],
    ["BTC-USDC", "BTC/USDC"],
    ["SHIB-USD", "SHIB/USD"],
    ["00-USD", "00/USD"],
    ["eth-eur", "ETH/EUR"],
  ])("%s <-> %s", (native, canonical) => {
    expect(canonicalOfNative(native, "spot")).toBe(canonical);
    expect(toCoinbaseNative(parseCanonical(canonical)!, "spot")).toBe(native.toUpperCase());
  });

  test("futures names and junk are not spot", () => {
    expect(fromCoinbaseNative("BIT-24APR26-CDE", "spot")).toBeUndefined();
    expect(fromCoinbaseNative("BTC-PERP-INTX", "spot")).toBeUndefined();
    expect(fromCoinbaseNative("BTCUSD", "spot")).toBeUndefined();
    expect(fromCoinbaseNative("", "spot")).toBeUndefined();
  });
});

describe("linear: US futures on the Coinbase Derivatives Exchange", () => {
  test.each([
    ["BIT-24APR26-CDE", "BIT/USD:USD-260424"],
    ["BIP-20DEC30-CDE", "BIP/USD:USD-301220"],
    ["ET-27JUN25-CDE", "ET/USD:USD-250627"],
    ["SLP-20DEC30-CDE", "SLP/USD:USD-301220"],
  ])("%s <-> %s", (native, canonical) => {
    expect(canonicalOfNative(native, "linear")).toBe(canonical);
    expect(toCoinbaseNative(parseCanonical(canonical)!, "linear")).toBe(native);
  });

  test("contracts need an expiry; INTX perpetuals and spot names are not US futures", () => {
    expect(fromCoinbaseNative("BTC-PERP-INTX", "linear")).toBeUndefined();
    expect(fromCoinbaseNative("BTC-USD", "linear")).toBeUndefined();
    expect(fromCoinbaseNative("BIT-24XYZ26-CDE", "linear")).toBeUndefined();
    let error: unknown;
    try {
      toCoinbaseNative(withAccountSettle({ base: "BTC", quote: "USD" }, "linear"), "linear");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(Dig3Error);
    expect((error as Dig3Error).code).toBe("E_UNKNOWN_SYMBOL");
    expect((error as Dig3Error).hint).toContain("BIT-24APR26-CDE");
  });

  test("other accounts have no names", () => {
    expect(fromCoinbaseNative("BTC-USD", "inverse")).toBeUndefined();
    expect(fromCoinbaseNative("BTC-USD", "option")).toBeUndefined();
  });
});

describe("resolution without a product list", () => {
  test("canonical, dashed and native inputs resolve to the same product", () => {
    for (const input of ["BTC/USD", "btc-usd", "BTC-USD"]) {
      expect(resolveSymbol(coinbase, "spot", input)).toEqual({ symbol: "BTC/USD", native: "BTC-USD" });
    }
    expect(resolveSymbol(coinbase, "linear", "BIT-24APR26-CDE")).toEqual({
      symbol: "BIT/USD:USD-260424",
      native: "BIT-24APR26-CDE",
    });
    expect(resolveSymbol(coinbase, "linear", "BIT/USD:USD-260424").native).toBe("BIT-24APR26-CDE");
    expect(formatCanonical(fromCoinbaseNative("BIP-20DEC30-CDE", "linear")!)).toBe("BIP/USD:USD-301220");
  });
});
