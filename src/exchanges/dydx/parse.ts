// Inbound dYdX v4 indexer frame → Parsed (pure, never throws on venue input). Envelopes `connected`, `subscribed`,
// `unsubscribed`, `channel_data`, `channel_batch_data` (batched: `contents` is a list), `error`; channels
// v4_orderbook (uncrossed through book.ts), v4_trades (LIQUIDATED trades also give a liquidation), v4_candles (the
// previous bar closes when the next starts) and v4_markets fanned out into mark price, funding, open interest, ticker.
// Every message's `message_id` goes through sequence.ts; book events carry it as `seq` with the market's `prevSeq`.
// Book frames are read in place here (readDydxBookFrame, compact.ts), trade frames by fast-path.ts's walk; every
// other frame, and any those leave, by JSON.parse.
// Docs: https://docs.dydx.exchange/api_integration-indexer/indexer_websocket

import type { BookEvent, EventBase, KlineEvent, Level, MarketDataEvent, Side } from "../../core/index.ts";
import { type ParseContext, type Parsed, type ParseOutcome, toParsed } from "../_shared/adapter.ts";
import { recvMsOf } from "../_shared/event-base.ts";
import { PLAIN_TEXT, SHORT_INTEGER } from "../_shared/frame-patterns.ts";
import { jsonNumberRead, readJsonNumberAt } from "../_shared/json-number.ts";
import { isRecord, parseJson, toId, toNumber, toOptionalNumber } from "../_shared/values.ts";
import { CompactReader } from "./compact.ts";
import {
  applyLevels,
  type DydxShadowBooks,
  nextTick,
  resetShadow,
  shadowBooksOf,
  shadowOf,
  uncross,
} from "./book.ts";
import { pushTrade, symbolOfTicker } from "./events.ts";
import { observeFrameMessageId, readDydxTradesFrame, recentTickers } from "./fast-path.ts";
import { chainBook, type DydxSequenceState, observeMessageId, sequenceStateOf } from "./sequence.ts";
import { intervalOfResolution } from "./subscribe.ts";
import { isoMsOf } from "./time.ts";

type Data = Record<string, unknown>;

const HOUR_MS = 3_600_000;

const CLOSE_BRACE = 125;

export function parseDydxFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  // One look picks the reader: v4_trades data frames end `"}]}}` (batched `"}]}]}`), book data frames in `]` there.
  const read = isTradesShaped(frame)
    ? readDydxTradesFrame(frame, context)
    : readDydxBookFrame(frame, context);
  return read ?? parseDydxJson(frame, context);
}

/** `{"type":"c…` (a data frame) ending as trade rows do; any other frame is the book reader's to try. */
function isTradesShaped(frame: string): boolean {
  const length = frame.length;
  return (
    frame.charCodeAt(TYPE_AT) === 99 &&
    (frame.charCodeAt(length - 4) === CLOSE_BRACE || frame.charCodeAt(length - 5) === CLOSE_BRACE)
  );
}

/** The JSON.parse path: every frame `readDydxBookFrame` does not read (exported to check the two agree). */
export function parseDydxJson(frame: string, context: ParseContext): Parsed {
  const message = parseJson(frame);
  if (message === undefined) {
    // A blank frame is no JSON either: checking for one only here keeps `trim` off every data frame.
    if (frame.trim().length === 0) return { kind: "ignored", reason: "empty frame" };
    return { kind: "unmatched", topic: "(not json)" };
  }
  if (!isRecord(message) || typeof message.type !== "string")
    return { kind: "unmatched", topic: "(not json)" };
  const messageId = message.message_id;
  const seq =
    typeof messageId === "number" && Number.isInteger(messageId) && messageId >= 0 ? messageId : undefined;
  if (seq !== undefined) {
    const connectionId = typeof message.connection_id === "string" ? message.connection_id : undefined;
    observeMessageId(sequenceStateOf(context.session), connectionId, seq, recvMsOf(context));
  }
  const outcome = parseEnvelope(message, seq, context);
  return toParsed(outcome);
}

