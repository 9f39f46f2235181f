// BingX instruments for the simulator: the symbol table per market (spot, USDT-M swap, Coin-M swap), their synthetic
// markets (started lazily, ticking from first use), number formatting and the instrument-list rows of each REST API.

import { createMarket, type InstrumentSpec, type SimMarket } from "../market.ts";
import { hashParts } from "../rng.ts";
import type { SimAccount } from "../types.ts";

export interface BingxInstrument {
  account: SimAccount;
  /** `BTC-USDT`, `BTC-USD`. */
  symbol: string;
  base: string;
  quote: string;
  settle: string;
  priceDecimals: number;
  qtyDecimals: number;
  spec: InstrumentSpec;
}

interface InstrumentSeed {
  symbol: string;
  basePrice: number;
  tickSize: number;
  stepSize: number;
  typicalQty: number;
  openInterestQty?: number;
  contractSizeQuote?: number;
}

const SEEDS: Record<SimAccount, InstrumentSeed[]> = {
  spot: [
    { symbol: "BTC-USDT", basePrice: 60_000, tickSize: 0.01, stepSize: 0.00001, typicalQty: 0.02 },
    { symbol: "ETH-USDT", basePrice: 3_000, tickSize: 0.01, stepSize: 0.0001, typicalQty: 0.4 },
  ],
  linear: [
    {
      symbol: "BTC-USDT",
      basePrice: 60_000,
      tickSize: 0.1,
      stepSize: 0.0001,
      typicalQty: 0.05,
      openInterestQty: 40_000,
    },
    {
      symbol: "ETH-USDT",
      basePrice: 3_000,
      tickSize: 0.01,
      stepSize: 0.01,
      typicalQty: 0.8,
      openInterestQty: 600_000,
    },
    {
      // USDC-margined perpetuals share the swap API and socket.
      symbol: "BTC-USDC",
      basePrice: 60_010,
      tickSize: 0.1,
      stepSize: 0.0001,
      typicalQty: 0.03,
      openInterestQty: 1_500,
    },
  ],
  inverse: [
    {
      symbol: "BTC-USD",
      basePrice: 60_000,
      tickSize: 0.1,
      stepSize: 1,
      typicalQty: 20,
      openInterestQty: 400_000,
      contractSizeQuote: 100,
    },
    {
      symbol: "ETH-USD",
      basePrice: 3_000,
      tickSize: 0.01,
      stepSize: 1,
      typicalQty: 40,
      openInterestQty: 900_000,
      contractSizeQuote: 10,
    },
  ],
};

const ID_BASES: Record<SimAccount, { update: number; trade: number }> = {
  spot: { update: 14_669_000_000, trade: 172_000_000 },
  linear: { update: 393_000_000, trade: 1 },
  inverse: { update: 5_000_000, trade: 143_000_000 },
};

export function countDecimals(step: number): number {
  const text = step.toFixed(10).replace(/0+$/, "");
  const dot = text.indexOf(".");
  return dot < 0 || dot === text.length - 1 ? 0 : text.length - dot - 1;
}

function buildInstrument(account: SimAccount, seed: InstrumentSeed, simSeed: number): BingxInstrument {
  const offset = hashParts(simSeed, "bingx", account, seed.symbol) % 1_000_000;
  const [base, quote] = seed.symbol.split("-") as [string, string];
  return {
    account,
    symbol: seed.symbol,
    base,
    quote,
    settle: account === "inverse" ? base : quote,
    priceDecimals: countDecimals(seed.tickSize),
    qtyDecimals: countDecimals(seed.stepSize),
    spec: {
      symbol: seed.symbol,
      basePrice: seed.basePrice,
      tickSize: seed.tickSize,
      stepSize: seed.stepSize,
      typicalQty: seed.typicalQty,
      // BingX numbers incrDepth updates itself (lastUpdateId + 1 per push); the market's ids are unused.
      updateIdStyle: "contiguous",
      firstUpdateId: ID_BASES[account].update + offset,
      firstTradeId: ID_BASES[account].trade + offset,
      firstAggTradeId: 1,
      hasLiquidations: false,
      contractSizeQuote: seed.contractSizeQuote,
      openInterestQty: seed.openInterestQty,
    },
  };
}

