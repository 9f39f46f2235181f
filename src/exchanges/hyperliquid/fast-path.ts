// HyperLiquid's hottest frames read in place: l2Book and trades pushes in the exact layout the venue sends, matched
// whole by a pattern that captures nothing and then walked to their values, to the events the JSON.parse path in
// parse.ts builds. Anything the patterns do not admit returns undefined and takes that path.

import type { Level, MarketDataEvent, Side } from "../../core/index.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { ANY_PLAIN_TEXT, DECIMAL, INTEGER, PLAIN_TEXT, TIME_MS } from "../_shared/frame-patterns.ts";
import { jsonNumberRead, readJsonNumberAt } from "../_shared/json-number.ts";
import { digitsEndAt, matchedDecimalRead, readMatchedDecimalAt } from "../_shared/matched-values.ts";
import { copyText, FrameScanner } from "../_shared/scan.ts";
import { bookEventOf, type CoinName, coinNameOf, coinTradeOf, MAX_COIN_NAMES } from "./events.ts";

/** The text and position coin names are read at, in both readers (only `text` and `pos` are used). */
const scanner = new FrameScanner();

/** Coin names by a hash of the name's text, so that a coin read in place is found without making a string of it. */
const coinsByHash = new Map<number, CoinName>();

/**
 * The coin whose name runs from the scanner's position (just past the opening quote) to its closing quote, the
 * scanner left past that quote; undefined for an empty name or one with an escape or a control character.
 */
function coinAt(s: FrameScanner): CoinName | undefined {
  const text = s.text;
  const start = s.pos;
  let pos = start;
  let hash = 0;
  // `| 0`: past the end `charCodeAt` is NaN, which would make every code a double; 0 fails as a control character.
  let code = text.charCodeAt(pos) | 0;
  while (code !== 34) {
    if (code < 32 || code === 92) return undefined;
    hash = (Math.imul(hash, 31) + code) | 0;
    code = text.charCodeAt(++pos) | 0;
  }
  if (pos === start) return undefined;
  s.pos = pos + 1;
  const known = coinsByHash.get(hash);
  if (known !== undefined && known.coin.length === pos - start && text.startsWith(known.coin, start))
    return known;
  const name = coinNameOf(copyText(text, start, pos));
  if (coinsByHash.size >= MAX_COIN_NAMES) coinsByHash.clear();
  coinsByHash.set(hash, name);
  return name;
}

const BOOK_HEAD = '{"channel":"l2Book","data":{"coin":"';

/** One level as HyperLiquid sends it: price and size as decimal texts, then the order count (not kept). */
const BOOK_LEVEL = String.raw`\{"px":"${DECIMAL}","sz":"${DECIMAL}","n":${INTEGER}\}`;
const BOOK_SIDE = String.raw`\[(?:${BOOK_LEVEL}(?:,${BOOK_LEVEL})*)?\]`;

/**
 * An l2Book push in the exact layout HyperLiquid sends, `{"channel":"l2Book","data":{"coin","time","levels":
 * [[{px, sz, n}…],[…]]}}` (see `_shared/frame-patterns.ts`). Nothing is captured: `test` checks the whole frame, and
 * the values are then read where this layout puts them.
 */
const BOOK_FRAME = new RegExp(
  String.raw`^\{"channel":"l2Book","data":\{"coin":"${PLAIN_TEXT}","time":${TIME_MS},"levels":\[${BOOK_SIDE},${BOOK_SIDE}\]\}\}$`,
);

// The fixed stretches of an l2Book push between its values.
const COIN_TO_TIME = ',"time":';
const TIME_TO_LEVELS = ',"levels":[';
const LEVEL_TO_PRICE = '{"px":"';
const PRICE_TO_SIZE = '","sz":"';
const SIZE_TO_COUNT = '","n":';

/**
 * An l2Book push matched whole by `BOOK_FRAME`, read in place to the event `bookOf` builds: no JSON.parse tree, levels
 * straight to tuples. Any other frame (another key order, whitespace, a decimal in another form, a zero price)
 * returns undefined and takes the JSON.parse path.
 */
export function readBookFrame(frame: string, context: ParseContext): Parsed | undefined {
  if (!BOOK_FRAME.test(frame)) return undefined;
  const s = scanner;
  s.reset(frame);
  s.pos = BOOK_HEAD.length;
  const name = coinAt(s);
  if (name === undefined) return undefined;
  const tsMs = readJsonNumberAt(frame, s.pos + COIN_TO_TIME.length);
  const bids = readBookSide(frame, jsonNumberRead.end + TIME_TO_LEVELS.length);
  if (bids === undefined) return undefined;
  // `,` between the sides.
  const asks = readBookSide(frame, sideEnd + 1);
  if (asks === undefined) return undefined;
  return { kind: "events", events: [bookEventOf(name, tsMs, bids, asks, context)] };
}

/** Where the side the last `readBookSide` read ends: just past its `]`. */
let sideEnd = 0;

/**
 * A matched side `[{"px":"…","sz":"…","n":…}, …]` from its `[` at `start` → levels, as `toBookSide` reads them
 * (undefined for a price that is not above zero, where it fails), its end in `sideEnd`.
 */
