// Bitget symbol rules both ways: spot, USDT and USDC perpetuals (`BTCPERP`), coin-margined perpetuals and quarterlies;
// product types per account; the account a frame's instType names (v3, v2 and retired v1 spellings).

import { describe, expect, test } from "bun:test";
import { type Account, formatCanonical, parseCanonical, withAccountSettle } from "../../core/index.ts";
import { resolveSymbol } from "../../hub/symbols.ts";
import { bitget } from "./index.ts";
import {
  accountOfInstType,
  categoryOf,
  expiryOfMs,
  fromBitgetNative,
  instTypeOf,
  isQuarterlyNative,
  toBitgetNative,
} from "./symbols.ts";

function nativeOfCanonical(text: string, account: Account): string {
  const parts = parseCanonical(text);
  if (!parts) throw new Error(`not canonical: ${text}`);
  return toBitgetNative(withAccountSettle(parts, account), account);
}

function canonicalOfNative(native: string, account: Account): string | undefined {
  const parts = fromBitgetNative(native, account);
  return parts ? formatCanonical(withAccountSettle(parts, account)) : undefined;
}

describe("canonical → native", () => {
  test.each([
    ["BTC/USDT", "spot", "BTCUSDT"],
    ["ETH/BTC", "spot", "ETHBTC"],
    ["BTC/USDC", "spot", "BTCUSDC"],
    ["BTC/USDT:USDT", "linear", "BTCUSDT"],
    ["BTC/USDT", "linear", "BTCUSDT"],
    ["BTC/USDC:USDC", "linear", "BTCPERP"],
    ["ETH/USDC", "linear", "ETHPERP"],
    ["BTC/USD:BTC", "inverse", "BTCUSD"],
    ["DOGE/USD", "inverse", "DOGEUSD"],
    ["BTC/USD:BTC-241227", "inverse", "BTCUSDZ24"],
    ["ETH/USD:ETH-250328", "inverse", "ETHUSDH25"],
  ] as const)("%s on %s → %s", (canonical, account, native) => {
    expect(nativeOfCanonical(canonical, account)).toBe(native);
  });
});

describe("native → canonical", () => {
  test.each([
    ["BTCUSDT", "spot", "BTC/USDT"],
    ["btcusdt", "spot", "BTC/USDT"],
    ["ETHBTC", "spot", "ETH/BTC"],
    ["BGBUSDC", "spot", "BGB/USDC"],
    ["BTCUSDT", "linear", "BTC/USDT:USDT"],
    ["BTCPERP", "linear", "BTC/USDC:USDC"],
    ["ETHUSDC", "linear", "ETH/USDC:USDC"],
    ["1000PEPEUSDT", "linear", "1000PEPE/USDT:USDT"],
    ["BTCUSD", "inverse", "BTC/USD:BTC"],
    ["DOGEUSD", "inverse", "DOGE/USD:DOGE"],
  ] as const)("%s on %s → %s", (native, account, canonical) => {
    expect(canonicalOfNative(native, account)).toBe(canonical);
  });

  test("names of another account, quarterlies (no expiry day in the name) and junk are not read", () => {
    expect(fromBitgetNative("BTCUSD", "linear")).toBeUndefined();
    expect(fromBitgetNative("BTCUSDT", "inverse")).toBeUndefined();
    expect(fromBitgetNative("BTCUSDZ24", "inverse")).toBeUndefined();
    expect(isQuarterlyNative("BTCUSDZ24")).toBe(true);
    expect(isQuarterlyNative("BTCUSD")).toBe(false);
    expect(fromBitgetNative("BTC-USDT", "spot")).toBeUndefined();
    expect(fromBitgetNative("", "spot")).toBeUndefined();
    expect(fromBitgetNative("PERP", "linear")).toBeUndefined();
    expect(fromBitgetNative("BTCUSDT", "option")).toBeUndefined();
  });

  test("round trip of every perpetual form", () => {
    for (const [native, account] of [
      ["BTCUSDT", "spot"],
      ["BTCUSDT", "linear"],
      ["BTCPERP", "linear"],
      ["BTCUSD", "inverse"],
    ] as const) {
      const parts = fromBitgetNative(native, account)!;
      expect(toBitgetNative(withAccountSettle(parts, account), account)).toBe(native);
    }
  });

  test("a delivery time becomes the canonical YYMMDD expiry (UTC)", () => {
    expect(expiryOfMs(Date.UTC(2024, 11, 27, 8))).toBe("241227");
  });
});

describe("product types", () => {
  test("REST category and socket instType per account", () => {
    expect(categoryOf("BTCUSDT", "spot")).toBe("SPOT");
    expect(categoryOf("BTCUSDT", "linear")).toBe("USDT-FUTURES");
    expect(categoryOf("BTCPERP", "linear")).toBe("USDC-FUTURES");
    expect(categoryOf("ETHUSDC", "linear")).toBe("USDC-FUTURES");
    expect(categoryOf("BTCUSD", "inverse")).toBe("COIN-FUTURES");
    expect(instTypeOf("BTCPERP", "linear")).toBe("usdc-futures");
  });

  test.each([
    ["spot", "BTCUSDT", "spot"],
    ["SPOT", "BTCUSDT", "spot"],
    ["sp", "GOGUSDT", "spot"],
    ["usdt-futures", "BTCUSDT", "linear"],
    ["USDC-FUTURES", "BTCPERP", "linear"],
    ["coin-futures", "BTCUSD", "inverse"],
    ["COIN-FUTURES", "BTCUSDZ24", "inverse"],
    ["mc", "UNIUSDT", "linear"],
    ["mc", "BTCUSD", "inverse"],
  ] as const)("instType %s with %s → %s", (instType, native, account) => {
    expect(accountOfInstType(instType, native)).toBe(account);
  });

  test("unknown product types name no account", () => {
    expect(accountOfInstType("options", "BTC")).toBeUndefined();
    expect(accountOfInstType(undefined, "BTCUSDT")).toBeUndefined();
  });
});

describe("resolution through the hub's rules (no instrument list)", () => {
  test("canonical and raw native input", () => {
    expect(resolveSymbol(bitget, "spot", "BTC/USDT")).toEqual({ symbol: "BTC/USDT", native: "BTCUSDT" });
    expect(resolveSymbol(bitget, "spot", "BTCUSDT")).toEqual({ symbol: "BTC/USDT", native: "BTCUSDT" });
    expect(resolveSymbol(bitget, "linear", "BTC-USDT")).toEqual({
      symbol: "BTC/USDT:USDT",
      native: "BTCUSDT",
    });
    expect(resolveSymbol(bitget, "linear", "BTCPERP")).toEqual({
      symbol: "BTC/USDC:USDC",
      native: "BTCPERP",
    });
    expect(resolveSymbol(bitget, "inverse", "BTC/USD")).toEqual({ symbol: "BTC/USD:BTC", native: "BTCUSD" });
  });
});
