// Bitstamp symbol rules: canonical <-> native for spot (`BTC/USD` <-> `btcusd`) and the USD-settled linear
// perpetuals (`BTC/USD:USD` <-> `btcusd-perp`). Natives are lower case on the wire; the instrument list wins when known.

import { type Account, formatCanonical, type SymbolParts, splitByQuoteSuffix } from "../../core/index.ts";
import type { ExchangeSymbols } from "../_shared/adapter.ts";

/**
 * Counter currencies Bitstamp quotes in, longest first so that `usdcusdt` splits as USDC/USDT and `usdteur` as
 * USDT/EUR. Rare ones (PYUSD, GUSD) are left out on purpose: `dogusd` must not read as DO/GUSD. Only a fallback:
 * `/api/v2/markets/` names base and counter currency for every market.
 */
export const BITSTAMP_QUOTES: readonly string[] = ["USDT", "USDC", "USD", "EUR", "GBP", "BTC", "ETH"];

/** The suffix Bitstamp gives its perpetual markets (`btcusd-perp`). */
export const BITSTAMP_PERP_SUFFIX = "-perp";

/** The account a native belongs to: perpetuals carry `-perp`, everything else is spot. */
export function bitstampAccountOfNative(native: string): "spot" | "linear" {
  return native.trim().toLowerCase().endsWith(BITSTAMP_PERP_SUFFIX) ? "linear" : "spot";
}

/** Canonical parts (settle filled in for perpetuals) → Bitstamp native, lower case. */
export function toBitstampNative(parts: SymbolParts, account: Account): string {
  const pair = `${parts.base}${parts.quote}`.toLowerCase();
  return account === "linear" ? `${pair}${BITSTAMP_PERP_SUFFIX}` : pair;
}

/** Bitstamp native → canonical parts by naming rules alone; undefined when the name does not fit the account. */
export function fromBitstampNative(native: string, account: Account): SymbolParts | undefined {
  const lower = native.trim().toLowerCase();
  if (account !== "spot" && account !== "linear") return undefined;
  if (bitstampAccountOfNative(lower) !== account) return undefined;
  const core = account === "linear" ? lower.slice(0, -BITSTAMP_PERP_SUFFIX.length) : lower;
  if (!/^[a-z0-9]+$/.test(core)) return undefined;
  const pair = splitByQuoteSuffix(core, BITSTAMP_QUOTES);
  if (!pair) return undefined;
  // The perpetuals are margined and settled in their counter currency (USD) and quoted in base units.
  return account === "linear" ? { ...pair, settle: pair.quote } : pair;
}

/** Canonical symbol text of a native one, or undefined when the naming rules cannot split it. */
export function canonicalOfNative(native: string, account: Account): string | undefined {
  const parts = fromBitstampNative(native, account);
  return parts ? formatCanonical(parts) : undefined;
}

export const bitstampSymbols: ExchangeSymbols = {
  toNative: toBitstampNative,
  fromNative: fromBitstampNative,
};
