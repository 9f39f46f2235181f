// Binance public REST for the simulator: /api/v3 (spot), /fapi/v1 (USDⓈ-M), /dapi/v1 (COIN-M) market data in
// Binance's shapes and error codes, answered from the synthetic markets (depth from recordings in recorded mode).

import { type BarInterval, parseInterval, type SimBar } from "../bars.ts";
import type { SimMarket, SimTrade } from "../market.ts";
import type { SimAccount, SimRestRequest, SimRestResponse } from "../types.ts";
import {
  type BinanceInstrument,
  type BinanceMarkets,
  describeExchangeInfo,
  formatDecimal,
  formatPrice,
  formatQty,
} from "./binance-symbols.ts";

const DAY_MS = 86_400_000;
const FUNDING_EVERY_MS = 8 * 3_600_000;

export interface BinanceRestDeps {
  markets: BinanceMarkets;
  /** Recorded REST depth bodies, key `account|SYMBOL` (recorded mode). */
  recordedDepth: ReadonlyMap<string, string>;
  /** Weight used per minute, per account, for the `x-mbx-used-weight-1m` header. */
  usedWeight: Map<SimAccount, { minute: number; weight: number }>;
}

class BinanceRestError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const ROUTE_PREFIXES: Array<[prefix: string, account: SimAccount]> = [
  ["/api/v3/", "spot"],
  ["/fapi/v1/", "linear"],
  ["/futures/data/", "linear"],
  ["/dapi/v1/", "inverse"],
];

export function answerBinanceRest(
  deps: BinanceRestDeps,
  request: SimRestRequest,
  nowMs: number,
): SimRestResponse | undefined {
  const route = ROUTE_PREFIXES.find(([prefix]) => request.path.startsWith(prefix));
  if (!route) return undefined;
  const [prefix, account] = route;
  const endpoint = `${prefix === "/futures/data/" ? "data/" : ""}${request.path.slice(prefix.length)}`;
  const headers = countWeight(
    deps.usedWeight,
    account,
    weighRequest(account, endpoint, request.params),
    nowMs,
  );
  if (request.method !== "GET") {
    return { status: 405, body: { code: -1000, msg: "Only GET is simulated." }, headers };
  }
  try {
    const body = answerEndpoint(deps, account, endpoint, request.params, nowMs);
    return body === undefined ? undefined : { status: 200, body, headers };
  } catch (error) {
    if (error instanceof BinanceRestError)
      return { status: error.status, body: { code: error.code, msg: error.message }, headers };
    throw error;
  }
}

export function describeBinanceRestFault(
  status: number,
  retryAfterS: number | undefined,
  nowMs: number,
): SimRestResponse {
  const headers: Record<string, string> =
    retryAfterS !== undefined ? { "Retry-After": String(retryAfterS) } : {};
  if (status === 429) {
    const msg =
      "Too many requests; current limit of IP(127.0.0.1) is 6000 requests per minute. Please use the websocket for live updates to avoid polling the API.";
    return { status, body: { code: -1003, msg }, headers };
  }
  if (status === 418) {
    const untilMs = nowMs + (retryAfterS ?? 120) * 1000;
    const msg = `Way too much request weight used; IP banned until ${untilMs}. Please use WebSocket Streams for live updates to avoid bans.`;
    return { status, body: { code: -1003, msg }, headers };
  }
  if (status === 503) {
    return {
      status,
      body: {
        code: -1008,
        msg: "Server is currently overloaded with other requests. Please try again in a few minutes.",
      },
      headers,
    };
  }
  if (status === 502 || status === 504)
    return { status, body: status === 502 ? "Bad Gateway" : "Gateway Timeout", headers };
  return {
    status,
    body: { code: -1000, msg: "An unknown error occurred while processing the request." },
    headers,
  };
}

