// Bitget public REST (`https://api.bitget.com/api/v3/market/…`, the UTA market data that serves every account
// type): the endpoint table, one budget, and the body parsers (pure; an error envelope or an unusable shape throws).

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
import { recvMsOf, tradeEventAt } from "../_shared/event-base.ts";
import { unexpectedShape } from "../_shared/rest-bodies.ts";
import {
  assignDefined,
  isRecord,
  isTime,
  toId,
  toLevels,
  toNumber,
  toOptionalNumber,
} from "../_shared/values.ts";
import { intervalMsOf, klineOfRow, textOf, tickerValues } from "./parse.ts";
import { bitgetIntervalOf } from "./subscribe.ts";
import { type BitgetCategory, categoryOf, expiryOfMs, fromBitgetNative } from "./symbols.ts";

const BASE_URL = "https://api.bitget.com";

/**
 * Each market endpoint allows "Rate limit: 20/sec/IP" (instruments, tickers, orderbook, candles); one shared budget
 * of 20 a second keeps every endpoint inside its own limit.
 */
export const BITGET_RATE_LIMIT = { weight: 20, perMs: 1_000 } as const;

/** "This endpoint allows retrieving up to 1,000 candlesticks"; older bars come from `history-candles`. */
const RECENT_CANDLES = 1_000;
const MAX_CANDLES = 100;
const MAX_BOOK_LEVELS = 200;
const MAX_FILLS = 100;
const MAX_FUNDING_ROWS = 100;

// ── envelope and helpers ───────────────────────────────────────────────────────────────────────────────────────

const unexpected = (what: string): Dig3Error => unexpectedShape("bitget", what);

/** The `data` of a `{code, msg, data}` answer; a code other than "00000" throws the venue's own message. */
export function dataOf(body: unknown, what: string): unknown {
  if (!isRecord(body)) throw unexpected(what);
  const code = toId(body.code);
  if (code !== "00000") {
    const msg = typeof body.msg === "string" && body.msg ? body.msg : "request failed";
    throw new Dig3Error("E_VENUE", `bitget ${what}: ${msg} (code ${code || "?"})`, {
      hint:
        code === "40034" || code === "40019"
          ? "check the symbol and account with 'dig3 capabilities bitget' or the instrument list"
          : code === "429" || /too many|frequent/i.test(msg)
            ? "too many requests; wait and retry"
            : undefined,
      details: { venueCode: code },
    });
  }
  return body.data;
}

function rowsOf(body: unknown, what: string): unknown[] {
  const data = dataOf(body, what);
  if (Array.isArray(data)) return data;
  // Paged answers put their rows in `resultList` (funding history) or `list` (open interest).
  if (isRecord(data) && Array.isArray(data.resultList)) return data.resultList;
  if (isRecord(data) && Array.isArray(data.list)) return data.list;
  throw unexpected(what);
}

/** The answer's `requestTime`, the time of REST rows that carry none. */
function requestMsOf(body: unknown, context: ParseContext): number {
  const requestMs = isRecord(body) ? toNumber(body.requestTime) : Number.NaN;
  return isTime(requestMs) ? requestMs : recvMsOf(context);
}

/** A REST answer is about the spec's own instrument: its account and canonical name. */
function placeOfSpec(spec: StreamSpec) {
  return { account: spec.account, native: spec.native, symbol: spec.symbol };
}

function clampLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(max, Math.max(1, Math.floor(limit)));
}

function sideOf(value: unknown): "buy" | "sell" | undefined {
  const text = typeof value === "string" ? value.toLowerCase() : "";
  return text === "buy" ? "buy" : text === "sell" ? "sell" : undefined;
}

/** `0.1` from a step (`priceMultiplier`), else from decimal places (`pricePrecision` 2 → 0.01). */
function stepOf(step: unknown, places: unknown): number | undefined {
  const explicit = toOptionalNumber(step);
  if (explicit !== undefined && explicit > 0) return explicit;
  const digits = toOptionalNumber(places);
  return digits !== undefined && digits >= 0 && Number.isInteger(digits) ? Number(`1e-${digits}`) : undefined;
}

