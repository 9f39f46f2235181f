// Inbound Kraken spot WebSocket v2 frame → Parsed (pure, never throws on venue input): book, trade, ticker and ohlc
// data become events; acks, pongs, heartbeats and status become control verdicts; WebSocket v1 frames (arrays and
// `event` objects, as in old recordings) are reported as unmatched — dig3 speaks v2 only.

import type {
  BookEvent,
  KlineEvent,
  Level,
  MarketDataEvent,
  TickerEvent,
  TradeEvent,
} from "../../../core/index.ts";
import { type ParseContext, type Parsed, type ParseOutcome, toParsed } from "../../_shared/adapter.ts";
import { recvMsOf } from "../../_shared/event-base.ts";
import { assignDefined, isRecord, isTime, toId, toNumber, toOptionalNumber } from "../../_shared/values.ts";
import { baseOf, parseRfc3339Ms } from "../events.ts";
import { canonicalOfNative } from "../symbols.ts";
import { parseKrakenSpotJson } from "./book.ts";

type Data = Record<string, unknown>;

const RETRYABLE_RE = /rate|exceeded|timeout|timed out|try again|busy|unavailable|maintenance/i;

/** v2 `interval` minutes → canonical kline interval. */
const INTERVAL_OF_MINUTES: Readonly<Record<number, string>> = {
  1: "1m",
  5: "5m",
  15: "15m",
  30: "30m",
  60: "1h",
  240: "4h",
  1440: "1d",
  10080: "1w",
};

export function parseKrakenSpotFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  if (frame.trim().length === 0) return { kind: "ignored", reason: "empty frame" };
  const message = parseKrakenSpotJson(frame);
  if (message === undefined) return { kind: "unmatched", topic: "(not json)" };
  if (Array.isArray(message)) return { kind: "unmatched", topic: v1TopicOf(message) };
  if (!isRecord(message)) return { kind: "unmatched", topic: "(not an object)" };

  if (typeof message.channel === "string") return toParsed(parseChannel(message, context));
  if (typeof message.method === "string") return methodReplyOf(message);
  if (typeof message.event === "string") {
    return { kind: "unmatched", topic: `ws-v1 event ${message.event} (dig3 speaks WebSocket v2)` };
  }
  if (typeof message.error === "string") {
    return { kind: "venue-error", message: message.error, retryable: RETRYABLE_RE.test(message.error) };
  }
  return { kind: "unmatched", topic: "(unknown frame)" };
}

/** v1 data frames are arrays `[channelID, payload…, channelName, pair]`. */
function v1TopicOf(message: unknown[]): string {
  const name = message.length >= 2 ? message[message.length - 2] : undefined;
  return `ws-v1 ${typeof name === "string" ? name : "array"} (dig3 speaks WebSocket v2)`;
}

function methodReplyOf(message: Data): Parsed {
  const method = message.method as string;
  if (method === "pong") return { kind: "pong" };
  if (message.success === false) {
    const text = typeof message.error === "string" ? message.error : `${method} failed`;
    const symbol = typeof message.symbol === "string" ? ` (${message.symbol})` : "";
    return {
      kind: "venue-error",
      message: `${method}: ${text}${symbol}`,
      retryable: RETRYABLE_RE.test(text),
    };
  }
  const result = isRecord(message.result) ? message.result : undefined;
  const what = result ? [result.channel, result.symbol].filter((part) => typeof part === "string") : [];
  return { kind: "ack", note: [method, ...what].join(" ") };
}

function parseChannel(message: Data, context: ParseContext): ParseOutcome {
  const channel = message.channel as string;
  if (channel === "heartbeat") return { kind: "ignored", reason: "heartbeat" };
  if (channel === "status") return { kind: "ignored", reason: statusOf(message) };
  const items = message.data;
  if (!Array.isArray(items)) return malformed(channel);
  const isSnapshot = message.type === "snapshot";
  const frameTsMs = parseRfc3339Ms(message.timestamp);
  const events: MarketDataEvent[] = [];
  for (const item of items) {
    if (!isRecord(item)) return malformed(channel);
    let outcome: ParseOutcome;
    switch (channel) {
      case "book":
        outcome = parseBook(item, isSnapshot, context);
        break;
      case "trade":
        outcome = parseTrade(item, context);
        break;
      case "ticker":
        outcome = parseTicker(item, context);
        break;
      case "ohlc":
        outcome = parseOhlc(item, frameTsMs, context);
        break;
      default:
        // instrument, level3, executions …: channels dig3 does not subscribe to.
        return { kind: "unmatched", topic: channel };
    }
    if (!Array.isArray(outcome)) return outcome;
    events.push(...outcome);
  }
  if (events.length === 0)
    return { kind: "ignored", reason: `${channel} ${message.type ?? ""} without items` };
  return events;
}

function statusOf(message: Data): string {
  const first = Array.isArray(message.data) && isRecord(message.data[0]) ? message.data[0] : undefined;
  const system = typeof first?.system === "string" ? first.system : "unknown";
  return `status: system ${system}`;
}

function malformed(channel: string): ParseOutcome {
  return { kind: "unmatched", topic: `${channel} (malformed)` };
}

