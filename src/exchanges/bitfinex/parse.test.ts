// Bitfinex frame parser: docs-shaped frames for every channel → exact events; the connection state (channel ids,
// flags, SEQ_ALL continuity, open candles); acks, errors, info codes and garbage → classified without throwing;
// then every recorded frame in ../shared/wire/bitfinex, and the recorded books rebuilt through the station decoder.

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type Account,
  type BookEvent,
  type MarketDataEvent,
  type MarketEvent,
  parseCanonical,
} from "../../core/index.ts";
import { createDecoder } from "../../station/decode.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { BITFINEX_BOOK, checksumOfBook, checksumTextOf, signedCrc32 } from "./book.ts";
import { bitfinex } from "./index.ts";
import { BITFINEX_CONF_FLAGS } from "./subscribe.ts";
import { canonicalOfNative } from "./symbols.ts";

const RECV_US = 1_700_000_000_123_456;
const RECV_MS = Math.floor(RECV_US / 1000);

function contextOf(account: Account, session = new Map<string, unknown>(), recvTsUs = RECV_US): ParseContext {
  return {
    exchange: "bitfinex",
    account,
    recvTsUs,
    symbolOf: (native) => canonicalOfNative(native, account) ?? native,
    session,
  };
}

/** A connection: frames go through one session, as on one socket. */
function connect(account: Account = "spot") {
  const context = contextOf(account);
  return {
    context,
    parse(frame: unknown): Parsed {
      return bitfinex.ws.parse(typeof frame === "string" ? frame : JSON.stringify(frame), context);
    },
    events(frame: unknown): MarketDataEvent[] {
      const parsed = this.parse(frame);
      if (parsed.kind !== "events") throw new Error(`expected events, got ${JSON.stringify(parsed)}`);
      return parsed.events;
    },
  };
}

const base = (account: Account, symbol: string, tsMs: number) => ({
  exchange: "bitfinex",
  account,
  symbol,
  tsMs,
  recvTsUs: RECV_US,
});

const SUBSCRIBED_BOOK = {
  event: "subscribed",
  channel: "book",
  chanId: 6959,
  symbol: "tETHUSD",
  prec: "P0",
  freq: "F0",
  len: "25",
  pair: "ETHUSD",
};

