// Deribit frame parser: docs-shaped notifications for every stream on every market → exact events; JSON-RPC
// answers, errors, heartbeats and garbage → classified without throwing; then every recorded frame in
// ../shared/wire/deribit through the parser and through the station's decoder with the declared book rules.

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Account, type MarketDataEvent, parseCanonical } from "../../core/index.ts";
import { createDecoder, type DecodedItem } from "../../station/decode.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { DERIBIT_BOOK, deribit } from "./index.ts";
import { DERIBIT_TEST_REPLY } from "./subscribe.ts";
import { describeDeribitNative } from "./symbols.ts";

const RECV_US = 1_700_000_000_123_456;

function contextOf(account: Account, recvTsUs = RECV_US, session = new Map<string, unknown>()): ParseContext {
  return {
    exchange: "deribit",
    account,
    recvTsUs,
    symbolOf: (native) => describeDeribitNative(native)?.symbol ?? native,
    session,
  };
}

function parse(account: Account, frame: unknown, context = contextOf(account)): Parsed {
  return deribit.ws.parse(typeof frame === "string" ? frame : JSON.stringify(frame), context);
}

function eventsOf(account: Account, frame: unknown, context = contextOf(account)): MarketDataEvent[] {
  const parsed = parse(account, frame, context);
  if (parsed.kind !== "events") throw new Error(`expected events, got ${JSON.stringify(parsed)}`);
  return parsed.events;
}

function notification(channel: string, data: unknown) {
  return { jsonrpc: "2.0", method: "subscription", params: { channel, data } };
}

const base = (account: Account, symbol: string, tsMs: number) => ({
  exchange: "deribit",
  account,
  symbol,
  tsMs,
  recvTsUs: RECV_US,
});

describe("book", () => {
  test("snapshot: every level `new`, seq = change_id, no prevSeq", () => {
    const frame = notification("book.BTC-PERPETUAL.100ms", {
      type: "snapshot",
      timestamp: 1554373962454,
      instrument_name: "BTC-PERPETUAL",
      change_id: 297217,
      bids: [
        ["new", 5042.34, 30],
        ["new", 5041.94, 20],
      ],
      asks: [
        ["new", 5042.64, 40],
        ["new", 5043.3, 40],
      ],
    });
    expect(eventsOf("inverse", frame)).toEqual([
      {
        kind: "book",
        ...base("inverse", "BTC/USD:BTC", 1554373962454),
        type: "snapshot",
        bids: [
          [5042.34, 30],
          [5041.94, 20],
        ],
        asks: [
          [5042.64, 40],
          [5043.3, 40],
        ],
        seq: 297217,
      },
    ]);
  });

  test("change: delete → size 0, prevSeq = prev_change_id", () => {
    const frame = notification("book.BTC_USDC-PERPETUAL.100ms", {
      type: "change",
      timestamp: 1554373911330,
      prev_change_id: 297217,
      instrument_name: "BTC_USDC-PERPETUAL",
      change_id: 297218,
      bids: [["delete", 5041.94, 0]],
      asks: [
        ["change", 5042.64, 39],
        ["new", 5043.0, 1.5],
      ],
    });
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "book",
        ...base("linear", "BTC/USDC:USDC", 1554373911330),
        type: "delta",
        bids: [[5041.94, 0]],
        asks: [
          [5042.64, 39],
          [5043.0, 1.5],
        ],
        seq: 297218,
        prevSeq: 297217,
      },
    ]);
  });

  test("frames without `type` (before 2021): the one without prev_change_id is the snapshot", () => {
    const snapshot = notification("book.ETH-PERPETUAL.raw", {
      timestamp: 1564617600273,
      instrument_name: "ETH-PERPETUAL",
      change_id: 1776289261,
      bids: [["new", 217.8, 1895.0]],
      asks: [["new", 218.6, 179803.0]],
    });
    const change = notification("book.ETH-PERPETUAL.raw", {
      timestamp: 1564617654272,
      prev_change_id: 1776289261,
      instrument_name: "ETH-PERPETUAL",
      change_id: 1776294623,
      bids: [["delete", 217.8, 0.0]],
      asks: [],
    });
    expect(eventsOf("inverse", snapshot)[0]).toMatchObject({ type: "snapshot", seq: 1776289261 });
    expect(eventsOf("inverse", change)[0]).toMatchObject({
      type: "delta",
      seq: 1776294623,
      prevSeq: 1776289261,
    });
  });

  test("a snapshot's prev_change_id is dropped: it chains to nothing the client holds", () => {
    const frame = notification("book.LINK_USDC-PERPETUAL.raw", {
      type: "snapshot",
      timestamp: 1654041599955,
      instrument_name: "LINK_USDC-PERPETUAL",
      prev_change_id: 20,
      change_id: 1232767964,
      bids: [["new", 7.562, 34.0]],
      asks: [],
    });
    const [event] = eventsOf("linear", frame);
    expect(event).toMatchObject({ type: "snapshot", seq: 1232767964, symbol: "LINK/USDC:USDC" });
    expect(event).not.toHaveProperty("prevSeq");
  });

  test("the grouped book channel is not one dig3 subscribes to", () => {
    const frame = notification("book.BTC-PERPETUAL.none.10.100ms", {
      timestamp: 1,
      instrument_name: "BTC-PERPETUAL",
      change_id: 1,
      bids: [[1, 1]],
      asks: [],
    });
    expect(parse("inverse", frame)).toEqual({ kind: "unmatched", topic: "book (grouped)" });
  });
});

