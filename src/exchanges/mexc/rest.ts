// MEXC public REST: spot `/api/v3` on api.mexc.com, futures `/api/v1/contract` on contract.mexc.com; the endpoint
// table per account, weights, recognize(), and the spot body parsers (the futures ones are in futures/rest.ts).

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
import { eventBaseOf, recvMsOf } from "../_shared/event-base.ts";
import { barValuesOf, klineOf, unexpectedShape } from "../_shared/rest-bodies.ts";
import {
  assignDefined,
  createContentIds,
  isRecord,
  toId,
  toLevels,
  toNumber,
  toOptionalNumber,
} from "../_shared/values.ts";
import {
  parseFuturesDepth,
  parseFuturesFundingHistory,
  parseFuturesInstruments,
  parseFuturesKlines,
  parseFuturesOpenInterest,
  parseFuturesTicker,
  parseFuturesTrades,
} from "./futures/rest.ts";
import { MEXC_INTERVALS } from "./subscribe.ts";
import { fromMexcNative } from "./symbols.ts";

const SPOT_BASE_URL = "https://api.mexc.com";
const FUTURES_BASE_URL = "https://contract.mexc.com";
const SPOT_PREFIX = "/api/v3";
const FUTURES_PREFIX = "/api/v1/contract";

/** Spot REST kline intervals: the socket's set without `8h`. Docs: spot "ENUM definitions" (Kline Interval). */
export const MEXC_SPOT_REST_INTERVALS: Readonly<Record<string, string>> = {
  "1m": "1m",
  "5m": "5m",
  "15m": "15m",
  "30m": "30m",
  "1h": "60m",
  "4h": "4h",
  "1d": "1d",
  "1w": "1W",
  "1M": "1M",
};

type MexcAccount = "spot" | "linear" | "inverse";

export function mexcAccountOf(account: Account): MexcAccount {
  if (account === "spot" || account === "linear" || account === "inverse") return account;
  throw new Dig3Error("E_WIRE_ABSENT", `mexc ${account}: MEXC lists no such market`, {
    hint: "use --account spot, linear (USDT/USDC perpetuals) or inverse (coin-margined perpetuals)",
  });
}

export function mexcRestBaseUrl(account: Account, _options: WsOptions): string {
  // MEXC has no public testnet; the same hosts answer either way.
  return mexcAccountOf(account) === "spot" ? SPOT_BASE_URL : FUTURES_BASE_URL;
}

// ── parsing helpers ────────────────────────────────────────────────────────────────────────────────────────────

const unexpected = (what: string): Dig3Error => unexpectedShape("mexc", what);

/** Spot error bodies: `{"code":-1121,"msg":"Invalid symbol."}` (HTTP 4xx). */
function assertSpotNotError(body: unknown, what: string): void {
  if (isRecord(body) && typeof body.code === "number" && typeof body.msg === "string" && body.code !== 200) {
    throw new Dig3Error("E_VENUE", `mexc ${what}: ${body.msg} (code ${body.code})`, {
      hint: body.code === -1121 ? "check the symbol against the spot instrument list" : undefined,
      details: { venueCode: body.code },
    });
  }
}

/** A step from a count of decimal places (`quotePrecision: 2` → 0.01). */
function stepOfPrecision(places: unknown): number | undefined {
  const n = toOptionalNumber(places);
  return n === undefined || n < 0 || n > 18 ? undefined : Number((10 ** -n).toFixed(n));
}

// ── spot parsers ───────────────────────────────────────────────────────────────────────────────────────────────

/** exchangeInfo → spot instruments. `status` "1" (or "ENABLED" in the docs' example) is online. */
export function parseSpotInstruments(body: unknown): Instrument[] {
  assertSpotNotError(body, "exchangeInfo");
  if (!isRecord(body) || !Array.isArray(body.symbols)) throw unexpected("exchangeInfo");
  const instruments: Instrument[] = [];
  for (const row of body.symbols) {
    if (!isRecord(row) || typeof row.symbol !== "string") continue;
    const base = typeof row.baseAsset === "string" ? row.baseAsset.toUpperCase() : "";
    const quote = typeof row.quoteAsset === "string" ? row.quoteAsset.toUpperCase() : "";
    if (!base || !quote) continue;
    const status = toId(row.status);
    const instrument: Instrument = {
      account: "spot",
      symbol: formatCanonical({ base, quote }),
      native: row.symbol,
      base,
      quote,
      status,
      active: status === "1" || status === "ENABLED",
    };
    instruments.push(
      assignDefined(instrument, {
        tickSize: stepOfPrecision(row.quotePrecision ?? row.quoteAssetPrecision),
        lotSize: stepOfPrecision(row.baseAssetPrecision),
      }),
    );
  }
  return instruments;
}

