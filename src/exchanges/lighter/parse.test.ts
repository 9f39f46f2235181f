// Lighter frame parser: docs-shaped messages for every channel → exact events (markets named by market id, resolved
// through the context), control frames, errors and garbage → classified without throwing; then the recorded tardis
// sample in ../shared/wire/lighter through the parser and through the station's decoder with LIGHTER_BOOK.

import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Account, MarketDataEvent } from "../../core/index.ts";
import { createDecoder, type DecodedItem } from "../../station/decode.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { LIGHTER_BOOK, lighter } from "./index.ts";
import { LIGHTER_PONG } from "./parse.ts";

const RECV_US = 1_776_692_222_500_000;
const RECV_MS = 1_776_692_222_500;
const NAMES: Record<string, string> = { "0": "ETH/USDC:USDC", "1": "BTC/USDC:USDC", "2048": "ETH/USDC" };

function contextOf(account: Account = "linear", session = new Map<string, unknown>()): ParseContext {
  return {
    exchange: "lighter",
    account,
    recvTsUs: RECV_US,
    symbolOf: (native) => NAMES[native] ?? native,
    session,
  };
}

function parse(frame: unknown, context = contextOf()): Parsed {
  return lighter.ws.parse(typeof frame === "string" ? frame : JSON.stringify(frame), context);
}

function eventsOf(frame: unknown, context = contextOf()): MarketDataEvent[] {
  const parsed = parse(frame, context);
  if (parsed.kind !== "events") throw new Error(`expected events, got ${JSON.stringify(parsed)}`);
  return parsed.events;
}

const base = (symbol: string, tsMs: number, account: Account = "linear") => ({
  exchange: "lighter",
  account,
  symbol,
  tsMs,
  recvTsUs: RECV_US,
});

describe("order_book", () => {
  const snapshot = {
    type: "subscribed/order_book",
    channel: "order_book:1",
    offset: 10,
    timestamp: 1776692222420,
    order_book: {
      code: 0,
      asks: [{ price: "75300.5", size: "0.08303" }],
      bids: [{ price: "75300.4", size: "0.00117" }],
      offset: 10,
      nonce: 500,
      begin_nonce: 0,
    },
  };

  test("snapshot: nonce is the sequence, begin_nonce 0 is not a predecessor; venue text kept", () => {
    expect(eventsOf(snapshot)).toEqual([
      {
        ...base("BTC/USDC:USDC", 1776692222420),
        kind: "book",
        type: "snapshot",
        bids: [[75300.4, 0.00117, "75300.4", "0.00117"]],
        asks: [[75300.5, 0.08303, "75300.5", "0.08303"]],
        seq: 500,
      },
    ]);
  });

  test("update: prevSeq = begin_nonce, zero size kept (removes the level)", () => {
    const update = {
      ...snapshot,
      type: "update/order_book",
      order_book: {
        ...snapshot.order_book,
        asks: [{ price: "75300.5", size: "0.00000" }],
        bids: [],
        nonce: 512,
        begin_nonce: 500,
      },
    };
    expect(eventsOf(update)).toEqual([
      {
        ...base("BTC/USDC:USDC", 1776692222420),
        kind: "book",
        type: "delta",
        bids: [],
        asks: [[75300.5, 0, "75300.5", "0.00000"]],
        seq: 512,
        prevSeq: 500,
      },
    ]);
  });

  test("without a timestamp the receive time stands in; malformed → unmatched", () => {
    const { timestamp: _t, ...noTs } = snapshot;
    expect(eventsOf(noTs)[0]!.tsMs).toBe(RECV_MS);
    expect(parse({ type: "update/order_book", channel: "order_book:1" })).toEqual({
      kind: "unmatched",
      topic: "update/order_book (malformed)",
    });
  });
});

describe("trade", () => {
  const fill = (id: number, isMakerAsk: boolean, type = "trade") => ({
    trade_id: id,
    trade_id_str: String(id),
    type,
    market_id: 1,
    size: "0.5",
    price: "75000.1",
    usd_amount: "37500.05",
    is_maker_ask: isMakerAsk,
    timestamp: 1776690799874,
  });

  test("trades array: side is the taker's (is_maker_ask → buy); liquidation_trades → liquidations", () => {
    const events = eventsOf({
      type: "update/trade",
      channel: "trade:1",
      trades: [fill(7, true), fill(8, false)],
      liquidation_trades: [fill(9, true, "liquidation")],
    });
    const trade = {
      ...base("BTC/USDC:USDC", 1776690799874),
      kind: "trade" as const,
      price: 75000.1,
      size: 0.5,
    };
    expect(events).toEqual([
      { ...trade, side: "buy", tradeId: "7" },
      { ...trade, side: "sell", tradeId: "8" },
      {
        ...base("BTC/USDC:USDC", 1776690799874),
        kind: "liquidation",
        side: "buy",
        price: 75000.1,
        size: 0.5,
        value: 37500.05,
      },
    ]);
  });

  test("subscribed/trade batch parsed alike; an empty push gives no events", () => {
    expect(eventsOf({ type: "subscribed/trade", channel: "trade:1", trades: [fill(1, false)] })).toHaveLength(
      1,
    );
    expect(eventsOf({ type: "update/trade", channel: "trade:1", trades: [] })).toEqual([]);
    expect(eventsOf({ type: "update/trade", channel: "trade:1", trades: [{ price: "x" }, null] })).toEqual(
      [],
    );
  });
});