function answerEndpoint(
  deps: BinanceRestDeps,
  account: SimAccount,
  endpoint: string,
  params: URLSearchParams,
  nowMs: number,
): unknown {
  const { markets } = deps;
  switch (endpoint) {
    case "ping":
      return {};
    case "time":
      return { serverTime: nowMs };
    case "exchangeInfo": {
      const wanted = readSymbolsParam(params);
      const all = markets.instruments(account);
      if (!wanted) return describeExchangeInfo(account, all, nowMs);
      return describeExchangeInfo(
        account,
        wanted.map((symbol) => requireInstrument(markets, account, symbol)),
        nowMs,
      );
    }
    case "depth":
      return answerDepth(deps, account, params, nowMs);
    case "trades":
    case "historicalTrades": {
      const { instrument, market } = requireMarket(markets, account, params);
      const limit = parseLimit(params, 500, 1000);
      const fromId = parseIntParam(params, "fromId");
      const picked =
        endpoint === "historicalTrades" && fromId !== undefined
          ? market.tradesFromId(fromId, limit)
          : market.recentTrades(limit);
      return picked.map((trade) => describeRestTrade(instrument, market, trade));
    }
    case "aggTrades": {
      const { instrument, market } = requireMarket(markets, account, params);
      const query = {
        fromId: parseIntParam(params, "fromId"),
        startMs: parseIntParam(params, "startTime"),
        endMs: parseIntParam(params, "endTime"),
        limit: parseLimit(params, 500, 1000),
      };
      return market.aggTrades(query).map((agg) => ({
        a: agg.id,
        p: formatPrice(instrument, agg.priceTicks),
        q: formatQty(instrument, agg.qtySteps),
        f: agg.firstTradeId,
        l: agg.lastTradeId,
        T: agg.timeMs,
        m: agg.isBuyerMaker,
        ...(account === "spot" ? { M: true } : {}),
      }));
    }
    case "klines": {
      const { instrument, market } = requireMarket(markets, account, params);
      const interval = requireInterval(account, params);
      const query = {
        startMs: parseIntParam(params, "startTime"),
        endMs: parseIntParam(params, "endTime"),
        limit: parseLimit(params, 500, account === "spot" ? 1000 : 1500),
      };
      return market.barsOf(interval, query, nowMs).map((bar) => describeKlineRow(instrument, bar));
    }
    case "ticker/24hr":
      return answerPerSymbol(markets, account, params, (instrument, market) =>
        describeRestTicker(instrument, market, nowMs),
      );
    case "ticker/price":
      return answerPerSymbol(markets, account, params, (instrument, market) => {
        const price = formatPrice(instrument, market.lastPriceTicks());
        if (account === "spot") return { symbol: instrument.symbol, price };
        if (account === "linear") return { symbol: instrument.symbol, price, time: nowMs };
        return { symbol: instrument.symbol, ps: instrument.pair, price, time: nowMs };
      });
    case "ticker/bookTicker":
      return answerPerSymbol(markets, account, params, (instrument, market) => {
        const [bid, ask] = [market.book.topLevels("bid", 1)[0], market.book.topLevels("ask", 1)[0]];
        const top = {
          bidPrice: bid ? formatPrice(instrument, bid[0]) : "0",
          bidQty: bid ? formatQty(instrument, bid[1]) : "0",
          askPrice: ask ? formatPrice(instrument, ask[0]) : "0",
          askQty: ask ? formatQty(instrument, ask[1]) : "0",
        };
        if (account === "spot") return { symbol: instrument.symbol, ...top };
        const pair = account === "inverse" ? { pair: instrument.pair } : {};
        return {
          lastUpdateId: market.lastUpdateId(),
          symbol: instrument.symbol,
          ...pair,
          ...top,
          time: nowMs,
        };
      });
    case "openInterest": {
      if (account === "spot") return undefined;
      const { instrument, market } = requireMarket(markets, account, params);
      const openInterest = formatQty(
        instrument,
        Math.round(market.openInterest(nowMs) / instrument.spec.stepSize),
      );
      if (account === "linear") return { openInterest, symbol: instrument.symbol, time: nowMs };
      return {
        symbol: instrument.symbol,
        pair: instrument.pair,
        openInterest,
        contractType: "PERPETUAL",
        time: nowMs,
      };
    }
    case "fundingRate":
      return account === "spot" ? undefined : answerFundingRate(markets, account, params, nowMs);
    case "premiumIndex": {
      if (account === "spot") return undefined;
      const describe = (instrument: BinanceInstrument, market: SimMarket) =>
        describePremiumIndex(instrument, market, nowMs);
      if (account === "inverse")
        return selectInstruments(markets, account, params).map(({ instrument, market }) =>
          describe(instrument, market),
        );
      return answerPerSymbol(markets, account, params, describe);
    }
    case "data/openInterestHist":
      return answerOpenInterestHistory(markets, params, nowMs);
    default:
      return undefined;
  }
}

