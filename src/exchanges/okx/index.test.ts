// OKX wiring: the streams table per account, socket routing (public / business), subscribe frames and shared
// liquidation channels, keep-alive and limits, book rules, registry.

import { describe, expect, test } from "bun:test";
import { type Account, type Level, STREAM_KINDS, type StreamSpec } from "../../core/index.ts";
import { bookRulesOf } from "../_shared/adapter.ts";
import { findExchange } from "../index.ts";
import { OKX_BOOK, okx, okxBookChecksum, okxWsUrl } from "./index.ts";
import { canonicalOfOkxNative } from "./symbols.ts";

function specOf(kind: StreamSpec["kind"], account: Account, native: string, interval?: string): StreamSpec {
  const spec: StreamSpec = { kind, account, symbol: canonicalOfOkxNative(native) ?? native, native };
  if (interval) spec.interval = interval;
  return spec;
}

const parseFrames = (frames: string[]) => frames.map((frame) => JSON.parse(frame));

describe("streams table", () => {
  test("four accounts, each listing every stream kind", () => {
    for (const account of ["spot", "linear", "inverse", "option"] as const) {
      expect(Object.keys(okx.streams[account] ?? {}).sort()).toEqual([...STREAM_KINDS].sort());
    }
  });

  test("spot: trades, agg trades, book, klines, ticker on the socket; derivative kinds absent with a reason", () => {
    const spot = okx.streams.spot!;
    for (const kind of ["trade", "agg_trade", "book", "kline", "ticker"] as const)
      expect(spot[kind]).toMatchObject({ status: "supported", via: "ws" });
    for (const kind of ["funding_rate", "open_interest", "liquidation"] as const) {
      expect(spot[kind]?.status).toBe("wire-absent");
      expect(spot[kind]).toHaveProperty("alternative");
    }
    expect(spot.mark_price?.status).toBe("not-implemented");
  });

  test("linear and inverse: every kind on the socket", () => {
    for (const account of ["linear", "inverse"] as const) {
      for (const kind of STREAM_KINDS)
        expect(okx.streams[account]![kind]).toMatchObject({ status: "supported", via: "ws" });
    }
  });

  test("option: no funding and no liquidations", () => {
    const option = okx.streams.option!;
    expect(option.funding_rate?.status).toBe("wire-absent");
    expect(option.liquidation?.status).toBe("wire-absent");
    for (const kind of [
      "trade",
      "agg_trade",
      "book",
      "kline",
      "ticker",
      "mark_price",
      "open_interest",
    ] as const)
      expect(option[kind]).toMatchObject({ status: "supported", via: "ws" });
  });

  test("kline intervals: UTC-aligned day bars, 1s except on options", () => {
    expect(okx.klineIntervals.spot).toContain("1s");
    expect(okx.klineIntervals.spot).toContain("1d");
    expect(okx.klineIntervals.option).not.toContain("1s");
    expect(okx.klineIntervals.linear).toEqual(okx.klineIntervals.inverse);
  });
});

