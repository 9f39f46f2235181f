// In-place reads of the hottest Bitfinex channel frames (book updates and snapshots, checksums, `te` / `tu` trades,
// heartbeats): numbers read where they lie, levels built straight from them, with no JSON.parse tree in between. A
// frame in any other form, or holding anything the reader does not expect, comes back undefined and takes parse.ts's
// JSON.parse path, which judges it. Both paths build their events and read the stamps with the helpers below, so a
// frame gives the same result either way.

import type { BookEvent, Level } from "../../core/index.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { checkedRead, readShortJsonNumberAt } from "../_shared/checked-values.ts";
import { tradeEventOf } from "../_shared/event-base.ts";
import { POW10 } from "../_shared/values.ts";
import {
  type BitfinexChannel,
  type BitfinexSession,
  chainBookFrame,
  noteSequence,
  sessionOf,
  startBookChain,
} from "./session.ts";
import { BITFINEX_FLAG_SEQ_ALL, BITFINEX_FLAG_TIMESTAMP } from "./subscribe.ts";

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
const LOWER_B = 98;
const LOWER_C = 99;
const LOWER_E = 101;
const LOWER_F = 102;
const LOWER_H = 104;
const LOWER_S = 115;
const LOWER_T = 116;
const LOWER_U = 117;

/** Digits a number may hold to be read in place: below 10^15 every integer is an exact double. */
const IN_PLACE_DIGITS = 15;

/** 10^22 is the largest power of ten a double holds exactly. */
const MAX_EXACT_POWER = 22;

/** Sequence numbers never reach epoch milliseconds: a lone tail number this big is a time. */
const TIMESTAMP_MIN_MS = 1e11;

// ── stamps and events, shared with the JSON.parse path ────────────────────────────────────────────────────────

/**
 * The SEQ_ALL number of a frame from the numbers after its payload (`count` of them, the first one `first`). With
 * SEQ_ALL and TIMESTAMP both on the sequence comes first. Without the server's `conf` reply (a capture that starts
 * mid-connection) a lone number is told apart by size: sequence numbers never reach epoch milliseconds.
 */
export function stampSeqOf(count: number, first: number, flags: number | undefined): number | undefined {
  if (flags !== undefined) return flags & BITFINEX_FLAG_SEQ_ALL && count > 0 ? first : undefined;
  if (count === 0) return undefined;
  if (count > 1) return first;
  return first >= TIMESTAMP_MIN_MS ? undefined : first;
}

/** The TIMESTAMP stamp (send time, ms) of a frame, from the same numbers as `stampSeqOf`. */
export function stampTimeMsOf(
  count: number,
  first: number,
  second: number,
  flags: number | undefined,
): number | undefined {
  if (flags !== undefined) {
    if (!(flags & BITFINEX_FLAG_TIMESTAMP)) return undefined;
    if (!(flags & BITFINEX_FLAG_SEQ_ALL)) return count > 0 ? first : undefined;
    return count > 1 ? second : undefined;
  }
  if (count === 0) return undefined;
  if (count > 1) return second;
  return first >= TIMESTAMP_MIN_MS ? first : undefined;
}

/** Send time when the connection stamps frames, else the receive time. */
export function frameTimeMsOf(stampMs: number | undefined, context: ParseContext): number {
  return stampMs !== undefined && stampMs > 0 ? stampMs : Math.floor(context.recvTsUs / 1000);
}

/**
 * A book event as one object literal, keys in one order per shape (a spread base plus keys added later cost a tenth
 * of a frame): `seq` where the connection stamps frames, `prevSeq` where the chain has a previous frame. Each shape
 * has a builder of its own, small enough for the compiler to build the event in place (one function with the three
 * literals was too big to inline: measured 8% of a book update).
 */
