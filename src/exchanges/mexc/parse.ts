// Inbound MEXC frame → Parsed (pure, never throws on venue input). Spot pushes arrive as the JSON form of their
// protobuf (proto.ts decodes the binary before parse), futures pushes as JSON; control replies of both become
// verdicts. The session keeps the merged spot ticker and the last kline bar per channel (to close it).

import type {
  BookEvent,
  EventBase,
  FundingRateEvent,
  KlineEvent,
  MarketDataEvent,
  MarkPriceEvent,
  OpenInterestEvent,
  Side,
  TickerEvent,
  TradeEvent,
} from "../../core/index.ts";
import { type ParseContext, type Parsed, type ParseOutcome, toParsed } from "../_shared/adapter.ts";
import { closeTimeOf } from "../_shared/bar-times.ts";
import { eventBaseOf, recvMsOf, tradeEventOf } from "../_shared/event-base.ts";
import {
  assignDefined,
  createContentIds,
  isRecord,
  isTime,
  parseJson,
  toId,
  toLevels,
  toNumber,
  toOptionalNumber,
} from "../_shared/values.ts";
import { CANONICAL_INTERVALS } from "./subscribe.ts";

type Data = Record<string, unknown>;

const RETRYABLE_RE = /too many|rate limit|timeout|timed out|try again|busy|unavailable/i;
/** Spot refusals come with code 0: "Not Subscribed successfully! [spot@…]. Reason： Blocked! ". */
const REFUSAL_RE = /not subscribed|blocked|invalid|error/i;

export function parseMexcFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  const message = parseJson(frame);
  if (message === undefined) {
    // A blank frame is no JSON either: checking for one only here keeps `trim` off every data frame.
    if (frame.trim().length === 0) return { kind: "ignored", reason: "empty frame" };
    return { kind: "unmatched", topic: "(not json)" };
  }
  if (!isRecord(message)) return { kind: "unmatched", topic: "(not an object)" };
  if (typeof message.channel === "string") {
    return message.channel.startsWith("spot@")
      ? toParsed(parseSpotPush(message, message.channel, context))
      : toParsed(parseFuturesFrame(message, message.channel, context));
  }
  if ("msg" in message && "code" in message) return spotControlOf(message);
  return { kind: "unmatched", topic: "(unknown frame)" };
}

function malformed(topic: string): ParseOutcome {
  return { kind: "unmatched", topic: `${topic} (malformed)` };
}

/** MEXC's trade side code (spot `tradeType`, futures `T`): 1 the taker bought, 2 the taker sold. */
function sideOf(code: unknown): Side | undefined {
  const value = toNumber(code);
  return value === 1 ? "buy" : value === 2 ? "sell" : undefined;
}

// ── spot ───────────────────────────────────────────────────────────────────────────────────────────────────────

function spotControlOf(message: Data): Parsed {
  const text = typeof message.msg === "string" ? message.msg : "";
  const code = toOptionalNumber(message.code);
  if (text === "PONG") return { kind: "pong" };
  if ((code !== undefined && code !== 0) || REFUSAL_RE.test(text)) {
    return {
      kind: "venue-error",
      message: code ? `code ${code}: ${text || "request failed"}` : text || "request failed",
      retryable: RETRYABLE_RE.test(text),
    };
  }
  return { kind: "ack", note: text };
}

