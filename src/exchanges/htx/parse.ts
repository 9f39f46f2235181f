// Inbound HTX frame (already inflated from gzip) → Parsed (pure, never throws on venue input). Market pushes (`ch`)
// and notification pushes (`op: notify`) become normalized events; both heartbeat styles are answered through
// `{ kind: "ping", reply }`; acks, errors and server notices become control verdicts; anything else is reported.

import type {
  FundingRateEvent,
  KlineEvent,
  LiquidationEvent,
  MarkPriceEvent,
  Side,
  TickerEvent,
  TradeEvent,
} from "../../core/index.ts";
import { type ParseContext, type Parsed, type ParseOutcome, toParsed } from "../_shared/adapter.ts";
import { closeTimeOf } from "../_shared/bar-times.ts";
import { eventBaseOf, tradeEventOf } from "../_shared/event-base.ts";
import { INTEGER, TIME_MS } from "../_shared/frame-patterns.ts";
import { RECENT_NATIVES, RecentStrings } from "../_shared/scan.ts";
import {
  assignDefined,
  isPositiveFinite,
  isRecord,
  isTime,
  parseJson,
  toId,
  toNumber,
  toOptionalNumber,
} from "../_shared/values.ts";
import {
  noteMbpSubscribed,
  noteMbpUnsubscribed,
  parseDepthStep,
  parseHighFreqDepth,
  parseMbpDelta,
  parseMbpRefresh,
  parseMbpRefreshPush,
} from "./book.ts";
import { intervalOfPeriod, isMbpTopic } from "./subscribe.ts";

type Data = Record<string, unknown>;

const RETRYABLE_RE =
  /too many|429|limit|timeout|timed out|try again|busy|unavailable|system error|maintenance/i;

/** Notification-socket codes that are not failures: 2014 "Repeated subscription". */
const HARMLESS_OP_CODES: ReadonlySet<number> = new Set([2014]);

export function parseHtxFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  return matchTradeDetailFrame(frame, context) ?? parseHtxJson(frame, context);
}

/** The JSON.parse path: every frame `parseHtxFrame` does not match whole (exported to check the two agree). */
export function parseHtxJson(frame: string, context: ParseContext): Parsed {
  const message = parseJson(frame);
  if (message === undefined) {
    // A blank frame is no JSON either: checking for one only here keeps `trim` off every data frame.
    if (frame.trim().length === 0) return { kind: "ignored", reason: "empty frame" };
    return { kind: "unmatched", topic: "(not json)" };
  }
  if (!isRecord(message)) return { kind: "unmatched", topic: "(not an object)" };

  if (typeof message.ch === "string") return toParsed(parseMarketPush(message.ch, message, context));
  const heartbeat = heartbeatOf(message);
  if (heartbeat) return heartbeat;
  if (typeof message.op === "string") return parseOpFrame(message.op, message, context);
  if (message.status === "error") return venueErrorOf(message);
  if (typeof message.subbed === "string") {
    if (isMbpTopic(message.subbed)) noteMbpSubscribed(context, message.subbed);
    return { kind: "ack", note: `subbed ${message.subbed}` };
  }
  if (typeof message.unsubbed === "string") {
    noteMbpUnsubscribed(context, message.unsubbed);
    return { kind: "ack", note: `unsubbed ${message.unsubbed}` };
  }
  if (typeof message.rep === "string") return toParsed(parseRequestAnswer(message.rep, message, context));
  return { kind: "unmatched", topic: "(unknown frame)" };
}

function malformed(channel: string): ParseOutcome {
  return { kind: "unmatched", topic: `${channel} (malformed)` };
}

// ── heartbeats, acks and errors ────────────────────────────────────────────────────────────────────────────────

/**
 * `{"ping": n}` (market sockets) is answered `{"pong": n}`, `{"op":"ping","ts":…}` (notification sockets)
 * `{"op":"pong","ts":…}`: the value goes back as received. `{"pong": n}` is the answer to a client ping.
 */
function heartbeatOf(message: Data): Parsed | undefined {
  const ping = message.ping;
  if (typeof ping === "number" || typeof ping === "string")
    return { kind: "ping", reply: JSON.stringify({ pong: ping }) };
  if (message.op === "ping" && (typeof message.ts === "number" || typeof message.ts === "string"))
    return { kind: "ping", reply: JSON.stringify({ op: "pong", ts: message.ts }) };
  if ("pong" in message && Object.keys(message).length === 1) return { kind: "pong" };
  return undefined;
}