describe("trades and liquidations", () => {
  test("a batch: direction is the taker's, amount the size, trade_id kept as text", () => {
    const frame = notification("trades.BTC-PERPETUAL.100ms", [
      {
        trade_seq: 30289442,
        trade_id: "48079269",
        timestamp: 1590484512188,
        tick_direction: 2,
        price: 8950,
        mark_price: 8948.9,
        instrument_name: "BTC-PERPETUAL",
        index_price: 8955.88,
        direction: "sell",
        amount: 10,
      },
      {
        trade_seq: 30289443,
        trade_id: "48079270",
        timestamp: 1590484512190,
        tick_direction: 0,
        price: 8950.5,
        instrument_name: "BTC-PERPETUAL",
        direction: "buy",
        amount: 20,
      },
    ]);
    expect(eventsOf("inverse", frame)).toEqual([
      {
        kind: "trade",
        ...base("inverse", "BTC/USD:BTC", 1590484512188),
        price: 8950,
        size: 10,
        side: "sell",
        tradeId: "48079269",
      },
      {
        kind: "trade",
        ...base("inverse", "BTC/USD:BTC", 1590484512190),
        price: 8950.5,
        size: 20,
        side: "buy",
        tradeId: "48079270",
      },
    ]);
  });

  test("`liquidation`: T = the taker's side, M = the other side, MT = both; value in the quote currency", () => {
    const trade = (liquidation: string, direction: string) => ({
      trade_seq: 1,
      trade_id: `t-${liquidation}`,
      timestamp: 1584058044032,
      tick_direction: 3,
      price: 4469.5,
      liquidation,
      instrument_name: "BTC-PERPETUAL",
      index_price: 4805.41,
      direction,
      amount: 1120,
    });
    const events = eventsOf(
      "inverse",
      notification("trades.BTC-PERPETUAL.100ms", [
        trade("T", "sell"),
        trade("M", "sell"),
        trade("MT", "buy"),
      ]),
    );
    expect(
      events.map((e) =>
        e.kind === "liquidation" ? `liq ${e.side}` : e.kind === "trade" ? `trade ${e.side}` : e.kind,
      ),
    ).toEqual(["trade sell", "liq sell", "trade sell", "liq buy", "trade buy", "liq buy", "liq sell"]);
    expect(events[1]).toEqual({
      kind: "liquidation",
      ...base("inverse", "BTC/USD:BTC", 1584058044032),
      side: "sell",
      price: 4469.5,
      size: 1120,
      value: 1120,
    });
    const linear = eventsOf(
      "linear",
      notification("trades.BTC_USDC-PERPETUAL.100ms", [
        { ...trade("T", "sell"), instrument_name: "BTC_USDC-PERPETUAL", amount: 0.5 },
      ]),
    );
    expect(linear[1]).toMatchObject({ kind: "liquidation", value: 4469.5 * 0.5, symbol: "BTC/USDC:USDC" });
    const option = eventsOf(
      "option",
      notification("trades.BTC-27DEC24-100000-C.100ms", [
        { ...trade("M", "buy"), instrument_name: "BTC-27DEC24-100000-C", price: 0.05, amount: 1 },
      ]),
    );
    expect(option[1]).toEqual({
      kind: "liquidation",
      ...base("option", "BTC-27DEC24-100000-C", 1584058044032),
      side: "sell",
      price: 0.05,
      size: 1,
    });
  });

  test("spot trades; an empty batch is nothing to emit", () => {
    const frame = notification("trades.ETH_USDC.100ms", [
      {
        trade_seq: 5,
        trade_id: "ETH_USDC-123",
        timestamp: 1700000000000,
        tick_direction: 1,
        price: 2000.1,
        instrument_name: "ETH_USDC",
        direction: "buy",
        amount: 0.25,
      },
    ]);
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "trade",
        ...base("spot", "ETH/USDC", 1700000000000),
        price: 2000.1,
        size: 0.25,
        side: "buy",
        tradeId: "ETH_USDC-123",
      },
    ]);
    expect(parse("spot", notification("trades.ETH_USDC.100ms", []))).toEqual({
      kind: "ignored",
      reason: "empty trades batch",
    });
  });
});

