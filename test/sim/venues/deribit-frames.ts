// Deribit payloads for the simulator, shared by the socket and REST: book snapshot and changes (change_id /
// prev_change_id, `new`/`change`/`delete` actions), trade rows (taker direction, tick direction, liquidation
// flags), the ticker with mark, index, funding and open interest, and chart.trades candles.

import type { SimBar } from "../bars.ts";
import type { MarketStep, SimBookUpdate, SimMarket, SimTrade } from "../market.ts";
import { amountOf, type DeribitInstrument, isPerpetual, priceOf } from "./deribit-symbols.ts";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

type Action = "new" | "change" | "delete";
type PublishedBook = { bids: Map<number, number>; asks: Map<number, number> };

function round(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

/** The whole book as Deribit's first notification sends it: every level `new`, best first. */
export function describeBookSnapshot(
  instrument: DeribitInstrument,
  market: SimMarket,
  timeMs: number,
): Record<string, unknown> {
  const side = (levels: Array<[number, number]>) =>
    levels.map(([ticks, steps]) => ["new", priceOf(instrument, ticks), amountOf(instrument, steps)]);
  return {
    type: "snapshot",
    timestamp: timeMs,
    instrument_name: instrument.name,
    change_id: market.lastUpdateId(),
    bids: side(market.book.topLevels("bid", market.book.bids.size)),
    asks: side(market.book.topLevels("ask", market.book.asks.size)),
  };
}

/** One change notification; advances `published` (the book as the socket has described it so far). */
export function describeBookChange(
  instrument: DeribitInstrument,
  update: SimBookUpdate,
  published: PublishedBook,
  timeMs: number,
): Record<string, unknown> {
  const side = (changes: Map<number, number>, levels: Map<number, number>) =>
    [...changes].map(([ticks, steps]) => {
      const action: Action = steps === 0 ? "delete" : levels.has(ticks) ? "change" : "new";
      if (steps === 0) levels.delete(ticks);
      else levels.set(ticks, steps);
      return [action, priceOf(instrument, ticks), amountOf(instrument, steps)];
    });
  return {
    type: "change",
    timestamp: timeMs,
    prev_change_id: update.prevUpdateId,
    instrument_name: instrument.name,
    change_id: update.lastUpdateId,
    bids: side(update.changes.bids, published.bids),
    asks: side(update.changes.asks, published.asks),
  };
}

/** Deribit's tick direction: 0 plus tick, 1 zero-plus, 2 minus, 3 zero-minus. */
function tickDirectionOf(priceTicks: number, previousTicks: number | undefined, previous: number): number {
  if (previousTicks === undefined) return 0;
  if (priceTicks > previousTicks) return 0;
  if (priceTicks < previousTicks) return 2;
  return previous === 0 || previous === 1 ? 1 : 3;
}

export interface TradeTape {
  lastPriceTicks?: number;
  lastTickDirection: number;
}

/** A trade row; `liquidation` when the step liquidated an order on one side. */
export function describeTrade(
  instrument: DeribitInstrument,
  market: SimMarket,
  trade: SimTrade,
  tape: TradeTape,
  liquidation?: "M" | "T",
): Record<string, unknown> {
  const direction = trade.isBuyerMaker ? "sell" : "buy";
  const tickDirection = tickDirectionOf(trade.priceTicks, tape.lastPriceTicks, tape.lastTickDirection);
  tape.lastPriceTicks = trade.priceTicks;
  tape.lastTickDirection = tickDirection;
  const amount = amountOf(instrument, trade.qtySteps);
  const row: Record<string, unknown> = {
    trade_seq: trade.id,
    trade_id: String(trade.id),
    timestamp: trade.timeMs,
    tick_direction: tickDirection,
    price: priceOf(instrument, trade.priceTicks),
    mark_price: round(market.markPrice(trade.timeMs), 4),
    index_price: round(market.indexPrice(trade.timeMs), 2),
    instrument_name: instrument.name,
    direction,
    amount,
    contracts: instrument.account === "inverse" ? amount / 10 : amount,
  };
  if (liquidation) row.liquidation = liquidation;
  return row;
}

/** The trades of one step, the first one flagged when the step liquidated someone. */
export function describeStepTrades(
  instrument: DeribitInstrument,
  market: SimMarket,
  step: MarketStep,
  tape: TradeTape,
): Record<string, unknown>[] {
  return step.trades.map((trade, index) => {
    let flag: "M" | "T" | undefined;
    if (index === 0 && step.liquidation) {
      const takerSide = trade.isBuyerMaker ? "SELL" : "BUY";
      flag = step.liquidation.side === takerSide ? "T" : "M";
    }
    return describeTrade(instrument, market, trade, tape, flag);
  });
}

/** Base and quote volume of a bar (inverse: amounts are USD, so the coin volume is the notional). */
function volumesOf(instrument: DeribitInstrument, bar: SimBar): { volume: number; cost: number } {
  const stepVolume = bar.volumeSteps * instrument.stepSize;
  return instrument.account === "inverse"
    ? { volume: round(bar.notional, 8), cost: round(stepVolume, 2) }
    : { volume: round(stepVolume, 8), cost: round(bar.notional, 4) };
}

/** The 8-hour funding rate in force at `nowMs` (Deribit funds continuously; the rate moves hourly here). */
export function funding8hAt(market: SimMarket, nowMs: number): number {
  return round(market.fundingRateAt(Math.floor(nowMs / HOUR_MS) * HOUR_MS), 8);
}

export function describeTicker(
  instrument: DeribitInstrument,
  market: SimMarket,
  nowMs: number,
): Record<string, unknown> {
  const day = market.barFor(nowMs - DAY_MS, nowMs + 1, nowMs);
  const { volume, cost } = volumesOf(instrument, day);
  const best = (side: "bid" | "ask") => market.book.topLevels(side, 1)[0];
  const bid = best("bid");
  const ask = best("ask");
  const last = market.lastTrade();
  const ticker: Record<string, unknown> = {
    timestamp: nowMs,
    instrument_name: instrument.name,
    state: "open",
    last_price: priceOf(instrument, last ? last.priceTicks : market.lastPriceTicks()),
    best_bid_price: bid ? priceOf(instrument, bid[0]) : 0,
    best_bid_amount: bid ? amountOf(instrument, bid[1]) : 0,
    best_ask_price: ask ? priceOf(instrument, ask[0]) : 0,
    best_ask_amount: ask ? amountOf(instrument, ask[1]) : 0,
    mark_price: round(market.markPrice(nowMs), 4),
    index_price: round(market.indexPrice(nowMs), 2),
    min_price: priceOf(instrument, Math.round(market.lastPriceTicks() * 0.98)),
    max_price: priceOf(instrument, Math.round(market.lastPriceTicks() * 1.02)),
    stats: {
      high: priceOf(instrument, day.highTicks),
      low: priceOf(instrument, day.lowTicks),
      volume,
      volume_usd: instrument.account === "inverse" ? cost : round(cost, 2),
      ...(instrument.account === "inverse" ? {} : { volume_notional: cost }),
      price_change: round(((day.closeTicks - day.openTicks) / day.openTicks) * 100, 4),
    },
  };
  if (instrument.account !== "spot") {
    ticker.open_interest = round(market.openInterest(nowMs), instrument.account === "inverse" ? 0 : 4);
    ticker.settlement_price = round(market.indexPrice(nowMs - HOUR_MS), 2);
    ticker.estimated_delivery_price = round(market.indexPrice(nowMs), 2);
  }
  if (isPerpetual(instrument)) {
    const rate = funding8hAt(market, nowMs);
    ticker.funding_8h = rate;
    ticker.current_funding = round(rate / 8, 8);
  }
  return ticker;
}

/** One candle as chart.trades sends it (and as one column entry of get_tradingview_chart_data). */
export function describeCandle(instrument: DeribitInstrument, bar: SimBar): Record<string, number> {
  return {
    tick: bar.openMs,
    open: priceOf(instrument, bar.openTicks),
    high: priceOf(instrument, bar.highTicks),
    low: priceOf(instrument, bar.lowTicks),
    close: priceOf(instrument, bar.closeTicks),
    ...volumesOf(instrument, bar),
  };
}
