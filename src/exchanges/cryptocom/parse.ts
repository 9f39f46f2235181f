// Inbound Crypto.com market-data frame → Parsed (pure, never throws on venue input). `public/heartbeat` gets its
// `public/respond-heartbeat`; answers become acks or venue errors; `result.data` pushes become events of the
// instrument's own market (the ticker fans out to ticker and open interest; the index rides into the mark price).

import {
  type EventBase,
  type FundingRateEvent,
  INTERVAL_MS,
  type KlineEvent,
  type Level,
  type MarketDataEvent,
  type MarkPriceEvent,
  type OpenInterestEvent,
  type Side,
  type TickerEvent,
  type TradeEvent,
} from "../../core/index.ts";
import { type ParseContext, type Parsed, type ParseOutcome, toParsed } from "../_shared/adapter.ts";
import { nextMonthOpenMs } from "../_shared/bar-times.ts";
import { recvMsOf, tradeEventAt } from "../_shared/event-base.ts";
import {
  assignDefined,
  isRecord,
  isTime,
  parseJson,
  toId,
  toNumber,
  toOptionalNumber,
} from "../_shared/values.ts";
import { bookEventOf, oldestFirst, placeOf } from "./events.ts";
import { matchPushFrame } from "./fast-path.ts";
import { heartbeatReplyOf, intervalOfTimeframe } from "./subscribe.ts";
import { readCryptocomName, underlyingIndexOf } from "./symbols.ts";

// The pattern path, re-exported for the tests that hold it equal to the JSON.parse path.
export { matchPushFrame };

type Data = Record<string, unknown>;

/** Reason codes worth retrying: 40801 REQUEST_TIMEOUT, 42901 TOO_MANY_REQUESTS, 50001 ERR_INTERNAL. */
const RETRYABLE_CODES: ReadonlySet<number> = new Set([40801, 42901, 50001]);

const HOUR_MS = 3_600_000;
/** An index sample older (or newer) than the mark by more than this is not paired with it. */
const INDEX_PAIRING_MS = 5_000;
/** Quotes whose value in USD (`vv`) is the quote volume; other quotes (BTC, ETH, EUR) are not USD-valued. */
const USD_QUOTES: ReadonlySet<string> = new Set(["USD", "USDT", "USDC"]);
/** Older (API v2) trade frames sent `d` as a JSON number beyond 2^53; quoting it first keeps every digit. */
const BIG_TRADE_ID_RE = /"d":(\d{16,})/g;
const ID_JSON_RE = /"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")/;

export function parseCryptocomFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  // Book and trade pushes are matched whole; any other frame, and any surprise in one, takes the JSON.parse path.
  return matchPushFrame(frame, context) ?? parseCryptocomJson(frame, context);
}

/** JSON.parse of a frame, big trade ids quoted first; undefined when it is no JSON. */
function parseFrameJson(text: string): unknown {
  return parseJson(text.includes('"d":') ? text.replace(BIG_TRADE_ID_RE, '"d":"$1"') : text);
}

/** The JSON.parse path: every frame `parseCryptocomFrame` does not read in place (exported to check the two agree). */
export function parseCryptocomJson(frame: string, context: ParseContext): Parsed {
  let message = parseFrameJson(frame);
  if (message === undefined) {
    // Trimmed only here, off the path of every data frame: a blank frame, or one edged with whitespace JSON.parse
    // does not skip (`trim` removes more kinds).
    const text = frame.trim();
    if (text.length === 0) return { kind: "ignored", reason: "empty frame" };
    if (text.length !== frame.length) message = parseFrameJson(text);
    if (message === undefined) return { kind: "unmatched", topic: "(not json)" };
  }
  if (!isRecord(message)) return { kind: "unmatched", topic: "(not an object)" };

  if (message.method === "public/heartbeat") {
    // Searched in the frame as sent: trimming would not change what the pattern finds.
    const idJson = ID_JSON_RE.exec(frame)?.[1];
    return idJson ? { kind: "ping", reply: heartbeatReplyOf(idJson) } : { kind: "ping" };
  }
  if (message.method === "public/respond-heartbeat") return { kind: "ignored", reason: "heartbeat answer" };
  const code = message.code === undefined ? 0 : toNumber(message.code);
  if (code !== 0 || message.method === "ERROR") return venueErrorOf(message, code);
  const result = message.result;
  if (isRecord(result) && Array.isArray(result.data)) return toParsed(parsePush(result, context));
  if (message.method === "subscribe" || message.method === "unsubscribe") return ackOf(message);
  return { kind: "unmatched", topic: "(unknown frame)" };
}