function venueErrorOf(message: Data): Parsed {
  const code = toId(message["err-code"] ?? message.err_code);
  const text = typeof message["err-msg"] === "string" ? message["err-msg"] : toId(message.err_msg);
  const id = toId(message.id ?? message.cid);
  const where = id ? ` (request ${id})` : "";
  const body = text || "request failed";
  return {
    kind: "venue-error",
    message: code ? `${code}: ${body}${where}` : `${body}${where}`,
    retryable: RETRYABLE_RE.test(body),
  };
}

/** Notification-socket frames: acks of `sub`/`unsub`, pushes, server close and error notices. */
function parseOpFrame(op: string, message: Data, context: ParseContext): Parsed {
  switch (op) {
    case "notify":
      return toParsed(parseNotify(message, context));
    case "sub":
    case "unsub": {
      const code = toNumber(message["err-code"]);
      const topic = typeof message.topic === "string" ? message.topic : "";
      if (code === 0 || HARMLESS_OP_CODES.has(code) || message["err-code"] === undefined)
        return { kind: "ack", note: `${op} ${topic}` };
      const error = venueErrorOf(message);
      return error.kind === "venue-error" && topic
        ? { ...error, message: `${error.message} [${topic}]` }
        : error;
    }
    case "pong":
      return message["err-code"] !== undefined && toNumber(message["err-code"]) !== 0
        ? venueErrorOf(message)
        : { kind: "pong" };
    case "close":
      return {
        kind: "venue-error",
        message: "server closed the session; reconnect",
        retryable: true,
        reconnect: true,
      };
    case "error":
      return {
        kind: "venue-error",
        message: "server reported an invalid request or an internal error",
        retryable: true,
      };
    default:
      return { kind: "unmatched", topic: `op ${op}` };
  }
}

/** `rep` answers: the MBP refresh image anchors a book; other `req` answers are not requested by dig3. */
function parseRequestAnswer(rep: string, message: Data, context: ParseContext): ParseOutcome {
  if (message.status !== "ok") return { kind: "ignored", reason: `request answer ${rep}` };
  const parts = rep.split(".");
  if (parts[0] === "market" && isMbpTopic(rep)) return parseMbpRefresh(rep, parts[1] ?? "", message, context);
  return { kind: "ignored", reason: `request answer ${rep}` };
}

// ── market pushes ──────────────────────────────────────────────────────────────────────────────────────────────

const MARKET_PREFIX = "market.";
const TRADE_CHANNEL = "trade.detail";

function parseMarketPush(ch: string, message: Data, context: ParseContext): ParseOutcome {
  // `market.$symbol.trade.detail`, the busiest topic, read with indexOf instead of a split and a join.
  const nativeEnd = ch.startsWith(MARKET_PREFIX) ? ch.indexOf(".", MARKET_PREFIX.length) : -1;
  if (
    nativeEnd > MARKET_PREFIX.length &&
    ch.length === nativeEnd + 1 + TRADE_CHANNEL.length &&
    ch.endsWith(TRADE_CHANNEL)
  ) {
    const tick = message.tick;
    if (!isRecord(tick)) return malformed(TRADE_CHANNEL);
    return parseTrades(tradeNatives.same(ch.slice(MARKET_PREFIX.length, nativeEnd)), message, tick, context);
  }
  const parts = ch.split(".");
  const native = parts[1];
  if (parts[0] !== "market" || !native || parts.length < 3) return { kind: "unmatched", topic: ch };
  const channel = parts.slice(2).join(".");
  const tick = message.tick;
  if (!isRecord(tick)) return malformed(channel);
  switch (parts[2]) {
    case "trade":
      return channel === "trade.detail" ? parseTrades(native, message, tick, context) : unmatched(channel);
    case "mbp":
      if (parts.length === 4) return parseMbpDelta(ch, native, message, tick, context);
      if (parts[3] === "refresh") return parseMbpRefreshPush(native, message, tick, context);
      return unmatched(channel);
    case "depth":
      if (parts[4] === "high_freq") return parseHighFreqDepth(native, message, tick, context);
      if (parts.length === 4 && parts[3]?.startsWith("step"))
        return parseDepthStep(parts[3], native, message, tick, context);
      return unmatched(channel);
    case "kline":
      return parseKline(ch, native, parts[3] ?? "", message, tick, context);
    case "mark_price":
      return parseMarkPrice(native, message, tick, context);
    case "ticker":
      return parseSpotTicker(native, message, tick, context);
    case "detail":
      return parseDetail(native, message, tick, context);
    case "bbo":
      return parseBbo(native, message, tick, context);
    default:
      // index, premium_index, estimated_rate, basis: index-socket klines dig3 does not subscribe to.
      return unmatched(channel);
  }
}

