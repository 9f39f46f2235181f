// Binance REST: request shapes and weights per account, and the parsers on documented bodies.

import { describe, expect, test } from "bun:test";
import { type Account, Dig3Error, type StreamSpec } from "../../core/index.ts";
import { bookRulesOf, type ParseContext } from "../_shared/adapter.ts";
import { binance } from "./index.ts";
import { depthLimitOf, depthWeightOf } from "./rest.ts";
import { canonicalOfNative } from "./symbols.ts";

const RECV_US = 1_700_000_000_000_000;
const rest = binance.rest;

function contextOf(account: Account, recvTsUs = RECV_US): ParseContext {
  return {
    exchange: "binance",
    account,
    recvTsUs,
    symbolOf: (native) => canonicalOfNative(native, account) ?? native,
    session: new Map(),
  };
}

function specOf(account: Account, native: string, kind: StreamSpec["kind"] = "ticker"): StreamSpec {
  return { kind, account, symbol: canonicalOfNative(native, account)!, native };
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
  test("base URLs per account and testnet", () => {
    expect(rest.baseUrl("spot", { testnet: false })).toBe("https://api.binance.com");
    expect(rest.baseUrl("linear", { testnet: false })).toBe("https://fapi.binance.com");
    expect(rest.baseUrl("inverse", { testnet: false })).toBe("https://dapi.binance.com");
    expect(rest.baseUrl("spot", { testnet: true })).toBe("https://testnet.binance.vision");
    expect(rest.baseUrl("linear", { testnet: true })).toBe("https://testnet.binancefuture.com");
    expect(thrown(() => rest.baseUrl("option", { testnet: false })).code).toBe("E_WIRE_ABSENT");
  });

  test("paths, queries and weights", () => {
    expect(rest.instruments("spot")).toMatchObject({ path: "/api/v3/exchangeInfo", weight: 20 });
    expect(rest.instruments("inverse")).toMatchObject({ path: "/dapi/v1/exchangeInfo", weight: 1 });
    expect(rest.ticker!(specOf("linear", "BTCUSDT"))).toMatchObject({
      path: "/fapi/v1/ticker/24hr",
      query: { symbol: "BTCUSDT" },
      weight: 1,
    });
    expect(rest.book!(specOf("spot", "BTCUSDT", "book"), 5000)).toMatchObject({
      path: "/api/v3/depth",
      query: { symbol: "BTCUSDT", limit: 5000 },
      weight: 250,
    });
    expect(rest.book!(specOf("inverse", "BTCUSD_PERP", "book"), 300)).toMatchObject({
      path: "/dapi/v1/depth",
      query: { symbol: "BTCUSD_PERP", limit: 500 },
      weight: 10,
    });
    expect(rest.trades!(specOf("spot", "ETHBTC", "trade"), { limit: 5000 })).toMatchObject({
      path: "/api/v3/trades",
      query: { symbol: "ETHBTC", limit: 1000 },
      weight: 25,
    });
    expect(
      rest.klines!(specOf("linear", "BTCUSDT", "kline"), {
        interval: "1h",
        limit: 1500,
        startMs: 1,
        endMs: 2,
      }),
    ).toMatchObject({
      path: "/fapi/v1/klines",
      query: { symbol: "BTCUSDT", interval: "1h", limit: 1500, startTime: 1, endTime: 2 },
      weight: 10,
    });
    expect(rest.fundingHistory!(specOf("linear", "BTCUSDT", "funding_rate"), {})).toMatchObject({
      path: "/fapi/v1/fundingRate",
      query: { symbol: "BTCUSDT", limit: 100 },
    });
    expect(rest.openInterest!(specOf("inverse", "BTCUSD_PERP", "open_interest"))).toMatchObject({
      path: "/dapi/v1/openInterest",
      query: { symbol: "BTCUSD_PERP" },
      weight: 1,
    });
  });

  test("one weight budget per API: spot 6000/min, USDⓈ-M and COIN-M 2400/min each, never shared", () => {
    const pools = (["spot", "linear", "inverse"] as const).map((account) => rest.rateLimitOf!(account));
    expect(pools).toEqual([
      { pool: "api", weight: 6000, perMs: 60_000 },
      { pool: "fapi", weight: 2400, perMs: 60_000 },
      { pool: "dapi", weight: 2400, perMs: 60_000 },
    ]);
    expect(new Set(pools.map((pool) => pool!.pool)).size).toBe(3);
    expect(rest.rateLimitOf!("option")).toBeUndefined();
    expect(rest.rateLimit).toEqual({ weight: 2400, perMs: 60_000 });
    // A spot book resync at the depth the book rules ask for, against the spot budget alone: 24 a minute.
    const resync = rest.book!(specOf("spot", "BTCUSDT", "book"), bookRulesOf(binance, "spot").restDepth!);
    expect(resync).toMatchObject({ query: { limit: 5000 }, weight: 250 });
    expect(Math.floor(6000 / resync.weight!)).toBe(24);
  });

  test("futures depth rounds up to a limit the venue accepts", () => {
    expect(
      [1, 5, 6, 50, 51, 100, 101, 999, 1000, 5000].map((depth) => depthLimitOf("linear", depth)),
    ).toEqual([5, 5, 10, 50, 100, 100, 500, 1000, 1000, 1000]);
    expect(depthLimitOf("spot", 9999)).toBe(5000);
    expect([100, 500, 1000, 5000].map((limit) => depthWeightOf("spot", limit))).toEqual([5, 25, 50, 250]);
    expect([20, 100, 500, 1000].map((limit) => depthWeightOf("linear", limit))).toEqual([2, 5, 10, 20]);
  });

  test("spot has no funding or open interest", () => {
    expect(thrown(() => rest.fundingHistory!(specOf("spot", "BTCUSDT"), {})).code).toBe("E_WIRE_ABSENT");
    expect(thrown(() => rest.openInterest!(specOf("spot", "BTCUSDT"))).code).toBe("E_WIRE_ABSENT");
  });

  test("recognize maps recorded URLs to calls by path", () => {
    expect(
      rest.recognize!(new URL("https://api.binance.com/api/v3/depth?symbol=NKNUSDT&limit=1000")),
    ).toEqual({
      call: "book",
      account: "spot",
      native: "NKNUSDT",
    });
    expect(
      rest.recognize!(new URL("https://testnet.binancefuture.com/dapi/v1/ticker/24hr?symbol=BTCUSD_PERP")),
    ).toEqual({
      call: "ticker",
      account: "inverse",
      native: "BTCUSD_PERP",
    });
    expect(rest.recognize!(new URL("https://fapi.binance.com/fapi/v1/exchangeInfo"))).toEqual({
      call: "instruments",
      account: "linear",
      native: "",
    });
    expect(
      rest.recognize!(new URL("https://fapi.binance.com/fapi/v1/premiumIndex?symbol=BTCUSDT")),
    ).toBeUndefined();
    expect(rest.recognize!(new URL("https://www.okx.com/api/v5/market/books"))).toBeUndefined();
  });
});