function readBookSide(text: string, start: number): Level[] | undefined {
  const levels: Level[] = [];
  let pos = start + 1;
  // `]`: an empty side.
  if (text.charCodeAt(pos) !== 93) {
    do {
      const price = readMatchedDecimalAt(text, pos + LEVEL_TO_PRICE.length);
      const size = readMatchedDecimalAt(text, matchedDecimalRead.end + PRICE_TO_SIZE.length);
      if (!(price > 0)) return undefined;
      levels.push([price, size]);
      // Past the count and its `}`, then `,` or `]`.
      pos = digitsEndAt(text, matchedDecimalRead.end + SIZE_TO_COUNT.length) + 1;
    } while (text.charCodeAt(pos++) === 44);
  } else {
    pos++;
  }
  sideEnd = pos;
  return levels;
}

/**
 * An address among a row's `users`: any plain text (as the hash), and without `]`, so that the walk finds the list's
 * end by it.
 */
const USER_TEXT = String.raw`[^"\\\]\x00-\x1f]*`;

/** One trade row as HyperLiquid sends it; the transaction hash and the parties' addresses are not kept. */
const TRADE_ROW = String.raw`\{"coin":"${PLAIN_TEXT}","side":"[AB]","px":"${DECIMAL}","sz":"${DECIMAL}","time":${TIME_MS},"hash":"${ANY_PLAIN_TEXT}","tid":${INTEGER}(?:,"users":\[(?:"${USER_TEXT}"(?:,"${USER_TEXT}")*)?\])?\}`;

/**
 * A trades push in the exact layout HyperLiquid sends, `{"channel":"trades","data":[{coin, side, px, sz, time, hash,
 * tid, [users]}, …]}` (see `_shared/frame-patterns.ts`), at least one row. Nothing is captured: `test` checks the
 * whole frame, and the values are then read where this layout puts them.
 */
const TRADES_FRAME = new RegExp(
  String.raw`^\{"channel":"trades","data":\[${TRADE_ROW}(?:,${TRADE_ROW})*\]\}$`,
);

// The fixed stretches of a trades push between its values.
const TRADES_HEAD = '{"channel":"trades","data":[';
const ROW_TO_COIN = '{"coin":"';
const COIN_TO_SIDE = ',"side":"';
const SIDE_TO_PRICE = '","px":"';
const PRICE_TO_SIZE_TEXT = '","sz":"';
const SIZE_TO_TIME = '","time":';
const TIME_TO_HASH = ',"hash":"';
const HASH_TO_TID = '","tid":';
const TID_TO_USERS = ',"users":[';

/**
 * A trades push matched whole by `TRADES_FRAME`, read in place to the events `parseTrades` builds. Any other frame
 * (another key order, whitespace, a text tid, a decimal in another form, a zero price or size, an empty batch)
 * returns undefined and takes the JSON.parse path.
 */
export function readTradesFrame(frame: string, context: ParseContext): Parsed | undefined {
  if (!TRADES_FRAME.test(frame)) return undefined;
  const s = scanner;
  s.reset(frame);
  const events: MarketDataEvent[] = [];
  // At the row's `{`.
  let pos = TRADES_HEAD.length;
  do {
    s.pos = pos + ROW_TO_COIN.length;
    const name = coinAt(s);
    if (name === undefined) return undefined;
    // One letter, as `takerSideOf` reads it: "B" (bid), the aggressor bought; "A" (ask), it sold.
    const sideAt = s.pos + COIN_TO_SIDE.length;
    const side: Side = frame.charCodeAt(sideAt) === 66 ? "buy" : "sell";
    const price = readMatchedDecimalAt(frame, sideAt + 1 + SIDE_TO_PRICE.length);
    const size = readMatchedDecimalAt(frame, matchedDecimalRead.end + PRICE_TO_SIZE_TEXT.length);
    const tsMs = readMatchedDecimalAt(frame, matchedDecimalRead.end + SIZE_TO_TIME.length);
    // The transaction hash: a text without quotes (the pattern's), skipped.
    const tidAt = frame.indexOf('"', matchedDecimalRead.end + TIME_TO_HASH.length) + HASH_TO_TID.length;
    const tid = readMatchedDecimalAt(frame, tidAt);
    const tidEnd = matchedDecimalRead.end;
    // `toId` of a number: its decimal text, which is the matched text itself for a safe integer (no leading zero).
    const tradeId = tid <= Number.MAX_SAFE_INTEGER ? frame.slice(tidAt, tidEnd) : String(tid);
    pos = tidEnd;
    // The parties' addresses, in newer pushes: texts without brackets (the pattern's), skipped to their `]`.
    if (frame.charCodeAt(pos) === 44) pos = frame.indexOf("]", pos + TID_TO_USERS.length) + 1;
    if (pos <= tidAt || !(price > 0) || !(size > 0)) return undefined;
    events.push(coinTradeOf(name, tsMs, price, size, side, tradeId, context));
    // Past the row's `}`: `,` and the next row, or the `]` of `data`.
    pos++;
  } while (frame.charCodeAt(pos++) === 44);
  // Past the `]` of `data`: only its `}` is left.
  if (pos !== frame.length - 1) return undefined;
  return { kind: "events", events };
}
