// OKX instruments for the simulator: the instId table (spot, USDT swaps and a dated future, a coin-margined swap),
// one synthetic market per instId (started on first use), OKX number text, and the push payloads built from them,
// including the `books` checksum (CRC32 of the top 25 levels, bid and ask interleaved, in the text sent).

import type { SimBar } from "../bars.ts";
import { createMarket, type InstrumentSpec, type SimMarket } from "../market.ts";
import { hashParts } from "../rng.ts";
import type { SimAccount } from "../types.ts";

export type OkxSimInstType = "SPOT" | "SWAP" | "FUTURES";

export interface OkxSimInstrument {
  account: SimAccount;
  instType: OkxSimInstType;
  instId: string;
  base: string;
  quote: string;
  settle: string;
  /** Contract value (`ctVal`) in `ctValCcy`: base coins on linear, USD on inverse; absent on spot. */
  ctVal?: number;
  ctValCcy?: string;
  expiry?: string;
  spec: InstrumentSpec;
}

interface Seed {
  account: SimAccount;
  instType: OkxSimInstType;
  base: string;
  quote: string;
  basePrice: number;
  tickSize: number;
  stepSize: number;
  typicalQty: number;
  ctVal?: number;
}

const SEEDS: Seed[] = [
  {
    account: "spot",
    instType: "SPOT",
    base: "BTC",
    quote: "USDT",
    basePrice: 60_000,
    tickSize: 0.1,
    stepSize: 0.00001,
    typicalQty: 0.02,
  },
  {
    account: "spot",
    instType: "SPOT",
    base: "ETH",
    quote: "USDT",
    basePrice: 3_000,
    tickSize: 0.01,
    stepSize: 0.0001,
    typicalQty: 0.4,
  },
  {
    account: "linear",
    instType: "SWAP",
    base: "BTC",
    quote: "USDT",
    basePrice: 60_000,
    tickSize: 0.1,
    stepSize: 0.01,
    typicalQty: 5,
    ctVal: 0.01,
  },
  {
    account: "linear",
    instType: "SWAP",
    base: "ETH",
    quote: "USDT",
    basePrice: 3_000,
    tickSize: 0.01,
    stepSize: 0.01,
    typicalQty: 20,
    ctVal: 0.1,
  },
  {
    account: "linear",
    instType: "FUTURES",
    base: "BTC",
    quote: "USDT",
    basePrice: 60_500,
    tickSize: 0.1,
    stepSize: 0.1,
    typicalQty: 3,
    ctVal: 0.01,
  },
  {
    account: "inverse",
    instType: "SWAP",
    base: "BTC",
    quote: "USD",
    basePrice: 60_000,
    tickSize: 0.1,
    stepSize: 1,
    typicalQty: 20,
    ctVal: 100,
  },
];

