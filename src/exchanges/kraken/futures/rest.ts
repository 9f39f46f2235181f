// Kraken Futures public REST (`https://futures.kraken.com`): calls for instruments, tickers (also the open-interest
// source), order book, trade history, chart candles and historical funding, with pure body parsers.

import {
  type Account,
  type BookEvent,
  Dig3Error,
  type FundingRateEvent,
  formatCanonical,
  type KlineEvent,
  type OpenInterestEvent,
  type StreamSpec,
  type TickerEvent,
  type TradeEvent,
} from "../../../core/index.ts";
import type {
  HistoryQuery,
  Instrument,
  KlineQuery,
  ParseContext,
  RestCall,
  TradeQuery,
} from "../../_shared/adapter.ts";
import { recvMsOf } from "../../_shared/event-base.ts";
import { barValuesOf, klineOf, unexpectedShape } from "../../_shared/rest-bodies.ts";
import {
  assignDefined,
  isRecord,
  isTime,
  toLevels,
  toNumber,
  toOptionalNumber,
} from "../../_shared/values.ts";
import { baseOf, parseRfc3339Ms } from "../events.ts";
import { accountOfProduct, fromFuturesNative, toDisplayAsset } from "../symbols.ts";

export const KRAKEN_FUTURES_V3 = "/derivatives/api/v3";
export const KRAKEN_FUTURES_CHARTS = "/api/charts/v1";
export const KRAKEN_FUTURES_FUNDING = "/derivatives/api/v4/historicalfundingrates";

/** Canonical interval → chart resolution (the same spelling) and its length. */
export const KRAKEN_FUTURES_CHART_INTERVAL_MS: Readonly<Record<string, number>> = {
  "1m": 60_000,
  "5m": 300_000,
  "15m": 900_000,
  "30m": 1_800_000,
  "1h": 3_600_000,
  "4h": 14_400_000,
  "12h": 43_200_000,
  "1d": 86_400_000,
  "1w": 604_800_000,
};

/** Chart requests are capped at this many bars when no range is given. */
const DEFAULT_CANDLES = 500;
const MAX_CANDLES = 5000;

const unexpected = (what: string): Dig3Error => unexpectedShape("kraken futures", what);

/** Throws the venue's error body (`{"result":"error","error":"apiLimitExceeded"}`). */
function assertNotError(body: unknown, what: string): asserts body is Record<string, unknown> {
  if (!isRecord(body)) throw unexpected(what);
  if (body.result === "error" || (typeof body.error === "string" && body.result !== "success")) {
    const text = typeof body.error === "string" ? body.error : "error";
    throw new Dig3Error(
      /limit/i.test(text) ? "E_RATE_LIMITED" : "E_VENUE",
      `kraken futures ${what}: ${text}`,
      {
        hint: /symbol|contract|product/i.test(text)
          ? "check the symbol against 'dig3 capabilities kraken'"
          : undefined,
        details: { venueError: text },
      },
    );
  }
}

function stepOfPrecision(precision: unknown): number | undefined {
  const places = toNumber(precision);
  if (!Number.isInteger(places)) return undefined;
  // Negative precision means lots of 10, 100 … contracts.
  return Number((10 ** -places).toPrecision(1));
}

