// Bitget instruments for the simulator: the product types and symbols (spot, USDT perpetuals, a USDC perpetual
// `BTCPERP`, a coin-margined perpetual), one synthetic market per instrument (started on first use), Bitget number
// text (fixed decimals, trailing zeros kept), and the v3 payload rows built from them, including the `books` checksum.

import type { SimBar } from "../bars.ts";
import { createMarket, type InstrumentSpec, type SimMarket } from "../market.ts";
import { hashParts } from "../rng.ts";
import type { SimAccount } from "../types.ts";

/** The v3 socket's product types (lower case); REST `category` is the same text upper case. */
export type BitgetSimInstType = "spot" | "usdt-futures" | "usdc-futures" | "coin-futures";

export interface BitgetSimInstrument {
  account: SimAccount;
  instType: BitgetSimInstType;
  symbol: string;
  base: string;
  quote: string;
  spec: InstrumentSpec;
}

interface Seed {
  account: SimAccount;
  instType: BitgetSimInstType;
  symbol: string;
  base: string;
  quote: string;
  basePrice: number;
  tickSize: number;
  stepSize: number;
  typicalQty: number;
  /** Coin-margined contracts: USD value of one contract. */
  contractUsd?: number;
}

const SEEDS: Seed[] = [
  {
    account: "spot",
    instType: "spot",
    symbol: "BTCUSDT",
    base: "BTC",
    quote: "USDT",
    basePrice: 60_000,
    tickSize: 0.01,
    stepSize: 0.000001,
    typicalQty: 0.02,
  },
  {
    account: "spot",
    instType: "spot",
    symbol: "ETHUSDT",
    base: "ETH",
    quote: "USDT",
    basePrice: 3_000,
    tickSize: 0.01,
    stepSize: 0.0001,
    typicalQty: 0.4,
  },
  {
    account: "linear",
    instType: "usdt-futures",
    symbol: "BTCUSDT",
    base: "BTC",
    quote: "USDT",
    basePrice: 60_000,
    tickSize: 0.1,
    stepSize: 0.0001,
    typicalQty: 0.05,
  },
  {
    account: "linear",
    instType: "usdt-futures",
    symbol: "ETHUSDT",
    base: "ETH",
    quote: "USDT",
    basePrice: 3_000,
    tickSize: 0.01,
    stepSize: 0.01,
    typicalQty: 0.5,
  },
  {
    account: "linear",
    instType: "usdc-futures",
    symbol: "BTCPERP",
    base: "BTC",
    quote: "USDC",
    basePrice: 60_010,
    tickSize: 0.1,
    stepSize: 0.0001,
    typicalQty: 0.03,
  },
  {
    account: "inverse",
    instType: "coin-futures",
    symbol: "BTCUSD",
    base: "BTC",
    quote: "USD",
    basePrice: 60_000,
    tickSize: 0.1,
    stepSize: 0.001,
    typicalQty: 0.05,
  },
];

function buildInstrument(seed: Seed): BitgetSimInstrument {
  const idBase = 1_000 + (hashParts(seed.instType, seed.symbol) % 9_000);
  return {
    account: seed.account,
    instType: seed.instType,
    symbol: seed.symbol,
    base: seed.base,
    quote: seed.quote,
    spec: {
      symbol: `${seed.instType}:${seed.symbol}`,
      basePrice: seed.basePrice,
      tickSize: seed.tickSize,
      stepSize: seed.stepSize,
      typicalQty: seed.typicalQty,
      // Bitget's `seq` jumps and each update names the previous one (`pseq`); the numbers run to ~4.5e11.
      updateIdStyle: "linked",
      firstUpdateId: idBase * 100_000_000,
      firstTradeId: idBase * 100_000_000_000,
      firstAggTradeId: idBase * 1_000_000,
      hasLiquidations: seed.account !== "spot",
      openInterestQty: seed.account === "spot" ? undefined : seed.typicalQty * 40_000,
    },
  };
}

