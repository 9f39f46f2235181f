// Crypto.com's `trade`, `book` and `book.update` pushes read in the venue's exact layouts, to the events parse.ts's
// JSON.parse path makes of them: this file owns the head pattern and its walk, the walks over trade rows and book
// items (each literal and value checked as it is read), and the in-place reads of their values (the usual forms of
// a number by short readers, any other by `readJsonNumberAt`). Anything the pattern or a walk turns away comes back
// undefined, and parse.ts hands the frame to its JSON.parse path.

import type { BookEvent, Level, MarketDataEvent, Side, TradeEvent } from "../../core/index.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import {
  checkedRead,
  plainTextEndAt,
  readDecimalTextAt,
  readShortJsonNumberAt,
  upperSideEndAt,
} from "../_shared/checked-values.ts";
import { tradeEventAt } from "../_shared/event-base.ts";
import { INTEGER, PLAIN_TEXT } from "../_shared/frame-patterns.ts";
import { jsonNumberRead, readJsonNumberAt } from "../_shared/json-number.ts";
import { digitsEndAt } from "../_shared/matched-values.ts";
import { hasTextAt, RECENT_NATIVES, RecentStrings } from "../_shared/scan.ts";
import { isPositiveFinite, readDecimalIn } from "../_shared/values.ts";
import { bookEventOf, oldestFirst, type Place, placeOf } from "./events.ts";

// ── book and trade pushes matched whole ────────────────────────────────────────────────────────────────────────

// JSON.parse's tree, and the quoting of big trade ids before it, were most of a push's decode time. A push's head
// is matched by a pattern (run natively) and walked to its channel and instrument; its trade rows and book items,
// of fixed member orders, are walked alone, each key, value form and separator checked as it is read (a pattern run
// before each row or item cost more than the checks). A repeated group of alternatives ("members in any order") ran
// ten times slower. Anything the pattern or a walk turns away, and any value the JSON.parse path would read
// otherwise or call malformed, returns undefined, and the frame takes that path, which judges it.

/** A JSON string without escapes (JSON.parse gives its text as written, and it holds no quote), and not empty. */
const TEXT = `"${PLAIN_TEXT}"`;

/**
 * A push's head, to the first row of `data`: `id`, `code` 0 and `method` "subscribe" (either order), then `result`
 * with its instrument, subscription and channel in one of the two orders Crypto.com sends, and a book's depth.
 * Sticky: matched from the start of the frame, `lastIndex` then at the first row.
 */
const PUSH_HEAD = new RegExp(
  String.raw`\{(?:"id":-?${INTEGER},)?(?:"code":0,"method":"subscribe"|"method":"subscribe","code":0),"result":\{(?:"instrument_name":${TEXT},"subscription":${TEXT},"channel":${TEXT}|"channel":${TEXT},"subscription":${TEXT},"instrument_name":${TEXT})(?:,"depth":${INTEGER})?,"data":\[`,
  "y",
);

const QUOTE = 34;
const COMMA = 44;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const LOWER_A = 97;
const LOWER_E = 101;
const LOWER_I = 105;
const LOWER_D = 100;
const LOWER_P = 112;
const LOWER_Q = 113;
const LOWER_S = 115;
const LOWER_T = 116;
const LOWER_U = 117;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

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
  walkHead(frame);
  const channelAt = headChannelAt;
  let events: MarketDataEvent[] | undefined;
  if (frame.startsWith('trade"', channelAt)) {
    events = matchedTradesAt(frame, rowsAt, context);
  } else {
    const isSnapshot = frame.startsWith('book"', channelAt);
    if (!isSnapshot && !frame.startsWith('book.update"', channelAt)) return undefined;
    const native = matchedNatives.at(frame, headNativeAt, headNativeEnd);
    events = matchedBookAt(frame, rowsAt, isSnapshot, native, context);
  }
  // `]}}` after the last row, and nothing after it.
  const end = matchedEnd;
  if (
    events === undefined ||
    end + PUSH_END.length !== frame.length ||
    frame.charCodeAt(end) !== CLOSE_BRACKET ||
    frame.charCodeAt(end + 1) !== CLOSE_BRACE ||
    frame.charCodeAt(end + 2) !== CLOSE_BRACE
  )
    return undefined;
  return { kind: "events", events };
}

