// Bitstamp public REST v2: endpoint table (one host for spot and perpetuals), the request budget, and the body
// parsers. Parsers are pure; an error body or an unusable shape throws a Dig3Error.

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
} from "../_shared/adapter.ts";
import { eventBaseOf, recvMsOf, tradeEventOf } from "../_shared/event-base.ts";
import { barValuesOf, klineOf, unexpectedShape } from "../_shared/rest-bodies.ts";
import { assignDefined, isRecord, toId, toLevels, toNumber, toOptionalNumber } from "../_shared/values.ts";
import { timeMsOf } from "./parse.ts";
import { bitstampAccountOfNative } from "./symbols.ts";

export const BITSTAMP_REST_URL = "https://www.bitstamp.net";

/**
 * "As standard, all clients can make 400 requests per second. There is a default limit threshold of 10,000 requests
 * per 10 minutes in place." The 10-minute budget is the one that binds; a burst stays far under 400 / s.
 */
export const BITSTAMP_RATE_LIMIT = { weight: 10_000, perMs: 600_000 } as const;

/** `/api/v2/ohlc` steps in seconds by canonical interval: "Timeframe in seconds" from the documented choices. */
export const BITSTAMP_OHLC_STEPS_S: Readonly<Record<string, number>> = {
  "1m": 60,
  "3m": 180,
  "5m": 300,
  "15m": 900,
  "30m": 1800,
  "1h": 3600,
  "2h": 7200,
  "4h": 14_400,
  "6h": 21_600,
  "12h": 43_200,
  "1d": 86_400,
  "3d": 259_200,
};

const OHLC_MAX_LIMIT = 1000;
const FUNDING_HISTORY_MAX_LIMIT = 1000;
/** Venue response codes that mean "slow down" (HTTP 400 on Bitstamp, not 429). */
const RATE_LIMIT_CODES = new Set(["400.002", "400.067", "400.068"]);

export function bitstampAccountOf(account: Account): "spot" | "linear" {
  if (account === "spot" || account === "linear") return account;
  throw new Dig3Error("E_WIRE_ABSENT", `bitstamp ${account}: Bitstamp has no ${account} market`, {
    hint: "use --account spot, or linear for the USD-settled perpetuals",
  });
}

function marketPath(endpoint: string, native: string): string {
  return `/api/v2/${endpoint}/${native.toLowerCase()}/`;
}

// ── parsing helpers ────────────────────────────────────────────────────────────────────────────────────────────

/** Throws the venue's own error when the body is one (`{"status":"error","reason":…}`, `{"error":…}`, `response_code`). */
function assertNotError(body: unknown, what: string): void {
  if (!isRecord(body)) return;
  const code = typeof body.response_code === "string" ? body.response_code : undefined;
  const isError =
    body.status === "error" ||
    typeof body.error === "string" ||
    (code !== undefined && !code.startsWith("2"));
  if (!isError) return;
  const reason = [body.reason, body.error, body.message, body.response_explanation].find(
    (value) => value !== undefined && value !== null,
  );
  const text =
    typeof reason === "string" ? reason : reason === undefined ? "request failed" : JSON.stringify(reason);
  const limited = code !== undefined && RATE_LIMIT_CODES.has(code);
  throw new Dig3Error(
    limited ? "E_RATE_LIMITED" : "E_VENUE",
    `bitstamp ${what}: ${text}${code ? ` (${code})` : ""}`,
    {
      hint: limited
        ? "Bitstamp allows 10,000 requests per 10 minutes; wait and retry"
        : "check the symbol against 'dig3 capabilities bitstamp' or the instrument list",
      details: code ? { venueCode: code } : undefined,
    },
  );
}

const unexpected = (what: string): Dig3Error => unexpectedShape("bitstamp", what);

/** `BTC/USD-PERP` (the `market`/`pair` spelling inside REST bodies) → `btcusd-perp` (the native). */
export function nativeOfMarketName(name: string): string {
  return name.replace("/", "").toLowerCase();
}

function decimalsStep(decimals: unknown): number | undefined {
  const places = toOptionalNumber(decimals);
  if (places === undefined || !Number.isInteger(places) || places < 0 || places > 18) return undefined;
  return Number((10 ** -places).toFixed(places));
}

// ── parsers ────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * `/api/v2/markets/` → instruments of one account (`market_type` SPOT or PERPETUAL; rows without it are spot, as the
 * older `trading-pairs-info` list was). Disabled markets are kept and marked inactive.
 */
