// BingX frame parser: the docs' own frames for every stream on the spot, swap and Coin-M sockets → exact events
// (incrDepth in both level forms, klines closed when the next bar opens, swap trades given derived ids); heartbeats
// answered in kind (text `Ping` before JSON), acks, refusals and garbage classified without throwing; then a session
// of docs-shaped frames through the station's decoder (books rebuilt, a gap resyncs), and ../shared/wire/bingx when
// it exists (it does not: BingX has no public recordings).

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Account, MarketDataEvent } from "../../core/index.ts";
import { createDecoder, type DecodedItem } from "../../station/decode.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { contentIdsOf } from "../_shared/values.ts";
import { bingx } from "./index.ts";
import { canonicalOfNative } from "./symbols.ts";

const RECV_US = 1_760_000_000_123_456;
const RECV_MS = Math.floor(RECV_US / 1000);

function contextOf(account: Account, session = new Map<string, unknown>(), recvTsUs = RECV_US): ParseContext {
  return {
    exchange: "bingx",
    account,
    recvTsUs,
    symbolOf: (native) => canonicalOfNative(native, account) ?? native,
    session,
  };
}

function parse(account: Account, frame: unknown, session?: Map<string, unknown>): Parsed {
  const text = typeof frame === "string" ? frame : JSON.stringify(frame);
  return bingx.ws.parse(text, contextOf(account, session));
}

function eventsOf(account: Account, frame: unknown, session?: Map<string, unknown>): MarketDataEvent[] {
  const parsed = parse(account, frame, session);
  if (parsed.kind !== "events") throw new Error(`expected events, got ${JSON.stringify(parsed)}`);
  return parsed.events;
}

const base = (account: Account, symbol: string, tsMs: number) => ({
  exchange: "bingx",
  account,
  symbol,
  tsMs,
  recvTsUs: RECV_US,
});

describe("heartbeats", () => {
  test("the swap socket's text Ping is answered with the text Pong, before any JSON parsing", () => {
    for (const account of ["spot", "linear", "inverse"] as const) {
      expect(parse(account, "Ping")).toEqual({ kind: "ping", reply: "Pong" });
      expect(parse(account, " Ping\n")).toEqual({ kind: "ping", reply: "Pong" });
    }
  });

  test("the spot socket's JSON ping is echoed as a pong with the same time", () => {
    const ping = { ping: "2177c68e4d0e45679965f482929b59c2", time: "2022-06-07T16:27:36.323+0800" };
    expect(parse("spot", ping)).toEqual({
      kind: "ping",
      reply: '{"pong":"2177c68e4d0e45679965f482929b59c2","time":"2022-06-07T16:27:36.323+0800"}',
    });
    expect(parse("inverse", { ping: "abc" })).toEqual({ kind: "ping", reply: '{"pong":"abc"}' });
  });

  test("pongs are pongs", () => {
    expect(parse("linear", "Pong")).toEqual({ kind: "pong" });
    expect(parse("spot", { pong: "x", time: "t" })).toEqual({ kind: "pong" });
  });
});

