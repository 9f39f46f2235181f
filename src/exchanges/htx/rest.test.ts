// HTX REST: the endpoint table per account (paths, queries), the body parsers over docs-shaped answers (instruments,
// ticker, book, trades, klines, funding history, open interest), error bodies, and recognize() for recorded URLs.

import { describe, expect, test } from "bun:test";
import { type Account, Dig3Error, type StreamSpec } from "../../core/index.ts";
import type { ParseContext } from "../_shared/adapter.ts";
import { htx } from "./index.ts";
import {
  parseContracts,
  parseDepth,
  parseFundingHistory,
  parseHistoryKlines,
  parseHistoryTrades,
  parseMergedTicker,
  parseOpenInterest,
  parseSpotSymbols,
  recognizeHtxUrl,
} from "./rest.ts";
import { canonicalOfHtxNative } from "./symbols.ts";

const RECV_US = 1_629_800_000_000_000;
const rest = htx.rest;

function contextOf(account: Account): ParseContext {
  return {
    exchange: "htx",
    account,
    recvTsUs: RECV_US,
    symbolOf: (native) => canonicalOfHtxNative(native, account) ?? native,
    session: new Map(),
  };
}

function specOf(kind: StreamSpec["kind"], account: Account, native: string, symbol: string): StreamSpec {
  return { kind, account, native, symbol };
}

const SPOT = specOf("ticker", "spot", "btcusdt", "BTC/USDT");
const LINEAR = specOf("ticker", "linear", "BTC-USDT", "BTC/USDT:USDT");
const INVERSE = specOf("ticker", "inverse", "BTC-USD", "BTC/USD:BTC");

describe("hosts and budget", () => {
  test("spot on api.huobi.pro, contracts on api.hbdm.com; no testnet", () => {
    expect(rest.baseUrl("spot", { testnet: false })).toBe("https://api.huobi.pro");
    expect(rest.baseUrl("linear", { testnet: false })).toBe("https://api.hbdm.com");
    expect(rest.baseUrl("inverse", { testnet: true })).toBe("https://api.hbdm.com");
    expect(() => rest.baseUrl("option", { testnet: false })).toThrow(Dig3Error);
    expect(rest.rateLimit).toEqual({ weight: 100, perMs: 10_000 });
  });
});

