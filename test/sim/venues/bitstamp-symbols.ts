// Bitstamp markets for the simulator: spot pairs and USD-settled perpetuals (`btcusd-perp`), their synthetic
// markets (started lazily, ticking from first use), the book's microtimestamp clock, number formatting, /markets/ rows.

import { createMarket, type SimMarket } from "../market.ts";
import { hashParts } from "../rng.ts";
import type { SimAccount } from "../types.ts";

export interface BitstampInstrument {
  account: "spot" | "linear";
  /** Lower-case market symbol, the channel and URL suffix (`btcusd`, `btcusd-perp`). */
  market: string;
  /** The spelling inside REST bodies (`BTC/USD`, `BTC/USD-PERP`). */
  name: string;
  base: string;
  quote: string;
  priceDecimals: number;
  qtyDecimals: number;
  basePrice: number;
  typicalQty: number;
  /** Added from a recording (recorded mode). */
  isRecorded: boolean;
}

interface InstrumentSeed {
  market: string;
  base: string;
  quote: string;
  basePrice: number;
  priceDecimals: number;
  qtyDecimals: number;
  typicalQty: number;
}

const SEEDS: Record<"spot" | "linear", InstrumentSeed[]> = {
  spot: [
    {
      market: "btcusd",
      base: "BTC",
      quote: "USD",
      basePrice: 60_000,
      priceDecimals: 0,
      qtyDecimals: 8,
      typicalQty: 0.02,
    },
    {
      market: "ethusd",
      base: "ETH",
      quote: "USD",
      basePrice: 3_000,
      priceDecimals: 1,
      qtyDecimals: 8,
      typicalQty: 0.4,
    },
    {
      market: "ethbtc",
      base: "ETH",
      quote: "BTC",
      basePrice: 0.05,
      priceDecimals: 8,
      qtyDecimals: 8,
      typicalQty: 0.4,
    },
  ],
  linear: [
    {
      market: "btcusd-perp",
      base: "BTC",
      quote: "USD",
      basePrice: 60_000,
      priceDecimals: 0,
      qtyDecimals: 5,
      typicalQty: 0.02,
    },
    {
      market: "ethusd-perp",
      base: "ETH",
      quote: "USD",
      basePrice: 3_000,
      priceDecimals: 1,
      qtyDecimals: 4,
      typicalQty: 0.4,
    },
  ],
};

const TRADE_ID_BASE: Record<"spot" | "linear", number> = { spot: 400_000_000, linear: 9_000_000_000 };

export function buildInstrument(
  account: "spot" | "linear",
  seed: InstrumentSeed,
  isRecorded: boolean,
): BitstampInstrument {
  const core = account === "linear" ? seed.market.replace(/-perp$/, "") : seed.market;
  return {
    account,
    market: seed.market,
    name: `${seed.base}/${seed.quote}${account === "linear" ? "-PERP" : ""}`,
    base: seed.base,
    quote: seed.quote || core.slice(seed.base.length).toUpperCase(),
    priceDecimals: seed.priceDecimals,
    qtyDecimals: seed.qtyDecimals,
    basePrice: seed.basePrice,
    typicalQty: seed.typicalQty,
    isRecorded,
  };
}

/** A plausible instrument for a market seen only in a recording, priced at its first book level. */
export function guessRecordedInstrument(market: string, price: number): BitstampInstrument {
  const quote = ["usdt", "usdc", "usd", "eur", "gbp", "btc", "eth"].find(
    (suffix) => market.endsWith(suffix) && market.length > suffix.length,
  );
  const magnitude = Math.floor(Math.log10(Math.max(price, 1e-8)));
  return buildInstrument(
    "spot",
    {
      market,
      base: market.slice(0, market.length - (quote?.length ?? 3)).toUpperCase(),
      quote: (quote ?? market.slice(-3)).toUpperCase(),
      basePrice: price,
      priceDecimals: Math.min(8, Math.max(0, 4 - magnitude)),
      qtyDecimals: 8,
      typicalQty: Math.max(0.001, 500 / price),
    },
    true,
  );
}

