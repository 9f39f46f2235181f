// BingX REST: call builders (paths per market, limits, a fresh timestamp on every request), the docs' own bodies
// through every parser (instruments, ticker, depth, trades with and without ids, klines in both shapes, funding,
// open interest), error envelopes, and recognize() for recorded URLs.

import { describe, expect, test } from "bun:test";
import { type Account, Dig3Error, type StreamSpec } from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";
import { contentIdsOf } from "../_shared/values.ts";
import { bingx } from "./index.ts";
import { canonicalOfNative } from "./symbols.ts";

const RECV_US = 1_702_720_900_000_000;
const rest = bingx.rest;

function contextOf(account: Account): ParseContext {
  return {
    exchange: "bingx",
    account,
    recvTsUs: RECV_US,
    symbolOf: (native) => canonicalOfNative(native, account) ?? native,
    session: new Map(),
  };
}

function specOf(kind: StreamSpec["kind"], account: Account, native: string): StreamSpec {
  return { kind, account, native, symbol: canonicalOfNative(native, account) ?? native };
}

const ok = (data: unknown) => ({ code: 0, msg: "", data });
const base = (account: Account, symbol: string, tsMs: number) => ({
  exchange: "bingx",
  account,
  symbol,
  tsMs,
  recvTsUs: RECV_US,
});

describe("calls", () => {
  test("paths per market; public endpoints get a timestamp that is fresh on every read", async () => {
    const call = rest.ticker!(specOf("ticker", "linear", "BTC-USDT"));
    expect(call.path).toBe("/openApi/swap/v2/quote/ticker");
    expect(call.query).toEqual({ symbol: "BTC-USDT", timestamp: expect.any(Number) });
    const first = call.query!.timestamp as number;
    await Bun.sleep(3);
    expect(call.query!.timestamp as number).toBeGreaterThan(first);
    expect(Object.keys(call.query!)).toEqual(["symbol", "timestamp"]);

    expect(rest.instruments("spot").path).toBe("/openApi/spot/v1/common/symbols");
    expect(rest.instruments("linear").path).toBe("/openApi/swap/v2/quote/contracts");
    expect(rest.instruments("inverse").path).toBe("/openApi/cswap/v1/market/contracts");
    expect(rest.ticker!(specOf("ticker", "spot", "BTC-USDT")).path).toBe("/openApi/spot/v1/ticker/24hr");
    expect(rest.ticker!(specOf("ticker", "inverse", "BTC-USD")).path).toBe("/openApi/cswap/v1/market/ticker");
  });

  test("book limits: spot up to 1000, contracts the smallest allowed value that covers the depth", () => {
    expect(rest.book!(specOf("book", "spot", "BTC-USDT"), 250).query).toMatchObject({ limit: 250 });
    expect(rest.book!(specOf("book", "spot", "BTC-USDT"), 5000).query).toMatchObject({ limit: 1000 });
    expect(rest.book!(specOf("book", "linear", "BTC-USDT"), 30)).toMatchObject({
      path: "/openApi/swap/v2/quote/depth",
      query: { symbol: "BTC-USDT", limit: 50 },
    });
    expect(rest.book!(specOf("book", "inverse", "BTC-USD"), 5000)).toMatchObject({
      path: "/openApi/cswap/v1/market/depth",
      query: { limit: 1000 },
    });
  });

  test("trades, klines, funding and open interest", () => {
    expect(rest.trades!(specOf("trade", "spot", "BTC-USDT"), {})).toMatchObject({
      path: "/openApi/spot/v1/market/trades",
      query: { symbol: "BTC-USDT", limit: 500 },
    });
    expect(rest.trades!(specOf("trade", "linear", "BTC-USDT"), { limit: 5000 }).query).toMatchObject({
      limit: 1000,
    });
    expect(() => rest.trades!(specOf("trade", "inverse", "BTC-USD"), {})).toThrow(Dig3Error);
    expect(
      rest.klines!(specOf("kline", "spot", "BTC-USDT"), { interval: "1h", startMs: 1, limit: 5 }),
    ).toMatchObject({
      path: "/openApi/spot/v2/market/kline",
      query: { symbol: "BTC-USDT", interval: "1h", startTime: 1, limit: 5 },
    });
    expect(rest.klines!(specOf("kline", "linear", "BTC-USDT"), { interval: "1m" }).path).toBe(
      "/openApi/swap/v3/quote/klines",
    );
    expect(() => rest.klines!(specOf("kline", "linear", "BTC-USDT"), { interval: "7m" })).toThrow(
      /no '7m' klines/,
    );
    expect(rest.fundingHistory!(specOf("funding_rate", "linear", "BTC-USDT"), { startMs: 5 })).toMatchObject({
      path: "/openApi/swap/v2/quote/fundingRate",
      query: { symbol: "BTC-USDT", startTime: 5, limit: 1000 },
    });
    expect(() => rest.fundingHistory!(specOf("funding_rate", "inverse", "BTC-USD"), {})).toThrow(Dig3Error);
    expect(rest.openInterest!(specOf("open_interest", "linear", "BTC-USDT")).path).toBe(
      "/openApi/swap/v2/quote/openInterest",
    );
    expect(rest.openInterest!(specOf("open_interest", "inverse", "BTC-USD")).path).toBe(
      "/openApi/cswap/v1/market/openInterest",
    );
    expect(() => rest.openInterest!(specOf("open_interest", "spot", "BTC-USDT"))).toThrow(Dig3Error);
  });

  test("rate limit: 500 requests per 10 s per IP", () => {
    expect(rest.rateLimit).toEqual({ weight: 500, perMs: 10_000 });
    expect(rest.baseUrl("spot", { testnet: false })).toBe("https://open-api.bingx.com");
    expect(rest.baseUrl("linear", { testnet: true })).toBe("https://open-api-vst.bingx.com");
  });
});

