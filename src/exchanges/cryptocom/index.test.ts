// Crypto.com wiring: the streams table per market, socket URL, settle pause and keep-alive, subscribe frames (book
// parameters, shared channels once, the mark with its index, 100 channels a frame), book rules and the registry entry.

import { describe, expect, test } from "bun:test";
import { type Account, STREAM_KINDS, type StreamSpec } from "../../core/index.ts";
import { bookRulesOf } from "../_shared/adapter.ts";
import { findExchange } from "../index.ts";
import { CRYPTOCOM_BOOK, CRYPTOCOM_KLINE_INTERVALS, cryptocom } from "./index.ts";
import { bookDepthOf, channelNamesOf } from "./subscribe.ts";
import { describeCryptocomNative } from "./symbols.ts";

function specOf(kind: StreamSpec["kind"], native: string, extra: Partial<StreamSpec> = {}): StreamSpec {
  const described = describeCryptocomNative(native)!;
  return { kind, account: described.account, symbol: described.symbol, native, ...extra };
}

interface Request {
  id: number;
  method: string;
  params: { channels: string[]; book_subscription_type?: string; book_update_frequency?: number };
  nonce: number;
}

function framesOf(frames: string[]): Request[] {
  return frames.map((frame) => JSON.parse(frame) as Request);
}

describe("streams table", () => {
  test("two markets, every stream kind listed on each", () => {
    expect(Object.keys(cryptocom.streams).sort()).toEqual(["linear", "spot"]);
    for (const account of ["spot", "linear"] as const)
      expect(Object.keys(cryptocom.streams[account] ?? {}).sort()).toEqual([...STREAM_KINDS].sort());
  });

  test("no aggregate trades or liquidations anywhere; spot lacks the derivative kinds; all on the socket", () => {
    const support = (account: Account, kind: (typeof STREAM_KINDS)[number]) =>
      cryptocom.streams[account]?.[kind]?.status;
    for (const account of ["spot", "linear"] as const) {
      expect(support(account, "agg_trade")).toBe("wire-absent");
      expect(support(account, "liquidation")).toBe("wire-absent");
      for (const kind of ["trade", "book", "kline", "ticker"] as const)
        expect(support(account, kind)).toBe("supported");
    }
    for (const kind of ["mark_price", "funding_rate", "open_interest"] as const) {
      expect(support("spot", kind)).toBe("wire-absent");
      expect(support("linear", kind)).toBe("supported");
    }
    for (const table of Object.values(cryptocom.streams))
      for (const entry of Object.values(table ?? {}))
        if (entry.status === "supported") expect(entry.via).toBe("ws");
    expect(cryptocom.streams.spot?.agg_trade).toMatchObject({ alternative: "use trades" });
  });

  test("kline intervals: the candlestick timeframes with canonical names", () => {
    expect(CRYPTOCOM_KLINE_INTERVALS.spot).toEqual([
      "1m",
      "5m",
      "15m",
      "30m",
      "1h",
      "2h",
      "4h",
      "12h",
      "1d",
      "1w",
      "1M",
    ]);
    expect(cryptocom.klineIntervals).toEqual(CRYPTOCOM_KLINE_INTERVALS);
  });
});

