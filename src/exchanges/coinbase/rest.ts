// Coinbase Advanced Trade public REST (no auth, /api/v3/brokerage/market): products, product book, market trades,
// candles, and the product row that carries US futures open interest; request costs and body parsers. Parsers are
// pure; an error body or an unusable shape throws a Dig3Error.

import {
  type Account,
  type BookEvent,
  Dig3Error,
  type FundingRateEvent,
  formatCanonical,
  type KlineEvent,
  type Level,
  type OpenInterestEvent,
  type StreamSpec,
  type SymbolParts,
  type TickerEvent,
  type TradeEvent,
} from "../../core/index.ts";
import type {
  ExchangeRest,
  Instrument,
  KlineQuery,
  ParseContext,
  RecognizedRest,
  RestCall,
  TradeQuery,
  WsOptions,
} from "../_shared/adapter.ts";
import { eventBaseOf, recvMsOf } from "../_shared/event-base.ts";
import { barValuesOf, klineOf, unexpectedShape } from "../_shared/rest-bodies.ts";
import { assignDefined, isRecord, toId, toNumber, toOptionalNumber } from "../_shared/values.ts";
import { isoToMs, sortTrades } from "./parse.ts";
import { fromCoinbaseNative } from "./symbols.ts";

export const COINBASE_REST_URL = "https://api.coinbase.com";
const MARKET = "/api/v3/brokerage/market";

/** Candle granularities of the REST candles endpoint, by canonical interval. */
export const COINBASE_REST_GRANULARITIES: Readonly<Record<string, { name: string; ms: number }>> = {
  "1m": { name: "ONE_MINUTE", ms: 60_000 },
  "5m": { name: "FIVE_MINUTE", ms: 300_000 },
  "15m": { name: "FIFTEEN_MINUTE", ms: 900_000 },
  "30m": { name: "THIRTY_MINUTE", ms: 1_800_000 },
  "1h": { name: "ONE_HOUR", ms: 3_600_000 },
  "2h": { name: "TWO_HOUR", ms: 7_200_000 },
  "4h": { name: "FOUR_HOUR", ms: 14_400_000 },
  "6h": { name: "SIX_HOUR", ms: 21_600_000 },
  "1d": { name: "ONE_DAY", ms: 86_400_000 },
};

/** Candles: at most 350 per request. Trades and book depth: no documented cap; 1000 keeps a response bounded. */
const MAX_CANDLES = 350;
const MAX_TRADES = 1000;
const MAX_BOOK_LEVELS = 1000;

export function coinbaseAccountOf(account: Account): "spot" | "linear" {
  if (account === "spot" || account === "linear") return account;
  throw new Dig3Error("E_WIRE_ABSENT", `coinbase ${account}: Advanced Trade has no ${account} market`, {
    hint: "use --account spot, or linear for US futures (CDE contracts)",
  });
}

/**
 * Advanced Trade has no market-data sandbox (its sandbox mocks accounts and orders only), so testnet reads the
 * production public endpoints: the data are public and identical.
 */
export function coinbaseRestBaseUrl(account: Account, _options: WsOptions): string {
  coinbaseAccountOf(account);
  return COINBASE_REST_URL;
}

// ── parsing helpers ────────────────────────────────────────────────────────────────────────────────────────────

/** Throws the venue's own error when the body is one (`{"error":"NOT_FOUND","message":"…"}`). */
function assertNotError(body: unknown, what: string): void {
  if (!isRecord(body) || typeof body.error !== "string") return;
  const text =
    [body.message, body.error_details].find(
      (value): value is string => typeof value === "string" && !!value,
    ) ?? body.error;
  throw new Dig3Error("E_VENUE", `coinbase ${what}: ${text} (${body.error})`, {
    hint:
      body.error === "NOT_FOUND" || /product/i.test(text)
        ? "check the symbol against the product list ('dig3 capabilities coinbase')"
        : undefined,
    details: { venueCode: body.error },
  });
}

const unexpected = (what: string): Dig3Error => unexpectedShape("coinbase", what);

function textOf(value: unknown): string {
  return typeof value === "string" ? value : "";
}

// ── parsers ────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * One product row → instrument, or undefined when it is not of `account` (INTX perpetuals left Advanced Trade, and
 * expired or unnamed rows are skipped). Spot is active when `online` and tradable; futures carry no status text, so
 * the trading flags and the session state decide.
 */
