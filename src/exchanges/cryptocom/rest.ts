// Crypto.com Exchange public REST (`GET https://api.crypto.com/exchange/v1/public/<method>`): instruments per market,
// ticker, book, recent trades, candlesticks, funding history (get-valuations) and open interest (the ticker's `oi`).
// Parsers are pure; an error answer or an unusable shape throws a Dig3Error.

import {
  type Account,
  type BookEvent,
  Dig3Error,
  type FundingRateEvent,
  formatCanonical,
  INTERVAL_MS,
  type KlineEvent,
  type OpenInterestEvent,
  type StreamSpec,
  type SymbolParts,
  type TickerEvent,
  type TradeEvent,
} from "../../core/index.ts";
import type {
  ExchangeRest,
  HistoryQuery,
  Instrument,
  KlineQuery,
  ParseContext,
  RecognizedRest,
  RestCall,
  TradeQuery,
  WsOptions,
} from "../_shared/adapter.ts";
import { recvMsOf } from "../_shared/event-base.ts";
import { unexpectedShape } from "../_shared/rest-bodies.ts";
import { assignDefined, isRecord, toNumber, toOptionalNumber } from "../_shared/values.ts";
import { barEndOf, fundingOf, klineOf, openInterestOf, tickerOf, toBookLevels, tradesOf } from "./parse.ts";
import { placeOf } from "./events.ts";
import { CRYPTOCOM_TIMEFRAMES } from "./subscribe.ts";
import { describeCryptocomNative, readCryptocomName } from "./symbols.ts";

const BASE_URL = {
  live: "https://api.crypto.com/exchange/v1",
  testnet: "https://uat-api.3ona.co/exchange/v1",
};

/** "For public market data calls, rate limits are per API method, per IP address: All — 100 requests per second each." */
export const CRYPTOCOM_REST_PER_SECOND = 100;

/** `public/get-book`: "Number of bids and asks to return (up to 50)". */
const MAX_BOOK_DEPTH = 50;
/** `public/get-trades`: "count … Default: 25. Max: 150". */
const MAX_TRADES = 150;
/** `public/get-candlestick`: "count … Default 25"; the page states no maximum, 300 is assumed (unverified). */
const MAX_CANDLES = 300;
/** `public/get-valuations`: "count … Default is 25"; no maximum stated, hourly funding for 30 days is 720 rows. */
const MAX_VALUATIONS = 720;

const HOUR_MS = 3_600_000;

/** `inst_type` → dig3 account; option-like `WARRANT`s and anything else are not listed. */
const ACCOUNT_OF_INST_TYPE: Readonly<Record<string, Account>> = {
  CCY_PAIR: "spot",
  PERPETUAL_SWAP: "linear",
  FUTURE: "linear",
};

export function cryptocomRestBaseUrl(_account: Account, options: WsOptions): string {
  return options.testnet ? BASE_URL.testnet : BASE_URL.live;
}

function pathOf(method: string): string {
  return `/public/${method}`;
}

// ── parsing helpers ────────────────────────────────────────────────────────────────────────────────────────────

/** The `result` of an answer; throws the venue's own error when `code` is not 0. */
function resultOf(body: unknown, what: string): Record<string, unknown> {
  if (!isRecord(body)) throw unexpected(what);
  const code = body.code === undefined ? 0 : toNumber(body.code);
  if (code !== 0) {
    const message = typeof body.message === "string" ? body.message : "request failed";
    throw new Dig3Error(
      "E_VENUE",
      `crypto.com ${what}: ${message}${Number.isFinite(code) ? ` (code ${code})` : ""}`,
      {
        hint:
          code === 40003 || code === 40004 || code === 209
            ? "check the instrument name with 'dig3 capabilities cryptocom' or the instrument list"
            : undefined,
        details: { venueCode: code },
      },
    );
  }
  if (!isRecord(body.result)) throw unexpected(what);
  return body.result;
}

function dataOf(body: unknown, what: string): Record<string, unknown>[] {
  const result = resultOf(body, what);
  if (!Array.isArray(result.data)) throw unexpected(what);
  return result.data.filter(isRecord);
}

