// KuCoin's hot pushes read without JSON.parse: spot `/market/level2` and `/market/match`, futures
// `/contractMarket/level2` and `/contractMarket/execution`, matched whole in the layouts KuCoin sends and read to the
// events the JSON.parse path (parse.ts) builds. Any other frame, and any surprise in one, returns undefined.

import type { Level } from "../../core/index.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { recvMsOf, tradeEventOf } from "../_shared/event-base.ts";
import { ANY_PLAIN_TEXT, DECIMAL, INTEGER, PLAIN_TEXT } from "../_shared/frame-patterns.ts";
import { digitsEndAt, matchedDecimalRead, readMatchedDecimalAt } from "../_shared/matched-values.ts";
import { hasTextAt, RECENT_NATIVES, RecentStrings } from "../_shared/scan.ts";
import { isPositiveFinite, isTime, readDecimalIn } from "../_shared/values.ts";
import { deltaOf, futuresDeltaOf, msOfEpochNumber } from "./events.ts";

// Trades and book changes are matched by regular expressions in the layouts KuCoin sends (see
// `_shared/frame-patterns.ts`): an in-place scanner walks their many id strings slower than JSON.parse does, a pattern
// faster. KuCoin's key order changed over the years, so each channel admits each layout seen: the push's head
// (`type`, `topic`, `subject`, [`sn`]) before `data`, or `data` first and the head after it (2021 sessions).

/** Any JSON string without escapes: the ids, tags and subjects the parser does not read. */
const TEXT = `"${ANY_PLAIN_TEXT}"`;
/** A JSON number without sign or exponent, whose `Number` is the value JSON.parse gives. */
const NUMBER = String.raw`(?:0|[1-9]\d*)(?:\.\d+)?`;
/** Spot change rows `["price","size","sequence"]`, each walked by `changeRowsAt`. */
const CHANGE_ROWS = String.raw`(?:\["${DECIMAL}","${DECIMAL}","\d+"\](?:,\["${DECIMAL}","${DECIMAL}","\d+"\])*)?`;
const SIDE = "(?:buy|sell)";

/** The head before `data` of a push on `channel` (a pattern): `type` and `topic` in either order, `subject`, `sn`. */
const headOf = (channel: string) =>
  String.raw`\{(?:"type":"message","topic":"${channel}:${PLAIN_TEXT}"|"topic":"${channel}:${PLAIN_TEXT}","type":"message"),"subject":${TEXT}(?:,"sn":${INTEGER})?,"data":`;
/** The head after `data` (2021 spot sessions, keys in alphabetical order), to the frame's end. */
const tailOf = (channel: string) =>
  String.raw`,"subject":${TEXT},"topic":"${channel}:${PLAIN_TEXT}","type":"message"\}`;

const DATA_FIRST_HEAD = '{"data":';

/**
 * Spot `/market/match` `data` (`tradeId` always sent, so `sequence` is not read), in the three orders recorded: 2021,
 * 2022, and the docs' alphabetical one. `walkMatchAt` reads each where it lies.
 */
const MATCH_LAYOUTS = [
  `"symbol":"${PLAIN_TEXT}","sequence":${TEXT},"side":"${SIDE}","size":"${DECIMAL}","price":"${DECIMAL}","takerOrderId":${TEXT},"time":"\\d+","type":${TEXT},"makerOrderId":${TEXT},"tradeId":"${PLAIN_TEXT}"`,
  `"symbol":"${PLAIN_TEXT}","side":"${SIDE}","type":${TEXT},"makerOrderId":${TEXT},"sequence":${TEXT},"size":"${DECIMAL}","price":"${DECIMAL}","takerOrderId":${TEXT},"time":"\\d+","tradeId":"${PLAIN_TEXT}"`,
  `"makerOrderId":${TEXT},"price":"${DECIMAL}","sequence":${TEXT},"side":"${SIDE}","size":"${DECIMAL}","symbol":"${PLAIN_TEXT}","takerOrderId":${TEXT},"time":"\\d+","tradeId":"${PLAIN_TEXT}","type":${TEXT}`,
].join("|");
const MATCH_CHANNEL = String.raw`\/market\/match`;

/**
 * A whole `/market/match` push, head first or `data` first. It captures nothing: groups cost an array and a string
 * each; the walk finds each value where the layout puts it.
 */
