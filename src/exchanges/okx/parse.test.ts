// OKX frame parser: docs-shaped frames for every channel → exact events; acks, errors, notices, the text pong and
// garbage → classified without throwing; the `books` sequence and checksum rules through the book sync; then every
// recorded frame in ../shared/wire/okx through the parser and the recorded books through the station's decoder.

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createBookSync } from "../../book/index.ts";
import {
  type Account,
  type BookEvent,
  type Level,
  type MarketDataEvent,
  parseCanonical,
} from "../../core/index.ts";
import { createDecoder } from "../../station/decode.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { OKX_BOOK, okx, okxBookChecksum } from "./index.ts";
import { canonicalOfOkxNative } from "./symbols.ts";

const RECV_US = 1_700_000_000_123_456;
const RECV_MS = 1_700_000_000_123;

function contextOf(account: Account, recvTsUs = RECV_US, session = new Map<string, unknown>()): ParseContext {
  return {
    exchange: "okx",
    account,
    recvTsUs,
    symbolOf: (native) => canonicalOfOkxNative(native) ?? native,
    session,
  };
}

function parse(account: Account, frame: unknown, context = contextOf(account)): Parsed {
  return okx.ws.parse(typeof frame === "string" ? frame : JSON.stringify(frame), context);
}

function eventsOf(account: Account, frame: unknown, context = contextOf(account)): MarketDataEvent[] {
  const parsed = parse(account, frame, context);
  if (parsed.kind !== "events") throw new Error(`expected events, got ${JSON.stringify(parsed)}`);
  return parsed.events;
}

const base = (account: Account, symbol: string, tsMs: number) => ({
  exchange: "okx",
  account,
  symbol,
  tsMs,
  recvTsUs: RECV_US,
});

