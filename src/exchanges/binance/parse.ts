// Inbound Binance frame → Parsed (pure, never throws on venue input). Combined-stream data frames become
// normalized events; acks, request errors and server notices become control verdicts; anything else is reported.

import type {
  AggTradeEvent,
  BookEvent,
  FundingRateEvent,
  KlineEvent,
  Level,
  MarketDataEvent,
  MarkPriceEvent,
  Side,
  TickerEvent,
} from "../../core/index.ts";
import { type ParseContext, type Parsed, type ParseOutcome, toParsed } from "../_shared/adapter.ts";
import { liquidationEventOf, tradeEventOf } from "../_shared/event-base.ts";
import { BOOLEAN, DECIMAL, INTEGER, PLAIN_TEXT, SHORT_INTEGER, TIME_MS } from "../_shared/frame-patterns.ts";
import { digitsEndAt, matchedDecimalRead, readMatchedDecimalAt } from "../_shared/matched-values.ts";
import { FrameScanner, hasTextAt, RECENT_NATIVES, RecentStrings } from "../_shared/scan.ts";
import {
  assignDefined,
  isPositiveFinite,
  isRecord,
  isTime,
  parseJson,
  toId,
  toLevels,
  toNumber,
  toOptionalNumber,
} from "../_shared/values.ts";

type Data = Record<string, unknown>;

const RETRYABLE_RE = /too many|rate limit|timeout|timed out|try again|busy|unavailable|shut ?down/i;

export function parseBinanceFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  // Depth diffs are read in place and trades matched whole; any other frame, and any surprise in one, takes the
  // JSON.parse path.
  return (
    scanDepthFrame(frame, context) ?? matchTradeFrame(frame, context) ?? parseBinanceJson(frame, context)
  );
}

/** The JSON.parse path: every frame `parseBinanceFrame` does not read in place (exported to check the two agree). */
export function parseBinanceJson(frame: string, context: ParseContext): Parsed {
  const message = parseJson(frame);
  if (message === undefined) {
    // A blank frame is no JSON either: checking for one only here keeps `trim` off every data frame.
    if (frame.trim().length === 0) return { kind: "ignored", reason: "empty frame" };
    return { kind: "unmatched", topic: "(not json)" };
  }
  if (!isRecord(message)) return { kind: "unmatched", topic: "(not an object)" };

  if (typeof message.stream === "string") {
    const stream = message.stream;
    return toParsed(parsePayload(channelOfStream(stream), message.data, stream, context));
  }
  if ("result" in message && "id" in message) return ackOf(message);
  const error = venueErrorOf(message);
  if (error) return error;
  if (typeof message.e === "string") {
    // A raw payload (a `/ws` connection, or a server notice): route by its event type.
    if (message.e === "serverShutdown") {
      return { kind: "venue-error", message: "server shutting down; reconnect", retryable: true };
    }
    return toParsed(parsePayload(channelOfEventType(message.e), message, undefined, context));
  }
  return { kind: "unmatched", topic: "(unknown frame)" };
}

/**
 * `btcusdt@depth@100ms` → `depth`; `btcusdt@kline_1m` → `kline`; `!forceOrder@arr` → `forceOrder`. indexOf and
 * slice rather than split: this runs on every frame.
 */
function channelOfStream(stream: string): string {
  if (stream.startsWith("!")) return segmentAt(stream, 1);
  const at = stream.indexOf("@");
  if (at < 0) return stream;
  const topic = segmentAt(stream, at + 1);
  return topic.startsWith("kline_") ? "kline" : topic;
}

/** `btcusdt@depth@100ms` → `BTCUSDT`; undefined for all-market (`!…`) and bare names. */
function symbolOfStream(stream: string | undefined): string | undefined {
  if (stream === undefined || stream.startsWith("!")) return undefined;
  const at = stream.indexOf("@");
  return at < 0 ? undefined : stream.slice(0, at).toUpperCase();
}