/** `spot@public.aggre.deals.v3.api.pb@100ms@BTCUSDT` → topic `public.aggre.deals.v3.api.pb`, symbol from the frame. */
function parseSpotPush(message: Data, channel: string, context: ParseContext): ParseOutcome {
  const parts = channel.split("@");
  const topic = parts[1] ?? "";
  const native =
    typeof message.symbol === "string" && message.symbol.length > 0
      ? message.symbol
      : spotSymbolOfChannel(topic, parts);
  const sendMs = toNumber(message.sendTime ?? message.createTime);
  const tsMs = isTime(sendMs) ? sendMs : recvMsOf(context);
  if (!native) return malformed(topic);
  switch (topic) {
    case "public.aggre.deals.v3.api.pb":
      return withBody(message.publicAggreDeals, topic, (body) => parseSpotDeals(body, native, context));
    case "public.aggre.depth.v3.api.pb":
      return withBody(message.publicAggreDepths, topic, (body) =>
        parseSpotDepth(body, native, tsMs, context),
      );
    case "public.kline.v3.api.pb":
      return withBody(message.publicSpotKline, topic, (body) =>
        parseSpotKline(body, channel, native, tsMs, context),
      );
    case "public.aggre.bookTicker.v3.api.pb":
      return withBody(message.publicAggreBookTicker, topic, (body) =>
        mergeSpotTicker(native, tsMs, context, {
          bid: toOptionalNumber(body.bidPrice),
          bidSize: toOptionalNumber(body.bidQuantity),
          ask: toOptionalNumber(body.askPrice),
          askSize: toOptionalNumber(body.askQuantity),
        }),
      );
    case "public.miniTicker.v3.api.pb":
      return withBody(message.publicMiniTicker, topic, (body) => {
        const last = toOptionalNumber(body.price);
        if (last === undefined) return malformed(topic);
        const rate = toOptionalNumber(body.rate);
        return mergeSpotTicker(native, tsMs, context, {
          last,
          high24h: toOptionalNumber(body.high),
          low24h: toOptionalNumber(body.low),
          // `quantity` is the base volume, `volume` the quote turnover.
          volume24h: toOptionalNumber(body.quantity),
          quoteVolume24h: toOptionalNumber(body.volume),
          changePct24h: rate === undefined ? undefined : rate * 100,
        });
      });
    default:
      return { kind: "unmatched", topic: topic || channel };
  }
}

/** The symbol inside a channel name: after the window (`…@100ms@BTCUSDT`) or before the interval (`…@BTCUSDT@Min1`). */
function spotSymbolOfChannel(topic: string, parts: string[]): string | undefined {
  if (topic.startsWith("public.kline") || topic.startsWith("public.miniTicker")) return parts[2];
  return parts.at(-1);
}

/** A push that names its channel but carries no body (MEXC sends them on quiet channels): nothing to emit. */
function withBody(body: unknown, topic: string, parse: (body: Data) => ParseOutcome): ParseOutcome {
  if (body === undefined) return { kind: "ignored", reason: `${topic}: push without a body` };
  if (!isRecord(body)) return malformed(topic);
  return parse(body);
}

function parseSpotDeals(body: Data, native: string, context: ParseContext): ParseOutcome {
  if (!Array.isArray(body.deals)) return malformed("public.aggre.deals.v3.api.pb");
  const trades: TradeEvent[] = [];
  const contentId = createContentIds();
  for (const row of body.deals) {
    if (!isRecord(row)) continue;
    const price = toNumber(row.price);
    const size = toNumber(row.quantity);
    const tsMs = toNumber(row.time);
    const side = sideOf(row.tradeType);
    if (!(price > 0) || !(size > 0) || !isTime(tsMs) || !side) continue;
    const tradeId = toId(row.tradeId) || contentId(tsMs, price, size, side);
    trades.push({ kind: "trade", ...eventBaseOf(context, native, tsMs), price, size, side, tradeId });
  }
  if (trades.length === 0) return malformed("public.aggre.deals.v3.api.pb");
  return trades;
}

/** Aggregated diff depth: the versions [fromVersion, toVersion] it covers become firstSeq / seq. */
function parseSpotDepth(body: Data, native: string, tsMs: number, context: ParseContext): ParseOutcome {
  const firstSeq = toNumber(body.fromVersion);
  const seq = toNumber(body.toVersion);
  if (!Number.isFinite(firstSeq) || !Number.isFinite(seq) || firstSeq > seq)
    return malformed("public.aggre.depth.v3.api.pb");
  const event: BookEvent = {
    kind: "book",
    ...eventBaseOf(context, native, tsMs),
    type: "delta",
    bids: toLevels(pricePairsOf(body.bids)),
    asks: toLevels(pricePairsOf(body.asks)),
    seq,
    firstSeq,
  };
  return [event];
}

/** `[{price, quantity}]` → `[[price, quantity]]`; a side left out of the push is empty. */
function pricePairsOf(items: unknown): unknown[] {
  if (!Array.isArray(items)) return [];
  return items.filter(isRecord).map((item) => [item.price, item.quantity]);
}

