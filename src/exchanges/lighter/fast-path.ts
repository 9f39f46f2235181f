// Lighter's hottest frames read in place: order_book and trade pushes in the exact layout the venue sends, matched
// whole by patterns that capture nothing (a book at once, a trade push piece by piece) and walked to their values, to
// the events the JSON.parse path in parse.ts builds. Anything the patterns do not admit returns undefined and takes
// that path.

import type { BookEvent, Level, MarketDataEvent, Side } from "../../core/index.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { liquidationEventOf, tradeEventOf } from "../_shared/event-base.ts";
import {
  ANY_PLAIN_TEXT,
  BOOLEAN,
  DECIMAL,
  INTEGER,
  SHORT_INTEGER,
  TIME_MS,
} from "../_shared/frame-patterns.ts";
import { digitsEndAt, matchedDecimalRead, readMatchedDecimalAt } from "../_shared/matched-values.ts";
import { copyText, hasTextAt, RECENT_NATIVES, RecentStrings } from "../_shared/scan.ts";

const COMMA = 44;
const DOT = 46;
const ZERO = 48;
const CLOSE_BRACKET = 93;
const CLOSE_BRACE = 125;
const LOWER_L = 108;
const LOWER_R = 114;
const LOWER_S = 115;
const LOWER_T = 116;

/** The market ids channels and trade rows named lately, handed out again for an equal one (`RecentStrings`). */
const natives = new RecentStrings(RECENT_NATIVES);

const SIGNED_INTEGER = `-?${INTEGER}`;
const SIGNED_DECIMAL = `-?${DECIMAL}`;

/** Where `"subscribed/…"` or `"update/…"` starts, and so where a frame's first letter tells the two apart. */
const TYPE_AT = '{"type":"'.length;

/**
 * Where the channel of a `subscribed/…` or `update/…` frame is named in its `type` (for any other frame, a place whose
 * letters pick no reader, or one that turns the frame away).
 */
export function typeChannelAt(frame: string): number {
  return TYPE_AT + (frame.charCodeAt(TYPE_AT) === LOWER_S ? "subscribed/".length : "update/".length);
}

// ── order_book ──────────────────────────────────────────────────────────────────────────────────────────────────

/** One level as Lighter sends it: price and size as decimal texts. */
const BOOK_LEVEL = String.raw`\{"price":"${DECIMAL}","size":"${DECIMAL}"\}`;
const BOOK_SIDE = String.raw`\[(?:${BOOK_LEVEL}(?:,${BOOK_LEVEL})*)?\]`;

/**
 * An order_book push in the exact layout Lighter sends, `{type, channel, [last_updated_at], offset, timestamp,
 * order_book: {code, asks, bids, offset, nonce, [last_updated_at], begin_nonce}}` (see `_shared/frame-patterns.ts`).
 * Nothing is captured: `test` checks the whole frame, and the values are then read where this layout puts them.
 */
const BOOK_FRAME = new RegExp(
  String.raw`^\{"type":"(?:subscribed|update)\/order_book","channel":"order_book:\d+"(?:,"last_updated_at":${INTEGER})?,"offset":${INTEGER},"timestamp":${TIME_MS},"order_book":\{"code":${INTEGER},"asks":${BOOK_SIDE},"bids":${BOOK_SIDE},"offset":${INTEGER},"nonce":${INTEGER}(?:,"last_updated_at":${INTEGER})?,"begin_nonce":${INTEGER}\}\}$`,
);

// The fixed stretches of an order_book push between its values.
const TYPE_TO_MARKET = 'order_book","channel":"order_book:'.length;
const TO_LAST_UPDATED = ',"last_updated_at":'.length;
const TO_OFFSET = ',"offset":'.length;
const TO_TIMESTAMP = ',"timestamp":'.length;
const TIMESTAMP_TO_CODE = ',"order_book":{"code":'.length;
const CODE_TO_ASKS = ',"asks":'.length;
const ASKS_TO_BIDS = ',"bids":'.length;
const TO_NONCE = ',"nonce":'.length;
const TO_BEGIN_NONCE = ',"begin_nonce":'.length;
const LEVEL_TO_PRICE = '{"price":"'.length;
const PRICE_TO_SIZE = '","size":"'.length;

