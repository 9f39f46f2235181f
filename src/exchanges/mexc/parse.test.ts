// MEXC frame parser: docs-shaped spot pushes sent through the protobuf path (encoded, then decoded by the adapter's
// binary decoder) and futures JSON pushes → exact events; acks, pongs, refusals and garbage → classified without
// throwing; then every recorded frame in ../shared/wire/mexc, and the recorded books rebuilt through the decoder.

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Account, KlineEvent, MarketDataEvent } from "../../core/index.ts";
import { createDecoder, type DecodedItem } from "../../station/decode.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { mexc } from "./index.ts";
import { decodeMexcPush, encodeMexcPush } from "./proto.ts";
import { canonicalOfMexcNative } from "./symbols.ts";

const RECV_US = 1_700_000_000_123_456;

function contextOf(account: Account, session = new Map<string, unknown>()): ParseContext {
  return {
    exchange: "mexc",
    account,
    recvTsUs: RECV_US,
    symbolOf: (native) => canonicalOfMexcNative(native, account) ?? native,
    session,
  };
}

function parse(account: Account, frame: unknown, session?: Map<string, unknown>): Parsed {
  const text = typeof frame === "string" ? frame : JSON.stringify(frame);
  return mexc.ws.parse(text, contextOf(account, session));
}

/** A spot push as it travels: protobuf bytes, decoded by the adapter's binary decoder, then parsed. */
function parseSpotPush(push: Record<string, unknown>, session?: Map<string, unknown>): Parsed {
  const text = mexc.ws.decodeBinary!(encodeMexcPush(push));
  return mexc.ws.parse(text, contextOf("spot", session));
}

function eventsOf(parsed: Parsed): MarketDataEvent[] {
  if (parsed.kind !== "events") throw new Error(`expected events, got ${JSON.stringify(parsed)}`);
  return parsed.events;
}

const base = (account: Account, symbol: string, tsMs: number) => ({
  exchange: "mexc",
  account,
  symbol,
  tsMs,
  recvTsUs: RECV_US,
});

describe("protobuf decoding", () => {
  test("a wrapper decodes to its ProtoJSON shape: int64 as text, unset fields left out", () => {
    const bytes = encodeMexcPush({
      channel: "spot@public.aggre.depth.v3.api.pb@100ms@BTCUSDT",
      symbol: "BTCUSDT",
      sendTime: "1736411507002",
      publicAggreDepths: {
        bids: [{ price: "92877.58", quantity: "0.00000000" }],
        eventType: "spot@public.aggre.depth.v3.api.pb@100ms",
        fromVersion: "10589632359",
        toVersion: "10589632359",
      },
    });
    expect(bytes[0]).toBe(0x0a);
    expect(decodeMexcPush(bytes)).toEqual({
      channel: "spot@public.aggre.depth.v3.api.pb@100ms@BTCUSDT",
      symbol: "BTCUSDT",
      sendTime: "1736411507002",
      publicAggreDepths: {
        bids: [{ price: "92877.58", quantity: "0.00000000" }],
        eventType: "spot@public.aggre.depth.v3.api.pb@100ms",
        fromVersion: "10589632359",
        toVersion: "10589632359",
      },
    });
  });

  test("gzip and JSON sent as binary are read as text; other bytes throw (the transport drops and counts them)", () => {
    const json = '{"channel":"pong","data":1587453241453}';
    expect(mexc.ws.decodeBinary!(Bun.gzipSync(new TextEncoder().encode(json)))).toBe(json);
    expect(mexc.ws.decodeBinary!(new TextEncoder().encode(json))).toBe(json);
    expect(() => mexc.ws.decodeBinary!(new Uint8Array([0x0a, 0x50, 1, 2]))).toThrow();
  });

  test("fields of newer schemas the adapter does not declare are skipped", () => {
    // Field 6 of a deal item (isRpi / version, a duplicate number in the published file) is on the wire: ignored.
    const item = [
      0x0a,
      0x03,
      ...new TextEncoder().encode("1.5"),
      0x12,
      0x01,
      0x32,
      0x18,
      0x01,
      0x20,
      0x64,
      0x30,
      0x01,
    ];
    const deals = [0x0a, item.length, ...item];
    const channel = new TextEncoder().encode("spot@public.aggre.deals.v3.api.pb@100ms@BTCUSDT");
    const bytes = new Uint8Array([0x0a, channel.length, ...channel, 0xd2, 0x13, deals.length, ...deals]);
    expect(decodeMexcPush(bytes)).toEqual({
      channel: "spot@public.aggre.deals.v3.api.pb@100ms@BTCUSDT",
      publicAggreDeals: { deals: [{ price: "1.5", quantity: "2", tradeType: 1, time: "100" }] },
    });
  });
});