describe("data frames (docs examples)", () => {
  test("trades-all → one trade; side is the taker's", () => {
    const frame = {
      arg: { channel: "trades-all", instId: "BTC-USDT" },
      data: [
        {
          instId: "BTC-USDT",
          tradeId: "130639474",
          px: "42219.9",
          sz: "0.12060306",
          side: "buy",
          source: "0",
          ts: "1630048897897",
        },
      ],
    };
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "trade",
        ...base("spot", "BTC/USDT", 1630048897897),
        price: 42219.9,
        size: 0.12060306,
        side: "buy",
        tradeId: "130639474",
      },
    ]);
  });

  test("trades → agg trade: tradeId is the last of `count` trades", () => {
    const frame = {
      arg: { channel: "trades", instId: "BTC-USDT-SWAP" },
      data: [
        {
          instId: "BTC-USDT-SWAP",
          tradeId: "130639474",
          px: "42219.9",
          sz: "12",
          side: "sell",
          ts: "1630048897897",
          count: "3",
          source: "0",
          seqId: 1234,
        },
      ],
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "agg_trade",
        ...base("linear", "BTC/USDT:USDT", 1630048897897),
        price: 42219.9,
        size: 12,
        side: "sell",
        aggId: "130639474",
        firstTradeId: "130639472",
        lastTradeId: "130639474",
      },
    ]);
  });

  test("option-trades: the first push after subscribing is skipped (cached), later ones are trades", () => {
    const frame = (tradeId: string) => ({
      arg: { channel: "option-trades", instType: "OPTION", instFamily: "BTC-USD" },
      data: [
        {
          fillVol: "0.5066",
          instFamily: "BTC-USD",
          instId: "BTC-USD-230224-18000-C",
          markPx: "0.0469",
          optType: "C",
          px: "0.045",
          side: "sell",
          sz: "2",
          tradeId,
          ts: "1672286551080",
        },
      ],
    });
    const context = contextOf("option");
    expect(parse("option", frame("38"), context)).toEqual({
      kind: "ignored",
      reason: "option-trades: first push after subscribing",
    });
    expect(eventsOf("option", frame("39"), context)).toEqual([
      {
        kind: "trade",
        ...base("option", "BTC/USD:BTC-230224-18000-C", 1672286551080),
        price: 0.045,
        size: 2,
        side: "sell",
        tradeId: "39",
      },
    ]);
  });

  test("books snapshot and update: text kept, seq / prevSeq / checksum mapped", () => {
    const snapshot = {
      arg: { channel: "books", instId: "BTC-USDT" },
      action: "snapshot",
      data: [
        {
          asks: [["8476.98", "415", "0", "13"]],
          bids: [["8476.97", "256", "0", "12"]],
          ts: "1597026383085",
          checksum: -855196043,
          prevSeqId: -1,
          seqId: 123456,
        },
      ],
    };
    expect(eventsOf("spot", snapshot)).toEqual([
      {
        kind: "book",
        ...base("spot", "BTC/USDT", 1597026383085),
        type: "snapshot",
        bids: [[8476.97, 256, "8476.97", "256"]],
        asks: [[8476.98, 415, "8476.98", "415"]],
        seq: 123456,
        checksum: -855196043,
      },
    ]);
    const update = {
      ...snapshot,
      action: "update",
      data: [
        { ...snapshot.data[0], asks: [["8477", "0", "0", "0"]], bids: [], prevSeqId: 123456, seqId: 123457 },
      ],
    };
    expect(eventsOf("spot", update)).toEqual([
      {
        kind: "book",
        ...base("spot", "BTC/USDT", 1597026383085),
        type: "delta",
        bids: [],
        asks: [[8477, 0, "8477", "0"]],
        seq: 123457,
        prevSeq: 123456,
        checksum: -855196043,
      },
    ]);
  });

  test("candles on linear: volume in base coins (volCcy), quote volume, final bar, UTC day bar → 1d", () => {
    const frame = {
      arg: { channel: "candle1Dutc", instId: "BTC-USDT-SWAP" },
      data: [
        ["1700006400000", "8533.02", "8553.74", "8527.17", "8548.26", "45247", "452.47", "3866211.5", "1"],
      ],
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "kline",
        ...base("linear", "BTC/USDT:USDT", RECV_MS),
        interval: "1d",
        openTimeMs: 1700006400000,
        closeTimeMs: 1700092799999,
        open: 8533.02,
        high: 8553.74,
        low: 8527.17,
        close: 8548.26,
        volume: 452.47,
        quoteVolume: 3866211.5,
        closed: true,
      },
    ]);
  });

  test("candles on spot: volume is vol (base); UTC+8 bars and mark-price candles are not dig3's", () => {
    const frame = {
      arg: { channel: "candle1m", instId: "BTC-USDT" },
      data: [["1700000040000", "1", "2", "0.5", "1.5", "10", "15", "15", "0"]],
    };
    expect(eventsOf("spot", frame)).toMatchObject([
      { interval: "1m", volume: 10, quoteVolume: 15, closed: false, closeTimeMs: 1700000099999 },
    ]);
    expect(parse("spot", { ...frame, arg: { channel: "candle1D", instId: "BTC-USDT" } })).toEqual({
      kind: "unmatched",
      topic: "candle1D",
    });
    expect(parse("spot", { ...frame, arg: { channel: "mark-price-candle1m", instId: "BTC-USDT" } })).toEqual({
      kind: "unmatched",
      topic: "mark-price-candle1m",
    });
  });

  test("tickers: spot volumes base/quote; contract volumes in base coins (volCcy24h), no quote volume", () => {
    const row = {
      instType: "SPOT",
      instId: "BTC-USDT",
      last: "9999.99",
      lastSz: "0.1",
      askPx: "9999.99",
      askSz: "11",
      bidPx: "8888.88",
      bidSz: "5",
      open24h: "9000",
      high24h: "10000",
      low24h: "8888.88",
      volCcy24h: "2222",
      vol24h: "2",
      sodUtc0: "2222",
      sodUtc8: "2222",
      ts: "1597026383085",
    };
    const [spot] = eventsOf("spot", { arg: { channel: "tickers", instId: "BTC-USDT" }, data: [row] });
    expect(spot).toEqual({
      kind: "ticker",
      ...base("spot", "BTC/USDT", 1597026383085),
      last: 9999.99,
      bid: 8888.88,
      bidSize: 5,
      ask: 9999.99,
      askSize: 11,
      high24h: 10000,
      low24h: 8888.88,
      volume24h: 2,
      quoteVolume24h: 2222,
      changePct24h: ((9999.99 - 9000) / 9000) * 100,
    });
    const swap = {
      ...row,
      instType: "SWAP",
      instId: "BTC-USD-SWAP",
      vol24h: "46258703",
      volCcy24h: "81137.755",
    };
    const [inverse] = eventsOf("inverse", {
      arg: { channel: "tickers", instId: "BTC-USD-SWAP" },
      data: [swap],
    });
    expect(inverse).toMatchObject({ account: "inverse", symbol: "BTC/USD:BTC", volume24h: 81137.755 });
    expect(inverse).not.toHaveProperty("quoteVolume24h");
  });

  test("an option ticker without bids has no bid fields", () => {
    const frame = {
      arg: { channel: "tickers", instId: "ETH-USD-211231-9600-C" },
      data: [
        {
          instType: "OPTION",
          instId: "ETH-USD-211231-9600-C",
          last: "0.006",
          lastSz: "0",
          askPx: "0.0005",
          askSz: "111",
          bidPx: "",
          bidSz: "",
          open24h: "0.006",
          high24h: "0.006",
          low24h: "0.006",
          volCcy24h: "0",
          vol24h: "0",
          ts: "1640001603301",
        },
      ],
    };
    const [ticker] = eventsOf("option", frame);
    expect(ticker).not.toHaveProperty("bid");
    expect(ticker).toMatchObject({ symbol: "ETH/USD:ETH-211231-9600-C", ask: 0.0005, changePct24h: 0 });
  });

  test("mark-price, open-interest (coins, with USD value) and funding-rate", () => {
    expect(
      eventsOf("linear", {
        arg: { channel: "mark-price", instId: "BTC-USDT-SWAP" },
        data: [{ instType: "SWAP", instId: "BTC-USDT-SWAP", markPx: "42310.6", ts: "1630049139746" }],
      }),
    ).toEqual([
      { kind: "mark_price", ...base("linear", "BTC/USDT:USDT", 1630049139746), markPrice: 42310.6 },
    ]);
    expect(
      eventsOf("inverse", {
        arg: { channel: "open-interest", instId: "LTC-USD-SWAP" },
        data: [
          {
            instType: "SWAP",
            instId: "LTC-USD-SWAP",
            oi: "5000",
            oiCcy: "555.55",
            oiUsd: "50000",
            ts: "1597026383085",
          },
        ],
      }),
    ).toEqual([
      {
        kind: "open_interest",
        ...base("inverse", "LTC/USD:LTC", 1597026383085),
        openInterest: 555.55,
        openInterestValue: 50000,
      },
    ]);
    expect(
      eventsOf("inverse", {
        arg: { channel: "funding-rate", instId: "BTC-USD-SWAP" },
        data: [
          {
            fundingRate: "0.0001875391284828",
            fundingTime: "1700726400000",
            instId: "BTC-USD-SWAP",
            instType: "SWAP",
            method: "current_period",
            nextFundingRate: "",
            nextFundingTime: "1700755200000",
            ts: "1700724675402",
          },
        ],
      }),
    ).toEqual([
      {
        kind: "funding_rate",
        ...base("inverse", "BTC/USD:BTC", 1700724675402),
        rate: 0.0001875391284828,
        nextFundingTsMs: 1700726400000,
      },
    ]);
  });

  test("liquidation-orders: one instType-wide frame, events of each instrument's own account", () => {
    const frame = {
      arg: { channel: "liquidation-orders", instType: "SWAP" },
      data: [
        {
          details: [
            {
              bkLoss: "0",
              bkPx: "0.007831",
              ccy: "",
              posSide: "short",
              side: "buy",
              sz: "13",
              ts: "1692266434010",
            },
          ],
          instFamily: "IOST-USDT",
          instId: "IOST-USDT-SWAP",
          instType: "SWAP",
          uly: "IOST-USDT",
        },
        {
          details: [{ bkPx: "30000", posSide: "long", side: "sell", sz: "2", ts: "1692266434020" }],
          instId: "BTC-USD-SWAP",
          instType: "SWAP",
        },
      ],
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "liquidation",
        ...base("linear", "IOST/USDT:USDT", 1692266434010),
        side: "buy",
        price: 0.007831,
        size: 13,
      },
      {
        kind: "liquidation",
        ...base("inverse", "BTC/USD:BTC", 1692266434020),
        side: "sell",
        price: 30000,
        size: 2,
      },
    ]);
  });
});

