// Inbound KuCoin frame → Parsed (pure, never throws on venue input). `message` frames are routed by their topic's
// channel to normalized events; welcome, ack, pong and error frames become control verdicts; the rest is reported.

import type {
  BookEvent,
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
import { DECIMAL, INTEGER, PLAIN_TEXT } from "../_shared/frame-patterns.ts";
import { hasTextAt, RECENT_NATIVES, RecentStrings } from "../_shared/scan.ts";
import {
  assignDefined,
  isDigitsBetween,
  isPositiveFinite,
  isRecord,
  isTime,
  parseJson,
  readDecimalIn,
  toId,
  toNumber,
  toOptionalNumber,
} from "../_shared/values.ts";
import { intervalOfCandleType } from "./subscribe.ts";

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

/** `msOfEpoch` of digit text (at least one digit, nothing else). */
function msOfDigits(text: string): number {
  const length = text.length;
  if (length >= 18) return Number(text.slice(0, -6));
  if (length >= 15) return Number(text.slice(0, -3));
  if (length >= 12) return Number(text);
  return Number(text) * 1000;
}

/** `msOfEpoch` of a number. */
function msOfEpochNumber(n: number): number {
  if (!Number.isFinite(n) || n <= 0) return Number.NaN;
  if (n >= 1e17) return Math.floor(n / 1e6 + 1e-3);
  if (n >= 1e14) return Math.floor(n / 1e3 + 1e-6);
  if (n >= 1e11) return Math.floor(n);
  return n * 1000;
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

/** A book delta about `native` on the context's account. */
function deltaOf(
  native: string,
  tsMs: number,
  bids: Level[],
  asks: Level[],
  seq: number,
  firstSeq: number,
  context: ParseContext,
): BookEvent {
  return {
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
}

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

/** A futures change as a one-level delta (none for price 0, which only moves the sequence). */
function futuresDeltaOf(
  native: string,
  tsMs: number,
  price: number,
  side: "buy" | "sell",
  size: number,
  seq: number,
  context: ParseContext,
): BookEvent {
  const level: Level[] = price > 0 ? [[price, size]] : [];
  return deltaOf(native, tsMs, side === "buy" ? level : [], side === "sell" ? level : [], seq, seq, context);
}

// ── hot frames, matched whole ──────────────────────────────────────────────────────────────────────────────────

// Trades and book changes are matched by regular expressions in the layouts KuCoin sends (see
// `_shared/frame-patterns.ts`): an in-place scanner walks their many id strings slower than JSON.parse does, a pattern
// faster. KuCoin's key order changed over the years, so each channel has a pattern per layout seen: the push's head
// (`type`, `topic`, `subject`, [`sn`]) before `data`, or `data` first and the head after it (2021 sessions).

/** Any JSON string without escapes: the ids, tags and subjects the parser does not read. */
const TEXT = String.raw`"[^"\\\x00-\x1f]*"`;
/** A JSON number without sign or exponent, whose `Number` is the value JSON.parse gives. */
const NUMBER = String.raw`(?:0|[1-9]\d*)(?:\.\d+)?`;
/** Spot change rows `["price","size","sequence"]`, captured whole as one text (`changeRowsOf` reads it). */
const CHANGE_ROWS = String.raw`(?:\["${DECIMAL}","${DECIMAL}","\d+"\](?:,\["${DECIMAL}","${DECIMAL}","\d+"\])*)?`;
const SIDE = "(buy|sell)";
const HOT_CHANNELS = String.raw`\/market\/level2|\/market\/match|\/contractMarket\/level2|\/contractMarket\/execution`;

/** The head before `data`: `type` and `topic` in either order, `subject`, futures' `sn`; the topic's channel and arg. */
const PUSH_HEAD = new RegExp(
  String.raw`\{(?:"type":"message","topic":"(${HOT_CHANNELS}):(${PLAIN_TEXT})"|"topic":"(${HOT_CHANNELS}):(${PLAIN_TEXT})","type":"message"),"subject":${TEXT}(?:,"sn":${INTEGER})?,"data":`,
  "y",
);
/**
 * What follows `data` when it comes first (2021 spot sessions, keys in alphabetical order), to the frame's end: the
 * topic must name the channel whose layout `data` matched.
 */
const dataFirstTail = (channel: string) =>
  new RegExp(String.raw`,"subject":${TEXT},"topic":"${channel}:(${PLAIN_TEXT})","type":"message"\}$`, "y");
const LEVEL2_TAIL = dataFirstTail(String.raw`\/market\/level2`);
const MATCH_TAIL = dataFirstTail(String.raw`\/market\/match`);
const DATA_FIRST_HEAD = '{"data":';

/** One layout of a channel's `data` object: a sticky pattern, and where it captures each value. */
interface Layout<Groups> {
  pattern: RegExp;
  groups: Groups;
}

function layoutOf<Groups>(members: string, groups: Groups): Layout<Groups> {
  return { pattern: new RegExp(String.raw`\{${members}\}`, "y"), groups };
}

/** Where a trade layout captures each value; `timeIsText`: digit text (spot `time`), else a number (futures `ts`). */
interface TradeGroups {
  symbol: number;
  side: number;
  size: number;
  price: number;
  tradeId: number;
  time: number;
  timeIsText: boolean;
}

/**
 * Spot `/market/match` (`tradeId` always sent, so `sequence` is not read), in the three orders recorded: 2021, 2022,
 * and the docs' alphabetical one.
 */
const SPOT_MATCH_LAYOUTS: Layout<TradeGroups>[] = [
  layoutOf(
    String.raw`"symbol":"(${PLAIN_TEXT})","sequence":${TEXT},"side":"${SIDE}","size":"(${DECIMAL})","price":"(${DECIMAL})","takerOrderId":${TEXT},"time":"(\d+)","type":${TEXT},"makerOrderId":${TEXT},"tradeId":"(${PLAIN_TEXT})"`,
    { symbol: 1, side: 2, size: 3, price: 4, time: 5, tradeId: 6, timeIsText: true },
  ),
  layoutOf(
    String.raw`"symbol":"(${PLAIN_TEXT})","side":"${SIDE}","type":${TEXT},"makerOrderId":${TEXT},"sequence":${TEXT},"size":"(${DECIMAL})","price":"(${DECIMAL})","takerOrderId":${TEXT},"time":"(\d+)","tradeId":"(${PLAIN_TEXT})"`,
    { symbol: 1, side: 2, size: 3, price: 4, time: 5, tradeId: 6, timeIsText: true },
  ),
  layoutOf(
    String.raw`"makerOrderId":${TEXT},"price":"(${DECIMAL})","sequence":${TEXT},"side":"${SIDE}","size":"(${DECIMAL})","symbol":"(${PLAIN_TEXT})","takerOrderId":${TEXT},"time":"(\d+)","tradeId":"(${PLAIN_TEXT})","type":${TEXT}`,
    { price: 1, side: 2, size: 3, symbol: 4, time: 5, tradeId: 6, timeIsText: true },
  ),
];

/** Futures `/contractMarket/execution`: sizes are numbers (contracts), `ts` nanoseconds as a number. */
const EXECUTION_LAYOUTS: Layout<TradeGroups>[] = [
  layoutOf(
    `"symbol":"(${PLAIN_TEXT})","sequence":${INTEGER},"makerUserId":${TEXT},"side":"${SIDE}","size":(${NUMBER}),"price":"(${DECIMAL})","takerOrderId":${TEXT},"takerUserId":${TEXT},"makerOrderId":${TEXT},"tradeId":"(${PLAIN_TEXT})","ts":(${INTEGER})`,
    { symbol: 1, side: 2, size: 3, price: 4, tradeId: 5, time: 6, timeIsText: false },
  ),
];

/** Where a spot level2 layout captures each value (`time`, sent since 2023, is optional). */
interface Level2Groups {
  firstSeq: number;
  seq: number;
  symbol: number;
  asks: number;
  bids: number;
  time: number;
}

const CHANGES = String.raw`"changes":\{"asks":\[(${CHANGE_ROWS})\],"bids":\[(${CHANGE_ROWS})\]\}`;

/** Spot `/market/level2`, in the order of 2021–2022 sessions and the docs' alphabetical one. */
const LEVEL2_LAYOUTS: Layout<Level2Groups>[] = [
  layoutOf(
    `"sequenceStart":(${INTEGER}),"symbol":"(${PLAIN_TEXT})",${CHANGES},"sequenceEnd":(${INTEGER})(?:,"time":(${INTEGER}))?`,
    { firstSeq: 1, symbol: 2, asks: 3, bids: 4, seq: 5, time: 6 },
  ),
  layoutOf(
    `${CHANGES},"sequenceEnd":(${INTEGER}),"sequenceStart":(${INTEGER}),"symbol":"(${PLAIN_TEXT})"(?:,"time":(${INTEGER}))?`,
    { asks: 1, bids: 2, seq: 3, firstSeq: 4, symbol: 5, time: 6 },
  ),
];

/** Futures `/contractMarket/level2`: one change, `"price,side,size"`; the contract is the topic's. */
const FUTURES_LEVEL2_DATA = new RegExp(
  String.raw`\{"sequence":(${INTEGER}),"change":"(${DECIMAL}),${SIDE},(${DECIMAL})","timestamp":(${INTEGER})\}`,
  "y",
);

/** The native symbols pushes named lately, handed out again for an equal one (`RecentStrings`). */
const natives = new RecentStrings(RECENT_NATIVES);

/**
 * Spot `/market/level2` and `/market/match`, futures `/contractMarket/level2` and `/contractMarket/execution` pushes
 * in a layout KuCoin sends, matched whole (head, `data`, and the frame's end), to the events the JSON.parse path
 * builds. Any other frame (another key order, whitespace, an escape, a zero price, a frame with more members)
 * returns undefined and takes the JSON.parse path, which judges it.
 */
export function matchMessageFrame(frame: string, context: ParseContext): Parsed | undefined {
  const second = frame.charCodeAt(2);
  if (second === 116) {
    // `{"t…`: the head first; its topic says the channel.
    PUSH_HEAD.lastIndex = 0;
    const head = PUSH_HEAD.exec(frame);
    if (head === null) return undefined;
    const channel = head[1] ?? head[3]!;
    const arg = head[2] ?? head[4]!;
    const at = PUSH_HEAD.lastIndex;
    // The channels' names differ in length.
    switch (channel.length) {
      case 14: // /market/level2
        return matchLevel2(frame, at, arg, context);
      case 13: // /market/match
        return matchTrade(frame, at, SPOT_MATCH_LAYOUTS, MATCH_TAIL, arg, context);
      case 22: // /contractMarket/level2
        return matchFuturesLevel2(frame, at, arg, context);
      default: // /contractMarket/execution
        return matchTrade(frame, at, EXECUTION_LAYOUTS, undefined, arg, context);
    }
  }
  if (second !== 100 || !hasTextAt(frame, 0, DATA_FIRST_HEAD)) return undefined;
  // `{"data":…` (2021 spot sessions): the layout that matches says the channel, which the topic after it must name.
  const at = DATA_FIRST_HEAD.length;
  return (
    matchLevel2(frame, at, undefined, context) ??
    matchTrade(frame, at, SPOT_MATCH_LAYOUTS, MATCH_TAIL, undefined, context)
  );
}

/**
 * The topic's arg of a push whose `data` ended at `end`: with the head first (`headArg`), when the push ends there,
 * at the frame's end; with `data` first, from the head after it, matched by `tail` (which names the channel; none for
 * channels only sent head first). Else undefined.
 */
function argAfterData(
  frame: string,
  end: number,
  headArg: string | undefined,
  tail: RegExp | undefined,
): string | undefined {
  if (headArg !== undefined)
    return end === frame.length - 1 && frame.charCodeAt(end) === 125 ? headArg : undefined;
  if (tail === undefined) return undefined;
  tail.lastIndex = end;
  return tail.exec(frame)?.[1];
}

/** A trade push's `data` at `at` in one of `layouts`, to the event `tradeOf` builds. */
function matchTrade(
  frame: string,
  at: number,
  layouts: readonly Layout<TradeGroups>[],
  tail: RegExp | undefined,
  headArg: string | undefined,
  context: ParseContext,
): Parsed | undefined {
  for (const { pattern, groups } of layouts) {
    pattern.lastIndex = at;
    const match = pattern.exec(frame);
    if (match === null) continue;
    if (argAfterData(frame, pattern.lastIndex, headArg, tail) === undefined) return undefined;
    const price = Number(match[groups.price]);
    const size = Number(match[groups.size]);
    const time = match[groups.time]!;
    const tsMs = groups.timeIsText ? msOfDigits(time) : msOfEpochNumber(Number(time));
    // A zero or unbounded number, or no usable time: the JSON.parse path judges the trade.
    if (!isPositiveFinite(price) || !isPositiveFinite(size) || !isTime(tsMs)) return undefined;
    const native = natives.same(match[groups.symbol]!);
    const side = match[groups.side] === "buy" ? "buy" : "sell";
    const event = tradeEventOf(context, native, tsMs, price, size, side, match[groups.tradeId]!);
    return { kind: "events", events: [event] };
  }
  return undefined;
}

/** A spot level2 push's `data` at `at`, to the event `parseSpotLevel2` builds. */
function matchLevel2(
  frame: string,
  at: number,
  headArg: string | undefined,
  context: ParseContext,
): Parsed | undefined {
  for (const { pattern, groups } of LEVEL2_LAYOUTS) {
    pattern.lastIndex = at;
    const match = pattern.exec(frame);
    if (match === null) continue;
    if (argAfterData(frame, pattern.lastIndex, headArg, LEVEL2_TAIL) === undefined) return undefined;
    const bids = changeRowsOf(match[groups.bids]!);
    const asks = changeRowsOf(match[groups.asks]!);
    if (bids === undefined || asks === undefined) return undefined;
    const time = match[groups.time];
    const timeMs = time === undefined ? Number.NaN : msOfEpochNumber(Number(time));
    // No usable time (2021 frames send none): the receive time, as `timeOr`.
    const tsMs = isTime(timeMs) ? timeMs : recvMsOf(context);
    const seq = Number(match[groups.seq]);
    const firstSeq = Number(match[groups.firstSeq]);
    // Integers of hundreds of digits read as Infinity: the JSON.parse path judges them.
    if (!Number.isFinite(seq) || !Number.isFinite(firstSeq)) return undefined;
    const native = natives.same(match[groups.symbol]!);
    return { kind: "events", events: [deltaOf(native, tsMs, bids, asks, seq, firstSeq, context)] };
  }
  return undefined;
}

/** A futures level2 push's `data` at `at`, to the event `parseFuturesLevel2` builds. */
function matchFuturesLevel2(
  frame: string,
  at: number,
  arg: string,
  context: ParseContext,
): Parsed | undefined {
  const pattern = FUTURES_LEVEL2_DATA;
  pattern.lastIndex = at;
  const match = pattern.exec(frame);
  if (match === null || argAfterData(frame, pattern.lastIndex, arg, undefined) === undefined)
    return undefined;
  const seq = Number(match[1]);
  const price = Number(match[2]);
  const size = Number(match[4]);
  // Numbers of hundreds of digits read as Infinity: the JSON.parse path judges them.
  if (!Number.isFinite(seq) || !Number.isFinite(price) || !Number.isFinite(size)) return undefined;
  const timeMs = msOfEpochNumber(Number(match[5]));
  const tsMs = isTime(timeMs) ? timeMs : recvMsOf(context);
  const side = match[3] === "buy" ? "buy" : "sell";
  const event = futuresDeltaOf(natives.same(arg), tsMs, price, side, size, seq, context);
  return { kind: "events", events: [event] };
}

/**
 * Change rows matched by CHANGE_ROWS (`["price","size","sequence"],…`, decimals without sign) as `levelsOfChanges`
 * reads them: price-0 rows dropped. Undefined for a number too long to be finite (the JSON.parse path judges it).
 */
function changeRowsOf(rows: string): Level[] | undefined {
  const levels: Level[] = [];
  // Each row: `["` price `","` size `","` sequence `"]`, then `,` or the end.
  let pos = 0;
  while (pos < rows.length) {
    const priceStart = pos + 2;
    const priceEnd = rows.indexOf('"', priceStart);
    const sizeStart = priceEnd + 3;
    const sizeEnd = rows.indexOf('"', sizeStart);
    const price = readDecimalIn(rows, priceStart, priceEnd);
    const size = readDecimalIn(rows, sizeStart, sizeEnd);
    if (!Number.isFinite(price) || !Number.isFinite(size)) return undefined;
    if (price > 0) levels.push([price, size]);
    // Past the sequence's closing quote, `]` and the comma.
    pos = rows.indexOf('"', sizeEnd + 3) + 3;
  }
  return levels;
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