describe("instruments", () => {
  test("spot: /v2/settings/common/symbols; decimals become steps; only online, trade-enabled pairs are active", () => {
    const call = rest.instruments("spot");
    expect(call.path).toBe("/v2/settings/common/symbols");
    const body = {
      status: "ok",
      data: [
        {
          tags: "",
          state: "online",
          sc: "ethusdt",
          bcdn: "ETH",
          qcdn: "USDT",
          tpp: 2,
          tap: 4,
          fp: 8,
          te: true,
          sp: "main",
          bc: "eth",
          qc: "usdt",
          dn: "ETH/USDT",
        },
        { state: "offline", sc: "oldbtc", bc: "old", qc: "btc", tpp: 8, tap: 2, te: false },
        { state: "online", sc: "haltusdt", bc: "halt", qc: "usdt", tpp: 4, tap: 0, te: false },
        { sc: 5 },
      ],
      ts: "1641870869718",
      full: 1,
    };
    expect(call.parse(body, contextOf("spot"))).toEqual([
      {
        account: "spot",
        symbol: "ETH/USDT",
        native: "ethusdt",
        base: "ETH",
        quote: "USDT",
        status: "online",
        active: true,
        tickSize: 0.01,
        lotSize: 0.0001,
      },
      {
        account: "spot",
        symbol: "OLD/BTC",
        native: "oldbtc",
        base: "OLD",
        quote: "BTC",
        status: "offline",
        active: false,
        tickSize: 1e-8,
        lotSize: 0.01,
      },
      {
        account: "spot",
        symbol: "HALT/USDT",
        native: "haltusdt",
        base: "HALT",
        quote: "USDT",
        status: "online",
        active: false,
        tickSize: 0.0001,
        lotSize: 1,
      },
    ]);
  });

  test("linear: swaps and dated futures in one list (business_type=all); lot is one contract", () => {
    const call = rest.instruments("linear");
    expect(call.path).toBe("/linear-swap-api/v1/swap_contract_info");
    expect(call.query).toEqual({ business_type: "all" });
    const body = {
      status: "ok",
      data: [
        {
          symbol: "BTC",
          contract_code: "BTC-USDT",
          contract_size: 0.001,
          price_tick: 0.1,
          delivery_date: "",
          delivery_time: "",
          create_date: "20201021",
          contract_status: 1,
          settlement_date: "1603728000000",
          support_margin_mode: "all",
          business_type: "swap",
          pair: "BTC-USDT",
          contract_type: "swap",
          trade_partition: "USDT",
        },
        {
          symbol: "BTC",
          contract_code: "BTC-USDT-250627",
          contract_size: 0.001,
          price_tick: 0.1,
          delivery_date: "20250627",
          contract_status: 1,
          business_type: "futures",
          pair: "BTC-USDT",
          contract_type: "quarter",
          trade_partition: "USDT",
        },
        {
          symbol: "CYBER",
          contract_code: "CYBER-USDT",
          contract_size: 0.1,
          price_tick: 0.001,
          delivery_date: "",
          contract_status: 3,
          business_type: "swap",
          pair: "CYBER-USDT",
          contract_type: "swap",
          trade_partition: "USDT",
        },
      ],
      ts: 1603696366019,
    };
    expect(call.parse(body, contextOf("linear"))).toEqual([
      {
        account: "linear",
        symbol: "BTC/USDT:USDT",
        native: "BTC-USDT",
        base: "BTC",
        quote: "USDT",
        settle: "USDT",
        status: "1",
        active: true,
        lotSize: 1,
        tickSize: 0.1,
      },
      {
        account: "linear",
        symbol: "BTC/USDT:USDT-250627",
        native: "BTC-USDT-250627",
        base: "BTC",
        quote: "USDT",
        settle: "USDT",
        status: "1",
        active: true,
        lotSize: 1,
        tickSize: 0.1,
      },
      {
        account: "linear",
        symbol: "CYBER/USDT:USDT",
        native: "CYBER-USDT",
        base: "CYBER",
        quote: "USDT",
        settle: "USDT",
        status: "3",
        active: false,
        lotSize: 1,
        tickSize: 0.001,
      },
    ]);
  });

  test("inverse: /swap-api/v1/swap_contract_info, settled in the base", () => {
    const call = rest.instruments("inverse");
    expect(call.path).toBe("/swap-api/v1/swap_contract_info");
    expect(call.query).toBeUndefined();
    const [btc] = parseContracts(
      {
        status: "ok",
        data: [
          {
            symbol: "BTC",
            contract_code: "BTC-USD",
            contract_size: 100,
            price_tick: 0.1,
            create_date: "20200325",
            settlement_date: "1603728000000",
            contract_status: 1,
          },
        ],
      },
      "inverse",
    );
    expect(btc).toMatchObject({ symbol: "BTC/USD:BTC", quote: "USD", settle: "BTC", active: true });
    expect(() => rest.instruments("option")).toThrow(Dig3Error);
  });

  test("error bodies throw the venue's message (spot and contract spellings)", () => {
    expect(() =>
      parseSpotSymbols({
        status: "error",
        "err-code": "invalid-parameter",
        "err-msg": "invalid symbol",
        data: null,
      }),
    ).toThrow("htx symbols: invalid symbol (invalid-parameter)");
    expect(() =>
      parseContracts(
        { status: "error", err_code: 1014, err_msg: "This contract doesn't exist.", ts: 1 },
        "linear",
      ),
    ).toThrow("htx swap_contract_info: This contract doesn't exist. (1014)");
    expect(() => parseSpotSymbols({ status: "ok" })).toThrow("unexpected response shape");
  });
});

