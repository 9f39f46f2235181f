// Crypto.com frame parser: docs-shaped pushes for every stream on both markets → exact events; heartbeats, answers,
// errors and garbage → classified without throwing; then every recorded frame in ../shared/wire/cryptocom through
// the parser and through the station's decoder with the declared book rules (and one corrupted update resyncing).

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Account, type MarketDataEvent, parseCanonical } from "../../core/index.ts";
import { createDecoder, type DecodedItem } from "../../station/decode.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { CRYPTOCOM_BOOK, cryptocom } from "./index.ts";
import { describeCryptocomNative } from "./symbols.ts";

const RECV_US = 1_700_000_000_123_456;

function contextOf(account: Account, recvTsUs = RECV_US, session = new Map<string, unknown>()): ParseContext {
  return {
    exchange: "cryptocom",
    account,
    recvTsUs,
    symbolOf: (native) => describeCryptocomNative(native)?.symbol ?? native,
    session,
  };
}

function parse(account: Account, frame: unknown, context = contextOf(account)): Parsed {
  return cryptocom.ws.parse(typeof frame === "string" ? frame : JSON.stringify(frame), context);
}

function eventsOf(account: Account, frame: unknown, context = contextOf(account)): MarketDataEvent[] {
  const parsed = parse(account, frame, context);
  if (parsed.kind !== "events") throw new Error(`expected events, got ${JSON.stringify(parsed)}`);
  return parsed.events;
}

/** A push as the docs show it: `result` with instrument, subscription, channel and data. */
function push(channel: string, subscription: string, instrument: string, data: unknown[], extra = {}) {
  return {
    id: -1,
    method: "subscribe",
    code: 0,
    result: { instrument_name: instrument, subscription, channel, ...extra, data },
  };
}

const base = (account: Account, symbol: string, tsMs: number) => ({
  exchange: "cryptocom",
  account,
  symbol,
  tsMs,
  recvTsUs: RECV_US,
});

describe("book", () => {
  test("snapshot (docs example): levels best first, seq = u, no prevSeq, the order count dropped", () => {
    const frame = push(
      "book",
      "book.BTCUSD-PERP.10",
      "BTCUSD-PERP",
      [
        {
          asks: [
            ["30082.5", "0.1689", "1"],
            ["30083.0", "0.1288", "1"],
          ],
          bids: [
            ["30079.0", "0.0505", "1"],
            ["30077.5", "1.0527", "2"],
          ],
          t: 1654780033786,
          tt: 1654780033755,
          u: 542048017824,
        },
      ],
      { depth: 10 },
    );
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "book",
        ...base("linear", "BTC/USD:USD", 1654780033786),
        type: "snapshot",
        bids: [
          [30079, 0.0505],
          [30077.5, 1.0527],
        ],
        asks: [
          [30082.5, 0.1689],
          [30083, 0.1288],
        ],
        seq: 542048017824,
      },
    ]);
  });

  test("book.update (docs example): size 0 removes, seq = u, prevSeq = pu; cs is not carried", () => {
    const frame = push(
      "book.update",
      "book.BTCUSD-PERP.10",
      "BTCUSD-PERP",
      [
        {
          update: {
            asks: [
              ["50126.000000", "0", "0"],
              ["50180.000000", "3.279000", "10"],
            ],
            bids: [["50097.000000", "0.252000", "1"]],
          },
          tt: 1647917463003,
          t: 1647917463003,
          u: 7845460002,
          pu: 7845460001,
          cs: -1183713967,
        },
      ],
      { depth: 10 },
    );
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "book",
        ...base("linear", "BTC/USD:USD", 1647917463003),
        type: "delta",
        bids: [[50097, 0.252]],
        asks: [
          [50126, 0],
          [50180, 3.279],
        ],
        seq: 7845460002,
        prevSeq: 7845460001,
      },
    ]);
  });

  test("the idle delta (no change, u = pu) is an empty delta that keeps the chain", () => {
    const frame = push("book.update", "book.BTC_USDT.50", "BTC_USDT", [
      { update: { bids: [], asks: [] }, t: 1700000000000, tt: 1699999995000, u: 9, pu: 9 },
    ]);
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "book",
        ...base("spot", "BTC/USDT", 1700000000000),
        type: "delta",
        bids: [],
        asks: [],
        seq: 9,
        prevSeq: 9,
      },
    ]);
  });

  test("older v2 frames: numbers as JSON numbers, the sequence in `s`", () => {
    const frame = push("book", "book.AAVE_USDT.150", "AAVE_USDT", [
      { bids: [[97.44, 7.5202, 1]], asks: [[97.685, 9.8577, 1]], t: 1659311999918, s: 702658069 },
    ]);
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "book",
        ...base("spot", "AAVE/USDT", 1659311999918),
        type: "snapshot",
        bids: [[97.44, 7.5202]],
        asks: [[97.685, 9.8577]],
        seq: 702658069,
      },
    ]);
  });

  test("a level that is not a number makes the whole push malformed (a book must not lose a level)", () => {
    const frame = push("book.update", "book.BTC_USDT.50", "BTC_USDT", [
      { update: { bids: [["x", "1", "1"]], asks: [] }, t: 1700000000000, u: 2, pu: 1 },
    ]);
    expect(parse("spot", frame)).toEqual({ kind: "unmatched", topic: "book.update (malformed)" });
  });
});

