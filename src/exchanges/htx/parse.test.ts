// HTX frame parser: docs-shaped frames for every stream on every account → exact events; both heartbeat styles
// answered; acks, errors and garbage classified without throwing; the spot MBP refresh alignment; then every recorded
// frame in ../shared/wire/htx through the parser and through the station's decoder with the declared book rules.

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type Account,
  formatCanonical,
  type MarketDataEvent,
  parseCanonical,
  withAccountSettle,
} from "../../core/index.ts";
import { createDecoder, type DecodedItem } from "../../station/decode.ts";
import { decodeBinaryFrame } from "../../transport/index.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { HTX_MAX_BUFFERED_DELTAS } from "./book.ts";
import { HTX_CONTRACT_BOOK, HTX_SPOT_BOOK, htx } from "./index.ts";
import { fromHtxNative } from "./symbols.ts";

const RECV_US = 1_700_000_000_123_456;

function symbolOf(native: string, account: Account): string {
  const parts = fromHtxNative(native, account);
  return parts ? formatCanonical(withAccountSettle(parts, account)) : native;
}

function contextOf(account: Account, recvTsUs = RECV_US, session = new Map<string, unknown>()): ParseContext {
  return {
    exchange: "htx",
    account,
    recvTsUs,
    symbolOf: (native) => symbolOf(native, account),
    session,
  };
}

function parse(account: Account, frame: unknown, context = contextOf(account)): Parsed {
  return htx.ws.parse(typeof frame === "string" ? frame : JSON.stringify(frame), context);
}

function eventsOf(account: Account, frame: unknown, context = contextOf(account)): MarketDataEvent[] {
  const parsed = parse(account, frame, context);
  if (parsed.kind !== "events") throw new Error(`expected events, got ${JSON.stringify(parsed)}`);
  return parsed.events;
}

const base = (account: Account, symbol: string, tsMs: number) => ({
  exchange: "htx",
  account,
  symbol,
  tsMs,
  recvTsUs: RECV_US,
});

describe("heartbeats", () => {
  test("market sockets: {ping: n} is answered {pong: n} with the same number", () => {
    expect(parse("spot", '{"ping":1618678073643}')).toEqual({
      kind: "ping",
      reply: '{"pong":1618678073643}',
    });
    expect(parse("linear", { ping: 18212558000 })).toEqual({ kind: "ping", reply: '{"pong":18212558000}' });
  });

  test("notification sockets: {op: ping, ts} is answered {op: pong, ts} with ts as sent", () => {
    expect(parse("linear", { op: "ping", ts: "1492420473058" })).toEqual({
      kind: "ping",
      reply: '{"op":"pong","ts":"1492420473058"}',
    });
    expect(parse("inverse", { op: "ping", ts: 1492420473058 })).toEqual({
      kind: "ping",
      reply: '{"op":"pong","ts":1492420473058}',
    });
  });

  test("pongs to client pings; a pong carrying an error code is a venue error", () => {
    expect(parse("spot", { pong: 1 })).toEqual({ kind: "pong" });
    expect(parse("linear", { op: "pong", ts: "1" })).toEqual({ kind: "pong" });
    expect(
      parse("linear", {
        op: "pong",
        ts: "1492420473027",
        "err-code": 2011,
        "err-msg": "detailed error message",
      }),
    ).toMatchObject({ kind: "venue-error", message: "2011: detailed error message" });
  });
});

describe("acks and errors", () => {
  test("sub / unsub answers on market sockets", () => {
    expect(
      parse("spot", { id: "id1", status: "ok", subbed: "market.btcusdt.kline.1min", ts: 1489474081631 }),
    ).toEqual({ kind: "ack", note: "subbed market.btcusdt.kline.1min" });
    expect(
      parse("spot", { id: "id4", status: "ok", unsubbed: "market.btcusdt.trade.detail", ts: 1494326028889 }),
    ).toEqual({ kind: "ack", note: "unsubbed market.btcusdt.trade.detail" });
  });

  test("op-style answers on notification sockets: err-code 0 and 2014 (repeated) are acks", () => {
    expect(
      parse("linear", {
        op: "sub",
        cid: "1",
        topic: "public.BTC-USDT.funding_rate",
        ts: 1606780803260,
        "err-code": 0,
      }),
    ).toEqual({ kind: "ack", note: "sub public.BTC-USDT.funding_rate" });
    expect(
      parse("linear", { op: "sub", topic: "public.BTC-USDT.funding_rate", ts: 1, "err-code": 2014 }),
    ).toMatchObject({ kind: "ack" });
    expect(
      parse("linear", {
        op: "sub",
        cid: "7",
        topic: "public.NOPE-USDT.liquidation_orders",
        ts: 1,
        "err-code": 2011,
        "err-msg": "Contract doesn't exist.",
      }),
    ).toEqual({
      kind: "venue-error",
      message: "2011: Contract doesn't exist. (request 7) [public.NOPE-USDT.liquidation_orders]",
      retryable: false,
    });
  });

  test("market-socket errors: invalid topics are final, rate limits and timeouts retryable", () => {
    expect(
      parse("linear", {
        status: "error",
        ts: 1790134833291,
        id: "e-size400",
        "err-code": "bad-request",
        "err-msg": "invalid topic market.BTC-USDT.depth.size_400.high_freq",
      }),
    ).toEqual({
      kind: "venue-error",
      message: "bad-request: invalid topic market.BTC-USDT.depth.size_400.high_freq (request e-size400)",
      retryable: false,
    });
    for (const text of ["429 too many request", "request timeout"])
      expect(
        parse("spot", { status: "error", ts: 1, "err-code": "bad-request", "err-msg": text }),
      ).toMatchObject({
        kind: "venue-error",
        retryable: true,
      });
  });

  test("server close asks for a reconnect; op error is reported", () => {
    expect(parse("linear", { op: "close", ts: 1 })).toMatchObject({ kind: "venue-error", reconnect: true });
    expect(parse("linear", { op: "error", ts: 1 })).toMatchObject({ kind: "venue-error", retryable: true });
  });
});

