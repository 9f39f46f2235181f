// HyperLiquid public REST: every call is `POST /info` with a JSON body naming the request type (meta, spotMeta,
// metaAndAssetCtxs, spotMetaAndAssetCtxs, l2Book, recentTrades, candleSnapshot, fundingHistory); weights per the
// rate-limit page; pure parsers; `recognize` reads the request body a recorded URL carries in its fragment.
// Docs: https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/info-endpoint,
// https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/rate-limits

import {
  type Account,
  type BookEvent,
  Dig3Error,
  type FundingRateEvent,
  INTERVAL_MS,
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
import { isRecord, parseJson, toNumber, toOptionalNumber } from "../_shared/values.ts";
import { assetCtxEventsOf, bookOf, klineOf, marketOf, tradeOf } from "./parse.ts";
import { HYPERLIQUID_PERP_QUOTE, marketOfCoin } from "./symbols.ts";

const BASE_URL = { live: "https://api.hyperliquid.xyz", testnet: "https://api.hyperliquid-testnet.xyz" };
const INFO_PATH = "/info";

/** "REST requests share an aggregated weight limit of 1200 per minute." */
export const HYPERLIQUID_RATE_LIMIT = { weight: 1200, perMs: 60_000 } as const;

/** "l2Book, allMids, … have weight 2"; "All other documented info requests have weight 20". */
export const HYPERLIQUID_WEIGHTS = { light: 2, standard: 20 } as const;

/** Perpetual prices take at most 6 − szDecimals decimals, spot prices 8 − szDecimals (and 5 significant figures). */
const MAX_PRICE_DECIMALS: Readonly<Record<"linear" | "spot", number>> = { linear: 6, spot: 8 };

/** candleSnapshot: "Only the most recent 5000 candles are available"; fundingHistory answers at most 500 rows. */
const MAX_CANDLES = 5000;
const MAX_FUNDING_ROWS = 500;

export function hyperliquidRestBaseUrl(_account: Account, options: WsOptions): string {
  return options.testnet ? BASE_URL.testnet : BASE_URL.live;
}

function infoCall<T>(
  account: Account,
  body: Record<string, unknown>,
  weight: number,
  parse: (body: unknown, context: ParseContext) => T,
): RestCall<T> {
  return { account, path: INFO_PATH, method: "POST", body, weight, parse };
}

const unexpected = (what: string): Dig3Error => unexpectedShape("hyperliquid", what);

function unknownCoin(coin: string): Dig3Error {
  return new Dig3Error("E_UNKNOWN_SYMBOL", `hyperliquid has no market '${coin}'`, {
    hint: "perpetuals are named by their coin (BTC), spot pairs by PURR/USDC or @{index}; see the instrument list",
  });
}

function decimalStep(decimals: number): number {
  return Number((10 ** -Math.max(0, decimals)).toPrecision(1));
}

// ── instruments ────────────────────────────────────────────────────────────────────────────────────────────────

/** `meta` → perpetuals, `BTC` ↔ `BTC/USDC:USDC`; delisted coins stay listed as inactive. */
export function parsePerpInstruments(body: unknown): Instrument[] {
  if (!isRecord(body) || !Array.isArray(body.universe)) throw unexpected("meta");
  const instruments: Instrument[] = [];
  for (const row of body.universe) {
    if (!isRecord(row) || typeof row.name !== "string" || row.name.length === 0) continue;
    const szDecimals = toNumber(row.szDecimals);
    const base = row.name.toUpperCase();
    const delisted = row.isDelisted === true;
    const instrument: Instrument = {
      account: "linear",
      symbol: marketOfCoin(row.name) === "linear" && !row.name.includes(":") ? `${base}/USDC:USDC` : row.name,
      native: row.name,
      base,
      quote: HYPERLIQUID_PERP_QUOTE,
      settle: HYPERLIQUID_PERP_QUOTE,
      status: delisted ? "delisted" : "listed",
      active: !delisted,
    };
    if (Number.isInteger(szDecimals)) {
      instrument.lotSize = decimalStep(szDecimals);
      instrument.tickSize = decimalStep(MAX_PRICE_DECIMALS.linear - szDecimals);
    }
    instruments.push(instrument);
  }
  return instruments;
}

/** `spotMeta` → spot pairs: coin `PURR/USDC` or `@{index}`, canonical from the pair's token names. */
export function parseSpotInstruments(body: unknown): Instrument[] {
  if (!isRecord(body) || !Array.isArray(body.universe) || !Array.isArray(body.tokens))
    throw unexpected("spotMeta");
  const tokens = new Map<number, { name: string; szDecimals: number }>();
  for (const token of body.tokens) {
    if (!isRecord(token) || typeof token.name !== "string") continue;
    tokens.set(toNumber(token.index), {
      name: token.name.toUpperCase(),
      szDecimals: toNumber(token.szDecimals),
    });
  }
  const instruments: Instrument[] = [];
  for (const row of body.universe) {
    if (!isRecord(row) || typeof row.name !== "string" || !Array.isArray(row.tokens)) continue;
    const base = tokens.get(toNumber(row.tokens[0]));
    const quote = tokens.get(toNumber(row.tokens[1]));
    if (!base || !quote) continue;
    const instrument: Instrument = {
      account: "spot",
      symbol: `${base.name}/${quote.name}`,
      native: row.name,
      base: base.name,
      quote: quote.name,
      status: row.isCanonical === true ? "canonical" : "listed",
      active: true,
    };
    if (Number.isInteger(base.szDecimals)) {
      instrument.lotSize = decimalStep(base.szDecimals);
      instrument.tickSize = decimalStep(MAX_PRICE_DECIMALS.spot - base.szDecimals);
    }
    instruments.push(instrument);
  }
  return instruments;
}

// ── market data ────────────────────────────────────────────────────────────────────────────────────────────────

/** The asset context of one coin from `metaAndAssetCtxs` (aligned with the universe) or `spotMetaAndAssetCtxs`. */
export function findAssetCtx(body: unknown, coin: string): Record<string, unknown> {
  if (!Array.isArray(body) || body.length !== 2 || !isRecord(body[0]) || !Array.isArray(body[1]))
    throw unexpected("metaAndAssetCtxs");
  const [meta, ctxs] = body as [Record<string, unknown>, unknown[]];
  const universe = Array.isArray(meta.universe) ? meta.universe : [];
  for (let index = 0; index < ctxs.length; index++) {
    const ctx = ctxs[index];
    if (!isRecord(ctx)) continue;
    const row = universe[index];
    const name = typeof ctx.coin === "string" ? ctx.coin : isRecord(row) ? row.name : undefined;
    if (name === coin) return ctx;
  }
  throw unknownCoin(coin);
}

function contextEvents(body: unknown, spec: StreamSpec, context: ParseContext) {
  const ctx = findAssetCtx(body, spec.native);
  // REST knows no bbo: the ticker is the asset context alone, in a throwaway session.
  return assetCtxEventsOf(spec.native, ctx, recvMsOf(context), {
    ...context,
    session: new Map(),
  });
}

export function parseTicker(body: unknown, spec: StreamSpec, context: ParseContext): TickerEvent {
  const ticker = contextEvents(body, spec, context).find((event) => event.kind === "ticker");
  if (ticker?.kind !== "ticker") throw unexpected("ticker");
  return ticker;
}

export function parseOpenInterest(body: unknown, spec: StreamSpec, context: ParseContext): OpenInterestEvent {
  const event = contextEvents(body, spec, context).find((e) => e.kind === "open_interest");
  if (event?.kind !== "open_interest") throw unexpected("open interest");
  return event;
}

export function parseBookSnapshot(body: unknown, coin: string, context: ParseContext): BookEvent {
  if (body === null) throw unknownCoin(coin);
  const book = isRecord(body) ? bookOf(body, context) : undefined;
  if (!book) throw unexpected("l2Book");
  return book;
}

export function parseRecentTrades(
  body: unknown,
  limit: number | undefined,
  context: ParseContext,
): TradeEvent[] {
  if (!Array.isArray(body)) throw unexpected("recentTrades");
  const trades: TradeEvent[] = [];
  for (const row of body) {
    const trade = isRecord(row) ? tradeOf(row, context) : undefined;
    if (trade) trades.push(trade);
  }
  trades.sort((a, b) => a.tsMs - b.tsMs || Number(a.tradeId) - Number(b.tradeId));
  return limit === undefined ? trades : trades.slice(-limit);
}

/** candleSnapshot → bars, oldest first; a bar is closed once its close time has passed at receive time. */
export function parseCandles(body: unknown, limit: number | undefined, context: ParseContext): KlineEvent[] {
  if (!Array.isArray(body)) throw unexpected("candleSnapshot");
  const nowMs = recvMsOf(context);
  const bars: KlineEvent[] = [];
  for (const row of body) {
    if (!isRecord(row)) continue;
    const closed = toNumber(row.T) < nowMs;
    const bar = klineOf(row, context, closed);
    if (bar) bars.push(bar);
  }
  bars.sort((a, b) => a.openTimeMs - b.openTimeMs);
  return limit === undefined ? bars : bars.slice(-limit);
}

export function parseFundingHistory(body: unknown, context: ParseContext): FundingRateEvent[] {
  if (!Array.isArray(body)) throw unexpected("fundingHistory");
  const events: FundingRateEvent[] = [];
  for (const row of body) {
    if (!isRecord(row) || typeof row.coin !== "string") continue;
    const rate = toOptionalNumber(row.fundingRate);
    const tsMs = toNumber(row.time);
    if (rate === undefined || !(tsMs > 0)) continue;
    const { account, symbol } = marketOf(row.coin, context);
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

// ── requests ───────────────────────────────────────────────────────────────────────────────────────────────────

function candleWindow(
  query: KlineQuery,
  nowMs: number,
): { startTime: number; endTime: number; limit: number } {
  const intervalMs = INTERVAL_MS[query.interval] ?? 60_000;
  const limit = Math.min(MAX_CANDLES, Math.max(1, query.limit ?? 500));
  const endTime = query.endMs ?? nowMs;
  const startTime = query.startMs ?? endTime - limit * intervalMs;
  return { startTime, endTime, limit };
}

/** Which call a recorded `/info` URL was: the request body rides in the URL fragment (see hub/rest.ts). */
export function recognizeHyperliquidUrl(url: URL): RecognizedRest | undefined {
  if (url.pathname !== INFO_PATH || url.hash.length < 2) return undefined;
  const body = parseJson(decodeURIComponent(url.hash.slice(1)));
  if (!isRecord(body)) return undefined;
  const coin = typeof body.coin === "string" ? body.coin : isRecord(body.req) ? body.req.coin : undefined;
  const accountOf = (name: string): Account => marketOfCoin(name) ?? "linear";
  switch (body.type) {
    case "meta":
      return { call: "instruments", account: "linear", native: "" };
    case "spotMeta":
      return { call: "instruments", account: "spot", native: "" };
    case "l2Book":
      return typeof coin === "string" ? { call: "book", account: accountOf(coin), native: coin } : undefined;
    case "recentTrades":
      return typeof coin === "string"
        ? { call: "trades", account: accountOf(coin), native: coin }
        : undefined;
    case "candleSnapshot":
      return typeof coin === "string"
        ? { call: "klines", account: accountOf(coin), native: coin }
        : undefined;
    case "fundingHistory":
      return typeof coin === "string"
        ? { call: "fundingHistory", account: "linear", native: coin }
        : undefined;
    default:
      return undefined;
  }
}

export const hyperliquidRest: ExchangeRest = {
  baseUrl: hyperliquidRestBaseUrl,
  rateLimit: HYPERLIQUID_RATE_LIMIT,
  instruments(account) {
    return account === "spot"
      ? infoCall(account, { type: "spotMeta" }, HYPERLIQUID_WEIGHTS.standard, (body) =>
          parseSpotInstruments(body),
        )
      : infoCall(account, { type: "meta" }, HYPERLIQUID_WEIGHTS.standard, (body) =>
          parsePerpInstruments(body),
        );
  },
  ticker(spec) {
    const type = spec.account === "spot" ? "spotMetaAndAssetCtxs" : "metaAndAssetCtxs";
    return infoCall(spec.account, { type }, HYPERLIQUID_WEIGHTS.standard, (body, context) =>
      parseTicker(body, spec, context),
    );
  },
  book(spec, _depth) {
    // The snapshot is the top 20 levels a side whatever the depth asked.
    return infoCall(
      spec.account,
      { type: "l2Book", coin: spec.native },
      HYPERLIQUID_WEIGHTS.light,
      (body, context) => parseBookSnapshot(body, spec.native, context),
    );
  },
  trades(spec, query: TradeQuery) {
    return infoCall(
      spec.account,
      { type: "recentTrades", coin: spec.native },
      HYPERLIQUID_WEIGHTS.standard + 1,
      (body, context) => parseRecentTrades(body, query.limit, context),
    );
  },
  klines(spec, query) {
    const window = candleWindow(query, Date.now());
    const req = {
      coin: spec.native,
      interval: query.interval,
      startTime: window.startTime,
      endTime: window.endTime,
    };
    // Weight: 20, plus one per 60 candles returned.
    return infoCall(
      spec.account,
      { type: "candleSnapshot", req },
      HYPERLIQUID_WEIGHTS.standard + Math.ceil(window.limit / 60),
      (body, context) => parseCandles(body, query.limit, context),
    );
  },
  fundingHistory(spec, query: HistoryQuery) {
    const limit = Math.min(MAX_FUNDING_ROWS, query.limit ?? MAX_FUNDING_ROWS);
    const endTime = query.endMs;
    const startTime = query.startMs ?? (endTime ?? Date.now()) - limit * 3_600_000;
    const body: Record<string, unknown> = { type: "fundingHistory", coin: spec.native, startTime };
    if (endTime !== undefined) body.endTime = endTime;
    // Weight: 20, plus one per 20 rows returned.
    return infoCall(
      spec.account,
      body,
      HYPERLIQUID_WEIGHTS.standard + Math.ceil(limit / 20),
      (answer, context) => {
        const rows = parseFundingHistory(answer, context);
        return query.limit === undefined ? rows : rows.slice(-query.limit);
      },
    );
  },
  openInterest(spec) {
    return infoCall(
      spec.account,
      { type: "metaAndAssetCtxs" },
      HYPERLIQUID_WEIGHTS.standard,
      (body, context) => parseOpenInterest(body, spec, context),
    );
  },
  recognize: recognizeHyperliquidUrl,
};