describe("spot pushes (protobuf)", () => {
  test("trades: one event per deal, tradeType 1 buy / 2 sell, the venue id or a synthetic one", () => {
    const events = eventsOf(
      parseSpotPush({
        channel: "spot@public.aggre.deals.v3.api.pb@100ms@BTCUSDT",
        symbol: "BTCUSDT",
        sendTime: "1736409765052",
        publicAggreDeals: {
          deals: [
            { price: "93220.00", quantity: "0.04438243", tradeType: 2, time: "1736409765051" },
            { price: "93220.01", quantity: "0.5", tradeType: 1, time: "1736409765051", tradeId: "7X0_8X0" },
          ],
          eventType: "spot@public.aggre.deals.v3.api.pb@100ms",
        },
      }),
    );
    expect(events).toEqual([
      {
        kind: "trade",
        ...base("spot", "BTC/USDT", 1736409765051),
        price: 93220,
        size: 0.04438243,
        side: "sell",
        tradeId: "1736409765051-93220-0.04438243-s",
      },
      {
        kind: "trade",
        ...base("spot", "BTC/USDT", 1736409765051),
        price: 93220.01,
        size: 0.5,
        side: "buy",
        tradeId: "7X0_8X0",
      },
    ]);
  });

  test("depth: a delta covering [fromVersion, toVersion]; a side left out is empty, quantity 0 removes", () => {
    const events = eventsOf(
      parseSpotPush({
        channel: "spot@public.aggre.depth.v3.api.pb@100ms@BTCUSDT",
        symbol: "BTCUSDT",
        sendTime: "1736411507002",
        publicAggreDepths: {
          bids: [{ price: "92877.58", quantity: "0.00000000" }],
          eventType: "spot@public.aggre.depth.v3.api.pb@100ms",
          fromVersion: "10589632359",
          toVersion: "10589632361",
        },
      }),
    );
    expect(events).toEqual([
      {
        kind: "book",
        ...base("spot", "BTC/USDT", 1736411507002),
        type: "delta",
        bids: [[92877.58, 0]],
        asks: [],
        seq: 10589632361,
        firstSeq: 10589632359,
      },
    ]);
  });

  test("klines: seconds to ms, close = next open - 1, the bar closes when the next one starts", () => {
    const session = new Map<string, unknown>();
    const push = (windowStart: number, close: string) =>
      parseSpotPush(
        {
          channel: "spot@public.kline.v3.api.pb@BTCUSDT@Min15",
          symbol: "BTCUSDT",
          symbolId: "2fb942154ef44a4ab2ef98c8afb6a4a7",
          createTime: String(windowStart * 1000 + 207_571),
          publicSpotKline: {
            interval: "Min15",
            windowStart: String(windowStart),
            openingPrice: "92925",
            closingPrice: close,
            highestPrice: "93158.47",
            lowestPrice: "92800",
            volume: "36.83803224",
            amount: "3424811.05",
            windowEnd: String(windowStart + 900),
          },
        },
        session,
      );
    const first = eventsOf(push(1736410500, "93158.47"));
    const bar: KlineEvent = {
      kind: "kline",
      ...base("spot", "BTC/USDT", 1736410707571),
      interval: "15m",
      openTimeMs: 1736410500000,
      closeTimeMs: 1736411399999,
      open: 92925,
      high: 93158.47,
      low: 92800,
      close: 93158.47,
      volume: 36.83803224,
      quoteVolume: 3424811.05,
      closed: false,
    };
    expect(first).toEqual([bar]);
    const next = eventsOf(push(1736411400, "93000"));
    expect(next).toHaveLength(2);
    expect(next[0]).toEqual({ ...bar, tsMs: 1736411400000, closed: true });
    expect(next[1]).toMatchObject({ openTimeMs: 1736411400000, close: 93000, closed: false });
  });

  test("ticker: the mini ticker and the best bid/ask merge into one event per push; an empty side clears", () => {
    const session = new Map<string, unknown>();
    const book = eventsOf(
      parseSpotPush(
        {
          channel: "spot@public.aggre.bookTicker.v3.api.pb@100ms@BTCUSDT",
          symbol: "BTCUSDT",
          sendTime: "1736412092433",
          publicAggreBookTicker: {
            bidPrice: "93387.28",
            bidQuantity: "3.73485",
            askPrice: "93387.29",
            askQuantity: "7.669875",
          },
        },
        session,
      ),
    );
    expect(book).toEqual([
      {
        kind: "ticker",
        ...base("spot", "BTC/USDT", 1736412092433),
        bid: 93387.28,
        bidSize: 3.73485,
        ask: 93387.29,
        askSize: 7.669875,
      },
    ]);
    const mini = eventsOf(
      parseSpotPush(
        {
          channel: "spot@public.miniTicker.v3.api.pb@BTCUSDT@24H",
          symbol: "BTCUSDT",
          sendTime: "1736412093000",
          publicMiniTicker: {
            symbol: "BTCUSDT",
            price: "93387.29",
            rate: "0.0766",
            zonedRate: "0.0766",
            high: "94000",
            low: "92000",
            volume: "11336518.0264",
            quantity: "4638390.17",
          },
        },
        session,
      ),
    );
    expect(mini).toEqual([
      {
        kind: "ticker",
        ...base("spot", "BTC/USDT", 1736412093000),
        bid: 93387.28,
        bidSize: 3.73485,
        ask: 93387.29,
        askSize: 7.669875,
        last: 93387.29,
        high24h: 94000,
        low24h: 92000,
        volume24h: 4638390.17,
        quoteVolume24h: 11336518.0264,
        changePct24h: 7.66,
      },
    ]);
    const emptyAsk = eventsOf(
      parse(
        "spot",
        {
          channel: "spot@public.aggre.bookTicker.v3.api.pb@100ms@BTCUSDT",
          symbol: "BTCUSDT",
          sendTime: "1736412094000",
          publicAggreBookTicker: { bidPrice: "100", bidQuantity: "4", askPrice: "", askQuantity: "" },
        },
        session,
      ),
    )[0];
    expect(emptyAsk).toMatchObject({ bid: 100, bidSize: 4, last: 93387.29 });
    expect(emptyAsk).not.toHaveProperty("ask");
  });

  test("a push naming its channel but carrying no body is ignored; an unknown channel is reported", () => {
    expect(
      parse("spot", { channel: "spot@public.aggre.deals.v3.api.pb@10ms@XENUSDT", symbol: "XENUSDT" }),
    ).toEqual({ kind: "ignored", reason: "public.aggre.deals.v3.api.pb: push without a body" });
    expect(
      parse("spot", { channel: "spot@public.limit.depth.v3.api.pb@BTCUSDT@5", symbol: "BTCUSDT" }),
    ).toEqual({
      kind: "unmatched",
      topic: "public.limit.depth.v3.api.pb",
    });
  });
});