// ── parsers ────────────────────────────────────────────────────────────────────────────────────────────────────

/** `/api/v3/market/instruments` rows → instruments of `account`; quarterlies get their expiry from `deliveryTime`. */
export function parseInstruments(body: unknown, account: Account): Instrument[] {
  const instruments: Instrument[] = [];
  for (const row of rowsOf(body, "instruments")) {
    if (!isRecord(row)) continue;
    const native = textOf(row.symbol);
    const base = textOf(row.baseCoin)?.toUpperCase();
    const quote = textOf(row.quoteCoin)?.toUpperCase();
    if (!native || !base || !quote) continue;
    const parts = fromBitgetNative(native, account) ?? { base, quote };
    parts.base = base;
    parts.quote = quote;
    if (account !== "spot") parts.settle = account === "inverse" ? base : quote;
    const deliveryMs = toNumber(row.deliveryTime);
    if (account !== "spot" && row.symbolType === "delivery" && isTime(deliveryMs))
      parts.expiry = expiryOfMs(deliveryMs);
    const status = typeof row.status === "string" ? row.status : "";
    const instrument: Instrument = {
      account,
      symbol: formatCanonical(parts),
      native,
      base,
      quote,
      status,
      active: status === "online",
    };
    instruments.push(
      assignDefined(instrument, {
        settle: parts.settle,
        tickSize: stepOf(row.priceMultiplier, row.pricePrecision),
        lotSize: stepOf(row.quantityMultiplier, row.quantityPrecision),
      }),
    );
  }
  return instruments;
}

function firstRecordOf(body: unknown, what: string): Record<string, unknown> {
  const row = rowsOf(body, what)[0];
  if (!isRecord(row))
    throw new Dig3Error("E_VENUE", `bitget ${what}: empty answer`, { hint: "check the symbol" });
  return row;
}

/** `/api/v3/market/tickers?symbol=…` → the row's ticker at the answer's `requestTime`. */
export function parseTicker(body: unknown, spec: StreamSpec, context: ParseContext): TickerEvent {
  const row = firstRecordOf(body, "tickers");
  const place = placeOfSpec(spec);
  const values = tickerValues(row, place.account);
  if (values.last === undefined) throw unexpected("tickers");
  const event: TickerEvent = {
    kind: "ticker",
    exchange: context.exchange,
    account: place.account,
    symbol: place.symbol,
    tsMs: requestMsOf(body, context),
    recvTsUs: context.recvTsUs,
  };
  return assignDefined(event, values);
}

/** `/api/v3/market/orderbook` → a snapshot without sequence number (REST books carry none). */
export function parseBook(body: unknown, spec: StreamSpec, context: ParseContext): BookEvent {
  const data = dataOf(body, "orderbook");
  if (!isRecord(data)) throw unexpected("orderbook");
  const asks = data.a ?? data.asks;
  const bids = data.b ?? data.bids;
  if (!Array.isArray(asks) || !Array.isArray(bids)) throw unexpected("orderbook");
  const sentMs = toNumber(data.ts);
  const place = placeOfSpec(spec);
  return {
    kind: "book",
    exchange: context.exchange,
    account: place.account,
    symbol: place.symbol,
    tsMs: isTime(sentMs) ? sentMs : requestMsOf(body, context),
    recvTsUs: context.recvTsUs,
    type: "snapshot",
    bids: toLevels(bids),
    asks: toLevels(asks),
  };
}

