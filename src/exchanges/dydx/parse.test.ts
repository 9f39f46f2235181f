// dYdX v4 frame parser: docs-shaped frames for every channel → exact events (book uncrossed by message order,
// liquidations from LIQUIDATED fills, candles closed by their successor, v4_markets fanned out), acks, errors and
// garbage → classified without throwing; then the recordings in ../shared/wire/dydx (v3: retired API, unmatched;
// tardis-v4: current API) through the parser and through the station's decoder with DYDX_BOOK.

import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { formatCanonical, type MarketDataEvent, withAccountSettle } from "../../core/index.ts";
import { createDecoder, type DecodedItem } from "../../station/decode.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { DYDX_BOOK, dydx } from "./index.ts";
import { fromDydxNative } from "./symbols.ts";

const RECV_US = 1_730_160_000_123_456;
const RECV_MS = 1_730_160_000_123;

function contextOf(session = new Map<string, unknown>()): ParseContext {
  return {
    exchange: "dydx",
    account: "linear",
    recvTsUs: RECV_US,
    symbolOf: (native) => {
      const parts = fromDydxNative(native, "linear");
      return parts ? formatCanonical(withAccountSettle(parts, "linear")) : native;
    },
    session,
  };
}

function parse(frame: unknown, context = contextOf()): Parsed {
  return dydx.ws.parse(typeof frame === "string" ? frame : JSON.stringify(frame), context);
}

function eventsOf(frame: unknown, context = contextOf()): MarketDataEvent[] {
  const parsed = parse(frame, context);
  if (parsed.kind !== "events") throw new Error(`expected events, got ${JSON.stringify(parsed)}`);
  return parsed.events;
}

const BTC = { exchange: "dydx", account: "linear", symbol: "BTC/USD:USDC" } as const;

describe("control frames", () => {
  test("connected is ignored, unsubscribed is an ack, error is a venue error", () => {
    expect(parse({ type: "connected", connection_id: "c", message_id: 0 })).toEqual({
      kind: "ignored",
      reason: "connected",
    });
    expect(parse({ type: "unsubscribed", channel: "v4_trades", id: "BTC-USD", message_id: 3 })).toEqual({
      kind: "ack",
      note: "unsubscribed v4_trades BTC-USD",
    });
    expect(
      parse({ type: "error", message: "Invalid subscribe message: channel not found", connection_id: "c" }),
    ).toEqual({
      kind: "venue-error",
      message: "Invalid subscribe message: channel not found",
      retryable: false,
    });
  });

  test("subscribed trades / candles are acks (their history is REST's job)", () => {
    expect(
      parse({ type: "subscribed", channel: "v4_trades", id: "BTC-USD", contents: { trades: [] } }),
    ).toEqual({
      kind: "ack",
      note: "subscribed v4_trades BTC-USD",
    });
    expect(
      parse({ type: "subscribed", channel: "v4_candles", id: "BTC-USD/1MIN", contents: { candles: [] } })
        .kind,
    ).toBe("ack");
  });

  test("garbage never throws", () => {
    for (const frame of ["", "  ", "not json", "[]", "42", "null", '{"type":1}', '{"type":"channel_data"}']) {
      expect(() => parse(frame)).not.toThrow();
    }
    expect(parse("not json")).toEqual({ kind: "unmatched", topic: "(not json)" });
    expect(
      parse({
        type: "channel_data",
        channel: "v4_orderbook",
        id: "BTC-USD",
        contents: { bids: [["x", "1"]] },
      }),
    ).toEqual({
      kind: "unmatched",
      topic: "v4_orderbook (malformed)",
    });
    expect(parse({ type: "channel_data", channel: "v4_foo", id: "X", contents: {} })).toEqual({
      kind: "unmatched",
      topic: "v4_foo",
    });
    expect(
      parse({ type: "channel_batch_data", channel: "v4_trades", id: "BTC-USD", contents: {} }).kind,
    ).toBe("unmatched");
    expect(parse({ type: "channel_data", channel: "v3_orderbook", id: "BTC-USD", contents: {} })).toEqual({
      kind: "unmatched",
      topic: "v3_orderbook (dYdX v3, retired)",
    });
  });
});

