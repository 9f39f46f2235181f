// Lighter REST: paths and queries by market id, the parsers over docs-shaped answers (instruments of both markets,
// orderBookDetails ticker and open interest, orderBookOrders aggregated into levels, trades, candles, fundings),
// errors, and URL recognition.

import { describe, expect, test } from "bun:test";
import { type Account, Dig3Error, type StreamSpec } from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";
import { lighter } from "./index.ts";
import { LIGHTER_RATE_LIMIT, parseLighterInstruments, recognizeLighterUrl } from "./rest.ts";

const RECV_US = 1_776_692_222_500_000;
const RECV_MS = 1_776_692_222_500;
const rest = lighter.rest;

function contextOf(account: Account = "linear"): ParseContext {
  return {
    exchange: "lighter",
    account,
    recvTsUs: RECV_US,
    symbolOf: () => "BTC/USDC:USDC",
    session: new Map(),
  };
}

const btc = (kind: StreamSpec["kind"] = "ticker"): StreamSpec => ({
  kind,
  account: "linear",
  symbol: "BTC/USDC:USDC",
  native: "1",
});
const base = { exchange: "lighter", account: "linear" as const, symbol: "BTC/USDC:USDC" };

describe("requests", () => {
  test("base URLs and the budget: 60 requests a minute, recentTrades heavier", () => {
    expect(rest.baseUrl("linear", { testnet: false })).toBe("https://mainnet.zklighter.elliot.ai");
    expect(rest.baseUrl("spot", { testnet: true })).toBe("https://testnet.zklighter.elliot.ai");
    expect(rest.rateLimit).toEqual(LIGHTER_RATE_LIMIT);
    expect(LIGHTER_RATE_LIMIT).toEqual({ weight: 24_000, perMs: 60_000 });
    expect(LIGHTER_RATE_LIMIT.weight / rest.instruments("linear").weight!).toBe(60);
    expect(LIGHTER_RATE_LIMIT.weight / rest.trades!(btc("trade"), {}).weight!).toBe(40);
    expect(rest.book!(btc("book"), 10).weight).toBe(400);
  });

  test("paths and queries name the market id", () => {
    expect(rest.instruments("linear")).toMatchObject({ path: "/api/v1/orderBooks" });
    expect(rest.ticker!(btc())).toMatchObject({ path: "/api/v1/orderBookDetails", query: { market_id: 1 } });
    expect(rest.openInterest!(btc("open_interest"))).toMatchObject({ path: "/api/v1/orderBookDetails" });
    expect(rest.book!(btc("book"), 500)).toMatchObject({
      path: "/api/v1/orderBookOrders",
      query: { market_id: 1, limit: 100 },
    });
    expect(rest.trades!(btc("trade"), { limit: 10 })).toMatchObject({
      path: "/api/v1/recentTrades",
      query: { market_id: 1, limit: 10 },
    });
    expect(
      rest.klines!(btc("kline"), { interval: "5m", startMs: 1000, endMs: 2000, limit: 50 }),
    ).toMatchObject({
      path: "/api/v1/candles",
      query: { market_id: 1, resolution: "5m", start_timestamp: 1000, end_timestamp: 2000, count_back: 50 },
    });
    expect(rest.fundingHistory!(btc("funding_rate"), { startMs: 1000, endMs: 2000 })).toMatchObject({
      path: "/api/v1/fundings",
      query: { market_id: 1, resolution: "1h", start_timestamp: 1000, end_timestamp: 2000 },
    });
  });

  test("a name instead of a market id is refused before any request", () => {
    expect(() => rest.book!({ ...btc("book"), native: "BTC" }, 10)).toThrow(Dig3Error);
  });
});

