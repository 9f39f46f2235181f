// Gate.io frame parser: docs-shaped frames of every spot and futures channel → exact events; replies, pongs, system
// notices and garbage → classified without throwing; then the recordings in ../shared/wire/gateio through the
// parser and through the station's decoder (REST snapshots bridged to the U/u chain, zero resyncs, a forced gap).

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Account, type BookEvent, type MarketDataEvent, parseCanonical } from "../../core/index.ts";
import { createDecoder, mergeRecordedLines } from "../../station/decode.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { GATE_BOOK, gateio } from "./index.ts";
import { canonicalOfGateNative } from "./symbols.ts";

const RECV_US = 1_700_000_000_123_456;

function contextOf(account: Account, recvTsUs = RECV_US): ParseContext {
  return {
    exchange: "gateio",
    account,
    recvTsUs,
    symbolOf: (native) => canonicalOfGateNative(native, account) ?? native,
    session: new Map(),
  };
}

function parse(account: Account, frame: unknown): Parsed {
  return gateio.ws.parse(typeof frame === "string" ? frame : JSON.stringify(frame), contextOf(account));
}

function eventsOf(account: Account, frame: unknown): MarketDataEvent[] {
  const parsed = parse(account, frame);
  if (parsed.kind !== "events") throw new Error(`expected events, got ${JSON.stringify(parsed)}`);
  return parsed.events;
}

const base = (account: Account, symbol: string, tsMs: number) => ({
  exchange: "gateio",
  account,
  symbol,
  tsMs,
  recvTsUs: RECV_US,
});

describe("spot frames (docs examples)", () => {
  test("spot.trades → one trade at create_time_ms (fraction cut); side is the taker's", () => {
    const frame = {
      time: 1606292218,
      time_ms: 1606292218231,
      channel: "spot.trades",
      event: "update",
      result: {
        id: 309143071,
        create_time: 1606292218,
        create_time_ms: "1606292218213.4578",
        side: "sell",
        currency_pair: "GT_USDT",
        amount: "16.4700000000",
        price: "0.4705000000",
        range: "2390902-2390902",
        id_market: 917144,
      },
    };
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "trade",
        ...base("spot", "GT/USDT", 1606292218213),
        price: 0.4705,
        size: 16.47,
        side: "sell",
        tradeId: "309143071",
      },
    ]);
  });

  test("spot.order_book_update → delta with firstSeq=U, seq=u at t", () => {
    const frame = {
      time: 1606294781,
      time_ms: 1606294781236,
      channel: "spot.order_book_update",
      event: "update",
      result: {
        t: 1606294781123,
        e: "depthUpdate",
        E: 1606294781,
        s: "BTC_USDT",
        U: 48776301,
        u: 48776306,
        b: [
          ["19137.74", "0.0001"],
          ["19088.37", "0"],
        ],
        a: [["19137.75", "0.6135"]],
      },
    };
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "book",
        ...base("spot", "BTC/USDT", 1606294781123),
        type: "delta",
        bids: [
          [19137.74, 0.0001],
          [19088.37, 0],
        ],
        asks: [[19137.75, 0.6135]],
        seq: 48776306,
        firstSeq: 48776301,
      },
    ]);
  });

  test("full=true replaces the book: a snapshot whose id is u", () => {
    const frame = {
      time: 1606294781,
      time_ms: 1606294781236,
      channel: "spot.order_book_update",
      event: "update",
      result: {
        t: 1606294781123,
        full: true,
        l: "100",
        s: "BTC_USDT",
        U: 48776301,
        u: 48776306,
        b: [["19137.74", "0.0001"]],
        a: [["19137.75", "0.6135"]],
      },
    };
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "book",
        ...base("spot", "BTC/USDT", 1606294781123),
        type: "snapshot",
        bids: [[19137.74, 0.0001]],
        asks: [[19137.75, 0.6135]],
        seq: 48776306,
      },
    ]);
  });

  test("spot.candlesticks → kline: a is the base volume, v the quote volume, w closes the bar", () => {
    const frame = {
      time: 1606292600,
      time_ms: 1606292600376,
      channel: "spot.candlesticks",
      event: "update",
      result: {
        t: "1606292580",
        v: "2362.32035",
        c: "19128.1",
        h: "19128.1",
        l: "19128.1",
        o: "19128.1",
        n: "1m_BTC_USDT",
        a: "3.8283",
        w: true,
      },
    };
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "kline",
        ...base("spot", "BTC/USDT", 1606292600376),
        interval: "1m",
        openTimeMs: 1606292580000,
        closeTimeMs: 1606292639999,
        open: 19128.1,
        high: 19128.1,
        low: 19128.1,
        close: 19128.1,
        volume: 3.8283,
        quoteVolume: 2362.32035,
        closed: true,
      },
    ]);
  });

  test("a 2021 bar without a: base volume unknown (NaN), the open bar not closed", () => {
    const [event] = eventsOf("spot", {
      time: 1619093548,
      channel: "spot.candlesticks",
      event: "update",
      result: {
        t: "1619093520",
        v: "24.43758",
        c: "121.58",
        h: "121.58",
        l: "121.58",
        o: "121.58",
        n: "1m_DIS_USDT",
      },
    });
    expect(event).toMatchObject({ kind: "kline", tsMs: 1619093548000, quoteVolume: 24.43758, closed: false });
    expect(Number.isNaN((event as { volume: number }).volume)).toBe(true);
  });

  test("spot.tickers → ticker with best prices, 24 h stats, at the push time", () => {
    const frame = {
      time: 1606291803,
      channel: "spot.tickers",
      event: "update",
      result: {
        currency_pair: "BTC_USDT",
        last: "19106.55",
        lowest_ask: "19108.71",
        highest_bid: "19106.55",
        change_percentage: "3.66",
        base_volume: "2811.3042155865",
        quote_volume: "53441606.52411221454674732293",
        high_24h: "19417.74",
        low_24h: "18434.21",
      },
    };
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "ticker",
        ...base("spot", "BTC/USDT", 1606291803000),
        last: 19106.55,
        bid: 19106.55,
        ask: 19108.71,
        high24h: 19417.74,
        low24h: 18434.21,
        volume24h: 2811.3042155865,
        quoteVolume24h: Number("53441606.52411221454674732293"),
        changePct24h: 3.66,
      },
    ]);
  });
});

