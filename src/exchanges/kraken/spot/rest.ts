// Kraken spot public REST (`https://api.kraken.com/0/public/…`): calls for instruments, ticker, book, trades and
// OHLC, and their pure body parsers. Pairs go out in Kraken's REST spelling (`XBTUSD`); events carry the v2 native.

import {
  type BookEvent,
  Dig3Error,
  type KlineEvent,
  type StreamSpec,
  type TickerEvent,
  type TradeEvent,
} from "../../../core/index.ts";
import type { Instrument, KlineQuery, ParseContext, RestCall, TradeQuery } from "../../_shared/adapter.ts";
import { recvMsOf } from "../../_shared/event-base.ts";
import { barValuesOf, klineOf, unexpectedShape } from "../../_shared/rest-bodies.ts";
import { assignDefined, isRecord, toId, toLevels, toNumber, toOptionalNumber } from "../../_shared/values.ts";
import { baseOf, secondsToMs } from "../events.ts";
import { fromSpotNative, toRestPair, toSpotNative } from "../symbols.ts";
import { KRAKEN_SPOT_INTERVAL_MINUTES } from "./subscribe.ts";

export const KRAKEN_SPOT_REST_PREFIX = "/0/public/";
/** "Returns up to 720 of the most recent entries" (OHLC). */
const OHLC_MAX_ROWS = 720;
const DEPTH_MAX = 500;
const TRADES_MAX = 1000;

const RATE_LIMIT_RE = /rate limit|too many requests|EAPI:Rate/i;

/** Throws the venue's own error when the body lists one (`{"error":["EQuery:Unknown asset pair"]}`). */
function resultOf(body: unknown, what: string): Record<string, unknown> {
  if (!isRecord(body)) throw unexpected(what);
  const errors = Array.isArray(body.error)
    ? body.error.filter((e): e is string => typeof e === "string")
    : [];
  if (errors.length > 0) {
    const message = errors.join("; ");
    throw new Dig3Error(
      RATE_LIMIT_RE.test(message) ? "E_RATE_LIMITED" : "E_VENUE",
      `kraken ${what}: ${message}`,
      {
        hint: /Unknown asset pair/i.test(message)
          ? "check the symbol with 'dig3 capabilities kraken' or the instrument list"
          : undefined,
        details: { venueErrors: errors },
      },
    );
  }
  if (!isRecord(body.result)) throw unexpected(what);
  return body.result;
}

const unexpected = (what: string): Dig3Error => unexpectedShape("kraken", what);

/** The one pair entry of a per-pair result (keyed `XXBTZUSD`, next to a `last` cursor). */
function pairEntryOf(result: Record<string, unknown>, what: string): unknown {
  const key = Object.keys(result).find((name) => name !== "last");
  if (key === undefined) throw unexpected(what);
  return result[key];
}

function decimalsToStep(decimals: unknown): number | undefined {
  const places = toNumber(decimals);
  return Number.isInteger(places) && places >= 0 && places <= 18
    ? Number((10 ** -places).toPrecision(1))
    : undefined;
}

/** AssetPairs → instruments keyed by their WebSocket v2 name; pairs without a `wsname` (dark pools) are left out. */
export function parseSpotInstruments(body: unknown): Instrument[] {
  const result = resultOf(body, "AssetPairs");
  const instruments: Instrument[] = [];
  for (const row of Object.values(result)) {
    if (!isRecord(row) || typeof row.wsname !== "string") continue;
    const parts = fromSpotNative(row.wsname);
    if (!parts) continue;
    const native = toSpotNative(parts);
    const status = typeof row.status === "string" ? row.status : "";
    const instrument: Instrument = {
      account: "spot",
      symbol: native,
      native,
      base: parts.base,
      quote: parts.quote,
      status,
      active: status === "online",
    };
    assignDefined(instrument, {
      tickSize: toOptionalNumber(row.tick_size) ?? decimalsToStep(row.pair_decimals),
      lotSize: decimalsToStep(row.lot_decimals),
    });
    instruments.push(instrument);
  }
  return instruments;
}

