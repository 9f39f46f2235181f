// HTX instruments for the simulator: lower-case spot pairs, USDT-margined swaps and a dated future, a coin-margined
// swap; one synthetic market per instrument (started on first use); the contract depth `version` counter; and the
// push payloads built from a market (levels, trades, bars, tickers) in HTX's units (contracts on the contract sockets).

import type { SimBar } from "../bars.ts";
import { createMarket, type InstrumentSpec, type SimMarket, type SimTrade } from "../market.ts";
import { hashParts } from "../rng.ts";
import type { SimAccount } from "../types.ts";

export interface HtxSimInstrument {
  account: SimAccount;
  /** Spot `btcusdt`, contracts `BTC-USDT`, `BTC-USDT-250627`, `BTC-USD`. */
  native: string;
  base: string;
  quote: string;
  /** Coins per contract (USDT-margined) or USD per contract (coin-margined); absent on spot. */
  contractSize?: number;
  /** YYMMDD of a dated future. */
  expiry?: string;
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
  contractSize?: number;
  dated?: boolean;
}

const SEEDS: Seed[] = [
  {
    account: "spot",
    base: "BTC",
    quote: "USDT",
    basePrice: 60_000,
    tickSize: 0.01,
    stepSize: 0.000001,
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
    base: "BTC",
    quote: "USDT",
    basePrice: 60_000,
    tickSize: 0.1,
    stepSize: 1,
    typicalQty: 20,
    contractSize: 0.001,
  },
  {
    account: "linear",
    base: "ETH",
    quote: "USDT",
    basePrice: 3_000,
    tickSize: 0.01,
    stepSize: 1,
    typicalQty: 30,
    contractSize: 0.01,
  },
  {
    account: "linear",
    base: "BTC",
    quote: "USDT",
    basePrice: 60_500,
    tickSize: 0.1,
    stepSize: 1,
    typicalQty: 10,
    contractSize: 0.001,
    dated: true,
  },
  {
    account: "inverse",
    base: "BTC",
    quote: "USD",
    basePrice: 60_000,
    tickSize: 0.1,
    stepSize: 1,
    typicalQty: 20,
    contractSize: 100,
  },
];

