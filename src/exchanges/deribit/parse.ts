// Inbound Deribit frame → Parsed (pure, never throws on venue input). Subscription notifications become events
// (the ticker fans out to ticker, mark price, funding and open interest; trades flagged `liquidation` also yield
// liquidations); JSON-RPC answers become acks, pongs or venue errors; `test_request` heartbeats get their reply.

import type {
  EventBase,
  FundingRateEvent,
  KlineEvent,
  Level,
  MarketDataEvent,
  MarkPriceEvent,
  OpenInterestEvent,
  TickerEvent,
  TradeEvent,
} from "../../core/index.ts";
import { type ParseContext, type Parsed, type ParseOutcome, toParsed } from "../_shared/adapter.ts";
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
import { bookEventOf, marketOf, pushLiquidations } from "./events.ts";
import { matchBookFrame, matchTradesFrame } from "./fast-path.ts";
import { DERIBIT_TEST_REPLY, intervalOfResolution } from "./subscribe.ts";

type Data = Record<string, unknown>;

/** Error codes worth retrying: too_many_requests, retry, system_maintenance, temporarily_unavailable, timed_out. */
const RETRYABLE_CODES: ReadonlySet<number> = new Set([10028, 10040, 11051, 13028, 13888]);

const MINUTE_MS = 60_000;

const DOT = 46;

export function parseDeribitFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  // Book and trades notifications in Deribit's layout are matched whole; any other frame, and any surprise in one,
  // takes the JSON.parse path.
  return (
    matchBookFrame(frame, context) ?? matchTradesFrame(frame, context) ?? parseDeribitJson(frame, context)
  );
}

/** The JSON.parse path: every frame `parseDeribitFrame` does not read in place (exported to check the two agree). */
export function parseDeribitJson(frame: string, context: ParseContext): Parsed {
  const message = parseJson(frame);
  if (message === undefined) {
    // A blank frame is no JSON either: checking for one only here keeps `trim` off every data frame.
    if (frame.trim().length === 0) return { kind: "ignored", reason: "empty frame" };
    return { kind: "unmatched", topic: "(not json)" };
  }
  if (!isRecord(message)) return { kind: "unmatched", topic: "(not an object)" };

  if (message.method === "subscription") {
    const params = message.params;
    if (!isRecord(params) || typeof params.channel !== "string")
      return { kind: "unmatched", topic: "(subscription without channel)" };
    return toParsed(parseNotification(params.channel, params.data, context));
  }
  if (message.method === "heartbeat") {
    const type = isRecord(message.params) ? message.params.type : undefined;
    if (type === "test_request") return { kind: "ping", reply: DERIBIT_TEST_REPLY };
    return { kind: "ignored", reason: "server heartbeat" };
  }
  if (isRecord(message.error)) return venueErrorOf(message.error, message.id);
  if ("result" in message) return answerOf(message.result, message.id);
  return { kind: "unmatched", topic: "(unknown frame)" };
}

function malformed(channel: string): ParseOutcome {
  return { kind: "unmatched", topic: `${channel} (malformed)` };
}

function parseNotification(channel: string, data: unknown, context: ParseContext): ParseOutcome {
  // Instrument names hold no dots (a strike's decimal point is written `d`), so the channel splits cleanly. Only
  // the first segment is cut out here (this runs on every frame); `chart` channels are split whole.
  const dotAt = channel.indexOf(".");
  const head = dotAt < 0 ? channel : channel.slice(0, dotAt);
  switch (head) {
    case "book":
      // `book.{instrument}.{interval}`; the grouped `book.{instrument}.{group}.{depth}.{interval}` is not used.
      if (dotCountOf(channel, 0, channel.length) !== 2) return { kind: "unmatched", topic: "book (grouped)" };
      return isRecord(data) ? parseBook(data, context) : malformed("book");
    case "trades":
      return Array.isArray(data) ? parseTrades(data, context) : malformed("trades");
    case "ticker":
      return isRecord(data) ? parseTicker(data, context) : malformed("ticker");
    case "chart": {
      const parts = channel.split(".");
      const topic = `chart.${parts[1] ?? ""}`;
      if (topic !== "chart.trades") return { kind: "unmatched", topic };
      return isRecord(data) ? parseChart(channel, parts, data, context) : malformed("chart.trades");
    }
    default:
      // quote, perpetual, incremental_ticker, deribit_price_index, platform_state …: channels dig3 does not use.
      return { kind: "unmatched", topic: head || "(empty channel)" };
  }
}

/** How many dots `text` holds in [start, end). */
function dotCountOf(text: string, start: number, end: number): number {
  let dots = 0;
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === DOT) dots++;
  return dots;
}

function baseOf(context: ParseContext, native: string, tsMs: number): EventBase {
  const { account, symbol } = marketOf(native, context);
  return { exchange: context.exchange, account, symbol, tsMs, recvTsUs: context.recvTsUs };
}

