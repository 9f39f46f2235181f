// Inbound Coinbase Advanced Trade frame → Parsed (pure, never throws on venue input). Envelopes of the public
// market-data socket become events (level2, market_trades, ticker, candles) or control verdicts; frames of the
// legacy Exchange/Pro feed and of Coinbase International are recognised and reported as other venues' traffic.

import type { BookEvent, KlineEvent, Level, TickerEvent, TradeEvent } from "../../core/index.ts";
import { type ParseContext, type Parsed, type ParseOutcome, toParsed } from "../_shared/adapter.ts";
import { eventBaseOf } from "../_shared/event-base.ts";
import {
  assignDefined,
  isRecord,
  isTime,
  parseJson,
  toId,
  toNumber,
  toOptionalNumber,
} from "../_shared/values.ts";
import { chainBook, observeSequence, rollCandle } from "./session.ts";

type Data = Record<string, unknown>;

/** The socket's only candle granularity. */
export const COINBASE_CANDLE_INTERVAL = "5m";
const CANDLE_MS = 5 * 60_000;

const RETRYABLE_RE = /too many|rate limit|timeout|timed out|try again|busy|unavailable|internal/i;

/** Message types of the legacy Coinbase Exchange (ex-Pro) feed `ws-feed.exchange.coinbase.com`, another API. */
const LEGACY_FEED_TYPES = new Set([
  "snapshot",
  "l2update",
  "match",
  "last_match",
  "ticker",
  "subscriptions",
  "heartbeat",
  "received",
  "open",
  "done",
  "change",
  "activate",
  "status",
  "auction",
  "rfq_match",
]);

export function parseCoinbaseFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  if (frame.trim().length === 0) return { kind: "ignored", reason: "empty frame" };
  const message = parseJson(frame);
  if (message === undefined) return { kind: "unmatched", topic: "(not json)" };
  if (!isRecord(message)) return { kind: "unmatched", topic: "(not an object)" };

  if (message.type === "error") return venueErrorOf(message);
  if (typeof message.channel === "string" && Array.isArray(message.events)) {
    return toParsed(parseEnvelope(message.channel, message, context));
  }
  // Coinbase International (INTX) speaks UPPER-case channels with a flat body, on its own authenticated socket.
  if (typeof message.channel === "string" && /^[A-Z0-9_]+$/.test(message.channel)) {
    return {
      kind: "unmatched",
      topic: `INTX ${message.channel} (Coinbase International feed, not Advanced Trade)`,
    };
  }
  if (typeof message.type === "string" && LEGACY_FEED_TYPES.has(message.type)) {
    return {
      kind: "unmatched",
      topic: `legacy ${message.type} (Coinbase Exchange/Pro feed, not Advanced Trade)`,
    };
  }
  return { kind: "unmatched", topic: "(unknown frame)" };
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * RFC 3339 text → ms since the epoch (NaN when unusable). Written out because the envelope carries nanoseconds
 * (`…50.714964855Z`), which Date.parse does not promise to read; fractions finer than a millisecond are dropped.
 */
export function isoToMs(value: unknown): number {
  if (typeof value !== "string") return Number.NaN;
  const match = ISO_RE.exec(value.trim());
  if (!match) return Number.NaN;
  const [, year, month, day, hour, minute, second, fraction = "", zone = "Z"] = match;
  const ms = Number(fraction.slice(0, 3).padEnd(3, "0"));
  let utcMs = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    ms,
  );
  if (zone.toUpperCase() !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    utcMs -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return utcMs;
}

function malformed(channel: string, why?: string): ParseOutcome {
  return { kind: "unmatched", topic: why ? `${channel} (${why})` : `${channel} (malformed)` };
}

