// Bitget frame parser: docs-shaped v3 frames for every channel → exact events; acks, errors, the text pong and garbage
// → classified without throwing; the `books` seq/pseq chain (a venue reset included) and the CRC32 checksum through
// the book sync; then every recorded frame in ../shared/wire/bitget through the parser, and the recorded books
// (v1 sessions, the same `books` shape and checksum) through the station's decoder.

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createBookSync } from "../../book/index.ts";
import {
  type Account,
  type BookEvent,
  formatCanonical,
  type Level,
  type MarketDataEvent,
  parseCanonical,
  withAccountSettle,
} from "../../core/index.ts";
import { createDecoder } from "../../station/decode.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { BITGET_BOOK, bitget, bitgetBookChecksum } from "./index.ts";
import { fromBitgetNative } from "./symbols.ts";

const RECV_US = 1_700_000_000_123_456;

function contextOf(account: Account, recvTsUs = RECV_US, session = new Map<string, unknown>()): ParseContext {
  return {
    exchange: "bitget",
    account,
    recvTsUs,
    symbolOf: (native) => {
      const parts = fromBitgetNative(native, account);
      return parts ? formatCanonical(withAccountSettle(parts, account)) : native;
    },
    session,
  };
}

function parse(account: Account, frame: unknown, context = contextOf(account)): Parsed {
  return bitget.ws.parse(typeof frame === "string" ? frame : JSON.stringify(frame), context);
}

function eventsOf(account: Account, frame: unknown, context = contextOf(account)): MarketDataEvent[] {
  const parsed = parse(account, frame, context);
  if (parsed.kind !== "events") throw new Error(`expected events, got ${JSON.stringify(parsed)}`);
  return parsed.events;
}

const base = (account: Account, symbol: string, tsMs: number) => ({
  exchange: "bitget",
  account,
  symbol,
  tsMs,
  recvTsUs: RECV_US,
});

