// Inbound Crypto.com market-data frame → Parsed (pure, never throws on venue input). `public/heartbeat` gets its
// `public/respond-heartbeat`; answers become acks or venue errors; `result.data` pushes become events of the
// instrument's own market (the ticker fans out to ticker and open interest; the index rides into the mark price).

import {
  type Account,
  type BookEvent,
  type EventBase,
  type FundingRateEvent,
  INTERVAL_MS,
  type KlineEvent,
  type Level,
  type MarketDataEvent,
  type MarkPriceEvent,
  type OpenInterestEvent,
  type Side,
  type TickerEvent,
  type TradeEvent,
} from "../../core/index.ts";
import { type ParseContext, type Parsed, type ParseOutcome, toParsed } from "../_shared/adapter.ts";
import { DECIMAL, INTEGER, PLAIN_TEXT, TIME_MS } from "../_shared/frame-patterns.ts";
import { nextMonthOpenMs } from "../_shared/bar-times.ts";
import { recvMsOf } from "../_shared/event-base.ts";
import { RECENT_NATIVES, RecentStrings } from "../_shared/scan.ts";
import {
  assignDefined,
  isPositiveFinite,
  isRecord,
  isTime,
  POW10,
  parseJson,
  readDecimalIn,
  toId,
  toNumber,
  toOptionalNumber,
} from "../_shared/values.ts";
import { heartbeatReplyOf, intervalOfTimeframe } from "./subscribe.ts";
import { describeCryptocomNative, readCryptocomName, underlyingIndexOf } from "./symbols.ts";

type Data = Record<string, unknown>;

/** Reason codes worth retrying: 40801 REQUEST_TIMEOUT, 42901 TOO_MANY_REQUESTS, 50001 ERR_INTERNAL. */
const RETRYABLE_CODES: ReadonlySet<number> = new Set([40801, 42901, 50001]);

const HOUR_MS = 3_600_000;
/** An index sample older (or newer) than the mark by more than this is not paired with it. */
const INDEX_PAIRING_MS = 5_000;
/** Quotes whose value in USD (`vv`) is the quote volume; other quotes (BTC, ETH, EUR) are not USD-valued. */
const USD_QUOTES: ReadonlySet<string> = new Set(["USD", "USDT", "USDC"]);
/** Older (API v2) trade frames sent `d` as a JSON number beyond 2^53; quoting it first keeps every digit. */
const BIG_TRADE_ID_RE = /"d":(\d{16,})/g;
const ID_JSON_RE = /"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")/;

export function parseCryptocomFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  // Book and trade pushes are matched whole; any other frame, and any surprise in one, takes the JSON.parse path.
  return matchPushFrame(frame, context) ?? parseCryptocomJson(frame, context);
}

/** JSON.parse of a frame, big trade ids quoted first; undefined when it is no JSON. */
function parseFrameJson(text: string): unknown {
  return parseJson(text.includes('"d":') ? text.replace(BIG_TRADE_ID_RE, '"d":"$1"') : text);
}

/** The JSON.parse path: every frame `parseCryptocomFrame` does not read in place (exported to check the two agree). */
export function parseCryptocomJson(frame: string, context: ParseContext): Parsed {
  let message = parseFrameJson(frame);
  if (message === undefined) {
    // Trimmed only here, off the path of every data frame: a blank frame, or one edged with whitespace JSON.parse
    // does not skip (`trim` removes more kinds).
    const text = frame.trim();
    if (text.length === 0) return { kind: "ignored", reason: "empty frame" };
    if (text.length !== frame.length) message = parseFrameJson(text);
    if (message === undefined) return { kind: "unmatched", topic: "(not json)" };
  }
  if (!isRecord(message)) return { kind: "unmatched", topic: "(not an object)" };

  if (message.method === "public/heartbeat") {
    // Searched in the frame as sent: trimming would not change what the pattern finds.
    const idJson = ID_JSON_RE.exec(frame)?.[1];
    return idJson ? { kind: "ping", reply: heartbeatReplyOf(idJson) } : { kind: "ping" };
  }
  if (message.method === "public/respond-heartbeat") return { kind: "ignored", reason: "heartbeat answer" };
  const code = message.code === undefined ? 0 : toNumber(message.code);
  if (code !== 0 || message.method === "ERROR") return venueErrorOf(message, code);
  const result = message.result;
  if (isRecord(result) && Array.isArray(result.data)) return toParsed(parsePush(result, context));
  if (message.method === "subscribe" || message.method === "unsubscribe") return ackOf(message);
  return { kind: "unmatched", topic: "(unknown frame)" };
}

/**
 * The market and canonical symbol of an instrument. One Crypto.com socket can carry every market and the name says
 * which market it is, so the name decides; the context's account covers names outside the plain forms.
 */
export function placeOf(native: string, context: ParseContext): Place {
  const described = describedOf(native);
  if (described === null || described.account === context.account) {
    return { account: context.account, symbol: context.symbolOf(native) };
  }
  return described;
}

type Place = Readonly<{ account: Account; symbol: string }>;

/** How many instrument names `describedOf` remembers (Crypto.com lists a few hundred); cleared when full. */
const DESCRIBED_NAMES = 4_096;

/** What each instrument name says about its market (null: nothing), read once per name rather than per event. */
const describedByNative = new Map<string, Place | null>();

function describedOf(native: string): Place | null {
  let described = describedByNative.get(native);
  if (described === undefined) {
    described = describeCryptocomNative(native) ?? null;
    if (describedByNative.size >= DESCRIBED_NAMES) describedByNative.clear();
    describedByNative.set(native, described);
  }
  return described;
}