describe("replies", () => {
  test("swap ack (empty dataType, data null) and spot ack (msg SUCCESS)", () => {
    expect(
      parse("linear", {
        id: "e745cd6d-d0f6-4a70-8d5a-043e4c741b40",
        code: 0,
        msg: "",
        dataType: "",
        data: null,
      }),
    ).toEqual({ kind: "ack", note: "id e745cd6d-d0f6-4a70-8d5a-043e4c741b40" });
    expect(parse("linear", { id: "4", code: 0, msg: "", dataType: "BTC-USDT@trade", data: null })).toEqual({
      kind: "ack",
      note: "id 4",
    });
    expect(parse("spot", { code: 0, id: "7", msg: "SUCCESS", timestamp: 1760066128475 })).toEqual({
      kind: "ack",
      note: "id 7",
    });
  });

  test("refusals: 80015 dataType not supported is final; frequency limit and server busy are retryable", () => {
    expect(
      parse("linear", { id: "3", code: 80015, msg: "dataType not supported", dataType: "", data: null }),
    ).toEqual({
      kind: "venue-error",
      message: "dataType not supported (code 80015, id 3)",
      retryable: false,
    });
    expect(parse("spot", { code: 100410, msg: "", timestamp: 1696245808833 })).toEqual({
      kind: "venue-error",
      message: "request refused (code 100410)",
      retryable: true,
    });
    expect(parse("spot", { code: 100500, id: "9cd37d32", msg: "", timestamp: 1696245842307 })).toMatchObject({
      kind: "venue-error",
      retryable: true,
    });
    expect(parse("linear", { code: 80403, msg: "topic limit", dataType: "BTC-USDT@trade" })).toEqual({
      kind: "venue-error",
      message: "topic limit (code 80403, BTC-USDT@trade)",
      retryable: false,
    });
  });
});

describe("trades", () => {
  test("spot: one trade per frame, t is the id, m = buyer maker → the taker sold", () => {
    const frame = {
      code: 0,
      data: {
        E: 1760066129336,
        T: 1760066129316,
        e: "trade",
        m: true,
        p: "121123.47",
        q: "0.003189",
        s: "BTC-USDT",
        t: "172356086",
      },
      dataType: "BTC-USDT@trade",
      success: true,
      timestamp: 1760066129336,
    };
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "trade",
        ...base("spot", "BTC/USDT", 1760066129316),
        price: 121123.47,
        size: 0.003189,
        side: "sell",
        tradeId: "172356086",
      },
    ]);
  });

  test("swap: a batch without ids gets ids derived from time, price, size and side", () => {
    const frame = {
      code: 0,
      dataType: "BTC-USDT@trade",
      data: [
        { q: "0.0162", p: "121934.9", T: 1759994162450, m: false, s: "BTC-USDT" },
        { q: "0.0551", p: "121926.9", T: 1759994162450, m: true, s: "BTC-USDT" },
        { q: "0.0162", p: "121934.9", T: 1759994162450, m: false, s: "BTC-USDT" },
      ],
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "trade",
        ...base("linear", "BTC/USDT:USDT", 1759994162450),
        price: 121934.9,
        size: 0.0162,
        side: "buy",
        tradeId: "1759994162450-121934.9-0.0162-b",
      },
      {
        kind: "trade",
        ...base("linear", "BTC/USDT:USDT", 1759994162450),
        price: 121926.9,
        size: 0.0551,
        side: "sell",
        tradeId: "1759994162450-121926.9-0.0551-s",
      },
      {
        kind: "trade",
        ...base("linear", "BTC/USDT:USDT", 1759994162450),
        price: 121934.9,
        size: 0.0162,
        side: "buy",
        tradeId: "1759994162450-121934.9-0.0162-b#2",
      },
    ]);
  });

  test("Coin-M: one trade per frame with an id, size in contracts", () => {
    const frame = {
      code: 0,
      dataType: "BTC-USD@trade",
      data: {
        e: "trade",
        E: 1760077547810,
        s: "BTC-USD",
        t: "143720871",
        p: "121596.7",
        q: "5",
        T: 1760077547483,
        m: false,
      },
    };
    expect(eventsOf("inverse", frame)).toEqual([
      {
        kind: "trade",
        ...base("inverse", "BTC/USD:BTC", 1760077547483),
        price: 121596.7,
        size: 5,
        side: "buy",
        tradeId: "143720871",
      },
    ]);
  });

  test("derived ids do not depend on the number text (42214.0 and 42214 are one price)", () => {
    expect(contentIdsOf([{ timeMs: 1, price: Number("42214.0"), size: 0.5, side: "sell" }])).toEqual([
      "1-42214-0.5-s",
    ]);
  });
});