describe("socket", () => {
  test("one market-data URL for both markets; UAT sandbox", () => {
    for (const account of ["spot", "linear"] as const) {
      expect(cryptocom.ws.url(account, { testnet: false })).toBe(
        "wss://stream.crypto.com/exchange/v1/market",
      );
      expect(cryptocom.ws.url(account, { testnet: true })).toBe(
        "wss://uat-stream.3ona.co/exchange/v1/market",
      );
    }
  });

  test("1 s settle before the first request; keep-alive and limits", () => {
    expect(cryptocom.ws.settleMs).toBe(1_000);
    expect(cryptocom.ws.ping).toEqual({ everyMs: 30_000, frame: "native" });
    expect(cryptocom.ws.silenceMs).toBeGreaterThan(2 * 30_000);
    expect(cryptocom.ws.maxStreamsPerSocket).toBe(200);
    expect(cryptocom.ws.maxSendPerSecond).toBe(50);
    expect(cryptocom.ws.maxStreamsPerFrame).toBe(100);
  });

  test("channels per stream kind", () => {
    expect(channelNamesOf(specOf("trade", "BTC_USDT"))).toEqual(["trade.BTC_USDT"]);
    expect(channelNamesOf(specOf("book", "BTC_USDT"))).toEqual(["book.BTC_USDT.50"]);
    expect(channelNamesOf(specOf("book", "BTCUSD-PERP", { depth: 5 }))).toEqual(["book.BTCUSD-PERP.10"]);
    expect(channelNamesOf(specOf("book", "BTCUSD-PERP", { depth: 400 }))).toEqual(["book.BTCUSD-PERP.50"]);
    expect(channelNamesOf(specOf("ticker", "BTCUSD-PERP"))).toEqual(["ticker.BTCUSD-PERP"]);
    expect(channelNamesOf(specOf("open_interest", "BTCUSD-PERP"))).toEqual(["ticker.BTCUSD-PERP"]);
    expect(channelNamesOf(specOf("kline", "BTC_USDT"))).toEqual(["candlestick.1m.BTC_USDT"]);
    expect(channelNamesOf(specOf("kline", "BTC_USDT", { interval: "1d" }))).toEqual([
      "candlestick.1D.BTC_USDT",
    ]);
    expect(channelNamesOf(specOf("kline", "BTC_USDT", { interval: "1w" }))).toEqual([
      "candlestick.7D.BTC_USDT",
    ]);
    expect(channelNamesOf(specOf("mark_price", "BTCUSD-PERP"))).toEqual([
      "mark.BTCUSD-PERP",
      "index.BTCUSD-INDEX",
    ]);
    expect(channelNamesOf(specOf("funding_rate", "BTCUSD-PERP"))).toEqual(["funding.BTCUSD-PERP"]);
    expect(channelNamesOf(specOf("agg_trade", "BTC_USDT"))).toEqual([]);
    expect(channelNamesOf(specOf("liquidation", "BTCUSD-PERP"))).toEqual([]);
    expect(bookDepthOf(undefined)).toBe(50);
    expect(bookDepthOf(10)).toBe(10);
    expect(bookDepthOf(11)).toBe(50);
    expect(cryptocom.ws.channelOf!(specOf("ticker", "BTCUSD-PERP"))).toBe(
      cryptocom.ws.channelOf!(specOf("open_interest", "BTCUSD-PERP")),
    );
    expect(cryptocom.ws.channelOf!(specOf("mark_price", "BTCUSD-PERP"))).toBe(
      "linear|mark.BTCUSD-PERP,index.BTCUSD-INDEX",
    );
  });

  test("subscribe: each channel once, book parameters on frames with a book channel, a nonce in ms", () => {
    const before = Date.now();
    const frames = framesOf(
      cryptocom.ws.subscribe(
        [
          specOf("trade", "BTCUSD-PERP"),
          specOf("book", "BTCUSD-PERP"),
          specOf("ticker", "BTCUSD-PERP"),
          specOf("open_interest", "BTCUSD-PERP"),
          specOf("mark_price", "BTCUSD-PERP"),
          specOf("funding_rate", "BTCUSD-PERP"),
          specOf("kline", "BTCUSD-PERP", { interval: "5m" }),
          specOf("liquidation", "BTCUSD-PERP"),
        ],
        7,
      ),
    );
    expect(frames).toHaveLength(1);
    expect(frames[0]).toEqual({
      id: 7,
      method: "subscribe",
      params: {
        channels: [
          "trade.BTCUSD-PERP",
          "book.BTCUSD-PERP.50",
          "ticker.BTCUSD-PERP",
          "mark.BTCUSD-PERP",
          "index.BTCUSD-INDEX",
          "funding.BTCUSD-PERP",
          "candlestick.5m.BTCUSD-PERP",
        ],
        book_subscription_type: "SNAPSHOT_AND_UPDATE",
        book_update_frequency: 100,
      },
      nonce: expect.any(Number),
    });
    expect(frames[0]!.nonce).toBeGreaterThanOrEqual(before);
    expect(frames[0]!.nonce).toBeLessThanOrEqual(Date.now());
    expect(framesOf(cryptocom.ws.subscribe([specOf("trade", "BTC_USDT")], 8))[0]!.params).toEqual({
      channels: ["trade.BTC_USDT"],
    });
    expect(cryptocom.ws.subscribe([specOf("agg_trade", "BTC_USDT")], 9)).toEqual([]);
  });

  test("unsubscribe: no book parameters; a shared index channel stays subscribed", () => {
    const [frame] = framesOf(
      cryptocom.ws.unsubscribe([specOf("mark_price", "BTCUSD-PERP"), specOf("book", "BTC_USDT")], 11),
    );
    expect(frame).toEqual({
      id: 11,
      method: "unsubscribe",
      params: { channels: ["mark.BTCUSD-PERP", "book.BTC_USDT.50"] },
      nonce: expect.any(Number),
    });
  });

  test("large batches split at 100 channels a frame", () => {
    const specs = Array.from({ length: 250 }, (_, i) => specOf("trade", `C${i}_USDT`));
    const frames = framesOf(cryptocom.ws.subscribe(specs, 1));
    expect(frames.map((f) => f.params.channels.length)).toEqual([100, 100, 50]);
    expect(new Set(frames.map((f) => f.id))).toEqual(new Set([1]));
  });
});

describe("book rules", () => {
  test("snapshot from the stream, pu chains to the last u, no checksum function", () => {
    for (const account of ["spot", "linear"] as const)
      expect(bookRulesOf(cryptocom, account)).toBe(CRYPTOCOM_BOOK);
    expect(CRYPTOCOM_BOOK).toEqual({ snapshotFrom: "stream", chain: "prev-equals-last", bridge: "chain" });
  });
});

test("registered as cryptocom", () => {
  expect(findExchange("CryptoCom")).toBe(cryptocom);
  expect(cryptocom.name).toBe("Crypto.com Exchange");
  expect(cryptocom.docs).toStartWith("https://exchange-developer.crypto.com/exchange/v1/docs/");
});
