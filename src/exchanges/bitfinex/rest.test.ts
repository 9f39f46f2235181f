// Bitfinex REST: the calls (paths, queries, weights), the parsers over docs-shaped bodies and the recorded config
// lists, error bodies, and recognize() of recorded URLs.

import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Account, Dig3Error, type StreamSpec } from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";
import { bitfinex } from "./index.ts";
import { parseInstruments } from "./rest.ts";
import { canonicalOfNative } from "./symbols.ts";

const RECV_US = 1_700_000_000_000_000;
const RECV_MS = RECV_US / 1000;

function contextOf(account: Account): ParseContext {
  return {
    exchange: "bitfinex",
    account,
    recvTsUs: RECV_US,
    symbolOf: (native) => canonicalOfNative(native, account) ?? native,
    session: new Map(),
  };
}

function specOf(kind: StreamSpec["kind"], account: Account, native: string): StreamSpec {
  return { kind, account, symbol: canonicalOfNative(native, account) ?? native, native };
}

const rest = bitfinex.rest;
const SPOT = specOf("book", "spot", "tBTCUSD");
const PERP = specOf("book", "linear", "tBTCF0:USTF0");

describe("calls", () => {
  test("instruments ask the pair list and the currency map in one request", () => {
    expect(rest.instruments("spot")).toMatchObject({
      account: "spot",
      path: "/v2/conf/pub:list:pair:exchange,pub:map:currency:sym",
      weight: 1,
    });
    expect(rest.instruments("linear").path).toBe("/v2/conf/pub:list:pair:futures,pub:map:currency:sym");
    expect(() => rest.instruments("inverse")).toThrow(Dig3Error);
  });

  test("market data paths, queries and weights", () => {
    expect(rest.ticker!(SPOT)).toMatchObject({
      path: "/v2/tickers",
      query: { symbols: "tBTCUSD" },
      weight: 1,
    });
    expect(rest.book!(SPOT, 10)).toMatchObject({ path: "/v2/book/tBTCUSD/P0", query: { len: 25 } });
    expect(rest.book!(SPOT, 1000).query).toEqual({ len: 100 });
    expect(rest.trades!(SPOT, { limit: 50 })).toMatchObject({
      path: "/v2/trades/tBTCUSD/hist",
      query: { limit: 50, sort: -1 },
      weight: 6,
    });
    expect(rest.klines!(PERP, { interval: "1d", limit: 3 })).toMatchObject({
      path: "/v2/candles/trade:1D:tBTCF0:USTF0/hist",
      query: { limit: 3, sort: -1 },
      weight: 3,
    });
    expect(rest.klines!(SPOT, { interval: "1m", startMs: 1000, endMs: 2000 }).query).toEqual({
      limit: 500,
      start: 1000,
      end: 2000,
      sort: 1,
    });
    expect(() => rest.klines!(SPOT, { interval: "2h" })).toThrow("no '2h' candles");
    expect(rest.openInterest!(PERP)).toMatchObject({
      path: "/v2/status/deriv",
      query: { keys: "tBTCF0:USTF0" },
    });
    expect(rest.fundingHistory!(PERP, { startMs: 5, limit: 20 })).toMatchObject({
      path: "/v2/status/deriv/tBTCF0:USTF0/hist",
      query: { start: 5, limit: 20, sort: 1 },
    });
    expect(() => rest.openInterest!(SPOT)).toThrow("only perpetuals");
    expect(() => rest.fundingHistory!(SPOT, {})).toThrow("only perpetuals");
  });

  test("the budget: 90 requests a minute", () => {
    expect(rest.rateLimit).toEqual({ weight: 90, perMs: 60_000 });
    expect(rest.baseUrl("spot", { testnet: false })).toBe("https://api-pub.bitfinex.com");
  });
});

