// KuCoin frame parser: docs-shaped frames for every stream on spot and futures → exact events; welcome, ack, pong,
// errors and garbage → classified without throwing; then the recordings in ../shared/wire/kucoin: every frame
// classified and counted, books rebuilt through the station decoder with zero resyncs, and a broken chain caught.

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Account, type MarketDataEvent, parseCanonical } from "../../core/index.ts";
import { createDecoder, mergeRecordedLines } from "../../station/decode.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { kucoin } from "./index.ts";
import { msOfEpoch } from "./parse.ts";
import { canonicalOfKucoinNative } from "./symbols.ts";

const RECV_US = 1_700_000_000_123_456;
const RECV_MS = 1_700_000_000_123;

function contextOf(account: Account, recvTsUs = RECV_US, session = new Map<string, unknown>()): ParseContext {
  return {
    exchange: "kucoin",
    account,
    recvTsUs,
    symbolOf: (native) => canonicalOfKucoinNative(native, account) ?? native,
    session,
  };
}

function parse(account: Account, frame: unknown, context = contextOf(account)): Parsed {
  return kucoin.ws.parse(typeof frame === "string" ? frame : JSON.stringify(frame), context);
}

function eventsOf(account: Account, frame: unknown, context = contextOf(account)): MarketDataEvent[] {
  const parsed = parse(account, frame, context);
  if (parsed.kind !== "events") throw new Error(`expected events, got ${JSON.stringify(parsed)}`);
  return parsed.events;
}

const base = (account: Account, symbol: string, tsMs: number) => ({
  exchange: "kucoin",
  account,
  symbol,
  tsMs,
  recvTsUs: RECV_US,
});

