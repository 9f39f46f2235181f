// Bitfinex public REST v2 (api-pub.bitfinex.com): endpoint table, per-endpoint rate weights, and the body parsers.
// Parsers are pure; an error body (`["error", code, "message"]`) or an unusable shape throws a Dig3Error.

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
import { eventBaseOf, recvMsOf } from "../_shared/event-base.ts";
import { unexpectedShape } from "../_shared/rest-bodies.ts";
import { assignDefined, isRecord, toId, toNumber, toOptionalNumber } from "../_shared/values.ts";
import { eventsOfDerivStatus, klineOfCandle, tickerOfRow } from "./rows.ts";
import { BITFINEX_TIME_FRAMES, intervalOfTimeFrame } from "./subscribe.ts";
import { fromBitfinexNative, isPerpetualNative, nativeOfListedPair } from "./symbols.ts";

export const BITFINEX_REST_URL = "https://api-pub.bitfinex.com";

/**
 * "If an IP address exceeds 90 requests per minute to the REST APIs, the requesting IP address will be blocked";
 * endpoints state their own, lower limits (trades 15/min, candles 30/min). One budget of 90 per minute, with each
 * call weighted so that no endpoint can exceed its own limit inside it.
 */
export const BITFINEX_REQUESTS_PER_MINUTE = 90;
const WEIGHT = { conf: 1, tickers: 1, book: 1, trades: 6, candles: 3, status: 1 } as const;

/** The instrument call asks two configs at once: the pair list and the venue's currency-code map. */
const CURRENCY_MAP_KEY = "pub:map:currency:sym";
const PAIR_LIST_KEY: Readonly<Record<"spot" | "linear", string>> = {
  spot: "pub:list:pair:exchange",
  linear: "pub:list:pair:futures",
};

/** Book lengths REST accepts (`len`): 1, 25 or 100. */
const REST_BOOK_LENGTHS = [1, 25, 100] as const;
const MAX_ROWS = 10_000;

export function bitfinexAccountOf(account: Account): "spot" | "linear" {
  if (account === "spot" || account === "linear") return account;
  throw new Dig3Error("E_WIRE_ABSENT", `bitfinex ${account}: Bitfinex has no ${account} market`, {
    hint: "use --account spot, or linear for the USDT-margined perpetuals (tBTCF0:USTF0)",
  });
}

// ── parsing helpers ────────────────────────────────────────────────────────────────────────────────────────────

/** Throws the venue's own error when the body is one (`["error",10020,"symbol: invalid"]`, `{"error":"ERR_RATE_LIMIT"}`). */
function assertNotError(body: unknown, what: string): void {
  if (Array.isArray(body) && body[0] === "error") {
    const code = toOptionalNumber(body[1]);
    throw new Dig3Error(
      "E_VENUE",
      `bitfinex ${what}: ${String(body[2] ?? "error")}${code === undefined ? "" : ` (code ${code})`}`,
      {
        hint: "check the symbol with 'dig3 capabilities bitfinex' or the instrument list",
        details: { venueCode: code },
      },
    );
  }
  if (isRecord(body) && typeof body.error === "string") {
    const limited = body.error === "ERR_RATE_LIMIT";
    throw new Dig3Error(limited ? "E_RATE_LIMITED" : "E_VENUE", `bitfinex ${what}: ${body.error}`, {
      hint: limited
        ? "Bitfinex blocks an IP for 60 s after too many requests; wait and lower the rate"
        : undefined,
    });
  }
}

const unexpected = (what: string): Dig3Error => unexpectedShape("bitfinex", what);

function clampLimit(limit: number | undefined, fallback: number, max = MAX_ROWS): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(max, Math.max(1, Math.floor(limit)));
}

// ── parsers ────────────────────────────────────────────────────────────────────────────────────────────────────

/** `[["UST","USDT"],…]` → code → common name. */
function currencyNamesOf(rows: unknown): Map<string, string> {
  const names = new Map<string, string>();
  if (!Array.isArray(rows)) return names;
  for (const row of rows) {
    if (Array.isArray(row) && typeof row[0] === "string" && typeof row[1] === "string" && row[1].length > 0) {
      names.set(row[0].toUpperCase(), row[1].toUpperCase());
    }
  }
  return names;
}