describe("instruments", () => {
  test("spot symbols: tick and step sizes, status 1 = online", () => {
    const body = {
      code: 0,
      msg: "",
      debugMsg: "",
      data: {
        symbols: [
          {
            symbol: "BTC-USDT",
            minQty: 0.0001826,
            maxQty: 18.2663756,
            minNotional: 5,
            status: 1,
            tickSize: 0.01,
            stepSize: 0.00001,
          },
          { symbol: "OLD-USDT", status: 30, tickSize: 0.0001, stepSize: 1 },
          { symbol: "BROKEN" },
        ],
      },
    };
    expect(rest.instruments("spot").parse(body, contextOf("spot"))).toEqual([
      {
        account: "spot",
        symbol: "BTC/USDT",
        native: "BTC-USDT",
        base: "BTC",
        quote: "USDT",
        status: "1",
        active: true,
        tickSize: 0.01,
        lotSize: 0.00001,
      },
      {
        account: "spot",
        symbol: "OLD/USDT",
        native: "OLD-USDT",
        base: "OLD",
        quote: "USDT",
        status: "30",
        active: false,
        tickSize: 0.0001,
        lotSize: 1,
      },
    ]);
  });

  test("swap contracts: asset = base, currency = settle, precisions → steps; USDC contracts settle in USDC", () => {
    const body = ok([
      {
        contractId: "100",
        symbol: "BTC-USDT",
        quantityPrecision: 4,
        pricePrecision: 1,
        currency: "USDT",
        asset: "BTC",
        status: 1,
      },
      {
        contractId: "200",
        symbol: "ETH-USDC",
        quantityPrecision: 2,
        pricePrecision: 2,
        currency: "USDC",
        asset: "ETH",
        status: 25,
      },
    ]);
    expect(rest.instruments("linear").parse(body, contextOf("linear"))).toEqual([
      {
        account: "linear",
        symbol: "BTC/USDT:USDT",
        native: "BTC-USDT",
        base: "BTC",
        quote: "USDT",
        settle: "USDT",
        status: "1",
        active: true,
        tickSize: 0.1,
        lotSize: 0.0001,
      },
      {
        account: "linear",
        symbol: "ETH/USDC:USDC",
        native: "ETH-USDC",
        base: "ETH",
        quote: "USDC",
        settle: "USDC",
        status: "25",
        active: false,
        tickSize: 0.01,
        lotSize: 0.01,
      },
    ]);
  });

  test("Coin-M contracts: BASE-USD settled in the base", () => {
    const body = ok([
      {
        symbol: "BTC-USD",
        pricePrecision: 1,
        minTickSize: "100",
        minTradeValue: "100",
        minQty: "1.00000000",
        status: 1,
      },
    ]);
    expect(rest.instruments("inverse").parse(body, contextOf("inverse"))).toEqual([
      {
        account: "inverse",
        symbol: "BTC/USD:BTC",
        native: "BTC-USD",
        base: "BTC",
        quote: "USD",
        settle: "BTC",
        status: "1",
        active: true,
        tickSize: 0.1,
        lotSize: 1,
      },
    ]);
  });
});

