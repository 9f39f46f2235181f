// Inbound Bitget frame → Parsed (pure, never throws on venue input). The text `pong` is answered before JSON; `event`
// frames are acks and errors; `{action, arg, data}` pushes of the v3 (UTA) socket become events, and so do the classic
// v2 and retired v1 pushes that recordings hold where their shape carries what an event needs.

import {
  type Account,
  type BookEvent,
  type EventBase,
  type FundingRateEvent,
  formatCanonical,
  type KlineEvent,
  type LiquidationEvent,
  type MarketDataEvent,
  type MarkPriceEvent,
  type OpenInterestEvent,
  type Side,
  type TickerEvent,
  type TradeEvent,
  withAccountSettle,
} from "../../core/index.ts";
import { type ParseContext, type Parsed, type ParseOutcome, toParsed } from "../_shared/adapter.ts";
import { recvMsOf, tradeEventAt } from "../_shared/event-base.ts";
import { ANY_PLAIN_TEXT, DECIMAL, INTEGER, PLAIN_TEXT, TIME_MS } from "../_shared/frame-patterns.ts";
import { RECENT_NATIVES, RecentStrings } from "../_shared/scan.ts";
import {
  assignDefined,
  isRecord,
  isTime,
  parseJson,
  toId,
  toLevels,
  toNumber,
  toOptionalNumber,
} from "../_shared/values.ts";
import { canonicalIntervalOf } from "./subscribe.ts";
import { accountOfInstType, fromBitgetNative } from "./symbols.ts";

type Data = Record<string, unknown>;

/** Where a push's instrument belongs and what it is called. */
interface Place {
  account: Account;
  native: string;
  symbol: string;
}

/** 30006 "too many requests", 30007 "request over limit, connection close": worth retrying later. */
const RETRYABLE_CODES: ReadonlySet<string> = new Set(["30006", "30007"]);
const RETRYABLE_RE = /too many|too frequent|over limit|busy|timeout|timed out|try again|maintenance/i;

const INTERVAL_MS: Readonly<Record<string, number>> = {
  "1m": 60_000,
  "3m": 180_000,
  "5m": 300_000,
  "15m": 900_000,
  "30m": 1_800_000,
  "1h": 3_600_000,
  "4h": 14_400_000,
  "6h": 21_600_000,
  "12h": 43_200_000,
  "1d": 86_400_000,
};

/** Length of a canonical interval Bitget serves, in ms (NaN for others). */
export function intervalMsOf(interval: string): number {
  return INTERVAL_MS[interval] ?? Number.NaN;
}

export function parseBitgetFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  return matchTradeFrame(frame, context) ?? parseBitgetJson(frame, context);
}

/** The JSON.parse path: every frame `parseBitgetFrame` does not match whole (exported to check the two agree). */
export function parseBitgetJson(frame: string, context: ParseContext): Parsed {
  const message = parseJson(frame);
  return message === undefined ? parseNonJson(frame, context) : parseMessage(message, context);
}

/**
 * A frame JSON.parse refused: blank, the bare texts `pong` and `ping`, or JSON wrapped in characters `trim` strips
 * and JSON does not (a byte-order mark). Trimming only here keeps `trim` off every data frame.
 */
function parseNonJson(frame: string, context: ParseContext): Parsed {
  const text = frame.trim();
  if (text.length === 0) return { kind: "ignored", reason: "empty frame" };
  // The answer to our text `ping` is the bare text `pong`, not JSON.
  if (text === "pong") return { kind: "pong" };
  if (text === "ping") return { kind: "ping", reply: "pong" };
  const message = text.length === frame.length ? undefined : parseJson(text);
  if (message === undefined) return { kind: "unmatched", topic: "(not json)" };
  return parseMessage(message, context);
}

function parseMessage(message: unknown, context: ParseContext): Parsed {
  if (!isRecord(message)) return { kind: "unmatched", topic: "(not an object)" };
  if (typeof message.event === "string") return parseEvent(message);
  if (isRecord(message.arg) && Array.isArray(message.data)) return toParsed(parsePush(message, context));
  return { kind: "unmatched", topic: "(unknown frame)" };
}

