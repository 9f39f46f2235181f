// Inbound Deribit frame → Parsed (pure, never throws on venue input). Subscription notifications become events
// (the ticker fans out to ticker, mark price, funding and open interest; trades flagged `liquidation` also yield
// liquidations); JSON-RPC answers become acks, pongs or venue errors; `test_request` heartbeats get their reply.

import type {
  Account,
  BookEvent,
  EventBase,
  FundingRateEvent,
  KlineEvent,
  Level,
  LiquidationEvent,
  MarketDataEvent,
  MarkPriceEvent,
  OpenInterestEvent,
  Side,
  TickerEvent,
  TradeEvent,
} from "../../core/index.ts";
import { type ParseContext, type Parsed, type ParseOutcome, toParsed } from "../_shared/adapter.ts";
import { recvMsOf } from "../_shared/event-base.ts";
import {
  assignDefined,
  isRecord,
  isTime,
  parseJson,
  toId,
  toNumber,
  toOptionalNumber,
} from "../_shared/values.ts";
import { DERIBIT_TEST_REPLY, intervalOfResolution } from "./subscribe.ts";
import { describeDeribitNative } from "./symbols.ts";

type Data = Record<string, unknown>;

/** Error codes worth retrying: too_many_requests, retry, system_maintenance, temporarily_unavailable, timed_out. */
const RETRYABLE_CODES: ReadonlySet<number> = new Set([10028, 10040, 11051, 13028, 13888]);

const MINUTE_MS = 60_000;

export function parseDeribitFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  if (frame.trim().length === 0) return { kind: "ignored", reason: "empty frame" };
  const message = parseJson(frame);
  if (message === undefined) return { kind: "unmatched", topic: "(not json)" };
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
  // Instrument names hold no dots (a strike's decimal point is written `d`), so the channel splits cleanly.
  const parts = channel.split(".");
  const topic = parts[0] === "chart" ? `${parts[0]}.${parts[1] ?? ""}` : (parts[0] ?? "");
  switch (topic) {
    case "book":
      // `book.{instrument}.{interval}`; the grouped `book.{instrument}.{group}.{depth}.{interval}` is not used.
      if (parts.length !== 3) return { kind: "unmatched", topic: "book (grouped)" };
      return isRecord(data) ? parseBook(data, context) : malformed("book");
    case "trades":
      return Array.isArray(data) ? parseTrades(data, context) : malformed("trades");
    case "ticker":
      return isRecord(data) ? parseTicker(data, context) : malformed("ticker");
    case "chart.trades":
      return isRecord(data) ? parseChart(channel, parts, data, context) : malformed("chart.trades");
    default:
      // quote, perpetual, incremental_ticker, deribit_price_index, platform_state …: channels dig3 does not use.
      return { kind: "unmatched", topic: topic || "(empty channel)" };
  }
}

/**
 * The market and canonical symbol of an instrument. Deribit serves every market on one socket and its names say
 * which market they are, so the name decides; the context's account only covers names outside the plain forms.
 */
export function marketOf(native: string, context: ParseContext): { account: Account; symbol: string } {
  const described = describeDeribitNative(native);
  if (!described || described.account === context.account) {
    return { account: context.account, symbol: context.symbolOf(native) };
  }
  return described;
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
  const event: BookEvent = {
    kind: "book",
    ...baseOf(context, native, tsMs),
    type: isSnapshot ? "snapshot" : "delta",
    bids,
    asks,
    seq,
  };
  // A snapshot's prev_change_id (sometimes sent) chains to nothing the client holds.
  if (!isSnapshot && prevSeq !== undefined) event.prevSeq = prevSeq;
  return [event];
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
  return { kind: "trade", ...baseOf(context, native, tsMs), price, size, side, tradeId };
}

function opposite(side: Side): Side {
  return side === "buy" ? "sell" : "buy";
}

/**
 * A trade's liquidation flag → the liquidated orders' sides. `direction` is the taker's: "T" (taker liquidated) is
 * an order on the taker's side, "M" (maker liquidated) one on the other side, "MT" one of each.
 */
function liquidatedSidesOf(flag: unknown, takerSide: Side): Side[] {
  switch (flag) {
    case "T":
      return [takerSide];
    case "M":
      return [opposite(takerSide)];
    case "MT":
      return [takerSide, opposite(takerSide)];
    default:
      return [];
  }
}

function parseTrades(rows: unknown[], context: ParseContext): ParseOutcome {
  const events: MarketDataEvent[] = [];
  for (const row of rows) {
    if (!isRecord(row)) return malformed("trades");
    const trade = tradeOf(row, context);
    if (!trade) return malformed("trades");
    events.push(trade);
    for (const side of liquidatedSidesOf(row.liquidation, trade.side)) {
      const liquidation: LiquidationEvent = {
        kind: "liquidation",
        exchange: trade.exchange,
        account: trade.account,
        symbol: trade.symbol,
        tsMs: trade.tsMs,
        recvTsUs: trade.recvTsUs,
        side,
        price: trade.price,
        size: trade.size,
      };
      events.push(assignDefined(liquidation, { value: notionalOf(trade.account, trade.price, trade.size) }));
    }
  }
  if (events.length === 0) return { kind: "ignored", reason: "empty trades batch" };
  return events;
}

/**
 * Value in the quote currency: inverse amounts are already USD; linear and spot amounts are coins; option prices are
 * premiums in the settlement coin, so an option's price × amount is no notional and is left out.
 */
function notionalOf(account: Account, price: number, amount: number): number | undefined {
  if (account === "inverse") return amount;
  if (account === "option") return undefined;
  return price * amount;
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
