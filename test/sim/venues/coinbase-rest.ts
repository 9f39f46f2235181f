// Coinbase Advanced Trade public REST for the simulator (/api/v3/brokerage/market/*): products, one product,
// product book, market trades and candles from the synthetic markets, with Coinbase's error bodies.

import { parseInterval } from "../bars.ts";
import type { SimMarket } from "../market.ts";
import type { SimAccount, SimRestRequest, SimRestResponse } from "../types.ts";
import {
  type CoinbaseInstrument,
  type CoinbaseMarkets,
  describeProduct,
  formatPrice,
  formatQty,
  isoMicros,
} from "./coinbase-symbols.ts";

const PREFIX = "/api/v3/brokerage/market/";
const MAX_CANDLES = 350;

/** Candle granularity names → the simulator's bar intervals. */
const GRANULARITIES: Readonly<Record<string, string>> = {
  ONE_MINUTE: "1m",
  FIVE_MINUTE: "5m",
  FIFTEEN_MINUTE: "15m",
  THIRTY_MINUTE: "30m",
  ONE_HOUR: "1h",
  TWO_HOUR: "2h",
  FOUR_HOUR: "4h",
  SIX_HOUR: "6h",
  ONE_DAY: "1d",
};

class CoinbaseRestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function answerCoinbaseRest(
  markets: CoinbaseMarkets,
  request: SimRestRequest,
  nowMs: number,
): SimRestResponse | undefined {
  if (!request.path.startsWith(PREFIX)) return undefined;
  const endpoint = request.path.slice(PREFIX.length).replace(/\/+$/, "");
  if (request.method !== "GET") return { status: 405, body: "Method Not Allowed" };
  try {
    const body = answerEndpoint(markets, endpoint, request.params, nowMs);
    return body === undefined ? undefined : { status: 200, body };
  } catch (error) {
    if (!(error instanceof CoinbaseRestError)) throw error;
    return {
      status: error.status,
      body: { error: error.code, error_details: error.message, message: error.message },
    };
  }
}

export function describeCoinbaseRestFault(status: number, retryAfterS: number | undefined): SimRestResponse {
  const headers: Record<string, string> =
    retryAfterS === undefined ? {} : { "Retry-After": String(retryAfterS) };
  if (status === 429) {
    return { status, body: { error: "RATE_LIMIT_EXCEEDED", message: "Too many requests" }, headers };
  }
  return { status, body: { error: "INTERNAL", message: "internal error" }, headers };
}

function answerEndpoint(
  markets: CoinbaseMarkets,
  endpoint: string,
  params: URLSearchParams,
  nowMs: number,
): unknown {
  if (endpoint === "products") {
    const account: SimAccount = params.get("product_type")?.toUpperCase() === "FUTURE" ? "linear" : "spot";
    const rows = markets
      .instruments(account)
      .map((instrument) => describeProduct(instrument, startedMarket(markets, instrument), nowMs));
    return { products: rows, num_products: rows.length, pagination: null };
  }
  if (endpoint === "product_book") {
    const { instrument, market } = productOf(markets, params.get("product_id") ?? "");
    const limit = Math.min(Math.max(1, Number(params.get("limit")) || 100), 1000);
    const side = (levels: Array<[number, number]>) =>
      levels.map(([priceTicks, qtySteps]) => ({
        price: formatPrice(instrument, priceTicks),
        size: formatQty(instrument, qtySteps),
      }));
    return {
      pricebook: {
        product_id: instrument.product,
        bids: side(market.book.topLevels("bid", limit)),
        asks: side(market.book.topLevels("ask", limit)),
        time: isoMicros(nowMs),
      },
    };
  }
  const product = /^products\/([^/]+)(\/ticker|\/candles)?$/.exec(endpoint);
  if (!product) return undefined;
  const { instrument, market } = productOf(markets, decodeURIComponent(product[1]!));
  if (product[2] === "/ticker") return describeMarketTrades(instrument, market, params);
  if (product[2] === "/candles") return describeCandles(instrument, market, params, nowMs);
  return describeProduct(instrument, market, nowMs);
}

function startedMarket(markets: CoinbaseMarkets, instrument: CoinbaseInstrument): SimMarket | undefined {
  return markets.started().find((entry) => entry.instrument === instrument)?.market;
}

function productOf(markets: CoinbaseMarkets, product: string) {
  for (const account of ["spot", "linear"] as const) {
    const instrument = markets.instrument(account, product);
    const market = instrument ? markets.marketOf(account, product) : undefined;
    if (instrument && market) return { instrument, market };
  }
  throw new CoinbaseRestError(404, "NOT_FOUND", "ProductID is invalid");
}

/** Latest fills, newest first; `side` is the maker's (the buyer was the maker: BUY). */
function describeMarketTrades(instrument: CoinbaseInstrument, market: SimMarket, params: URLSearchParams) {
  const limit = Number(params.get("limit"));
  if (!Number.isInteger(limit) || limit < 1)
    throw new CoinbaseRestError(400, "INVALID_ARGUMENT", "limit is required");
  const trades = market.recentTrades(Math.min(limit, 1000)).reverse();
  const bid = market.book.bestBidTicks();
  const ask = market.book.bestAskTicks();
  return {
    trades: trades.map((trade) => ({
      trade_id: String(trade.id),
      product_id: instrument.product,
      price: formatPrice(instrument, trade.priceTicks),
      size: formatQty(instrument, trade.qtySteps),
      time: isoMicros(trade.timeMs),
      side: trade.isBuyerMaker ? "BUY" : "SELL",
      bid: "",
      ask: "",
      exchange: "coinbase",
    })),
    best_bid: bid === undefined ? "" : formatPrice(instrument, bid),
    best_ask: ask === undefined ? "" : formatPrice(instrument, ask),
  };
}

function describeCandles(
  instrument: CoinbaseInstrument,
  market: SimMarket,
  params: URLSearchParams,
  nowMs: number,
) {
  const interval = parseInterval(GRANULARITIES[params.get("granularity") ?? ""] ?? "");
  const startS = Number(params.get("start"));
  const endS = Number(params.get("end"));
  if (!interval) throw new CoinbaseRestError(400, "INVALID_ARGUMENT", "granularity is invalid");
  if (!Number.isFinite(startS) || !Number.isFinite(endS) || !params.get("start") || !params.get("end"))
    throw new CoinbaseRestError(400, "INVALID_ARGUMENT", "start and end are required");
  const limit = Math.min(Number(params.get("limit")) || MAX_CANDLES, MAX_CANDLES);
  const bars = market.barsOf(interval, { startMs: startS * 1000, endMs: endS * 1000, limit }, nowMs);
  return {
    candles: bars.reverse().map((bar) => ({
      start: String(Math.floor(bar.openMs / 1000)),
      low: formatPrice(instrument, bar.lowTicks),
      high: formatPrice(instrument, bar.highTicks),
      open: formatPrice(instrument, bar.openTicks),
      close: formatPrice(instrument, bar.closeTicks),
      volume: formatQty(instrument, bar.volumeSteps),
    })),
  };
}
