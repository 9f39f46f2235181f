// Bybit v5 public REST: one host, every category through `category=spot|linear|inverse|option` on /v5/market/*; the
// call builders and their body parsers. Parsers are pure; an error body (`retCode` ≠ 0) or a bad shape throws.

import {
  type Account,
  type BookEvent,
  Dig3Error,
  type FundingRateEvent,
  formatCanonical,
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
import { nextOpenOf } from "../_shared/bar-times.ts";
import { eventBaseOf, recvMsOf } from "../_shared/event-base.ts";
import { barValuesOf, klineOf, unexpectedShape } from "../_shared/rest-bodies.ts";
import { assignDefined, isRecord, toId, toLevels, toNumber, toOptionalNumber } from "../_shared/values.ts";
import { parseBybitFrame } from "./parse.ts";
import { BYBIT_KLINE_INTERVALS } from "./subscribe.ts";
import { fromBybitNative } from "./symbols.ts";

export const BYBIT_REST_URL = {
  live: "https://api.bybit.com",
  testnet: "https://api-testnet.bybit.com",
} as const;

/** Per-side depth limits of GET /v5/market/orderbook. */
const BOOK_LIMITS: Readonly<Record<Account, number>> = { spot: 200, linear: 500, inverse: 500, option: 25 };
/** Row limits of GET /v5/market/recent-trade ("spot: [1,60], others: [1,1000]"). */
const TRADE_LIMITS: Readonly<Record<Account, number>> = {
  spot: 60,
  linear: 1000,
  inverse: 1000,
  option: 1000,
};
const KLINE_LIMIT = 1000;
const FUNDING_LIMIT = 200;
/** The shortest funding interval Bybit uses (1 h), for windows that must hold at most `limit` funding times. */
const MIN_FUNDING_INTERVAL_MS = 3_600_000;

export function bybitRestBaseUrl(_account: Account, options: WsOptions): string {
  return options.testnet ? BYBIT_REST_URL.testnet : BYBIT_REST_URL.live;
}

// ── parsing helpers ────────────────────────────────────────────────────────────────────────────────────────────

/** The `result` of a /v5 envelope; throws the venue's own error when `retCode` is not 0. */
function resultOf(body: unknown, what: string): Record<string, unknown> {
  if (!isRecord(body)) throw unexpected(what);
  const code = toNumber(body.retCode);
  if (code !== 0) {
    const text = typeof body.retMsg === "string" ? body.retMsg : "request failed";
    throw new Dig3Error(
      code === 10006 ? "E_RATE_LIMITED" : "E_VENUE",
      `bybit ${what}: ${text} (retCode ${body.retCode})`,
      {
        hint: /symbol/i.test(text) ? "check the symbol and --account with the instrument list" : undefined,
        details: { venueCode: body.retCode },
      },
    );
  }
  if (!isRecord(body.result)) throw unexpected(what);
  return body.result;
}

function listOf(body: unknown, what: string): unknown[] {
  const result = resultOf(body, what);
  if (!Array.isArray(result.list)) throw unexpected(what);
  return result.list;
}

const unexpected = (what: string): Dig3Error => unexpectedShape("bybit", what);

function timeOf(body: unknown, context: ParseContext): number {
  const time = isRecord(body) ? toNumber(body.time) : Number.NaN;
  return time > 0 ? time : recvMsOf(context);
}

// ── parsers ────────────────────────────────────────────────────────────────────────────────────────────────────

/** `YYMMDD` (UTC) of a dated contract's delivery time, ms as text; undefined for perpetuals ("0"). */
function expiryOfDelivery(deliveryTime: unknown): string | undefined {
  const ms = toNumber(deliveryTime);
  if (!(ms > 0)) return undefined;
  return new Date(ms).toISOString().slice(2, 10).replaceAll("-", "");
}

/** instruments-info → instruments. Bybit lists tradable symbols only (unless asked by status), so most are active. */
export function parseInstruments(body: unknown, account: Account): Instrument[] {
  const instruments: Instrument[] = [];
  for (const row of listOf(body, "instruments-info")) {
    if (!isRecord(row) || typeof row.symbol !== "string") continue;
    const base = typeof row.baseCoin === "string" ? row.baseCoin.toUpperCase() : "";
    const quote = typeof row.quoteCoin === "string" ? row.quoteCoin.toUpperCase() : "";
    if (!base || !quote) continue;
    // Expiry (and an option's strike and type) come from the name; the coins from the row.
    const named = fromBybitNative(row.symbol, account);
    const parts: SymbolParts = { base, quote };
    if (account !== "spot") {
      const settle = typeof row.settleCoin === "string" && row.settleCoin ? row.settleCoin.toUpperCase() : "";
      parts.settle = settle || (account === "inverse" ? base : quote);
      if (named?.expiry)
        parts.expiry =
          account === "option" ? named.expiry : (expiryOfDelivery(row.deliveryTime) ?? named.expiry);
    }
    const status = typeof row.status === "string" ? row.status : "";
    const priceFilter = isRecord(row.priceFilter) ? row.priceFilter : {};
    const lotFilter = isRecord(row.lotSizeFilter) ? row.lotSizeFilter : {};
    const instrument: Instrument = {
      account,
      symbol: formatCanonical(parts),
      native: row.symbol,
      base,
      quote,
      status,
      active: status === "Trading",
    };
    assignDefined(instrument, {
      settle: parts.settle,
      tickSize: toOptionalNumber(priceFilter.tickSize),
      // Spot states its quantity step as `basePrecision`, contracts as `qtyStep`.
      lotSize: toOptionalNumber(lotFilter.qtyStep ?? lotFilter.basePrecision),
    });
    instruments.push(instrument);
  }
  return instruments;
}

/** tickers → one TickerEvent, read through the socket's ticker parser (the REST row is a full snapshot). */
export function parseTickerRest(body: unknown, native: string, context: ParseContext): TickerEvent {
  const list = listOf(body, "tickers");
  const row = list.find((item) => isRecord(item) && item.symbol === native) ?? list[0];
  if (!isRecord(row) || typeof row.symbol !== "string") throw unexpected("tickers");
  const frame = JSON.stringify({
    topic: `tickers.${row.symbol}`,
    type: "snapshot",
    ts: timeOf(body, context),
    data: row,
  });
  // A fresh session: REST rows are complete, nothing to merge with.
  const parsed = parseBybitFrame(frame, { ...context, session: new Map() });
  const ticker =
    parsed.kind === "events" ? parsed.events.find((event) => event.kind === "ticker") : undefined;
  if (ticker?.kind !== "ticker") throw unexpected("tickers");
  return ticker;
}

/** orderbook → BookEvent `snapshot` with seq = u. */
export function parseOrderbookRest(body: unknown, native: string, context: ParseContext): BookEvent {
  const result = resultOf(body, "orderbook");
  if (!Array.isArray(result.b) || !Array.isArray(result.a)) throw unexpected("orderbook");
  const seq = toNumber(result.u);
  if (!Number.isFinite(seq)) throw unexpected("orderbook");
  const matchTimeMs = toNumber(result.cts);
  const systemTimeMs = toNumber(result.ts);
  const tsMs = matchTimeMs > 0 ? matchTimeMs : systemTimeMs > 0 ? systemTimeMs : timeOf(body, context);
  const rowNative = typeof result.s === "string" && result.s ? result.s : native;
  return {
    kind: "book",
    ...eventBaseOf(context, rowNative, tsMs),
    type: "snapshot",
    bids: toLevels(result.b),
    asks: toLevels(result.a),
    seq,
  };
}

/** recent-trade (newest first) → trades oldest first. */
export function parseRecentTrades(body: unknown, native: string, context: ParseContext): TradeEvent[] {
  const trades: TradeEvent[] = [];
  for (const row of listOf(body, "recent-trade")) {
    if (!isRecord(row)) continue;
    const price = toNumber(row.price);
    const size = toNumber(row.size);
    const tsMs = toNumber(row.time);
    const tradeId = toId(row.execId);
    const side = row.side === "Buy" ? "buy" : row.side === "Sell" ? "sell" : undefined;
    if (!(price > 0) || !(size > 0) || !(tsMs > 0) || !tradeId || !side) continue;
    const rowNative = typeof row.symbol === "string" && row.symbol ? row.symbol : native;
    trades.push({ kind: "trade", ...eventBaseOf(context, rowNative, tsMs), price, size, side, tradeId });
  }
  trades.reverse();
  // Newest-first rows reversed are oldest first; a stable sort only fixes rows out of time order.
  return trades.sort((a, b) => a.tsMs - b.tsMs);
}

/**
 * kline rows (newest first) → KlineEvents oldest first. A bar is closed when it ends before the response's receive
 * time, which keeps the parser pure; `tsMs` is the close time, or the receive time for the open bar.
 */
export function parseKlineRows(
  body: unknown,
  native: string,
  interval: string,
  context: ParseContext,
): KlineEvent[] {
  const klines: KlineEvent[] = [];
  for (const row of listOf(body, "kline")) {
    if (!Array.isArray(row) || row.length < 6) continue;
    const openTimeMs = toNumber(row[0]);
    const values = barValuesOf(row[1], row[2], row[3], row[4], row[5]);
    const nextOpenMs = nextOpenOf(openTimeMs, interval);
    if (!(openTimeMs > 0) || !Number.isFinite(nextOpenMs) || !values) continue;
    const kline = klineOf(context, native, interval, { openTimeMs, closeTimeMs: nextOpenMs - 1 }, values);
    // Inverse turnover is in the base coin, not the quote.
    klines.push(
      assignDefined(kline, {
        quoteVolume: context.account === "inverse" ? undefined : toOptionalNumber(row[6]),
      }),
    );
  }
  return klines.sort((a, b) => a.openTimeMs - b.openTimeMs);
}

/** funding/history (newest first) → settled funding rates, oldest first. */
export function parseFundingHistory(
  body: unknown,
  native: string,
  context: ParseContext,
): FundingRateEvent[] {
  const events: FundingRateEvent[] = [];
  for (const row of listOf(body, "funding/history")) {
    if (!isRecord(row)) continue;
    const rate = toNumber(row.fundingRate);
    const tsMs = toNumber(row.fundingRateTimestamp);
    if (!Number.isFinite(rate) || !(tsMs > 0)) continue;
    const rowNative = typeof row.symbol === "string" && row.symbol ? row.symbol : native;
    events.push({ kind: "funding_rate", ...eventBaseOf(context, rowNative, tsMs), rate });
  }
  return events.sort((a, b) => a.tsMs - b.tsMs);
}

/** open-interest → the newest point: base coin on linear, contracts (USD) on inverse, as Bybit reports. */
export function parseOpenInterest(body: unknown, native: string, context: ParseContext): OpenInterestEvent {
  const points = listOf(body, "open-interest")
    .filter(isRecord)
    .map((row) => ({ openInterest: toNumber(row.openInterest), tsMs: toNumber(row.timestamp) }))
    .filter((point) => Number.isFinite(point.openInterest) && point.tsMs > 0)
    .sort((a, b) => b.tsMs - a.tsMs);
  const newest = points[0];
  if (!newest) throw unexpected("open-interest");
  return {
    kind: "open_interest",
    ...eventBaseOf(context, native, newest.tsMs),
    openInterest: newest.openInterest,
  };
}

// ── calls ──────────────────────────────────────────────────────────────────────────────────────────────────────

function clampLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(max, Math.max(1, Math.floor(limit)));
}