describe("trades", () => {
  test("docs example: side is the taker's, d kept as text, instrument from `i`", () => {
    const frame = {
      id: 1,
      method: "subscribe",
      code: 0,
      result: {
        instrument_name: "BTCUSD-PERP",
        subscription: "trade.BTCUSD-PERP",
        channel: "trade",
        data: [
          {
            d: "2030407068",
            t: 1613581138462,
            p: "51327.500000",
            q: "0.000100",
            s: "SELL",
            i: "BTCUSD-PERP",
          },
        ],
      },
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "trade",
        ...base("linear", "BTC/USD:USD", 1613581138462),
        price: 51327.5,
        size: 0.0001,
        side: "sell",
        tradeId: "2030407068",
      },
    ]);
  });

  test("newest-first pushes come out oldest first", () => {
    const frame = push("trade", "trade.BTC_USDT", "BTC_USDT", [
      { d: "3", t: 1700000000300, p: "3", q: "1", s: "BUY", i: "BTC_USDT" },
      { d: "2", t: 1700000000200, p: "2", q: "1", s: "SELL", i: "BTC_USDT" },
      { d: "1", t: 1700000000100, p: "1", q: "1", s: "BUY", i: "BTC_USDT" },
    ]);
    expect(eventsOf("spot", frame).map((e) => (e.kind === "trade" ? e.tradeId : ""))).toEqual([
      "1",
      "2",
      "3",
    ]);
  });

  test("trades of one millisecond: the venue lists the newest first, so they are reversed too", () => {
    const frame = push("trade", "trade.BTC_USDT", "BTC_USDT", [
      { d: "12", t: 1700000000100, p: "3", q: "1", s: "BUY", i: "BTC_USDT" },
      { d: "11", t: 1700000000100, p: "2", q: "1", s: "BUY", i: "BTC_USDT" },
      { d: "10", t: 1700000000100, p: "1", q: "1", s: "BUY", i: "BTC_USDT" },
    ]);
    expect(eventsOf("spot", frame).map((e) => (e.kind === "trade" ? e.tradeId : ""))).toEqual([
      "10",
      "11",
      "12",
    ]);
  });

  test("v2 ids beyond 2^53 keep every digit", () => {
    const text =
      '{"code":0,"method":"subscribe","result":{"instrument_name":"RSR_USDT","subscription":"trade.RSR_USDT","channel":"trade","data":[{"dataTime":1653917168407,"d":2552833547970376845,"s":"BUY","p":0.00737,"q":6.9,"t":1653917168398,"i":"RSR_USDT"}]}}';
    const [trade] = eventsOf("spot", text);
    expect(trade).toMatchObject({ kind: "trade", tradeId: "2552833547970376845", side: "buy", size: 6.9 });
  });

  test("a bad side makes the push malformed; an empty push is nothing to emit", () => {
    expect(
      parse(
        "spot",
        push("trade", "trade.BTC_USDT", "BTC_USDT", [
          { d: "1", t: 1, p: "1", q: "1", s: "UP", i: "BTC_USDT" },
        ]),
      ),
    ).toEqual({ kind: "unmatched", topic: "trade (malformed)" });
    expect(parse("spot", push("trade", "trade.BTC_USDT", "BTC_USDT", []))).toEqual({
      kind: "ignored",
      reason: "empty trades push",
    });
  });
});