describe("futures pushes (JSON)", () => {
  test("push.deal: an array (or one object), T 1 buy / 2 sell, id `i` or synthetic, sizes in contracts", () => {
    const events = eventsOf(
      parse("linear", {
        symbol: "BTC_USDT",
        data: [
          { p: 115309.8, v: 55, T: 2, O: 3, M: 1, t: 1755487578276, i: "13064218826" },
          { p: 115309.9, v: 11, T: 1, O: 3, M: 1, t: 1755487578277 },
        ],
        channel: "push.deal",
        ts: 1755487578276,
      }),
    );
    expect(events).toEqual([
      {
        kind: "trade",
        ...base("linear", "BTC/USDT:USDT", 1755487578276),
        price: 115309.8,
        size: 55,
        side: "sell",
        tradeId: "13064218826",
      },
      {
        kind: "trade",
        ...base("linear", "BTC/USDT:USDT", 1755487578277),
        price: 115309.9,
        size: 11,
        side: "buy",
        tradeId: "1755487578277-115309.9-11-b",
      },
    ]);
    const single = eventsOf(
      parse("linear", {
        channel: "push.deal",
        data: { M: 1, O: 1, T: 1, p: 6866.5, t: 1587442049632, v: 2096 },
        symbol: "BTC_USDT",
        ts: 1587442022003,
      }),
    );
    expect(single).toHaveLength(1);
  });

  test("alike trades without an id in one push keep two ids, the second `…#2` (spot deals and push.deal)", () => {
    // One taker order filling two makers alike: one made-up id for both would make de-duplication keep one.
    const deal = { price: "93220", quantity: "0.5", tradeType: 1, time: "1736409765051" };
    const spot = eventsOf(
      parseSpotPush({
        channel: "spot@public.aggre.deals.v3.api.pb@100ms@BTCUSDT",
        symbol: "BTCUSDT",
        publicAggreDeals: {
          deals: [deal, { ...deal }, { ...deal, tradeId: "7X0_8X0" }, { ...deal, tradeId: "7X0_8X0" }],
        },
      }),
    );
    expect(spot.map((event) => (event as { tradeId: string }).tradeId)).toEqual([
      "1736409765051-93220-0.5-b",
      "1736409765051-93220-0.5-b#2",
      // A venue id seen twice is one trade sent twice: left alone for de-duplication to drop.
      "7X0_8X0",
      "7X0_8X0",
    ]);
    const row = { p: 115309.9, v: 11, T: 1, O: 3, M: 1, t: 1755487578277 };
    const futures = eventsOf(
      parse("linear", {
        symbol: "BTC_USDT",
        data: [row, { ...row }],
        channel: "push.deal",
        ts: 1755487578277,
      }),
    );
    expect(futures.map((event) => (event as { tradeId: string }).tradeId)).toEqual([
      "1755487578277-115309.9-11-b",
      "1755487578277-115309.9-11-b#2",
    ]);
  });

  test("push.depth: version is seq and firstSeq; a merged push spans begin..end", () => {
    expect(
      eventsOf(
        parse("linear", {
          channel: "push.depth",
          data: { asks: [[6859.5, 3251, 1]], bids: [], version: 96801927 },
          symbol: "BTC_USDT",
          ts: 1587442022003,
        }),
      ),
    ).toEqual([
      {
        kind: "book",
        ...base("linear", "BTC/USDT:USDT", 1587442022003),
        type: "delta",
        bids: [],
        asks: [[6859.5, 3251]],
        seq: 96801927,
        firstSeq: 96801927,
      },
    ]);
    expect(
      eventsOf(
        parse("inverse", {
          channel: "push.depth",
          data: { asks: [[60000.5, 0, 0]], bids: [], begin: 500, end: 503, version: 503 },
          symbol: "BTC_USD",
          ts: 1587442022003,
        }),
      )[0],
    ).toMatchObject({
      symbol: "BTC/USD:BTC",
      account: "inverse",
      firstSeq: 500,
      seq: 503,
      asks: [[60000.5, 0]],
    });
  });

  test("push.ticker fans out into ticker, mark price (with index) and open interest", () => {
    const events = eventsOf(
      parse("linear", {
        channel: "push.ticker",
        data: {
          ask1: 6866.5,
          bid1: 6865,
          contractId: 1,
          fairPrice: 6867.4,
          fundingRate: 0.0008,
          high24Price: 7223.5,
          indexPrice: 6861.6,
          lastPrice: 6865.5,
          lower24Price: 6756,
          riseFallRate: -0.0424,
          symbol: "BTC_USDT",
          timestamp: 1587442022003,
          holdVol: 2284742,
          volume24: 164586129,
        },
        symbol: "BTC_USDT",
        ts: 1587442022003,
      }),
    );
    const at = base("linear", "BTC/USDT:USDT", 1587442022003);
    expect(events).toEqual([
      {
        kind: "ticker",
        ...at,
        last: 6865.5,
        bid: 6865,
        ask: 6866.5,
        high24h: 7223.5,
        low24h: 6756,
        volume24h: 164586129,
        changePct24h: -4.24,
      },
      { kind: "mark_price", ...at, markPrice: 6867.4, indexPrice: 6861.6 },
      { kind: "open_interest", ...at, openInterest: 2284742 },
    ]);
  });

  test("push.funding.rate, push.fair.price; push.index.price is ignored", () => {
    expect(
      eventsOf(
        parse("linear", {
          channel: "push.funding.rate",
          data: { rate: 0.0012, symbol: "BTC_USDT", nextSettleTime: 1587445200000 },
          symbol: "BTC_USDT",
          ts: 1587442022503,
        }),
      ),
    ).toEqual([
      {
        kind: "funding_rate",
        ...base("linear", "BTC/USDT:USDT", 1587442022503),
        rate: 0.0012,
        nextFundingTsMs: 1587445200000,
      },
    ]);
    expect(
      eventsOf(
        parse("linear", {
          channel: "push.fair.price",
          data: { price: 6867.5, symbol: "BTC_USDT" },
          symbol: "BTC_USDT",
          ts: 1587442021503,
        }),
      ),
    ).toEqual([{ kind: "mark_price", ...base("linear", "BTC/USDT:USDT", 1587442021503), markPrice: 6867.5 }]);
    expect(
      parse("linear", { channel: "push.index.price", data: { price: 1, symbol: "BTC_USDT" } }).kind,
    ).toBe("ignored");
  });

  test("push.kline: window start in seconds, volume in contracts, closed when the next bar starts", () => {
    const session = new Map<string, unknown>();
    const push = (t: number) =>
      parse(
        "linear",
        {
          channel: "push.kline",
          data: {
            a: 233.74,
            c: 6885,
            h: 6910.5,
            interval: "Min60",
            l: 6885,
            o: 6894.5,
            q: 1611754,
            symbol: "BTC_USDT",
            t,
          },
          symbol: "BTC_USDT",
          ts: 1587448900000,
        },
        session,
      );
    expect(eventsOf(push(1587448800))).toEqual([
      {
        kind: "kline",
        ...base("linear", "BTC/USDT:USDT", 1587448900000),
        interval: "1h",
        openTimeMs: 1587448800000,
        closeTimeMs: 1587452399999,
        open: 6894.5,
        high: 6910.5,
        low: 6885,
        close: 6885,
        volume: 1611754,
        quoteVolume: 233.74,
        closed: false,
      },
    ]);
    const next = eventsOf(push(1587452400));
    expect(next.map((e) => (e.kind === "kline" ? e.closed : undefined))).toEqual([true, false]);
  });
});