const unexpected = (what: string): Dig3Error => unexpectedShape("crypto.com", what);

/** YYMMDD (UTC) of an expiry timestamp. */
function yymmddOf(tsMs: number): string {
  const date = new Date(tsMs);
  const two = (value: number) => String(value).padStart(2, "0");
  return `${two(date.getUTCFullYear() % 100)}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}`;
}

// ── parsers ────────────────────────────────────────────────────────────────────────────────────────────────────

/** get-instruments → the instruments of one market. Derivatives settle in their quote (USD). */
export function parseInstruments(body: unknown, account: Account): Instrument[] {
  const instruments: Instrument[] = [];
  for (const row of dataOf(body, "get-instruments")) {
    const native = typeof row.symbol === "string" ? row.symbol : "";
    const type = typeof row.inst_type === "string" ? row.inst_type : "";
    if (!native || ACCOUNT_OF_INST_TYPE[type] !== account) continue;
    const base = typeof row.base_ccy === "string" ? row.base_ccy.toUpperCase() : "";
    const quote = typeof row.quote_ccy === "string" ? row.quote_ccy.toUpperCase() : "";
    if (!base || !quote) continue;
    const parts: SymbolParts = { base, quote };
    if (account === "linear") {
      parts.settle = quote;
      if (type === "FUTURE") {
        const expiryMs = toNumber(row.expiry_timestamp_ms);
        const expiry = readCryptocomName(native)?.expiry ?? (expiryMs > 0 ? yymmddOf(expiryMs) : undefined);
        if (!expiry) continue;
        parts.expiry = expiry;
      }
    }
    const tradable = row.tradable === true;
    const instrument: Instrument = {
      account,
      symbol: formatCanonical(parts),
      native,
      base,
      quote,
      status: tradable ? "tradable" : "not tradable",
      active: tradable,
    };
    instruments.push(
      assignDefined(instrument, {
        settle: parts.settle,
        tickSize: toOptionalNumber(row.price_tick_size),
        lotSize: toOptionalNumber(row.qty_tick_size),
      }),
    );
  }
  return instruments;
}

function tickerRowOf(body: unknown, native: string): Record<string, unknown> {
  const rows = dataOf(body, "get-tickers");
  const row = rows.find((candidate) => candidate.i === native) ?? (rows.length === 1 ? rows[0] : undefined);
  if (!row) throw unexpected("get-tickers");
  return row;
}

export function parseTicker(body: unknown, native: string, context: ParseContext): TickerEvent {
  const ticker = tickerOf(tickerRowOf(body, native), context, native);
  if (!ticker) throw unexpected("get-tickers");
  return ticker;
}

/** get-tickers → the derivative's open interest (`oi`), valued at the last trade. */
export function parseOpenInterest(body: unknown, native: string, context: ParseContext): OpenInterestEvent {
  const row = tickerRowOf(body, native);
  const ticker = tickerOf(row, context, native);
  const openInterest = ticker ? openInterestOf(row, ticker) : undefined;
  if (!openInterest) throw unexpected("get-tickers (open interest)");
  return openInterest;
}

/** get-book → a snapshot. It has no sequence number: a one-shot view, not a seed for the socket's chain. */
export function parseBook(body: unknown, native: string, context: ParseContext): BookEvent {
  const result = resultOf(body, "get-book");
  const item = Array.isArray(result.data) && isRecord(result.data[0]) ? result.data[0] : undefined;
  const bids = item ? toBookLevels(item.bids) : undefined;
  const asks = item ? toBookLevels(item.asks) : undefined;
  if (!item || !bids || !asks) throw unexpected("get-book");
  const rowNative = typeof result.instrument_name === "string" ? result.instrument_name : native;
  const { account, symbol } = placeOf(rowNative, context);
  const tsMs = toNumber(item.t);
  return {
    kind: "book",
    exchange: context.exchange,
    account,
    symbol,
    tsMs: tsMs > 0 ? tsMs : recvMsOf(context),
    recvTsUs: context.recvTsUs,
    type: "snapshot",
    bids,
    asks,
  };
}

