// Binance symbol rules both ways: spot, USDⓈ-M (perpetual and dated), COIN-M (perpetual and dated).

import { describe, expect, test } from "bun:test";
import { formatCanonical, parseCanonical, withAccountSettle } from "../../core/index.ts";
import { canonicalOfNative, fromBinanceNative, toBinanceNative } from "./symbols.ts";

function nativeOfCanonical(text: string, account: "spot" | "linear" | "inverse"): string {
  const parts = parseCanonical(text);
  if (!parts) throw new Error(`not canonical: ${text}`);
  return toBinanceNative(withAccountSettle(parts, account), account);
}

describe("canonical → native", () => {
  test.each([
    ["BTC/USDT", "spot", "BTCUSDT"],
    ["ETH/BTC", "spot", "ETHBTC"],
    ["BTC/USDT:USDT", "linear", "BTCUSDT"],
    ["BTC/USDT", "linear", "BTCUSDT"],
    ["BTC/USDC:USDC", "linear", "BTCUSDC"],
    ["BTC/USDT:USDT-250627", "linear", "BTCUSDT_250627"],
    ["BTC/USD:BTC", "inverse", "BTCUSD_PERP"],
    ["BTC/USD", "inverse", "BTCUSD_PERP"],
    ["ETH/USD:ETH-250926", "inverse", "ETHUSD_250926"],
  ] as const)("%s on %s → %s", (canonical, account, native) => {
    expect(nativeOfCanonical(canonical, account)).toBe(native);
  });
});

describe("native → canonical", () => {
  test.each([
    ["BTCUSDT", "spot", "BTC/USDT"],
    ["btcusdt", "spot", "BTC/USDT"],
    ["ETHBTC", "spot", "ETH/BTC"],
    ["BLZETH", "spot", "BLZ/ETH"],
    ["RUNEEUR", "spot", "RUNE/EUR"],
    ["DOGEBNB", "spot", "DOGE/BNB"],
    ["FDUSDUSDT", "spot", "FDUSD/USDT"],
    ["USDTTRY", "spot", "USDT/TRY"],
    ["BTCUSDT", "linear", "BTC/USDT:USDT"],
    ["1000PEPEUSDT", "linear", "1000PEPE/USDT:USDT"],
    ["BTCUSDC", "linear", "BTC/USDC:USDC"],
    ["BTCUSDT_250627", "linear", "BTC/USDT:USDT-250627"],
    ["BTCUSD_PERP", "inverse", "BTC/USD:BTC"],
    ["bchusd_perp", "inverse", "BCH/USD:BCH"],
    ["BTCUSD_250627", "inverse", "BTC/USD:BTC-250627"],
    ["LINKUSD_211231", "inverse", "LINK/USD:LINK-211231"],
  ] as const)("%s on %s → %s", (native, account, canonical) => {
    expect(canonicalOfNative(native, account)).toBe(canonical);
  });

  test.each([
    ["BTCUSDT", "inverse"],
    ["BTCUSD", "inverse"],
    ["BTCUSD_PERP", "linear"],
    ["XYZ", "spot"],
    ["BTCUSDT", "option"],
  ] as const)("%s on %s does not fit", (native, account) => {
    expect(fromBinanceNative(native, account)).toBeUndefined();
  });
});

describe("round trip", () => {
  test.each([
    ["BTCUSDT", "spot"],
    ["ETHUSDT_250926", "linear"],
    ["SOLUSDC", "linear"],
    ["ADAUSD_PERP", "inverse"],
    ["ETHUSD_250627", "inverse"],
  ] as const)("%s on %s", (native, account) => {
    const parts = fromBinanceNative(native, account);
    expect(parts).toBeDefined();
    expect(toBinanceNative(parts!, account)).toBe(native);
    expect(nativeOfCanonical(formatCanonical(parts!), account)).toBe(native);
  });
});