function parseSpotKline(
  body: Data,
  channel: string,
  native: string,
  tsMs: number,
  context: ParseContext,
): ParseOutcome {
  const interval = CANONICAL_INTERVALS[typeof body.interval === "string" ? body.interval : ""];
  const openTimeMs = toNumber(body.windowStart) * 1000;
  const endMs = toNumber(body.windowEnd) * 1000;
  const values = [
    toNumber(body.openingPrice),
    toNumber(body.highestPrice),
    toNumber(body.lowestPrice),
    toNumber(body.closingPrice),
    toNumber(body.volume),
  ] as const;
  if (!interval || !isTime(openTimeMs) || !values.every(Number.isFinite))
    return malformed("public.kline.v3.api.pb");
  const [open, high, low, close, volume] = values;
  const bar: KlineEvent = {
    kind: "kline",
    ...eventBaseOf(context, native, tsMs),
    interval,
    openTimeMs,
    open,
    high,
    low,
    close,
    volume,
    closed: false,
  };
  assignDefined(bar, {
    // `windowEnd` is the next bar's open; dig3's close time is the bar's last millisecond.
    closeTimeMs: endMs > openTimeMs ? endMs - 1 : undefined,
    quoteVolume: toOptionalNumber(body.amount),
  });
  return withClosedPredecessor(`mexc-kline|${channel}`, bar, context);
}

/**
 * MEXC never says a bar is final: a bar is final once a later one starts. The session keeps the last bar per channel
 * and emits it once more with `closed: true` when the next bar's first update arrives. After a reconnect the
 * session is empty and the bar cut off by the outage is left to REST backfill.
 */
function withClosedPredecessor(key: string, bar: KlineEvent, context: ParseContext): KlineEvent[] {
  const previous = context.session.get(key) as KlineEvent | undefined;
  context.session.set(key, bar);
  if (!previous || previous.openTimeMs >= bar.openTimeMs) return [bar];
  const closedBar: KlineEvent = {
    ...previous,
    tsMs: bar.openTimeMs,
    recvTsUs: context.recvTsUs,
    closed: true,
  };
  return [closedBar, bar];
}

type TickerFields = Omit<TickerEvent, keyof EventBase | "kind">;

/**
 * The spot ticker merges two channels: the mini ticker (last and 24 h statistics, every 3 s) and the best bid/ask
 * (on change). Each push updates its fields of the per-symbol state and emits the whole. An empty book side comes
 * as "" and clears that side.
 */
function mergeSpotTicker(
  native: string,
  tsMs: number,
  context: ParseContext,
  fields: TickerFields,
): TickerEvent[] {
  const key = `mexc-ticker|${native}`;
  const state = { ...((context.session.get(key) as TickerFields | undefined) ?? {}) };
  const isBookUpdate = "bid" in fields || "bidSize" in fields;
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) (state as Record<string, unknown>)[name] = value;
    else if (isBookUpdate) delete (state as Record<string, unknown>)[name];
  }
  context.session.set(key, state);
  const event: TickerEvent = { kind: "ticker", ...eventBaseOf(context, native, tsMs) };
  return [assignDefined(event, state)];
}

// ── futures ────────────────────────────────────────────────────────────────────────────────────────────────────

function parseFuturesFrame(message: Data, channel: string, context: ParseContext): ParseOutcome {
  if (channel === "pong") return { kind: "pong" };
  if (channel.startsWith("rs.")) return futuresReplyOf(channel, message.data);
  if (!channel.startsWith("push.")) return { kind: "unmatched", topic: channel };
  const data = message.data;
  const frameNative = typeof message.symbol === "string" ? message.symbol : undefined;
  const frameTsMs = toNumber(message.ts);
  switch (channel) {
    case "push.deal":
      return parseFuturesDeals(data, frameNative, context);
    case "push.depth":
      return isRecord(data) ? parseFuturesDepth(data, frameNative, frameTsMs, context) : malformed(channel);
    case "push.kline":
      return isRecord(data) ? parseFuturesKline(data, frameNative, frameTsMs, context) : malformed(channel);
    case "push.ticker":
      return isRecord(data) ? parseFuturesTicker(data, frameNative, frameTsMs, context) : malformed(channel);
    case "push.funding.rate":
      return isRecord(data) ? parseFuturesFunding(data, frameNative, frameTsMs, context) : malformed(channel);
    case "push.fair.price":
      return isRecord(data) ? parseFairPrice(data, frameNative, frameTsMs, context) : malformed(channel);
    case "push.index.price":
      // dig3 reads the index price from `push.ticker`, next to the mark price it belongs with.
      return { kind: "ignored", reason: "push.index.price: index price alone is no dig3 stream" };
    default:
      return { kind: "unmatched", topic: channel };
  }
}

