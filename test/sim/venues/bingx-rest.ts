// BingX public REST for the simulator: spot `/openApi/spot/…`, USDT-M `/openApi/swap/…`, Coin-M `/openApi/cswap/…`,
// answered from the synthetic markets in BingX's envelope (`code`, `msg`, `data`) and error codes, with the shapes each
// docs page shows (spot numbers and arrays, swap text and objects).

import { type BarInterval, parseInterval } from "../bars.ts";
import type { SimMarket } from "../market.ts";
import type { SimAccount, SimRestRequest, SimRestResponse } from "../types.ts";
import {
  type BingxInstrument,
  type BingxMarkets,
  describeInstrument,
  formatDecimal,
  formatPrice,
  formatQty,
} from "./bingx-symbols.ts";

const DAY_MS = 86_400_000;
export const FUNDING_EVERY_MS = 8 * 3_600_000;
const CONTRACT_BOOK_LIMITS = [5, 10, 20, 50, 100, 500, 1000];

class BingxRestError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

type Endpoint =
  | "instruments"
  | "ticker"
  | "book"
  | "trades"
  | "klines"
  | "fundingRate"
  | "openInterest"
  | "premiumIndex";

const ROUTES: Readonly<Record<string, { account: SimAccount; endpoint: Endpoint }>> = {
  "/openApi/spot/v1/common/symbols": { account: "spot", endpoint: "instruments" },
  "/openApi/spot/v1/ticker/24hr": { account: "spot", endpoint: "ticker" },
  "/openApi/spot/v1/market/depth": { account: "spot", endpoint: "book" },
  "/openApi/spot/v1/market/trades": { account: "spot", endpoint: "trades" },
  "/openApi/spot/v2/market/kline": { account: "spot", endpoint: "klines" },
  "/openApi/swap/v2/quote/contracts": { account: "linear", endpoint: "instruments" },
  "/openApi/swap/v2/quote/ticker": { account: "linear", endpoint: "ticker" },
  "/openApi/swap/v2/quote/depth": { account: "linear", endpoint: "book" },
  "/openApi/swap/v2/quote/trades": { account: "linear", endpoint: "trades" },
  "/openApi/swap/v3/quote/klines": { account: "linear", endpoint: "klines" },
  "/openApi/swap/v2/quote/fundingRate": { account: "linear", endpoint: "fundingRate" },
  "/openApi/swap/v2/quote/openInterest": { account: "linear", endpoint: "openInterest" },
  "/openApi/swap/v2/quote/premiumIndex": { account: "linear", endpoint: "premiumIndex" },
  "/openApi/cswap/v1/market/contracts": { account: "inverse", endpoint: "instruments" },
  "/openApi/cswap/v1/market/ticker": { account: "inverse", endpoint: "ticker" },
  "/openApi/cswap/v1/market/depth": { account: "inverse", endpoint: "book" },
  "/openApi/cswap/v1/market/klines": { account: "inverse", endpoint: "klines" },
  "/openApi/cswap/v1/market/openInterest": { account: "inverse", endpoint: "openInterest" },
  "/openApi/cswap/v1/market/premiumIndex": { account: "inverse", endpoint: "premiumIndex" },
};

export function answerBingxRest(
  markets: BingxMarkets,
  request: SimRestRequest,
  nowMs: number,
): SimRestResponse | undefined {
  const route = ROUTES[request.path];
  if (!route) return undefined;
  const headers = {
    "X-RateLimit-Requests-Remain": "499",
    "X-RateLimit-Requests-Expire": String(nowMs + 10_000),
  };
  if (request.method !== "GET") return { status: 405, body: "Method Not Allowed", headers };
  try {
    const data = answerEndpoint(markets, route.account, route.endpoint, request.params, nowMs);
    // Spot answers carry a `timestamp`, the contract APIs a `msg`.
    const body = route.account === "spot" ? { code: 0, timestamp: nowMs, data } : { code: 0, msg: "", data };
    return { status: 200, body, headers };
  } catch (error) {
    if (!(error instanceof BingxRestError)) throw error;
    // BingX answers request errors with HTTP 200 and the code in the body.
    return { status: 200, body: { code: error.code, msg: error.message, data: {} }, headers };
  }
}

