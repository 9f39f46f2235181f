// KuCoin REST: the endpoint table per account (spot host, futures host), the socket-token call, docs-shaped bodies
// through every parser, recorded URLs recognized, and venue errors / unusable shapes turned into Dig3Errors.

import { describe, expect, test } from "bun:test";
import { type Account, Dig3Error, type StreamKind, type StreamSpec } from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";
import { kucoin } from "./index.ts";
import { bulletCall, parseBullet, recognizeKucoinUrl } from "./rest.ts";
import { canonicalOfKucoinNative } from "./symbols.ts";

const RECV_US = 1_700_000_000_123_456;
const RECV_MS = 1_700_000_000_123;
const rest = kucoin.rest;

function contextOf(account: Account, recvTsUs = RECV_US): ParseContext {
  return {
    exchange: "kucoin",
    account,
    recvTsUs,
    symbolOf: (native) => canonicalOfKucoinNative(native, account) ?? native,
    session: new Map(),
  };
}

function specOf(account: Account, native: string, kind: StreamKind = "ticker"): StreamSpec {
  return { kind, account, symbol: canonicalOfKucoinNative(native, account) ?? native, native };
}

const ok = (data: unknown) => ({ code: "200000", data });

function thrown(run: () => unknown): Dig3Error {
  try {
    run();
  } catch (error) {
    if (error instanceof Dig3Error) return error;
    throw error;
  }
  throw new Error("expected a Dig3Error");
}

describe("endpoints", () => {
  test("hosts: spot and futures, live and sandbox", () => {
    expect(rest.baseUrl("spot", { testnet: false })).toBe("https://api.kucoin.com");
    expect(rest.baseUrl("linear", { testnet: false })).toBe("https://api-futures.kucoin.com");
    expect(rest.baseUrl("inverse", { testnet: false })).toBe("https://api-futures.kucoin.com");
    expect(rest.baseUrl("spot", { testnet: true })).toBe("https://openapi-sandbox.kucoin.com");
    expect(rest.baseUrl("linear", { testnet: true })).toBe("https://api-sandbox-futures.kucoin.com");
    expect(thrown(() => rest.baseUrl("option", { testnet: false })).code).toBe("E_WIRE_ABSENT");
    expect(rest.rateLimit).toEqual({ weight: 2000, perMs: 30_000 });
  });

  test("paths, queries and weights", () => {
    const btc = specOf("spot", "BTC-USDT");
    const perp = specOf("linear", "XBTUSDTM");
    const shape = (call: { path: string; query?: unknown; weight?: number; method?: string }) => ({
      path: call.path,
      query: call.query,
      weight: call.weight,
      method: call.method,
    });
    expect(shape(rest.instruments("spot"))).toEqual({
      path: "/api/v2/symbols",
      query: undefined,
      weight: 4,
      method: undefined,
    });
    expect(shape(rest.instruments("inverse"))).toMatchObject({ path: "/api/v1/contracts/active", weight: 3 });
    expect(shape(rest.ticker!(btc))).toMatchObject({
      path: "/api/v1/market/stats",
      query: { symbol: "BTC-USDT" },
      weight: 15,
    });
    expect(shape(rest.ticker!(perp))).toMatchObject({
      path: "/api/v1/ticker",
      query: { symbol: "XBTUSDTM" },
    });
    expect(rest.book!(btc, 5).path).toBe("/api/v1/market/orderbook/level2_20");
    expect(rest.book!(btc, 100).path).toBe("/api/v1/market/orderbook/level2_100");
    expect(rest.book!(btc, 1000).path).toBe("/api/v1/market/orderbook/level2_100");
    expect(shape(rest.book!(perp, 1000))).toMatchObject({ path: "/api/v1/level2/snapshot", weight: 3 });
    expect(rest.trades!(btc, {}).path).toBe("/api/v1/market/histories");
    expect(rest.trades!(perp, {}).path).toBe("/api/v1/trade/history");
    expect(
      shape(rest.klines!(btc, { interval: "1h", startMs: 1_700_000_000_500, endMs: 1_700_003_600_500 })),
    ).toMatchObject({
      path: "/api/v1/market/candles",
      query: { symbol: "BTC-USDT", type: "1hour", startAt: 1_700_000_000, endAt: 1_700_003_601 },
    });
    expect(shape(rest.klines!(perp, { interval: "4h", startMs: 1, endMs: 2 }))).toMatchObject({
      path: "/api/v1/kline/query",
      query: { symbol: "XBTUSDTM", granularity: 240, from: 1, to: 2 },
    });
    expect(shape(rest.fundingHistory!(perp, { startMs: 10, endMs: 20 }))).toMatchObject({
      path: "/api/v1/contract/funding-rates",
      query: { symbol: "XBTUSDTM", from: 10, to: 20 },
      weight: 5,
    });
    const open = rest.fundingHistory!(perp, { limit: 3 }).query as { from: number; to: number };
    expect(open.to - open.from).toBe(3 * 8 * 3_600_000);
    expect(rest.openInterest!(specOf("inverse", "XBTUSDM")).path).toBe("/api/v1/contracts/XBTUSDM");
  });

  test("intervals a REST endpoint lacks, and spot-only questions, fail with a hint", () => {
    expect(thrown(() => rest.klines!(specOf("linear", "XBTUSDTM"), { interval: "3m" })).code).toBe(
      "E_BAD_INTERVAL",
    );
    expect(thrown(() => rest.klines!(specOf("spot", "BTC-USDT"), { interval: "1s" })).code).toBe(
      "E_BAD_INTERVAL",
    );
    expect(thrown(() => rest.fundingHistory!(specOf("spot", "BTC-USDT"), {})).code).toBe("E_WIRE_ABSENT");
    expect(thrown(() => rest.openInterest!(specOf("spot", "BTC-USDT"))).code).toBe("E_WIRE_ABSENT");
  });
});

