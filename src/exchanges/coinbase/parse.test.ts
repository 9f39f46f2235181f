// Coinbase Advanced Trade frame parser: docs-shaped frames for every channel → exact events; the per-connection
// sequence_num turned into book chains (clean, interleaved, broken); acks, errors, garbage; then the recordings in
// ../shared/wire/coinbase (the legacy Pro feed and Coinbase International, other APIs) classified frame by frame, and
// the recorded Pro level-2 book re-enveloped as Advanced Trade l2_data through station/decode.ts.

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Account, BookEvent, MarketDataEvent } from "../../core/index.ts";
import { createDecoder, type DecodedItem } from "../../station/decode.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { COINBASE_BOOK, coinbase } from "./index.ts";
import { isoToMs } from "./parse.ts";
import { NO_SNAPSHOT_PREV_SEQ } from "./session.ts";
import { canonicalOfNative } from "./symbols.ts";

const RECV_US = 1_700_000_000_123_456;

function contextOf(account: Account, session = new Map<string, unknown>(), recvTsUs = RECV_US): ParseContext {
  return {
    exchange: "coinbase",
    account,
    recvTsUs,
    symbolOf: (native) => canonicalOfNative(native, account) ?? native,
    session,
  };
}

function parse(frame: unknown, context = contextOf("spot")): Parsed {
  return coinbase.ws.parse(typeof frame === "string" ? frame : JSON.stringify(frame), context);
}

function eventsOf(frame: unknown, context = contextOf("spot")): MarketDataEvent[] {
  const parsed = parse(frame, context);
  if (parsed.kind !== "events") throw new Error(`expected events, got ${JSON.stringify(parsed)}`);
  return parsed.events;
}

const base = (symbol: string, tsMs: number, account: Account = "spot") => ({
  exchange: "coinbase",
  account,
  symbol,
  tsMs,
  recvTsUs: RECV_US,
});

const envelope = (
  channel: string,
  sequence_num: number,
  events: unknown[],
  timestamp = "2023-02-09T20:32:50.714964855Z",
) => ({
  channel,
  client_id: "",
  timestamp,
  sequence_num,
  events,
});

const level = (side: "bid" | "offer", price_level: string, new_quantity: string) => ({
  side,
  event_time: "2023-02-09T20:32:50.714964855Z",
  price_level,
  new_quantity,
});

const l2 = (seq: number, type: "snapshot" | "update", product: string, updates: unknown[]) =>
  envelope("l2_data", seq, [{ type, product_id: product, updates }]);

const TS_MS = Date.UTC(2023, 1, 9, 20, 32, 50, 714);

describe("times", () => {
  test("RFC 3339 with nanoseconds, microseconds, none, and offsets", () => {
    expect(isoToMs("2023-02-09T20:32:50.714964855Z")).toBe(TS_MS);
    expect(isoToMs("2019-08-14T20:42:27.265Z")).toBe(Date.UTC(2019, 7, 14, 20, 42, 27, 265));
    expect(isoToMs("2023-02-09T20:32:50Z")).toBe(Date.UTC(2023, 1, 9, 20, 32, 50));
    expect(isoToMs("2023-02-09T22:32:50.5+02:00")).toBe(Date.UTC(2023, 1, 9, 20, 32, 50, 500));
    expect(isoToMs("2023-02-09T20:32:50")).toBeNaN();
    expect(isoToMs(42)).toBeNaN();
  });
});

