// Inbound BingX frame (already inflated from gzip) → Parsed (pure, never throws on venue input). The text heartbeat
// `Ping` is answered before any JSON parsing (the Rust original fed it to JSON.parse and never answered it), JSON
// pings are echoed as pongs, replies become acks or venue errors, and `dataType` frames become normalized events.

import type {
  BookEvent,
  KlineEvent,
  Level,
  MarkPriceEvent,
  Side,
  TickerEvent,
  TradeEvent,
} from "../../core/index.ts";
import { type ParseContext, type Parsed, type ParseOutcome, toParsed } from "../_shared/adapter.ts";
import { nextOpenOf } from "../_shared/bar-times.ts";
import { eventBaseOf, recvMsOf } from "../_shared/event-base.ts";
import {
  assignDefined,
  contentIdsOf,
  isRecord,
  isTime,
  parseJson,
  toId,
  toNumber,
  toOptionalNumber,
} from "../_shared/values.ts";
import { CANONICAL_KLINE_INTERVALS } from "./subscribe.ts";

type Data = Record<string, unknown>;

/** Reply codes worth retrying: frequency limit, server error, server busy, internal service call (network). */
const RETRYABLE_CODES: ReadonlySet<number> = new Set([100410, 100500, 100503, 1006, 403]);
const RETRYABLE_RE = /busy|frequen|too many|rate limit|timeout|timed out|try again|network/i;

export function parseBingxFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  const text = frame.trim();
  if (text.length === 0) return { kind: "ignored", reason: "empty frame" };
  // The swap socket's heartbeat is the bare text `Ping`: answer it before JSON, or it is never answered.
  if (text === "Ping" || text === "ping") return { kind: "ping", reply: "Pong" };
  if (text === "Pong" || text === "pong") return { kind: "pong" };
  const message = parseJson(text);
  if (message === undefined) return { kind: "unmatched", topic: "(not json)" };
  if (!isRecord(message)) return { kind: "unmatched", topic: "(not an object)" };
  if ("ping" in message) return { kind: "ping", reply: jsonPongOf(message) };
  if ("pong" in message) return { kind: "pong" };

  const code = toNumber(message.code);
  const dataType = typeof message.dataType === "string" ? message.dataType : "";
  if (Number.isFinite(code) && code !== 0) return replyErrorOf(message, code, dataType);
  if (dataType.length > 0) {
    if (message.data === null || message.data === undefined) {
      // A reply that echoes its dataType is still a reply.
      if (toId(message.id)) return { kind: "ack", note: describeReply(message) };
      return { kind: "ignored", reason: "empty push" };
    }
    return toParsed(parseData(dataType, message, context));
  }
  if (code === 0) return { kind: "ack", note: describeReply(message) };
  return { kind: "unmatched", topic: "(unknown frame)" };
}

/** The spot socket's ping echoed: `{"pong":<ping>,"time":<time>}`. */
function jsonPongOf(message: Data): string {
  const pong: Data = { pong: message.ping };
  if (message.time !== undefined) pong.time = message.time;
  return JSON.stringify(pong);
}

function describeReply(message: Data): string {
  const id = toId(message.id);
  return id ? `id ${id}` : "reply";
}

function replyErrorOf(message: Data, code: number, dataType: string): Parsed {
  const text = typeof message.msg === "string" && message.msg.length > 0 ? message.msg : "request refused";
  const id = toId(message.id);
  const where = [`code ${code}`, id ? `id ${id}` : "", dataType ? dataType : ""].filter(Boolean).join(", ");
  return {
    kind: "venue-error",
    message: `${text} (${where})`,
    retryable: RETRYABLE_CODES.has(code) || RETRYABLE_RE.test(text),
  };
}

// ── data frames ────────────────────────────────────────────────────────────────────────────────────────────────

/** `BTC-USDT@depth20@200ms` → native `BTC-USDT`, channel `depth20`; `BTC-USDT@kline_1m` → channel `kline_1m`. */
function splitDataType(dataType: string): { native: string; channel: string } {
  const parts = dataType.split("@");
  return { native: (parts[0] ?? "").toUpperCase(), channel: parts[1] ?? "" };
}