export function parseMarkets(body: unknown, account: Account): Instrument[] {
  assertNotError(body, "markets");
  if (!Array.isArray(body)) throw unexpected("markets");
  const wanted = bitstampAccountOf(account);
  const instruments: Instrument[] = [];
  for (const row of body) {
    if (!isRecord(row)) continue;
    const native = [row.market_symbol, row.url_symbol].find(
      (value): value is string => typeof value === "string" && value.length > 0,
    );
    const base = typeof row.base_currency === "string" ? row.base_currency.toUpperCase() : "";
    const quote = typeof row.counter_currency === "string" ? row.counter_currency.toUpperCase() : "";
    if (!native || !base || !quote) continue;
    const type = typeof row.market_type === "string" ? row.market_type.toUpperCase() : "SPOT";
    const rowAccount = type === "PERPETUAL" ? "linear" : type === "SPOT" ? "spot" : undefined;
    if (rowAccount !== wanted) continue;
    // Perpetuals are margined and settled in the counter currency (USD).
    const parts: SymbolParts = wanted === "linear" ? { base, quote, settle: quote } : { base, quote };
    const status = typeof row.trading === "string" ? row.trading : "";
    const instrument: Instrument = {
      account,
      symbol: formatCanonical(parts),
      native: native.toLowerCase(),
      base,
      quote,
      status,
      active: status === "Enabled",
    };
    instruments.push(
      assignDefined(instrument, {
        settle: parts.settle,
        // `tick_size` is documented but often absent; the counter decimals are the price grid then.
        tickSize: toOptionalNumber(row.tick_size) ?? decimalsStep(row.counter_decimals),
        lotSize: decimalsStep(row.base_decimals),
      }),
    );
  }
  return instruments;
}

/** Picks the row of `native` when the venue answered a list (a path naming no market returns every market). */
function tickerRowOf(body: unknown, native: string): Record<string, unknown> {
  if (!Array.isArray(body)) {
    if (!isRecord(body)) throw unexpected("ticker");
    return body;
  }
  const row = body.find(
    (item) =>
      isRecord(item) &&
      [item.market, item.pair].some(
        (name) => typeof name === "string" && nativeOfMarketName(name) === native.toLowerCase(),
      ),
  );
  if (!isRecord(row)) {
    throw new Dig3Error("E_UNKNOWN_SYMBOL", `bitstamp ticker: no market '${native}'`, {
      hint: "Bitstamp answers an unknown market with every ticker; check the symbol",
    });
  }
  return row;
}

/** `/api/v2/ticker/{market}/` → ticker (24 h high / low / volume, best bid / ask, change). */
export function parseTicker(body: unknown, native: string, context: ParseContext): TickerEvent {
  assertNotError(body, "ticker");
  const row = tickerRowOf(body, native);
  const tsMs = timeMsOf(undefined, row.timestamp);
  const last = toNumber(row.last);
  if (!Number.isFinite(tsMs) || !Number.isFinite(last)) throw unexpected("ticker");
  const event: TickerEvent = { kind: "ticker", ...eventBaseOf(context, native, tsMs), last };
  return assignDefined(event, {
    bid: toOptionalNumber(row.bid),
    ask: toOptionalNumber(row.ask),
    high24h: toOptionalNumber(row.high),
    low24h: toOptionalNumber(row.low),
    volume24h: toOptionalNumber(row.volume),
    changePct24h: toOptionalNumber(row.percent_change_24),
  });
}

/** `/api/v2/ticker/{market}/` of a perpetual → open interest in base units, with its USD value. */
export function parseOpenInterest(body: unknown, native: string, context: ParseContext): OpenInterestEvent {
  assertNotError(body, "ticker");
  const row = tickerRowOf(body, native);
  const tsMs = timeMsOf(undefined, row.timestamp);
  const openInterest = toNumber(row.open_interest);
  if (!Number.isFinite(tsMs)) throw unexpected("ticker");
  if (!Number.isFinite(openInterest)) {
    throw new Dig3Error("E_WIRE_ABSENT", `bitstamp ${native}: the ticker carries no open interest`, {
      hint: "open interest exists for perpetuals only (e.g. BTC/USD:USD with --account linear)",
    });
  }
  const event: OpenInterestEvent = {
    kind: "open_interest",
    ...eventBaseOf(context, native, tsMs),
    openInterest,
  };
  return assignDefined(event, { openInterestValue: toOptionalNumber(row.open_interest_value) });
}

/**
 * `/api/v2/order_book/{market}/` → snapshot with `seq` = `microtimestamp`, the time of the book's last change, which
 * the diff stream's `microtimestamp` is compared with. The whole book, whatever depth was asked.
 */
