// Bybit symbol rules both ways: spot, linear (USDT/USDC perpetuals and futures), inverse (perpetual and quarterly
// month-coded futures), options (USDC- and USDT-settled).

import { describe, expect, test } from "bun:test";
import { type Account, formatCanonical, parseCanonical, withAccountSettle } from "../../core/index.ts";
import { canonicalOfNative, fromBybitNative, lastFridayOf, toBybitNative } from "./symbols.ts";

function nativeOfCanonical(text: string, account: Account): string {
  const parts = parseCanonical(text);
  if (!parts) throw new Error(`not canonical: ${text}`);
  return toBybitNative(withAccountSettle(parts, account), account);
}

describe("canonical → native", () => {
  test.each([
    ["BTC/USDT", "spot", "BTCUSDT"],
    ["ETH/BTC", "spot", "ETHBTC"],
    ["BTC/USDT:USDT", "linear", "BTCUSDT"],
    ["BTC/USDT", "linear", "BTCUSDT"],
    ["BTC/USDC:USDC", "linear", "BTCPERP"],
    ["ETH/USDC", "linear", "ETHPERP"],
    ["BTC/USDT:USDT-251226", "linear", "BTCUSDT-26DEC25"],
    ["BTC/USDC:USDC-240105", "linear", "BTC-5JAN24"],
    ["BTC/USD:BTC", "inverse", "BTCUSD"],
    ["BTC/USD", "inverse", "BTCUSD"],
    ["BTC/USD:BTC-230929", "inverse", "BTCUSDU23"],
    ["ETH/USD:ETH-250328", "inverse", "ETHUSDH25"],
  ] as const)("%s on %s → %s", (canonical, account, native) => {
    expect(nativeOfCanonical(canonical, account)).toBe(native);
  });

  test("options: strike and type ride in the expiry part", () => {
    expect(
      toBybitNative({ base: "BTC", quote: "USDC", settle: "USDC", expiry: "241227-100000-C" }, "option"),
    ).toBe("BTC-27DEC24-100000-C");
    expect(
      toBybitNative({ base: "ETH", quote: "USDC", settle: "USDC", expiry: "230103-1250-P" }, "option"),
    ).toBe("ETH-3JAN23-1250-P");
    expect(
      toBybitNative({ base: "BTC", quote: "USDT", settle: "USDT", expiry: "260327-70000-P" }, "option"),
    ).toBe("BTC-27MAR26-70000-P-USDT");
  });
});

describe("native → canonical", () => {
  test.each([
    ["BTCUSDT", "spot", "BTC/USDT"],
    ["btcusdc", "spot", "BTC/USDC"],
    ["ETHBTC", "spot", "ETH/BTC"],
    ["MNTUSDT", "spot", "MNT/USDT"],
    ["BTCUSDT", "linear", "BTC/USDT:USDT"],
    ["1000PEPEUSDT", "linear", "1000PEPE/USDT:USDT"],
    ["BTCPERP", "linear", "BTC/USDC:USDC"],
    ["BTC-PERP", "linear", "BTC/USDC:USDC"],
    ["ETHUSDC", "linear", "ETH/USDC:USDC"],
    ["BTCUSDT-26DEC25", "linear", "BTC/USDT:USDT-251226"],
    ["BTC-26JAN24", "linear", "BTC/USDC:USDC-240126"],
    ["ETH-5JAN24", "linear", "ETH/USDC:USDC-240105"],
    ["BTCUSD", "inverse", "BTC/USD:BTC"],
    ["XRPUSD", "inverse", "XRP/USD:XRP"],
    ["BTCUSDU23", "inverse", "BTC/USD:BTC-230929"],
    ["BTCUSDH25", "inverse", "BTC/USD:BTC-250328"],
    ["BTCUSDZ24", "inverse", "BTC/USD:BTC-241227"],
    ["BTC-27DEC24-100000-C", "option", "BTC/USDC:USDC-241227-100000-C"],
    ["SOL-28APR23-30-C", "option", "SOL/USDC:USDC-230428-30-C"],
    ["ETH-3JAN23-1250-P", "option", "ETH/USDC:USDC-230103-1250-P"],
    ["BTC-27MAR26-70000-P-USDT", "option", "BTC/USDT:USDT-260327-70000-P"],
  ] as const)("%s on %s → %s", (native, account, canonical) => {
    expect(canonicalOfNative(native, account)).toBe(canonical);
  });

  test.each([
    ["BTCUSDT", "inverse"],
    ["BTCUSD", "linear"],
    ["BTCPERP", "spot"],
    ["XYZ", "spot"],
    ["", "spot"],
    ["BTC-27DEC24-100000-C", "linear"],
    ["BTCUSDT", "option"],
    ["BTC-31FOO24-1-C", "option"],
    ["BTC-27DEC24", "option"],
  ] as const)("%s on %s does not fit", (native, account) => {
    expect(fromBybitNative(native, account)).toBeUndefined();
  });
});

describe("round trip", () => {
  test.each([
    ["BTCUSDT", "spot"],
    ["SOLUSDC", "spot"],
    ["BTCUSDT", "linear"],
    ["ETHPERP", "linear"],
    ["SOLUSDT-26SEP25", "linear"],
    ["BTC-26DEC25", "linear"],
    ["ADAUSD", "inverse"],
    ["BTCUSDM25", "inverse"],
    ["BTC-27DEC24-100000-C", "option"],
    ["SOL-28APR23-30-C", "option"],
    ["XRP-3JAN25-2.5-P", "option"],
    ["BTC-27MAR26-70000-P-USDT", "option"],
  ] as const)("%s on %s", (native, account) => {
    const parts = fromBybitNative(native, account);
    expect(parts).toBeDefined();
    expect(toBybitNative(parts!, account)).toBe(native);
    if (account !== "option") expect(nativeOfCanonical(formatCanonical(parts!), account)).toBe(native);
  });
});

describe("inverse futures deliver on the last Friday of the month", () => {
  test.each([
    [2023, 8, "230929"],
    [2024, 11, "241227"],
    [2025, 2, "250328"],
    [2025, 5, "250627"],
    [2026, 4, "260529"],
  ] as const)("%d-%d → %s", (year, monthIndex, expected) => {
    expect(lastFridayOf(year, monthIndex)).toBe(expected);
  });
});
