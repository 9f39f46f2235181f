// HyperLiquid wiring: the streams table per market, socket URL and keep-alive, subscribe frames (one message per
// subscription, shared context channel), book rules and the registry entry.

import { describe, expect, test } from "bun:test";
import { STREAM_KINDS, type StreamSpec } from "../../core/index.ts";
import { bookRulesOf } from "../_shared/adapter.ts";
import { findExchange } from "../index.ts";
import { HYPERLIQUID_BOOK, HYPERLIQUID_KLINE_INTERVALS, hyperliquid } from "./index.ts";
import { HYPERLIQUID_PING } from "./subscribe.ts";

const spec = (kind: StreamSpec["kind"], native = "BTC", interval?: string): StreamSpec => ({
  kind,
  account: native.startsWith("@") ? "spot" : "linear",
  symbol: native,
  native,
  ...(interval ? { interval } : {}),
});

describe("streams table", () => {
  test("perpetuals and spot, every stream kind listed", () => {
    expect(Object.keys(hyperliquid.streams).sort()).toEqual(["linear", "spot"]);
    for (const table of Object.values(hyperliquid.streams))
      expect(Object.keys(table ?? {}).sort()).toEqual([...STREAM_KINDS].sort());
  });

  test("no aggregate trades or public liquidations; spot lacks the derivative kinds; all else on the socket", () => {
    const support = (account: "linear" | "spot", kind: (typeof STREAM_KINDS)[number]) =>
      hyperliquid.streams[account]?.[kind];
    for (const account of ["linear", "spot"] as const) {
      expect(support(account, "agg_trade")?.status).toBe("wire-absent");
      expect(support(account, "liquidation")?.status).toBe("wire-absent");
      for (const kind of ["trade", "book", "kline", "ticker"] as const)
        expect(support(account, kind)).toMatchObject({ status: "supported", via: "ws" });
    }
    for (const kind of ["mark_price", "funding_rate", "open_interest"] as const) {
      expect(support("linear", kind)).toMatchObject({ status: "supported", via: "ws" });
      expect(support("spot", kind)?.status).toBe("wire-absent");
    }
    const liquidation = support("linear", "liquidation");
    expect(liquidation?.status === "wire-absent" && liquidation.reason).toContain("liquidated user");
  });

  test("candle intervals", () => {
    expect(HYPERLIQUID_KLINE_INTERVALS.linear).toEqual([
      "1m",
      "3m",
      "5m",
      "15m",
      "30m",
      "1h",
      "2h",
      "4h",
      "8h",
      "12h",
      "1d",
      "3d",
      "1w",
      "1M",
    ]);
    expect(hyperliquid.klineIntervals).toBe(HYPERLIQUID_KLINE_INTERVALS);
  });
});

describe("socket", () => {
  test("one URL for both markets; testnet", () => {
    for (const account of ["linear", "spot"] as const) {
      expect(hyperliquid.ws.url(account, { testnet: false })).toBe("wss://api.hyperliquid.xyz/ws");
      expect(hyperliquid.ws.url(account, { testnet: true })).toBe("wss://api.hyperliquid-testnet.xyz/ws");
    }
  });

  test("keep-alive within the 60 s idle limit; subscription and message limits", () => {
    expect(hyperliquid.ws.ping).toEqual({ everyMs: 30_000, frame: HYPERLIQUID_PING });
    expect(JSON.parse(HYPERLIQUID_PING)).toEqual({ method: "ping" });
    expect(hyperliquid.ws.ping.everyMs).toBeLessThan(60_000);
    expect(hyperliquid.ws.silenceMs).toBeGreaterThan(hyperliquid.ws.ping.everyMs * 2);
    expect(hyperliquid.ws.maxStreamsPerSocket * 2).toBeLessThanOrEqual(1000);
    expect(hyperliquid.ws.maxSendPerSecond! * 60).toBeLessThanOrEqual(2000);
  });

  test("subscribe: one message per subscription; ticker, mark, funding and OI share activeAssetCtx + bbo", () => {
    const specs = [
      spec("trade"),
      spec("book", "@107"),
      spec("kline", "BTC", "15m"),
      spec("ticker"),
      spec("mark_price"),
      spec("funding_rate"),
      spec("agg_trade"),
    ];
    expect(hyperliquid.ws.subscribe(specs, 1).map((frame) => JSON.parse(frame))).toEqual([
      { method: "subscribe", subscription: { type: "trades", coin: "BTC" } },
      { method: "subscribe", subscription: { type: "l2Book", coin: "@107" } },
      { method: "subscribe", subscription: { type: "candle", coin: "BTC", interval: "15m" } },
      { method: "subscribe", subscription: { type: "activeAssetCtx", coin: "BTC" } },
      { method: "subscribe", subscription: { type: "bbo", coin: "BTC" } },
    ]);
    expect(hyperliquid.ws.unsubscribe([spec("open_interest", "ETH")], 2)).toEqual([
      '{"method":"unsubscribe","subscription":{"type":"activeAssetCtx","coin":"ETH"}}',
      '{"method":"unsubscribe","subscription":{"type":"bbo","coin":"ETH"}}',
    ]);
    const channelOf = hyperliquid.ws.channelOf!;
    expect(channelOf(spec("ticker"))).toBe(channelOf(spec("open_interest")));
    expect(channelOf(spec("trade"))).not.toBe(channelOf(spec("book")));
    expect(channelOf(spec("kline", "BTC", "1m"))).not.toBe(channelOf(spec("kline", "BTC", "5m")));
  });
});

describe("book rules", () => {
  test("every message a snapshot from the stream: nothing chains, no checksum", () => {
    for (const account of ["linear", "spot"] as const)
      expect(bookRulesOf(hyperliquid, account)).toBe(HYPERLIQUID_BOOK);
    expect(HYPERLIQUID_BOOK).toEqual({ snapshotFrom: "stream", chain: "none", bridge: "any" });
  });
});

test("registered as hyperliquid, a dex", () => {
  expect(findExchange("HyperLiquid")).toBe(hyperliquid);
  expect(hyperliquid.category).toBe("dex");
});