describe("futures frames (docs examples)", () => {
  test("futures.trades: positive size = taker buy, negative = taker sell, in contracts", () => {
    const frame = {
      channel: "futures.trades",
      event: "update",
      time: 1541503698,
      time_ms: 1541503698123,
      result: [
        {
          size: 3,
          id: 27753478,
          create_time: 1545136464,
          create_time_ms: 1545136464120,
          price: "96.5",
          contract: "BTC_USDT",
        },
        {
          size: "-108.5",
          id: 27753479,
          create_time: 1545136464,
          create_time_ms: 1545136464123,
          price: "96.4",
          contract: "BTC_USDT",
        },
      ],
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "trade",
        ...base("linear", "BTC/USDT:USDT", 1545136464120),
        price: 96.5,
        size: 3,
        side: "buy",
        tradeId: "27753478",
      },
      {
        kind: "trade",
        ...base("linear", "BTC/USDT:USDT", 1545136464123),
        price: 96.4,
        size: 108.5,
        side: "sell",
        tradeId: "27753479",
      },
    ]);
  });

  test("internal trades (insurance fund / ADL) are ignored; a 2020 trade without ms uses create_time", () => {
    expect(
      parse("linear", {
        channel: "futures.trades",
        event: "update",
        time: 1541503698,
        result: [
          {
            size: -108,
            id: 1,
            create_time: 1545136464,
            create_time_ms: 1545136464123,
            price: "96.4",
            contract: "BTC_USDT",
            is_internal: true,
          },
        ],
      }),
    ).toEqual({ kind: "ignored", reason: "internal trade (insurance fund / ADL)" });
    expect(
      eventsOf("linear", {
        time: 1593561623,
        channel: "futures.trades",
        event: "update",
        error: null,
        result: [{ size: -22, id: 1696009, create_time: 1593561623, price: "225.5", contract: "ETH_USDT" }],
      }),
    ).toEqual([
      {
        kind: "trade",
        ...base("linear", "ETH/USDT:USDT", 1593561623000),
        price: 225.5,
        size: 22,
        side: "sell",
        tradeId: "1696009",
      },
    ]);
  });

  test("futures.order_book_update: {p, s} levels (integers or decimal text) → delta", () => {
    const frame = {
      time: 1615366381,
      time_ms: 1615366381123,
      channel: "futures.order_book_update",
      event: "update",
      result: {
        t: 1615366381417,
        s: "BTC_USDT",
        U: 2517661101,
        u: 2517661113,
        b: [
          { p: "54672.1", s: 0 },
          { p: "54664.5", s: "58794.5" },
        ],
        a: [
          { p: "54743.6", s: "0" },
          { p: "54742", s: 95 },
        ],
        l: "100",
      },
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "book",
        ...base("linear", "BTC/USDT:USDT", 1615366381417),
        type: "delta",
        bids: [
          [54672.1, 0],
          [54664.5, 58794.5],
        ],
        asks: [
          [54743.6, 0],
          [54742, 95],
        ],
        seq: 2517661113,
        firstSeq: 2517661101,
      },
    ]);
  });

  test("a push without levels still moves the id; full=true is a snapshot", () => {
    const [empty] = eventsOf("inverse", {
      time: 1615366381,
      channel: "futures.order_book_update",
      event: "update",
      result: { t: 1615366381417, s: "BTC_USD", U: 7, u: 7, b: [], a: [] },
    });
    expect(empty).toMatchObject({
      type: "delta",
      symbol: "BTC/USD:BTC",
      bids: [],
      asks: [],
      seq: 7,
      firstSeq: 7,
    });
    const [full] = eventsOf("linear", {
      time: 1615366381,
      channel: "futures.order_book_update",
      event: "update",
      result: {
        t: 1615366381417,
        full: true,
        s: "BTC_USDT",
        U: 1,
        u: 9,
        b: [{ p: "1", s: 2 }],
        a: [{ p: "3", s: 4 }],
      },
    });
    expect(full).toMatchObject({ type: "snapshot", seq: 9, bids: [[1, 2]], asks: [[3, 4]] });
    expect(full).not.toHaveProperty("firstSeq");
  });

  test("futures.candlesticks → klines; volume in contracts (v), like the REST bars", () => {
    const frame = {
      time: 1542162490,
      time_ms: 1542162490123,
      channel: "futures.candlesticks",
      event: "update",
      result: [
        {
          t: 1545129300,
          v: 27525555,
          c: "95.4",
          h: "96.9",
          l: "89.5",
          o: "94.3",
          n: "1m_BTC_USDT",
          a: "314732.87412",
          w: false,
        },
        {
          t: 1545129300,
          v: "27525556",
          c: "95.4",
          h: "96.9",
          l: "89.5",
          o: "94.3",
          n: "1m_BTC_USDT",
          a: "314732.87412",
          w: true,
        },
      ],
    };
    const [open, closed] = eventsOf("linear", frame);
    expect(open).toEqual({
      kind: "kline",
      ...base("linear", "BTC/USDT:USDT", 1542162490123),
      interval: "1m",
      openTimeMs: 1545129300000,
      closeTimeMs: 1545129359999,
      open: 94.3,
      high: 96.9,
      low: 89.5,
      close: 95.4,
      volume: 27525555,
      closed: false,
    });
    expect(closed).toMatchObject({ volume: 27525556, closed: true });
  });

  test("mark and index candles are reported, not emitted", () => {
    expect(
      parse("linear", {
        time: 1,
        channel: "futures.candlesticks",
        event: "update",
        result: [{ t: 1545129300, c: "95.4", h: "96.9", l: "89.5", o: "94.3", n: "1m_mark_BTC_USDT" }],
      }),
    ).toEqual({ kind: "unmatched", topic: "futures.candlesticks (mark/index)" });
  });

  test("futures.tickers fans out: ticker, mark price (with index), funding rate, open interest (total_size)", () => {
    const frame = {
      time: 1541659086,
      time_ms: 1541659086123,
      channel: "futures.tickers",
      event: "update",
      result: [
        {
          contract: "BTC_USDT",
          last: "118.4",
          change_percentage: "0.77",
          funding_rate: "-0.000114",
          funding_rate_indicative: "0.01875",
          mark_price: "118.35",
          index_price: "118.36",
          total_size: "73648",
          volume_24h: "745487577",
          volume_24h_quote: "1665006",
          volume_24h_settle: "178",
          volume_24h_base: "5526",
          low_24h: "99.2",
          high_24h: "132.5",
        },
      ],
    };
    const at = base("linear", "BTC/USDT:USDT", 1541659086123);
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "ticker",
        ...at,
        last: 118.4,
        high24h: 132.5,
        low24h: 99.2,
        volume24h: 5526,
        quoteVolume24h: 1665006,
        changePct24h: 0.77,
      },
      { kind: "mark_price", ...at, markPrice: 118.35, indexPrice: 118.36 },
      { kind: "funding_rate", ...at, rate: -0.000114 },
      { kind: "open_interest", ...at, openInterest: 73648 },
    ]);
  });

  test("the ticker's own time t wins; old object and nested-array results parse too", () => {
    const [ticker] = eventsOf("linear", {
      time: 1541659086,
      time_ms: 1541659086123,
      channel: "futures.tickers",
      event: "update",
      result: [{ contract: "BTC_USDT", last: "118.4", t: 1541659086100 }],
    });
    expect(ticker?.tsMs).toBe(1541659086100);
    expect(
      eventsOf("inverse", {
        time: 1647501206,
        channel: "futures.tickers",
        event: "update",
        result: {
          contract: "ETC_USD",
          last: "25.595",
          mark_price: "26.929",
          funding_rate: "0.0001",
          total_size: "14",
        },
      }).map((event) => `${event.kind}:${event.symbol}`),
    ).toEqual([
      "ticker:ETC/USD:BTC",
      "mark_price:ETC/USD:BTC",
      "funding_rate:ETC/USD:BTC",
      "open_interest:ETC/USD:BTC",
    ]);
    expect(
      eventsOf("linear", {
        time: 1617952183,
        channel: "futures.tickers",
        event: "update",
        result: [[{ contract: "BSV_USDT", last: "244.9" }]],
      }),
    ).toHaveLength(1);
  });

  test("futures.public_liquidates: negative size sells (a long closed); time in s (old) or ms (2026)", () => {
    const old = {
      channel: "futures.public_liquidates",
      event: "update",
      time: 1541505434,
      time_ms: 1541505434123,
      result: [{ price: "215.1", size: -124, time: 1541486601, contract: "BTC_USDT" }],
    };
    expect(eventsOf("linear", old)).toEqual([
      {
        kind: "liquidation",
        ...base("linear", "BTC/USDT:USDT", 1541486601000),
        side: "sell",
        price: 215.1,
        size: 124,
      },
    ]);
    const aggregated = {
      ...old,
      result: [
        { price: "215.1", size: "-124.5", time: 1541486601123, contract: "BTC_USDT" },
        { price: "215.2", size: "10.5", time: 1541486601456, contract: "BTC_USDT" },
      ],
    };
    expect(eventsOf("linear", aggregated)).toEqual([
      {
        kind: "liquidation",
        ...base("linear", "BTC/USDT:USDT", 1541486601123),
        side: "sell",
        price: 215.1,
        size: 124.5,
      },
      {
        kind: "liquidation",
        ...base("linear", "BTC/USDT:USDT", 1541486601456),
        side: "buy",
        price: 215.2,
        size: 10.5,
      },
    ]);
  });

  test("a recorded session mixing settles: X_USD contracts land on inverse, X_USDT on linear", () => {
    const frame = {
      time: 1,
      channel: "futures.tickers",
      event: "update",
      result: [
        { contract: "ETC_USD", last: "5.67" },
        { contract: "ETH_USDT", last: "225" },
      ],
    };
    expect(eventsOf("linear", frame).map((event) => [event.account, event.symbol])).toEqual([
      ["inverse", "ETC/USD:BTC"],
      ["linear", "ETH/USDT:USDT"],
    ]);
  });
});

