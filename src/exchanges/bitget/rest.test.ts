// Bitget REST (v3 market data): request building per account (paths, categories, limits), the docs' response bodies
// through the parsers, error envelopes, and recognition of recorded URLs.

import { describe, expect, test } from "bun:test";
import { type Account, Dig3Error, type StreamKind, type StreamSpec } from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";
import { bitget } from "./index.ts";
import { BITGET_RATE_LIMIT, candlesPathOf, recognizeBitgetUrl } from "./rest.ts";

const RECV_US = 1_700_000_000_000_000;
const context: ParseContext = {
  exchange: "bitget",
  account: "spot",
  recvTsUs: RECV_US,
  symbolOf: (native) => native,
  session: new Map(),
};

const SYMBOLS: Record<string, string> = {
  "spot|BTCUSDT": "BTC/USDT",
  "linear|BTCUSDT": "BTC/USDT:USDT",
  "linear|BTCPERP": "BTC/USDC:USDC",
  "inverse|BTCUSD": "BTC/USD:BTC",
};

function specOf(kind: StreamKind, account: Account, native: string): StreamSpec {
  return { kind, account, native, symbol: SYMBOLS[`${account}|${native}`] ?? native };
}

const ok = (data: unknown) => ({ code: "00000", msg: "success", requestTime: 1_735_110_108_752, data });
const rest = bitget.rest;

describe("calls", () => {
  test("one host, one budget of 20 a second", () => {
    for (const account of ["spot", "linear", "inverse"] as const)
      expect(rest.baseUrl(account, { testnet: false })).toBe("https://api.bitget.com");
    expect(rest.rateLimit).toEqual(BITGET_RATE_LIMIT);
    expect(BITGET_RATE_LIMIT).toEqual({ weight: 20, perMs: 1000 });
  });

  test("instruments: SPOT; linear USDT-FUTURES then USDC-FUTURES; inverse COIN-FUTURES", () => {
    expect(rest.instruments("spot")).toMatchObject({
      path: "/api/v3/market/instruments",
      query: { category: "SPOT" },
    });
    expect(rest.instruments("linear").query).toEqual({ category: "USDT-FUTURES" });
    expect(rest.moreInstruments!("linear").map((call) => call.query)).toEqual([{ category: "USDC-FUTURES" }]);
    expect(rest.instruments("inverse").query).toEqual({ category: "COIN-FUTURES" });
    expect(rest.moreInstruments!("spot")).toEqual([]);
  });

  test("ticker, book, trades: category from the account and the native", () => {
    expect(rest.ticker!(specOf("ticker", "linear", "BTCPERP"))).toMatchObject({
      path: "/api/v3/market/tickers",
      query: { category: "USDC-FUTURES", symbol: "BTCPERP" },
    });
    expect(rest.book!(specOf("book", "inverse", "BTCUSD"), 1000)).toMatchObject({
      path: "/api/v3/market/orderbook",
      query: { category: "COIN-FUTURES", symbol: "BTCUSD", limit: 200 },
    });
    expect(rest.trades!(specOf("trade", "spot", "BTCUSDT"), { limit: 5 })).toMatchObject({
      path: "/api/v3/market/fills",
      query: { category: "SPOT", symbol: "BTCUSDT", limit: 5 },
    });
  });

  test("klines: Bitget interval names, window by startTime/endTime, history endpoint for old ranges", () => {
    const spec = specOf("kline", "linear", "BTCUSDT");
    expect(rest.klines!(spec, { interval: "4h", limit: 1000 }).query).toEqual({
      category: "USDT-FUTURES",
      symbol: "BTCUSDT",
      interval: "4H",
      type: "MARKET",
      startTime: undefined,
      endTime: undefined,
      limit: 100,
    });
    const windowed = rest.klines!(spec, { interval: "1m", startMs: 1_000_000, endMs: 2_000_000 });
    expect(windowed.query).toMatchObject({ interval: "1m", startTime: 1_000_000, endTime: 2_000_000 });
    expect(windowed.path).toBe("/api/v3/market/history-candles");
    expect(candlesPathOf("1m", 10_000_000, 10_000_000 + 60_000 * 100)).toBe("/api/v3/market/candles");
    expect(candlesPathOf("1m", 10_000_000, 10_000_000 + 60_000 * 2000)).toBe(
      "/api/v3/market/history-candles",
    );
  });

  test("funding history and open interest: futures only", () => {
    expect(rest.fundingHistory!(specOf("funding_rate", "linear", "BTCUSDT"), { limit: 500 })).toMatchObject({
      path: "/api/v3/market/history-fund-rate",
      query: { category: "USDT-FUTURES", symbol: "BTCUSDT", limit: 100 },
    });
    expect(rest.openInterest!(specOf("open_interest", "inverse", "BTCUSD"))).toMatchObject({
      path: "/api/v3/market/open-interest",
      query: { category: "COIN-FUTURES", symbol: "BTCUSD" },
    });
    expect(() => rest.openInterest!(specOf("open_interest", "spot", "BTCUSDT"))).toThrow(Dig3Error);
    expect(() => rest.fundingHistory!(specOf("funding_rate", "spot", "BTCUSDT"), {})).toThrow("not offered");
  });
});

