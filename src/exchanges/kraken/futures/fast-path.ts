// Kraken Futures' hot pushes read without JSON.parse: `book` deltas, `book_snapshot`s and `trade`s, matched whole in
// the layouts Kraken sends and walked to the events the JSON.parse path (parse.ts) builds. Any other frame, and any
// surprise in one, returns undefined and takes the JSON.parse path.

import type { Level } from "../../../core/index.ts";
import type { ParseContext, Parsed } from "../../_shared/adapter.ts";
import { recvMsOf } from "../../_shared/event-base.ts";
import { INTEGER, PLAIN_TEXT } from "../../_shared/frame-patterns.ts";
import { matchedDecimalRead, readMatchedDecimalAt } from "../../_shared/matched-values.ts";
import { copyText, hasTextAt, RECENT_NATIVES } from "../../_shared/scan.ts";
import { isPositiveFinite, isTime, POW10, readDecimalIn } from "../../_shared/values.ts";
import {
  bookDeltaOf,
  bookEventOf,
  bookTradeEventsOf,
  MAX_PRODUCT_NAMES,
  type ProductName,
  productNameOf,
} from "./events.ts";

/** A JSON number without sign or exponent (no leading zero either): JSON.parse's and `readMatchedDecimalAt`'s alike. */
const NUMBER = String.raw`${INTEGER}(?:\.\d+)?`;

// Trades and snapshots are matched by patterns that capture nothing (groups cost an array, a substring each and a
// Number of each): the pattern admits the frame, and the walk after it reads each value where the layout puts it,
// checking only what the pattern cannot (a price of zero, digits past a double's range: the JSON.parse path judges
// those). Book deltas keep their in-place reader (below): a pattern before the walk measured 15-20% slower there.

/** A `trade` of a fill or a liquidation: `{"feed":"trade","product_id",["uid"],"side","type","seq","time","qty","price"}`. */
const TRADE_FRAME = new RegExp(
  String.raw`^\{"feed":"trade","product_id":"${PLAIN_TEXT}",(?:"uid":"${PLAIN_TEXT}",)?"side":"(?:buy|sell)","type":"(?:fill|liquidation)","seq":${INTEGER},"time":${INTEGER},"qty":${NUMBER},"price":${NUMBER}\}$`,
);

/** A snapshot side's levels, `{"price","qty"}` each. */
const LEVEL = String.raw`\{"price":${NUMBER},"qty":${NUMBER}\}`;
const LEVELS = `(?:${LEVEL}(?:,${LEVEL})*)?`;

/** `tickSize`, not read: before `bids` in live sessions, after `asks` in tardis' samples. */
const TICK_SIZE = `(?:,"tickSize":(?:null|${NUMBER}))?`;

/** A `book_snapshot`: `{"feed":"book_snapshot","product_id","timestamp","seq",["tickSize"],"bids","asks",["tickSize"]}`. */
const SNAPSHOT_FRAME = new RegExp(
  String.raw`^\{"feed":"book_snapshot","product_id":"${PLAIN_TEXT}","timestamp":${INTEGER},"seq":${INTEGER}${TICK_SIZE},"bids":\[${LEVELS}\],"asks":\[${LEVELS}\]${TICK_SIZE}\}$`,
);

// The literals of a matched frame before and between the values the walk reads, by length.
const TRADE_PRODUCT_AT = '{"feed":"trade","product_id":"'.length;
const SNAPSHOT_PRODUCT_AT = '{"feed":"book_snapshot","product_id":"'.length;
const SIDE_AFTER_ID = '","side":"'.length;
const PRICE_KEY = ',"price":'.length;
const QTY_KEY = ',"qty":'.length;
const UID_AFTER_ID = '","uid":"'.length;
const TYPE_AFTER_BUY = 'buy","type":"'.length;
const TYPE_AFTER_SELL = 'sell","type":"'.length;
const SEQ_AFTER_FILL = 'fill","seq":'.length;
const SEQ_AFTER_LIQUIDATION = 'liquidation","seq":'.length;
const TIME_KEY = ',"time":'.length;
const TIMESTAMP_AFTER_ID = '","timestamp":'.length;
const SEQ_KEY = ',"seq":'.length;
const LEVEL_PRICE_KEY = '{"price":'.length;
const ASKS_AFTER_BIDS = '],"asks":['.length;
const LOWER_B = 98;
const LOWER_F = 102;
const LOWER_U = 117;
const OPEN_BRACE = 123;
const COMMA = 44;