describe("data frames (docs examples)", () => {
  test("publicTrade update → trades oldest first; S is the taker's side; the subscribe snapshot is not live", () => {
    const frame = {
      action: "update",
      arg: { instType: "usdt-futures", topic: "publicTrade", symbol: "BTCUSDT" },
      data: [
        { i: "1432912492051054593", p: "76631.4", v: "0.02", S: "sell", T: "1777358881009", L: "x" },
        { i: "1432912492051054592", p: "76631.3", v: "0.01", S: "buy", T: "1777358881008", L: "y" },
      ],
      ts: 1777358881010,
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "trade",
        ...base("linear", "BTC/USDT:USDT", 1777358881008),
        price: 76631.3,
        size: 0.01,
        side: "buy",
        tradeId: "1432912492051054592",
      },
      {
        kind: "trade",
        ...base("linear", "BTC/USDT:USDT", 1777358881009),
        price: 76631.4,
        size: 0.02,
        side: "sell",
        tradeId: "1432912492051054593",
      },
    ]);
    expect(parse("linear", { ...frame, action: "snapshot" })).toEqual({
      kind: "ignored",
      reason: "publicTrade: snapshot of fills from before the subscription",
    });
  });

  test("v2 trade rows read the same; v1 rows (no trade id) are classified, not read", () => {
    const v2 = {
      action: "update",
      arg: { instType: "SPOT", channel: "trade", instId: "BTCUSDT" },
      data: [
        {
          ts: "1730332858796",
          price: "72389.99",
          size: "0.001373",
          side: "buy",
          tradeId: "1235671058980749319",
        },
      ],
      ts: 1730332858805,
    };
    expect(eventsOf("spot", v2)).toEqual([
      {
        kind: "trade",
        ...base("spot", "BTC/USDT", 1730332858796),
        price: 72389.99,
        size: 0.001373,
        side: "buy",
        tradeId: "1235671058980749319",
      },
    ]);
    const v1 = {
      action: "update",
      arg: { instType: "sp", channel: "trade", instId: "GOGUSDT" },
      data: [["1649290078140", "0.5555", "18.3496", "buy"]],
    };
    expect(parse("spot", v1)).toEqual({ kind: "ignored", reason: "trade: v1 trade rows carry no trade id" });
  });

  test("books snapshot and update: text kept, seq / pseq mapped, a snapshot's checksum 0 is no checksum", () => {
    const arg = { instType: "spot", topic: "books", symbol: "BTCUSDT" };
    const snapshot = {
      action: "snapshot",
      arg,
      data: [
        {
          a: [["76794.01", "1.049783"]],
          b: [["76794", "0.062194"]],
          checksum: 0,
          seq: 451275591390,
          pseq: 0,
          ts: "1777362656332",
        },
      ],
      ts: 1777362656336,
    };
    const context = contextOf("spot");
    expect(eventsOf("spot", snapshot, context)).toEqual([
      {
        kind: "book",
        ...base("spot", "BTC/USDT", 1777362656332),
        type: "snapshot",
        bids: [[76794, 0.062194, "76794", "0.062194"]],
        asks: [[76794.01, 1.049783, "76794.01", "1.049783"]],
        seq: 451275591390,
      },
    ]);
    const update = {
      action: "update",
      arg,
      data: [
        {
          a: [["76794.01", "0"]],
          b: [],
          checksum: 1153969492,
          seq: 451275591400,
          pseq: 451275591390,
          ts: "1777362656432",
        },
      ],
    };
    expect(eventsOf("spot", update, context)).toEqual([
      {
        kind: "book",
        ...base("spot", "BTC/USDT", 1777362656432),
        type: "delta",
        bids: [],
        asks: [[76794.01, 0, "76794.01", "0"]],
        seq: 451275591400,
        prevSeq: 451275591390,
        checksum: 1153969492,
      },
    ]);
  });

  test("futures ticker fans out into ticker, mark price, funding and open interest", () => {
    const frame = {
      action: "snapshot",
      arg: { instType: "usdt-futures", topic: "ticker", symbol: "BTCUSDT" },
      data: [
        {
          highPrice24h: "78237.7",
          lowPrice24h: "76414.5",
          openPrice24h: "77641",
          lastPrice: "76631.3",
          turnover24h: "2914473798.93323",
          volume24h: "37764.7894",
          bid1Price: "76631.2",
          ask1Price: "76631.3",
          bid1Size: "0.9608",
          ask1Size: "9.5716",
          price24hPcnt: "-0.013",
          indexPrice: "76671.4381686055379793",
          markPrice: "76631.3",
          fundingRate: "-0.00003",
          openInterest: "29539.3825",
          deliveryTime: "",
          deliveryStartTime: "",
          deliveryStatus: "",
          nextFundingTime: "1777363200000",
        },
      ],
      ts: 1777358880084,
    };
    const at = base("linear", "BTC/USDT:USDT", 1777358880084);
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "ticker",
        ...at,
        last: 76631.3,
        bid: 76631.2,
        bidSize: 0.9608,
        ask: 76631.3,
        askSize: 9.5716,
        high24h: 78237.7,
        low24h: 76414.5,
        volume24h: 37764.7894,
        quoteVolume24h: 2914473798.93323,
        changePct24h: -1.3,
      },
      { kind: "mark_price", ...at, markPrice: 76631.3, indexPrice: 76671.43816860554 },
      { kind: "funding_rate", ...at, rate: -0.00003, nextFundingTsMs: 1777363200000 },
      { kind: "open_interest", ...at, openInterest: 29539.3825 },
    ]);
  });

  test("a ticker update merges into the kept state and fans out only the fields it carries", () => {
    const arg = { instType: "usdt-futures", topic: "ticker", symbol: "ETHUSDT" };
    const context = contextOf("linear");
    eventsOf(
      "linear",
      {
        action: "snapshot",
        arg,
        data: [
          {
            lastPrice: "3000",
            bid1Price: "2999",
            ask1Price: "3001",
            markPrice: "3000.5",
            fundingRate: "0.0001",
            nextFundingTime: "1777363200000",
            openInterest: "10",
          },
        ],
        ts: 1777358880000,
      },
      context,
    );
    const events = eventsOf(
      "linear",
      { action: "update", arg, data: [{ lastPrice: "3002" }], ts: 1777358881000 },
      context,
    );
    expect(events).toEqual([
      { kind: "ticker", ...base("linear", "ETH/USDT:USDT", 1777358881000), last: 3002, bid: 2999, ask: 3001 },
    ]);
  });

  test("spot ticker: no derivative kinds; a coin-margined quarterly's zero funding is no funding", () => {
    const spot = eventsOf("spot", {
      action: "snapshot",
      arg: { instType: "spot", topic: "ticker", symbol: "BTCUSDT" },
      data: [
        {
          lastPrice: "119818.83",
          bid1Price: "119811.26",
          ask1Price: "119831.18",
          volume24h: "1819.756798",
          turnover24h: "215859996.272276",
          price24hPcnt: "0.02002",
        },
      ],
      ts: 1753230479687,
    });
    expect(spot.map((event) => event.kind)).toEqual(["ticker"]);
    expect(spot[0]).toMatchObject({ quoteVolume24h: 215859996.272276, changePct24h: 2.002 });
    const quarterly = eventsOf("inverse", {
      action: "snapshot",
      arg: { instType: "COIN-FUTURES", channel: "ticker", instId: "BTCUSDZ24" },
      data: [
        {
          instId: "BTCUSDZ24",
          lastPr: "73733.7",
          bidPr: "73737.6",
          askPr: "73742.1",
          fundingRate: "0",
          nextFundingTime: "0",
          markPrice: "73731.8",
          indexPrice: "72327.926666",
          holdingAmount: "57.714",
          baseVolume: "21.427",
          quoteVolume: "1579692.8012",
          ts: "1730332823217",
        },
      ],
      ts: 1730332823221,
    });
    expect(quarterly.map((event) => event.kind)).toEqual(["ticker", "mark_price", "open_interest"]);
    // Coin-margined turnover is in coins: no quote volume.
    expect(quarterly[0]).not.toHaveProperty("quoteVolume24h");
  });

  test("kline: snapshot bars before the newest are final; a bar closes when the next one starts", () => {
    const arg = { instType: "spot", topic: "kline", symbol: "BTCUSDT", interval: "1m" };
    const row = (start: number, close: string) => ({
      start: String(start),
      open: "100",
      high: "110",
      low: "90",
      close,
      volume: "2",
      turnover: "200",
    });
    const context = contextOf("spot");
    const first = eventsOf(
      "spot",
      {
        action: "snapshot",
        arg,
        data: [row(1_700_000_060_000, "101"), row(1_700_000_000_000, "100")],
        ts: 1_700_000_070_000,
      },
      context,
    );
    expect(
      first.map((event) => [
        event.kind === "kline" && event.openTimeMs,
        event.kind === "kline" && event.closed,
      ]),
    ).toEqual([
      [1_700_000_000_000, true],
      [1_700_000_060_000, false],
    ]);
    expect(first[1]).toEqual({
      kind: "kline",
      ...base("spot", "BTC/USDT", 1_700_000_070_000),
      interval: "1m",
      openTimeMs: 1_700_000_060_000,
      closeTimeMs: 1_700_000_119_999,
      open: 100,
      high: 110,
      low: 90,
      close: 101,
      volume: 2,
      quoteVolume: 200,
      closed: false,
    });
    const next = eventsOf(
      "spot",
      { action: "update", arg, data: [row(1_700_000_120_000, "102")], ts: 1_700_000_120_500 },
      context,
    );
    expect(
      next.map((event) => event.kind === "kline" && [event.openTimeMs, event.closed, event.close]),
    ).toEqual([
      [1_700_000_060_000, true, 101],
      [1_700_000_120_000, false, 102],
    ]);
    expect(parse("spot", { action: "update", arg: { ...arg, interval: "1W" }, data: [row(1, "1")] })).toEqual(
      {
        kind: "unmatched",
        topic: "kline 1W",
      },
    );
  });

  test("liquidation: one frame per product type, events of each symbol, the order side opposite the position", () => {
    const frame = {
      action: "update",
      arg: { instType: "usdt-futures", topic: "liquidation" },
      data: [
        { symbol: "BTCUSDT", side: "buy", price: "89000", amount: "37.722858", ts: "1736371332162" },
        { symbol: "ETHUSDT", side: "sell", price: "3000", amount: "2", ts: "1736371332163" },
      ],
      ts: 1736371332170,
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "liquidation",
        ...base("linear", "BTC/USDT:USDT", 1736371332162),
        side: "sell",
        price: 89000,
        size: 37.722858,
      },
      {
        kind: "liquidation",
        ...base("linear", "ETH/USDT:USDT", 1736371332163),
        side: "buy",
        price: 3000,
        size: 2,
      },
    ]);
  });

  test("a frame names its own product type: a coin-margined push on a linear connection keeps its account", () => {
    const frame = {
      action: "update",
      arg: { instType: "COIN-FUTURES", channel: "trade", instId: "DOGEUSD" },
      data: [
        { ts: "1730332859962", price: "0.168385", size: "447", side: "buy", tradeId: "1235671063871070209" },
      ],
    };
    expect(eventsOf("linear", frame)[0]).toMatchObject({ account: "inverse", symbol: "DOGE/USD:DOGE" });
  });
});

