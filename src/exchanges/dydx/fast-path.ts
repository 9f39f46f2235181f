// v4_trades data frames matched whole and walked to their values: one pattern that captures nothing admits a
// `channel_data` frame (contents `{"trades":[…]}`) or a `channel_batch_data` one (a list of them) in the indexer's
// compact layout, each row's members in any order; a walk then reads each value where it lies (prices and sizes by
// _shared/checked-values.ts, `createdAt` by time.ts in place, the ticker through the recent-strings cache) and builds
// the events the JSON.parse path builds. Anything else, a row lacking or repeating a member among them, returns
// undefined: the frame takes the JSON.parse path untouched.

import type { MarketDataEvent } from "../../core/index.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { checkedRead, plainTextEndAt, readDecimalTextAt, upperSideEndAt } from "../_shared/checked-values.ts";
import { recvMsOf } from "../_shared/event-base.ts";
import { PLAIN_TEXT, SHORT_INTEGER } from "../_shared/frame-patterns.ts";
import { jsonNumberRead, readJsonNumberAt } from "../_shared/json-number.ts";
import { RECENT_NATIVES, RecentStrings } from "../_shared/scan.ts";
import { pushTrade, symbolOfTicker } from "./events.ts";
import { type DydxSequenceState, observeMessageId, sequenceStateOf } from "./sequence.ts";
import { exactIsoMsIn } from "./time.ts";

/** The tickers frames named lately, handed out again for an equal one (`RecentStrings`): a Map hit, not a hash. */
export const recentTickers = new RecentStrings(RECENT_NATIVES);

const QUOTE = 34;
const COMMA = 44;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const COLON = 58;
const LETTER_B = 98;
const LETTER_C = 99;
const LETTER_D = 100;
const LETTER_E = 101;
const LETTER_I = 105;
const LETTER_P = 112;
const LETTER_R = 114;
const LETTER_S = 115;
const LETTER_T = 116;
const LETTER_Y = 121;
const LETTER_Z = 122;

/**
 * The head of a v4_trades data frame up to its `contents` value, in the indexer's layout (`channel_batch_data` for
 * batched subscriptions, which dig3 makes; `channel_data` otherwise). Nothing is captured. The contents are checked
 * by the walk as it reads them: a pattern over the rows measured slower than JSON.parse of the whole frame.
 */
const TRADES_HEAD = new RegExp(
  String.raw`\{"type":"channel_(?:batch_)?data","connection_id":"${PLAIN_TEXT}","message_id":${SHORT_INTEGER},"id":"${PLAIN_TEXT}","channel":"v4_trades"(?:,"version":"${PLAIN_TEXT}")?,"contents":`,
  "y",
);

/** Where values start: after `{"type":"channel_`, then after each value's end. */
const TYPE_REST_AT = '{"type":"channel_'.length;
const CONNECTION_AFTER_TYPE = '","connection_id":"'.length;
const MESSAGE_ID_AFTER_CONNECTION = '","message_id":'.length;
const ID_AFTER_MESSAGE_ID = ',"id":"'.length;
const TRADES_KEY = '{"trades":[';
/** Every member a row must name once: id, size, price, side, createdAt, type. */
const ALL_MEMBERS = 0b111111;
/** The length of `YYYY-MM-DDTHH:MM:SS.sssZ`, the indexer's times. */
const ISO_MS_LENGTH = 24;

/**
 * A v4_trades `channel_data` or `channel_batch_data` frame, read in place (see the file's head); undefined for any
 * other frame or layout. Nothing is recorded (message id, connection) until the whole frame is read.
 */