export function parseOrderBook(body: unknown, native: string, context: ParseContext): BookEvent {
  assertNotError(body, "order_book");
  if (!isRecord(body) || !Array.isArray(body.bids) || !Array.isArray(body.asks))
    throw unexpected("order_book");
  const seq = toNumber(body.microtimestamp);
  if (!Number.isSafeInteger(seq) || seq <= 0) throw unexpected("order_book");
  const tsMs = timeMsOf(body.microtimestamp, body.timestamp);
  return {
    kind: "book",
    ...eventBaseOf(context, native, Number.isFinite(tsMs) ? tsMs : recvMsOf(context)),
    type: "snapshot",
    bids: toLevels(body.bids),
    asks: toLevels(body.asks),
    seq,
  };
}

/** `/api/v2/transactions/{market}/` (newest first) → trades oldest first, the newest `limit` of them. */
export function parseTransactions(
  body: unknown,
  native: string,
  context: ParseContext,
  limit?: number,
): TradeEvent[] {
  assertNotError(body, "transactions");
  if (!Array.isArray(body)) throw unexpected("transactions");
  const trades: TradeEvent[] = [];
  for (const row of body) {
    if (!isRecord(row)) continue;
    const price = toNumber(row.price);
    const size = toNumber(row.amount);
    const tsMs = timeMsOf(row.microtimestamp, row.date);
    const tradeId = toId(row.tid);
    const side = String(row.type) === "0" ? "buy" : String(row.type) === "1" ? "sell" : undefined;
    if (!(price > 0) || !(size > 0) || !Number.isFinite(tsMs) || !tradeId || !side) continue;
    trades.push(tradeEventOf(context, native, tsMs, price, size, side, tradeId));
  }
  // Documented newest first; order by time, then by id length and text (ids may pass 2^53, so never as numbers).
  trades.sort(
    (a, b) =>
      a.tsMs - b.tsMs ||
      a.tradeId.length - b.tradeId.length ||
      (a.tradeId < b.tradeId ? -1 : a.tradeId > b.tradeId ? 1 : 0),
  );
  return limit !== undefined && limit > 0 ? trades.slice(-limit) : trades;
}

/**
 * `/api/v2/ohlc/{market}/` → klines. A bar is closed once its end is before the response's receive time (keeps the
 * parser pure); `tsMs` is the close time, or the receive time for the open bar.
 */
export function parseOhlc(
  body: unknown,
  native: string,
  interval: string,
  context: ParseContext,
): KlineEvent[] {
  assertNotError(body, "ohlc");
  const data = isRecord(body) ? body.data : undefined;
  if (!isRecord(data) || !Array.isArray(data.ohlc)) throw unexpected("ohlc");
  const stepMs = (BITSTAMP_OHLC_STEPS_S[interval] ?? Number.NaN) * 1000;
  const klines: KlineEvent[] = [];
  for (const row of data.ohlc) {
    if (!isRecord(row)) continue;
    const openTimeMs = timeMsOf(undefined, row.timestamp);
    const values = barValuesOf(row.open, row.high, row.low, row.close, row.volume);
    if (!Number.isFinite(openTimeMs) || !values) continue;
    const closeTimeMs = Number.isFinite(stepMs) ? openTimeMs + stepMs - 1 : undefined;
    klines.push(klineOf(context, native, interval, { openTimeMs, closeTimeMs }, values));
  }
  return klines.sort((a, b) => a.openTimeMs - b.openTimeMs);
}

/** `/api/v2/funding_rate_history/{market}/` → settled funding rates, oldest first. */
export function parseFundingHistory(
  body: unknown,
  native: string,
  context: ParseContext,
): FundingRateEvent[] {
  assertNotError(body, "funding_rate_history");
  const rows = isRecord(body) ? body.funding_rate_history : body;
  if (!Array.isArray(rows)) throw unexpected("funding_rate_history");
  const events: FundingRateEvent[] = [];
  for (const row of rows) {
    if (!isRecord(row)) continue;
    const rate = toNumber(row.funding_rate);
    const tsMs = timeMsOf(undefined, row.timestamp);
    if (!Number.isFinite(rate) || !Number.isFinite(tsMs)) continue;
    events.push({ kind: "funding_rate", ...eventBaseOf(context, native, tsMs), rate });
  }
  return events.sort((a, b) => a.tsMs - b.tsMs);
}

// ── calls ──────────────────────────────────────────────────────────────────────────────────────────────────────

function assertPerpetual(spec: StreamSpec, what: string): void {
  if (bitstampAccountOf(spec.account) !== "linear") {
    throw new Dig3Error("E_WIRE_ABSENT", `bitstamp spot ${what}: spot markets have no ${what}`, {
      hint: "use --account linear with a perpetual (e.g. BTC/USD:USD)",
    });
  }
}

function clampLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(max, Math.max(1, Math.floor(limit)));
}

