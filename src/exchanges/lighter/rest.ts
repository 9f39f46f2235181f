// Lighter public REST (`https://mainnet.zklighter.elliot.ai/api/v1/…`): orderBooks (instruments, perps and spot),
// orderBookDetails (ticker, open interest), orderBookOrders (book snapshot, aggregated from resting orders),
// recentTrades, candles, fundings; pure parsers; `recognize` for recorded URLs. Markets are named by market_id.
// Docs: https://apidocs.lighter.xyz/docs/market-data, https://apidocs.lighter.xyz/reference (orderBooks,
// orderBookDetails, orderBookOrders, recentTrades, candles, fundings), https://apidocs.lighter.xyz/docs/rate-limits

import {
  type Account,
  type BookEvent,
  Dig3Error,
  type FundingRateEvent,
  formatCanonical,
  INTERVAL_MS,
  type KlineEvent,
  type Level,
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
import { recvMsOf } from "../_shared/event-base.ts";
import { unexpectedShape } from "../_shared/rest-bodies.ts";
import { isRecord, toId, toNumber, toOptionalNumber } from "../_shared/values.ts";
import { parseLighterFrame } from "./parse.ts";
import { fromLighterNative, LIGHTER_PERP_QUOTE } from "./symbols.ts";

const BASE_URL = {
  live: "https://mainnet.zklighter.elliot.ai",
  testnet: "https://testnet.zklighter.elliot.ai",
};

/**
 * "Standard accounts: 60 requests per rolling minute" (per IP), and no more of a heavy endpoint than the premium
 * budget of 24,000 weight a minute allows ("trades, recentTrades | 600", "Other endpoints | 300"). Both at once:
 * a budget of 24,000 a minute where one request costs the larger of 400 (= 24,000 / 60) and its weight.
 */
export const LIGHTER_RATE_LIMIT = { weight: 24_000, perMs: 60_000 } as const;

/** Cost of one request against LIGHTER_RATE_LIMIT: max(24,000 / 60, the endpoint's documented weight). */
export const LIGHTER_WEIGHTS = { standard: 400, recentTrades: 600 } as const;

/** orderBookOrders and recentTrades take `limit` 1…100; candles and fundings `count_back`. */
const MAX_LIMIT = 100;
const MAX_COUNT_BACK = 500;

export const LIGHTER_PATHS = {
  instruments: "/api/v1/orderBooks",
  details: "/api/v1/orderBookDetails",
  book: "/api/v1/orderBookOrders",
  trades: "/api/v1/recentTrades",
  klines: "/api/v1/candles",
  fundings: "/api/v1/fundings",
} as const;

export function lighterRestBaseUrl(_account: Account, options: WsOptions): string {
  return options.testnet ? BASE_URL.testnet : BASE_URL.live;
}

const shapeError = (what: string): Dig3Error => unexpectedShape("lighter", what);

/** Lighter answers `{code, message}` with code ≠ 200 on errors (and 200 with the body on success). */
function checkCode(body: unknown, what: string): Record<string, unknown> {
  if (!isRecord(body)) throw shapeError(what);
  const code = toOptionalNumber(body.code);
  if (code !== undefined && code !== 200 && code !== 0) {
    throw new Dig3Error("E_VENUE", `lighter ${what}: ${code} ${String(body.message ?? "")}`.trim());
  }
  return body;
}

/** A market id for REST: the native must be one (the instrument list resolves names). */
function marketIdOf(spec: StreamSpec): number {
  const id = Number(spec.native);
  if (!Number.isInteger(id) || id < 0) {
    throw new Dig3Error("E_UNKNOWN_SYMBOL", `lighter has no market id for '${spec.native}'`, {
      hint: "Lighter names markets by market_id; load the instrument list (GET /api/v1/orderBooks) to resolve it",
    });
  }
  return id;
}

function baseOf(spec: StreamSpec, tsMs: number, context: ParseContext) {
  return {
    exchange: context.exchange,
    account: spec.account,
    symbol: spec.symbol,
    tsMs,
    recvTsUs: context.recvTsUs,
  };
}

// ── instruments ────────────────────────────────────────────────────────────────────────────────────────────────

export function parseLighterInstruments(body: unknown, account: Account): Instrument[] {
  const data = checkCode(body, "orderBooks");
  if (!Array.isArray(data.order_books)) throw shapeError("orderBooks");
  const wanted = account === "spot" ? "spot" : "perp";
  const out: Instrument[] = [];
  for (const row of data.order_books) {
    if (!isRecord(row) || typeof row.symbol !== "string" || row.market_id === undefined) continue;
    const type = row.market_type ?? "perp";
    if (type !== wanted) continue;
    const parts = fromLighterNative(row.symbol, account);
    if (!parts) continue;
    const settled = account === "linear" ? { ...parts, settle: LIGHTER_PERP_QUOTE } : parts;
    const instrument: Instrument = {
      account,
      symbol: formatCanonical(settled),
      native: toId(row.market_id),
      base: settled.base,
      quote: settled.quote,
      status: String(row.status ?? ""),
      active: row.status === "active",
    };
    if (settled.settle) instrument.settle = settled.settle;
    const priceDecimals = toOptionalNumber(row.supported_price_decimals);
    const sizeDecimals = toOptionalNumber(row.supported_size_decimals);
    if (priceDecimals !== undefined) instrument.tickSize = 10 ** -priceDecimals;
    if (sizeDecimals !== undefined) instrument.lotSize = 10 ** -sizeDecimals;
    out.push(instrument);
  }
  return out;
}

// ── ticker, open interest (orderBookDetails) ──────────────────────────────────────────────────────────────────

function detailOf(body: unknown, id: number): Record<string, unknown> {
  const data = checkCode(body, "orderBookDetails");
  const rows = [
    ...(Array.isArray(data.order_book_details) ? data.order_book_details : []),
    ...(Array.isArray(data.spot_order_book_details) ? data.spot_order_book_details : []),
  ];
  const row = rows.find((candidate) => isRecord(candidate) && toNumber(candidate.market_id) === id);
  if (!isRecord(row)) throw shapeError("orderBookDetails");
  return row;
}

export function parseLighterTicker(body: unknown, spec: StreamSpec, context: ParseContext): TickerEvent {
  const row = detailOf(body, marketIdOf(spec));
  const event: TickerEvent = { ...baseOf(spec, recvMsOf(context), context), kind: "ticker" };
  const fields: [keyof TickerEvent, unknown][] = [
    ["last", row.last_trade_price],
    ["high24h", row.daily_price_high],
    ["low24h", row.daily_price_low],
    ["volume24h", row.daily_base_token_volume],
    ["quoteVolume24h", row.daily_quote_token_volume],
    ["changePct24h", row.daily_price_change],
  ];
  for (const [key, raw] of fields) {
    const value = toOptionalNumber(raw);
    if (value !== undefined) (event as unknown as Record<string, number>)[key] = value;
  }
  return event;
}

/** orderBookDetails `open_interest` is in base units (the socket's market_stats sends it in USDC). */
export function parseLighterOpenInterest(
  body: unknown,
  spec: StreamSpec,
  context: ParseContext,
): OpenInterestEvent {
  const row = detailOf(body, marketIdOf(spec));
  const openInterest = toOptionalNumber(row.open_interest);
  if (openInterest === undefined) throw shapeError("orderBookDetails open_interest");
  const event: OpenInterestEvent = {
    ...baseOf(spec, recvMsOf(context), context),
    kind: "open_interest",
    openInterest,
  };
  const last = toOptionalNumber(row.last_trade_price);
  if (last !== undefined) event.openInterestValue = openInterest * last;
  return event;
}

// ── book (orderBookOrders: resting orders summed per price) ───────────────────────────────────────────────────

function aggregate(rows: unknown, descending: boolean): Level[] {
  const sizes = new Map<number, number>();
  if (!Array.isArray(rows)) return [];
  for (const row of rows) {
    if (!isRecord(row)) continue;
    const price = toNumber(row.price);
    const size = toNumber(row.remaining_base_amount);
    if (!Number.isFinite(price) || !Number.isFinite(size) || size <= 0) continue;
    sizes.set(price, (sizes.get(price) ?? 0) + size);
  }
  const levels: Level[] = [...sizes.entries()].map(([price, size]) => [price, size]);
  levels.sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0]));
  return levels;
}