/** get-trades → trades, oldest first (the venue lists newest first). */
export function parseTrades(body: unknown, native: string, context: ParseContext): TradeEvent[] {
  const trades = tradesOf(dataOf(body, "get-trades"), context, native);
  if (!trades) throw unexpected("get-trades");
  return trades;
}

/**
 * get-candlestick → klines, oldest first. A bar is closed once its end is before the receive time, which keeps the
 * parser pure; `tsMs` is when its values hold (the end, or the receive time for the bar in progress).
 */
export function parseCandlesticks(
  body: unknown,
  native: string,
  interval: string,
  context: ParseContext,
): KlineEvent[] {
  const recvMs = recvMsOf(context);
  const byOpen = new Map<number, KlineEvent>();
  for (const row of dataOf(body, "get-candlestick")) {
    const openTimeMs = toNumber(row.t);
    const endMs = barEndOf(openTimeMs, interval);
    const closed = endMs <= recvMs;
    const kline = klineOf(row, native, interval, closed ? endMs - 1 : recvMs, context);
    if (!kline) continue;
    kline.closed = closed;
    byOpen.set(kline.openTimeMs, kline);
  }
  return [...byOpen.values()].sort((a, b) => a.openTimeMs - b.openTimeMs);
}

/** get-valuations (`funding_hist`) → the hourly rates settled, oldest first; `tsMs` is the settlement hour. */
export function parseFundingHistory(
  body: unknown,
  native: string,
  context: ParseContext,
): FundingRateEvent[] {
  const events: FundingRateEvent[] = [];
  for (const row of dataOf(body, "get-valuations")) {
    const event = fundingOf(row, native, context);
    if (!event) continue;
    // A settled row has no next funding time of its own to report.
    const { nextFundingTsMs: _next, ...settled } = event;
    events.push(settled);
  }
  return events.sort((a, b) => a.tsMs - b.tsMs);
}

// ── calls ──────────────────────────────────────────────────────────────────────────────────────────────────────

function clampLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(max, Math.max(1, Math.floor(limit)));
}

function assertDerivative(spec: StreamSpec, what: string): void {
  const name = readCryptocomName(spec.native);
  if (spec.account !== "linear" || !name || (name.kind !== "perpetual" && name.kind !== "future")) {
    throw new Dig3Error("E_WIRE_ABSENT", `crypto.com ${spec.native}: spot pairs have no ${what}`, {
      hint: "use --account linear with a perpetual, e.g. BTCUSD-PERP (BTC/USD:USD)",
    });
  }
}

function assertPerpetual(spec: StreamSpec): void {
  if (readCryptocomName(spec.native)?.kind !== "perpetual") {
    throw new Dig3Error("E_WIRE_ABSENT", `crypto.com ${spec.native}: only perpetuals have funding`, {
      hint: "ask for a perpetual, e.g. BTCUSD-PERP (BTC/USD:USD)",
    });
  }
}

/** [start, end] of a history window: the query's bounds, else `count` steps before the end (now by default). */
function windowOf(query: { startMs?: number; endMs?: number }, count: number, stepMs: number) {
  if (query.startMs !== undefined && query.endMs === undefined) {
    return { startMs: query.startMs, endMs: query.startMs + count * stepMs };
  }
  const endMs = query.endMs ?? Date.now();
  return { startMs: query.startMs ?? endMs - count * stepMs, endMs };
}

const RECOGNIZED_METHODS: Readonly<Record<string, RecognizedRest["call"]>> = {
  "get-instruments": "instruments",
  "get-tickers": "ticker",
  "get-book": "book",
  "get-trades": "trades",
  "get-candlestick": "klines",
  "get-valuations": "fundingHistory",
};

/**
 * Which call a recorded URL was; the market comes from the instrument name. A get-tickers call serves both the
 * ticker and open interest and is read as the ticker; get-valuations is the funding history only for `funding_hist`.
 */