describe("parsers", () => {
  test("instruments: config lists with the currency map", () => {
    const body = [
      ["BTCUSD", "BTCUST", "AVAX:UST", "DOGUSD"],
      [
        ["UST", "USDT"],
        ["DOG", "MDOGE"],
      ],
    ];
    expect(parseInstruments(body, "spot")).toEqual([
      {
        account: "spot",
        symbol: "BTC/USD",
        native: "tBTCUSD",
        base: "BTC",
        quote: "USD",
        lotSize: 1e-8,
        status: "listed",
        active: true,
      },
      {
        account: "spot",
        symbol: "BTC/USDT",
        native: "tBTCUST",
        base: "BTC",
        quote: "USDT",
        lotSize: 1e-8,
        status: "listed",
        active: true,
      },
      {
        account: "spot",
        symbol: "AVAX/USDT",
        native: "tAVAX:UST",
        base: "AVAX",
        quote: "USDT",
        lotSize: 1e-8,
        status: "listed",
        active: true,
      },
      {
        account: "spot",
        symbol: "MDOGE/USD",
        native: "tDOGUSD",
        base: "MDOGE",
        quote: "USD",
        lotSize: 1e-8,
        status: "listed",
        active: true,
      },
    ]);
    expect(parseInstruments([["BTCF0:USTF0", "BTCUSD"]], "linear")).toMatchObject([
      { symbol: "BTC/USDT:USDT", native: "tBTCF0:USTF0", settle: "USDT" },
    ]);
    expect(() => parseInstruments({}, "spot")).toThrow("unexpected response shape");
  });

  test("ticker: the row of the asked symbol", () => {
    const body = [
      [
        "tBTCUSD",
        10654,
        53.62425959,
        10655,
        76.68743116,
        745.1,
        0.0752,
        10655,
        14420.34271408,
        10766,
        9889.1449809,
      ],
    ];
    expect(rest.ticker!(SPOT).parse(body, contextOf("spot"))).toEqual({
      kind: "ticker",
      exchange: "bitfinex",
      account: "spot",
      symbol: "BTC/USD",
      tsMs: RECV_MS,
      recvTsUs: RECV_US,
      last: 10655,
      bid: 10654,
      bidSize: 53.62425959,
      ask: 10655,
      askSize: 76.68743116,
      changePct24h: 7.52,
      volume24h: 14420.34271408,
      high24h: 10766,
      low24h: 9889.1449809,
    });
    expect(() => rest.ticker!(SPOT).parse([], contextOf("spot"))).toThrow("no ticker for tBTCUSD");
  });

  test("book: P0 rows split by the amount's sign, best first", () => {
    const body = [
      [8869.1, 1, 0.5],
      [8869.2, 2, 1.25],
      [8869.4, 1, -0.1],
      [8869.3, 3, -2],
    ];
    expect(rest.book!(SPOT, 25).parse(body, contextOf("spot"))).toMatchObject({
      kind: "book",
      type: "snapshot",
      symbol: "BTC/USD",
      tsMs: RECV_MS,
      bids: [
        [8869.2, 1.25],
        [8869.1, 0.5],
      ],
      asks: [
        [8869.3, 2],
        [8869.4, 0.1],
      ],
    });
  });

  test("trades: newest-first rows → oldest first, side by amount sign", () => {
    const body = [
      [388063448, 1567526214876, -1.918524, 10682],
      [388063447, 1567526214876, 0.5, 10681],
    ];
    expect(rest.trades!(SPOT, {}).parse(body, contextOf("spot"))).toEqual([
      {
        kind: "trade",
        exchange: "bitfinex",
        account: "spot",
        symbol: "BTC/USD",
        tsMs: 1567526214876,
        recvTsUs: RECV_US,
        price: 10681,
        size: 0.5,
        side: "buy",
        tradeId: "388063447",
      },
      {
        kind: "trade",
        exchange: "bitfinex",
        account: "spot",
        symbol: "BTC/USD",
        tsMs: 1567526214876,
        recvTsUs: RECV_US,
        price: 10682,
        size: 1.918524,
        side: "sell",
        tradeId: "388063448",
      },
    ]);
  });

  test("candles: OPEN, CLOSE, HIGH, LOW order; closed once over", () => {
    const open = RECV_MS - 30_000 - (RECV_MS % 60_000);
    const body = [
      [open, 10, 11, 12, 9, 5],
      [open - 60_000, 9, 10, 10.5, 8.5, 3],
    ];
    const klines = rest.klines!(SPOT, { interval: "1m" }).parse(body, contextOf("spot"));
    expect(klines).toMatchObject([
      {
        openTimeMs: open - 60_000,
        closeTimeMs: open - 1,
        open: 9,
        close: 10,
        high: 10.5,
        low: 8.5,
        volume: 3,
        closed: true,
        tsMs: open - 1,
      },
      {
        openTimeMs: open,
        open: 10,
        close: 11,
        high: 12,
        low: 9,
        volume: 5,
        closed: false,
        tsMs: RECV_MS,
        interval: "1m",
      },
    ]);
  });

  test("open interest and funding history from derivatives status", () => {
    const status = [
      [
        "tBTCF0:USTF0",
        1596124822000,
        null,
        0.896,
        0.771995,
        null,
        1396531.67460709,
        null,
        1596153600000,
        0.0001056,
        6,
        null,
        -0.01381344,
        null,
        null,
        0.7664,
        null,
        null,
        246502.09001551,
      ],
    ];
    expect(rest.openInterest!(PERP).parse(status, contextOf("linear"))).toEqual({
      kind: "open_interest",
      exchange: "bitfinex",
      account: "linear",
      symbol: "BTC/USDT:USDT",
      recvTsUs: RECV_US,
      tsMs: 1596124822000,
      openInterest: 246502.09001551,
    });
    const history = [
      [1596124882000, null, 0.9, 0.77, null, 1, null, 1596153600000, 0.0001, 7, null, 0.0002],
      [1596124822000, null, 0.9, 0.77, null, 1, null, 1596153600000, 0.0001, 6, null, 0.0001],
    ];
    expect(rest.fundingHistory!(PERP, {}).parse(history, contextOf("linear"))).toMatchObject([
      { kind: "funding_rate", tsMs: 1596124822000, rate: 0.0001, nextFundingTsMs: 1596153600000 },
      { kind: "funding_rate", tsMs: 1596124882000, rate: 0.0002 },
    ]);
  });

  test("error bodies become the venue's error", () => {
    expect(() => rest.book!(SPOT, 25).parse(["error", 10020, "symbol: invalid"], contextOf("spot"))).toThrow(
      "bitfinex book: symbol: invalid (code 10020)",
    );
    try {
      rest.trades!(SPOT, {}).parse({ error: "ERR_RATE_LIMIT" }, contextOf("spot"));
      throw new Error("expected a throw");
    } catch (error) {
      expect((error as Dig3Error).code).toBe("E_RATE_LIMITED");
    }
  });
});