describe("socket token", () => {
  test("a POST to bullet-public on the account's host", () => {
    expect(bulletCall("spot")).toMatchObject({
      account: "spot",
      method: "POST",
      path: "/api/v1/bullet-public",
      weight: 10,
    });
    expect(kucoin.ws.bootstrap?.("inverse", { testnet: false })).toMatchObject({
      account: "inverse",
      method: "POST",
    });
  });

  test("the URL to dial: endpoint + token + a connectId that differs per call", () => {
    const body = ok({
      token: "2neAiuYvAU61ZDXANAGAsiL4=.mvnekBb8DJegZIgYLs2FBQ==",
      instanceServers: [
        {
          endpoint: "wss://ws-api-spot.kucoin.com/",
          encrypt: true,
          protocol: "websocket",
          pingInterval: 18000,
          pingTimeout: 10000,
        },
      ],
    });
    const first = parseBullet(body, contextOf("spot")).url;
    const second = parseBullet(body, contextOf("spot")).url;
    expect(first).toStartWith(
      "wss://ws-api-spot.kucoin.com/?token=2neAiuYvAU61ZDXANAGAsiL4%3D.mvnekBb8DJegZIgYLs2FBQ%3D%3D&connectId=dig3",
    );
    const url = new URL(first);
    expect(url.searchParams.get("token")).toBe("2neAiuYvAU61ZDXANAGAsiL4=.mvnekBb8DJegZIgYLs2FBQ==");
    expect(url.searchParams.get("connectId")).toMatch(/^dig3[a-z0-9]+$/);
    expect(first).not.toBe(second);
  });

  test("an error body or a missing server throws", () => {
    expect(thrown(() => parseBullet({ code: "400100", msg: "too many" }, contextOf("spot"))).code).toBe(
      "E_VENUE",
    );
    expect(thrown(() => parseBullet(ok({ token: "t", instanceServers: [] }), contextOf("spot"))).code).toBe(
      "E_PARSE",
    );
    expect(
      thrown(() =>
        parseBullet(ok({ token: "t", instanceServers: [{ endpoint: "http://x" }] }), contextOf("spot")),
      ).code,
    ).toBe("E_PARSE");
  });
});

