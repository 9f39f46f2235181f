// Kraken instruments for the simulator: spot pairs (WebSocket v2 name, REST key and altname), futures products (PF_
// linear, PI_ inverse), their synthetic markets (started on first use), number formatting and the checksum.

import { createMarket, type InstrumentSpec, type SimMarket } from "../market.ts";
import { hashParts } from "../rng.ts";
import type { SimAccount } from "../types.ts";

export interface KrakenInstrument {
  account: SimAccount;
  /** Spot: the v2 name (`BTC/USD`); futures: the product id (`PF_XBTUSD`). */
  symbol: string;
  /** Spot REST names: the result key (`XXBTZUSD`) and altname (`XBTUSD`); v1 name (`XBT/USD`). */
  restKey: string;
  altname: string;
  wsname: string;
  base: string;
  quote: string;
  /** Decimals of prices and quantities on the wire (spot: pair_decimals / lot_decimals). */
  priceDecimals: number;
  qtyDecimals: number;
  spec: InstrumentSpec;
}

interface Seed {
  symbol: string;
  restKey?: string;
  altname?: string;
  wsname?: string;
  base: string;
  quote: string;
  basePrice: number;
  priceDecimals: number;
  qtyDecimals: number;
  typicalQty: number;
  contractSizeQuote?: number;
}

const SEEDS: Record<SimAccount, Seed[]> = {
  spot: [
    {
      symbol: "BTC/USD",
      restKey: "XXBTZUSD",
      altname: "XBTUSD",
      wsname: "XBT/USD",
      base: "XXBT",
      quote: "ZUSD",
      basePrice: 60_000,
      priceDecimals: 1,
      qtyDecimals: 8,
      typicalQty: 0.02,
    },
    {
      symbol: "ETH/USD",
      restKey: "XETHZUSD",
      altname: "ETHUSD",
      wsname: "ETH/USD",
      base: "XETH",
      quote: "ZUSD",
      basePrice: 3_000,
      priceDecimals: 2,
      qtyDecimals: 8,
      typicalQty: 0.4,
    },
    {
      symbol: "SOL/EUR",
      restKey: "SOLEUR",
      altname: "SOLEUR",
      wsname: "SOL/EUR",
      base: "SOL",
      quote: "ZEUR",
      basePrice: 150,
      priceDecimals: 2,
      qtyDecimals: 8,
      typicalQty: 5,
    },
  ],
  linear: [
    {
      symbol: "PF_XBTUSD",
      base: "BTC",
      quote: "USD",
      basePrice: 60_000,
      priceDecimals: 0,
      qtyDecimals: 4,
      typicalQty: 0.05,
    },
    {
      symbol: "PF_ETHUSD",
      base: "ETH",
      quote: "USD",
      basePrice: 3_000,
      priceDecimals: 1,
      qtyDecimals: 3,
      typicalQty: 0.8,
    },
  ],
  inverse: [
    {
      symbol: "PI_XBTUSD",
      base: "XBT",
      quote: "USD",
      basePrice: 60_000,
      priceDecimals: 1,
      qtyDecimals: 0,
      typicalQty: 2_000,
      contractSizeQuote: 1,
    },
    {
      symbol: "PI_ETHUSD",
      base: "ETH",
      quote: "USD",
      basePrice: 3_000,
      priceDecimals: 2,
      qtyDecimals: 0,
      typicalQty: 500,
      contractSizeQuote: 1,
    },
  ],
};

