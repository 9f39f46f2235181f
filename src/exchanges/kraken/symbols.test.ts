// Kraken symbol rules both ways: spot v2 names and REST spellings (XBT/XDG, X/Z-prefixed keys), futures product
// ids (PF/FF linear, PI/FI inverse), and what does not fit an account.

import { describe, expect, test } from "bun:test";
import { formatCanonical, parseCanonical, withAccountSettle } from "../../core/index.ts";
import {
  accountOfProduct,
  canonicalOfNative,
  fromKrakenNative,
  fromSpotNative,
  toKrakenNative,
  toRestPair,
} from "./symbols.ts";

function nativeOfCanonical(text: string, account: "spot" | "linear" | "inverse"): string {
  const parts = parseCanonical(text);
  if (!parts) throw new Error(`not canonical: ${text}`);
  return toKrakenNative(withAccountSettle(parts, account), account);
}

describe("canonical → native", () => {
  test.each([
    ["BTC/USD", "spot", "BTC/USD"],
    ["XBT/USD", "spot", "BTC/USD"],
    ["BTC-EUR", "spot", "BTC/EUR"],
    ["DOGE/USD", "spot", "DOGE/USD"],
    ["XDG/USD", "spot", "DOGE/USD"],
    ["ETH/BTC", "spot", "ETH/BTC"],
    ["BTC/USD:USD", "linear", "PF_XBTUSD"],
    ["BTC/USD", "linear", "PF_XBTUSD"],
    ["ETH/USD:USD-240927", "linear", "FF_ETHUSD_240927"],
    ["BTC/USD:BTC", "inverse", "PI_XBTUSD"],
    ["BTC/USD", "inverse", "PI_XBTUSD"],
    ["BTC/USD:BTC-240927", "inverse", "FI_XBTUSD_240927"],
    ["DOGE/USD:USD", "linear", "PF_XDGUSD"],
  ] as const)("%s on %s → %s", (canonical, account, native) => {
    expect(nativeOfCanonical(canonical, account)).toBe(native);
  });

  test("REST pairs are spelled the legacy way", () => {
    expect(toRestPair("BTC/USD")).toBe("XBTUSD");
    expect(toRestPair("ETH/BTC")).toBe("ETHXBT");
    expect(toRestPair("DOGE/USD")).toBe("XDGUSD");
    expect(toRestPair("SOL/EUR")).toBe("SOLEUR");
  });
});

describe("native → canonical", () => {
  test.each([
    ["BTC/USD", "spot", "BTC/USD"],
    ["XBT/USD", "spot", "BTC/USD"],
    ["XBTUSD", "spot", "BTC/USD"],
    ["XXBTZUSD", "spot", "BTC/USD"],
    ["XETHXXBT", "spot", "ETH/BTC"],
    ["XXDGZUSD", "spot", "DOGE/USD"],
    ["SOLUSD", "spot", "SOL/USD"],
    ["USDTZUSD", "spot", "USDT/USD"],
    ["XMR/USD", "spot", "XMR/USD"],
    ["KSM/XBT", "spot", "KSM/BTC"],
    ["PF_XBTUSD", "linear", "BTC/USD:USD"],
    ["pf_ethusd", "linear", "ETH/USD:USD"],
    ["FF_XBTUSD_240927", "linear", "BTC/USD:USD-240927"],
    ["PI_XBTUSD", "inverse", "BTC/USD:BTC"],
    ["PI_XRPUSD", "inverse", "XRP/USD:XRP"],
    ["FI_ETHUSD_211231", "inverse", "ETH/USD:ETH-211231"],
    ["fi_bchusd_210924", "inverse", "BCH/USD:BCH-210924"],
  ] as const)("%s on %s → %s", (native, account, canonical) => {
    expect(canonicalOfNative(native, account)).toBe(canonical);
  });

  test.each([
    ["PI_XBTUSD", "linear"],
    ["PF_XBTUSD", "inverse"],
    ["PF_XBTUSD", "spot"],
    ["BTC/USD", "linear"],
    ["in_xbtusd", "inverse"],
    ["rr_xbtusd", "linear"],
    ["BTC/USD", "option"],
    ["", "spot"],
    ["A/B/C", "spot"],
  ] as const)("%s on %s does not fit", (native, account) => {
    expect(fromKrakenNative(native, account)).toBeUndefined();
  });

  test("product families decide the account", () => {
    expect(accountOfProduct("PF_XBTUSD")).toBe("linear");
    expect(accountOfProduct("ff_xbtusd_240927")).toBe("linear");
    expect(accountOfProduct("PI_XBTUSD")).toBe("inverse");
    expect(accountOfProduct("FI_XBTUSD_240927")).toBe("inverse");
    expect(accountOfProduct("in_xbtusd")).toBeUndefined();
    expect(fromSpotNative("PF_XBTUSD")).toBeUndefined();
  });
});

describe("round trip", () => {
  test.each([
    ["BTC/USD", "spot"],
    ["ETH/BTC", "spot"],
    ["PF_XBTUSD", "linear"],
    ["FF_ETHUSD_241227", "linear"],
    ["PI_ETHUSD", "inverse"],
    ["FI_XBTUSD_240927", "inverse"],
  ] as const)("%s on %s", (native, account) => {
    const parts = fromKrakenNative(native, account);
    expect(parts).toBeDefined();
    expect(toKrakenNative(parts!, account)).toBe(native);
    expect(nativeOfCanonical(formatCanonical(parts!), account)).toBe(native);
  });
});
