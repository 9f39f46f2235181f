// Binance frame parser: docs-shaped frames for every stream on every account → exact events; acks, errors and
// garbage → classified without throwing; then every recorded frame in ../shared/wire/binance through the parser.

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Account, type BookEvent, type MarketDataEvent, parseCanonical } from "../../core/index.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { BINANCE_FUTURES_BOOK, BINANCE_SPOT_BOOK, binance } from "./index.ts";
import { canonicalOfNative } from "./symbols.ts";

const RECV_US = 1_700_000_000_123_456;

function contextOf(account: Account, recvTsUs = RECV_US): ParseContext {
  return {
    exchange: "binance",
    account,
    recvTsUs,
    symbolOf: (native) => canonicalOfNative(native, account) ?? native,
    session: new Map(),
  };
}

function parse(account: Account, frame: unknown): Parsed {
  const text = typeof frame === "string" ? frame : JSON.stringify(frame);
  return binance.ws.parse(text, contextOf(account));
}

function eventsOf(account: Account, frame: unknown): MarketDataEvent[] {
  const parsed = parse(account, frame);
  if (parsed.kind !== "events") throw new Error(`expected events, got ${JSON.stringify(parsed)}`);
  return parsed.events;
}

const base = (account: Account, symbol: string, tsMs: number) => ({
  exchange: "binance",
  account,
  symbol,
  tsMs,
  recvTsUs: RECV_US,
});

describe("spot frames", () => {
  test("trade: m=true means the taker sold", () => {
    const frame = {
      stream: "bnbbtc@trade",
      data: {
        e: "trade",
        E: 1672515782136,
        s: "BNBBTC",
        t: 12345,
        p: "0.001",
        q: "100",
        T: 1672515782130,
        m: true,
        M: true,
      },
    };
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "trade",
        ...base("spot", "BNB/BTC", 1672515782130),
        price: 0.001,
        size: 100,
        side: "sell",
        tradeId: "12345",
      },
    ]);
  });

  test("aggTrade: m=false means the taker bought", () => {
    const frame = {
      stream: "bnbbtc@aggTrade",
      data: {
        e: "aggTrade",
        E: 1672515782136,
        s: "BNBBTC",
        a: 12345,
        p: "0.001",
        q: "100",
        f: 100,
        l: 105,
        T: 1672515782136,
        m: false,
        M: true,
      },
    };
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "agg_trade",
        ...base("spot", "BNB/BTC", 1672515782136),
        price: 0.001,
        size: 100,
        side: "buy",
        aggId: "12345",
        firstTradeId: "100",
        lastTradeId: "105",
      },
    ]);
  });

  test("diff depth → delta with firstSeq=U, seq=u, tsMs=E, no prevSeq", () => {
    const frame = {
      stream: "bnbbtc@depth@100ms",
      data: {
        e: "depthUpdate",
        E: 1672515782136,
        s: "BNBBTC",
        U: 157,
        u: 160,
        b: [["0.0024", "10"]],
        a: [
          ["0.0026", "100"],
          ["0.0027", "0"],
        ],
      },
    };
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "book",
        ...base("spot", "BNB/BTC", 1672515782136),
        type: "delta",
        bids: [[0.0024, 10]],
        asks: [
          [0.0026, 100],
          [0.0027, 0],
        ],
        seq: 160,
        firstSeq: 157,
      },
    ]);
  });

  test("kline with quote volume", () => {
    const frame = {
      stream: "bnbbtc@kline_1s",
      data: {
        e: "kline",
        E: 1672515782136,
        s: "BNBBTC",
        k: {
          t: 1672515781000,
          T: 1672515781999,
          s: "BNBBTC",
          i: "1s",
          f: 100,
          L: 200,
          o: "0.0010",
          c: "0.0020",
          h: "0.0025",
          l: "0.0015",
          v: "1000",
          n: 100,
          x: true,
          q: "1.0000",
          V: "500",
          Q: "0.500",
          B: "123456",
        },
      },
    };
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "kline",
        ...base("spot", "BNB/BTC", 1672515782136),
        interval: "1s",
        openTimeMs: 1672515781000,
        closeTimeMs: 1672515781999,
        open: 0.001,
        high: 0.0025,
        low: 0.0015,
        close: 0.002,
        volume: 1000,
        quoteVolume: 1,
        trades: 100,
        closed: true,
      },
    ]);
  });

  test("24h ticker with best bid/ask", () => {
    const frame = {
      stream: "bnbbtc@ticker",
      data: {
        e: "24hrTicker",
        E: 1672515782136,
        s: "BNBBTC",
        p: "0.0015",
        P: "250.00",
        w: "0.0018",
        x: "0.0009",
        c: "0.0025",
        Q: "10",
        b: "0.0024",
        B: "10",
        a: "0.0026",
        A: "100",
        o: "0.0010",
        h: "0.0025",
        l: "0.0010",
        v: "10000",
        q: "18",
        O: 0,
        C: 86400000,
        F: 0,
        L: 18150,
        n: 18151,
      },
    };
    expect(eventsOf("spot", frame)).toEqual([
      {
        kind: "ticker",
        ...base("spot", "BNB/BTC", 1672515782136),
        last: 0.0025,
        bid: 0.0024,
        bidSize: 10,
        ask: 0.0026,
        askSize: 100,
        high24h: 0.0025,
        low24h: 0.001,
        volume24h: 10000,
        quoteVolume24h: 18,
        changePct24h: 250,
      },
    ]);
  });
});

