// Candle math for the simulator: kline intervals (fixed, weekly, monthly), the bar record, merging bars, and the
// synthetic price history used for time before the simulator started (so REST klines can serve a warm start).

import { hashParts, hashUnit } from "./rng.ts";

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** 1970-01-05, the first Monday after the epoch: weekly bars open on Mondays 00:00 UTC. */
const FIRST_MONDAY_MS = 4 * DAY_MS;

/** One candle. Prices in ticks, volume in lot steps; `notional` is the other-side volume (quote, or base for inverse). */
export interface SimBar {
  openMs: number;
  /** Last millisecond of the bar (next open - 1), as venues report it. */
  closeMs: number;
  openTicks: number;
  highTicks: number;
  lowTicks: number;
  closeTicks: number;
  volumeSteps: number;
  notional: number;
  takerBuyVolumeSteps: number;
  takerBuyNotional: number;
  trades: number;
  /** -1 when the bar has no trades. */
  firstTradeId: number;
  lastTradeId: number;
}

export interface BarInterval {
  readonly label: string;
  openOf(tMs: number): number;
  nextOpenOf(openMs: number): number;
}

const FIXED_INTERVALS_MS: Record<string, number> = {
  "1s": SECOND_MS,
  "1m": MINUTE_MS,
  "3m": 3 * MINUTE_MS,
  "5m": 5 * MINUTE_MS,
  "15m": 15 * MINUTE_MS,
  "30m": 30 * MINUTE_MS,
  "1h": HOUR_MS,
  "2h": 2 * HOUR_MS,
  "4h": 4 * HOUR_MS,
  "6h": 6 * HOUR_MS,
  "8h": 8 * HOUR_MS,
  "12h": 12 * HOUR_MS,
  "1d": DAY_MS,
  "3d": 3 * DAY_MS,
};

export const INTERVAL_LABELS: readonly string[] = [...Object.keys(FIXED_INTERVALS_MS), "1w", "1M"];

export function parseInterval(label: string): BarInterval | undefined {
  const fixedMs = FIXED_INTERVALS_MS[label];
  if (fixedMs !== undefined) {
    return {
      label,
      openOf: (tMs) => Math.floor(tMs / fixedMs) * fixedMs,
      nextOpenOf: (openMs) => openMs + fixedMs,
    };
  }
  if (label === "1w") {
    const weekMs = 7 * DAY_MS;
    return {
      label,
      openOf: (tMs) => Math.floor((tMs - FIRST_MONDAY_MS) / weekMs) * weekMs + FIRST_MONDAY_MS,
      nextOpenOf: (openMs) => openMs + weekMs,
    };
  }
  if (label === "1M") {
    return {
      label,
      openOf: (tMs) => {
        const date = new Date(tMs);
        return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
      },
      nextOpenOf: (openMs) => {
        const date = new Date(openMs);
        return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
      },
    };
  }
  return undefined;
}

/** A bar with no trades, flat at one price. */
export function createFlatBar(openMs: number, nextOpenMs: number, priceTicks: number): SimBar {
  return {
    openMs,
    closeMs: nextOpenMs - 1,
    openTicks: priceTicks,
    highTicks: priceTicks,
    lowTicks: priceTicks,
    closeTicks: priceTicks,
    volumeSteps: 0,
    notional: 0,
    takerBuyVolumeSteps: 0,
    takerBuyNotional: 0,
    trades: 0,
    firstTradeId: -1,
    lastTradeId: -1,
  };
}

/** Merges `later` into `earlier` (in place) — both must have trades; spans are joined. */
export function mergeBarInto(earlier: SimBar, later: SimBar): SimBar {
  earlier.closeMs = Math.max(earlier.closeMs, later.closeMs);
  earlier.highTicks = Math.max(earlier.highTicks, later.highTicks);
  earlier.lowTicks = Math.min(earlier.lowTicks, later.lowTicks);
  earlier.closeTicks = later.closeTicks;
  earlier.volumeSteps += later.volumeSteps;
  earlier.notional += later.notional;
  earlier.takerBuyVolumeSteps += later.takerBuyVolumeSteps;
  earlier.takerBuyNotional += later.takerBuyNotional;
  earlier.trades += later.trades;
  earlier.lastTradeId = later.lastTradeId;
  return earlier;
}