describe("ticker and open interest", () => {
  const tickerRow = {
    h: "51790.00",
    l: "47895.50",
    a: "51174.500000",
    c: "0.03955106",
    b: "51170.000000",
    bs: "0.1000",
    k: "51180.000000",
    ks: "0.2000",
    i: "BTCUSD-PERP",
    v: "879.5024",
    vv: "26370000.12",
    oi: "12345.12",
    t: 1613580710768,
  };

  test("perpetual (docs example) → ticker with c as a percentage, and open interest valued at the last trade", () => {
    const events = eventsOf("linear", push("ticker", "ticker.BTCUSD-PERP", "BTCUSD-PERP", [tickerRow]));
    expect(events).toEqual([
      {
        kind: "ticker",
        ...base("linear", "BTC/USD:USD", 1613580710768),
        last: 51174.5,
        bid: 51170,
        bidSize: 0.1,
        ask: 51180,
        askSize: 0.2,
        high24h: 51790,
        low24h: 47895.5,
        volume24h: 879.5024,
        quoteVolume24h: 26370000.12,
        changePct24h: 3.955106,
      },
      {
        kind: "open_interest",
        ...base("linear", "BTC/USD:USD", 1613580710768),
        openInterest: 12345.12,
        openInterestValue: 12345.12 * 51174.5,
      },
    ]);
  });

  test("spot: the ticker alone; null sides are left out; USD value is no quote volume for a BTC-quoted pair", () => {
    const row = { ...tickerRow, i: "ETH_BTC", b: null, bs: null, oi: "0" };
    const events = eventsOf("spot", push("ticker", "ticker.ETH_BTC", "ETH_BTC", [row]));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: "ticker", symbol: "ETH/BTC", ask: 51180 });
    expect(events[0]).not.toHaveProperty("bid");
    expect(events[0]).not.toHaveProperty("bidSize");
    expect(events[0]).not.toHaveProperty("quoteVolume24h");
  });

  test("v2 frames sent the absolute change as a number: no percentage is made of it", () => {
    const row = {
      i: "YFI_USDT",
      b: 7892.58,
      k: 7905.8,
      a: 7905.8,
      t: 1653917205936,
      v: 16.9967,
      h: 8287.99,
      l: 7379.2,
      c: 324.02,
    };
    const [ticker] = eventsOf("spot", push("ticker", "ticker.YFI_USDT", "YFI_USDT", [row]));
    expect(ticker).not.toHaveProperty("changePct24h");
    expect(ticker).toMatchObject({ last: 7905.8, bid: 7892.58, ask: 7905.8, volume24h: 16.9967 });
  });

  test("a ticker without its time is malformed", () => {
    expect(parse("spot", push("ticker", "ticker.BTC_USDT", "BTC_USDT", [{ i: "BTC_USDT" }]))).toEqual({
      kind: "unmatched",
      topic: "ticker (malformed)",
    });
  });
});