describe("trades", () => {
  test("spot (docs): tradeId is the id, amount the base size, direction the taker's side", () => {
    const frame = {
      ch: "market.btcusdt.trade.detail",
      ts: 1630994963175,
      tick: {
        id: 137005445109,
        ts: 1630994963173,
        data: [
          {
            id: 1.3700544510935929e26,
            ts: 1630994963173,
            tradeId: 102523573486,
            amount: 0.006754,
            price: 52648.62,
            direction: "buy",
          },
        ],
      },
    };
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "trade",
        ...base("spot", "BTC/USDT", 1630994963173),
        price: 52648.62,
        size: 0.006754,
        side: "buy",
        tradeId: "102523573486",
      },
    ]);
  });

  test("contracts (recorded): id as text, size in contracts", () => {
    const frame =
      '{"ch":"market.BTT-USDT.trade.detail","ts":1645287034941,"tick":{"id":78224221555,"ts":1645287034907,"data":[{"amount":2,"quantity":2000000,"trade_turnover":4.04,"ts":1645287034907,"id":782242215550000,"price":0.00000202,"direction":"sell"}]}}';
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "trade",
        ...base("linear", "BTT/USDT:USDT", 1645287034907),
        price: 0.00000202,
        size: 2,
        side: "sell",
        tradeId: "782242215550000",
      },
    ]);
    const inverse = eventsOf("inverse", {
      ch: "market.BTC-USD.trade.detail",
      ts: 1,
      tick: {
        id: 1,
        ts: 1603708208335,
        data: [{ amount: 20, ts: 1603708208335, id: 5, price: 13073.3, direction: "buy" }],
      },
    });
    expect(inverse[0]).toMatchObject({ symbol: "BTC/USD:BTC", account: "inverse", size: 20, tradeId: "5" });
  });

  test("prints without a taker side are dropped; a batch of only those is ignored", () => {
    const row = (direction: string, id: number) => ({
      amount: 2,
      ts: 1666114554480,
      id,
      price: 19425,
      direction,
    });
    const frame = (rows: unknown[]) => ({
      ch: "market.BTC-USDT.trade.detail",
      ts: 1666114554581,
      tick: { id: 1, ts: 1666114554480, data: rows },
    });
    expect(parse("linear", frame([row("", 1)]))).toEqual({
      kind: "ignored",
      reason: "trades without a taker side",
    });
    expect(
      eventsOf("linear", frame([row("", 1), row("sell", 2)])).map((e) => e.kind === "trade" && e.tradeId),
    ).toEqual(["2"]);
    expect(parse("linear", frame([]))).toEqual({ kind: "ignored", reason: "empty trade batch" });
  });

  test("old spot rows without tradeId keep the id text", () => {
    const frame = {
      ch: "market.xmrbtc.trade.detail",
      ts: 1572879775938,
      tick: {
        id: 100201717928,
        ts: 1571238239378,
        data: [
          {
            id: "10020171792852100010452",
            amount: 6.5286,
            price: 0.006663,
            direction: "buy",
            ts: 1571238239378,
          },
        ],
      },
    };
    expect(eventsOf("spot", frame)[0]).toMatchObject({
      tradeId: "10020171792852100010452",
      symbol: "XMR/BTC",
    });
  });
});

