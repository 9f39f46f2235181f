// OKX public REST (`https://www.okx.com/api/v5/…`): the endpoint table, per-endpoint costs against one shared
// budget, and the body parsers (pure; an error envelope or an unusable shape throws a Dig3Error).

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
import { recvMsOf } from "../_shared/event-base.ts";
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
import { klineOfRow, nextBarOpenMs, openInterestOfRow, placeOf, tickerOf, tradeOfRow } from "./parse.ts";
import { barOfInterval } from "./subscribe.ts";
import { instTypeOfOkxNative, type OkxInstType, readOkxInstId } from "./symbols.ts";

const BASE_URL = "https://www.okx.com";

/**
 * OKX limits each endpoint by itself ("Rate Limit: 20 requests per 2 seconds", per IP): ticker, instruments,
 * open interest and history candles 20 / 2 s, books and candles 40 / 2 s, trades 100 / 2 s, funding history
 * 10 / 2 s, full books 10 / 2 s. The contract has one budget per venue, so every call is priced in 1/200 of a
 * 2-second window: no endpoint can exceed its own limit, at the price of sharing one pool.
 */
export const OKX_RATE_LIMIT = { weight: 200, perMs: 2_000 } as const;

const WEIGHT = {
  per100: 2,
  per40: 5,
  per20: 10,
  per10: 20,
} as const;

/** Bars the live `candles` endpoint can still serve ("can retrieve the latest 1,440 data entries"). */
const RECENT_CANDLES = 1_440;

// ── envelope and helpers ───────────────────────────────────────────────────────────────────────────────────────

function unexpected(what: string): Dig3Error {
  return unexpectedShape("okx", what);
}

/** The `data` rows of a `{code, msg, data}` answer; a non-zero code throws the venue's own message. */
export function dataOf(body: unknown, what: string): unknown[] {
  if (!isRecord(body)) throw unexpected(what);
  const code = toId(body.code);
  if (code !== "" && code !== "0") {
    const msg = typeof body.msg === "string" && body.msg ? body.msg : "request failed";
    throw new Dig3Error("E_VENUE", `okx ${what}: ${msg} (code ${code})`, {
      hint:
        code === "51001"
          ? "check the instrument id with 'dig3 capabilities okx' or the instrument list"
          : code === "50011"
            ? "too many requests; wait and retry"
            : undefined,
      details: { venueCode: code },
    });
  }
  if (!Array.isArray(body.data)) throw unexpected(what);
  return body.data;
}

function firstRecordOf(body: unknown, what: string): Record<string, unknown> {
  const row = dataOf(body, what)[0];
  if (!isRecord(row))
    throw new Dig3Error("E_VENUE", `okx ${what}: empty answer`, { hint: "check the symbol" });
  return row;
}

function clampLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(max, Math.max(1, Math.floor(limit)));
}

// ── parsers ────────────────────────────────────────────────────────────────────────────────────────────────────

/** `/public/instruments` rows → instruments of `account` (the SWAP and FUTURES lists mix linear and inverse). */
export function parseInstruments(body: unknown, account: Account): Instrument[] {
  const instruments: Instrument[] = [];
  for (const row of dataOf(body, "instruments")) {
    if (!isRecord(row) || typeof row.instId !== "string") continue;
    const read = readOkxInstId(row.instId);
    if (!read) continue;
    const parts = { ...read.parts };
    // The row's own coins win over the name (spot rows name them; contracts name settle and contract type).
    if (account === "spot") {
      if (typeof row.baseCcy === "string" && row.baseCcy) parts.base = row.baseCcy.toUpperCase();
      if (typeof row.quoteCcy === "string" && row.quoteCcy) parts.quote = row.quoteCcy.toUpperCase();
    } else if (typeof row.settleCcy === "string" && row.settleCcy) {
      parts.settle = row.settleCcy.toUpperCase();
    }
    const rowAccount =
      read.account === "spot"
        ? "spot"
        : row.ctType === "inverse"
          ? "inverse"
          : row.ctType === "linear"
            ? "linear"
            : read.account;
    if (rowAccount !== account) continue;
    const status = typeof row.state === "string" ? row.state : "";
    const instrument: Instrument = {
      account,
      symbol: formatCanonical(parts),
      native: row.instId,
      base: parts.base,
      quote: parts.quote,
      status,
      active: status === "live",
    };
    instruments.push(
      assignDefined(instrument, {
        settle: parts.settle,
        tickSize: toOptionalNumber(row.tickSz),
        lotSize: toOptionalNumber(row.lotSz),
      }),
    );
  }
  return instruments;
}