describe("control frames", () => {
  test("the text pong before any JSON; a text ping is answered", () => {
    expect(parse("spot", "pong")).toEqual({ kind: "pong" });
    expect(parse("spot", "ping")).toEqual({ kind: "ping", reply: "pong" });
  });

  test("subscribe and unsubscribe acks", () => {
    expect(
      parse("linear", {
        event: "subscribe",
        arg: { instType: "usdt-futures", topic: "liquidation" },
        connId: "x",
      }),
    ).toEqual({
      kind: "ack",
      note: "subscribe liquidation usdt-futures",
    });
    expect(
      parse("spot", {
        event: "unsubscribe",
        arg: { instType: "spot", topic: "kline", symbol: "BTCUSDT", interval: "1m" },
      }),
    ).toEqual({
      kind: "ack",
      note: "unsubscribe kline BTCUSDT 1m",
    });
  });

  test("errors name code and message; rate limits are retryable", () => {
    expect(
      parse("spot", {
        event: "error",
        code: 30001,
        msg: "instType:sp,channel:candleundefined,instId:BTCUSDT doesn't exist",
      }),
    ).toEqual({
      kind: "venue-error",
      message: "code 30001: instType:sp,channel:candleundefined,instId:BTCUSDT doesn't exist",
      retryable: false,
    });
    expect(parse("spot", { event: "error", code: "30006", msg: "request too many" })).toMatchObject({
      retryable: true,
    });
  });

  test("channels dig3 does not subscribe to are reported by name", () => {
    expect(
      parse("spot", {
        action: "snapshot",
        arg: { instType: "spot", topic: "books5", symbol: "BTCUSDT" },
        data: [{ a: [], b: [] }],
      }),
    ).toEqual({
      kind: "unmatched",
      topic: "books5",
    });
  });
});