export interface BitgetMarkets {
  all(): BitgetSimInstrument[];
  instrument(instType: string, symbol: string): BitgetSimInstrument | undefined;
  byInstType(instType: string): BitgetSimInstrument[];
  /** The market of an instrument, started on first use. */
  marketOf(instrument: BitgetSimInstrument): SimMarket;
  started(): Array<{ instrument: BitgetSimInstrument; market: SimMarket }>;
}

export function createBitgetMarkets(simSeed: number, tickMs: number): BitgetMarkets {
  const instruments = SEEDS.map(buildInstrument);
  const key = (instType: string, symbol: string) => `${instType.toLowerCase()}|${symbol.toUpperCase()}`;
  const byKey = new Map(
    instruments.map((instrument) => [key(instrument.instType, instrument.symbol), instrument]),
  );
  const markets = new Map<string, { instrument: BitgetSimInstrument; market: SimMarket }>();
  return {
    all: () => instruments,
    instrument: (instType, symbol) => byKey.get(key(instType, symbol)),
    byInstType: (instType) =>
      instruments.filter((instrument) => instrument.instType === instType.toLowerCase()),
    marketOf(instrument) {
      const id = key(instrument.instType, instrument.symbol);
      let entry = markets.get(id);
      if (!entry) {
        entry = {
          instrument,
          market: createMarket(instrument.spec, simSeed, Date.now(), 1000 / Math.max(1, tickMs)),
        };
        markets.set(id, entry);
      }
      return entry.market;
    },
    started: () => [...markets.values()],
  };
}

// ── number text ────────────────────────────────────────────────────────────────────────────────────────────────

function decimalsOf(step: number): number {
  const text = step.toString();
  const exponent = /e-(\d+)$/.exec(text);
  if (exponent) return Number(exponent[1]);
  return text.includes(".") ? (text.split(".")[1]?.length ?? 0) : 0;
}

/** Bitget prints prices and sizes at the instrument's precision, trailing zeros kept (`1600.00`). */
export function priceText(instrument: BitgetSimInstrument, priceTicks: number): string {
  return (priceTicks * instrument.spec.tickSize).toFixed(decimalsOf(instrument.spec.tickSize));
}

export function qtyText(instrument: BitgetSimInstrument, qtySteps: number): string {
  return (qtySteps * instrument.spec.stepSize).toFixed(decimalsOf(instrument.spec.stepSize));
}

/** Other numbers (funding rates, volumes) without trailing zeros. */
export function bitgetDecimal(value: number, decimals = 8): string {
  const fixed = value.toFixed(decimals);
  return fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
}

// ── payloads ───────────────────────────────────────────────────────────────────────────────────────────────────

export function levelRow(
  instrument: BitgetSimInstrument,
  priceTicks: number,
  qtySteps: number,
): [string, string] {
  return [priceText(instrument, priceTicks), qtyText(instrument, qtySteps)];
}

/** The venue's checksum of the market's book now: CRC32 (signed) of `bid:size:ask:size…` over the top 25. */
export function bookChecksum(instrument: BitgetSimInstrument, market: SimMarket): number {
  const bids = market.book.topLevels("bid", 25);
  const asks = market.book.topLevels("ask", 25);
  const parts: string[] = [];
  for (let i = 0; i < 25; i++) {
    const bid = bids[i];
    if (bid) parts.push(...levelRow(instrument, bid[0], bid[1]));
    const ask = asks[i];
    if (ask) parts.push(...levelRow(instrument, ask[0], ask[1]));
  }
  return Bun.hash.crc32(parts.join(":")) | 0;
}

/** Base volume and quote turnover of a bar; coin-margined turnover is in coins (the market's notional). */
function volumesOf(instrument: BitgetSimInstrument, volumeSteps: number, notional: number) {
  return {
    volume: bitgetDecimal(volumeSteps * instrument.spec.stepSize),
    turnover: bitgetDecimal(notional),
  };
}

