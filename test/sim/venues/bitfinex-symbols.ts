// Bitfinex instruments for the simulator: spot pairs (`tBTCUSD`, `tBTCUST`) and perpetuals (`tBTCF0:USTF0`), their
// lazily started synthetic markets, the number formatting (plain JSON numbers, 5 significant digits of price),
// candle time frames, and the book levels in Bitfinex's `[PRICE, COUNT, ±AMOUNT]` form.

import { type BarInterval, parseInterval } from "../bars.ts";
import type { BookSide } from "../book.ts";
import { createMarket, type SimMarket } from "../market.ts";
import { hashParts } from "../rng.ts";
import type { SimAccount } from "../types.ts";

export interface BitfinexInstrument {
  account: SimAccount;
  /** Native symbol, `tBTCUSD` / `tBTCF0:USTF0`. */
  symbol: string;
  /** Config-list form (no `t`). */
  pair: string;
  tickSize: number;
  stepSize: number;
  priceDecimals: number;
  market: () => SimMarket;
}

interface InstrumentSeed {
  symbol: string;
  basePrice: number;
  tickSize: number;
  stepSize: number;
  typicalQty: number;
  openInterestQty?: number;
}

const SEEDS: Readonly<Record<"spot" | "linear", InstrumentSeed[]>> = {
  spot: [
    { symbol: "tBTCUSD", basePrice: 60_000, tickSize: 1, stepSize: 0.00001, typicalQty: 0.02 },
    { symbol: "tBTCUST", basePrice: 60_010, tickSize: 1, stepSize: 0.00001, typicalQty: 0.02 },
    { symbol: "tETHUSD", basePrice: 3_000, tickSize: 0.1, stepSize: 0.0001, typicalQty: 0.4 },
  ],
  linear: [
    {
      symbol: "tBTCF0:USTF0",
      basePrice: 60_020,
      tickSize: 1,
      stepSize: 0.0001,
      typicalQty: 0.05,
      openInterestQty: 4_000,
    },
    {
      symbol: "tETHF0:USTF0",
      basePrice: 3_001,
      tickSize: 0.1,
      stepSize: 0.001,
      typicalQty: 0.8,
      openInterestQty: 60_000,
    },
  ],
};

/** Pairs the config lists name beyond the simulated markets (colon forms and test pairs, as on Bitfinex). */
export const EXTRA_LISTED_PAIRS: Readonly<Record<"spot" | "linear", string[]>> = {
  spot: ["AVAX:USD", "AVAX:UST", "TESTBTC:TESTUSD"],
  linear: ["BTCDOMF0:USTF0"],
};

/** `pub:map:currency:sym` as Bitfinex answers it (a subset). */
export const CURRENCY_MAP: ReadonlyArray<[string, string]> = [
  ["ALG", "ALGO"],
  ["DSH", "DASH"],
  ["EUT", "EURT"],
  ["IOT", "IOTA"],
  ["UDC", "USDC"],
  ["UST", "USDT"],
];

export interface BitfinexMarkets {
  instrument(symbol: string): BitfinexInstrument | undefined;
  instruments(account: SimAccount): BitfinexInstrument[];
  /** Started markets, in start order. */
  started(): BitfinexInstrument[];
  isStarted(symbol: string): boolean;
}

function countDecimals(step: number): number {
  const text = step.toFixed(10).replace(/0+$/, "");
  const dot = text.indexOf(".");
  return dot < 0 || dot === text.length - 1 ? 0 : text.length - dot - 1;
}

