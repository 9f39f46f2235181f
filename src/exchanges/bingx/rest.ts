// BingX public REST on open-api.bingx.com: spot `/openApi/spot/…`, USDT-M perpetuals `/openApi/swap/…`, Coin-M
// perpetuals `/openApi/cswap/…`; the call builders and their body parsers. Parsers are pure; an error body
// (`code` ≠ 0) or a bad shape throws.

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
import {
  assignDefined,
  contentIdsOf,
  isRecord,
  toId,
  toNumber,
  toOptionalNumber,
} from "../_shared/values.ts";
import { percentOf } from "./parse.ts";
import { BINGX_SWAP_KLINE_INTERVALS } from "./subscribe.ts";
import { fromBingxNative } from "./symbols.ts";

export const BINGX_REST_URL = {
  live: "https://open-api.bingx.com",
  /** VST, BingX's demo trading ("PROD https://open-api.bingx.com, VST https://open-api-vst.bingx.com"). */
  testnet: "https://open-api-vst.bingx.com",
} as const;

/** Per-request limits from each endpoint's page. */
const SPOT_BOOK_LIMIT = 1000;
/** Swap and Coin-M depth: "optional value: [5, 10, 20, 50, 100, 500, 1000]". */
const CONTRACT_BOOK_LIMITS = [5, 10, 20, 50, 100, 500, 1000] as const;
const SPOT_TRADE_LIMIT = 500;
const SWAP_TRADE_LIMIT = 1000;
const KLINE_LIMIT = 1440;
const FUNDING_LIMIT = 1000;

export function bingxRestBaseUrl(_account: Account, options: WsOptions): string {
  return options.testnet ? BINGX_REST_URL.testnet : BINGX_REST_URL.live;
}

// ── parsing helpers ────────────────────────────────────────────────────────────────────────────────────────────

/** Codes that mean "slow down": rate limited, too many invalid requests. */
const RATE_LIMIT_CODES: ReadonlySet<number> = new Set([100410, 109429]);

/** The `data` of an /openApi envelope; throws the venue's own error when `code` is not 0. */
function dataOf(body: unknown, what: string): unknown {
  if (!isRecord(body)) throw unexpected(what);
  const code = toNumber(body.code);
  if (code !== 0) {
    const text = typeof body.msg === "string" && body.msg ? body.msg : "request failed";
    throw new Dig3Error(
      RATE_LIMIT_CODES.has(code) ? "E_RATE_LIMITED" : "E_VENUE",
      `bingx ${what}: ${text} (code ${String(body.code)})`,
      {
        hint:
          code === 109425 || /pair|symbol/i.test(text)
            ? "check the symbol and --account with the instrument list"
            : undefined,
        details: { venueCode: body.code },
      },
    );
  }
  return body.data;
}

const unexpected = (what: string): Dig3Error => unexpectedShape("bingx", what);

/** The first positive time among the candidates, else the receive time. */
function timeOf(context: ParseContext, ...candidates: unknown[]): number {
  for (const candidate of candidates) {
    const value = toNumber(candidate);
    if (value > 0) return value;
  }
  return recvMsOf(context);
}

function bodyTimeOf(body: unknown): unknown {
  return isRecord(body) ? body.timestamp : undefined;
}

/** `10^-decimals` without float noise (`4` → 0.0001). */
function stepOfDecimals(decimals: unknown): number | undefined {
  const n = toNumber(decimals);
  if (!Number.isInteger(n) || n < 0 || n > 18) return undefined;
  return Number(`1e-${n}`);
}

// ── parsers ────────────────────────────────────────────────────────────────────────────────────────────────────

/** Spot `common/symbols`: `data.symbols`, status 1 = online. */
export function parseSpotSymbols(body: unknown): Instrument[] {
  const data = dataOf(body, "spot symbols");
  const rows = isRecord(data) && Array.isArray(data.symbols) ? data.symbols : undefined;
  if (!rows) throw unexpected("spot symbols");
  const instruments: Instrument[] = [];
  for (const row of rows) {
    if (!isRecord(row) || typeof row.symbol !== "string") continue;
    const parts = fromBingxNative(row.symbol, "spot");
    if (!parts) continue;
    const status = toId(row.status);
    const instrument: Instrument = {
      account: "spot",
      symbol: formatCanonical(parts),
      native: row.symbol,
      base: parts.base,
      quote: parts.quote,
      status,
      active: status === "1",
    };
    instruments.push(
      assignDefined(instrument, {
        tickSize: toOptionalNumber(row.tickSize),
        lotSize: toOptionalNumber(row.stepSize),
      }),
    );
  }
  return instruments;
}