describe("control frames", () => {
  test("subscribe / unsubscribe replies are acks", () => {
    expect(
      parse("spot", {
        time: 1619093532,
        channel: "spot.trades",
        event: "subscribe",
        result: { status: "success" },
      }),
    ).toEqual({ kind: "ack", note: "spot.trades subscribe" });
    expect(
      parse("linear", {
        time: 1545404900,
        time_ms: 1545404900123,
        id: 7,
        channel: "futures.tickers",
        event: "unsubscribe",
        error: null,
        result: { status: "success" },
      }),
    ).toEqual({ kind: "ack", note: "futures.tickers unsubscribe (request 7)" });
  });

  test("request errors: argument errors are final, server errors retryable", () => {
    expect(
      parse("spot", {
        time: 1747391482,
        time_ms: 1747391482960,
        id: 1,
        channel: "spot.obu",
        event: "subscribe",
        payload: ["ob.BTC_USDT.400"],
        error: { code: 2, message: "Alert sub ob.BTC_USDT.400" },
        result: { status: "fail" },
      }),
    ).toEqual({
      kind: "venue-error",
      message: "code 2: Alert sub ob.BTC_USDT.400 (spot.obu subscribe request 1)",
      retryable: false,
    });
    expect(
      parse("linear", {
        time: 1,
        channel: "futures.trades",
        event: "subscribe",
        error: { code: 3, message: "Server side error happened" },
      }),
    ).toMatchObject({ kind: "venue-error", retryable: true });
    expect(
      parse("spot", { time: 1, channel: "spot.trades", event: "subscribe", result: { status: "fail" } }),
    ).toMatchObject({ kind: "venue-error", retryable: false });
    expect(parse("spot", { error: { code: 1, message: "invalid argument struct" } })).toMatchObject({
      kind: "venue-error",
      message: "code 1: invalid argument struct",
    });
  });

  test("application pongs", () => {
    expect(
      parse("spot", { time: 1545404023, channel: "spot.pong", event: "", error: null, result: null }),
    ).toEqual({
      kind: "pong",
    });
    expect(
      parse("inverse", { time: 1545404023, time_ms: 1, channel: "futures.pong", event: "", result: null }),
    ).toEqual({
      kind: "pong",
    });
  });

  test("a service upgrade notice asks for a reconnect; other system notices are ignored", () => {
    expect(
      parse("spot", {
        time: 1784800711,
        time_ms: 1784800711140,
        channel: "spot.system",
        event: "update",
        result: {
          type: "upgrade",
          msg: "The connection will soon be closed for a service upgrade. Please reconnect.",
        },
      }),
    ).toEqual({
      kind: "venue-error",
      message: "The connection will soon be closed for a service upgrade. Please reconnect.",
      retryable: true,
      reconnect: true,
    });
    expect(
      parse("linear", {
        time: 1,
        channel: "futures.system",
        event: "update",
        result: { type: "outdated_sbe_schema_id", msg: "upgrade your schema" },
      }),
    ).toMatchObject({ kind: "ignored" });
  });

  test("channels dig3 does not subscribe to are reported by name", () => {
    expect(
      parse("spot", {
        time: 1682689046,
        channel: "spot.book_ticker",
        event: "update",
        result: { t: 1, u: 2, s: "ETC_ETH", b: "0.01", B: "1", a: "0.02", A: "1" },
      }),
    ).toEqual({ kind: "unmatched", topic: "spot.book_ticker" });
    expect(
      parse("linear", {
        time: 1,
        channel: "futures.order_book",
        event: "all",
        result: { contract: "X_USDT" },
      }),
    ).toEqual({ kind: "unmatched", topic: "futures.order_book" });
  });
});