describe("instruments", () => {
  test("spot symbols: enableTrading decides active; increments become tick and lot", () => {
    const body = ok([
      {
        symbol: "BTC-USDT",
        name: "BTC-USDT",
        baseCurrency: "BTC",
        quoteCurrency: "USDT",
        feeCurrency: "USDT",
        market: "USDS",
        baseMinSize: "0.00001",
        quoteMinSize: "0.1",
        baseIncrement: "0.00000001",
        quoteIncrement: "0.000001",
        priceIncrement: "0.1",
        enableTrading: true,
      },
      { symbol: "OLD-BTC", baseCurrency: "OLD", quoteCurrency: "BTC", enableTrading: false },
      { symbol: "BROKEN" },
    ]);
    expect(rest.instruments("spot").parse(body, contextOf("spot"))).toEqual([
      {
        account: "spot",
        symbol: "BTC/USDT",
        native: "BTC-USDT",
        base: "BTC",
        quote: "USDT",
        tickSize: 0.1,
        lotSize: 0.00000001,
        status: "enableTrading",
        active: true,
      },
      {
        account: "spot",
        symbol: "OLD/BTC",
        native: "OLD-BTC",
        base: "OLD",
        quote: "BTC",
        status: "tradingDisabled",
        active: false,
      },
    ]);
  });

  const contracts = ok([
    {
      symbol: "XBTUSDTM",
      rootSymbol: "USDT",
      type: "FFWCSX",
      expireDate: null,
      baseCurrency: "XBT",
      quoteCurrency: "USDT",
      settleCurrency: "USDT",
      multiplier: 0.001,
      lotSize: 1,
      tickSize: 0.1,
      isInverse: false,
      status: "Open",
      openInterest: "8724443",
    },
    {
      symbol: "XBTUSDM",
      type: "FFWCSX",
      expireDate: null,
      baseCurrency: "XBT",
      quoteCurrency: "USD",
      settleCurrency: "XBT",
      multiplier: -1,
      lotSize: 1,
      tickSize: 0.1,
      isInverse: true,
      status: "Open",
    },
    {
      symbol: "XBTMH25",
      type: "FFICSX",
      expireDate: Date.UTC(2025, 2, 28, 8),
      baseCurrency: "XBT",
      quoteCurrency: "USD",
      settleCurrency: "XBT",
      lotSize: 1,
      tickSize: 1,
      isInverse: true,
      status: "Paused",
    },
  ]);

  test("futures contracts split by isInverse; XBT is BTC; dated contracts get their expiry", () => {
    expect(rest.instruments("linear").parse(contracts, contextOf("linear"))).toEqual([
      {
        account: "linear",
        symbol: "BTC/USDT:USDT",
        native: "XBTUSDTM",
        base: "BTC",
        quote: "USDT",
        settle: "USDT",
        tickSize: 0.1,
        lotSize: 1,
        status: "Open",
        active: true,
      },
    ]);
    expect(rest.instruments("inverse").parse(contracts, contextOf("inverse"))).toEqual([
      expect.objectContaining({ symbol: "BTC/USD:BTC", native: "XBTUSDM", active: true }),
      expect.objectContaining({
        symbol: "BTC/USD:BTC-250328",
        native: "XBTMH25",
        status: "Paused",
        active: false,
      }),
    ]);
  });

  test("open interest from the contract detail, in lots", () => {
    const body = ok({ symbol: "XBTUSDTM", openInterest: "8724443", markPrice: 91317.38 });
    expect(rest.openInterest!(specOf("linear", "XBTUSDTM")).parse(body, contextOf("linear"))).toEqual({
      kind: "open_interest",
      exchange: "kucoin",
      account: "linear",
      symbol: "BTC/USDT:USDT",
      tsMs: RECV_MS,
      recvTsUs: RECV_US,
      openInterest: 8724443,
    });
  });
});

