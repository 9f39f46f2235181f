// Bybit frame parser: docs-shaped frames for every stream on every category → exact events (the tickers fan-out with
// its per-symbol merge included); acks, pongs, errors and garbage → classified without throwing; then every recorded
// frame in ../shared/wire/bybit through the parser and through the station's decoder (books rebuilt and checked).

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Account, type MarketDataEvent, parseCanonical } from "../../core/index.ts";
import { createDecoder, type DecodedItem } from "../../station/decode.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { bybit } from "./index.ts";
import { canonicalOfNative, fromBybitNative } from "./symbols.ts";

const RECV_US = 1_700_000_000_123_456;

function contextOf(account: Account, session = new Map<string, unknown>(), recvTsUs = RECV_US): ParseContext {
  return {
    exchange: "bybit",
    account,
    recvTsUs,
    symbolOf: (native) => canonicalOfNative(native, account) ?? native,
    session,
  };
}

function parse(account: Account, frame: unknown, session?: Map<string, unknown>): Parsed {
  const text = typeof frame === "string" ? frame : JSON.stringify(frame);
  return bybit.ws.parse(text, contextOf(account, session));
}

function eventsOf(account: Account, frame: unknown, session?: Map<string, unknown>): MarketDataEvent[] {
  const parsed = parse(account, frame, session);
  if (parsed.kind !== "events") throw new Error(`expected events, got ${JSON.stringify(parsed)}`);
  return parsed.events;
}

const base = (account: Account, symbol: string, tsMs: number) => ({
  exchange: "bybit",
  account,
  symbol,
  tsMs,
  recvTsUs: RECV_US,
});

describe("trades", () => {
  test("spot publicTrade: one event per row, S is the taker's side, ids kept as text", () => {
    const frame = {
      topic: "publicTrade.BTCUSDT",
      ts: 1680652847526,
      type: "snapshot",
      data: [
        {
          i: "2290000000050703789",
          T: 1680652847524,
          p: "28165.38",
          v: "0.041732",
          S: "Sell",
          s: "BTCUSDT",
          BT: false,
        },
        {
          i: "2290000000050703790",
          T: 1680652847525,
          p: "28165.40",
          v: "0.5",
          S: "Buy",
          s: "BTCUSDT",
          BT: false,
        },
      ],
    };
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "trade",
        ...base("spot", "BTC/USDT", 1680652847524),
        price: 28165.38,
        size: 0.041732,
        side: "sell",
        tradeId: "2290000000050703789",
      },
      {
        kind: "trade",
        ...base("spot", "BTC/USDT", 1680652847525),
        price: 28165.4,
        size: 0.5,
        side: "buy",
        tradeId: "2290000000050703790",
      },
    ]);
  });

  test("linear docs example", () => {
    const frame = {
      topic: "publicTrade.BTCUSDT",
      type: "snapshot",
      ts: 1672304486868,
      data: [
        {
          T: 1672304486865,
          s: "BTCUSDT",
          S: "Buy",
          v: "0.001",
          p: "16578.50",
          L: "PlusTick",
          i: "20f43950-d8dd-5b31-9112-a178eb6023af",
          BT: false,
        },
      ],
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "trade",
        ...base("linear", "BTC/USDT:USDT", 1672304486865),
        price: 16578.5,
        size: 0.001,
        side: "buy",
        tradeId: "20f43950-d8dd-5b31-9112-a178eb6023af",
      },
    ]);
  });

  test("a row whose price or size is no finite number is skipped, not emitted at Infinity", () => {
    const row = {
      T: 1672304486865,
      s: "BTCUSDT",
      S: "Buy",
      v: "1",
      p: "7",
      L: "PlusTick",
      i: "a",
      BT: false,
    };
    const frame = {
      topic: "publicTrade.BTCUSDT",
      type: "snapshot",
      ts: 1672304486868,
      data: [row, { ...row, i: "b", p: "9".repeat(400) }, { ...row, i: "c", v: "1e999" }],
    };
    expect(eventsOf("linear", frame).map((event) => (event as { tradeId: string }).tradeId)).toEqual(["a"]);
  });

  test("option trades arrive on the base-coin topic and name their contract", () => {
    const frame = {
      id: "publicTrade.BTC-3414637898-1680652922102",
      topic: "publicTrade.BTC",
      ts: 1680652922102,
      data: [
        {
          p: "985",
          v: "0.01",
          i: "0404c393",
          T: 1680652922081,
          BT: false,
          s: "BTC-28APR23-29500-C",
          S: "Sell",
        },
      ],
      type: "snapshot",
    };
    expect(eventsOf("option", frame)).toEqual([
      {
        kind: "trade",
        ...base("option", "BTC/USDC:USDC-230428-29500-C", 1680652922081),
        price: 985,
        size: 0.01,
        side: "sell",
        tradeId: "0404c393",
      },
    ]);
  });

  test("bad rows are dropped; a frame with no usable row is malformed", () => {
    const frame = {
      topic: "publicTrade.BTCUSDT",
      type: "snapshot",
      ts: 1,
      data: [{ T: 1672304486865, s: "BTCUSDT", S: "Up", v: "1", p: "1", i: "x" }, 5],
    };
    expect(parse("linear", frame)).toEqual({ kind: "unmatched", topic: "publicTrade (malformed)" });
    const mixed = {
      ...frame,
      data: [...frame.data, { T: 1672304486866, s: "BTCUSDT", S: "Sell", v: "2", p: "3", i: "y" }],
    };
    expect(eventsOf("linear", mixed).map((event) => (event as { tradeId: string }).tradeId)).toEqual(["y"]);
  });
});