function answerDepth(
  deps: BinanceRestDeps,
  account: SimAccount,
  params: URLSearchParams,
  nowMs: number,
): unknown {
  const symbol = requireSymbol(params);
  const instrument = requireInstrument(deps.markets, account, symbol);
  const recorded = deps.recordedDepth.get(`${account}|${instrument.symbol}`);
  if (recorded !== undefined) return JSON.parse(recorded);
  const market = deps.markets.marketOf(account, instrument.symbol);
  if (!market) throw new BinanceRestError(-1121, "Invalid symbol.");
  const limit = parseLimit(params, account === "spot" ? 100 : 500, account === "spot" ? 5000 : 1000);
  const side = (which: "bid" | "ask") =>
    market.book
      .topLevels(which, limit)
      .map(([price, qty]) => [formatPrice(instrument, price), formatQty(instrument, qty)]);
  const lastUpdateId = market.lastUpdateId();
  if (account === "spot") return { lastUpdateId, bids: side("bid"), asks: side("ask") };
  if (account === "linear")
    return { lastUpdateId, E: nowMs, T: nowMs - 1, bids: side("bid"), asks: side("ask") };
  return {
    lastUpdateId,
    E: nowMs,
    T: nowMs - 1,
    symbol: instrument.symbol,
    pair: instrument.pair,
    bids: side("bid"),
    asks: side("ask"),
  };
}

function answerFundingRate(
  markets: BinanceMarkets,
  account: SimAccount,
  params: URLSearchParams,
  nowMs: number,
): unknown {
  const limit = parseLimit(params, 100, 1000);
  const startMs = parseIntParam(params, "startTime");
  const endMs = Math.min(parseIntParam(params, "endTime") ?? nowMs, nowMs);
  const times: number[] = [];
  if (startMs !== undefined) {
    for (
      let t = Math.ceil(startMs / FUNDING_EVERY_MS) * FUNDING_EVERY_MS;
      t <= endMs && times.length < limit;
      t += FUNDING_EVERY_MS
    )
      times.push(t);
  } else {
    for (
      let t = Math.floor(endMs / FUNDING_EVERY_MS) * FUNDING_EVERY_MS;
      times.length < limit;
      t -= FUNDING_EVERY_MS
    )
      times.push(t);
    times.reverse();
  }
  const rows: unknown[] = [];
  for (const { instrument, market } of selectInstruments(markets, account, params)) {
    for (const fundingTime of times) {
      const fundingRate = formatDecimal(market.fundingRateAt(fundingTime));
      if (account === "inverse") {
        rows.push({ symbol: instrument.symbol, fundingTime, fundingRate });
        continue;
      }
      const mark =
        fundingTime < market.startMs ? market.history.priceAt(fundingTime) : market.markPrice(fundingTime);
      rows.push({ symbol: instrument.symbol, fundingTime, fundingRate, markPrice: formatDecimal(mark) });
    }
  }
  return rows;
}