/** `seq`: the message's `message_id`, when it has a usable one. */
function parseEnvelope(message: Data, seq: number | undefined, context: ParseContext): ParseOutcome {
  const channel = typeof message.channel === "string" ? message.channel : "";
  const id = typeof message.id === "string" ? message.id : "";
  switch (message.type) {
    case "connected":
      return { kind: "ignored", reason: "connected" };
    case "unsubscribed":
      return { kind: "ack", note: `unsubscribed ${channel} ${id}`.trim() };
    case "error":
      return {
        kind: "venue-error",
        message: typeof message.message === "string" ? message.message : JSON.stringify(message),
        retryable: false,
      };
    case "subscribed":
      return parseSubscribed(channel, id, message.contents, seq, context);
    case "channel_data":
      return parseContents(channel, id, message.contents, seq, context);
    case "channel_batch_data":
      return parseBatch(channel, id, message.contents, seq, context);
    default:
      return { kind: "unmatched", topic: `${message.type} ${channel}`.trim() };
  }
}

/** `channel_batch_data`: a list of contents, one message id; the first that is no list of events is the outcome. */
function parseBatch(
  channel: string,
  id: string,
  batch: unknown,
  seq: number | undefined,
  context: ParseContext,
): ParseOutcome {
  if (!Array.isArray(batch)) return malformed(channel);
  const events: MarketDataEvent[] = [];
  for (const contents of batch) {
    const outcome = parseContents(channel, id, contents, seq, context);
    if (!Array.isArray(outcome)) return outcome;
    for (let i = 0; i < outcome.length; i++) events.push(outcome[i]!);
  }
  return events;
}

function malformed(channel: string): ParseOutcome {
  return { kind: "unmatched", topic: `${channel} (malformed)` };
}

function isV3(channel: string): boolean {
  return channel.startsWith("v3_");
}

function parseSubscribed(
  channel: string,
  id: string,
  contents: unknown,
  seq: number | undefined,
  context: ParseContext,
): ParseOutcome {
  if (isV3(channel)) return { kind: "unmatched", topic: `${channel} (dYdX v3, retired)` };
  switch (channel) {
    case "v4_orderbook":
      return isRecord(contents) && id ? parseBook(id, contents, seq, true, context) : malformed(channel);
    case "v4_markets":
      return isRecord(contents) && isRecord(contents.markets)
        ? parseMarkets(contents.markets, undefined, context)
        : malformed(channel);
    case "v4_trades":
    case "v4_candles":
      // The recent trades / candles sent with the ack are history (REST backfill covers it), not live events.
      return { kind: "ack", note: `subscribed ${channel} ${id}` };
    default:
      return { kind: "unmatched", topic: channel || "(no channel)" };
  }
}

function parseContents(
  channel: string,
  id: string,
  contents: unknown,
  seq: number | undefined,
  context: ParseContext,
): ParseOutcome {
  if (isV3(channel)) return { kind: "unmatched", topic: `${channel} (dYdX v3, retired)` };
  if (!isRecord(contents)) return malformed(channel);
  switch (channel) {
    case "v4_orderbook":
      return id ? parseBook(id, contents, seq, false, context) : malformed(channel);
    case "v4_trades":
      return id ? parseTrades(id, contents.trades, context) : malformed(channel);
    case "v4_candles":
      return parseCandle(id, contents, context);
    case "v4_markets":
      return parseMarketUpdate(contents, context);
    default:
      return { kind: "unmatched", topic: channel || "(no channel)" };
  }
}

function baseOf(ticker: string, tsMs: number, context: ParseContext): EventBase {
  return {
    exchange: context.exchange,
    account: "linear",
    symbol: symbolOfTicker(ticker, context),
    tsMs,
    recvTsUs: context.recvTsUs,
  };
}

function timeOf(text: unknown, context: ParseContext): number {
  const ms = typeof text === "string" ? isoMsOf(text) : Number.NaN;
  return Number.isFinite(ms) ? ms : recvMsOf(context);
}