describe("books", () => {
  test("swap incrDepth: all → snapshot, update → delta with seq = lastUpdateId, levels sorted best first", () => {
    const snapshot = {
      code: 0,
      dataType: "BTC-USDT@incrDepth",
      data: {
        action: "all",
        lastUpdateId: 393592634,
        time: 1760002514779,
        bids: [
          ["121706.5", "1.1466"],
          ["121706.6", "16.8741"],
        ],
        asks: [
          ["121707.3", "0.0077"],
          ["121706.8", "4.7697"],
        ],
      },
    };
    expect(eventsOf("linear", snapshot)).toEqual([
      {
        kind: "book",
        ...base("linear", "BTC/USDT:USDT", 1760002514779),
        type: "snapshot",
        bids: [
          [121706.6, 16.8741],
          [121706.5, 1.1466],
        ],
        asks: [
          [121706.8, 4.7697],
          [121707.3, 0.0077],
        ],
        seq: 393592634,
      },
    ]);
    const update = {
      code: 0,
      dataType: "BTC-USDT@incrDepth",
      data: {
        action: "update",
        lastUpdateId: 393592635,
        time: 1760002514979,
        bids: [
          ["121706.6", "16.8741"],
          ["121678.5", "0.0000"],
        ],
        asks: [
          ["122006.8", "0.0000"],
          ["121706.8", "4.7697"],
        ],
      },
    };
    expect(eventsOf("linear", update)).toEqual([
      {
        kind: "book",
        ...base("linear", "BTC/USDT:USDT", 1760002514979),
        type: "delta",
        bids: [
          [121706.6, 16.8741],
          [121678.5, 0],
        ],
        asks: [
          [121706.8, 4.7697],
          [122006.8, 0],
        ],
        seq: 393592635,
      },
    ]);
  });

  test("spot incrDepth: levels as {price: qty} maps, time from the frame's timestamp", () => {
    const frame = {
      code: 0,
      timestamp: 1769443327977,
      success: true,
      dataType: "BTC-USDT@incrDepth",
      data: {
        action: "update",
        lastUpdateId: 524997,
        sourceUpdateId: 15253687425,
        asks: { "87554.35": "0.004666", "87555.23": "0" },
        bids: { "87555.22": "0", "87554.34": "0.001949" },
      },
    };
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "book",
        ...base("spot", "BTC/USDT", 1769443327977),
        type: "delta",
        bids: [
          [87555.22, 0],
          [87554.34, 0.001949],
        ],
        asks: [
          [87554.35, 0.004666],
          [87555.23, 0],
        ],
        seq: 524997,
      },
    ]);
  });

  test("depth snapshots: swap rows, spot with lastUpdateId, Coin-M {p, a, v} objects (v = contracts)", () => {
    expect(
      eventsOf("linear", {
        code: 0,
        dataType: "BTC-USDT@depth5@500ms",
        ts: 1759996742928,
        data: {
          bids: [["121825.7", "7.7622"]],
          asks: [
            ["121827.3", "0.0025"],
            ["121825.9", "9.2345"],
          ],
        },
      }),
    ).toEqual([
      {
        kind: "book",
        ...base("linear", "BTC/USDT:USDT", 1759996742928),
        type: "snapshot",
        bids: [[121825.7, 7.7622]],
        asks: [
          [121825.9, 9.2345],
          [121827.3, 0.0025],
        ],
      },
    ]);
    expect(
      eventsOf("spot", {
        code: 0,
        data: {
          asks: [["121228.63", "0.000150"]],
          bids: [["121228.61", "0.000321"]],
          lastUpdateId: 14669994934,
        },
        dataType: "BTC-USDT@depth50",
        success: true,
        timestamp: 1760066405887,
      }),
    ).toMatchObject([{ type: "snapshot", seq: 14669994934, tsMs: 1760066405887 }]);
    expect(
      eventsOf("inverse", {
        code: 0,
        dataType: "BTC-USD@depth5",
        data: {
          symbol: "BTC-USD",
          bids: [{ p: "121592.4", a: "0.385715", v: "469.0" }],
          asks: [{ p: "121594.1", a: "0.640656", v: "779.0" }],
          aggPrecision: "0.1",
          timestamp: 1760077637962,
        },
      }),
    ).toEqual([
      {
        kind: "book",
        ...base("inverse", "BTC/USD:BTC", 1760077637962),
        type: "snapshot",
        bids: [[121592.4, 469]],
        asks: [[121594.1, 779]],
      },
    ]);
  });

  test("an incrDepth frame without action or lastUpdateId is reported, not guessed", () => {
    const frame = { code: 0, dataType: "BTC-USDT@incrDepth", data: { bids: [], asks: [] } };
    expect(parse("linear", frame)).toEqual({ kind: "unmatched", topic: "incrDepth (malformed)" });
  });
});