describe("ticker, depth, trades", () => {
  test("swap ticker (one object, text) and spot ticker (a list, numbers, % sign)", () => {
    const swap = ok({
      symbol: "SFP-USDT",
      priceChange: "0.0295",
      priceChangePercent: "4.15",
      lastPrice: "0.7409",
      lastQty: "10",
      highPrice: "0.7506",
      lowPrice: "0.6903",
      volume: "4308212",
      quoteVolume: "3085449.53",
      openPrice: "0.7114",
      openTime: 1702719833853,
      closeTime: 1702719798603,
      askPrice: "0.7414",
      askQty: "99",
      bidPrice: "0.7413",
      bidQty: "84",
    });
    expect(rest.ticker!(specOf("ticker", "linear", "SFP-USDT")).parse(swap, contextOf("linear"))).toEqual({
      kind: "ticker",
      ...base("linear", "SFP/USDT:USDT", 1702719798603),
      last: 0.7409,
      bid: 0.7413,
      bidSize: 84,
      ask: 0.7414,
      askSize: 99,
      high24h: 0.7506,
      low24h: 0.6903,
      volume24h: 4308212,
      quoteVolume24h: 3085449.53,
      changePct24h: 4.15,
    });
    const spot = {
      code: 0,
      timestamp: 1702720823624,
      data: [
        {
          symbol: "BTC-USDT",
          openPrice: 42827.65,
          highPrice: 42893.56,
          lowPrice: 41648.71,
          lastPrice: 42215.15,
          priceChange: 1244.85,
          priceChangePercent: "2.91%",
          volume: 5099.21,
          quoteVolume: 214948771.34,
          openTime: 1702634423624,
          closeTime: 1702720823624,
          askPrice: 42215.55,
          askQty: 2.20125,
          bidPrice: 42214.65,
          bidQty: 0.8962,
        },
      ],
    };
    expect(rest.ticker!(specOf("ticker", "spot", "BTC-USDT")).parse(spot, contextOf("spot"))).toMatchObject({
      symbol: "BTC/USDT",
      tsMs: 1702720823624,
      last: 42215.15,
      bid: 42214.65,
      ask: 42215.55,
      changePct24h: 2.91,
    });
  });

  test("depth: asks listed highest first come out best first; no update id", () => {
    const body = ok({
      T: 1702719083983,
      bids: [
        ["0.000009854", "483909"],
        ["0.000009853", "824851"],
      ],
      asks: [
        ["0.000009860", "578208"],
        ["0.000009856", "687669"],
      ],
      bidsCoin: [["0.000009854", "483909000"]],
      asksCoin: [["0.000009860", "578208000"]],
    });
    expect(rest.book!(specOf("book", "linear", "SHIB-USDT"), 5).parse(body, contextOf("linear"))).toEqual({
      kind: "book",
      ...base("linear", "SHIB/USDT:USDT", 1702719083983),
      type: "snapshot",
      bids: [
        [0.000009854, 483909],
        [0.000009853, 824851],
      ],
      asks: [
        [0.000009856, 687669],
        [0.00000986, 578208],
      ],
    });
    const spot = {
      code: 0,
      timestamp: 1702720487674,
      data: { bids: [["42182.22", "0.99114"]], asks: [["42183.17", "4.14752"]], ts: 1702720487674 },
    };
    expect(rest.book!(specOf("book", "spot", "BTC-USDT"), 5).parse(spot, contextOf("spot"))).toMatchObject({
      tsMs: 1702720487674,
      bids: [[42182.22, 0.99114]],
      asks: [[42183.17, 4.14752]],
    });
  });

  test("spot trades keep their ids; swap trades get the socket's derived ids; oldest first", () => {
    const spot = {
      code: 0,
      timestamp: 1702720325973,
      data: [
        { id: 76909154, price: 42195.21, qty: 0.00195, time: 1702720325553, buyerMaker: true },
        { id: 76909152, price: 42195.48, qty: 0.00177, time: 1702720325552, buyerMaker: false },
      ],
    };
    expect(rest.trades!(specOf("trade", "spot", "BTC-USDT"), {}).parse(spot, contextOf("spot"))).toEqual([
      {
        kind: "trade",
        ...base("spot", "BTC/USDT", 1702720325552),
        price: 42195.48,
        size: 0.00177,
        side: "buy",
        tradeId: "76909152",
      },
      {
        kind: "trade",
        ...base("spot", "BTC/USDT", 1702720325553),
        price: 42195.21,
        size: 0.00195,
        side: "sell",
        tradeId: "76909154",
      },
    ]);
    const swap = ok([
      { time: 1702719269849, isBuyerMaker: true, price: "42214.0", qty: "0.0248", quoteQty: "1046.91" },
      { time: 1702719269559, isBuyerMaker: false, price: "42214.1", qty: "0.4985", quoteQty: "21043.73" },
    ]);
    const trades = rest.trades!(specOf("trade", "linear", "BTC-USDT"), {}).parse(swap, contextOf("linear"));
    expect(trades.map((trade) => trade.tradeId)).toEqual([
      "1702719269559-42214.1-0.4985-b",
      "1702719269849-42214-0.0248-s",
    ]);
    // The socket derives the same id for the same trade.
    expect(contentIdsOf([{ timeMs: 1702719269849, price: 42214, size: 0.0248, side: "sell" }])).toEqual([
      trades[1]!.tradeId,
    ]);
  });
});

