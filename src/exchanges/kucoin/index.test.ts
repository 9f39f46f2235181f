// KuCoin wiring: the streams table per account, socket names and the token bootstrap, keep-alive and limits,
// subscribe frames (topics batched per channel), book rules, registry.

import { describe, expect, test } from "bun:test";
import { type Account, STREAM_KINDS, type StreamSpec } from "../../core/index.ts";
import { bookRulesOf } from "../_shared/adapter.ts";
import { findExchange } from "../index.ts";
import { KUCOIN_FUTURES_BOOK, KUCOIN_KLINE_INTERVALS, KUCOIN_SPOT_BOOK, kucoin } from "./index.ts";
import { canonicalOfKucoinNative } from "./symbols.ts";

function specOf(kind: StreamSpec["kind"], account: Account, native: string, interval?: string): StreamSpec {
  const spec: StreamSpec = {
    kind,
    account,
    symbol: canonicalOfKucoinNative(native, account) ?? native,
    native,
  };
  if (interval) spec.interval = interval;
  return spec;
}

const frames = (list: string[]) => list.map((frame) => JSON.parse(frame) as Record<string, unknown>);

describe("streams table", () => {
  test("every account lists every stream kind; no options", () => {
    for (const account of ["spot", "linear", "inverse"] as const)
      expect(Object.keys(kucoin.streams[account] ?? {}).sort()).toEqual([...STREAM_KINDS].sort());
    expect(kucoin.streams.option).toBeUndefined();
  });

  test("spot: trades, book, klines, ticker on the socket; the rest wire-absent with a reason", () => {
    const spot = kucoin.streams.spot!;
    for (const kind of ["trade", "book", "kline", "ticker"] as const)
      expect(spot[kind]).toMatchObject({ status: "supported", via: "ws" });
    for (const kind of ["agg_trade", "mark_price", "funding_rate", "open_interest", "liquidation"] as const) {
      expect(spot[kind]?.status).toBe("wire-absent");
      expect(spot[kind]).toHaveProperty("reason");
    }
    expect((spot.book as { note: string }).note).toContain("top-100");
  });

  test("futures: socket streams, open interest polled, no liquidations, no aggregated trades", () => {
    for (const account of ["linear", "inverse"] as const) {
      const table = kucoin.streams[account]!;
      for (const kind of ["trade", "book", "kline", "ticker", "mark_price", "funding_rate"] as const)
        expect(table[kind]).toMatchObject({ status: "supported", via: "ws" });
      expect(table.open_interest).toMatchObject({
        status: "supported",
        via: "rest-poll",
        pollEveryMs: 10_000,
      });
      expect(table.liquidation?.status).toBe("wire-absent");
      expect(table.agg_trade?.status).toBe("wire-absent");
    }
  });

  test("kline intervals per the socket docs", () => {
    expect(kucoin.klineIntervals).toEqual(KUCOIN_KLINE_INTERVALS);
    expect(KUCOIN_KLINE_INTERVALS.spot).not.toContain("5m");
    expect(KUCOIN_KLINE_INTERVALS.linear).toContain("5m");
    expect(KUCOIN_KLINE_INTERVALS.linear).toContain("1M");
    expect(KUCOIN_KLINE_INTERVALS.spot).not.toContain("1M");
  });
});

