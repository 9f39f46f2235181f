// HTX symbol rules: canonical <-> native for spot (`BTC/USDT` <-> `btcusdt`, lower case, no separator), USDT-margined
// swaps and futures (`BTC/USDT:USDT` <-> `BTC-USDT`, `BTC/USDT:USDT-250627` <-> `BTC-USDT-250627`) and coin-margined
// swaps (`BTC/USD:BTC` <-> `BTC-USD`). Used when no instrument list is at hand; the list wins when known.

import {
  type Account,
  COMMON_QUOTES,
  formatCanonical,
  type SymbolParts,
  splitByQuoteSuffix,
} from "../../core/index.ts";
import type { ExchangeSymbols } from "../_shared/adapter.ts";

/**
 * Quote currencies HTX spot lists beyond the common ones (`/v2/settings/common/symbols` `qc`). They are tried first
 * (`HUSD` before `USD`, `HTX` before `HT`). Only a fallback: the symbol list names base and quote for every pair.
 */
const HTX_EXTRA_QUOTES = ["USDD", "HUSD", "HTX", "HT", "TRX"] as const;

export const HTX_SPOT_QUOTES: readonly string[] = [...HTX_EXTRA_QUOTES, ...COMMON_QUOTES];

const CURRENCY_RE = /^[A-Z0-9]+$/;
/** `BTC-USDT`, `BTC-USDT-250627` (a USDT-margined future's delivery day, YYMMDD). */
const CONTRACT_RE = /^([A-Z0-9]+)-([A-Z0-9]+)(?:-(\d{6}))?$/;

/** Canonical parts (settle already filled in for derivatives) → HTX native symbol. */
export function toHtxNative(parts: SymbolParts, account: Account): string {
  if (account === "spot") return `${parts.base}${parts.quote}`.toLowerCase();
  const pair = `${parts.base}-${parts.quote}`.toUpperCase();
  return parts.expiry ? `${pair}-${parts.expiry}` : pair;
}

/** HTX native → canonical parts, by naming rules alone; undefined when the name does not fit the account. */
export function fromHtxNative(native: string, account: Account): SymbolParts | undefined {
  const upper = native.trim().toUpperCase();
  if (account === "spot") {
    if (!CURRENCY_RE.test(upper)) return undefined;
    return splitByQuoteSuffix(upper, HTX_SPOT_QUOTES);
  }
  const match = CONTRACT_RE.exec(upper);
  if (!match) return undefined;
  const [, base, quote, expiry] = match as unknown as [string, string, string, string | undefined];
  if (account === "linear") {
    // USDT-margined contracts settle in their quote; `BTC-USD` is a coin-margined code.
    if (quote === "USD") return undefined;
    const parts: SymbolParts = { base, quote, settle: quote };
    if (expiry) parts.expiry = expiry;
    return parts;
  }
  if (account === "inverse") {
    // Coin-margined swaps are quoted in USD and margined in the base; their dated futures (`BTC240628`) live on
    // another API family that dig3 does not connect to.
    if (quote !== "USD" || expiry) return undefined;
    return { base, quote, settle: base };
  }
  return undefined;
}

/** The account a native symbol belongs to by its shape: lower-case pairs are spot, `-USD` codes coin-margined. */
export function accountOfHtxNative(native: string): "spot" | "linear" | "inverse" | undefined {
  const text = native.trim();
  if (fromHtxNative(text, "inverse")) return "inverse";
  if (fromHtxNative(text, "linear")) return "linear";
  if (fromHtxNative(text, "spot")) return "spot";
  return undefined;
}

/** Canonical symbol text of a native one, or undefined (the hub then falls back to the instrument list). */
export function canonicalOfHtxNative(native: string, account: Account): string | undefined {
  const parts = fromHtxNative(native, account);
  return parts ? formatCanonical(parts) : undefined;
}

export const htxSymbols: ExchangeSymbols = {
  toNative: toHtxNative,
  fromNative: fromHtxNative,
};