describe("klines", () => {
  const swapKline = (openTimeMs: number, close: string) => ({
    code: 0,
    dataType: "BTC-USDT@kline_1m",
    s: "BTC-USDT",
    data: [{ c: close, o: "121684.1", h: "121697.7", l: "121638.7", v: "5.8244", T: openTimeMs }],
  });

  test("swap: T is the open time; a bar is closed when the next one opens (kept per socket)", () => {
    const session = new Map<string, unknown>();
    const first = eventsOf("linear", swapKline(1759997460000, "121697.7"), session);
    expect(first).toEqual([
      {
        kind: "kline",
        ...base("linear", "BTC/USDT:USDT", RECV_MS),
        interval: "1m",
        openTimeMs: 1759997460000,
        closeTimeMs: 1759997519999,
        open: 121684.1,
        high: 121697.7,
        low: 121638.7,
        close: 121697.7,
        volume: 5.8244,
        closed: false,
      },
    ]);
    const again = eventsOf("linear", swapKline(1759997460000, "121690.0"), session);
    expect(again).toMatchObject([{ openTimeMs: 1759997460000, close: 121690, closed: false }]);
    const next = eventsOf("linear", swapKline(1759997520000, "121700.0"), session);
    expect(next).toMatchObject([
      { openTimeMs: 1759997460000, close: 121690, closed: true },
      { openTimeMs: 1759997520000, close: 121700, closed: false },
    ]);
    expect(eventsOf("linear", swapKline(1759997460000, "1.0"), session)).toMatchObject([
      { openTimeMs: 1759997460000, closed: true },
    ]);
  });

  test("spot: K with open and close time, trade count and quote volume; interval 1min → 1m", () => {
    const frame = {
      code: 0,
      data: {
        E: 1760066282349,
        K: {
          T: 1760066339999,
          c: "121137.93299999999",
          h: "121137.946",
          i: "1min",
          l: "121137.93299999999",
          n: 4,
          o: "121137.946",
          q: "3131.052371",
          s: "BTC-USDT",
          t: 1760066280000,
          v: "0.025847000000000000",
        },
        e: "kline",
        s: "BTC-USDT",
      },
      dataType: "BTC-USDT@kline_1min",
      success: true,
    };
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "kline",
        ...base("spot", "BTC/USDT", 1760066282349),
        interval: "1m",
        openTimeMs: 1760066280000,
        closeTimeMs: 1760066339999,
        open: 121137.946,
        high: 121137.946,
        low: 121137.93299999999,
        close: 121137.93299999999,
        volume: 0.025847,
        quoteVolume: 3131.052371,
        trades: 4,
        closed: false,
      },
    ]);
    const hourly = {
      ...frame,
      dataType: "BTC-USDT@kline_60min",
      data: { ...frame.data, K: { ...frame.data.K, i: "60min" } },
    };
    expect(eventsOf("spot", hourly)).toMatchObject([{ interval: "1h" }]);
  });

  test("Coin-M: one object, volume in the coin (a), contracts (v) dropped", () => {
    const frame = {
      code: 0,
      timestamp: 1760077714555,
      dataType: "BTC-USD@kline_1m",
      data: {
        t: 1760077680000,
        o: 121576,
        c: 121521.2,
        l: 121521.2,
        h: 121576,
        a: 0.1283302,
        v: 156,
        u: 34,
        s: "BTC-USD",
      },
    };
    expect(eventsOf("inverse", frame)).toEqual([
      {
        kind: "kline",
        ...base("inverse", "BTC/USD:BTC", 1760077714555),
        interval: "1m",
        openTimeMs: 1760077680000,
        closeTimeMs: 1760077739999,
        open: 121576,
        high: 121576,
        low: 121521.2,
        close: 121521.2,
        volume: 0.1283302,
        trades: 34,
        closed: false,
      },
    ]);
  });
});

