// Deribit REST: endpoint table (paths, queries, credit costs), URL recognition, and every parser over docs-shaped
// JSON-RPC bodies, including error bodies and unusable shapes.

import { describe, expect, test } from "bun:test";
import { type Account, Dig3Error, type StreamSpec } from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";
import { deribit } from "./index.ts";
import { bookDepthOf, DERIBIT_CREDITS, DERIBIT_INSTRUMENTS_COST, recognizeDeribitUrl } from "./rest.ts";
import { describeDeribitNative } from "./symbols.ts";

const RECV_US = 1_700_000_000_000_000;
const rest = deribit.rest;

function contextOf(account: Account): ParseContext {
  return {
    exchange: "deribit",
    account,
    recvTsUs: RECV_US,
    symbolOf: (native) => describeDeribitNative(native)?.symbol ?? native,
    session: new Map(),
  };
}

function specOf(kind: StreamSpec["kind"], native: string): StreamSpec {
  const described = describeDeribitNative(native)!;
  return { kind, account: described.account, symbol: described.symbol, native };
}

const ok = (result: unknown) => ({ jsonrpc: "2.0", result, usIn: 1, usOut: 2, usDiff: 1, testnet: false });

describe("endpoints", () => {
  test("base URLs: one host for every market; testnet", () => {
    expect(rest.baseUrl("inverse", { testnet: false })).toBe("https://www.deribit.com/api/v2");
    expect(rest.baseUrl("spot", { testnet: false })).toBe("https://www.deribit.com/api/v2");
    expect(rest.baseUrl("option", { testnet: true })).toBe("https://test.deribit.com/api/v2");
    expect(rest.rateLimit).toEqual({ weight: 7_500, perMs: 1_000 });
  });

  test("instruments: one kind per market, a third of the REST credits each", () => {
    for (const [account, kind] of [
      ["spot", "spot"],
      ["inverse", "future"],
      ["linear", "future"],
      ["option", "option"],
    ] as const) {
      const call = rest.instruments(account);
      expect(call.path).toBe("/public/get_instruments");
      expect(call.query).toEqual({ currency: "any", kind, expired: "false" });
      expect(call.weight).toBe(DERIBIT_INSTRUMENTS_COST);
      expect(call.weight! * 3).toBeLessThanOrEqual(DERIBIT_CREDITS.restShare);
    }
  });

  test("market data calls: paths, queries, 500 credits each", () => {
    const perp = specOf("ticker", "BTC-PERPETUAL");
    expect(rest.ticker!(perp)).toMatchObject({
      path: "/public/ticker",
      query: { instrument_name: "BTC-PERPETUAL" },
      weight: 500,
    });
    expect(rest.book!(perp, 500)).toMatchObject({
      path: "/public/get_order_book",
      query: { instrument_name: "BTC-PERPETUAL", depth: 1000 },
    });
    expect(rest.trades!(perp, { limit: 5000 })).toMatchObject({
      path: "/public/get_last_trades_by_instrument",
      query: { instrument_name: "BTC-PERPETUAL", count: 1000, sorting: "desc" },
    });
    expect(rest.klines!(perp, { interval: "1h", limit: 10, endMs: 1_700_000_000_000 }).query).toEqual({
      instrument_name: "BTC-PERPETUAL",
      resolution: "60",
      start_timestamp: 1_700_000_000_000 - 10 * 3_600_000,
      end_timestamp: 1_700_000_000_000,
    });
    expect(rest.klines!(perp, { interval: "1d", startMs: 5, endMs: 10 }).query).toMatchObject({
      resolution: "1D",
      start_timestamp: 5,
      end_timestamp: 10,
    });
    expect(rest.fundingHistory!(perp, { limit: 24, endMs: 1_700_000_000_000 }).query).toEqual({
      instrument_name: "BTC-PERPETUAL",
      start_timestamp: 1_700_000_000_000 - 24 * 3_600_000,
      end_timestamp: 1_700_000_000_000,
    });
    expect(rest.openInterest!(perp)).toMatchObject({
      path: "/public/get_book_summary_by_instrument",
      query: { instrument_name: "BTC-PERPETUAL" },
    });
  });

  test("book depth rounds up to one Deribit accepts", () => {
    expect([1, 2, 5, 6, 20, 21, 100, 101, 1000, 1001, 99999].map(bookDepthOf)).toEqual([
      1, 5, 5, 10, 20, 50, 100, 1000, 1000, 10000, 10000,
    ]);
  });

  test("spot has no funding or open interest; dated futures have no funding; unknown intervals refused", () => {
    expect(() => rest.fundingHistory!(specOf("funding_rate", "BTC_USDC"), {})).toThrow(Dig3Error);
    expect(() => rest.openInterest!(specOf("open_interest", "BTC_USDC"))).toThrow(Dig3Error);
    expect(() => rest.fundingHistory!(specOf("funding_rate", "BTC-27DEC24"), {})).toThrow(/only perpetuals/);
    expect(() => rest.klines!(specOf("kline", "BTC-PERPETUAL"), { interval: "4h" })).toThrow(/4h/);
  });

  test("recognize: method from the path, market from the instrument name", () => {
    const at = (path: string) => recognizeDeribitUrl(new URL(`https://www.deribit.com/api/v2${path}`));
    expect(at("/public/get_order_book?instrument_name=BTC-PERPETUAL&depth=1000")).toEqual({
      call: "book",
      account: "inverse",
      native: "BTC-PERPETUAL",
    });
    expect(at("/public/ticker?instrument_name=ETH_USDC")).toEqual({
      call: "ticker",
      account: "spot",
      native: "ETH_USDC",
    });
    expect(at("/public/get_last_trades_by_instrument?instrument_name=BTC-27DEC24-100000-C")).toEqual({
      call: "trades",
      account: "option",
      native: "BTC-27DEC24-100000-C",
    });
    expect(at("/public/get_book_summary_by_instrument?instrument_name=BTC_USDC-PERPETUAL")).toMatchObject({
      call: "openInterest",
      account: "linear",
    });
    expect(at("/public/get_instruments?currency=any&kind=option")).toEqual({
      call: "instruments",
      account: "option",
      native: "",
    });
    expect(at("/public/get_time")).toBeUndefined();
    expect(at("/private/get_positions")).toBeUndefined();
  });
});

