// Inbound Bybit v5 frame → Parsed (pure, never throws on venue input). Topic frames become normalized events (a
// `tickers` frame fans out into ticker, mark price, funding and open interest after merging its delta into the
// symbol's last state in ParseContext.session); op replies, pongs and errors become control verdicts.

import type {
  BookEvent,
  FundingRateEvent,
  KlineEvent,
  Level,
  LiquidationEvent,
  MarketDataEvent,
  MarkPriceEvent,
  OpenInterestEvent,
  Side,
  TickerEvent,
  TradeEvent,
} from "../../core/index.ts";
import { type ParseContext, type Parsed, type ParseOutcome, toParsed } from "../_shared/adapter.ts";
import { BOOLEAN, DECIMAL, INTEGER, PLAIN_TEXT, TIME_MS } from "../_shared/frame-patterns.ts";
import { tradeEventOf } from "../_shared/event-base.ts";
import { digitsEndAt, matchedDecimalRead, readMatchedDecimalAt } from "../_shared/matched-values.ts";
import { hasTextAt, RECENT_NATIVES, RecentStrings } from "../_shared/scan.ts";
import {
  isDigitsBetween,
  isPositiveFinite,
  isRecord,
  isTime,
  parseJson,
  toId,
  toLevels,
  toNumber,
  toOptionalNumber,
} from "../_shared/values.ts";
import { CANONICAL_KLINE_INTERVALS } from "./subscribe.ts";

type Data = Record<string, unknown>;

const RETRYABLE_RE = /too many|too frequent|rate limit|timeout|timed out|try again|busy|unavailable|restart/i;

/** Topics of Bybit's retired pre-v5 public API (`realtime`, `realtime_public`), as older recordings hold them. */
const PRE_V5_TOPICS: ReadonlySet<string> = new Set([
  "orderBookL2_25",
  "orderBookL2_200",
  "orderBook_200",
  "trade",
  "instrument_info",
  "klineV2",
  "candle",
]);

export function parseBybitFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  // Order book and trade pushes are matched whole; any other frame, and any surprise in one, takes the JSON.parse
  // path.
  return (
    matchOrderbookFrame(frame, context) ??
    matchPublicTradeFrame(frame, context) ??
    parseBybitJson(frame, context)
  );
}

/** The JSON.parse path: every frame `parseBybitFrame` does not read in place (exported to check the two agree). */
export function parseBybitJson(frame: string, context: ParseContext): Parsed {
  const message = parseJson(frame);
  if (message === undefined) {
    // A blank frame is no JSON either: checking for one only here keeps `trim` off every data frame.
    if (frame.trim().length === 0) return { kind: "ignored", reason: "empty frame" };
    return { kind: "unmatched", topic: "(not json)" };
  }
  if (!isRecord(message)) return { kind: "unmatched", topic: "(not an object)" };
  if (typeof message.topic === "string") return toParsed(parseTopicFrame(message.topic, message, context));
  return controlOf(message);
}

// ── control frames ─────────────────────────────────────────────────────────────────────────────────────────────

function controlOf(message: Data): Parsed {
  const op = typeof message.op === "string" ? message.op : undefined;
  const retMsg = typeof message.ret_msg === "string" ? message.ret_msg : "";
  // Option socket (and private) pong: `{"op":"pong","args":["…"]}`; spot and derivatives: an op reply to "ping".
  if (op === "pong") return { kind: "pong" };
  if (op === "ping" && (message.success === true || retMsg === "pong")) return { kind: "pong" };
  if (message.type === "COMMAND_RESP") return commandRespOf(message);
  if (typeof message.success === "boolean") {
    if (!op && isRecord(message.request)) {
      // `{"success":true,"ret_msg":"","request":{"op":"subscribe",…}}`: the retired pre-v5 reply shape.
      return { kind: "ignored", reason: "pre-v5 subscription reply" };
    }
    const where = describeRequest(message);
    if (message.success) return { kind: "ack", note: `${op ?? "request"}${where}` };
    const text = retMsg || "request refused";
    return {
      kind: "venue-error",
      message: `${op ?? "request"} failed: ${text}${where}`,
      retryable: RETRYABLE_RE.test(text),
    };
  }
  return { kind: "unmatched", topic: "(unknown frame)" };
}