describe("candlesticks", () => {
  const candle = (t: number, close: string) => ({ o: "100", h: "110", l: "90", c: close, v: "5.5", t });
  const frame = (data: unknown[], subscription = "candlestick.1m.BTC_USDT") =>
    push("candlestick", subscription, "BTC_USDT", data, { interval: subscription.split(".")[1] });

  test("docs example (1D) → a bar in progress with its close time", () => {
    const events = eventsOf(
      "linear",
      push(
        "candlestick",
        "candlestick.1D.BTCUSD-PERP",
        "BTCUSD-PERP",
        [
          {
            o: "51140.500000",
            h: "51699.000000",
            l: "49212.000000",
            c: "51313.500000",
            v: "867.9432",
            t: 1612224000000,
          },
        ],
        { interval: "1D" },
      ),
    );
    expect(events).toEqual([
      {
        kind: "kline",
        ...base("linear", "BTC/USD:USD", Math.floor(RECV_US / 1000)),
        interval: "1d",
        openTimeMs: 1612224000000,
        closeTimeMs: 1612224000000 + 86_400_000 - 1,
        open: 51140.5,
        high: 51699,
        low: 49212,
        close: 51313.5,
        volume: 867.9432,
        closed: false,
      },
    ]);
  });

  test("the held bar is emitted closed once a later bar starts; stale bars are ignored", () => {
    const context = contextOf("spot");
    const minute = 1_700_000_040_000;
    expect(
      eventsOf("spot", frame([candle(minute, "101")]), context).map((e) => e.kind === "kline" && e.closed),
    ).toEqual([false]);
    const next = eventsOf("spot", frame([candle(minute + 60_000, "102")]), context);
    expect(next).toHaveLength(2);
    expect(next[0]).toMatchObject({ openTimeMs: minute, close: 101, closed: true, tsMs: minute + 60_000 });
    expect(next[1]).toMatchObject({ openTimeMs: minute + 60_000, close: 102, closed: false });
    expect(parse("spot", frame([candle(minute, "99")]), context)).toEqual({
      kind: "ignored",
      reason: "candles older than the current bar",
    });
  });

  test("a push of several bars: all but the newest are final", () => {
    const minute = 1_700_000_040_000;
    const events = eventsOf("spot", frame([candle(minute + 60_000, "2"), candle(minute, "1")]));
    expect(events.map((e) => (e.kind === "kline" ? [e.openTimeMs, e.closed] : []))).toEqual([
      [minute, true],
      [minute + 60_000, false],
    ]);
  });

  test("7D is a week, 1M a calendar month; older names (M5) read too; 14D has no canonical interval", () => {
    const week = eventsOf("spot", frame([candle(1_700_438_400_000, "1")], "candlestick.7D.BTC_USDT"))[0];
    expect(week).toMatchObject({ interval: "1w", closeTimeMs: 1_700_438_400_000 + 7 * 86_400_000 - 1 });
    const month = eventsOf("spot", frame([candle(Date.UTC(2024, 1, 1), "1")], "candlestick.1M.BTC_USDT"))[0];
    expect(month).toMatchObject({ interval: "1M", closeTimeMs: Date.UTC(2024, 2, 1) - 1 });
    const legacy = eventsOf(
      "spot",
      push("candlestick", "", "BTC_USDT", [candle(1_700_000_100_000, "1")], { interval: "M5" }),
    );
    expect(legacy[0]).toMatchObject({ interval: "5m" });
    expect(parse("spot", frame([candle(1_700_000_040_000, "1")], "candlestick.14D.BTC_USDT"))).toEqual({
      kind: "unmatched",
      topic: "candlestick.14D",
    });
  });
});

