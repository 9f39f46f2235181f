// Deribit wiring: the streams table per market, socket URL and keep-alive, subscribe frames (set_heartbeat first,
// shared channels once), book rules and the registry entry.

import { describe, expect, test } from "bun:test";
import { type Account, STREAM_KINDS, type StreamSpec } from "../../core/index.ts";
import { bookRulesOf } from "../_shared/adapter.ts";
import { findExchange } from "../index.ts";
import { DERIBIT_BOOK, DERIBIT_KLINE_INTERVALS, deribit } from "./index.ts";
import { channelNameOf, DERIBIT_CLIENT_PING } from "./subscribe.ts";
import { describeDeribitNative } from "./symbols.ts";

function specOf(kind: StreamSpec["kind"], native: string, interval?: string): StreamSpec {
  const described = describeDeribitNative(native)!;
  const spec: StreamSpec = { kind, account: described.account, symbol: described.symbol, native };
  if (interval) spec.interval = interval;
  return spec;
}

describe("streams table", () => {
  test("four markets, every stream kind listed on each", () => {
    expect(Object.keys(deribit.streams).sort()).toEqual(["inverse", "linear", "option", "spot"]);
    for (const account of ["spot", "inverse", "linear", "option"] as const)
      expect(Object.keys(deribit.streams[account] ?? {}).sort()).toEqual([...STREAM_KINDS].sort());
  });

  test("no aggregate trades anywhere; spot lacks the derivative kinds, options lack funding", () => {
    const support = (account: Account, kind: (typeof STREAM_KINDS)[number]) =>
      deribit.streams[account]?.[kind]?.status;
    for (const account of ["spot", "inverse", "linear", "option"] as const) {
      expect(support(account, "agg_trade")).toBe("wire-absent");
      for (const kind of ["trade", "book", "kline", "ticker"] as const)
        expect(support(account, kind)).toBe("supported");
    }
    for (const kind of ["mark_price", "funding_rate", "open_interest", "liquidation"] as const) {
      expect(support("spot", kind)).toBe("wire-absent");
      expect(support("inverse", kind)).toBe("supported");
      expect(support("linear", kind)).toBe("supported");
    }
    expect(support("option", "funding_rate")).toBe("wire-absent");
    for (const kind of ["mark_price", "open_interest", "liquidation"] as const)
      expect(support("option", kind)).toBe("supported");
    // Everything supported rides the socket: open interest and funding come with the ticker.
    for (const table of Object.values(deribit.streams))
      for (const entry of Object.values(table ?? {}))
        if (entry.status === "supported") expect(entry.via).toBe("ws");
  });

  test("kline intervals are the chart.trades resolutions", () => {
    expect(DERIBIT_KLINE_INTERVALS.inverse).toEqual([
      "1m",
      "3m",
      "5m",
      "10m",
      "15m",
      "30m",
      "1h",
      "2h",
      "3h",
      "6h",
      "12h",
      "1d",
    ]);
    expect(deribit.klineIntervals).toEqual(DERIBIT_KLINE_INTERVALS);
  });
});