describe("garbage never throws and is classified", () => {
  const cases: [string, unknown, Parsed][] = [
    ["empty string", "", { kind: "ignored", reason: "empty frame" }],
    ["whitespace", " \n", { kind: "ignored", reason: "empty frame" }],
    ["not json", "pong", { kind: "unmatched", topic: "(not json)" }],
    ["truncated json", '{"channel":"spot.trades","result":{', { kind: "unmatched", topic: "(not json)" }],
    ["json null", "null", { kind: "unmatched", topic: "(not an object)" }],
    ["json array", "[1,2]", { kind: "unmatched", topic: "(not an object)" }],
    ["json number", "42", { kind: "unmatched", topic: "(not an object)" }],
    ["empty object", "{}", { kind: "unmatched", topic: "(unknown frame)" }],
    ["JS null", null, { kind: "unmatched", topic: "(not text)" }],
    ["JS number", 7, { kind: "unmatched", topic: "(not text)" }],
    ["channel a number", '{"channel":5,"event":"update"}', { kind: "unmatched", topic: "(unknown frame)" }],
    [
      "no event",
      '{"channel":"spot.trades","result":{}}',
      { kind: "ignored", reason: "spot.trades event ''" },
    ],
    [
      "result null",
      '{"channel":"spot.trades","event":"update","result":null}',
      { kind: "unmatched", topic: "spot.trades (malformed)" },
    ],
    [
      "empty result array",
      '{"channel":"futures.trades","event":"update","result":[]}',
      { kind: "unmatched", topic: "futures.trades (malformed)" },
    ],
    [
      "trade price an object",
      '{"time":1,"channel":"spot.trades","event":"update","result":{"id":1,"create_time":1,"side":"buy","currency_pair":"BTC_USDT","amount":"1","price":{}}}',
      { kind: "unmatched", topic: "spot.trades (malformed)" },
    ],
    [
      "trade bad side",
      '{"time":1,"channel":"spot.trades","event":"update","result":{"id":1,"create_time":1,"side":"up","currency_pair":"BTC_USDT","amount":"1","price":"1"}}',
      { kind: "unmatched", topic: "spot.trades (malformed)" },
    ],
    [
      "futures trade size 0",
      '{"time":1,"channel":"futures.trades","event":"update","result":[{"id":1,"create_time":1,"contract":"BTC_USDT","size":0,"price":"1"}]}',
      { kind: "unmatched", topic: "futures.trades (malformed)" },
    ],
    [
      "book without u",
      '{"time":1,"channel":"spot.order_book_update","event":"update","result":{"t":1,"s":"BTC_USDT","U":1,"b":[],"a":[]}}',
      { kind: "unmatched", topic: "spot.order_book_update (malformed)" },
    ],
    [
      "book levels a string",
      '{"time":1,"channel":"spot.order_book_update","event":"update","result":{"t":1,"s":"BTC_USDT","U":1,"u":2,"b":"x","a":[]}}',
      { kind: "unmatched", topic: "spot.order_book_update (malformed)" },
    ],
    [
      "book an array",
      '{"time":1,"channel":"futures.order_book_update","event":"update","result":[]}',
      { kind: "unmatched", topic: "futures.order_book_update (malformed)" },
    ],
    [
      "candle without a name",
      '{"time":1,"channel":"spot.candlesticks","event":"update","result":{"t":"1","o":"1","h":"1","l":"1","c":"1"}}',
      { kind: "unmatched", topic: "spot.candlesticks (malformed)" },
    ],
    [
      "ticker without last",
      '{"time":1,"channel":"spot.tickers","event":"update","result":{"currency_pair":"BTC_USDT"}}',
      { kind: "unmatched", topic: "spot.tickers (malformed)" },
    ],
    [
      "liquidation without contract",
      '{"time":1,"channel":"futures.public_liquidates","event":"update","result":[{"price":"1","size":1,"time":1}]}',
      { kind: "unmatched", topic: "futures.public_liquidates (malformed)" },
    ],
    [
      "error not an object",
      '{"channel":"spot.trades","event":"subscribe","error":"boom"}',
      { kind: "ack", note: "spot.trades subscribe" },
    ],
  ];
  for (const account of ["spot", "linear", "inverse"] as const) {
    test.each(cases)(`${account}: %s`, (_name, frame, expected) => {
      expect(gateio.ws.parse(frame as string, contextOf(account))).toEqual(expected);
    });
  }
});