describe("spot MBP book: refresh image aligned with the held deltas", () => {
  const topic = "market.btcusdt.mbp.150";
  const delta = (
    seqNum: number,
    prevSeqNum: number,
    ts: number,
    asks: unknown[] = [],
    bids: unknown[] = [],
  ) => ({
    ch: topic,
    ts,
    tick: { seqNum, prevSeqNum, asks, bids },
  });
  const refresh = (seqNum: number, ts: number) => ({
    id: "1",
    status: "ok",
    ts,
    rep: topic,
    data: { seqNum, bids: [[9137.67, 4.683547]], asks: [[9137.68, 0.190075]] },
  });

  test("a delta: seq = seqNum, prevSeq = prevSeqNum, the push time, empty sides allowed", () => {
    expect(eventsOf("spot", delta(109409288253, 109409288226, 1593561601106, [[9138.67, 0.036178]]))).toEqual(
      [
        {
          kind: "book",
          ...base("spot", "BTC/USDT", 1593561601106),
          type: "delta",
          bids: [],
          asks: [[9138.67, 0.036178]],
          seq: 109409288253,
          prevSeq: 109409288226,
        },
      ],
    );
    const oneSided = eventsOf("spot", {
      ch: topic,
      ts: 5,
      tick: { seqNum: 2, prevSeqNum: 1, bids: [[1, 0]] },
    });
    expect(oneSided[0]).toMatchObject({ bids: [[1, 0]], asks: [] });
  });

  test("after `subbed`, deltas wait for the refresh; it comes out first, then the held deltas newer than it", () => {
    const context = contextOf("spot");
    expect(parse("spot", { id: "7", status: "ok", subbed: topic, ts: 1 }, context).kind).toBe("ack");
    // Recorded pushes (tardis): 160 is in the image, 204 and 226 follow it.
    for (const [seq, prev, ts] of [
      [109409288130, 109409288078, 1593561600691],
      [109409288160, 109409288130, 1593561600793],
      [109409288204, 109409288160, 1593561600901],
      [109409288226, 109409288204, 1593561601005],
    ] as const) {
      expect(parse("spot", delta(seq, prev, ts), context)).toEqual({
        kind: "ignored",
        reason: "MBP delta held until the refresh image",
      });
    }
    const events = eventsOf("spot", refresh(109409288160, 1593561601666), context);
    expect(events.map((e) => (e.kind === "book" ? [e.type, e.seq, e.prevSeq] : []))).toEqual([
      ["snapshot", 109409288160, undefined],
      ["delta", 109409288204, 109409288160],
      ["delta", 109409288226, 109409288204],
    ]);
    expect(events[0]).toEqual({
      kind: "book",
      ...base("spot", "BTC/USDT", 1593561601666),
      type: "snapshot",
      bids: [[9137.67, 4.683547]],
      asks: [[9137.68, 0.190075]],
      seq: 109409288160,
    });
    // Live from here on.
    expect(eventsOf("spot", delta(109409288253, 109409288226, 1593561601106), context)).toHaveLength(1);
  });

  test("a resubscription on the same socket holds deltas again until its own refresh", () => {
    const context = contextOf("spot");
    parse("spot", { id: "1", status: "ok", subbed: topic, ts: 1 }, context);
    eventsOf("spot", refresh(10, 2), context);
    expect(eventsOf("spot", delta(11, 10, 3), context)).toHaveLength(1);
    parse("spot", { id: "2", status: "ok", unsubbed: topic, ts: 4 }, context);
    parse("spot", { id: "3", status: "ok", subbed: topic, ts: 5 }, context);
    expect(parse("spot", delta(20, 11, 6), context).kind).toBe("ignored");
    expect(eventsOf("spot", refresh(20, 7), context)).toHaveLength(1);
  });

  test("without a `subbed` ack (recorded traffic) deltas pass; other sockets' sessions are separate", () => {
    expect(eventsOf("spot", delta(2, 1, 3))).toHaveLength(1);
    const context = contextOf("spot");
    parse("spot", { id: "1", status: "ok", subbed: topic, ts: 1 }, context);
    expect(parse("spot", delta(2, 1, 3), context).kind).toBe("ignored");
    expect(eventsOf("spot", delta(2, 1, 3), contextOf("spot"))).toHaveLength(1);
  });

  test("the held deltas are capped: the oldest go first", () => {
    const context = contextOf("spot");
    parse("spot", { id: "1", status: "ok", subbed: topic, ts: 1 }, context);
    for (let i = 1; i <= HTX_MAX_BUFFERED_DELTAS + 5; i++) parse("spot", delta(i + 1, i, 10 + i), context);
    const events = eventsOf("spot", refresh(0, 5), context);
    expect(events).toHaveLength(HTX_MAX_BUFFERED_DELTAS + 1);
    expect(events[1]).toMatchObject({ seq: 7, prevSeq: 6 });
  });

  test("other request answers are not book images", () => {
    expect(
      parse("spot", { id: "4", rep: "market.btcusdt.kline.1min", status: "ok", ts: 1, data: [] }),
    ).toEqual({ kind: "ignored", reason: "request answer market.btcusdt.kline.1min" });
    expect(parse("spot", { id: "1", status: "ok", ts: 1, rep: topic, data: { seqNum: 1 } })).toEqual({
      kind: "unmatched",
      topic: "mbp refresh (malformed)",
    });
  });

  test("a refresh channel push is a snapshot", () => {
    const events = eventsOf("spot", {
      ch: "market.btcusdt.mbp.refresh.20",
      ts: 1573199608679,
      tick: { seqNum: 100020142010, bids: [[618.37, 71.594]], asks: [[650.59, 14.9]] },
    });
    expect(events[0]).toMatchObject({ type: "snapshot", seq: 100020142010, bids: [[618.37, 71.594]] });
  });
});

describe("contract incremental depth", () => {
  const frame = (event: string, version: number, bids: unknown[], asks: unknown[]) => ({
    ch: "market.BTC-USDT.depth.size_150.high_freq",
    tick: {
      asks,
      bids,
      ch: "market.BTC-USDT.depth.size_150.high_freq",
      event,
      id: 131597620,
      mrid: 131597620,
      ts: 1603707712356,
      version,
    },
    ts: 1603707712357,
  });

  test("snapshot and update: seq = version, time = when the book was checked", () => {
    expect(eventsOf("linear", frame("snapshot", 1512467, [[13071.9, 38]], [[13081.9, 206]]))).toEqual([
      {
        kind: "book",
        ...base("linear", "BTC/USDT:USDT", 1603707712356),
        type: "snapshot",
        bids: [[13071.9, 38]],
        asks: [[13081.9, 206]],
        seq: 1512467,
      },
    ]);
    expect(eventsOf("linear", frame("update", 1512468, [[13071.9, 0]], []))[0]).toMatchObject({
      type: "delta",
      seq: 1512468,
      bids: [[13071.9, 0]],
      asks: [],
    });
    expect(eventsOf("linear", frame("update", 1512469, [], []))[0]).toMatchObject({
      type: "delta",
      seq: 1512469,
    });
  });

  test("no event type or no version is malformed", () => {
    expect(parse("linear", frame("", 1, [], []))).toEqual({
      kind: "unmatched",
      topic: "depth.high_freq (malformed)",
    });
    expect(parse("linear", frame("update", Number.NaN, [], []))).toMatchObject({ kind: "unmatched" });
  });
});