describe("market data", () => {
  test("spot 24 h stats: changeRate is a fraction", () => {
    const body = ok({
      time: 1729175612000,
      symbol: "BTC-USDT",
      buy: "67192.5",
      sell: "67192.6",
      changeRate: "0.0157",
      changePrice: "1040",
      high: "67838.4",
      low: "65994.1",
      vol: "3213.18525837",
      volValue: "214479839.12",
      last: "67192.6",
      averagePrice: "66541.36",
    });
    expect(rest.ticker!(specOf("spot", "BTC-USDT")).parse(body, contextOf("spot"))).toEqual({
      kind: "ticker",
      exchange: "kucoin",
      account: "spot",
      symbol: "BTC/USDT",
      tsMs: 1729175612000,
      recvTsUs: RECV_US,
      last: 67192.6,
      bid: 67192.5,
      ask: 67192.6,
      high24h: 67838.4,
      low24h: 65994.1,
      volume24h: 3213.18525837,
      quoteVolume24h: 214479839.12,
      changePct24h: 1.5699999999999998,
    });
  });

  test("futures ticker: last fill and best bid/ask, ns time", () => {
    const body = ok({
      sequence: 1697895100310,
      symbol: "XBTUSDM",
      side: "sell",
      size: 2936,
      tradeId: "1697901180000",
      price: "67158.4",
      bestBidPrice: "67169.6",
      bestBidSize: 32345,
      bestAskPrice: "67169.7",
      bestAskSize: 7251,
      ts: 1729163001780000000,
    });
    expect(rest.ticker!(specOf("inverse", "XBTUSDM")).parse(body, contextOf("inverse"))).toMatchObject({
      symbol: "BTC/USD:BTC",
      tsMs: 1729163001780,
      last: 67158.4,
      bid: 67169.6,
      bidSize: 32345,
      ask: 67169.7,
      askSize: 7251,
    });
  });

  test("order books: spot text sizes, futures number sizes; seq = sequence", () => {
    const spot = ok({
      sequence: "3262786978",
      time: 1550653727731,
      bids: [["6500.12", "0.45054140"]],
      asks: [["6500.16", "0.57753524"]],
    });
    expect(rest.book!(specOf("spot", "BTC-USDT", "book"), 100).parse(spot, contextOf("spot"))).toEqual({
      kind: "book",
      exchange: "kucoin",
      account: "spot",
      symbol: "BTC/USDT",
      tsMs: 1550653727731,
      recvTsUs: RECV_US,
      type: "snapshot",
      bids: [[6500.12, 0.4505414]],
      asks: [[6500.16, 0.57753524]],
      seq: 3262786978,
    });
    const futures = ok({
      symbol: "XBTUSDM",
      sequence: 100,
      asks: [["5000.0", 1000]],
      bids: [["3200.0", 800]],
      ts: 1604643655040584400,
    });
    expect(
      rest.book!(specOf("inverse", "XBTUSDM", "book"), 1000).parse(futures, contextOf("inverse")),
    ).toMatchObject({
      symbol: "BTC/USD:BTC",
      tsMs: 1604643655040,
      bids: [[3200, 800]],
      asks: [[5000, 1000]],
      seq: 100,
    });
  });

  test("recent trades: oldest first, spot ids from the sequence, `limit` keeps the newest", () => {
    const spot = ok([
      { sequence: "10976028003549186", price: "67123", size: "0.1", side: "sell", time: 1729177117878000000 },
      {
        sequence: "10976028003549185",
        price: "67122",
        size: "0.000025",
        side: "buy",
        time: 1729177117877000000,
      },
      { sequence: "x", price: "0", size: "1", side: "buy", time: 1 },
    ]);
    expect(rest.trades!(specOf("spot", "BTC-USDT", "trade"), {}).parse(spot, contextOf("spot"))).toEqual([
      {
        kind: "trade",
        exchange: "kucoin",
        account: "spot",
        symbol: "BTC/USDT",
        tsMs: 1729177117877,
        recvTsUs: RECV_US,
        price: 67122,
        size: 0.000025,
        side: "buy",
        tradeId: "10976028003549185",
      },
      {
        kind: "trade",
        exchange: "kucoin",
        account: "spot",
        symbol: "BTC/USDT",
        tsMs: 1729177117878,
        recvTsUs: RECV_US,
        price: 67123,
        size: 0.1,
        side: "sell",
        tradeId: "10976028003549186",
      },
    ]);
    const futures = ok([
      {
        sequence: 1697915257909,
        contractId: 1,
        tradeId: "1697915257909",
        makerOrderId: "236679665752801280",
        takerOrderId: "236679667975745536",
        ts: 1729242032152000000,
        size: 1,
        price: "67878",
        side: "sell",
      },
      {
        sequence: 1697915257910,
        tradeId: "1697915257910",
        ts: 1729242032153000000,
        size: 3,
        price: "67879",
        side: "buy",
      },
    ]);
    expect(
      rest.trades!(specOf("linear", "XBTUSDTM", "trade"), { limit: 1 }).parse(futures, contextOf("linear")),
    ).toEqual([
      expect.objectContaining({ symbol: "BTC/USDT:USDT", tradeId: "1697915257910", size: 3, side: "buy" }),
    ]);
  });

  test("klines: spot rows newest first in seconds (open, close, high, low), futures in ms (open, high, low, close)", () => {
    const recvUs = Date.UTC(2018, 11, 27, 10, 3, 30) * 1000;
    const spot = ok([
      ["1545904980", "0.058", "0.049", "0.058", "0.049", "0.018", "0.000945"],
      ["1545904920", "0.058", "0.072", "0.072", "0.058", "0.103", "0.006986"],
    ]);
    const klines = rest.klines!(specOf("spot", "KCS-BTC", "kline"), { interval: "1m" }).parse(
      spot,
      contextOf("spot", recvUs),
    );
    expect(klines).toEqual([
      {
        kind: "kline",
        exchange: "kucoin",
        account: "spot",
        symbol: "KCS/BTC",
        tsMs: 1545904979999,
        recvTsUs: recvUs,
        interval: "1m",
        openTimeMs: 1545904920000,
        closeTimeMs: 1545904979999,
        open: 0.058,
        high: 0.072,
        low: 0.058,
        close: 0.072,
        volume: 0.103,
        quoteVolume: 0.006986,
        closed: true,
      },
      {
        kind: "kline",
        exchange: "kucoin",
        account: "spot",
        symbol: "KCS/BTC",
        tsMs: recvUs / 1000,
        recvTsUs: recvUs,
        interval: "1m",
        openTimeMs: 1545904980000,
        closeTimeMs: 1545905039999,
        open: 0.058,
        high: 0.058,
        low: 0.049,
        close: 0.049,
        volume: 0.018,
        quoteVolume: 0.000945,
        closed: false,
      },
    ]);
    const futures = ok([[1728576000000, 60791.1, 61035, 58940, 60300, 5501167, 333932.07]]);
    expect(
      rest.klines!(specOf("inverse", "XBTUSDM", "kline"), { interval: "1d" }).parse(
        futures,
        contextOf("inverse", 1_730_000_000_000_000),
      ),
    ).toEqual([
      expect.objectContaining({
        symbol: "BTC/USD:BTC",
        openTimeMs: 1728576000000,
        open: 60791.1,
        high: 61035,
        low: 58940,
        close: 60300,
        volume: 5501167,
        closed: true,
      }),
    ]);
    // Coin-margined turnover is not a quote volume.
    expect(
      rest.klines!(specOf("inverse", "XBTUSDM", "kline"), { interval: "1d" }).parse(
        futures,
        contextOf("inverse"),
      )[0],
    ).not.toHaveProperty("quoteVolume");
  });

  test("klines: a 1M bar closes just before the next month opens: past months closed, the current one open", () => {
    // Receipt is 2023-11-14: October is over, November is not.
    const october = Date.UTC(2023, 9, 1);
    const november = Date.UTC(2023, 10, 1);
    const body = ok([
      [String(november / 1000), "0.058", "0.049", "0.072", "0.041", "1.5", "0.09"],
      [String(october / 1000), "0.05", "0.058", "0.06", "0.048", "2", "0.11"],
    ]);
    const bar = {
      kind: "kline",
      exchange: "kucoin",
      account: "spot",
      symbol: "KCS/BTC",
      interval: "1M",
    } as const;
    expect(
      rest.klines!(specOf("spot", "KCS-BTC", "kline"), { interval: "1M" }).parse(body, contextOf("spot")),
    ).toStrictEqual([
      {
        ...bar,
        tsMs: november - 1,
        recvTsUs: RECV_US,
        openTimeMs: october,
        closeTimeMs: november - 1,
        open: 0.05,
        high: 0.06,
        low: 0.048,
        close: 0.058,
        volume: 2,
        quoteVolume: 0.11,
        closed: true,
      },
      {
        ...bar,
        tsMs: RECV_MS,
        recvTsUs: RECV_US,
        openTimeMs: november,
        closeTimeMs: Date.UTC(2023, 11, 1) - 1,
        open: 0.058,
        high: 0.072,
        low: 0.041,
        close: 0.049,
        volume: 1.5,
        quoteVolume: 0.09,
        closed: false,
      },
    ]);
  });

  test("funding history: settled rates at their time point (the endpoint answers code 200)", () => {
    const body = {
      success: true,
      code: "200",
      msg: "success",
      retry: false,
      data: [
        { symbol: "IDUSDTM", fundingRate: 0.01875, timepoint: 1702310700000 },
        { symbol: "IDUSDTM", fundingRate: 0.0001, timepoint: 1702281900000 },
      ],
    };
    expect(
      rest.fundingHistory!(specOf("linear", "IDUSDTM"), { startMs: 1, endMs: 2 }).parse(
        body,
        contextOf("linear"),
      ),
    ).toEqual([
      {
        kind: "funding_rate",
        exchange: "kucoin",
        account: "linear",
        symbol: "ID/USDT:USDT",
        tsMs: 1702281900000,
        recvTsUs: RECV_US,
        rate: 0.0001,
      },
      {
        kind: "funding_rate",
        exchange: "kucoin",
        account: "linear",
        symbol: "ID/USDT:USDT",
        tsMs: 1702310700000,
        recvTsUs: RECV_US,
        rate: 0.01875,
      },
    ]);
  });

  test("error bodies throw E_VENUE with the venue code, unusable shapes E_PARSE", () => {
    const venue = thrown(() =>
      rest.ticker!(specOf("spot", "NOPE-USDT")).parse(
        { code: "900001", msg: "Symbol Not Exists" },
        contextOf("spot"),
      ),
    );
    expect(venue.code).toBe("E_VENUE");
    expect(venue.message).toContain("Symbol Not Exists");
    expect(venue.details).toEqual({ venueCode: "900001" });
    expect(venue.hint).toContain("capabilities");
    for (const body of [null, "x", 5, [], {}, ok(null), ok({ bids: "x" }), ok({ bids: [], asks: [] })]) {
      expect(
        thrown(() => rest.book!(specOf("spot", "BTC-USDT", "book"), 100).parse(body, contextOf("spot"))).code,
      ).toBe("E_PARSE");
    }
    expect(thrown(() => rest.instruments("spot").parse(ok({}), contextOf("spot"))).code).toBe("E_PARSE");
    expect(
      thrown(() => rest.openInterest!(specOf("linear", "XBTUSDTM")).parse(ok([]), contextOf("linear"))).code,
    ).toBe("E_PARSE");
  });
});