export function instrumentOf(row: unknown, account: "spot" | "linear"): Instrument | undefined {
  if (!isRecord(row) || typeof row.product_id !== "string") return undefined;
  const native = row.product_id;
  const details = isRecord(row.future_product_details) ? row.future_product_details : undefined;
  const isFuture = row.product_type === "FUTURE" || details !== undefined;
  if ((account === "linear") !== isFuture) return undefined;
  const parts: SymbolParts | undefined = fromCoinbaseNative(native, account);
  if (!parts) return undefined;
  const session = isRecord(row.fcm_trading_session_details) ? row.fcm_trading_session_details : undefined;
  const status = textOf(row.status) || textOf(session?.session_state);
  const tradable = row.trading_disabled !== true && row.is_disabled !== true && row.view_only !== true;
  const instrument: Instrument = {
    account,
    symbol: formatCanonical(parts),
    native,
    // Futures: the underlying (`contract_root_unit`, e.g. BTC) while the symbol keeps the contract code (BIT).
    base:
      (account === "linear" ? textOf(details?.contract_root_unit) : textOf(row.base_currency_id)) ||
      parts.base,
    quote: textOf(row.quote_currency_id) || parts.quote,
    status,
    active: tradable && (account === "linear" ? session?.is_session_open !== false : status === "online"),
  };
  return assignDefined(instrument, {
    settle: parts.settle,
    // `price_increment` is the tick (5 USD on nano BTC futures); `quote_increment` is the quote-size step.
    tickSize: toOptionalNumber(row.price_increment) ?? toOptionalNumber(row.quote_increment),
    lotSize: toOptionalNumber(row.base_increment),
  });
}

export function parseProducts(body: unknown, account: Account): Instrument[] {
  assertNotError(body, "products");
  if (!isRecord(body) || !Array.isArray(body.products)) throw unexpected("products");
  const which = coinbaseAccountOf(account);
  const instruments: Instrument[] = [];
  for (const row of body.products) {
    const instrument = instrumentOf(row, which);
    if (instrument) instruments.push(instrument);
  }
  return instruments;
}

/** One product → ticker: last price and 24 h stats; best bid/ask only when the row fills them. No time: receive time. */
export function parseProductTicker(body: unknown, native: string, context: ParseContext): TickerEvent {
  assertNotError(body, "product");
  if (!isRecord(body)) throw unexpected("product");
  const last = toNumber(body.price);
  if (!Number.isFinite(last)) throw unexpected("product");
  const rowNative = typeof body.product_id === "string" ? body.product_id : native;
  const event: TickerEvent = { kind: "ticker", ...eventBaseOf(context, rowNative, recvMsOf(context)), last };
  return assignDefined(event, {
    bid: toOptionalNumber(body.best_bid_price),
    ask: toOptionalNumber(body.best_ask_price),
    volume24h: toOptionalNumber(body.volume_24h),
    changePct24h: toOptionalNumber(body.price_percentage_change_24h),
  });
}

/** One futures product → open interest in contracts (`future_product_details.open_interest`), at receive time. */
export function parseOpenInterest(body: unknown, native: string, context: ParseContext): OpenInterestEvent {
  assertNotError(body, "product");
  if (!isRecord(body) || !isRecord(body.future_product_details)) throw unexpected("product (open interest)");
  const openInterest = toNumber(body.future_product_details.open_interest);
  if (!Number.isFinite(openInterest)) throw unexpected("product (open interest)");
  const rowNative = typeof body.product_id === "string" ? body.product_id : native;
  return { kind: "open_interest", ...eventBaseOf(context, rowNative, recvMsOf(context)), openInterest };
}

/**
 * One perpetual-style futures product → its current funding rate (`future_product_details.funding_rate`, or
 * `perpetual_details.funding_rate` where the row nests it), at receive time. A dated future has none: E_WIRE_ABSENT.
 */
export function parseFundingRate(body: unknown, native: string, context: ParseContext): FundingRateEvent {
  assertNotError(body, "product");
  if (!isRecord(body) || !isRecord(body.future_product_details)) throw unexpected("product (funding rate)");
  const details = body.future_product_details;
  const nested = isRecord(details.perpetual_details) ? details.perpetual_details : undefined;
  const rate = toNumber(
    details.funding_rate !== undefined && details.funding_rate !== ""
      ? details.funding_rate
      : nested?.funding_rate,
  );
  const rowNative = typeof body.product_id === "string" ? body.product_id : native;
  if (!Number.isFinite(rate)) {
    throw new Dig3Error(
      "E_WIRE_ABSENT",
      `coinbase ${rowNative}: no funding rate (not a perpetual-style contract)`,
      {
        hint: "funding exists only for perpetual-style US futures (BIP-…)",
      },
    );
  }
  return { kind: "funding_rate", ...eventBaseOf(context, rowNative, recvMsOf(context)), rate };
}

