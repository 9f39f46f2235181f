// Bitstamp symbol rules both ways: lower-case spot pairs and `-perp` USD-settled perpetuals, with the quote quirks.

import { describe, expect, test } from "bun:test";
import { formatCanonical, parseCanonical, withAccountSettle } from "../../core/index.ts";
import {
  bitstampAccountOfNative,
  canonicalOfNative,
  fromBitstampNative,
  toBitstampNative,
} from "./symbols.ts";

function nativeOfCanonical(text: string, account: "spot" | "linear"): string {
  const parts = parseCanonical(text);
  if (!parts) throw new Error(`not canonical: ${text}`);
  return toBitstampNative(withAccountSettle(parts, account), account);
}

describe("canonical → native", () => {
  test.each([
    ["BTC/USD", "spot", "btcusd"],
    ["BTC-USD", "spot", "btcusd"],
    ["ETH/BTC", "spot", "ethbtc"],
    ["USDT/EUR", "spot", "usdteur"],
    ["USDC/USDT", "spot", "usdcusdt"],
    ["BTC/USD:USD", "linear", "btcusd-perp"],
    ["BTC/USD", "linear", "btcusd-perp"],
    ["GOLD/USD:USD", "linear", "goldusd-perp"],
  ] as const)("%s on %s → %s", (canonical, account, native) => {
    expect(nativeOfCanonical(canonical, account)).toBe(native);
  });
});

describe("native → canonical", () => {
  test.each([
    ["btcusd", "spot", "BTC/USD"],
    ["BTCUSD", "spot", "BTC/USD"],
    ["ethusd", "spot", "ETH/USD"],
    ["batbtc", "spot", "BAT/BTC"],
    ["usdteur", "spot", "USDT/EUR"],
    ["usdcusd", "spot", "USDC/USD"],
    ["usdcusdt", "spot", "USDC/USDT"],
    ["eurteur", "spot", "EURT/EUR"],
    ["xrpgbp", "spot", "XRP/GBP"],
    ["btcusd-perp", "linear", "BTC/USD:USD"],
    ["BTCUSD-PERP", "linear", "BTC/USD:USD"],
    ["asterusd-perp", "linear", "ASTER/USD:USD"],
    ["silverusd-perp", "linear", "SILVER/USD:USD"],
  ] as const)("%s on %s → %s", (native, account, canonical) => {
    expect(canonicalOfNative(native, account)).toBe(canonical);
  });

  test.each([
    ["btcusd-perp", "spot"],
    ["btcusd", "linear"],
    ["btcusd", "inverse"],
    ["btcusd", "option"],
    ["xyz", "spot"],
    ["btc/usd", "spot"],
    ["-perp", "linear"],
  ] as const)("%s on %s does not fit", (native, account) => {
    expect(fromBitstampNative(native, account)).toBeUndefined();
  });

  test("the account of a native is read from its -perp suffix", () => {
    expect(bitstampAccountOfNative("btcusd")).toBe("spot");
    expect(bitstampAccountOfNative("BTCUSD-PERP")).toBe("linear");
  });
});

describe("round trip", () => {
  test.each([
    ["btcusd", "spot"],
    ["ethbtc", "spot"],
    ["usdteur", "spot"],
    ["ethusd-perp", "linear"],
    ["paxgusd-perp", "linear"],
  ] as const)("%s on %s", (native, account) => {
    const parts = fromBitstampNative(native, account);
    expect(parts).toBeDefined();
    expect(toBitstampNative(parts!, account)).toBe(native);
    expect(nativeOfCanonical(formatCanonical(parts!), account)).toBe(native);
  });
});