function answerOpenInterestHistory(markets: BinanceMarkets, params: URLSearchParams, nowMs: number): unknown {
  const { instrument, market } = requireMarket(markets, "linear", params);
  const period = params.get("period") ?? "";
  const interval = ["5m", "15m", "30m", "1h", "2h", "4h", "6h", "12h", "1d"].includes(period)
    ? parseInterval(period)
    : undefined;
  if (!interval)
    throw new BinanceRestError(
      -1102,
      "Mandatory parameter 'period' was not sent, was empty/null, or malformed.",
    );
  const bars = market.barsOf(
    interval,
    {
      startMs: parseIntParam(params, "startTime"),
      endMs: parseIntParam(params, "endTime"),
      limit: parseLimit(params, 30, 500),
    },
    nowMs,
  );
  return bars
    .filter((bar) => bar.openMs <= nowMs)
    .map((bar) => {
      const openInterest = market.openInterest(bar.openMs);
      return {
        symbol: instrument.symbol,
        sumOpenInterest: openInterest.toFixed(8),
        sumOpenInterestValue: (openInterest * bar.openTicks * instrument.spec.tickSize).toFixed(8),
        timestamp: bar.openMs,
      };
    });
}

export interface BinanceTickerStats {
  bar: SimBar;
  lastTrade: SimTrade | undefined;
  priceChangeTicks: number;
  priceChangePercent: string;
  weightedAvgPrice: string;
}

/** The rolling 24 h window shared by the `@ticker` stream and GET ticker/24hr. */
export function computeTickerStats(
  instrument: BinanceInstrument,
  market: SimMarket,
  nowMs: number,
): BinanceTickerStats {
  const bar = market.barFor(nowMs - DAY_MS, nowMs + 1, nowMs);
  const priceChangeTicks = bar.closeTicks - bar.openTicks;
  const contractSize = instrument.spec.contractSizeQuote;
  const volume = bar.volumeSteps * instrument.spec.stepSize;
  let weighted = bar.closeTicks * instrument.spec.tickSize;
  if (bar.notional > 0 && volume > 0)
    weighted = contractSize !== undefined ? (volume * contractSize) / bar.notional : bar.notional / volume;
  return {
    bar,
    lastTrade: market.lastTrade(),
    priceChangeTicks,
    priceChangePercent: ((priceChangeTicks / Math.max(1, bar.openTicks)) * 100).toFixed(3),
    weightedAvgPrice: weighted.toFixed(instrument.priceDecimals),
  };
}

export function formatNotional(instrument: BinanceInstrument, value: number): string {
  return value.toFixed(
    instrument.account === "linear" ? instrument.priceDecimals + instrument.qtyDecimals : 8,
  );
}

function describeRestTicker(instrument: BinanceInstrument, market: SimMarket, nowMs: number): unknown {
  const stats = computeTickerStats(instrument, market, nowMs);
  const { bar } = stats;
  const price = (ticks: number) => formatPrice(instrument, ticks);
  const head = {
    symbol: instrument.symbol,
    ...(instrument.account === "inverse" ? { pair: instrument.pair } : {}),
    priceChange: price(stats.priceChangeTicks),
    priceChangePercent: stats.priceChangePercent,
    weightedAvgPrice: stats.weightedAvgPrice,
  };
  const lastQty = formatQty(instrument, stats.lastTrade?.qtySteps ?? 0);
  const tail = {
    openPrice: price(bar.openTicks),
    highPrice: price(bar.highTicks),
    lowPrice: price(bar.lowTicks),
    volume: formatQty(instrument, bar.volumeSteps),
    [instrument.account === "inverse" ? "baseVolume" : "quoteVolume"]: formatNotional(
      instrument,
      bar.notional,
    ),
    openTime: nowMs - DAY_MS,
    closeTime: nowMs,
    firstId: bar.firstTradeId,
    lastId: bar.lastTradeId,
    count: bar.trades,
  };
  if (instrument.account !== "spot") return { ...head, lastPrice: price(bar.closeTicks), lastQty, ...tail };
  const [bid, ask] = [market.book.topLevels("bid", 1)[0], market.book.topLevels("ask", 1)[0]];
  return {
    ...head,
    prevClosePrice: price(bar.openTicks),
    lastPrice: price(bar.closeTicks),
    lastQty,
    bidPrice: bid ? price(bid[0]) : "0",
    bidQty: bid ? formatQty(instrument, bid[1]) : "0",
    askPrice: ask ? price(ask[0]) : "0",
    askQty: ask ? formatQty(instrument, ask[1]) : "0",
    ...tail,
  };
}

