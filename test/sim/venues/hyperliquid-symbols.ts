// HyperLiquid markets for the simulator: perpetual coins (BTC, ETH; USDC-settled) and spot pairs (PURR/USDC, and
// `@107` = HYPE/USDC), started lazily; number text as HyperLiquid writes it; meta and spotMeta rows.

import { createMarket, type SimMarket } from "../market.ts";
import { hashParts } from "../rng.ts";
import type { SimAccount } from "../types.ts";

export interface HyperliquidCoin {
  account: SimAccount;
  /** The coin as the socket and /info name it: `BTC`, `PURR/USDC`, `@107`. */
  coin: string;
  base: string;
  quote: string;
  szDecimals: number;
  tickSize: number;
  basePrice: number;
  typicalQty: number;
  /** Spot: index of the pair in spotMeta and of its base token. */
  pairIndex?: number;
  tokenIndex?: number;
}

const COINS: readonly HyperliquidCoin[] = [
  {
    account: "linear",
    coin: "BTC",
    base: "BTC",
    quote: "USDC",
    szDecimals: 5,
    tickSize: 1,
    basePrice: 70_000,
    typicalQty: 0.05,
  },
  {
    account: "linear",
    coin: "ETH",
    base: "ETH",
    quote: "USDC",
    szDecimals: 4,
    tickSize: 0.1,
    basePrice: 2_500,
    typicalQty: 0.5,
  },
  {
    account: "spot",
    coin: "PURR/USDC",
    base: "PURR",
    quote: "USDC",
    szDecimals: 0,
    tickSize: 0.00001,
    basePrice: 0.2,
    typicalQty: 500,
    pairIndex: 0,
    tokenIndex: 1,
  },
  {
    account: "spot",
    coin: "@107",
    base: "HYPE",
    quote: "USDC",
    szDecimals: 2,
    tickSize: 0.001,
    basePrice: 25,
    typicalQty: 10,
    pairIndex: 107,
    tokenIndex: 150,
  },
];

export interface HyperliquidMarkets {
  coin(name: string, account?: SimAccount): HyperliquidCoin | undefined;
  coins(account?: SimAccount): readonly HyperliquidCoin[];
  marketOf(name: string): SimMarket | undefined;
  started(): Array<{ coin: HyperliquidCoin; market: SimMarket }>;
  /** The first trade id of a coin (tids are unique across assets on HyperLiquid). */
  firstTradeIdOf(name: string): number;
}

export function createHyperliquidMarkets(simSeed: number, tickMs: number): HyperliquidMarkets {
  const table = new Map(COINS.map((coin) => [coin.coin, coin]));
  const markets = new Map<string, { coin: HyperliquidCoin; market: SimMarket }>();
  const firstTradeIdOf = (name: string) =>
    600_000_000_000_000 + (hashParts(simSeed, "hyperliquid", name) % 1_000_000) * 1_000_000;
  return {
    coin: (name, account) => {
      const coin = table.get(name);
      return coin && (account === undefined || coin.account === account) ? coin : undefined;
    },
    coins: (account) => COINS.filter((coin) => account === undefined || coin.account === account),
    marketOf(name) {
      const existing = markets.get(name);
      if (existing) return existing.market;
      const coin = table.get(name);
      if (!coin) return undefined;
      const tradeId = firstTradeIdOf(name);
      const market = createMarket(
        {
          symbol: coin.coin,
          basePrice: coin.basePrice,
          tickSize: coin.tickSize,
          stepSize: 10 ** -coin.szDecimals,
          typicalQty: coin.typicalQty,
          updateIdStyle: "contiguous",
          firstUpdateId: 1,
          firstTradeId: tradeId,
          firstAggTradeId: tradeId,
          hasLiquidations: false,
          openInterestQty: coin.account === "linear" ? 20_000 : undefined,
        },
        simSeed,
        Date.now(),
        1000 / tickMs,
      );
      markets.set(name, { coin, market });
      return market;
    },
    started: () => [...markets.values()],
    firstTradeIdOf,
  };
}

function decimalsOf(step: number): number {
  const text = step.toFixed(12).replace(/0+$/, "");
  return text.includes(".") ? text.length - text.indexOf(".") - 1 : 0;
}

/** A price as HyperLiquid writes it: the tick's decimals, whole perpetual prices with `.0` (`69997.0`). */
export function priceText(coin: HyperliquidCoin, ticks: number): string {
  const decimals = decimalsOf(coin.tickSize);
  const text = (ticks * coin.tickSize).toFixed(decimals);
  return decimals === 0 ? `${text}.0` : text;
}

export function sizeText(coin: HyperliquidCoin, steps: number): string {
  return (steps * 10 ** -coin.szDecimals).toFixed(coin.szDecimals);
}

export function describeMeta(markets: HyperliquidMarkets): Record<string, unknown> {
  return {
    universe: markets
      .coins("linear")
      .map((coin) => ({ name: coin.coin, szDecimals: coin.szDecimals, maxLeverage: 40, marginTableId: 40 })),
    marginTables: [],
    collateralToken: 0,
  };
}

export function describeSpotMeta(markets: HyperliquidMarkets): Record<string, unknown> {
  const spots = markets.coins("spot");
  return {
    tokens: [
      {
        name: "USDC",
        szDecimals: 8,
        weiDecimals: 8,
        index: 0,
        tokenId: "0x6d1e7cde53ba9467b783cb7c530ce054",
        isCanonical: true,
      },
      ...spots.map((coin) => ({
        name: coin.base,
        szDecimals: coin.szDecimals,
        weiDecimals: 8,
        index: coin.tokenIndex,
        tokenId: `0x${(coin.tokenIndex ?? 0).toString(16).padStart(32, "0")}`,
        isCanonical: coin.pairIndex === 0,
      })),
    ],
    universe: spots.map((coin) => ({
      name: coin.coin,
      tokens: [coin.tokenIndex, 0],
      index: coin.pairIndex,
      isCanonical: coin.pairIndex === 0,
    })),
  };
}
