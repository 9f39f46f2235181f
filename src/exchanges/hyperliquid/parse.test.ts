// HyperLiquid frame parser: docs-shaped messages for every channel → exact events (the market decided by the coin
// name), acks, pongs, errors and garbage → classified without throwing; then the recorded tardis sample in
// ../shared/wire/hyperliquid through the parser and through the station's decoder with HYPERLIQUID_BOOK.

import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Account, formatCanonical, type MarketDataEvent, withAccountSettle } from "../../core/index.ts";
import { createDecoder, type DecodedItem } from "../../station/decode.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { HYPERLIQUID_BOOK, hyperliquid } from "./index.ts";
import { fromHyperliquidNative } from "./symbols.ts";

const RECV_US = 1_730_160_000_123_456;
const RECV_MS = 1_730_160_000_123;

function contextOf(account: Account, session = new Map<string, unknown>()): ParseContext {
  return {
    exchange: "hyperliquid",
    account,
    recvTsUs: RECV_US,
    symbolOf: (native) => {
      const parts = fromHyperliquidNative(native, account);
      return parts ? formatCanonical(withAccountSettle(parts, account)) : native;
    },
    session,
  };
}

function parse(account: Account, frame: unknown, context = contextOf(account)): Parsed {
  return hyperliquid.ws.parse(typeof frame === "string" ? frame : JSON.stringify(frame), context);
}

function eventsOf(account: Account, frame: unknown, context = contextOf(account)): MarketDataEvent[] {
  const parsed = parse(account, frame, context);
  if (parsed.kind !== "events") throw new Error(`expected events, got ${JSON.stringify(parsed)}`);
  return parsed.events;
}

const base = (account: Account, symbol: string, tsMs: number) => ({
  exchange: "hyperliquid",
  account,
  symbol,
  tsMs,
  recvTsUs: RECV_US,
});

describe("l2Book", () => {
  test("every message is a snapshot: bids then asks, best first, no sequence", () => {
    const frame = {
      channel: "l2Book",
      data: {
        coin: "BTC",
        time: 1730160007687,
        levels: [
          [
            { px: "69997.0", sz: "1.5", n: 3 },
            { px: "69996.0", sz: "0.2", n: 1 },
          ],
          [{ px: "69998.0", sz: "0.7", n: 2 }],
        ],
      },
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "book",
        ...base("linear", "BTC/USDC:USDC", 1730160007687),
        type: "snapshot",
        bids: [
          [69997, 1.5],
          [69996, 0.2],
        ],
        asks: [[69998, 0.7]],
      },
    ]);
  });

  test("spot pair and empty book", () => {
    const [book] = eventsOf("spot", {
      channel: "l2Book",
      data: { coin: "PURR/USDC", time: 1, levels: [[], []] },
    });
    expect(book).toMatchObject({
      account: "spot",
      symbol: "PURR/USDC",
      bids: [],
      asks: [],
      type: "snapshot",
    });
  });

  test("malformed levels are unmatched, never thrown", () => {
    expect(
      parse("linear", { channel: "l2Book", data: { coin: "BTC", time: 1, levels: [[{ px: "x" }], []] } }),
    ).toEqual({
      kind: "unmatched",
      topic: "l2Book (malformed)",
    });
    expect(parse("linear", { channel: "l2Book", data: { coin: "BTC", time: 1, levels: [[]] } }).kind).toBe(
      "unmatched",
    );
  });
});