describe("level2 (l2_data)", () => {
  test("docs snapshot → BookEvent snapshot with seq = sequence_num; sides bid/offer; envelope time", () => {
    const frame = l2(0, "snapshot", "BTC-USD", [
      level("bid", "21921.73", "0.06317902"),
      level("bid", "21921.3", "0.02"),
      level("offer", "21921.74", "1.5"),
    ]);
    expect(eventsOf(frame)).toEqual([
      {
        kind: "book",
        ...base("BTC/USD", TS_MS),
        type: "snapshot",
        bids: [
          [21921.73, 0.06317902],
          [21921.3, 0.02],
        ],
        asks: [[21921.74, 1.5]],
        seq: 0,
      },
    ]);
  });

  test("updates chain to the product's previous l2 message whatever interleaves on the socket", () => {
    const context = contextOf("spot");
    eventsOf(l2(0, "snapshot", "BTC-USD", [level("bid", "100", "1"), level("offer", "101", "1")]), context);
    expect(
      parse(envelope("subscriptions", 1, [{ subscriptions: { level2: ["BTC-USD"] } }]), context),
    ).toEqual({
      kind: "ack",
      note: "subscriptions: level2 1",
    });
    eventsOf(l2(2, "snapshot", "ETH-USD", [level("bid", "10", "1"), level("offer", "11", "1")]), context);
    expect(
      parse(envelope("heartbeats", 3, [{ current_time: "x", heartbeat_counter: "1" }]), context),
    ).toEqual({
      kind: "ignored",
      reason: "heartbeat",
    });
    const btc = eventsOf(
      l2(4, "update", "BTC-USD", [level("bid", "100", "0"), level("offer", "101.5", "2")]),
      context,
    );
    expect(btc).toEqual([
      {
        kind: "book",
        ...base("BTC/USD", TS_MS),
        type: "delta",
        bids: [[100, 0]],
        asks: [[101.5, 2]],
        seq: 4,
        prevSeq: 0,
      },
    ]);
    const eth = eventsOf(l2(5, "update", "ETH-USD", [level("offer", "11", "3")]), context);
    expect(eth[0]).toMatchObject({ seq: 5, prevSeq: 2 });
    const btcAgain = eventsOf(l2(6, "update", "BTC-USD", [level("bid", "99", "1")]), context);
    expect(btcAgain[0]).toMatchObject({ seq: 6, prevSeq: 4 });
  });

  test("a jump in sequence_num breaks every book on the connection: next updates name the first missing number", () => {
    const context = contextOf("spot");
    eventsOf(l2(0, "snapshot", "BTC-USD", [level("bid", "100", "1")]), context);
    eventsOf(l2(1, "snapshot", "ETH-USD", [level("bid", "10", "1")]), context);
    eventsOf(l2(2, "update", "BTC-USD", [level("bid", "100", "2")]), context);
    // Messages 3 and 4 never arrive.
    expect(eventsOf(l2(5, "update", "ETH-USD", [level("bid", "10", "2")]), context)[0]).toMatchObject({
      seq: 5,
      prevSeq: 3,
    });
    expect(eventsOf(l2(6, "update", "BTC-USD", [level("bid", "100", "3")]), context)[0]).toMatchObject({
      seq: 6,
      prevSeq: 3,
    });
    // Once broken, each chain continues from its own last message again.
    expect(eventsOf(l2(7, "update", "BTC-USD", [level("bid", "100", "4")]), context)[0]).toMatchObject({
      seq: 7,
      prevSeq: 6,
    });
    // A fresh snapshot (after the tracker resubscribed) restarts the product's chain.
    eventsOf(l2(8, "snapshot", "ETH-USD", [level("bid", "10", "5")]), context);
    expect(eventsOf(l2(9, "update", "ETH-USD", [level("bid", "10", "6")]), context)[0]).toMatchObject({
      seq: 9,
      prevSeq: 8,
    });
  });

  test("a gap on another channel breaks the books too (the numbering is per connection)", () => {
    const context = contextOf("spot");
    eventsOf(l2(10, "snapshot", "BTC-USD", [level("bid", "100", "1")]), context);
    parse(envelope("heartbeats", 11, [{ current_time: "x", heartbeat_counter: 1 }]), context);
    parse(envelope("heartbeats", 13, [{ current_time: "x", heartbeat_counter: 3 }]), context);
    expect(eventsOf(l2(14, "update", "BTC-USD", [level("bid", "100", "2")]), context)[0]).toMatchObject({
      prevSeq: 12,
    });
  });

  test("an update of a product with no snapshot on this connection cannot chain", () => {
    expect(eventsOf(l2(3, "update", "BTC-USD", [level("bid", "100", "2")]))[0]).toMatchObject({
      seq: 3,
      prevSeq: NO_SNAPSHOT_PREV_SEQ,
    });
  });

  test("several products in one message share its sequence_num", () => {
    const context = contextOf("spot");
    eventsOf(l2(0, "snapshot", "BTC-USD", [level("bid", "100", "1")]), context);
    eventsOf(l2(1, "snapshot", "ETH-USD", [level("bid", "10", "1")]), context);
    const events = eventsOf(
      envelope("l2_data", 2, [
        { type: "update", product_id: "BTC-USD", updates: [level("bid", "100", "2")] },
        { type: "update", product_id: "ETH-USD", updates: [level("bid", "10", "2")] },
      ]),
      context,
    );
    expect(events.map((e) => [e.symbol, (e as BookEvent).seq, (e as BookEvent).prevSeq])).toEqual([
      ["BTC/USD", 2, 0],
      ["ETH/USD", 2, 1],
    ]);
  });

  test("US futures books on the linear account", () => {
    const frame = l2(0, "snapshot", "BIT-24APR26-CDE", [
      level("bid", "69160", "12"),
      level("offer", "69165", "3"),
    ]);
    expect(eventsOf(frame, contextOf("linear"))[0]).toMatchObject({
      ...base("BIT/USD:USD-260424", TS_MS, "linear"),
      type: "snapshot",
      bids: [[69160, 12]],
      asks: [[69165, 3]],
    });
  });

  test("a malformed message leaves the chains untouched", () => {
    const context = contextOf("spot");
    eventsOf(l2(0, "snapshot", "BTC-USD", [level("bid", "100", "1")]), context);
    expect(parse(l2(1, "update", "BTC-USD", [level("middle" as "bid", "100", "1")]), context)).toEqual({
      kind: "unmatched",
      topic: "l2_data (malformed)",
    });
    expect(eventsOf(l2(2, "update", "BTC-USD", [level("bid", "100", "2")]), context)[0]).toMatchObject({
      prevSeq: 0,
    });
  });
});

