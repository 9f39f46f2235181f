// Gate.io REST: endpoint table per account (paths, queries, the kline window rule), URL recognition of recorded
// requests, and every body parser on docs-shaped bodies and the recorded order book snapshots.

import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Account, Dig3Error, type StreamSpec } from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";
import {
  gateioRest,
  klineQueryOf,
  parseCandles,
  parseContractStats,
  parseContracts,
  parseCurrencyPairs,
  parseFundingRates,
  parseOrderBook,
  parseTicker,
  parseTrades,
  recognizeGateUrl,
} from "./rest.ts";
import { canonicalOfGateNative } from "./symbols.ts";

const RECV_US = 1_700_000_000_123_456;
const RECV_MS = 1_700_000_000_123;

function contextOf(account: Account, recvTsUs = RECV_US): ParseContext {
  return {
    exchange: "gateio",
    account,
    recvTsUs,
    symbolOf: (native) => canonicalOfGateNative(native, account) ?? native,
    session: new Map(),
  };
}

function specOf(kind: StreamSpec["kind"], account: Account, native: string): StreamSpec {
  return { kind, account, native, symbol: canonicalOfGateNative(native, account) ?? native };
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
  test("one base for spot and futures; futures paths carry the settle currency", () => {
    for (const account of ["spot", "linear", "inverse"] as const) {
      expect(gateioRest.baseUrl(account, { testnet: false })).toBe("https://api.gateio.ws/api/v4");
      expect(gateioRest.baseUrl(account, { testnet: true })).toBe("https://api-testnet.gateapi.io/api/v4");
    }
    expect(gateioRest.instruments("spot").path).toBe("/spot/currency_pairs");
    expect(gateioRest.instruments("linear")).toMatchObject({
      path: "/futures/usdt/contracts",
      query: { limit: 1000 },
    });
    expect(gateioRest.instruments("inverse").path).toBe("/futures/btc/contracts");
    expect(gateioRest.moreInstruments?.("spot")).toEqual([]);
    expect(gateioRest.moreInstruments?.("linear").map((call) => call.query)).toEqual([
      { limit: 1000, offset: 1000 },
    ]);
    expect(() => gateioRest.instruments("option")).toThrow(Dig3Error);
  });

  test("the per-IP public budget: 200 requests per 10 s", () => {
    expect(gateioRest.rateLimit).toEqual({ weight: 200, perMs: 10_000 });
  });

  test("ticker, book, trades: currency_pair on spot, contract on futures; the book always with_id", () => {
    expect(gateioRest.ticker!(specOf("ticker", "spot", "BTC_USDT"))).toMatchObject({
      path: "/spot/tickers",
      query: { currency_pair: "BTC_USDT" },
    });
    expect(gateioRest.ticker!(specOf("ticker", "inverse", "BTC_USD"))).toMatchObject({
      path: "/futures/btc/tickers",
      query: { contract: "BTC_USD" },
    });
    expect(gateioRest.book!(specOf("book", "spot", "BTC_USDT"), 100)).toMatchObject({
      path: "/spot/order_book",
      query: { currency_pair: "BTC_USDT", limit: 100, with_id: "true" },
    });
    expect(gateioRest.book!(specOf("book", "linear", "BTC_USDT"), 5000).query).toEqual({
      contract: "BTC_USDT",
      limit: 1000,
      with_id: "true",
    });
    expect(gateioRest.trades!(specOf("trade", "linear", "BTC_USDT"), { limit: 5000 })).toMatchObject({
      path: "/futures/usdt/trades",
      query: { contract: "BTC_USDT", limit: 1000 },
    });
  });

  test("klines: limit alone, or from/to alone (Gate rejects limit with a window)", () => {
    const spot = specOf("kline", "spot", "BTC_USDT");
    expect(klineQueryOf(spot, { interval: "1m", limit: 50 })).toEqual({
      currency_pair: "BTC_USDT",
      interval: "1m",
      limit: 50,
    });
    expect(klineQueryOf(spot, { interval: "1h", limit: 3, startMs: 1_700_000_000_000 })).toEqual({
      currency_pair: "BTC_USDT",
      interval: "1h",
      from: 1_700_000_000,
      to: 1_700_007_200,
    });
    const swap = specOf("kline", "linear", "BTC_USDT");
    expect(klineQueryOf(swap, { interval: "1m", limit: 10, endMs: 1_700_000_600_000 })).toEqual({
      contract: "BTC_USDT",
      interval: "1m",
      from: 1_700_000_060,
      to: 1_700_000_600,
    });
    expect(klineQueryOf(swap, { interval: "1m", limit: 5000 }).limit).toBe(2000);
    expect(gateioRest.klines!(swap, { interval: "1m" }).path).toBe("/futures/usdt/candlesticks");
  });

  test("funding and open interest are futures-only", () => {
    expect(
      gateioRest.fundingHistory!(specOf("funding_rate", "linear", "BTC_USDT"), {
        limit: 10,
        startMs: 1_700_000_000_000,
      }),
    ).toMatchObject({
      path: "/futures/usdt/funding_rate",
      query: { contract: "BTC_USDT", limit: 10, from: 1_700_000_000 },
    });
    expect(gateioRest.openInterest!(specOf("open_interest", "inverse", "BTC_USD"))).toMatchObject({
      path: "/futures/btc/contract_stats",
      query: { contract: "BTC_USD", interval: "5m", limit: 1 },
    });
    expect(
      thrown(() => gateioRest.fundingHistory!(specOf("funding_rate", "spot", "BTC_USDT"), {})).code,
    ).toBe("E_WIRE_ABSENT");
    expect(thrown(() => gateioRest.openInterest!(specOf("open_interest", "spot", "BTC_USDT"))).code).toBe(
      "E_WIRE_ABSENT",
    );
  });
});

