// Inbound Gate.io frame → Parsed (pure, never throws on venue input). Request replies become acks or venue errors,
// `*.pong` a pong, `*.system` upgrade notices a reconnect request; data pushes of the spot and futures channels
// become events, a futures ticker fanning out into ticker, mark price, funding rate and open interest.

import {
  type Account,
  type BookEvent,
  type EventBase,
  type FundingRateEvent,
  formatCanonical,
  INTERVAL_MS,
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
import { DECIMAL, INTEGER, PLAIN_TEXT, SHORT_INTEGER } from "../_shared/frame-patterns.ts";
import { FrameScanner, hasTextAt, RECENT_NATIVES, RecentStrings } from "../_shared/scan.ts";
import {
  assignDefined,
  isPositiveFinite,
  isRecord,
  parseJson,
  toId,
  toLevels,
  toNumber,
  toOptionalNumber,
} from "../_shared/values.ts";
import { fromGateNative, futuresAccountOfNative } from "./symbols.ts";

type Data = Record<string, unknown>;

/** Code 3 is "server side error"; the others (bad request, bad argument, auth) will fail again. */
const RETRYABLE_CODES: ReadonlySet<number> = new Set([3]);
const RETRYABLE_RE = /too many|too frequent|rate limit|timeout|timed out|try again|busy|unavailable|upgrade/i;

export function parseGateFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  // Trades are matched whole and book updates read in place; any other frame, and any surprise in one, takes the
  // JSON.parse path.
  return readHotFrame(frame, context) ?? parseGateJson(frame, context);
}

/** The JSON.parse path: every frame `parseGateFrame` does not read in place (exported to check the two agree). */
export function parseGateJson(frame: string, context: ParseContext): Parsed {
  const message = parseJson(frame);
  if (message === undefined) {
    // A blank frame is no JSON either: checking for one only here keeps `trim` off every data frame.
    if (frame.trim().length === 0) return { kind: "ignored", reason: "empty frame" };
    return { kind: "unmatched", topic: "(not json)" };
  }
  if (!isRecord(message)) return { kind: "unmatched", topic: "(not an object)" };
  if (typeof message.channel !== "string" || message.channel.length === 0) {
    return isRecord(message.error)
      ? venueErrorOf(message, "")
      : { kind: "unmatched", topic: "(unknown frame)" };
  }
  const channel = message.channel;
  const event = typeof message.event === "string" ? message.event : "";
  if (channel.endsWith(".pong")) return { kind: "pong" };
  if (isRecord(message.error)) return venueErrorOf(message, channel);
  if (event === "subscribe" || event === "unsubscribe") return replyOf(message, channel, event);
  if (channel.endsWith(".system")) return systemNoticeOf(message.result);
  if (event !== "update" && event !== "all")
    return { kind: "ignored", reason: `${channel} event '${event}'` };
  return toParsed(parsePush(channel, message, context));
}

/** A contract's own futures account and its canonical symbol there, from its name alone. */
interface ContractPlace {
  account: "linear" | "inverse";
  symbol: string;
}

/** Contract names seen, with their place (null: no `BASE_QUOTE` name); cleared when full. */
const contractPlaces = new Map<string, ContractPlace | null>();
const CONTRACT_PLACES_MAX = 4_096;

/** The last name looked up, and its place: a push's rows, and a socket's next push, mostly name one contract. */
let lastContract = "";
let lastContractPlace: ContractPlace | null = null;

/** The place `native`'s name implies, read once per name: the regex and upper-casing cost a seventh of a trade. */
function contractPlaceOf(native: string): ContractPlace | null {
  if (native === lastContract) return lastContractPlace;
  let place = contractPlaces.get(native);
  if (place === undefined) {
    const own = futuresAccountOfNative(native);
    const parts = own ? fromGateNative(native, own) : undefined;
    place = own && parts ? { account: own, symbol: formatCanonical(parts) } : null;
    if (contractPlaces.size >= CONTRACT_PLACES_MAX) contractPlaces.clear();
    contractPlaces.set(native, place);
  }
  lastContract = native;
  lastContractPlace = place;
  return place;
}

/**
 * A live socket carries one settle currency, but recorded sessions mix USDT- and BTC-settled contracts on one
 * connection: the place of a contract of the other futures account than the socket's, else undefined.
 */
function foreignPlaceOf(native: string, context: ParseContext): ContractPlace | undefined {
  if (context.account !== "linear" && context.account !== "inverse") return undefined;
  const place = contractPlaceOf(native);
  return place !== null && place.account !== context.account ? place : undefined;
}