// ── book ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** Snapshot rows `{price, size}`; update rows `[price, size]` (a third offset element, where sent, is ignored). */
export function toDydxLevels(rows: unknown): Level[] | undefined {
  if (rows === undefined) return [];
  if (!Array.isArray(rows)) return undefined;
  const levels: Level[] = [];
  for (const row of rows) {
    const price = toNumber(Array.isArray(row) ? row[0] : isRecord(row) ? row.price : undefined);
    const size = toNumber(Array.isArray(row) ? row[1] : isRecord(row) ? row.size : undefined);
    if (!Number.isFinite(price) || !Number.isFinite(size) || size < 0) return undefined;
    levels.push([price, size]);
  }
  return levels;
}

/** A v4_orderbook message on the JSON.parse path: the `subscribed` snapshot, or an update. */
function parseBook(
  ticker: string,
  contents: Data,
  seq: number | undefined,
  isSnapshot: boolean,
  context: ParseContext,
): ParseOutcome {
  const bids = toDydxLevels(contents.bids);
  const asks = toDydxLevels(contents.asks);
  if (!bids || !asks) return malformed("v4_orderbook");
  const state = seq === undefined ? undefined : sequenceStateOf(context.session);
  const books = shadowBooksOf(context.session);
  return [
    isSnapshot
      ? bookSnapshotOf(ticker, bids, asks, seq, state, books, context)
      : bookUpdateOf(ticker, bids, asks, seq, state, books, context),
  ];
}

/**
 * The snapshot event of `ticker`, its shadow book reset to it and its chain started: the JSON.parse path and the
 * scanner alike. One message, one logical time: a crossed snapshot cannot be uncrossed by message order and goes to
 * the tracker.
 */
function bookSnapshotOf(
  ticker: string,
  bids: Level[],
  asks: Level[],
  seq: number | undefined,
  state: DydxSequenceState | undefined,
  books: DydxShadowBooks,
  context: ParseContext,
): BookEvent {
  const book = resetShadow(books, ticker);
  const tick = nextTick(books);
  applyLevels(book.bids, bids, tick);
  applyLevels(book.asks, asks, tick);
  // One object literal per shape (with and without seq), keys in the order the events always had.
  if (seq === undefined) return unsequencedBookOf(ticker, "snapshot", bids, asks, context);
  chainBook(state!, ticker, seq, true);
  return {
    exchange: context.exchange,
    account: "linear",
    symbol: symbolOfTicker(ticker, context),
    tsMs: recvMsOf(context),
    recvTsUs: context.recvTsUs,
    kind: "book",
    type: "snapshot",
    bids,
    asks,
    seq,
  };
}

/** The delta event of `ticker`, uncrossed against its shadow book, chained (both paths, as `bookSnapshotOf`). */
function bookUpdateOf(
  ticker: string,
  bids: Level[],
  asks: Level[],
  seq: number | undefined,
  state: DydxSequenceState | undefined,
  books: DydxShadowBooks,
  context: ParseContext,
): BookEvent {
  const book = shadowOf(books, ticker);
  if (book) {
    const tick = nextTick(books);
    applyLevels(book.bids, bids, tick);
    applyLevels(book.asks, asks, tick);
    uncross(book, bids, asks);
  }
  if (seq === undefined) return unsequencedBookOf(ticker, "delta", bids, asks, context);
  return {
    exchange: context.exchange,
    account: "linear",
    symbol: symbolOfTicker(ticker, context),
    tsMs: recvMsOf(context),
    recvTsUs: context.recvTsUs,
    kind: "book",
    type: "delta",
    bids,
    asks,
    // Updates of one batch share its id: the second names the first as its predecessor, which the chain accepts.
    seq,
    prevSeq: chainBook(state!, ticker, seq, false),
  };
}

