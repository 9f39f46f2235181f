// Inbound KuCoin frame → Parsed (pure, never throws on venue input). `message` frames are routed by their topic's
// channel to normalized events; welcome, ack, pong and error frames become control verdicts; the rest is reported.

import type {
  FundingRateEvent,
  KlineEvent,
  Level,
  MarketDataEvent,
  MarkPriceEvent,
  TickerEvent,
} from "../../core/index.ts";
import { type ParseContext, type Parsed, type ParseOutcome, toParsed } from "../_shared/adapter.ts";
import { closeTimeOf } from "../_shared/bar-times.ts";
import { eventBaseOf, recvMsOf, tradeEventOf } from "../_shared/event-base.ts";
import {
  assignDefined,
  isDigitsBetween,
  isRecord,
  isTime,
  parseJson,
  toId,
  toNumber,
  toOptionalNumber,
} from "../_shared/values.ts";
import { deltaOf, futuresDeltaOf, msOfDigits, msOfEpochNumber } from "./events.ts";
import { matchMessageFrame } from "./fast-path.ts";
import { intervalOfCandleType } from "./subscribe.ts";

export { matchMessageFrame };

type Data = Record<string, unknown>;

/** Funding frames of this granularity carry the predicted rate of the next period, not the funding rate. */
const PREDICTED_FUNDING_GRANULARITY_MS = 60_000;

/** Error codes after which only a new connection (with a fresh token) helps: token invalid, ping timeout. */
const RECONNECT_CODES = new Set(["401", "400"]);
const RETRYABLE_RE = /busy|retry|timeout|exceed max permits|system error/i;

export function parseKucoinFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  // Trades and book changes are read in place; any other frame, and any surprise in one, takes the JSON.parse path.
  return matchMessageFrame(frame, context) ?? parseKucoinJson(frame, context);
}

/** The JSON.parse path: every frame `parseKucoinFrame` does not read in place (exported to check the two agree). */
export function parseKucoinJson(frame: string, context: ParseContext): Parsed {
  const message = parseJson(frame);
  if (message === undefined) {
    // A blank frame is no JSON either: checking for one only here keeps `trim` off every data frame.
    if (frame.trim().length === 0) return { kind: "ignored", reason: "empty frame" };
    return { kind: "unmatched", topic: "(not json)" };
  }
  if (!isRecord(message)) return { kind: "unmatched", topic: "(not an object)" };
  switch (message.type) {
    case "message":
      return toParsed(parseMessage(message, context));
    case "welcome":
      return { kind: "ignored", reason: `welcome (connectId ${toId(message.id)})` };
    case "ack":
      return { kind: "ack", note: `id ${toId(message.id)}` };
    case "pong":
      return { kind: "pong" };
    case "ping":
      // KuCoin does not ping clients today; answer in kind should it start.
      return { kind: "ping", reply: JSON.stringify({ id: toId(message.id), type: "pong" }) };
    case "error":
      return venueErrorOf(message);
    case "notice":
    case "command":
      return { kind: "ignored", reason: `${message.type} frame` };
    default:
      return { kind: "unmatched", topic: typeof message.type === "string" ? message.type : "(no type)" };
  }
}

/**
 * Epoch time in ms from KuCoin's mix of units: seconds (candle starts), ms (most), ns (trades, `ts`), as numbers or
 * text. Digit strings are cut rather than divided, so ns text keeps its ms exactly; ns numbers are already rounded
 * by JSON to 256 ns, which the small bias before flooring absorbs.
 */
export function msOfEpoch(value: unknown): number {
  if (typeof value === "string" && isDigitsBetween(value, 0, value.length)) return msOfDigits(value);
  return msOfEpochNumber(toNumber(value));
}

function malformed(channel: string): ParseOutcome {
  return { kind: "unmatched", topic: `${channel} (malformed)` };
}

/** The venue's time when it sent a usable one, else the receive time (2021 level2 frames carry none). */
function timeOr(value: unknown, context: ParseContext): number {
  const tsMs = msOfEpoch(value);
  return isTime(tsMs) ? tsMs : recvMsOf(context);
}

function parseMessage(message: Data, context: ParseContext): ParseOutcome {
  const topic = typeof message.topic === "string" ? message.topic : "";
  const colon = topic.indexOf(":");
  const channel = colon >= 0 ? topic.slice(0, colon) : topic;
  const arg = colon >= 0 ? topic.slice(colon + 1) : "";
  const data = message.data;
  if (!isRecord(data)) return malformed(channel || "(no topic)");
  const subject = typeof message.subject === "string" ? message.subject : "";
  switch (channel) {
    case "/market/match":
      return parseSpotMatch(data, arg, context);
    case "/market/level2":
      return parseSpotLevel2(data, arg, context);
    case "/market/candles":
    case "/contractMarket/limitCandle":
      return parseCandles(channel, topic, data, arg, context);
    case "/market/ticker":
      return parseSpotTicker(data, arg, context);
    case "/contractMarket/execution":
      return parseFuturesExecution(data, arg, context);
    case "/contractMarket/level2":
      return parseFuturesLevel2(data, arg, context);
    case "/contractMarket/tickerV2":
      return parseFuturesTicker(data, arg, context);
    case "/contract/instrument":
      return parseInstrument(subject, data, arg, context);
    default:
      // `/market/snapshot`, `/contractMarket/level2Depth5` …: channels dig3 does not subscribe to.
      return { kind: "unmatched", topic: channel || "(no topic)" };
  }
}