describe("mark, index and funding", () => {
  test("the index is kept; the next mark carries it when their times are within 5 s", () => {
    const context = contextOf("linear");
    expect(
      parse(
        "linear",
        push("index", "index.BTCUSD-INDEX", "BTCUSD-INDEX", [{ v: "51204.52000", t: 1613582832000 }]),
        context,
      ),
    ).toEqual({ kind: "ignored", reason: "index price, kept for the mark price" });
    const [mark] = eventsOf(
      "linear",
      push("mark", "mark.BTCUSD-PERP", "BTCUSD-PERP", [{ v: "51279.77000", t: 1613582833000 }]),
      context,
    );
    expect(mark).toEqual({
      kind: "mark_price",
      ...base("linear", "BTC/USD:USD", 1613582833000),
      markPrice: 51279.77,
      indexPrice: 51204.52,
    });
    const [later] = eventsOf(
      "linear",
      push("mark", "mark.BTCUSD-PERP", "BTCUSD-PERP", [{ v: "51280", t: 1613582900000 }]),
      context,
    );
    expect(later).not.toHaveProperty("indexPrice");
  });

  test("a dated future is marked against the same index", () => {
    const context = contextOf("linear");
    parse(
      "linear",
      push("index", "index.BTCUSD-INDEX", "BTCUSD-INDEX", [{ v: "100", t: 1700000000000 }]),
      context,
    );
    const [mark] = eventsOf(
      "linear",
      push("mark", "mark.BTCUSD-261225", "BTCUSD-261225", [{ v: "101", t: 1700000000500 }]),
      context,
    );
    expect(mark).toMatchObject({ symbol: "BTC/USD:USD-261225", markPrice: 101, indexPrice: 100 });
  });

  test("funding (docs example): the hourly rate, settling at the end of the hour it was published in", () => {
    expect(
      eventsOf(
        "linear",
        push("funding", "funding.BTCUSD-PERP", "BTCUSD-PERP", [{ v: "0.00144", t: 1613582880000 }]),
      ),
    ).toEqual([
      {
        kind: "funding_rate",
        ...base("linear", "BTC/USD:USD", 1613582880000),
        rate: 0.00144,
        nextFundingTsMs: 1613584800000,
      },
    ]);
  });

  test("estimated funding and settlement prices are known and have no dig3 stream", () => {
    expect(
      parse(
        "linear",
        push("estimatedfunding", "estimated.BTCUSD-PERP", "BTCUSD-PERP", [
          { v: "0.00144", t: 1613582880000 },
        ]),
      ),
    ).toMatchObject({ kind: "ignored" });
    expect(
      parse(
        "linear",
        push("settlement", "settlement.BTCUSD-210528", "BTCUSD-210528", [{ v: "35279.77", t: 1 }]),
      ),
    ).toMatchObject({ kind: "ignored" });
  });

  test("a mark without a value is malformed", () => {
    expect(parse("linear", push("mark", "mark.BTCUSD-PERP", "BTCUSD-PERP", [{ t: 1 }]))).toEqual({
      kind: "unmatched",
      topic: "mark (malformed)",
    });
  });
});

describe("control frames", () => {
  test("public/heartbeat → public/respond-heartbeat with the same id, digit for digit", () => {
    expect(parse("spot", '{"id":1587523073344,"method":"public/heartbeat","code":0}')).toEqual({
      kind: "ping",
      reply: '{"id":1587523073344,"method":"public/respond-heartbeat"}',
    });
    expect(parse("spot", '{"id":90071992547409931,"method":"public/heartbeat","code":0}')).toEqual({
      kind: "ping",
      reply: '{"id":90071992547409931,"method":"public/respond-heartbeat"}',
    });
    expect(parse("spot", '{"method":"public/heartbeat"}')).toEqual({ kind: "ping" });
  });

  test("subscribe and unsubscribe answers are acks, per channel where the venue names it", () => {
    expect(parse("spot", '{"id":1,"code":0,"method":"subscribe"}')).toEqual({
      kind: "ack",
      note: "subscribe (id 1)",
    });
    expect(parse("linear", '{"id":1,"method":"subscribe","code":0,"channel":"book.BTCUSD-PERP.50"}')).toEqual(
      {
        kind: "ack",
        note: "subscribe book.BTCUSD-PERP.50 (id 1)",
      },
    );
    expect(parse("spot", '{"id":22,"method":"unsubscribe","code":0}')).toEqual({
      kind: "ack",
      note: "unsubscribe (id 22)",
    });
  });

  test("errors: code and message; rate limits and internal errors are retryable, bad requests are not", () => {
    expect(parse("spot", '{"id":7,"method":"subscribe","code":40003,"message":"Unknown symbol"}')).toEqual({
      kind: "venue-error",
      message: "code 40003: Unknown symbol (subscribe, id 7)",
      retryable: false,
    });
    expect(
      parse("spot", '{"id":5,"method":"subscribe","code":40107,"message":"Maximum subscriptions exceeded"}'),
    ).toMatchObject({ kind: "venue-error", retryable: false });
    expect(
      parse("spot", '{"id":-1,"method":"ERROR","code":42901,"message":"TOO_MANY_REQUESTS"}'),
    ).toMatchObject({
      kind: "venue-error",
      retryable: true,
    });
    expect(
      parse("spot", '{"id":3,"method":"subscribe","code":"50001","message":"ERR_INTERNAL"}'),
    ).toMatchObject({
      kind: "venue-error",
      retryable: true,
    });
  });

  test("channels dig3 does not know are reported by name", () => {
    expect(parse("spot", push("user.order", "user.order.BTC_USDT", "BTC_USDT", [{}]))).toEqual({
      kind: "unmatched",
      topic: "user.order",
    });
  });
});