describe("socket", () => {
  test("candles and trades-all on /business, everything else on /public; options trade on /public", () => {
    const live = { testnet: false };
    expect(okx.ws.url("spot", live)).toBe("wss://ws.okx.com:8443/ws/v5/public");
    expect(okxWsUrl("spot", live, "kline")).toBe("wss://ws.okx.com:8443/ws/v5/business");
    expect(okxWsUrl("linear", live, "trade")).toBe("wss://ws.okx.com:8443/ws/v5/business");
    expect(okxWsUrl("option", live, "trade")).toBe("wss://ws.okx.com:8443/ws/v5/public");
    for (const kind of [
      "agg_trade",
      "book",
      "ticker",
      "mark_price",
      "funding_rate",
      "open_interest",
      "liquidation",
    ] as const)
      expect(okxWsUrl("inverse", live, kind)).toBe("wss://ws.okx.com:8443/ws/v5/public");
    expect(okxWsUrl("spot", { testnet: true }, "kline")).toBe("wss://wspap.okx.com:8443/ws/v5/business");
  });

  test("keep-alive: text ping every 20 s (under OKX's 30 s idle cut); limits", () => {
    expect(okx.ws.ping).toEqual({ everyMs: 20_000, frame: "ping" });
    expect(okx.ws.ping.everyMs).toBeLessThan(30_000);
    expect(okx.ws.silenceMs).toBeGreaterThan(okx.ws.ping.everyMs * 2);
    expect(okx.ws.maxStreamsPerSocket).toBe(30);
    expect(okx.ws.maxSendPerSecond).toBe(3);
  });

  test("subscribe: one frame of channel args with the request id", () => {
    const specs = [
      specOf("trade", "linear", "BTC-USDT-SWAP"),
      specOf("agg_trade", "linear", "BTC-USDT-SWAP"),
      specOf("book", "linear", "BTC-USDT-SWAP"),
      specOf("kline", "linear", "BTC-USDT-SWAP", "4h"),
      specOf("ticker", "linear", "BTC-USDT-SWAP"),
      specOf("mark_price", "linear", "BTC-USDT-SWAP"),
      specOf("funding_rate", "linear", "BTC-USDT-SWAP"),
      specOf("open_interest", "linear", "BTC-USDT-SWAP"),
      specOf("liquidation", "linear", "BTC-USDT-SWAP"),
      specOf("liquidation", "linear", "ETH-USDT-SWAP"),
      specOf("liquidation", "linear", "BTC-USDT-250627"),
    ];
    expect(parseFrames(okx.ws.subscribe(specs, 7))).toEqual([
      {
        id: "7",
        op: "subscribe",
        args: [
          { channel: "trades-all", instId: "BTC-USDT-SWAP" },
          { channel: "trades", instId: "BTC-USDT-SWAP" },
          { channel: "books", instId: "BTC-USDT-SWAP" },
          { channel: "candle4H", instId: "BTC-USDT-SWAP" },
          { channel: "tickers", instId: "BTC-USDT-SWAP" },
          { channel: "mark-price", instId: "BTC-USDT-SWAP" },
          { channel: "funding-rate", instId: "BTC-USDT-SWAP" },
          { channel: "open-interest", instId: "BTC-USDT-SWAP" },
          { channel: "liquidation-orders", instType: "SWAP" },
          { channel: "liquidation-orders", instType: "FUTURES" },
        ],
      },
    ]);
    expect(okx.ws.unsubscribe([specOf("kline", "spot", "BTC-USDT", "1d")], 8)).toEqual([
      '{"id":"8","op":"unsubscribe","args":[{"channel":"candle1Dutc","instId":"BTC-USDT"}]}',
    ]);
    expect(
      parseFrames(okx.ws.subscribe([specOf("trade", "option", "BTC-USD-250627-50000-C")], 9))[0].args,
    ).toEqual([{ channel: "option-trades", instType: "OPTION", instId: "BTC-USD-250627-50000-C" }]);
  });

  test("liquidations of one instType share one channel; spot derivative kinds send nothing", () => {
    const channelOf = okx.ws.channelOf!;
    expect(channelOf(specOf("liquidation", "linear", "BTC-USDT-SWAP"))).toBe(
      channelOf(specOf("liquidation", "linear", "ETH-USDT-SWAP")),
    );
    expect(channelOf(specOf("liquidation", "linear", "BTC-USDT-SWAP"))).not.toBe(
      channelOf(specOf("liquidation", "linear", "BTC-USDT-250627")),
    );
    expect(channelOf(specOf("kline", "spot", "BTC-USDT", "1m"))).not.toBe(
      channelOf(specOf("kline", "spot", "BTC-USDT", "1h")),
    );
    expect(
      okx.ws.subscribe(
        [
          specOf("funding_rate", "spot", "BTC-USDT"),
          specOf("liquidation", "spot", "BTC-USDT"),
          specOf("funding_rate", "option", "BTC-USD-250627-50000-C"),
        ],
        1,
      ),
    ).toEqual([]);
  });

  test("more than 200 channel args are split over frames", () => {
    const specs = Array.from({ length: 450 }, (_, i) => specOf("ticker", "spot", `C${i}-USDT`));
    expect(parseFrames(okx.ws.subscribe(specs, 3)).map((frame) => frame.args.length)).toEqual([200, 200, 50]);
  });
});

describe("book rules", () => {
  test("stream snapshots, prevSeqId chain, CRC32 checksum on every update", () => {
    for (const account of ["spot", "linear", "inverse", "option"] as const) {
      expect(bookRulesOf(okx, account)).toBe(OKX_BOOK);
    }
    expect(OKX_BOOK).toEqual({
      snapshotFrom: "stream",
      chain: "prev-equals-last",
      bridge: "chain",
      checksumOf: okxBookChecksum,
    });
  });

  test("checksum: the byte path hashes the same text as the joined string, whatever the texts", () => {
    const viewOf = (bids: Level[], asks: Level[]) => ({
      bids: (n: number) => bids.slice(0, n),
      asks: (n: number) => asks.slice(0, n),
    });
    const joinedCrc = (parts: string[]) => Bun.hash.crc32(parts.join(":")) | 0;
    expect(okxBookChecksum(viewOf([], []))).toBe(0);
    // Levels without venue text hash the number's own text.
    expect(okxBookChecksum(viewOf([[100.5, 2]], [[101, 0.25, "101.0"]]))).toBe(
      joinedCrc(["100.5", "2", "101.0", "0.25"]),
    );
    // Non-ASCII text (never sent by OKX) still hashes as the UTF-8 string did.
    expect(okxBookChecksum(viewOf([[1, 1, "1", "é"]], [[2, 1, "2", "1"]]))).toBe(
      joinedCrc(["1", "é", "2", "1"]),
    );
    // Texts longer than the scratch buffer: it grows.
    const long = `1.${"0".repeat(300)}`;
    const bids = Array.from({ length: 25 }, (_, i): Level => [1000 - i, 1, `${1000 - i}`, long]);
    const asks = Array.from({ length: 25 }, (_, i): Level => [1001 + i, 1, `${1001 + i}`, long]);
    const parts = bids.flatMap((bid, i) => [bid[2]!, bid[3]!, asks[i]![2]!, asks[i]![3]!]);
    expect(okxBookChecksum(viewOf(bids, asks))).toBe(joinedCrc(parts));
    expect(okxBookChecksum(viewOf([[1, 1, "1", "2"]], []))).toBe(joinedCrc(["1", "2"]));
  });
});

describe("registry", () => {
  test("findExchange finds okx", () => {
    expect(findExchange("okx")).toBe(okx);
    expect(findExchange(" OKX ")).toBe(okx);
  });
});