describe("market_trades", () => {
  const trade = (trade_id: string, side: "BUY" | "SELL", time: string, price = "1260.01") => ({
    trade_id,
    product_id: "ETH-USD",
    price,
    size: "0.3",
    side,
    time,
  });

  test("side is the maker's: SELL was a taker buy; fills come out oldest first", () => {
    const frame = envelope("market_trades", 5, [
      {
        type: "update",
        trades: [
          trade("101", "BUY", "2019-08-14T20:42:27.300Z", "1260.00"),
          trade("100", "SELL", "2019-08-14T20:42:27.265Z"),
        ],
      },
    ]);
    expect(eventsOf(frame)).toEqual([
      {
        kind: "trade",
        ...base("ETH/USD", Date.UTC(2019, 7, 14, 20, 42, 27, 265)),
        price: 1260.01,
        size: 0.3,
        side: "buy",
        tradeId: "100",
      },
      {
        kind: "trade",
        ...base("ETH/USD", Date.UTC(2019, 7, 14, 20, 42, 27, 300)),
        price: 1260,
        size: 0.3,
        side: "sell",
        tradeId: "101",
      },
    ]);
  });

  test("fills of one instant order by numeric id; the subscribe snapshot is history, not emitted", () => {
    const time = "2019-08-14T20:42:27.265Z";
    const frame = envelope("market_trades", 1, [
      { type: "update", trades: [trade("1000", "BUY", time), trade("999", "BUY", time)] },
    ]);
    expect(eventsOf(frame).map((e) => (e as { tradeId: string }).tradeId)).toEqual(["999", "1000"]);
    expect(
      parse(envelope("market_trades", 0, [{ type: "snapshot", trades: [trade("1", "BUY", time)] }])),
    ).toEqual({
      kind: "ignored",
      reason: "market_trades snapshot (fills from before the subscription)",
    });
  });

  test("a fill without a usable side, price or time makes the message malformed", () => {
    const bad = { ...trade("1", "BUY", "2019-08-14T20:42:27.265Z"), side: "UNKNOWN" };
    expect(parse(envelope("market_trades", 1, [{ type: "update", trades: [bad] }]))).toEqual({
      kind: "unmatched",
      topic: "market_trades (malformed)",
    });
    const noTime = { ...trade("1", "BUY", "yesterday") };
    expect(parse(envelope("market_trades", 1, [{ type: "update", trades: [noTime] }]))).toEqual({
      kind: "unmatched",
      topic: "market_trades (malformed)",
    });
  });
});

