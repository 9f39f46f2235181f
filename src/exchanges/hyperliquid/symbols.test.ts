// HyperLiquid symbols: perpetual coins ↔ `COIN/USDC:USDC`, spot `PURR/USDC` by name and `@index` through the
// instrument list (as the hub resolves it), HIP-3 `dex:COIN` recognized as perpetual names.

import { describe, expect, test } from "bun:test";
import { indexInstruments, resolveSymbol } from "../../hub/symbols.ts";
import { hyperliquid } from "./index.ts";
import { parsePerpInstruments, parseSpotInstruments } from "./rest.ts";
import { fromHyperliquidNative, isBuilderPerp, marketOfCoin, toHyperliquidNative } from "./symbols.ts";

describe("naming rules", () => {
  test("perpetuals: the coin, settled in USDC, upper-cased in canonical form", () => {
    expect(toHyperliquidNative({ base: "BTC", quote: "USDC", settle: "USDC" }, "linear")).toBe("BTC");
    expect(fromHyperliquidNative("BTC", "linear")).toEqual({ base: "BTC", quote: "USDC", settle: "USDC" });
    expect(fromHyperliquidNative("kPEPE", "linear")).toEqual({
      base: "KPEPE",
      quote: "USDC",
      settle: "USDC",
    });
    expect(fromHyperliquidNative("xyz:XYZ100", "linear")).toBeUndefined();
    expect(fromHyperliquidNative("@107", "linear")).toBeUndefined();
  });

  test("spot: PURR/USDC by name; @index needs spotMeta", () => {
    expect(toHyperliquidNative({ base: "PURR", quote: "USDC" }, "spot")).toBe("PURR/USDC");
    expect(fromHyperliquidNative("PURR/USDC", "spot")).toEqual({ base: "PURR", quote: "USDC" });
    expect(fromHyperliquidNative("@107", "spot")).toBeUndefined();
  });

  test("the market of a coin name", () => {
    expect(marketOfCoin("@0")).toBe("spot");
    expect(marketOfCoin("PURR/USDC")).toBe("spot");
    expect(marketOfCoin("BTC")).toBe("linear");
    expect(marketOfCoin("xyz:XYZ100")).toBe("linear");
    expect(isBuilderPerp("xyz:XYZ100")).toBe(true);
    expect(marketOfCoin("a b")).toBeUndefined();
  });
});

describe("resolution through the hub with the instrument lists", () => {
  const perps = indexInstruments(
    parsePerpInstruments({
      universe: [
        { name: "BTC", szDecimals: 5 },
        { name: "kPEPE", szDecimals: 0 },
      ],
    }),
  );
  const spots = indexInstruments(
    parseSpotInstruments({
      tokens: [
        { name: "USDC", szDecimals: 8, index: 0 },
        { name: "PURR", szDecimals: 0, index: 1 },
        { name: "HYPE", szDecimals: 2, index: 150 },
      ],
      universe: [
        { name: "PURR/USDC", tokens: [1, 0], index: 0 },
        { name: "@107", tokens: [150, 0], index: 107 },
      ],
    }),
  );

  test("canonical, dashed and raw input all find the coin", () => {
    expect(resolveSymbol(hyperliquid, "linear", "BTC/USDC:USDC", perps)).toMatchObject({
      native: "BTC",
      symbol: "BTC/USDC:USDC",
    });
    expect(resolveSymbol(hyperliquid, "linear", "BTC", perps)).toMatchObject({ native: "BTC" });
    expect(resolveSymbol(hyperliquid, "linear", "BTC-USDC", perps)).toMatchObject({ native: "BTC" });
    expect(resolveSymbol(hyperliquid, "linear", "kpepe", perps)).toMatchObject({
      native: "kPEPE",
      symbol: "KPEPE/USDC:USDC",
    });
    expect(resolveSymbol(hyperliquid, "spot", "HYPE/USDC", spots)).toMatchObject({
      native: "@107",
      symbol: "HYPE/USDC",
    });
    expect(resolveSymbol(hyperliquid, "spot", "@107", spots)).toMatchObject({
      native: "@107",
      symbol: "HYPE/USDC",
    });
    expect(resolveSymbol(hyperliquid, "spot", "PURR/USDC", spots)).toMatchObject({ native: "PURR/USDC" });
    expect(() => resolveSymbol(hyperliquid, "spot", "NOPE/USDC", spots)).toThrow("unknown symbol");
  });

  test("without an instrument list the naming rules still resolve perpetuals and PURR/USDC", () => {
    expect(resolveSymbol(hyperliquid, "linear", "ETH")).toEqual({ symbol: "ETH/USDC:USDC", native: "ETH" });
    expect(resolveSymbol(hyperliquid, "spot", "PURR/USDC")).toEqual({
      symbol: "PURR/USDC",
      native: "PURR/USDC",
    });
  });
});
