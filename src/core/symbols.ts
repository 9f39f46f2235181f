// Canonical symbols: `BTC/USDT` (spot), `BTC/USDT:USDT` (linear perp), `BTC/USD:BTC` (inverse perp),
// `BTC/USDT:USDT-250627` (dated future). Parsing of user input and the quote-suffix split for raw natives.

import type { Account } from "./accounts.ts";

export interface SymbolParts {
  base: string;
  quote: string;
  /** Settle currency for derivatives; absent for spot. */
  settle?: string;
  /** Expiry as YYMMDD for dated futures and options. */
  expiry?: string;
}

/** Quote currencies tried, longest first, when a raw native like `BTCUSDT` must be split without an instrument list. */
export const COMMON_QUOTES = [
  "FDUSD",
  "USDT",
  "USDC",
  "BUSD",
  "TUSD",
  "USDP",
  "USDE",
  "EURI",
  "DAI",
  "USD",
  "EUR",
  "GBP",
  "TRY",
  "BRL",
  "JPY",
  "AUD",
  "BTC",
  "ETH",
  "BNB",
] as const;

const CANONICAL_RE = /^([A-Z0-9]+)\/([A-Z0-9]+)(?::([A-Z0-9]+)(?:-(\d{6}))?)?$/;
const SEPARATED_RE = /^([A-Z0-9]+)[-_ ]([A-Z0-9]+)$/;

/**
 * Parses `BTC/USDT`, `BTC/USDT:USDT`, `BTC-USDT`, `btc_usdt`. Returns undefined for a raw native
 * without separator (`BTCUSDT`), which only a venue's instrument list can split for sure.
 */
export function parseCanonical(text: string): SymbolParts | undefined {
  const upper = text.trim().toUpperCase();
  const canonical = CANONICAL_RE.exec(upper);
  if (canonical) {
    const [, base, quote, settle, expiry] = canonical;
    const parts: SymbolParts = { base: base!, quote: quote! };
    if (settle) parts.settle = settle;
    if (expiry) parts.expiry = expiry;
    return parts;
  }
  const separated = SEPARATED_RE.exec(upper);
  if (separated) return { base: separated[1]!, quote: separated[2]! };
  return undefined;
}

export function formatCanonical(parts: SymbolParts): string {
  const pair = `${parts.base}/${parts.quote}`;
  if (!parts.settle) return pair;
  return parts.expiry ? `${pair}:${parts.settle}-${parts.expiry}` : `${pair}:${parts.settle}`;
}

/** Splits a concatenated native (`BTCUSDT`) by a known quote suffix; undefined when none fits. */
export function splitByQuoteSuffix(
  native: string,
  quotes: readonly string[] = COMMON_QUOTES,
): SymbolParts | undefined {
  const upper = native.toUpperCase();
  for (const quote of quotes) {
    if (upper.length > quote.length && upper.endsWith(quote)) {
      return { base: upper.slice(0, -quote.length), quote };
    }
  }
  return undefined;
}

/**
 * Fills in the settle currency a derivative account implies when the user wrote only `BTC/USDT`:
 * linear settles in the quote, inverse in the base; spot never has one.
 */
export function withAccountSettle(parts: SymbolParts, account: Account): SymbolParts {
  if (account === "spot") {
    const { settle: _settle, expiry: _expiry, ...spot } = parts;
    return spot;
  }
  if (parts.settle) return parts;
  return { ...parts, settle: account === "inverse" ? parts.base : parts.quote };
}