/** The `@`-separated segment of `stream` that starts at `start`. */
function segmentAt(stream: string, start: number): string {
  const end = stream.indexOf("@", start);
  return end < 0 ? stream.slice(start) : stream.slice(start, end);
}

const EVENT_TYPE_CHANNELS: Readonly<Record<string, string>> = {
  trade: "trade",
  aggTrade: "aggTrade",
  depthUpdate: "depth",
  kline: "kline",
  "24hrTicker": "ticker",
  markPriceUpdate: "markPrice",
  forceOrder: "forceOrder",
};

function channelOfEventType(eventType: string): string {
  return EVENT_TYPE_CHANNELS[eventType] ?? eventType;
}

function parsePayload(
  channel: string,
  data: unknown,
  stream: string | undefined,
  context: ParseContext,
): ParseOutcome {
  // All-market streams (`!markPrice@arr@1s`) carry an array of the single-symbol payload.
  if (Array.isArray(data)) {
    const events: MarketDataEvent[] = [];
    for (const item of data) {
      const outcome = parsePayload(channel, item, undefined, context);
      if (!Array.isArray(outcome)) return outcome;
      events.push(...outcome);
    }
    return events;
  }
  if (!isRecord(data)) return malformed(channel);
  switch (channel) {
    case "trade":
      return parseTrade(data, stream, context);
    case "aggTrade":
      return parseAggTrade(data, stream, context);
    case "depth":
      return parseDepthUpdate(data, stream, context);
    case "kline":
      return parseKline(data, stream, context);
    case "ticker":
      return parseTicker(data, stream, context);
    case "markPrice":
      return parseMarkPrice(data, stream, context);
    case "forceOrder":
      return parseForceOrder(data, context);
    default:
      // bookTicker, partial depth (`depth20`), miniTicker, indexPrice …: streams dig3 does not subscribe to.
      return { kind: "unmatched", topic: channel || "(empty stream name)" };
  }
}

function malformed(channel: string): ParseOutcome {
  return { kind: "unmatched", topic: `${channel} (malformed)` };
}

/**
 * The payload's own symbol `s`, else the one its stream name (if any) starts with: only then is that name sliced
 * and upper-cased, since every payload dig3 reads normally names its symbol.
 */
function nativeOf(data: Data, stream: string | undefined): string | undefined {
  if (typeof data.s === "string" && data.s.length > 0) return data.s;
  return symbolOfStream(stream);
}

// Hot events are object literals (base fields first, then the event's own, then each optional field that holds a
// value), not a spread base plus `assignDefined`: those two were a tenth of a spot frame's decode time.

/** Exchange time: the transaction/trade time `T` where sent, else the event time `E`. */
function timeOf(data: Data): number {
  const tradeTime = toNumber(data.T);
  return isTime(tradeTime) ? tradeTime : toNumber(data.E);
}

function parseTrade(data: Data, stream: string | undefined, context: ParseContext): ParseOutcome {
  // Futures tag every print; ADL, insurance-fund and `NA` rows are not taker trades on the book.
  if (typeof data.X === "string" && data.X !== "MARKET") {
    return { kind: "ignored", reason: `trade type ${data.X} is not a market trade` };
  }
  const native = nativeOf(data, stream);
  const price = toNumber(data.p);
  const size = toNumber(data.q);
  const tsMs = timeOf(data);
  const tradeId = toId(data.t);
  if (
    !native ||
    !Number.isFinite(price) ||
    !Number.isFinite(size) ||
    !isTime(tsMs) ||
    !tradeId ||
    typeof data.m !== "boolean"
  ) {
    return malformed("trade");
  }
  // USDⓈ-M publishes a zero-priced frame for a trade id it spent without a fill.
  if (price <= 0 || size <= 0) return { kind: "ignored", reason: "trade with zero price or size" };
  return [tradeEventOf(context, native, tsMs, price, size, takerSideOf(data.m), tradeId)];
}