function describePremiumIndex(instrument: BinanceInstrument, market: SimMarket, nowMs: number): unknown {
  const nextFundingTime = Math.floor(nowMs / FUNDING_EVERY_MS) * FUNDING_EVERY_MS + FUNDING_EVERY_MS;
  return {
    symbol: instrument.symbol,
    ...(instrument.account === "inverse" ? { pair: instrument.pair } : {}),
    markPrice: formatDecimal(market.markPrice(nowMs)),
    indexPrice: formatDecimal(market.indexPrice(nowMs)),
    estimatedSettlePrice: formatDecimal(market.indexPrice(nowMs)),
    lastFundingRate: formatDecimal(market.fundingRateAt(nextFundingTime)),
    interestRate: "0.00010000",
    nextFundingTime,
    time: nowMs,
  };
}

function describeRestTrade(instrument: BinanceInstrument, market: SimMarket, trade: SimTrade): unknown {
  const common = {
    id: trade.id,
    price: formatPrice(instrument, trade.priceTicks),
    qty: formatQty(instrument, trade.qtySteps),
  };
  const notional = formatNotional(instrument, market.notionalOf(trade.priceTicks, trade.qtySteps));
  if (instrument.account === "spot") {
    return {
      ...common,
      quoteQty: notional,
      time: trade.timeMs,
      isBuyerMaker: trade.isBuyerMaker,
      isBestMatch: true,
    };
  }
  if (instrument.account === "linear")
    return { ...common, quoteQty: notional, time: trade.timeMs, isBuyerMaker: trade.isBuyerMaker };
  return { ...common, baseQty: notional, time: trade.timeMs, isBuyerMaker: trade.isBuyerMaker };
}

export function describeKlineRow(instrument: BinanceInstrument, bar: SimBar): unknown[] {
  const price = (ticks: number) => formatPrice(instrument, ticks);
  return [
    bar.openMs,
    price(bar.openTicks),
    price(bar.highTicks),
    price(bar.lowTicks),
    price(bar.closeTicks),
    formatQty(instrument, bar.volumeSteps),
    bar.closeMs,
    formatNotional(instrument, bar.notional),
    bar.trades,
    formatQty(instrument, bar.takerBuyVolumeSteps),
    formatNotional(instrument, bar.takerBuyNotional),
    "0",
  ];
}

function answerPerSymbol(
  markets: BinanceMarkets,
  account: SimAccount,
  params: URLSearchParams,
  describe: (instrument: BinanceInstrument, market: SimMarket) => unknown,
): unknown {
  const picked = selectInstruments(markets, account, params).map(({ instrument, market }) =>
    describe(instrument, market),
  );
  // One symbol gives an object (spot and USDⓈ-M); COIN-M and the all-symbols form give an array.
  return params.has("symbol") && account !== "inverse" ? picked[0] : picked;
}

function selectInstruments(markets: BinanceMarkets, account: SimAccount, params: URLSearchParams) {
  const wanted = params.has("symbol")
    ? [requireSymbol(params)]
    : (readSymbolsParam(params) ?? markets.instruments(account).map((i) => i.symbol));
  return wanted.map((symbol) => {
    const instrument = requireInstrument(markets, account, symbol);
    const market = markets.marketOf(account, instrument.symbol);
    if (!market) throw new BinanceRestError(-1121, "Invalid symbol.");
    return { instrument, market };
  });
}

function requireMarket(markets: BinanceMarkets, account: SimAccount, params: URLSearchParams) {
  const instrument = requireInstrument(markets, account, requireSymbol(params));
  const market = markets.marketOf(account, instrument.symbol);
  if (!market) throw new BinanceRestError(-1121, "Invalid symbol.");
  return { instrument, market };
}

function requireInstrument(markets: BinanceMarkets, account: SimAccount, symbol: string): BinanceInstrument {
  const instrument = markets.instrument(account, symbol);
  if (!instrument) throw new BinanceRestError(-1121, "Invalid symbol.");
  return instrument;
}