describe("parsers (docs bodies)", () => {
  test("instruments: spot steps from precision, futures from multipliers, status, quarterly expiry", () => {
    const spot = rest.instruments("spot").parse(
      ok([
        {
          symbol: "BTCUSDT",
          category: "SPOT",
          baseCoin: "BTC",
          quoteCoin: "USDT",
          pricePrecision: "2",
          quantityPrecision: "6",
          status: "online",
        },
        {
          symbol: "OLDUSDT",
          category: "SPOT",
          baseCoin: "OLD",
          quoteCoin: "USDT",
          pricePrecision: "4",
          quantityPrecision: "2",
          status: "offline",
        },
      ]),
      context,
    );
    expect(spot).toEqual([
      {
        account: "spot",
        symbol: "BTC/USDT",
        native: "BTCUSDT",
        base: "BTC",
        quote: "USDT",
        status: "online",
        active: true,
        tickSize: 0.01,
        lotSize: 0.000001,
      },
      {
        account: "spot",
        symbol: "OLD/USDT",
        native: "OLDUSDT",
        base: "OLD",
        quote: "USDT",
        status: "offline",
        active: false,
        tickSize: 0.0001,
        lotSize: 0.01,
      },
    ]);
    const linear = rest.moreInstruments!("linear")[0]!.parse(
      ok([
        {
          symbol: "BTCPERP",
          category: "USDC-FUTURES",
          baseCoin: "BTC",
          quoteCoin: "USDC",
          pricePrecision: "1",
          quantityPrecision: "4",
          priceMultiplier: "0.5",
          quantityMultiplier: "0.0001",
          symbolType: "perpetual",
          status: "online",
        },
      ]),
      context,
    );
    expect(linear[0]).toMatchObject({
      symbol: "BTC/USDC:USDC",
      native: "BTCPERP",
      settle: "USDC",
      tickSize: 0.5,
      lotSize: 0.0001,
    });
    const inverse = rest.instruments("inverse").parse(
      ok([
        {
          symbol: "BTCUSD",
          category: "COIN-FUTURES",
          baseCoin: "BTC",
          quoteCoin: "USD",
          pricePrecision: "1",
          quantityPrecision: "3",
          symbolType: "perpetual",
          status: "online",
        },
        {
          symbol: "BTCUSDZ24",
          category: "COIN-FUTURES",
          baseCoin: "BTC",
          quoteCoin: "USD",
          pricePrecision: "1",
          quantityPrecision: "3",
          symbolType: "delivery",
          deliveryTime: String(Date.UTC(2024, 11, 27, 8)),
          status: "online",
        },
      ]),
      context,
    );
    expect(inverse.map((instrument) => [instrument.symbol, instrument.settle])).toEqual([
      ["BTC/USD:BTC", "BTC"],
      ["BTC/USD:BTC-241227", "BTC"],
    ]);
  });

  test("ticker at the answer's requestTime; an empty best ask is no ask", () => {
    const spec = specOf("ticker", "spot", "BTCUSDT");
    const body = ok([
      {
        category: "SPOT",
        symbol: "BTCUSDT",
        lastPrice: "4038",
        openPrice24h: "0",
        highPrice24h: "0",
        lowPrice24h: "0",
        ask1Price: "",
        bid1Price: "4038",
        bid1Size: "0.390495",
        ask1Size: "0",
        price24hPcnt: "0",
        volume24h: "0",
        turnover24h: "0",
      },
    ]);
    expect(rest.ticker!(spec).parse(body, context)).toEqual({
      kind: "ticker",
      exchange: "bitget",
      account: "spot",
      symbol: "BTC/USDT",
      tsMs: 1_735_110_108_752,
      recvTsUs: RECV_US,
      last: 4038,
      bid: 4038,
      bidSize: 0.390495,
      high24h: 0,
      low24h: 0,
      volume24h: 0,
      quoteVolume24h: 0,
      changePct24h: 0,
    });
  });

  test("order book: numbers or text, best first, no sequence", () => {
    const book = rest.book!(specOf("book", "linear", "BTCUSDT"), 5).parse(
      ok({
        a: [
          [73000.0, 0.007],
          [74000.0, 0.007],
        ],
        b: [
          [71213.8, 1.836],
          ["71213.3", "10.000"],
        ],
        ts: "1730969017964",
      }),
      { ...context, account: "linear" },
    );
    expect(book).toEqual({
      kind: "book",
      exchange: "bitget",
      account: "linear",
      symbol: "BTC/USDT:USDT",
      tsMs: 1730969017964,
      recvTsUs: RECV_US,
      type: "snapshot",
      bids: [
        [71213.8, 1.836],
        [71213.3, 10],
      ],
      asks: [
        [73000, 0.007],
        [74000, 0.007],
      ],
    });
  });

  test("fills newest first → trades oldest first", () => {
    const trades = rest.trades!(specOf("trade", "spot", "BTCUSDT"), {}).parse(
      ok([
        { execId: "1002", price: "101", size: "0.2", side: "sell", ts: "1700000000200" },
        { execId: "1001", price: "100", size: "0.1", side: "buy", ts: "1700000000100" },
      ]),
      context,
    );
    expect(trades.map((trade) => [trade.tradeId, trade.side, trade.price])).toEqual([
      ["1001", "buy", 100],
      ["1002", "sell", 101],
    ]);
  });

  test("older trades: v2 fills history by idLessThan (spot by path, futures by productType); docs body", () => {
    expect(rest.canPageTrades?.("spot")).toBe(true);
    expect(rest.canPageTrades?.("option")).toBe(false);
    expect(
      rest.trades!(specOf("trade", "spot", "BTCUSDT"), { limit: 100, beforeId: "1001", endMs: 1 }),
    ).toMatchObject({
      path: "/api/v2/spot/market/fills-history",
      query: { symbol: "BTCUSDT", limit: 100, idLessThan: "1001" },
      weight: 2,
    });
    const futures = rest.trades!(specOf("trade", "linear", "BTCPERP"), { limit: 5000, beforeId: "7" });
    expect(futures).toMatchObject({
      path: "/api/v2/mix/market/fills-history",
      query: { symbol: "BTCPERP", productType: "USDC-FUTURES", limit: 1000, idLessThan: "7" },
    });
    // The docs' example answer: ids descending, `tradeId`, capitalised sides, times in whole seconds.
    const trades = futures.parse(
      ok([
        {
          symbol: "ETHUSDT",
          tradeId: "1294151170843025500",
          side: "Buy",
          price: "1592.58",
          size: "2.1982",
          ts: "1744275603000",
        },
        {
          symbol: "ETHUSDT",
          tradeId: "1294151170834636801",
          side: "Sell",
          price: "1592.57",
          size: "0.0045",
          ts: "1744275603000",
        },
      ]),
      context,
    );
    expect(trades.map((trade) => [trade.tradeId, trade.side, trade.price, trade.tsMs])).toEqual([
      ["1294151170834636801", "sell", 1592.57, 1744275603000],
      ["1294151170843025500", "buy", 1592.58, 1744275603000],
    ]);
  });

  test("candles oldest first; bars whose interval has passed at requestTime are final", () => {
    const body = {
      ...ok([
        ["1735110060000", "2", "3", "1", "2.5", "10", "25"],
        ["1735110000000", "1", "2", "0.5", "2", "20", "30"],
      ]),
      requestTime: 1_735_110_108_752,
    };
    const klines = rest.klines!(specOf("kline", "spot", "BTCUSDT"), { interval: "1m" }).parse(body, context);
    expect(klines.map((kline) => [kline.openTimeMs, kline.closed, kline.tsMs])).toEqual([
      [1735110000000, true, 1735110059999],
      [1735110060000, false, 1735110108752],
    ]);
    expect(klines[0]).toMatchObject({
      open: 1,
      high: 2,
      low: 0.5,
      close: 2,
      volume: 20,
      quoteVolume: 30,
      closeTimeMs: 1735110059999,
    });
  });

  test("funding history from data.resultList (or a bare array), oldest first", () => {
    const spec = specOf("funding_rate", "linear", "BTCUSDT");
    const rows = [
      { symbol: "BTCUSDT", fundingRate: "0.0005", fundingRateTimestamp: "1695776400000" },
      { symbol: "BTCUSDT", fundingRate: "0.000013", fundingRateTimestamp: "1695715200000" },
    ];
    for (const data of [{ resultList: rows }, rows]) {
      const events = rest.fundingHistory!(spec, {}).parse(ok(data), { ...context, account: "linear" });
      expect(events.map((event) => [event.tsMs, event.rate])).toEqual([
        [1695715200000, 0.000013],
        [1695776400000, 0.0005],
      ]);
    }
  });

  test("open interest: the symbol's row of `list`, at `ts`", () => {
    const oi = rest.openInterest!(specOf("open_interest", "linear", "BTCUSDT")).parse(
      ok({ list: [{ symbol: "BTCUSDT", openInterest: "29539.3825" }], ts: "1777358880000" }),
      { ...context, account: "linear" },
    );
    expect(oi).toMatchObject({
      kind: "open_interest",
      symbol: "BTC/USDT:USDT",
      openInterest: 29539.3825,
      tsMs: 1777358880000,
    });
  });

  test("error envelopes throw the venue's message and code; unusable bodies throw E_PARSE", () => {
    const spec = specOf("ticker", "spot", "BTCUSDT");
    const error = { code: "40034", msg: "Parameter BTCUSDX does not exist", requestTime: 1, data: null };
    expect(() => rest.ticker!(spec).parse(error, context)).toThrow(
      "Parameter BTCUSDX does not exist (code 40034)",
    );
    try {
      rest.ticker!(spec).parse(error, context);
    } catch (caught) {
      expect((caught as Dig3Error).code).toBe("E_VENUE");
      expect((caught as Dig3Error).details).toEqual({ venueCode: "40034" });
    }
    expect(() => rest.book!(spec, 5).parse(ok([]), context)).toThrow("unexpected response shape");
    expect(() => rest.ticker!(spec).parse("nope", context)).toThrow(Dig3Error);
    expect(() => rest.ticker!(spec).parse(ok([]), context)).toThrow("empty answer");
  });
});

