// Inbound Bybit v5 frame → Parsed (pure, never throws on venue input). Topic frames become normalized events (a
// `tickers` frame fans out into ticker, mark price, funding and open interest after merging its delta into the
// symbol's last state in ParseContext.session); op replies, pongs and errors become control verdicts.

import type {
  FundingRateEvent,
  KlineEvent,
  LiquidationEvent,
  MarketDataEvent,
  MarkPriceEvent,
  OpenInterestEvent,
  Side,
  TickerEvent,
  TradeEvent,
} from "../../core/index.ts";
import { type ParseContext, type Parsed, type ParseOutcome, toParsed } from "../_shared/adapter.ts";
import { liquidationEventOf, tradeEventOf } from "../_shared/event-base.ts";
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
import { orderbookEventOf } from "./events.ts";
import { matchOrderbookFrame, matchPublicTradeFrame } from "./fast-path.ts";
import { CANONICAL_KLINE_INTERVALS } from "./subscribe.ts";

// The whole-frame matches, as the equivalence tests find them beside the JSON.parse path.
export { matchOrderbookFrame, matchPublicTradeFrame } from "./fast-path.ts";

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
  // Inverse sizes are contracts (USD), so price × size is no value in any one currency.
  const value = context.account !== "inverse" ? price * size : undefined;
  return liquidationEventOf(context, native, tsMs, side, price, size, value);
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