describe("socket", () => {
  test("pool names per host; the dialled URL comes from the bullet call on the same host", () => {
    expect(kucoin.ws.url("spot", { testnet: false })).toBe("wss://ws-api-spot.kucoin.com/");
    expect(kucoin.ws.url("linear", { testnet: false })).toBe("wss://ws-api-futures.kucoin.com/");
    expect(kucoin.ws.url("inverse", { testnet: true })).toBe("wss://ws-api-futures.kucoin.com/");
    for (const account of ["spot", "linear", "inverse"] as const) {
      const call = kucoin.ws.bootstrap?.(account, { testnet: false });
      expect(call).toMatchObject({ account, method: "POST", path: "/api/v1/bullet-public" });
    }
  });

  test("keep-alive and limits", () => {
    expect(kucoin.ws.ping.everyMs).toBeLessThan(18_000);
    expect(JSON.parse(kucoin.ws.ping.frame as string)).toEqual({ id: "dig3-ping", type: "ping" });
    expect(kucoin.ws.silenceMs).toBeGreaterThan(kucoin.ws.ping.everyMs * 2);
    expect(kucoin.ws.maxStreamsPerSocket).toBe(300);
    expect(kucoin.ws.maxSendPerSecond).toBe(9);
    expect(kucoin.ws.maxStreamsPerFrame).toBe(100);
  });

  test("subscribe: one frame per channel, symbols joined; futures klines keep the `_1min` suffix", () => {
    const specs = [
      specOf("trade", "spot", "BTC-USDT"),
      specOf("trade", "spot", "ETH-USDT"),
      specOf("book", "spot", "BTC-USDT"),
      specOf("kline", "spot", "BTC-USDT", "1h"),
      specOf("ticker", "spot", "BTC-USDT"),
    ];
    expect(frames(kucoin.ws.subscribe(specs, 7))).toEqual([
      {
        id: 7,
        type: "subscribe",
        topic: "/market/match:BTC-USDT,ETH-USDT",
        privateChannel: false,
        response: true,
      },
      { id: 7, type: "subscribe", topic: "/market/level2:BTC-USDT", privateChannel: false, response: true },
      {
        id: 7,
        type: "subscribe",
        topic: "/market/candles:BTC-USDT_1hour",
        privateChannel: false,
        response: true,
      },
      { id: 7, type: "subscribe", topic: "/market/ticker:BTC-USDT", privateChannel: false, response: true },
    ]);
    const futures = [
      specOf("trade", "linear", "XBTUSDTM"),
      specOf("book", "linear", "XBTUSDTM"),
      specOf("kline", "linear", "XBTUSDTM", "1m"),
      specOf("ticker", "linear", "XBTUSDTM"),
      specOf("mark_price", "linear", "XBTUSDTM"),
      specOf("funding_rate", "linear", "XBTUSDTM"),
      specOf("open_interest", "linear", "XBTUSDTM"),
      specOf("liquidation", "linear", "XBTUSDTM"),
    ];
    expect(frames(kucoin.ws.subscribe(futures, 8)).map((frame) => frame.topic)).toEqual([
      "/contractMarket/execution:XBTUSDTM",
      "/contractMarket/level2:XBTUSDTM",
      "/contractMarket/limitCandle:XBTUSDTM_1min",
      "/contractMarket/tickerV2:XBTUSDTM",
      "/contract/instrument:XBTUSDTM",
    ]);
    expect(frames(kucoin.ws.unsubscribe([specOf("book", "inverse", "XBTUSDM")], 9))).toEqual([
      {
        id: 9,
        type: "unsubscribe",
        topic: "/contractMarket/level2:XBTUSDM",
        privateChannel: false,
        response: true,
      },
    ]);
  });

  test("mark price and funding share one channel; other kinds and intervals do not", () => {
    const channelOf = kucoin.ws.channelOf!;
    expect(channelOf(specOf("mark_price", "linear", "XBTUSDTM"))).toBe(
      channelOf(specOf("funding_rate", "linear", "XBTUSDTM")),
    );
    expect(channelOf(specOf("mark_price", "linear", "XBTUSDTM"))).not.toBe(
      channelOf(specOf("mark_price", "inverse", "XBTUSDM")),
    );
    expect(channelOf(specOf("kline", "spot", "BTC-USDT", "1m"))).not.toBe(
      channelOf(specOf("kline", "spot", "BTC-USDT", "1h")),
    );
    expect(kucoin.ws.subscribe([specOf("mark_price", "spot", "BTC-USDT")], 1)).toEqual([]);
  });

  test("more than 100 symbols on one channel split into several frames", () => {
    const specs = Array.from({ length: 250 }, (_, i) => specOf("trade", "spot", `C${i}-USDT`));
    const topics = frames(kucoin.ws.subscribe(specs, 3)).map((frame) => String(frame.topic));
    expect(topics.map((topic) => topic.split(",").length)).toEqual([100, 100, 50]);
    expect(new Set(topics.flatMap((topic) => topic.slice("/market/match:".length).split(","))).size).toBe(
      250,
    );
  });
});

describe("book rules", () => {
  test("spot: REST top-100 snapshot, bridged by sequenceStart <= S+1 <= sequenceEnd, chained start = end + 1", () => {
    expect(bookRulesOf(kucoin, "spot")).toBe(KUCOIN_SPOT_BOOK);
    expect(KUCOIN_SPOT_BOOK).toEqual({
      snapshotFrom: "rest",
      restDepth: 100,
      chain: "first-follows-last",
      bridge: "first-le-next",
    });
  });

  test("futures: full REST snapshot, first update S+1, then one sequence after another", () => {
    for (const account of ["linear", "inverse"] as const)
      expect(bookRulesOf(kucoin, account)).toBe(KUCOIN_FUTURES_BOOK);
    expect(KUCOIN_FUTURES_BOOK).toEqual({
      snapshotFrom: "rest",
      chain: "first-follows-last",
      bridge: "first-le-next",
    });
  });
});

describe("registry", () => {
  test("findExchange finds kucoin by id, any case", () => {
    expect(findExchange("kucoin")).toBe(kucoin);
    expect(findExchange(" KuCoin ")).toBe(kucoin);
  });
});