describe("ticker and mark price", () => {
  test("swap 24h ticker: B/b bid, A/a ask, P in percent", () => {
    const frame = {
      code: 0,
      dataType: "BTC-USDT@ticker",
      data: {
        e: "24hTicker",
        E: 1759998119388,
        s: "BTC-USDT",
        p: "-262.0",
        P: "-0.21",
        c: "121621.7",
        L: "0.0010",
        h: "124152.9",
        l: "121412.0",
        v: "17030.6463",
        q: "210028.10",
        o: "121883.7",
        O: 1759998027573,
        C: 1759998119403,
        A: "121621.7",
        a: "11.3115",
        B: "121621.5",
        b: "6.4426",
      },
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "ticker",
        ...base("linear", "BTC/USDT:USDT", 1759998119388),
        last: 121621.7,
        bid: 121621.5,
        bidSize: 6.4426,
        ask: 121621.7,
        askSize: 11.3115,
        high24h: 124152.9,
        low24h: 121412,
        volume24h: 17030.6463,
        quoteVolume24h: 210028.1,
        changePct24h: -0.21,
      },
    ]);
  });

  test("spot 24h ticker: numbers, P with a % sign", () => {
    const frame = {
      code: 0,
      timestamp: 1760066441401,
      dataType: "BTC-USDT@ticker",
      data: {
        e: "24hTicker",
        E: 1760066441399,
        s: "BTC-USDT",
        p: -632.32,
        P: "-0.52%",
        o: 121931.93,
        h: 123750,
        l: 119666.27,
        c: 121299.61,
        v: 3087.49,
        q: 375356180.14,
        O: 1759980041399,
        C: 1760066441399,
        A: 121300,
        a: 0.000131,
        B: 121291.64,
        b: 9.293124,
      },
    };
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "ticker",
        ...base("spot", "BTC/USDT", 1760066441399),
        last: 121299.61,
        bid: 121291.64,
        bidSize: 9.293124,
        ask: 121300,
        askSize: 0.000131,
        high24h: 123750,
        low24h: 119666.27,
        volume24h: 3087.49,
        quoteVolume24h: 375356180.14,
        changePct24h: -0.52,
      },
    ]);
  });

  test("Coin-M ticker: volume in the coin (m), quote volume in USD (q)", () => {
    const frame = {
      code: 0,
      timestamp: 1760077808757,
      dataType: "BTC-USD@ticker",
      data: {
        s: "BTC-USD",
        E: 1760077806000,
        o: "122088.5",
        h: "123748.0",
        l: "119640.0",
        v: "1673445.00",
        m: "1377.02",
        q: "167344500.0",
        p: "-567.4",
        P: "-0.4600%",
        c: "121523.3",
        C: "1760077807856",
        L: "21",
        B: "121521.0",
        b: "100",
        A: "121523.3",
        a: "20",
      },
    };
    expect(eventsOf("inverse", frame)).toMatchObject([
      {
        kind: "ticker",
        symbol: "BTC/USD:BTC",
        volume24h: 1377.02,
        quoteVolume24h: 167344500,
        changePct24h: -0.46,
      },
    ]);
  });

  test("mark price (swap and Coin-M)", () => {
    expect(
      eventsOf("linear", {
        code: 0,
        dataType: "BTC-USDT@markPrice",
        data: { e: "markPriceUpdate", E: 1760001628357, s: "BTC-USDT", p: "121570.0" },
      }),
    ).toEqual([{ kind: "mark_price", ...base("linear", "BTC/USDT:USDT", 1760001628357), markPrice: 121570 }]);
    expect(
      eventsOf("inverse", {
        code: 0,
        timestamp: 1760077606104,
        dataType: "BTC-USD@markPrice",
        data: { p: "121609.4", e: "markPrice", s: "BTC-USD", E: 1760077605360 },
      }),
    ).toEqual([
      { kind: "mark_price", ...base("inverse", "BTC/USD:BTC", 1760077605360), markPrice: 121609.4 },
    ]);
  });
});