describe("spot frames (docs examples)", () => {
  test("match → trade; side is the taker's, ns text time cut to ms", () => {
    const frame = {
      topic: "/market/match:BTC-USDT",
      type: "message",
      subject: "trade.l3match",
      data: {
        makerOrderId: "671b5007389355000701b1d3",
        price: "67523",
        sequence: "11067996711960577",
        side: "buy",
        size: "0.003",
        symbol: "BTC-USDT",
        takerOrderId: "671b50161777ff00074c168d",
        time: "1729843222921000000",
        tradeId: "11067996711960577",
        type: "match",
      },
    };
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "trade",
        ...base("spot", "BTC/USDT", 1729843222921),
        price: 67523,
        size: 0.003,
        side: "buy",
        tradeId: "11067996711960577",
      },
    ]);
  });

  test("level2 → delta with firstSeq = sequenceStart, seq = sequenceEnd; price-0 changes dropped", () => {
    const frame = {
      topic: "/market/level2:BTC-USDT",
      type: "message",
      subject: "trade.l2update",
      data: {
        changes: {
          asks: [
            ["67993.3", "1.21427407", "14701689783"],
            ["0", "0", "14701689784"],
          ],
          bids: [["67990.1", "0", "14701689785"]],
        },
        sequenceEnd: 14701689785,
        sequenceStart: 14701689783,
        symbol: "BTC-USDT",
        time: 1729816425625,
      },
    };
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "book",
        ...base("spot", "BTC/USDT", 1729816425625),
        type: "delta",
        bids: [[67990.1, 0]],
        asks: [[67993.3, 1.21427407]],
        seq: 14701689785,
        firstSeq: 14701689783,
      },
    ]);
  });

  test("level2 without `time` (2021 frames) takes the receive time", () => {
    const [event] = eventsOf("spot", {
      type: "message",
      topic: "/market/level2:BTC-USDT",
      subject: "trade.l2update",
      data: { sequenceStart: 5, symbol: "BTC-USDT", changes: { asks: [], bids: [] }, sequenceEnd: 5 },
    });
    expect(event).toMatchObject({ kind: "book", tsMs: RECV_MS, bids: [], asks: [], seq: 5, firstSeq: 5 });
  });

  test("candles: open bar, then a newer bar closes it with its last state", () => {
    const session = new Map<string, unknown>();
    const context = contextOf("spot", RECV_US, session);
    const frame = (start: string, close: string, time: number) => ({
      topic: "/market/candles:BTC-USDT_1hour",
      type: "message",
      subject: "trade.candles.update",
      data: {
        symbol: "BTC-USDT",
        candles: [start, "67644.9", close, "67724.8", "67243.8", "44.88321441", "3027558.991928447"],
        time: time,
      },
    });
    expect(eventsOf("spot", frame("1729839600", "67437.6", 1729842192785164800), context)).toEqual([
      {
        kind: "kline",
        ...base("spot", "BTC/USDT", 1729842192785),
        interval: "1h",
        openTimeMs: 1729839600000,
        closeTimeMs: 1729843199999,
        open: 67644.9,
        high: 67724.8,
        low: 67243.8,
        close: 67437.6,
        volume: 44.88321441,
        quoteVolume: 3027558.991928447,
        closed: false,
      },
    ]);
    const next = eventsOf("spot", frame("1729843200", "67500", 1729843201000000000), context);
    expect(
      next.map((event) => [event.kind, (event as { openTimeMs: number }).openTimeMs, event.tsMs]),
    ).toEqual([
      ["kline", 1729839600000, 1729843201000],
      ["kline", 1729843200000, 1729843201000],
    ]);
    expect(next.map((event) => (event as { closed: boolean }).closed)).toEqual([true, false]);
    expect(next[0]).toMatchObject({ close: 67437.6 });
    // A late frame for a bar already over is emitted closed and does not reopen it.
    const late = eventsOf("spot", frame("1729839600", "67440", 1729843202000000000), context);
    expect(late).toEqual([
      expect.objectContaining({ openTimeMs: 1729839600000, close: 67440, closed: true }),
    ]);
  });

  test("ticker → last and best bid/ask with sizes (the docs' `Time` spelling too)", () => {
    const data = {
      sequence: "1545896668986",
      price: "0.08",
      size: "0.011",
      bestAsk: "0.08",
      bestAskSize: "0.18",
      bestBid: "0.049",
      bestBidSize: "0.036",
    };
    const expected = {
      kind: "ticker" as const,
      ...base("spot", "BTC/USDT", 1704873323416),
      last: 0.08,
      bid: 0.049,
      bidSize: 0.036,
      ask: 0.08,
      askSize: 0.18,
    };
    for (const time of [{ time: 1704873323416 }, { Time: 1704873323416 }]) {
      expect(
        eventsOf("spot", {
          type: "message",
          topic: "/market/ticker:BTC-USDT",
          subject: "trade.ticker",
          data: { ...data, ...time },
        }),
      ).toEqual([expected]);
    }
  });
});

