// Crypto.com symbol rules both ways: spot pairs, USD perpetuals and dated futures (linear, settled in USD), index
// names, refusals (USDT-quoted derivatives, inverse and option accounts), and resolution through the hub's resolver.

import { describe, expect, test } from "bun:test";
import { Dig3Error, formatCanonical, parseCanonical, withAccountSettle } from "../../core/index.ts";
import { resolveSymbol } from "../../hub/symbols.ts";
import { cryptocom } from "./index.ts";
import {
  describeCryptocomNative,
  fromCryptocomNative,
  readCryptocomName,
  toCryptocomNative,
  underlyingIndexOf,
} from "./symbols.ts";

function nativeOfCanonical(text: string, account: "spot" | "linear"): string {
  const parts = parseCanonical(text);
  if (!parts) throw new Error(`not canonical: ${text}`);
  return toCryptocomNative(withAccountSettle(parts, account), account);
}

function thrown(run: () => unknown): Dig3Error {
  try {
    run();
  } catch (error) {
    if (error instanceof Dig3Error) return error;
    throw error;
  }
  throw new Error("expected a Dig3Error");
}

describe("canonical → native", () => {
  test.each([
    ["BTC/USDT", "spot", "BTC_USDT"],
    ["BTC/USD", "spot", "BTC_USD"],
    ["CRO/BTC", "spot", "CRO_BTC"],
    ["eth-usdc", "spot", "ETH_USDC"],
    ["BTC/USD:USD", "linear", "BTCUSD-PERP"],
    ["BTC/USD", "linear", "BTCUSD-PERP"],
    ["1000PEPE/USD:USD", "linear", "1000PEPEUSD-PERP"],
    ["BTC/USD:USD-261225", "linear", "BTCUSD-261225"],
  ] as const)("%s on %s → %s", (canonical, account, native) => {
    expect(nativeOfCanonical(canonical, account)).toBe(native);
  });

  test("USDT-quoted or -settled derivatives do not exist: refused with the USD name as the hint", () => {
    const error = thrown(() => nativeOfCanonical("BTC/USDT", "linear"));
    expect(error.code).toBe("E_UNKNOWN_SYMBOL");
    expect(error.hint).toContain("BTC/USD:USD (BTCUSD-PERP)");
    expect(thrown(() => nativeOfCanonical("BTC/USD:BTC", "linear")).code).toBe("E_UNKNOWN_SYMBOL");
  });

  test("no inverse or option market", () => {
    for (const account of ["inverse", "option"] as const) {
      const error = thrown(() => toCryptocomNative({ base: "BTC", quote: "USD", settle: "BTC" }, account));
      expect(error.code).toBe("E_UNKNOWN_SYMBOL");
      expect(error.hint).toContain("BTCUSD-PERP");
    }
  });
});

describe("native → canonical", () => {
  test.each([
    ["BTC_USDT", "spot", "BTC/USDT"],
    ["btc_usdt", "spot", "BTC/USDT"],
    ["CRO_USD", "spot", "CRO/USD"],
    ["BTCUSD-PERP", "linear", "BTC/USD:USD"],
    ["1000PEPEUSD-PERP", "linear", "1000PEPE/USD:USD"],
    ["apeusd-perp", "linear", "APE/USD:USD"],
    ["BTCUSD-261225", "linear", "BTC/USD:USD-261225"],
    ["ETHUSD-230825", "linear", "ETH/USD:USD-230825"],
  ] as const)("%s on %s → %s", (native, account, canonical) => {
    const parts = fromCryptocomNative(native, account);
    expect(parts).toBeDefined();
    expect(formatCanonical(parts!)).toBe(canonical);
    expect(describeCryptocomNative(native)).toEqual({ account, symbol: canonical });
  });

  test.each([
    ["BTC_USDT", "linear"],
    ["BTCUSD-PERP", "spot"],
    ["BTCUSD-INDEX", "linear"],
    ["BTCUSD-INDEX", "spot"],
    ["BTCUSDPERP", "linear"],
    ["USD_Stable_Coin", "spot"],
    ["BTCUSD-230630-CW30000", "linear"],
    ["USD-PERP", "linear"],
    ["BTC_USDT", "inverse"],
  ] as const)("%s on %s does not fit", (native, account) => {
    expect(fromCryptocomNative(native, account)).toBeUndefined();
  });

  test("index names read as indexes, the underlying of perpetuals and futures", () => {
    expect(readCryptocomName("BTCUSD-INDEX")).toEqual({ kind: "index", base: "BTC", quote: "USD" });
    expect(describeCryptocomNative("BTCUSD-INDEX")).toBeUndefined();
    expect(underlyingIndexOf("BTCUSD-PERP")).toBe("BTCUSD-INDEX");
    expect(underlyingIndexOf("ethusd-261225")).toBe("ETHUSD-INDEX");
    expect(underlyingIndexOf("BTC_USDT")).toBeUndefined();
  });
});

describe("round trip", () => {
  test.each([
    ["BTC_USDT", "spot"],
    ["ETH_BTC", "spot"],
    ["SOLUSD-PERP", "linear"],
    ["BTCUSD-261225", "linear"],
  ] as const)("%s on %s", (native, account) => {
    const parts = fromCryptocomNative(native, account);
    expect(parts).toBeDefined();
    expect(toCryptocomNative(parts!, account)).toBe(native);
    expect(nativeOfCanonical(formatCanonical(parts!), account)).toBe(native);
  });
});

describe("through the hub's resolver (no instrument list)", () => {
  test.each([
    ["BTC_USDT", "spot", "BTC/USDT", "BTC_USDT"],
    ["BTC/USDT", "spot", "BTC/USDT", "BTC_USDT"],
    ["btc-usdt", "spot", "BTC/USDT", "BTC_USDT"],
    ["BTCUSD-PERP", "linear", "BTC/USD:USD", "BTCUSD-PERP"],
    ["BTC/USD", "linear", "BTC/USD:USD", "BTCUSD-PERP"],
    ["BTC/USD:USD-261225", "linear", "BTC/USD:USD-261225", "BTCUSD-261225"],
  ] as const)("%s on %s → %s (%s)", (input, account, symbol, native) => {
    expect(resolveSymbol(cryptocom, account, input)).toEqual({ symbol, native });
  });
});
