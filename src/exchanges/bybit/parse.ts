// Inbound Bybit v5 frame → Parsed (pure, never throws on venue input). Topic frames become normalized events (a
// `tickers` frame fans out into ticker, mark price, funding and open interest after merging its delta into the
// symbol's last state in ParseContext.session); op replies, pongs and errors become control verdicts.

import type {
  BookEvent,
  EventBase,
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
import type { ParseContext, Parsed } from "../_shared/adapter.ts";
import { isRecord, parseJson, toId, toLevels, toNumber, toOptionalNumber } from "../_shared/values.ts";
import { CANONICAL_KLINE_INTERVALS } from "./subscribe.ts";

type Data = Record<string, unknown>;

/** A parser's verdict on one payload: events, or why there are none. */
type Outcome = MarketDataEvent[] | Exclude<Parsed, { kind: "events" }>;

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
  if (frame.trim().length === 0) return { kind: "ignored", reason: "empty frame" };
  const message = parseJson(frame);
  if (message === undefined) return { kind: "unmatched", topic: "(not json)" };
  if (!isRecord(message)) return { kind: "unmatched", topic: "(not an object)" };
  if (typeof message.topic === "string") return toParsed(parseTopicFrame(message.topic, message, context));
  return controlOf(message);
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

/** `orderbook.50.BTCUSDT` → channel `orderbook`, native `BTCUSDT`; `orderbook.rpi.BTCUSDT` → channel `orderbook.rpi`. */
function splitTopic(topic: string): { channel: string; argument?: string; native?: string } {
  const parts = topic.split(".");
  const head = parts[0] ?? "";
  if ((head === "orderbook" || head === "kline") && parts.length >= 3) {
    const argument = parts[1] ?? "";
    if (head === "orderbook" && !/^\d+$/.test(argument)) return { channel: `orderbook.${argument}` };
    return { channel: head, argument, native: parts.slice(2).join(".") };
  }
  return { channel: head, native: parts.length > 1 ? parts.slice(1).join(".") : undefined };
}

function parseTopicFrame(topic: string, message: Data, context: ParseContext): Outcome {
  const { channel, argument, native } = splitTopic(topic);
  if (PRE_V5_TOPICS.has(channel)) return { kind: "unmatched", topic: `${channel} (pre-v5 API)` };
  switch (channel) {
    case "publicTrade":
      return parseTrades(message, context);
    case "orderbook":
      return parseOrderbook(message, native, context);
    case "kline":
      return parseKlines(message, argument ?? "", native, context);
    case "tickers":
      return parseTicker(topic, message, native, context);
    case "allLiquidation":
      return parseAllLiquidation(message, context);
    case "liquidation":
      return parseLegacyLiquidation(message, context);
    default:
      // insurance, adlAlert, orderbook.rpi, priceLimit …: topics dig3 does not subscribe to.
      return { kind: "unmatched", topic: channel || "(empty topic)" };
  }
}

function malformed(channel: string): Outcome {
  return { kind: "unmatched", topic: `${channel} (malformed)` };
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

function textOf(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function takerSideOf(value: unknown): Side | undefined {
  return value === "Buy" ? "buy" : value === "Sell" ? "sell" : undefined;
}

function parseTrades(message: Data, context: ParseContext): Outcome {
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
    if (!native || !(price > 0) || !(size > 0) || !isTime(tsMs) || !side || !tradeId) continue;
    events.push({ kind: "trade", ...baseOf(context, native, tsMs), price, size, side, tradeId });
  }
  return events.length > 0 ? events : malformed("publicTrade");
}

function parseOrderbook(message: Data, topicNative: string | undefined, context: ParseContext): Outcome {
  const data = message.data;
  const type = message.type;
  if (!isRecord(data) || (type !== "snapshot" && type !== "delta")) return malformed("orderbook");
  const native = textOf(data.s) ?? topicNative;
  const seq = toNumber(data.u);
  const matchTimeMs = toNumber(message.cts);
  const tsMs = isTime(matchTimeMs) ? matchTimeMs : toNumber(message.ts);
  if (!native || !Number.isFinite(seq) || !isTime(tsMs) || !Array.isArray(data.b) || !Array.isArray(data.a))
    return malformed("orderbook");
  const event: BookEvent = {
    kind: "book",
    ...baseOf(context, native, tsMs),
    type,
    bids: toLevels(data.b),
    asks: toLevels(data.a),
    // `u`, the topic's update id: in sequence, and 1 on the snapshot Bybit sends after a restart.
    seq,
  };
  return [event];
}

function parseKlines(
  message: Data,
  nativeInterval: string,
  topicNative: string | undefined,
  context: ParseContext,
): Outcome {
  if (!Array.isArray(message.data)) return malformed("kline");
  const frameTsMs = toNumber(message.ts);
  const events: KlineEvent[] = [];
  for (const row of message.data) {
    if (!isRecord(row)) continue;
    const interval = CANONICAL_KLINE_INTERVALS[textOf(row.interval) ?? nativeInterval];
    const openTimeMs = toNumber(row.start);
    const lastMatchMs = toNumber(row.timestamp);
    const tsMs = isTime(frameTsMs) ? frameTsMs : lastMatchMs;
    const values = [
      toNumber(row.open),
      toNumber(row.high),
      toNumber(row.low),
      toNumber(row.close),
      toNumber(row.volume),
    ] as const;
    if (!topicNative || !interval || !isTime(openTimeMs) || !isTime(tsMs) || !values.every(Number.isFinite))
      continue;
    const [open, high, low, close, volume] = values;
    const event: KlineEvent = {
      kind: "kline",
      ...baseOf(context, topicNative, tsMs),
      interval,
      openTimeMs,
      open,
      high,
      low,
      close,
      volume,
      closed: row.confirm === true,
    };
    events.push(
      assignDefined(event, {
        closeTimeMs: toOptionalNumber(row.end),
        // Inverse `turnover` is in the base coin, not the quote.
        quoteVolume: context.account === "inverse" ? undefined : toOptionalNumber(row.turnover),
      }),
    );
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
  return fields.some((field) => field in data);
}

/** A best price of 0 means an empty side (option books often have none). */
function positive(value: unknown): number | undefined {
  const n = toOptionalNumber(value);
  return n !== undefined && n > 0 ? n : undefined;
}

/** The symbol's ticker after this frame: a snapshot replaces the kept state, a delta is merged into it. */
function mergeTicker(topic: string, type: unknown, data: Data, context: ParseContext): Data {
  const key = `bybit.ticker.${topic}`;
  const kept = context.session.get(key);
  const merged: Data = type === "delta" && isRecord(kept) ? { ...kept, ...data } : { ...data };
  context.session.set(key, merged);
  return merged;
}

function parseTicker(
  topic: string,
  message: Data,
  topicNative: string | undefined,
  context: ParseContext,
): Outcome {
  const data = message.data;
  if (!isRecord(data)) return malformed("tickers");
  const native = textOf(data.symbol) ?? topicNative;
  const tsMs = toNumber(message.ts);
  if (!native || !isTime(tsMs)) return malformed("tickers");
  const state = mergeTicker(topic, message.type, data, context);
  const base = baseOf(context, native, tsMs);
  const events: MarketDataEvent[] = [];

  if (hasAny(data, TICKER_FIELDS)) {
    const change = toOptionalNumber(state.price24hPcnt) ?? toOptionalNumber(state.change24h);
    const ticker: TickerEvent = { kind: "ticker", ...base };
    events.push(
      assignDefined(ticker, {
        last: toOptionalNumber(state.lastPrice),
        bid: positive(state.bid1Price ?? state.bidPrice),
        bidSize: positive(state.bid1Price ?? state.bidPrice)
          ? toOptionalNumber(state.bid1Size ?? state.bidSize)
          : undefined,
        ask: positive(state.ask1Price ?? state.askPrice),
        askSize: positive(state.ask1Price ?? state.askPrice)
          ? toOptionalNumber(state.ask1Size ?? state.askSize)
          : undefined,
        high24h: toOptionalNumber(state.highPrice24h),
        low24h: toOptionalNumber(state.lowPrice24h),
        volume24h: toOptionalNumber(state.volume24h),
        // Inverse `turnover24h` is in the base coin, not the quote.
        quoteVolume24h: context.account === "inverse" ? undefined : toOptionalNumber(state.turnover24h),
        // Bybit sends a fraction (0.0234); dig3 carries percent.
        changePct24h: change === undefined ? undefined : Number((change * 100).toPrecision(12)),
      }),
    );
  }
  if (context.account === "spot")
    return events.length > 0 ? events : { kind: "ignored", reason: "ticker without ticker fields" };

  const markPrice = positive(state.markPrice);
  if (hasAny(data, MARK_FIELDS) && markPrice !== undefined) {
    const mark: MarkPriceEvent = { kind: "mark_price", ...base, markPrice };
    events.push(assignDefined(mark, { indexPrice: positive(state.indexPrice) }));
  }
  // Dated futures send `fundingRate: ""`: no funding to report.
  const rate = toOptionalNumber(state.fundingRate);
  if (context.account !== "option" && hasAny(data, FUNDING_FIELDS) && rate !== undefined) {
    const funding: FundingRateEvent = { kind: "funding_rate", ...base, rate };
    const next = toNumber(state.nextFundingTime);
    events.push(assignDefined(funding, { nextFundingTsMs: isTime(next) ? next : undefined }));
  }
  const openInterest = toOptionalNumber(state.openInterest);
  if (hasAny(data, OPEN_INTEREST_FIELDS) && openInterest !== undefined) {
    const oi: OpenInterestEvent = { kind: "open_interest", ...base, openInterest };
    events.push(assignDefined(oi, { openInterestValue: toOptionalNumber(state.openInterestValue) }));
  }
  return events.length > 0 ? events : { kind: "ignored", reason: "ticker delta with no field dig3 reads" };
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
  const event: LiquidationEvent = {
    kind: "liquidation",
    ...baseOf(context, native, tsMs),
    side,
    price,
    size,
  };
  // Inverse sizes are contracts (USD), so price × size is no value in any one currency.
  return assignDefined(event, { value: context.account === "inverse" ? undefined : price * size });
}

function parseAllLiquidation(message: Data, context: ParseContext): Outcome {
  if (!Array.isArray(message.data)) return malformed("allLiquidation");
  const events: LiquidationEvent[] = [];
  for (const row of message.data) {
    if (!isRecord(row)) continue;
    const event = liquidationOf(context, textOf(row.s), row.S, row.p, row.v, toNumber(row.T));
    if (event) events.push(event);
  }
  return events.length > 0 ? events : malformed("allLiquidation");
}

function parseLegacyLiquidation(message: Data, context: ParseContext): Outcome {
  const data = message.data;
  if (!isRecord(data)) return malformed("liquidation");
  const updatedMs = toNumber(data.updatedTime);
  const tsMs = isTime(updatedMs) ? updatedMs : toNumber(message.ts);
  const event = liquidationOf(context, textOf(data.symbol), data.side, data.price, data.size, tsMs);
  return event ? [event] : malformed("liquidation");
}
