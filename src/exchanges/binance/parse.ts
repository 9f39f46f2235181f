// Inbound Binance frame → Parsed (pure, never throws on venue input). Combined-stream data frames become
// normalized events; acks, request errors and server notices become control verdicts; anything else is reported.

import type {
  AggTradeEvent,
  BookEvent,
  EventBase,
  FundingRateEvent,
  KlineEvent,
  LiquidationEvent,
  MarketDataEvent,
  MarkPriceEvent,
  TickerEvent,
  TradeEvent,
} from "../../core/index.ts";
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { isRecord, parseJson, toId, toLevels, toNumber, toOptionalNumber } from "../_shared/values.ts";

type Data = Record<string, unknown>;

/** A parser's verdict on one payload: events, or why there are none. */
type Outcome = MarketDataEvent[] | Exclude<Parsed, { kind: "events" }>;

const RETRYABLE_RE = /too many|rate limit|timeout|timed out|try again|busy|unavailable|shut ?down/i;

export function parseBinanceFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  if (frame.trim().length === 0) return { kind: "ignored", reason: "empty frame" };
  const message = parseJson(frame);
  if (message === undefined) return { kind: "unmatched", topic: "(not json)" };
  if (!isRecord(message)) return { kind: "unmatched", topic: "(not an object)" };

  if (typeof message.stream === "string") {
    const { channel, native } = splitStreamName(message.stream);
    return toParsed(parsePayload(channel, message.data, native, context));
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

/** Copies the fields of `extra` that hold a value onto `target`, so events carry no `undefined` keys. */
export function assignDefined<T extends object>(target: T, extra: Partial<T>): T {
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
  return target;
}

function toParsed(outcome: Outcome): Parsed {
  return Array.isArray(outcome) ? { kind: "events", events: outcome } : outcome;
}

/** `btcusdt@depth@100ms` → channel `depth`, native `BTCUSDT`; `!forceOrder@arr` → channel `forceOrder`. */
function splitStreamName(stream: string): { channel: string; native?: string } {
  if (stream.startsWith("!")) return { channel: stream.slice(1).split("@")[0] ?? "" };
  const at = stream.indexOf("@");
  if (at < 0) return { channel: stream };
  const topic = stream.slice(at + 1).split("@")[0] ?? "";
  return { channel: topic.startsWith("kline_") ? "kline" : topic, native: stream.slice(0, at).toUpperCase() };
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
  streamNative: string | undefined,
  context: ParseContext,
): Outcome {
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
      return parseTrade(data, streamNative, context);
    case "aggTrade":
      return parseAggTrade(data, streamNative, context);
    case "depth":
      return parseDepthUpdate(data, streamNative, context);
    case "kline":
      return parseKline(data, streamNative, context);
    case "ticker":
      return parseTicker(data, streamNative, context);
    case "markPrice":
      return parseMarkPrice(data, streamNative, context);
    case "forceOrder":
      return parseForceOrder(data, context);
    default:
      // bookTicker, partial depth (`depth20`), miniTicker, indexPrice …: streams dig3 does not subscribe to.
      return { kind: "unmatched", topic: channel || "(empty stream name)" };
  }
}

function malformed(channel: string): Outcome {
  return { kind: "unmatched", topic: `${channel} (malformed)` };
}

function nativeOf(data: Data, streamNative: string | undefined): string | undefined {
  if (typeof data.s === "string" && data.s.length > 0) return data.s;
  return streamNative;
}

function baseOf(context: ParseContext, native: string, tsMs: number): EventBase {
  return {
    exchange: context.exchange,
    account: context.account,
    symbol: context.symbolOf(native),
    tsMs,
    recvTsUs: context.recvTsUs,
  };
}

function isTime(value: number): boolean {
  return Number.isFinite(value) && value > 0;
}

/** Exchange time: the transaction/trade time `T` where sent, else the event time `E`. */
function timeOf(data: Data): number {
  const tradeTime = toNumber(data.T);
  return isTime(tradeTime) ? tradeTime : toNumber(data.E);
}

function parseTrade(data: Data, streamNative: string | undefined, context: ParseContext): Outcome {
  // Futures tag every print; ADL, insurance-fund and `NA` rows are not taker trades on the book.
  if (typeof data.X === "string" && data.X !== "MARKET") {
    return { kind: "ignored", reason: `trade type ${data.X} is not a market trade` };
  }
  const native = nativeOf(data, streamNative);
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
  const event: TradeEvent = {
    kind: "trade",
    ...baseOf(context, native, tsMs),
    price,
    size,
    // `m`: the buyer is the maker, so the taker sold.
    side: data.m ? "sell" : "buy",
    tradeId,
  };
  return [event];
}