function secondsOf(ms: number | undefined): number | undefined {
  return ms === undefined || !Number.isFinite(ms) ? undefined : Math.floor(ms / 1000);
}

/** The documented `/ohlc` step of a canonical interval; E_BAD_INTERVAL otherwise. */
export function ohlcStepOf(interval: string): number {
  const step = BITSTAMP_OHLC_STEPS_S[interval];
  if (step === undefined) {
    throw new Dig3Error("E_BAD_INTERVAL", `bitstamp has no '${interval}' OHLC step`, {
      hint: `intervals: ${Object.keys(BITSTAMP_OHLC_STEPS_S).join(" ")}`,
    });
  }
  return step;
}

const RECOGNIZED_ENDPOINTS: Readonly<Record<string, RecognizedRest["call"]>> = {
  ticker: "ticker",
  order_book: "book",
  transactions: "trades",
  ohlc: "klines",
  funding_rate_history: "fundingHistory",
};

const MARKET_PATH_RE = /^\/api\/v2\/([a-z_]+)\/([A-Za-z0-9-]+)\/?$/;

/** Which call a recorded URL was (`/api/v2/order_book/ethusd`, with or without the trailing slash). */
export function recognizeBitstampUrl(url: URL): RecognizedRest | undefined {
  if (/^\/api\/v2\/(markets|trading-pairs-info)\/?$/.test(url.pathname)) {
    return { call: "instruments", account: "spot", native: "" };
  }
  const match = MARKET_PATH_RE.exec(url.pathname);
  if (!match) return undefined;
  const call = RECOGNIZED_ENDPOINTS[match[1]!];
  if (!call) return undefined;
  const native = match[2]!.toLowerCase();
  return { call, account: bitstampAccountOfNative(native), native };
}

export const bitstampRest: ExchangeRest = {
  baseUrl: () => BITSTAMP_REST_URL,
  rateLimit: BITSTAMP_RATE_LIMIT,

  instruments(account): RestCall<Instrument[]> {
    bitstampAccountOf(account);
    return { account, path: "/api/v2/markets/", weight: 1, parse: (body) => parseMarkets(body, account) };
  },

  ticker(spec): RestCall<TickerEvent> {
    return {
      account: spec.account,
      path: marketPath("ticker", spec.native),
      weight: 1,
      parse: (body, context) => parseTicker(body, spec.native, context),
    };
  },

  book(spec, _depth): RestCall<BookEvent> {
    // No depth parameter exists: the venue always sends the whole book (`group=1`, levels by price, is the default).
    return {
      account: spec.account,
      path: marketPath("order_book", spec.native),
      weight: 1,
      parse: (body, context) => parseOrderBook(body, spec.native, context),
    };
  },

  trades(spec, query: TradeQuery): RestCall<TradeEvent[]> {
    return {
      account: spec.account,
      path: marketPath("transactions", spec.native),
      // The only window choices are minute, hour and day; an hour covers any warm start or short outage.
      query: { time: "hour" },
      weight: 1,
      parse: (body, context) => parseTransactions(body, spec.native, context, query.limit),
    };
  },

  klines(spec, query: KlineQuery): RestCall<KlineEvent[]> {
    const step = ohlcStepOf(query.interval);
    // "If both start and end timestamps are posted, end timestamp will be used": send only one.
    const endS = secondsOf(query.endMs);
    return {
      account: spec.account,
      path: marketPath("ohlc", spec.native),
      query: {
        step,
        limit: clampLimit(query.limit, 500, OHLC_MAX_LIMIT),
        start: endS === undefined ? secondsOf(query.startMs) : undefined,
        end: endS,
      },
      weight: 1,
      parse: (body, context) => parseOhlc(body, spec.native, query.interval, context),
    };
  },

  fundingHistory(spec, query: HistoryQuery): RestCall<FundingRateEvent[]> {
    assertPerpetual(spec, "funding");
    return {
      account: spec.account,
      path: marketPath("funding_rate_history", spec.native),
      query: {
        limit: clampLimit(query.limit, 100, FUNDING_HISTORY_MAX_LIMIT),
        since_timestamp: secondsOf(query.startMs),
        until_timestamp: secondsOf(query.endMs),
      },
      weight: 1,
      parse: (body, context) => parseFundingHistory(body, spec.native, context),
    };
  },

  openInterest(spec): RestCall<OpenInterestEvent> {
    assertPerpetual(spec, "open interest");
    return {
      account: spec.account,
      path: marketPath("ticker", spec.native),
      weight: 1,
      parse: (body, context) => parseOpenInterest(body, spec.native, context),
    };
  },

  recognize: recognizeBitstampUrl,
};
