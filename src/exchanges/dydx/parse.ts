// Inbound dYdX v4 indexer frame → Parsed (pure, never throws on venue input). Envelopes `connected`, `subscribed`,
// `unsubscribed`, `channel_data`, `channel_batch_data` (batched: `contents` is a list), `error`; channels
// v4_orderbook (uncrossed through book.ts), v4_trades (LIQUIDATED trades also give a liquidation), v4_candles (the
// previous bar closes when the next starts) and v4_markets fanned out into mark price, funding, open interest, ticker.
// Every message's `message_id` goes through sequence.ts; book events carry it as `seq` with the market's `prevSeq`.
// Docs: https://docs.dydx.exchange/api_integration-indexer/indexer_websocket

import type {
  BookEvent,
  EventBase,
  KlineEvent,
  Level,
  LiquidationEvent,
  MarketDataEvent,
  Side,
  TradeEvent,
} from "../../core/index.ts";
import { type ParseContext, type Parsed, type ParseOutcome, toParsed } from "../_shared/adapter.ts";
import { recvMsOf } from "../_shared/event-base.ts";
import { isRecord, parseJson, toId, toNumber, toOptionalNumber } from "../_shared/values.ts";
import { applyLevels, nextTick, resetShadow, shadowOf, uncross } from "./book.ts";
import { chainBook, observeMessageId } from "./sequence.ts";
import { intervalOfResolution } from "./subscribe.ts";
import { canonicalOfDydx } from "./symbols.ts";

type Data = Record<string, unknown>;

const HOUR_MS = 3_600_000;

export function parseDydxFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  if (frame.trim().length === 0) return { kind: "ignored", reason: "empty frame" };
  const message = parseJson(frame);
  if (!isRecord(message) || typeof message.type !== "string")
    return { kind: "unmatched", topic: "(not json)" };
  const messageId = message.message_id;
  const seq =
    typeof messageId === "number" && Number.isInteger(messageId) && messageId >= 0 ? messageId : undefined;
  if (seq !== undefined) {
    const connectionId = typeof message.connection_id === "string" ? message.connection_id : undefined;
    observeMessageId(context.session, connectionId, seq, recvMsOf(context));
  }
  const outcome = parseEnvelope(message, seq, context);
  return toParsed(outcome);
}

/** `seq`: the message's `message_id`, when it has a usable one. */
function parseEnvelope(message: Data, seq: number | undefined, context: ParseContext): ParseOutcome {
  const channel = typeof message.channel === "string" ? message.channel : "";
  const id = typeof message.id === "string" ? message.id : "";
  switch (message.type) {
    case "connected":
      return { kind: "ignored", reason: "connected" };
    case "unsubscribed":
      return { kind: "ack", note: `unsubscribed ${channel} ${id}`.trim() };
    case "error":
      return {
        kind: "venue-error",
        message: typeof message.message === "string" ? message.message : JSON.stringify(message),
        retryable: false,
      };
    case "subscribed":
      return parseSubscribed(channel, id, message.contents, seq, context);
    case "channel_data":
      return parseContents(channel, id, message.contents, seq, context);
    case "channel_batch_data": {
      if (!Array.isArray(message.contents)) return malformed(channel);
      const events: MarketDataEvent[] = [];
      for (const contents of message.contents) {
        const outcome = parseContents(channel, id, contents, seq, context);
        if (!Array.isArray(outcome)) return outcome;
        events.push(...outcome);
      }
      return events;
    }
    default:
      return { kind: "unmatched", topic: `${message.type} ${channel}`.trim() };
  }
}

function malformed(channel: string): ParseOutcome {
  return { kind: "unmatched", topic: `${channel} (malformed)` };
}

function isV3(channel: string): boolean {
  return channel.startsWith("v3_");
}

function parseSubscribed(
  channel: string,
  id: string,
  contents: unknown,
  seq: number | undefined,
  context: ParseContext,
): ParseOutcome {
  if (isV3(channel)) return { kind: "unmatched", topic: `${channel} (dYdX v3, retired)` };
  switch (channel) {
    case "v4_orderbook":
      return isRecord(contents) && id ? parseBookSnapshot(id, contents, seq, context) : malformed(channel);
    case "v4_markets":
      return isRecord(contents) && isRecord(contents.markets)
        ? parseMarkets(contents.markets, undefined, context)
        : malformed(channel);
    case "v4_trades":
    case "v4_candles":
      // The recent trades / candles sent with the ack are history (REST backfill covers it), not live events.
      return { kind: "ack", note: `subscribed ${channel} ${id}` };
    default:
      return { kind: "unmatched", topic: channel || "(no channel)" };
  }
}

function parseContents(
  channel: string,
  id: string,
  contents: unknown,
  seq: number | undefined,
  context: ParseContext,
): ParseOutcome {
  if (isV3(channel)) return { kind: "unmatched", topic: `${channel} (dYdX v3, retired)` };
  if (!isRecord(contents)) return malformed(channel);
  switch (channel) {
    case "v4_orderbook":
      return id ? parseBookUpdate(id, contents, seq, context) : malformed(channel);
    case "v4_trades":
      return id ? parseTrades(id, contents.trades, context) : malformed(channel);
    case "v4_candles":
      return parseCandle(id, contents, context);
    case "v4_markets":
      return parseMarketUpdate(contents, context);
    default:
      return { kind: "unmatched", topic: channel || "(no channel)" };
  }
}