function unmatched(channel: string): ParseOutcome {
  return { kind: "unmatched", topic: channel };
}

function sideOf(direction: unknown): Side | undefined {
  return direction === "buy" ? "buy" : direction === "sell" ? "sell" : undefined;
}

/**
 * Spot rows: `tradeId` (the 26-digit `id` does not survive JSON numbers; very old rows sent `id` as text). Contract
 * rows: `id`. `amount` is base units on spot and contracts on the contract sockets.
 */
function tradeIdOf(row: Data): string {
  return toId(row.tradeId ?? row["trade-id"] ?? row.id);
}

function parseTrades(native: string, message: Data, tick: Data, context: ParseContext): ParseOutcome {
  if (!Array.isArray(tick.data)) return malformed("trade.detail");
  const tickTsMs = toNumber(tick.ts);
  const tickMs = isTime(tickTsMs) ? tickTsMs : toNumber(message.ts);
  const events: TradeEvent[] = [];
  let skipped = 0;
  for (const row of tick.data) {
    if (!isRecord(row)) return malformed("trade.detail");
    const price = toNumber(row.price);
    const size = toNumber(row.amount);
    const rowMs = toNumber(row.ts);
    const tsMs = isTime(rowMs) ? rowMs : tickMs;
    const tradeId = tradeIdOf(row);
    if (!Number.isFinite(price) || !Number.isFinite(size) || !isTime(tsMs) || !tradeId)
      return malformed("trade.detail");
    const side = sideOf(row.direction);
    // Contract prints with an empty `direction` have no taker (they do not come from the order book).
    if (!side || !(price > 0) || !(size > 0)) {
      skipped++;
      continue;
    }
    events.push(tradeEventOf(context, native, tsMs, price, size, side, tradeId));
  }
  if (events.length === 0)
    return { kind: "ignored", reason: skipped > 0 ? "trades without a taker side" : "empty trade batch" };
  return events;
}

// ── trade.detail matched whole ─────────────────────────────────────────────────────────────────────────────────

/** An unsigned JSON number (HTX sends `2.284E-5`): `Number` of its text is the double JSON.parse gives. */
const JSON_NUMBER = String.raw`(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?`;

/** `{"ch":"market.<symbol>.trade.detail","ts":…,"tick":{"id":…,"ts":…,"data":[`, symbol captured (no dot in it). */
const HEAD_PATTERN = String.raw`\{"ch":"market\.([^"\\.\x00-\x1f]+)\.trade\.detail","ts":${INTEGER},"tick":\{"id":${INTEGER},"ts":${INTEGER},"data":\[`;
const HEAD_GROUPS = 1;

/**
 * One row, spot `{id, ts, tradeId, amount, price, direction}` or contract `{amount, [quantity], [trade_turnover], ts,
 * id, price, direction}`, in HTX's order. The JSON path reads the same fields: the spot `id` (26 digits, no exact
 * number) is not the trade id, `tradeId` is; contracts have only `id`. Rows without a taker side do not match.
 */
const ROW_PATTERN =
  String.raw`\{"id":${INTEGER},"ts":(${TIME_MS}),"tradeId":(${INTEGER}),"amount":(${JSON_NUMBER}),"price":(${JSON_NUMBER}),"direction":"(buy|sell)"\}` +
  String.raw`|\{"amount":(${JSON_NUMBER}),(?:"quantity":${JSON_NUMBER},)?(?:"trade_turnover":${JSON_NUMBER},)?"ts":(${TIME_MS}),"id":(${INTEGER}),"price":(${JSON_NUMBER}),"direction":"(buy|sell)"\}`;
/** Where ROW_PATTERN captures each value of one layout (after `offset` groups before it). */
const SPOT_ROW = { tsMs: 1, id: 2, size: 3, price: 4, side: 5 } as const;
const CONTRACT_ROW = { size: 6, tsMs: 7, id: 8, price: 9, side: 10 } as const;

const TRADE_TAIL = "]}}";