describe("futures frames (docs examples)", () => {
  test("execution → trade in contracts; ns number time", () => {
    const frame = {
      topic: "/contractMarket/execution:XBTUSDTM",
      type: "message",
      subject: "match",
      sn: 1794100537695,
      data: {
        symbol: "XBTUSDTM",
        sequence: 1794100537695,
        side: "buy",
        size: 2,
        price: "90503.9",
        takerOrderId: "247822202957807616",
        makerOrderId: "247822167163555840",
        tradeId: "1794100537695",
        ts: 1731898619520000000,
      },
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "trade",
        ...base("linear", "BTC/USDT:USDT", 1731898619520),
        price: 90503.9,
        size: 2,
        side: "buy",
        tradeId: "1794100537695",
      },
    ]);
  });

  test("level2 → one-level delta; seq = firstSeq = sequence; sell side is asks", () => {
    const frame = {
      topic: "/contractMarket/level2:XBTUSDM",
      type: "message",
      subject: "level2",
      sn: 1709400450243,
      data: { sequence: 1709400450243, change: "90631.2,sell,2", timestamp: 1731897467182 },
    };
    expect(eventsOf("inverse", frame)).toEqual([
      {
        kind: "book",
        ...base("inverse", "BTC/USD:BTC", 1731897467182),
        type: "delta",
        bids: [],
        asks: [[90631.2, 2]],
        seq: 1709400450243,
        firstSeq: 1709400450243,
      },
    ]);
    const removal = eventsOf("inverse", {
      ...frame,
      data: { sequence: 17, change: "3988.50,buy,0", timestamp: 1 },
    });
    expect(removal[0]).toMatchObject({ bids: [[3988.5, 0]], asks: [], seq: 17 });
  });

  test("limitCandle → kline from the `_1min` suffix; volume is the contracts count in the last place", () => {
    const frame = {
      topic: "/contractMarket/limitCandle:XBTUSDTM_1min",
      type: "message",
      data: {
        symbol: "XBTUSDTM",
        candles: ["1731898200", "90638.6", "90640.1", "90641.0", "90630.0", "21.0", "21"],
        time: 1731898208357,
      },
      subject: "candle.stick",
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "kline",
        ...base("linear", "BTC/USDT:USDT", 1731898208357),
        interval: "1m",
        openTimeMs: 1731898200000,
        closeTimeMs: 1731898259999,
        open: 90638.6,
        high: 90641,
        low: 90630,
        close: 90640.1,
        volume: 21,
        closed: false,
      },
    ]);
  });

  test("limitCandle `_1month` → a 1M kline that closes just before the next month opens", () => {
    const november = Date.UTC(2024, 10, 1);
    const frame = {
      topic: "/contractMarket/limitCandle:XBTUSDTM_1month",
      type: "message",
      data: {
        symbol: "XBTUSDTM",
        candles: [String(november / 1000), "90638.6", "90640.1", "90641.0", "90630.0", "21.0", "21"],
        time: 1731898208357,
      },
      subject: "candle.stick",
    };
    expect(eventsOf("linear", frame)[0]).toMatchObject({
      interval: "1M",
      openTimeMs: november,
      closeTimeMs: Date.UTC(2024, 11, 1) - 1,
      closed: false,
    });
  });

  test("tickerV2 → best bid/ask with sizes, no last price", () => {
    const frame = {
      topic: "/contractMarket/tickerV2:AUCTIONUSDTM",
      type: "message",
      subject: "tickerV2",
      sn: 1702237470700,
      data: {
        symbol: "AUCTIONUSDTM",
        sequence: 1702237470700,
        bestBidSize: 260,
        bestBidPrice: "24.067",
        bestAskPrice: "24.08",
        bestAskSize: 250,
        ts: 1705708800078000000,
      },
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "ticker",
        ...base("linear", "AUCTION/USDT:USDT", 1705708800078),
        bid: 24.067,
        bidSize: 260,
        ask: 24.08,
        askSize: 250,
      },
    ]);
  });

  test("instrument: mark.index.price → mark; funding.rate → funding, the 1-minute predicted rate ignored", () => {
    const topic = "/contract/instrument:XBTUSDTM";
    expect(
      eventsOf("linear", {
        topic,
        type: "message",
        subject: "mark.index.price",
        data: { markPrice: 90445.02, indexPrice: 90445.5, granularity: 1000, timestamp: 1731899129000 },
      }),
    ).toEqual([
      {
        kind: "mark_price",
        ...base("linear", "BTC/USDT:USDT", 1731899129000),
        markPrice: 90445.02,
        indexPrice: 90445.5,
      },
    ]);
    expect(
      eventsOf("linear", {
        topic,
        type: "message",
        subject: "funding.rate",
        data: { granularity: 28800000, fundingRate: 0.000039, timestamp: 1706068800000 },
      }),
    ).toEqual([{ kind: "funding_rate", ...base("linear", "BTC/USDT:USDT", RECV_MS), rate: 0.000039 }]);
    expect(
      parse("linear", {
        topic,
        type: "message",
        subject: "funding.rate",
        data: { granularity: 60000, fundingRate: 0.000038, timestamp: 1706068800000 },
      }),
    ).toEqual({ kind: "ignored", reason: "predicted funding rate of the next period" });
    expect(parse("linear", { topic, type: "message", subject: "position.settle", data: {} })).toEqual({
      kind: "unmatched",
      topic: "/contract/instrument position.settle",
    });
  });
});

