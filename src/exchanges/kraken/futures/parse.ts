// Inbound Kraken Futures WebSocket v1 frame → Parsed (pure, never throws on venue input): book snapshots and
// sequenced deltas, trades (liquidation prints also as liquidations), and the ticker fanned out to ticker, mark
// price, funding and open interest. One socket URL serves linear (PF/FF) and inverse (PI/FI) products, so an event's
// account is read from its product id.

import type {
  Account,
  BookEvent,
  FundingRateEvent,
  Level,
  LiquidationEvent,
  MarketDataEvent,
  MarkPriceEvent,
  OpenInterestEvent,
  TickerEvent,
  TradeEvent,
} from "../../../core/index.ts";
import { type ParseContext, type Parsed, type ParseOutcome, toParsed } from "../../_shared/adapter.ts";
import { recvMsOf } from "../../_shared/event-base.ts";
import {
  assignDefined,
  isRecord,
  isTime,
  parseJson,
  toNumber,
  toOptionalNumber,
} from "../../_shared/values.ts";
import { baseOf } from "../events.ts";
import { accountOfProduct, canonicalOfNative } from "../symbols.ts";

type Data = Record<string, unknown>;

const RETRYABLE_RE = /rate|limit|timeout|timed out|try again|busy|unavailable|maintenance/i;
/** Trade types that printed on the order book; `termination` and `block` prints did not. */
const BOOK_TRADE_TYPES: ReadonlySet<string> = new Set(["fill", "liquidation"]);

export function parseKrakenFuturesFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  if (frame.trim().length === 0) return { kind: "ignored", reason: "empty frame" };
  const message = parseJson(frame);
  if (message === undefined) return { kind: "unmatched", topic: "(not json)" };
  if (!isRecord(message)) return { kind: "unmatched", topic: "(not an object)" };
  if (typeof message.event === "string") return eventReplyOf(message);
  if (typeof message.feed === "string") return toParsed(parseFeed(message, context));
  return { kind: "unmatched", topic: "(unknown frame)" };
}

function eventReplyOf(message: Data): Parsed {
  const event = message.event as string;
  const feed = typeof message.feed === "string" ? message.feed : "";
  const products = Array.isArray(message.product_ids) ? message.product_ids.join(",") : "";
  const what = [event, feed, products].filter((part) => part.length > 0).join(" ");
  switch (event) {
    case "info":
      return { kind: "ignored", reason: `info: version ${String(message.version ?? "?")}` };
    case "subscribed":
    case "unsubscribed":
      return { kind: "ack", note: what };
    case "subscribed_failed":
    case "unsubscribed_failed":
      return { kind: "venue-error", message: what, retryable: false };
    case "error":
    case "alert": {
      const text = typeof message.message === "string" ? message.message : event;
      return { kind: "venue-error", message: `${event}: ${text}`, retryable: RETRYABLE_RE.test(text) };
    }
    default:
      return { kind: "unmatched", topic: `event ${event}` };
  }
}

function parseFeed(message: Data, context: ParseContext): ParseOutcome {
  const feed = message.feed as string;
  switch (feed) {
    case "heartbeat":
      return { kind: "ignored", reason: "heartbeat" };
    case "book_snapshot":
      return parseBookSnapshot(message, context);
    case "book":
      return parseBookDelta(message, context);
    case "trade":
      return parseTrades([message], context, "trade");
    case "trade_snapshot":
      // Newest first on the wire; events go oldest first, as a tape.
      return Array.isArray(message.trades)
        ? parseTrades([...message.trades].reverse(), context, "trade_snapshot")
        : malformed(feed);
    case "ticker":
      return parseTicker(message, context);
    case "ticker_lite":
      return parseTickerLite(message, context);
    default:
      // Private feeds (open_orders, fills …) and feeds dig3 does not subscribe to.
      return { kind: "unmatched", topic: feed || "(empty feed)" };
  }
}

function malformed(feed: string): ParseOutcome {
  return { kind: "unmatched", topic: `${feed} (malformed)` };
}

interface Product {
  native: string;
  account: Account;
  symbol: string;
}

/** Product id → account (from its prefix) and canonical symbol (the hub's, when the account is the socket's). */
function productOf(value: unknown, context: ParseContext): Product | undefined {
  if (typeof value !== "string" || value.length === 0) return undefined;
  const native = value.toUpperCase();
  const account = accountOfProduct(native) ?? context.account;
  const fromHub = account === context.account ? context.symbolOf(native) : native;
  const symbol = fromHub !== native ? fromHub : (canonicalOfNative(native, account) ?? native);
  return { native, account, symbol };
}

function toObjectLevels(rows: unknown): Level[] | undefined {
  if (!Array.isArray(rows)) return undefined;
  const levels: Level[] = [];
  for (const row of rows) {
    if (!isRecord(row)) return undefined;
    const price = toNumber(row.price);
    const size = toNumber(row.qty);
    if (!(price > 0) || !Number.isFinite(size) || size < 0) return undefined;
    levels.push([price, size]);
  }
  return levels;
}

function parseBookSnapshot(message: Data, context: ParseContext): ParseOutcome {
  const product = productOf(message.product_id, context);
  const seq = toNumber(message.seq);
  const bids = toObjectLevels(message.bids);
  const asks = toObjectLevels(message.asks);
  if (!product || !Number.isInteger(seq) || !bids || !asks) return malformed("book_snapshot");
  const sentMs = toNumber(message.timestamp);
  const event: BookEvent = {
    kind: "book",
    ...baseOf(context, product.symbol, isTime(sentMs) ? sentMs : recvMsOf(context), product.account),
    type: "snapshot",
    bids,
    asks,
    seq,
  };
  return [event];
}