describe("order book", () => {
  test("snapshot then delta: seq = u, time = cts when sent, size 0 kept for removal", () => {
    const snapshot = {
      topic: "orderbook.50.BTCUSDT",
      type: "snapshot",
      ts: 1672304484978,
      data: {
        s: "BTCUSDT",
        b: [
          ["16493.50", "0.006"],
          ["16493.00", "0.100"],
        ],
        a: [["16611.00", "0.029"]],
        u: 18521288,
        seq: 7961638724,
      },
      cts: 1672304484976,
    };
    expect(eventsOf("linear", snapshot)).toEqual([
      {
        kind: "book",
        ...base("linear", "BTC/USDT:USDT", 1672304484976),
        type: "snapshot",
        bids: [
          [16493.5, 0.006],
          [16493, 0.1],
        ],
        asks: [[16611, 0.029]],
        seq: 18521288,
      },
    ]);
    const delta = {
      topic: "orderbook.50.BTCUSDT",
      type: "delta",
      ts: 1672304485001,
      data: { s: "BTCUSDT", b: [["16493.50", "0"]], a: [], u: 18521289, seq: 7961638725 },
    };
    expect(eventsOf("linear", delta)).toEqual([
      {
        kind: "book",
        ...base("linear", "BTC/USDT:USDT", 1672304485001),
        type: "delta",
        bids: [[16493.5, 0]],
        asks: [],
        seq: 18521289,
      },
    ]);
  });

  test("restart snapshot (u = 1) is a snapshot like any other", () => {
    const frame = {
      topic: "orderbook.200.BTCUSD",
      type: "snapshot",
      ts: 1700000000000,
      data: { s: "BTCUSD", b: [["30000.5", "100"]], a: [["30001", "200"]], u: 1, seq: 5 },
    };
    expect(eventsOf("inverse", frame)).toMatchObject([
      { kind: "book", type: "snapshot", seq: 1, symbol: "BTC/USD:BTC" },
    ]);
  });

  test("option book (no seq field; an empty snapshot with u = 0)", () => {
    const frame = {
      id: "orderbook.25.BTC-30JUN23-45000-P-3032585156-1680652790918",
      topic: "orderbook.25.BTC-30JUN23-45000-P",
      ts: 1680652790918,
      data: { s: "BTC-30JUN23-45000-P", b: [], a: [], u: 0 },
      type: "snapshot",
    };
    expect(eventsOf("option", frame)).toEqual([
      {
        kind: "book",
        ...base("option", "BTC/USDC:USDC-230630-45000-P", 1680652790918),
        type: "snapshot",
        bids: [],
        asks: [],
        seq: 0,
      },
    ]);
  });

  test("no u, no sides or an unknown type are malformed", () => {
    for (const data of [
      { s: "BTCUSDT", b: [], a: [] },
      { s: "BTCUSDT", u: 5 },
    ]) {
      expect(
        parse("spot", { topic: "orderbook.50.BTCUSDT", type: "delta", ts: 1700000000000, data }),
      ).toEqual({
        kind: "unmatched",
        topic: "orderbook (malformed)",
      });
    }
    expect(
      parse("spot", {
        topic: "orderbook.50.BTCUSDT",
        type: "partial",
        ts: 1700000000000,
        data: { s: "BTCUSDT", b: [], a: [], u: 1 },
      }),
    ).toEqual({ kind: "unmatched", topic: "orderbook (malformed)" });
  });
});

