// Bitget wiring: the streams table per account, the v3 public socket, subscribe frames and shared channels (ticker,
// liquidations), keep-alive and limits, book rules, registry.

import { describe, expect, test } from "bun:test";
import { type Account, STREAM_KINDS, type StreamSpec } from "../../core/index.ts";
import { bookRulesOf } from "../_shared/adapter.ts";
import { findExchange } from "../index.ts";
import { BITGET_BOOK, bitget, bitgetBookChecksum, bitgetWsUrl } from "./index.ts";

function specOf(kind: StreamSpec["kind"], account: Account, native: string, interval?: string): StreamSpec {
  const spec: StreamSpec = { kind, account, symbol: native, native };
  if (interval) spec.interval = interval;
  return spec;
}

const parseFrames = (frames: string[]) => frames.map((frame) => JSON.parse(frame));

describe("streams table", () => {
  test("spot, linear and inverse, each listing every stream kind", () => {
    expect(Object.keys(bitget.streams).sort()).toEqual(["inverse", "linear", "spot"]);
    for (const account of ["spot", "linear", "inverse"] as const) {
      expect(Object.keys(bitget.streams[account] ?? {}).sort()).toEqual([...STREAM_KINDS].sort());
    }
  });

  test("spot: trades, book, klines, ticker on the socket; aggregated trades and derivative kinds absent", () => {
    const spot = bitget.streams.spot!;
    for (const kind of ["trade", "book", "kline", "ticker"] as const)
      expect(spot[kind]).toMatchObject({ status: "supported", via: "ws" });
    for (const kind of ["agg_trade", "mark_price", "funding_rate", "open_interest", "liquidation"] as const) {
      expect(spot[kind]?.status).toBe("wire-absent");
      expect(spot[kind]).toHaveProperty("alternative");
    }
  });

  test("futures: every kind but aggregated trades on the socket", () => {
    for (const account of ["linear", "inverse"] as const) {
      const table = bitget.streams[account]!;
      for (const kind of STREAM_KINDS) {
        if (kind === "agg_trade") expect(table[kind]?.status).toBe("wire-absent");
        else expect(table[kind]).toMatchObject({ status: "supported", via: "ws" });
      }
    }
  });

  test("kline intervals: 1m … 1d as the v3 socket serves them", () => {
    expect(bitget.klineIntervals.spot).toEqual([
      "1m",
      "3m",
      "5m",
      "15m",
      "30m",
      "1h",
      "4h",
      "6h",
      "12h",
      "1d",
    ]);
    expect(bitget.klineIntervals.linear).toEqual(bitget.klineIntervals.inverse);
  });
});

describe("socket", () => {
  test("one UTA public socket for every account; demo on wspap", () => {
    for (const account of ["spot", "linear", "inverse"] as const)
      expect(bitget.ws.url(account, { testnet: false })).toBe("wss://ws.bitget.com/v3/ws/public");
    expect(bitgetWsUrl("spot", { testnet: true })).toBe("wss://wspap.bitget.com/v3/ws/public");
  });

  test("keep-alive: text ping every 25 s (inside the 30 s timer), limits", () => {
    expect(bitget.ws.ping).toEqual({ everyMs: 25_000, frame: "ping" });
    expect(bitget.ws.silenceMs).toBeGreaterThan(bitget.ws.ping.everyMs * 2);
    expect(bitget.ws.maxStreamsPerSocket).toBe(50);
    expect(bitget.ws.maxSendPerSecond).toBeLessThan(10);
    expect(bitget.ws.maxStreamsPerFrame).toBe(20);
  });

  test("subscribe: one frame of v3 args; ticker-borne kinds and liquidations share their arg", () => {
    const specs = [
      specOf("trade", "linear", "BTCUSDT"),
      specOf("book", "linear", "BTCUSDT"),
      specOf("kline", "linear", "BTCUSDT", "4h"),
      specOf("ticker", "linear", "BTCUSDT"),
      specOf("mark_price", "linear", "BTCUSDT"),
      specOf("funding_rate", "linear", "BTCUSDT"),
      specOf("open_interest", "linear", "BTCUSDT"),
      specOf("liquidation", "linear", "BTCUSDT"),
      specOf("liquidation", "linear", "ETHUSDT"),
      specOf("liquidation", "linear", "BTCPERP"),
    ];
    expect(parseFrames(bitget.ws.subscribe(specs, 7))).toEqual([
      {
        op: "subscribe",
        args: [
          { instType: "usdt-futures", topic: "publicTrade", symbol: "BTCUSDT" },
          { instType: "usdt-futures", topic: "books", symbol: "BTCUSDT" },
          { instType: "usdt-futures", topic: "kline", symbol: "BTCUSDT", interval: "4H" },
          { instType: "usdt-futures", topic: "ticker", symbol: "BTCUSDT" },
          { instType: "usdt-futures", topic: "liquidation" },
          { instType: "usdc-futures", topic: "liquidation" },
        ],
      },
    ]);
    expect(bitget.ws.unsubscribe([specOf("kline", "spot", "BTCUSDT", "1d")], 8)).toEqual([
      '{"op":"unsubscribe","args":[{"instType":"spot","topic":"kline","symbol":"BTCUSDT","interval":"1D"}]}',
    ]);
    expect(parseFrames(bitget.ws.subscribe([specOf("book", "inverse", "BTCUSD")], 9))[0].args).toEqual([
      { instType: "coin-futures", topic: "books", symbol: "BTCUSD" },
    ]);
  });

  test("channel ids: shared ticker and liquidation channels; spot derivative kinds and agg trades send nothing", () => {
    const channelOf = bitget.ws.channelOf!;
    expect(channelOf(specOf("mark_price", "linear", "BTCUSDT"))).toBe(
      channelOf(specOf("ticker", "linear", "BTCUSDT")),
    );
    expect(channelOf(specOf("liquidation", "linear", "BTCUSDT"))).toBe(
      channelOf(specOf("liquidation", "linear", "ETHUSDT")),
    );
    expect(channelOf(specOf("liquidation", "linear", "BTCUSDT"))).not.toBe(
      channelOf(specOf("liquidation", "linear", "BTCPERP")),
    );
    expect(channelOf(specOf("kline", "spot", "BTCUSDT", "1m"))).not.toBe(
      channelOf(specOf("kline", "spot", "BTCUSDT", "1h")),
    );
    expect(
      bitget.ws.subscribe(
        [
          specOf("funding_rate", "spot", "BTCUSDT"),
          specOf("liquidation", "spot", "BTCUSDT"),
          specOf("agg_trade", "linear", "BTCUSDT"),
        ],
        1,
      ),
    ).toEqual([]);
  });

  test("more than 20 args are split over frames", () => {
    const specs = Array.from({ length: 45 }, (_, i) => specOf("ticker", "spot", `C${i}USDT`));
    expect(parseFrames(bitget.ws.subscribe(specs, 3)).map((frame) => frame.args.length)).toEqual([20, 20, 5]);
  });
});

describe("book rules", () => {
  test("stream snapshots, pseq chain, CRC32 checksum on every update", () => {
    for (const account of ["spot", "linear", "inverse"] as const)
      expect(bookRulesOf(bitget, account)).toBe(BITGET_BOOK);
    expect(BITGET_BOOK).toEqual({
      snapshotFrom: "stream",
      chain: "prev-equals-last",
      bridge: "chain",
      checksumOf: bitgetBookChecksum,
    });
  });
});

describe("registry", () => {
  test("findExchange finds bitget", () => {
    expect(findExchange("bitget")).toBe(bitget);
    expect(findExchange(" Bitget ")).toBe(bitget);
  });
});