/** `m`: the buyer is the maker, so the taker sold. */
function takerSideOf(isBuyerMaker: boolean): Side {
  return isBuyerMaker ? "sell" : "buy";
}

function parseAggTrade(data: Data, stream: string | undefined, context: ParseContext): ParseOutcome {
  const native = nativeOf(data, stream);
  const price = toNumber(data.p);
  const size = toNumber(data.q);
  const tsMs = timeOf(data);
  const aggId = toId(data.a);
  if (
    !native ||
    !Number.isFinite(price) ||
    !Number.isFinite(size) ||
    !isTime(tsMs) ||
    !aggId ||
    typeof data.m !== "boolean"
  ) {
    return malformed("aggTrade");
  }
  const event: AggTradeEvent = {
    kind: "agg_trade",
    exchange: context.exchange,
    account: context.account,
    symbol: context.symbolOf(native),
    tsMs,
    recvTsUs: context.recvTsUs,
    price,
    size,
    side: data.m ? "sell" : "buy",
    aggId,
  };
  const firstTradeId = toId(data.f);
  if (firstTradeId) event.firstTradeId = firstTradeId;
  const lastTradeId = toId(data.l);
  if (lastTradeId) event.lastTradeId = lastTradeId;
  return [event];
}

function parseDepthUpdate(data: Data, stream: string | undefined, context: ParseContext): ParseOutcome {
  const native = nativeOf(data, stream);
  const firstSeq = toNumber(data.U);
  const seq = toNumber(data.u);
  const tsMs = timeOf(data);
  if (!native || !Number.isFinite(firstSeq) || !Number.isFinite(seq) || !isTime(tsMs))
    return malformed("depth");
  if (!Array.isArray(data.b) || !Array.isArray(data.a)) return malformed("depth");
  const prevSeq = toOptionalNumber(data.pu);
  return [depthEventOf(native, tsMs, firstSeq, seq, prevSeq, toLevels(data.b), toLevels(data.a), context)];
}

function depthEventOf(
  native: string,
  tsMs: number,
  firstSeq: number,
  seq: number,
  prevSeq: number | undefined,
  bids: Level[],
  asks: Level[],
  context: ParseContext,
): BookEvent {
  const event: BookEvent = {
    kind: "book",
    exchange: context.exchange,
    account: context.account,
    symbol: context.symbolOf(native),
    tsMs,
    recvTsUs: context.recvTsUs,
    type: "delta",
    bids,
    asks,
    seq,
    firstSeq,
  };
  // Futures only: `pu` is the `u` of the previous event, which the tracker chains on.
  if (prevSeq !== undefined) event.prevSeq = prevSeq;
  return event;
}

const scanner = new FrameScanner();

/** How every combined-stream frame the scanner reads begins, and where in it the stream name's string opens. */
const STREAM_FRAME_START = '{"stream":"';
const STREAM_QUOTE_AT = STREAM_FRAME_START.lastIndexOf('"');

/**
 * `{"stream":"<symbol>@depth[@100ms]","data":{…}}` read in place, to the event `parseDepthUpdate` builds: levels are
 * most of a diff, and reading them where they lie, as numbers, takes half the time of JSON.parse and `toLevels`.
 * Anything unexpected returns undefined, and the frame takes the JSON.parse path.
 */