/** A quarterly delivery day about three months ahead (a Friday), as YYMMDD. */
export function expiryAhead(nowMs: number): string {
  const date = new Date(nowMs + 90 * 86_400_000);
  date.setUTCDate(date.getUTCDate() + ((5 - date.getUTCDay() + 7) % 7));
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(date.getUTCFullYear() % 100)}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}`;
}

function buildInstrument(seed: Seed, expiry: string): HtxSimInstrument {
  const native =
    seed.account === "spot"
      ? `${seed.base}${seed.quote}`.toLowerCase()
      : `${seed.base}-${seed.quote}${seed.dated ? `-${expiry}` : ""}`;
  const idBase = 1_000_000 + (hashParts(`htx|${native}`) % 1_000_000);
  const instrument: HtxSimInstrument = {
    account: seed.account,
    native,
    base: seed.base,
    quote: seed.quote,
    spec: {
      symbol: native,
      basePrice: seed.basePrice,
      tickSize: seed.tickSize,
      stepSize: seed.stepSize,
      typicalQty: seed.typicalQty,
      // Spot `seqNum`s jump and each push names the previous one (`prevSeqNum`); contracts count their own versions.
      updateIdStyle: "linked",
      firstUpdateId: idBase * 100_000,
      firstTradeId: idBase * 100,
      firstAggTradeId: idBase * 10,
      hasLiquidations: seed.account !== "spot",
      contractSizeQuote: seed.account === "inverse" ? seed.contractSize : undefined,
      openInterestQty: seed.account === "spot" ? undefined : seed.typicalQty * 40_000,
    },
  };
  if (seed.contractSize !== undefined) instrument.contractSize = seed.contractSize;
  if (seed.dated) instrument.expiry = expiry;
  return instrument;
}

export interface HtxMarkets {
  all(): HtxSimInstrument[];
  /** Spot natives match in any case; contract codes too (HTX upper-cases them). */
  instrument(native: string, account?: SimAccount): HtxSimInstrument | undefined;
  /** The market of a native, started on first use. */
  marketOf(native: string): SimMarket | undefined;
  started(): Array<{ instrument: HtxSimInstrument; market: SimMarket }>;
  /** The contract depth `version`: one per push of the incremental depth, whoever listens. */
  version(native: string): number;
  nextVersion(native: string): number;
}

export function createHtxMarkets(simSeed: number, tickMs: number, nowMs: number): HtxMarkets {
  const expiry = expiryAhead(nowMs);
  const instruments = SEEDS.map((seed) => buildInstrument(seed, expiry));
  const byKey = new Map(instruments.map((instrument) => [instrument.native.toUpperCase(), instrument]));
  const markets = new Map<string, SimMarket>();
  const versions = new Map<string, number>();
  const find = (native: string) => byKey.get(native.toUpperCase());
  return {
    all: () => instruments,
    instrument(native, account) {
      const instrument = find(native);
      return instrument && (!account || instrument.account === account) ? instrument : undefined;
    },
    marketOf(native) {
      const instrument = find(native);
      if (!instrument) return undefined;
      let market = markets.get(instrument.native);
      if (!market) {
        market = createMarket(instrument.spec, simSeed, Date.now(), 1000 / Math.max(1, tickMs));
        markets.set(instrument.native, market);
        versions.set(instrument.native, 1_000_000 + (hashParts(`v|${instrument.native}`) % 1_000_000) * 1000);
      }
      return market;
    },
    started: () => [...markets.entries()].map(([native, market]) => ({ instrument: find(native)!, market })),
    version: (native) => versions.get(find(native)?.native ?? native) ?? 0,
    nextVersion(native) {
      const key = find(native)?.native ?? native;
      const next = (versions.get(key) ?? 0) + 1;
      versions.set(key, next);
      return next;
    },
  };
}

// ── numbers and payload pieces ─────────────────────────────────────────────────────────────────────────────────

function decimalsOf(step: number): number {
  const text = step.toString();
  const exponent = /e-(\d+)$/.exec(text);
  if (exponent) return Number(exponent[1]);
  return text.includes(".") ? (text.split(".")[1]?.length ?? 0) : 0;
}

/** A price or size as the JSON number HTX sends, rounded to the instrument's grid. */
function onGrid(value: number, step: number): number {
  return Number(value.toFixed(decimalsOf(step)));
}

export function priceOf(instrument: HtxSimInstrument, priceTicks: number): number {
  return onGrid(priceTicks * instrument.spec.tickSize, instrument.spec.tickSize);
}

/** Base units on spot, contracts on the contract sockets. */
export function sizeOf(instrument: HtxSimInstrument, qtySteps: number): number {
  return onGrid(qtySteps * instrument.spec.stepSize, instrument.spec.stepSize);
}

export function levelRow(
  instrument: HtxSimInstrument,
  priceTicks: number,
  qtySteps: number,
): [number, number] {
  return [priceOf(instrument, priceTicks), sizeOf(instrument, qtySteps)];
}

export function bookSides(instrument: HtxSimInstrument, market: SimMarket, depth: number) {
  const side = (which: "bid" | "ask") =>
    market.book.topLevels(which, depth).map(([price, qty]) => levelRow(instrument, price, qty));
  return { bids: side("bid"), asks: side("ask") };
}

/** Coins of a contract quantity (USDT-margined), or of a notional (coin-margined: the market's notional is in base). */
function coinsOf(instrument: HtxSimInstrument, contracts: number, notional: number): number {
  return instrument.account === "inverse" ? notional : contracts * (instrument.contractSize ?? 1);
}

/** One trade row: spot (`tradeId`, a 26-digit `id`), contracts (`id`, `amount` contracts, `quantity` coins). */
export function tradeRow(
  instrument: HtxSimInstrument,
  market: SimMarket,
  trade: SimTrade,
): Record<string, unknown> {
  const price = priceOf(instrument, trade.priceTicks);
  const amount = sizeOf(instrument, trade.qtySteps);
  const direction = trade.isBuyerMaker ? "sell" : "buy";
  if (instrument.account === "spot") {
    return { id: trade.id * 1e15 + 255757, ts: trade.timeMs, tradeId: trade.id, amount, price, direction };
  }
  const notional = market.notionalOf(trade.priceTicks, trade.qtySteps);
  const quantity = onGrid(coinsOf(instrument, amount, notional), 1e-8);
  const row: Record<string, unknown> = { amount, quantity, ts: trade.timeMs, id: trade.id, price, direction };
  if (instrument.account === "linear") row.trade_turnover = onGrid(quantity * price, 1e-8);
  return row;
}

/**
 * A kline tick: spot `amount` base / `vol` quote; contracts `vol` contracts, `amount` coins and (USDT-margined)
 * `trade_turnover` in USDT.
 */
export function klineTick(instrument: HtxSimInstrument, bar: SimBar): Record<string, unknown> {
  const prices = {
    id: Math.floor(bar.openMs / 1000),
    open: priceOf(instrument, bar.openTicks),
    close: priceOf(instrument, bar.closeTicks),
    low: priceOf(instrument, bar.lowTicks),
    high: priceOf(instrument, bar.highTicks),
  };
  const volume = sizeOf(instrument, bar.volumeSteps);
  if (instrument.account === "spot")
    return { ...prices, amount: volume, vol: onGrid(bar.notional, 1e-8), count: bar.trades };
  const coins = onGrid(coinsOf(instrument, volume, bar.notional), 1e-8);
  const tick: Record<string, unknown> = { ...prices, amount: coins, vol: volume, count: bar.trades };
  if (instrument.account === "linear")
    tick.trade_turnover = onGrid(bar.notional * (instrument.contractSize ?? 1), 1e-8);
  return tick;
}

/** Rolling 24 h stats from the market's bars. */
export function dayStats(instrument: HtxSimInstrument, market: SimMarket, nowMs: number) {
  const bar = market.barFor(nowMs - 86_400_000, nowMs + 1, nowMs);
  return klineTick(instrument, bar);
}

export function bestQuotes(instrument: HtxSimInstrument, market: SimMarket) {
  const [bid] = market.book.topLevels("bid", 1);
  const [ask] = market.book.topLevels("ask", 1);
  return {
    bid: bid ? levelRow(instrument, bid[0], bid[1]) : undefined,
    ask: ask ? levelRow(instrument, ask[0], ask[1]) : undefined,
  };
}

/** Decimal text as the index socket and contract REST send it. */
export function decimalText(value: number, decimals = 8): string {
  const fixed = value.toFixed(decimals);
  return fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
}