/** `/api/v3/market/fills` (newest first) → trades oldest first. */
export function parseTrades(body: unknown, spec: StreamSpec, context: ParseContext): TradeEvent[] {
  const place = placeOfSpec(spec);
  const trades: TradeEvent[] = [];
  for (const row of rowsOf(body, "fills")) {
    if (!isRecord(row)) continue;
    const price = toNumber(row.price);
    const size = toNumber(row.size);
    const tsMs = toNumber(row.ts);
    const tradeId = toId(row.execId ?? row.tradeId);
    const side = sideOf(row.side);
    if (!(price > 0) || !(size > 0) || !isTime(tsMs) || !tradeId || !side) continue;
    trades.push(tradeEventAt(context, place.account, place.symbol, tsMs, price, size, side, tradeId));
  }
  return trades.sort(
    (a, b) => a.tsMs - b.tsMs || a.tradeId.length - b.tradeId.length || (a.tradeId < b.tradeId ? -1 : 1),
  );
}

/**
 * `/api/v3/market/candles` rows → klines oldest first. A bar is final once its interval has passed at the answer's
 * time; a final bar's `tsMs` is its close, the open one's the answer's time.
 */
export function parseCandles(
  body: unknown,
  spec: StreamSpec,
  interval: string,
  context: ParseContext,
): KlineEvent[] {
  const place = placeOfSpec(spec);
  const nowMs = requestMsOf(body, context);
  const lengthMs = intervalMsOf(interval);
  const klines: KlineEvent[] = [];
  for (const row of rowsOf(body, "candles")) {
    const closeMs = toNumber(Array.isArray(row) ? row[0] : undefined) + lengthMs;
    const closed = Number.isFinite(closeMs) && closeMs <= nowMs;
    const kline = klineOfRow(row, place, interval, closed ? closeMs - 1 : nowMs, closed, context);
    if (kline) klines.push(kline);
  }
  return klines.sort((a, b) => a.openTimeMs - b.openTimeMs);
}

/** `/api/v3/market/history-fund-rate` → settled rates at their funding time, oldest first. */
export function parseFundingHistory(
  body: unknown,
  spec: StreamSpec,
  context: ParseContext,
): FundingRateEvent[] {
  const place = placeOfSpec(spec);
  const events: FundingRateEvent[] = [];
  for (const row of rowsOf(body, "history-fund-rate")) {
    if (!isRecord(row)) continue;
    const rate = toOptionalNumber(row.fundingRate);
    const tsMs = toNumber(row.fundingRateTimestamp ?? row.fundingTime);
    if (rate === undefined || !isTime(tsMs)) continue;
    events.push({
      kind: "funding_rate",
      exchange: context.exchange,
      account: place.account,
      symbol: place.symbol,
      tsMs,
      recvTsUs: context.recvTsUs,
      rate,
    });
  }
  return events.sort((a, b) => a.tsMs - b.tsMs);
}

/** `/api/v3/market/open-interest` → `{list: [{symbol, openInterest}], ts}`: the symbol's row. */
export function parseOpenInterest(body: unknown, spec: StreamSpec, context: ParseContext): OpenInterestEvent {
  const data = dataOf(body, "open-interest");
  const rows =
    isRecord(data) && Array.isArray(data.list) ? data.list : Array.isArray(data) ? data : undefined;
  if (!rows) throw unexpected("open-interest");
  const row =
    rows.find((item) => isRecord(item) && item.symbol === spec.native) ??
    (rows.length === 1 ? rows[0] : undefined);
  const openInterest = isRecord(row) ? toOptionalNumber(row.openInterest) : undefined;
  if (openInterest === undefined)
    throw new Dig3Error("E_VENUE", "bitget open-interest: no row for the symbol");
  const sentMs = isRecord(data) ? toNumber(data.ts) : Number.NaN;
  const place = placeOfSpec(spec);
  return {
    kind: "open_interest",
    exchange: context.exchange,
    account: place.account,
    symbol: place.symbol,
    tsMs: isTime(sentMs) ? sentMs : requestMsOf(body, context),
    recvTsUs: context.recvTsUs,
    openInterest,
  };
}