describe("connection events", () => {
  test("info, conf, subscribed, unsubscribed, pong", () => {
    const ws = connect();
    expect(ws.parse({ event: "info", version: 2, serverId: "x", platform: { status: 1 } })).toMatchObject({
      kind: "ignored",
    });
    expect(ws.parse({ event: "conf", status: "OK", flags: BITFINEX_CONF_FLAGS })).toEqual({
      kind: "ack",
      note: "conf flags 229376",
    });
    expect(ws.parse(SUBSCRIBED_BOOK)).toEqual({ kind: "ack", note: "book:tETHUSD → 6959" });
    expect(ws.parse({ event: "pong", ts: 1511545528111, cid: 1 })).toEqual({ kind: "pong" });
    expect(ws.parse({ event: "unsubscribed", status: "OK", chanId: 6959 })).toEqual({
      kind: "ack",
      note: "unsubscribed 6959",
    });
    // Frames still in flight for the channel are expected, not unknown.
    expect(ws.parse([6959, [218.99, 0, -1], 9, 1564617601769])).toMatchObject({ kind: "ignored" });
  });

  test("info 20051 asks for a reconnect; maintenance start / end are retryable", () => {
    const ws = connect();
    expect(
      ws.parse({ event: "info", code: 20051, msg: "Stop/Restart Websocket Server (please reconnect)" }),
    ).toEqual({
      kind: "venue-error",
      message: "code 20051: Stop/Restart Websocket Server (please reconnect)",
      retryable: true,
      reconnect: true,
    });
    expect(ws.parse({ event: "info", code: 20060, msg: "Entering in Maintenance mode" })).toMatchObject({
      kind: "venue-error",
      retryable: true,
    });
    expect(ws.parse({ event: "info", code: 20061, msg: "Maintenance ended" })).toMatchObject({
      kind: "venue-error",
      retryable: true,
      reconnect: true,
    });
    expect(ws.parse({ event: "info", version: 2, platform: { status: 0 } })).toMatchObject({
      kind: "venue-error",
      retryable: true,
    });
  });

  test("errors: a refused subscribe is a venue error; a refused conf too", () => {
    const ws = connect();
    expect(
      ws.parse({ event: "error", msg: "subscribe: limit", code: 10305, channel: "book", symbol: "tBTCUSD" }),
    ).toEqual({
      kind: "venue-error",
      message: "code 10305: subscribe: limit (book tBTCUSD)",
      retryable: false,
    });
    expect(ws.parse({ event: "error", msg: "Unknown pair", code: 10001 })).toEqual({
      kind: "venue-error",
      message: "code 10001: Unknown pair",
      retryable: false,
    });
    expect(ws.parse({ event: "conf", status: "FAILED", flags: 1 })).toMatchObject({
      kind: "venue-error",
      retryable: false,
    });
  });

  test("a duplicate subscribe is healed: unsubscribe the old channel, then subscribe again", () => {
    const ws = connect();
    ws.parse(SUBSCRIBED_BOOK);
    const dup = { event: "error", msg: "subscribe: dup", code: 10301, channel: "book", symbol: "tETHUSD" };
    expect(ws.parse(dup)).toEqual({ kind: "ping", reply: '{"event":"unsubscribe","chanId":6959}' });
    // Only once while the unsubscribe is under way.
    expect(ws.parse(dup)).toMatchObject({ kind: "ignored" });
    expect(ws.parse({ event: "unsubscribed", status: "OK", chanId: 6959 })).toEqual({
      kind: "ping",
      reply: '{"event":"subscribe","channel":"book","symbol":"tETHUSD","prec":"P0","freq":"F0","len":"25"}',
    });
  });

  test("unknown events and tags are reported by name", () => {
    const ws = connect();
    expect(ws.parse({ event: "frobnicate" })).toEqual({ kind: "unmatched", topic: "event:frobnicate" });
    expect(ws.parse([1, "zz", 3])).toEqual({ kind: "unmatched", topic: "tag zz" });
    expect(ws.parse([424242, [1, 2, 3]])).toEqual({ kind: "unmatched", topic: "unknown channel id" });
  });
});

