// dYdX v4 indexer REST (public, GET): perpetualMarkets (instruments, ticker, open interest, current funding),
// orderbooks, trades, candles and historicalFunding; pure parsers; `recognize` for recorded REST lines.
// Docs: https://docs.dydx.exchange/api_integration-indexer/indexer_api

import {
  type Account,
  type BookEvent,
  Dig3Error,
  type FundingRateEvent,
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
import { isRecord, toNumber, toOptionalNumber } from "../_shared/values.ts";
import { nextFundingOf, toDydxKline, toDydxLevels, toDydxTrades } from "./parse.ts";
import { DYDX_RESOLUTIONS } from "./subscribe.ts";
import { canonicalOfDydx, DYDX_SETTLE, fromDydxNative } from "./symbols.ts";

const BASE_URL = { live: "https://indexer.dydx.trade", testnet: "https://indexer.v4testnet.dydx.exchange" };

/**
 * The indexer publishes no per-IP REST budget in its API page; dig3 stays at 100 requests per 10 s (the default
 * of the indexer's own rate-limit middleware is not documented publicly: this figure is a conservative choice).
 */
export const DYDX_RATE_LIMIT = { weight: 100, perMs: 10_000 } as const;

/** The indexer caps `limit` at 100 rows (trades, candles, historicalFunding). */
const MAX_ROWS = 100;

export function dydxRestBaseUrl(_account: Account, options: WsOptions): string {
  return options.testnet ? BASE_URL.testnet : BASE_URL.live;
}

const badShape = (what: string): Dig3Error => unexpectedShape("dydx", what);

function symbolOf(native: string, context: ParseContext): string {
  return context.account === "linear" ? context.symbolOf(native) : canonicalOfDydx(native);
}

function marketsOf(body: unknown): Record<string, Record<string, unknown>> {
  if (!isRecord(body) || !isRecord(body.markets)) throw badShape("perpetualMarkets");
  return body.markets as Record<string, Record<string, unknown>>;
}

export function parseDydxInstruments(body: unknown): Instrument[] {
  const instruments: Instrument[] = [];
  for (const [ticker, market] of Object.entries(marketsOf(body))) {
    if (!isRecord(market)) continue;
    const parts = fromDydxNative(ticker, "linear");
    if (!parts) continue;
    const status = typeof market.status === "string" ? market.status : "";
    const instrument: Instrument = {
      account: "linear",
      symbol: `${parts.base}/${parts.quote}:${DYDX_SETTLE}`,
      native: ticker,
      base: parts.base,
      quote: parts.quote,
      settle: DYDX_SETTLE,
      status,
      active: status === "ACTIVE",
    };
    const tickSize = toOptionalNumber(market.tickSize);
    const lotSize = toOptionalNumber(market.stepSize);
    if (tickSize !== undefined) instrument.tickSize = tickSize;
    if (lotSize !== undefined) instrument.lotSize = lotSize;
    instruments.push(instrument);
  }
  return instruments;
}

function oneMarket(body: unknown, native: string): Record<string, unknown> {
  const market = marketsOf(body)[native];
  if (!isRecord(market)) {
    throw new Dig3Error("E_UNKNOWN_SYMBOL", `dydx has no market '${native}'`, {
      hint: "v4 markets are perpetuals named BASE-USD (BTC-USD); see the instrument list",
    });
  }
  return market;
}

function marketCall<T>(
  spec: StreamSpec,
  parse: (market: Record<string, unknown>, context: ParseContext) => T,
): RestCall<T> {
  return {
    account: spec.account,
    path: "/v4/perpetualMarkets",
    query: { ticker: spec.native },
    parse: (body, context) => parse(oneMarket(body, spec.native), context),
  };
}

function base(native: string, tsMs: number, context: ParseContext) {
  return {
    exchange: context.exchange,
    account: "linear" as const,
    symbol: symbolOf(native, context),
    tsMs,
    recvTsUs: context.recvTsUs,
  };
}

export const dydxRest: ExchangeRest = {
  baseUrl: dydxRestBaseUrl,
  rateLimit: DYDX_RATE_LIMIT,
  instruments: (account) => ({ account, path: "/v4/perpetualMarkets", parse: parseDydxInstruments }),
  ticker: (spec) =>
    marketCall(spec, (market, context): TickerEvent => {
      const event: TickerEvent = { ...base(spec.native, recvMsOf(context), context), kind: "ticker" };
      const volume = toOptionalNumber(market.volume24H);
      const oracle = toOptionalNumber(market.oraclePrice);
      const change = toOptionalNumber(market.priceChange24H);
      if (volume !== undefined) event.quoteVolume24h = volume;
      if (oracle !== undefined && change !== undefined && oracle !== change)
        event.changePct24h = (change / (oracle - change)) * 100;
      return event;
    }),
  openInterest: (spec) =>
    marketCall(spec, (market, context): OpenInterestEvent => {
      const openInterest = toNumber(market.openInterest);
      if (!Number.isFinite(openInterest)) throw badShape("perpetualMarkets openInterest");
      const oracle = toOptionalNumber(market.oraclePrice);
      const event: OpenInterestEvent = {
        ...base(spec.native, recvMsOf(context), context),
        kind: "open_interest",
        openInterest,
      };
      if (oracle !== undefined) event.openInterestValue = openInterest * oracle;
      return event;
    }),
  fundingRate: (spec) =>
    marketCall(spec, (market, context): FundingRateEvent => {
      const rate = toNumber(market.nextFundingRate);
      if (!Number.isFinite(rate)) throw badShape("perpetualMarkets nextFundingRate");
      const tsMs = recvMsOf(context);
      return {
        ...base(spec.native, tsMs, context),
        kind: "funding_rate",
        rate,
        nextFundingTsMs: nextFundingOf(tsMs),
      };
    }),
  book: (spec, _depth): RestCall<BookEvent> => ({
    account: spec.account,
    path: `/v4/orderbooks/perpetualMarket/${spec.native}`,
    parse: (body, context) => {
      if (!isRecord(body)) throw badShape("orderbook");
      const bids = toDydxLevels(body.bids);
      const asks = toDydxLevels(body.asks);
      if (!bids || !asks) throw badShape("orderbook");
      return { ...base(spec.native, recvMsOf(context), context), kind: "book", type: "snapshot", bids, asks };
    },
  }),
  /**
   * `GET /v4/trades/perpetualMarket/{ticker}` takes `limit`, `createdBeforeOrAtHeight` and `createdBeforeOrAt` (ISO
   * time, inclusive), newest first (https://docs.dydx.xyz/indexer-client/http#get-trades; the indexer's
   * `LimitAndCreatedBeforeRequest`). Pages by time: the fill ids are not ordered.
   */
  trades: (spec, query: TradeQuery): RestCall<TradeEvent[]> => ({
    account: spec.account,
    path: `/v4/trades/perpetualMarket/${spec.native}`,
    query: {
      limit: Math.min(query.limit ?? MAX_ROWS, MAX_ROWS),
      createdBeforeOrAt: query.endMs === undefined ? undefined : new Date(query.endMs).toISOString(),
    },
    parse: (body, context) => {
      const events = isRecord(body) ? toDydxTrades(spec.native, body.trades, context) : undefined;
      if (!events) throw badShape("trades");
      // Newest first on the wire; liquidation twins are live-only.
      return events.filter((event): event is TradeEvent => event.kind === "trade").reverse();
    },
  }),
  canPageTrades: () => true,
  klines: (spec, query: KlineQuery): RestCall<KlineEvent[]> => ({
    account: spec.account,
    path: `/v4/candles/perpetualMarkets/${spec.native}`,
    query: {
      resolution: DYDX_RESOLUTIONS[query.interval] ?? query.interval,
      limit: Math.min(query.limit ?? MAX_ROWS, MAX_ROWS),
      fromISO: query.startMs !== undefined ? new Date(query.startMs).toISOString() : undefined,
      toISO: query.endMs !== undefined ? new Date(query.endMs).toISOString() : undefined,
    },
    parse: (body, context) => {
      if (!isRecord(body) || !Array.isArray(body.candles)) throw badShape("candles");
      const nowMs = recvMsOf(context);
      const klines: KlineEvent[] = [];
      for (const row of body.candles) {
        const kline = toDydxKline(row, context, false);
        if (!kline) throw badShape("candles");
        const stepMs = INTERVAL_STEP_MS[kline.interval] ?? 60_000;
        kline.closed = kline.openTimeMs + stepMs <= nowMs;
        klines.push(kline);
      }
      return klines.sort((a, b) => a.openTimeMs - b.openTimeMs);
    },
  }),
  fundingHistory: (spec, query: HistoryQuery): RestCall<FundingRateEvent[]> => ({
    account: spec.account,
    path: `/v4/historicalFunding/${spec.native}`,
    query: {
      limit: Math.min(query.limit ?? MAX_ROWS, MAX_ROWS),
      effectiveBeforeOrAt: query.endMs !== undefined ? new Date(query.endMs).toISOString() : undefined,
    },
    parse: (body, context) => {
      if (!isRecord(body) || !Array.isArray(body.historicalFunding)) throw badShape("historicalFunding");
      const events: FundingRateEvent[] = [];
      for (const row of body.historicalFunding) {
        const tsMs =
          isRecord(row) && typeof row.effectiveAt === "string" ? Date.parse(row.effectiveAt) : Number.NaN;
        const rate = isRecord(row) ? toNumber(row.rate) : Number.NaN;
        if (!Number.isFinite(tsMs) || !Number.isFinite(rate)) throw badShape("historicalFunding");
        if (query.startMs !== undefined && tsMs < query.startMs) continue;
        events.push({ ...base(spec.native, tsMs, context), kind: "funding_rate", rate });
      }
      return events.sort((a, b) => a.tsMs - b.tsMs);
    },
  }),
  recognize: recognizeDydxUrl,
};

const INTERVAL_STEP_MS: Readonly<Record<string, number>> = {
  "1m": 60_000,
  "5m": 300_000,
  "15m": 900_000,
  "30m": 1_800_000,
  "1h": 3_600_000,
  "4h": 14_400_000,
  "1d": 86_400_000,
};

export function recognizeDydxUrl(url: URL): RecognizedRest | undefined {
  const path = url.pathname.replace(/\/+$/, "");
  const match =
    /^\/v4\/(perpetualMarkets|orderbooks\/perpetualMarket|trades\/perpetualMarket|candles\/perpetualMarkets|historicalFunding)(?:\/([^/]+))?$/.exec(
      path,
    );
  if (!match) return undefined;
  const native = decodeURIComponent(match[2] ?? "");
  switch (match[1]) {
    case "perpetualMarkets": {
      const ticker = url.searchParams.get("ticker");
      return ticker
        ? { call: "ticker", account: "linear", native: ticker }
        : { call: "instruments", account: "linear", native: "" };
    }
    case "orderbooks/perpetualMarket":
      return native ? { call: "book", account: "linear", native } : undefined;
    case "trades/perpetualMarket":
      return native ? { call: "trades", account: "linear", native } : undefined;
    case "candles/perpetualMarkets":
      return native ? { call: "klines", account: "linear", native } : undefined;
    case "historicalFunding":
      return native ? { call: "fundingHistory", account: "linear", native } : undefined;
  }
  return undefined;
}