describe("recognize", () => {
  test("recorded URLs and every call, with or without /api/v4, on any host", () => {
    expect(
      recognizeGateUrl(
        new URL("https://api.gateio.ws/api/v4/spot/order_book?currency_pair=HAI_ETH&limit=100&with_id=true"),
      ),
    ).toEqual({ call: "book", account: "spot", native: "HAI_ETH" });
    expect(
      recognizeGateUrl(
        new URL(
          "https://api.gateio.ws/api/v4/futures/usdt/order_book?contract=RDNT_USDT&limit=100&with_id=true",
        ),
      ),
    ).toEqual({ call: "book", account: "linear", native: "RDNT_USDT" });
    expect(
      recognizeGateUrl(
        new URL("https://fx-api.gateio.ws/api/v4/futures/btc/contract_stats?contract=BTC_USD"),
      ),
    ).toEqual({
      call: "openInterest",
      account: "inverse",
      native: "BTC_USD",
    });
    expect(recognizeGateUrl(new URL("http://127.0.0.1:1/spot/currency_pairs"))).toEqual({
      call: "instruments",
      account: "spot",
      native: "",
    });
    const calls = ["contracts", "tickers", "trades", "candlesticks", "funding_rate"].map(
      (endpoint) =>
        recognizeGateUrl(new URL(`https://api.gateio.ws/api/v4/futures/usdt/${endpoint}?contract=X_USDT`))
          ?.call,
    );
    expect(calls).toEqual(["instruments", "ticker", "trades", "klines", "fundingHistory"]);
    expect(recognizeGateUrl(new URL("https://api.gateio.ws/api/v4/futures/usd/tickers"))).toBeUndefined();
    expect(recognizeGateUrl(new URL("https://api.gateio.ws/api/v4/spot/accounts"))).toBeUndefined();
    expect(recognizeGateUrl(new URL("https://api.gateio.ws/api/v4/delivery/usdt/tickers"))).toBeUndefined();
  });
});

