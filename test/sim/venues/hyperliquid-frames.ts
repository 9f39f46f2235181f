// HyperLiquid payloads for the simulator, shared by the socket and `POST /info`: l2Book snapshots (top 20 a side),
// trade rows (aggressor side B/A, tids), candles, the perpetual and spot asset contexts, bbo.

import type { SimBar } from "../bars.ts";
import type { SimMarket, SimTrade } from "../market.ts";
import { type HyperliquidCoin, priceText, sizeText } from "./hyperliquid-symbols.ts";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
export const BOOK_LEVELS = 20;

function levelsOf(coin: HyperliquidCoin, levels: Array<[number, number]>) {
  return levels.map(([ticks, steps]) => ({
    px: priceText(coin, ticks),
    sz: sizeText(coin, steps),
    n: 1 + (ticks % 3),
  }));
}

export function describeBook(
  coin: HyperliquidCoin,
  market: SimMarket,
  timeMs: number,
): Record<string, unknown> {
  return {
    coin: coin.coin,
    time: timeMs,
    levels: [
      levelsOf(coin, market.book.topLevels("bid", BOOK_LEVELS)),
      levelsOf(coin, market.book.topLevels("ask", BOOK_LEVELS)),
    ],
  };
}

export function describeTrade(coin: HyperliquidCoin, trade: SimTrade): Record<string, unknown> {
  return {
    coin: coin.coin,
    side: trade.isBuyerMaker ? "A" : "B",
    px: priceText(coin, trade.priceTicks),
    sz: sizeText(coin, trade.qtySteps),
    time: trade.timeMs,
    hash: `0x${trade.id.toString(16).padStart(64, "0")}`,
    tid: trade.id,
    users: [
      `0x${trade.buyOrderId.toString(16).padStart(40, "0")}`,
      `0x${trade.sellOrderId.toString(16).padStart(40, "0")}`,
    ],
  };
}

export function describeCandle(
  coin: HyperliquidCoin,
  interval: string,
  bar: SimBar,
): Record<string, unknown> {
  return {
    t: bar.openMs,
    T: bar.closeMs,
    s: coin.coin,
    i: interval,
    o: priceText(coin, bar.openTicks),
    c: priceText(coin, bar.closeTicks),
    h: priceText(coin, bar.highTicks),
    l: priceText(coin, bar.lowTicks),
    v: sizeText(coin, bar.volumeSteps),
    n: bar.trades,
  };
}

function round(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

/** The hourly funding rate in force (HyperLiquid pays it every hour). */
export function fundingAt(market: SimMarket, timeMs: number): string {
  return String(round(market.fundingRateAt(Math.floor(timeMs / HOUR_MS) * HOUR_MS) / 8, 8));
}

/** `activeAssetCtx` (perpetual) or `activeSpotAssetCtx` (spot) context, also the rows of `*MetaAndAssetCtxs`. */
export function describeAssetCtx(
  coin: HyperliquidCoin,
  market: SimMarket,
  nowMs: number,
): Record<string, unknown> {
  const day = market.barFor(nowMs - DAY_MS, nowMs + 1, nowMs);
  const mark = priceText(coin, Math.round(market.markPrice(nowMs) / coin.tickSize));
  const bid = market.book.topLevels("bid", 1)[0];
  const ask = market.book.topLevels("ask", 1)[0];
  const mid = bid && ask ? priceText(coin, Math.round((bid[0] + ask[0]) / 2)) : null;
  const common = {
    prevDayPx: priceText(coin, day.openTicks),
    dayNtlVlm: day.notional.toFixed(2),
    markPx: mark,
    midPx: mid,
    dayBaseVlm: sizeText(coin, day.volumeSteps),
  };
  if (coin.account === "spot") return { ...common, circulatingSupply: "1000000000.0", coin: coin.coin };
  return {
    funding: fundingAt(market, nowMs),
    openInterest: round(market.openInterest(nowMs), coin.szDecimals).toFixed(coin.szDecimals),
    ...common,
    premium: "0.0001",
    oraclePx: priceText(coin, Math.round(market.indexPrice(nowMs) / coin.tickSize)),
    impactPxs: mid ? [mid, mid] : null,
  };
}

export function describeBbo(
  coin: HyperliquidCoin,
  market: SimMarket,
  timeMs: number,
): Record<string, unknown> {
  const [bid] = levelsOf(coin, market.book.topLevels("bid", 1));
  const [ask] = levelsOf(coin, market.book.topLevels("ask", 1));
  return { coin: coin.coin, time: timeMs, bbo: [bid ?? null, ask ?? null] };
}