export function createBitfinexMarkets(simSeed: number, tickMs: number): BitfinexMarkets {
  const table = new Map<string, BitfinexInstrument>();
  const markets = new Map<string, SimMarket>();
  const order: string[] = [];
  for (const account of ["spot", "linear"] as const) {
    for (const seed of SEEDS[account]) {
      const offset = hashParts(simSeed, seed.symbol) % 10_000_000;
      const instrument: BitfinexInstrument = {
        account,
        symbol: seed.symbol,
        pair: seed.symbol.slice(1),
        tickSize: seed.tickSize,
        stepSize: seed.stepSize,
        priceDecimals: countDecimals(seed.tickSize),
        market: () => {
          let market = markets.get(seed.symbol);
          if (!market) {
            // The synthetic history ends, at the base price, the moment the market is first used.
            market = createMarket(
              {
                symbol: seed.symbol,
                basePrice: seed.basePrice,
                tickSize: seed.tickSize,
                stepSize: seed.stepSize,
                typicalQty: seed.typicalQty,
                updateIdStyle: "contiguous",
                firstUpdateId: 1,
                firstTradeId: 1_600_000_000 + offset,
                firstAggTradeId: 1,
                // liq:global carries margin positions on spot pairs too (rarely, on the real venue).
                hasLiquidations: true,
                openInterestQty: seed.openInterestQty,
              },
              simSeed,
              Date.now(),
              1000 / tickMs,
            );
            markets.set(seed.symbol, market);
            order.push(seed.symbol);
          }
          return market;
        },
      };
      table.set(seed.symbol, instrument);
    }
  }
  return {
    instrument: (symbol) => table.get(symbol),
    instruments: (account) => [...table.values()].filter((instrument) => instrument.account === account),
    started: () => order.map((symbol) => table.get(symbol)).filter((i): i is BitfinexInstrument => !!i),
    isStarted: (symbol) => markets.has(symbol),
  };
}

/** A price as the JSON number Bitfinex sends (no float noise: `60001`, `3000.1`). */
export function priceOf(instrument: BitfinexInstrument, priceTicks: number): number {
  return Number((priceTicks * instrument.tickSize).toFixed(instrument.priceDecimals));
}

export function amountOf(instrument: BitfinexInstrument, qtySteps: number): number {
  return Number((qtySteps * instrument.stepSize).toFixed(8));
}

/** Any value rounded to 8 decimals, as Bitfinex prints derived figures. */
export function roundTo8(value: number): number {
  return Number(value.toFixed(8));
}

/** Orders at a level: Bitfinex aggregates them into COUNT; a stable function of the price keeps it plausible. */
export function orderCountAt(priceTicks: number): number {
  return 1 + (Math.abs(priceTicks) % 4);
}

/** `[PRICE, COUNT, AMOUNT]` of a level (COUNT 0 with AMOUNT ±1 removes it). */
export function bookRowOf(
  instrument: BitfinexInstrument,
  side: BookSide,
  priceTicks: number,
  qtySteps: number,
): [number, number, number] {
  const sign = side === "bid" ? 1 : -1;
  if (qtySteps <= 0) return [priceOf(instrument, priceTicks), 0, sign];
  return [priceOf(instrument, priceTicks), orderCountAt(priceTicks), sign * amountOf(instrument, qtySteps)];
}

const FIXED_MS: Readonly<Record<string, number>> = { "3h": 3 * 3_600_000, "14D": 14 * 86_400_000 };
const LABEL_OF_TIME_FRAME: Readonly<Record<string, string>> = { "1D": "1d", "1W": "1w" };
export const TIME_FRAMES = ["1m", "5m", "15m", "30m", "1h", "3h", "6h", "12h", "1D", "1W", "14D", "1M"];

/** A Bitfinex candle time frame as a bar interval (3h and 14D are Bitfinex's own). */
export function intervalOfTimeFrame(timeFrame: string): BarInterval | undefined {
  if (!TIME_FRAMES.includes(timeFrame)) return undefined;
  const fixedMs = FIXED_MS[timeFrame];
  if (fixedMs !== undefined) {
    return {
      label: timeFrame,
      openOf: (tMs) => Math.floor(tMs / fixedMs) * fixedMs,
      nextOpenOf: (openMs) => openMs + fixedMs,
    };
  }
  return parseInterval(LABEL_OF_TIME_FRAME[timeFrame] ?? timeFrame);
}
