// Lighter market names ↔ canonical symbols. Every channel and REST call names a market by its numeric market_id
// ("1"), which only the instrument list (`GET /api/v1/orderBooks`) maps to a name: perpetuals are named by their
// coin (`BTC`) and settle in USDC (`BTC` ↔ `BTC/USDC:USDC`); spot markets by their pair (`ETH/USDC`).
// The docs say "Never hard-code market IDs other than for tests", so there is no static id table: the native of a
// resolved symbol is the market id from the instrument list; without that list only the name can be derived.

import type { Account, SymbolParts } from "../../core/index.ts";
import type { ExchangeSymbols } from "../_shared/adapter.ts";

/** Perpetuals are margined and settled in USDC. */
export const LIGHTER_PERP_QUOTE = "USDC";

const COIN_RE = /^[A-Za-z0-9]+$/;
const PAIR_RE = /^([A-Za-z0-9]+)\/([A-Za-z0-9]+)$/;
const MARKET_ID_RE = /^\d+$/;

/** Whether a native is a market id (what subscriptions and REST calls need) rather than a market name. */
export function isLighterMarketId(native: string): boolean {
  return MARKET_ID_RE.test(native);
}

/** Canonical parts → the venue's market name (`BTC`, `ETH/USDC`); the instrument list turns it into the market id. */
export function toLighterNative(parts: SymbolParts, account: Account): string {
  return account === "spot" ? `${parts.base}/${parts.quote}` : parts.base;
}

/** The venue's market name → canonical parts. Market ids (`1`) need the instrument list and give undefined. */
export function fromLighterNative(native: string, account: Account): SymbolParts | undefined {
  if (isLighterMarketId(native)) return undefined;
  if (account === "spot") {
    const pair = PAIR_RE.exec(native);
    return pair ? { base: pair[1]!.toUpperCase(), quote: pair[2]!.toUpperCase() } : undefined;
  }
  if (account !== "linear" || !COIN_RE.test(native)) return undefined;
  return { base: native.toUpperCase(), quote: LIGHTER_PERP_QUOTE, settle: LIGHTER_PERP_QUOTE };
}

export const lighterSymbols: ExchangeSymbols = {
  toNative: toLighterNative,
  fromNative: fromLighterNative,
};