/** Swap `quote/contracts`: `asset` is the base, `currency` the settle coin; status 1 = online. */
export function parseSwapContracts(body: unknown): Instrument[] {
  const rows = dataOf(body, "swap contracts");
  if (!Array.isArray(rows)) throw unexpected("swap contracts");
  const instruments: Instrument[] = [];
  for (const row of rows) {
    if (!isRecord(row) || typeof row.symbol !== "string") continue;
    const named = fromBingxNative(row.symbol, "linear");
    if (!named) continue;
    const base = typeof row.asset === "string" && row.asset ? row.asset.toUpperCase() : named.base;
    const settle =
      typeof row.currency === "string" && row.currency ? row.currency.toUpperCase() : named.quote;
    const parts: SymbolParts = { base, quote: named.quote, settle };
    const status = toId(row.status);
    const instrument: Instrument = {
      account: "linear",
      symbol: formatCanonical(parts),
      native: row.symbol,
      base,
      quote: named.quote,
      settle,
      status,
      active: status === "1",
    };
    instruments.push(
      assignDefined(instrument, {
        tickSize: stepOfDecimals(row.pricePrecision),
        lotSize: stepOfDecimals(row.quantityPrecision),
      }),
    );
  }
  return instruments;
}

/** Coin-M `market/contracts`: `BASE-USD`, settled in the base, quantities in contracts. */
export function parseCoinContracts(body: unknown): Instrument[] {
  const rows = dataOf(body, "coin-m contracts");
  if (!Array.isArray(rows)) throw unexpected("coin-m contracts");
  const instruments: Instrument[] = [];
  for (const row of rows) {
    if (!isRecord(row) || typeof row.symbol !== "string") continue;
    const parts = fromBingxNative(row.symbol, "inverse");
    if (!parts) continue;
    const status = toId(row.status);
    const instrument: Instrument = {
      account: "inverse",
      symbol: formatCanonical(parts),
      native: row.symbol,
      base: parts.base,
      quote: parts.quote,
      settle: parts.settle,
      status,
      active: status === "1",
    };
    instruments.push(
      assignDefined(instrument, {
        tickSize: stepOfDecimals(row.pricePrecision),
        lotSize: toOptionalNumber(row.minQty),
      }),
    );
  }
  return instruments;
}

/** The row of `native` in a list answer, or the object answer itself. */
function rowFor(data: unknown, native: string, what: string): Record<string, unknown> {
  if (isRecord(data)) return data;
  if (Array.isArray(data)) {
    const row = data.find((item) => isRecord(item) && item.symbol === native) ?? data[0];
    if (isRecord(row)) return row;
  }
  throw unexpected(what);
}

/** 24hr ticker (spot list, swap object, Coin-M list or object) → one TickerEvent. */
export function parseTickerRest(body: unknown, native: string, context: ParseContext): TickerEvent {
  const row = rowFor(dataOf(body, "ticker"), native, "ticker");
  const last = toOptionalNumber(row.lastPrice);
  if (last === undefined) throw unexpected("ticker");
  const rowNative = typeof row.symbol === "string" && row.symbol ? row.symbol : native;
  const ticker: TickerEvent = {
    kind: "ticker",
    ...eventBaseOf(context, rowNative, timeOf(context, row.closeTime, row.time, bodyTimeOf(body))),
  };
  const bid = toOptionalNumber(row.bidPrice);
  const ask = toOptionalNumber(row.askPrice);
  const inverse = context.account === "inverse";
  return assignDefined(ticker, {
    last,
    bid: bid !== undefined && bid > 0 ? bid : undefined,
    bidSize: bid !== undefined && bid > 0 ? toOptionalNumber(row.bidQty) : undefined,
    ask: ask !== undefined && ask > 0 ? ask : undefined,
    askSize: ask !== undefined && ask > 0 ? toOptionalNumber(row.askQty) : undefined,
    high24h: toOptionalNumber(row.highPrice),
    low24h: toOptionalNumber(row.lowPrice),
    // Coin-M `volume` counts contracts and `quoteVolume` the coin: dig3's volume is in the base coin.
    volume24h: toOptionalNumber(inverse ? row.quoteVolume : row.volume),
    quoteVolume24h: inverse ? undefined : toOptionalNumber(row.quoteVolume),
    changePct24h: percentOf(row.priceChangePercent),
  });
}

