// Deribit public REST (`GET /api/v2/public/<method>`, JSON-RPC results): instruments per market, ticker, book
// snapshot, recent trades, TradingView candles, funding history, open interest; request costs in Deribit credits.
// Parsers are pure; an error body or an unusable shape throws a Dig3Error.

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
import { recvMsOf } from "../_shared/event-base.ts";
import { barValuesOf, unexpectedShape } from "../_shared/rest-bodies.ts";
import { assignDefined, isRecord, toNumber, toOptionalNumber } from "../_shared/values.ts";
import { marketOf } from "./events.ts";
import { intervalMsOf, tickerOf, toBookLevels, tradeOf } from "./parse.ts";
import { DERIBIT_RESOLUTIONS } from "./subscribe.ts";
import { readDeribitName } from "./symbols.ts";

const BASE_URL = { live: "https://www.deribit.com/api/v2", testnet: "https://test.deribit.com/api/v2" };

/**
 * Non-matching-engine requests: "Cost per Request: 500 credits. Maximum Credits: 50,000 credits. Refill Rate: …
 * up to 20 requests per second (10,000 credits per second)." (support.deribit.com, Rate Limits). The socket's
 * heartbeat answers and subscribes draw from the same pool, so REST keeps a quarter of it free for them.
 */
export const DERIBIT_CREDITS = { perRequest: 500, perSecond: 10_000, restShare: 7_500 } as const;

/**
 * `public/get_instruments` has its own limit: "Sustained rate: 1 request/second". dig3 asks once per market and
 * caches, so the four markets' lists may come in a burst; a third of the window each keeps them from crowding out
 * the call that needed them.
 */
export const DERIBIT_INSTRUMENTS_COST = 2_500;

/** Depths `public/get_order_book` accepts; other values are refused, so requests round up. */
const BOOK_DEPTHS = [1, 5, 10, 20, 50, 100, 1000, 10000] as const;

const HOUR_MS = 3_600_000;
const KIND_OF_ACCOUNT: Readonly<Record<Account, "spot" | "future" | "option">> = {
  spot: "spot",
  linear: "future",
  inverse: "future",
  option: "option",
};

export function deribitRestBaseUrl(_account: Account, options: WsOptions): string {
  return options.testnet ? BASE_URL.testnet : BASE_URL.live;
}

function pathOf(method: string): string {
  return `/public/${method}`;
}

// ── parsing helpers ────────────────────────────────────────────────────────────────────────────────────────────

/** The `result` of a JSON-RPC body; throws the venue's own error when the body is one. */
function resultOf(body: unknown, what: string): unknown {
  if (isRecord(body) && isRecord(body.error)) {
    const code = toOptionalNumber(body.error.code);
    const message = typeof body.error.message === "string" ? body.error.message : "request failed";
    const data = isRecord(body.error.data) ? body.error.data : {};
    const reason = typeof data.reason === "string" ? `: ${data.reason}` : "";
    throw new Dig3Error(
      "E_VENUE",
      `deribit ${what}: ${message}${reason}${code === undefined ? "" : ` (code ${code})`}`,
      {
        hint:
          data.param === "instrument_name"
            ? "check the instrument name with 'dig3 capabilities deribit' or the instrument list"
            : undefined,
        details: { venueCode: code },
      },
    );
  }
  if (!isRecord(body) || !("result" in body)) throw unexpected(what);
  return body.result;
}

const unexpected = (what: string): Dig3Error => unexpectedShape("deribit", what);

/** YYMMDD (UTC) of an expiry timestamp. */
function yymmddOf(tsMs: number): string {
  const date = new Date(tsMs);
  const two = (value: number) => String(value).padStart(2, "0");
  return `${two(date.getUTCFullYear() % 100)}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}`;
}

/** Whether an instrument row belongs to `account`: futures split by `instrument_type`. */
function isRowOf(row: Record<string, unknown>, account: Account): boolean {
  if (row.kind !== KIND_OF_ACCOUNT[account]) return false;
  if (account === "inverse") return row.instrument_type === "reversed";
  if (account === "linear") return row.instrument_type === "linear";
  return true;
}

// ── parsers ────────────────────────────────────────────────────────────────────────────────────────────────────