describe("parsers", () => {
  const rows = [
    {
      tick_size: 0.5,
      settlement_period: "perpetual",
      settlement_currency: "BTC",
      quote_currency: "USD",
      min_trade_amount: 10,
      kind: "future",
      is_active: true,
      instrument_name: "BTC-PERPETUAL",
      instrument_type: "reversed",
      expiration_timestamp: 32503708800000,
      counter_currency: "USD",
      contract_size: 10,
      base_currency: "BTC",
      state: "open",
    },
    {
      tick_size: 2.5,
      settlement_period: "month",
      settlement_currency: "BTC",
      quote_currency: "USD",
      min_trade_amount: 10,
      kind: "future",
      is_active: true,
      instrument_name: "BTC-29SEP23",
      instrument_type: "reversed",
      expiration_timestamp: 1695974400000,
      base_currency: "BTC",
      state: "open",
    },
    {
      tick_size: 1,
      settlement_period: "perpetual",
      settlement_currency: "USDC",
      quote_currency: "USDC",
      min_trade_amount: 0.0001,
      kind: "future",
      is_active: true,
      instrument_name: "BTC_USDC-PERPETUAL",
      instrument_type: "linear",
      expiration_timestamp: 32503708800000,
      base_currency: "BTC",
      state: "open",
    },
  ];

  test("instruments: futures split into inverse and linear by instrument_type", () => {
    expect(rest.instruments("inverse").parse(ok(rows), contextOf("inverse"))).toEqual([
      {
        account: "inverse",
        symbol: "BTC/USD:BTC",
        native: "BTC-PERPETUAL",
        base: "BTC",
        quote: "USD",
        settle: "BTC",
        tickSize: 0.5,
        lotSize: 10,
        status: "open",
        active: true,
      },
      {
        account: "inverse",
        symbol: "BTC/USD:BTC-230929",
        native: "BTC-29SEP23",
        base: "BTC",
        quote: "USD",
        settle: "BTC",
        tickSize: 2.5,
        lotSize: 10,
        status: "open",
        active: true,
      },
    ]);
    expect(rest.instruments("linear").parse(ok(rows), contextOf("linear"))).toEqual([
      {
        account: "linear",
        symbol: "BTC/USDC:USDC",
        native: "BTC_USDC-PERPETUAL",
        base: "BTC",
        quote: "USDC",
        settle: "USDC",
        tickSize: 1,
        lotSize: 0.0001,
        status: "open",
        active: true,
      },
    ]);
  });

  test("instruments: options keep their name; spot pairs; inactive ones marked", () => {
    const option = {
      tick_size: 0.0005,
      strike: 100000,
      settlement_period: "month",
      settlement_currency: "BTC",
      quote_currency: "BTC",
      option_type: "call",
      min_trade_amount: 0.1,
      kind: "option",
      is_active: false,
      instrument_name: "BTC-27DEC24-100000-C",
      expiration_timestamp: 1735286400000,
      base_currency: "BTC",
      state: "closed",
    };
    expect(rest.instruments("option").parse(ok([option]), contextOf("option"))).toEqual([
      {
        account: "option",
        symbol: "BTC-27DEC24-100000-C",
        native: "BTC-27DEC24-100000-C",
        base: "BTC",
        quote: "BTC",
        settle: "BTC",
        tickSize: 0.0005,
        lotSize: 0.1,
        status: "closed",
        active: false,
      },
    ]);
    const spot = {
      tick_size: 1,
      quote_currency: "USDC",
      min_trade_amount: 0.0001,
      kind: "spot",
      is_active: true,
      instrument_name: "BTC_USDC",
      base_currency: "BTC",
      state: "open",
    };
    expect(rest.instruments("spot").parse(ok([spot]), contextOf("spot"))).toMatchObject([
      { account: "spot", symbol: "BTC/USDC", native: "BTC_USDC", active: true },
    ]);
  });

  test("ticker: the ticker part of public/ticker", () => {
    const body = ok({
      timestamp: 1623060194301,
      stats: {
        volume_usd: 284061480,
        volume: 7871.02139035,
        price_change: 0.7229,
        low: 35213.5,
        high: 36824.5,
      },
      mark_price: 36446.51,
      last_price: 36457.5,
      instrument_name: "BTC-PERPETUAL",
      best_bid_price: 36442.5,
      best_bid_amount: 5000,
      best_ask_price: 36443,
      best_ask_amount: 100,
    });
    expect(rest.ticker!(specOf("ticker", "BTC-PERPETUAL")).parse(body, contextOf("inverse"))).toEqual({
      kind: "ticker",
      exchange: "deribit",
      account: "inverse",
      symbol: "BTC/USD:BTC",
      tsMs: 1623060194301,
      recvTsUs: RECV_US,
      last: 36457.5,
      bid: 36442.5,
      bidSize: 5000,
      ask: 36443,
      askSize: 100,
      high24h: 36824.5,
      low24h: 35213.5,
      volume24h: 7871.02139035,
      quoteVolume24h: 284061480,
      changePct24h: 0.7229,
    });
  });

  test("order book (docs example): snapshot with seq = change_id", () => {
    const body = ok({
      timestamp: 1550757626706,
      state: "open",
      instrument_name: "BTC-PERPETUAL",
      change_id: 474988,
      bids: [
        [3955.75, 30],
        [3940.75, 102020],
        [3423, 42840],
      ],
      asks: [],
    });
    expect(rest.book!(specOf("book", "BTC-PERPETUAL"), 5).parse(body, contextOf("inverse"))).toEqual({
      kind: "book",
      exchange: "deribit",
      account: "inverse",
      symbol: "BTC/USD:BTC",
      tsMs: 1550757626706,
      recvTsUs: RECV_US,
      type: "snapshot",
      bids: [
        [3955.75, 30],
        [3940.75, 102020],
        [3423, 42840],
      ],
      asks: [],
      seq: 474988,
    });
  });

  test("recent trades: asked newest first, returned oldest first", () => {
    const trade = (seq: number, direction: string) => ({
      trade_seq: seq,
      trade_id: String(48079000 + seq),
      timestamp: 1590484156350 + seq,
      tick_direction: 0,
      price: 8950,
      instrument_name: "BTC-PERPETUAL",
      direction,
      amount: 10,
    });
    const body = ok({ trades: [trade(3, "sell"), trade(2, "buy"), trade(1, "sell")], has_more: true });
    const trades = rest.trades!(specOf("trade", "BTC-PERPETUAL"), { limit: 3 }).parse(
      body,
      contextOf("inverse"),
    );
    expect(trades.map((t) => [t.tradeId, t.side, t.tsMs])).toEqual([
      ["48079001", "sell", 1590484156351],
      ["48079002", "buy", 1590484156352],
      ["48079003", "sell", 1590484156353],
    ]);
  });

  test("chart data (docs example): bars closed when their end is before the receive time", () => {
    const body = ok({
      volume: [19.007942601, 20.095877981],
      ticks: [1554373800000, 1700000000000 - 1_800_000],
      status: "ok",
      open: [4963.42, 4986.29],
      low: [4728.94, 4726.6],
      high: [5185.45, 5250.87],
      cost: [95992, 100094],
      close: [4986.29, 4960.43],
    });
    const klines = rest.klines!(specOf("kline", "BTC-PERPETUAL"), { interval: "1h", limit: 2 }).parse(
      body,
      contextOf("inverse"),
    );
    expect(klines).toEqual([
      {
        kind: "kline",
        exchange: "deribit",
        account: "inverse",
        symbol: "BTC/USD:BTC",
        tsMs: 1554377399999,
        recvTsUs: RECV_US,
        interval: "1h",
        openTimeMs: 1554373800000,
        closeTimeMs: 1554377399999,
        open: 4963.42,
        high: 5185.45,
        low: 4728.94,
        close: 4986.29,
        volume: 19.007942601,
        quoteVolume: 95992,
        closed: true,
      },
      expect.objectContaining({ openTimeMs: 1700000000000 - 1_800_000, closed: false, tsMs: 1700000000000 }),
    ]);
    expect(
      rest.klines!(specOf("kline", "BTC-PERPETUAL"), { interval: "1h" }).parse(
        ok({ status: "no_data" }),
        contextOf("inverse"),
      ),
    ).toEqual([]);
  });

  test("funding history (docs example): interest_8h at each hour, oldest first; open interest from the summary", () => {
    const body = ok([
      {
        timestamp: 1569891600000,
        index_price: 8222.87,
        prev_index_price: 8305.72,
        interest_8h: -0.00009234,
        interest_1h: -0.000004231,
      },
      {
        timestamp: 1569888000000,
        index_price: 8305.72,
        prev_index_price: 8300.0,
        interest_8h: -0.0001,
        interest_1h: -0.00001,
      },
    ]);
    const funding = rest.fundingHistory!(specOf("funding_rate", "BTC-PERPETUAL"), {}).parse(
      body,
      contextOf("inverse"),
    );
    expect(funding.map((f) => [f.tsMs, f.rate, f.symbol])).toEqual([
      [1569888000000, -0.0001, "BTC/USD:BTC"],
      [1569891600000, -0.00009234, "BTC/USD:BTC"],
    ]);
    const summary = ok([
      {
        volume: 0.55,
        open_interest: 0.55,
        mark_price: 80,
        instrument_name: "ETH_USDC-PERPETUAL",
        creation_timestamp: 1550227952163,
        base_currency: "ETH",
      },
    ]);
    expect(
      rest.openInterest!(specOf("open_interest", "ETH_USDC-PERPETUAL")).parse(summary, contextOf("linear")),
    ).toEqual({
      kind: "open_interest",
      exchange: "deribit",
      account: "linear",
      symbol: "ETH/USDC:USDC",
      tsMs: 1550227952163,
      recvTsUs: RECV_US,
      openInterest: 0.55,
      openInterestValue: 0.55 * 80,
    });
  });

  test("error bodies throw E_VENUE with the reason; unusable shapes E_PARSE", () => {
    const error = {
      jsonrpc: "2.0",
      error: {
        message: "Invalid params",
        data: { reason: "instrument not found", param: "instrument_name" },
        code: -32602,
      },
    };
    const call = rest.ticker!(specOf("ticker", "BTC-PERPETUAL"));
    try {
      call.parse(error, contextOf("inverse"));
      throw new Error("expected a throw");
    } catch (thrown) {
      expect(thrown).toBeInstanceOf(Dig3Error);
      expect((thrown as Dig3Error).code).toBe("E_VENUE");
      expect((thrown as Dig3Error).message).toContain("instrument not found (code -32602)");
      expect((thrown as Dig3Error).hint).toContain("instrument");
    }
    for (const body of [null, [], {}, ok(null), ok({ bids: "x" })]) {
      expect(() => rest.book!(specOf("book", "BTC-PERPETUAL"), 10).parse(body, contextOf("inverse"))).toThrow(
        Dig3Error,
      );
    }
    expect(() => rest.instruments("spot").parse(ok({}), contextOf("spot"))).toThrow(/unexpected response/);
  });
});
