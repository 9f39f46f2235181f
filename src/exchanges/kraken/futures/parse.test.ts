// Kraken Futures WebSocket v1 parser on docs-shaped frames: book snapshot and sequenced deltas, trades and
// liquidations, the ticker fan-out (ticker, mark price, funding, open interest), ticker_lite and control replies.

import { describe, expect, test } from "bun:test";
import type { Account, MarketDataEvent } from "../../../core/index.ts";
import type { ParseContext, Parsed } from "../../_shared/adapter.ts";
import { canonicalOfNative } from "../symbols.ts";
import { parseKrakenFuturesFrame } from "./parse.ts";

const RECV_US = 1_700_000_000_123_456;

function contextOf(account: Account): ParseContext {
  return {
    exchange: "kraken",
    account,
    recvTsUs: RECV_US,
    symbolOf: (native) => canonicalOfNative(native, account) ?? native,
    session: new Map(),
  };
}

function parse(frame: unknown, account: Account = "linear"): Parsed {
  return parseKrakenFuturesFrame(
    typeof frame === "string" ? frame : JSON.stringify(frame),
    contextOf(account),
  );
}

function eventsOf(frame: unknown, account: Account = "linear"): MarketDataEvent[] {
  const parsed = parse(frame, account);
  if (parsed.kind !== "events") throw new Error(`expected events, got ${JSON.stringify(parsed)}`);
  return parsed.events;
}

const base = (account: Account, symbol: string, tsMs: number) => ({
  exchange: "kraken",
  account,
  symbol,
  tsMs,
  recvTsUs: RECV_US,
});

describe("book", () => {
  test("snapshot with its seq; levels as [price, size]", () => {
    const frame = {
      feed: "book_snapshot",
      product_id: "PF_XBTUSD",
      timestamp: 1612269825817,
      seq: 326072249,
      tickSize: null,
      bids: [
        { price: 34892.5, qty: 6385 },
        { price: 34892, qty: 10924 },
      ],
      asks: [{ price: 34911.5, qty: 20598 }],
    };
    expect(eventsOf(frame)).toEqual([
      {
        kind: "book",
        ...base("linear", "BTC/USD:USD", 1612269825817),
        type: "snapshot",
        bids: [
          [34892.5, 6385],
          [34892, 10924],
        ],
        asks: [[34911.5, 20598]],
        seq: 326072249,
      },
    ]);
  });

  test("delta: one level on its side, seq kept; qty 0 removes", () => {
    const frame = {
      feed: "book",
      product_id: "PI_XBTUSD",
      side: "sell",
      seq: 326094134,
      price: 34981,
      qty: 0,
      timestamp: 1612269953629,
    };
    expect(eventsOf(frame, "inverse")).toEqual([
      {
        kind: "book",
        ...base("inverse", "BTC/USD:BTC", 1612269953629),
        type: "delta",
        bids: [],
        asks: [[34981, 0]],
        seq: 326094134,
      },
    ]);
  });

  test("the account comes from the product id: one socket URL serves both families", () => {
    const frame = {
      feed: "book",
      product_id: "FI_ETHUSD_211231",
      side: "buy",
      seq: 1,
      price: 2000,
      qty: 1,
      timestamp: 1,
    };
    expect(eventsOf(frame, "linear")[0]).toMatchObject({ account: "inverse", symbol: "ETH/USD:ETH-211231" });
    expect(parse({ ...frame, side: "up" })).toEqual({ kind: "unmatched", topic: "book (malformed)" });
    expect(parse({ ...frame, seq: "x" })).toEqual({ kind: "unmatched", topic: "book (malformed)" });
  });
});