function restLevelsOf(rows: unknown, side: "bid" | "ask"): Level[] {
  if (!Array.isArray(rows)) return [];
  const levels: Level[] = [];
  for (const row of rows) {
    if (!Array.isArray(row) || row.length < 2) continue;
    const price = toNumber(row[0]);
    const size = toNumber(row[1]);
    if (price > 0 && size > 0) levels.push([price, size]);
  }
  return levels.sort((a, b) => (side === "bid" ? b[0] - a[0] : a[0] - b[0]));
}

/** Depth → a snapshot without an update id (BingX's REST book has none; the socket sends its own snapshot). */
export function parseDepthRest(body: unknown, native: string, context: ParseContext): BookEvent {
  const data = dataOf(body, "depth");
  if (!isRecord(data) || !Array.isArray(data.bids) || !Array.isArray(data.asks)) throw unexpected("depth");
  return {
    kind: "book",
    ...eventBaseOf(context, native, timeOf(context, data.T, data.ts, bodyTimeOf(body))),
    type: "snapshot",
    bids: restLevelsOf(data.bids, "bid"),
    asks: restLevelsOf(data.asks, "ask"),
  };
}

/** Recent trades (newest first) → oldest first; swap rows carry no id, so it is derived as on the socket. */
export function parseTradesRest(body: unknown, native: string, context: ParseContext): TradeEvent[] {
  const rows = dataOf(body, "trades");
  if (!Array.isArray(rows)) throw unexpected("trades");
  const valid: Array<{ timeMs: number; price: number; size: number; side: "buy" | "sell"; id: string }> = [];
  for (const row of rows) {
    if (!isRecord(row)) continue;
    const price = toNumber(row.price);
    const size = toNumber(row.qty);
    const timeMs = toNumber(row.time);
    const buyerMaker = row.buyerMaker ?? row.isBuyerMaker;
    const side = buyerMaker === true ? "sell" : buyerMaker === false ? "buy" : undefined;
    if (!(price > 0) || !(size > 0) || !(timeMs > 0) || !side) continue;
    valid.push({ timeMs, price, size, side, id: toId(row.id) });
  }
  valid.sort((a, b) => a.timeMs - b.timeMs);
  const synthetic = valid.some((trade) => !trade.id) ? contentIdsOf(valid) : [];
  return valid.map((trade, index) => ({
    kind: "trade",
    ...eventBaseOf(context, native, trade.timeMs),
    price: trade.price,
    size: trade.size,
    side: trade.side,
    tradeId: trade.id || synthetic[index]!,
  }));
}

/**
 * Klines → oldest first. Spot rows are arrays `[open time, o, h, l, c, volume, close time, quote volume]`, swap and
 * Coin-M rows objects `{open, close, high, low, volume, time}` (some Coin-M pages show arrays). A bar is closed when it
 * ends before the response's receive time, which keeps the parser pure.
 */