/**
 * An order_book push matched whole by `BOOK_FRAME`, read in place to the event `parseBook` builds: no JSON.parse
 * tree, levels straight to tuples with their texts. Any other frame (another key order, whitespace, a number sent as
 * a number, a value too long to be finite) returns undefined and takes the JSON.parse path.
 */
export function readBookFrame(frame: string, context: ParseContext): Parsed | undefined {
  if (!BOOK_FRAME.test(frame)) return undefined;
  const snapshot = frame.charCodeAt(TYPE_AT) === LOWER_S;
  const marketAt = typeChannelAt(frame) + TYPE_TO_MARKET;
  const marketEnd = digitsEndAt(frame, marketAt);
  // Past the market's `"`: `,"last_updated_at"` (skipped) or `,"offset"`.
  let pos = marketEnd + 1;
  if (frame.charCodeAt(pos + 2) === LOWER_L) pos = digitsEndAt(frame, pos + TO_LAST_UPDATED);
  const tsMs = readMatchedDecimalAt(frame, digitsEndAt(frame, pos + TO_OFFSET) + TO_TIMESTAMP);
  const codeEnd = digitsEndAt(frame, matchedDecimalRead.end + TIMESTAMP_TO_CODE);
  const asks = readBookSide(frame, codeEnd + CODE_TO_ASKS);
  if (asks === undefined) return undefined;
  const bids = readBookSide(frame, sideEnd + ASKS_TO_BIDS);
  if (bids === undefined) return undefined;
  const nonce = readMatchedDecimalAt(frame, digitsEndAt(frame, sideEnd + TO_OFFSET) + TO_NONCE);
  pos = matchedDecimalRead.end;
  if (frame.charCodeAt(pos + 2) === LOWER_L) pos = digitsEndAt(frame, pos + TO_LAST_UPDATED);
  const begin = readMatchedDecimalAt(frame, pos + TO_BEGIN_NONCE);
  // A nonce too long to be finite is left out by `parseBook`: the JSON.parse path judges it.
  if (!Number.isFinite(nonce) || !Number.isFinite(begin)) return undefined;
  const symbol = context.symbolOf(natives.at(frame, marketAt, marketEnd));
  // One literal each, in `parseBook`'s key order (members added to a literal change its shape, at a cost). The
  // snapshot's begin_nonce is 0: only an update's names the nonce it follows.
  const event: BookEvent = snapshot
    ? {
        kind: "book",
        exchange: context.exchange,
        account: context.account,
        symbol,
        tsMs,
        recvTsUs: context.recvTsUs,
        type: "snapshot",
        bids,
        asks,
        seq: nonce,
      }
    : {
        kind: "book",
        exchange: context.exchange,
        account: context.account,
        symbol,
        tsMs,
        recvTsUs: context.recvTsUs,
        type: "delta",
        bids,
        asks,
        seq: nonce,
        prevSeq: begin,
      };
  return { kind: "events", events: [event] };
}

/** Where the side the last `readBookSide` read ends: just past its `]`. */
let sideEnd = 0;

/**
 * A matched side `[{"price":"…","size":"…"}, …]` from its `[` at `start` → levels with the venue texts, as `levelsOf`
 * reads them (undefined for a value too long to be finite, which it would leave out), its end in `sideEnd`.
 */
function readBookSide(text: string, start: number): Level[] | undefined {
  const levels: Level[] = [];
  let pos = start + 1;
  if (text.charCodeAt(pos) !== CLOSE_BRACKET) {
    do {
      const priceAt = pos + LEVEL_TO_PRICE;
      const price = readMatchedDecimalAt(text, priceAt);
      const priceEnd = matchedDecimalRead.end;
      const sizeAt = priceEnd + PRICE_TO_SIZE;
      const size = readMatchedDecimalAt(text, sizeAt);
      const sizeEnd = matchedDecimalRead.end;
      if (!Number.isFinite(price) || !Number.isFinite(size)) return undefined;
      levels.push([
        price,
        size,
        levelTextAt(text, priceAt, priceEnd, price),
        levelTextAt(text, sizeAt, sizeEnd, size),
      ]);
      // Past `"}`, then `,` or `]`.
      pos = sizeEnd + 2;
    } while (text.charCodeAt(pos++) === COMMA);
  } else {
    pos++;
  }
  sideEnd = pos;
  return levels;
}

