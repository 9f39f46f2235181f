// OKX REST: request building per account (paths, queries, costs), the docs' response bodies through the parsers,
// error envelopes, and recognition of recorded URLs.

import { describe, expect, test } from "bun:test";
import { type Account, Dig3Error, type StreamKind, type StreamSpec } from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";
import { okx } from "./index.ts";
import { candlesPathOf, OKX_RATE_LIMIT, recognizeOkxUrl } from "./rest.ts";
import { canonicalOfOkxNative } from "./symbols.ts";

const RECV_US = 1_700_000_000_000_000;
const context: ParseContext = {
  exchange: "okx",
  account: "spot",
  recvTsUs: RECV_US,
  symbolOf: (native) => canonicalOfOkxNative(native) ?? native,
  session: new Map(),
};
const contextFor = (account: Account): ParseContext => ({ ...context, account });

function specOf(kind: StreamKind, account: Account, native: string): StreamSpec {
  return { kind, account, native, symbol: canonicalOfOkxNative(native) ?? native };
}

const ok = (data: unknown[]) => ({ code: "0", msg: "", data });
const rest = okx.rest;

describe("calls", () => {
  test("one host for every account; one shared budget priced per endpoint", () => {
    for (const account of ["spot", "linear", "inverse", "option"] as const)
      expect(rest.baseUrl(account, { testnet: false })).toBe("https://www.okx.com");
    expect(rest.rateLimit).toEqual(OKX_RATE_LIMIT);
    expect(rest.ticker!(specOf("ticker", "spot", "BTC-USDT")).weight).toBe(10);
    expect(rest.trades!(specOf("trade", "spot", "BTC-USDT"), {}).weight).toBe(2);
  });

  test("instruments: SPOT; linear and inverse SWAP then FUTURES; options from the OPTION tickers", () => {
    expect(rest.instruments("spot")).toMatchObject({
      path: "/api/v5/public/instruments",
      query: { instType: "SPOT" },
    });
    for (const account of ["linear", "inverse"] as const) {
      expect(rest.instruments(account).query).toEqual({ instType: "SWAP" });
      expect(rest.moreInstruments!(account).map((call) => call.query)).toEqual([{ instType: "FUTURES" }]);
    }
    expect(rest.moreInstruments!("spot")).toEqual([]);
    expect(rest.instruments("option")).toMatchObject({
      path: "/api/v5/market/tickers",
      query: { instType: "OPTION" },
    });
  });

  test("book: /market/books up to 400 levels, /market/books-full beyond", () => {
    expect(rest.book!(specOf("book", "spot", "BTC-USDT"), 100)).toMatchObject({
      path: "/api/v5/market/books",
      query: { instId: "BTC-USDT", sz: 100 },
      weight: 5,
    });
    expect(rest.book!(specOf("book", "spot", "BTC-USDT"), 9000)).toMatchObject({
      path: "/api/v5/market/books-full",
      query: { instId: "BTC-USDT", sz: 5000 },
      weight: 20,
    });
  });

  test("klines: bar names, window by after/before, history endpoint for old ranges", () => {
    const spec = specOf("kline", "linear", "BTC-USDT-SWAP");
    expect(rest.klines!(spec, { interval: "1d", limit: 1000 }).query).toEqual({
      instId: "BTC-USDT-SWAP",
      bar: "1Dutc",
      limit: 300,
      after: undefined,
      before: undefined,
    });
    const windowed = rest.klines!(spec, { interval: "1m", startMs: 1_000_000, endMs: 2_000_000 });
    expect(windowed.query).toMatchObject({ bar: "1m", after: 2_000_001, before: 999_999 });
    expect(windowed.path).toBe("/api/v5/market/history-candles");
    expect(candlesPathOf("1m", 10_000_000, 10_000_000 + 60_000 * 100)).toBe("/api/v5/market/candles");
    expect(candlesPathOf("1m", 10_000_000, 10_000_000 + 60_000 * 2000)).toBe(
      "/api/v5/market/history-candles",
    );
    expect(rest.klines!(spec, { interval: "1h", startMs: Date.now() - 3_600_000 }).query).toMatchObject({
      bar: "1H",
      limit: 100,
    });
  });

  test("funding history and open interest: derivatives only, instType and instFamily where required", () => {
    expect(
      rest.fundingHistory!(specOf("funding_rate", "inverse", "BTC-USD-SWAP"), {
        startMs: 10,
        endMs: 20,
        limit: 50,
      }),
    ).toMatchObject({
      path: "/api/v5/public/funding-rate-history",
      query: { instId: "BTC-USD-SWAP", limit: 50, after: 21, before: 9 },
      weight: 20,
    });
    expect(rest.openInterest!(specOf("open_interest", "linear", "BTC-USDT-250627")).query).toEqual({
      instType: "FUTURES",
      instFamily: undefined,
      instId: "BTC-USDT-250627",
    });
    expect(rest.openInterest!(specOf("open_interest", "option", "BTC-USD-250627-50000-C")).query).toEqual({
      instType: "OPTION",
      instFamily: "BTC-USD",
      instId: "BTC-USD-250627-50000-C",
    });
    for (const call of [
      () => rest.fundingHistory!(specOf("funding_rate", "spot", "BTC-USDT"), {}),
      () => rest.openInterest!(specOf("open_interest", "spot", "BTC-USDT")),
    ]) {
      expect(call).toThrow(Dig3Error);
    }
  });
});

