// Bybit's hot frames read without JSON.parse: v5 `orderbook` pushes matched whole, `publicTrade` pushes head then row
// by row, by patterns in the layout Bybit sends, and walked to their values. Each gives the events parse.ts's
// JSON.parse path gives for the frame (the book event built by events.ts's `orderbookEventOf`, trades by
// `tradeEventAt`, `tradeEventOf`'s literal with the push's symbol resolved once), or undefined for any other frame and
// any surprise in one, which then takes that path.

import type { Level, TradeEvent } from "../../core/index.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { tradeEventAt } from "../_shared/event-base.ts";
import { BOOLEAN, DECIMAL, INTEGER, PLAIN_TEXT, TIME_MS } from "../_shared/frame-patterns.ts";
import { digitsEndAt, matchedDecimalRead, readMatchedDecimalAt } from "../_shared/matched-values.ts";
import { hasTextAt, RECENT_NATIVES, RecentStrings } from "../_shared/scan.ts";
import { isPositiveFinite, isTime } from "../_shared/values.ts";
import { orderbookEventOf } from "./events.ts";

// ── orderbook pushes, matched whole ────────────────────────────────────────────────────────────────────────────

/** A level list as Bybit writes it: `[["price","size"],…]`, decimal texts. */
const LEVEL = String.raw`\["${DECIMAL}","${DECIMAL}"\]`;
const LEVELS = String.raw`\[(?:${LEVEL}(?:,${LEVEL})*)?\]`;
const BOOK_TYPE = "(?:snapshot|delta)";

/**
 * An orderbook push in the layouts Bybit sends, whole: `topic`, then `type` and `ts` (derivatives) or `ts` and
 * `type` (spot), `data` as `{s, b, a, u, [seq]}`, and `cts` where sent. It captures nothing: a walk
 * (`walkOrderbookAt`) finds each value where the layout puts it and reads numbers where they lie.
 */
const ORDERBOOK_FRAME = new RegExp(
  String.raw`^\{"topic":"orderbook\.\d+\.${PLAIN_TEXT}","(?:type":"${BOOK_TYPE}","ts":${INTEGER}|ts":${INTEGER},"type":"${BOOK_TYPE}"),"data":\{"s":"${PLAIN_TEXT}","b":${LEVELS},"a":${LEVELS},"u":${INTEGER}(?:,"seq":${INTEGER})?\}(?:,"cts":${INTEGER})?\}$`,
);

/** How every orderbook push begins: a first look keeps the pattern off other topics' pushes. */
const ORDERBOOK_FRAME_START = '{"topic":"orderbook.';

// The literals of a matched push between its values, each from the quote or comma before it.
const TYPE_AFTER_TOPIC = '","type":"'.length;
const TS_AFTER_TEXT = '","ts":'.length;
const TYPE_AFTER_TS = ',"type":"'.length;
const SYMBOL_AFTER_HEAD = ',"data":{"s":"'.length;
const BIDS_AFTER_SYMBOL = '","b":'.length;
const ASKS_AFTER_BIDS = ',"a":'.length;
const UPDATE_ID_AFTER_ASKS = ',"u":'.length;
const SEQ_KEY = ',"seq":'.length;
const MATCH_TIME_AFTER_DATA = '},"cts":'.length;
const LEVEL_START = '["'.length;
const SIZE_AFTER_PRICE = '","'.length;
const LEVEL_END = '"]'.length;

const COMMA = 44;
const CLOSE_BRACKET = 93;
const LOWER_S = 115;
const LOWER_Y = 121;

/** The native symbols orderbook pushes named lately, handed out again for an equal one (`RecentStrings`). */
const bookNatives = new RecentStrings(RECENT_NATIVES);

/**
 * `{"topic":"orderbook.<depth>.<symbol>",…,"data":{"s","b","a","u",…}}` in the exact layout Bybit sends, matched
 * whole by one pattern (see `_shared/frame-patterns.ts`) and walked to its values, to the event `parseOrderbook`
 * builds. Any other frame (another key order, whitespace, a zero time) returns undefined and takes the JSON.parse
 * path, which judges it.
 */
export function matchOrderbookFrame(frame: string, context: ParseContext): Parsed | undefined {
  if (!hasTextAt(frame, 0, ORDERBOOK_FRAME_START) || !ORDERBOOK_FRAME.test(frame)) return undefined;
  return walkOrderbookAt(frame, frame.indexOf('"', ORDERBOOK_FRAME_START.length), context);
}

/** Where the last `levelsAt` stopped: just past the list's `]`. */
let levelsEnd = 0;

/**
 * The push `ORDERBOOK_FRAME` matched, from its topic's closing quote at `topicEnd`, to the event `parseOrderbook`
 * builds; undefined where that path would call it malformed (no usable time, an update id past a double's range).
 */
