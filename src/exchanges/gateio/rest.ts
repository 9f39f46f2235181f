// Gate.io public REST v4: spot (`/spot/…`) and perpetual futures (`/futures/{usdt|btc}/…`) endpoints under one base,
// the shared per-IP budget, and the body parsers (instruments, ticker, book, trades, klines, funding, open
// interest). Parsers are pure; an error body or an unusable shape throws a Dig3Error.

import {
  type Account,
  type BookEvent,
  Dig3Error,
  type EventBase,
  type FundingRateEvent,
  formatCanonical,
  INTERVAL_MS,
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
import { recvMsOf } from "../_shared/event-base.ts";
import { barValuesOf, klineOf, unexpectedShape } from "../_shared/rest-bodies.ts";
import { assignDefined, isRecord, toId, toLevels, toNumber, toOptionalNumber } from "../_shared/values.ts";
import { gateTradeOf, msOfGateTime, placeOf } from "./events.ts";
import { GATE_BOOK_LEVELS, gateIntervalOf } from "./subscribe.ts";
import { GATE_SETTLE } from "./symbols.ts";

type GateAccount = "spot" | "linear" | "inverse";

const BASE_URL = { live: "https://api.gateio.ws/api/v4", testnet: "https://api-testnet.gateapi.io/api/v4" };

/** Contracts per page of `/futures/{settle}/contracts` (paged by `limit`/`offset`); two pages cover today's lists. */
const CONTRACTS_PAGE = 1000;

/** Rows a spot kline request may return; futures allow 2000. */
const MAX_KLINES: Readonly<Record<GateAccount, number>> = { spot: 1000, linear: 2000, inverse: 2000 };

export function gateAccountOf(account: Account): GateAccount {
  if (account === "spot" || account === "linear" || account === "inverse") return account;
  throw new Dig3Error("E_WIRE_ABSENT", `gateio ${account}: not offered by dig3's Gate adapter`, {
    hint: "use --account spot, linear (USDT-settled perpetuals) or inverse (BTC-settled perpetuals)",
  });
}

export function gateRestBaseUrl(account: Account, options: WsOptions): string {
  gateAccountOf(account);
  return options.testnet ? BASE_URL.testnet : BASE_URL.live;
}

/** `/spot/<endpoint>` or `/futures/<settle>/<endpoint>` (settle in lower case, as in Gate's paths). */
function pathOf(account: Account, spot: string, futures: string): string {
  const which = gateAccountOf(account);
  return which === "spot" ? `/spot/${spot}` : `/futures/${GATE_SETTLE[which].toLowerCase()}/${futures}`;
}

/** The query key naming the instrument: `currency_pair` on spot, `contract` on futures. */
function instrumentKey(account: Account): "currency_pair" | "contract" {
  return gateAccountOf(account) === "spot" ? "currency_pair" : "contract";
}

// ── parsing helpers ────────────────────────────────────────────────────────────────────────────────────────────

/** Throws Gate's own error when the body is one (`{"label":"INVALID_CURRENCY_PAIR","message":"…"}`). */
function assertNotError(body: unknown, what: string): void {
  if (isRecord(body) && typeof body.label === "string") {
    const text = typeof body.message === "string" && body.message ? body.message : body.label;
    throw new Dig3Error("E_VENUE", `gateio ${what}: ${text} (${body.label})`, {
      hint: /CURRENCY_PAIR|CONTRACT/i.test(body.label)
        ? "check the symbol with 'dig3 capabilities gateio' or the instrument list"
        : undefined,
      details: { venueLabel: body.label },
    });
  }
}

const unexpected = (what: string): Dig3Error => unexpectedShape("gateio", what);

function baseOf(context: ParseContext, native: string, tsMs: number): EventBase {
  const { account, symbol } = placeOf(native, context);
  return { exchange: context.exchange, account, symbol, tsMs, recvTsUs: context.recvTsUs };
}

function arrayOf(body: unknown, what: string): unknown[] {
  assertNotError(body, what);
  if (!Array.isArray(body)) throw unexpected(what);
  return body;
}

/** `0.01` from a step text, or from a number of decimal places (`precision: 2`). */
function stepOfPlaces(places: unknown): number | undefined {
  const n = toNumber(places);
  return Number.isInteger(n) && n >= 0 && n <= 18 ? Number(`1e-${n}`) : undefined;
}

// ── parsers ────────────────────────────────────────────────────────────────────────────────────────────────────

/** `/spot/currency_pairs` → instruments; only `tradable` pairs are active (`buyable`/`sellable` are one-sided). */
export function parseCurrencyPairs(body: unknown): Instrument[] {
  const instruments: Instrument[] = [];
  for (const row of arrayOf(body, "currency_pairs")) {
    if (!isRecord(row) || typeof row.id !== "string") continue;
    const base = typeof row.base === "string" ? row.base.toUpperCase() : "";
    const quote = typeof row.quote === "string" ? row.quote.toUpperCase() : "";
    if (!base || !quote) continue;
    const status = typeof row.trade_status === "string" ? row.trade_status : "";
    const instrument: Instrument = {
      account: "spot",
      symbol: formatCanonical({ base, quote }),
      native: row.id,
      base,
      quote,
      status,
      active: status === "tradable",
    };
    instruments.push(
      assignDefined(instrument, {
        tickSize: stepOfPlaces(row.precision),
        lotSize: stepOfPlaces(row.amount_precision),
      }),
    );
  }
  return instruments;
}

/**
 * `/futures/{settle}/contracts` → instruments. Sizes on this account are contracts: `lotSize` is the minimum order
 * size in contracts, and one contract is `quanto_multiplier` of the base currency (USD 1 on inverse BTC_USD).
 */
export function parseContracts(body: unknown, account: Account): Instrument[] {
  const which = gateAccountOf(account);
  if (which === "spot") throw unexpected("contracts");
  const settle = GATE_SETTLE[which];
  const instruments: Instrument[] = [];
  for (const row of arrayOf(body, "contracts")) {
    if (!isRecord(row) || typeof row.name !== "string") continue;
    const cut = row.name.indexOf("_");
    if (cut <= 0) continue;
    const parts: SymbolParts = {
      base: row.name.slice(0, cut).toUpperCase(),
      quote: row.name.slice(cut + 1).toUpperCase(),
      settle,
    };
    // `status` (trading, delisting, delisted …) is recent; older lists only flag `in_delisting`.
    const status =
      typeof row.status === "string" && row.status ? row.status : row.in_delisting ? "delisting" : "trading";
    const instrument: Instrument = {
      account: which,
      symbol: formatCanonical(parts),
      native: row.name,
      base: parts.base,
      quote: parts.quote,
      settle,
      status,
      active: status === "trading" && row.in_delisting !== true,
    };
    instruments.push(
      assignDefined(instrument, {
        tickSize: toOptionalNumber(row.order_price_round),
        lotSize: toOptionalNumber(row.order_size_min),
      }),
    );
  }
  return instruments;
}

/** `/spot/tickers` or `/futures/{settle}/tickers` (an array even for one instrument); no time: the receive time. */
export function parseTicker(body: unknown, native: string, context: ParseContext): TickerEvent {
  const rows = arrayOf(body, "tickers");
  const row =
    rows.find((item) => isRecord(item) && (item.currency_pair === native || item.contract === native)) ??
    rows[0];
  if (!isRecord(row)) throw unexpected("tickers");
  const last = toNumber(row.last);
  if (!Number.isFinite(last)) throw unexpected("tickers");
  const rowNative =
    typeof row.currency_pair === "string"
      ? row.currency_pair
      : typeof row.contract === "string"
        ? row.contract
        : native;
  const isSpot = typeof row.currency_pair === "string";
  const event: TickerEvent = { kind: "ticker", ...baseOf(context, rowNative, recvMsOf(context)), last };
  return assignDefined(event, {
    bid: toOptionalNumber(row.highest_bid),
    bidSize: toOptionalNumber(row.highest_size),
    ask: toOptionalNumber(row.lowest_ask),
    askSize: toOptionalNumber(row.lowest_size),
    high24h: toOptionalNumber(row.high_24h),
    low24h: toOptionalNumber(row.low_24h),
    volume24h: toOptionalNumber(isSpot ? row.base_volume : row.volume_24h_base),
    quoteVolume24h: toOptionalNumber(isSpot ? row.quote_volume : row.volume_24h_quote),
    changePct24h: toOptionalNumber(row.change_percentage),
  });
}

function futuresLevels(rows: unknown): Level[] {
  if (!Array.isArray(rows)) return [];
  const levels: Level[] = [];
  for (const row of rows) {
    if (!isRecord(row)) continue;
    const price = toNumber(row.p);
    const size = toNumber(row.s);
    if (Number.isFinite(price) && Number.isFinite(size)) levels.push([price, size]);
  }
  return levels;
}

/**
 * Order book with `with_id=true` → BookEvent `snapshot`, seq = `id`, which the socket's `U`/`u` continue. Spot levels
 * are `[price, amount]` and `current` is ms; futures levels `{p, s}` (contracts) and `current` seconds.
 */
export function parseOrderBook(body: unknown, native: string, context: ParseContext): BookEvent {
  assertNotError(body, "order_book");
  if (!isRecord(body) || !Array.isArray(body.bids) || !Array.isArray(body.asks))
    throw unexpected("order_book");
  const seq = toNumber(body.id);
  if (!Number.isFinite(seq)) {
    throw new Dig3Error("E_PARSE", "gateio order_book: no update id (was with_id=true sent?)", {
      hint: "the book snapshot needs its id to bridge to the socket's updates",
    });
  }
  const isFutures = isRecord(body.bids[0]) || isRecord(body.asks[0]);
  return {
    kind: "book",
    ...baseOf(context, native, msOfGateTime(body.current) ?? recvMsOf(context)),
    type: "snapshot",
    bids: isFutures ? futuresLevels(body.bids) : toLevels(body.bids),
    asks: isFutures ? futuresLevels(body.asks) : toLevels(body.asks),
    seq,
  };
}

/** Recent trades, oldest first. Spot rows name the taker `side`; futures rows sign `size` (contracts). */
export function parseTrades(body: unknown, native: string, context: ParseContext): TradeEvent[] {
  const trades: TradeEvent[] = [];
  for (const row of arrayOf(body, "trades")) {
    if (!isRecord(row)) continue;
    const price = toNumber(row.price);
    const tradeId = toId(row.id);
    const tsMs = msOfGateTime(row.create_time_ms) ?? msOfGateTime(row.create_time);
    if (!(price > 0) || !tradeId || tsMs === undefined) continue;
    const rowNative =
      typeof row.currency_pair === "string"
        ? row.currency_pair
        : typeof row.contract === "string"
          ? row.contract
          : native;
    if (row.amount !== undefined) {
      const size = toNumber(row.amount);
      const side = row.side === "buy" ? "buy" : row.side === "sell" ? "sell" : undefined;
      if (!(size > 0) || !side) continue;
      trades.push(gateTradeOf(rowNative, tsMs, price, size, side, tradeId, context));
    } else {
      const signed = toNumber(row.size);
      if (!Number.isFinite(signed) || signed === 0 || row.is_internal === true) continue;
      const side = signed > 0 ? "buy" : "sell";
      trades.push(gateTradeOf(rowNative, tsMs, price, Math.abs(signed), side, tradeId, context));
    }
  }
  // Gate lists the newest first.
  return trades.sort((a, b) => a.tsMs - b.tsMs || Number(a.tradeId) - Number(b.tradeId));
}

/**
 * Candles → KlineEvents, oldest first. Spot rows are arrays `[t, quote volume, close, high, low, open, base volume,
 * closed]`; futures rows objects `{t, v (contracts), c, h, l, o, sum (quote volume)}`, closed once their interval
 * ended before the receive time. `tsMs` is the close time of a closed bar, else the receive time.
 */
export function parseCandles(
  body: unknown,
  native: string,
  interval: string,
  context: ParseContext,
): KlineEvent[] {
  const rows = arrayOf(body, "candlesticks");
  // klineOf stamps the context's account and symbol: hand it the native's own place, as baseOf does.
  const { account, symbol } = placeOf(native, context);
  const placed: ParseContext = { ...context, account, symbolOf: () => symbol };
  const intervalMs = INTERVAL_MS[interval];
  const klines: KlineEvent[] = [];
  for (const row of rows) {
    const fields = Array.isArray(row)
      ? {
          t: row[0],
          o: row[5],
          h: row[3],
          l: row[4],
          c: row[2],
          volume: row[6],
          quote: row[1],
          closed: row[7],
        }
      : isRecord(row)
        ? {
            t: row.t,
            o: row.o,
            h: row.h,
            l: row.l,
            c: row.c,
            volume: row.v,
            quote: row.sum,
            closed: undefined,
          }
        : undefined;
    if (!fields) continue;
    const openTimeMs = msOfGateTime(fields.t);
    const values = barValuesOf(fields.o, fields.h, fields.l, fields.c, fields.volume);
    if (openTimeMs === undefined || !values) continue;
    const closeTimeMs = intervalMs !== undefined ? openTimeMs + intervalMs - 1 : undefined;
    // Gate's own flag (spot rows) wins; without one, klineOf closes the bar once it ended before the receive time.
    const closed =
      fields.closed === "true" || fields.closed === true
        ? true
        : fields.closed === "false" || fields.closed === false
          ? false
          : undefined;
    const kline = klineOf(placed, native, interval, { openTimeMs, closeTimeMs, closed }, values);
    klines.push(assignDefined(kline, { quoteVolume: toOptionalNumber(fields.quote) }));
  }
  return klines.sort((a, b) => a.openTimeMs - b.openTimeMs);
}

/** `/futures/{settle}/funding_rate` → settled rates at their funding time, oldest first. */
export function parseFundingRates(body: unknown, native: string, context: ParseContext): FundingRateEvent[] {
  const events: FundingRateEvent[] = [];
  for (const row of arrayOf(body, "funding_rate")) {
    if (!isRecord(row)) continue;
    const rate = toNumber(row.r);
    const tsMs = msOfGateTime(row.t);
    if (!Number.isFinite(rate) || tsMs === undefined) continue;
    events.push({ kind: "funding_rate", ...baseOf(context, native, tsMs), rate });
  }
  return events.sort((a, b) => a.tsMs - b.tsMs);
}

/** `/futures/{settle}/contract_stats` → the newest point's open interest, in contracts. */
export function parseContractStats(body: unknown, native: string, context: ParseContext): OpenInterestEvent {
  let newest: { tsMs: number; openInterest: number; usd?: number } | undefined;
  for (const row of arrayOf(body, "contract_stats")) {
    if (!isRecord(row)) continue;
    const tsMs = msOfGateTime(row.time);
    const openInterest = toNumber(row.open_interest);
    if (tsMs === undefined || !Number.isFinite(openInterest)) continue;
    if (!newest || tsMs > newest.tsMs)
      newest = { tsMs, openInterest, usd: toOptionalNumber(row.open_interest_usd) };
  }
  if (!newest) throw unexpected("contract_stats");
  const event: OpenInterestEvent = {
    kind: "open_interest",
    ...baseOf(context, native, newest.tsMs),
    openInterest: newest.openInterest,
  };
  return assignDefined(event, { openInterestValue: newest.usd });
}

// ── calls ──────────────────────────────────────────────────────────────────────────────────────────────────────

function assertFutures(spec: StreamSpec, what: string): void {
  if (spec.account === "spot") {
    throw new Dig3Error("E_WIRE_ABSENT", `gateio spot ${what}: spot has no ${what}`, {
      hint: "use --account linear (USDT-settled) or inverse (BTC-settled)",
    });
  }
}

function clampLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(max, Math.max(1, Math.floor(limit)));
}