/** The product names the walks met lately (a ring), found again by the id's text without making a string of it. */
const recentProducts: ProductName[] = [];
let nextRecentProduct = 0;

/** The product whose id text lies at [start, end) of a matched frame. */
function productAt(frame: string, start: number, end: number): ProductName {
  const length = end - start;
  for (let i = 0; i < recentProducts.length; i++) {
    const known = recentProducts[i]!;
    if (known.id.length === length && hasTextAt(frame, start, known.id)) return known;
  }
  // A copy: a name lives as long as the socket, and a slice would keep its whole frame alive.
  const name = productNameOf(copyText(frame, start, end));
  recentProducts[nextRecentProduct] = name;
  nextRecentProduct = (nextRecentProduct + 1) % RECENT_NATIVES;
  return name;
}

/**
 * A `trade` in Kraken's layout, to what `parseTrade` makes of it: the events of a fill or a liquidation with a uid,
 * and for one without (tardis' older samples) the verdict the JSON.parse path gives any trade without a uid.
 */
export function matchTrade(frame: string, context: ParseContext): Parsed | undefined {
  if (!TRADE_FRAME.test(frame)) return undefined;
  const idEnd = frame.indexOf('"', TRADE_PRODUCT_AT);
  // `"uid"` or `"side"` after the id.
  if (frame.charCodeAt(idEnd + 3) !== LOWER_U) return { kind: "unmatched", topic: "trade (malformed)" };
  const uidAt = idEnd + UID_AFTER_ID;
  const uidEnd = frame.indexOf('"', uidAt);
  const sideAt = uidEnd + SIDE_AFTER_ID;
  const side = frame.charCodeAt(sideAt) === LOWER_B ? "buy" : "sell";
  const typeAt = sideAt + (side === "buy" ? TYPE_AFTER_BUY : TYPE_AFTER_SELL);
  // `f…`: a fill, else a liquidation.
  const isFill = frame.charCodeAt(typeAt) === LOWER_F;
  // The feed's message number is skipped: the JSON.parse path does not read it.
  let pos = frame.indexOf(",", typeAt + (isFill ? SEQ_AFTER_FILL : SEQ_AFTER_LIQUIDATION));
  const tsMs = readMatchedDecimalAt(frame, pos + TIME_KEY);
  const size = readMatchedDecimalAt(frame, matchedDecimalRead.end + QTY_KEY);
  pos = matchedDecimalRead.end + PRICE_KEY;
  const price = readMatchedDecimalAt(frame, pos);
  if (!isTime(tsMs) || !isPositiveFinite(price) || !isPositiveFinite(size)) return undefined;
  const name = productAt(frame, TRADE_PRODUCT_AT, idEnd);
  // A slice shares the frame's buffer: a trade frame is small, and a copy would add a fifth to the read.
  const tradeId = frame.slice(uidAt, uidEnd);
  return {
    kind: "events",
    events: bookTradeEventsOf(context, name, tsMs, price, size, side, tradeId, !isFill),
  };
}

/**
 * A `book_snapshot` in Kraken's layout, to the event `parseBookSnapshot` builds: each side's levels walked in order,
 * price and size read where the pattern put them.
 */