describe("recognize", () => {
  test.each([
    [
      "https://api.bitget.com/api/v3/market/orderbook?category=SPOT&symbol=BTCUSDT&limit=100",
      "book",
      "spot",
      "BTCUSDT",
    ],
    [
      "https://api.bitget.com/api/v3/market/fills?category=USDC-FUTURES&symbol=BTCPERP",
      "trades",
      "linear",
      "BTCPERP",
    ],
    [
      "https://api.bitget.com/api/v3/market/history-candles?category=COIN-FUTURES&symbol=BTCUSD&interval=1m",
      "klines",
      "inverse",
      "BTCUSD",
    ],
    ["https://api.bitget.com/api/v3/market/instruments?category=USDT-FUTURES", "instruments", "linear", ""],
    [
      "https://api.bitget.com/api/v2/mix/market/fills-history?symbol=BTCUSD&productType=COIN-FUTURES&idLessThan=9",
      "trades",
      "inverse",
      "BTCUSD",
    ],
    [
      "https://api.bitget.com/api/v2/spot/market/fills-history?symbol=BTCUSDT&limit=100",
      "trades",
      "spot",
      "BTCUSDT",
    ],
  ] as const)("%s", (url, call, account, native) => {
    expect(recognizeBitgetUrl(new URL(url))).toEqual({ call, account, native });
  });

  test("other paths are not Bitget market calls", () => {
    expect(
      recognizeBitgetUrl(new URL("https://api.bitget.com/api/v2/spot/market/orderbook?symbol=BTCUSDT")),
    ).toBeUndefined();
  });
});
