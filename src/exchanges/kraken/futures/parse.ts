// Inbound Kraken Futures WebSocket v1 frame → Parsed (pure, never throws on venue input): book snapshots and
// sequenced deltas, trades (liquidation prints also as liquidations), and the ticker fanned out to ticker, mark
// price, funding and open interest. One socket URL serves linear (PF/FF) and inverse (PI/FI) products, so an event's
// account is read from its product id.

import type {
  Account,
  FundingRateEvent,
  Level,
  MarketDataEvent,
  MarkPriceEvent,
  OpenInterestEvent,
  TickerEvent,
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
import {
  bookDeltaOf,
  bookEventOf,
  bookTradeEventsOf,
  productNameOfValue,
  symbolOfProduct,
} from "./events.ts";
import { matchBookSnapshot, matchTrade, readBookDeltaFrame } from "./fast-path.ts";

type Data = Record<string, unknown>;

const RETRYABLE_RE = /rate|limit|timeout|timed out|try again|busy|unavailable|maintenance/i;
/** Trade types that printed on the order book; `termination` and `block` prints did not. */
const BOOK_TRADE_TYPES: ReadonlySet<string> = new Set(["fill", "liquidation"]);

export function parseKrakenFuturesFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  // Book deltas, snapshots and trades in Kraken's own layout are read without JSON.parse (the feed's first letters say
  // which reader may take the frame); any other frame, and any surprise in one, takes the JSON.parse path.
  const feedLetter = frame.charCodeAt(FEED_LETTER_AT);
  const read =
    feedLetter === 98
      ? frame.charCodeAt(BOOK_FEED_END) === QUOTE
        ? readBookDeltaFrame(frame, context)
        : matchBookSnapshot(frame, context)
      : feedLetter === 116
        ? matchTrade(frame, context)
        : undefined;
  return read ?? parseKrakenFuturesJson(frame, context);
}

/** Where the feed's first letter lies in a frame that begins `{"feed":"`. */
const FEED_LETTER_AT = '{"feed":"'.length;
/** Where the closing quote of a `book` feed lies (`_` of `book_snapshot`). */
const BOOK_FEED_END = '{"feed":"book'.length;
const QUOTE = 34;

/** The JSON.parse path: every frame the in-place readers do not take (exported to check that the two paths agree). */
export function parseKrakenFuturesJson(frame: string, context: ParseContext): Parsed {
  const message = parseJson(frame);
  if (message === undefined) {
    // A blank frame is no JSON either: checking for one only here keeps `trim` off every data frame.
    if (frame.trim().length === 0) return { kind: "ignored", reason: "empty frame" };
    return { kind: "unmatched", topic: "(not json)" };
  }
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
      return parseTrade(message, context);
    case "trade_snapshot":
      return Array.isArray(message.trades) ? parseTradeSnapshot(message.trades, context) : malformed(feed);
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
  const name = productNameOfValue(value);
  if (name === undefined) return undefined;
  const account = name.account ?? context.account;
  return { native: name.native, account, symbol: symbolOfProduct(name, account, context) };
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
  const name = productNameOfValue(message.product_id);
  const seq = toNumber(message.seq);
  const bids = toObjectLevels(message.bids);
  const asks = toObjectLevels(message.asks);
  if (!name || !Number.isInteger(seq) || !bids || !asks) return malformed("book_snapshot");
  const sentMs = toNumber(message.timestamp);
  return [
    bookEventOf(context, name, isTime(sentMs) ? sentMs : recvMsOf(context), "snapshot", bids, asks, seq),
  ];
}

function parseBookDelta(message: Data, context: ParseContext): ParseOutcome {
  const name = productNameOfValue(message.product_id);
  const seq = toNumber(message.seq);
  const price = toNumber(message.price);
  const size = toNumber(message.qty);
  const side = message.side;
  if (!name || !Number.isInteger(seq) || !(price > 0) || !Number.isFinite(size) || size < 0)
    return malformed("book");
  if (side !== "buy" && side !== "sell") return malformed("book");
  const sentMs = toNumber(message.timestamp);
  return [bookDeltaOf(context, name, isTime(sentMs) ? sentMs : recvMsOf(context), side, price, size, seq)];
}

function parseTrade(row: Data, context: ParseContext): ParseOutcome {
  const events = tradeRowEventsOf(row, context);
  if (events === undefined) return malformed("trade");
  return events.length > 0 ? events : { kind: "ignored", reason: "trade without order-book trades" };
}

function parseTradeSnapshot(rows: unknown[], context: ParseContext): ParseOutcome {
  const events: MarketDataEvent[] = [];
  // Newest first on the wire; events go oldest first, as a tape.
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i];
    const rowEvents = isRecord(row) ? tradeRowEventsOf(row, context) : undefined;
    if (rowEvents === undefined) return malformed("trade_snapshot");
    for (const event of rowEvents) events.push(event);
  }
  return events.length > 0 ? events : { kind: "ignored", reason: "trade_snapshot without order-book trades" };
}

/** One trade row's events (none for prints off the book); undefined when the row is malformed. */
function tradeRowEventsOf(row: Data, context: ParseContext): MarketDataEvent[] | undefined {
  const name = productNameOfValue(row.product_id);
  const price = toNumber(row.price);
  const size = toNumber(row.qty);
  const tsMs = toNumber(row.time);
  const side = row.side === "buy" || row.side === "sell" ? row.side : undefined;
  // `uid` is what REST history returns too; `seq` only numbers the feed's messages.
  const tradeId = typeof row.uid === "string" && row.uid.length > 0 ? row.uid : undefined;
  const type = typeof row.type === "string" ? row.type : "fill";
  if (!name || !(price > 0) || !(size > 0) || !isTime(tsMs) || !side || !tradeId) return undefined;
  if (!BOOK_TRADE_TYPES.has(type)) return [];
  return bookTradeEventsOf(context, name, tsMs, price, size, side, tradeId, type === "liquidation");
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