const MATCH_FRAME = new RegExp(
  String.raw`^(?:${headOf(MATCH_CHANNEL)}\{(?:${MATCH_LAYOUTS})\}\}|\{"data":\{(?:${MATCH_LAYOUTS})\}${tailOf(MATCH_CHANNEL)})$`,
);

/** A whole futures `/contractMarket/execution` push: sizes are numbers (contracts), `ts` nanoseconds as a number. */
const EXECUTION_FRAME = new RegExp(
  String.raw`^${headOf(String.raw`\/contractMarket\/execution`)}\{"symbol":"${PLAIN_TEXT}","sequence":${INTEGER},"makerUserId":${TEXT},"side":"${SIDE}","size":${NUMBER},"price":"${DECIMAL}","takerOrderId":${TEXT},"takerUserId":${TEXT},"makerOrderId":${TEXT},"tradeId":"${PLAIN_TEXT}","ts":${INTEGER}\}\}$`,
);

/** A whole futures `/contractMarket/level2` push: one change, `"price,side,size"`; the contract is the topic's. */
const FUTURES_LEVEL2_FRAME = new RegExp(
  String.raw`^${headOf(String.raw`\/contractMarket\/level2`)}\{"sequence":${INTEGER},"change":"${DECIMAL},${SIDE},${DECIMAL}","timestamp":${INTEGER}\}\}$`,
);

const CHANGES = String.raw`"changes":\{"asks":\[${CHANGE_ROWS}\],"bids":\[${CHANGE_ROWS}\]\}`;
/** Spot `/market/level2` `data`, in the order of 2021–2022 sessions and the docs' alphabetical one (`time`: 2023 on). */
const LEVEL2_LAYOUTS = [
  `"sequenceStart":${INTEGER},"symbol":"${PLAIN_TEXT}",${CHANGES},"sequenceEnd":${INTEGER}`,
  `${CHANGES},"sequenceEnd":${INTEGER},"sequenceStart":${INTEGER},"symbol":"${PLAIN_TEXT}"`,
].join("|");
const LEVEL2_DATA = String.raw`\{(?:${LEVEL2_LAYOUTS})(?:,"time":${INTEGER})?\}`;
const LEVEL2_CHANNEL = String.raw`\/market\/level2`;

/** A whole spot `/market/level2` push with the head first; like MATCH_FRAME, it captures nothing. */
const LEVEL2_FRAME = new RegExp(String.raw`^${headOf(LEVEL2_CHANNEL)}${LEVEL2_DATA}\}$`);
/** A whole spot `/market/level2` push with `data` first (2021 sessions). */
const LEVEL2_DATA_FIRST_FRAME = new RegExp(String.raw`^\{"data":${LEVEL2_DATA}${tailOf(LEVEL2_CHANNEL)}$`);

/** The native symbols pushes named lately, handed out again for an equal one (`RecentStrings`). */
const natives = new RecentStrings(RECENT_NATIVES);

// Letters that tell the pushes apart before any pattern runs.
const LOWER_B = 98;
const LOWER_C = 99;
const LOWER_D = 100;
const LOWER_E = 101;
const LOWER_L = 108;
const LOWER_M = 109;
const LOWER_O = 111;
const LOWER_S = 115;
const LOWER_T = 116;
const NINE = 57;

/** Where the topic's text starts with the head first: `{"topic":"` (the docs' order) or `{"type":"message","topic":"`. */
const DOCS_TOPIC_AT = '{"topic":"'.length;
const TYPE_FIRST_TOPIC_AT = '{"type":"message","topic":"'.length;
const DATA_KEY = ',"data":'.length;

/**
 * Spot `/market/level2` and `/market/match`, futures `/contractMarket/level2` and `/contractMarket/execution` pushes
 * in a layout KuCoin sends, matched whole (head, `data`, and the frame's end), to the events the JSON.parse path
 * builds. Any other frame (another key order, whitespace, an escape, a zero price, a frame with more members)
 * returns undefined and takes the JSON.parse path, which judges it.
 */
