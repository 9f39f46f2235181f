// Binance data-frame payloads for the simulator, in Binance's field order per account: depth diffs and partial
// depth, book ticker, klines, 24 h tickers, mark price and liquidations.

import type { BarInterval, SimBar } from "../bars.ts";
import type { MarketStep, SimBookUpdate, SimMarket } from "../market.ts";
import { computeTickerStats, formatNotional } from "./binance-rest.ts";
import { type BinanceInstrument, formatDecimal, formatPrice, formatQty } from "./binance-symbols.ts";

const FUNDING_EVERY_MS = 8 * 3_600_000;

export function describeLevels(
  instrument: BinanceInstrument,
  levels: Map<number, number> | Array<[number, number]>,
): string[][] {
  return [...levels]
    .sort((a, b) => a[0] - b[0])
    .map(([price, qty]) => [formatPrice(instrument, price), formatQty(instrument, qty)]);
}

export function describeDepthUpdate(
  instrument: BinanceInstrument,
  update: SimBookUpdate,
  nowMs: number,
): unknown {
  const b = describeLevels(instrument, update.changes.bids);
  const a = describeLevels(instrument, update.changes.asks);
  const ids = { U: update.firstUpdateId, u: update.lastUpdateId };
  if (instrument.account === "spot")
    return { e: "depthUpdate", E: nowMs, s: instrument.symbol, ...ids, b, a };
  const pair = instrument.account === "inverse" ? { ps: instrument.pair } : {};
  return {
    e: "depthUpdate",
    E: nowMs,
    T: nowMs - 1,
    s: instrument.symbol,
    ...pair,
    ...ids,
    pu: update.prevUpdateId,
    b,
    a,
  };
}

export function describePartialDepth(
  instrument: BinanceInstrument,
  market: SimMarket,
  levels: number,
  last: SimBookUpdate | undefined,
  nowMs: number,
): unknown {
  const side = (which: "bid" | "ask") =>
    market.book
      .topLevels(which, levels)
      .map(([price, qty]) => [formatPrice(instrument, price), formatQty(instrument, qty)]);
  if (instrument.account === "spot")
    return { lastUpdateId: market.lastUpdateId(), bids: side("bid"), asks: side("ask") };
  const pair = instrument.account === "inverse" ? { ps: instrument.pair } : {};
  return {
    e: "depthUpdate",
    E: nowMs,
    T: nowMs - 1,
    s: instrument.symbol,
    ...pair,
    U: last?.firstUpdateId ?? market.lastUpdateId(),
    u: market.lastUpdateId(),
    pu: last?.prevUpdateId ?? market.lastUpdateId(),
    b: side("bid"),
    a: side("ask"),
  };
}

export function describeBookTicker(instrument: BinanceInstrument, market: SimMarket, nowMs: number) {
  const bid = market.book.topLevels("bid", 1)[0];
  const ask = market.book.topLevels("ask", 1)[0];
  const top = {
    b: bid ? formatPrice(instrument, bid[0]) : "0",
    B: bid ? formatQty(instrument, bid[1]) : "0",
    a: ask ? formatPrice(instrument, ask[0]) : "0",
    A: ask ? formatQty(instrument, ask[1]) : "0",
  };
  if (instrument.account === "spot") return { u: market.lastUpdateId(), s: instrument.symbol, ...top };
  const pair = instrument.account === "inverse" ? { ps: instrument.pair } : {};
  return {
    e: "bookTicker",
    u: market.lastUpdateId(),
    s: instrument.symbol,
    ...pair,
    ...top,
    T: nowMs - 1,
    E: nowMs,
  };
}

export function describeKlineEvent(
  instrument: BinanceInstrument,
  bar: SimBar,
  interval: BarInterval,
  isClosed: boolean,
  nowMs: number,
): unknown {
  const price = (ticks: number) => formatPrice(instrument, ticks);
  return {
    e: "kline",
    E: nowMs,
    s: instrument.symbol,
    k: {
      t: bar.openMs,
      T: bar.closeMs,
      s: instrument.symbol,
      i: interval.label,
      f: bar.firstTradeId,
      L: bar.lastTradeId,
      o: price(bar.openTicks),
      c: price(bar.closeTicks),
      h: price(bar.highTicks),
      l: price(bar.lowTicks),
      v: formatQty(instrument, bar.volumeSteps),
      n: bar.trades,
      x: isClosed,
      q: formatNotional(instrument, bar.notional),
      V: formatQty(instrument, bar.takerBuyVolumeSteps),
      Q: formatNotional(instrument, bar.takerBuyNotional),
      B: "0",
    },
  };
}