describe("ticker fan-out", () => {
  const perpetual = {
    timestamp: 1623060194301,
    stats: {
      volume_usd: 284061480,
      volume: 7871.02139035,
      price_change: 0.7229,
      low: 35213.5,
      high: 36824.5,
    },
    state: "open",
    settlement_price: 36169.49,
    open_interest: 502097590,
    min_price: 35898.37,
    max_price: 36991.72,
    mark_price: 36446.51,
    last_price: 36457.5,
    interest_value: 1.7362511643080387,
    instrument_name: "BTC-PERPETUAL",
    index_price: 36441.64,
    funding_8h: 0.0000211,
    estimated_delivery_price: 36441.64,
    current_funding: 0,
    best_bid_price: 36442.5,
    best_bid_amount: 5000,
    best_ask_price: 36443,
    best_ask_amount: 100,
  };

  test("perpetual → ticker, mark price, funding (funding_8h) and open interest", () => {
    const at = base("inverse", "BTC/USD:BTC", 1623060194301);
    expect(eventsOf("inverse", notification("ticker.BTC-PERPETUAL.100ms", perpetual))).toEqual([
      {
        kind: "ticker",
        ...at,
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
      },
      { kind: "mark_price", ...at, markPrice: 36446.51, indexPrice: 36441.64 },
      { kind: "funding_rate", ...at, rate: 0.0000211 },
      { kind: "open_interest", ...at, openInterest: 502097590, openInterestValue: 502097590 },
    ]);
  });

  test("linear dated future: no funding; open interest valued at the mark", () => {
    const { funding_8h: _f, current_funding: _c, ...future } = perpetual;
    const data = {
      ...future,
      instrument_name: "BTC_USDC-28MAR25",
      open_interest: 12.5,
      stats: { ...perpetual.stats, volume_notional: 1234.5 },
    };
    const events = eventsOf("linear", notification("ticker.BTC_USDC-28MAR25.100ms", data));
    expect(events.map((e) => e.kind)).toEqual(["ticker", "mark_price", "open_interest"]);
    expect(events[0]).toMatchObject({ symbol: "BTC/USDC:USDC-250328", quoteVolume24h: 1234.5 });
    expect(events[2]).toMatchObject({ openInterest: 12.5, openInterestValue: 12.5 * 36446.51 });
  });

  test("option (recorded frame): empty sides and null stats are left out; no funding, no quote volume", () => {
    const data = {
      underlying_price: 1999.98,
      underlying_index: "ETH-27AUG21",
      timestamp: 1626993723632,
      stats: { volume: null, price_change: null, low: null, high: null },
      state: "open",
      settlement_price: 1.02,
      open_interest: 8.0,
      min_price: 0.9425,
      max_price: 1.09,
      mark_price: 1.005718,
      mark_iv: 117.2,
      last_price: 1.0165,
      interest_rate: 0.0,
      instrument_name: "ETH-27AUG21-4000-P",
      index_price: 2006.72,
      greeks: { vega: 0.56891, theta: -0.94207, rho: -3.80566, gamma: 0.00013, delta: -0.95701 },
      estimated_delivery_price: 2006.72,
      bid_iv: 0.0,
      best_bid_price: 0.0,
      best_bid_amount: 0.0,
      best_ask_price: 0.0,
      best_ask_amount: 0.0,
      ask_iv: 0.0,
    };
    const at = base("option", "ETH-27AUG21-4000-P", 1626993723632);
    expect(eventsOf("option", notification("ticker.ETH-27AUG21-4000-P.raw", data))).toEqual([
      { kind: "ticker", ...at, last: 1.0165 },
      { kind: "mark_price", ...at, markPrice: 1.005718, indexPrice: 2006.72 },
      { kind: "open_interest", ...at, openInterest: 8 },
    ]);
  });

  test("spot: the ticker alone", () => {
    const data = {
      timestamp: 1700000000000,
      instrument_name: "BTC_USDC",
      last_price: 37000,
      best_bid_price: 36999,
      best_bid_amount: 0.1,
      best_ask_price: 37001,
      best_ask_amount: 0.2,
      mark_price: 37000,
      index_price: 37000,
      stats: { volume: 10, volume_notional: 370000, high: 37500, low: 36500, price_change: -1.5 },
    };
    expect(eventsOf("spot", notification("ticker.BTC_USDC.100ms", data))).toEqual([
      {
        kind: "ticker",
        ...base("spot", "BTC/USDC", 1700000000000),
        last: 37000,
        bid: 36999,
        bidSize: 0.1,
        ask: 37001,
        askSize: 0.2,
        high24h: 37500,
        low24h: 36500,
        volume24h: 10,
        quoteVolume24h: 370000,
        changePct24h: -1.5,
      },
    ]);
  });
});