function walkOrderbookAt(frame: string, topicEnd: number, context: ParseContext): Parsed | undefined {
  let type: "snapshot" | "delta";
  let frameTsMs: number;
  // At the comma after the head's last value: `type` then `ts` (derivatives), or `ts` then `type` (spot).
  let pos: number;
  if (frame.charCodeAt(topicEnd + 4) === LOWER_Y) {
    const typeAt = topicEnd + TYPE_AFTER_TOPIC;
    type = frame.charCodeAt(typeAt) === LOWER_S ? "snapshot" : "delta";
    frameTsMs = readMatchedDecimalAt(frame, typeAt + type.length + TS_AFTER_TEXT);
    pos = matchedDecimalRead.end;
  } else {
    frameTsMs = readMatchedDecimalAt(frame, topicEnd + TS_AFTER_TEXT);
    const typeAt = matchedDecimalRead.end + TYPE_AFTER_TS;
    type = frame.charCodeAt(typeAt) === LOWER_S ? "snapshot" : "delta";
    pos = typeAt + type.length + 1;
  }
  const symbolAt = pos + SYMBOL_AFTER_HEAD;
  const symbolEnd = frame.indexOf('"', symbolAt);
  const native = bookNatives.at(frame, symbolAt, symbolEnd);
  const bids = levelsAt(frame, symbolEnd + BIDS_AFTER_SYMBOL);
  const asks = levelsAt(frame, levelsEnd + ASKS_AFTER_BIDS);
  const seq = readMatchedDecimalAt(frame, levelsEnd + UPDATE_ID_AFTER_ASKS);
  // At the comma before `seq`, if sent, then at `data`'s `}`.
  pos = matchedDecimalRead.end;
  if (frame.charCodeAt(pos) === COMMA) pos = digitsEndAt(frame, pos + SEQ_KEY);
  const matchTimeMs =
    frame.charCodeAt(pos + 1) === COMMA
      ? readMatchedDecimalAt(frame, pos + MATCH_TIME_AFTER_DATA)
      : Number.NaN;
  const tsMs = isTime(matchTimeMs) ? matchTimeMs : frameTsMs;
  if (!Number.isFinite(seq) || !isTime(tsMs)) return undefined;
  return { kind: "events", events: [orderbookEventOf(native, tsMs, type, bids, asks, seq, context)] };
}

/**
 * The level list a pattern matched at `start` (its `[`) → levels, as `toLevels` reads them (rows whose price or size
 * is no finite number left out); `levelsEnd` past its `]`.
 */
function levelsAt(frame: string, start: number): Level[] {
  const levels: Level[] = [];
  // Before each row: at the list's `[`, then at the `,` after the row before; at the list's `]` after the last.
  let pos = start;
  if (frame.charCodeAt(start + 1) === CLOSE_BRACKET) pos = start + 1;
  else
    do {
      const price = readMatchedDecimalAt(frame, pos + 1 + LEVEL_START);
      const size = readMatchedDecimalAt(frame, matchedDecimalRead.end + SIZE_AFTER_PRICE);
      if (Number.isFinite(price) && Number.isFinite(size)) levels.push([price, size]);
      pos = matchedDecimalRead.end + LEVEL_END;
    } while (frame.charCodeAt(pos) === COMMA);
  levelsEnd = pos + 1;
  return levels;
}

// ── publicTrade pushes, matched row by row ─────────────────────────────────────────────────────────────────────

const TAKER_SIDE = `"S":"(?:Buy|Sell)"`;

/**
 * Linear, inverse (and option rows, should a push come in this head): `{T, s, S, v, p, [L], i, BT, [RPI], [seq],
 * [mP], [iP], [mIv], [iv]}`, the order of Bybit's v5 docs; `L` is absent on options, `mP` to `iv` are options' own.
 */
const DERIVATIVES_TRADE_ROW = String.raw`\{"T":${TIME_MS},"s":"${PLAIN_TEXT}",${TAKER_SIDE},"v":"${DECIMAL}","p":"${DECIMAL}",(?:"L":"${PLAIN_TEXT}",)?"i":"${PLAIN_TEXT}","BT":${BOOLEAN}(?:,"RPI":${BOOLEAN})?(?:,"seq":${INTEGER})?(?:,"mP":"${PLAIN_TEXT}")?(?:,"iP":"${PLAIN_TEXT}")?(?:,"mIv":"${PLAIN_TEXT}")?(?:,"iv":"${PLAIN_TEXT}")?\}`;

/**
 * Spot: `{i, T, p, v, S, [seq], s, BT, [RPI]}`, the order the spot socket sends (the docs show the derivatives one
 * only): as recorded, with `seq` and `RPI` where later pushes carry them.
 */