describe("recorded URLs", () => {
  test.each([
    ["https://api.kucoin.com/api/v3/market/orderbook/level2?symbol=SNX-BTC", "book", "spot", "SNX-BTC"],
    ["https://api.kucoin.com/api/v1/market/orderbook/level2_100?symbol=BTC-USDT", "book", "spot", "BTC-USDT"],
    ["https://api.kucoin.com/api/v1/market/stats?symbol=BTC-USDT", "ticker", "spot", "BTC-USDT"],
    ["https://api.kucoin.com/api/v2/symbols", "instruments", "spot", ""],
    ["https://api.kucoin.com/api/v1/market/histories?symbol=ETH-BTC", "trades", "spot", "ETH-BTC"],
    ["https://api.kucoin.com/api/v1/market/candles?symbol=ETH-BTC&type=1min", "klines", "spot", "ETH-BTC"],
    ["https://api-futures.kucoin.com/api/v1/level2/snapshot?symbol=XBTUSDM", "book", "inverse", "XBTUSDM"],
    ["https://api-futures.kucoin.com/api/v1/level2/depth100?symbol=XBTUSDTM", "book", "linear", "XBTUSDTM"],
    ["https://api-futures.kucoin.com/api/v1/ticker?symbol=XBTUSDTM", "ticker", "linear", "XBTUSDTM"],
    ["https://api-futures.kucoin.com/api/v1/trade/history?symbol=ETHUSDM", "trades", "inverse", "ETHUSDM"],
    [
      "https://api-futures.kucoin.com/api/v1/kline/query?symbol=XBTUSDTM&granularity=1",
      "klines",
      "linear",
      "XBTUSDTM",
    ],
    [
      "https://api-futures.kucoin.com/api/v1/contract/funding-rates?symbol=XBTUSDTM&from=1&to=2",
      "fundingHistory",
      "linear",
      "XBTUSDTM",
    ],
    ["https://api-futures.kucoin.com/api/v1/contracts/XBTUSDM", "openInterest", "inverse", "XBTUSDM"],
    ["https://api-futures.kucoin.com/api/v1/contracts/active", "instruments", "linear", ""],
    ["http://127.0.0.1:9/kucoin/futures/api/v1/ticker?symbol=XBTUSDM", "ticker", "inverse", "XBTUSDM"],
  ] as const)("%s → %s", (url, call, account, native) => {
    expect(recognizeKucoinUrl(new URL(url))).toEqual({ call, account, native });
  });

  test("unknown paths are not recognized", () => {
    for (const url of ["https://api.kucoin.com/api/v1/bullet-public", "https://api.kucoin.com/status"])
      expect(recognizeKucoinUrl(new URL(url))).toBeUndefined();
  });
});