describe("control frames", () => {
  test("the text pong, before any JSON", () => {
    expect(parse("spot", "pong")).toEqual({ kind: "pong" });
    expect(parse("spot", "pong\n")).toEqual({ kind: "pong" });
  });

  test("subscribe and unsubscribe acks", () => {
    expect(
      parse("spot", {
        id: "7",
        event: "subscribe",
        arg: { channel: "books", instId: "BTC-USDT" },
        connId: "a",
      }),
    ).toEqual({
      kind: "ack",
      note: "subscribe books BTC-USDT",
    });
    expect(
      parse("linear", { event: "unsubscribe", arg: { channel: "liquidation-orders", instType: "SWAP" } }),
    ).toEqual({
      kind: "ack",
      note: "unsubscribe liquidation-orders SWAP",
    });
  });

  test("errors name code, message and request; rate limits are retryable", () => {
    expect(
      parse("spot", {
        id: "1512",
        event: "error",
        code: "60012",
        msg: 'Invalid request: {"op": "subscribe", "argss":[]}',
        connId: "a4d3ae55",
      }),
    ).toEqual({
      kind: "venue-error",
      message: 'code 60012: Invalid request: {"op": "subscribe", "argss":[]} (request 1512)',
      retryable: false,
    });
    expect(parse("spot", { event: "error", code: "60014", msg: "Requests too frequent." })).toMatchObject({
      kind: "venue-error",
      retryable: true,
    });
  });

  test("the service-upgrade notice asks for a reconnect", () => {
    expect(
      parse("spot", {
        event: "notice",
        code: "64008",
        msg: "The connection will soon be closed for a service upgrade. Please reconnect.",
        connId: "a4d3ae55",
      }),
    ).toEqual({
      kind: "venue-error",
      message: "code 64008: The connection will soon be closed for a service upgrade. Please reconnect.",
      retryable: true,
      reconnect: true,
    });
    expect(parse("spot", { event: "channel-conn-count", channel: "orders", connCount: "2" })).toEqual({
      kind: "ignored",
      reason: "event channel-conn-count",
    });
  });

  test("channels dig3 does not subscribe to are reported by name", () => {
    for (const channel of ["books5", "bbo-tbt", "index-tickers", "price-limit", "opt-summary"]) {
      expect(parse("spot", { arg: { channel, instId: "BTC-USDT" }, data: [{}] })).toEqual({
        kind: "unmatched",
        topic: channel,
      });
    }
  });
});