export function recognizeCryptocomUrl(url: URL): RecognizedRest | undefined {
  const match = /\/public\/([a-z-]+)$/.exec(url.pathname);
  const call = match ? RECOGNIZED_METHODS[match[1]!] : undefined;
  if (!call) return undefined;
  const native = url.searchParams.get("instrument_name") ?? "";
  if (call === "fundingHistory" && url.searchParams.get("valuation_type") !== "funding_hist")
    return undefined;
  return { call, account: describeCryptocomNative(native)?.account ?? "spot", native };
}

export const cryptocomRest: ExchangeRest = {
  baseUrl: cryptocomRestBaseUrl,
  rateLimit: { weight: CRYPTOCOM_REST_PER_SECOND, perMs: 1_000 },

  instruments(account): RestCall<Instrument[]> {
    return {
      account,
      path: pathOf("get-instruments"),
      weight: 1,
      parse: (body) => parseInstruments(body, account),
    };
  },

  ticker(spec): RestCall<TickerEvent> {
    return {
      account: spec.account,
      path: pathOf("get-tickers"),
      query: { instrument_name: spec.native },
      weight: 1,
      parse: (body, context) => parseTicker(body, spec.native, context),
    };
  },

  book(spec, depth): RestCall<BookEvent> {
    return {
      account: spec.account,
      path: pathOf("get-book"),
      query: { instrument_name: spec.native, depth: clampLimit(depth, MAX_BOOK_DEPTH, MAX_BOOK_DEPTH) },
      weight: 1,
      parse: (body, context) => parseBook(body, spec.native, context),
    };
  },

  trades(spec, query: TradeQuery): RestCall<TradeEvent[]> {
    return {
      account: spec.account,
      path: pathOf("get-trades"),
      query: { instrument_name: spec.native, count: clampLimit(query.limit, 100, MAX_TRADES) },
      weight: 1,
      parse: (body, context) => parseTrades(body, spec.native, context),
    };
  },

  klines(spec, query: KlineQuery): RestCall<KlineEvent[]> {
    const timeframe = CRYPTOCOM_TIMEFRAMES[query.interval];
    if (!timeframe) {
      throw new Dig3Error("E_BAD_INTERVAL", `crypto.com has no '${query.interval}' candlesticks`, {
        hint: `intervals: ${Object.keys(CRYPTOCOM_TIMEFRAMES).join(" ")}`,
      });
    }
    const limit = clampLimit(query.limit, MAX_CANDLES, MAX_CANDLES);
    const { startMs, endMs } = windowOf(query, limit, INTERVAL_MS[query.interval] ?? 60_000);
    return {
      account: spec.account,
      path: pathOf("get-candlestick"),
      query: { instrument_name: spec.native, timeframe, count: limit, start_ts: startMs, end_ts: endMs },
      weight: 1,
      parse: (body, context) => {
        const klines = parseCandlesticks(body, spec.native, query.interval, context);
        return query.startMs === undefined ? klines.slice(-limit) : klines.slice(0, limit);
      },
    };
  },

  fundingHistory(spec, query: HistoryQuery): RestCall<FundingRateEvent[]> {
    assertDerivative(spec, "funding");
    assertPerpetual(spec);
    const limit = clampLimit(query.limit, 100, MAX_VALUATIONS);
    const { startMs, endMs } = windowOf(query, limit, HOUR_MS);
    return {
      account: spec.account,
      path: pathOf("get-valuations"),
      query: {
        instrument_name: spec.native,
        valuation_type: "funding_hist",
        count: limit,
        start_ts: startMs,
        end_ts: endMs,
      },
      weight: 1,
      parse: (body, context) => {
        const events = parseFundingHistory(body, spec.native, context);
        return query.startMs === undefined ? events.slice(-limit) : events.slice(0, limit);
      },
    };
  },

  openInterest(spec): RestCall<OpenInterestEvent> {
    assertDerivative(spec, "open interest");
    return {
      account: spec.account,
      path: pathOf("get-tickers"),
      query: { instrument_name: spec.native },
      weight: 1,
      parse: (body, context) => parseOpenInterest(body, spec.native, context),
    };
  },

  recognize: recognizeCryptocomUrl,
};