export interface PriceHistoryOptions {
  seedKey: string;
  basePrice: number;
  /** The history ends here, at exactly `basePrice`: the simulator's start. */
  anchorMs: number;
  tickSize: number;
  stepSize: number;
  tradesPerSecond: number;
  /** Taker volume per second, in lot steps. */
  volumeStepsPerSecond: number;
  /** The first live trade id; history ids count down from it. */
  firstLiveTradeId: number;
  notionalOf(priceTicks: number, qtySteps: number): number;
}

/** The made-up past before the simulator started: a smooth, seeded price curve and bars cut from it. */
export interface PriceHistory {
  priceAt(tMs: number): number;
  priceTicksAt(tMs: number): number;
  tradeIdAt(tMs: number): number;
  /** When trade id 1 would have printed: no bars before it, as for a symbol listed then. */
  readonly listingMs: number;
  /** A bar over [fromMs, toMsExcl), with toMsExcl <= anchorMs. */
  barBetween(fromMs: number, toMsExcl: number): SimBar;
}

export function createPriceHistory(options: PriceHistoryOptions): PriceHistory {
  const phases = [0, 1, 2, 3].map((i) => hashUnit(options.seedKey, "phase", i) * 2 * Math.PI);
  const waves: Array<[amplitude: number, periodMs: number]> = [
    [0.02, 7 * DAY_MS],
    [0.008, DAY_MS],
    [0.002, HOUR_MS],
    [0.0006, 7 * MINUTE_MS],
  ];
  const computeLogShape = (tMs: number) =>
    waves.reduce(
      (sum, [amplitude, periodMs], i) =>
        sum + amplitude * Math.sin((2 * Math.PI * tMs) / periodMs + (phases[i] ?? 0)),
      0,
    );
  const anchorShape = computeLogShape(options.anchorMs);
  const priceAt = (tMs: number) => options.basePrice * Math.exp(computeLogShape(tMs) - anchorShape);
  const priceTicksAt = (tMs: number) => Math.max(1, Math.round(priceAt(tMs) / options.tickSize));
  const tradeIdAt = (tMs: number) =>
    options.firstLiveTradeId - Math.ceil(((options.anchorMs - tMs) / SECOND_MS) * options.tradesPerSecond);
  const listingMs =
    options.anchorMs - Math.floor(((options.firstLiveTradeId - 1) / options.tradesPerSecond) * SECOND_MS);
  return {
    priceAt,
    priceTicksAt,
    tradeIdAt,
    listingMs,
    barBetween(fromMs, toMsExcl) {
      const openTicks = priceTicksAt(fromMs);
      const closeTicks = priceTicksAt(toMsExcl);
      const firstTradeId = tradeIdAt(fromMs);
      const trades = Math.max(0, tradeIdAt(toMsExcl) - firstTradeId);
      if (trades === 0) return createFlatBar(fromMs, toMsExcl, closeTicks);
      let high = Math.max(openTicks, closeTicks);
      let low = Math.min(openTicks, closeTicks);
      for (let i = 1; i < 6; i++) {
        const sample = priceTicksAt(fromMs + ((toMsExcl - fromMs) * i) / 6);
        high = Math.max(high, sample);
        low = Math.min(low, sample);
      }
      const noise = hashParts(options.seedKey, fromMs, toMsExcl);
      const wick = (noise % 1000) / 1000;
      high = Math.round(high * (1 + 0.0003 * wick));
      low = Math.max(1, Math.round(low * (1 - 0.0003 * (1 - wick))));
      const spanS = (toMsExcl - fromMs) / SECOND_MS;
      const volumeSteps = Math.max(
        trades,
        Math.round(options.volumeStepsPerSecond * spanS * (0.6 + 0.8 * hashUnit(noise))),
      );
      const takerBuyVolumeSteps = Math.round(volumeSteps * (0.4 + 0.2 * wick));
      const midTicks = (openTicks + closeTicks) / 2;
      return {
        openMs: fromMs,
        closeMs: toMsExcl - 1,
        openTicks,
        highTicks: high,
        lowTicks: low,
        closeTicks,
        volumeSteps,
        notional: options.notionalOf(midTicks, volumeSteps),
        takerBuyVolumeSteps,
        takerBuyNotional: options.notionalOf(midTicks, takerBuyVolumeSteps),
        trades,
        firstTradeId,
        lastTradeId: firstTradeId + trades - 1,
      };
    },
  };
}