export function matchMessageFrame(frame: string, context: ParseContext): Parsed | undefined {
  const second = frame.charCodeAt(2);
  if (second === LOWER_T) {
    // `{"t…`: the head first; its topic's letters say the channel, the pattern checks it.
    const topicAt = frame.charCodeAt(3) === LOWER_O ? DOCS_TOPIC_AT : TYPE_FIRST_TOPIC_AT;
    const family = frame.charCodeAt(topicAt + 1);
    if (family === LOWER_M) {
      // `/market/l…` or `/market/m…`
      const letter = frame.charCodeAt(topicAt + "/market/".length);
      if (letter === LOWER_M) {
        if (!MATCH_FRAME.test(frame)) return undefined;
        return matchAt(frame, frame.indexOf(',"data":{', topicAt) + DATA_KEY, context);
      }
      if (letter !== LOWER_L || !LEVEL2_FRAME.test(frame)) return undefined;
      return level2At(frame, frame.indexOf(',"data":{', topicAt) + DATA_KEY, context);
    }
    if (family !== LOWER_C) return undefined;
    // `/contractMarket/l…` or `/contractMarket/e…`
    const letter = frame.charCodeAt(topicAt + "/contractMarket/".length);
    if (letter === LOWER_E) {
      if (!EXECUTION_FRAME.test(frame)) return undefined;
      return executionAt(frame, frame.indexOf(',"data":{', topicAt) + DATA_KEY, context);
    }
    if (letter !== LOWER_L || !FUTURES_LEVEL2_FRAME.test(frame)) return undefined;
    return futuresLevel2At(frame, topicAt + "/contractMarket/level2:".length, context);
  }
  if (second !== LOWER_D || !hasTextAt(frame, 0, DATA_FIRST_HEAD)) return undefined;
  // `{"data":…` (2021 spot sessions): its first key says the channel (`{"symbol"`, `{"makerOrderId"`: a trade), the
  // topic after it must name it.
  const at = DATA_FIRST_HEAD.length;
  const first = frame.charCodeAt(at + 2);
  if (first === LOWER_M || (first === LOWER_S && frame.charCodeAt(at + 3) === "y".charCodeAt(0))) {
    if (!MATCH_FRAME.test(frame)) return undefined;
    return matchAt(frame, at, context);
  }
  if (!LEVEL2_DATA_FIRST_FRAME.test(frame)) return undefined;
  return level2At(frame, at, context);
}

// The literals between the values of a matched trade, each from the end of the value before it (a closing quote, or
// the digits of a number) to the start of the next value.
const SYMBOL_KEY = '{"symbol":"'.length;
const MAKER_ORDER_KEY = '{"makerOrderId":"'.length;
const TO_SEQUENCE_TEXT = '","sequence":"'.length;
const TO_SIDE = '","side":"'.length;
const TO_SIZE = '","size":"'.length;
const TO_PRICE = '","price":"'.length;
const TO_TAKER_ORDER = '","takerOrderId":"'.length;
const TO_TIME = '","time":"'.length;
const TO_TYPE = '","type":"'.length;
const TO_MAKER_ORDER = '","makerOrderId":"'.length;
const TO_TRADE_ID = '","tradeId":"'.length;
const TO_SYMBOL = '","symbol":"'.length;
const TO_SEQUENCE_NUMBER = '","sequence":'.length;
const TO_MAKER_USER = ',"makerUserId":"'.length;
const TO_NUMBER_SIZE = '","size":'.length;
const TO_PRICE_AFTER_NUMBER = ',"price":"'.length;
const TO_TAKER_USER = '","takerUserId":"'.length;
const TO_TS = '","ts":'.length;
const QUOTE = '"';

/** The closing quote of the text MATCH_FRAME admitted at `at` (no quote or escape in it). */
function quoteAt(frame: string, at: number): number {
  return frame.indexOf(QUOTE, at);
}

/**
 * The `/market/match` push MATCH_FRAME admitted, its `data` object at `dataAt`, walked to the event `tradeOf` builds:
 * the layout is told by its first members (`symbol` then `sequence` or `side`, or `makerOrderId`).
 */
