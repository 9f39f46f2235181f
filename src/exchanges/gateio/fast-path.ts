// Gate.io's hot frames read without JSON.parse: this file owns the in-place and pattern readers, `spot.trades` and
// `futures.trades` pushes matched whole by patterns in the layout Gate sends, and `spot.order_book_update` /
// `futures.order_book_update` pushes read in place by `FrameScanner`. Each gives the events parse.ts's JSON.parse
// path gives for the frame (built by the same helpers of events.ts, `gateTradeOf` and `gateBookOf`), or undefined for
// any other frame and any surprise in one, which then takes that path.

import type { Level, TradeEvent } from "../../core/index.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { checkedRead, readDecimalTextAt } from "../_shared/checked-values.ts";
import { DECIMAL, INTEGER, PLAIN_TEXT, SHORT_INTEGER } from "../_shared/frame-patterns.ts";
import { digitsEndAt, matchedDecimalRead, readMatchedDecimalAt } from "../_shared/matched-values.ts";
import { FrameScanner, hasTextAt, RECENT_NATIVES, RecentStrings } from "../_shared/scan.ts";
import { isPositiveFinite, POW10, readDecimalIn } from "../_shared/values.ts";
import { gateBookOf, gateTradeOf, msOfGateTime } from "./events.ts";

const QUOTE = 34;
const COMMA = 44;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

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
    if (letter === 116) return matchSpotTradeFrame(frame, name, context);
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
  const afterTime = digitsEndAt(frame, TIME_KEY.length) + 1;
  // `"time_…`
  if (frame.charCodeAt(afterTime + 5) !== 95) return afterTime + CHANNEL_KEY.length;
  return digitsEndAt(frame, afterTime + TIME_MS_KEY.length) + 1 + CHANNEL_KEY.length;
}

/**
 * `msOfGateTime` of the DECIMAL text at [start, end) (`create_time_ms`, "1606292218213.4578"), its fraction left unread
 * where the whole part decides: a whole part w of 1e12 or more and at most 15 digits (below 2^50, where doubles are
 * 1/8 apart at most) makes a double within 1/16 of the text's value, so a fraction below .9 floors to w. Any other
 * text is read whole.
 */
function gateMsIn(text: string, start: number, end: number): number | undefined {
  let high = 0;
  let low = 0;
  let pos = start;
  let code = text.charCodeAt(pos) | 0;
  while (code >= 48 && code <= 57 && pos - start < 15) {
    if (pos - start < 9) high = (high * 10 + (code - 48)) | 0;
    else low = (low * 10 + (code - 48)) | 0;
    code = text.charCodeAt(++pos) | 0;
  }
  const digits = pos - start;
  const whole = digits <= 9 ? high : high * POW10[digits - 9]! + low;
  const isShortFraction = pos === end || (code === 46 && text.charCodeAt(pos + 1) < 57);
  return whole >= 1e12 && isShortFraction ? whole : msOfGateTime(readDecimalIn(text, start, end));
}

/** The closing quote of a string without escapes whose text starts at `pos` (the text's end if there is none). */
function quoteAt(text: string, pos: number): number {
  let end = pos;
  while (end < text.length && text.charCodeAt(end) !== 34) end++;
  return end;
}

// A push's head in the layout Gate sends, up to its result: `time`, `time_ms` (since 2022-11), `error: null` (2020
// futures). Neither time is read: trades carry their own.
const pushHead = (channel: string) =>
  String.raw`\{"time":${INTEGER},(?:"time_ms":${INTEGER},)?"channel":"${channel}","event":"update",(?:"error":null,)?"result":`;

/**
 * `spot.trades`: one trade, `{id, create_time, create_time_ms, side, currency_pair, amount, price, [range],
 * [id_market]}` (the docs' order, as recorded). Nothing is captured: `test` checks the whole frame without building a
 * match (captures cost as much as the match itself), and the values are then read where this layout puts them.
 */
const SPOT_TRADE_FRAME = new RegExp(
  String.raw`^${pushHead(String.raw`spot\.trades`)}\{"id":${SHORT_INTEGER},"create_time":${INTEGER},"create_time_ms":"${DECIMAL}","side":"(?:buy|sell)","currency_pair":"${PLAIN_TEXT}","amount":"${DECIMAL}","price":"${DECIMAL}"(?:,"range":"${PLAIN_TEXT}")?(?:,"id_market":${INTEGER})?\}\}$`,
);

// The fixed stretches of a `spot.trades` push between its values, from the channel's name on.
const SPOT_TRADES_TO_RESULT = 'spot.trades","event":"update",';
const ERROR_NULL = '"error":null,';
const RESULT_TO_ID = '"result":{"id":';
const ID_TO_CREATE_TIME = ',"create_time":';
const CREATE_TIME_TO_MS = ',"create_time_ms":"';
const MS_TO_SIDE = '","side":"';
const SIDE_TO_PAIR = '","currency_pair":"';
const PAIR_TO_AMOUNT = '","amount":"';
const AMOUNT_TO_PRICE = '","price":"';

