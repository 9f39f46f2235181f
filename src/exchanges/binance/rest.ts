// Binance public REST: endpoint table per account (spot /api/v3, USDⓈ-M /fapi/v1, COIN-M /dapi/v1), request
// weights, and the body parsers. Parsers are pure; an error body or an unusable shape throws a Dig3Error.

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
  RateLimitPool,
  RecognizedRest,
  RestCall,
  TradeQuery,
  WsOptions,
} from "../_shared/adapter.ts";
import { eventBaseOf, recvMsOf } from "../_shared/event-base.ts";
import { barValuesOf, klineOf, unexpectedShape } from "../_shared/rest-bodies.ts";
import { assignDefined, isRecord, toId, toLevels, toNumber, toOptionalNumber } from "../_shared/values.ts";

type BinanceAccount = "spot" | "linear" | "inverse";

const PREFIX: Readonly<Record<BinanceAccount, string>> = {
  spot: "/api/v3",
  linear: "/fapi/v1",
  inverse: "/dapi/v1",
};

const BASE_URL: Readonly<Record<BinanceAccount, { live: string; testnet: string }>> = {
  spot: { live: "https://api.binance.com", testnet: "https://testnet.binance.vision" },
  linear: { live: "https://fapi.binance.com", testnet: "https://testnet.binancefuture.com" },
  inverse: { live: "https://dapi.binance.com", testnet: "https://testnet.binancefuture.com" },
};

/**
 * REQUEST_WEIGHT per IP and minute, one pool per API: api/*, fapi/* and dapi/* "don't share limits with each other"
 * (dev.binance.vision/t/request-limit-on-the-api-endpoints/9275), so a spot book resync never slows a futures call.
 * - spot (api.binance.com): 6000 — the spot docs' rate-limit example `{"rateLimitType":"REQUEST_WEIGHT","interval":
 *   "MINUTE","intervalNum":1,"limit":6000}` (developers.binance.com/docs/binance-spot-api-docs/websocket-api/rate-limits;
 *   the same limit in the `depth` request's example);
 * - USDⓈ-M (fapi.binance.com): 2400 — GET /fapi/v1/exchangeInfo `rateLimits`, REQUEST_WEIGHT MINUTE 1 limit 2400
 *   (developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Exchange-Information);
 * - COIN-M (dapi.binance.com): 2400 — "The default rate limit per IP is 2,400/min" for Binance Futures, USDⓈ-M and
 *   COIN-M alike (binance.com/en/support/faq/rate-limits-on-binance-futures-281596e222414cdd9051664ea621cdc3; the VIP
 *   portal's futures IP limits answer 2400 for CM and UM).
 * The windows are calendar minutes at Binance; the limiter's sliding 60 s window never exceeds them.
 */
export const BINANCE_RATE_LIMITS: Readonly<Record<BinanceAccount, RateLimitPool>> = {
  spot: { pool: "api", weight: 6000, perMs: 60_000 },
  linear: { pool: "fapi", weight: 2400, perMs: 60_000 },
  inverse: { pool: "dapi", weight: 2400, perMs: 60_000 },
};

/** Depth limits the futures book endpoints accept; other values are refused, so requests round up. */
const FUTURES_DEPTH_LIMITS = [5, 10, 20, 50, 100, 500, 1000] as const;

export function binanceAccountOf(account: Account): BinanceAccount {
  if (account === "spot" || account === "linear" || account === "inverse") return account;
  throw new Dig3Error("E_WIRE_ABSENT", `binance ${account}: not offered by dig3's Binance adapter`, {
    hint: "use --account spot, linear (USDⓈ-M) or inverse (COIN-M)",
  });
}

export function binanceRestBaseUrl(account: Account, options: WsOptions): string {
  const urls = BASE_URL[binanceAccountOf(account)];
  return options.testnet ? urls.testnet : urls.live;
}

function pathOf(account: Account, endpoint: string): string {
  return `${PREFIX[binanceAccountOf(account)]}/${endpoint}`;
}

/** The depth asked of the venue for a wanted depth: spot takes 1..5000, futures one of FUTURES_DEPTH_LIMITS. */
export function depthLimitOf(account: Account, depth: number): number {
  const wanted = Math.max(1, Math.floor(depth));
  if (binanceAccountOf(account) === "spot") return Math.min(wanted, 5000);
  return FUTURES_DEPTH_LIMITS.find((limit) => limit >= wanted) ?? 1000;
}

export function depthWeightOf(account: Account, limit: number): number {
  if (binanceAccountOf(account) === "spot") {
    if (limit <= 100) return 5;
    if (limit <= 500) return 25;
    if (limit <= 1000) return 50;
    return 250;
  }
  if (limit <= 50) return 2;
  if (limit <= 100) return 5;
  if (limit <= 500) return 10;
  return 20;
}