describe("garbage never throws and is classified", () => {
  const cases: [string, unknown, Parsed][] = [
    ["empty string", "", { kind: "ignored", reason: "empty frame" }],
    ["not json", "pong", { kind: "unmatched", topic: "(not json)" }],
    [
      "truncated json",
      '{"id":-1,"method":"subscribe","result":{',
      { kind: "unmatched", topic: "(not json)" },
    ],
    ["json null", "null", { kind: "unmatched", topic: "(not an object)" }],
    ["json array", "[1,2]", { kind: "unmatched", topic: "(not an object)" }],
    ["empty object", "{}", { kind: "unmatched", topic: "(unknown frame)" }],
    ["JS null", null, { kind: "unmatched", topic: "(not text)" }],
    [
      "result without data",
      '{"id":-1,"method":"subscribe","code":0,"result":{"channel":"trade"}}',
      { kind: "ack", note: "subscribe (id -1)" },
    ],
    [
      "empty channel",
      '{"id":-1,"method":"subscribe","code":0,"result":{"channel":"","data":[]}}',
      { kind: "unmatched", topic: "(empty channel)" },
    ],
    [
      "book without instrument",
      '{"id":-1,"method":"subscribe","code":0,"result":{"channel":"book","data":[]}}',
      { kind: "unmatched", topic: "book (malformed)" },
    ],
    [
      "book snapshot without asks",
      '{"id":-1,"method":"subscribe","code":0,"result":{"instrument_name":"BTC_USDT","channel":"book","data":[{"bids":[],"t":1700000000000,"u":1}]}}',
      { kind: "unmatched", topic: "book (malformed)" },
    ],
    [
      "delta without update",
      '{"id":-1,"method":"subscribe","code":0,"result":{"instrument_name":"BTC_USDT","channel":"book.update","data":[{"t":1700000000000,"u":2,"pu":1}]}}',
      { kind: "unmatched", topic: "book.update (malformed)" },
    ],
    [
      "trade item not an object",
      '{"id":-1,"method":"subscribe","code":0,"result":{"instrument_name":"BTC_USDT","channel":"trade","data":[7]}}',
      { kind: "unmatched", topic: "trade (malformed)" },
    ],
    [
      "candle with a price an object",
      '{"id":-1,"method":"subscribe","code":0,"result":{"instrument_name":"BTC_USDT","subscription":"candlestick.1m.BTC_USDT","channel":"candlestick","data":[{"t":1700000000000,"o":{},"h":"1","l":"1","c":"1","v":"1"}]}}',
      { kind: "unmatched", topic: "candlestick (malformed)" },
    ],
    [
      "funding without time",
      '{"id":-1,"method":"subscribe","code":0,"result":{"instrument_name":"BTCUSD-PERP","channel":"funding","data":[{"v":"1"}]}}',
      { kind: "unmatched", topic: "funding (malformed)" },
    ],
    [
      "index value not a number",
      '{"id":-1,"method":"subscribe","code":0,"result":{"instrument_name":"BTCUSD-INDEX","channel":"index","data":[{"v":"x","t":1}]}}',
      { kind: "unmatched", topic: "index (malformed)" },
    ],
    [
      "heartbeat answer echoed",
      '{"id":1,"method":"public/respond-heartbeat","code":0}',
      { kind: "ignored", reason: "heartbeat answer" },
    ],
    [
      "code not a number",
      '{"id":1,"method":"subscribe","code":"weird"}',
      { kind: "venue-error", message: "request failed (subscribe, id 1)", retryable: false },
    ],
  ];
  for (const account of ["spot", "linear"] as const) {
    test.each(cases)(`${account}: %s`, (_name, frame, expected) => {
      expect(cryptocom.ws.parse(frame as string, contextOf(account))).toEqual(expected);
    });
  }
});

