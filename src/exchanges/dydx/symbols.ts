// dYdX v4 market tickers ↔ canonical symbols. Every v4 market is a perpetual quoted in USD and margined/settled in
// USDC: `BTC-USD` ↔ `BTC/USD:USDC` (linear). dYdX v4 has no spot, inverse or option markets.
// Docs: https://docs.dydx.exchange/api_integration-indexer/indexer_api (perpetualMarkets `ticker`)

import type { Account, SymbolParts } from "../../core/index.ts";
import type { ExchangeSymbols } from "../_shared/adapter.ts";

/** Collateral of every v4 perpetual. */
export const DYDX_SETTLE = "USDC";

const TICKER_RE = /^([A-Za-z0-9.]+)-([A-Za-z0-9]+)$/;

export function toDydxNative(parts: SymbolParts, _account: Account): string {
  return `${parts.base}-${parts.quote}`;
}

export function fromDydxNative(native: string, account: Account): SymbolParts | undefined {
  if (account !== "linear") return undefined;
  const match = TICKER_RE.exec(native);
  if (!match) return undefined;
  return { base: match[1]!.toUpperCase(), quote: match[2]!.toUpperCase(), settle: DYDX_SETTLE };
}

/** Canonical symbol text of a ticker, for frames that name markets the live subscriptions do not cover. */
export function canonicalOfDydx(native: string): string {
  const parts = fromDydxNative(native, "linear");
  return parts ? `${parts.base}/${parts.quote}:${DYDX_SETTLE}` : native;
}

export const dydxSymbols: ExchangeSymbols = {
  toNative: toDydxNative,
  fromNative: fromDydxNative,
};