/** get_instruments → instruments of one market; options keep their instrument name as their symbol. */
export function parseInstruments(body: unknown, account: Account): Instrument[] {
  const rows = resultOf(body, "get_instruments");
  if (!Array.isArray(rows)) throw unexpected("get_instruments");
  const instruments: Instrument[] = [];
  for (const row of rows) {
    if (!isRecord(row) || typeof row.instrument_name !== "string" || !isRowOf(row, account)) continue;
    const native = row.instrument_name;
    const base = typeof row.base_currency === "string" ? row.base_currency.toUpperCase() : "";
    const quote = typeof row.quote_currency === "string" ? row.quote_currency.toUpperCase() : "";
    if (!base || !quote) continue;
    const settlement =
      typeof row.settlement_currency === "string" ? row.settlement_currency.toUpperCase() : "";
    const parts: SymbolParts = { base, quote };
    if (account !== "spot") {
      parts.settle = settlement || (account === "inverse" ? base : quote);
      const expiry = toOptionalNumber(row.expiration_timestamp);
      if (row.settlement_period !== "perpetual" && expiry !== undefined) {
        parts.expiry = readDeribitName(native)?.expiry ?? yymmddOf(expiry);
      }
    }
    const status = typeof row.state === "string" ? row.state : row.is_active === true ? "open" : "inactive";
    const instrument: Instrument = {
      account,
      symbol: account === "option" ? native : formatCanonical(parts),
      native,
      base,
      quote,
      status,
      active: row.is_active === true && status === "open",
    };
    assignDefined(instrument, {
      settle: parts.settle,
      tickSize: toOptionalNumber(row.tick_size),
      lotSize: toOptionalNumber(row.min_trade_amount),
    });
    instruments.push(instrument);
  }
  return instruments;
}

export function parseTicker(body: unknown, context: ParseContext): TickerEvent {
  const result = resultOf(body, "ticker");
  const ticker = isRecord(result) ? tickerOf(result, context) : undefined;
  if (!ticker) throw unexpected("ticker");
  return ticker;
}

/** get_order_book → snapshot with seq = change_id, the counter the socket's book channel continues. */
export function parseOrderBook(body: unknown, native: string, context: ParseContext): BookEvent {
  const result = resultOf(body, "get_order_book");
  if (!isRecord(result)) throw unexpected("get_order_book");
  const bids = toBookLevels(result.bids);
  const asks = toBookLevels(result.asks);
  const seq = toNumber(result.change_id);
  if (!bids || !asks || !Number.isFinite(seq)) throw unexpected("get_order_book");
  const timestamp = toNumber(result.timestamp);
  const rowNative = typeof result.instrument_name === "string" ? result.instrument_name : native;
  const { account, symbol } = marketOf(rowNative, context);
  return {
    kind: "book",
    exchange: context.exchange,
    account,
    symbol,
    tsMs: timestamp > 0 ? timestamp : recvMsOf(context),
    recvTsUs: context.recvTsUs,
    type: "snapshot",
    bids,
    asks,
    seq,
  };
}

/** get_last_trades_by_instrument → trades, oldest first (asked newest first, so the newest are the ones kept). */
export function parseLastTrades(body: unknown, context: ParseContext): TradeEvent[] {
  const result = resultOf(body, "get_last_trades_by_instrument");
  if (!isRecord(result) || !Array.isArray(result.trades)) throw unexpected("get_last_trades_by_instrument");
  const rows = result.trades.filter(isRecord);
  const sequenced = rows.every((row) => Number.isFinite(toNumber(row.trade_seq)));
  rows.sort((a, b) =>
    sequenced ? toNumber(a.trade_seq) - toNumber(b.trade_seq) : toNumber(a.timestamp) - toNumber(b.timestamp),
  );
  const trades: TradeEvent[] = [];
  for (const row of rows) {
    const trade = tradeOf(row, context);
    if (trade) trades.push(trade);
  }
  return trades;
}

/**
 * get_tradingview_chart_data → klines. `ticks` are open times; a bar is closed once its end is before the receive
 * time, which keeps the parser pure; `tsMs` is when its values hold (the end, or the receive time for the open bar).
 */
export function parseChartData(
  body: unknown,
  native: string,
  interval: string,
  context: ParseContext,
): KlineEvent[] {
  const result = resultOf(body, "get_tradingview_chart_data");
  if (!isRecord(result)) throw unexpected("get_tradingview_chart_data");
  if (result.status === "no_data") return [];
  const columns = ["ticks", "open", "high", "low", "close", "volume"] as const;
  if (!columns.every((name) => Array.isArray(result[name]))) throw unexpected("get_tradingview_chart_data");
  const column = (name: string) => (Array.isArray(result[name]) ? (result[name] as unknown[]) : []);
  // Each column looked up once, not per row.
  const ticks = column("ticks");
  const open = column("open");
  const high = column("high");
  const low = column("low");
  const close = column("close");
  const volume = column("volume");
  const cost = column("cost");
  const intervalMs = intervalMsOf(interval);
  const recvMs = recvMsOf(context);
  const { account, symbol } = marketOf(native, context);
  const klines: KlineEvent[] = [];
  for (let i = 0; i < ticks.length; i++) {
    const openTimeMs = toNumber(ticks[i]);
    const values = barValuesOf(open[i], high[i], low[i], close[i], volume[i]);
    if (!Number.isFinite(openTimeMs) || !values) continue;
    const closeTimeMs = openTimeMs + intervalMs - 1;
    const closed = closeTimeMs < recvMs;
    const kline: KlineEvent = {
      kind: "kline",
      exchange: context.exchange,
      account,
      symbol,
      tsMs: closed ? closeTimeMs : recvMs,
      recvTsUs: context.recvTsUs,
      interval,
      openTimeMs,
      closeTimeMs,
      ...values,
      closed,
    };
    klines.push(assignDefined(kline, { quoteVolume: toOptionalNumber(cost[i]) }));
  }
  return klines;
}