describe("book", () => {
  test("snapshot, updates by side, count 0 removes; TIMESTAMP is the event time", () => {
    const ws = connect();
    ws.parse({ event: "conf", status: "OK", flags: BITFINEX_CONF_FLAGS });
    ws.parse(SUBSCRIBED_BOOK);
    expect(
      ws.events([
        6959,
        [
          [216, 2, 31.52],
          [218.75, 1, -13.33333333],
          [218.76, 1, -2],
        ],
        10,
        1564617600541,
      ]),
    ).toEqual([
      {
        kind: "book",
        ...base("spot", "ETH/USD", 1564617600541),
        type: "snapshot",
        bids: [[216, 31.52]],
        asks: [
          [218.75, 13.33333333],
          [218.76, 2],
        ],
        seq: 10,
      },
    ]);
    expect(ws.events([6959, [219.11, 3, -18.10913638], 11, 1564617601214])).toEqual([
      {
        kind: "book",
        ...base("spot", "ETH/USD", 1564617601214),
        type: "delta",
        bids: [],
        asks: [[219.11, 18.10913638]],
        seq: 11,
        prevSeq: 10,
      },
    ]);
    const [removeAsk] = ws.events([6959, [218.99, 0, -1], 12, 1564617601769]) as BookEvent[];
    expect(removeAsk).toMatchObject({ bids: [], asks: [[218.99, 0]], seq: 12, prevSeq: 11 });
    const [removeBid] = ws.events([6959, [218.03, 0, 1], 13, 1564617602483]) as BookEvent[];
    expect(removeBid).toMatchObject({ bids: [[218.03, 0]], asks: [], seq: 13, prevSeq: 12 });
  });

  test("a checksum frame is an update with no levels that carries the checksum", () => {
    const ws = connect();
    ws.parse({ event: "conf", status: "OK", flags: BITFINEX_CONF_FLAGS });
    ws.parse(SUBSCRIBED_BOOK);
    ws.events([6959, [[216, 2, 31.52]], 1, 1564617600541]);
    expect(ws.events([6959, "cs", -390724185, 2, 1564617600542])).toEqual([
      {
        kind: "book",
        ...base("spot", "ETH/USD", 1564617600542),
        type: "delta",
        bids: [],
        asks: [],
        checksum: -390724185,
        seq: 2,
        prevSeq: 1,
      },
    ]);
  });

  test("SEQ_ALL counts the connection: other channels in between keep the chain; a lost number breaks it", () => {
    const ws = connect();
    ws.parse({ event: "conf", status: "OK", flags: 65_536 });
    ws.parse(SUBSCRIBED_BOOK);
    ws.parse({ event: "subscribed", channel: "ticker", chanId: 7, symbol: "tETHUSD", pair: "ETHUSD" });
    ws.events([6959, [[216, 2, 31.52]], 1]);
    expect(ws.parse([7, "hb", 2])).toEqual({ kind: "ignored", reason: "heartbeat" });
    ws.events([7, [1, 1, 2, 1, 0, 0, 1.5, 10, 2, 1], 3]);
    expect(ws.events([6959, [216, 1, 1], 4])[0]).toMatchObject({ seq: 4, prevSeq: 1 });
    // 5 never arrives (it may have been this book's): the next book frame names the hole instead of 4.
    ws.parse([7, "hb", 6]);
    expect(ws.events([6959, [216, 1, 2], 7])[0]).toMatchObject({ seq: 7, prevSeq: 5 });
    expect(ws.events([6959, [216, 1, 3], 8])[0]).toMatchObject({ seq: 8, prevSeq: 7 });
  });

  test("without the server's conf reply a lone tail number is told apart by size", () => {
    const ws = connect();
    ws.parse(SUBSCRIBED_BOOK);
    expect(ws.events([6959, [216, 1, 1], 1581721279360])[0]).toMatchObject({ tsMs: 1581721279360 });
    expect(ws.events([6959, [216, 1, 2], 42])[0]).toMatchObject({ tsMs: RECV_MS, seq: 42 });
  });

  test("the checksum: top 25 interleaved bid / ask, price:amount with ask amounts negative, signed CRC32", () => {
    // The docs' book example: 216:31.52 (bid), 218.75:-13.33333333 and 218.76:-2 (asks).
    expect(
      checksumTextOf(
        [[216, 31.52]],
        [
          [218.75, 13.33333333],
          [218.76, 2],
        ],
      ),
    ).toBe("216:31.52:218.75:-13.33333333:218.76:-2");
    expect(signedCrc32("216:31.52:218.75:-13.33333333:218.76:-2")).toBe(1431602486);
    expect(signedCrc32("216:31.52:218.75:-13.33333333")).toBe(-390724185);
    const bids = Array.from({ length: 30 }, (_, i) => [100 - i, 1 + i / 100] as [number, number]);
    const asks = Array.from({ length: 3 }, (_, i) => [101 + i, 0.5] as [number, number]);
    const book = {
      bids: (depth: number) => bids.slice(0, depth),
      asks: (depth: number) => asks.slice(0, depth),
    };
    const text = checksumTextOf(bids.slice(0, 25), asks);
    expect(text.startsWith("100:1:101:-0.5:99:1.01:102:-0.5:98:1.02:103:-0.5:97:1.03:96:1.04")).toBe(true);
    expect(text.split(":").length).toBe(2 * (25 + 3));
    expect(checksumOfBook(book)).toBe(signedCrc32(text));
    // Tiny values keep the text JavaScript gives them, as Bitfinex's reference code does.
    expect(checksumTextOf([[0.00005, 1e-7]], [])).toBe("0.00005:1e-7");
  });

  test("book rules: snapshot from the stream, prev-equals-last chain, checksum", () => {
    expect(bitfinex.book).toBe(BITFINEX_BOOK);
    expect(BITFINEX_BOOK).toMatchObject({ snapshotFrom: "stream", chain: "prev-equals-last", bridge: "any" });
    expect(BITFINEX_BOOK.checksumOf).toBe(checksumOfBook);
  });
});

