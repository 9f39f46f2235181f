// BingX symbol rules: every market names a pair `BASE-QUOTE` with a dash — spot `BTC-USDT` (BTC/USDT), USDT-M and
// USDC-M perpetuals `BTC-USDT` (BTC/USDT:USDT, settled in the quote), Coin-M perpetuals `BTC-USD` (BTC/USD:BTC,
// settled in the base). Used without an instrument list; the list (which names base and settle coin) wins when known.

import { type Account, formatCanonical, type SymbolParts } from "../../core/index.ts";
import type { ExchangeSymbols } from "../_shared/adapter.ts";

/** One dash between two alphanumeric names: `BTC-USDT`, `1000PEPE-USDT`, `NCCOGOLD2USD-USDT`. */
const PAIR_RE = /^([A-Z0-9]+)-([A-Z0-9]+)$/;

/** BingX native → canonical parts by its naming rule; undefined when the name does not fit the account. */
export function fromBingxNative(native: string, account: Account): SymbolParts | undefined {
  const match = PAIR_RE.exec(native.trim().toUpperCase());
  if (!match) return undefined;
  const base = match[1]!;
  const quote = match[2]!;
  switch (account) {
    case "spot":
      return { base, quote };
    case "linear":
      // USDT-M and USDC-M perpetuals settle in their quote; `-USD` pairs are Coin-M.
      return quote === "USD" ? undefined : { base, quote, settle: quote };
    case "inverse":
      return quote === "USD" ? { base, quote, settle: base } : undefined;
    case "option":
      return undefined;
  }
}

/** Canonical parts → BingX native: `BASE-QUOTE` on every market (the settle coin and account do not show). */
export function toBingxNative(parts: SymbolParts, _account: Account): string {
  return `${parts.base.toUpperCase()}-${parts.quote.toUpperCase()}`;
}

/** Canonical symbol text of a native one, or undefined (the hub then falls back to the instrument list). */
export function canonicalOfNative(native: string, account: Account): string | undefined {
  const parts = fromBingxNative(native, account);
  return parts ? formatCanonical(parts) : undefined;
}

export const bingxSymbols: ExchangeSymbols = {
  toNative: toBingxNative,
  fromNative: fromBingxNative,
};
