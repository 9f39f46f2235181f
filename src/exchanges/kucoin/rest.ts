// KuCoin public REST: the spot host (api.kucoin.com) and the futures host (api-futures.kucoin.com), request weights,
// the socket-token call, and the body parsers. Parsers are pure; an error body or an unusable shape throws a Dig3Error.

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
  WsBootstrap,
  WsOptions,
} from "../_shared/adapter.ts";
import { closeTimeOf } from "../_shared/bar-times.ts";
import { eventBaseOf, recvMsOf, tradeEventOf } from "../_shared/event-base.ts";
import { barValuesOf, klineOf, unexpectedShape } from "../_shared/rest-bodies.ts";
import { assignDefined, isRecord, toId, toLevels, toNumber, toOptionalNumber } from "../_shared/values.ts";
import { msOfEpoch } from "./parse.ts";
import { KUCOIN_CANDLE_TYPES } from "./subscribe.ts";
import { fromKucoinCoin, fromKucoinNative } from "./symbols.ts";

type KucoinMarket = "spot" | "futures";

const BASE_URL: Readonly<Record<KucoinMarket, { live: string; testnet: string }>> = {
  spot: { live: "https://api.kucoin.com", testnet: "https://openapi-sandbox.kucoin.com" },
  futures: { live: "https://api-futures.kucoin.com", testnet: "https://api-sandbox-futures.kucoin.com" },
};

/**
 * The public resource pool: "Public 2000/30s" per IP at every VIP level. Spot and futures market data both draw on
 * it. Docs: https://www.kucoin.com/docs-new/rate-limit
 */
export const KUCOIN_PUBLIC_WEIGHT_PER_30S = 2000;

/** Public weights per endpoint, as the docs give them. */
const WEIGHT = {
  bullet: 10,
  spotSymbols: 4,
  spotStats: 15,
  spotBook20: 2,
  spotBook100: 4,
  spotTrades: 3,
  spotCandles: 3,
  contracts: 3,
  futuresTicker: 2,
  futuresBook: 3,
  futuresTrades: 5,
  futuresCandles: 3,
  fundingRates: 5,
} as const;

/** Futures kline `granularity` (minutes) per canonical interval: the REST list lacks 3m and 1M. */
const FUTURES_GRANULARITY_MIN: Readonly<Record<string, number>> = {
  "1m": 1,
  "5m": 5,
  "15m": 15,
  "30m": 30,
  "1h": 60,
  "2h": 120,
  "4h": 240,
  "8h": 480,
  "12h": 720,
  "1d": 1440,
  "1w": 10080,
};

const FUNDING_PERIOD_MS = 8 * 3_600_000;

export function kucoinMarketOf(account: Account): KucoinMarket {
  if (account === "spot") return "spot";
  if (account === "linear" || account === "inverse") return "futures";
  throw new Dig3Error("E_WIRE_ABSENT", `kucoin ${account}: not offered by KuCoin`, {
    hint: "use --account spot, linear (USDT/USDC-margined) or inverse (coin-margined)",
  });
}

export function kucoinRestBaseUrl(account: Account, options: WsOptions): string {
  const urls = BASE_URL[kucoinMarketOf(account)];
  return options.testnet ? urls.testnet : urls.live;
}

// ── parsing helpers ────────────────────────────────────────────────────────────────────────────────────────────

/** The `data` of a success body (`code` "200000"; the public funding history answers "200"); a venue error throws. */
function unwrap(body: unknown, what: string): unknown {
  if (!isRecord(body) || !("code" in body)) throw unexpected(what);
  const code = toId(body.code);
  if (code === "200000" || code === "200") return body.data;
  const message = typeof body.msg === "string" ? body.msg : "request failed";
  throw new Dig3Error("E_VENUE", `kucoin ${what}: ${message} (code ${code})`, {
    hint: /symbol|contract/i.test(message)
      ? "check the symbol with 'dig3 capabilities kucoin' or the instrument list"
      : undefined,
    details: { venueCode: code },
  });
}

const unexpected = (what: string): Dig3Error => unexpectedShape("kucoin", what);