describe("parsers", () => {
  test("instruments: perps and spot split by market_type; tick and lot from the decimals; status", () => {
    const body = {
      code: 200,
      order_books: [
        {
          symbol: "BTC",
          market_id: 1,
          market_type: "perp",
          status: "active",
          supported_size_decimals: 5,
          supported_price_decimals: 1,
        },
        {
          symbol: "OLD",
          market_id: 30,
          market_type: "perp",
          status: "inactive",
          supported_size_decimals: 0,
          supported_price_decimals: 4,
        },
        {
          symbol: "ETH/USDC",
          market_id: 2048,
          market_type: "spot",
          status: "active",
          supported_size_decimals: 4,
          supported_price_decimals: 2,
        },
      ],
    };
    const perps = parseLighterInstruments(body, "linear");
    expect(perps).toHaveLength(2);
    expect(perps[0]).toEqual({
      account: "linear",
      symbol: "BTC/USDC:USDC",
      native: "1",
      base: "BTC",
      quote: "USDC",
      settle: "USDC",
      status: "active",
      active: true,
      tickSize: 0.1,
      lotSize: 0.00001,
    });
    expect(perps[1]).toMatchObject({ symbol: "OLD/USDC:USDC", active: false });
    expect(rest.instruments("spot").parse(body, contextOf("spot"))).toEqual([
      expect.objectContaining({ symbol: "ETH/USDC", native: "2048", tickSize: 0.01, lotSize: 0.0001 }),
    ]);
    expect(() => parseLighterInstruments({ code: 200 }, "linear")).toThrow(Dig3Error);
    expect(() => parseLighterInstruments({ code: 20001, message: "invalid param" }, "linear")).toThrow(
      /20001/,
    );
  });

  const details = {
    code: 200,
    order_book_details: [
      { symbol: "ETH", market_id: 0, last_trade_price: 2300 },
      {
        symbol: "BTC",
        market_id: 1,
        last_trade_price: 75000,
        daily_price_high: 76000,
        daily_price_low: 74000,
        daily_base_token_volume: 9000,
        daily_quote_token_volume: 675000000,
        daily_price_change: -0.5,
        open_interest: 1650.5,
      },
    ],
  };

  test("ticker and open interest from orderBookDetails", () => {
    expect(rest.ticker!(btc()).parse(details, contextOf())).toEqual({
      ...base,
      tsMs: RECV_MS,
      recvTsUs: RECV_US,
      kind: "ticker",
      last: 75000,
      high24h: 76000,
      low24h: 74000,
      volume24h: 9000,
      quoteVolume24h: 675000000,
      changePct24h: -0.5,
    });
    expect(rest.openInterest!(btc("open_interest")).parse(details, contextOf())).toEqual({
      ...base,
      tsMs: RECV_MS,
      recvTsUs: RECV_US,
      kind: "open_interest",
      openInterest: 1650.5,
      openInterestValue: 1650.5 * 75000,
    });
    expect(() => rest.ticker!({ ...btc(), native: "7" }).parse(details, contextOf())).toThrow(Dig3Error);
  });

  test("book: resting orders summed per price, best first", () => {
    const book = rest.book!(btc("book"), 10).parse(
      {
        code: 200,
        total_asks: 3,
        asks: [
          { price: "75001.0", remaining_base_amount: "0.5" },
          { price: "75000.5", remaining_base_amount: "0.1" },
          { price: "75001.0", remaining_base_amount: "0.25" },
        ],
        total_bids: 1,
        bids: [
          { price: "74999.0", remaining_base_amount: "1" },
          { price: "74999.5", remaining_base_amount: "2" },
        ],
      },
      contextOf(),
    );
    expect(book).toEqual({
      ...base,
      tsMs: RECV_MS,
      recvTsUs: RECV_US,
      kind: "book",
      type: "snapshot",
      bids: [
        [74999.5, 2],
        [74999, 1],
      ],
      asks: [
        [75000.5, 0.1],
        [75001, 0.75],
      ],
    });
  });

  test("trades: oldest first, taker side", () => {
    const trades = rest.trades!(btc("trade"), { limit: 2 }).parse(
      {
        code: 200,
        trades: [
          { trade_id: 9, market_id: 1, size: "0.1", price: "75000", is_maker_ask: true, timestamp: 2000 },
          { trade_id: 8, market_id: 1, size: "0.2", price: "74999", is_maker_ask: false, timestamp: 1000 },
        ],
      },
      contextOf(),
    );
    expect(trades.map((t) => [t.tradeId, t.side, t.tsMs, t.symbol])).toEqual([
      ["8", "sell", 1000, "BTC/USDC:USDC"],
      ["9", "buy", 2000, "BTC/USDC:USDC"],
    ]);
  });

  test("candles: both row shapes; the current bar open", () => {
    const call = rest.klines!(btc("kline"), { interval: "1m" });
    const klines = call.parse(
      {
        code: 200,
        r: "1m",
        c: [
          { t: RECV_MS - 30_000, o: 2, h: 3, l: 1, c: 2.5, v: 10, V: 25, i: 5 },
          { t: RECV_MS - 90_000, o: 1, h: 2, l: 1, c: 2, v: 5, V: 7 },
        ],
      },
      contextOf(),
    );
    expect(klines.map((k) => [k.openTimeMs, k.close, k.closed, k.quoteVolume])).toEqual([
      [RECV_MS - 90_000, 2, true, 7],
      [RECV_MS - 30_000, 2.5, false, 25],
    ]);
    const old = call.parse(
      {
        code: 200,
        candlesticks: [{ timestamp: 60_000, open: 1, high: 1, low: 1, close: 1, volume0: 3, volume1: 3 }],
      },
      contextOf(),
    );
    expect(old[0]).toMatchObject({
      openTimeMs: 60_000,
      closeTimeMs: 119_999,
      volume: 3,
      closed: true,
      interval: "1m",
    });
    expect(() => call.parse({ code: 200 }, contextOf())).toThrow(Dig3Error);
  });

  test("fundings: seconds → ms, percent → fraction, short direction negative", () => {
    const rows = rest.fundingHistory!(btc("funding_rate"), {}).parse(
      {
        code: 200,
        resolution: "1h",
        fundings: [
          { timestamp: 1776693600, value: "1", rate: "0.0012", direction: "short" },
          { timestamp: 1776690000, value: "1", rate: "0.0010", direction: "long" },
        ],
      },
      contextOf(),
    );
    expect(rows.map((r) => [r.tsMs, r.rate])).toEqual([
      [1776690000000, 0.001 / 100],
      [1776693600000, -0.0012 / 100],
    ]);
  });
});

describe("recognize", () => {
  const at = (path: string) => recognizeLighterUrl(new URL(`https://mainnet.zklighter.elliot.ai${path}`));
  test("each path with its market id", () => {
    expect(at("/api/v1/orderBooks")).toEqual({ call: "instruments", account: "linear", native: "" });
    expect(at("/api/v1/orderBookDetails?market_id=1")).toEqual({
      call: "ticker",
      account: "linear",
      native: "1",
    });
    expect(at("/api/v1/orderBookOrders?market_id=1&limit=100")).toEqual({
      call: "book",
      account: "linear",
      native: "1",
    });
    expect(at("/api/v1/recentTrades?market_id=1")).toMatchObject({ call: "trades", native: "1" });
    expect(at("/api/v1/candles?market_id=1&resolution=1m")).toMatchObject({ call: "klines" });
    expect(at("/api/v1/fundings?market_id=1")).toMatchObject({ call: "fundingHistory" });
    expect(at("/api/v1/orderBookOrders")).toBeUndefined();
    expect(at("/api/v1/account")).toBeUndefined();
    expect(lighter.rest.recognize).toBe(recognizeLighterUrl);
  });
});