function parseData(dataType: string, message: Data, context: ParseContext): ParseOutcome {
  const { native, channel } = splitDataType(dataType);
  if (channel === "trade") return parseTrades(message, native, context);
  if (channel === "incrDepth") return parseIncrDepth(message, native, context);
  if (/^depth\d+$/.test(channel)) return parseDepthSnapshot(message, native, context);
  if (channel.startsWith("kline_")) return parseKlines(dataType, message, native, channel.slice(6), context);
  if (channel === "ticker") return parseTicker(message, native, context);
  if (channel === "markPrice") return parseMarkPrice(message, native, context);
  // bookTicker, lastPrice, account streams …: channels dig3 does not subscribe to.
  return { kind: "unmatched", topic: channel || "(empty dataType)" };
}

function malformed(channel: string): ParseOutcome {
  return { kind: "unmatched", topic: `${channel} (malformed)` };
}

/** The first usable time among venue fields, else the local receive time. */
function timeOf(context: ParseContext, ...candidates: unknown[]): number {
  for (const candidate of candidates) {
    const value = toNumber(candidate);
    if (isTime(value)) return value;
  }
  return recvMsOf(context);
}

function textOf(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value.toUpperCase() : undefined;
}

/** `m` = the buyer is the maker, so the taker sold. */
function takerSideOf(buyerIsMaker: unknown): Side | undefined {
  return buyerIsMaker === true ? "sell" : buyerIsMaker === false ? "buy" : undefined;
}

function parseTrades(message: Data, dataNative: string, context: ParseContext): ParseOutcome {
  const rows = Array.isArray(message.data) ? message.data : isRecord(message.data) ? [message.data] : [];
  const valid: Array<{
    native: string;
    timeMs: number;
    price: number;
    size: number;
    side: Side;
    id?: string;
  }> = [];
  for (const row of rows) {
    if (!isRecord(row)) continue;
    const price = toNumber(row.p);
    const size = toNumber(row.q);
    const timeMs = toNumber(row.T);
    const side = takerSideOf(row.m);
    if (!(price > 0) || !(size > 0) || !isTime(timeMs) || !side) continue;
    const id = toId(row.t);
    valid.push({ native: textOf(row.s) ?? dataNative, timeMs, price, size, side, id: id || undefined });
  }
  if (valid.length === 0) return malformed("trade");
  // The swap socket and swap REST name no trade id: both make up the same one (`contentIdsOf`).
  const synthetic = valid.some((trade) => trade.id === undefined) ? contentIdsOf(valid) : [];
  return valid.map(
    (trade, index): TradeEvent => ({
      kind: "trade",
      ...eventBaseOf(context, trade.native, trade.timeMs),
      price: trade.price,
      size: trade.size,
      side: trade.side,
      tradeId: trade.id ?? synthetic[index]!,
    }),
  );
}

// ── books ──────────────────────────────────────────────────────────────────────────────────────────────────────

/** Levels from `[[price, qty]]` rows, `{price: qty}` maps (spot incrDepth) or `{p, v}` objects (Coin-M depth). */
function levelsOf(value: unknown): Level[] | undefined {
  const levels: Level[] = [];
  const push = (priceValue: unknown, sizeValue: unknown) => {
    const price = toNumber(priceValue);
    const size = toNumber(sizeValue);
    if (price > 0 && Number.isFinite(size) && size >= 0) levels.push([price, size]);
  };
  if (Array.isArray(value)) {
    for (const row of value) {
      if (Array.isArray(row) && row.length >= 2) push(row[0], row[1]);
      else if (isRecord(row)) push(row.p, row.v);
    }
    return levels;
  }
  if (isRecord(value)) {
    for (const [price, size] of Object.entries(value)) push(price, size);
    return levels;
  }
  return undefined;
}

/** Best first: bids high to low, asks low to high (BingX lists asks highest first). */
function sortLevels(levels: Level[], side: "bid" | "ask"): Level[] {
  return levels.sort((a, b) => (side === "bid" ? b[0] - a[0] : a[0] - b[0]));
}