export function parseKlinesRest(
  body: unknown,
  native: string,
  interval: string,
  context: ParseContext,
): KlineEvent[] {
  const rows = dataOf(body, "klines");
  if (!Array.isArray(rows)) throw unexpected("klines");
  const byOpen = new Map<number, KlineEvent>();
  for (const row of rows) {
    const fields = Array.isArray(row)
      ? {
          time: row[0],
          open: row[1],
          high: row[2],
          low: row[3],
          close: row[4],
          volume: row[5],
          quote: row[7],
        }
      : isRecord(row)
        ? {
            time: row.time ?? row.openTime,
            open: row.open,
            high: row.high,
            low: row.low,
            close: row.close,
            volume: row.volume,
          }
        : undefined;
    if (!fields) continue;
    const openTimeMs = toNumber(fields.time);
    const values = barValuesOf(fields.open, fields.high, fields.low, fields.close, fields.volume);
    const nextOpenMs = nextOpenOf(openTimeMs, interval);
    if (!(openTimeMs > 0) || !Number.isFinite(nextOpenMs) || !values) continue;
    const kline = klineOf(context, native, interval, { openTimeMs, closeTimeMs: nextOpenMs - 1 }, values);
    byOpen.set(openTimeMs, assignDefined(kline, { quoteVolume: toOptionalNumber(fields.quote) }));
  }
  return [...byOpen.values()].sort((a, b) => a.openTimeMs - b.openTimeMs);
}

/**
 * `premiumIndex` → the current funding rate with the next funding time. Swap answers one object for a symbol, Coin-M
 * a list; the row of `native` is taken. The venue stamps no time, so the event carries the receive time.
 */
export function parsePremiumIndexRest(
  body: unknown,
  native: string,
  context: ParseContext,
): FundingRateEvent {
  const data = dataOf(body, "premium index");
  const rows = Array.isArray(data) ? data : [data];
  const row = rows.find((r) => isRecord(r) && (r.symbol === undefined || r.symbol === native));
  if (!isRecord(row)) throw unexpected("premium index");
  const rate = toNumber(row.lastFundingRate);
  if (!Number.isFinite(rate)) throw unexpected("premium index");
  const event: FundingRateEvent = {
    kind: "funding_rate",
    ...eventBaseOf(context, native, recvMsOf(context)),
    rate,
  };
  const next = toNumber(row.nextFundingTime);
  if (Number.isFinite(next) && next > 0) event.nextFundingTsMs = next;
  return event;
}

/** Swap `quote/fundingRate` → settled funding rates, oldest first. */
export function parseFundingRest(body: unknown, native: string, context: ParseContext): FundingRateEvent[] {
  const rows = dataOf(body, "funding rate");
  if (!Array.isArray(rows)) throw unexpected("funding rate");
  const events: FundingRateEvent[] = [];
  for (const row of rows) {
    if (!isRecord(row)) continue;
    const rate = toNumber(row.fundingRate);
    const tsMs = toNumber(row.fundingTime);
    if (!Number.isFinite(rate) || !(tsMs > 0)) continue;
    const rowNative = typeof row.symbol === "string" && row.symbol ? row.symbol : native;
    events.push({ kind: "funding_rate", ...eventBaseOf(context, rowNative, tsMs), rate });
  }
  return events.sort((a, b) => a.tsMs - b.tsMs);
}

/**
 * Open interest. Swap reports the position value in USDT only (BTC-USDT reads ~3.3e9 in the docs), so both fields
 * carry that value, as the venue reports it; Coin-M reports contracts.
 */
export function parseOpenInterestRest(
  body: unknown,
  native: string,
  context: ParseContext,
): OpenInterestEvent {
  const data = dataOf(body, "open interest");
  if (!isRecord(data)) throw unexpected("open interest");
  const value = toOptionalNumber(data.openInterest);
  if (value === undefined) throw unexpected("open interest");
  const rowNative = typeof data.symbol === "string" && data.symbol ? data.symbol : native;
  const event: OpenInterestEvent = {
    kind: "open_interest",
    ...eventBaseOf(context, rowNative, timeOf(context, data.time, bodyTimeOf(body))),
    openInterest: value,
  };
  return assignDefined(event, { openInterestValue: context.account === "linear" ? value : undefined });
}

// ── calls ──────────────────────────────────────────────────────────────────────────────────────────────────────

type Query = Record<string, string | number | undefined>;

/**
 * The endpoint pages list `timestamp` as required even where no signature is, and signed-request rules reject one
 * older than 5 s. A getter gives every request (a poller re-runs one call) a fresh value.
 */
function withTimestamp(query: Query): Query {
  return Object.defineProperty({ ...query }, "timestamp", { enumerable: true, get: () => Date.now() });
}

function clampLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(max, Math.max(1, Math.floor(limit)));
}

/** The smallest allowed contract depth that covers the wanted one. */
function contractBookLimit(depth: number): number {
  return (
    CONTRACT_BOOK_LIMITS.find((limit) => limit >= depth) ??
    CONTRACT_BOOK_LIMITS[CONTRACT_BOOK_LIMITS.length - 1]!
  );
}

function absent(
  spec: StreamSpec,
  what: string,
  hint: string,
  reason = "BingX documents no such endpoint",
): Dig3Error {
  return new Dig3Error("E_WIRE_ABSENT", `bingx ${spec.account} ${what}: ${reason}`, { hint });
}

/** Endpoint paths per account. */
const PATHS = {
  spot: {
    instruments: "/openApi/spot/v1/common/symbols",
    ticker: "/openApi/spot/v1/ticker/24hr",
    book: "/openApi/spot/v1/market/depth",
    trades: "/openApi/spot/v1/market/trades",
    klines: "/openApi/spot/v2/market/kline",
  },
  linear: {
    instruments: "/openApi/swap/v2/quote/contracts",
    ticker: "/openApi/swap/v2/quote/ticker",
    book: "/openApi/swap/v2/quote/depth",
    trades: "/openApi/swap/v2/quote/trades",
    klines: "/openApi/swap/v3/quote/klines",
    fundingHistory: "/openApi/swap/v2/quote/fundingRate",
    fundingRate: "/openApi/swap/v2/quote/premiumIndex",
    openInterest: "/openApi/swap/v2/quote/openInterest",
  },
  inverse: {
    instruments: "/openApi/cswap/v1/market/contracts",
    ticker: "/openApi/cswap/v1/market/ticker",
    book: "/openApi/cswap/v1/market/depth",
    klines: "/openApi/cswap/v1/market/klines",
    fundingRate: "/openApi/cswap/v1/market/premiumIndex",
    openInterest: "/openApi/cswap/v1/market/openInterest",
  },
} as const satisfies Record<"spot" | "linear" | "inverse", Partial<Record<RecognizedRest["call"], string>>>;

type PathAccount = keyof typeof PATHS;

function pathAccountOf(account: Account): PathAccount {
  if (account === "spot" || account === "linear" || account === "inverse") return account;
  throw new Dig3Error("E_WIRE_ABSENT", `bingx has no ${account} market`, {
    hint: "accounts on bingx: spot, linear, inverse",
  });
}

const RECOGNIZED: ReadonlyMap<string, { call: RecognizedRest["call"]; account: PathAccount }> = new Map(
  (Object.entries(PATHS) as Array<[PathAccount, Record<string, string>]>).flatMap(([account, paths]) =>
    Object.entries(paths).map(
      ([call, path]) => [path, { call: call as RecognizedRest["call"], account }] as const,
    ),
  ),
);

/** Which call a recorded URL was: the path names the endpoint and the market, `symbol` the instrument. */
export function recognizeBingxUrl(url: URL): RecognizedRest | undefined {
  const known = RECOGNIZED.get(url.pathname.replace(/\/+$/, ""));
  if (!known) return undefined;
  return { call: known.call, account: known.account, native: url.searchParams.get("symbol") ?? "" };
}