describe("garbage never throws and is classified", () => {
  const cases: unknown[] = [
    "",
    "   ",
    "not json",
    "{",
    "[1,2,3]",
    "null",
    "42",
    { foo: 1 },
    { arg: {}, data: [] },
    { arg: { topic: "books", symbol: "BTCUSDT" }, data: [{}] },
    { action: "update", arg: { topic: "books", symbol: "BTCUSDT" }, data: [null] },
    { action: "update", arg: { topic: "books" }, data: [{ a: [], b: [], ts: "1" }] },
    { action: "update", arg: { topic: "publicTrade", symbol: "BTCUSDT" }, data: [{ p: "x" }] },
    { action: "update", arg: { topic: "publicTrade", symbol: "BTCUSDT" }, data: [] },
    { action: "snapshot", arg: { topic: "ticker", symbol: "BTCUSDT" }, data: [] },
    { action: "snapshot", arg: { topic: "ticker", symbol: "BTCUSDT" }, data: [{ lastPrice: "1" }] },
    { action: "update", arg: { topic: "kline", symbol: "BTCUSDT", interval: "1m" }, data: [{ start: "x" }] },
    { action: "update", arg: { topic: "liquidation" }, data: [{ symbol: "BTCUSDT", side: "up" }] },
    { action: "update", arg: { topic: "liquidation" }, data: [] },
    { event: "error" },
    { event: "mystery" },
  ];
  test.each(cases.map((frame, index) => [index, frame] as const))("case %i", (_index, frame) => {
    const parsed = parse("spot", frame);
    expect(["ignored", "unmatched", "venue-error", "ack", "events"]).toContain(parsed.kind);
    if (parsed.kind === "events") throw new Error(`garbage gave events: ${JSON.stringify(parsed)}`);
  });
});

