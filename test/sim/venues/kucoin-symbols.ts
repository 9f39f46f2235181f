// KuCoin instruments for the simulator: spot pairs (`BTC-USDT`), USDT-margined (`XBTUSDTM`) and coin-margined
// (`XBTUSDM`) perpetuals, one synthetic market per symbol (started on first use), KuCoin number text, and the payload
// rows REST and the socket share.

import type { SimBar } from "../bars.ts";
import { createMarket, type InstrumentSpec, type SimMarket } from "../market.ts";
import { hashParts } from "../rng.ts";
import type { SimAccount } from "../types.ts";

export interface KucoinSimInstrument {
  account: SimAccount;
  native: string;
  /** KuCoin's own currency codes (futures name bitcoin XBT). */
  base: string;
  quote: string;
  settle: string;
  /** Futures: base coins per lot (linear), or USD per lot (inverse, sent as a negative multiplier). */
  multiplier?: number;
  spec: InstrumentSpec;
}

interface Seed {
  account: SimAccount;
  base: string;
  quote: string;
  basePrice: number;
  tickSize: number;
  stepSize: number;
  typicalQty: number;
  multiplier?: number;
}

const SEEDS: Seed[] = [
  {
    account: "spot",
    base: "BTC",
    quote: "USDT",
    basePrice: 60_000,
    tickSize: 0.1,
    stepSize: 0.00001,
    typicalQty: 0.02,
  },
  {
    account: "spot",
    base: "ETH",
    quote: "USDT",
    basePrice: 3_000,
    tickSize: 0.01,
    stepSize: 0.0001,
    typicalQty: 0.4,
  },
  {
    account: "linear",
    base: "XBT",
    quote: "USDT",
    basePrice: 60_000,
    tickSize: 0.1,
    stepSize: 1,
    typicalQty: 20,
    multiplier: 0.001,
  },
  {
    account: "linear",
    base: "ETH",
    quote: "USDT",
    basePrice: 3_000,
    tickSize: 0.01,
    stepSize: 1,
    typicalQty: 20,
    multiplier: 0.01,
  },
  {
    account: "inverse",
    base: "XBT",
    quote: "USD",
    basePrice: 60_000,
    tickSize: 0.1,
    stepSize: 1,
    typicalQty: 200,
    multiplier: 1,
  },
];

function buildInstrument(seed: Seed): KucoinSimInstrument {
  const native = seed.account === "spot" ? `${seed.base}-${seed.quote}` : `${seed.base}${seed.quote}M`;
  const idBase = 1_000_000 + (hashParts(native) % 1_000_000);
  const isInverse = seed.account === "inverse";
  const instrument: KucoinSimInstrument = {
    account: seed.account,
    native,
    base: seed.base,
    quote: seed.quote,
    settle: isInverse ? seed.base : seed.quote,
    spec: {
      symbol: native,
      basePrice: seed.basePrice,
      tickSize: seed.tickSize,
      stepSize: seed.stepSize,
      typicalQty: seed.typicalQty,
      // Every change carries its own sequence, one after the other.
      updateIdStyle: "contiguous",
      firstUpdateId: idBase * 10_000,
      firstTradeId: idBase * 1_000,
      firstAggTradeId: idBase * 100,
      hasLiquidations: false,
      contractSizeQuote: isInverse ? seed.multiplier : undefined,
      openInterestQty: seed.account === "spot" ? undefined : seed.typicalQty * 40_000,
    },
  };
  if (seed.multiplier !== undefined) instrument.multiplier = seed.multiplier;
  return instrument;
}

export interface KucoinMarkets {
  all(): KucoinSimInstrument[];
  /** Spot or futures instruments by native name (any case). */
  instrument(native: string): KucoinSimInstrument | undefined;
  /** The market of a native symbol, started on first use. */
  marketOf(native: string): SimMarket | undefined;
  started(): Array<{ instrument: KucoinSimInstrument; market: SimMarket }>;
}