export function bookEventOf(
  context: ParseContext,
  native: string,
  tsMs: number,
  type: "snapshot" | "delta",
  bids: Level[],
  asks: Level[],
  seq: number | undefined,
  prevSeq: number | undefined,
): BookEvent {
  const symbol = context.symbolOf(native);
  if (seq === undefined) return unstampedBookEventOf(context, symbol, tsMs, type, bids, asks);
  if (prevSeq === undefined) return stampedBookEventOf(context, symbol, tsMs, type, bids, asks, seq);
  return chainedBookEventOf(context, symbol, tsMs, type, bids, asks, seq, prevSeq);
}

function unstampedBookEventOf(
  context: ParseContext,
  symbol: string,
  tsMs: number,
  type: "snapshot" | "delta",
  bids: Level[],
  asks: Level[],
): BookEvent {
  return {
    kind: "book",
    exchange: context.exchange,
    account: context.account,
    symbol,
    tsMs,
    recvTsUs: context.recvTsUs,
    type,
    bids,
    asks,
  };
}

function stampedBookEventOf(
  context: ParseContext,
  symbol: string,
  tsMs: number,
  type: "snapshot" | "delta",
  bids: Level[],
  asks: Level[],
  seq: number,
): BookEvent {
  return {
    kind: "book",
    exchange: context.exchange,
    account: context.account,
    symbol,
    tsMs,
    recvTsUs: context.recvTsUs,
    type,
    bids,
    asks,
    seq,
  };
}

function chainedBookEventOf(
  context: ParseContext,
  symbol: string,
  tsMs: number,
  type: "snapshot" | "delta",
  bids: Level[],
  asks: Level[],
  seq: number,
  prevSeq: number,
): BookEvent {
  return {
    kind: "book",
    exchange: context.exchange,
    account: context.account,
    symbol,
    tsMs,
    recvTsUs: context.recvTsUs,
    type,
    bids,
    asks,
    seq,
    prevSeq,
  };
}

/** The checksum covers the book after the updates before it: an update with no levels that carries it. */
export function checksumEventOf(
  context: ParseContext,
  native: string,
  tsMs: number,
  checksum: number,
  seq: number | undefined,
  prevSeq: number | undefined,
): BookEvent {
  const event: BookEvent = {
    kind: "book",
    exchange: context.exchange,
    account: context.account,
    symbol: context.symbolOf(native),
    tsMs,
    recvTsUs: context.recvTsUs,
    type: "delta",
    bids: [],
    asks: [],
    checksum,
  };
  if (seq !== undefined) {
    event.seq = seq;
    if (prevSeq !== undefined) event.prevSeq = prevSeq;
  }
  return event;
}

/** The `prevSeq` of a book update or checksum frame, advancing its channel's chain (none without a sequence). */
export function chainOf(state: BitfinexSession, chanId: number, seq: number | undefined): number | undefined {
  return seq === undefined ? undefined : chainBookFrame(state, chanId, seq);
}

// ── the in-place reader ───────────────────────────────────────────────────────────────────────────────────────
// Frames are read in Bitfinex's exact layout (no whitespace, numbers only): a hand walk over the text, cheaper than
// `FrameScanner`'s general reader here (measured: 123 → 94 ns to read a recorded book update, events not built), and
// anything else, even whitespace JSON would allow, simply takes the JSON.parse path.

/** Where the last `numberAt` ended (the index after its number), or -1 when it found no number it reads. */
let numberEnd = -1;

/** What the last `scanTail` found after a payload: how many numbers (0, 1, or 2 for more), the first two. */
let tailCount = 0;
let tailFirst = 0;
let tailSecond = 0;

/** The four numbers of the last `scanTradeRow`. */
let rowId = 0;
let rowTimeMs = 0;
let rowAmount = 0;
let rowPrice = 0;
/** Whether the last row's id was plain digits (its text is `String(rowId)`), and where that text ends. */
let rowIdPlain = false;
let rowIdEnd = 0;