/** A delivery date about a quarter ahead (a Friday), as YYMMDD: the dated future's expiry. */
export function expiryAhead(nowMs: number): string {
  const date = new Date(nowMs + 90 * 86_400_000);
  date.setUTCDate(date.getUTCDate() + ((5 - date.getUTCDay() + 7) % 7));
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(date.getUTCFullYear() % 100)}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}`;
}

function buildInstrument(seed: Seed, expiry: string): OkxSimInstrument {
  const pair = `${seed.base}-${seed.quote}`;
  const instId =
    seed.instType === "SPOT" ? pair : seed.instType === "SWAP" ? `${pair}-SWAP` : `${pair}-${expiry}`;
  const isInverse = seed.account === "inverse";
  const idBase = 1_000_000 + (hashParts(instId) % 1_000_000);
  const instrument: OkxSimInstrument = {
    account: seed.account,
    instType: seed.instType,
    instId,
    base: seed.base,
    quote: seed.quote,
    settle: isInverse ? seed.base : seed.quote,
    spec: {
      symbol: instId,
      basePrice: seed.basePrice,
      tickSize: seed.tickSize,
      stepSize: seed.stepSize,
      typicalQty: seed.typicalQty,
      // OKX `seqId`s jump and each update names the previous one (`prevSeqId`).
      updateIdStyle: "linked",
      firstUpdateId: idBase * 1000,
      firstTradeId: idBase * 100,
      firstAggTradeId: idBase * 10,
      hasLiquidations: seed.account !== "spot",
      contractSizeQuote: isInverse ? seed.ctVal : undefined,
      openInterestQty: seed.account === "spot" ? undefined : seed.typicalQty * 40_000,
    },
  };
  if (seed.instType === "FUTURES") instrument.expiry = expiry;
  if (seed.ctVal !== undefined) {
    instrument.ctVal = seed.ctVal;
    instrument.ctValCcy = isInverse ? "USD" : seed.base;
  }
  return instrument;
}

export interface OkxMarkets {
  all(): OkxSimInstrument[];
  instrument(instId: string): OkxSimInstrument | undefined;
  byInstType(instType: string): OkxSimInstrument[];
  /** The market of an instId, started on first use. */
  marketOf(instId: string): SimMarket | undefined;
  started(): Array<{ instrument: OkxSimInstrument; market: SimMarket }>;
}

export function createOkxMarkets(simSeed: number, tickMs: number, nowMs: number): OkxMarkets {
  const expiry = expiryAhead(nowMs);
  const instruments = SEEDS.map((seed) => buildInstrument(seed, expiry));
  const byId = new Map(instruments.map((instrument) => [instrument.instId, instrument]));
  const markets = new Map<string, SimMarket>();
  return {
    all: () => instruments,
    instrument: (instId) => byId.get(instId.toUpperCase()),
    byInstType: (instType) => instruments.filter((instrument) => instrument.instType === instType),
    marketOf(instId) {
      const instrument = byId.get(instId.toUpperCase());
      if (!instrument) return undefined;
      let market = markets.get(instrument.instId);
      if (!market) {
        market = createMarket(instrument.spec, simSeed, Date.now(), 1000 / Math.max(1, tickMs));
        markets.set(instrument.instId, market);
      }
      return market;
    },
    started: () =>
      [...markets.entries()].map(([instId, market]) => ({ instrument: byId.get(instId)!, market })),
  };
}

// ── number text ────────────────────────────────────────────────────────────────────────────────────────────────

function decimalsOf(step: number): number {
  const text = step.toString();
  const exponent = /e-(\d+)$/.exec(text);
  if (exponent) return Number(exponent[1]);
  return text.includes(".") ? (text.split(".")[1]?.length ?? 0) : 0;
}

/** OKX prints numbers without trailing zeros (`8477`, `0.5`). */
export function okxDecimal(value: number, decimals = 8): string {
  const fixed = value.toFixed(decimals);
  return fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
}

export function priceText(instrument: OkxSimInstrument, priceTicks: number): string {
  return okxDecimal(priceTicks * instrument.spec.tickSize, decimalsOf(instrument.spec.tickSize));
}

export function qtyText(instrument: OkxSimInstrument, qtySteps: number): string {
  return okxDecimal(qtySteps * instrument.spec.stepSize, decimalsOf(instrument.spec.stepSize));
}

// ── payloads ───────────────────────────────────────────────────────────────────────────────────────────────────

export type OkxLevelRow = [string, string, string, string];

export function levelRow(instrument: OkxSimInstrument, priceTicks: number, qtySteps: number): OkxLevelRow {
  return [priceText(instrument, priceTicks), qtyText(instrument, qtySteps), "0", qtySteps > 0 ? "1" : "0"];
}

/** The venue's checksum of the market's book now: CRC32 (signed) of `bid:size:ask:size…` over the top 25. */
export function bookChecksum(instrument: OkxSimInstrument, market: SimMarket): number {
  const bids = market.book.topLevels("bid", 25);
  const asks = market.book.topLevels("ask", 25);
  const parts: string[] = [];
  for (let i = 0; i < 25; i++) {
    const bid = bids[i];
    if (bid) parts.push(priceText(instrument, bid[0]), qtyText(instrument, bid[1]));
    const ask = asks[i];
    if (ask) parts.push(priceText(instrument, ask[0]), qtyText(instrument, ask[1]));
  }
  return Bun.hash.crc32(parts.join(":")) | 0;
}

/** Volume fields of a bar or a day: `[vol, volCcy, volCcyQuote]` — spot base/quote, contracts/base/quote otherwise. */
export function volumeTexts(
  instrument: OkxSimInstrument,
  volumeSteps: number,
  notional: number,
  priceTicks: number,
) {
  const qty = volumeSteps * instrument.spec.stepSize;
  if (instrument.account === "spot") {
    const quote = okxDecimal(notional);
    return [okxDecimal(qty), quote, quote] as const;
  }
  const price = priceTicks * instrument.spec.tickSize;
  if (instrument.account === "inverse") {
    // Contracts worth ctVal USD: base = notional (already in coins), quote in USD.
    return [okxDecimal(qty), okxDecimal(notional), okxDecimal(qty * (instrument.ctVal ?? 1))] as const;
  }
  const coins = qty * (instrument.ctVal ?? 1);
  return [okxDecimal(qty), okxDecimal(coins), okxDecimal(coins * price)] as const;
}

export function candleRow(instrument: OkxSimInstrument, bar: SimBar, closed: boolean): string[] {
  const [vol, volCcy, volCcyQuote] = volumeTexts(instrument, bar.volumeSteps, bar.notional, bar.closeTicks);
  return [
    String(bar.openMs),
    priceText(instrument, bar.openTicks),
    priceText(instrument, bar.highTicks),
    priceText(instrument, bar.lowTicks),
    priceText(instrument, bar.closeTicks),
    vol,
    volCcy,
    volCcyQuote,
    closed ? "1" : "0",
  ];
}

export function tickerRow(instrument: OkxSimInstrument, market: SimMarket, nowMs: number) {
  const day = market.barFor(nowMs - 86_400_000, nowMs + 1, nowMs);
  const [vol24h, volCcy24h] = volumeTexts(instrument, day.volumeSteps, day.notional, day.closeTicks);
  const bid = market.book.topLevels("bid", 1)[0];
  const ask = market.book.topLevels("ask", 1)[0];
  const last = market.lastTrade();
  return {
    instType: instrument.instType,
    instId: instrument.instId,
    last: priceText(instrument, market.lastPriceTicks()),
    lastSz: last ? qtyText(instrument, last.qtySteps) : "0",
    askPx: ask ? priceText(instrument, ask[0]) : "",
    askSz: ask ? qtyText(instrument, ask[1]) : "",
    bidPx: bid ? priceText(instrument, bid[0]) : "",
    bidSz: bid ? qtyText(instrument, bid[1]) : "",
    open24h: priceText(instrument, day.openTicks),
    high24h: priceText(instrument, day.highTicks),
    low24h: priceText(instrument, day.lowTicks),
    volCcy24h,
    vol24h,
    sodUtc0: priceText(instrument, day.openTicks),
    sodUtc8: priceText(instrument, day.openTicks),
    ts: String(nowMs),
  };
}

export function openInterestRow(instrument: OkxSimInstrument, market: SimMarket, nowMs: number) {
  const contracts = market.openInterest(nowMs);
  const price = market.lastPriceTicks() * instrument.spec.tickSize;
  const coins =
    instrument.account === "inverse"
      ? (contracts * (instrument.ctVal ?? 1)) / price
      : contracts * (instrument.ctVal ?? 1);
  return {
    instType: instrument.instType,
    instId: instrument.instId,
    oi: okxDecimal(contracts, 2),
    oiCcy: okxDecimal(coins),
    oiUsd: okxDecimal(coins * price, 2),
    ts: String(nowMs),
  };
}

export function instrumentRow(instrument: OkxSimInstrument) {
  const isSpot = instrument.account === "spot";
  return {
    instType: instrument.instType,
    instId: instrument.instId,
    uly: isSpot ? "" : `${instrument.base}-${instrument.quote}`,
    instFamily: isSpot ? "" : `${instrument.base}-${instrument.quote}`,
    baseCcy: isSpot ? instrument.base : "",
    quoteCcy: isSpot ? instrument.quote : "",
    settleCcy: isSpot ? "" : instrument.settle,
    ctVal: instrument.ctVal !== undefined ? String(instrument.ctVal) : "",
    ctMult: isSpot ? "" : "1",
    ctValCcy: instrument.ctValCcy ?? "",
    ctType: isSpot ? "" : instrument.account === "inverse" ? "inverse" : "linear",
    expTime: "",
    listTime: "1606468572000",
    tickSz: okxDecimal(instrument.spec.tickSize),
    lotSz: okxDecimal(instrument.spec.stepSize),
    minSz: okxDecimal(instrument.spec.stepSize),
    state: "live",
  };
}