describe("parsers", () => {
  test("currency pairs: steps from decimal places; only tradable pairs are active", () => {
    const instruments = parseCurrencyPairs([
      {
        id: "ETH_USDT",
        base: "ETH",
        quote: "USDT",
        amount_precision: 3,
        precision: 6,
        trade_status: "tradable",
      },
      {
        id: "OLD_BTC",
        base: "OLD",
        quote: "BTC",
        amount_precision: 0,
        precision: 8,
        trade_status: "untradable",
      },
      { id: "NOBASE" },
      "junk",
    ]);
    expect(instruments).toEqual([
      {
        account: "spot",
        symbol: "ETH/USDT",
        native: "ETH_USDT",
        base: "ETH",
        quote: "USDT",
        status: "tradable",
        active: true,
        tickSize: 0.000001,
        lotSize: 0.001,
      },
      {
        account: "spot",
        symbol: "OLD/BTC",
        native: "OLD_BTC",
        base: "OLD",
        quote: "BTC",
        status: "untradable",
        active: false,
        tickSize: 1e-8,
        lotSize: 1,
      },
    ]);
  });

  test("contracts: the settle of the account, tick = order_price_round, delisting inactive", () => {
    const linear = parseContracts(
      [
        {
          name: "BTC_USDT",
          type: "direct",
          quanto_multiplier: "0.0001",
          order_price_round: "0.1",
          order_size_min: 1,
          in_delisting: false,
          status: "trading",
        },
        { name: "LUNA_USDT", order_price_round: "0.0001", order_size_min: 1, in_delisting: true },
      ],
      "linear",
    );
    expect(linear).toEqual([
      {
        account: "linear",
        symbol: "BTC/USDT:USDT",
        native: "BTC_USDT",
        base: "BTC",
        quote: "USDT",
        settle: "USDT",
        status: "trading",
        active: true,
        tickSize: 0.1,
        lotSize: 1,
      },
      {
        account: "linear",
        symbol: "LUNA/USDT:USDT",
        native: "LUNA_USDT",
        base: "LUNA",
        quote: "USDT",
        settle: "USDT",
        status: "delisting",
        active: false,
        tickSize: 0.0001,
        lotSize: 1,
      },
    ]);
    const [btc, eth] = parseContracts(
      [
        { name: "BTC_USD", type: "inverse", order_price_round: "0.1" },
        { name: "ETH_USD", type: "direct", quanto_multiplier: "0.000001" },
      ],
      "inverse",
    );
    expect(btc).toMatchObject({ symbol: "BTC/USD:BTC", settle: "BTC", active: true });
    // A quanto contract: quoted in USD, settled in BTC.
    expect(eth).toMatchObject({ symbol: "ETH/USD:BTC", settle: "BTC" });
  });

  test("error bodies throw the venue's label; other shapes are parse errors", () => {
    const error = thrown(() =>
      parseTicker(
        { label: "INVALID_CURRENCY_PAIR", message: "Invalid currency pair: NOPE_USDT" },
        "NOPE_USDT",
        contextOf("spot"),
      ),
    );
    expect(error.code).toBe("E_VENUE");
    expect(error.message).toContain("INVALID_CURRENCY_PAIR");
    expect(error.hint).toContain("symbol");
    expect(thrown(() => parseTrades({ nope: 1 }, "X", contextOf("spot"))).code).toBe("E_PARSE");
    expect(thrown(() => parseOrderBook({ asks: [], bids: [] }, "X", contextOf("spot"))).message).toContain(
      "with_id",
    );
    expect(thrown(() => parseContractStats([], "X", contextOf("linear"))).code).toBe("E_PARSE");
  });

  test("tickers: spot best prices and sizes; futures base/quote volumes; the receive time", () => {
    const spot = parseTicker(
      [
        {
          currency_pair: "BTC_USDT",
          last: "48600.5",
          lowest_ask: "48600.6",
          lowest_size: "0.5",
          highest_bid: "48600.5",
          highest_size: "1.2",
          change_percentage: "-1.5",
          base_volume: "1000",
          quote_volume: "48000000",
          high_24h: "49000",
          low_24h: "48000",
        },
      ],
      "BTC_USDT",
      contextOf("spot"),
    );
    expect(spot).toEqual({
      kind: "ticker",
      exchange: "gateio",
      account: "spot",
      symbol: "BTC/USDT",
      tsMs: RECV_MS,
      recvTsUs: RECV_US,
      last: 48600.5,
      bid: 48600.5,
      bidSize: 1.2,
      ask: 48600.6,
      askSize: 0.5,
      high24h: 49000,
      low24h: 48000,
      volume24h: 1000,
      quoteVolume24h: 48000000,
      changePct24h: -1.5,
    });
    const swap = parseTicker(
      [
        {
          contract: "BTC_USDT",
          last: "23160.2",
          volume_24h: "155496714",
          volume_24h_base: "15549",
          volume_24h_quote: "360157621",
        },
      ],
      "BTC_USDT",
      contextOf("linear"),
    );
    expect(swap).toMatchObject({ symbol: "BTC/USDT:USDT", volume24h: 15549, quoteVolume24h: 360157621 });
  });

  test("recorded order book snapshots: spot [p, s] in ms, futures {p, s} in seconds; seq = id", () => {
    const spot = parseOrderBook(
      {
        id: 2691446,
        current: 1619093533700,
        asks: [["0.00010396", "5876.967"]],
        bids: [["0.00010322", "5360.209"]],
      },
      "HAI_ETH",
      contextOf("spot"),
    );
    expect(spot).toEqual({
      kind: "book",
      exchange: "gateio",
      account: "spot",
      symbol: "HAI/ETH",
      tsMs: 1619093533700,
      recvTsUs: RECV_US,
      type: "snapshot",
      bids: [[0.00010322, 5360.209]],
      asks: [[0.00010396, 5876.967]],
      seq: 2691446,
    });
    const swap = parseOrderBook(
      {
        current: 1684930166.384,
        update: 1684930166.35,
        asks: [{ s: 803, p: "0.2974" }],
        bids: [{ s: "5302.5", p: "0.2969" }],
        id: 203083287,
      },
      "RDNT_USDT",
      contextOf("linear"),
    );
    expect(swap).toMatchObject({
      symbol: "RDNT/USDT:USDT",
      tsMs: 1684930166384,
      seq: 203083287,
      bids: [[0.2969, 5302.5]],
      asks: [[0.2974, 803]],
    });
    // 2021 spot bodies have no time: the receive time stands in.
    expect(parseOrderBook({ id: 1, asks: [], bids: [] }, "X_USDT", contextOf("spot")).tsMs).toBe(RECV_MS);
  });

  test("trades oldest first; futures sides from the size sign; internal prints skipped", () => {
    const spot = parseTrades(
      [
        {
          id: "2",
          create_time: "1700000001",
          create_time_ms: "1700000001234.5",
          currency_pair: "BTC_USDT",
          side: "sell",
          amount: "0.5",
          price: "100",
        },
        {
          id: "1",
          create_time: "1700000000",
          create_time_ms: "1700000000100.0",
          currency_pair: "BTC_USDT",
          side: "buy",
          amount: "1",
          price: "99",
        },
      ],
      "BTC_USDT",
      contextOf("spot"),
    );
    expect(spot.map((trade) => [trade.tradeId, trade.tsMs, trade.side, trade.size])).toEqual([
      ["1", 1700000000100, "buy", 1],
      ["2", 1700000001234, "sell", 0.5],
    ]);
    const swap = parseTrades(
      [
        { id: 12, create_time: 1700000002.5, contract: "BTC_USDT", size: -3, price: "100" },
        {
          id: 11,
          create_time: 1700000001.25,
          contract: "BTC_USDT",
          size: 7,
          price: "100",
          is_internal: true,
        },
        {
          id: 10,
          create_time: 1700000001,
          create_time_ms: 1700000001000,
          contract: "BTC_USDT",
          size: "2.5",
          price: "99",
        },
      ],
      "BTC_USDT",
      contextOf("linear"),
    );
    expect(swap.map((trade) => [trade.tradeId, trade.tsMs, trade.side, trade.size])).toEqual([
      ["10", 1700000001000, "buy", 2.5],
      ["12", 1700000002500, "sell", 3],
    ]);
  });

  test("spot candles: array rows, base volume, quote volume, Gate's closed flag", () => {
    const klines = parseCandles(
      [
        ["1700000060", "971519.6", "0.0021724", "0.0021922", "0.0021700", "0.0021737", "447.5", "false"],
        ["1700000000", "100.5", "0.0021737", "0.0021800", "0.0021600", "0.0021650", "46.3", "true"],
      ],
      "GT_BTC",
      "1m",
      contextOf("spot"),
    );
    expect(klines).toEqual([
      {
        kind: "kline",
        exchange: "gateio",
        account: "spot",
        symbol: "GT/BTC",
        tsMs: 1700000059999,
        recvTsUs: RECV_US,
        interval: "1m",
        openTimeMs: 1700000000000,
        closeTimeMs: 1700000059999,
        open: 0.002165,
        high: 0.00218,
        low: 0.00216,
        close: 0.0021737,
        volume: 46.3,
        quoteVolume: 100.5,
        closed: true,
      },
      {
        kind: "kline",
        exchange: "gateio",
        account: "spot",
        symbol: "GT/BTC",
        tsMs: RECV_MS,
        recvTsUs: RECV_US,
        interval: "1m",
        openTimeMs: 1700000060000,
        closeTimeMs: 1700000119999,
        open: 0.0021737,
        high: 0.0021922,
        low: 0.00217,
        close: 0.0021724,
        volume: 447.5,
        quoteVolume: 971519.6,
        closed: false,
      },
    ]);
  });

  test("futures candles: object rows, volume in contracts, sum as quote volume, closed by time", () => {
    const [closed, open] = parseCandles(
      [
        { t: 1700000040, v: 97151, c: "1.032", h: "1.04", l: "1.03", o: "1.035", sum: "3580" },
        { t: 1699999980, v: "12", c: "1.035", h: "1.035", l: "1.035", o: "1.035", sum: "12.4" },
      ],
      "X_USDT",
      "1m",
      contextOf("linear", 1_700_000_050_000_000),
    );
    expect(closed).toMatchObject({
      openTimeMs: 1699999980000,
      volume: 12,
      quoteVolume: 12.4,
      closed: true,
      tsMs: 1700000039999,
    });
    expect(open).toMatchObject({
      openTimeMs: 1700000040000,
      volume: 97151,
      closed: false,
      tsMs: 1700000050000,
    });
  });

  test("funding history oldest first at its settlement time; open interest from the newest stat", () => {
    expect(
      parseFundingRates(
        [
          { t: 1700028800, r: "0.0001" },
          { t: 1700000000, r: "-0.000157" },
        ],
        "BTC_USDT",
        contextOf("linear"),
      ).map((event) => [event.tsMs, event.rate]),
    ).toEqual([
      [1700000000000, -0.000157],
      [1700028800000, 0.0001],
    ]);
    expect(
      parseContractStats(
        [
          { time: 1603865100, open_interest: 124000, open_interest_usd: 1500 },
          {
            time: 1603865400,
            lsr_taker: 100,
            open_interest: "124724",
            open_interest_usd: 1511,
            mark_price: "8865",
          },
        ],
        "BTC_USD",
        contextOf("inverse"),
      ),
    ).toEqual({
      kind: "open_interest",
      exchange: "gateio",
      account: "inverse",
      symbol: "BTC/USD:BTC",
      tsMs: 1603865400000,
      recvTsUs: RECV_US,
      openInterest: 124724,
      openInterestValue: 1511,
    });
  });
});

