// Bybit instruments for the simulator: the symbol table per category (spot, linear, inverse), their synthetic
// markets (started lazily, ticking from first use), number formatting and the instruments-info rows.

import { createMarket, type InstrumentSpec, type SimMarket } from "../market.ts";
import { hashParts } from "../rng.ts";
import type { SimAccount } from "../types.ts";

export interface BybitInstrument {
  account: SimAccount;
  symbol: string;
  baseCoin: string;
  quoteCoin: string;
  settleCoin: string;
  contractType?: "LinearPerpetual" | "InversePerpetual";
  priceDecimals: number;
  qtyDecimals: number;
  spec: InstrumentSpec;
}

interface InstrumentSeed {
  symbol: string;
  baseCoin: string;
  quoteCoin: string;
  basePrice: number;
  tickSize: number;
  stepSize: number;
  typicalQty: number;
  openInterestQty?: number;
  contractSizeQuote?: number;
}

const SEEDS: Record<SimAccount, InstrumentSeed[]> = {
  spot: [
    {
      symbol: "BTCUSDT",
      baseCoin: "BTC",
      quoteCoin: "USDT",
      basePrice: 60_000,
      tickSize: 0.01,
      stepSize: 0.000001,
      typicalQty: 0.02,
    },
    {
      symbol: "ETHUSDT",
      baseCoin: "ETH",
      quoteCoin: "USDT",
      basePrice: 3_000,
      tickSize: 0.01,
      stepSize: 0.00001,
      typicalQty: 0.4,
    },
  ],
  linear: [
    {
      symbol: "BTCUSDT",
      baseCoin: "BTC",
      quoteCoin: "USDT",
      basePrice: 60_000,
      tickSize: 0.1,
      stepSize: 0.001,
      typicalQty: 0.05,
      openInterestQty: 55_000,
    },
    {
      symbol: "ETHUSDT",
      baseCoin: "ETH",
      quoteCoin: "USDT",
      basePrice: 3_000,
      tickSize: 0.01,
      stepSize: 0.01,
      typicalQty: 0.8,
      openInterestQty: 900_000,
    },
    {
      // USDC perpetual: Bybit names it `<BASE>PERP`.
      symbol: "BTCPERP",
      baseCoin: "BTC",
      quoteCoin: "USDC",
      basePrice: 60_010,
      tickSize: 0.5,
      stepSize: 0.001,
      typicalQty: 0.03,
      openInterestQty: 2_000,
    },
  ],
  inverse: [
    {
      symbol: "BTCUSD",
      baseCoin: "BTC",
      quoteCoin: "USD",
      basePrice: 60_000,
      tickSize: 0.5,
      stepSize: 1,
      typicalQty: 500,
      openInterestQty: 450_000_000,
      contractSizeQuote: 1,
    },
    {
      symbol: "ETHUSD",
      baseCoin: "ETH",
      quoteCoin: "USD",
      basePrice: 3_000,
      tickSize: 0.05,
      stepSize: 1,
      typicalQty: 200,
      openInterestQty: 90_000_000,
      contractSizeQuote: 1,
    },
  ],
};

const ID_BASES: Record<SimAccount, { update: number; trade: number }> = {
  spot: { update: 20_000_000, trade: 2_290_000_000_000 },
  linear: { update: 7_000_000, trade: 3_100_000_000 },
  inverse: { update: 3_000_000, trade: 900_000_000 },
};

export function countDecimals(step: number): number {
  const text = step.toFixed(10).replace(/0+$/, "");
  const dot = text.indexOf(".");
  return dot < 0 || dot === text.length - 1 ? 0 : text.length - dot - 1;
}

function buildInstrument(account: SimAccount, seed: InstrumentSeed, simSeed: number): BybitInstrument {
  const offset = hashParts(simSeed, "bybit", account, seed.symbol) % 1_000_000;
  const bases = ID_BASES[account];
  return {
    account,
    symbol: seed.symbol,
    baseCoin: seed.baseCoin,
    quoteCoin: seed.quoteCoin,
    settleCoin: account === "inverse" ? seed.baseCoin : seed.quoteCoin,
    contractType:
      account === "spot" ? undefined : account === "linear" ? "LinearPerpetual" : "InversePerpetual",
    priceDecimals: countDecimals(seed.tickSize),
    qtyDecimals: countDecimals(seed.stepSize),
    spec: {
      symbol: seed.symbol,
      basePrice: seed.basePrice,
      tickSize: seed.tickSize,
      stepSize: seed.stepSize,
      typicalQty: seed.typicalQty,
      // Bybit numbers book updates per topic (`u`); the market's own ids only serve the REST snapshot.
      updateIdStyle: "contiguous",
      firstUpdateId: bases.update + offset,
      firstTradeId: bases.trade + offset,
      firstAggTradeId: 1,
      hasLiquidations: account !== "spot",
      contractSizeQuote: seed.contractSizeQuote,
      openInterestQty: seed.openInterestQty,
    },
  };
}

