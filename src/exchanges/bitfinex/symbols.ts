// Bitfinex symbol rules: spot `tBTCUSD` (`tAVAX:USD` once a side has more than three letters), perpetuals
// `tBTCF0:USTF0` (linear, settled in the quote), and Bitfinex's own currency codes (UST = USDT …) both ways.
// Used when no instrument list is at hand; the list (with the venue's currency map) wins when known.

import { type Account, formatCanonical, type SymbolParts } from "../../core/index.ts";
import type { ExchangeSymbols } from "../_shared/adapter.ts";

/**
 * Bitfinex currency code → the common name, for codes that differ. A fallback only: the instrument list carries
 * the venue's full map (`pub:map:currency:sym`). These are stable, long-listed codes.
 */
const BITFINEX_CURRENCY_NAMES: Readonly<Record<string, string>> = {
  UST: "USDT",
  EUT: "EURT",
  UDC: "USDC",
  TSD: "TUSD",
  DSH: "DASH",
  IOT: "IOTA",
  QTM: "QTUM",
  MNA: "MANA",
  ALG: "ALGO",
  ATO: "ATOM",
  STJ: "STORJ",
  DAT: "DATA",
};

const COMMON_TO_BITFINEX: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(BITFINEX_CURRENCY_NAMES).map(([code, name]) => [name, code]),
);

/** `tBTCF0:USTF0`: a perpetual, base and margin currency each suffixed `F0`. */
const PERPETUAL_RE = /^t([A-Z0-9]+)F0:([A-Z0-9]+)F0$/;
const SPOT_COLON_RE = /^t([A-Z0-9]+):([A-Z0-9]+)$/;
const SPOT_SIX_RE = /^t([A-Z0-9]{3})([A-Z0-9]{3})$/;

/** The common name of a Bitfinex currency code (`UST` → `USDT`); `names` (the venue's map) wins over the built-ins. */
export function commonCurrencyOf(code: string, names?: ReadonlyMap<string, string>): string {
  const upper = code.toUpperCase();
  return names?.get(upper) ?? BITFINEX_CURRENCY_NAMES[upper] ?? upper;
}

/** The Bitfinex code of a currency (`USDT` → `UST`). */
export function bitfinexCurrencyOf(name: string): string {
  const upper = name.toUpperCase();
  return COMMON_TO_BITFINEX[upper] ?? upper;
}

/** True for a perpetual's native symbol (`tBTCF0:USTF0`), which belongs to the linear account. */
export function isPerpetualNative(native: string): boolean {
  return PERPETUAL_RE.test(native);
}

/** A pair from the config lists (`BTCUSD`, `AVAX:USD`, `BTCF0:USTF0`, no `t`) → its native symbol. */
export function nativeOfListedPair(pair: string): string {
  return `t${pair}`;
}

/** Canonical parts (settle filled in for derivatives) → Bitfinex native symbol. */
export function toBitfinexNative(parts: SymbolParts, account: Account): string {
  const base = bitfinexCurrencyOf(parts.base);
  const quote = bitfinexCurrencyOf(parts.quote);
  // Perpetuals always use the colon form, margined in the quote currency.
  if (account !== "spot") return `t${base}F0:${quote}F0`;
  return base.length > 3 || quote.length > 3 ? `t${base}:${quote}` : `t${base}${quote}`;
}

/**
 * Bitfinex native → canonical parts by the naming rules alone; undefined when the name does not fit the account.
 * Without a colon a spot pair is always three letters a side, so the split is certain.
 */
export function fromBitfinexNative(
  native: string,
  account: Account,
  names?: ReadonlyMap<string, string>,
): SymbolParts | undefined {
  const text = native.trim();
  const perpetual = PERPETUAL_RE.exec(text);
  if (account === "linear") {
    if (!perpetual) return undefined;
    const quote = commonCurrencyOf(perpetual[2]!, names);
    return { base: commonCurrencyOf(perpetual[1]!, names), quote, settle: quote };
  }
  if (account !== "spot" || perpetual) return undefined;
  const pair = SPOT_COLON_RE.exec(text) ?? SPOT_SIX_RE.exec(text);
  if (!pair) return undefined;
  return { base: commonCurrencyOf(pair[1]!, names), quote: commonCurrencyOf(pair[2]!, names) };
}

/** Canonical symbol text of a native one, or undefined (the hub then falls back to the instrument list). */
export function canonicalOfNative(native: string, account: Account): string | undefined {
  const parts = fromBitfinexNative(native, account);
  return parts ? formatCanonical(parts) : undefined;
}

export const bitfinexSymbols: ExchangeSymbols = {
  toNative: toBitfinexNative,
  fromNative: (native, account) => fromBitfinexNative(native, account),
};
