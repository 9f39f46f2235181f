// Coinbase Advanced Trade symbol rules: spot `BTC-USD` <-> `BTC/USD`; US futures (CDE contracts on the FCM venue)
// `BIT-24APR26-CDE` <-> `BIT/USD:USD-260424`. Used when no product list is at hand; the list wins when known.

import { type Account, Dig3Error, formatCanonical, type SymbolParts } from "../../core/index.ts";
import type { ExchangeSymbols } from "../_shared/adapter.ts";

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] as const;

/**
 * Spot quirk kept visible rather than papered over: "-USDC product IDs other than USDT-USDC and EURC-USDC return the
 * same data as the matching -USD product" on the market-data socket (the books were merged). `BTC/USDC` stays
 * `BTC-USDC` here because REST serves it as its own product; on the socket, subscribe `BTC/USD`.
 */
const SPOT_RE = /^([A-Z0-9]+)-([A-Z0-9]+)$/;
/** `BIT-24APR26-CDE`: contract code, expiry day, month, two-digit year, exchange (Coinbase Derivatives Exchange). */
const CDE_RE = /^([A-Z0-9]+)-(\d{2})([A-Z]{3})(\d{2})-CDE$/;

/**
 * US futures are named by their contract code (`BIT` nano Bitcoin, `BIP` the perpetual-style nano BTC), not by the
 * underlying: the code is what identifies the contract and maps back to the native name without a product list. The
 * underlying (`contract_root_unit`) is the instrument's `base`. All CDE contracts are quoted and settled in USD.
 */
export function fromCoinbaseNative(native: string, account: Account): SymbolParts | undefined {
  const upper = native.trim().toUpperCase();
  if (account === "spot") {
    const spot = SPOT_RE.exec(upper);
    return spot ? { base: spot[1]!, quote: spot[2]! } : undefined;
  }
  if (account === "linear") {
    const cde = CDE_RE.exec(upper);
    if (!cde) return undefined;
    const month = MONTHS.indexOf(cde[3] as (typeof MONTHS)[number]);
    if (month < 0) return undefined;
    const expiry = `${cde[4]}${String(month + 1).padStart(2, "0")}${cde[2]}`;
    return { base: cde[1]!, quote: "USD", settle: "USD", expiry };
  }
  return undefined;
}

/** Canonical parts (settle filled in for derivatives) → Coinbase product id. */
export function toCoinbaseNative(parts: SymbolParts, account: Account): string {
  const base = parts.base.toUpperCase();
  if (account !== "linear") return `${base}-${parts.quote.toUpperCase()}`;
  const expiry = /^(\d{2})(\d{2})(\d{2})$/.exec(parts.expiry ?? "");
  const month = expiry ? MONTHS[Number(expiry[2]) - 1] : undefined;
  if (!expiry || !month || parts.quote.toUpperCase() !== "USD") {
    throw new Dig3Error(
      "E_UNKNOWN_SYMBOL",
      `coinbase linear: '${formatCanonical(parts)}' names no US futures contract`,
      {
        hint: "Coinbase US futures are dated contracts named by code: e.g. BIT-24APR26-CDE or BIT/USD:USD-260424 (see the product list)",
      },
    );
  }
  return `${base}-${expiry[3]}${month}${expiry[1]}-CDE`;
}

/** Canonical symbol text of a native one, or undefined when the name does not fit the account. */
export function canonicalOfNative(native: string, account: Account): string | undefined {
  const parts = fromCoinbaseNative(native, account);
  return parts ? formatCanonical(parts) : undefined;
}

export const coinbaseSymbols: ExchangeSymbols = {
  toNative: toCoinbaseNative,
  fromNative: fromCoinbaseNative,
};