describe("ticker, ticker_batch", () => {
  const ticker = {
    type: "ticker",
    product_id: "BTC-USD",
    price: "21932.98",
    volume_24_h: "16038.28770938",
    low_24_h: "21835.29",
    high_24_h: "23011.18",
    low_52_w: "15460",
    high_52_w: "48240",
    price_percent_chg_24_h: "-4.15775596190603",
    best_bid: "21931.98",
    best_bid_quantity: "8000.21",
    best_ask: "21933.98",
    best_ask_quantity: "8038.07770938",
  };
  const expected = {
    kind: "ticker" as const,
    ...base("BTC/USD", Date.UTC(2023, 1, 9, 20, 30, 37, 167)),
    last: 21932.98,
    bid: 21931.98,
    bidSize: 8000.21,
    ask: 21933.98,
    askSize: 8038.07770938,
    high24h: 23011.18,
    low24h: 21835.29,
    volume24h: 16038.28770938,
    changePct24h: -4.15775596190603,
  };

  test("docs ticker → TickerEvent at the envelope time", () => {
    const frame = envelope(
      "ticker",
      12,
      [{ type: "snapshot", tickers: [ticker] }],
      "2023-02-09T20:30:37.167359596Z",
    );
    expect(eventsOf(frame)).toEqual([expected]);
  });

  test("ticker_batch has the same shape", () => {
    const frame = envelope(
      "ticker_batch",
      3,
      [{ type: "update", tickers: [ticker] }],
      "2023-02-09T20:30:37.167Z",
    );
    expect(eventsOf(frame)).toEqual([expected]);
  });

  test("missing best bid/ask leave the fields out", () => {
    const { best_bid: _b, best_bid_quantity: _bq, best_ask: _a, best_ask_quantity: _aq, ...bare } = ticker;
    const [event] = eventsOf(envelope("ticker", 1, [{ type: "update", tickers: [bare] }]));
    expect(event).not.toHaveProperty("bid");
    expect(event).not.toHaveProperty("ask");
    expect(event).toMatchObject({ last: 21932.98 });
  });
});

describe("candles", () => {
  const candle = (start: number, close: string) => ({
    start: String(start),
    high: "1867.72",
    low: "1865.63",
    open: "1867.38",
    close,
    volume: "0.20269406",
    product_id: "ETH-USD",
  });
  const START_S = 1688998200;
  const kline = (startS: number, close: number, closed: boolean, tsMs: number) => ({
    kind: "kline" as const,
    ...base("ETH/USD", tsMs),
    interval: "5m",
    openTimeMs: startS * 1000,
    closeTimeMs: startS * 1000 + 299_999,
    open: 1867.38,
    high: 1867.72,
    low: 1865.63,
    close,
    volume: 0.20269406,
    closed,
  });

  test("the open 5m bucket is re-sent; when the next one starts, the last state is closed", () => {
    const context = contextOf("spot");
    const t1 = "2023-07-10T14:11:00.5Z";
    const t2 = "2023-07-10T14:15:00.2Z";
    expect(
      eventsOf(
        envelope("candles", 0, [{ type: "snapshot", candles: [candle(START_S, "1866.81")] }], t1),
        context,
      ),
    ).toEqual([kline(START_S, 1866.81, false, isoToMs(t1))]);
    expect(
      eventsOf(
        envelope("candles", 1, [{ type: "update", candles: [candle(START_S, "1866.9")] }], t1),
        context,
      ),
    ).toEqual([kline(START_S, 1866.9, false, isoToMs(t1))]);
    expect(
      eventsOf(
        envelope("candles", 2, [{ type: "update", candles: [candle(START_S + 300, "1867")] }], t2),
        context,
      ),
    ).toEqual([kline(START_S, 1866.9, true, isoToMs(t1)), kline(START_S + 300, 1867, false, isoToMs(t2))]);
  });

  test("an older bucket arriving late is emitted closed and does not replace the open one", () => {
    const context = contextOf("spot");
    eventsOf(envelope("candles", 0, [{ type: "update", candles: [candle(START_S + 300, "1")] }]), context);
    expect(
      eventsOf(envelope("candles", 1, [{ type: "update", candles: [candle(START_S, "2")] }]), context),
    ).toEqual([{ ...kline(START_S, 2, true, TS_MS) }]);
  });
});