describe("control frames", () => {
  test("welcome, ack, pong; a server ping is answered in kind", () => {
    expect(parse("spot", { id: "hQvf8jkno", type: "welcome" })).toEqual({
      kind: "ignored",
      reason: "welcome (connectId hQvf8jkno)",
    });
    expect(parse("spot", { id: "1545910660739", type: "ack" })).toEqual({
      kind: "ack",
      note: "id 1545910660739",
    });
    expect(parse("linear", { id: "dig3-ping", type: "pong", timestamp: 1 })).toEqual({ kind: "pong" });
    expect(parse("spot", { id: "7", type: "ping" })).toEqual({
      kind: "ping",
      reply: '{"id":"7","type":"pong"}',
    });
  });

  test("errors: a bad topic is final, an invalid token reconnects, a busy server is retryable", () => {
    expect(
      parse("spot", { id: "1", type: "error", code: 404, data: "topic /market/xyz:BTC-USDT is not found" }),
    ).toEqual({
      kind: "venue-error",
      message: "code 404: topic /market/xyz:BTC-USDT is not found (id 1)",
      retryable: false,
    });
    expect(parse("spot", { id: "c", type: "error", code: 401, data: "token is invalid" })).toEqual({
      kind: "venue-error",
      message: "code 401: token is invalid (id c)",
      retryable: true,
      reconnect: true,
    });
    expect(
      parse("linear", { type: "error", code: 509, data: "service busy, please retry later" }),
    ).toMatchObject({
      kind: "venue-error",
      retryable: true,
    });
  });

  test("channels dig3 does not subscribe to are reported, not dropped", () => {
    expect(
      parse("spot", {
        type: "message",
        topic: "/market/snapshot:BTC-USDT",
        subject: "trade.snapshot",
        data: {},
      }),
    ).toEqual({
      kind: "unmatched",
      topic: "/market/snapshot",
    });
  });
});

describe("garbage never throws and is classified", () => {
  const cases: unknown[] = [
    "",
    "   ",
    "pong",
    "not json",
    "[1,2,3]",
    "null",
    "42",
    '{"type":"message"}',
    '{"type":"message","topic":"/market/match:BTC-USDT","data":null}',
    '{"type":"message","topic":"/market/match:BTC-USDT","data":{"price":"x"}}',
    '{"type":"message","topic":"/market/level2:BTC-USDT","data":{"changes":{"asks":"x"}}}',
    '{"type":"message","topic":"/market/level2:BTC-USDT","data":{"sequenceStart":1,"sequenceEnd":2,"changes":{"asks":[["1"]],"bids":[]}}}',
    '{"type":"message","topic":"/contractMarket/level2:XBTUSDTM","data":{"sequence":1,"change":"1,up,2"}}',
    '{"type":"message","topic":"/contractMarket/limitCandle:XBTUSDTM_7min","data":{"candles":[]}}',
    '{"type":"message","topic":"/market/candles:BTC-USDT_1min","data":{"candles":["x","1","1","1","1","1","1"]}}',
    '{"type":"message","topic":"/contractMarket/tickerV2:XBTUSDTM","data":{}}',
    '{"type":"message","topic":"/contract/instrument:","data":{}}',
    '{"type":"surprise"}',
    '{"type":"error"}',
  ];
  test.each(cases.map((frame, index) => [index, frame] as const))("case %d", (_index, frame) => {
    const parsed = kucoin.ws.parse(frame as string, contextOf("spot"));
    expect(["unmatched", "ignored", "venue-error", "ack", "pong", "ping"]).toContain(parsed.kind);
  });

  test("non-text input is unmatched", () => {
    expect(kucoin.ws.parse(undefined as unknown as string, contextOf("spot")).kind).toBe("unmatched");
  });
});