// ── recorded traffic ───────────────────────────────────────────────────────────────────────────────────────────

const WIRE_DIR = join(import.meta.dir, "../../../../shared/wire/gateio");
const HAS_WIRE = existsSync(WIRE_DIR);
if (!HAS_WIRE) console.log(`gateio: ${WIRE_DIR} absent; skipping the recorded-traffic cases`);

interface WireLine {
  ts?: number;
  dir?: "in" | "out";
  url?: string;
  frame?: string;
  body?: string;
}

function rawLines(file: string): string[] {
  return readFileSync(join(WIRE_DIR, file), "utf8")
    .split("\n")
    .filter((line) => line.trim().length > 0);
}

function readLines(file: string): WireLine[] {
  return rawLines(file).map((line) => JSON.parse(line) as WireLine);
}

const accountOfFile = (file: string): Account => (file.includes("spot") ? "spot" : "linear");

/** Per file: what each inbound frame became, by event kind (`kind@account` when not the file's account) or verdict. */
const EXPECTED_WS: Record<string, Record<string, number>> = {
  // cryptofeed 2021 spot session: 68 book updates of 5 pairs (one a full book at the REST id), candles without `a`.
  "spot-v4-orderbookupdate-trades-tickers-candles.ndjson": {
    ack: 22,
    book: 68,
    ticker: 13,
    kline: 7,
    trade: 7,
  },
  // cryptofeed 2023 USDT futures session: book_ticker is not a channel dig3 subscribes to; no trade happened.
  "futures-usdt-v4-orderbookupdate-bookticker-candles.ndjson": {
    ack: 22,
    book: 166,
    "unmatched:futures.book_ticker": 38,
  },
  // tardis samples: book_ticker and the v2 book (`obu`) are not subscribed; the legacy `futures.order_book` channel is
  // not either. The futures sample mixes BTC-settled (X_USD → inverse) and USDT-settled contracts.
  "tardis-spot-v4.ndjson": {
    trade: 1,
    book: 1,
    ack: 1,
    "unmatched:spot.book_ticker": 1,
    "unmatched:spot.obu": 2,
  },
  "tardis-futures-v4.ndjson": {
    ack: 3,
    trade: 5,
    ticker: 2,
    mark_price: 2,
    funding_rate: 2,
    open_interest: 2,
    "ticker@inverse": 3,
    "mark_price@inverse": 3,
    "funding_rate@inverse": 3,
    "open_interest@inverse": 3,
    "unmatched:futures.order_book": 10,
    "unmatched:futures.book_ticker": 2,
  },
};