/** The native symbols trade pushes named lately, handed out again for an equal one (`RecentStrings`). */
const tradeNatives = new RecentStrings(RECENT_NATIVES);

/**
 * A `spot.trades` push in the exact layout Gate sends, checked whole by one pattern (see `_shared/frame-patterns.ts`)
 * and read in place from the channel's name (`nameAt`) on, to the event `parseSpotTrade` builds. Any other frame
 * (another key order, whitespace, a zero amount) returns undefined and takes the JSON.parse path, which judges it.
 */
function matchSpotTradeFrame(frame: string, nameAt: number, context: ParseContext): Parsed | undefined {
  if (!SPOT_TRADE_FRAME.test(frame)) return undefined;
  // The pattern held, so only the lengths of the values and the optional `error` member are left to find.
  let pos = nameAt + SPOT_TRADES_TO_RESULT.length;
  // `"e…`: the `"error":null,` member of 2020 pushes.
  if (frame.charCodeAt(pos + 1) === 101) pos += ERROR_NULL.length;
  const idAt = pos + RESULT_TO_ID.length;
  const idEnd = digitsEndAt(frame, idAt);
  const createAt = idEnd + ID_TO_CREATE_TIME.length;
  const createEnd = digitsEndAt(frame, createAt);
  const msAt = createEnd + CREATE_TIME_TO_MS.length;
  const msEnd = quoteAt(frame, msAt);
  const sideAt = msEnd + MS_TO_SIDE.length;
  // `b…`: buy, else sell (the pattern admits no other side).
  const side = frame.charCodeAt(sideAt) === 98 ? "buy" : "sell";
  const pairAt = sideAt + side.length + SIDE_TO_PAIR.length;
  const pairEnd = quoteAt(frame, pairAt);
  const size = readMatchedDecimalAt(frame, pairEnd + PAIR_TO_AMOUNT.length);
  const price = readMatchedDecimalAt(frame, matchedDecimalRead.end + AMOUNT_TO_PRICE.length);
  // `create_time_ms` is text with a fraction of a millisecond ("1606292218213.4578"), else `create_time` in seconds.
  const tsMs = gateMsIn(frame, msAt, msEnd) ?? msOfGateTime(readDecimalIn(frame, createAt, createEnd));
  if (!isPositiveFinite(price) || !isPositiveFinite(size) || tsMs === undefined) return undefined;
  const native = tradeNatives.at(frame, pairAt, pairEnd);
  const tradeId = frame.slice(idAt, idEnd);
  return { kind: "events", events: [gateTradeOf(native, tsMs, price, size, side, tradeId, context)] };
}

/**
 * A `futures.trades` row, `{size, id, create_time, [create_time_ms], price, contract, [is_internal: false]}`. Sizes
 * are whole contracts here; decimal text (`X-Gate-Size-Decimal`) and internal trades take the JSON.parse path.
 */
const FUTURES_TRADE_ROW = String.raw`\{"size":-?${SHORT_INTEGER},"id":${SHORT_INTEGER},"create_time":${INTEGER}(?:,"create_time_ms":${INTEGER})?,"price":"${DECIMAL}","contract":"${PLAIN_TEXT}"(?:,"is_internal":false)?\}`;

/**
 * A `futures.trades` push in the exact layout Gate sends, at least one row. Nothing is captured: `test` checks the
 * whole frame, and the values are then read where this layout puts them.
 */
const FUTURES_TRADES_FRAME = new RegExp(
  String.raw`^${pushHead(String.raw`futures\.trades`)}\[${FUTURES_TRADE_ROW}(?:,${FUTURES_TRADE_ROW})*\]\}$`,
);

// The fixed stretches of a `futures.trades` push between its values.
const RESULT_TO_ROW = '"result":['.length;
const ROW_TO_SIZE = '{"size":'.length;
const SIZE_TO_ID = ',"id":'.length;
const ID_TO_CREATE_TIME_LENGTH = ',"create_time":'.length;
const CREATE_TIME_TO_CREATE_MS = ',"create_time_ms":'.length;
const TIME_TO_PRICE = ',"price":"'.length;
const PRICE_TO_CONTRACT = '","contract":"'.length;
const IS_INTERNAL_FALSE = ',"is_internal":false'.length;

/**
 * A `futures.trades` push matched whole by `FUTURES_TRADES_FRAME`, read in place to the events `parseFuturesTrade`
 * builds: `create_time_ms` where sent (since 2021), else `create_time` in seconds. Any other frame, and a row with a
 * zero size (`-0` too) or price, returns undefined and takes the JSON.parse path, which judges it.
 */
