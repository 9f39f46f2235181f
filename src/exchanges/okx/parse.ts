// Inbound OKX frame → Parsed (pure, never throws on venue input). The text `pong` is answered before JSON; `event`
// frames are acks, errors and notices; `{arg, data}` pushes become events of the instrument's own account.

import {
  type Account,
  type AggTradeEvent,
  type BookEvent,
  type FundingRateEvent,
  formatCanonical,
  type KlineEvent,
  type Level,
  type LiquidationEvent,
  type MarketDataEvent,
  type MarkPriceEvent,
  type OpenInterestEvent,
  type Side,
  type TickerEvent,
  type TradeEvent,
} from "../../core/index.ts";
import { type ParseContext, type Parsed, type ParseOutcome, toParsed } from "../_shared/adapter.ts";
import { recvMsOf, tradeEventAt } from "../_shared/event-base.ts";
import { DECIMAL, INTEGER, PLAIN_TEXT, TIME_MS } from "../_shared/frame-patterns.ts";
import { matchedDecimalRead, readMatchedDecimalAt } from "../_shared/matched-values.ts";
import { FrameScanner, hasTextAt, RECENT_NATIVES, RecentStrings } from "../_shared/scan.ts";
import {
  assignDefined,
  isDigitsBetween,
  isPositiveFinite,
  isRecord,
  isTime,
  parseJson,
  toId,
  toLevels,
  toNumber,
  toOptionalNumber,
} from "../_shared/values.ts";
import { intervalOfBar } from "./subscribe.ts";
import { readOkxInstId } from "./symbols.ts";

type Data = Record<string, unknown>;

/** Error codes worth retrying: 60014 "Requests too frequent", 63999 internal error, 64008 service upgrade. */
const RETRYABLE_CODES: ReadonlySet<string> = new Set(["60014", "63999", "64008"]);
const RETRYABLE_RE = /too frequent|too many|busy|timeout|timed out|try again|upgrade|reconnect/i;

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const FIXED_INTERVAL_MS: Readonly<Record<string, number>> = {
  "1s": SECOND_MS,
  "1m": MINUTE_MS,
  "3m": 3 * MINUTE_MS,
  "5m": 5 * MINUTE_MS,
  "15m": 15 * MINUTE_MS,
  "30m": 30 * MINUTE_MS,
  "1h": HOUR_MS,
  "2h": 2 * HOUR_MS,
  "4h": 4 * HOUR_MS,
  "6h": 6 * HOUR_MS,
  "12h": 12 * HOUR_MS,
  "1d": DAY_MS,
  "2d": 2 * DAY_MS,
  "3d": 3 * DAY_MS,
  "1w": 7 * DAY_MS,
};

export function parseOkxFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  // Book pushes are read in place; trades pushes matched whole in the layout OKX sends, else read in place; any
  // other frame, and any surprise in one, takes the JSON.parse path.
  return (
    scanBooksFrame(frame, context) ??
    matchTradesFrame(frame, context) ??
    scanTradesFrame(frame, context) ??
    parseOkxJson(frame, context)
  );
}

/** The JSON.parse path: every frame `parseOkxFrame` does not read in place (exported to check the two agree). */
export function parseOkxJson(frame: string, context: ParseContext): Parsed {
  let message = parseJson(frame);
  if (message === undefined) {
    // Not JSON as sent: blank, the bare `pong`, or JSON behind padding JSON.parse does not skip (a BOM). Trimming
    // only here keeps `trim` off every data frame.
    const text = frame.trim();
    if (text.length === 0) return { kind: "ignored", reason: "empty frame" };
    // The answer to our text `ping` is the bare text `pong`, not JSON.
    if (text === "pong") return { kind: "pong" };
    message = parseJson(text);
    if (message === undefined) return { kind: "unmatched", topic: "(not json)" };
  }
  if (!isRecord(message)) return { kind: "unmatched", topic: "(not an object)" };
  if (typeof message.event === "string") return parseEvent(message);
  if (isRecord(message.arg) && Array.isArray(message.data)) {
    const channel = typeof message.arg.channel === "string" ? message.arg.channel : "";
    return toParsed(parsePush(channel, message, context));
  }
  return { kind: "unmatched", topic: "(unknown frame)" };
}

interface Place {
  account: Account;
  symbol: string;
}

/** instId → the account and canonical name its text names (null: none). Bounded: cleared when full. */
const OWN_PLACES = new Map<string, Place | null>();
const OWN_PLACES_MAX = 10_000;

/** What `readOkxInstId` makes of an instId, memoized: it splits and runs regexes, and every push names one. */
function ownPlaceOf(instId: string): Place | null {
  let place = OWN_PLACES.get(instId);
  if (place === undefined) {
    const own = readOkxInstId(instId);
    place = own ? { account: own.account, symbol: formatCanonical(own.parts) } : null;
    if (OWN_PLACES.size >= OWN_PLACES_MAX) OWN_PLACES.clear();
    OWN_PLACES.set(instId, place);
  }
  return place;
}