const MIN_TS_MS = Date.UTC(2017, 0, 1);
const MAX_TS_MS = Date.UTC(2035, 0, 1);

function assertSane(event: MarketDataEvent): void {
  expect(event.exchange).toBe("gateio");
  const parts = parseCanonical(event.symbol);
  expect(parts, `canonical symbol: ${event.symbol}`).toBeDefined();
  if (event.account === "spot") expect(event.symbol).not.toContain(":");
  else expect(parts?.settle).toBe(event.account === "linear" ? "USDT" : "BTC");
  expect(event.tsMs).toBeGreaterThan(MIN_TS_MS);
  expect(event.tsMs).toBeLessThan(MAX_TS_MS);
  for (const [field, value] of Object.entries(event)) {
    // 2021 spot candles carry no base volume: NaN on purpose.
    if (event.kind === "kline" && field === "volume") continue;
    if (typeof value === "number") expect(Number.isFinite(value), `${event.kind}.${field}`).toBe(true);
  }
  if (event.kind === "book") {
    for (const [price, size] of [...event.bids, ...event.asks]) {
      expect(price > 0).toBe(true);
      expect(size >= 0).toBe(true);
    }
  }
}

const REST_FILES = ["spot-v4-rest-orderbook.ndjson", "futures-usdt-v4-rest-orderbook.ndjson"];