describe("ticker", () => {
  test("spot /market/detail/merged: base and quote volume, best bid/ask pairs", () => {
    const call = rest.ticker!(SPOT);
    expect(call.path).toBe("/market/detail/merged");
    expect(call.query).toEqual({ symbol: "btcusdt" });
    const body = {
      ch: "market.btcusdt.detail.merged",
      status: "ok",
      ts: 1629788763750,
      tick: {
        id: 272156789143,
        version: 272156789143,
        open: 50080,
        close: 49820.92,
        low: 48767,
        high: 50500,
        amount: 12055.365781937457,
        vol: 598561868.5709001,
        count: 420573,
        bid: [49819.48, 2.58112],
        ask: [49819.49, 0.002411],
      },
    };
    expect(call.parse(body, contextOf("spot"))).toEqual({
      kind: "ticker",
      exchange: "htx",
      account: "spot",
      symbol: "BTC/USDT",
      tsMs: 1629788763750,
      recvTsUs: RECV_US,
      last: 49820.92,
      bid: 49819.48,
      bidSize: 2.58112,
      ask: 49819.49,
      askSize: 0.002411,
      high24h: 50500,
      low24h: 48767,
      volume24h: 12055.365781937457,
      quoteVolume24h: 598561868.5709001,
      changePct24h: ((49820.92 - 50080) / 50080) * 100,
    });
  });

  test("contracts: decimal text, volume in contracts, the tick's own time", () => {
    const call = rest.ticker!(LINEAR);
    expect(call.path).toBe("/linear-swap-ex/market/detail/merged");
    expect(call.query).toEqual({ contract_code: "BTC-USDT" });
    expect(rest.ticker!(INVERSE).path).toBe("/swap-ex/market/detail/merged");
    const body = {
      ch: "market.BTC-USDT.detail.merged",
      status: "ok",
      tick: {
        amount: "4.4",
        ask: [13084.2, 61],
        bid: [13070.9, 38],
        close: "13076.8",
        count: 2,
        high: "13076.8",
        id: 1603708048,
        low: "13076.8",
        open: "13076.8",
        ts: 1603708048045,
        vol: "4400",
        trade_turnover: "57539.9",
      },
      ts: 1603708048045,
    };
    expect(parseMergedTicker(body, "BTC-USDT", contextOf("linear"))).toMatchObject({
      symbol: "BTC/USDT:USDT",
      tsMs: 1603708048045,
      last: 13076.8,
      bid: 13070.9,
      askSize: 61,
      volume24h: 4400,
      quoteVolume24h: 57539.9,
      changePct24h: 0,
    });
    expect(parseMergedTicker(body, "BTC-USD", contextOf("inverse"))).not.toHaveProperty("quoteVolume24h");
  });
});

describe("book snapshot", () => {
  test("step0: 150 levels, or 5/10/20 on spot when asked; no sequence (the socket anchors books)", () => {
    expect(rest.book!(SPOT, 1000).query).toEqual({ symbol: "btcusdt", type: "step0" });
    expect(rest.book!(SPOT, 7).query).toEqual({ symbol: "btcusdt", type: "step0", depth: 10 });
    expect(rest.book!(SPOT, 3).query).toEqual({ symbol: "btcusdt", type: "step0", depth: 5 });
    expect(rest.book!(LINEAR, 5).query).toEqual({ contract_code: "BTC-USDT", type: "step0" });
    expect(rest.book!(LINEAR, 5).path).toBe("/linear-swap-ex/market/depth");
    expect(rest.book!(INVERSE, 5).path).toBe("/swap-ex/market/depth");
    const body = {
      ch: "market.btcusdt.depth.step0",
      status: "ok",
      ts: 1629790438801,
      tick: {
        ts: 1629790438215,
        version: 136107114472,
        bids: [
          [49790.87, 0.779876],
          [49785.9, 0.000182],
        ],
        asks: [[49790.88, 2.980472]],
      },
    };
    expect(parseDepth(body, "btcusdt", contextOf("spot"))).toEqual({
      kind: "book",
      exchange: "htx",
      account: "spot",
      symbol: "BTC/USDT",
      tsMs: 1629790438215,
      recvTsUs: RECV_US,
      type: "snapshot",
      bids: [
        [49790.87, 0.779876],
        [49785.9, 0.000182],
      ],
      asks: [[49790.88, 2.980472]],
    });
    expect(() =>
      parseDepth(
        { status: "error", err_code: 1332, err_msg: "contract_code data error or empty" },
        "ONE-USDT",
        contextOf("linear"),
      ),
    ).toThrow("contract_code data error or empty");
  });
});

