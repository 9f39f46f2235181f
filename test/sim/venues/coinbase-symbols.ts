// Coinbase products for the simulator: spot pairs and US futures (CDE contracts), their synthetic markets (started
// lazily, ticking from first use), number formatting, and the product rows of /api/v3/brokerage/market/products.

import { createMarket, type SimMarket } from "../market.ts";
import { hashParts } from "../rng.ts";
import type { SimAccount } from "../types.ts";

export interface CoinbaseInstrument {
  account: "spot" | "linear";
  /** Product id, as on the wire (`BTC-USD`, `BIP-20DEC30-CDE`). */
  product: string;
  base: string;
  quote: string;
  priceDecimals: number;
  /** Price tick in units of 10^-priceDecimals (5 on nano BTC futures, whose tick is 5 USD). */
  tickUnits: number;
  qtyDecimals: number;
  basePrice: number;
  typicalQty: number;
  /** US futures only. */
  future?: { code: string; expiryIso: string; contractSize: number; perpetualStyle: boolean };
}

const INSTRUMENTS: CoinbaseInstrument[] = [
  {
    account: "spot",
    product: "BTC-USD",
    base: "BTC",
    quote: "USD",
    priceDecimals: 2,
    tickUnits: 1,
    qtyDecimals: 8,
    basePrice: 60_000,
    typicalQty: 0.02,
  },
  {
    account: "spot",
    product: "ETH-USD",
    base: "ETH",
    quote: "USD",
    priceDecimals: 2,
    tickUnits: 1,
    qtyDecimals: 8,
    basePrice: 3_000,
    typicalQty: 0.4,
  },
  {
    account: "spot",
    product: "ETH-BTC",
    base: "ETH",
    quote: "BTC",
    priceDecimals: 5,
    tickUnits: 1,
    qtyDecimals: 8,
    basePrice: 0.05,
    typicalQty: 0.4,
  },
  {
    account: "linear",
    product: "BIP-20DEC30-CDE",
    base: "BTC",
    quote: "USD",
    priceDecimals: 0,
    tickUnits: 5,
    qtyDecimals: 0,
    basePrice: 60_000,
    typicalQty: 3,
    future: { code: "BIP", expiryIso: "2030-12-20T16:00:00Z", contractSize: 0.01, perpetualStyle: true },
  },
  {
    account: "linear",
    product: "BIT-29JAN27-CDE",
    base: "BTC",
    quote: "USD",
    priceDecimals: 0,
    tickUnits: 5,
    qtyDecimals: 0,
    basePrice: 60_500,
    typicalQty: 2,
    future: { code: "BIT", expiryIso: "2027-01-29T16:00:00Z", contractSize: 0.01, perpetualStyle: false },
  },
];

const TRADE_ID_BASE: Record<"spot" | "linear", number> = { spot: 900_000_000, linear: 40_000_000 };

export interface CoinbaseMarkets {
  instrument(account: SimAccount, product: string): CoinbaseInstrument | undefined;
  instruments(account: SimAccount): CoinbaseInstrument[];
  /** The market of a known product, started (and ticking from then on) on first use. */
  marketOf(account: SimAccount, product: string): SimMarket | undefined;
  /** Started markets, in start order. */
  started(): Array<{ instrument: CoinbaseInstrument; market: SimMarket }>;
}

export function createCoinbaseMarkets(simSeed: number, tickMs: number): CoinbaseMarkets {
  const table = new Map<string, CoinbaseInstrument>();
  const markets = new Map<string, { instrument: CoinbaseInstrument; market: SimMarket }>();
  const keyOf = (account: SimAccount, product: string) => `${account}|${product.toUpperCase()}`;
  for (const instrument of INSTRUMENTS) table.set(keyOf(instrument.account, instrument.product), instrument);
  return {
    instrument: (account, product) => table.get(keyOf(account, product)),
    instruments: (account) => [...table.values()].filter((instrument) => instrument.account === account),
    marketOf(account, product) {
      const key = keyOf(account, product);
      const existing = markets.get(key);
      if (existing) return existing.market;
      const instrument = table.get(key);
      if (!instrument) return undefined;
      const firstTradeId = TRADE_ID_BASE[instrument.account] + (hashParts(simSeed, key) % 10_000_000);
      const market = createMarket(
        {
          symbol: instrument.product,
          basePrice: instrument.basePrice,
          tickSize: tickSizeOf(instrument),
          stepSize: 10 ** -instrument.qtyDecimals,
          typicalQty: instrument.typicalQty,
          updateIdStyle: "contiguous",
          firstUpdateId: 1,
          firstTradeId,
          firstAggTradeId: firstTradeId,
          hasLiquidations: false,
          openInterestQty: instrument.future ? 150_000 : undefined,
        },
        simSeed,
        Date.now(),
        1000 / tickMs,
      );
      markets.set(key, { instrument, market });
      return market;
    },
    started: () => [...markets.values()],
  };
}