/** A push of one row matched whole, the usual case: one pattern run instead of two. */
const ONE_ROW_FRAME = new RegExp(String.raw`^${HEAD_PATTERN}(?:${ROW_PATTERN})\]\}\}$`);
/** A push of any number of rows: the head, then row after row from where the last one ended, then the tail. */
const TRADE_HEAD = new RegExp(HEAD_PATTERN, "y");
const TRADE_ROW = new RegExp(ROW_PATTERN, "y");
const COMMA = 44;

/**
 * The text `toId` makes of a JSON integer: its own digits while the number is exact (15 digits always are), else
 * the digits of the double JSON.parse rounds it to.
 */
function idOfInteger(digits: string): string {
  return digits.length <= 15 ? digits : String(Number(digits));
}

/**
 * The symbols trade frames named lately, handed out again for an equal one: `symbolOf` then does not hash a new
 * string per frame.
 */
const tradeNatives = new RecentStrings(RECENT_NATIVES);

/**
 * A `trade.detail` push in the exact layout HTX sends (no whitespace, keys in its order), matched by patterns (see
 * `_shared/frame-patterns.ts`), to the events `parseTrades` builds. Anything else (other key order, whitespace,
 * escapes, a row without a taker side, a zero or unbounded price or size, no row at all) returns undefined and takes
 * the JSON.parse path, which judges it. Skips building the JSON tree, the larger part of this frame's decode.
 */
export function matchTradeDetailFrame(frame: string, context: ParseContext): Parsed | undefined {
  const whole = ONE_ROW_FRAME.exec(frame);
  if (whole !== null) {
    const trade = tradeOfMatch(whole, HEAD_GROUPS, tradeNatives.same(whole[1]!), context);
    return trade && { kind: "events", events: [trade] };
  }
  TRADE_HEAD.lastIndex = 0;
  const head = TRADE_HEAD.exec(frame);
  if (head === null) return undefined;
  const native = tradeNatives.same(head[1]!);
  const events: TradeEvent[] = [];
  let pos = TRADE_HEAD.lastIndex;
  for (;;) {
    TRADE_ROW.lastIndex = pos;
    const row = TRADE_ROW.exec(frame);
    const trade = row && tradeOfMatch(row, 0, native, context);
    if (!trade) return undefined;
    events.push(trade);
    pos = TRADE_ROW.lastIndex;
    if (frame.charCodeAt(pos) === COMMA) pos++;
    else break;
  }
  if (pos + TRADE_TAIL.length !== frame.length || !frame.endsWith(TRADE_TAIL)) return undefined;
  return { kind: "events", events };
}

/** The trade of a matched row whose groups start after `offset` others; undefined where the JSON path judges. */
function tradeOfMatch(
  match: RegExpExecArray,
  offset: number,
  native: string,
  context: ParseContext,
): TradeEvent | undefined {
  const layout = match[offset + SPOT_ROW.side] !== undefined ? SPOT_ROW : CONTRACT_ROW;
  const price = Number(match[offset + layout.price]);
  const size = Number(match[offset + layout.size]);
  // The JSON.parse path skips a zero price or size and calls an unbounded one malformed: left to it.
  if (!isPositiveFinite(price) || !isPositiveFinite(size)) return undefined;
  const side: Side = match[offset + layout.side] === "buy" ? "buy" : "sell";
  const tsMs = Number(match[offset + layout.tsMs]);
  return tradeEventOf(context, native, tsMs, price, size, side, idOfInteger(match[offset + layout.id]!));
}

/**
 * `market.$symbol.kline.$period` → the bar in progress. HTX never marks a bar final; it is final once a later bar
 * starts, so the session keeps the last bar per topic and emits it again with `closed: true` then. Spot volumes:
 * `amount` base, `vol` quote; contract volumes: `vol` contracts, `trade_turnover` quote (USDT-margined).
 */