describe("whole-book depth pushes (recorded sessions)", () => {
  test("step0: every push is a snapshot, seq = version where sent", () => {
    const events = eventsOf("inverse", {
      ch: "market.ICP-USD.depth.step0",
      ts: 1645289384959,
      tick: {
        mrid: 66097718001,
        id: 1645289384,
        bids: [[20.13, 514]],
        asks: [[20.16, 380]],
        ts: 1645289384955,
        version: 1645289384,
        ch: "market.ICP-USD.depth.step0",
      },
    });
    expect(events).toEqual([
      {
        kind: "book",
        ...base("inverse", "ICP/USD:ICP", 1645289384955),
        type: "snapshot",
        bids: [[20.13, 514]],
        asks: [[20.16, 380]],
        seq: 1645289384,
      },
    ]);
  });

  test("the old `update: true` variant is a delta; merged steps are reported, not emitted", () => {
    const old = eventsOf("spot", {
      ch: "market.dtabtc.depth.step0",
      ts: 1572912002012,
      update: true,
      tick: { bids: [[4.37e-8, 731389.72]], asks: [[4.75e-8, 0]], ts: 1572912002002, version: 100058542239 },
    });
    expect(old[0]).toMatchObject({ type: "delta", seq: 100058542239 });
    expect(parse("spot", { ch: "market.btcusdt.depth.step1", ts: 1, tick: { bids: [], asks: [] } })).toEqual({
      kind: "unmatched",
      topic: "depth.step1 (merged book)",
    });
  });
});

describe("klines", () => {
  const spotBar = (id: number, close: number, ts: number) => ({
    ch: "market.ethbtc.kline.1min",
    ts,
    tick: {
      id,
      open: 0.074849,
      close,
      low: 0.074848,
      high: 0.074849,
      amount: 2.4448,
      vol: 0.1829884187,
      count: 3,
    },
  });

  test("spot: open time from `id` seconds, volume `amount` (base), quote volume `vol`", () => {
    expect(eventsOf("spot", spotBar(1630981680, 0.074848, 1630981694370))).toEqual([
      {
        kind: "kline",
        ...base("spot", "ETH/BTC", 1630981694370),
        interval: "1m",
        openTimeMs: 1630981680000,
        closeTimeMs: 1630981739999,
        open: 0.074849,
        high: 0.074849,
        low: 0.074848,
        close: 0.074848,
        volume: 2.4448,
        quoteVolume: 0.1829884187,
        trades: 3,
        closed: false,
      },
    ]);
  });

  test("the bar in progress, then closed once the next bar starts", () => {
    const context = contextOf("spot");
    expect(eventsOf("spot", spotBar(1630981680, 1, 1630981700000), context)).toHaveLength(1);
    expect(eventsOf("spot", spotBar(1630981680, 2, 1630981730000), context)).toHaveLength(1);
    const [closed, next] = eventsOf("spot", spotBar(1630981740, 3, 1630981741000), context);
    expect(closed).toMatchObject({ closed: true, openTimeMs: 1630981680000, close: 2, tsMs: 1630981741000 });
    expect(next).toMatchObject({ closed: false, openTimeMs: 1630981740000, close: 3 });
  });

  test("contracts: volume in contracts (`vol`), quote volume `trade_turnover` on USDT-margined only", () => {
    const frame = {
      ch: "market.BTC-USDT.kline.1min",
      ts: 1603707124366,
      tick: {
        id: 1603707120,
        mrid: 131592424,
        open: 13067.7,
        close: 13067.7,
        high: 13067.7,
        low: 13067.7,
        amount: 0.004,
        vol: 4,
        trade_turnover: 52.2708,
        count: 1,
      },
    };
    expect(eventsOf("linear", frame)[0]).toMatchObject({ volume: 4, quoteVolume: 52.2708, interval: "1m" });
    const inverse = eventsOf("inverse", { ...frame, ch: "market.BTC-USD.kline.60min" })[0];
    expect(inverse).toMatchObject({ volume: 4, interval: "1h", symbol: "BTC/USD:BTC" });
    expect(inverse).not.toHaveProperty("quoteVolume");
  });

  test("periods map to canonical intervals; a month closes before the next opens; a year has no interval", () => {
    const september = Date.UTC(2021, 8, 1);
    const monthly = eventsOf("spot", {
      ...spotBar(september / 1000, 1, 1630981700000),
      ch: "market.ethbtc.kline.1mon",
    });
    expect(monthly[0]).toMatchObject({
      interval: "1M",
      openTimeMs: september,
      closeTimeMs: Date.UTC(2021, 9, 1) - 1,
    });
    // A month opening at 00:00 UTC+8 closes just before the next one does, at 16:00 UTC.
    const eastern = eventsOf("spot", {
      ...spotBar(Date.parse("2021-08-31T16:00:00Z") / 1000, 1, 1630981700000),
      ch: "market.ethbtc.kline.1mon",
    });
    expect(eastern[0]).toMatchObject({ closeTimeMs: Date.parse("2021-09-30T16:00:00Z") - 1, closed: false });
    expect(parse("spot", { ...spotBar(1, 1, 1), ch: "market.ethbtc.kline.1year" })).toEqual({
      kind: "unmatched",
      topic: "kline.1year",
    });
  });
});