describe("control frames and garbage", () => {
  const cases: [string, Account, string, Parsed][] = [
    [
      "spot subscription ack",
      "spot",
      '{"id":0,"code":0,"msg":"spot@public.aggre.deals.v3.api.pb@100ms@BTCUSDT"}',
      { kind: "ack", note: "spot@public.aggre.deals.v3.api.pb@100ms@BTCUSDT" },
    ],
    ["spot pong", "spot", '{"id":0,"code":0,"msg":"PONG"}', { kind: "pong" }],
    [
      "spot refusal (code 0)",
      "spot",
      '{"id":0,"code":0,"msg":"Not Subscribed successfully! [spot@public.foo@BTCUSDT].  Reason： Blocked! "}',
      {
        kind: "venue-error",
        message: "Not Subscribed successfully! [spot@public.foo@BTCUSDT].  Reason： Blocked! ",
        retryable: false,
      },
    ],
    [
      "spot error code",
      "spot",
      '{"id":0,"code":429,"msg":"Too many requests"}',
      { kind: "venue-error", message: "code 429: Too many requests", retryable: true },
    ],
    ["futures pong", "linear", '{"channel":"pong","data":1587453241453}', { kind: "pong" }],
    [
      "futures sub ack",
      "linear",
      '{"channel":"rs.sub.depth","data":"success","ts":1587442022003}',
      { kind: "ack", note: "rs.sub.depth" },
    ],
    [
      "futures unsub ack",
      "linear",
      '{"channel":"rs.unsub.deal","data":"success","ts":1587442022003}',
      { kind: "ack", note: "rs.unsub.deal" },
    ],
    [
      "futures error",
      "linear",
      '{"channel":"rs.error","data":"contract not exists","ts":1587442022003}',
      { kind: "venue-error", message: "rs.error: contract not exists", retryable: false },
    ],
    [
      "futures unknown push",
      "linear",
      '{"channel":"push.tickers","data":[]}',
      { kind: "unmatched", topic: "push.tickers" },
    ],
    ["empty", "spot", "  ", { kind: "ignored", reason: "empty frame" }],
    ["not json", "spot", "\u0000\u0007 not json", { kind: "unmatched", topic: "(not json)" }],
    ["truncated", "linear", '{"channel":"push.de', { kind: "unmatched", topic: "(not json)" }],
    ["array", "spot", "[1,2]", { kind: "unmatched", topic: "(not an object)" }],
    ["unknown object", "spot", '{"foo":1}', { kind: "unmatched", topic: "(unknown frame)" }],
    [
      "malformed depth",
      "linear",
      '{"channel":"push.depth","data":{"version":"x"},"symbol":"BTC_USDT"}',
      { kind: "unmatched", topic: "push.depth (malformed)" },
    ],
    [
      "malformed spot depth",
      "spot",
      '{"channel":"spot@public.aggre.depth.v3.api.pb@100ms@BTCUSDT","publicAggreDepths":{"fromVersion":"9","toVersion":"8"}}',
      { kind: "unmatched", topic: "public.aggre.depth.v3.api.pb (malformed)" },
    ],
    [
      "deals with no usable row",
      "linear",
      '{"channel":"push.deal","data":[{"p":0}],"symbol":"BTC_USDT"}',
      { kind: "unmatched", topic: "push.deal (malformed)" },
    ],
  ];
  test.each(cases)("%s", (_name, account, frame, expected) => {
    expect(mexc.ws.parse(frame, contextOf(account))).toEqual(expected);
  });

  test("never throws on arbitrary bodies", () => {
    const bodies = [null, 1, "x", [], {}, { deals: 1 }, { bids: "x", fromVersion: "1", toVersion: "1" }];
    for (const body of bodies) {
      for (const channel of [
        "spot@public.aggre.deals.v3.api.pb@100ms@BTCUSDT",
        "spot@public.aggre.depth.v3.api.pb@100ms@BTCUSDT",
        "spot@public.kline.v3.api.pb@BTCUSDT@Min1",
        "spot@public.miniTicker.v3.api.pb@BTCUSDT@24H",
        "push.deal",
        "push.depth",
        "push.kline",
        "push.ticker",
        "push.funding.rate",
      ]) {
        const frame = JSON.stringify({
          channel,
          data: body,
          publicAggreDeals: body,
          publicAggreDepths: body,
          publicSpotKline: body,
          publicMiniTicker: body,
        });
        expect(() => parse(channel.startsWith("spot") ? "spot" : "linear", frame)).not.toThrow();
      }
    }
  });
});