describe("USDⓈ-M frames", () => {
  test("trade with X=MARKET", () => {
    const frame = {
      stream: "btcusdt@trade",
      data: {
        e: "trade",
        E: 1596240000596,
        T: 1596240000519,
        s: "BTCUSDT",
        t: 173525189,
        p: "11343.67",
        q: "0.467",
        X: "MARKET",
        m: false,
      },
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "trade",
        ...base("linear", "BTC/USDT:USDT", 1596240000519),
        price: 11343.67,
        size: 0.467,
        side: "buy",
        tradeId: "173525189",
      },
    ]);
  });

  test("ADL / insurance-fund prints and zero-priced spent ids are ignored, not emitted", () => {
    const adl = {
      stream: "btcusdt@trade",
      data: {
        e: "trade",
        E: 1,
        T: 1618716867639,
        s: "BTCUSDT",
        t: 1,
        p: "852.7",
        q: "0.05",
        X: "ADL",
        m: true,
      },
    };
    const spent = {
      stream: "btcusdt@trade",
      data: { e: "trade", E: 1, T: 1618716867639, s: "BTCUSDT", t: 2, p: "0", q: "0", X: "MARKET", m: true },
    };
    expect(parse("linear", adl)).toEqual({ kind: "ignored", reason: "trade type ADL is not a market trade" });
    expect(parse("linear", spent)).toEqual({ kind: "ignored", reason: "trade with zero price or size" });
  });

  test("diff depth → delta with prevSeq=pu and tsMs=T", () => {
    const frame = {
      stream: "btcusdt@depth@100ms",
      data: {
        e: "depthUpdate",
        E: 123456789,
        T: 123456788,
        s: "BTCUSDT",
        U: 157,
        u: 160,
        pu: 149,
        b: [["0.0024", "10"]],
        a: [["0.0026", "100"]],
      },
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "book",
        ...base("linear", "BTC/USDT:USDT", 123456788),
        type: "delta",
        bids: [[0.0024, 10]],
        asks: [[0.0026, 100]],
        seq: 160,
        firstSeq: 157,
        prevSeq: 149,
      },
    ]);
  });

  test("one @markPrice@1s frame → mark_price and funding_rate", () => {
    const frame = {
      stream: "btcusdt@markPrice@1s",
      data: {
        e: "markPriceUpdate",
        E: 1562305380000,
        s: "BTCUSDT",
        p: "11794.15000000",
        i: "11784.62659091",
        P: "11784.25641265",
        r: "0.00038167",
        T: 1562306400000,
      },
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "mark_price",
        ...base("linear", "BTC/USDT:USDT", 1562305380000),
        markPrice: 11794.15,
        indexPrice: 11784.62659091,
      },
      {
        kind: "funding_rate",
        ...base("linear", "BTC/USDT:USDT", 1562305380000),
        rate: 0.00038167,
        nextFundingTsMs: 1562306400000,
      },
    ]);
  });

  test("dated contract mark price (T=0) has no funding", () => {
    const frame = {
      stream: "btcusdt_250627@markPrice@1s",
      data: {
        e: "markPriceUpdate",
        E: 1609830121004,
        s: "BTCUSDT_250627",
        p: "31799.2773",
        i: "31307.034",
        r: "0.00000000",
        T: 0,
      },
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "mark_price",
        ...base("linear", "BTC/USDT:USDT-250627", 1609830121004),
        markPrice: 31799.2773,
        indexPrice: 31307.034,
      },
    ]);
  });

  test("forceOrder → liquidation at the average price and filled size, with value", () => {
    const frame = {
      stream: "btcusdt@forceOrder",
      data: {
        e: "forceOrder",
        E: 1568014460893,
        o: {
          s: "BTCUSDT",
          S: "SELL",
          o: "LIMIT",
          f: "IOC",
          q: "0.014",
          p: "9910",
          ap: "9910",
          X: "FILLED",
          l: "0.014",
          z: "0.014",
          T: 1568014460893,
        },
      },
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "liquidation",
        ...base("linear", "BTC/USDT:USDT", 1568014460893),
        side: "sell",
        price: 9910,
        size: 0.014,
        value: 9910 * 0.014,
      },
    ]);
  });

  test("aggTrade and kline", () => {
    const agg = {
      stream: "btcusdt@aggTrade",
      data: {
        e: "aggTrade",
        E: 123456789,
        s: "BTCUSDT",
        a: 5933014,
        p: "0.001",
        q: "100",
        f: 100,
        l: 105,
        T: 123456785,
        m: true,
      },
    };
    expect(eventsOf("linear", agg)).toEqual([
      {
        kind: "agg_trade",
        ...base("linear", "BTC/USDT:USDT", 123456785),
        price: 0.001,
        size: 100,
        side: "sell",
        aggId: "5933014",
        firstTradeId: "100",
        lastTradeId: "105",
      },
    ]);
    const kline = {
      stream: "btcusdt@kline_1m",
      data: {
        e: "kline",
        E: 1638747660000,
        s: "BTCUSDT",
        k: {
          t: 1638747660000,
          T: 1638747719999,
          s: "BTCUSDT",
          i: "1m",
          f: 100,
          L: 200,
          o: "0.0010",
          c: "0.0020",
          h: "0.0025",
          l: "0.0015",
          v: "1000",
          n: 100,
          x: false,
          q: "1.0000",
          V: "500",
          Q: "0.500",
          B: "123456",
        },
      },
    };
    const [event] = eventsOf("linear", kline);
    expect(event).toMatchObject({
      kind: "kline",
      symbol: "BTC/USDT:USDT",
      interval: "1m",
      closed: false,
      quoteVolume: 1,
      volume: 1000,
    });
  });

  test("ticker without bid/ask", () => {
    const frame = {
      stream: "btcusdt@ticker",
      data: {
        e: "24hrTicker",
        E: 123456789,
        s: "BTCUSDT",
        p: "0.0015",
        P: "250.00",
        w: "0.0018",
        c: "0.0025",
        Q: "10",
        o: "0.0010",
        h: "0.0025",
        l: "0.0010",
        v: "10000",
        q: "18",
        O: 0,
        C: 86400000,
        F: 0,
        L: 18150,
        n: 18151,
      },
    };
    expect(eventsOf("linear", frame)).toEqual([
      {
        kind: "ticker",
        ...base("linear", "BTC/USDT:USDT", 123456789),
        last: 0.0025,
        high24h: 0.0025,
        low24h: 0.001,
        volume24h: 10000,
        quoteVolume24h: 18,
        changePct24h: 250,
      },
    ]);
  });
});