describe("recent trades", () => {
  test("spot: `trade-id`, newest-first groups flattened oldest first", () => {
    const call = rest.trades!(SPOT, { limit: 5000 });
    expect(call.path).toBe("/market/history/trade");
    expect(call.query).toEqual({ symbol: "btcusdt", size: 2000 });
    const body = {
      ch: "market.btcusdt.trade.detail",
      status: "ok",
      ts: 1629793657842,
      data: [
        {
          id: 136108764379,
          ts: 1629793656939,
          data: [
            {
              id: 1.361087643793484e26,
              ts: 1629793656939,
              "trade-id": 102517381182,
              amount: 0.000124,
              price: 49656.4,
              direction: "buy",
            },
          ],
        },
        {
          id: 136108763320,
          ts: 1629793656198,
          data: [
            {
              id: 1.361087633203484e26,
              ts: 1629793656198,
              "trade-id": 102517381181,
              amount: 0.01125,
              price: 49655,
              direction: "buy",
            },
            {
              id: 1.361087633203484e26,
              ts: 1629793656198,
              "trade-id": 102517381180,
              amount: 0.00083,
              price: 49651.35,
              direction: "sell",
            },
          ],
        },
      ],
    };
    const trades = parseHistoryTrades(body, "btcusdt", contextOf("spot"));
    expect(trades.map((t) => [t.tradeId, t.side, t.size, t.tsMs])).toEqual([
      ["102517381180", "sell", 0.00083, 1629793656198],
      ["102517381181", "buy", 0.01125, 1629793656198],
      ["102517381182", "buy", 0.000124, 1629793656939],
    ]);
    expect(trades[0]).toMatchObject({ kind: "trade", symbol: "BTC/USDT", price: 49651.35 });
  });

  test("contracts: `id`, size in contracts; rows without a taker side are skipped", () => {
    const call = rest.trades!(LINEAR, {});
    expect(call.path).toBe("/linear-swap-ex/market/history/trade");
    expect(call.query).toEqual({ contract_code: "BTC-USDT", size: 500 });
    const body = {
      ch: "market.BTC-USDT.trade.detail",
      data: [
        {
          data: [
            {
              amount: 2,
              direction: "buy",
              id: 1314755310000,
              price: 13083,
              ts: 1603695383124,
              quantity: 0.002,
              trade_turnover: 26.166,
            },
            { amount: 2, direction: "", id: 1314755310001, price: 13083, ts: 1603695383124 },
          ],
          id: 131475531,
          ts: 1603695383124,
        },
      ],
      status: "ok",
      ts: 1603695388965,
    };
    expect(parseHistoryTrades(body, "BTC-USDT", contextOf("linear"))).toEqual([
      {
        kind: "trade",
        exchange: "htx",
        account: "linear",
        symbol: "BTC/USDT:USDT",
        tsMs: 1603695383124,
        recvTsUs: RECV_US,
        price: 13083,
        size: 2,
        side: "buy",
        tradeId: "1314755310000",
      },
    ]);
  });
});