/**
 * `[CHAN_ID, …]` read in place, to what the JSON.parse path makes of it, for the frames a connection carries most:
 * book updates and snapshots `[id,[…],SEQ?,TS?]`, `[id,"cs",CHECKSUM,…]`, `[id,"te",[ID,MTS,AMOUNT,PRICE],…]`,
 * `[id,"tu",…]` and heartbeats `[id,"hb",…]`, on the channels this connection subscribed. Anything else (events,
 * tardis' channel labels after the stamps, whitespace, text numbers, numbers of 16+ digits, zero amounts, extra row
 * items) returns undefined before the session is touched, and the frame takes the JSON.parse path.
 */
export function scanChannelFrame(frame: string, context: ParseContext): Parsed | undefined {
  // Events (`{`) and anything else go to JSON.parse untouched.
  if (frame.charCodeAt(0) !== OPEN_BRACKET) return undefined;
  const chanId = integerAt(frame, 1);
  let pos = numberEnd;
  if (pos < 0 || frame.charCodeAt(pos) !== COMMA) return undefined;
  pos++;
  const head = frame.charCodeAt(pos);
  const state = sessionOf(context.session);
  if (head === QUOTE) return scanTaggedFrame(frame, pos, chanId, state, context);
  if (head !== OPEN_BRACKET) return undefined;
  const channel = liveChannelOf(state, chanId, "book");
  if (channel === undefined) return undefined;

  // The payload: one level `[P,C,A]` (an update), or rows of them (a snapshot; `[]` is an empty one).
  let bids: Level[];
  let asks: Level[];
  const first = frame.charCodeAt(pos + 1);
  const isSnapshot = first === OPEN_BRACKET || first === CLOSE_BRACKET;
  if (isSnapshot) {
    bids = [];
    asks = [];
    if (first === CLOSE_BRACKET) {
      pos += 2;
    } else {
      pos++;
      for (;;) {
        if (frame.charCodeAt(pos) !== OPEN_BRACKET) return undefined;
        pos = scanLevel(frame, pos + 1);
        if (pos < 0) return undefined;
        if (levelIsBid) bids.push([levelPrice, levelSize]);
        else asks.push([levelPrice, levelSize]);
        const code = frame.charCodeAt(pos++);
        if (code === CLOSE_BRACKET) break;
        if (code !== COMMA) return undefined;
      }
    }
  } else {
    // An update's one level, each side an array literal: cheaper than a push into an empty array.
    pos = scanLevel(frame, pos + 1);
    if (pos < 0) return undefined;
    bids = levelIsBid ? [[levelPrice, levelSize]] : [];
    asks = levelIsBid ? [] : [[levelPrice, levelSize]];
  }
  if (!scanTail(frame, pos, true)) return undefined;

  const seq = stampSeqOf(tailCount, tailFirst, state.flags);
  if (seq !== undefined) noteSequence(state, seq);
  const tsMs = frameTimeMsOf(stampTimeMsOf(tailCount, tailFirst, tailSecond, state.flags), context);
  const native = channel.native!;
  if (isSnapshot) {
    const event = bookEventOf(context, native, tsMs, "snapshot", bids, asks, seq, undefined);
    startBookChain(state, chanId, seq);
    return { kind: "events", events: [event] };
  }
  const prevSeq = chainOf(state, chanId, seq);
  return { kind: "events", events: [bookEventOf(context, native, tsMs, "delta", bids, asks, seq, prevSeq)] };
}