/** A v3 `kline` row (object form). */
export function klineRow(instrument: BitgetSimInstrument, bar: SimBar) {
  const { volume, turnover } = volumesOf(instrument, bar.volumeSteps, bar.notional);
  return {
    start: String(bar.openMs),
    open: priceText(instrument, bar.openTicks),
    high: priceText(instrument, bar.highTicks),
    low: priceText(instrument, bar.lowTicks),
    close: priceText(instrument, bar.closeTicks),
    volume,
    turnover,
  };
}

/** A REST candle row `[start, o, h, l, c, volume, turnover]`. */
export function candleRow(instrument: BitgetSimInstrument, bar: SimBar): string[] {
  const row = klineRow(instrument, bar);
  return [row.start, row.open, row.high, row.low, row.close, row.volume, row.turnover];
}

const FUNDING_PERIOD_MS = 8 * 3_600_000;

/** The next funding settlement after `nowMs` (every 8 h). */
export function nextFundingMs(nowMs: number): number {
  return Math.ceil((nowMs + 1) / FUNDING_PERIOD_MS) * FUNDING_PERIOD_MS;
}

/** A v3 ticker row (socket and REST); futures add mark, index, funding and open interest. */
export function tickerRow(instrument: BitgetSimInstrument, market: SimMarket, nowMs: number) {
  const day = market.barFor(nowMs - 86_400_000, nowMs + 1, nowMs);
  const { volume, turnover } = volumesOf(instrument, day.volumeSteps, day.notional);
  const bid = market.book.topLevels("bid", 1)[0];
  const ask = market.book.topLevels("ask", 1)[0];
  const last = market.lastPriceTicks();
  const row: Record<string, string> = {
    highPrice24h: priceText(instrument, day.highTicks),
    lowPrice24h: priceText(instrument, day.lowTicks),
    openPrice24h: priceText(instrument, day.openTicks),
    lastPrice: priceText(instrument, last),
    turnover24h: turnover,
    volume24h: volume,
    bid1Price: bid ? priceText(instrument, bid[0]) : "",
    ask1Price: ask ? priceText(instrument, ask[0]) : "",
    bid1Size: bid ? qtyText(instrument, bid[1]) : "",
    ask1Size: ask ? qtyText(instrument, ask[1]) : "",
    price24hPcnt: bitgetDecimal((last - day.openTicks) / Math.max(1, day.openTicks), 5),
  };
  if (instrument.account === "spot") return row;
  const fundingMs = nextFundingMs(nowMs);
  return {
    ...row,
    indexPrice: bitgetDecimal(market.indexPrice(nowMs), 4),
    markPrice: bitgetDecimal(market.markPrice(nowMs), 2),
    fundingRate: bitgetDecimal(market.fundingRateAt(fundingMs), 8),
    openInterest: bitgetDecimal(market.openInterest(nowMs), 4),
    deliveryTime: "",
    deliveryStartTime: "",
    deliveryStatus: "",
    nextFundingTime: String(fundingMs),
  };
}

export function instrumentRow(instrument: BitgetSimInstrument) {
  const isSpot = instrument.account === "spot";
  const row: Record<string, string> = {
    symbol: instrument.symbol,
    category: instrument.instType.toUpperCase(),
    baseCoin: instrument.base,
    quoteCoin: instrument.quote,
    minOrderQty: bitgetDecimal(instrument.spec.stepSize),
    pricePrecision: String(decimalsOf(instrument.spec.tickSize)),
    quantityPrecision: String(decimalsOf(instrument.spec.stepSize)),
    status: "online",
  };
  if (isSpot) return row;
  return {
    ...row,
    priceMultiplier: bitgetDecimal(instrument.spec.tickSize),
    quantityMultiplier: bitgetDecimal(instrument.spec.stepSize),
    symbolType: "perpetual",
    deliveryTime: "",
    fundInterval: "8",
  };
}