const secondsOf = (ms: number | undefined) => (ms === undefined ? undefined : Math.floor(ms / 1000));

/**
 * Kline query: Gate refuses `limit` together with `from`/`to` ("if either from or to is specified, request will be
 * rejected"), so a time window is sent as `from`/`to` alone, sized to `limit` bars of the interval.
 */
export function klineQueryOf(
  spec: StreamSpec,
  query: KlineQuery,
): Record<string, string | number | undefined> {
  const limit = clampLimit(query.limit, 100, MAX_KLINES[gateAccountOf(spec.account)]);
  const base = { [instrumentKey(spec.account)]: spec.native, interval: gateIntervalOf(query.interval) };
  if (query.startMs === undefined && query.endMs === undefined) return { ...base, limit };
  const spanMs = (INTERVAL_MS[query.interval] ?? 60_000) * (limit - 1);
  const fromMs = query.startMs ?? (query.endMs as number) - spanMs;
  const toMs = query.endMs ?? fromMs + spanMs;
  return { ...base, from: secondsOf(fromMs), to: secondsOf(toMs) };
}

const SPOT_CALLS: Readonly<Record<string, RecognizedRest["call"]>> = {
  currency_pairs: "instruments",
  tickers: "ticker",
  order_book: "book",
  trades: "trades",
  candlesticks: "klines",
};

