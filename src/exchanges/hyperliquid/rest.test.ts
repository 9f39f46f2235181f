// HyperLiquid REST: every call a `POST /info` with its body and weight, the parsers over docs-shaped answers
// (instruments of both markets, asset contexts, book, trades, candles, funding), errors, and URL recognition.

import { describe, expect, test } from "bun:test";
import { type Account, Dig3Error, type StreamSpec } from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";
import { hyperliquid } from "./index.ts";
import { HYPERLIQUID_RATE_LIMIT, recognizeHyperliquidUrl } from "./rest.ts";

const RECV_US = 1_730_160_000_000_000;
const rest = hyperliquid.rest;

function contextOf(account: Account): ParseContext {
  return {
    exchange: "hyperliquid",
    account,
    recvTsUs: RECV_US,
    symbolOf: (native) =>
      account === "spot" ? (native === "@107" ? "HYPE/USDC" : native) : `${native}/USDC:USDC`,
    session: new Map(),
  };
}

const perp = (kind: StreamSpec["kind"] = "ticker"): StreamSpec => ({
  kind,
  account: "linear",
  symbol: "ETH/USDC:USDC",
  native: "ETH",
});
const spot: StreamSpec = { kind: "ticker", account: "spot", symbol: "HYPE/USDC", native: "@107" };

describe("requests", () => {
  test("base URLs and the 1200-per-minute weight budget", () => {
    expect(rest.baseUrl("linear", { testnet: false })).toBe("https://api.hyperliquid.xyz");
    expect(rest.baseUrl("spot", { testnet: true })).toBe("https://api.hyperliquid-testnet.xyz");
    expect(rest.rateLimit).toEqual(HYPERLIQUID_RATE_LIMIT);
    expect(HYPERLIQUID_RATE_LIMIT).toEqual({ weight: 1200, perMs: 60_000 });
  });

  test("every call is POST /info with a typed body and its documented weight", () => {
    const calls = [
      [rest.instruments("linear"), { type: "meta" }, 20],
      [rest.instruments("spot"), { type: "spotMeta" }, 20],
      [rest.ticker!(perp()), { type: "metaAndAssetCtxs" }, 20],
      [rest.ticker!(spot), { type: "spotMetaAndAssetCtxs" }, 20],
      [rest.book!(perp("book"), 100), { type: "l2Book", coin: "ETH" }, 2],
      [rest.trades!(perp("trade"), { limit: 10 }), { type: "recentTrades", coin: "ETH" }, 21],
      [rest.openInterest!(perp("open_interest")), { type: "metaAndAssetCtxs" }, 20],
    ] as const;
    for (const [call, body, weight] of calls) {
      expect(call).toMatchObject({ path: "/info", method: "POST", body, weight });
    }
    expect(
      rest.klines!(perp("kline"), { interval: "1h", limit: 120, endMs: 1_700_000_000_000 }),
    ).toMatchObject({
      body: {
        type: "candleSnapshot",
        req: {
          coin: "ETH",
          interval: "1h",
          startTime: 1_700_000_000_000 - 120 * 3_600_000,
          endTime: 1_700_000_000_000,
        },
      },
      weight: 22,
    });
    expect(rest.fundingHistory!(perp("funding_rate"), { startMs: 5, endMs: 10, limit: 40 }).body).toEqual({
      type: "fundingHistory",
      coin: "ETH",
      startTime: 5,
      endTime: 10,
    });
  });
});