export const bingxRest: ExchangeRest = {
  baseUrl: bingxRestBaseUrl,
  // Market endpoints: "IP Rate Limit: 500 requests per 10 seconds" (one pool per IP across them).
  rateLimit: { weight: 500, perMs: 10_000 },
  // Trades without a venue id (swaps name none) get `contentIdsOf`.
  makesTradeIds: () => true,

  instruments(account): RestCall<Instrument[]> {
    const at = pathAccountOf(account);
    const parse =
      at === "spot" ? parseSpotSymbols : at === "linear" ? parseSwapContracts : parseCoinContracts;
    return {
      account,
      path: PATHS[at].instruments,
      query: withTimestamp({}),
      weight: 1,
      parse: (body) => parse(body),
    };
  },

  ticker(spec): RestCall<TickerEvent> {
    const at = pathAccountOf(spec.account);
    return {
      account: spec.account,
      path: PATHS[at].ticker,
      query: withTimestamp({ symbol: spec.native }),
      weight: 1,
      parse: (body, context) => parseTickerRest(body, spec.native, context),
    };
  },

  book(spec, depth): RestCall<BookEvent> {
    const at = pathAccountOf(spec.account);
    const limit = at === "spot" ? clampLimit(depth, 100, SPOT_BOOK_LIMIT) : contractBookLimit(depth);
    return {
      account: spec.account,
      path: PATHS[at].book,
      query: withTimestamp({ symbol: spec.native, limit }),
      weight: 1,
      parse: (body, context) => parseDepthRest(body, spec.native, context),
    };
  },

  trades(spec, query: TradeQuery): RestCall<TradeEvent[]> {
    const at = pathAccountOf(spec.account);
    if (at === "inverse") throw absent(spec, "recent trades", "use `dig3 watch trades … --account inverse`");
    const max = at === "spot" ? SPOT_TRADE_LIMIT : SWAP_TRADE_LIMIT;
    return {
      account: spec.account,
      path: PATHS[at].trades,
      query: withTimestamp({ symbol: spec.native, limit: clampLimit(query.limit, max, max) }),
      weight: 1,
      parse: (body, context) => parseTradesRest(body, spec.native, context),
    };
  },

  klines(spec, query: KlineQuery): RestCall<KlineEvent[]> {
    const at = pathAccountOf(spec.account);
    // Every market's REST names intervals `1m … 1M` (spot's page asks `"interval": "1m"`).
    const interval = BINGX_SWAP_KLINE_INTERVALS[query.interval];
    if (!interval) {
      throw new Dig3Error("E_BAD_INTERVAL", `bingx ${spec.account} has no '${query.interval}' klines`, {
        hint: `intervals: ${Object.keys(BINGX_SWAP_KLINE_INTERVALS).join(" ")}`,
      });
    }
    return {
      account: spec.account,
      path: PATHS[at].klines,
      query: withTimestamp({
        symbol: spec.native,
        interval,
        startTime: query.startMs,
        endTime: query.endMs,
        limit: clampLimit(query.limit, 500, KLINE_LIMIT),
      }),
      weight: 1,
      parse: (body, context) => parseKlinesRest(body, spec.native, query.interval, context),
    };
  },

  fundingHistory(spec, query: HistoryQuery): RestCall<FundingRateEvent[]> {
    if (spec.account !== "linear") {
      const reason = spec.account === "spot" ? "spot has no funding" : undefined;
      throw absent(
        spec,
        "funding history",
        "BingX serves funding history for USDT-M perpetuals (--account linear)",
        reason,
      );
    }
    return {
      account: spec.account,
      path: PATHS.linear.fundingHistory,
      query: withTimestamp({
        symbol: spec.native,
        startTime: query.startMs,
        endTime: query.endMs,
        limit: clampLimit(query.limit, FUNDING_LIMIT, FUNDING_LIMIT),
      }),
      weight: 1,
      parse: (body, context) => parseFundingRest(body, spec.native, context),
    };
  },

  fundingRate(spec): RestCall<FundingRateEvent> {
    if (spec.account === "spot")
      throw absent(spec, "funding rate", "use --account linear or inverse", "spot has no funding");
    const at = spec.account === "inverse" ? "inverse" : "linear";
    return {
      account: spec.account,
      path: PATHS[at].fundingRate,
      query: withTimestamp({ symbol: spec.native }),
      weight: 1,
      parse: (body, context) => parsePremiumIndexRest(body, spec.native, context),
    };
  },

  openInterest(spec): RestCall<OpenInterestEvent> {
    const at = pathAccountOf(spec.account);
    if (at === "spot")
      throw absent(spec, "open interest", "use --account linear or inverse", "spot has no open interest");
    return {
      account: spec.account,
      path: PATHS[at].openInterest,
      query: withTimestamp({ symbol: spec.native }),
      weight: 1,
      parse: (body, context) => parseOpenInterestRest(body, spec.native, context),
    };
  },

  recognize: recognizeBingxUrl,
};