/**
 * Where an instrument's events belong. A live socket carries one account, but recorded sessions mix spot and
 * swaps on one connection: an instId that names another account keeps its own account and canonical name.
 */
export function placeOf(instId: string, context: ParseContext): Place {
  const own = ownPlaceOf(instId);
  if (!own || own.account === context.account)
    return { account: context.account, symbol: context.symbolOf(instId) };
  return { account: own.account, symbol: own.symbol };
}

function malformed(channel: string): ParseOutcome {
  return { kind: "unmatched", topic: `${channel} (malformed)` };
}

// Events are object literals (base fields first, then their own, then each optional field that holds a value),
// not a spread base plus `assignDefined`: on small pushes those two were a tenth of the decode time.

function sideOf(value: unknown): Side | undefined {
  return value === "buy" ? "buy" : value === "sell" ? "sell" : undefined;
}

function instIdOf(item: Data, arg: Data): string {
  return rowInstIdOf(item, argInstIdOf(arg));
}

/** The row's own instId, else `fallback` (the push's, or the instrument a REST page was asked for). */
function rowInstIdOf(item: Data, fallback: string): string {
  return typeof item.instId === "string" && item.instId.length > 0 ? item.instId : fallback;
}

function argInstIdOf(arg: Data): string {
  return typeof arg.instId === "string" ? arg.instId : "";
}

function parseEvent(message: Data): Parsed {
  const event = message.event as string;
  const arg = isRecord(message.arg) ? message.arg : undefined;
  const what = arg
    ? [arg.channel, arg.instId ?? arg.instType ?? arg.instFamily].filter(Boolean).join(" ")
    : "";
  const code = toId(message.code);
  const text = typeof message.msg === "string" ? message.msg : "";
  switch (event) {
    case "subscribe":
    case "unsubscribe":
    case "login":
      return { kind: "ack", note: `${event} ${what}`.trim() };
    case "notice":
      // 64008: "The connection will soon be closed for a service upgrade. Please reconnect."
      return {
        kind: "venue-error",
        message: `code ${code || "?"}: ${text || "notice"}`,
        retryable: true,
        reconnect: true,
      };
    case "error":
    case "channel-conn-count-error":
      return {
        kind: "venue-error",
        message: `code ${code || "?"}: ${text || event}${toId(message.id) ? ` (request ${toId(message.id)})` : ""}`,
        retryable: RETRYABLE_CODES.has(code) || RETRYABLE_RE.test(text),
      };
    default:
      return { kind: "ignored", reason: `event ${event}` };
  }
}

function parsePush(channel: string, message: Data, context: ParseContext): ParseOutcome {
  const arg = message.arg as Data;
  const items = message.data as unknown[];
  if (isBookChannel(channel)) return parseBooks(channel, message, context);
  switch (channel) {
    case "trades-all":
      return collect(channel, items, arg, context, parseTrade);
    case "option-trades":
      return parseOptionTrades(items, arg, context);
    case "trades":
      return collect(channel, items, arg, context, parseAggTrade);
    case "tickers":
      return collect(channel, items, arg, context, parseTicker);
    case "mark-price":
      return collect(channel, items, arg, context, parseMarkPrice);
    case "funding-rate":
      return parseFunding(items, arg, context);
    case "open-interest":
      return collect(channel, items, arg, context, parseOpenInterest);
    case "liquidation-orders":
      return parseLiquidations(items, arg, context);
    default:
      if (channel.startsWith("candle")) return parseCandles(channel, items, arg, context);
      // books5, bbo-tbt, index-tickers, price-limit, opt-summary, mark-price-candle…: channels dig3 does not use.
      return { kind: "unmatched", topic: channel || "(no channel)" };
  }
}

/** Runs a per-row parser over `data`; any malformed row makes the frame malformed (nothing half-parsed). */
function collect(
  channel: string,
  items: readonly unknown[],
  arg: Data,
  context: ParseContext,
  parseItem: (item: Data, arg: Data, context: ParseContext) => MarketDataEvent | undefined,
): ParseOutcome {
  const events: MarketDataEvent[] = [];
  for (const item of items) {
    if (!isRecord(item)) return malformed(channel);
    const parsed = parseItem(item, arg, context);
    if (parsed === undefined) return malformed(channel);
    events.push(parsed);
  }
  if (events.length === 0) return { kind: "ignored", reason: `${channel}: empty data` };
  return events;
}

function parseBooks(channel: string, message: Data, context: ParseContext): ParseOutcome {
  const arg = message.arg as Data;
  const action = message.action;
  if (action !== "snapshot" && action !== "update") return malformed(channel);
  return collect(channel, message.data as unknown[], arg, context, (item, itemArg, itemContext) =>
    bookOf(item, itemArg, action, itemContext),
  );
}