export interface BingxMarkets {
  instrument(account: SimAccount, symbol: string): BingxInstrument | undefined;
  instruments(account: SimAccount): BingxInstrument[];
  /** The market of a known symbol, started (and ticking from then on) on first use. */
  marketOf(account: SimAccount, symbol: string): SimMarket | undefined;
  /** Started markets, in start order. */
  started(): Array<{ instrument: BingxInstrument; market: SimMarket }>;
}

export function createBingxMarkets(simSeed: number, tickMs: number): BingxMarkets {
  const table = new Map<string, BingxInstrument>();
  const markets = new Map<string, { instrument: BingxInstrument; market: SimMarket }>();
  // BingX wants symbols in capitals ("symbol must all be capitalized"): no case folding here.
  const keyOf = (account: SimAccount, symbol: string) => `${account}|${symbol}`;
  for (const account of Object.keys(SEEDS) as SimAccount[]) {
    for (const seed of SEEDS[account])
      table.set(keyOf(account, seed.symbol), buildInstrument(account, seed, simSeed));
  }
  return {
    instrument: (account, symbol) => table.get(keyOf(account, symbol)),
    instruments: (account) => [...table.values()].filter((instrument) => instrument.account === account),
    marketOf(account, symbol) {
      const key = keyOf(account, symbol);
      const existing = markets.get(key);
      if (existing) return existing.market;
      const instrument = table.get(key);
      if (!instrument) return undefined;
      const market = createMarket(instrument.spec, simSeed, Date.now(), 1000 / tickMs);
      markets.set(key, { instrument, market });
      return market;
    },
    started: () => [...markets.values()],
  };
}

export function formatPrice(instrument: BingxInstrument, priceTicks: number): string {
  return (priceTicks * instrument.spec.tickSize).toFixed(instrument.priceDecimals);
}

export function formatQty(instrument: BingxInstrument, qtySteps: number): string {
  return (qtySteps * instrument.spec.stepSize).toFixed(instrument.qtyDecimals);
}

/** A decimal without trailing zeros. */
export function formatDecimal(value: number, decimals = 8): string {
  return value.toFixed(decimals).replace(/\.?0+$/, "") || "0";
}

/** One row of the market's instrument list, in that API's shape. */
export function describeInstrument(instrument: BingxInstrument): unknown {
  const { tickSize, stepSize } = instrument.spec;
  if (instrument.account === "spot") {
    return {
      symbol: instrument.symbol,
      minQty: stepSize * 10,
      maxQty: stepSize * 10_000_000,
      minNotional: 5,
      maxNotional: 500_000,
      maxMarketNotional: 500_000,
      status: 1,
      tickSize,
      stepSize,
      apiStateBuy: true,
      apiStateSell: true,
      timeOnline: 1_600_000_000_000,
      offTime: 0,
      maintainTime: 0,
      displayName: instrument.symbol,
    };
  }
  if (instrument.account === "linear") {
    return {
      contractId: String(100 + (hashParts(instrument.symbol) % 900)),
      symbol: instrument.symbol,
      quantityPrecision: instrument.qtyDecimals,
      pricePrecision: instrument.priceDecimals,
      takerFeeRate: 0.0005,
      makerFeeRate: 0.0002,
      tradeMinQuantity: stepSize,
      tradeMinUSDT: 2,
      currency: instrument.settle,
      asset: instrument.base,
      status: 1,
      apiStateOpen: "true",
      apiStateClose: "true",
      ensureTrigger: true,
      triggerFeeRate: "0.00020000",
      brokerState: false,
      launchTime: 1_586_275_200_000,
      maintainTime: 0,
      offTime: 0,
      displayName: instrument.symbol,
    };
  }
  return {
    symbol: instrument.symbol,
    pricePrecision: instrument.priceDecimals,
    minTickSize: String(instrument.spec.contractSizeQuote ?? 100),
    minTradeValue: String(instrument.spec.contractSizeQuote ?? 100),
    minQty: stepSize.toFixed(8),
    status: 1,
    timeOnline: 1_710_738_000_000,
  };
}
