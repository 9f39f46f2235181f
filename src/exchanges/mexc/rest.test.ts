// MEXC REST: the endpoint table per account (paths, queries, interval names), docs-shaped bodies through every
// parser, error bodies as Dig3Errors, and recognize() for recorded URLs.

import { describe, expect, test } from "bun:test";
import { type Account, Dig3Error, type StreamSpec } from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";
import { mexc } from "./index.ts";
import { recognizeMexcUrl } from "./rest.ts";
import { canonicalOfMexcNative } from "./symbols.ts";

const RECV_US = 1_700_000_000_000_000;
const RECV_MS = RECV_US / 1000;

function contextOf(account: Account): ParseContext {
  return {
    exchange: "mexc",
    account,
    recvTsUs: RECV_US,
    symbolOf: (native) => canonicalOfMexcNative(native, account) ?? native,
    session: new Map(),
  };
}

function specOf(kind: StreamSpec["kind"], account: Account, native: string): StreamSpec {
  return { kind, account, native, symbol: canonicalOfMexcNative(native, account) ?? native };
}

const rest = mexc.rest;

describe("endpoints", () => {
  test("base URLs: spot api.mexc.com, futures contract.mexc.com", () => {
    expect(rest.baseUrl("spot", { testnet: false })).toBe("https://api.mexc.com");
    expect(rest.baseUrl("linear", { testnet: false })).toBe("https://contract.mexc.com");
    expect(rest.baseUrl("inverse", { testnet: false })).toBe("https://contract.mexc.com");
    expect(() => rest.baseUrl("option", { testnet: false })).toThrow(Dig3Error);
  });

  test("spot calls", () => {
    const spec = specOf("book", "spot", "BTCUSDT");
    expect(rest.instruments("spot")).toMatchObject({ path: "/api/v3/exchangeInfo" });
    expect(rest.book!(spec, 5000)).toMatchObject({
      path: "/api/v3/depth",
      query: { symbol: "BTCUSDT", limit: 5000 },
    });
    expect(rest.book!(spec, 9000).query).toEqual({ symbol: "BTCUSDT", limit: 5000 });
    expect(rest.trades!(spec, { limit: 5000 })).toMatchObject({
      path: "/api/v3/trades",
      query: { limit: 1000 },
    });
    expect(rest.ticker!(spec)).toMatchObject({ path: "/api/v3/ticker/24hr", query: { symbol: "BTCUSDT" } });
    expect(rest.klines!(spec, { interval: "1h", limit: 10, startMs: 1, endMs: 2 })).toMatchObject({
      path: "/api/v3/klines",
      query: { symbol: "BTCUSDT", interval: "60m", limit: 10, startTime: 1, endTime: 2 },
    });
    expect(rest.klines!(spec, { interval: "1w" }).query?.interval).toBe("1W");
    expect(() => rest.klines!(spec, { interval: "8h" })).toThrow(Dig3Error);
    expect(() => rest.fundingHistory!(spec, {})).toThrow(Dig3Error);
    expect(() => rest.openInterest!(spec)).toThrow(Dig3Error);
  });

  test("futures calls: the symbol in the path, seconds for kline bounds, funding pages, OI from the ticker", () => {
    const spec = specOf("book", "linear", "BTC_USDT");
    expect(rest.instruments("linear")).toMatchObject({ path: "/api/v1/contract/detail" });
    expect(rest.book!(spec, 1000)).toMatchObject({
      path: "/api/v1/contract/depth/BTC_USDT",
      query: { limit: 1000 },
    });
    expect(rest.trades!(spec, { limit: 500 })).toMatchObject({
      path: "/api/v1/contract/deals/BTC_USDT",
      query: { limit: 100 },
    });
    expect(
      rest.klines!(spec, { interval: "4h", startMs: 1_609_992_674_000, endMs: 1_609_992_694_999 }),
    ).toMatchObject({
      path: "/api/v1/contract/kline/BTC_USDT",
      query: { interval: "Hour4", start: 1_609_992_674, end: 1_609_992_694 },
    });
    expect(rest.fundingHistory!(spec, { limit: 500 })).toMatchObject({
      path: "/api/v1/contract/funding_rate/history",
      query: { symbol: "BTC_USDT", page_num: 1, page_size: 100 },
    });
    expect(rest.openInterest!(spec)).toMatchObject({
      path: "/api/v1/contract/ticker",
      query: { symbol: "BTC_USDT" },
    });
  });
});