describe("trades", () => {
  test("side B: the taker bought; A: the taker sold; tid kept as text", () => {
    const frame = {
      channel: "trades",
      data: [
        {
          coin: "ETH",
          side: "B",
          px: "2500.1",
          sz: "0.5",
          time: 1730160006192,
          hash: "0xab",
          tid: 1016375172059570,
        },
        { coin: "ETH", side: "A", px: "2500.0", sz: "1", time: 1730160006193, hash: "0xcd", tid: 7 },
      ],
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "trade",
        ...base("linear", "ETH/USDC:USDC", 1730160006192),
        price: 2500.1,
        size: 0.5,
        side: "buy",
        tradeId: "1016375172059570",
      },
      {
        kind: "trade",
        ...base("linear", "ETH/USDC:USDC", 1730160006193),
        price: 2500,
        size: 1,
        side: "sell",
        tradeId: "7",
      },
    ]);
  });

  test("the coin decides the market: @107 is spot, kPEPE a perpetual upper-cased, xyz:XYZ100 keeps its name", () => {
    const trade = (coin: string) => ({
      channel: "trades",
      data: [{ coin, side: "B", px: "1", sz: "1", time: 1, hash: "0x", tid: 1 }],
    });
    expect(eventsOf("spot", trade("@107"))[0]).toMatchObject({ account: "spot", symbol: "@107" });
    expect(eventsOf("linear", trade("kPEPE"))[0]).toMatchObject({
      account: "linear",
      symbol: "KPEPE/USDC:USDC",
    });
    expect(eventsOf("linear", trade("xyz:XYZ100"))[0]).toMatchObject({
      account: "linear",
      symbol: "xyz:XYZ100",
    });
    // A perpetual on a connection opened for spot (a recording without URL) still lands on linear.
    expect(eventsOf("spot", trade("SOL"))[0]).toMatchObject({ account: "linear", symbol: "SOL/USDC:USDC" });
  });

  test("an unknown side or an empty batch", () => {
    expect(
      parse("linear", {
        channel: "trades",
        data: [{ coin: "ETH", side: "X", px: "1", sz: "1", time: 1, tid: 1 }],
      }),
    ).toEqual({ kind: "unmatched", topic: "trades (malformed)" });
    expect(parse("linear", { channel: "trades", data: [] })).toEqual({
      kind: "ignored",
      reason: "empty trades batch",
    });
  });
});

describe("candle", () => {
  const candle = (t: number, close: string) => ({
    channel: "candle",
    data: { t, T: t + 59_999, s: "BTC", i: "1m", o: "100", c: close, h: "102", l: "99", v: "3.5", n: 12 },
  });

  test("the bar in progress; the previous bar closed when the next one starts", () => {
    const session = new Map<string, unknown>();
    const context = contextOf("linear", session);
    const t0 = 1730160000000;
    expect(eventsOf("linear", candle(t0, "101"), context)).toEqual([
      {
        kind: "kline",
        ...base("linear", "BTC/USDC:USDC", RECV_MS),
        interval: "1m",
        openTimeMs: t0,
        closeTimeMs: t0 + 59_999,
        open: 100,
        high: 102,
        low: 99,
        close: 101,
        volume: 3.5,
        trades: 12,
        closed: false,
      },
    ]);
    expect(eventsOf("linear", candle(t0, "101.5"), context)).toHaveLength(1);
    const rolled = eventsOf("linear", candle(t0 + 60_000, "103"), context);
    expect(rolled.map((e) => e.kind === "kline" && [e.openTimeMs, e.close, e.closed])).toEqual([
      [t0, 101.5, true],
      [t0 + 60_000, 103, false],
    ]);
  });

  test("unknown interval is malformed", () => {
    const frame = candle(1, "1");
    (frame.data as Record<string, unknown>).i = "7m";
    expect(parse("linear", frame)).toEqual({ kind: "unmatched", topic: "candle (malformed)" });
  });
});

