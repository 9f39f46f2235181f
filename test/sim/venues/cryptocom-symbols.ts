// Crypto.com instruments for the simulator: spot pairs, USD perpetuals and a dated future (linear, settled in USD),
// each with its underlying index, started lazily and ticking from first use; number text; get-instruments rows;
// candlestick timeframes.

import { type BarInterval, parseInterval } from "../bars.ts";
import { createMarket, type SimMarket } from "../market.ts";
import { hashParts } from "../rng.ts";
import type { SimAccount } from "../types.ts";

export interface CryptocomInstrument {
  account: SimAccount;
  name: string;
  instType: "CCY_PAIR" | "PERPETUAL_SWAP" | "FUTURE";
  base: string;
  quote: string;
  tickSize: number;
  /** Lot, in the base coin (every Crypto.com contract is one base unit). */
  stepSize: number;
  basePrice: number;
  typicalQty: number;
  /** Derivatives: the index they are marked against. */
  underlying?: string;
  expiryMs?: number;
}

const FAR_EXPIRY_MS = Date.UTC(2031, 11, 26, 8);

const INSTRUMENTS: readonly CryptocomInstrument[] = [
  {
    account: "spot",
    name: "BTC_USDT",
    instType: "CCY_PAIR",
    base: "BTC",
    quote: "USDT",
    tickSize: 0.01,
    stepSize: 0.00001,
    basePrice: 60_000,
    typicalQty: 0.02,
  },
  {
    account: "spot",
    name: "ETH_USDT",
    instType: "CCY_PAIR",
    base: "ETH",
    quote: "USDT",
    tickSize: 0.01,
    stepSize: 0.0001,
    basePrice: 3_000,
    typicalQty: 0.4,
  },
  {
    account: "spot",
    name: "CRO_USD",
    instType: "CCY_PAIR",
    base: "CRO",
    quote: "USD",
    tickSize: 0.00001,
    stepSize: 1,
    basePrice: 0.1,
    typicalQty: 2_000,
  },
  {
    account: "linear",
    name: "BTCUSD-PERP",
    instType: "PERPETUAL_SWAP",
    base: "BTC",
    quote: "USD",
    tickSize: 0.1,
    stepSize: 0.0001,
    basePrice: 60_000,
    typicalQty: 0.05,
    underlying: "BTCUSD-INDEX",
  },
  {
    account: "linear",
    name: "ETHUSD-PERP",
    instType: "PERPETUAL_SWAP",
    base: "ETH",
    quote: "USD",
    tickSize: 0.01,
    stepSize: 0.001,
    basePrice: 3_000,
    typicalQty: 0.5,
    underlying: "ETHUSD-INDEX",
  },
  {
    account: "linear",
    name: "BTCUSD-311226",
    instType: "FUTURE",
    base: "BTC",
    quote: "USD",
    tickSize: 0.5,
    stepSize: 0.0001,
    basePrice: 62_000,
    typicalQty: 0.02,
    underlying: "BTCUSD-INDEX",
    expiryMs: FAR_EXPIRY_MS,
  },
];

export interface CryptocomMarkets {
  instrument(name: string): CryptocomInstrument | undefined;
  instruments(account?: SimAccount): CryptocomInstrument[];
  /** The derivatives marked against an index name (`BTCUSD-INDEX`); empty for anything else. */
  indexMembers(indexName: string): CryptocomInstrument[];
  /** The market of a known instrument, started (and ticking from then on) on first use. */
  marketOf(name: string): SimMarket | undefined;
  started(): Array<{ instrument: CryptocomInstrument; market: SimMarket }>;
  /** The first update and trade ids of an instrument (so tests can check numbering). */
  firstIdsOf(name: string): { updateId: number; tradeId: number };
}