/** Where `walkHead` found the channel's text, and the instrument's text [at, end). */
let headChannelAt = 0;
let headNativeAt = 0;
let headNativeEnd = 0;

// The head's literals, by length.
const ID_KEY = '{"id":'.length;
const CODE_AND_METHOD_TO_RESULT = '"code":0,"method":"subscribe","result":{'.length;
const INSTRUMENT_KEY = '"instrument_name":"'.length;
const CHANNEL_KEY = '"channel":"'.length;
const SUBSCRIPTION_AFTER_TEXT = '","subscription":"'.length;
const CHANNEL_AFTER_TEXT = '","channel":"'.length;
const INSTRUMENT_AFTER_TEXT = '","instrument_name":"'.length;

/**
 * The head `PUSH_HEAD` matched at the frame's start, walked to its channel and instrument texts (`headChannelAt`,
 * `headNativeAt`, `headNativeEnd`): the pattern fixed every literal, and its texts hold no quote, so each one ends
 * at the next quote (found within the head: a bound the pattern guarantees).
 */
function walkHead(frame: string): void {
  let pos = 1;
  // `"id":-?INTEGER,`, where sent.
  if (frame.charCodeAt(2) === LOWER_I) {
    pos = ID_KEY;
    if (frame.charCodeAt(pos) === MINUS) pos++;
    pos = digitsEndAt(frame, pos) + 1;
  }
  // `"code":0,"method":"subscribe"` or `"method":"subscribe","code":0`, then `,"result":{`: one length.
  pos += CODE_AND_METHOD_TO_RESULT;
  if (frame.charCodeAt(pos + 1) === LOWER_I) {
    // instrument_name, subscription, channel.
    headNativeAt = pos + INSTRUMENT_KEY;
    headNativeEnd = quoteAt(frame, headNativeAt);
    headChannelAt = quoteAt(frame, headNativeEnd + SUBSCRIPTION_AFTER_TEXT) + CHANNEL_AFTER_TEXT;
  } else {
    // channel, subscription, instrument_name.
    headChannelAt = pos + CHANNEL_KEY;
    const subscriptionAt = quoteAt(frame, headChannelAt) + SUBSCRIPTION_AFTER_TEXT;
    headNativeAt = quoteAt(frame, subscriptionAt) + INSTRUMENT_AFTER_TEXT;
    headNativeEnd = quoteAt(frame, headNativeAt);
  }
}

/** The first quote at or after `pos` (the frame's length where none is: the pattern rules that out). */
function quoteAt(text: string, pos: number): number {
  let at = pos;
  while (at < text.length && text.charCodeAt(at) !== QUOTE) at++;
  return at;
}

/**
 * Trade rows from `start` (the first row's `{`), each walked in its layout's member order, every literal and value
 * checked as it is read (what a row pattern admitted, measured ~36 ns a row run before the walk), → trades, oldest
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
    const nativeAt =
      text.charCodeAt(pos + 3) === LOWER_A ? walkV2TradeAt(text, pos) : walkV1TradeAt(text, pos);
    if (nativeAt < 0) return undefined;
    const row = walkedRow;
    // A zero price or quantity is the JSON.parse path's (malformed there).
    if (!isPositiveFinite(row.price) || !isPositiveFinite(row.size)) return undefined;
    // Both layouts end in `"i":"<instrument>"}`: the instrument of the row before (a plain text, so equal to it up to
    // a quote), else a plain text of its own, whose place is looked up.
    let nativeEnd = nativeAt + placeNative.length;
    if (
      place === undefined ||
      text.charCodeAt(nativeEnd) !== QUOTE ||
      !hasTextAt(text, nativeAt, placeNative)
    ) {
      nativeEnd = plainTextEndAt(text, nativeAt);
      if (nativeEnd < 0) return undefined;
      placeNative = matchedNatives.at(text, nativeAt, nativeEnd);
      place = placeOf(placeNative, context);
    }
    if (text.charCodeAt(nativeEnd + 1) !== CLOSE_BRACE) return undefined;
    trades.push(
      tradeEventAt(
        context,
        place.account,
        place.symbol,
        row.tsMs,
        row.price,
        row.size,
        row.side,
        row.tradeId,
      ),
    );
    pos = nativeEnd + 2;
    if (text.charCodeAt(pos) !== COMMA) break;
    pos++;
  }
  matchedEnd = pos;
  return oldestFirst(trades);
}

/** The instrument whose place `matchedTradesAt` holds. */
let placeNative = "";