function baseOf(ticker: string, tsMs: number, context: ParseContext): EventBase {
  return {
    exchange: context.exchange,
    account: "linear",
    // Every v4 market is linear; a connection of another account (recordings without a URL) still names it so.
    symbol: context.account === "linear" ? context.symbolOf(ticker) : canonicalOfDydx(ticker),
    tsMs,
    recvTsUs: context.recvTsUs,
  };
}

function timeOf(text: unknown, context: ParseContext): number {
  const ms = typeof text === "string" ? Date.parse(text) : Number.NaN;
  return Number.isFinite(ms) ? ms : recvMsOf(context);
}

// ── book ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** Snapshot rows `{price, size}`; update rows `[price, size]` (a third offset element, where sent, is ignored). */
export function toDydxLevels(rows: unknown): Level[] | undefined {
  if (rows === undefined) return [];
  if (!Array.isArray(rows)) return undefined;
  const levels: Level[] = [];
  for (const row of rows) {
    const price = toNumber(Array.isArray(row) ? row[0] : isRecord(row) ? row.price : undefined);
    const size = toNumber(Array.isArray(row) ? row[1] : isRecord(row) ? row.size : undefined);
    if (!Number.isFinite(price) || !Number.isFinite(size) || size < 0) return undefined;
    levels.push([price, size]);
  }
  return levels;
}

function parseBookSnapshot(
  ticker: string,
  contents: Data,
  seq: number | undefined,
  context: ParseContext,
): ParseOutcome {
  const bids = toDydxLevels(contents.bids);
  const asks = toDydxLevels(contents.asks);
  if (!bids || !asks) return malformed("v4_orderbook");
  const book = resetShadow(context.session, ticker);
  const tick = nextTick(context.session);
  applyLevels(book.bids, bids, tick);
  applyLevels(book.asks, asks, tick);
  // One message, one logical time: a crossed snapshot cannot be uncrossed by message order and goes to the tracker.
  const event: BookEvent = {
    ...baseOf(ticker, recvMsOf(context), context),
    kind: "book",
    type: "snapshot",
    bids,
    asks,
  };
  if (seq !== undefined) {
    event.seq = seq;
    chainBook(context.session, ticker, seq, true);
  }
  return [event];
}

function parseBookUpdate(
  ticker: string,
  contents: Data,
  seq: number | undefined,
  context: ParseContext,
): ParseOutcome {
  const bids = toDydxLevels(contents.bids);
  const asks = toDydxLevels(contents.asks);
  if (!bids || !asks) return malformed("v4_orderbook");
  const book = shadowOf(context.session, ticker);
  if (book) {
    const tick = nextTick(context.session);
    applyLevels(book.bids, bids, tick);
    applyLevels(book.asks, asks, tick);
    uncross(book, bids, asks);
  }
  const event: BookEvent = {
    ...baseOf(ticker, recvMsOf(context), context),
    kind: "book",
    type: "delta",
    bids,
    asks,
  };
  if (seq !== undefined) {
    // Updates of one batch share its id: the second names the first as its predecessor, which the chain accepts.
    event.seq = seq;
    event.prevSeq = chainBook(context.session, ticker, seq, false);
  }
  return [event];
}

// ── trades ─────────────────────────────────────────────────────────────────────────────────────────────────────

function sideOf(text: unknown): Side | undefined {
  if (text === "BUY") return "buy";
  if (text === "SELL") return "sell";
  return undefined;
}

export function toDydxTrades(
  ticker: string,
  rows: unknown,
  context: ParseContext,
): MarketDataEvent[] | undefined {
  if (!Array.isArray(rows)) return undefined;
  const events: MarketDataEvent[] = [];
  for (const row of rows) {
    if (!isRecord(row)) return undefined;
    const side = sideOf(row.side);
    const price = toNumber(row.price);
    const size = toNumber(row.size);
    if (!side || !Number.isFinite(price) || !Number.isFinite(size)) return undefined;
    const base = baseOf(ticker, timeOf(row.createdAt, context), context);
    const trade: TradeEvent = { ...base, kind: "trade", price, size, side, tradeId: toId(row.id) };
    events.push(trade);
    // The taker of a LIQUIDATED fill is the liquidated account: its order side is the liquidation side.
    if (row.type === "LIQUIDATED") {
      const liquidation: LiquidationEvent = {
        ...base,
        kind: "liquidation",
        side,
        price,
        size,
        value: price * size,
      };
      events.push(liquidation);
    }
  }
  return events;
}

function parseTrades(ticker: string, rows: unknown, context: ParseContext): ParseOutcome {
  return toDydxTrades(ticker, rows, context) ?? malformed("v4_trades");
}

// ── candles ────────────────────────────────────────────────────────────────────────────────────────────────────

