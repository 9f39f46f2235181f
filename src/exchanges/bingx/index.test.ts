// BingX wiring: the streams table per account, one socket per market (spot on the spot socket), the server-driven
// keep-alive and limits, dataTypes and subscribe frames, Coin-M depth choice, book rules, registry.

import { describe, expect, test } from "bun:test";
import { type Account, STREAM_KINDS, type StreamSpec } from "../../core/index.ts";
import { accountsOf, bookRulesOf } from "../_shared/adapter.ts";
import { findExchange } from "../index.ts";
import {
  BINGX_INCREMENTAL_BOOK,
  BINGX_KLINE_INTERVALS,
  BINGX_SNAPSHOT_BOOK,
  BINGX_SPOT_BOOK,
  bingx,
} from "./index.ts";
import { dataTypeOf, depthLevelOf } from "./subscribe.ts";
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
  test("three accounts, each listing every stream kind", () => {
    expect(accountsOf(bingx)).toEqual(["spot", "linear", "inverse"]);
    for (const account of accountsOf(bingx))
      expect(Object.keys(bingx.streams[account] ?? {}).sort()).toEqual([...STREAM_KINDS].sort());
  });

  test("spot: trades, book, klines, ticker on the socket; derivative kinds wire-absent with a reason", () => {
    const spot = bingx.streams.spot!;
    for (const kind of ["trade", "book", "kline", "ticker"] as const)
      expect(spot[kind]).toMatchObject({ status: "supported", via: "ws" });
    for (const kind of ["agg_trade", "mark_price", "funding_rate", "open_interest", "liquidation"] as const) {
      expect(spot[kind]?.status).toBe("wire-absent");
      expect(spot[kind]).toHaveProperty("reason");
    }
  });

  test("perpetuals: socket streams, open interest and funding polled, no liquidations or agg trades", () => {
    for (const account of ["linear", "inverse"] as const) {
      const table = bingx.streams[account]!;
      for (const kind of ["trade", "book", "kline", "ticker", "mark_price"] as const)
        expect(table[kind]).toMatchObject({ status: "supported", via: "ws" });
      expect(table.open_interest).toMatchObject({
        status: "supported",
        via: "rest-poll",
        pollEveryMs: 10_000,
      });
      expect(table.funding_rate).toMatchObject({
        status: "supported",
        via: "rest-poll",
        pollEveryMs: 15_000,
      });
      expect(table.liquidation).toMatchObject({ status: "wire-absent" });
      expect(table.agg_trade).toMatchObject({ status: "wire-absent", alternative: "use trades" });
    }
    expect(JSON.stringify(bingx.streams.linear!.trade)).toContain("no trade id");
    expect(JSON.stringify(bingx.streams.linear!.open_interest)).toContain(
      "/openApi/swap/v2/quote/openInterest",
    );
  });

  test("kline intervals: spot 1m to 1d as BingX spot names them, perpetuals 1m to 1M", () => {
    expect(BINGX_KLINE_INTERVALS.spot).toEqual(["1m", "5m", "15m", "30m", "1h", "1d"]);
    expect(bingx.klineIntervals.linear).toEqual([
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
      "1w",
      "1M",
    ]);
    expect(bingx.klineIntervals.inverse).toEqual(bingx.klineIntervals.linear);
  });
});