function matchAt(frame: string, dataAt: number, context: ParseContext): Parsed | undefined {
  let native: string;
  let side: "buy" | "sell";
  let size: number;
  let price: number;
  let timeAt: number;
  let timeEnd: number;
  let tradeIdAt: number;
  if (frame.charCodeAt(dataAt + 2) === LOWER_S) {
    const symbolAt = dataAt + SYMBOL_KEY;
    const symbolEnd = quoteAt(frame, symbolAt);
    native = natives.at(frame, symbolAt, symbolEnd);
    let pos: number;
    if (frame.charCodeAt(symbolEnd + 4) === LOWER_E) {
      // 2021: symbol, sequence, side, size, price, takerOrderId, time, type, makerOrderId, tradeId.
      const sideAt = quoteAt(frame, symbolEnd + TO_SEQUENCE_TEXT) + TO_SIDE;
      side = frame.charCodeAt(sideAt) === LOWER_B ? "buy" : "sell";
      size = readMatchedDecimalAt(frame, sideAt + side.length + TO_SIZE);
      price = readMatchedDecimalAt(frame, matchedDecimalRead.end + TO_PRICE);
      timeAt = quoteAt(frame, matchedDecimalRead.end + TO_TAKER_ORDER) + TO_TIME;
      timeEnd = digitsEndAt(frame, timeAt);
      pos = quoteAt(frame, quoteAt(frame, timeEnd + TO_TYPE) + TO_MAKER_ORDER);
    } else {
      // 2022: symbol, side, type, makerOrderId, sequence, size, price, takerOrderId, time, tradeId.
      const sideAt = symbolEnd + TO_SIDE;
      side = frame.charCodeAt(sideAt) === LOWER_B ? "buy" : "sell";
      const typeEnd = quoteAt(frame, sideAt + side.length + TO_TYPE);
      const sequenceAt = quoteAt(frame, typeEnd + TO_MAKER_ORDER) + TO_SEQUENCE_TEXT;
      size = readMatchedDecimalAt(frame, quoteAt(frame, sequenceAt) + TO_SIZE);
      price = readMatchedDecimalAt(frame, matchedDecimalRead.end + TO_PRICE);
      timeAt = quoteAt(frame, matchedDecimalRead.end + TO_TAKER_ORDER) + TO_TIME;
      timeEnd = digitsEndAt(frame, timeAt);
      pos = timeEnd;
    }
    tradeIdAt = pos + TO_TRADE_ID;
  } else {
    // The docs' alphabetical order: makerOrderId, price, sequence, side, size, symbol, takerOrderId, time, tradeId, type.
    price = readMatchedDecimalAt(frame, quoteAt(frame, dataAt + MAKER_ORDER_KEY) + TO_PRICE);
    const sideAt = quoteAt(frame, matchedDecimalRead.end + TO_SEQUENCE_TEXT) + TO_SIDE;
    side = frame.charCodeAt(sideAt) === LOWER_B ? "buy" : "sell";
    size = readMatchedDecimalAt(frame, sideAt + side.length + TO_SIZE);
    const symbolAt = matchedDecimalRead.end + TO_SYMBOL;
    const symbolEnd = quoteAt(frame, symbolAt);
    native = natives.at(frame, symbolAt, symbolEnd);
    timeAt = quoteAt(frame, symbolEnd + TO_TAKER_ORDER) + TO_TIME;
    timeEnd = digitsEndAt(frame, timeAt);
    tradeIdAt = timeEnd + TO_TRADE_ID;
  }
  const tsMs = msOfDigitsIn(frame, timeAt, timeEnd);
  // A zero or unbounded number, or no usable time: the JSON.parse path judges the trade.
  if (!isPositiveFinite(price) || !isPositiveFinite(size) || !isTime(tsMs)) return undefined;
  const tradeId = frame.slice(tradeIdAt, quoteAt(frame, tradeIdAt));
  return { kind: "events", events: [tradeEventOf(context, native, tsMs, price, size, side, tradeId)] };
}

/**
 * `msOfDigits` of the digits at [start, end) of `text`, read in place: ns (18 digits and more) and µs (15–17) texts
 * are cut to their ms, ms texts read whole, shorter ones taken as seconds.
 */
function msOfDigitsIn(text: string, start: number, end: number): number {
  const length = end - start;
  if (length >= 18) return readDecimalIn(text, start, end - 6);
  if (length >= 15) return readDecimalIn(text, start, end - 3);
  if (length >= 12) return readDecimalIn(text, start, end);
  return readDecimalIn(text, start, end) * 1000;
}

/** The first ms of epoch ns texts not below 2^61 ns (2043), where this reading of them stops. */
const NS_TEXT_MS_LIMIT = 2_305_843_009_213;

/**
 * `msOfEpochNumber` of the JSON integer at [start, end) of `text` (no sign, no leading zero). Nanoseconds of 18 or 19
 * digits below 2^61 are its ms digits where the rest cannot round them up: JSON's double lies within 128 ns of the
 * text, and the division and the bias add less than 0.0005 ms, so a sub-ms part below 0.9 (its first digit not 9) floors to
 * the ms digits (exact integers below 2^53). Any other number is read whole.
 */