export function scanDepthFrame(frame: string, context: ParseContext): Parsed | undefined {
  // A first look at the stream name keeps the scanner off other streams' frames; what it matched is not read again:
  // the scanner starts at the stream name's opening quote. The `d` after the first `@` turns trade frames away
  // before anything else is compared.
  const at = frame.indexOf("@", STREAM_FRAME_START.length);
  if (at < 0 || frame.charCodeAt(at + 1) !== 100 || !hasTextAt(frame, 0, STREAM_FRAME_START))
    return undefined;
  if (!hasTextAt(frame, at + 1, "depth")) return undefined;
  const s = scanner;
  s.reset(frame);
  s.pos = STREAM_QUOTE_AT;
  if (!s.stringRange() || !isTopicStreamAt(frame, s.valueStart, s.valueEnd, at, "depth")) return undefined;
  if (!s.nextMember() || s.key() !== 4 || !s.isKey("data") || !s.openObject()) return undefined;
  let native = "";
  let eventTimeMs = Number.NaN;
  let transactionTimeMs = Number.NaN;
  let firstSeq = Number.NaN;
  let seq = Number.NaN;
  let prevSeq: number | undefined;
  let bids: Level[] | undefined;
  let asks: Level[] | undefined;
  do {
    const length = s.key();
    if (length === 2 && s.isKey("pu")) {
      prevSeq = s.numeric();
      continue;
    }
    if (length !== 1) {
      s.skipValue();
      continue;
    }
    switch (s.keyCode()) {
      case 115: // s
        native = s.string();
        break;
      case 69: // E
        eventTimeMs = s.numeric();
        break;
      case 84: // T
        transactionTimeMs = s.numeric();
        break;
      case 85: // U
        firstSeq = s.numeric();
        break;
      case 117: // u
        seq = s.numeric();
        break;
      case 98: // b
        bids = s.levels(false);
        break;
      case 97: // a
        asks = s.levels(false);
        break;
      default:
        s.skipValue();
    }
  } while (s.nextMember());
  // The frame must end with `data`: another member (a second `stream`, say) is the JSON.parse path's to judge.
  if (s.nextMember() || !s.isAtEnd()) return undefined;
  const tsMs = isTime(transactionTimeMs) ? transactionTimeMs : eventTimeMs;
  if (
    !native ||
    !Number.isFinite(firstSeq) ||
    !Number.isFinite(seq) ||
    !isTime(tsMs) ||
    bids === undefined ||
    asks === undefined ||
    (prevSeq !== undefined && !Number.isFinite(prevSeq))
  ) {
    return undefined;
  }
  return {
    kind: "events",
    events: [depthEventOf(native, tsMs, firstSeq, seq, prevSeq, bids, asks, context)],
  };
}

// A single-symbol trade stream's name (all-market names begin with `!`), then the payload's fixed start.
const TRADE_HEAD = String.raw`^\{"stream":"[^"\\@!\x00-\x1f][^"\\@\x00-\x1f]*@trade","data":\{"e":"trade","E":${INTEGER},`;

/** Spot: `{e, E, s, t, p, q, [b, a], T, m, M}` (the order ids `b` and `a` taken with or without). */
const SPOT_TRADE_BODY = `"s":"${PLAIN_TEXT}","t":${SHORT_INTEGER},"p":"${DECIMAL}","q":"${DECIMAL}",(?:"b":${INTEGER},"a":${INTEGER},)?"T":${TIME_MS},"m":${BOOLEAN},"M":${BOOLEAN}`;

/** USDⓈ-M and COIN-M: `{e, E, T, s, t, p, q, [X: MARKET], m}` (other `X` kinds are not taker trades). */
const FUTURES_TRADE_BODY = `"T":${TIME_MS},"s":"${PLAIN_TEXT}","t":${SHORT_INTEGER},"p":"${DECIMAL}","q":"${DECIMAL}",(?:"X":"MARKET",)?"m":${BOOLEAN}`;

/**
 * A whole trade frame of either layout. It captures nothing: groups cost an array, a string each and a `Number` of
 * each; a walk (`walkTradeAt`) finds each value where the layout puts it and reads numbers where they lie, in 0.82 of
 * the time (measured).
 */
const TRADE_FRAME = new RegExp(String.raw`${TRADE_HEAD}(?:${SPOT_TRADE_BODY}|${FUTURES_TRADE_BODY})\}\}$`);