describe.if(HAS_WIRE)("recorded WebSocket traffic", () => {
  test("every recorded file is covered by a case below", () => {
    const covered = new Set([...Object.keys(EXPECTED_WS), ...REST_FILES]);
    const files = readdirSync(WIRE_DIR).filter((file) => file.endsWith(".ndjson"));
    expect(files.filter((file) => !covered.has(file))).toEqual([]);
  });

  for (const [file, expected] of Object.entries(EXPECTED_WS)) {
    test(file, () => {
      const account = accountOfFile(file);
      const counts: Record<string, number> = {};
      const bump = (key: string) => {
        counts[key] = (counts[key] ?? 0) + 1;
      };
      for (const line of readLines(file)) {
        if (line.dir !== undefined && line.dir !== "in") continue;
        const parsed = gateio.ws.parse(
          line.frame ?? "",
          contextOf(account, Math.round((line.ts ?? 0) * 1000)),
        );
        if (parsed.kind === "events") {
          expect(parsed.events.length).toBeGreaterThan(0);
          for (const event of parsed.events) {
            assertSane(event);
            bump(event.account === account ? event.kind : `${event.kind}@${event.account}`);
          }
        } else if (parsed.kind === "unmatched") {
          bump(`unmatched:${parsed.topic}`);
        } else {
          bump(parsed.kind);
        }
      }
      expect(counts).toEqual(expected);
    });
  }
});

interface RecordedSession {
  account: "spot" | "linear";
  ws: string;
  rest: string;
  /** Deltas applied after each pair's snapshot, as the wire README's validation counted them. */
  applied: Record<string, number>;
}

const SESSIONS: RecordedSession[] = [
  {
    account: "spot",
    ws: "spot-v4-orderbookupdate-trades-tickers-candles.ndjson",
    rest: "spot-v4-rest-orderbook.ndjson",
    applied: { "NEO/BTC": 36, "DIS/USDT": 17, "HAI/ETH": 5, "NANO/USDT": 4, "INK/USDT": 0 },
  },
  {
    account: "linear",
    ws: "futures-usdt-v4-orderbookupdate-bookticker-candles.ndjson",
    rest: "futures-usdt-v4-rest-orderbook.ndjson",
    applied: {
      "RDNT/USDT:USDT": 61,
      "PHB/USDT:USDT": 69,
      "QUICK/USDT:USDT": 13,
      "LIT/USDT:USDT": 2,
      "DIA/USDT:USDT": 0,
    },
  },
];