describe("garbage never throws and is classified", () => {
  const cases: [string, unknown, Parsed][] = [
    ["empty string", "", { kind: "ignored", reason: "empty frame" }],
    ["whitespace", " \n", { kind: "ignored", reason: "empty frame" }],
    ["text ping (not a reply we expect)", "ping", { kind: "unmatched", topic: "(not json)" }],
    ["truncated json", '{"arg":{"channel":"books"', { kind: "unmatched", topic: "(not json)" }],
    ["json null", "null", { kind: "unmatched", topic: "(not an object)" }],
    ["json array", "[1,2]", { kind: "unmatched", topic: "(not an object)" }],
    ["empty object", "{}", { kind: "unmatched", topic: "(unknown frame)" }],
    ["JS null", null, { kind: "unmatched", topic: "(not text)" }],
    ["JS number", 7, { kind: "unmatched", topic: "(not text)" }],
    [
      "data not an array",
      '{"arg":{"channel":"trades"},"data":{}}',
      { kind: "unmatched", topic: "(unknown frame)" },
    ],
    ["no channel", '{"arg":{},"data":[]}', { kind: "unmatched", topic: "(no channel)" }],
    [
      "trade without side",
      '{"arg":{"channel":"trades-all","instId":"BTC-USDT"},"data":[{"tradeId":"1","px":"1","sz":"1","ts":"1700000000000"}]}',
      { kind: "unmatched", topic: "trades-all (malformed)" },
    ],
    [
      "trade row not an object",
      '{"arg":{"channel":"trades","instId":"BTC-USDT"},"data":[5]}',
      { kind: "unmatched", topic: "trades (malformed)" },
    ],
    [
      "book without action",
      '{"arg":{"channel":"books","instId":"BTC-USDT"},"data":[{"asks":[],"bids":[],"ts":"1700000000000"}]}',
      { kind: "unmatched", topic: "books (malformed)" },
    ],
    [
      "book without sides",
      '{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"update","data":[{"ts":"1700000000000"}]}',
      { kind: "unmatched", topic: "books (malformed)" },
    ],
    [
      "candle row too short",
      '{"arg":{"channel":"candle1m","instId":"BTC-USDT"},"data":[["1700000000000","1"]]}',
      { kind: "unmatched", topic: "candle1m (malformed)" },
    ],
    [
      "ticker price an object",
      '{"arg":{"channel":"tickers","instId":"BTC-USDT"},"data":[{"last":{},"ts":"1700000000000"}]}',
      { kind: "unmatched", topic: "tickers (malformed)" },
    ],
    [
      "liquidation details missing",
      '{"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"instId":"BTC-USDT-SWAP"}]}',
      { kind: "unmatched", topic: "liquidation-orders (malformed)" },
    ],
    [
      "empty data",
      '{"arg":{"channel":"tickers","instId":"BTC-USDT"},"data":[]}',
      { kind: "ignored", reason: "tickers: empty data" },
    ],
    ["event of unknown kind", '{"event":"whatever"}', { kind: "ignored", reason: "event whatever" }],
  ];
  for (const account of ["spot", "linear", "inverse", "option"] as const) {
    test.each(cases)(`${account}: %s`, (_name, frame, expected) => {
      expect(okx.ws.parse(frame as string, contextOf(account))).toEqual(expected);
    });
  }
});