function parseKline(
  ch: string,
  native: string,
  period: string,
  message: Data,
  tick: Data,
  context: ParseContext,
): ParseOutcome {
  const interval = intervalOfPeriod(period);
  if (!interval) return { kind: "unmatched", topic: `kline.${period}` };
  const openTimeMs = toNumber(tick.id) * 1000;
  const tsMs = toNumber(message.ts);
  const isSpot = context.account === "spot";
  const values = [
    toNumber(tick.open),
    toNumber(tick.high),
    toNumber(tick.low),
    toNumber(tick.close),
    toNumber(isSpot ? tick.amount : tick.vol),
  ] as const;
  if (!isTime(openTimeMs) || !isTime(tsMs) || !values.every(Number.isFinite)) return malformed("kline");
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
    closeTimeMs: closeTimeOf(openTimeMs, interval),
    quoteVolume: isSpot
      ? toOptionalNumber(tick.vol)
      : context.account === "linear"
        ? toOptionalNumber(tick.trade_turnover)
        : undefined,
    trades: toOptionalNumber(tick.count),
  });
  const key = `htx-kline|${ch}`;
  const previous = context.session.get(key) as KlineEvent | undefined;
  context.session.set(key, bar);
  if (!previous || previous.openTimeMs >= openTimeMs) return [bar];
  const closedBar: KlineEvent = { ...previous, tsMs, recvTsUs: context.recvTsUs, closed: true };
  return [closedBar, bar];
}

/** `market.$contract_code.mark_price.$period` (index socket): the kline's `close` is the latest mark price. */
function parseMarkPrice(native: string, message: Data, tick: Data, context: ParseContext): ParseOutcome {
  const markPrice = toNumber(tick.close);
  const tsMs = toNumber(message.ts);
  if (!Number.isFinite(markPrice) || !(markPrice > 0) || !isTime(tsMs)) return malformed("mark_price");
  const event: MarkPriceEvent = { kind: "mark_price", ...eventBaseOf(context, native, tsMs), markPrice };
  return [event];
}

function changePctOf(open: number, last: number): number | undefined {
  return open > 0 && Number.isFinite(last) ? ((last - open) / open) * 100 : undefined;
}

/** Spot `market.$symbol.ticker`: rolling 24 h stats, best bid and ask, last trade. */
function parseSpotTicker(native: string, message: Data, tick: Data, context: ParseContext): ParseOutcome {
  const tsMs = toNumber(message.ts);
  const last = toNumber(tick.lastPrice ?? tick.close);
  if (!isTime(tsMs) || !Number.isFinite(last)) return malformed("ticker");
  const event: TickerEvent = { kind: "ticker", ...eventBaseOf(context, native, tsMs), last };
  return [
    assignDefined(event, {
      bid: toOptionalNumber(tick.bid),
      bidSize: toOptionalNumber(tick.bidSize),
      ask: toOptionalNumber(tick.ask),
      askSize: toOptionalNumber(tick.askSize),
      high24h: toOptionalNumber(tick.high),
      low24h: toOptionalNumber(tick.low),
      volume24h: toOptionalNumber(tick.amount),
      quoteVolume24h: toOptionalNumber(tick.vol),
      changePct24h: changePctOf(toNumber(tick.open), last),
    }),
  ];
}

/** `[price, size]` of a contract quote (`bid`, `ask`; the docs' example spells them `bids`, `asks`). */
function quoteOf(value: unknown): { price?: number; size?: number } {
  if (!Array.isArray(value)) return {};
  return { price: toOptionalNumber(value[0]), size: toOptionalNumber(value[1]) };
}

/**
 * `market.$symbol.detail`: rolling 24 h stats. Contracts add a best bid and ask (about 500 ms late) and count volume in
 * contracts (`vol`) with the quote turnover; spot counts `amount` in base and `vol` in quote.
 */
function parseDetail(native: string, message: Data, tick: Data, context: ParseContext): ParseOutcome {
  const tsMs = toNumber(message.ts);
  const last = toNumber(tick.close);
  if (!isTime(tsMs) || !Number.isFinite(last)) return malformed("detail");
  const isSpot = context.account === "spot";
  const bid = quoteOf(tick.bid ?? tick.bids);
  const ask = quoteOf(tick.ask ?? tick.asks);
  const event: TickerEvent = { kind: "ticker", ...eventBaseOf(context, native, tsMs), last };
  return [
    assignDefined(event, {
      bid: bid.price,
      bidSize: bid.size,
      ask: ask.price,
      askSize: ask.size,
      high24h: toOptionalNumber(tick.high),
      low24h: toOptionalNumber(tick.low),
      volume24h: toOptionalNumber(isSpot ? tick.amount : tick.vol),
      quoteVolume24h: isSpot
        ? toOptionalNumber(tick.vol)
        : context.account === "linear"
          ? toOptionalNumber(tick.trade_turnover)
          : undefined,
      changePct24h: changePctOf(toNumber(tick.open), last),
    }),
  ];
}