function parseBookDelta(message: Data, context: ParseContext): ParseOutcome {
  const product = productOf(message.product_id, context);
  const seq = toNumber(message.seq);
  const price = toNumber(message.price);
  const size = toNumber(message.qty);
  const side = message.side;
  if (!product || !Number.isInteger(seq) || !(price > 0) || !Number.isFinite(size) || size < 0)
    return malformed("book");
  if (side !== "buy" && side !== "sell") return malformed("book");
  const sentMs = toNumber(message.timestamp);
  const level: Level = [price, size];
  const event: BookEvent = {
    kind: "book",
    ...baseOf(context, product.symbol, isTime(sentMs) ? sentMs : recvMsOf(context), product.account),
    type: "delta",
    bids: side === "buy" ? [level] : [],
    asks: side === "sell" ? [level] : [],
    seq,
  };
  return [event];
}

function parseTrades(rows: unknown[], context: ParseContext, feed: string): ParseOutcome {
  const events: MarketDataEvent[] = [];
  for (const row of rows) {
    if (!isRecord(row)) return malformed(feed);
    const product = productOf(row.product_id, context);
    const price = toNumber(row.price);
    const size = toNumber(row.qty);
    const tsMs = toNumber(row.time);
    const side = row.side === "buy" || row.side === "sell" ? row.side : undefined;
    // `uid` is what REST history returns too; `seq` only numbers the feed's messages.
    const tradeId = typeof row.uid === "string" && row.uid.length > 0 ? row.uid : undefined;
    const type = typeof row.type === "string" ? row.type : "fill";
    if (!product || !(price > 0) || !(size > 0) || !isTime(tsMs) || !side || !tradeId) return malformed(feed);
    if (!BOOK_TRADE_TYPES.has(type)) continue;
    const base = baseOf(context, product.symbol, tsMs, product.account);
    const trade: TradeEvent = { kind: "trade", ...base, price, size, side, tradeId };
    events.push(trade);
    if (type === "liquidation") {
      // The liquidated position's order is the taker, so the taker side is the liquidation order's side.
      const liquidation: LiquidationEvent = { kind: "liquidation", ...base, side, price, size };
      // Inverse sizes are USD contracts: price × size is no value in any one currency.
      events.push(
        assignDefined(liquidation, { value: product.account === "linear" ? price * size : undefined }),
      );
    }
  }
  if (events.length === 0) return { kind: "ignored", reason: `${feed} without order-book trades` };
  return events;
}

function positiveOf(value: unknown): number | undefined {
  const number = toOptionalNumber(value);
  return number !== undefined && number > 0 ? number : undefined;
}

/** `next_funding_rate_time`: an epoch ms on the wire, "time until" in the docs; both are accepted. */
function nextFundingOf(value: unknown, tsMs: number): number | undefined {
  const raw = toNumber(value);
  if (!(raw > 0)) return undefined;
  return raw > 1e12 ? raw : tsMs + raw;
}

function parseTicker(message: Data, context: ParseContext): ParseOutcome {
  const product = productOf(message.product_id, context);
  const tsMs = toNumber(message.time);
  if (!product || !isTime(tsMs)) return malformed("ticker");
  const base = baseOf(context, product.symbol, tsMs, product.account);
  const events: MarketDataEvent[] = [];

  const ticker: TickerEvent = { kind: "ticker", ...base };
  const last = toOptionalNumber(message.last);
  events.push(
    assignDefined(ticker, {
      // A product that never traded reports last 0.
      last: positiveOf(last),
      // An empty side is reported as 0: no quote, not a price of zero.
      bid: positiveOf(message.bid),
      bidSize: positiveOf(message.bid) === undefined ? undefined : toOptionalNumber(message.bid_size),
      ask: positiveOf(message.ask),
      askSize: positiveOf(message.ask) === undefined ? undefined : toOptionalNumber(message.ask_size),
      volume24h: toOptionalNumber(message.volume),
      quoteVolume24h: toOptionalNumber(message.volumeQuote),
      changePct24h: toOptionalNumber(message.change),
    }),
  );

  const markPrice = toOptionalNumber(message.markPrice);
  if (markPrice !== undefined && markPrice > 0) {
    const mark: MarkPriceEvent = { kind: "mark_price", ...base, markPrice };
    const index = toOptionalNumber(message.index);
    events.push(assignDefined(mark, { indexPrice: index !== undefined && index > 0 ? index : undefined }));
  }

  // Perpetuals only; "If zero, field is not populated", so a perpetual without the field has a zero rate.
  const relative = toOptionalNumber(message.relative_funding_rate);
  if (message.tag === "perpetual" || relative !== undefined) {
    const funding: FundingRateEvent = { kind: "funding_rate", ...base, rate: relative ?? 0 };
    events.push(
      assignDefined(funding, { nextFundingTsMs: nextFundingOf(message.next_funding_rate_time, tsMs) }),
    );
  }

  const openInterest = toOptionalNumber(message.openInterest);
  if (openInterest !== undefined) {
    const oi: OpenInterestEvent = { kind: "open_interest", ...base, openInterest };
    events.push(oi);
  }
  return events;
}

function parseTickerLite(message: Data, context: ParseContext): ParseOutcome {
  const product = productOf(message.product_id, context);
  if (!product) return malformed("ticker_lite");
  // ticker_lite carries no time: the receive time stands in.
  const ticker: TickerEvent = {
    kind: "ticker",
    ...baseOf(context, product.symbol, recvMsOf(context), product.account),
  };
  return [
    assignDefined(ticker, {
      bid: positiveOf(message.bid),
      ask: positiveOf(message.ask),
      volume24h: toOptionalNumber(message.volume),
      changePct24h: toOptionalNumber(message.change),
    }),
  ];
}