function nativeOf(data: Data, arg: string): string {
  return typeof data.symbol === "string" && data.symbol.length > 0 ? data.symbol : arg;
}

function sideOf(value: unknown): "buy" | "sell" | undefined {
  return value === "buy" ? "buy" : value === "sell" ? "sell" : undefined;
}

// ── trades ─────────────────────────────────────────────────────────────────────────────────────────────────────

// Trades and book changes are object literals (base fields first, then the event's own), not a spread of
// `eventBaseOf`: the spread was a tenth of a frame's decode time.

function tradeOf(
  data: Data,
  native: string,
  tsMs: number,
  context: ParseContext,
  channel: string,
): ParseOutcome {
  const price = toNumber(data.price);
  const size = toNumber(data.size);
  const side = sideOf(data.side);
  // Today the trade id equals the match sequence; 2021 spot frames carried hex ids, kept as sent.
  const tradeId = toId(data.tradeId) || toId(data.sequence);
  if (!native || !(price > 0) || !(size > 0) || !side || !tradeId || !isTime(tsMs)) return malformed(channel);
  return [tradeEventOf(context, native, tsMs, price, size, side, tradeId)];
}

function parseSpotMatch(data: Data, arg: string, context: ParseContext): ParseOutcome {
  return tradeOf(data, nativeOf(data, arg), msOfEpoch(data.time), context, "/market/match");
}

function parseFuturesExecution(data: Data, arg: string, context: ParseContext): ParseOutcome {
  return tradeOf(data, nativeOf(data, arg), msOfEpoch(data.ts), context, "/contractMarket/execution");
}

// ── books ──────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Spot changes `[price, size, sequence]`. A change with price "0" only advances the sequence ("If the price is 0,
 * ignore the messages and update the sequence"), so it is dropped while the update still counts in the chain.
 */
function levelsOfChanges(rows: unknown): Level[] | undefined {
  if (!Array.isArray(rows)) return undefined;
  const levels: Level[] = [];
  for (const row of rows) {
    if (!Array.isArray(row) || row.length < 2) return undefined;
    const price = toNumber(row[0]);
    const size = toNumber(row[1]);
    if (!Number.isFinite(price) || !Number.isFinite(size) || size < 0) return undefined;
    if (price > 0) levels.push([price, size]);
  }
  return levels;
}

function parseSpotLevel2(data: Data, arg: string, context: ParseContext): ParseOutcome {
  const native = nativeOf(data, arg);
  const firstSeq = toNumber(data.sequenceStart);
  const seq = toNumber(data.sequenceEnd);
  const changes = isRecord(data.changes) ? data.changes : undefined;
  const bids = levelsOfChanges(changes?.bids);
  const asks = levelsOfChanges(changes?.asks);
  if (!native || !Number.isFinite(firstSeq) || !Number.isFinite(seq) || !bids || !asks)
    return malformed("/market/level2");
  return [deltaOf(native, timeOr(data.time, context), bids, asks, seq, firstSeq, context)];
}

/** Futures: one change per message, `"price,side,size"`, its own sequence. */
function parseFuturesLevel2(data: Data, arg: string, context: ParseContext): ParseOutcome {
  const seq = toNumber(data.sequence);
  const parts = typeof data.change === "string" ? data.change.split(",") : [];
  const price = toNumber(parts[0]);
  const side = sideOf(parts[1]);
  const size = toNumber(parts[2]);
  if (!arg || !Number.isFinite(seq) || parts.length !== 3 || !side || !(price >= 0) || !(size >= 0))
    return malformed("/contractMarket/level2");
  return [futuresDeltaOf(arg, timeOr(data.timestamp, context), price, side, size, seq, context)];
}

// ── candles ────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Spot `[start, open, close, high, low, volume, turnover]`; futures the same places, but its `volume` is documented
 * as wrong, so futures read contracts from the last place and report no quote volume. KuCoin never marks a bar
 * final: a bar is closed once a newer one opens, and its last state is emitted again with `closed: true` from the
 * per-connection memory of the open bar.
 */