/** The values of the row a walk read last. */
const walkedRow = { tsMs: 0, price: 0, size: 0, side: "buy" as Side, tradeId: "" };

// The literals that open a row, and the length of a key `,"x":` (`isKeyAt`) and of one before a text (`,"x":"`).
const V2_DATA_TIME_KEY = '{"dataTime":';
const V1_D_KEY = '{"d":"';
const KEY = 5;
const TEXT_KEY = 6;

/**
 * The API v2 row at `start`, `{"dataTime":INTEGER,"d":(INTEGER|TEXT),"s":"BUY|SELL","p":N,"q":N,"t":TIME,"i":"`,
 * walked into `walkedRow` (dataTime skipped); where its instrument's text starts, or -1 for any other row.
 */
function walkV2TradeAt(text: string, start: number): number {
  if (!hasTextAt(text, start, V2_DATA_TIME_KEY)) return -1;
  const pos = integerEndAt(text, start + V2_DATA_TIME_KEY.length);
  if (pos < 0 || !isKeyAt(text, pos, LOWER_D)) return -1;
  const row = walkedRow;
  row.tradeId = checkedIdAt(text, pos + KEY);
  if (matchedEnd < 0 || !isKeyAt(text, matchedEnd, LOWER_S)) return -1;
  const sideEnd = text.charCodeAt(matchedEnd + KEY) === QUOTE ? sideEndAt(text, matchedEnd + TEXT_KEY) : -1;
  if (sideEnd < 0 || !isKeyAt(text, sideEnd, LOWER_P)) return -1;
  row.price = rowNumericAt(text, sideEnd + KEY);
  if (matchedEnd < 0 || !isKeyAt(text, matchedEnd, LOWER_Q)) return -1;
  row.size = rowNumericAt(text, matchedEnd + KEY);
  if (matchedEnd < 0 || !isKeyAt(text, matchedEnd, LOWER_T)) return -1;
  row.tsMs = timeAt(text, matchedEnd + KEY);
  if (matchedEnd < 0 || !isKeyAt(text, matchedEnd, LOWER_I) || text.charCodeAt(matchedEnd + KEY) !== QUOTE)
    return -1;
  return matchedEnd + TEXT_KEY;
}

/**
 * The Exchange v1 row at `start`, `{"d":TEXT,"t":TIME,"p":N,"q":N,"s":"BUY|SELL","i":"`, walked into `walkedRow`;
 * where its instrument's text starts, or -1 for any other row.
 */
function walkV1TradeAt(text: string, start: number): number {
  if (!hasTextAt(text, start, V1_D_KEY)) return -1;
  const row = walkedRow;
  row.tradeId = checkedIdAt(text, start + V1_D_KEY.length - 1);
  if (matchedEnd < 0 || !isKeyAt(text, matchedEnd, LOWER_T)) return -1;
  row.tsMs = timeAt(text, matchedEnd + KEY);
  if (matchedEnd < 0 || !isKeyAt(text, matchedEnd, LOWER_P)) return -1;
  row.price = rowNumericAt(text, matchedEnd + KEY);
  if (matchedEnd < 0 || !isKeyAt(text, matchedEnd, LOWER_Q)) return -1;
  row.size = rowNumericAt(text, matchedEnd + KEY);
  if (matchedEnd < 0 || !isKeyAt(text, matchedEnd, LOWER_S)) return -1;
  const sideEnd = text.charCodeAt(matchedEnd + KEY) === QUOTE ? sideEndAt(text, matchedEnd + TEXT_KEY) : -1;
  if (sideEnd < 0 || !isKeyAt(text, sideEnd, LOWER_I) || text.charCodeAt(sideEnd + KEY) !== QUOTE) return -1;
  return sideEnd + TEXT_KEY;
}

