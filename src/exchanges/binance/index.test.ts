// Binance wiring: the streams table per account, socket URLs and routes, subscribe frames, book rules, registry.

import { describe, expect, test } from "bun:test";
import { type Account, Dig3Error, STREAM_KINDS, type StreamSpec } from "../../core/index.ts";
import { bookRulesOf } from "../_shared/adapter.ts";
import { findExchange } from "../index.ts";
import { BINANCE_KLINE_INTERVALS, binance, binanceWsUrl } from "./index.ts";
import { canonicalOfNative } from "./symbols.ts";

function specOf(kind: StreamSpec["kind"], account: Account, native: string, interval?: string): StreamSpec {
  const spec: StreamSpec = { kind, account, symbol: canonicalOfNative(native, account) ?? native, native };
  if (interval) spec.interval = interval;
  return spec;
}

describe("streams table", () => {
  test("every account lists every stream kind", () => {
    for (const account of ["spot", "linear", "inverse"] as const) {
      expect(Object.keys(binance.streams[account] ?? {}).sort()).toEqual([...STREAM_KINDS].sort());
    }
    expect(binance.streams.option).toBeUndefined();
  });

  test("spot: five socket streams, derivatives-only kinds wire-absent with a reason", () => {
    const spot = binance.streams.spot!;
    for (const kind of ["trade", "agg_trade", "book", "kline", "ticker"] as const)
      expect(spot[kind]).toMatchObject({ status: "supported", via: "ws" });
    for (const kind of ["mark_price", "funding_rate", "open_interest", "liquidation"] as const) {
      expect(spot[kind]?.status).toBe("wire-absent");
      expect(spot[kind]).toHaveProperty("reason");
    }
  });

  test("futures: everything on the socket except open interest, polled over REST", () => {
    for (const [account, path] of [
      ["linear", "/fapi/v1/openInterest"],
      ["inverse", "/dapi/v1/openInterest"],
    ] as const) {
      const table = binance.streams[account]!;
      for (const kind of STREAM_KINDS) {
        if (kind === "open_interest") continue;
        expect(table[kind]).toMatchObject({ status: "supported", via: "ws" });
      }
      expect(table.open_interest).toMatchObject({
        status: "supported",
        via: "rest-poll",
        pollEveryMs: 10_000,
      });
      expect((table.open_interest as { note?: string }).note).toContain(path);
    }
  });

  test("kline intervals: spot has 1s, futures do not", () => {
    expect(BINANCE_KLINE_INTERVALS.spot).toContain("1s");
    expect(BINANCE_KLINE_INTERVALS.linear).not.toContain("1s");
    expect(binance.klineIntervals).toEqual(BINANCE_KLINE_INTERVALS);
  });
});