describe("parsers (docs bodies)", () => {
  test("instruments: status, tick and lot size; SWAP rows split into linear and inverse", () => {
    const body = ok([
      {
        instType: "SWAP",
        instId: "BTC-USD-SWAP",
        settleCcy: "BTC",
        ctType: "inverse",
        tickSz: "0.1",
        lotSz: "1",
        state: "live",
      },
      {
        instType: "SWAP",
        instId: "BTC-USDT-SWAP",
        settleCcy: "USDT",
        ctType: "linear",
        tickSz: "0.1",
        lotSz: "0.01",
        state: "suspend",
      },
    ]);
    expect(rest.instruments("linear").parse(body, contextFor("linear"))).toEqual([
      {
        account: "linear",
        symbol: "BTC/USDT:USDT",
        native: "BTC-USDT-SWAP",
        base: "BTC",
        quote: "USDT",
        settle: "USDT",
        tickSize: 0.1,
        lotSize: 0.01,
        status: "suspend",
        active: false,
      },
    ]);
    expect(rest.instruments("inverse").parse(body, contextFor("inverse"))).toMatchObject([
      { symbol: "BTC/USD:BTC", native: "BTC-USD-SWAP", settle: "BTC", active: true },
    ]);
    const spot = ok([
      {
        instType: "SPOT",
        instId: "BTC-USDT",
        baseCcy: "BTC",
        quoteCcy: "USDT",
        tickSz: "0.1",
        lotSz: "0.00000001",
        state: "live",
      },
    ]);
    expect(rest.instruments("spot").parse(spot, context)).toMatchObject([
      { symbol: "BTC/USDT", native: "BTC-USDT", tickSize: 0.1, lotSize: 0.00000001, active: true },
    ]);
    const options = ok([{ instType: "OPTION", instId: "BTC-USD-250627-50000-C", last: "0.1", ts: "1" }]);
    expect(rest.instruments("option").parse(options, contextFor("option"))).toEqual([
      {
        account: "option",
        symbol: "BTC/USD:BTC-250627-50000-C",
        native: "BTC-USD-250627-50000-C",
        base: "BTC",
        quote: "USD",
        settle: "BTC",
        status: "live",
        active: true,
      },
    ]);
  });

  test("ticker", () => {
    const body = ok([
      {
        instType: "SWAP",
        instId: "BTC-USD-SWAP",
        last: "56956.1",
        lastSz: "3",
        askPx: "56959.1",
        askSz: "10582",
        bidPx: "56959",
        bidSz: "4552",
        open24h: "55926",
        high24h: "57641.1",
        low24h: "54570.1",
        volCcy24h: "81137.755",
        vol24h: "46258703",
        ts: "1620289117764",
      },
    ]);
    expect(
      rest.ticker!(specOf("ticker", "inverse", "BTC-USD-SWAP")).parse(body, contextFor("inverse")),
    ).toEqual({
      kind: "ticker",
      exchange: "okx",
      account: "inverse",
      symbol: "BTC/USD:BTC",
      tsMs: 1620289117764,
      recvTsUs: RECV_US,
      last: 56956.1,
      bid: 56959,
      bidSize: 4552,
      ask: 56959.1,
      askSize: 10582,
      high24h: 57641.1,
      low24h: 54570.1,
      volume24h: 81137.755,
      changePct24h: ((56956.1 - 55926) / 55926) * 100,
    });
  });

  test("book snapshot keeps the text; no sequence id over REST", () => {
    const body = ok([
      {
        asks: [["41006.8", "0.60038921", "0", "1"]],
        bids: [["41006.3", "0.30178218", "0", "2"]],
        ts: "1629966436396",
      },
    ]);
    const book = rest.book!(specOf("book", "spot", "BTC-USDT"), 1).parse(body, context);
    expect(book).toEqual({
      kind: "book",
      exchange: "okx",
      account: "spot",
      symbol: "BTC/USDT",
      tsMs: 1629966436396,
      recvTsUs: RECV_US,
      type: "snapshot",
      bids: [[41006.3, 0.30178218, "41006.3", "0.30178218"]],
      asks: [[41006.8, 0.60038921, "41006.8", "0.60038921"]],
    });
  });

  test("trades oldest first; unusable rows skipped", () => {
    const body = ok([
      {
        instId: "BTC-USDT",
        side: "sell",
        sz: "0.00001",
        source: "0",
        px: "29963.2",
        tradeId: "242720720",
        ts: "1654161646974",
      },
      {
        instId: "BTC-USDT",
        side: "buy",
        sz: "0.00002",
        source: "0",
        px: "29964.1",
        tradeId: "242720719",
        ts: "1654161641568",
      },
      { instId: "BTC-USDT", side: "up", sz: "1", px: "1", tradeId: "1", ts: "1" },
    ]);
    const trades = rest.trades!(specOf("trade", "spot", "BTC-USDT"), { limit: 3 }).parse(body, context);
    expect(trades.map((trade) => [trade.tradeId, trade.side, trade.price])).toEqual([
      ["242720719", "buy", 29964.1],
      ["242720720", "sell", 29963.2],
    ]);
  });

  test("candles oldest first; confirm marks the final bar; spot volume is vol", () => {
    const body = ok([
      [
        "1597026443085",
        "3.731",
        "3.799",
        "3.494",
        "3.72",
        "24912403",
        "67632347.24399722",
        "67632347.24399722",
        "0",
      ],
      [
        "1597026383085",
        "3.721",
        "3.743",
        "3.677",
        "3.708",
        "8422410",
        "22698348.04828491",
        "22698348.04828491",
        "1",
      ],
    ]);
    const klines = rest.klines!(specOf("kline", "spot", "BTC-USDT"), { interval: "1m" }).parse(body, context);
    expect(klines).toEqual([
      {
        kind: "kline",
        exchange: "okx",
        account: "spot",
        symbol: "BTC/USDT",
        tsMs: 1597026443084,
        recvTsUs: RECV_US,
        interval: "1m",
        openTimeMs: 1597026383085,
        closeTimeMs: 1597026443084,
        open: 3.721,
        high: 3.743,
        low: 3.677,
        close: 3.708,
        volume: 8422410,
        quoteVolume: 22698348.04828491,
        closed: true,
      },
      {
        kind: "kline",
        exchange: "okx",
        account: "spot",
        symbol: "BTC/USDT",
        tsMs: RECV_US / 1000,
        recvTsUs: RECV_US,
        interval: "1m",
        openTimeMs: 1597026443085,
        closeTimeMs: 1597026503084,
        open: 3.731,
        high: 3.799,
        low: 3.494,
        close: 3.72,
        volume: 24912403,
        quoteVolume: 67632347.24399722,
        closed: false,
      },
    ]);
  });

  test("funding history: the realized rate at each funding time, oldest first", () => {
    const body = ok([
      {
        fundingRate: "0.0000746604960499",
        fundingTime: "1703059200000",
        instId: "BTC-USD-SWAP",
        instType: "SWAP",
        realizedRate: "0.0000746572360545",
      },
      {
        fundingRate: "0.000227985782722",
        fundingTime: "1703030400000",
        instId: "BTC-USD-SWAP",
        instType: "SWAP",
      },
    ]);
    const events = rest.fundingHistory!(specOf("funding_rate", "inverse", "BTC-USD-SWAP"), {}).parse(
      body,
      contextFor("inverse"),
    );
    expect(events.map((event) => [event.tsMs, event.rate, event.symbol])).toEqual([
      [1703030400000, 0.000227985782722, "BTC/USD:BTC"],
      [1703059200000, 0.0000746572360545, "BTC/USD:BTC"],
    ]);
  });

  test("open interest in coins with the USD value", () => {
    const body = ok([
      {
        instType: "SWAP",
        instId: "BTC-USDT-SWAP",
        oi: "5000",
        oiCcy: "555.55",
        oiUsd: "50000",
        ts: "1597026383085",
      },
    ]);
    expect(
      rest.openInterest!(specOf("open_interest", "linear", "BTC-USDT-SWAP")).parse(
        body,
        contextFor("linear"),
      ),
    ).toEqual({
      kind: "open_interest",
      exchange: "okx",
      account: "linear",
      symbol: "BTC/USDT:USDT",
      tsMs: 1597026383085,
      recvTsUs: RECV_US,
      openInterest: 555.55,
      openInterestValue: 50000,
    });
  });

  test("error envelopes throw the venue's message and code; odd shapes throw E_PARSE", () => {
    const call = rest.ticker!(specOf("ticker", "spot", "NOPE-USDT"));
    let error: unknown;
    try {
      call.parse({ code: "51001", msg: "Instrument ID does not exist", data: [] }, context);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(Dig3Error);
    expect((error as Dig3Error).code).toBe("E_VENUE");
    expect((error as Dig3Error).message).toContain("Instrument ID does not exist (code 51001)");
    expect((error as Dig3Error).hint).toContain("instrument");
    expect(() => call.parse({ code: "0", msg: "", data: [] }, context)).toThrow("empty answer");
    expect(() => call.parse("<html>", context)).toThrow("unexpected response shape");
    expect(() => rest.trades!(specOf("trade", "spot", "BTC-USDT"), {}).parse({ code: "0" }, context)).toThrow(
      "unexpected response shape",
    );
  });
});

describe("recognize", () => {
  test.each([
    ["https://www.okx.com/api/v5/market/books?instId=BTC-USDT&sz=400", "book", "spot", "BTC-USDT"],
    [
      "https://www.okx.com/api/v5/market/books-full?instId=BTC-USDT-SWAP&sz=5000",
      "book",
      "linear",
      "BTC-USDT-SWAP",
    ],
    ["https://www.okx.com/api/v5/market/ticker?instId=BTC-USD-SWAP", "ticker", "inverse", "BTC-USD-SWAP"],
    ["https://www.okx.com/api/v5/market/trades?instId=BTC-USDT&limit=500", "trades", "spot", "BTC-USDT"],
    [
      "https://www.okx.com/api/v5/market/candles?instId=BTC-USD-250627&bar=1m",
      "klines",
      "inverse",
      "BTC-USD-250627",
    ],
    [
      "https://www.okx.com/api/v5/public/funding-rate-history?instId=ETH-USDT-SWAP",
      "fundingHistory",
      "linear",
      "ETH-USDT-SWAP",
    ],
    [
      "https://www.okx.com/api/v5/public/open-interest?instType=OPTION&instId=BTC-USD-250627-50000-C",
      "openInterest",
      "option",
      "BTC-USD-250627-50000-C",
    ],
    ["https://www.okx.com/api/v5/public/instruments?instType=SWAP", "instruments", "linear", ""],
  ] as const)("%s", (url, call, account, native) => {
    expect(recognizeOkxUrl(new URL(url))).toEqual({ call, account, native });
  });

  test("other paths are not recognized", () => {
    expect(
      recognizeOkxUrl(new URL("https://www.okx.com/api/v5/market/index-tickers?instId=BTC-USD")),
    ).toBeUndefined();
    expect(recognizeOkxUrl(new URL("https://www.okx.com/api/v3/depth?symbol=BTCUSDT"))).toBeUndefined();
  });
});