export function readDydxTradesFrame(frame: string, context: ParseContext): Parsed | undefined {
  // A first look: `channel_data` trade frames end `"}]}}`, batched ones `"}]}]}` (book frames end in `]` there).
  const length = frame.length;
  if (frame.charCodeAt(length - 4) !== CLOSE_BRACE && frame.charCodeAt(length - 5) !== CLOSE_BRACE)
    return undefined;
  TRADES_HEAD.lastIndex = 0;
  if (!TRADES_HEAD.test(frame)) return undefined;

  const typeEnd = frame.indexOf('"', TYPE_REST_AT);
  const isBatch = frame.charCodeAt(TYPE_REST_AT) === LETTER_B;
  const connectionStart = typeEnd + CONNECTION_AFTER_TYPE;
  const connectionEnd = frame.indexOf('"', connectionStart);
  const seq = readJsonNumberAt(frame, connectionEnd + MESSAGE_ID_AFTER_CONNECTION);
  const tickerStart = jsonNumberRead.end + ID_AFTER_MESSAGE_ID;
  const tickerEnd = frame.indexOf('"', tickerStart);
  const symbol = symbolOfTicker(recentTickers.at(frame, tickerStart, tickerEnd), context);

  const events: MarketDataEvent[] = [];
  let pos = TRADES_HEAD.lastIndex;
  if (isBatch && frame.charCodeAt(pos++) !== OPEN_BRACKET) return undefined;
  // Each change `{"trades":[row,…]}`; each pass moves past one.
  for (;;) {
    if (!frame.startsWith(TRADES_KEY, pos)) return undefined;
    pos = readRows(frame, pos + TRADES_KEY.length, symbol, events, context);
    if (pos < 0 || frame.charCodeAt(pos) !== CLOSE_BRACKET || frame.charCodeAt(pos + 1) !== CLOSE_BRACE)
      return undefined;
    pos += 2;
    if (!isBatch || frame.charCodeAt(pos) !== COMMA) break;
    pos++;
  }
  if (isBatch && frame.charCodeAt(pos++) !== CLOSE_BRACKET) return undefined;
  if (frame.charCodeAt(pos) !== CLOSE_BRACE || pos + 1 !== length) return undefined;

  observeFrameMessageId(frame, connectionStart, connectionEnd, seq, context);
  return { kind: "events", events };
}

/**
 * The rows from `pos` (at a row's `{`) to the `]` that ends them, their events pushed; returns where that `]` is,
 * or -1 for anything the JSON.parse path is to judge: another layout or member, a value of another form, a member
 * lacking or repeated (JSON.parse keeps the last), a price or size past a double.
 */