/** `[id,"hb",…]`, `[id,"cs",…]`, `[id,"te",…]`, `[id,"tu",…]`; `start` is the tag's opening quote. */
function scanTaggedFrame(
  frame: string,
  start: number,
  chanId: number,
  state: BitfinexSession,
  context: ParseContext,
): Parsed | undefined {
  if (frame.charCodeAt(start + 3) !== QUOTE) return undefined;
  const a = frame.charCodeAt(start + 1);
  const b = frame.charCodeAt(start + 2);
  if (a === LOWER_H && b === LOWER_B) {
    // hb: the stamps follow the tag; no channel is looked up.
    if (!scanTail(frame, start + 4, false)) return undefined;
    const seq = stampSeqOf(tailCount, tailFirst, state.flags);
    if (seq !== undefined) noteSequence(state, seq);
    return { kind: "ignored", reason: "heartbeat" };
  }
  if (frame.charCodeAt(start + 4) !== COMMA) return undefined;
  const payloadAt = start + 5;
  if (a === LOWER_C && b === LOWER_S) return scanChecksum(frame, payloadAt, chanId, state, context);
  if (a !== LOWER_T || (b !== LOWER_E && b !== LOWER_U)) return undefined;
  const channel = liveChannelOf(state, chanId, "trades");
  if (channel === undefined) return undefined;
  if (b === LOWER_U) {
    // tu: a `te` again, once the trade is written (reading both would count every trade twice): its row is only
    // validated, not read.
    if (!scanTail(frame, tradeRowEndOf(frame, payloadAt), false)) return undefined;
    const seq = stampSeqOf(tailCount, tailFirst, state.flags);
    if (seq !== undefined) noteSequence(state, seq);
    return { kind: "ignored", reason: "tu: repeats te" };
  }
  if (!scanTail(frame, scanTradeRow(frame, payloadAt), false)) return undefined;
  const tsMs = rowTimeMs;
  const amount = rowAmount;
  const price = rowPrice;
  if (!(tsMs > 0) || amount === 0 || !(price > 0)) return undefined;
  const seq = stampSeqOf(tailCount, tailFirst, state.flags);
  if (seq !== undefined) noteSequence(state, seq);
  // "How much was bought (positive) or sold (negative)": the taker's side.
  const side = amount > 0 ? "buy" : "sell";
  // A plain id's text is its `String`: a slice of the frame costs less than writing the number out again.
  const tradeId = rowIdPlain ? frame.slice(payloadAt + 1, rowIdEnd) : String(rowId);
  const trade = tradeEventOf(context, channel.native!, tsMs, price, Math.abs(amount), side, tradeId);
  return { kind: "events", events: [trade] };
}

/** `CHECKSUM,…]` of a `cs` frame on a book channel; `start` is the checksum. */
function scanChecksum(
  frame: string,
  start: number,
  chanId: number,
  state: BitfinexSession,
  context: ParseContext,
): Parsed | undefined {
  const channel = liveChannelOf(state, chanId, "book");
  if (channel === undefined) return undefined;
  const checksum = numberAt(frame, start);
  if (numberEnd < 0 || !Number.isInteger(checksum) || !scanTail(frame, numberEnd, true)) return undefined;
  const seq = stampSeqOf(tailCount, tailFirst, state.flags);
  if (seq !== undefined) noteSequence(state, seq);
  const tsMs = frameTimeMsOf(stampTimeMsOf(tailCount, tailFirst, tailSecond, state.flags), context);
  const prevSeq = chainOf(state, chanId, seq);
  return {
    kind: "events",
    events: [checksumEventOf(context, channel.native!, tsMs, checksum, seq, prevSeq)],
  };
}

/** The subscribed channel `chanId` names, when it is of `kind` on a trading pair (funding markets are ignored). */
function liveChannelOf(state: BitfinexSession, chanId: number, kind: string): BitfinexChannel | undefined {
  const channel = state.channels.get(chanId);
  if (channel === undefined || channel.channel !== kind) return undefined;
  const native = channel.native;
  return native === undefined || native.charCodeAt(0) === LOWER_F ? undefined : channel;
}

/** The last level `scanLevel` read: its price, size, and side. */
let levelPrice = 0;
let levelSize = 0;
let levelIsBid = false;

/**
 * `PRICE,COUNT,AMOUNT]` of a level row from `start` (after its `[`), as the JSON.parse path reads it, into
 * `levelPrice`, `levelSize` and `levelIsBid`: bids have a positive amount, asks a negative one (its sign says the
 * side, its digits the size); COUNT 0 removes the level (size 0). The index after the `]`, or -1 for anything else
 * (another item count, a zero amount).
 */