// The literals of a matched trade frame from the stream name's `@` to the event time, and each member's up to its
// value, from the comma before it.
const TRADE_NAME_TO_EVENT_TIME = '@trade","data":{"e":"trade","E":'.length;
const SYMBOL_KEY = ',"s":"'.length;
const TIME_KEY = ',"T":'.length;
const ID_AFTER_SYMBOL = '","t":'.length;
const PRICE_KEY = ',"p":"'.length;
const SIZE_AFTER_PRICE = '","q":"'.length;
const ORDER_ID_KEY = ',"b":'.length;
const MARKET_TAG = ',"X":"MARKET"'.length;
const MAKER_KEY = ',"m":'.length;

const QUOTE_LENGTH = 1;
const B = 98;
const T = 84;
const X = 88;
const LOWER_T = 116;

/**
 * The native symbols trade frames named lately, handed out again for an equal text: no string is made for a symbol
 * seen lately, and `symbolOf` does not hash a new one (a fifth of this reader's time, measured).
 */
const tradeNatives = new RecentStrings(RECENT_NATIVES);

/** What `walkTradeAt` read last. */
const walkedTrade = { native: "", tradeId: "", price: 0, size: 0, tsMs: 0, isBuyerMaker: false };

/**
 * `{"stream":"<symbol>@trade","data":{…}}` in the exact layout Binance sends (spot or futures), matched whole by one
 * pattern (see `_shared/frame-patterns.ts`) and walked to its values, to the event `parseTrade` builds. Any other
 * frame (another key order, a tag other than MARKET, a zero price) returns undefined and takes the JSON.parse path,
 * which judges it. The pattern runs natively and builds no tree (with groups it already took 0.55–0.65 of the time
 * of the in-place scanner it replaced).
 */
export function matchTradeFrame(frame: string, context: ParseContext): Parsed | undefined {
  // A first look at the letter after the first `@` keeps the pattern off other streams' frames.
  const at = frame.indexOf("@", STREAM_FRAME_START.length);
  if (at < 0 || frame.charCodeAt(at + 1) !== LOWER_T || !TRADE_FRAME.test(frame)) return undefined;
  const trade = walkTradeAt(frame, at);
  // USDⓈ-M publishes a zero-priced frame for a trade id it spent without a fill: the JSON.parse path ignores it.
  if (!isPositiveFinite(trade.price) || !isPositiveFinite(trade.size)) return undefined;
  return {
    kind: "events",
    events: [
      tradeEventOf(
        context,
        trade.native,
        trade.tsMs,
        trade.price,
        trade.size,
        takerSideOf(trade.isBuyerMaker),
        trade.tradeId,
      ),
    ],
  };
}

/**
 * The trade frame `TRADE_FRAME` matched, whose stream name's `@` is at `at`, walked into `walkedTrade`: `pos` stays at
 * the comma before the next member the walk reads.
 */
function walkTradeAt(frame: string, at: number): typeof walkedTrade {
  const trade = walkedTrade;
  let pos = digitsEndAt(frame, at + TRADE_NAME_TO_EVENT_TIME);
  // After the event time: `s` on spot, `T` on futures.
  const isFutures = frame.charCodeAt(pos + 2) === T;
  if (isFutures) {
    trade.tsMs = readMatchedDecimalAt(frame, pos + TIME_KEY);
    pos = matchedDecimalRead.end;
  }
  const symbolAt = pos + SYMBOL_KEY;
  const symbolEnd = frame.indexOf('"', symbolAt);
  trade.native = tradeNatives.at(frame, symbolAt, symbolEnd);
  const idAt = symbolEnd + ID_AFTER_SYMBOL;
  const idEnd = digitsEndAt(frame, idAt);
  // At most 15 digits without a leading zero: the text `toId` writes back from JSON.parse's number.
  trade.tradeId = frame.slice(idAt, idEnd);
  trade.price = readMatchedDecimalAt(frame, idEnd + PRICE_KEY);
  trade.size = readMatchedDecimalAt(frame, matchedDecimalRead.end + SIZE_AFTER_PRICE);
  pos = matchedDecimalRead.end + QUOTE_LENGTH;
  if (isFutures) {
    if (frame.charCodeAt(pos + 2) === X) pos += MARKET_TAG;
  } else {
    // The order ids `b` and `a`, where sent, then the time.
    if (frame.charCodeAt(pos + 2) === B)
      pos = digitsEndAt(frame, digitsEndAt(frame, pos + ORDER_ID_KEY) + ORDER_ID_KEY);
    trade.tsMs = readMatchedDecimalAt(frame, pos + TIME_KEY);
    pos = matchedDecimalRead.end;
  }
  // `"m":true` (the buyer is the maker) or `"m":false`.
  trade.isBuyerMaker = frame.charCodeAt(pos + MAKER_KEY) === LOWER_T;
  return trade;
}

