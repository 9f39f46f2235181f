// MEXC symbol rules: spot `BTCUSDT` (no separator, split by quote suffix), futures `BTC_USDT` (USDT/USDC-margined,
// linear) and `BTC_USD` (coin-margined, inverse). Used when no instrument list is at hand; the list wins when known.

import {
  type Account,
  COMMON_QUOTES,
  formatCanonical,
  type SymbolParts,
  splitByQuoteSuffix,
} from "../../core/index.ts";
import type { ExchangeSymbols } from "../_shared/adapter.ts";

/** Quote assets MEXC spot lists beyond the common ones; only a fallback, exchangeInfo names both assets. */
export const MEXC_SPOT_QUOTES: readonly string[] = [...COMMON_QUOTES, "USD1", "USDQ"];

const FUTURES_RE = /^([A-Z0-9]+)_([A-Z0-9]+)$/;

/** Canonical parts (settle filled in for derivatives) → MEXC native symbol. */
export function toMexcNative(parts: SymbolParts, account: Account): string {
  const base = parts.base.toUpperCase();
  const quote = parts.quote.toUpperCase();
  return account === "spot" ? `${base}${quote}` : `${base}_${quote}`;
}

/** MEXC native → canonical parts by naming rules alone; undefined when the name does not fit the account. */
export function fromMexcNative(native: string, account: Account): SymbolParts | undefined {
  const upper = native.trim().toUpperCase();
  if (account === "spot")
    return /^[A-Z0-9]+$/.test(upper) ? splitByQuoteSuffix(upper, MEXC_SPOT_QUOTES) : undefined;
  const match = FUTURES_RE.exec(upper);
  if (!match) return undefined;
  const base = match[1]!;
  const quote = match[2]!;
  // Coin-margined contracts are quoted in USD and settle in the base; USDT/USDC contracts settle in the quote.
  if (account === "inverse") return quote === "USD" ? { base, quote, settle: base } : undefined;
  if (account === "linear") return quote === "USD" ? undefined : { base, quote, settle: quote };
  return undefined;
}

/** Canonical symbol text of a native one, or undefined (the hub then falls back to the instrument list). */
export function canonicalOfMexcNative(native: string, account: Account): string | undefined {
  const parts = fromMexcNative(native, account);
  return parts ? formatCanonical(parts) : undefined;
}

export const mexcSymbols: ExchangeSymbols = {
  toNative: toMexcNative,
  fromNative: fromMexcNative,
};