/** Instruments of one account: PF/FF for linear, PI/FI for inverse; indices and other families are left out. */
export function parseFuturesInstruments(body: unknown, account: Account): Instrument[] {
  assertNotError(body, "instruments");
  if (!Array.isArray(body.instruments)) throw unexpected("instruments");
  const instruments: Instrument[] = [];
  for (const row of body.instruments) {
    if (!isRecord(row) || typeof row.symbol !== "string") continue;
    const native = row.symbol.toUpperCase();
    if (accountOfProduct(native) !== account) continue;
    const parts = fromFuturesNative(native);
    if (!parts) continue;
    // Multi-collateral rows name base and quote; inverse rows only the product id.
    if (typeof row.base === "string") parts.base = toDisplayAsset(row.base);
    if (typeof row.quote === "string") parts.quote = toDisplayAsset(row.quote);
    if (account === "linear") parts.settle = parts.quote;
    else parts.settle = parts.base;
    const tradeable = row.tradeable === true;
    const instrument: Instrument = {
      account,
      symbol: formatCanonical(parts),
      native,
      base: parts.base,
      quote: parts.quote,
      settle: parts.settle,
      status: tradeable ? "tradeable" : "not tradeable",
      active: tradeable,
    };
    instruments.push(
      assignDefined(instrument, {
        tickSize: toOptionalNumber(row.tickSize),
        lotSize: stepOfPrecision(row.contractValueTradePrecision),
      }),
    );
  }
  return instruments;
}

function tickerRowOf(body: unknown, native: string, what: string): Record<string, unknown> {
  assertNotError(body, what);
  const rows = Array.isArray(body.tickers) ? body.tickers : isRecord(body.ticker) ? [body.ticker] : undefined;
  if (!rows) throw unexpected(what);
  const row = rows.find(
    (item) => isRecord(item) && typeof item.symbol === "string" && item.symbol.toUpperCase() === native,
  );
  if (!isRecord(row)) {
    throw new Dig3Error("E_UNKNOWN_SYMBOL", `kraken futures ${what}: no ticker for ${native}`, {
      hint: "check the symbol against 'dig3 capabilities kraken'",
    });
  }
  return row;
}

function timeOfTickerBody(body: unknown, row: Record<string, unknown>, context: ParseContext): number {
  const serverMs = isRecord(body) ? parseRfc3339Ms(body.serverTime) : Number.NaN;
  if (isTime(serverMs)) return serverMs;
  const lastMs = parseRfc3339Ms(row.lastTime);
  return isTime(lastMs) ? lastMs : recvMsOf(context);
}

export function parseFuturesTicker(body: unknown, native: string, context: ParseContext): TickerEvent {
  const row = tickerRowOf(body, native, "tickers");
  const event: TickerEvent = {
    kind: "ticker",
    ...baseOf(context, context.symbolOf(native), timeOfTickerBody(body, row, context)),
  };
  const last = toOptionalNumber(row.last);
  const open = toOptionalNumber(row.open24h);
  return assignDefined(event, {
    last,
    bid: toOptionalNumber(row.bid),
    bidSize: toOptionalNumber(row.bidSize),
    ask: toOptionalNumber(row.ask),
    askSize: toOptionalNumber(row.askSize),
    high24h: toOptionalNumber(row.high24h),
    low24h: toOptionalNumber(row.low24h),
    volume24h: toOptionalNumber(row.vol24h),
    quoteVolume24h: toOptionalNumber(row.volumeQuote),
    changePct24h:
      last !== undefined && open !== undefined && open > 0 ? ((last - open) / open) * 100 : undefined,
  });
}

/** Open interest from the tickers body, in contracts (inverse: USD contracts; linear: base units). */
export function parseFuturesOpenInterest(
  body: unknown,
  native: string,
  context: ParseContext,
): OpenInterestEvent {
  const row = tickerRowOf(body, native, "tickers");
  const openInterest = toNumber(row.openInterest);
  if (!Number.isFinite(openInterest)) throw unexpected("tickers");
  return {
    kind: "open_interest",
    ...baseOf(context, context.symbolOf(native), timeOfTickerBody(body, row, context)),
    openInterest,
  };
}

/** The whole REST book: no sequence number, so it can seed a display but not a sequenced book. */
export function parseFuturesOrderbook(body: unknown, native: string, context: ParseContext): BookEvent {
  assertNotError(body, "orderbook");
  const book = body.orderBook;
  if (!isRecord(book) || !Array.isArray(book.bids) || !Array.isArray(book.asks))
    throw unexpected("orderbook");
  const serverMs = parseRfc3339Ms(body.serverTime);
  return {
    kind: "book",
    ...baseOf(context, context.symbolOf(native), isTime(serverMs) ? serverMs : recvMsOf(context)),
    type: "snapshot",
    bids: toLevels(book.bids),
    asks: toLevels(book.asks),
  };
}