const FUTURES_CALLS: Readonly<Record<string, RecognizedRest["call"]>> = {
  contracts: "instruments",
  tickers: "ticker",
  order_book: "book",
  trades: "trades",
  candlesticks: "klines",
  funding_rate: "fundingHistory",
  contract_stats: "openInterest",
};

const ACCOUNT_OF_SETTLE: Readonly<Record<string, GateAccount>> = { usdt: "linear", btc: "inverse" };

/** Which call a recorded URL was, by path (with or without the `/api/v4` prefix), on any Gate host. */
export function recognizeGateUrl(url: URL): RecognizedRest | undefined {
  const path = url.pathname.replace(/^\/api\/v4(?=\/)/, "");
  const spot = /^\/spot\/([a-z_]+)$/.exec(path);
  if (spot) {
    const call = SPOT_CALLS[spot[1]!];
    return call ? { call, account: "spot", native: url.searchParams.get("currency_pair") ?? "" } : undefined;
  }
  const futures = /^\/futures\/([a-z0-9]+)\/([a-z_]+)$/.exec(path);
  if (!futures) return undefined;
  const account = ACCOUNT_OF_SETTLE[futures[1]!];
  const call = FUTURES_CALLS[futures[2]!];
  if (!account || !call) return undefined;
  return { call, account, native: url.searchParams.get("contract") ?? "" };
}