export function parseSpotTicker(body: unknown, native: string, context: ParseContext): TickerEvent {
  assertSpotNotError(body, "ticker/24hr");
  const row = Array.isArray(body) ? (body.find((r) => isRecord(r) && r.symbol === native) ?? body[0]) : body;
  if (!isRecord(row)) throw unexpected("ticker/24hr");
  const last = toNumber(row.lastPrice);
  if (!Number.isFinite(last)) throw unexpected("ticker/24hr");
  const closeMs = toNumber(row.closeTime);
  const rowNative = typeof row.symbol === "string" ? row.symbol : native;
  const event: TickerEvent = {
    kind: "ticker",
    ...eventBaseOf(context, rowNative, closeMs > 0 ? closeMs : recvMsOf(context)),
    last,
  };
  const change = toOptionalNumber(row.priceChangePercent);
  return assignDefined(event, {
    bid: toOptionalNumber(row.bidPrice),
    bidSize: toOptionalNumber(row.bidQty),
    ask: toOptionalNumber(row.askPrice),
    askSize: toOptionalNumber(row.askQty),
    high24h: toOptionalNumber(row.highPrice),
    low24h: toOptionalNumber(row.lowPrice),
    volume24h: toOptionalNumber(row.volume),
    quoteVolume24h: toOptionalNumber(row.quoteVolume),
    // MEXC's `priceChangePercent` is a fraction ("0.00400048" = 0.4 %).
    changePct24h: change === undefined ? undefined : change * 100,
  });
}

/** Depth snapshot → BookEvent `snapshot` with seq = lastUpdateId, the version the deltas bridge to. */
export function parseSpotDepth(body: unknown, native: string, context: ParseContext): BookEvent {
  assertSpotNotError(body, "depth");
  if (!isRecord(body) || !Array.isArray(body.bids) || !Array.isArray(body.asks)) throw unexpected("depth");
  const seq = toNumber(body.lastUpdateId);
  if (!Number.isFinite(seq)) throw unexpected("depth");
  const stampMs = toNumber(body.timestamp);
  return {
    kind: "book",
    ...eventBaseOf(context, native, stampMs > 0 ? stampMs : recvMsOf(context)),
    type: "snapshot",
    bids: toLevels(body.bids),
    asks: toLevels(body.asks),
    seq,
  };
}

/**
 * Recent trades, oldest first; ids are made up (MEXC returns `id: null`) as for socket trades without one, the n-th
 * alike trade of the page `…#n` (`createContentIds`).
 */
export function parseSpotTrades(body: unknown, native: string, context: ParseContext): TradeEvent[] {
  assertSpotNotError(body, "trades");
  if (!Array.isArray(body)) throw unexpected("trades");
  const trades: TradeEvent[] = [];
  const contentId = createContentIds();
  for (const row of body) {
    if (!isRecord(row) || typeof row.isBuyerMaker !== "boolean") continue;
    const price = toNumber(row.price);
    const size = toNumber(row.qty);
    const tsMs = toNumber(row.time);
    if (!(price > 0) || !(size > 0) || !(tsMs > 0)) continue;
    const side = row.isBuyerMaker ? "sell" : "buy";
    const tradeId = toId(row.id) || contentId(tsMs, price, size, side);
    trades.push({ kind: "trade", ...eventBaseOf(context, native, tsMs), price, size, side, tradeId });
  }
  return trades.sort((a, b) => a.tsMs - b.tsMs);
}

/**
 * Kline rows → KlineEvents. Column 6 is the next bar's open; a bar is closed once that is before the receive time,
 * which keeps the parser pure.
 */
