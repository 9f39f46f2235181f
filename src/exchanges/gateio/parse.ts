// Inbound Gate.io frame → Parsed (pure, never throws on venue input). Request replies become acks or venue errors,
// `*.pong` a pong, `*.system` upgrade notices a reconnect request; data pushes of the spot and futures channels
// become events, a futures ticker fanning out into ticker, mark price, funding rate and open interest.

import {
  type EventBase,
  type FundingRateEvent,
  INTERVAL_MS,
  type KlineEvent,
  type Level,
  type LiquidationEvent,
  type MarketDataEvent,
  type MarkPriceEvent,
  type OpenInterestEvent,
  type Side,
  type TickerEvent,
} from "../../core/index.ts";
import { type ParseContext, type Parsed, type ParseOutcome, toParsed } from "../_shared/adapter.ts";
import {
  assignDefined,
  isRecord,
  parseJson,
  toId,
  toLevels,
  toNumber,
  toOptionalNumber,
} from "../_shared/values.ts";
import { gateBookOf, gateTradeOf, msOfGateTime, placeOf } from "./events.ts";
import { readHotFrame } from "./fast-path.ts";

/** The hot-frame reader, here too for the tests that hold it equal to the JSON.parse path. */
export { readHotFrame } from "./fast-path.ts";

type Data = Record<string, unknown>;

/** Code 3 is "server side error"; the others (bad request, bad argument, auth) will fail again. */
const RETRYABLE_CODES: ReadonlySet<number> = new Set([3]);
const RETRYABLE_RE = /too many|too frequent|rate limit|timeout|timed out|try again|busy|unavailable|upgrade/i;

export function parseGateFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  // Trades are matched whole and book updates read in place; any other frame, and any surprise in one, takes the
  // JSON.parse path.
  return readHotFrame(frame, context) ?? parseGateJson(frame, context);
}

/** The JSON.parse path: every frame `parseGateFrame` does not read in place (exported to check the two agree). */
export function parseGateJson(frame: string, context: ParseContext): Parsed {
  const message = parseJson(frame);
  if (message === undefined) {
    // A blank frame is no JSON either: checking for one only here keeps `trim` off every data frame.
    if (frame.trim().length === 0) return { kind: "ignored", reason: "empty frame" };
    return { kind: "unmatched", topic: "(not json)" };
  }
  if (!isRecord(message)) return { kind: "unmatched", topic: "(not an object)" };
  if (typeof message.channel !== "string" || message.channel.length === 0) {
    return isRecord(message.error)
      ? venueErrorOf(message, "")
      : { kind: "unmatched", topic: "(unknown frame)" };
  }
  const channel = message.channel;
  const event = typeof message.event === "string" ? message.event : "";
  if (channel.endsWith(".pong")) return { kind: "pong" };
  if (isRecord(message.error)) return venueErrorOf(message, channel);
  if (event === "subscribe" || event === "unsubscribe") return replyOf(message, channel, event);
  if (channel.endsWith(".system")) return systemNoticeOf(message.result);
  if (event !== "update" && event !== "all")
    return { kind: "ignored", reason: `${channel} event '${event}'` };
  return toParsed(parsePush(channel, message, context));
}

/** The push's own time: `time_ms`, else `time` in seconds. */
function frameTimeMs(message: Data): number | undefined {
  return msOfGateTime(message.time_ms) ?? msOfGateTime(message.time);
}

function malformed(channel: string): ParseOutcome {
  return { kind: "unmatched", topic: `${channel} (malformed)` };
}

function baseOf(native: string, tsMs: number, context: ParseContext): EventBase {
  const { account, symbol } = placeOf(native, context);
  return { exchange: context.exchange, account, symbol, tsMs, recvTsUs: context.recvTsUs };
}