describe("market_stats", () => {
  const stats = {
    symbol: "BTC",
    market_id: 1,
    index_price: "75281.9",
    mark_price: "75241.1",
    open_interest: "150482200.0",
    last_trade_price: "75232.0",
    current_funding_rate: "0.0012",
    funding_rate: "0.0008",
    funding_timestamp: 1776693600000,
    daily_base_token_volume: 9180.5,
    daily_quote_token_volume: 686539466.3,
    daily_price_low: 73688.4,
    daily_price_high: 76127,
    daily_price_change: -0.76,
  };

  test("one market fans out into mark price, funding (percent → fraction), open interest, ticker", () => {
    const events = eventsOf({
      type: "update/market_stats",
      channel: "market_stats:1",
      timestamp: 1776692000000,
      market_stats: stats,
    });
    const b = base("BTC/USDC:USDC", 1776692000000);
    expect(events).toEqual([
      { ...b, kind: "mark_price", markPrice: 75241.1, indexPrice: 75281.9 },
      { ...b, kind: "funding_rate", rate: 0.0012 / 100, nextFundingTsMs: 1776693600000 },
      { ...b, kind: "open_interest", openInterest: 150482200 / 75241.1, openInterestValue: 150482200 },
      {
        ...b,
        kind: "ticker",
        last: 75232,
        high24h: 76127,
        low24h: 73688.4,
        volume24h: 9180.5,
        quoteVolume24h: 686539466.3,
        changePct24h: -0.76,
      },
    ]);
  });

  test("market_stats/all: a map keyed by market id, every market emitted", () => {
    const events = eventsOf({
      type: "subscribed/market_stats",
      channel: "market_stats:all",
      market_stats: { "0": { ...stats, market_id: 0 }, "1": stats },
    });
    expect(events).toHaveLength(8);
    expect(new Set(events.map((e) => e.symbol))).toEqual(new Set(["ETH/USDC:USDC", "BTC/USDC:USDC"]));
  });

  test("spot stats (spot_market_stats) without derivative fields give a ticker only", () => {
    const events = eventsOf(
      {
        type: "update/spot_market_stats",
        channel: "spot_market_stats:2048",
        spot_market_stats: { market_id: 2048, last_trade_price: "2300.5" },
      },
      contextOf("spot"),
    );
    expect(events).toEqual([{ ...base("ETH/USDC", RECV_MS, "spot"), kind: "ticker", last: 2300.5 }]);
  });
});

describe("ticker channel", () => {
  test("best bid/ask; an empty side is left out", () => {
    const events = eventsOf({
      type: "update/ticker",
      channel: "ticker:1",
      timestamp: 1776695867000,
      ticker: { s: "BTC", a: { price: "75531.6", size: "0.5" }, b: {} },
    });
    expect(events).toEqual([
      { ...base("BTC/USDC:USDC", 1776695867000), kind: "ticker", ask: 75531.6, askSize: 0.5 },
    ]);
    expect(parse({ type: "update/ticker", channel: "ticker:1" })).toMatchObject({ kind: "ignored" });
  });
});

describe("control frames, errors, garbage", () => {
  test("connected, pings, pongs, unsubscribed", () => {
    expect(parse({ session_id: "abc", type: "connected" })).toEqual({ kind: "ignored", reason: "connected" });
    expect(parse({ type: "ping" })).toEqual({ kind: "ping", reply: LIGHTER_PONG });
    expect(JSON.parse(LIGHTER_PONG)).toEqual({ type: "pong" });
    expect(parse({ type: "pong" })).toEqual({ kind: "pong" });
    expect(parse("pong")).toEqual({ kind: "pong" });
    expect(parse({ type: "unsubscribed", channel: "trade:1" })).toMatchObject({ kind: "ack" });
    expect(parse({ type: "subscribed/account_all" })).toMatchObject({ kind: "ack" });
  });

  test("errors become venue errors", () => {
    expect(parse({ error: { code: 30005, message: "Invalid Channel" } })).toEqual({
      kind: "venue-error",
      message: "30005 Invalid Channel",
      retryable: false,
    });
    expect(parse({ error: "bad" })).toMatchObject({ kind: "venue-error", message: "bad" });
  });

  test("garbage never throws", () => {
    for (const frame of [
      "",
      "   ",
      "{",
      "[1,2]",
      "null",
      "42",
      '{"type":5}',
      '{"type":"update/trade"}',
      '{"type":"x"}',
    ]) {
      expect(() => parse(frame)).not.toThrow();
    }
    expect(parse("{")).toEqual({ kind: "unmatched", topic: "(not json)" });
    expect(parse({ type: "update/candle" })).toEqual({ kind: "unmatched", topic: "update/candle" });
    expect(parse({ foo: 1 })).toEqual({ kind: "unmatched", topic: "(no type)" });
    expect(parse(42 as unknown as string)).toMatchObject({ kind: "unmatched" });
  });
});