export function parseSpotKlines(
  body: unknown,
  native: string,
  interval: string,
  context: ParseContext,
): KlineEvent[] {
  assertSpotNotError(body, "klines");
  if (!Array.isArray(body)) throw unexpected("klines");
  const klines: KlineEvent[] = [];
  for (const row of body) {
    if (!Array.isArray(row) || row.length < 7) continue;
    const openTimeMs = toNumber(row[0]);
    const endMs = toNumber(row[6]);
    const values = barValuesOf(row[1], row[2], row[3], row[4], row[5]);
    if (!(openTimeMs > 0) || !(endMs > openTimeMs) || !values) continue;
    const kline = klineOf(context, native, interval, { openTimeMs, closeTimeMs: endMs - 1 }, values);
    klines.push(assignDefined(kline, { quoteVolume: toOptionalNumber(row[7]) }));
  }
  return klines;
}

// ── calls ──────────────────────────────────────────────────────────────────────────────────────────────────────

function clampLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(max, Math.max(1, Math.floor(limit)));
}

function assertFutures(spec: StreamSpec, what: string): void {
  if (spec.account === "spot") {
    throw new Dig3Error("E_WIRE_ABSENT", `mexc spot ${what}: spot has no ${what}`, {
      hint: "use --account linear (USDT perpetuals, BTC/USDT:USDT) or inverse",
    });
  }
}

function spotIntervalOf(interval: string): string {
  const native = MEXC_SPOT_REST_INTERVALS[interval];
  if (!native) {
    throw new Dig3Error("E_WIRE_ABSENT", `mexc spot klines: no ${interval} bars over REST`, {
      hint: `use one of ${Object.keys(MEXC_SPOT_REST_INTERVALS).join(", ")}`,
    });
  }
  return native;
}

function futuresIntervalOf(interval: string): string {
  const native = MEXC_INTERVALS[interval];
  if (!native) {
    throw new Dig3Error("E_WIRE_ABSENT", `mexc futures klines: no ${interval} bars`, {
      hint: `use one of ${Object.keys(MEXC_INTERVALS).join(", ")}`,
    });
  }
  return native;
}

const SPOT_CALLS: Readonly<Record<string, RecognizedRest["call"]>> = {
  exchangeInfo: "instruments",
  "ticker/24hr": "ticker",
  depth: "book",
  trades: "trades",
  klines: "klines",
};

const FUTURES_CALL_RE =
  /^\/api\/v1\/contract\/(detail|ticker|depth|deals|kline|funding_rate\/history)(?:\/([A-Z0-9_]+))?$/i;

const FUTURES_CALLS: Readonly<Record<string, RecognizedRest["call"]>> = {
  detail: "instruments",
  ticker: "ticker",
  depth: "book",
  deals: "trades",
  kline: "klines",
  "funding_rate/history": "fundingHistory",
};

/** Which call a recorded URL was, by path; a futures symbol quoted in USD is a coin-margined (inverse) contract. */
export function recognizeMexcUrl(url: URL): RecognizedRest | undefined {
  const path = url.pathname;
  if (path.startsWith(`${SPOT_PREFIX}/`)) {
    const call = SPOT_CALLS[path.slice(SPOT_PREFIX.length + 1)];
    return call ? { call, account: "spot", native: url.searchParams.get("symbol") ?? "" } : undefined;
  }
  const match = FUTURES_CALL_RE.exec(path);
  if (!match) return undefined;
  const call = FUTURES_CALLS[match[1]!];
  if (!call) return undefined;
  const native = match[2] ?? url.searchParams.get("symbol") ?? "";
  const account: Account = fromMexcNative(native, "inverse") ? "inverse" : "linear";
  return { call, account, native };
}