function describeRequest(message: Data): string {
  const reqId = toId(message.req_id);
  return reqId ? ` (req_id ${reqId})` : "";
}

/** The option socket's reply: topics taken and refused. */
function commandRespOf(message: Data): Parsed {
  const data = isRecord(message.data) ? message.data : {};
  const failed = Array.isArray(data.failTopics) ? data.failTopics.filter((t) => typeof t === "string") : [];
  const taken = Array.isArray(data.successTopics) ? data.successTopics.length : 0;
  if (message.success === true && failed.length === 0) return { kind: "ack", note: `${taken} topics` };
  const text = typeof message.ret_msg === "string" && message.ret_msg ? message.ret_msg : "refused";
  const topics = failed.length > 0 ? `: ${failed.join(", ")}` : "";
  return {
    kind: "venue-error",
    message: `subscribe failed (${text})${topics}`,
    retryable: RETRYABLE_RE.test(text),
  };
}

// ── topic frames ───────────────────────────────────────────────────────────────────────────────────────────────

/** A topic's parts: `nativeAt` is where its symbol starts (-1: it names none), sliced only by a payload without one. */
interface TopicParts {
  channel: string;
  argument: string;
  nativeAt: number;
}

/**
 * `orderbook.50.BTCUSDT` → channel `orderbook`, symbol `BTCUSDT`; `orderbook.rpi.BTCUSDT` → channel `orderbook.rpi`.
 * indexOf rather than split, and no slice that is not needed: this runs on every frame.
 */
function splitTopic(topic: string): TopicParts {
  const first = topic.indexOf(".");
  if (first < 0) return { channel: topic, argument: "", nativeAt: -1 };
  const head = topic.slice(0, first);
  const second = head === "orderbook" || head === "kline" ? topic.indexOf(".", first + 1) : -1;
  if (second < 0) return { channel: head, argument: "", nativeAt: first + 1 };
  if (head === "orderbook") {
    if (!isDigitsBetween(topic, first + 1, second))
      return { channel: `orderbook.${topic.slice(first + 1, second)}`, argument: "", nativeAt: -1 };
    return { channel: head, argument: "", nativeAt: second + 1 };
  }
  return { channel: head, argument: topic.slice(first + 1, second), nativeAt: second + 1 };
}

/** The symbol a topic names (see TopicParts). */
function nativeOfTopic(topic: string, nativeAt: number): string | undefined {
  return nativeAt < 0 ? undefined : topic.slice(nativeAt);
}

function parseTopicFrame(topic: string, message: Data, context: ParseContext): ParseOutcome {
  // The busiest topic, told without splitting it.
  if (topic.startsWith("publicTrade.")) return parseTrades(message, context);
  const { channel, argument, nativeAt } = splitTopic(topic);
  switch (channel) {
    case "publicTrade":
      return parseTrades(message, context);
    case "orderbook":
      return parseOrderbook(message, topic, nativeAt, context);
    case "kline":
      return parseKlines(message, argument, nativeOfTopic(topic, nativeAt), context);
    case "tickers":
      return parseTicker(topic, nativeAt, message, context);
    case "allLiquidation":
      return parseAllLiquidation(message, context);
    case "liquidation":
      return parseLegacyLiquidation(message, context);
    default:
      // No v5 topic above shares a name with a retired one, so they are told apart only here.
      if (PRE_V5_TOPICS.has(channel)) return { kind: "unmatched", topic: `${channel} (pre-v5 API)` };
      // insurance, adlAlert, orderbook.rpi, priceLimit …: topics dig3 does not subscribe to.
      return { kind: "unmatched", topic: channel || "(empty topic)" };
  }
}

function malformed(channel: string): ParseOutcome {
  return { kind: "unmatched", topic: `${channel} (malformed)` };
}

// Events are object literals (base fields first, then their own, then each optional field that holds a value),
// not a spread base plus `assignDefined`: those two were a fifth of the decode time of the v5 sample frames.

