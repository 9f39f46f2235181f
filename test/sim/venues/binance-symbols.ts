// Binance instruments for the simulator: the symbol table per account (with recorded symbols added in recorded
// mode), their synthetic markets (started lazily, ticking from first use), number formatting and exchangeInfo.

import { createMarket, type InstrumentSpec, type SimMarket } from "../market.ts";
import { hashParts } from "../rng.ts";
import type { SimAccount } from "../types.ts";

export interface BinanceInstrument {
  account: SimAccount;
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  /** Futures: the underlying pair (`BTCUSD` for `BTCUSD_PERP`). */
  pair: string;
  /** Decimals on the wire (spot always 8; futures the symbol's price / quantity precision). */
  priceDecimals: number;
  qtyDecimals: number;
  spec: InstrumentSpec;
  /** Added from a recording (recorded mode); its non-depth REST answers are synthetic. */
  isRecorded: boolean;
}

interface InstrumentSeed {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  basePrice: number;
  tickSize: number;
  stepSize: number;
  typicalQty: number;
  openInterestQty?: number;
  contractSizeQuote?: number;
  /** Futures `pricePrecision` when it shows more decimals than the tick (BTCUSDT: tick 0.10, "60000.00"). */
  pricePrecision?: number;
}

const SEEDS: Record<SimAccount, InstrumentSeed[]> = {
  spot: [
    {
      symbol: "BTCUSDT",
      baseAsset: "BTC",
      quoteAsset: "USDT",
      basePrice: 60_000,
      tickSize: 0.01,
      stepSize: 0.00001,
      typicalQty: 0.02,
    },
    {
      symbol: "ETHUSDT",
      baseAsset: "ETH",
      quoteAsset: "USDT",
      basePrice: 3_000,
      tickSize: 0.01,
      stepSize: 0.0001,
      typicalQty: 0.4,
    },
    {
      symbol: "BNBBTC",
      baseAsset: "BNB",
      quoteAsset: "BTC",
      basePrice: 0.0085,
      tickSize: 0.000001,
      stepSize: 0.001,
      typicalQty: 2,
    },
  ],
  linear: [
    {
      symbol: "BTCUSDT",
      baseAsset: "BTC",
      quoteAsset: "USDT",
      basePrice: 60_000,
      tickSize: 0.1,
      stepSize: 0.001,
      typicalQty: 0.05,
      openInterestQty: 80_000,
      pricePrecision: 2,
    },
    {
      symbol: "ETHUSDT",
      baseAsset: "ETH",
      quoteAsset: "USDT",
      basePrice: 3_000,
      tickSize: 0.01,
      stepSize: 0.001,
      typicalQty: 0.8,
      openInterestQty: 1_500_000,
    },
  ],
  inverse: [
    {
      symbol: "BTCUSD_PERP",
      baseAsset: "BTC",
      quoteAsset: "USD",
      basePrice: 60_000,
      tickSize: 0.1,
      stepSize: 1,
      typicalQty: 30,
      openInterestQty: 9_000_000,
      contractSizeQuote: 100,
    },
  ],
};

const ID_BASES: Record<SimAccount, { update: number; trade: number; agg: number }> = {
  spot: { update: 70_000_000_000, trade: 5_000_000_000, agg: 3_000_000_000 },
  linear: { update: 8_000_000_000_000, trade: 6_000_000_000, agg: 2_600_000_000 },
  inverse: { update: 900_000_000_000, trade: 1_200_000_000, agg: 600_000_000 },
};

const QUOTE_SUFFIXES = ["FDUSD", "USDT", "USDC", "BUSD", "TUSD", "BTC", "ETH", "BNB", "EUR", "TRY", "USD"];

export function countDecimals(step: number): number {
  const text = step.toFixed(10).replace(/0+$/, "");
  const dot = text.indexOf(".");
  return dot < 0 || dot === text.length - 1 ? 0 : text.length - dot - 1;
}

