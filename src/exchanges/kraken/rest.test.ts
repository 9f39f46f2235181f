// Kraken REST: base URLs, budget, request shapes per market (spot `/0/public`, futures `/derivatives/api/v3`,
// charts, funding) and recognize() for recorded URLs. Parsers: spot/rest.test.ts, futures/rest.test.ts.

import { describe, expect, test } from "bun:test";
import { type Account, Dig3Error, type StreamSpec } from "../../core/index.ts";
import { kraken } from "./index.ts";
import { canonicalOfNative } from "./symbols.ts";

const rest = kraken.rest;

function specOf(account: Account, native: string, kind: StreamSpec["kind"] = "ticker"): StreamSpec {
  return { kind, account, symbol: canonicalOfNative(native, account) ?? native, native };
}

function thrown(run: () => unknown): Dig3Error {
  try {
    run();
  } catch (error) {
    if (error instanceof Dig3Error) return error;
    throw error;
  }
  throw new Error("expected a Dig3Error");
}

describe("endpoints", () => {
  test("base URLs per market; futures have a demo host", () => {
    expect(rest.baseUrl("spot", { testnet: false })).toBe("https://api.kraken.com");
    expect(rest.baseUrl("spot", { testnet: true })).toBe("https://api.kraken.com");
    expect(rest.baseUrl("linear", { testnet: false })).toBe("https://futures.kraken.com");
    expect(rest.baseUrl("inverse", { testnet: true })).toBe("https://demo-futures.kraken.com");
    expect(thrown(() => rest.baseUrl("option", { testnet: false })).code).toBe("E_WIRE_ABSENT");
    expect(rest.rateLimit).toEqual({ weight: 5, perMs: 5_000 });
  });

  test("spot paths and queries: pairs in REST spelling", () => {
    expect(rest.instruments("spot")).toMatchObject({ path: "/0/public/AssetPairs" });
    expect(rest.ticker!(specOf("spot", "BTC/USD"))).toMatchObject({
      path: "/0/public/Ticker",
      query: { pair: "XBTUSD" },
    });
    expect(rest.book!(specOf("spot", "ETH/BTC", "book"), 5000)).toMatchObject({
      path: "/0/public/Depth",
      query: { pair: "ETHXBT", count: 500 },
    });
    expect(rest.trades!(specOf("spot", "BTC/USD", "trade"), { limit: 20 })).toMatchObject({
      path: "/0/public/Trades",
      query: { pair: "XBTUSD", count: 20 },
    });
    expect(
      rest.klines!(specOf("spot", "BTC/USD", "kline"), { interval: "4h", startMs: 1_688_671_200_000 }),
    ).toMatchObject({
      path: "/0/public/OHLC",
      query: { pair: "XBTUSD", interval: 240, since: 1_688_671_199 },
    });
    expect(thrown(() => rest.klines!(specOf("spot", "BTC/USD", "kline"), { interval: "3m" })).code).toBe(
      "E_BAD_INTERVAL",
    );
    expect(thrown(() => rest.fundingHistory!(specOf("spot", "BTC/USD"), {})).code).toBe("E_WIRE_ABSENT");
    expect(thrown(() => rest.openInterest!(specOf("spot", "BTC/USD"))).code).toBe("E_WIRE_ABSENT");
  });

  test("futures paths: one instruments and tickers list for both families, charts and funding", () => {
    expect(rest.instruments("inverse")).toMatchObject({ path: "/derivatives/api/v3/instruments" });
    expect(rest.ticker!(specOf("linear", "PF_XBTUSD"))).toMatchObject({
      path: "/derivatives/api/v3/tickers",
    });
    expect(rest.openInterest!(specOf("inverse", "PI_XBTUSD"))).toMatchObject({
      path: "/derivatives/api/v3/tickers",
    });
    expect(rest.book!(specOf("linear", "PF_XBTUSD", "book"), 100)).toMatchObject({
      path: "/derivatives/api/v3/orderbook",
      query: { symbol: "PF_XBTUSD" },
    });
    expect(rest.trades!(specOf("inverse", "PI_XBTUSD", "trade"), {})).toMatchObject({
      path: "/derivatives/api/v3/history",
      query: { symbol: "PI_XBTUSD" },
    });
    expect(
      rest.klines!(specOf("linear", "PF_XBTUSD", "kline"), {
        interval: "1h",
        startMs: 1_680_000_000_000,
        limit: 10,
      }),
    ).toMatchObject({
      path: "/api/charts/v1/trade/PF_XBTUSD/1h",
      query: { from: 1_680_000_000, to: 1_680_036_000 },
    });
    expect(rest.fundingHistory!(specOf("linear", "PF_XBTUSD"), {})).toMatchObject({
      path: "/derivatives/api/v4/historicalfundingrates",
      query: { symbol: "PF_XBTUSD" },
    });
    expect(thrown(() => rest.fundingHistory!(specOf("inverse", "FI_XBTUSD_240927"), {})).code).toBe(
      "E_WIRE_ABSENT",
    );
    expect(thrown(() => rest.klines!(specOf("linear", "PF_XBTUSD", "kline"), { interval: "2h" })).code).toBe(
      "E_BAD_INTERVAL",
    );
  });

  test("recognize maps recorded URLs to calls by path, natives in dig3's spelling", () => {
    const recognize = rest.recognize!;
    expect(recognize(new URL("https://api.kraken.com/0/public/Depth?pair=XBTUSD&count=100"))).toEqual({
      call: "book",
      account: "spot",
      native: "BTC/USD",
    });
    expect(recognize(new URL("https://api.kraken.com/0/public/AssetPairs"))).toEqual({
      call: "instruments",
      account: "spot",
      native: "",
    });
    expect(recognize(new URL("https://api.kraken.com/0/public/OHLC?pair=XXBTZUSD&interval=1"))).toMatchObject(
      {
        call: "klines",
        native: "BTC/USD",
      },
    );
    expect(
      recognize(new URL("https://futures.kraken.com/derivatives/api/v3/orderbook?symbol=pi_xbtusd")),
    ).toEqual({
      call: "book",
      account: "inverse",
      native: "PI_XBTUSD",
    });
    expect(
      recognize(new URL("https://futures.kraken.com/derivatives/api/v3/history?symbol=PF_XBTUSD")),
    ).toEqual({
      call: "trades",
      account: "linear",
      native: "PF_XBTUSD",
    });
    expect(
      recognize(
        new URL("https://futures.kraken.com/derivatives/api/v4/historicalfundingrates?symbol=PI_XBTUSD"),
      ),
    ).toEqual({ call: "fundingHistory", account: "inverse", native: "PI_XBTUSD" });
    expect(recognize(new URL("https://futures.kraken.com/api/charts/v1/trade/PF_ETHUSD/1m?from=1"))).toEqual({
      call: "klines",
      account: "linear",
      native: "PF_ETHUSD",
    });
    expect(recognize(new URL("https://api.kraken.com/0/public/Time"))).toBeUndefined();
    expect(recognize(new URL("https://futures.kraken.com/derivatives/api/v3/openorders"))).toBeUndefined();
    expect(recognize(new URL("https://api.binance.com/api/v3/depth?symbol=BTCUSDT"))).toBeUndefined();
  });
});