/** How many level texts `levelTextAt` keeps for handing out again (a power of two): a few deep books' worth. */
const TEXT_SLOTS = 4096;
const SLOT_SHIFT = 32 - Math.log2(TEXT_SLOTS);

/** Each slot's value and the level text last handed out for it; a slot is chosen by a hash of the value's bits. */
const slotValues = new Float64Array(TEXT_SLOTS).fill(Number.NaN);
/** Fibonacci hashing's multiplier (2^32 / the golden ratio): spreads the hashed bits over the slot index. */
const HASH_MULTIPLIER = 0x9e3779b1 | 0;
const slotTexts = new Array<string>(TEXT_SLOTS).fill("");
const valueBits = new Float64Array(1);
const valueWords = new Int32Array(valueBits.buffer);

/**
 * The level text at [start, end) of the frame, which reads to `value`, as a string of its own (see `copyText`). A
 * book's prices and sizes repeat from push to push, so the text last handed out for the value is handed out again
 * when it spells the same text, which needs no character compared: two decimal texts of at most 15 digits without a
 * leading zero before their integer digits that read to the same double name the same number (15 digits survive a
 * double), so they have the same integer digits, and being of the same length, the same fraction digits ("0.1" and
 * "0.10" are one value, two texts). Other texts are copied each time.
 */
function levelTextAt(text: string, start: number, end: number, value: number): string {
  const length = end - start;
  const isPlain =
    length <= 15 && (text.charCodeAt(start) !== ZERO || length === 1 || text.charCodeAt(start + 1) === DOT);
  valueBits[0] = value;
  const slot = Math.imul(valueWords[0]! ^ valueWords[1]!, HASH_MULTIPLIER) >>> SLOT_SHIFT;
  const known = slotTexts[slot]!;
  if (isPlain && slotValues[slot] === value && known.length === length) return known;
  const own = copyText(text, start, end);
  if (isPlain) {
    slotValues[slot] = value;
    slotTexts[slot] = own;
  }
  return own;
}

// ── trade ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** An optional member of a trade row's tail, which is not read (Lighter leaves out zero fees and false flags). */
const optional = (key: string, value: string) => `(?:,"${key}":${value})?`;

/**
 * One trade row as Lighter sends it, its members in the venue's order: ids (the `_str` texts of newer pushes),
 * market, size, price, USD amount, the maker's side and the time, which are read; then fees, positions and margins,
 * not read, each optional, in the order of the venue's models.
 */
const TRADE_ROW = [
  String.raw`\{"trade_id":${INTEGER}`,
  optional("trade_id_str", `"${ANY_PLAIN_TEXT}"`),
  `,"tx_hash":"${ANY_PLAIN_TEXT}","type":"${ANY_PLAIN_TEXT}","market_id":${SHORT_INTEGER},"size":"${DECIMAL}","price":"${DECIMAL}"`,
  `,"usd_amount":"${DECIMAL}","ask_id":${INTEGER}`,
  optional("ask_id_str", `"${ANY_PLAIN_TEXT}"`),
  `,"bid_id":${INTEGER}`,
  optional("bid_id_str", `"${ANY_PLAIN_TEXT}"`),
  `,"ask_client_id":${INTEGER}`,
  optional("ask_client_id_str", `"${ANY_PLAIN_TEXT}"`),
  `,"bid_client_id":${INTEGER}`,
  optional("bid_client_id_str", `"${ANY_PLAIN_TEXT}"`),
  `,"ask_account_id":${INTEGER},"bid_account_id":${INTEGER},"is_maker_ask":${BOOLEAN}`,
  `,"block_height":${INTEGER},"timestamp":${TIME_MS}`,
  optional("taker_fee", SIGNED_INTEGER),
  optional("taker_position_size_before", `"${SIGNED_DECIMAL}"`),
  optional("taker_entry_quote_before", `"${SIGNED_DECIMAL}"`),
  optional("taker_initial_margin_fraction_before", INTEGER),
  optional("taker_position_sign_changed", BOOLEAN),
  optional("maker_fee", SIGNED_INTEGER),
  optional("maker_position_size_before", `"${SIGNED_DECIMAL}"`),
  optional("maker_entry_quote_before", `"${SIGNED_DECIMAL}"`),
  optional("maker_initial_margin_fraction_before", INTEGER),
  optional("maker_position_sign_changed", BOOLEAN),
  optional("transaction_time", INTEGER),
  optional("taker_allocated_margin_usdc_before", SIGNED_INTEGER),
  optional("maker_allocated_margin_usdc_before", SIGNED_INTEGER),
  optional("ask_account_pnl", `"${SIGNED_DECIMAL}"`),
  optional("bid_account_pnl", `"${SIGNED_DECIMAL}"`),
  String.raw`\}`,
].join("");