/** `/market/tickers?instType=OPTION` → the live option instruments (no tick or lot size in these rows). */
export function parseOptionTickersAsInstruments(body: unknown): Instrument[] {
  const instruments: Instrument[] = [];
  for (const row of dataOf(body, "tickers")) {
    if (!isRecord(row) || typeof row.instId !== "string") continue;
    const read = readOkxInstId(row.instId);
    if (read?.account !== "option") continue;
    instruments.push({
      account: "option",
      symbol: formatCanonical(read.parts),
      native: row.instId,
      base: read.parts.base,
      quote: read.parts.quote,
      settle: read.parts.settle ?? read.parts.base,
      status: "live",
      active: true,
    });
  }
  return instruments;
}

export function parseTicker(body: unknown, native: string, context: ParseContext): TickerEvent {
  const row = firstRecordOf(body, "ticker");
  const instId = typeof row.instId === "string" ? row.instId : native;
  const tsMs = toNumber(row.ts);
  const last = toNumber(row.last);
  if (!isTime(tsMs) || !Number.isFinite(last)) throw unexpected("ticker");
  return tickerOf(instId, tsMs, last, row, context);
}

/** `/market/books` or `/books-full` → a snapshot without sequence id (OKX sends none over REST). */
export function parseBook(body: unknown, native: string, context: ParseContext): BookEvent {
  const row = firstRecordOf(body, "books");
  if (!Array.isArray(row.bids) || !Array.isArray(row.asks)) throw unexpected("books");
  const sentMs = toNumber(row.ts);
  const { account, symbol } = placeOf(native, context);
  return {
    kind: "book",
    exchange: context.exchange,
    account,
    symbol,
    tsMs: isTime(sentMs) ? sentMs : recvMsOf(context),
    recvTsUs: context.recvTsUs,
    type: "snapshot",
    bids: toLevels(row.bids, true),
    asks: toLevels(row.asks, true),
  };
}

/** `/market/trades` (newest first) → trades oldest first. */
export function parseTrades(body: unknown, native: string, context: ParseContext): TradeEvent[] {
  const trades: TradeEvent[] = [];
  for (const row of dataOf(body, "trades")) {
    if (!isRecord(row)) continue;
    const trade = tradeOfRow(row, native, context);
    if (trade) trades.push(trade);
  }
  return trades.reverse();
}

/**
 * `/market/candles` rows (newest first) → klines oldest first. `confirm` says whether a bar is final; `tsMs` is
 * the close time of a final bar, the receive time of the open one.
 */
export function parseCandles(
  body: unknown,
  native: string,
  interval: string,
  context: ParseContext,
): KlineEvent[] {
  const klines: KlineEvent[] = [];
  for (const row of dataOf(body, "candles")) {
    const kline = klineOfRow(row, native, interval, undefined, context);
    if (kline) klines.push(kline);
  }
  return klines.sort((a, b) => a.openTimeMs - b.openTimeMs);
}

