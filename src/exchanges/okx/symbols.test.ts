// OKX symbol rules both ways: spot, linear and inverse swaps, dated futures, options; the account an instId names.

import { describe, expect, test } from "bun:test";
import { type Account, formatCanonical, parseCanonical, withAccountSettle } from "../../core/index.ts";
import {
  accountOfOkxNative,
  canonicalOfOkxNative,
  fromOkxNative,
  instTypeOfOkxNative,
  toOkxNative,
} from "./symbols.ts";

function nativeOfCanonical(text: string, account: Account): string {
  const parts = parseCanonical(text);
  if (!parts) throw new Error(`not canonical: ${text}`);
  return toOkxNative(withAccountSettle(parts, account), account);
}

describe("canonical → instId", () => {
  test.each([
    ["BTC/USDT", "spot", "BTC-USDT"],
    ["ETH/BTC", "spot", "ETH-BTC"],
    ["BTC/USDT:USDT", "linear", "BTC-USDT-SWAP"],
    ["BTC/USDT", "linear", "BTC-USDT-SWAP"],
    ["BTC/USDC:USDC", "linear", "BTC-USDC-SWAP"],
    ["BTC/USDT:USDT-250627", "linear", "BTC-USDT-250627"],
    ["BTC/USD:BTC", "inverse", "BTC-USD-SWAP"],
    ["BTC/USD", "inverse", "BTC-USD-SWAP"],
    ["ETH/USD:ETH-250926", "inverse", "ETH-USD-250926"],
  ] as const)("%s on %s → %s", (canonical, account, native) => {
    expect(nativeOfCanonical(canonical, account)).toBe(native);
  });

  test("options: strike and type ride in the expiry part", () => {
    expect(
      toOkxNative({ base: "BTC", quote: "USD", settle: "BTC", expiry: "250627-50000-C" }, "option"),
    ).toBe("BTC-USD-250627-50000-C");
  });
});

describe("instId → canonical", () => {
  test.each([
    ["BTC-USDT", "spot", "BTC/USDT"],
    ["btc-usdt", "spot", "BTC/USDT"],
    ["ETC-ETH", "spot", "ETC/ETH"],
    ["BTC-USDT-SWAP", "linear", "BTC/USDT:USDT"],
    ["BTC-USDC-SWAP", "linear", "BTC/USDC:USDC"],
    ["1000PEPE-USDT-SWAP", "linear", "1000PEPE/USDT:USDT"],
    ["BTC-USDT-250627", "linear", "BTC/USDT:USDT-250627"],
    ["BTC-USD-SWAP", "inverse", "BTC/USD:BTC"],
    ["UNI-USD-SWAP", "inverse", "UNI/USD:UNI"],
    ["BTC-USD-220527", "inverse", "BTC/USD:BTC-220527"],
    ["BTC-USD-250627-50000-C", "option", "BTC/USD:BTC-250627-50000-C"],
    ["ETH-USD-211231-9600-P", "option", "ETH/USD:ETH-211231-9600-P"],
  ] as const)("%s on %s → %s", (native, account, canonical) => {
    expect(accountOfOkxNative(native)).toBe(account);
    expect(canonicalOfOkxNative(native)).toBe(canonical);
    const parts = fromOkxNative(native, account);
    expect(parts && formatCanonical(parts)).toBe(canonical);
  });

  test.each([
    ["BTC-USDT-SWAP", "spot"],
    ["BTC-USDT", "linear"],
    ["BTC-USD-SWAP", "linear"],
    ["BTC-USDT-SWAP", "inverse"],
    ["BTC-USD-250627-50000-C", "inverse"],
    ["BTCUSDT", "spot"],
    ["BTC-USDT-PERP", "linear"],
    ["BTC-USD-2506-1-C", "option"],
    ["BTC-USD-250627-50000-X", "option"],
    ["", "spot"],
  ] as const)("%s does not fit %s", (native, account) => {
    expect(fromOkxNative(native, account)).toBeUndefined();
  });

  test("instType of an instrument, for instType-wide channels and REST", () => {
    expect(instTypeOfOkxNative("BTC-USDT", "spot")).toBe("SPOT");
    expect(instTypeOfOkxNative("BTC-USDT-SWAP", "linear")).toBe("SWAP");
    expect(instTypeOfOkxNative("BTC-USD-250627", "inverse")).toBe("FUTURES");
    expect(instTypeOfOkxNative("BTC-USD-250627-50000-C", "option")).toBe("OPTION");
  });
});

describe("round trip", () => {
  test.each([
    ["BTC-USDT", "spot"],
    ["SOL-USDC-SWAP", "linear"],
    ["ETH-USDT-251226", "linear"],
    ["ADA-USD-SWAP", "inverse"],
    ["ETH-USD-250627", "inverse"],
    ["BTC-USD-250627-95000-P", "option"],
  ] as const)("%s on %s", (native, account) => {
    const parts = fromOkxNative(native, account);
    expect(parts).toBeDefined();
    expect(toOkxNative(parts!, account)).toBe(native);
  });
});