describe("trades and liquidations", () => {
  test("a fill is a trade with the uid as id; side is the taker's", () => {
    const frame = {
      feed: "trade",
      product_id: "PF_XBTUSD",
      uid: "05af78ac-a774-478c-a50c-8b9c234e071e",
      side: "sell",
      type: "fill",
      seq: 653355,
      time: 1612266317519,
      qty: 15000,
      price: 34969.5,
    };
    expect(eventsOf(frame)).toEqual([
      {
        kind: "trade",
        ...base("linear", "BTC/USD:USD", 1612266317519),
        price: 34969.5,
        size: 15000,
        side: "sell",
        tradeId: "05af78ac-a774-478c-a50c-8b9c234e071e",
      },
    ]);
  });

  test("a liquidation print is a trade and a liquidation; inverse has no value in one currency", () => {
    const frame = {
      feed: "trade",
      product_id: "PI_XRPUSD",
      uid: "3ee209b8-bc9f-4ed5-965b-8c6208b26411",
      side: "sell",
      type: "liquidation",
      seq: 41799,
      time: 1593561965283,
      qty: 12000,
      price: 0.1736,
    };
    const common = {
      ...base("inverse", "XRP/USD:XRP", 1593561965283),
      price: 0.1736,
      size: 12000,
      side: "sell" as const,
    };
    expect(eventsOf(frame, "inverse")).toEqual([
      { kind: "trade", ...common, tradeId: "3ee209b8-bc9f-4ed5-965b-8c6208b26411" },
      { kind: "liquidation", ...common },
    ]);
    const linear = eventsOf({ ...frame, product_id: "PF_XRPUSD" });
    expect(linear[1]).toMatchObject({ kind: "liquidation", account: "linear", value: 0.1736 * 12000 });
  });

  test("block and termination prints are not book trades", () => {
    const frame = {
      feed: "trade",
      product_id: "PF_XBTUSD",
      uid: "a",
      side: "buy",
      type: "block",
      seq: 1,
      time: 1,
      qty: 1,
      price: 1,
    };
    expect(parse(frame)).toEqual({ kind: "ignored", reason: "trade without order-book trades" });
    expect(parse({ ...frame, type: "termination" })).toMatchObject({ kind: "ignored" });
  });

  test("trade_snapshot: newest first on the wire, oldest first out", () => {
    const frame = {
      feed: "trade_snapshot",
      product_id: "PF_XBTUSD",
      trades: [
        {
          feed: "trade",
          product_id: "PF_XBTUSD",
          uid: "caa9c653-420b-4c24-a9f1-462a054d86f1",
          side: "sell",
          type: "fill",
          seq: 655508,
          time: 1612269657781,
          qty: 440,
          price: 34893,
        },
        {
          feed: "trade",
          product_id: "PF_XBTUSD",
          uid: "45ee9737-1877-4682-bc68-e4ef818ef88a",
          side: "sell",
          type: "fill",
          seq: 655507,
          time: 1612269656839,
          qty: 9643,
          price: 34891,
        },
      ],
    };
    expect(eventsOf(frame).map((event) => (event.kind === "trade" ? event.tradeId : ""))).toEqual([
      "45ee9737-1877-4682-bc68-e4ef818ef88a",
      "caa9c653-420b-4c24-a9f1-462a054d86f1",
    ]);
  });
});