describe("v4_orderbook", () => {
  const snapshot = {
    type: "subscribed",
    message_id: 1,
    channel: "v4_orderbook",
    id: "BTC-USD",
    contents: {
      bids: [
        { price: "100", size: "1" },
        { price: "99", size: "2" },
      ],
      asks: [
        { price: "101", size: "3" },
        { price: "102", size: "4" },
      ],
    },
  };

  test("the subscribed message is the snapshot, channel_data the deltas", () => {
    const context = contextOf();
    expect(eventsOf(snapshot, context)).toEqual([
      {
        ...BTC,
        kind: "book",
        type: "snapshot",
        tsMs: RECV_MS,
        recvTsUs: RECV_US,
        seq: 1,
        bids: [
          [100, 1],
          [99, 2],
        ],
        asks: [
          [101, 3],
          [102, 4],
        ],
      },
    ]);
    const delta = {
      type: "channel_data",
      message_id: 2,
      channel: "v4_orderbook",
      id: "BTC-USD",
      contents: { bids: [["99", "0"]] },
    };
    expect(eventsOf(delta, context)).toEqual([
      {
        ...BTC,
        kind: "book",
        type: "delta",
        tsMs: RECV_MS,
        recvTsUs: RECV_US,
        seq: 2,
        prevSeq: 1,
        bids: [[99, 0]],
        asks: [],
      },
    ]);
  });

  test("a crossing update removes the older crossing level (message order is the logical time)", () => {
    const context = contextOf();
    eventsOf(snapshot, context);
    // A new bid at 101.5 crosses the asks 101 (older): the ask at 101 is dropped; 102 is above, untouched.
    const crossing = {
      type: "channel_data",
      message_id: 5,
      channel: "v4_orderbook",
      id: "BTC-USD",
      contents: { bids: [["101.5", "1"]] },
    };
    expect(eventsOf(crossing, context)).toMatchObject([
      { type: "delta", bids: [[101.5, 1]], asks: [[101, 0]] },
    ]);
    // Now a newer ask at 101 crosses the bid 101.5 set before it: the bid goes.
    const back = {
      type: "channel_data",
      message_id: 6,
      channel: "v4_orderbook",
      id: "BTC-USD",
      contents: { asks: [["101", "2"]] },
    };
    expect(eventsOf(back, context)).toMatchObject([{ type: "delta", bids: [[101.5, 0]], asks: [[101, 2]] }]);
  });

  test("batched updates apply in order; a crossed snapshot is left for the tracker", () => {
    const context = contextOf();
    eventsOf(snapshot, context);
    const batch = {
      type: "channel_batch_data",
      message_id: 7,
      channel: "v4_orderbook",
      id: "BTC-USD",
      version: "1.0.0",
      contents: [
        { bids: [["100", "5"]] },
        {
          asks: [
            ["101", "0"],
            ["103", "1"],
          ],
        },
      ],
    };
    expect(eventsOf(batch, context)).toMatchObject([
      { type: "delta", bids: [[100, 5]], asks: [] },
      {
        type: "delta",
        bids: [],
        asks: [
          [101, 0],
          [103, 1],
        ],
      },
    ]);
    const crossed = {
      ...snapshot,
      contents: { bids: [{ price: "105", size: "1" }], asks: [{ price: "101", size: "1" }] },
    };
    expect(eventsOf(crossed, context)).toMatchObject([
      { type: "snapshot", bids: [[105, 1]], asks: [[101, 1]] },
    ]);
  });
});

describe("v4_trades", () => {
  test("trades with ids; a LIQUIDATED fill is also a liquidation", () => {
    const frame = {
      type: "channel_data",
      channel: "v4_trades",
      id: "BTC-USD",
      message_id: 4,
      contents: {
        trades: [
          {
            id: "a1",
            size: "0.5",
            price: "60000",
            side: "BUY",
            createdAt: "2024-08-22T23:59:58.855Z",
            type: "LIMIT",
          },
          {
            id: "a2",
            size: "0.1",
            price: "59990",
            side: "SELL",
            createdAt: "2024-08-22T23:59:59.000Z",
            type: "LIQUIDATED",
          },
        ],
      },
    };
    const t1 = Date.parse("2024-08-22T23:59:58.855Z");
    const t2 = Date.parse("2024-08-22T23:59:59.000Z");
    expect(eventsOf(frame)).toEqual([
      {
        ...BTC,
        kind: "trade",
        tsMs: t1,
        recvTsUs: RECV_US,
        price: 60000,
        size: 0.5,
        side: "buy",
        tradeId: "a1",
      },
      {
        ...BTC,
        kind: "trade",
        tsMs: t2,
        recvTsUs: RECV_US,
        price: 59990,
        size: 0.1,
        side: "sell",
        tradeId: "a2",
      },
      {
        ...BTC,
        kind: "liquidation",
        tsMs: t2,
        recvTsUs: RECV_US,
        price: 59990,
        size: 0.1,
        side: "sell",
        value: 5999,
      },
    ]);
  });
});

