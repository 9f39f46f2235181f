// Gate.io instruments for the simulator: spot pairs, USDT-settled and BTC-settled perpetuals (sizes in contracts),
// one synthetic market per (account, name) started on first use, Gate's number text, and the 100-level view of each
// book whose changes `order_book_update` pushes (levels entering the view are sent, levels leaving it sent as 0).

import type { SimBar } from "../bars.ts";
import type { BookSide } from "../book.ts";
import { createMarket, type InstrumentSpec, type MarketStep, type SimMarket } from "../market.ts";
import { hashParts } from "../rng.ts";
import type { SimAccount } from "../types.ts";

/** Levels a side the book channels maintain (`100ms` on spot, level `100` on futures) and REST serves at most. */
export const GATE_SIM_BOOK_LEVELS = 100;

export interface GateSimInstrument {
  account: SimAccount;
  /** `BTC_USDT`: the pair on spot, the contract on futures. */
  native: string;
  base: string;
  quote: string;
  /** Futures only: lower-case settle of the REST path and socket (`usdt`, `btc`). */
  settle?: "usdt" | "btc";
  /** Futures only: base currency per contract (`quanto_multiplier`); inverse contracts are worth USD 1 instead. */
  quantoMultiplier?: number;
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
  quantoMultiplier?: number;
}

const SEEDS: Seed[] = [
  {
    account: "spot",
    base: "BTC",
    quote: "USDT",
    basePrice: 60_000,
    tickSize: 0.1,
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
    typicalQty: 200,
    quantoMultiplier: 0.0001,
  },
  {
    account: "linear",
    base: "ETH",
    quote: "USDT",
    basePrice: 3_000,
    tickSize: 0.01,
    stepSize: 1,
    typicalQty: 40,
    quantoMultiplier: 0.01,
  },
  {
    account: "inverse",
    base: "BTC",
    quote: "USD",
    basePrice: 60_000,
    tickSize: 0.1,
    stepSize: 1,
    typicalQty: 1_000,
  },
];

function buildInstrument(seed: Seed): GateSimInstrument {
  const native = `${seed.base}_${seed.quote}`;
  const idBase = 1_000_000 + (hashParts(seed.account, native) % 1_000_000);
  const instrument: GateSimInstrument = {
    account: seed.account,
    native,
    base: seed.base,
    quote: seed.quote,
    spec: {
      symbol: `${seed.account}:${native}`,
      basePrice: seed.basePrice,
      tickSize: seed.tickSize,
      stepSize: seed.stepSize,
      typicalQty: seed.typicalQty,
      // Gate's order book ids are contiguous: every update starts at the previous `u` + 1.
      updateIdStyle: "contiguous",
      firstUpdateId: idBase * 1000,
      firstTradeId: idBase * 100,
      firstAggTradeId: idBase * 10,
      hasLiquidations: seed.account !== "spot",
      contractSizeQuote: seed.account === "inverse" ? 1 : undefined,
      openInterestQty: seed.account === "spot" ? undefined : seed.typicalQty * 40_000,
    },
  };
  if (seed.account !== "spot") instrument.settle = seed.account === "inverse" ? "btc" : "usdt";
  if (seed.quantoMultiplier !== undefined) instrument.quantoMultiplier = seed.quantoMultiplier;
  return instrument;
}

/** Levels of one side of a 100-level view: price ticks → size steps. */
export interface BookView {
  bids: Map<number, number>;
  asks: Map<number, number>;
}

/** A started market, its last view and what the latest step changed in it. */
export interface GateSimMarket {
  instrument: GateSimInstrument;
  market: SimMarket;
  view: BookView;
  /** The latest step, with `viewChanges`: the view's changes in that step (0 = level left the view). */
  lastStep?: MarketStep;
  viewChanges?: BookView;
}

function viewOf(market: SimMarket): BookView {
  const side = (which: BookSide) => new Map(market.book.topLevels(which, GATE_SIM_BOOK_LEVELS));
  return { bids: side("bid"), asks: side("ask") };
}

function diffSide(before: Map<number, number>, after: Map<number, number>): Map<number, number> {
  const changes = new Map<number, number>();
  for (const [price, qty] of after) if (before.get(price) !== qty) changes.set(price, qty);
  for (const price of before.keys()) if (!after.has(price)) changes.set(price, 0);
  return changes;
}