function newest<T>(items: T[], limit: number | undefined): T[] {
  return limit !== undefined && limit > 0 && items.length > limit ? items.slice(items.length - limit) : items;
}

function yymmddOf(ms: number): string {
  const date = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(date.getUTCFullYear() % 100)}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}`;
}

// ── socket token ───────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Bullet body → the URL to dial: `{endpoint}?token=…&connectId=…`. The connectId must differ per connection (it names
 * the welcome and error frames), so it mixes the receive time with a random part.
 */
export function parseBullet(body: unknown, context: ParseContext): WsBootstrap {
  const data = unwrap(body, "bullet-public");
  const server = isRecord(data) && Array.isArray(data.instanceServers) ? data.instanceServers[0] : undefined;
  if (!isRecord(data) || typeof data.token !== "string" || !isRecord(server))
    throw unexpected("bullet-public");
  const endpoint = server.endpoint;
  if (typeof endpoint !== "string" || !/^wss?:\/\//.test(endpoint)) throw unexpected("bullet-public");
  const connectId = `dig3${context.recvTsUs.toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const separator = endpoint.includes("?") ? "&" : "?";
  return { url: `${endpoint}${separator}token=${encodeURIComponent(data.token)}&connectId=${connectId}` };
}

export function bulletCall(account: Account): RestCall<WsBootstrap> {
  kucoinMarketOf(account);
  return {
    account,
    method: "POST",
    path: "/api/v1/bullet-public",
    weight: WEIGHT.bullet,
    parse: parseBullet,
  };
}

// ── instruments ────────────────────────────────────────────────────────────────────────────────────────────────

/** Spot `/api/v2/symbols`: spot names its pairs `BASE-QUOTE` and has no status text, only `enableTrading`. */
export function parseSpotSymbols(body: unknown): Instrument[] {
  const data = unwrap(body, "symbols");
  if (!Array.isArray(data)) throw unexpected("symbols");
  const instruments: Instrument[] = [];
  for (const row of data) {
    if (!isRecord(row) || typeof row.symbol !== "string") continue;
    const base = typeof row.baseCurrency === "string" ? row.baseCurrency.toUpperCase() : "";
    const quote = typeof row.quoteCurrency === "string" ? row.quoteCurrency.toUpperCase() : "";
    if (!base || !quote) continue;
    const trading = row.enableTrading === true;
    const instrument: Instrument = {
      account: "spot",
      symbol: formatCanonical({ base, quote }),
      native: row.symbol,
      base,
      quote,
      status: trading ? "enableTrading" : "tradingDisabled",
      active: trading,
    };
    instruments.push(
      assignDefined(instrument, {
        tickSize: toOptionalNumber(row.priceIncrement),
        lotSize: toOptionalNumber(row.baseIncrement),
      }),
    );
  }
  return instruments;
}

/** Futures `/api/v1/contracts/active`, kept to one account: coin-margined (`isInverse`) or not. */
export function parseContracts(body: unknown, account: Account): Instrument[] {
  const data = unwrap(body, "contracts");
  if (!Array.isArray(data)) throw unexpected("contracts");
  const instruments: Instrument[] = [];
  for (const row of data) {
    if (!isRecord(row) || typeof row.symbol !== "string") continue;
    if ((row.isInverse === true) !== (account === "inverse")) continue;
    const base = typeof row.baseCurrency === "string" ? fromKucoinCoin(row.baseCurrency) : "";
    const quote = typeof row.quoteCurrency === "string" ? fromKucoinCoin(row.quoteCurrency) : "";
    const settle = typeof row.settleCurrency === "string" ? fromKucoinCoin(row.settleCurrency) : "";
    if (!base || !quote || !settle) continue;
    const parts: SymbolParts = { base, quote, settle };
    const expireMs = toNumber(row.expireDate);
    // `FFICSX` is a dated future, `FFWCSX` a perpetual.
    if (row.type === "FFICSX" && expireMs > 0) parts.expiry = yymmddOf(expireMs);
    const status = typeof row.status === "string" ? row.status : "";
    const instrument: Instrument = {
      account,
      symbol: formatCanonical(parts),
      native: row.symbol,
      base,
      quote,
      settle,
      status,
      active: status === "Open",
    };
    instruments.push(
      assignDefined(instrument, {
        tickSize: toOptionalNumber(row.tickSize),
        lotSize: toOptionalNumber(row.lotSize),
      }),
    );
  }
  return instruments;
}

