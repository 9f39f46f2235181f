// Gate.io wiring: the streams table per account, socket URLs, keep-alive and limits, subscribe / unsubscribe frames
// (list channels batched, book and candle channels one per stream), the shared futures.tickers channel, book rules
// and the registry entry.

import { describe, expect, test } from "bun:test";
import { type Account, STREAM_KINDS, type StreamSpec } from "../../core/index.ts";
import { bookRulesOf } from "../_shared/adapter.ts";
import { findExchange } from "../index.ts";
import { GATE_BOOK, gateio, gateWsUrl } from "./index.ts";
import { canonicalOfGateNative } from "./symbols.ts";

function specOf(kind: StreamSpec["kind"], account: Account, native: string, interval?: string): StreamSpec {
  const spec: StreamSpec = {
    kind,
    account,
    symbol: canonicalOfGateNative(native, account) ?? native,
    native,
  };
  if (interval) spec.interval = interval;
  return spec;
}

interface Request {
  time: number;
  id: number;
  channel: string;
  event: string;
  payload: string[];
}

const parseFrames = (frames: string[]) => frames.map((frame) => JSON.parse(frame) as Request);

describe("streams table", () => {
  test("three accounts, each listing every stream kind", () => {
    expect(Object.keys(gateio.streams).sort()).toEqual(["inverse", "linear", "spot"]);
    for (const account of ["spot", "linear", "inverse"] as const)
      expect(Object.keys(gateio.streams[account] ?? {}).sort()).toEqual([...STREAM_KINDS].sort());
  });

  test("spot: trades, book, klines, ticker on the socket; derivative kinds and agg trades absent with a reason", () => {
    const spot = gateio.streams.spot!;
    for (const kind of ["trade", "book", "kline", "ticker"] as const)
      expect(spot[kind]).toMatchObject({ status: "supported", via: "ws" });
    for (const kind of ["agg_trade", "mark_price", "funding_rate", "open_interest", "liquidation"] as const) {
      expect(spot[kind]?.status).toBe("wire-absent");
      expect(spot[kind]).toHaveProperty("alternative");
    }
  });

  test("futures: every kind but agg trades on the socket", () => {
    for (const account of ["linear", "inverse"] as const) {
      const table = gateio.streams[account]!;
      expect(table.agg_trade?.status).toBe("wire-absent");
      for (const kind of STREAM_KINDS.filter((kind) => kind !== "agg_trade"))
        expect(table[kind]).toMatchObject({ status: "supported", via: "ws" });
    }
  });

  test("kline intervals: Gate's own, minus the Thursday-aligned 7d", () => {
    expect(gateio.klineIntervals.spot).toEqual([
      "1m",
      "3m",
      "5m",
      "15m",
      "30m",
      "1h",
      "2h",
      "4h",
      "6h",
      "8h",
      "12h",
      "1d",
    ]);
    expect(gateio.klineIntervals.linear).toEqual(["1m", "5m", "15m", "30m", "1h", "4h", "8h", "1d"]);
    expect(gateio.klineIntervals.inverse).toEqual(gateio.klineIntervals.linear);
    expect(gateio.klineIntervals.spot).not.toContain("1w");
  });
});