/**
 * Whether the stream name at [start, end), whose first `@` is at `at` followed by `topic` (the first look checked
 * that), is a single-symbol stream of that topic: `bnbbtc@trade`, `nknusdt@depth@100ms`.
 */
function isTopicStreamAt(text: string, start: number, end: number, at: number, topic: string): boolean {
  // All-market streams (`!forceOrder@arr`) are named differently, and carry arrays.
  if (text.charCodeAt(start) === 33 || at <= start || at >= end) return false;
  const after = at + 1 + topic.length;
  return after === end || text.charCodeAt(after) === 64;
}

function parseKline(data: Data, stream: string | undefined, context: ParseContext): ParseOutcome {
  const bar = data.k;
  if (!isRecord(bar)) return malformed("kline");
  const native = nativeOf(data, stream) ?? (typeof bar.s === "string" ? bar.s : undefined);
  const tsMs = toNumber(data.E);
  const openTimeMs = toNumber(bar.t);
  const open = toNumber(bar.o);
  const high = toNumber(bar.h);
  const low = toNumber(bar.l);
  const close = toNumber(bar.c);
  const volume = toNumber(bar.v);
  if (
    !native ||
    typeof bar.i !== "string" ||
    !isTime(tsMs) ||
    !isTime(openTimeMs) ||
    !Number.isFinite(open) ||
    !Number.isFinite(high) ||
    !Number.isFinite(low) ||
    !Number.isFinite(close) ||
    !Number.isFinite(volume)
  ) {
    return malformed("kline");
  }
  const event: KlineEvent = {
    kind: "kline",
    exchange: context.exchange,
    account: context.account,
    symbol: context.symbolOf(native),
    tsMs,
    recvTsUs: context.recvTsUs,
    interval: bar.i,
    openTimeMs,
    open,
    high,
    low,
    close,
    volume,
    closed: bar.x === true,
  };
  const closeTimeMs = toOptionalNumber(bar.T);
  if (closeTimeMs !== undefined) event.closeTimeMs = closeTimeMs;
  // On COIN-M `v` counts contracts and `q` is base-asset volume: there is no quote volume to report.
  const quoteVolume = context.account === "inverse" ? undefined : toOptionalNumber(bar.q);
  if (quoteVolume !== undefined) event.quoteVolume = quoteVolume;
  const trades = toOptionalNumber(bar.n);
  if (trades !== undefined) event.trades = trades;
  return [event];
}

function parseTicker(data: Data, stream: string | undefined, context: ParseContext): ParseOutcome {
  const native = nativeOf(data, stream);
  const tsMs = toNumber(data.E);
  const last = toNumber(data.c);
  if (!native || !isTime(tsMs) || !Number.isFinite(last)) return malformed("ticker");
  const event: TickerEvent = {
    kind: "ticker",
    exchange: context.exchange,
    account: context.account,
    symbol: context.symbolOf(native),
    tsMs,
    recvTsUs: context.recvTsUs,
    last,
  };
  return [
    assignDefined(event, {
      // Best bid/ask: spot only.
      bid: toOptionalNumber(data.b),
      bidSize: toOptionalNumber(data.B),
      ask: toOptionalNumber(data.a),
      askSize: toOptionalNumber(data.A),
      high24h: toOptionalNumber(data.h),
      low24h: toOptionalNumber(data.l),
      volume24h: toOptionalNumber(data.v),
      // On COIN-M `v` counts contracts and `q` is base-asset volume.
      quoteVolume24h: context.account === "inverse" ? undefined : toOptionalNumber(data.q),
      changePct24h: toOptionalNumber(data.P),
    }),
  ];
}