/** Where a native's events belong: the context's account, or a contract's own (`foreignPlaceOf`). */
export function placeOf(native: string, context: ParseContext): { account: Account; symbol: string } {
  const foreign = foreignPlaceOf(native, context);
  if (foreign === undefined) return { account: context.account, symbol: context.symbolOf(native) };
  return { account: foreign.account, symbol: foreign.symbol };
}

/** Milliseconds of a Gate time that may be seconds (`1541486601`) or milliseconds (`1541486601123`). */
export function msOfGateTime(value: unknown): number | undefined {
  const n = toNumber(value);
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return n < 1e12 ? Math.round(n * 1000) : Math.floor(n);
}

/** The push's own time: `time_ms`, else `time` in seconds. */
function frameTimeMs(message: Data): number | undefined {
  return msOfGateTime(message.time_ms) ?? msOfGateTime(message.time);
}

function malformed(channel: string): ParseOutcome {
  return { kind: "unmatched", topic: `${channel} (malformed)` };
}

function baseOf(native: string, tsMs: number, context: ParseContext): EventBase {
  const { account, symbol } = placeOf(native, context);
  return { exchange: context.exchange, account, symbol, tsMs, recvTsUs: context.recvTsUs };
}

// Trades and book updates are object literals (base fields first, then the event's own), not a spread base: the
// spread was a tenth of a trade frame's decode time.

function tradeEventOf(
  native: string,
  tsMs: number,
  price: number,
  size: number,
  side: Side,
  tradeId: string,
  context: ParseContext,
): TradeEvent {
  const foreign = foreignPlaceOf(native, context);
  return {
    kind: "trade",
    exchange: context.exchange,
    account: foreign === undefined ? context.account : foreign.account,
    symbol: foreign === undefined ? context.symbolOf(native) : foreign.symbol,
    tsMs,
    recvTsUs: context.recvTsUs,
    price,
    size,
    side,
    tradeId,
  };
}

/** A book update: a snapshot (`full`) carries no `firstSeq` key, a delta its `U`. */
function bookEventOf(
  native: string,
  tsMs: number,
  bids: Level[],
  asks: Level[],
  seq: number,
  firstSeq: number | undefined,
  context: ParseContext,
): BookEvent {
  const foreign = foreignPlaceOf(native, context);
  const account = foreign === undefined ? context.account : foreign.account;
  const symbol = foreign === undefined ? context.symbolOf(native) : foreign.symbol;
  if (firstSeq === undefined) {
    return {
      kind: "book",
      exchange: context.exchange,
      account,
      symbol,
      tsMs,
      recvTsUs: context.recvTsUs,
      type: "snapshot",
      bids,
      asks,
      seq,
    };
  }
  return {
    kind: "book",
    exchange: context.exchange,
    account,
    symbol,
    tsMs,
    recvTsUs: context.recvTsUs,
    type: "delta",
    bids,
    asks,
    seq,
    firstSeq,
  };
}