const SPOT_TRADE_ROW = String.raw`\{"i":"${PLAIN_TEXT}","T":${TIME_MS},"p":"${DECIMAL}","v":"${DECIMAL}",${TAKER_SIDE},(?:"seq":${INTEGER},)?"s":"${PLAIN_TEXT}","BT":${BOOLEAN}(?:,"RPI":${BOOLEAN})?\}`;

/**
 * A publicTrade push's head, in either layout Bybit sends: `type` then `ts` on the derivatives sockets (derivatives
 * rows follow), `ts` then `type` on the spot socket (spot rows follow), up to `data`'s `[`. `topic` and `ts` are not
 * read: `parseTrades` reads neither. Each row is then matched by its layout's row pattern, and the rows must end the
 * push (`]}`): one pattern for the whole push kept a backtracking point for each optional member of each row, a third
 * slower.
 */
const TRADE_HEAD = new RegExp(
  String.raw`\{"topic":"publicTrade\.${PLAIN_TEXT}","(?:type":"snapshot","ts":${INTEGER}|ts":${INTEGER},"type":"snapshot"),"data":\[`,
  "y",
);
const DERIVATIVES_ROW = new RegExp(DERIVATIVES_TRADE_ROW, "y");
const SPOT_ROW = new RegExp(SPOT_TRADE_ROW, "y");

/** Where `{"topic":"` ends: a publicTrade push's topic begins with its `p` here. */
const TOPIC_TEXT_AT = '{"topic":"'.length;
const LOWER_P = 112;

/** Before the rows: `,"data":[` after the head's last value, a digit of `ts` (derivatives) or `type`'s quote (spot). */
const HEAD_LAST_VALUE_END = ',"data":["'.length;

// The literals of a matched row between its values, each from the quote, comma or brace before it.
const ROW_TIME = '{"T":'.length;
const ROW_ID = '{"i":"'.length;
const QUOTED_AFTER_QUOTED = '","s":"'.length;
const TIME_AFTER_ID = '","T":'.length;
const PRICE_AFTER_TIME = ',"p":"'.length;
const SYMBOL_AFTER_NUMBER = ',"s":"'.length;
const SEQ_AFTER_SIDE = '","seq":'.length;
const BUY = "Buy".length;
const SELL = "Sell".length;
/** After the rows: `]` ends `data`, `}` the push. */
const PUSH_END = "]}".length;

const QUOTE = 34;
const CLOSE_BRACE = 125;
const UPPER_B = 66;
const UPPER_L = 76;

/** The native symbols trade rows named lately, handed out again for an equal one (`RecentStrings`). */
const tradeNatives = new RecentStrings(RECENT_NATIVES);

/**
 * `{"topic":"publicTrade.<symbol>",…,"data":[{…},…]}` in the exact layout Bybit sends (derivatives or spot), matched
 * head then row by row (`TRADE_HEAD`, then the layout's row pattern) and walked to its values, to the events
 * `parseTrades` builds. Any other frame (another key order, whitespace, a row `parseTrades` would skip) returns
 * undefined and takes the JSON.parse path, which judges it.
 */
export function matchPublicTradeFrame(frame: string, context: ParseContext): Parsed | undefined {
  // A first look at the topic's first letter keeps the pattern off other topics' pushes.
  if (frame.charCodeAt(TOPIC_TEXT_AT) !== LOWER_P) return undefined;
  TRADE_HEAD.lastIndex = 0;
  if (!TRADE_HEAD.test(frame)) return undefined;
  const rowsAt = TRADE_HEAD.lastIndex;
  return frame.charCodeAt(rowsAt - HEAD_LAST_VALUE_END) === QUOTE
    ? spotTradesAt(frame, rowsAt, context)
    : derivativesTradesAt(frame, rowsAt, context);
}

/** Where the row `row` matches at `pos` ends, or -1 where it does not match there. */
function rowEndAt(frame: string, pos: number, row: RegExp): number {
  row.lastIndex = pos;
  return row.test(frame) ? row.lastIndex : -1;
}

/** Whether the rows end the push at `pos`: `]}` and nothing after. */
function isPushEndAt(frame: string, pos: number): boolean {
  return (
    pos + PUSH_END === frame.length &&
    frame.charCodeAt(pos) === CLOSE_BRACKET &&
    frame.charCodeAt(pos + 1) === CLOSE_BRACE
  );
}

/**
 * The derivatives rows from the first's `{` at `rowAt`, each matched by `DERIVATIVES_ROW` and walked, to the events
 * `parseTrades` builds; undefined where a row does not match, the rows do not end the push, or a price or size is
 * zero or unbounded (that path skips the row). The members after `BT` are not read: the match says where the row
 * ends. A push's rows name one symbol, resolved once.
 */