function matchFuturesTradesFrame(frame: string, context: ParseContext): Parsed | undefined {
  if (!FUTURES_TRADES_FRAME.test(frame)) return undefined;
  const events: TradeEvent[] = [];
  // At the first row's `{`: `"result"` is the head's last key.
  let pos = frame.indexOf('"result":[') + RESULT_TO_ROW;
  do {
    const sizeAt = pos + ROW_TO_SIZE;
    // `-`: the taker sold.
    const isSell = frame.charCodeAt(sizeAt) === 45;
    const size = readMatchedDecimalAt(frame, isSell ? sizeAt + 1 : sizeAt);
    const idAt = matchedDecimalRead.end + SIZE_TO_ID;
    const idEnd = digitsEndAt(frame, idAt);
    const createAt = idEnd + ID_TO_CREATE_TIME_LENGTH;
    let createEnd = digitsEndAt(frame, createAt);
    let time: number;
    // `,"c…`: `create_time_ms`; else `,"p…`, the price.
    if (frame.charCodeAt(createEnd + 2) === 99) {
      time = readMatchedDecimalAt(frame, createEnd + CREATE_TIME_TO_CREATE_MS);
      createEnd = matchedDecimalRead.end;
    } else {
      time = readMatchedDecimalAt(frame, createAt);
    }
    const tsMs = msOfGateTime(time);
    const price = readMatchedDecimalAt(frame, createEnd + TIME_TO_PRICE);
    const contractAt = matchedDecimalRead.end + PRICE_TO_CONTRACT;
    const contractEnd = frame.indexOf('"', contractAt);
    if (size === 0 || !isPositiveFinite(price) || tsMs === undefined) return undefined;
    const native = tradeNatives.at(frame, contractAt, contractEnd);
    const side = isSell ? "sell" : "buy";
    events.push(gateTradeOf(native, tsMs, price, size, side, frame.slice(idAt, idEnd), context));
    // Past the contract's quote, `,"is_internal":false` where sent, and the row's `}`: `,` and the next row, or `]`.
    pos = contractEnd + 1;
    if (frame.charCodeAt(pos) === 44) pos += IS_INTERNAL_FALSE;
    pos += 2;
  } while (frame.charCodeAt(pos - 1) === 44);
  // Past the `]` of `result`: only the push's `}` is left.
  if (pos !== frame.length - 1) return undefined;
  return { kind: "events", events };
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
    events: [gateBookOf(book.native, tsMs, book.bids, book.asks, book.seq, firstSeq, context)],
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
          book.bids = isFutures ? scanFuturesLevels(s) : scanSpotLevels(s);
          break;
        case 97: // a
          bit = 64;
          book.asks = isFutures ? scanFuturesLevels(s) : scanSpotLevels(s);
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

/**
 * Spot levels `[["p","s"], …]` from the scanner's position: walked by `plainLevelsAt` in the layout Gate sends,
 * else (whitespace, another form of a value, more items in a level) read by the scanner's general `levels`.
 */
function scanSpotLevels(s: FrameScanner): Level[] {
  const levels = plainLevelsAt(s.text, s.pos);
  if (levels === undefined) return s.levels(false);
  s.pos = plainLevelsEnd;
  return levels;
}

/** Where the last `plainLevelsAt` stopped: just past the side's `]`. */
let plainLevelsEnd = 0;

/**
 * A side `[["p","s"], …]` at `start` (its `[`) with nothing between the tokens and every value a decimal text
 * (`readDecimalTextAt`), to the levels `FrameScanner.levels` reads from it, its end in `plainLevelsEnd`; undefined for
 * anything else, left to that reader. Each level moves the walk past its `]`, and the first character of any other
 * form stops it.
 */
function plainLevelsAt(text: string, start: number): Level[] | undefined {
  if (text.charCodeAt(start) !== OPEN_BRACKET) return undefined;
  const levels: Level[] = [];
  let pos = start + 1;
  let code = text.charCodeAt(pos);
  if (code !== CLOSE_BRACKET) {
    do {
      // `["` price `","` size `"]`, then `,` or the side's `]`.
      if (text.charCodeAt(pos) !== OPEN_BRACKET || text.charCodeAt(pos + 1) !== QUOTE) return undefined;
      const price = readDecimalTextAt(text, pos + 2);
      pos = checkedRead.end;
      if (pos < 0 || text.charCodeAt(pos + 1) !== COMMA || text.charCodeAt(pos + 2) !== QUOTE)
        return undefined;
      const size = readDecimalTextAt(text, pos + 3);
      pos = checkedRead.end;
      if (pos < 0 || text.charCodeAt(pos + 1) !== CLOSE_BRACKET) return undefined;
      // Digits past a double's range: the scanner's reader leaves such a level out.
      if (price === Number.POSITIVE_INFINITY || size === Number.POSITIVE_INFINITY) return undefined;
      levels.push([price, size]);
      code = text.charCodeAt(pos + 2);
      pos += 3;
    } while (code === COMMA);
    if (code !== CLOSE_BRACKET) return undefined;
  } else {
    pos++;
  }
  plainLevelsEnd = pos;
  return levels;
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
