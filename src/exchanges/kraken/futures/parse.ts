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
} from "../../../core/index.ts";
import { type ParseContext, type Parsed, type ParseOutcome, toParsed } from "../../_shared/adapter.ts";
import { recvMsOf, tradeEventAt } from "../../_shared/event-base.ts";
import { copyText } from "../../_shared/scan.ts";
import {
  assignDefined,
  isPositiveFinite,
  isRecord,
  isTime,
  POW10,
  parseJson,
  readDecimalIn,
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
  // Book deltas and trades in Kraken's own layout are read in place (the feed's first letter says which reader may
  // take the frame); any other frame, and any surprise in one, takes the JSON.parse path.
  const feedLetter = frame.charCodeAt(FEED_LETTER_AT);
  const read =
    feedLetter === 98
      ? readBookDeltaFrame(frame, context)
      : feedLetter === 116
        ? readTradeFrame(frame, context)
        : undefined;
  return read ?? parseKrakenFuturesJson(frame, context);
}

/** Where the feed's first letter lies in a frame that begins `{"feed":"`. */
const FEED_LETTER_AT = '{"feed":"'.length;

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

/**
 * What a product id says by itself, worked out once per id text (upper-casing and the product pattern cost more than
 * the rest of a book delta): the upper-case native, the account its prefix names (undefined for other shapes) and
 * the canonical symbol the naming rules give on that account.
 */
interface ProductName {
  /** The id as sent. */
  id: string;
  native: string;
  account: Account | undefined;
  canonical: string | undefined;
}

/** Product names by the id text as sent; a socket carries a few dozen ids, so the bound is only a guard. */
const productNames = new Map<string, ProductName>();
const MAX_PRODUCT_NAMES = 4_096;

function productNameOf(id: string): ProductName {
  let name = productNames.get(id);
  if (name === undefined) {
    const native = id.toUpperCase();
    const account = accountOfProduct(native);
    const canonical = account === undefined ? undefined : canonicalOfNative(native, account);
    name = { id, native, account, canonical };
    if (productNames.size >= MAX_PRODUCT_NAMES) productNames.clear();
    productNames.set(id, name);
  }
  return name;
}

/**
 * The canonical symbol of a product on `account` (its own, else the socket's): the hub's, when the account is the
 * socket's and the hub knows it, else the naming rules', else the native id.
 */
function symbolOfProduct(name: ProductName, account: Account, context: ParseContext): string {
  const native = name.native;
  const fromHub = account === context.account ? context.symbolOf(native) : native;
  if (fromHub !== native) return fromHub;
  const canonical = name.account !== undefined ? name.canonical : canonicalOfNative(native, account);
  return canonical ?? native;
}