describe("COIN-M frames", () => {
  test("diff depth on a perpetual", () => {
    const frame = {
      stream: "btcusd_perp@depth@100ms",
      data: {
        e: "depthUpdate",
        E: 1591270260907,
        T: 1591270260891,
        s: "BTCUSD_PERP",
        ps: "BTCUSD",
        U: 17285681,
        u: 17285702,
        pu: 17285675,
        b: [["9517.6", "10"]],
        a: [["9518.5", "45"]],
      },
    };
    expect(eventsOf("inverse", frame)).toEqual([
      {
        kind: "book",
        ...base("inverse", "BTC/USD:BTC", 1591270260891),
        type: "delta",
        bids: [[9517.6, 10]],
        asks: [[9518.5, 45]],
        seq: 17285702,
        firstSeq: 17285681,
        prevSeq: 17285675,
      },
    ]);
  });

  test("kline and ticker carry no quote volume (Binance's q is base volume there)", () => {
    const kline = {
      stream: "btcusd_perp@kline_1m",
      data: {
        e: "kline",
        E: 1591261542539,
        s: "BTCUSD_PERP",
        k: {
          t: 1591261500000,
          T: 1591261559999,
          s: "BTCUSD_PERP",
          i: "1m",
          f: 606400,
          L: 606430,
          o: "9638.9",
          c: "9639.8",
          h: "9639.8",
          l: "9638.6",
          v: "156",
          n: 30,
          x: false,
          q: "1.61836886",
          V: "73",
          Q: "0.75731156",
          B: "0",
        },
      },
    };
    expect(eventsOf("inverse", kline)).toEqual([
      {
        kind: "kline",
        ...base("inverse", "BTC/USD:BTC", 1591261542539),
        interval: "1m",
        openTimeMs: 1591261500000,
        closeTimeMs: 1591261559999,
        open: 9638.9,
        high: 9639.8,
        low: 9638.6,
        close: 9639.8,
        volume: 156,
        trades: 30,
        closed: false,
      },
    ]);
    const ticker = {
      stream: "btcusd_200925@ticker",
      data: {
        e: "24hrTicker",
        E: 1592265616654,
        s: "BTCUSD_200925",
        ps: "BTCUSD",
        p: "72.9",
        P: "0.773",
        w: "9271.96",
        c: "9504.9",
        Q: "1",
        o: "9432.0",
        h: "9769.5",
        l: "8621.4",
        v: "1967607",
        q: "21221.04648872",
        O: 1592179200000,
        C: 1592265616653,
        F: 100191,
        L: 173906,
        n: 73715,
      },
    };
    expect(eventsOf("inverse", ticker)).toEqual([
      {
        kind: "ticker",
        ...base("inverse", "BTC/USD:BTC-200925", 1592265616654),
        last: 9504.9,
        high24h: 9769.5,
        low24h: 8621.4,
        volume24h: 1967607,
        changePct24h: 0.773,
      },
    ]);
  });

  test("mark price on a delivery contract (r empty) has no funding; on a perpetual it has", () => {
    const delivery = {
      stream: "btcusd_201225@markPrice@1s",
      data: {
        e: "markPriceUpdate",
        E: 1596095725000,
        s: "BTCUSD_201225",
        p: "10934.62615417",
        P: "10962.17178236",
        i: "10933.62615417",
        r: "",
        T: 0,
      },
    };
    expect(eventsOf("inverse", delivery)).toEqual([
      {
        kind: "mark_price",
        ...base("inverse", "BTC/USD:BTC-201225", 1596095725000),
        markPrice: 10934.62615417,
        indexPrice: 10933.62615417,
      },
    ]);
    const perpetual = {
      stream: "btcusd_perp@markPrice@1s",
      data: {
        e: "markPriceUpdate",
        E: 1596095725000,
        s: "BTCUSD_PERP",
        p: "11012.31",
        P: "11000.1",
        i: "11010.5",
        r: "0.00010000",
        T: 1596096000000,
      },
    };
    expect(eventsOf("inverse", perpetual).map((event) => event.kind)).toEqual(["mark_price", "funding_rate"]);
  });

  test("liquidation sizes are contracts: no value", () => {
    const frame = {
      stream: "btcusd_perp@forceOrder",
      data: {
        e: "forceOrder",
        E: 1591154240950,
        o: {
          s: "BTCUSD_PERP",
          ps: "BTCUSD",
          S: "BUY",
          o: "LIMIT",
          f: "IOC",
          q: "1",
          p: "9425.5",
          ap: "9496.5",
          X: "FILLED",
          l: "1",
          z: "1",
          T: 1591154240949,
        },
      },
    };
    expect(eventsOf("inverse", frame)).toEqual([
      {
        kind: "liquidation",
        ...base("inverse", "BTC/USD:BTC", 1591154240949),
        side: "buy",
        price: 9496.5,
        size: 1,
      },
    ]);
  });

  test("trade and aggTrade", () => {
    const trade = {
      stream: "btcusd_perp@trade",
      data: {
        e: "trade",
        E: 1592265616654,
        T: 1592265616653,
        s: "BTCUSD_PERP",
        t: 173906,
        p: "9504.9",
        q: "1",
        X: "MARKET",
        m: false,
      },
    };
    expect(eventsOf("inverse", trade)).toEqual([
      {
        kind: "trade",
        ...base("inverse", "BTC/USD:BTC", 1592265616653),
        price: 9504.9,
        size: 1,
        side: "buy",
        tradeId: "173906",
      },
    ]);
    const agg = {
      stream: "btcusd_perp@aggTrade",
      data: {
        e: "aggTrade",
        E: 1591261134288,
        a: 424951,
        s: "BTCUSD_PERP",
        p: "9643.5",
        q: "2",
        f: 606073,
        l: 606073,
        T: 1591261134199,
        m: false,
      },
    };
    expect(eventsOf("inverse", agg)[0]).toMatchObject({
      kind: "agg_trade",
      symbol: "BTC/USD:BTC",
      aggId: "424951",
      size: 2,
    });
  });
});