function scanLevel(text: string, start: number): number {
  const price = decimalAt(text, start);
  let pos = numberEnd;
  if (pos < 0 || text.charCodeAt(pos) !== COMMA) return -1;
  const count = integerAt(text, pos + 1);
  pos = numberEnd;
  if (pos < 0 || text.charCodeAt(pos) !== COMMA) return -1;
  const isAsk = text.charCodeAt(pos + 1) === MINUS;
  // Unsigned after the sign: a second sign reads as a negative size here, which fails like a zero one.
  const size = decimalAt(text, isAsk ? pos + 2 : pos + 1);
  pos = numberEnd;
  if (pos < 0 || text.charCodeAt(pos) !== CLOSE_BRACKET || !(size > 0)) return -1;
  levelPrice = price;
  levelIsBid = !isAsk;
  levelSize = count === 0 ? 0 : size;
  return pos + 1;
}

/**
 * `[ID,MTS,AMOUNT,PRICE]` from `start` into `rowId` … `rowPrice`: the index after its `]`, or -1 for anything else
 * (a funding trade's fifth item, say). Id and time by `longIntegerAt`, amount and price by `decimalAt` (the amount's
 * sign read apart), each small enough to inline here where `numberAt` is not; `rowIdPlain` says whether the id's text
 * is its own `String` (plain digits), so the event may take the text itself.
 */
function scanTradeRow(text: string, start: number): number {
  if (text.charCodeAt(start) !== OPEN_BRACKET) return -1;
  rowId = longIntegerAt(text, start + 1);
  rowIdPlain = integerPlain;
  let pos = numberEnd;
  if (pos < 0 || text.charCodeAt(pos) !== COMMA) return -1;
  rowIdEnd = pos;
  rowTimeMs = longIntegerAt(text, pos + 1);
  pos = numberEnd;
  if (pos < 0 || text.charCodeAt(pos) !== COMMA) return -1;
  let amountAt = pos + 1;
  const isSell = text.charCodeAt(amountAt) === MINUS;
  if (isSell) {
    // A digit must follow the sign: `decimalAt` leaves any other text to `numberAt`, which would read a second sign.
    const code = text.charCodeAt(++amountAt);
    if (!(code >= ZERO && code <= NINE)) return -1;
  }
  const amount = decimalAt(text, amountAt);
  rowAmount = isSell ? -amount : amount;
  pos = numberEnd;
  if (pos < 0 || text.charCodeAt(pos) !== COMMA) return -1;
  rowPrice = decimalAt(text, pos + 1);
  pos = numberEnd;
  if (pos < 0 || text.charCodeAt(pos) !== CLOSE_BRACKET) return -1;
  return pos + 1;
}

/** The end of a trade row `[ID,MTS,AMOUNT,PRICE]` of any JSON numbers from `start` (after its `]`), or -1. */
function tradeRowEndOf(text: string, start: number): number {
  if (text.charCodeAt(start) !== OPEN_BRACKET) return -1;
  let pos = start;
  for (let item = 0; item < 4; item++) {
    pos = numberEndOf(text, pos + 1);
    if (pos < 0 || text.charCodeAt(pos) !== (item < 3 ? COMMA : CLOSE_BRACKET)) return -1;
  }
  return pos + 1;
}

/**
 * The numbers after a payload (SEQ_ALL, TIMESTAMP) from `start` (the `,` or `]` after it) to the frame's closing
 * `]`, which must end the text. The stamps need no more than how many there are up to two (`tailCount`), the first
 * (`tailFirst`) and, for frames with a send time (`wantsTime`), the second (`tailSecond`): the rest are only
 * validated. False for anything else there (tardis' channel labels, say), and for a negative `start`.
 */