/** History (newest first) → trades oldest first; id = `uid` (as on the socket), else `trade_id`. */
export function parseFuturesHistory(body: unknown, native: string, context: ParseContext): TradeEvent[] {
  assertNotError(body, "history");
  if (!Array.isArray(body.history)) throw unexpected("history");
  const symbol = context.symbolOf(native);
  const trades: TradeEvent[] = [];
  for (const row of body.history) {
    if (!isRecord(row)) continue;
    const type = typeof row.type === "string" ? row.type : "fill";
    if (type !== "fill" && type !== "liquidation") continue;
    const price = toNumber(row.price);
    const size = toNumber(row.size);
    const tsMs = parseRfc3339Ms(row.time);
    const side = row.side === "buy" || row.side === "sell" ? row.side : undefined;
    const tradeId =
      typeof row.uid === "string" && row.uid.length > 0
        ? row.uid
        : typeof row.trade_id === "number"
          ? String(row.trade_id)
          : "";
    if (!(price > 0) || !(size > 0) || !isTime(tsMs) || !side || !tradeId) continue;
    trades.push({ kind: "trade", ...baseOf(context, symbol, tsMs), price, size, side, tradeId });
  }
  return trades.reverse();
}

export function parseFuturesCandles(
  body: unknown,
  native: string,
  interval: string,
  context: ParseContext,
  limit?: number,
): KlineEvent[] {
  assertNotError(body, "charts");
  if (!Array.isArray(body.candles)) throw unexpected("charts");
  const intervalMs = KRAKEN_FUTURES_CHART_INTERVAL_MS[interval];
  if (intervalMs === undefined) throw unexpected("charts");
  const klines: KlineEvent[] = [];
  for (const row of body.candles) {
    if (!isRecord(row)) continue;
    const openTimeMs = toNumber(row.time);
    const values = barValuesOf(row.open, row.high, row.low, row.close, row.volume);
    if (!isTime(openTimeMs) || !values) continue;
    klines.push(
      klineOf(context, native, interval, { openTimeMs, closeTimeMs: openTimeMs + intervalMs - 1 }, values),
    );
  }
  klines.sort((a, b) => a.openTimeMs - b.openTimeMs);
  return limit !== undefined && klines.length > limit ? klines.slice(-limit) : klines;
}

/** Hourly funding (oldest first) → settled rates, the relative rate (fraction of price) as `rate`. */
export function parseFuturesFunding(
  body: unknown,
  native: string,
  context: ParseContext,
  query: HistoryQuery = {},
): FundingRateEvent[] {
  assertNotError(body, "historicalfundingrates");
  if (!Array.isArray(body.rates)) throw unexpected("historicalfundingrates");
  const symbol = context.symbolOf(native);
  const events: FundingRateEvent[] = [];
  for (const row of body.rates) {
    if (!isRecord(row)) continue;
    const tsMs = parseRfc3339Ms(row.timestamp);
    const rate = toNumber(row.relativeFundingRate);
    if (!isTime(tsMs) || !Number.isFinite(rate)) continue;
    if (query.startMs !== undefined && tsMs < query.startMs) continue;
    if (query.endMs !== undefined && tsMs > query.endMs) continue;
    events.push({ kind: "funding_rate", ...baseOf(context, symbol, tsMs), rate });
  }
  events.sort((a, b) => a.tsMs - b.tsMs);
  const limit = query.limit;
  if (limit === undefined || events.length <= limit) return events;
  return query.startMs !== undefined ? events.slice(0, limit) : events.slice(-limit);
}

