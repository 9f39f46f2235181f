// dYdX v4 wiring: the streams table (linear only), socket URLs and keep-alive, subscribe frames (shared v4_markets
// channel, batched book and trades), book rules and the registry entry.

import { describe, expect, test } from "bun:test";
import { STREAM_KINDS, type StreamSpec } from "../../core/index.ts";
import { bookRulesOf } from "../_shared/adapter.ts";
import { findExchange } from "../index.ts";
import { DYDX_BOOK, dydx } from "./index.ts";

const spec = (kind: StreamSpec["kind"], native = "BTC-USD", interval?: string): StreamSpec => ({
  kind,
  account: "linear",
  symbol: "BTC/USD:USDC",
  native,
  ...(interval ? { interval } : {}),
});

describe("streams table", () => {
  test("linear only, every stream kind listed; only agg trades absent", () => {
    expect(Object.keys(dydx.streams)).toEqual(["linear"]);
    const table = dydx.streams.linear ?? {};
    expect(Object.keys(table).sort()).toEqual([...STREAM_KINDS].sort());
    for (const kind of STREAM_KINDS) {
      if (kind === "agg_trade") expect(table[kind]?.status).toBe("wire-absent");
      else expect(table[kind]).toMatchObject({ status: "supported", via: "ws" });
    }
    expect(dydx.klineIntervals.linear).toEqual(["1m", "5m", "15m", "30m", "1h", "4h", "1d"]);
  });
});

describe("socket", () => {
  test("URLs, native keep-alive, limits", () => {
    expect(dydx.ws.url("linear", { testnet: false })).toBe("wss://indexer.dydx.trade/v4/ws");
    expect(dydx.ws.url("linear", { testnet: true })).toBe("wss://indexer.v4testnet.dydx.exchange/v4/ws");
    expect(dydx.ws.ping).toEqual({ everyMs: 30_000, frame: "native" });
    expect(dydx.ws.maxStreamsPerFrame).toBe(1);
  });

  test("subscribe / unsubscribe frames", () => {
    expect(
      dydx.ws.subscribe(
        [spec("book"), spec("trade"), spec("liquidation"), spec("kline", "BTC-USD", "5m")],
        1,
      ),
    ).toEqual([
      '{"type":"subscribe","channel":"v4_orderbook","id":"BTC-USD","batched":true}',
      '{"type":"subscribe","channel":"v4_trades","id":"BTC-USD","batched":true}',
      '{"type":"subscribe","channel":"v4_candles","id":"BTC-USD/5MINS"}',
    ]);
    expect(
      dydx.ws.subscribe([spec("mark_price"), spec("funding_rate", "ETH-USD"), spec("ticker")], 2),
    ).toEqual(['{"type":"subscribe","channel":"v4_markets","batched":true}']);
    expect(dydx.ws.unsubscribe([spec("book")], 3)).toEqual([
      '{"type":"unsubscribe","channel":"v4_orderbook","id":"BTC-USD"}',
    ]);
    expect(dydx.ws.subscribe([spec("agg_trade")], 4)).toEqual([]);
  });

  test("shared channels: v4_markets for every market, v4_trades for trades and liquidations", () => {
    const channelOf = dydx.ws.channelOf!;
    expect(channelOf(spec("mark_price"))).toBe(channelOf(spec("open_interest", "ETH-USD")));
    expect(channelOf(spec("trade"))).toBe(channelOf(spec("liquidation")));
    expect(channelOf(spec("trade"))).not.toBe(channelOf(spec("book")));
  });
});

describe("book rules and registry", () => {
  test("snapshot from the stream, chained by the connection's message_id, no checksum", () => {
    expect(bookRulesOf(dydx, "linear")).toBe(DYDX_BOOK);
    expect(DYDX_BOOK).toEqual({ snapshotFrom: "stream", chain: "prev-equals-last", bridge: "chain" });
  });

  test("registered as a dex", () => {
    expect(findExchange("DYDX")).toBe(dydx);
    expect(dydx.category).toBe("dex");
  });
});
