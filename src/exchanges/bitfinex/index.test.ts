// Bitfinex wiring: the streams table per account, socket URL and keep-alive, subscribe / unsubscribe frames,
// shared channels, book rules and the registry.

import { describe, expect, test } from "bun:test";
import { type Account, STREAM_KINDS, type StreamSpec } from "../../core/index.ts";
import { bookRulesOf } from "../_shared/adapter.ts";
import { findExchange } from "../index.ts";
import { BITFINEX_BOOK } from "./book.ts";
import { BITFINEX_KLINE_INTERVALS, BITFINEX_WS_URL, bitfinex } from "./index.ts";
import { bookLengthOf, channelOfSpec, subscribeFrames, unsubscribeFrames } from "./subscribe.ts";
import { canonicalOfNative } from "./symbols.ts";

function specOf(
  kind: StreamSpec["kind"],
  account: Account,
  native: string,
  extra: Partial<StreamSpec> = {},
): StreamSpec {
  return { kind, account, symbol: canonicalOfNative(native, account) ?? native, native, ...extra };
}

describe("streams table", () => {
  test("spot and linear list every stream kind; no inverse or option market", () => {
    for (const account of ["spot", "linear"] as const) {
      expect(Object.keys(bitfinex.streams[account] ?? {}).sort()).toEqual([...STREAM_KINDS].sort());
    }
    expect(bitfinex.streams.inverse).toBeUndefined();
    expect(bitfinex.streams.option).toBeUndefined();
  });

  test("spot: socket streams, derivatives kinds and aggregates wire-absent with a reason", () => {
    const spot = bitfinex.streams.spot!;
    for (const kind of ["trade", "book", "kline", "ticker", "liquidation"] as const)
      expect(spot[kind]).toMatchObject({ status: "supported", via: "ws" });
    for (const kind of ["agg_trade", "mark_price", "funding_rate", "open_interest"] as const) {
      expect(spot[kind]?.status).toBe("wire-absent");
      expect(spot[kind]).toHaveProperty("reason");
    }
  });

  test("linear: everything on the socket but aggregates", () => {
    const linear = bitfinex.streams.linear!;
    for (const kind of STREAM_KINDS) {
      if (kind === "agg_trade") expect(linear[kind]?.status).toBe("wire-absent");
      else expect(linear[kind]).toMatchObject({ status: "supported", via: "ws" });
    }
  });

  test("kline intervals on both accounts", () => {
    expect(BITFINEX_KLINE_INTERVALS).toEqual([
      "1m",
      "5m",
      "15m",
      "30m",
      "1h",
      "3h",
      "6h",
      "12h",
      "1d",
      "1w",
      "14d",
      "1M",
    ]);
    expect(bitfinex.klineIntervals).toEqual({
      spot: BITFINEX_KLINE_INTERVALS,
      linear: BITFINEX_KLINE_INTERVALS,
    });
  });
});

describe("socket", () => {
  test("one public URL, app-level ping, 25 channels per connection", () => {
    expect(bitfinex.ws.url("spot", { testnet: false })).toBe("wss://api-pub.bitfinex.com/ws/2");
    expect(bitfinex.ws.url("linear", { testnet: false }, "book")).toBe(BITFINEX_WS_URL);
    expect(bitfinex.ws.ping).toEqual({ everyMs: 20_000, frame: '{"event":"ping","cid":1}' });
    expect(bitfinex.ws.silenceMs).toBeGreaterThan(15_000);
    expect(bitfinex.ws.maxStreamsPerSocket).toBe(25);
  });

  test("subscribe: conf first, then one frame per channel, shared channels once", () => {
    const specs = [
      specOf("trade", "linear", "tBTCF0:USTF0"),
      specOf("book", "linear", "tBTCF0:USTF0"),
      specOf("kline", "linear", "tBTCF0:USTF0", { interval: "1d" }),
      specOf("ticker", "linear", "tBTCF0:USTF0"),
      specOf("mark_price", "linear", "tBTCF0:USTF0"),
      specOf("funding_rate", "linear", "tBTCF0:USTF0"),
      specOf("open_interest", "linear", "tBTCF0:USTF0"),
      specOf("liquidation", "linear", "tBTCF0:USTF0"),
      specOf("liquidation", "linear", "tETHF0:USTF0"),
      specOf("agg_trade", "linear", "tBTCF0:USTF0"),
    ];
    expect(subscribeFrames(specs, 1).map((frame) => JSON.parse(frame))).toEqual([
      { event: "conf", flags: 32_768 + 65_536 + 131_072 },
      { event: "subscribe", channel: "trades", symbol: "tBTCF0:USTF0" },
      { event: "subscribe", channel: "book", symbol: "tBTCF0:USTF0", prec: "P0", freq: "F0", len: "25" },
      { event: "subscribe", channel: "candles", key: "trade:1D:tBTCF0:USTF0" },
      { event: "subscribe", channel: "ticker", symbol: "tBTCF0:USTF0" },
      { event: "subscribe", channel: "status", key: "deriv:tBTCF0:USTF0" },
      { event: "subscribe", channel: "status", key: "liq:global" },
    ]);
    expect(channelOfSpec(specs[4]!)).toBe(channelOfSpec(specs[6]!));
    expect(channelOfSpec(specs[7]!)).toBe(channelOfSpec(specs[8]!));
    expect(channelOfSpec(specs[1]!)).toBe("linear|book:tBTCF0:USTF0");
  });

  test("book length from the wanted depth", () => {
    expect([undefined, 1, 10, 25, 26, 100, 101, 5000].map(bookLengthOf)).toEqual([
      "25",
      "1",
      "25",
      "25",
      "100",
      "100",
      "250",
      "250",
    ]);
  });

  test("unsubscribe needs the channel id from this connection's acks", () => {
    const spec = specOf("book", "spot", "tBTCUSD");
    expect(unsubscribeFrames([spec], 2)).toEqual([]);
    const session = new Map<string, unknown>();
    const context = {
      exchange: "bitfinex",
      account: "spot" as const,
      recvTsUs: 1,
      symbolOf: (n: string) => n,
      session,
    };
    bitfinex.ws.parse(
      '{"event":"subscribed","channel":"book","chanId":42,"symbol":"tBTCUSD","prec":"P0","len":"25"}',
      context,
    );
    expect(unsubscribeFrames([spec], 2, session)).toEqual(['{"event":"unsubscribe","chanId":42}']);
  });
});

describe("wiring", () => {
  test("book rules, docs, registry", () => {
    expect(bookRulesOf(bitfinex, "spot")).toBe(BITFINEX_BOOK);
    expect(bookRulesOf(bitfinex, "linear")).toBe(BITFINEX_BOOK);
    expect(bitfinex.docs).toStartWith("https://docs.bitfinex.com/");
    expect(findExchange("Bitfinex")).toBe(bitfinex);
  });
});