describe("klines", () => {
  test("docs example: interval 5 → 5m, confirm false, turnover as quote volume", () => {
    const frame = {
      topic: "kline.5.BTCUSDT",
      data: [
        {
          start: 1672324800000,
          end: 1672325099999,
          interval: "5",
          open: "16649.5",
          close: "16677",
          high: "16677",
          low: "16608",
          volume: "2.081",
          turnover: "34666.4005",
          confirm: false,
          timestamp: 1672324988882,
        },
      ],
      ts: 1672324988882,
      type: "snapshot",
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "kline",
        ...base("linear", "BTC/USDT:USDT", 1672324988882),
        interval: "5m",
        openTimeMs: 1672324800000,
        closeTimeMs: 1672325099999,
        open: 16649.5,
        high: 16677,
        low: 16608,
        close: 16677,
        volume: 2.081,
        quoteVolume: 34666.4005,
        closed: false,
      },
    ]);
  });

  test("inverse daily bar: closed, and no quote volume (turnover is in the base coin)", () => {
    const frame = {
      topic: "kline.D.BTCUSD",
      type: "snapshot",
      ts: 1700006400001,
      data: [
        {
          start: 1699920000000,
          end: 1700006399999,
          interval: "D",
          open: "36500",
          close: "37000",
          high: "37500",
          low: "36000",
          volume: "123456",
          turnover: "3.4",
          confirm: true,
          timestamp: 1700006400000,
        },
      ],
    };
    expect(eventsOf("inverse", frame)).toEqual([
      {
        kind: "kline",
        ...base("inverse", "BTC/USD:BTC", 1700006400001),
        interval: "1d",
        openTimeMs: 1699920000000,
        closeTimeMs: 1700006399999,
        open: 36500,
        high: 37500,
        low: 36000,
        close: 37000,
        volume: 123456,
        closed: true,
      },
    ]);
  });

  test("an interval Bybit does not document is malformed", () => {
    const frame = {
      topic: "kline.7.BTCUSDT",
      type: "snapshot",
      ts: 1700000000000,
      data: [{ start: 1, end: 2, interval: "7", open: "1", close: "1", high: "1", low: "1", volume: "1" }],
    };
    expect(parse("spot", frame)).toEqual({ kind: "unmatched", topic: "kline (malformed)" });
  });
});

