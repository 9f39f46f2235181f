// Crypto.com REST: request shapes per market, the parsers on documented bodies (instruments, ticker, open interest,
// book, trades, candlesticks, funding history), venue errors, and recognition of recorded URLs.

import { describe, expect, test } from "bun:test";
import { type Account, Dig3Error, type StreamSpec } from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";
import { cryptocom } from "./index.ts";
import { describeCryptocomNative } from "./symbols.ts";

const RECV_US = 1_700_000_000_000_000;
const RECV_MS = RECV_US / 1000;
const rest = cryptocom.rest;

function contextOf(account: Account, recvTsUs = RECV_US): ParseContext {
  return {
    exchange: "cryptocom",
    account,
    recvTsUs,
    symbolOf: (native) => describeCryptocomNative(native)?.symbol ?? native,
    session: new Map(),
  };
}

function specOf(native: string, kind: StreamSpec["kind"] = "ticker"): StreamSpec {
  const described = describeCryptocomNative(native)!;
  return { kind, account: described.account, symbol: described.symbol, native };
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

const ok = (method: string, result: unknown) => ({ id: "1", method, code: "0", result });

describe("endpoints", () => {
  test("one base URL for both markets; UAT sandbox; 100 requests a second", () => {
    for (const account of ["spot", "linear"] as const) {
      expect(rest.baseUrl(account, { testnet: false })).toBe("https://api.crypto.com/exchange/v1");
      expect(rest.baseUrl(account, { testnet: true })).toBe("https://uat-api.3ona.co/exchange/v1");
    }
    expect(rest.rateLimit).toEqual({ weight: 100, perMs: 1000 });
  });

  test("paths and queries", () => {
    expect(rest.instruments("spot")).toMatchObject({ path: "/public/get-instruments", weight: 1 });
    expect(rest.ticker!(specOf("BTC_USDT"))).toMatchObject({
      path: "/public/get-tickers",
      query: { instrument_name: "BTC_USDT" },
    });
    expect(rest.book!(specOf("BTCUSD-PERP", "book"), 1000)).toMatchObject({
      path: "/public/get-book",
      query: { instrument_name: "BTCUSD-PERP", depth: 50 },
    });
    expect(rest.book!(specOf("BTC_USDT", "book"), 5)).toMatchObject({ query: { depth: 5 } });
    expect(rest.trades!(specOf("BTC_USDT", "trade"), { limit: 1000 })).toMatchObject({
      path: "/public/get-trades",
      query: { instrument_name: "BTC_USDT", count: 150 },
    });
    expect(rest.trades!(specOf("BTC_USDT", "trade"), {})).toMatchObject({ query: { count: 100 } });
    expect(
      rest.klines!(specOf("BTCUSD-PERP", "kline"), { interval: "1d", limit: 10, endMs: 1_700_000_000_000 }),
    ).toMatchObject({
      path: "/public/get-candlestick",
      query: {
        instrument_name: "BTCUSD-PERP",
        timeframe: "1D",
        count: 10,
        start_ts: 1_700_000_000_000 - 10 * 86_400_000,
        end_ts: 1_700_000_000_000,
      },
    });
    expect(
      rest.klines!(specOf("BTC_USDT", "kline"), { interval: "1w", limit: 5000, startMs: 1_000_000 }),
    ).toMatchObject({
      query: { timeframe: "7D", count: 300, start_ts: 1_000_000, end_ts: 1_000_000 + 300 * 604_800_000 },
    });
    expect(
      rest.fundingHistory!(specOf("BTCUSD-PERP", "funding_rate"), { startMs: 1, endMs: 2, limit: 24 }),
    ).toMatchObject({
      path: "/public/get-valuations",
      query: {
        instrument_name: "BTCUSD-PERP",
        valuation_type: "funding_hist",
        count: 24,
        start_ts: 1,
        end_ts: 2,
      },
    });
    expect(rest.openInterest!(specOf("BTCUSD-PERP", "open_interest"))).toMatchObject({
      path: "/public/get-tickers",
      query: { instrument_name: "BTCUSD-PERP" },
    });
  });

  test("refusals: unknown interval, funding of a future or a spot pair, open interest of a spot pair", () => {
    expect(thrown(() => rest.klines!(specOf("BTC_USDT", "kline"), { interval: "3m" })).code).toBe(
      "E_BAD_INTERVAL",
    );
    expect(thrown(() => rest.fundingHistory!(specOf("BTCUSD-261225", "funding_rate"), {})).code).toBe(
      "E_WIRE_ABSENT",
    );
    expect(thrown(() => rest.fundingHistory!(specOf("BTC_USDT", "funding_rate"), {})).code).toBe(
      "E_WIRE_ABSENT",
    );
    expect(thrown(() => rest.openInterest!(specOf("BTC_USDT", "open_interest"))).code).toBe("E_WIRE_ABSENT");
  });
});

describe("instruments", () => {
  const body = ok("public/get-instruments", {
    data: [
      {
        symbol: "BTC_USDT",
        inst_type: "CCY_PAIR",
        display_name: "BTC/USDT",
        base_ccy: "BTC",
        quote_ccy: "USDT",
        quote_decimals: 2,
        quantity_decimals: 5,
        price_tick_size: "0.01",
        qty_tick_size: "0.00001",
        max_leverage: "50",
        tradable: true,
        expiry_timestamp_ms: 0,
      },
      {
        symbol: "BTCUSD-PERP",
        inst_type: "PERPETUAL_SWAP",
        display_name: "BTCUSD Perpetual",
        base_ccy: "BTC",
        quote_ccy: "USD",
        price_tick_size: "0.5",
        qty_tick_size: "0.0001",
        tradable: true,
        expiry_timestamp_ms: "1624012801123",
        underlying_symbol: "BTCUSD-INDEX",
        contract_size: "1",
      },
      {
        symbol: "ETHUSD-230825",
        inst_type: "FUTURE",
        base_ccy: "ETH",
        quote_ccy: "USD",
        price_tick_size: "0.01",
        qty_tick_size: "0.0001",
        tradable: false,
        expiry_timestamp_ms: 1692950400000,
        underlying_symbol: "ETHUSD-INDEX",
      },
      {
        symbol: "BTCUSD-230630-CW30000",
        inst_type: "WARRANT",
        base_ccy: "BTC",
        quote_ccy: "USD",
        tradable: true,
      },
      { inst_type: "CCY_PAIR" },
    ],
  });

  test("spot: CCY_PAIR rows", () => {
    expect(rest.instruments("spot").parse(body, contextOf("spot"))).toEqual([
      {
        account: "spot",
        symbol: "BTC/USDT",
        native: "BTC_USDT",
        base: "BTC",
        quote: "USDT",
        status: "tradable",
        active: true,
        tickSize: 0.01,
        lotSize: 0.00001,
      },
    ]);
  });

  test("linear: perpetuals and dated futures, settled in USD; warrants are left out", () => {
    expect(rest.instruments("linear").parse(body, contextOf("linear"))).toEqual([
      {
        account: "linear",
        symbol: "BTC/USD:USD",
        native: "BTCUSD-PERP",
        base: "BTC",
        quote: "USD",
        settle: "USD",
        status: "tradable",
        active: true,
        tickSize: 0.5,
        lotSize: 0.0001,
      },
      {
        account: "linear",
        symbol: "ETH/USD:USD-230825",
        native: "ETHUSD-230825",
        base: "ETH",
        quote: "USD",
        settle: "USD",
        status: "not tradable",
        active: false,
        tickSize: 0.01,
        lotSize: 0.0001,
      },
    ]);
  });

  test("an error answer throws the venue's message and code", () => {
    const error = thrown(() =>
      rest
        .instruments("spot")
        .parse(
          { id: "1", method: "public/get-instruments", code: "40001", message: "BAD_REQUEST" },
          contextOf("spot"),
        ),
    );
    expect(error.code).toBe("E_VENUE");
    expect(error.message).toBe("crypto.com get-instruments: BAD_REQUEST (code 40001)");
    expect(thrown(() => rest.instruments("spot").parse({ code: 0 }, contextOf("spot"))).code).toBe("E_PARSE");
  });
});

describe("market data", () => {
  const tickers = ok("public/get-tickers", {
    data: [
      {
        h: "51790.00",
        l: "47895.50",
        a: "51174.500000",
        i: "BTCUSD-PERP",
        v: "879.5024",
        vv: "26370000.12",
        oi: "12345.12",
        c: "0.03955106",
        b: "51170.000000",
        k: "51180.000000",
        t: "1613580710768",
      },
    ],
  });

  test("ticker (docs example)", () => {
    expect(rest.ticker!(specOf("BTCUSD-PERP")).parse(tickers, contextOf("linear"))).toEqual({
      kind: "ticker",
      exchange: "cryptocom",
      account: "linear",
      symbol: "BTC/USD:USD",
      tsMs: 1613580710768,
      recvTsUs: RECV_US,
      last: 51174.5,
      bid: 51170,
      ask: 51180,
      high24h: 51790,
      low24h: 47895.5,
      volume24h: 879.5024,
      quoteVolume24h: 26370000.12,
      changePct24h: 3.955106,
    });
  });

  test("open interest from the ticker's oi", () => {
    expect(
      rest.openInterest!(specOf("BTCUSD-PERP", "open_interest")).parse(tickers, contextOf("linear")),
    ).toEqual({
      kind: "open_interest",
      exchange: "cryptocom",
      account: "linear",
      symbol: "BTC/USD:USD",
      tsMs: 1613580710768,
      recvTsUs: RECV_US,
      openInterest: 12345.12,
      openInterestValue: 12345.12 * 51174.5,
    });
  });

  test("book (docs example): a snapshot without sequence, stamped with the receive time", () => {
    const body = {
      code: "0",
      method: "public/get-book",
      result: {
        depth: "10",
        data: [
          {
            asks: [
              ["50126.000000", "0.400000", "0"],
              ["50130.000000", "1.279000", "0"],
            ],
            bids: [
              ["50113.500000", "0.400000", "0"],
              ["50113.000000", "0.051800", "0"],
            ],
          },
        ],
        instrument_name: "BTCUSD-PERP",
      },
    };
    expect(rest.book!(specOf("BTCUSD-PERP", "book"), 10).parse(body, contextOf("linear"))).toEqual({
      kind: "book",
      exchange: "cryptocom",
      account: "linear",
      symbol: "BTC/USD:USD",
      tsMs: RECV_MS,
      recvTsUs: RECV_US,
      type: "snapshot",
      bids: [
        [50113.5, 0.4],
        [50113, 0.0518],
      ],
      asks: [
        [50126, 0.4],
        [50130, 1.279],
      ],
    });
  });

  test("trades (docs example + one more): oldest first", () => {
    const body = ok("public/get-trades", {
      data: [
        {
          d: "15281981879",
          t: "1613547060926",
          tn: "1613547060926000000",
          q: "0.1",
          p: "50773",
          s: "BUY",
          i: "BTCUSD-PERP",
          m: "76424",
        },
        {
          d: "15281981878",
          t: "1613547060925",
          tn: "1613547060925523623",
          q: "0.181900",
          p: "50772.000000",
          s: "SELL",
          i: "BTCUSD-PERP",
          m: "76423",
        },
      ],
    });
    const trades = rest.trades!(specOf("BTCUSD-PERP", "trade"), {}).parse(body, contextOf("linear"));
    expect(trades).toEqual([
      {
        kind: "trade",
        exchange: "cryptocom",
        account: "linear",
        symbol: "BTC/USD:USD",
        tsMs: 1613547060925,
        recvTsUs: RECV_US,
        price: 50772,
        size: 0.1819,
        side: "sell",
        tradeId: "15281981878",
      },
      {
        kind: "trade",
        exchange: "cryptocom",
        account: "linear",
        symbol: "BTC/USD:USD",
        tsMs: 1613547060926,
        recvTsUs: RECV_US,
        price: 50773,
        size: 0.1,
        side: "buy",
        tradeId: "15281981879",
      },
    ]);
  });

  test("candlesticks: closed once their end has passed, the open bar stamped with the receive time", () => {
    const open = Math.floor(RECV_MS / 300_000) * 300_000;
    const body = ok("public/get-candlestick", {
      interval: "M5",
      instrument_name: "BTCUSD-PERP",
      data: [
        { o: "50508.5", h: "50548.5", l: "50172.5", c: "50202", v: "17.2032", t: String(open - 300_000) },
        { o: "50202", h: "50300", l: "50100", c: "50250", v: "3", t: open },
      ],
    });
    const klines = rest.klines!(specOf("BTCUSD-PERP", "kline"), { interval: "5m" }).parse(
      body,
      contextOf("linear"),
    );
    expect(klines).toEqual([
      {
        kind: "kline",
        exchange: "cryptocom",
        account: "linear",
        symbol: "BTC/USD:USD",
        tsMs: open - 1,
        recvTsUs: RECV_US,
        interval: "5m",
        openTimeMs: open - 300_000,
        closeTimeMs: open - 1,
        open: 50508.5,
        high: 50548.5,
        low: 50172.5,
        close: 50202,
        volume: 17.2032,
        closed: true,
      },
      {
        kind: "kline",
        exchange: "cryptocom",
        account: "linear",
        symbol: "BTC/USD:USD",
        tsMs: RECV_MS,
        recvTsUs: RECV_US,
        interval: "5m",
        openTimeMs: open,
        closeTimeMs: open + 300_000 - 1,
        open: 50202,
        high: 50300,
        low: 50100,
        close: 50250,
        volume: 3,
        closed: false,
      },
    ]);
  });

  test("funding history: settled hourly rates, oldest first, no next funding time", () => {
    const body = ok("public/get-valuations", {
      instrument_name: "BTCUSD-PERP",
      data: [
        { v: "0.0000125", t: "1613550000000" },
        { v: "-0.00001", t: "1613546400000" },
      ],
    });
    const events = rest.fundingHistory!(specOf("BTCUSD-PERP", "funding_rate"), {}).parse(
      body,
      contextOf("linear"),
    );
    expect(events).toEqual([
      {
        kind: "funding_rate",
        exchange: "cryptocom",
        account: "linear",
        symbol: "BTC/USD:USD",
        tsMs: 1613546400000,
        recvTsUs: RECV_US,
        rate: -0.00001,
      },
      {
        kind: "funding_rate",
        exchange: "cryptocom",
        account: "linear",
        symbol: "BTC/USD:USD",
        tsMs: 1613550000000,
        recvTsUs: RECV_US,
        rate: 0.0000125,
      },
    ]);
  });

  test("an unknown instrument answers 40003: E_VENUE with a hint", () => {
    const error = thrown(() =>
      rest.ticker!(specOf("BTC_USDT")).parse(
        { id: "1", method: "public/get-tickers", code: 40003, message: "Unknown symbol" },
        contextOf("spot"),
      ),
    );
    expect(error.code).toBe("E_VENUE");
    expect(error.hint).toContain("instrument");
  });
});

describe("recognize", () => {
  const recognize = (url: string) => rest.recognize!(new URL(url));
  test.each([
    [
      "https://api.crypto.com/exchange/v1/public/get-instruments",
      { call: "instruments", account: "spot", native: "" },
    ],
    [
      "https://api.crypto.com/exchange/v1/public/get-book?instrument_name=BTCUSD-PERP&depth=50",
      { call: "book", account: "linear", native: "BTCUSD-PERP" },
    ],
    [
      "https://api.crypto.com/exchange/v1/public/get-trades?instrument_name=BTC_USDT",
      { call: "trades", account: "spot", native: "BTC_USDT" },
    ],
    [
      "https://uat-api.3ona.co/exchange/v1/public/get-tickers?instrument_name=ETHUSD-PERP",
      { call: "ticker", account: "linear", native: "ETHUSD-PERP" },
    ],
    [
      "https://api.crypto.com/exchange/v1/public/get-candlestick?instrument_name=BTC_USDT&timeframe=1m",
      { call: "klines", account: "spot", native: "BTC_USDT" },
    ],
    [
      "https://api.crypto.com/exchange/v1/public/get-valuations?instrument_name=BTCUSD-PERP&valuation_type=funding_hist",
      { call: "fundingHistory", account: "linear", native: "BTCUSD-PERP" },
    ],
  ] as const)("%s", (url, expected) => {
    expect(recognize(url)).toEqual(expected);
  });

  test("other valuations and unknown methods are not recognized", () => {
    expect(
      recognize(
        "https://api.crypto.com/exchange/v1/public/get-valuations?instrument_name=BTCUSD-INDEX&valuation_type=index_price",
      ),
    ).toBeUndefined();
    expect(recognize("https://api.crypto.com/exchange/v1/public/get-insurance?currency=USD")).toBeUndefined();
  });
});