function levelsOf(rows: unknown): Level[] {
  if (!Array.isArray(rows)) return [];
  const levels: Level[] = [];
  for (const row of rows) {
    if (!isRecord(row)) continue;
    const price = toNumber(row.price);
    const size = toNumber(row.size);
    if (price > 0 && size >= 0) levels.push([price, size]);
  }
  return levels;
}

/** product_book → BookEvent `snapshot`. REST books carry no sequence (the socket's level2 snapshot is what syncs). */
export function parseProductBook(body: unknown, native: string, context: ParseContext): BookEvent {
  assertNotError(body, "product_book");
  const book = isRecord(body) ? body.pricebook : undefined;
  if (!isRecord(book) || !Array.isArray(book.bids) || !Array.isArray(book.asks))
    throw unexpected("product_book");
  const timeMs = isoToMs(book.time);
  const rowNative = typeof book.product_id === "string" ? book.product_id : native;
  return {
    kind: "book",
    ...eventBaseOf(context, rowNative, timeMs > 0 ? timeMs : recvMsOf(context)),
    type: "snapshot",
    bids: levelsOf(book.bids),
    asks: levelsOf(book.asks),
  };
}

/** Market trades, oldest first. `side` is the maker's, so the taker's is the other one. */
export function parseMarketTrades(body: unknown, native: string, context: ParseContext): TradeEvent[] {
  assertNotError(body, "market trades");
  if (!isRecord(body) || !Array.isArray(body.trades)) throw unexpected("market trades");
  const trades: TradeEvent[] = [];
  for (const row of body.trades) {
    if (!isRecord(row) || (row.side !== "BUY" && row.side !== "SELL")) continue;
    const price = toNumber(row.price);
    const size = toNumber(row.size);
    const tsMs = isoToMs(row.time);
    const tradeId = toId(row.trade_id);
    if (!(price > 0) || !(size > 0) || !(tsMs > 0) || !tradeId) continue;
    const rowNative = typeof row.product_id === "string" && row.product_id ? row.product_id : native;
    trades.push({
      kind: "trade",
      ...eventBaseOf(context, rowNative, tsMs),
      price,
      size,
      side: row.side === "SELL" ? "buy" : "sell",
      tradeId,
    });
  }
  return sortTrades(trades);
}

/**
 * Candles → KlineEvents, oldest first. A bar is closed when it ended before the response was received, which keeps
 * the parser pure; `tsMs` is the bar's last moment when closed, else the receive time.
 */
export function parseCandles(
  body: unknown,
  native: string,
  interval: string,
  context: ParseContext,
): KlineEvent[] {
  assertNotError(body, "candles");
  if (!isRecord(body) || !Array.isArray(body.candles)) throw unexpected("candles");
  const widthMs = COINBASE_REST_GRANULARITIES[interval]?.ms;
  if (widthMs === undefined) throw unexpected("candles (interval)");
  const klines: KlineEvent[] = [];
  for (const row of body.candles) {
    if (!isRecord(row)) continue;
    const openTimeMs = toNumber(row.start) * 1000;
    const values = barValuesOf(row.open, row.high, row.low, row.close, row.volume);
    if (!(openTimeMs > 0) || !values) continue;
    klines.push(
      klineOf(context, native, interval, { openTimeMs, closeTimeMs: openTimeMs + widthMs - 1 }, values),
    );
  }
  return klines.sort((a, b) => a.openTimeMs - b.openTimeMs);
}

// ── calls ──────────────────────────────────────────────────────────────────────────────────────────────────────

function productPath(native: string, suffix = ""): string {
  return `${MARKET}/products/${encodeURIComponent(native)}${suffix}`;
}

function clampLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(max, Math.max(1, Math.floor(limit)));
}

function granularityOf(interval: string): { name: string; ms: number } {
  const granularity = COINBASE_REST_GRANULARITIES[interval];
  if (!granularity) {
    throw new Dig3Error("E_BAD_INTERVAL", `coinbase has no '${interval}' candles`, {
      hint: `intervals: ${Object.keys(COINBASE_REST_GRANULARITIES).join(" ")}`,
    });
  }
  return granularity;
}

/**
 * Start and end (UNIX seconds) are required by the candles endpoint. Without them the window is the `limit` bars
 * ending now (or at `endMs`); with only `startMs` it runs `limit` bars from there.
 */
export function candleWindowOf(
  query: KlineQuery,
  nowMs: number,
): { startS: number; endS: number; limit: number } {
  const { ms } = granularityOf(query.interval);
  const limit = clampLimit(query.limit, MAX_CANDLES, MAX_CANDLES);
  let endMs = query.endMs ?? (query.startMs !== undefined ? query.startMs + limit * ms : nowMs);
  endMs = Math.min(endMs, nowMs);
  const startMs = query.startMs ?? endMs - limit * ms;
  return { startS: Math.floor(startMs / 1000), endS: Math.floor(endMs / 1000), limit };
}