export function buildInstrument(
  account: SimAccount,
  seed: InstrumentSeed,
  isRecorded: boolean,
  simSeed: number,
): BinanceInstrument {
  const offset = hashParts(simSeed, account, seed.symbol) % 100_000_000;
  const bases = ID_BASES[account];
  const isSpot = account === "spot";
  return {
    account,
    symbol: seed.symbol,
    baseAsset: seed.baseAsset,
    quoteAsset: seed.quoteAsset,
    pair: account === "inverse" ? (seed.symbol.split("_")[0] ?? seed.symbol) : seed.symbol,
    priceDecimals: isSpot ? 8 : (seed.pricePrecision ?? countDecimals(seed.tickSize)),
    qtyDecimals: isSpot ? 8 : countDecimals(seed.stepSize),
    isRecorded,
    spec: {
      symbol: seed.symbol,
      basePrice: seed.basePrice,
      tickSize: seed.tickSize,
      stepSize: seed.stepSize,
      typicalQty: seed.typicalQty,
      updateIdStyle: isSpot ? "contiguous" : "linked",
      firstUpdateId: bases.update + offset * 10,
      firstTradeId: bases.trade + offset,
      firstAggTradeId: bases.agg + offset,
      hasLiquidations: !isSpot,
      contractSizeQuote: seed.contractSizeQuote,
      openInterestQty: seed.openInterestQty,
    },
  };
}

/** A plausible instrument for a symbol seen only in a recording, priced at the first price it traded at. */
export function guessRecordedSeed(account: SimAccount, symbol: string, price: number): InstrumentSeed {
  const core = account === "inverse" ? (symbol.split("_")[0] ?? symbol) : symbol;
  const quote =
    QUOTE_SUFFIXES.find((suffix) => core.endsWith(suffix) && core.length > suffix.length) ?? "USDT";
  const magnitude = Math.floor(Math.log10(Math.max(price, 1e-8)));
  const tickSize = Number((10 ** (magnitude - 4)).toPrecision(1));
  return {
    symbol,
    baseAsset: core.slice(0, core.length - quote.length),
    quoteAsset: quote,
    basePrice: price,
    tickSize,
    stepSize: account === "inverse" ? 1 : Number((10 ** Math.min(0, -magnitude - 1)).toPrecision(1)),
    typicalQty: account === "inverse" ? 10 : Math.max(0.001, 500 / price),
    contractSizeQuote: account === "inverse" ? 10 : undefined,
  };
}

export interface BinanceMarkets {
  instrument(account: SimAccount, symbol: string): BinanceInstrument | undefined;
  instruments(account: SimAccount): BinanceInstrument[];
  addInstrument(instrument: BinanceInstrument): void;
  /** The market of a known symbol, started (and ticking from then on) on first use. */
  marketOf(account: SimAccount, symbol: string): SimMarket | undefined;
  /** Started markets, in start order. */
  started(): Array<{ instrument: BinanceInstrument; market: SimMarket }>;
}

export function createBinanceMarkets(simSeed: number, tickMs: number): BinanceMarkets {
  const table = new Map<string, BinanceInstrument>();
  const markets = new Map<string, { instrument: BinanceInstrument; market: SimMarket }>();
  const keyOf = (account: SimAccount, symbol: string) => `${account}|${symbol.toUpperCase()}`;
  for (const account of Object.keys(SEEDS) as SimAccount[]) {
    for (const seed of SEEDS[account])
      table.set(keyOf(account, seed.symbol), buildInstrument(account, seed, false, simSeed));
  }
  return {
    instrument: (account, symbol) => table.get(keyOf(account, symbol)),
    instruments: (account) => [...table.values()].filter((instrument) => instrument.account === account),
    addInstrument(instrument) {
      const key = keyOf(instrument.account, instrument.symbol);
      if (!table.has(key)) table.set(key, instrument);
    },
    marketOf(account, symbol) {
      const key = keyOf(account, symbol);
      const existing = markets.get(key);
      if (existing) return existing.market;
      const instrument = table.get(key);
      if (!instrument) return undefined;
      // The market's synthetic history ends, at its base price, the moment it is first used.
      const market = createMarket(instrument.spec, simSeed, Date.now(), 1000 / tickMs);
      markets.set(key, { instrument, market });
      return market;
    },
    started: () => [...markets.values()],
  };
}

export function formatPrice(instrument: BinanceInstrument, priceTicks: number): string {
  return (priceTicks * instrument.spec.tickSize).toFixed(instrument.priceDecimals);
}

export function formatQty(instrument: BinanceInstrument, qtySteps: number): string {
  return (qtySteps * instrument.spec.stepSize).toFixed(instrument.qtyDecimals);
}

export function formatDecimal(value: number, decimals = 8): string {
  return value.toFixed(decimals);
}