/**
 * The config answer → instruments. `body` is `[pairs]` for one key or `[pairs, currencyMap]` for the combined call.
 * The lists name tradable pairs only, so every one is active; Bitfinex prices carry 5 significant digits (no fixed
 * tick) and amounts 8 decimals.
 */
export function parseInstruments(body: unknown, account: Account): Instrument[] {
  assertNotError(body, "instruments");
  if (!Array.isArray(body) || !Array.isArray(body[0])) throw unexpected("instruments");
  const market = bitfinexAccountOf(account);
  const names = currencyNamesOf(body[1]);
  const instruments: Instrument[] = [];
  for (const pair of body[0]) {
    if (typeof pair !== "string" || pair.length === 0) continue;
    const native = nativeOfListedPair(pair);
    const parts = fromBitfinexNative(native, market, names);
    if (!parts) continue;
    const instrument: Instrument = {
      account: market,
      symbol: formatCanonical(parts),
      native,
      base: parts.base,
      quote: parts.quote,
      lotSize: 1e-8,
      status: "listed",
      active: true,
    };
    instruments.push(assignDefined(instrument, { settle: parts.settle }));
  }
  return instruments;
}

/** `/v2/tickers?symbols=` rows (symbol first). The body carries no time: the receive time stands in. */
export function parseTickers(body: unknown, native: string, context: ParseContext): TickerEvent {
  assertNotError(body, "tickers");
  if (!Array.isArray(body)) throw unexpected("tickers");
  const row = body.find((item) => Array.isArray(item) && item[0] === native) ?? body[0];
  if (!Array.isArray(row) || typeof row[0] !== "string") {
    throw new Dig3Error("E_UNKNOWN_SYMBOL", `bitfinex tickers: no ticker for ${native}`, {
      hint: "check the symbol against the instrument list",
    });
  }
  const ticker = tickerOfRow(row, 1, eventBaseOf(context, row[0], recvMsOf(context)));
  if (!ticker) throw unexpected("tickers");
  return ticker;
}

/** `/v2/book/{symbol}/P0` rows `[PRICE, COUNT, AMOUNT]` → a snapshot (no sequence: REST is not part of the stream). */
export function parseBook(body: unknown, native: string, context: ParseContext): BookEvent {
  assertNotError(body, "book");
  if (!Array.isArray(body)) throw unexpected("book");
  const bids: Level[] = [];
  const asks: Level[] = [];
  for (const row of body) {
    if (!Array.isArray(row) || row.length < 3) continue;
    const price = toNumber(row[0]);
    const amount = toNumber(row[2]);
    if (!Number.isFinite(price) || !Number.isFinite(amount) || amount === 0) continue;
    (amount > 0 ? bids : asks).push([price, Math.abs(amount)]);
  }
  bids.sort((a, b) => b[0] - a[0]);
  asks.sort((a, b) => a[0] - b[0]);
  return { kind: "book", ...eventBaseOf(context, native, recvMsOf(context)), type: "snapshot", bids, asks };
}

/** `/v2/trades/{symbol}/hist` rows `[ID, MTS, AMOUNT, PRICE]` (newest first) → trades, oldest first. */
export function parseTrades(body: unknown, native: string, context: ParseContext): TradeEvent[] {
  assertNotError(body, "trades");
  if (!Array.isArray(body)) throw unexpected("trades");
  const trades: TradeEvent[] = [];
  for (const row of body) {
    if (!Array.isArray(row) || row.length < 4) continue;
    const tradeId = toId(row[0]);
    const tsMs = toNumber(row[1]);
    const amount = toNumber(row[2]);
    const price = toNumber(row[3]);
    if (!tradeId || !(tsMs > 0) || !Number.isFinite(amount) || amount === 0 || !(price > 0)) continue;
    trades.push({
      kind: "trade",
      ...eventBaseOf(context, native, tsMs),
      price,
      size: Math.abs(amount),
      side: amount > 0 ? "buy" : "sell",
      tradeId,
    });
  }
  return trades.sort((a, b) => a.tsMs - b.tsMs || Number(a.tradeId) - Number(b.tradeId));
}

/**
 * `/v2/candles/trade:{tf}:{symbol}/hist` rows → klines, oldest first. A candle is closed once its last millisecond
 * is before the receive time, which keeps the parser pure; `tsMs` is when the values hold (close or receive time).
 */