/** Text of a venue string field, undefined when absent or empty. */
export function textOf(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** A price or size that must be positive; undefined for "", "0" or garbage (an empty best bid, a delivery's rate). */
export function positiveOf(value: unknown): number | undefined {
  const n = toOptionalNumber(value);
  return n !== undefined && n > 0 ? n : undefined;
}

/**
 * Where a native belongs: the account its product type names (a live socket carries one account; recordings mix
 * them), its canonical name from the context when that is the context's account, else from Bitget's naming rules.
 */
export function placeOf(native: string, instType: unknown, context: ParseContext): Place {
  const account = accountOfInstType(instType, native) ?? context.account;
  if (account === context.account) return { account, native, symbol: context.symbolOf(native) };
  const parts = fromBitgetNative(native, account);
  return { account, native, symbol: parts ? formatCanonical(withAccountSettle(parts, account)) : native };
}

function baseOf(place: Place, tsMs: number, context: ParseContext): EventBase {
  return {
    exchange: context.exchange,
    account: place.account,
    symbol: place.symbol,
    tsMs,
    recvTsUs: context.recvTsUs,
  };
}

function malformed(topic: string): ParseOutcome {
  return { kind: "unmatched", topic: `${topic} (malformed)` };
}

function sideOf(value: unknown): Side | undefined {
  const text = typeof value === "string" ? value.toLowerCase() : "";
  return text === "buy" ? "buy" : text === "sell" ? "sell" : undefined;
}

// ── control ────────────────────────────────────────────────────────────────────────────────────────────────────

function parseEvent(message: Data): Parsed {
  const event = message.event as string;
  const arg = isRecord(message.arg) ? message.arg : undefined;
  const what = arg
    ? [arg.topic ?? arg.channel, arg.symbol ?? arg.instId ?? arg.instType, arg.interval]
        .filter(Boolean)
        .join(" ")
    : "";
  const code = toId(message.code);
  const text = typeof message.msg === "string" ? message.msg : "";
  switch (event) {
    case "subscribe":
    case "unsubscribe":
    case "login":
      return { kind: "ack", note: `${event} ${what}`.trim() };
    case "error":
      return {
        kind: "venue-error",
        message: `code ${code || "?"}: ${text || "error"}${what ? ` (${what})` : ""}`,
        retryable: RETRYABLE_CODES.has(code) || RETRYABLE_RE.test(text),
      };
    default:
      return { kind: "ignored", reason: `event ${event}` };
  }
}

// ── pushes ─────────────────────────────────────────────────────────────────────────────────────────────────────

function parsePush(message: Data, context: ParseContext): ParseOutcome {
  const arg = message.arg as Data;
  // v3 names the channel `topic` and the instrument `symbol`; v2 and v1 `channel` and `instId`.
  const topic = textOf(arg.topic) ?? textOf(arg.channel) ?? "";
  const native = textOf(arg.symbol) ?? textOf(arg.instId) ?? "";
  const rows = message.data as unknown[];
  switch (topic) {
    case "books":
      return parseBooks(message, native, context);
    case "publicTrade":
    case "trade":
      return parseTrades(topic, message, native, context);
    case "ticker":
      return parseTicker(message, native, context);
    case "kline":
      return parseKlines(topic, message, native, canonicalIntervalOf(textOf(arg.interval) ?? ""), context);
    case "liquidation":
      return parseLiquidations(rows, arg, message, context);
    default:
      if (topic.startsWith("candle"))
        return parseKlines(
          topic,
          message,
          native,
          canonicalIntervalOf(topic.slice("candle".length)),
          context,
        );
      // books1/books5/books15/books50 (depth snapshots), index and private channels: not dig3's streams.
      return { kind: "unmatched", topic: topic || "(no topic)" };
  }
}

// ── books ──────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * `books` of every version: v3 rows `{a, b, checksum, seq, pseq, ts}`, v2 and v1 rows `{asks, bids, checksum[, seq,
 * pseq], ts}`. Levels keep the venue text, which the checksum hashes. Snapshots of v2/v3 carry `checksum: 0`, which is
 * no checksum (v1 snapshots carried a real one).
 */
function parseBooks(message: Data, native: string, context: ParseContext): ParseOutcome {
  const action = message.action;
  if (action !== "snapshot" && action !== "update") return malformed("books");
  const arg = message.arg as Data;
  const events: MarketDataEvent[] = [];
  for (const row of message.data as unknown[]) {
    if (!isRecord(row) || !native) return malformed("books");
    const asks = row.a ?? row.asks;
    const bids = row.b ?? row.bids;
    const sentMs = toNumber(row.ts);
    const tsMs = isTime(sentMs) ? sentMs : toNumber(message.ts);
    if (!Array.isArray(asks) || !Array.isArray(bids) || !isTime(tsMs)) return malformed("books");
    const place = placeOf(native, arg.instType, context);
    const isSnapshot = action === "snapshot";
    const event: BookEvent = {
      kind: "book",
      ...baseOf(place, tsMs, context),
      type: isSnapshot ? "snapshot" : "delta",
      bids: toLevels(bids, true),
      asks: toLevels(asks, true),
    };
    const checksum = toOptionalNumber(row.checksum);
    const { seq, prevSeq } = sequenceOf(place, isSnapshot, row, context);
    events.push(
      assignDefined(event, { seq, prevSeq, checksum: isSnapshot && checksum === 0 ? undefined : checksum }),
    );
  }
  return events.length > 0 ? events : { kind: "ignored", reason: "books: empty data" };
}

interface SequenceState {
  /** Added to the venue's numbers since its last reset on this connection. */
  shift: number;
  /** The last (shifted) seq emitted for the instrument. */
  last: number;
}

/**
 * `seq` / `pseq` of a book push, kept increasing across a venue reset. "In cases such as system releases or service
 * restarts, the serial numbers may be reset … users will most likely receive a push message with pseq=0. After the
 * reset, all subsequent messages will continue to be ordered normally." Raw numbers would make every later update
 * look older than the book and break the chain for good; from a reset until the next snapshot on this connection the
 * numbers are shifted so the reset push chains to the last one, and the checksum still vouches for each update.
 */
function sequenceOf(
  place: Place,
  isSnapshot: boolean,
  row: Data,
  context: ParseContext,
): { seq?: number; prevSeq?: number } {
  const key = `bitget-seq|${place.account}|${place.native}`;
  const seq = toOptionalNumber(row.seq);
  const pseq = toOptionalNumber(row.pseq);
  if (seq === undefined) return {};
  const state = context.session.get(key) as SequenceState | undefined;
  if (isSnapshot) {
    context.session.set(key, { shift: 0, last: seq });
    // A snapshot's pseq is 0: nothing to chain to.
    return { seq };
  }
  if (pseq === undefined) return { seq };
  if (!state) return { seq, prevSeq: pseq };
  if (pseq === 0) state.shift = state.last + 1 - seq;
  const shifted = { seq: seq + state.shift, prevSeq: pseq === 0 ? state.last : pseq + state.shift };
  state.last = shifted.seq;
  return shifted;
}

// ── trades ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** Numeric-text ids compare by length, then by text (snowflake ids exceed 2^53). */
function compareIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

/**
 * v3 `publicTrade` rows `{i, p, v, S, T}` and v2 `trade` rows `{tradeId, price, size, side, ts}`, oldest first. The
 * snapshot sent on subscribe repeats fills from before it (REST backfill's job), so only updates are live trades.
 * v1 rows (`[ts, price, size, side]`) carry no trade id and are not read.
 */
function parseTrades(topic: string, message: Data, native: string, context: ParseContext): ParseOutcome {
  const rows = message.data as unknown[];
  if (rows.length > 0 && Array.isArray(rows[0]))
    return { kind: "ignored", reason: `${topic}: v1 trade rows carry no trade id` };
  if (message.action === "snapshot")
    return { kind: "ignored", reason: `${topic}: snapshot of fills from before the subscription` };
  if (message.action !== "update" || !native) return malformed(topic);
  const place = placeOf(tradeNatives.same(native), (message.arg as Data).instType, context);
  const trades: TradeEvent[] = [];
  for (const row of rows) {
    if (!isRecord(row)) return malformed(topic);
    const price = toNumber(row.p ?? row.price);
    const size = toNumber(row.v ?? row.size);
    const tsMs = toNumber(row.T ?? row.ts);
    const tradeId = toId(row.i ?? row.tradeId);
    const side = sideOf(row.S ?? row.side);
    if (!(price > 0) || !(size > 0) || !isTime(tsMs) || !tradeId || !side) return malformed(topic);
    trades.push(tradeEventAt(context, place.account, place.symbol, tsMs, price, size, side, tradeId));
  }
  if (trades.length === 0) return { kind: "ignored", reason: `${topic}: empty data` };
  return inTradeOrder(trades);
}

function compareTrades(a: TradeEvent, b: TradeEvent): number {
  return a.tsMs - b.tsMs || compareIds(a.tradeId, b.tradeId);
}

/** Trades oldest first: rows usually come so, and one pass finds that; only others are sorted (stable, as before). */
function inTradeOrder(trades: TradeEvent[]): TradeEvent[] {
  for (let i = 1; i < trades.length; i++) {
    if (compareTrades(trades[i - 1]!, trades[i]!) > 0) return trades.sort(compareTrades);
  }
  return trades;
}

// ── trade pushes matched whole ─────────────────────────────────────────────────────────────────────────────────

/**
 * `{"action":"update","arg":{…},"data":[` of v2 `trade` (`instType`, `channel`, `instId`) or v3 `publicTrade`
 * (`instType`, `topic`, `symbol`): product type and symbol captured. Snapshots are not matched (the JSON path
 * ignores them).
 */
const HEAD_PATTERN = String.raw`\{"action":"update","arg":\{"instType":"(${PLAIN_TEXT})",(?:"channel":"trade","instId"|"topic":"publicTrade","symbol"):"(${PLAIN_TEXT})"\},"data":\[`;
const HEAD_GROUPS = 2;

/**
 * One row, v2 `{ts, price, size, side, tradeId}` or v3 `{i, p, v, S, T[, L][, isRPI]}`, in Bitget's order. Numbers are
 * plain decimal text, as the JSON path reads them; sides other than lower-case `buy`/`sell` do not match.
 */
const ROW_PATTERN =
  String.raw`\{"ts":"(${TIME_MS})","price":"(${DECIMAL})","size":"(${DECIMAL})","side":"(buy|sell)","tradeId":"(${PLAIN_TEXT})"\}` +
  String.raw`|\{"i":"(${PLAIN_TEXT})","p":"(${DECIMAL})","v":"(${DECIMAL})","S":"(buy|sell)","T":"(${TIME_MS})"(?:,"L":"${ANY_PLAIN_TEXT}")?(?:,"isRPI":"${ANY_PLAIN_TEXT}")?\}`;
/** Where ROW_PATTERN captures each value of one layout (after `offset` groups before it). */
const V2_ROW = { tsMs: 1, price: 2, size: 3, side: 4, id: 5 } as const;
const V3_ROW = { id: 6, price: 7, size: 8, side: 9, tsMs: 10 } as const;

/** `]}` or `],"ts":<ms>}`, the end of the frame. */
const TAIL_PATTERN = String.raw`\](?:,"ts":${INTEGER})?\}$`;

/** A push of one row matched whole, the usual case: one pattern run instead of three. */
const ONE_ROW_FRAME = new RegExp(`^${HEAD_PATTERN}(?:${ROW_PATTERN})${TAIL_PATTERN}`);
/** A push of any number of rows: the head, then row after row from where the last one ended, then the tail. */
const TRADE_HEAD = new RegExp(HEAD_PATTERN, "y");
const TRADE_ROW = new RegExp(ROW_PATTERN, "y");
const TRADE_TAIL = new RegExp(TAIL_PATTERN, "y");
const COMMA = 44;

/**
 * The symbols trade pushes named lately, handed out again for an equal one: `symbolOf` then does not hash a new
 * string per frame.
 */
const tradeNatives = new RecentStrings(RECENT_NATIVES);

/**
 * A v2 `trade` or v3 `publicTrade` update in the exact layout Bitget sends (no whitespace, keys in its order), matched
 * by patterns (see `_shared/frame-patterns.ts`), to the events `parseTrades` builds. Anything else (other key order,
 * whitespace, escapes, another side spelling, a zero price or size, no row at all) returns undefined and takes the
 * JSON.parse path, which judges it. Skips building the JSON tree, the larger part of this frame's decode.
 */
export function matchTradeFrame(frame: string, context: ParseContext): Parsed | undefined {
  const whole = ONE_ROW_FRAME.exec(frame);
  if (whole !== null) {
    const trade = tradeOfMatch(whole, HEAD_GROUPS, placeOfMatch(whole, context), context);
    return trade && { kind: "events", events: [trade] };
  }
  TRADE_HEAD.lastIndex = 0;
  const head = TRADE_HEAD.exec(frame);
  if (head === null) return undefined;
  const place = placeOfMatch(head, context);
  const trades: TradeEvent[] = [];
  let pos = TRADE_HEAD.lastIndex;
  for (;;) {
    TRADE_ROW.lastIndex = pos;
    const row = TRADE_ROW.exec(frame);
    const trade = row && tradeOfMatch(row, 0, place, context);
    if (!trade) return undefined;
    trades.push(trade);
    pos = TRADE_ROW.lastIndex;
    if (frame.charCodeAt(pos) === COMMA) pos++;
    else break;
  }
  TRADE_TAIL.lastIndex = pos;
  if (!TRADE_TAIL.test(frame)) return undefined;
  return { kind: "events", events: inTradeOrder(trades) };
}

/** The place a matched head names: its product type (group 1) and symbol (group 2). */
function placeOfMatch(head: RegExpExecArray, context: ParseContext): Place {
  return placeOf(tradeNatives.same(head[2]!), head[1], context);
}

/** The trade of a matched row whose groups start after `offset` others; undefined where the JSON path judges. */
function tradeOfMatch(
  match: RegExpExecArray,
  offset: number,
  place: Place,
  context: ParseContext,
): TradeEvent | undefined {
  const layout = match[offset + V2_ROW.side] !== undefined ? V2_ROW : V3_ROW;
  // `Number` of a DECIMAL or TIME_MS text is the double `toNumber` reads from it, and is quicker on a capture.
  const price = Number(match[offset + layout.price]);
  const size = Number(match[offset + layout.size]);
  // The JSON.parse path calls a zero price or size malformed: left to it.
  if (!(price > 0) || !(size > 0)) return undefined;
  const side: Side = match[offset + layout.side] === "buy" ? "buy" : "sell";
  const tsMs = Number(match[offset + layout.tsMs]);
  return tradeEventAt(
    context,
    place.account,
    place.symbol,
    tsMs,
    price,
    size,
    side,
    match[offset + layout.id]!,
  );
}

// ── ticker: merge, then fan out ────────────────────────────────────────────────────────────────────────────────

/** The instrument's ticker after this push: a snapshot replaces the kept state, an update is merged into it. */
function mergeTicker(place: Place, action: unknown, row: Data, context: ParseContext): Data {
  const key = `bitget-ticker|${place.account}|${place.native}`;
  const kept = context.session.get(key);
  const merged: Data = action === "update" && isRecord(kept) ? { ...kept, ...row } : { ...row };
  context.session.set(key, merged);
  return merged;
}

/** v3 and v2 spell the same ticker fields differently; one reading of either. */
function tickerFieldsOf(state: Data) {
  const isV3 = "lastPrice" in state || "bid1Price" in state;
  return isV3
    ? {
        last: state.lastPrice,
        bid: state.bid1Price,
        bidSize: state.bid1Size,
        ask: state.ask1Price,
        askSize: state.ask1Size,
        high: state.highPrice24h,
        low: state.lowPrice24h,
        volume: state.volume24h,
        quoteVolume: state.turnover24h,
        change: state.price24hPcnt,
        openInterest: state.openInterest,
      }
    : {
        last: state.lastPr,
        bid: state.bidPr,
        bidSize: state.bidSz,
        ask: state.askPr,
        askSize: state.askSz,
        high: state.high24h,
        low: state.low24h,
        volume: state.baseVolume,
        quoteVolume: state.quoteVolume,
        change: state.change24h,
        openInterest: state.holdingAmount,
      };
}

/** The shared ticker reading of REST and socket rows (v3 or v2 names); `account` decides the quote volume. */
export function tickerValues(state: Data, account: Account): Partial<TickerEvent> {
  const fields = tickerFieldsOf(state);
  const bid = positiveOf(fields.bid);
  const ask = positiveOf(fields.ask);
  const change = toOptionalNumber(fields.change);
  return {
    last: toOptionalNumber(fields.last),
    bid,
    bidSize: bid === undefined ? undefined : toOptionalNumber(fields.bidSize),
    ask,
    askSize: ask === undefined ? undefined : toOptionalNumber(fields.askSize),
    high24h: toOptionalNumber(fields.high),
    low24h: toOptionalNumber(fields.low),
    volume24h: toOptionalNumber(fields.volume),
    // Coin-margined turnover is counted in the coin, not the quote.
    quoteVolume24h: account === "inverse" ? undefined : toOptionalNumber(fields.quoteVolume),
    // Bitget sends a fraction (-0.013); dig3 carries percent.
    changePct24h: change === undefined ? undefined : Number((change * 100).toPrecision(12)),
  };
}

/**
 * `ticker` → a ticker event, and on futures the mark price, funding rate and open interest it also carries (each
 * only when this push holds its fields). Delivery contracts send `fundingRate` "0" with `nextFundingTime` "0" or "":
 * no funding. v1 tickers (`last`, `bestBid`, `capitalRate`) are not read.
 */
function parseTicker(message: Data, native: string, context: ParseContext): ParseOutcome {
  const row = (message.data as unknown[])[0];
  if (!isRecord(row) || !native) return malformed("ticker");
  if ("bestBid" in row || "capitalRate" in row)
    return { kind: "ignored", reason: "ticker: retired v1 fields" };
  const sentMs = toNumber(row.ts);
  const tsMs = isTime(sentMs) ? sentMs : toNumber(message.ts);
  if (!isTime(tsMs)) return malformed("ticker");
  const place = placeOf(native, (message.arg as Data).instType, context);
  const state = mergeTicker(place, message.action, row, context);
  const base = baseOf(place, tsMs, context);
  const events: MarketDataEvent[] = [];
  const values = tickerValues(state, place.account);
  if (values.last !== undefined) events.push(assignDefined<TickerEvent>({ kind: "ticker", ...base }, values));
  if (place.account === "spot") return events.length > 0 ? events : malformed("ticker");

  const markPrice = positiveOf(state.markPrice);
  if ("markPrice" in row && markPrice !== undefined) {
    const mark: MarkPriceEvent = { kind: "mark_price", ...base, markPrice };
    events.push(assignDefined(mark, { indexPrice: positiveOf(state.indexPrice) }));
  }
  const rate = toOptionalNumber(state.fundingRate);
  const nextMs = toNumber(state.nextFundingTime);
  if ("fundingRate" in row && rate !== undefined && isTime(nextMs)) {
    const funding: FundingRateEvent = { kind: "funding_rate", ...base, rate, nextFundingTsMs: nextMs };
    events.push(funding);
  }
  const openInterest = toOptionalNumber(tickerFieldsOf(state).openInterest);
  if (("openInterest" in row || "holdingAmount" in row) && openInterest !== undefined) {
    const oi: OpenInterestEvent = { kind: "open_interest", ...base, openInterest };
    events.push(oi);
  }
  return events.length > 0 ? events : { kind: "ignored", reason: "ticker update with no field dig3 reads" };
}

// ── klines ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** A kline row: v3 object `{start, open, high, low, close, volume, turnover}` or array `[start, o, h, l, c, vol, quoteVol]`. */
export function klineOfRow(
  row: unknown,
  place: Place,
  interval: string,
  tsMs: number,
  closed: boolean,
  context: ParseContext,
): KlineEvent | undefined {
  const fields = Array.isArray(row)
    ? { start: row[0], open: row[1], high: row[2], low: row[3], close: row[4], volume: row[5], quote: row[6] }
    : isRecord(row)
      ? {
          start: row.start,
          open: row.open,
          high: row.high,
          low: row.low,
          close: row.close,
          volume: row.volume,
          quote: row.turnover,
        }
      : undefined;
  if (!fields) return undefined;
  const openTimeMs = toNumber(fields.start);
  const values = [fields.open, fields.high, fields.low, fields.close, fields.volume].map(toNumber);
  if (!isTime(openTimeMs) || !values.every(Number.isFinite)) return undefined;
  const [open, high, low, close, volume] = values as [number, number, number, number, number];
  const lengthMs = intervalMsOf(interval);
  const event: KlineEvent = {
    kind: "kline",
    ...baseOf(place, tsMs, context),
    interval,
    openTimeMs,
    open,
    high,
    low,
    close,
    volume,
    closed,
  };
  return assignDefined(event, {
    closeTimeMs: Number.isFinite(lengthMs) ? openTimeMs + lengthMs - 1 : undefined,
    quoteVolume: place.account === "inverse" ? undefined : toOptionalNumber(fields.quote),
  });
}

/**
 * `kline` (v3) and `candle<interval>` (v2) → the bar in progress (`closed: false`). Bitget never says a bar is final;
 * a bar is final once a later one starts, so the session keeps the last bar per channel and emits it once more with
 * `closed: true` when the next bar's first push arrives. The snapshot on subscribe lists recent bars: all but the
 * newest are final. After a reconnect the session is empty and a bar cut off by the outage is left to REST backfill.
 */
function parseKlines(
  topic: string,
  message: Data,
  native: string,
  interval: string | undefined,
  context: ParseContext,
): ParseOutcome {
  if (!interval)
    return { kind: "unmatched", topic: `${topic} ${textOf((message.arg as Data).interval) ?? ""}`.trim() };
  if (!native) return malformed(topic);
  const place = placeOf(native, (message.arg as Data).instType, context);
  const sentMs = toNumber(message.ts);
  const tsMs = isTime(sentMs) ? sentMs : recvMsOf(context);
  const bars: KlineEvent[] = [];
  for (const row of message.data as unknown[]) {
    const bar = klineOfRow(row, place, interval, tsMs, false, context);
    if (!bar) return malformed(topic);
    bars.push(bar);
  }
  bars.sort((a, b) => a.openTimeMs - b.openTimeMs);
  const key = `bitget-kline|${place.account}|${place.native}|${interval}`;
  let open = context.session.get(key) as KlineEvent | undefined;
  let latest: KlineEvent | undefined;
  const events: KlineEvent[] = [];
  for (const bar of bars) {
    // A row older than the bar in progress is a late repeat: the bar it belongs to is already final.
    if (open && bar.openTimeMs < open.openTimeMs) continue;
    if (open && open.openTimeMs < bar.openTimeMs)
      events.push({ ...open, tsMs: bar.openTimeMs, recvTsUs: context.recvTsUs, closed: true });
    open = bar;
    latest = bar;
  }
  if (!latest) return { kind: "ignored", reason: `${topic}: only bars older than the one in progress` };
  context.session.set(key, latest);
  events.push(latest);
  return events;
}

// ── liquidations ───────────────────────────────────────────────────────────────────────────────────────────────

/**
 * `liquidation` per product type: rows name their symbol. Bitget's `side` is the liquidated position's ("buy" =
 * a long), dig3's the liquidation order's, so it flips. `amount` is the size in the contract's quantity unit.
 */
function parseLiquidations(rows: unknown[], arg: Data, message: Data, context: ParseContext): ParseOutcome {
  const events: LiquidationEvent[] = [];
  for (const row of rows) {
    if (!isRecord(row)) return malformed("liquidation");
    const native = textOf(row.symbol);
    const positionSide = sideOf(row.side);
    const price = toNumber(row.price);
    const size = toNumber(row.amount);
    const sentMs = toNumber(row.ts);
    const tsMs = isTime(sentMs) ? sentMs : toNumber(message.ts);
    if (!native || !positionSide || !(price > 0) || !(size > 0) || !isTime(tsMs))
      return malformed("liquidation");
    const place = placeOf(native, arg.instType, context);
    events.push({
      kind: "liquidation",
      ...baseOf(place, tsMs, context),
      side: positionSide === "buy" ? "sell" : "buy",
      price,
      size,
    });
  }
  return events.length > 0 ? events : { kind: "ignored", reason: "liquidation: empty data" };
}