const WIRE_DIR = join(import.meta.dir, "../../../../shared/wire/gateio");
const HAS_WIRE = existsSync(WIRE_DIR);

describe.if(HAS_WIRE)("recorded REST bodies", () => {
  for (const [file, account] of [
    ["spot-v4-rest-orderbook.ndjson", "spot"],
    ["futures-usdt-v4-rest-orderbook.ndjson", "linear"],
  ] as const) {
    test(`${file}: recognized, rebuilt by the book call, uncrossed`, () => {
      const lines = readFileSync(join(WIRE_DIR, file), "utf8")
        .split("\n")
        .filter((line) => line.trim().length > 0)
        .map((line) => JSON.parse(line) as { ts: number; url: string; body: string });
      expect(lines).toHaveLength(5);
      for (const line of lines) {
        const url = new URL(line.url);
        const recognized = recognizeGateUrl(url);
        expect(recognized).toMatchObject({ call: "book", account });
        const call = gateioRest.book!(
          specOf("book", account, recognized!.native),
          Number(url.searchParams.get("limit")),
        );
        expect(`/api/v4${call.path}`).toBe(url.pathname);
        expect(call.query).toMatchObject({ limit: 100, with_id: "true" });
        const book = call.parse(JSON.parse(line.body), contextOf(account, Math.round(line.ts * 1000)));
        expect(book.seq).toBeGreaterThan(0);
        expect(book.bids.length).toBeGreaterThan(20);
        expect(book.asks.length).toBeGreaterThan(20);
        expect(book.bids.length).toBeLessThanOrEqual(100);
        expect(book.bids[0]![0]).toBeLessThan(book.asks[0]![0]);
      }
    });
  }
});