const SPOT_RATE_LIMITS = [
  { rateLimitType: "REQUEST_WEIGHT", interval: "MINUTE", intervalNum: 1, limit: 6000 },
  { rateLimitType: "ORDERS", interval: "SECOND", intervalNum: 10, limit: 100 },
  { rateLimitType: "ORDERS", interval: "DAY", intervalNum: 1, limit: 200000 },
  { rateLimitType: "RAW_REQUESTS", interval: "MINUTE", intervalNum: 5, limit: 61000 },
];
const FUTURES_RATE_LIMITS = [
  { rateLimitType: "REQUEST_WEIGHT", interval: "MINUTE", intervalNum: 1, limit: 2400 },
  { rateLimitType: "ORDERS", interval: "MINUTE", intervalNum: 1, limit: 1200 },
  { rateLimitType: "ORDERS", interval: "SECOND", intervalNum: 10, limit: 300 },
];
const PERPETUAL_DELIVERY_MS = 4_133_404_800_000;
const FUTURES_ORDER_TYPES = [
  "LIMIT",
  "MARKET",
  "STOP",
  "STOP_MARKET",
  "TAKE_PROFIT",
  "TAKE_PROFIT_MARKET",
  "TRAILING_STOP_MARKET",
];

/** GET /api/v3/exchangeInfo, /fapi/v1/exchangeInfo, /dapi/v1/exchangeInfo in Binance's shape. */
export function describeExchangeInfo(
  account: SimAccount,
  instruments: BinanceInstrument[],
  nowMs: number,
): unknown {
  if (account === "spot") {
    return {
      timezone: "UTC",
      serverTime: nowMs,
      rateLimits: SPOT_RATE_LIMITS,
      exchangeFilters: [],
      symbols: instruments.map(describeSpotSymbol),
    };
  }
  const symbols = instruments.map((instrument) => describeFuturesSymbol(instrument));
  if (account === "linear") {
    return {
      timezone: "UTC",
      serverTime: nowMs,
      futuresType: "U_MARGINED",
      rateLimits: FUTURES_RATE_LIMITS,
      exchangeFilters: [],
      assets: [{ asset: "USDT", marginAvailable: true, autoAssetExchange: "-10000" }],
      symbols,
    };
  }
  return {
    timezone: "UTC",
    serverTime: nowMs,
    rateLimits: FUTURES_RATE_LIMITS,
    exchangeFilters: [],
    symbols,
  };
}

function describeSpotSymbol(instrument: BinanceInstrument): unknown {
  const { tickSize, stepSize } = instrument.spec;
  return {
    symbol: instrument.symbol,
    status: "TRADING",
    baseAsset: instrument.baseAsset,
    baseAssetPrecision: 8,
    quoteAsset: instrument.quoteAsset,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: [
      "LIMIT",
      "LIMIT_MAKER",
      "MARKET",
      "STOP_LOSS",
      "STOP_LOSS_LIMIT",
      "TAKE_PROFIT",
      "TAKE_PROFIT_LIMIT",
    ],
    icebergAllowed: true,
    ocoAllowed: true,
    otoAllowed: true,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: true,
    cancelReplaceAllowed: true,
    amendAllowed: true,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: true,
    filters: [
      {
        filterType: "PRICE_FILTER",
        minPrice: formatDecimal(tickSize),
        maxPrice: formatDecimal(instrument.spec.basePrice * 100),
        tickSize: formatDecimal(tickSize),
      },
      {
        filterType: "LOT_SIZE",
        minQty: formatDecimal(stepSize),
        maxQty: formatDecimal(9_000_000 * stepSize),
        stepSize: formatDecimal(stepSize),
      },
      { filterType: "ICEBERG_PARTS", limit: 10 },
      {
        filterType: "MARKET_LOT_SIZE",
        minQty: "0.00000000",
        maxQty: formatDecimal(100_000 * stepSize),
        stepSize: "0.00000000",
      },
      {
        filterType: "TRAILING_DELTA",
        minTrailingAboveDelta: 10,
        maxTrailingAboveDelta: 2000,
        minTrailingBelowDelta: 10,
        maxTrailingBelowDelta: 2000,
      },
      {
        filterType: "PERCENT_PRICE_BY_SIDE",
        bidMultiplierUp: "5",
        bidMultiplierDown: "0.2",
        askMultiplierUp: "5",
        askMultiplierDown: "0.2",
        avgPriceMins: 5,
      },
      {
        filterType: "NOTIONAL",
        minNotional: instrument.quoteAsset === "BTC" ? "0.00010000" : "5.00000000",
        applyMinToMarket: true,
        maxNotional: "9000000.00000000",
        applyMaxToMarket: false,
        avgPriceMins: 5,
      },
      { filterType: "MAX_NUM_ORDERS", maxNumOrders: 200 },
      { filterType: "MAX_NUM_ALGO_ORDERS", maxNumAlgoOrders: 5 },
    ],
    permissions: [],
    permissionSets: [["SPOT", "MARGIN"]],
    defaultSelfTradePreventionMode: "EXPIRE_MAKER",
    allowedSelfTradePreventionModes: ["EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH", "DECREMENT"],
  };
}

