// Kraken Futures REST parsers on documented bodies: instruments, tickers (and open interest), orderbook, history,
// chart candles, historical funding and error bodies.

import { describe, expect, test } from "bun:test";
import { type Account, Dig3Error, type StreamSpec } from "../../../core/index.ts";
import type { ParseContext } from "../../_shared/adapter.ts";
import { kraken } from "../index.ts";
import { canonicalOfNative } from "../symbols.ts";

const RECV_US = 1_700_000_000_000_000;
const rest = kraken.rest;

function contextOf(account: Account, recvTsUs = RECV_US): ParseContext {
  return {
    exchange: "kraken",
    account,
    recvTsUs,
    symbolOf: (native) => canonicalOfNative(native, account) ?? native,
    session: new Map(),
  };
}

function specOf(account: Account, native: string, kind: StreamSpec["kind"] = "ticker"): StreamSpec {
  return { kind, account, symbol: canonicalOfNative(native, account) ?? native, native };
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
  exchange: "kraken",
  account,
  symbol,
  tsMs,
  recvTsUs: RECV_US,
});

describe("futures parsers", () => {
  const instruments = {
    result: "success",
    instruments: [
      {
        symbol: "PF_XBTUSD",
        type: "flexible_futures",
        tradeable: true,
        tickSize: 1,
        contractSize: 1,
        contractValueTradePrecision: 4,
        base: "BTC",
        quote: "USD",
        pair: "BTC:USD",
      },
      {
        symbol: "PI_XBTUSD",
        type: "futures_inverse",
        underlying: "rr_xbtusd",
        tradeable: true,
        tickSize: 0.5,
        contractSize: 1,
        contractValueTradePrecision: 0,
      },
      {
        symbol: "FI_XBTUSD_240927",
        type: "futures_inverse",
        underlying: "rr_xbtusd",
        tradeable: false,
        tickSize: 0.5,
        contractSize: 1,
        lastTradingTime: "2024-09-27T15:00:00.000Z",
      },
      { symbol: "in_xbtusd", type: "spot index", tradeable: false },
    ],
  };

  test("instruments split by family: linear PF/FF, inverse PI/FI; indices left out", () => {
    expect(rest.instruments("linear").parse(instruments, contextOf("linear"))).toEqual([
      {
        account: "linear",
        symbol: "BTC/USD:USD",
        native: "PF_XBTUSD",
        base: "BTC",
        quote: "USD",
        settle: "USD",
        tickSize: 1,
        lotSize: 0.0001,
        status: "tradeable",
        active: true,
      },
    ]);
    expect(rest.instruments("inverse").parse(instruments, contextOf("inverse"))).toEqual([
      {
        account: "inverse",
        symbol: "BTC/USD:BTC",
        native: "PI_XBTUSD",
        base: "BTC",
        quote: "USD",
        settle: "BTC",
        tickSize: 0.5,
        lotSize: 1,
        status: "tradeable",
        active: true,
      },
      {
        account: "inverse",
        symbol: "BTC/USD:BTC-240927",
        native: "FI_XBTUSD_240927",
        base: "BTC",
        quote: "USD",
        settle: "BTC",
        tickSize: 0.5,
        status: "not tradeable",
        active: false,
      },
    ]);
  });

  const tickers = {
    result: "success",
    serverTime: "2022-06-17T11:00:31.335Z",
    tickers: [
      {
        tag: "perpetual",
        pair: "XBT:USD",
        symbol: "PF_XBTUSD",
        markPrice: 20000.5,
        bid: 20000,
        bidSize: 1.2,
        ask: 20001,
        askSize: 0.8,
        vol24h: 1523.1,
        volumeQuote: 30462000,
        openInterest: 2500.5,
        open24h: 19500,
        indexPrice: 20001.2,
        last: 20000.5,
        lastTime: "2022-06-17T11:00:30.000Z",
        lastSize: 0.01,
        suspended: false,
        fundingRate: 0.000002,
      },
      { symbol: "pi_xbtusd", last: 20010, openInterest: 29308193 },
    ],
  };

  test("tickers → ticker and open interest of the asked product, at the server time", () => {
    const tsMs = Date.UTC(2022, 5, 17, 11, 0, 31, 335);
    expect(rest.ticker!(specOf("linear", "PF_XBTUSD")).parse(tickers, contextOf("linear"))).toEqual({
      kind: "ticker",
      ...base("linear", "BTC/USD:USD", tsMs),
      last: 20000.5,
      bid: 20000,
      bidSize: 1.2,
      ask: 20001,
      askSize: 0.8,
      volume24h: 1523.1,
      quoteVolume24h: 30462000,
      changePct24h: ((20000.5 - 19500) / 19500) * 100,
    });
    expect(rest.openInterest!(specOf("inverse", "PI_XBTUSD")).parse(tickers, contextOf("inverse"))).toEqual({
      kind: "open_interest",
      ...base("inverse", "BTC/USD:BTC", tsMs),
      openInterest: 29308193,
    });
    expect(
      thrown(() => rest.ticker!(specOf("linear", "PF_ETHUSD")).parse(tickers, contextOf("linear"))).code,
    ).toBe("E_UNKNOWN_SYMBOL");
  });

  test("orderbook → snapshot without a sequence number", () => {
    const body = {
      result: "success",
      serverTime: "2020-08-27T17:03:33.196Z",
      orderBook: {
        bids: [
          [40178, 5],
          [40174, 4.2],
        ],
        asks: [[40186, 5.0183]],
      },
    };
    expect(rest.book!(specOf("linear", "PF_XBTUSD", "book"), 100).parse(body, contextOf("linear"))).toEqual({
      kind: "book",
      ...base("linear", "BTC/USD:USD", Date.UTC(2020, 7, 27, 17, 3, 33, 196)),
      type: "snapshot",
      bids: [
        [40178, 5],
        [40174, 4.2],
      ],
      asks: [[40186, 5.0183]],
    });
  });

  test("history (newest first) → trades oldest first, uid as id, block prints left out", () => {
    const body = {
      result: "success",
      history: [
        {
          time: "2019-02-14T09:25:33.920Z",
          trade_id: 100,
          price: 3574,
          size: 100,
          side: "buy",
          type: "fill",
          uid: "u100",
        },
        {
          time: "2019-02-14T09:20:00.000Z",
          trade_id: 99.5,
          price: 3570,
          size: 5,
          side: "buy",
          type: "block",
          uid: "ub",
        },
        {
          time: "2019-02-14T09:07:57.844Z",
          trade_id: 99,
          price: 3569,
          size: 10000,
          side: "sell",
          type: "liquidation",
        },
      ],
    };
    expect(
      rest.trades!(specOf("inverse", "PI_XBTUSD", "trade"), {}).parse(body, contextOf("inverse")),
    ).toEqual([
      {
        kind: "trade",
        ...base("inverse", "BTC/USD:BTC", Date.UTC(2019, 1, 14, 9, 7, 57, 844)),
        price: 3569,
        size: 10000,
        side: "sell",
        tradeId: "99",
      },
      {
        kind: "trade",
        ...base("inverse", "BTC/USD:BTC", Date.UTC(2019, 1, 14, 9, 25, 33, 920)),
        price: 3574,
        size: 100,
        side: "buy",
        tradeId: "u100",
      },
    ]);
  });

  test("chart candles: prices as text, ms times, the open bar not closed", () => {
    const body = {
      candles: [
        {
          time: 1680000000000,
          open: "28000.5",
          high: "28010.0",
          low: "27990.0",
          close: "28005.0",
          volume: "12.5",
        },
        {
          time: 1680000060000,
          open: "28005.0",
          high: "28006.0",
          low: "28001.0",
          close: "28002.0",
          volume: 1,
        },
      ],
      more_candles: false,
    };
    const recvUs = 1680000090_000 * 1000;
    const klines = rest.klines!(specOf("linear", "PF_XBTUSD", "kline"), {
      interval: "1m",
      startMs: 1680000000000,
    }).parse(body, contextOf("linear", recvUs));
    expect(klines.map((kline) => [kline.openTimeMs, kline.close, kline.volume, kline.closed])).toEqual([
      [1680000000000, 28005, 12.5, true],
      [1680000060000, 28002, 1, false],
    ]);
  });

  test("historical funding: the relative rate, filtered by time, newest `limit`", () => {
    const body = {
      rates: [
        {
          timestamp: "2022-06-28T00:00:00.000Z",
          fundingRate: -8.15861558e-10,
          relativeFundingRate: -1.6898883333333e-5,
        },
        { timestamp: "2022-06-28T01:00:00.000Z", fundingRate: 1e-9, relativeFundingRate: 2e-5 },
        { timestamp: "2022-06-28T02:00:00.000Z", fundingRate: 2e-9, relativeFundingRate: 3e-5 },
      ],
    };
    const events = rest.fundingHistory!(specOf("linear", "PF_XBTUSD", "funding_rate"), { limit: 2 }).parse(
      body,
      contextOf("linear"),
    );
    expect(events).toEqual([
      { kind: "funding_rate", ...base("linear", "BTC/USD:USD", Date.UTC(2022, 5, 28, 1)), rate: 2e-5 },
      { kind: "funding_rate", ...base("linear", "BTC/USD:USD", Date.UTC(2022, 5, 28, 2)), rate: 3e-5 },
    ]);
  });

  test("error body: apiLimitExceeded → E_RATE_LIMITED; bad shapes → E_PARSE", () => {
    const error = { result: "error", serverTime: "2016-02-25T09:45:53.818Z", error: "apiLimitExceeded" };
    expect(
      thrown(() => rest.ticker!(specOf("linear", "PF_XBTUSD")).parse(error, contextOf("linear"))).code,
    ).toBe("E_RATE_LIMITED");
    for (const body of [null, [], { result: "success" }, { orderBook: 5 }]) {
      expect(
        thrown(() => rest.book!(specOf("linear", "PF_XBTUSD", "book"), 10).parse(body, contextOf("linear")))
          .code,
      ).toBe("E_PARSE");
    }
  });
});