describe("socket", () => {
  test("URLs: spot and COIN-M combined streams; USDⓈ-M routed by kind", () => {
    const live = { testnet: false };
    expect(binance.ws.url("spot", live)).toBe("wss://stream.binance.com:9443/stream");
    expect(binance.ws.url("inverse", live)).toBe("wss://dstream.binance.com/stream");
    expect(binanceWsUrl("linear", live, "book")).toBe("wss://fstream.binance.com/public/stream");
    expect(binanceWsUrl("linear", live, "trade")).toBe("wss://fstream.binance.com/public/stream");
    for (const kind of [
      "agg_trade",
      "kline",
      "ticker",
      "mark_price",
      "funding_rate",
      "liquidation",
    ] as const) {
      expect(binanceWsUrl("linear", live, kind)).toBe("wss://fstream.binance.com/market/stream");
    }
    expect(binance.ws.url("linear", live)).toBe("wss://fstream.binance.com/market/stream");
    expect(binance.ws.url("spot", { testnet: true })).toBe("wss://stream.testnet.binance.vision/stream");
    expect(binanceWsUrl("linear", { testnet: true }, "book")).toBe(
      "wss://fstream.binancefuture.com/public/stream",
    );
    expect(binance.ws.url("inverse", { testnet: true })).toBe("wss://dstream.binancefuture.com/stream");
  });

  test("keep-alive and limits", () => {
    expect(binance.ws.ping).toEqual({ everyMs: 30_000, frame: "native" });
    expect(binance.ws.silenceMs).toBeGreaterThan(binance.ws.ping.everyMs * 2);
    expect(binance.ws.maxStreamsPerSocket).toBe(200);
    expect(binance.ws.maxSendPerSecond).toBe(4);
    expect(binance.ws.maxStreamsPerFrame).toBe(200);
  });

  test("subscribe: lowercase stream names, one per wire channel", () => {
    const specs = [
      specOf("trade", "linear", "BTCUSDT"),
      specOf("agg_trade", "linear", "BTCUSDT"),
      specOf("book", "linear", "BTCUSDT"),
      specOf("kline", "linear", "BTCUSDT", "5m"),
      specOf("ticker", "linear", "BTCUSDT"),
      specOf("mark_price", "linear", "BTCUSDT"),
      specOf("funding_rate", "linear", "BTCUSDT"),
      specOf("liquidation", "linear", "BTCUSDT"),
      specOf("open_interest", "linear", "BTCUSDT"),
    ];
    expect(binance.ws.subscribe(specs, 7)).toEqual([
      JSON.stringify({
        method: "SUBSCRIBE",
        params: [
          "btcusdt@trade",
          "btcusdt@aggTrade",
          "btcusdt@depth@100ms",
          "btcusdt@kline_5m",
          "btcusdt@ticker",
          "btcusdt@markPrice@1s",
          "btcusdt@forceOrder",
        ],
        id: 7,
      }),
    ]);
    expect(binance.ws.unsubscribe([specOf("book", "inverse", "BTCUSD_PERP")], 8)).toEqual([
      '{"method":"UNSUBSCRIBE","params":["btcusd_perp@depth@100ms"],"id":8}',
    ]);
  });

  test("mark price and funding share one channel; spot derivatives-only kinds send nothing", () => {
    const channelOf = binance.ws.channelOf!;
    expect(channelOf(specOf("mark_price", "linear", "BTCUSDT"))).toBe(
      channelOf(specOf("funding_rate", "linear", "BTCUSDT")),
    );
    expect(channelOf(specOf("mark_price", "linear", "BTCUSDT"))).not.toBe(
      channelOf(specOf("mark_price", "inverse", "BTCUSD_PERP")),
    );
    expect(channelOf(specOf("kline", "spot", "BTCUSDT", "1m"))).not.toBe(
      channelOf(specOf("kline", "spot", "BTCUSDT", "1h")),
    );
    expect(
      binance.ws.subscribe(
        [specOf("mark_price", "spot", "BTCUSDT"), specOf("liquidation", "spot", "BTCUSDT")],
        1,
      ),
    ).toEqual([]);
  });

  test("batches of more than maxStreamsPerFrame streams split into several frames", () => {
    const specs = Array.from({ length: 450 }, (_, i) => specOf("trade", "spot", `C${i}USDT`));
    const frames = binance.ws
      .subscribe(specs, 3)
      .map((frame) => JSON.parse(frame) as { params: string[]; id: number });
    expect(frames.map((frame) => frame.params.length)).toEqual([200, 200, 50]);
    expect(frames.every((frame) => frame.id === 3)).toBe(true);
    expect(new Set(frames.flatMap((frame) => frame.params)).size).toBe(450);
  });
});

describe("book rules", () => {
  test("spot bridges U <= S+1 <= u and chains U = previous u + 1", () => {
    expect(bookRulesOf(binance, "spot")).toEqual({
      snapshotFrom: "rest",
      restDepth: 5000,
      chain: "first-follows-last",
      bridge: "first-le-next",
    });
  });

  test("futures bridge U <= S <= u and chain pu = previous u", () => {
    for (const account of ["linear", "inverse"] as const) {
      expect(bookRulesOf(binance, account)).toEqual({
        snapshotFrom: "rest",
        restDepth: 1000,
        chain: "prev-equals-last",
        bridge: "first-le-snapshot",
      });
    }
  });
});

describe("registry", () => {
  test("findExchange finds binance by id, any case", () => {
    expect(findExchange("binance")).toBe(binance);
    expect(findExchange(" Binance ")).toBe(binance);
  });

  test("an unknown id throws E_UNKNOWN_EXCHANGE with the known ids", () => {
    let error: unknown;
    try {
      findExchange("binanse");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(Dig3Error);
    expect((error as Dig3Error).code).toBe("E_UNKNOWN_EXCHANGE");
    expect((error as Dig3Error).hint).toContain("binance");
  });
});