describe("recognize", () => {
  test.each([
    [
      "https://api-pub.bitfinex.com/v2/conf/pub:list:pair:exchange",
      { call: "instruments", account: "spot", native: "" },
    ],
    [
      "https://api-pub.bitfinex.com/v2/conf/pub:list:pair:futures,pub:map:currency:sym",
      { call: "instruments", account: "linear", native: "" },
    ],
    [
      "https://api-pub.bitfinex.com/v2/tickers?symbols=tBTCUSD",
      { call: "ticker", account: "spot", native: "tBTCUSD" },
    ],
    [
      "https://api-pub.bitfinex.com/v2/book/tBTCF0:USTF0/P0?len=25",
      { call: "book", account: "linear", native: "tBTCF0:USTF0" },
    ],
    [
      "https://api-pub.bitfinex.com/v2/trades/tBTCUSD/hist?limit=5",
      { call: "trades", account: "spot", native: "tBTCUSD" },
    ],
    [
      "https://api-pub.bitfinex.com/v2/candles/trade:1m:tBTCF0:USTF0/hist",
      { call: "klines", account: "linear", native: "tBTCF0:USTF0" },
    ],
    [
      "https://api-pub.bitfinex.com/v2/status/deriv?keys=tBTCF0:USTF0",
      { call: "openInterest", account: "linear", native: "tBTCF0:USTF0" },
    ],
    [
      "https://api-pub.bitfinex.com/v2/status/deriv/tBTCF0:USTF0/hist",
      { call: "fundingHistory", account: "linear", native: "tBTCF0:USTF0" },
    ],
  ])("%s", (url, expected) => {
    expect(rest.recognize!(new URL(url))).toEqual(expected as never);
  });

  test("unknown paths", () => {
    expect(
      rest.recognize!(new URL("https://api-pub.bitfinex.com/v2/conf/pub:list:currency")),
    ).toBeUndefined();
    expect(rest.recognize!(new URL("https://api-pub.bitfinex.com/v2/platform/status"))).toBeUndefined();
  });
});

const WIRE_FILE = join(import.meta.dir, "../../../../shared/wire/bitfinex/rest-conf-lists.ndjson");
const HAS_WIRE = existsSync(WIRE_FILE);
if (!HAS_WIRE) console.log(`bitfinex: ${WIRE_FILE} absent; skipping the recorded REST cases`);

describe.if(HAS_WIRE)("recorded config lists (2021)", () => {
  const lines = HAS_WIRE
    ? readFileSync(WIRE_FILE, "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { url: string; body: string })
    : [];

  test("all 293 exchange pairs parse; USDT pairs are named USDT", () => {
    const [pairs] = lines;
    expect(rest.recognize!(new URL(pairs!.url))).toMatchObject({ call: "instruments", account: "spot" });
    const instruments = parseInstruments(JSON.parse(pairs!.body), "spot");
    expect(instruments.length).toBe(293);
    expect(instruments.filter((instrument) => instrument.quote === "USDT").length).toBe(58);
    expect(instruments.find((instrument) => instrument.native === "tBTCUST")?.symbol).toBe("BTC/USDT");
    expect(instruments.find((instrument) => instrument.native === "tAVAX:UST")?.symbol).toBe("AVAX/USDT");
    expect(instruments.every((instrument) => !instrument.symbol.includes(":"))).toBe(true);
  });

  test("all 35 derivative pairs parse as perpetuals with a settle currency", () => {
    const futures = lines[2]!;
    expect(rest.recognize!(new URL(futures.url))).toMatchObject({ call: "instruments", account: "linear" });
    const instruments = parseInstruments(JSON.parse(futures.body), "linear");
    expect(instruments.length).toBe(35);
    expect(instruments.find((instrument) => instrument.native === "tBTCF0:USTF0")?.symbol).toBe(
      "BTC/USDT:USDT",
    );
    expect(instruments.every((instrument) => instrument.settle === instrument.quote)).toBe(true);
  });

  test("the currency list is not an instrument call", () => {
    expect(rest.recognize!(new URL(lines[1]!.url))).toBeUndefined();
  });
});