/** A book event of a message without a usable message id: no `seq` to carry. */
function unsequencedBookOf(
  ticker: string,
  type: "snapshot" | "delta",
  bids: Level[],
  asks: Level[],
  context: ParseContext,
): BookEvent {
  return {
    exchange: context.exchange,
    account: "linear",
    symbol: symbolOfTicker(ticker, context),
    tsMs: recvMsOf(context),
    recvTsUs: context.recvTsUs,
    kind: "book",
    type,
    bids,
    asks,
  };
}

// ── trades ─────────────────────────────────────────────────────────────────────────────────────────────────────

function sideOf(text: unknown): Side | undefined {
  if (text === "BUY") return "buy";
  if (text === "SELL") return "sell";
  return undefined;
}

export function toDydxTrades(
  ticker: string,
  rows: unknown,
  context: ParseContext,
): MarketDataEvent[] | undefined {
  if (!Array.isArray(rows)) return undefined;
  const events: MarketDataEvent[] = [];
  let symbol: string | undefined;
  for (const row of rows) {
    if (!isRecord(row)) return undefined;
    const side = sideOf(row.side);
    const price = toNumber(row.price);
    const size = toNumber(row.size);
    if (!side || !Number.isFinite(price) || !Number.isFinite(size)) return undefined;
    symbol ??= symbolOfTicker(ticker, context);
    pushTrade(
      events,
      symbol,
      timeOf(row.createdAt, context),
      price,
      size,
      side,
      toId(row.id),
      row.type === "LIQUIDATED",
      context,
    );
  }
  return events;
}

function parseTrades(ticker: string, rows: unknown, context: ParseContext): ParseOutcome {
  return toDydxTrades(ticker, rows, context) ?? malformed("v4_trades");
}

// ── book frames, read in place ─────────────────────────────────────────────────────────────────────────────────

const reader = new CompactReader();

/** A message id as the fast path takes it: a JSON integer of at most 15 digits (an exact double). */
const MESSAGE_ID = SHORT_INTEGER;

/**
 * The head of a v4_orderbook data frame up to its `contents` value, in the indexer's layout (`channel_batch_data`
 * for batched subscriptions, which dig3 makes; `channel_data` otherwise): validated whole by one native match, so
 * that its values are then found with `indexOf` alone. Nothing is captured.
 */
const DATA_HEAD = new RegExp(
  String.raw`\{"type":"channel_(?:batch_)?data","connection_id":"${PLAIN_TEXT}","message_id":${MESSAGE_ID},"id":"${PLAIN_TEXT}","channel":"v4_orderbook"(?:,"version":"${PLAIN_TEXT}")?,"contents":`,
  "y",
);

/** The `subscribed` reply of a book subscription (its snapshot), as `DATA_HEAD`: `channel` before `id`. */
const SUBSCRIBED_HEAD = new RegExp(
  String.raw`\{"type":"subscribed","connection_id":"${PLAIN_TEXT}","message_id":${MESSAGE_ID},"channel":"v4_orderbook","id":"${PLAIN_TEXT}"(?:,"version":"${PLAIN_TEXT}")?,"contents":`,
  "y",
);

/** Where each value of a head starts: after `"<type>` (the type's closing quote), then after each value's end. */
const CONNECTION_AFTER_TYPE = '","connection_id":"'.length;
const MESSAGE_ID_AFTER_CONNECTION = '","message_id":'.length;
const ID_AFTER_MESSAGE_ID = ',"id":"'.length;
const SUBSCRIBED_ID_AFTER_MESSAGE_ID = ',"channel":"v4_orderbook","id":"'.length;
/** Where the type's text starts: after `{"type":"`. */
const TYPE_AT = '{"type":"'.length;

/**
 * Book frames, nearly all of a book connection's traffic, read where they lie: v4_orderbook `channel_data` and
 * `channel_batch_data`, and the `subscribed` snapshot. The head is matched whole (`DATA_HEAD`, `SUBSCRIBED_HEAD`),
 * the contents read by `CompactReader`. Nothing is applied until the whole frame is read: anything the JSON.parse path
 * would read otherwise (another layout, escapes, odd values, malformed contents, other frames) returns undefined, and
 * the frame takes that path untouched. Trade frames are fast-path.ts's (JSON.parse of their contents alone, after
 * this head, measured slower than of the whole frame; the walk there is faster than both).
 */