describe("v4_candles", () => {
  const candle = (startedAt: string, close: string) => ({
    type: "channel_data",
    channel: "v4_candles",
    id: "BTC-USD/1MIN",
    message_id: 9,
    contents: {
      startedAt,
      ticker: "BTC-USD",
      resolution: "1MIN",
      low: "59000",
      high: "61000",
      open: "60000",
      close,
      baseTokenVolume: "2",
      usdVolume: "120000",
      trades: 7,
      startingOpenInterest: "600",
    },
  });

  test("open bar, then the previous one closes when the next starts", () => {
    const context = contextOf();
    const open = Date.parse("2024-08-23T00:00:00.000Z");
    expect(eventsOf(candle("2024-08-23T00:00:00.000Z", "60100"), context)).toEqual([
      {
        ...BTC,
        kind: "kline",
        tsMs: open,
        recvTsUs: RECV_US,
        interval: "1m",
        openTimeMs: open,
        open: 60000,
        high: 61000,
        low: 59000,
        close: 60100,
        volume: 2,
        quoteVolume: 120000,
        trades: 7,
        closed: false,
      },
    ]);
    const next = eventsOf(candle("2024-08-23T00:01:00.000Z", "60200"), context);
    expect(next).toMatchObject([
      { kind: "kline", openTimeMs: open, close: 60100, closed: true },
      { kind: "kline", openTimeMs: open + 60_000, close: 60200, closed: false },
    ]);
  });
});

describe("v4_markets", () => {
  test("snapshot and updates fan out into mark price, funding, open interest and ticker", () => {
    const context = contextOf();
    const snapshot = {
      type: "subscribed",
      channel: "v4_markets",
      message_id: 1,
      contents: {
        markets: {
          "BTC-USD": {
            ticker: "BTC-USD",
            status: "ACTIVE",
            oraclePrice: "60000",
            priceChange24H: "-600",
            volume24H: "1000000",
            nextFundingRate: "0.00001",
            openInterest: "10",
          },
        },
      },
    };
    const events = eventsOf(snapshot, context);
    expect(events.map((event) => event.kind)).toEqual([
      "mark_price",
      "funding_rate",
      "open_interest",
      "ticker",
    ]);
    expect(events[0]).toEqual({
      ...BTC,
      kind: "mark_price",
      tsMs: RECV_MS,
      recvTsUs: RECV_US,
      markPrice: 60000,
      indexPrice: 60000,
    });
    expect(events[1]).toMatchObject({
      kind: "funding_rate",
      rate: 0.00001,
      nextFundingTsMs: 1_730_160_000_000 + 3_600_000 - (1_730_160_000_000 % 3_600_000),
    });
    expect(events[2]).toMatchObject({ kind: "open_interest", openInterest: 10, openInterestValue: 600_000 });
    expect(events[3]).toMatchObject({ kind: "ticker", quoteVolume24h: 1_000_000 });
    expect((events[3] as { changePct24h: number }).changePct24h).toBeCloseTo((-600 / 60600) * 100, 10);
    const oracle = eventsOf(
      {
        type: "channel_data",
        channel: "v4_markets",
        contents: {
          oraclePrices: { "BTC-USD": { oraclePrice: "60100", effectiveAt: "2024-08-23T00:00:54.301Z" } },
        },
      },
      context,
    );
    expect(oracle).toEqual([
      {
        ...BTC,
        kind: "mark_price",
        tsMs: Date.parse("2024-08-23T00:00:54.301Z"),
        recvTsUs: RECV_US,
        markPrice: 60100,
        indexPrice: 60100,
      },
    ]);
    const oi = eventsOf(
      {
        type: "channel_data",
        channel: "v4_markets",
        contents: { trading: { "BTC-USD": { id: "0", openInterest: "11" } } },
      },
      context,
    );
    expect(oi).toMatchObject([{ kind: "open_interest", openInterest: 11, openInterestValue: 11 * 60100 }]);
    expect(parse({ type: "channel_data", channel: "v4_markets", contents: { markets: {} } }).kind).toBe(
      "ignored",
    );
  });
});

// ── recorded traffic ─────────────────────────────────────────────────────────────────────────────────────────────

const WIRE_DIR = join(import.meta.dir, "../../../../shared/wire/dydx");
const V4 = join(WIRE_DIR, "tardis-v4.ndjson");
const V3_FILES = ["tardis-v3.ndjson", "v3-orderbook-trades.ndjson"].map((name) => join(WIRE_DIR, name));
const HAS_WIRE = existsSync(V4) && V3_FILES.every((file) => existsSync(file));
if (!HAS_WIRE) console.log(`dydx: recordings in ${WIRE_DIR} absent, recorded-traffic tests skipped`);

function readLines(file: string): string[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim().length > 0);
}

function decodeAll(lines: readonly string[]) {
  const decoder = createDecoder({ adapter: dydx, bookDepth: 1 });
  const items: DecodedItem[] = [];
  for (const line of lines) for (const item of decoder.decodeLine(line)) items.push(item);
  return { stats: decoder.stats, items };
}