function klineWeightOf(account: Account, limit: number): number {
  if (binanceAccountOf(account) === "spot") return 2;
  if (limit < 100) return 1;
  if (limit < 500) return 2;
  if (limit <= 1000) return 5;
  return 10;
}

// ── parsing helpers ────────────────────────────────────────────────────────────────────────────────────────────

/** Throws the venue's own error when the body is one (`{"code":-1121,"msg":"Invalid symbol."}`). */
function assertNotError(body: unknown, what: string): void {
  if (isRecord(body) && typeof body.code === "number" && typeof body.msg === "string" && body.code !== 200) {
    throw new Dig3Error("E_VENUE", `binance ${what}: ${body.msg} (code ${body.code})`, {
      hint:
        body.code === -1121
          ? "check the symbol with 'dig3 capabilities binance' or the instrument list"
          : undefined,
      details: { venueCode: body.code },
    });
  }
}

const unexpected = (what: string): Dig3Error => unexpectedShape("binance", what);

// ── parsers ────────────────────────────────────────────────────────────────────────────────────────────────────

const EXPIRY_SUFFIX_RE = /_(\d{6})$/;

/** exchangeInfo → instruments, halted and settled ones included (marked inactive). */
export function parseInstruments(body: unknown, account: Account): Instrument[] {
  assertNotError(body, "exchangeInfo");
  if (!isRecord(body) || !Array.isArray(body.symbols)) throw unexpected("exchangeInfo");
  const instruments: Instrument[] = [];
  for (const row of body.symbols) {
    if (!isRecord(row) || typeof row.symbol !== "string") continue;
    const base = typeof row.baseAsset === "string" ? row.baseAsset.toUpperCase() : "";
    const quote = typeof row.quoteAsset === "string" ? row.quoteAsset.toUpperCase() : "";
    if (!base || !quote) continue;
    const parts: SymbolParts = { base, quote };
    if (account !== "spot") {
      const margin = typeof row.marginAsset === "string" ? row.marginAsset.toUpperCase() : "";
      parts.settle = margin || (account === "inverse" ? base : quote);
      const expiry = EXPIRY_SUFFIX_RE.exec(row.symbol)?.[1];
      if (expiry) parts.expiry = expiry;
    }
    // COIN-M names its status `contractStatus`; spot and USDⓈ-M `status`.
    const status =
      [row.contractStatus, row.status].find((value): value is string => typeof value === "string") ?? "";
    const filters = Array.isArray(row.filters) ? row.filters.filter(isRecord) : [];
    const instrument: Instrument = {
      account,
      symbol: formatCanonical(parts),
      native: row.symbol,
      base,
      quote,
      status,
      active: status === "TRADING",
    };
    assignDefined(instrument, {
      settle: parts.settle,
      tickSize: toOptionalNumber(filters.find((filter) => filter.filterType === "PRICE_FILTER")?.tickSize),
      lotSize: toOptionalNumber(filters.find((filter) => filter.filterType === "LOT_SIZE")?.stepSize),
    });
    instruments.push(instrument);
  }
  return instruments;
}

/** 24h ticker. COIN-M answers with an array even for one symbol. */
export function parseTicker24h(body: unknown, native: string, context: ParseContext): TickerEvent {
  assertNotError(body, "ticker");
  const row = Array.isArray(body)
    ? (body.find((item) => isRecord(item) && item.symbol === native) ?? body[0])
    : body;
  if (!isRecord(row)) throw unexpected("ticker");
  const tsMs = toNumber(row.closeTime);
  const last = toNumber(row.lastPrice);
  if (!Number.isFinite(tsMs) || !Number.isFinite(last)) throw unexpected("ticker");
  const rowNative = typeof row.symbol === "string" ? row.symbol : native;
  const event: TickerEvent = { kind: "ticker", ...eventBaseOf(context, rowNative, tsMs), last };
  return assignDefined(event, {
    // Best bid/ask: spot only.
    bid: toOptionalNumber(row.bidPrice),
    bidSize: toOptionalNumber(row.bidQty),
    ask: toOptionalNumber(row.askPrice),
    askSize: toOptionalNumber(row.askQty),
    high24h: toOptionalNumber(row.highPrice),
    low24h: toOptionalNumber(row.lowPrice),
    volume24h: toOptionalNumber(row.volume),
    // COIN-M: `volume` is contracts and there is no quote volume (`baseVolume` is in the base asset).
    quoteVolume24h: context.account === "inverse" ? undefined : toOptionalNumber(row.quoteVolume),
    changePct24h: toOptionalNumber(row.priceChangePercent),
  });
}

