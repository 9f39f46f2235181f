// Bitstamp public REST v2 for the simulator: markets, ticker, order_book, transactions, ohlc, funding_rate and
// funding_rate_history in Bitstamp's shapes and quirks (an unknown ticker answers the whole list, an unknown book
// 404s with HTML, limits answered as HTTP 400 with a response_code), from the synthetic markets.

import { parseInterval, type SimBar } from "../bars.ts";
import type { SimMarket, SimTrade } from "../market.ts";
import type { SimRestRequest, SimRestResponse } from "../types.ts";
import {
  type BitstampInstrument,
  type BitstampMarkets,
  describeMarketRow,
  formatPrice,
  formatQty,
} from "./bitstamp-symbols.ts";

const FUNDING_EVERY_MS = 8 * 3_600_000;
const BOOK_404_HTML = "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>";
const TRANSACTION_WINDOWS_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const OHLC_STEP_LABELS: Record<string, string> = {
  "60": "1m",
  "180": "3m",
  "300": "5m",
  "900": "15m",
  "1800": "30m",
  "3600": "1h",
  "7200": "2h",
  "14400": "4h",
  "21600": "6h",
  "43200": "12h",
  "86400": "1d",
  "259200": "3d",
};

export interface BitstampRestDeps {
  markets: BitstampMarkets;
  /** Recorded `/api/v2/order_book/<market>` bodies by market (recorded mode). */
  recordedBooks: ReadonlyMap<string, string>;
}

const PATH_RE = /^\/api\/v2\/([a-z_-]+)\/(?:([a-z0-9-]+)\/?)?$/i;

export function answerBitstampRest(
  deps: BitstampRestDeps,
  request: SimRestRequest,
  nowMs: number,
): SimRestResponse | undefined {
  const match = PATH_RE.exec(request.path);
  if (!match) return undefined;
  if (request.method !== "GET") return errorOf(405, "405.001", "GET method not allowed.");
  const endpoint = match[1]!.toLowerCase();
  const native = match[2]?.toLowerCase();
  const { markets } = deps;
  const find = () => {
    if (!native) return undefined;
    const instrument = markets.instrument(native.endsWith("-perp") ? "linear" : "spot", native);
    const market = instrument ? markets.marketOf(instrument.account, instrument.market) : undefined;
    return instrument && market ? { instrument, market } : undefined;
  };
  switch (endpoint) {
    case "markets":
    case "trading-pairs-info":
      return native ? undefined : ok(markets.instruments().map(describeMarketRow));
    case "ticker": {
      const found = find();
      // A path naming no known market answers every ticker, as Bitstamp does.
      if (!found) return ok(markets.instruments().flatMap((i) => tickerOf(markets, i, nowMs)));
      return ok(describeTicker(found.instrument, found.market, nowMs));
    }
    case "order_book": {
      const recorded = native ? deps.recordedBooks.get(native) : undefined;
      if (recorded) return ok(recorded);
      const found = find();
      if (!found) return { status: 404, body: BOOK_404_HTML, headers: { "content-type": "text/html" } };
      return ok(describeOrderBook(found.instrument, found.market, markets, nowMs));
    }
    case "transactions": {
      const found = find();
      if (!found) return errorOf(404, "404.003", "Currency pair not found for corresponding request.");
      const windowMs = TRANSACTION_WINDOWS_MS[request.params.get("time") ?? "hour"];
      if (windowMs === undefined) return errorOf(400, "400.001", "Invalid time parameter.");
      const trades = found.market.recentTrades(50_000).filter((trade) => trade.timeMs > nowMs - windowMs);
      return ok(trades.reverse().map((trade) => describeTransaction(found.instrument, trade)));
    }
    case "ohlc":
      return answerOhlc(find(), request.params, nowMs);
    case "funding_rate":
    case "funding_rate_history": {
      const found = find();
      if (found?.instrument.account !== "linear") return { status: 404, body: "" };
      return endpoint === "funding_rate"
        ? ok(describeFundingRate(found.instrument, found.market, nowMs))
        : ok(describeFundingHistory(found.instrument, found.market, request.params, nowMs));
    }
    default:
      return undefined;
  }
}

/** Bitstamp's body for an injected HTTP status: limits carry `response_code` 400.002, failures 500.001. */
export function describeBitstampRestFault(status: number, retryAfterS: number | undefined): SimRestResponse {
  const limited = status === 429 || status === 418;
  const answer = limited
    ? errorOf(status, "400.002", "Request rejected due to exceeded rate limit.")
    : errorOf(
        status,
        status >= 500 ? "500.001" : "400.001",
        status >= 500 ? "Unknown server error." : "Unknown validation error.",
      );
  if (retryAfterS !== undefined) answer.headers = { "retry-after": String(retryAfterS) };
  return answer;
}

function ok(body: unknown): SimRestResponse {
  return { status: 200, body };
}

function errorOf(status: number, code: string, reason: string): SimRestResponse {
  return { status, body: { status: "error", reason, response_code: code } };
}

function tickerOf(markets: BitstampMarkets, instrument: BitstampInstrument, nowMs: number) {
  const market = markets.marketOf(instrument.account, instrument.market);
  return market ? [describeTicker(instrument, market, nowMs)] : [];
}