/** Ticker → TickerEvent at the receive time (the body has no time); 24 h values are the second of each pair. */
export function parseSpotTicker(body: unknown, native: string, context: ParseContext): TickerEvent {
  const row = pairEntryOf(resultOf(body, "Ticker"), "Ticker");
  if (!isRecord(row) || !Array.isArray(row.c)) throw unexpected("Ticker");
  const last = toNumber(row.c[0]);
  if (!Number.isFinite(last)) throw unexpected("Ticker");
  const second = (value: unknown) => (Array.isArray(value) ? toOptionalNumber(value[1]) : undefined);
  const first = (value: unknown, at = 0) => (Array.isArray(value) ? toOptionalNumber(value[at]) : undefined);
  const volume = second(row.v);
  const vwap = second(row.p);
  const event: TickerEvent = {
    kind: "ticker",
    ...baseOf(context, context.symbolOf(native), recvMsOf(context)),
    last,
  };
  return assignDefined(event, {
    bid: first(row.b),
    bidSize: first(row.b, 2),
    ask: first(row.a),
    askSize: first(row.a, 2),
    high24h: second(row.h),
    low24h: second(row.l),
    volume24h: volume,
    quoteVolume24h: volume !== undefined && vwap !== undefined ? volume * vwap : undefined,
  });
}

/** Depth → snapshot BookEvent (no update id: Kraken's REST book has none) at the newest level time. */
export function parseSpotDepth(body: unknown, native: string, context: ParseContext): BookEvent {
  const row = pairEntryOf(resultOf(body, "Depth"), "Depth");
  if (!isRecord(row) || !Array.isArray(row.bids) || !Array.isArray(row.asks)) throw unexpected("Depth");
  return {
    kind: "book",
    ...baseOf(context, context.symbolOf(native), recvMsOf(context)),
    type: "snapshot",
    bids: toLevels(row.bids),
    asks: toLevels(row.asks),
  };
}

/** Trades rows (oldest first) → TradeEvents; rows without a trade id are skipped (no invented ids). */
export function parseSpotTrades(body: unknown, native: string, context: ParseContext): TradeEvent[] {
  const rows = pairEntryOf(resultOf(body, "Trades"), "Trades");
  if (!Array.isArray(rows)) throw unexpected("Trades");
  const symbol = context.symbolOf(native);
  const trades: TradeEvent[] = [];
  for (const row of rows) {
    if (!Array.isArray(row) || row.length < 7) continue;
    const price = toNumber(row[0]);
    const size = toNumber(row[1]);
    const tsMs = secondsToMs(row[2]);
    const side = row[3] === "b" ? "buy" : row[3] === "s" ? "sell" : undefined;
    const tradeId = toId(row[6]);
    if (!(price > 0) || !(size > 0) || !Number.isFinite(tsMs) || !side || !tradeId) continue;
    trades.push({ kind: "trade", ...baseOf(context, symbol, tsMs), price, size, side, tradeId });
  }
  return trades;
}