function bookOf(
  item: Data,
  arg: Data,
  action: "snapshot" | "update",
  context: ParseContext,
): BookEvent | undefined {
  const instId = instIdOf(item, arg);
  const tsMs = toNumber(item.ts);
  if (!instId || !isTime(tsMs) || !Array.isArray(item.bids) || !Array.isArray(item.asks)) return undefined;
  // The venue's text is kept: the checksum is computed over the strings as sent.
  const book: BookFields = {
    instId,
    tsMs,
    bids: toLevels(item.bids, true),
    asks: toLevels(item.asks, true),
    seqId: toOptionalNumber(item.seqId),
    prevSeqId: toOptionalNumber(item.prevSeqId),
    checksum: toOptionalNumber(item.checksum),
  };
  return bookEventOf(book, action, context);
}

/** One book push's fields as read, by JSON.parse or in place. */
interface BookFields {
  instId: string;
  tsMs: number;
  bids: Level[];
  asks: Level[];
  seqId: number | undefined;
  prevSeqId: number | undefined;
  checksum: number | undefined;
}

function bookEventOf(book: BookFields, action: "snapshot" | "update", context: ParseContext): BookEvent {
  const { account, symbol } = placeOf(book.instId, context);
  const event: BookEvent = {
    kind: "book",
    exchange: context.exchange,
    account,
    symbol,
    tsMs: book.tsMs,
    recvTsUs: context.recvTsUs,
    type: action === "snapshot" ? "snapshot" : "delta",
    bids: book.bids,
    asks: book.asks,
  };
  const { seq, prevSeq } = sequenceOf(book.instId, action, book.seqId, book.prevSeqId, context);
  if (seq !== undefined) event.seq = seq;
  if (prevSeq !== undefined) event.prevSeq = prevSeq;
  if (book.checksum !== undefined) event.checksum = book.checksum;
  return event;
}

/**
 * `seqId` / `prevSeqId` of a book push, kept increasing across a venue reset. "The sequence number may be reset
 * due to maintenance, and in this case, users will receive an incremental message with seqId smaller than
 * prevSeqId. However, subsequent messages will follow the regular sequencing rule." Raw numbers would make every
 * later update look older than the book (and be dropped as stale), so from a reset until the next snapshot of the
 * instrument on this connection the numbers are shifted by the drop; the checksum still vouches for each update.
 */
function sequenceOf(
  instId: string,
  action: "snapshot" | "update",
  seq: number | undefined,
  prevSeq: number | undefined,
  context: ParseContext,
): { seq?: number; prevSeq?: number } {
  const key = `books-seq-shift|${instId}`;
  if (action === "snapshot") {
    context.session.delete(key);
    // A snapshot's prevSeqId is always -1: nothing to chain to.
    return { seq };
  }
  if (seq === undefined || prevSeq === undefined || prevSeq < 0) return { seq, prevSeq: undefined };
  let shift = (context.session.get(key) as number | undefined) ?? 0;
  const shiftedPrev = prevSeq + shift;
  if (seq < prevSeq) {
    shift = shiftedPrev - seq;
    context.session.set(key, shift);
  }
  return { seq: seq + shift, prevSeq: shiftedPrev };
}

const scanner = new FrameScanner();

/** How every book push the scanner reads begins, and where in it the channel's string opens. */
const BOOKS_FRAME_START = '{"arg":{"channel":"books';
const CHANNEL_QUOTE_AT = BOOKS_FRAME_START.lastIndexOf('"');

/**
 * `{"arg":{"channel":"books…","instId":…},"action":…,"data":[{asks, bids, ts, checksum, seqId, prevSeqId}…]}` read
 * in place, to the events `parseBooks` builds: levels are most of a push, and reading them where they lie takes a
 * fraction of JSON.parse and `toLevels`. Anything unexpected (an `event` frame, another channel, a malformed row)
 * returns undefined, and the frame takes the JSON.parse path, which judges it.
 */
export function scanBooksFrame(frame: string, context: ParseContext): Parsed | undefined {
  // A first look at the channel keeps the scanner off other channels' pushes; what it matched is not read again: the
  // scanner starts at the channel's opening quote. The channel's first letter turns trade and ticker pushes away
  // before the rest of the prefix is compared.
  if (frame.charCodeAt(CHANNEL_QUOTE_AT + 1) !== 98 || !hasTextAt(frame, 0, BOOKS_FRAME_START))
    return undefined;
  const s = scanner;
  s.reset(frame);
  s.pos = CHANNEL_QUOTE_AT;
  const arg = scanArgRest(s, s.string());
  if (!s.ok || !isBookChannel(arg.channel)) return undefined;
  const argInstId = arg.instId;
  let action = "";
  let books: BookFields[] | undefined;
  while (s.nextMember()) {
    const length = s.key();
    if (length === 6 && s.isKey("action")) action = s.string();
    else if (length === 4 && s.isKey("data")) books = scanBooks(s, argInstId);
    else return undefined;
  }
  if (!s.isAtEnd() || books === undefined || books.length === 0) return undefined;
  if (action !== "snapshot" && action !== "update") return undefined;
  const events: MarketDataEvent[] = [];
  for (const book of books) events.push(bookEventOf(book, action, context));
  return { kind: "events", events };
}

