// Coinbase public REST: the calls dig3 builds (paths, queries, windows) and the parsers over docs-shaped bodies
// (products spot and futures, product book, market trades, candles, open interest), errors, and URL recognition.

import { describe, expect, test } from "bun:test";
import { type Account, Dig3Error, type StreamSpec } from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";
import { coinbase } from "./index.ts";
import {
  candleWindowOf,
  coinbaseRest,
  parseCandles,
  parseMarketTrades,
  parseProductBook,
  parseProducts,
} from "./rest.ts";
import { canonicalOfNative } from "./symbols.ts";

const RECV_US = 1_775_521_800_000_000;
const RECV_MS = RECV_US / 1000;

function contextOf(account: Account): ParseContext {
  return {
    exchange: "coinbase",
    account,
    recvTsUs: RECV_US,
    symbolOf: (native) => canonicalOfNative(native, account) ?? native,
    session: new Map(),
  };
}

function specOf(kind: StreamSpec["kind"], account: Account, native: string): StreamSpec {
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

const SPOT_PRODUCTS = {
  products: [
    {
      product_id: "BTC-USD",
      price: "68925.98",
      price_percentage_change_24h: "-0.28225832119521",
      volume_24h: "11005.02587005",
      base_increment: "0.00000001",
      quote_increment: "0.01",
      price_increment: "0.01",
      status: "online",
      trading_disabled: false,
      is_disabled: false,
      product_type: "SPOT",
      quote_currency_id: "USD",
      base_currency_id: "BTC",
      alias: "",
      alias_to: ["BTC-USDC"],
      product_venue: "CBE",
    },
    {
      product_id: "BTC-USDC",
      price: "68923.67",
      base_increment: "0.00000001",
      quote_increment: "0.01",
      price_increment: "0.01",
      status: "online",
      trading_disabled: false,
      product_type: "SPOT",
      quote_currency_id: "USDC",
      base_currency_id: "BTC",
      alias: "BTC-USD",
    },
    {
      product_id: "OLD-USD",
      status: "delisted",
      trading_disabled: true,
      product_type: "SPOT",
      base_increment: "1",
      price_increment: "0.001",
      quote_currency_id: "USD",
      base_currency_id: "OLD",
    },
  ],
  num_products: 3,
};

const FUTURE_PRODUCTS = {
  products: [
    {
      product_id: "BIP-20DEC30-CDE",
      price: "68930",
      base_increment: "1",
      quote_increment: "0.01",
      price_increment: "5",
      status: "",
      trading_disabled: false,
      is_disabled: false,
      product_type: "FUTURE",
      quote_currency_id: "USD",
      base_currency_id: "",
      product_venue: "FCM",
      fcm_trading_session_details: { is_session_open: true, session_state: "FCM_TRADING_SESSION_STATE_OPEN" },
      future_product_details: {
        venue: "cde",
        contract_code: "BIP",
        contract_expiry: "2030-12-20T16:00:00Z",
        contract_size: "0.01",
        contract_root_unit: "BTC",
        contract_expiry_type: "EXPIRING",
        open_interest: "183283",
        funding_rate: "0.000013",
        funding_time: "2026-04-07T00:00:00Z",
        funding_interval: "3600s",
        index_price: "68899.882564",
      },
    },
    {
      product_id: "BTC-PERP-INTX",
      product_type: "FUTURE",
      status: "",
      product_venue: "INTX",
      future_product_details: { venue: "", contract_expiry_type: "PERPETUAL", contract_root_unit: "BTC" },
    },
  ],
};

describe("instruments", () => {
  test("spot: products?product_type=SPOT, tick from price_increment, delisted kept but inactive", () => {
    const call = coinbaseRest.instruments("spot");
    expect(call.path).toBe("/api/v3/brokerage/market/products");
    expect(call.query).toEqual({ product_type: "SPOT" });
    expect(call.parse(SPOT_PRODUCTS, contextOf("spot"))).toEqual([
      {
        account: "spot",
        symbol: "BTC/USD",
        native: "BTC-USD",
        base: "BTC",
        quote: "USD",
        status: "online",
        active: true,
        tickSize: 0.01,
        lotSize: 0.00000001,
      },
      {
        account: "spot",
        symbol: "BTC/USDC",
        native: "BTC-USDC",
        base: "BTC",
        quote: "USDC",
        status: "online",
        active: true,
        tickSize: 0.01,
        lotSize: 0.00000001,
      },
      {
        account: "spot",
        symbol: "OLD/USD",
        native: "OLD-USD",
        base: "OLD",
        quote: "USD",
        status: "delisted",
        active: false,
        tickSize: 0.001,
        lotSize: 1,
      },
    ]);
  });

  test("linear: CDE contracts named by code with their expiry; the underlying is the base; INTX rows skipped", () => {
    const call = coinbaseRest.instruments("linear");
    expect(call.query).toEqual({ product_type: "FUTURE" });
    expect(call.parse(FUTURE_PRODUCTS, contextOf("linear"))).toEqual([
      {
        account: "linear",
        symbol: "BIP/USD:USD-301220",
        native: "BIP-20DEC30-CDE",
        base: "BTC",
        quote: "USD",
        settle: "USD",
        status: "FCM_TRADING_SESSION_STATE_OPEN",
        active: true,
        tickSize: 5,
        lotSize: 1,
      },
    ]);
  });

  test("spot rows never become futures and the other way round", () => {
    expect(parseProducts(FUTURE_PRODUCTS, "spot")).toEqual([]);
    expect(parseProducts(SPOT_PRODUCTS, "linear")).toEqual([]);
  });

  test("error bodies and odd shapes throw Dig3Errors; other accounts are wire-absent", () => {
    const venue = thrown(() => parseProducts({ error: "INTERNAL", message: "oops" }, "spot"));
    expect(venue.code).toBe("E_VENUE");
    expect(venue.message).toContain("oops");
    expect(thrown(() => parseProducts({ nope: 1 }, "spot")).code).toBe("E_PARSE");
    expect(thrown(() => coinbaseRest.instruments("inverse")).code).toBe("E_WIRE_ABSENT");
  });
});

describe("ticker and open interest from the product row", () => {
  test("ticker: last price and 24 h stats at receive time", () => {
    const call = coinbaseRest.ticker!(specOf("ticker", "spot", "BTC-USD"));
    expect(call.path).toBe("/api/v3/brokerage/market/products/BTC-USD");
    expect(call.parse(SPOT_PRODUCTS.products[0], contextOf("spot"))).toEqual({
      kind: "ticker",
      exchange: "coinbase",
      account: "spot",
      symbol: "BTC/USD",
      tsMs: RECV_MS,
      recvTsUs: RECV_US,
      last: 68925.98,
      volume24h: 11005.02587005,
      changePct24h: -0.28225832119521,
    });
  });

  test("open interest in contracts for US futures; spot has none", () => {
    const call = coinbaseRest.openInterest!(specOf("open_interest", "linear", "BIP-20DEC30-CDE"));
    expect(call.path).toBe("/api/v3/brokerage/market/products/BIP-20DEC30-CDE");
    expect(call.parse(FUTURE_PRODUCTS.products[0], contextOf("linear"))).toEqual({
      kind: "open_interest",
      exchange: "coinbase",
      account: "linear",
      symbol: "BIP/USD:USD-301220",
      tsMs: RECV_MS,
      recvTsUs: RECV_US,
      openInterest: 183283,
    });
    expect(thrown(() => coinbaseRest.openInterest!(specOf("open_interest", "spot", "BTC-USD"))).code).toBe(
      "E_WIRE_ABSENT",
    );
    expect(thrown(() => call.parse(SPOT_PRODUCTS.products[0], contextOf("linear"))).code).toBe("E_PARSE");
  });

  test("funding rate of a perpetual-style contract (flat or nested under perpetual_details); none for a dated one", () => {
    const call = coinbaseRest.fundingRate!(specOf("funding_rate", "linear", "BIP-20DEC30-CDE"));
    expect(call.path).toBe("/api/v3/brokerage/market/products/BIP-20DEC30-CDE");
    const row = FUTURE_PRODUCTS.products[0] as Record<string, unknown>;
    const details = row.future_product_details as Record<string, unknown>;
    const flat = { ...row, future_product_details: { ...details, funding_rate: "0.000011" } };
    expect(call.parse(flat, contextOf("linear"))).toEqual({
      kind: "funding_rate",
      exchange: "coinbase",
      account: "linear",
      symbol: "BIP/USD:USD-301220",
      tsMs: RECV_MS,
      recvTsUs: RECV_US,
      rate: 0.000011,
    });
    const nested = {
      ...row,
      future_product_details: {
        ...details,
        funding_rate: "",
        perpetual_details: { funding_rate: "-0.00002" },
      },
    };
    expect(call.parse(nested, contextOf("linear"))).toMatchObject({ rate: -0.00002 });
    const dated = { ...row, future_product_details: { ...details, funding_rate: "" } };
    expect(thrown(() => call.parse(dated, contextOf("linear"))).code).toBe("E_WIRE_ABSENT");
    expect(thrown(() => coinbaseRest.fundingRate!(specOf("funding_rate", "spot", "BTC-USD"))).code).toBe(
      "E_WIRE_ABSENT",
    );
  });
});

describe("book", () => {
  test("product_book → snapshot with the book's time and no sequence", () => {
    const call = coinbaseRest.book!(specOf("book", "spot", "BTC-USD"), 50);
    expect(call.path).toBe("/api/v3/brokerage/market/product_book");
    expect(call.query).toEqual({ product_id: "BTC-USD", limit: 50 });
    const body = {
      pricebook: {
        product_id: "BTC-USD",
        bids: [
          { price: "68923.66", size: "0.17189468" },
          { price: "68923", size: "0.05795895" },
        ],
        asks: [{ price: "68923.67", size: "0.16987193" }],
        time: "2026-04-07T00:28:59.662782Z",
      },
      last: "68923.665",
      mid_market: "68923.665",
    };
    expect(call.parse(body, contextOf("spot"))).toEqual({
      kind: "book",
      exchange: "coinbase",
      account: "spot",
      symbol: "BTC/USD",
      tsMs: Date.UTC(2026, 3, 7, 0, 28, 59, 662),
      recvTsUs: RECV_US,
      type: "snapshot",
      bids: [
        [68923.66, 0.17189468],
        [68923, 0.05795895],
      ],
      asks: [[68923.67, 0.16987193]],
    });
    expect(coinbaseRest.book!(specOf("book", "spot", "BTC-USD"), 1_000_000).query?.limit).toBe(1000);
    expect(thrown(() => parseProductBook({ pricebook: {} }, "BTC-USD", contextOf("spot"))).code).toBe(
      "E_PARSE",
    );
  });
});

describe("trades", () => {
  test("products/{id}/ticker → fills oldest first, taker side opposite to the maker's `side`", () => {
    const call = coinbaseRest.trades!(specOf("trade", "spot", "BTC-USD"), { limit: 3 });
    expect(call.path).toBe("/api/v3/brokerage/market/products/BTC-USD/ticker");
    expect(call.query).toEqual({ limit: 3 });
    const body = {
      trades: [
        {
          trade_id: "995098663",
          product_id: "BTC-USD",
          price: "68923.67",
          size: "0.00064",
          time: "2026-04-07T00:28:58.544778Z",
          side: "SELL",
          bid: "",
          ask: "",
        },
        {
          trade_id: "995098661",
          product_id: "BTC-USD",
          price: "68924.94",
          size: "0.01450854",
          time: "2026-04-07T00:28:57.296283Z",
          side: "BUY",
          bid: "",
          ask: "",
        },
        {
          trade_id: "bad",
          product_id: "BTC-USD",
          price: "x",
          size: "1",
          time: "2026-04-07T00:28:57Z",
          side: "BUY",
        },
      ],
      best_bid: "68923.66",
      best_ask: "68923.67",
    };
    const trades = call.parse(body, contextOf("spot"));
    expect(trades.map((t) => [t.tradeId, t.side, t.price, t.tsMs])).toEqual([
      ["995098661", "sell", 68924.94, Date.UTC(2026, 3, 7, 0, 28, 57, 296)],
      ["995098663", "buy", 68923.67, Date.UTC(2026, 3, 7, 0, 28, 58, 544)],
    ]);
    expect(coinbaseRest.trades!(specOf("trade", "spot", "BTC-USD"), {}).query).toEqual({ limit: 100 });
    expect(
      thrown(() =>
        parseMarketTrades({ error: "NOT_FOUND", message: "ProductID is invalid" }, "X-Y", contextOf("spot")),
      ).hint,
    ).toContain("product list");
  });
});

describe("klines", () => {
  test("granularity names; start and end in UNIX seconds; limit ≤ 350", () => {
    const nowMs = Date.UTC(2026, 3, 7, 0, 30);
    expect(candleWindowOf({ interval: "1m", limit: 10 }, nowMs)).toEqual({
      startS: (nowMs - 600_000) / 1000,
      endS: nowMs / 1000,
      limit: 10,
    });
    expect(candleWindowOf({ interval: "1h", startMs: nowMs - 7_200_000, limit: 5 }, nowMs)).toEqual({
      startS: (nowMs - 7_200_000) / 1000,
      endS: nowMs / 1000,
      limit: 5,
    });
    expect(candleWindowOf({ interval: "5m", endMs: nowMs - 3_000_000 }, nowMs)).toEqual({
      startS: (nowMs - 3_000_000 - 350 * 300_000) / 1000,
      endS: (nowMs - 3_000_000) / 1000,
      limit: 350,
    });
    const call = coinbaseRest.klines!(specOf("kline", "spot", "BTC-USD"), {
      interval: "15m",
      limit: 2,
      endMs: nowMs,
    });
    expect(call.path).toBe("/api/v3/brokerage/market/products/BTC-USD/candles");
    expect(call.query).toMatchObject({ granularity: "FIFTEEN_MINUTE", limit: 2, end: nowMs / 1000 });
    expect(
      thrown(() => coinbaseRest.klines!(specOf("kline", "spot", "BTC-USD"), { interval: "3m" })).code,
    ).toBe("E_BAD_INTERVAL");
  });

  test("candles newest first → oldest first; the bar still open at receive time is not closed", () => {
    const openS = RECV_MS / 1000 - 30;
    const body = {
      candles: [
        { start: String(openS), low: "2", high: "4", open: "3", close: "3.5", volume: "10" },
        { start: String(openS - 60), low: "1", high: "3", open: "2", close: "3", volume: "5" },
      ],
    };
    const klines = parseCandles(body, "BTC-USD", "1m", contextOf("spot"));
    expect(klines).toEqual([
      {
        kind: "kline",
        exchange: "coinbase",
        account: "spot",
        symbol: "BTC/USD",
        tsMs: openS * 1000 - 1,
        recvTsUs: RECV_US,
        interval: "1m",
        openTimeMs: (openS - 60) * 1000,
        closeTimeMs: openS * 1000 - 1,
        open: 2,
        high: 3,
        low: 1,
        close: 3,
        volume: 5,
        closed: true,
      },
      {
        kind: "kline",
        exchange: "coinbase",
        account: "spot",
        symbol: "BTC/USD",
        tsMs: RECV_MS,
        recvTsUs: RECV_US,
        interval: "1m",
        openTimeMs: openS * 1000,
        closeTimeMs: openS * 1000 + 59_999,
        open: 3,
        high: 4,
        low: 2,
        close: 3.5,
        volume: 10,
        closed: false,
      },
    ]);
  });
});

describe("recognize", () => {
  test.each([
    [
      "https://api.coinbase.com/api/v3/brokerage/market/products?product_type=SPOT",
      { call: "instruments", account: "spot", native: "" },
    ],
    [
      "https://api.coinbase.com/api/v3/brokerage/market/products?product_type=FUTURE",
      { call: "instruments", account: "linear", native: "" },
    ],
    [
      "https://api.coinbase.com/api/v3/brokerage/market/product_book?product_id=BTC-USD&limit=100",
      { call: "book", account: "spot", native: "BTC-USD" },
    ],
    [
      "https://api.coinbase.com/api/v3/brokerage/market/products/BTC-USD/ticker?limit=5",
      { call: "trades", account: "spot", native: "BTC-USD" },
    ],
    [
      "https://api.coinbase.com/api/v3/brokerage/products/BTC-USD/candles?granularity=ONE_MINUTE",
      { call: "klines", account: "spot", native: "BTC-USD" },
    ],
    [
      "https://api.coinbase.com/api/v3/brokerage/market/products/BIT-24APR26-CDE",
      { call: "ticker", account: "linear", native: "BIT-24APR26-CDE" },
    ],
  ])("%s", (url, expected) => {
    expect(coinbase.rest.recognize!(new URL(url))).toEqual(expected as never);
  });

  test("unknown paths are not recognized", () => {
    expect(
      coinbase.rest.recognize!(new URL("https://api.coinbase.com/api/v3/brokerage/orders")),
    ).toBeUndefined();
    expect(
      coinbase.rest.recognize!(new URL("https://api.exchange.coinbase.com/products/BTC-USD/book")),
    ).toBeUndefined();
  });
});

describe("limits and base URL", () => {
  test("10 public requests per second; one production host (no market-data sandbox)", () => {
    expect(coinbase.rest.rateLimit).toEqual({ weight: 10, perMs: 1000 });
    expect(coinbase.rest.baseUrl("spot", { testnet: false })).toBe("https://api.coinbase.com");
    expect(coinbase.rest.baseUrl("linear", { testnet: true })).toBe("https://api.coinbase.com");
    expect(thrown(() => coinbase.rest.baseUrl("option", { testnet: false })).code).toBe("E_WIRE_ABSENT");
  });
});