describe("activeAssetCtx and bbo", () => {
  const ctx = {
    channel: "activeAssetCtx",
    data: {
      coin: "BTC",
      ctx: {
        funding: "0.0000125",
        openInterest: "1000.5",
        prevDayPx: "100000.0",
        dayNtlVlm: "5000000.0",
        premium: "0.0001",
        oraclePx: "101000.0",
        markPx: "101010.0",
        midPx: "101005.0",
        impactPxs: ["101000.0", "101020.0"],
        dayBaseVlm: "50.0",
      },
    },
  };

  test("fans out into ticker, mark (oracle as index), hourly funding and open interest at the receive time", () => {
    const events = eventsOf("linear", ctx);
    const at = base("linear", "BTC/USDC:USDC", RECV_MS);
    expect(events).toEqual([
      { kind: "ticker", ...at, volume24h: 50, quoteVolume24h: 5_000_000, changePct24h: 1.01 },
      { kind: "mark_price", ...at, markPrice: 101010, indexPrice: 101000 },
      { kind: "funding_rate", ...at, rate: 0.0000125, nextFundingTsMs: 1730163600000 },
      { kind: "open_interest", ...at, openInterest: 1000.5, openInterestValue: 1000.5 * 101010 },
    ]);
  });

  test("bbo and the context merge into one ticker per connection", () => {
    const session = new Map<string, unknown>();
    const context = contextOf("linear", session);
    const bbo = {
      channel: "bbo",
      data: {
        coin: "BTC",
        time: 1730160000500,
        bbo: [
          { px: "101000.0", sz: "2.5", n: 4 },
          { px: "101001.0", sz: "0.5", n: 1 },
        ],
      },
    };
    expect(eventsOf("linear", bbo, context)).toEqual([
      {
        kind: "ticker",
        ...base("linear", "BTC/USDC:USDC", 1730160000500),
        bid: 101000,
        bidSize: 2.5,
        ask: 101001,
        askSize: 0.5,
      },
    ]);
    const [ticker] = eventsOf("linear", ctx, context);
    expect(ticker).toMatchObject({ bid: 101000, ask: 101001, quoteVolume24h: 5_000_000 });
    // A side that empties is dropped from the ticker rather than kept stale.
    const [oneSided] = eventsOf(
      "linear",
      { ...bbo, data: { ...bbo.data, bbo: [null, bbo.data.bbo[1]] } },
      context,
    );
    expect(oneSided).not.toHaveProperty("bid");
    expect(oneSided).toMatchObject({ ask: 101001, quoteVolume24h: 5_000_000 });
  });

  test("a spot context (activeSpotAssetCtx) yields the ticker only", () => {
    const events = eventsOf("spot", {
      channel: "activeSpotAssetCtx",
      data: {
        coin: "@107",
        ctx: {
          prevDayPx: "20.0",
          dayNtlVlm: "1000.0",
          markPx: "21.0",
          midPx: "21.01",
          circulatingSupply: "1",
          coin: "@107",
        },
      },
    });
    expect(events).toEqual([
      { kind: "ticker", ...base("spot", "@107", RECV_MS), quoteVolume24h: 1000, changePct24h: 5 },
    ]);
  });
});

describe("control frames and garbage", () => {
  test("subscriptionResponse → ack, pong → pong, error → venue error", () => {
    expect(
      parse("linear", {
        channel: "subscriptionResponse",
        data: { method: "subscribe", subscription: { type: "trades", coin: "SOL" } },
      }),
    ).toEqual({ kind: "ack", note: "subscribe trades SOL" });
    expect(parse("linear", { channel: "pong" })).toEqual({ kind: "pong" });
    expect(parse("linear", { channel: "error", data: 'Already subscribed: {"type":"trades"}' })).toEqual({
      kind: "venue-error",
      message: 'Already subscribed: {"type":"trades"}',
      retryable: false,
    });
  });

  test("known channels dig3 does not use are ignored; unknown ones unmatched; garbage never throws", () => {
    expect(parse("linear", { channel: "allMids", data: { mids: {} } }).kind).toBe("ignored");
    expect(parse("linear", { channel: "userFills", data: {} })).toEqual({
      kind: "unmatched",
      topic: "userFills",
    });
    for (const garbage of [
      "",
      "pong",
      "{",
      "[]",
      "null",
      "42",
      '{"data":1}',
      '{"channel":"trades","data":{}}',
    ]) {
      expect(() => parse("linear", garbage)).not.toThrow();
    }
    expect(parse("linear", "{").kind).toBe("unmatched");
    expect(parse("linear", "   ").kind).toBe("ignored");
    expect(parse("linear", { channel: "bbo", data: { coin: "BTC" } })).toEqual({
      kind: "unmatched",
      topic: "bbo (malformed)",
    });
  });
});

// ── recorded traffic ─────────────────────────────────────────────────────────────────────────────────────────────

const WIRE_DIR = join(import.meta.dir, "../../../../shared/wire/hyperliquid");
const TARDIS = join(WIRE_DIR, "tardis.ndjson");
const HAS_WIRE = existsSync(TARDIS);
if (!HAS_WIRE) console.log(`hyperliquid: ${TARDIS} absent, recorded-traffic tests skipped`);