// ── recorded traffic ───────────────────────────────────────────────────────────────────────────────────────────

const WIRE_DIR = join(import.meta.dir, "../../../../shared/wire/mexc");
const HAS_WIRE = existsSync(WIRE_DIR);
if (!HAS_WIRE) console.log(`mexc: ${WIRE_DIR} absent; skipping the recorded-traffic cases`);

/** The tardis samples carry no URL: the file says which socket they came from. */
const ACCOUNT_OF_FILE: Record<string, Account> = {
  "tardis-spot-v3-protobuf-decoded.ndjson": "spot",
  "tardis-futures.ndjson": "linear",
};

/** Per file: what each inbound frame became, by event kind or verdict. */
const EXPECTED_WS: Record<string, Record<string, number>> = {
  // Spot v3 aggre.* pushes, protobuf decoded to JSON by tardis (the same shape proto.ts produces).
  "tardis-spot-v3-protobuf-decoded.ndjson": {
    ack: 1,
    "ignored:public.aggre.deals.v3.api.pb: push without a body": 1,
    "ignored:public.aggre.depth.v3.api.pb: push without a body": 1,
    "ignored:public.aggre.bookTicker.v3.api.pb: push without a body": 1,
    trade: 7,
    book: 6,
    ticker: 3,
  },
  "tardis-futures.ndjson": {
    trade: 2,
    book: 3,
    "ignored:push.index.price: index price alone is no dig3 stream": 1,
    mark_price: 3,
    ticker: 2,
    open_interest: 2,
    funding_rate: 1,
  },
};