/**
 * The rest of a push's `arg` object, the scanner past its first `channel` value: the channel as last sent (JSON.parse
 * keeps the last of a repeated key) and the instId ("" where none).
 */
function scanArgRest(s: FrameScanner, firstChannel: string): { channel: string; instId: string } {
  let channel = firstChannel;
  let instId = "";
  while (s.nextMember()) {
    const length = s.key();
    if (length === 7 && s.isKey("channel")) channel = s.string();
    else if (length === 6 && s.isKey("instId")) instId = s.string();
    else s.skipValue();
  }
  return { channel, instId };
}

/**
 * A `trades` push of one row, `{"arg":{"channel":"trades","instId":…},"data":[{[instId], tradeId, px, sz, side, ts,
 * [count], [source], [seqId]}]}`, whole. It captures nothing: groups cost an array, a string each and a `Number` of
 * each; `matchTradesFrame` then walks to each value where the layout puts it. A count of at most 15 digits is a finite
 * number, as the JSON.parse path's `toOptionalNumber` needs to take it.
 */
const ONE_TRADE_PUSH = new RegExp(
  String.raw`^\{"arg":\{"channel":"trades","instId":"${PLAIN_TEXT}"\},"data":\[\{(?:"instId":"${PLAIN_TEXT}",)?"tradeId":"${PLAIN_TEXT}","px":"${DECIMAL}","sz":"${DECIMAL}","side":"(?:buy|sell)","ts":"${TIME_MS}"(?:,"count":"\d{1,15}")?(?:,"source":"\d+")?(?:,"seqId":${INTEGER})?\}\]\}$`,
);

// The literals of a matched one-row push before and between the values the walk reads, by length.
const ARG_INST_ID_AT = '{"arg":{"channel":"trades","instId":"'.length;
const ARG_TO_ROW = '"},"data":[{'.length;
const ROW_INST_ID_KEY = '"instId":"'.length;
const TRADE_ID_KEY = '"tradeId":"'.length;
const PRICE_AFTER_ID = '","px":"'.length;
const SIZE_AFTER_PRICE = '","sz":"'.length;
const SIDE_AFTER_SIZE = '","side":"'.length;
const TIME_AFTER_SIDE = '","ts":"'.length;
const COUNT_KEY = ',"count":"'.length;
const LOWER_B = 98;
const LOWER_C = 99;
const LOWER_I = 105;

/** The instIds one-row pushes named lately, handed out again for an equal one: the maps `placeOf` uses keep its hash. */
const tradesInstIds = new RecentStrings(RECENT_NATIVES);

/**
 * A `trades` push of one row (every recorded push is) in the exact layout OKX sends, matched whole by one pattern
 * and walked to its values, to the event `parseAggTrade` builds: the pattern runs natively and builds no tree, and the
 * walk reads each number where it lies. Any other push (several rows, another key order, a number sent as a number, a
 * row `parseAggTrade` would not take) returns undefined and goes on to `scanTradesFrame`.
 */
export function matchTradesFrame(frame: string, context: ParseContext): Parsed | undefined {
  if (!ONE_TRADE_PUSH.test(frame)) return undefined;
  // The pattern held: strings hold no quote, so each text ends at the next one.
  const argInstIdEnd = frame.indexOf('"', ARG_INST_ID_AT);
  let pos = argInstIdEnd + ARG_TO_ROW;
  let instIdAt = ARG_INST_ID_AT;
  let instIdEnd = argInstIdEnd;
  // `"instId"` or `"tradeId"`: the row's own instId, where sent, names the instrument.
  if (frame.charCodeAt(pos + 1) === LOWER_I) {
    instIdAt = pos + ROW_INST_ID_KEY;
    instIdEnd = frame.indexOf('"', instIdAt);
    pos = instIdEnd + 2;
  }
  const tradeIdAt = pos + TRADE_ID_KEY;
  const tradeIdEnd = frame.indexOf('"', tradeIdAt);
  const price = readMatchedDecimalAt(frame, tradeIdEnd + PRICE_AFTER_ID);
  const size = readMatchedDecimalAt(frame, matchedDecimalRead.end + SIZE_AFTER_PRICE);
  if (!isPositiveFinite(price) || !isPositiveFinite(size)) return undefined;
  const sideAt = matchedDecimalRead.end + SIDE_AFTER_SIZE;
  // `b…`: buy, else sell (the pattern admits no other side).
  const side: Side = frame.charCodeAt(sideAt) === LOWER_B ? "buy" : "sell";
  const tsMs = readMatchedDecimalAt(frame, sideAt + side.length + TIME_AFTER_SIDE);
  // Past the time's closing quote: `,"count":"…"` where sent.
  pos = matchedDecimalRead.end + 1;
  const count = frame.charCodeAt(pos + 2) === LOWER_C ? readMatchedDecimalAt(frame, pos + COUNT_KEY) : 1;
  const instId = tradesInstIds.at(frame, instIdAt, instIdEnd);
  const tradeId = frame.slice(tradeIdAt, tradeIdEnd);
  return { kind: "events", events: [aggTradeAt(instId, price, size, tsMs, tradeId, side, count, context)] };
}