function scanTail(text: string, start: number, wantsTime: boolean): boolean {
  if (start < 0) return false;
  let pos = start;
  let count = 0;
  for (;;) {
    const code = text.charCodeAt(pos);
    if (code === CLOSE_BRACKET) break;
    if (code !== COMMA) return false;
    if (count === 0) {
      tailFirst = integerAt(text, pos + 1);
      pos = numberEnd;
      count = 1;
    } else {
      if (count === 1 && wantsTime) {
        tailSecond = numberAt(text, pos + 1);
        pos = numberEnd;
      } else {
        pos = numberEndOf(text, pos + 1);
      }
      count = 2;
    }
    if (pos < 0) return false;
  }
  tailCount = count;
  return pos + 1 === text.length;
}

/**
 * The end of the JSON number at `start`, in any form (its value is not wanted), or -1 for none: a walk without the
 * arithmetic `numberAt` does per digit (a pattern costs more on a tail this short).
 */
function numberEndOf(text: string, start: number): number {
  let pos = start;
  let code = text.charCodeAt(pos) | 0;
  if (code === MINUS) code = text.charCodeAt(++pos) | 0;
  if (code === ZERO) pos++;
  else if (code > ZERO && code <= NINE) pos = digitsEndOf(text, pos + 1);
  else return -1;
  code = text.charCodeAt(pos) | 0;
  if (code === DOT) {
    const end = digitsEndOf(text, pos + 1);
    if (end === pos + 1) return -1;
    pos = end;
    code = text.charCodeAt(pos) | 0;
  }
  if (code === LOWER_E || code === UPPER_E) {
    code = text.charCodeAt(++pos) | 0;
    if (code === PLUS || code === MINUS) pos++;
    const end = digitsEndOf(text, pos);
    if (end === pos) return -1;
    pos = end;
  }
  return pos;
}

/** The end of the run of digits from `start`. */
function digitsEndOf(text: string, start: number): number {
  let pos = start;
  let code = text.charCodeAt(pos) | 0;
  while (code >= ZERO && code <= NINE) code = text.charCodeAt(++pos) | 0;
  return pos;
}

/**
 * The JSON number at `start`, as the double JSON.parse gives, its end in `numberEnd`. Its digits (at most 15: every
 * price, amount, id and time Bitfinex sends) make an exact integer m, read in two int32 halves (integer adds, not a
 * chain of double multiplies, which cost a 13-digit time three times as much); with the dot and any exponent
 * (Bitfinex writes tiny amounts as `2e-8`) the value is m × 10^k, and for |k| ≤ 22 one multiply or divide by the
 * exact 10^|k|: one correctly rounded operation, so the same double. Anything else (longer texts, huge exponents, no
 * number) sets `numberEnd` to -1, and the frame goes to JSON.parse.
 */
function numberAt(text: string, start: number): number {
  let pos = start;
  let code = text.charCodeAt(pos) | 0;
  const negative = code === MINUS;
  if (negative) code = text.charCodeAt(++pos) | 0;
  let high = 0;
  let low = 0;
  let digits = 0;
  if (code === ZERO) {
    // JSON allows no digit after a leading zero: the caller finds one where it expects `,` or `]`.
    digits = 1;
    code = text.charCodeAt(++pos) | 0;
  } else if (code > ZERO && code <= NINE) {
    do {
      if (digits < 9) high = (high * 10 + (code - ZERO)) | 0;
      else low = (low * 10 + (code - ZERO)) | 0;
      digits++;
      code = text.charCodeAt(++pos) | 0;
    } while (code >= ZERO && code <= NINE && digits <= IN_PLACE_DIGITS);
  } else {
    return noNumber();
  }
  const integerDigits = digits;
  if (code === DOT) {
    code = text.charCodeAt(++pos) | 0;
    while (code >= ZERO && code <= NINE && digits <= IN_PLACE_DIGITS) {
      if (digits < 9) high = (high * 10 + (code - ZERO)) | 0;
      else low = (low * 10 + (code - ZERO)) | 0;
      digits++;
      code = text.charCodeAt(++pos) | 0;
    }
    // `1.` is no JSON number.
    if (digits === integerDigits) return noNumber();
  }
  // A 16th digit stopped the loops above: JSON.parse's to read.
  if (digits > IN_PLACE_DIGITS || (code >= ZERO && code <= NINE)) return noNumber();
  let power = integerDigits - digits;
  if (code === LOWER_E || code === UPPER_E) {
    code = text.charCodeAt(++pos) | 0;
    const isNegativeExponent = code === MINUS;
    if (isNegativeExponent || code === PLUS) code = text.charCodeAt(++pos) | 0;
    let exponent = 0;
    const exponentStart = pos;
    while (code >= ZERO && code <= NINE && pos - exponentStart < 3) {
      exponent = exponent * 10 + (code - ZERO);
      code = text.charCodeAt(++pos) | 0;
    }
    if (pos === exponentStart || (code >= ZERO && code <= NINE)) return noNumber();
    power += isNegativeExponent ? -exponent : exponent;
    if (power < -MAX_EXACT_POWER || power > MAX_EXACT_POWER) return noNumber();
  }
  numberEnd = pos;
  const mantissa = digits <= 9 ? high : high * POW10[digits - 9]! + low;
  const value = power === 0 ? mantissa : power < 0 ? mantissa / POW10[-power]! : mantissa * POW10[power]!;
  return negative ? -value : value;
}