describe("tickers and mark price", () => {
  test("spot ticker: last trade, best bid/ask, 24 h base and quote volume, change from the open", () => {
    const frame = {
      ch: "market.btcusdt.ticker",
      ts: 1630982370526,
      tick: {
        open: 51732,
        high: 52785.64,
        low: 51000,
        close: 52735.63,
        amount: 13259.24137056181,
        vol: 687640987.4125315,
        count: 448737,
        bid: 52732.88,
        bidSize: 0.036,
        ask: 52732.89,
        askSize: 0.583653,
        lastPrice: 52735.63,
        lastSize: 0.03,
      },
    };
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "ticker",
        ...base("spot", "BTC/USDT", 1630982370526),
        last: 52735.63,
        bid: 52732.88,
        bidSize: 0.036,
        ask: 52732.89,
        askSize: 0.583653,
        high24h: 52785.64,
        low24h: 51000,
        volume24h: 13259.24137056181,
        quoteVolume24h: 687640987.4125315,
        changePct24h: ((52735.63 - 51732) / 51732) * 100,
      },
    ]);
  });

  test("contract detail: bid/ask pairs (either spelling), volume in contracts", () => {
    const tick = {
      id: 1603707840,
      mrid: 131599205,
      open: 12916.2,
      close: 13065.8,
      high: 13205.3,
      low: 12852.8,
      amount: 30.316,
      vol: 30316,
      trade_turnover: 395073.4918,
      count: 2983,
    };
    const withPairs = eventsOf("linear", {
      ch: "market.BTC-USDT.detail",
      ts: 1603707870528,
      tick: { ...tick, ask: [13081.9, 206], bid: [13071.9, 38] },
    });
    expect(withPairs).toEqual([
      {
        kind: "ticker",
        ...base("linear", "BTC/USDT:USDT", 1603707870528),
        last: 13065.8,
        bid: 13071.9,
        bidSize: 38,
        ask: 13081.9,
        askSize: 206,
        high24h: 13205.3,
        low24h: 12852.8,
        volume24h: 30316,
        quoteVolume24h: 395073.4918,
        changePct24h: ((13065.8 - 12916.2) / 12916.2) * 100,
      },
    ]);
    const docsSpelling = eventsOf("linear", {
      ch: "market.BTC-USDT.detail",
      ts: 1603707870528,
      tick: { ...tick, asks: [13081.9, 206], bids: [13071.9, 38] },
    });
    expect(docsSpelling).toEqual(withPairs);
  });

  test("bbo: spot flat fields, contracts pairs; a ticker without a last price", () => {
    const spot = eventsOf("spot", {
      ch: "market.btcusdt.bbo",
      ts: 1575158404058,
      tick: {
        seqId: 103273695595,
        ask: 7543.59,
        askSize: 2.323241,
        bid: 7541.16,
        bidSize: 0.002329,
        quoteTime: 1575158404057,
        symbol: "btcusdt",
      },
    });
    expect(spot).toEqual([
      {
        kind: "ticker",
        ...base("spot", "BTC/USDT", 1575158404057),
        bid: 7541.16,
        bidSize: 0.002329,
        ask: 7543.59,
        askSize: 2.323241,
      },
    ]);
    const contract = eventsOf("linear", {
      ch: "market.BTC-USDT.bbo",
      ts: 1630454400495,
      tick: {
        mrid: 1,
        id: 1630454400,
        bid: [47176.5, 1],
        ask: [47176.6, 9249],
        ts: 1630454400495,
        version: 1,
      },
    });
    expect(contract[0]).toMatchObject({ bid: 47176.5, bidSize: 1, ask: 47176.6, askSize: 9249 });
  });

  test("mark price: the close of the mark price kline (decimal text)", () => {
    expect(
      eventsOf(
        "linear",
        '{"ch":"market.BTC-USDT.mark_price.1min","tick":{"id":1790135100,"open":"86834.8","close":"86826.6","high":"86838.2","low":"86826.6","amount":"0","vol":"0","count":"0","trade_turnover":"0"},"ts":1790135117624}',
      ),
    ).toEqual([
      { kind: "mark_price", ...base("linear", "BTC/USDT:USDT", 1790135117624), markPrice: 86826.6 },
    ]);
  });

  test("index-socket klines dig3 does not subscribe to are reported by channel", () => {
    expect(parse("linear", { ch: "market.BTC-USDT.index.1min", ts: 1, tick: { id: 1, close: "1" } })).toEqual(
      { kind: "unmatched", topic: "index.1min" },
    );
    expect(parse("linear", { ch: "market.BTC-USDT.basis.1min.open", ts: 1, tick: { id: 1 } })).toEqual({
      kind: "unmatched",
      topic: "basis.1min.open",
    });
  });
});

describe("notification pushes", () => {
  test("funding: the current rate, next settlement at settlement_time, at the push time", () => {
    const frame =
      '{"op":"notify","topic":"public.BTC-USDT.funding_rate","ts":1790135117894,"data":[{"symbol":"BTC","contract_code":"BTC-USDT","fee_asset":"USDT","funding_time":"1790135110000","funding_rate":"0.000064355479737646","estimated_rate":null,"settlement_time":"1790150400000","trade_partition":"USDT"}]}';
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "funding_rate",
        ...base("linear", "BTC/USDT:USDT", 1790135117894),
        rate: 0.000064355479737646,
        nextFundingTsMs: 1790150400000,
      },
    ]);
  });

  test("liquidations: the order's side, size in contracts, bankruptcy price, value in the quote", () => {
    const frame = {
      op: "notify",
      topic: "public.O3-USDT.liquidation_orders",
      ts: 1639122193214,
      data: [
        {
          symbol: "O3",
          contract_code: "O3-USDT",
          direction: "sell",
          offset: "close",
          volume: 432,
          price: 0.7858,
          created_at: 1639122193172,
          amount: 432,
          trade_turnover: 339.4656,
          contract_type: "swap",
          pair: "O3-USDT",
          business_type: "swap",
        },
      ],
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "liquidation",
        ...base("linear", "O3/USDT:USDT", 1639122193172),
        side: "sell",
        price: 0.7858,
        size: 432,
        value: 339.4656,
      },
    ]);
  });

  test("contract info is known and ignored; other topics are reported", () => {
    expect(parse("linear", { op: "notify", topic: "public.BTC.contract_info", ts: 1, data: [] })).toEqual({
      kind: "ignored",
      reason: "contract info",
    });
    expect(parse("linear", { op: "notify", topic: "public.BTC-USDT.other", ts: 1, data: [] })).toEqual({
      kind: "unmatched",
      topic: "public.other",
    });
  });
});