/** How every `trades` push the scanner reads begins (the channel's closing quote included). */
const TRADES_FRAME_START = '{"arg":{"channel":"trades"';

/**
 * `{"arg":{"channel":"trades","instId":…},"data":[{instId, tradeId, px, sz, side, ts, count}…]}` read in place, to
 * the events `parseAggTrade` builds: a push is small, and JSON.parse's objects cost more than the reading (measured:
 * a third of the decode time). Anything unexpected, a row `parseAggTrade` would call malformed included, returns
 * undefined, and the frame takes the JSON.parse path, which judges it.
 */
export function scanTradesFrame(frame: string, context: ParseContext): Parsed | undefined {
  if (!hasTextAt(frame, 0, TRADES_FRAME_START)) return undefined;
  const s = scanner;
  s.reset(frame);
  s.pos = TRADES_FRAME_START.length;
  const arg = scanArgRest(s, "trades");
  if (!s.ok || arg.channel !== "trades" || !s.nextMember() || s.key() !== 4 || !s.isKey("data"))
    return undefined;
  const argInstId = arg.instId;
  if (!s.openArray()) return undefined;
  const events: MarketDataEvent[] = [];
  do {
    if (!s.openObject()) return undefined;
    let instId = "";
    let price = Number.NaN;
    let size = Number.NaN;
    let tsMs = Number.NaN;
    let tradeId = "";
    let side: Side | undefined;
    let count = 1;
    do {
      const length = s.key();
      if (length === 2) {
        if (s.isKey("px")) price = s.numeric();
        else if (s.isKey("sz")) size = s.numeric();
        else if (s.isKey("ts")) tsMs = s.numeric();
        else s.skipValue();
      } else if (length === 4 && s.isKey("side")) {
        side = s.stringRange() ? sideAt(frame, s.valueStart, s.valueEnd) : undefined;
      } else if (length === 7 && s.isKey("tradeId")) {
        tradeId = s.id();
      } else if (length === 6 && s.isKey("instId")) {
        instId = s.string();
      } else if (length === 5 && s.isKey("count")) {
        const value = s.numeric();
        count = Number.isFinite(value) ? value : 1;
      } else {
        s.skipValue();
      }
    } while (s.nextMember());
    const fields = checkTradeFields(instId || argInstId, price, size, tsMs, tradeId, side);
    if (!s.ok || !fields) return undefined;
    events.push(aggTradeOf(fields, count, context));
  } while (s.nextItem());
  // `data` is the last member: `}`, then the end of the text.
  if (s.nextMember() || !s.isAtEnd() || events.length === 0) return undefined;
  return { kind: "events", events };
}

/** The side a `"buy"` or `"sell"` at [start, end) names; undefined for any other text. */
function sideAt(text: string, start: number, end: number): Side | undefined {
  if (end - start === 3 && hasTextAt(text, start, "buy")) return "buy";
  if (end - start === 4 && hasTextAt(text, start, "sell")) return "sell";
  return undefined;
}

/** The incremental book channels: 400 levels (`books`), tick by tick (`books-l2-tbt`), 50 levels tick by tick. */
function isBookChannel(channel: string): boolean {
  return channel === "books" || channel === "books-l2-tbt" || channel === "books50-l2-tbt";
}

/** The `data` rows of a book push; undefined when one is not what `bookOf` reads. */
function scanBooks(s: FrameScanner, argInstId: string): BookFields[] | undefined {
  const books: BookFields[] = [];
  if (!s.openArray()) return undefined;
  do {
    if (!s.openObject()) return undefined;
    let instId = "";
    let tsMs = Number.NaN;
    let bids: Level[] | undefined;
    let asks: Level[] | undefined;
    let seqId = Number.NaN;
    let prevSeqId = Number.NaN;
    let checksum = Number.NaN;
    do {
      const length = s.key();
      if (length === 4 && s.isKey("asks")) asks = s.levels(true);
      else if (length === 4 && s.isKey("bids")) bids = s.levels(true);
      else if (length === 2 && s.isKey("ts")) tsMs = s.numeric();
      else if (length === 8 && s.isKey("checksum")) checksum = s.numeric();
      else if (length === 5 && s.isKey("seqId")) seqId = s.numeric();
      else if (length === 9 && s.isKey("prevSeqId")) prevSeqId = s.numeric();
      else if (length === 6 && s.isKey("instId")) instId = s.string();
      else s.skipValue();
    } while (s.nextMember());
    const id = instId || argInstId;
    if (!s.ok || !id || !isTime(tsMs) || bids === undefined || asks === undefined) return undefined;
    books.push({
      instId: id,
      tsMs,
      bids,
      asks,
      seqId: Number.isFinite(seqId) ? seqId : undefined,
      prevSeqId: Number.isFinite(prevSeqId) ? prevSeqId : undefined,
      checksum: Number.isFinite(checksum) ? checksum : undefined,
    });
  } while (s.nextItem());
  return s.ok ? books : undefined;
}