function buildInstrument(account: SimAccount, seed: Seed, simSeed: number): KrakenInstrument {
  const tickSize = account === "inverse" ? 0.5 * 10 ** -(seed.priceDecimals - 1) : 10 ** -seed.priceDecimals;
  const stepSize = 10 ** -seed.qtyDecimals;
  const idBase = 1 + (hashParts(simSeed, account, seed.symbol) % 1_000_000);
  return {
    account,
    symbol: seed.symbol,
    restKey: seed.restKey ?? seed.symbol,
    altname: seed.altname ?? seed.symbol,
    wsname: seed.wsname ?? seed.symbol,
    base: seed.base,
    quote: seed.quote,
    priceDecimals: seed.priceDecimals,
    qtyDecimals: seed.qtyDecimals,
    spec: {
      symbol: seed.symbol,
      basePrice: seed.basePrice,
      tickSize: Number(tickSize.toPrecision(6)),
      stepSize: Number(stepSize.toPrecision(6)),
      typicalQty: seed.typicalQty,
      updateIdStyle: "contiguous",
      firstUpdateId: 10_000_000 + idBase * 7,
      firstTradeId: 50_000_000 + idBase * 13,
      firstAggTradeId: 1,
      hasLiquidations: account !== "spot",
      contractSizeQuote: seed.contractSizeQuote,
      openInterestQty: account === "spot" ? undefined : seed.typicalQty * 150_000,
    },
  };
}

export interface KrakenMarkets {
  instruments(account: SimAccount): KrakenInstrument[];
  /** Spot: by v2 name, REST key, altname or v1 name; futures: by product id, any case. */
  find(account: SimAccount, name: string): KrakenInstrument | undefined;
  /** The instrument's market, started (and from then on stepped every tick) on first use. */
  marketOf(instrument: KrakenInstrument): SimMarket;
  started(): Array<{ instrument: KrakenInstrument; market: SimMarket }>;
}

export function createKrakenMarkets(seed: number, tickMs: number): KrakenMarkets {
  const table = new Map<SimAccount, KrakenInstrument[]>();
  for (const account of Object.keys(SEEDS) as SimAccount[])
    table.set(
      account,
      SEEDS[account].map((entry) => buildInstrument(account, entry, seed)),
    );
  const markets = new Map<string, { instrument: KrakenInstrument; market: SimMarket }>();
  return {
    instruments: (account) => table.get(account) ?? [],
    find(account, name) {
      const wanted = name.trim().toUpperCase();
      return (table.get(account) ?? []).find((instrument) =>
        [instrument.symbol, instrument.restKey, instrument.altname, instrument.wsname].some(
          (candidate) => candidate.toUpperCase() === wanted,
        ),
      );
    },
    marketOf(instrument) {
      const key = `${instrument.account}|${instrument.symbol}`;
      let entry = markets.get(key);
      if (!entry) {
        entry = {
          instrument,
          market: createMarket(instrument.spec, seed, Date.now(), 1000 / Math.max(1, tickMs)),
        };
        markets.set(key, entry);
      }
      return entry.market;
    },
    started: () => [...markets.values()],
  };
}

export function formatPrice(instrument: KrakenInstrument, priceTicks: number): string {
  return (priceTicks * instrument.spec.tickSize).toFixed(instrument.priceDecimals);
}

export function formatQty(instrument: KrakenInstrument, qtySteps: number): string {
  return (qtySteps * instrument.spec.stepSize).toFixed(instrument.qtyDecimals);
}

/** Kraken's book checksum, written independently of dig3's: "Remove . … Remove leading zeros", asks then bids. */
export function computeKrakenChecksum(
  asks: ReadonlyArray<readonly [string, string]>,
  bids: ReadonlyArray<readonly [string, string]>,
): number {
  const strip = (text: string) => text.replace(".", "").replace(/^0+/, "");
  let input = "";
  for (const [price, qty] of [...asks.slice(0, 10), ...bids.slice(0, 10)]) input += strip(price) + strip(qty);
  return Bun.hash.crc32(input) >>> 0;
}

/** RFC 3339 with microseconds, as Kraken v2 writes times. */
export function formatKrakenTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "000Z");
}

/** A UUID-shaped trade id derived from the market's trade id (futures `uid`). */
export function tradeUidOf(instrument: KrakenInstrument, tradeId: number): string {
  const hex = tradeId.toString(16).padStart(12, "0");
  const tag = (hashParts(instrument.symbol) >>> 0).toString(16).padStart(8, "0");
  return `${tag}-0000-4000-8000-${hex}`;
}