function readLines(file: string): string[] {
  return readFileSync(join(WIRE_DIR, file), "utf8")
    .split("\n")
    .filter((line) => line.trim().length > 0);
}

describe.if(HAS_WIRE)("recorded WebSocket traffic", () => {
  test("every recorded file is covered by a case below", () => {
    const files = readdirSync(WIRE_DIR).filter((file) => file.endsWith(".ndjson"));
    expect(files.filter((file) => !(file in EXPECTED_WS))).toEqual([]);
  });

  for (const [file, expected] of Object.entries(EXPECTED_WS)) {
    test(file, () => {
      const account = ACCOUNT_OF_FILE[file]!;
      const session = new Map<string, unknown>();
      const counts: Record<string, number> = {};
      const bump = (key: string) => {
        counts[key] = (counts[key] ?? 0) + 1;
      };
      for (const text of readLines(file)) {
        const line = JSON.parse(text) as { frame: string };
        const parsed = mexc.ws.parse(line.frame, contextOf(account, session));
        if (parsed.kind === "events") {
          for (const event of parsed.events) {
            expect(event.account).toBe(account);
            expect(event.symbol).toContain("/");
            expect(account === "spot" ? !event.symbol.includes(":") : event.symbol.endsWith(":USDT")).toBe(
              true,
            );
            expect(event.tsMs).toBeGreaterThan(Date.UTC(2019, 0, 1));
            for (const [field, value] of Object.entries(event)) {
              if (typeof value === "number")
                expect(Number.isFinite(value), `${event.kind}.${field}`).toBe(true);
            }
            bump(event.kind);
          }
        } else if (parsed.kind === "ignored") bump(`ignored:${parsed.reason}`);
        else if (parsed.kind === "unmatched") bump(`unmatched:${parsed.topic}`);
        else bump(parsed.kind);
      }
      expect(counts).toEqual(expected);
    });
  }
});

