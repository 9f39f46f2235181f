// Kraken symbol rules: spot natives are WebSocket v2 names (`BTC/USD`; REST spells the pair `XBTUSD` or
// `XXBTZUSD`), futures natives are product ids (`PF_XBTUSD` linear, `PI_XBTUSD` / `FI_XBTUSD_240927` inverse).
// Canonical symbols always say BTC and DOGE where Kraken's older names say XBT and XDG.

import { type Account, formatCanonical, type SymbolParts, splitByQuoteSuffix } from "../../core/index.ts";
import type { ExchangeSymbols } from "../_shared/adapter.ts";

/** Kraken's legacy asset codes and the names WebSocket v2 and canonical symbols use instead. */
const LEGACY_TO_DISPLAY: Readonly<Record<string, string>> = { XBT: "BTC", XDG: "DOGE" };
const DISPLAY_TO_LEGACY: Readonly<Record<string, string>> = { BTC: "XBT", DOGE: "XDG" };

/** Quotes tried (longest first) when a concatenated REST pair or futures product must be split. */
const SPOT_QUOTES = [
  "USDT",
  "USDC",
  "PYUSD",
  "USD",
  "EUR",
  "GBP",
  "CAD",
  "CHF",
  "JPY",
  "AUD",
  "AED",
  "XBT",
  "BTC",
  "ETH",
  "DAI",
  "DOT",
] as const;
const FUTURES_QUOTES = ["USDT", "USDC", "USD", "EUR", "GBP"] as const;

/** `PF_XBTUSD`, `FF_XBTUSD_240927`, `PI_XBTUSD`, `FI_XBTUSD_240927` (any case). */
const FUTURES_RE = /^(PF|FF|PI|FI)_([A-Z0-9]+?)(?:_(\d{6}))?$/;
/** Legacy REST pair keys: `XXBTZUSD`, `XETHXXBT` (an X- or Z-prefixed 3-letter code on each side). */
const LEGACY_PAIR_RE = /^X([A-Z]{3})([XZ])([A-Z]{3})$/;

export type KrakenFuturesKind = "PF" | "FF" | "PI" | "FI";

/** XBT → BTC, XDG → DOGE; anything else unchanged (upper case). */
export function toDisplayAsset(code: string): string {
  const upper = code.toUpperCase();
  return LEGACY_TO_DISPLAY[upper] ?? upper;
}

/** BTC → XBT, DOGE → XDG: the spelling of REST pairs and futures products. */
export function toLegacyAsset(code: string): string {
  const upper = code.toUpperCase();
  return DISPLAY_TO_LEGACY[upper] ?? upper;
}

/** The account a futures product id belongs to: PF/FF linear (multi-collateral), PI/FI inverse. */
export function accountOfProduct(productId: string): "linear" | "inverse" | undefined {
  const kind = FUTURES_RE.exec(productId.trim().toUpperCase())?.[1];
  if (kind === "PF" || kind === "FF") return "linear";
  if (kind === "PI" || kind === "FI") return "inverse";
  return undefined;
}

/** Canonical parts → WebSocket v2 name (`BTC/USD`). */
export function toSpotNative(parts: SymbolParts): string {
  return `${toDisplayAsset(parts.base)}/${toDisplayAsset(parts.quote)}`;
}

/** WebSocket v2 name → the REST `pair` parameter (`BTC/USD` → `XBTUSD`, Kraken's altname spelling). */
export function toRestPair(native: string): string {
  const parts = fromSpotNative(native);
  if (!parts) return native.replace("/", "").toUpperCase();
  return `${toLegacyAsset(parts.base)}${toLegacyAsset(parts.quote)}`;
}

/**
 * Any spot spelling → canonical parts: WebSocket v2 `BTC/USD`, v1 `XBT/USD`, REST altname `XBTUSD` or legacy key
 * `XXBTZUSD`. Undefined when the name cannot be split.
 */
export function fromSpotNative(native: string): SymbolParts | undefined {
  const upper = native.trim().toUpperCase();
  if (upper.length === 0 || upper.includes("_")) return undefined;
  const slash = upper.split("/");
  if (slash.length === 2) {
    const [base, quote] = slash;
    if (!base || !quote) return undefined;
    return { base: toDisplayAsset(base), quote: toDisplayAsset(quote) };
  }
  if (slash.length > 2) return undefined;
  const legacy = LEGACY_PAIR_RE.exec(upper);
  if (legacy) {
    const [, base, marker, quote] = legacy;
    // `Z` marks a fiat quote (ZUSD); `X` a crypto one (XXBT). Both sides drop the marker.
    if (marker === "Z" || marker === "X")
      return { base: toDisplayAsset(base!), quote: toDisplayAsset(quote!) };
  }
  const split = splitByQuoteSuffix(upper, SPOT_QUOTES);
  if (!split) return undefined;
  // REST keys put a `Z` before fiat quotes of newer-style pairs too (`USDTZUSD`).
  const base = split.base.endsWith("Z") && split.base.length > 3 ? split.base.slice(0, -1) : split.base;
  return { base: toDisplayAsset(base), quote: toDisplayAsset(split.quote) };
}

/** Canonical parts (settle filled in) → futures product id, by the account's contract family. */
export function toFuturesNative(parts: SymbolParts, account: "linear" | "inverse"): string {
  const kind: KrakenFuturesKind =
    account === "linear" ? (parts.expiry ? "FF" : "PF") : parts.expiry ? "FI" : "PI";
  const pair = `${toLegacyAsset(parts.base)}${toLegacyAsset(parts.quote)}`;
  return parts.expiry ? `${kind}_${pair}_${parts.expiry}` : `${kind}_${pair}`;
}

/**
 * Product id → canonical parts, whatever the account: PF/FF settle in the quote (multi-collateral, USD margined),
 * PI/FI in the base (inverse). Undefined for indices (`in_xbtusd`, `rr_xbtusd`) and unknown shapes.
 */
export function fromFuturesNative(native: string): SymbolParts | undefined {
  const match = FUTURES_RE.exec(native.trim().toUpperCase());
  if (!match) return undefined;
  const [, kind, pairText, expiry] = match;
  const pair = splitByQuoteSuffix(pairText!, FUTURES_QUOTES);
  if (!pair) return undefined;
  const base = toDisplayAsset(pair.base);
  const quote = toDisplayAsset(pair.quote);
  const parts: SymbolParts = { base, quote, settle: kind === "PF" || kind === "FF" ? quote : base };
  if (expiry) parts.expiry = expiry;
  return parts;
}

export function toKrakenNative(parts: SymbolParts, account: Account): string {
  if (account === "linear" || account === "inverse") return toFuturesNative(parts, account);
  return toSpotNative(parts);
}

/** Native → canonical parts for one account; a product of the other futures family does not fit. */
export function fromKrakenNative(native: string, account: Account): SymbolParts | undefined {
  if (account === "spot") return fromSpotNative(native);
  if (account !== "linear" && account !== "inverse") return undefined;
  if (accountOfProduct(native) !== account) return undefined;
  return fromFuturesNative(native);
}

/** Canonical text of a native, or undefined (the hub then falls back to the instrument list). */
export function canonicalOfNative(native: string, account: Account): string | undefined {
  const parts = fromKrakenNative(native, account);
  return parts ? formatCanonical(parts) : undefined;
}

export const krakenSymbols: ExchangeSymbols = {
  toNative: toKrakenNative,
  fromNative: fromKrakenNative,
};
