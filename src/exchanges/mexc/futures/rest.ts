// MEXC futures REST body parsers (`/api/v1/contract/…` on contract.mexc.com): contracts, ticker and open interest,
// depth snapshots, deals, column-wise klines and funding history. Pure; an error body or an unusable shape throws.

import {
  type Account,
  type BookEvent,
  Dig3Error,
  type FundingRateEvent,
  formatCanonical,
  type KlineEvent,
  type OpenInterestEvent,
  type SymbolParts,
  type TickerEvent,
  type TradeEvent,
} from "../../../core/index.ts";
import type { HistoryQuery, Instrument, ParseContext } from "../../_shared/adapter.ts";
import { closeTimeOf } from "../../_shared/bar-times.ts";
import { eventBaseOf, recvMsOf } from "../../_shared/event-base.ts";
import { barValuesOf, klineOf, unexpectedShape } from "../../_shared/rest-bodies.ts";
import {
  assignDefined,
  createContentIds,
  isRecord,
  toId,
  toLevels,
  toNumber,
  toOptionalNumber,
} from "../../_shared/values.ts";

const unexpected = (what: string): Dig3Error => unexpectedShape("mexc", what);

/** Futures answers are wrapped: `{"success":true,"code":0,"data":…}`; anything else is the venue's refusal. */
function futuresDataOf(body: unknown, what: string): unknown {
  if (!isRecord(body)) throw unexpected(what);
  if (body.success !== true || (body.code !== undefined && body.code !== 0)) {
    const message = typeof body.message === "string" ? body.message : "request failed";
    throw new Dig3Error("E_VENUE", `mexc ${what}: ${message} (code ${String(body.code)})`, {
      details: { venueCode: body.code },
    });
  }
  return body.data;
}

/**
 * contract/detail → the account's contracts: linear settle in the quote (USDT, USDC), inverse in the base (`BTC_USD`).
 * `state` 0 is trading; tick = `priceUnit`, lot = `volUnit` contracts.
 */
export function parseFuturesInstruments(body: unknown, account: Account): Instrument[] {
  const data = futuresDataOf(body, "contract/detail");
  const rows = Array.isArray(data) ? data : isRecord(data) ? [data] : undefined;
  if (!rows) throw unexpected("contract/detail");
  const instruments: Instrument[] = [];
  for (const row of rows) {
    if (!isRecord(row) || typeof row.symbol !== "string") continue;
    const base = typeof row.baseCoin === "string" ? row.baseCoin.toUpperCase() : "";
    const quote = typeof row.quoteCoin === "string" ? row.quoteCoin.toUpperCase() : "";
    const settle = typeof row.settleCoin === "string" ? row.settleCoin.toUpperCase() : "";
    if (!base || !quote || !settle) continue;
    const isInverse = settle === base && settle !== quote;
    if ((account === "inverse") !== isInverse) continue;
    const parts: SymbolParts = { base, quote, settle };
    const state = toNumber(row.state);
    const instrument: Instrument = {
      account,
      symbol: formatCanonical(parts),
      native: row.symbol,
      base,
      quote,
      settle,
      status: String(row.state ?? ""),
      active: state === 0,
    };
    instruments.push(
      assignDefined(instrument, {
        tickSize: toOptionalNumber(row.priceUnit),
        lotSize: toOptionalNumber(row.volUnit),
      }),
    );
  }
  return instruments;
}

function futuresTickerRowOf(body: unknown, native: string, what: string): Record<string, unknown> {
  const data = futuresDataOf(body, what);
  const row = Array.isArray(data) ? data.find((r) => isRecord(r) && r.symbol === native) : data;
  if (!isRecord(row)) throw unexpected(what);
  return row;
}

export function parseFuturesTicker(body: unknown, native: string, context: ParseContext): TickerEvent {
  const row = futuresTickerRowOf(body, native, "contract/ticker");
  const last = toNumber(row.lastPrice);
  if (!Number.isFinite(last)) throw unexpected("contract/ticker");
  const stampMs = toNumber(row.timestamp);
  const event: TickerEvent = {
    kind: "ticker",
    ...eventBaseOf(context, native, stampMs > 0 ? stampMs : recvMsOf(context)),
    last,
  };
  const change = toOptionalNumber(row.riseFallRate);
  return assignDefined(event, {
    bid: toOptionalNumber(row.bid1),
    ask: toOptionalNumber(row.ask1),
    high24h: toOptionalNumber(row.high24Price),
    low24h: toOptionalNumber(row.lower24Price),
    volume24h: toOptionalNumber(row.volume24),
    quoteVolume24h: toOptionalNumber(row.amount24),
    changePct24h: change === undefined ? undefined : change * 100,
  });
}