/** `BUY"` or `SELL"` at `pos` (`upperSideEndAt`) into `walkedRow.side`: where the quote's after; -1 for any other text. */
function sideEndAt(text: string, pos: number): number {
  const end = upperSideEndAt(text, pos);
  if (end < 0) return -1;
  walkedRow.side = end === pos + 3 ? "buy" : "sell";
  return end + 1;
}

/** Where the JSON integer (`0|[1-9]\d*`) at `pos` ends; -1 where none is. */
function integerEndAt(text: string, pos: number): number {
  const end = digitsEndAt(text, pos);
  return end === pos || (end - pos > 1 && text.charCodeAt(pos) === ZERO) ? -1 : end;
}

/**
 * The trade id at `pos` (a JSON integer, or a plain text's opening quote) as the JSON.parse path
 * reads it; `matchedEnd` just after it, -1 for any other form. Up to 15 digits without a leading zero are written
 * back by `String` (a string of its own); longer ids and other texts are slices of the frame, as the other venues'
 * trade patterns hand out their groups (a copy cost a fifth of a push's decode time).
 */
function checkedIdAt(text: string, pos: number): string {
  const isText = text.charCodeAt(pos) === QUOTE;
  const start = isText ? pos + 1 : pos;
  let end = digitsEndAt(text, start);
  const digits = end - start;
  const hasLeadingZero = digits > 1 && text.charCodeAt(start) === ZERO;
  if (isText) {
    if (text.charCodeAt(end) !== QUOTE) end = plainTextEndAt(text, end);
    else if (digits === 0) end = -1;
  } else if (digits === 0 || hasLeadingZero) end = -1;
  if (end < 0) {
    matchedEnd = -1;
    return "";
  }
  const id =
    digits <= 15 && !hasLeadingZero && end - start === digits
      ? String(jsonNumberAt(text, start))
      : text.slice(start, end);
  matchedEnd = isText ? end + 1 : end;
  return id;
}

/**
 * Epoch milliseconds at `pos` (`[1-9]\d{0,15}`), its end in `matchedEnd`; NaN (`matchedEnd` -1) for any other form.
 * Up to 15 digits are one exact mantissa; 16 are `jsonNumberAt`'s.
 */
function timeAt(text: string, pos: number): number {
  let end = pos;
  let code = text.charCodeAt(end) | 0;
  let mantissa = 0;
  while (code >= ZERO && code <= NINE) {
    mantissa = mantissa * 10 + (code - ZERO);
    code = text.charCodeAt(++end) | 0;
  }
  const digits = end - pos;
  if (digits === 0 || digits > 16 || text.charCodeAt(pos) === ZERO) {
    matchedEnd = -1;
    return Number.NaN;
  }
  if (digits > 15) return jsonNumberAt(text, pos);
  matchedEnd = end;
  return mantissa;
}

/**
 * A trade's price or quantity at `pos`, a JSON number or a decimal text (`"\d+(\.\d+)?"`), as `numericAt` reads it;
 * NaN (`matchedEnd` -1) for any other form (a text `toNumber` reads otherwise: an exponent, a sign, spaces).
 */
function rowNumericAt(text: string, pos: number): number {
  if (text.charCodeAt(pos) !== QUOTE) return decimalAt(text, pos);
  const value = readDecimalTextAt(text, pos + 1);
  const end = checkedRead.end;
  matchedEnd = end < 0 ? -1 : end + 1;
  return value;
}

/** Whether the key `,"<letter>":` stands at `pos`. */
function isKeyAt(text: string, pos: number, letter: number): boolean {
  return (
    text.charCodeAt(pos) === COMMA &&
    text.charCodeAt(pos + 1) === QUOTE &&
    text.charCodeAt(pos + 2) === letter &&
    text.charCodeAt(pos + 3) === QUOTE &&
    text.charCodeAt(pos + 4) === COLON
  );
}