/** Depth snapshot → BookEvent `snapshot` with seq = lastUpdateId. Spot bodies carry no time: the receive time stands in. */
export function parseDepthSnapshot(body: unknown, native: string, context: ParseContext): BookEvent {
  assertNotError(body, "depth");
  if (!isRecord(body) || !Array.isArray(body.bids) || !Array.isArray(body.asks)) throw unexpected("depth");
  const seq = toNumber(body.lastUpdateId);
  if (!Number.isFinite(seq)) throw unexpected("depth");
  const transactionTime = toNumber(body.T);
  const eventTime = toNumber(body.E);
  const tsMs = transactionTime > 0 ? transactionTime : eventTime > 0 ? eventTime : recvMsOf(context);
  return {
    kind: "book",
    ...eventBaseOf(context, native, tsMs),
    type: "snapshot",
    bids: toLevels(body.bids),
    asks: toLevels(body.asks),
    seq,
  };
}

/** Recent trades, oldest first. Rows with unusable numbers are skipped. */
export function parseRecentTrades(body: unknown, native: string, context: ParseContext): TradeEvent[] {
  assertNotError(body, "trades");
  if (!Array.isArray(body)) throw unexpected("trades");
  const trades: TradeEvent[] = [];
  for (const row of body) {
    if (!isRecord(row) || typeof row.isBuyerMaker !== "boolean") continue;
    const price = toNumber(row.price);
    const size = toNumber(row.qty);
    const tsMs = toNumber(row.time);
    const tradeId = toId(row.id);
    if (!(price > 0) || !(size > 0) || !Number.isFinite(tsMs) || !tradeId) continue;
    trades.push({
      kind: "trade",
      ...eventBaseOf(context, native, tsMs),
      price,
      size,
      side: row.isBuyerMaker ? "sell" : "buy",
      tradeId,
    });
  }
  return trades;
}

/**
 * Kline rows → KlineEvents. A bar is closed when its close time is before the response's receive time, which keeps
 * the parser pure; `tsMs` is the time the values hold at (the close time, or the receive time for the open bar).
 */
export function parseKlineRows(
  body: unknown,
  native: string,
  interval: string,
  context: ParseContext,
): KlineEvent[] {
  assertNotError(body, "klines");
  if (!Array.isArray(body)) throw unexpected("klines");
  const klines: KlineEvent[] = [];
  for (const row of body) {
    if (!Array.isArray(row) || row.length < 7) continue;
    const openTimeMs = toNumber(row[0]);
    const closeTimeMs = toNumber(row[6]);
    const values = barValuesOf(row[1], row[2], row[3], row[4], row[5]);
    if (!Number.isFinite(openTimeMs) || !Number.isFinite(closeTimeMs) || !values) continue;
    const kline = klineOf(context, native, interval, { openTimeMs, closeTimeMs }, values);
    assignDefined(kline, {
      // COIN-M's column 7 is base-asset volume, not quote volume.
      quoteVolume: context.account === "inverse" ? undefined : toOptionalNumber(row[7]),
      trades: toOptionalNumber(row[8]),
    });
    klines.push(kline);
  }
  return klines;
}

/** Funding history rows → settled funding rates at their funding time. */
export function parseFundingHistory(
  body: unknown,
  native: string,
  context: ParseContext,
): FundingRateEvent[] {
  assertNotError(body, "fundingRate");
  if (!Array.isArray(body)) throw unexpected("fundingRate");
  const events: FundingRateEvent[] = [];
  for (const row of body) {
    if (!isRecord(row)) continue;
    const rate = toNumber(row.fundingRate);
    const tsMs = toNumber(row.fundingTime);
    if (!Number.isFinite(rate) || !Number.isFinite(tsMs)) continue;
    const rowNative = typeof row.symbol === "string" ? row.symbol : native;
    events.push({ kind: "funding_rate", ...eventBaseOf(context, rowNative, tsMs), rate });
  }
  return events;
}

/** Open interest: base units on USDⓈ-M, contracts on COIN-M, as the venue reports. */
export function parseOpenInterest(body: unknown, native: string, context: ParseContext): OpenInterestEvent {
  assertNotError(body, "openInterest");
  if (!isRecord(body)) throw unexpected("openInterest");
  const openInterest = toNumber(body.openInterest);
  const tsMs = toNumber(body.time);
  if (!Number.isFinite(openInterest) || !Number.isFinite(tsMs)) throw unexpected("openInterest");
  const rowNative = typeof body.symbol === "string" ? body.symbol : native;
  return { kind: "open_interest", ...eventBaseOf(context, rowNative, tsMs), openInterest };
}

// ── calls ──────────────────────────────────────────────────────────────────────────────────────────────────────