// ── calls ──────────────────────────────────────────────────────────────────────────────────────────────────────

function assertFutures(spec: StreamSpec, what: string): void {
  if (spec.account === "spot") {
    throw new Dig3Error("E_WIRE_ABSENT", `bitget spot ${what}: not offered on spot`, {
      hint: "use --account linear or inverse",
    });
  }
}

const PRIMARY_CATEGORY: Readonly<Record<Exclude<Account, "option">, BitgetCategory>> = {
  spot: "SPOT",
  linear: "USDT-FUTURES",
  inverse: "COIN-FUTURES",
};

function instrumentsCall(account: Account, category: BitgetCategory): RestCall<Instrument[]> {
  return {
    account,
    path: "/api/v3/market/instruments",
    query: { category },
    weight: 1,
    parse: (body) => parseInstruments(body, account),
  };
}

/** The candle endpoint for a query: `candles` while the range is within its latest 1,000 bars, else history. */
export function candlesPathOf(interval: string, startMs: number | undefined, nowMs: number): string {
  if (startMs === undefined) return "/api/v3/market/candles";
  const barMs = intervalMsOf(interval);
  return Number.isFinite(barMs) && nowMs - startMs > RECENT_CANDLES * barMs
    ? "/api/v3/market/history-candles"
    : "/api/v3/market/candles";
}

const RECOGNIZED: Readonly<Record<string, RecognizedRest["call"]>> = {
  "/api/v3/market/instruments": "instruments",
  "/api/v3/market/tickers": "ticker",
  "/api/v3/market/orderbook": "book",
  "/api/v3/market/fills": "trades",
  "/api/v3/market/candles": "klines",
  "/api/v3/market/history-candles": "klines",
  "/api/v3/market/history-fund-rate": "fundingHistory",
  "/api/v3/market/open-interest": "openInterest",
  "/api/v2/spot/market/fills-history": "trades",
  "/api/v2/mix/market/fills-history": "trades",
};

const ACCOUNT_OF_CATEGORY: Readonly<Record<string, Account>> = {
  SPOT: "spot",
  MARGIN: "spot",
  "USDT-FUTURES": "linear",
  "USDC-FUTURES": "linear",
  "COIN-FUTURES": "inverse",
};

/** Which call a recorded URL was; the account comes from its `category`. */
export function recognizeBitgetUrl(url: URL): RecognizedRest | undefined {
  const call = RECOGNIZED[url.pathname.replace(/\/+$/, "")];
  if (!call) return undefined;
  // v2 names the category `productType` (futures only).
  const category = url.searchParams.get("category") ?? url.searchParams.get("productType") ?? "";
  const account = ACCOUNT_OF_CATEGORY[category.toUpperCase()] ?? "spot";
  return { call, account, native: url.searchParams.get("symbol") ?? "" };
}

const MAX_HISTORY_FILLS = 1_000;

function fillsHistoryCall(
  spec: StreamSpec,
  beforeId: string,
  limit: number | undefined,
): RestCall<TradeEvent[]> {
  const isSpot = spec.account === "spot";
  return {
    account: spec.account,
    path: isSpot ? "/api/v2/spot/market/fills-history" : "/api/v2/mix/market/fills-history",
    query: {
      symbol: spec.native,
      productType: isSpot ? undefined : categoryOf(spec.native, spec.account),
      limit: clampLimit(limit, MAX_FILLS, MAX_HISTORY_FILLS),
      idLessThan: beforeId,
    },
    weight: 2,
    parse: (body, context) => parseTrades(body, spec, context),
  };
}