export function parseLighterBook(body: unknown, spec: StreamSpec, context: ParseContext): BookEvent {
  const data = checkCode(body, "orderBookOrders");
  if (!Array.isArray(data.bids) || !Array.isArray(data.asks)) throw shapeError("orderBookOrders");
  return {
    ...baseOf(spec, recvMsOf(context), context),
    kind: "book",
    type: "snapshot",
    bids: aggregate(data.bids, true),
    asks: aggregate(data.asks, false),
  };
}

// ── trades ────────────────────────────────────────────────────────────────────────────────────────────────────

export function parseLighterTrades(body: unknown, spec: StreamSpec, context: ParseContext): TradeEvent[] {
  const data = checkCode(body, "recentTrades");
  if (!Array.isArray(data.trades)) throw shapeError("recentTrades");
  // The socket's trade parser reads the same objects; route them through it so both agree.
  const parsed = parseLighterFrame(
    JSON.stringify({ type: "update/trade", channel: `trade:${spec.native}`, trades: data.trades }),
    {
      ...context,
      account: spec.account,
      symbolOf: () => spec.symbol,
    },
  );
  if (parsed.kind !== "events") return [];
  const trades = parsed.events.filter((event): event is TradeEvent => event.kind === "trade");
  return trades.sort((a, b) => a.tsMs - b.tsMs || Number(a.tradeId) - Number(b.tradeId));
}