function textOf(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

// ── book ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** `["new"|"change"|"delete", price, amount]` rows (`[price, amount]` from REST) → levels; delete means size 0. */
export function toBookLevels(rows: unknown): Level[] | undefined {
  if (!Array.isArray(rows)) return undefined;
  const levels: Level[] = [];
  for (const row of rows) {
    if (!Array.isArray(row)) return undefined;
    const hasAction = typeof row[0] === "string";
    const action = hasAction ? row[0] : "new";
    const price = toNumber(row[hasAction ? 1 : 0]);
    const amount = toNumber(row[hasAction ? 2 : 1]);
    if (!Number.isFinite(price) || !Number.isFinite(amount)) return undefined;
    if (action !== "new" && action !== "change" && action !== "delete") return undefined;
    levels.push([price, action === "delete" ? 0 : amount]);
  }
  return levels;
}

function parseBook(data: Data, context: ParseContext): ParseOutcome {
  const native = textOf(data.instrument_name);
  const tsMs = toNumber(data.timestamp);
  const seq = toNumber(data.change_id);
  const bids = toBookLevels(data.bids);
  const asks = toBookLevels(data.asks);
  if (!native || !isTime(tsMs) || !Number.isFinite(seq) || !bids || !asks) return malformed("book");
  const prevSeq = toOptionalNumber(data.prev_change_id);
  // Frames from before 2021 carry no `type`: the first one, the snapshot, is the one without prev_change_id.
  const isSnapshot = data.type === "snapshot" || (data.type === undefined && prevSeq === undefined);
  if (!isSnapshot && data.type !== undefined && data.type !== "change") return malformed("book");
  return [bookEventOf(context, native, tsMs, isSnapshot, bids, asks, seq, prevSeq)];
}

// ── trades and liquidations ────────────────────────────────────────────────────────────────────────────────────

/** One trade row (socket or REST) → TradeEvent; undefined when a field is unusable. */
export function tradeOf(row: Data, context: ParseContext): TradeEvent | undefined {
  const native = textOf(row.instrument_name);
  const price = toNumber(row.price);
  const size = toNumber(row.amount);
  const tsMs = toNumber(row.timestamp);
  const tradeId = toId(row.trade_id);
  const side = row.direction === "buy" || row.direction === "sell" ? row.direction : undefined;
  if (!native || !Number.isFinite(price) || !(size > 0) || !isTime(tsMs) || !tradeId || !side)
    return undefined;
  const { account, symbol } = marketOf(native, context);
  return tradeEventAt(context, account, symbol, tsMs, price, size, side, tradeId);
}

function parseTrades(rows: unknown[], context: ParseContext): ParseOutcome {
  const events: MarketDataEvent[] = [];
  for (const row of rows) {
    if (!isRecord(row)) return malformed("trades");
    const trade = tradeOf(row, context);
    if (!trade) return malformed("trades");
    events.push(trade);
    pushLiquidations(events, trade, row.liquidation);
  }
  if (events.length === 0) return { kind: "ignored", reason: "empty trades batch" };
  return events;
}

// ── ticker fan-out ─────────────────────────────────────────────────────────────────────────────────────────────

/** A best price counts only with size behind it: Deribit sends 0 / 0 for an empty side. */
function bestOf(price: unknown, amount: unknown): { price?: number; size?: number } {
  const size = toOptionalNumber(amount);
  const value = toOptionalNumber(price);
  if (value === undefined || size === undefined || size <= 0) return {};
  return { price: value, size };
}

/** The ticker part of a `ticker` notification or a `public/ticker` result. */
export function tickerOf(data: Data, context: ParseContext): TickerEvent | undefined {
  const native = textOf(data.instrument_name);
  const tsMs = toNumber(data.timestamp);
  if (!native || !isTime(tsMs)) return undefined;
  const base = baseOf(context, native, tsMs);
  const stats = isRecord(data.stats) ? data.stats : {};
  const bid = bestOf(data.best_bid_price, data.best_bid_amount);
  const ask = bestOf(data.best_ask_price, data.best_ask_amount);
  const event: TickerEvent = { kind: "ticker", ...base };
  return assignDefined(event, {
    last: toOptionalNumber(data.last_price),
    bid: bid.price,
    bidSize: bid.size,
    ask: ask.price,
    askSize: ask.size,
    high24h: toOptionalNumber(stats.high),
    low24h: toOptionalNumber(stats.low),
    volume24h: toOptionalNumber(stats.volume),
    // Quote-currency volume: `volume_notional` where sent, else USD (the quote of inverse contracts); options
    // trade in premium, which has no quote volume.
    quoteVolume24h:
      base.account === "option"
        ? undefined
        : (toOptionalNumber(stats.volume_notional) ?? toOptionalNumber(stats.volume_usd)),
    changePct24h: toOptionalNumber(stats.price_change),
  });
}

function parseTicker(data: Data, context: ParseContext): ParseOutcome {
  const ticker = tickerOf(data, context);
  if (!ticker) return malformed("ticker");
  const events: MarketDataEvent[] = [ticker];
  if (ticker.account === "spot") return events;
  const base: EventBase = {
    exchange: ticker.exchange,
    account: ticker.account,
    symbol: ticker.symbol,
    tsMs: ticker.tsMs,
    recvTsUs: ticker.recvTsUs,
  };
  const markPrice = toOptionalNumber(data.mark_price);
  if (markPrice !== undefined) {
    const mark: MarkPriceEvent = { kind: "mark_price", ...base, markPrice };
    events.push(assignDefined(mark, { indexPrice: toOptionalNumber(data.index_price) }));
  }
  // Perpetuals only. Deribit funds continuously; funding_8h is the rate over the last 8 hours, comparable with the
  // 8-hourly rates of other venues, so there is no next funding time to report.
  const rate = toOptionalNumber(data.funding_8h);
  if (rate !== undefined) {
    const funding: FundingRateEvent = { kind: "funding_rate", ...base, rate };
    events.push(funding);
  }
  const openInterest = toOptionalNumber(data.open_interest);
  if (openInterest !== undefined) {
    const event: OpenInterestEvent = { kind: "open_interest", ...base, openInterest };
    // Inverse open interest is counted in USD already; linear in coins, valued at the mark price.
    const value =
      base.account === "inverse"
        ? openInterest
        : base.account === "linear" && markPrice !== undefined
          ? openInterest * markPrice
          : undefined;
    events.push(assignDefined(event, { openInterestValue: value }));
  }
  return events;
}

// ── klines ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** Length of a canonical interval (`1m`, `12h`, `1d`) in ms. */
export function intervalMsOf(interval: string): number {
  const match = /^(\d+)([mhd])$/.exec(interval);
  if (!match) return Number.NaN;
  const unit = match[2] === "m" ? MINUTE_MS : match[2] === "h" ? 60 * MINUTE_MS : 24 * 60 * MINUTE_MS;
  return Number(match[1]) * unit;
}

/**
 * `chart.trades.{instrument}.{resolution}` → the bar in progress (`closed: false`). Deribit never says a bar is
 * final; a bar is final once a later one starts, so the session keeps the last bar per channel and emits it once
 * more with `closed: true` when the next bar's first update arrives. After a reconnect the session is empty and the
 * bar cut off by the outage is left to REST backfill.
 */
function parseChart(channel: string, parts: string[], data: Data, context: ParseContext): ParseOutcome {
  const native = parts[2];
  const interval = intervalOfResolution(parts[3] ?? "");
  const openTimeMs = toNumber(data.tick);
  const values = [
    toNumber(data.open),
    toNumber(data.high),
    toNumber(data.low),
    toNumber(data.close),
    toNumber(data.volume),
  ] as const;
  if (!native || !interval || parts.length !== 4 || !isTime(openTimeMs) || !values.every(Number.isFinite))
    return malformed("chart.trades");
  const [open, high, low, close, volume] = values;
  const intervalMs = intervalMsOf(interval);
  const recvMs = recvMsOf(context);
  const bar: KlineEvent = {
    kind: "kline",
    ...baseOf(context, native, Math.max(openTimeMs, recvMs)),
    interval,
    openTimeMs,
    closeTimeMs: openTimeMs + intervalMs - 1,
    open,
    high,
    low,
    close,
    volume,
    closed: false,
  };
  assignDefined(bar, { quoteVolume: toOptionalNumber(data.cost) });
  const key = `deribit-kline|${channel}`;
  const previous = context.session.get(key) as KlineEvent | undefined;
  context.session.set(key, bar);
  if (!previous || previous.openTimeMs >= openTimeMs) return [bar];
  const closedBar: KlineEvent = { ...previous, tsMs: openTimeMs, recvTsUs: context.recvTsUs, closed: true };
  return [closedBar, bar];
}

// ── answers and errors ─────────────────────────────────────────────────────────────────────────────────────────

function answerOf(result: unknown, id: unknown): Parsed {
  const request = toId(id);
  const where = request ? `id ${request}` : "no id";
  if (isRecord(result) && typeof result.version === "string") return { kind: "pong" };
  if (Array.isArray(result)) return { kind: "ack", note: `${where}: ${result.length} channels` };
  if (result === "ok") return { kind: "ack", note: `${where}: ok` };
  return { kind: "ack", note: where };
}

function venueErrorOf(error: Data, id: unknown): Parsed {
  const code = toOptionalNumber(error.code);
  const text = typeof error.message === "string" ? error.message : "request failed";
  const data = isRecord(error.data) ? error.data : undefined;
  const reason = data && typeof data.reason === "string" ? `: ${data.reason}` : "";
  const param = data && typeof data.param === "string" ? ` (${data.param})` : "";
  const request = toId(id);
  const where = request ? ` (request ${request})` : "";
  return {
    kind: "venue-error",
    message: `${code === undefined ? "" : `code ${code}: `}${text}${reason}${param}${where}`,
    retryable: code !== undefined && RETRYABLE_CODES.has(code),
  };
}
