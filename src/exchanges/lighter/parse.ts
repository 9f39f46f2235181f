// Inbound Lighter frame → Parsed (pure, never throws on venue input). `{type, channel}` frames: order_book snapshot
// then updates chained by nonce, trade batches (trades and liquidation_trades), market_stats fanned out into mark
// price, funding, open interest and ticker, the ticker channel's best bid/ask; connected/subscribed control, pongs
// and errors. order_book and trade pushes in the venue's own layout are read in place (fast-path.ts) first.

import type {
  BookEvent,
  EventBase,
  FundingRateEvent,
  Level,
  MarketDataEvent,
  MarkPriceEvent,
  OpenInterestEvent,
  Side,
  TickerEvent,
} from "../../core/index.ts";
import { type ParseContext, type Parsed, type ParseOutcome, toParsed } from "../_shared/adapter.ts";
import { liquidationEventOf, recvMsOf, tradeEventOf } from "../_shared/event-base.ts";
import { isRecord, parseJson, toId, toNumber, toOptionalNumber } from "../_shared/values.ts";
import { readBookFrame, readTradesFrame, typeChannelAt } from "./fast-path.ts";

type Data = Record<string, unknown>;

/** The reply to a server `{"type":"ping"}`. */
export const LIGHTER_PONG = JSON.stringify({ type: "pong" });

/**
 * One inbound frame → Parsed. order_book and trade pushes, most of what a socket carries, are read in place by the
 * readers of fast-path.ts; every other frame, and any the readers turn away, takes the JSON.parse path.
 */
export function parseLighterFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  // order_book and trade pushes in Lighter's own layout are read in place (the channel's first letters in `type` say
  // which reader may take the frame); any other frame, and any surprise in one, takes the JSON.parse path.
  const channelAt = typeChannelAt(frame);
  const letter = frame.charCodeAt(channelAt);
  const read =
    letter === LOWER_O
      ? readBookFrame(frame, context)
      : letter === LOWER_T && frame.charCodeAt(channelAt + 1) === LOWER_R
        ? readTradesFrame(frame, context)
        : undefined;
  return read ?? parseLighterJson(frame, context);
}

const LOWER_O = 111;
const LOWER_R = 114;
const LOWER_T = 116;

/** The JSON.parse path: every frame the in-place readers do not take (exported to check that the two paths agree). */
export function parseLighterJson(frame: string, context: ParseContext): Parsed {
  const message = parseJson(frame);
  if (message === undefined) {
    // Blank and bare-word frames are no JSON: checking for them only here keeps `trim` off every data frame.
    const text = frame.trim();
    if (text.length === 0) return { kind: "ignored", reason: "empty frame" };
    if (text === "pong") return { kind: "pong" };
    if (text === "ping") return { kind: "ping", reply: "pong" };
    return { kind: "unmatched", topic: "(not json)" };
  }
  if (!isRecord(message)) return { kind: "unmatched", topic: "(not an object)" };
  const outcome = parseMessage(message, context);
  return toParsed(outcome);
}

function parseMessage(message: Data, context: ParseContext): ParseOutcome {
  if (message.error !== undefined) return venueError(message.error);
  const type = typeof message.type === "string" ? message.type : "";
  switch (type) {
    case "ping":
      return { kind: "ping", reply: LIGHTER_PONG };
    case "pong":
      return { kind: "pong" };
    case "connected":
      return { kind: "ignored", reason: "connected" };
    case "unsubscribed":
      return { kind: "ack", note: `unsubscribed ${String(message.channel ?? "")}` };
    case "subscribed/order_book":
    case "update/order_book":
      return parseBook(message, type === "subscribed/order_book", context);
    case "subscribed/trade":
    case "update/trade":
      return parseTrades(message, context);
    case "subscribed/market_stats":
    case "update/market_stats":
    case "subscribed/spot_market_stats":
    case "update/spot_market_stats":
      return parseMarketStats(message, context);
    case "subscribed/ticker":
    case "update/ticker":
      return parseTicker(message, context);
    default:
      if (type.startsWith("subscribed/")) return { kind: "ack", note: type };
      return { kind: "unmatched", topic: type || "(no type)" };
  }
}