function baseOf(native: string, tsMs: number, context: ParseContext): EventBase {
  const { account, symbol } = placeOf(native, context);
  return { exchange: context.exchange, account, symbol, tsMs, recvTsUs: context.recvTsUs };
}

function malformed(channel: string): ParseOutcome {
  return { kind: "unmatched", topic: `${channel} (malformed)` };
}

function textOf(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** A price or size that must be there: finite, else NaN (checked by the caller). */
function requiredNumber(value: unknown): number {
  const n = toNumber(value);
  return Number.isFinite(n) ? n : Number.NaN;
}

function parsePush(result: Data, context: ParseContext): ParseOutcome {
  const channel = textOf(result.channel) ?? "";
  const subscription = textOf(result.subscription) ?? "";
  const native = textOf(result.instrument_name);
  const items = result.data as unknown[];
  switch (channel) {
    case "book":
    case "book.update":
      return native ? parseBook(channel, native, items, context) : malformed(channel);
    case "trade":
      return parseTrades(native, items, context);
    case "ticker":
      return parseTickers(native, items, context);
    case "candlestick":
      return native
        ? parseCandles(native, subscription, result.interval, items, context)
        : malformed(channel);
    case "mark":
      return native ? parseMarks(native, items, context) : malformed(channel);
    case "index":
      return native ? keepIndex(native, items, context) : malformed(channel);
    case "funding":
      return native ? parseFunding(native, items, context) : malformed(channel);
    case "estimatedfunding":
      return { kind: "ignored", reason: "estimated funding of the next interval (no dig3 stream)" };
    case "settlement":
      return { kind: "ignored", reason: "settlement price (no dig3 stream)" };
    default:
      return { kind: "unmatched", topic: channel || "(empty channel)" };
  }
}

// ── book ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** `[price, quantity, orders]` rows → levels; undefined when any row is unusable (a book must not lose a level). */
export function toBookLevels(rows: unknown): Level[] | undefined {
  if (rows === undefined) return [];
  if (!Array.isArray(rows)) return undefined;
  const levels: Level[] = [];
  for (const row of rows) {
    if (!Array.isArray(row) || row.length < 2) return undefined;
    const price = requiredNumber(row[0]);
    const size = requiredNumber(row[1]);
    if (!(price > 0) || !(size >= 0)) return undefined;
    levels.push([price, size]);
  }
  return levels;
}

/**
 * `book` is the snapshot, `book.update` a delta: seq = `u` (older frames `s`), prevSeq = `pu`. The `cs` checksum is
 * left out of the event: the docs do not define its algorithm, so nothing could verify it.
 */
function parseBook(channel: string, native: string, items: unknown[], context: ParseContext): ParseOutcome {
  const isSnapshot = channel === "book";
  const events: MarketDataEvent[] = [];
  for (const item of items) {
    if (!isRecord(item)) return malformed(channel);
    const sides = isSnapshot ? item : item.update;
    if (!isRecord(sides)) return malformed(channel);
    const bids = toBookLevels(sides.bids);
    const asks = toBookLevels(sides.asks);
    const tsMs = toNumber(item.t);
    if (!bids || !asks || !isTime(tsMs)) return malformed(channel);
    if (isSnapshot && (!Array.isArray(sides.bids) || !Array.isArray(sides.asks))) return malformed(channel);
    const seq = toOptionalNumber(item.u ?? item.s);
    // A snapshot chains to nothing the client holds.
    const prevSeq = isSnapshot ? undefined : toOptionalNumber(item.pu);
    events.push(bookEventOf(native, tsMs, isSnapshot, bids, asks, seq, prevSeq, context));
  }
  if (events.length === 0) return { kind: "ignored", reason: "empty book push" };
  return events;
}

// ── trades ─────────────────────────────────────────────────────────────────────────────────────────────────────

function sideOf(value: unknown): Side | undefined {
  if (typeof value !== "string") return undefined;
  const upper = value.toUpperCase();
  return upper === "BUY" ? "buy" : upper === "SELL" ? "sell" : undefined;
}

/** One trade row (socket or REST) → TradeEvent; undefined when a field is unusable. `s` is the taker's side. */
export function tradeOf(row: Data, context: ParseContext, fallbackNative?: string): TradeEvent | undefined {
  const native = textOf(row.i) ?? fallbackNative;
  const price = requiredNumber(row.p);
  const size = requiredNumber(row.q);
  const tsMs = toNumber(row.t);
  const tradeId = toId(row.d);
  const side = sideOf(row.s);
  if (!native || !(price > 0) || !(size > 0) || !isTime(tsMs) || !tradeId || !side) return undefined;
  const place = placeOf(native, context);
  return tradeEventAt(context, place.account, place.symbol, tsMs, price, size, side, tradeId);
}

/**
 * Trade rows → trades, oldest first. The push (and REST) lists newest first, also among trades of one millisecond
 * (as the recordings show), so the list is reversed; a stable sort by time then fixes any row out of place.
 */
export function tradesOf(
  rows: readonly Data[],
  context: ParseContext,
  fallbackNative?: string,
): TradeEvent[] | undefined {
  const trades: TradeEvent[] = [];
  for (const row of rows) {
    const trade = tradeOf(row, context, fallbackNative);
    if (!trade) return undefined;
    trades.push(trade);
  }
  return oldestFirst(trades);
}

function parseTrades(native: string | undefined, items: unknown[], context: ParseContext): ParseOutcome {
  if (!items.every(isRecord)) return malformed("trade");
  const trades = tradesOf(items, context, native);
  if (!trades) return malformed("trade");
  if (trades.length === 0) return { kind: "ignored", reason: "empty trades push" };
  return trades;
}

// ── ticker and open interest ───────────────────────────────────────────────────────────────────────────────────

/**
 * The ticker of a `ticker` push item or a `public/get-tickers` row. `c` is a ratio in API v1 (0.0395 = +3.95 %);
 * the older v2 frames sent the absolute change as a JSON number, which is left out.
 */
export function tickerOf(
  item: Data,
  context: ParseContext,
  fallbackNative?: string,
): TickerEvent | undefined {
  const native = textOf(item.i) ?? fallbackNative;
  const tsMs = toNumber(item.t);
  if (!native || !isTime(tsMs)) return undefined;
  const event: TickerEvent = { kind: "ticker", ...baseOf(native, tsMs, context) };
  const change = typeof item.c === "string" ? toOptionalNumber(item.c) : undefined;
  const quote = readCryptocomName(native)?.quote;
  return assignDefined(event, {
    last: toOptionalNumber(item.a),
    bid: toOptionalNumber(item.b),
    bidSize: toOptionalNumber(item.bs),
    ask: toOptionalNumber(item.k),
    askSize: toOptionalNumber(item.ks),
    high24h: toOptionalNumber(item.h),
    low24h: toOptionalNumber(item.l),
    volume24h: toOptionalNumber(item.v),
    // `vv` is "volume value (in USD)": the quote volume only where the quote is USD or a USD stablecoin.
    quoteVolume24h: quote && USD_QUOTES.has(quote) ? toOptionalNumber(item.vv) : undefined,
    changePct24h: change === undefined ? undefined : Number((change * 100).toFixed(10)),
  });
}

/** Open interest of a derivative's ticker (`oi`, in contracts of one base unit), valued at the last trade. */
export function openInterestOf(item: Data, ticker: TickerEvent): OpenInterestEvent | undefined {
  if (ticker.account !== "linear") return undefined;
  const openInterest = toOptionalNumber(item.oi);
  if (openInterest === undefined) return undefined;
  const event: OpenInterestEvent = {
    kind: "open_interest",
    exchange: ticker.exchange,
    account: ticker.account,
    symbol: ticker.symbol,
    tsMs: ticker.tsMs,
    recvTsUs: ticker.recvTsUs,
    openInterest,
  };
  return assignDefined(event, {
    openInterestValue: ticker.last === undefined ? undefined : openInterest * ticker.last,
  });
}

function parseTickers(native: string | undefined, items: unknown[], context: ParseContext): ParseOutcome {
  const events: MarketDataEvent[] = [];
  for (const item of items) {
    if (!isRecord(item)) return malformed("ticker");
    const ticker = tickerOf(item, context, native);
    if (!ticker) return malformed("ticker");
    events.push(ticker);
    const openInterest = openInterestOf(item, ticker);
    if (openInterest) events.push(openInterest);
  }
  if (events.length === 0) return { kind: "ignored", reason: "empty ticker push" };
  return events;
}

// ── candlesticks ───────────────────────────────────────────────────────────────────────────────────────────────

/** First millisecond after the bar that opens at `openTimeMs` (calendar months for `1M`). */
export function barEndOf(openTimeMs: number, interval: string): number {
  if (interval === "1M") return nextMonthOpenMs(openTimeMs);
  return openTimeMs + (INTERVAL_MS[interval] ?? Number.NaN);
}

/** One candle row → a kline in progress (`closed: false`); undefined when a value is unusable. */
export function klineOf(
  row: Data,
  native: string,
  interval: string,
  tsMs: number,
  context: ParseContext,
): KlineEvent | undefined {
  const openTimeMs = toNumber(row.t);
  const values = [row.o, row.h, row.l, row.c, row.v].map(requiredNumber);
  const endMs = barEndOf(openTimeMs, interval);
  if (!isTime(openTimeMs) || !Number.isFinite(endMs) || !values.every(Number.isFinite)) return undefined;
  const [open, high, low, close, volume] = values as [number, number, number, number, number];
  return {
    kind: "kline",
    ...baseOf(native, tsMs, context),
    interval,
    openTimeMs,
    closeTimeMs: endMs - 1,
    open,
    high,
    low,
    close,
    volume,
    closed: false,
  };
}

/**
 * `candlestick.{timeframe}.{instrument}` → bars. The channel never says a bar is final: a bar is final once a later
 * one starts, so the session keeps the newest bar per channel and emits it once more with `closed: true` when a
 * later bar arrives (also within one push, which may list several bars). After a reconnect the session is empty
 * and the bar cut off by the outage is left to REST backfill.
 */
function parseCandles(
  native: string,
  subscription: string,
  intervalField: unknown,
  items: unknown[],
  context: ParseContext,
): ParseOutcome {
  const timeframe = subscription.split(".")[1] ?? (typeof intervalField === "string" ? intervalField : "");
  const interval = intervalOfTimeframe(timeframe);
  if (!interval) return { kind: "unmatched", topic: `candlestick.${timeframe}` };
  const recvMs = recvMsOf(context);
  const bars: KlineEvent[] = [];
  for (const item of items) {
    if (!isRecord(item)) return malformed("candlestick");
    const openTimeMs = toNumber(item.t);
    const bar = klineOf(item, native, interval, Math.max(openTimeMs, recvMs), context);
    if (!bar) return malformed("candlestick");
    bars.push(bar);
  }
  bars.sort((a, b) => a.openTimeMs - b.openTimeMs);
  const key = `cryptocom-kline|${subscription || `${timeframe}.${native}`}`;
  let held = context.session.get(key) as KlineEvent | undefined;
  let heldIsNew = false;
  const events: MarketDataEvent[] = [];
  for (const bar of bars) {
    if (held && bar.openTimeMs < held.openTimeMs) continue;
    if (held && bar.openTimeMs > held.openTimeMs) {
      events.push({ ...held, tsMs: bar.openTimeMs, recvTsUs: context.recvTsUs, closed: true });
    }
    held = bar;
    heldIsNew = true;
  }
  if (!held || !heldIsNew) return { kind: "ignored", reason: "candles older than the current bar" };
  context.session.set(key, held);
  events.push(held);
  return events;
}

// ── mark, index, funding ───────────────────────────────────────────────────────────────────────────────────────

interface IndexSample {
  value: number;
  tsMs: number;
}

function indexKeyOf(indexNative: string): string {
  return `cryptocom-index|${indexNative.toUpperCase()}`;
}

/** `index.{BTCUSD-INDEX}` feeds no stream of its own here: the newest value is kept for the mark price. */
function keepIndex(native: string, items: unknown[], context: ParseContext): ParseOutcome {
  for (const item of items) {
    if (!isRecord(item)) return malformed("index");
    const value = toNumber(item.v);
    const tsMs = toNumber(item.t);
    if (!Number.isFinite(value) || !isTime(tsMs)) return malformed("index");
    const key = indexKeyOf(native);
    const held = context.session.get(key) as IndexSample | undefined;
    if (!held || held.tsMs <= tsMs) context.session.set(key, { value, tsMs });
  }
  return { kind: "ignored", reason: "index price, kept for the mark price" };
}

function parseMarks(native: string, items: unknown[], context: ParseContext): ParseOutcome {
  const indexNative = underlyingIndexOf(native);
  const events: MarketDataEvent[] = [];
  for (const item of items) {
    if (!isRecord(item)) return malformed("mark");
    const markPrice = toNumber(item.v);
    const tsMs = toNumber(item.t);
    if (!Number.isFinite(markPrice) || !isTime(tsMs)) return malformed("mark");
    const event: MarkPriceEvent = { kind: "mark_price", ...baseOf(native, tsMs, context), markPrice };
    const index = indexNative
      ? (context.session.get(indexKeyOf(indexNative)) as IndexSample | undefined)
      : undefined;
    if (index && Math.abs(index.tsMs - tsMs) <= INDEX_PAIRING_MS) event.indexPrice = index.value;
    events.push(event);
  }
  if (events.length === 0) return { kind: "ignored", reason: "empty mark push" };
  return events;
}

/** A funding row: the hourly rate that settles at the end of the hour it was published in. */
export function fundingOf(item: Data, native: string, context: ParseContext): FundingRateEvent | undefined {
  const rate = toNumber(item.v);
  const tsMs = toNumber(item.t);
  if (!Number.isFinite(rate) || !isTime(tsMs)) return undefined;
  return {
    kind: "funding_rate",
    ...baseOf(native, tsMs, context),
    rate,
    nextFundingTsMs: Math.floor(tsMs / HOUR_MS) * HOUR_MS + HOUR_MS,
  };
}

function parseFunding(native: string, items: unknown[], context: ParseContext): ParseOutcome {
  const events: MarketDataEvent[] = [];
  for (const item of items) {
    const event = isRecord(item) ? fundingOf(item, native, context) : undefined;
    if (!event) return malformed("funding");
    events.push(event);
  }
  if (events.length === 0) return { kind: "ignored", reason: "empty funding push" };
  return events;
}

// ── answers and errors ─────────────────────────────────────────────────────────────────────────────────────────

function ackOf(message: Data): Parsed {
  const id = toId(message.id);
  const channel = textOf(message.channel);
  return {
    kind: "ack",
    note: `${message.method as string}${channel ? ` ${channel}` : ""}${id ? ` (id ${id})` : ""}`,
  };
}

function venueErrorOf(message: Data, code: number): Parsed {
  const text = textOf(message.message) ?? "request failed";
  const method = textOf(message.method);
  const channel = textOf(message.channel);
  const id = toId(message.id);
  const where = [method, channel, id ? `id ${id}` : undefined].filter(Boolean).join(", ");
  const codeText = Number.isFinite(code) ? `code ${code}: ` : "";
  return {
    kind: "venue-error",
    message: `${codeText}${text}${where ? ` (${where})` : ""}`,
    retryable: RETRYABLE_CODES.has(code),
  };
}