function parseMarkPrice(data: Data, stream: string | undefined, context: ParseContext): ParseOutcome {
  const native = nativeOf(data, stream);
  const tsMs = toNumber(data.E);
  const markPrice = toNumber(data.p);
  if (!native || !isTime(tsMs) || !Number.isFinite(markPrice)) return malformed("markPrice");
  const symbol = context.symbolOf(native);
  const mark: MarkPriceEvent = {
    kind: "mark_price",
    exchange: context.exchange,
    account: context.account,
    symbol,
    tsMs,
    recvTsUs: context.recvTsUs,
    markPrice,
  };
  const indexPrice = toOptionalNumber(data.i);
  if (indexPrice !== undefined) mark.indexPrice = indexPrice;
  const events: MarketDataEvent[] = [mark];
  // Delivery contracts carry no funding: `r` empty or `T` 0.
  const rate = toOptionalNumber(data.r);
  const nextFundingTsMs = toNumber(data.T);
  if (rate !== undefined && isTime(nextFundingTsMs)) {
    const funding: FundingRateEvent = {
      kind: "funding_rate",
      exchange: context.exchange,
      account: context.account,
      symbol,
      tsMs,
      recvTsUs: context.recvTsUs,
      rate,
      nextFundingTsMs,
    };
    events.push(funding);
  }
  return events;
}

function parseForceOrder(data: Data, context: ParseContext): ParseOutcome {
  const order = data.o;
  if (!isRecord(order)) return malformed("forceOrder");
  const native = typeof order.s === "string" && order.s.length > 0 ? order.s : undefined;
  const side = order.S === "BUY" ? "buy" : order.S === "SELL" ? "sell" : undefined;
  // Prefer the average fill price and the filled quantity; fall back to the order's limit price and size.
  const averagePrice = toNumber(order.ap);
  const price = averagePrice > 0 ? averagePrice : toNumber(order.p);
  const filled = toNumber(order.z);
  const size = filled > 0 ? filled : toNumber(order.q);
  const orderTime = timeOf(order);
  const tsMs = isTime(orderTime) ? orderTime : toNumber(data.E);
  if (!native || !side || !Number.isFinite(price) || !Number.isFinite(size) || !isTime(tsMs))
    return malformed("forceOrder");
  // COIN-M sizes are contracts, so price × size is no value in any currency.
  const value = context.account !== "inverse" ? price * size : undefined;
  return [liquidationEventOf(context, native, tsMs, side, price, size, value)];
}

function ackOf(message: Data): Parsed {
  const id = toId(message.id);
  if (Array.isArray(message.result)) {
    return { kind: "ack", note: `id ${id}: ${message.result.length} subscriptions` };
  }
  return { kind: "ack", note: `id ${id}` };
}

function venueErrorOf(message: Data): Parsed | undefined {
  const source = isRecord(message.error) ? message.error : message;
  if (source === message && !(typeof message.code === "number" && "msg" in message)) return undefined;
  const code = toOptionalNumber(source.code);
  const text = typeof source.msg === "string" ? source.msg : "request failed";
  const id = toId(message.id);
  const where = id ? ` (request ${id})` : "";
  return {
    kind: "venue-error",
    message: code === undefined ? `${text}${where}` : `code ${code}: ${text}${where}`,
    retryable: RETRYABLE_RE.test(text),
  };
}