/** The hub resolves natives it subscribed; an unknown one falls back to Kraken's naming rules. */
function symbolOf(context: ParseContext, native: string): string {
  const symbol = context.symbolOf(native);
  return symbol === native ? (canonicalOfNative(native, "spot") ?? native) : symbol;
}

/** v2 levels `{price, qty}` → Level with the wire text kept for the checksum (book.ts read them as text). */
function toBookLevels(rows: unknown): Level[] | undefined {
  if (!Array.isArray(rows)) return rows === undefined ? [] : undefined;
  const levels: Level[] = [];
  for (const row of rows) {
    if (!isRecord(row)) return undefined;
    const price = toNumber(row.price);
    const size = toNumber(row.qty);
    if (!Number.isFinite(price) || !Number.isFinite(size) || price <= 0 || size < 0) return undefined;
    levels.push([price, size, String(row.price), String(row.qty)]);
  }
  return levels;
}

function parseBook(item: Data, isSnapshot: boolean, context: ParseContext): ParseOutcome {
  const native = typeof item.symbol === "string" ? item.symbol : undefined;
  const bids = toBookLevels(item.bids);
  const asks = toBookLevels(item.asks);
  const checksum = toNumber(item.checksum);
  if (!native || !bids || !asks || !Number.isInteger(checksum) || checksum < 0) return malformed("book");
  const sentMs = parseRfc3339Ms(item.timestamp);
  const event: BookEvent = {
    kind: "book",
    ...baseOf(context, symbolOf(context, native), isTime(sentMs) ? sentMs : recvMsOf(context)),
    type: isSnapshot ? "snapshot" : "delta",
    bids,
    asks,
    checksum,
  };
  return [event];
}

function parseTrade(item: Data, context: ParseContext): ParseOutcome {
  const native = typeof item.symbol === "string" ? item.symbol : undefined;
  const price = toNumber(item.price);
  const size = toNumber(item.qty);
  const tsMs = parseRfc3339Ms(item.timestamp);
  const tradeId = toId(item.trade_id);
  const side = item.side === "buy" || item.side === "sell" ? item.side : undefined;
  if (!native || !(price > 0) || !(size > 0) || !isTime(tsMs) || !tradeId || !side) return malformed("trade");
  const event: TradeEvent = {
    kind: "trade",
    ...baseOf(context, symbolOf(context, native), tsMs),
    price,
    size,
    side,
    tradeId,
  };
  return [event];
}

function parseTicker(item: Data, context: ParseContext): ParseOutcome {
  const native = typeof item.symbol === "string" ? item.symbol : undefined;
  const last = toOptionalNumber(item.last);
  if (!native || last === undefined) return malformed("ticker");
  const sentMs = parseRfc3339Ms(item.timestamp);
  const event: TickerEvent = {
    kind: "ticker",
    ...baseOf(context, symbolOf(context, native), isTime(sentMs) ? sentMs : recvMsOf(context)),
    last,
  };
  const volume = toOptionalNumber(item.volume);
  const vwap = toOptionalNumber(item.vwap);
  return [
    assignDefined(event, {
      bid: toOptionalNumber(item.bid),
      bidSize: toOptionalNumber(item.bid_qty),
      ask: toOptionalNumber(item.ask),
      askSize: toOptionalNumber(item.ask_qty),
      high24h: toOptionalNumber(item.high),
      low24h: toOptionalNumber(item.low),
      volume24h: volume,
      // Base volume times its volume-weighted price is the quote volume traded.
      quoteVolume24h: volume !== undefined && vwap !== undefined ? volume * vwap : undefined,
      changePct24h: toOptionalNumber(item.change_pct),
    }),
  ];
}

function parseOhlc(item: Data, frameTsMs: number, context: ParseContext): ParseOutcome {
  const native = typeof item.symbol === "string" ? item.symbol : undefined;
  const minutes = toNumber(item.interval);
  const interval = INTERVAL_OF_MINUTES[minutes];
  const openTimeMs = parseRfc3339Ms(item.interval_begin);
  const values = [
    toNumber(item.open),
    toNumber(item.high),
    toNumber(item.low),
    toNumber(item.close),
    toNumber(item.volume),
  ] as const;
  if (!native || !interval || !isTime(openTimeMs) || !values.every(Number.isFinite)) return malformed("ohlc");
  const [open, high, low, close, volume] = values;
  const closeTimeMs = openTimeMs + minutes * 60_000;
  const recvMs = recvMsOf(context);
  const tsMs = isTime(frameTsMs) ? frameTsMs : recvMs;
  const event: KlineEvent = {
    kind: "kline",
    ...baseOf(context, symbolOf(context, native), tsMs),
    interval,
    openTimeMs,
    closeTimeMs: closeTimeMs - 1,
    open,
    high,
    low,
    close,
    volume,
    // Kraken marks no bar final; a bar whose interval ended before the frame arrived is.
    closed: closeTimeMs <= recvMs,
  };
  const vwap = toOptionalNumber(item.vwap);
  return [
    assignDefined(event, {
      quoteVolume: vwap === undefined ? undefined : volume * vwap,
      trades: toOptionalNumber(item.trades),
    }),
  ];
}
