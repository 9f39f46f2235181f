// HTX wiring: the streams table per account, the socket each stream kind lives on, keep-alive and limits, the
// subscribe frames (a spot book's `req` after its `sub`, `data_type` on contract depth, `op` frames on the
// notification sockets), book rules and the registry entry.

import { describe, expect, test } from "bun:test";
import { type Account, STREAM_KINDS, type StreamKind, type StreamSpec } from "../../core/index.ts";
import { bookRulesOf } from "../_shared/adapter.ts";
import { findExchange } from "../index.ts";
import { HTX_CONTRACT_BOOK, HTX_KLINE_INTERVALS, HTX_SPOT_BOOK, htx } from "./index.ts";
import { topicOf } from "./subscribe.ts";

function specOf(kind: StreamKind, account: Account, native: string, interval?: string): StreamSpec {
  const spec: StreamSpec = { kind, account, native, symbol: native };
  if (interval) spec.interval = interval;
  return spec;
}

describe("streams table", () => {
  test("three accounts, every stream kind listed on each", () => {
    expect(Object.keys(htx.streams).sort()).toEqual(["inverse", "linear", "spot"]);
    for (const account of ["spot", "linear", "inverse"] as const)
      expect(Object.keys(htx.streams[account] ?? {}).sort()).toEqual([...STREAM_KINDS].sort());
  });

  test("no aggregate trades; spot lacks the derivative kinds; contract open interest is polled", () => {
    const support = (account: Account, kind: StreamKind) => htx.streams[account]?.[kind];
    for (const account of ["spot", "linear", "inverse"] as const) {
      expect(support(account, "agg_trade")?.status).toBe("wire-absent");
      for (const kind of ["trade", "book", "kline", "ticker"] as const)
        expect(support(account, kind)).toMatchObject({ status: "supported", via: "ws" });
    }
    for (const kind of ["mark_price", "funding_rate", "open_interest", "liquidation"] as const)
      expect(support("spot", kind)?.status).toBe("wire-absent");
    for (const account of ["linear", "inverse"] as const) {
      for (const kind of ["mark_price", "funding_rate", "liquidation"] as const)
        expect(support(account, kind)).toMatchObject({ status: "supported", via: "ws" });
      expect(support(account, "open_interest")).toMatchObject({
        status: "supported",
        via: "rest-poll",
        pollEveryMs: 10_000,
      });
    }
    expect(support("linear", "open_interest")).toMatchObject({
      note: "no socket stream; polls /linear-swap-api/v1/swap_open_interest",
    });
    expect(support("inverse", "open_interest")).toMatchObject({
      note: "no socket stream; polls /swap-api/v1/swap_open_interest",
    });
  });

  test("kline intervals are HTX's periods", () => {
    expect(HTX_KLINE_INTERVALS.spot).toEqual(["1m", "5m", "15m", "30m", "1h", "4h", "1d", "1w", "1M"]);
    expect(htx.klineIntervals).toEqual(HTX_KLINE_INTERVALS);
  });
});

describe("sockets", () => {
  test("spot: /ws, and /feed for the MBP book", () => {
    const url = (kind?: StreamKind) => htx.ws.url("spot", { testnet: false }, kind);
    expect(url()).toBe("wss://api.huobi.pro/ws");
    expect(url("trade")).toBe("wss://api.huobi.pro/ws");
    expect(url("kline")).toBe("wss://api.huobi.pro/ws");
    expect(url("book")).toBe("wss://api.huobi.pro/feed");
  });

  test("contracts: market socket, ws_index for the mark price, notification socket for funding and liquidations", () => {
    const url = (account: Account, kind?: StreamKind) => htx.ws.url(account, { testnet: false }, kind);
    expect(url("linear")).toBe("wss://api.hbdm.com/linear-swap-ws");
    expect(url("linear", "book")).toBe("wss://api.hbdm.com/linear-swap-ws");
    expect(url("linear", "mark_price")).toBe("wss://api.hbdm.com/ws_index");
    expect(url("linear", "funding_rate")).toBe("wss://api.hbdm.com/linear-swap-notification");
    expect(url("linear", "liquidation")).toBe("wss://api.hbdm.com/linear-swap-notification");
    expect(url("inverse")).toBe("wss://api.hbdm.com/swap-ws");
    expect(url("inverse", "ticker")).toBe("wss://api.hbdm.com/swap-ws");
    expect(url("inverse", "mark_price")).toBe("wss://api.hbdm.com/ws_index");
    expect(url("inverse", "funding_rate")).toBe("wss://api.hbdm.com/swap-notification");
    // The testnet is stopped: the same hosts.
    expect(htx.ws.url("linear", { testnet: true })).toBe("wss://api.hbdm.com/linear-swap-ws");
    expect(() => htx.ws.url("option", { testnet: false })).toThrow();
  });

  test("keep-alive is the server's: no client ping, silence after four missed server pings", () => {
    expect(htx.ws.ping).toEqual({ everyMs: 0, frame: null });
    expect(htx.ws.silenceMs).toBe(20_000);
    expect(htx.ws.maxStreamsPerSocket).toBe(50);
    expect(htx.ws.maxSendPerSecond).toBe(15);
    expect(htx.ws.maxStreamsPerFrame).toBe(1);
  });
});