// ── book rules ─────────────────────────────────────────────────────────────────────────────────────────────────

function viewOf(bids: [string, string][], asks: [string, string][]) {
  const levels = (rows: [string, string][]): Level[] => rows.map(([p, s]) => [Number(p), Number(s), p, s]);
  return { bids: (n: number) => levels(bids).slice(0, n), asks: (n: number) => levels(asks).slice(0, n) };
}

describe("checksum", () => {
  test("the docs' two check strings: interleaved, and the longer side appended", () => {
    expect(
      okxBookChecksum(
        viewOf(
          [
            ["3366.1", "7"],
            ["3366", "6"],
          ],
          [
            ["3366.8", "9"],
            ["3368", "8"],
          ],
        ),
      ),
    ).toBe(-1881014294);
    expect(
      okxBookChecksum(
        viewOf(
          [["3366.1", "7"]],
          [
            ["3366.8", "9"],
            ["3368", "8"],
            ["3372", "8"],
          ],
        ),
      ),
    ).toBe(831078360);
  });

  test("only the top 25 of each side count; the sent text, not the number, is hashed", () => {
    const bids = Array.from({ length: 30 }, (_, i) => [`${1000 - i}`, "1"] as [string, string]);
    const asks = Array.from({ length: 30 }, (_, i) => [`${1001 + i}`, "1"] as [string, string]);
    const expected = Bun.hash.crc32(
      Array.from({ length: 25 }, (_, i) => `${1000 - i}:1:${1001 + i}:1`).join(":"),
    );
    expect(okxBookChecksum(viewOf(bids, asks))).toBe(expected | 0);
    expect(okxBookChecksum(viewOf([["1.10", "2"]], [["1.2", "3"]]))).toBe(Bun.hash.crc32("1.10:2:1.2:3") | 0);
  });
});