interface TradeFields {
  instId: string;
  price: number;
  size: number;
  tsMs: number;
  tradeId: string;
  side: Side;
}

/** A trade row's fields (socket push or REST page); `fallbackInstId` where the row names none. */
function tradeFields(item: Data, fallbackInstId: string): TradeFields | undefined {
  return checkTradeFields(
    rowInstIdOf(item, fallbackInstId),
    toNumber(item.px),
    toNumber(item.sz),
    toNumber(item.ts),
    toId(item.tradeId),
    sideOf(item.side),
  );
}

/** The fields of a trade row that is whole (the JSON.parse path's rows and the scanner's alike); else undefined. */
function checkTradeFields(
  instId: string,
  price: number,
  size: number,
  tsMs: number,
  tradeId: string,
  side: Side | undefined,
): TradeFields | undefined {
  if (!instId || !(price > 0) || !(size > 0) || !isTime(tsMs) || !tradeId || !side) return undefined;
  return { instId, price, size, tsMs, tradeId, side };
}

/** A trade row of a socket push or a REST page as a TradeEvent; undefined when the row is malformed. */
export function tradeOfRow(
  item: Data,
  fallbackInstId: string,
  context: ParseContext,
): TradeEvent | undefined {
  const fields = tradeFields(item, fallbackInstId);
  if (!fields) return undefined;
  const { instId, price, size, tsMs, tradeId, side } = fields;
  const { account, symbol } = placeOf(instId, context);
  return tradeEventAt(context, account, symbol, tsMs, price, size, side, tradeId);
}

function parseTrade(item: Data, arg: Data, context: ParseContext): TradeEvent | undefined {
  return tradeOfRow(item, argInstIdOf(arg), context);
}

/** "The first data you receive after subscribing may be cached from the previous trade, so please ignore it." */
function parseOptionTrades(items: readonly unknown[], arg: Data, context: ParseContext): ParseOutcome {
  const fresh: unknown[] = [];
  for (const item of items) {
    const key = `option-trades|${isRecord(item) ? instIdOf(item, arg) : ""}`;
    if (context.session.has(key)) fresh.push(item);
    else context.session.set(key, true);
  }
  if (fresh.length === 0) return { kind: "ignored", reason: "option-trades: first push after subscribing" };
  return collect("option-trades", fresh, arg, context, parseTrade);
}

function parseAggTrade(item: Data, arg: Data, context: ParseContext): AggTradeEvent | undefined {
  const fields = tradeFields(item, argInstIdOf(arg));
  return fields && aggTradeOf(fields, toOptionalNumber(item.count) ?? 1, context);
}

/** The event of one `trades` row: `count` trades aggregated at one price, the last of them `tradeId`. */
function aggTradeOf(fields: TradeFields, count: number, context: ParseContext): AggTradeEvent {
  const { instId, price, size, tsMs, tradeId, side } = fields;
  return aggTradeAt(instId, price, size, tsMs, tradeId, side, count, context);
}

/** `aggTradeOf` of the values a reader holds, with no fields object between. */
function aggTradeAt(
  instId: string,
  price: number,
  size: number,
  tsMs: number,
  tradeId: string,
  side: Side,
  count: number,
  context: ParseContext,
): AggTradeEvent {
  const { account, symbol } = placeOf(instId, context);
  const event: AggTradeEvent = {
    kind: "agg_trade",
    exchange: context.exchange,
    account,
    symbol,
    tsMs,
    recvTsUs: context.recvTsUs,
    price,
    size,
    side,
    aggId: tradeId,
  };
  // `tradeId` is the last trade of the aggregate; `count` trades end there (no `count` before 2023: one trade).
  const firstTradeId = firstTradeIdOf(tradeId, count);
  if (firstTradeId !== undefined) event.firstTradeId = firstTradeId;
  event.lastTradeId = tradeId;
  return event;
}

/** The first trade id of an aggregate of `count` ending at `lastId`, where the id is decimal digits. */
function firstTradeIdOf(lastId: string, count: number): string | undefined {
  if (!Number.isInteger(count) || count < 1 || !isDigitsBetween(lastId, 0, lastId.length)) return undefined;
  // One trade (every push before 2023): the id itself, unless leading zeros would be dropped by the arithmetic.
  if (count === 1 && (lastId.length === 1 || lastId.charCodeAt(0) !== 48)) return lastId;
  // Up to 15 digits (and a count as small) the difference is an exact double: no BigInt on every trade push.
  if (lastId.length <= 15 && count <= 1e15) return String(Number(lastId) - (count - 1));
  return String(BigInt(lastId) - BigInt(count - 1));
}

