// Coinbase wiring: the streams table per account, the socket URL and keep-alive, subscribe frames (one channel per
// message, heartbeats with every batch), channel ids, book rules, registry.

import { describe, expect, test } from "bun:test";
import { type Account, STREAM_KINDS, type StreamSpec } from "../../core/index.ts";
import { bookRulesOf } from "../_shared/adapter.ts";
import { findExchange } from "../index.ts";
import { COINBASE_KLINE_INTERVALS, coinbase } from "./index.ts";
import { HEARTBEATS_FRAME } from "./subscribe.ts";
import { canonicalOfNative } from "./symbols.ts";

function specOf(kind: StreamSpec["kind"], account: Account, native: string, interval?: string): StreamSpec {
  const spec: StreamSpec = { kind, account, symbol: canonicalOfNative(native, account) ?? native, native };
  if (interval) spec.interval = interval;
  return spec;
}

describe("streams table", () => {
  test("spot and linear list every stream kind; no inverse or option market", () => {
    for (const account of ["spot", "linear"] as const) {
      expect(Object.keys(coinbase.streams[account] ?? {}).sort()).toEqual([...STREAM_KINDS].sort());
    }
    expect(coinbase.streams.inverse).toBeUndefined();
    expect(coinbase.streams.option).toBeUndefined();
  });

  test("socket streams: trades, book, 5m candles, ticker on both accounts; no aggregated trades", () => {
    for (const account of ["spot", "linear"] as const) {
      const table = coinbase.streams[account]!;
      for (const kind of ["trade", "book", "kline", "ticker"] as const)
        expect(table[kind]).toMatchObject({ status: "supported", via: "ws" });
      expect(table.agg_trade?.status).toBe("wire-absent");
      expect(table.liquidation?.status).toBe("wire-absent");
    }
    expect(COINBASE_KLINE_INTERVALS).toEqual({ spot: ["5m"], linear: ["5m"] });
    expect(coinbase.klineIntervals).toBe(COINBASE_KLINE_INTERVALS);
  });

  test("derivatives kinds: spot wire-absent; US futures poll open interest and funding, no mark price", () => {
    const spot = coinbase.streams.spot!;
    for (const kind of ["mark_price", "funding_rate", "open_interest"] as const) {
      expect(spot[kind]?.status).toBe("wire-absent");
      expect(spot[kind]).toHaveProperty("reason");
    }
    const linear = coinbase.streams.linear!;
    expect(linear.open_interest).toMatchObject({
      status: "supported",
      via: "rest-poll",
      pollEveryMs: 15_000,
    });
    expect(linear.funding_rate).toMatchObject({ status: "supported", via: "rest-poll" });
    expect(linear.mark_price?.status).toBe("wire-absent");
  });
});

describe("socket", () => {
  test("one public URL for both accounts (testnet too: there is no market-data sandbox)", () => {
    for (const account of ["spot", "linear"] as const) {
      for (const testnet of [false, true])
        expect(coinbase.ws.url(account, { testnet })).toBe("wss://advanced-trade-ws.coinbase.com");
    }
    expect(() => coinbase.ws.url("inverse", { testnet: false })).toThrow();
  });

  test("keep-alive and limits", () => {
    expect(coinbase.ws.ping).toEqual({ everyMs: 20_000, frame: "native" });
    // Heartbeats arrive every second: the watchdog allows many of them to go missing first.
    expect(coinbase.ws.silenceMs).toBe(15_000);
    expect(coinbase.ws.maxStreamsPerSocket).toBe(100);
    expect(coinbase.ws.maxSendPerSecond).toBe(4);
  });

  test("subscribe: heartbeats first, then one frame per channel with its products", () => {
    const specs = [
      specOf("trade", "spot", "BTC-USD"),
      specOf("book", "spot", "BTC-USD"),
      specOf("book", "spot", "ETH-USD"),
      specOf("kline", "spot", "BTC-USD", "5m"),
      specOf("ticker", "spot", "BTC-USD"),
      specOf("agg_trade", "spot", "BTC-USD"),
    ];
    expect(coinbase.ws.subscribe(specs, 1)).toEqual([
      '{"type":"subscribe","channel":"heartbeats"}',
      '{"type":"subscribe","product_ids":["BTC-USD"],"channel":"market_trades"}',
      '{"type":"subscribe","product_ids":["BTC-USD","ETH-USD"],"channel":"level2"}',
      '{"type":"subscribe","product_ids":["BTC-USD"],"channel":"candles"}',
      '{"type":"subscribe","product_ids":["BTC-USD"],"channel":"ticker"}',
    ]);
    expect(HEARTBEATS_FRAME).toBe('{"type":"subscribe","channel":"heartbeats"}');
  });

  test("unsubscribe leaves heartbeats; nothing to send, nothing sent", () => {
    expect(coinbase.ws.unsubscribe([specOf("book", "linear", "BIT-24APR26-CDE")], 2)).toEqual([
      '{"type":"unsubscribe","product_ids":["BIT-24APR26-CDE"],"channel":"level2"}',
    ]);
    expect(coinbase.ws.subscribe([specOf("open_interest", "linear", "BIT-24APR26-CDE")], 3)).toEqual([]);
    expect(coinbase.ws.subscribe([], 4)).toEqual([]);
  });

  test("more than 100 products of a channel split into several frames", () => {
    const specs = Array.from({ length: 250 }, (_, i) => specOf("trade", "spot", `C${i}-USD`));
    const frames = coinbase.ws
      .subscribe(specs, 5)
      .map((frame) => JSON.parse(frame) as { product_ids?: string[] });
    expect(frames.map((frame) => frame.product_ids?.length ?? 0)).toEqual([0, 100, 100, 50]);
  });

  test("channel ids: one per (account, channel, product); candle intervals do not split", () => {
    const channelOf = coinbase.ws.channelOf!;
    expect(channelOf(specOf("book", "spot", "BTC-USD"))).toBe("spot|level2|BTC-USD");
    expect(channelOf(specOf("kline", "spot", "BTC-USD", "5m"))).toBe(
      channelOf(specOf("kline", "spot", "btc-usd")),
    );
    expect(channelOf(specOf("book", "spot", "BTC-USD"))).not.toBe(
      channelOf(specOf("trade", "spot", "BTC-USD")),
    );
  });
});

describe("book rules", () => {
  test("snapshot from the stream; updates chain prevSeq = previous seq (lent from the connection's sequence_num)", () => {
    for (const account of ["spot", "linear"] as const) {
      expect(bookRulesOf(coinbase, account)).toEqual({
        snapshotFrom: "stream",
        chain: "prev-equals-last",
        bridge: "chain",
      });
    }
    expect(bookRulesOf(coinbase, "spot").checksumOf).toBeUndefined();
  });
});

describe("registry", () => {
  test("findExchange finds coinbase", () => {
    expect(findExchange("coinbase")).toBe(coinbase);
    expect(findExchange(" Coinbase ")).toBe(coinbase);
    expect(coinbase.docs).toContain("docs.cdp.coinbase.com");
  });
});