/** `/public/funding-rate-history` (newest first) → settled rates at their funding time, oldest first. */
export function parseFundingHistory(
  body: unknown,
  native: string,
  context: ParseContext,
): FundingRateEvent[] {
  const events: FundingRateEvent[] = [];
  for (const row of dataOf(body, "funding-rate-history")) {
    if (!isRecord(row)) continue;
    // `realizedRate` is what was charged; `fundingRate` what had been predicted.
    const rate = toOptionalNumber(row.realizedRate) ?? toOptionalNumber(row.fundingRate);
    const tsMs = toNumber(row.fundingTime);
    if (rate === undefined || !isTime(tsMs)) continue;
    const instId = typeof row.instId === "string" && row.instId ? row.instId : native;
    const { account, symbol } = placeOf(instId, context);
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

/** `/public/open-interest` → open interest in coins (`oiCcy`, the base) with the USD value where sent. */
export function parseOpenInterest(body: unknown, native: string, context: ParseContext): OpenInterestEvent {
  const event = openInterestOfRow(firstRecordOf(body, "open-interest"), native, context);
  if (!event) throw unexpected("open-interest");
  return event;
}

// ── calls ──────────────────────────────────────────────────────────────────────────────────────────────────────

function assertDerivative(spec: StreamSpec, what: string, accounts: readonly Account[]): void {
  if (!accounts.includes(spec.account)) {
    throw new Dig3Error("E_WIRE_ABSENT", `okx ${spec.account} ${what}: not offered on this account`, {
      hint: `use --account ${accounts.join(" or ")}`,
    });
  }
}

/** instType of an instruments query per account (linear and inverse are split out of the SWAP / FUTURES lists). */
const INSTRUMENT_TYPE: Readonly<Record<Exclude<Account, "option">, OkxInstType>> = {
  spot: "SPOT",
  linear: "SWAP",
  inverse: "SWAP",
};

function instrumentsCall(account: Account, instType: OkxInstType): RestCall<Instrument[]> {
  return {
    account,
    path: "/api/v5/public/instruments",
    query: { instType },
    weight: WEIGHT.per20,
    parse: (body) => parseInstruments(body, account),
  };
}

/** The candle endpoint for a query: `candles` while the range is within its latest 1,440 bars, else history. */
export function candlesPathOf(interval: string, startMs: number | undefined, nowMs: number): string {
  if (startMs === undefined) return "/api/v5/market/candles";
  const barMs = nextBarOpenMs(interval, 0) ?? 86_400_000;
  return nowMs - startMs > RECENT_CANDLES * barMs
    ? "/api/v5/market/history-candles"
    : "/api/v5/market/candles";
}

const RECOGNIZED: Readonly<Record<string, RecognizedRest["call"]>> = {
  "/api/v5/public/instruments": "instruments",
  "/api/v5/market/ticker": "ticker",
  "/api/v5/market/books": "book",
  "/api/v5/market/books-full": "book",
  "/api/v5/market/trades": "trades",
  "/api/v5/market/history-trades": "trades",
  "/api/v5/market/candles": "klines",
  "/api/v5/market/history-candles": "klines",
  "/api/v5/public/funding-rate-history": "fundingHistory",
  "/api/v5/public/open-interest": "openInterest",
};

const ACCOUNT_OF_INST_TYPE: Readonly<Record<string, Account>> = {
  SPOT: "spot",
  MARGIN: "spot",
  SWAP: "linear",
  FUTURES: "linear",
  OPTION: "option",
};

/** Which call a recorded URL was; the account comes from the instId (or the instType of an instruments list). */
export function recognizeOkxUrl(url: URL): RecognizedRest | undefined {
  const call = RECOGNIZED[url.pathname.replace(/\/+$/, "")];
  if (!call) return undefined;
  const native = url.searchParams.get("instId") ?? "";
  const account =
    readOkxInstId(native)?.account ?? ACCOUNT_OF_INST_TYPE[url.searchParams.get("instType") ?? ""] ?? "spot";
  return { call, account, native };
}

export const okxRest: ExchangeRest = {
  // Demo trading shares the host; it is chosen by the `x-simulated-trading: 1` header, which a RestCall cannot
  // carry, so public market data always comes from the live service.
  baseUrl: (_account: Account, _options: WsOptions) => BASE_URL,
  rateLimit: OKX_RATE_LIMIT,

  instruments(account): RestCall<Instrument[]> {
    if (account === "option") {
      // `/public/instruments` lists options only per `instFamily`; the tickers list has every live one.
      return {
        account,
        path: "/api/v5/market/tickers",
        query: { instType: "OPTION" },
        weight: WEIGHT.per20,
        parse: (body) => parseOptionTickersAsInstruments(body),
      };
    }
    return instrumentsCall(account, INSTRUMENT_TYPE[account]);
  },

  moreInstruments(account): RestCall<Instrument[]>[] {
    // Dated futures are listed apart from the swaps.
    return account === "linear" || account === "inverse" ? [instrumentsCall(account, "FUTURES")] : [];
  },

  ticker(spec): RestCall<TickerEvent> {
    return {
      account: spec.account,
      path: "/api/v5/market/ticker",
      query: { instId: spec.native },
      weight: WEIGHT.per20,
      parse: (body, context) => parseTicker(body, spec.native, context),
    };
  },

  book(spec, depth): RestCall<BookEvent> {
    const wanted = Math.max(1, Math.floor(depth));
    const full = wanted > 400;
    return {
      account: spec.account,
      path: full ? "/api/v5/market/books-full" : "/api/v5/market/books",
      query: { instId: spec.native, sz: Math.min(wanted, full ? 5000 : 400) },
      weight: full ? WEIGHT.per10 : WEIGHT.per40,
      parse: (body, context) => parseBook(body, spec.native, context),
    };
  },

  trades(spec, query: TradeQuery): RestCall<TradeEvent[]> {
    return {
      account: spec.account,
      path: "/api/v5/market/trades",
      query: { instId: spec.native, limit: clampLimit(query.limit, 100, 500) },
      weight: WEIGHT.per100,
      parse: (body, context) => parseTrades(body, spec.native, context),
    };
  },

  klines(spec, query: KlineQuery): RestCall<KlineEvent[]> {
    const limit = clampLimit(query.limit, 100, 300);
    const path = candlesPathOf(query.interval, query.startMs, Date.now());
    // `after` returns bars older than it, `before` newer than it (both exclusive): a window [start, end].
    let afterMs = query.endMs !== undefined ? query.endMs + 1 : undefined;
    if (afterMs === undefined && query.startMs !== undefined) {
      const span = (nextBarOpenMs(query.interval, query.startMs) ?? query.startMs) - query.startMs;
      afterMs = query.startMs + span * limit;
    }
    return {
      account: spec.account,
      path,
      query: {
        instId: spec.native,
        bar: barOfInterval(query.interval),
        limit,
        after: afterMs,
        before: query.startMs !== undefined ? query.startMs - 1 : undefined,
      },
      weight: path.endsWith("history-candles") ? WEIGHT.per20 : WEIGHT.per40,
      parse: (body, context) => parseCandles(body, spec.native, query.interval, context),
    };
  },

  fundingHistory(spec, query: HistoryQuery): RestCall<FundingRateEvent[]> {
    assertDerivative(spec, "funding", ["linear", "inverse"]);
    return {
      account: spec.account,
      path: "/api/v5/public/funding-rate-history",
      query: {
        instId: spec.native,
        limit: clampLimit(query.limit, 100, 400),
        after: query.endMs !== undefined ? query.endMs + 1 : undefined,
        before: query.startMs !== undefined ? query.startMs - 1 : undefined,
      },
      weight: WEIGHT.per10,
      parse: (body, context) => parseFundingHistory(body, spec.native, context),
    };
  },

  openInterest(spec): RestCall<OpenInterestEvent> {
    assertDerivative(spec, "open interest", ["linear", "inverse", "option"]);
    const instType = instTypeOfOkxNative(spec.native, spec.account);
    const family = readOkxInstId(spec.native)?.parts;
    return {
      account: spec.account,
      path: "/api/v5/public/open-interest",
      query: {
        instType,
        // "If instType is OPTION, instFamily is required."
        instFamily: instType === "OPTION" && family ? `${family.base}-${family.quote}` : undefined,
        instId: spec.native,
      },
      weight: WEIGHT.per20,
      parse: (body, context) => parseOpenInterest(body, spec.native, context),
    };
  },

  recognize: recognizeOkxUrl,
};