describe("sequence rules through the book sync", () => {
  const checksumOf = (bids: [string, string][], asks: [string, string][]) =>
    okxBookChecksum(viewOf(bids, asks));
  const frame = (
    action: "snapshot" | "update",
    seqId: number,
    prevSeqId: number,
    bids: string[][],
    asks: string[][],
    checksum: number,
  ) => ({
    arg: { channel: "books", instId: "BTC-USDT" },
    action,
    data: [{ bids, asks, ts: "1700000000000", checksum, prevSeqId, seqId }],
  });
  // One connection's parse context: the sequence shift after a reset lives in its session.
  let connection = contextOf("spot");
  const bookOf = (f: unknown) => eventsOf("spot", f, connection)[0] as BookEvent;
  const start = () => {
    connection = contextOf("spot");
    const sync = createBookSync(OKX_BOOK);
    const snapshot = frame(
      "snapshot",
      10,
      -1,
      [["100", "1"]],
      [["101", "2"]],
      checksumOf([["100", "1"]], [["101", "2"]]),
    );
    expect(sync.onEvent(bookOf(snapshot)).action).toBe("emit");
    return sync;
  };

  test("prevSeqId = previous seqId chains; a no-change heartbeat (seqId = prevSeqId) is accepted", () => {
    const sync = start();
    const after = checksumOf([["100", "3"]], [["101", "2"]]);
    expect(sync.onEvent(bookOf(frame("update", 15, 10, [["100", "3"]], [], after))).action).toBe("emit");
    expect(sync.onEvent(bookOf(frame("update", 15, 15, [], [], after))).action).toBe("emit");
    expect(sync.stats.checksumsVerified).toBe(3);
  });

  test("a missed update (prevSeqId ≠ last seqId) resyncs", () => {
    const sync = start();
    const verdict = sync.onEvent(
      bookOf(frame("update", 20, 15, [], [], checksumOf([["100", "1"]], [["101", "2"]]))),
    );
    expect(verdict).toEqual({ action: "resync", reason: "sequence gap: previous 10, update says 15" });
  });

  test("a checksum that does not match the rebuilt book resyncs", () => {
    const sync = start();
    expect(sync.onEvent(bookOf(frame("update", 15, 10, [["100", "3"]], [], 12345))).action).toBe("resync");
  });

  test("a maintenance reset (seqId < prevSeqId) keeps the chain: numbers shift until the next snapshot", () => {
    const sync = start();
    const same = checksumOf([["100", "1"]], [["101", "2"]]);
    const reset = bookOf(frame("update", 3, 10, [], [], same));
    expect(reset).toMatchObject({ seq: 10, prevSeq: 10 });
    expect(sync.onEvent(reset).action).toBe("emit");
    const next = bookOf(
      frame(
        "update",
        5,
        3,
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
    expect(next).toMatchObject({ seq: 12, prevSeq: 10 });
    expect(sync.onEvent(next).action).toBe("emit");
    expect(sync.stats.checksumsVerified).toBe(3);
  });
});

// ── recorded traffic ───────────────────────────────────────────────────────────────────────────────────────────

const WIRE_DIR = join(import.meta.dir, "../../../../shared/wire/okx");
const HAS_WIRE = existsSync(WIRE_DIR);
if (!HAS_WIRE) console.log(`okx: ${WIRE_DIR} absent; skipping the recorded-traffic cases`);

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

/** The account a recording's frames are parsed on (events still carry each instId's own account). */
const ACCOUNT_OF_FILE: Record<string, Account> = {
  "v5-books-trades-tickers.ndjson": "spot",
  "tardis-v5-spot.ndjson": "spot",
  "tardis-v5-swap.ndjson": "linear",
  "tardis-v5-futures.ndjson": "linear",
  "tardis-v5-usdc-contracts.ndjson": "linear",
  "tardis-v5-option.ndjson": "option",
  "tardis-v5-spreads.ndjson": "spot",
};

/** Per file: inbound frames by verdict, events by `kind account`. */
const EXPECTED: Record<string, Record<string, number>> = {
  // cryptofeed 2022: `trades` frames from before aggregation (one trade each) are agg trades of count 1.
  "v5-books-trades-tickers.ndjson": {
    ack: 12,
    "book spot": 98,
    "book inverse": 93,
    "agg_trade spot": 69,
    "agg_trade inverse": 1,
    "ticker spot": 25,
    "ticker inverse": 1,
  },
  // tardis samples (edited test inputs): tick-by-tick books parse like `books`; index tickers, price limits,
  // option summaries, bbo and spread channels are channels dig3 does not use.
  "tardis-v5-spot.ndjson": {
    ack: 1,
    "agg_trade spot": 1,
    "book spot": 2,
    "ticker spot": 1,
    "trade spot": 1,
  },
  "tardis-v5-swap.ndjson": {
    "book linear": 1,
    "funding_rate linear": 1,
    "agg_trade linear": 1,
    "ticker linear": 1,
    "mark_price linear": 1,
    "open_interest linear": 1,
    ignored: 1,
    "unmatched:index-tickers": 1,
    "unmatched:bbo-tbt": 1,
  },
  "tardis-v5-futures.ndjson": {
    ack: 1,
    "book linear": 2,
    "agg_trade inverse": 1,
    "mark_price linear": 2,
    "open_interest linear": 1,
    "ticker linear": 1,
    "liquidation inverse": 1,
    "unmatched:price-limit": 1,
    "unmatched:index-tickers": 1,
  },
  "tardis-v5-option.ndjson": {
    "book option": 1,
    "open_interest option": 1,
    "mark_price option": 1,
    "ticker option": 1,
    "agg_trade option": 1,
    "unmatched:index-tickers": 1,
    "unmatched:opt-summary": 2,
  },
  "tardis-v5-usdc-contracts.ndjson": { "ticker linear": 2, "unmatched:index-tickers": 2 },
  "tardis-v5-spreads.ndjson": {
    "unmatched:sprd-public-trades": 1,
    "unmatched:sprd-books5": 1,
    "unmatched:sprd-bbo-tbt": 1,
  },
};

const MIN_TS_MS = Date.UTC(2017, 0, 1);
const MAX_TS_MS = Date.UTC(2035, 0, 1);

function assertSane(event: MarketDataEvent): void {
  expect(event.exchange).toBe("okx");
  const parts = parseCanonical(event.symbol.replace(/-(\d{6})-\d+(\.\d+)?-[CP]$/, "-$1"));
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
        const recvTsUs = Math.round((line.ts ?? 1_640_000_000_000) * 1000);
        const parsed = okx.ws.parse(line.frame ?? "", contextOf(account, recvTsUs, session));
        if (parsed.kind === "events") {
          expect(parsed.events.length).toBeGreaterThan(0);
          for (const event of parsed.events) {
            assertSane(event);
            bump(`${event.kind} ${event.account}`);
          }
        } else if (parsed.kind === "unmatched") bump(`unmatched:${parsed.topic}`);
        else bump(parsed.kind);
      }
      expect(counts).toEqual(expected);
    });
  }
});

