// Deribit's book and trades notifications matched whole and walked to their values: a pattern that captures nothing
// admits a frame in the exact layout Deribit sends, a walk reads each value where the layout puts it and builds the
// events the JSON.parse path (parse.ts) builds; anything else returns undefined and goes on to that path.

import type { Level, MarketDataEvent, Side } from "../../core/index.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { anyPlainTextEndAt, checkedRead, readShortJsonNumberAt } from "../_shared/checked-values.ts";
import { tradeEventAt } from "../_shared/event-base.ts";
import { INTEGER, PLAIN_TEXT, TIME_MS } from "../_shared/frame-patterns.ts";
import { jsonNumberRead, readJsonNumberAt } from "../_shared/json-number.ts";
import { digitsEndAt } from "../_shared/matched-values.ts";
import { hasTextAt, RECENT_NATIVES, RecentStrings } from "../_shared/scan.ts";
import { bookEventOf, marketOf, pushLiquidations } from "./events.ts";

const QUOTE = 34;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const UPPER_E = 69;
const UPPER_M = 77;
const CLOSE_BRACKET = 93;
const LOWER_B = 98;
const LOWER_C = 99;
const LOWER_D = 100;
const LOWER_E = 101;
const LOWER_L = 108;
const LOWER_M = 109;
const LOWER_N = 110;
const LOWER_V = 118;

// Deribit sends prices and amounts as JSON numbers, which JSON.parse reads natively: an in-place reader in JavaScript
// (the FrameScanner, or one written for these frames) measured as slow as JSON.parse here. Patterns in Deribit's
// exact layout run natively too and build no tree: a matched frame costs less than JSON.parse of it alone.

/** A JSON number as JSON writes it (sign, fraction, exponent): `Number` reads its text as JSON.parse does. */
const JSON_NUMBER = String.raw`-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?`;

/** A change id: a JSON integer short enough to be finite, as the JSON.parse path requires of it. */
const CHANGE_ID = String.raw`(?:0|[1-9]\d{0,19})`;

/** A channel segment: plain text without a dot (`book.{instrument}.{interval}` has exactly two dots). */
const SEGMENT = String.raw`[^".\\\x00-\x1f]*`;

/**
 * A `book.{instrument}.{interval}` notification's head, to the `[` that opens `bids`, in the layouts Deribit sends:
 * `type` (absent before 2021), `timestamp`, `prev_change_id` (absent from a snapshot) before or after
 * `instrument_name`, `change_id`. It captures nothing (captured texts cost a copy each to read): a matched head is
 * walked after it. The rows are checked by the walk that reads them (`checkedLevelsAt`): in the pattern, a repeated
 * row group cost about 20 ns a row, most of a snapshot's match.
 */
const BOOK_HEAD = new RegExp(
  String.raw`^\{"jsonrpc":"2\.0","method":"subscription","params":\{"channel":"book\.${SEGMENT}\.${SEGMENT}","data":\{(?:"type":"(?:snapshot|change)",)?"timestamp":${TIME_MS},(?:"prev_change_id":${CHANGE_ID},)?"instrument_name":"${PLAIN_TEXT}",(?:"prev_change_id":${CHANGE_ID},)?"change_id":${CHANGE_ID},"bids":\[`,
);

/** Where every notification's channel text starts. */
const CHANNEL_AT = '{"jsonrpc":"2.0","method":"subscription","params":{"channel":"'.length;
/** The literals between the values of a matched book notification, by length. */
const DATA_OBJECT = '","data":{';
const TYPE_SNAPSHOT = '"type":"snapshot",'.length;
const TYPE_CHANGE = '"type":"change",'.length;
const TIMESTAMP_KEY = '"timestamp":'.length;
const PREV_CHANGE_ID_KEY = '"prev_change_id":'.length;
const INSTRUMENT_KEY = '"instrument_name":"'.length;
const CHANGE_ID_KEY = '"change_id":'.length;
const BIDS_KEY = '"bids":['.length;
/** Between the rows of `bids` and of `asks`, and after those of `asks`: the frame's end. */
const BIDS_TO_ASKS = '],"asks":[';
const BOOK_END = "]}}}";
/** The opening of a book row, to its price: `["` and the action, `",`. */
const NEW_ROW = '["new",';
const CHANGE_ROW = '["change",';
const DELETE_ROW = '["delete",';

