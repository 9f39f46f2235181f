// Deribit instruments for the simulator: inverse (coin-settled, amounts in USD), linear (USDC-settled) and spot
// markets, started lazily and ticking from first use; number formatting; get_instruments rows; candle intervals.

import type { BarInterval } from "../bars.ts";
import { createMarket, type SimMarket } from "../market.ts";
import { hashParts } from "../rng.ts";
import type { SimAccount } from "../types.ts";

export interface DeribitInstrument {
  account: SimAccount;
  name: string;
  base: string;
  quote: string;
  settle?: string;
  tickSize: number;
  /** Lot: USD for inverse contracts (amounts are USD there), base coin otherwise. */
  stepSize: number;
  basePrice: number;
  typicalQty: number;
  /** Dated futures: expiry, ms since the epoch (08:00 UTC, as Deribit). */
  expiryMs?: number;
}

const FAR_EXPIRY_MS = Date.UTC(2031, 11, 26, 8);

const INSTRUMENTS: readonly DeribitInstrument[] = [
  {
    account: "inverse",
    name: "BTC-PERPETUAL",
    base: "BTC",
    quote: "USD",
    settle: "BTC",
    tickSize: 0.5,
    stepSize: 10,
    basePrice: 60_000,
    typicalQty: 2_000,
  },
  {
    account: "inverse",
    name: "ETH-PERPETUAL",
    base: "ETH",
    quote: "USD",
    settle: "ETH",
    tickSize: 0.05,
    stepSize: 1,
    basePrice: 3_000,
    typicalQty: 500,
  },
  {
    account: "inverse",
    name: "BTC-26DEC31",
    base: "BTC",
    quote: "USD",
    settle: "BTC",
    tickSize: 2.5,
    stepSize: 10,
    basePrice: 62_000,
    typicalQty: 1_000,
    expiryMs: FAR_EXPIRY_MS,
  },
  {
    account: "linear",
    name: "BTC_USDC-PERPETUAL",
    base: "BTC",
    quote: "USDC",
    settle: "USDC",
    tickSize: 0.5,
    stepSize: 0.0001,
    basePrice: 60_000,
    typicalQty: 0.05,
  },
  {
    account: "linear",
    name: "ETH_USDC-PERPETUAL",
    base: "ETH",
    quote: "USDC",
    settle: "USDC",
    tickSize: 0.05,
    stepSize: 0.001,
    basePrice: 3_000,
    typicalQty: 0.5,
  },
  {
    account: "spot",
    name: "BTC_USDC",
    base: "BTC",
    quote: "USDC",
    tickSize: 0.5,
    stepSize: 0.0001,
    basePrice: 60_000,
    typicalQty: 0.02,
  },
  {
    account: "spot",
    name: "ETH_USDC",
    base: "ETH",
    quote: "USDC",
    tickSize: 0.05,
    stepSize: 0.0001,
    basePrice: 3_000,
    typicalQty: 0.4,
  },
];

export interface DeribitMarkets {
  instrument(name: string): DeribitInstrument | undefined;
  instruments(account?: SimAccount): DeribitInstrument[];
  /** The market of a known instrument, started (and ticking from then on) on first use. */
  marketOf(name: string): SimMarket | undefined;
  started(): Array<{ instrument: DeribitInstrument; market: SimMarket }>;
  /**
   * The book as last published on the socket (price ticks → steps), to tell a `new` level from a `change`. Copied
   * from the market when it starts, advanced by the venue as it publishes each change.
   */
  publishedBookOf(name: string): { bids: Map<number, number>; asks: Map<number, number> } | undefined;
  /** The first change_id and trade id of an instrument (so tests can check numbering). */
  firstIdsOf(name: string): { changeId: number; tradeId: number };
}