/** `market.$symbol.bbo` → a ticker with the best bid and ask only (spot: flat fields; contracts: pairs). */
function parseBbo(native: string, message: Data, tick: Data, context: ParseContext): ParseOutcome {
  const quoteMs = toNumber(tick.quoteTime ?? tick.ts);
  const tsMs = isTime(quoteMs) ? quoteMs : toNumber(message.ts);
  const bid = Array.isArray(tick.bid)
    ? quoteOf(tick.bid)
    : { price: toOptionalNumber(tick.bid), size: toOptionalNumber(tick.bidSize) };
  const ask = Array.isArray(tick.ask)
    ? quoteOf(tick.ask)
    : { price: toOptionalNumber(tick.ask), size: toOptionalNumber(tick.askSize) };
  if (!isTime(tsMs) || (bid.price === undefined && ask.price === undefined)) return malformed("bbo");
  const event: TickerEvent = { kind: "ticker", ...eventBaseOf(context, native, tsMs) };
  return [assignDefined(event, { bid: bid.price, bidSize: bid.size, ask: ask.price, askSize: ask.size })];
}

// ── notification pushes ────────────────────────────────────────────────────────────────────────────────────────

/** `{"op":"notify","topic":"public.$contract_code.<name>","data":[…]}`. */
function parseNotify(message: Data, context: ParseContext): ParseOutcome {
  const topic = typeof message.topic === "string" ? message.topic : "";
  const parts = topic.split(".");
  const name = parts.slice(2).join(".");
  if (parts[0] !== "public" || !parts[1] || !name) return { kind: "unmatched", topic: topic || "notify" };
  if (!Array.isArray(message.data)) return malformed(name);
  const rows = message.data.filter(isRecord);
  switch (name) {
    case "funding_rate":
      return parseFunding(rows, parts[1], message, context);
    case "liquidation_orders":
      return parseLiquidations(rows, parts[1], context);
    case "contract_info":
      return { kind: "ignored", reason: "contract info" };
    default:
      return { kind: "unmatched", topic: `public.${name}` };
  }
}

/**
 * Funding: `funding_rate` is the current period's rate (recomputed about every 5 s), applied at `settlement_time`.
 * The event time is the push time (`funding_time` is when the rate was computed, the same within a few seconds).
 */
function parseFunding(rows: Data[], topicNative: string, message: Data, context: ParseContext): ParseOutcome {
  const pushMs = toNumber(message.ts);
  const events: FundingRateEvent[] = [];
  for (const row of rows) {
    const rate = toNumber(row.funding_rate);
    const computedMs = toNumber(row.funding_time);
    const tsMs = isTime(pushMs) ? pushMs : computedMs;
    const native = typeof row.contract_code === "string" ? row.contract_code : topicNative;
    if (!Number.isFinite(rate) || !isTime(tsMs)) return malformed("funding_rate");
    const event: FundingRateEvent = { kind: "funding_rate", ...eventBaseOf(context, native, tsMs), rate };
    const settlementMs = toNumber(row.settlement_time);
    events.push(assignDefined(event, { nextFundingTsMs: isTime(settlementMs) ? settlementMs : undefined }));
  }
  return events.length > 0 ? events : { kind: "ignored", reason: "empty funding push" };
}

/**
 * Liquidation orders: `direction` is the liquidation order's side (a long being closed is `sell`), `volume`
 * contracts, `price` the bankruptcy price, `trade_turnover` its value in the quote currency.
 */
function parseLiquidations(rows: Data[], topicNative: string, context: ParseContext): ParseOutcome {
  const events: LiquidationEvent[] = [];
  for (const row of rows) {
    const side = sideOf(row.direction);
    const price = toNumber(row.price);
    const size = toNumber(row.volume);
    const tsMs = toNumber(row.created_at);
    const native = typeof row.contract_code === "string" ? row.contract_code : topicNative;
    if (!side || !Number.isFinite(price) || !Number.isFinite(size) || !isTime(tsMs))
      return malformed("liquidation_orders");
    const event: LiquidationEvent = {
      kind: "liquidation",
      ...eventBaseOf(context, native, tsMs),
      side,
      price,
      size,
    };
    events.push(assignDefined(event, { value: toOptionalNumber(row.trade_turnover) }));
  }
  return events.length > 0 ? events : { kind: "ignored", reason: "empty liquidation push" };
}