export interface BitstampMarkets {
  instrument(account: SimAccount, market: string): BitstampInstrument | undefined;
  instruments(account?: SimAccount): BitstampInstrument[];
  addInstrument(instrument: BitstampInstrument): void;
  /** The market of a known symbol, started (and ticking from then on) on first use. */
  marketOf(account: SimAccount, market: string): SimMarket | undefined;
  /** Started markets, in start order. */
  started(): Array<{ instrument: BitstampInstrument; market: SimMarket }>;
  /**
   * The book's clock: the microtimestamp of its last change. Every book change gets a strictly later stamp, so the
   * REST snapshot (stamped with the last change) and the diffs compare exactly as on Bitstamp.
   */
  stampBookChange(instrument: BitstampInstrument, timeMs: number): number;
  lastBookMicros(instrument: BitstampInstrument): number;
}

export function createBitstampMarkets(simSeed: number, tickMs: number): BitstampMarkets {
  const table = new Map<string, BitstampInstrument>();
  const markets = new Map<string, { instrument: BitstampInstrument; market: SimMarket }>();
  const bookMicros = new Map<string, number>();
  const keyOf = (account: SimAccount, market: string) => `${account}|${market.toLowerCase()}`;
  for (const account of ["spot", "linear"] as const) {
    for (const seed of SEEDS[account])
      table.set(keyOf(account, seed.market), buildInstrument(account, seed, false));
  }
  return {
    instrument: (account, market) => table.get(keyOf(account, market)),
    instruments: (account) =>
      [...table.values()].filter((instrument) => account === undefined || instrument.account === account),
    addInstrument(instrument) {
      const key = keyOf(instrument.account, instrument.market);
      if (!table.has(key)) table.set(key, instrument);
    },
    marketOf(account, market) {
      const key = keyOf(account, market);
      const existing = markets.get(key);
      if (existing) return existing.market;
      const instrument = table.get(key);
      if (!instrument) return undefined;
      const offset = hashParts(simSeed, account, instrument.market) % 10_000_000;
      const firstTradeId = TRADE_ID_BASE[instrument.account] + offset;
      const started = createMarket(
        {
          symbol: instrument.market,
          basePrice: instrument.basePrice,
          tickSize: 10 ** -instrument.priceDecimals,
          stepSize: 10 ** -instrument.qtyDecimals,
          typicalQty: instrument.typicalQty,
          updateIdStyle: "contiguous",
          firstUpdateId: 1,
          firstTradeId,
          firstAggTradeId: firstTradeId,
          hasLiquidations: false,
          openInterestQty: instrument.account === "linear" ? 50 / instrument.typicalQty : undefined,
        },
        simSeed,
        Date.now(),
        1000 / tickMs,
      );
      markets.set(key, { instrument, market: started });
      bookMicros.set(key, started.startMs * 1000);
      return started;
    },
    started: () => [...markets.values()],
    stampBookChange(instrument, timeMs) {
      const key = keyOf(instrument.account, instrument.market);
      const micros = Math.max((bookMicros.get(key) ?? 0) + 1, timeMs * 1000);
      bookMicros.set(key, micros);
      return micros;
    },
    lastBookMicros: (instrument) => bookMicros.get(keyOf(instrument.account, instrument.market)) ?? 0,
  };
}

export function formatPrice(instrument: BitstampInstrument, priceTicks: number): string {
  return (priceTicks * 10 ** -instrument.priceDecimals).toFixed(instrument.priceDecimals);
}

export function formatQty(instrument: BitstampInstrument, qtySteps: number): string {
  return (qtySteps * 10 ** -instrument.qtyDecimals).toFixed(instrument.qtyDecimals);
}

/** One `/api/v2/markets/` row, in Bitstamp's 2026 shape (no `tick_size` on the wire, as probed). */
export function describeMarketRow(instrument: BitstampInstrument): unknown {
  const perp = instrument.account === "linear";
  return {
    name: instrument.name,
    market_symbol: instrument.market,
    base_currency: instrument.base,
    base_decimals: instrument.qtyDecimals,
    counter_currency: instrument.quote,
    counter_decimals: instrument.priceDecimals,
    minimum_order_value: "10",
    maximum_order_value: "1000000",
    minimum_order_amount: formatQty(instrument, 1),
    maximum_order_amount: "1000",
    trading: "Enabled",
    instant_order_counter_decimals: 2,
    instant_and_market_orders: "Enabled",
    description: `${instrument.base} / ${instrument.quote}${perp ? " perpetual" : ""}`,
    market_type: perp ? "PERPETUAL" : "SPOT",
    ...(perp
      ? {
          underlying_asset: `Kaiko ${instrument.base} Benchmark Reference Rate`,
          payoff_type: "Linear",
          contract_size: "1.00000000",
          isin: null,
        }
      : {}),
  };
}