/**
 * Book items from `start` (the first item's `{`), each walked (`bookItemAt`), → the events `parseBook` makes of them;
 * `matchedEnd` at the `]` after the last item.
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
    const event = bookItemAt(text, pos, isSnapshot, native, context);
    if (event === undefined) return undefined;
    events.push(event);
    // Past the item's `}`.
    pos = matchedEnd + 1;
    if (text.charCodeAt(pos) !== COMMA) break;
    pos++;
  }
  matchedEnd = pos;
  return events;
}

/**
 * The item at `start`, walked in the one member order Crypto.com sends and checked as it is read, to the event
 * `parseBook` makes of it: a snapshot's own sides, or a delta's `update` of them (either side first), `"t"`, then
 * Exchange v1's `"tt"` (skipped), `"s"` (API v2) or `"u"` and `"pu"`, and the checksum `"cs"` (skipped); seq =
 * `u ?? s`, prevSeq = a delta's `pu`. Undefined for anything else (`matchedEnd` then meaningless); else `matchedEnd`
 * at the item's `}`.
 */
function bookItemAt(
  text: string,
  start: number,
  isSnapshot: boolean,
  native: string,
  context: ParseContext,
): BookEvent | undefined {
  let pos: number;
  if (isSnapshot) {
    if (!sidesAt(text, start)) return undefined;
    pos = matchedEnd;
  } else {
    if (!hasTextAt(text, start, UPDATE_KEY) || !sidesAt(text, start + UPDATE_KEY.length)) return undefined;
    pos = matchedEnd;
    if (text.charCodeAt(pos++) !== CLOSE_BRACE) return undefined;
  }
  const bids = walkedBids!;
  const asks = walkedAsks!;
  if (!isKeyAt(text, pos, LOWER_T)) return undefined;
  const tsMs = timeAt(text, pos + KEY);
  pos = matchedEnd;
  if (pos < 0) return undefined;
  if (hasTextAt(text, pos, TT_KEY)) {
    timeAt(text, pos + TT_KEY.length);
    pos = matchedEnd;
    if (pos < 0) return undefined;
  }
  let seq: number;
  let prevSeq: number | undefined;
  if (isKeyAt(text, pos, LOWER_S)) {
    seq = seqAt(text, pos + KEY);
    pos = matchedEnd;
  } else if (isKeyAt(text, pos, LOWER_U)) {
    seq = seqAt(text, pos + KEY);
    pos = matchedEnd;
    if (pos >= 0 && hasTextAt(text, pos, PU_KEY)) {
      prevSeq = seqAt(text, pos + PU_KEY.length);
      pos = matchedEnd;
    }
  } else return undefined;
  if (pos < 0) return undefined;
  if (hasTextAt(text, pos, CS_KEY)) {
    pos = integerEndAt(
      text,
      text.charCodeAt(pos + CS_KEY.length) === MINUS ? pos + CS_KEY.length + 1 : pos + CS_KEY.length,
    );
    if (pos < 0) return undefined;
  }
  if (text.charCodeAt(pos) !== CLOSE_BRACE) return undefined;
  matchedEnd = pos;
  return bookEventOf(native, tsMs, isSnapshot, bids, asks, seq, isSnapshot ? undefined : prevSeq, context);
}

// The literals of a book item's members.
const UPDATE_KEY = '{"update":';
const TT_KEY = ',"tt":';
const PU_KEY = ',"pu":';
const CS_KEY = ',"cs":';
const BIDS_KEY = '"bids":';
const ASKS_KEY = '"asks":';

/** The sides `sidesAt` read. */
let walkedBids: Level[] | undefined;
let walkedAsks: Level[] | undefined;

/**
 * `{"bids":[…],"asks":[…]` (either side first) at `start` (its `{`): the sides into `walkedBids` and `walkedAsks`,
 * `matchedEnd` after the second list; false where not taken.
 */
function sidesAt(text: string, start: number): boolean {
  walkedBids = undefined;
  walkedAsks = undefined;
  let pos = start;
  for (let member = 0; member < 2; member++) {
    if (text.charCodeAt(pos) !== (member === 0 ? OPEN_BRACE : COMMA)) return false;
    if (walkedBids === undefined && hasTextAt(text, pos + 1, BIDS_KEY))
      walkedBids = levelsAt(text, pos + 1 + BIDS_KEY.length);
    else if (walkedAsks === undefined && hasTextAt(text, pos + 1, ASKS_KEY))
      walkedAsks = levelsAt(text, pos + 1 + ASKS_KEY.length);
    else return false;
    if (matchedEnd < 0) return false;
    pos = matchedEnd;
  }
  return true;
}