function viewOf(bids: [string, string][], asks: [string, string][]) {
  const levels = (rows: [string, string][]): Level[] => rows.map(([p, s]) => [Number(p), Number(s), p, s]);
  return { bids: (n: number) => levels(bids).slice(0, n), asks: (n: number) => levels(asks).slice(0, n) };
}

describe("checksum", () => {
  test("the docs' check strings: bid and ask interleaved; the shorter side stops", () => {
    expect(
      bitgetBookChecksum(
        viewOf(
          [
            ["43231.1", "4"],
            ["43231", "6"],
          ],
          [
            ["43232.8", "9"],
            ["43232.9", "8"],
          ],
        ),
      ),
    ).toBe(Bun.hash.crc32("43231.1:4:43232.8:9:43231:6:43232.9:8") | 0);
    expect(
      bitgetBookChecksum(
        viewOf(
          [["3366.1", "7"]],
          [
            ["3366.8", "9"],
            ["3368", "8"],
            ["3372", "8"],
          ],
        ),
      ),
    ).toBe(Bun.hash.crc32("3366.1:7:3366.8:9:3368:8:3372:8") | 0);
  });

  test("only the top 25 of each side count; the sent text, not the number, is hashed", () => {
    const bids = Array.from({ length: 30 }, (_, i) => [`${1000 - i}`, "1"] as [string, string]);
    const asks = Array.from({ length: 30 }, (_, i) => [`${1001 + i}`, "1.0"] as [string, string]);
    const expected = Bun.hash.crc32(
      Array.from({ length: 25 }, (_, i) => `${1000 - i}:1:${1001 + i}:1.0`).join(":"),
    );
    expect(bitgetBookChecksum(viewOf(bids, asks))).toBe(expected | 0);
  });
});