describe("tickers: merge per symbol, then fan out", () => {
  const snapshot = {
    topic: "tickers.BTCUSDT",
    type: "snapshot",
    data: {
      symbol: "BTCUSDT",
      tickDirection: "PlusTick",
      price24hPcnt: "0.017103",
      lastPrice: "17216.00",
      prevPrice24h: "16926.50",
      highPrice24h: "17281.50",
      lowPrice24h: "16915.00",
      prevPrice1h: "17238.00",
      markPrice: "17217.33",
      indexPrice: "17227.36",
      openInterest: "68744.761",
      openInterestValue: "1183601235.91",
      turnover24h: "1570383121.943499",
      volume24h: "91705.276",
      nextFundingTime: "1673280000000",
      fundingRate: "-0.000212",
      bid1Price: "17215.50",
      bid1Size: "84.489",
      ask1Price: "17216.00",
      ask1Size: "83.020",
    },
    cs: 24987956059,
    ts: 1673272861686,
  };
  const at = (tsMs: number) => base("linear", "BTC/USDT:USDT", tsMs);

  test("a linear snapshot gives ticker, mark price, funding (with next time) and open interest", () => {
    expect(eventsOf("linear", snapshot)).toEqual([
      {
        kind: "ticker",
        ...at(1673272861686),
        last: 17216,
        bid: 17215.5,
        bidSize: 84.489,
        ask: 17216,
        askSize: 83.02,
        high24h: 17281.5,
        low24h: 16915,
        volume24h: 91705.276,
        quoteVolume24h: 1570383121.943499,
        changePct24h: 1.7103,
      },
      { kind: "mark_price", ...at(1673272861686), markPrice: 17217.33, indexPrice: 17227.36 },
      { kind: "funding_rate", ...at(1673272861686), rate: -0.000212, nextFundingTsMs: 1673280000000 },
      {
        kind: "open_interest",
        ...at(1673272861686),
        openInterest: 68744.761,
        openInterestValue: 1183601235.91,
      },
    ]);
  });

  test("a delta emits only the kinds whose fields it carries, with the unchanged fields from the snapshot", () => {
    const session = new Map<string, unknown>();
    eventsOf("linear", snapshot, session);
    const markOnly = {
      topic: "tickers.BTCUSDT",
      type: "delta",
      data: { symbol: "BTCUSDT", markPrice: "17218.00" },
      cs: 24987956060,
      ts: 1673272861786,
    };
    expect(eventsOf("linear", markOnly, session)).toEqual([
      { kind: "mark_price", ...at(1673272861786), markPrice: 17218, indexPrice: 17227.36 },
    ]);
    const bidAndOi = {
      topic: "tickers.BTCUSDT",
      type: "delta",
      data: { symbol: "BTCUSDT", bid1Price: "17216.00", bid1Size: "1", openInterest: "68745" },
      cs: 24987956061,
      ts: 1673272861886,
    };
    expect(eventsOf("linear", bidAndOi, session)).toEqual([
      {
        kind: "ticker",
        ...at(1673272861886),
        last: 17216,
        bid: 17216,
        bidSize: 1,
        ask: 17216,
        askSize: 83.02,
        high24h: 17281.5,
        low24h: 16915,
        volume24h: 91705.276,
        quoteVolume24h: 1570383121.943499,
        changePct24h: 1.7103,
      },
      { kind: "open_interest", ...at(1673272861886), openInterest: 68745, openInterestValue: 1183601235.91 },
    ]);
    const nothingRead = {
      topic: "tickers.BTCUSDT",
      type: "delta",
      data: { symbol: "BTCUSDT", tickDirection: "MinusTick" },
      ts: 1673272861986,
    };
    expect(parse("linear", nothingRead, session)).toEqual({
      kind: "ignored",
      reason: "ticker delta with no field dig3 reads",
    });
  });

  test("a new snapshot replaces the kept state; symbols are kept apart", () => {
    const session = new Map<string, unknown>();
    eventsOf("linear", snapshot, session);
    const eth = {
      topic: "tickers.ETHUSDT",
      type: "snapshot",
      data: { symbol: "ETHUSDT", lastPrice: "1200", markPrice: "1201" },
      ts: 1673272861700,
    };
    expect(eventsOf("linear", eth, session)).toEqual([
      { kind: "ticker", ...base("linear", "ETH/USDT:USDT", 1673272861700), last: 1200 },
      { kind: "mark_price", ...base("linear", "ETH/USDT:USDT", 1673272861700), markPrice: 1201 },
    ]);
    const fresh = {
      topic: "tickers.BTCUSDT",
      type: "snapshot",
      data: { symbol: "BTCUSDT", lastPrice: "17300" },
      ts: 1673272862000,
    };
    expect(eventsOf("linear", fresh, session)).toEqual([
      { kind: "ticker", ...at(1673272862000), last: 17300 },
    ]);
  });

  test("a delta before any snapshot (fresh session) reports what it carries", () => {
    const delta = {
      topic: "tickers.BTCUSDT",
      type: "delta",
      data: { symbol: "BTCUSDT", fundingRate: "0.0001" },
      ts: 1673272861786,
    };
    expect(eventsOf("linear", delta)).toEqual([{ kind: "funding_rate", ...at(1673272861786), rate: 0.0001 }]);
  });

  test("inverse dated futures: empty funding fields give no funding event; no quote volume", () => {
    const frame = {
      topic: "tickers.BTCUSDU23",
      type: "snapshot",
      data: {
        symbol: "BTCUSDU23",
        lastPrice: "29026.00",
        highPrice24h: "29253.00",
        lowPrice24h: "28350.00",
        markPrice: "29023.60",
        indexPrice: "28566.94",
        openInterest: "4547176",
        openInterestValue: "156.67",
        turnover24h: "279.6816",
        volume24h: "8041559",
        nextFundingTime: "",
        fundingRate: "",
        price24hPcnt: "0.023231",
      },
      cs: 12321470232,
      ts: 1680673822099,
    };
    const at = (tsMs: number) => base("inverse", "BTC/USD:BTC-230929", tsMs);
    expect(eventsOf("inverse", frame)).toEqual([
      {
        kind: "ticker",
        ...at(1680673822099),
        last: 29026,
        high24h: 29253,
        low24h: 28350,
        volume24h: 8041559,
        changePct24h: 2.3231,
      },
      { kind: "mark_price", ...at(1680673822099), markPrice: 29023.6, indexPrice: 28566.94 },
      { kind: "open_interest", ...at(1680673822099), openInterest: 4547176, openInterestValue: 156.67 },
    ]);
  });

  test("spot: a ticker only (no best bid/ask on the spot stream)", () => {
    const frame = {
      topic: "tickers.BTCUSDT",
      ts: 1673853746003,
      type: "snapshot",
      cs: 2588407389,
      data: {
        symbol: "BTCUSDT",
        lastPrice: "21109.77",
        highPrice24h: "21426.99",
        lowPrice24h: "20575",
        prevPrice24h: "20704.93",
        volume24h: "6780.866843",
        turnover24h: "141946527.22907118",
        price24hPcnt: "0.0196",
        usdIndexPrice: "21120.2400136",
      },
    };
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "ticker",
        ...base("spot", "BTC/USDT", 1673853746003),
        last: 21109.77,
        high24h: 21426.99,
        low24h: 20575,
        volume24h: 6780.866843,
        quoteVolume24h: Number("141946527.22907118"),
        changePct24h: 1.96,
      },
    ]);
  });

  test("option: ticker (zero ask = no ask), mark price and open interest, never funding", () => {
    const frame = {
      id: "tickers.ETH-30JUN23-200-P-3164908233-1680652859919",
      topic: "tickers.ETH-30JUN23-200-P",
      ts: 1680652859919,
      data: {
        symbol: "ETH-30JUN23-200-P",
        bidPrice: "0.1",
        bidSize: "5",
        bidIv: "1.4744",
        askPrice: "0",
        askSize: "0",
        askIv: "0",
        lastPrice: "1",
        highPrice24h: "0",
        lowPrice24h: "0",
        markPrice: "0.2548522",
        indexPrice: "1871.27",
        markPriceIv: "1.5991",
        underlyingPrice: "1886.16",
        openInterest: "231.5",
        turnover24h: "0",
        volume24h: "0",
        totalVolume: "232",
        totalTurnover: "362305",
        delta: "-0.00052953",
        predictedDeliveryPrice: "0",
        change24h: "0",
      },
      type: "snapshot",
    };
    const at = (tsMs: number) => base("option", "ETH/USDC:USDC-230630-200-P", tsMs);
    expect(eventsOf("option", frame)).toEqual([
      {
        kind: "ticker",
        ...at(1680652859919),
        last: 1,
        bid: 0.1,
        bidSize: 5,
        high24h: 0,
        low24h: 0,
        volume24h: 0,
        quoteVolume24h: 0,
        changePct24h: 0,
      },
      { kind: "mark_price", ...at(1680652859919), markPrice: 0.2548522, indexPrice: 1871.27 },
      { kind: "open_interest", ...at(1680652859919), openInterest: 231.5 },
    ]);
  });
});