describe("klines (chart.trades)", () => {
  const chart = (tick: number, close: number) =>
    notification("chart.trades.BTC-PERPETUAL.1", {
      volume: 0.05219351,
      tick,
      open: 8869.79,
      low: 8788.25,
      high: 8870.31,
      cost: 460,
      close,
    });

  test("the bar in progress, then closed once the next bar starts", () => {
    const session = new Map<string, unknown>();
    const first = eventsOf("inverse", chart(1573645080000, 8791.25), contextOf("inverse", RECV_US, session));
    expect(first).toEqual([
      {
        kind: "kline",
        ...base("inverse", "BTC/USD:BTC", 1_700_000_000_123),
        interval: "1m",
        openTimeMs: 1573645080000,
        closeTimeMs: 1573645139999,
        open: 8869.79,
        high: 8870.31,
        low: 8788.25,
        close: 8791.25,
        volume: 0.05219351,
        quoteVolume: 460,
        closed: false,
      },
    ]);
    const update = eventsOf("inverse", chart(1573645080000, 8800), contextOf("inverse", RECV_US, session));
    expect(update.map((e) => e.kind === "kline" && [e.closed, e.close])).toEqual([[false, 8800]]);
    const next = eventsOf("inverse", chart(1573645140000, 8801), contextOf("inverse", RECV_US, session));
    expect(next.map((e) => e.kind === "kline" && [e.openTimeMs, e.closed, e.close, e.tsMs])).toEqual([
      [1573645080000, true, 8800, 1573645140000],
      [1573645140000, false, 8801, 1_700_000_000_123],
    ]);
  });

  test("resolutions map to canonical intervals; unknown ones are malformed", () => {
    const bar = (resolution: string) =>
      notification(`chart.trades.ETH_USDC.${resolution}`, {
        volume: 1,
        tick: 1700000000000,
        open: 1,
        low: 1,
        high: 1,
        cost: 1,
        close: 1,
      });
    for (const [resolution, interval] of [
      ["60", "1h"],
      ["720", "12h"],
      ["1D", "1d"],
    ]) {
      expect(eventsOf("spot", bar(resolution!))[0]).toMatchObject({ interval, symbol: "ETH/USDC" });
    }
    expect(parse("spot", bar("7"))).toEqual({ kind: "unmatched", topic: "chart.trades (malformed)" });
  });
});