/** The instrument names matched lately, handed out again for an equal one: the maps `marketOf` uses keep its hash. */
const matchedNatives = new RecentStrings(RECENT_NATIVES);

/**
 * A book notification in Deribit's exact layout (every recorded one), matched whole, then walked, to the event
 * `parseBook` builds. Any other frame or layout, and any value the JSON.parse path would read otherwise, returns
 * undefined and goes on to that path, which judges it.
 */
export function matchBookFrame(frame: string, context: ParseContext): Parsed | undefined {
  // The channel's first letter turns ticker and trades notifications away before the pattern runs.
  if (frame.charCodeAt(CHANNEL_AT) !== 98 || !BOOK_HEAD.test(frame)) return undefined;
  // The walk: the pattern checked every character of the head, so optional members are told apart by one letter.
  // Strings hold no quote, so the first `","data":{` is the one after the channel.
  let pos = frame.indexOf(DATA_OBJECT, CHANNEL_AT) + DATA_OBJECT.length;
  let type: string | undefined;
  // `"type"` or `"timestamp"`: the third letter tells.
  if (frame.charCodeAt(pos + 2) === 121) {
    type = frame.charCodeAt(pos + 8) === 115 ? "snapshot" : "change";
    pos += type === "snapshot" ? TYPE_SNAPSHOT : TYPE_CHANGE;
  }
  const tsMs = jsonNumberAt(frame, pos + TIMESTAMP_KEY);
  pos = numberEnd + 1;
  let prevSeq: number | undefined;
  // `"prev_change_id"` (p) before or after the instrument; JSON.parse keeps the last of a repeated key.
  if (frame.charCodeAt(pos + 1) === 112) {
    prevSeq = jsonNumberAt(frame, pos + PREV_CHANGE_ID_KEY);
    pos = numberEnd + 1;
  }
  const nativeStart = pos + INSTRUMENT_KEY;
  const nativeEnd = frame.indexOf('"', nativeStart);
  const native = matchedNatives.at(frame, nativeStart, nativeEnd);
  pos = nativeEnd + 2;
  if (frame.charCodeAt(pos + 1) === 112) {
    prevSeq = jsonNumberAt(frame, pos + PREV_CHANGE_ID_KEY);
    pos = numberEnd + 1;
  }
  const seq = jsonNumberAt(frame, pos + CHANGE_ID_KEY);
  const bids = checkedLevelsAt(frame, numberEnd + 1 + BIDS_KEY);
  if (bids === undefined || !hasTextAt(frame, levelsEnd, BIDS_TO_ASKS)) return undefined;
  const asks = checkedLevelsAt(frame, levelsEnd + BIDS_TO_ASKS.length);
  // `asks` ends `data`, `data` `params`, and `params` the frame: anything else is the JSON.parse path's to judge.
  if (
    asks === undefined ||
    levelsEnd + BOOK_END.length !== frame.length ||
    !hasTextAt(frame, levelsEnd, BOOK_END)
  )
    return undefined;
  const isSnapshot = type === "snapshot" || (type === undefined && prevSeq === undefined);
  const event = bookEventOf(context, native, tsMs, isSnapshot, bids, asks, seq, prevSeq);
  return { kind: "events", events: [event] };
}

/** Where `checkedLevelsAt` stopped: the `]` after the last row. */
let levelsEnd = 0;

/**
 * The rows from `start` (just after `[`) to the `]` that ends them, `["new"|"change"|"delete",price,amount]` each, as
 * `toBookLevels` reads them; undefined for anything else, or where a number is not finite. The walk checks each
 * character as it reads it (the head's pattern stopped at the rows). Each row moves it on by its length; past the
 * frame's end `charCodeAt` gives NaN, which no test takes.
 */
