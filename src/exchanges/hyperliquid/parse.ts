// Inbound HyperLiquid frame → Parsed (pure, never throws on venue input). `{channel, data}` envelopes: l2Book
// snapshots, trades, candles (the previous bar closed when the next starts), activeAssetCtx fanned out into mark
// price, funding, open interest and ticker, bbo merged into the ticker; subscriptionResponse acks, pongs and errors.

import type {
  Account,
  BookEvent,
  EventBase,
  FundingRateEvent,
  KlineEvent,
  Level,
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
import { bookEventOf, coinNameOf, coinTradeOf, symbolOfCoin } from "./events.ts";
import { readBookFrame, readTradesFrame } from "./fast-path.ts";
import { HYPERLIQUID_INTERVALS } from "./subscribe.ts";

type Data = Record<string, unknown>;

const HOUR_MS = 3_600_000;

export function parseHyperliquidFrame(frame: string, context: ParseContext): Parsed {
  if (typeof frame !== "string") return { kind: "unmatched", topic: "(not text)" };
  // l2Book and trades pushes in HyperLiquid's own layout are read in place (the channel's first letter says which
  // reader may take the frame); any other frame, and any surprise in one, takes the JSON.parse path.
  const channelLetter = frame.charCodeAt(CHANNEL_LETTER_AT);
  const read =
    channelLetter === 108
      ? readBookFrame(frame, context)
      : channelLetter === 116
        ? readTradesFrame(frame, context)
        : undefined;
  return read ?? parseHyperliquidJson(frame, context);
}

/** Where the channel's first letter lies in a frame that begins `{"channel":"`. */
const CHANNEL_LETTER_AT = '{"channel":"'.length;

/** The JSON.parse path: every frame the in-place readers do not take (exported to check that the two paths agree). */
export function parseHyperliquidJson(frame: string, context: ParseContext): Parsed {
  const message = parseJson(frame);
  if (message === undefined) {
    // A blank frame is no JSON either: checking for one only here keeps `trim` off every data frame.
    if (frame.trim().length === 0) return { kind: "ignored", reason: "empty frame" };
    return { kind: "unmatched", topic: "(not json)" };
  }
  if (!isRecord(message) || typeof message.channel !== "string")
    return { kind: "unmatched", topic: "(no channel)" };
  const outcome = parseChannel(message.channel, message.data, context);
  return toParsed(outcome);
}

function parseChannel(channel: string, data: unknown, context: ParseContext): ParseOutcome {
  switch (channel) {
    case "pong":
      return { kind: "pong" };
    case "subscriptionResponse":
      return { kind: "ack", note: ackNoteOf(data) };
    case "error":
      return {
        kind: "venue-error",
        message: typeof data === "string" ? data : JSON.stringify(data ?? null),
        retryable: false,
      };
    case "l2Book":
      return isRecord(data) ? parseBook(data, context) : malformed(channel);
    case "trades":
      return Array.isArray(data) ? parseTrades(data, context) : malformed(channel);
    case "candle":
      return parseCandles(Array.isArray(data) ? data : [data], context);
    case "activeAssetCtx":
    case "activeSpotAssetCtx":
      return isRecord(data) ? parseAssetCtx(data, context) : malformed(channel);
    case "bbo":
      return isRecord(data) ? parseBbo(data, context) : malformed(channel);
    case "allMids":
    case "post":
      return { kind: "ignored", reason: `${channel}: not used by dig3` };
    default:
      return { kind: "unmatched", topic: channel };
  }
}

function malformed(channel: string): ParseOutcome {
  return { kind: "unmatched", topic: `${channel} (malformed)` };
}

function ackNoteOf(data: unknown): string {
  if (!isRecord(data) || !isRecord(data.subscription)) return "subscription";
  const { type, coin, interval } = data.subscription;
  return [data.method, type, coin, interval].filter((part) => typeof part === "string").join(" ");
}

/**
 * Market and canonical symbol of a coin. The socket serves every market on one URL and the coin says which market
 * it is (`@107` spot, `BTC` perpetual), so the name decides; names outside both forms take the connection's account.
 */
export function marketOf(coin: string, context: ParseContext): { account: Account; symbol: string } {
  const name = coinNameOf(coin);
  const account = name.market ?? context.account;
  return { account, symbol: symbolOfCoin(name, account, context) };
}

function baseOf(coin: string, tsMs: number, context: ParseContext): EventBase {
  const { account, symbol } = marketOf(coin, context);
  return { exchange: context.exchange, account, symbol, tsMs, recvTsUs: context.recvTsUs };
}

function coinOf(data: Data): string | undefined {
  return typeof data.coin === "string" && data.coin.length > 0 ? data.coin : undefined;
}

// ── book ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** `[{px, sz, n}, …]` → levels; undefined when a row is unusable. */
export function toBookSide(rows: unknown): Level[] | undefined {
  if (!Array.isArray(rows)) return undefined;
  const levels: Level[] = [];
  for (const row of rows) {
    if (!isRecord(row)) return undefined;
    const price = toNumber(row.px);
    const size = toNumber(row.sz);
    if (!(price > 0) || !(size >= 0)) return undefined;
    levels.push([price, size]);
  }
  return levels;
}

/** An l2Book message (socket or REST) → a snapshot: every message is the whole top of the book. */
export function bookOf(data: Data, context: ParseContext): BookEvent | undefined {
  const coin = coinOf(data);
  const tsMs = toNumber(data.time);
  const levels = data.levels;
  if (!coin || !isTime(tsMs) || !Array.isArray(levels) || levels.length !== 2) return undefined;
  const bids = toBookSide(levels[0]);
  const asks = toBookSide(levels[1]);
  if (!bids || !asks) return undefined;
  return bookEventOf(coinNameOf(coin), tsMs, bids, asks, context);
}

function parseBook(data: Data, context: ParseContext): ParseOutcome {
  const book = bookOf(data, context);
  return book ? [book] : malformed("l2Book");
}

// ── trades ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** "B" (bid) means the aggressor bought, "A" (ask) that it sold. */
function takerSideOf(side: unknown): Side | undefined {
  return side === "B" ? "buy" : side === "A" ? "sell" : undefined;
}

/** One trade row (socket or `recentTrades`) → TradeEvent; undefined when a field is unusable. */
export function tradeOf(row: Data, context: ParseContext): TradeEvent | undefined {
  const coin = coinOf(row);
  const price = toNumber(row.px);
  const size = toNumber(row.sz);
  const tsMs = toNumber(row.time);
  const side = takerSideOf(row.side);
  const tradeId = toId(row.tid);
  if (!coin || !(price > 0) || !(size > 0) || !isTime(tsMs) || !side || !tradeId) return undefined;
  return coinTradeOf(coinNameOf(coin), tsMs, price, size, side, tradeId, context);
}

function parseTrades(rows: unknown[], context: ParseContext): ParseOutcome {
  const events: MarketDataEvent[] = [];
  for (const row of rows) {
    const trade = isRecord(row) ? tradeOf(row, context) : undefined;
    if (!trade) return malformed("trades");
    events.push(trade);
  }
  return events.length > 0 ? events : { kind: "ignored", reason: "empty trades batch" };
}

// ── candles ────────────────────────────────────────────────────────────────────────────────────────────────────

/** A candle (socket or `candleSnapshot`) → the bar it describes, `closed` as given. */
export function klineOf(row: Data, context: ParseContext, closed: boolean): KlineEvent | undefined {
  const coin = typeof row.s === "string" && row.s.length > 0 ? row.s : undefined;
  const interval = typeof row.i === "string" && HYPERLIQUID_INTERVALS.includes(row.i) ? row.i : undefined;
  const openTimeMs = toNumber(row.t);
  const closeTimeMs = toNumber(row.T);
  const values = [toNumber(row.o), toNumber(row.h), toNumber(row.l), toNumber(row.c), toNumber(row.v)];
  if (!coin || !interval || !isTime(openTimeMs) || !values.every(Number.isFinite)) return undefined;
  const [open, high, low, close, volume] = values as [number, number, number, number, number];
  const tsMs = closed ? closeTimeMs : Math.max(openTimeMs, recvMsOf(context));
  const bar: KlineEvent = {
    kind: "kline",
    ...baseOf(coin, isTime(tsMs) ? tsMs : openTimeMs, context),
    interval,
    openTimeMs,
    open,
    high,
    low,
    close,
    volume,
    closed,
  };
  return assignDefined(bar, {
    closeTimeMs: isTime(closeTimeMs) ? closeTimeMs : undefined,
    trades: toOptionalNumber(row.n),
  });
}

/**
 * The socket pushes the bar in progress and never says it is final; a bar is final once a later one starts, so the
 * session keeps the last bar per coin and interval and emits it once more with `closed: true` when the next bar's
 * first update arrives. After a reconnect the session is empty and the cut-off bar is left to REST backfill.
 */
function parseCandles(rows: unknown[], context: ParseContext): ParseOutcome {
  const events: MarketDataEvent[] = [];
  for (const row of rows) {
    const bar = isRecord(row) ? klineOf(row, context, false) : undefined;
    if (!bar) return malformed("candle");
    const key = `hyperliquid-kline|${bar.account}|${bar.symbol}|${bar.interval}`;
    const previous = context.session.get(key) as KlineEvent | undefined;
    context.session.set(key, bar);
    if (previous && previous.openTimeMs < bar.openTimeMs) {
      events.push({ ...previous, tsMs: bar.openTimeMs, recvTsUs: context.recvTsUs, closed: true });
    }
    events.push(bar);
  }
  return events.length > 0 ? events : { kind: "ignored", reason: "empty candle batch" };
}

// ── asset context, bbo and the merged ticker ───────────────────────────────────────────────────────────────────

/** What the ticker knows of a coin: the last bbo and the last asset context, merged per connection. */
interface TickerState {
  bid?: number;
  bidSize?: number;
  ask?: number;
  askSize?: number;
  volume24h?: number;
  quoteVolume24h?: number;
  changePct24h?: number;
}

function tickerStateOf(context: ParseContext, key: string): TickerState {
  let state = context.session.get(key) as TickerState | undefined;
  if (!state) {
    state = {};
    context.session.set(key, state);
  }
  return state;
}

function tickerEventOf(base: EventBase, state: TickerState): TickerEvent {
  const ticker: TickerEvent = { kind: "ticker", ...base };
  return assignDefined(ticker, { ...state });
}

/** 24 h stats of an asset context: base and notional volume, change against `prevDayPx` (by the mark price). */
export function statsOf(ctx: Data): Pick<TickerState, "volume24h" | "quoteVolume24h" | "changePct24h"> {
  const mark = toOptionalNumber(ctx.markPx);
  const previous = toOptionalNumber(ctx.prevDayPx);
  return {
    volume24h: toOptionalNumber(ctx.dayBaseVlm),
    quoteVolume24h: toOptionalNumber(ctx.dayNtlVlm),
    changePct24h:
      mark !== undefined && previous !== undefined && previous > 0
        ? ((mark - previous) / previous) * 100
        : undefined,
  };
}

/**
 * `activeAssetCtx` / `activeSpotAssetCtx` → ticker (24 h stats merged with the last bbo) and, for perpetuals, mark
 * price (oracle price as index), funding (the current hourly rate; next funding on the next full hour) and open
 * interest (coins; valued at the mark price). The context carries no time: events take the receive time.
 */
export function assetCtxEventsOf(
  coin: string,
  ctx: Data,
  tsMs: number,
  context: ParseContext,
): MarketDataEvent[] {
  const base = baseOf(coin, tsMs, context);
  const state = tickerStateOf(context, `hyperliquid-ticker|${base.account}|${coin}`);
  Object.assign(state, statsOf(ctx));
  const events: MarketDataEvent[] = [tickerEventOf(base, state)];
  if (base.account === "spot") return events;
  const markPrice = toOptionalNumber(ctx.markPx);
  if (markPrice !== undefined) {
    const mark: MarkPriceEvent = { kind: "mark_price", ...base, markPrice };
    events.push(assignDefined(mark, { indexPrice: toOptionalNumber(ctx.oraclePx) }));
  }
  const rate = toOptionalNumber(ctx.funding);
  if (rate !== undefined) {
    const funding: FundingRateEvent = {
      kind: "funding_rate",
      ...base,
      rate,
      nextFundingTsMs: (Math.floor(tsMs / HOUR_MS) + 1) * HOUR_MS,
    };
    events.push(funding);
  }
  const openInterest = toOptionalNumber(ctx.openInterest);
  if (openInterest !== undefined) {
    const oi: OpenInterestEvent = { kind: "open_interest", ...base, openInterest };
    events.push(
      assignDefined(oi, {
        openInterestValue: markPrice === undefined ? undefined : openInterest * markPrice,
      }),
    );
  }
  return events;
}

function parseAssetCtx(data: Data, context: ParseContext): ParseOutcome {
  const coin = coinOf(data);
  if (!coin || !isRecord(data.ctx)) return malformed("activeAssetCtx");
  return assetCtxEventsOf(coin, data.ctx, recvMsOf(context), context);
}

function parseBbo(data: Data, context: ParseContext): ParseOutcome {
  const coin = coinOf(data);
  const tsMs = toNumber(data.time);
  if (!coin || !isTime(tsMs) || !Array.isArray(data.bbo)) return malformed("bbo");
  const base = baseOf(coin, tsMs, context);
  const state = tickerStateOf(context, `hyperliquid-ticker|${base.account}|${coin}`);
  const [bid, ask] = data.bbo;
  const side = (level: unknown) => (isRecord(level) ? toBookSide([level])?.[0] : undefined);
  const best = { bid: side(bid), ask: side(ask) };
  state.bid = best.bid?.[0];
  state.bidSize = best.bid?.[1];
  state.ask = best.ask?.[0];
  state.askSize = best.ask?.[1];
  return [tickerEventOf(base, state)];
}
