// Bybit's hot frames read without JSON.parse: v5 `orderbook` and `publicTrade` pushes matched whole by patterns in the
// layout Bybit sends and walked to their values. Each gives the events parse.ts's JSON.parse path gives for the frame
// (the book event built by events.ts's `orderbookEventOf`, trades by `tradeEventOf`), or undefined for any other frame
// and any surprise in one, which then takes that path.

import type { Level, TradeEvent } from "../../core/index.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { tradeEventOf } from "../_shared/event-base.ts";
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

// ── publicTrade pushes, matched whole ──────────────────────────────────────────────────────────────────────────

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
 * A publicTrade push whole, in either layout Bybit sends: `type` then `ts` and derivatives rows on the derivatives
 * sockets, `ts` then `type` and spot rows on the spot socket; one row or more. It captures nothing: a walk per layout
 * (`derivativesTradesAt`, `spotTradesAt`) finds each value where it lies and reads numbers in place. `topic` and `ts`
 * are not read: `parseTrades` reads neither.
 */
const TRADE_FRAME = new RegExp(
  String.raw`^\{"topic":"publicTrade\.${PLAIN_TEXT}","(?:type":"snapshot","ts":${INTEGER},"data":\[${DERIVATIVES_TRADE_ROW}(?:,${DERIVATIVES_TRADE_ROW})*|ts":${INTEGER},"type":"snapshot","data":\[${SPOT_TRADE_ROW}(?:,${SPOT_TRADE_ROW})*)\]\}$`,
);

/** Where `{"topic":"` ends: a publicTrade push's topic begins with its `p` here. */
const TOPIC_TEXT_AT = '{"topic":"'.length;
const LOWER_P = 112;

// The literals of a matched push between its values, each from the quote, comma or brace before it.
const DATA_AFTER_TYPE_TS = ',"data":['.length;
const DERIVATIVES_ROWS_AFTER_TOPIC = '","type":"snapshot","ts":'.length;
const SPOT_ROWS_AFTER_TS = ',"type":"snapshot","data":['.length;
const ROW_TIME = '{"T":'.length;
const ROW_ID = '{"i":"'.length;
const QUOTED_AFTER_QUOTED = '","s":"'.length;
const TIME_AFTER_ID = '","T":'.length;
const PRICE_AFTER_TIME = ',"p":"'.length;
const SYMBOL_AFTER_NUMBER = ',"s":"'.length;
const SEQ_AFTER_SIDE = '","seq":'.length;
const FLAG_AFTER_QUOTED = '","BT":'.length;
const FLAG_AFTER_FLAG = ',"RPI":'.length;
const BUY = "Buy".length;
const SELL = "Sell".length;
const TRUE = "true".length;
const FALSE = "false".length;

const QUOTE = 34;
const NINE = 57;
const CLOSE_BRACE = 125;
const UPPER_B = 66;
const UPPER_L = 76;
const LOWER_T = 116;

/** The native symbols trade rows named lately, handed out again for an equal one (`RecentStrings`). */
const tradeNatives = new RecentStrings(RECENT_NATIVES);

/**
 * `{"topic":"publicTrade.<symbol>",…,"data":[{…},…]}` in the exact layout Bybit sends (derivatives or spot), matched
 * whole by one pattern (see `_shared/frame-patterns.ts`) and walked to its values, to the events `parseTrades` builds.
 * Any other frame (another key order, whitespace, a row `parseTrades` would skip) returns undefined and takes the
 * JSON.parse path, which judges it.
 */
export function matchPublicTradeFrame(frame: string, context: ParseContext): Parsed | undefined {
  // A first look at the topic's first letter keeps the pattern off other topics' pushes.
  if (frame.charCodeAt(TOPIC_TEXT_AT) !== LOWER_P || !TRADE_FRAME.test(frame)) return undefined;
  const topicEnd = frame.indexOf('"', TOPIC_TEXT_AT);
  // `type` then `ts` (derivatives), or `ts` then `type` (spot).
  if (frame.charCodeAt(topicEnd + 4) === LOWER_Y) {
    const rowsAt = digitsEndAt(frame, topicEnd + DERIVATIVES_ROWS_AFTER_TOPIC) + DATA_AFTER_TYPE_TS;
    return derivativesTradesAt(frame, rowsAt, context);
  }
  const rowsAt = digitsEndAt(frame, topicEnd + TS_AFTER_TEXT) + SPOT_ROWS_AFTER_TS;
  return spotTradesAt(frame, rowsAt, context);
}

/** Where the flag (`true` or `false`) a pattern matched at `at` ends. */
function flagEndAt(frame: string, at: number): number {
  return frame.charCodeAt(at) === LOWER_T ? at + TRUE : at + FALSE;
}

/**
 * The derivatives rows `TRADE_FRAME` matched, from the first's `{` at `rowAt`, to the events `parseTrades` builds;
 * undefined where a price or size is zero or unbounded (that path skips the row).
 */
function derivativesTradesAt(frame: string, rowAt: number, context: ParseContext): Parsed | undefined {
  const events: TradeEvent[] = [];
  let pos = rowAt;
  for (;;) {
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
    events.push(
      tradeEventOf(
        context,
        tradeNatives.at(frame, symbolAt, symbolEnd),
        tsMs,
        price,
        size,
        isBuy ? "buy" : "sell",
        frame.slice(idAt, idEnd),
      ),
    );
    // After `BT`: `RPI`, `seq` and options' own members where sent, each a flag, an integer or a plain text.
    pos = flagEndAt(frame, idEnd + FLAG_AFTER_QUOTED);
    while (frame.charCodeAt(pos) !== CLOSE_BRACE) {
      const valueAt = frame.indexOf('"', pos + 2) + 2;
      const code = frame.charCodeAt(valueAt);
      const valueEnd =
        code === QUOTE
          ? frame.indexOf('"', valueAt + 1) + 1
          : code <= NINE
            ? digitsEndAt(frame, valueAt)
            : flagEndAt(frame, valueAt);
      // The pattern fixed the layout, so each member moves the walk on; a walk that does not is a bug, not a hang.
      if (valueEnd <= pos) return undefined;
      pos = valueEnd;
    }
    // At the row's `}`: a comma and the next row, or the array's `]`.
    if (frame.charCodeAt(pos + 1) !== COMMA) return { kind: "events", events };
    pos += 2;
  }
}

/** The spot rows `TRADE_FRAME` matched, from the first's `{` at `rowAt`, as `derivativesTradesAt` reads its own. */
function spotTradesAt(frame: string, rowAt: number, context: ParseContext): Parsed | undefined {
  const events: TradeEvent[] = [];
  let pos = rowAt;
  for (;;) {
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
    events.push(
      tradeEventOf(
        context,
        tradeNatives.at(frame, symbolAt, symbolEnd),
        tsMs,
        price,
        size,
        isBuy ? "buy" : "sell",
        frame.slice(idAt, idEnd),
      ),
    );
    // `BT`, then `RPI` where sent, then the row's `}`.
    pos = flagEndAt(frame, symbolEnd + FLAG_AFTER_QUOTED);
    if (frame.charCodeAt(pos) === COMMA) pos = flagEndAt(frame, pos + FLAG_AFTER_FLAG);
    if (frame.charCodeAt(pos + 1) !== COMMA) return { kind: "events", events };
    pos += 2;
  }
}