describe("trades, ticker, candles", () => {
  test("te → trade (amount sign = taker side); tu and the snapshot are not emitted", () => {
    const ws = connect();
    ws.parse({ event: "subscribed", channel: "trades", chanId: 89, symbol: "tBTCUSD", pair: "BTCUSD" });
    expect(ws.parse([89, [[382489562, 1564617598688, 0.01302607, 10088]], 1, 1564617600401])).toEqual({
      kind: "ignored",
      reason: "trades snapshot (history)",
    });
    expect(
      ws.events([89, "te", [382489563, 1564617600709, 0.00705845, 10087.98969503], 18, 1564617600784]),
    ).toEqual([
      {
        kind: "trade",
        ...base("spot", "BTC/USD", 1564617600709),
        price: 10087.98969503,
        size: 0.00705845,
        side: "buy",
        tradeId: "382489563",
      },
    ]);
    expect(ws.events([89, "te", [382489564, 1564617600710, -0.5, 10087]])[0]).toMatchObject({
      side: "sell",
      size: 0.5,
    });
    expect(
      ws.parse([89, "tu", [382489563, 1564617600709, 0.00705845, 10087.98969503], 19, 1564617600834]),
    ).toEqual({
      kind: "ignored",
      reason: "tu: repeats te",
    });
  });

  test("ticker: bid/ask with sizes, change as percent, volume, high, low", () => {
    const ws = connect();
    ws.parse({ event: "subscribed", channel: "ticker", chanId: 232949, symbol: "tBFTUSD", pair: "BFTUSD" });
    expect(
      ws.events([
        232949,
        [
          0.068965, 60157.36709703, 0.0774, 48578.50804052, 0.001969, 0.0262, 0.076989, 101459.39453471,
          0.0828, 0.068961,
        ],
        1,
      ]),
    ).toEqual([
      {
        kind: "ticker",
        ...base("spot", "BFT/USD", RECV_MS),
        last: 0.076989,
        bid: 0.068965,
        bidSize: 60157.36709703,
        ask: 0.0774,
        askSize: 48578.50804052,
        changePct24h: 2.62,
        volume24h: 101459.39453471,
        high24h: 0.0828,
        low24h: 0.068961,
      },
    ]);
  });

  test("candles: the snapshot's newest candle opens the stream; a newer candle closes the previous one", () => {
    const ws = connect("linear");
    ws.parse({ event: "subscribed", channel: "candles", chanId: 343351, key: "trade:1m:tBTCF0:USTF0" });
    const snapshot = ws.events([
      343351,
      [
        [1574698260000, 7379.785503, 7383.8, 7388.3, 7379.785503, 1.68829482],
        [1574698200000, 7370, 7379.8, 7380, 7369, 2.5],
      ],
    ]);
    expect(snapshot).toEqual([
      {
        kind: "kline",
        ...base("linear", "BTC/USDT:USDT", RECV_MS),
        interval: "1m",
        openTimeMs: 1574698260000,
        closeTimeMs: 1574698319999,
        open: 7379.785503,
        high: 7388.3,
        low: 7379.785503,
        close: 7383.8,
        volume: 1.68829482,
        closed: false,
      },
    ]);
    expect(ws.events([343351, [1574698260000, 7379.785503, 7385, 7388.3, 7379.785503, 1.9]])).toMatchObject([
      { close: 7385, volume: 1.9, closed: false },
    ]);
    const rolled = ws.events([343351, [1574698320000, 7385, 7386, 7386, 7385, 0.1]]);
    expect(rolled).toMatchObject([
      { openTimeMs: 1574698260000, close: 7385, volume: 1.9, closed: true },
      { openTimeMs: 1574698320000, close: 7386, closed: false },
    ]);
    // A late change to a candle that is over is closed.
    expect(ws.events([343351, [1574698260000, 7379.785503, 7385, 7388.3, 7379.785503, 2]])).toMatchObject([
      { openTimeMs: 1574698260000, closed: true },
    ]);
  });
});