describe("liquidations", () => {
  test("allLiquidation: S names the liquidated position, so Buy (a long) is a sell order", () => {
    const frame = {
      topic: "allLiquidation.ROSEUSDT",
      type: "snapshot",
      ts: 1739502303204,
      data: [
        { T: 1739502302929, s: "ROSEUSDT", S: "Sell", v: "20000", p: "0.04499" },
        { T: 1739502302930, s: "ROSEUSDT", S: "Buy", v: "100", p: "0.04" },
      ],
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "liquidation",
        ...base("linear", "ROSE/USDT:USDT", 1739502302929),
        side: "buy",
        price: 0.04499,
        size: 20000,
        value: 0.04499 * 20000,
      },
      {
        kind: "liquidation",
        ...base("linear", "ROSE/USDT:USDT", 1739502302930),
        side: "sell",
        price: 0.04,
        size: 100,
        value: 4,
      },
    ]);
  });

  test("inverse sizes are contracts: no value; the deprecated liquidation topic parses too", () => {
    const frame = {
      topic: "liquidation.XRPUSD",
      type: "snapshot",
      ts: 1680673944093,
      data: { updatedTime: 1680673944093, symbol: "XRPUSD", side: "Sell", size: "6949", price: "0.5149" },
    };
    expect(eventsOf("inverse", frame)).toEqual([
      {
        kind: "liquidation",
        ...base("inverse", "XRP/USD:XRP", 1680673944093),
        side: "buy",
        price: 0.5149,
        size: 6949,
      },
    ]);
  });
});

describe("control frames", () => {
  test("pongs: spot and derivatives answer with an op reply, options with op pong", () => {
    for (const frame of [
      { success: true, ret_msg: "pong", conn_id: "0970e817-426e-429a-a679-ff7f55e0b16a", op: "ping" },
      {
        success: true,
        ret_msg: "pong",
        conn_id: "465772b1-7630-4fdc-a492-e003e6f0f260",
        req_id: "",
        op: "ping",
      },
      { args: ["1672916271846"], op: "pong" },
    ]) {
      expect(parse("linear", frame)).toEqual({ kind: "pong" });
    }
  });

  test("subscribe and unsubscribe replies are acks", () => {
    expect(
      parse("spot", {
        success: true,
        ret_msg: "subscribe",
        conn_id: "2324d924-aa4d-45b0-a858-7b8be29ab52b",
        req_id: "10001",
        op: "subscribe",
      }),
    ).toEqual({ kind: "ack", note: "subscribe (req_id 10001)" });
    expect(
      parse("linear", { success: true, ret_msg: "", conn_id: "3c", req_id: "", op: "unsubscribe" }),
    ).toEqual({
      kind: "ack",
      note: "unsubscribe",
    });
  });

  test("the option socket's COMMAND_RESP: taken topics ack, refused ones are a venue error", () => {
    expect(
      parse("option", {
        success: true,
        conn_id: "aa01",
        data: { failTopics: [], successTopics: ["orderbook.100.BTC-6JAN23-18000-C"] },
        type: "COMMAND_RESP",
      }),
    ).toEqual({ kind: "ack", note: "1 topics" });
    expect(
      parse("option", {
        success: false,
        conn_id: "aa01",
        ret_msg: "Invalid topic",
        data: { failTopics: ["orderbook.7.BTC-6JAN23-18000-C"], successTopics: [] },
        type: "COMMAND_RESP",
      }),
    ).toEqual({
      kind: "venue-error",
      message: "subscribe failed (Invalid topic): orderbook.7.BTC-6JAN23-18000-C",
      retryable: false,
    });
  });

  test("a refused request is a venue error; rate-like reasons are retryable", () => {
    expect(
      parse("spot", {
        success: false,
        ret_msg: "args size >10",
        conn_id: "c1",
        req_id: "4",
        op: "subscribe",
      }),
    ).toEqual({
      kind: "venue-error",
      message: "subscribe failed: args size >10 (req_id 4)",
      retryable: false,
    });
    expect(
      parse("linear", {
        success: false,
        ret_msg: "error:handler not found,topic:orderbook.7.BTCUSDT",
        conn_id: "c1",
        op: "subscribe",
      }),
    ).toEqual({
      kind: "venue-error",
      message: "subscribe failed: error:handler not found,topic:orderbook.7.BTCUSDT",
      retryable: false,
    });
    expect(parse("linear", { success: false, ret_msg: "Too many requests", op: "subscribe" })).toMatchObject({
      kind: "venue-error",
      retryable: true,
    });
  });

  test("topics dig3 does not subscribe to are reported by channel", () => {
    for (const [topic, channel] of [
      ["insurance.USDT", "insurance"],
      ["orderbook.rpi.BTCUSDT", "orderbook.rpi"],
      ["adlAlert.USDT", "adlAlert"],
      ["kline_lt.5.BTC3SUSDT", "kline_lt"],
    ] as const) {
      expect(parse("linear", { topic, type: "snapshot", ts: 1700000000000, data: [] })).toEqual({
        kind: "unmatched",
        topic: channel,
      });
    }
  });

  test("the retired pre-v5 API: data topics unmatched with a reason, its subscribe reply ignored", () => {
    expect(
      parse("linear", {
        topic: "orderBookL2_25.UNIUSDT",
        type: "delta",
        data: { delete: [], update: [], insert: [] },
      }),
    ).toEqual({ kind: "unmatched", topic: "orderBookL2_25 (pre-v5 API)" });
    expect(parse("linear", { topic: "trade.UNIUSDT", data: [] })).toEqual({
      kind: "unmatched",
      topic: "trade (pre-v5 API)",
    });
    expect(
      parse("linear", {
        success: true,
        ret_msg: "",
        conn_id: "38cf",
        request: { op: "subscribe", args: ["trade.UNIUSDT"] },
      }),
    ).toEqual({ kind: "ignored", reason: "pre-v5 subscription reply" });
  });
});