describe("garbage and unknown frames never throw", () => {
  const cases: Array<[string, string, Parsed]> = [
    ["empty", "", { kind: "ignored", reason: "empty frame" }],
    ["not json", "\u0000\u0007 not json", { kind: "unmatched", topic: "(not json)" }],
    ["truncated", '{"code":0,"dataType":"BTC-USDT@tr', { kind: "unmatched", topic: "(not json)" }],
    ["array", "[1,2]", { kind: "unmatched", topic: "(not an object)" }],
    ["number", "42", { kind: "unmatched", topic: "(not an object)" }],
    ["unknown object", '{"hello":1}', { kind: "unmatched", topic: "(unknown frame)" }],
    [
      "bookTicker",
      '{"code":0,"dataType":"BTC-USDT@bookTicker","data":{"b":"1"}}',
      { kind: "unmatched", topic: "bookTicker" },
    ],
    [
      "lastPrice",
      '{"code":0,"dataType":"BTC-USDT@lastPrice","data":{"c":"1"}}',
      { kind: "unmatched", topic: "lastPrice" },
    ],
    [
      "empty push",
      '{"code":0,"dataType":"BTC-USDT@trade","data":null}',
      { kind: "ignored", reason: "empty push" },
    ],
    [
      "trade rows unusable",
      '{"code":0,"dataType":"BTC-USDT@trade","data":[{"p":"x"}]}',
      { kind: "unmatched", topic: "trade (malformed)" },
    ],
    [
      "ticker without price",
      '{"code":0,"dataType":"BTC-USDT@ticker","data":{"s":"BTC-USDT"}}',
      { kind: "unmatched", topic: "ticker (malformed)" },
    ],
    [
      "kline junk",
      '{"code":0,"dataType":"BTC-USDT@kline_1m","data":[{"T":"soon"}]}',
      { kind: "unmatched", topic: "kline (malformed)" },
    ],
    [
      "mark without price",
      '{"code":0,"dataType":"BTC-USDT@markPrice","data":{"p":"0"}}',
      { kind: "unmatched", topic: "markPrice (malformed)" },
    ],
    [
      "depth not an object",
      '{"code":0,"dataType":"BTC-USDT@depth20","data":[1]}',
      { kind: "unmatched", topic: "depth (malformed)" },
    ],
  ];
  for (const account of ["spot", "linear", "inverse"] as const) {
    test.each(cases)(`${account}: %s`, (_name, frame, expected) => {
      expect(bingx.ws.parse(frame, contextOf(account))).toEqual(expected);
    });
  }
});

// ── a docs-shaped session through the station's decoder ───────────────────────────────────────────────────────

const SWAP_URL = "wss://open-api-swap.bingx.com/swap-market";
const SPOT_URL = "wss://open-api-ws.bingx.com/market";

function wsLine(url: string, tsMs: number, frame: unknown): string {
  return JSON.stringify({
    ts: tsMs,
    dir: "in",
    url,
    frame: typeof frame === "string" ? frame : JSON.stringify(frame),
  });
}

