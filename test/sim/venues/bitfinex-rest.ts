// Bitfinex public REST v2 for the simulator: configs (pair lists, currency map), tickers, P0 book, trades, candles
// and derivatives status (current and history), in Bitfinex's array shapes and `["error", code, msg]` error bodies.

import type { SimRestRequest, SimRestResponse } from "../types.ts";
import { candleRowOf, derivStatusRowOf, tickerRowOf, tradeRowOf } from "./bitfinex-frames.ts";
import {
  type BitfinexInstrument,
  type BitfinexMarkets,
  bookRowOf,
  CURRENCY_MAP,
  EXTRA_LISTED_PAIRS,
  intervalOfTimeFrame,
} from "./bitfinex-symbols.ts";

const MAX_ROWS = 10_000;
const STATUS_SAMPLE_MS = 60_000;

class BitfinexRestError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status = 500,
  ) {
    super(message);
  }
}

export function answerBitfinexRest(
  markets: BitfinexMarkets,
  request: SimRestRequest,
  nowMs: number,
): SimRestResponse | undefined {
  if (!request.path.startsWith("/v2/")) return undefined;
  if (request.method !== "GET") return { status: 405, body: ["error", 10000, "method: invalid"] };
  try {
    const body = route(markets, decodeURIComponent(request.path), request.params, nowMs);
    return body === undefined ? undefined : { status: 200, body };
  } catch (error) {
    if (error instanceof BitfinexRestError) {
      return { status: error.status, body: ["error", error.code, error.message] };
    }
    throw error;
  }
}

/** Bitfinex's answers to an injected status: 429 is its rate-limit body, the rest a generic error. */
export function describeBitfinexRestFault(status: number, retryAfterS: number | undefined): SimRestResponse {
  const headers: Record<string, string> =
    retryAfterS === undefined ? {} : { "retry-after": String(retryAfterS) };
  if (status === 429) return { status, body: ["error", 11010, "ratelimit: error"], headers };
  return { status, body: ["error", 10020, `simulated failure ${status}`], headers };
}

function route(markets: BitfinexMarkets, path: string, params: URLSearchParams, nowMs: number): unknown {
  if (path.startsWith("/v2/conf/")) return path.slice("/v2/conf/".length).split(",").map(answerConf(markets));
  if (path === "/v2/tickers") return answerTickers(markets, params, nowMs);
  if (path === "/v2/status/deriv") return answerStatus(markets, params, nowMs);
  let match = /^\/v2\/ticker\/([^/]+)$/.exec(path);
  if (match) return tickerRowOf(requireInstrument(markets, match[1]!), nowMs);
  match = /^\/v2\/book\/([^/]+)\/(P[0-4]|R0)$/.exec(path);
  if (match) return answerBook(requireInstrument(markets, match[1]!), match[2]!, params);
  match = /^\/v2\/trades\/([^/]+)\/hist$/.exec(path);
  if (match) return answerTrades(requireInstrument(markets, match[1]!), params);
  match = /^\/v2\/candles\/trade:([^:]+):(.+)\/(hist|last)$/.exec(path);
  if (match) return answerCandles(match[1]!, requireInstrument(markets, match[2]!), match[3]!, params, nowMs);
  match = /^\/v2\/status\/deriv\/([^/]+)\/hist$/.exec(path);
  if (match) return answerStatusHistory(requirePerpetual(markets, match[1]!), params, nowMs);
  return undefined;
}

function requireInstrument(markets: BitfinexMarkets, symbol: string): BitfinexInstrument {
  const instrument = markets.instrument(symbol);
  if (!instrument) throw new BitfinexRestError(10020, "symbol: invalid");
  return instrument;
}

function requirePerpetual(markets: BitfinexMarkets, symbol: string): BitfinexInstrument {
  const instrument = requireInstrument(markets, symbol);
  if (instrument.account !== "linear") throw new BitfinexRestError(10020, "key: invalid");
  return instrument;
}

function limitOf(params: URLSearchParams, fallback: number): number {
  const text = params.get("limit");
  if (text === null) return fallback;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ROWS)
    throw new BitfinexRestError(10020, "limit: invalid");
  return limit;
}

function optionalMs(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null || text === "") return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new BitfinexRestError(10020, `${name}: invalid`);
  return value;
}

/** `sort=1` oldest first; default (-1) newest first. */
function isAscending(params: URLSearchParams): boolean {
  return params.get("sort") === "1";
}

function answerConf(markets: BitfinexMarkets): (key: string) => unknown {
  return (key) => {
    switch (key) {
      case "pub:list:pair:exchange":
        return [...markets.instruments("spot").map((i) => i.pair), ...EXTRA_LISTED_PAIRS.spot].sort();
      case "pub:list:pair:futures":
        return [...markets.instruments("linear").map((i) => i.pair), ...EXTRA_LISTED_PAIRS.linear].sort();
      case "pub:map:currency:sym":
        return CURRENCY_MAP;
      case "pub:list:currency":
        return ["AVAX", "BTC", "ETH", "EUT", "TESTBTC", "TESTUSD", "USD", "UST"];
      default:
        return [];
    }
  };
}

