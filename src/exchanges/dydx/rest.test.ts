// dYdX v4 indexer REST: request shapes and pure parsers over docs-shaped bodies, and recognize() for recorded URLs.

import { describe, expect, test } from "bun:test";
import { Dig3Error, formatCanonical, type StreamSpec, withAccountSettle } from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";
import { dydxRest, recognizeDydxUrl } from "./rest.ts";
import { fromDydxNative } from "./symbols.ts";

const RECV_US = 1_724_371_200_500_000; // 2024-08-23T00:00:00.500Z
const RECV_MS = 1_724_371_200_500;
const context: ParseContext = {
  exchange: "dydx",
  account: "linear",
  recvTsUs: RECV_US,
  symbolOf: (native) => {
    const parts = fromDydxNative(native, "linear");
    return parts ? formatCanonical(withAccountSettle(parts, "linear")) : native;
  },
  session: new Map(),
};
const spec: StreamSpec = { kind: "trade", account: "linear", symbol: "BTC/USD:USDC", native: "BTC-USD" };
const BTC = { exchange: "dydx", account: "linear", symbol: "BTC/USD:USDC", recvTsUs: RECV_US } as const;

const MARKETS = {
  markets: {
    "BTC-USD": {
      clobPairId: "0",
      ticker: "BTC-USD",
      status: "ACTIVE",
      oraclePrice: "60000",
      priceChange24H: "600",
      volume24H: "2000000",
      nextFundingRate: "0.0000125",
      openInterest: "500",
      tickSize: "1",
      stepSize: "0.0001",
    },
    "LUNA-USD": { ticker: "LUNA-USD", status: "FINAL_SETTLEMENT", tickSize: "0.0001", stepSize: "1" },
  },
};

describe("instruments and market calls", () => {
  test("perpetualMarkets → instruments with tick/step sizes and the active flag", () => {
    const call = dydxRest.instruments("linear");
    expect(call.path).toBe("/v4/perpetualMarkets");
    expect(call.parse(MARKETS, context)).toEqual([
      {
        account: "linear",
        symbol: "BTC/USD:USDC",
        native: "BTC-USD",
        base: "BTC",
        quote: "USD",
        settle: "USDC",
        status: "ACTIVE",
        active: true,
        tickSize: 1,
        lotSize: 0.0001,
      },
      {
        account: "linear",
        symbol: "LUNA/USD:USDC",
        native: "LUNA-USD",
        base: "LUNA",
        quote: "USD",
        settle: "USDC",
        status: "FINAL_SETTLEMENT",
        active: false,
        tickSize: 0.0001,
        lotSize: 1,
      },
    ]);
    expect(() => call.parse({ nope: 1 }, context)).toThrow(Dig3Error);
  });

  test("ticker, open interest and current funding from one market", () => {
    const ticker = dydxRest.ticker!(spec);
    expect(ticker.query).toEqual({ ticker: "BTC-USD" });
    const t = ticker.parse(MARKETS, context);
    expect(t).toMatchObject({ ...BTC, kind: "ticker", tsMs: RECV_MS, quoteVolume24h: 2_000_000 });
    expect(t.changePct24h).toBeCloseTo((600 / 59400) * 100, 10);
    expect(dydxRest.openInterest!(spec).parse(MARKETS, context)).toEqual({
      ...BTC,
      kind: "open_interest",
      tsMs: RECV_MS,
      openInterest: 500,
      openInterestValue: 30_000_000,
    });
    expect(dydxRest.fundingRate!(spec).parse(MARKETS, context)).toEqual({
      ...BTC,
      kind: "funding_rate",
      tsMs: RECV_MS,
      rate: 0.0000125,
      nextFundingTsMs: 1_724_374_800_000,
    });
    expect(() => dydxRest.ticker!({ ...spec, native: "NOPE-USD" }).parse(MARKETS, context)).toThrow(
      "no market",
    );
  });
});