export function parseCandles(
  body: unknown,
  native: string,
  interval: string,
  context: ParseContext,
): KlineEvent[] {
  assertNotError(body, "candles");
  if (!Array.isArray(body)) throw unexpected("candles");
  const recvMs = recvMsOf(context);
  const klines: KlineEvent[] = [];
  for (const row of body) {
    const kline = klineOfCandle(row, interval, eventBaseOf(context, native, recvMs), false);
    if (!kline) continue;
    if (kline.closeTimeMs !== undefined && kline.closeTimeMs < recvMs) {
      kline.closed = true;
      kline.tsMs = kline.closeTimeMs;
    }
    klines.push(kline);
  }
  return klines.sort((a, b) => a.openTimeMs - b.openTimeMs);
}

/** `/v2/status/deriv?keys=` rows `[KEY, MTS, …]` → the open interest of the asked perpetual. */
export function parseDerivStatus(body: unknown, native: string, context: ParseContext): OpenInterestEvent {
  assertNotError(body, "status");
  if (!Array.isArray(body)) throw unexpected("status");
  const row = body.find((item) => Array.isArray(item) && item[0] === native);
  if (!Array.isArray(row)) {
    throw new Dig3Error("E_UNKNOWN_SYMBOL", `bitfinex status: no derivatives status for ${native}`, {
      hint: "open interest exists for perpetuals only (tBTCF0:USTF0)",
    });
  }
  const { tsMs: _tsMs, ...base } = eventBaseOf(context, native, 0);
  const event = eventsOfDerivStatus(row.slice(1), base).find((item) => item.kind === "open_interest");
  if (event?.kind !== "open_interest") throw unexpected("status");
  return event;
}

/** `/v2/status/deriv/{symbol}/hist` rows (no key) → the funding rate as it stood at each sample, oldest first. */
export function parseFundingHistory(
  body: unknown,
  native: string,
  context: ParseContext,
): FundingRateEvent[] {
  assertNotError(body, "status history");
  if (!Array.isArray(body)) throw unexpected("status history");
  const { tsMs: _tsMs, ...base } = eventBaseOf(context, native, 0);
  const events: FundingRateEvent[] = [];
  for (const row of body) {
    if (!Array.isArray(row)) continue;
    const values = typeof row[0] === "string" ? row.slice(1) : row;
    for (const event of eventsOfDerivStatus(values, base))
      if (event.kind === "funding_rate") events.push(event);
  }
  return events.sort((a, b) => a.tsMs - b.tsMs);
}

// ── calls ──────────────────────────────────────────────────────────────────────────────────────────────────────

function assertPerpetual(spec: StreamSpec, what: string): void {
  if (spec.account === "spot" || !isPerpetualNative(spec.native)) {
    throw new Dig3Error("E_WIRE_ABSENT", `bitfinex ${spec.account} ${what}: only perpetuals have ${what}`, {
      hint: "use --account linear (tBTCF0:USTF0)",
    });
  }
}

function bookLengthOf(depth: number): number {
  return REST_BOOK_LENGTHS.find((length) => length >= depth) ?? 100;
}

const PATH_RES: ReadonlyArray<[RegExp, RecognizedRest["call"]]> = [
  [/^\/v2\/ticker\/([^/]+)$/, "ticker"],
  [/^\/v2\/book\/([^/]+)\/P\d$/, "book"],
  [/^\/v2\/trades\/([^/]+)\/hist$/, "trades"],
  [/^\/v2\/candles\/trade:[^:]+:(.+)\/(?:hist|last)$/, "klines"],
  [/^\/v2\/status\/deriv\/([^/]+)\/hist$/, "fundingHistory"],
];

function accountOfNative(native: string): Account {
  return isPerpetualNative(native) ? "linear" : "spot";
}

