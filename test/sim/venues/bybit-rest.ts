// Bybit v5 public REST for the simulator: /v5/market/* with `category`, answered from the synthetic markets in
// Bybit's envelope (`retCode`, `retMsg`, `result`, `time`) and error codes; also the ticker rows the socket reuses.

import { type BarInterval, parseInterval } from "../bars.ts";
import type { SimMarket } from "../market.ts";
import type { SimAccount, SimRestRequest, SimRestResponse } from "../types.ts";
import {
  type BybitInstrument,
  type BybitMarkets,
  describeInstrument,
  formatDecimal,
  formatPrice,
  formatQty,
  tradeIdOf,
} from "./bybit-symbols.ts";

const DAY_MS = 86_400_000;
export const FUNDING_EVERY_MS = 8 * 3_600_000;

/** Bybit kline interval → the simulator's bar interval. */
export const BYBIT_SIM_INTERVALS: Readonly<Record<string, string>> = {
  "1": "1m",
  "3": "3m",
  "5": "5m",
  "15": "15m",
  "30": "30m",
  "60": "1h",
  "120": "2h",
  "240": "4h",
  "360": "6h",
  "720": "12h",
  D: "1d",
  W: "1w",
  M: "1M",
};

const OI_INTERVALS: Readonly<Record<string, string>> = {
  "5min": "5m",
  "15min": "15m",
  "30min": "30m",
  "1h": "1h",
  "4h": "4h",
  "1d": "1d",
};

class BybitRestError extends Error {
  constructor(
    readonly retCode: number,
    message: string,
  ) {
    super(message);
  }
}

function envelope(result: unknown, nowMs: number): unknown {
  return { retCode: 0, retMsg: "OK", result, retExtInfo: {}, time: nowMs };
}

export function answerBybitRest(
  markets: BybitMarkets,
  request: SimRestRequest,
  nowMs: number,
): SimRestResponse | undefined {
  const prefix = "/v5/market/";
  if (!request.path.startsWith(prefix)) return undefined;
  const endpoint = request.path.slice(prefix.length);
  const headers = { "X-Bapi-Limit-Status": "599", "X-Bapi-Limit": "600" };
  if (request.method !== "GET") return { status: 405, body: "Method Not Allowed", headers };
  try {
    const result = answerEndpoint(markets, endpoint, request.params, nowMs);
    return result === undefined ? undefined : { status: 200, body: envelope(result, nowMs), headers };
  } catch (error) {
    if (!(error instanceof BybitRestError)) throw error;
    // Bybit answers request errors with HTTP 200 and the code in the body.
    return {
      status: 200,
      body: { retCode: error.retCode, retMsg: error.message, result: {}, retExtInfo: {}, time: nowMs },
      headers,
    };
  }
}

/** The body for an injected HTTP status: 403 is Bybit's IP limit ("access too frequent"), 429 its API limit. */
export function describeBybitRestFault(
  status: number,
  retryAfterS: number | undefined,
  nowMs: number,
): SimRestResponse {
  const headers: Record<string, string> =
    retryAfterS !== undefined ? { "Retry-After": String(retryAfterS) } : {};
  if (status === 403) return { status, body: "access too frequent", headers };
  if (status === 429) {
    return {
      status,
      body: { retCode: 10006, retMsg: "Too many visits!", result: {}, retExtInfo: {}, time: nowMs },
      headers: {
        ...headers,
        "X-Bapi-Limit-Status": "0",
        "X-Bapi-Limit-Reset-Timestamp": String(nowMs + 1000),
      },
    };
  }
  if (status === 502 || status === 504)
    return { status, body: status === 502 ? "Bad Gateway" : "Gateway Timeout", headers };
  return {
    status,
    body: { retCode: 10016, retMsg: "Server error.", result: {}, retExtInfo: {}, time: nowMs },
    headers,
  };
}