export function readDydxBookFrame(frame: string, context: ParseContext): Parsed | undefined {
  // `{"type":"c…` or `{"type":"s…`, and a data frame that does not end as trade rows do (`…"}]}}`): a first look
  // keeps the match off other frames (a book frame it turns away still reads right, by JSON.parse).
  const typeLetter = frame.charCodeAt(TYPE_AT);
  const isSnapshot = typeLetter === 115;
  if (!isSnapshot && (typeLetter !== 99 || frame.charCodeAt(frame.length - 4) === CLOSE_BRACE))
    return undefined;
  const head = isSnapshot ? SUBSCRIBED_HEAD : DATA_HEAD;
  head.lastIndex = 0;
  if (!head.test(frame)) return undefined;

  const r = reader;
  r.reset(frame, head.lastIndex);
  const typeEnd = frame.indexOf('"', TYPE_AT);
  const isBatch = typeEnd - TYPE_AT === "channel_batch_data".length;
  // One change (`channel_data`, `subscribed`) or a list of them (`channel_batch_data`).
  const change = isBatch ? undefined : r.bookChange();
  const changes = isBatch ? r.bookChanges() : undefined;
  // The envelope ends with `contents`, and the frame with the envelope.
  if ((change ?? changes) === undefined || !r.expect(CLOSE_BRACE) || r.pos !== frame.length) return undefined;

  // The head is valid as a whole: its values lie between quotes, found by indexOf.
  const connectionStart = typeEnd + CONNECTION_AFTER_TYPE;
  const connectionEnd = frame.indexOf('"', connectionStart);
  const seq = readJsonNumberAt(frame, connectionEnd + MESSAGE_ID_AFTER_CONNECTION);
  const tickerStart =
    jsonNumberRead.end + (isSnapshot ? SUBSCRIBED_ID_AFTER_MESSAGE_ID : ID_AFTER_MESSAGE_ID);
  const ticker = recentTickers.at(frame, tickerStart, frame.indexOf('"', tickerStart));

  const state = observeFrameMessageId(frame, connectionStart, connectionEnd, seq, context);
  const books = shadowBooksOf(context.session);
  if (change !== undefined) {
    const event = isSnapshot
      ? bookSnapshotOf(ticker, change.bids, change.asks, seq, state, books, context)
      : bookUpdateOf(ticker, change.bids, change.asks, seq, state, books, context);
    return { kind: "events", events: [event] };
  }
  const events: MarketDataEvent[] = [];
  for (let i = 0; i < changes!.length; i++)
    events.push(bookUpdateOf(ticker, changes![i]!.bids, changes![i]!.asks, seq, state, books, context));
  return { kind: "events", events };
}

// ── candles ────────────────────────────────────────────────────────────────────────────────────────────────────

export function toDydxKline(row: unknown, context: ParseContext, closed: boolean): KlineEvent | undefined {
  if (!isRecord(row) || typeof row.ticker !== "string" || typeof row.resolution !== "string")
    return undefined;
  const interval = intervalOfResolution(row.resolution);
  const openTimeMs = typeof row.startedAt === "string" ? isoMsOf(row.startedAt) : Number.NaN;
  const open = toNumber(row.open);
  const high = toNumber(row.high);
  const low = toNumber(row.low);
  const close = toNumber(row.close);
  const volume = toNumber(row.baseTokenVolume);
  if (!interval || ![openTimeMs, open, high, low, close, volume].every(Number.isFinite)) return undefined;
  const kline: KlineEvent = {
    ...baseOf(row.ticker, openTimeMs, context),
    kind: "kline",
    interval,
    openTimeMs,
    open,
    high,
    low,
    close,
    volume,
    closed,
  };
  const quoteVolume = toOptionalNumber(row.usdVolume);
  if (quoteVolume !== undefined) kline.quoteVolume = quoteVolume;
  if (typeof row.trades === "number") kline.trades = row.trades;
  return kline;
}

