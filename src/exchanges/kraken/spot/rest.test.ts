// Kraken spot REST parsers on documented bodies: AssetPairs, Ticker, Depth, Trades, OHLC and error bodies.

import { describe, expect, test } from "bun:test";
import { type Account, Dig3Error, type StreamSpec } from "../../../core/index.ts";
import type { ParseContext } from "../../_shared/adapter.ts";
import { kraken } from "../index.ts";
import { canonicalOfNative } from "../symbols.ts";

const RECV_US = 1_700_000_000_000_000;
const RECV_MS = RECV_US / 1000;
const rest = kraken.rest;

function contextOf(account: Account, recvTsUs = RECV_US): ParseContext {
  return {
    exchange: "kraken",
    account,
    recvTsUs,
    symbolOf: (native) => canonicalOfNative(native, account) ?? native,
    session: new Map(),
  };
}

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

const base = (account: Account, symbol: string, tsMs: number) => ({
  exchange: "kraken",
  account,
  symbol,
  tsMs,
  recvTsUs: RECV_US,
});

describe("spot parsers", () => {
  test("AssetPairs → instruments named as on WebSocket v2; dark pools (no wsname) left out", () => {
    const body = {
      error: [],
      result: {
        XXBTZUSD: {
          altname: "XBTUSD",
          wsname: "XBT/USD",
          aclass_base: "currency",
          base: "XXBT",
          aclass_quote: "currency",
          quote: "ZUSD",
          cost_decimals: 5,
          pair_decimals: 1,
          lot_decimals: 8,
          lot_multiplier: 1,
          ordermin: "0.0001",
          costmin: "0.5",
          tick_size: "0.1",
          status: "online",
        },
        XXDGZEUR: {
          altname: "XDGEUR",
          wsname: "XDG/EUR",
          base: "XXDG",
          quote: "ZEUR",
          pair_decimals: 7,
          lot_decimals: 8,
          status: "cancel_only",
        },
        "XXBTZUSD.d": { altname: "XBTUSD.d", base: "XXBT", quote: "ZUSD", pair_decimals: 1, lot_decimals: 8 },
      },
    };
    expect(rest.instruments("spot").parse(body, contextOf("spot"))).toEqual([
      {
        account: "spot",
        symbol: "BTC/USD",
        native: "BTC/USD",
        base: "BTC",
        quote: "USD",
        tickSize: 0.1,
        lotSize: 1e-8,
        status: "online",
        active: true,
      },
      {
        account: "spot",
        symbol: "DOGE/EUR",
        native: "DOGE/EUR",
        base: "DOGE",
        quote: "EUR",
        tickSize: 1e-7,
        lotSize: 1e-8,
        status: "cancel_only",
        active: false,
      },
    ]);
  });

  test("Ticker: 24 h values are the second of each pair; no time in the body", () => {
    const body = {
      error: [],
      result: {
        XXBTZUSD: {
          a: ["30300.10000", "1", "1.000"],
          b: ["30300.00000", "2", "2.000"],
          c: ["30303.20000", "0.00067643"],
          v: ["4083.67001100", "4412.73601799"],
          p: ["30706.77771", "30689.13205"],
          t: [34619, 38907],
          l: ["29868.30000", "29868.30000"],
          h: ["31631.00000", "31631.00000"],
          o: "30502.80000",
        },
      },
    };
    expect(rest.ticker!(specOf("spot", "BTC/USD")).parse(body, contextOf("spot"))).toEqual({
      kind: "ticker",
      ...base("spot", "BTC/USD", RECV_MS),
      last: 30303.2,
      bid: 30300,
      bidSize: 2,
      ask: 30300.1,
      askSize: 1,
      high24h: 31631,
      low24h: 29868.3,
      volume24h: 4412.73601799,
      quoteVolume24h: 4412.73601799 * 30689.13205,
    });
  });

  test("Depth → snapshot without an update id", () => {
    const body = {
      error: [],
      result: {
        XXBTZUSD: {
          asks: [["30384.10000", "2.059", 1688671659]],
          bids: [["30297.00000", "0.115", 1688671656]],
        },
      },
    };
    expect(rest.book!(specOf("spot", "BTC/USD", "book"), 10).parse(body, contextOf("spot"))).toEqual({
      kind: "book",
      ...base("spot", "BTC/USD", RECV_MS),
      type: "snapshot",
      bids: [[30297, 0.115]],
      asks: [[30384.1, 2.059]],
    });
  });

  test("Trades: b/s is the taker side, the 7th column the trade id; rows without one are skipped", () => {
    const body = {
      error: [],
      result: {
        XXBTZUSD: [
          ["30243.40000", "0.34507725", 1688669597.8277223, "b", "m", "", 61044952],
          ["30243.30000", "0.00376350", 1688669598.2804108, "s", "l", "", 61044953],
          ["30243.30000", "0.00376350", 1688669598.2804108, "s", "l", ""],
        ],
        last: "1688671969993150842",
      },
    };
    expect(rest.trades!(specOf("spot", "BTC/USD", "trade"), {}).parse(body, contextOf("spot"))).toEqual([
      {
        kind: "trade",
        ...base("spot", "BTC/USD", 1688669597828),
        price: 30243.4,
        size: 0.34507725,
        side: "buy",
        tradeId: "61044952",
      },
      {
        kind: "trade",
        ...base("spot", "BTC/USD", 1688669598280),
        price: 30243.3,
        size: 0.0037635,
        side: "sell",
        tradeId: "61044953",
      },
    ]);
  });

  test("OHLC: the last row is the bar still open; limit keeps the newest", () => {
    const body = {
      error: [],
      result: {
        XXBTZUSD: [
          [1688671080, "30290.0", "30310.0", "30280.0", "30306.1", "30300.0", "2.0", 10],
          [1688671140, "30306.1", "30306.2", "30305.7", "30305.7", "30306.1", "3.39243896", 23],
          [1688671200, "30305.7", "30307.0", "30305.0", "30306.0", "30306.0", "0.5", 2],
        ],
        last: 1688671140,
      },
    };
    const recvUs = 1688671230_000 * 1000;
    const klines = rest.klines!(specOf("spot", "BTC/USD", "kline"), { interval: "1m", limit: 2 }).parse(
      body,
      contextOf("spot", recvUs),
    );
    expect(klines).toEqual([
      {
        kind: "kline",
        exchange: "kraken",
        account: "spot",
        symbol: "BTC/USD",
        tsMs: 1688671199999,
        recvTsUs: recvUs,
        interval: "1m",
        openTimeMs: 1688671140000,
        closeTimeMs: 1688671199999,
        open: 30306.1,
        high: 30306.2,
        low: 30305.7,
        close: 30305.7,
        volume: 3.39243896,
        quoteVolume: 3.39243896 * 30306.1,
        trades: 23,
        closed: true,
      },
      expect.objectContaining({ openTimeMs: 1688671200000, closed: false, tsMs: 1688671230000 }),
    ]);
  });

  test("error bodies: unknown pair → E_VENUE with a hint, rate limit → E_RATE_LIMITED, bad shape → E_PARSE", () => {
    const unknown = thrown(() =>
      rest.ticker!(specOf("spot", "NOPE/USD")).parse(
        { error: ["EQuery:Unknown asset pair"] },
        contextOf("spot"),
      ),
    );
    expect(unknown.code).toBe("E_VENUE");
    expect(unknown.message).toContain("EQuery:Unknown asset pair");
    expect(unknown.hint).toContain("capabilities");
    expect(
      thrown(() =>
        rest.book!(specOf("spot", "BTC/USD", "book"), 10).parse(
          { error: ["EAPI:Rate limit exceeded"] },
          contextOf("spot"),
        ),
      ).code,
    ).toBe("E_RATE_LIMITED");
    for (const body of [null, "x", 5, [], {}, { error: [], result: {} }, { error: [], result: { X: "y" } }]) {
      expect(
        thrown(() => rest.book!(specOf("spot", "BTC/USD", "book"), 10).parse(body, contextOf("spot"))).code,
      ).toBe("E_PARSE");
    }
  });
});
