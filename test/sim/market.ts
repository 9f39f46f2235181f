// One synthetic market (venue-neutral): a seeded random walk that trades against a real evolving L2 book, keeps
// bounded trade / aggregate-trade / 1-second-bar histories for REST backfill, and derives mark, index, funding
// and open interest. Venues format what it produces.

import {
  type BarInterval,
  createFlatBar,
  createPriceHistory,
  mergeBarInto,
  type PriceHistory,
  type SimBar,
} from "./bars.ts";
import {
  type BookChanges,
  type BookSide,
  countBookChanges,
  createBook,
  createBookChanges,
  type SimBook,
} from "./book.ts";
import { type BoundedList, createBoundedList } from "./bounded-list.ts";
import { createRng, hashParts, hashUnit } from "./rng.ts";

const HOUR_MS = 3_600_000;
const TRADE_HISTORY_CAP = 50_000;
/** 6 h of 1-second bars; older time falls back to the synthetic history. */
const SECOND_BAR_CAP = 6 * 3600;
const MAX_LEVELS_PER_SIDE = 120;
const MIN_LEVELS_PER_SIDE = 60;

export interface InstrumentSpec {
  /** Venue-native symbol. */
  symbol: string;
  basePrice: number;
  tickSize: number;
  stepSize: number;
  /** Median taker order size, in the quantity unit (base asset, or contracts). */
  typicalQty: number;
  /** `contiguous`: next U = previous u + 1 (Binance spot). `linked`: ids jump, each update names the previous u (futures `pu`). */
  updateIdStyle: "contiguous" | "linked";
  firstUpdateId: number;
  firstTradeId: number;
  firstAggTradeId: number;
  hasLiquidations: boolean;
  /** Inverse contracts: value of one contract in quote currency; quantities are contracts and notional is in base. */
  contractSizeQuote?: number;
  /** Base open interest, in the quantity unit. */
  openInterestQty?: number;
}

export interface SimTrade {
  id: number;
  aggId: number;
  priceTicks: number;
  qtySteps: number;
  timeMs: number;
  /** Binance's `m`: the buyer was the maker, i.e. the taker sold. */
  isBuyerMaker: boolean;
  buyOrderId: number;
  sellOrderId: number;
}

export interface SimAggTrade {
  id: number;
  priceTicks: number;
  qtySteps: number;
  firstTradeId: number;
  lastTradeId: number;
  timeMs: number;
  isBuyerMaker: boolean;
}

export interface SimLiquidation {
  side: "BUY" | "SELL";
  priceTicks: number;
  avgPriceTicks: number;
  qtySteps: number;
  timeMs: number;
}

export interface SimBookUpdate {
  changes: BookChanges;
  firstUpdateId: number;
  lastUpdateId: number;
  prevUpdateId: number;
}

export interface MarketStep {
  /** Matching-engine time of this step. */
  timeMs: number;
  trades: SimTrade[];
  aggTrades: SimAggTrade[];
  book?: SimBookUpdate;
  liquidation?: SimLiquidation;
}

export interface AggTradeQuery {
  fromId?: number;
  startMs?: number;
  endMs?: number;
  limit: number;
}

export interface SimMarket {
  readonly spec: InstrumentSpec;
  readonly startMs: number;
  readonly book: SimBook;
  readonly history: PriceHistory;
  lastUpdateId(): number;
  lastPriceTicks(): number;
  lastTrade(): SimTrade | undefined;
  step(nowMs: number): MarketStep;
  recentTrades(limit: number): SimTrade[];
  tradesFromId(fromId: number, limit: number): SimTrade[];
  /** The newest `limit` trades at or before `endMs` (inclusive) and below `beforeId`, oldest first. */
  tradesBefore(query: { endMs?: number; beforeId?: number; limit: number }): SimTrade[];
  aggTrades(query: AggTradeQuery): SimAggTrade[];
  /** The bar over [openMs, nextOpenMs), history and live merged, up to `nowMs`. */
  barFor(openMs: number, nextOpenMs: number, nowMs: number): SimBar;
  /** Bars of an interval, Binance's selection rules: newest `limit` by default, or from `startMs` / up to `endMs`. */
  barsOf(
    interval: BarInterval,
    query: { startMs?: number; endMs?: number; limit: number },
    nowMs: number,
  ): SimBar[];
  markPrice(nowMs: number): number;
  indexPrice(nowMs: number): number;
  /** Funding rate settled at a funding time (also the predicted rate before it). */
  fundingRateAt(fundingTimeMs: number): number;
  openInterest(nowMs: number): number;
  notionalOf(priceTicks: number, qtySteps: number): number;
}