function answerEndpoint(
  markets: BybitMarkets,
  endpoint: string,
  params: URLSearchParams,
  nowMs: number,
): unknown {
  if (endpoint === "time") {
    return { timeSecond: String(Math.floor(nowMs / 1000)), timeNano: `${nowMs}000000` };
  }
  const known = [
    "instruments-info",
    "tickers",
    "orderbook",
    "recent-trade",
    "kline",
    "funding/history",
    "open-interest",
  ];
  if (!known.includes(endpoint)) return undefined;
  const account = requireCategory(params);
  switch (endpoint) {
    case "instruments-info": {
      const symbol = params.get("symbol");
      const list = symbol ? [requireInstrument(markets, account, symbol)] : markets.instruments(account);
      return { category: account, list: list.map(describeInstrument), nextPageCursor: "" };
    }
    case "tickers": {
      const symbol = params.get("symbol");
      const picked = symbol ? [requireInstrument(markets, account, symbol)] : markets.instruments(account);
      return {
        category: account,
        list: picked.map((instrument) =>
          describeTicker(instrument, requireMarket(markets, instrument), nowMs, { withBook: true }),
        ),
      };
    }
    case "orderbook": {
      const { instrument, market } = requireSymbolMarket(markets, account, params);
      const max = account === "spot" ? 200 : 500;
      const limit = Math.min(parseLimit(params, account === "spot" ? 1 : 25, max), max);
      const side = (which: "bid" | "ask") =>
        market.book
          .topLevels(which, limit)
          .map(([price, qty]) => [formatPrice(instrument, price), formatQty(instrument, qty)]);
      return {
        s: instrument.symbol,
        b: side("bid"),
        a: side("ask"),
        ts: nowMs,
        u: market.lastUpdateId(),
        seq: market.lastUpdateId() * 3,
        cts: nowMs - 1,
      };
    }
    case "recent-trade": {
      const { instrument, market } = requireSymbolMarket(markets, account, params);
      const max = account === "spot" ? 60 : 1000;
      const limit = Math.min(parseLimit(params, max === 60 ? 60 : 500, max), max);
      return {
        category: account,
        list: market
          .recentTrades(limit)
          .reverse()
          .map((trade) => ({
            execId: tradeIdOf(instrument, trade.id),
            symbol: instrument.symbol,
            price: formatPrice(instrument, trade.priceTicks),
            size: formatQty(instrument, trade.qtySteps),
            side: trade.isBuyerMaker ? "Sell" : "Buy",
            time: String(trade.timeMs),
            isBlockTrade: false,
          })),
      };
    }
    case "kline": {
      const { instrument, market } = requireSymbolMarket(markets, account, params);
      const interval = requireInterval(params);
      const bars = market.barsOf(
        interval,
        {
          startMs: parseIntParam(params, "start"),
          endMs: parseIntParam(params, "end"),
          limit: Math.min(parseLimit(params, 200, 1000), 1000),
        },
        nowMs,
      );
      const price = (ticks: number) => formatPrice(instrument, ticks);
      return {
        category: account,
        symbol: instrument.symbol,
        list: bars
          .reverse()
          .map((bar) => [
            String(bar.openMs),
            price(bar.openTicks),
            price(bar.highTicks),
            price(bar.lowTicks),
            price(bar.closeTicks),
            formatQty(instrument, bar.volumeSteps),
            formatDecimal(bar.notional),
          ]),
      };
    }
    case "funding/history": {
      if (account !== "linear" && account !== "inverse")
        throw new BybitRestError(10001, "params error: category only support linear or inverse");
      const { instrument, market } = requireSymbolMarket(markets, account, params);
      const startMs = parseIntParam(params, "startTime");
      const endParam = parseIntParam(params, "endTime");
      if (startMs !== undefined && endParam === undefined)
        throw new BybitRestError(10001, "params error: endTime is required when startTime is passed");
      const limit = Math.min(parseLimit(params, 200, 200), 200);
      const endMs = Math.min(endParam ?? nowMs, nowMs);
      const rows: unknown[] = [];
      for (
        let t = Math.floor(endMs / FUNDING_EVERY_MS) * FUNDING_EVERY_MS;
        rows.length < limit;
        t -= FUNDING_EVERY_MS
      ) {
        if (startMs !== undefined && t < startMs) break;
        rows.push({
          symbol: instrument.symbol,
          fundingRate: formatDecimal(market.fundingRateAt(t), 6),
          fundingRateTimestamp: String(t),
        });
      }
      return { category: account, list: rows };
    }
    default: {
      if (account !== "linear" && account !== "inverse")
        throw new BybitRestError(10001, "params error: category only support linear or inverse");
      const { instrument, market } = requireSymbolMarket(markets, account, params);
      const label = OI_INTERVALS[params.get("intervalTime") ?? ""];
      if (!label) throw new BybitRestError(10001, "params error: intervalTime is invalid");
      const interval = parseInterval(label) as BarInterval;
      const limit = Math.min(parseLimit(params, 50, 200), 200);
      const list: unknown[] = [];
      for (let t = interval.openOf(nowMs); list.length < limit; t = interval.openOf(t - 1)) {
        list.push({
          openInterest: market.openInterest(t).toFixed(instrument.qtyDecimals + 2),
          timestamp: String(t),
        });
      }
      return { category: account, symbol: instrument.symbol, list, nextPageCursor: "" };
    }
  }
}

