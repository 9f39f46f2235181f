// Lighter payloads for the simulator, shared by the socket and REST: order_book snapshots and updates (levels as
// `{price, size}` text, nonce / begin_nonce), trade rows, market_stats, candles and orderBookDetails rows.

import type { SimBookUpdate, SimLiquidation, SimMarket, SimTrade } from "../market.ts";
import { type LighterSimMarket, priceText, sizeText } from "./lighter-markets.ts";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
export const SNAPSHOT_LEVELS = 250;

function levelsOf(info: LighterSimMarket, levels: Iterable<[number, number]>) {
  return [...levels].map(([ticks, steps]) => ({
    price: priceText(info, ticks),
    size: sizeText(info, steps),
  }));
}

/** `subscribed/order_book`: the whole book (every level); begin_nonce 0. */
export function describeBookSnapshot(info: LighterSimMarket, market: SimMarket, timeMs: number) {
  const nonce = market.lastUpdateId();
  return {
    code: 0,
    asks: levelsOf(info, market.book.topLevels("ask", SNAPSHOT_LEVELS)),
    bids: levelsOf(info, market.book.topLevels("bid", SNAPSHOT_LEVELS)),
    offset: nonce,
    nonce,
    last_updated_at: timeMs * 1000,
    begin_nonce: 0,
  };
}

/** `update/order_book`: the changed levels (size 0 removes), chained by begin_nonce = the previous nonce. */
export function describeBookUpdate(info: LighterSimMarket, update: SimBookUpdate, timeMs: number) {
  return {
    code: 0,
    asks: levelsOf(info, update.changes.asks),
    bids: levelsOf(info, update.changes.bids),
    offset: update.lastUpdateId,
    nonce: update.lastUpdateId,
    last_updated_at: timeMs * 1000,
    begin_nonce: update.prevUpdateId,
  };
}

export function describeTrade(info: LighterSimMarket, trade: SimTrade): Record<string, unknown> {
  const price = priceText(info, trade.priceTicks);
  const size = sizeText(info, trade.qtySteps);
  return {
    trade_id: trade.id,
    trade_id_str: String(trade.id),
    tx_hash: trade.id.toString(16).padStart(80, "0"),
    type: "trade",
    market_id: info.marketId,
    size,
    price,
    usd_amount: (Number(price) * Number(size)).toFixed(6),
    ask_id: trade.sellOrderId,
    bid_id: trade.buyOrderId,
    // Binance's isBuyerMaker (the taker sold) is Lighter's maker bid: is_maker_ask false.
    is_maker_ask: !trade.isBuyerMaker,
    block_height: Math.floor(trade.timeMs / 200),
    timestamp: trade.timeMs,
  };
}

/** A liquidation row of `liquidation_trades`: the liquidated account takes liquidity (a SELL hits the bids). */
export function describeLiquidationTrade(
  info: LighterSimMarket,
  liquidation: SimLiquidation,
): Record<string, unknown> {
  const price = priceText(info, liquidation.avgPriceTicks);
  const size = sizeText(info, liquidation.qtySteps);
  return {
    trade_id: liquidation.timeMs,
    type: "liquidation",
    market_id: info.marketId,
    size,
    price,
    usd_amount: (Number(price) * Number(size)).toFixed(6),
    is_maker_ask: liquidation.side === "BUY",
    block_height: Math.floor(liquidation.timeMs / 200),
    timestamp: liquidation.timeMs,
  };
}

function round(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

/** The hourly funding in percent, as market_stats and fundings send it. */
export function fundingPercentAt(market: SimMarket, timeMs: number): string {
  return (round(market.fundingRateAt(Math.floor(timeMs / HOUR_MS) * HOUR_MS) / 8, 8) * 100).toFixed(4);
}

export function describeMarketStats(info: LighterSimMarket, market: SimMarket, nowMs: number) {
  const day = market.barFor(nowMs - DAY_MS, nowMs + 1, nowMs);
  const tick = 10 ** -info.priceDecimals;
  const mark = Math.round(market.markPrice(nowMs) / tick) * tick;
  const stats: Record<string, unknown> = {
    symbol: info.symbol,
    market_id: info.marketId,
    last_trade_price: priceText(info, market.lastPriceTicks()),
    daily_base_token_volume: round(day.volumeSteps * 10 ** -info.sizeDecimals, info.sizeDecimals),
    daily_quote_token_volume: round(day.notional, 6),
    daily_price_low: round(day.lowTicks * tick, info.priceDecimals),
    daily_price_high: round(day.highTicks * tick, info.priceDecimals),
    daily_price_change: round(((day.closeTicks - day.openTicks) / day.openTicks) * 100, 6),
  };
  if (info.account === "spot") return stats;
  return {
    ...stats,
    index_price: (Math.round(market.indexPrice(nowMs) / tick) * tick).toFixed(info.priceDecimals),
    mark_price: mark.toFixed(info.priceDecimals),
    open_interest: (market.openInterest(nowMs) * mark).toFixed(6),
    current_funding_rate: fundingPercentAt(market, nowMs),
    funding_rate: fundingPercentAt(market, nowMs - HOUR_MS),
    funding_timestamp: (Math.floor(nowMs / HOUR_MS) + 1) * HOUR_MS,
  };
}

/** orderBookDetails row: last price, 24 h stats, open interest in base units. */
export function describeDetail(info: LighterSimMarket, market: SimMarket, nowMs: number) {
  const day = market.barFor(nowMs - DAY_MS, nowMs + 1, nowMs);
  const tick = 10 ** -info.priceDecimals;
  return {
    symbol: info.symbol,
    market_id: info.marketId,
    status: "active",
    size_decimals: info.sizeDecimals,
    price_decimals: info.priceDecimals,
    last_trade_price: round(market.lastPriceTicks() * tick, info.priceDecimals),
    daily_trades_count: day.trades,
    daily_base_token_volume: round(day.volumeSteps * 10 ** -info.sizeDecimals, info.sizeDecimals),
    daily_quote_token_volume: round(day.notional, 6),
    daily_price_low: round(day.lowTicks * tick, info.priceDecimals),
    daily_price_high: round(day.highTicks * tick, info.priceDecimals),
    daily_price_change: round(((day.closeTicks - day.openTicks) / day.openTicks) * 100, 6),
    open_interest: info.account === "spot" ? 0 : round(market.openInterest(nowMs), info.sizeDecimals),
  };
}