describe("control frames", () => {
  test("subscribe / set_heartbeat answers are acks; public/test answers are pongs", () => {
    expect(parse("inverse", { jsonrpc: "2.0", id: 3, result: ["book.BTC-PERPETUAL.100ms"] })).toEqual({
      kind: "ack",
      note: "id 3: 1 channels",
    });
    expect(parse("inverse", { jsonrpc: "2.0", id: 4, result: "ok" })).toEqual({
      kind: "ack",
      note: "id 4: ok",
    });
    expect(parse("inverse", { jsonrpc: "2.0", id: 8212, result: { version: "1.2.26" } })).toEqual({
      kind: "pong",
    });
  });

  test("test_request is answered with public/test; heartbeat needs nothing", () => {
    expect(
      parse("inverse", { jsonrpc: "2.0", method: "heartbeat", params: { type: "test_request" } }),
    ).toEqual({
      kind: "ping",
      reply: DERIBIT_TEST_REPLY,
    });
    expect(JSON.parse(DERIBIT_TEST_REPLY)).toMatchObject({
      jsonrpc: "2.0",
      method: "public/test",
      params: {},
    });
    expect(parse("inverse", { jsonrpc: "2.0", method: "heartbeat", params: { type: "heartbeat" } })).toEqual({
      kind: "ignored",
      reason: "server heartbeat",
    });
  });

  test("errors: code, message and reason; rate limits and maintenance are retryable", () => {
    expect(
      parse("inverse", {
        jsonrpc: "2.0",
        id: 9,
        error: {
          message: "Invalid params",
          data: { reason: "wrong format", param: "channels" },
          code: -32602,
        },
      }),
    ).toEqual({
      kind: "venue-error",
      message: "code -32602: Invalid params: wrong format (channels) (request 9)",
      retryable: false,
    });
    expect(
      parse("inverse", { jsonrpc: "2.0", error: { message: "too_many_requests", code: 10028 } }),
    ).toEqual({
      kind: "venue-error",
      message: "code 10028: too_many_requests",
      retryable: true,
    });
  });

  test("channels dig3 does not subscribe to are reported by topic", () => {
    expect(
      parse(
        "inverse",
        notification("quote.BTC-PERPETUAL", {
          timestamp: 1,
          instrument_name: "BTC-PERPETUAL",
          best_bid_price: 1,
          best_ask_price: 2,
        }),
      ),
    ).toEqual({ kind: "unmatched", topic: "quote" });
    expect(parse("inverse", notification("deribit_price_index.btc_usd", { price: 1 }))).toEqual({
      kind: "unmatched",
      topic: "deribit_price_index",
    });
  });
});

describe("garbage never throws and is classified", () => {
  const cases: [string, unknown, Parsed][] = [
    ["empty string", "", { kind: "ignored", reason: "empty frame" }],
    ["not json", "pong", { kind: "unmatched", topic: "(not json)" }],
    [
      "truncated json",
      '{"jsonrpc":"2.0","method":"subscription","params":{',
      { kind: "unmatched", topic: "(not json)" },
    ],
    ["json null", "null", { kind: "unmatched", topic: "(not an object)" }],
    ["json array", "[1,2]", { kind: "unmatched", topic: "(not an object)" }],
    ["empty object", "{}", { kind: "unmatched", topic: "(unknown frame)" }],
    ["JS null", null, { kind: "unmatched", topic: "(not text)" }],
    [
      "subscription without params",
      '{"method":"subscription"}',
      { kind: "unmatched", topic: "(subscription without channel)" },
    ],
    [
      "empty channel",
      '{"method":"subscription","params":{"channel":"","data":{}}}',
      { kind: "unmatched", topic: "(empty channel)" },
    ],
    [
      "book data not an object",
      '{"method":"subscription","params":{"channel":"book.BTC-PERPETUAL.100ms","data":[]}}',
      { kind: "unmatched", topic: "book (malformed)" },
    ],
    [
      "book with a bad action",
      '{"method":"subscription","params":{"channel":"book.BTC-PERPETUAL.100ms","data":{"type":"change","timestamp":1,"instrument_name":"BTC-PERPETUAL","change_id":2,"prev_change_id":1,"bids":[["oops",1,1]],"asks":[]}}}',
      { kind: "unmatched", topic: "book (malformed)" },
    ],
    [
      "book with an unknown type",
      '{"method":"subscription","params":{"channel":"book.BTC-PERPETUAL.100ms","data":{"type":"weird","timestamp":1,"instrument_name":"BTC-PERPETUAL","change_id":2,"prev_change_id":1,"bids":[],"asks":[]}}}',
      { kind: "unmatched", topic: "book (malformed)" },
    ],
    [
      "trades not an array",
      '{"method":"subscription","params":{"channel":"trades.BTC-PERPETUAL.100ms","data":{}}}',
      { kind: "unmatched", topic: "trades (malformed)" },
    ],
    [
      "trade with a bad direction",
      '{"method":"subscription","params":{"channel":"trades.BTC-PERPETUAL.100ms","data":[{"trade_id":"1","timestamp":1700000000000,"price":1,"amount":1,"instrument_name":"BTC-PERPETUAL","direction":"up"}]}}',
      { kind: "unmatched", topic: "trades (malformed)" },
    ],
    [
      "ticker without time",
      '{"method":"subscription","params":{"channel":"ticker.BTC-PERPETUAL.100ms","data":{"instrument_name":"BTC-PERPETUAL"}}}',
      { kind: "unmatched", topic: "ticker (malformed)" },
    ],
    [
      "chart with a price an object",
      '{"method":"subscription","params":{"channel":"chart.trades.BTC-PERPETUAL.1","data":{"tick":1700000000000,"open":{},"high":1,"low":1,"close":1,"volume":1}}}',
      { kind: "unmatched", topic: "chart.trades (malformed)" },
    ],
    ["heartbeat without params", '{"method":"heartbeat"}', { kind: "ignored", reason: "server heartbeat" }],
  ];
  for (const account of ["spot", "inverse", "linear", "option"] as const) {
    test.each(cases)(`${account}: %s`, (_name, frame, expected) => {
      expect(deribit.ws.parse(frame as string, contextOf(account))).toEqual(expected);
    });
  }
});