describe("spot parsers", () => {
  const context = contextOf("spot");
  const spec = specOf("book", "spot", "BTCUSDT");

  test("exchangeInfo: status 1 or ENABLED is active, precisions become steps", () => {
    const body = {
      symbols: [
        {
          symbol: "BTCUSDT",
          status: "1",
          baseAsset: "BTC",
          quoteAsset: "USDT",
          baseAssetPrecision: 6,
          quotePrecision: 2,
        },
        {
          symbol: "TOMO3LUSDT",
          status: "ENABLED",
          baseAsset: "TOMO3L",
          quoteAsset: "USDT",
          baseAssetPrecision: 2,
          quotePrecision: 3,
        },
        { symbol: "OLDUSDT", status: "3", baseAsset: "OLD", quoteAsset: "USDT" },
        { symbol: "BROKEN" },
      ],
    };
    expect(rest.instruments("spot").parse(body, context)).toEqual([
      {
        account: "spot",
        symbol: "BTC/USDT",
        native: "BTCUSDT",
        base: "BTC",
        quote: "USDT",
        status: "1",
        active: true,
        tickSize: 0.01,
        lotSize: 0.000001,
      },
      {
        account: "spot",
        symbol: "TOMO3L/USDT",
        native: "TOMO3LUSDT",
        base: "TOMO3L",
        quote: "USDT",
        status: "ENABLED",
        active: true,
        tickSize: 0.001,
        lotSize: 0.01,
      },
      {
        account: "spot",
        symbol: "OLD/USDT",
        native: "OLDUSDT",
        base: "OLD",
        quote: "USDT",
        status: "3",
        active: false,
      },
    ]);
  });

  test("depth: lastUpdateId is the snapshot's seq", () => {
    const body = {
      lastUpdateId: 1112416,
      bids: [["15.00000", "49999.00000"]],
      asks: [["16.0000", "1.0000"]],
    };
    expect(rest.book!(spec, 100).parse(body, context)).toEqual({
      kind: "book",
      exchange: "mexc",
      account: "spot",
      symbol: "BTC/USDT",
      tsMs: RECV_MS,
      recvTsUs: RECV_US,
      type: "snapshot",
      bids: [[15, 49999]],
      asks: [[16, 1]],
      seq: 1112416,
    });
  });

  test("trades: id null → the same synthetic id the socket uses; oldest first", () => {
    const body = [
      {
        id: null,
        price: "23.5",
        qty: "0.478468",
        quoteQty: "11.004764",
        time: 1640830579241,
        isBuyerMaker: true,
        isBestMatch: true,
      },
      {
        id: null,
        price: "23",
        qty: "1",
        quoteQty: "23",
        time: 1640830579240,
        isBuyerMaker: false,
        isBestMatch: true,
      },
    ];
    expect(
      rest.trades!(spec, {})
        .parse(body, context)
        .map((t) => [t.tradeId, t.side, t.tsMs]),
    ).toEqual([
      ["1640830579240-23-1-b", "buy", 1640830579240],
      ["1640830579241-23.5-0.478468-s", "sell", 1640830579241],
    ]);
  });

  test("trades: two alike trades (same time, price, size, side) keep two ids, the second `…#2`", () => {
    // One taker order filling two makers alike; one synthetic id for both made backfill keep only one of them.
    const row = { id: null, price: "23", qty: "1", quoteQty: "23", time: 1640830579240, isBuyerMaker: false };
    expect(
      rest.trades!(spec, {})
        .parse([row, { ...row }], context)
        .map((t) => t.tradeId),
    ).toEqual(["1640830579240-23-1-b", "1640830579240-23-1-b#2"]);
  });

  test("klines: close = column 6 - 1; closed when before the receive time", () => {
    const body = [
      [1640804880000, "47482.36", "47482.36", "47416.57", "47436.1", "3.550717", 1640804940000, "168387.3"],
      [RECV_MS - 30_000, "1", "2", "0.5", "1.5", "10", RECV_MS + 30_000, "15"],
    ];
    const klines = rest.klines!(specOf("kline", "spot", "BTCUSDT"), { interval: "1m" }).parse(body, context);
    expect(klines[0]).toEqual({
      kind: "kline",
      exchange: "mexc",
      account: "spot",
      symbol: "BTC/USDT",
      tsMs: 1640804939999,
      recvTsUs: RECV_US,
      interval: "1m",
      openTimeMs: 1640804880000,
      closeTimeMs: 1640804939999,
      open: 47482.36,
      high: 47482.36,
      low: 47416.57,
      close: 47436.1,
      volume: 3.550717,
      quoteVolume: 168387.3,
      closed: true,
    });
    expect(klines[1]).toMatchObject({ closed: false, tsMs: RECV_MS });
  });

  test("ticker/24hr: priceChangePercent is a fraction; empty sizes and null volumes are left out", () => {
    const body = {
      symbol: "BTCUSDT",
      priceChange: "184.34",
      priceChangePercent: "0.00400048",
      lastPrice: "46263.71",
      bidPrice: "46260.38",
      bidQty: "",
      askPrice: "46260.41",
      askQty: "",
      highPrice: "47550.01",
      lowPrice: "45555.5",
      volume: "1732.461487",
      quoteVolume: null,
      closeTime: 1641349582808,
    };
    expect(rest.ticker!(spec).parse(body, context)).toEqual({
      kind: "ticker",
      exchange: "mexc",
      account: "spot",
      symbol: "BTC/USDT",
      tsMs: 1641349582808,
      recvTsUs: RECV_US,
      last: 46263.71,
      bid: 46260.38,
      ask: 46260.41,
      high24h: 47550.01,
      low24h: 45555.5,
      volume24h: 1732.461487,
      changePct24h: 0.00400048 * 100,
    });
  });

  test("an error body throws the venue's message", () => {
    expect(() => rest.book!(spec, 100).parse({ code: -1121, msg: "Invalid symbol." }, context)).toThrow(
      "mexc depth: Invalid symbol. (code -1121)",
    );
    expect(() => rest.book!(spec, 100).parse({ nope: 1 }, context)).toThrow(Dig3Error);
  });
});