function parseIncrDepth(message: Data, native: string, context: ParseContext): ParseOutcome {
  const data = message.data;
  if (!isRecord(data)) return malformed("incrDepth");
  const type = data.action === "all" ? "snapshot" : data.action === "update" ? "delta" : undefined;
  const seq = toNumber(data.lastUpdateId);
  const bids = levelsOf(data.bids);
  const asks = levelsOf(data.asks);
  if (!type || !Number.isFinite(seq) || !bids || !asks || !native) return malformed("incrDepth");
  const event: BookEvent = {
    kind: "book",
    ...eventBaseOf(context, native, timeOf(context, data.time, message.ts, message.timestamp)),
    type,
    bids: sortLevels(bids, "bid"),
    asks: sortLevels(asks, "ask"),
    // "The lastUpdateId for the Nth incremental depth will be N-1 lastUpdateId + 1."
    seq,
  };
  return [event];
}

/** `@depth<N>`: every frame is the whole top N, so every frame is a snapshot. */
function parseDepthSnapshot(message: Data, dataNative: string, context: ParseContext): ParseOutcome {
  const data = message.data;
  if (!isRecord(data)) return malformed("depth");
  const bids = levelsOf(data.bids);
  const asks = levelsOf(data.asks);
  const native = textOf(data.symbol) ?? dataNative;
  if (!bids || !asks || !native) return malformed("depth");
  const event: BookEvent = {
    kind: "book",
    ...eventBaseOf(context, native, timeOf(context, data.timestamp, message.ts, message.timestamp)),
    type: "snapshot",
    bids: sortLevels(
      bids.filter((level) => level[1] > 0),
      "bid",
    ),
    asks: sortLevels(
      asks.filter((level) => level[1] > 0),
      "ask",
    ),
  };
  return [assignDefined(event, { seq: toOptionalNumber(data.lastUpdateId) })];
}

// ── klines ─────────────────────────────────────────────────────────────────────────────────────────────────────

interface KlineRow {
  openTimeMs: number;
  closeTimeMs?: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  quoteVolume?: number;
  trades?: number;
  interval?: string;
}

/** One bar from a swap row (`T` = open time), a spot `K` object or a Coin-M object (`t` = open time). */
function klineRowOf(row: Data, account: ParseContext["account"]): KlineRow | undefined {
  const openTimeMs = toNumber(row.t ?? row.T);
  const values = [toNumber(row.o), toNumber(row.h), toNumber(row.l), toNumber(row.c)] as const;
  // Coin-M `v` counts contracts and `a` the coin: dig3's kline volume is in the base coin.
  const volume = toNumber(account === "inverse" && row.a !== undefined ? row.a : row.v);
  if (!isTime(openTimeMs) || !values.every(Number.isFinite) || !Number.isFinite(volume)) return undefined;
  const [open, high, low, close] = values;
  const hasClose = row.t !== undefined && isTime(toNumber(row.T));
  return {
    openTimeMs,
    closeTimeMs: hasClose ? toNumber(row.T) : undefined,
    open,
    high,
    low,
    close,
    volume,
    quoteVolume: account === "inverse" ? undefined : toOptionalNumber(row.q),
    trades: toOptionalNumber(row.n ?? row.u),
    interval: typeof row.i === "string" ? row.i : undefined,
  };
}

interface KeptKline {
  openTimeMs: number;
  event: KlineEvent;
}

/**
 * No BingX kline says whether the bar is final. The socket keeps the last bar per dataType in the session, and a
 * frame that opens a newer bar first re-emits the kept one with `closed: true`.
 */