describe("socket", () => {
  test("one socket per market — spot streams go to the spot socket, not the swap one", () => {
    const live = { testnet: false };
    expect(bingx.ws.url("spot", live)).toBe("wss://open-api-ws.bingx.com/market");
    expect(bingx.ws.url("linear", live, "trade")).toBe("wss://open-api-swap.bingx.com/swap-market");
    expect(bingx.ws.url("inverse", live)).toBe("wss://open-api-cswap-ws.bingx.com/market");
    expect(bingx.ws.url("linear", { testnet: true })).toBe("wss://vst-open-api-ws.bingx.com/swap-market");
    expect(bingx.ws.url("spot", { testnet: true })).toBe("wss://open-api-ws.bingx.com/market");
  });

  test("keep-alive is the server's: no client ping, silence well past the 5 s server ping; limits", () => {
    expect(bingx.ws.ping).toEqual({ everyMs: 0, frame: null });
    expect(bingx.ws.silenceMs).toBeGreaterThanOrEqual(5_000 * 4);
    expect(bingx.ws.maxStreamsPerSocket).toBe(200);
    expect(bingx.ws.maxStreamsPerFrame).toBe(1);
    expect(bingx.ws.maxSendPerSecond).toBeLessThan(10);
  });

  test("dataTypes per stream kind and account", () => {
    expect(dataTypeOf(specOf("trade", "spot", "BTC-USDT"))).toBe("BTC-USDT@trade");
    expect(dataTypeOf(specOf("book", "spot", "BTC-USDT"))).toBe("BTC-USDT@incrDepth");
    expect(dataTypeOf(specOf("book", "linear", "BTC-USDT", { depth: 5 }))).toBe("BTC-USDT@incrDepth");
    expect(dataTypeOf(specOf("book", "inverse", "BTC-USD"))).toBe("BTC-USD@depth100");
    expect(dataTypeOf(specOf("book", "inverse", "BTC-USD", { depth: 7 }))).toBe("BTC-USD@depth10");
    expect(dataTypeOf(specOf("kline", "spot", "BTC-USDT"))).toBe("BTC-USDT@kline_1min");
    expect(dataTypeOf(specOf("kline", "spot", "BTC-USDT", { interval: "1h" }))).toBe("BTC-USDT@kline_60min");
    expect(dataTypeOf(specOf("kline", "spot", "BTC-USDT", { interval: "1d" }))).toBe("BTC-USDT@kline_1day");
    expect(dataTypeOf(specOf("kline", "spot", "BTC-USDT", { interval: "4h" }))).toBeUndefined();
    expect(dataTypeOf(specOf("kline", "linear", "BTC-USDT", { interval: "4h" }))).toBe("BTC-USDT@kline_4h");
    expect(dataTypeOf(specOf("ticker", "inverse", "BTC-USD"))).toBe("BTC-USD@ticker");
    expect(dataTypeOf(specOf("mark_price", "linear", "BTC-USDT"))).toBe("BTC-USDT@markPrice");
    expect(dataTypeOf(specOf("mark_price", "spot", "BTC-USDT"))).toBeUndefined();
    for (const kind of ["agg_trade", "funding_rate", "open_interest", "liquidation"] as const)
      expect(dataTypeOf(specOf(kind, "linear", "BTC-USDT"))).toBeUndefined();
  });

  test("Coin-M depth: the shallowest offered level that covers the wanted one, 100 by default", () => {
    expect(depthLevelOf(undefined)).toBe(100);
    expect(depthLevelOf(1)).toBe(5);
    expect(depthLevelOf(20)).toBe(20);
    expect(depthLevelOf(21)).toBe(50);
    expect(depthLevelOf(5000)).toBe(100);
  });

  test("a book's wanted depth does not split the incrDepth channel; accounts and intervals do", () => {
    const channelOf = bingx.ws.channelOf!;
    expect(channelOf(specOf("book", "linear", "BTC-USDT", { depth: 5 }))).toBe(
      channelOf(specOf("book", "linear", "BTC-USDT", { depth: 500 })),
    );
    expect(channelOf(specOf("book", "linear", "BTC-USDT"))).not.toBe(
      channelOf(specOf("book", "spot", "BTC-USDT")),
    );
    expect(channelOf(specOf("kline", "linear", "BTC-USDT", { interval: "1m" }))).not.toBe(
      channelOf(specOf("kline", "linear", "BTC-USDT", { interval: "5m" })),
    );
  });

  test("subscribe: one request per dataType, the request id echoed; unsubscribe mirrors it", () => {
    const specs = [
      specOf("trade", "linear", "BTC-USDT"),
      specOf("book", "linear", "BTC-USDT"),
      specOf("book", "linear", "BTC-USDT", { depth: 20 }),
      specOf("funding_rate", "linear", "BTC-USDT"),
    ];
    expect(bingx.ws.subscribe(specs, 7)).toEqual([
      '{"id":"7.0","reqType":"sub","dataType":"BTC-USDT@trade"}',
      '{"id":"7.1","reqType":"sub","dataType":"BTC-USDT@incrDepth"}',
    ]);
    expect(bingx.ws.subscribe([specOf("ticker", "spot", "ETH-USDT")], 8)).toEqual([
      '{"id":"8","reqType":"sub","dataType":"ETH-USDT@ticker"}',
    ]);
    expect(bingx.ws.unsubscribe([specOf("kline", "spot", "BTC-USDT")], 9)).toEqual([
      '{"id":"9","reqType":"unsub","dataType":"BTC-USDT@kline_1min"}',
    ]);
    expect(bingx.ws.subscribe([specOf("liquidation", "linear", "BTC-USDT")], 10)).toEqual([]);
  });
});

describe("book rules", () => {
  test("spot and swap: stream snapshot, lastUpdateId + 1; spot cut to 1000 levels; Coin-M snapshots only", () => {
    expect(BINGX_INCREMENTAL_BOOK).toEqual({
      snapshotFrom: "stream",
      chain: "seq-increments",
      bridge: "chain",
    });
    expect(BINGX_SPOT_BOOK).toEqual({ ...BINGX_INCREMENTAL_BOOK, maxDepth: 1000 });
    expect(BINGX_SNAPSHOT_BOOK).toEqual({ snapshotFrom: "stream", chain: "none", bridge: "any" });
    expect(bookRulesOf(bingx, "spot")).toBe(BINGX_SPOT_BOOK);
    expect(bookRulesOf(bingx, "linear")).toBe(BINGX_INCREMENTAL_BOOK);
    expect(bookRulesOf(bingx, "inverse")).toBe(BINGX_SNAPSHOT_BOOK);
    for (const account of accountsOf(bingx)) expect(bookRulesOf(bingx, account).checksumOf).toBeUndefined();
  });
});

describe("registry", () => {
  test("findExchange finds bingx by id, any case", () => {
    expect(findExchange("bingx")).toBe(bingx);
    expect(findExchange(" BingX ")).toBe(bingx);
  });
});