function answerTickers(markets: BitfinexMarkets, params: URLSearchParams, nowMs: number): unknown {
  const wanted = params.get("symbols");
  if (!wanted) throw new BitfinexRestError(10020, "symbols: invalid");
  const all = [...markets.instruments("spot"), ...markets.instruments("linear")];
  const picked = wanted === "ALL" ? all : all.filter((i) => wanted.split(",").includes(i.symbol));
  return picked.map((instrument) => [instrument.symbol, ...tickerRowOf(instrument, nowMs)]);
}

/** Bids best first, then asks best first; `len` 1, 25 or 100 per side. */
function answerBook(instrument: BitfinexInstrument, precision: string, params: URLSearchParams): unknown {
  if (precision !== "P0") throw new BitfinexRestError(10020, "prec: invalid (the simulator serves P0)");
  const len = Number(params.get("len") ?? "25");
  if (![1, 25, 100].includes(len)) throw new BitfinexRestError(10020, "len: invalid");
  const book = instrument.market().book;
  return [
    ...book.topLevels("bid", len).map(([price, qty]) => bookRowOf(instrument, "bid", price, qty)),
    ...book.topLevels("ask", len).map(([price, qty]) => bookRowOf(instrument, "ask", price, qty)),
  ];
}

function answerTrades(instrument: BitfinexInstrument, params: URLSearchParams): unknown {
  const limit = limitOf(params, 125);
  const startMs = optionalMs(params, "start") ?? 0;
  const endMs = optionalMs(params, "end") ?? Number.POSITIVE_INFINITY;
  const market = instrument.market();
  const inRange = market
    .recentTrades(50_000)
    .filter((trade) => trade.timeMs >= startMs && trade.timeMs <= endMs);
  const picked = isAscending(params) ? inRange.slice(0, limit) : inRange.slice(-limit).reverse();
  return picked.map((trade) => tradeRowOf(instrument, trade));
}

function answerCandles(
  timeFrame: string,
  instrument: BitfinexInstrument,
  section: string,
  params: URLSearchParams,
  nowMs: number,
): unknown {
  const interval = intervalOfTimeFrame(timeFrame);
  if (!interval) throw new BitfinexRestError(10020, "time_frame: invalid");
  const market = instrument.market();
  if (section === "last") {
    const openMs = interval.openOf(nowMs);
    return candleRowOf(instrument, market.barFor(openMs, interval.nextOpenOf(openMs), nowMs));
  }
  const limit = limitOf(params, 100);
  const startMs = optionalMs(params, "start");
  const endMs = optionalMs(params, "end");
  const ascending = isAscending(params);
  // Bitfinex fills `limit` from the start when sorting oldest first, from the end otherwise.
  const bars = market.barsOf(
    interval,
    ascending ? { startMs: startMs ?? 0, endMs, limit } : { endMs, limit },
    nowMs,
  );
  const kept = startMs === undefined ? bars : bars.filter((bar) => bar.openMs >= startMs);
  const rows = kept.map((bar) => candleRowOf(instrument, bar));
  return ascending ? rows : rows.reverse();
}

function answerStatus(markets: BitfinexMarkets, params: URLSearchParams, nowMs: number): unknown {
  const keys = params.get("keys");
  if (!keys) throw new BitfinexRestError(10020, "keys: invalid");
  const perpetuals = markets.instruments("linear");
  const picked = keys === "ALL" ? perpetuals : perpetuals.filter((i) => keys.split(",").includes(i.symbol));
  return picked.map((instrument) => [instrument.symbol, ...derivStatusRowOf(instrument, nowMs)]);
}

/** One status sample per minute, newest first by default. */
function answerStatusHistory(
  instrument: BitfinexInstrument,
  params: URLSearchParams,
  nowMs: number,
): unknown {
  const limit = limitOf(params, 100);
  const endMs = Math.min(optionalMs(params, "end") ?? nowMs, nowMs);
  const startMs = optionalMs(params, "start");
  const ascending = isAscending(params);
  const last = Math.floor(endMs / STATUS_SAMPLE_MS) * STATUS_SAMPLE_MS;
  const earliest =
    startMs === undefined
      ? last - (limit - 1) * STATUS_SAMPLE_MS
      : Math.ceil(startMs / STATUS_SAMPLE_MS) * STATUS_SAMPLE_MS;
  // Oldest first fills `limit` from the start, newest first from the end.
  const first = ascending ? earliest : Math.max(earliest, last - (limit - 1) * STATUS_SAMPLE_MS);
  const times: number[] = [];
  for (let t = first; t <= last && times.length < limit; t += STATUS_SAMPLE_MS) times.push(t);
  if (!ascending) times.reverse();
  return times.map((t) => derivStatusRowOf(instrument, t));
}