function parseCandle(id: string, contents: Data, context: ParseContext): ParseOutcome {
  const kline = toDydxKline(contents, context, false);
  if (!kline) return malformed("v4_candles");
  const key = `dydx|candle|${id}`;
  const previous = context.session.get(key) as KlineEvent | undefined;
  context.session.set(key, kline);
  if (previous && previous.openTimeMs < kline.openTimeMs) return [{ ...previous, closed: true }, kline];
  return [kline];
}

// ── markets ────────────────────────────────────────────────────────────────────────────────────────────────────

/** Next hourly funding time after `tsMs`: v4 funding is paid every hour on the hour. */
export function nextFundingOf(tsMs: number): number {
  return (Math.floor(tsMs / HOUR_MS) + 1) * HOUR_MS;
}

function oracleKey(ticker: string): string {
  return `dydx|oracle|${ticker}`;
}

/**
 * One market's fields → events: oraclePrice → mark price (dYdX marks positions at the oracle price), nextFundingRate
 * → funding, openInterest → open interest (base units, valued at the oracle), 24 h stats → ticker.
 */
function marketEvents(ticker: string, fields: Data, tsMs: number, context: ParseContext): MarketDataEvent[] {
  const events: MarketDataEvent[] = [];
  const base = baseOf(ticker, tsMs, context);
  const oracle = toOptionalNumber(fields.oraclePrice);
  if (oracle !== undefined) {
    context.session.set(oracleKey(ticker), oracle);
    events.push({ ...base, kind: "mark_price", markPrice: oracle, indexPrice: oracle });
  }
  const known = oracle ?? (context.session.get(oracleKey(ticker)) as number | undefined);
  const rate = toOptionalNumber(fields.nextFundingRate);
  if (rate !== undefined)
    events.push({ ...base, kind: "funding_rate", rate, nextFundingTsMs: nextFundingOf(tsMs) });
  const openInterest = toOptionalNumber(fields.openInterest);
  if (openInterest !== undefined) {
    events.push(
      known !== undefined
        ? { ...base, kind: "open_interest", openInterest, openInterestValue: openInterest * known }
        : { ...base, kind: "open_interest", openInterest },
    );
  }
  const volume = toOptionalNumber(fields.volume24H);
  const change = toOptionalNumber(fields.priceChange24H);
  if (volume !== undefined || change !== undefined) {
    const ticker24: MarketDataEvent = { ...base, kind: "ticker" };
    if (volume !== undefined) ticker24.quoteVolume24h = volume;
    if (change !== undefined && known !== undefined && known !== change)
      ticker24.changePct24h = (change / (known - change)) * 100;
    events.push(ticker24);
  }
  return events;
}

function parseMarkets(markets: Data, tsMs: number | undefined, context: ParseContext): ParseOutcome {
  const events: MarketDataEvent[] = [];
  for (const [ticker, fields] of Object.entries(markets)) {
    if (!isRecord(fields)) continue;
    events.push(...marketEvents(ticker, fields, tsMs ?? recvMsOf(context), context));
  }
  return events;
}

function parseMarketUpdate(contents: Data, context: ParseContext): ParseOutcome {
  const events: MarketDataEvent[] = [];
  if (isRecord(contents.trading)) {
    const outcome = parseMarkets(contents.trading, undefined, context);
    if (Array.isArray(outcome)) events.push(...outcome);
  }
  if (isRecord(contents.oraclePrices)) {
    for (const [ticker, fields] of Object.entries(contents.oraclePrices)) {
      if (!isRecord(fields)) continue;
      events.push(
        ...marketEvents(
          ticker,
          { oraclePrice: fields.oraclePrice },
          timeOf(fields.effectiveAt, context),
          context,
        ),
      );
    }
  }
  if (!isRecord(contents.trading) && !isRecord(contents.oraclePrices))
    return { kind: "ignored", reason: "v4_markets: no trading or oracle update" };
  return events;
}
