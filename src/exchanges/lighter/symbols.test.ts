// Lighter symbols: perpetual coins ↔ `COIN/USDC:USDC`, spot pairs ↔ `BASE/QUOTE`, and market ids (what the wire
// uses) only through the instrument list, as the hub resolves them.

import { describe, expect, test } from "bun:test";
import { indexInstruments, resolveSymbol } from "../../hub/symbols.ts";
import { lighter } from "./index.ts";
import { parseLighterInstruments } from "./rest.ts";
import { fromLighterNative, isLighterMarketId, toLighterNative } from "./symbols.ts";

const ORDER_BOOKS = {
  code: 200,
  order_books: [
    {
      symbol: "ETH",
      market_id: 0,
      market_type: "perp",
      status: "active",
      supported_size_decimals: 4,
      supported_price_decimals: 2,
    },
    {
      symbol: "BTC",
      market_id: 1,
      market_type: "perp",
      status: "active",
      supported_size_decimals: 5,
      supported_price_decimals: 1,
    },
    {
      symbol: "OLD",
      market_id: 30,
      market_type: "perp",
      status: "inactive",
      supported_size_decimals: 0,
      supported_price_decimals: 4,
    },
    {
      symbol: "ETH/USDC",
      market_id: 2048,
      market_type: "spot",
      status: "active",
      supported_size_decimals: 4,
      supported_price_decimals: 2,
    },
  ],
};

describe("naming rules", () => {
  test("perpetuals: the coin, settled in USDC", () => {
    expect(toLighterNative({ base: "BTC", quote: "USDC", settle: "USDC" }, "linear")).toBe("BTC");
    expect(fromLighterNative("BTC", "linear")).toEqual({ base: "BTC", quote: "USDC", settle: "USDC" });
    expect(fromLighterNative("1000pepe", "linear")).toEqual({
      base: "1000PEPE",
      quote: "USDC",
      settle: "USDC",
    });
  });

  test("spot pairs by name", () => {
    expect(toLighterNative({ base: "ETH", quote: "USDC" }, "spot")).toBe("ETH/USDC");
    expect(fromLighterNative("ETH/USDC", "spot")).toEqual({ base: "ETH", quote: "USDC" });
    expect(fromLighterNative("ETH", "spot")).toBeUndefined();
  });

  test("market ids need the instrument list; no static table", () => {
    expect(isLighterMarketId("1")).toBe(true);
    expect(isLighterMarketId("BTC")).toBe(false);
    expect(fromLighterNative("1", "linear")).toBeUndefined();
    expect(fromLighterNative("2048", "spot")).toBeUndefined();
    expect(fromLighterNative("BTC-USD", "linear")).toBeUndefined();
    expect(lighter.symbols).toMatchObject({ toNative: toLighterNative, fromNative: fromLighterNative });
  });
});

describe("through the instrument list (as the hub resolves)", () => {
  const perps = indexInstruments(parseLighterInstruments(ORDER_BOOKS, "linear"));
  const spots = indexInstruments(parseLighterInstruments(ORDER_BOOKS, "spot"));

  test("canonical, coin name or market id → the market id as native", () => {
    for (const input of ["BTC/USDC:USDC", "BTC/USDC", "BTC", "btc", "1"])
      expect(resolveSymbol(lighter, "linear", input, perps)).toMatchObject({
        symbol: "BTC/USDC:USDC",
        native: "1",
      });
    expect(resolveSymbol(lighter, "linear", "ETH/USDC:USDC", perps).native).toBe("0");
    expect(resolveSymbol(lighter, "spot", "ETH/USDC", spots)).toMatchObject({
      symbol: "ETH/USDC",
      native: "2048",
    });
    expect(resolveSymbol(lighter, "spot", "2048", spots).symbol).toBe("ETH/USDC");
  });

  test("unknown markets are refused", () => {
    expect(() => resolveSymbol(lighter, "linear", "NOPE/USDC:USDC", perps)).toThrow();
    expect(() => resolveSymbol(lighter, "linear", "2048", perps)).toThrow();
  });

  test("without the list only names are derived (the socket needs the id)", () => {
    expect(resolveSymbol(lighter, "linear", "BTC/USDC:USDC")).toEqual({
      symbol: "BTC/USDC:USDC",
      native: "BTC",
    });
  });
});
