// Crypto.com Exchange instrument names ↔ canonical symbols. The name says the market: `BTC_USDT` spot, `BTCUSD-PERP`
// perpetual and `BTCUSD-261225` dated future (both USD-margined: linear, settled in USD), `BTCUSD-INDEX` an index.

import { type Account, Dig3Error, formatCanonical, type SymbolParts } from "../../core/index.ts";
import type { ExchangeSymbols } from "../_shared/adapter.ts";

const ASSET = "[A-Z0-9]+";
const SPOT_RE = new RegExp(`^(${ASSET})_(${ASSET})$`);
/** `BTCUSD-PERP`, `BTCUSD-261225` (YYMMDD), `BTCUSD-INDEX`: the pair is written without a separator. */
const DERIVATIVE_RE = new RegExp(`^(${ASSET})-(PERP|INDEX|\\d{6})$`);
/**
 * Quotes tried, longest first, when a derivative name must be split without the instrument list. Every derivative
 * Crypto.com lists is quoted in USD; the stablecoins come first so that a `BTCUSDT-PERP`, should one be listed,
 * reads as BTC/USDT rather than BTCUSDT/USD.
 */
const DERIVATIVE_QUOTES = ["USDT", "USDC", "USD"] as const;

/** What an instrument name says about its market; undefined for names outside these forms. */
export interface CryptocomName {
  /** `index` for `…-INDEX` underlyings, which are no tradable market. */
  kind: "spot" | "perpetual" | "future" | "index";
  base: string;
  quote: string;
  /** YYMMDD of a dated future. */
  expiry?: string;
}

/** Reads an instrument name by Crypto.com's naming alone (case-insensitive). */
export function readCryptocomName(native: string): CryptocomName | undefined {
  const name = native.trim().toUpperCase();
  const spot = SPOT_RE.exec(name);
  if (spot) return { kind: "spot", base: spot[1]!, quote: spot[2]! };
  const derivative = DERIVATIVE_RE.exec(name);
  if (!derivative) return undefined;
  const [, pair, tenor] = derivative;
  const quote = DERIVATIVE_QUOTES.find((q) => pair!.length > q.length && pair!.endsWith(q));
  if (!quote) return undefined;
  const base = pair!.slice(0, -quote.length);
  if (tenor === "PERP") return { kind: "perpetual", base, quote };
  if (tenor === "INDEX") return { kind: "index", base, quote };
  return { kind: "future", base, quote, expiry: tenor! };
}

/** The account a tradable name belongs to; undefined for indexes and unknown forms. */
export function accountOfCryptocomName(name: CryptocomName): Account | undefined {
  if (name.kind === "spot") return "spot";
  if (name.kind === "perpetual" || name.kind === "future") return "linear";
  return undefined;
}

/** Canonical parts of a name: derivatives settle in their quote (USD), dated futures carry the expiry. */
export function partsOfCryptocomName(name: CryptocomName): SymbolParts {
  const parts: SymbolParts = { base: name.base, quote: name.quote };
  if (name.kind === "perpetual" || name.kind === "future") parts.settle = name.quote;
  if (name.expiry) parts.expiry = name.expiry;
  return parts;
}

/** Market and canonical symbol of a native name, by naming rules alone. */
export function describeCryptocomNative(native: string): { account: Account; symbol: string } | undefined {
  const name = readCryptocomName(native);
  const account = name ? accountOfCryptocomName(name) : undefined;
  return name && account ? { account, symbol: formatCanonical(partsOfCryptocomName(name)) } : undefined;
}

/**
 * The index a derivative is marked against (`BTCUSD-PERP`, `BTCUSD-261225` → `BTCUSD-INDEX`), as the instrument
 * list's `underlying_symbol` names it; undefined for spot pairs, which have none.
 */
export function underlyingIndexOf(native: string): string | undefined {
  const name = readCryptocomName(native);
  if (!name || (name.kind !== "perpetual" && name.kind !== "future")) return undefined;
  return `${name.base}${name.quote}-INDEX`;
}

/**
 * Canonical parts (settle filled in) → instrument name. Derivatives are quoted, margined and settled in USD only,
 * so `BTC/USD:USD` is the perpetual; a USDT-quoted contract does not exist and is refused rather than silently
 * mapped to the USD one (its events would carry a symbol the venue never traded).
 */
export function toCryptocomNative(parts: SymbolParts, account: Account): string {
  const base = parts.base.toUpperCase();
  const quote = parts.quote.toUpperCase();
  switch (account) {
    case "spot":
      return `${base}_${quote}`;
    case "linear": {
      const settle = (parts.settle ?? quote).toUpperCase();
      if (quote !== "USD" || settle !== "USD") {
        throw new Dig3Error(
          "E_UNKNOWN_SYMBOL",
          `crypto.com derivatives are quoted and settled in USD, not ${quote}${settle === quote ? "" : `/${settle}`}`,
          { hint: `write ${base}/USD:USD (${base}USD-PERP), or ${base}/USD:USD-YYMMDD for a dated future` },
        );
      }
      return parts.expiry ? `${base}USD-${parts.expiry}` : `${base}USD-PERP`;
    }
    case "inverse":
    case "option":
      throw new Dig3Error("E_UNKNOWN_SYMBOL", `crypto.com has no ${account} market`, {
        hint: "use --account spot (BTC_USDT) or linear (BTCUSD-PERP)",
      });
  }
}

/** Instrument name → canonical parts for `account`; undefined when the name belongs to another market. */
export function fromCryptocomNative(native: string, account: Account): SymbolParts | undefined {
  const name = readCryptocomName(native);
  if (!name || accountOfCryptocomName(name) !== account) return undefined;
  return partsOfCryptocomName(name);
}

export const cryptocomSymbols: ExchangeSymbols = {
  toNative: toCryptocomNative,
  fromNative: fromCryptocomNative,
};
