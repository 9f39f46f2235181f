// MEXC wiring: the streams table per account, socket URLs and keep-alive per account, subscribe / unsubscribe
// frames (spot channel names, futures sub.* with shared channels), book rules, and the registry entry.

import { describe, expect, test } from "bun:test";
import { type Account, STREAM_KINDS, type StreamSpec } from "../../core/index.ts";
import { bookRulesOf } from "../_shared/adapter.ts";
import { findExchange } from "../index.ts";
import { MEXC_FUTURES_BOOK, MEXC_SPOT_BOOK, mexc } from "./index.ts";
import { canonicalOfMexcNative } from "./symbols.ts";

function specOf(kind: StreamSpec["kind"], account: Account, native: string, interval?: string): StreamSpec {
  const spec: StreamSpec = {
    kind,
    account,
    symbol: canonicalOfMexcNative(native, account) ?? native,
    native,
  };
  if (interval) spec.interval = interval;
  return spec;
}

describe("streams table", () => {
  test("spot, linear and inverse list every stream kind; no option account", () => {
    for (const account of ["spot", "linear", "inverse"] as const)
      expect(Object.keys(mexc.streams[account] ?? {}).sort()).toEqual([...STREAM_KINDS].sort());
    expect(mexc.streams.option).toBeUndefined();
  });

  test("spot: trades, book, klines, ticker on the socket; the rest wire-absent with a reason", () => {
    const spot = mexc.streams.spot!;
    for (const kind of ["trade", "book", "kline", "ticker"] as const)
      expect(spot[kind]).toMatchObject({ status: "supported", via: "ws" });
    for (const kind of ["agg_trade", "mark_price", "funding_rate", "open_interest", "liquidation"] as const)
      expect(spot[kind]).toMatchObject({ status: "wire-absent" });
  });

  test("futures: everything but aggregate trades and liquidations on the socket", () => {
    for (const account of ["linear", "inverse"] as const) {
      const table = mexc.streams[account]!;
      for (const kind of [
        "trade",
        "book",
        "kline",
        "ticker",
        "mark_price",
        "funding_rate",
        "open_interest",
      ] as const)
        expect(table[kind]).toMatchObject({ status: "supported", via: "ws" });
      expect(table.agg_trade?.status).toBe("wire-absent");
      expect(table.liquidation?.status).toBe("wire-absent");
    }
  });

  test("kline intervals: Min1…Month1 as canonical names", () => {
    expect(mexc.klineIntervals.spot).toEqual(["1m", "5m", "15m", "30m", "1h", "4h", "8h", "1d", "1w", "1M"]);
    expect(mexc.klineIntervals.linear).toEqual(mexc.klineIntervals.spot);
  });
});