describe("futures parsers", () => {
  const context = contextOf("linear");
  const spec = specOf("book", "linear", "BTC_USDT");
  const ok = (data: unknown) => ({ success: true, code: 0, data });

  test("contract/detail: linear and inverse picked by settle coin; state 0 is active", () => {
    const body = ok([
      {
        symbol: "BTC_USDT",
        baseCoin: "BTC",
        quoteCoin: "USDT",
        settleCoin: "USDT",
        contractSize: 0.0001,
        priceUnit: 0.1,
        volUnit: 1,
        state: 0,
      },
      {
        symbol: "OLD_USDT",
        baseCoin: "OLD",
        quoteCoin: "USDT",
        settleCoin: "USDT",
        priceUnit: 0.001,
        volUnit: 1,
        state: 3,
      },
      {
        symbol: "BTC_USD",
        baseCoin: "BTC",
        quoteCoin: "USD",
        settleCoin: "BTC",
        priceUnit: 0.5,
        volUnit: 1,
        state: 0,
      },
    ]);
    expect(rest.instruments("linear").parse(body, context)).toEqual([
      {
        account: "linear",
        symbol: "BTC/USDT:USDT",
        native: "BTC_USDT",
        base: "BTC",
        quote: "USDT",
        settle: "USDT",
        status: "0",
        active: true,
        tickSize: 0.1,
        lotSize: 1,
      },
      {
        account: "linear",
        symbol: "OLD/USDT:USDT",
        native: "OLD_USDT",
        base: "OLD",
        quote: "USDT",
        settle: "USDT",
        status: "3",
        active: false,
        tickSize: 0.001,
        lotSize: 1,
      },
    ]);
    expect(
      rest
        .instruments("inverse")
        .parse(body, contextOf("inverse"))
        .map((i) => i.symbol),
    ).toEqual(["BTC/USD:BTC"]);
  });

  test("depth: version is the snapshot's seq; sizes in contracts", () => {
    const body = ok({
      asks: [[108779.2, 3240, 1]],
      bids: [[108779.1, 3240, 1]],
      version: 28111438870,
      timestamp: 1761879567135,
    });
    expect(rest.book!(spec, 1000).parse(body, context)).toMatchObject({
      type: "snapshot",
      symbol: "BTC/USDT:USDT",
      tsMs: 1761879567135,
      bids: [[108779.1, 3240]],
      asks: [[108779.2, 3240]],
      seq: 28111438870,
    });
  });

  test("deals: newest first on the wire, oldest first out; T 1 buy 2 sell", () => {
    const body = ok([
      { p: 31199, v: 18, T: 1, O: 3, M: 2, t: 1609831235985 },
      { p: 31199, v: 15, T: 2, O: 3, M: 1, t: 1609831234759, i: "42" },
    ]);
    expect(
      rest.trades!(spec, {})
        .parse(body, context)
        .map((t) => [t.tradeId, t.side, t.size]),
    ).toEqual([
      ["42", "sell", 15],
      ["1609831235985-31199-18-b", "buy", 18],
    ]);
  });

  test("deals: two alike deals without an id keep two ids, the second `…#2`", () => {
    const row = { p: 31199, v: 18, T: 1, O: 3, M: 2, t: 1609831235985 };
    expect(
      rest.trades!(spec, {})
        .parse(ok([row, { ...row }]), context)
        .map((t) => t.tradeId),
    ).toEqual(["1609831235985-31199-18-b", "1609831235985-31199-18-b#2"]);
  });

  test("kline columns: seconds to ms, close = next open - 1, the newest `limit` kept", () => {
    const body = ok({
      time: [1609740600, 1609741500],
      open: [33016.5, 33040.5],
      close: [33040.5, 33050],
      high: [33094.0, 33060],
      low: [32995.0, 33000],
      vol: [67332.0, 100],
      amount: [222515.85925, 330],
    });
    const klines = rest.klines!(specOf("kline", "linear", "BTC_USDT"), { interval: "15m", limit: 1 }).parse(
      body,
      context,
    );
    expect(klines).toEqual([
      {
        kind: "kline",
        exchange: "mexc",
        account: "linear",
        symbol: "BTC/USDT:USDT",
        tsMs: 1609742399999,
        recvTsUs: RECV_US,
        interval: "15m",
        openTimeMs: 1609741500000,
        closeTimeMs: 1609742399999,
        open: 33040.5,
        high: 33060,
        low: 33000,
        close: 33050,
        volume: 100,
        quoteVolume: 330,
        closed: true,
      },
    ]);
  });

  test("ticker and open interest from contract/ticker", () => {
    const body = ok({
      symbol: "BTC_USDT",
      lastPrice: 31199,
      bid1: 31198.5,
      ask1: 31199,
      volume24: 40146908,
      amount24: 124905007.4428,
      holdVol: 55102960,
      lower24Price: 27795,
      high24Price: 33152.5,
      riseFallRate: -0.0176,
      fairPrice: 31199.5,
      timestamp: 1609831334016,
    });
    expect(rest.ticker!(spec).parse(body, context)).toMatchObject({
      last: 31199,
      bid: 31198.5,
      ask: 31199,
      volume24h: 40146908,
      quoteVolume24h: 124905007.4428,
      changePct24h: -1.76,
      tsMs: 1609831334016,
    });
    expect(rest.openInterest!(spec).parse(body, context)).toEqual({
      kind: "open_interest",
      exchange: "mexc",
      account: "linear",
      symbol: "BTC/USDT:USDT",
      tsMs: 1609831334016,
      recvTsUs: RECV_US,
      openInterest: 55102960,
    });
  });

  test("funding history: oldest first, filtered to the window", () => {
    const body = ok({
      pageSize: 3,
      totalCount: 3,
      totalPage: 1,
      currentPage: 1,
      resultList: [
        { symbol: "BTC_USDT", fundingRate: 0.000266, settleTime: 1609804800000 },
        { symbol: "BTC_USDT", fundingRate: 0.00029, settleTime: 1609776000000 },
        { symbol: "BTC_USDT", fundingRate: 0.0001, settleTime: 1609747200000 },
      ],
    });
    const events = rest.fundingHistory!(spec, { startMs: 1609750000000 }).parse(body, context);
    expect(events.map((e) => [e.tsMs, e.rate])).toEqual([
      [1609776000000, 0.00029],
      [1609804800000, 0.000266],
    ]);
  });

  test("a refused request throws with the venue's message", () => {
    expect(() =>
      rest.book!(spec, 10).parse(
        { success: false, code: 1001, message: "Contract does not exist!" },
        context,
      ),
    ).toThrow("mexc contract/depth: Contract does not exist! (code 1001)");
  });
});