export function tickSizeOf(instrument: CoinbaseInstrument): number {
  return instrument.tickUnits * 10 ** -instrument.priceDecimals;
}

/** Prices as Coinbase writes them: plain decimals without trailing zeros beyond the tick (`68923.67`, `69165`). */
export function formatPrice(instrument: CoinbaseInstrument, priceTicks: number): string {
  return (priceTicks * tickSizeOf(instrument)).toFixed(instrument.priceDecimals);
}

export function formatQty(instrument: CoinbaseInstrument, qtySteps: number): string {
  return (qtySteps * 10 ** -instrument.qtyDecimals).toFixed(instrument.qtyDecimals);
}

/** RFC 3339 with microseconds, as the trade times and the book time are written. */
export function isoMicros(timeMs: number): string {
  return new Date(timeMs).toISOString().replace("Z", "000Z");
}

/** One product row (GET /api/v3/brokerage/market/products[/{id}]), in the 2026 shape. */
export function describeProduct(
  instrument: CoinbaseInstrument,
  market: SimMarket | undefined,
  nowMs: number,
): unknown {
  const price = market
    ? formatPrice(instrument, market.lastPriceTicks())
    : instrument.basePrice.toFixed(instrument.priceDecimals);
  const row = {
    product_id: instrument.product,
    price,
    price_percentage_change_24h: "-0.28225832119521",
    volume_24h: "11005.02587005",
    volume_percentage_change_24h: "164.92748862719962",
    base_increment: formatQty(instrument, 1),
    quote_increment: "0.01",
    quote_min_size: instrument.future ? "0" : "1",
    quote_max_size: "150000000",
    base_min_size: formatQty(instrument, 1),
    base_max_size: "3400",
    base_name: instrument.future ? "" : instrument.base,
    quote_name: "US Dollar",
    watched: false,
    is_disabled: false,
    new: false,
    status: instrument.future ? "" : "online",
    cancel_only: false,
    limit_only: false,
    post_only: false,
    trading_disabled: false,
    auction_mode: false,
    product_type: instrument.future ? "FUTURE" : "SPOT",
    quote_currency_id: instrument.quote,
    base_currency_id: instrument.future ? "" : instrument.base,
    fcm_trading_session_details: instrument.future
      ? { is_session_open: true, session_state: "FCM_TRADING_SESSION_STATE_OPEN" }
      : null,
    mid_market_price: "",
    alias: "",
    alias_to: [],
    price_increment: tickSizeOf(instrument).toFixed(instrument.priceDecimals),
    display_name: instrument.product,
    product_venue: instrument.future ? "FCM" : "CBE",
    best_bid_price: "",
    best_ask_price: "",
  };
  if (!instrument.future) return row;
  const { code, expiryIso, contractSize, perpetualStyle } = instrument.future;
  return {
    ...row,
    future_product_details: {
      venue: "cde",
      contract_code: code,
      contract_expiry: expiryIso,
      contract_size: String(contractSize),
      contract_root_unit: instrument.base,
      contract_expiry_type: "EXPIRING",
      open_interest: market ? String(Math.round(market.openInterest(nowMs))) : "150000",
      funding_rate: perpetualStyle && market ? market.fundingRateAt(nowMs).toFixed(6) : "",
      funding_time: perpetualStyle ? new Date(Math.floor(nowMs / 3_600_000) * 3_600_000).toISOString() : null,
      funding_interval: perpetualStyle ? "3600s" : null,
      index_price: market ? market.indexPrice(nowMs).toFixed(2) : "",
      settlement_price: price,
    },
  };
}