describe("epoch units", () => {
  test.each([
    ["1729843222921000000", 1729843222921],
    ["1729843222921999999", 1729843222921],
    [1705708799998000000, 1705708799998],
    // The docs' 1729842192785164840, as JSON hands it over.
    [JSON.parse("1729842192785164840") as number, 1729842192785],
    ["1729843222921123", 1729843222921],
    [1729816425625, 1729816425625],
    ["1545904980", 1545904980000],
    [1731898200, 1731898200000],
  ] as const)("%p → %p ms", (value, ms) => {
    expect(msOfEpoch(value)).toBe(ms);
  });

  test("unusable values are NaN", () => {
    for (const value of [undefined, null, "", "x", -1, 0]) expect(msOfEpoch(value)).toBeNaN();
  });
});

// ── recorded traffic ───────────────────────────────────────────────────────────────────────────────────────────

const WIRE_DIR = join(import.meta.dir, "../../../../shared/wire/kucoin");
const HAS_WIRE = existsSync(WIRE_DIR);
if (!HAS_WIRE) console.log(`kucoin: ${WIRE_DIR} absent; skipping the recorded-traffic cases`);

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

const WS_FILE = "spot-level2-match-ticker-candles.ndjson";
const REST_FILE = "spot-rest-level2-v3.ndjson";

/** Per file: what each inbound frame became, counted by event kind or by verdict. */
const EXPECTED_WS: Record<string, { account: Account; counts: Record<string, number> }> = {
  // cryptofeed 2021 session: 641 level2 updates (SNX-BTC 451, DAPPT-BTC 154, EQZ-BTC 36), 192 tickers, 12 matches,
  // 3 candle frames of which one opened a new bar and so also closed the previous one (4 klines); 13 acks, 1 welcome.
  [WS_FILE]: {
    account: "spot",
    counts: { book: 641, ticker: 192, trade: 12, kline: 4, ack: 13, ignored: 1 },
  },
  // tardis samples (edited test inputs).
  "tardis-spot.ndjson": {
    account: "spot",
    counts: { book: 8, trade: 3, ticker: 1, ack: 1, pong: 1, ignored: 1 },
  },
  "tardis-futures.ndjson": {
    account: "linear",
    // Two of the four funding frames are the 1-minute predicted rate (ignored).
    counts: { book: 4, trade: 2, ticker: 1, mark_price: 2, funding_rate: 2, ignored: 2 },
  },
};

const MIN_TS_MS = Date.UTC(2017, 0, 1);
const MAX_TS_MS = Date.UTC(2035, 0, 1);