describe("recognize", () => {
  test.each([
    [
      "https://api.mexc.com/api/v3/depth?symbol=BTCUSDT&limit=5000",
      { call: "book", account: "spot", native: "BTCUSDT" },
    ],
    ["https://api.mexc.com/api/v3/exchangeInfo", { call: "instruments", account: "spot", native: "" }],
    [
      "https://api.mexc.com/api/v3/klines?symbol=ETHUSDT&interval=1m",
      { call: "klines", account: "spot", native: "ETHUSDT" },
    ],
    [
      "https://contract.mexc.com/api/v1/contract/depth/BTC_USDT?limit=1000",
      { call: "book", account: "linear", native: "BTC_USDT" },
    ],
    [
      "https://contract.mexc.com/api/v1/contract/depth/BTC_USD",
      { call: "book", account: "inverse", native: "BTC_USD" },
    ],
    [
      "https://contract.mexc.com/api/v1/contract/deals/ETH_USDT",
      { call: "trades", account: "linear", native: "ETH_USDT" },
    ],
    [
      "https://contract.mexc.com/api/v1/contract/ticker?symbol=BTC_USDT",
      { call: "ticker", account: "linear", native: "BTC_USDT" },
    ],
    [
      "https://contract.mexc.com/api/v1/contract/funding_rate/history?symbol=BTC_USDT&page_num=1",
      { call: "fundingHistory", account: "linear", native: "BTC_USDT" },
    ],
  ] as const)("%s", (url, expected) => {
    expect(recognizeMexcUrl(new URL(url))).toEqual(expected);
  });

  test("unknown paths are not recognized", () => {
    expect(recognizeMexcUrl(new URL("https://api.mexc.com/api/v3/avgPrice?symbol=BTCUSDT"))).toBeUndefined();
    expect(
      recognizeMexcUrl(new URL("https://contract.mexc.com/api/v1/contract/index_price/BTC_USDT")),
    ).toBeUndefined();
  });
});