export function matchBookSnapshot(frame: string, context: ParseContext): Parsed | undefined {
  if (!SNAPSHOT_FRAME.test(frame)) return undefined;
  const idEnd = frame.indexOf('"', SNAPSHOT_PRODUCT_AT);
  const sentMs = readMatchedDecimalAt(frame, idEnd + TIMESTAMP_AFTER_ID);
  const seq = readMatchedDecimalAt(frame, matchedDecimalRead.end + SEQ_KEY);
  // Past `tickSize`, where sent (null or a number, no bracket in either): the bids' opening bracket.
  const bidsAt = frame.indexOf("[", matchedDecimalRead.end) + 1;
  const bids = levelsAt(frame, bidsAt);
  if (bids === undefined || seq === Number.POSITIVE_INFINITY) return undefined;
  const asks = levelsAt(frame, levelsEnd + ASKS_AFTER_BIDS);
  if (asks === undefined) return undefined;
  const tsMs = isTime(sentMs) ? sentMs : recvMsOf(context);
  const name = productAt(frame, SNAPSHOT_PRODUCT_AT, idEnd);
  return { kind: "events", events: [bookEventOf(context, name, tsMs, "snapshot", bids, asks, seq)] };
}

/** Where the last `levelsAt` stopped: on the side's closing bracket. */
let levelsEnd = 0;

/**
 * The matched levels from `start` (just past a side's opening bracket) to its closing bracket; undefined for a price
 * that is not positive and finite or a size past a double's range (the JSON.parse path judges those).
 */
function levelsAt(frame: string, start: number): Level[] | undefined {
  const levels: Level[] = [];
  let pos = start;
  // Each level moves `pos` past its closing brace; the frame's length bounds the walk.
  while (frame.charCodeAt(pos) === OPEN_BRACE && pos < frame.length) {
    const price = readMatchedDecimalAt(frame, pos + LEVEL_PRICE_KEY);
    const size = readMatchedDecimalAt(frame, matchedDecimalRead.end + QTY_KEY);
    if (!isPositiveFinite(price) || size === Number.POSITIVE_INFINITY) return undefined;
    levels.push([price, size]);
    pos = matchedDecimalRead.end + 1;
    if (frame.charCodeAt(pos) === COMMA) pos++;
  }
  levelsEnd = pos;
  return levels;
}

// ── book deltas: read in place ──

const BOOK_DELTA_HEAD = '{"feed":"book","product_id":"';
/** Where the side's first letter lies from the closing quote of the product id. */
const SIDE_LETTER_AT = '","side":"'.length;

/**
 * A book delta in the exact layout Kraken sends, `{"feed":"book","product_id","side","seq","price","qty",
 * ["timestamp"]}`, read in place to the event `parseBookDelta` builds: no JSON.parse tree, no substring of a value.
 * (A whole-frame pattern with capture groups, as Binance's trades are read, measured slower here: `Number` of the
 * four captured numbers alone took about half of this reader's time.) Any other frame (another key order,
 * whitespace, an exponent, a value `parseBookDelta` would not take) returns undefined and takes the JSON.parse path.
 */
export function readBookDeltaFrame(frame: string, context: ParseContext): Parsed | undefined {
  if (!frame.startsWith(BOOK_DELTA_HEAD)) return undefined;
  const r = reader;
  r.pos = BOOK_DELTA_HEAD.length;
  const name = r.product(frame);
  if (name === undefined) return undefined;
  // The side's first letter picks the one literal to compare (`b` for buy, else sell).
  const side = frame.charCodeAt(r.pos + SIDE_LETTER_AT) === 98 ? "buy" : "sell";
  if (!r.literal(frame, side === "buy" ? '","side":"buy","seq":' : '","side":"sell","seq":'))
    return undefined;
  const seq = r.number(frame);
  if (!r.literal(frame, ',"price":')) return undefined;
  const price = r.number(frame);
  if (!r.literal(frame, ',"qty":')) return undefined;
  const size = r.number(frame);
  // Kraken's deltas carry their send time; tardis' older samples do not.
  let sentMs = Number.NaN;
  if (r.literal(frame, ',"timestamp":')) {
    sentMs = r.number(frame);
    if (Number.isNaN(sentMs)) return undefined;
  }
  if (!r.isLastBrace(frame)) return undefined;
  // As `parseBookDelta` checks (NaN is a value that failed to read); digits past a double's range read as
  // Infinity, which the JSON.parse path judges.
  if (!Number.isInteger(seq) || !isPositiveFinite(price) || !Number.isFinite(size)) return undefined;
  const tsMs = isTime(sentMs) ? sentMs : recvMsOf(context);
  return { kind: "events", events: [bookDeltaOf(context, name, tsMs, side, price, size, seq)] };
}

