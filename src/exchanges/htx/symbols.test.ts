// HTX symbol rules both ways: lower-case spot pairs, USDT-margined swaps and futures, coin-margined swaps; what does
// not fit an account; the account a native names by its shape.

import { describe, expect, test } from "bun:test";
import { type Account, formatCanonical, parseCanonical, withAccountSettle } from "../../core/index.ts";
import { htx } from "./index.ts";
import { accountOfHtxNative, canonicalOfHtxNative, fromHtxNative, toHtxNative } from "./symbols.ts";

function nativeOfCanonical(text: string, account: Account): string {
  const parts = parseCanonical(text);
  if (!parts) throw new Error(`not canonical: ${text}`);
  return toHtxNative(withAccountSettle(parts, account), account);
}

describe("canonical → native", () => {
  test.each([
    ["BTC/USDT", "spot", "btcusdt"],
    ["ETH/BTC", "spot", "ethbtc"],
    ["1INCH/USDT", "spot", "1inchusdt"],
    ["BTC/USDT:USDT", "linear", "BTC-USDT"],
    ["BTC/USDT", "linear", "BTC-USDT"],
    ["BTC/USDT:USDT-250627", "linear", "BTC-USDT-250627"],
    ["BTC/USD:BTC", "inverse", "BTC-USD"],
    ["ETH/USD", "inverse", "ETH-USD"],
  ] as const)("%s on %s → %s", (canonical, account, native) => {
    expect(nativeOfCanonical(canonical, account)).toBe(native);
  });
});

describe("native → canonical", () => {
  test.each([
    ["btcusdt", "spot", "BTC/USDT"],
    ["BTCUSDT", "spot", "BTC/USDT"],
    ["nesteth", "spot", "NEST/ETH"],
    ["yfihusd", "spot", "YFI/HUSD"],
    ["trxusdd", "spot", "TRX/USDD"],
    ["ethbtc", "spot", "ETH/BTC"],
    ["BTC-USDT", "linear", "BTC/USDT:USDT"],
    ["btc-usdt", "linear", "BTC/USDT:USDT"],
    ["BTT-USDT", "linear", "BTT/USDT:USDT"],
    ["BTC-USDT-250627", "linear", "BTC/USDT:USDT-250627"],
    ["BTC-USD", "inverse", "BTC/USD:BTC"],
    ["ICP-USD", "inverse", "ICP/USD:ICP"],
  ] as const)("%s on %s → %s", (native, account, canonical) => {
    expect(canonicalOfHtxNative(native, account)).toBe(canonical);
    const parts = fromHtxNative(native, account);
    expect(parts && formatCanonical(parts)).toBe(canonical);
  });

  test("round trip through the adapter's symbols", () => {
    for (const [native, account] of [
      ["btcusdt", "spot"],
      ["BTC-USDT", "linear"],
      ["BTC-USDT-250627", "linear"],
      ["BTC-USD", "inverse"],
    ] as const) {
      const parts = htx.symbols.fromNative(native, account)!;
      expect(htx.symbols.toNative(parts, account)).toBe(native);
    }
  });
});

describe("what does not fit", () => {
  test.each([
    ["BTC-USDT", "spot"],
    ["btc_usdt", "spot"],
    ["xyz", "spot"],
    ["BTC-USD", "linear"],
    ["btcusdt", "linear"],
    ["BTC-USDT-CW", "linear"],
    ["BTC-USDT", "inverse"],
    ["BTC_CW", "inverse"],
    ["BTC240628", "inverse"],
    ["BTC-USD-250627", "inverse"],
    ["BTC-USD", "option"],
  ] as const)("%s on %s → undefined", (native, account) => {
    expect(fromHtxNative(native, account)).toBeUndefined();
  });

  test("the account a native names by its shape", () => {
    expect(accountOfHtxNative("btcusdt")).toBe("spot");
    expect(accountOfHtxNative("BTC-USDT")).toBe("linear");
    expect(accountOfHtxNative("BTC-USDT-250627")).toBe("linear");
    expect(accountOfHtxNative("BTC-USD")).toBe("inverse");
    expect(accountOfHtxNative("BTC_CW")).toBeUndefined();
  });
});