/** A sequence number at `pos` (`0|[1-9]\d{0,19}`), as `numericAt` reads it; NaN (`matchedEnd` -1) for any other. */
function seqAt(text: string, pos: number): number {
  const end = integerEndAt(text, pos);
  if (end < 0 || end - pos > 20) return refusedNumber();
  return decimalAt(text, pos);
}

function refusedNumber(): number {
  matchedEnd = -1;
  return Number.NaN;
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
 * The value at `pos` as `toNumber` reads it, its end in `matchedEnd`: a JSON number as JSON.parse reads it, or a text
 * (`readDecimalIn` of it, NaN for an empty one); NaN (`matchedEnd` -1) for anything else. The forms prices, sizes,
 * times and counts take are read by two short readers, one for each, small enough for the compiler to inline.
 */
function numericAt(text: string, pos: number): number {
  return text.charCodeAt(pos) === QUOTE ? textDecimalAt(text, pos) : decimalAt(text, pos);
}

/**
 * The JSON number at `pos` in the form prices, sizes, times and sequence numbers take, `(0|[1-9]\d*)(\.\d+)?` in at
 * most 15 characters: one walk over the digits makes an exact mantissa, divided once by the exact power of ten the
 * dot says, which is JSON.parse's double. Any other form (a sign, an exponent, more digits, a leading zero before a
 * digit, no digit after the dot) is `otherNumericAt`'s.
 */
function decimalAt(text: string, pos: number): number {
  const value = readShortJsonNumberAt(text, pos);
  if (checkedRead.end < 0) return otherNumericAt(text, pos);
  matchedEnd = checkedRead.end;
  return value;
}

/**
 * The text at `pos` (its opening quote) where it holds digits with a dot inside, in at most 15 characters: read as
 * `decimalAt` reads a number, which is `readDecimalIn`'s double (leading zeros too); any other text is
 * `otherNumericAt`'s.
 */
function textDecimalAt(text: string, pos: number): number {
  const value = readDecimalTextAt(text, pos + 1);
  if (checkedRead.end < 0) return otherNumericAt(text, pos);
  matchedEnd = checkedRead.end + 1;
  return value;
}

/**
 * `numericAt` of the other forms: a JSON number as JSON.parse reads it, or a text of a number's characters
 * (`readDecimalIn` of it, NaN for an empty one); NaN (`matchedEnd` -1) for anything else.
 */
function otherNumericAt(text: string, pos: number): number {
  if (text.charCodeAt(pos) !== QUOTE) return jsonNumberAt(text, pos);
  // A text written as a JSON number (`"20439.5"`) is read in one pass: `toNumber` gives it the same double.
  const value = jsonNumberAt(text, pos + 1);
  if (matchedEnd >= 0 && text.charCodeAt(matchedEnd) === QUOTE) {
    matchedEnd++;
    return value;
  }
  // Any other text of a number's characters (`-+.0-9eE`, no escape or control: the JSON.parse path reads it as
  // written) is `readDecimalIn`'s, as `toNumber` reads it; a text of any other character is that path's to judge.
  let end = pos + 1;
  let code = text.charCodeAt(end) | 0;
  while (code !== QUOTE) {
    if (
      !(
        (code >= ZERO && code <= NINE) ||
        code === DOT ||
        code === MINUS ||
        code === PLUS ||
        (code | 32) === LOWER_E
      )
    )
      return refusedNumber();
    code = text.charCodeAt(++end) | 0;
  }
  matchedEnd = end + 1;
  return readDecimalIn(text, pos + 1, end);
}

/** `readJsonNumberAt` of the number at `start`, its end in `matchedEnd` (-1 where no number starts there). */
function jsonNumberAt(text: string, start: number): number {
  const value = readJsonNumberAt(text, start);
  matchedEnd = jsonNumberRead.end;
  return value;
}