function parseAggTrade(data: Data, streamNative: string | undefined, context: ParseContext): Outcome {
  const native = nativeOf(data, streamNative);
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
    ...baseOf(context, native, tsMs),
    price,
    size,
    side: data.m ? "sell" : "buy",
    aggId,
  };
  return [
    assignDefined(event, { firstTradeId: toId(data.f) || undefined, lastTradeId: toId(data.l) || undefined }),
  ];
}

function parseDepthUpdate(data: Data, streamNative: string | undefined, context: ParseContext): Outcome {
  const native = nativeOf(data, streamNative);
  const firstSeq = toNumber(data.U);
  const seq = toNumber(data.u);
  const tsMs = timeOf(data);
  if (!native || !Number.isFinite(firstSeq) || !Number.isFinite(seq) || !isTime(tsMs))
    return malformed("depth");
  if (!Array.isArray(data.b) || !Array.isArray(data.a)) return malformed("depth");
  const event: BookEvent = {
    kind: "book",
    ...baseOf(context, native, tsMs),
    type: "delta",
    bids: toLevels(data.b),
    asks: toLevels(data.a),
    seq,
    firstSeq,
  };
  // Futures only: `pu` is the `u` of the previous event, which the tracker chains on.
  return [assignDefined(event, { prevSeq: toOptionalNumber(data.pu) })];
}

function parseKline(data: Data, streamNative: string | undefined, context: ParseContext): Outcome {
  const bar = data.k;
  if (!isRecord(bar)) return malformed("kline");
  const native = nativeOf(data, streamNative) ?? (typeof bar.s === "string" ? bar.s : undefined);
  const tsMs = toNumber(data.E);
  const openTimeMs = toNumber(bar.t);
  const values = [
    toNumber(bar.o),
    toNumber(bar.h),
    toNumber(bar.l),
    toNumber(bar.c),
    toNumber(bar.v),
  ] as const;
  if (
    !native ||
    typeof bar.i !== "string" ||
    !isTime(tsMs) ||
    !isTime(openTimeMs) ||
    !values.every(Number.isFinite)
  ) {
    return malformed("kline");
  }
  const [open, high, low, close, volume] = values;
  const event: KlineEvent = {
    kind: "kline",
    ...baseOf(context, native, tsMs),
    interval: bar.i,
    openTimeMs,
    open,
    high,
    low,
    close,
    volume,
    closed: bar.x === true,
  };
  return [
    assignDefined(event, {
      closeTimeMs: toOptionalNumber(bar.T),
      // On COIN-M `v` counts contracts and `q` is base-asset volume: there is no quote volume to report.
      quoteVolume: context.account === "inverse" ? undefined : toOptionalNumber(bar.q),
      trades: toOptionalNumber(bar.n),
    }),
  ];
}

function parseTicker(data: Data, streamNative: string | undefined, context: ParseContext): Outcome {
  const native = nativeOf(data, streamNative);
  const tsMs = toNumber(data.E);
  const last = toNumber(data.c);
  if (!native || !isTime(tsMs) || !Number.isFinite(last)) return malformed("ticker");
  const event: TickerEvent = { kind: "ticker", ...baseOf(context, native, tsMs), last };
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

function parseMarkPrice(data: Data, streamNative: string | undefined, context: ParseContext): Outcome {
  const native = nativeOf(data, streamNative);
  const tsMs = toNumber(data.E);
  const markPrice = toNumber(data.p);
  if (!native || !isTime(tsMs) || !Number.isFinite(markPrice)) return malformed("markPrice");
  const base = baseOf(context, native, tsMs);
  const mark: MarkPriceEvent = { kind: "mark_price", ...base, markPrice };
  const events: MarketDataEvent[] = [assignDefined(mark, { indexPrice: toOptionalNumber(data.i) })];
  // Delivery contracts carry no funding: `r` empty or `T` 0.
  const rate = toOptionalNumber(data.r);
  const nextFundingTsMs = toNumber(data.T);
  if (rate !== undefined && isTime(nextFundingTsMs)) {
    const funding: FundingRateEvent = { kind: "funding_rate", ...base, rate, nextFundingTsMs };
    events.push(funding);
  }
  return events;
}

function parseForceOrder(data: Data, context: ParseContext): Outcome {
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
  const event: LiquidationEvent = {
    kind: "liquidation",
    ...baseOf(context, native, tsMs),
    side,
    price,
    size,
  };
  // COIN-M sizes are contracts, so price × size is no value in any currency.
  return [assignDefined(event, { value: context.account === "inverse" ? undefined : price * size })];
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