function swapDepth(action: "all" | "update", id: number, bids: string[][], asks: string[][]) {
  return {
    code: 0,
    dataType: "BTC-USDT@incrDepth",
    data: { action, lastUpdateId: id, time: 1760002514000 + id, bids, asks },
  };
}

function spotDepth(
  action: "all" | "update",
  id: number,
  bids: Record<string, string>,
  asks: Record<string, string>,
) {
  return {
    code: 0,
    timestamp: 1769443327000 + id,
    success: true,
    dataType: "ETH-USDT@incrDepth",
    data: { action, lastUpdateId: id, sourceUpdateId: 15253687425 + id, bids, asks },
  };
}

/** One swap and one spot connection: acks, heartbeats, a snapshot then chained updates on each, trades, a ticker. */
function docsSession(): string[] {
  return [
    wsLine(SWAP_URL, 1, { id: "1", code: 0, msg: "", dataType: "", data: null }),
    wsLine(
      SWAP_URL,
      2,
      swapDepth(
        "all",
        100,
        [
          ["100.0", "1"],
          ["99.9", "2"],
          ["99.8", "3"],
        ],
        [
          ["100.2", "1"],
          ["100.1", "2"],
        ],
      ),
    ),
    wsLine(SWAP_URL, 3, "Ping"),
    wsLine(
      SWAP_URL,
      4,
      swapDepth(
        "update",
        101,
        [
          ["100.0", "0"],
          ["99.95", "4"],
        ],
        [["100.1", "5"]],
      ),
    ),
    wsLine(
      SWAP_URL,
      5,
      swapDepth(
        "update",
        102,
        [],
        [
          ["100.1", "0"],
          ["100.05", "1.5"],
        ],
      ),
    ),
    wsLine(SWAP_URL, 6, swapDepth("update", 102, [["99.95", "9"]], [])),
    wsLine(SWAP_URL, 7, swapDepth("update", 103, [["99.9", "0"]], [["100.3", "2"]])),
    wsLine(SWAP_URL, 8, {
      code: 0,
      dataType: "BTC-USDT@trade",
      data: [{ q: "0.5", p: "100.05", T: 1759994162450, m: false, s: "BTC-USDT" }],
    }),
    wsLine(SPOT_URL, 9, { code: 0, id: "2", msg: "SUCCESS", timestamp: 1760066128475 }),
    wsLine(
      SPOT_URL,
      10,
      spotDepth("all", 7, { "2000.10": "1", "2000.00": "2" }, { "2000.30": "1", "2000.20": "4" }),
    ),
    wsLine(SPOT_URL, 11, { ping: "abc", time: "2025-01-01T00:00:00.000+0800" }),
    wsLine(SPOT_URL, 12, spotDepth("update", 8, { "2000.10": "0", "2000.15": "1" }, {})),
    wsLine(SPOT_URL, 13, spotDepth("update", 9, {}, { "2000.20": "0", "2000.25": "3" })),
    wsLine(SPOT_URL, 14, {
      code: 0,
      data: { E: 1, T: 1760066129316, e: "trade", m: true, p: "2000.1", q: "0.1", s: "ETH-USDT", t: "55" },
      dataType: "ETH-USDT@trade",
      success: true,
    }),
    wsLine(SWAP_URL, 15, { id: "3", code: 80015, msg: "dataType not supported", dataType: "", data: null }),
  ];
}

function decodeAll(lines: readonly string[]) {
  const decoder = createDecoder({ adapter: bingx, bookDepth: 20 });
  const items: DecodedItem[] = [];
  for (const line of lines) items.push(...decoder.decodeLine(line));
  return { items, stats: decoder.stats };
}

function assertNeverCrossed(items: readonly DecodedItem[]): number {
  let tops = 0;
  for (const item of items) {
    if (item.kind !== "book_top") continue;
    tops++;
    const bestBid = item.bids[0]?.[0];
    const bestAsk = item.asks[0]?.[0];
    if (bestBid !== undefined && bestAsk !== undefined) expect(bestBid).toBeLessThan(bestAsk);
  }
  return tops;
}