// ── recorded traffic ───────────────────────────────────────────────────────────────────────────────────────────

const WIRE_DIR = join(import.meta.dir, "../../../../shared/wire/deribit");
const HAS_WIRE = existsSync(WIRE_DIR);
if (!HAS_WIRE) console.log(`deribit: ${WIRE_DIR} absent; skipping the recorded-traffic cases`);

interface WireLine {
  ts?: number;
  dir?: "in" | "out";
  frame?: string;
}

function readLines(file: string): string[] {
  return readFileSync(join(WIRE_DIR, file), "utf8")
    .split("\n")
    .filter((line) => line.trim().length > 0);
}

/**
 * Per file: what each inbound frame became, by event kind (and market) or verdict. The cryptofeed session is 2021
 * options (book, ticker; no option traded). The tardis samples are edited test inputs: `quote` is a channel dig3
 * does not use; the combos (BTC-STRD-…, BTC-FS-…, BTC-CSR12-…) have no plain name and take the decoding account.
 */
const EXPECTED_WS: Record<string, { account: Account; counts: Record<string, number> }> = {
  "v2-options-book-ticker.ndjson": {
    account: "option",
    counts: {
      ack: 1,
      "book option": 38,
      "ticker option": 56,
      "mark_price option": 56,
      "open_interest option": 56,
    },
  },
  "tardis-v2.ndjson": {
    account: "option",
    counts: {
      "trade inverse": 4,
      "liquidation inverse": 2,
      "unmatched:quote": 1,
      "book inverse": 2,
      "book option": 1,
      "book linear": 1,
      "ticker inverse": 2,
      "mark_price inverse": 2,
      "funding_rate inverse": 2,
      "open_interest inverse": 2,
      "ticker option": 8,
      "mark_price option": 8,
      "open_interest option": 8,
    },
  },
};

const MIN_TS_MS = Date.UTC(2018, 0, 1);
const MAX_TS_MS = Date.UTC(2035, 0, 1);

function assertSane(event: MarketDataEvent): void {
  expect(event.exchange).toBe("deribit");
  // Options (and combos) keep the instrument name as their symbol.
  if (event.account === "option") expect(event.symbol).toMatch(/^[A-Z0-9_]+-[A-Za-z0-9_-]+$/);
  else if (describeDeribitNative(event.symbol) === undefined) {
    const parts = parseCanonical(event.symbol);
    expect(parts, `canonical symbol: ${event.symbol}`).toBeDefined();
    if (event.account === "spot") expect(parts?.settle).toBeUndefined();
    else expect(parts?.settle).toBeDefined();
  }
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
        const line = JSON.parse(text) as WireLine;
        if (line.dir === "out") continue;
        const context = contextOf(expected.account, Math.round((line.ts ?? 0) * 1000), session);
        const parsed = deribit.ws.parse(line.frame ?? "", context);
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
});