export interface GateMarkets {
  all(): GateSimInstrument[];
  instrument(account: SimAccount, native: string): GateSimInstrument | undefined;
  byAccount(account: SimAccount): GateSimInstrument[];
  /** The market of an instrument, started on first use. */
  marketOf(account: SimAccount, native: string): GateSimMarket | undefined;
  /** Steps every started market once and records the changes of its 100-level view. */
  stepAll(nowMs: number): void;
  started(): GateSimMarket[];
}

export function createGateMarkets(simSeed: number, tickMs: number): GateMarkets {
  const instruments = SEEDS.map(buildInstrument);
  const keyOf = (account: SimAccount, native: string) => `${account}|${native.toUpperCase()}`;
  const byKey = new Map(
    instruments.map((instrument) => [keyOf(instrument.account, instrument.native), instrument]),
  );
  const markets = new Map<string, GateSimMarket>();
  return {
    all: () => instruments,
    instrument: (account, native) => byKey.get(keyOf(account, native)),
    byAccount: (account) => instruments.filter((instrument) => instrument.account === account),
    marketOf(account, native) {
      const key = keyOf(account, native);
      const instrument = byKey.get(key);
      if (!instrument) return undefined;
      let entry = markets.get(key);
      if (!entry) {
        const market = createMarket(instrument.spec, simSeed, Date.now(), 1000 / Math.max(1, tickMs));
        entry = { instrument, market, view: viewOf(market) };
        markets.set(key, entry);
      }
      return entry;
    },
    stepAll(nowMs) {
      for (const entry of markets.values()) {
        entry.lastStep = entry.market.step(nowMs);
        const view = viewOf(entry.market);
        entry.viewChanges = {
          bids: diffSide(entry.view.bids, view.bids),
          asks: diffSide(entry.view.asks, view.asks),
        };
        entry.view = view;
      }
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

/** Gate prints numbers without trailing zeros (`0.2974`, `803`). */
export function gateDecimal(value: number, decimals = 8): string {
  const fixed = value.toFixed(decimals);
  return fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
}

export function priceText(instrument: GateSimInstrument, priceTicks: number): string {
  return gateDecimal(priceTicks * instrument.spec.tickSize, decimalsOf(instrument.spec.tickSize));
}

export function qtyText(instrument: GateSimInstrument, qtySteps: number): string {
  return gateDecimal(qtySteps * instrument.spec.stepSize, decimalsOf(instrument.spec.stepSize));
}

/** Futures sizes: whole contracts, sent as integers (no `X-Gate-Size-Decimal` header). */
export function contracts(instrument: GateSimInstrument, qtySteps: number): number {
  return Math.round(qtySteps * instrument.spec.stepSize);
}

// ── rows shared by pushes and REST ─────────────────────────────────────────────────────────────────────────────

/** Book levels, best first: `[price, amount]` text on spot, `{p, s}` on futures. */
export function levelRows(instrument: GateSimInstrument, levels: Iterable<[number, number]>): unknown[] {
  const rows: unknown[] = [];
  for (const [price, qty] of levels) {
    rows.push(
      instrument.account === "spot"
        ? [priceText(instrument, price), qtyText(instrument, qty)]
        : { p: priceText(instrument, price), s: contracts(instrument, qty) },
    );
  }
  return rows;
}

/** Sorted best first, for changes (a Map in no particular order). */
export function sortedLevels(levels: Map<number, number>, side: BookSide): Array<[number, number]> {
  return [...levels.entries()].sort((a, b) => (side === "bid" ? b[0] - a[0] : a[0] - b[0]));
}

/** Volume of a bar or day: base and quote on spot; contracts and quote on futures (inverse: USD = contracts). */
export function volumesOf(
  instrument: GateSimInstrument,
  volumeSteps: number,
  notional: number,
  priceTicks: number,
) {
  const qty = volumeSteps * instrument.spec.stepSize;
  if (instrument.account === "spot") return { base: qty, quote: notional, contracts: qty };
  if (instrument.account === "inverse") return { base: notional, quote: qty, contracts: qty };
  const base = qty * (instrument.quantoMultiplier ?? 1);
  return { base, quote: base * priceTicks * instrument.spec.tickSize, contracts: qty };
}

export function spotTickerRow(instrument: GateSimInstrument, market: SimMarket, nowMs: number) {
  const day = market.barFor(nowMs - 86_400_000, nowMs + 1, nowMs);
  const volume = volumesOf(instrument, day.volumeSteps, day.notional, day.closeTicks);
  const bid = market.book.topLevels("bid", 1)[0];
  const ask = market.book.topLevels("ask", 1)[0];
  const last = market.lastPriceTicks();
  return {
    currency_pair: instrument.native,
    last: priceText(instrument, last),
    lowest_ask: ask ? priceText(instrument, ask[0]) : "",
    lowest_size: ask ? qtyText(instrument, ask[1]) : "",
    highest_bid: bid ? priceText(instrument, bid[0]) : "",
    highest_size: bid ? qtyText(instrument, bid[1]) : "",
    change_percentage: gateDecimal(((last - day.openTicks) / day.openTicks) * 100, 2),
    base_volume: gateDecimal(volume.base),
    quote_volume: gateDecimal(volume.quote),
    high_24h: priceText(instrument, day.highTicks),
    low_24h: priceText(instrument, day.lowTicks),
  };
}

export function futuresTickerRow(
  instrument: GateSimInstrument,
  market: SimMarket,
  nowMs: number,
  fundingRate: number,
) {
  const day = market.barFor(nowMs - 86_400_000, nowMs + 1, nowMs);
  const volume = volumesOf(instrument, day.volumeSteps, day.notional, day.closeTicks);
  const last = market.lastPriceTicks();
  const bid = market.book.topLevels("bid", 1)[0];
  const ask = market.book.topLevels("ask", 1)[0];
  return {
    contract: instrument.native,
    last: priceText(instrument, last),
    change_percentage: gateDecimal(((last - day.openTicks) / day.openTicks) * 100, 4),
    total_size: String(Math.round(market.openInterest(nowMs))),
    volume_24h: String(Math.round(volume.contracts)),
    volume_24h_base: gateDecimal(volume.base),
    volume_24h_quote: gateDecimal(volume.quote),
    volume_24h_settle: gateDecimal(instrument.settle === "btc" ? volume.base : volume.quote),
    mark_price: gateDecimal(market.markPrice(nowMs), 2),
    funding_rate: gateDecimal(fundingRate, 6),
    funding_rate_indicative: gateDecimal(fundingRate, 6),
    index_price: gateDecimal(market.indexPrice(nowMs), 2),
    quanto_base_rate: "",
    low_24h: priceText(instrument, day.lowTicks),
    high_24h: priceText(instrument, day.highTicks),
    highest_bid: bid ? priceText(instrument, bid[0]) : "",
    lowest_ask: ask ? priceText(instrument, ask[0]) : "",
  };
}

/** A spot candle push: `t` seconds as text, `v` quote volume, `a` base volume, `w` closed. */
export function spotCandle(instrument: GateSimInstrument, label: string, bar: SimBar, closed: boolean) {
  const volume = volumesOf(instrument, bar.volumeSteps, bar.notional, bar.closeTicks);
  return {
    t: String(Math.floor(bar.openMs / 1000)),
    v: gateDecimal(volume.quote),
    c: priceText(instrument, bar.closeTicks),
    h: priceText(instrument, bar.highTicks),
    l: priceText(instrument, bar.lowTicks),
    o: priceText(instrument, bar.openTicks),
    n: `${label}_${instrument.native}`,
    a: gateDecimal(volume.base),
    w: closed,
  };
}

/** A futures candle push: `v` contracts (integer), `a` base volume. */
export function futuresCandle(instrument: GateSimInstrument, label: string, bar: SimBar, closed: boolean) {
  const volume = volumesOf(instrument, bar.volumeSteps, bar.notional, bar.closeTicks);
  return {
    t: Math.floor(bar.openMs / 1000),
    v: Math.round(volume.contracts),
    c: priceText(instrument, bar.closeTicks),
    h: priceText(instrument, bar.highTicks),
    l: priceText(instrument, bar.lowTicks),
    o: priceText(instrument, bar.openTicks),
    n: `${label}_${instrument.native}`,
    a: gateDecimal(volume.base),
    w: closed,
  };
}