/** `rs.sub.deal` / `rs.unsub.deal` with `data: "success"` acknowledge; `rs.error` and other data refuse. */
function futuresReplyOf(channel: string, data: unknown): ParseOutcome {
  const text = typeof data === "string" ? data : JSON.stringify(data ?? null);
  if ((channel.startsWith("rs.sub.") || channel.startsWith("rs.unsub.")) && text === "success") {
    return { kind: "ack", note: channel };
  }
  if (channel === "rs.login" || channel === "rs.personal.filter") return { kind: "ignored", reason: channel };
  return {
    kind: "venue-error",
    message: `${channel}: ${text}`,
    retryable: RETRYABLE_RE.test(text),
  };
}

function nativeOf(data: Data, frameNative: string | undefined): string | undefined {
  if (typeof data.symbol === "string" && data.symbol.length > 0) return data.symbol;
  return frameNative;
}

/** `push.deal`: one trade object, or (the compressed form) an array of them. */
function parseFuturesDeals(
  data: unknown,
  frameNative: string | undefined,
  context: ParseContext,
): ParseOutcome {
  const rows = Array.isArray(data) ? data : [data];
  const trades: TradeEvent[] = [];
  // Made for the first row without an id only: rows carry `i`.
  let contentId: ReturnType<typeof createContentIds> | undefined;
  for (const row of rows) {
    if (!isRecord(row)) continue;
    const native = nativeOf(row, frameNative);
    const price = toNumber(row.p);
    const size = toNumber(row.v);
    const tsMs = toNumber(row.t);
    const side = sideOf(row.T);
    if (!native || !(price > 0) || !(size > 0) || !isTime(tsMs) || !side) continue;
    let tradeId = toId(row.i);
    if (!tradeId) {
      contentId ??= createContentIds();
      tradeId = contentId(tsMs, price, size, side);
    }
    trades.push(tradeEventOf(context, native, tsMs, price, size, side, tradeId));
  }
  if (trades.length === 0) return malformed("push.deal");
  return trades;
}

/** `push.depth`: `version` (or the merged range `begin`..`end`) becomes firstSeq..seq; sizes are contracts. */
function parseFuturesDepth(
  data: Data,
  frameNative: string | undefined,
  frameTsMs: number,
  context: ParseContext,
): ParseOutcome {
  const native = nativeOf(data, frameNative);
  const version = toNumber(data.version);
  const seq = toOptionalNumber(data.end) ?? version;
  const firstSeq = toOptionalNumber(data.begin) ?? seq;
  if (!native || !Number.isFinite(seq) || !Number.isFinite(firstSeq) || firstSeq > seq)
    return malformed("push.depth");
  if (!Array.isArray(data.bids) && !Array.isArray(data.asks)) return malformed("push.depth");
  const tsMs = isTime(frameTsMs) ? frameTsMs : recvMsOf(context);
  // One object literal (no spread of a base: a spread costs about as much as the rest of the event).
  const event: BookEvent = {
    kind: "book",
    exchange: context.exchange,
    account: context.account,
    symbol: context.symbolOf(native),
    tsMs,
    recvTsUs: context.recvTsUs,
    type: "delta",
    bids: toLevels(data.bids),
    asks: toLevels(data.asks),
    seq,
    firstSeq,
  };
  return [event];
}