// ── market data ────────────────────────────────────────────────────────────────────────────────────────────────

/** Spot 24 h stats: best bid/ask without sizes; `changeRate` is a fraction. */
export function parseSpotStats(body: unknown, native: string, context: ParseContext): TickerEvent {
  const data = unwrap(body, "market/stats");
  if (!isRecord(data)) throw unexpected("market/stats");
  const last = toNumber(data.last);
  if (!Number.isFinite(last)) throw unexpected("market/stats");
  const tsMs = msOfEpoch(data.time);
  const rowNative = typeof data.symbol === "string" && data.symbol ? data.symbol : native;
  const event: TickerEvent = {
    kind: "ticker",
    ...eventBaseOf(context, rowNative, tsMs > 0 ? tsMs : recvMsOf(context)),
    last,
  };
  const changeRate = toOptionalNumber(data.changeRate);
  return assignDefined(event, {
    bid: toOptionalNumber(data.buy),
    bidSize: toOptionalNumber(data.bestBidSize),
    ask: toOptionalNumber(data.sell),
    askSize: toOptionalNumber(data.bestAskSize),
    high24h: toOptionalNumber(data.high),
    low24h: toOptionalNumber(data.low),
    volume24h: toOptionalNumber(data.vol),
    quoteVolume24h: toOptionalNumber(data.volValue),
    changePct24h: changeRate === undefined ? undefined : changeRate * 100,
  });
}

/** Futures ticker: last fill and best bid/ask; no 24 h figures. */
export function parseFuturesTicker(body: unknown, native: string, context: ParseContext): TickerEvent {
  const data = unwrap(body, "ticker");
  if (!isRecord(data)) throw unexpected("ticker");
  const last = toNumber(data.price);
  const tsMs = msOfEpoch(data.ts);
  if (!Number.isFinite(last)) throw unexpected("ticker");
  const rowNative = typeof data.symbol === "string" && data.symbol ? data.symbol : native;
  const event: TickerEvent = {
    kind: "ticker",
    ...eventBaseOf(context, rowNative, tsMs > 0 ? tsMs : recvMsOf(context)),
    last,
  };
  return assignDefined(event, {
    bid: toOptionalNumber(data.bestBidPrice),
    bidSize: toOptionalNumber(data.bestBidSize),
    ask: toOptionalNumber(data.bestAskPrice),
    askSize: toOptionalNumber(data.bestAskSize),
  });
}

/** Order book (spot part/full, futures snapshot/part) → snapshot with seq = `sequence`, the socket's numbering. */
export function parseOrderBook(body: unknown, native: string, context: ParseContext): BookEvent {
  const data = unwrap(body, "orderbook");
  if (!isRecord(data) || !Array.isArray(data.bids) || !Array.isArray(data.asks))
    throw unexpected("orderbook");
  const seq = toNumber(data.sequence);
  if (!Number.isFinite(seq)) throw unexpected("orderbook");
  const tsMs = msOfEpoch(data.time ?? data.ts);
  const rowNative = typeof data.symbol === "string" && data.symbol ? data.symbol : native;
  return {
    kind: "book",
    ...eventBaseOf(context, rowNative, tsMs > 0 ? tsMs : recvMsOf(context)),
    type: "snapshot",
    bids: toLevels(data.bids),
    asks: toLevels(data.asks),
    seq,
  };
}