function derivativesTradesAt(frame: string, rowAt: number, context: ParseContext): Parsed | undefined {
  const events: TradeEvent[] = [];
  let native = "";
  let symbol = "";
  let pos = rowAt;
  for (;;) {
    const rowEnd = rowEndAt(frame, pos, DERIVATIVES_ROW);
    if (rowEnd < 0) return undefined;
    const tsMs = readMatchedDecimalAt(frame, pos + ROW_TIME);
    const symbolAt = matchedDecimalRead.end + SYMBOL_AFTER_NUMBER;
    const symbolEnd = frame.indexOf('"', symbolAt);
    const sideAt = symbolEnd + QUOTED_AFTER_QUOTED;
    const isBuy = frame.charCodeAt(sideAt) === UPPER_B;
    const size = readMatchedDecimalAt(frame, sideAt + (isBuy ? BUY : SELL) + QUOTED_AFTER_QUOTED);
    const price = readMatchedDecimalAt(frame, matchedDecimalRead.end + QUOTED_AFTER_QUOTED);
    // A zero or unbounded number: the JSON.parse path judges the row (it skips a zero one).
    if (!isPositiveFinite(price) || !isPositiveFinite(size)) return undefined;
    // `L` (the tick direction) where sent, then the trade id.
    const priceEnd = matchedDecimalRead.end;
    let idAt = priceEnd + QUOTED_AFTER_QUOTED;
    if (frame.charCodeAt(priceEnd + 3) === UPPER_L) idAt = frame.indexOf('"', idAt) + QUOTED_AFTER_QUOTED;
    const idEnd = frame.indexOf('"', idAt);
    if (symbolEnd - symbolAt !== native.length || !hasTextAt(frame, symbolAt, native)) {
      native = tradeNatives.at(frame, symbolAt, symbolEnd);
      symbol = context.symbolOf(native);
    }
    const side = isBuy ? "buy" : "sell";
    events.push(
      tradeEventAt(context, context.account, symbol, tsMs, price, size, side, frame.slice(idAt, idEnd)),
    );
    // At the row's `}`: a comma and the next row, or the push's end.
    if (frame.charCodeAt(rowEnd) !== COMMA)
      return isPushEndAt(frame, rowEnd) ? { kind: "events", events } : undefined;
    pos = rowEnd + 1;
  }
}

/** The spot rows from the first's `{` at `rowAt`, each matched by `SPOT_ROW`, as `derivativesTradesAt` reads its own. */
function spotTradesAt(frame: string, rowAt: number, context: ParseContext): Parsed | undefined {
  const events: TradeEvent[] = [];
  let native = "";
  let symbol = "";
  let pos = rowAt;
  for (;;) {
    const rowEnd = rowEndAt(frame, pos, SPOT_ROW);
    if (rowEnd < 0) return undefined;
    const idAt = pos + ROW_ID;
    const idEnd = frame.indexOf('"', idAt);
    const tsMs = readMatchedDecimalAt(frame, idEnd + TIME_AFTER_ID);
    const price = readMatchedDecimalAt(frame, matchedDecimalRead.end + PRICE_AFTER_TIME);
    const size = readMatchedDecimalAt(frame, matchedDecimalRead.end + QUOTED_AFTER_QUOTED);
    if (!isPositiveFinite(price) || !isPositiveFinite(size)) return undefined;
    const sideAt = matchedDecimalRead.end + QUOTED_AFTER_QUOTED;
    const isBuy = frame.charCodeAt(sideAt) === UPPER_B;
    const sideEnd = sideAt + (isBuy ? BUY : SELL);
    // `seq` where sent, then the symbol.
    const symbolAt =
      frame.charCodeAt(sideEnd + 4) === QUOTE
        ? sideEnd + QUOTED_AFTER_QUOTED
        : digitsEndAt(frame, sideEnd + SEQ_AFTER_SIDE) + SYMBOL_AFTER_NUMBER;
    const symbolEnd = frame.indexOf('"', symbolAt);
    if (symbolEnd - symbolAt !== native.length || !hasTextAt(frame, symbolAt, native)) {
      native = tradeNatives.at(frame, symbolAt, symbolEnd);
      symbol = context.symbolOf(native);
    }
    const side = isBuy ? "buy" : "sell";
    events.push(
      tradeEventAt(context, context.account, symbol, tsMs, price, size, side, frame.slice(idAt, idEnd)),
    );
    if (frame.charCodeAt(rowEnd) !== COMMA)
      return isPushEndAt(frame, rowEnd) ? { kind: "events", events } : undefined;
    pos = rowEnd + 1;
  }
}