function parseEnvelope(channel: string, message: Data, context: ParseContext): ParseOutcome {
  // Every message of the connection counts, heartbeats and acks included: the numbering is per socket.
  const seq = message.sequence_num;
  const hasSeq = typeof seq === "number" && Number.isInteger(seq) && seq >= 0;
  if (hasSeq) observeSequence(context.session, seq);
  const events = (message.events as unknown[]).filter(isRecord);
  const tsMs = isoToMs(message.timestamp);
  switch (channel) {
    case "l2_data":
      if (!hasSeq) return malformed(channel, "no sequence_num");
      return parseL2(events, seq, tsMs, context);
    case "market_trades":
      return parseTrades(events, context);
    case "ticker":
    case "ticker_batch":
      return parseTickers(channel, events, tsMs, context);
    case "candles":
      return parseCandles(events, tsMs, context);
    case "heartbeats":
      return { kind: "ignored", reason: "heartbeat" };
    case "subscriptions":
      return ackOf(events);
    default:
      // status, user, futures_balance_summary …: channels dig3 does not subscribe to.
      return { kind: "unmatched", topic: channel || "(empty channel)" };
  }
}

function parseL2(events: Data[], seq: number, tsMs: number, context: ParseContext): ParseOutcome {
  if (!isTime(tsMs)) return malformed("l2_data");
  // Validate the whole message before touching the per-product chains, so a bad one leaves them as they were.
  const books: { product: string; isSnapshot: boolean; bids: Level[]; asks: Level[] }[] = [];
  for (const event of events) {
    const product = typeof event.product_id === "string" ? event.product_id : "";
    const isSnapshot = event.type === "snapshot";
    if (!product || (!isSnapshot && event.type !== "update") || !Array.isArray(event.updates)) {
      return malformed("l2_data");
    }
    const bids: Level[] = [];
    const asks: Level[] = [];
    for (const update of event.updates) {
      if (!isRecord(update)) return malformed("l2_data");
      const price = toNumber(update.price_level);
      const size = toNumber(update.new_quantity);
      if (!(price > 0) || !(size >= 0)) return malformed("l2_data");
      if (update.side === "bid") bids.push([price, size]);
      else if (update.side === "offer") asks.push([price, size]);
      else return malformed("l2_data");
    }
    books.push({ product, isSnapshot, bids, asks });
  }
  if (books.length === 0) return { kind: "ignored", reason: "l2_data without events" };
  return books.map(({ product, isSnapshot, bids, asks }) => {
    const event: BookEvent = {
      kind: "book",
      ...eventBaseOf(context, product, tsMs),
      type: isSnapshot ? "snapshot" : "delta",
      bids,
      asks,
      seq,
    };
    return assignDefined(event, { prevSeq: chainBook(context.session, product, seq, isSnapshot) });
  });
}

function tradeOf(row: unknown, context: ParseContext): TradeEvent | undefined {
  if (!isRecord(row)) return undefined;
  const product = typeof row.product_id === "string" ? row.product_id : "";
  const price = toNumber(row.price);
  const size = toNumber(row.size);
  const tsMs = isoToMs(row.time);
  const tradeId = toId(row.trade_id);
  if (!product || !(price > 0) || !(size > 0) || !isTime(tsMs) || !tradeId) return undefined;
  // `side` is the resting (maker) order's side, as on Coinbase Exchange: the taker took the other one.
  if (row.side !== "BUY" && row.side !== "SELL") return undefined;
  return {
    kind: "trade",
    ...eventBaseOf(context, product, tsMs),
    price,
    size,
    side: row.side === "SELL" ? "buy" : "sell",
    tradeId,
  };
}

/** Oldest first: Coinbase batches 250 ms of fills, newest first. Numeric ids order fills of the same instant. */
export function sortTrades(trades: TradeEvent[]): TradeEvent[] {
  return trades.sort((a, b) => a.tsMs - b.tsMs || compareIds(a.tradeId, b.tradeId));
}

function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

function parseTrades(events: Data[], context: ParseContext): ParseOutcome {
  const trades: TradeEvent[] = [];
  let snapshots = 0;
  for (const event of events) {
    if (!Array.isArray(event.trades)) return malformed("market_trades");
    // The snapshot replays fills from before the subscription (again on every reconnect): history, not live data.
    if (event.type === "snapshot") {
      snapshots++;
      continue;
    }
    if (event.type !== "update") return malformed("market_trades");
    for (const row of event.trades) {
      const trade = tradeOf(row, context);
      if (!trade) return malformed("market_trades");
      trades.push(trade);
    }
  }
  if (trades.length > 0) return sortTrades(trades);
  return {
    kind: "ignored",
    reason: snapshots > 0 ? "market_trades snapshot (fills from before the subscription)" : "no trades",
  };
}