/** The body for an injected HTTP status: 429 is BingX's rate limit (100410), 5xx an internal error. */
export function describeBingxRestFault(status: number, retryAfterS: number | undefined): SimRestResponse {
  const headers: Record<string, string> =
    retryAfterS !== undefined ? { "Retry-After": String(retryAfterS) } : {};
  if (status === 429) return { status, body: { code: 100410, msg: "rate limited", data: {} }, headers };
  if (status === 418) return { status, body: "banned after repeated 429", headers };
  if (status === 502 || status === 504)
    return { status, body: status === 502 ? "Bad Gateway" : "Gateway Timeout", headers };
  return { status, body: { code: 100500, msg: "Internal Server Error", data: {} }, headers };
}

function answerEndpoint(
  markets: BingxMarkets,
  account: SimAccount,
  endpoint: Endpoint,
  params: URLSearchParams,
  nowMs: number,
): unknown {
  if (endpoint === "instruments") {
    const symbol = params.get("symbol");
    const list = symbol ? [requireInstrument(markets, account, symbol)] : markets.instruments(account);
    const rows = list.map(describeInstrument);
    return account === "spot" ? { symbols: rows } : rows;
  }
  const { instrument, market } = requireSymbolMarket(markets, account, params);
  const price = (ticks: number) => formatPrice(instrument, ticks);
  const qty = (steps: number) => formatQty(instrument, steps);
  switch (endpoint) {
    case "ticker": {
      const row = describeTicker(instrument, market, nowMs);
      return account === "linear" ? row : [row];
    }
    case "book": {
      const limit =
        account === "spot"
          ? Math.min(parseLimit(params, 20, 1000), 1000)
          : requireBookLimit(parseLimit(params, 20, 1000));
      const side = (which: "bid" | "ask") =>
        market.book.topLevels(which, limit).map(([p, q]) => [price(p), qty(q)]);
      if (account === "spot") return { bids: side("bid"), asks: side("ask"), ts: nowMs };
      // The contract pages list asks highest first.
      const asks = side("ask").reverse();
      return account === "linear"
        ? { T: nowMs, bids: side("bid"), asks, bidsCoin: side("bid"), asksCoin: asks }
        : { T: nowMs, bids: side("bid"), asks };
    }
    case "trades": {
      const max = account === "spot" ? 500 : 1000;
      const limit = Math.min(parseLimit(params, account === "spot" ? 100 : 500, max), max);
      const trades = market.recentTrades(limit).reverse();
      if (account === "spot") {
        return trades.map((trade) => ({
          id: trade.id,
          price: Number(price(trade.priceTicks)),
          qty: Number(qty(trade.qtySteps)),
          time: trade.timeMs,
          buyerMaker: trade.isBuyerMaker,
        }));
      }
      return trades.map((trade) => ({
        time: trade.timeMs,
        isBuyerMaker: trade.isBuyerMaker,
        price: price(trade.priceTicks),
        qty: qty(trade.qtySteps),
        quoteQty: formatDecimal(market.notionalOf(trade.priceTicks, trade.qtySteps), 2),
      }));
    }
    case "klines": {
      const interval = requireInterval(params);
      const bars = market.barsOf(
        interval,
        {
          startMs: parseIntParam(params, "startTime"),
          endMs: parseIntParam(params, "endTime"),
          limit: Math.min(parseLimit(params, 500, 1440), 1440),
        },
        nowMs,
      );
      if (account === "spot") {
        // Newest first, numbers: [open time, o, h, l, c, volume, close time, quote volume].
        return bars
          .reverse()
          .map((bar) => [
            bar.openMs,
            Number(price(bar.openTicks)),
            Number(price(bar.highTicks)),
            Number(price(bar.lowTicks)),
            Number(price(bar.closeTicks)),
            Number(qty(bar.volumeSteps)),
            bar.closeMs,
            Number(formatDecimal(bar.notional, 2)),
          ]);
      }
      return bars.map((bar) => ({
        open: price(bar.openTicks),
        close: price(bar.closeTicks),
        high: price(bar.highTicks),
        low: price(bar.lowTicks),
        volume: qty(bar.volumeSteps),
        time: bar.openMs,
      }));
    }
    case "fundingRate": {
      const startMs = parseIntParam(params, "startTime");
      const limit = Math.min(parseLimit(params, 100, 1000), 1000);
      const endMs = Math.min(parseIntParam(params, "endTime") ?? nowMs, nowMs);
      const rows: unknown[] = [];
      for (
        let t = Math.floor(endMs / FUNDING_EVERY_MS) * FUNDING_EVERY_MS;
        rows.length < limit;
        t -= FUNDING_EVERY_MS
      ) {
        if (startMs !== undefined && t < startMs) break;
        rows.push({
          symbol: instrument.symbol,
          fundingRate: market.fundingRateAt(t).toFixed(8),
          fundingTime: t,
        });
      }
      return rows;
    }
    case "openInterest": {
      const openInterest = market.openInterest(nowMs);
      // USDT-M reports the position value in USDT, Coin-M contracts.
      const value = account === "linear" ? openInterest * market.markPrice(nowMs) : openInterest;
      return { openInterest: value.toFixed(2), symbol: instrument.symbol, time: nowMs };
    }
    case "premiumIndex": {
      const nextFundingMs = Math.floor(nowMs / FUNDING_EVERY_MS) * FUNDING_EVERY_MS + FUNDING_EVERY_MS;
      return {
        symbol: instrument.symbol,
        markPrice: market.markPrice(nowMs).toFixed(instrument.priceDecimals),
        indexPrice: market.indexPrice(nowMs).toFixed(instrument.priceDecimals),
        lastFundingRate: market.fundingRateAt(nextFundingMs).toFixed(8),
        nextFundingTime: nextFundingMs,
      };
    }
  }
}