export function futuresInstrumentsCall(account: Account): RestCall<Instrument[]> {
  return {
    account,
    path: `${KRAKEN_FUTURES_V3}/instruments`,
    weight: 1,
    parse: (body) => parseFuturesInstruments(body, account),
  };
}

export function futuresTickerCall(spec: StreamSpec): RestCall<TickerEvent> {
  return {
    account: spec.account,
    path: `${KRAKEN_FUTURES_V3}/tickers`,
    weight: 1,
    parse: (body, context) => parseFuturesTicker(body, spec.native.toUpperCase(), context),
  };
}

export function futuresOpenInterestCall(spec: StreamSpec): RestCall<OpenInterestEvent> {
  return {
    account: spec.account,
    path: `${KRAKEN_FUTURES_V3}/tickers`,
    weight: 1,
    parse: (body, context) => parseFuturesOpenInterest(body, spec.native.toUpperCase(), context),
  };
}

export function futuresBookCall(spec: StreamSpec): RestCall<BookEvent> {
  return {
    account: spec.account,
    path: `${KRAKEN_FUTURES_V3}/orderbook`,
    query: { symbol: spec.native.toUpperCase() },
    weight: 1,
    parse: (body, context) => parseFuturesOrderbook(body, spec.native.toUpperCase(), context),
  };
}

export function futuresTradesCall(spec: StreamSpec, query: TradeQuery): RestCall<TradeEvent[]> {
  return {
    account: spec.account,
    path: `${KRAKEN_FUTURES_V3}/history`,
    query: { symbol: spec.native.toUpperCase() },
    weight: 1,
    parse: (body, context) => {
      const trades = parseFuturesHistory(body, spec.native.toUpperCase(), context);
      const limit = query.limit;
      return limit !== undefined && trades.length > limit ? trades.slice(-limit) : trades;
    },
  };
}

/**
 * Chart candles. `from`/`to` are seconds; with neither, the newest `limit` bars up to now are asked for ("`to` alone
 * returns from genesis", so `from` is always sent).
 */
export function futuresKlinesCall(spec: StreamSpec, query: KlineQuery): RestCall<KlineEvent[]> {
  const intervalMs = KRAKEN_FUTURES_CHART_INTERVAL_MS[query.interval];
  if (intervalMs === undefined) {
    throw new Dig3Error("E_BAD_INTERVAL", `kraken futures has no '${query.interval}' candles`, {
      hint: `intervals: ${Object.keys(KRAKEN_FUTURES_CHART_INTERVAL_MS).join(" ")}`,
    });
  }
  const limit = Math.min(MAX_CANDLES, Math.max(1, Math.floor(query.limit ?? DEFAULT_CANDLES)));
  const toMs = query.endMs ?? (query.startMs !== undefined ? query.startMs + limit * intervalMs : Date.now());
  const fromMs = query.startMs ?? toMs - limit * intervalMs;
  const native = spec.native.toUpperCase();
  return {
    account: spec.account,
    path: `${KRAKEN_FUTURES_CHARTS}/trade/${native}/${query.interval}`,
    query: { from: Math.floor(fromMs / 1000), to: Math.floor(toMs / 1000) },
    weight: 1,
    parse: (body, context) => parseFuturesCandles(body, native, query.interval, context, limit),
  };
}

export function futuresFundingCall(spec: StreamSpec, query: HistoryQuery): RestCall<FundingRateEvent[]> {
  const native = spec.native.toUpperCase();
  if (!native.startsWith("PF_") && !native.startsWith("PI_")) {
    throw new Dig3Error("E_WIRE_ABSENT", `kraken ${native}: fixed-maturity futures have no funding`, {
      hint: "use a perpetual (PF_… or PI_…)",
    });
  }
  return {
    account: spec.account,
    path: KRAKEN_FUTURES_FUNDING,
    query: { symbol: native },
    weight: 1,
    parse: (body, context) => parseFuturesFunding(body, native, context, query),
  };
}