// ── recorded traffic ───────────────────────────────────────────────────────────────────────────────────────────

const WIRE_DIR = join(import.meta.dir, "../../../../shared/wire/cryptocom");
const HAS_WIRE = existsSync(WIRE_DIR);
if (!HAS_WIRE) console.log(`cryptocom: ${WIRE_DIR} absent; skipping the recorded-traffic cases`);

function readLines(file: string): string[] {
  return readFileSync(join(WIRE_DIR, file), "utf8")
    .split("\n")
    .filter((line) => line.trim().length > 0);
}

/**
 * Per file: what each frame became, by event kind and market. The tardis samples (no receive times, no URL) mix the
 * 2022 v2 API (JSON numbers, book `s`) with Exchange v1 frames (text numbers, `u`/`pu`/`cs`), spot and perpetuals;
 * the instrument name places each one.
 */
const EXPECTED_WS: Record<string, { account: Account; counts: Record<string, number> }> = {
  "tardis-v2.ndjson": {
    account: "spot",
    counts: {
      ack: 1,
      "trade spot": 7,
      "trade linear": 4,
      "ticker spot": 1,
      "ticker linear": 1,
      "open_interest linear": 1,
      "book spot": 3,
    },
  },
};

const MIN_TS_MS = Date.UTC(2018, 0, 1);
const MAX_TS_MS = Date.UTC(2035, 0, 1);

function assertSane(event: MarketDataEvent): void {
  expect(event.exchange).toBe("cryptocom");
  const parts = parseCanonical(event.symbol);
  expect(parts, `canonical symbol: ${event.symbol}`).toBeDefined();
  if (event.account === "spot") expect(parts?.settle).toBeUndefined();
  else expect(parts?.settle).toBe("USD");
  expect(event.tsMs).toBeGreaterThan(MIN_TS_MS);
  expect(event.tsMs).toBeLessThan(MAX_TS_MS);
  for (const [field, value] of Object.entries(event)) {
    if (typeof value === "number") expect(Number.isFinite(value), `${event.kind}.${field}`).toBe(true);
  }
  if (event.kind === "book") {
    for (const [price, size] of [...event.bids, ...event.asks]) {
      expect(price > 0).toBe(true);
      expect(size >= 0).toBe(true);
    }
  }
  if (event.kind === "trade") expect(event.tradeId).toMatch(/^\d+$/);
}

describe.if(HAS_WIRE)("recorded WebSocket traffic", () => {
  test("every recorded file is covered by a case below", () => {
    const files = readdirSync(WIRE_DIR).filter((file) => file.endsWith(".ndjson"));
    expect(files.filter((file) => !(file in EXPECTED_WS))).toEqual([]);
  });

  for (const [file, expected] of Object.entries(EXPECTED_WS)) {
    test(`${file}: every frame classified, counts exact`, () => {
      const counts: Record<string, number> = {};
      const bump = (key: string) => {
        counts[key] = (counts[key] ?? 0) + 1;
      };
      const session = new Map<string, unknown>();
      for (const text of readLines(file)) {
        const line = JSON.parse(text) as { dir?: string; frame?: string; ts?: number };
        if (line.dir === "out") continue;
        const parsed = cryptocom.ws.parse(
          line.frame ?? "",
          contextOf(expected.account, Math.round((line.ts ?? 0) * 1000), session),
        );
        if (parsed.kind === "events") {
          expect(parsed.events.length).toBeGreaterThan(0);
          for (const event of parsed.events) {
            assertSane(event);
            bump(`${event.kind} ${event.account}`);
          }
        } else if (parsed.kind === "unmatched") {
          bump(`unmatched:${parsed.topic}`);
        } else {
          bump(parsed.kind);
        }
      }
      expect(counts).toEqual(expected.counts);
    });
  }

  test("the v2 trade ids beyond 2^53 come out digit for digit", () => {
    const ids: string[] = [];
    for (const text of readLines("tardis-v2.ndjson")) {
      const parsed = cryptocom.ws.parse((JSON.parse(text) as { frame: string }).frame, contextOf("spot"));
      if (parsed.kind === "events")
        for (const event of parsed.events) if (event.kind === "trade") ids.push(event.tradeId);
    }
    expect(ids).toContain("2552833547970376845");
    expect(ids).toContain("2733854074994198560");
  });
});