describe.if(HAS_WIRE)("recorded books through the station's decoder", () => {
  function decode(lines: string[]) {
    const decoder = createDecoder({ adapter: gateio, bookDepth: 5 });
    const items = lines.flatMap((line) => [...decoder.decodeLine(line)]);
    return { items, stats: decoder.stats };
  }

  const merged = (ws: string, rest: string) => mergeRecordedLines([rawLines(ws), rawLines(rest)]);

  for (const session of SESSIONS) {
    test(`${session.account}: REST snapshots bridge to the U/u chain; zero resyncs, never crossed`, () => {
      const { items, stats } = decode(merged(session.ws, session.rest));
      expect(stats.resyncs).toBe(0);
      expect(stats.badLines).toBe(0);
      expect(stats.restBodies).toBe(5);
      const snapshots = items.filter((item) => item.kind === "book" && item.type === "snapshot");
      expect(snapshots).toHaveLength(5);
      const applied: Record<string, number> = {};
      for (const item of items) {
        if (item.kind === "book") {
          expect(item.account).toBe(session.account);
          assertSane(item);
          if (item.type === "delta") applied[item.symbol] = (applied[item.symbol] ?? 0) + 1;
          else applied[item.symbol] ??= 0;
        }
        if (item.kind === "book_top" && item.bids[0] && item.asks[0])
          expect(item.bids[0][0]).toBeLessThan(item.asks[0][0]);
      }
      expect(applied).toEqual(session.applied);
      // The first delta after a snapshot straddles its id + 1; every later one starts at the previous u + 1.
      const chain = new Map<string, { seq: number; bridging: boolean }>();
      for (const item of items) {
        if (item.kind !== "book") continue;
        const book = item as BookEvent;
        const previous = chain.get(book.symbol);
        if (book.type === "delta") {
          expect(previous).toBeDefined();
          if (previous!.bridging) {
            expect(book.firstSeq! <= previous!.seq + 1 && previous!.seq + 1 <= book.seq!).toBe(true);
          } else {
            expect(book.firstSeq).toBe(previous!.seq + 1);
          }
        }
        chain.set(book.symbol, { seq: book.seq!, bridging: book.type === "snapshot" });
      }
      expect(GATE_BOOK).toMatchObject({ chain: "first-follows-last", bridge: "first-le-next" });
    });
  }

  test("one recorded update lost in transit: a sequence gap, book_resync for that pair only", () => {
    const session = SESSIONS[1]!;
    const lines = merged(session.ws, session.rest);
    // Drop an RDNT update well after its snapshot was bridged.
    const rdnt = lines
      .map((line, at) => ({ line, at }))
      .filter(({ line }) => line.includes("order_book_update") && line.includes('\\"s\\":\\"RDNT_USDT\\"'));
    const victim = rdnt[Math.floor(rdnt.length / 2)]!;
    const { items, stats } = decode(lines.filter((_line, at) => at !== victim.at));
    expect(stats.resyncs).toBe(1);
    const resyncs = items.filter((item) => item.kind === "book_resync");
    expect(resyncs).toHaveLength(1);
    expect(resyncs[0]).toMatchObject({ account: "linear", symbol: "RDNT/USDT:USDT" });
    expect((resyncs[0] as { reason: string }).reason).toContain("sequence gap");
    // The other books are untouched.
    expect(items.filter((item) => item.kind === "book" && item.symbol === "PHB/USDT:USDT")).toHaveLength(70);
  });

  test("a corrupted U in one spot update is caught by the chain", () => {
    const session = SESSIONS[0]!;
    const lines = merged(session.ws, session.rest);
    const neo = lines.filter(
      (line) => line.includes("order_book_update") && line.includes('\\"s\\":\\"NEO_BTC\\"'),
    );
    const target = lines.indexOf(neo[neo.length - 5]!);
    const record = JSON.parse(lines[target]!) as { frame: string };
    const frame = JSON.parse(record.frame) as { result: { U: number } };
    frame.result.U += 2;
    record.frame = JSON.stringify(frame);
    const corrupted = [...lines];
    corrupted[target] = JSON.stringify(record);
    const { items, stats } = decode(corrupted);
    expect(stats.resyncs).toBe(1);
    expect(items.find((item) => item.kind === "book_resync")).toMatchObject({ symbol: "NEO/BTC" });
  });
});