describe("control frames", () => {
  test("subscriptions ack lists channel sizes", () => {
    expect(
      parse(
        envelope("subscriptions", 1, [
          { subscriptions: { level2: ["BTC-USD", "ETH-USD"], heartbeats: ["heartbeats"] } },
        ]),
      ),
    ).toEqual({ kind: "ack", note: "subscriptions: level2 2, heartbeats 1" });
    expect(parse(envelope("subscriptions", 1, [{ subscriptions: {} }]))).toEqual({
      kind: "ack",
      note: "subscriptions: none",
    });
  });

  test("errors become venue errors", () => {
    expect(parse({ type: "error", message: "failure to subscribe" })).toEqual({
      kind: "venue-error",
      message: "failure to subscribe",
      retryable: false,
    });
    expect(parse({ type: "error", message: "Failed to subscribe", reason: "rate limit exceeded" })).toEqual({
      kind: "venue-error",
      message: "Failed to subscribe: rate limit exceeded",
      retryable: true,
    });
  });

  test("channels dig3 does not subscribe to are reported by name", () => {
    expect(parse(envelope("status", 1, [{ type: "snapshot", products: [] }]))).toEqual({
      kind: "unmatched",
      topic: "status",
    });
  });

  test("legacy Exchange/Pro feed and Coinbase International frames are other APIs", () => {
    expect(parse({ type: "l2update", product_id: "BTC-EUR", changes: [["sell", "1", "2"]] })).toEqual({
      kind: "unmatched",
      topic: "legacy l2update (Coinbase Exchange/Pro feed, not Advanced Trade)",
    });
    expect(parse({ channel: "LEVEL2", type: "UPDATE", product_id: "SOL-PERP", sequence: 1 })).toEqual({
      kind: "unmatched",
      topic: "INTX LEVEL2 (Coinbase International feed, not Advanced Trade)",
    });
  });
});

describe("garbage never throws and is classified", () => {
  const cases: [string, unknown, Parsed][] = [
    ["empty string", "", { kind: "ignored", reason: "empty frame" }],
    ["whitespace", " \n", { kind: "ignored", reason: "empty frame" }],
    ["not json", "pong", { kind: "unmatched", topic: "(not json)" }],
    ["truncated", '{"channel":"l2_data","events":[', { kind: "unmatched", topic: "(not json)" }],
    ["json null", "null", { kind: "unmatched", topic: "(not an object)" }],
    ["json array", "[1,2]", { kind: "unmatched", topic: "(not an object)" }],
    ["empty object", "{}", { kind: "unmatched", topic: "(unknown frame)" }],
    ["JS null", null, { kind: "unmatched", topic: "(not text)" }],
    ["JS number", 7, { kind: "unmatched", topic: "(not text)" }],
    [
      "l2 without sequence",
      '{"channel":"l2_data","timestamp":"2023-02-09T20:32:50Z","events":[]}',
      { kind: "unmatched", topic: "l2_data (no sequence_num)" },
    ],
    [
      "l2 bad time",
      '{"channel":"l2_data","timestamp":"soon","sequence_num":1,"events":[]}',
      { kind: "unmatched", topic: "l2_data (malformed)" },
    ],
    [
      "l2 updates not a list",
      '{"channel":"l2_data","timestamp":"2023-02-09T20:32:50Z","sequence_num":1,"events":[{"type":"update","product_id":"BTC-USD","updates":5}]}',
      { kind: "unmatched", topic: "l2_data (malformed)" },
    ],
    [
      "l2 no events",
      '{"channel":"l2_data","timestamp":"2023-02-09T20:32:50Z","sequence_num":1,"events":[]}',
      { kind: "ignored", reason: "l2_data without events" },
    ],
    [
      "trades not a list",
      '{"channel":"market_trades","timestamp":"2023-02-09T20:32:50Z","sequence_num":1,"events":[{"type":"update","trades":{}}]}',
      { kind: "unmatched", topic: "market_trades (malformed)" },
    ],
    [
      "ticker price an object",
      '{"channel":"ticker","timestamp":"2023-02-09T20:32:50Z","sequence_num":1,"events":[{"type":"update","tickers":[{"product_id":"BTC-USD","price":{}}]}]}',
      { kind: "unmatched", topic: "ticker (malformed)" },
    ],
    [
      "candle without start",
      '{"channel":"candles","timestamp":"2023-02-09T20:32:50Z","sequence_num":1,"events":[{"type":"update","candles":[{"product_id":"BTC-USD","open":"1","high":"1","low":"1","close":"1","volume":"1"}]}]}',
      { kind: "unmatched", topic: "candles (malformed)" },
    ],
    ["empty channel", '{"channel":"","events":[]}', { kind: "unmatched", topic: "(empty channel)" }],
    [
      "error without message",
      '{"type":"error"}',
      { kind: "venue-error", message: "request failed", retryable: false },
    ],
  ];
  test.each(cases)("%s", (_name, frame, expected) => {
    expect(coinbase.ws.parse(frame as string, contextOf("spot"))).toEqual(expected);
  });
});