export function describeTickerEvent(
  instrument: BinanceInstrument,
  market: SimMarket,
  nowMs: number,
): unknown {
  const stats = computeTickerStats(instrument, market, nowMs);
  const { bar } = stats;
  const price = (ticks: number) => formatPrice(instrument, ticks);
  const head = {
    e: "24hrTicker",
    E: nowMs,
    s: instrument.symbol,
    ...(instrument.account === "inverse" ? { ps: instrument.pair } : {}),
    p: price(stats.priceChangeTicks),
    P: stats.priceChangePercent,
    w: stats.weightedAvgPrice,
  };
  const tail = {
    o: price(bar.openTicks),
    h: price(bar.highTicks),
    l: price(bar.lowTicks),
    v: formatQty(instrument, bar.volumeSteps),
    q: formatNotional(instrument, bar.notional),
    O: nowMs - 86_400_000,
    C: nowMs,
    F: bar.firstTradeId,
    L: bar.lastTradeId,
    n: bar.trades,
  };
  const last = { c: price(bar.closeTicks), Q: formatQty(instrument, stats.lastTrade?.qtySteps ?? 0) };
  if (instrument.account !== "spot") return { ...head, ...last, ...tail };
  const top = describeBookTicker(instrument, market, nowMs);
  return { ...head, x: price(bar.openTicks), ...last, b: top.b, B: top.B, a: top.a, A: top.A, ...tail };
}

export function describeMiniTicker(instrument: BinanceInstrument, market: SimMarket, nowMs: number): unknown {
  const { bar } = computeTickerStats(instrument, market, nowMs);
  const price = (ticks: number) => formatPrice(instrument, ticks);
  return {
    e: "24hrMiniTicker",
    E: nowMs,
    s: instrument.symbol,
    ...(instrument.account === "inverse" ? { ps: instrument.pair } : {}),
    c: price(bar.closeTicks),
    o: price(bar.openTicks),
    h: price(bar.highTicks),
    l: price(bar.lowTicks),
    v: formatQty(instrument, bar.volumeSteps),
    q: formatNotional(instrument, bar.notional),
  };
}

export function describeMarkPrice(instrument: BinanceInstrument, market: SimMarket, nowMs: number): unknown {
  const nextFundingMs = Math.floor(nowMs / FUNDING_EVERY_MS) * FUNDING_EVERY_MS + FUNDING_EVERY_MS;
  const mark = formatDecimal(market.markPrice(nowMs));
  const index = formatDecimal(market.indexPrice(nowMs));
  const rate = formatDecimal(market.fundingRateAt(nextFundingMs));
  if (instrument.account === "inverse") {
    return {
      e: "markPriceUpdate",
      E: nowMs,
      s: instrument.symbol,
      p: mark,
      P: index,
      i: index,
      r: rate,
      T: nextFundingMs,
    };
  }
  return {
    e: "markPriceUpdate",
    E: nowMs,
    s: instrument.symbol,
    p: mark,
    i: index,
    P: index,
    r: rate,
    T: nextFundingMs,
  };
}

export function describeForceOrder(
  instrument: BinanceInstrument,
  liquidation: NonNullable<MarketStep["liquidation"]>,
  nowMs: number,
): unknown {
  const qty = formatQty(instrument, liquidation.qtySteps);
  return {
    e: "forceOrder",
    E: nowMs,
    o: {
      s: instrument.symbol,
      ...(instrument.account === "inverse" ? { ps: instrument.pair } : {}),
      S: liquidation.side,
      o: "LIMIT",
      f: "IOC",
      q: qty,
      p: formatPrice(instrument, liquidation.priceTicks),
      ap: formatPrice(instrument, liquidation.avgPriceTicks),
      X: "FILLED",
      l: qty,
      z: qty,
      T: liquidation.timeMs,
    },
  };
}
