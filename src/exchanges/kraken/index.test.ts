// Kraken wiring: the streams table per account, socket URLs, keep-alive and limits, subscribe frames for both
// markets, shared channels, book rules, registry.

import { describe, expect, test } from "bun:test";
import { type Account, STREAM_KINDS, type StreamSpec } from "../../core/index.ts";
import { bookRulesOf } from "../_shared/adapter.ts";
import { findExchange } from "../index.ts";
import { KRAKEN_FUTURES_BOOK, KRAKEN_KLINE_INTERVALS, KRAKEN_SPOT_BOOK, kraken } from "./index.ts";
import { checksumOfKrakenBook } from "./spot/book.ts";
import { canonicalOfNative } from "./symbols.ts";

function specOf(kind: StreamSpec["kind"], account: Account, native: string, interval?: string): StreamSpec {
  const spec: StreamSpec = { kind, account, symbol: canonicalOfNative(native, account) ?? native, native };
  if (interval) spec.interval = interval;
  return spec;
}

describe("streams table", () => {
  test("spot, linear and inverse list every stream kind; no options market", () => {
    for (const account of ["spot", "linear", "inverse"] as const) {
      expect(Object.keys(kraken.streams[account] ?? {}).sort()).toEqual([...STREAM_KINDS].sort());
    }
    expect(kraken.streams.option).toBeUndefined();
  });

  test("spot: trades, book, klines and ticker on the socket; the rest wire-absent with a reason", () => {
    const spot = kraken.streams.spot!;
    for (const kind of ["trade", "book", "kline", "ticker"] as const)
      expect(spot[kind]).toMatchObject({ status: "supported", via: "ws" });
    for (const kind of ["agg_trade", "mark_price", "funding_rate", "open_interest", "liquidation"] as const) {
      expect(spot[kind]?.status).toBe("wire-absent");
      expect((spot[kind] as { reason: string }).reason.length).toBeGreaterThan(10);
    }
  });

  test("futures: everything on the socket but aggregate trades and candles", () => {
    for (const account of ["linear", "inverse"] as const) {
      const table = kraken.streams[account]!;
      for (const kind of [
        "trade",
        "book",
        "ticker",
        "mark_price",
        "funding_rate",
        "open_interest",
        "liquidation",
      ] as const)
        expect(table[kind]).toMatchObject({ status: "supported", via: "ws" });
      expect(table.agg_trade?.status).toBe("wire-absent");
      expect(table.kline).toMatchObject({ status: "wire-absent" });
      expect((table.kline as { alternative?: string }).alternative).toContain("dig3 klines");
    }
  });

  test("kline intervals: spot ohlc minutes with canonical names, futures chart resolutions", () => {
    expect(KRAKEN_KLINE_INTERVALS.spot).toEqual(["1m", "5m", "15m", "30m", "1h", "4h", "1d", "1w"]);
    expect(KRAKEN_KLINE_INTERVALS.linear).toEqual(["1m", "5m", "15m", "30m", "1h", "4h", "12h", "1d", "1w"]);
    expect(kraken.klineIntervals).toEqual(KRAKEN_KLINE_INTERVALS);
  });
});