function assertDerivative(spec: StreamSpec, what: string): void {
  if (spec.account !== "linear" && spec.account !== "inverse") {
    throw new Dig3Error(
      "E_WIRE_ABSENT",
      `bybit ${spec.account} ${what}: Bybit serves it for linear and inverse only`,
      {
        hint: "use --account linear or inverse",
      },
    );
  }
}

const RECOGNIZED_ENDPOINTS: Readonly<Record<string, RecognizedRest["call"]>> = {
  "instruments-info": "instruments",
  tickers: "ticker",
  orderbook: "book",
  "recent-trade": "trades",
  kline: "klines",
  "funding/history": "fundingHistory",
  "open-interest": "openInterest",
};

const CATEGORIES: ReadonlySet<string> = new Set(["spot", "linear", "inverse", "option"]);

/** Which call a recorded URL was: the path names the endpoint, `category` the account. */
export function recognizeBybitUrl(url: URL): RecognizedRest | undefined {
  const prefix = "/v5/market/";
  if (!url.pathname.startsWith(prefix)) return undefined;
  const call = RECOGNIZED_ENDPOINTS[url.pathname.slice(prefix.length).replace(/\/+$/, "")];
  const category = url.searchParams.get("category") ?? "";
  if (!call || !CATEGORIES.has(category)) return undefined;
  return { call, account: category as Account, native: url.searchParams.get("symbol") ?? "" };
}