function describeTicker(instrument: BitstampInstrument, market: SimMarket, nowMs: number) {
  const bar = market.barFor(nowMs - 86_400_000, nowMs + 1, nowMs);
  const price = (ticks: number) => formatPrice(instrument, ticks);
  const last = market.lastPriceTicks();
  const open = bar.openTicks;
  const body: Record<string, unknown> = {
    timestamp: String(Math.floor(nowMs / 1000)),
    open: price(open),
    high: price(Math.max(bar.highTicks, last)),
    low: price(Math.min(bar.lowTicks, last)),
    last: price(last),
    volume: formatQty(instrument, bar.volumeSteps),
    vwap: price(last),
    bid: price(market.book.bestBidTicks() ?? last),
    ask: price(market.book.bestAskTicks() ?? last),
    side: market.lastTrade()?.isBuyerMaker ? "1" : "0",
    open_24: price(open),
    percent_change_24: (((last - open) / open) * 100).toFixed(2),
    market_type: instrument.account === "linear" ? "PERPETUAL" : "SPOT",
  };
  if (instrument.account === "linear") {
    const openInterest = market.openInterest(nowMs);
    Object.assign(body, {
      index_price: String(market.indexPrice(nowMs)),
      mark_price: market.markPrice(nowMs).toFixed(8),
      open_interest: openInterest.toFixed(instrument.qtyDecimals),
      open_interest_value: String(openInterest * market.markPrice(nowMs)),
    });
  }
  // Both the per-market reply and the all-markets list name the market (`BTC/USD-PERP`), as probed.
  return { ...body, pair: instrument.name, market: instrument.name };
}

function describeOrderBook(
  instrument: BitstampInstrument,
  market: SimMarket,
  markets: BitstampMarkets,
  nowMs: number,
) {
  const micros = markets.lastBookMicros(instrument);
  const side = (levels: Array<[number, number]>) =>
    levels.map(([priceTicks, qtySteps]) => [
      formatPrice(instrument, priceTicks),
      formatQty(instrument, qtySteps),
    ]);
  return {
    timestamp: String(Math.floor((micros || nowMs * 1000) / 1_000_000)),
    microtimestamp: String(micros || nowMs * 1000),
    bids: side(market.book.topLevels("bid", market.book.bids.size)),
    asks: side(market.book.topLevels("ask", market.book.asks.size)),
  };
}

function describeTransaction(instrument: BitstampInstrument, trade: SimTrade) {
  return {
    date: String(Math.floor(trade.timeMs / 1000)),
    tid: String(trade.id),
    amount: formatQty(instrument, trade.qtySteps),
    price: formatPrice(instrument, trade.priceTicks),
    // The taker's side: the buyer was the maker, so the taker sold.
    type: trade.isBuyerMaker ? "1" : "0",
  };
}

function answerOhlc(
  found: { instrument: BitstampInstrument; market: SimMarket } | undefined,
  params: URLSearchParams,
  nowMs: number,
): SimRestResponse {
  if (!found) return errorOf(404, "404.003", "Currency pair not found for corresponding request.");
  const step = params.get("step");
  const limitText = params.get("limit");
  if (step === null || limitText === null) return errorOf(400, "400.001", "Missing data for required field.");
  const label = OHLC_STEP_LABELS[step];
  const interval = label ? parseInterval(label) : undefined;
  if (!interval) return errorOf(400, "400.001", "Not a valid choice.");
  const limit = Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    return errorOf(400, "400.001", "Must be between 1 and 1000.");
  const seconds = (name: string) => {
    const value = params.get(name);
    return value === null || !/^\d+$/.test(value) ? undefined : Number(value) * 1000;
  };
  const endMs = seconds("end");
  // "If both start and end timestamps are posted, end timestamp will be used."
  const startMs = endMs === undefined ? seconds("start") : undefined;
  let bars: SimBar[] = found.market.barsOf(interval, { startMs, endMs, limit }, nowMs);
  if (params.get("exclude_current_candle") === "true") bars = bars.filter((bar) => bar.closeMs < nowMs);
  const { instrument } = found;
  return ok({
    data: {
      pair: instrument.name,
      market: instrument.name,
      ohlc: bars.map((bar) => ({
        timestamp: String(Math.floor(bar.openMs / 1000)),
        open: formatPrice(instrument, bar.openTicks),
        high: formatPrice(instrument, bar.highTicks),
        low: formatPrice(instrument, bar.lowTicks),
        close: formatPrice(instrument, bar.closeTicks),
        volume: formatQty(instrument, bar.volumeSteps),
      })),
    },
  });
}

function nextFundingMsOf(nowMs: number): number {
  return (Math.floor(nowMs / FUNDING_EVERY_MS) + 1) * FUNDING_EVERY_MS;
}

export function describeFundingRate(instrument: BitstampInstrument, market: SimMarket, nowMs: number) {
  const nextMs = nextFundingMsOf(nowMs);
  return {
    funding_rate: market.fundingRateAt(nextMs).toFixed(6),
    timestamp: String(Math.floor(nowMs / 1000)),
    market: instrument.name,
    next_funding_time: String(nextMs / 1000),
  };
}

/** Settled rates at 00:00, 08:00 and 16:00 UTC, newest first, at most 30 days back. */
function describeFundingHistory(
  instrument: BitstampInstrument,
  market: SimMarket,
  params: URLSearchParams,
  nowMs: number,
) {
  const limit = Math.min(1000, Math.max(1, Number(params.get("limit") ?? 100) || 100));
  const sinceMs = Math.max(nowMs - 30 * 86_400_000, Number(params.get("since_timestamp") ?? 0) * 1000);
  const untilText = params.get("until_timestamp");
  const untilMs = untilText === null ? nowMs : Number(untilText) * 1000;
  const rows: Array<{ funding_rate: string; timestamp: string }> = [];
  for (
    let t = nextFundingMsOf(untilMs) - FUNDING_EVERY_MS;
    t >= sinceMs && rows.length < limit;
    t -= FUNDING_EVERY_MS
  ) {
    if (t > untilMs) continue;
    rows.push({ funding_rate: market.fundingRateAt(t).toFixed(6), timestamp: String(t / 1000) });
  }
  return { market: instrument.name, funding_rate_history: rows };
}
