// KuCoin symbol rules both ways: spot `BTC-USDT`, USDT/USDC-margined `XBTUSDTM`, coin-margined `XBTUSDM`, the
// XBT name of bitcoin, and dated contracts left to the instrument list.

import { describe, expect, test } from "bun:test";
import { formatCanonical, parseCanonical, withAccountSettle } from "../../core/index.ts";
import { canonicalOfKucoinNative, fromKucoinNative, toKucoinNative } from "./symbols.ts";

function nativeOfCanonical(text: string, account: "spot" | "linear" | "inverse"): string {
  const parts = parseCanonical(text);
  if (!parts) throw new Error(`not canonical: ${text}`);
  return toKucoinNative(withAccountSettle(parts, account), account);
}

describe("canonical → native", () => {
  test.each([
    ["BTC/USDT", "spot", "BTC-USDT"],
    ["btc-usdt", "spot", "BTC-USDT"],
    ["1INCH/USDT", "spot", "1INCH-USDT"],
    ["ETH/BTC", "spot", "ETH-BTC"],
    ["BTC/USDT:USDT", "linear", "XBTUSDTM"],
    ["BTC/USDT", "linear", "XBTUSDTM"],
    ["ETH/USDT:USDT", "linear", "ETHUSDTM"],
    ["BTC/USDC:USDC", "linear", "XBTUSDCM"],
    ["BTC/USD:BTC", "inverse", "XBTUSDM"],
    ["BTC/USD", "inverse", "XBTUSDM"],
    ["ETH/USD:ETH", "inverse", "ETHUSDM"],
    // Dated: month code H = March; the instrument list (matched by canonical name) has the real native.
    ["BTC/USD:BTC-250328", "inverse", "XBTMH25"],
  ] as const)("%s on %s → %s", (canonical, account, native) => {
    expect(nativeOfCanonical(canonical, account)).toBe(native);
  });
});

describe("native → canonical", () => {
  test.each([
    ["BTC-USDT", "spot", "BTC/USDT"],
    ["eth-btc", "spot", "ETH/BTC"],
    ["XBT-USDT", "spot", "XBT/USDT"],
    ["XBTUSDTM", "linear", "BTC/USDT:USDT"],
    ["xbtusdtm", "linear", "BTC/USDT:USDT"],
    ["SOLUSDTM", "linear", "SOL/USDT:USDT"],
    ["MYROUSDTM", "linear", "MYRO/USDT:USDT"],
    ["XBTUSDCM", "linear", "BTC/USDC:USDC"],
    ["XBTUSDM", "inverse", "BTC/USD:BTC"],
    ["ETHUSDM", "inverse", "ETH/USD:ETH"],
  ] as const)("%s on %s → %s", (native, account, canonical) => {
    expect(canonicalOfKucoinNative(native, account)).toBe(canonical);
  });

  test.each([
    ["BTCUSDT", "spot"],
    ["BTC-USDT", "linear"],
    ["XBTUSDM", "linear"],
    ["XBTUSDTM", "inverse"],
    ["XBTUSDT", "linear"],
    ["USDM", "inverse"],
    ["XBTMH25", "inverse"],
    ["BTC-USDT", "option"],
  ] as const)("%s on %s does not fit", (native, account) => {
    expect(fromKucoinNative(native, account)).toBeUndefined();
  });
});

describe("round trip", () => {
  test.each([
    ["BTC-USDT", "spot"],
    ["KCS-BTC", "spot"],
    ["XBTUSDTM", "linear"],
    ["ETHUSDCM", "linear"],
    ["XBTUSDM", "inverse"],
    ["DOTUSDM", "inverse"],
  ] as const)("%s on %s", (native, account) => {
    const parts = fromKucoinNative(native, account);
    expect(parts).toBeDefined();
    expect(toKucoinNative(parts!, account)).toBe(native);
    expect(nativeOfCanonical(formatCanonical(parts!), account)).toBe(native);
  });
});