/** `holdVol` of the ticker: open interest in contracts. */
export function parseFuturesOpenInterest(
  body: unknown,
  native: string,
  context: ParseContext,
): OpenInterestEvent {
  const row = futuresTickerRowOf(body, native, "contract/ticker");
  const openInterest = toNumber(row.holdVol);
  if (!Number.isFinite(openInterest)) throw unexpected("contract/ticker");
  const stampMs = toNumber(row.timestamp);
  return {
    kind: "open_interest",
    ...eventBaseOf(context, native, stampMs > 0 ? stampMs : recvMsOf(context)),
    openInterest,
  };
}

/** Depth snapshot → `snapshot` with seq = version; sizes are contracts. */
export function parseFuturesDepth(body: unknown, native: string, context: ParseContext): BookEvent {
  const data = futuresDataOf(body, "contract/depth");
  if (!isRecord(data) || !Array.isArray(data.bids) || !Array.isArray(data.asks))
    throw unexpected("contract/depth");
  const seq = toNumber(data.version);
  if (!Number.isFinite(seq)) throw unexpected("contract/depth");
  const stampMs = toNumber(data.timestamp);
  return {
    kind: "book",
    ...eventBaseOf(context, native, stampMs > 0 ? stampMs : recvMsOf(context)),
    type: "snapshot",
    bids: toLevels(data.bids),
    asks: toLevels(data.asks),
    seq,
  };
}

/** Recent deals (newest first on the wire) → trades oldest first. */
export function parseFuturesTrades(body: unknown, native: string, context: ParseContext): TradeEvent[] {
  const data = futuresDataOf(body, "contract/deals");
  if (!Array.isArray(data)) throw unexpected("contract/deals");
  const trades: TradeEvent[] = [];
  const contentId = createContentIds();
  for (const row of data) {
    if (!isRecord(row)) continue;
    const price = toNumber(row.p);
    const size = toNumber(row.v);
    const tsMs = toNumber(row.t);
    const side = row.T === 1 ? "buy" : row.T === 2 ? "sell" : undefined;
    if (!(price > 0) || !(size > 0) || !(tsMs > 0) || !side) continue;
    const tradeId = toId(row.i) || contentId(tsMs, price, size, side);
    trades.push({ kind: "trade", ...eventBaseOf(context, native, tsMs), price, size, side, tradeId });
  }
  return trades.sort((a, b) => a.tsMs - b.tsMs);
}

/** Column-wise klines (times in seconds) → KlineEvents, the newest `limit` when one is given. */
export function parseFuturesKlines(
  body: unknown,
  native: string,
  interval: string,
  context: ParseContext,
  limit?: number,
): KlineEvent[] {
  const data = futuresDataOf(body, "contract/kline");
  if (!isRecord(data) || !Array.isArray(data.time)) throw unexpected("contract/kline");
  const column = (name: string): unknown[] => (Array.isArray(data[name]) ? (data[name] as unknown[]) : []);
  const [opens, highs, lows, closes, vols, amounts] = ["open", "high", "low", "close", "vol", "amount"].map(
    column,
  );
  const klines: KlineEvent[] = [];
  data.time.forEach((time, i) => {
    const openTimeMs = toNumber(time) * 1000;
    const values = barValuesOf(opens?.[i], highs?.[i], lows?.[i], closes?.[i], vols?.[i]);
    if (!(openTimeMs > 0) || !values) return;
    const closeTimeMs = closeTimeOf(openTimeMs, interval);
    const kline = klineOf(context, native, interval, { openTimeMs, closeTimeMs }, values);
    klines.push(assignDefined(kline, { quoteVolume: toOptionalNumber(amounts?.[i]) }));
  });
  return limit !== undefined && klines.length > limit ? klines.slice(-limit) : klines;
}

/** Funding history page (newest first on the wire) → settled rates oldest first, within [startMs, endMs]. */
export function parseFuturesFundingHistory(
  body: unknown,
  native: string,
  context: ParseContext,
  query: HistoryQuery = {},
): FundingRateEvent[] {
  const data = futuresDataOf(body, "funding_rate/history");
  if (!isRecord(data) || !Array.isArray(data.resultList)) throw unexpected("funding_rate/history");
  const events: FundingRateEvent[] = [];
  for (const row of data.resultList) {
    if (!isRecord(row)) continue;
    const rate = toNumber(row.fundingRate);
    const tsMs = toNumber(row.settleTime);
    if (!Number.isFinite(rate) || !(tsMs > 0)) continue;
    if (query.startMs !== undefined && tsMs < query.startMs) continue;
    if (query.endMs !== undefined && tsMs > query.endMs) continue;
    const rowNative = typeof row.symbol === "string" ? row.symbol : native;
    events.push({ kind: "funding_rate", ...eventBaseOf(context, rowNative, tsMs), rate });
  }
  return events.sort((a, b) => a.tsMs - b.tsMs);
}