describe("derivatives status and liquidations", () => {
  const STATUS = [
    1596124822000,
    null,
    0.896,
    0.771995,
    null,
    1396531.67460709,
    null,
    1596153600000,
    0.0001056,
    6,
    null,
    -0.01381344,
    null,
    null,
    0.7664,
    null,
    null,
    246502.09001551,
    null,
    null,
    null,
    null,
    0.3,
  ];

  test("one status frame fans out to mark price, funding and open interest", () => {
    const ws = connect("linear");
    ws.parse({ event: "subscribed", channel: "status", chanId: 335856, key: "deriv:tBTCF0:USTF0" });
    const common = {
      exchange: "bitfinex",
      account: "linear" as const,
      symbol: "BTC/USDT:USDT",
      recvTsUs: RECV_US,
      tsMs: 1596124822000,
    };
    expect(ws.events([335856, STATUS])).toEqual([
      { kind: "mark_price", ...common, markPrice: 0.7664, indexPrice: 0.771995 },
      { kind: "funding_rate", ...common, rate: -0.01381344, nextFundingTsMs: 1596153600000 },
      { kind: "open_interest", ...common, openInterest: 246502.09001551 },
    ]);
  });

  test("liquidations: routed by symbol to the account's own markets; priceless triggers skipped", () => {
    const rows = [
      [
        "pos",
        143683674,
        1593522802742,
        null,
        "tBTCF0:USTF0",
        0.00268657,
        9135.972557016,
        null,
        0,
        1,
        null,
        9080,
      ],
      ["pos", 143679087, 1594036710534, null, "tETHF0:USTF0", -8.6007, 222.24, null, 0, 1, null, null],
      ["pos", 143679088, 1594036710600, null, "tBTCUSD", -0.5, 9000, null, 1, 1, null, 9100],
    ];
    const linear = connect("linear");
    linear.parse({ event: "subscribed", channel: "status", chanId: 91684, key: "liq:global" });
    expect(linear.events([91684, rows])).toEqual([
      {
        kind: "liquidation",
        ...base("linear", "BTC/USDT:USDT", 1593522802742),
        side: "sell",
        price: 9080,
        size: 0.00268657,
        value: 9080 * 0.00268657,
      },
    ]);
    const spot = connect("spot");
    spot.parse({ event: "subscribed", channel: "status", chanId: 91684, key: "liq:global" });
    expect(spot.events([91684, rows])).toMatchObject([
      { symbol: "BTC/USD", side: "buy", price: 9100, size: 0.5 },
    ]);
    expect(spot.parse([91684, rows.slice(0, 1)])).toEqual({
      kind: "ignored",
      reason: "liquidations of the other account",
    });
  });
});

describe("garbage never throws and is classified", () => {
  const FRAMES = [
    "",
    "   ",
    "pong",
    "not json",
    "{",
    "[",
    "null",
    "42",
    '"text"',
    "[]",
    "[null]",
    '["x",1]',
    "[1]",
    '[1,"hb"]',
    '[1,"cs"]',
    '[6959,"cs","x"]',
    "[6959,{}]",
    "[6959,[1]]",
    "[6959,[[1,2]]]",
    "[6959,[1,2,0]]",
    '[89,"te",null]',
    '[89,"te",[1,2]]',
    '[89,"te",["a","b","c","d"]]',
    "[232949,[1,2,3]]",
    "[343351,[]]",
    "[343351,[[]]]",
    "[335856,[null]]",
    "[91684,[[1,2,3]]]",
    '[91684,[["pos",1,2,null,5]]]',
    '{"event":null}',
    '{"event":"subscribed"}',
    '{"event":"subscribed","chanId":"x","channel":7}',
    '{"event":"unsubscribed"}',
    '{"event":"error"}',
    '{"event":"info","code":"x"}',
    '{"event":"conf"}',
  ];

  test.each(FRAMES)("%p", (frame) => {
    const ws = connect();
    ws.parse(SUBSCRIBED_BOOK);
    for (const subscribed of [
      { event: "subscribed", channel: "trades", chanId: 89, symbol: "tBTCUSD" },
      { event: "subscribed", channel: "ticker", chanId: 232949, symbol: "tBTCUSD" },
      { event: "subscribed", channel: "candles", chanId: 343351, key: "trade:1m:tBTCUSD" },
      { event: "subscribed", channel: "status", chanId: 335856, key: "deriv:tBTCF0:USTF0" },
      { event: "subscribed", channel: "status", chanId: 91684, key: "liq:global" },
    ])
      ws.parse(subscribed);
    const parsed = ws.parse(frame);
    expect(["events", "ack", "pong", "ping", "venue-error", "ignored", "unmatched"]).toContain(parsed.kind);
    if (parsed.kind === "events") {
      for (const event of parsed.events) {
        for (const value of Object.values(event))
          if (typeof value === "number") expect(Number.isFinite(value)).toBe(true);
      }
    }
  });

  test("non-text input is reported, not thrown", () => {
    expect(bitfinex.ws.parse(undefined as unknown as string, contextOf("spot"))).toEqual({
      kind: "unmatched",
      topic: "(not text)",
    });
  });
});