function requireSymbol(params: URLSearchParams): string {
  const symbol = params.get("symbol")?.trim();
  if (!symbol)
    throw new BinanceRestError(
      -1102,
      "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.",
    );
  if (!/^[A-Za-z0-9\-_.]{1,20}$/.test(symbol)) {
    throw new BinanceRestError(
      -1100,
      "Illegal characters found in parameter 'symbol'; legal range is '^[A-Z0-9-_.]{1,20}$'.",
    );
  }
  return symbol.toUpperCase();
}

/** `symbols=["BTCUSDT","BNBBTC"]` (JSON array in the query), as Binance takes it. */
function readSymbolsParam(params: URLSearchParams): string[] | undefined {
  if (params.has("symbol")) return [requireSymbol(params)];
  const raw = params.get("symbols");
  if (raw === null) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (Array.isArray(parsed) && parsed.every((item) => typeof item === "string"))
      return parsed.map((item) => item.toUpperCase());
  } catch {
    // falls through to the error below
  }
  throw new BinanceRestError(
    -1100,
    "Illegal characters found in parameter 'symbols'; legal range is '^\\[(\"[A-Z0-9-_.]{1,20}\"(,\"[A-Z0-9-_.]{1,20}\"){0,}){0,1}\\]$'.",
  );
}

function requireInterval(account: SimAccount, params: URLSearchParams): BarInterval {
  const label = params.get("interval");
  if (!label)
    throw new BinanceRestError(
      -1102,
      "Mandatory parameter 'interval' was not sent, was empty/null, or malformed.",
    );
  const interval = label === "1s" && account !== "spot" ? undefined : parseInterval(label);
  if (!interval) throw new BinanceRestError(-1120, "Invalid interval.");
  return interval;
}

function parseIntParam(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === "") return undefined;
  if (!/^-?[0-9]{1,20}$/.test(raw)) {
    throw new BinanceRestError(
      -1100,
      `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.`,
    );
  }
  return Number(raw);
}

function parseLimit(params: URLSearchParams, fallback: number, max: number): number {
  const limit = parseIntParam(params, "limit");
  if (limit === undefined) return fallback;
  if (limit <= 0)
    throw new BinanceRestError(
      -1100,
      "Illegal characters found in parameter 'limit'; legal range is '^[0-9]{1,20}$'.",
    );
  return Math.min(limit, max);
}

function weighRequest(account: SimAccount, endpoint: string, params: URLSearchParams): number {
  const limit = Number(params.get("limit") ?? 0);
  const spot = account === "spot";
  switch (endpoint) {
    case "depth":
      if (spot) return limit > 1000 ? 250 : limit > 500 ? 50 : limit > 100 ? 25 : 5;
      return limit > 500 ? 20 : limit > 100 ? 10 : limit > 50 ? 5 : 2;
    case "exchangeInfo":
      return spot ? 20 : 1;
    case "trades":
      return spot ? 25 : 5;
    case "historicalTrades":
      return spot ? 25 : 20;
    case "aggTrades":
      return spot ? 4 : 20;
    case "klines":
      return spot ? 2 : limit > 1000 ? 10 : limit > 500 ? 5 : 2;
    case "ticker/24hr":
      return params.has("symbol") ? (spot ? 2 : 1) : spot ? 80 : 40;
    default:
      return 1;
  }
}

function countWeight(
  usedWeight: BinanceRestDeps["usedWeight"],
  account: SimAccount,
  weight: number,
  nowMs: number,
): Record<string, string> {
  const minute = Math.floor(nowMs / 60_000);
  const entry = usedWeight.get(account);
  const next =
    entry && entry.minute === minute ? { minute, weight: entry.weight + weight } : { minute, weight };
  usedWeight.set(account, next);
  const used = String(next.weight);
  return account === "spot"
    ? { "x-mbx-used-weight": used, "x-mbx-used-weight-1m": used }
    : { "x-mbx-used-weight-1m": used };
}