describe("control frames", () => {
  test("subscribe ack and subscription list", () => {
    expect(parse("spot", '{"result":null,"id":1}')).toEqual({ kind: "ack", note: "id 1" });
    expect(parse("linear", { result: ["btcusdt@aggTrade"], id: 3 })).toEqual({
      kind: "ack",
      note: "id 3: 1 subscriptions",
    });
  });

  test("request errors, flat (spot docs) and nested (futures servers)", () => {
    expect(
      parse("spot", { code: 2, msg: "Invalid request: request ID must be an unsigned integer" }),
    ).toEqual({
      kind: "venue-error",
      message: "code 2: Invalid request: request ID must be an unsigned integer",
      retryable: false,
    });
    expect(
      parse("linear", { error: { code: 3, msg: "Invalid JSON: expected value at line 1 column 1" }, id: 7 }),
    ).toEqual({
      kind: "venue-error",
      message: "code 3: Invalid JSON: expected value at line 1 column 1 (request 7)",
      retryable: false,
    });
    expect(parse("spot", { error: { code: 1008, msg: "Too many requests" }, id: null })).toMatchObject({
      retryable: true,
    });
  });

  test("serverShutdown asks for a reconnect", () => {
    expect(parse("spot", { e: "serverShutdown", E: 1742470000000 })).toEqual({
      kind: "venue-error",
      message: "server shutting down; reconnect",
      retryable: true,
    });
  });

  test("streams dig3 does not subscribe to are reported by channel, once per topic", () => {
    const bookTicker = {
      stream: "btcusdt@bookTicker",
      data: { u: 400900217, s: "BTCUSDT", b: "25.35", B: "31.21", a: "25.36", A: "40.66" },
    };
    const partial = { stream: "btcusdt@depth20@100ms", data: { lastUpdateId: 160, bids: [], asks: [] } };
    expect(parse("spot", bookTicker)).toEqual({ kind: "unmatched", topic: "bookTicker" });
    expect(parse("spot", partial)).toEqual({ kind: "unmatched", topic: "depth20" });
    expect(
      parse("inverse", {
        stream: "btcusd@indexPrice@1s",
        data: { e: "indexPriceUpdate", E: 1, i: "BTCUSD", p: "1" },
      }),
    ).toEqual({
      kind: "unmatched",
      topic: "indexPrice",
    });
  });

  test("raw payloads (a /ws connection) and all-market arrays parse too", () => {
    const raw = {
      e: "aggTrade",
      E: 2,
      s: "ETHUSDT",
      a: 9,
      p: "2000",
      q: "1",
      f: 1,
      l: 1,
      T: 1700000000000,
      m: true,
    };
    expect(eventsOf("linear", raw)).toHaveLength(1);
    const all = {
      stream: "!markPrice@arr@1s",
      data: [
        {
          e: "markPriceUpdate",
          E: 1700000000000,
          s: "BTCUSDT",
          p: "1",
          i: "1",
          r: "0.0001",
          T: 1700003600000,
        },
        {
          e: "markPriceUpdate",
          E: 1700000000000,
          s: "ETHUSDT",
          p: "2",
          i: "2",
          r: "0.0001",
          T: 1700003600000,
        },
      ],
    };
    expect(eventsOf("linear", all).map((event) => `${event.kind} ${event.symbol}`)).toEqual([
      "mark_price BTC/USDT:USDT",
      "funding_rate BTC/USDT:USDT",
      "mark_price ETH/USDT:USDT",
      "funding_rate ETH/USDT:USDT",
    ]);
  });
});