function assertSane(event: MarketDataEvent, account: Account): void {
  expect(event.exchange).toBe("kucoin");
  expect(event.account).toBe(account);
  const parts = parseCanonical(event.symbol);
  expect(parts, `canonical symbol: ${event.symbol}`).toBeDefined();
  if (account === "spot") expect(event.symbol).not.toContain(":");
  else expect(parts?.settle).toBeDefined();
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
    const covered = new Set([...Object.keys(EXPECTED_WS), REST_FILE]);
    const files = readdirSync(WIRE_DIR).filter((file) => file.endsWith(".ndjson"));
    expect(files.filter((file) => !covered.has(file))).toEqual([]);
  });

  for (const [file, { account, counts: expected }] of Object.entries(EXPECTED_WS)) {
    test(file, () => {
      const counts: Record<string, number> = {};
      const bump = (key: string) => {
        counts[key] = (counts[key] ?? 0) + 1;
      };
      const session = new Map<string, unknown>();
      for (const line of readLines(file)) {
        if (line.dir !== undefined && line.dir !== "in") continue;
        // tardis lines carry no receive time; a fixed one keeps the times sane.
        const recvTsUs = line.ts === undefined ? RECV_US : Math.round(line.ts * 1000);
        const parsed = kucoin.ws.parse(line.frame ?? "", contextOf(account, recvTsUs, session));
        if (parsed.kind === "events") {
          expect(parsed.events.length).toBeGreaterThan(0);
          for (const event of parsed.events) {
            assertSane(event, account);
            expect(event.tsMs).toBeGreaterThan(MIN_TS_MS);
            expect(event.tsMs).toBeLessThan(MAX_TS_MS);
            bump(event.kind);
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

describe.if(HAS_WIRE)("recorded books through the station decoder", () => {
  const sessionLines = () => mergeRecordedLines([rawLines(WS_FILE), rawLines(REST_FILE)]);

  function decode(lines: string[]) {
    const decoder = createDecoder({ adapter: kucoin, bookDepth: 10 });
    const items = lines.flatMap((line) => [...decoder.decodeLine(line)]);
    return { items, stats: decoder.stats };
  }

  test("the v3 full-book REST lines are recognized as book snapshots of spot", () => {
    for (const line of readLines(REST_FILE)) {
      const recognized = kucoin.rest.recognize?.(new URL(line.url ?? ""));
      expect(recognized).toMatchObject({ call: "book", account: "spot" });
    }
  });

  test("three books bridge their REST snapshot and chain every update: zero resyncs, never crossed", () => {
    const { items, stats } = decode(sessionLines());
    expect(stats.resyncs).toBe(0);
    expect(stats.unmatched).toBe(0);
    expect(stats.badLines).toBe(0);
    expect(stats.restBodies).toBe(3);
    const books = items.filter((item) => item.kind === "book");
    const perSymbol = (symbol: string) => books.filter((item) => item.symbol === symbol);
    // Snapshot + the updates after it (the cryptofeed validation applied 447, 146 and 34).
    expect(perSymbol("SNX/BTC")).toHaveLength(1 + 447);
    expect(perSymbol("DAPPT/BTC")).toHaveLength(1 + 146);
    expect(perSymbol("EQZ/BTC")).toHaveLength(1 + 34);
    for (const symbol of ["SNX/BTC", "DAPPT/BTC", "EQZ/BTC"]) {
      const stream = perSymbol(symbol);
      expect(stream[0]).toMatchObject({ type: "snapshot" });
      const snapshotSeq = stream[0]!.kind === "book" ? stream[0]!.seq! : 0;
      const first = stream[1]!;
      if (first.kind !== "book") throw new Error("not a book");
      // Bridge: the first kept update covers snapshot + 1; then each starts right after the previous end.
      expect(first.firstSeq! <= snapshotSeq + 1 && snapshotSeq + 1 <= first.seq!).toBe(true);
      for (let i = 2; i < stream.length; i++) {
        const previous = stream[i - 1]!;
        const next = stream[i]!;
        if (previous.kind !== "book" || next.kind !== "book") throw new Error("not a book");
        expect(next.firstSeq).toBe(previous.seq! + 1);
      }
    }
    let tops = 0;
    for (const item of items) {
      if (item.kind !== "book_top") continue;
      tops++;
      expect(item.bids[0]![0]).toBeLessThan(item.asks[0]![0]);
    }
    expect(tops).toBe(3 + 447 + 146 + 34);
  });

  test("one recorded update shifted by one sequence is caught as a gap and resyncs that symbol only", () => {
    const lines = sessionLines();
    // The 200th SNX-BTC update, well after its snapshot: claim it starts one sequence later than it does.
    const snxUpdates = lines
      .map((line, index) => ({ line, index }))
      .filter(({ line }) => line.includes("trade.l2update") && line.includes("SNX-BTC"));
    const { line, index } = snxUpdates[200]!;
    const record = JSON.parse(line) as { frame: string };
    const frame = JSON.parse(record.frame) as { data: { sequenceStart: number } };
    frame.data.sequenceStart += 1;
    record.frame = JSON.stringify(frame);
    const corrupted = [...lines];
    corrupted[index] = JSON.stringify(record);
    const { items, stats } = decode(corrupted);
    expect(stats.resyncs).toBe(1);
    const resyncs = items.filter((item) => item.kind === "book_resync");
    expect(resyncs).toHaveLength(1);
    expect(resyncs[0]).toMatchObject({ account: "spot", symbol: "SNX/BTC" });
    expect((resyncs[0] as { reason: string }).reason).toContain("sequence gap");
    // The other books are untouched.
    expect(items.filter((item) => item.kind === "book" && item.symbol === "DAPPT/BTC")).toHaveLength(147);
    expect(items.filter((item) => item.kind === "book" && item.symbol === "EQZ/BTC")).toHaveLength(35);
  });
});
