// Bitfinex payload rows for the simulator, shared by the socket and REST: trades `[ID, MTS, AMOUNT, PRICE]`,
// tickers, candles `[MTS, OPEN, CLOSE, HIGH, LOW, VOLUME]`, derivatives status and liquidation rows.

import type { SimBar } from "../bars.ts";
import type { SimLiquidation, SimTrade } from "../market.ts";
import { amountOf, type BitfinexInstrument, priceOf, roundTo8 } from "./bitfinex-symbols.ts";

const DAY_MS = 86_400_000;
const FUNDING_EVERY_MS = 8 * 3_600_000;

/** AMOUNT is signed by the taker: positive when the taker bought. */
export function tradeRowOf(
  instrument: BitfinexInstrument,
  trade: SimTrade,
): [number, number, number, number] {
  const amount = amountOf(instrument, trade.qtySteps);
  return [
    trade.id,
    trade.timeMs,
    trade.isBuyerMaker ? -amount : amount,
    priceOf(instrument, trade.priceTicks),
  ];
}

/** `[BID, BID_SIZE, ASK, ASK_SIZE, DAILY_CHANGE, DAILY_CHANGE_RELATIVE, LAST_PRICE, VOLUME, HIGH, LOW]`. */
export function tickerRowOf(instrument: BitfinexInstrument, nowMs: number): number[] {
  const market = instrument.market();
  const bid = market.book.topLevels("bid", 1)[0];
  const ask = market.book.topLevels("ask", 1)[0];
  const day = market.barFor(nowMs - DAY_MS, nowMs + 1, nowMs);
  const last = priceOf(instrument, market.lastPriceTicks());
  const open = priceOf(instrument, day.openTicks);
  const change = roundTo8(last - open);
  return [
    bid ? priceOf(instrument, bid[0]) : last,
    bid ? amountOf(instrument, bid[1]) : 0,
    ask ? priceOf(instrument, ask[0]) : last,
    ask ? amountOf(instrument, ask[1]) : 0,
    change,
    open > 0 ? Number((change / open).toFixed(4)) : 0,
    last,
    amountOf(instrument, day.volumeSteps),
    priceOf(instrument, day.highTicks),
    priceOf(instrument, day.lowTicks),
  ];
}

export function candleRowOf(instrument: BitfinexInstrument, bar: SimBar): number[] {
  return [
    bar.openMs,
    priceOf(instrument, bar.openTicks),
    priceOf(instrument, bar.closeTicks),
    priceOf(instrument, bar.highTicks),
    priceOf(instrument, bar.lowTicks),
    amountOf(instrument, bar.volumeSteps),
  ];
}

/** Next funding event: every 8 h from 00:00 UTC. */
export function nextFundingMsOf(nowMs: number): number {
  return (Math.floor(nowMs / FUNDING_EVERY_MS) + 1) * FUNDING_EVERY_MS;
}

/**
 * Derivatives status, WS indexes: 0 TIME_MS, 2 DERIV_PRICE, 3 SPOT_PRICE, 5 INSURANCE_FUND_BALANCE, 7 NEXT_FUNDING_EVT,
 * 8 NEXT_FUNDING_ACCRUED, 9 NEXT_FUNDING_STEP, 11 CURRENT_FUNDING, 14 MARK_PRICE, 17 OPEN_INTEREST, 21/22 CLAMP_MIN/MAX.
 */
export function derivStatusRowOf(instrument: BitfinexInstrument, nowMs: number): Array<number | null> {
  const market = instrument.market();
  const timeMs = Math.floor(nowMs / 1000) * 1000;
  const nextFundingMs = nextFundingMsOf(timeMs);
  const rate = roundTo8(market.fundingRateAt(nextFundingMs));
  const stepsDone = Math.floor((timeMs % FUNDING_EVERY_MS) / 60_000);
  return [
    timeMs,
    null,
    priceOf(instrument, market.lastPriceTicks()),
    roundTo8(market.indexPrice(timeMs)),
    null,
    12_345_678.9,
    null,
    nextFundingMs,
    roundTo8((rate * stepsDone) / 480),
    stepsDone,
    null,
    rate,
    null,
    null,
    roundTo8(market.markPrice(timeMs)),
    null,
    null,
    roundTo8(market.openInterest(timeMs)),
    null,
    null,
    null,
    0.0005,
    0.0075,
  ];
}

/**
 * `["pos", POS_ID, MTS, null, SYMBOL, AMOUNT, BASE_PRICE, null, IS_MATCH, IS_MARKET_SOLD, null, PRICE_ACQUIRED]`:
 * a SELL liquidation closes a long (AMOUNT > 0). The position id is derived from the time and symbol.
 */
export function liquidationRowOf(instrument: BitfinexInstrument, liquidation: SimLiquidation): unknown[] {
  const size = amountOf(instrument, liquidation.qtySteps);
  const isLong = liquidation.side === "SELL";
  const price = priceOf(instrument, liquidation.avgPriceTicks);
  const entry = roundTo8(price * (isLong ? 1.02 : 0.98));
  return [
    "pos",
    170_000_000 + (liquidation.timeMs % 10_000_000),
    liquidation.timeMs,
    null,
    instrument.symbol,
    isLong ? size : -size,
    entry,
    null,
    0,
    1,
    null,
    price,
  ];
}