describe("garbage never throws and is classified", () => {
  const cases: [string, unknown, Parsed][] = [
    ["empty string", "", { kind: "ignored", reason: "empty frame" }],
    ["whitespace", "  \n", { kind: "ignored", reason: "empty frame" }],
    ["not json", "pong", { kind: "unmatched", topic: "(not json)" }],
    ["truncated json", '{"stream":"btcusdt@trade","data":{', { kind: "unmatched", topic: "(not json)" }],
    ["json null", "null", { kind: "unmatched", topic: "(not an object)" }],
    ["json array", "[1,2,3]", { kind: "unmatched", topic: "(not an object)" }],
    ["json number", "42", { kind: "unmatched", topic: "(not an object)" }],
    ["json string", '"hello"', { kind: "unmatched", topic: "(not an object)" }],
    ["empty object", "{}", { kind: "unmatched", topic: "(unknown frame)" }],
    ["JS null", null, { kind: "unmatched", topic: "(not text)" }],
    ["JS number", 7, { kind: "unmatched", topic: "(not text)" }],
    [
      "data null",
      '{"stream":"btcusdt@trade","data":null}',
      { kind: "unmatched", topic: "trade (malformed)" },
    ],
    [
      "data string",
      '{"stream":"btcusdt@depth@100ms","data":"x"}',
      { kind: "unmatched", topic: "depth (malformed)" },
    ],
    [
      "price an object",
      '{"stream":"btcusdt@trade","data":{"e":"trade","E":1,"s":"BTCUSDT","t":1,"p":{},"q":"1","T":1700000000000,"m":true}}',
      { kind: "unmatched", topic: "trade (malformed)" },
    ],
    [
      "m not a boolean",
      '{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","E":1,"s":"BTCUSDT","a":1,"p":"1","q":"1","T":1700000000000,"m":"yes"}}',
      { kind: "unmatched", topic: "aggTrade (malformed)" },
    ],
    [
      "depth without levels",
      '{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1700000000000,"s":"BTCUSDT","U":1,"u":2}}',
      { kind: "unmatched", topic: "depth (malformed)" },
    ],
    [
      "kline without k",
      '{"stream":"btcusdt@kline_1m","data":{"e":"kline","E":1700000000000,"s":"BTCUSDT"}}',
      { kind: "unmatched", topic: "kline (malformed)" },
    ],
    [
      "forceOrder bad side",
      '{"stream":"btcusdt@forceOrder","data":{"e":"forceOrder","E":1,"o":{"s":"BTCUSDT","S":"UP","p":"1","q":"1","T":1}}}',
      { kind: "unmatched", topic: "forceOrder (malformed)" },
    ],
    ["stream not a string", '{"stream":5,"data":{}}', { kind: "unmatched", topic: "(unknown frame)" }],
    ["empty stream name", '{"stream":"","data":{}}', { kind: "unmatched", topic: "(empty stream name)" }],
  ];
  for (const account of ["spot", "linear", "inverse"] as const) {
    test.each(cases)(`${account}: %s`, (_name, frame, expected) => {
      expect(binance.ws.parse(frame as string, contextOf(account))).toEqual(expected);
    });
  }
});