/**
 * The JSON number at `start` where it is a plain integer (digits, no leading zero, at most 9 of them: channel ids,
 * counts, sequence numbers), its end in `numberEnd`; anything else is `numberAt`'s. Small enough for the compiler to
 * inline where `numberAt` is not.
 */
function integerAt(text: string, start: number): number {
  let pos = start;
  let code = text.charCodeAt(pos) | 0;
  let value = 0;
  while (code >= ZERO && code <= NINE) {
    value = (value * 10 + (code - ZERO)) | 0;
    code = text.charCodeAt(++pos) | 0;
  }
  const digits = pos - start;
  if (
    digits === 0 ||
    digits > 9 ||
    code === DOT ||
    (code | 32) === LOWER_E ||
    (digits > 1 && text.charCodeAt(start) === ZERO)
  )
    return numberAt(text, start);
  numberEnd = pos;
  return value;
}

/** Whether the last `longIntegerAt` read plain digits itself (not through `numberAt`). */
let integerPlain = false;

/**
 * The JSON number at `start` where it is a plain integer of at most 15 digits (trade ids, epoch milliseconds: every
 * such integer is an exact double, built digit by digit), its end in `numberEnd`, `integerPlain` true; anything else
 * is `numberAt`'s (`integerPlain` false). `integerAt` with room for ids and times, still small enough to inline.
 */
function longIntegerAt(text: string, start: number): number {
  let pos = start;
  let code = text.charCodeAt(pos) | 0;
  let value = 0;
  while (code >= ZERO && code <= NINE) {
    value = value * 10 + (code - ZERO);
    code = text.charCodeAt(++pos) | 0;
  }
  const digits = pos - start;
  if (
    digits === 0 ||
    digits > IN_PLACE_DIGITS ||
    code === DOT ||
    (code | 32) === LOWER_E ||
    (digits > 1 && text.charCodeAt(start) === ZERO)
  ) {
    integerPlain = false;
    return numberAt(text, start);
  }
  integerPlain = true;
  numberEnd = pos;
  return value;
}

/**
 * The unsigned JSON number at `start`, its end in `numberEnd`: in the form prices and sizes take by
 * `readShortJsonNumberAt`, small enough for the compiler to inline into `scanLevel`, where `numberAt` is not
 * (measured: snapshots read about a tenth faster); any other text (a sign, an exponent, more digits) by `numberAt`.
 */
function decimalAt(text: string, start: number): number {
  const value = readShortJsonNumberAt(text, start);
  if (checkedRead.end < 0) return numberAt(text, start);
  numberEnd = checkedRead.end;
  return value;
}

function noNumber(): number {
  numberEnd = -1;
  return 0;
}