function parseFuturesKline(
  data: Data,
  frameNative: string | undefined,
  frameTsMs: number,
  context: ParseContext,
): ParseOutcome {
  const native = nativeOf(data, frameNative);
  const interval = CANONICAL_INTERVALS[typeof data.interval === "string" ? data.interval : ""];
  const openTimeMs = toNumber(data.t) * 1000;
  const values = [
    toNumber(data.o),
    toNumber(data.h),
    toNumber(data.l),
    toNumber(data.c),
    toNumber(data.q),
  ] as const;
  if (!native || !interval || !isTime(openTimeMs) || !values.every(Number.isFinite))
    return malformed("push.kline");
  const [open, high, low, close, volume] = values;
  const tsMs = isTime(frameTsMs) ? frameTsMs : recvMsOf(context);
  const bar: KlineEvent = {
    kind: "kline",
    ...eventBaseOf(context, native, tsMs),
    interval,
    openTimeMs,
    open,
    high,
    low,
    close,
    // Contracts, as the venue counts them; `a` is the quote amount.
    volume,
    closed: false,
  };
  assignDefined(bar, {
    closeTimeMs: closeTimeOf(openTimeMs, interval),
    quoteVolume: toOptionalNumber(data.a),
  });
  return withClosedPredecessor(`mexc-kline|${context.account}|${native}|${interval}`, bar, context);
}

/** `push.ticker` fans out: the ticker, the fair (mark) price with the index price, and `holdVol` open interest. */
function parseFuturesTicker(
  data: Data,
  frameNative: string | undefined,
  frameTsMs: number,
  context: ParseContext,
): ParseOutcome {
  const native = nativeOf(data, frameNative);
  const stampMs = toNumber(data.timestamp);
  const tsMs = isTime(stampMs) ? stampMs : isTime(frameTsMs) ? frameTsMs : recvMsOf(context);
  const last = toOptionalNumber(data.lastPrice);
  if (!native || last === undefined) return malformed("push.ticker");
  const base = eventBaseOf(context, native, tsMs);
  const changeRate = toOptionalNumber(data.riseFallRate);
  const ticker: TickerEvent = { kind: "ticker", ...base, last };
  const events: MarketDataEvent[] = [
    assignDefined(ticker, {
      bid: toOptionalNumber(data.bid1),
      ask: toOptionalNumber(data.ask1),
      high24h: toOptionalNumber(data.high24Price),
      low24h: toOptionalNumber(data.lower24Price),
      // Contracts, as the venue counts them; `amount24` is the quote turnover.
      volume24h: toOptionalNumber(data.volume24),
      quoteVolume24h: toOptionalNumber(data.amount24),
      changePct24h: changeRate === undefined ? undefined : changeRate * 100,
    }),
  ];
  const markPrice = toOptionalNumber(data.fairPrice);
  if (markPrice !== undefined) {
    const mark: MarkPriceEvent = { kind: "mark_price", ...base, markPrice };
    events.push(assignDefined(mark, { indexPrice: toOptionalNumber(data.indexPrice) }));
  }
  const openInterest = toOptionalNumber(data.holdVol);
  if (openInterest !== undefined) {
    const oi: OpenInterestEvent = { kind: "open_interest", ...base, openInterest };
    events.push(oi);
  }
  return events;
}

function parseFuturesFunding(
  data: Data,
  frameNative: string | undefined,
  frameTsMs: number,
  context: ParseContext,
): ParseOutcome {
  const native = nativeOf(data, frameNative);
  const rate = toOptionalNumber(data.rate ?? data.fundingRate);
  if (!native || rate === undefined) return malformed("push.funding.rate");
  const tsMs = isTime(frameTsMs) ? frameTsMs : recvMsOf(context);
  const event: FundingRateEvent = { kind: "funding_rate", ...eventBaseOf(context, native, tsMs), rate };
  const nextMs = toNumber(data.nextSettleTime);
  return [assignDefined(event, { nextFundingTsMs: isTime(nextMs) ? nextMs : undefined })];
}

function parseFairPrice(
  data: Data,
  frameNative: string | undefined,
  frameTsMs: number,
  context: ParseContext,
): ParseOutcome {
  const native = nativeOf(data, frameNative);
  const markPrice = toOptionalNumber(data.price);
  if (!native || markPrice === undefined) return malformed("push.fair.price");
  const tsMs = isTime(frameTsMs) ? frameTsMs : recvMsOf(context);
  const event: MarkPriceEvent = { kind: "mark_price", ...eventBaseOf(context, native, tsMs), markPrice };
  return [event];
}