// ── recorded books through the station decoder ─────────────────────────────────────────────────────────────────

/**
 * The tardis samples hold deltas only. Each test puts a REST snapshot line in front (as a capture would record the
 * snapshot request); its version is chosen where the sample's own sequence begins.
 */
const SPOT_SNAPSHOT = JSON.stringify({
  ts: 1709999999990,
  url: "https://api.mexc.com/api/v3/depth?symbol=BTCUSDT&limit=5000",
  body: JSON.stringify({
    lastUpdateId: 100,
    bids: [
      ["99.8", "1"],
      ["99.9", "0.1"],
    ],
    asks: [
      ["100.1", "1"],
      ["100.2", "3"],
    ],
  }),
});

/** Futures: version 96801929, so the 96801927 push is stale and 96801930 (the sample skips 928/929) bridges. */
const FUTURES_SNAPSHOT = JSON.stringify({
  ts: 1587442021000,
  url: "https://contract.mexc.com/api/v1/contract/depth/BTC_USDT?limit=1000",
  body: JSON.stringify({
    success: true,
    code: 0,
    data: {
      asks: [
        [6859.5, 100, 1],
        [6860.5, 5, 1],
      ],
      bids: [[6858.5, 40, 5]],
      version: 96801929,
      timestamp: 1587442021000,
    },
  }),
});

function decodeAll(account: Account, lines: readonly string[]) {
  const decoder = createDecoder({ adapter: mexc, account, bookDepth: 5 });
  const items: DecodedItem[] = [];
  for (const line of lines) items.push(...decoder.decodeLine(line));
  return { items, stats: decoder.stats };
}