export function createCryptocomMarkets(simSeed: number, tickMs: number): CryptocomMarkets {
  const table = new Map(INSTRUMENTS.map((instrument) => [instrument.name, instrument]));
  const markets = new Map<string, { instrument: CryptocomInstrument; market: SimMarket }>();
  const firstIdsOf = (name: string) => {
    const offset = hashParts(simSeed, "cryptocom", name) % 10_000_000;
    // `u` is large and jumps between frames (it is no step-by-one counter); trade ids are 19-digit text.
    return { updateId: 40_000_000_000_000 + offset * 1_000, tradeId: 4_611_686_018_000_000 + offset };
  };
  return {
    instrument: (name) => table.get(name.toUpperCase()),
    instruments: (account) => INSTRUMENTS.filter((i) => account === undefined || i.account === account),
    indexMembers: (indexName) => INSTRUMENTS.filter((i) => i.underlying === indexName.toUpperCase()),
    marketOf(name) {
      const key = name.toUpperCase();
      const existing = markets.get(key);
      if (existing) return existing.market;
      const instrument = table.get(key);
      if (!instrument) return undefined;
      const ids = firstIdsOf(key);
      const market = createMarket(
        {
          symbol: instrument.name,
          basePrice: instrument.basePrice,
          tickSize: instrument.tickSize,
          stepSize: instrument.stepSize,
          typicalQty: instrument.typicalQty,
          updateIdStyle: "linked",
          firstUpdateId: ids.updateId,
          firstTradeId: ids.tradeId,
          firstAggTradeId: ids.tradeId,
          hasLiquidations: false,
          openInterestQty: instrument.account === "linear" ? 1_500 : undefined,
        },
        simSeed,
        Date.now(),
        1000 / tickMs,
      );
      markets.set(key, { instrument, market });
      return market;
    },
    started: () => [...markets.values()],
    firstIdsOf,
  };
}

function decimalsOf(step: number): number {
  const text = String(step);
  if (text.includes("e-")) return Number(text.split("e-")[1]);
  return text.includes(".") ? text.length - text.indexOf(".") - 1 : 0;
}

/** A price in ticks as the text Crypto.com sends (fixed decimals of the tick size). */
export function priceText(instrument: CryptocomInstrument, ticks: number): string {
  return (ticks * instrument.tickSize).toFixed(decimalsOf(instrument.tickSize));
}

export function qtyText(instrument: CryptocomInstrument, steps: number): string {
  return (steps * instrument.stepSize).toFixed(decimalsOf(instrument.stepSize));
}

/** Any number as venue text with `decimals` places. */
export function numberText(value: number, decimals: number): string {
  return value.toFixed(decimals);
}

/** One `public/get-instruments` row in Crypto.com's shape. */
export function describeInstrumentRow(instrument: CryptocomInstrument): Record<string, unknown> {
  const row: Record<string, unknown> = {
    symbol: instrument.name,
    inst_type: instrument.instType,
    display_name:
      instrument.instType === "CCY_PAIR"
        ? `${instrument.base}/${instrument.quote}`
        : `${instrument.base}${instrument.quote} ${instrument.instType === "FUTURE" ? "Futures" : "Perpetual"}`,
    base_ccy: instrument.base,
    quote_ccy: instrument.quote,
    quote_decimals: decimalsOf(instrument.tickSize),
    quantity_decimals: decimalsOf(instrument.stepSize),
    price_tick_size: String(instrument.tickSize),
    qty_tick_size: String(instrument.stepSize),
    max_leverage: instrument.account === "linear" ? "100" : "10",
    tradable: true,
    expiry_timestamp_ms: instrument.expiryMs ?? 0,
    beta_product: false,
    margin_buy_enabled: false,
    margin_sell_enabled: false,
  };
  if (instrument.underlying) {
    row.underlying_symbol = instrument.underlying;
    row.contract_size = "1";
  }
  return row;
}

/** Candlestick timeframe → bar interval (1m … 12h, 1D, 7D, 1M; 14D is not simulated). */
export function intervalOfTimeframe(timeframe: string): BarInterval | undefined {
  const label: Record<string, string> = {
    "1m": "1m",
    "5m": "5m",
    "15m": "15m",
    "30m": "30m",
    "1h": "1h",
    "2h": "2h",
    "4h": "4h",
    "12h": "12h",
    "1D": "1d",
    "7D": "1w",
    "1M": "1M",
  };
  const canonical = label[timeframe];
  const interval = canonical ? parseInterval(canonical) : undefined;
  return interval ? { ...interval, label: timeframe } : undefined;
}