function parseCandles(
  channel: string,
  topic: string,
  data: Data,
  arg: string,
  context: ParseContext,
): ParseOutcome {
  const underscore = arg.lastIndexOf("_");
  const interval = underscore > 0 ? intervalOfCandleType(arg.slice(underscore + 1)) : undefined;
  const native = typeof data.symbol === "string" && data.symbol ? data.symbol : arg.slice(0, underscore);
  const row = data.candles;
  if (!interval || !native || !Array.isArray(row) || row.length < 7) return malformed(channel);
  const isFutures = channel === "/contractMarket/limitCandle";
  const openTimeMs = msOfEpoch(row[0]);
  const values = [
    toNumber(row[1]),
    toNumber(row[3]),
    toNumber(row[4]),
    toNumber(row[2]),
    toNumber(isFutures ? row[6] : row[5]),
  ] as const;
  if (!isTime(openTimeMs) || !values.every(Number.isFinite)) return malformed(channel);
  const [open, high, low, close, volume] = values;
  const kline: KlineEvent = {
    kind: "kline",
    ...eventBaseOf(context, native, timeOr(data.time, context)),
    interval,
    openTimeMs,
    open,
    high,
    low,
    close,
    volume,
    closed: false,
  };
  assignDefined(kline, {
    closeTimeMs: closeTimeOf(openTimeMs, interval),
    quoteVolume: isFutures ? undefined : toOptionalNumber(row[6]),
  });
  const key = `candle|${topic}`;
  const openBar = context.session.get(key) as KlineEvent | undefined;
  if (openBar && kline.openTimeMs < openBar.openTimeMs) return [{ ...kline, closed: true }];
  const events: MarketDataEvent[] = [];
  if (openBar && kline.openTimeMs > openBar.openTimeMs)
    events.push({ ...openBar, tsMs: kline.tsMs, recvTsUs: kline.recvTsUs, closed: true });
  context.session.set(key, kline);
  events.push(kline);
  return events;
}

// ── tickers ────────────────────────────────────────────────────────────────────────────────────────────────────

function parseSpotTicker(data: Data, arg: string, context: ParseContext): ParseOutcome {
  const native = nativeOf(data, arg);
  const last = toNumber(data.price);
  if (!native || !Number.isFinite(last)) return malformed("/market/ticker");
  // The docs example spells the field `Time`; sessions send `time`.
  const event: TickerEvent = {
    kind: "ticker",
    ...eventBaseOf(context, native, timeOr(data.time ?? data.Time, context)),
    last,
  };
  return [
    assignDefined(event, {
      bid: toOptionalNumber(data.bestBid),
      bidSize: toOptionalNumber(data.bestBidSize),
      ask: toOptionalNumber(data.bestAsk),
      askSize: toOptionalNumber(data.bestAskSize),
    }),
  ];
}

/** tickerV2: the top of the book only; KuCoin sends no last price on it. */
function parseFuturesTicker(data: Data, arg: string, context: ParseContext): ParseOutcome {
  const native = nativeOf(data, arg);
  const bid = toOptionalNumber(data.bestBidPrice);
  const ask = toOptionalNumber(data.bestAskPrice);
  const tsMs = msOfEpoch(data.ts);
  if (!native || (bid === undefined && ask === undefined) || !isTime(tsMs))
    return malformed("/contractMarket/tickerV2");
  const event: TickerEvent = { kind: "ticker", ...eventBaseOf(context, native, tsMs) };
  return [
    assignDefined(event, {
      bid,
      bidSize: toOptionalNumber(data.bestBidSize),
      ask,
      askSize: toOptionalNumber(data.bestAskSize),
    }),
  ];
}

// ── mark price and funding ─────────────────────────────────────────────────────────────────────────────────────

function parseInstrument(subject: string, data: Data, arg: string, context: ParseContext): ParseOutcome {
  if (!arg) return malformed("/contract/instrument");
  if (subject === "mark.index.price") {
    const markPrice = toNumber(data.markPrice);
    if (!Number.isFinite(markPrice)) return malformed("/contract/instrument mark.index.price");
    const mark: MarkPriceEvent = {
      kind: "mark_price",
      ...eventBaseOf(context, arg, timeOr(data.timestamp, context)),
      markPrice,
    };
    return [assignDefined(mark, { indexPrice: toOptionalNumber(data.indexPrice) })];
  }
  if (subject === "funding.rate") {
    const rate = toNumber(data.fundingRate);
    if (!Number.isFinite(rate)) return malformed("/contract/instrument funding.rate");
    if (toNumber(data.granularity) === PREDICTED_FUNDING_GRANULARITY_MS)
      return { kind: "ignored", reason: "predicted funding rate of the next period" };
    // `timestamp` names the funding period, not this push: the receive time stands in.
    const funding: FundingRateEvent = {
      kind: "funding_rate",
      ...eventBaseOf(context, arg, recvMsOf(context)),
      rate,
    };
    return [funding];
  }
  return { kind: "unmatched", topic: `/contract/instrument ${subject || "(no subject)"}` };
}

// ── errors ─────────────────────────────────────────────────────────────────────────────────────────────────────

function venueErrorOf(message: Data): Parsed {
  const code = toId(message.code);
  const text = typeof message.data === "string" ? message.data : "request failed";
  const id = toId(message.id);
  const reconnect = RECONNECT_CODES.has(code) && /token|ping/i.test(text);
  const parsed: Parsed = {
    kind: "venue-error",
    message: `${code ? `code ${code}: ` : ""}${text}${id ? ` (id ${id})` : ""}`,
    retryable: reconnect || RETRYABLE_RE.test(text),
  };
  if (reconnect) parsed.reconnect = true;
  return parsed;
}