function parseKlines(
  dataType: string,
  message: Data,
  dataNative: string,
  nativeInterval: string,
  context: ParseContext,
): ParseOutcome {
  const data = message.data;
  const raw = Array.isArray(data) ? data : isRecord(data) ? [isRecord(data.K) ? data.K : data] : [];
  const frameTsMs = timeOf(context, isRecord(data) ? data.E : undefined, message.ts, message.timestamp);
  const rows = raw
    .filter(isRecord)
    .map((row) => klineRowOf(row, context.account))
    .filter((row): row is KlineRow => row !== undefined)
    .sort((a, b) => a.openTimeMs - b.openTimeMs);
  const native =
    textOf(message.s) ??
    (isRecord(data) ? (textOf(data.s) ?? textOf(isRecord(data.K) ? data.K.s : undefined)) : undefined) ??
    dataNative;
  const interval =
    CANONICAL_KLINE_INTERVALS[rows[0]?.interval ?? nativeInterval] ??
    CANONICAL_KLINE_INTERVALS[nativeInterval];
  if (rows.length === 0 || !interval || !native) return malformed("kline");

  const key = `bingx.kline.${dataType}`;
  const events: KlineEvent[] = [];
  for (const row of rows) {
    const kept = context.session.get(key) as KeptKline | undefined;
    const nextOpenMs = nextOpenOf(row.openTimeMs, interval);
    const event: KlineEvent = {
      kind: "kline",
      ...eventBaseOf(context, native, frameTsMs),
      interval,
      openTimeMs: row.openTimeMs,
      open: row.open,
      high: row.high,
      low: row.low,
      close: row.close,
      volume: row.volume,
      closed: false,
    };
    assignDefined(event, {
      closeTimeMs: row.closeTimeMs ?? (Number.isFinite(nextOpenMs) ? nextOpenMs - 1 : undefined),
      quoteVolume: row.quoteVolume,
      trades: row.trades,
    });
    if (kept && row.openTimeMs < kept.openTimeMs) {
      // A late update of a bar already superseded: it is final.
      events.push({ ...event, closed: true });
      continue;
    }
    if (kept && row.openTimeMs > kept.openTimeMs)
      events.push({ ...kept.event, tsMs: frameTsMs, closed: true });
    events.push(event);
    context.session.set(key, { openTimeMs: row.openTimeMs, event } satisfies KeptKline);
  }
  return events;
}

// ── ticker and mark price ──────────────────────────────────────────────────────────────────────────────────────

/** A best price of 0 means an empty side. */
function positive(value: unknown): number | undefined {
  const n = toOptionalNumber(value);
  return n !== undefined && n > 0 ? n : undefined;
}

/** `"-0.21"` (swap) or `"-0.52%"` (spot) → -0.21 / -0.52, in percent. */
export function percentOf(value: unknown): number | undefined {
  if (typeof value === "string") return toOptionalNumber(value.trim().replace(/%$/, ""));
  return toOptionalNumber(value);
}

function parseTicker(message: Data, dataNative: string, context: ParseContext): ParseOutcome {
  const data = message.data;
  if (!isRecord(data)) return malformed("ticker");
  const native = textOf(data.s) ?? dataNative;
  const last = toOptionalNumber(data.c);
  if (!native || last === undefined) return malformed("ticker");
  const ticker: TickerEvent = {
    kind: "ticker",
    ...eventBaseOf(context, native, timeOf(context, data.E, data.C, message.timestamp)),
  };
  const bid = positive(data.B);
  const ask = positive(data.A);
  const inverse = context.account === "inverse";
  return [
    assignDefined(ticker, {
      last,
      bid,
      bidSize: bid === undefined ? undefined : toOptionalNumber(data.b),
      ask,
      askSize: ask === undefined ? undefined : toOptionalNumber(data.a),
      high24h: toOptionalNumber(data.h),
      low24h: toOptionalNumber(data.l),
      // Coin-M `v` counts contracts and `m` the coin; dig3's volume is in the base coin.
      volume24h: toOptionalNumber(inverse ? (data.m ?? data.v) : data.v),
      quoteVolume24h: toOptionalNumber(data.q),
      changePct24h: percentOf(data.P),
    }),
  ];
}

function parseMarkPrice(message: Data, dataNative: string, context: ParseContext): ParseOutcome {
  const data = message.data;
  if (!isRecord(data)) return malformed("markPrice");
  const native = textOf(data.s) ?? dataNative;
  const markPrice = positive(data.p);
  if (!native || markPrice === undefined) return malformed("markPrice");
  const event: MarkPriceEvent = {
    kind: "mark_price",
    ...eventBaseOf(context, native, timeOf(context, data.E, message.timestamp)),
    markPrice,
  };
  return [event];
}