describe("mutated docs frames never throw", () => {
  const frames: Record<string, unknown>[] = [
    l2(0, "snapshot", "BTC-USD", [level("bid", "1", "1"), level("offer", "2", "1")]),
    envelope("market_trades", 1, [
      {
        type: "update",
        trades: [
          {
            trade_id: "1",
            product_id: "BTC-USD",
            price: "1",
            size: "1",
            side: "BUY",
            time: "2023-02-09T20:32:50Z",
          },
        ],
      },
    ]),
    envelope("ticker", 2, [
      { type: "update", tickers: [{ type: "ticker", product_id: "BTC-USD", price: "1" }] },
    ]),
    envelope("candles", 3, [
      {
        type: "update",
        candles: [
          {
            start: "1688998200",
            open: "1",
            high: "1",
            low: "1",
            close: "1",
            volume: "1",
            product_id: "BTC-USD",
          },
        ],
      },
    ]),
    envelope("subscriptions", 4, [{ subscriptions: { level2: ["BTC-USD"] } }]),
  ];
  const oddValues: unknown[] = [null, 0, -1, 1.5, "", "x", [], {}, [null], { a: 1 }, true, "NaN", "1e999"];

  /** Every path to a leaf or node of a JSON value. */
  function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
    const out: (string | number)[][] = prefix.length > 0 ? [prefix] : [];
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        out.push(...pathsOf(item, [...prefix, i]));
      });
    } else if (value !== null && typeof value === "object")
      for (const [key, item] of Object.entries(value)) out.push(...pathsOf(item, [...prefix, key]));
    return out;
  }

  function withValueAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
    const copy = structuredClone(value) as Record<string | number, unknown>;
    let node = copy;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    node[path.at(-1)!] = replacement;
    return copy;
  }

  test("every field of every channel replaced by every odd value: a verdict, never an exception", () => {
    let verdicts = 0;
    const session = new Map<string, unknown>();
    for (const frame of frames) {
      for (const path of pathsOf(frame)) {
        for (const odd of oddValues) {
          const parsed = coinbase.ws.parse(
            JSON.stringify(withValueAt(frame, path, odd)),
            contextOf("spot", session),
          );
          expect(["events", "ack", "ignored", "unmatched", "venue-error"]).toContain(parsed.kind);
          verdicts++;
        }
      }
    }
    expect(verdicts).toBeGreaterThan(500);
  });
});

// ── a whole session through station/decode.ts ──────────────────────────────────────────────────────────────────

function decodeFrames(frames: unknown[], url = "wss://advanced-trade-ws.coinbase.com") {
  const decoder = createDecoder({ adapter: coinbase, bookDepth: 1 });
  const items: DecodedItem[] = [];
  frames.forEach((frame, i) => {
    const line = JSON.stringify({ ts: 1_700_000_000_000 + i, dir: "in", url, frame: JSON.stringify(frame) });
    for (const item of decoder.decodeLine(line)) items.push(item);
  });
  return { stats: decoder.stats, items };
}

describe("hand-written session through the decoder", () => {
  const session = [
    l2(0, "snapshot", "BTC-USD", [
      level("bid", "100", "1"),
      level("bid", "99", "2"),
      level("offer", "101", "1"),
    ]),
    envelope("subscriptions", 1, [{ subscriptions: { level2: ["BTC-USD"], heartbeats: ["heartbeats"] } }]),
    l2(2, "update", "BTC-USD", [level("offer", "100.5", "3")]),
    envelope("heartbeats", 3, [{ current_time: "x", heartbeat_counter: "1" }]),
    l2(4, "update", "BTC-USD", [level("bid", "100", "0")]),
    l2(5, "update", "BTC-USD", [level("bid", "99.5", "1")]),
  ];

  test("clean: every update applied, no resync, never crossed", () => {
    const { stats, items } = decodeFrames(session);
    expect(stats.resyncs).toBe(0);
    expect(items.filter((i) => i.kind === "book").map((i) => (i as BookEvent).type)).toEqual([
      "snapshot",
      "delta",
      "delta",
      "delta",
    ]);
    const tops = items.filter((i) => i.kind === "book_top");
    expect(tops.at(-1)).toMatchObject({ bids: [[99.5, 1]], asks: [[100.5, 3]] });
  });

  test("one message lost on the socket: the book resyncs at the next update", () => {
    const { stats, items } = decodeFrames(session.filter((_, i) => i !== 3));
    expect(stats.resyncs).toBe(1);
    expect(items.find((i) => i.kind === "book_resync")).toMatchObject({
      symbol: "BTC/USD",
      reason: "sequence gap: previous 2, update says 3",
    });
  });
});

// ── recorded traffic ───────────────────────────────────────────────────────────────────────────────────────────