describe("garbage never throws and is classified", () => {
  const cases: [string, unknown, Parsed][] = [
    ["empty string", "", { kind: "ignored", reason: "empty frame" }],
    ["whitespace", "  \n", { kind: "ignored", reason: "empty frame" }],
    ["not json", "pong", { kind: "unmatched", topic: "(not json)" }],
    ["truncated json", '{"topic":"publicTrade.BTCUSDT","data":[', { kind: "unmatched", topic: "(not json)" }],
    ["json null", "null", { kind: "unmatched", topic: "(not an object)" }],
    ["json array", "[1,2,3]", { kind: "unmatched", topic: "(not an object)" }],
    ["json string", '"hello"', { kind: "unmatched", topic: "(not an object)" }],
    ["empty object", "{}", { kind: "unmatched", topic: "(unknown frame)" }],
    ["JS null", null, { kind: "unmatched", topic: "(not text)" }],
    ["JS number", 7, { kind: "unmatched", topic: "(not text)" }],
    ["empty topic", '{"topic":"","data":{}}', { kind: "unmatched", topic: "(empty topic)" }],
    [
      "trade data an object",
      '{"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1,"data":{}}',
      { kind: "unmatched", topic: "publicTrade (malformed)" },
    ],
    [
      "book data null",
      '{"topic":"orderbook.50.BTCUSDT","type":"delta","ts":1,"data":null}',
      { kind: "unmatched", topic: "orderbook (malformed)" },
    ],
    [
      "book price an object",
      '{"topic":"orderbook.50.BTCUSDT","type":"delta","ts":1,"data":{"s":"BTCUSDT","b":[[{},"1"]],"a":"x","u":2}}',
      { kind: "unmatched", topic: "orderbook (malformed)" },
    ],
    [
      "ticker without data",
      '{"topic":"tickers.BTCUSDT","type":"snapshot","ts":1700000000000}',
      { kind: "unmatched", topic: "tickers (malformed)" },
    ],
    [
      "ticker without time",
      '{"topic":"tickers.BTCUSDT","type":"snapshot","data":{"symbol":"BTCUSDT","lastPrice":"1"}}',
      { kind: "unmatched", topic: "tickers (malformed)" },
    ],
    [
      "kline data a string",
      '{"topic":"kline.1.BTCUSDT","type":"snapshot","ts":1,"data":"x"}',
      { kind: "unmatched", topic: "kline (malformed)" },
    ],
    [
      "liquidation bad side",
      '{"topic":"allLiquidation.BTCUSDT","type":"snapshot","ts":1,"data":[{"T":1700000000000,"s":"BTCUSDT","S":"Up","v":"1","p":"1"}]}',
      { kind: "unmatched", topic: "allLiquidation (malformed)" },
    ],
    ["topic a number", '{"topic":5,"data":{}}', { kind: "unmatched", topic: "(unknown frame)" }],
    ["op without success", '{"op":"subscribe"}', { kind: "unmatched", topic: "(unknown frame)" }],
  ];
  for (const account of ["spot", "linear", "inverse", "option"] as const) {
    test.each(cases)(`${account}: %s`, (_name, frame, expected) => {
      expect(bybit.ws.parse(frame as string, contextOf(account))).toEqual(expected);
    });
  }
});

// ── recorded traffic ───────────────────────────────────────────────────────────────────────────────────────────

const WIRE_DIR = join(import.meta.dir, "../../../../shared/wire/bybit");
const HAS_WIRE = existsSync(WIRE_DIR);
if (!HAS_WIRE) console.log(`bybit: ${WIRE_DIR} absent; skipping the recorded-traffic cases`);

interface WireLine {
  ts?: number;
  dir?: "in" | "out";
  url?: string;
  frame?: string;
}

function readLines(file: string): string[] {
  return readFileSync(join(WIRE_DIR, file), "utf8")
    .split("\n")
    .filter((line) => line.trim().length > 0);
}