describe("socket", () => {
  test("URLs: the protobuf spot endpoint and the futures /edge", () => {
    expect(mexc.ws.url("spot", { testnet: false })).toBe("wss://wbs-api.mexc.com/ws");
    expect(mexc.ws.url("linear", { testnet: false })).toBe("wss://contract.mexc.com/edge");
    expect(mexc.ws.url("inverse", { testnet: false })).toBe("wss://contract.mexc.com/edge");
  });

  test("keep-alive: spot PING, futures ping, both well inside the one-minute idle cut", () => {
    expect(mexc.ws.pingOf!("spot")).toEqual({ everyMs: 20_000, frame: '{"method":"PING"}' });
    expect(mexc.ws.pingOf!("linear")).toEqual({ everyMs: 15_000, frame: '{"method":"ping"}' });
    expect(mexc.ws.ping).toEqual(mexc.ws.pingOf!("spot"));
    expect(mexc.ws.silenceMs).toBeGreaterThanOrEqual(3 * mexc.ws.pingOf!("spot").everyMs);
    // 30 subscriptions per connection; a spot ticker takes two.
    expect(mexc.ws.maxStreamsPerSocket * 2).toBeLessThanOrEqual(30);
    expect(typeof mexc.ws.decodeBinary).toBe("function");
  });

  test("spot frames: one SUBSCRIPTION naming every channel; a ticker rides on two", () => {
    const specs = [
      specOf("trade", "spot", "BTCUSDT"),
      specOf("book", "spot", "BTCUSDT"),
      specOf("kline", "spot", "BTCUSDT", "1h"),
      specOf("ticker", "spot", "ETHUSDT"),
      specOf("mark_price", "spot", "BTCUSDT"),
    ];
    expect(mexc.ws.subscribe(specs, 7).map((f) => JSON.parse(f))).toEqual([
      {
        method: "SUBSCRIPTION",
        params: [
          "spot@public.aggre.deals.v3.api.pb@100ms@BTCUSDT",
          "spot@public.aggre.depth.v3.api.pb@100ms@BTCUSDT",
          "spot@public.kline.v3.api.pb@BTCUSDT@Min60",
          "spot@public.miniTicker.v3.api.pb@ETHUSDT@24H",
          "spot@public.aggre.bookTicker.v3.api.pb@100ms@ETHUSDT",
        ],
      },
    ]);
    expect(mexc.ws.unsubscribe([specs[0]!], 8)).toEqual([
      '{"method":"UNSUBSCRIPTION","params":["spot@public.aggre.deals.v3.api.pb@100ms@BTCUSDT"]}',
    ]);
    expect(mexc.ws.subscribe([specOf("kline", "spot", "BTCUSDT", "3m")], 9)).toEqual([]);
  });

  test("futures frames: sub.* with gzip off; ticker, mark price and open interest share sub.ticker", () => {
    const specs = [
      specOf("trade", "linear", "BTC_USDT"),
      specOf("book", "linear", "BTC_USDT"),
      specOf("kline", "linear", "BTC_USDT", "1m"),
      specOf("ticker", "linear", "BTC_USDT"),
      specOf("mark_price", "linear", "BTC_USDT"),
      specOf("open_interest", "linear", "BTC_USDT"),
      specOf("funding_rate", "linear", "BTC_USDT"),
      specOf("liquidation", "linear", "BTC_USDT"),
    ];
    expect(mexc.ws.subscribe(specs, 1)).toEqual([
      '{"method":"sub.deal","param":{"symbol":"BTC_USDT"},"gzip":false}',
      '{"method":"sub.depth","param":{"symbol":"BTC_USDT"},"gzip":false}',
      '{"method":"sub.kline","param":{"symbol":"BTC_USDT","interval":"Min1"},"gzip":false}',
      '{"method":"sub.ticker","param":{"symbol":"BTC_USDT"},"gzip":false}',
      '{"method":"sub.funding.rate","param":{"symbol":"BTC_USDT"},"gzip":false}',
    ]);
    expect(mexc.ws.unsubscribe([specs[2]!, specs[6]!], 2)).toEqual([
      '{"method":"unsub.kline","param":{"symbol":"BTC_USDT"}}',
      '{"method":"unsub.funding.rate","param":{"symbol":"BTC_USDT"}}',
    ]);
    const channel = mexc.ws.channelOf!;
    expect(channel(specs[3]!)).toBe(channel(specs[4]!));
    expect(channel(specs[3]!)).toBe(channel(specs[5]!));
    expect(channel(specs[3]!)).not.toBe(channel(specs[6]!));
    expect(channel(specOf("ticker", "inverse", "BTC_USD"))).toBe("inverse|ticker|BTC_USD");
  });
});

describe("book rules", () => {
  test("REST snapshot bridged by version, chained first = previous + 1; no checksum", () => {
    expect(bookRulesOf(mexc, "spot")).toBe(MEXC_SPOT_BOOK);
    expect(bookRulesOf(mexc, "linear")).toBe(MEXC_FUTURES_BOOK);
    expect(MEXC_SPOT_BOOK).toEqual({
      snapshotFrom: "rest",
      restDepth: 5000,
      chain: "first-follows-last",
      bridge: "first-le-next",
    });
    expect(MEXC_FUTURES_BOOK).toMatchObject({
      snapshotFrom: "rest",
      restDepth: 1000,
      chain: "first-follows-last",
    });
    expect(MEXC_FUTURES_BOOK.checksumOf).toBeUndefined();
  });
});

test("registered as `mexc`", () => {
  expect(findExchange("MEXC")).toBe(mexc);
});
