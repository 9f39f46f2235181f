// Bybit wiring: the streams table per account, one socket URL per category, keep-alive and limits, subscribe frames
// (topics, sharing, the 10-topic request cap), book depth choice, book rules, registry.

import { describe, expect, test } from "bun:test";
import { type Account, STREAM_KINDS, type StreamSpec } from "../../core/index.ts";
import { accountsOf, bookRulesOf } from "../_shared/adapter.ts";
import { findExchange } from "../index.ts";
import { BYBIT_BOOK, BYBIT_KLINE_INTERVALS_BY_ACCOUNT, bybit } from "./index.ts";
import { bookDepthOf, topicOf } from "./subscribe.ts";
import { canonicalOfNative } from "./symbols.ts";

function specOf(
  kind: StreamSpec["kind"],
  account: Account,
  native: string,
  extra: { interval?: string; depth?: number } = {},
): StreamSpec {
  return { kind, account, symbol: canonicalOfNative(native, account) ?? native, native, ...extra };
}

describe("streams table", () => {
  test("four accounts, each listing every stream kind", () => {
    expect(accountsOf(bybit)).toEqual(["spot", "linear", "inverse", "option"]);
    for (const account of accountsOf(bybit)) {
      expect(Object.keys(bybit.streams[account] ?? {}).sort()).toEqual([...STREAM_KINDS].sort());
    }
  });

  test("spot: trades, book, klines, ticker on the socket; derivative kinds wire-absent with a reason", () => {
    const spot = bybit.streams.spot!;
    for (const kind of ["trade", "book", "kline", "ticker"] as const)
      expect(spot[kind]).toMatchObject({ status: "supported", via: "ws" });
    for (const kind of ["agg_trade", "mark_price", "funding_rate", "open_interest", "liquidation"] as const) {
      expect(spot[kind]?.status).toBe("wire-absent");
      expect(spot[kind]).toHaveProperty("reason");
    }
  });

  test("linear and inverse: everything on the socket but aggregated trades", () => {
    for (const account of ["linear", "inverse"] as const) {
      const table = bybit.streams[account]!;
      for (const kind of STREAM_KINDS) {
        if (kind === "agg_trade") expect(table[kind]?.status).toBe("wire-absent");
        else expect(table[kind]).toMatchObject({ status: "supported", via: "ws" });
      }
    }
  });

  test("option: no klines, funding or liquidations; mark and open interest from tickers", () => {
    const option = bybit.streams.option!;
    for (const kind of ["trade", "book", "ticker", "mark_price", "open_interest"] as const)
      expect(option[kind]).toMatchObject({ status: "supported", via: "ws" });
    for (const kind of ["agg_trade", "kline", "funding_rate", "liquidation"] as const)
      expect(option[kind]?.status).toBe("wire-absent");
  });

  test("kline intervals: 1m to 1M on spot and contracts, none on options", () => {
    expect(BYBIT_KLINE_INTERVALS_BY_ACCOUNT.spot).toEqual([
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
      "1w",
      "1M",
    ]);
    expect(bybit.klineIntervals.option).toEqual([]);
  });
});