describe("klines", () => {
  const bar = (id: number, close: number) => ({
    id,
    open: 49056.37,
    close,
    low: 49022.86,
    high: 49056.38,
    amount: 3.9,
    vol: 193489.6,
    count: 196,
  });

  test("spot: newest `size` only (a time range asks for the most and filters); oldest first; closed by time", () => {
    expect(rest.klines!(SPOT, { interval: "5m", limit: 10 }).query).toEqual({
      symbol: "btcusdt",
      period: "5min",
      size: 10,
    });
    const ranged = rest.klines!(SPOT, { interval: "1h", startMs: 1_600_000_000_000, limit: 10 });
    expect(ranged.query).toEqual({ symbol: "btcusdt", period: "60min", size: 2000 });
    const recvMs = RECV_US / 1000;
    const openNow = Math.floor(recvMs / 300_000) * 300_000;
    const body = {
      ch: "market.btcusdt.kline.5min",
      status: "ok",
      ts: recvMs,
      data: [bar(openNow / 1000, 2), bar(openNow / 1000 - 300, 1)],
    };
    const klines = parseHistoryKlines(body, "btcusdt", "5m", contextOf("spot"));
    expect(klines.map((k) => [k.openTimeMs, k.closed, k.close, k.tsMs])).toEqual([
      [openNow - 300_000, true, 1, openNow - 1],
      [openNow, false, 2, recvMs],
    ]);
    expect(klines[0]).toMatchObject({
      volume: 3.9,
      quoteVolume: 193489.6,
      trades: 196,
      closeTimeMs: openNow - 1,
    });
    const filtered = parseHistoryKlines(body, "btcusdt", "5m", contextOf("spot"), { startMs: openNow });
    expect(filtered.map((k) => k.openTimeMs)).toEqual([openNow]);
  });

  test("contracts: `from`/`to` seconds for a range, `size` otherwise; volume in contracts", () => {
    expect(rest.klines!(LINEAR, { interval: "1m", limit: 3 }).query).toEqual({
      contract_code: "BTC-USDT",
      period: "1min",
      size: 3,
    });
    expect(
      rest.klines!(LINEAR, { interval: "1m", startMs: 1_600_000_000_000, endMs: 1_600_000_600_000 }).query,
    ).toEqual({ contract_code: "BTC-USDT", period: "1min", from: 1_600_000_000, to: 1_600_000_600 });
    expect(rest.klines!(INVERSE, { interval: "1m", startMs: 1_600_000_000_000, limit: 10 }).query).toEqual({
      contract_code: "BTC-USD",
      period: "1min",
      from: 1_600_000_000,
      to: 1_600_000_540,
    });
    expect(rest.klines!(INVERSE, { interval: "1m", startMs: 1 }).path).toBe("/swap-ex/market/history/kline");
    const body = {
      ch: "market.BTC-USDT.kline.1min",
      data: [
        {
          amount: 0.004,
          close: 13076.8,
          count: 1,
          high: 13076.8,
          id: 1603708020,
          low: 13076.8,
          open: 13076.8,
          trade_turnover: 52.3072,
          vol: 4,
        },
      ],
      status: "ok",
      ts: 1603708046534,
    };
    expect(parseHistoryKlines(body, "BTC-USDT", "1m", contextOf("linear"))[0]).toMatchObject({
      openTimeMs: 1603708020000,
      volume: 4,
      quoteVolume: 52.3072,
      closed: true,
    });
    expect(() => rest.klines!(SPOT, { interval: "3m" })).toThrow("htx has no '3m' klines");
  });

  test("1M: a bar closes just before the next month opens: past months closed, the current one open", () => {
    // Receipt is 2021-08-24: July is over, August is not. Spot answers newest first.
    const july = Date.UTC(2021, 6, 1);
    const august = Date.UTC(2021, 7, 1);
    const body = {
      ch: "market.btcusdt.kline.1mon",
      status: "ok",
      data: [bar(august / 1000, 2), bar(july / 1000, 1)],
    };
    const month = {
      kind: "kline",
      exchange: "htx",
      account: "spot",
      symbol: "BTC/USDT",
      recvTsUs: RECV_US,
      interval: "1M",
      open: 49056.37,
      high: 49056.38,
      low: 49022.86,
    } as const;
    const volumes = { volume: 3.9, quoteVolume: 193489.6, trades: 196 };
    expect(parseHistoryKlines(body, "btcusdt", "1M", contextOf("spot"))).toStrictEqual([
      {
        ...month,
        tsMs: august - 1,
        openTimeMs: july,
        closeTimeMs: august - 1,
        close: 1,
        ...volumes,
        closed: true,
      },
      {
        ...month,
        tsMs: RECV_US / 1000,
        openTimeMs: august,
        closeTimeMs: Date.UTC(2021, 8, 1) - 1,
        close: 2,
        ...volumes,
        closed: false,
      },
    ]);
  });
});