function decodeAll(lines: readonly string[], account?: Account) {
  const decoder = createDecoder({ adapter: deribit, bookDepth: 1, ...(account ? { account } : {}) });
  const items: DecodedItem[] = [];
  for (const line of lines) for (const item of decoder.decodeLine(line)) items.push(item);
  return { stats: decoder.stats, items };
}

describe.if(HAS_WIRE)("recorded books through the station's decoder and DERIBIT_BOOK", () => {
  test("options session: snapshots from the stream, every change chains, never crossed, no resync", () => {
    expect(deribit.book).toBe(DERIBIT_BOOK);
    const { stats, items } = decodeAll(readLines("v2-options-book-ticker.ndjson"));
    expect(stats).toMatchObject({ badLines: 0, venueErrors: 0, unmatched: 0, resyncs: 0, staleDeltas: 0 });
    expect(stats.deltasBeforeSnapshot).toBe(0);
    const books = items.filter((item) => item.kind === "book");
    expect(books.filter((b) => b.type === "snapshot")).toHaveLength(5);
    expect(books.filter((b) => b.type === "delta")).toHaveLength(33);
    const last = new Map<string, number>();
    for (const item of items) {
      if (item.kind === "book") {
        expect(item.account).toBe("option");
        if (item.type === "delta") expect(item.prevSeq).toBe(last.get(item.symbol)!);
        last.set(item.symbol, item.seq!);
      }
      if (item.kind !== "book_top") continue;
      const bid = item.bids[0]?.[0];
      const ask = item.asks[0]?.[0];
      if (bid !== undefined && ask !== undefined) expect(bid).toBeLessThan(ask);
    }
    expect(last.size).toBe(5);
  });

  test("one corrupted change_id in the real session is caught and resynced", () => {
    const lines = readLines("v2-options-book-ticker.ndjson");
    const victim = lines.findIndex(
      (line, i) =>
        i > 20 && line.includes("book.BTC-24SEP21-8000-P") && line.includes('\\"type\\":\\"change'),
    );
    expect(victim).toBeGreaterThan(0);
    const corrupted = [...lines];
    corrupted[victim] = lines[victim]!.replace(
      /(prev_change_id\\":)(\d+)/,
      (_all, key, id) => `${key}${Number(id) - 1}`,
    );
    expect(corrupted[victim]).not.toBe(lines[victim]);
    const { stats, items } = decodeAll(corrupted);
    const resyncs = items.filter((item) => item.kind === "book_resync");
    expect(resyncs).toHaveLength(1);
    expect(resyncs[0]).toMatchObject({ symbol: "BTC-24SEP21-8000-P", account: "option" });
    expect(resyncs[0]!.kind === "book_resync" && resyncs[0]!.reason).toContain("sequence gap");
    expect(stats.resyncs).toBe(1);
    // The stream sends no new snapshot in the recording, so the book stays down: later changes wait.
    expect(stats.deltasBeforeSnapshot).toBeGreaterThan(0);
  });

  test("dropping one change is caught the same way", () => {
    const lines = readLines("v2-options-book-ticker.ndjson");
    const victim = lines.findIndex((line, i) => i > 20 && line.includes("book.BTC-24SEP21-8000-P"));
    const { items } = decodeAll(lines.filter((_line, i) => i !== victim));
    expect(items.filter((item) => item.kind === "book_resync")).toHaveLength(1);
  });

  test("tardis samples: the trimmed ETH-PERPETUAL pair does not chain (one resync); the lone change waits", () => {
    const { stats, items } = decodeAll(readLines("tardis-v2.ndjson"), "option");
    expect(stats.resyncs).toBe(1);
    expect(stats.deltasBeforeSnapshot).toBe(1);
    const resync = items.find((item) => item.kind === "book_resync");
    expect(resync).toMatchObject({ symbol: "ETH/USD:ETH", account: "inverse" });
    expect(resync!.kind === "book_resync" && resync!.reason).toBe(
      "sequence gap: previous 1776289261, update says 1776294621",
    );
  });
});