export const mexcRest: ExchangeRest = {
  baseUrl: mexcRestBaseUrl,
  // Spot allows 500 weight per 10 s per endpoint, futures "20 times / 2 seconds" per endpoint; the contract has one
  // budget per venue, so it takes the futures one and charges every call 1.
  rateLimit: { weight: 20, perMs: 2000 },
  // Spot REST answers `id: null`, futures REST and older spot pushes name no id: those trades get made-up ids
  // (`createContentIds`).
  makesTradeIds: () => true,

  instruments(account): RestCall<Instrument[]> {
    if (mexcAccountOf(account) === "spot") {
      return {
        account,
        path: `${SPOT_PREFIX}/exchangeInfo`,
        weight: 1,
        parse: (body) => parseSpotInstruments(body),
      };
    }
    return {
      account,
      path: `${FUTURES_PREFIX}/detail`,
      weight: 1,
      parse: (body) => parseFuturesInstruments(body, account),
    };
  },

  ticker(spec): RestCall<TickerEvent> {
    if (mexcAccountOf(spec.account) === "spot") {
      return {
        account: spec.account,
        path: `${SPOT_PREFIX}/ticker/24hr`,
        query: { symbol: spec.native },
        weight: 1,
        parse: (body, context) => parseSpotTicker(body, spec.native, context),
      };
    }
    return {
      account: spec.account,
      path: `${FUTURES_PREFIX}/ticker`,
      query: { symbol: spec.native },
      weight: 1,
      parse: (body, context) => parseFuturesTicker(body, spec.native, context),
    };
  },

  book(spec, depth): RestCall<BookEvent> {
    if (mexcAccountOf(spec.account) === "spot") {
      return {
        account: spec.account,
        path: `${SPOT_PREFIX}/depth`,
        query: { symbol: spec.native, limit: clampLimit(depth, 100, 5000) },
        weight: 1,
        parse: (body, context) => parseSpotDepth(body, spec.native, context),
      };
    }
    return {
      account: spec.account,
      path: `${FUTURES_PREFIX}/depth/${spec.native}`,
      query: { limit: clampLimit(depth, 100, 1000) },
      weight: 1,
      parse: (body, context) => parseFuturesDepth(body, spec.native, context),
    };
  },

  trades(spec, query: TradeQuery): RestCall<TradeEvent[]> {
    if (mexcAccountOf(spec.account) === "spot") {
      return {
        account: spec.account,
        path: `${SPOT_PREFIX}/trades`,
        query: { symbol: spec.native, limit: clampLimit(query.limit, 500, 1000) },
        weight: 1,
        parse: (body, context) => parseSpotTrades(body, spec.native, context),
      };
    }
    return {
      account: spec.account,
      path: `${FUTURES_PREFIX}/deals/${spec.native}`,
      query: { limit: clampLimit(query.limit, 100, 100) },
      weight: 1,
      parse: (body, context) => parseFuturesTrades(body, spec.native, context),
    };
  },

  klines(spec, query: KlineQuery): RestCall<KlineEvent[]> {
    if (mexcAccountOf(spec.account) === "spot") {
      return {
        account: spec.account,
        path: `${SPOT_PREFIX}/klines`,
        query: {
          symbol: spec.native,
          interval: spotIntervalOf(query.interval),
          limit: clampLimit(query.limit, 500, 1000),
          startTime: query.startMs,
          endTime: query.endMs,
        },
        weight: 1,
        parse: (body, context) => parseSpotKlines(body, spec.native, query.interval, context),
      };
    }
    // Futures take `start`/`end` in seconds and no limit (up to 2000 bars); the parser keeps the newest `limit`.
    return {
      account: spec.account,
      path: `${FUTURES_PREFIX}/kline/${spec.native}`,
      query: {
        interval: futuresIntervalOf(query.interval),
        start: query.startMs === undefined ? undefined : Math.floor(query.startMs / 1000),
        end: query.endMs === undefined ? undefined : Math.floor(query.endMs / 1000),
      },
      weight: 1,
      parse: (body, context) =>
        parseFuturesKlines(body, spec.native, query.interval, context, clampLimit(query.limit, 2000, 2000)),
    };
  },

  fundingHistory(spec, query: HistoryQuery): RestCall<FundingRateEvent[]> {
    assertFutures(spec, "funding");
    return {
      account: spec.account,
      path: `${FUTURES_PREFIX}/funding_rate/history`,
      query: { symbol: spec.native, page_num: 1, page_size: clampLimit(query.limit, 100, 100) },
      weight: 1,
      parse: (body, context) => parseFuturesFundingHistory(body, spec.native, context, query),
    };
  },

  openInterest(spec): RestCall<OpenInterestEvent> {
    assertFutures(spec, "open interest");
    return {
      account: spec.account,
      path: `${FUTURES_PREFIX}/ticker`,
      query: { symbol: spec.native },
      weight: 1,
      parse: (body, context) => parseFuturesOpenInterest(body, spec.native, context),
    };
  },

  recognize: recognizeMexcUrl,
};
