// Bybit REST: call builders (path, category, limits), docs-shaped bodies → events, error envelopes, recognize(url).

import { describe, expect, test } from "bun:test";
import { type Account, Dig3Error, type StreamSpec } from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";
import { bybit } from "./index.ts";
import { canonicalOfNative } from "./symbols.ts";

const RECV_US = 1_672_053_600_000_000;
const rest = bybit.rest;

function contextOf(account: Account, recvTsUs = RECV_US): ParseContext {
  return {
    exchange: "bybit",
    account,
    recvTsUs,
    symbolOf: (native) => canonicalOfNative(native, account) ?? native,
    session: new Map(),
  };
}

function specOf(kind: StreamSpec["kind"], account: Account, native: string): StreamSpec {
  return { kind, account, symbol: canonicalOfNative(native, account) ?? native, native };
}

function envelope(result: unknown, time = 1672053548579) {
  return { retCode: 0, retMsg: "OK", result, retExtInfo: {}, time };
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

const base = (account: Account, symbol: string, tsMs: number) => ({
  exchange: "bybit",
  account,
  symbol,
  tsMs,
  recvTsUs: RECV_US,
});

describe("endpoints", () => {
  test("one host, testnet apart", () => {
    expect(rest.baseUrl("spot", { testnet: false })).toBe("https://api.bybit.com");
    expect(rest.baseUrl("option", { testnet: true })).toBe("https://api-testnet.bybit.com");
    expect(rest.rateLimit).toEqual({ weight: 600, perMs: 5000 });
  });

  test("every call names its category; limits are clamped per category", () => {
    expect(rest.instruments("linear")).toMatchObject({
      path: "/v5/market/instruments-info",
      query: { category: "linear", limit: 1000 },
    });
    expect(rest.instruments("spot").query).toEqual({ category: "spot", limit: undefined });
    expect(rest.ticker!(specOf("ticker", "inverse", "BTCUSD"))).toMatchObject({
      path: "/v5/market/tickers",
      query: { category: "inverse", symbol: "BTCUSD" },
    });
    expect(rest.book!(specOf("book", "spot", "BTCUSDT"), 1000).query).toEqual({
      category: "spot",
      symbol: "BTCUSDT",
      limit: 200,
    });
    expect(rest.book!(specOf("book", "linear", "BTCUSDT"), 1000).query?.limit).toBe(500);
    expect(rest.book!(specOf("book", "option", "BTC-27DEC24-100000-C"), 100).query?.limit).toBe(25);
    expect(rest.trades!(specOf("trade", "spot", "BTCUSDT"), {}).query).toEqual({
      category: "spot",
      symbol: "BTCUSDT",
      limit: 60,
    });
    expect(rest.trades!(specOf("trade", "linear", "BTCUSDT"), { limit: 5000 }).query?.limit).toBe(1000);
    expect(
      rest.klines!(specOf("kline", "linear", "BTCUSDT"), {
        interval: "4h",
        limit: 5000,
        startMs: 1,
        endMs: 2,
      }).query,
    ).toEqual({ category: "linear", symbol: "BTCUSDT", interval: "240", start: 1, end: 2, limit: 1000 });
    expect(rest.openInterest!(specOf("open_interest", "inverse", "BTCUSD"))).toMatchObject({
      path: "/v5/market/open-interest",
      query: { category: "inverse", symbol: "BTCUSD", intervalTime: "5min", limit: 1 },
    });
  });

  test("funding history never sends startTime alone (Bybit answers that with an error)", () => {
    const spec = specOf("funding_rate", "linear", "BTCUSDT");
    expect(rest.fundingHistory!(spec, { startMs: 1_000_000, limit: 10 }).query).toEqual({
      category: "linear",
      symbol: "BTCUSDT",
      startTime: 1_000_000,
      endTime: 1_000_000 + 10 * 3_600_000,
      limit: 10,
    });
    expect(rest.fundingHistory!(spec, { endMs: 5 }).query).toMatchObject({
      startTime: undefined,
      endTime: 5,
      limit: 200,
    });
  });

  test("what Bybit does not serve throws before any request", () => {
    expect(thrown(() => rest.fundingHistory!(specOf("funding_rate", "spot", "BTCUSDT"), {})).code).toBe(
      "E_WIRE_ABSENT",
    );
    expect(
      thrown(() => rest.openInterest!(specOf("open_interest", "option", "BTC-27DEC24-100000-C"))).code,
    ).toBe("E_WIRE_ABSENT");
    expect(
      thrown(() => rest.klines!(specOf("kline", "option", "BTC-27DEC24-100000-C"), { interval: "1m" })).code,
    ).toBe("E_BAD_INTERVAL");
    expect(thrown(() => rest.klines!(specOf("kline", "spot", "BTCUSDT"), { interval: "1s" })).code).toBe(
      "E_BAD_INTERVAL",
    );
  });
});

describe("parsers", () => {
  test("instruments: linear perpetual, USDC perpetual, futures; tick and lot sizes", () => {
    const body = envelope({
      category: "linear",
      list: [
        {
          symbol: "BTCUSDT",
          contractType: "LinearPerpetual",
          status: "Trading",
          baseCoin: "BTC",
          quoteCoin: "USDT",
          settleCoin: "USDT",
          priceFilter: { minPrice: "0.10", maxPrice: "1999999.80", tickSize: "0.10" },
          lotSizeFilter: { maxOrderQty: "1190.000", minOrderQty: "0.001", qtyStep: "0.001" },
        },
        {
          symbol: "BTCPERP",
          contractType: "LinearPerpetual",
          status: "Trading",
          baseCoin: "BTC",
          quoteCoin: "USDC",
          settleCoin: "USDC",
          priceFilter: { tickSize: "0.5" },
          lotSizeFilter: { qtyStep: "0.001" },
        },
        {
          symbol: "BTCUSDT-26DEC25",
          contractType: "LinearFutures",
          status: "Delivering",
          deliveryTime: "1766736000000",
          baseCoin: "BTC",
          quoteCoin: "USDT",
          settleCoin: "USDT",
          priceFilter: { tickSize: "0.5" },
          lotSizeFilter: { qtyStep: "0.001" },
        },
        { symbol: "BROKEN" },
      ],
      nextPageCursor: "",
    });
    expect(rest.instruments("linear").parse(body, contextOf("linear"))).toEqual([
      {
        account: "linear",
        symbol: "BTC/USDT:USDT",
        native: "BTCUSDT",
        base: "BTC",
        quote: "USDT",
        settle: "USDT",
        status: "Trading",
        active: true,
        tickSize: 0.1,
        lotSize: 0.001,
      },
      {
        account: "linear",
        symbol: "BTC/USDC:USDC",
        native: "BTCPERP",
        base: "BTC",
        quote: "USDC",
        settle: "USDC",
        status: "Trading",
        active: true,
        tickSize: 0.5,
        lotSize: 0.001,
      },
      {
        account: "linear",
        symbol: "BTC/USDT:USDT-251226",
        native: "BTCUSDT-26DEC25",
        base: "BTC",
        quote: "USDT",
        settle: "USDT",
        status: "Delivering",
        active: false,
        tickSize: 0.5,
        lotSize: 0.001,
      },
    ]);
  });

  test("instruments: spot lot step is basePrecision; options keep strike and type", () => {
    const spot = envelope({
      category: "spot",
      list: [
        {
          symbol: "BTCUSDT",
          baseCoin: "BTC",
          quoteCoin: "USDT",
          status: "Trading",
          lotSizeFilter: { basePrecision: "0.000001", quotePrecision: "0.0000001" },
          priceFilter: { tickSize: "0.1" },
        },
      ],
    });
    expect(rest.instruments("spot").parse(spot, contextOf("spot"))).toEqual([
      {
        account: "spot",
        symbol: "BTC/USDT",
        native: "BTCUSDT",
        base: "BTC",
        quote: "USDT",
        status: "Trading",
        active: true,
        tickSize: 0.1,
        lotSize: 0.000001,
      },
    ]);
    const option = envelope({
      category: "option",
      nextPageCursor: "",
      list: [
        {
          symbol: "BTC-27MAR26-70000-P-USDT",
          status: "Trading",
          baseCoin: "BTC",
          quoteCoin: "USDT",
          settleCoin: "USDT",
          optionsType: "Put",
          deliveryTime: "1774598400000",
          priceFilter: { minPrice: "5", maxPrice: "1110000", tickSize: "5" },
          lotSizeFilter: { maxOrderQty: "500", minOrderQty: "0.01", qtyStep: "0.01" },
        },
      ],
    });
    expect(rest.instruments("option").parse(option, contextOf("option"))).toMatchObject([
      {
        symbol: "BTC/USDT:USDT-260327-70000-P",
        native: "BTC-27MAR26-70000-P-USDT",
        tickSize: 5,
        lotSize: 0.01,
      },
    ]);
  });

  test("instruments: a dated inverse future takes its expiry from deliveryTime", () => {
    const body = envelope({
      category: "inverse",
      list: [
        {
          symbol: "BTCUSDH25",
          contractType: "InverseFutures",
          status: "Trading",
          baseCoin: "BTC",
          quoteCoin: "USD",
          settleCoin: "BTC",
          deliveryTime: "1743148800000",
          priceFilter: { tickSize: "0.5" },
          lotSizeFilter: { qtyStep: "1" },
        },
        {
          symbol: "BTCUSD",
          contractType: "InversePerpetual",
          status: "Trading",
          baseCoin: "BTC",
          quoteCoin: "USD",
          settleCoin: "BTC",
          deliveryTime: "0",
        },
      ],
    });
    expect(
      rest
        .instruments("inverse")
        .parse(body, contextOf("inverse"))
        .map((row) => row.symbol),
    ).toEqual(["BTC/USD:BTC-250328", "BTC/USD:BTC"]);
  });

  test("ticker: the REST row through the socket's reader, stamped with the response time", () => {
    const body = envelope(
      {
        category: "spot",
        list: [
          {
            symbol: "BTCUSDT",
            bid1Price: "20517.96",
            bid1Size: "2",
            ask1Price: "20527.77",
            ask1Size: "1.862172",
            lastPrice: "20533.13",
            prevPrice24h: "20393.48",
            price24hPcnt: "0.0068",
            highPrice24h: "21128.12",
            lowPrice24h: "20318.89",
            turnover24h: "243765620.65899866",
            volume24h: "11801.27771",
          },
        ],
      },
      1673859087947,
    );
    expect(rest.ticker!(specOf("ticker", "spot", "BTCUSDT")).parse(body, contextOf("spot"))).toEqual({
      kind: "ticker",
      ...base("spot", "BTC/USDT", 1673859087947),
      last: 20533.13,
      bid: 20517.96,
      bidSize: 2,
      ask: 20527.77,
      askSize: 1.862172,
      high24h: 21128.12,
      low24h: 20318.89,
      volume24h: 11801.27771,
      quoteVolume24h: Number("243765620.65899866"),
      changePct24h: 0.68,
    });
  });

  test("orderbook: snapshot with seq = u at the matching-engine time", () => {
    const body = envelope({
      s: "BTCUSDT",
      a: [["65557.7", "16.606555"]],
      b: [
        ["65485.47", "47.081829"],
        ["65485.1", "1"],
      ],
      ts: 1716863719031,
      u: 230704,
      seq: 1432604333,
      cts: 1716863718905,
    });
    expect(rest.book!(specOf("book", "spot", "BTCUSDT"), 50).parse(body, contextOf("spot"))).toEqual({
      kind: "book",
      ...base("spot", "BTC/USDT", 1716863718905),
      type: "snapshot",
      bids: [
        [65485.47, 47.081829],
        [65485.1, 1],
      ],
      asks: [[65557.7, 16.606555]],
      seq: 230704,
    });
  });

  test("recent trades: newest first on the wire, oldest first out; bad rows skipped", () => {
    const body = envelope({
      category: "spot",
      list: [
        {
          execId: "2100000000007764264",
          symbol: "BTCUSDT",
          price: "16618.50",
          size: "0.1",
          side: "Sell",
          time: "1672052955759",
        },
        {
          execId: "2100000000007764263",
          symbol: "BTCUSDT",
          price: "16618.49",
          size: "0.00012",
          side: "Buy",
          time: "1672052955758",
          isBlockTrade: false,
        },
        { execId: "x", symbol: "BTCUSDT", price: "0", size: "1", side: "Buy", time: "1672052955757" },
      ],
    });
    expect(rest.trades!(specOf("trade", "spot", "BTCUSDT"), {}).parse(body, contextOf("spot"))).toEqual([
      {
        kind: "trade",
        ...base("spot", "BTC/USDT", 1672052955758),
        price: 16618.49,
        size: 0.00012,
        side: "buy",
        tradeId: "2100000000007764263",
      },
      {
        kind: "trade",
        ...base("spot", "BTC/USDT", 1672052955759),
        price: 16618.5,
        size: 0.1,
        side: "sell",
        tradeId: "2100000000007764264",
      },
    ]);
  });

  test("klines: oldest first; closed before the receive time; inverse has no quote volume", () => {
    const body = envelope({
      symbol: "BTCUSD",
      category: "inverse",
      list: [
        ["1670608800000", "17071", "17073", "17027", "17055.5", "268611", "15.74462667"],
        ["1670605200000", "17071.5", "17071.5", "17061", "17071", "4177", "0.24469757"],
      ],
    });
    const recvTsUs = 1_670_610_000_000_000;
    const klines = rest.klines!(specOf("kline", "inverse", "BTCUSD"), { interval: "1h" }).parse(
      body,
      contextOf("inverse", recvTsUs),
    );
    expect(klines).toEqual([
      {
        kind: "kline",
        exchange: "bybit",
        account: "inverse",
        symbol: "BTC/USD:BTC",
        tsMs: 1670608799999,
        recvTsUs,
        interval: "1h",
        openTimeMs: 1670605200000,
        closeTimeMs: 1670608799999,
        open: 17071.5,
        high: 17071.5,
        low: 17061,
        close: 17071,
        volume: 4177,
        closed: true,
      },
      {
        kind: "kline",
        exchange: "bybit",
        account: "inverse",
        symbol: "BTC/USD:BTC",
        tsMs: 1670610000000,
        recvTsUs,
        interval: "1h",
        openTimeMs: 1670608800000,
        closeTimeMs: 1670612399999,
        open: 17071,
        high: 17073,
        low: 17027,
        close: 17055.5,
        volume: 268611,
        closed: false,
      },
    ]);
    const linear = rest.klines!(specOf("kline", "linear", "BTCUSDT"), { interval: "1h" }).parse(
      envelope({ list: [["1670605200000", "1", "2", "0.5", "1.5", "10", "15"]] }),
      contextOf("linear", recvTsUs),
    );
    expect(linear[0]?.quoteVolume).toBe(15);
  });

  test("funding history: oldest first at the funding time", () => {
    const body = envelope({
      category: "linear",
      list: [
        { symbol: "ETHPERP", fundingRate: "0.0001", fundingRateTimestamp: "1672041600000" },
        { symbol: "ETHPERP", fundingRate: "-0.0002", fundingRateTimestamp: "1672012800000" },
      ],
    });
    expect(
      rest.fundingHistory!(specOf("funding_rate", "linear", "ETHPERP"), {}).parse(body, contextOf("linear")),
    ).toEqual([
      { kind: "funding_rate", ...base("linear", "ETH/USDC:USDC", 1672012800000), rate: -0.0002 },
      { kind: "funding_rate", ...base("linear", "ETH/USDC:USDC", 1672041600000), rate: 0.0001 },
    ]);
  });

  test("open interest: the newest point", () => {
    const body = envelope({
      symbol: "BTCUSD",
      category: "inverse",
      list: [
        { openInterest: "461134384.00000000", timestamp: "1669571400000" },
        { openInterest: "461134292.00000000", timestamp: "1669571100000" },
      ],
      nextPageCursor: "",
    });
    expect(
      rest.openInterest!(specOf("open_interest", "inverse", "BTCUSD")).parse(body, contextOf("inverse")),
    ).toEqual({
      kind: "open_interest",
      ...base("inverse", "BTC/USD:BTC", 1669571400000),
      openInterest: 461134384,
    });
  });

  test("an error envelope throws the venue's message; a bad shape throws E_PARSE", () => {
    const error = thrown(() =>
      rest.ticker!(specOf("ticker", "spot", "NOPEUSDT")).parse(
        { retCode: 10001, retMsg: "params error: symbol invalid", result: {}, retExtInfo: {}, time: 1 },
        contextOf("spot"),
      ),
    );
    expect(error.code).toBe("E_VENUE");
    expect(error.message).toBe("bybit tickers: params error: symbol invalid (retCode 10001)");
    expect(error.hint).toContain("symbol");
    expect(
      thrown(() =>
        rest.trades!(specOf("trade", "spot", "BTCUSDT"), {}).parse(
          { retCode: 10006, retMsg: "Too many visits!", result: {} },
          contextOf("spot"),
        ),
      ).code,
    ).toBe("E_RATE_LIMITED");
    for (const body of [null, [], { retCode: 0, result: null }, envelope({ list: "x" }), envelope({})]) {
      expect(thrown(() => rest.instruments("spot").parse(body, contextOf("spot"))).code).toBe("E_PARSE");
    }
    expect(
      thrown(() =>
        rest.book!(specOf("book", "spot", "BTCUSDT"), 5).parse(envelope({ b: [] }), contextOf("spot")),
      ).code,
    ).toBe("E_PARSE");
    expect(
      thrown(() =>
        rest.openInterest!(specOf("open_interest", "linear", "BTCUSDT")).parse(
          envelope({ list: [] }),
          contextOf("linear"),
        ),
      ).code,
    ).toBe("E_PARSE");
  });
});

describe("recognize", () => {
  test.each([
    [
      "https://api.bybit.com/v5/market/orderbook?category=linear&symbol=BTCUSDT&limit=200",
      "book",
      "linear",
      "BTCUSDT",
    ],
    ["https://api.bybit.com/v5/market/tickers?category=spot&symbol=ETHUSDT", "ticker", "spot", "ETHUSDT"],
    [
      "https://api-testnet.bybit.com/v5/market/recent-trade?category=option&symbol=BTC-27DEC24-100000-C",
      "trades",
      "option",
      "BTC-27DEC24-100000-C",
    ],
    [
      "https://api.bybit.com/v5/market/kline?category=inverse&symbol=BTCUSD&interval=60",
      "klines",
      "inverse",
      "BTCUSD",
    ],
    [
      "https://api.bybit.com/v5/market/funding/history?category=linear&symbol=BTCPERP",
      "fundingHistory",
      "linear",
      "BTCPERP",
    ],
    [
      "https://api.bybit.com/v5/market/open-interest?category=inverse&symbol=BTCUSD&intervalTime=5min",
      "openInterest",
      "inverse",
      "BTCUSD",
    ],
    ["https://api.bybit.com/v5/market/instruments-info?category=spot", "instruments", "spot", ""],
  ] as const)("%s", (url, call, account, native) => {
    expect(rest.recognize!(new URL(url))).toEqual({ call, account, native });
  });

  test.each([
    "https://api.bybit.com/v5/market/orderbook?symbol=BTCUSDT",
    "https://api.bybit.com/v5/market/orderbook?category=futures&symbol=BTCUSDT",
    "https://api.bybit.com/v5/market/mark-price-kline?category=linear&symbol=BTCUSDT",
    "https://api.bybit.com/v2/public/orderBook/L2?symbol=BTCUSD",
  ])("not a call dig3 makes: %s", (url) => {
    expect(rest.recognize!(new URL(url))).toBeUndefined();
  });
});