/** The native symbol a v5 topic frame names (the topic's last segment). */
function nativeOfFrame(frame: string): string {
  const topic = (JSON.parse(frame) as { topic?: string }).topic ?? "";
  return topic.split(".").at(-1) ?? "";
}

/**
 * The category of a recorded line. tardis frames carry no URL and `tardis-v5-linear-inverse` mixes both socket
 * categories, so it is told by the symbol's naming rule (`…USD`, `…USDH25` are inverse).
 */
function accountOfLine(file: string, line: WireLine): Account {
  if (file.includes("spot")) return "spot";
  if (file.includes("option")) return "option";
  if (file.startsWith("legacy-")) return file.includes("inverse") ? "inverse" : "linear";
  return fromBybitNative(nativeOfFrame(line.frame ?? "{}"), "inverse") ? "inverse" : "linear";
}

/** Per file: what each inbound frame became, by event kind (`kind@account`) or verdict. */
const EXPECTED_WS: Record<string, Record<string, number>> = {
  // The retired 2021 API (`realtime`, `realtime_public`): reported, never decoded (see wire/README.md CAVEAT).
  "legacy-inverse-orderbookL2_25-trade.ndjson": {
    "unmatched:orderBookL2_25 (pre-v5 API)": 268,
    "unmatched:trade (pre-v5 API)": 4,
    "ignored:pre-v5 subscription reply": 2,
  },
  "legacy-linear-orderbookL2_25-trade.ndjson": {
    "unmatched:orderBookL2_25 (pre-v5 API)": 219,
    "unmatched:trade (pre-v5 API)": 5,
    "ignored:pre-v5 subscription reply": 2,
  },
  // tardis samples of v5: trades, books (depth 1 and 50, BTCPERP = USDC perpetual), tickers snapshot + delta on a
  // perpetual and a dated inverse future, the deprecated liquidation topic and allLiquidation.
  "tardis-v5-linear-inverse.ndjson": {
    "trade@inverse": 3,
    "trade@linear": 1,
    "book@linear": 5,
    "ticker@inverse": 4,
    "mark_price@inverse": 2,
    "funding_rate@inverse": 2,
    "open_interest@inverse": 3,
    "ticker@linear": 1,
    "mark_price@linear": 1,
    "funding_rate@linear": 1,
    "open_interest@linear": 1,
    "liquidation@linear": 2,
    "liquidation@inverse": 1,
  },
  "tardis-v5-option.ndjson": {
    "trade@option": 1,
    "book@option": 3,
    "ticker@option": 2,
    "mark_price@option": 2,
    "open_interest@option": 2,
  },
  "tardis-v5-spot.ndjson": { "trade@spot": 5, "book@spot": 4 },
};

const MIN_TS_MS = Date.UTC(2017, 0, 1);
const MAX_TS_MS = Date.UTC(2035, 0, 1);

function assertSane(event: MarketDataEvent, account: Account): void {
  expect(event.exchange).toBe("bybit");
  expect(event.account).toBe(account);
  expect(event.symbol).toContain("/");
  if (account === "spot") expect(parseCanonical(event.symbol)).toBeDefined();
  if (account === "spot") expect(event.symbol).not.toContain(":");
  else expect(event.symbol).toContain(":");
  expect(event.tsMs).toBeGreaterThan(MIN_TS_MS);
  expect(event.tsMs).toBeLessThan(MAX_TS_MS);
  for (const [field, value] of Object.entries(event)) {
    if (typeof value === "number") expect(Number.isFinite(value), `${event.kind}.${field}`).toBe(true);
  }
  if (event.kind === "book") {
    for (const [price, size] of [...event.bids, ...event.asks]) {
      expect(price > 0 && size >= 0).toBe(true);
    }
  }
}

describe.if(HAS_WIRE)("recorded WebSocket traffic", () => {
  test("every recorded file is covered by a case below", () => {
    const files = readdirSync(WIRE_DIR).filter((file) => file.endsWith(".ndjson"));
    expect(files.filter((file) => !(file in EXPECTED_WS))).toEqual([]);
  });

  for (const [file, expected] of Object.entries(EXPECTED_WS)) {
    test(file, () => {
      const counts: Record<string, number> = {};
      const bump = (key: string) => {
        counts[key] = (counts[key] ?? 0) + 1;
      };
      // One parse session per category, as one connection per category would have.
      const sessions = new Map<Account, Map<string, unknown>>();
      for (const text of readLines(file)) {
        const line = JSON.parse(text) as WireLine;
        if (line.dir === "out") continue;
        const account = accountOfLine(file, line);
        const session = sessions.get(account) ?? new Map<string, unknown>();
        sessions.set(account, session);
        const parsed = bybit.ws.parse(
          line.frame ?? "",
          contextOf(account, session, Math.round((line.ts ?? 0) * 1000)),
        );
        if (parsed.kind === "events") {
          expect(parsed.events.length).toBeGreaterThan(0);
          for (const event of parsed.events) {
            assertSane(event, account);
            bump(`${event.kind}@${account}`);
          }
        } else if (parsed.kind === "unmatched") bump(`unmatched:${parsed.topic}`);
        else if (parsed.kind === "ignored") bump(`ignored:${parsed.reason}`);
        else bump(parsed.kind);
      }
      expect(counts).toEqual(expected);
    });
  }
});