describe("parsers", () => {
  test("meta → perpetuals: USDC-settled, lot 10^-szDecimals, finest tick 10^-(6-szDecimals), delisted inactive", () => {
    const list = rest.instruments("linear").parse(
      {
        universe: [
          { name: "BTC", szDecimals: 5, maxLeverage: 50 },
          { name: "kPEPE", szDecimals: 0, maxLeverage: 10 },
          { name: "OLD", szDecimals: 2, maxLeverage: 3, isDelisted: true },
        ],
      },
      contextOf("linear"),
    );
    expect(list).toEqual([
      {
        account: "linear",
        symbol: "BTC/USDC:USDC",
        native: "BTC",
        base: "BTC",
        quote: "USDC",
        settle: "USDC",
        status: "listed",
        active: true,
        lotSize: 0.00001,
        tickSize: 0.1,
      },
      expect.objectContaining({ symbol: "KPEPE/USDC:USDC", native: "kPEPE", lotSize: 1, tickSize: 0.000001 }),
      expect.objectContaining({ native: "OLD", status: "delisted", active: false }),
    ]);
  });

  test("spotMeta → pairs named by their tokens, native PURR/USDC or @index", () => {
    const list = rest.instruments("spot").parse(
      {
        tokens: [
          { name: "USDC", szDecimals: 8, weiDecimals: 8, index: 0 },
          { name: "PURR", szDecimals: 0, weiDecimals: 5, index: 1 },
          { name: "HYPE", szDecimals: 2, weiDecimals: 8, index: 150 },
        ],
        universe: [
          { name: "PURR/USDC", tokens: [1, 0], index: 0, isCanonical: true },
          { name: "@107", tokens: [150, 0], index: 107, isCanonical: false },
          { name: "@999", tokens: [9999, 0], index: 999 },
        ],
      },
      contextOf("spot"),
    );
    expect(list.map((i) => [i.symbol, i.native, i.lotSize, i.tickSize])).toEqual([
      ["PURR/USDC", "PURR/USDC", 1, 0.00000001],
      ["HYPE/USDC", "@107", 0.01, 0.000001],
    ]);
  });

  test("ticker and open interest from metaAndAssetCtxs, by the coin's universe index", () => {
    const body = [
      { universe: [{ name: "BTC" }, { name: "ETH" }] },
      [
        { markPx: "1", funding: "0", openInterest: "1", prevDayPx: "1", dayNtlVlm: "1", oraclePx: "1" },
        {
          markPx: "2500",
          funding: "0.00001",
          openInterest: "40",
          prevDayPx: "2000",
          dayNtlVlm: "9",
          oraclePx: "2499",
        },
      ],
    ];
    expect(rest.ticker!(perp()).parse(body, contextOf("linear"))).toMatchObject({
      kind: "ticker",
      symbol: "ETH/USDC:USDC",
      changePct24h: 25,
      quoteVolume24h: 9,
    });
    expect(rest.openInterest!(perp("open_interest")).parse(body, contextOf("linear"))).toMatchObject({
      kind: "open_interest",
      openInterest: 40,
      openInterestValue: 100_000,
    });
    const spotBody = [{ universe: [] }, [{ coin: "@107", markPx: "21", prevDayPx: "20", dayNtlVlm: "5" }]];
    expect(rest.ticker!(spot).parse(spotBody, contextOf("spot"))).toMatchObject({
      symbol: "HYPE/USDC",
      changePct24h: 5,
    });
    expect(() => rest.ticker!({ ...spot, native: "@1" }).parse(spotBody, contextOf("spot"))).toThrow(
      Dig3Error,
    );
  });

  test("book snapshot; null for an unknown coin is E_UNKNOWN_SYMBOL", () => {
    const book = rest.book!(perp("book"), 20).parse(
      {
        coin: "ETH",
        time: 1730160007687,
        levels: [[{ px: "2500", sz: "1", n: 1 }], [{ px: "2501", sz: "2", n: 1 }]],
      },
      contextOf("linear"),
    );
    expect(book).toMatchObject({ kind: "book", type: "snapshot", bids: [[2500, 1]], asks: [[2501, 2]] });
    try {
      rest.book!(perp("book"), 20).parse(null, contextOf("linear"));
      throw new Error("no error");
    } catch (error) {
      expect((error as Dig3Error).code).toBe("E_UNKNOWN_SYMBOL");
    }
  });

  test("recent trades oldest first and limited; candles closed once past; funding rows", () => {
    const trades = rest.trades!(perp("trade"), { limit: 1 }).parse(
      [
        { coin: "ETH", side: "A", px: "2", sz: "1", time: 20, hash: "0x", tid: 2 },
        { coin: "ETH", side: "B", px: "1", sz: "1", time: 10, hash: "0x", tid: 1 },
      ],
      contextOf("linear"),
    );
    expect(trades).toMatchObject([{ tradeId: "2", side: "sell" }]);
    const nowMs = RECV_US / 1000;
    const bars = rest.klines!(perp("kline"), { interval: "1m" }).parse(
      [
        { t: nowMs - 60_000, T: nowMs - 1, s: "ETH", i: "1m", o: "1", c: "2", h: "2", l: "1", v: "3", n: 4 },
        { t: nowMs, T: nowMs + 59_999, s: "ETH", i: "1m", o: "2", c: "2", h: "2", l: "2", v: "1", n: 1 },
      ],
      contextOf("linear"),
    );
    expect(bars.map((bar) => bar.closed)).toEqual([true, false]);
    const funding = rest.fundingHistory!(perp("funding_rate"), {}).parse(
      [{ coin: "ETH", fundingRate: "-0.00022196", premium: "-0.0005", time: 1683849600076 }],
      contextOf("linear"),
    );
    expect(funding).toEqual([
      {
        kind: "funding_rate",
        exchange: "hyperliquid",
        account: "linear",
        symbol: "ETH/USDC:USDC",
        tsMs: 1683849600076,
        recvTsUs: RECV_US,
        rate: -0.00022196,
      },
    ]);
    expect(() => rest.trades!(perp("trade"), {}).parse({ error: "x" }, contextOf("linear"))).toThrow(
      "unexpected response shape",
    );
  });
});

describe("recognize", () => {
  const url = (body: unknown) =>
    new URL(`https://api.hyperliquid.xyz/info#${encodeURIComponent(JSON.stringify(body))}`);

  test("the request body in the URL fragment names the call", () => {
    expect(recognizeHyperliquidUrl(url({ type: "l2Book", coin: "@107" }))).toEqual({
      call: "book",
      account: "spot",
      native: "@107",
    });
    expect(recognizeHyperliquidUrl(url({ type: "recentTrades", coin: "BTC" }))).toEqual({
      call: "trades",
      account: "linear",
      native: "BTC",
    });
    expect(recognizeHyperliquidUrl(url({ type: "candleSnapshot", req: { coin: "ETH" } }))?.call).toBe(
      "klines",
    );
    expect(recognizeHyperliquidUrl(url({ type: "spotMeta" }))).toMatchObject({
      call: "instruments",
      account: "spot",
    });
    expect(recognizeHyperliquidUrl(url({ type: "clearinghouseState" }))).toBeUndefined();
    expect(recognizeHyperliquidUrl(new URL("https://api.hyperliquid.xyz/info"))).toBeUndefined();
    expect(recognizeHyperliquidUrl(new URL("https://api.hyperliquid.xyz/info#%7Bnot"))).toBeUndefined();
  });
});
