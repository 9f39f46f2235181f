// HTX public REST: the endpoint table per account (spot on api.huobi.pro; USDT-margined `/linear-swap-*` and
// coin-margined `/swap-*` on api.hbdm.com) and the body parsers. Parsers are pure; an error body or an unusable
// shape throws a Dig3Error.

import {
  type Account,
  type BookEvent,
  Dig3Error,
  type FundingRateEvent,
  formatCanonical,
  INTERVAL_MS,
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
import { closeTimeOf } from "../_shared/bar-times.ts";
import { eventBaseOf, recvMsOf, tradeEventOf } from "../_shared/event-base.ts";
import { barValuesOf, klineOf, unexpectedShape } from "../_shared/rest-bodies.ts";
import {
  assignDefined,
  isRecord,
  isTime,
  toId,
  toLevels,
  toNumber,
  toOptionalNumber,
} from "../_shared/values.ts";
import { HTX_PERIODS } from "./subscribe.ts";

export type HtxAccount = "spot" | "linear" | "inverse";

export const HTX_SPOT_REST = "https://api.huobi.pro";
export const HTX_CONTRACT_REST = "https://api.hbdm.com";

/** Market-data path prefixes of the two contract families. */
const CONTRACT_PREFIX: Readonly<Record<"linear" | "inverse", { api: string; market: string }>> = {
  linear: { api: "/linear-swap-api/v1", market: "/linear-swap-ex/market" },
  inverse: { api: "/swap-api/v1", market: "/swap-ex/market" },
};

/** The most rows one history request returns (klines and trades: `size` 1..2000; funding pages: 50). */
const MAX_HISTORY_ROWS = 2000;
const MAX_FUNDING_PAGE = 50;

export function htxAccountOf(account: Account): HtxAccount {
  if (account === "spot" || account === "linear" || account === "inverse") return account;
  throw new Dig3Error("E_WIRE_ABSENT", `htx ${account}: not offered by dig3's HTX adapter`, {
    hint: "use --account spot, linear (USDT-margined) or inverse (coin-margined swaps)",
  });
}

/** HTX shut its testnet down ("Testnet (Stopped)"): the live hosts serve both. */
export function htxRestBaseUrl(account: Account, _options: WsOptions): string {
  return htxAccountOf(account) === "spot" ? HTX_SPOT_REST : HTX_CONTRACT_REST;
}

// ── parsing helpers ────────────────────────────────────────────────────────────────────────────────────────────

const UNKNOWN_SYMBOL_CODES = new Set(["invalid-parameter", "1013", "1014", "1332"]);

/** Throws the venue's own error when the body is one (spot `err-code`/`err-msg`, contracts `err_code`/`err_msg`). */
function assertOk(body: unknown, what: string): void {
  if (!isRecord(body) || body.status !== "error") return;
  const code = toId(body["err-code"] ?? body.err_code);
  const text = toId(body["err-msg"] ?? body.err_msg) || "request failed";
  throw new Dig3Error("E_VENUE", `htx ${what}: ${text}${code ? ` (${code})` : ""}`, {
    hint: UNKNOWN_SYMBOL_CODES.has(code)
      ? "check the symbol with 'dig3 capabilities htx' or the instrument list"
      : undefined,
    details: { venueCode: code },
  });
}

const unexpected = (what: string): Dig3Error => unexpectedShape("htx", what);

/** `tpp` / `tap` decimals → the step they allow (2 → 0.01). */
function stepOfDecimals(decimals: unknown): number | undefined {
  const n = toNumber(decimals);
  return Number.isInteger(n) && n >= 0 && n <= 18 ? Number(`1e-${n}`) : undefined;
}

// ── parsers ────────────────────────────────────────────────────────────────────────────────────────────────────

/** `/v2/settings/common/symbols` → spot instruments; only `online` pairs with trading enabled are active. */
export function parseSpotSymbols(body: unknown): Instrument[] {
  assertOk(body, "symbols");
  if (!isRecord(body) || !Array.isArray(body.data)) throw unexpected("symbols");
  const instruments: Instrument[] = [];
  for (const row of body.data) {
    if (!isRecord(row) || typeof row.sc !== "string") continue;
    const base = typeof row.bc === "string" ? row.bc.toUpperCase() : "";
    const quote = typeof row.qc === "string" ? row.qc.toUpperCase() : "";
    if (!base || !quote) continue;
    const status = typeof row.state === "string" ? row.state : "";
    const instrument: Instrument = {
      account: "spot",
      symbol: formatCanonical({ base, quote }),
      native: row.sc,
      base,
      quote,
      status,
      active: status === "online" && row.te !== false,
    };
    instruments.push(
      assignDefined(instrument, { tickSize: stepOfDecimals(row.tpp), lotSize: stepOfDecimals(row.tap) }),
    );
  }
  return instruments;
}

const DELIVERY_DATE_RE = /^20(\d{6})$/;

/**
 * `swap_contract_info` → contract instruments. `contract_status` 1 is "listing" (trading); sizes are whole
 * contracts of `contract_size` coins (USD on coin-margined), so the lot is 1.
 */
export function parseContracts(body: unknown, account: Account): Instrument[] {
  assertOk(body, "swap_contract_info");
  if (!isRecord(body) || !Array.isArray(body.data)) throw unexpected("swap_contract_info");
  const instruments: Instrument[] = [];
  for (const row of body.data) {
    if (!isRecord(row) || typeof row.contract_code !== "string") continue;
    const pair = typeof row.pair === "string" && row.pair.includes("-") ? row.pair : row.contract_code;
    const [pairBase, pairQuote] = pair.toUpperCase().split("-");
    const base = (typeof row.symbol === "string" ? row.symbol : (pairBase ?? "")).toUpperCase();
    const quote = (
      typeof row.trade_partition === "string" && account === "linear"
        ? row.trade_partition
        : (pairQuote ?? "")
    ).toUpperCase();
    if (!base || !quote) continue;
    const parts: SymbolParts = { base, quote, settle: account === "inverse" ? base : quote };
    const delivery = typeof row.delivery_date === "string" ? DELIVERY_DATE_RE.exec(row.delivery_date) : null;
    if (delivery && row.business_type !== "swap") parts.expiry = delivery[1]!;
    const statusCode = toNumber(row.contract_status);
    const instrument: Instrument = {
      account,
      symbol: formatCanonical(parts),
      native: row.contract_code,
      base,
      quote,
      settle: parts.settle,
      status: toId(row.contract_status),
      active: statusCode === 1,
      lotSize: 1,
    };
    instruments.push(assignDefined(instrument, { tickSize: toOptionalNumber(row.price_tick) }));
  }
  return instruments;
}

/**
 * `detail/merged` → ticker. Spot volumes: `amount` base, `vol` quote. Contract volumes: `vol` contracts, and
 * `trade_turnover` in the quote on USDT-margined contracts.
 */
export function parseMergedTicker(body: unknown, native: string, context: ParseContext): TickerEvent {
  assertOk(body, "detail/merged");
  if (!isRecord(body) || !isRecord(body.tick)) throw unexpected("detail/merged");
  const tick = body.tick;
  const tickMs = toNumber(tick.ts);
  const tsMs = isTime(tickMs) ? tickMs : toNumber(body.ts);
  const last = toNumber(tick.close);
  if (!isTime(tsMs) || !Number.isFinite(last)) throw unexpected("detail/merged");
  const isSpot = context.account === "spot";
  const pair = (value: unknown, at: 0 | 1) =>
    Array.isArray(value) ? toOptionalNumber(value[at]) : undefined;
  const open = toNumber(tick.open);
  const event: TickerEvent = { kind: "ticker", ...eventBaseOf(context, native, tsMs), last };
  return assignDefined(event, {
    bid: pair(tick.bid, 0),
    bidSize: pair(tick.bid, 1),
    ask: pair(tick.ask, 0),
    askSize: pair(tick.ask, 1),
    high24h: toOptionalNumber(tick.high),
    low24h: toOptionalNumber(tick.low),
    volume24h: toOptionalNumber(isSpot ? tick.amount : tick.vol),
    quoteVolume24h: isSpot
      ? toOptionalNumber(tick.vol)
      : context.account === "linear"
        ? toOptionalNumber(tick.trade_turnover)
        : undefined,
    changePct24h: open > 0 ? ((last - open) / open) * 100 : undefined,
  });
}

/**
 * `market/depth` (step0) → snapshot. Its `version` belongs to the depth channel family, not to the socket's MBP
 * `seqNum` or incremental `version`, so the snapshot carries no sequence: books are anchored on the socket instead.
 */
export function parseDepth(body: unknown, native: string, context: ParseContext): BookEvent {
  assertOk(body, "depth");
  if (!isRecord(body) || !isRecord(body.tick)) throw unexpected("depth");
  const tick = body.tick;
  if (!Array.isArray(tick.bids) || !Array.isArray(tick.asks)) throw unexpected("depth");
  const tickMs = toNumber(tick.ts);
  const tsMs = isTime(tickMs) ? tickMs : isTime(toNumber(body.ts)) ? toNumber(body.ts) : recvMsOf(context);
  return {
    kind: "book",
    ...eventBaseOf(context, native, tsMs),
    type: "snapshot",
    bids: toLevels(tick.bids),
    asks: toLevels(tick.asks),
  };
}

/** `history/trade` (newest first, grouped by taker order) → trades oldest first. */
export function parseHistoryTrades(body: unknown, native: string, context: ParseContext): TradeEvent[] {
  assertOk(body, "history/trade");
  if (!isRecord(body) || !Array.isArray(body.data)) throw unexpected("history/trade");
  const trades: TradeEvent[] = [];
  for (const group of body.data) {
    if (!isRecord(group) || !Array.isArray(group.data)) continue;
    for (const row of group.data) {
      if (!isRecord(row)) continue;
      const price = toNumber(row.price);
      const size = toNumber(row.amount);
      const tsMs = toNumber(row.ts ?? group.ts);
      // Spot rows: `trade-id` (the float `id` is useless); contract rows: `id`.
      const tradeId = toId(row["trade-id"] ?? row.tradeId ?? row.id);
      const side = row.direction === "buy" ? "buy" : row.direction === "sell" ? "sell" : undefined;
      if (!(price > 0) || !(size > 0) || !isTime(tsMs) || !tradeId || !side) continue;
      trades.push(tradeEventOf(context, native, tsMs, price, size, side, tradeId));
    }
  }
  return trades.sort((a, b) => a.tsMs - b.tsMs || compareIds(a.tradeId, b.tradeId));
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * `history/kline` → klines oldest first (spot answers newest first). A bar is closed once its end is before the
 * response's receive time; `tsMs` is the close time, or the receive time for the open bar.
 */
export function parseHistoryKlines(
  body: unknown,
  native: string,
  interval: string,
  context: ParseContext,
  range: { startMs?: number; endMs?: number } = {},
): KlineEvent[] {
  assertOk(body, "history/kline");
  if (!isRecord(body) || !Array.isArray(body.data)) throw unexpected("history/kline");
  const isSpot = context.account === "spot";
  const klines: KlineEvent[] = [];
  for (const row of body.data) {
    if (!isRecord(row)) continue;
    const openTimeMs = toNumber(row.id) * 1000;
    const values = barValuesOf(row.open, row.high, row.low, row.close, isSpot ? row.amount : row.vol);
    if (!isTime(openTimeMs) || !values) continue;
    if (range.startMs !== undefined && openTimeMs < range.startMs) continue;
    if (range.endMs !== undefined && openTimeMs > range.endMs) continue;
    const closeTimeMs = closeTimeOf(openTimeMs, interval);
    const kline = klineOf(context, native, interval, { openTimeMs, closeTimeMs }, values);
    klines.push(
      assignDefined(kline, {
        quoteVolume: isSpot
          ? toOptionalNumber(row.vol)
          : context.account === "linear"
            ? toOptionalNumber(row.trade_turnover)
            : undefined,
        trades: toOptionalNumber(row.count),
      }),
    );
  }
  return klines.sort((a, b) => a.openTimeMs - b.openTimeMs);
}

/** `swap_historical_funding_rate` (newest first, one page) → settled rates at their funding time, oldest first. */
export function parseFundingHistory(
  body: unknown,
  native: string,
  context: ParseContext,
  range: { startMs?: number; endMs?: number } = {},
): FundingRateEvent[] {
  assertOk(body, "swap_historical_funding_rate");
  const page = isRecord(body) ? body.data : undefined;
  if (!isRecord(page) || !Array.isArray(page.data)) throw unexpected("swap_historical_funding_rate");
  const events: FundingRateEvent[] = [];
  for (const row of page.data) {
    if (!isRecord(row)) continue;
    const rate = toNumber(row.funding_rate);
    const tsMs = toNumber(row.funding_time);
    if (!Number.isFinite(rate) || !isTime(tsMs)) continue;
    if (range.startMs !== undefined && tsMs < range.startMs) continue;
    if (range.endMs !== undefined && tsMs > range.endMs) continue;
    const rowNative = typeof row.contract_code === "string" ? row.contract_code : native;
    events.push({ kind: "funding_rate", ...eventBaseOf(context, rowNative, tsMs), rate });
  }
  return events.sort((a, b) => a.tsMs - b.tsMs);
}

/** `swap_open_interest` → open interest in contracts (`volume`), with `value` in USDT where sent. */
export function parseOpenInterest(body: unknown, native: string, context: ParseContext): OpenInterestEvent {
  assertOk(body, "swap_open_interest");
  if (!isRecord(body) || !Array.isArray(body.data)) throw unexpected("swap_open_interest");
  const row =
    body.data.find((item) => isRecord(item) && item.contract_code === native) ??
    body.data.find((item) => isRecord(item));
  if (!isRecord(row)) throw unexpected("swap_open_interest");
  const openInterest = toNumber(row.volume);
  const bodyMs = toNumber(body.ts);
  if (!Number.isFinite(openInterest)) throw unexpected("swap_open_interest");
  const rowNative = typeof row.contract_code === "string" ? row.contract_code : native;
  const event: OpenInterestEvent = {
    kind: "open_interest",
    ...eventBaseOf(context, rowNative, isTime(bodyMs) ? bodyMs : recvMsOf(context)),
    openInterest,
  };
  return assignDefined(event, { openInterestValue: toOptionalNumber(row.value) });
}

// ── calls ──────────────────────────────────────────────────────────────────────────────────────────────────────

function assertContract(spec: StreamSpec, what: string): "linear" | "inverse" {
  const account = htxAccountOf(spec.account);
  if (account === "spot") {
    throw new Dig3Error("E_WIRE_ABSENT", `htx spot ${what}: spot has no ${what}`, {
      hint: "use --account linear (USDT-margined) or inverse (coin-margined)",
    });
  }
  return account;
}

function clampLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(max, Math.max(1, Math.floor(limit)));
}

function periodOf(interval: string): string {
  const period = HTX_PERIODS[interval];
  if (!period) {
    throw new Dig3Error("E_BAD_INTERVAL", `htx has no '${interval}' klines`, {
      hint: `intervals: ${Object.keys(HTX_PERIODS).join(" ")}`,
    });
  }
  return period;
}

function marketPath(account: HtxAccount, endpoint: string): string {
  return account === "spot" ? `/market/${endpoint}` : `${CONTRACT_PREFIX[account].market}/${endpoint}`;
}

/** The query naming one instrument: spot `symbol` (lower case), contracts `contract_code`. */
function symbolQuery(spec: StreamSpec): Record<string, string> {
  return htxAccountOf(spec.account) === "spot"
    ? { symbol: spec.native.toLowerCase() }
    : { contract_code: spec.native.toUpperCase() };
}

/** Contract klines take `from`/`to` in seconds (at most 2000 bars) instead of `size`; spot only the newest `size`. */
function klineRangeQuery(
  account: HtxAccount,
  query: KlineQuery,
  limit: number,
): Record<string, number | undefined> {
  const lengthMs = INTERVAL_MS[query.interval] ?? 60_000;
  if (account === "spot" || (query.startMs === undefined && query.endMs === undefined))
    return { size: query.startMs !== undefined || query.endMs !== undefined ? MAX_HISTORY_ROWS : limit };
  const fromMs = query.startMs ?? (query.endMs ?? 0) - limit * lengthMs;
  const toMs = query.endMs ?? fromMs + (limit - 1) * lengthMs;
  return { from: Math.floor(fromMs / 1000), to: Math.floor(toMs / 1000) };
}

const RECOGNIZED_MARKET: Readonly<Record<string, RecognizedRest["call"]>> = {
  "detail/merged": "ticker",
  depth: "book",
  "history/trade": "trades",
  "history/kline": "klines",
};

const RECOGNIZED_API: Readonly<Record<string, RecognizedRest["call"]>> = {
  swap_contract_info: "instruments",
  swap_historical_funding_rate: "fundingHistory",
  swap_open_interest: "openInterest",
};

/** Which call a recorded URL was, by path: `/market/…` spot, `/linear-swap-*` USDT-margined, `/swap-*` coin-margined. */
export function recognizeHtxUrl(url: URL): RecognizedRest | undefined {
  const path = url.pathname;
  if (path === "/v2/settings/common/symbols" || path === "/v1/common/symbols")
    return { call: "instruments", account: "spot", native: "" };
  if (path.startsWith("/market/")) {
    const call = RECOGNIZED_MARKET[path.slice("/market/".length)];
    return call ? { call, account: "spot", native: url.searchParams.get("symbol") ?? "" } : undefined;
  }
  for (const account of ["linear", "inverse"] as const) {
    const prefix = CONTRACT_PREFIX[account];
    const native = url.searchParams.get("contract_code") ?? "";
    if (path.startsWith(`${prefix.market}/`)) {
      const call = RECOGNIZED_MARKET[path.slice(prefix.market.length + 1)];
      return call ? { call, account, native } : undefined;
    }
    if (path.startsWith(`${prefix.api}/`)) {
      const call = RECOGNIZED_API[path.slice(prefix.api.length + 1)];
      return call ? { call, account, native } : undefined;
    }
  }
  return undefined;
}

export const htxRest: ExchangeRest = {
  baseUrl: htxRestBaseUrl,
  // Spot market endpoints allow 3,000 to 4,500 calls per 5 minutes each; contract market data 800/s per IP and the
  // non-market ones (funding, open interest) 240 per 3 s. One budget per venue: 10 calls a second fits them all.
  rateLimit: { weight: 100, perMs: 10_000 },

  instruments(account): RestCall<Instrument[]> {
    const htx = htxAccountOf(account);
    if (htx === "spot")
      return {
        account,
        path: "/v2/settings/common/symbols",
        weight: 1,
        parse: (body) => parseSpotSymbols(body),
      };
    return {
      account,
      path: `${CONTRACT_PREFIX[htx].api}/swap_contract_info`,
      // USDT-margined: swaps and dated futures in one list.
      query: htx === "linear" ? { business_type: "all" } : undefined,
      weight: 1,
      parse: (body) => parseContracts(body, account),
    };
  },

  ticker(spec): RestCall<TickerEvent> {
    return {
      account: spec.account,
      path: marketPath(htxAccountOf(spec.account), "detail/merged"),
      query: symbolQuery(spec),
      weight: 1,
      parse: (body, context) => parseMergedTicker(body, spec.native, context),
    };
  },

  book(spec, depth): RestCall<BookEvent> {
    const account = htxAccountOf(spec.account);
    const query: Record<string, string | number> = { ...symbolQuery(spec), type: "step0" };
    // Spot step0 answers 150 levels, or 5, 10 or 20 when asked; contract step0 always 150.
    const wanted = Math.max(1, Math.floor(depth));
    if (account === "spot" && wanted <= 20) query.depth = wanted <= 5 ? 5 : wanted <= 10 ? 10 : 20;
    return {
      account: spec.account,
      path: marketPath(account, "depth"),
      query,
      weight: 1,
      parse: (body, context) => parseDepth(body, spec.native, context),
    };
  },

  trades(spec, query: TradeQuery): RestCall<TradeEvent[]> {
    return {
      account: spec.account,
      path: marketPath(htxAccountOf(spec.account), "history/trade"),
      query: { ...symbolQuery(spec), size: clampLimit(query.limit, 500, MAX_HISTORY_ROWS) },
      weight: 1,
      parse: (body, context) => parseHistoryTrades(body, spec.native, context),
    };
  },

  klines(spec, query: KlineQuery): RestCall<KlineEvent[]> {
    const account = htxAccountOf(spec.account);
    const limit = clampLimit(query.limit, 500, MAX_HISTORY_ROWS);
    return {
      account: spec.account,
      path: marketPath(account, "history/kline"),
      query: {
        ...symbolQuery(spec),
        period: periodOf(query.interval),
        ...klineRangeQuery(account, query, limit),
      },
      weight: 1,
      parse: (body, context) =>
        parseHistoryKlines(body, spec.native, query.interval, context, {
          startMs: query.startMs,
          endMs: query.endMs,
        }),
    };
  },

  fundingHistory(spec, query: HistoryQuery): RestCall<FundingRateEvent[]> {
    const account = assertContract(spec, "funding");
    return {
      account: spec.account,
      path: `${CONTRACT_PREFIX[account].api}/swap_historical_funding_rate`,
      query: {
        contract_code: spec.native.toUpperCase(),
        page_index: 1,
        page_size: clampLimit(query.limit, MAX_FUNDING_PAGE, MAX_FUNDING_PAGE),
      },
      weight: 1,
      parse: (body, context) =>
        parseFundingHistory(body, spec.native, context, { startMs: query.startMs, endMs: query.endMs }),
    };
  },

  openInterest(spec): RestCall<OpenInterestEvent> {
    const account = assertContract(spec, "open interest");
    return {
      account: spec.account,
      path: `${CONTRACT_PREFIX[account].api}/swap_open_interest`,
      query: { contract_code: spec.native.toUpperCase() },
      weight: 1,
      parse: (body, context) => parseOpenInterest(body, spec.native, context),
    };
  },

  recognize: recognizeHtxUrl,
};
