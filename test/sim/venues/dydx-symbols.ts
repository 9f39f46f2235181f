// dYdX v4 markets for the simulator: BTC-USD and ETH-USD perpetuals (USDC-settled), started lazily; number text as
// the indexer writes it; the payloads shared by the socket and REST (book, trades, candles, perpetualMarkets rows).

import type { SimBar } from "../bars.ts";
import { createMarket, type SimLiquidation, type SimMarket, type SimTrade } from "../market.ts";
import { hashParts } from "../rng.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface DydxSimMarket {
  ticker: string;
  tickSize: number;
  stepSize: number;
  basePrice: number;
  typicalQty: number;
  clobPairId: string;
}

const MARKETS: readonly DydxSimMarket[] = [
  { ticker: "BTC-USD", tickSize: 1, stepSize: 0.0001, basePrice: 60_000, typicalQty: 0.05, clobPairId: "0" },
  { ticker: "ETH-USD", tickSize: 0.1, stepSize: 0.001, basePrice: 2_600, typicalQty: 0.5, clobPairId: "1" },
];

export interface DydxMarkets {
  spec(ticker: string): DydxSimMarket | undefined;
  all(): readonly DydxSimMarket[];
  marketOf(ticker: string): SimMarket | undefined;
  started(): Array<{ spec: DydxSimMarket; market: SimMarket }>;
}

export function createDydxMarkets(simSeed: number, tickMs: number): DydxMarkets {
  const table = new Map(MARKETS.map((spec) => [spec.ticker, spec]));
  const markets = new Map<string, { spec: DydxSimMarket; market: SimMarket }>();
  return {
    spec: (ticker) => table.get(ticker),
    all: () => MARKETS,
    marketOf(ticker) {
      const existing = markets.get(ticker);
      if (existing) return existing.market;
      const spec = table.get(ticker);
      if (!spec) return undefined;
      const firstTradeId = 1_000_000 + (hashParts(simSeed, "dydx", ticker) % 1_000_000) * 1_000;
      const market = createMarket(
        {
          symbol: ticker,
          basePrice: spec.basePrice,
          tickSize: spec.tickSize,
          stepSize: spec.stepSize,
          typicalQty: spec.typicalQty,
          updateIdStyle: "contiguous",
          firstUpdateId: 1,
          firstTradeId,
          firstAggTradeId: firstTradeId,
          // Liquidations are v4_trades fills of type LIQUIDATED.
          hasLiquidations: true,
          openInterestQty: 600,
        },
        simSeed,
        Date.now(),
        1000 / tickMs,
      );
      markets.set(ticker, { spec, market });
      return market;
    },
    started: () => [...markets.values()],
  };
}

function decimalsOf(step: number): number {
  const text = step.toFixed(12).replace(/0+$/, "");
  return text.includes(".") ? text.length - text.indexOf(".") - 1 : 0;
}

/** Numbers as the indexer writes them: plain decimals without trailing zeros (`60397`, `25.22`). */
function textOf(value: number, decimals: number): string {
  return String(Number(value.toFixed(decimals)));
}

export function priceText(spec: DydxSimMarket, ticks: number): string {
  return textOf(ticks * spec.tickSize, decimalsOf(spec.tickSize));
}

export function sizeText(spec: DydxSimMarket, steps: number): string {
  return textOf(steps * spec.stepSize, decimalsOf(spec.stepSize));
}

export function describeBookSnapshot(spec: DydxSimMarket, market: SimMarket): Record<string, unknown> {
  const side = (name: "bid" | "ask") =>
    market.book
      .topLevels(name, 10_000)
      .map(([ticks, steps]) => ({ price: priceText(spec, ticks), size: sizeText(spec, steps) }));
  return { bids: side("bid"), asks: side("ask") };
}

/** Trade ids as the indexer's hex event ids (24 hex digits). */
export function tradeIdOf(trade: SimTrade): string {
  return trade.id.toString(16).padStart(24, "0");
}

export function describeTrade(spec: DydxSimMarket, trade: SimTrade): Record<string, unknown> {
  return {
    id: tradeIdOf(trade),
    side: trade.isBuyerMaker ? "SELL" : "BUY",
    size: sizeText(spec, trade.qtySteps),
    price: priceText(spec, trade.priceTicks),
    type: "LIMIT",
    createdAt: new Date(trade.timeMs).toISOString(),
    createdAtHeight: String(Math.floor(trade.timeMs / 1000)),
  };
}

/** A liquidation as dYdX shows it: a LIQUIDATED fill whose taker side is the liquidated order's. */
export function describeLiquidationFill(
  spec: DydxSimMarket,
  liquidation: SimLiquidation,
): Record<string, unknown> {
  return {
    id: `1${liquidation.timeMs.toString(16)}`.padStart(24, "0"),
    side: liquidation.side,
    size: sizeText(spec, liquidation.qtySteps),
    price: priceText(spec, liquidation.avgPriceTicks),
    type: "LIQUIDATED",
    createdAt: new Date(liquidation.timeMs).toISOString(),
    createdAtHeight: String(Math.floor(liquidation.timeMs / 1000)),
  };
}

export function describeCandle(
  spec: DydxSimMarket,
  resolution: string,
  bar: SimBar,
  market: SimMarket,
): Record<string, unknown> {
  return {
    startedAt: new Date(bar.openMs).toISOString(),
    ticker: spec.ticker,
    resolution,
    low: priceText(spec, bar.lowTicks),
    high: priceText(spec, bar.highTicks),
    open: priceText(spec, bar.openTicks),
    close: priceText(spec, bar.closeTicks),
    baseTokenVolume: sizeText(spec, bar.volumeSteps),
    usdVolume: bar.notional.toFixed(4),
    trades: bar.trades,
    startingOpenInterest: market.openInterest(bar.openMs).toFixed(4),
  };
}

/** The predicted hourly rate (the indexer's `nextFundingRate`; the sim market's rate is 8-hourly). */
export function fundingAt(market: SimMarket, timeMs: number): string {
  return String(Number((market.fundingRateAt(Math.floor(timeMs / HOUR_MS) * HOUR_MS) / 8).toFixed(12)));
}

/** A perpetualMarkets row (also each market of the v4_markets snapshot). */
export function describePerpetualMarket(
  spec: DydxSimMarket,
  market: SimMarket,
  nowMs: number,
): Record<string, unknown> {
  const day = market.barFor(nowMs - DAY_MS, nowMs + 1, nowMs);
  const oracle = priceText(spec, Math.round(market.indexPrice(nowMs) / spec.tickSize));
  return {
    clobPairId: spec.clobPairId,
    ticker: spec.ticker,
    status: "ACTIVE",
    oraclePrice: oracle,
    priceChange24H: textOf(Number(oracle) - day.openTicks * spec.tickSize, 6),
    volume24H: day.notional.toFixed(4),
    trades24H: day.trades,
    nextFundingRate: fundingAt(market, nowMs),
    initialMarginFraction: "0.05",
    maintenanceMarginFraction: "0.03",
    openInterest: sizeText(spec, Math.round(market.openInterest(nowMs) / spec.stepSize)),
    atomicResolution: -10,
    quantumConversionExponent: -9,
    tickSize: String(spec.tickSize),
    stepSize: String(spec.stepSize),
    stepBaseQuantums: 1_000_000,
    subticksPerTick: 100_000,
    marketType: "CROSS",
  };
}