function msOfEpochIn(text: string, start: number, end: number): number {
  const length = end - start;
  if ((length === 19 || length === 18) && text.charCodeAt(end - 6) < NINE) {
    const ms = readDecimalIn(text, start, end - 6);
    if (ms < NS_TEXT_MS_LIMIT) return ms;
  }
  return msOfEpochNumber(readDecimalIn(text, start, end));
}

/** The `/contractMarket/execution` push EXECUTION_FRAME admitted, its `data` at `dataAt`, to `tradeOf`'s event. */
function executionAt(frame: string, dataAt: number, context: ParseContext): Parsed | undefined {
  const symbolAt = dataAt + SYMBOL_KEY;
  const symbolEnd = quoteAt(frame, symbolAt);
  const makerUserAt = digitsEndAt(frame, symbolEnd + TO_SEQUENCE_NUMBER) + TO_MAKER_USER;
  const sideAt = quoteAt(frame, makerUserAt) + TO_SIDE;
  const side = frame.charCodeAt(sideAt) === LOWER_B ? "buy" : "sell";
  const size = readMatchedDecimalAt(frame, sideAt + side.length + TO_NUMBER_SIZE);
  const price = readMatchedDecimalAt(frame, matchedDecimalRead.end + TO_PRICE_AFTER_NUMBER);
  const takerUserAt = quoteAt(frame, matchedDecimalRead.end + TO_TAKER_ORDER) + TO_TAKER_USER;
  const tradeIdAt = quoteAt(frame, quoteAt(frame, takerUserAt) + TO_MAKER_ORDER) + TO_TRADE_ID;
  const tradeIdEnd = quoteAt(frame, tradeIdAt);
  const tsAt = tradeIdEnd + TO_TS;
  const tsMs = msOfEpochIn(frame, tsAt, digitsEndAt(frame, tsAt));
  if (!isPositiveFinite(price) || !isPositiveFinite(size) || !isTime(tsMs)) return undefined;
  const native = natives.at(frame, symbolAt, symbolEnd);
  const tradeId = frame.slice(tradeIdAt, tradeIdEnd);
  return { kind: "events", events: [tradeEventOf(context, native, tsMs, price, size, side, tradeId)] };
}

const TO_FUTURES_SEQUENCE = ',"data":{"sequence":'.length;
const TO_CHANGE = ',"change":"'.length;
const TO_TIMESTAMP = '","timestamp":'.length;

/**
 * The `/contractMarket/level2` push FUTURES_LEVEL2_FRAME admitted, its topic's contract at `argAt`, to the event
 * `parseFuturesLevel2` builds.
 */
function futuresLevel2At(frame: string, argAt: number, context: ParseContext): Parsed | undefined {
  const argEnd = quoteAt(frame, argAt);
  const seq = readMatchedDecimalAt(frame, frame.indexOf(',"data":{', argEnd) + TO_FUTURES_SEQUENCE);
  const price = readMatchedDecimalAt(frame, matchedDecimalRead.end + TO_CHANGE);
  const sideAt = matchedDecimalRead.end + 1;
  const side = frame.charCodeAt(sideAt) === LOWER_B ? "buy" : "sell";
  const size = readMatchedDecimalAt(frame, sideAt + side.length + 1);
  const time = readMatchedDecimalAt(frame, matchedDecimalRead.end + TO_TIMESTAMP);
  // Numbers of hundreds of digits read as Infinity: the JSON.parse path judges them.
  if (!Number.isFinite(seq) || !Number.isFinite(price) || !Number.isFinite(size)) return undefined;
  const timeMs = msOfEpochNumber(time);
  const tsMs = isTime(timeMs) ? timeMs : recvMsOf(context);
  const native = natives.at(frame, argAt, argEnd);
  return { kind: "events", events: [futuresDeltaOf(native, tsMs, price, side, size, seq, context)] };
}

// The literals between the values of a matched spot level2 push, as above.
const SEQUENCE_START_KEY = '{"sequenceStart":'.length;
const TO_SYMBOL_AFTER_NUMBER = ',"symbol":"'.length;
const TO_ASKS = '","changes":{"asks":['.length;
const CHANGES_KEY = '{"changes":{"asks":['.length;
const TO_BIDS = '],"bids":['.length;
const TO_SEQUENCE_END = ']},"sequenceEnd":'.length;
const TO_SEQUENCE_START = ',"sequenceStart":'.length;
const TO_TIME_NUMBER = ',"time":'.length;
const COMMA = 44;
const OPEN_BRACKET = 91;