/** Option base coins listed besides the default BTC (https://bybit-exchange.github.io/docs/v5/market/instrument). */
const BYBIT_OPTION_EXTRA_COINS = ["ETH", "SOL"] as const;

export const bybitRest: ExchangeRest = {
  baseUrl: bybitRestBaseUrl,
  // "You are allowed to send 600 requests within a 5-second window per IP" (https://bybit-exchange.github.io/docs/v5/rate-limit).
  rateLimit: { weight: 600, perMs: 5_000 },

  instruments(account): RestCall<Instrument[]> {
    return {
      account,
      path: "/v5/market/instruments-info",
      // Linear has more than 500 symbols (the default page); options list one base coin per call (BTC by default).
      query: { category: account, limit: account === "spot" ? undefined : 1000 },
      weight: 1,
      parse: (body) => parseInstruments(body, account),
    };
  },

  // Options are listed one base coin per request (BTC when none is named): ask for the other option coins too.
  moreInstruments(account): RestCall<Instrument[]>[] {
    if (account !== "option") return [];
    return BYBIT_OPTION_EXTRA_COINS.map((baseCoin) => ({
      account,
      path: "/v5/market/instruments-info",
      query: { category: "option", baseCoin, limit: 1000 },
      weight: 1,
      parse: (body: unknown) => parseInstruments(body, account),
    }));
  },

  ticker(spec): RestCall<TickerEvent> {
    return {
      account: spec.account,
      path: "/v5/market/tickers",
      query: { category: spec.account, symbol: spec.native },
      weight: 1,
      parse: (body, context) => parseTickerRest(body, spec.native, context),
    };
  },

  book(spec, depth): RestCall<BookEvent> {
    return {
      account: spec.account,
      path: "/v5/market/orderbook",
      query: {
        category: spec.account,
        symbol: spec.native,
        limit: clampLimit(depth, 50, BOOK_LIMITS[spec.account]),
      },
      weight: 1,
      parse: (body, context) => parseOrderbookRest(body, spec.native, context),
    };
  },

  trades(spec, query: TradeQuery): RestCall<TradeEvent[]> {
    const max = TRADE_LIMITS[spec.account];
    return {
      account: spec.account,
      path: "/v5/market/recent-trade",
      query: { category: spec.account, symbol: spec.native, limit: clampLimit(query.limit, max, max) },
      weight: 1,
      parse: (body, context) => parseRecentTrades(body, spec.native, context),
    };
  },

  klines(spec, query: KlineQuery): RestCall<KlineEvent[]> {
    const interval = BYBIT_KLINE_INTERVALS[query.interval];
    if (spec.account === "option" || !interval) {
      throw new Dig3Error("E_BAD_INTERVAL", `bybit ${spec.account} has no '${query.interval}' klines`, {
        hint:
          spec.account === "option"
            ? "Bybit has no option klines"
            : `intervals: ${Object.keys(BYBIT_KLINE_INTERVALS).join(" ")}`,
      });
    }
    return {
      account: spec.account,
      path: "/v5/market/kline",
      query: {
        category: spec.account,
        symbol: spec.native,
        interval,
        start: query.startMs,
        end: query.endMs,
        limit: clampLimit(query.limit, 200, KLINE_LIMIT),
      },
      weight: 1,
      parse: (body, context) => parseKlineRows(body, spec.native, query.interval, context),
    };
  },

  fundingHistory(spec, query: HistoryQuery): RestCall<FundingRateEvent[]> {
    assertDerivative(spec, "funding history");
    const limit = clampLimit(query.limit, FUNDING_LIMIT, FUNDING_LIMIT);
    // "Passing only startTime returns an error": close the window where it holds at most `limit` funding times.
    const endMs =
      query.endMs ??
      (query.startMs !== undefined ? query.startMs + limit * MIN_FUNDING_INTERVAL_MS : undefined);
    return {
      account: spec.account,
      path: "/v5/market/funding/history",
      query: { category: spec.account, symbol: spec.native, startTime: query.startMs, endTime: endMs, limit },
      weight: 1,
      parse: (body, context) => parseFundingHistory(body, spec.native, context),
    };
  },

  openInterest(spec): RestCall<OpenInterestEvent> {
    assertDerivative(spec, "open interest");
    return {
      account: spec.account,
      path: "/v5/market/open-interest",
      query: { category: spec.account, symbol: spec.native, intervalTime: "5min", limit: 1 },
      weight: 1,
      parse: (body, context) => parseOpenInterest(body, spec.native, context),
    };
  },

  recognize: recognizeBybitUrl,
};