export function toDydxKline(row: unknown, context: ParseContext, closed: boolean): KlineEvent | undefined {
  if (!isRecord(row) || typeof row.ticker !== "string" || typeof row.resolution !== "string")
    return undefined;
  const interval = intervalOfResolution(row.resolution);
  const openTimeMs = typeof row.startedAt === "string" ? Date.parse(row.startedAt) : Number.NaN;
  const open = toNumber(row.open);
  const high = toNumber(row.high);
  const low = toNumber(row.low);
  const close = toNumber(row.close);
  const volume = toNumber(row.baseTokenVolume);
  if (!interval || ![openTimeMs, open, high, low, close, volume].every(Number.isFinite)) return undefined;
  const kline: KlineEvent = {
    ...baseOf(row.ticker, openTimeMs, context),
    kind: "kline",
    interval,
    openTimeMs,
    open,
    high,
    low,
    close,
    volume,
    closed,
  };
  const quoteVolume = toOptionalNumber(row.usdVolume);
  if (quoteVolume !== undefined) kline.quoteVolume = quoteVolume;
  if (typeof row.trades === "number") kline.trades = row.trades;
  return kline;
}

function parseCandle(id: string, contents: Data, context: ParseContext): ParseOutcome {
  const kline = toDydxKline(contents, context, false);
  if (!kline) return malformed("v4_candles");
  const key = `dydx|candle|${id}`;
  const previous = context.session.get(key) as KlineEvent | undefined;
  context.session.set(key, kline);
  if (previous && previous.openTimeMs < kline.openTimeMs) return [{ ...previous, closed: true }, kline];
  return [kline];
}

// ── markets ────────────────────────────────────────────────────────────────────────────────────────────────────

/** Next hourly funding time after `tsMs`: v4 funding is paid every hour on the hour. */
export function nextFundingOf(tsMs: number): number {
  return (Math.floor(tsMs / HOUR_MS) + 1) * HOUR_MS;
}

function oracleKey(ticker: string): string {
  return `dydx|oracle|${ticker}`;
}

/**
 * One market's fields → events: oraclePrice → mark price (dYdX marks positions at the oracle price), nextFundingRate
 * → funding, openInterest → open interest (base units, valued at the oracle), 24 h stats → ticker.
 */
function marketEvents(ticker: string, fields: Data, tsMs: number, context: ParseContext): MarketDataEvent[] {
  const events: MarketDataEvent[] = [];
  const base = baseOf(ticker, tsMs, context);
  const oracle = toOptionalNumber(fields.oraclePrice);
  if (oracle !== undefined) {
    context.session.set(oracleKey(ticker), oracle);
    events.push({ ...base, kind: "mark_price", markPrice: oracle, indexPrice: oracle });
  }
  const known = oracle ?? (context.session.get(oracleKey(ticker)) as number | undefined);
  const rate = toOptionalNumber(fields.nextFundingRate);
  if (rate !== undefined)
    events.push({ ...base, kind: "funding_rate", rate, nextFundingTsMs: nextFundingOf(tsMs) });
  const openInterest = toOptionalNumber(fields.openInterest);
  if (openInterest !== undefined) {
    events.push(
      known !== undefined
        ? { ...base, kind: "open_interest", openInterest, openInterestValue: openInterest * known }
        : { ...base, kind: "open_interest", openInterest },
    );
  }
  const volume = toOptionalNumber(fields.volume24H);
  const change = toOptionalNumber(fields.priceChange24H);
  if (volume !== undefined || change !== undefined) {
    const ticker24: MarketDataEvent = { ...base, kind: "ticker" };
    if (volume !== undefined) ticker24.quoteVolume24h = volume;
    if (change !== undefined && known !== undefined && known !== change)
      ticker24.changePct24h = (change / (known - change)) * 100;
    events.push(ticker24);
  }
  return events;
}

function parseMarkets(markets: Data, tsMs: number | undefined, context: ParseContext): ParseOutcome {
  const events: MarketDataEvent[] = [];
  for (const [ticker, fields] of Object.entries(markets)) {
    if (!isRecord(fields)) continue;
    events.push(...marketEvents(ticker, fields, tsMs ?? recvMsOf(context), context));
  }
  return events;
}

function parseMarketUpdate(contents: Data, context: ParseContext): ParseOutcome {
  const events: MarketDataEvent[] = [];
  if (isRecord(contents.trading)) {
    const outcome = parseMarkets(contents.trading, undefined, context);
    if (Array.isArray(outcome)) events.push(...outcome);
  }
  if (isRecord(contents.oraclePrices)) {
    for (const [ticker, fields] of Object.entries(contents.oraclePrices)) {
      if (!isRecord(fields)) continue;
      events.push(
        ...marketEvents(
          ticker,
          { oraclePrice: fields.oraclePrice },
          timeOf(fields.effectiveAt, context),
          context,
        ),
      );
    }
  }
  if (!isRecord(contents.trading) && !isRecord(contents.oraclePrices))
    return { kind: "ignored", reason: "v4_markets: no trading or oracle update" };
  return events;
}