const WIRE_DIR = join(import.meta.dir, "../../../../shared/wire/coinbase");
const HAS_WIRE = existsSync(WIRE_DIR);
if (!HAS_WIRE) console.log(`coinbase: ${WIRE_DIR} absent; skipping the recorded-traffic cases`);

interface WireLine {
  ts?: number;
  dir?: "in" | "out";
  url?: string;
  frame?: string;
}

function readLines(file: string): WireLine[] {
  return readFileSync(join(WIRE_DIR, file), "utf8")
    .split("\n")
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as WireLine);
}

/**
 * Per file: what each inbound frame became. None of the recordings is Advanced Trade: the cryptofeed session and the
 * tardis `coinbase` sample are the legacy Pro/Exchange feed, the tardis `coinbase-international` sample is INTX.
 */
const EXPECTED: Record<string, Record<string, number>> = {
  "pro-feed-level2-matches-ticker.ndjson": {
    "unmatched:legacy subscriptions (Coinbase Exchange/Pro feed, not Advanced Trade)": 3,
    "unmatched:legacy snapshot (Coinbase Exchange/Pro feed, not Advanced Trade)": 4,
    "unmatched:legacy l2update (Coinbase Exchange/Pro feed, not Advanced Trade)": 1323,
    "unmatched:legacy ticker (Coinbase Exchange/Pro feed, not Advanced Trade)": 10,
    "unmatched:legacy last_match (Coinbase Exchange/Pro feed, not Advanced Trade)": 4,
    "unmatched:legacy match (Coinbase Exchange/Pro feed, not Advanced Trade)": 6,
  },
  "tardis-pro-feed.ndjson": {
    "unmatched:legacy match (Coinbase Exchange/Pro feed, not Advanced Trade)": 1,
    "unmatched:legacy l2update (Coinbase Exchange/Pro feed, not Advanced Trade)": 3,
    "unmatched:legacy snapshot (Coinbase Exchange/Pro feed, not Advanced Trade)": 2,
    "unmatched:legacy ticker (Coinbase Exchange/Pro feed, not Advanced Trade)": 3,
  },
  "tardis-international.ndjson": {
    "unmatched:INTX MATCH (Coinbase International feed, not Advanced Trade)": 1,
    "unmatched:INTX LEVEL2 (Coinbase International feed, not Advanced Trade)": 2,
    "unmatched:INTX LEVEL1 (Coinbase International feed, not Advanced Trade)": 1,
    "unmatched:INTX RISK (Coinbase International feed, not Advanced Trade)": 2,
    "unmatched:INTX FUNDING (Coinbase International feed, not Advanced Trade)": 2,
  },
};