// ── recorded traffic ───────────────────────────────────────────────────────────────────────────────────────────

const WIRE_DIR = join(import.meta.dir, "../../../../shared/wire/bitfinex");
const HAS_WIRE = existsSync(WIRE_DIR);
if (!HAS_WIRE) console.log(`bitfinex: ${WIRE_DIR} absent; skipping the recorded-traffic cases`);

interface WireLine {
  ts?: number;
  dir?: "in" | "out";
  url?: string;
  frame?: string;
  body?: string;
}

function readLines(file: string): WireLine[] {
  return readFileSync(join(WIRE_DIR, file), "utf8")
    .split("\n")
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as WireLine);
}

const SESSION_FILE = "v2-book-trades-ticker-seqall.ndjson";

/** Per file: what each inbound frame became, by event kind or verdict (`unmatched:topic`, `ignored`, `ack`). */
const EXPECTED_WS: Record<string, { account: Account; counts: Record<string, number> }> = {
  // A real 2021 session with SEQ_ALL: 21 subscribed acks + conf; 21 heartbeats, 7 trade snapshots and the info
  // event ignored; 7 book snapshots + 645 updates; no trade executed during the 14 s.
  [SESSION_FILE]: { account: "spot", counts: { ack: 22, ignored: 29, ticker: 11, book: 652 } },
  // tardis samples (edited test inputs, channel ids not always subscribed): frames without a known channel are
  // unknown; funding-market tickers (fBTC) and `tu` repeats are ignored.
  "tardis-spot-v2.ndjson": {
    account: "spot",
    counts: { ack: 4, ignored: 4, trade: 1, book: 4, ticker: 1, "unmatched:unknown channel id": 1 },
  },
  // Derivatives: one 2019 status row predates MARK_PRICE and funding (ignored); raw books (R0) are not read.
  "tardis-derivatives-v2.ndjson": {
    account: "linear",
    counts: {
      ack: 2,
      ignored: 6,
      funding_rate: 4,
      mark_price: 3,
      open_interest: 1,
      book: 1,
      trade: 1,
      liquidation: 2,
      "unmatched:unknown channel id": 2,
      "unmatched:raw_book": 1,
    },
  },
};

const MIN_TS_MS = Date.UTC(2017, 0, 1);
const MAX_TS_MS = Date.UTC(2035, 0, 1);

function assertSane(event: MarketDataEvent, account: Account): void {
  expect(event.exchange).toBe("bitfinex");
  expect(event.account).toBe(account);
  const parts = parseCanonical(event.symbol);
  expect(parts, `canonical symbol: ${event.symbol}`).toBeDefined();
  if (account === "spot") expect(event.symbol).not.toContain(":");
  else expect(parts?.settle).toBeDefined();
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
  test("every recorded file is covered", () => {
    const covered = new Set([...Object.keys(EXPECTED_WS), "rest-conf-lists.ndjson"]);
    const files = readdirSync(WIRE_DIR).filter((file) => file.endsWith(".ndjson"));
    expect(files.filter((file) => !covered.has(file))).toEqual([]);
  });

  for (const [file, { account, counts: expected }] of Object.entries(EXPECTED_WS)) {
    test(file, () => {
      const context = contextOf(account);
      const counts: Record<string, number> = {};
      const bump = (key: string) => {
        counts[key] = (counts[key] ?? 0) + 1;
      };
      for (const line of readLines(file)) {
        if (line.dir === "out") continue;
        context.recvTsUs = Math.round((line.ts ?? 0) * 1000);
        const parsed = bitfinex.ws.parse(line.frame ?? "", context);
        if (parsed.kind === "events") {
          for (const event of parsed.events) {
            assertSane(event, account);
            bump(event.kind);
          }
        } else bump(parsed.kind === "unmatched" ? `unmatched:${parsed.topic}` : parsed.kind);
      }
      expect(counts).toEqual(expected);
    });
  }
});