// ── recorded traffic ───────────────────────────────────────────────────────────────────────────────────────────

const WIRE_DIR = join(import.meta.dir, "../../../../shared/wire/binance");
const HAS_WIRE = existsSync(WIRE_DIR);
if (!HAS_WIRE) console.log(`binance: ${WIRE_DIR} absent; skipping the recorded-traffic cases`);

function accountOfFile(file: string): Account {
  if (file.startsWith("spot-") || file === "tardis-spot.ndjson") return "spot";
  if (file.startsWith("usdm-") || file === "tardis-usdm-futures.ndjson") return "linear";
  return "inverse";
}

interface WireLine {
  ts?: number;
  dir?: "in" | "out";
  url?: string;
  frame?: string;
  body?: string;
}

function readLines(file: string): WireLine[] {
  return readFileSync(join(WIRE_DIR, file), "utf8")
    .split("\n")
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as WireLine);
}

/** Per file: what each inbound frame became, counted by event kind or by verdict (`unmatched:topic`, `ignored`, `ack`). */
const EXPECTED_WS: Record<string, Record<string, number>> = {
  // cryptofeed sessions; every bookTicker frame is unmatched because dig3 does not subscribe to bookTicker.
  "spot-depth-bookticker-aggtrade-kline.ndjson": {
    book: 160,
    agg_trade: 1,
    kline: 1,
    "unmatched:bookTicker": 75,
  },
  "usdm-depth-bookticker-aggtrade-kline.ndjson": {
    book: 176,
    agg_trade: 24,
    kline: 12,
    "unmatched:bookTicker": 199,
  },
  "coinm-depth-bookticker-aggtrade-kline.ndjson": {
    book: 101,
    agg_trade: 4,
    kline: 2,
    "unmatched:bookTicker": 176,
  },
  // tardis samples (edited test inputs): bookTicker and indexPrice are streams dig3 does not use; the 2019 USDⓈ-M
  // aggTrade sample lacks the aggregate id `a` and is reported as malformed rather than given an invented id;
  // ADL and insurance-fund prints are not market trades.
  "tardis-spot.ndjson": { trade: 2, ticker: 1, book: 4, "unmatched:bookTicker": 1 },
  "tardis-usdm-futures.ndjson": {
    trade: 2,
    ticker: 1,
    book: 3,
    mark_price: 3,
    funding_rate: 2,
    liquidation: 1,
    ignored: 1,
    "unmatched:bookTicker": 1,
    "unmatched:aggTrade (malformed)": 1,
  },
  "tardis-coinm-delivery.ndjson": {
    ack: 1,
    book: 2,
    mark_price: 1,
    ticker: 1,
    trade: 1,
    liquidation: 1,
    ignored: 1,
    "unmatched:bookTicker": 1,
    "unmatched:indexPrice": 1,
  },
};