// ── recorded traffic ─────────────────────────────────────────────────────────────────────────────────────────────

const WIRE_DIR = join(import.meta.dir, "../../../../shared/wire/lighter");
const TARDIS = join(WIRE_DIR, "tardis.ndjson");
const HAS_WIRE = existsSync(TARDIS);
if (!HAS_WIRE) console.log(`lighter: ${TARDIS} absent, recorded-traffic tests skipped`);

function readLines(): string[] {
  return readFileSync(TARDIS, "utf8")
    .split("\n")
    .filter((line) => line.trim().length > 0);
}

function decodeAll(lines: readonly string[]) {
  const decoder = createDecoder({ adapter: lighter, account: "linear", bookDepth: 1 });
  const items: DecodedItem[] = [];
  for (const line of lines) for (const item of decoder.decodeLine(line)) items.push(item);
  return { stats: decoder.stats, items };
}

describe.if(HAS_WIRE)("recorded tardis sample", () => {
  test("every frame classified, counts per event kind exact", () => {
    const counts: Record<string, number> = {};
    const session = new Map<string, unknown>();
    for (const text of readLines()) {
      const line = JSON.parse(text) as { frame: string };
      const parsed = lighter.ws.parse(line.frame, contextOf("linear", session));
      if (parsed.kind === "events") {
        for (const event of parsed.events) {
          expect(event.exchange).toBe("lighter");
          for (const [field, value] of Object.entries(event))
            if (typeof value === "number")
              expect(Number.isFinite(value), `${event.kind}.${field}`).toBe(true);
          counts[event.kind] = (counts[event.kind] ?? 0) + 1;
        }
      } else {
        counts[parsed.kind] = (counts[parsed.kind] ?? 0) + 1;
      }
    }
    // 4 trade frames: 2 + 1 + 0 + 0 trades, 1 + 0 + 1 + 0 liquidations (the last frame is empty); 2 order_book; 2 market_stats:all frames of
    // 2 markets, each fanned out into 4; 4 ticker frames, the last without a ticker object.
    expect(counts).toEqual({
      trade: 3,
      liquidation: 2,
      book: 2,
      mark_price: 4,
      funding_rate: 4,
      open_interest: 4,
      ticker: 7,
      ignored: 1,
    });
  });

  test("through the station's decoder: snapshot, update chained by nonce, never crossed, no resync", () => {
    expect(lighter.book).toBe(LIGHTER_BOOK);
    const { stats, items } = decodeAll(readLines());
    expect(stats).toMatchObject({
      lines: 12,
      frames: 12,
      unmatched: 0,
      venueErrors: 0,
      badLines: 0,
      resyncs: 0,
      staleDeltas: 0,
      deltasBeforeSnapshot: 0,
    });
    const tops = items.filter((item) => item.kind === "book_top");
    expect(tops).toHaveLength(2);
    for (const top of tops) {
      if (top.kind !== "book_top") continue;
      const bid = top.bids[0]?.[0];
      const ask = top.asks[0]?.[0];
      expect(bid !== undefined && ask !== undefined && bid < ask).toBe(true);
    }
    expect(tops.at(-1)).toMatchObject({ seq: 10382292188 });
  });

  test("one corrupted update (begin_nonce off by one) is caught as a gap and resynced", () => {
    const lines = readLines();
    const victim = lines.findIndex((line) => line.includes("update/order_book"));
    expect(victim).toBeGreaterThan(0);
    const corrupted = lines[victim]!.replace(
      '\\"begin_nonce\\":10382292136',
      '\\"begin_nonce\\":10382292135',
    );
    expect(corrupted).not.toBe(lines[victim]);
    const { stats, items } = decodeAll(lines.map((line, i) => (i === victim ? corrupted : line)));
    const resyncs = items.filter((item) => item.kind === "book_resync");
    expect(resyncs).toHaveLength(1);
    expect(resyncs[0]!.kind === "book_resync" && resyncs[0]!.reason).toContain("sequence gap");
    expect(stats.resyncs).toBe(1);
  });
});