/** A full ticker row for a symbol (REST, and the socket's snapshots and deltas). */
export function describeTicker(
  instrument: BybitInstrument,
  market: SimMarket,
  nowMs: number,
  options: { withBook: boolean },
): Record<string, string> {
  const bar = market.barFor(nowMs - DAY_MS, nowMs + 1, nowMs);
  const price = (ticks: number) => formatPrice(instrument, ticks);
  const lastTicks = market.lastPriceTicks();
  const change = (lastTicks - bar.openTicks) / Math.max(1, bar.openTicks);
  const [bid, ask] = [market.book.topLevels("bid", 1)[0], market.book.topLevels("ask", 1)[0]];
  const top: Record<string, string> =
    options.withBook || instrument.account !== "spot"
      ? {
          bid1Price: bid ? price(bid[0]) : "",
          bid1Size: bid ? formatQty(instrument, bid[1]) : "",
          ask1Price: ask ? price(ask[0]) : "",
          ask1Size: ask ? formatQty(instrument, ask[1]) : "",
        }
      : {};
  const head = {
    symbol: instrument.symbol,
    lastPrice: price(lastTicks),
    prevPrice24h: price(bar.openTicks),
    price24hPcnt: change.toFixed(instrument.account === "spot" ? 4 : 6),
    highPrice24h: price(bar.highTicks),
    lowPrice24h: price(bar.lowTicks),
    turnover24h: formatDecimal(bar.notional, 4),
    volume24h: formatQty(instrument, bar.volumeSteps),
  };
  if (instrument.account === "spot") return { ...head, ...top, usdIndexPrice: price(lastTicks) };
  const mark = market.markPrice(nowMs);
  const openInterest = market.openInterest(nowMs);
  const nextFundingMs = Math.floor(nowMs / FUNDING_EVERY_MS) * FUNDING_EVERY_MS + FUNDING_EVERY_MS;
  return {
    ...head,
    markPrice: mark.toFixed(instrument.priceDecimals + 1),
    indexPrice: market.indexPrice(nowMs).toFixed(instrument.priceDecimals + 1),
    openInterest: openInterest.toFixed(instrument.qtyDecimals),
    openInterestValue: (instrument.account === "inverse" ? openInterest / mark : openInterest * mark).toFixed(
      2,
    ),
    nextFundingTime: String(nextFundingMs),
    fundingRate: formatDecimal(market.fundingRateAt(nextFundingMs), 6),
    ...top,
  };
}

function requireCategory(params: URLSearchParams): SimAccount {
  const category = params.get("category");
  if (category === "spot" || category === "linear" || category === "inverse") return category;
  if (category === "option") throw new BybitRestError(10001, "params error: option is not simulated");
  throw new BybitRestError(10001, "params error: category is invalid");
}

function requireInstrument(markets: BybitMarkets, account: SimAccount, symbol: string): BybitInstrument {
  const instrument = markets.instrument(account, symbol);
  if (!instrument || symbol !== symbol.toUpperCase())
    throw new BybitRestError(10001, "params error: symbol invalid");
  return instrument;
}

function requireMarket(markets: BybitMarkets, instrument: BybitInstrument): SimMarket {
  const market = markets.marketOf(instrument.account, instrument.symbol);
  if (!market) throw new BybitRestError(10001, "params error: symbol invalid");
  return market;
}

function requireSymbolMarket(markets: BybitMarkets, account: SimAccount, params: URLSearchParams) {
  const symbol = params.get("symbol");
  if (!symbol) throw new BybitRestError(10001, "params error: symbol is required");
  const instrument = requireInstrument(markets, account, symbol);
  return { instrument, market: requireMarket(markets, instrument) };
}

function requireInterval(params: URLSearchParams): BarInterval {
  const label = BYBIT_SIM_INTERVALS[params.get("interval") ?? ""];
  const interval = label ? parseInterval(label) : undefined;
  if (!interval) throw new BybitRestError(10001, "params error: interval invalid");
  return interval;
}

function parseIntParam(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === "") return undefined;
  if (!/^[0-9]{1,16}$/.test(raw)) throw new BybitRestError(10001, `params error: ${name} invalid`);
  return Number(raw);
}

function parseLimit(params: URLSearchParams, fallback: number, max: number): number {
  const limit = parseIntParam(params, "limit");
  if (limit === undefined) return fallback;
  if (limit < 1) throw new BybitRestError(10001, "params error: limit invalid");
  return Math.min(limit, max);
}
