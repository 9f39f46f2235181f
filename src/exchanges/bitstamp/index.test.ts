// Bitstamp wiring: the streams table per account, the socket URL and keep-alive, subscribe frames and shared
// channels, the book rules, and the registry entry.

import { describe, expect, test } from "bun:test";
import { type Account, STREAM_KINDS, type StreamSpec } from "../../core/index.ts";
import { bookRulesOf } from "../_shared/adapter.ts";
import { findExchange } from "../index.ts";
import { BITSTAMP_KLINE_INTERVALS, bitstamp } from "./index.ts";
import { BITSTAMP_MAX_FRAME_BYTES } from "./subscribe.ts";
import { canonicalOfNative } from "./symbols.ts";

function specOf(kind: StreamSpec["kind"], account: Account, native: string): StreamSpec {
  return { kind, account, symbol: canonicalOfNative(native, account) ?? native, native };
}

describe("streams table", () => {
  test("spot and linear list every stream kind; no inverse or option market", () => {
    for (const account of ["spot", "linear"] as const) {
      expect(Object.keys(bitstamp.streams[account] ?? {}).sort()).toEqual([...STREAM_KINDS].sort());
    }
    expect(bitstamp.streams.inverse).toBeUndefined();
    expect(bitstamp.streams.option).toBeUndefined();
  });

  test("spot: trades and book on the socket, ticker polled, the rest wire-absent with a reason", () => {
    const spot = bitstamp.streams.spot!;
    expect(spot.trade).toMatchObject({ status: "supported", via: "ws" });
    expect(spot.book).toMatchObject({ status: "supported", via: "ws" });
    expect(spot.ticker).toMatchObject({ status: "supported", via: "rest-poll", pollEveryMs: 2_000 });
    for (const kind of [
      "agg_trade",
      "kline",
      "mark_price",
      "funding_rate",
      "open_interest",
      "liquidation",
    ] as const) {
      expect(spot[kind]?.status).toBe("wire-absent");
      expect(spot[kind]).toHaveProperty("reason");
    }
    expect(spot.kline).toMatchObject({ alternative: expect.stringContaining("/api/v2/ohlc") });
  });

  test("linear: mark and funding on the socket, open interest and ticker polled, no liquidations", () => {
    const linear = bitstamp.streams.linear!;
    for (const kind of ["trade", "book", "mark_price", "funding_rate"] as const)
      expect(linear[kind]).toMatchObject({ status: "supported", via: "ws" });
    expect(linear.open_interest).toMatchObject({ status: "supported", via: "rest-poll", pollEveryMs: 5_000 });
    expect(linear.ticker).toMatchObject({ status: "supported", via: "rest-poll" });
    for (const kind of ["agg_trade", "kline", "liquidation"] as const)
      expect(linear[kind]?.status).toBe("wire-absent");
  });

  test("kline intervals are the REST /ohlc steps (the socket has none)", () => {
    expect(BITSTAMP_KLINE_INTERVALS).toEqual([
      "1m",
      "3m",
      "5m",
      "15m",
      "30m",
      "1h",
      "2h",
      "4h",
      "6h",
      "12h",
      "1d",
      "3d",
    ]);
    expect(bitstamp.klineIntervals).toEqual({
      spot: BITSTAMP_KLINE_INTERVALS,
      linear: BITSTAMP_KLINE_INTERVALS,
    });
  });
});

describe("socket", () => {
  test("one URL for every market and account", () => {
    for (const account of ["spot", "linear"] as const) {
      for (const testnet of [false, true]) {
        expect(bitstamp.ws.url(account, { testnet })).toBe("wss://ws.bitstamp.net");
      }
    }
  });

  test("keep-alive: the bts:heartbeat text frame every 20 s, limits from the docs", () => {
    expect(bitstamp.ws.ping).toEqual({ everyMs: 20_000, frame: '{"event":"bts:heartbeat"}' });
    expect(bitstamp.ws.silenceMs).toBeGreaterThan(bitstamp.ws.ping.everyMs * 3);
    expect(bitstamp.ws.maxStreamsPerSocket).toBeLessThan(1025);
    expect(bitstamp.ws.maxStreamsPerFrame).toBe(1);
    expect(bitstamp.ws.maxSendPerSecond).toBe(20);
  });

  test("subscribe: one lower-case channel per frame; REST-polled and absent kinds send nothing", () => {
    const specs = [
      specOf("trade", "linear", "BTCUSD-PERP"),
      specOf("book", "linear", "btcusd-perp"),
      specOf("mark_price", "linear", "btcusd-perp"),
      specOf("funding_rate", "linear", "btcusd-perp"),
      specOf("open_interest", "linear", "btcusd-perp"),
      specOf("ticker", "linear", "btcusd-perp"),
      specOf("kline", "linear", "btcusd-perp"),
    ];
    const frames = bitstamp.ws.subscribe(specs, 7);
    expect(frames).toEqual([
      '{"event":"bts:subscribe","data":{"channel":"live_trades_btcusd-perp"}}',
      '{"event":"bts:subscribe","data":{"channel":"diff_order_book_btcusd-perp"}}',
      '{"event":"bts:subscribe","data":{"channel":"funding_rate_btcusd-perp"}}',
    ]);
    for (const frame of frames)
      expect(new TextEncoder().encode(frame).length).toBeLessThan(BITSTAMP_MAX_FRAME_BYTES);
    expect(bitstamp.ws.unsubscribe([specOf("book", "spot", "btcusd")], 8)).toEqual([
      '{"event":"bts:unsubscribe","data":{"channel":"diff_order_book_btcusd"}}',
    ]);
    expect(bitstamp.ws.subscribe([specOf("funding_rate", "spot", "btcusd")], 9)).toEqual([]);
  });

  test("mark price and funding share one channel; accounts and kinds otherwise apart", () => {
    const channelOf = bitstamp.ws.channelOf!;
    expect(channelOf(specOf("mark_price", "linear", "btcusd-perp"))).toBe(
      channelOf(specOf("funding_rate", "linear", "btcusd-perp")),
    );
    expect(channelOf(specOf("trade", "spot", "btcusd"))).not.toBe(
      channelOf(specOf("book", "spot", "btcusd")),
    );
    expect(channelOf(specOf("trade", "spot", "btcusd"))).not.toBe(
      channelOf(specOf("trade", "linear", "btcusd-perp")),
    );
  });
});

describe("book rules", () => {
  test("REST snapshot bridged by microtimestamp; derived chain; no checksum", () => {
    for (const account of ["spot", "linear"] as const) {
      expect(bookRulesOf(bitstamp, account)).toEqual({
        snapshotFrom: "rest",
        chain: "first-follows-last",
        bridge: "first-le-next",
      });
    }
  });
});

describe("registry", () => {
  test("findExchange finds bitstamp by id, any case", () => {
    expect(findExchange("bitstamp")).toBe(bitstamp);
    expect(findExchange(" BitStamp ")).toBe(bitstamp);
  });
});