/** OHLC rows → klines; the last row is the bar still open (not closed). */
export function parseSpotOhlc(
  body: unknown,
  native: string,
  interval: string,
  context: ParseContext,
  query: { limit?: number; startMs?: number; endMs?: number } = {},
): KlineEvent[] {
  const rows = pairEntryOf(resultOf(body, "OHLC"), "OHLC");
  if (!Array.isArray(rows)) throw unexpected("OHLC");
  const minutes = KRAKEN_SPOT_INTERVAL_MINUTES[interval];
  if (minutes === undefined) throw unexpected("OHLC");
  const recvMs = recvMsOf(context);
  const klines: KlineEvent[] = [];
  rows.forEach((row, index) => {
    if (!Array.isArray(row) || row.length < 8) return;
    const openTimeMs = secondsToMs(row[0]);
    const values = barValuesOf(row[1], row[2], row[3], row[4], row[6]);
    if (!Number.isFinite(openTimeMs) || !values) return;
    if (query.startMs !== undefined && openTimeMs < query.startMs) return;
    if (query.endMs !== undefined && openTimeMs > query.endMs) return;
    const closeTimeMs = openTimeMs + minutes * 60_000 - 1;
    // The last row is the bar in progress, whatever its times say.
    const closed = index < rows.length - 1 && closeTimeMs < recvMs;
    const kline = klineOf(context, native, interval, { openTimeMs, closeTimeMs, closed }, values);
    const vwap = toOptionalNumber(row[5]);
    klines.push(
      assignDefined(kline, {
        quoteVolume: vwap === undefined ? undefined : values.volume * vwap,
        trades: toOptionalNumber(row[7]),
      }),
    );
  });
  if (query.limit === undefined || klines.length <= query.limit) return klines;
  // From a start time the first `limit` bars, otherwise the newest `limit`, as Binance-style callers expect.
  return query.startMs !== undefined ? klines.slice(0, query.limit) : klines.slice(-query.limit);
}

function clampLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(max, Math.max(1, Math.floor(limit)));
}

export function spotInstrumentsCall(): RestCall<Instrument[]> {
  return {
    account: "spot",
    path: `${KRAKEN_SPOT_REST_PREFIX}AssetPairs`,
    weight: 1,
    parse: parseSpotInstruments,
  };
}

export function spotTickerCall(spec: StreamSpec): RestCall<TickerEvent> {
  return {
    account: "spot",
    path: `${KRAKEN_SPOT_REST_PREFIX}Ticker`,
    query: { pair: toRestPair(spec.native) },
    weight: 1,
    parse: (body, context) => parseSpotTicker(body, spec.native, context),
  };
}

export function spotBookCall(spec: StreamSpec, depth: number): RestCall<BookEvent> {
  return {
    account: "spot",
    path: `${KRAKEN_SPOT_REST_PREFIX}Depth`,
    query: { pair: toRestPair(spec.native), count: clampLimit(depth, 100, DEPTH_MAX) },
    weight: 1,
    parse: (body, context) => parseSpotDepth(body, spec.native, context),
  };
}

export function spotTradesCall(spec: StreamSpec, query: TradeQuery): RestCall<TradeEvent[]> {
  return {
    account: "spot",
    path: `${KRAKEN_SPOT_REST_PREFIX}Trades`,
    query: { pair: toRestPair(spec.native), count: clampLimit(query.limit, 1000, TRADES_MAX) },
    weight: 1,
    parse: (body, context) => parseSpotTrades(body, spec.native, context),
  };
}

export function spotKlinesCall(spec: StreamSpec, query: KlineQuery): RestCall<KlineEvent[]> {
  const minutes = KRAKEN_SPOT_INTERVAL_MINUTES[query.interval];
  if (minutes === undefined) {
    throw new Dig3Error("E_BAD_INTERVAL", `kraken spot has no '${query.interval}' klines`, {
      hint: `intervals: ${Object.keys(KRAKEN_SPOT_INTERVAL_MINUTES).join(" ")}`,
    });
  }
  const limit = clampLimit(query.limit, OHLC_MAX_ROWS, OHLC_MAX_ROWS);
  // `since` is exclusive and in seconds; Kraken answers at most the newest 720 bars whatever it says.
  const since = query.startMs !== undefined ? Math.floor(query.startMs / 1000) - 1 : undefined;
  return {
    account: "spot",
    path: `${KRAKEN_SPOT_REST_PREFIX}OHLC`,
    query: { pair: toRestPair(spec.native), interval: minutes, since },
    weight: 1,
    parse: (body, context) =>
      parseSpotOhlc(body, spec.native, query.interval, context, {
        limit,
        startMs: query.startMs,
        endMs: query.endMs,
      }),
  };
}