/** Where each piece of a row ends, the position the reader needs next: the market id, the maker's side, the row's end. */
const ROW_MARKET_AT = TRADE_ROW.indexOf('"market_id":') + '"market_id":'.length;
const ROW_MAKER_ASK_AT = TRADE_ROW.indexOf('"is_maker_ask":') + '"is_maker_ask":'.length;

// A trade push is matched piece by piece, each piece where the one before it ended (sticky patterns), so that the
// walk learns from each match where the next value lies: one whole-frame pattern of this size runs slower than the
// pieces together, and the walk would have to search long rows for their values and ends.

/** A trade push from its start to its `trades` list's first row (or the `]` of an empty list). */
const TRADES_HEAD = new RegExp(
  String.raw`\{"type":"(?:subscribed|update)\/trade","channel":"trade:\d+","nonce":${INTEGER},"trades":\[`,
  "y",
);
/** A row from its `{` to its market id, ... */
const ROW_TO_MARKET = new RegExp(TRADE_ROW.slice(0, ROW_MARKET_AT), "y");
/** ... from there to the maker's side (`true` or `false`), ... */
const MARKET_TO_MAKER_ASK = new RegExp(TRADE_ROW.slice(ROW_MARKET_AT, ROW_MAKER_ASK_AT), "y");
/** ... and from there to the row's end, its `}`. */
const MAKER_ASK_TO_ROW_END = new RegExp(TRADE_ROW.slice(ROW_MAKER_ASK_AT), "y");

/** Where the sticky `pattern` matched at `at` ends in `frame`, or -1 where it does not match there. */
function matchEndAt(pattern: RegExp, frame: string, at: number): number {
  pattern.lastIndex = at;
  return pattern.test(frame) ? pattern.lastIndex : -1;
}

// The fixed stretches of a trade push between its values.
const TO_LIQUIDATIONS = ',"liquidation_trades":[';
const ROW_TO_TRADE_ID = '{"trade_id":'.length;
const TO_TRADE_ID_STR = ',"trade_id_str":"'.length;
const MARKET_TO_SIZE = ',"size":"'.length;
const SIZE_TO_PRICE = '","price":"'.length;
const PRICE_TO_USD = '","usd_amount":"'.length;
const TO_BLOCK_HEIGHT = ',"block_height":'.length;

/**
 * A trade push in the exact layout Lighter sends, `{type, channel, nonce, trades: [row…], [liquidation_trades:
 * [row…]]}`, either list possibly empty, matched whole piece by piece and read in place to the events `parseTrades`
 * builds: trades, then liquidations. Any other frame (another key order, whitespace, a member the layout does not
 * list, a number sent as text or a text as a number, a value too long to be finite) returns undefined and takes the
 * JSON.parse path.
 */
export function readTradesFrame(frame: string, context: ParseContext): Parsed | undefined {
  const listAt = matchEndAt(TRADES_HEAD, frame, 0);
  if (listAt < 0) return undefined;
  const events: MarketDataEvent[] = [];
  let pos = readTradeRows(frame, listAt, false, events, context);
  if (pos > 0 && hasTextAt(frame, pos, TO_LIQUIDATIONS))
    pos = readTradeRows(frame, pos + TO_LIQUIDATIONS.length, true, events, context);
  // Only the frame's `}` is left.
  if (pos !== frame.length - 1 || frame.charCodeAt(pos) !== CLOSE_BRACE) return undefined;
  return { kind: "events", events };
}

