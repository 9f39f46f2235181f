// Bitstamp REST: calls (paths, queries, account checks) and parsers over docs-shaped bodies, the venue's error
// bodies and quirks (a list answered for an unknown market, ids past 2^53, newest-first transactions), recognize().

import { describe, expect, test } from "bun:test";
import { type Account, Dig3Error, type StreamSpec } from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";
import { bitstamp } from "./index.ts";
import {
  BITSTAMP_OHLC_STEPS_S,
  nativeOfMarketName,
  parseMarkets,
  parseOhlc,
  parseTransactions,
  recognizeBitstampUrl,
} from "./rest.ts";
import { canonicalOfNative } from "./symbols.ts";

const RECV_US = 1_789_457_700_000_000;
const rest = bitstamp.rest;

function contextOf(account: Account, recvTsUs = RECV_US): ParseContext {
  return {
    exchange: "bitstamp",
    account,
    recvTsUs,
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

const base = (account: Account, symbol: string, tsMs: number) => ({
  exchange: "bitstamp",
  account,
  symbol,
  tsMs,
  recvTsUs: RECV_US,
});

const MARKETS = [
  {
    name: "BTC/USD",
    market_symbol: "btcusd",
    base_currency: "BTC",
    base_decimals: 8,
    counter_currency: "USD",
    counter_decimals: 0,
    minimum_order_value: "10",
    trading: "Enabled",
    instant_order_counter_decimals: 2,
    instant_and_market_orders: "Enabled",
    description: "Bitcoin / U.S. dollar",
    market_type: "SPOT",
  },
  {
    name: "OLD/USD",
    market_symbol: "oldusd",
    base_currency: "OLD",
    base_decimals: 2,
    counter_currency: "USD",
    counter_decimals: 5,
    trading: "Disabled",
    market_type: "SPOT",
  },
  // The pre-2024 trading-pairs-info shape: no market_type, url_symbol only.
  {
    name: "ETH/BTC",
    url_symbol: "ethbtc",
    base_currency: "ETH",
    base_decimals: 8,
    counter_currency: "BTC",
    counter_decimals: 8,
    trading: "Enabled",
  },
  {
    name: "BTC/USD-PERP",
    market_symbol: "btcusd-perp",
    base_currency: "BTC",
    base_decimals: 5,
    counter_currency: "USD",
    counter_decimals: 0,
    trading: "Enabled",
    market_type: "PERPETUAL",
    payoff_type: "Linear",
    contract_size: "1.00000000",
    tick_size: "1",
  },
];

describe("instruments: /api/v2/markets/", () => {
  test("spot rows (disabled ones inactive), tick and lot from the decimals", () => {
    const call = rest.instruments("spot");
    expect(call.path).toBe("/api/v2/markets/");
    expect(call.parse(MARKETS, contextOf("spot"))).toEqual([
      {
        account: "spot",
        symbol: "BTC/USD",
        native: "btcusd",
        base: "BTC",
        quote: "USD",
        status: "Enabled",
        active: true,
        tickSize: 1,
        lotSize: 0.00000001,
      },
      {
        account: "spot",
        symbol: "OLD/USD",
        native: "oldusd",
        base: "OLD",
        quote: "USD",
        status: "Disabled",
        active: false,
        tickSize: 0.00001,
        lotSize: 0.01,
      },
      {
        account: "spot",
        symbol: "ETH/BTC",
        native: "ethbtc",
        base: "ETH",
        quote: "BTC",
        status: "Enabled",
        active: true,
        tickSize: 0.00000001,
        lotSize: 0.00000001,
      },
    ]);
  });

  test("perpetual rows on linear, settled in USD, tick_size when sent", () => {
    expect(parseMarkets(MARKETS, "linear")).toEqual([
      {
        account: "linear",
        symbol: "BTC/USD:USD",
        native: "btcusd-perp",
        base: "BTC",
        quote: "USD",
        settle: "USD",
        status: "Enabled",
        active: true,
        tickSize: 1,
        lotSize: 0.00001,
      },
    ]);
  });

  test("no other accounts; an error body or another shape throws", () => {
    expect(thrown(() => rest.instruments("inverse")).code).toBe("E_WIRE_ABSENT");
    expect(thrown(() => parseMarkets({ status: "error", reason: "down" }, "spot")).code).toBe("E_VENUE");
    expect(thrown(() => parseMarkets({ markets: [] }, "spot")).code).toBe("E_PARSE");
  });
});

const PERP_TICKER = {
  timestamp: "1789455809",
  open: "78237",
  high: "79588",
  low: "77191",
  last: "77265",
  volume: "108.78361",
  vwap: "78381",
  bid: "77239",
  ask: "77240",
  side: "1",
  open_24: "77700",
  percent_change_24: "-0.56",
  market_type: "PERPETUAL",
  pair: "BTC/USD-PERP",
  market: "BTC/USD-PERP",
  index_price: "77224.46266666667",
  mark_price: "77238.10540904",
  open_interest: "66.98297",
  open_interest_value: "5173637.6974705640488",
};

describe("ticker and open interest: /api/v2/ticker/{market}/", () => {
  test("spot ticker; no query string (the venue rejects GET parameters here)", () => {
    const call = rest.ticker!(specOf("ticker", "spot", "btcusd"));
    expect(call.path).toBe("/api/v2/ticker/btcusd/");
    expect(call.query).toBeUndefined();
    const body = { ...PERP_TICKER, market_type: "SPOT", pair: "BTC/USD", market: "BTC/USD" };
    expect(call.parse(body, contextOf("spot"))).toEqual({
      kind: "ticker",
      ...base("spot", "BTC/USD", 1789455809000),
      last: 77265,
      bid: 77239,
      ask: 77240,
      high24h: 79588,
      low24h: 77191,
      volume24h: 108.78361,
      changePct24h: -0.56,
    });
  });

  test("an unknown market is answered with every ticker: pick the row, or say the symbol is unknown", () => {
    const call = rest.ticker!(specOf("ticker", "linear", "btcusd-perp"));
    const list = [{ ...PERP_TICKER, market: "ETH/USD-PERP", pair: "ETH/USD-PERP", last: "1" }, PERP_TICKER];
    expect(call.parse(list, contextOf("linear")).last).toBe(77265);
    expect(thrown(() => call.parse([list[0]], contextOf("linear"))).code).toBe("E_UNKNOWN_SYMBOL");
  });

  test("open interest of a perpetual in base units with its USD value", () => {
    const call = rest.openInterest!(specOf("open_interest", "linear", "btcusd-perp"));
    expect(call.path).toBe("/api/v2/ticker/btcusd-perp/");
    expect(call.parse(PERP_TICKER, contextOf("linear"))).toEqual({
      kind: "open_interest",
      ...base("linear", "BTC/USD:USD", 1789455809000),
      openInterest: 66.98297,
      openInterestValue: 5173637.697470564,
    });
  });

  test("spot has no open interest or funding", () => {
    expect(thrown(() => rest.openInterest!(specOf("open_interest", "spot", "btcusd"))).code).toBe(
      "E_WIRE_ABSENT",
    );
    expect(thrown(() => rest.fundingHistory!(specOf("funding_rate", "spot", "btcusd"), {})).code).toBe(
      "E_WIRE_ABSENT",
    );
  });
});

describe("book: /api/v2/order_book/{market}/", () => {
  test("snapshot with seq = microtimestamp; the whole book, whatever depth is asked", () => {
    const call = rest.book!(specOf("book", "linear", "btcusd-perp"), 5);
    expect(call.path).toBe("/api/v2/order_book/btcusd-perp/");
    const body = {
      timestamp: "1789457617",
      microtimestamp: "1789457617906487",
      bids: [
        ["77188", "0.41122"],
        ["77183", "0.32386"],
      ],
      asks: [["77189", "0.41124"]],
    };
    expect(call.parse(body, contextOf("linear"))).toEqual({
      kind: "book",
      ...base("linear", "BTC/USD:USD", 1789457617906),
      type: "snapshot",
      bids: [
        [77188, 0.41122],
        [77183, 0.32386],
      ],
      asks: [[77189, 0.41124]],
      seq: 1789457617906487,
    });
  });

  test("a body without microtimestamp cannot anchor the diff stream", () => {
    const call = rest.book!(specOf("book", "spot", "btcusd"), 100);
    expect(thrown(() => call.parse({ timestamp: "1", bids: [], asks: [] }, contextOf("spot"))).code).toBe(
      "E_PARSE",
    );
    expect(
      thrown(() =>
        call.parse(
          { status: "error", reason: "Order book is currently unavailable.", response_code: "500.009" },
          contextOf("spot"),
        ),
      ).message,
    ).toContain("Order book is currently unavailable. (500.009)");
  });
});

describe("trades: /api/v2/transactions/{market}/", () => {
  const ROWS = [
    { date: "1641343721", tid: "216000506", price: "3800.80", amount: "2.73248242", type: "1" },
    { date: "1641343721", tid: "216000505", price: "3800.53", amount: "2.10800000", type: "1" },
    { date: "1641343699", tid: "216000477", price: "3805.44", amount: "0.07920000", type: "0" },
  ];

  test("newest-first rows → oldest first, taker side from type, the newest `limit`", () => {
    const call = rest.trades!(specOf("trade", "spot", "ethusd"), { limit: 2 });
    expect(call.path).toBe("/api/v2/transactions/ethusd/");
    expect(call.query).toEqual({ time: "hour" });
    expect(call.parse(ROWS, contextOf("spot"))).toEqual([
      {
        kind: "trade",
        ...base("spot", "ETH/USD", 1641343721000),
        price: 3800.53,
        size: 2.108,
        side: "sell",
        tradeId: "216000505",
      },
      {
        kind: "trade",
        ...base("spot", "ETH/USD", 1641343721000),
        price: 3800.8,
        size: 2.73248242,
        side: "sell",
        tradeId: "216000506",
      },
    ]);
    expect(parseTransactions(ROWS, "ethusd", contextOf("spot")).map((t) => t.side)).toEqual([
      "buy",
      "sell",
      "sell",
    ]);
  });

  test("ids past 2^53 stay exact text and order by length then text", () => {
    const rows = [
      { date: "1789456400", tid: "2001939623936278529", price: "1", amount: "1", type: "0" },
      { date: "1789456400", tid: "999", price: "1", amount: "1", type: "0" },
      { date: "1789456400", tid: "2001939623936278528", price: "1", amount: "1", type: "0" },
    ];
    expect(parseTransactions(rows, "btcusd-perp", contextOf("linear")).map((t) => t.tradeId)).toEqual([
      "999",
      "2001939623936278528",
      "2001939623936278529",
    ]);
  });
});

describe("klines: /api/v2/ohlc/{market}/", () => {
  const BODY = {
    data: {
      pair: "BTC/USD",
      ohlc: [
        {
          timestamp: "1789457580",
          open: "77100",
          high: "77300",
          low: "77000",
          close: "77200",
          volume: "1.5",
        },
        {
          timestamp: "1789457640",
          open: "77200",
          high: "77250",
          low: "77150",
          close: "77180",
          volume: "0.25",
        },
        { timestamp: "1789457520", open: "77050", high: "77150", low: "77000", close: "77100", volume: "2" },
      ],
    },
  };

  test("step from the interval, end wins over start, rows sorted, the open bar not closed", () => {
    const spec = specOf("kline", "spot", "btcusd");
    expect(rest.klines!(spec, { interval: "1m", limit: 3 }).query).toEqual({
      step: 60,
      limit: 3,
      start: undefined,
      end: undefined,
    });
    expect(rest.klines!(spec, { interval: "1h", startMs: 1_700_000_000_999 }).query).toMatchObject({
      step: 3600,
      limit: 500,
      start: 1_700_000_000,
    });
    expect(
      rest.klines!(spec, {
        interval: "1d",
        startMs: 1_600_000_000_000,
        endMs: 1_700_000_000_000,
        limit: 5000,
      }).query,
    ).toEqual({ step: 86_400, limit: 1000, start: undefined, end: 1_700_000_000 });
    // Received at 1789457700 s: the 1789457640 bar (until …699.999) is closed, as are the ones before it.
    const klines = parseOhlc(BODY, "btcusd", "1m", contextOf("spot"));
    expect(klines.map((k) => [k.openTimeMs, k.closed])).toEqual([
      [1789457520000, true],
      [1789457580000, true],
      [1789457640000, true],
    ]);
    const open = parseOhlc(BODY, "btcusd", "1m", contextOf("spot", 1_789_457_650_000_000));
    expect(open.at(-1)).toEqual({
      kind: "kline",
      exchange: "bitstamp",
      account: "spot",
      symbol: "BTC/USD",
      tsMs: 1789457650000,
      recvTsUs: 1_789_457_650_000_000,
      interval: "1m",
      openTimeMs: 1789457640000,
      closeTimeMs: 1789457699999,
      open: 77200,
      high: 77250,
      low: 77150,
      close: 77180,
      volume: 0.25,
      closed: false,
    });
  });

  test("only the documented steps", () => {
    expect(Object.values(BITSTAMP_OHLC_STEPS_S)).toEqual([
      60, 180, 300, 900, 1800, 3600, 7200, 14400, 21600, 43200, 86400, 259200,
    ]);
    expect(thrown(() => rest.klines!(specOf("kline", "spot", "btcusd"), { interval: "1w" })).code).toBe(
      "E_BAD_INTERVAL",
    );
  });
});

describe("funding history: /api/v2/funding_rate_history/{market}/", () => {
  test("settled rates oldest first; seconds in the query", () => {
    const call = rest.fundingHistory!(specOf("funding_rate", "linear", "btcusd-perp"), {
      limit: 3,
      startMs: 1_789_000_000_000,
    });
    expect(call.path).toBe("/api/v2/funding_rate_history/btcusd-perp/");
    expect(call.query).toEqual({ limit: 3, since_timestamp: 1_789_000_000, until_timestamp: undefined });
    const body = {
      market: "BTC/USD-PERP",
      funding_rate_history: [
        { funding_rate: "0.000127", timestamp: "1789430401" },
        { funding_rate: "-0.0001", timestamp: "1789401600" },
      ],
    };
    expect(call.parse(body, contextOf("linear"))).toEqual([
      { kind: "funding_rate", ...base("linear", "BTC/USD:USD", 1789401600000), rate: -0.0001 },
      { kind: "funding_rate", ...base("linear", "BTC/USD:USD", 1789430401000), rate: 0.000127 },
    ]);
  });
});

describe("errors", () => {
  test("rate-limit response codes become E_RATE_LIMITED; other error bodies E_VENUE", () => {
    const call = rest.ticker!(specOf("ticker", "spot", "btcusd"));
    const limited = thrown(() =>
      call.parse(
        { status: "error", reason: "Request rejected due to exceeded rate limit.", response_code: "400.002" },
        contextOf("spot"),
      ),
    );
    expect(limited.code).toBe("E_RATE_LIMITED");
    expect(limited.details).toEqual({ venueCode: "400.002" });
    expect(thrown(() => call.parse({ error: "Not found." }, contextOf("spot"))).code).toBe("E_VENUE");
    expect(
      thrown(() =>
        call.parse({ status: "error", reason: { __all__: ["Invalid market."] } }, contextOf("spot")),
      ).message,
    ).toContain("Invalid market.");
  });
});

describe("recognize", () => {
  test.each([
    [
      "https://www.bitstamp.net/api/v2/order_book/ethusd",
      { call: "book", account: "spot", native: "ethusd" },
    ],
    [
      "https://www.bitstamp.net/api/v2/order_book/btcusd-perp/?group=1",
      { call: "book", account: "linear", native: "btcusd-perp" },
    ],
    ["https://www.bitstamp.net/api/v2/ticker/BTCUSD/", { call: "ticker", account: "spot", native: "btcusd" }],
    [
      "https://www.bitstamp.net/api/v2/transactions/ethusd/?time=hour",
      { call: "trades", account: "spot", native: "ethusd" },
    ],
    [
      "https://www.bitstamp.net/api/v2/ohlc/btcusd/?step=60&limit=10",
      { call: "klines", account: "spot", native: "btcusd" },
    ],
    [
      "https://www.bitstamp.net/api/v2/funding_rate_history/ethusd-perp/",
      { call: "fundingHistory", account: "linear", native: "ethusd-perp" },
    ],
    ["https://www.bitstamp.net/api/v2/markets/", { call: "instruments", account: "spot", native: "" }],
  ] as const)("%s", (url, expected) => {
    expect(recognizeBitstampUrl(new URL(url))).toEqual(expected);
  });

  test("unknown paths are not recognised", () => {
    expect(
      recognizeBitstampUrl(new URL("https://www.bitstamp.net/api/v2/funding_rate/btcusd-perp/")),
    ).toBeUndefined();
    expect(
      recognizeBitstampUrl(new URL("https://www.bitstamp.net/api/v2/user_transactions/")),
    ).toBeUndefined();
  });

  test("REST market names map to natives", () => {
    expect(nativeOfMarketName("BTC/USD-PERP")).toBe("btcusd-perp");
    expect(nativeOfMarketName("ETH/BTC")).toBe("ethbtc");
  });

  test("one host, one budget", () => {
    expect(rest.baseUrl("spot", { testnet: false })).toBe("https://www.bitstamp.net");
    expect(rest.baseUrl("linear", { testnet: true })).toBe("https://www.bitstamp.net");
    expect(rest.rateLimit).toEqual({ weight: 10_000, perMs: 600_000 });
  });
});