describe("sequence rules through the book sync", () => {
  const checksumOf = (bids: [string, string][], asks: [string, string][]) =>
    bitgetBookChecksum(viewOf(bids, asks));
  const frame = (
    action: "snapshot" | "update",
    seq: number,
    pseq: number,
    b: string[][],
    a: string[][],
    checksum: number,
  ) => ({
    action,
    arg: { instType: "usdt-futures", topic: "books", symbol: "BTCUSDT" },
    data: [{ a, b, checksum, seq, pseq, ts: "1777358880000" }],
    ts: 1777358880001,
  });
  let connection = contextOf("linear");
  const bookOf = (f: unknown) => eventsOf("linear", f, connection)[0] as BookEvent;
  const start = () => {
    connection = contextOf("linear");
    const sync = createBookSync(BITGET_BOOK);
    expect(sync.onEvent(bookOf(frame("snapshot", 100, 0, [["100", "1"]], [["101", "2"]], 0))).action).toBe(
      "emit",
    );
    return sync;
  };

  test("pseq = previous seq chains; every update's checksum is verified", () => {
    const sync = start();
    const after = checksumOf([["100", "3"]], [["101", "2"]]);
    expect(sync.onEvent(bookOf(frame("update", 150, 100, [["100", "3"]], [], after))).action).toBe("emit");
    expect(
      sync.onEvent(
        bookOf(
          frame(
            "update",
            170,
            150,
            [["99", "1"]],
            [],
            checksumOf(
              [
                ["100", "3"],
                ["99", "1"],
              ],
              [["101", "2"]],
            ),
          ),
        ),
      ).action,
    ).toBe("emit");
    expect(sync.stats.checksumsVerified).toBe(2);
  });

  test("a missed push (pseq ≠ last seq) resyncs", () => {
    const sync = start();
    const verdict = sync.onEvent(
      bookOf(frame("update", 200, 150, [], [], checksumOf([["100", "1"]], [["101", "2"]]))),
    );
    expect(verdict).toEqual({ action: "resync", reason: "sequence gap: previous 100, update says 150" });
  });

  test("a checksum that does not match the rebuilt book resyncs", () => {
    const sync = start();
    expect(sync.onEvent(bookOf(frame("update", 150, 100, [["100", "3"]], [], 12345))).action).toBe("resync");
  });

  test("a venue reset (pseq 0) keeps the chain: numbers shift until the next snapshot", () => {
    const sync = start();
    const same = checksumOf([["100", "1"]], [["101", "2"]]);
    const reset = bookOf(frame("update", 7, 0, [], [], same));
    expect(reset).toMatchObject({ seq: 101, prevSeq: 100 });
    expect(sync.onEvent(reset).action).toBe("emit");
    const next = bookOf(
      frame(
        "update",
        9,
        7,
        [["99", "4"]],
        [],
        checksumOf(
          [
            ["100", "1"],
            ["99", "4"],
          ],
          [["101", "2"]],
        ),
      ),
    );
    expect(next).toMatchObject({ seq: 103, prevSeq: 101 });
    expect(sync.onEvent(next).action).toBe("emit");
    // A new snapshot ends the shift.
    expect(bookOf(frame("snapshot", 20, 0, [["100", "1"]], [["101", "2"]], 0))).toMatchObject({ seq: 20 });
    expect(bookOf(frame("update", 25, 20, [], [], same))).toMatchObject({ seq: 25, prevSeq: 20 });
  });
});

// ── recorded traffic ───────────────────────────────────────────────────────────────────────────────────────────

const WIRE_DIR = join(import.meta.dir, "../../../../shared/wire/bitget");
const HAS_WIRE = existsSync(WIRE_DIR);
if (!HAS_WIRE) console.log(`bitget: ${WIRE_DIR} absent; skipping the recorded-traffic cases`);

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

/** The account a recording's frames are parsed on (events still carry each product type's own account). */
const ACCOUNT_OF_FILE: Record<string, Account> = {
  "v1-spot-books-trade-ticker.ndjson": "spot",
  "v1-mix-books-trade-ticker.ndjson": "linear",
  "tardis-v2-spot.ndjson": "spot",
  "tardis-v2-futures.ndjson": "linear",
  "tardis-v3-spot.ndjson": "spot",
  "tardis-v3-futures.ndjson": "linear",
};