function readRows(
  frame: string,
  pos: number,
  symbol: string,
  events: MarketDataEvent[],
  context: ParseContext,
): number {
  for (;;) {
    if (frame.charCodeAt(pos) !== OPEN_BRACE) return -1;
    let seen = 0;
    let price = 0;
    let size = 0;
    let isBuy = false;
    let tradeId = "";
    let tsMs = 0;
    let isLiquidation = false;
    // Each member from its `{` or `,`: `"key":"value"`; each pass moves past one value's closing quote.
    for (;;) {
      if (frame.charCodeAt(pos + 1) !== QUOTE) return -1;
      const keyStart = pos + 2;
      // Keys told by their letters, each compared (a call to startsWith per key cost a tenth of the walk).
      const first = frame.charCodeAt(keyStart);
      const second = frame.charCodeAt(keyStart + 1);
      let valueEnd: number;
      switch (first) {
        case LETTER_I: {
          // id
          if (second !== LETTER_D || !isColonAt(frame, keyStart + 2) || seen & 1) return -1;
          const valueStart = keyStart + 5;
          valueEnd = plainTextEndAt(frame, valueStart);
          if (valueEnd > 0) tradeId = frame.slice(valueStart, valueEnd);
          seen |= 1;
          break;
        }
        case LETTER_S: {
          // size or side
          const third = frame.charCodeAt(keyStart + 2);
          if (
            second !== LETTER_I ||
            frame.charCodeAt(keyStart + 3) !== LETTER_E ||
            !isColonAt(frame, keyStart + 4)
          )
            return -1;
          const valueStart = keyStart + 7;
          if (third === LETTER_Z && !(seen & 2)) {
            size = readDecimalTextAt(frame, valueStart);
            valueEnd = checkedRead.end;
            seen |= 2;
          } else if (third === LETTER_D && !(seen & 8)) {
            valueEnd = upperSideEndAt(frame, valueStart);
            isBuy = valueEnd === valueStart + 3;
            seen |= 8;
          } else return -1;
          break;
        }
        case LETTER_P:
          // price
          if (
            second !== LETTER_R ||
            frame.charCodeAt(keyStart + 2) !== LETTER_I ||
            frame.charCodeAt(keyStart + 3) !== LETTER_C ||
            frame.charCodeAt(keyStart + 4) !== LETTER_E ||
            !isColonAt(frame, keyStart + 5) ||
            seen & 4
          )
            return -1;
          price = readDecimalTextAt(frame, keyStart + 8);
          valueEnd = checkedRead.end;
          seen |= 4;
          break;
        case LETTER_T: {
          // type
          if (
            second !== LETTER_Y ||
            frame.charCodeAt(keyStart + 2) !== LETTER_P ||
            frame.charCodeAt(keyStart + 3) !== LETTER_E ||
            !isColonAt(frame, keyStart + 4) ||
            seen & 32
          )
            return -1;
          const valueStart = keyStart + 7;
          valueEnd = plainTextEndAt(frame, valueStart);
          isLiquidation = valueEnd - valueStart === 10 && frame.startsWith("LIQUIDATED", valueStart);
          seen |= 32;
          break;
        }
        case LETTER_C:
          if (frame.startsWith('createdAt":"', keyStart) && !(seen & 16)) {
            const valueStart = keyStart + 12;
            // The indexer's layout, checked by its reader (it holds no quote, escape or control); any other time is
            // the JSON.parse path's (Date.parse, or the receive time).
            valueEnd = valueStart + ISO_MS_LENGTH;
            tsMs =
              frame.charCodeAt(valueEnd) === QUOTE ? exactIsoMsIn(frame, valueStart, valueEnd) : Number.NaN;
            if (Number.isNaN(tsMs)) return -1;
            seen |= 16;
          } else if (frame.startsWith('createdAtHeight":"', keyStart)) {
            valueEnd = plainTextEndAt(frame, keyStart + 18);
          } else return -1;
          break;
        default:
          return -1;
      }
      if (valueEnd < 0) return -1;
      pos = valueEnd + 1;
      const next = frame.charCodeAt(pos);
      if (next === CLOSE_BRACE) break;
      if (next !== COMMA) return -1;
    }
    if (seen !== ALL_MEMBERS || !Number.isFinite(price) || !Number.isFinite(size)) return -1;
    pushTrade(events, symbol, tsMs, price, size, isBuy ? "buy" : "sell", tradeId, isLiquidation, context);
    // Past the row's `}`: another row, or the list's end.
    pos++;
    if (frame.charCodeAt(pos) !== COMMA) return pos;
    pos++;
  }
}

/** `":"` at `at`: a key's end and its string value's start. */
function isColonAt(frame: string, at: number): boolean {
  return (
    frame.charCodeAt(at) === QUOTE && frame.charCodeAt(at + 1) === COLON && frame.charCodeAt(at + 2) === QUOTE
  );
}

/**
 * A data frame's `message_id` recorded (sequence.ts) with its `connection_id`, which lies at [start, end) of `frame`:
 * the connection's own string when the frame names it, a compare in place. Live that is every data frame (the
 * `connected` greeting, read by JSON.parse, names the connection first). A frame naming another connection (a
 * recording stitched from several) gives a slice, not a copy: it keeps this one frame alive until the next change.
 */
export function observeFrameMessageId(
  frame: string,
  start: number,
  end: number,
  seq: number,
  context: ParseContext,
): DydxSequenceState {
  const state = sequenceStateOf(context.session);
  const known = state.connectionId;
  const connectionId =
    known !== undefined && known.length === end - start && frame.startsWith(known, start)
      ? known
      : frame.slice(start, end);
  observeMessageId(state, connectionId, seq, recvMsOf(context));
  return state;
}
