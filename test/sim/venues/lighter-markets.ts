// Lighter markets for the simulator: perpetuals ETH (market 0) and BTC (market 1), USDC-settled, and the spot pair
// ETH/USDC (market 2048), started lazily; number text as Lighter writes it; the orderBooks and orderBookDetails rows.

import { createMarket, type SimMarket } from "../market.ts";
import { hashParts } from "../rng.ts";
import type { SimAccount } from "../types.ts";

export interface LighterSimMarket {
  account: SimAccount;
  marketId: number;
  /** The venue's market name: `BTC` (perpetual), `ETH/USDC` (spot). */
  symbol: string;
  sizeDecimals: number;
  priceDecimals: number;
  basePrice: number;
  typicalQty: number;
}

const MARKETS: readonly LighterSimMarket[] = [
  {
    account: "linear",
    marketId: 0,
    symbol: "ETH",
    sizeDecimals: 4,
    priceDecimals: 2,
    basePrice: 2_500,
    typicalQty: 0.5,
  },
  {
    account: "linear",
    marketId: 1,
    symbol: "BTC",
    sizeDecimals: 5,
    priceDecimals: 1,
    basePrice: 75_000,
    typicalQty: 0.02,
  },
  {
    account: "spot",
    marketId: 2048,
    symbol: "ETH/USDC",
    sizeDecimals: 4,
    priceDecimals: 2,
    basePrice: 2_500,
    typicalQty: 0.3,
  },
];

export interface LighterMarkets {
  byId(id: number | string): LighterSimMarket | undefined;
  all(): readonly LighterSimMarket[];
  marketOf(id: number): SimMarket | undefined;
  started(): Array<{ info: LighterSimMarket; market: SimMarket }>;
  firstTradeIdOf(id: number): number;
}

export function createLighterMarkets(simSeed: number, tickMs: number): LighterMarkets {
  const table = new Map(MARKETS.map((info) => [info.marketId, info]));
  const markets = new Map<number, { info: LighterSimMarket; market: SimMarket }>();
  const firstTradeIdOf = (id: number) =>
    18_000_000_000 + (hashParts(simSeed, "lighter", id) % 1_000_000) * 1_000;
  const byId = (id: number | string) => {
    const text = String(id);
    return /^\d+$/.test(text) ? table.get(Number(text)) : undefined;
  };
  return {
    byId,
    all: () => MARKETS,
    marketOf(id) {
      const existing = markets.get(id);
      if (existing) return existing.market;
      const info = table.get(id);
      if (!info) return undefined;
      const tradeId = firstTradeIdOf(id);
      const market = createMarket(
        {
          symbol: info.symbol,
          basePrice: info.basePrice,
          tickSize: 10 ** -info.priceDecimals,
          stepSize: 10 ** -info.sizeDecimals,
          typicalQty: info.typicalQty,
          // Nonces jump between updates; each update names the previous one (begin_nonce).
          updateIdStyle: "linked",
          firstUpdateId: 10_000_000_000 + (hashParts(simSeed, "lighter-nonce", id) % 1_000_000),
          firstTradeId: tradeId,
          firstAggTradeId: tradeId,
          // Perp liquidations ride the trade channel as `liquidation_trades`; spot markets are not liquidated.
          hasLiquidations: info.account === "linear",
          openInterestQty: info.account === "linear" ? 2_000 : undefined,
        },
        simSeed,
        Date.now(),
        1000 / tickMs,
      );
      markets.set(id, { info, market });
      return market;
    },
    started: () => [...markets.values()],
    firstTradeIdOf,
  };
}

export function priceText(info: LighterSimMarket, ticks: number): string {
  return (ticks * 10 ** -info.priceDecimals).toFixed(info.priceDecimals);
}

export function sizeText(info: LighterSimMarket, steps: number): string {
  return (steps * 10 ** -info.sizeDecimals).toFixed(info.sizeDecimals);
}

export function describeOrderBooks(markets: LighterMarkets): Record<string, unknown> {
  return {
    code: 200,
    order_books: markets.all().map((info) => ({
      symbol: info.symbol,
      market_id: info.marketId,
      market_type: info.account === "spot" ? "spot" : "perp",
      base_asset_id: 0,
      quote_asset_id: 0,
      status: "active",
      taker_fee: "0.0000",
      maker_fee: "0.0000",
      liquidation_fee: "1.0000",
      min_base_amount: sizeText(info, 1),
      min_quote_amount: "10.000000",
      supported_size_decimals: info.sizeDecimals,
      supported_price_decimals: info.priceDecimals,
      supported_quote_decimals: 6,
      order_quote_limit: "",
      is_maker_fee_enabled: false,
      is_taker_fee_enabled: false,
      created_at: "2025-01-01T00:00:00Z",
      multiplier: "1",
    })),
  };
}
