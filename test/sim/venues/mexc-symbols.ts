// MEXC markets for the simulator: spot pairs (`BTCUSDT`) and USDT perpetuals (`BTC_USDT`, sizes in contracts), their
// synthetic markets (started lazily, ticking from first use), the futures depth version counter, number formatting.

import { createMarket, type SimMarket } from "../market.ts";
import { hashParts } from "../rng.ts";
import type { SimAccount } from "../types.ts";

export interface MexcSimInstrument {
  account: "spot" | "linear";
  /** `BTCUSDT` (spot) or `BTC_USDT` (futures). */
  symbol: string;
  base: string;
  quote: string;
  priceDecimals: number;
  qtyDecimals: number;
  basePrice: number;
  /** Median taker order: base units on spot, contracts on futures. */
  typicalQty: number;
  /** Futures: base units per contract. */
  contractSize?: number;
}

const INSTRUMENTS: readonly MexcSimInstrument[] = [
  {
    account: "spot",
    symbol: "BTCUSDT",
    base: "BTC",
    quote: "USDT",
    priceDecimals: 2,
    qtyDecimals: 6,
    basePrice: 60_000,
    typicalQty: 0.02,
  },
  {
    account: "spot",
    symbol: "ETHUSDT",
    base: "ETH",
    quote: "USDT",
    priceDecimals: 2,
    qtyDecimals: 4,
    basePrice: 3_000,
    typicalQty: 0.4,
  },
  {
    account: "linear",
    symbol: "BTC_USDT",
    base: "BTC",
    quote: "USDT",
    priceDecimals: 1,
    qtyDecimals: 0,
    basePrice: 60_000,
    typicalQty: 200,
    contractSize: 0.0001,
  },
  {
    account: "linear",
    symbol: "ETH_USDT",
    base: "ETH",
    quote: "USDT",
    priceDecimals: 2,
    qtyDecimals: 0,
    basePrice: 3_000,
    typicalQty: 40,
    contractSize: 0.01,
  },
];

const TRADE_ID_BASE: Record<"spot" | "linear", number> = { spot: 700_000_000, linear: 13_000_000_000 };
/** Where the book versions start (MEXC's are in the tens of billions). */
const VERSION_BASE: Record<"spot" | "linear", number> = { spot: 74_000_000_000, linear: 28_000_000_000 };

export function priceText(instrument: MexcSimInstrument, priceTicks: number): string {
  return (priceTicks / 10 ** instrument.priceDecimals).toFixed(instrument.priceDecimals);
}

export function qtyText(instrument: MexcSimInstrument, qtySteps: number): string {
  return (qtySteps / 10 ** instrument.qtyDecimals).toFixed(instrument.qtyDecimals);
}

export interface MexcMarkets {
  instrument(account: SimAccount, symbol: string): MexcSimInstrument | undefined;
  instruments(account: SimAccount): MexcSimInstrument[];
  /** The market of a known symbol, started (and ticking from then on) on first use. */
  marketOf(account: SimAccount, symbol: string): SimMarket | undefined;
  started(): Array<{ instrument: MexcSimInstrument; market: SimMarket }>;
  /**
   * Futures depth version: MEXC's "each new event's version should be exactly equal to the previous version + 1",
   * so every book update of a contract takes the next number, and the REST snapshot reports the current one.
   */
  nextVersion(instrument: MexcSimInstrument): number;
  currentVersion(instrument: MexcSimInstrument): number;
}

export function createMexcMarkets(seed: number, tickMs: number): MexcMarkets {
  const markets = new Map<string, { instrument: MexcSimInstrument; market: SimMarket }>();
  const versions = new Map<string, number>();
  const keyOf = (account: SimAccount, symbol: string) => `${account}|${symbol.toUpperCase()}`;
  const find = (account: SimAccount, symbol: string) =>
    INSTRUMENTS.find((i) => i.account === account && i.symbol === symbol.toUpperCase());

  return {
    instrument: find,
    instruments: (account) => INSTRUMENTS.filter((i) => i.account === account),
    marketOf(account, symbol) {
      const instrument = find(account, symbol);
      if (!instrument) return undefined;
      const key = keyOf(account, instrument.symbol);
      let entry = markets.get(key);
      if (!entry) {
        const offset = hashParts(`${seed}|${key}`) % 1_000_000;
        const market = createMarket(
          {
            symbol: instrument.symbol,
            basePrice: instrument.basePrice,
            tickSize: 10 ** -instrument.priceDecimals,
            stepSize: 10 ** -instrument.qtyDecimals,
            typicalQty: instrument.typicalQty,
            updateIdStyle: "contiguous",
            firstUpdateId: VERSION_BASE[instrument.account] + offset,
            firstTradeId: TRADE_ID_BASE[instrument.account] + offset,
            firstAggTradeId: TRADE_ID_BASE[instrument.account] + offset,
            hasLiquidations: false,
          },
          seed,
          Date.now(),
          1000 / tickMs,
        );
        entry = { instrument, market };
        markets.set(key, entry);
        versions.set(key, VERSION_BASE[instrument.account] + offset);
      }
      return entry.market;
    },
    started: () => [...markets.values()],
    nextVersion(instrument) {
      const key = keyOf(instrument.account, instrument.symbol);
      const next = (versions.get(key) ?? 0) + 1;
      versions.set(key, next);
      return next;
    },
    currentVersion: (instrument) => versions.get(keyOf(instrument.account, instrument.symbol)) ?? 0,
  };
}