function describeFuturesSymbol(instrument: BinanceInstrument): unknown {
  const { tickSize, stepSize } = instrument.spec;
  const price = (value: number) => value.toFixed(instrument.priceDecimals);
  const qty = (value: number) => value.toFixed(instrument.qtyDecimals);
  const filters = [
    {
      filterType: "PRICE_FILTER",
      minPrice: price(tickSize * 10),
      maxPrice: price(instrument.spec.basePrice * 20),
      tickSize: price(tickSize),
    },
    {
      filterType: "LOT_SIZE",
      stepSize: qty(stepSize),
      maxQty: qty(stepSize * 1_000_000),
      minQty: qty(stepSize),
    },
    {
      filterType: "MARKET_LOT_SIZE",
      stepSize: qty(stepSize),
      maxQty: qty(stepSize * 120_000),
      minQty: qty(stepSize),
    },
    { filterType: "MAX_NUM_ORDERS", limit: 200 },
    { filterType: "MAX_NUM_ALGO_ORDERS", limit: 10 },
    ...(instrument.account === "linear" ? [{ filterType: "MIN_NOTIONAL", notional: "100" }] : []),
    { filterType: "PERCENT_PRICE", multiplierUp: "1.0500", multiplierDown: "0.9500", multiplierDecimal: "4" },
  ];
  const common = {
    symbol: instrument.symbol,
    pair: instrument.pair,
    contractType: "PERPETUAL",
    deliveryDate: PERPETUAL_DELIVERY_MS,
    onboardDate: 1_569_398_400_000,
  };
  if (instrument.account === "inverse") {
    return {
      ...common,
      contractStatus: "TRADING",
      contractSize: instrument.spec.contractSizeQuote ?? 100,
      marginAsset: instrument.baseAsset,
      maintMarginPercent: "2.5000",
      requiredMarginPercent: "5.0000",
      baseAsset: instrument.baseAsset,
      quoteAsset: instrument.quoteAsset,
      pricePrecision: instrument.priceDecimals,
      quantityPrecision: instrument.qtyDecimals,
      baseAssetPrecision: 8,
      quotePrecision: 8,
      equalQtyPrecision: 4,
      maxMoveOrderLimit: 10000,
      triggerProtect: "0.0500",
      underlyingType: "COIN",
      underlyingSubType: [],
      filters,
      orderTypes: FUTURES_ORDER_TYPES,
      timeInForce: ["GTC", "IOC", "FOK", "GTX"],
      liquidationFee: "0.015000",
      marketTakeBound: "0.05",
    };
  }
  return {
    ...common,
    status: "TRADING",
    maintMarginPercent: "2.5000",
    requiredMarginPercent: "5.0000",
    baseAsset: instrument.baseAsset,
    quoteAsset: instrument.quoteAsset,
    marginAsset: instrument.quoteAsset,
    pricePrecision: instrument.priceDecimals,
    quantityPrecision: instrument.qtyDecimals,
    baseAssetPrecision: 8,
    quotePrecision: 8,
    underlyingType: "COIN",
    underlyingSubType: [],
    settlePlan: 0,
    triggerProtect: "0.0500",
    liquidationFee: "0.012500",
    marketTakeBound: "0.05",
    maxMoveOrderLimit: 10000,
    filters,
    orderTypes: FUTURES_ORDER_TYPES,
    timeInForce: ["GTC", "IOC", "FOK", "GTX", "GTD"],
    permissionSets: ["GRID", "COPY"],
  };
}