describe.if(HAS_WIRE)("recorded traffic", () => {
  test("tardis-v4 (current API): every frame classified, counts per event kind exact", () => {
    const counts: Record<string, number> = {};
    const session = new Map<string, unknown>();
    for (const text of readLines(V4)) {
      const line = JSON.parse(text) as { frame: string };
      const parsed = dydx.ws.parse(line.frame, contextOf(session));
      if (parsed.kind === "events") {
        for (const event of parsed.events) {
          expect(event.exchange).toBe("dydx");
          for (const [field, value] of Object.entries(event))
            if (typeof value === "number")
              expect(Number.isFinite(value), `${event.kind}.${field}`).toBe(true);
          counts[event.kind] = (counts[event.kind] ?? 0) + 1;
        }
      } else counts[parsed.kind] = (counts[parsed.kind] ?? 0) + 1;
    }
    // 2 trades frames (3 trades, one LIQUIDATED), GRT snapshot + GRT and EGLD updates, the v4_markets snapshot
    // (BTC, ETH: 4 events each), a trading update (ETH open interest) and an oracle update (ETH mark).
    expect(counts).toEqual({
      trade: 3,
      liquidation: 1,
      book: 3,
      mark_price: 3,
      funding_rate: 2,
      open_interest: 3,
      ticker: 2,
    });
  });

  test("v3 recordings (retired API, shut down 2024) are classified unmatched, never parsed as v4", () => {
    const topics: Record<string, number> = {};
    for (const file of V3_FILES) {
      for (const text of readLines(file)) {
        const line = JSON.parse(text) as { frame: string; dir?: string };
        if (line.dir === "out") continue;
        const parsed = dydx.ws.parse(line.frame, contextOf());
        const key = parsed.kind === "unmatched" ? parsed.topic : parsed.kind;
        topics[key] = (topics[key] ?? 0) + 1;
      }
    }
    expect(topics).toEqual({
      "v3_orderbook (dYdX v3, retired)": 438,
      "v3_trades (dYdX v3, retired)": 7,
      "v3_markets (dYdX v3, retired)": 2,
      // The `connected` greeting is the same envelope in v3 and v4.
      ignored: 1,
    });
    expect(Object.values(topics).reduce((a, b) => a + b, 0)).toBe(11 + 437);
  });

  test("through the station's decoder: never crossed; GRT's update, from another connection than its snapshot, resyncs", () => {
    expect(dydx.book).toBe(DYDX_BOOK);
    const { stats, items } = decodeAll(readLines(V4));
    expect(stats).toMatchObject({
      lines: 8,
      frames: 8,
      events: 15,
      unmatched: 0,
      venueErrors: 0,
      badLines: 0,
      // The sample is stitched: GRT's snapshot is message 7 of connection 67838890…, its update message 5814 of
      // connection 86052893…, so nothing chains the update to the snapshot.
      resyncs: 1,
      staleDeltas: 0,
      // EGLD's update has no snapshot in the sample.
      deltasBeforeSnapshot: 1,
    });
    const resyncs = items.filter((item) => item.kind === "book_resync");
    expect(resyncs).toMatchObject([
      { symbol: "GRT/USD:USDC", reason: "sequence gap: previous 7, update says -1" },
    ]);
    const tops = items.filter((item) => item.kind === "book_top");
    expect(tops).toEqual([
      {
        kind: "book_top",
        exchange: "dydx",
        account: "linear",
        symbol: "GRT/USD:USDC",
        seq: 7,
        bids: [[0.1547, 35520]],
        asks: [[0.155, 3220]],
      },
    ]);
    const v3 = V3_FILES.map((file) => decodeAll(readLines(file)).stats);
    expect(v3.map((s) => [s.events, s.unmatched, s.resyncs])).toEqual([
      [0, 11, 0],
      [0, 436, 0],
    ]);
  });

  test("one corrupted snapshot (a bid above the ask in the same message) is caught and resynced", () => {
    const lines = readLines(V4);
    const victim = lines.findIndex(
      (line) => line.includes('\\"type\\":\\"subscribed\\"') && line.includes("GRT-USD"),
    );
    expect(victim).toBeGreaterThanOrEqual(0);
    const corrupted = lines[victim]!.replace('\\"price\\":\\"0.1547\\"', '\\"price\\":\\"0.156\\"');
    expect(corrupted).not.toBe(lines[victim]);
    const { stats, items } = decodeAll(lines.map((line, i) => (i === victim ? corrupted : line)));
    const resyncs = items.filter((item) => item.kind === "book_resync");
    expect(resyncs).toHaveLength(1);
    expect(resyncs[0]).toMatchObject({ symbol: "GRT/USD:USDC", account: "linear" });
    expect(resyncs[0]!.kind === "book_resync" && resyncs[0]!.reason).toContain("crossed");
    expect(stats.resyncs).toBe(1);
  });
});