describe("socket", () => {
  test("one URL for every market; testnet", () => {
    for (const account of ["spot", "inverse", "linear", "option"] as const) {
      expect(deribit.ws.url(account, { testnet: false })).toBe("wss://www.deribit.com/ws/api/v2");
      expect(deribit.ws.url(account, { testnet: true })).toBe("wss://test.deribit.com/ws/api/v2");
    }
  });

  test("keep-alive and limits", () => {
    expect(deribit.ws.ping).toEqual({ everyMs: 30_000, frame: DERIBIT_CLIENT_PING });
    expect(JSON.parse(DERIBIT_CLIENT_PING)).toMatchObject({ method: "public/test" });
    expect(
      deribit.ws.parse(JSON.stringify({ jsonrpc: "2.0", id: 9_000_000_002, result: { version: "1.2.26" } }), {
        exchange: "deribit",
        account: "inverse",
        recvTsUs: 0,
        symbolOf: (n) => n,
        session: new Map(),
      }),
    ).toEqual({ kind: "pong" });
    expect(deribit.ws.silenceMs).toBeGreaterThan(deribit.ws.ping.everyMs * 2);
    expect(deribit.ws.maxSendPerSecond).toBe(6);
    expect(deribit.ws.maxStreamsPerSocket).toBe(500);
  });

  test("channels: 100ms trades, book and ticker; chart.trades by resolution; no aggregate trades", () => {
    expect(channelNameOf(specOf("trade", "BTC-PERPETUAL"))).toBe("trades.BTC-PERPETUAL.100ms");
    expect(channelNameOf(specOf("liquidation", "BTC-PERPETUAL"))).toBe("trades.BTC-PERPETUAL.100ms");
    expect(channelNameOf(specOf("book", "BTC_USDC"))).toBe("book.BTC_USDC.100ms");
    for (const kind of ["ticker", "mark_price", "funding_rate", "open_interest"] as const)
      expect(channelNameOf(specOf(kind, "BTC_USDC-PERPETUAL"))).toBe("ticker.BTC_USDC-PERPETUAL.100ms");
    expect(channelNameOf(specOf("kline", "BTC-27DEC24-100000-C", "1d"))).toBe(
      "chart.trades.BTC-27DEC24-100000-C.1D",
    );
    expect(channelNameOf(specOf("kline", "BTC-PERPETUAL"))).toBe("chart.trades.BTC-PERPETUAL.1");
    expect(channelNameOf(specOf("agg_trade", "BTC-PERPETUAL"))).toBeUndefined();
    expect(deribit.ws.channelOf!(specOf("mark_price", "BTC-PERPETUAL"))).toBe(
      deribit.ws.channelOf!(specOf("funding_rate", "BTC-PERPETUAL")),
    );
  });

  test("subscribe: set_heartbeat first, then each channel once", () => {
    const specs = [
      specOf("trade", "BTC-PERPETUAL"),
      specOf("liquidation", "BTC-PERPETUAL"),
      specOf("book", "BTC-PERPETUAL"),
      specOf("ticker", "BTC-PERPETUAL"),
      specOf("mark_price", "BTC-PERPETUAL"),
      specOf("kline", "BTC-PERPETUAL", "5m"),
    ];
    expect(deribit.ws.subscribe(specs, 7)).toEqual([
      JSON.stringify({ jsonrpc: "2.0", id: 7, method: "public/set_heartbeat", params: { interval: 30 } }),
      JSON.stringify({
        jsonrpc: "2.0",
        id: 7,
        method: "public/subscribe",
        params: {
          channels: [
            "trades.BTC-PERPETUAL.100ms",
            "book.BTC-PERPETUAL.100ms",
            "ticker.BTC-PERPETUAL.100ms",
            "chart.trades.BTC-PERPETUAL.5",
          ],
        },
      }),
    ]);
    expect(deribit.ws.unsubscribe([specOf("book", "ETH_USDC")], 8)).toEqual([
      JSON.stringify({
        jsonrpc: "2.0",
        id: 8,
        method: "public/unsubscribe",
        params: { channels: ["book.ETH_USDC.100ms"] },
      }),
    ]);
    expect(deribit.ws.subscribe([specOf("agg_trade", "BTC-PERPETUAL")], 9)).toEqual([]);
  });

  test("large batches split at 200 channels per request", () => {
    const specs = Array.from({ length: 450 }, (_, i) =>
      specOf("book", `BTC-${(i % 28) + 1}DEC${10 + Math.floor(i / 28)}`),
    );
    const frames = deribit.ws.subscribe(specs, 1).map((frame) => JSON.parse(frame));
    expect(frames.map((f) => f.method)).toEqual([
      "public/set_heartbeat",
      "public/subscribe",
      "public/subscribe",
      "public/subscribe",
    ]);
    expect(frames.slice(1).map((f) => f.params.channels.length)).toEqual([200, 200, 50]);
  });
});

describe("book rules", () => {
  test("snapshot from the stream, prev_change_id chains to the last change_id, no checksum", () => {
    for (const account of ["spot", "inverse", "linear", "option"] as const)
      expect(bookRulesOf(deribit, account)).toBe(DERIBIT_BOOK);
    expect(DERIBIT_BOOK).toEqual({ snapshotFrom: "stream", chain: "prev-equals-last", bridge: "chain" });
  });
});

test("registered as deribit", () => {
  expect(findExchange("Deribit")).toBe(deribit);
  expect(deribit.docs).toBe("https://docs.deribit.com/");
});