/** The 24-hour ticker row of the market's REST API (spot: numbers and a `%`; contracts: text). */
export function describeTicker(
  instrument: BingxInstrument,
  market: SimMarket,
  nowMs: number,
): Record<string, unknown> {
  const bar = market.barFor(nowMs - DAY_MS, nowMs + 1, nowMs);
  const lastTicks = market.lastPriceTicks();
  const changePct = ((lastTicks - bar.openTicks) / Math.max(1, bar.openTicks)) * 100;
  const [bid, ask] = [market.book.topLevels("bid", 1)[0], market.book.topLevels("ask", 1)[0]];
  const price = (ticks: number) => formatPrice(instrument, ticks);
  const qty = (steps: number) => formatQty(instrument, steps);
  const volume = qty(bar.volumeSteps);
  const row = {
    symbol: instrument.symbol,
    priceChange: price(lastTicks - bar.openTicks),
    priceChangePercent: changePct.toFixed(2),
    lastPrice: price(lastTicks),
    lastQty: qty(market.lastTrade()?.qtySteps ?? 1),
    highPrice: price(bar.highTicks),
    lowPrice: price(bar.lowTicks),
    // Coin-M: `volume` counts contracts and `quoteVolume` the coin.
    volume,
    quoteVolume: formatDecimal(bar.notional, instrument.account === "inverse" ? 6 : 2),
    openPrice: price(bar.openTicks),
    openTime: nowMs - DAY_MS,
    closeTime: nowMs,
    bidPrice: bid ? price(bid[0]) : "0",
    bidQty: bid ? qty(bid[1]) : "0",
    askPrice: ask ? price(ask[0]) : "0",
    askQty: ask ? qty(ask[1]) : "0",
  };
  if (instrument.account !== "spot") return row;
  const numeric: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row))
    numeric[key] = typeof value === "string" && key !== "symbol" ? Number(value) : value;
  return { ...numeric, priceChangePercent: `${changePct.toFixed(2)}%` };
}

function requireInstrument(markets: BingxMarkets, account: SimAccount, symbol: string): BingxInstrument {
  const instrument = markets.instrument(account, symbol);
  if (!instrument) throw new BingxRestError(109425, "Trading pair does not exist");
  return instrument;
}

function requireSymbolMarket(markets: BingxMarkets, account: SimAccount, params: URLSearchParams) {
  const symbol = params.get("symbol");
  if (!symbol) throw new BingxRestError(109400, "Invalid parameters: symbol is required");
  const instrument = requireInstrument(markets, account, symbol);
  const market = markets.marketOf(account, symbol);
  if (!market) throw new BingxRestError(109425, "Trading pair does not exist");
  return { instrument, market };
}

function requireInterval(params: URLSearchParams): BarInterval {
  const interval = parseInterval(params.get("interval") ?? "");
  if (!interval || interval.label === "1s") throw new BingxRestError(109400, "Invalid parameters: interval");
  return interval;
}

function requireBookLimit(limit: number): number {
  if (!CONTRACT_BOOK_LIMITS.includes(limit)) throw new BingxRestError(109400, "Invalid parameters: limit");
  return limit;
}

function parseIntParam(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === "") return undefined;
  if (!/^[0-9]{1,16}$/.test(raw)) throw new BingxRestError(109400, `Invalid parameters: ${name}`);
  return Number(raw);
}

function parseLimit(params: URLSearchParams, fallback: number, max: number): number {
  const limit = parseIntParam(params, "limit");
  if (limit === undefined) return fallback;
  if (limit < 1) throw new BingxRestError(109400, "Invalid parameters: limit");
  return Math.min(limit, max);
}
