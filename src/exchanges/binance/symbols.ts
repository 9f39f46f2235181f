// Binance symbol rules: canonical <-> native for spot (`BTCUSDT`), USDⓈ-M (`BTCUSDT`, dated `BTCUSDT_250627`)
// and COIN-M (`BTCUSD_PERP`, dated `BTCUSD_250627`). Used when no instrument list is at hand; the list wins when known.

import {
  type Account,
  COMMON_QUOTES,
  formatCanonical,
  type SymbolParts,
  splitByQuoteSuffix,
} from "../../core/index.ts";
import type { ExchangeSymbols } from "../_shared/adapter.ts";

/**
 * Quote assets Binance spot lists beyond the common ones, tried after them (longest first within each list).
 * Only a fallback: `exchangeInfo` names base and quote for every symbol.
 */
const BINANCE_EXTRA_QUOTES = [
  "IDRT",
  "BIDR",
  "USD1",
  "USDS",
  "JPY",
  "MXN",
  "ARS",
  "ZAR",
  "UAH",
  "PLN",
  "RON",
  "CZK",
  "COP",
  "RUB",
  "XRP",
  "DOGE",
  "TRX",
  "DOT",
] as const;

export const BINANCE_QUOTES: readonly string[] = [...COMMON_QUOTES, ...BINANCE_EXTRA_QUOTES];

/** `_PERP` (COIN-M perpetual) or `_YYMMDD` (a dated future on either futures account). */
const FUTURES_SUFFIX_RE = /^([A-Z0-9]+)_(PERP|\d{6})$/;

/** Canonical parts (settle already filled in for derivatives) → Binance native symbol. */
export function toBinanceNative(parts: SymbolParts, account: Account): string {
  const pair = `${parts.base}${parts.quote}`.toUpperCase();
  if (account === "inverse") return `${pair}_${parts.expiry ?? "PERP"}`;
  if (account === "linear" && parts.expiry) return `${pair}_${parts.expiry}`;
  return pair;
}

/** Binance native → canonical parts, by naming rules alone; undefined when the name does not fit the account. */
export function fromBinanceNative(native: string, account: Account): SymbolParts | undefined {
  const upper = native.trim().toUpperCase();
  if (account === "spot") return splitByQuoteSuffix(upper, BINANCE_QUOTES);

  const suffixed = FUTURES_SUFFIX_RE.exec(upper);
  if (account === "inverse") {
    // COIN-M contracts always carry `_PERP` or `_YYMMDD` and are quoted in USD, margined in the base.
    if (!suffixed) return undefined;
    const pair = splitByQuoteSuffix(suffixed[1]!, ["USD"]);
    if (!pair) return undefined;
    const parts: SymbolParts = { ...pair, settle: pair.base };
    if (suffixed[2] !== "PERP") parts.expiry = suffixed[2]!;
    return parts;
  }
  if (account === "linear") {
    if (suffixed?.[2] === "PERP") return undefined;
    const pair = splitByQuoteSuffix(suffixed ? suffixed[1]! : upper, BINANCE_QUOTES);
    if (!pair) return undefined;
    // USDⓈ-M contracts settle in their quote asset (USDT or USDC).
    const parts: SymbolParts = { ...pair, settle: pair.quote };
    if (suffixed) parts.expiry = suffixed[2]!;
    return parts;
  }
  return undefined;
}

/** Canonical symbol text of a native one, or undefined (the hub then falls back to the instrument list). */
export function canonicalOfNative(native: string, account: Account): string | undefined {
  const parts = fromBinanceNative(native, account);
  return parts ? formatCanonical(parts) : undefined;
}

export const binanceSymbols: ExchangeSymbols = {
  toNative: toBinanceNative,
  fromNative: fromBinanceNative,
};