/** The spot file holds two tardis tests: synthetic versions 101..105 (src_line < 12600), then a live capture. */
function spotLines(part: "first" | "all"): string[] {
  const lines = readLines("tardis-spot-v3-protobuf-decoded.ndjson");
  return part === "all"
    ? lines
    : lines.filter((text) => (JSON.parse(text) as { src_line: number }).src_line < 12600);
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

describe.if(HAS_WIRE)("recorded books rebuilt through the station decoder", () => {
  test("spot: the snapshot, then deltas chained fromVersion = previous toVersion + 1; never crossed, no resync", () => {
    const { items, stats } = decodeAll("spot", [SPOT_SNAPSHOT, ...spotLines("first")]);
    const books = items.filter((item) => item.kind === "book");
    expect(books.map((b) => (b.kind === "book" ? `${b.type}:${b.firstSeq ?? ""}-${b.seq}` : ""))).toEqual([
      "snapshot:-100",
      "delta:101-101",
      "delta:102-102",
      "delta:103-103",
      "delta:104-104",
      "delta:105-105",
    ]);
    expect(assertNeverCrossed(items)).toBe(6);
    expect(stats.resyncs).toBe(0);
    expect(stats.staleDeltas).toBe(0);
    expect(stats.unmatched + stats.venueErrors + stats.badLines).toBe(0);
    const top = items.filter((item) => item.kind === "book_top").at(-1);
    expect(top).toMatchObject({
      bids: [
        [99.9, 0.5],
        [99.8, 1],
        [99.7, 1.1],
        [99.6, 0.8],
      ],
      asks: [
        [100.2, 3],
        [100.3, 0.4],
      ],
    });
  });

  test("spot, whole file: the live capture that follows jumps to another version line, and the decoder resyncs", () => {
    const { items, stats } = decodeAll("spot", [SPOT_SNAPSHOT, ...spotLines("all")]);
    expect(stats.resyncs).toBe(1);
    expect(items.find((item) => item.kind === "book_resync")).toMatchObject({
      symbol: "BTC/USDT",
      reason: "sequence gap: expected first 106, got 74891313263",
    });
  });

  test("spot: a recorded delta whose versions skip one makes the decoder resync", () => {
    const lines = spotLines("first").map((text) =>
      text.replace(
        '\\"fromVersion\\":\\"103\\",\\"toVersion\\":\\"103\\"',
        '\\"fromVersion\\":\\"104\\",\\"toVersion\\":\\"104\\"',
      ),
    );
    expect(lines.join("\n")).not.toContain('\\"fromVersion\\":\\"103\\"');
    const { items, stats } = decodeAll("spot", [SPOT_SNAPSHOT, ...lines]);
    expect(stats.resyncs).toBe(1);
    expect(items.find((item) => item.kind === "book_resync")).toMatchObject({
      exchange: "mexc",
      account: "spot",
      symbol: "BTC/USDT",
      reason: "sequence gap: expected first 103, got 104",
    });
  });

  test("futures: a stale push dropped, the next bridges version + 1, merged begin..end chains; no resync", () => {
    const { items, stats } = decodeAll("linear", [FUTURES_SNAPSHOT, ...readLines("tardis-futures.ndjson")]);
    const books = items.filter((item) => item.kind === "book");
    expect(books.map((b) => (b.kind === "book" ? `${b.type}:${b.seq}` : ""))).toEqual([
      "snapshot:96801929",
      "delta:96801930",
      "delta:96801931",
    ]);
    expect(assertNeverCrossed(items)).toBe(3);
    expect(stats.resyncs).toBe(0);
    expect(stats.staleDeltas).toBe(1);
    expect(items.filter((item) => item.kind === "book_top").at(-1)).toMatchObject({
      bids: [[6858.5, 6]],
      asks: [[6859.5, 100]],
    });
  });

  test("futures: a version that does not follow makes the decoder resync", () => {
    const lines = readLines("tardis-futures.ndjson").map((text) =>
      text.replace(
        '\\"begin\\":96801931,\\"end\\":96801931,\\"version\\":96801931',
        '\\"version\\":96801932',
      ),
    );
    const { items, stats } = decodeAll("linear", [FUTURES_SNAPSHOT, ...lines]);
    expect(stats.resyncs).toBe(1);
    expect(items.find((item) => item.kind === "book_resync")).toMatchObject({
      account: "linear",
      symbol: "BTC/USDT:USDT",
      reason: "sequence gap: expected first 96801931, got 96801932",
    });
  });
});