describe("socket", () => {
  test("one URL per account: spot, USDT-settled, BTC-settled; testnet hosts", () => {
    const live = { testnet: false };
    expect(gateio.ws.url("spot", live)).toBe("wss://api.gateio.ws/ws/v4/");
    expect(gateio.ws.url("linear", live)).toBe("wss://fx-ws.gateio.ws/v4/ws/usdt");
    expect(gateio.ws.url("inverse", live)).toBe("wss://fx-ws.gateio.ws/v4/ws/btc");
    expect(gateWsUrl("spot", { testnet: true })).toBe("wss://ws-testnet.gate.com/v4/ws/spot");
    expect(gateWsUrl("linear", { testnet: true })).toBe("wss://ws-testnet.gate.com/v4/ws/futures/usdt");
    for (const kind of STREAM_KINDS)
      expect(gateio.ws.url("linear", live, kind)).toBe("wss://fx-ws.gateio.ws/v4/ws/usdt");
    expect(() => gateio.ws.url("option", live)).toThrow();
  });

  test("keep-alive: protocol pings every 20 s, silence cut at 60 s; limits", () => {
    expect(gateio.ws.ping).toEqual({ everyMs: 20_000, frame: "native" });
    expect(gateio.ws.silenceMs).toBeGreaterThan(gateio.ws.ping.everyMs * 2);
    expect(gateio.ws.maxStreamsPerSocket).toBe(100);
    expect(gateio.ws.maxSendPerSecond).toBe(5);
  });

  test("subscribe: list channels batched per channel, book and candles one frame each, time in seconds", () => {
    const before = Math.floor(Date.now() / 1000);
    const frames = parseFrames(
      gateio.ws.subscribe(
        [
          specOf("trade", "spot", "BTC_USDT"),
          specOf("trade", "spot", "ETH_USDT"),
          specOf("ticker", "spot", "BTC_USDT"),
          specOf("book", "spot", "BTC_USDT"),
          specOf("kline", "spot", "BTC_USDT", "1h"),
          specOf("agg_trade", "spot", "BTC_USDT"),
          specOf("mark_price", "spot", "BTC_USDT"),
        ],
        7,
      ),
    );
    for (const frame of frames) {
      expect(frame.time).toBeGreaterThanOrEqual(before);
      expect(frame.time).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    }
    expect(frames.map(({ time: _time, ...rest }) => rest)).toEqual([
      { id: 7, channel: "spot.trades", event: "subscribe", payload: ["BTC_USDT", "ETH_USDT"] },
      { id: 7, channel: "spot.tickers", event: "subscribe", payload: ["BTC_USDT"] },
      { id: 7, channel: "spot.order_book_update", event: "subscribe", payload: ["BTC_USDT", "100ms"] },
      { id: 7, channel: "spot.candlesticks", event: "subscribe", payload: ["1h", "BTC_USDT"] },
    ]);
  });

  test("futures: book with level 100; ticker, mark, funding and open interest share futures.tickers", () => {
    const specs = [
      specOf("book", "linear", "BTC_USDT"),
      specOf("ticker", "linear", "BTC_USDT"),
      specOf("mark_price", "linear", "BTC_USDT"),
      specOf("funding_rate", "linear", "BTC_USDT"),
      specOf("open_interest", "linear", "ETH_USDT"),
      specOf("liquidation", "linear", "BTC_USDT"),
      specOf("kline", "linear", "BTC_USDT", "1m"),
    ];
    expect(parseFrames(gateio.ws.unsubscribe(specs, 3)).map(({ time: _time, ...rest }) => rest)).toEqual([
      { id: 3, channel: "futures.tickers", event: "unsubscribe", payload: ["BTC_USDT", "ETH_USDT"] },
      { id: 3, channel: "futures.public_liquidates", event: "unsubscribe", payload: ["BTC_USDT"] },
      {
        id: 3,
        channel: "futures.order_book_update",
        event: "unsubscribe",
        payload: ["BTC_USDT", "100ms", "100"],
      },
      { id: 3, channel: "futures.candlesticks", event: "unsubscribe", payload: ["1m", "BTC_USDT"] },
    ]);
    const channelOf = gateio.ws.channelOf!;
    const tickers = ["ticker", "mark_price", "funding_rate", "open_interest"].map((kind) =>
      channelOf(specOf(kind as StreamSpec["kind"], "inverse", "BTC_USD")),
    );
    expect(new Set(tickers).size).toBe(1);
    expect(channelOf(specOf("ticker", "spot", "BTC_USDT"))).not.toBe(
      channelOf(specOf("ticker", "linear", "BTC_USDT")),
    );
    expect(channelOf(specOf("kline", "spot", "BTC_USDT", "1m"))).not.toBe(
      channelOf(specOf("kline", "spot", "BTC_USDT", "5m")),
    );
  });

  test("a long list is split into frames of 50", () => {
    const specs = Array.from({ length: 120 }, (_, i) => specOf("trade", "linear", `C${i}_USDT`));
    expect(parseFrames(gateio.ws.subscribe(specs, 1)).map((frame) => frame.payload.length)).toEqual([
      50, 50, 20,
    ]);
  });
});

describe("book rules", () => {
  test("REST snapshot of 100 levels bridged by U <= id+1 <= u, then U = previous u + 1; kept to 100 levels", () => {
    expect(GATE_BOOK).toEqual({
      snapshotFrom: "rest",
      restDepth: 100,
      chain: "first-follows-last",
      bridge: "first-le-next",
      maxDepth: 100,
    });
    for (const account of ["spot", "linear", "inverse"] as const)
      expect(bookRulesOf(gateio, account)).toBe(GATE_BOOK);
    expect(GATE_BOOK.checksumOf).toBeUndefined();
  });
});

describe("registry", () => {
  test("findExchange('gateio') and its metadata", () => {
    expect(findExchange("GateIO")).toBe(gateio);
    expect(gateio).toMatchObject({ id: "gateio", name: "Gate.io", category: "cex" });
    expect(gateio.docs).toStartWith("https://www.gate.io/docs/");
  });
});