describe("klines, funding, open interest", () => {
  test("spot arrays (newest first) and swap objects → oldest first; closed when they end before the receive time", () => {
    const spot = {
      code: 0,
      timestamp: 1702720626772,
      data: [
        [1702720620000, 42216.29, 42216.94, 42216.29, 42216.72, 0.2, 1702720679999, 8548.46],
        [1702720560000, 42220.61, 42221.1, 42215.56, 42216.63, 2.93, 1702720619999, 123968.7],
      ],
    };
    expect(
      rest.klines!(specOf("kline", "spot", "BTC-USDT"), { interval: "1m" }).parse(spot, contextOf("spot")),
    ).toEqual([
      {
        kind: "kline",
        ...base("spot", "BTC/USDT", 1702720619999),
        interval: "1m",
        openTimeMs: 1702720560000,
        closeTimeMs: 1702720619999,
        open: 42220.61,
        high: 42221.1,
        low: 42215.56,
        close: 42216.63,
        volume: 2.93,
        quoteVolume: 123968.7,
        closed: true,
      },
      {
        kind: "kline",
        ...base("spot", "BTC/USDT", 1702720679999),
        interval: "1m",
        openTimeMs: 1702720620000,
        closeTimeMs: 1702720679999,
        open: 42216.29,
        high: 42216.94,
        low: 42216.29,
        close: 42216.72,
        volume: 0.2,
        quoteVolume: 8548.46,
        closed: true,
      },
    ]);
    const swap = ok([
      {
        open: "0.7034",
        close: "0.7065",
        high: "0.7081",
        low: "0.7033",
        volume: "635494.00",
        time: 1702720800000,
      },
    ]);
    expect(
      rest.klines!(specOf("kline", "linear", "KNC-USDT"), { interval: "1h" }).parse(
        swap,
        contextOf("linear"),
      ),
    ).toEqual([
      {
        kind: "kline",
        ...base("linear", "KNC/USDT:USDT", 1702720900000),
        interval: "1h",
        openTimeMs: 1702720800000,
        closeTimeMs: 1702724399999,
        open: 0.7034,
        high: 0.7081,
        low: 0.7033,
        close: 0.7065,
        volume: 635494,
        closed: false,
      },
    ]);
  });

  test("funding history, oldest first", () => {
    const body = ok([
      { symbol: "QNT-USDT", fundingRate: "0.00027100", fundingTime: 1702713600000 },
      { symbol: "QNT-USDT", fundingRate: "0.00012800", fundingTime: 1702684800000 },
    ]);
    expect(
      rest.fundingHistory!(specOf("funding_rate", "linear", "QNT-USDT"), {}).parse(body, contextOf("linear")),
    ).toEqual([
      { kind: "funding_rate", ...base("linear", "QNT/USDT:USDT", 1702684800000), rate: 0.000128 },
      { kind: "funding_rate", ...base("linear", "QNT/USDT:USDT", 1702713600000), rate: 0.000271 },
    ]);
  });

  test("open interest: swap reports USDT value (both fields), Coin-M contracts", () => {
    const swap = ok({ openInterest: "7409966.52", symbol: "EOS-USDT", time: 1702719692859 });
    expect(
      rest.openInterest!(specOf("open_interest", "linear", "EOS-USDT")).parse(swap, contextOf("linear")),
    ).toEqual({
      kind: "open_interest",
      ...base("linear", "EOS/USDT:USDT", 1702719692859),
      openInterest: 7409966.52,
      openInterestValue: 7409966.52,
    });
    const coin = ok({ openInterest: "35876.52", symbol: "BTC-USD", time: 1702719692859 });
    expect(
      rest.openInterest!(specOf("open_interest", "inverse", "BTC-USD")).parse(coin, contextOf("inverse")),
    ).toEqual({
      kind: "open_interest",
      ...base("inverse", "BTC/USD:BTC", 1702719692859),
      openInterest: 35876.52,
    });
  });
});