/** Per file: inbound frames by verdict, events by `kind account`. */
const EXPECTED: Record<string, Record<string, number>> = {
  // cryptofeed 2022, the retired v1 sockets: `books` has today's shape and checksum and is read; v1 trade rows carry
  // no id and v1 tickers other field names: classified, not read.
  "v1-spot-books-trade-ticker.ndjson": {
    ack: 6,
    "book spot": 113,
    "ignored:trade: v1 trade rows carry no trade id": 9,
    "ignored:ticker: retired v1 fields": 32,
  },
  "v1-mix-books-trade-ticker.ndjson": {
    ack: 3,
    "book linear": 34,
    "ignored:trade: v1 trade rows carry no trade id": 7,
    "ignored:ticker: retired v1 fields": 37,
  },
  // tardis samples (edited test inputs). books1/books15 are depth snapshots dig3 does not subscribe to.
  "tardis-v2-spot.ndjson": {
    ack: 2,
    "trade spot": 2,
    "ignored:trade: snapshot of fills from before the subscription": 1,
    "book spot": 2,
    "unmatched:books1": 1,
    "unmatched:books15": 1,
  },
  "tardis-v2-futures.ndjson": {
    ack: 3,
    "trade inverse": 1,
    "book linear": 2,
    "unmatched:books1": 2,
    "unmatched:books15": 1,
    "ticker linear": 1,
    "mark_price linear": 1,
    "funding_rate linear": 1,
    "open_interest linear": 1,
    "ticker inverse": 1,
    "mark_price inverse": 1,
    "open_interest inverse": 1,
  },
  "tardis-v3-spot.ndjson": {
    "trade spot": 1,
    "ignored:publicTrade: snapshot of fills from before the subscription": 1,
    "book spot": 2,
    "unmatched:books1": 1,
  },
  "tardis-v3-futures.ndjson": {
    "trade linear": 1,
    "ignored:publicTrade: snapshot of fills from before the subscription": 1,
    "book linear": 2,
    "unmatched:books1": 1,
    "ticker linear": 1,
    "mark_price linear": 1,
    "funding_rate linear": 1,
    "open_interest linear": 1,
    "liquidation linear": 2,
  },
};

const MIN_TS_MS = Date.UTC(2017, 0, 1);
const MAX_TS_MS = Date.UTC(2035, 0, 1);

function assertSane(event: MarketDataEvent): void {
  expect(event.exchange).toBe("bitget");
  // A coin-margined quarterly's expiry day is only in the instrument list: without it the native name stays.
  if (event.symbol === "BTCUSDZ24") return;
  const parts = parseCanonical(event.symbol);
  expect(parts, `canonical symbol: ${event.symbol}`).toBeDefined();
  if (event.account === "spot") expect(event.symbol).not.toContain(":");
  else expect(parts?.settle).toBeDefined();
  expect(event.tsMs).toBeGreaterThan(MIN_TS_MS);
  expect(event.tsMs).toBeLessThan(MAX_TS_MS);
  for (const [field, value] of Object.entries(event)) {
    if (typeof value === "number") expect(Number.isFinite(value), `${event.kind}.${field}`).toBe(true);
  }
  if (event.kind === "book") {
    for (const [price, size, priceText, sizeText] of [...event.bids, ...event.asks]) {
      expect(price > 0 && size >= 0).toBe(true);
      expect(typeof priceText === "string" && typeof sizeText === "string").toBe(true);
    }
  }
}