describe("socket", () => {
  test("URLs: spot v2, one futures v1 endpoint for both families", () => {
    const live = { testnet: false };
    expect(kraken.ws.url("spot", live)).toBe("wss://ws.kraken.com/v2");
    expect(kraken.ws.url("linear", live)).toBe("wss://futures.kraken.com/ws/v1");
    expect(kraken.ws.url("inverse", live)).toBe("wss://futures.kraken.com/ws/v1");
    expect(kraken.ws.url("inverse", { testnet: true })).toBe("wss://demo-futures.kraken.com/ws/v1");
    expect(kraken.ws.url("spot", { testnet: true })).toBe("wss://ws.kraken.com/v2");
  });

  test("keep-alive and limits", () => {
    expect(kraken.ws.ping).toEqual({ everyMs: 30_000, frame: "native" });
    // Futures drop a socket without a ping for 60 s.
    expect(kraken.ws.ping.everyMs).toBeLessThan(60_000);
    expect(kraken.ws.silenceMs).toBeGreaterThan(kraken.ws.ping.everyMs * 2);
    expect(kraken.ws.maxStreamsPerSocket).toBe(100);
    expect(kraken.ws.maxSendPerSecond).toBe(10);
  });

  test("spot subscribe: one v2 frame per channel and parameter set", () => {
    const specs = [
      specOf("trade", "spot", "BTC/USD"),
      specOf("trade", "spot", "ETH/USD"),
      specOf("book", "spot", "BTC/USD"),
      specOf("ticker", "spot", "BTC/USD"),
      specOf("kline", "spot", "BTC/USD", "1m"),
      specOf("kline", "spot", "BTC/USD", "1h"),
      specOf("mark_price", "spot", "BTC/USD"),
    ];
    expect(kraken.ws.subscribe(specs, 7).map((frame) => JSON.parse(frame))).toEqual([
      {
        method: "subscribe",
        params: { channel: "trade", symbol: ["BTC/USD", "ETH/USD"], snapshot: true },
        req_id: 7,
      },
      {
        method: "subscribe",
        params: { channel: "book", symbol: ["BTC/USD"], depth: 1000, snapshot: true },
        req_id: 7,
      },
      { method: "subscribe", params: { channel: "ticker", symbol: ["BTC/USD"], snapshot: true }, req_id: 7 },
      {
        method: "subscribe",
        params: { channel: "ohlc", symbol: ["BTC/USD"], interval: 1, snapshot: true },
        req_id: 7,
      },
      {
        method: "subscribe",
        params: { channel: "ohlc", symbol: ["BTC/USD"], interval: 60, snapshot: true },
        req_id: 7,
      },
    ]);
    expect(kraken.ws.unsubscribe([specOf("book", "spot", "BTC/USD")], 8)).toEqual([
      '{"method":"unsubscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":1000},"req_id":8}',
    ]);
  });

  test("futures subscribe: one v1 frame per feed; kinds on one feed subscribe it once", () => {
    const specs = [
      specOf("trade", "linear", "PF_XBTUSD"),
      specOf("liquidation", "linear", "PF_XBTUSD"),
      specOf("book", "linear", "PF_XBTUSD"),
      specOf("ticker", "linear", "PF_XBTUSD"),
      specOf("funding_rate", "linear", "PF_ETHUSD"),
      specOf("kline", "linear", "PF_XBTUSD", "1m"),
    ];
    expect(kraken.ws.subscribe(specs, 3)).toEqual([
      '{"event":"subscribe","feed":"trade","product_ids":["PF_XBTUSD"]}',
      '{"event":"subscribe","feed":"book","product_ids":["PF_XBTUSD"]}',
      '{"event":"subscribe","feed":"ticker","product_ids":["PF_XBTUSD","PF_ETHUSD"]}',
    ]);
    expect(kraken.ws.unsubscribe([specOf("mark_price", "inverse", "PI_XBTUSD")], 4)).toEqual([
      '{"event":"unsubscribe","feed":"ticker","product_ids":["PI_XBTUSD"]}',
    ]);
    expect(kraken.ws.subscribe([], 1)).toEqual([]);
  });

  test("channels: ticker-feed kinds share one, trade and liquidation share one, spot kinds do not", () => {
    const channelOf = kraken.ws.channelOf!;
    const tickerFeed = ["ticker", "mark_price", "funding_rate", "open_interest"] as const;
    expect(new Set(tickerFeed.map((kind) => channelOf(specOf(kind, "linear", "PF_XBTUSD")))).size).toBe(1);
    expect(channelOf(specOf("trade", "inverse", "PI_XBTUSD"))).toBe(
      channelOf(specOf("liquidation", "inverse", "PI_XBTUSD")),
    );
    expect(channelOf(specOf("trade", "spot", "BTC/USD"))).not.toBe(
      channelOf(specOf("ticker", "spot", "BTC/USD")),
    );
    expect(channelOf(specOf("kline", "spot", "BTC/USD", "1m"))).not.toBe(
      channelOf(specOf("kline", "spot", "BTC/USD", "5m")),
    );
    expect(channelOf({ ...specOf("book", "spot", "BTC/USD"), depth: 10 })).toBe(
      channelOf({ ...specOf("book", "spot", "BTC/USD"), depth: 25 }),
    );
  });

  test("many symbols split into frames of at most 50", () => {
    const specs = Array.from({ length: 120 }, (_, i) => specOf("trade", "spot", `C${i}/USD`));
    const frames = kraken.ws
      .subscribe(specs, 1)
      .map((frame) => JSON.parse(frame) as { params: { symbol: string[] } });
    expect(frames.map((frame) => frame.params.symbol.length)).toEqual([50, 50, 20]);
  });
});

describe("book rules", () => {
  test("spot: the stream's snapshot, no sequence, CRC32 of the top 10, cut to the subscribed depth", () => {
    expect(bookRulesOf(kraken, "spot")).toBe(KRAKEN_SPOT_BOOK);
    expect(KRAKEN_SPOT_BOOK).toEqual({
      snapshotFrom: "stream",
      chain: "none",
      bridge: "any",
      checksumOf: checksumOfKrakenBook,
      maxDepth: 1000,
    });
  });

  test("futures: the stream's snapshot, seq + 1 per product from the snapshot on", () => {
    for (const account of ["linear", "inverse"] as const) {
      expect(bookRulesOf(kraken, account)).toEqual({
        snapshotFrom: "stream",
        chain: "seq-increments",
        bridge: "chain",
      });
    }
    expect(bookRulesOf(kraken, "linear")).toBe(KRAKEN_FUTURES_BOOK);
  });
});

describe("registry", () => {
  test("findExchange finds kraken by id, any case", () => {
    expect(findExchange("kraken")).toBe(kraken);
    expect(findExchange(" Kraken ")).toBe(kraken);
    expect(kraken.docs).toContain("docs.kraken.com");
  });
});