export const bitgetRest: ExchangeRest = {
  // Demo trading shares the host and is chosen by a `paptrading: 1` header a RestCall cannot carry: public market
  // data always comes from the live service.
  baseUrl: (_account: Account, _options: WsOptions) => BASE_URL,
  rateLimit: BITGET_RATE_LIMIT,

  instruments(account): RestCall<Instrument[]> {
    return instrumentsCall(account, account === "option" ? "USDT-FUTURES" : PRIMARY_CATEGORY[account]);
  },

  moreInstruments(account): RestCall<Instrument[]>[] {
    // USDC perpetuals are a product type of their own, on the same linear account.
    return account === "linear" ? [instrumentsCall(account, "USDC-FUTURES")] : [];
  },

  ticker(spec): RestCall<TickerEvent> {
    return {
      account: spec.account,
      path: "/api/v3/market/tickers",
      query: { category: categoryOf(spec.native, spec.account), symbol: spec.native },
      weight: 1,
      parse: (body, context) => parseTicker(body, spec, context),
    };
  },

  book(spec, depth): RestCall<BookEvent> {
    return {
      account: spec.account,
      path: "/api/v3/market/orderbook",
      query: {
        category: categoryOf(spec.native, spec.account),
        symbol: spec.native,
        limit: clampLimit(depth, 100, MAX_BOOK_LEVELS),
      },
      weight: 1,
      parse: (body, context) => parseBook(body, spec, context),
    };
  },

  /**
   * The newest fills from v3 `/api/v3/market/fills` (category, symbol, limit ≤ 100: no cursor); older ones from
   * v2's fills history, which pages by `idLessThan` (ids descending, limit ≤ 1000): spot
   * `/api/v2/spot/market/fills-history` (https://www.bitget.com/api-doc/spot/market/Get-Market-Trades), futures
   * `/api/v2/mix/market/fills-history` with `productType` (https://www.bitget.com/api-doc/contract/market/Get-Fills-History).
   * Both allow 10 requests a second per IP: weight 2 of the shared 20.
   */
  trades(spec, query: TradeQuery): RestCall<TradeEvent[]> {
    if (query.beforeId !== undefined) return fillsHistoryCall(spec, query.beforeId, query.limit);
    return {
      account: spec.account,
      path: "/api/v3/market/fills",
      query: {
        category: categoryOf(spec.native, spec.account),
        symbol: spec.native,
        limit: clampLimit(query.limit, MAX_FILLS, MAX_FILLS),
      },
      weight: 1,
      parse: (body, context) => parseTrades(body, spec, context),
    };
  },

  // v2's fills history has no options.
  canPageTrades: (account) => account !== "option",

  klines(spec, query: KlineQuery): RestCall<KlineEvent[]> {
    const limit = clampLimit(query.limit, MAX_CANDLES, MAX_CANDLES);
    return {
      account: spec.account,
      path: candlesPathOf(query.interval, query.startMs, Date.now()),
      query: {
        category: categoryOf(spec.native, spec.account),
        symbol: spec.native,
        interval: bitgetIntervalOf(query.interval),
        type: "MARKET",
        startTime: query.startMs,
        endTime: query.endMs,
        limit,
      },
      weight: 1,
      parse: (body, context) => parseCandles(body, spec, query.interval, context),
    };
  },

  fundingHistory(spec, query: HistoryQuery): RestCall<FundingRateEvent[]> {
    assertFutures(spec, "funding");
    return {
      account: spec.account,
      path: "/api/v3/market/history-fund-rate",
      query: {
        category: categoryOf(spec.native, spec.account),
        symbol: spec.native,
        limit: clampLimit(query.limit, MAX_FUNDING_ROWS, MAX_FUNDING_ROWS),
      },
      weight: 1,
      parse: (body, context) => parseFundingHistory(body, spec, context),
    };
  },

  openInterest(spec): RestCall<OpenInterestEvent> {
    assertFutures(spec, "open interest");
    return {
      account: spec.account,
      path: "/api/v3/market/open-interest",
      query: { category: categoryOf(spec.native, spec.account), symbol: spec.native },
      weight: 1,
      parse: (body, context) => parseOpenInterest(body, spec, context),
    };
  },

  recognize: recognizeBitgetUrl,
};