export interface BybitMarkets {
  instrument(account: SimAccount, symbol: string): BybitInstrument | undefined;
  instruments(account: SimAccount): BybitInstrument[];
  /** The market of a known symbol, started (and ticking from then on) on first use. */
  marketOf(account: SimAccount, symbol: string): SimMarket | undefined;
  /** Started markets, in start order. */
  started(): Array<{ instrument: BybitInstrument; market: SimMarket }>;
}

export function createBybitMarkets(simSeed: number, tickMs: number): BybitMarkets {
  const table = new Map<string, BybitInstrument>();
  const markets = new Map<string, { instrument: BybitInstrument; market: SimMarket }>();
  const keyOf = (account: SimAccount, symbol: string) => `${account}|${symbol.toUpperCase()}`;
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

export function formatPrice(instrument: BybitInstrument, priceTicks: number): string {
  return (priceTicks * instrument.spec.tickSize).toFixed(instrument.priceDecimals);
}

export function formatQty(instrument: BybitInstrument, qtySteps: number): string {
  return (qtySteps * instrument.spec.stepSize).toFixed(instrument.qtyDecimals);
}

/** A decimal without trailing zeros, as Bybit prints rates and derived prices. */
export function formatDecimal(value: number, decimals = 8): string {
  return value.toFixed(decimals).replace(/\.?0+$/, "") || "0";
}

/** Spot trade ids are digits; derivatives use UUIDs. Both are derived from the market's trade counter. */
export function tradeIdOf(instrument: BybitInstrument, id: number): string {
  if (instrument.account === "spot") return String(id);
  const hex = id.toString(16).padStart(12, "0");
  const salt = (hashParts(instrument.account, instrument.symbol) >>> 0).toString(16).padStart(8, "0");
  return `${salt}-${hex.slice(0, 4)}-5${hex.slice(4, 7)}-8${hex.slice(7, 10)}-${hex.padStart(12, "0")}`;
}

/** One row of GET /v5/market/instruments-info in Bybit's shape per category. */
export function describeInstrument(instrument: BybitInstrument): unknown {
  const { tickSize, stepSize, basePrice } = instrument.spec;
  const price = (value: number) => value.toFixed(instrument.priceDecimals);
  const qty = (value: number) => value.toFixed(instrument.qtyDecimals);
  if (instrument.account === "spot") {
    return {
      symbol: instrument.symbol,
      baseCoin: instrument.baseCoin,
      quoteCoin: instrument.quoteCoin,
      innovation: "0",
      status: "Trading",
      marginTrading: "utaOnly",
      stTag: "0",
      lotSizeFilter: {
        basePrecision: qty(stepSize),
        quotePrecision: "0.0000001",
        minOrderQty: qty(stepSize * 10),
        maxOrderQty: qty(stepSize * 10_000_000),
        minOrderAmt: "5",
        maxOrderAmt: "8000000",
      },
      priceFilter: { tickSize: price(tickSize) },
      riskParameters: { priceLimitRatioX: "0.005", priceLimitRatioY: "0.01" },
      symbolType: "",
    };
  }
  return {
    symbol: instrument.symbol,
    contractType: instrument.contractType,
    status: "Trading",
    baseCoin: instrument.baseCoin,
    quoteCoin: instrument.quoteCoin,
    launchTime: "1585526400000",
    deliveryTime: "0",
    deliveryFeeRate: "",
    priceScale: String(instrument.priceDecimals),
    leverageFilter: { minLeverage: "1", maxLeverage: "100.00", leverageStep: "0.01" },
    priceFilter: { minPrice: price(tickSize), maxPrice: price(basePrice * 30), tickSize: price(tickSize) },
    lotSizeFilter: {
      maxOrderQty: qty(stepSize * 1_000_000),
      minOrderQty: qty(stepSize),
      qtyStep: qty(stepSize),
      postOnlyMaxOrderQty: qty(stepSize * 1_000_000),
      maxMktOrderQty: qty(stepSize * 500_000),
      minNotionalValue: instrument.account === "linear" ? "5" : "",
    },
    unifiedMarginTrade: true,
    fundingInterval: 480,
    settleCoin: instrument.settleCoin,
    copyTrading: "both",
    upperFundingRate: "0.00375",
    lowerFundingRate: "-0.00375",
    isPreListing: false,
    preListingInfo: null,
    symbolType: "",
  };
}