/** Decodes a session through the station decoder (the live book sync), returning every item. */
function decodeSession(lines: string[]): {
  items: MarketEvent[];
  stats: ReturnType<typeof createDecoder>["stats"];
} {
  const decoder = createDecoder({ adapter: bitfinex, account: "spot", bookDepth: 1 });
  const items: MarketEvent[] = [];
  for (const line of lines) {
    for (const item of decoder.decodeLine(line)) {
      if (item.kind === "book_top") {
        const bid = item.bids[0]?.[0];
        const ask = item.asks[0]?.[0];
        if (bid !== undefined && ask !== undefined) expect(bid).toBeLessThan(ask);
        continue;
      }
      items.push(item);
    }
  }
  return { items, stats: decoder.stats };
}

function sessionLines(): string[] {
  return readFileSync(join(WIRE_DIR, SESSION_FILE), "utf8")
    .split("\n")
    .filter((line) => line.trim().length > 0);
}

describe.if(HAS_WIRE)("recorded books through the station decoder", () => {
  test("7 books rebuilt: every SEQ_ALL chain holds, never crossed, zero resyncs", () => {
    const { items, stats } = decodeSession(sessionLines());
    const books = items.filter((item): item is BookEvent => item.kind === "book");
    expect(books.length).toBe(652);
    expect(books.filter((book) => book.type === "snapshot").length).toBe(7);
    expect(new Set(books.map((book) => book.symbol)).size).toBe(7);
    expect(items.filter((item) => item.kind === "book_resync")).toEqual([]);
    expect(stats).toMatchObject({ resyncs: 0, staleDeltas: 0, deltasBeforeSnapshot: 0, unmatched: 0 });
    // Each book's updates name the previous frame of the same book.
    const lastSeq = new Map<string, number>();
    for (const book of books) {
      if (book.type === "delta") expect(book.prevSeq).toBe(lastSeq.get(book.symbol));
      lastSeq.set(book.symbol, book.seq!);
    }
  });

  test("one lost update breaks the chain: that book resyncs", () => {
    const lines = sessionLines();
    // An update of tDOGUSD (channel 225206) well after its snapshot.
    const at = lines.findIndex(
      (line, index) => index > 60 && line.includes('"[225206,[') && !line.includes("[["),
    );
    expect(at).toBeGreaterThan(0);
    const { items, stats } = decodeSession([...lines.slice(0, at), ...lines.slice(at + 1)]);
    const resyncs = items.filter((item) => item.kind === "book_resync");
    expect(stats.resyncs).toBeGreaterThan(0);
    expect(resyncs.find((item) => item.symbol === "DOG/USD")).toMatchObject({
      reason: expect.stringContaining("sequence gap"),
    });
  });

  test("one corrupted update that crosses the book: that book resyncs", () => {
    const lines = sessionLines();
    const at = lines.findIndex(
      (line, index) => index > 60 && line.includes('"[225206,[') && !line.includes("[["),
    );
    const record = JSON.parse(lines[at]!) as WireLine;
    const frame = JSON.parse(record.frame!) as [number, [number, number, number], number];
    // A bid far above every ask.
    frame[1] = [10_000_000, 1, 1];
    const corrupted = JSON.stringify({ ...record, frame: JSON.stringify(frame) });
    const { items } = decodeSession([...lines.slice(0, at), corrupted, ...lines.slice(at + 1)]);
    expect(items.filter((item) => item.kind === "book_resync")).toMatchObject([
      { symbol: "DOG/USD", reason: expect.stringContaining("crossed book") },
    ]);
  });
});