describe("garbage never throws and is classified", () => {
  const garbage: unknown[] = [
    "",
    "   ",
    "not json",
    "{",
    "[]",
    "null",
    "42",
    '"text"',
    "[1,2,3]",
    {},
    { ch: 5 },
    { ch: "market" },
    { ch: "market.btcusdt" },
    { ch: "market.btcusdt.trade.detail" },
    { ch: "market.btcusdt.trade.detail", tick: { data: "x" } },
    { ch: "market.btcusdt.trade.detail", tick: { data: [null] } },
    { ch: "market.btcusdt.trade.detail", tick: { data: [{ price: "x" }] } },
    { ch: "market.btcusdt.mbp.150", tick: { seqNum: "a" } },
    { ch: "market.btcusdt.mbp.150", tick: { seqNum: 1, prevSeqNum: 0, bids: "x" }, ts: 1 },
    {
      ch: "market.BTC-USDT.depth.size_150.high_freq",
      tick: { event: "snapshot", version: 1, bids: 5 },
      ts: 1,
    },
    { ch: "market.btcusdt.depth.step0", tick: {} },
    { ch: "market.btcusdt.kline.1min", tick: { id: "x" } },
    { ch: "market.btcusdt.ticker", tick: null },
    { ch: "market.btcusdt.detail", tick: {}, ts: 1 },
    { ch: "market.btcusdt.bbo", tick: {}, ts: 1 },
    { ch: "market.BTC-USDT.mark_price.1min", tick: { close: "" }, ts: 1 },
    { ch: "other.topic", tick: {} },
    { op: "notify" },
    { op: "notify", topic: "public.BTC-USDT.funding_rate", data: [{ funding_rate: "x" }] },
    { op: "notify", topic: "public.BTC-USDT.liquidation_orders", data: [{ direction: "up" }] },
    { op: "notify", topic: "public.BTC-USDT.funding_rate", data: "x" },
    { op: 5 },
    { op: "weird" },
    { status: "error" },
    { rep: "market.btcusdt.mbp.150", status: "ok" },
    { rep: "market.btcusdt.mbp.150", status: "ok", data: { seqNum: 1, bids: [["x", "y"]], asks: [] }, ts: 1 },
    { ping: {} },
    { ping: null },
    { subbed: 5 },
  ];

  test("every shape gives a verdict, never an exception", () => {
    for (const account of ["spot", "linear", "inverse"] as const) {
      for (const frame of garbage) {
        const parsed = parse(account, frame);
        expect(["events", "ack", "pong", "ping", "venue-error", "ignored", "unmatched"]).toContain(
          parsed.kind,
        );
        if (parsed.kind === "events")
          for (const event of parsed.events)
            for (const value of Object.values(event))
              if (typeof value === "number") expect(Number.isFinite(value)).toBe(true);
      }
    }
  });

  test("a few verdicts spelled out", () => {
    expect(parse("spot", "")).toEqual({ kind: "ignored", reason: "empty frame" });
    expect(parse("spot", "not json")).toEqual({ kind: "unmatched", topic: "(not json)" });
    expect(parse("spot", "[1,2,3]")).toEqual({ kind: "unmatched", topic: "(not an object)" });
    expect(parse("spot", {})).toEqual({ kind: "unmatched", topic: "(unknown frame)" });
    expect(parse("spot", { ch: "other.topic", tick: {} })).toEqual({
      kind: "unmatched",
      topic: "other.topic",
    });
    expect(parse("spot", { ch: "market.btcusdt.kline.1min", tick: { id: "x" } })).toEqual({
      kind: "unmatched",
      topic: "kline (malformed)",
    });
    expect(parse("spot", { op: "weird" })).toEqual({ kind: "unmatched", topic: "op weird" });
  });
});

// ── recorded traffic ───────────────────────────────────────────────────────────────────────────────────────────

const WIRE_DIR = join(import.meta.dir, "..", "..", "..", "..", "shared", "wire", "htx");
const HAS_WIRE = existsSync(WIRE_DIR);
if (!HAS_WIRE) console.log(`htx: ${WIRE_DIR} not found; recorded-traffic tests skipped`);

interface WireLine {
  ts?: number;
  dir?: "in" | "out";
  url?: string;
  frame?: string;
  /** The verbatim gzip bytes of a binary frame, base64. */
  frame_b64?: string;
  binary?: string;
}

function readLines(file: string): string[] {
  return readFileSync(join(WIRE_DIR, file), "utf8")
    .split("\n")
    .filter((line) => line.trim().length > 0);
}

function accountOfUrl(url: string | undefined, fallback: Account): Account {
  if (!url) return fallback;
  if (url.includes("/linear-swap-")) return "linear";
  if (url.includes("/swap-")) return "inverse";
  return "spot";
}

/**
 * Per file: what each inbound frame became. The cryptofeed sessions (2021 spot, 2022 swaps) subscribed `depth.step0`
 * (a whole book per push) and `trade.detail`; the first trade of each subscription is the last one before it, as HTX
 * sends. The tardis samples are edited test inputs; coin-margined dated futures (`BCH_NQ`, `BTC_CW`, `BTC200703`) and
 * the DM frames mixed into the spot sample keep their native names, as dig3 does not connect to that family.
 */