describe("errors", () => {
  test("a non-zero code throws the venue's message; rate limiting is E_RATE_LIMITED", () => {
    const call = rest.ticker!(specOf("ticker", "linear", "NOPE-USDT"));
    const unknown = { code: 109425, msg: "Trading pair does not exist", data: {} };
    expect(() => call.parse(unknown, contextOf("linear"))).toThrow(
      "bingx ticker: Trading pair does not exist (code 109425)",
    );
    try {
      call.parse({ code: 100410, msg: "rate limited" }, contextOf("linear"));
      throw new Error("no throw");
    } catch (error) {
      expect((error as Dig3Error).code).toBe("E_RATE_LIMITED");
    }
  });

  test("a bad shape is E_PARSE", () => {
    expect(() => rest.instruments("linear").parse({ code: 0, data: {} }, contextOf("linear"))).toThrow(
      /unexpected response shape/,
    );
    expect(() => rest.book!(specOf("book", "spot", "BTC-USDT"), 5).parse("nope", contextOf("spot"))).toThrow(
      Dig3Error,
    );
  });
});

describe("recognize", () => {
  test("recorded URLs map to their call, market and symbol; unknown paths do not", () => {
    const cases: Array<[string, unknown]> = [
      [
        "https://open-api.bingx.com/openApi/spot/v1/market/depth?symbol=BTC-USDT&limit=5",
        { call: "book", account: "spot", native: "BTC-USDT" },
      ],
      [
        "https://open-api.bingx.com/openApi/swap/v2/quote/depth?symbol=BTC-USDT&timestamp=1",
        { call: "book", account: "linear", native: "BTC-USDT" },
      ],
      [
        "https://open-api.bingx.com/openApi/swap/v3/quote/klines?symbol=BTC-USDT&interval=1m",
        { call: "klines", account: "linear", native: "BTC-USDT" },
      ],
      [
        "https://open-api.bingx.com/openApi/swap/v2/quote/openInterest?symbol=ETH-USDT",
        { call: "openInterest", account: "linear", native: "ETH-USDT" },
      ],
      [
        "https://open-api.bingx.com/openApi/swap/v2/quote/fundingRate?symbol=ETH-USDT",
        { call: "fundingHistory", account: "linear", native: "ETH-USDT" },
      ],
      [
        "https://open-api.bingx.com/openApi/spot/v1/common/symbols",
        { call: "instruments", account: "spot", native: "" },
      ],
      [
        "https://open-api.bingx.com/openApi/cswap/v1/market/ticker?symbol=BTC-USD",
        { call: "ticker", account: "inverse", native: "BTC-USD" },
      ],
      [
        "https://open-api.bingx.com/openApi/swap/v2/quote/premiumIndex?symbol=BTC-USDT",
        { call: "fundingRate", account: "linear", native: "BTC-USDT" },
      ],
      ["https://open-api.bingx.com/nope", undefined],
    ];
    for (const [url, expected] of cases) expect(rest.recognize!(new URL(url))).toEqual(expected as never);
  });
});