function checkedLevelsAt(text: string, start: number): Level[] | undefined {
  const levels: Level[] = [];
  let pos = start;
  if (text.charCodeAt(pos) !== CLOSE_BRACKET) {
    for (;;) {
      // `["new",`, `["change",` or `["delete",`: the action's first letter says which to compare.
      const action = text.charCodeAt(pos + 2);
      const opening = action === LOWER_N ? NEW_ROW : action === LOWER_C ? CHANGE_ROW : DELETE_ROW;
      if (!hasTextAt(text, pos, opening)) return undefined;
      const price = levelNumberAt(text, pos + opening.length);
      if (text.charCodeAt(numberEnd) !== COMMA) return undefined;
      const amount = levelNumberAt(text, numberEnd + 1);
      if (text.charCodeAt(numberEnd) !== CLOSE_BRACKET) return undefined;
      if (!Number.isFinite(price) || !Number.isFinite(amount)) return undefined;
      // `delete` means size 0.
      levels.push([price, action === LOWER_D ? 0 : amount]);
      // Past the row's `]`: `,` and the next row, or the `]` that ends the rows.
      pos = numberEnd + 1;
      const code = text.charCodeAt(pos);
      if (code === CLOSE_BRACKET) break;
      if (code !== COMMA) return undefined;
      pos++;
    }
  }
  levelsEnd = pos;
  return levels;
}

/**
 * The JSON number at `start` as JSON.parse reads it, its end in `numberEnd` (-1 where no JSON number starts there):
 * prices and amounts in their short form by `readShortJsonNumberAt`, which the compiler inlines into the row walk,
 * any other form by `readJsonNumberAt`. What follows the number is the caller's to check (`01` stops after the `0`).
 */
function levelNumberAt(text: string, start: number): number {
  const value = readShortJsonNumberAt(text, start);
  numberEnd = checkedRead.end;
  if (numberEnd >= 0) return value;
  const other = readJsonNumberAt(text, start);
  numberEnd = jsonNumberRead.end;
  return other;
}

/** Where `jsonNumberAt` stopped: the first character after the number. */
let numberEnd = 0;

/** The JSON number a pattern matched at `start`, as JSON.parse reads it (`readJsonNumberAt`), its end in `numberEnd`. */
function jsonNumberAt(text: string, start: number): number {
  const value = readJsonNumberAt(text, start);
  numberEnd = jsonNumberRead.end;
  return value;
}

const TRADES_START = '{"jsonrpc":"2.0","method":"subscription","params":{"channel":"trades.';

/**
 * One trade row in Deribit's layout: the docs' fields in the docs' order, with the optional `mark_price`, `iv` and
 * `liquidation` where they stand. Sticky: each row is matched where the one before it ended. It captures nothing:
 * groups cost an array, a string each and a `Number` of each; `matchTradesFrame` walks to the values where the
 * layout puts them. (One pattern for the whole frame, rows repeated in it, measured at half the speed of this one
 * run row by row.)
 */
const TRADE_ROW = new RegExp(
  String.raw`\{"trade_seq":${INTEGER},"trade_id":"${PLAIN_TEXT}","timestamp":${TIME_MS},"tick_direction":${INTEGER},"price":${JSON_NUMBER},(?:"mark_price":${JSON_NUMBER},)?(?:"iv":${JSON_NUMBER},)?(?:"liquidation":"(?:MT|M|T)",)?"instrument_name":"${PLAIN_TEXT}","index_price":${JSON_NUMBER},"direction":"(?:buy|sell)","amount":${JSON_NUMBER}\}`,
  "y",
);

/** The literals of a matched trade row before and between the values the walk reads, by length. */
const DATA_ARRAY = '","data":[';
const TRADE_SEQ_KEY = '{"trade_seq":'.length;
const TRADE_ID_KEY = ',"trade_id":"'.length;
const TIMESTAMP_AFTER_ID = '","timestamp":'.length;
const TICK_DIRECTION_KEY = ',"tick_direction":'.length;
const PRICE_KEY = ',"price":'.length;
const MARK_PRICE_KEY = ',"mark_price":'.length;
const IV_KEY = ',"iv":'.length;
const LIQUIDATION_KEY = ',"liquidation":"'.length;
const INSTRUMENT_NAME_KEY = ',"instrument_name":"'.length;
const INDEX_PRICE_AFTER_NAME = '","index_price":'.length;
const DIRECTION_KEY = ',"direction":"'.length;
const AMOUNT_AFTER_DIRECTION = '","amount":'.length;

/**
 * A trades notification whose rows are all in Deribit's layout (`TRADE_ROW`), each matched, then walked to its values,
 * to the events `parseTrades` builds. Any other frame or layout, and any row the JSON.parse path would call
 * malformed, returns undefined and goes on to that path, which judges it.
 */