function nativeOf(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** Parses one row of a push (a module function, not a closure made per frame). */
type RowParser = (
  channel: string,
  row: Data,
  frameMs: number | undefined,
  context: ParseContext,
) => ParseOutcome;

/**
 * Runs a row parser over a push's rows (futures send arrays, old servers arrays of arrays; spot one object): events
 * of all rows, or the first row's verdict when none has events.
 */
function eachRow(
  channel: string,
  result: unknown,
  frameMs: number | undefined,
  context: ParseContext,
  parseRow: RowParser,
): ParseOutcome {
  // One object: its outcome as it is (spot pushes one row per frame).
  if (isRecord(result)) return parseRow(channel, result, frameMs, context);
  if (!Array.isArray(result)) return malformed(channel);
  const events: MarketDataEvent[] = [];
  let verdict: ParseOutcome | undefined;
  let rows = 0;
  for (const item of result) {
    if (isRecord(item)) {
      rows++;
      verdict = collectRow(parseRow(channel, item, frameMs, context), events, verdict);
    } else if (Array.isArray(item)) {
      for (const nested of item) {
        if (!isRecord(nested)) continue;
        rows++;
        verdict = collectRow(parseRow(channel, nested, frameMs, context), events, verdict);
      }
    } else {
      return malformed(channel);
    }
  }
  if (rows === 0) return malformed(channel);
  return events.length > 0 || !verdict ? events : verdict;
}

/** Adds a row's events to `events`; the verdict so far, or this row's when it is the first. */
function collectRow(
  outcome: ParseOutcome,
  events: MarketDataEvent[],
  verdict: ParseOutcome | undefined,
): ParseOutcome | undefined {
  if (!Array.isArray(outcome)) return verdict ?? outcome;
  for (const event of outcome) events.push(event);
  return verdict;
}

function parsePush(channel: string, message: Data, context: ParseContext): ParseOutcome {
  const frameMs = frameTimeMs(message);
  const result = message.result;
  switch (channel) {
    case "spot.trades":
      return eachRow(channel, result, frameMs, context, parseSpotTrade);
    case "futures.trades":
      return eachRow(channel, result, frameMs, context, parseFuturesTrade);
    case "spot.order_book_update":
    case "futures.order_book_update":
      return isRecord(result) ? parseBookUpdate(channel, result, frameMs, context) : malformed(channel);
    case "spot.candlesticks":
    case "futures.candlesticks":
      return eachRow(channel, result, frameMs, context, parseCandle);
    case "spot.tickers":
      return eachRow(channel, result, frameMs, context, parseSpotTicker);
    case "futures.tickers":
      return eachRow(channel, result, frameMs, context, parseFuturesTicker);
    case "futures.public_liquidates":
      return eachRow(channel, result, frameMs, context, parseLiquidation);
    default:
      // book_ticker, order_book, obu, contract_stats …: channels dig3 does not subscribe to.
      return { kind: "unmatched", topic: channel };
  }
}

function sideOf(value: unknown): Side | undefined {
  return value === "buy" ? "buy" : value === "sell" ? "sell" : undefined;
}

function parseSpotTrade(
  channel: string,
  row: Data,
  _frameMs: number | undefined,
  context: ParseContext,
): ParseOutcome {
  const native = nativeOf(row.currency_pair);
  const price = toNumber(row.price);
  const size = toNumber(row.amount);
  const side = sideOf(row.side);
  const tradeId = toId(row.id);
  // `create_time_ms` is text with a fraction of a millisecond ("1606292218213.4578").
  const tsMs = msOfGateTime(row.create_time_ms) ?? msOfGateTime(row.create_time);
  if (!native || !(price > 0) || !(size > 0) || !side || !tradeId || tsMs === undefined)
    return malformed(channel);
  return [tradeEventOf(native, tsMs, price, size, side, tradeId, context)];
}

function parseFuturesTrade(
  channel: string,
  row: Data,
  _frameMs: number | undefined,
  context: ParseContext,
): ParseOutcome {
  const native = nativeOf(row.contract);
  const price = toNumber(row.price);
  const signed = toNumber(row.size);
  const tradeId = toId(row.id);
  const tsMs = msOfGateTime(row.create_time_ms) ?? msOfGateTime(row.create_time);
  if (!native || !(price > 0) || !Number.isFinite(signed) || signed === 0 || !tradeId || tsMs === undefined)
    return malformed(channel);
  // Insurance-fund and ADL takeovers of liquidations are not matched on the book (and not in Gate's candles).
  if (row.is_internal === true) return { kind: "ignored", reason: "internal trade (insurance fund / ADL)" };
  // Contracts; `quanto_multiplier` of the contract list converts them to base currency.
  return [tradeEventOf(native, tsMs, price, Math.abs(signed), signed > 0 ? "buy" : "sell", tradeId, context)];
}

/** Futures levels `{p, s}` (size a number, or text with `X-Gate-Size-Decimal`). */
function futuresLevelsOf(rows: unknown): Level[] | undefined {
  if (rows === undefined) return [];
  if (!Array.isArray(rows)) return undefined;
  const levels: Level[] = [];
  for (const row of rows) {
    if (!isRecord(row)) continue;
    const price = toNumber(row.p);
    const size = toNumber(row.s);
    if (Number.isFinite(price) && Number.isFinite(size)) levels.push([price, size]);
  }
  return levels;
}

function spotLevelsOf(rows: unknown): Level[] | undefined {
  if (rows === undefined) return [];
  return Array.isArray(rows) ? toLevels(rows) : undefined;
}

function parseBookUpdate(
  channel: string,
  result: Data,
  frameMs: number | undefined,
  context: ParseContext,
): ParseOutcome {
  const native = nativeOf(result.s);
  const firstSeq = toNumber(result.U);
  const seq = toNumber(result.u);
  const tsMs = msOfGateTime(result.t) ?? msOfGateTime(result.E) ?? frameMs;
  const isFutures = channel.startsWith("futures.");
  // Even a push without levels must move the book's id (futures docs), so missing sides read as empty.
  const bids = isFutures ? futuresLevelsOf(result.b) : spotLevelsOf(result.b);
  const asks = isFutures ? futuresLevelsOf(result.a) : spotLevelsOf(result.a);
  if (!native || !Number.isFinite(seq) || tsMs === undefined || !bids || !asks) return malformed(channel);
  // "full=true: the message holds the full depth and must replace the local book", whose id becomes `u`.
  if (result.full === true) return [bookEventOf(native, tsMs, bids, asks, seq, undefined, context)];
  if (!Number.isFinite(firstSeq)) return malformed(channel);
  return [bookEventOf(native, tsMs, bids, asks, seq, firstSeq, context)];
}

// ── hot frames, read without JSON.parse ─────────────────────────────────────────────────────────────────────────

/**
 * Trade and book update pushes, read without JSON.parse; undefined for any other frame. A first look at the channel
 * name picks the reader (two letters tell the four channels from the others), which checks the whole frame itself.
 */
export function readHotFrame(frame: string, context: ParseContext): Parsed | undefined {
  const name = channelNameAt(frame);
  const first = frame.charCodeAt(name);
  // `spot.tr…`, `spot.or…`
  const spotAt = name + "spot.".length;
  if (first === 115 && frame.charCodeAt(spotAt + 1) === 114) {
    const letter = frame.charCodeAt(spotAt);
    if (letter === 116) return matchSpotTradeFrame(frame, context);
    if (letter === 111) return scanBookUpdateFrame(frame, context);
  }
  // `futures.tr…`, `futures.or…`
  const futuresAt = name + "futures.".length;
  if (first === 102 && frame.charCodeAt(futuresAt + 1) === 114) {
    const letter = frame.charCodeAt(futuresAt);
    if (letter === 116) return matchFuturesTradesFrame(frame, context);
    if (letter === 111) return scanBookUpdateFrame(frame, context);
  }
  return undefined;
}

const CHANNEL_KEY = '"channel":"';
const TIME_KEY = '{"time":';
const TIME_MS_KEY = '"time_ms":';

/**
 * Where the channel's name starts in a push that begins `{"channel":"` or, as Gate sends them,
 * `{"time":<s>,["time_ms":<ms>,]"channel":"`: a look at a few letters, not a search, and no check (the readers check
 * the whole frame). Other frames give any position.
 */
function channelNameAt(frame: string): number {
  // `{"c…`
  if (frame.charCodeAt(2) === 99) return 1 + CHANNEL_KEY.length;
  const afterTime = digitsEnd(frame, TIME_KEY.length) + 1;
  // `"time_…`
  if (frame.charCodeAt(afterTime + 5) !== 95) return afterTime + CHANNEL_KEY.length;
  return digitsEnd(frame, afterTime + TIME_MS_KEY.length) + 1 + CHANNEL_KEY.length;
}

/** Where the digits starting at `pos` end. */
function digitsEnd(text: string, pos: number): number {
  let end = pos;
  let code = text.charCodeAt(end) | 0;
  while (code >= 48 && code <= 57) code = text.charCodeAt(++end) | 0;
  return end;
}

// A push's head in the layout Gate sends, up to its result: `time`, `time_ms` (since 2022-11), `error: null` (2020
// futures). Neither time is read: trades carry their own.
const pushHead = (channel: string) =>
  String.raw`\{"time":${INTEGER},(?:"time_ms":${INTEGER},)?"channel":"${channel}","event":"update",(?:"error":null,)?"result":`;

/**
 * `spot.trades`: one trade, `{id, create_time, create_time_ms, side, currency_pair, amount, price, [range],
 * [id_market]}` (the docs' order, as recorded).
 */
const SPOT_TRADE_FRAME = new RegExp(
  String.raw`^${pushHead(String.raw`spot\.trades`)}\{"id":(${SHORT_INTEGER}),"create_time":(${INTEGER}),"create_time_ms":"(${DECIMAL})","side":"(buy|sell)","currency_pair":"(${PLAIN_TEXT})","amount":"(${DECIMAL})","price":"(${DECIMAL})"(?:,"range":"${PLAIN_TEXT}")?(?:,"id_market":${INTEGER})?\}\}$`,
);

/** The native symbols trade pushes named lately, handed out again for an equal one (`RecentStrings`). */
const tradeNatives = new RecentStrings(RECENT_NATIVES);

/**
 * A `spot.trades` push in the exact layout Gate sends, matched whole by one pattern (see `_shared/frame-patterns.ts`)
 * and read from its groups, to the event `parseSpotTrade` builds. Any other frame (another key order, whitespace, a
 * zero amount) returns undefined and takes the JSON.parse path, which judges it.
 */
function matchSpotTradeFrame(frame: string, context: ParseContext): Parsed | undefined {
  const match = SPOT_TRADE_FRAME.exec(frame);
  if (match === null) return undefined;
  // `Number` reads a DECIMAL text as `toNumber` does, in half the time on a captured text.
  const size = Number(match[6]);
  const price = Number(match[7]);
  // `create_time_ms` is text with a fraction of a millisecond ("1606292218213.4578").
  const tsMs = msOfGateTime(Number(match[3])) ?? msOfGateTime(Number(match[2]));
  if (!isPositiveFinite(price) || !isPositiveFinite(size) || tsMs === undefined) return undefined;
  const native = tradeNatives.same(match[5]!);
  const side = match[4] === "buy" ? "buy" : "sell";
  return { kind: "events", events: [tradeEventOf(native, tsMs, price, size, side, match[1]!, context)] };
}

const FUTURES_TRADES_HEAD = new RegExp(`${pushHead(String.raw`futures\.trades`)}\\[`, "y");

/**
 * A `futures.trades` row, `{size, id, create_time, [create_time_ms], price, contract, [is_internal: false]}`, then a
 * comma and the next row, or the array's and the push's end, which must be the frame's (`(])`). Sizes are whole
 * contracts here; decimal text (`X-Gate-Size-Decimal`) and internal trades take the JSON.parse path.
 */
const FUTURES_TRADE_ROW = new RegExp(
  String.raw`\{"size":(-?${SHORT_INTEGER}),"id":(${SHORT_INTEGER}),"create_time":(?:${INTEGER},"create_time_ms":(${INTEGER})|(${INTEGER})),"price":"(${DECIMAL})","contract":"(${PLAIN_TEXT})"(?:,"is_internal":false)?\}(?:,|(\])\}$)`,
  "y",
);

/**
 * A `futures.trades` push in the exact layout Gate sends: the head matched by one pattern, then each row by a sticky
 * one from where the last stopped, to the events `parseFuturesTrade` builds. Any other frame returns undefined.
 */
function matchFuturesTradesFrame(frame: string, context: ParseContext): Parsed | undefined {
  FUTURES_TRADES_HEAD.lastIndex = 0;
  if (!FUTURES_TRADES_HEAD.test(frame)) return undefined;
  const row = FUTURES_TRADE_ROW;
  row.lastIndex = FUTURES_TRADES_HEAD.lastIndex;
  const events: TradeEvent[] = [];
  for (;;) {
    const match = row.exec(frame);
    if (match === null) return undefined;
    const signed = Number(match[1]);
    const price = Number(match[5]);
    const createMs = match[3];
    // `create_time_ms` where sent (since 2021), else `create_time` in seconds.
    const tsMs = createMs !== undefined ? msOfGateTime(Number(createMs)) : msOfGateTime(Number(match[4]));
    // A zero size (`-0` too) or price: the JSON.parse path judges the row.
    if (signed === 0 || !isPositiveFinite(price) || tsMs === undefined) return undefined;
    const native = tradeNatives.same(match[6]!);
    const side = signed > 0 ? "buy" : "sell";
    events.push(tradeEventOf(native, tsMs, price, Math.abs(signed), side, match[2]!, context));
    if (match[7] !== undefined) return { kind: "events", events };
  }
}

const scanner = new FrameScanner();

// Keys the book reader must see once at most (JSON.parse keeps the last of repeated keys; the reader leaves those
// frames to it): bits of a mask.
const SEEN_TIME = 1;
const SEEN_TIME_MS = 2;
const SEEN_CHANNEL = 4;
const SEEN_EVENT = 8;
const SEEN_ERROR = 16;
const SEEN_RESULT = 32;

/**
 * A `spot.order_book_update` or `futures.order_book_update` push read in place, keys in any order (the channel
 * before the result), to the event `parseBookUpdate` builds: levels are most of a push, and reading them where they
 * lie, as numbers, beats JSON.parse and `toLevels`. Anything unexpected returns undefined, and the frame takes the
 * JSON.parse path.
 */
function scanBookUpdateFrame(frame: string, context: ParseContext): Parsed | undefined {
  const s = scanner;
  s.reset(frame);
  if (!s.openObject()) return undefined;
  let seen = 0;
  let isFutures = false;
  let frameTime = Number.NaN;
  let frameTimeMs = Number.NaN;
  let book: ScannedBook | undefined;
  do {
    const length = s.key();
    let bit = 0;
    if (length === 4 && s.isKey("time")) {
      bit = SEEN_TIME;
      frameTime = s.numeric();
    } else if (length === 7 && s.isKey("time_ms")) {
      bit = SEEN_TIME_MS;
      frameTimeMs = s.numeric();
    } else if (length === 7 && s.isKey("channel")) {
      bit = SEEN_CHANNEL;
      if (!s.stringRange()) return undefined;
      if (isTextBetween(frame, s.valueStart, s.valueEnd, "futures.order_book_update")) isFutures = true;
      else if (!isTextBetween(frame, s.valueStart, s.valueEnd, "spot.order_book_update")) return undefined;
    } else if (length === 5 && s.isKey("event")) {
      bit = SEEN_EVENT;
      if (!s.stringRange()) return undefined;
      const start = s.valueStart;
      const end = s.valueEnd;
      if (!isTextBetween(frame, start, end, "update") && !isTextBetween(frame, start, end, "all"))
        return undefined;
    } else if (length === 5 && s.isKey("error")) {
      // `error: null` is no error; any other value is the JSON.parse path's to judge.
      bit = SEEN_ERROR;
      if (s.peek() !== 110) return undefined;
      s.skipValue();
    } else if (length === 6 && s.isKey("result")) {
      bit = SEEN_RESULT;
      // The levels' form (arrays or `{p, s}`) follows the channel, so it must come first.
      if ((seen & SEEN_CHANNEL) === 0) return undefined;
      book = scanBookResult(s, isFutures);
      if (book === undefined) return undefined;
    } else {
      s.skipValue();
    }
    if ((seen & bit) !== 0) return undefined;
    seen |= bit;
  } while (s.nextMember());
  if (!s.isAtEnd() || (seen & SEEN_EVENT) === 0 || book === undefined) return undefined;
  const tsMs =
    msOfGateTime(book.timeMs) ??
    msOfGateTime(book.eventTime) ??
    msOfGateTime(frameTimeMs) ??
    msOfGateTime(frameTime);
  if (!book.native || !Number.isFinite(book.seq) || tsMs === undefined) return undefined;
  // A delta needs its first id; a full book has none.
  if (!book.full && !Number.isFinite(book.firstSeq)) return undefined;
  const firstSeq = book.full ? undefined : book.firstSeq;
  return {
    kind: "events",
    events: [bookEventOf(book.native, tsMs, book.bids, book.asks, book.seq, firstSeq, context)],
  };
}

interface ScannedBook {
  native: string;
  timeMs: number;
  eventTime: number;
  firstSeq: number;
  seq: number;
  full: boolean;
  bids: Level[];
  asks: Level[];
}

/** A book update's result object: `{t, [e], [E], s, U, u, b, a, [full], [l]}` in any order; undefined on a surprise. */
function scanBookResult(s: FrameScanner, isFutures: boolean): ScannedBook | undefined {
  const book: ScannedBook = {
    native: "",
    timeMs: Number.NaN,
    eventTime: Number.NaN,
    firstSeq: Number.NaN,
    seq: Number.NaN,
    full: false,
    // Even a push without levels must move the book's id (futures docs), so missing sides read as empty.
    bids: [],
    asks: [],
  };
  if (!s.openObject()) return undefined;
  let seen = 0;
  do {
    const length = s.key();
    let bit = 0;
    if (length === 1) {
      switch (s.keyCode()) {
        case 116: // t
          bit = 1;
          book.timeMs = s.numeric();
          break;
        case 69: // E
          bit = 2;
          book.eventTime = s.numeric();
          break;
        case 115: // s
          bit = 4;
          book.native = s.string();
          break;
        case 85: // U
          bit = 8;
          book.firstSeq = s.numeric();
          break;
        case 117: // u
          bit = 16;
          book.seq = s.numeric();
          break;
        case 98: // b
          bit = 32;
          book.bids = isFutures ? scanFuturesLevels(s) : s.levels(false);
          break;
        case 97: // a
          bit = 64;
          book.asks = isFutures ? scanFuturesLevels(s) : s.levels(false);
          break;
        default:
          s.skipValue();
      }
    } else if (length === 4 && s.isKey("full")) {
      bit = 128;
      // Only `true` itself makes a full book, as in the JSON.parse path.
      book.full = s.peek() === 116;
      s.skipValue();
    } else {
      s.skipValue();
    }
    if ((seen & bit) !== 0) s.fail();
    seen |= bit;
  } while (s.nextMember());
  return s.ok ? book : undefined;
}

/** Futures levels `[{p, s}, …]` as `futuresLevelsOf` reads them: rows that are no object, or no finite pair, left out. */
function scanFuturesLevels(s: FrameScanner): Level[] {
  const levels: Level[] = [];
  if (!s.openArray()) return levels;
  do {
    if (s.peek() !== 123) {
      // Not an object ({): the JSON.parse path skips the row too.
      s.skipValue();
      continue;
    }
    let price = Number.NaN;
    let size = Number.NaN;
    if (s.openObject()) {
      do {
        // Repeated keys: the last wins, as in JSON.parse.
        const isOneLetter = s.key() === 1;
        if (isOneLetter && s.keyCode() === 112)
          price = s.numeric(); // p
        else if (isOneLetter && s.keyCode() === 115)
          size = s.numeric(); // s
        else s.skipValue();
      } while (s.nextMember());
    }
    if (Number.isFinite(price) && Number.isFinite(size)) levels.push([price, size]);
  } while (s.nextItem());
  return levels;
}

/** Whether `text[start, end)` is `literal`. */
function isTextBetween(text: string, start: number, end: number, literal: string): boolean {
  return end - start === literal.length && hasTextAt(text, start, literal);
}

function parseCandle(
  channel: string,
  row: Data,
  frameMs: number | undefined,
  context: ParseContext,
): ParseOutcome {
  const name = nativeOf(row.n);
  const cut = name ? name.indexOf("_") : -1;
  if (!name || cut <= 0) return malformed(channel);
  const interval = name.slice(0, cut);
  const native = name.slice(cut + 1);
  // `1m_mark_BTC_USDT` / `1m_index_BTC_USDT`: mark and index bars, which dig3 does not subscribe to.
  if (/^(mark|index)_/i.test(native)) return { kind: "unmatched", topic: `${channel} (mark/index)` };
  const openTimeMs = msOfGateTime(row.t);
  const values = [toNumber(row.o), toNumber(row.h), toNumber(row.l), toNumber(row.c)] as const;
  const tsMs = frameMs ?? openTimeMs;
  if (openTimeMs === undefined || tsMs === undefined || !values.every(Number.isFinite))
    return malformed(channel);
  const [open, high, low, close] = values;
  const isFutures = channel.startsWith("futures.");
  // Spot: `a` is the base amount (frames before 2024 lack it: volume unknown, NaN) and `v` the quote volume.
  // Futures: `v` counts contracts, like the REST bars, so live and backfilled bars agree.
  const volume = isFutures ? toNumber(row.v) : toNumber(row.a);
  const event: KlineEvent = {
    kind: "kline",
    ...baseOf(native, tsMs, context),
    interval,
    openTimeMs,
    open,
    high,
    low,
    close,
    volume,
    closed: row.w === true,
  };
  const intervalMs = INTERVAL_MS[interval];
  return [
    assignDefined(event, {
      closeTimeMs: intervalMs !== undefined ? openTimeMs + intervalMs - 1 : undefined,
      quoteVolume: isFutures ? undefined : toOptionalNumber(row.v),
    }),
  ];
}

function parseSpotTicker(
  channel: string,
  row: Data,
  frameMs: number | undefined,
  context: ParseContext,
): ParseOutcome {
  const native = nativeOf(row.currency_pair);
  const last = toNumber(row.last);
  if (!native || !Number.isFinite(last) || frameMs === undefined) return malformed(channel);
  const event: TickerEvent = { kind: "ticker", ...baseOf(native, frameMs, context), last };
  return [
    assignDefined(event, {
      bid: toOptionalNumber(row.highest_bid),
      ask: toOptionalNumber(row.lowest_ask),
      high24h: toOptionalNumber(row.high_24h),
      low24h: toOptionalNumber(row.low_24h),
      volume24h: toOptionalNumber(row.base_volume),
      quoteVolume24h: toOptionalNumber(row.quote_volume),
      changePct24h: toOptionalNumber(row.change_percentage),
    }),
  ];
}

/** One futures ticker → ticker, mark price, funding rate and open interest (whichever it carries). */
function parseFuturesTicker(
  channel: string,
  row: Data,
  frameMs: number | undefined,
  context: ParseContext,
): ParseOutcome {
  const native = nativeOf(row.contract);
  const last = toNumber(row.last);
  const tsMs = msOfGateTime(row.t) ?? frameMs;
  if (!native || !Number.isFinite(last) || tsMs === undefined) return malformed(channel);
  const base = baseOf(native, tsMs, context);
  const ticker: TickerEvent = { kind: "ticker", ...base, last };
  const events: MarketDataEvent[] = [
    assignDefined(ticker, {
      bid: toOptionalNumber(row.highest_bid),
      ask: toOptionalNumber(row.lowest_ask),
      high24h: toOptionalNumber(row.high_24h),
      low24h: toOptionalNumber(row.low_24h),
      volume24h: toOptionalNumber(row.volume_24h_base),
      quoteVolume24h: toOptionalNumber(row.volume_24h_quote),
      changePct24h: toOptionalNumber(row.change_percentage),
    }),
  ];
  const markPrice = toNumber(row.mark_price);
  if (markPrice > 0) {
    const mark: MarkPriceEvent = { kind: "mark_price", ...base, markPrice };
    events.push(assignDefined(mark, { indexPrice: toOptionalNumber(row.index_price) }));
  }
  const rate = toOptionalNumber(row.funding_rate);
  if (rate !== undefined) {
    const funding: FundingRateEvent = { kind: "funding_rate", ...base, rate };
    events.push(funding);
  }
  const openInterest = toOptionalNumber(row.total_size);
  if (openInterest !== undefined) {
    // `total_size`: open interest in contracts.
    const interest: OpenInterestEvent = { kind: "open_interest", ...base, openInterest };
    events.push(interest);
  }
  return events;
}

function parseLiquidation(
  channel: string,
  row: Data,
  frameMs: number | undefined,
  context: ParseContext,
): ParseOutcome {
  const native = nativeOf(row.contract);
  const price = toNumber(row.price);
  const signed = toNumber(row.size);
  const tsMs = msOfGateTime(row.time_ms) ?? msOfGateTime(row.time) ?? frameMs;
  if (!native || !(price > 0) || !Number.isFinite(signed) || signed === 0 || tsMs === undefined)
    return malformed(channel);
  const event: LiquidationEvent = {
    kind: "liquidation",
    ...baseOf(native, tsMs, context),
    // The liquidation order's signed size: < 0 sells (a long position is closed).
    side: signed < 0 ? "sell" : "buy",
    price,
    // Contracts, so price × size is no value in any currency.
    size: Math.abs(signed),
  };
  return [event];
}

function replyOf(message: Data, channel: string, event: string): Parsed {
  const result = message.result;
  if (isRecord(result) && result.status !== undefined && result.status !== "success") {
    return {
      kind: "venue-error",
      message: `${channel} ${event} failed (status ${String(result.status)})`,
      retryable: false,
    };
  }
  const id = toId(message.id);
  return { kind: "ack", note: id ? `${channel} ${event} (request ${id})` : `${channel} ${event}` };
}

function venueErrorOf(message: Data, channel: string): Parsed {
  const error = message.error as Data;
  const code = toOptionalNumber(error.code);
  const text = typeof error.message === "string" ? error.message : "request failed";
  const id = toId(message.id);
  const where = [channel, typeof message.event === "string" ? message.event : "", id ? `request ${id}` : ""]
    .filter((part) => part.length > 0)
    .join(" ");
  return {
    kind: "venue-error",
    message: `${code === undefined ? "" : `code ${code}: `}${text}${where ? ` (${where})` : ""}`,
    retryable: (code !== undefined && RETRYABLE_CODES.has(code)) || RETRYABLE_RE.test(text),
  };
}

function systemNoticeOf(result: unknown): Parsed {
  if (!isRecord(result)) return { kind: "ignored", reason: "system notice without a result" };
  const type = typeof result.type === "string" ? result.type : "";
  const text = typeof result.msg === "string" ? result.msg : type;
  // "The connection will soon be closed for a service upgrade. Please reconnect."
  if (type === "upgrade") return { kind: "venue-error", message: text, retryable: true, reconnect: true };
  return { kind: "ignored", reason: `system notice ${type || "(untyped)"}: ${text}` };
}