describe.if(HAS_WIRE)("recorded books through the station's decoder", () => {
  const FILE = "v5-books-trades-tickers.ndjson";

  function decodeBooks(lines: string[]) {
    const decoder = createDecoder({ adapter: okx, bookDepth: 25 });
    const items = lines.flatMap((line) => [...decoder.decodeLine(line)]);
    return { items, stats: decoder.stats };
  }

  const rawLines = () =>
    HAS_WIRE
      ? readFileSync(join(WIRE_DIR, FILE), "utf8")
          .split("\n")
          .filter((line) => line.trim().length > 0)
      : [];

  test("both books rebuild with every checksum verified, never cross, zero resyncs", () => {
    const { items, stats } = decodeBooks(rawLines());
    expect(stats.resyncs).toBe(0);
    expect(stats.unmatched).toBe(0);
    expect(stats.badLines).toBe(0);
    const books = items.filter((item) => item.kind === "book");
    expect(books.filter((item) => item.account === "spot" && item.symbol === "BTC/USDT")).toHaveLength(98);
    expect(books.filter((item) => item.account === "inverse" && item.symbol === "UNI/USD:UNI")).toHaveLength(
      93,
    );
    for (const item of items) {
      if (item.kind !== "book_top") continue;
      expect(item.bids[0]![0]).toBeLessThan(item.asks[0]![0]);
    }
    // The same frames straight through a sync, to count the verified checksums (2 snapshots + 189 updates).
    const syncs = new Map<string, ReturnType<typeof createBookSync>>();
    for (const line of readLines(FILE)) {
      if (line.dir !== "in") continue;
      const parsed = okx.ws.parse(line.frame ?? "", contextOf("spot", Math.round((line.ts ?? 0) * 1000)));
      if (parsed.kind !== "events") continue;
      for (const event of parsed.events) {
        if (event.kind !== "book") continue;
        const sync = syncs.get(event.symbol) ?? createBookSync(OKX_BOOK);
        syncs.set(event.symbol, sync);
        expect(sync.onEvent(event).action).toBe("emit");
      }
    }
    expect([...syncs.values()].reduce((sum, sync) => sum + sync.stats.checksumsVerified, 0)).toBe(191);
  });

  test("one corrupted recorded update is caught by its checksum and resyncs that symbol only", () => {
    const lines = rawLines();
    const target = lines.findIndex(
      (line) => line.includes('\\"action\\":\\"update\\"') && line.includes("BTC-USDT"),
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
    expect(resyncs[0]).toMatchObject({ account: "spot", symbol: "BTC/USDT" });
    expect((resyncs[0] as { reason: string }).reason).toContain("checksum mismatch");
    // The swap book is untouched.
    expect(items.filter((item) => item.kind === "book" && item.symbol === "UNI/USD:UNI")).toHaveLength(93);
  });
});
