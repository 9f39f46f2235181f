// Crypto.com payloads for the simulator, shared by the socket and REST: the published book window of one
// `book.{instrument}.{depth}` stream (snapshot, then deltas chained by `u`/`pu`, idle empty deltas), trade rows
// (newest first, taker side), the ticker, candlesticks, and the mark / index / funding values.

import type { SimBar } from "../bars.ts";
import type { SimMarket, SimTrade } from "../market.ts";
import { type CryptocomInstrument, numberText, priceText, qtyText } from "./cryptocom-symbols.ts";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * What one book stream has published: the top `depth` levels a side (price ticks → steps) and the last `u` sent.
 * The server keeps the window itself, so a level pushed out of it is sent as a removal.
 */
export interface BookWindow {
  instrument: CryptocomInstrument;
  depth: number;
  bids: Map<number, number>;
  asks: Map<number, number>;
  lastU: number;
  /** Ticks since the last frame, for the idle empty delta. */
  quietTicks: number;
}

type Level = [string, string, string];

function topOf(market: SimMarket, side: "bid" | "ask", depth: number): Map<number, number> {
  return new Map(market.book.topLevels(side, depth));
}

function levelsOf(instrument: CryptocomInstrument, levels: Iterable<[number, number]>): Level[] {
  return [...levels].map(([ticks, steps]) => [
    priceText(instrument, ticks),
    qtyText(instrument, steps),
    steps === 0 ? "0" : "1",
  ]);
}

/** Opens a window on the current book (a new stream, or the first subscriber after a quiet spell). */
export function openBookWindow(
  instrument: CryptocomInstrument,
  market: SimMarket,
  depth: number,
): BookWindow {
  return {
    instrument,
    depth,
    bids: topOf(market, "bid", depth),
    asks: topOf(market, "ask", depth),
    lastU: market.lastUpdateId(),
    quietTicks: 0,
  };
}

/** The snapshot a subscriber gets first (`channel: "book"`), best first, at the window's last `u`. */
export function describeBookSnapshot(window: BookWindow, timeMs: number): Record<string, unknown> {
  const sorted = (levels: Map<number, number>, descending: boolean) =>
    [...levels].sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0]));
  return {
    asks: levelsOf(window.instrument, sorted(window.asks, false)),
    bids: levelsOf(window.instrument, sorted(window.bids, true)),
    t: timeMs,
    tt: timeMs,
    u: window.lastU,
  };
}

function diffSide(published: Map<number, number>, next: Map<number, number>): Array<[number, number]> {
  const changes: Array<[number, number]> = [];
  for (const price of published.keys()) if (!next.has(price)) changes.push([price, 0]);
  for (const [price, steps] of next) if (published.get(price) !== steps) changes.push([price, steps]);
  return changes;
}

/**
 * Advances a window to the book after a step: a delta with every level that changed inside it (`u` the market's
 * update id, `pu` the window's last), an empty idle delta (`u` = `pu`) every `idleEveryTicks` quiet ticks, or
 * nothing. Bids best first, asks best first, as the venue orders them.
 */
export function advanceBookWindow(
  window: BookWindow,
  market: SimMarket,
  timeMs: number,
  idleEveryTicks: number,
): Record<string, unknown> | undefined {
  const bids = topOf(market, "bid", window.depth);
  const asks = topOf(market, "ask", window.depth);
  const bidChanges = diffSide(window.bids, bids).sort((a, b) => b[0] - a[0]);
  const askChanges = diffSide(window.asks, asks).sort((a, b) => a[0] - b[0]);
  window.bids = bids;
  window.asks = asks;
  if (bidChanges.length === 0 && askChanges.length === 0) {
    window.quietTicks++;
    if (window.quietTicks < idleEveryTicks) return undefined;
    window.quietTicks = 0;
    return { update: { asks: [], bids: [] }, t: timeMs, tt: timeMs, u: window.lastU, pu: window.lastU };
  }
  const pu = window.lastU;
  window.lastU = market.lastUpdateId();
  window.quietTicks = 0;
  return {
    update: { asks: levelsOf(window.instrument, askChanges), bids: levelsOf(window.instrument, bidChanges) },
    t: timeMs,
    tt: timeMs,
    u: window.lastU,
    pu,
  };
}