/**
 * The spot `/market/level2` push LEVEL2_FRAME or LEVEL2_DATA_FIRST_FRAME admitted, its `data` object at `dataAt`,
 * walked to the event `parseSpotLevel2` builds: the layout is told by its first key (`sequenceStart` or `changes`).
 */
function level2At(frame: string, dataAt: number, context: ParseContext): Parsed | undefined {
  let firstSeq: number;
  let seq: number;
  let symbolAt: number;
  let symbolEnd: number;
  let end: number;
  let asks: Level[] | undefined;
  let bids: Level[] | undefined;
  if (frame.charCodeAt(dataAt + 2) === LOWER_S) {
    // 2021–2022: sequenceStart, symbol, changes, sequenceEnd.
    firstSeq = readMatchedDecimalAt(frame, dataAt + SEQUENCE_START_KEY);
    symbolAt = matchedDecimalRead.end + TO_SYMBOL_AFTER_NUMBER;
    symbolEnd = quoteAt(frame, symbolAt);
    asks = changeRowsAt(frame, symbolEnd + TO_ASKS);
    bids = changeRowsAt(frame, changeRowsRead.end + TO_BIDS);
    seq = readMatchedDecimalAt(frame, changeRowsRead.end + TO_SEQUENCE_END);
    end = matchedDecimalRead.end;
  } else {
    // The docs' alphabetical order: changes, sequenceEnd, sequenceStart, symbol.
    asks = changeRowsAt(frame, dataAt + CHANGES_KEY);
    bids = changeRowsAt(frame, changeRowsRead.end + TO_BIDS);
    seq = readMatchedDecimalAt(frame, changeRowsRead.end + TO_SEQUENCE_END);
    firstSeq = readMatchedDecimalAt(frame, matchedDecimalRead.end + TO_SEQUENCE_START);
    symbolAt = matchedDecimalRead.end + TO_SYMBOL_AFTER_NUMBER;
    symbolEnd = quoteAt(frame, symbolAt);
    end = symbolEnd + 1;
  }
  // Integers of hundreds of digits read as Infinity: the JSON.parse path judges them.
  if (asks === undefined || bids === undefined || !Number.isFinite(seq) || !Number.isFinite(firstSeq))
    return undefined;
  // `time` (sent since 2023) is the last member when there is one; no usable time: the receive time, as `timeOr`.
  const timeMs =
    frame.charCodeAt(end) === COMMA
      ? msOfEpochNumber(readMatchedDecimalAt(frame, end + TO_TIME_NUMBER))
      : Number.NaN;
  const tsMs = isTime(timeMs) ? timeMs : recvMsOf(context);
  const native = natives.at(frame, symbolAt, symbolEnd);
  return { kind: "events", events: [deltaOf(native, tsMs, bids, asks, seq, firstSeq, context)] };
}

/** Where the last `changeRowsAt` stopped: at the `]` that closes the side. */
const changeRowsRead = { end: 0 };

/**
 * The change rows CHANGE_ROWS matched from `at` (`["price","size","sequence"],…`, decimals without sign) as
 * `levelsOfChanges` reads them: price-0 rows dropped. Undefined for a number too long to be finite (the JSON.parse
 * path judges it). Each row moves the walk past its `"]`; the side's `]` ends it.
 */
function changeRowsAt(frame: string, at: number): Level[] | undefined {
  let levels: Level[] | undefined;
  let pos = at;
  while (frame.charCodeAt(pos) === OPEN_BRACKET) {
    const price = readMatchedDecimalAt(frame, pos + 2);
    const size = readMatchedDecimalAt(frame, matchedDecimalRead.end + 3);
    if (!Number.isFinite(price) || !Number.isFinite(size)) return undefined;
    // Most pushes hold one change: its side made with it, not pushed into an empty array.
    if (price > 0) {
      if (levels === undefined) levels = [[price, size]];
      else levels.push([price, size]);
    }
    // Past the sequence's digits, `"]`, and the comma before the next row.
    pos = digitsEndAt(frame, matchedDecimalRead.end + 3) + 2;
    if (frame.charCodeAt(pos) === COMMA) pos++;
  }
  changeRowsRead.end = pos;
  return levels ?? [];
}