describe("a docs-shaped session through the station decoder", () => {
  test("books rebuild per socket by URL, chain lastUpdateId + 1, never cross; zero resyncs; exact counts", () => {
    const { items, stats } = decodeAll(docsSession());
    const counts: Record<string, number> = {};
    for (const item of items) {
      if (item.kind === "book_top") continue;
      const key = `${item.kind}@${item.account}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    // The repeated swap update 102 is stale (dropped as live would), not a gap.
    expect(counts).toEqual({ "book@linear": 4, "book@spot": 3, "trade@linear": 1, "trade@spot": 1 });
    expect(stats.resyncs).toBe(0);
    expect(stats.staleDeltas).toBe(1);
    expect(stats.venueErrors).toBe(1);
    expect(stats.unmatched + stats.badLines).toBe(0);
    expect(stats.ignored).toBe(4);
    expect(assertNeverCrossed(items)).toBe(7);
    const tops = items.filter((item) => item.kind === "book_top");
    expect(tops.at(3)).toMatchObject({
      symbol: "BTC/USDT:USDT",
      seq: 103,
      bids: [
        [99.95, 4],
        [99.8, 3],
      ],
      asks: [
        [100.05, 1.5],
        [100.2, 1],
        [100.3, 2],
      ],
    });
    expect(tops.at(-1)).toMatchObject({
      symbol: "ETH/USDT",
      seq: 9,
      bids: [
        [2000.15, 1],
        [2000, 2],
      ],
      asks: [
        [2000.25, 3],
        [2000.3, 1],
      ],
    });
  });

  test("an update with a skipped lastUpdateId makes the decoder resync that symbol only", () => {
    const lines = docsSession().map((line) =>
      line.replace('\\"lastUpdateId\\":103', '\\"lastUpdateId\\":105'),
    );
    expect(lines.join("\n")).toContain('\\"lastUpdateId\\":105');
    const { items, stats } = decodeAll(lines);
    expect(stats.resyncs).toBe(1);
    expect(items.filter((item) => item.kind === "book_resync")).toEqual([
      {
        kind: "book_resync",
        exchange: "bingx",
        account: "linear",
        symbol: "BTC/USDT:USDT",
        tsMs: 1760002514103,
        recvTsUs: 7000,
        reason: "sequence gap: expected 103, got 105",
      },
    ]);
    expect(items.filter((item) => item.kind === "book" && item.account === "spot").length).toBe(3);
  });

  test("an update that crosses the book makes the decoder resync", () => {
    const lines = docsSession().map((line) => line.replace('[\\"99.95\\",\\"4\\"]', '[\\"100.5\\",\\"4\\"]'));
    const { items, stats } = decodeAll(lines);
    expect(stats.resyncs).toBe(1);
    const resync = items.find((item) => item.kind === "book_resync") as { reason: string } | undefined;
    expect(resync?.reason).toContain("crossed book");
  });
});

// ── recorded traffic ───────────────────────────────────────────────────────────────────────────────────────────

const WIRE_DIR = join(import.meta.dir, "../../../../shared/wire/bingx");
const HAS_WIRE = existsSync(WIRE_DIR);
if (!HAS_WIRE)
  console.log(`bingx: ${WIRE_DIR} absent (no public BingX recordings); skipping the recorded-traffic cases`);

describe.if(HAS_WIRE)("recorded WebSocket traffic", () => {
  test("every recorded frame is classified without a throw; books never cross", () => {
    for (const file of readdirSync(WIRE_DIR).filter((name) => name.endsWith(".ndjson"))) {
      const lines = readFileSync(join(WIRE_DIR, file), "utf8").split("\n");
      const { items, stats } = decodeAll(lines);
      expect(stats.badLines, file).toBe(0);
      assertNeverCrossed(items);
    }
  });
});