export function createKucoinMarkets(simSeed: number, tickMs: number): KucoinMarkets {
  const instruments = SEEDS.map(buildInstrument);
  const byNative = new Map(instruments.map((instrument) => [instrument.native, instrument]));
  const markets = new Map<string, SimMarket>();
  return {
    all: () => instruments,
    instrument: (native) => byNative.get(native.toUpperCase()),
    marketOf(native) {
      const instrument = byNative.get(native.toUpperCase());
      if (!instrument) return undefined;
      let market = markets.get(instrument.native);
      if (!market) {
        market = createMarket(instrument.spec, simSeed, Date.now(), 1000 / Math.max(1, tickMs));
        markets.set(instrument.native, market);
      }
      return market;
    },
    started: () =>
      [...markets.entries()].map(([native, market]) => ({ instrument: byNative.get(native)!, market })),
  };
}

// ── number text ────────────────────────────────────────────────────────────────────────────────────────────────

function decimalsOf(step: number): number {
  const text = step.toString();
  const exponent = /e-(\d+)$/.exec(text);
  if (exponent) return Number(exponent[1]);
  return text.includes(".") ? (text.split(".")[1]?.length ?? 0) : 0;
}

/** Numbers as KuCoin prints them: no trailing zeros. */
export function kucoinDecimal(value: number, decimals = 8): string {
  const fixed = value.toFixed(decimals);
  return fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
}

export function priceText(instrument: KucoinSimInstrument, priceTicks: number): string {
  return kucoinDecimal(priceTicks * instrument.spec.tickSize, decimalsOf(instrument.spec.tickSize));
}

export function qtyText(instrument: KucoinSimInstrument, qtySteps: number): string {
  return kucoinDecimal(qtySteps * instrument.spec.stepSize, decimalsOf(instrument.spec.stepSize));
}

/** Futures sizes are whole lots, sent as numbers. */
export function lots(instrument: KucoinSimInstrument, qtySteps: number): number {
  return Math.round(qtySteps * instrument.spec.stepSize);
}

export function isFutures(instrument: KucoinSimInstrument): boolean {
  return instrument.account !== "spot";
}

// ── rows shared by REST and the socket ────────────────────────────────────────────────────────────────────────

/** Spot candle `[start s, open, close, high, low, volume, turnover]`; futures socket `[…, volume, volume]` (lots). */
export function candleRow(instrument: KucoinSimInstrument, bar: SimBar): string[] {
  const prices = [
    priceText(instrument, bar.openTicks),
    priceText(instrument, bar.closeTicks),
    priceText(instrument, bar.highTicks),
    priceText(instrument, bar.lowTicks),
  ];
  const start = String(Math.floor(bar.openMs / 1000));
  if (isFutures(instrument)) {
    const volume = String(lots(instrument, bar.volumeSteps));
    return [start, ...prices, `${volume}.0`, volume];
  }
  return [start, ...prices, qtyText(instrument, bar.volumeSteps), kucoinDecimal(bar.notional)];
}

/** The book as a REST snapshot: `sequence` is the last change applied; futures sizes are lot numbers. */
export function orderBookBody(
  instrument: KucoinSimInstrument,
  market: SimMarket,
  depth: number,
  nowMs: number,
) {
  const side = (which: "bid" | "ask") =>
    market.book
      .topLevels(which, depth)
      .map(([price, qty]) => [
        priceText(instrument, price),
        isFutures(instrument) ? lots(instrument, qty) : qtyText(instrument, qty),
      ]);
  if (isFutures(instrument)) {
    return {
      symbol: instrument.native,
      sequence: market.lastUpdateId(),
      asks: side("ask"),
      bids: side("bid"),
      ts: nowMs * 1_000_000,
    };
  }
  return { sequence: String(market.lastUpdateId()), time: nowMs, bids: side("bid"), asks: side("ask") };
}

export function bestOf(instrument: KucoinSimInstrument, market: SimMarket) {
  const bid = market.book.topLevels("bid", 1)[0];
  const ask = market.book.topLevels("ask", 1)[0];
  const size = (level: [number, number] | undefined) =>
    level === undefined
      ? undefined
      : isFutures(instrument)
        ? lots(instrument, level[1])
        : qtyText(instrument, level[1]);
  return {
    bidPrice: bid ? priceText(instrument, bid[0]) : "",
    bidSize: size(bid),
    askPrice: ask ? priceText(instrument, ask[0]) : "",
    askSize: size(ask),
  };
}