function assertFutures(spec: StreamSpec, what: string): void {
  if (spec.account !== "linear") {
    throw new Dig3Error("E_WIRE_ABSENT", `coinbase ${spec.account} ${what}: only US futures have ${what}`, {
      hint: "use --account linear with a CDE contract (e.g. BIT-24APR26-CDE)",
    });
  }
}

const PRODUCT_PATH_RE = /^\/api\/v3\/brokerage(?:\/market)?\/products\/([^/]+)(\/ticker|\/candles)?$/;

/** Which call a recorded URL was; the market path and its authenticated twin (no `/market`) are both read. */
export function recognizeCoinbaseUrl(url: URL): RecognizedRest | undefined {
  const path = url.pathname.replace(/\/+$/, "");
  if (/^\/api\/v3\/brokerage(?:\/market)?\/products$/.test(path)) {
    const account = url.searchParams.get("product_type")?.toUpperCase() === "FUTURE" ? "linear" : "spot";
    return { call: "instruments", account, native: "" };
  }
  if (/^\/api\/v3\/brokerage(?:\/market)?\/product_book$/.test(path)) {
    const native = url.searchParams.get("product_id") ?? "";
    return { call: "book", account: accountOfNative(native), native };
  }
  const product = PRODUCT_PATH_RE.exec(path);
  if (!product) return undefined;
  const native = decodeURIComponent(product[1]!);
  const call = product[2] === "/ticker" ? "trades" : product[2] === "/candles" ? "klines" : "ticker";
  return { call, account: accountOfNative(native), native };
}

function accountOfNative(native: string): "spot" | "linear" {
  return fromCoinbaseNative(native, "linear") ? "linear" : "spot";
}

export const coinbaseRest: ExchangeRest = {
  baseUrl: coinbaseRestBaseUrl,
  // "Advanced Trade API public endpoints are rate-limited at 10 requests per second per IP."
  rateLimit: { weight: 10, perMs: 1_000 },

  instruments(account): RestCall<Instrument[]> {
    const which = coinbaseAccountOf(account);
    return {
      account,
      path: `${MARKET}/products`,
      query: { product_type: which === "linear" ? "FUTURE" : "SPOT" },
      weight: 1,
      parse: (body) => parseProducts(body, account),
    };
  },

  ticker(spec): RestCall<TickerEvent> {
    coinbaseAccountOf(spec.account);
    return {
      account: spec.account,
      path: productPath(spec.native),
      weight: 1,
      parse: (body, context) => parseProductTicker(body, spec.native, context),
    };
  },

  book(spec, depth): RestCall<BookEvent> {
    coinbaseAccountOf(spec.account);
    return {
      account: spec.account,
      path: `${MARKET}/product_book`,
      query: { product_id: spec.native, limit: clampLimit(depth, 100, MAX_BOOK_LEVELS) },
      weight: 1,
      parse: (body, context) => parseProductBook(body, spec.native, context),
    };
  },

  trades(spec, query: TradeQuery): RestCall<TradeEvent[]> {
    coinbaseAccountOf(spec.account);
    return {
      account: spec.account,
      path: productPath(spec.native, "/ticker"),
      query: { limit: clampLimit(query.limit, 100, MAX_TRADES) },
      weight: 1,
      parse: (body, context) => parseMarketTrades(body, spec.native, context),
    };
  },

  klines(spec, query: KlineQuery): RestCall<KlineEvent[]> {
    coinbaseAccountOf(spec.account);
    const { name } = granularityOf(query.interval);
    const window = candleWindowOf(query, Date.now());
    return {
      account: spec.account,
      path: productPath(spec.native, "/candles"),
      query: { start: window.startS, end: window.endS, granularity: name, limit: window.limit },
      weight: 1,
      parse: (body, context) => parseCandles(body, spec.native, query.interval, context),
    };
  },

  openInterest(spec): RestCall<OpenInterestEvent> {
    assertFutures(spec, "open interest");
    return {
      account: spec.account,
      path: productPath(spec.native),
      weight: 1,
      parse: (body, context) => parseOpenInterest(body, spec.native, context),
    };
  },

  fundingRate(spec): RestCall<FundingRateEvent> {
    assertFutures(spec, "funding rate");
    return {
      account: spec.account,
      path: productPath(spec.native),
      weight: 1,
      parse: (body, context) => parseFundingRate(body, spec.native, context),
    };
  },

  recognize: recognizeCoinbaseUrl,
};