describe.if(HAS_WIRE)("recorded WebSocket traffic", () => {
  test("every recorded file is covered by a case below", () => {
    const files = readdirSync(WIRE_DIR).filter((file) => file.endsWith(".ndjson"));
    expect(files.filter((file) => !(file in EXPECTED)).sort()).toEqual([]);
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    test(file, () => {
      const account = ACCOUNT_OF_FILE[file] ?? "spot";
      const session = new Map<string, unknown>();
      const counts: Record<string, number> = {};
      const bump = (key: string) => {
        counts[key] = (counts[key] ?? 0) + 1;
      };
      for (const line of readLines(file)) {
        if (line.dir === "out") continue;
        // tardis lines carry no receive time; one inside the recording period stands in.
        const recvTsUs = Math.round((line.ts ?? 1_730_000_000_000) * 1000);
        const parsed = bitget.ws.parse(line.frame ?? "", contextOf(account, recvTsUs, session));
        if (parsed.kind === "events") {
          expect(parsed.events.length).toBeGreaterThan(0);
          for (const event of parsed.events) {
            assertSane(event);
            bump(`${event.kind} ${event.account}`);
          }
        } else if (parsed.kind === "unmatched") bump(`unmatched:${parsed.topic}`);
        else if (parsed.kind === "ignored") bump(`ignored:${parsed.reason}`);
        else bump(parsed.kind);
      }
      expect(counts).toEqual(expected);
    });
  }
});

describe.if(HAS_WIRE)("recorded books through the station's decoder", () => {
  const FILES = ["v1-spot-books-trade-ticker.ndjson", "v1-mix-books-trade-ticker.ndjson"];

  function decodeBooks(lines: string[]) {
    const decoder = createDecoder({ adapter: bitget, bookDepth: 25 });
    const items = lines.flatMap((line) => [...decoder.decodeLine(line)]);
    return { items, stats: decoder.stats };
  }

  const rawLines = (file: string) =>
    HAS_WIRE
      ? readFileSync(join(WIRE_DIR, file), "utf8")
          .split("\n")
          .filter((line) => line.trim().length > 0)
      : [];

  test("the three books rebuild with every checksum verified, never cross, zero resyncs", () => {
    const { items, stats } = decodeBooks(FILES.flatMap(rawLines));
    expect(stats.resyncs).toBe(0);
    expect(stats.unmatched).toBe(0);
    expect(stats.badLines).toBe(0);
    const books = items.filter((item) => item.kind === "book");
    const count = (account: string, symbol: string) =>
      books.filter((item) => item.account === account && item.symbol === symbol).length;
    expect(count("spot", "GOG/USDT")).toBe(57);
    expect(count("spot", "STG/USDT")).toBe(56);
    expect(count("linear", "UNI/USDT:USDT")).toBe(34);
    for (const item of items) {
      if (item.kind !== "book_top") continue;
      expect(item.bids[0]![0]).toBeLessThan(item.asks[0]![0]);
    }
    // The same frames straight through a sync per book, to count the verified checksums: 3 snapshots (v1 snapshots
    // carry a real one) and 144 updates.
    const syncs = new Map<string, ReturnType<typeof createBookSync>>();
    for (const file of FILES) {
      for (const line of readLines(file)) {
        const parsed = bitget.ws.parse(
          line.frame ?? "",
          contextOf(ACCOUNT_OF_FILE[file]!, Math.round((line.ts ?? 0) * 1000)),
        );
        if (parsed.kind !== "events") continue;
        for (const event of parsed.events) {
          if (event.kind !== "book") continue;
          const sync = syncs.get(event.symbol) ?? createBookSync(BITGET_BOOK);
          syncs.set(event.symbol, sync);
          expect(sync.onEvent(event).action).toBe("emit");
        }
      }
    }
    expect([...syncs.values()].reduce((sum, sync) => sum + sync.stats.checksumsVerified, 0)).toBe(147);
  });

  test("one corrupted recorded update is caught by its checksum and resyncs that symbol only", () => {
    const lines = FILES.flatMap(rawLines);
    const target = lines.findIndex(
      (line) =>
        line.includes('\\"action\\":\\"update\\"') &&
        line.includes('\\"channel\\":\\"books\\"') &&
        line.includes("STGUSDT"),
    );
    expect(target).toBeGreaterThan(0);
    const record = JSON.parse(lines[target]!) as { frame: string };
    const frame = JSON.parse(record.frame) as { data: { bids: string[][] }[] };
    // A size changed in transit: the book still looks plausible, only the checksum can tell.
    const level = frame.data[0]!.bids[0]!;
    level[1] = String(Number(level[1]) + 1);
    record.frame = JSON.stringify(frame);
    const corrupted = [...lines];
    corrupted[target] = JSON.stringify(record);
    const { items, stats } = decodeBooks(corrupted);
    expect(stats.resyncs).toBe(1);
    const resyncs = items.filter((item) => item.kind === "book_resync");
    expect(resyncs).toHaveLength(1);
    expect(resyncs[0]).toMatchObject({ account: "spot", symbol: "STG/USDT" });
    expect((resyncs[0] as { reason: string }).reason).toContain("checksum mismatch");
    // The other books are untouched.
    expect(items.filter((item) => item.kind === "book" && item.symbol === "GOG/USDT")).toHaveLength(57);
    expect(items.filter((item) => item.kind === "book" && item.symbol === "UNI/USDT:USDT")).toHaveLength(34);
  });
});