/** Recent trades (spot histories, futures trade history), oldest first. Spot rows have no id but their sequence. */
export function parseTrades(
  body: unknown,
  native: string,
  limit: number | undefined,
  context: ParseContext,
): TradeEvent[] {
  const data = unwrap(body, "trades");
  if (!Array.isArray(data)) throw unexpected("trades");
  const trades: TradeEvent[] = [];
  for (const row of data) {
    if (!isRecord(row)) continue;
    const price = toNumber(row.price);
    const size = toNumber(row.size);
    const tsMs = msOfEpoch(row.time ?? row.ts);
    const side = row.side === "buy" ? "buy" : row.side === "sell" ? "sell" : undefined;
    const tradeId = toId(row.tradeId) || toId(row.sequence);
    if (!(price > 0) || !(size > 0) || !(tsMs > 0) || !side || !tradeId) continue;
    trades.push(tradeEventOf(context, native, tsMs, price, size, side, tradeId));
  }
  trades.sort((a, b) => a.tsMs - b.tsMs || compareIds(a.tradeId, b.tradeId));
  return newest(trades, limit);
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Kline rows, oldest first. Spot `[start s, open, close, high, low, volume, turnover]`, futures `[start ms, open,
 * high, low, close, volume, turnover]`. A bar is closed when it ended before the response arrived.
 */
export function parseKlineRows(
  body: unknown,
  native: string,
  interval: string,
  limit: number | undefined,
  context: ParseContext,
): KlineEvent[] {
  const data = unwrap(body, "klines");
  if (!Array.isArray(data)) throw unexpected("klines");
  const isSpot = context.account === "spot";
  const klines: KlineEvent[] = [];
  for (const row of data) {
    if (!Array.isArray(row) || row.length < 6) continue;
    const openTimeMs = msOfEpoch(row[0]);
    const values = isSpot
      ? barValuesOf(row[1], row[3], row[4], row[2], row[5])
      : barValuesOf(row[1], row[2], row[3], row[4], row[5]);
    if (!(openTimeMs > 0) || !values) continue;
    const closeTimeMs = closeTimeOf(openTimeMs, interval);
    const kline = klineOf(context, native, interval, { openTimeMs, closeTimeMs }, values);
    klines.push(
      assignDefined(kline, {
        // Coin-margined turnover is in the base coin, not a quote volume.
        quoteVolume: context.account === "inverse" ? undefined : toOptionalNumber(row[6]),
      }),
    );
  }
  klines.sort((a, b) => a.openTimeMs - b.openTimeMs);
  return newest(klines, limit);
}

/** Public funding history: rates settled at each funding time. */
export function parseFundingRates(body: unknown, native: string, context: ParseContext): FundingRateEvent[] {
  const data = unwrap(body, "funding-rates");
  if (!Array.isArray(data)) throw unexpected("funding-rates");
  const events: FundingRateEvent[] = [];
  for (const row of data) {
    if (!isRecord(row)) continue;
    const rate = toNumber(row.fundingRate);
    const tsMs = msOfEpoch(row.timepoint ?? row.timePoint);
    if (!Number.isFinite(rate) || !(tsMs > 0)) continue;
    const rowNative = typeof row.symbol === "string" && row.symbol ? row.symbol : native;
    events.push({ kind: "funding_rate", ...eventBaseOf(context, rowNative, tsMs), rate });
  }
  return events.sort((a, b) => a.tsMs - b.tsMs);
}

/** Contract detail → open interest in lots (contracts), at the receive time (the body carries no time). */
export function parseContractOpenInterest(
  body: unknown,
  native: string,
  context: ParseContext,
): OpenInterestEvent {
  const data = unwrap(body, "contract");
  if (!isRecord(data)) throw unexpected("contract");
  const openInterest = toNumber(data.openInterest);
  if (!Number.isFinite(openInterest)) throw unexpected("contract");
  const rowNative = typeof data.symbol === "string" && data.symbol ? data.symbol : native;
  return { kind: "open_interest", ...eventBaseOf(context, rowNative, recvMsOf(context)), openInterest };
}

// ── calls ──────────────────────────────────────────────────────────────────────────────────────────────────────

function assertFutures(spec: StreamSpec, what: string): void {
  if (spec.account === "spot") {
    throw new Dig3Error("E_WIRE_ABSENT", `kucoin spot ${what}: spot has no ${what}`, {
      hint: "use --account linear or inverse",
    });
  }
}

function badInterval(account: Account, interval: string): Dig3Error {
  const list = account === "spot" ? Object.keys(KUCOIN_CANDLE_TYPES) : Object.keys(FUTURES_GRANULARITY_MIN);
  return new Dig3Error("E_BAD_INTERVAL", `kucoin ${account} REST has no '${interval}' klines`, {
    hint: `intervals: ${list.join(" ")}`,
  });
}

function clampLimit(limit: number | undefined): number | undefined {
  if (limit === undefined || !Number.isFinite(limit)) return undefined;
  return Math.max(1, Math.floor(limit));
}

/** Spot part book: the two public depths; more than 100 is not public any more (v3 full book needs a key). */
function spotBookPath(depth: number): { path: string; weight: number } {
  return depth <= 20
    ? { path: "/api/v1/market/orderbook/level2_20", weight: WEIGHT.spotBook20 }
    : { path: "/api/v1/market/orderbook/level2_100", weight: WEIGHT.spotBook100 };
}

const SPOT_RECOGNIZED: Readonly<Record<string, RecognizedRest["call"]>> = {
  "/api/v2/symbols": "instruments",
  "/api/v1/market/stats": "ticker",
  "/api/v1/market/orderbook/level2_20": "book",
  "/api/v1/market/orderbook/level2_100": "book",
  "/api/v3/market/orderbook/level2": "book",
  "/api/v1/market/histories": "trades",
  "/api/v1/market/candles": "klines",
};

const FUTURES_RECOGNIZED: Readonly<Record<string, RecognizedRest["call"]>> = {
  "/api/v1/contracts/active": "instruments",
  "/api/v1/ticker": "ticker",
  "/api/v1/level2/snapshot": "book",
  "/api/v1/level2/depth20": "book",
  "/api/v1/level2/depth100": "book",
  "/api/v1/trade/history": "trades",
  "/api/v1/kline/query": "klines",
  "/api/v1/contract/funding-rates": "fundingHistory",
};

/**
 * Which call a recorded URL was. The two hosts share `/api/v1/…`, so the path decides (anything before `/api/` is
 * ignored, for proxies and the simulator), and a futures native decides linear or inverse.
 */
export function recognizeKucoinUrl(url: URL): RecognizedRest | undefined {
  const at = url.pathname.indexOf("/api/");
  if (at < 0) return undefined;
  const path = url.pathname.slice(at);
  const native = url.searchParams.get("symbol") ?? "";
  const futuresAccount = (symbol: string): Account =>
    fromKucoinNative(symbol, "inverse") ? "inverse" : "linear";
  const spotCall = SPOT_RECOGNIZED[path];
  if (spotCall) return { call: spotCall, account: "spot", native };
  const futuresCall = FUTURES_RECOGNIZED[path];
  if (futuresCall) return { call: futuresCall, account: futuresAccount(native), native };
  const detail = /^\/api\/v1\/contracts\/([A-Z0-9]+)$/i.exec(path);
  if (detail && detail[1] !== "active")
    return { call: "openInterest", account: futuresAccount(detail[1]!), native: detail[1]! };
  return undefined;
}

export const kucoinRest: ExchangeRest = {
  baseUrl: kucoinRestBaseUrl,
  rateLimit: { weight: KUCOIN_PUBLIC_WEIGHT_PER_30S, perMs: 30_000 },

  instruments(account): RestCall<Instrument[]> {
    if (kucoinMarketOf(account) === "spot")
      return { account, path: "/api/v2/symbols", weight: WEIGHT.spotSymbols, parse: parseSpotSymbols };
    return {
      account,
      path: "/api/v1/contracts/active",
      weight: WEIGHT.contracts,
      parse: (body) => parseContracts(body, account),
    };
  },

  ticker(spec): RestCall<TickerEvent> {
    if (kucoinMarketOf(spec.account) === "spot") {
      return {
        account: spec.account,
        path: "/api/v1/market/stats",
        query: { symbol: spec.native },
        weight: WEIGHT.spotStats,
        parse: (body, context) => parseSpotStats(body, spec.native, context),
      };
    }
    return {
      account: spec.account,
      path: "/api/v1/ticker",
      query: { symbol: spec.native },
      weight: WEIGHT.futuresTicker,
      parse: (body, context) => parseFuturesTicker(body, spec.native, context),
    };
  },

  /**
   * Spot: the public part book (top 20 or 100 a side). Futures: the full book, which is public there and cheaper
   * (weight 3) than the part books (5 and 10).
   */
  book(spec, depth): RestCall<BookEvent> {
    const parse = (body: unknown, context: ParseContext) => parseOrderBook(body, spec.native, context);
    if (kucoinMarketOf(spec.account) === "spot") {
      const { path, weight } = spotBookPath(depth);
      return { account: spec.account, path, query: { symbol: spec.native }, weight, parse };
    }
    return {
      account: spec.account,
      path: "/api/v1/level2/snapshot",
      query: { symbol: spec.native },
      weight: WEIGHT.futuresBook,
      parse,
    };
  },

  /** The latest 100 trades; `limit` keeps the newest of them. */
  trades(spec, query: TradeQuery): RestCall<TradeEvent[]> {
    const isSpot = kucoinMarketOf(spec.account) === "spot";
    const limit = clampLimit(query.limit);
    return {
      account: spec.account,
      path: isSpot ? "/api/v1/market/histories" : "/api/v1/trade/history",
      query: { symbol: spec.native },
      weight: isSpot ? WEIGHT.spotTrades : WEIGHT.futuresTrades,
      parse: (body, context) => parseTrades(body, spec.native, limit, context),
    };
  },

  klines(spec, query: KlineQuery): RestCall<KlineEvent[]> {
    const limit = clampLimit(query.limit);
    const parse = (body: unknown, context: ParseContext) =>
      parseKlineRows(body, spec.native, query.interval, limit, context);
    if (kucoinMarketOf(spec.account) === "spot") {
      const type = KUCOIN_CANDLE_TYPES[query.interval];
      if (!type) throw badInterval(spec.account, query.interval);
      return {
        account: spec.account,
        path: "/api/v1/market/candles",
        query: {
          symbol: spec.native,
          type,
          startAt: query.startMs === undefined ? undefined : Math.floor(query.startMs / 1000),
          endAt: query.endMs === undefined ? undefined : Math.ceil(query.endMs / 1000),
        },
        weight: WEIGHT.spotCandles,
        parse,
      };
    }
    const granularity = FUTURES_GRANULARITY_MIN[query.interval];
    if (granularity === undefined) throw badInterval(spec.account, query.interval);
    return {
      account: spec.account,
      path: "/api/v1/kline/query",
      query: { symbol: spec.native, granularity, from: query.startMs, to: query.endMs },
      weight: WEIGHT.futuresCandles,
      parse,
    };
  },

  /** Settled rates; the venue needs both ends of the range, so an open range ends now and spans `limit` periods. */
  fundingHistory(spec, query: HistoryQuery): RestCall<FundingRateEvent[]> {
    assertFutures(spec, "funding");
    const toMs = query.endMs ?? Date.now();
    const fromMs = query.startMs ?? toMs - (clampLimit(query.limit) ?? 100) * FUNDING_PERIOD_MS;
    return {
      account: spec.account,
      path: "/api/v1/contract/funding-rates",
      query: { symbol: spec.native, from: fromMs, to: toMs },
      weight: WEIGHT.fundingRates,
      parse: (body, context) => newest(parseFundingRates(body, spec.native, context), query.limit),
    };
  },

  openInterest(spec): RestCall<OpenInterestEvent> {
    assertFutures(spec, "open interest");
    return {
      account: spec.account,
      path: `/api/v1/contracts/${encodeURIComponent(spec.native)}`,
      weight: WEIGHT.contracts,
      parse: (body, context) => parseContractOpenInterest(body, spec.native, context),
    };
  },

  recognize: recognizeKucoinUrl,
};
