// Lighter wiring: the streams table per market, socket URL and keep-alive, subscribe frames (one channel per frame,
// shared trade and market_stats channels), book rules and the registry entry.

import { describe, expect, test } from "bun:test";
import { STREAM_KINDS, type StreamSpec } from "../../core/index.ts";
import { bookRulesOf } from "../_shared/adapter.ts";
import { findExchange } from "../index.ts";
import { LIGHTER_BOOK, LIGHTER_KLINE_INTERVALS, lighter } from "./index.ts";
import { LIGHTER_PING } from "./subscribe.ts";

const spec = (kind: StreamSpec["kind"], native = "1", account: "linear" | "spot" = "linear"): StreamSpec => ({
  kind,
  account,
  symbol: "BTC/USDC:USDC",
  native,
});

describe("streams table", () => {
  test("perpetuals and spot, every stream kind listed", () => {
    expect(Object.keys(lighter.streams).sort()).toEqual(["linear", "spot"]);
    for (const table of Object.values(lighter.streams))
      expect(Object.keys(table ?? {}).sort()).toEqual([...STREAM_KINDS].sort());
  });

  test("what rides the socket, what is polled, what is absent", () => {
    const support = (account: "linear" | "spot", kind: (typeof STREAM_KINDS)[number]) =>
      lighter.streams[account]?.[kind];
    for (const kind of [
      "trade",
      "book",
      "ticker",
      "mark_price",
      "funding_rate",
      "open_interest",
      "liquidation",
    ] as const)
      expect(support("linear", kind)).toMatchObject({ status: "supported", via: "ws" });
    for (const account of ["linear", "spot"] as const) {
      expect(support(account, "agg_trade")?.status).toBe("wire-absent");
      expect(support(account, "kline")).toMatchObject({ status: "supported", via: "rest-poll" });
    }
    for (const kind of ["mark_price", "funding_rate", "open_interest", "liquidation"] as const)
      expect(support("spot", kind)?.status).toBe("wire-absent");
    expect(LIGHTER_KLINE_INTERVALS.linear).toEqual(["1m", "5m", "15m", "30m", "1h", "4h", "12h", "1d", "1w"]);
  });
});

describe("socket", () => {
  test("one URL for both markets; testnet", () => {
    for (const account of ["linear", "spot"] as const) {
      expect(lighter.ws.url(account, { testnet: false })).toBe("wss://mainnet.zklighter.elliot.ai/stream");
      expect(lighter.ws.url(account, { testnet: true })).toBe("wss://testnet.zklighter.elliot.ai/stream");
    }
  });

  test("keep-alive well inside the 2-minute idle limit; limits", () => {
    expect(lighter.ws.ping).toEqual({ everyMs: 60_000, frame: LIGHTER_PING });
    expect(JSON.parse(LIGHTER_PING)).toEqual({ type: "ping" });
    expect(lighter.ws.ping.everyMs).toBeLessThan(120_000);
    expect(lighter.ws.silenceMs).toBeGreaterThan(lighter.ws.ping.everyMs * 2);
    expect(lighter.ws.maxStreamsPerSocket).toBe(100);
    expect(lighter.ws.maxSendPerSecond! * 60).toBeLessThanOrEqual(200);
  });

  test("subscribe frames: one per wire channel, deduplicated", () => {
    const frames = lighter.ws.subscribe(
      [
        spec("book"),
        spec("trade"),
        spec("liquidation"),
        spec("ticker"),
        spec("mark_price"),
        spec("kline"),
        spec("agg_trade"),
      ],
      1,
    );
    expect(frames.map((f) => JSON.parse(f))).toEqual([
      { type: "subscribe", channel: "order_book/1" },
      { type: "subscribe", channel: "trade/1" },
      { type: "subscribe", channel: "market_stats/1" },
    ]);
    expect(lighter.ws.unsubscribe([spec("trade", "2048", "spot")], 2).map((f) => JSON.parse(f))).toEqual([
      { type: "unsubscribe", channel: "trade/2048" },
    ]);
  });

  test("shared channels: trades with liquidations, market_stats for four kinds", () => {
    const channelOf = lighter.ws.channelOf!;
    expect(channelOf(spec("trade"))).toBe(channelOf(spec("liquidation")));
    const stats = new Set(
      ["ticker", "mark_price", "funding_rate", "open_interest"].map((k) =>
        channelOf(spec(k as StreamSpec["kind"])),
      ),
    );
    expect(stats.size).toBe(1);
    expect(channelOf(spec("book"))).not.toBe(channelOf(spec("trade")));
    expect(channelOf(spec("book", "1", "spot"))).not.toBe(channelOf(spec("book")));
    expect(JSON.parse(lighter.ws.subscribe([spec("ticker", "2048", "spot")], 1)[0]!)).toEqual({
      type: "subscribe",
      channel: "spot_market_stats/2048",
    });
  });
});

describe("book rules and registry", () => {
  test("stream snapshot, begin_nonce chains to the previous nonce, no checksum", () => {
    expect(bookRulesOf(lighter, "linear")).toEqual({
      snapshotFrom: "stream",
      chain: "prev-equals-last",
      bridge: "chain",
    });
    expect(bookRulesOf(lighter, "spot")).toBe(LIGHTER_BOOK);
  });

  test("registered as a DEX", () => {
    expect(findExchange("Lighter")).toBe(lighter);
    expect(lighter).toMatchObject({ id: "lighter", category: "dex" });
  });
});