function decodeAll(lines: readonly string[]) {
  const decoder = createDecoder({ adapter: cryptocom, account: "spot", bookDepth: 1 });
  const items: DecodedItem[] = [];
  for (const line of lines) for (const item of decoder.decodeLine(line)) items.push(item);
  return { stats: decoder.stats, items };
}

/** A snapshot of DOGE_USDT whose `u` is the recorded delta's `pu`, so the real delta has something to chain to. */
const DOGE_SNAPSHOT_LINE = JSON.stringify({
  frame: JSON.stringify(
    push(
      "book",
      "book.DOGE_USDT.50",
      "DOGE_USDT",
      [
        {
          bids: [
            ["0.116116", "2500", "1"],
            ["0.116100", "900", "2"],
          ],
          asks: [["0.136400", "300", "1"]],
          t: 1667320303700,
          tt: 1667320303690,
          u: 41261671840,
        },
      ],
      { depth: 50 },
    ),
  ),
});

describe.if(HAS_WIRE)("recorded books through the station's decoder and CRYPTOCOM_BOOK", () => {
  test("the samples: the one snapshot applies, lone deltas wait for theirs, no resync", () => {
    expect(cryptocom.book).toBe(CRYPTOCOM_BOOK);
    const { stats, items } = decodeAll(readLines("tardis-v2.ndjson"));
    expect(stats).toMatchObject({ badLines: 0, venueErrors: 0, unmatched: 0, resyncs: 0, staleDeltas: 0 });
    expect(stats.deltasBeforeSnapshot).toBe(2);
    const books = items.filter((item) => item.kind === "book");
    expect(books).toHaveLength(1);
    expect(books[0]).toMatchObject({ type: "snapshot", symbol: "AAVE/USDT", seq: 702658069 });
  });

  test("the recorded u/pu delta chains onto a snapshot at its pu: applied, never crossed, no resync", () => {
    const lines = readLines("tardis-v2.ndjson");
    const victim = lines.findIndex((line) => line.includes("book.DOGE_USDT.50"));
    const { stats, items } = decodeAll([DOGE_SNAPSHOT_LINE, lines[victim]!]);
    expect(stats.resyncs).toBe(0);
    const books = items.filter((item) => item.kind === "book");
    expect(books.map((b) => b.kind === "book" && b.type)).toEqual(["snapshot", "delta"]);
    const top = items.filter((item) => item.kind === "book_top").at(-1);
    expect(top).toMatchObject({ seq: 41261686400, bids: [[0.1161, 900]], asks: [[0.136338, 1312]] });
  });

  test("one corrupted pu in the recorded delta is caught and resynced", () => {
    const lines = readLines("tardis-v2.ndjson");
    const victim = lines.findIndex((line) => line.includes("book.DOGE_USDT.50"));
    const corrupted = lines[victim]!.replace(
      /(\\"pu\\":)(\d+)/,
      (_all, key, id) => `${key}${Number(id) - 1}`,
    );
    expect(corrupted).not.toBe(lines[victim]);
    const { stats, items } = decodeAll([DOGE_SNAPSHOT_LINE, corrupted]);
    const resyncs = items.filter((item) => item.kind === "book_resync");
    expect(resyncs).toHaveLength(1);
    expect(resyncs[0]).toMatchObject({ symbol: "DOGE/USDT", account: "spot" });
    expect(resyncs[0]!.kind === "book_resync" && resyncs[0]!.reason).toBe(
      "sequence gap: previous 41261671840, update says 41261671839",
    );
    expect(stats.resyncs).toBe(1);
  });
});