function parseTickers(channel: string, events: Data[], tsMs: number, context: ParseContext): ParseOutcome {
  if (!isTime(tsMs)) return malformed(channel);
  const tickers: TickerEvent[] = [];
  for (const event of events) {
    if (!Array.isArray(event.tickers)) return malformed(channel);
    for (const row of event.tickers) {
      if (!isRecord(row) || typeof row.product_id !== "string" || !row.product_id) return malformed(channel);
      const last = toNumber(row.price);
      if (!Number.isFinite(last)) return malformed(channel);
      const ticker: TickerEvent = { kind: "ticker", ...eventBaseOf(context, row.product_id, tsMs), last };
      tickers.push(
        assignDefined(ticker, {
          bid: toOptionalNumber(row.best_bid),
          bidSize: toOptionalNumber(row.best_bid_quantity),
          ask: toOptionalNumber(row.best_ask),
          askSize: toOptionalNumber(row.best_ask_quantity),
          high24h: toOptionalNumber(row.high_24_h),
          low24h: toOptionalNumber(row.low_24_h),
          volume24h: toOptionalNumber(row.volume_24_h),
          changePct24h: toOptionalNumber(row.price_percent_chg_24_h),
        }),
      );
    }
  }
  return tickers.length > 0 ? tickers : { kind: "ignored", reason: `${channel} without tickers` };
}

function parseCandles(events: Data[], tsMs: number, context: ParseContext): ParseOutcome {
  if (!isTime(tsMs)) return malformed("candles");
  const candles: { product: string; kline: KlineEvent }[] = [];
  for (const event of events) {
    if (!Array.isArray(event.candles)) return malformed("candles");
    for (const row of event.candles) {
      if (!isRecord(row) || typeof row.product_id !== "string" || !row.product_id)
        return malformed("candles");
      const openTimeMs = toNumber(row.start) * 1000;
      const values = [
        toNumber(row.open),
        toNumber(row.high),
        toNumber(row.low),
        toNumber(row.close),
        toNumber(row.volume),
      ] as const;
      if (!isTime(openTimeMs) || !values.every(Number.isFinite)) return malformed("candles");
      const [open, high, low, close, volume] = values;
      candles.push({
        product: row.product_id,
        kline: {
          kind: "kline",
          ...eventBaseOf(context, row.product_id, tsMs),
          interval: COINBASE_CANDLE_INTERVAL,
          openTimeMs,
          closeTimeMs: openTimeMs + CANDLE_MS - 1,
          open,
          high,
          low,
          close,
          volume,
          closed: false,
        },
      });
    }
  }
  if (candles.length === 0) return { kind: "ignored", reason: "candles without candles" };
  candles.sort((a, b) => a.kline.openTimeMs - b.kline.openTimeMs);
  return candles.flatMap(({ product, kline }) => rollCandle(context.session, product, kline));
}

function ackOf(events: Data[]): ParseOutcome {
  const subscriptions = events.find((event) => isRecord(event.subscriptions))?.subscriptions;
  if (!isRecord(subscriptions)) return { kind: "ack" };
  const parts = Object.entries(subscriptions).map(
    ([channel, ids]) => `${channel} ${Array.isArray(ids) ? ids.length : 0}`,
  );
  return { kind: "ack", note: `subscriptions: ${parts.join(", ") || "none"}` };
}

function venueErrorOf(message: Data): Parsed {
  const text = typeof message.message === "string" && message.message ? message.message : "request failed";
  const reason = typeof message.reason === "string" && message.reason ? `: ${message.reason}` : "";
  const full = `${text}${reason}`;
  return { kind: "venue-error", message: full, retryable: RETRYABLE_RE.test(full) };
}