/** One trade row (socket and REST); REST adds `tn`. `s` is the taker's side. */
export function describeTrade(
  instrument: CryptocomInstrument,
  trade: SimTrade,
  withNanos = false,
): Record<string, unknown> {
  const row: Record<string, unknown> = {
    d: String(trade.id),
    t: trade.timeMs,
    p: priceText(instrument, trade.priceTicks),
    q: qtyText(instrument, trade.qtySteps),
    s: trade.isBuyerMaker ? "SELL" : "BUY",
    i: instrument.name,
    m: String(trade.aggId),
  };
  if (withNanos) row.tn = `${trade.timeMs}${String(trade.id % 1_000_000).padStart(6, "0")}`;
  return row;
}

/** Trades newest first, as the channel and get-trades list them. */
export function describeTrades(
  instrument: CryptocomInstrument,
  trades: readonly SimTrade[],
  withNanos = false,
) {
  return [...trades].reverse().map((trade) => describeTrade(instrument, trade, withNanos));
}

/** The ticker (`bs`/`ks` on the socket only); derivatives carry `oi`. */
export function describeTicker(
  instrument: CryptocomInstrument,
  market: SimMarket,
  nowMs: number,
  withSizes: boolean,
): Record<string, unknown> {
  const day = market.barFor(nowMs - DAY_MS, nowMs + 1, nowMs);
  const bid = market.book.topLevels("bid", 1)[0];
  const ask = market.book.topLevels("ask", 1)[0];
  const last = market.lastTrade();
  const ticker: Record<string, unknown> = {
    h: priceText(instrument, day.highTicks),
    l: priceText(instrument, day.lowTicks),
    a: priceText(instrument, last ? last.priceTicks : market.lastPriceTicks()),
    c: numberText((day.closeTicks - day.openTicks) / day.openTicks, 4),
    b: bid ? priceText(instrument, bid[0]) : null,
    k: ask ? priceText(instrument, ask[0]) : null,
    i: instrument.name,
    v: qtyText(instrument, day.volumeSteps),
    vv: numberText(day.notional, 2),
    t: nowMs,
  };
  if (withSizes) {
    ticker.bs = bid ? qtyText(instrument, bid[1]) : null;
    ticker.ks = ask ? qtyText(instrument, ask[1]) : null;
  }
  if (instrument.account === "linear") ticker.oi = numberText(market.openInterest(nowMs), 4);
  return ticker;
}

/** One candlestick (socket and REST): `t` the bar's start. */
export function describeCandle(instrument: CryptocomInstrument, bar: SimBar): Record<string, unknown> {
  return {
    o: priceText(instrument, bar.openTicks),
    h: priceText(instrument, bar.highTicks),
    l: priceText(instrument, bar.lowTicks),
    c: priceText(instrument, bar.closeTicks),
    v: qtyText(instrument, bar.volumeSteps),
    t: bar.openMs,
  };
}

/** `{v, t}` with `t` on the whole second, as the mark, index and funding channels send it. */
export function describeValue(value: number, decimals: number, nowMs: number): Record<string, unknown> {
  return { v: numberText(value, decimals), t: Math.floor(nowMs / 1000) * 1000 };
}

/** The hourly funding rate that settles at the end of the hour `timeMs` falls in. */
export function hourlyFundingRateAt(market: SimMarket, timeMs: number): number {
  return Number((market.fundingRateAt(Math.floor(timeMs / HOUR_MS) * HOUR_MS + HOUR_MS) / 8).toFixed(8));
}