/**
 * The rows from just past a list's `[` at `start`, each matched whole, into `events` (trades, or liquidations when
 * `liquidations`); where the list ends (just past its `]`), or -1 for a row the patterns do not admit or a value
 * `parseTrades` would not use as it stands.
 */
function readTradeRows(
  frame: string,
  start: number,
  liquidations: boolean,
  events: MarketDataEvent[],
  context: ParseContext,
): number {
  let pos = start;
  if (frame.charCodeAt(pos) === CLOSE_BRACKET) return pos + 1;
  do {
    // At the row's `{`.
    const marketAt = matchEndAt(ROW_TO_MARKET, frame, pos);
    if (marketAt < 0) return -1;
    const makerAskAt = matchEndAt(MARKET_TO_MAKER_ASK, frame, marketAt);
    if (makerAskAt < 0) return -1;
    const rowEnd = matchEndAt(MAKER_ASK_TO_ROW_END, frame, makerAskAt);
    if (rowEnd < 0) return -1;
    const marketEnd = digitsEndAt(frame, marketAt);
    const size = readMatchedDecimalAt(frame, marketEnd + MARKET_TO_SIZE);
    const price = readMatchedDecimalAt(frame, matchedDecimalRead.end + SIZE_TO_PRICE);
    const value = liquidations ? readMatchedDecimalAt(frame, matchedDecimalRead.end + PRICE_TO_USD) : 0;
    const isMakerAsk = frame.charCodeAt(makerAskAt) === LOWER_T;
    const heightAt = makerAskAt + (isMakerAsk ? "true".length : "false".length) + TO_BLOCK_HEIGHT;
    const tsMs = readMatchedDecimalAt(frame, digitsEndAt(frame, heightAt) + TO_TIMESTAMP);
    if (!Number.isFinite(price) || !Number.isFinite(size) || !Number.isFinite(value)) return -1;
    // `is_maker_ask`: the resting order sold, so the taker bought.
    const side: Side = isMakerAsk ? "buy" : "sell";
    const native = natives.at(frame, marketAt, marketEnd);
    if (liquidations) {
      events.push(liquidationEventOf(context, native, tsMs, side, price, size, value));
    } else {
      events.push(tradeEventOf(context, native, tsMs, price, size, side, tradeIdAt(frame, pos)));
    }
    pos = rowEnd;
    // `,` and the next row, or the list's `]`.
  } while (frame.charCodeAt(pos++) === COMMA);
  return frame.charCodeAt(pos - 1) === CLOSE_BRACKET ? pos : -1;
}

/** The trade id of the matched row at `rowAt`, as `toId(trade_id_str ?? trade_id)` gives it. */
function tradeIdAt(frame: string, rowAt: number): string {
  const idAt = rowAt + ROW_TO_TRADE_ID;
  const idEnd = digitsEndAt(frame, idAt);
  // `,"trade_id_str":"` or `,"tx_hash":"` (the letter after `,"t`).
  if (frame.charCodeAt(idEnd + 3) !== LOWER_R) return String(readMatchedDecimalAt(frame, idAt));
  const textAt = idEnd + TO_TRADE_ID_STR;
  return idOfText(frame, textAt, frame.indexOf('"', textAt));
}

/**
 * `trade_id_str`'s text at [start, end) as a string of its own: digits (at most 15, no leading zero) are read as a
 * number and written back by `String`, at a fraction of a copy's cost; any other text is copied (`copyText`).
 */
function idOfText(frame: string, start: number, end: number): string {
  const length = end - start;
  if (
    length > 0 &&
    length <= 15 &&
    digitsEndAt(frame, start) === end &&
    (length === 1 || frame.charCodeAt(start) !== ZERO)
  )
    return String(readMatchedDecimalAt(frame, start));
  return copyText(frame, start, end);
}