/** Recorded lines with the socket URL of their category, so the decoder routes them as the live hub would. */
function routedLines(file: string): string[] {
  return readLines(file).map((text) => {
    const line = JSON.parse(text) as WireLine;
    if (line.url) return text;
    return JSON.stringify({ ...line, url: bybit.ws.url(accountOfLine(file, line), { testnet: false }) });
  });
}

function decodeAll(lines: readonly string[]) {
  const decoder = createDecoder({ adapter: bybit, bookDepth: 50 });
  const items: DecodedItem[] = [];
  for (const line of lines) items.push(...decoder.decodeLine(line));
  return { items, stats: decoder.stats };
}

function assertNeverCrossed(items: readonly DecodedItem[]): number {
  let tops = 0;
  for (const item of items) {
    if (item.kind !== "book_top") continue;
    tops++;
    const bestBid = item.bids[0]?.[0];
    const bestAsk = item.asks[0]?.[0];
    if (bestBid !== undefined && bestAsk !== undefined) expect(bestBid).toBeLessThan(bestAsk);
  }
  return tops;
}

const TARDIS_V5 = [
  "tardis-v5-linear-inverse.ndjson",
  "tardis-v5-option.ndjson",
  "tardis-v5-spot.ndjson",
] as const;

describe.if(HAS_WIRE)("recorded books rebuilt through the station decoder", () => {
  test("tardis v5: every delta chains u + 1 to its snapshot, books never cross, zero resyncs", () => {
    const expected: Record<(typeof TARDIS_V5)[number], { books: number; stale: number }> = {
      // The 2023-04-21 orderbook.1 BTCUSDT delta (u 1188472) is a separate sample, older in u than the book it
      // meets: dropped as stale, as live would, not a gap.
      "tardis-v5-linear-inverse.ndjson": { books: 4, stale: 1 },
      "tardis-v5-option.ndjson": { books: 3, stale: 0 },
      "tardis-v5-spot.ndjson": { books: 4, stale: 0 },
    };
    for (const file of TARDIS_V5) {
      const { items, stats } = decodeAll(routedLines(file));
      const books = items.filter((item) => item.kind === "book");
      expect(books.length, file).toBe(expected[file].books);
      expect(assertNeverCrossed(items), file).toBe(expected[file].books);
      expect(stats.resyncs, file).toBe(0);
      expect(stats.staleDeltas, file).toBe(expected[file].stale);
      expect(stats.unmatched + stats.venueErrors + stats.badLines, file).toBe(0);
      // Each delta follows the previous update of its symbol by exactly one.
      const lastSeq = new Map<string, number>();
      for (const book of books) {
        if (book.kind !== "book") continue;
        if (book.type === "delta")
          expect(book.seq, `${file} ${book.symbol}`).toBe(lastSeq.get(book.symbol)! + 1);
        lastSeq.set(book.symbol, book.seq!);
      }
    }
  });

  test("legacy files decode to nothing and never resync", () => {
    for (const file of readdirSync(WIRE_DIR).filter((name) => name.startsWith("legacy-"))) {
      const { items, stats } = decodeAll(routedLines(file));
      expect(items).toEqual([]);
      expect(stats.resyncs).toBe(0);
      expect(stats.unmatched).toBeGreaterThan(200);
    }
  });

  test("a recorded delta with a skipped update id makes the decoder resync that symbol", () => {
    const lines = routedLines("tardis-v5-linear-inverse.ndjson").map((text) =>
      text.replace('\\"u\\":20683569', '\\"u\\":20683571'),
    );
    expect(lines.join("\n")).toContain('\\"u\\":20683571');
    const { items, stats } = decodeAll(lines);
    expect(stats.resyncs).toBe(1);
    const resync = items.find((item) => item.kind === "book_resync");
    expect(resync).toMatchObject({
      kind: "book_resync",
      exchange: "bybit",
      account: "linear",
      symbol: "BTC/USDC:USDC",
      reason: "sequence gap: expected 20683569, got 20683571",
    });
  });

  test("a recorded delta that crosses the book makes the decoder resync", () => {
    // The spot depth-50 delta puts a bid above the best ask 28162.58.
    const lines = routedLines("tardis-v5-spot.ndjson").map((text) =>
      text.replace('[\\"28161.04\\",\\"0.177474\\"]', '[\\"28170.00\\",\\"0.177474\\"]'),
    );
    const { items, stats } = decodeAll(lines);
    expect(stats.resyncs).toBe(1);
    expect(items.find((item) => item.kind === "book_resync")).toMatchObject({ symbol: "BTC/USDT" });
    expect(
      String((items.find((item) => item.kind === "book_resync") as { reason: string }).reason),
    ).toContain("crossed book");
  });
});