describe("topics and frames", () => {
  test("topics per kind and account", () => {
    expect(topicOf(specOf("trade", "spot", "btcusdt"))).toBe("market.btcusdt.trade.detail");
    expect(topicOf(specOf("trade", "spot", "BTCUSDT"))).toBe("market.btcusdt.trade.detail");
    expect(topicOf(specOf("book", "spot", "btcusdt"))).toBe("market.btcusdt.mbp.150");
    expect(topicOf(specOf("kline", "spot", "btcusdt", "4h"))).toBe("market.btcusdt.kline.4hour");
    expect(topicOf(specOf("kline", "spot", "btcusdt"))).toBe("market.btcusdt.kline.1min");
    expect(topicOf(specOf("kline", "spot", "btcusdt", "3m"))).toBeUndefined();
    expect(topicOf(specOf("ticker", "spot", "btcusdt"))).toBe("market.btcusdt.ticker");
    expect(topicOf(specOf("book", "linear", "BTC-USDT"))).toBe("market.BTC-USDT.depth.size_150.high_freq");
    expect(topicOf(specOf("ticker", "linear", "btc-usdt"))).toBe("market.BTC-USDT.detail");
    expect(topicOf(specOf("kline", "inverse", "BTC-USD", "1M"))).toBe("market.BTC-USD.kline.1mon");
    expect(topicOf(specOf("mark_price", "linear", "BTC-USDT"))).toBe("market.BTC-USDT.mark_price.1min");
    expect(topicOf(specOf("funding_rate", "inverse", "BTC-USD"))).toBe("public.BTC-USD.funding_rate");
    expect(topicOf(specOf("liquidation", "linear", "BTC-USDT"))).toBe("public.BTC-USDT.liquidation_orders");
    for (const kind of ["agg_trade", "open_interest"] as const)
      expect(topicOf(specOf(kind, "linear", "BTC-USDT"))).toBeUndefined();
    for (const kind of ["mark_price", "funding_rate", "liquidation"] as const)
      expect(topicOf(specOf(kind, "spot", "btcusdt"))).toBeUndefined();
  });

  test("subscribe: one topic per frame; a spot book asks for its refresh right after; contract depth incremental", () => {
    const frames = htx.ws.subscribe(
      [
        specOf("trade", "spot", "btcusdt"),
        specOf("book", "spot", "btcusdt"),
        specOf("book", "spot", "btcusdt"),
        specOf("book", "linear", "BTC-USDT"),
        specOf("funding_rate", "linear", "BTC-USDT"),
        specOf("open_interest", "linear", "BTC-USDT"),
      ],
      7,
    );
    expect(frames).toEqual([
      '{"sub":"market.btcusdt.trade.detail","id":"7"}',
      '{"sub":"market.btcusdt.mbp.150","id":"7"}',
      '{"req":"market.btcusdt.mbp.150","id":"7"}',
      '{"sub":"market.BTC-USDT.depth.size_150.high_freq","data_type":"incremental","id":"7"}',
      '{"op":"sub","cid":"7","topic":"public.BTC-USDT.funding_rate"}',
    ]);
  });

  test("unsubscribe mirrors it without the refresh request", () => {
    expect(
      htx.ws.unsubscribe(
        [
          specOf("book", "spot", "btcusdt"),
          specOf("book", "inverse", "BTC-USD"),
          specOf("liquidation", "inverse", "BTC-USD"),
        ],
        8,
      ),
    ).toEqual([
      '{"unsub":"market.btcusdt.mbp.150","id":"8"}',
      '{"unsub":"market.BTC-USD.depth.size_150.high_freq","data_type":"incremental","id":"8"}',
      '{"op":"unsub","cid":"8","topic":"public.BTC-USD.liquidation_orders"}',
    ]);
  });

  test("channels: one per topic and account", () => {
    const channel = htx.ws.channelOf!;
    expect(channel(specOf("book", "spot", "btcusdt"))).toBe("spot|market.btcusdt.mbp.150");
    expect(channel(specOf("kline", "linear", "BTC-USDT", "5m"))).toBe("linear|market.BTC-USDT.kline.5min");
    expect(channel(specOf("open_interest", "linear", "BTC-USDT"))).toBe("linear|open_interest|BTC-USDT");
  });
});

describe("book rules and registry", () => {
  test("spot chains prevSeqNum; contracts count versions; both snapshots come from the stream", () => {
    expect(bookRulesOf(htx, "spot")).toBe(HTX_SPOT_BOOK);
    expect(bookRulesOf(htx, "linear")).toBe(HTX_CONTRACT_BOOK);
    expect(bookRulesOf(htx, "inverse")).toBe(HTX_CONTRACT_BOOK);
    expect(HTX_SPOT_BOOK).toEqual({
      snapshotFrom: "stream",
      chain: "prev-equals-last",
      bridge: "chain",
      maxDepth: 150,
    });
    expect(HTX_CONTRACT_BOOK).toEqual({
      snapshotFrom: "stream",
      chain: "seq-increments",
      bridge: "chain",
      maxDepth: 150,
    });
  });

  test("registered under `htx`", () => {
    expect(findExchange("htx")).toBe(htx);
    expect(findExchange("HTX")).toBe(htx);
    expect(htx).toMatchObject({ id: "htx", name: "HTX", category: "cex" });
  });
});