describe.if(HAS_WIRE)("recorded WebSocket traffic", () => {
  test("every recorded file is covered", () => {
    const files = readdirSync(WIRE_DIR).filter((file) => file.endsWith(".ndjson"));
    expect(files.filter((file) => !(file in EXPECTED))).toEqual([]);
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    test(`${file}: every frame classified, none thrown`, () => {
      const counts: Record<string, number> = {};
      for (const line of readLines(file)) {
        if (line.dir === "out") continue;
        const parsed = coinbase.ws.parse(line.frame ?? "", contextOf("spot"));
        const key = parsed.kind === "unmatched" ? `unmatched:${parsed.topic}` : parsed.kind;
        counts[key] = (counts[key] ?? 0) + 1;
      }
      expect(counts).toEqual(expected);
    });
  }
});

/**
 * The recorded Pro level-2 session in today's envelope: the same books and fills, one `sequence_num` per message as
 * the Advanced Trade socket numbers them. Pro `buy`/`sell` levels are `bid`/`offer`; Pro `match.side` is the maker's,
 * as Advanced Trade's is. This is a test input built at run time, not a recording of the current API.
 */
function reenvelopeProSession(): unknown[] {
  const out: unknown[] = [];
  let seq = 0;
  for (const line of readLines("pro-feed-level2-matches-ticker.ndjson")) {
    if (line.dir !== "in") continue;
    const frame = JSON.parse(line.frame ?? "{}") as Record<string, unknown>;
    const timestamp = typeof frame.time === "string" ? frame.time : new Date(line.ts ?? 0).toISOString();
    const levels = (side: "bid" | "offer", rows: unknown) =>
      (rows as string[][]).map(([price, size]) => level(side, price!, size!));
    switch (frame.type) {
      case "snapshot":
        out.push(
          envelope(
            "l2_data",
            seq++,
            [
              {
                type: "snapshot",
                product_id: frame.product_id,
                updates: [...levels("bid", frame.bids), ...levels("offer", frame.asks)],
              },
            ],
            timestamp,
          ),
        );
        break;
      case "l2update": {
        const updates = (frame.changes as string[][]).map(([side, price, size]) =>
          level(side === "buy" ? "bid" : "offer", price!, size!),
        );
        out.push(
          envelope("l2_data", seq++, [{ type: "update", product_id: frame.product_id, updates }], timestamp),
        );
        break;
      }
      case "match":
      case "last_match":
        out.push(
          envelope(
            "market_trades",
            seq++,
            [
              {
                type: frame.type === "match" ? "update" : "snapshot",
                trades: [
                  {
                    trade_id: String(frame.trade_id),
                    product_id: frame.product_id,
                    price: frame.price,
                    size: frame.size,
                    side: String(frame.side).toUpperCase(),
                    time: frame.time,
                  },
                ],
              },
            ],
            timestamp,
          ),
        );
        break;
      default:
        out.push(
          envelope("heartbeats", seq++, [{ current_time: timestamp, heartbeat_counter: seq }], timestamp),
        );
    }
  }
  return out;
}

describe.if(HAS_WIRE)(
  "recorded Pro level-2 books in the Advanced Trade envelope, through station/decode.ts",
  () => {
    test("4 books rebuilt from their snapshots: every update chains, zero resyncs, never crossed", () => {
      const frames = reenvelopeProSession();
      const { stats, items } = decodeFrames(frames);
      expect(stats.resyncs).toBe(0);
      expect(stats.unmatched).toBe(0);
      const counts: Record<string, number> = {};
      for (const item of items) {
        const key = item.kind === "book" ? `book:${item.type}` : item.kind;
        counts[key] = (counts[key] ?? 0) + 1;
      }
      expect(counts).toEqual({ "book:snapshot": 4, "book:delta": 1323, book_top: 1327, trade: 6 });
      const lastSeq = new Map<string, number>();
      for (const item of items) {
        if (item.kind === "book") {
          if (item.type === "delta") expect(item.prevSeq).toBe(lastSeq.get(item.symbol));
          lastSeq.set(item.symbol, item.seq!);
        }
        if (item.kind === "book_top") {
          const bid = item.bids[0]?.[0];
          const ask = item.asks[0]?.[0];
          if (bid !== undefined && ask !== undefined) expect(bid).toBeLessThan(ask);
        }
      }
      expect([...lastSeq.keys()].sort()).toEqual(["BAND/GBP", "NU/GBP", "SKL/GBP", "YFI/BTC"]);
    });

    test("one message dropped mid-session: each book updated after it resyncs once, then waits for a snapshot", () => {
      const frames = reenvelopeProSession();
      const dropAt = 600;
      const { stats, items } = decodeFrames(frames.filter((_, i) => i !== dropAt));
      const resynced = items.filter((i) => i.kind === "book_resync").map((i) => i.symbol);
      // Every book with an update after the hole is broken: the drop does not say which product it was.
      const after = new Set(
        (frames.slice(dropAt + 1) as { channel: string; events: { product_id?: string }[] }[])
          .filter((f) => f.channel === "l2_data")
          .map((f) => canonicalOfNative(f.events[0]!.product_id!, "spot") ?? ""),
      );
      expect(new Set(resynced)).toEqual(after);
      expect(stats.resyncs).toBe(after.size);
      expect(resynced.length).toBe(after.size);
    });

    test("one update renumbered (a repeated sequence_num): the books chained after it resync", () => {
      const frames = reenvelopeProSession() as { channel: string; sequence_num: number }[];
      const at = frames.findIndex((f, i) => i > 700 && f.channel === "l2_data");
      frames[at] = { ...frames[at]!, sequence_num: frames[at]!.sequence_num - 1 };
      const { stats, items } = decodeFrames(frames);
      expect(stats.resyncs).toBeGreaterThan(0);
      const first = items.find((i) => i.kind === "book_resync");
      expect(first?.kind === "book_resync" && first.reason).toStartWith("sequence gap");
    });

    test("the declared rules are the ones the decoder enforced", () => {
      expect(coinbase.book).toBe(COINBASE_BOOK);
      expect(COINBASE_BOOK).toEqual({ snapshotFrom: "stream", chain: "prev-equals-last", bridge: "chain" });
    });
  },
);