function baseOf(native: string, tsMs: number, context: ParseContext): EventBase {
  const { account, symbol } = placeOf(native, context);
  return { exchange: context.exchange, account, symbol, tsMs, recvTsUs: context.recvTsUs };
}

function malformed(channel: string): ParseOutcome {
  return { kind: "unmatched", topic: `${channel} (malformed)` };
}

function textOf(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** A price or size that must be there: finite, else NaN (checked by the caller). */
function requiredNumber(value: unknown): number {
  const n = toNumber(value);
  return Number.isFinite(n) ? n : Number.NaN;
}

function parsePush(result: Data, context: ParseContext): ParseOutcome {
  const channel = textOf(result.channel) ?? "";
  const subscription = textOf(result.subscription) ?? "";
  const native = textOf(result.instrument_name);
  const items = result.data as unknown[];
  switch (channel) {
    case "book":
    case "book.update":
      return native ? parseBook(channel, native, items, context) : malformed(channel);
    case "trade":
      return parseTrades(native, items, context);
    case "ticker":
      return parseTickers(native, items, context);
    case "candlestick":
      return native
        ? parseCandles(native, subscription, result.interval, items, context)
        : malformed(channel);
    case "mark":
      return native ? parseMarks(native, items, context) : malformed(channel);
    case "index":
      return native ? keepIndex(native, items, context) : malformed(channel);
    case "funding":
      return native ? parseFunding(native, items, context) : malformed(channel);
    case "estimatedfunding":
      return { kind: "ignored", reason: "estimated funding of the next interval (no dig3 stream)" };
    case "settlement":
      return { kind: "ignored", reason: "settlement price (no dig3 stream)" };
    default:
      return { kind: "unmatched", topic: channel || "(empty channel)" };
  }
}

// ── book ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** `[price, quantity, orders]` rows → levels; undefined when any row is unusable (a book must not lose a level). */
export function toBookLevels(rows: unknown): Level[] | undefined {
  if (rows === undefined) return [];
  if (!Array.isArray(rows)) return undefined;
  const levels: Level[] = [];
  for (const row of rows) {
    if (!Array.isArray(row) || row.length < 2) return undefined;
    const price = requiredNumber(row[0]);
    const size = requiredNumber(row[1]);
    if (!(price > 0) || !(size >= 0)) return undefined;
    levels.push([price, size]);
  }
  return levels;
}

/**
 * `book` is the snapshot, `book.update` a delta: seq = `u` (older frames `s`), prevSeq = `pu`. The `cs` checksum is
 * left out of the event: the docs do not define its algorithm, so nothing could verify it.
 */
function parseBook(channel: string, native: string, items: unknown[], context: ParseContext): ParseOutcome {
  const isSnapshot = channel === "book";
  const events: MarketDataEvent[] = [];
  for (const item of items) {
    if (!isRecord(item)) return malformed(channel);
    const sides = isSnapshot ? item : item.update;
    if (!isRecord(sides)) return malformed(channel);
    const bids = toBookLevels(sides.bids);
    const asks = toBookLevels(sides.asks);
    const tsMs = toNumber(item.t);
    if (!bids || !asks || !isTime(tsMs)) return malformed(channel);
    if (isSnapshot && (!Array.isArray(sides.bids) || !Array.isArray(sides.asks))) return malformed(channel);
    const seq = toOptionalNumber(item.u ?? item.s);
    // A snapshot chains to nothing the client holds.
    const prevSeq = isSnapshot ? undefined : toOptionalNumber(item.pu);
    events.push(bookEventOf(native, tsMs, isSnapshot, bids, asks, seq, prevSeq, context));
  }
  if (events.length === 0) return { kind: "ignored", reason: "empty book push" };
  return events;
}

// Hot events are object literals with their keys in one order per kind (base fields, the event's own, then each
// optional field that holds a value), not a spread base plus `assignDefined` (the spread was 7 % of the decode).

function bookEventOf(
  native: string,
  tsMs: number,
  isSnapshot: boolean,
  bids: Level[],
  asks: Level[],
  seq: number | undefined,
  prevSeq: number | undefined,
  context: ParseContext,
): BookEvent {
  const { account, symbol } = placeOf(native, context);
  const event: BookEvent = {
    kind: "book",
    exchange: context.exchange,
    account,
    symbol,
    tsMs,
    recvTsUs: context.recvTsUs,
    type: isSnapshot ? "snapshot" : "delta",
    bids,
    asks,
  };
  if (seq !== undefined) event.seq = seq;
  if (prevSeq !== undefined) event.prevSeq = prevSeq;
  return event;
}

// ── trades ─────────────────────────────────────────────────────────────────────────────────────────────────────

function sideOf(value: unknown): Side | undefined {
  if (typeof value !== "string") return undefined;
  const upper = value.toUpperCase();
  return upper === "BUY" ? "buy" : upper === "SELL" ? "sell" : undefined;
}

/** One trade row (socket or REST) → TradeEvent; undefined when a field is unusable. `s` is the taker's side. */
export function tradeOf(row: Data, context: ParseContext, fallbackNative?: string): TradeEvent | undefined {
  const native = textOf(row.i) ?? fallbackNative;
  const price = requiredNumber(row.p);
  const size = requiredNumber(row.q);
  const tsMs = toNumber(row.t);
  const tradeId = toId(row.d);
  const side = sideOf(row.s);
  if (!native || !(price > 0) || !(size > 0) || !isTime(tsMs) || !tradeId || !side) return undefined;
  return tradeEventOf(placeOf(native, context), tsMs, price, size, side, tradeId, context);
}

function tradeEventOf(
  place: Place,
  tsMs: number,
  price: number,
  size: number,
  side: Side,
  tradeId: string,
  context: ParseContext,
): TradeEvent {
  return {
    kind: "trade",
    exchange: context.exchange,
    account: place.account,
    symbol: place.symbol,
    tsMs,
    recvTsUs: context.recvTsUs,
    price,
    size,
    side,
    tradeId,
  };
}

/**
 * Trade rows → trades, oldest first. The push (and REST) lists newest first, also among trades of one millisecond
 * (as the recordings show), so the list is reversed; a stable sort by time then fixes any row out of place.
 */
export function tradesOf(
  rows: readonly Data[],
  context: ParseContext,
  fallbackNative?: string,
): TradeEvent[] | undefined {
  const trades: TradeEvent[] = [];
  for (const row of rows) {
    const trade = tradeOf(row, context, fallbackNative);
    if (!trade) return undefined;
    trades.push(trade);
  }
  return oldestFirst(trades);
}

/**
 * Trades listed newest first → oldest first: reversed in place, then sorted by time (stably) only where a row is out
 * of place, which one pass tells: rows in order (every recorded push) cost no sort and no copy.
 */
function oldestFirst(trades: TradeEvent[]): TradeEvent[] {
  trades.reverse();
  for (let i = 1; i < trades.length; i++) {
    if (trades[i]!.tsMs < trades[i - 1]!.tsMs) return trades.sort((a, b) => a.tsMs - b.tsMs);
  }
  return trades;
}

function parseTrades(native: string | undefined, items: unknown[], context: ParseContext): ParseOutcome {
  if (!items.every(isRecord)) return malformed("trade");
  const trades = tradesOf(items, context, native);
  if (!trades) return malformed("trade");
  if (trades.length === 0) return { kind: "ignored", reason: "empty trades push" };
  return trades;
}

// ── book and trade pushes matched whole ────────────────────────────────────────────────────────────────────────

// JSON.parse's tree, and the quoting of big trade ids before it, were most of a push's decode time, and reading the
// text in JavaScript character by character (the FrameScanner, or a reader written for these pushes) cost as much as
// JSON.parse. Patterns run natively: a push in a layout Crypto.com sends is matched piece by piece (the head, then
// each row or book item), and each piece is walked to its values. The patterns are of fixed layouts: a repeated group
// of alternatives ("members in any order") ran ten times slower. Anything a pattern turns away, and any value the
// JSON.parse path would read otherwise or call malformed, returns undefined, and the frame takes that path, which
// judges it.

/** A JSON string without escapes (JSON.parse gives its text as written, and it holds no quote), and not empty. */
const TEXT = `"${PLAIN_TEXT}"`;
/** A JSON number as JSON writes it (sign, fraction, exponent): JSON.parse and `Number` read its text alike. */
const JSON_NUMBER = String.raw`-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?`;
/** A price or quantity: a JSON number (API v2), or a decimal text (Exchange v1) that `toNumber` reads. */
const NUMERIC = `(?:${JSON_NUMBER}|"${DECIMAL}")`;
/** A sequence number: a JSON integer short enough to be finite. */
const SEQ = String.raw`(?:0|[1-9]\d{0,19})`;

/**
 * A push's head, to the first row of `data`: `id`, `code` 0 and `method` "subscribe" (either order), then `result`
 * with its instrument, subscription and channel in one of the two orders Crypto.com sends, and a book's depth.
 * Sticky: matched from the start of the frame, `lastIndex` then at the first row.
 */
const PUSH_HEAD = new RegExp(
  String.raw`\{(?:"id":-?${INTEGER},)?(?:"code":0,"method":"subscribe"|"method":"subscribe","code":0),"result":\{(?:"instrument_name":${TEXT},"subscription":${TEXT},"channel":${TEXT}|"channel":${TEXT},"subscription":${TEXT},"instrument_name":${TEXT})(?:,"depth":${INTEGER})?,"data":\[`,
  "y",
);

/**
 * A trade row in the API v2 layout: `d` an integer or a text. An integer of 16 digits or more is what the JSON.parse
 * path quotes before JSON.parse: without sign, fraction or exponent it keeps every digit there, as here; shorter ones
 * `String` writes back alike. Sticky, as the next one: matched where the row starts, then walked (`walkV2TradeAt`).
 * They capture nothing: a captured text costs a copy to read, and the walk finds each value at a known offset.
 */
const TRADE_ROW_V2 = new RegExp(
  String.raw`\{"dataTime":${INTEGER},"d":(?:${INTEGER}|${TEXT}),"s":"(?:BUY|SELL)","p":${NUMERIC},"q":${NUMERIC},"t":${TIME_MS},"i":${TEXT}\}`,
  "y",
);

/** A trade row in the Exchange v1 layout. */
const TRADE_ROW_V1 = new RegExp(
  String.raw`\{"d":${TEXT},"t":${TIME_MS},"p":${NUMERIC},"q":${NUMERIC},"s":"(?:BUY|SELL)","i":${TEXT}\}`,
  "y",
);

/**
 * A level list, loosely: the characters of numbers, texts of them, brackets and commas. The walk reads it strictly
 * (`levelsAt`): a pattern of the rows themselves, a repeated group of alternatives, cost as much as JSON.parse.
 */
const LEVELS = String.raw`\[[-+.,"\[\]0-9eE]*\]`;
const SIDES = `(?:"bids":${LEVELS},"asks":${LEVELS}|"asks":${LEVELS},"bids":${LEVELS})`;

/**
 * A book item: a snapshot's sides or a delta's `update` of them, the time, then API v2's `s` or Exchange v1's `tt`,
 * `u`, `pu` and checksum `cs`. Sticky: matched where the item starts.
 */
const BOOK_ITEM = new RegExp(
  String.raw`\{(?:${SIDES}|"update":\{${SIDES}\}),"t":${TIME_MS}(?:,"tt":${TIME_MS})?(?:,"s":${SEQ}|,"u":${SEQ}(?:,"pu":${SEQ})?)(?:,"cs":-?${INTEGER})?\}`,
  "y",
);

const QUOTE = 34;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const UPPER_E = 69;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const LOWER_A = 97;
const LOWER_E = 101;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

const CHANNEL_KEY = '"channel":"';
const INSTRUMENT_KEY = '"instrument_name":"';
/** After the last row: `]` ends `data`, `}` `result`, `}` the push. */
const PUSH_END = "]}}";

/** The instrument names matched lately, handed out again for an equal one: the maps `placeOf` uses keep its hash. */
const matchedNatives = new RecentStrings(RECENT_NATIVES);

/** Where the last piece matched or walked ends; -1 where a walk met something it does not take. */
let matchedEnd = -1;

/**
 * A `trade`, `book` or `book.update` push in Crypto.com's layout, matched and read, to the events `parsePush` makes
 * of it; undefined for any other frame, and where the JSON.parse path would read it otherwise.
 */
export function matchPushFrame(frame: string, context: ParseContext): Parsed | undefined {
  if (frame.charCodeAt(0) !== OPEN_BRACE) return undefined;
  PUSH_HEAD.lastIndex = 0;
  if (!PUSH_HEAD.test(frame)) return undefined;
  const rowsAt = PUSH_HEAD.lastIndex;
  // The head holds one channel and one instrument, texts without quotes: the first of each key is the one.
  const channelAt = frame.indexOf(CHANNEL_KEY) + CHANNEL_KEY.length;
  let events: MarketDataEvent[] | undefined;
  if (frame.startsWith('trade"', channelAt)) {
    events = matchedTradesAt(frame, rowsAt, context);
  } else {
    const isSnapshot = frame.startsWith('book"', channelAt);
    if (!isSnapshot && !frame.startsWith('book.update"', channelAt)) return undefined;
    const nativeAt = frame.indexOf(INSTRUMENT_KEY) + INSTRUMENT_KEY.length;
    const native = matchedNatives.at(frame, nativeAt, frame.indexOf('"', nativeAt));
    events = matchedBookAt(frame, rowsAt, isSnapshot, native, context);
  }
  if (
    events === undefined ||
    matchedEnd + PUSH_END.length !== frame.length ||
    !frame.startsWith(PUSH_END, matchedEnd)
  )
    return undefined;
  return { kind: "events", events };
}

/**
 * Trade rows from `start` (the first row's `{`), each matched by its layout's pattern and walked, → trades, oldest
 * first, as `parseTrades` makes them (every row names its instrument, so the push's, that path's fallback, is not
 * needed); `matchedEnd` at the `]` after the last row.
 */
function matchedTradesAt(text: string, start: number, context: ParseContext): MarketDataEvent[] | undefined {
  const trades: TradeEvent[] = [];
  // The rows of a push name one instrument: its place is looked up once.
  let place: Place | undefined;
  let pos = start;
  for (;;) {
    // `{"dataTime"` (a) or `{"d"`.
    const isV2 = text.charCodeAt(pos + 3) === LOWER_A;
    const pattern = isV2 ? TRADE_ROW_V2 : TRADE_ROW_V1;
    pattern.lastIndex = pos;
    if (!pattern.test(text)) return undefined;
    if (isV2) walkV2TradeAt(text, pos);
    else walkV1TradeAt(text, pos);
    const row = walkedRow;
    // A zero price or quantity is the JSON.parse path's (malformed there).
    if (!isPositiveFinite(row.price) || !isPositiveFinite(row.size)) return undefined;
    if (place === undefined || row.native !== placeNative) {
      place = placeOf(row.native, context);
      placeNative = row.native;
    }
    trades.push(tradeEventOf(place, row.tsMs, row.price, row.size, row.side, row.tradeId, context));
    pos = pattern.lastIndex;
    if (text.charCodeAt(pos) !== COMMA) break;
    pos++;
  }
  matchedEnd = pos;
  return oldestFirst(trades);
}

/** The instrument whose place `matchedTradesAt` holds. */
let placeNative = "";

/** The values of the row a walk read last. */
const walkedRow = { native: "", tsMs: 0, price: 0, size: 0, side: "buy" as Side, tradeId: "" };

// The literals between a matched row's values, by length.
const V2_DATA_TIME_KEY = '{"dataTime":'.length;
const V2_D_KEY = ',"d":'.length;
const SIDE_KEY = ',"s":"'.length;
const V2_PRICE_AFTER_SIDE = '","p":'.length;
const NUMBER_KEY = ',"p":'.length;
const V2_NATIVE_KEY = ',"i":"'.length;
const V1_D_KEY = '{"d":'.length;
const V1_NATIVE_AFTER_SIDE = '","i":"'.length;

/** The API v2 row `TRADE_ROW_V2` matched at `start`, walked into `walkedRow`: dataTime, d, s, p, q, t, i. */
function walkV2TradeAt(text: string, start: number): void {
  const row = walkedRow;
  jsonNumberAt(text, start + V2_DATA_TIME_KEY);
  row.tradeId = matchedIdAt(text, matchedEnd + V2_D_KEY);
  const sideAt = matchedEnd + SIDE_KEY;
  row.side = text.charCodeAt(sideAt) === 66 ? "buy" : "sell";
  row.price = numericAt(text, sideAt + row.side.length + V2_PRICE_AFTER_SIDE);
  row.size = numericAt(text, matchedEnd + NUMBER_KEY);
  row.tsMs = jsonNumberAt(text, matchedEnd + NUMBER_KEY);
  const nativeAt = matchedEnd + V2_NATIVE_KEY;
  row.native = matchedNatives.at(text, nativeAt, text.indexOf('"', nativeAt));
}

/** The Exchange v1 row `TRADE_ROW_V1` matched at `start`, walked into `walkedRow`: d, t, p, q, s, i. */
function walkV1TradeAt(text: string, start: number): void {
  const row = walkedRow;
  row.tradeId = matchedIdAt(text, start + V1_D_KEY);
  row.tsMs = jsonNumberAt(text, matchedEnd + NUMBER_KEY);
  row.price = numericAt(text, matchedEnd + NUMBER_KEY);
  row.size = numericAt(text, matchedEnd + NUMBER_KEY);
  const sideAt = matchedEnd + SIDE_KEY;
  row.side = text.charCodeAt(sideAt) === 66 ? "buy" : "sell";
  const nativeAt = sideAt + row.side.length + V1_NATIVE_AFTER_SIDE;
  row.native = matchedNatives.at(text, nativeAt, text.indexOf('"', nativeAt));
}

/**
 * The trade id at `pos` (an integer, or a text's opening quote) as the JSON.parse path reads it; `matchedEnd` just
 * after it. Up to 15 digits without a leading zero are written back by `String` (a string of its own); longer ids
 * are slices of the frame, as the other venues' trade patterns hand out their groups (a copy cost a fifth of a
 * push's decode time).
 */
function matchedIdAt(text: string, pos: number): string {
  const isText = text.charCodeAt(pos) === QUOTE;
  const start = isText ? pos + 1 : pos;
  let end = start;
  while (isDigitCode(text.charCodeAt(end))) end++;
  const digits = end - start;
  const isShortNumber = digits > 0 && digits <= 15 && (digits === 1 || text.charCodeAt(start) !== ZERO);
  if (isText && text.charCodeAt(end) !== QUOTE) end = text.indexOf('"', end);
  const id =
    isShortNumber && end - start === digits ? String(jsonNumberAt(text, start)) : text.slice(start, end);
  matchedEnd = isText ? end + 1 : end;
  return id;
}

function isDigitCode(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

/**
 * Book items from `start` (the first item's `{`), each matched by `BOOK_ITEM` and walked, → the events `parseBook`
 * makes of them; `matchedEnd` at the `]` after the last item.
 */
function matchedBookAt(
  text: string,
  start: number,
  isSnapshot: boolean,
  native: string,
  context: ParseContext,
): MarketDataEvent[] | undefined {
  const events: MarketDataEvent[] = [];
  let pos = start;
  for (;;) {
    BOOK_ITEM.lastIndex = pos;
    if (!BOOK_ITEM.test(text)) return undefined;
    const end = BOOK_ITEM.lastIndex;
    const event = matchedBookItemAt(text, pos, isSnapshot, native, context);
    // The walk must end where the pattern did (at the item's `}`).
    if (event === undefined || matchedEnd !== end - 1) return undefined;
    events.push(event);
    pos = end;
    if (text.charCodeAt(pos) !== COMMA) break;
    pos++;
  }
  matchedEnd = pos;
  return events;
}

/**
 * The item `BOOK_ITEM` matched at `start` (its `{`), walked member by member to the event `parseBook` makes of it:
 * the sides where it reads them (a snapshot's own, a delta's `update`'s), seq = `u ?? s`, prevSeq = a delta's `pu`.
 * The pattern admitted the level lists loosely; the walk reads them strictly (the ones `parseBook` ignores too:
 * JSON.parse reads them all). `matchedEnd` at the item's `}`, where the pattern ended (the caller checks).
 */
function matchedBookItemAt(
  text: string,
  start: number,
  isSnapshot: boolean,
  native: string,
  context: ParseContext,
): BookEvent | undefined {
  let ownBids: Level[] | undefined;
  let ownAsks: Level[] | undefined;
  let hasUpdate = false;
  let tsMs = Number.NaN;
  let seq: number | undefined;
  let prevSeq: number | undefined;
  // At the `{` or `,` before a member, told by its key's first letter (and second, where two keys share one): the
  // pattern fixed every member but the level lists, and no key letter can stand in a level list, so a walk that
  // left a list early is refused at the next key.
  let pos = start;
  do {
    const keyAt = pos + 1;
    const isShortKey = text.charCodeAt(keyAt + 2) === QUOTE;
    switch (text.charCodeAt(keyAt + 1)) {
      case 98: // "bids":
        ownBids = levelsAt(text, keyAt + 7);
        break;
      case 97: // "asks":
        ownAsks = levelsAt(text, keyAt + 7);
        break;
      case 116: // "t": and "tt":
        if (isShortKey) tsMs = jsonNumberAt(text, keyAt + 4);
        else jsonNumberAt(text, keyAt + 5);
        break;
      case 117: // "u": and "update":
        if (isShortKey) seq = jsonNumberAt(text, keyAt + 4);
        else hasUpdate = sidesAt(text, keyAt + 9);
        break;
      case 115: // "s" (the pattern admits `s` or `u`, not both)
        seq = jsonNumberAt(text, keyAt + 4);
        break;
      case 112: // "pu":
        prevSeq = jsonNumberAt(text, keyAt + 5);
        break;
      case 99: // "cs":
        jsonNumberAt(text, keyAt + 5);
        break;
      default:
        refused();
    }
    if (matchedEnd < 0) return undefined;
    pos = matchedEnd;
  } while (text.charCodeAt(pos) === COMMA);
  matchedEnd = pos;
  const bids = isSnapshot ? ownBids : hasUpdate ? updateBids : undefined;
  const asks = isSnapshot ? ownAsks : hasUpdate ? updateAsks : undefined;
  if (bids === undefined || asks === undefined) return undefined;
  return bookEventOf(native, tsMs, isSnapshot, bids, asks, seq, isSnapshot ? undefined : prevSeq, context);
}

/** The sides `sidesAt` read from an `update`. */
let updateBids: Level[] | undefined;
let updateAsks: Level[] | undefined;

/** An `update` at `start` (its `{`): its two sides into `updateBids` and `updateAsks`; false where not taken. */
function sidesAt(text: string, start: number): boolean {
  updateBids = undefined;
  updateAsks = undefined;
  // At the `{` or `,` before each of the two members the pattern admits.
  let pos = start;
  for (let member = 0; member < 2; member++) {
    // `"bids":` or `"asks":` (b, a), either order.
    const letter = text.charCodeAt(pos + 2);
    if (letter === 98) updateBids = levelsAt(text, pos + 8);
    else if (letter === 97) updateAsks = levelsAt(text, pos + 8);
    else refused();
    if (matchedEnd < 0) return false;
    pos = matchedEnd;
  }
  if (text.charCodeAt(pos) !== CLOSE_BRACE || updateBids === undefined || updateAsks === undefined) {
    matchedEnd = -1;
    return false;
  }
  // Past the `update`'s `}`.
  matchedEnd = pos + 1;
  return true;
}

/**
 * A level list at `start` → levels, as `toBookLevels` reads them: price and quantity JSON numbers or texts (read as
 * `toNumber` reads them), items after them skipped. Strict: JSON's grammar, as JSON.parse reads it; undefined
 * (`matchedEnd` -1) for anything else, and for a row `toBookLevels` would refuse.
 */
function levelsAt(text: string, start: number): Level[] | undefined {
  if (text.charCodeAt(start) !== OPEN_BRACKET) return refused();
  const levels: Level[] = [];
  let pos = start + 1;
  if (text.charCodeAt(pos) !== CLOSE_BRACKET) {
    for (;;) {
      if (text.charCodeAt(pos) !== OPEN_BRACKET) return refused();
      const price = numericAt(text, pos + 1);
      if (matchedEnd < 0 || text.charCodeAt(matchedEnd) !== COMMA) return refused();
      const size = numericAt(text, matchedEnd + 1);
      pos = matchedEnd;
      // The order count, and anything after it.
      while (pos >= 0 && text.charCodeAt(pos) === COMMA) {
        numericAt(text, pos + 1);
        pos = matchedEnd;
      }
      if (pos < 0 || text.charCodeAt(pos) !== CLOSE_BRACKET) return refused();
      if (!isPositiveFinite(price) || !(size >= 0 && size < Number.POSITIVE_INFINITY)) return refused();
      levels.push([price, size]);
      // Past the row's `]`: `,` and the next row, or the list's `]`.
      const code = text.charCodeAt(++pos);
      if (code === CLOSE_BRACKET) break;
      if (code !== COMMA) return refused();
      pos++;
    }
  }
  matchedEnd = pos + 1;
  return levels;
}

function refused(): undefined {
  matchedEnd = -1;
  return undefined;
}

/**
 * The value at `pos` as `toNumber` reads it: a JSON number as JSON.parse reads it, or a text (`readDecimalIn` of it,
 * NaN for an empty one); NaN (`matchedEnd` -1) for anything else. The level pattern kept escapes and control
 * characters out of texts.
 */
function numericAt(text: string, pos: number): number {
  if (text.charCodeAt(pos) !== QUOTE) return jsonNumberAt(text, pos);
  // A text written as a JSON number (`"20439.5"`) is read in one pass: `toNumber` gives it the same double.
  const value = jsonNumberAt(text, pos + 1);
  if (matchedEnd >= 0 && text.charCodeAt(matchedEnd) === QUOTE) {
    matchedEnd++;
    return value;
  }
  const end = text.indexOf('"', pos + 1);
  matchedEnd = end < 0 ? -1 : end + 1;
  return readDecimalIn(text, pos + 1, end);
}

/**
 * The JSON number at `start`, as JSON.parse reads it, checked to JSON's grammar (NaN, `matchedEnd` -1, where it is
 * no number). Up to 15 digits are read nine at a time into int32 halves (integer adds, not a chain of double
 * multiplies) and divided by an exact power of ten, the correctly rounded double JSON.parse gives; longer numbers
 * and exponents go to `Number`, which reads JSON's grammar alike.
 */
function jsonNumberAt(text: string, start: number): number {
  let pos = start;
  // `| 0` keeps codes integers (past the end `charCodeAt` is NaN, which would make them doubles); 0 is no digit.
  let code = text.charCodeAt(pos) | 0;
  const isNegative = code === MINUS;
  if (isNegative) code = text.charCodeAt(++pos) | 0;
  let high = 0;
  let low = 0;
  let digits = 0;
  if (code === ZERO) {
    digits = 1;
    code = text.charCodeAt(++pos) | 0;
  } else if (code > ZERO && code <= NINE) {
    do {
      if (digits < 9) high = (high * 10 + (code - ZERO)) | 0;
      else low = (low * 10 + (code - ZERO)) | 0;
      digits++;
      code = text.charCodeAt(++pos) | 0;
    } while (code >= ZERO && code <= NINE);
  } else {
    matchedEnd = -1;
    return Number.NaN;
  }
  let fractionDigits = 0;
  if (code === DOT) {
    code = text.charCodeAt(++pos) | 0;
    if (code < ZERO || code > NINE) {
      matchedEnd = -1;
      return Number.NaN;
    }
    do {
      if (digits < 9) high = (high * 10 + (code - ZERO)) | 0;
      else low = (low * 10 + (code - ZERO)) | 0;
      digits++;
      fractionDigits++;
      code = text.charCodeAt(++pos) | 0;
    } while (code >= ZERO && code <= NINE);
  }
  if (code === LOWER_E || code === UPPER_E) {
    code = text.charCodeAt(++pos) | 0;
    if (code === PLUS || code === MINUS) code = text.charCodeAt(++pos) | 0;
    if (code < ZERO || code > NINE) {
      matchedEnd = -1;
      return Number.NaN;
    }
    do code = text.charCodeAt(++pos) | 0;
    while (code >= ZERO && code <= NINE);
    matchedEnd = pos;
    return Number(text.slice(start, pos));
  }
  matchedEnd = pos;
  // Past 15 digits `low` may have wrapped; 15 digits are below 2^53, so the halves join exactly.
  if (digits > 15) return Number(text.slice(start, pos));
  const mantissa = digits <= 9 ? high : high * POW10[digits - 9]! + low;
  const value = fractionDigits === 0 ? mantissa : mantissa / POW10[fractionDigits]!;
  return isNegative ? -value : value;
}

// ── ticker and open interest ───────────────────────────────────────────────────────────────────────────────────

/**
 * The ticker of a `ticker` push item or a `public/get-tickers` row. `c` is a ratio in API v1 (0.0395 = +3.95 %);
 * the older v2 frames sent the absolute change as a JSON number, which is left out.
 */
export function tickerOf(
  item: Data,
  context: ParseContext,
  fallbackNative?: string,
): TickerEvent | undefined {
  const native = textOf(item.i) ?? fallbackNative;
  const tsMs = toNumber(item.t);
  if (!native || !isTime(tsMs)) return undefined;
  const event: TickerEvent = { kind: "ticker", ...baseOf(native, tsMs, context) };
  const change = typeof item.c === "string" ? toOptionalNumber(item.c) : undefined;
  const quote = readCryptocomName(native)?.quote;
  return assignDefined(event, {
    last: toOptionalNumber(item.a),
    bid: toOptionalNumber(item.b),
    bidSize: toOptionalNumber(item.bs),
    ask: toOptionalNumber(item.k),
    askSize: toOptionalNumber(item.ks),
    high24h: toOptionalNumber(item.h),
    low24h: toOptionalNumber(item.l),
    volume24h: toOptionalNumber(item.v),
    // `vv` is "volume value (in USD)": the quote volume only where the quote is USD or a USD stablecoin.
    quoteVolume24h: quote && USD_QUOTES.has(quote) ? toOptionalNumber(item.vv) : undefined,
    changePct24h: change === undefined ? undefined : Number((change * 100).toFixed(10)),
  });
}

/** Open interest of a derivative's ticker (`oi`, in contracts of one base unit), valued at the last trade. */
export function openInterestOf(item: Data, ticker: TickerEvent): OpenInterestEvent | undefined {
  if (ticker.account !== "linear") return undefined;
  const openInterest = toOptionalNumber(item.oi);
  if (openInterest === undefined) return undefined;
  const event: OpenInterestEvent = {
    kind: "open_interest",
    exchange: ticker.exchange,
    account: ticker.account,
    symbol: ticker.symbol,
    tsMs: ticker.tsMs,
    recvTsUs: ticker.recvTsUs,
    openInterest,
  };
  return assignDefined(event, {
    openInterestValue: ticker.last === undefined ? undefined : openInterest * ticker.last,
  });
}

function parseTickers(native: string | undefined, items: unknown[], context: ParseContext): ParseOutcome {
  const events: MarketDataEvent[] = [];
  for (const item of items) {
    if (!isRecord(item)) return malformed("ticker");
    const ticker = tickerOf(item, context, native);
    if (!ticker) return malformed("ticker");
    events.push(ticker);
    const openInterest = openInterestOf(item, ticker);
    if (openInterest) events.push(openInterest);
  }
  if (events.length === 0) return { kind: "ignored", reason: "empty ticker push" };
  return events;
}

// ── candlesticks ───────────────────────────────────────────────────────────────────────────────────────────────

/** First millisecond after the bar that opens at `openTimeMs` (calendar months for `1M`). */
export function barEndOf(openTimeMs: number, interval: string): number {
  if (interval === "1M") return nextMonthOpenMs(openTimeMs);
  return openTimeMs + (INTERVAL_MS[interval] ?? Number.NaN);
}

/** One candle row → a kline in progress (`closed: false`); undefined when a value is unusable. */
export function klineOf(
  row: Data,
  native: string,
  interval: string,
  tsMs: number,
  context: ParseContext,
): KlineEvent | undefined {
  const openTimeMs = toNumber(row.t);
  const values = [row.o, row.h, row.l, row.c, row.v].map(requiredNumber);
  const endMs = barEndOf(openTimeMs, interval);
  if (!isTime(openTimeMs) || !Number.isFinite(endMs) || !values.every(Number.isFinite)) return undefined;
  const [open, high, low, close, volume] = values as [number, number, number, number, number];
  return {
    kind: "kline",
    ...baseOf(native, tsMs, context),
    interval,
    openTimeMs,
    closeTimeMs: endMs - 1,
    open,
    high,
    low,
    close,
    volume,
    closed: false,
  };
}

/**
 * `candlestick.{timeframe}.{instrument}` → bars. The channel never says a bar is final: a bar is final once a later
 * one starts, so the session keeps the newest bar per channel and emits it once more with `closed: true` when a
 * later bar arrives (also within one push, which may list several bars). After a reconnect the session is empty
 * and the bar cut off by the outage is left to REST backfill.
 */
function parseCandles(
  native: string,
  subscription: string,
  intervalField: unknown,
  items: unknown[],
  context: ParseContext,
): ParseOutcome {
  const timeframe = subscription.split(".")[1] ?? (typeof intervalField === "string" ? intervalField : "");
  const interval = intervalOfTimeframe(timeframe);
  if (!interval) return { kind: "unmatched", topic: `candlestick.${timeframe}` };
  const recvMs = recvMsOf(context);
  const bars: KlineEvent[] = [];
  for (const item of items) {
    if (!isRecord(item)) return malformed("candlestick");
    const openTimeMs = toNumber(item.t);
    const bar = klineOf(item, native, interval, Math.max(openTimeMs, recvMs), context);
    if (!bar) return malformed("candlestick");
    bars.push(bar);
  }
  bars.sort((a, b) => a.openTimeMs - b.openTimeMs);
  const key = `cryptocom-kline|${subscription || `${timeframe}.${native}`}`;
  let held = context.session.get(key) as KlineEvent | undefined;
  let heldIsNew = false;
  const events: MarketDataEvent[] = [];
  for (const bar of bars) {
    if (held && bar.openTimeMs < held.openTimeMs) continue;
    if (held && bar.openTimeMs > held.openTimeMs) {
      events.push({ ...held, tsMs: bar.openTimeMs, recvTsUs: context.recvTsUs, closed: true });
    }
    held = bar;
    heldIsNew = true;
  }
  if (!held || !heldIsNew) return { kind: "ignored", reason: "candles older than the current bar" };
  context.session.set(key, held);
  events.push(held);
  return events;
}

// ── mark, index, funding ───────────────────────────────────────────────────────────────────────────────────────

interface IndexSample {
  value: number;
  tsMs: number;
}

function indexKeyOf(indexNative: string): string {
  return `cryptocom-index|${indexNative.toUpperCase()}`;
}

/** `index.{BTCUSD-INDEX}` feeds no stream of its own here: the newest value is kept for the mark price. */
function keepIndex(native: string, items: unknown[], context: ParseContext): ParseOutcome {
  for (const item of items) {
    if (!isRecord(item)) return malformed("index");
    const value = toNumber(item.v);
    const tsMs = toNumber(item.t);
    if (!Number.isFinite(value) || !isTime(tsMs)) return malformed("index");
    const key = indexKeyOf(native);
    const held = context.session.get(key) as IndexSample | undefined;
    if (!held || held.tsMs <= tsMs) context.session.set(key, { value, tsMs });
  }
  return { kind: "ignored", reason: "index price, kept for the mark price" };
}

function parseMarks(native: string, items: unknown[], context: ParseContext): ParseOutcome {
  const indexNative = underlyingIndexOf(native);
  const events: MarketDataEvent[] = [];
  for (const item of items) {
    if (!isRecord(item)) return malformed("mark");
    const markPrice = toNumber(item.v);
    const tsMs = toNumber(item.t);
    if (!Number.isFinite(markPrice) || !isTime(tsMs)) return malformed("mark");
    const event: MarkPriceEvent = { kind: "mark_price", ...baseOf(native, tsMs, context), markPrice };
    const index = indexNative
      ? (context.session.get(indexKeyOf(indexNative)) as IndexSample | undefined)
      : undefined;
    if (index && Math.abs(index.tsMs - tsMs) <= INDEX_PAIRING_MS) event.indexPrice = index.value;
    events.push(event);
  }
  if (events.length === 0) return { kind: "ignored", reason: "empty mark push" };
  return events;
}

/** A funding row: the hourly rate that settles at the end of the hour it was published in. */
export function fundingOf(item: Data, native: string, context: ParseContext): FundingRateEvent | undefined {
  const rate = toNumber(item.v);
  const tsMs = toNumber(item.t);
  if (!Number.isFinite(rate) || !isTime(tsMs)) return undefined;
  return {
    kind: "funding_rate",
    ...baseOf(native, tsMs, context),
    rate,
    nextFundingTsMs: Math.floor(tsMs / HOUR_MS) * HOUR_MS + HOUR_MS,
  };
}

function parseFunding(native: string, items: unknown[], context: ParseContext): ParseOutcome {
  const events: MarketDataEvent[] = [];
  for (const item of items) {
    const event = isRecord(item) ? fundingOf(item, native, context) : undefined;
    if (!event) return malformed("funding");
    events.push(event);
  }
  if (events.length === 0) return { kind: "ignored", reason: "empty funding push" };
  return events;
}

// ── answers and errors ─────────────────────────────────────────────────────────────────────────────────────────

function ackOf(message: Data): Parsed {
  const id = toId(message.id);
  const channel = textOf(message.channel);
  return {
    kind: "ack",
    note: `${message.method as string}${channel ? ` ${channel}` : ""}${id ? ` (id ${id})` : ""}`,
  };
}

function venueErrorOf(message: Data, code: number): Parsed {
  const text = textOf(message.message) ?? "request failed";
  const method = textOf(message.method);
  const channel = textOf(message.channel);
  const id = toId(message.id);
  const where = [method, channel, id ? `id ${id}` : undefined].filter(Boolean).join(", ");
  const codeText = Number.isFinite(code) ? `code ${code}: ` : "";
  return {
    kind: "venue-error",
    message: `${codeText}${text}${where ? ` (${where})` : ""}`,
    retryable: RETRYABLE_CODES.has(code),
  };
}