const MIN_TS_MS = Date.UTC(2017, 0, 1);
const MAX_TS_MS = Date.UTC(2035, 0, 1);

function assertSane(event: MarketDataEvent, account: Account): void {
  expect(event.exchange).toBe("binance");
  expect(event.account).toBe(account);
  const parts = parseCanonical(event.symbol);
  expect(parts, `canonical symbol: ${event.symbol}`).toBeDefined();
  expect(event.symbol).toContain("/");
  if (account === "spot") expect(event.symbol).not.toContain(":");
  else expect(parts?.settle).toBeDefined();
  expect(event.tsMs).toBeGreaterThan(MIN_TS_MS);
  expect(event.tsMs).toBeLessThan(MAX_TS_MS);
  for (const [field, value] of Object.entries(event)) {
    if (typeof value === "number") expect(Number.isFinite(value), `${event.kind}.${field}`).toBe(true);
  }
  if (event.kind === "book") {
    for (const [price, size] of [...event.bids, ...event.asks]) {
      expect(Number.isFinite(price) && price > 0).toBe(true);
      expect(Number.isFinite(size) && size >= 0).toBe(true);
    }
  }
}

const REST_SESSIONS = [
  ["spot", "spot-rest-depth.ndjson", "spot-depth-bookticker-aggtrade-kline.ndjson", 2],
  ["linear", "usdm-rest-depth.ndjson", "usdm-depth-bookticker-aggtrade-kline.ndjson", 2],
  ["inverse", "coinm-rest-depth.ndjson", "coinm-depth-bookticker-aggtrade-kline.ndjson", 2],
] as const;