/**
 * Reads a frame of one fixed layout in place, from `pos` on: literals (keys and the punctuation around them) are
 * compared by the engine's `startsWith` (measured faster here than a JavaScript loop over their characters), values
 * are read where they lie and validated as JSON.parse would. A read that fails says so (false, NaN, undefined) and
 * leaves `pos` where it was.
 */
class InPlaceReader {
  pos = 0;
  /** Product names by a hash of the id text, so that an id read in place is found without making a string of it. */
  private readonly productsByHash = new Map<number, ProductName>();

  /** Whether `literal` lies at `pos`; if so, `pos` moves past it. */
  literal(text: string, literal: string): boolean {
    if (!text.startsWith(literal, this.pos)) return false;
    this.pos += literal.length;
    return true;
  }

  /** Whether the closing brace at `pos` is the frame's last character: no whitespace, nothing after. */
  isLastBrace(text: string): boolean {
    return this.pos === text.length - 1 && text.charCodeAt(this.pos) === 125;
  }

  /**
   * A JSON number without sign or exponent (`0.5881`, `320.0`, `12000`) at `pos`, to the double JSON.parse gives;
   * NaN for any other text. Up to 15 characters, its digits are read as one exact integer and divided once by an
   * exact power of ten (one correctly rounded operation, as `readDecimalIn`); longer texts go to `readDecimalIn`.
   */
  number(text: string): number {
    const start = this.pos;
    let pos = start;
    let mantissa = 0;
    // `| 0`: past the end `charCodeAt` is NaN, which would make every code a double.
    let code = text.charCodeAt(pos) | 0;
    if (code === 48) {
      code = text.charCodeAt(++pos) | 0;
    } else if (code > 48 && code <= 57) {
      do {
        mantissa = mantissa * 10 + (code - 48);
        code = text.charCodeAt(++pos) | 0;
      } while (code >= 48 && code <= 57);
    } else {
      return Number.NaN;
    }
    let dotAt = -1;
    if (code === 46) {
      dotAt = pos;
      code = text.charCodeAt(++pos) | 0;
      if (!(code >= 48 && code <= 57)) return Number.NaN;
      do {
        mantissa = mantissa * 10 + (code - 48);
        code = text.charCodeAt(++pos) | 0;
      } while (code >= 48 && code <= 57);
    }
    // An exponent is JSON, but not read here: the literal after the number fails on it.
    this.pos = pos;
    if (pos - start > 15) return readDecimalIn(text, start, pos);
    return dotAt < 0 ? mantissa : mantissa / POW10[pos - dotAt - 1]!;
  }

  /** The product whose id runs from `pos` to its closing quote (`pos` left on the quote), as `text` reads it. */
  product(text: string): ProductName | undefined {
    const start = this.pos;
    let pos = start;
    let hash = 0;
    let code = text.charCodeAt(pos) | 0;
    while (code !== 34) {
      if (code < 32 || code === 92) return undefined;
      hash = (Math.imul(hash, 31) + code) | 0;
      code = text.charCodeAt(++pos) | 0;
    }
    if (pos === start) return undefined;
    this.pos = pos;
    const known = this.productsByHash.get(hash);
    if (known !== undefined && known.id.length === pos - start && text.startsWith(known.id, start))
      return known;
    const name = productNameOf(copyText(text, start, pos));
    if (this.productsByHash.size >= MAX_PRODUCT_NAMES) this.productsByHash.clear();
    this.productsByHash.set(hash, name);
    return name;
  }
}

const reader = new InPlaceReader();