// ── klines ────────────────────────────────────────────────────────────────────────────────────────────────────

export function parseLighterKlines(
  body: unknown,
  spec: StreamSpec,
  interval: string,
  context: ParseContext,
): KlineEvent[] {
  const data = checkCode(body, "candles");
  const rows = Array.isArray(data.c)
    ? data.c
    : Array.isArray(data.candlesticks)
      ? data.candlesticks
      : undefined;
  if (!rows) throw shapeError("candles");
  const spanMs = INTERVAL_MS[interval] ?? 60_000;
  const nowMs = recvMsOf(context);
  const out: KlineEvent[] = [];
  for (const row of rows) {
    if (!isRecord(row)) continue;
    const openTimeMs = toNumber(row.t ?? row.timestamp);
    const open = toNumber(row.o ?? row.open);
    const high = toNumber(row.h ?? row.high);
    const low = toNumber(row.l ?? row.low);
    const close = toNumber(row.c ?? row.close);
    const volume = toNumber(row.v ?? row.volume0);
    if (![openTimeMs, open, high, low, close, volume].every(Number.isFinite)) continue;
    const event: KlineEvent = {
      ...baseOf(spec, openTimeMs, context),
      kind: "kline",
      interval,
      openTimeMs,
      closeTimeMs: openTimeMs + spanMs - 1,
      open,
      high,
      low,
      close,
      volume,
      closed: openTimeMs + spanMs <= nowMs,
    };
    const quoteVolume = toOptionalNumber(row.V ?? row.volume1);
    if (quoteVolume !== undefined) event.quoteVolume = quoteVolume;
    out.push(event);
  }
  return out.sort((a, b) => a.openTimeMs - b.openTimeMs);
}

// ── funding history ───────────────────────────────────────────────────────────────────────────────────────────

/** fundings rows: `timestamp` in seconds, `rate` in percent, `direction` long (longs pay) or short. */
export function parseLighterFundings(
  body: unknown,
  spec: StreamSpec,
  context: ParseContext,
): FundingRateEvent[] {
  const data = checkCode(body, "fundings");
  if (!Array.isArray(data.fundings)) throw shapeError("fundings");
  const out: FundingRateEvent[] = [];
  for (const row of data.fundings) {
    if (!isRecord(row)) continue;
    const seconds = toNumber(row.timestamp);
    const percent = toNumber(row.rate);
    if (!Number.isFinite(seconds) || !Number.isFinite(percent)) continue;
    const rate = (row.direction === "short" ? -percent : percent) / 100;
    out.push({ ...baseOf(spec, seconds * 1000, context), kind: "funding_rate", rate });
  }
  return out.sort((a, b) => a.tsMs - b.tsMs);
}

// ── calls ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** Lighter candle resolutions are dig3's canonical names. */
function resolutionOf(interval: string): string {
  return interval;
}