describe("socket", () => {
  test("one public socket per category — spot is spot's own, not linear", () => {
    const live = { testnet: false };
    expect(bybit.ws.url("spot", live)).toBe("wss://stream.bybit.com/v5/public/spot");
    expect(bybit.ws.url("linear", live, "trade")).toBe("wss://stream.bybit.com/v5/public/linear");
    expect(bybit.ws.url("inverse", live)).toBe("wss://stream.bybit.com/v5/public/inverse");
    expect(bybit.ws.url("option", live)).toBe("wss://stream.bybit.com/v5/public/option");
    expect(bybit.ws.url("spot", { testnet: true })).toBe("wss://stream-testnet.bybit.com/v5/public/spot");
  });

  test("keep-alive and limits", () => {
    expect(bybit.ws.ping).toEqual({ everyMs: 20_000, frame: '{"op":"ping"}' });
    expect(bybit.ws.silenceMs).toBeGreaterThan(bybit.ws.ping.everyMs * 2);
    expect(bybit.ws.maxStreamsPerSocket).toBe(200);
    expect(bybit.ws.maxStreamsPerFrame).toBe(10);
    expect(bybit.ws.maxSendPerSecond).toBe(10);
  });

  test("topics per stream kind", () => {
    expect(topicOf(specOf("trade", "linear", "BTCUSDT"))).toBe("publicTrade.BTCUSDT");
    expect(topicOf(specOf("trade", "option", "BTC-27DEC24-100000-C"))).toBe("publicTrade.BTC");
    expect(topicOf(specOf("book", "spot", "BTCUSDT"))).toBe("orderbook.50.BTCUSDT");
    expect(topicOf(specOf("book", "option", "BTC-27DEC24-100000-C"))).toBe(
      "orderbook.25.BTC-27DEC24-100000-C",
    );
    expect(topicOf(specOf("kline", "inverse", "BTCUSD", { interval: "1d" }))).toBe("kline.D.BTCUSD");
    expect(topicOf(specOf("kline", "spot", "BTCUSDT"))).toBe("kline.1.BTCUSDT");
    expect(topicOf(specOf("kline", "option", "BTC-27DEC24-100000-C"))).toBeUndefined();
    expect(topicOf(specOf("liquidation", "inverse", "BTCUSD"))).toBe("allLiquidation.BTCUSD");
    expect(topicOf(specOf("liquidation", "spot", "BTCUSDT"))).toBeUndefined();
    expect(topicOf(specOf("funding_rate", "option", "BTC-27DEC24-100000-C"))).toBeUndefined();
    expect(topicOf(specOf("open_interest", "option", "BTC-27DEC24-100000-C"))).toBe(
      "tickers.BTC-27DEC24-100000-C",
    );
    expect(topicOf(specOf("agg_trade", "linear", "BTCUSDT"))).toBeUndefined();
  });

  test("book depth: the shallowest offered depth that covers the wanted one", () => {
    expect(bookDepthOf("linear", undefined)).toBe(50);
    expect(bookDepthOf("linear", 1)).toBe(1);
    expect(bookDepthOf("linear", 10)).toBe(50);
    expect(bookDepthOf("spot", 51)).toBe(200);
    expect(bookDepthOf("inverse", 5000)).toBe(1000);
    expect(bookDepthOf("option", 10)).toBe(25);
    expect(bookDepthOf("option", 30)).toBe(100);
    expect(bookDepthOf("option", undefined)).toBe(25);
  });

  test("ticker, mark, funding and open interest share one topic; trades of one option coin share one", () => {
    const channelOf = bybit.ws.channelOf!;
    const kinds = ["ticker", "mark_price", "funding_rate", "open_interest"] as const;
    const channels = new Set(kinds.map((kind) => channelOf(specOf(kind, "linear", "BTCUSDT"))));
    expect(channels.size).toBe(1);
    expect(channelOf(specOf("ticker", "linear", "BTCUSDT"))).not.toBe(
      channelOf(specOf("ticker", "spot", "BTCUSDT")),
    );
    expect(channelOf(specOf("trade", "option", "BTC-27DEC24-100000-C"))).toBe(
      channelOf(specOf("trade", "option", "BTC-28MAR25-90000-P")),
    );
    expect(channelOf(specOf("kline", "spot", "BTCUSDT", { interval: "1m" }))).not.toBe(
      channelOf(specOf("kline", "spot", "BTCUSDT", { interval: "1h" })),
    );
  });

  test("subscribe: one topic per shared channel, req_id = the request id", () => {
    const specs = [
      specOf("trade", "linear", "BTCUSDT"),
      specOf("book", "linear", "BTCUSDT"),
      specOf("kline", "linear", "BTCUSDT", { interval: "5m" }),
      specOf("ticker", "linear", "BTCUSDT"),
      specOf("mark_price", "linear", "BTCUSDT"),
      specOf("funding_rate", "linear", "BTCUSDT"),
      specOf("open_interest", "linear", "BTCUSDT"),
      specOf("liquidation", "linear", "BTCUSDT"),
      specOf("agg_trade", "linear", "BTCUSDT"),
    ];
    expect(bybit.ws.subscribe(specs, 7)).toEqual([
      JSON.stringify({
        req_id: "7",
        op: "subscribe",
        args: [
          "publicTrade.BTCUSDT",
          "orderbook.50.BTCUSDT",
          "kline.5.BTCUSDT",
          "tickers.BTCUSDT",
          "allLiquidation.BTCUSDT",
        ],
      }),
    ]);
    expect(bybit.ws.unsubscribe([specOf("book", "inverse", "BTCUSD", { depth: 200 })], 8)).toEqual([
      '{"req_id":"8","op":"unsubscribe","args":["orderbook.200.BTCUSD"]}',
    ]);
    expect(bybit.ws.subscribe([specOf("liquidation", "spot", "BTCUSDT")], 9)).toEqual([]);
  });

  test("more than 10 topics split into several requests (spot's documented cap)", () => {
    const specs = Array.from({ length: 23 }, (_, i) => specOf("trade", "spot", `C${i}USDT`));
    const frames = bybit.ws
      .subscribe(specs, 3)
      .map((frame) => JSON.parse(frame) as { args: string[]; req_id: string });
    expect(frames.map((frame) => frame.args.length)).toEqual([10, 10, 3]);
    expect(frames.map((frame) => frame.req_id)).toEqual(["3.0", "3.1", "3.2"]);
    expect(new Set(frames.flatMap((frame) => frame.args)).size).toBe(23);
  });
});

describe("book rules", () => {
  test("every category: stream snapshot, u chained + 1, no checksum", () => {
    for (const account of accountsOf(bybit)) {
      expect(bookRulesOf(bybit, account)).toBe(BYBIT_BOOK);
    }
    expect(BYBIT_BOOK).toEqual({ snapshotFrom: "stream", chain: "seq-increments", bridge: "any" });
  });
});

describe("registry", () => {
  test("findExchange finds bybit by id, any case", () => {
    expect(findExchange("bybit")).toBe(bybit);
    expect(findExchange(" ByBit ")).toBe(bybit);
  });
});