describe.if(HAS_WIRE)("recorded WebSocket traffic", () => {
  test("every recorded file is covered by a case below", () => {
    const covered = new Set([...Object.keys(EXPECTED_WS), ...REST_SESSIONS.map(([, restFile]) => restFile)]);
    const files = readdirSync(WIRE_DIR).filter((file) => file.endsWith(".ndjson"));
    expect(files.filter((file) => !covered.has(file))).toEqual([]);
  });

  for (const [file, expected] of Object.entries(EXPECTED_WS)) {
    test(file, () => {
      const account = accountOfFile(file);
      const counts: Record<string, number> = {};
      const bump = (key: string) => {
        counts[key] = (counts[key] ?? 0) + 1;
      };
      for (const line of readLines(file)) {
        if (line.dir !== undefined && line.dir !== "in") continue;
        const recvTsUs = Math.round((line.ts ?? 0) * 1000);
        const parsed = binance.ws.parse(line.frame ?? "", contextOf(account, recvTsUs));
        if (parsed.kind === "events") {
          expect(parsed.events.length).toBeGreaterThan(0);
          for (const event of parsed.events) {
            assertSane(event, account);
            bump(event.kind);
          }
        } else if (parsed.kind === "unmatched") {
          bump(`unmatched:${parsed.topic}`);
        } else {
          bump(parsed.kind);
        }
      }
      expect(counts).toEqual(expected);
    });
  }
});

/** Deltas by symbol, in receive order, from one recorded session. */
function deltasOf(file: string, account: Account): Map<string, BookEvent[]> {
  const bySymbol = new Map<string, BookEvent[]>();
  for (const line of readLines(file)) {
    const parsed = binance.ws.parse(line.frame ?? "", contextOf(account, Math.round((line.ts ?? 0) * 1000)));
    if (parsed.kind !== "events") continue;
    for (const event of parsed.events) {
      if (event.kind !== "book") continue;
      const list = bySymbol.get(event.symbol) ?? [];
      list.push(event);
      bySymbol.set(event.symbol, list);
    }
  }
  return bySymbol;
}

describe.if(HAS_WIRE)(
  "recorded REST snapshots bridge to the recorded deltas by the declared book rules",
  () => {
    for (const [account, restFile, wsFile, snapshotCount] of REST_SESSIONS) {
      test(`${account}: ${restFile}`, () => {
        const rules = account === "spot" ? BINANCE_SPOT_BOOK : BINANCE_FUTURES_BOOK;
        expect(binance.book).toBeFunction();
        expect(typeof binance.book === "function" ? binance.book(account) : undefined).toBe(rules);
        const deltas = deltasOf(wsFile, account);
        let snapshots = 0;
        for (const line of readLines(restFile)) {
          const url = new URL(line.url ?? "");
          const recognized = binance.rest.recognize?.(url);
          expect(recognized).toMatchObject({ call: "book", account });
          const native = recognized!.native;
          const spec = {
            kind: "book" as const,
            account,
            symbol: canonicalOfNative(native, account)!,
            native,
          };
          const call = binance.rest.book!(spec, Number(url.searchParams.get("limit")));
          expect(call.path).toBe(url.pathname);
          const snapshot = call.parse(
            JSON.parse(line.body ?? ""),
            contextOf(account, Math.round((line.ts ?? 0) * 1000)),
          );
          snapshots++;
          assertSane(snapshot, account);
          expect(snapshot.type).toBe("snapshot");
          expect(snapshot.bids.length).toBeGreaterThan(100);
          expect(snapshot.asks.length).toBeGreaterThan(100);
          const best = { bid: snapshot.bids[0]![0], ask: snapshot.asks[0]![0] };
          expect(best.bid).toBeLessThan(best.ask);

          // Bridge: drop stale deltas, then the first kept one must straddle the snapshot id as the rule says.
          const S = snapshot.seq!;
          const stream = deltas.get(snapshot.symbol) ?? [];
          const kept = stream.filter((delta) =>
            rules.bridge === "first-le-next" ? delta.seq! > S : delta.seq! >= S,
          );
          expect(kept.length).toBeGreaterThan(0);
          const first = kept[0]!;
          if (rules.bridge === "first-le-next")
            expect(first.firstSeq! <= S + 1 && S + 1 <= first.seq!).toBe(true);
          else expect(first.firstSeq! <= S && S <= first.seq!).toBe(true);

          // Chain: every later delta continues the previous one.
          for (let i = 1; i < kept.length; i++) {
            const previous = kept[i - 1]!;
            const next = kept[i]!;
            if (rules.chain === "first-follows-last") expect(next.firstSeq).toBe(previous.seq! + 1);
            else expect(next.prevSeq).toBe(previous.seq);
          }
        }
        expect(snapshots).toBe(snapshotCount);
      });
    }
  },
);