function textOf(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function takerSideOf(value: unknown): Side | undefined {
  return value === "Buy" ? "buy" : value === "Sell" ? "sell" : undefined;
}

function parseTrades(message: Data, context: ParseContext): ParseOutcome {
  if (!Array.isArray(message.data)) return malformed("publicTrade");
  const events: TradeEvent[] = [];
  for (const row of message.data) {
    if (!isRecord(row)) continue;
    const native = textOf(row.s);
    const price = toNumber(row.p);
    const size = toNumber(row.v);
    const tsMs = toNumber(row.T);
    const side = takerSideOf(row.S);
    const tradeId = toId(row.i);
    if (!native || !isPositiveFinite(price) || !isPositiveFinite(size) || !isTime(tsMs) || !side || !tradeId)
      continue;
    events.push(tradeEventOf(context, native, tsMs, price, size, side, tradeId));
  }
  return events.length > 0 ? events : malformed("publicTrade");
}

function parseOrderbook(message: Data, topic: string, nativeAt: number, context: ParseContext): ParseOutcome {
  const data = message.data;
  const type = message.type;
  if (!isRecord(data) || (type !== "snapshot" && type !== "delta")) return malformed("orderbook");
  const native = textOf(data.s) ?? nativeOfTopic(topic, nativeAt);
  const seq = toNumber(data.u);
  const matchTimeMs = toNumber(message.cts);
  const tsMs = isTime(matchTimeMs) ? matchTimeMs : toNumber(message.ts);
  if (!native || !Number.isFinite(seq) || !isTime(tsMs) || !Array.isArray(data.b) || !Array.isArray(data.a))
    return malformed("orderbook");
  return [orderbookEventOf(native, tsMs, type, toLevels(data.b), toLevels(data.a), seq, context)];
}

function orderbookEventOf(
  native: string,
  tsMs: number,
  type: "snapshot" | "delta",
  bids: Level[],
  asks: Level[],
  seq: number,
  context: ParseContext,
): BookEvent {
  return {
    kind: "book",
    exchange: context.exchange,
    account: context.account,
    symbol: context.symbolOf(native),
    tsMs,
    recvTsUs: context.recvTsUs,
    type,
    bids,
    asks,
    // `u`, the topic's update id: in sequence, and 1 on the snapshot Bybit sends after a restart.
    seq,
  };
}

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
      pos =
        code === QUOTE
          ? frame.indexOf('"', valueAt + 1) + 1
          : code <= NINE
            ? digitsEndAt(frame, valueAt)
            : flagEndAt(frame, valueAt);
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

function parseKlines(
  message: Data,
  nativeInterval: string,
  topicNative: string | undefined,
  context: ParseContext,
): ParseOutcome {
  if (!Array.isArray(message.data)) return malformed("kline");
  const frameTsMs = toNumber(message.ts);
  const events: KlineEvent[] = [];
  for (const row of message.data) {
    if (!isRecord(row)) continue;
    const interval = CANONICAL_KLINE_INTERVALS[textOf(row.interval) ?? nativeInterval];
    const openTimeMs = toNumber(row.start);
    const lastMatchMs = toNumber(row.timestamp);
    const tsMs = isTime(frameTsMs) ? frameTsMs : lastMatchMs;
    const open = toNumber(row.open);
    const high = toNumber(row.high);
    const low = toNumber(row.low);
    const close = toNumber(row.close);
    const volume = toNumber(row.volume);
    if (
      !topicNative ||
      !interval ||
      !isTime(openTimeMs) ||
      !isTime(tsMs) ||
      !Number.isFinite(open) ||
      !Number.isFinite(high) ||
      !Number.isFinite(low) ||
      !Number.isFinite(close) ||
      !Number.isFinite(volume)
    )
      continue;
    const event: KlineEvent = {
      kind: "kline",
      exchange: context.exchange,
      account: context.account,
      symbol: context.symbolOf(topicNative),
      tsMs,
      recvTsUs: context.recvTsUs,
      interval,
      openTimeMs,
      open,
      high,
      low,
      close,
      volume,
      closed: row.confirm === true,
    };
    const closeTimeMs = toOptionalNumber(row.end);
    if (closeTimeMs !== undefined) event.closeTimeMs = closeTimeMs;
    // Inverse `turnover` is in the base coin, not the quote.
    const quoteVolume = context.account === "inverse" ? undefined : toOptionalNumber(row.turnover);
    if (quoteVolume !== undefined) event.quoteVolume = quoteVolume;
    events.push(event);
  }
  return events.length > 0 ? events : malformed("kline");
}

// ── tickers: merge, then fan out ───────────────────────────────────────────────────────────────────────────────

const TICKER_FIELDS = [
  "lastPrice",
  "highPrice24h",
  "lowPrice24h",
  "volume24h",
  "turnover24h",
  "price24hPcnt",
  "change24h",
  "bid1Price",
  "bid1Size",
  "ask1Price",
  "ask1Size",
  "bidPrice",
  "bidSize",
  "askPrice",
  "askSize",
] as const;
const MARK_FIELDS = ["markPrice", "indexPrice"] as const;
const FUNDING_FIELDS = ["fundingRate", "nextFundingTime"] as const;
const OPEN_INTEREST_FIELDS = ["openInterest", "openInterestValue"] as const;

function hasAny(data: Data, fields: readonly string[]): boolean {
  for (const field of fields) if (field in data) return true;
  return false;
}

/** A best price of 0 means an empty side (option books often have none). */
function positive(value: unknown): number | undefined {
  const n = toOptionalNumber(value);
  return n !== undefined && n > 0 ? n : undefined;
}

/**
 * The symbol's ticker after this frame: a snapshot replaces the kept state, a delta is merged into it. The state
 * is this connection's own (frames are parsed once and not kept), so it is taken and updated in place rather than
 * copied on every push.
 */
function mergeTicker(topic: string, type: unknown, data: Data, context: ParseContext): Data {
  const key = `bybit.ticker.${topic}`;
  const kept = context.session.get(key);
  if (type !== "delta" || !isRecord(kept)) {
    context.session.set(key, data);
    return data;
  }
  for (const field in data) {
    // A `__proto__` key from JSON.parse is an own field: define it as one (assigning would swap the prototype).
    if (field === "__proto__")
      Object.defineProperty(kept, field, {
        value: data[field],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else kept[field] = data[field];
  }
  return kept;
}

function parseTicker(topic: string, nativeAt: number, message: Data, context: ParseContext): ParseOutcome {
  const data = message.data;
  if (!isRecord(data)) return malformed("tickers");
  const native = textOf(data.symbol) ?? nativeOfTopic(topic, nativeAt);
  const tsMs = toNumber(message.ts);
  if (!native || !isTime(tsMs)) return malformed("tickers");
  const state = mergeTicker(topic, message.type, data, context);
  const symbol = context.symbolOf(native);
  const events: MarketDataEvent[] = [];

  if (hasAny(data, TICKER_FIELDS)) events.push(tickerOf(state, symbol, tsMs, context));
  if (context.account === "spot")
    return events.length > 0 ? events : { kind: "ignored", reason: "ticker without ticker fields" };

  const markPrice = positive(state.markPrice);
  if (hasAny(data, MARK_FIELDS) && markPrice !== undefined) {
    const mark: MarkPriceEvent = {
      kind: "mark_price",
      exchange: context.exchange,
      account: context.account,
      symbol,
      tsMs,
      recvTsUs: context.recvTsUs,
      markPrice,
    };
    const indexPrice = positive(state.indexPrice);
    if (indexPrice !== undefined) mark.indexPrice = indexPrice;
    events.push(mark);
  }
  // Dated futures send `fundingRate: ""`: no funding to report.
  const rate = toOptionalNumber(state.fundingRate);
  if (context.account !== "option" && hasAny(data, FUNDING_FIELDS) && rate !== undefined) {
    const funding: FundingRateEvent = {
      kind: "funding_rate",
      exchange: context.exchange,
      account: context.account,
      symbol,
      tsMs,
      recvTsUs: context.recvTsUs,
      rate,
    };
    const next = toNumber(state.nextFundingTime);
    if (isTime(next)) funding.nextFundingTsMs = next;
    events.push(funding);
  }
  const openInterest = toOptionalNumber(state.openInterest);
  if (hasAny(data, OPEN_INTEREST_FIELDS) && openInterest !== undefined) {
    const oi: OpenInterestEvent = {
      kind: "open_interest",
      exchange: context.exchange,
      account: context.account,
      symbol,
      tsMs,
      recvTsUs: context.recvTsUs,
      openInterest,
    };
    const openInterestValue = toOptionalNumber(state.openInterestValue);
    if (openInterestValue !== undefined) oi.openInterestValue = openInterestValue;
    events.push(oi);
  }
  return events.length > 0 ? events : { kind: "ignored", reason: "ticker delta with no field dig3 reads" };
}

/** The ticker event of a merged state: only the fields that hold a value, in this order. */
function tickerOf(state: Data, symbol: string, tsMs: number, context: ParseContext): TickerEvent {
  const ticker: TickerEvent = {
    kind: "ticker",
    exchange: context.exchange,
    account: context.account,
    symbol,
    tsMs,
    recvTsUs: context.recvTsUs,
  };
  const last = toOptionalNumber(state.lastPrice);
  if (last !== undefined) ticker.last = last;
  const bid = positive(state.bid1Price ?? state.bidPrice);
  if (bid !== undefined) {
    ticker.bid = bid;
    const bidSize = toOptionalNumber(state.bid1Size ?? state.bidSize);
    if (bidSize !== undefined) ticker.bidSize = bidSize;
  }
  const ask = positive(state.ask1Price ?? state.askPrice);
  if (ask !== undefined) {
    ticker.ask = ask;
    const askSize = toOptionalNumber(state.ask1Size ?? state.askSize);
    if (askSize !== undefined) ticker.askSize = askSize;
  }
  const high24h = toOptionalNumber(state.highPrice24h);
  if (high24h !== undefined) ticker.high24h = high24h;
  const low24h = toOptionalNumber(state.lowPrice24h);
  if (low24h !== undefined) ticker.low24h = low24h;
  const volume24h = toOptionalNumber(state.volume24h);
  if (volume24h !== undefined) ticker.volume24h = volume24h;
  // Inverse `turnover24h` is in the base coin, not the quote.
  const quoteVolume24h = context.account === "inverse" ? undefined : toOptionalNumber(state.turnover24h);
  if (quoteVolume24h !== undefined) ticker.quoteVolume24h = quoteVolume24h;
  // Bybit sends a fraction (0.0234); dig3 carries percent.
  const change = toOptionalNumber(state.price24hPcnt) ?? toOptionalNumber(state.change24h);
  if (change !== undefined) ticker.changePct24h = Number((change * 100).toPrecision(12));
  return ticker;
}

// ── liquidations ───────────────────────────────────────────────────────────────────────────────────────────────

/** Bybit names the liquidated position's side ("Buy" = a long was liquidated); dig3 the liquidation order's side. */
function liquidationSideOf(positionSide: unknown): Side | undefined {
  return positionSide === "Buy" ? "sell" : positionSide === "Sell" ? "buy" : undefined;
}

function liquidationOf(
  context: ParseContext,
  native: string | undefined,
  positionSide: unknown,
  priceValue: unknown,
  sizeValue: unknown,
  tsMs: number,
): LiquidationEvent | undefined {
  const side = liquidationSideOf(positionSide);
  const price = toNumber(priceValue);
  const size = toNumber(sizeValue);
  if (!native || !side || !(price > 0) || !(size > 0) || !isTime(tsMs)) return undefined;
  const event: LiquidationEvent = {
    kind: "liquidation",
    exchange: context.exchange,
    account: context.account,
    symbol: context.symbolOf(native),
    tsMs,
    recvTsUs: context.recvTsUs,
    side,
    price,
    size,
  };
  // Inverse sizes are contracts (USD), so price × size is no value in any one currency.
  if (context.account !== "inverse") event.value = price * size;
  return event;
}

function parseAllLiquidation(message: Data, context: ParseContext): ParseOutcome {
  if (!Array.isArray(message.data)) return malformed("allLiquidation");
  const events: LiquidationEvent[] = [];
  for (const row of message.data) {
    if (!isRecord(row)) continue;
    const event = liquidationOf(context, textOf(row.s), row.S, row.p, row.v, toNumber(row.T));
    if (event) events.push(event);
  }
  return events.length > 0 ? events : malformed("allLiquidation");
}

function parseLegacyLiquidation(message: Data, context: ParseContext): ParseOutcome {
  const data = message.data;
  if (!isRecord(data)) return malformed("liquidation");
  const updatedMs = toNumber(data.updatedTime);
  const tsMs = isTime(updatedMs) ? updatedMs : toNumber(message.ts);
  const event = liquidationOf(context, textOf(data.symbol), data.side, data.price, data.size, tsMs);
  return event ? [event] : malformed("liquidation");
}