export function createDeribitMarkets(simSeed: number, tickMs: number): DeribitMarkets {
  const table = new Map(INSTRUMENTS.map((instrument) => [instrument.name, instrument]));
  const markets = new Map<string, { instrument: DeribitInstrument; market: SimMarket }>();
  const published = new Map<string, { bids: Map<number, number>; asks: Map<number, number> }>();
  const firstIdsOf = (name: string) => {
    const offset = hashParts(simSeed, "deribit", name) % 10_000_000;
    return { changeId: 60_000_000_000 + offset * 100, tradeId: 300_000_000 + offset };
  };
  return {
    instrument: (name) => table.get(name.toUpperCase()),
    instruments: (account) => INSTRUMENTS.filter((i) => account === undefined || i.account === account),
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
          // change_id jumps between notifications; each names the previous one (prev_change_id).
          updateIdStyle: "linked",
          firstUpdateId: ids.changeId,
          firstTradeId: ids.tradeId,
          firstAggTradeId: ids.tradeId,
          hasLiquidations: instrument.account !== "spot",
          // Inverse amounts are USD: one "contract" of 1 USD, so notional comes out in the coin.
          contractSizeQuote: instrument.account === "inverse" ? 1 : undefined,
          openInterestQty:
            instrument.account === "inverse"
              ? 500_000_000
              : instrument.account === "linear"
                ? 2_000
                : undefined,
        },
        simSeed,
        Date.now(),
        1000 / tickMs,
      );
      markets.set(key, { instrument, market });
      published.set(key, { bids: new Map(market.book.bids), asks: new Map(market.book.asks) });
      return market;
    },
    started: () => [...markets.values()],
    publishedBookOf: (name) => published.get(name.toUpperCase()),
    firstIdsOf,
  };
}

function decimalsOf(step: number): number {
  const text = String(step);
  return text.includes(".") ? text.length - text.indexOf(".") - 1 : 0;
}

/** A price in ticks as the JSON number Deribit would send (no float noise). */
export function priceOf(instrument: DeribitInstrument, ticks: number): number {
  return Number((ticks * instrument.tickSize).toFixed(decimalsOf(instrument.tickSize)));
}

export function amountOf(instrument: DeribitInstrument, steps: number): number {
  return Number((steps * instrument.stepSize).toFixed(decimalsOf(instrument.stepSize)));
}

export function isPerpetual(instrument: DeribitInstrument): boolean {
  return instrument.name.endsWith("-PERPETUAL");
}

/** One `public/get_instruments` row in Deribit's shape. */
export function describeInstrumentRow(instrument: DeribitInstrument): Record<string, unknown> {
  const perpetual = isPerpetual(instrument);
  const row: Record<string, unknown> = {
    tick_size: instrument.tickSize,
    tick_size_steps: [],
    taker_commission: 0.0005,
    maker_commission: 0,
    quote_currency: instrument.quote,
    counter_currency: instrument.quote,
    min_trade_amount: instrument.stepSize,
    kind: instrument.account === "spot" ? "spot" : "future",
    is_active: true,
    instrument_name: instrument.name,
    instrument_id: hashParts("deribit-id", instrument.name) % 1_000_000,
    creation_timestamp: 1534167754000,
    base_currency: instrument.base,
    contract_size: instrument.account === "inverse" ? 10 : 1,
    state: "open",
  };
  if (instrument.account !== "spot") {
    row.instrument_type = instrument.account === "inverse" ? "reversed" : "linear";
    row.settlement_currency = instrument.settle;
    row.settlement_period = perpetual ? "perpetual" : "month";
    row.expiration_timestamp = instrument.expiryMs ?? 32503708800000;
    row.price_index = `${instrument.base.toLowerCase()}_usd`;
  }
  return row;
}

const MINUTE_MS = 60_000;

/** `chart.trades` resolutions → bar intervals (10 min and 3 h are Deribit's, absent from Binance's list). */
export const RESOLUTION_MINUTES: Readonly<Record<string, number>> = {
  "1": 1,
  "3": 3,
  "5": 5,
  "10": 10,
  "15": 15,
  "30": 30,
  "60": 60,
  "120": 120,
  "180": 180,
  "360": 360,
  "720": 720,
  "1D": 1440,
};

export function intervalOfResolution(resolution: string): BarInterval | undefined {
  const minutes = RESOLUTION_MINUTES[resolution];
  if (minutes === undefined) return undefined;
  const spanMs = minutes * MINUTE_MS;
  return {
    label: resolution,
    openOf: (tMs) => Math.floor(tMs / spanMs) * spanMs,
    nextOpenOf: (openMs) => openMs + spanMs,
  };
}