function assertFutures(spec: StreamSpec, what: string): void {
  if (spec.account === "spot") {
    throw new Dig3Error("E_WIRE_ABSENT", `binance spot ${what}: spot has no ${what}`, {
      hint: "use --account linear (USDⓈ-M) or inverse (COIN-M)",
    });
  }
}

function clampLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(max, Math.max(1, Math.floor(limit)));
}

const RECOGNIZED_ENDPOINTS: Readonly<Record<string, RecognizedRest["call"]>> = {
  exchangeInfo: "instruments",
  "ticker/24hr": "ticker",
  depth: "book",
  trades: "trades",
  klines: "klines",
  fundingRate: "fundingHistory",
  openInterest: "openInterest",
};

const ACCOUNT_OF_PREFIX: Readonly<Record<string, BinanceAccount>> = {
  "/api/v3/": "spot",
  "/fapi/v1/": "linear",
  "/dapi/v1/": "inverse",
};

/** Which call a recorded URL was: decided by path alone, since the futures testnet serves both on one host. */
export function recognizeBinanceUrl(url: URL): RecognizedRest | undefined {
  for (const [prefix, account] of Object.entries(ACCOUNT_OF_PREFIX)) {
    if (!url.pathname.startsWith(prefix)) continue;
    const call = RECOGNIZED_ENDPOINTS[url.pathname.slice(prefix.length)];
    if (!call) return undefined;
    return { call, account, native: url.searchParams.get("symbol") ?? "" };
  }
  return undefined;
}

export const binanceRest: ExchangeRest = {
  baseUrl: binanceRestBaseUrl,
  // Only for an account with no pool of its own (none today): the smallest of BINANCE_RATE_LIMITS.
  rateLimit: { weight: 2400, perMs: 60_000 },
  rateLimitOf: (account) =>
    account === "spot" || account === "linear" || account === "inverse"
      ? BINANCE_RATE_LIMITS[account]
      : undefined,

  instruments(account): RestCall<Instrument[]> {
    return {
      account,
      path: pathOf(account, "exchangeInfo"),
      weight: binanceAccountOf(account) === "spot" ? 20 : 1,
      parse: (body) => parseInstruments(body, account),
    };
  },

  ticker(spec): RestCall<TickerEvent> {
    return {
      account: spec.account,
      path: pathOf(spec.account, "ticker/24hr"),
      query: { symbol: spec.native },
      weight: spec.account === "spot" ? 2 : 1,
      parse: (body, context) => parseTicker24h(body, spec.native, context),
    };
  },

  book(spec, depth): RestCall<BookEvent> {
    const limit = depthLimitOf(spec.account, depth);
    return {
      account: spec.account,
      path: pathOf(spec.account, "depth"),
      query: { symbol: spec.native, limit },
      weight: depthWeightOf(spec.account, limit),
      parse: (body, context) => parseDepthSnapshot(body, spec.native, context),
    };
  },

  trades(spec, query: TradeQuery): RestCall<TradeEvent[]> {
    return {
      account: spec.account,
      path: pathOf(spec.account, "trades"),
      query: { symbol: spec.native, limit: clampLimit(query.limit, 500, 1000) },
      weight: spec.account === "spot" ? 25 : 5,
      parse: (body, context) => parseRecentTrades(body, spec.native, context),
    };
  },

  klines(spec, query: KlineQuery): RestCall<KlineEvent[]> {
    const limit = clampLimit(query.limit, 500, spec.account === "spot" ? 1000 : 1500);
    return {
      account: spec.account,
      path: pathOf(spec.account, "klines"),
      query: {
        symbol: spec.native,
        interval: query.interval,
        limit,
        startTime: query.startMs,
        endTime: query.endMs,
      },
      weight: klineWeightOf(spec.account, limit),
      parse: (body, context) => parseKlineRows(body, spec.native, query.interval, context),
    };
  },

  fundingHistory(spec, query: HistoryQuery): RestCall<FundingRateEvent[]> {
    assertFutures(spec, "funding");
    return {
      account: spec.account,
      path: pathOf(spec.account, "fundingRate"),
      query: {
        symbol: spec.native,
        limit: clampLimit(query.limit, 100, 1000),
        startTime: query.startMs,
        endTime: query.endMs,
      },
      weight: 1,
      parse: (body, context) => parseFundingHistory(body, spec.native, context),
    };
  },

  openInterest(spec): RestCall<OpenInterestEvent> {
    assertFutures(spec, "open interest");
    return {
      account: spec.account,
      path: pathOf(spec.account, "openInterest"),
      query: { symbol: spec.native },
      weight: 1,
      parse: (body, context) => parseOpenInterest(body, spec.native, context),
    };
  },

  recognize: recognizeBinanceUrl,
};