describe("ticker", () => {
  const perpetual = {
    time: 1680307198986,
    product_id: "PF_XBTUSD",
    funding_rate: 0.05,
    funding_rate_prediction: 0.04,
    relative_funding_rate: 0.0000025,
    relative_funding_rate_prediction: 0.000002,
    next_funding_rate_time: 1680307200000,
    feed: "ticker",
    bid: 28499.5,
    ask: 28500,
    bid_size: 1.2,
    ask_size: 0.5,
    volume: 1500.5,
    dtm: 0,
    leverage: "50x",
    index: 28501.2,
    premium: -0.0,
    last: 28500,
    change: 1.25,
    suspended: false,
    tag: "perpetual",
    pair: "XBT:USD",
    openInterest: 2500.75,
    markPrice: 28500.4,
    maturityTime: 0,
    post_only: false,
    volumeQuote: 42_750_000,
  };

  test("one ticker frame → ticker, mark price, funding (relative rate) and open interest", () => {
    const at = base("linear", "BTC/USD:USD", 1680307198986);
    expect(eventsOf(perpetual)).toEqual([
      {
        kind: "ticker",
        ...at,
        last: 28500,
        bid: 28499.5,
        bidSize: 1.2,
        ask: 28500,
        askSize: 0.5,
        volume24h: 1500.5,
        quoteVolume24h: 42_750_000,
        changePct24h: 1.25,
      },
      { kind: "mark_price", ...at, markPrice: 28500.4, indexPrice: 28501.2 },
      { kind: "funding_rate", ...at, rate: 0.0000025, nextFundingTsMs: 1680307200000 },
      { kind: "open_interest", ...at, openInterest: 2500.75 },
    ]);
  });

  test("a zero funding rate is left out by Kraken: a perpetual still reports it, as 0", () => {
    const { funding_rate, relative_funding_rate, next_funding_rate_time, ...zero } = perpetual;
    const funding = eventsOf(zero).find((event) => event.kind === "funding_rate");
    expect(funding).toEqual({
      kind: "funding_rate",
      ...base("linear", "BTC/USD:USD", 1680307198986),
      rate: 0,
    });
  });

  test("a dated contract has no funding; an unlisted last (0) is not a price", () => {
    const dated = {
      ...perpetual,
      product_id: "FI_XBTUSD_230630",
      tag: "quarter",
      funding_rate: undefined,
      relative_funding_rate: undefined,
      next_funding_rate_time: undefined,
      last: 0,
    };
    const events = eventsOf(dated, "inverse");
    expect(events.map((event) => event.kind)).toEqual(["ticker", "mark_price", "open_interest"]);
    expect(events[0]).not.toHaveProperty("last");
    expect(events[0]!.symbol).toBe("BTC/USD:BTC-230630");
  });

  test("ticker_lite has no time: the receive time stands in", () => {
    const frame = {
      feed: "ticker_lite",
      product_id: "PI_XRPUSD",
      bid: 0.5881,
      ask: 0.5888,
      change: 4.086665492337493,
      premium: -0.0,
      volume: 3562602.0,
      tag: "perpetual",
      pair: "XRP:USD",
      dtm: 0,
      maturityTime: 0,
    };
    expect(eventsOf(frame, "inverse")).toEqual([
      {
        kind: "ticker",
        ...base("inverse", "XRP/USD:XRP", Math.floor(RECV_US / 1000)),
        bid: 0.5881,
        ask: 0.5888,
        volume24h: 3562602,
        changePct24h: 4.086665492337493,
      },
    ]);
  });
});

describe("control frames", () => {
  test("info, subscribed, unsubscribed, failures, errors, alerts, heartbeat", () => {
    expect(parse({ event: "info", version: 1 })).toEqual({ kind: "ignored", reason: "info: version 1" });
    expect(parse({ event: "subscribed", feed: "book", product_ids: ["PI_XRPUSD"] })).toEqual({
      kind: "ack",
      note: "subscribed book PI_XRPUSD",
    });
    expect(parse({ event: "unsubscribed", feed: "trade", product_ids: ["PF_XBTUSD"] })).toMatchObject({
      kind: "ack",
    });
    expect(parse({ event: "subscribed_failed", feed: "book", product_ids: ["PF_NOPE"] })).toEqual({
      kind: "venue-error",
      message: "subscribed_failed book PF_NOPE",
      retryable: false,
    });
    expect(parse({ event: "error", message: "Invalid product id" })).toEqual({
      kind: "venue-error",
      message: "error: Invalid product id",
      retryable: false,
    });
    expect(parse({ event: "alert", message: "Bad websocket message" })).toMatchObject({
      kind: "venue-error",
    });
    expect(parse({ feed: "heartbeat", time: 1534262350627 })).toEqual({
      kind: "ignored",
      reason: "heartbeat",
    });
    expect(parse({ feed: "open_orders", orders: [] })).toEqual({ kind: "unmatched", topic: "open_orders" });
  });
});