/** A `product_id` value → its name; undefined for anything but a non-empty string. */
function productNameOfValue(value: unknown): ProductName | undefined {
  return typeof value === "string" && value.length > 0 ? productNameOf(value) : undefined;
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

/** A delta's one level, on its side. */
function bookDeltaOf(
  context: ParseContext,
  name: ProductName,
  tsMs: number,
  side: "buy" | "sell",
  price: number,
  size: number,
  seq: number,
): BookEvent {
  const level: Level = [price, size];
  const bids: Level[] = side === "buy" ? [level] : [];
  const asks: Level[] = side === "sell" ? [level] : [];
  return bookEventOf(context, name, tsMs, "delta", bids, asks, seq);
}

/** One object literal per book event (no spread of a base: a tenth of a delta's time), keys in one order. */
function bookEventOf(
  context: ParseContext,
  name: ProductName,
  tsMs: number,
  type: "snapshot" | "delta",
  bids: Level[],
  asks: Level[],
  seq: number,
): BookEvent {
  const account = name.account ?? context.account;
  return {
    kind: "book",
    exchange: context.exchange,
    account,
    symbol: symbolOfProduct(name, account, context),
    tsMs,
    recvTsUs: context.recvTsUs,
    type,
    bids,
    asks,
    seq,
  };
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

/**
 * A book trade's events (`fill`, `liquidation`: the prints that hit the book): the trade, and a liquidation print
 * also as a liquidation. Each is one object literal, keys in one order per kind.
 */
function bookTradeEventsOf(
  context: ParseContext,
  name: ProductName,
  tsMs: number,
  price: number,
  size: number,
  side: "buy" | "sell",
  tradeId: string,
  isLiquidation: boolean,
): MarketDataEvent[] {
  const exchange = context.exchange;
  const account = name.account ?? context.account;
  const symbol = symbolOfProduct(name, account, context);
  const recvTsUs = context.recvTsUs;
  const trade = tradeEventAt(context, account, symbol, tsMs, price, size, side, tradeId);
  if (!isLiquidation) return [trade];
  // The liquidated position's order is the taker, so the taker side is the liquidation order's side. Inverse sizes
  // are USD contracts: price × size is no value in any one currency.
  const liquidation: LiquidationEvent =
    account === "linear"
      ? {
          kind: "liquidation",
          exchange,
          account,
          symbol,
          tsMs,
          recvTsUs,
          side,
          price,
          size,
          value: price * size,
        }
      : { kind: "liquidation", exchange, account, symbol, tsMs, recvTsUs, side, price, size };
  return [trade, liquidation];
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

// ── in-place reads of the hottest frames ──────────────────────────────────────────────────────────────────────

const BOOK_DELTA_HEAD = '{"feed":"book","product_id":"';
/** Where the side's first letter lies from the closing quote of the product id. */
const SIDE_LETTER_AT = '","side":"'.length;

/**
 * A book delta in the exact layout Kraken sends, `{"feed":"book","product_id","side","seq","price","qty",
 * ["timestamp"]}`, read in place to the event `parseBookDelta` builds: no JSON.parse tree, no substring of a value.
 * (A whole-frame pattern with capture groups, as Binance's trades are read, measured slower here: `Number` of the
 * four captured numbers alone took about half of this reader's time.) Any other frame (another key order,
 * whitespace, an exponent, a value `parseBookDelta` would not take) returns undefined and takes the JSON.parse path.
 */
export function readBookDeltaFrame(frame: string, context: ParseContext): Parsed | undefined {
  if (!frame.startsWith(BOOK_DELTA_HEAD)) return undefined;
  const r = reader;
  r.pos = BOOK_DELTA_HEAD.length;
  const name = r.product(frame);
  if (name === undefined) return undefined;
  // The side's first letter picks the one literal to compare (`b` for buy, else sell).
  const side = frame.charCodeAt(r.pos + SIDE_LETTER_AT) === 98 ? "buy" : "sell";
  if (!r.literal(frame, side === "buy" ? '","side":"buy","seq":' : '","side":"sell","seq":'))
    return undefined;
  const seq = r.number(frame);
  if (!r.literal(frame, ',"price":')) return undefined;
  const price = r.number(frame);
  if (!r.literal(frame, ',"qty":')) return undefined;
  const size = r.number(frame);
  // Kraken's deltas carry their send time; tardis' older samples do not.
  let sentMs = Number.NaN;
  if (r.literal(frame, ',"timestamp":')) {
    sentMs = r.number(frame);
    if (Number.isNaN(sentMs)) return undefined;
  }
  if (!r.isLastBrace(frame)) return undefined;
  // As `parseBookDelta` checks (NaN is a value that failed to read); digits past a double's range read as
  // Infinity, which the JSON.parse path judges.
  if (!Number.isInteger(seq) || !isPositiveFinite(price) || !Number.isFinite(size)) return undefined;
  const tsMs = isTime(sentMs) ? sentMs : recvMsOf(context);
  return { kind: "events", events: [bookDeltaOf(context, name, tsMs, side, price, size, seq)] };
}

const TRADE_HEAD = '{"feed":"trade","product_id":"';

/**
 * A trade in the exact layout Kraken sends, `{"feed":"trade","product_id","uid","side","type","seq","time","qty",
 * "price"}`, of a fill or a liquidation, read in place as `readBookDeltaFrame` reads a delta, to the events
 * `parseTrade` builds. Any other frame (no uid, a block print, a zero size …) takes the JSON.parse path.
 */
export function readTradeFrame(frame: string, context: ParseContext): Parsed | undefined {
  if (!frame.startsWith(TRADE_HEAD)) return undefined;
  const r = reader;
  r.pos = TRADE_HEAD.length;
  const name = r.product(frame);
  if (name === undefined || !r.literal(frame, '","uid":"')) return undefined;
  const tradeId = r.text(frame);
  if (tradeId === undefined) return undefined;
  // First letters pick the one literal to compare: `b` for buy (else sell), `f` for fill (else liquidation).
  const side = frame.charCodeAt(r.pos + SIDE_LETTER_AT) === 98 ? "buy" : "sell";
  if (!r.literal(frame, side === "buy" ? '","side":"buy","type":"' : '","side":"sell","type":"'))
    return undefined;
  const type = frame.charCodeAt(r.pos) === 102 ? "fill" : "liquidation";
  if (!r.literal(frame, type === "fill" ? 'fill","seq":' : 'liquidation","seq":')) return undefined;
  // The feed's message number: validated, not kept.
  if (Number.isNaN(r.number(frame)) || !r.literal(frame, ',"time":')) return undefined;
  const tsMs = r.number(frame);
  if (!r.literal(frame, ',"qty":')) return undefined;
  const size = r.number(frame);
  if (!r.literal(frame, ',"price":')) return undefined;
  const price = r.number(frame);
  if (!r.isLastBrace(frame)) return undefined;
  if (!isTime(tsMs) || !isPositiveFinite(price) || !isPositiveFinite(size)) return undefined;
  const isLiquidation = type === "liquidation";
  return {
    kind: "events",
    events: bookTradeEventsOf(context, name, tsMs, price, size, side, tradeId, isLiquidation),
  };
}

/**
 * Reads a frame of one fixed layout in place, from `pos` on: literals (keys and the punctuation around them) are
 * compared by the engine's `startsWith` (measured faster here than a JavaScript loop over their characters), values
 * are read where they lie and validated as JSON.parse would. A read that fails says so (false, NaN, undefined) and
 * leaves `pos` where it was.
 */
class InPlaceReader {
  pos = 0;
  /** Product names by a hash of the id text, so that an id read in place is found without making a string of it. */
  private readonly productsByHash = new Map<number, ProductName>();

  /** Whether `literal` lies at `pos`; if so, `pos` moves past it. */
  literal(text: string, literal: string): boolean {
    if (!text.startsWith(literal, this.pos)) return false;
    this.pos += literal.length;
    return true;
  }

  /** Whether the closing brace at `pos` is the frame's last character: no whitespace, nothing after. */
  isLastBrace(text: string): boolean {
    return this.pos === text.length - 1 && text.charCodeAt(this.pos) === 125;
  }

  /**
   * A JSON number without sign or exponent (`0.5881`, `320.0`, `12000`) at `pos`, to the double JSON.parse gives;
   * NaN for any other text. Up to 15 characters, its digits are read as one exact integer and divided once by an
   * exact power of ten (one correctly rounded operation, as `readDecimalIn`); longer texts go to `readDecimalIn`.
   */
  number(text: string): number {
    const start = this.pos;
    let pos = start;
    let mantissa = 0;
    // `| 0`: past the end `charCodeAt` is NaN, which would make every code a double.
    let code = text.charCodeAt(pos) | 0;
    if (code === 48) {
      code = text.charCodeAt(++pos) | 0;
    } else if (code > 48 && code <= 57) {
      do {
        mantissa = mantissa * 10 + (code - 48);
        code = text.charCodeAt(++pos) | 0;
      } while (code >= 48 && code <= 57);
    } else {
      return Number.NaN;
    }
    let dotAt = -1;
    if (code === 46) {
      dotAt = pos;
      code = text.charCodeAt(++pos) | 0;
      if (!(code >= 48 && code <= 57)) return Number.NaN;
      do {
        mantissa = mantissa * 10 + (code - 48);
        code = text.charCodeAt(++pos) | 0;
      } while (code >= 48 && code <= 57);
    }
    // An exponent is JSON, but not read here: the literal after the number fails on it.
    this.pos = pos;
    if (pos - start > 15) return readDecimalIn(text, start, pos);
    return dotAt < 0 ? mantissa : mantissa / POW10[pos - dotAt - 1]!;
  }

  /**
   * A JSON string's text from `pos` to its closing quote (`pos` left on the quote); undefined for an empty text or
   * one with an escape or a control character. A slice, which shares the frame's buffer (as the trade ids Binance's
   * and OKX's patterns capture do): a trade frame is small, and `copyText` would add a fifth to the trade's read.
   */
  text(text: string): string | undefined {
    const start = this.pos;
    const end = this.plainTextEnd(text);
    return end > start ? text.slice(start, end) : undefined;
  }

  /** The product whose id runs from `pos` to its closing quote (`pos` left on the quote), as `text` reads it. */
  product(text: string): ProductName | undefined {
    const start = this.pos;
    let pos = start;
    let hash = 0;
    let code = text.charCodeAt(pos) | 0;
    while (code !== 34) {
      if (code < 32 || code === 92) return undefined;
      hash = (Math.imul(hash, 31) + code) | 0;
      code = text.charCodeAt(++pos) | 0;
    }
    if (pos === start) return undefined;
    this.pos = pos;
    const known = this.productsByHash.get(hash);
    if (known !== undefined && known.id.length === pos - start && text.startsWith(known.id, start))
      return known;
    const name = productNameOf(copyText(text, start, pos));
    if (this.productsByHash.size >= MAX_PRODUCT_NAMES) this.productsByHash.clear();
    this.productsByHash.set(hash, name);
    return name;
  }

  /** The closing quote of the plain JSON string text at `pos` (`pos` moved onto it), or `pos` when there is none. */
  private plainTextEnd(text: string): number {
    const start = this.pos;
    let pos = start;
    let code = text.charCodeAt(pos) | 0;
    while (code !== 34) {
      // A backslash (an escape), a control character, or the end of the text (0).
      if (code < 32 || code === 92) return start;
      code = text.charCodeAt(++pos) | 0;
    }
    this.pos = pos;
    return pos;
  }
}

const reader = new InPlaceReader();