function readLines(): string[] {
  return readFileSync(TARDIS, "utf8")
    .split("\n")
    .filter((line) => line.trim().length > 0);
}

function decodeAll(lines: readonly string[]) {
  const decoder = createDecoder({ adapter: hyperliquid, bookDepth: 1 });
  const items: DecodedItem[] = [];
  for (const line of lines) for (const item of decoder.decodeLine(line)) items.push(item);
  return { stats: decoder.stats, items };
}

describe.if(HAS_WIRE)("recorded tardis sample", () => {
  test("every frame classified, counts per event kind and market exact", () => {
    const counts: Record<string, number> = {};
    const session = new Map<string, unknown>();
    for (const text of readLines()) {
      const line = JSON.parse(text) as { frame: string };
      const parsed = hyperliquid.ws.parse(line.frame, contextOf("linear", session));
      if (parsed.kind === "events") {
        for (const event of parsed.events) {
          expect(event.exchange).toBe("hyperliquid");
          for (const [field, value] of Object.entries(event))
            if (typeof value === "number")
              expect(Number.isFinite(value), `${event.kind}.${field}`).toBe(true);
          counts[`${event.kind} ${event.account}`] = (counts[`${event.kind} ${event.account}`] ?? 0) + 1;
        }
      } else {
        counts[parsed.kind] = (counts[parsed.kind] ?? 0) + 1;
      }
    }
    // 4 trades frames (6 trades), 2 l2Book, activeAssetCtx (MOODENG) fanned out into 4, activeSpotAssetCtx (@2),
    // bbo for @162 (spot) and BTC (perpetual; the sample keeps the bid only).
    expect(counts).toEqual({
      "trade linear": 6,
      "book linear": 2,
      "ticker linear": 2,
      "mark_price linear": 1,
      "funding_rate linear": 1,
      "open_interest linear": 1,
      "ticker spot": 2,
    });
  });

  test("through the station's decoder: two snapshots, never crossed, no resync", () => {
    expect(hyperliquid.book).toBe(HYPERLIQUID_BOOK);
    const { stats, items } = decodeAll(readLines());
    expect(stats).toMatchObject({
      lines: 10,
      frames: 10,
      events: 15,
      unmatched: 0,
      venueErrors: 0,
      badLines: 0,
      resyncs: 0,
      staleDeltas: 0,
      deltasBeforeSnapshot: 0,
    });
    const tops = items.filter((item) => item.kind === "book_top");
    expect(tops).toEqual([
      {
        kind: "book_top",
        exchange: "hyperliquid",
        account: "linear",
        symbol: "SHIA/USDC:USDC",
        bids: [],
        asks: [],
      },
      {
        kind: "book_top",
        exchange: "hyperliquid",
        account: "linear",
        symbol: "BANANA/USDC:USDC",
        bids: [[59.8, 3.4]],
        asks: [[59.811, 2.9]],
      },
    ]);
  });

  test("one corrupted update (a bid above the best ask) is caught and resynced; the next snapshot heals", () => {
    const lines = readLines();
    const victim = lines.findIndex((line) => line.includes("BANANA"));
    expect(victim).toBeGreaterThan(0);
    const corrupted = lines[victim]!.replace('\\"px\\":\\"59.8\\"', '\\"px\\":\\"59.9\\"');
    expect(corrupted).not.toBe(lines[victim]);
    const { stats, items } = decodeAll([
      ...lines.slice(0, victim + 1).map((l, i) => (i === victim ? corrupted : l)),
      lines[victim]!,
    ]);
    const resyncs = items.filter((item) => item.kind === "book_resync");
    expect(resyncs).toHaveLength(1);
    expect(resyncs[0]).toMatchObject({ symbol: "BANANA/USDC:USDC", account: "linear" });
    expect(resyncs[0]!.kind === "book_resync" && resyncs[0]!.reason).toContain("crossed book");
    expect(stats.resyncs).toBe(1);
    // Every message is a snapshot: the clean one after it rebuilds the book at once.
    expect(items.at(-1)).toMatchObject({ kind: "book_top", symbol: "BANANA/USDC:USDC", bids: [[59.8, 3.4]] });
  });
});