describe("parsers", () => {
  test("spot exchangeInfo → instruments, halted ones kept inactive", () => {
    const body = {
      symbols: [
        {
          symbol: "ETHBTC",
          status: "TRADING",
          baseAsset: "ETH",
          quoteAsset: "BTC",
          filters: [
            {
              filterType: "PRICE_FILTER",
              minPrice: "0.00000100",
              maxPrice: "100000.00000000",
              tickSize: "0.00000100",
            },
            {
              filterType: "LOT_SIZE",
              minQty: "0.00100000",
              maxQty: "100000.00000000",
              stepSize: "0.00100000",
            },
          ],
        },
        { symbol: "BCCBTC", status: "BREAK", baseAsset: "BCC", quoteAsset: "BTC", filters: [] },
      ],
    };
    expect(rest.instruments("spot").parse(body, contextOf("spot"))).toEqual([
      {
        account: "spot",
        symbol: "ETH/BTC",
        native: "ETHBTC",
        base: "ETH",
        quote: "BTC",
        tickSize: 0.000001,
        lotSize: 0.001,
        status: "TRADING",
        active: true,
      },
      {
        account: "spot",
        symbol: "BCC/BTC",
        native: "BCCBTC",
        base: "BCC",
        quote: "BTC",
        status: "BREAK",
        active: false,
      },
    ]);
  });

  test("USDⓈ-M exchangeInfo: perpetual and dated contract", () => {
    const filters = [
      { filterType: "PRICE_FILTER", minPrice: "556.80", maxPrice: "4529764", tickSize: "0.10" },
      { filterType: "LOT_SIZE", maxQty: "1000", minQty: "0.001", stepSize: "0.001" },
    ];
    const body = {
      symbols: [
        {
          symbol: "BTCUSDT",
          pair: "BTCUSDT",
          contractType: "PERPETUAL",
          deliveryDate: 4133404800000,
          status: "TRADING",
          baseAsset: "BTC",
          quoteAsset: "USDT",
          marginAsset: "USDT",
          filters,
        },
        {
          symbol: "BTCUSDT_250627",
          pair: "BTCUSDT",
          contractType: "CURRENT_QUARTER",
          deliveryDate: 1751011200000,
          status: "SETTLING",
          baseAsset: "BTC",
          quoteAsset: "USDT",
          marginAsset: "USDT",
          filters,
        },
      ],
    };
    expect(rest.instruments("linear").parse(body, contextOf("linear"))).toEqual([
      {
        account: "linear",
        symbol: "BTC/USDT:USDT",
        native: "BTCUSDT",
        base: "BTC",
        quote: "USDT",
        settle: "USDT",
        tickSize: 0.1,
        lotSize: 0.001,
        status: "TRADING",
        active: true,
      },
      {
        account: "linear",
        symbol: "BTC/USDT:USDT-250627",
        native: "BTCUSDT_250627",
        base: "BTC",
        quote: "USDT",
        settle: "USDT",
        tickSize: 0.1,
        lotSize: 0.001,
        status: "SETTLING",
        active: false,
      },
    ]);
  });

  test("COIN-M exchangeInfo reads contractStatus", () => {
    const body = {
      symbols: [
        {
          symbol: "BTCUSD_PERP",
          pair: "BTCUSD",
          contractType: "PERPETUAL",
          deliveryDate: 4133404800000,
          contractStatus: "TRADING",
          contractSize: 100,
          marginAsset: "BTC",
          baseAsset: "BTC",
          quoteAsset: "USD",
          filters: [
            { filterType: "PRICE_FILTER", minPrice: "1000", maxPrice: "4520958", tickSize: "0.1" },
            { filterType: "LOT_SIZE", stepSize: "1", maxQty: "1000000", minQty: "1" },
          ],
        },
        {
          symbol: "ETHUSD_250926",
          contractType: "NEXT_QUARTER",
          contractStatus: "PENDING_TRADING",
          marginAsset: "ETH",
          baseAsset: "ETH",
          quoteAsset: "USD",
          filters: [],
        },
      ],
    };
    expect(rest.instruments("inverse").parse(body, contextOf("inverse"))).toEqual([
      {
        account: "inverse",
        symbol: "BTC/USD:BTC",
        native: "BTCUSD_PERP",
        base: "BTC",
        quote: "USD",
        settle: "BTC",
        tickSize: 0.1,
        lotSize: 1,
        status: "TRADING",
        active: true,
      },
      {
        account: "inverse",
        symbol: "ETH/USD:ETH-250926",
        native: "ETHUSD_250926",
        base: "ETH",
        quote: "USD",
        settle: "ETH",
        status: "PENDING_TRADING",
        active: false,
      },
    ]);
  });

  test("24h ticker: spot object, COIN-M array", () => {
    const spotBody = {
      symbol: "BNBBTC",
      priceChange: "-94.99999800",
      priceChangePercent: "-95.960",
      weightedAvgPrice: "0.29628482",
      prevClosePrice: "0.10002000",
      lastPrice: "4.00000200",
      lastQty: "200.00000000",
      bidPrice: "4.00000000",
      bidQty: "100.00000000",
      askPrice: "4.00000200",
      askQty: "100.00000000",
      openPrice: "99.00000000",
      highPrice: "100.00000000",
      lowPrice: "0.10000000",
      volume: "8913.30000000",
      quoteVolume: "15.30000000",
      openTime: 1499783499040,
      closeTime: 1499869899040,
      firstId: 28385,
      lastId: 28460,
      count: 76,
    };
    expect(rest.ticker!(specOf("spot", "BNBBTC")).parse(spotBody, contextOf("spot"))).toEqual({
      kind: "ticker",
      exchange: "binance",
      account: "spot",
      symbol: "BNB/BTC",
      tsMs: 1499869899040,
      recvTsUs: RECV_US,
      last: 4.000002,
      bid: 4,
      bidSize: 100,
      ask: 4.000002,
      askSize: 100,
      high24h: 100,
      low24h: 0.1,
      volume24h: 8913.3,
      quoteVolume24h: 15.3,
      changePct24h: -95.96,
    });
    const coinmBody = [
      {
        symbol: "BTCUSD_PERP",
        pair: "BTCUSD",
        priceChange: "-11.6",
        priceChangePercent: "-0.121",
        weightedAvgPrice: "9589.9",
        lastPrice: "9589.1",
        lastQty: "1",
        openPrice: "9600.7",
        highPrice: "9700.0",
        lowPrice: "9500.0",
        volume: "1000",
        baseVolume: "10.4",
        openTime: 1591181820000,
        closeTime: 1591268262442,
        firstId: 512014,
        lastId: 615289,
        count: 103278,
      },
    ];
    expect(rest.ticker!(specOf("inverse", "BTCUSD_PERP")).parse(coinmBody, contextOf("inverse"))).toEqual({
      kind: "ticker",
      exchange: "binance",
      account: "inverse",
      symbol: "BTC/USD:BTC",
      tsMs: 1591268262442,
      recvTsUs: RECV_US,
      last: 9589.1,
      high24h: 9700,
      low24h: 9500,
      volume24h: 1000,
      changePct24h: -0.121,
    });
  });

  test("recent trades: isBuyerMaker → taker sold", () => {
    const body = [
      {
        id: 28457,
        price: "4.00000100",
        qty: "12.00000000",
        quoteQty: "48.000012",
        time: 1499865549590,
        isBuyerMaker: true,
        isBestMatch: true,
      },
      {
        id: 28458,
        price: "4.1",
        qty: "1",
        quoteQty: "4.1",
        time: 1499865549591,
        isBuyerMaker: false,
        isBestMatch: true,
      },
      { id: 28459, price: "bad", qty: "1", time: 1, isBuyerMaker: false },
    ];
    expect(rest.trades!(specOf("spot", "BNBBTC", "trade"), {}).parse(body, contextOf("spot"))).toEqual([
      {
        kind: "trade",
        exchange: "binance",
        account: "spot",
        symbol: "BNB/BTC",
        tsMs: 1499865549590,
        recvTsUs: RECV_US,
        price: 4.000001,
        size: 12,
        side: "sell",
        tradeId: "28457",
      },
      {
        kind: "trade",
        exchange: "binance",
        account: "spot",
        symbol: "BNB/BTC",
        tsMs: 1499865549591,
        recvTsUs: RECV_US,
        price: 4.1,
        size: 1,
        side: "buy",
        tradeId: "28458",
      },
    ]);
  });

  test("klines: closed when the close time is before the receive time", () => {
    const recvUs = 1499644800500 * 1000;
    const body = [
      [
        1499040000000,
        "0.01634790",
        "0.80000000",
        "0.01575800",
        "0.01577100",
        "148976.11427815",
        1499644799999,
        "2434.19055334",
        308,
        "1756.87402397",
        "28.46694368",
        "0",
      ],
      [
        1499644800000,
        "0.01577100",
        "0.01600000",
        "0.01570000",
        "0.01590000",
        "10.5",
        1500249599999,
        "0.166",
        3,
        "5",
        "0.08",
        "0",
      ],
    ];
    const klines = rest.klines!(specOf("spot", "ETHBTC", "kline"), { interval: "1w" }).parse(
      body,
      contextOf("spot", recvUs),
    );
    expect(klines).toEqual([
      {
        kind: "kline",
        exchange: "binance",
        account: "spot",
        symbol: "ETH/BTC",
        tsMs: 1499644799999,
        recvTsUs: recvUs,
        interval: "1w",
        openTimeMs: 1499040000000,
        closeTimeMs: 1499644799999,
        open: 0.0163479,
        high: 0.8,
        low: 0.015758,
        close: 0.015771,
        volume: 148976.11427815,
        quoteVolume: 2434.19055334,
        trades: 308,
        closed: true,
      },
      {
        kind: "kline",
        exchange: "binance",
        account: "spot",
        symbol: "ETH/BTC",
        tsMs: 1499644800500,
        recvTsUs: recvUs,
        interval: "1w",
        openTimeMs: 1499644800000,
        closeTimeMs: 1500249599999,
        open: 0.015771,
        high: 0.016,
        low: 0.0157,
        close: 0.0159,
        volume: 10.5,
        quoteVolume: 0.166,
        trades: 3,
        closed: false,
      },
    ]);
  });

  test("funding history and open interest", () => {
    const funding = [
      {
        symbol: "BTCUSDT",
        fundingRate: "-0.03750000",
        fundingTime: 1570608000000,
        markPrice: "34287.54619963",
      },
      {
        symbol: "BTCUSDT",
        fundingRate: "0.00010000",
        fundingTime: 1570636800000,
        markPrice: "34651.40000000",
      },
    ];
    expect(rest.fundingHistory!(specOf("linear", "BTCUSDT"), {}).parse(funding, contextOf("linear"))).toEqual(
      [
        {
          kind: "funding_rate",
          exchange: "binance",
          account: "linear",
          symbol: "BTC/USDT:USDT",
          tsMs: 1570608000000,
          recvTsUs: RECV_US,
          rate: -0.0375,
        },
        {
          kind: "funding_rate",
          exchange: "binance",
          account: "linear",
          symbol: "BTC/USDT:USDT",
          tsMs: 1570636800000,
          recvTsUs: RECV_US,
          rate: 0.0001,
        },
      ],
    );
    const oi = {
      symbol: "BTCUSD_PERP",
      pair: "BTCUSD",
      openInterest: "517212",
      contractType: "PERPETUAL",
      time: 1591261042378,
    };
    expect(rest.openInterest!(specOf("inverse", "BTCUSD_PERP")).parse(oi, contextOf("inverse"))).toEqual({
      kind: "open_interest",
      exchange: "binance",
      account: "inverse",
      symbol: "BTC/USD:BTC",
      tsMs: 1591261042378,
      recvTsUs: RECV_US,
      openInterest: 517212,
    });
  });

  test("depth snapshot: spot uses the receive time, futures the transaction time", () => {
    const spot = {
      lastUpdateId: 1027024,
      bids: [["4.00000000", "431.00000000"]],
      asks: [["4.00000200", "12.00000000"]],
    };
    expect(rest.book!(specOf("spot", "BNBBTC", "book"), 100).parse(spot, contextOf("spot"))).toEqual({
      kind: "book",
      exchange: "binance",
      account: "spot",
      symbol: "BNB/BTC",
      tsMs: RECV_US / 1000,
      recvTsUs: RECV_US,
      type: "snapshot",
      bids: [[4, 431]],
      asks: [[4.000002, 12]],
      seq: 1027024,
    });
    const futures = {
      lastUpdateId: 1027024,
      E: 1589436922972,
      T: 1589436922959,
      bids: [["4.00000000", "431.00000000"]],
      asks: [],
    };
    expect(
      rest.book!(specOf("linear", "BTCUSDT", "book"), 1000).parse(futures, contextOf("linear")),
    ).toMatchObject({ tsMs: 1589436922959, seq: 1027024 });
  });

  test("error bodies throw E_VENUE, unusable shapes E_PARSE", () => {
    const venue = thrown(() =>
      rest.ticker!(specOf("spot", "BTCUSDT")).parse(
        { code: -1121, msg: "Invalid symbol." },
        contextOf("spot"),
      ),
    );
    expect(venue.code).toBe("E_VENUE");
    expect(venue.message).toContain("Invalid symbol.");
    expect(venue.details).toEqual({ venueCode: -1121 });
    for (const body of [null, "x", 5, [], {}, { bids: "x" }]) {
      expect(
        thrown(() => rest.book!(specOf("spot", "BTCUSDT", "book"), 10).parse(body, contextOf("spot"))).code,
      ).toBe("E_PARSE");
    }
    expect(thrown(() => rest.instruments("spot").parse({ symbols: 5 }, contextOf("spot"))).code).toBe(
      "E_PARSE",
    );
    expect(
      thrown(() => rest.openInterest!(specOf("linear", "BTCUSDT")).parse([], contextOf("linear"))).code,
    ).toBe("E_PARSE");
  });
});