function nativeOf(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** Parses one row of a push (a module function, not a closure made per frame). */
type RowParser = (
  channel: string,
  row: Data,
  frameMs: number | undefined,
  context: ParseContext,
) => ParseOutcome;

/**
 * Runs a row parser over a push's rows (futures send arrays, old servers arrays of arrays; spot one object): events
 * of all rows, or the first row's verdict when none has events.
 */
function eachRow(
  channel: string,
  result: unknown,
  frameMs: number | undefined,
  context: ParseContext,
  parseRow: RowParser,
): ParseOutcome {
  // One object: its outcome as it is (spot pushes one row per frame).
  if (isRecord(result)) return parseRow(channel, result, frameMs, context);
  if (!Array.isArray(result)) return malformed(channel);
  const events: MarketDataEvent[] = [];
  let verdict: ParseOutcome | undefined;
  let rows = 0;
  for (const item of result) {
    if (isRecord(item)) {
      rows++;
      verdict = collectRow(parseRow(channel, item, frameMs, context), events, verdict);
    } else if (Array.isArray(item)) {
      for (const nested of item) {
        if (!isRecord(nested)) continue;
        rows++;
        verdict = collectRow(parseRow(channel, nested, frameMs, context), events, verdict);
      }
    } else {
      return malformed(channel);
    }
  }
  if (rows === 0) return malformed(channel);
  return events.length > 0 || !verdict ? events : verdict;
}

/** Adds a row's events to `events`; the verdict so far, or this row's when it is the first. */
function collectRow(
  outcome: ParseOutcome,
  events: MarketDataEvent[],
  verdict: ParseOutcome | undefined,
): ParseOutcome | undefined {
  if (!Array.isArray(outcome)) return verdict ?? outcome;
  for (const event of outcome) events.push(event);
  return verdict;
}

function parsePush(channel: string, message: Data, context: ParseContext): ParseOutcome {
  const frameMs = frameTimeMs(message);
  const result = message.result;
  switch (channel) {
    case "spot.trades":
      return eachRow(channel, result, frameMs, context, parseSpotTrade);
    case "futures.trades":
      return eachRow(channel, result, frameMs, context, parseFuturesTrade);
    case "spot.order_book_update":
    case "futures.order_book_update":
      return isRecord(result) ? parseBookUpdate(channel, result, frameMs, context) : malformed(channel);
    case "spot.candlesticks":
    case "futures.candlesticks":
      return eachRow(channel, result, frameMs, context, parseCandle);
    case "spot.tickers":
      return eachRow(channel, result, frameMs, context, parseSpotTicker);
    case "futures.tickers":
      return eachRow(channel, result, frameMs, context, parseFuturesTicker);
    case "futures.public_liquidates":
      return eachRow(channel, result, frameMs, context, parseLiquidation);
    default:
      // book_ticker, order_book, obu, contract_stats …: channels dig3 does not subscribe to.
      return { kind: "unmatched", topic: channel };
  }
}

function sideOf(value: unknown): Side | undefined {
  return value === "buy" ? "buy" : value === "sell" ? "sell" : undefined;
}

function parseSpotTrade(
  channel: string,
  row: Data,
  _frameMs: number | undefined,
  context: ParseContext,
): ParseOutcome {
  const native = nativeOf(row.currency_pair);
  const price = toNumber(row.price);
  const size = toNumber(row.amount);
  const side = sideOf(row.side);
  const tradeId = toId(row.id);
  // `create_time_ms` is text with a fraction of a millisecond ("1606292218213.4578").
  const tsMs = msOfGateTime(row.create_time_ms) ?? msOfGateTime(row.create_time);
  if (!native || !(price > 0) || !(size > 0) || !side || !tradeId || tsMs === undefined)
    return malformed(channel);
  return [gateTradeOf(native, tsMs, price, size, side, tradeId, context)];
}

function parseFuturesTrade(
  channel: string,
  row: Data,
  _frameMs: number | undefined,
  context: ParseContext,
): ParseOutcome {
  const native = nativeOf(row.contract);
  const price = toNumber(row.price);
  const signed = toNumber(row.size);
  const tradeId = toId(row.id);
  const tsMs = msOfGateTime(row.create_time_ms) ?? msOfGateTime(row.create_time);
  if (!native || !(price > 0) || !Number.isFinite(signed) || signed === 0 || !tradeId || tsMs === undefined)
    return malformed(channel);
  // Insurance-fund and ADL takeovers of liquidations are not matched on the book (and not in Gate's candles).
  if (row.is_internal === true) return { kind: "ignored", reason: "internal trade (insurance fund / ADL)" };
  // Contracts; `quanto_multiplier` of the contract list converts them to base currency.
  return [gateTradeOf(native, tsMs, price, Math.abs(signed), signed > 0 ? "buy" : "sell", tradeId, context)];
}

/** Futures levels `{p, s}` (size a number, or text with `X-Gate-Size-Decimal`). */
function futuresLevelsOf(rows: unknown): Level[] | undefined {
  if (rows === undefined) return [];
  if (!Array.isArray(rows)) return undefined;
  const levels: Level[] = [];
  for (const row of rows) {
    if (!isRecord(row)) continue;
    const price = toNumber(row.p);
    const size = toNumber(row.s);
    if (Number.isFinite(price) && Number.isFinite(size)) levels.push([price, size]);
  }
  return levels;
}

function spotLevelsOf(rows: unknown): Level[] | undefined {
  if (rows === undefined) return [];
  return Array.isArray(rows) ? toLevels(rows) : undefined;
}

function parseBookUpdate(
  channel: string,
  result: Data,
  frameMs: number | undefined,
  context: ParseContext,
): ParseOutcome {
  const native = nativeOf(result.s);
  const firstSeq = toNumber(result.U);
  const seq = toNumber(result.u);
  const tsMs = msOfGateTime(result.t) ?? msOfGateTime(result.E) ?? frameMs;
  const isFutures = channel.startsWith("futures.");
  // Even a push without levels must move the book's id (futures docs), so missing sides read as empty.
  const bids = isFutures ? futuresLevelsOf(result.b) : spotLevelsOf(result.b);
  const asks = isFutures ? futuresLevelsOf(result.a) : spotLevelsOf(result.a);
  if (!native || !Number.isFinite(seq) || tsMs === undefined || !bids || !asks) return malformed(channel);
  // "full=true: the message holds the full depth and must replace the local book", whose id becomes `u`.
  if (result.full === true) return [gateBookOf(native, tsMs, bids, asks, seq, undefined, context)];
  if (!Number.isFinite(firstSeq)) return malformed(channel);
  return [gateBookOf(native, tsMs, bids, asks, seq, firstSeq, context)];
}

function parseCandle(
  channel: string,
  row: Data,
  frameMs: number | undefined,
  context: ParseContext,
): ParseOutcome {
  const name = nativeOf(row.n);
  const cut = name ? name.indexOf("_") : -1;
  if (!name || cut <= 0) return malformed(channel);
  const interval = name.slice(0, cut);
  const native = name.slice(cut + 1);
  // `1m_mark_BTC_USDT` / `1m_index_BTC_USDT`: mark and index bars, which dig3 does not subscribe to.
  if (/^(mark|index)_/i.test(native)) return { kind: "unmatched", topic: `${channel} (mark/index)` };
  const openTimeMs = msOfGateTime(row.t);
  const values = [toNumber(row.o), toNumber(row.h), toNumber(row.l), toNumber(row.c)] as const;
  const tsMs = frameMs ?? openTimeMs;
  if (openTimeMs === undefined || tsMs === undefined || !values.every(Number.isFinite))
    return malformed(channel);
  const [open, high, low, close] = values;
  const isFutures = channel.startsWith("futures.");
  // Spot: `a` is the base amount (frames before 2024 lack it: volume unknown, NaN) and `v` the quote volume.
  // Futures: `v` counts contracts, like the REST bars, so live and backfilled bars agree.
  const volume = isFutures ? toNumber(row.v) : toNumber(row.a);
  const event: KlineEvent = {
    kind: "kline",
    ...baseOf(native, tsMs, context),
    interval,
    openTimeMs,
    open,
    high,
    low,
    close,
    volume,
    closed: row.w === true,
  };
  const intervalMs = INTERVAL_MS[interval];
  return [
    assignDefined(event, {
      closeTimeMs: intervalMs !== undefined ? openTimeMs + intervalMs - 1 : undefined,
      quoteVolume: isFutures ? undefined : toOptionalNumber(row.v),
    }),
  ];
}

function parseSpotTicker(
  channel: string,
  row: Data,
  frameMs: number | undefined,
  context: ParseContext,
): ParseOutcome {
  const native = nativeOf(row.currency_pair);
  const last = toNumber(row.last);
  if (!native || !Number.isFinite(last) || frameMs === undefined) return malformed(channel);
  const event: TickerEvent = { kind: "ticker", ...baseOf(native, frameMs, context), last };
  return [
    assignDefined(event, {
      bid: toOptionalNumber(row.highest_bid),
      ask: toOptionalNumber(row.lowest_ask),
      high24h: toOptionalNumber(row.high_24h),
      low24h: toOptionalNumber(row.low_24h),
      volume24h: toOptionalNumber(row.base_volume),
      quoteVolume24h: toOptionalNumber(row.quote_volume),
      changePct24h: toOptionalNumber(row.change_percentage),
    }),
  ];
}

/** One futures ticker → ticker, mark price, funding rate and open interest (whichever it carries). */
function parseFuturesTicker(
  channel: string,
  row: Data,
  frameMs: number | undefined,
  context: ParseContext,
): ParseOutcome {
  const native = nativeOf(row.contract);
  const last = toNumber(row.last);
  const tsMs = msOfGateTime(row.t) ?? frameMs;
  if (!native || !Number.isFinite(last) || tsMs === undefined) return malformed(channel);
  const base = baseOf(native, tsMs, context);
  const ticker: TickerEvent = { kind: "ticker", ...base, last };
  const events: MarketDataEvent[] = [
    assignDefined(ticker, {
      bid: toOptionalNumber(row.highest_bid),
      ask: toOptionalNumber(row.lowest_ask),
      high24h: toOptionalNumber(row.high_24h),
      low24h: toOptionalNumber(row.low_24h),
      volume24h: toOptionalNumber(row.volume_24h_base),
      quoteVolume24h: toOptionalNumber(row.volume_24h_quote),
      changePct24h: toOptionalNumber(row.change_percentage),
    }),
  ];
  const markPrice = toNumber(row.mark_price);
  if (markPrice > 0) {
    const mark: MarkPriceEvent = { kind: "mark_price", ...base, markPrice };
    events.push(assignDefined(mark, { indexPrice: toOptionalNumber(row.index_price) }));
  }
  const rate = toOptionalNumber(row.funding_rate);
  if (rate !== undefined) {
    const funding: FundingRateEvent = { kind: "funding_rate", ...base, rate };
    events.push(funding);
  }
  const openInterest = toOptionalNumber(row.total_size);
  if (openInterest !== undefined) {
    // `total_size`: open interest in contracts.
    const interest: OpenInterestEvent = { kind: "open_interest", ...base, openInterest };
    events.push(interest);
  }
  return events;
}

function parseLiquidation(
  channel: string,
  row: Data,
  frameMs: number | undefined,
  context: ParseContext,
): ParseOutcome {
  const native = nativeOf(row.contract);
  const price = toNumber(row.price);
  const signed = toNumber(row.size);
  const tsMs = msOfGateTime(row.time_ms) ?? msOfGateTime(row.time) ?? frameMs;
  if (!native || !(price > 0) || !Number.isFinite(signed) || signed === 0 || tsMs === undefined)
    return malformed(channel);
  const event: LiquidationEvent = {
    kind: "liquidation",
    ...baseOf(native, tsMs, context),
    // The liquidation order's signed size: < 0 sells (a long position is closed).
    side: signed < 0 ? "sell" : "buy",
    price,
    // Contracts, so price × size is no value in any currency.
    size: Math.abs(signed),
  };
  return [event];
}

function replyOf(message: Data, channel: string, event: string): Parsed {
  const result = message.result;
  if (isRecord(result) && result.status !== undefined && result.status !== "success") {
    return {
      kind: "venue-error",
      message: `${channel} ${event} failed (status ${String(result.status)})`,
      retryable: false,
    };
  }
  const id = toId(message.id);
  return { kind: "ack", note: id ? `${channel} ${event} (request ${id})` : `${channel} ${event}` };
}

function venueErrorOf(message: Data, channel: string): Parsed {
  const error = message.error as Data;
  const code = toOptionalNumber(error.code);
  const text = typeof error.message === "string" ? error.message : "request failed";
  const id = toId(message.id);
  const where = [channel, typeof message.event === "string" ? message.event : "", id ? `request ${id}` : ""]
    .filter((part) => part.length > 0)
    .join(" ");
  return {
    kind: "venue-error",
    message: `${code === undefined ? "" : `code ${code}: `}${text}${where ? ` (${where})` : ""}`,
    retryable: (code !== undefined && RETRYABLE_CODES.has(code)) || RETRYABLE_RE.test(text),
  };
}

function systemNoticeOf(result: unknown): Parsed {
  if (!isRecord(result)) return { kind: "ignored", reason: "system notice without a result" };
  const type = typeof result.type === "string" ? result.type : "";
  const text = typeof result.msg === "string" ? result.msg : type;
  // "The connection will soon be closed for a service upgrade. Please reconnect."
  if (type === "upgrade") return { kind: "venue-error", message: text, retryable: true, reconnect: true };
  return { kind: "ignored", reason: `system notice ${type || "(untyped)"}: ${text}` };
}