/** `stepsPerSecond`: how often `step` runs (1000 / tickMs); the synthetic history trades at the same rate. */
export function createMarket(
  spec: InstrumentSpec,
  seed: number,
  startMs: number,
  stepsPerSecond = 50,
): SimMarket {
  const seedKey = `${seed}|${spec.symbol}|${spec.updateIdStyle}|${spec.contractSizeQuote ?? 0}`;
  const rng = createRng(hashParts(seedKey));
  const book = createBook();
  const gapTicks = Math.max(1, Math.round((spec.basePrice * 1e-5) / spec.tickSize));
  const baseTicks = Math.max(gapTicks, Math.round(spec.basePrice / spec.tickSize / gapTicks) * gapTicks);
  const typicalSteps = Math.max(1, Math.round(spec.typicalQty / spec.stepSize));
  const notionalOf = (priceTicks: number, qtySteps: number) =>
    spec.contractSizeQuote !== undefined
      ? (qtySteps * spec.stepSize * spec.contractSizeQuote) / (priceTicks * spec.tickSize)
      : priceTicks * spec.tickSize * qtySteps * spec.stepSize;
  const history = createPriceHistory({
    seedKey,
    basePrice: baseTicks * spec.tickSize,
    anchorMs: startMs,
    tickSize: spec.tickSize,
    stepSize: spec.stepSize,
    // A step averages ~2.2 trades and ~1.2 typical orders of volume (measured); history matches the live rate.
    tradesPerSecond: 2.2 * stepsPerSecond,
    volumeStepsPerSecond: 1.2 * typicalSteps * stepsPerSecond,
    firstLiveTradeId: spec.firstTradeId,
    notionalOf,
  });

  let midTicks = baseTicks;
  let updateId = spec.firstUpdateId;
  let nextTradeId = spec.firstTradeId;
  let nextAggId = spec.firstAggTradeId;
  let nextOrderId = spec.firstTradeId * 2;
  let lastPriceTicks = baseTicks;
  let lastTimeMs = startMs;
  let liveFromMs = startMs;
  const trades: BoundedList<SimTrade> = createBoundedList(TRADE_HISTORY_CAP);
  const aggs: BoundedList<SimAggTrade> = createBoundedList(TRADE_HISTORY_CAP);
  const seconds: BoundedList<SimBar> = createBoundedList(SECOND_BAR_CAP);

  const drawQtySteps = (scale: number) =>
    Math.max(1, Math.round(typicalSteps * scale * Math.exp(rng.normal() * 0.8)));
  const seedBook = () => {
    const changes = createBookChanges();
    for (let i = 0; i < (MIN_LEVELS_PER_SIDE + MAX_LEVELS_PER_SIDE) / 2; i++) {
      book.setLevel("bid", baseTicks - i * gapTicks, drawQtySteps(3), changes);
      book.setLevel("ask", baseTicks + (i + 1) * gapTicks, drawQtySteps(3), changes);
    }
  };
  seedBook();

  const recordSecondBar = (trade: SimTrade) => {
    const openMs = Math.floor(trade.timeMs / 1000) * 1000;
    const last = seconds.at(seconds.size() - 1);
    const notional = notionalOf(trade.priceTicks, trade.qtySteps);
    const takerBuy = !trade.isBuyerMaker;
    if (last && last.openMs === openMs) {
      last.highTicks = Math.max(last.highTicks, trade.priceTicks);
      last.lowTicks = Math.min(last.lowTicks, trade.priceTicks);
      last.closeTicks = trade.priceTicks;
      last.volumeSteps += trade.qtySteps;
      last.notional += notional;
      if (takerBuy) {
        last.takerBuyVolumeSteps += trade.qtySteps;
        last.takerBuyNotional += notional;
      }
      last.trades += 1;
      last.lastTradeId = trade.id;
      return;
    }
    if (seconds.size() === seconds.capacity) {
      const evicted = seconds.at(0);
      if (evicted) liveFromMs = Math.max(liveFromMs, evicted.openMs + 1000);
    }
    seconds.push({
      openMs,
      closeMs: openMs + 999,
      openTicks: trade.priceTicks,
      highTicks: trade.priceTicks,
      lowTicks: trade.priceTicks,
      closeTicks: trade.priceTicks,
      volumeSteps: trade.qtySteps,
      notional,
      takerBuyVolumeSteps: takerBuy ? trade.qtySteps : 0,
      takerBuyNotional: takerBuy ? notional : 0,
      trades: 1,
      firstTradeId: trade.id,
      lastTradeId: trade.id,
    });
  };

  /** A taker order that sweeps up to three levels; the rest of it is cancelled (IOC). */
  const takeLiquidity = (isBuy: boolean, timeMs: number, changes: BookChanges, out: MarketStep) => {
    const side: BookSide = isBuy ? "ask" : "bid";
    const takerOrderId = nextOrderId++;
    let remaining = drawQtySteps(1);
    for (const [priceTicks, levelQty] of book.topLevels(side, 3)) {
      if (remaining <= 0) break;
      const fill = Math.min(remaining, levelQty);
      const aggId = nextAggId++;
      const firstTradeId = nextTradeId;
      let left = fill;
      const makers = Math.min(left, rng.int(1, 3));
      for (let m = 0; m < makers; m++) {
        const qtySteps = m === makers - 1 ? left : Math.max(1, Math.floor(left / 2));
        left -= qtySteps;
        const makerOrderId = nextOrderId++;
        const trade: SimTrade = {
          id: nextTradeId++,
          aggId,
          priceTicks,
          qtySteps,
          timeMs,
          isBuyerMaker: !isBuy,
          buyOrderId: isBuy ? takerOrderId : makerOrderId,
          sellOrderId: isBuy ? makerOrderId : takerOrderId,
        };
        trades.push(trade);
        out.trades.push(trade);
        recordSecondBar(trade);
      }
      const agg: SimAggTrade = {
        id: aggId,
        priceTicks,
        qtySteps: fill,
        firstTradeId,
        lastTradeId: nextTradeId - 1,
        timeMs,
        isBuyerMaker: !isBuy,
      };
      aggs.push(agg);
      out.aggTrades.push(agg);
      book.setLevel(side, priceTicks, levelQty - fill, changes);
      remaining -= fill;
      lastPriceTicks = priceTicks;
    }
  };

  /** Moves the fair price, keeps the book uncrossed around it, churns a few levels and trims the depth. */
  const evolveBook = (changes: BookChanges, movedUp: boolean | undefined) => {
    const deviation = (midTicks - baseTicks) / baseTicks;
    const upProbability = Math.min(0.8, Math.max(0.2, 0.5 - deviation * 0.2));
    if (rng.chance(0.35)) midTicks += (rng.chance(upProbability) ? 1 : -1) * gapTicks * rng.int(1, 2);
    if (movedUp !== undefined && rng.chance(0.3)) midTicks += (movedUp ? 1 : -1) * gapTicks;
    midTicks = Math.max(gapTicks * 2, midTicks);
    const bestBidTarget = midTicks;
    const bestAskTarget = midTicks + gapTicks * (rng.chance(0.8) ? 1 : 2);
    for (const price of [...book.bids.keys()])
      if (price > bestBidTarget) book.setLevel("bid", price, 0, changes);
    for (const price of [...book.asks.keys()])
      if (price < bestAskTarget) book.setLevel("ask", price, 0, changes);
    const refill = (side: BookSide, edge: number, direction: number) => {
      const levels = side === "bid" ? book.bids : book.asks;
      for (let k = 0; k < 6; k++) {
        const price = edge + direction * k * gapTicks;
        if (!levels.has(price) && (k === 0 || rng.chance(0.7)))
          book.setLevel(side, price, drawQtySteps(3), changes);
      }
    };
    refill("bid", bestBidTarget, -1);
    refill("ask", bestAskTarget, 1);
    const churns = rng.int(1, 4);
    for (let c = 0; c < churns; c++) {
      const side: BookSide = rng.chance(0.5) ? "bid" : "ask";
      const depth = Math.min(MAX_LEVELS_PER_SIDE - 1, Math.floor(Math.abs(rng.normal()) * 12));
      const price = side === "bid" ? bestBidTarget - depth * gapTicks : bestAskTarget + depth * gapTicks;
      const remove = depth > 0 && rng.chance(0.2);
      book.setLevel(side, price, remove ? 0 : drawQtySteps(3), changes);
    }
    for (const side of ["bid", "ask"] as const) {
      const levels = side === "bid" ? book.bids : book.asks;
      if (levels.size > MAX_LEVELS_PER_SIDE) {
        for (const [price] of book.topLevels(side, levels.size).slice(MAX_LEVELS_PER_SIDE))
          book.setLevel(side, price, 0, changes);
      }
      while (levels.size < MIN_LEVELS_PER_SIDE) {
        const worst =
          book.topLevels(side, levels.size).at(-1)?.[0] ?? (side === "bid" ? bestBidTarget : bestAskTarget);
        book.setLevel(side, worst + (side === "bid" ? -gapTicks : gapTicks), drawQtySteps(3), changes);
      }
    }
  };

  const numberUpdate = (changes: BookChanges): SimBookUpdate | undefined => {
    const count = countBookChanges(changes);
    if (count === 0) return undefined;
    const prevUpdateId = updateId;
    const jump = spec.updateIdStyle === "linked" ? rng.int(0, 40) : 0;
    const firstUpdateId = updateId + 1 + jump;
    const lastUpdateId = firstUpdateId + count - 1 + (spec.updateIdStyle === "linked" ? rng.int(0, 20) : 0);
    updateId = lastUpdateId;
    return { changes, firstUpdateId, lastUpdateId, prevUpdateId };
  };

  const barFor = (openMs: number, nextOpenMs: number, nowMs: number): SimBar => {
    let merged: SimBar | undefined;
    if (openMs < liveFromMs) {
      const historic = history.barBetween(openMs, Math.min(nextOpenMs, liveFromMs));
      if (historic.trades > 0) merged = historic;
    }
    const from = seconds.lowerBound(Math.max(openMs, liveFromMs), (bar) => bar.openMs);
    const to = seconds.lowerBound(Math.min(nextOpenMs, nowMs + 1), (bar) => bar.openMs);
    for (const second of seconds.slice(from, to))
      merged = merged ? mergeBarInto(merged, second) : { ...second };
    if (merged) {
      merged.openMs = openMs;
      merged.closeMs = nextOpenMs - 1;
      return merged;
    }
    // No trades in the bar: flat at the last price before it.
    const before = seconds.at(from - 1);
    return createFlatBar(
      openMs,
      nextOpenMs,
      before ? before.closeTicks : history.priceTicksAt(Math.min(openMs, liveFromMs)),
    );
  };

  return {
    spec,
    startMs,
    book,
    history,
    lastUpdateId: () => updateId,
    lastPriceTicks: () => lastPriceTicks,
    lastTrade: () => trades.at(trades.size() - 1),
    notionalOf,
    step(nowMs) {
      const timeMs = Math.max(nowMs, lastTimeMs);
      lastTimeMs = timeMs;
      const out: MarketStep = { timeMs, trades: [], aggTrades: [] };
      const changes = createBookChanges();
      let movedUp: boolean | undefined;
      const orders = rng.chance(0.6) ? rng.int(1, 2) : 0;
      for (let o = 0; o < orders; o++) {
        movedUp = rng.chance(0.5);
        takeLiquidity(movedUp, timeMs, changes, out);
      }
      evolveBook(changes, movedUp);
      out.book = numberUpdate(changes);
      if (spec.hasLiquidations && rng.chance(0.02)) {
        const isSell = rng.chance(0.5);
        const offset = Math.max(1, Math.round(lastPriceTicks * 0.0008));
        const priceTicks = lastPriceTicks + (isSell ? -offset : offset);
        out.liquidation = {
          side: isSell ? "SELL" : "BUY",
          priceTicks,
          avgPriceTicks: lastPriceTicks + (isSell ? -1 : 1) * rng.int(0, offset),
          qtySteps: drawQtySteps(2),
          timeMs,
        };
      }
      return out;
    },
    recentTrades: (limit) => trades.slice(Math.max(0, trades.size() - limit)),
    tradesFromId(fromId, limit) {
      const first = trades.at(0);
      if (!first) return [];
      const from = Math.max(0, fromId - first.id);
      return trades.slice(from, from + limit);
    },
    tradesBefore(query) {
      const first = trades.at(0);
      if (!first) return [];
      let end = trades.size();
      if (query.endMs !== undefined) end = trades.lowerBound(query.endMs + 1, (trade) => trade.timeMs);
      if (query.beforeId !== undefined) end = Math.min(end, Math.max(0, query.beforeId - first.id));
      return trades.slice(Math.max(0, end - query.limit), end);
    },
    aggTrades(query) {
      const first = aggs.at(0);
      if (!first) return [];
      let from: number;
      if (query.fromId !== undefined) from = Math.max(0, query.fromId - first.id);
      else if (query.startMs !== undefined) from = aggs.lowerBound(query.startMs, (agg) => agg.timeMs);
      else if (query.endMs !== undefined)
        from = Math.max(0, aggs.lowerBound(query.endMs + 1, (agg) => agg.timeMs) - query.limit);
      else from = Math.max(0, aggs.size() - query.limit);
      const picked = aggs.slice(from, from + query.limit);
      return query.endMs === undefined ? picked : picked.filter((agg) => agg.timeMs <= (query.endMs ?? 0));
    },
    barFor,
    barsOf(interval, query, nowMs) {
      const opens: number[] = [];
      const lastOpen = interval.openOf(query.endMs !== undefined ? Math.min(query.endMs, nowMs) : nowMs);
      const firstOpen = interval.openOf(history.listingMs);
      if (query.startMs !== undefined) {
        let open = interval.openOf(Math.max(query.startMs, firstOpen));
        if (open < query.startMs) open = interval.nextOpenOf(open);
        while (open <= lastOpen && opens.length < query.limit) {
          opens.push(open);
          open = interval.nextOpenOf(open);
        }
      } else {
        let open = lastOpen;
        while (opens.length < query.limit && open >= firstOpen) {
          opens.push(open);
          open = interval.openOf(open - 1);
        }
        opens.reverse();
      }
      return opens.map((open) => barFor(open, interval.nextOpenOf(open), nowMs));
    },
    markPrice: (nowMs) =>
      lastPriceTicks * spec.tickSize * (1 + 0.0002 * Math.sin(nowMs / 7000 + hashUnit(seedKey, "mark") * 6)),
    indexPrice: (nowMs) => lastPriceTicks * spec.tickSize * (1 - 0.0003 + 0.0001 * Math.sin(nowMs / 11000)),
    fundingRateAt: (fundingTimeMs) =>
      0.0001 + 0.00008 * (2 * hashUnit(seedKey, "funding", fundingTimeMs) - 1),
    openInterest(nowMs) {
      const base = spec.openInterestQty ?? typicalSteps * spec.stepSize * 200_000;
      return (
        base * (1 + 0.03 * Math.sin((2 * Math.PI * nowMs) / (6 * HOUR_MS) + hashUnit(seedKey, "oi") * 6))
      );
    },
  };
}