export function matchTradesFrame(frame: string, context: ParseContext): Parsed | undefined {
  if (frame.charCodeAt(CHANNEL_AT) !== 116 || !frame.startsWith(TRADES_START)) return undefined;
  // The rest of the channel: plain text (the JSON.parse path reads only its first segment).
  const channelEnd = anyPlainTextEndAt(frame, TRADES_START.length);
  if (channelEnd < 0 || !frame.startsWith(DATA_ARRAY, channelEnd)) return undefined;
  const events: MarketDataEvent[] = [];
  let pos = channelEnd + DATA_ARRAY.length;
  // Each row matched, then walked: the pattern checked every character, so optional members are told apart by a
  // letter or two, and strings hold no quote.
  for (;;) {
    TRADE_ROW.lastIndex = pos;
    // An empty batch is the JSON.parse path's too (it is ignored there).
    if (!TRADE_ROW.test(frame)) return undefined;
    const tradeIdAt = digitsEndAt(frame, pos + TRADE_SEQ_KEY) + TRADE_ID_KEY;
    const tradeIdEnd = frame.indexOf('"', tradeIdAt);
    const tsMs = jsonNumberAt(frame, tradeIdEnd + TIMESTAMP_AFTER_ID);
    const price = jsonNumberAt(frame, digitsEndAt(frame, numberEnd + TICK_DIRECTION_KEY) + PRICE_KEY);
    pos = numberEnd;
    // `,"mark_price"` (m), `,"iv"` (i, v), `,"liquidation"` (l), else `,"instrument_name"`.
    if (frame.charCodeAt(pos + 2) === LOWER_M) pos = jsonNumberEnd(frame, pos + MARK_PRICE_KEY);
    if (frame.charCodeAt(pos + 3) === LOWER_V) pos = jsonNumberEnd(frame, pos + IV_KEY);
    let flag: string | undefined;
    if (frame.charCodeAt(pos + 2) === LOWER_L) {
      const flagAt = pos + LIQUIDATION_KEY;
      // `"MT"`, `"M"` or `"T"`.
      flag = frame.charCodeAt(flagAt) !== UPPER_M ? "T" : frame.charCodeAt(flagAt + 1) === QUOTE ? "M" : "MT";
      pos = flagAt + flag.length + 1;
    }
    const nativeAt = pos + INSTRUMENT_NAME_KEY;
    const nativeEnd = frame.indexOf('"', nativeAt);
    const directionAt = jsonNumberEnd(frame, nativeEnd + INDEX_PRICE_AFTER_NAME) + DIRECTION_KEY;
    // `b…`: buy, else sell (the pattern admits no other direction).
    const side: Side = frame.charCodeAt(directionAt) === LOWER_B ? "buy" : "sell";
    const size = jsonNumberAt(frame, directionAt + side.length + AMOUNT_AFTER_DIRECTION);
    if (!Number.isFinite(price) || !(size > 0)) return undefined;
    const { account, symbol } = marketOf(matchedNatives.at(frame, nativeAt, nativeEnd), context);
    const tradeId = frame.slice(tradeIdAt, tradeIdEnd);
    const trade = tradeEventAt(context, account, symbol, tsMs, price, size, side, tradeId);
    events.push(trade);
    if (flag !== undefined) pushLiquidations(events, trade, flag);
    // Past the row's `}`: `,` and the next row, or the end of `data`.
    pos = numberEnd + 1;
    if (frame.charCodeAt(pos) !== COMMA) break;
    pos++;
  }
  // `data` ends `params`, and `params` the frame: other members are the JSON.parse path's to judge.
  if (pos + 3 !== frame.length || !frame.startsWith("]}}", pos)) return undefined;
  return { kind: "events", events };
}

/** Where the JSON number a pattern matched at `start` ends (skipped, not read). */
function jsonNumberEnd(text: string, start: number): number {
  let pos = start;
  let code = text.charCodeAt(pos) | 0;
  while (isNumberCode(code)) code = text.charCodeAt(++pos) | 0;
  return pos;
}

/** A character of a JSON number: its sign, digits, dot and exponent. */
function isNumberCode(code: number): boolean {
  return (
    (code >= ZERO && code <= NINE) ||
    code === DOT ||
    code === LOWER_E ||
    code === UPPER_E ||
    code === PLUS ||
    code === MINUS
  );
}
