// KuCoin symbol rules: spot `BTC-USDT`; futures name BTC `XBT` and end in `M` — USDT- or USDC-margined `XBTUSDTM`,
// coin-margined `XBTUSDM`. Used when no instrument list is at hand; the list (contracts/active) wins when known.

import { type Account, formatCanonical, type SymbolParts, splitByQuoteSuffix } from "../../core/index.ts";
import type { ExchangeSymbols } from "../_shared/adapter.ts";

/** Futures name bitcoin XBT; every other coin keeps its code. */
export function toKucoinCoin(coin: string): string {
  const upper = coin.toUpperCase();
  return upper === "BTC" ? "XBT" : upper;
}

export function fromKucoinCoin(coin: string): string {
  const upper = coin.toUpperCase();
  return upper === "XBT" ? "BTC" : upper;
}

/** Quotes of the USDⓈ-margined (linear) contracts. */
const LINEAR_QUOTES = ["USDT", "USDC"] as const;

/** Futures month codes (F = January … Z = December), for the naming of dated contracts (`XBTMH25`). */
const MONTH_CODES = "FGHJKMNQUVXZ";

/**
 * Canonical parts (settle filled in for derivatives) → KuCoin native. Dated contracts are named by month code only
 * (`XBTMH25`): that guess is what the rules can do; the instrument list, matched by canonical name, decides.
 */
export function toKucoinNative(parts: SymbolParts, account: Account): string {
  if (account === "spot") return `${parts.base}-${parts.quote}`.toUpperCase();
  const base = toKucoinCoin(parts.base);
  if (parts.expiry) {
    const month = MONTH_CODES[Number(parts.expiry.slice(2, 4)) - 1] ?? "";
    return `${base}M${month}${parts.expiry.slice(0, 2)}`;
  }
  return `${base}${toKucoinCoin(parts.quote)}M`;
}

/** KuCoin native → canonical parts by naming rules alone; undefined when the name does not fit the account. */
export function fromKucoinNative(native: string, account: Account): SymbolParts | undefined {
  const upper = native.trim().toUpperCase();
  if (account === "spot") {
    const match = /^([A-Z0-9]+)-([A-Z0-9]+)$/.exec(upper);
    return match ? { base: match[1]!, quote: match[2]! } : undefined;
  }
  if (!upper.endsWith("M") || upper.includes("-")) return undefined;
  const pair = upper.slice(0, -1);
  if (account === "linear") {
    const split = splitByQuoteSuffix(pair, LINEAR_QUOTES);
    if (!split) return undefined;
    return { base: fromKucoinCoin(split.base), quote: split.quote, settle: split.quote };
  }
  if (account === "inverse") {
    // Coin-margined contracts are quoted in USD and settle in their base coin.
    if (!pair.endsWith("USD") || pair.length <= 3) return undefined;
    const base = fromKucoinCoin(pair.slice(0, -3));
    return { base, quote: "USD", settle: base };
  }
  return undefined;
}

/** Canonical symbol text of a native one, or undefined (the hub then falls back to the instrument list). */
export function canonicalOfKucoinNative(native: string, account: Account): string | undefined {
  const parts = fromKucoinNative(native, account);
  return parts ? formatCanonical(parts) : undefined;
}

export const kucoinSymbols: ExchangeSymbols = {
  toNative: toKucoinNative,
  fromNative: fromKucoinNative,
};