function venueError(error: unknown): ParseOutcome {
  const message = isRecord(error)
    ? `${toId(error.code)} ${typeof error.message === "string" ? error.message : ""}`.trim()
    : typeof error === "string"
      ? error
      : JSON.stringify(error ?? null);
  return { kind: "venue-error", message, retryable: false };
}

/** `order_book:1` → `1`. */
function marketOfChannel(channel: unknown): string | undefined {
  if (typeof channel !== "string") return undefined;
  const colon = channel.lastIndexOf(":");
  const slash = channel.lastIndexOf("/");
  const id = channel.slice(Math.max(colon, slash) + 1);
  return id.length > 0 ? id : undefined;
}

/** The venue's time where it sent a usable one, else the receive time. */
function timeMsOf(value: unknown, context: ParseContext): number {
  return toOptionalNumber(value) ?? recvMsOf(context);
}

function baseOf(native: string, tsMs: unknown, context: ParseContext): EventBase {
  return {
    exchange: context.exchange,
    account: context.account,
    symbol: context.symbolOf(native),
    tsMs: timeMsOf(tsMs, context),
    recvTsUs: context.recvTsUs,
  };
}

/** `[{price, size}]` → levels with the venue text kept (size "0.00000" removes the level). */
function levelsOf(rows: unknown): Level[] {
  if (!Array.isArray(rows)) return [];
  const levels: Level[] = [];
  for (const row of rows) {
    if (!isRecord(row)) continue;
    const price = toNumber(row.price);
    const size = toNumber(row.size);
    if (!Number.isFinite(price) || !Number.isFinite(size)) continue;
    levels.push([price, size, String(row.price), String(row.size)]);
  }
  return levels;
}

function parseBook(message: Data, snapshot: boolean, context: ParseContext): ParseOutcome {
  const native = marketOfChannel(message.channel);
  const book = message.order_book;
  if (!native || !isRecord(book)) return { kind: "unmatched", topic: `${String(message.type)} (malformed)` };
  // Object literals in the hot paths (no spread of a base: a spread costs about as much as the rest of the event).
  const event: BookEvent = {
    kind: "book",
    exchange: context.exchange,
    account: context.account,
    symbol: context.symbolOf(native),
    tsMs: timeMsOf(message.timestamp, context),
    recvTsUs: context.recvTsUs,
    type: snapshot ? "snapshot" : "delta",
    bids: levelsOf(book.bids),
    asks: levelsOf(book.asks),
  };
  const nonce = toOptionalNumber(book.nonce);
  if (nonce !== undefined) event.seq = nonce;
  const begin = toOptionalNumber(book.begin_nonce);
  // The snapshot's begin_nonce is 0: only an update's names the nonce it follows.
  if (!snapshot && begin !== undefined) event.prevSeq = begin;
  return [event];
}

/** The taker's side: `is_maker_ask` means the resting order sold, so the taker bought. */
function takerSideOf(trade: Data): Side {
  return trade.is_maker_ask === true ? "buy" : "sell";
}

function parseTrades(message: Data, context: ParseContext): ParseOutcome {
  const channelMarket = marketOfChannel(message.channel);
  const events: MarketDataEvent[] = [];
  for (const trade of Array.isArray(message.trades) ? message.trades : []) {
    if (!isRecord(trade)) continue;
    const price = toNumber(trade.price);
    const size = toNumber(trade.size);
    if (!Number.isFinite(price) || !Number.isFinite(size)) continue;
    const native = trade.market_id !== undefined ? toId(trade.market_id) : channelMarket;
    if (!native) continue;
    const tradeId = toId(trade.trade_id_str ?? trade.trade_id);
    const tsMs = timeMsOf(trade.timestamp, context);
    events.push(tradeEventOf(context, native, tsMs, price, size, takerSideOf(trade), tradeId));
  }
  for (const trade of Array.isArray(message.liquidation_trades) ? message.liquidation_trades : []) {
    if (!isRecord(trade)) continue;
    const price = toNumber(trade.price);
    const size = toNumber(trade.size);
    if (!Number.isFinite(price) || !Number.isFinite(size)) continue;
    const native = trade.market_id !== undefined ? toId(trade.market_id) : channelMarket;
    if (!native) continue;
    // The liquidated account takes liquidity: the liquidation order's side is the taker's.
    const tsMs = timeMsOf(trade.timestamp, context);
    const value = toOptionalNumber(trade.usd_amount);
    events.push(liquidationEventOf(context, native, tsMs, takerSideOf(trade), price, size, value));
  }
  return events;
}