function contractsPage(account: Account, offset: number): RestCall<Instrument[]> {
  return {
    account,
    path: pathOf(account, "", "contracts"),
    query: { limit: CONTRACTS_PAGE, offset: offset > 0 ? offset : undefined },
    parse: (body) => parseContracts(body, account),
  };
}

export const gateioRest: ExchangeRest = {
  baseUrl: gateRestBaseUrl,
  // "Public endpoints: 200 requests per 10 seconds, per endpoint, per IP" (since 2024-01-22). One budget for all
  // endpoints is stricter than Gate's, never looser.
  rateLimit: { weight: 200, perMs: 10_000 },

  instruments(account): RestCall<Instrument[]> {
    if (gateAccountOf(account) === "spot") {
      return { account, path: "/spot/currency_pairs", parse: (body) => parseCurrencyPairs(body) };
    }
    return contractsPage(account, 0);
  },

  moreInstruments(account): RestCall<Instrument[]>[] {
    return gateAccountOf(account) === "spot" ? [] : [contractsPage(account, CONTRACTS_PAGE)];
  },

  ticker(spec): RestCall<TickerEvent> {
    return {
      account: spec.account,
      path: pathOf(spec.account, "tickers", "tickers"),
      query: { [instrumentKey(spec.account)]: spec.native },
      parse: (body, context) => parseTicker(body, spec.native, context),
    };
  },

  book(spec, depth): RestCall<BookEvent> {
    return {
      account: spec.account,
      path: pathOf(spec.account, "order_book", "order_book"),
      query: {
        [instrumentKey(spec.account)]: spec.native,
        // The socket maintains GATE_BOOK_LEVELS levels; deeper snapshots are allowed for one-shot queries.
        limit: clampLimit(depth, GATE_BOOK_LEVELS, 1000),
        with_id: "true",
      },
      parse: (body, context) => parseOrderBook(body, spec.native, context),
    };
  },

  trades(spec, query: TradeQuery): RestCall<TradeEvent[]> {
    return {
      account: spec.account,
      path: pathOf(spec.account, "trades", "trades"),
      query: { [instrumentKey(spec.account)]: spec.native, limit: clampLimit(query.limit, 100, 1000) },
      parse: (body, context) => parseTrades(body, spec.native, context),
    };
  },

  klines(spec, query: KlineQuery): RestCall<KlineEvent[]> {
    return {
      account: spec.account,
      path: pathOf(spec.account, "candlesticks", "candlesticks"),
      query: klineQueryOf(spec, query),
      parse: (body, context) => parseCandles(body, spec.native, query.interval, context),
    };
  },

  fundingHistory(spec, query: HistoryQuery): RestCall<FundingRateEvent[]> {
    assertFutures(spec, "funding");
    return {
      account: spec.account,
      path: pathOf(spec.account, "", "funding_rate"),
      query: {
        contract: spec.native,
        limit: clampLimit(query.limit, 100, 1000),
        from: secondsOf(query.startMs),
        to: secondsOf(query.endMs),
      },
      parse: (body, context) => parseFundingRates(body, spec.native, context),
    };
  },

  openInterest(spec): RestCall<OpenInterestEvent> {
    assertFutures(spec, "open interest");
    return {
      account: spec.account,
      path: pathOf(spec.account, "", "contract_stats"),
      // The newest 5-minute point; Gate's default interval.
      query: { contract: spec.native, interval: "5m", limit: 1 },
      parse: (body, context) => parseContractStats(body, spec.native, context),
    };
  },

  recognize: recognizeGateUrl,
};