function windowOf(
  query: { startMs?: number; endMs?: number; limit?: number },
  spanMs: number,
  nowMs: number,
) {
  const count = Math.min(query.limit ?? MAX_COUNT_BACK, MAX_COUNT_BACK);
  const end = query.endMs ?? nowMs;
  const start = query.startMs ?? Math.max(0, end - count * spanMs);
  return { start_timestamp: start, end_timestamp: end, count_back: count };
}

export const lighterRest: ExchangeRest = {
  baseUrl: lighterRestBaseUrl,
  rateLimit: LIGHTER_RATE_LIMIT,
  instruments(account) {
    return {
      account,
      path: LIGHTER_PATHS.instruments,
      weight: LIGHTER_WEIGHTS.standard,
      parse: (body) => parseLighterInstruments(body, account),
    };
  },
  ticker(spec) {
    return {
      account: spec.account,
      path: LIGHTER_PATHS.details,
      query: { market_id: marketIdOf(spec) },
      weight: LIGHTER_WEIGHTS.standard,
      parse: (body, context) => parseLighterTicker(body, spec, context),
    };
  },
  openInterest(spec) {
    return {
      account: spec.account,
      path: LIGHTER_PATHS.details,
      query: { market_id: marketIdOf(spec) },
      weight: LIGHTER_WEIGHTS.standard,
      parse: (body, context) => parseLighterOpenInterest(body, spec, context),
    };
  },
  book(spec, depth) {
    return {
      account: spec.account,
      path: LIGHTER_PATHS.book,
      query: { market_id: marketIdOf(spec), limit: Math.max(1, Math.min(depth, MAX_LIMIT)) },
      weight: LIGHTER_WEIGHTS.standard,
      parse: (body, context) => parseLighterBook(body, spec, context),
    };
  },
  trades(spec, query: TradeQuery) {
    return {
      account: spec.account,
      path: LIGHTER_PATHS.trades,
      query: {
        market_id: marketIdOf(spec),
        limit: Math.max(1, Math.min(query.limit ?? MAX_LIMIT, MAX_LIMIT)),
      },
      weight: LIGHTER_WEIGHTS.recentTrades,
      parse: (body, context) => parseLighterTrades(body, spec, context),
    };
  },
  klines(spec, query: KlineQuery) {
    const spanMs = INTERVAL_MS[query.interval] ?? 60_000;
    return {
      account: spec.account,
      path: LIGHTER_PATHS.klines,
      query: {
        market_id: marketIdOf(spec),
        resolution: resolutionOf(query.interval),
        ...windowOf(query, spanMs, Date.now()),
      },
      weight: LIGHTER_WEIGHTS.standard,
      parse: (body, context) => parseLighterKlines(body, spec, query.interval, context),
    };
  },
  fundingHistory(spec, query: HistoryQuery) {
    return {
      account: spec.account,
      path: LIGHTER_PATHS.fundings,
      query: { market_id: marketIdOf(spec), resolution: "1h", ...windowOf(query, 3_600_000, Date.now()) },
      weight: LIGHTER_WEIGHTS.standard,
      parse: (body, context) => parseLighterFundings(body, spec, context),
    };
  },
  recognize: recognizeLighterUrl,
};

/** Which call a recorded REST URL was; the account of a market id is unknown from the URL alone (linear assumed). */
export function recognizeLighterUrl(url: URL): RecognizedRest | undefined {
  const native = url.searchParams.get("market_id") ?? "";
  switch (url.pathname) {
    case LIGHTER_PATHS.instruments:
      return { call: "instruments", account: "linear", native: "" };
    case LIGHTER_PATHS.details:
      return native ? { call: "ticker", account: "linear", native } : undefined;
    case LIGHTER_PATHS.book:
      return native ? { call: "book", account: "linear", native } : undefined;
    case LIGHTER_PATHS.trades:
      return native ? { call: "trades", account: "linear", native } : undefined;
    case LIGHTER_PATHS.klines:
      return native ? { call: "klines", account: "linear", native } : undefined;
    case LIGHTER_PATHS.fundings:
      return native ? { call: "fundingHistory", account: "linear", native } : undefined;
    default:
      return undefined;
  }
}

export type { RestCall };