/** Spot volumes are base (vol) and quote (volCcy); derivatives count contracts in vol and base coins in volCcy. */
function isSpotAccount(account: Account): boolean {
  return account === "spot";
}

function parseTicker(item: Data, arg: Data, context: ParseContext): TickerEvent | undefined {
  const instId = instIdOf(item, arg);
  const tsMs = toNumber(item.ts);
  const last = toNumber(item.last);
  if (!instId || !isTime(tsMs) || !Number.isFinite(last)) return undefined;
  return tickerOf(instId, tsMs, last, item, context);
}

/** The ticker event of a ticker row (socket push or REST body) whose instrument, time and last price are read. */
export function tickerOf(
  instId: string,
  tsMs: number,
  last: number,
  item: Data,
  context: ParseContext,
): TickerEvent {
  const { account, symbol } = placeOf(instId, context);
  const event: TickerEvent = {
    kind: "ticker",
    exchange: context.exchange,
    account,
    symbol,
    tsMs,
    recvTsUs: context.recvTsUs,
    last,
  };
  return assignTickerValues(event, item, isSpotAccount(account), last);
}

/** Sets the optional ticker fields that hold a value (in this order). */
function assignTickerValues(event: TickerEvent, item: Data, isSpot: boolean, last: number): TickerEvent {
  const bid = toOptionalNumber(item.bidPx);
  if (bid !== undefined) event.bid = bid;
  const bidSize = toOptionalNumber(item.bidSz);
  if (bidSize !== undefined) event.bidSize = bidSize;
  const ask = toOptionalNumber(item.askPx);
  if (ask !== undefined) event.ask = ask;
  const askSize = toOptionalNumber(item.askSz);
  if (askSize !== undefined) event.askSize = askSize;
  const high24h = toOptionalNumber(item.high24h);
  if (high24h !== undefined) event.high24h = high24h;
  const low24h = toOptionalNumber(item.low24h);
  if (low24h !== undefined) event.low24h = low24h;
  const volume24h = toOptionalNumber(isSpot ? item.vol24h : item.volCcy24h);
  if (volume24h !== undefined) event.volume24h = volume24h;
  const quoteVolume24h = isSpot ? toOptionalNumber(item.volCcy24h) : undefined;
  if (quoteVolume24h !== undefined) event.quoteVolume24h = quoteVolume24h;
  const open24h = toOptionalNumber(item.open24h);
  if (open24h !== undefined && open24h > 0) event.changePct24h = ((last - open24h) / open24h) * 100;
  return event;
}

function parseMarkPrice(item: Data, arg: Data, context: ParseContext): MarkPriceEvent | undefined {
  const instId = instIdOf(item, arg);
  const tsMs = toNumber(item.ts);
  const markPrice = toNumber(item.markPx);
  if (!instId || !isTime(tsMs) || !Number.isFinite(markPrice)) return undefined;
  const { account, symbol } = placeOf(instId, context);
  return {
    kind: "mark_price",
    exchange: context.exchange,
    account,
    symbol,
    tsMs,
    recvTsUs: context.recvTsUs,
    markPrice,
  };
}

function parseFunding(items: readonly unknown[], arg: Data, context: ParseContext): ParseOutcome {
  const events: MarketDataEvent[] = [];
  for (const item of items) {
    if (!isRecord(item)) return malformed("funding-rate");
    const instId = instIdOf(item, arg);
    if (!instId) return malformed("funding-rate");
    const rate = toOptionalNumber(item.fundingRate);
    // Some 2021 frames carried only the next period's predicted rate: no current rate to report.
    if (rate === undefined) continue;
    const sentMs = toNumber(item.ts);
    const { account, symbol } = placeOf(instId, context);
    const event: FundingRateEvent = {
      kind: "funding_rate",
      exchange: context.exchange,
      account,
      symbol,
      tsMs: isTime(sentMs) ? sentMs : recvMsOf(context),
      recvTsUs: context.recvTsUs,
      rate,
    };
    const settlesAtMs = toNumber(item.fundingTime);
    if (isTime(settlesAtMs)) event.nextFundingTsMs = settlesAtMs;
    events.push(event);
  }
  if (events.length === 0) return { kind: "ignored", reason: "funding-rate: no current fundingRate" };
  return events;
}

function parseOpenInterest(item: Data, arg: Data, context: ParseContext): OpenInterestEvent | undefined {
  return openInterestOfRow(item, argInstIdOf(arg), context);
}