/** get_funding_rate_history → hourly rows as 8-hour rates (`interest_8h`), the unit of the live `funding_8h`. */
export function parseFundingHistory(
  body: unknown,
  native: string,
  context: ParseContext,
): FundingRateEvent[] {
  const result = resultOf(body, "get_funding_rate_history");
  if (!Array.isArray(result)) throw unexpected("get_funding_rate_history");
  const { account, symbol } = marketOf(native, context);
  const events: FundingRateEvent[] = [];
  for (const row of result) {
    if (!isRecord(row)) continue;
    const rate = toNumber(row.interest_8h);
    const tsMs = toNumber(row.timestamp);
    if (!Number.isFinite(rate) || !Number.isFinite(tsMs)) continue;
    events.push({
      kind: "funding_rate",
      exchange: context.exchange,
      account,
      symbol,
      tsMs,
      recvTsUs: context.recvTsUs,
      rate,
    });
  }
  return events.sort((a, b) => a.tsMs - b.tsMs);
}

/** get_book_summary_by_instrument → open interest, as the venue counts it (USD for inverse, coins otherwise). */
export function parseBookSummary(body: unknown, native: string, context: ParseContext): OpenInterestEvent {
  const result = resultOf(body, "get_book_summary_by_instrument");
  const rows = Array.isArray(result) ? result.filter(isRecord) : [];
  const row = rows.find((candidate) => candidate.instrument_name === native) ?? rows[0];
  if (!row) throw unexpected("get_book_summary_by_instrument");
  const openInterest = toNumber(row.open_interest);
  if (!Number.isFinite(openInterest)) throw unexpected("get_book_summary_by_instrument");
  const created = toNumber(row.creation_timestamp);
  const { account, symbol } = marketOf(
    typeof row.instrument_name === "string" ? row.instrument_name : native,
    context,
  );
  const event: OpenInterestEvent = {
    kind: "open_interest",
    exchange: context.exchange,
    account,
    symbol,
    tsMs: created > 0 ? created : recvMsOf(context),
    recvTsUs: context.recvTsUs,
    openInterest,
  };
  const mark = toOptionalNumber(row.mark_price);
  return assignDefined(event, {
    openInterestValue:
      account === "inverse"
        ? openInterest
        : account === "linear" && mark !== undefined
          ? openInterest * mark
          : undefined,
  });
}

// ── calls ──────────────────────────────────────────────────────────────────────────────────────────────────────

function clampLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(max, Math.max(1, Math.floor(limit)));
}

/** The depth asked of the venue for a wanted depth: the smallest accepted depth that covers it. */
export function bookDepthOf(depth: number): number {
  const wanted = Math.max(1, Math.floor(depth));
  return BOOK_DEPTHS.find((candidate) => candidate >= wanted) ?? 10000;
}

function assertDerivative(spec: StreamSpec, what: string): void {
  if (spec.account === "spot") {
    throw new Dig3Error("E_WIRE_ABSENT", `deribit spot ${what}: spot pairs have no ${what}`, {
      hint: "use --account inverse (BTC-PERPETUAL) or linear (BTC_USDC-PERPETUAL)",
    });
  }
}

function assertPerpetual(spec: StreamSpec): void {
  if (!spec.native.toUpperCase().endsWith("-PERPETUAL")) {
    throw new Dig3Error("E_WIRE_ABSENT", `deribit ${spec.native}: only perpetuals have funding`, {
      hint: "ask for a perpetual, e.g. BTC-PERPETUAL or BTC_USDC-PERPETUAL",
    });
  }
}

/** [start, end] of a history window: the query's bounds, else `count` steps back from the end (now by default). */
function windowOf(query: { startMs?: number; endMs?: number }, count: number, stepMs: number) {
  const endMs = query.endMs ?? Date.now();
  const startMs = query.startMs ?? endMs - count * stepMs;
  return { startMs, endMs };
}

const RECOGNIZED_METHODS: Readonly<Record<string, RecognizedRest["call"]>> = {
  get_instruments: "instruments",
  ticker: "ticker",
  get_order_book: "book",
  get_last_trades_by_instrument: "trades",
  get_tradingview_chart_data: "klines",
  get_funding_rate_history: "fundingHistory",
  get_book_summary_by_instrument: "openInterest",
};