/** Which call a recorded URL was; the account follows from the symbol (perpetuals are `…F0:…F0`). */
export function recognizeBitfinexUrl(url: URL): RecognizedRest | undefined {
  const path = decodeURIComponent(url.pathname);
  if (path.startsWith("/v2/conf/")) {
    const keys = path.slice("/v2/conf/".length).split(",");
    if (keys.includes(PAIR_LIST_KEY.spot)) return { call: "instruments", account: "spot", native: "" };
    // `pub:list:pair:future` is the 2021 name of the derivatives list.
    if (keys.includes(PAIR_LIST_KEY.linear) || keys.includes("pub:list:pair:future")) {
      return { call: "instruments", account: "linear", native: "" };
    }
    return undefined;
  }
  if (path === "/v2/tickers") {
    const native = url.searchParams.get("symbols")?.split(",")[0] ?? "";
    return native ? { call: "ticker", account: accountOfNative(native), native } : undefined;
  }
  if (path === "/v2/status/deriv") {
    const native = url.searchParams.get("keys")?.split(",")[0] ?? "";
    return native ? { call: "openInterest", account: "linear", native } : undefined;
  }
  for (const [re, call] of PATH_RES) {
    const native = re.exec(path)?.[1];
    if (native) return { call, account: accountOfNative(native), native };
  }
  return undefined;
}

export const bitfinexRest: ExchangeRest = {
  baseUrl: () => BITFINEX_REST_URL,
  rateLimit: { weight: BITFINEX_REQUESTS_PER_MINUTE, perMs: 60_000 },

  instruments(account): RestCall<Instrument[]> {
    const market = bitfinexAccountOf(account);
    return {
      account: market,
      path: `/v2/conf/${PAIR_LIST_KEY[market]},${CURRENCY_MAP_KEY}`,
      weight: WEIGHT.conf,
      parse: (body) => parseInstruments(body, market),
    };
  },

  ticker(spec): RestCall<TickerEvent> {
    return {
      account: spec.account,
      path: "/v2/tickers",
      query: { symbols: spec.native },
      weight: WEIGHT.tickers,
      parse: (body, context) => parseTickers(body, spec.native, context),
    };
  },

  book(spec, depth): RestCall<BookEvent> {
    return {
      account: spec.account,
      path: `/v2/book/${spec.native}/P0`,
      query: { len: bookLengthOf(depth) },
      weight: WEIGHT.book,
      parse: (body, context) => parseBook(body, spec.native, context),
    };
  },

  trades(spec, query: TradeQuery): RestCall<TradeEvent[]> {
    return {
      account: spec.account,
      path: `/v2/trades/${spec.native}/hist`,
      query: { limit: clampLimit(query.limit, 500), sort: -1 },
      weight: WEIGHT.trades,
      parse: (body, context) => parseTrades(body, spec.native, context),
    };
  },

  klines(spec, query: KlineQuery): RestCall<KlineEvent[]> {
    const timeFrame = BITFINEX_TIME_FRAMES[query.interval];
    if (!timeFrame) {
      throw new Dig3Error("E_BAD_INTERVAL", `bitfinex has no '${query.interval}' candles`, {
        hint: `intervals: ${Object.keys(BITFINEX_TIME_FRAMES).join(" ")}`,
      });
    }
    // Without a start, the newest candles come first: ask newest-first and sort, so that `limit` keeps the latest.
    const sort = query.startMs === undefined ? -1 : 1;
    return {
      account: spec.account,
      path: `/v2/candles/trade:${timeFrame}:${spec.native}/hist`,
      query: { limit: clampLimit(query.limit, 500), start: query.startMs, end: query.endMs, sort },
      weight: WEIGHT.candles,
      parse: (body, context) =>
        parseCandles(body, spec.native, intervalOfTimeFrame(timeFrame) ?? query.interval, context),
    };
  },

  fundingHistory(spec, query: HistoryQuery): RestCall<FundingRateEvent[]> {
    assertPerpetual(spec, "funding");
    const sort = query.startMs === undefined ? -1 : 1;
    return {
      account: spec.account,
      path: `/v2/status/deriv/${spec.native}/hist`,
      query: { limit: clampLimit(query.limit, 100, 5000), start: query.startMs, end: query.endMs, sort },
      weight: WEIGHT.status,
      parse: (body, context) => parseFundingHistory(body, spec.native, context),
    };
  },

  openInterest(spec): RestCall<OpenInterestEvent> {
    assertPerpetual(spec, "open interest");
    return {
      account: spec.account,
      path: "/v2/status/deriv",
      query: { keys: spec.native },
      weight: WEIGHT.status,
      parse: (body, context) => parseDerivStatus(body, spec.native, context),
    };
  },

  recognize: recognizeBitfinexUrl,
};