/** `market_stats/{id}` carries one market's stats; `market_stats/all` a map keyed by market id. */
function statsListOf(stats: unknown): Data[] {
  if (!isRecord(stats)) return [];
  if (stats.market_id !== undefined) return [stats];
  return Object.values(stats).filter(isRecord);
}

/** Funding rates are sent in percent (BTC "0.0012" = 0.0012 % for the hour). */
function percentToRate(value: unknown): number | undefined {
  const percent = toOptionalNumber(value);
  return percent === undefined ? undefined : percent / 100;
}

function parseMarketStats(message: Data, context: ParseContext): ParseOutcome {
  const events: MarketDataEvent[] = [];
  for (const stats of statsListOf(message.market_stats ?? message.spot_market_stats)) {
    const native = toId(stats.market_id);
    if (native === "") continue;
    const base = baseOf(native, message.timestamp, context);
    const mark = toOptionalNumber(stats.mark_price);
    if (mark !== undefined) {
      const event: MarkPriceEvent = { ...base, kind: "mark_price", markPrice: mark };
      const index = toOptionalNumber(stats.index_price);
      if (index !== undefined) event.indexPrice = index;
      events.push(event);
    }
    const rate = percentToRate(stats.current_funding_rate ?? stats.funding_rate);
    if (rate !== undefined) {
      const event: FundingRateEvent = { ...base, kind: "funding_rate", rate };
      const next = toOptionalNumber(stats.funding_timestamp);
      if (next !== undefined) event.nextFundingTsMs = next;
      events.push(event);
    }
    const openInterestUsd = toOptionalNumber(stats.open_interest);
    if (openInterestUsd !== undefined) {
      // Sent in USDC (BTC ≈ 1.2e8): the base amount is derived at the mark price.
      const event: OpenInterestEvent = {
        ...base,
        kind: "open_interest",
        openInterest: mark ? openInterestUsd / mark : Number.NaN,
        openInterestValue: openInterestUsd,
      };
      if (Number.isFinite(event.openInterest)) events.push(event);
    }
    const ticker: TickerEvent = { ...base, kind: "ticker" };
    const fields: [keyof TickerEvent, unknown][] = [
      ["last", stats.last_trade_price],
      ["high24h", stats.daily_price_high],
      ["low24h", stats.daily_price_low],
      ["volume24h", stats.daily_base_token_volume],
      ["quoteVolume24h", stats.daily_quote_token_volume],
      ["changePct24h", stats.daily_price_change],
    ];
    for (const [key, raw] of fields) {
      const value = toOptionalNumber(raw);
      if (value !== undefined) (ticker as unknown as Record<string, number>)[key] = value;
    }
    if (ticker.last !== undefined) events.push(ticker);
  }
  return events;
}

/** `ticker/{id}`: best bid and ask only; a side may be `{}` when it is empty. */
function parseTicker(message: Data, context: ParseContext): ParseOutcome {
  const native = marketOfChannel(message.channel);
  if (!native) return { kind: "unmatched", topic: `${String(message.type)} (malformed)` };
  const ticker = message.ticker;
  if (!isRecord(ticker)) return { kind: "ignored", reason: "ticker frame without a ticker" };
  const event: TickerEvent = { ...baseOf(native, message.timestamp, context), kind: "ticker" };
  if (isRecord(ticker.b)) {
    const bid = toOptionalNumber(ticker.b.price);
    const bidSize = toOptionalNumber(ticker.b.size);
    if (bid !== undefined) event.bid = bid;
    if (bidSize !== undefined) event.bidSize = bidSize;
  }
  if (isRecord(ticker.a)) {
    const ask = toOptionalNumber(ticker.a.price);
    const askSize = toOptionalNumber(ticker.a.size);
    if (ask !== undefined) event.ask = ask;
    if (askSize !== undefined) event.askSize = askSize;
  }
  return [event];
}