/**
 * Which call a recorded URL was. The market comes from the instrument name; an instrument list is placed by its
 * `kind` (futures count as inverse: the list holds linear ones too, split later by `instrument_type`).
 */
export function recognizeDeribitUrl(url: URL): RecognizedRest | undefined {
  const match = /\/public\/([a-z_]+)$/.exec(url.pathname);
  const call = match ? RECOGNIZED_METHODS[match[1]!] : undefined;
  if (!call) return undefined;
  const native = url.searchParams.get("instrument_name") ?? "";
  if (call === "instruments") {
    const kind = url.searchParams.get("kind");
    return { call, account: kind === "spot" ? "spot" : kind === "option" ? "option" : "inverse", native };
  }
  return { call, account: readDeribitName(native)?.account ?? "inverse", native };
}

export const deribitRest: ExchangeRest = {
  baseUrl: deribitRestBaseUrl,
  rateLimit: { weight: DERIBIT_CREDITS.restShare, perMs: 1_000 },

  instruments(account): RestCall<Instrument[]> {
    return {
      account,
      path: pathOf("get_instruments"),
      query: { currency: "any", kind: KIND_OF_ACCOUNT[account], expired: "false" },
      weight: DERIBIT_INSTRUMENTS_COST,
      parse: (body) => parseInstruments(body, account),
    };
  },

  ticker(spec): RestCall<TickerEvent> {
    return {
      account: spec.account,
      path: pathOf("ticker"),
      query: { instrument_name: spec.native },
      weight: DERIBIT_CREDITS.perRequest,
      parse: (body, context) => parseTicker(body, context),
    };
  },

  book(spec, depth): RestCall<BookEvent> {
    return {
      account: spec.account,
      path: pathOf("get_order_book"),
      query: { instrument_name: spec.native, depth: bookDepthOf(depth) },
      weight: DERIBIT_CREDITS.perRequest,
      parse: (body, context) => parseOrderBook(body, spec.native, context),
    };
  },

  trades(spec, query: TradeQuery): RestCall<TradeEvent[]> {
    return {
      account: spec.account,
      path: pathOf("get_last_trades_by_instrument"),
      query: { instrument_name: spec.native, count: clampLimit(query.limit, 100, 1000), sorting: "desc" },
      weight: DERIBIT_CREDITS.perRequest,
      parse: (body, context) => parseLastTrades(body, context),
    };
  },

  klines(spec, query: KlineQuery): RestCall<KlineEvent[]> {
    const resolution = DERIBIT_RESOLUTIONS[query.interval];
    if (!resolution) {
      throw new Dig3Error("E_BAD_INTERVAL", `deribit has no '${query.interval}' candles`, {
        hint: `intervals: ${Object.keys(DERIBIT_RESOLUTIONS).join(" ")}`,
      });
    }
    const limit = clampLimit(query.limit, 500, 5000);
    const { startMs, endMs } = windowOf(query, limit, intervalMsOf(query.interval));
    return {
      account: spec.account,
      path: pathOf("get_tradingview_chart_data"),
      query: { instrument_name: spec.native, resolution, start_timestamp: startMs, end_timestamp: endMs },
      weight: DERIBIT_CREDITS.perRequest,
      parse: (body, context) => {
        const klines = parseChartData(body, spec.native, query.interval, context);
        return query.startMs === undefined ? klines.slice(-limit) : klines.slice(0, limit);
      },
    };
  },

  fundingHistory(spec, query: HistoryQuery): RestCall<FundingRateEvent[]> {
    assertDerivative(spec, "funding");
    assertPerpetual(spec);
    const limit = clampLimit(query.limit, 100, 744);
    const { startMs, endMs } = windowOf(query, limit, HOUR_MS);
    return {
      account: spec.account,
      path: pathOf("get_funding_rate_history"),
      query: { instrument_name: spec.native, start_timestamp: startMs, end_timestamp: endMs },
      weight: DERIBIT_CREDITS.perRequest,
      parse: (body, context) => {
        const events = parseFundingHistory(body, spec.native, context);
        return query.startMs === undefined ? events.slice(-limit) : events.slice(0, limit);
      },
    };
  },

  openInterest(spec): RestCall<OpenInterestEvent> {
    assertDerivative(spec, "open interest");
    return {
      account: spec.account,
      path: pathOf("get_book_summary_by_instrument"),
      query: { instrument_name: spec.native },
      weight: DERIBIT_CREDITS.perRequest,
      parse: (body, context) => parseBookSummary(body, spec.native, context),
    };
  },

  recognize: recognizeDeribitUrl,
};