describe("funding history and open interest", () => {
  test("funding: one page (at most 50), oldest first, range filtered; spot has none", () => {
    const call = rest.fundingHistory!(specOf("funding_rate", "linear", "BTC-USDT", "BTC/USDT:USDT"), {
      limit: 200,
    });
    expect(call.path).toBe("/linear-swap-api/v1/swap_historical_funding_rate");
    expect(call.query).toEqual({ contract_code: "BTC-USDT", page_index: 1, page_size: 50 });
    expect(rest.fundingHistory!(specOf("funding_rate", "inverse", "BTC-USD", "BTC/USD:BTC"), {}).path).toBe(
      "/swap-api/v1/swap_historical_funding_rate",
    );
    expect(() => rest.fundingHistory!(specOf("funding_rate", "spot", "btcusdt", "BTC/USDT"), {})).toThrow(
      "spot has no funding",
    );
    const body = {
      status: "ok",
      data: {
        total_page: 1,
        current_page: 1,
        total_size: 2,
        data: [
          {
            avg_premium_index: "0.0006",
            funding_rate: "0.000200000000000000",
            realized_rate: null,
            funding_time: "1603900800000",
            contract_code: "BTC-USDT",
            symbol: "BTC",
            fee_asset: "USDT",
          },
          {
            avg_premium_index: "0.0006",
            funding_rate: "0.000100000000000000",
            realized_rate: "0.0001",
            funding_time: "1603872000000",
            contract_code: "BTC-USDT",
            symbol: "BTC",
            fee_asset: "USDT",
          },
        ],
      },
      ts: 1603873004573,
    };
    expect(parseFundingHistory(body, "BTC-USDT", contextOf("linear")).map((e) => [e.tsMs, e.rate])).toEqual([
      [1603872000000, 0.0001],
      [1603900800000, 0.0002],
    ]);
    expect(
      parseFundingHistory(body, "BTC-USDT", contextOf("linear"), { startMs: 1603880000000 }),
    ).toHaveLength(1);
  });

  test("open interest: contracts, value in USDT where sent", () => {
    const call = rest.openInterest!(specOf("open_interest", "linear", "BTC-USDT", "BTC/USDT:USDT"));
    expect(call.path).toBe("/linear-swap-api/v1/swap_open_interest");
    expect(call.query).toEqual({ contract_code: "BTC-USDT" });
    const body = {
      status: "ok",
      data: [
        {
          volume: 7192610.0,
          amount: 7192.61,
          symbol: "BTC",
          value: 93693412.4342,
          contract_code: "BTC-USDT",
          trade_amount: 0,
          trade_volume: 0,
          trade_turnover: 0,
          business_type: "swap",
          pair: "BTC-USDT",
          contract_type: "swap",
        },
      ],
      ts: 1603697102434,
    };
    expect(parseOpenInterest(body, "BTC-USDT", contextOf("linear"))).toEqual({
      kind: "open_interest",
      exchange: "htx",
      account: "linear",
      symbol: "BTC/USDT:USDT",
      tsMs: 1603697102434,
      recvTsUs: RECV_US,
      openInterest: 7192610,
      openInterestValue: 93693412.4342,
    });
    expect(() => rest.openInterest!(specOf("open_interest", "spot", "btcusdt", "BTC/USDT"))).toThrow(
      Dig3Error,
    );
    expect(() => parseOpenInterest({ status: "ok", data: [] }, "BTC-USDT", contextOf("linear"))).toThrow(
      "unexpected response shape",
    );
  });
});

describe("recognize", () => {
  test.each([
    [
      "https://api.huobi.pro/v2/settings/common/symbols",
      { call: "instruments", account: "spot", native: "" },
    ],
    [
      "https://api.huobi.pro/market/detail/merged?symbol=ethusdt",
      { call: "ticker", account: "spot", native: "ethusdt" },
    ],
    [
      "https://api.huobi.pro/market/depth?symbol=btcusdt&type=step0",
      { call: "book", account: "spot", native: "btcusdt" },
    ],
    [
      "https://api.huobi.pro/market/history/trade?symbol=btcusdt&size=2",
      { call: "trades", account: "spot", native: "btcusdt" },
    ],
    [
      "https://api.huobi.pro/market/history/kline?period=1day&size=200&symbol=btcusdt",
      { call: "klines", account: "spot", native: "btcusdt" },
    ],
    [
      "https://api.hbdm.com/linear-swap-api/v1/swap_contract_info?business_type=all",
      { call: "instruments", account: "linear", native: "" },
    ],
    [
      "https://api.hbdm.com/linear-swap-ex/market/depth?contract_code=BTC-USDT&type=step0",
      { call: "book", account: "linear", native: "BTC-USDT" },
    ],
    [
      "https://api.hbdm.com/linear-swap-api/v1/swap_open_interest?contract_code=BTC-USDT",
      { call: "openInterest", account: "linear", native: "BTC-USDT" },
    ],
    [
      "https://api.hbdm.com/linear-swap-api/v1/swap_historical_funding_rate?contract_code=BTC-USDT",
      { call: "fundingHistory", account: "linear", native: "BTC-USDT" },
    ],
    [
      "https://api.hbdm.com/swap-ex/market/history/trade?contract_code=BTC-USD&size=5",
      { call: "trades", account: "inverse", native: "BTC-USD" },
    ],
    [
      "https://api.hbdm.com/swap-api/v1/swap_contract_info",
      { call: "instruments", account: "inverse", native: "" },
    ],
  ] as const)("%s", (url, expected) => {
    expect(recognizeHtxUrl(new URL(url))).toEqual(expected);
  });

  test("unknown paths are not recognized", () => {
    for (const url of [
      "https://api.huobi.pro/market/tickers",
      "https://api.huobi.pro/v1/order/orders",
      "https://api.hbdm.com/linear-swap-api/v1/swap_index",
      "https://api.hbdm.com/api/v1/contract_contract_info",
    ])
      expect(recognizeHtxUrl(new URL(url))).toBeUndefined();
  });
});