/** An open-interest row (socket push or REST body) as an event; `fallbackInstId` where the row names none. */
export function openInterestOfRow(
  item: Data,
  fallbackInstId: string,
  context: ParseContext,
): OpenInterestEvent | undefined {
  const instId = rowInstIdOf(item, fallbackInstId);
  const tsMs = toNumber(item.ts);
  // `oiCcy` is in coins (the base) on every contract type, so linear, inverse and options compare; `oi` counts
  // contracts of different sizes.
  const openInterest = toOptionalNumber(item.oiCcy) ?? toOptionalNumber(item.oi);
  if (!instId || !isTime(tsMs) || openInterest === undefined) return undefined;
  const { account, symbol } = placeOf(instId, context);
  const event: OpenInterestEvent = {
    kind: "open_interest",
    exchange: context.exchange,
    account,
    symbol,
    tsMs,
    recvTsUs: context.recvTsUs,
    openInterest,
  };
  const openInterestValue = toOptionalNumber(item.oiUsd);
  if (openInterestValue !== undefined) event.openInterestValue = openInterestValue;
  return event;
}

function parseLiquidations(items: readonly unknown[], arg: Data, context: ParseContext): ParseOutcome {
  const events: MarketDataEvent[] = [];
  for (const item of items) {
    if (!isRecord(item) || !Array.isArray(item.details)) return malformed("liquidation-orders");
    const instId = instIdOf(item, arg);
    if (!instId) return malformed("liquidation-orders");
    for (const detail of item.details) {
      if (!isRecord(detail)) return malformed("liquidation-orders");
      const side = sideOf(detail.side);
      const price = toNumber(detail.bkPx);
      const size = toNumber(detail.sz);
      const tsMs = toNumber(detail.ts);
      // MARGIN and OPTION rows carry neither side nor bankruptcy price: nothing a liquidation event can say.
      if (!side || !(price > 0)) continue;
      if (!(size > 0) || !isTime(tsMs)) return malformed("liquidation-orders");
      const { account, symbol } = placeOf(instId, context);
      const event: LiquidationEvent = {
        kind: "liquidation",
        exchange: context.exchange,
        account,
        symbol,
        tsMs,
        recvTsUs: context.recvTsUs,
        side,
        price,
        size,
      };
      events.push(event);
    }
  }
  if (events.length === 0) return { kind: "ignored", reason: "liquidation-orders: no priced futures rows" };
  return events;
}

/** The open time of the bar after one opening at `openMs` (calendar months for `1M`/`3M`). */
export function nextBarOpenMs(interval: string, openMs: number): number | undefined {
  const fixedMs = FIXED_INTERVAL_MS[interval];
  if (fixedMs !== undefined) return openMs + fixedMs;
  const months = interval === "1M" ? 1 : interval === "3M" ? 3 : 0;
  if (months === 0) return undefined;
  const date = new Date(openMs);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, date.getUTCDate());
}

/** `[ts,o,h,l,c,vol,volCcy,volCcyQuote,confirm]` → KlineEvent; undefined when the row is unusable. */
export function klineOfRow(
  row: unknown,
  instId: string,
  interval: string,
  tsMs: number | undefined,
  context: ParseContext,
): KlineEvent | undefined {
  if (!Array.isArray(row) || row.length < 6) return undefined;
  const openTimeMs = toNumber(row[0]);
  const values = [toNumber(row[1]), toNumber(row[2]), toNumber(row[3]), toNumber(row[4])] as const;
  if (!isTime(openTimeMs) || !values.every(Number.isFinite)) return undefined;
  const { account, symbol } = placeOf(instId, context);
  const isSpot = isSpotAccount(account);
  // Base-unit volume: spot `vol`; derivatives `volCcy` (their `vol` counts contracts).
  const volume = toNumber(isSpot ? row[5] : row[6]);
  if (!Number.isFinite(volume)) return undefined;
  const [open, high, low, close] = values;
  const nextOpenMs = nextBarOpenMs(interval, openTimeMs);
  const closed = row[8] === "1";
  const event: KlineEvent = {
    kind: "kline",
    exchange: context.exchange,
    account,
    symbol,
    tsMs: tsMs ?? (closed && nextOpenMs !== undefined ? nextOpenMs - 1 : recvMsOf(context)),
    recvTsUs: context.recvTsUs,
    interval,
    openTimeMs,
    open,
    high,
    low,
    close,
    volume,
    closed,
  };
  return assignDefined(event, {
    closeTimeMs: nextOpenMs === undefined ? undefined : nextOpenMs - 1,
    quoteVolume: toOptionalNumber(row[7]) ?? (isSpot ? toOptionalNumber(row[6]) : undefined),
  });
}

function parseCandles(
  channel: string,
  items: readonly unknown[],
  arg: Data,
  context: ParseContext,
): ParseOutcome {
  const interval = intervalOfBar(channel.slice("candle".length));
  if (!interval) return { kind: "unmatched", topic: channel };
  const instId = typeof arg.instId === "string" ? arg.instId : "";
  if (!instId) return malformed(channel);
  const events: MarketDataEvent[] = [];
  for (const row of items) {
    // Candle pushes carry no send time: the receive time stands in.
    const kline = klineOfRow(row, instId, interval, recvMsOf(context), context);
    if (!kline) return malformed(channel);
    events.push(kline);
  }
  if (events.length === 0) return { kind: "ignored", reason: `${channel}: empty data` };
  return events;
}