describe("book, trades, candles, funding history", () => {
  test("orderbook snapshot", () => {
    const call = dydxRest.book!(spec, 100);
    expect(call.path).toBe("/v4/orderbooks/perpetualMarket/BTC-USD");
    expect(
      call.parse({ bids: [{ price: "59999", size: "1.5" }], asks: [{ price: "60001", size: "2" }] }, context),
    ).toEqual({
      ...BTC,
      kind: "book",
      type: "snapshot",
      tsMs: RECV_MS,
      bids: [[59999, 1.5]],
      asks: [[60001, 2]],
    });
  });

  test("trades oldest first, liquidations not duplicated", () => {
    const call = dydxRest.trades!(spec, { limit: 500 });
    expect(call.path).toBe("/v4/trades/perpetualMarket/BTC-USD");
    expect(call.query).toEqual({ limit: 100 });
    const body = {
      trades: [
        {
          id: "b",
          side: "SELL",
          size: "0.2",
          price: "60001",
          type: "LIQUIDATED",
          createdAt: "2024-08-22T23:59:59.000Z",
        },
        {
          id: "a",
          side: "BUY",
          size: "0.1",
          price: "60000",
          type: "LIMIT",
          createdAt: "2024-08-22T23:59:58.000Z",
        },
      ],
    };
    expect(call.parse(body, context).map((trade) => [trade.tradeId, trade.side, trade.price])).toEqual([
      ["a", "buy", 60000],
      ["b", "sell", 60001],
    ]);
  });

  test("older trades page by createdBeforeOrAt (inclusive ISO time), not by id", () => {
    expect(dydxRest.canPageTrades?.("linear")).toBe(true);
    const call = dydxRest.trades!(spec, {
      limit: 100,
      endMs: Date.parse("2024-08-22T23:59:58.000Z"),
      beforeId: "a",
    });
    expect(call.query).toEqual({ limit: 100, createdBeforeOrAt: "2024-08-22T23:59:58.000Z" });
    const body = {
      trades: [
        {
          id: "c",
          side: "BUY",
          size: "0.3",
          price: "59999",
          type: "LIMIT",
          createdAt: "2024-08-22T23:59:58.000Z",
          createdAtHeight: "100",
        },
        {
          id: "d",
          side: "SELL",
          size: "0.4",
          price: "59998",
          type: "LIMIT",
          createdAt: "2024-08-22T23:59:57.500Z",
          createdAtHeight: "99",
        },
      ],
    };
    expect(call.parse(body, context).map((trade) => [trade.tradeId, trade.tsMs])).toEqual([
      ["d", Date.parse("2024-08-22T23:59:57.500Z")],
      ["c", Date.parse("2024-08-22T23:59:58.000Z")],
    ]);
  });

  test("candles by resolution, closed when their span is over", () => {
    const call = dydxRest.klines!(spec, { interval: "1m", limit: 2, startMs: 0 });
    expect(call.path).toBe("/v4/candles/perpetualMarkets/BTC-USD");
    expect(call.query).toEqual({
      resolution: "1MIN",
      limit: 2,
      fromISO: "1970-01-01T00:00:00.000Z",
      toISO: undefined,
    });
    const row = (startedAt: string) => ({
      startedAt,
      ticker: "BTC-USD",
      resolution: "1MIN",
      low: "1",
      high: "3",
      open: "2",
      close: "2.5",
      baseTokenVolume: "10",
      usdVolume: "25",
      trades: 4,
    });
    const klines = call.parse(
      { candles: [row("2024-08-23T00:00:00.000Z"), row("2024-08-22T23:59:00.000Z")] },
      context,
    );
    expect(klines.map((k) => [k.openTimeMs, k.closed])).toEqual([
      [1_724_371_140_000, true],
      [1_724_371_200_000, false],
    ]);
  });

  test("historical funding, oldest first", () => {
    const call = dydxRest.fundingHistory!(spec, { limit: 2 });
    expect(call.path).toBe("/v4/historicalFunding/BTC-USD");
    const body = {
      historicalFunding: [
        {
          ticker: "BTC-USD",
          rate: "0.00002",
          price: "60000",
          effectiveAt: "2024-08-23T00:00:00.000Z",
          effectiveAtHeight: "2",
        },
        {
          ticker: "BTC-USD",
          rate: "-0.00001",
          price: "59000",
          effectiveAt: "2024-08-22T23:00:00.000Z",
          effectiveAtHeight: "1",
        },
      ],
    };
    expect(call.parse(body, context)).toEqual([
      { ...BTC, kind: "funding_rate", tsMs: 1_724_367_600_000, rate: -0.00001 },
      { ...BTC, kind: "funding_rate", tsMs: 1_724_371_200_000, rate: 0.00002 },
    ]);
    expect(() => call.parse({}, context)).toThrow(Dig3Error);
  });
});

describe("recognize", () => {
  test("indexer paths", () => {
    const at = (path: string) => recognizeDydxUrl(new URL(`https://indexer.dydx.trade${path}`));
    expect(at("/v4/perpetualMarkets")).toEqual({ call: "instruments", account: "linear", native: "" });
    expect(at("/v4/perpetualMarkets?ticker=BTC-USD")).toEqual({
      call: "ticker",
      account: "linear",
      native: "BTC-USD",
    });
    expect(at("/v4/orderbooks/perpetualMarket/BTC-USD")).toEqual({
      call: "book",
      account: "linear",
      native: "BTC-USD",
    });
    expect(at("/v4/trades/perpetualMarket/ETH-USD?limit=5")).toEqual({
      call: "trades",
      account: "linear",
      native: "ETH-USD",
    });
    expect(at("/v4/candles/perpetualMarkets/BTC-USD?resolution=1MIN")).toEqual({
      call: "klines",
      account: "linear",
      native: "BTC-USD",
    });
    expect(at("/v4/historicalFunding/BTC-USD")).toEqual({
      call: "fundingHistory",
      account: "linear",
      native: "BTC-USD",
    });
    expect(at("/v3/markets")).toBeUndefined();
  });
});