describe("current funding rate (premiumIndex, polled)", () => {
  const context = {
    exchange: "bingx",
    account: "linear" as const,
    recvTsUs: 1_700_000_000_123_000,
    session: new Map(),
    symbolOf: (native: string) => (native === "BTC-USDT" ? "BTC/USDT:USDT" : native),
  };

  test("swap: one object → the rate, the next funding time, stamped with the receive time", () => {
    const call = bingx.rest.fundingRate!({
      kind: "funding_rate",
      account: "linear",
      symbol: "BTC/USDT:USDT",
      native: "BTC-USDT",
    });
    expect(call.path).toBe("/openApi/swap/v2/quote/premiumIndex");
    expect(call.query?.symbol).toBe("BTC-USDT");
    const body = {
      code: 0,
      msg: "",
      data: {
        symbol: "BTC-USDT",
        markPrice: "60000.1",
        indexPrice: "59990.0",
        lastFundingRate: "0.00010000",
        nextFundingTime: 1_700_006_400_000,
      },
    };
    expect(call.parse(body, context)).toEqual({
      kind: "funding_rate",
      exchange: "bingx",
      account: "linear",
      symbol: "BTC/USDT:USDT",
      tsMs: 1_700_000_000_123,
      recvTsUs: 1_700_000_000_123_000,
      rate: 0.0001,
      nextFundingTsMs: 1_700_006_400_000,
    });
  });

  test("Coin-M: a list, the row of the symbol is taken; spot has no funding", () => {
    const call = bingx.rest.fundingRate!({
      kind: "funding_rate",
      account: "inverse",
      symbol: "BTC/USD:BTC",
      native: "BTC-USD",
    });
    expect(call.path).toBe("/openApi/cswap/v1/market/premiumIndex");
    const body = {
      code: 0,
      data: [
        { symbol: "ETH-USD", lastFundingRate: "0.0003", nextFundingTime: 1 },
        { symbol: "BTC-USD", lastFundingRate: "-0.0002", nextFundingTime: 1_700_006_400_000 },
      ],
    };
    expect(call.parse(body, { ...context, account: "inverse" })).toMatchObject({
      rate: -0.0002,
      nextFundingTsMs: 1_700_006_400_000,
    });
    expect(() =>
      bingx.rest.fundingRate!({
        kind: "funding_rate",
        account: "spot",
        symbol: "BTC/USDT",
        native: "BTC-USDT",
      }),
    ).toThrow(expect.objectContaining({ code: "E_WIRE_ABSENT" }));
  });
});