const EXPECTED_WS: Record<string, { account: Account; counts: Record<string, number> }> = {
  "spot-depth-step0-trade-detail.ndjson": {
    account: "spot",
    counts: { ack: 4, "book snapshot spot": 60, "trade spot": 4, ping: 6 },
  },
  "swap-coinm-depth-step0-trade-detail.ndjson": {
    account: "inverse",
    counts: { ack: 2, "book snapshot inverse": 63, "trade inverse": 1, ping: 2 },
  },
  "swap-usdtm-depth-step0-trade-detail.ndjson": {
    account: "linear",
    counts: { ack: 2, "book snapshot linear": 52, "trade linear": 1, ping: 1 },
  },
  "tardis-coinm-swap.ndjson": {
    account: "inverse",
    counts: {
      ack: 2,
      "trade inverse": 2,
      "book delta inverse": 1,
      "unmatched:basis.1min.open": 1,
      "funding_rate inverse": 1,
      "liquidation inverse": 2,
      "ticker inverse": 1,
    },
  },
  "tardis-dm-futures.ndjson": {
    account: "inverse",
    counts: {
      "book snapshot inverse": 1,
      "book delta inverse": 1,
      "unmatched:basis.1min.open": 1,
      "ignored:contract info": 2,
      "liquidation inverse": 3,
      "ticker inverse": 2,
    },
  },
  "tardis-spot-and-dm.ndjson": {
    account: "spot",
    counts: {
      ack: 1,
      "ticker spot": 3,
      "book snapshot spot": 5,
      "book delta spot": 10,
      "trade spot": 5,
    },
  },
  "tardis-usdtm-swap.ndjson": {
    account: "linear",
    counts: {
      ack: 2,
      "trade linear": 2,
      "ignored:trades without a taker side": 1,
      "book delta linear": 1,
      "unmatched:basis.1min.close": 1,
      "funding_rate linear": 1,
      "liquidation linear": 1,
      "ticker linear": 1,
    },
  },
};

const MIN_TS_MS = Date.UTC(2018, 0, 1);
const MAX_TS_MS = Date.UTC(2035, 0, 1);
const DATED_NATIVE_RE = /^[A-Z]+(_(CW|NW|CQ|NQ)|\d{6})$/;

function assertSane(event: MarketDataEvent): void {
  expect(event.exchange).toBe("htx");
  if (!DATED_NATIVE_RE.test(event.symbol)) {
    const parts = parseCanonical(event.symbol);
    expect(parts, `canonical symbol: ${event.symbol}`).toBeDefined();
    if (event.account === "spot") expect(parts?.settle).toBeUndefined();
    else expect(parts?.settle).toBeDefined();
  }
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
  test("every recorded file is covered by a case below", () => {
    const files = readdirSync(WIRE_DIR).filter((file) => file.endsWith(".ndjson"));
    expect(files.filter((file) => !(file in EXPECTED_WS))).toEqual([]);
  });

  for (const [file, expected] of Object.entries(EXPECTED_WS)) {
    test(`${file}: every frame classified, counts exact`, () => {
      const counts: Record<string, number> = {};
      const bump = (key: string) => {
        counts[key] = (counts[key] ?? 0) + 1;
      };
      const session = new Map<string, unknown>();
      for (const text of readLines(file)) {
        const line = JSON.parse(text) as WireLine;
        if (line.dir === "out") continue;
        const account = accountOfUrl(line.url, expected.account);
        const context = contextOf(account, Math.round((line.ts ?? 0) * 1000), session);
        const parsed = htx.ws.parse(line.frame ?? "", context);
        if (parsed.kind === "events") {
          expect(parsed.events.length).toBeGreaterThan(0);
          for (const event of parsed.events) {
            assertSane(event);
            bump(
              event.kind === "book"
                ? `book ${event.type} ${event.account}`
                : `${event.kind} ${event.account}`,
            );
          }
        } else if (parsed.kind === "unmatched") {
          bump(`unmatched:${parsed.topic}`);
        } else if (parsed.kind === "ignored") {
          bump(`ignored:${parsed.reason}`);
        } else {
          if (parsed.kind === "ping") expect(parsed.reply).toMatch(/^\{"pong":\d+\}$/);
          bump(parsed.kind);
        }
      }
      expect(counts).toEqual(expected.counts);
    });
  }

  test("every recorded frame was gzip on the wire and the transport's default decoder inflates it to the text", () => {
    let inflated = 0;
    for (const file of readdirSync(WIRE_DIR).filter((name) => !name.startsWith("tardis"))) {
      for (const line of readLines(file).map((text) => JSON.parse(text) as WireLine)) {
        if (line.dir !== "in") continue;
        expect(line.binary).toBe("gzip");
        const bytes = Uint8Array.from(Buffer.from(line.frame_b64 ?? "", "base64"));
        expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
        expect(decodeBinaryFrame(bytes)).toBe(line.frame!);
        inflated++;
      }
    }
    expect(inflated).toBe(74 + 68 + 56);
  });

  test("every recorded server ping was answered by the client with the same number", () => {
    for (const file of readdirSync(WIRE_DIR).filter((name) => !name.startsWith("tardis"))) {
      const lines = readLines(file).map((text) => JSON.parse(text) as WireLine);
      const answered = new Set(lines.filter((l) => l.dir === "out").map((l) => l.frame));
      for (const line of lines.filter((l) => l.dir === "in" && l.frame?.startsWith('{"ping"'))) {
        const parsed = htx.ws.parse(line.frame!, contextOf("spot"));
        expect(parsed.kind === "ping" && answered.has(parsed.reply)).toBe(true);
      }
    }
  });
});

function decodeAll(lines: readonly string[], account?: Account) {
  const decoder = createDecoder({ adapter: htx, bookDepth: 1, ...(account ? { account } : {}) });
  const items: DecodedItem[] = [];
  for (const line of lines) for (const item of decoder.decodeLine(line)) items.push(item);
  return { stats: decoder.stats, items };
}

function tardisLine(frame: unknown): string {
  return JSON.stringify({ frame: typeof frame === "string" ? frame : JSON.stringify(frame) });
}

describe.if(HAS_WIRE)("recorded books through the station's decoder and the HTX book rules", () => {
  test("rules: spot chains prevSeqNum to the last seqNum, contracts count versions; both from the stream", () => {
    expect(htx.book).toBeFunction();
    expect(HTX_SPOT_BOOK).toMatchObject({
      snapshotFrom: "stream",
      chain: "prev-equals-last",
      bridge: "chain",
    });
    expect(HTX_CONTRACT_BOOK).toMatchObject({
      snapshotFrom: "stream",
      chain: "seq-increments",
      bridge: "chain",
    });
  });

  for (const [file, pushes] of [
    ["spot-depth-step0-trade-detail.ndjson", 60],
    ["swap-coinm-depth-step0-trade-detail.ndjson", 63],
    ["swap-usdtm-depth-step0-trade-detail.ndjson", 52],
  ] as const) {
    test(`${file}: every whole-book push replaces the book, never crossed, no resync`, () => {
      const { stats, items } = decodeAll(readLines(file));
      expect(stats).toMatchObject({ badLines: 0, venueErrors: 0, unmatched: 0, resyncs: 0, staleDeltas: 0 });
      expect(stats.deltasBeforeSnapshot).toBe(0);
      expect(items.filter((item) => item.kind === "book")).toHaveLength(pushes);
      const tops = items.filter((item) => item.kind === "book_top");
      expect(tops).toHaveLength(pushes);
      for (const top of tops) {
        if (top.kind !== "book_top") continue;
        expect(top.bids[0]![0]).toBeLessThan(top.asks[0]![0]);
      }
    });
  }

  test("one recorded push corrupted into a crossed book is refused with a resync", () => {
    const lines = readLines("spot-depth-step0-trade-detail.ndjson");
    const victim = lines.findIndex(
      (line, i) => i > 20 && line.includes('market.nesteth.depth.step0\\",\\"ts'),
    );
    expect(victim).toBeGreaterThan(0);
    const corrupted = [...lines];
    // The best bid jumps above every ask.
    corrupted[victim] = lines[victim]!.replace(/(\\"bids\\":\[\[)[0-9.E-]+/, (_all, head) => `${head}1.0`);
    expect(corrupted[victim]).not.toBe(lines[victim]);
    const { stats, items } = decodeAll(corrupted);
    const resyncs = items.filter((item) => item.kind === "book_resync");
    expect(resyncs).toHaveLength(1);
    expect(resyncs[0]).toMatchObject({ symbol: "NEST/ETH", account: "spot" });
    expect(resyncs[0]!.kind === "book_resync" && resyncs[0]!.reason).toStartWith("crossed book");
    expect(stats.resyncs).toBe(1);
  });

  test("spot MBP (tardis pushes): the refresh after `subbed` aligns the held deltas, every delta chains", () => {
    const mbp = readLines("tardis-spot-and-dm.ndjson").filter((line) => line.includes("mbp.150"));
    // The first line is from another capture (it chains to nothing here); the last is trimmed (it says 500).
    const session = mbp.slice(1, 6);
    const lines = [
      tardisLine({ id: "1", status: "ok", subbed: "market.btcusdt.mbp.150", ts: 1593561600600 }),
      ...session,
    ];
    const { stats, items } = decodeAll(lines, "spot");
    expect(stats).toMatchObject({ resyncs: 0, staleDeltas: 0, deltasBeforeSnapshot: 0, unmatched: 0 });
    const books = items.filter((item) => item.kind === "book");
    expect(books.map((b) => (b.kind === "book" ? [b.type, b.seq] : []))).toEqual([
      ["snapshot", 109409288160],
      ["delta", 109409288204],
      ["delta", 109409288226],
    ]);
    for (const item of items)
      if (item.kind === "book_top") expect(item.bids[0]![0]).toBeLessThan(item.asks[0]![0]);
  });

  test("spot MBP: one corrupted prevSeqNum among the recorded deltas is caught and resynced", () => {
    const mbp = readLines("tardis-spot-and-dm.ndjson").filter((line) => line.includes("mbp.150"));
    const session = mbp.slice(1, 6);
    const victim = session.findIndex((line) => line.includes("109409288226,"));
    expect(victim).toBeGreaterThan(0);
    session[victim] = session[victim]!.replace("109409288204", "109409288203");
    const lines = [
      tardisLine({ id: "1", status: "ok", subbed: "market.btcusdt.mbp.150", ts: 1 }),
      ...session,
    ];
    const { stats, items } = decodeAll(lines, "spot");
    expect(stats.resyncs).toBe(1);
    const resync = items.find((item) => item.kind === "book_resync");
    expect(resync).toMatchObject({ symbol: "BTC/USDT", account: "spot" });
    expect(resync!.kind === "book_resync" && resync!.reason).toBe(
      "sequence gap: previous 109409288204, update says 109409288203",
    );
  });

  test("the whole tardis spot sample: without a `subbed` ack the deltas before the refresh wait, the trimmed one resyncs", () => {
    const { stats, items } = decodeAll(readLines("tardis-spot-and-dm.ndjson"), "spot");
    expect(stats.resyncs).toBe(1);
    expect(items.find((item) => item.kind === "book_resync")).toMatchObject({
      symbol: "BTC/USDT",
      reason: "sequence gap: previous 109409288160, update says 109409288500",
    });
  });

  test("contracts (tardis DM sample): a snapshot at version 5 then an update at 8 is a gap", () => {
    const { stats, items } = decodeAll(readLines("tardis-dm-futures.ndjson"), "inverse");
    expect(stats.resyncs).toBe(1);
    expect(items.find((item) => item.kind === "book_resync")).toMatchObject({
      symbol: "BCH_NQ",
      reason: "sequence gap: expected 6, got 8",
    });
    // The same recorded update at the next version chains.
    const lines = readLines("tardis-dm-futures.ndjson").map((line) =>
      line.replace('\\"version\\":8', '\\"version\\":6'),
    );
    expect(decodeAll(lines, "inverse").stats.resyncs).toBe(0);
  });
});
